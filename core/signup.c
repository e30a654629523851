/*
 * signup.c — the sign-up use case: kinds offered, field checks, commune
 * search, eligibility at once, creation of the organisation « en attente de
 * validation » with its first staff account in one transaction, and the
 * validation by the programme team.
 */
#include "core/signup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/geo.h"
#include "core/core.h"
#include "core/ident.h"
#include "core/org.h"
#include "core/preorder-usecase.h"
#include "core/uc-fs.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store.h"

static const enum org_kind offered[] = {
	ORG_COMMUNE, ORG_COMMUNAUTE_COMMUNES, ORG_COMMUNAUTE_AGGLO, ORG_COMMUNAUTE_URBAINE,
	ORG_METROPOLE, ORG_DEPARTEMENT, ORG_REGION, ORG_SYNDICAT, ORG_FRANCE_SERVICES,
	ORG_ASSOCIATION, ORG_CCAS, ORG_MISSION_LOCALE, ORG_ENTREPRISE, ORG_CHAMBRE_CONSULAIRE,
	ORG_CHAMBRE_AGRICULTURE,
};

const enum org_kind *signup_kinds(size_t *n)
{
	*n = ARRAY_LEN(offered);
	return offered;
}

const char *org_status_label(enum org_status s)
{
	switch (s) {
	case ORG_PENDING: return "en attente de validation";
	case ORG_VALIDATED: return "validée";
	case ORG_REFUSED: return "refusée";
	case ORG_STATUS_COUNT: break;
	}
	return "inconnu";
}

int signup_kind_check(enum org_kind kind, char **why)
{
	if (kind == ORG_FRANCE_SERVICES || org_kind_is_collectivite(kind))
		return RC_OK;
	if (org_kind_is_refused(kind))
		return fail(why, RC_DENIED, "Une organisation de type « %s » n'est pas éligible au "
		                            "dispositif : aucun compte ne peut être créé. %s",
		            org_kind_label(kind), org_refused_advice());
	if (kind == ORG_KIND_NONE || (unsigned)kind >= ORG_KIND_COUNT)
		return fail(why, RC_INVALID, "Choisissez le type de votre organisation.");
	return fail(why, RC_INVALID, "Les comptes de type « %s » sont créés par l'équipe du "
	                             "programme, pas par cette inscription.", org_kind_label(kind));
}

int signup_siret_check(const char *siret, char siren[10], char **why)
{
	char *inner = NULL;
	int rc;

	if (siret == NULL || siret[0] == '\0')
		return fail(why, RC_INVALID, "Indiquez le SIRET de l'organisation (14 chiffres).");
	if ((rc = siret_check(siret, &inner)) != RC_OK) {
		rc = fail(why, RC_INVALID, "SIRET : %s", inner != NULL ? inner : "invalide.");
		free(inner);
		return rc;
	}
	if (siren != NULL) {
		memcpy(siren, siret, 9);
		siren[9] = '\0';
	}
	return RC_OK;
}

int signup_email_check(const char *email, char **why)
{
	const char *at, *dot;
	size_t n;

	if (email == NULL || email[0] == '\0')
		return fail(why, RC_INVALID, "Indiquez l'adresse électronique du contact.");
	n = strlen(email);
	if (n > EMAIL_MAX)
		return fail(why, RC_INVALID, "Adresse électronique trop longue (%d caractères au "
		                             "plus).", EMAIL_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)email[i];

		if (ch <= 0x20 || ch >= 0x7f || ch == '"' || ch == '(' || ch == ')' || ch == ',' ||
		    ch == ';' || ch == ':' || ch == '<' || ch == '>' || ch == '[' || ch == ']' ||
		    ch == '\\')
			return fail(why, RC_INVALID, "Adresse électronique invalide : caractère "
			                             "non permis (espaces, accents et ponctuation "
			                             "spéciale exclus).");
	}
	at = strchr(email, '@');
	if (at == NULL || at == email || strchr(at + 1, '@') != NULL)
		return fail(why, RC_INVALID, "Adresse électronique invalide : attendu "
		                             "nom@domaine.fr.");
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strstr(at, "..") != NULL ||
	    email[n - 1] == '.')
		return fail(why, RC_INVALID, "Adresse électronique invalide : le domaine après "
		                             "« @ » doit être de la forme domaine.fr.");
	return RC_OK;
}

int signup_phone_check(const char *phone, char **why)
{
	char digits[PHONE_MAX + 1];
	size_t nd = 0, n;
	bool intl;

	if (phone == NULL || phone[0] == '\0')
		return fail(why, RC_INVALID, "Indiquez le téléphone du contact.");
	n = strlen(phone);
	if (n > PHONE_MAX)
		return fail(why, RC_INVALID, "Téléphone trop long (%d caractères au plus).",
		            PHONE_MAX);
	intl = phone[0] == '+';
	for (size_t i = intl ? 1 : 0; i < n; i++) {
		char ch = phone[i];

		if (ch >= '0' && ch <= '9') {
			digits[nd++] = ch;
		} else if ((ch == ' ' || ch == '.' || ch == '-') && nd > 0 && i + 1 < n &&
		           phone[i + 1] >= '0' && phone[i + 1] <= '9') {
			continue;
		} else {
			return fail(why, RC_INVALID, "Téléphone invalide : chiffres seulement "
			                             "(espaces, points ou tirets permis entre eux).");
		}
	}
	digits[nd] = '\0';
	if (intl) {
		if (nd != 11 || strncmp(digits, "33", 2) != 0 || digits[2] == '0')
			return fail(why, RC_INVALID, "Téléphone invalide : au format international, "
			                             "+33 suivi de 9 chiffres.");
		return RC_OK;
	}
	if (nd != 10 || digits[0] != '0' || digits[1] == '0')
		return fail(why, RC_INVALID, "Téléphone invalide : 10 chiffres commençant par 0 "
		                             "(par exemple 05 55 12 34 56).");
	return RC_OK;
}

int signup_name_check(const char *name, char **why)
{
	int rc;

	if ((rc = text_check("Nom de l'organisation", name, 2, ORG_NAME_MAX, false, why)) != RC_OK)
		return rc;
	if (strlen(name) > ORG_NAME_MAX)
		return fail(why, RC_INVALID, "Nom de l'organisation trop long.");
	return RC_OK;
}

int signup_contact_check(const struct contact *c, char **why)
{
	int rc;

	if ((rc = text_check("Nom du contact", c->name, 2, PERSON_MAX, false, why)) != RC_OK)
		return rc;
	if ((rc = text_check("Fonction du contact", c->function, 2, PERSON_MAX, false, why)) !=
	    RC_OK)
		return rc;
	if (strlen(c->name) > PERSON_MAX || strlen(c->function) > PERSON_MAX)
		return fail(why, RC_INVALID, "Nom ou fonction du contact trop long.");
	if ((rc = signup_email_check(c->email, why)) != RC_OK)
		return rc;
	return signup_phone_check(c->phone, why);
}

/* ---- communes ---- */

struct find_ctx {
	struct signup_commune *out;
	size_t max;
	size_t n;
};

static int find_one(const struct geo_commune *c, void *ctx)
{
	struct find_ctx *f = ctx;
	struct signup_commune *s;

	if (c->kind != GEO_COMMUNE)
		return 0;
	if (f->n >= f->max)
		return 1;
	s = &f->out[f->n++];
	memset(s, 0, sizeof *s);
	strlcpy_(s->insee, c->insee, sizeof s->insee);
	strlcpy_(s->name, c->name, sizeof s->name);
	strlcpy_(s->dept, c->dep, sizeof s->dept);
	if (c->n_postcodes > 0)
		strlcpy_(s->postcode, c->postcodes[0], sizeof s->postcode);
	return 0;
}

int signup_find_communes(struct store *st, const char *query, struct signup_commune *out,
                         size_t max, size_t *n, char **why)
{
	struct store_txn *txn = NULL;
	struct find_ctx f = { .out = out, .max = max < SIGNUP_COMMUNES_MAX ? max
	                                                                      : SIGNUP_COMMUNES_MAX };
	char *trimmed = NULL;
	size_t len;
	int rc;

	*n = 0;
	if (query == NULL || (len = strlen(query)) > SIGNUP_QUERY_MAX)
		return fail(why, RC_INVALID, "Recherche trop longue.");
	if (text_check("Recherche", query, 0, SIGNUP_QUERY_MAX, false, why) != RC_OK)
		return RC_INVALID;
	while (*query == ' ')
		query++;
	trimmed = xstrdup(query);
	for (len = strlen(trimmed); len > 0 && trimmed[len - 1] == ' '; len--)
		trimmed[len - 1] = '\0';
	if (utf8_len(trimmed) < 2) {
		rc = fail(why, RC_INVALID, "Tapez au moins 2 lettres du nom ou le code postal.");
		goto out;
	}
	if ((rc = store_begin(st, false, &txn)) != RC_OK) {
		rc = fail(why, rc, "Base de données indisponible.");
		goto out;
	}
	if (geo_postcode_valid(trimmed))
		rc = db_geo_by_postcode(txn, trimmed, find_one, &f);
	else
		rc = db_geo_by_name_prefix(txn, trimmed, DB_GEO_RESULTS_MAX, find_one, &f);
	if (rc == 1)
		rc = RC_OK;
	if (rc != RC_OK) {
		rc = fail(why, rc, "La recherche de communes a échoué.");
		goto out;
	}
	*n = f.n;
	rc = RC_OK;
out:
	store_abort(txn);
	free(trimmed);
	return rc;
}

/* ---- eligibility ---- */

/*
 * Eligibility of the organisation being signed up: the facts of a stored
 * organisation (uc_default_facts) for one that has kind, SIREN, commune
 * and picked spaces, its département taken from the commune.
 */
static int eligibility_in(struct store_txn *txn, enum org_kind kind, const char *siren,
                          const char *insee, const struct org_fs *fs, size_t nfs,
                          struct eligibility *out)
{
	struct org *o = xcalloc(1, sizeof *o);
	struct geo_commune *c = xmalloc(sizeof *c);
	struct zone_facts f;
	int rc;

	memset(&f, 0, sizeof f);
	o->kind = kind;
	strlcpy_(o->siren, siren != NULL ? siren : "", sizeof o->siren);
	strlcpy_(o->insee, insee != NULL ? insee : "", sizeof o->insee);
	if (insee != NULL && db_geo_get(txn, insee, c) == RC_OK)
		strlcpy_(o->dept, c->dep, sizeof o->dept);
	for (size_t i = 0; i < nfs && i < ORG_FS_MAX; i++)
		o->fs[o->nfs++] = fs[i];
	if ((rc = uc_default_facts(txn, o, &f, NULL)) == RC_OK)
		eligibility_decide(kind, insee, &f, out);
	db_zone_facts_clear(&f);
	free(c);
	free(o);
	return rc;
}

int signup_eligibility_picked(struct store *st, enum org_kind kind, const char *siren,
                              const char *insee, const struct org_fs *fs, size_t nfs,
                              struct eligibility *out, char **why)
{
	struct store_txn *txn = NULL;
	int rc;

	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	rc = eligibility_in(txn, kind, siren, insee, fs, nfs, out);
	store_abort(txn);
	if (rc != RC_OK)
		return fail(why, rc, "Les listes de référence sont illisibles.");
	return RC_OK;
}

int signup_eligibility(struct store *st, enum org_kind kind, const char *siren,
                       const char *insee, const char *name, struct eligibility *out,
                       char **why)
{
	(void)name;
	return signup_eligibility_picked(st, kind, siren, insee, NULL, 0, out, why);
}

/* ---- creation ---- */

static int check_form(const struct signup_form *f, char siren[10], char **key, char **why)
{
	int rc;

	if ((rc = signup_kind_check(f->kind, why)) != RC_OK)
		return rc;
	if ((rc = signup_siret_check(f->siret, siren, why)) != RC_OK)
		return rc;
	if (f->insee == NULL || f->insee[0] == '\0')
		return fail(why, RC_INVALID, "Choisissez la commune du siège.");
	if ((rc = insee_check(f->insee, why)) != RC_OK)
		return rc;
	if ((rc = signup_name_check(f->name, why)) != RC_OK)
		return rc;
	if ((rc = signup_contact_check(&f->contact, why)) != RC_OK)
		return rc;
	if ((rc = account_login_check(f->login, why)) != RC_OK)
		return rc;
	if (f->reserved_login != NULL && strcmp(f->login, f->reserved_login) == 0)
		return fail(why, RC_INVALID, "L'identifiant « %s » est réservé : choisissez-en "
		                             "un autre.", f->login);
	if ((rc = password_policy_check(f->password, why)) != RC_OK)
		return rc;
	if (f->confirm == NULL || strcmp(f->password, f->confirm) != 0)
		return fail(why, RC_INVALID, "Les deux mots de passe ne sont pas identiques.");
	if (f->key_line != NULL && f->key_line[0] != '\0' &&
	    (rc = sshkey_line_check(f->key_line, key, why)) != RC_OK)
		return rc;
	return RC_OK;
}

struct dup_ctx {
	const char *siret;
	struct org *found;
	bool hit;
};

static int dup_one(const struct org *o, void *ctx)
{
	struct dup_ctx *d = ctx;

	if (strcmp(o->siret, d->siret) != 0)
		return 0;
	*d->found = *o;
	d->hit = true;
	return 1;
}

/* What the register holds under a SIREN, as far as a sign-up may learn it. */
struct siren_ctx {
	const char *siret;
	bool same_siret;            /* this very establishment is registered */
	bool same_siren;            /* another establishment of a kind that signs up once */
};

static int siren_one(const struct org *o, void *ctx)
{
	struct siren_ctx *c = ctx;

	if (strcmp(o->siret, c->siret) == 0) {
		c->same_siret = true;
		return 1;
	}
	if (o->kind == ORG_FRANCE_SERVICES || org_kind_is_collectivite(o->kind))
		c->same_siren = true;
	return 0;
}

/*
 * Refuses a SIRET registered, and another establishment of a SIREN
 * registered when the newcomer is a collectivité, a grouping or a structure
 * porteuse (the cap is per legal entity). Names nobody: the register is not
 * to be harvested from the sign-up.
 */
static int registered_in(struct store_txn *txn, enum org_kind kind, const char *siret,
                         const char *siren, char **why)
{
	struct siren_ctx c = { .siret = siret };
	int rc = db_org_each_by_siren(txn, siren, siren_one, &c);

	if (rc != RC_OK && rc != 1)
		return rc;
	if (c.same_siret)
		return fail(why, RC_EXISTS, "Cette organisation est déjà inscrite. Pour obtenir un "
		                            "compte, demandez-le à l'équipe du programme.");
	if (c.same_siren && (kind == ORG_FRANCE_SERVICES || org_kind_is_collectivite(kind)))
		return fail(why, RC_EXISTS, "Un autre établissement de cette organisation (SIREN "
		                            "%s) est déjà inscrit : une collectivité, un groupement "
		                            "ou une structure porteuse ne s'inscrit qu'une fois. "
		                            "Demandez à l'équipe du programme un compte dans "
		                            "l'organisation existante.", siren);
	return RC_OK;
}

/* ---- SIRETs tried ---- */

void signup_session_init(struct signup_session *s, const char *source)
{
	memset(s, 0, sizeof *s);
	if (source != NULL && strlen(source) <= DB_SIGNUP_SOURCE_MAX)
		strlcpy_(s->source, source, sizeof s->source);
}

/* Counts siret against s's limits in its own committed transaction. */
static int count_try(struct store *st, struct signup_session *s, const char *siret, char **why)
{
	struct store_txn *txn = NULL;
	uint64_t n = 0;
	int rc;

	if (s == NULL || strcmp(s->last, siret) == 0)
		return RC_OK;
	if (s->tries >= SIGNUP_SIRET_TRIES_SESSION)
		return fail(why, RC_FULL, "Trop de SIRET essayés dans cette session (%d au plus) : "
		                          "reconnectez-vous plus tard ou écrivez à l'équipe du "
		                          "programme.", SIGNUP_SIRET_TRIES_SESSION);
	if (s->source[0] != '\0') {
		if ((rc = store_begin(st, true, &txn)) != RC_OK ||
		    (rc = db_signup_try(txn, s->source, now_utc(), SIGNUP_SIRET_WINDOW_S, &n)) !=
		            RC_OK) {
			store_abort(txn);
			return fail(why, rc < 0 ? rc : RC_ERR, "Base de données indisponible : "
			                                       "réessayez plus tard.");
		}
		if ((rc = store_commit(txn)) != RC_OK)
			return fail(why, rc, "Base de données indisponible : réessayez plus tard.");
		if (n > SIGNUP_SIRET_TRIES_SOURCE) {
			log_warn("sign-up: %s tried %llu SIRETs in this window", s->source,
			         (unsigned long long)n);
			return fail(why, RC_FULL, "Trop de SIRET essayés depuis votre adresse : "
			                          "réessayez dans une heure ou écrivez à l'équipe du "
			                          "programme.");
		}
	}
	s->tries++;
	strlcpy_(s->last, siret, sizeof s->last);
	return RC_OK;
}

int signup_siret_try(struct store *st, struct signup_session *s, enum org_kind kind,
                     const char *siret, char **why)
{
	struct store_txn *txn = NULL;
	char siren[10];
	int rc;

	if ((rc = signup_siret_check(siret, siren, why)) != RC_OK)
		return rc;
	if ((rc = count_try(st, s, siret, why)) != RC_OK)
		return rc;
	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible : réessayez plus tard.");
	rc = registered_in(txn, kind, siret, siren, why);
	store_abort(txn);
	if (rc != RC_OK && rc != RC_EXISTS)
		return fail(why, rc, "Base de données illisible : réessayez plus tard.");
	return rc;
}

/* Another organisation of département dept whose name folds to `folded`. */
struct fold_ctx {
	const char *dept;
	const char *folded;
	bool hit;
};

static int fold_one(const struct org *o, void *ctx)
{
	struct fold_ctx *c = ctx;
	char folded[GEO_FOLD_MAX];

	if (strcmp(o->dept, c->dept) != 0 ||
	    geo_fold(o->name, folded, sizeof folded, false) == (size_t)-1 ||
	    strcmp(folded, c->folded) != 0)
		return 0;
	c->hit = true;
	return 1;
}

static int name_taken_in(struct store_txn *txn, const char *name, const char *dept, char **why)
{
	char folded[GEO_FOLD_MAX];
	struct fold_ctx c = { .dept = dept, .folded = folded };
	int rc;

	if (geo_fold(name, folded, sizeof folded, false) == (size_t)-1 || folded[0] == '\0')
		return RC_OK;
	rc = db_org_each(txn, fold_one, &c);
	if (rc != RC_OK && rc != 1)
		return rc;
	if (c.hit)
		return fail(why, RC_EXISTS, "Une organisation du département %s porte déjà ce nom "
		                            "(aux majuscules, accents et ponctuation près) : "
		                            "précisez-le (par exemple avec le nom de la commune).",
		            dept);
	return RC_OK;
}

static int store_failed(char **why, int rc)
{
	if (rc == RC_FULL)
		return fail(why, rc, "La base de données est pleine : réessayez plus tard.");
	return fail(why, rc < 0 ? rc : RC_ERR, "L'inscription n'a pas pu être enregistrée (%s) : "
	                                       "rien n'a été créé.", rc_str(rc));
}

int signup_create(struct store *st, const struct signup_form *f, struct signup_result *out,
                  char **why)
{
	struct store_txn *txn = NULL;
	struct eligibility *elig = xcalloc(1, sizeof *elig);
	struct audit_event *ev = xcalloc(1, sizeof *ev);
	struct org o;
	struct account a, other;
	struct actor self;
	char siren[10] = "", *key = NULL, *summary = NULL;
	int64_t now = now_utc();
	int rc;

	memset(&o, 0, sizeof o);
	memset(&a, 0, sizeof a);
	memset(&other, 0, sizeof other);
	if ((rc = check_form(f, siren, &key, why)) != RC_OK)
		goto out;
	if ((rc = count_try(st, f->session, f->siret, why)) != RC_OK)
		goto out;

	if ((rc = store_begin(st, true, &txn)) != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	if ((rc = registered_in(txn, f->kind, f->siret, siren, why)) != RC_OK) {
		if (rc != RC_EXISTS)
			rc = store_failed(why, rc);
		goto out;
	}
	if ((rc = insee_dept(f->insee, o.dept, why)) != RC_OK)
		goto out;
	if ((rc = name_taken_in(txn, f->name, o.dept, why)) != RC_OK) {
		if (rc != RC_EXISTS)
			rc = store_failed(why, rc);
		goto out;
	}
	rc = db_account_by_login(txn, f->login, &other);
	if (rc == RC_OK) {
		rc = fail(why, RC_EXISTS, "L'identifiant « %s » est déjà pris : choisissez-en un "
		                          "autre.", f->login);
		goto out;
	}
	if (rc != RC_NOTFOUND) {
		rc = store_failed(why, rc);
		goto out;
	}
	if ((rc = uc_fs_check_picks(txn, f->fs, f->nfs, why)) != RC_OK)
		goto out;
	if ((rc = eligibility_in(txn, f->kind, siren, f->insee, f->fs, f->nfs, elig)) != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	if (elig->decision == ELIG_REFUSED) {
		rc = fail(why, RC_DENIED, "Organisation non éligible : %s%s%s",
		          elig->nreasons > 0 ? elig->reasons[0] : "",
		          elig->nreasons > 1 ? " " : "", elig->nreasons > 1 ? elig->reasons[1] : "");
		goto out;
	}

	o.kind = f->kind;
	o.status = ORG_PENDING;
	strlcpy_(o.name, f->name, sizeof o.name);
	strlcpy_(o.siret, f->siret, sizeof o.siret);
	strlcpy_(o.siren, siren, sizeof o.siren);
	strlcpy_(o.insee, f->insee, sizeof o.insee);
	o.contact = f->contact;
	for (size_t i = 0; i < f->nfs; i++)
		o.fs[o.nfs++] = f->fs[i];
	if ((rc = db_org_insert(txn, &o)) != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}

	strlcpy_(a.login, f->login, sizeof a.login);
	a.role = org_kind_role(f->kind);
	a.org_id = o.id;
	if (password_hash(f->password, a.pwhash) != RC_OK) {
		rc = fail(why, RC_ERR, "Le mot de passe n'a pas pu être chiffré.");
		goto out;
	}
	if (key != NULL) {
		a.keys[a.nkeys++] = key;
		key = NULL;
	}
	rc = db_account_insert(txn, &a);
	if (rc == RC_EXISTS) {
		rc = fail(why, RC_EXISTS, "L'identifiant « %s » est déjà pris : choisissez-en un "
		                          "autre.", f->login);
		goto out;
	}
	if (rc != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}

	memset(&self, 0, sizeof self);
	self.account_id = a.id;
	strlcpy_(self.login, a.login, sizeof self.login);
	self.role = a.role;
	self.org_id = o.id;
	strlcpy_(self.dept, o.dept, sizeof self.dept);
	summary = xasprintf("%s ; SIRET %s ; commune %s ; %s ; compte %s ; éligibilité : %s",
	                    org_kind_label(o.kind), o.siret, o.insee, org_status_label(o.status),
	                    a.login, elig_decision_label(elig->decision));
	audit_event_init(ev, &self, now, ACT_ORG_SIGNUP, "org", o.id, o.version, "", summary);
	if ((rc = db_audit_append(txn, ev)) != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	log_info("sign-up: organisation %llu (SIRET %s, %s) with account %s, %s",
	         (unsigned long long)o.id, o.siret, org_kind_name(o.kind), a.login,
	         elig_decision_label(elig->decision));
	if (out != NULL) {
		out->org_id = o.id;
		out->account_id = a.id;
		out->role = a.role;
		out->elig = *elig;
	}
	rc = RC_OK;
out:
	store_abort(txn);
	account_clear(&a);
	account_clear(&other);
	free(key);
	free(summary);
	free(elig);
	free(ev);
	return rc;
}

/* ---- validation ---- */

int signup_org_eligibility_in(struct store_txn *txn, const struct org *o, struct eligibility *out)
{
	return eligibility_in(txn, o->kind, o->siren, o->insee, o->fs, o->nfs, out);
}

/* The organisation designated by id, or by SIRET when id is 0, in txn. */
static int org_find(struct store_txn *txn, uint64_t id, const char *siret, struct org *o,
                    char **why)
{
	struct dup_ctx d = { .siret = siret, .found = o };
	char siren[10] = "";
	int rc;

	if (id != 0) {
		rc = db_org_get(txn, id, o);
	} else {
		if ((rc = signup_siret_check(siret, siren, why)) != RC_OK)
			return rc;
		rc = db_org_each_by_siren(txn, siren, dup_one, &d);
		if (rc == RC_OK || rc == 1)
			rc = d.hit ? RC_OK : RC_NOTFOUND;
	}
	if (rc == RC_NOTFOUND) {
		if (id != 0)
			return fail(why, rc, "Aucune organisation n'a le numéro %llu.",
			            (unsigned long long)id);
		return fail(why, rc, "Aucune organisation n'a le SIRET %s.", siret);
	}
	if (rc != RC_OK)
		return store_failed(why, rc);
	return RC_OK;
}

/* Changes o's status to `to` in txn, audited with `note` after the new status. */
static int org_decide(struct store_txn *txn, struct org *o, enum org_status to,
                      const struct actor *actor, const char *note, char **why)
{
	struct audit_event *ev = xcalloc(1, sizeof *ev);
	enum org_status from = o->status;
	char *after = note != NULL && note[0] != '\0'
	                      ? xasprintf("%s : %s", org_status_label(to), note)
	                      : xstrdup(org_status_label(to));
	int rc;

	o->status = to;
	if ((rc = db_org_update(txn, o)) != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	audit_event_init(ev, actor, now_utc(), to == ORG_REFUSED ? ACT_ORG_REFUSE : ACT_ORG_VALIDATE,
	                 "org", o->id, o->version, org_status_label(from), after);
	if ((rc = db_audit_append(txn, ev)) != RC_OK)
		rc = store_failed(why, rc);
out:
	free(after);
	free(ev);
	return rc;
}

static int reason_check(const char *label, const char *reason, char **why)
{
	if (reason == NULL || reason[0] == '\0')
		return fail(why, RC_INVALID, "%s : indiquez le motif.", label);
	return text_check(label, reason, 3, SIGNUP_REASON_MAX, false, why);
}

int signup_validate(struct store *st, uint64_t id, const char *siret, const struct actor *actor,
                    const char *force_reason, struct org *org, bool *already, char **why)
{
	struct store_txn *txn = NULL;
	struct eligibility *elig = xcalloc(1, sizeof *elig);
	struct org o;
	char *note = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	if (already != NULL)
		*already = false;
	if (force_reason != NULL &&
	    (rc = reason_check("Motif de la validation forcée", force_reason, why)) != RC_OK)
		goto out;
	if ((rc = store_begin(st, true, &txn)) != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	if ((rc = org_find(txn, id, siret, &o, why)) != RC_OK)
		goto out;
	if (o.status == ORG_VALIDATED) {
		if (already != NULL)
			*already = true;
		rc = RC_OK;
		goto done;
	}
	if (o.status != ORG_PENDING) {
		rc = fail(why, RC_INVALID, "Cette organisation est %s : elle ne peut pas être "
		                           "validée.", org_status_label(o.status));
		goto out;
	}
	if ((rc = eligibility_in(txn, o.kind, o.siren, o.insee, o.fs, o.nfs, elig)) != RC_OK) {
		rc = fail(why, rc, "Les listes de référence sont illisibles.");
		goto out;
	}
	if (elig->decision != ELIG_ELIGIBLE && force_reason == NULL) {
		rc = fail(why, RC_DENIED, "Organisation %s : %s%s%s Rien n'a été validé ; pour "
		                          "valider malgré tout, donnez --force et le motif "
		                          "(--reason).", elig_decision_label(elig->decision),
		          elig->nreasons > 0 ? elig->reasons[0] : "", elig->nreasons > 1 ? " " : "",
		          elig->nreasons > 1 ? elig->reasons[1] : "");
		goto out;
	}
	if (elig->decision != ELIG_ELIGIBLE)
		note = xasprintf("validation forcée (%s) : %s", elig_decision_label(elig->decision),
		                 force_reason);
	if ((rc = org_decide(txn, &o, ORG_VALIDATED, actor, note, why)) != RC_OK)
		goto out;
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	log_info("organisation %llu (SIRET %s) validated%s", (unsigned long long)o.id, o.siret,
	         note != NULL ? " (forced)" : "");
done:
	if (org != NULL)
		*org = o;
out:
	store_abort(txn);
	free(note);
	free(elig);
	return rc;
}

int signup_refuse(struct store *st, uint64_t id, const char *siret, const struct actor *actor,
                  const char *reason, struct org *org, bool *already, char **why)
{
	struct store_txn *txn = NULL;
	struct org o;
	int rc;

	memset(&o, 0, sizeof o);
	if (already != NULL)
		*already = false;
	if ((rc = reason_check("Motif du refus", reason, why)) != RC_OK)
		return rc;
	if ((rc = store_begin(st, true, &txn)) != RC_OK)
		return store_failed(why, rc);
	if ((rc = org_find(txn, id, siret, &o, why)) != RC_OK)
		goto out;
	if (o.status == ORG_REFUSED) {
		if (already != NULL)
			*already = true;
		rc = RC_OK;
		goto done;
	}
	if ((rc = org_decide(txn, &o, ORG_REFUSED, actor, reason, why)) != RC_OK)
		goto out;
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	log_info("organisation %llu (SIRET %s) refused", (unsigned long long)o.id, o.siret);
done:
	if (org != NULL)
		*org = o;
out:
	store_abort(txn);
	return rc;
}
