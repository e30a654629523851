/*
 * test-core-account.c — account rules and use cases against a real store in
 * a temporary directory: login syntax, password policy, argon2id hashing,
 * creation, password and public-key authentication answers, password change
 * (each bad case with its French message), operator reset, disabling, SSH
 * keys (malformed, duplicate, cap, removal), and that every change is
 * committed (visible after reopening the store).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "core/uc-account.h"
#include "core/uc-session.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static const char key_ed25519[] =
	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFqh9ZAEDpdN+lGC7bzyM3A/yP7unK9vBf"
	"ecwUONN5P/ test-ed25519@recond";

static char *datadir;
static struct store *st;

static const char org_commune[] = "Mairie de Felletin";
static const char org_pref[] = "Préfecture de la Creuse";

/* ---- fixture ---- */

static void add_org(enum org_kind kind, const char *name, const char *dept)
{
	struct store_txn *txn = NULL;
	struct org o = { 0 };

	o.kind = kind;
	o.status = ORG_VALIDATED;
	strlcpy_(o.name, name, sizeof o.name);
	strlcpy_(o.dept, dept, sizeof o.dept);
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &o), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
}

static int setup(void **state)
{
	char *why = NULL;
	(void)state;

	datadir = fixture_new_store();
	if (store_open(datadir, &st, &why) != RC_OK) {
		fprintf(stderr, "store: %s\n", why ? why : "?");
		free(why);
		return -1;
	}
	add_org(ORG_COMMUNE, org_commune, "23");
	add_org(ORG_PREFECTURE, org_pref, "23");
	log_set_level(LOG_WARN);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_close(st, datadir);
	st = NULL;
	datadir = NULL;
	return 0;
}

/*
 * The context of account id acting on itself, built from the record (so
 * that a disabled account still names itself); an unknown id gives a
 * collectivité actor of that id.
 */
static const struct uc *me(uint64_t id)
{
	static struct actor a;
	static struct uc uc;
	struct store_txn *txn = NULL;
	struct account acc = { 0 };
	struct org o;

	memset(&a, 0, sizeof a);
	a.account_id = id;
	a.role = ROLE_COLLECTIVITE;
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	if (db_account_get(txn, id, &acc) == RC_OK) {
		strlcpy_(a.login, acc.login, sizeof a.login);
		a.role = acc.role;
		a.org_id = acc.org_id;
		if (acc.org_id != 0 && db_org_get(txn, acc.org_id, &o) == RC_OK)
			strlcpy_(a.dept, o.dept, sizeof a.dept);
	}
	store_abort(txn);
	account_clear(&acc);
	uc.st = st;
	uc.actor = &a;
	return &uc;
}

/* Reads an account by login (fresh read transaction). */
static void get_account(const char *login, struct account *out)
{
	struct store_txn *txn = NULL;

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_by_login(txn, login, out), RC_OK);
	store_abort(txn);
}

/*
 * Asserts rc and that *whyp contains part; frees it and resets it to NULL.
 * whyp is read only here, after the call that set it has run.
 */
static void assert_why(int rc, int want, char **whyp, const char *part)
{
	char *why = *whyp;

	*whyp = NULL;
	if (rc != want)
		fail_msg("rc %d (%s), wanted %d; why: %s", rc, rc_str(rc), want, why ? why : "-");
	if (part != NULL) {
		assert_non_null(why);
		if (strstr(why, part) == NULL)
			fail_msg("reason « %s » lacks « %s »", why, part);
	}
	free(why);
}

/* A structurally valid ed25519 key line whose 32 key bytes are all `b`. */
static char *ed_key(unsigned char b, const char *comment)
{
	unsigned char blob[4 + 11 + 4 + 32];
	char b64[128];

	memcpy(blob, "\0\0\0\x0bssh-ed25519\0\0\0\x20", 19);
	memset(blob + 19, b, 32);
	sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
	return xasprintf("ssh-ed25519 %s %s", b64, comment);
}

static uint64_t create(const char *login, enum role role, const char *org, const char *pw,
                       const char *key)
{
	struct account a = { 0 };
	char *why = NULL;
	uint64_t id;
	int rc = account_create(fixture_system(st, 0), login, role, org, pw, key, &why);

	if (rc != RC_OK)
		fail_msg("account_create(%s): %s", login, why ? why : rc_str(rc));
	get_account(login, &a);
	id = a.id;
	account_clear(&a);
	return id;
}

/* ---- pure rules ---- */

static void test_login_check(void **state)
{
	char *why = NULL;
	char big[LOGIN_MAX + 2];
	(void)state;

	assert_int_equal(account_login_check("felletin", NULL), RC_OK);
	assert_int_equal(account_login_check("marie.dupont-23_b", NULL), RC_OK);
	assert_int_equal(account_login_check("ab", NULL), RC_OK);
	memset(big, 'a', LOGIN_MAX);
	big[LOGIN_MAX] = '\0';
	assert_int_equal(account_login_check(big, NULL), RC_OK);
	big[LOGIN_MAX] = 'a';
	big[LOGIN_MAX + 1] = '\0';
	assert_why(account_login_check(big, &why), RC_INVALID, &why, "trop long");
	assert_why(account_login_check("a", &why), RC_INVALID, &why, "trop court");
	assert_why(account_login_check("", &why), RC_INVALID, &why, "obligatoire");
	assert_why(account_login_check(NULL, &why), RC_INVALID, &why, "obligatoire");
	assert_why(account_login_check("9lives", &why), RC_INVALID, &why, "commencer par une lettre");
	assert_why(account_login_check(".hidden", &why), RC_INVALID, &why, "commencer");
	assert_why(account_login_check("Marie", &why), RC_INVALID, &why, "commencer");
	assert_why(account_login_check("marIe", &why), RC_INVALID, &why, "minuscules");
	assert_why(account_login_check("hélène", &why), RC_INVALID, &why, "sans accent");
	assert_why(account_login_check("a b", &why), RC_INVALID, &why, "minuscules");
	assert_why(account_login_check("a\x1b[2J", &why), RC_INVALID, &why, "minuscules");
	assert_why(account_login_check("root;rm", &why), RC_INVALID, &why, "minuscules");
}

static void test_password_policy(void **state)
{
	char *why = NULL, big[PASSWORD_MAX + 2];
	(void)state;

	assert_int_equal(password_policy_check("demo-felletin-23", NULL), RC_OK);
	assert_int_equal(password_policy_check("abcdefghi1", NULL), RC_OK);          /* 10 */
	assert_int_equal(password_policy_check("Sept mots de passe", NULL), RC_OK);
	assert_int_equal(password_policy_check("éléphant12", NULL), RC_OK);  /* 10 code points */
	assert_why(password_policy_check("abcdefgh1", &why), RC_INVALID, &why,
	           "trop court : 10 caractères au moins (il en a 9)");
	assert_why(password_policy_check("éléphant1", &why), RC_INVALID, &why, "il en a 9");
	assert_why(password_policy_check("", &why), RC_INVALID, &why, "vide");
	assert_why(password_policy_check(NULL, &why), RC_INVALID, &why, "vide");
	assert_why(password_policy_check("1234567890123", &why), RC_INVALID, &why,
	           "que des chiffres");
	assert_why(password_policy_check("motdepasselong", &why), RC_INVALID, &why,
	           "que des minuscules");
	assert_why(password_policy_check("MOTDEPASSELONG", &why), RC_INVALID, &why,
	           "que des majuscules");
	assert_why(password_policy_check("!!!!--!!!!--", &why), RC_INVALID, &why,
	           "que des signes");
	assert_why(password_policy_check("motdepasse\x1b" "123", &why), RC_INVALID, &why,
	           "caractère de contrôle");
	assert_why(password_policy_check("motdepasse\t123", &why), RC_INVALID, &why,
	           "caractère de contrôle");
	assert_why(password_policy_check("motdepasse\xff" "123", &why), RC_INVALID, &why, "UTF-8");
	memset(big, 'a', PASSWORD_MAX);
	big[0] = '1';
	big[PASSWORD_MAX] = '\0';
	assert_int_equal(password_policy_check(big, NULL), RC_OK);
	big[PASSWORD_MAX] = 'a';
	big[PASSWORD_MAX + 1] = '\0';
	assert_why(password_policy_check(big, &why), RC_INVALID, &why, "trop long");
}

static void test_hash_verify(void **state)
{
	char h[PWHASH_MAX], h2[PWHASH_MAX];
	(void)state;

	assert_int_equal(password_hash("demo-felletin-23", h), RC_OK);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(password_hash_current(h));
	assert_true(password_verify(h, "demo-felletin-23"));
	assert_false(password_verify(h, "demo-felletin-24"));
	assert_false(password_verify(h, ""));
	assert_false(password_verify(h, NULL));
	assert_false(password_verify("", "demo-felletin-23"));
	assert_false(password_verify(NULL, "demo-felletin-23"));
	assert_false(password_verify("$argon2id$garbage", "demo-felletin-23"));
	/* Salted: the same password twice gives two hashes. */
	assert_int_equal(password_hash("demo-felletin-23", h2), RC_OK);
	assert_string_not_equal(h, h2);
	/* The timing decoy costs what a real hash costs, and matches nothing typed. */
	assert_true(password_hash_current(account_dummy_hash()));
	assert_false(password_verify(account_dummy_hash(), ""));
	assert_false(password_verify(account_dummy_hash(), "demo-felletin-23"));
	/* An old cost is reported as not current. */
	assert_false(password_hash_current(
		"$argon2id$v=19$m=8192,t=1,p=1$j6uEyTcmgfkdDSOM3p5xWA$"
		"U8z0HFMfLSQfT/u0C17Q1d0IUcLadrHOACx/+BcLib0"));
}

/* ---- creation ---- */

static void test_create(void **state)
{
	struct account a = { 0 };
	char *why = NULL;
	(void)state;

	create("felletin", ROLE_COLLECTIVITE, org_commune, "demo-felletin-23", NULL);
	get_account("felletin", &a);
	assert_true(a.id > 0);
	assert_int_equal(a.version, 1);
	assert_int_equal(a.role, ROLE_COLLECTIVITE);
	assert_true(a.org_id > 0);
	assert_int_equal(a.nkeys, 0);
	assert_false(a.disabled);
	assert_true(strncmp(a.pwhash, "$argon2id$", 10) == 0);
	assert_null(strstr(a.pwhash, "demo-felletin-23"));
	account_clear(&a);

	assert_why(account_create(fixture_system(st, 0), "felletin", ROLE_COLLECTIVITE, org_commune,
	                          "demo-felletin-23", NULL, &why),
	           RC_EXISTS, &why, "déjà pris");
	assert_why(account_create(fixture_system(st, 0), "nouveau", ROLE_COLLECTIVITE, "Mairie de Nulle-Part",
	                          "demo-felletin-23", NULL, &why),
	           RC_INVALID, &why, "Aucune organisation ne répond à « Mairie de Nulle-Part »");
	/* Exact name only. */
	assert_why(account_create(fixture_system(st, 0), "nouveau", ROLE_COLLECTIVITE, "mairie de felletin",
	                          "demo-felletin-23", NULL, &why),
	           RC_INVALID, &why, "Aucune organisation");
	/* An organisation name with an escape sequence is not echoed raw. */
	assert_int_equal(account_create(fixture_system(st, 0), "nouveau", ROLE_COLLECTIVITE, "X\x1b[2J",
	                                "demo-felletin-23", NULL, &why), RC_INVALID);
	assert_null(strchr(why, '\x1b'));
	free(why);
	why = NULL;
	assert_why(account_create(fixture_system(st, 0), "nouveau", ROLE_ANCT, org_commune, "demo-felletin-23",
	                          NULL, &why),
	           RC_INVALID, &why, "ne peut pas avoir de compte « ANCT »");
	assert_why(account_create(fixture_system(st, 0), "nouveau", ROLE_COLLECTIVITE, org_commune, NULL, NULL, &why),
	           RC_INVALID, &why, "mot de passe ou une clé");
	assert_why(account_create(fixture_system(st, 0), "nouveau", ROLE_COLLECTIVITE, org_commune, "court", NULL,
	                          &why),
	           RC_INVALID, &why, "trop court");
	assert_why(account_create(fixture_system(st, 0), "nouveau", ROLE_COLLECTIVITE, org_commune, NULL,
	                          "ssh-ed25519 AAAA", &why),
	           RC_INVALID, &why, "Clé");
	assert_why(account_create(fixture_system(st, 0), "Nouveau", ROLE_COLLECTIVITE, org_commune,
	                          "demo-felletin-23", NULL, &why),
	           RC_INVALID, &why, "identifiant");
	assert_why(account_create(fixture_system(st, 0), "nouveau", ROLE_NONE, NULL, "demo-felletin-23", NULL, &why),
	           RC_INVALID, &why, "Rôle");
	/* None of the refused attempts left anything behind. */
	{
		struct store_txn *txn = NULL;
		assert_int_equal(store_begin(st, false, &txn), RC_OK);
		assert_int_equal(db_account_by_login(txn, "nouveau", &a), RC_NOTFOUND);
		store_abort(txn);
	}
	/* Key only, no organisation. */
	create("cle.seule", ROLE_ANCT, NULL, NULL, key_ed25519);
	get_account("cle.seule", &a);
	assert_string_equal(a.pwhash, "");
	assert_int_equal(a.nkeys, 1);
	assert_string_equal(a.keys[0], key_ed25519);
	assert_int_equal(a.org_id, 0);
	account_clear(&a);
}

/* ---- authentication ---- */

static void test_auth_password(void **state)
{
	struct account a = { 0 };
	char *why = NULL;
	(void)state;

	create("pref.auth", ROLE_PREFECTURE, org_pref, "Prefecture-2026", NULL);
	assert_int_equal(account_auth_password(st, "pref.auth", "Prefecture-2026", &a), RC_OK);
	assert_string_equal(a.login, "pref.auth");
	assert_int_equal(a.role, ROLE_PREFECTURE);
	account_clear(&a);
	/* Wrong password, unknown login, malformed login, NULL: one same answer. */
	assert_int_equal(account_auth_password(st, "pref.auth", "prefecture-2026", &a), RC_DENIED);
	assert_int_equal(account_auth_password(st, "pref.auth", "", &a), RC_DENIED);
	assert_int_equal(account_auth_password(st, "pref.auth", NULL, &a), RC_DENIED);
	assert_int_equal(account_auth_password(st, "inconnu", "Prefecture-2026", &a), RC_DENIED);
	assert_int_equal(account_auth_password(st, "X Y\x1b", "Prefecture-2026", &a), RC_DENIED);
	assert_int_equal(account_auth_password(st, NULL, "Prefecture-2026", &a), RC_DENIED);
	/* Disabled: denied even with the right password, and for public keys. */
	assert_int_equal(account_set_disabled(fixture_system(st, 0), "pref.auth", true, &why), RC_OK);
	assert_int_equal(account_auth_password(st, "pref.auth", "Prefecture-2026", &a), RC_DENIED);
	assert_int_equal(account_for_login(st, "pref.auth", &a), RC_DENIED);
	/* Disabling twice is fine and writes nothing. */
	assert_int_equal(account_set_disabled(fixture_system(st, 0), "pref.auth", true, &why), RC_OK);
	assert_int_equal(account_set_disabled(fixture_system(st, 0), "pref.auth", false, &why), RC_OK);
	assert_int_equal(account_auth_password(st, "pref.auth", "Prefecture-2026", &a), RC_OK);
	account_clear(&a);
	assert_why(account_set_disabled(fixture_system(st, 0), "inconnu", true, &why), RC_NOTFOUND, &why,
	           "Aucun compte");
	/* A key-only account never logs in by password, whatever is typed. */
	create("cle.auth", ROLE_ANCT, NULL, NULL, key_ed25519);
	assert_int_equal(account_auth_password(st, "cle.auth", "", &a), RC_DENIED);
	assert_int_equal(account_auth_password(st, "cle.auth", "n'importe-quoi-1", &a), RC_DENIED);
}

static void test_for_login(void **state)
{
	struct account a = { 0 };
	(void)state;

	create("cle.login", ROLE_ANCT, NULL, NULL, key_ed25519);
	assert_int_equal(account_for_login(st, "cle.login", &a), RC_OK);
	assert_int_equal(a.nkeys, 1);
	assert_string_equal(a.keys[0], key_ed25519);
	account_clear(&a);
	assert_int_equal(account_for_login(st, "inconnu", &a), RC_DENIED);
	assert_int_equal(account_for_login(st, "", &a), RC_DENIED);
	assert_int_equal(account_for_login(st, NULL, &a), RC_DENIED);
}

/* ---- changing passwords ---- */

static void test_change_password(void **state)
{
	struct account a = { 0 };
	char *why = NULL;
	uint64_t id;
	(void)state;

	id = create("chg", ROLE_COLLECTIVITE, org_commune, "Ancien-mot-1", NULL);
	assert_why(account_change_password(me(id), id, "Mauvais-mot-1", "Nouveau-mot-2",
	                                   "Nouveau-mot-2", &why),
	           RC_DENIED, &why, "Mot de passe actuel incorrect.");
	assert_why(account_change_password(me(id), id, "", "Nouveau-mot-2", "Nouveau-mot-2", &why),
	           RC_DENIED, &why, "Mot de passe actuel incorrect.");
	assert_why(account_change_password(me(id), id, NULL, "Nouveau-mot-2", "Nouveau-mot-2", &why),
	           RC_DENIED, &why, "Mot de passe actuel incorrect.");
	assert_why(account_change_password(me(id), id, "Ancien-mot-1", "court-1", "court-1", &why),
	           RC_INVALID, &why, "trop court");
	assert_why(account_change_password(me(id), id, "Ancien-mot-1", "Nouveau-mot-2",
	                                   "Nouveau-mot-3", &why),
	           RC_INVALID, &why, "Les deux saisies du nouveau mot de passe diffèrent.");
	assert_why(account_change_password(me(id), id, "Ancien-mot-1", "Ancien-mot-1", "Ancien-mot-1",
	                                   &why),
	           RC_INVALID, &why, "différent du mot de passe actuel");
	assert_why(account_change_password(me(id), id, "Ancien-mot-1", "1234567890123",
	                                   "1234567890123", &why),
	           RC_INVALID, &why, "que des chiffres");
	/* Nothing changed so far. */
	get_account("chg", &a);
	assert_int_equal(a.version, 1);
	account_clear(&a);
	assert_int_equal(account_change_password(me(id), id, "Ancien-mot-1", "Nouveau-mot-2",
	                                         "Nouveau-mot-2", &why), RC_OK);
	assert_null(why);
	assert_int_equal(account_auth_password(st, "chg", "Ancien-mot-1", &a), RC_DENIED);
	assert_int_equal(account_auth_password(st, "chg", "Nouveau-mot-2", &a), RC_OK);
	assert_int_equal(a.version, 2);
	account_clear(&a);
	/* Unknown account id. */
	assert_why(account_change_password(me(999999), 999999, "Nouveau-mot-2", "Autre-mot-3",
	                                   "Autre-mot-3", &why),
	           RC_NOTFOUND, &why, "n'existe plus");
	/* A disabled account cannot change its password. */
	assert_int_equal(account_set_disabled(fixture_system(st, 0), "chg", true, NULL), RC_OK);
	assert_why(account_change_password(me(id), id, "Nouveau-mot-2", "Autre-mot-3", "Autre-mot-3",
	                                   &why),
	           RC_DENIED, &why, "désactivé");
}

static void test_change_password_key_only(void **state)
{
	struct account a = { 0 };
	char *why = NULL;
	uint64_t id;
	(void)state;

	id = create("cle.chg", ROLE_ANCT, NULL, NULL, key_ed25519);
	assert_why(account_change_password(me(id), id, "quelque-chose-1", "Premier-mot-1",
	                                   "Premier-mot-1", &why),
	           RC_DENIED, &why, "Pas encore de mot de passe");
	assert_int_equal(account_change_password(me(id), id, "", "Premier-mot-1", "Premier-mot-1",
	                                         NULL), RC_OK);
	assert_int_equal(account_auth_password(st, "cle.chg", "Premier-mot-1", &a), RC_OK);
	account_clear(&a);
}

static void test_set_password(void **state)
{
	struct account a = { 0 };
	char *why = NULL;
	(void)state;

	create("reset", ROLE_COLLECTIVITE, org_commune, "Oublie-depuis-1", NULL);
	assert_why(account_set_password(fixture_system(st, 0), "reset", "court", &why), RC_INVALID, &why, "trop court");
	assert_why(account_set_password(fixture_system(st, 0), "absent", "Remis-a-zero-1", &why), RC_NOTFOUND, &why,
	           "Aucun compte n'a l'identifiant « absent »");
	assert_int_equal(account_set_password(fixture_system(st, 0), "reset", "Remis-a-zero-1", &why), RC_OK);
	assert_int_equal(account_auth_password(st, "reset", "Oublie-depuis-1", &a), RC_DENIED);
	assert_int_equal(account_auth_password(st, "reset", "Remis-a-zero-1", &a), RC_OK);
	/* set by the operator: no change asked at the next login */
	assert_false(a.must_change_pw);
	account_clear(&a);

	/* a one-time password: to be replaced at the next login, until the person does */
	assert_int_equal(account_set_password_once(fixture_system(st, 0), "reset", "Usage-unique-1",
	                                           &why), RC_OK);
	assert_int_equal(account_auth_password(st, "reset", "Usage-unique-1", &a), RC_OK);
	assert_true(a.must_change_pw);
	assert_int_equal(account_change_password(me(a.id), a.id, "Usage-unique-1", "A-moi-enfin-1",
	                                         "A-moi-enfin-1", &why), RC_OK);
	account_clear(&a);
	assert_int_equal(account_auth_password(st, "reset", "A-moi-enfin-1", &a), RC_OK);
	assert_false(a.must_change_pw);
	account_clear(&a);
}

/* ---- SSH keys ---- */

static void test_key_add(void **state)
{
	struct account a = { 0 };
	char *why = NULL, *k;
	uint64_t id;
	(void)state;

	id = create("cles", ROLE_COLLECTIVITE, org_commune, "Mot-de-passe-1", NULL);
	assert_why(account_key_add(me(id), id, "ssh-ed25519 AAAA== x", &why), RC_INVALID, &why,
	           "malformée");
	assert_why(account_key_add(me(id), id, "ssh-dss AAAAB3NzaC1kc3M", &why), RC_INVALID, &why,
	           "DSA");
	assert_why(account_key_add(me(id), id, "no-pty ssh-ed25519 AAAA", &why), RC_INVALID, &why,
	           "options");
	assert_why(account_key_add(me(id), id, "", &why), RC_INVALID, &why, "vide");
	assert_why(account_key_add(me(id), id, NULL, &why), RC_INVALID, &why, "vide");
	/* Pasted with blanks and a newline: stored canonical. */
	k = xasprintf("  %s  \n", key_ed25519);
	assert_int_equal(account_key_add(me(id), id, k, &why), RC_OK);
	free(k);
	get_account("cles", &a);
	assert_int_equal(a.nkeys, 1);
	assert_string_equal(a.keys[0], key_ed25519);
	account_clear(&a);
	/* Same key, another comment: a duplicate. */
	k = xasprintf("%.*s autre-commentaire", (int)(strchr(key_ed25519 + 12, ' ') - key_ed25519),
	              key_ed25519);
	assert_why(account_key_add(me(id), id, k, &why), RC_EXISTS, &why, "déjà enregistrée");
	free(k);
	/* Up to the cap, then full. */
	for (unsigned char b = 1; b < ACCOUNT_KEYS_MAX; b++) {
		k = ed_key(b, "cle");
		if (account_key_add(me(id), id, k, &why) != RC_OK)
			fail_msg("key %u: %s", b, why ? why : "?");
		free(k);
	}
	get_account("cles", &a);
	assert_int_equal(a.nkeys, ACCOUNT_KEYS_MAX);
	account_clear(&a);
	k = ed_key(200, "une de trop");
	assert_why(account_key_add(me(id), id, k, &why), RC_FULL, &why, "retirez-en une");
	free(k);
	/* A duplicate is reported as such even when full. */
	k = ed_key(3, "encore");
	assert_why(account_key_add(me(id), id, k, &why), RC_EXISTS, &why, "déjà enregistrée");
	free(k);
	assert_why(account_key_add(me(999999), 999999, key_ed25519, &why), RC_NOTFOUND, &why, NULL);
}

static void test_key_remove(void **state)
{
	struct account a = { 0 };
	char *why = NULL, *k1, *k2, *k3;
	uint64_t id;
	(void)state;

	k1 = ed_key(11, "un");
	k2 = ed_key(12, "deux");
	k3 = ed_key(13, "trois");
	id = create("retrait", ROLE_ANCT, NULL, NULL, k1);
	assert_int_equal(account_key_add(me(id), id, k2, NULL), RC_OK);
	assert_int_equal(account_key_add(me(id), id, k3, NULL), RC_OK);
	assert_why(account_key_remove(me(id), id, 3, &why), RC_NOTFOUND, &why, "n'existe plus");
	assert_int_equal(account_key_remove(me(id), id, 1, &why), RC_OK);
	get_account("retrait", &a);
	assert_int_equal(a.nkeys, 2);
	assert_string_equal(a.keys[0], k1);
	assert_string_equal(a.keys[1], k3);
	account_clear(&a);
	assert_int_equal(account_key_remove(me(id), id, 0, &why), RC_OK);
	/* The last key of an account without password stays. */
	assert_why(account_key_remove(me(id), id, 0, &why), RC_DENIED, &why, "Dernier moyen de connexion");
	get_account("retrait", &a);
	assert_int_equal(a.nkeys, 1);
	assert_string_equal(a.keys[0], k3);
	account_clear(&a);
	/* With a password it may go. */
	assert_int_equal(account_set_password(fixture_system(st, 0), "retrait", "Enfin-un-mot-1", NULL), RC_OK);
	assert_int_equal(account_key_remove(me(id), id, 0, &why), RC_OK);
	get_account("retrait", &a);
	assert_int_equal(a.nkeys, 0);
	account_clear(&a);
	free(k1);
	free(k2);
	free(k3);
}

/* ---- durability ---- */

/* uc_whoami: the account, the actor with its organisation's département, and refusals. */
static void test_whoami(void **state)
{
	struct whoami w;
	char *why = NULL;
	uint64_t id, lone;
	(void)state;

	id = create("qui", ROLE_COLLECTIVITE, org_commune, "Qui-suis-je-1", NULL);
	lone = create("seul", ROLE_ANCT, NULL, "Seul-mot-de-p1", NULL);
	assert_int_equal(uc_whoami(st, id, &w, &why), RC_OK);
	assert_string_equal(w.acct.login, "qui");
	assert_int_equal(w.actor.account_id, id);
	assert_string_equal(w.actor.login, "qui");
	assert_int_equal(w.actor.role, ROLE_COLLECTIVITE);
	assert_int_not_equal(w.actor.org_id, 0);
	assert_string_equal(w.actor.dept, "23");
	assert_true(w.has_org);
	assert_string_equal(w.org_name, org_commune);
	assert_int_equal(w.org_kind, ORG_COMMUNE);
	assert_int_equal(w.org_status, ORG_VALIDATED);
	whoami_clear(&w);

	assert_int_equal(uc_whoami(st, lone, &w, &why), RC_OK);
	assert_false(w.has_org);
	assert_string_equal(w.actor.dept, "");
	whoami_clear(&w);

	assert_why(uc_whoami(st, 999999, &w, &why), RC_NOTFOUND, &why, "introuvable");
	assert_false(w.has_org);
	assert_int_equal(account_set_disabled(fixture_system(st, 0), "qui", true, NULL), RC_OK);
	assert_why(uc_whoami(st, id, &w, &why), RC_DENIED, &why, "désactivé");
	assert_int_equal(w.acct.id, 0);
}

static int audit_last(const struct audit_event *ev, void *ctx)
{
	*(struct audit_event *)ctx = *ev;
	return 0;
}

/*
 * Every account use case asks may(): one's own account (ACT_ACCOUNT_SELF),
 * anyone else's only for ANCT or the operator (ACT_ACCOUNT_ADMIN); the
 * change is audited under its actor.
 */
static void test_actor_rules(void **state)
{
	struct store_txn *txn = NULL;
	struct audit_event ev;
	struct actor anct = { .role = ROLE_ANCT, .login = "national", .account_id = 77 };
	struct uc by_anct = { .st = st, .actor = &anct };
	char *why = NULL, *k = ed_key(0x42, "autre");
	uint64_t a = create("agent.a", ROLE_COLLECTIVITE, org_commune, "Agent-a-mot-1", NULL);
	uint64_t b = create("agent.b", ROLE_COLLECTIVITE, org_commune, "Agent-b-mot-1", NULL);
	(void)state;

	/* A colleague of the same organisation is still someone else. */
	assert_why(account_key_add(me(a), b, k, &why), RC_DENIED, &why, "Votre rôle");
	assert_why(account_change_password(me(a), b, "Agent-b-mot-1", "Pirate-mot-de-1",
	                                   "Pirate-mot-de-1", &why),
	           RC_DENIED, &why, "Votre rôle");
	assert_why(account_set_disabled(me(a), "agent.b", true, &why), RC_DENIED, &why,
	           "Votre rôle");
	assert_why(account_set_password(me(a), "agent.b", "Pirate-mot-de-1", &why), RC_DENIED,
	           &why, "Votre rôle");
	assert_why(account_create(me(a), "intrus", ROLE_COLLECTIVITE, org_commune,
	                          "Intrus-mot-de-1", NULL, &why),
	           RC_DENIED, &why, "Votre rôle");
	/* One's own account, and the programme team on anyone's. */
	assert_int_equal(account_key_add(me(b), b, k, &why), RC_OK);
	assert_int_equal(account_set_disabled(&by_anct, "agent.b", true, &why), RC_OK);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, "account", b, 0, audit_last, &ev), RC_OK);
	store_abort(txn);
	assert_string_equal(ev.actor_login, "national");
	assert_int_equal(ev.action, ACT_ACCOUNT_ADMIN);
	assert_string_equal(ev.after, "compte désactivé");
	/* The operator: audited as « système ». */
	assert_int_equal(account_set_password(fixture_system(st, 0), "agent.a", "Remis-par-op-1", &why), RC_OK);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, "account", a, 0, audit_last, &ev), RC_OK);
	store_abort(txn);
	assert_string_equal(ev.actor_login, "système");
	assert_int_equal(ev.actor_id, 0);
	free(k);
}

static void test_committed_after_reopen(void **state)
{
	struct account a = { 0 };
	char *why = NULL;
	(void)state;

	create("durable", ROLE_PREFECTURE, org_pref, "Durable-mot-1", NULL);
	assert_int_equal(account_set_password(fixture_system(st, 0), "durable", "Durable-mot-2", NULL), RC_OK);
	store_close(st);
	st = NULL;
	assert_int_equal(store_open(datadir, &st, &why), RC_OK);
	assert_int_equal(account_auth_password(st, "durable", "Durable-mot-2", &a), RC_OK);
	assert_int_equal(a.version, 2);
	account_clear(&a);
}

static void test_account_copy_clear(void **state)
{
	struct account a = { 0 }, b = { 0 };
	(void)state;

	strlcpy_(a.login, "copie", sizeof a.login);
	strlcpy_(a.pwhash, "$argon2id$x", sizeof a.pwhash);
	a.keys[a.nkeys++] = xstrdup(key_ed25519);
	a.keys[a.nkeys++] = xstrdup("ssh-ed25519 AAAA deux");
	account_copy(&b, &a);
	assert_ptr_not_equal(a.keys[0], b.keys[0]);
	assert_string_equal(b.keys[1], "ssh-ed25519 AAAA deux");
	assert_string_equal(b.login, "copie");
	account_clear(&a);
	assert_int_equal(a.nkeys, 0);
	assert_string_equal(a.pwhash, "");
	assert_string_equal(b.keys[0], key_ed25519);
	account_clear(&b);
	account_clear(NULL);
}

/* An organisation named by its number or SIREN when its name is ambiguous. */
static void test_create_org_designation(void **state)
{
	struct store_txn *txn = NULL;
	struct org o = { 0 };
	struct account a = { 0 };
	uint64_t ids[2];
	char *why = NULL, num[24], *expect;
	(void)state;

	for (int i = 0; i < 2; i++) {
		memset(&o, 0, sizeof o);
		o.kind = ORG_COMMUNE;
		o.status = ORG_VALIDATED;
		strcpy(o.name, "Mairie homonyme");
		strcpy(o.dept, i == 0 ? "23" : "87");
		strcpy(o.siren, i == 0 ? "212300792" : "218700017");
		strcpy(o.siret, i == 0 ? "21230079200018" : "21870001700017");
		assert_int_equal(store_begin(st, true, &txn), RC_OK);
		assert_int_equal(db_org_insert(txn, &o), RC_OK);
		assert_int_equal(store_commit(txn), RC_OK);
		ids[i] = o.id;
	}
	/* The name alone is refused, with both numbers. */
	expect = xasprintf("numéros %llu, %llu", (unsigned long long)ids[0],
	                   (unsigned long long)ids[1]);
	assert_why(account_create(fixture_system(st, 0), "homonyme", ROLE_COLLECTIVITE, "Mairie homonyme",
	                          "demo-felletin-23", NULL, &why),
	           RC_INVALID, &why, expect);
	free(expect);
	/* By number, by SIREN, by SIRET. */
	snprintf(num, sizeof num, "%llu", (unsigned long long)ids[1]);
	create("homonyme.a", ROLE_COLLECTIVITE, num, "demo-felletin-23", NULL);
	create("homonyme.b", ROLE_COLLECTIVITE, "212300792", "demo-felletin-23", NULL);
	create("homonyme.c", ROLE_COLLECTIVITE, "21870001700017", "demo-felletin-23", NULL);
	get_account("homonyme.a", &a);
	assert_int_equal(a.org_id, ids[1]);
	account_clear(&a);
	get_account("homonyme.b", &a);
	assert_int_equal(a.org_id, ids[0]);
	account_clear(&a);
	get_account("homonyme.c", &a);
	assert_int_equal(a.org_id, ids[1]);
	account_clear(&a);
	assert_why(account_create(fixture_system(st, 0), "homonyme.d", ROLE_COLLECTIVITE, "99999",
	                          "demo-felletin-23", NULL, &why),
	           RC_INVALID, &why, "Aucune organisation n'a le numéro 99999");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_check),
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_account_copy_clear),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_create_org_designation),
		cmocka_unit_test(test_auth_password),
		cmocka_unit_test(test_for_login),
		cmocka_unit_test(test_change_password),
		cmocka_unit_test(test_change_password_key_only),
		cmocka_unit_test(test_set_password),
		cmocka_unit_test(test_key_add),
		cmocka_unit_test(test_key_remove),
		cmocka_unit_test(test_committed_after_reopen),
		cmocka_unit_test(test_whoami),
		cmocka_unit_test(test_actor_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
