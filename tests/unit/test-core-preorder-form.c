/*
 * test-core-preorder-form.c — the pre-order form's core: the checks of a
 * field as it is left (each French reason), the per-field draft use cases
 * against a temporary store (values, focus and cursor kept; control
 * characters refused; one account's draft apart from another's), and the
 * cost of one per-keystroke draft write (printed, not asserted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-form.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void assert_why(int rc, char *why, const char *part)
{
	assert_int_equal(rc, RC_INVALID);
	assert_non_null(why);
	if (strstr(why, part) == NULL)
		fail_msg("« %s » not in « %s »", part, why);
	free(why);
}

static void test_count(void **state)
{
	uint32_t n;
	char *why = NULL;
	int rc;

	(void)state;
	assert_int_equal(form_parse_count("Lot", "", 10000, &n, NULL), RC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(form_parse_count("Lot", "42", 10000, &n, NULL), RC_OK);
	assert_int_equal(n, 42);
	rc = form_parse_count("Lot", "4a", 10000, &n, &why);
	assert_why(rc, why, "pas un nombre");
	why = NULL;
	rc = form_parse_count("Lot", "-3", 10000, &n, &why);
	assert_why(rc, why, "négatif");
	why = NULL;
	rc = form_parse_count("Lot", "10001", 10000, &n, &why);
	assert_why(rc, why, "10000 au plus");
	why = NULL;
	rc = form_parse_count("Lot", "1\xff", 10000, &n, &why);
	assert_why(rc, why, "UTF-8");
	why = NULL;
	rc = form_parse_count("Lot", "1\x1b", 10000, &n, &why);
	assert_why(rc, why, "contrôle");
}

static void test_lines(void **state)
{
	char *why = NULL;
	int rc;

	(void)state;
	assert_int_equal(form_check_line("Nom", "Claire Besson", 120, 120, false, NULL), RC_OK);
	rc = form_check_line("Nom", "a\033]0;x\007", 120, 120, false, &why);
	assert_why(rc, why, "contrôle");
	why = NULL;
	rc = form_check_line("Nom", "abcdef", 5, 120, false, &why);
	assert_why(rc, why, "trop long");
	why = NULL;
	rc = form_check_line("Nom", "\xc3", 120, 120, false, &why);
	assert_why(rc, why, "UTF-8");
	why = NULL;
	rc = form_check_line("Courriel", "sans.arobase", 254, 254, true, &why);
	assert_why(rc, why, "adresse");
	assert_int_equal(form_check_motivation("ligne un\nligne deux", NULL), RC_OK);
	why = NULL;
	rc = form_check_motivation("a\tb", &why);
	assert_why(rc, why, "contrôle");
	why = NULL;
	rc = form_check_motivation("\xc2\x9b", &why);
	assert_why(rc, why, "contrôle");
}

static void test_drafts(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct actor a1 = { .account_id = 7, .role = ROLE_COLLECTIVITE, .org_id = 3 };
	struct actor a2 = { .account_id = 8, .role = ROLE_COLLECTIVITE, .org_id = 3 };
	struct uc u1 = { .actor = &a1 }, u2 = { .actor = &a2 };
	struct draft d;
	int64_t t0;
	const int writes = 200;

	(void)state;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	u1.st = u2.st = st;
	assert_int_equal(uc_draft_get(&u1, PREORDER_FORM, &d, NULL), RC_NOTFOUND);
	assert_int_equal(uc_draft_field(&u1, PREORDER_FORM, "motivation", "Nous aidons", 14, 4,
	                                NULL), RC_OK);
	assert_int_equal(uc_draft_field(&u2, PREORDER_FORM, "qty.0", "6", 0, 1, NULL), RC_OK);
	assert_int_equal(uc_draft_field(&u1, PREORDER_FORM, "bad", "a\033[2J", 0, 0, &why),
	                 RC_INVALID);
	free(why);
	why = NULL;
	assert_int_equal(uc_draft_get(&u1, PREORDER_FORM, &d, NULL), RC_OK);
	assert_string_equal(draft_value(&d, "motivation"), "Nous aidons");
	assert_null(draft_value(&d, "qty.0"));
	assert_null(draft_value(&d, "bad"));
	assert_int_equal(d.focus, 14);
	assert_int_equal(d.cursor, 4);
	draft_clear(&d);

	/* The cost of one keystroke's draft write (a full-sync transaction). */
	t0 = now_ms();
	for (int i = 0; i < writes; i++) {
		char v[32];

		snprintf(v, sizeof v, "texte %d", i);
		assert_int_equal(uc_draft_field(&u1, PREORDER_FORM, "motivation", v, 14,
		                                (uint32_t)strlen(v), NULL), RC_OK);
	}
	printf("# draft write per keystroke: %.3f ms on average over %d writes\n",
	       (double)(now_ms() - t0) / writes, writes);

	assert_int_equal(uc_draft_drop(&u1, PREORDER_FORM, NULL), RC_OK);
	assert_int_equal(uc_draft_get(&u1, PREORDER_FORM, &d, NULL), RC_NOTFOUND);
	assert_int_equal(uc_draft_get(&u2, PREORDER_FORM, &d, NULL), RC_OK);
	assert_string_equal(draft_value(&d, "qty.0"), "6");
	draft_clear(&d);
	store_close(st);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_drafts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
