/*
 * test-core-money.c — subsidy arithmetic at its edges (rounding down, the
 * cap, overflow-prone inputs), checked sums and products, French amount
 * formatting and parsing, programme settings and Paris calendar days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/settings.h"
#include "core/util.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_subsidy_table(void **state)
{
	static const struct {
		uint32_t rate;
		cents_t expense, cap, want;
	} c[] = {
		{ 8000, 0, 4000000, 0 },
		{ 8000, 1, 4000000, 0 },               /* 0,8 cent rounds down */
		{ 8000, 2, 4000000, 1 },               /* 1,6 → 1 */
		{ 8000, 5, 4000000, 4 },
		{ 8000, 3999999, 4000000, 3199999 },   /* 3 199 999,2 → 3 199 999 */
		{ 8000, 4000000, 4000000, 3200000 },   /* exactly at the cap: 32 000 € */
		{ 8000, 4000001, 4000000, 3200000 },   /* one cent above: capped */
		{ 8000, 999999999, 4000000, 3200000 },
		{ 7250, 1001, 4000000, 725 },          /* 725,725 → 725 */
		{ 10000, 4000000, 4000000, 4000000 },
		{ 1, 9999, 4000000, 0 },
		{ 1, 10000, 4000000, 1 },
		{ 0, 4000000, 4000000, 0 },
		{ 8000, INT64_MAX, INT64_MAX, INT64_MAX / 10000 * 8000 + INT64_MAX % 10000 * 8000 / 10000 },
		{ 10000, INT64_MAX, INT64_MAX, INT64_MAX },
		{ 9999, INT64_MAX, INT64_MAX, 9222449699651090329 }, /* floor(INT64_MAX × 0,9999) */
		{ 8000, 100, 0, 0 },                   /* cap 0 */
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		cents_t got = subsidy_cents(c[i].rate, c[i].expense, c[i].cap);
		if (got != c[i].want)
			fail_msg("case %zu: %lld want %lld", i, (long long)got, (long long)c[i].want);
	}
	assert_int_equal(subsidy_cents(10001, 100, 100), -1);
	assert_int_equal(subsidy_cents(8000, -1, 100), -1);
	assert_int_equal(subsidy_cents(8000, 100, -1), -1);
}

/* Against exact 128-bit arithmetic over a sweep of values. */
static void test_subsidy_exact(void **state)
{
	uint64_t x = 0x9E3779B97F4A7C15u;
	(void)state;
	printf("seed 0x9E3779B97F4A7C15\n");
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		cents_t e = (cents_t)(x >> 1) >> (x % 60);
		cents_t cap = (cents_t)((x * 31) >> 1) >> ((x >> 8) % 60);
		uint32_t rate = (uint32_t)(x % 10001);
		cents_t base = e < cap ? e : cap;
		cents_t want = (cents_t)((__int128)base * rate / 10000);
		assert_int_equal(subsidy_cents(rate, e, cap), want);
	}
}

static void test_checked(void **state)
{
	cents_t v = 7;
	(void)state;
	assert_true(cents_mul(35000, 10, &v));
	assert_int_equal(v, 350000);
	assert_false(cents_mul(INT64_MAX, 2, &v));
	assert_false(cents_mul(-1, 2, &v));
	assert_false(cents_mul(1, UINT64_MAX, &v));
	assert_true(cents_add(1, 2, &v));
	assert_int_equal(v, 3);
	assert_false(cents_add(INT64_MAX, 1, &v));
	assert_false(cents_add(-5, 1, &v));
}

static void test_format_parse(void **state)
{
	char buf[64];
	cents_t v;
	char *why = NULL;
	static const struct {
		const char *in;
		cents_t want;
	} ok[] = {
		{ "40000", 4000000 },   { "40 000", 4000000 }, { "40000,5", 4000050 },
		{ "40 000,50 €", 4000050 }, { "40000.05", 4000005 }, { "0,01", 1 },
		{ "1\xE2\x80\xAF" "250,50\xC2\xA0€", 125050 }, { "7 EUR", 700 }, { "0", 0 },
		{ "40000,50", 4000050 }, { "100000000000", CENTS_MAX },
	};
	static const char *const bad[] = { "", "abc", "-5", "1,234", "1,", ",5", "1 2,5 x",
		                           "99999999999999999999", "12€3" };
	(void)state;
	assert_string_equal(cents_format(4000000, buf, sizeof buf),
	                    "40\xE2\x80\xAF" "000,00\xC2\xA0€");
	assert_string_equal(cents_format(5, buf, sizeof buf), "0,05\xC2\xA0€");
	assert_string_equal(cents_format(123456789, buf, sizeof buf),
	                    "1\xE2\x80\xAF" "234\xE2\x80\xAF" "567,89\xC2\xA0€");
	assert_string_equal(bp_format(8000, buf, sizeof buf), "80\xC2\xA0%");
	assert_string_equal(bp_format(7250, buf, sizeof buf), "72,5\xC2\xA0%");
	assert_string_equal(bp_format(7255, buf, sizeof buf), "72,55\xC2\xA0%");
	for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
		if (cents_parse(ok[i].in, &v, &why) != RC_OK)
			fail_msg("« %s »: %s", ok[i].in, why);
		assert_int_equal(v, ok[i].want);
	}
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (cents_parse(bad[i], &v, &why) == RC_OK)
			fail_msg("« %s » accepted", bad[i]);
		assert_non_null(why);
	}
	free(why);
}

static void test_settings(void **state)
{
	struct settings *s = xcalloc(1, sizeof *s);
	cents_t e;
	char *why = NULL;
	(void)state;
	settings_defaults(s);
	assert_int_equal(settings_check(s, &why), RC_OK);
	assert_int_equal(s->subsidy_rate_bp, 8000);
	assert_int_equal(s->expense_cap, 4000000);
	assert_true(settings_window_open(s, 20211020));
	assert_true(settings_window_open(s, 20220131));
	assert_false(settings_window_open(s, 20211019));
	assert_false(settings_window_open(s, 20220201));
	for (int l = 0; l < LOT_COUNT; l++) {
		enum lot back;
		assert_true(s->lots[l].unit_price > 0);
		assert_int_equal(lot_parse(lot_name((enum lot)l), &back, NULL), RC_OK);
		assert_int_equal(back, l);
	}
	assert_false(settings_envelope(s, "23", &e));
	assert_int_equal(settings_set_envelope(s, "23", 100000, NULL), RC_OK);
	assert_int_equal(settings_set_envelope(s, "01", 5, NULL), RC_OK);
	assert_int_equal(settings_set_envelope(s, "2A", 7, NULL), RC_OK);
	assert_int_equal(settings_set_envelope(s, "23", 200000, NULL), RC_OK);
	assert_int_equal(s->nenvelopes, 3);
	assert_string_equal(s->envelopes[0].dept, "01");
	assert_string_equal(s->envelopes[1].dept, "23");
	assert_true(settings_envelope(s, "23", &e));
	assert_int_equal(e, 200000);
	assert_int_equal(settings_set_envelope(s, "20", 1, &why), RC_INVALID);
	assert_int_equal(settings_check(s, NULL), RC_OK);

	s->subsidy_rate_bp = 10001;
	assert_int_equal(settings_check(s, &why), RC_INVALID);
	s->subsidy_rate_bp = 8000;
	s->window_close = 20211001;
	assert_int_equal(settings_check(s, &why), RC_INVALID);
	s->window_close = 20220131;
	s->lots[LOT_TABLETTE].unit_price = 0;
	assert_int_equal(settings_check(s, &why), RC_INVALID);
	assert_non_null(strstr(why, "Tablette"));
	s->lots[LOT_TABLETTE].unit_price = 100;
	s->lots[LOT_SMARTPHONE].min_config[0] = '\0';
	assert_int_equal(settings_check(s, &why), RC_INVALID);
	free(why);
	free(s);
}

static void test_rate_parse(void **state)
{
	static const struct {
		const char *in;
		uint32_t want;
	} ok[] = {
		{ "80", 8000 }, { "80 %", 8000 }, { "80%", 8000 }, { "72,5", 7250 },
		{ "72.55", 7255 }, { "0,01", 1 }, { "100", 10000 }, { "100,00 %", 10000 },
		{ "0", 0 }, { " 65\xC2\xA0%", 6500 }, { "7,05\xE2\x80\xAF%", 705 },
	};
	static const char *const bad[] = { "", "%", "abc", "-5", "80,", ",5", "72,555", "100,01",
		                           "101", "1000", "80 %%", "80 % x", "8 0", "80€",
		                           "99999999999999999999" };
	uint32_t v;
	char *why = NULL;
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
		if (bp_parse(ok[i].in, &v, &why) != RC_OK)
			fail_msg("« %s »: %s", ok[i].in, why);
		assert_int_equal(v, ok[i].want);
	}
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		v = 4242;
		if (bp_parse(bad[i], &v, &why) == RC_OK)
			fail_msg("« %s » accepted", bad[i]);
		assert_int_equal(v, 4242);
		assert_non_null(strstr(why, "aux"));   /* « Taux … » / « Un taux … » */
	}
	free(why);
}

static void test_initial_settings(void **state)
{
	struct settings *s = xcalloc(1, sizeof *s);
	struct settings *d = xcalloc(1, sizeof *d);
	(void)state;
	assert_int_equal(day_add_years(20261129, 1), 20271129);
	assert_int_equal(day_add_years(20240229, 1), 20250228);
	assert_int_equal(day_add_years(20240229, 4), 20280229);
	assert_int_equal(day_add_years(20251231, -1), 20241231);
	assert_int_equal(day_add_years(29990101, 1), 0);
	assert_int_equal(day_add_years(20240230, 1), 0);

	settings_initial(s, 20261129);
	settings_defaults(d);
	assert_int_equal(settings_check(s, NULL), RC_OK);
	assert_int_equal(s->version, 0);
	assert_int_equal(s->window_open, 20261129);
	assert_int_equal(s->window_close, 20271129);
	assert_int_equal(s->ordering_opens, 20261129);
	assert_true(settings_window_open(s, 20261129));
	assert_true(settings_window_open(s, 20271129));
	assert_false(settings_window_open(s, 20271130));
	assert_int_equal(s->subsidy_rate_bp, 8000);
	assert_int_equal(s->expense_cap, 4000000);
	assert_int_equal(s->nenvelopes, 0);
	for (int l = 0; l < LOT_COUNT; l++) {
		assert_int_equal(s->lots[l].unit_price, d->lots[l].unit_price);
		assert_string_equal(s->lots[l].min_config, d->lots[l].min_config);
	}

	/* open today: nothing changes */
	*d = *s;
	assert_false(settings_open_window(s, 20270601));
	assert_memory_equal(s, d, sizeof *s);
	/* closed since: reopened from today for a year, ordering moved up */
	assert_true(settings_open_window(s, 20280315));
	assert_int_equal(s->window_open, 20280315);
	assert_int_equal(s->window_close, 20290315);
	assert_int_equal(s->ordering_opens, 20280315);
	assert_int_equal(settings_check(s, NULL), RC_OK);
	/* not open yet: opens today, a later ordering date is kept */
	s->window_open = 20300101;
	s->window_close = 20300601;
	s->ordering_opens = 20300701;
	assert_true(settings_open_window(s, 20290101));
	assert_int_equal(s->window_open, 20290101);
	assert_int_equal(s->window_close, 20300101);
	assert_int_equal(s->ordering_opens, 20300701);
	assert_int_equal(settings_check(s, NULL), RC_OK);
	free(s);
	free(d);
}

static void test_days(void **state)
{
	char buf[32];
	day_t d;
	char *why = NULL;
	(void)state;
	assert_true(day_valid(20240229));
	assert_false(day_valid(20230229));
	assert_false(day_valid(21000229));
	assert_true(day_valid(20000229));
	assert_false(day_valid(20241301));
	assert_false(day_valid(0));
	/* 31/01/2022 23:30 UTC is already 01/02 in Paris (winter, UTC+1) */
	assert_int_equal(day_of_instant(1643671800), 20220201);
	assert_int_equal(day_of_instant(1643671800 - 3600), 20220131);
	/* summer: 30/06/2024 22:30 UTC = 01/07 00:30 Paris (UTC+2) */
	assert_int_equal(day_of_instant(1719786600), 20240701);
	/* DST switch 31/03/2024 01:00 UTC */
	assert_string_equal(instant_format(1711846799, buf, sizeof buf), "31/03/2024 à 01:59");
	assert_string_equal(instant_format(1711846800, buf, sizeof buf), "31/03/2024 à 03:00");
	assert_int_equal(day_parse("31/01/2022", &d, NULL), RC_OK);
	assert_int_equal(d, 20220131);
	assert_int_equal(day_parse("2022-01-31", &d, NULL), RC_OK);
	assert_int_equal(d, 20220131);
	assert_int_equal(day_parse("31/02/2022", &d, &why), RC_INVALID);
	assert_int_equal(day_parse("3/1/2022", &d, &why), RC_INVALID);
	assert_int_equal(day_parse("31-01-2022", &d, &why), RC_INVALID);
	free(why);
	assert_string_equal(day_format(20220131, buf, sizeof buf), "31/01/2022");
	assert_int_equal(day_serial(19700101), 0);
	assert_int_equal(day_serial(20000301) - day_serial(20000228), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subsidy_table), cmocka_unit_test(test_subsidy_exact),
		cmocka_unit_test(test_checked),       cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_settings),      cmocka_unit_test(test_days),
		cmocka_unit_test(test_rate_parse),    cmocka_unit_test(test_initial_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
