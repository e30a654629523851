/*
 * account.c — staff accounts: login syntax, password policy and hashing
 * (libsodium argon2id), and the account use cases (create, authenticate,
 * change or set a password, enable/disable, add/remove SSH keys). Each use
 * case that changes data is one store write transaction, committed before
 * RC_OK is returned; slow password hashing is done outside the transaction so
 * that the single LMDB writer is never held for it.
 */
#include "core/core.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

/*
 * argon2id cost: 64 MiB and 2 passes. Measured on the 2-core reference
 * machine (Intel Xeon, libsodium 1.0.18): one verification takes about
 * 90 ms (64 MiB/t=3: 117 ms; 32 MiB/t=4: 59 ms). Changing these makes old
 * hashes verify at their own cost; regenerate dummy_hash below with the same
 * figures (a unit test checks that they agree).
 */
#define PWHASH_OPSLIMIT 2ULL
#define PWHASH_MEMLIMIT ((size_t)64 << 20)

/* Passwords longer than this (bytes) are refused before any hashing. */
#define PASSWORD_BYTES_MAX (PASSWORD_MAX * 4)

/*
 * A hash of a random secret nobody knows, with the current cost: verified
 * against when the login is unknown, disabled or has no password, so that
 * such attempts cost the same time as a real one.
 */
static const char dummy_hash[PWHASH_MAX] =
	"$argon2id$v=19$m=65536,t=2,p=1$j6uEyTcmgfkdDSOM3p5xWA$"
	"U8z0HFMfLSQfT/u0C17Q1d0IUcLadrHOACx/+BcLib0";

static bool crypto_ready(void)
{
	static int state;     /* 0 not tried, 1 ready, -1 failed */

	if (state == 0) {
		state = sodium_init() < 0 ? -1 : 1;
		if (state < 0)
			log_error("libsodium initialisation failed");
	}
	return state > 0;
}

const char *account_dummy_hash(void)
{
	return dummy_hash;
}

bool password_hash_current(const char *hash)
{
	return crypto_ready() && hash != NULL &&
	       crypto_pwhash_str_needs_rehash(hash, PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) == 0;
}

/* A French message for a store failure inside a use case. */
static int store_failed(char **why, int rc)
{
	if (rc == RC_STALE)
		return fail(why, rc, "Le compte a été modifié entre-temps : recommencez.");
	if (rc == RC_NOTFOUND)
		return fail(why, rc, "Ce compte n'existe plus.");
	if (rc == RC_FULL)
		return fail(why, rc, "La base de données est pleine : prévenez l'exploitant.");
	return fail(why, rc < 0 ? rc : RC_ERR,
	            "Base de données indisponible (%s) : réessayez plus tard.", rc_str(rc));
}

/* ---- rules ---- */

int account_login_check(const char *login, char **why)
{
	size_t len;

	if (login == NULL || login[0] == '\0')
		return fail(why, RC_INVALID, "L'identifiant est obligatoire.");
	len = strnlen(login, LOGIN_MAX + 1);
	if (len < 2)
		return fail(why, RC_INVALID, "L'identifiant est trop court : 2 caractères au moins.");
	if (len > LOGIN_MAX)
		return fail(why, RC_INVALID, "L'identifiant est trop long : %d caractères au plus.",
		            LOGIN_MAX);
	if (!(login[0] >= 'a' && login[0] <= 'z'))
		return fail(why, RC_INVALID,
		            "L'identifiant doit commencer par une lettre minuscule (a à z).");
	for (size_t i = 0; i < len; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return fail(why, RC_INVALID,
			            "L'identifiant ne peut contenir que des lettres minuscules sans "
			            "accent, des chiffres, « . », « _ » et « - ».");
	}
	return RC_OK;
}

int password_policy_check(const char *pw, char **why)
{
	enum { LOWER = 1, UPPER = 2, DIGIT = 4, OTHER = 8 };
	size_t len, off = 0, n = 0, step;
	unsigned classes = 0;
	uint32_t cp;

	if (pw == NULL || pw[0] == '\0')
		return fail(why, RC_INVALID, "Le mot de passe est vide.");
	len = strnlen(pw, PASSWORD_BYTES_MAX + 1);
	if (len > PASSWORD_BYTES_MAX)
		return fail(why, RC_INVALID, "Le mot de passe est trop long : %d caractères au plus.",
		            PASSWORD_MAX);
	while (off < len) {
		step = utf8_decode(pw + off, len - off, &cp);
		if (cp == UTF8_INVALID)
			return fail(why, RC_INVALID,
			            "Le mot de passe n'est pas un texte UTF-8 valide.");
		if (text_is_control(cp))
			return fail(why, RC_INVALID,
			            "Le mot de passe contient un caractère de contrôle.");
		if (cp >= 'a' && cp <= 'z')
			classes |= LOWER;
		else if (cp >= 'A' && cp <= 'Z')
			classes |= UPPER;
		else if (cp >= '0' && cp <= '9')
			classes |= DIGIT;
		else
			classes |= OTHER;
		off += step;
		n++;
	}
	if (n < PASSWORD_MIN)
		return fail(why, RC_INVALID,
		            "Le mot de passe est trop court : %d caractères au moins (il en a %zu).",
		            PASSWORD_MIN, n);
	if (n > PASSWORD_MAX)
		return fail(why, RC_INVALID, "Le mot de passe est trop long : %d caractères au plus.",
		            PASSWORD_MAX);
	/* Short reasons: they must fit the message line of an 80-column screen. */
	if (classes == DIGIT)
		return fail(why, RC_INVALID,
		            "Le mot de passe n'a que des chiffres : ajoutez des lettres.");
	if (classes == LOWER)
		return fail(why, RC_INVALID,
		            "Le mot de passe n'a que des minuscules : ajoutez des chiffres.");
	if (classes == UPPER)
		return fail(why, RC_INVALID,
		            "Le mot de passe n'a que des majuscules : ajoutez des chiffres.");
	if (classes == OTHER)
		return fail(why, RC_INVALID,
		            "Le mot de passe n'a que des signes : ajoutez des lettres.");
	return RC_OK;
}

int password_hash(const char *pw, char out[PWHASH_MAX])
{
	size_t len;

	if (!crypto_ready() || pw == NULL)
		return RC_ERR;
	len = strnlen(pw, PASSWORD_BYTES_MAX + 1);
	if (len > PASSWORD_BYTES_MAX)
		return RC_INVALID;
	if (crypto_pwhash_str_alg(out, pw, len, PWHASH_OPSLIMIT, PWHASH_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_error("argon2id hashing failed (out of memory?)");
		return RC_ERR;
	}
	return RC_OK;
}

bool password_verify(const char *hash, const char *pw)
{
	size_t len;
	bool ok;

	if (!crypto_ready() || pw == NULL)
		return false;
	if (hash == NULL || hash[0] == '\0' || strnlen(hash, PWHASH_MAX) >= PWHASH_MAX) {
		/* Same work as a real check, then no. */
		volatile int sink = crypto_pwhash_str_verify(dummy_hash, pw,
		                                             strnlen(pw, PASSWORD_BYTES_MAX));
		(void)sink;
		return false;
	}
	len = strnlen(pw, PASSWORD_BYTES_MAX + 1);
	ok = crypto_pwhash_str_verify(hash, pw, len > PASSWORD_BYTES_MAX ? 0 : len) == 0;
	return ok && len <= PASSWORD_BYTES_MAX;
}

/* ---- use cases ---- */

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
			rc = fail(why, RC_INVALID, "Aucune organisation n'a le numéro %s.", shown);
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
		rc = fail(why, RC_INVALID, "Aucune organisation ne répond à « %s » (numéro, SIREN, "
		                           "SIRET ou nom exact).", shown);
	else if (m->n > 1)
		rc = fail(why, RC_INVALID, "%zu organisations répondent à « %s » (numéros %s) : "
		                           "indiquez le numéro de la bonne (recond org list).",
		          m->n, shown, m->ids);
	else
		*out = m->first;
out:
	free(m);
	free(shown);
	return rc;
}


int account_create(struct store *st, const char *login, enum role role,
                   const char *org_name, const char *password,
                   const char *key_line, char **why)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	struct org o = { 0 };
	char *key = NULL;
	int rc;

	if ((rc = account_login_check(login, why)) != RC_OK)
		goto out;
	if ((int)role <= ROLE_NONE || role >= ROLE_COUNT) {
		rc = fail(why, RC_INVALID, "Rôle inconnu.");
		goto out;
	}
	if (password == NULL && key_line == NULL) {
		rc = fail(why, RC_INVALID,
		          "Il faut un mot de passe ou une clé SSH pour pouvoir se connecter.");
		goto out;
	}
	if (key_line != NULL && (rc = sshkey_line_check(key_line, &key, why)) != RC_OK)
		goto out;
	if (password != NULL) {
		if ((rc = password_policy_check(password, why)) != RC_OK)
			goto out;
		if ((rc = password_hash(password, a.pwhash)) != RC_OK) {
			rc = fail(why, RC_ERR, "Le mot de passe n'a pas pu être chiffré.");
			goto out;
		}
	}
	strlcpy_(a.login, login, sizeof a.login);
	a.role = role;
	if (key != NULL) {
		a.keys[a.nkeys++] = key;
		key = NULL;
	}

	if ((rc = store_begin(st, true, &txn)) != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	if (org_name != NULL) {
		if ((rc = org_resolve(txn, org_name, &o, why)) != RC_OK)
			goto out;
		if (!role_fits_org(role, o.kind)) {
			char *shown = text_sanitize(o.name, false);
			rc = fail(why, RC_INVALID,
			          "L'organisation « %s » ne peut pas avoir de compte « %s ».",
			          shown, role_label(role));
			free(shown);
			goto out;
		}
		a.org_id = o.id;
	}
	rc = db_account_insert(txn, &a);
	if (rc == RC_EXISTS) {
		rc = fail(why, RC_EXISTS, "L'identifiant « %s » est déjà pris.", login);
		goto out;
	}
	if (rc != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	log_info("account %s created (role %s)", a.login, role_name(role));
out:
	store_abort(txn);
	free(key);
	account_clear(&a);
	return rc;
}

int account_auth_password(struct store *st, const char *login, const char *pw,
                          struct account *out)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	bool found = false, ok;
	int rc;

	if (login != NULL && account_login_check(login, NULL) == RC_OK) {
		if ((rc = store_begin(st, false, &txn)) != RC_OK) {
			log_error("cannot read accounts: %s", rc_str(rc));
		} else {
			rc = db_account_by_login(txn, login, &a);
			store_abort(txn);
			if (rc == RC_OK)
				found = true;
			else if (rc != RC_NOTFOUND)
				log_error("cannot read account: %s", rc_str(rc));
		}
	}
	/* Exactly one argon2id verification whatever happened above. */
	ok = password_verify(found && a.pwhash[0] != '\0' ? a.pwhash : dummy_hash,
	                     pw != NULL ? pw : "");
	if (!found || a.pwhash[0] == '\0' || a.disabled || !ok) {
		account_clear(&a);
		return RC_DENIED;
	}
	*out = a;
	return RC_OK;
}

int account_for_login(struct store *st, const char *login, struct account *out)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	int rc;

	if (login == NULL || account_login_check(login, NULL) != RC_OK)
		return RC_DENIED;
	if ((rc = store_begin(st, false, &txn)) != RC_OK) {
		log_error("cannot read accounts: %s", rc_str(rc));
		return RC_DENIED;
	}
	rc = db_account_by_login(txn, login, &a);
	store_abort(txn);
	if (rc != RC_OK || a.disabled) {
		if (rc != RC_OK && rc != RC_NOTFOUND)
			log_error("cannot read account: %s", rc_str(rc));
		account_clear(&a);
		return RC_DENIED;
	}
	*out = a;
	return RC_OK;
}

/*
 * Opens a write transaction and loads the account (by id, or by login when
 * login is not NULL). On failure *why is set and nothing is left open.
 */
static int begin_account(struct store *st, uint64_t id, const char *login,
                         struct store_txn **txn, struct account *a, char **why)
{
	int rc;

	if ((rc = store_begin(st, true, txn)) != RC_OK)
		return store_failed(why, rc);
	rc = login != NULL ? db_account_by_login(*txn, login, a) : db_account_get(*txn, id, a);
	if (rc != RC_OK) {
		store_abort(*txn);
		*txn = NULL;
		account_clear(a);
		if (rc == RC_NOTFOUND && login != NULL)
			return fail(why, RC_NOTFOUND, "Aucun compte n'a l'identifiant « %s ».", login);
		return store_failed(why, rc);
	}
	return RC_OK;
}

/* Saves a (loaded in txn) and commits; txn is consumed. */
static int save_account(struct store_txn *txn, struct account *a, char **why)
{
	int rc;

	a->updated_at = now_utc();
	if ((rc = db_account_update(txn, a)) != RC_OK) {
		store_abort(txn);
		return store_failed(why, rc);
	}
	if ((rc = store_commit(txn)) != RC_OK)
		return store_failed(why, rc);
	return RC_OK;
}

int account_change_password(struct store *st, uint64_t account_id,
                            const char *current, const char *new_pw,
                            const char *confirm, char **why)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	char old_hash[PWHASH_MAX] = "", new_hash[PWHASH_MAX] = "";
	int rc;

	/* Read, then verify outside any transaction (slow on purpose). */
	if ((rc = store_begin(st, false, &txn)) != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	rc = db_account_get(txn, account_id, &a);
	store_abort(txn);
	txn = NULL;
	if (rc != RC_OK) {
		rc = store_failed(why, rc);
		goto out;
	}
	if (a.disabled) {
		rc = fail(why, RC_DENIED, "Ce compte est désactivé.");
		goto out;
	}
	strlcpy_(old_hash, a.pwhash, sizeof old_hash);
	account_clear(&a);
	if (old_hash[0] == '\0') {
		/* A key-only account: no current password to give. */
		if (current != NULL && current[0] != '\0') {
			rc = fail(why, RC_DENIED,
			          "Pas encore de mot de passe : laissez « actuel » vide.");
			goto out;
		}
	} else if (!password_verify(old_hash, current != NULL ? current : "")) {
		rc = fail(why, RC_DENIED, "Mot de passe actuel incorrect.");
		goto out;
	}
	if (new_pw == NULL || confirm == NULL || strcmp(new_pw, confirm) != 0) {
		rc = fail(why, RC_INVALID, "Les deux saisies du nouveau mot de passe diffèrent.");
		goto out;
	}
	if ((rc = password_policy_check(new_pw, why)) != RC_OK)
		goto out;
	if (current != NULL && strcmp(new_pw, current) == 0) {
		rc = fail(why, RC_INVALID,
		          "Le nouveau mot de passe doit être différent du mot de passe actuel.");
		goto out;
	}
	if (password_hash(new_pw, new_hash) != RC_OK) {
		rc = fail(why, RC_ERR, "Le mot de passe n'a pas pu être chiffré.");
		goto out;
	}

	if ((rc = begin_account(st, account_id, NULL, &txn, &a, why)) != RC_OK)
		goto out;
	if (strcmp(a.pwhash, old_hash) != 0 || a.disabled) {
		/* Changed by someone else while we were verifying. */
		store_abort(txn);
		txn = NULL;
		rc = store_failed(why, RC_STALE);
		goto out;
	}
	strlcpy_(a.pwhash, new_hash, sizeof a.pwhash);
	rc = save_account(txn, &a, why);
	txn = NULL;
	if (rc == RC_OK)
		log_info("account %s changed its password", a.login);
out:
	store_abort(txn);
	account_clear(&a);
	wipe(old_hash, sizeof old_hash);
	wipe(new_hash, sizeof new_hash);
	return rc;
}

int account_set_password(struct store *st, const char *login, const char *new_pw,
                         char **why)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	char new_hash[PWHASH_MAX] = "";
	int rc;

	if ((rc = account_login_check(login, why)) != RC_OK)
		goto out;
	if ((rc = password_policy_check(new_pw, why)) != RC_OK)
		goto out;
	if (password_hash(new_pw, new_hash) != RC_OK) {
		rc = fail(why, RC_ERR, "Le mot de passe n'a pas pu être chiffré.");
		goto out;
	}
	if ((rc = begin_account(st, 0, login, &txn, &a, why)) != RC_OK)
		goto out;
	strlcpy_(a.pwhash, new_hash, sizeof a.pwhash);
	rc = save_account(txn, &a, why);
	txn = NULL;
	if (rc == RC_OK)
		log_info("password of account %s set by the operator", a.login);
out:
	store_abort(txn);
	account_clear(&a);
	wipe(new_hash, sizeof new_hash);
	return rc;
}

int account_set_disabled(struct store *st, const char *login, bool disabled, char **why)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	int rc;

	if ((rc = account_login_check(login, why)) != RC_OK)
		return rc;
	if ((rc = begin_account(st, 0, login, &txn, &a, why)) != RC_OK)
		return rc;
	if (a.disabled == disabled) {
		store_abort(txn);
		account_clear(&a);
		return RC_OK;   /* already so: nothing to write */
	}
	a.disabled = disabled;
	rc = save_account(txn, &a, why);
	if (rc == RC_OK)
		log_info("account %s %s", a.login, disabled ? "disabled" : "enabled");
	account_clear(&a);
	return rc;
}

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

int account_key_add(struct store *st, uint64_t account_id, const char *line, char **why)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	char *key = NULL;
	int rc;

	if ((rc = sshkey_line_check(line, &key, why)) != RC_OK)
		goto out;
	if ((rc = begin_account(st, account_id, NULL, &txn, &a, why)) != RC_OK)
		goto out;
	for (size_t i = 0; i < a.nkeys; i++) {
		if (same_key(a.keys[i], key)) {
			rc = fail(why, RC_EXISTS, "Cette clé est déjà enregistrée sur ce compte.");
			goto out;
		}
	}
	if (a.nkeys >= ACCOUNT_KEYS_MAX) {
		rc = fail(why, RC_FULL,
		          "%d clés au plus : retirez-en une avant d'en ajouter une autre.",
		          ACCOUNT_KEYS_MAX);
		goto out;
	}
	a.keys[a.nkeys++] = key;
	key = NULL;
	rc = save_account(txn, &a, why);
	txn = NULL;
	if (rc == RC_OK)
		log_info("account %s added a public key", a.login);
out:
	store_abort(txn);
	free(key);
	account_clear(&a);
	return rc;
}

int account_key_remove(struct store *st, uint64_t account_id, size_t idx, char **why)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	int rc;

	if ((rc = begin_account(st, account_id, NULL, &txn, &a, why)) != RC_OK)
		goto out;
	if (idx >= a.nkeys) {
		rc = fail(why, RC_NOTFOUND, "Cette clé n'existe plus sur ce compte.");
		goto out;
	}
	if (a.nkeys == 1 && a.pwhash[0] == '\0') {
		rc = fail(why, RC_DENIED,
		          "Dernier moyen de connexion : définissez d'abord un mot de passe.");
		goto out;
	}
	free(a.keys[idx]);
	memmove(&a.keys[idx], &a.keys[idx + 1], (a.nkeys - idx - 1) * sizeof a.keys[0]);
	a.keys[--a.nkeys] = NULL;
	rc = save_account(txn, &a, why);
	txn = NULL;
	if (rc == RC_OK)
		log_info("account %s removed a public key", a.login);
out:
	store_abort(txn);
	account_clear(&a);
	return rc;
}
