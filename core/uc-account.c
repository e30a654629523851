/*
 * uc-account.c — the account use cases on the one use-case path (see
 * uc-account.h): load the account and where it stands, may(), the change,
 * its audit event, commit.
 */
#include "core/uc-account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/util.h"
#include "store/store.h"

/* One account use case: which account, and what to do to it. */
struct acct_run {
	const struct uc *uc;
	uint64_t id;                  /* by id, when login is NULL */
	const char *login;
	struct account a;             /* as loaded, then as changed */
	/* Changes r->a; sets r->after (the audit summary). RC_OK with r->noop: nothing to write. */
	int (*edit)(struct acct_run *r, char **why);
	const char *after;
	bool noop;
	/* inputs of the edits */
	const char *old_hash;         /* change_password: the hash verified against */
	const char *new_hash;
	bool disabled;
	bool once;                    /* set_password: a one-time password (changed at next login) */
	char *key;                    /* owned until moved into a.keys */
	size_t idx;
};

/* ACT_ACCOUNT_SELF on one's own account, ACT_ACCOUNT_ADMIN on anyone else's. */
static enum action acct_action(const struct uc *uc, uint64_t id)
{
	return id != 0 && id == uc->actor->account_id ? ACT_ACCOUNT_SELF : ACT_ACCOUNT_ADMIN;
}

static int acct_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct acct_run *r = ctx;
	struct org o;
	int rc;

	account_clear(&r->a);
	rc = r->login != NULL ? db_account_by_login(txn, r->login, &r->a)
	                      : db_account_get(txn, r->id, &r->a);
	if (rc == RC_NOTFOUND && r->login != NULL)
		return fail(why, rc, _("Aucun compte n'a l'identifiant « %s »."), r->login);
	if (rc == RC_NOTFOUND)
		return fail(why, rc, "%s", _("Ce compte n'existe plus."));
	if (rc != RC_OK)
		return rc;
	obj->perm.org_id = r->a.org_id;
	memset(&o, 0, sizeof o);
	if (r->a.org_id != 0 && db_org_get(txn, r->a.org_id, &o) == RC_OK)
		strlcpy_(obj->perm.dept, o.dept, sizeof obj->perm.dept);
	obj->id = r->a.id;
	obj->version = r->a.version;
	return RC_OK;
}

static int acct_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct acct_run *r = ctx;
	int rc;

	if (r->edit == NULL)
		return RC_OK;
	if ((rc = r->edit(r, why)) != RC_OK || r->noop)
		return rc;
	r->a.updated_at = uc_now(r->uc);
	if ((rc = db_account_update(txn, &r->a)) != RC_OK)
		return rc;
	audit_event_init(ev, r->uc->actor, r->a.updated_at, acct_action(r->uc, r->a.id), "account",
	                 r->a.id, r->a.version, "", r->after);
	return RC_OK;
}

/* Runs r (read when r->edit is NULL) with action; r->a is the caller's to clear. */
static int acct_run(struct acct_run *r, enum action action, const char *lead, char **why)
{
	const struct uc_path path = {
		.action = action, .write = r->edit != NULL, .lead = lead,
		.load = acct_load, .change = acct_change,
	};

	return uc_run(r->uc, &path, r, why);
}

/* ---- creation ---- */

struct create_run {
	const struct uc *uc;
	const char *org_name;
	struct account *a;
	struct org o;
};

/* Organisations answering one designation (see org_resolve). */
struct org_match {
	const char *name;           /* exact name looked for, or NULL (by SIREN) */
	const char *siret;          /* exact SIRET looked for, or NULL */
	struct org first;
	size_t n;
	char ids[160];              /* their numbers, "3, 17, …" */
};

static int org_match_one(const struct org *o, void *ctx)
{
	struct org_match *m = ctx;
	size_t len = strlen(m->ids);

	if ((m->name != NULL && strcmp(o->name, m->name) != 0) ||
	    (m->siret != NULL && strcmp(o->siret, m->siret) != 0))
		return 0;
	if (m->n++ == 0)
		m->first = *o;
	if (len + 24 < sizeof m->ids)
		snprintf(m->ids + len, sizeof m->ids - len, "%s%llu", len ? ", " : "",
		         (unsigned long long)o->id);
	else if (len + 6 < sizeof m->ids && strstr(m->ids, "…") == NULL)
		strlcpy_(m->ids + len, ", …", sizeof m->ids - len);
	return 0;
}

static bool all_digits_(const char *s)
{
	if (s[0] == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/*
 * The organisation an operator designates: its number, its SIREN (9 digits)
 * or SIRET (14 digits), or its exact name. A SIREN or name that several
 * organisations answer is refused with their numbers, never guessed.
 */
static int org_resolve(struct store_txn *txn, const char *designation, struct org *out,
                       char **why)
{
	struct org_match *m = xcalloc(1, sizeof *m);
	char *shown = text_sanitize(designation, false);
	size_t len = strlen(designation);
	int rc;

	if (all_digits_(designation) && len != 9 && len != 14) {
		unsigned long long id = strtoull(designation, NULL, 10);

		rc = id != 0 ? db_org_get(txn, (uint64_t)id, out) : RC_NOTFOUND;
		if (rc == RC_NOTFOUND)
			rc = fail(why, RC_INVALID, _("Aucune organisation n'a le numéro %s."), shown);
		goto out;
	}
	if (all_digits_(designation)) {
		char siren[10];

		memcpy(siren, designation, 9);
		siren[9] = '\0';
		if (len == 14)
			m->siret = designation;
		rc = db_org_each_by_siren(txn, siren, org_match_one, m);
	} else {
		m->name = designation;
		rc = db_org_each(txn, org_match_one, m);
	}
	if (rc != RC_OK)
		goto out;
	if (m->n == 0)
		rc = fail(why, RC_INVALID, _("Aucune organisation ne répond à « %s » (numéro, SIREN, "
		                             "SIRET ou nom exact)."), shown);
	else if (m->n > 1)
		rc = fail(why, RC_INVALID, _("%zu organisations répondent à « %s » (numéros %s) : "
		                             "indiquez le numéro de la bonne (recond org list)."),
		          m->n, shown, m->ids);
	else
		*out = m->first;
out:
	free(m);
	free(shown);
	return rc;
}

static int create_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct create_run *c = ctx;
	int rc;

	if (c->org_name == NULL)
		return RC_OK;         /* no organisation: a national object */
	if ((rc = org_resolve(txn, c->org_name, &c->o, why)) != RC_OK)
		return rc;
	obj->perm.org_id = c->o.id;
	strlcpy_(obj->perm.dept, c->o.dept, sizeof obj->perm.dept);
	return RC_OK;
}

static int create_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct create_run *c = ctx;
	char *after;
	int rc;

	if (c->org_name != NULL) {
		if (!role_fits_org(c->a->role, c->o.kind)) {
			char *shown = text_sanitize(c->o.name, false);
			rc = fail(why, RC_INVALID,
			          _("L'organisation « %s » ne peut pas avoir de compte « %s »."), shown,
			          role_label(c->a->role));
			free(shown);
			return rc;
		}
		c->a->org_id = c->o.id;
	}
	rc = db_account_insert(txn, c->a);
	if (rc == RC_EXISTS)
		return fail(why, RC_EXISTS, _("L'identifiant « %s » est déjà pris."), c->a->login);
	if (rc != RC_OK)
		return rc;
	after = xasprintf(_("compte %s ; rôle %s ; organisation %s"), c->a->login,
	                  role_label(c->a->role), c->org_name != NULL ? c->o.name : "—");
	audit_event_init(ev, c->uc->actor, uc_now(c->uc), ACT_ACCOUNT_ADMIN, "account", c->a->id,
	                 c->a->version, "", after);
	free(after);
	return RC_OK;
}

int account_create(const struct uc *uc, const char *login, enum role role,
                   const char *org_name, const char *password, const char *key_line,
                   char **why)
{
	struct account a = { 0 };
	struct create_run c = { .uc = uc, .org_name = org_name, .a = &a };
	const struct uc_path path = {
		.action = ACT_ACCOUNT_ADMIN, .write = true, .lead = N_("Le compte n'a pas été créé."),
		.load = create_load, .change = create_change,
	};
	char *key = NULL;
	int rc;

	if ((rc = account_login_check(login, why)) != RC_OK)
		goto out;
	if ((int)role <= ROLE_NONE || role >= ROLE_COUNT) {
		rc = fail(why, RC_INVALID, "%s", _("Rôle inconnu."));
		goto out;
	}
	if (password == NULL && key_line == NULL) {
		rc = fail(why, RC_INVALID, "%s",
		          _("Il faut un mot de passe ou une clé SSH pour pouvoir se connecter."));
		goto out;
	}
	if (key_line != NULL && (rc = sshkey_line_check(key_line, &key, why)) != RC_OK)
		goto out;
	if (password != NULL) {
		if ((rc = password_policy_check(password, why)) != RC_OK)
			goto out;
		if ((rc = password_hash(password, a.pwhash)) != RC_OK) {
			rc = fail(why, RC_ERR, "%s", _("Le mot de passe n'a pas pu être chiffré."));
			goto out;
		}
	}
	strlcpy_(a.login, login, sizeof a.login);
	a.role = role;
	if (key != NULL) {
		a.keys[a.nkeys++] = key;
		key = NULL;
	}
	if ((rc = uc_run(uc, &path, &c, why)) == RC_OK)
		log_info("account %s created (role %s) by %s", a.login, role_name(role),
		         uc->actor->login);
out:
	free(key);
	account_clear(&a);
	return rc;
}

/* ---- authentication ---- */

/* Reads an account by login in its own read transaction (no actor yet). */
static int auth_read(struct store *st, const char *login, struct account *a)
{
	struct store_txn *txn = NULL;
	int rc;

	if ((rc = store_begin(st, false, &txn)) != RC_OK) {
		log_error("cannot read accounts: %s", rc_str(rc));
		return rc;
	}
	rc = db_account_by_login(txn, login, a);
	store_abort(txn);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		log_error("cannot read account: %s", rc_str(rc));
	return rc;
}

int account_auth_password(struct store *st, const char *login, const char *pw,
                          struct account *out)
{
	struct account a = { 0 };
	bool found = false, ok;

	if (login != NULL && account_login_check(login, NULL) == RC_OK)
		found = auth_read(st, login, &a) == RC_OK;
	/* Exactly one argon2id verification whatever happened above. */
	ok = password_verify(found && a.pwhash[0] != '\0' ? a.pwhash : account_dummy_hash(),
	                     pw != NULL ? pw : "");
	if (!found || a.pwhash[0] == '\0' || a.disabled || !ok) {
		/* The right password of a disabled account: it may be told why. */
		bool disabled = found && a.pwhash[0] != '\0' && a.disabled && ok;

		account_clear(&a);
		if (disabled) {
			memset(out, 0, sizeof *out);
			out->disabled = true;
		}
		return RC_DENIED;
	}
	*out = a;
	return RC_OK;
}

/*
 * The account of login, enabled or not: RC_OK with *out filled (caller
 * clears), RC_NOTFOUND, or a read error; *out untouched then.
 */
static int account_by_login(struct store *st, const char *login, struct account *out)
{
	struct account a = { 0 };
	int rc;

	if (login == NULL || account_login_check(login, NULL) != RC_OK)
		return RC_NOTFOUND;
	if ((rc = auth_read(st, login, &a)) != RC_OK) {
		account_clear(&a);
		return rc;
	}
	*out = a;
	return RC_OK;
}

int account_disabled_for_login(struct store *st, const char *login, struct account *out)
{
	struct account a = { 0 };
	int rc = account_by_login(st, login, &a);

	if (rc == RC_OK && !a.disabled) {
		account_clear(&a);
		return RC_NOTFOUND;
	}
	if (rc == RC_OK)
		*out = a;
	return rc;
}

int account_for_login(struct store *st, const char *login, struct account *out)
{
	struct account a = { 0 };

	if (account_by_login(st, login, &a) != RC_OK)
		return RC_DENIED;
	if (a.disabled) {
		account_clear(&a);
		return RC_DENIED;
	}
	*out = a;
	return RC_OK;
}

/* ---- passwords ---- */

static int edit_password(struct acct_run *r, char **why)
{
	if (r->old_hash != NULL && (strcmp(r->a.pwhash, r->old_hash) != 0 || r->a.disabled))
		/* Changed by someone else while we were verifying. */
		return fail(why, RC_STALE, "%s",
		            _("Le compte a été modifié entre-temps : recommencez."));
	strlcpy_(r->a.pwhash, r->new_hash, sizeof r->a.pwhash);
	/* One's own change ends a one-time password; a reset by the team may start one. */
	r->a.must_change_pw = r->old_hash == NULL && r->once;
	r->after = r->old_hash != NULL ? N_("mot de passe changé")
	           : r->once ? N_("mot de passe à usage unique") : N_("mot de passe redéfini");
	return RC_OK;
}

int account_change_password(const struct uc *uc, uint64_t account_id, const char *current,
                            const char *new_pw, const char *confirm, char **why)
{
	struct acct_run r = { .uc = uc, .id = account_id };
	enum action action = acct_action(uc, account_id);
	char old_hash[PWHASH_MAX] = "", new_hash[PWHASH_MAX] = "";
	int rc;

	/* Read, then verify outside any transaction (slow on purpose). */
	if ((rc = acct_run(&r, action, N_("Le mot de passe n'a pas été modifié."), why)) != RC_OK)
		goto out;
	if (r.a.disabled) {
		rc = fail(why, RC_DENIED, "%s", _("Ce compte est désactivé."));
		goto out;
	}
	strlcpy_(old_hash, r.a.pwhash, sizeof old_hash);
	if (old_hash[0] == '\0') {
		/* A key-only account: no current password to give. */
		if (current != NULL && current[0] != '\0') {
			rc = fail(why, RC_DENIED, "%s",
			          _("Pas encore de mot de passe : laissez « actuel » vide."));
			goto out;
		}
	} else if (!password_verify(old_hash, current != NULL ? current : "")) {
		rc = fail(why, RC_DENIED, "%s", _("Mot de passe actuel incorrect."));
		goto out;
	}
	if (new_pw == NULL || confirm == NULL || strcmp(new_pw, confirm) != 0) {
		rc = fail(why, RC_INVALID, "%s",
		          _("Les deux saisies du nouveau mot de passe diffèrent."));
		goto out;
	}
	if ((rc = password_policy_check(new_pw, why)) != RC_OK)
		goto out;
	if (current != NULL && strcmp(new_pw, current) == 0) {
		rc = fail(why, RC_INVALID, "%s",
		          _("Le nouveau mot de passe doit être différent du mot de passe actuel."));
		goto out;
	}
	if (password_hash(new_pw, new_hash) != RC_OK) {
		rc = fail(why, RC_ERR, "%s", _("Le mot de passe n'a pas pu être chiffré."));
		goto out;
	}
	r.edit = edit_password;
	r.old_hash = old_hash;
	r.new_hash = new_hash;
	if ((rc = acct_run(&r, action, N_("Le mot de passe n'a pas été modifié."), why)) == RC_OK)
		log_info("account %s changed its password", r.a.login);
out:
	account_clear(&r.a);
	wipe(old_hash, sizeof old_hash);
	wipe(new_hash, sizeof new_hash);
	return rc;
}

static int set_password(const struct uc *uc, const char *login, const char *new_pw, bool once,
                        char **why)
{
	struct acct_run r = { .uc = uc, .login = login, .edit = edit_password, .once = once };
	char new_hash[PWHASH_MAX] = "";
	int rc;

	if ((rc = account_login_check(login, why)) != RC_OK)
		goto out;
	if ((rc = password_policy_check(new_pw, why)) != RC_OK)
		goto out;
	if (password_hash(new_pw, new_hash) != RC_OK) {
		rc = fail(why, RC_ERR, "%s", _("Le mot de passe n'a pas pu être chiffré."));
		goto out;
	}
	r.new_hash = new_hash;
	rc = acct_run(&r, ACT_ACCOUNT_ADMIN, N_("Le mot de passe n'a pas été modifié."), why);
	if (rc == RC_OK)
		log_info("password of account %s set by %s", r.a.login, uc->actor->login);
out:
	account_clear(&r.a);
	wipe(new_hash, sizeof new_hash);
	return rc;
}

int account_set_password(const struct uc *uc, const char *login, const char *new_pw,
                         char **why)
{
	return set_password(uc, login, new_pw, false, why);
}

int account_set_password_once(const struct uc *uc, const char *login, const char *new_pw,
                              char **why)
{
	return set_password(uc, login, new_pw, true, why);
}

/* ---- enabled, disabled ---- */

static int edit_disabled(struct acct_run *r, char **why)
{
	if (r->a.disabled == r->disabled) {
		r->noop = true;       /* already so: nothing to write */
		return RC_OK;
	}
	r->a.disabled = r->disabled;
	r->after = r->disabled ? N_("compte désactivé") : N_("compte réactivé");
	return RC_OK;
}

int account_set_disabled(const struct uc *uc, const char *login, bool disabled, char **why)
{
	struct acct_run r = { .uc = uc, .login = login, .edit = edit_disabled,
		              .disabled = disabled };
	int rc;

	if ((rc = account_login_check(login, why)) != RC_OK)
		return rc;
	rc = acct_run(&r, ACT_ACCOUNT_ADMIN, N_("Le compte n'a pas été modifié."), why);
	if (rc == RC_OK && !r.noop)
		log_info("account %s %s by %s", r.a.login, disabled ? "disabled" : "enabled",
		         uc->actor->login);
	account_clear(&r.a);
	return rc;
}

/* ---- SSH keys ---- */

/* True when two checked lines hold the same key (type and blob), whatever the comment. */
static bool same_key(const char *x, const char *y)
{
	char *tx = NULL, *bx = NULL, *ty = NULL, *by = NULL;
	bool same = false;

	if (sshkey_line_split(x, &tx, &bx) == RC_OK && sshkey_line_split(y, &ty, &by) == RC_OK)
		same = strcmp(tx, ty) == 0 && strcmp(bx, by) == 0;
	free(tx);
	free(bx);
	free(ty);
	free(by);
	return same;
}

static int edit_key_add(struct acct_run *r, char **why)
{
	for (size_t i = 0; i < r->a.nkeys; i++)
		if (same_key(r->a.keys[i], r->key))
			return fail(why, RC_EXISTS, "%s",
			            _("Cette clé est déjà enregistrée sur ce compte."));
	if (r->a.nkeys >= ACCOUNT_KEYS_MAX)
		return fail(why, RC_FULL,
		            _("%d clés au plus : retirez-en une avant d'en ajouter une autre."),
		            ACCOUNT_KEYS_MAX);
	r->a.keys[r->a.nkeys++] = r->key;
	r->key = NULL;
	r->after = N_("clé SSH ajoutée");
	return RC_OK;
}

int account_key_add(const struct uc *uc, uint64_t account_id, const char *line, char **why)
{
	struct acct_run r = { .uc = uc, .id = account_id, .edit = edit_key_add };
	int rc;

	if ((rc = sshkey_line_check(line, &r.key, why)) != RC_OK)
		goto out;
	rc = acct_run(&r, acct_action(uc, account_id), N_("La clé n'a pas été ajoutée."), why);
	if (rc == RC_OK)
		log_info("account %s added a public key", r.a.login);
out:
	free(r.key);
	account_clear(&r.a);
	return rc;
}

static int edit_key_remove(struct acct_run *r, char **why)
{
	if (r->idx >= r->a.nkeys)
		return fail(why, RC_NOTFOUND, "%s", _("Cette clé n'existe plus sur ce compte."));
	if (r->a.nkeys == 1 && r->a.pwhash[0] == '\0')
		return fail(why, RC_DENIED, "%s",
		            _("Dernier moyen de connexion : définissez d'abord un mot de passe."));
	free(r->a.keys[r->idx]);
	memmove(&r->a.keys[r->idx], &r->a.keys[r->idx + 1],
	        (r->a.nkeys - r->idx - 1) * sizeof r->a.keys[0]);
	r->a.keys[--r->a.nkeys] = NULL;
	r->after = N_("clé SSH retirée");
	return RC_OK;
}

int account_key_remove(const struct uc *uc, uint64_t account_id, size_t idx, char **why)
{
	struct acct_run r = { .uc = uc, .id = account_id, .edit = edit_key_remove, .idx = idx };
	int rc = acct_run(&r, acct_action(uc, account_id), N_("La clé n'a pas été retirée."), why);

	if (rc == RC_OK)
		log_info("account %s removed a public key", r.a.login);
	account_clear(&r.a);
	return rc;
}
