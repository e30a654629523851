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
 * département) and name, through the use cases' facts (uc->facts or the
 * reference lists).
 */
static int eligibility_in(const struct uc *uc, struct store_txn *txn, enum org_kind kind,
                          const char *siren, const char *insee, const char *name,
                          struct eligibility *out)
{
	struct org *o = xcalloc(1, sizeof *o);
	struct geo_commune c;
	int rc;

	o->kind = kind;
	strlcpy_(o->siren, siren != NULL ? siren : "", sizeof o->siren);
	strlcpy_(o->insee, insee != NULL ? insee : "", sizeof o->insee);
	strlcpy_(o->name, name != NULL ? name : "", sizeof o->name);
	if (o->insee[0] != '\0' && db_geo_get(txn, o->insee, &c) == RC_OK)
		strlcpy_(o->dept, c.dep, sizeof o->dept);
	rc = uc_org_eligibility_in(uc, txn, o, out);
	free(o);
	return rc;
}

struct elig_run {
	const struct uc *uc;
	enum org_kind kind;
	const char *siren, *insee, *name;
	struct eligibility *out;
};

static int elig_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct elig_run *r = ctx;

	return eligibility_in(r->uc, txn, r->kind, r->siren, r->insee, r->name, r->out);
}

int signup_eligibility(const struct uc *uc, enum org_kind kind, const char *siren,
                       const char *insee, const char *name, struct eligibility *out,
                       char **why)
{
	struct elig_run r = { .uc = uc, .kind = kind, .siren = siren, .insee = insee,
		              .name = name, .out = out };
	const struct uc_path path = {
		.action = ACT_ORG_SIGNUP, .lead = N_("Les listes de référence sont illisibles."),
		.load = signup_load, .change = elig_read,
	};

	return uc_run(uc, &path, &r, why);
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

/* The refusal for a SIRET already registered: who to contact. */
static int duplicate(const struct org *o, char **why)
{
	char *name = text_sanitize(o->name, false);
	char *person = text_sanitize(o->contact.name, false);
	char *email = text_sanitize(o->contact.email, false);
	int rc;

	if (person[0] != '\0' && email[0] != '\0')
		rc = fail(why, RC_EXISTS,
		          _("SIRET déjà inscrit : « %s » (%s). Demandez un compte à "
		                            "son contact, %s (%s)."), name, org_status_label(o->status),
		          person, email);
	else
		rc = fail(why, RC_EXISTS, _("SIRET déjà inscrit : « %s ». Demandez un compte à "
		                            "l'équipe du programme."), name);
	free(name);
	free(person);
	free(email);
	return rc;
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
	struct org existing;
	struct account other = { 0 };
	struct actor self;
	struct dup_ctx dup = { .siret = f->siret, .found = &existing };
	char *summary;
	int rc;

	rc = db_org_each_by_siren(txn, r->siren, dup_one, &dup);
	if (rc != RC_OK && rc != 1)
		return rc;
	if (dup.hit)
		return duplicate(&existing, why);
	rc = db_account_by_login(txn, f->login, &other);
	account_clear(&other);
	if (rc == RC_OK)
		return taken(r, f->login, why);
	if (rc != RC_NOTFOUND)
		return rc;
	if ((rc = eligibility_in(r->uc, txn, f->kind, r->siren, f->insee, f->name, r->elig)) !=
	    RC_OK)
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
	if ((rc = insee_dept(f->insee, r->o.dept, why)) != RC_OK)
		return rc;
	r->o.contact = f->contact;
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

/* ---- validation ---- */

struct validate_run {
	const struct uc *uc;
	uint64_t id;
	const char *siret, *siren;
	struct org o;
	bool already;
};

static int validate_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct validate_run *r = ctx;
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

static int validate_change(struct store_txn *txn, void *ctx, struct audit_event *ev,
                           char **why)
{
	struct validate_run *r = ctx;
	int rc;

	if (r->o.status == ORG_VALIDATED) {
		r->already = true;
		return RC_OK;
	}
	if (r->o.status != ORG_PENDING)
		return fail(why, RC_INVALID, _("Cette organisation est %s : elle ne peut pas être "
		                               "validée."), org_status_label(r->o.status));
	r->o.status = ORG_VALIDATED;
	if ((rc = db_org_update(txn, &r->o)) != RC_OK)
		return rc;
	audit_event_init(ev, r->uc->actor, uc_now(r->uc), ACT_ORG_VALIDATE, "org", r->o.id,
	                 r->o.version, org_status_label(ORG_PENDING),
	                 org_status_label(ORG_VALIDATED));
	return RC_OK;
}

int signup_validate(const struct uc *uc, uint64_t id, const char *siret, struct org *org,
                    char **why)
{
	struct validate_run r = { .uc = uc, .id = id, .siret = siret };
	const struct uc_path path = {
		.action = ACT_ORG_VALIDATE, .write = true,
		.lead = N_("L'organisation n'a pas été validée."),
		.load = validate_load, .change = validate_change,
	};
	char siren[10] = "";
	int rc;

	if (id == 0 && (rc = signup_siret_check(siret, siren, why)) != RC_OK)
		return rc;
	r.siren = siren;
	if ((rc = uc_run(uc, &path, &r, why)) != RC_OK)
		return rc;
	if (!r.already)
		log_info("organisation %llu (SIRET %s) validated by %s", (unsigned long long)r.o.id,
		         r.o.siret, uc->actor->login);
	if (org != NULL)
		*org = r.o;
	return RC_OK;
}
