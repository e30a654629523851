/*
 * test-core-text.c — strict UTF-8 decoding, field checks and their French
 * reasons, sanitising for display (every control character and malformed
 * byte made harmless), roles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define FFFD "\xEF\xBF\xBD"

static bool valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

/* ---- utf8 ---- */

static void test_utf8_valid_accepts(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("abc"));
	assert_true(valid("é è ç « » €"));
	assert_true(valid("\x7F"));                 /* valid UTF-8 (a control, though) */
	assert_true(valid("\xC2\x80"));             /* U+0080 */
	assert_true(valid("\xDF\xBF"));             /* U+07FF */
	assert_true(valid("\xE0\xA0\x80"));         /* U+0800 */
	assert_true(valid("\xED\x9F\xBF"));         /* U+D7FF */
	assert_true(valid("\xEE\x80\x80"));         /* U+E000 */
	assert_true(valid("\xEF\xBF\xBF"));         /* U+FFFF */
	assert_true(valid("\xF0\x90\x80\x80"));     /* U+10000 */
	assert_true(valid("\xF4\x8F\xBF\xBF"));     /* U+10FFFF */
	assert_true(valid("\xF0\x9F\x98\x80"));     /* emoji */
}

static void test_utf8_valid_refuses(void **state)
{
	static const char *const bad[] = {
		"\x80", "\xBF", "a\x80z",                  /* lone continuation */
		"\xC0\x80", "\xC1\xBF", "\xC0\x9B",          /* overlong 2-byte (NUL, ESC…) */
		"\xE0\x80\x80", "\xE0\x9F\xBF", "\xE0\x80\x9B", /* overlong 3-byte */
		"\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",     /* overlong 4-byte */
		"\xED\xA0\x80", "\xED\xBF\xBF", "\xED\xB0\x80", /* surrogates */
		"\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF7\xBF\xBF\xBF", /* > U+10FFFF */
		"\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80", /* 5 and 6 bytes */
		"\xFE", "\xFF",
		"\xC3", "\xE2\x82", "\xF0\x9F\x98",          /* truncated */
		"\xC3\x28", "\xE2\x28\xA1", "\xE2\x82\x28",  /* bad continuation */
		"\xF0\x28\x8C\xBC", "\xF0\x90\x28\xBC",
	};
	(void)state;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (valid(bad[i]))
			fail_msg("accepted bad sequence #%zu", i);
	/* Length is honoured: a valid prefix of an invalid buffer. */
	assert_true(utf8_valid("ab\xFF", 2));
	assert_false(utf8_valid("ab\xFF", 3));
	/* Cut in the middle of a sequence by len. */
	assert_false(utf8_valid("\xC3\xA9", 1));
}

static void test_utf8_decode(void **state)
{
	uint32_t cp;
	(void)state;

	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xC3\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	/* Maximal invalid subparts. */
	assert_int_equal(utf8_decode("\xE2\x82" "A", 3, &cp), 2);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 1);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("\xF0\x9F\x98", 3, &cp), 3);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("\xFF", 1, &cp), 1);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("", 0, &cp), 0);
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(utf8_len(""), 0);
	assert_int_equal(utf8_len("abc"), 3);
	assert_int_equal(utf8_len("Préfecture"), 10);
	assert_int_equal(utf8_len("40 000 €"), 8);
	assert_int_equal(utf8_len("\xF0\x9F\x98\x80"), 1);
}

/* ---- text_check ---- */

static void check_field(const char *s, size_t min, size_t max, bool multi, int want,
                         const char *part)
{
	char *why = NULL;
	int rc = text_check("Motivation", s, min, max, multi, &why);

	if (rc != want)
		fail_msg("text_check(%s) = %d, wanted %d (%s)", s, rc, want, why ? why : "");
	if (want == RC_OK) {
		assert_null(why);
		return;
	}
	assert_non_null(why);
	if (strstr(why, part) == NULL)
		fail_msg("reason « %s » lacks « %s »", why, part);
	free(why);
}

static void test_text_check(void **state)
{
	const char *ctl = "Le champ « Motivation » contient un caractère de contrôle";
	(void)state;

	check_field("Nous équipons nos aidants numériques.", 1, 2000, false, RC_OK, NULL);
	check_field("ligne 1\nligne 2", 1, 100, true, RC_OK, NULL);
	check_field("ligne 1\nligne 2", 1, 100, false, RC_INVALID, ctl);
	check_field("a\rb", 1, 100, true, RC_INVALID, ctl);
	check_field("a\tb", 1, 100, true, RC_INVALID, ctl);
	check_field("a\x1b[2Jb", 1, 100, true, RC_INVALID, ctl);
	check_field("a\x07", 1, 100, false, RC_INVALID, ctl);
	check_field("a\x7f", 1, 100, false, RC_INVALID, ctl);
	check_field("a\xC2\x9B" "31m", 1, 100, false, RC_INVALID, ctl);  /* U+009B CSI */
	check_field("a\xC2\x85", 1, 100, true, RC_INVALID, ctl);         /* U+0085 NEL */
	check_field("\xE2\x80\xAE" "abc", 1, 100, false, RC_INVALID, ctl); /* RLO */
	check_field("\xE2\x81\xA6" "abc", 1, 100, false, RC_INVALID, ctl); /* LRI */
	check_field("a\xE2\x80\xA8" "b", 1, 100, true, RC_INVALID, ctl);   /* LS */
	check_field("caf\xE9", 1, 100, false, RC_INVALID,
	             "Le champ « Motivation » n'est pas un texte UTF-8 valide");
	check_field("\x9B" "31m", 1, 100, false, RC_INVALID, "UTF-8 valide");
	check_field("\xC0\x9B", 1, 100, false, RC_INVALID, "UTF-8 valide");
	check_field("", 1, 100, false, RC_INVALID, "obligatoire");
	check_field(NULL, 1, 100, false, RC_INVALID, "obligatoire");
	check_field("", 0, 100, false, RC_OK, NULL);
	check_field("abcd", 5, 100, false, RC_INVALID, "trop court : 5 caractères au moins");
	check_field("abcde", 5, 100, false, RC_OK, NULL);
	/* Limits count code points, not bytes. */
	check_field("ééééé", 1, 5, false, RC_OK, NULL);
	check_field("éééééé", 1, 5, false, RC_INVALID,
	             "trop long : 5 caractères au plus (il en a 6)");
}

/* ---- text_sanitize ---- */

static void expect_sanitized(const char *in, bool keep_nl, const char *want)
{
	char *out = text_sanitize(in, keep_nl);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void test_sanitize_examples(void **state)
{
	(void)state;
	expect_sanitized(NULL, false, "");
	expect_sanitized("", false, "");
	expect_sanitized("Mairie de Felletin — 40 000 € « ok »", false,
	                 "Mairie de Felletin — 40 000 € « ok »");
	expect_sanitized("\x1b[2J\x1b]0;titre\x07", false, FFFD "[2J" FFFD "]0;titre" FFFD);
	expect_sanitized("a\x9b" "31mb", false, "a" FFFD "31mb");          /* raw 8-bit CSI */
	expect_sanitized("a\xC2\x9B" "31mb", false, "a" FFFD "31mb");      /* U+009B */
	expect_sanitized("a\x7f" "b", false, "a" FFFD "b");
	expect_sanitized("l1\nl2", true, "l1\nl2");
	expect_sanitized("l1\nl2", false, "l1" FFFD "l2");
	expect_sanitized("l1\r\nl2", true, "l1" FFFD "\nl2");
	expect_sanitized("tab\there", true, "tab" FFFD "here");
	expect_sanitized("\xE2\x80\xAE" "gnp.exe", false, FFFD "gnp.exe");
	/* Overlong ESC and surrogates never come out as anything but U+FFFD. */
	expect_sanitized("\xC0\x9B[2J", false, FFFD FFFD "[2J");
	expect_sanitized("\xE0\x80\x9B", false, FFFD FFFD FFFD);
	expect_sanitized("\xED\xA0\x80", false, FFFD FFFD FFFD);
	/* One U+FFFD per maximal invalid subpart. */
	expect_sanitized("\xE2\x82" "A", false, FFFD "A");
	expect_sanitized("\xF0\x9F\x98", false, FFFD);
	expect_sanitized("caf\xE9", false, "caf" FFFD);
	expect_sanitized("\xFF\xFE", false, FFFD FFFD);
}


/* ---- text hygiene: invisible characters, joiners, stacked marks ---- */

#define ZWSP "\xE2\x80\x8B"
#define ZWJ "\xE2\x80\x8D"
#define RLM "\xE2\x80\x8F"
#define BOM "\xEF\xBB\xBF"
#define TAG_A "\xF3\xA0\x81\xA1"        /* U+E0061 */
#define ACUTE "\xCC\x81"                /* U+0301 */
#define WOMAN "\xF0\x9F\x91\xA9"        /* U+1F469 */
#define LAPTOP "\xF0\x9F\x92\xBB"       /* U+1F4BB */
#define TONE "\xF0\x9F\x8F\xBD"         /* U+1F3FD */

static void test_text_hygiene(void **state)
{
	const char *inv = "contient un caractère invisible";
	(void)state;

	/* Names disguised by invisible characters are refused, saying which. */
	check_field("Mairie" ZWSP " de Felletin", 1, 100, false, RC_INVALID, "(U+200B) : retirez-le");
	check_field("Mairie" RLM, 1, 100, false, RC_INVALID, inv);
	check_field(BOM "Mairie", 1, 100, false, RC_INVALID, inv);
	check_field("Mairie" TAG_A, 1, 100, false, RC_INVALID, "U+E0061");
	check_field("Mai\xC2\xADrie", 1, 100, false, RC_INVALID, inv);    /* soft hyphen */
	check_field("\xE3\x85\xA4", 1, 100, false, RC_INVALID, inv);       /* Hangul filler */
	/* A ZWJ between two emoji is a real character; alone it is not. */
	check_field("Équipe " WOMAN ZWJ LAPTOP, 1, 100, false, RC_OK, NULL);
	check_field("Équipe " WOMAN TONE ZWJ LAPTOP, 1, 100, false, RC_OK, NULL);
	check_field("Mai" ZWJ "rie", 1, 100, false, RC_INVALID, "(U+200D)");
	check_field(WOMAN ZWJ, 1, 100, false, RC_INVALID, "(U+200D)");
	check_field(ZWJ LAPTOP, 1, 100, false, RC_INVALID, "(U+200D)");
	/* Up to three combining marks on one base, not four. */
	check_field("e" ACUTE ACUTE ACUTE, 1, 100, false, RC_OK, NULL);
	check_field("e" ACUTE ACUTE ACUTE ACUTE, 1, 100, false, RC_INVALID,
	            "trop de signes diacritiques sur un même caractère (3 au plus)");
	check_field("e" ACUTE ACUTE "e" ACUTE ACUTE, 1, 100, false, RC_OK, NULL);

	/* Shown: invisible ones replaced, stray joiners and extra marks dropped. */
	expect_sanitized("Mairie" ZWSP "X", false, "Mairie" FFFD "X");
	expect_sanitized("A" TAG_A, false, "A" FFFD);
	expect_sanitized("Mai" ZWJ "rie", false, "Mairie");
	expect_sanitized(WOMAN ZWJ LAPTOP, false, WOMAN ZWJ LAPTOP);
	expect_sanitized("e" ACUTE ACUTE ACUTE ACUTE ACUTE "f", false, "e" ACUTE ACUTE ACUTE "f");
	/*
	 * Found by fuzzing: a joiner after an invalid byte (shown as U+FFFD,
	 * no emoji) was kept once, then dropped when sanitised again.
	 */
	expect_sanitized(WOMAN "\xE2\x80" ZWJ LAPTOP, false, WOMAN FFFD LAPTOP);
	{
		static const char found[] = "\xe2\xe2\x9c\x80\xe2\x80\x8d\xe2\x8e\x80\xe2\x80"
		                            "\xe2\x80\x8d\xe2\x8e\x80\xe2\x8e\x80\x08\x8e\x80\x08V";
		char *once = text_sanitize(found, false), *twice = text_sanitize(once, false);

		assert_string_equal(once, twice);
		free(once);
		free(twice);
	}

	/* As typed: refused before it is echoed, but the ZWJ (judged in context). */
	assert_true(text_key_refused(0x202E));
	assert_true(text_key_refused(0x200B));
	assert_true(text_key_refused(0xE0041));
	assert_true(text_key_refused(0x1B));
	assert_false(text_key_refused(0x200D));
	assert_false(text_key_refused(0x00E9));
	assert_false(text_key_refused(0x0301));
	assert_false(text_key_refused(0x1F469));
}

static void test_sanitize_every_control(void **state)
{
	char in[8], *out;
	(void)state;

	/* Every C0 control and DEL, alone between two letters. */
	for (int c = 1; c < 0x20; c++) {
		snprintf(in, sizeof in, "a%cb", c);
		out = text_sanitize(in, c == '\n');
		assert_string_equal(out, c == '\n' ? "a\nb" : "a" FFFD "b");
		free(out);
	}
	out = text_sanitize("a\x7f" "b", true);
	assert_string_equal(out, "a" FFFD "b");
	free(out);
	/* Every C1 control, as a code point (C2 80..C2 9F) and as a raw byte. */
	for (int c = 0x80; c <= 0x9F; c++) {
		in[0] = 'a';
		in[1] = (char)0xC2;
		in[2] = (char)c;
		in[3] = 'b';
		in[4] = '\0';
		out = text_sanitize(in, true);
		assert_string_equal(out, "a" FFFD "b");
		free(out);
		in[1] = (char)c;
		in[2] = 'b';
		in[3] = '\0';
		out = text_sanitize(in, true);
		assert_string_equal(out, "a" FFFD "b");
		free(out);
	}
}

/* No byte of the output may start an escape or control sequence. */
static void assert_display_safe(const char *s, bool keep_nl)
{
	size_t len = strlen(s), off = 0;
	uint32_t cp;

	assert_true(utf8_valid(s, len));
	while (off < len) {
		off += utf8_decode(s + off, len - off, &cp);
		if (text_is_control(cp) && !(keep_nl && cp == '\n'))
			fail_msg("control U+%04X left in output", (unsigned)cp);
		if (text_is_invisible(cp) && cp != TEXT_ZWJ)
			fail_msg("invisible U+%04X left in output", (unsigned)cp);
	}
}

static void test_sanitize_random(void **state)
{
	unsigned seed = 20261128;
	char buf[64];
	(void)state;

	printf("# random seed %u\n", seed);
	srand(seed);
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(rand() % (int)(sizeof buf - 1));
		bool keep = round & 1;
		char *once, *twice;

		for (size_t i = 0; i < n; i++) {
			int r = rand();
			/* Bias towards interesting bytes: controls, lead and continuation bytes. */
			buf[i] = (char)(r % 3 == 0 ? (r >> 8) % 0x20 :
			                r % 3 == 1 ? 0x80 + (r >> 8) % 0x80 : (r >> 8) & 0xFF);
			if (buf[i] == '\0')
				buf[i] = 0x1b;
		}
		buf[n] = '\0';
		once = text_sanitize(buf, keep);
		assert_display_safe(once, keep);
		/* Sanitising is idempotent: safe text passes unchanged. */
		twice = text_sanitize(once, keep);
		assert_string_equal(once, twice);
		free(once);
		free(twice);
	}
}

/* ---- roles and menus ---- */

static void test_roles(void **state)
{
	static const struct { const char *name, *label; enum role r; } want[] = {
		{ "collectivite", "Collectivité", ROLE_COLLECTIVITE },
		{ "france_services", "France Services", ROLE_FRANCE_SERVICES },
		{ "prefecture", "Préfecture", ROLE_PREFECTURE },
		{ "reconditionneur", "Reconditionneur", ROLE_RECONDITIONNEUR },
		{ "anct", "ANCT", ROLE_ANCT },
	};
	enum role r;
	char *why = NULL;
	(void)state;

	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		assert_int_equal(role_parse(want[i].name, &r, NULL), RC_OK);
		assert_int_equal(r, want[i].r);
		assert_string_equal(role_name(r), want[i].name);
		assert_string_equal(role_label(r), want[i].label);
	}
	assert_int_equal(role_parse("admin", &r, &why), RC_INVALID);
	assert_non_null(strstr(why, "Rôle inconnu"));
	free(why);
	why = NULL;
	assert_int_equal(role_parse("aucun", &r, &why), RC_INVALID);
	free(why);
	assert_int_equal(role_parse(NULL, &r, NULL), RC_INVALID);
	assert_int_equal(role_parse("Collectivite", &r, NULL), RC_INVALID);
	assert_non_null(role_name((enum role)99));
	assert_non_null(role_label((enum role)99));
}

static void test_role_fits_org(void **state)
{
	(void)state;
	assert_true(role_fits_org(ROLE_COLLECTIVITE, ORG_COMMUNE));
	assert_true(role_fits_org(ROLE_COLLECTIVITE, ORG_SYNDICAT));
	assert_true(role_fits_org(ROLE_COLLECTIVITE, ORG_COMMUNAUTE_COMMUNES));
	assert_false(role_fits_org(ROLE_COLLECTIVITE, ORG_CCAS));
	assert_false(role_fits_org(ROLE_COLLECTIVITE, ORG_PREFECTURE));
	assert_true(role_fits_org(ROLE_FRANCE_SERVICES, ORG_FRANCE_SERVICES));
	assert_false(role_fits_org(ROLE_FRANCE_SERVICES, ORG_COMMUNE));
	assert_true(role_fits_org(ROLE_PREFECTURE, ORG_PREFECTURE));
	assert_true(role_fits_org(ROLE_RECONDITIONNEUR, ORG_RECONDITIONNEUR));
	assert_false(role_fits_org(ROLE_RECONDITIONNEUR, ORG_ENTREPRISE));
	assert_true(role_fits_org(ROLE_ANCT, ORG_ANCT));
	assert_false(role_fits_org(ROLE_NONE, ORG_COMMUNE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_accepts),
		cmocka_unit_test(test_utf8_valid_refuses),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_sanitize_examples),
		cmocka_unit_test(test_text_hygiene),
		cmocka_unit_test(test_sanitize_every_control),
		cmocka_unit_test(test_sanitize_random),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_role_fits_org),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
