/*
 * test-tui-keyseq.c — the clients' key sequences taught to curses: each
 * sequence once in the table, and after tui_keyseq_define() every one of
 * them reads as its key under each TERM a client may announce (xterm,
 * xterm-256color, vt100, linux, screen, tmux-256color, putty when known).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <term.h>

#include "tui/keyseq.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_table(void **state)
{
	size_t n = 0;
	const struct tui_keyseq *t = tui_keyseq_table(&n);
	(void)state;

	assert_true(n >= 60);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(t[i].seq[0], '\033');
		assert_true(strlen(t[i].seq) >= 3);
		assert_true(t[i].code >= KEY_MIN && t[i].code <= KEY_MAX);
		for (size_t j = 0; j < i; j++)
			if (strcmp(t[i].seq, t[j].seq) == 0)
				fail_msg("sequence %zu given twice (entry %zu)", i, j);
	}
}

static void test_every_term(void **state)
{
	static const char *const terms[] = {
		"xterm", "xterm-256color", "vt100", "linux", "screen", "tmux-256color", "putty",
	};
	size_t n = 0, tried = 0;
	const struct tui_keyseq *t = tui_keyseq_table(&n);
	(void)state;

	for (size_t k = 0; k < sizeof terms / sizeof terms[0]; k++) {
		FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
		SCREEN *scr;
		int err = 0;

		assert_non_null(out);
		assert_non_null(in);
		if (setupterm(terms[k], fileno(out), &err) != OK) {
			printf("TERM %s not installed here: skipped\n", terms[k]);
			fclose(out);
			fclose(in);
			continue;
		}
		del_curterm(cur_term);
		scr = newterm(terms[k], out, in);
		assert_non_null(scr);
		keypad(stdscr, TRUE);
		tui_keyseq_define();
		for (size_t i = 0; i < n; i++)
			if (key_defined(t[i].seq) != t[i].code)
				fail_msg("TERM %s: sequence %zu (%s) reads as %d, not %d", terms[k], i,
				         t[i].from, key_defined(t[i].seq), t[i].code);
		endwin();
		delscreen(scr);
		fclose(out);
		fclose(in);
		tried++;
	}
	assert_true(tried >= 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_term),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
