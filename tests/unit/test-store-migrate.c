/*
 * test-store-migrate.c — the schema migration mechanism: an old database
 * is brought to the current version at open, step by step, in one
 * transaction; a failing step leaves the database untouched at its old
 * version; a newer database is refused; a database without a version (0)
 * goes through the built-in step to version 1; a pre-order written before
 * several payments (one payment, one date) reads as one payment.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/util.h"
#include "store/codec.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* (fail) in parentheses: cmocka.h defines a fail() macro. */
static int step_calls[8];

/* 1 → 2: every account gets disabled (a rewrite of records). */
static int step_disable_all(struct store_txn *txn, char **why)
{
	struct account a;
	uint64_t id;

	step_calls[1]++;
	for (id = 1; db_account_get(txn, id, &a) == RC_OK; id++) {
		int rc;

		a.disabled = true;
		rc = db_account_update(txn, &a);
		account_clear(&a);
		if (rc != RC_OK)
			return (fail)(why, rc, "compte %llu", (unsigned long long)id);
	}
	return RC_OK;
}

/* 2 → 3: a marker in the meta database (settings records are checked). */
static int step_marker(struct store_txn *txn, char **why)
{
	(void)why;
	step_calls[2]++;
	return store_put(txn, DBI_META, "migré", strlen("migré"), "\x80", 1, 0);
}

static int step_fails(struct store_txn *txn, char **why)
{
	(void)txn;
	step_calls[2]++;
	return (fail)(why, RC_INVALID, "étape 2 → 3 refusée pour l'essai");
}

static const struct store_migration steps_ok[] = {
	{ 2, "marqueur", step_marker },        /* order in the table does not matter */
	{ 1, "désactive les comptes", step_disable_all },
};
static const struct store_migration steps_bad[] = {
	{ 1, "désactive les comptes", step_disable_all },
	{ 2, "échoue", step_fails },
};

static uint32_t version_of(struct store *st)
{
	struct store_txn *txn = NULL;
	uint32_t v = 0;

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(store_schema_version(txn, &v), RC_OK);
	store_abort(txn);
	return v;
}

/* A v1 database holding one account, made with the target forced to 1. */
static char *make_v1_store(void)
{
	static const struct store_migration none[] = { { 99, "jamais", step_fails } };
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct account a;
	char *dir, *why = NULL;

	store_migrations_override(none, 1, 1);
	dir = fixture_new_store();
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(version_of(st), 1);
	memset(&a, 0, sizeof a);
	strlcpy_(a.login, "ancien", sizeof a.login);
	a.role = ROLE_ANCT;
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_account_insert(txn, &a), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	store_close(st);
	return dir;
}

static void test_migrates_step_by_step(void **state)
{
	char *dir = make_v1_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct account a;
	const void *v;
	size_t vlen;
	size_t problems;

	(void)state;
	memset(step_calls, 0, sizeof step_calls);
	store_migrations_override(steps_ok, ARRAY_LEN(steps_ok), 3);
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(version_of(st), 3);
	assert_int_equal(step_calls[1], 1);
	assert_int_equal(step_calls[2], 1);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_by_login(txn, "ancien", &a), RC_OK);
	assert_true(a.disabled);
	assert_int_equal(a.version, 2);
	account_clear(&a);
	assert_int_equal(store_get(txn, DBI_META, "migré", strlen("migré"), &v, &vlen), RC_OK);
	store_abort(txn);
	assert_int_equal(store_check(st, NULL, &problems), RC_OK);
	assert_int_equal(problems, 0);
	store_close(st);

	/* Opening again runs nothing. */
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(step_calls[1], 1);
	assert_int_equal(step_calls[2], 1);
	store_close(st);
	store_migrations_override(NULL, 0, 0);
	fixture_remove(dir);
}

static void test_failed_step_rolls_back(void **state)
{
	char *dir = make_v1_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct account a;

	(void)state;
	memset(step_calls, 0, sizeof step_calls);
	store_migrations_override(steps_bad, ARRAY_LEN(steps_bad), 3);
	assert_int_equal(store_open(dir, &st, &why), RC_INVALID);
	assert_null(st);
	assert_non_null(strstr(why, "étape 2 → 3 refusée"));
	assert_int_equal(step_calls[1], 1);
	free(why);
	why = NULL;

	/* Nothing of step 1 → 2 was kept: still version 1, account enabled. */
	store_migrations_override(steps_ok, ARRAY_LEN(steps_ok), 1);
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(version_of(st), 1);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_by_login(txn, "ancien", &a), RC_OK);
	assert_false(a.disabled);
	assert_int_equal(a.version, 1);
	account_clear(&a);
	store_abort(txn);
	store_close(st);

	/* No step known from version 1: refused too. */
	store_migrations_override(steps_ok + 0, 1, 3);
	assert_int_equal(store_open(dir, &st, &why), RC_ERR);
	assert_non_null(strstr(why, "aucune migration connue depuis le schéma 1"));
	free(why);
	store_migrations_override(NULL, 0, 0);
	fixture_remove(dir);
}

static void test_newer_refused(void **state)
{
	char *dir, *why = NULL;
	struct store *st = NULL;

	(void)state;
	memset(step_calls, 0, sizeof step_calls);
	store_migrations_override(steps_ok, ARRAY_LEN(steps_ok), 3);
	dir = fixture_new_store();        /* stamped 3 directly, no step run */
	assert_int_equal(step_calls[1] + step_calls[2], 0);
	store_migrations_override(NULL, 0, 0);
	assert_int_equal(store_open(dir, &st, &why), RC_INVALID);
	assert_non_null(strstr(why, "schéma 3, plus récent que celui de ce programme (2)"));
	free(why);
	fixture_remove(dir);
}

static void test_builtin_from_zero(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;

	(void)state;
	/* A database from before versions were stamped: no "schema" key. */
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(store_del(txn, DBI_META, "schema", 6, NULL, 0), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	store_close(st);
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(version_of(st), STORE_SCHEMA_VERSION);
	store_close(st);
	fixture_remove(dir);
}

/* A pre-order record of before several payments (fields added since are absent). */
static void test_preorder_single_payment(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct preorder *po = xmalloc(sizeof *po);
	struct codec_w w;

	(void)state;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	codec_w_init(&w, "preorder", 1);
	codec_w_u64(&w, "id", 7);
	codec_w_u64(&w, "version", 5);
	codec_w_u64(&w, "org_id", 3);
	codec_w_str(&w, "dept", "23");
	codec_w_str(&w, "state", "subvention_versee");
	codec_w_i64(&w, "subsidy", 320000);
	codec_w_i64(&w, "payment_date", 20220115);
	codec_w_i64(&w, "payment", 320000);
	assert_int_equal(record_put(txn, DBI_PREORDERS, 7, &w, 0), RC_OK);
	assert_int_equal(db_preorder_get(txn, 7, po), RC_OK);
	assert_int_equal(po->state, PO_SUBVENTION_VERSEE);
	assert_int_equal(po->npayments, 1);
	assert_int_equal(po->payments[0].day, 20220115);
	assert_int_equal(po->payments[0].amount, 320000);
	assert_int_equal(po->complement_at, 0);
	store_abort(txn);
	store_close(st);
	fixture_remove(dir);
	free(po);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrates_step_by_step),
		cmocka_unit_test(test_failed_step_rolls_back),
		cmocka_unit_test(test_newer_refused),
		cmocka_unit_test(test_builtin_from_zero),
		cmocka_unit_test(test_preorder_single_payment),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
