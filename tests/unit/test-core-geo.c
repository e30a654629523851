/*
 * test-core-geo.c — the pure side of the reference geography: name folding
 * for search, INSEE and postal code shapes, great-circle distance, and the
 * parser of the shipped geography file (the embedded copy and broken lines).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/geo.h"
#include "core/util.h"
#include "data/geography.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void assert_fold(const char *in, const char *want)
{
	char out[GEO_FOLD_MAX];
	size_t n = geo_fold(in, out, sizeof out, false);

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_fold(void **state)
{
	(void)state;
	assert_fold("Sainte-Foy-lès-Lyon", "sainte foy les lyon");
	assert_fold("ste foy", "sainte foy");
	assert_fold("STE-FOY", "sainte foy");
	assert_fold("St Étienne", "saint etienne");
	assert_fold("Saint-Étienne", "saint etienne");
	assert_fold("saint etienne", "saint etienne");
	assert_fold("L'Haÿ-les-Roses", "l hay les roses");
	assert_fold("L’Abergement-Clémenciat", "l abergement clemenciat");
	assert_fold("  Œuilly  ", "oeuilly");
	assert_fold("Châtillon-sur-Chalaronne", "chatillon sur chalaronne");
	assert_fold("Ça--et   là", "ca et la");
	assert_fold("Stenay", "stenay");       /* a word starting with "st" is left alone */
	assert_fold("Moûtiers", "moutiers");
	assert_fold("", "");
	assert_fold("-- '' --", "");
	/* While typing: a final "ste" without a separator is kept as typed. */
	{
		char out[GEO_FOLD_MAX];

		geo_fold("Ste", out, sizeof out, true);
		assert_string_equal(out, "ste");
		geo_fold("Ste ", out, sizeof out, true);
		assert_string_equal(out, "sainte");
		geo_fold("ste foy", out, sizeof out, true);
		assert_string_equal(out, "sainte foy");
	}
}

static void test_fold_overflow(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(geo_fold("Saint-Étienne-de-Tinée", out, sizeof out, false), (size_t)-1);
	assert_true(strlen(out) < sizeof out);
	/* A cut never leaves half a multi-byte character (here: none in folded text). */
	assert_int_equal(geo_fold("日本語日本語", out, sizeof out, false), (size_t)-1);
	assert_int_equal(strlen(out), 6);
	/* Invalid UTF-8 bytes are dropped. */
	{
		char big[GEO_FOLD_MAX];

		geo_fold("Br\xFF" "est", big, sizeof big, false);
		assert_string_equal(big, "brest");
	}
}

static void test_codes(void **state)
{
	(void)state;
	assert_true(geo_insee_valid("01001"));
	assert_true(geo_insee_valid("2A004"));
	assert_true(geo_insee_valid("2B033"));
	assert_true(geo_insee_valid("97411"));
	assert_false(geo_insee_valid("2C004"));
	assert_false(geo_insee_valid("1001"));
	assert_false(geo_insee_valid("010011"));
	assert_false(geo_insee_valid("3A004"));
	assert_false(geo_insee_valid(NULL));
	assert_true(geo_postcode_valid("23500"));
	assert_false(geo_postcode_valid("2350"));
	assert_false(geo_postcode_valid("2A500"));
}

static void test_distance(void **state)
{
	struct geo_commune paris, marseille;
	double d;

	(void)state;
	memset(&paris, 0, sizeof paris);
	memset(&marseille, 0, sizeof marseille);
	paris.lat_e5 = 4885341;
	paris.lon_e5 = 234880;
	marseille.lat_e5 = 4329695;
	marseille.lon_e5 = 538107;
	d = geo_distance_km(&paris, &marseille);
	assert_true(d > 650.0 && d < 670.0);
	assert_true(geo_distance_km(&paris, &paris) < 1e-9);
	assert_true(geo_distance_km(&marseille, &paris) - d < 1e-9);
	/* A quarter of a meridian: 10 007.5 km. */
	d = geo_distance_e5(0, 0, 9000000, 0);
	assert_true(d > 10000.0 && d < 10015.0);
	/* Antipodes: half the circumference, no NaN. */
	d = geo_distance_e5(0, 0, 0, 18000000);
	assert_true(d > 20000.0 && d < 20030.0);
}

struct tally {
	size_t regions, depts, epcis, communes, kinds[GEO_KIND_COUNT], approx;
	struct geo_commune felletin, sainte_foy, paris, marseille, paris1;
};

static int t_region(const struct geo_region *r, void *ctx)
{
	(void)r;
	((struct tally *)ctx)->regions++;
	return 0;
}

static int t_dept(const struct geo_dept *d, void *ctx)
{
	(void)d;
	((struct tally *)ctx)->depts++;
	return 0;
}

static int t_epci(const struct geo_epci *e, void *ctx)
{
	(void)e;
	((struct tally *)ctx)->epcis++;
	return 0;
}

static int t_commune(const struct geo_commune *c, void *ctx)
{
	struct tally *t = ctx;

	t->communes++;
	t->kinds[c->kind]++;
	t->approx += c->approx;
	if (strcmp(c->insee, "23079") == 0)
		t->felletin = *c;
	if (strcmp(c->insee, "69202") == 0)
		t->sainte_foy = *c;
	if (strcmp(c->insee, "75056") == 0)
		t->paris = *c;
	if (strcmp(c->insee, "13055") == 0)
		t->marseille = *c;
	if (strcmp(c->insee, "75101") == 0)
		t->paris1 = *c;
	return 0;
}

static void test_parse_embedded(void **state)
{
	struct tally *t = xcalloc(1, sizeof *t);
	struct geo_sink sink = { t_region, t_dept, t_epci, t_commune, t };
	char *why = NULL;
	double d;

	(void)state;
	assert_int_equal(geo_parse(geo_data_start, (size_t)(geo_data_end - geo_data_start), &sink,
	                           &why), RC_OK);
	assert_null(why);
	assert_int_equal(t->regions, 18 + 3);        /* with 975, 977, 978 */
	assert_int_equal(t->depts, 101 + 3);          /* with 975, 977, 978 */
	assert_true(t->epcis > 1200 && t->epcis < 1300);
	assert_true(t->kinds[GEO_COMMUNE] > 34000 && t->kinds[GEO_COMMUNE] < 36000);
	assert_int_equal(t->kinds[GEO_ARRONDISSEMENT], 45);
	assert_true(t->kinds[GEO_DELEGUEE] > 1000);
	assert_true(t->kinds[GEO_FORMER] > 0);
	assert_true(t->approx < t->communes);

	assert_string_equal(t->felletin.name, "Felletin");
	assert_string_equal(t->felletin.dep, "23");
	assert_string_equal(t->felletin.reg, "75");
	assert_int_equal(t->felletin.n_postcodes, 1);
	assert_string_equal(t->felletin.postcodes[0], "23500");
	assert_int_equal(strlen(t->felletin.epci), 9);
	assert_string_equal(t->sainte_foy.name, "Sainte-Foy-lès-Lyon");
	assert_int_equal(t->paris.n_postcodes, 21);
	assert_true(t->paris.population > 2000000);
	assert_int_equal(t->paris1.kind, GEO_ARRONDISSEMENT);
	assert_string_equal(t->paris1.parent, "75056");
	assert_int_equal(t->paris1.population > 0, 1);
	d = geo_distance_km(&t->paris, &t->marseille);
	assert_true(d > 640.0 && d < 680.0);       /* ≈ 660 km */
	free(t);
}

static void assert_parse_fails(const char *text, const char *want)
{
	struct tally *t = xcalloc(1, sizeof *t);
	struct geo_sink sink = { t_region, t_dept, t_epci, t_commune, t };
	char *why = NULL;

	assert_int_equal(geo_parse(text, strlen(text), &sink, &why), RC_INVALID);
	assert_non_null(why);
	if (strstr(why, want) == NULL)
		fail_msg("« %s » does not contain « %s »", why, want);
	free(why);
	free(t);
}

#define GOOD_C "C\t23079\tC\t\tFelletin\t23\t75\t200044014\t23500\t1577\t45.88415\t2.17335\t0"

static void test_parse_errors(void **state)
{
	struct tally *t = xcalloc(1, sizeof *t);
	struct geo_sink sink = { t_region, t_dept, t_epci, t_commune, t };
	const char *good = "# comment\nR\t75\tNouvelle-Aquitaine\nD\t23\t75\tCreuse\n"
	                   "E\t200044014\tCC\tCC Creuse Grand Sud\n" GOOD_C "\n";
	char *why = NULL;

	(void)state;
	assert_int_equal(geo_parse(good, strlen(good), &sink, &why), RC_OK);
	assert_int_equal(t->communes, 1);
	assert_int_equal(t->felletin.lat_e5, 4588415);
	assert_int_equal(t->felletin.lon_e5, 217335);
	free(t);

	assert_parse_fails("R\t75\tNouvelle-Aquitaine\nX\t1\n", "ligne 2 : type d'enregistrement");
	assert_parse_fails("C\t23079\tC\t\tFelletin\n", "ligne 1 : nombre de champs");
	assert_parse_fails("C\t2C079\tC\t\tFelletin\t23\t75\t200044014\t23500\t1577\t45.8\t2.1\t0\n",
	                   "code INSEE");
	assert_parse_fails("C\t23079\tZ\t\tFelletin\t23\t75\t200044014\t23500\t1577\t45.8\t2.1\t0\n",
	                   "nature");
	assert_parse_fails("C\t23079\tC\t\tFelletin\t23\t75\t200044014\t2350\t1577\t45.8\t2.1\t0\n",
	                   "codes postaux");
	assert_parse_fails("C\t23079\tC\t\tFelletin\t23\t75\t200044014\t23500\t-1\t45.8\t2.1\t0\n",
	                   "population");
	assert_parse_fails("C\t23079\tC\t\tFelletin\t23\t75\t200044014\t23500\t1\t95.8\t2.1\t0\n",
	                   "latitude");
	assert_parse_fails("C\t23079\tC\t\tFelletin\t23\t75\t200044014\t23500\t1\t45.8\t2.1234567\t0\n",
	                   "longitude");
	assert_parse_fails("C\t23079\tC\t\tFelletin\t23\t75\t200044014\t23500\t1\t45.8\t2.1\t2\n",
	                   "coordonnées approchées");
	assert_parse_fails("C\t23079\tC\t\t\xC3\x28\t23\t75\t200044014\t23500\t1\t45.8\t2.1\t0\n",
	                   "nom");
	{
		char *line = xmalloc(GEO_LINE_MAX + 10);

		memset(line, 'x', GEO_LINE_MAX + 8);
		line[GEO_LINE_MAX + 8] = '\0';
		assert_parse_fails(line, "ligne 1 : ligne trop longue");
		free(line);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_overflow),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_parse_embedded),
		cmocka_unit_test(test_parse_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
