/*
 * test-core-ident.c — SIREN/SIRET check digits (with La Poste's rule), INSEE
 * commune codes, département codes, postal codes, and organisation kinds.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/org.h"
#include "core/util.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

struct id_case {
	const char *s;
	int rc;
};

static void run_cases(int (*fn)(const char *, char **), const struct id_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *why = NULL;
		int rc = fn(c[i].s, &why);
		if (rc != c[i].rc)
			fail_msg("« %s »: got %d want %d (%s)", c[i].s ? c[i].s : "(null)", rc, c[i].rc,
			         why ? why : "");
		if (rc != RC_OK)
			assert_non_null(why);
		else
			assert_null(why);
		free(why);
	}
}

static void test_siren(void **state)
{
	static const struct id_case c[] = {
		{ "732829320", RC_OK },      { "552100554", RC_OK },
		{ "356000000", RC_OK },      { "123456789", RC_INVALID },
		{ "732829321", RC_INVALID }, { "73282932", RC_INVALID },
		{ "7328293200", RC_INVALID }, { "73282932a", RC_INVALID },
		{ "000000000", RC_INVALID }, { "", RC_INVALID },
		{ NULL, RC_INVALID },        { " 73282932", RC_INVALID },
	};
	(void)state;
	run_cases(siren_check, c, ARRAY_LEN(c));
	assert_true(luhn_ok("79927398713"));
	assert_false(luhn_ok("79927398710"));
	assert_false(luhn_ok(""));
	assert_false(luhn_ok("12a"));
}

static void test_siret(void **state)
{
	static const struct id_case c[] = {
		{ "73282932000074", RC_OK },
		{ "55210055400013", RC_OK },
		{ "73282932000075", RC_INVALID },      /* Luhn broken */
		{ "12345678900017", RC_INVALID },      /* SIREN part invalid */
		{ "7328293200007", RC_INVALID },
		{ "732829320000745", RC_INVALID },
		{ "7328293200007x", RC_INVALID },
		/* La Poste: digit sum multiple of 5, Luhn does not matter */
		{ "35600000010000", RC_OK },           /* sum 15, fails Luhn */
		{ "35600000010013", RC_INVALID },      /* passes Luhn, sum 18 */
		{ "35600000000048", RC_INVALID },      /* passes Luhn, sum 26 */
		{ "35600000000001", RC_OK },           /* sum 15 */
	};
	(void)state;
	run_cases(siret_check, c, ARRAY_LEN(c));
	char *why = NULL;
	assert_int_equal(siret_check("35600000000005", &why), RC_INVALID); /* sum 19 */
	assert_non_null(strstr(why, "multiple de 5"));
	free(why);
}

static void test_insee(void **state)
{
	static const struct id_case c[] = {
		{ "01001", RC_OK },  { "23096", RC_OK },  { "2A004", RC_OK }, { "2B033", RC_OK },
		{ "97411", RC_OK },  { "97101", RC_OK },  { "97617", RC_OK }, { "97502", RC_OK },
		{ "95690", RC_OK },  { "75056", RC_OK },
		{ "00001", RC_INVALID }, { "20004", RC_INVALID }, { "2C004", RC_INVALID },
		{ "2a004", RC_INVALID }, { "96001", RC_INVALID }, { "97901", RC_INVALID },
		{ "97001", RC_INVALID }, { "23000", RC_INVALID }, { "97400", RC_INVALID },
		{ "2A000", RC_INVALID }, { "2304", RC_INVALID },  { "230961", RC_INVALID },
		{ "23O96", RC_INVALID }, { "", RC_INVALID },      { NULL, RC_INVALID },
		{ "98714", RC_INVALID },
	};
	(void)state;
	run_cases(insee_check, c, ARRAY_LEN(c));
}

static void test_insee_dept(void **state)
{
	static const struct {
		const char *insee, *dept;
	} c[] = {
		{ "01001", "01" }, { "2A004", "2A" }, { "2B033", "2B" }, { "97411", "974" },
		{ "97101", "971" }, { "23096", "23" }, { "95690", "95" }, { "97617", "976" },
	};
	char d[4];
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		assert_int_equal(insee_dept(c[i].insee, d, NULL), RC_OK);
		assert_string_equal(d, c[i].dept);
	}
	assert_int_equal(insee_dept("20004", d, NULL), RC_INVALID);
}

static void test_dept_postcode(void **state)
{
	static const struct id_case depts[] = {
		{ "01", RC_OK }, { "19", RC_OK }, { "2A", RC_OK }, { "2B", RC_OK }, { "21", RC_OK },
		{ "95", RC_OK }, { "971", RC_OK }, { "976", RC_OK },
		{ "20", RC_INVALID }, { "00", RC_INVALID }, { "96", RC_INVALID },
		{ "977", RC_INVALID }, { "970", RC_INVALID }, { "1", RC_INVALID },
		{ "2a", RC_INVALID }, { "974 ", RC_INVALID }, { "", RC_INVALID },
	};
	static const struct id_case pcs[] = {
		{ "23000", RC_OK }, { "01000", RC_OK }, { "20000", RC_OK }, { "97400", RC_OK },
		{ "98000", RC_OK }, { "00100", RC_INVALID }, { "96000", RC_INVALID },
		{ "99000", RC_INVALID }, { "2300", RC_INVALID }, { "230000", RC_INVALID },
		{ "2A000", RC_INVALID }, { "", RC_INVALID },
	};
	(void)state;
	run_cases(dept_check, depts, ARRAY_LEN(depts));
	run_cases(postcode_check, pcs, ARRAY_LEN(pcs));
}

static void test_org_kinds(void **state)
{
	(void)state;
	for (int k = 0; k < ORG_KIND_COUNT; k++) {
		enum org_kind back;
		const char *label = org_kind_label((enum org_kind)k);
		assert_non_null(label);
		assert_true(strlen(label) > 0);
		if (k == ORG_KIND_NONE)
			continue;
		assert_int_equal(org_kind_parse(org_kind_name((enum org_kind)k), &back, NULL),
		                 RC_OK);
		assert_int_equal(back, k);
		/* each kind is exactly one of: collectivité, France Services, refused, institutional */
		int classes = org_kind_is_collectivite((enum org_kind)k) + (k == ORG_FRANCE_SERVICES) +
		              org_kind_is_refused((enum org_kind)k) +
		              org_kind_is_institutional((enum org_kind)k);
		assert_int_equal(classes, 1);
		assert_int_equal(org_kind_role((enum org_kind)k) == ROLE_NONE,
		                 org_kind_is_refused((enum org_kind)k));
	}
	assert_true(org_kind_is_refused(ORG_ASSOCIATION));
	assert_true(org_kind_is_refused(ORG_CCAS));
	assert_true(org_kind_is_refused(ORG_MISSION_LOCALE));
	assert_true(org_kind_is_refused(ORG_ENTREPRISE));
	assert_true(org_kind_is_refused(ORG_CHAMBRE_CONSULAIRE));
	assert_true(org_kind_is_refused(ORG_CHAMBRE_AGRICULTURE));
	assert_false(org_kind_is_grouping(ORG_COMMUNE));
	assert_true(org_kind_is_grouping(ORG_COMMUNAUTE_COMMUNES));
	assert_true(org_kind_is_grouping(ORG_SYNDICAT));
	assert_string_equal(org_kind_label(ORG_COMMUNAUTE_AGGLO), "Communauté d'agglomération");
	assert_string_equal(org_refused_advice(),
	                    "Adressez-vous à votre collectivité : elle peut commander le "
	                    "matériel puis vous le prêter.");
	char *why = NULL;
	enum org_kind k;
	assert_int_equal(org_kind_parse("banque", &k, &why), RC_INVALID);
	assert_non_null(why);
	free(why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siren),      cmocka_unit_test(test_siret),
		cmocka_unit_test(test_insee),      cmocka_unit_test(test_insee_dept),
		cmocka_unit_test(test_dept_postcode), cmocka_unit_test(test_org_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
