/*
 * test-tui-editor.c — the multi-line editor's pure logic: word wrap, a word
 * longer than the width, newlines, cursor movement by line on screen
 * (keeping the column), Home/End, PgUp/PgDn, the cap, control characters.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tui/editor.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void type(struct editor *e, const char *s)
{
	for (; *s; s++)
		editor_key(e, (wint_t)(unsigned char)*s, false);
}

static char *line(const struct editor *e, size_t k)
{
	char *out = malloc(e->ll[k] + 1);

	for (size_t i = 0; i < e->ll[k]; i++)
		out[i] = (char)e->text[e->ls[k] + i];
	out[e->ll[k]] = '\0';
	return out;
}

static void assert_line(const struct editor *e, size_t k, const char *want)
{
	char *got = line(e, k);

	assert_string_equal(got, want);
	free(got);
}

static void test_wrap_words(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, 200);
	editor_layout(&e, 10, 5);
	type(&e, "le chat dort sur le tapis");
	assert_int_equal(e.nlines, 3);
	assert_line(&e, 0, "le chat ");
	assert_line(&e, 1, "dort sur ");
	assert_line(&e, 2, "le tapis");
	editor_free(&e);
}

static void test_wrap_long_word_and_newlines(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, 200);
	editor_layout(&e, 4, 5);
	type(&e, "abcdefghij\n\nxy");
	assert_int_equal(e.nlines, 5);
	assert_line(&e, 0, "abcd");
	assert_line(&e, 1, "efgh");
	assert_line(&e, 2, "ij");
	assert_line(&e, 3, "");
	assert_line(&e, 4, "xy");
	editor_free(&e);
}

static void test_cursor_moves(void **state)
{
	struct editor e;
	size_t row;
	int col;

	(void)state;
	editor_init(&e, 200);
	editor_layout(&e, 10, 2);
	type(&e, "le chat dort sur le tapis");
	editor_cursor_rc(&e, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 8);
	/* Up keeps the column; up again at a shorter place clamps. */
	assert_int_equal(editor_key(&e, KEY_UP, true), FIELD_MOVED);
	editor_cursor_rc(&e, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 8);
	assert_int_equal(e.cur, 16);
	editor_key(&e, KEY_HOME, true);
	assert_int_equal(e.cur, 8);
	editor_key(&e, KEY_END, true);
	assert_int_equal(e.cur, 16);   /* before the space that ends a wrapped line */
	/* The view follows: two rows shown. */
	editor_key(&e, KEY_PPAGE, true);
	editor_cursor_rc(&e, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(e.top, 0);
	editor_key(&e, KEY_NPAGE, true);
	editor_cursor_rc(&e, &row, &col);
	assert_int_equal(row, 2);
	assert_true(e.top >= 1);
	assert_int_equal(editor_key(&e, KEY_DOWN, true), FIELD_REFUSED);
	editor_free(&e);
}

static void test_edit_and_cap(void **state)
{
	struct editor e;
	char *s;

	(void)state;
	editor_init(&e, 5);
	editor_layout(&e, 10, 3);
	type(&e, "abc");
	assert_int_equal(editor_key(&e, 0x1b, false), FIELD_IGNORED);
	assert_int_equal(editor_key(&e, 0x07, false), FIELD_IGNORED);
	assert_int_equal(editor_key(&e, 0x9b, false), FIELD_IGNORED);
	editor_key(&e, KEY_LEFT, true);
	editor_key(&e, KEY_BACKSPACE, true);
	s = editor_utf8(&e);
	assert_string_equal(s, "ac");
	free(s);
	assert_int_equal(editor_key(&e, '\r', false), FIELD_CHANGED);
	type(&e, "xy");
	assert_int_equal(editor_key(&e, 'z', false), FIELD_REFUSED);
	s = editor_utf8(&e);
	assert_string_equal(s, "a\nxyc");
	free(s);
	editor_set_utf8(&e, "é\033ü");
	s = editor_utf8(&e);
	assert_string_equal(s, "éü");
	free(s);
	editor_set_cursor(&e, 1);
	assert_int_equal(e.cur, 1);
	editor_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_long_word_and_newlines),
		cmocka_unit_test(test_cursor_moves),
		cmocka_unit_test(test_edit_and_cap),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
