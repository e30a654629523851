/*
 * fuzz-core-text.c — libFuzzer target for the parsers of text that people
 * send: strict UTF-8 decoding, field checks, display sanitising and OpenSSH
 * public key lines. Besides memory errors it asserts the promises of core.h:
 * sanitised text is valid UTF-8 with no control or invisible character
 * (but a ZWJ between emoji), sanitising is
 * idempotent, a canonical key line is accepted again unchanged.
 *
 * Build and run (seed corpus in tests/fuzz/corpus-core-text/):
 *   clang -std=c11 -D_GNU_SOURCE -I. -g -O1 -fsanitize=fuzzer,address,undefined \
 *     tests/fuzz/fuzz-core-text.c core/text.c core/sshkey.c core/util.c \
 *     -lsodium -o fuzz-core-text
 *   ./fuzz-core-text -max_total_time=60 tests/fuzz/corpus-core-text/
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_display_safe(const char *s, bool keep_nl)
{
	size_t len = strlen(s), off = 0;
	uint32_t cp;

	if (!utf8_valid(s, len))
		abort();
	while (off < len) {
		off += utf8_decode(s + off, len - off, &cp);
		if (text_is_control(cp) && !(keep_nl && cp == '\n'))
			abort();
		if (text_is_invisible(cp) && cp != TEXT_ZWJ)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	char *s, *a, *b, *canon = NULL, *canon2 = NULL, *why = NULL, *t = NULL, *k = NULL;

	if (!ready) {
		if (sodium_init() < 0)
			abort();
		log_set_level(LOG_ERROR);
		ready = true;
	}
	if (size > 3 * SSHKEY_LINE_MAX)
		return 0;
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';       /* inputs with NUL bytes are cut there, as C strings are */

	for (int keep = 0; keep < 2; keep++) {
		a = text_sanitize(s, keep);
		check_display_safe(a, keep);
		b = text_sanitize(a, keep);
		if (strcmp(a, b) != 0)
			abort();
		if (text_check("Champ", a, 0, SIZE_MAX, keep, NULL) != RC_OK)
			abort();
		free(a);
		free(b);
	}
	(void)text_check("Champ", s, 1, 40, true, &why);
	free(why);
	why = NULL;

	if (sshkey_line_check(s, &canon, &why) == RC_OK) {
		if (why != NULL || canon == NULL)
			abort();
		if (sshkey_line_check(canon, &canon2, NULL) != RC_OK || strcmp(canon, canon2) != 0)
			abort();
		if (sshkey_line_split(canon, &t, &k) != RC_OK)
			abort();
		free(t);
		free(k);
	} else if (why == NULL || canon != NULL) {
		abort();
	}
	free(canon);
	free(canon2);
	free(why);
	free(s);
	return 0;
}
