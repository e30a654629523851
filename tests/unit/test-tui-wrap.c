/*
 * test-tui-wrap.c — word wrapping of FAQ answers and help text: lines never
 * exceed the width in columns (accents and wide characters counted right),
 * words are not split unless longer than a line, paragraphs keep their
 * blank line, non-breaking spaces hold, and every FAQ answer wraps within
 * 74 columns (the answer view at 80x24).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "tui/screen.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_simple(void **state)
{
	char **l;
	size_t n;

	(void)state;
	wrap_text("le matériel reconditionné est prêté", 12, &l, &n);
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "le matériel");
	assert_string_equal(l[1], "reconditionn");  /* 13 columns: cut at 12 */
	assert_string_equal(l[2], "é est prêté");
	wrap_free(l, n);
}

static void test_paragraphs(void **state)
{
	char **l;
	size_t n;

	(void)state;
	wrap_text("Un deux.\n\nTrois.\n• quatre", 40, &l, &n);
	assert_int_equal(n, 4);
	assert_string_equal(l[0], "Un deux.");
	assert_string_equal(l[1], "");
	assert_string_equal(l[2], "Trois.");
	assert_string_equal(l[3], "• quatre");
	wrap_free(l, n);
	wrap_text("", 10, &l, &n);
	assert_int_equal(n, 1);
	assert_string_equal(l[0], "");
	wrap_free(l, n);
}

static void test_exact_and_spaces(void **state)
{
	char **l;
	size_t n;

	(void)state;
	/* a line exactly as wide as the width, then a break on the space */
	wrap_text("abcde fghij", 5, &l, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "abcde");
	assert_string_equal(l[1], "fghij");
	wrap_free(l, n);
	/* several spaces at a break do not start the next line */
	wrap_text("abc    def", 5, &l, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "abc");
	assert_string_equal(l[1], "def");
	wrap_free(l, n);
	/* a non-breaking space holds */
	wrap_text("jusqu'à 40\xC2\xA0" "000", 10, &l, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[1], "40\xC2\xA0" "000");
	wrap_free(l, n);
}

/* French typography: no break inside « 40 000 € HT », before « : », after « « ». */
static void test_french_spaces(void **state)
{
	char **l;
	size_t n;

	(void)state;
	wrap_text("plafond de 40 000 € HT", 18, &l, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "plafond de");
	assert_string_equal(l[1], "40 000 € HT");
	wrap_free(l, n);
	wrap_text("la règle est simple : 80 %", 20, &l, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "la règle est");
	assert_string_equal(l[1], "simple : 80 %");
	wrap_free(l, n);
	wrap_text("un mot « entre guillemets »", 8, &l, &n);
	for (size_t i = 0; i < n; i++) {
		assert_true(strcmp(l[i], "«") != 0);
		assert_true(strcmp(l[i], "»") != 0);
	}
	wrap_free(l, n);
	/* an unbreakable run longer than the line is cut, not lost */
	wrap_text("1 2 3 4 5 6 7 8 9", 5, &l, &n);
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "1 2 3");
	assert_string_equal(l[1], "4 5 6");
	assert_string_equal(l[2], "7 8 9");
	wrap_free(l, n);
}

static void test_wide(void **state)
{
	char **l;
	size_t n;

	(void)state;
	wrap_text("日本語日本語", 5, &l, &n);
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "日本");
	assert_string_equal(l[1], "語日");
	assert_string_equal(l[2], "本語");
	wrap_free(l, n);
	/* width smaller than one wide character still progresses */
	wrap_text("日本", 1, &l, &n);
	assert_int_equal(n, 2);
	wrap_free(l, n);
}

static void test_faq_fits(void **state)
{
	size_t nfaq = 0;
	const struct faq_entry *faq = faq_entries(&nfaq);

	(void)state;
	assert_true(nfaq >= 20);
	for (size_t i = 0; i < nfaq; i++) {
		char **l;
		size_t n;

		assert_true(utf8_valid(faq[i].answer, strlen(faq[i].answer)));
		assert_null(strstr(faq[i].answer, "http"));
		assert_null(strstr(faq[i].answer, "www."));
		wrap_text(faq[i].answer, 74, &l, &n);
		for (size_t j = 0; j < n; j++) {
			char *copy = xstrdup(l[j]);
			size_t len = strlen(copy);

			assert_true(utf8_len(copy) <= 74);
			assert_true(len == 0 || copy[len - 1] != ' ');
			free(copy);
		}
		wrap_free(l, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_exact_and_spaces),
		cmocka_unit_test(test_french_spaces),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_faq_fits),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
