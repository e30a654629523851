/*
 * test-core-uc.c — the one path of a use case: every result code has its
 * own French sentence (no English word of rc_str() in it), and uc_run()
 * asks may_why() before the version check and the change, refuses a stale
 * version with the stale message, words a failure the change left unworded
 * as "<lead> <sentence>", appends the audit event and writes nothing when
 * anything fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/uc.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_every_rc_has_a_sentence(void **state)
{
	(void)state;
	for (int i = 0; i < RC_COUNT; i++) {
		int rc = -i;
		const char *s = rc_sentence(rc);
		const char *word = rc_str(rc);

		assert_non_null(s);
		assert_true(strlen(s) > 10);
		assert_true(s[strlen(s) - 1] == '.');
		/* French, not the log word (« stale version », « i/o error »…) */
		if (strstr(s, word) != NULL)
			fail_msg("rc %d: « %s » holds « %s »", rc, s, word);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(s, rc_sentence(-j));
	}
	assert_string_equal(rc_sentence(-42), rc_sentence(RC_ERR));
	assert_string_equal(rc_sentence(3), rc_sentence(RC_ERR));
}

static void test_uc_fail(void **state)
{
	char *why = NULL;
	char *want = xasprintf("Brouillon non enregistré. %s", rc_sentence(RC_IO));
	(void)state;

	assert_int_equal(uc_fail(&why, RC_IO, "Brouillon non enregistré."), RC_IO);
	assert_string_equal(why, want);
	assert_int_equal(uc_fail(&why, RC_STALE, NULL), RC_STALE);
	assert_string_equal(why, rc_sentence(RC_STALE));
	assert_int_equal(uc_fail(NULL, RC_FULL, "x"), RC_FULL);
	free(why);
	free(want);
}

/* ---- uc_run against a real store ---- */

struct probe {
	struct perm_object perm;
	uint64_t version;
	int change_rc;            /* what change returns */
	bool word;                /* change words its failure */
	int loads, changes;
};

static int probe_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct probe *p = ctx;

	p->loads++;
	obj->perm = p->perm;
	obj->id = 7;
	obj->version = p->version;
	return RC_OK;
}

static int probe_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct probe *p = ctx;
	static const struct actor someone = { .account_id = 3, .login = "agent",
		                              .role = ROLE_PREFECTURE, .org_id = 5, .dept = "23" };

	p->changes++;
	if (p->change_rc != RC_OK)
		/* (fail): core/util.h's, not cmocka's macro */
		return p->word ? (fail)(why, p->change_rc, "Refus précis.") : p->change_rc;
	audit_event_init(ev, &someone, 1000, ACT_PREORDER_INSTRUCT, "probe", 7, p->version + 1,
	                 "avant", "après");
	return RC_OK;
}

static int count_one(const struct audit_event *ev, void *ctx)
{
	(*(size_t *)ctx)++;
	return 0;
}

static size_t audit_count(struct store *st)
{
	struct store_txn *txn = NULL;
	size_t n = 0;

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, "probe", 7, 0, count_one, &n), RC_OK);
	store_abort(txn);
	return n;
}

static void test_uc_run(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	const struct actor pref = { .account_id = 3, .login = "agent", .role = ROLE_PREFECTURE,
		                    .org_id = 5, .dept = "23" };
	struct uc uc = { .actor = &pref };
	struct probe p = { .perm = { .org_id = 9, .dept = "23" }, .version = 4 };
	struct uc_path path = {
		.action = ACT_PREORDER_INSTRUCT, .write = true, .lead = "Non enregistré.",
		.kind = "probe", .read_version = 4, .load = probe_load, .change = probe_change,
	};
	(void)state;

	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	uc.st = st;

	/* Another département: refused before the version check and the change. */
	strcpy(p.perm.dept, "87");
	path.read_version = 1;
	assert_int_equal(uc_run(&uc, &path, &p, &why), RC_DENIED);
	assert_non_null(strstr(why, "autre département"));
	assert_int_equal(p.changes, 0);
	strcpy(p.perm.dept, "23");

	/* Stale: the stale message, no change. */
	assert_int_equal(uc_run(&uc, &path, &p, &why), RC_STALE);
	assert_non_null(strstr(why, "vous aviez la version 1"));
	assert_int_equal(p.changes, 0);
	path.read_version = 4;

	/* A failure the change did not word, then one it did: nothing appended. */
	p.change_rc = RC_IO;
	assert_int_equal(uc_run(&uc, &path, &p, &why), RC_IO);
	char *want = xasprintf("Non enregistré. %s", rc_sentence(RC_IO));
	assert_string_equal(why, want);
	free(want);
	p.word = true;
	p.change_rc = RC_INVALID;
	assert_int_equal(uc_run(&uc, &path, &p, &why), RC_INVALID);
	assert_string_equal(why, "Refus précis.");
	assert_int_equal(audit_count(st), 0);

	/* Success: the event is appended and committed. */
	p.change_rc = RC_OK;
	free(why);
	why = NULL;
	assert_int_equal(uc_run(&uc, &path, &p, &why), RC_OK);
	assert_null(why);
	assert_int_equal(audit_count(st), 1);
	assert_int_equal(p.loads, 5);

	store_close(st);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rc_has_a_sentence),
		cmocka_unit_test(test_uc_fail),
		cmocka_unit_test(test_uc_run),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
