/*
 * test-store-refurb.c — the refurbishers' use cases on a real store with
 * the reference geography: registration (a duplicate SIREN names the
 * existing contact, a postal code that does not exist, a creation date in
 * the future, a postal code of several communes), offers versioned with
 * their history, the team's evaluation and selection, the excessive-price
 * flag at its edge and its review, the directory applicants see (never a
 * refurbisher that is not selected), who may do what; and the running
 * statistics, equal to sums computed here and equal before and after a
 * rebuild.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-refurb.h"
#include "core/uc-stats.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store-refurb.h"
#include "store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store-asserts.h"

#define NOW 1704067200 /* 01/01/2024 */

struct world {
	char *dir;
	struct store *st;
	uint64_t ra, rb, rc, rdup, commune;
	struct actor a, b, c, coll, anct, pref;
};

static uint64_t add_org(struct store *st, enum org_kind kind, const char *name,
                        const char *siren, const char *dept)
{
	struct store_txn *txn = NULL;
	struct org o;

	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.status = ORG_VALIDATED;
	strcpy(o.name, name);
	strcpy(o.siren, siren);
	strcpy(o.dept, dept);
	strcpy(o.insee, strcmp(dept, "87") == 0 ? "87085" : "23096");
	strcpy(o.contact.name, "Marie Durand");
	strcpy(o.contact.email, "marie@example.fr");
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &o), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	return o.id;
}

static void actor(struct actor *a, uint64_t acc, enum role r, uint64_t org, const char *dept)
{
	memset(a, 0, sizeof *a);
	a->account_id = acc;
	snprintf(a->login, sizeof a->login, "agent%llu", (unsigned long long)acc);
	a->role = r;
	a->org_id = org;
	strcpy(a->dept, dept);
}

static struct uc uc_of(struct world *w, const struct actor *a)
{
	struct uc u = { .st = w->st, .actor = a, .now = NOW };
	return u;
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof *w);
	char *why = NULL;

	w->dir = fixture_new_store();
	assert_int_equal(store_open(w->dir, &w->st, &why), RC_OK);
	if (geo_load_reference(w->st, NULL, &why) != RC_OK)
		fail_msg("geo_load_reference: %s", why);
	w->ra = add_org(w->st, ORG_RECONDITIONNEUR, "Ateliers du Limousin", "732829320", "87");
	w->rb = add_org(w->st, ORG_RECONDITIONNEUR, "Creuse Réemploi", "443061841", "23");
	w->rc = add_org(w->st, ORG_RECONDITIONNEUR, "Reconditionnement Central", "512345679", "23");
	w->rdup = add_org(w->st, ORG_RECONDITIONNEUR, "Ateliers bis", "732829320", "87");
	w->commune = add_org(w->st, ORG_COMMUNE, "Commune de Guéret", "", "23");
	actor(&w->a, 1, ROLE_RECONDITIONNEUR, w->ra, "87");
	actor(&w->b, 2, ROLE_RECONDITIONNEUR, w->rb, "23");
	actor(&w->c, 3, ROLE_RECONDITIONNEUR, w->rc, "23");
	actor(&w->coll, 4, ROLE_COLLECTIVITE, w->commune, "23");
	actor(&w->anct, 5, ROLE_ANCT, 999, "");
	actor(&w->pref, 6, ROLE_PREFECTURE, 998, "23");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	store_close(w->st);
	fixture_remove(w->dir);
	free(w);
	return 0;
}

/* A registration at postal code pc (its first commune picked), created in 2015. */
static void profile(struct world *w, const struct actor *a, const char *pc, struct refurb *r)
{
	struct uc u = uc_of(w, a);
	struct bench c[8];
	size_t n = 0;
	char *why = NULL;

	assert_int_equal(uc_refurb_get(&u, a->org_id, r, &why), RC_OK);
	assert_int_equal(uc_postcode_communes(&u, pc, c, 8, &n, &why), RC_OK);
	assert_true(n >= 1);
	r->legal_form = LF_SCIC;
	r->founded = 20150601;
	r->nbenches = 1;
	r->benches[0] = c[0];
	if (uc_refurb_save_profile(&u, a->org_id, r, &why) != RC_OK)
		fail_msg("profile: %s", why);
}

static void offer(struct world *w, const struct actor *a, enum lot l, cents_t price)
{
	struct uc u = uc_of(w, a);
	struct refurb *r = xmalloc(sizeof *r);
	struct refurb_offer o;
	char *why = NULL;

	memset(&o, 0, sizeof o);
	o.active = true;
	o.unit_price = price;
	o.capacity = 100;
	o.grade = GRADE_B;
	o.warranty_months = 12;
	o.attest_decree = o.attest_config = true;
	strcpy(o.erasure, "Logiciel certifié, norme NIST 800-88");
	assert_int_equal(uc_refurb_get(&u, a->org_id, r, &why), RC_OK);
	if (uc_refurb_save_offer(&u, a->org_id, r->version, l, &o, &why) != RC_OK)
		fail_msg("offer: %s", why);
	free(r);
}

static void select_it(struct world *w, uint64_t org, bool yes)
{
	struct uc u = uc_of(w, &w->anct);
	struct refurb *r = xmalloc(sizeof *r);
	char *why = NULL;

	assert_int_equal(uc_refurb_get(&u, org, r, &why), RC_OK);
	for (int c = 0; c < CRIT_COUNT; c++) {
		r->eval.scored[c] = true;
		r->eval.score[c] = 4;
		strcpy(r->eval.comment[c], "Bon dossier.");
	}
	assert_int_equal(uc_refurb_evaluate(&u, org, r->version, &r->eval, &why), RC_OK);
	if (uc_refurb_decide(&u, org, r->version + 1, yes, yes ? "" : "Capacité trop faible pour "
	                     "le programme.", &why) != RC_OK)
		fail_msg("decide: %s", why);
	free(r);
}

static int count_audit(const struct audit_event *ev, void *ctx)
{
	(*(size_t *)ctx)++;
	return 0;
}

static void test_registration(void **state)
{
	struct world *w = *state;
	struct uc ua = uc_of(w, &w->a), ud;
	struct refurb *r = xmalloc(sizeof *r);
	struct actor dup;
	struct bench c[16];
	size_t n = 0, events = 0;
	const char *multi = NULL;
	const char *const candidates[] = { "23200", "23300", "87300", "23000", "87000" };
	struct store_txn *txn = NULL;
	char *why = NULL;

	assert_int_equal(uc_refurb_get(&ua, w->ra, r, &why), RC_OK);
	assert_int_equal(r->version, 0);
	assert_string_equal(r->siren, "732829320");
	/* a postal code that does not exist */
	r->legal_form = LF_SOCIETE;
	r->founded = 20100101;
	r->nbenches = 1;
	strcpy(r->benches[0].postcode, "99999");
	expect_why(uc_refurb_save_profile(&ua, w->ra, r, &why), RC_NOTFOUND, &why, "n'existe pas");
	/* a creation date in the future */
	strcpy(r->benches[0].postcode, "87000");
	r->founded = 20300101;
	expect_why(uc_refurb_save_profile(&ua, w->ra, r, &why), RC_INVALID, &why, "postérieure");
	/* a postal code of several communes: the person must pick one */
	for (size_t i = 0; i < ARRAY_LEN(candidates) && multi == NULL; i++)
		if (uc_postcode_communes(&ua, candidates[i], c, 16, &n, NULL) == RC_OK && n > 1)
			multi = candidates[i];
	assert_non_null(multi);
	r->founded = 20100101;
	strcpy(r->benches[0].postcode, multi);
	r->benches[0].insee[0] = '\0';
	expect_why(uc_refurb_save_profile(&ua, w->ra, r, &why), RC_INVALID, &why,
	           "plusieurs communes");
	strcpy(r->benches[0].insee, c[1].insee);
	if (uc_refurb_save_profile(&ua, w->ra, r, &why) != RC_OK)
		fail_msg("%s", why);
	assert_int_equal(r->version, 1);
	assert_string_equal(r->benches[0].commune, c[1].commune);
	/* a stale version is refused */
	r->version = 0;
	expect_why(uc_refurb_save_profile(&ua, w->ra, r, &why), RC_STALE, &why, "modifié");
	/* a second registration of the same legal entity names the existing contact */
	actor(&dup, 7, ROLE_RECONDITIONNEUR, w->rdup, "87");
	ud = uc_of(w, &dup);
	assert_int_equal(uc_refurb_get(&ud, w->rdup, r, &why), RC_OK);
	r->legal_form = LF_SOCIETE;
	r->founded = 20100101;
	r->nbenches = 1;
	strcpy(r->benches[0].postcode, multi);
	strcpy(r->benches[0].insee, c[0].insee);
	expect_why(uc_refurb_save_profile(&ud, w->rdup, r, &why), RC_EXISTS, &why, "Marie Durand");
	/* nobody else edits it */
	{
		struct uc ub = uc_of(w, &w->b), uc_ = uc_of(w, &w->coll), un = uc_of(w, &w->anct);

		assert_int_equal(uc_refurb_get(&ua, w->ra, r, &why), RC_OK);
		expect_why(uc_refurb_save_profile(&ub, w->ra, r, &why), RC_DENIED, &why, "");
		expect_why(uc_refurb_save_profile(&uc_, w->ra, r, &why), RC_DENIED, &why, "");
		expect_why(uc_refurb_save_profile(&un, w->ra, r, &why), RC_DENIED, &why, "");
		expect_why(uc_refurb_get(&uc_, w->ra, r, &why), RC_DENIED, &why, "");
	}
	/* offers are versioned, each change in the history */
	offer(w, &w->a, LOT_PC_PORTABLE, 20000);
	offer(w, &w->a, LOT_PC_PORTABLE, 19000);
	assert_int_equal(uc_refurb_get(&ua, w->ra, r, &why), RC_OK);
	assert_int_equal(r->version, 3);
	assert_int_equal(r->offers[LOT_PC_PORTABLE].unit_price, 19000);
	assert_int_equal(store_begin(w->st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, REFURB_AUDIT_KIND, w->ra, 0, count_audit, &events),
	                 RC_OK);
	store_abort(txn);
	assert_int_equal(events, 3);
	check_clean(w->st);
	free(r);
}

struct names {
	size_t n;
	char name[8][ORG_NAME_MAX + 1];
	bool portable[8];
};

static int collect(const struct refurb *r, void *ctx)
{
	struct names *s = ctx;

	if (s->n < 8) {
		s->portable[s->n] = r->offers[LOT_PC_PORTABLE].active;
		strcpy(s->name[s->n++], r->name);
	}
	return 0;
}

static void test_prices_selection(void **state)
{
	struct world *w = *state;
	struct uc un = uc_of(w, &w->anct), ucoll = uc_of(w, &w->coll), uc3 = uc_of(w, &w->c);
	struct refurb *r = xmalloc(sizeof *r);
	struct price_row rows[LOT_COUNT];
	struct names seen;
	char *why = NULL;

	profile(w, &w->a, "87000", r);
	profile(w, &w->b, "23000", r);
	profile(w, &w->c, "23000", r);
	offer(w, &w->a, LOT_PC_PORTABLE, 20000);
	offer(w, &w->b, LOT_PC_PORTABLE, 20000);
	/* exactly 1,5 × the median of the other selected offers: not flagged */
	offer(w, &w->c, LOT_PC_PORTABLE, 30000);
	/* a refurbisher cannot evaluate itself, a collectivité neither */
	assert_int_equal(uc_refurb_get(&un, w->rc, r, &why), RC_OK);
	expect_why(uc_refurb_evaluate(&uc3, w->rc, r->version, &r->eval, &why), RC_DENIED, &why,
	           "");
	expect_why(uc_refurb_decide(&ucoll, w->rc, r->version, true, "", &why), RC_DENIED, &why, "");
	select_it(w, w->ra, true);
	select_it(w, w->rb, true);
	assert_int_equal(uc_refurb_flags(&uc3, w->rc, rows, &why), RC_OK);
	assert_true(rows[LOT_PC_PORTABLE].has_median);
	assert_int_equal(rows[LOT_PC_PORTABLE].median, 20000);
	assert_int_equal(rows[LOT_PC_PORTABLE].flag, PRICE_OK);
	/* one cent above: flagged */
	offer(w, &w->c, LOT_PC_PORTABLE, 30001);
	assert_int_equal(uc_refurb_flags(&uc3, w->rc, rows, &why), RC_OK);
	assert_int_equal(rows[LOT_PC_PORTABLE].flag, PRICE_FLAGGED);
	/* the team confirms it, with a reason; nobody else may */
	assert_int_equal(uc_refurb_get(&un, w->rc, r, &why), RC_OK);
	expect_why(uc_refurb_price_review(&uc3, w->rc, r->version, LOT_PC_PORTABLE, false, "", &why),
	           RC_DENIED, &why, "");
	expect_why(uc_refurb_price_review(&ucoll, w->rc, r->version, LOT_PC_PORTABLE, true,
	                                  "Prix très au-dessus des autres.", &why), RC_DENIED, &why, "");
	expect_why(uc_refurb_price_review(&un, w->rc, r->version, LOT_PC_PORTABLE, true, "cher",
	                                  &why), RC_INVALID, &why, "Motif");
	assert_int_equal(uc_refurb_price_review(&un, w->rc, r->version, LOT_PC_PORTABLE, true,
	                                        "Prix très au-dessus des autres offres.", &why),
	                 RC_OK);
	assert_int_equal(uc_refurb_flags(&uc3, w->rc, rows, &why), RC_OK);
	assert_int_equal(rows[LOT_PC_PORTABLE].flag, PRICE_CONFIRMED);
	/* a price not flagged cannot be reviewed */
	assert_int_equal(uc_refurb_get(&un, w->ra, r, &why), RC_OK);
	expect_why(uc_refurb_price_review(&un, w->ra, r->version, LOT_PC_PORTABLE, false, "", &why),
	           RC_INVALID, &why, "pas signalée");
	/* the directory: only selected refurbishers, never C (pending, then not selected) */
	memset(&seen, 0, sizeof seen);
	assert_int_equal(uc_refurb_directory(&ucoll, collect, &seen, &why), RC_OK);
	assert_int_equal(seen.n, 2);
	for (size_t i = 0; i < seen.n; i++)
		assert_null(strstr(seen.name[i], "Central"));
	select_it(w, w->rc, false);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(uc_refurb_directory(&ucoll, collect, &seen, &why), RC_OK);
	assert_int_equal(seen.n, 2);
	/* a refurbisher does not read the directory nor list the others */
	expect_why(uc_refurb_directory(&uc3, collect, &seen, &why), RC_DENIED, &why, "");
	expect_why(uc_refurb_list(&uc3, true, REFURB_PENDING, collect, &seen, &why), RC_DENIED, &why,
	           "");
	/* the reason reaches the refurbisher */
	assert_int_equal(uc_refurb_get(&uc3, w->rc, r, &why), RC_OK);
	assert_int_equal(r->state, REFURB_NOT_SELECTED);
	assert_non_null(strstr(r->reason, "Capacité"));
	check_clean(w->st);
	free(r);
}

/* ---- statistics ---- */

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_stats(void **state)
{
	struct world *w = *state;
	const char *const depts[] = { "23", "87", "19", "75" };
	struct stats_cell want[4], all;
	struct stats_table *t = xmalloc(sizeof *t), *t2 = xmalloc(sizeof *t2);
	struct preorder *po = xmalloc(sizeof *po);
	struct store_txn *txn = NULL;
	struct uc un = uc_of(w, &w->anct), up = uc_of(w, &w->pref), uc3 = uc_of(w, &w->c);
	uint64_t seed = 20240101, x;
	char *why = NULL;

	printf("seed %llu\n", (unsigned long long)seed);
	x = seed;
	memset(want, 0, sizeof want);
	memset(&all, 0, sizeof all);
	assert_int_equal(store_begin(w->st, true, &txn), RC_OK);
	for (int i = 0; i < 300; i++) {
		size_t d = rnd(&x) % 4;

		memset(po, 0, sizeof *po);
		po->org_id = w->commune;
		strcpy(po->org_name, "Commune");
		strcpy(po->dept, depts[d]);
		po->state = PO_BROUILLON;
		for (int l = 0; l < LOT_COUNT; l++)
			po->qty[l] = (uint32_t)(rnd(&x) % 20);
		po->estimated = (cents_t)(rnd(&x) % 1000000);
		assert_int_equal(db_preorder_insert(txn, po), RC_OK);
		/* then an update to a random state, and maybe a move of département */
		po->state = (enum preorder_state)(rnd(&x) % PO_STATE_COUNT);
		if (preorder_state_committed(po->state)) {
			po->retained = po->estimated / 2;
			po->subsidy = po->retained * 8 / 10;
		}
		if (po->state == PO_SUBVENTION_VERSEE)
			po->payment = po->subsidy;
		if (rnd(&x) % 10 == 0) {
			d = (d + 1) % 4;
			strcpy(po->dept, depts[d]);
		}
		assert_int_equal(db_preorder_update(txn, po), RC_OK);
		/* the independent sums */
		want[d].count[po->state]++;
		if (po->state == PO_DEPOSEE || po->state == PO_EN_INSTRUCTION ||
		    po->state == PO_RETENUE || po->state == PO_CONVENTIONNEE ||
		    po->state == PO_SUBVENTION_VERSEE) {
			want[d].requested += po->estimated;
			for (int l = 0; l < LOT_COUNT; l++)
				want[d].units[l] += po->qty[l];
		}
		if (po->state == PO_RETENUE || po->state == PO_CONVENTIONNEE ||
		    po->state == PO_SUBVENTION_VERSEE) {
			want[d].retained += po->retained;
			want[d].subsidy += po->subsidy;
		}
		if (po->state == PO_RETENUE || po->state == PO_CONVENTIONNEE ||
		    po->state == PO_SUBVENTION_VERSEE)
			want[d].paid += po->payment;
	}
	assert_int_equal(store_commit(txn), RC_OK);
	for (int d = 0; d < 4; d++)
		stats_cell_add(&all, &want[d]);
	/* the team: the country, by département */
	assert_int_equal(uc_stats(&un, STATS_BY_DEPT, t, &why), RC_OK);
	assert_true(stats_cell_equal(&t->total.cell, &all));
	assert_int_equal(t->nrows, 4);
	for (size_t i = 0; i < t->nrows; i++)
		for (int d = 0; d < 4; d++)
			if (strcmp(t->rows[i].code, depts[d]) == 0)
				assert_true(stats_cell_equal(&t->rows[i].cell, &want[d]));
	/* by région: Creuse, Haute-Vienne and Corrèze are Nouvelle-Aquitaine (75) */
	assert_int_equal(uc_stats(&un, STATS_BY_REGION, t, &why), RC_OK);
	assert_int_equal(t->nrows, 2);
	assert_true(stats_cell_equal(&t->total.cell, &all));
	/* a préfecture sees its département only; a refurbisher its own too */
	assert_int_equal(uc_stats(&up, STATS_BY_DEPT, t, &why), RC_OK);
	assert_string_equal(t->scope, "23");
	assert_true(stats_cell_equal(&t->total.cell, &want[0]));
	assert_false(t->refurbs_known);
	assert_int_equal(uc_stats(&uc3, STATS_BY_NATION, t, &why), RC_OK);
	assert_true(stats_cell_equal(&t->total.cell, &want[0]));
	/* check agrees, and a rebuild gives the same figures */
	check_clean(w->st);
	assert_int_equal(uc_stats(&un, STATS_BY_DEPT, t, &why), RC_OK);
	assert_int_equal(store_begin(w->st, true, &txn), RC_OK);
	assert_int_equal(db_stats_rebuild(txn), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	assert_int_equal(uc_stats(&un, STATS_BY_DEPT, t2, &why), RC_OK);
	assert_int_equal(t2->nrows, t->nrows);
	for (size_t i = 0; i < t->nrows; i++)
		assert_true(stats_cell_equal(&t->rows[i].cell, &t2->rows[i].cell));
	/* a cell changed behind the pre-orders' back is found by check */
	{
		struct stats_cell c;
		size_t problems = 0;

		assert_int_equal(store_begin(w->st, true, &txn), RC_OK);
		assert_int_equal(db_stats_get(txn, "87", &c), RC_OK);
		memset(po, 0, sizeof *po);
		strcpy(po->dept, "87");
		po->state = PO_DEPOSEE;
		po->estimated = 100;
		assert_int_equal(db_stats_move(txn, NULL, po), RC_OK); /* a phantom pre-order */
		assert_int_equal(store_commit(txn), RC_OK);
		assert_int_equal(store_check(w->st, NULL, &problems), RC_OK);
		assert_int_equal(problems, 1);
		assert_int_equal(store_begin(w->st, true, &txn), RC_OK);
		assert_int_equal(db_stats_rebuild(txn), RC_OK);
		assert_int_equal(store_commit(txn), RC_OK);
		check_clean(w->st);
	}
	/* the three formats */
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_int_equal(uc_stats(&un, STATS_BY_REGION, t, &why), RC_OK);
		stats_write(f, t, STATS_TEXT);
		stats_write(f, t, STATS_CSV);
		stats_write(f, t, STATS_JSON);
		fclose(f);
		assert_non_null(strstr(buf, "Nouvelle-Aquitaine"));
		assert_non_null(strstr(buf, "code,nom,brouillon"));
		assert_non_null(strstr(buf, "\"by\":\"region\""));
		/* every text line fits an 80-column screen with its margins */
		for (char *line = strtok(buf, "\n"); line != NULL; line = strtok(NULL, "\n"))
			if (utf8_len(line) > 78 && line[0] != '{' && strchr(line, ',') == NULL)
				fail_msg("line longer than 80 columns: %s", line);
		free(buf);
	}
	free(t);
	free(t2);
	free(po);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prices_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
