/*
 * test-store-instruction.c — the préfecture's record on a file in LMDB:
 * round trip of every field, its own version (a stale write refused), the
 * cheap read without annotations, the index by département kept when the
 * record moves, check clean (and a broken index found), saved queue views.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-instruct.h"
#include "store/store-int.h"
#include "store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static int collect(const struct instruction *in, void *ctx)
{
	uint64_t *ids = ctx;

	assert_int_equal(in->nnotes, 0); /* lists read no annotation */
	ids[++ids[0]] = in->preorder_id;
	return 0;
}

static size_t check_problems(struct store *st)
{
	size_t problems = 99;
	FILE *devnull = fopen("/dev/null", "w");

	assert_int_equal(store_check(st, devnull, &problems), RC_OK);
	fclose(devnull);
	return problems;
}

static void test_instruction_record(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct instruction *in = xmalloc(sizeof *in), *got = xmalloc(sizeof *got);
	struct actor a;
	uint64_t ids[8] = { 0 };
	(void)state;

	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	actor_system(&a);
	a.account_id = 4;
	strcpy(a.login, "agent");
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_instruction_get(txn, 5, got), RC_NOTFOUND);
	assert_int_equal(got->version, 0);
	assert_int_equal(got->preorder_id, 5);
	instruction_init(in, 5, "23");
	in->labels = (1u << LABEL_URGENT) | (1u << LABEL_COMPLET);
	in->priority = 3;
	strcpy(in->priority_note, "Zone blanche « prioritaire »");
	assert_int_equal(instruction_follow(in, 4, true), RC_OK);
	assert_int_equal(instruction_follow(in, 4, true), RC_EXISTS);
	assert_int_equal(instruction_follow(in, 9, true), RC_OK);
	instruction_mark_seen(in, 4, 1000);
	instruction_mark_seen(in, 4, 2000);
	assert_int_equal(in->nseen, 1);
	assert_int_equal(instruction_note_add(in, &a, 1500, "Devis reçu;\n\"à vérifier\"", &why),
	                 RC_OK);
	assert_int_equal(instruction_note_add(in, &a, 1500, "", &why), RC_INVALID);
	free(why);
	why = NULL;
	in->prog = PROG_RETAIN;
	in->prog_amount = 123456;
	in->prog_po_version = 7;
	in->completed = true;
	assert_int_equal(db_instruction_put(txn, in), RC_OK);
	assert_int_equal(in->version, 1);
	assert_int_equal(db_instruction_get(txn, 5, got), RC_OK);
	assert_memory_equal(in, got, sizeof *in);
	assert_int_equal(db_instruction_get_head(txn, 5, got), RC_OK);
	assert_int_equal(got->nnotes, 0);
	assert_int_equal(got->labels, in->labels);
	assert_int_equal(got->prog_amount, 123456);
	assert_true(instruction_follows(got, 9));
	assert_int_equal(instruction_seen(got, 4), 2000);
	assert_int_equal(instruction_seen(got, 9), 0);
	/* a write naming an old version is refused */
	got->version = 0;
	assert_int_equal(db_instruction_put(txn, got), RC_STALE);
	/* a second file in 23, one in 87: the index by département */
	instruction_init(got, 3, "23");
	assert_int_equal(db_instruction_put(txn, got), RC_OK);
	instruction_init(got, 8, "87");
	assert_int_equal(db_instruction_put(txn, got), RC_OK);
	assert_int_equal(db_instruction_each_by_dept(txn, "23", collect, ids), RC_OK);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 3);
	assert_int_equal(ids[2], 5);
	ids[0] = 0;
	assert_int_equal(db_instruction_each_by_dept(txn, "87", collect, ids), RC_OK);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 8);
	/* a record that moves département moves in the index */
	assert_int_equal(db_instruction_get(txn, 8, got), RC_OK);
	strcpy(got->dept, "23");
	assert_int_equal(db_instruction_put(txn, got), RC_OK);
	ids[0] = 0;
	assert_int_equal(db_instruction_each_by_dept(txn, "87", collect, ids), RC_OK);
	assert_int_equal(ids[0], 0);
	/* a field that does not fit is refused */
	got->labels = 1u << LABEL_COUNT;
	assert_int_equal(db_instruction_put(txn, got), RC_INVALID);
	assert_int_equal(store_commit(txn), RC_OK);
	assert_int_equal(check_problems(st), 0);
	/* check finds an index entry removed behind the record's back */
	{
		unsigned char k[8];
		u64_key(5, k);
		assert_int_equal(store_begin(st, true, &txn), RC_OK);
		assert_int_equal(store_del(txn, DBI_INSTRUCTION_BY_DEPT, "23", 2, k, 8), RC_OK);
		assert_int_equal(store_commit(txn), RC_OK);
		assert_true(check_problems(st) > 0);
	}
	store_close(st);
	fixture_remove(dir);
	free(in);
	free(got);
}

static void test_queue_views(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct queue_view v, got;
	(void)state;

	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	memset(&v, 0, sizeof v);
	v.account = 4;
	v.tab = 2;
	v.columns = 0x1f;
	v.sort = 6;
	v.desc = true;
	v.filters = 1;
	v.states = 1u << PO_DEPOSEE;
	v.zones = 3;
	v.labels = 1;
	v.kinds = 2;
	v.amount_min = 100;
	v.amount_max = 4000000;
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_queue_view_get(txn, 4, 2, &got), RC_NOTFOUND);
	assert_int_equal(db_queue_view_put(txn, &v), RC_OK);
	assert_int_equal(db_queue_view_get(txn, 4, 2, &got), RC_OK);
	assert_memory_equal(&v, &got, sizeof v);
	assert_int_equal(db_queue_view_get(txn, 4, 1, &got), RC_NOTFOUND);
	v.tab = QUEUE_VIEW_TABS;
	assert_int_equal(db_queue_view_put(txn, &v), RC_INVALID);
	assert_int_equal(store_commit(txn), RC_OK);
	assert_int_equal(check_problems(st), 0);
	store_close(st);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instruction_record),
		cmocka_unit_test(test_queue_views),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
