/*
 * test-store-codec.c — the MessagePack record layer: round trips, caps,
 * defaults for missing fields, tolerance of unknown fields, malformed input,
 * and the one-line printer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ours before cmocka.h: cmocka defines a fail() macro that clashes with util.h. */
#include "core/util.h"
#include "store/codec.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static char *print_to_string(const void *data, size_t len, int *rc)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	assert_non_null(f);
	*rc = codec_print(f, data, len);
	fclose(f);
	return buf;
}

static void test_round_trip(void **state)
{
	struct codec_w w;
	struct codec_r r;
	const void *data;
	size_t len, n, nlines;
	uint32_t schema;
	const char *keys[] = { "ssh-ed25519 AAAA un", "ssh-rsa BBBB deux" };
	char *got[4];
	char login[33], *dup;
	uint64_t id, lot, qty;
	int64_t t;
	bool b;
	int e;
	const msgpack_object *m, *lines;

	(void)state;
	codec_w_init(&w, "test", 7);
	codec_w_u64(&w, "id", UINT64_MAX);
	codec_w_str(&w, "login", "émile.ça");
	codec_w_i64(&w, "t", -1234567890123LL);
	codec_w_bool(&w, "on", true);
	codec_w_u64(&w, "e", 3);
	codec_w_strs(&w, "keys", keys, 2);
	codec_w_array_begin(&w, "lines");
	for (int i = 0; i < 3; i++) {
		codec_w_map_begin(&w, NULL);
		codec_w_u64(&w, "lot", (uint64_t)i + 1);
		codec_w_u64(&w, "qty", (uint64_t)(i + 1) * 10);
		codec_w_map_end(&w);
	}
	codec_w_array_end(&w);
	codec_w_finish(&w, &data, &len);
	assert_true(len > 0);

	assert_int_equal(codec_r_open(&r, data, len, "test", &schema), RC_OK);
	assert_int_equal(schema, 7);
	m = codec_r_root(&r);
	assert_int_equal(codec_r_u64(&r, m, "id", &id, 0), RC_OK);
	assert_true(id == UINT64_MAX);
	assert_int_equal(codec_r_str(&r, m, "login", login, sizeof login, ""), RC_OK);
	assert_string_equal(login, "émile.ça");
	assert_int_equal(codec_r_strdup(&r, m, "login", &dup, 64), RC_OK);
	assert_string_equal(dup, "émile.ça");
	free(dup);
	assert_int_equal(codec_r_i64(&r, m, "t", &t, 0), RC_OK);
	assert_true(t == -1234567890123LL);
	assert_int_equal(codec_r_bool(&r, m, "on", &b, false), RC_OK);
	assert_true(b);
	assert_int_equal(codec_r_enum(&r, m, "e", &e, 0, 4), RC_OK);
	assert_int_equal(e, 3);
	assert_int_equal(codec_r_strs(&r, m, "keys", got, 4, &n, 100), RC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(got[0], keys[0]);
	assert_string_equal(got[1], keys[1]);
	free(got[0]);
	free(got[1]);
	assert_int_equal(codec_r_array(&r, m, "lines", &lines, &nlines, 10), RC_OK);
	assert_int_equal(nlines, 3);
	for (size_t i = 0; i < nlines; i++) {
		assert_int_equal(codec_r_u64(&r, &lines[i], "lot", &lot, 0), RC_OK);
		assert_int_equal(codec_r_u64(&r, &lines[i], "qty", &qty, 0), RC_OK);
		assert_true(lot == i + 1 && qty == (i + 1) * 10);
	}
	assert_int_equal(codec_r_close(&r), RC_OK);
	codec_w_free(&w);
}

static void test_missing_and_unknown(void **state)
{
	struct codec_w w;
	struct codec_r r;
	const void *data;
	size_t len, n;
	char s[8];
	uint64_t u;
	int64_t i;
	bool b;
	int e;
	char *arr[2];

	(void)state;
	/* A "newer" writer adds fields the reader does not know. */
	codec_w_init(&w, "test", 2);
	codec_w_str(&w, "future", "ignored");
	codec_w_map_begin(&w, "nested_future");
	codec_w_u64(&w, "x", 1);
	codec_w_map_end(&w);
	codec_w_u64(&w, "known", 5);
	codec_w_finish(&w, &data, &len);

	assert_int_equal(codec_r_open(&r, data, len, "test", NULL), RC_OK);
	assert_int_equal(codec_r_u64(&r, codec_r_root(&r), "known", &u, 0), RC_OK);
	assert_true(u == 5);
	/* Fields an older writer did not have get their defaults. */
	assert_int_equal(codec_r_str(&r, codec_r_root(&r), "absent", s, sizeof s, "déf"), RC_OK);
	assert_string_equal(s, "déf");
	assert_int_equal(codec_r_u64(&r, codec_r_root(&r), "absent", &u, 42), RC_OK);
	assert_true(u == 42);
	assert_int_equal(codec_r_i64(&r, codec_r_root(&r), "absent", &i, -3), RC_OK);
	assert_true(i == -3);
	assert_int_equal(codec_r_bool(&r, codec_r_root(&r), "absent", &b, true), RC_OK);
	assert_true(b);
	assert_int_equal(codec_r_enum(&r, codec_r_root(&r), "absent", &e, 1, 3), RC_OK);
	assert_int_equal(e, 1);
	assert_int_equal(codec_r_strs(&r, codec_r_root(&r), "absent", arr, 2, &n, 10), RC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(codec_r_close(&r), RC_OK);

	/* The wrong kind is refused. */
	assert_int_equal(codec_r_open(&r, data, len, "autre", NULL), RC_INVALID);
	codec_w_free(&w);
}

static void test_caps(void **state)
{
	struct codec_w w;
	struct codec_r r;
	const void *data;
	size_t len, n;
	char small[5], *dup = (char *)1, *arr[3];
	const char *three[] = { "a", "b", "c" };
	const char *longs[] = { "a", "trop long" };
	int e;
	uint64_t u;
	bool b;

	(void)state;
	codec_w_init(&w, "test", 1);
	codec_w_str(&w, "s", "12345");            /* needs 6 bytes with its NUL */
	codec_w_str(&w, "fits", "1234");
	codec_w_u64(&w, "e", 9);
	codec_w_strs(&w, "three", three, 3);
	codec_w_strs(&w, "longs", longs, 2);
	codec_w_strn(&w, "nul", "a\0b", 3);
	codec_w_str(&w, "notnum", "1");
	codec_w_i64(&w, "neg", -1);
	codec_w_finish(&w, &data, &len);

	assert_int_equal(codec_r_open(&r, data, len, "test", NULL), RC_OK);
	assert_int_equal(codec_r_str(&r, codec_r_root(&r), "fits", small, sizeof small, ""), RC_OK);
	assert_string_equal(small, "1234");
	/* Too long: an error, the destination keeps its default (no truncation). */
	assert_int_equal(codec_r_str(&r, codec_r_root(&r), "s", small, sizeof small, "x"), RC_INVALID);
	assert_string_equal(small, "x");
	assert_int_equal(codec_r_strdup(&r, codec_r_root(&r), "s", &dup, 4), RC_INVALID);
	assert_null(dup);
	assert_int_equal(codec_r_enum(&r, codec_r_root(&r), "e", &e, 0, 9), RC_INVALID);
	assert_int_equal(codec_r_strs(&r, codec_r_root(&r), "three", arr, 2, &n, 10), RC_INVALID);
	assert_int_equal(n, 0);
	assert_int_equal(codec_r_strs(&r, codec_r_root(&r), "longs", arr, 3, &n, 4), RC_INVALID);
	assert_int_equal(n, 0);
	assert_int_equal(codec_r_str(&r, codec_r_root(&r), "nul", small, sizeof small, ""), RC_INVALID);
	assert_int_equal(codec_r_u64(&r, codec_r_root(&r), "notnum", &u, 0), RC_INVALID);
	assert_int_equal(codec_r_u64(&r, codec_r_root(&r), "neg", &u, 0), RC_INVALID);
	assert_int_equal(codec_r_bool(&r, codec_r_root(&r), "neg", &b, false), RC_INVALID);
	/* The first error is remembered with its field's name. */
	assert_non_null(strstr(codec_r_error(&r), "« s »"));
	assert_int_equal(codec_r_close(&r), RC_INVALID);
	codec_w_free(&w);
}

static void test_malformed(void **state)
{
	struct codec_r r;
	char kind[8];
	/* map16 claiming 65535 entries in 3 bytes; array32 claiming 2^32-1 items. */
	const unsigned char huge_map[] = { 0xde, 0xff, 0xff };
	const unsigned char huge_arr[] = { 0x81, 0xa1, 'a', 0xdd, 0xff, 0xff, 0xff, 0xff, 0x01 };
	const unsigned char not_map[] = { 0x92, 0x01, 0x02 };
	const unsigned char trailing[] = { 0x80, 0x80 };
	const unsigned char reserved[] = { 0x81, 0xa1, 'a', 0xc1 };
	const unsigned char truncated_str[] = { 0x81, 0xa1, 'a', 0xd9, 0x20, 'x' };
	const unsigned char empty_map[] = { 0x80 };
	int rc;
	char *line;

	(void)state;
	assert_int_equal(codec_r_open(&r, huge_map, sizeof huge_map, NULL, NULL), RC_INVALID);
	assert_int_equal(codec_r_open(&r, huge_arr, sizeof huge_arr, NULL, NULL), RC_INVALID);
	assert_int_equal(codec_r_open(&r, not_map, sizeof not_map, NULL, NULL), RC_INVALID);
	assert_int_equal(codec_r_open(&r, trailing, sizeof trailing, NULL, NULL), RC_INVALID);
	assert_int_equal(codec_r_open(&r, reserved, sizeof reserved, NULL, NULL), RC_INVALID);
	assert_int_equal(codec_r_open(&r, truncated_str, sizeof truncated_str, NULL, NULL), RC_INVALID);
	assert_int_equal(codec_r_open(&r, NULL, 0, NULL, NULL), RC_INVALID);
	/* A map without "_kind" opens without a kind check but has no kind. */
	assert_int_equal(codec_r_open(&r, empty_map, sizeof empty_map, NULL, NULL), RC_OK);
	assert_int_equal(codec_r_close(&r), RC_OK);
	assert_int_equal(codec_r_open(&r, empty_map, sizeof empty_map, "test", NULL), RC_INVALID);
	assert_int_equal(codec_kind(empty_map, sizeof empty_map, kind, sizeof kind), RC_INVALID);

	line = print_to_string(huge_arr, sizeof huge_arr, &rc);
	assert_int_equal(rc, RC_INVALID);
	assert_non_null(strstr(line, "invalide"));
	free(line);
}

/* A fixed-seed random walk: random field values survive the round trip. */

/*
 * Found by fuzzing (tests/fuzz/fuzz-store-record.c): the sanity scan took
 * an ext 8/16/32 body for one byte longer than it is, so the byte after it
 * escaped the scan — there an array header claiming 16 million items made
 * msgpack-c allocate hundreds of megabytes for a 9-byte record. Now ext
 * values are measured as msgpack-c does: a valid one is read, and the scan
 * sees the array header and refuses the record before msgpack-c does
 * anything.
 */
static void test_ext_lengths(void **state)
{
	static const unsigned char ext8[] = { 0x81, 0xa1, 'a', 0xc7, 0x00, 0x01 };
	static const unsigned char ext16[] = { 0x81, 0xa1, 'a', 0xc8, 0x00, 0x01, 0x05, 'x' };
	static const unsigned char ext32[] = { 0x81, 0xa1, 'a', 0xc9, 0x00, 0x00, 0x00, 0x02,
	                                       0x05, 'x', 'y' };
	static const unsigned char hidden[] = { 0x95, 0xc7, 0x00, 0x01, 0xdd, 0x00, 0xff, 0xff,
	                                        0xff };
	struct codec_r r;

	(void)state;
	assert_int_equal(codec_r_open(&r, ext8, sizeof ext8, NULL, NULL), RC_OK);
	codec_r_close(&r);
	assert_int_equal(codec_r_open(&r, ext16, sizeof ext16, NULL, NULL), RC_OK);
	codec_r_close(&r);
	assert_int_equal(codec_r_open(&r, ext32, sizeof ext32, NULL, NULL), RC_OK);
	codec_r_close(&r);
	assert_int_equal(codec_r_open(&r, hidden, sizeof hidden, NULL, NULL), RC_INVALID);
}

static void test_random_round_trips(void **state)
{
	unsigned seed = 20261128;
	struct codec_w w;
	struct codec_r r;
	const void *data;
	size_t len;

	(void)state;
	printf("seed %u\n", seed);
	srand(seed);
	for (int iter = 0; iter < 2000; iter++) {
		char s[64], got[64];
		size_t sl = (size_t)rand() % (sizeof s - 1);
		uint64_t u = ((uint64_t)rand() << 40) ^ ((uint64_t)rand() << 16) ^ (uint64_t)rand();
		int64_t i = (rand() & 1) ? -(int64_t)(u >> 2) : (int64_t)(u >> 2);
		uint64_t gu;
		int64_t gi;

		for (size_t k = 0; k < sl; k++)
			s[k] = (char)(' ' + rand() % 95);
		s[sl] = '\0';
		codec_w_init(&w, "rnd", (uint32_t)iter);
		codec_w_str(&w, "s", s);
		codec_w_u64(&w, "u", u);
		codec_w_i64(&w, "i", i);
		codec_w_finish(&w, &data, &len);
		assert_int_equal(codec_r_open(&r, data, len, "rnd", NULL), RC_OK);
		codec_r_str(&r, codec_r_root(&r), "s", got, sizeof got, "");
		codec_r_u64(&r, codec_r_root(&r), "u", &gu, 0);
		codec_r_i64(&r, codec_r_root(&r), "i", &gi, 0);
		assert_int_equal(codec_r_close(&r), RC_OK);
		assert_string_equal(got, s);
		assert_true(gu == u && gi == i);
		codec_w_free(&w);
	}
}

static void test_print(void **state)
{
	struct codec_w w;
	const void *data;
	size_t len;
	char *line, kind[CODEC_KIND_MAX + 1];
	int rc;
	const unsigned char bin[] = { 0x00, 0xff };

	(void)state;
	codec_w_init(&w, "account", 1);
	codec_w_str(&w, "login", "zoé");
	codec_w_str(&w, "pwhash", "$argon2id$secret");
	codec_w_str(&w, "evil", "\x1b[2J\"q\"");
	codec_w_i64(&w, "n", -5);
	codec_w_bool(&w, "off", false);
	codec_w_bin(&w, "b", bin, sizeof bin);
	codec_w_nil(&w, "z");
	codec_w_u64s(&w, "ids", (const uint64_t[]){ 1, 2 }, 2);
	codec_w_finish(&w, &data, &len);
	assert_int_equal(codec_kind(data, len, kind, sizeof kind), RC_OK);
	assert_string_equal(kind, "account");
	line = print_to_string(data, len, &rc);
	assert_int_equal(rc, RC_OK);
	assert_string_equal(line, "{_kind: \"account\", _schema: 1, login: \"zoé\", pwhash: «masqué», "
	                          "evil: \"\\x1b[2J\\\"q\\\"\", n: -5, off: false, b: 0x00ff, "
	                          "z: nil, ids: [1, 2]}");
	assert_null(strchr(line, '\n'));
	free(line);
	codec_w_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_missing_and_unknown),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_ext_lengths),
		cmocka_unit_test(test_random_round_trips),
		cmocka_unit_test(test_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
