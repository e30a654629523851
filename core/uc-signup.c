/*
 * uc-signup.c — the sign-up use cases on the one use-case path (see
 * uc-signup.h): commune search and eligibility as the person types, the
 * creation of the organisation « en attente de validation » with its first
 * staff account in one transaction, and the validation by the programme
 * team.
 */
#include "core/uc-signup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/core.h"
#include "core/i18n.h"
#include "core/ident.h"
#include "core/org.h"
#include "core/uc-fs.h"
#include "core/uc-preorder.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store.h"

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

struct find_run {
	const char *query;
	struct find_ctx f;
};

static int find_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct find_run *r = ctx;
	int rc;

	if (geo_postcode_valid(r->query))
		rc = db_geo_by_postcode(txn, r->query, find_one, &r->f);
	else
		rc = db_geo_by_name_prefix(txn, r->query, DB_GEO_RESULTS_MAX, find_one, &r->f);
	return rc == 1 ? RC_OK : rc;
}

/* Signing up reads the public geography and reference lists: a national object. */
static int signup_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	return RC_OK;
}

int signup_find_communes(const struct uc *uc, const char *query, struct signup_commune *out,
                         size_t max, size_t *n, char **why)
{
	struct find_run r = { .f = { .out = out, .max = max < SIGNUP_COMMUNES_MAX
	                                                 ? max : SIGNUP_COMMUNES_MAX } };
	const struct uc_path path = {
		.action = ACT_ORG_SIGNUP, .lead = N_("La recherche de communes a échoué."),
		.load = signup_load, .change = find_read,
	};
	char *trimmed = NULL;
	size_t len;
	int rc;

	*n = 0;
	if (query == NULL || (len = strlen(query)) > SIGNUP_QUERY_MAX)
		return fail(why, RC_INVALID, "%s", _("Recherche trop longue."));
	if (text_check(_("Recherche"), query, 0, SIGNUP_QUERY_MAX, false, why) != RC_OK)
		return RC_INVALID;
	while (*query == ' ')
		query++;
	trimmed = xstrdup(query);
	for (len = strlen(trimmed); len > 0 && trimmed[len - 1] == ' '; len--)
		trimmed[len - 1] = '\0';
	if (utf8_len(trimmed) < 2) {
		rc = fail(why, RC_INVALID, "%s",
		          _("Tapez au moins 2 lettres du nom ou le code postal."));
		goto out;
	}
	r.query = trimmed;
	if ((rc = uc_run(uc, &path, &r, why)) == RC_OK)
		*n = r.f.n;
out:
	free(trimmed);
	return rc;
}

/* ---- eligibility ---- */

/*
 * Eligibility of the organisation being signed up, as that of an
 * organisation record: its kind, SIREN, seat commune (and the commune's
 * département) and the France Services spaces it picked, through the use
 * cases' facts (uc->facts or the reference lists). Never its name.
 */
static int eligibility_in(const struct uc *uc, struct store_txn *txn, enum org_kind kind,
                          const char *siren, const char *insee, const struct org_fs *fs,
                          size_t nfs, struct eligibility *out)
{
	struct org *o = xcalloc(1, sizeof *o);
	struct geo_commune c;
	int rc;

	o->kind = kind;
	strlcpy_(o->siren, siren != NULL ? siren : "", sizeof o->siren);
	strlcpy_(o->insee, insee != NULL ? insee : "", sizeof o->insee);
	for (size_t i = 0; i < nfs && i < ORG_FS_MAX; i++)
		o->fs[o->nfs++] = fs[i];
	if (o->insee[0] != '\0' && db_geo_get(txn, o->insee, &c) == RC_OK)
		strlcpy_(o->dept, c.dep, sizeof o->dept);
	rc = uc_org_eligibility_in(uc, txn, o, out);
	free(o);
	return rc;
}

struct elig_run {
	const struct uc *uc;
	enum org_kind kind;
	const char *siren, *insee;
	const struct org_fs *fs;
	size_t nfs;
	struct eligibility *out;
};

static int elig_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct elig_run *r = ctx;

	return eligibility_in(r->uc, txn, r->kind, r->siren, r->insee, r->fs, r->nfs, r->out);
}

int signup_eligibility_picked(const struct uc *uc, enum org_kind kind, const char *siren,
                              const char *insee, const struct org_fs *fs, size_t nfs,
                              struct eligibility *out, char **why)
{
	struct elig_run r = { .uc = uc, .kind = kind, .siren = siren, .insee = insee,
		              .fs = fs, .nfs = nfs, .out = out };
	const struct uc_path path = {
		.action = ACT_ORG_SIGNUP, .lead = N_("Les listes de référence sont illisibles."),
		.load = signup_load, .change = elig_read,
	};

	return uc_run(uc, &path, &r, why);
}

int signup_eligibility(const struct uc *uc, enum org_kind kind, const char *siren,
                       const char *insee, const char *name, struct eligibility *out,
                       char **why)
{
	(void)name;
	return signup_eligibility_picked(uc, kind, siren, insee, NULL, 0, out, why);
}

/* ---- creation ---- */

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
		return fail(why, RC_EXISTS, "%s", _("Cette organisation est déjà inscrite. Pour "
		                                    "obtenir un compte, demandez-le à l'équipe du "
		                                    "programme."));
	if (c.same_siren && (kind == ORG_FRANCE_SERVICES || org_kind_is_collectivite(kind)))
		return fail(why, RC_EXISTS, _("Un autre établissement de cette organisation (SIREN "
		                              "%s) est déjà inscrit : une collectivité, un groupement "
		                              "ou une structure porteuse ne s'inscrit qu'une fois. "
		                              "Demandez à l'équipe du programme un compte dans "
		                              "l'organisation existante."), siren);
	return RC_OK;
}

/* ---- SIRETs tried ---- */

struct try_run {
	const struct signup_session *s;
	uint64_t n;
};

static int try_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct try_run *r = ctx;

	return db_signup_try(txn, r->s->source, now_utc(), SIGNUP_SIRET_WINDOW_S, &r->n);
}

/* Counts siret against s's limits, the source's count in its own committed transaction. */
static int count_try(const struct uc *uc, struct signup_session *s, const char *siret,
                     char **why)
{
	struct try_run r = { .s = s };
	const struct uc_path path = {
		.action = ACT_ORG_SIGNUP, .write = true,
		.lead = N_("Base de données indisponible : réessayez plus tard."),
		.load = signup_load, .change = try_change,
	};
	int rc;

	if (s == NULL || strcmp(s->last, siret) == 0)
		return RC_OK;
	if (s->tries >= SIGNUP_SIRET_TRIES_SESSION)
		return fail(why, RC_FULL, _("Trop de SIRET essayés dans cette session (%d au plus) : "
		                            "reconnectez-vous plus tard ou écrivez à l'équipe du "
		                            "programme."), SIGNUP_SIRET_TRIES_SESSION);
	if (s->source[0] != '\0') {
		if ((rc = uc_run(uc, &path, &r, why)) != RC_OK)
			return rc;
		if (r.n > SIGNUP_SIRET_TRIES_SOURCE) {
			log_warn("sign-up: %s tried %llu SIRETs in this window", s->source,
			         (unsigned long long)r.n);
			return fail(why, RC_FULL, "%s", _("Trop de SIRET essayés depuis votre adresse : "
			                                  "réessayez dans une heure ou écrivez à "
			                                  "l'équipe du programme."));
		}
	}
	s->tries++;
	strlcpy_(s->last, siret, sizeof s->last);
	return RC_OK;
}

struct registered_run {
	enum org_kind kind;
	const char *siret, *siren;
};

static int registered_read(struct store_txn *txn, void *ctx, struct audit_event *ev,
                           char **why)
{
	struct registered_run *r = ctx;

	return registered_in(txn, r->kind, r->siret, r->siren, why);
}

int signup_siret_try(const struct uc *uc, struct signup_session *s, enum org_kind kind,
                     const char *siret, char **why)
{
	char siren[10];
	struct registered_run r = { .kind = kind, .siret = siret, .siren = siren };
	const struct uc_path path = {
		.action = ACT_ORG_SIGNUP,
		.lead = N_("Base de données illisible : réessayez plus tard."),
		.load = signup_load, .change = registered_read,
	};
	int rc;

	if ((rc = signup_siret_check(siret, siren, why)) != RC_OK)
		return rc;
	if ((rc = count_try(uc, s, siret, why)) != RC_OK)
		return rc;
	return uc_run(uc, &path, &r, why);
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
		return fail(why, RC_EXISTS, _("Une organisation du département %s porte déjà ce nom "
		                              "(aux majuscules, accents et ponctuation près) : "
		                              "précisez-le (par exemple avec le nom de la commune)."),
		            dept);
	return RC_OK;
}

struct create_run {
	const struct uc *uc;
	const struct signup_form *f;
	const char *siren;
	char *key;                      /* owned until moved into the account */
	struct eligibility *elig;
	struct org o;
	struct account a;
	bool login_taken;               /* the refusal is for the login */
};

static int taken(struct create_run *r, const char *login, char **why)
{
	r->login_taken = true;
	return fail(why, RC_EXISTS, _("L'identifiant « %s » est déjà pris : choisissez-en un "
	                              "autre."), login);
}

static int create_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct create_run *r = ctx;
	const struct signup_form *f = r->f;
	struct account other = { 0 };
	struct actor self;
	char *summary;
	int rc;

	if ((rc = registered_in(txn, f->kind, f->siret, r->siren, why)) != RC_OK)
		return rc;
	if ((rc = insee_dept(f->insee, r->o.dept, why)) != RC_OK)
		return rc;
	if ((rc = name_taken_in(txn, f->name, r->o.dept, why)) != RC_OK)
		return rc;
	rc = db_account_by_login(txn, f->login, &other);
	account_clear(&other);
	if (rc == RC_OK)
		return taken(r, f->login, why);
	if (rc != RC_NOTFOUND)
		return rc;
	if ((rc = uc_fs_check_picks(txn, f->fs, f->nfs, why)) != RC_OK)
		return rc;
	if ((rc = eligibility_in(r->uc, txn, f->kind, r->siren, f->insee, f->fs, f->nfs,
	                         r->elig)) != RC_OK)
		return rc;
	if (r->elig->decision == ELIG_REFUSED)
		return fail(why, RC_DENIED, _("Organisation non éligible : %s%s%s"),
		            r->elig->nreasons > 0 ? r->elig->reasons[0] : "",
		            r->elig->nreasons > 1 ? " " : "",
		            r->elig->nreasons > 1 ? r->elig->reasons[1] : "");

	r->o.kind = f->kind;
	r->o.status = ORG_PENDING;
	strlcpy_(r->o.name, f->name, sizeof r->o.name);
	strlcpy_(r->o.siret, f->siret, sizeof r->o.siret);
	strlcpy_(r->o.siren, r->siren, sizeof r->o.siren);
	strlcpy_(r->o.insee, f->insee, sizeof r->o.insee);
	r->o.contact = f->contact;
	for (size_t i = 0; i < f->nfs && i < ORG_FS_MAX; i++)
		r->o.fs[r->o.nfs++] = f->fs[i];
	if ((rc = db_org_insert(txn, &r->o)) != RC_OK)
		return rc;

	strlcpy_(r->a.login, f->login, sizeof r->a.login);
	r->a.role = org_kind_role(f->kind);
	r->a.org_id = r->o.id;
	if (password_hash(f->password, r->a.pwhash) != RC_OK)
		return fail(why, RC_ERR, "%s", _("Le mot de passe n'a pas pu être chiffré."));
	if (r->key != NULL) {
		r->a.keys[r->a.nkeys++] = r->key;
		r->key = NULL;
	}
	rc = db_account_insert(txn, &r->a);
	if (rc == RC_EXISTS)
		return taken(r, f->login, why);
	if (rc != RC_OK)
		return rc;

	/* The audit names the new account: it is who signed up. */
	memset(&self, 0, sizeof self);
	self.account_id = r->a.id;
	strlcpy_(self.login, r->a.login, sizeof self.login);
	self.role = r->a.role;
	self.org_id = r->o.id;
	strlcpy_(self.dept, r->o.dept, sizeof self.dept);
	summary = xasprintf(_("%s ; SIRET %s ; commune %s ; %s ; compte %s ; éligibilité : %s"),
	                    org_kind_label(r->o.kind), r->o.siret, r->o.insee,
	                    org_status_label(r->o.status), r->a.login,
	                    elig_decision_label(r->elig->decision));
	audit_event_init(ev, &self, uc_now(r->uc), ACT_ORG_SIGNUP, "org", r->o.id, r->o.version,
	                 "", summary);
	free(summary);
	return RC_OK;
}

int signup_create(const struct uc *uc, const struct signup_form *f, struct signup_result *out,
                  char **why)
{
	struct create_run *r = xcalloc(1, sizeof *r);
	const struct uc_path path = {
		.action = ACT_ORG_SIGNUP, .write = true,
		.lead = N_("L'inscription n'a pas pu être enregistrée : rien n'a été créé."),
		.load = signup_load, .change = create_change,
	};
	char siren[10] = "";
	int rc;

	r->uc = uc;
	r->f = f;
	r->siren = siren;
	r->elig = xcalloc(1, sizeof *r->elig);
	if ((rc = signup_form_check(f, siren, &r->key, why)) != RC_OK)
		goto out;
	if ((rc = count_try(uc, f->session, f->siret, why)) != RC_OK)
		goto out;
	if ((rc = uc_run(uc, &path, r, why)) != RC_OK) {
		if (out != NULL)
			out->login_taken = r->login_taken;
		goto out;
	}
	log_info("sign-up: organisation %llu (SIRET %s, %s) with account %s, %s",
	         (unsigned long long)r->o.id, r->o.siret, org_kind_name(r->o.kind), r->a.login,
	         elig_decision_label(r->elig->decision));
	if (out != NULL) {
		out->org_id = r->o.id;
		out->account_id = r->a.id;
		out->role = r->a.role;
		out->elig = *r->elig;
	}
out:
	account_clear(&r->a);
	free(r->key);
	free(r->elig);
	free(r);
	return rc;
}

/* ---- validation and refusal ---- */

struct decide_run {
	const struct uc *uc;
	uint64_t id;
	const char *siret, *siren;
	enum org_status to;             /* ORG_VALIDATED or ORG_REFUSED */
	const char *reason;             /* forced validation's or refusal's reason, or NULL */
	struct org o;
	struct eligibility *elig;
	char *note, *after;
	bool already;
};

static int decide_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct decide_run *r = ctx;
	struct dup_ctx d = { .siret = r->siret, .found = &r->o };
	int rc;

	if (r->id != 0) {
		rc = db_org_get(txn, r->id, &r->o);
	} else {
		rc = db_org_each_by_siren(txn, r->siren, dup_one, &d);
		if (rc == RC_OK || rc == 1)
			rc = d.hit ? RC_OK : RC_NOTFOUND;
	}
	if (rc == RC_NOTFOUND && r->id != 0)
		return fail(why, rc, _("Aucune organisation n'a le numéro %llu."),
		            (unsigned long long)r->id);
	if (rc == RC_NOTFOUND)
		return fail(why, rc, _("Aucune organisation n'a le SIRET %s."), r->siret);
	if (rc != RC_OK)
		return rc;
	obj->perm.org_id = r->o.id;
	strlcpy_(obj->perm.dept, r->o.dept, sizeof obj->perm.dept);
	return RC_OK;
}

/* Validation: pending only, and eligible unless forced with a reason. */
static int validate_check(struct store_txn *txn, struct decide_run *r, char **why)
{
	int rc;

	if (r->o.status != ORG_PENDING)
		return fail(why, RC_INVALID, _("Cette organisation est %s : elle ne peut pas être "
		                               "validée."), org_status_label(r->o.status));
	if ((rc = uc_org_eligibility_in(r->uc, txn, &r->o, r->elig)) != RC_OK)
		return fail(why, rc, "%s", _("Les listes de référence sont illisibles."));
	if (r->elig->decision != ELIG_ELIGIBLE && r->reason == NULL)
		return fail(why, RC_DENIED, _("Organisation %s : %s%s%s Rien n'a été validé ; pour "
		                              "valider malgré tout, donnez --force et le motif "
		                              "(--reason)."),
		            elig_decision_label(r->elig->decision),
		            r->elig->nreasons > 0 ? r->elig->reasons[0] : "",
		            r->elig->nreasons > 1 ? " " : "",
		            r->elig->nreasons > 1 ? r->elig->reasons[1] : "");
	if (r->elig->decision != ELIG_ELIGIBLE)
		r->note = xasprintf(_("validation forcée (%s) : %s"),
		                    elig_decision_label(r->elig->decision), r->reason);
	return RC_OK;
}

static int decide_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct decide_run *r = ctx;
	enum org_status from = r->o.status;
	const char *note;
	int rc;

	if (r->o.status == r->to) {
		r->already = true;
		return RC_OK;
	}
	if (r->to == ORG_VALIDATED && (rc = validate_check(txn, r, why)) != RC_OK)
		return rc;
	note = r->to == ORG_REFUSED ? r->reason : r->note;
	r->after = note != NULL && note[0] != '\0'
	                   ? xasprintf("%s : %s", org_status_label(r->to), note)
	                   : xstrdup(org_status_label(r->to));
	r->o.status = r->to;
	if ((rc = db_org_update(txn, &r->o)) != RC_OK)
		return rc;
	audit_event_init(ev, r->uc->actor, uc_now(r->uc),
	                 r->to == ORG_REFUSED ? ACT_ORG_REFUSE : ACT_ORG_VALIDATE, "org", r->o.id,
	                 r->o.version, org_status_label(from), r->after);
	return RC_OK;
}

static int reason_check(const char *label, const char *reason, char **why)
{
	if (reason == NULL || reason[0] == '\0')
		return fail(why, RC_INVALID, _("%s : indiquez le motif."), label);
	return text_check(label, reason, 3, SIGNUP_REASON_MAX, false, why);
}

static int decide(const struct uc *uc, uint64_t id, const char *siret, enum org_status to,
                  const char *reason, struct org *org, bool *already, char **why)
{
	struct decide_run r = { .uc = uc, .id = id, .siret = siret, .to = to, .reason = reason };
	const struct uc_path path = {
		.action = to == ORG_REFUSED ? ACT_ORG_REFUSE : ACT_ORG_VALIDATE, .write = true,
		.lead = to == ORG_REFUSED ? N_("L'organisation n'a pas été refusée.")
		                          : N_("L'organisation n'a pas été validée."),
		.load = decide_load, .change = decide_change,
	};
	char siren[10] = "";
	int rc;

	if (already != NULL)
		*already = false;
	if (to == ORG_REFUSED)
		rc = reason_check(_("Motif du refus"), reason, why);
	else if (reason != NULL)
		rc = reason_check(_("Motif de la validation forcée"), reason, why);
	else
		rc = RC_OK;
	if (rc != RC_OK)
		return rc;
	if (id == 0 && (rc = signup_siret_check(siret, siren, why)) != RC_OK)
		return rc;
	r.siren = siren;
	r.elig = xcalloc(1, sizeof *r.elig);
	if ((rc = uc_run(uc, &path, &r, why)) != RC_OK)
		goto out;
	if (!r.already)
		log_info("organisation %llu (SIRET %s) %s by %s%s", (unsigned long long)r.o.id,
		         r.o.siret, to == ORG_REFUSED ? "refused" : "validated", uc->actor->login,
		         r.note != NULL ? " (forced)" : "");
	if (already != NULL)
		*already = r.already;
	if (org != NULL)
		*org = r.o;
out:
	free(r.elig);
	free(r.note);
	free(r.after);
	return rc;
}

int signup_validate(const struct uc *uc, uint64_t id, const char *siret,
                    const char *force_reason, struct org *org, bool *already, char **why)
{
	return decide(uc, id, siret, ORG_VALIDATED, force_reason, org, already, why);
}

int signup_refuse(const struct uc *uc, uint64_t id, const char *siret, const char *reason,
                  struct org *org, bool *already, char **why)
{
	return decide(uc, id, siret, ORG_REFUSED, reason, org, already, why);
}
