/*
 * test-store-check.c — the integrity checker: clean after thousands of
 * random operations (fixed, printed seed); each kind of damage made through
 * raw LMDB (dangling index entry, record missing from an index, entry under
 * the wrong key, undecodable record, id sequence behind, wrong schema) is
 * reported with a French line; dump prints every database.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/util.h"
#include "store/codec.h"
#include "store/store-int.h"
#include "store/store-message.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

struct env {
	char *dir;
	struct store *st;
	uint64_t acc_id, org_id;
};

static int setup(void **state)
{
	struct env *e = xcalloc(1, sizeof *e);
	struct store_txn *txn = NULL;
	struct account a;
	struct org o;
	char *why = NULL;

	e->dir = fixture_new_store();
	assert_int_equal(store_open(e->dir, &e->st, &why), RC_OK);
	memset(&a, 0, sizeof a);
	strlcpy_(a.login, "celine", sizeof a.login);
	a.role = ROLE_COLLECTIVITE;
	memset(&o, 0, sizeof o);
	strlcpy_(o.name, "Mairie de Felletin", sizeof o.name);
	strlcpy_(o.siren, "212307904", sizeof o.siren);
	strlcpy_(o.insee, "23079", sizeof o.insee);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &o), RC_OK);
	a.org_id = o.id;
	assert_int_equal(db_account_insert(txn, &a), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	e->acc_id = a.id;
	e->org_id = o.id;
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	fixture_close(e->st, e->dir);
	free(e);
	return 0;
}

/* Runs check; returns the problem count and the report in *text (caller frees). */
static size_t run_check(struct store *st, char **text)
{
	char *buf = NULL;
	size_t sz = 0, problems = 99;
	FILE *f = open_memstream(&buf, &sz);

	assert_non_null(f);
	assert_int_equal(store_check(st, f, &problems), RC_OK);
	fclose(f);
	*text = buf;
	return problems;
}

static void expect_problem(struct store *st, size_t n, const char *needle)
{
	char *text;
	size_t problems = run_check(st, &text);

	if (problems != n || strstr(text, needle) == NULL)
		fprintf(stderr, "report (%zu problems):\n%s", problems, text);
	assert_int_equal(problems, n);
	assert_non_null(strstr(text, needle));
	free(text);
}

static void test_clean(void **state)
{
	struct env *e = *state;
	char *text;

	assert_int_equal(run_check(e->st, &text), 0);
	assert_string_equal(text, "");
	free(text);
}

/* An account with no organisation (a préfecture agent, an admin) writes to support. */
static void test_ticket_without_org(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct ticket t;
	char *text;

	memset(&t, 0, sizeof t);
	t.account_id = e->acc_id;
	strlcpy_(t.login, "celine", sizeof t.login);
	strlcpy_(t.subject, "Accès au formulaire", sizeof t.subject);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(db_ticket_insert(txn, &t), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	if (run_check(e->st, &text) != 0)
		fprintf(stderr, "report:\n%s", text);
	assert_string_equal(text, "");
	free(text);
}

/* A settings record whose lot name is not text is refused, written nowhere. */
static void test_settings_bad_lot(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct settings *got = xmalloc(sizeof *got);
	struct codec_w w;
	const void *rec;
	size_t rlen;

	codec_w_init(&w, "settings", 1);
	codec_w_array_begin(&w, "lots");
	for (int i = 0; i < 2; i++) {
		codec_w_map_begin(&w, NULL);
		codec_w_u64(&w, "lot", 7);
		codec_w_str(&w, "min_config", "i5, 8 Go");
		codec_w_map_end(&w);
	}
	codec_w_array_end(&w);
	codec_w_finish(&w, &rec, &rlen);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(store_put(txn, DBI_SETTINGS, "programme", 9, rec, rlen, 0), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	codec_w_free(&w);
	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(db_settings_get(txn, got), RC_IO);
	store_abort(txn);
	expect_problem(e->st, 1, "illisible");
	free(got);
}

static void test_dangling_entry(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	unsigned char k[8];

	u64_key(777, k);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(store_put(txn, DBI_ACCOUNT_BY_LOGIN, "fantome", 7, k, 8, 0), RC_OK);
	assert_int_equal(store_put(txn, DBI_ORG_BY_COMMUNE, "75056", 5, k, 8, 0), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	expect_problem(e->st, 2, "index account_by_login : \"fantome\" → 777, enregistrement "
	                         "absent de accounts");
	expect_problem(e->st, 2, "index org_by_commune : \"75056\" → 777");
}

static void test_missing_entry(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	unsigned char k[8];

	u64_key(e->org_id, k);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(store_del(txn, DBI_ORG_BY_SIREN, "212307904", 9, k, 8), RC_OK);
	assert_int_equal(store_del(txn, DBI_ACCOUNT_BY_LOGIN, "celine", 6, NULL, 0), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	expect_problem(e->st, 2, "orgs 1 : absent de l'index org_by_siren sous \"212307904\"");
	expect_problem(e->st, 2, "accounts 1 : absent de l'index account_by_login sous \"celine\"");
}

static void test_wrong_key(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	unsigned char k[8];

	/* An extra entry for a real record, under a key it does not have. */
	u64_key(e->org_id, k);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(store_put(txn, DBI_ORG_BY_NAME, "Mairie d'ailleurs", 17, k, 8, 0), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	expect_problem(e->st, 1, "index org_by_name : \"Mairie d'ailleurs\" → 1, mais cet "
	                         "enregistrement n'a pas cette clé");
}

static void test_undecodable(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	unsigned char k[8];
	const unsigned char junk[] = { 0x92, 0x01, 0x02 };       /* an array, not a map */
	/* {_kind: "account", id: 2, login: <33 bytes>}: too long for a login. */
	unsigned char rec[64] = { 0x83, 0xa5, '_', 'k', 'i', 'n', 'd', 0xa7, 'a', 'c', 'c', 'o',
	                          'u', 'n', 't', 0xa2, 'i', 'd', 0x02, 0xa5, 'l', 'o', 'g', 'i',
	                          'n', 0xd9, 33 };
	size_t rlen = 27 + 33;

	memset(rec + 27, 'x', 33);
	u64_key(e->acc_id, k);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(store_put(txn, DBI_ACCOUNTS, k, 8, junk, sizeof junk, 0), RC_OK);
	u64_key(2, k);
	assert_int_equal(store_put(txn, DBI_ACCOUNTS, k, 8, rec, rlen, 0), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	/* Two unreadable records; the id sequence is behind id 2. */
	expect_problem(e->st, 3, "accounts 1 : illisible (enregistrement de compte illisible)");
	expect_problem(e->st, 3, "accounts 2 : illisible (compte : champ « login » invalide ou "
	                         "trop long)");
	expect_problem(e->st, 3, "meta « seq:account » vaut 1 mais accounts contient le numéro 2");
}

static void test_record_under_wrong_id(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	const void *v;
	size_t vlen;
	unsigned char k[8], k2[8];
	void *copy;

	u64_key(e->org_id, k);
	u64_key(e->org_id + 1, k2);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(store_get(txn, DBI_ORGS, k, 8, &v, &vlen), RC_OK);
	copy = xmalloc(vlen);
	memcpy(copy, v, vlen);
	assert_int_equal(store_put(txn, DBI_ORGS, k2, 8, copy, vlen, 0), RC_OK);
	free(copy);
	assert_int_equal(store_commit(txn), RC_OK);
	expect_problem(e->st, 2, "orgs 2 : illisible (organisation rangée sous une clé qui n'est "
	                         "pas son numéro)");
}

static void test_schema_version(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;

	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(store_set_schema_version(txn, 0), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	expect_problem(e->st, 1, "base au schéma 0, ce programme attend le schéma 2");
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(store_del(txn, DBI_META, "schema", 6, NULL, 0), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	expect_problem(e->st, 1, "version de schéma absente");
}

static void test_dump(void **state)
{
	struct env *e = *state;
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	assert_non_null(f);
	assert_int_equal(store_dump(e->st, f), RC_OK);
	fclose(f);
	for (int d = 0; d < DBI_COUNT; d++) {
		char *head = xasprintf("== %s (", store_dbi_defs[d].name);

		assert_non_null(strstr(buf, head));
		free(head);
	}
	assert_non_null(strstr(buf, "\"schema\" → 2\n"));
	assert_non_null(strstr(buf, "\"celine\" → 1\n"));
	assert_non_null(strstr(buf, "\"23079\" → 1\n"));
	assert_non_null(strstr(buf, "1 → {_kind: \"org\", _schema: 1, id: 1, version: 1"));
	assert_non_null(strstr(buf, "name: \"Mairie de Felletin\""));
	free(buf);
}

/* Thousands of random inserts and updates (fixed seed), then check is clean. */
static void test_random_operations(void **state)
{
	struct env *e = *state;
	unsigned seed = 4242;
	struct store_txn *txn = NULL;
	uint64_t norgs = 1, naccs = 1;
	char *text;
	int ops = 0;

	printf("seed %u\n", seed);
	srand(seed);
	while (ops < 3000) {
		assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
		for (int i = 0; i < 50; i++, ops++) {
			int op = rand() % 4;

			if (op == 0) {
				struct org o;

				memset(&o, 0, sizeof o);
				snprintf(o.name, sizeof o.name, "Org %d", rand() % 300);
				if (rand() % 3)
					snprintf(o.siren, sizeof o.siren, "%09d", rand() % 50);
				snprintf(o.insee, sizeof o.insee, "%05d", rand() % 40);
				assert_int_equal(db_org_insert(txn, &o), RC_OK);
				norgs++;
			} else if (op == 1) {
				struct org o;

				assert_int_equal(db_org_get(txn, 1 + (uint64_t)rand() % norgs, &o), RC_OK);
				snprintf(o.name, sizeof o.name, "Org %d", rand() % 300);
				if (rand() % 2)
					snprintf(o.siren, sizeof o.siren, "%09d", rand() % 50);
				else
					o.siren[0] = '\0';
				if (rand() % 2)
					o.insee[0] = '\0';
				assert_int_equal(db_org_update(txn, &o), RC_OK);
			} else if (op == 2) {
				struct account a;
				int rc;

				memset(&a, 0, sizeof a);
				snprintf(a.login, sizeof a.login, "u%d", rand() % 2000);
				a.role = ROLE_COLLECTIVITE;
				rc = db_account_insert(txn, &a);
				assert_true(rc == RC_OK || rc == RC_EXISTS);
				naccs += rc == RC_OK;
			} else {
				struct account a;
				int rc;

				assert_int_equal(db_account_get(txn, 1 + (uint64_t)rand() % naccs, &a), RC_OK);
				snprintf(a.login, sizeof a.login, "u%d", rand() % 2000);
				a.disabled = rand() % 2;
				rc = db_account_update(txn, &a);
				assert_true(rc == RC_OK || rc == RC_EXISTS);
				account_clear(&a);
			}
		}
		assert_int_equal(store_commit(txn), RC_OK);
	}
	assert_int_equal(run_check(e->st, &text), 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticket_without_org, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings_bad_lot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dangling_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undecodable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_under_wrong_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_operations, setup, teardown),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
