/*
 * test-core-preorder-merge.c — the three-way merge of a pre-order form after
 * a stale refusal: the person's fields kept, the colleague's taken, their
 * changes listed with who and when, conflicts found and resolved; and
 * random edits from a printed seed check the rule field by field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/preorder-merge.h"
#include "core/core.h"
#include "core/util.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define AT 1764770700 /* 03/12/2025 15:05 Paris */

static void base_of(struct preorder *po)
{
	memset(po, 0, sizeof *po);
	po->id = 1;
	po->version = 4;
	po->qty[LOT_PC_FIXE] = 3;
	po->qty[LOT_PC_PORTABLE] = 3;
	po->staff_cnfs = 1;
	strcpy(po->contact.name, "Claire Besson");
	strcpy(po->contact.email, "mairie@felletin.example");
	strcpy(po->motivation, "Deux conseillers numériques accueillent les habitants.");
	po->npartners = 1;
	strcpy(po->partners[0].name, "Association Creuse Numérique");
}

/* The case: A sets PC fixe 8, B set PC portable 3 → 5 meanwhile. */
static void test_lost_update_case(void **state)
{
	struct preorder *base = xmalloc(sizeof *base), *mine = xmalloc(sizeof *mine);
	struct preorder *theirs = xmalloc(sizeof *theirs);
	struct pm_result *r = xmalloc(sizeof *r);
	char line[256];
	(void)state;

	base_of(base);
	*mine = *base;
	mine->qty[LOT_PC_FIXE] = 8;
	*theirs = *base;
	theirs->version = 5;
	theirs->qty[LOT_PC_PORTABLE] = 5;
	preorder_merge(base, mine, theirs, "marie", AT, r);
	assert_int_equal(r->merged.qty[LOT_PC_FIXE], 8);
	assert_int_equal(r->merged.qty[LOT_PC_PORTABLE], 5);
	assert_int_equal(r->merged.version, 5);
	assert_int_equal(r->nmine, 1);
	assert_int_equal(r->nconflicts, 0);
	assert_true(preorder_merge_ready(r));
	assert_int_equal(r->nchanges, 1);
	assert_int_equal(r->changes[0].field, PM_QTY_FIRST + LOT_PC_PORTABLE);
	assert_string_equal(r->changes[0].before, "3");
	assert_string_equal(r->changes[0].theirs, "5");
	assert_string_equal(r->changes[0].who, "marie");
	pm_change_line(&r->changes[0], line, sizeof line);
	assert_non_null(strstr(line, "PC portable : 3 → 5 (marie, "));
	assert_non_null(strstr(line, "2025"));
	free(base);
	free(mine);
	free(theirs);
	free(r);
}

static void test_conflicts(void **state)
{
	struct preorder *base = xmalloc(sizeof *base), *mine = xmalloc(sizeof *mine);
	struct preorder *theirs = xmalloc(sizeof *theirs);
	struct pm_result *r = xmalloc(sizeof *r);
	(void)state;

	base_of(base);
	*mine = *base;
	*theirs = *base;
	theirs->version = 6;
	/* both changed PC portable, differently: a conflict */
	mine->qty[LOT_PC_PORTABLE] = 4;
	theirs->qty[LOT_PC_PORTABLE] = 6;
	/* both changed the phone to the same value: no conflict, nothing to show */
	strcpy(mine->contact.phone, "05 55 66 00 01");
	strcpy(theirs->contact.phone, "05 55 66 00 01");
	/* they rewrote the motivation and a partner; I did not */
	strcpy(theirs->motivation, "Trois conseillers numériques.\nUn nouvel accueil.");
	strcpy(theirs->partners[0].name, "CCAS de Felletin");
	theirs->partners[0].kind = PARTNER_CCAS;
	preorder_merge(base, mine, theirs, "paul", AT, r);
	assert_int_equal(r->nconflicts, 1);
	assert_int_equal(r->conflicts[0].field, PM_QTY_FIRST + LOT_PC_PORTABLE);
	assert_string_equal(r->conflicts[0].before, "3");
	assert_string_equal(r->conflicts[0].mine, "4");
	assert_string_equal(r->conflicts[0].theirs, "6");
	assert_false(preorder_merge_ready(r));
	assert_int_equal(r->merged.qty[LOT_PC_PORTABLE], 4); /* mine until resolved */
	assert_int_equal(r->nchanges, 2);
	assert_int_equal(r->changes[0].field, PM_PARTNERS);
	assert_non_null(strstr(r->changes[0].theirs, "CCAS de Felletin"));
	assert_int_equal(r->changes[1].field, PM_MOTIVATION);
	assert_null(strchr(r->changes[1].theirs, '\n'));
	assert_string_equal(r->merged.motivation, theirs->motivation);
	assert_string_equal(r->merged.contact.phone, "05 55 66 00 01");
	/* resolved with the colleague's value */
	assert_int_equal(preorder_merge_resolve(r, 1, theirs), RC_INVALID);
	assert_int_equal(preorder_merge_resolve(r, 0, theirs), RC_OK);
	assert_true(preorder_merge_ready(r));
	assert_int_equal(r->merged.qty[LOT_PC_PORTABLE], 6);
	assert_int_equal(preorder_merge_resolve(r, 0, mine), RC_OK);
	assert_int_equal(r->merged.qty[LOT_PC_PORTABLE], 4);
	free(base);
	free(mine);
	free(theirs);
	free(r);
}

static void test_long_value_cut(void **state)
{
	struct preorder *base = xmalloc(sizeof *base), *theirs = xmalloc(sizeof *theirs);
	struct pm_result *r = xmalloc(sizeof *r);
	(void)state;

	base_of(base);
	*theirs = *base;
	for (size_t i = 0; i < 400; i++)
		strcat(theirs->motivation, "é");
	preorder_merge(base, base, theirs, NULL, 0, r);
	assert_int_equal(r->nchanges, 1);
	assert_true(strlen(r->changes[0].theirs) < PM_SHOWN_MAX);
	assert_non_null(strstr(r->changes[0].theirs, "…"));
	/* never a cut UTF-8 sequence */
	assert_true(utf8_valid(r->changes[0].theirs, strlen(r->changes[0].theirs)));
	free(base);
	free(theirs);
	free(r);
}

/* No base known (a draft resumed after the file moved on): every difference is a conflict. */
static void test_no_base(void **state)
{
	struct preorder *mine = xmalloc(sizeof *mine), *theirs = xmalloc(sizeof *theirs);
	struct pm_result *r = xmalloc(sizeof *r);
	(void)state;

	base_of(mine);
	*theirs = *mine;
	mine->qty[LOT_PC_FIXE] = 8;
	theirs->qty[LOT_PC_PORTABLE] = 5;
	preorder_merge(NULL, mine, theirs, "marie", AT, r);
	assert_int_equal(r->nchanges, 0);
	assert_int_equal(r->nconflicts, 2);
	assert_false(preorder_merge_ready(r));
	assert_int_equal(r->merged.qty[LOT_PC_FIXE], 8);
	assert_int_equal(preorder_merge_resolve(r, 1, theirs), RC_OK);
	assert_int_equal(preorder_merge_resolve(r, 0, mine), RC_OK);
	assert_true(preorder_merge_ready(r));
	assert_int_equal(r->merged.qty[LOT_PC_FIXE], 8);
	assert_int_equal(r->merged.qty[LOT_PC_PORTABLE], 5);
	free(mine);
	free(theirs);
	free(r);
}

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Random quantities: every lot obeys the rule. */
static void test_random_quantities(void **state)
{
	uint64_t seed = 0x5eed7, x = seed;
	struct preorder *base = xmalloc(sizeof *base), *mine = xmalloc(sizeof *mine);
	struct preorder *theirs = xmalloc(sizeof *theirs);
	struct pm_result *r = xmalloc(sizeof *r);
	(void)state;

	printf("seed 0x%llx\n", (unsigned long long)seed);
	for (int round = 0; round < 500; round++) {
		base_of(base);
		*mine = *base;
		*theirs = *base;
		for (int l = 0; l < LOT_COUNT; l++) {
			base->qty[l] = mine->qty[l] = theirs->qty[l] = (uint32_t)(rnd(&x) % 4);
			if (rnd(&x) % 2)
				mine->qty[l] = (uint32_t)(rnd(&x) % 4);
			if (rnd(&x) % 2)
				theirs->qty[l] = (uint32_t)(rnd(&x) % 4);
		}
		preorder_merge(base, mine, theirs, "x", AT, r);
		for (int l = 0; l < LOT_COUNT; l++) {
			bool im = mine->qty[l] != base->qty[l], th = theirs->qty[l] != base->qty[l];

			assert_int_equal(r->merged.qty[l], im ? mine->qty[l] : theirs->qty[l]);
			(void)th;
		}
		for (size_t i = 0; i < r->nconflicts; i++) {
			int l = r->conflicts[i].field;

			assert_true(mine->qty[l] != base->qty[l] && theirs->qty[l] != base->qty[l] &&
			            mine->qty[l] != theirs->qty[l]);
		}
	}
	free(base);
	free(mine);
	free(theirs);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lost_update_case),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_long_value_cut),
		cmocka_unit_test(test_no_base),
		cmocka_unit_test(test_random_quantities),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
