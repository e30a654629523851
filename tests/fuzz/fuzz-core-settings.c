/*
 * fuzz-core-settings.c — libFuzzer target for the parsers behind
 * `recond settings set` and the ANCT settings screens (core/money.c,
 * core/date.c, core/settings.c): amounts in euros, rates in percent,
 * dates JJ/MM/AAAA and lot names. The first byte picks the parser, the
 * rest is the text. Besides memory errors it asserts: a refusal always
 * gives a French reason, an accepted value formats to text that parses
 * back to the same value, an accepted date is valid.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/money.h"
#include "core/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A refusal must carry a reason; an acceptance none. */
static void check_why(int rc, char **why)
{
	if ((rc == RC_OK) != (*why == NULL))
		abort();
	free(*why);
	*why = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *why = NULL, buf[64];
	cents_t c = 0, c2 = 0;
	uint32_t bp = 0, bp2 = 0;
	day_t d, d2;
	enum lot lot;
	int rc;

	if (size < 1 || size > 256)
		return 0;
	s = calloc(1, size);
	memcpy(s, data + 1, size - 1);
	switch (data[0] % 4) {
	case 0:
		rc = cents_parse(s, &c, &why);
		check_why(rc, &why);
		if (rc == RC_OK && (cents_parse(cents_format(c, buf, sizeof buf), &c2, &why) != RC_OK ||
		                    c2 != c))
			abort();
		break;
	case 1:
		rc = bp_parse(s, &bp, &why);
		check_why(rc, &why);
		if (rc == RC_OK && (bp_parse(bp_format(bp, buf, sizeof buf), &bp2, &why) != RC_OK ||
		                    bp2 != bp))
			abort();
		break;
	case 2:
		memset(&d, 0, sizeof d);
		rc = day_parse(s, &d, &why);
		check_why(rc, &why);
		if (rc == RC_OK && (!day_valid(d) ||
		                    day_parse(day_format(d, buf, sizeof buf), &d2, &why) != RC_OK ||
		                    memcmp(&d, &d2, sizeof d) != 0))
			abort();
		break;
	default:
		rc = lot_parse(s, &lot, &why);
		check_why(rc, &why);
		break;
	}
	free(why);
	free(s);
	return 0;
}
