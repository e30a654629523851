/*
 * fuzz-core-import.c — libFuzzer target for the readers of files recond
 * imports: the reference lists (ZRR, FRR, QPV, France Services) and the
 * geography file format, and name folding. The first byte picks the list.
 * Besides memory errors it asserts the promises of reflist.h and geo.h: a
 * file with problems yields no entry, every problem has a line within the
 * file and a reason, every entry has a well-formed INSEE code; folded names
 * are valid UTF-8 and folding is idempotent.
 *
 * Build and run (seed corpus in tests/fuzz/corpus-core-import/):
 *   clang -std=c11 -D_GNU_SOURCE -I. -g -O1 -fsanitize=fuzzer,address,undefined \
 *     tests/fuzz/fuzz-core-import.c core/import-csv.c core/geo.c core/text.c \
 *     core/eligibility.c core/org.c core/ident.c core/util.c core/date.c core/model.c -lm \
 *     -o fuzz-core-import
 *   ./fuzz-core-import -max_total_time=60 tests/fuzz/corpus-core-import/
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/geo.h"
#include "core/reflist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_commune(const struct geo_commune *c, void *ctx)
{
	(void)ctx;
	if (!geo_insee_valid(c->insee) || c->n_postcodes > GEO_POSTCODES_MAX)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reflist_parsed p;
	struct geo_sink sink = { NULL, NULL, NULL, on_commune, NULL };
	const char *text = (const char *)data + 1;
	size_t len = size > 0 ? size - 1 : 0, lines = 1;
	char *copy, f1[GEO_FOLD_MAX], f2[GEO_FOLD_MAX];
	int rc;

	if (size == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	rc = reflist_parse((enum reflist)(data[0] % REFLIST_COUNT), text, len, NULL, NULL, &p);
	if (rc != RC_OK && (p.n_entries != 0 || p.total_problems == 0))
		abort();
	for (size_t i = 0; i < p.n_problems; i++)
		if (p.problems[i].line == 0 || p.problems[i].line > lines ||
		    p.problems[i].reason[0] == '\0')
			abort();
	for (size_t i = 0; i < p.n_entries; i++)
		if (!geo_insee_valid(p.entries[i].insee))
			abort();
	reflist_parsed_clear(&p);

	(void)geo_parse(text, len, &sink, NULL);

	copy = malloc(len + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (geo_fold(copy, f1, sizeof f1, data[0] & 1) != (size_t)-1) {
		if (!utf8_valid(f1, strlen(f1)))
			abort();
		if (!(data[0] & 1) && (geo_fold(f1, f2, sizeof f2, false) == (size_t)-1 ||
		                       strcmp(f1, f2) != 0))
			abort();
	} else if (!utf8_valid(f1, strlen(f1))) {
		abort();
	}
	free(copy);
	return 0;
}
