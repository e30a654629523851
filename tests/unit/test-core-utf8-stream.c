/*
 * test-core-utf8-stream.c — the streaming repair of typed bytes into UTF-8:
 * split sequences, each kind of invalid input, output caps, and a fixed-seed
 * random run checking that the output is always UTF-8 and no ASCII is lost.
 */
#include "core/core.h"
#include "core/utf8-stream.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Repairs `in` fed in chunks of `chunk` bytes; returns the output (static). */
static const char *repair(const char *in, size_t len, size_t chunk)
{
	static char out[4096];
	struct utf8_stream st = { 0 };
	size_t off = 0, n = 0, produced;

	while (off < len) {
		size_t take = len - off < chunk ? len - off : chunk;
		size_t used = utf8_stream_repair(&st, in + off, take, out + n,
		                                 sizeof out - 1 - n, &produced);
		assert_true(used > 0);
		off += used;
		n += produced;
	}
	out[n] = '\0';
	return out;
}

#define R UTF8_REPLACEMENT

static void test_valid_passes(void **state)
{
	const char *s = "Aé€😀 «Creuse»";

	(void)state;
	assert_string_equal(repair(s, strlen(s), 64), s);
	/* Cut anywhere, even inside a sequence: the same bytes come out. */
	for (size_t chunk = 1; chunk < 5; chunk++)
		assert_string_equal(repair(s, strlen(s), chunk), s);
}

static void test_invalid_bytes(void **state)
{
	(void)state;
	/* A Latin-1 « é » then ASCII: one U+FFFD, nothing after it lost. */
	assert_string_equal(repair("Ab\xE9" "cd", 5, 64), "Ab" R "cd");
	assert_string_equal(repair("Ab\xE9" "cd", 5, 1), "Ab" R "cd");
	/* Lone continuation bytes and bytes that never lead. */
	assert_string_equal(repair("\x80\xBF\xC0\xC1\xF5\xFF", 6, 64), R R R R R R);
	/* Overlong, surrogate and above U+10FFFF: maximal subparts. */
	assert_string_equal(repair("\xE0\x80\x80", 3, 64), R R R);
	assert_string_equal(repair("\xED\xA0\x80", 3, 64), R R R);
	assert_string_equal(repair("\xF4\x90\x80\x80", 4, 64), R R R R);
	/* A truncated sequence followed by ASCII: one U+FFFD, then the letter. */
	assert_string_equal(repair("\xE2\x82" "A", 3, 64), R "A");
	/* Escape sequences are ASCII: untouched. */
	assert_string_equal(repair("\x1b[A\x1b]0;t\x07", 9, 2), "\x1b[A\x1b]0;t\x07");
}

static void test_held_until_complete(void **state)
{
	struct utf8_stream st = { 0 };
	char out[16];
	size_t produced;

	(void)state;
	assert_int_equal(utf8_stream_repair(&st, "\xE2\x82", 2, out, sizeof out, &produced), 2);
	assert_int_equal(produced, 0);          /* held, not yet shown */
	assert_int_equal(utf8_stream_repair(&st, "\xAC", 1, out, sizeof out, &produced), 1);
	assert_int_equal(produced, 3);
	assert_memory_equal(out, "€", 3);
}

static void test_output_cap(void **state)
{
	struct utf8_stream st = { 0 };
	char out[UTF8_STREAM_MAX_STEP + 2];
	size_t produced;

	(void)state;
	/* Below one step of room nothing is consumed. */
	assert_int_equal(utf8_stream_repair(&st, "abc", 3, out, UTF8_STREAM_MAX_STEP - 1, &produced), 0);
	assert_int_equal(produced, 0);
	/* With room for a few steps, it stops early and the rest can follow. */
	assert_int_equal(utf8_stream_repair(&st, "\xFF\xFF\xFF", 3, out, sizeof out, &produced), 1);
	assert_int_equal(produced, 3);
}

static void test_random_bytes(void **state)
{
	unsigned seed = 20261129;
	char in[512];

	(void)state;
	printf("utf8-stream random seed %u\n", seed);
	srand(seed);
	for (int round = 0; round < 2000; round++) {
		size_t len = (size_t)(rand() % (int)sizeof in), chunk = (size_t)(1 + rand() % 7);
		const char *out;
		size_t ascii_in = 0, ascii_out = 0;

		for (size_t i = 0; i < len; i++) {
			in[i] = (char)(rand() % 3 == 0 ? 'a' + rand() % 26 : rand() % 256);
			if (in[i] == '\0')
				in[i] = 'z';
		}
		out = repair(in, len, chunk);
		assert_true(utf8_valid(out, strlen(out)));
		/* Every ASCII byte typed comes out, in order. */
		for (size_t i = 0; i < len; i++)
			ascii_in += (unsigned char)in[i] < 0x80;
		for (const char *p = out; *p != '\0'; p++)
			ascii_out += (unsigned char)*p < 0x80;
		assert_int_equal(ascii_in, ascii_out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_passes),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_held_until_complete),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_random_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
