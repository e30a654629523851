/*
 * test-tui-field.c — the editable field's logic without a terminal: typing
 * by type (text, digits, amount, date, code), fixed-length fields that
 * report FIELD_FULL, cursor moves and deletions, UTF-8 round trips, the
 * character cap, and horizontal scrolling keeping the cursor visible.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/field.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void type(struct field *f, const char *s)
{
	while (*s != '\0') {
		wchar_t c;
		int k = mbtowc(&c, s, strlen(s));

		assert_true(k > 0);
		(void)field_key(f, (wint_t)c, false);
		s += k;
	}
}

static void assert_text(const struct field *f, const char *want)
{
	char *got = field_utf8(f);

	assert_string_equal(got, want);
	free(got);
}

static void test_text_edit(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, FIELD_TEXT, 40, false, false);
	type(&f, "Crème brûlée");
	assert_text(&f, "Crème brûlée");
	assert_int_equal(f.len, 12);
	assert_int_equal(f.cur, 12);
	assert_int_equal(field_key(&f, KEY_HOME, true), FIELD_MOVED);
	assert_int_equal(f.cur, 0);
	assert_int_equal(field_key(&f, KEY_LEFT, true), FIELD_REFUSED);
	assert_int_equal(field_key(&f, KEY_DC, true), FIELD_CHANGED);
	assert_text(&f, "rème brûlée");
	type(&f, "C");
	assert_text(&f, "Crème brûlée");
	assert_int_equal(field_key(&f, KEY_END, true), FIELD_MOVED);
	assert_int_equal(field_key(&f, KEY_BACKSPACE, true), FIELD_CHANGED);
	assert_int_equal(field_key(&f, 0x7f, false), FIELD_CHANGED);
	assert_text(&f, "Crème brûl");
	assert_int_equal(field_key(&f, KEY_LEFT, true), FIELD_MOVED);
	assert_int_equal(field_key(&f, 0x0b /* ^K */, false), FIELD_CHANGED);
	assert_text(&f, "Crème brû");
	assert_int_equal(field_key(&f, 0x15 /* ^U */, false), FIELD_CHANGED);
	assert_text(&f, "");
	/* control characters never enter a field; ESC is left to the screen */
	assert_int_equal(field_key(&f, 0x1b, false), FIELD_IGNORED);
	assert_int_equal(field_key(&f, 0x9b, false), FIELD_IGNORED);
	assert_int_equal(field_key(&f, KEY_F(2), true), FIELD_IGNORED);
	assert_int_equal(f.len, 0);
	field_free(&f);
}

static void test_cap(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, FIELD_TEXT, 5, false, false);
	type(&f, "abcde");
	assert_int_equal(field_key(&f, 'f', false), FIELD_REFUSED);
	assert_text(&f, "abcde");
	field_free(&f);
	/* an over-large cap is brought back to FIELD_MAX_CHARS */
	field_init(&f, FIELD_TEXT, FIELD_MAX_CHARS * 4, false, false);
	assert_int_equal(f.max, FIELD_MAX_CHARS);
	field_free(&f);
}

/*
 * Invisible and bidi characters are refused as typed, so they are never
 * echoed (U+202E would turn the rest of the line around on the typist's
 * screen); a zero-width joiner is let through (text_check judges it).
 */
static void test_invisible_refused(void **state)
{
	static const wint_t refused[] = { 0x202E, 0x2066, 0x200B, 0x200E, 0xFEFF, 0xE0041 };
	struct field f;

	(void)state;
	field_init(&f, FIELD_TEXT, 40, false, false);
	type(&f, "Mairie");
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		assert_int_equal(field_key(&f, refused[i], false), FIELD_REFUSED);
	assert_text(&f, "Mairie");
	assert_int_equal(field_key(&f, 0x1F469, false), FIELD_CHANGED);
	assert_int_equal(field_key(&f, 0x200D, false), FIELD_CHANGED);
	field_free(&f);
}

static void test_digits_fixed(void **state)
{
	struct field f;
	const char *siret = "1234567890123";

	(void)state;
	field_init(&f, FIELD_DIGITS, 14, true, false);
	assert_int_equal(field_key(&f, 'a', false), FIELD_REFUSED);
	assert_int_equal(field_key(&f, ' ', false), FIELD_REFUSED);
	for (const char *p = siret; *p; p++)
		assert_int_equal(field_key(&f, (wint_t)*p, false), FIELD_CHANGED);
	assert_int_equal(field_key(&f, '4', false), FIELD_FULL);
	assert_int_equal(field_key(&f, '5', false), FIELD_REFUSED);
	assert_text(&f, "12345678901234");
	field_free(&f);
}

static void test_code(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, FIELD_CODE, 5, true, false);
	type(&f, "2a00");
	assert_int_equal(field_key(&f, '-', false), FIELD_REFUSED);
	assert_int_equal(field_key(&f, L'é', false), FIELD_REFUSED);
	assert_int_equal(field_key(&f, '4', false), FIELD_FULL);
	assert_text(&f, "2A004");
	field_free(&f);
}

static void test_amount(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, FIELD_AMOUNT, 12, false, false);
	type(&f, "1250");
	assert_int_equal(field_key(&f, '.', false), FIELD_CHANGED);  /* becomes ',' */
	assert_int_equal(field_key(&f, ',', false), FIELD_REFUSED);  /* only one */
	type(&f, "5");
	assert_int_equal(field_key(&f, '0', false), FIELD_CHANGED);
	assert_int_equal(field_key(&f, '1', false), FIELD_REFUSED);  /* two decimals */
	assert_int_equal(field_key(&f, 'e', false), FIELD_REFUSED);
	assert_text(&f, "1250,50");
	/* digits before the comma are still welcome */
	assert_int_equal(field_key(&f, KEY_HOME, true), FIELD_MOVED);
	assert_int_equal(field_key(&f, '3', false), FIELD_CHANGED);
	assert_text(&f, "31250,50");
	/* a comma leaving more than two decimals is refused */
	field_clear(&f);
	type(&f, "12345");
	assert_int_equal(field_key(&f, KEY_HOME, true), FIELD_MOVED);
	assert_int_equal(field_key(&f, KEY_RIGHT, true), FIELD_MOVED);
	assert_int_equal(field_key(&f, ',', false), FIELD_REFUSED);
	field_free(&f);
}

static void test_date(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, FIELD_DATE, 0, false, false);
	assert_int_equal(f.max, 10);
	type(&f, "3101");
	assert_text(&f, "31/01");
	assert_int_equal(field_key(&f, '/', false), FIELD_CHANGED);  /* typed slash fits */
	type(&f, "202");
	assert_int_equal(field_key(&f, '2', false), FIELD_FULL);
	assert_text(&f, "31/01/2022");
	assert_int_equal(field_key(&f, 'x', false), FIELD_REFUSED);
	/* backspace over a slash takes the digit before it as well */
	field_clear(&f);
	type(&f, "310");
	assert_text(&f, "31/0");
	assert_int_equal(field_key(&f, KEY_BACKSPACE, true), FIELD_CHANGED);
	assert_text(&f, "31");
	field_free(&f);
}

static void test_utf8_roundtrip(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, FIELD_TEXT, 100, false, true);
	field_set_utf8(&f, "ça coûte 40 000 € «HT»");
	assert_text(&f, "ça coûte 40 000 € «HT»");
	assert_int_equal(f.cur, f.len);
	/* invalid bytes and controls are dropped, not stored */
	field_set_utf8(&f, "a\xff" "b\x1b[2Jc");
	assert_text(&f, "ab[2Jc");
	field_free(&f);
}

static void test_scroll(void **state)
{
	struct field f;
	int col;

	(void)state;
	field_init(&f, FIELD_TEXT, 1000, false, false);
	for (int i = 0; i < 700; i++)
		(void)field_key(&f, (wint_t)('a' + i % 26), false);
	/* 20 columns with scroll marks: 18 inside, the cursor at the end */
	col = field_layout(&f, 20);
	assert_true(col >= 1 && col <= 18);
	assert_int_equal(f.scroll + (size_t)col - 1, f.cur);
	assert_int_equal(field_key(&f, KEY_HOME, true), FIELD_MOVED);
	col = field_layout(&f, 20);
	assert_int_equal(f.scroll, 0);
	assert_int_equal(col, 1);
	/* typing on at the right edge jumps by half a field, not one character */
	field_clear(&f);
	{
		size_t jumps = 0, last = 0;

		for (int i = 0; i < 180; i++) {
			(void)field_key(&f, (wint_t)('a' + i % 26), false);
			col = field_layout(&f, 20);
			assert_true(col >= 1 && col <= 18);
			if (f.scroll != last) {
				jumps++;
				last = f.scroll;
			}
		}
		assert_true(jumps >= 10 && jumps <= 20);
	}
	/* wide characters take two columns */
	field_clear(&f);
	type(&f, "日本語日本語日本語日本語");
	col = field_layout(&f, 20);
	assert_true(col <= 18);
	assert_int_equal((size_t)col - 1, 2 * (f.cur - f.scroll));
	/* a short field that cannot overflow keeps every column (no marks) */
	field_free(&f);
	field_init(&f, FIELD_CODE, 5, true, false);
	type(&f, "23");
	assert_int_equal(field_layout(&f, 6), 2);    /* max + 1 for the cursor */
	field_free(&f);
}

static void test_masked_wipe(void **state)
{
	struct field f;

	(void)state;
	field_init(&f, FIELD_TEXT, 16, false, true);
	type(&f, "secret");
	field_clear(&f);
	for (size_t i = 0; i < 16; i++)
		assert_int_equal(f.text[i], 0);
	field_free(&f);
	assert_null(f.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_edit),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_invisible_refused),
		cmocka_unit_test(test_digits_fixed),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_amount),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_utf8_roundtrip),
		cmocka_unit_test(test_scroll),
		cmocka_unit_test(test_masked_wipe),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
