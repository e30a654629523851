/*
 * test-core-faq.c — the FAQ each role reads: it says « intention de
 * commande » as the screens do, never « pré-commande »; an answer names
 * only the menu entries its reader has (the préfecture is not sent to a
 * messagerie it does not have); every role but the anonymous one gets a
 * way to reach someone; no question appears twice for one reader.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "tui/screen.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_words_of_the_screens(void **state)
{
	size_t n = 0;
	const struct faq_entry *faq = faq_entries(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *texts[] = { faq[i].section, faq[i].question, faq[i].answer };

		for (size_t k = 0; k < 3; k++) {
			if (strstr(texts[k], "pré-commande") || strstr(texts[k], "Pré-commande") ||
			    strstr(texts[k], "messagerie"))
				fail_msg("entry %zu « %s » says: %s", i, faq[i].question, texts[k]);
		}
		assert_true(faq[i].roles != 0);
	}
}

/* The labels of the home menu an actor of role r sees (tui/registry.c, asked of may()). */
static size_t menu_labels(enum role r, const char *out[], size_t max)
{
	struct actor a = { .account_id = 1, .role = r, .org_id = r != ROLE_NONE ? 1 : 0,
		           .dept = "23" };
	const struct tui_entry *e[32];
	size_t n = tui_menu_entries(&a, MENU_HOME, e, max < 32 ? max : 32);

	for (size_t i = 0; i < n; i++)
		out[i] = e[i]->label;
	return n;
}

static void test_areas_named_are_the_readers(void **state)
{
	const struct faq_entry *out[FAQ_ENTRIES_MAX];
	const char *all[64];
	size_t nall = 0;
	(void)state;

	/* every label some role's menu shows */
	for (int r = ROLE_NONE; r < ROLE_COUNT; r++) {
		const char *mine[32];
		size_t nm = menu_labels((enum role)r, mine, 32);

		for (size_t k = 0; k < nm; k++) {
			bool known = false;

			for (size_t j = 0; j < nall; j++)
				known |= strcmp(all[j], mine[k]) == 0;
			if (!known && nall < 64)
				all[nall++] = mine[k];
		}
	}
	assert_true(nall > 0);
	for (int r = ROLE_NONE; r < ROLE_COUNT; r++) {
		const char *areas[32];
		size_t na = menu_labels((enum role)r, areas, 32);
		size_t n = faq_for_role((enum role)r, out, FAQ_ENTRIES_MAX);
		bool contact = false;

		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			for (size_t a = 0; a < nall; a++) {
				char quoted[80];
				bool has = false;

				/* the FAQ sets guillemets with no-break spaces, as French does */
				snprintf(quoted, sizeof quoted, "«\u00a0%s\u00a0»", all[a]);
				if (strstr(out[i]->answer, quoted) == NULL)
					continue;
				for (size_t k = 0; k < na; k++)
					has |= strcmp(areas[k], all[a]) == 0;
				if (!has)
					fail_msg("role %s reads « %s », which names %s", role_label((enum role)r),
					         out[i]->question, quoted);
			}
			for (size_t j = 0; j < i; j++)
				if (strcmp(out[i]->question, out[j]->question) == 0)
					fail_msg("role %s reads « %s » twice", role_label((enum role)r),
					         out[i]->question);
			contact |= strcmp(out[i]->section, "Contact") == 0;
		}
		if (r == ROLE_COLLECTIVITE || r == ROLE_FRANCE_SERVICES || r == ROLE_PREFECTURE ||
		    r == ROLE_RECONDITIONNEUR)
			assert_true(contact);
	}
}

static void test_prefecture_view(void **state)
{
	const struct faq_entry *out[FAQ_ENTRIES_MAX];
	size_t n = faq_for_role(ROLE_PREFECTURE, out, FAQ_ENTRIES_MAX);
	bool own = false;
	(void)state;

	for (size_t i = 0; i < n; i++) {
		own |= strcmp(out[i]->section, "Préfecture") == 0;
		assert_null(strstr(out[i]->answer, "Contacter l'assistance"));
		assert_null(strstr(out[i]->answer, "« "));  /* never a breakable space inside « » */
	}
	assert_true(own);
	/* the cap holds */
	assert_int_equal(faq_for_role(ROLE_COLLECTIVITE, out, 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_of_the_screens),
		cmocka_unit_test(test_areas_named_are_the_readers),
		cmocka_unit_test(test_prefecture_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
