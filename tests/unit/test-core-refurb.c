/*
 * test-core-refurb.c — the refurbishers' rules without a store: the median,
 * the excessive-price rule at its edges (exactly 1,5 × the median, one cent
 * above), the flag and the team's review tied to a price, and the checks
 * of a registration, an offer, a dossier, an evaluation and a decision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/refurb.h"
#include "core/settings.h"
#include "core/util.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_median(void **state)
{
	const cents_t odd[] = { 30000, 10000, 20000 };
	const cents_t even[] = { 10000, 20001, 40000, 5 };
	(void)state;
	assert_int_equal(price_median(odd, 0), 0);
	assert_int_equal(price_median(odd, 1), 30000);
	assert_int_equal(price_median(odd, 3), 20000);
	/* even: sorted 5, 10000, 20001, 40000 → 10000 + (10001 / 2) = 15000 (cent rounded down) */
	assert_int_equal(price_median(even, 4), 15000);
	/* the input is left as it was */
	assert_int_equal(odd[0], 30000);
}

static void test_excessive_edges(void **state)
{
	(void)state;
	/* median 200,00 €, multiple 1,5: 300,00 € is the limit, 300,01 € is above */
	assert_false(price_excessive(30000, 20000, PRICE_MULTIPLE_DEFAULT));
	assert_true(price_excessive(30001, 20000, PRICE_MULTIPLE_DEFAULT));
	assert_false(price_excessive(29999, 20000, PRICE_MULTIPLE_DEFAULT));
	/* a median whose 1,5 × is not a whole cent: 1,5 × 133,33 = 199,995 */
	assert_false(price_excessive(19999, 13333, PRICE_MULTIPLE_DEFAULT));
	assert_true(price_excessive(20000, 13333, PRICE_MULTIPLE_DEFAULT));
	/* another multiple: 2 × */
	assert_false(price_excessive(40000, 20000, 20000));
	assert_true(price_excessive(40001, 20000, 20000));
	/* nothing to compare with */
	assert_false(price_excessive(1000000, 0, PRICE_MULTIPLE_DEFAULT));
	/* the largest values do not overflow */
	assert_false(price_excessive(LOT_PRICE_MAX, LOT_PRICE_MAX, PRICE_MULTIPLE_MAX));
	assert_true(price_excessive(LOT_PRICE_MAX, 1, PRICE_MULTIPLE_MIN));
}

static void test_flag_and_review(void **state)
{
	struct refurb_offer o;
	(void)state;
	memset(&o, 0, sizeof o);
	o.active = true;
	o.unit_price = 30001;
	assert_int_equal(offer_price_flag(&o, true, 20000, PRICE_MULTIPLE_DEFAULT), PRICE_FLAGGED);
	assert_int_equal(offer_price_flag(&o, false, 0, PRICE_MULTIPLE_DEFAULT), PRICE_OK);
	o.review = PRICE_REVIEW_CONFIRMED;
	o.review_price = 30001;
	assert_int_equal(offer_price_flag(&o, true, 20000, PRICE_MULTIPLE_DEFAULT), PRICE_CONFIRMED);
	o.review = PRICE_REVIEW_LIFTED;
	assert_int_equal(offer_price_flag(&o, true, 20000, PRICE_MULTIPLE_DEFAULT), PRICE_LIFTED);
	/* a new price is judged again */
	o.unit_price = 35000;
	assert_int_equal(offer_price_flag(&o, true, 20000, PRICE_MULTIPLE_DEFAULT), PRICE_FLAGGED);
	/* back under the limit: nothing to review */
	o.unit_price = 30000;
	assert_int_equal(offer_price_flag(&o, true, 20000, PRICE_MULTIPLE_DEFAULT), PRICE_OK);
}

static void good_profile(struct refurb *r)
{
	memset(r, 0, sizeof *r);
	strcpy(r->siren, "732829320");
	r->legal_form = LF_SCIC;
	r->founded = 20150601;
	r->nbenches = 1;
	strcpy(r->benches[0].postcode, "23000");
	strcpy(r->benches[0].insee, "23096");
	strcpy(r->benches[0].commune, "Guéret");
}

/* rc must be RC_INVALID and *whyp say part; frees *whyp and sets it to NULL. */
static void expect_refused(int rc, char **whyp, const char *part)
{
	char *why = *whyp;

	*whyp = NULL;
	assert_int_equal(rc, RC_INVALID);
	assert_non_null(why);
	if (strstr(why, part) == NULL)
		fail_msg("« %s » does not say « %s »", why, part);
	free(why);
}

static void test_profile(void **state)
{
	struct refurb *r = xmalloc(sizeof *r);
	char *why = NULL;
	(void)state;
	good_profile(r);
	assert_int_equal(refurb_check_profile(r, 20240101, NULL), RC_OK);
	/* created today is fine; tomorrow is not */
	assert_int_equal(refurb_check_profile(r, 20150601, NULL), RC_OK);
	expect_refused(refurb_check_profile(r, 20150531, &why), &why, "postérieure");
	good_profile(r);
	strcpy(r->siren, "732829321");
	expect_refused(refurb_check_profile(r, 20240101, &why), &why, "SIREN");
	good_profile(r);
	r->legal_form = LF_NONE;
	expect_refused(refurb_check_profile(r, 20240101, &why), &why, "forme juridique");
	good_profile(r);
	r->nbenches = 0;
	expect_refused(refurb_check_profile(r, 20240101, &why), &why, "atelier");
	good_profile(r);
	r->benches[1] = r->benches[0];
	r->nbenches = 2;
	expect_refused(refurb_check_profile(r, 20240101, &why), &why, "deux fois");
	good_profile(r);
	r->benches[0].insee[0] = '\0';
	expect_refused(refurb_check_profile(r, 20240101, &why), &why, "choisissez la commune");
	free(r);
}

static void good_offer(struct refurb_offer *o)
{
	memset(o, 0, sizeof *o);
	o->active = true;
	o->unit_price = 25000;
	o->capacity = 300;
	o->grade = GRADE_A;
	o->warranty_months = 12;
	o->attest_decree = true;
	o->attest_config = true;
	strcpy(o->erasure, "Blancco, norme NIST 800-88");
}

static void test_offer(void **state)
{
	struct refurb_offer o;
	char *why = NULL;
	(void)state;
	good_offer(&o);
	assert_int_equal(refurb_check_offer(&o, LOT_PC_PORTABLE, NULL), RC_OK);
	o.unit_price = 0;
	expect_refused(refurb_check_offer(&o, LOT_PC_PORTABLE, &why), &why, "prix");
	good_offer(&o);
	o.unit_price = LOT_PRICE_MAX + 1;
	expect_refused(refurb_check_offer(&o, LOT_PC_PORTABLE, &why), &why, "prix");
	good_offer(&o);
	o.capacity = 0;
	expect_refused(refurb_check_offer(&o, LOT_PC_PORTABLE, &why), &why, "capacité");
	good_offer(&o);
	o.grade = GRADE_NONE;
	expect_refused(refurb_check_offer(&o, LOT_PC_PORTABLE, &why), &why, "grade");
	good_offer(&o);
	o.attest_decree = false;
	expect_refused(refurb_check_offer(&o, LOT_PC_PORTABLE, &why), &why, "2022-190");
	good_offer(&o);
	o.attest_config = false;
	expect_refused(refurb_check_offer(&o, LOT_PC_PORTABLE, &why), &why, "configuration");
	good_offer(&o);
	strcpy(o.erasure, "x");
	expect_refused(refurb_check_offer(&o, LOT_PC_PORTABLE, &why), &why, "effacement");
	good_offer(&o);
	o.warranty_months = REFURB_WARRANTY_MAX + 1;
	expect_refused(refurb_check_offer(&o, LOT_PC_PORTABLE, &why), &why, "garantie");
	/* an inactive offer is never refused */
	memset(&o, 0, sizeof o);
	assert_int_equal(refurb_check_offer(&o, LOT_TABLETTE, NULL), RC_OK);
}

static void test_eval_and_decision(void **state)
{
	struct refurb *r = xmalloc(sizeof *r);
	char *why = NULL;
	(void)state;
	good_profile(r);
	good_offer(&r->offers[LOT_PC_FIXE]);
	r->eval.scored[CRIT_TECHNIQUE] = true;
	r->eval.score[CRIT_TECHNIQUE] = 6;
	expect_refused(refurb_check_eval(&r->eval, &why), &why, "entre 0 et 5");
	r->eval.score[CRIT_TECHNIQUE] = 5;
	assert_int_equal(refurb_check_eval(&r->eval, NULL), RC_OK);
	expect_refused(refurb_check_decision(r, true, "", &why), &why, "environnemental");
	for (int c = 0; c < CRIT_COUNT; c++)
		r->eval.scored[c] = true;
	assert_int_equal(refurb_check_decision(r, true, "", NULL), RC_OK);
	expect_refused(refurb_check_decision(r, false, "Trop cher", &why), &why, "Motif");
	assert_int_equal(refurb_check_decision(r, false, "Capacité insuffisante pour le lot.", NULL),
	                 RC_OK);
	r->offers[LOT_PC_FIXE].active = false;
	expect_refused(refurb_check_decision(r, true, "", &why), &why, "offre");
	free(r);
}

static void test_multiple_setting(void **state)
{
	struct settings *s = xmalloc(sizeof *s);
	uint32_t bp = 0;
	char m[32];
	(void)state;
	settings_defaults(s);
	assert_int_equal(s->price_multiple_bp, PRICE_MULTIPLE_DEFAULT);
	assert_int_equal(settings_check(s, NULL), RC_OK);
	s->price_multiple_bp = PRICE_MULTIPLE_MIN - 1;
	assert_int_equal(settings_check(s, NULL), RC_INVALID);
	s->price_multiple_bp = PRICE_MULTIPLE_MAX + 1;
	assert_int_equal(settings_check(s, NULL), RC_INVALID);
	assert_int_equal(multiple_parse("1,5", &bp, NULL), RC_OK);
	assert_int_equal(bp, 15000);
	assert_int_equal(multiple_parse("2", &bp, NULL), RC_OK);
	assert_int_equal(bp, 20000);
	assert_int_equal(multiple_parse("abc", &bp, NULL), RC_INVALID);
	assert_string_equal(multiple_format(15000, m, sizeof m), "1,5\xC2\xA0\xC3\x97");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_excessive_edges),
		cmocka_unit_test(test_flag_and_review),
		cmocka_unit_test(test_profile),
		cmocka_unit_test(test_offer),
		cmocka_unit_test(test_eval_and_decision),
		cmocka_unit_test(test_multiple_setting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
