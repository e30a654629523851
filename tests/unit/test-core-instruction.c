/*
 * test-core-instruction.c — which actions a file's state offers the
 * préfecture (instruction_offers): the whole table of states and actions,
 * a paid file that cannot go back to instruction, and the programmation's
 * withdrawal offered only while a provisional decision waits.
 */
#include <stdlib.h>
#include <string.h>

#include "core/instruction.h"
#include "core/util.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Bit per state in which each action is offered (no payment, no provisional decision). */
#define S(x) (1u << (x))
static const unsigned offered[FA_COUNT] = {
	[FA_INSTRUCT] = S(PO_DEPOSEE),
	[FA_COMPLEMENT] = S(PO_EN_INSTRUCTION),
	[FA_RETAIN] = S(PO_EN_INSTRUCTION),
	[FA_REJECT] = S(PO_EN_INSTRUCTION),
	[FA_DISMISS] = S(PO_DEPOSEE) | S(PO_EN_INSTRUCTION),
	[FA_REOPEN] = S(PO_RETENUE) | S(PO_NON_RETENUE) | S(PO_SANS_SUITE),
	[FA_CONVENTION] = S(PO_RETENUE),
	[FA_PAY] = S(PO_CONVENTIONNEE),
	[FA_PRIORITY] = ~S(PO_BROUILLON),
	[FA_PROG_RETAIN] = S(PO_DEPOSEE) | S(PO_EN_INSTRUCTION),
	[FA_PROG_REJECT] = S(PO_DEPOSEE) | S(PO_EN_INSTRUCTION),
	[FA_PROG_CLEAR] = 0,
	[FA_NOTE] = ~S(PO_BROUILLON),
	[FA_FOLLOW] = ~S(PO_BROUILLON),
};

static void test_offers_table(void **state)
{
	struct preorder *po = xcalloc(1, sizeof *po);
	struct instruction *in = xcalloc(1, sizeof *in);

	(void)state;
	instruction_init(in, 1, "23");
	for (int st = PO_BROUILLON; st <= PO_SANS_SUITE; st++) {
		po->state = (enum preorder_state)st;
		for (int a = 0; a < FA_COUNT; a++) {
			bool want = (offered[a] & S(st)) != 0;

			if (instruction_offers((enum file_action)a, po, in) != want)
				fail_msg("state %d, action %d: want %d", st, a, want);
		}
	}
	po->state = PO_DEPOSEE;
	assert_false(instruction_offers(FA_COUNT, po, in));
	free(in);
	free(po);
}

static void test_offers_paid_and_prog(void **state)
{
	struct preorder *po = xcalloc(1, sizeof *po);
	struct instruction *in = xcalloc(1, sizeof *in);
	size_t n = 0;

	(void)state;
	instruction_init(in, 1, "23");
	po->state = PO_RETENUE;
	assert_true(instruction_offers(FA_REOPEN, po, in));
	po->npayments = 1;
	po->payments[0].amount = 100000;
	assert_int_equal(preorder_paid(po, &n), 100000);
	assert_int_equal(n, 1);
	assert_false(instruction_offers(FA_REOPEN, po, in));   /* paid: no way back */

	assert_false(instruction_offers(FA_PROG_CLEAR, po, in));
	in->prog = PROG_RETAIN;
	assert_true(instruction_offers(FA_PROG_CLEAR, po, in));
	po->state = PO_CONVENTIONNEE;
	assert_true(instruction_offers(FA_PROG_CLEAR, po, in));
	free(in);
	free(po);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offers_table),
		cmocka_unit_test(test_offers_paid_and_prog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
