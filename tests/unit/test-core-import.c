/*
 * test-core-import.c — reading the published reference lists: separator
 * detection, BOM, CRLF, Excel ="…" values, lost leading zeros, several
 * communes in one field, multi-line quoted fields, the official ZRR layout
 * with title lines; the real ZRR and France Services files shipped in data/;
 * and every malformed fixture refused with its line number and no entry.
 * Run from the repository root (data files are found relative to it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reflist.h"
#include "core/util.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* Reads a file of the repository; caller frees. */
/* The geography the tests pretend to know: a few communes. */
static bool known(const char *insee, void *ctx)
{
	static const char *const codes[] = {
		"01001", "01004", "23079", "2A004", "13055", "13070", "60057", "59350", "93066",
		"97411", "15014", "69389", "01033", "01388", "02361",
	};

	(void)ctx;
	for (size_t i = 0; i < ARRAY_LEN(codes); i++)
		if (strcmp(codes[i], insee) == 0)
			return true;
	return false;
}

static int parse_text(enum reflist l, const char *text, struct reflist_parsed *p)
{
	return reflist_parse(l, text, strlen(text), known, NULL, p);
}

static const struct reflist_entry *find(const struct reflist_parsed *p, const char *insee,
                                        const char *key)
{
	for (size_t i = 0; i < p->n_entries; i++)
		if (strcmp(p->entries[i].insee, insee) == 0 && strcmp(p->entries[i].key, key) == 0)
			return &p->entries[i];
	return NULL;
}

static void test_insee_norm(void **state)
{
	char out[6];

	(void)state;
	assert_true(reflist_insee_norm("1001", out));
	assert_string_equal(out, "01001");
	assert_true(reflist_insee_norm("=\"60057\"", out));
	assert_string_equal(out, "60057");
	assert_true(reflist_insee_norm(" 2a004 ", out));
	assert_string_equal(out, "2A004");
	assert_false(reflist_insee_norm("123", out));
	assert_false(reflist_insee_norm("2C004", out));
	assert_false(reflist_insee_norm("", out));
	assert_false(reflist_insee_norm("123456", out));
}

static void test_zrr_simple(void **state)
{
	struct reflist_parsed p;

	(void)state;
	/* CRLF, lost zero, 0 rows not listed. */
	assert_int_equal(parse_text(REFLIST_ZRR, "INSEE;ZRR\r\n1001;1\r\n23079;1\r\n2A004;0\r\n", &p),
	                 RC_OK);
	assert_int_equal(p.rows, 3);
	assert_int_equal(p.listed, 2);
	assert_int_equal(p.n_entries, 2);
	assert_non_null(find(&p, "01001", ""));
	assert_non_null(find(&p, "23079", ""));
	assert_null(find(&p, "2A004", ""));
	assert_int_equal(find(&p, "23079", "")->line, 3);
	reflist_parsed_clear(&p);

	/* Comma separator, BOM, no final newline, blank lines ignored. */
	assert_int_equal(parse_text(REFLIST_ZRR, "\xEF\xBB\xBFinsee,zrr\n\n01001,1\n,\n23079,0", &p),
	                 RC_OK);
	assert_int_equal(p.rows, 2);
	assert_int_equal(p.listed, 1);
	reflist_parsed_clear(&p);
}

static void test_zrr_official(void **state)
{
	struct reflist_parsed p;
	const char *text =
		"Zones de revitalisation rurale;;;\n;;;\n"
		"CODGEO;LIBGEO;ZRR_SIMP;ZONAGE_ZRR\n"
		"01001;L'Abergement-Clémenciat;NC - Commune non classée;x\n"
		"23079;Felletin;C - Classée en ZRR;x\n"
		"15014;Aurillac;P - Commune partiellement classée en ZRR;x\n";

	(void)state;
	assert_int_equal(parse_text(REFLIST_ZRR, text, &p), RC_OK);
	assert_int_equal(p.rows, 3);
	assert_int_equal(p.listed, 2);
	assert_int_equal(find(&p, "23079", "")->status, ZONE_YES);
	assert_int_equal(find(&p, "15014", "")->status, ZONE_PARTIAL);
	assert_string_equal(find(&p, "23079", "")->name, "Felletin");
	assert_int_equal(find(&p, "23079", "")->line, 5);
	reflist_parsed_clear(&p);
}

static void test_qpv(void **state)
{
	struct reflist_parsed p;
	const char *text =
		"\xEF\xBB\xBF" "code_qp;lib_qp;insee_reg;lib_reg;insee_dep;lib_dep;insee_com;lib_com;"
		"siren_epci;lib_epci\r\n"
		"QN06001M;Saint-Jean;32;HdF;60;Oise;=\"60057\";Beauvais;=\"246000749\";CAB\r\n"
		"QN01303M;Vallée;93;PACA;13;BdR;\"13055;13070\";Marseille;=\"200054807\";AMP\r\n";

	(void)state;
	assert_int_equal(parse_text(REFLIST_QPV, text, &p), RC_OK);
	assert_int_equal(p.rows, 2);
	assert_int_equal(p.listed, 2);       /* QPVs */
	assert_int_equal(p.n_entries, 3);    /* (QPV, commune) pairs */
	assert_non_null(find(&p, "60057", "QN06001M"));
	assert_non_null(find(&p, "13055", "QN01303M"));
	assert_non_null(find(&p, "13070", "QN01303M"));
	assert_string_equal(find(&p, "13070", "QN01303M")->name, "Vallée");
	reflist_parsed_clear(&p);
}

static void test_frr(void **state)
{
	struct reflist_parsed p;

	(void)state;
	assert_int_equal(parse_text(REFLIST_FRR, "codgeo;codefrr\n23079;1\n1001;FRR+\n2A004;NC\n", &p),
	                 RC_OK);
	assert_int_equal(p.listed, 2);
	assert_non_null(find(&p, "01001", ""));
	reflist_parsed_clear(&p);
}

static void test_france_services_multiline(void **state)
{
	struct reflist_parsed p;
	const char *text =
		"\"id_fs\",\"insee_dep\",\"lib_fs\",\"adresse\",\"complement_adresse\",\"insee_com\","
		"\"code_postal\",\"latitude\",\"longitude\",\"type_fs\"\n"
		"\"1\",\"23\",\"France services de Felletin\",\"1 place\nde la Mairie\",,\"23079\","
		"\"23500\",45.884150123,2.17335,\"Principal\"\n"
		"\"2\",\"2A\",\"France services \"\"Ajaccio\"\"\",\"rue\",\"bât. B\",\"2A004\","
		"\"20000\",,,\"Antenne\"\n";
	const struct reflist_entry *e;

	(void)state;
	assert_int_equal(parse_text(REFLIST_FRANCE_SERVICES, text, &p), RC_OK);
	assert_int_equal(p.listed, 2);
	e = find(&p, "23079", "1");
	assert_non_null(e);
	assert_string_equal(e->address, "1 place de la Mairie, 23500");
	assert_true(e->has_coords);
	assert_int_equal(e->lat_e5, 4588415);
	assert_string_equal(e->type, "Principal");
	e = find(&p, "2A004", "2");
	assert_non_null(e);
	assert_int_equal(e->line, 4);        /* after the two lines of record 1 */
	assert_string_equal(e->name, "France services \"Ajaccio\"");
	assert_string_equal(e->address, "rue, bât. B, 20000");
	assert_false(e->has_coords);
	reflist_parsed_clear(&p);
}

static void test_real_files(void **state)
{
	struct reflist_parsed p;
	size_t len;
	char *data;

	(void)state;
	data = fixture_slurp("data/zrr-communes-cog2021.csv", &len);
	assert_int_equal(reflist_parse(REFLIST_ZRR, data, len, NULL, NULL, &p), RC_OK);
	assert_int_equal(p.listed, 17694);
	assert_int_equal(p.n_entries, 17694);
	assert_int_equal(p.rows, 17694 + 17271);
	assert_non_null(find(&p, "01060", ""));   /* written "1060" in the file */
	assert_non_null(find(&p, "23079", ""));
	assert_null(find(&p, "01001", ""));       /* "1001;0" */
	reflist_parsed_clear(&p);
	free(data);

	data = fixture_slurp("data/france-services-20240801.csv", &len);
	assert_int_equal(reflist_parse(REFLIST_FRANCE_SERVICES, data, len, NULL, NULL, &p), RC_OK);
	assert_int_equal(p.listed, 2845);
	assert_int_equal(p.n_entries, 2845);
	reflist_parsed_clear(&p);
	free(data);
}

struct bad_case {
	enum reflist list;
	const char *file;
	size_t line;
	const char *reason;
};

static void test_malformed_fixtures(void **state)
{
	static const struct bad_case cases[] = {
		{ REFLIST_ZRR, "bad-separator.csv", 1, "séparateur non reconnu" },
		{ REFLIST_ZRR, "bad-unknown-insee.csv", 4, "commune 01999 inconnue" },
		{ REFLIST_ZRR, "bad-flag.csv", 3, "valeur « oui » non reconnue" },
		{ REFLIST_ZRR, "bad-malformed-insee.csv", 3, "code INSEE « 2C079 » mal formé" },
		{ REFLIST_ZRR, "bad-duplicate.csv", 5, "déjà présente ligne 3" },
		{ REFLIST_ZRR, "bad-empty.csv", 1, "fichier vide" },
		{ REFLIST_QPV, "bad-header.csv", 1, "en-tête non reconnu" },
		{ REFLIST_QPV, "bad-not-utf8.csv", 3, "non UTF-8" },
		{ REFLIST_QPV, "bad-stray-quote.csv", 3, "guillemet mal placé" },
		{ REFLIST_FRANCE_SERVICES, "bad-truncated-quote.csv", 5, "jamais fermé" },
		{ REFLIST_ZRR, "bad-long-line.csv", 3, "ligne trop longue" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct reflist_parsed p;
		char *path = xasprintf("data/fixtures/%s", cases[i].file);
		size_t len;
		char *data = fixture_slurp(path, &len);

		assert_int_equal(reflist_parse(cases[i].list, data, len, known, NULL, &p), RC_INVALID);
		assert_int_equal(p.n_entries, 0);
		assert_null(p.entries);
		if (p.total_problems != 1 || p.problems[0].line != cases[i].line ||
		    strstr(p.problems[0].reason, cases[i].reason) == NULL)
			fail_msg("%s: got %zu problem(s), line %zu « %s », want line %zu « %s »",
			         cases[i].file, p.total_problems, p.problems[0].line,
			         p.problems[0].reason, cases[i].line, cases[i].reason);
		reflist_parsed_clear(&p);
		free(data);
		free(path);
	}
}

static void test_every_bad_line_reported(void **state)
{
	struct reflist_parsed p;
	size_t len;
	char *data = fixture_slurp("data/fixtures/bad-many.csv", &len);

	(void)state;
	assert_int_equal(reflist_parse(REFLIST_ZRR, data, len, known, NULL, &p), RC_INVALID);
	assert_int_equal(p.total_problems, 3);
	assert_int_equal(p.n_problems, 3);
	assert_int_equal(p.problems[0].line, 3);
	assert_int_equal(p.problems[1].line, 4);
	assert_int_equal(p.problems[2].line, 6);
	assert_int_equal(p.n_entries, 0);
	reflist_parsed_clear(&p);
	free(data);
}

static void test_good_fixtures(void **state)
{
	static const struct {
		enum reflist list;
		const char *file;
		size_t listed, entries;
	} cases[] = {
		{ REFLIST_QPV, "qpv-sample.csv", 7, 8 },
		{ REFLIST_QPV, "qpv-sample-2.csv", 2, 2 },
		{ REFLIST_FRR, "frr-sample.csv", 3, 3 },
		{ REFLIST_ZRR, "zrr-official-sample.csv", 2, 2 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct reflist_parsed p;
		char *path = xasprintf("data/fixtures/%s", cases[i].file);
		size_t len;
		char *data = fixture_slurp(path, &len);

		if (reflist_parse(cases[i].list, data, len, known, NULL, &p) != RC_OK)
			fail_msg("%s: line %zu: %s", cases[i].file, p.problems[0].line,
			         p.problems[0].reason);
		assert_int_equal(p.listed, cases[i].listed);
		assert_int_equal(p.n_entries, cases[i].entries);
		reflist_parsed_clear(&p);
		free(data);
		free(path);
	}
}

static void test_problem_cap(void **state)
{
	struct reflist_parsed p;
	char *text = xstrdup("INSEE;ZRR\n");

	(void)state;
	for (int i = 0; i < REFLIST_PROBLEMS_MAX + 50; i++) {
		char *t = xasprintf("%s0100%d;7\n", text, i % 10);

		free(text);
		text = t;
	}
	assert_int_equal(parse_text(REFLIST_ZRR, text, &p), RC_INVALID);
	assert_int_equal(p.n_problems, REFLIST_PROBLEMS_MAX);
	assert_true(p.total_problems >= REFLIST_PROBLEMS_MAX + 50);
	reflist_parsed_clear(&p);
	free(text);
}

static void test_list_names(void **state)
{
	enum reflist l;
	char *why = NULL;

	(void)state;
	assert_int_equal(reflist_parse_name("france-services", &l, NULL), RC_OK);
	assert_int_equal(l, REFLIST_FRANCE_SERVICES);
	assert_int_equal(reflist_parse_name("zrr", &l, NULL), RC_OK);
	assert_int_equal(l, REFLIST_ZRR);
	assert_int_equal(reflist_parse_name("zru", &l, &why), RC_INVALID);
	assert_non_null(strstr(why, "liste inconnue"));
	free(why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insee_norm),
		cmocka_unit_test(test_zrr_simple),
		cmocka_unit_test(test_zrr_official),
		cmocka_unit_test(test_qpv),
		cmocka_unit_test(test_frr),
		cmocka_unit_test(test_france_services_multiline),
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_malformed_fixtures),
		cmocka_unit_test(test_every_bad_line_reported),
		cmocka_unit_test(test_good_fixtures),
		cmocka_unit_test(test_problem_cap),
		cmocka_unit_test(test_list_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
