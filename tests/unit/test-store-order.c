/*
 * test-store-order.c — the orders on a real store with the reference
 * geography: a funded order from placing to payment with its history and
 * audit; every out-of-order step refused with nothing changed; a refusal
 * and a cancellation releasing the capacity; capacity and retained
 * quantities enforced; self-funded orders without limits; an unselected
 * refurbisher or a confirmed-excessive offer never orderable nor ranked;
 * another organisation's order unknown; the ranking's distances against a
 * haversine computed here; `check` clean throughout.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/export.h"
#include "core/uc-loan.h"
#include "core/uc-order.h"
#include "store/db-geo.h"
#include "store/store-order.h"
#include "order-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store-asserts.h"

#define NOW 1704067200 /* 01/01/2024 */
#define TODAY 20240101

struct world {
	char *dir;
	struct store *st;
	uint64_t gueret, other, felletin_r, tulle_r, paris_r, unselected, pricey;
	struct actor coll, coll2, refa, refb, pref, pref87, anct;
};

static const char *const gueret_in[] = { "23096" };
static const char *const felletin_in[] = { "23079", "75056" };
static const char *const felletin_names[] = { "Felletin", "Paris" };
static const char *const tulle_in[] = { "19272" };
static const char *const tulle_names[] = { "Tulle" };
static const char *const paris_in[] = { "75056" };
static const char *const paris_names[] = { "Paris" };

static struct uc uc_of(struct world *w, const struct actor *a)
{
	struct uc u = { .st = w->st, .actor = a, .now = NOW };
	return u;
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof *w);
	const cents_t p1[LOT_COUNT] = { 0, 25000, 15000, 0 };
	const cents_t p2[LOT_COUNT] = { 0, 24000, 0, 0 };
	const cents_t p3[LOT_COUNT] = { 0, 20000, 16000, 0 };
	const cents_t p4[LOT_COUNT] = { 0, 90000, 0, 0 };
	const uint32_t retained[LOT_COUNT] = { 0, 5, 3, 0 };
	struct refurb *r = xmalloc(sizeof *r);
	struct store_txn *txn = NULL;
	char *why = NULL;

	w->dir = fixture_new_store();
	assert_int_equal(store_open(w->dir, &w->st, &why), RC_OK);
	if (geo_load_reference(w->st, NULL, &why) != RC_OK)
		fail_msg("geo_load_reference: %s", why);
	w->gueret = fixture_add_org(w->st, ORG_COMMUNE, "Commune de Guéret", "23096", "23");
	w->other = fixture_add_org(w->st, ORG_COMMUNE, "Commune d'Aubusson", "23008", "23");
	w->felletin_r = ofix_refurb(w->st, "Felletin Réemploi", "443061841", "23", 2, felletin_in,
	                            felletin_names, p1, 10);
	w->tulle_r = ofix_refurb(w->st, "Atelier de Tulle", "732829320", "19", 1, tulle_in,
	                         tulle_names, p2, 50);
	w->paris_r = ofix_refurb(w->st, "Paris Recyclage", "512345679", "75", 1, paris_in,
	                         paris_names, p3, 50);
	w->pricey = ofix_refurb(w->st, "Cher Atelier", "552100554", "75", 1, paris_in, paris_names,
	                        p4, 50);
	w->unselected = ofix_refurb(w->st, "Pas Retenu", "418207125", "23", 1, gueret_in,
	                            gueret_in, p2, 50);
	/* the pricey one confirmed excessive by the team, the last one not selected */
	assert_int_equal(store_begin(w->st, true, &txn), RC_OK);
	assert_int_equal(db_refurb_get(txn, w->pricey, r), RC_OK);
	r->offers[LOT_PC_PORTABLE].review = PRICE_REVIEW_CONFIRMED;
	r->offers[LOT_PC_PORTABLE].review_price = 90000;
	assert_int_equal(db_refurb_put(txn, r), RC_OK);
	assert_int_equal(db_refurb_get(txn, w->unselected, r), RC_OK);
	r->state = REFURB_NOT_SELECTED;
	assert_int_equal(db_refurb_put(txn, r), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	free(r);
	ofix_convention(w->st, w->gueret, "23", "23096", retained);
	fixture_actor(&w->coll, 1, "maire", ROLE_COLLECTIVITE, w->gueret, "23");
	fixture_actor(&w->coll2, 2, "aubusson", ROLE_COLLECTIVITE, w->other, "23");
	fixture_actor(&w->refa, 3, "felletin", ROLE_RECONDITIONNEUR, w->felletin_r, "23");
	fixture_actor(&w->refb, 4, "tulle", ROLE_RECONDITIONNEUR, w->tulle_r, "19");
	fixture_actor(&w->pref, 5, "pref23", ROLE_PREFECTURE, 900, "23");
	fixture_actor(&w->pref87, 6, "pref87", ROLE_PREFECTURE, 901, "87");
	fixture_actor(&w->anct, 7, "anct", ROLE_ANCT, 902, "");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	fixture_close(w->st, w->dir);
	free(w);
	return 0;
}

static uint64_t place(struct world *w, const struct actor *a, uint64_t refurb, bool funded,
                      uint32_t portables, uint32_t tablets)
{
	const uint32_t q[LOT_COUNT] = { 0, portables, tablets, 0 };
	struct order_request rq = ofix_request(a->org_id, refurb, funded, q, TODAY);
	struct uc u = uc_of(w, a);
	struct order o;
	char *why = NULL;

	if (uc_order_place(&u, &rq, &o, &why) != RC_OK)
		fail_msg("place: %s", why);
	return o.id;
}

static int step(struct world *w, const struct actor *a, uint64_t id, enum order_step_kind k,
                const char *text, char **why)
{
	struct uc u = uc_of(w, a);
	struct order o;
	struct order_step st = { .kind = k, .day = TODAY, .text = text, .invoice_no = "F-2024-1",
	                         .ht = 125000, .ttc = 150000, .chorus_no = "CPP-998877" };
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = uc_order_get(&u, id, &o, why)) != RC_OK)
		return rc;
	return uc_order_step(&u, id, o.version, &st, NULL, why);
}

static int count_audit(const struct audit_event *ev, void *ctx)
{
	(*(size_t *)ctx)++;
	return 0;
}

static void test_funded_path(void **state)
{
	struct world *w = *state;
	struct uc u = uc_of(w, &w->coll);
	struct order o;
	struct store_txn *txn = NULL;
	char *why = NULL;
	size_t events = 0;
	uint64_t id = place(w, &w->coll, w->felletin_r, true, 5, 0);

	assert_int_equal(uc_order_get(&u, id, &o, &why), RC_OK);
	assert_int_equal(o.state, ORD_ENVOYEE);
	assert_true(o.funded);
	assert_int_equal(o.nlines, 1);
	assert_int_equal(o.lines[0].unit_price, 25000);
	assert_int_equal(o.total_ht, 125000);
	assert_string_equal(o.po.signatory, "Jeanne Martin");
	assert_int_equal(step(w, &w->refa, id, ORDER_ACK, NULL, &why), RC_OK);
	assert_int_equal(step(w, &w->refa, id, ORDER_SHIP, "COLIS-123", &why), RC_OK);
	assert_int_equal(step(w, &w->coll, id, ORDER_DELIVER, "Un écran rayé.", &why), RC_OK);
	assert_int_equal(step(w, &w->refa, id, ORDER_INVOICE, NULL, &why), RC_OK);
	assert_int_equal(step(w, &w->coll, id, ORDER_PAY, NULL, &why), RC_OK);
	assert_int_equal(uc_order_get(&u, id, &o, &why), RC_OK);
	assert_int_equal(o.state, ORD_PAYEE);
	assert_string_equal(o.tracking, "COLIS-123");
	assert_string_equal(o.reservations, "Un écran rayé.");
	assert_string_equal(o.invoice_no, "F-2024-1");
	assert_string_equal(o.chorus_no, "CPP-998877");
	assert_int_equal(o.invoice_ttc, 150000);
	assert_int_equal(o.paid_on, TODAY);
	assert_int_equal(o.nhist, 6);
	assert_string_equal(o.hist[0].login, "maire");
	assert_int_equal(o.hist[1].state, ORD_BON_RECU);
	assert_string_equal(o.hist[1].login, "felletin");
	assert_int_equal(o.hist[5].state, ORD_PAYEE);
	assert_int_equal(store_begin(w->st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, ORDER_AUDIT_KIND, id, 0, count_audit, &events), RC_OK);
	store_abort(txn);
	assert_int_equal(events, 6);
	/* the retained 5 portables are all ordered: no more funded ones */
	{
		const uint32_t q[LOT_COUNT] = { 0, 1, 0, 0 };
		struct order_request rq = ofix_request(w->gueret, w->tulle_r, true, q, TODAY);

		expect_why(uc_order_place(&u, &rq, NULL, &why), RC_INVALID, &why,
		           "il reste 0 unité(s)");
		/* self-funded: no such limit, flagged */
		rq.funded = false;
		rq.qty[LOT_PC_PORTABLE] = 20;
		assert_int_equal(uc_order_place(&u, &rq, &o, &why), RC_OK);
		assert_false(o.funded);
	}
	check_clean(w->st);
}

static void test_out_of_order(void **state)
{
	struct world *w = *state;
	struct uc u = uc_of(w, &w->coll);
	struct order before, after;
	char *why = NULL;
	uint64_t id = place(w, &w->coll, w->paris_r, false, 2, 0);

	assert_int_equal(uc_order_get(&u, id, &before, &why), RC_OK);
	expect_why(step(w, &w->refa, id, ORDER_ACK, NULL, &why), RC_NOTFOUND, &why, "inconnue");
	expect_why(step(w, &w->coll, id, ORDER_ACK, NULL, &why), RC_DENIED, &why,
	           "Votre rôle ne permet pas");
	{
		struct actor pr;

		fixture_actor(&pr, 9, "paris", ROLE_RECONDITIONNEUR, w->paris_r, "75");
		expect_why(step(w, &pr, id, ORDER_SHIP, "X-1", &why), RC_INVALID, &why,
		           "bon reçu");
		expect_why(step(w, &pr, id, ORDER_INVOICE, NULL, &why), RC_INVALID, &why,
		           "livraison");
		expect_why(step(w, &w->coll, id, ORDER_PAY, NULL, &why), RC_INVALID, &why,
		           "facture");
		expect_why(step(w, &w->coll, id, ORDER_DELIVER, NULL, &why), RC_INVALID, &why,
		           "expédiée");
		expect_why(step(w, &pr, id, ORDER_REFUSE, "court", &why), RC_INVALID, &why,
		           "Motif du refus");
		assert_int_equal(step(w, &pr, id, ORDER_ACK, NULL, &why), RC_OK);
		expect_why(step(w, &pr, id, ORDER_ACK, NULL, &why), RC_INVALID, &why, "envoyée");
		expect_why(step(w, &pr, id, ORDER_SHIP, "", &why), RC_INVALID, &why,
		           "Référence de suivi");
		{
			struct order_step st = { .kind = ORDER_SHIP, .day = TODAY + 1, .text = "X" };

			assert_int_equal(uc_order_get(&u, id, &before, &why), RC_OK);
			struct uc up = uc_of(w, &pr);
			expect_why(uc_order_step(&up, id, before.version, &st, NULL, &why), RC_INVALID,
			           &why, "futur");
			st.day = TODAY;
			expect_why(uc_order_step(&up, id, before.version - 1, &st, NULL, &why), RC_STALE,
			           &why, "modifiée");
		}
		assert_int_equal(step(w, &pr, id, ORDER_SHIP, "X-1", &why), RC_OK);
		expect_why(step(w, &w->coll, id, ORDER_CANCEL, NULL, &why), RC_INVALID, &why,
		           "ne s'annule plus");
		expect_why(step(w, &pr, id, ORDER_REFUSE, "Stock épuisé entre-temps.", &why),
		           RC_INVALID, &why, "ne se refuse plus");
	}
	assert_int_equal(uc_order_get(&u, id, &after, &why), RC_OK);
	assert_int_equal(after.state, ORD_EXPEDIEE);
	assert_int_equal(after.version, before.version + 1);
	check_clean(w->st);
}

static void test_capacity(void **state)
{
	struct world *w = *state;
	struct uc u = uc_of(w, &w->coll), u2 = uc_of(w, &w->coll2);
	const uint32_t three[LOT_COUNT] = { 0, 3, 0, 0 };
	struct order_request rq = ofix_request(w->other, w->felletin_r, false, three, TODAY);
	char *why = NULL;
	uint64_t id = place(w, &w->coll, w->felletin_r, false, 8, 0);

	/* 10 − 8 = 2 left */
	expect_why(uc_order_place(&u2, &rq, NULL, &why), RC_FULL, &why, "peut encore fournir 2");
	assert_int_equal(step(w, &w->refa, id, ORDER_REFUSE, "Atelier fermé pour travaux.", &why),
	                 RC_OK);
	assert_int_equal(uc_order_place(&u2, &rq, NULL, &why), RC_OK);
	id = place(w, &w->coll, w->felletin_r, false, 7, 0);
	expect_why(uc_order_place(&u2, &rq, NULL, &why), RC_FULL, &why, "peut encore fournir 0");
	assert_int_equal(step(w, &w->coll, id, ORDER_CANCEL, NULL, &why), RC_OK);
	assert_int_equal(uc_order_place(&u2, &rq, NULL, &why), RC_OK);
	expect_why(step(w, &w->coll, id, ORDER_CANCEL, NULL, &why), RC_INVALID, &why,
	           "plus rien n'y change");
	(void)u;
	check_clean(w->st);
}

static void test_refused_inputs(void **state)
{
	struct world *w = *state;
	struct uc u = uc_of(w, &w->coll);
	const uint32_t q[LOT_COUNT] = { 0, 1, 0, 0 };
	const uint32_t smart[LOT_COUNT] = { 0, 0, 0, 1 };
	struct order_request rq = ofix_request(w->gueret, w->unselected, false, q, TODAY);
	struct settings *s = xmalloc(sizeof *s);
	struct store_txn *txn = NULL;
	char *why = NULL;

	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_NOTFOUND, &why, "non sélectionné");
	rq.refurb_id = w->pricey;
	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_INVALID, &why, "ne propose pas");
	rq = ofix_request(w->gueret, w->tulle_r, false, smart, TODAY);
	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_INVALID, &why, "ne propose pas");
	rq = ofix_request(w->gueret, w->tulle_r, false, q, TODAY + 1);
	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_INVALID, &why, "futur");
	rq = ofix_request(w->gueret, w->tulle_r, false, q, TODAY);
	rq.po.signatory[0] = '\0';
	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_INVALID, &why, "signataire");
	rq = ofix_request(w->gueret, w->tulle_r, false, (const uint32_t[LOT_COUNT]){ 0 }, TODAY);
	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_INVALID, &why, "au moins un lot");
	/* someone else's organisation */
	rq = ofix_request(w->other, w->tulle_r, false, q, TODAY);
	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_DENIED, &why, "autre organisation");
	/* funded: more than retained, no convention, before the ordering date */
	rq = ofix_request(w->gueret, w->tulle_r, true, (const uint32_t[LOT_COUNT]){ 0, 6, 0, 0 },
	                  TODAY);
	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_INVALID, &why, "il reste 5");
	{
		struct uc u2 = uc_of(w, &w->coll2);

		rq = ofix_request(w->other, w->tulle_r, true, q, TODAY);
		expect_why(uc_order_place(&u2, &rq, NULL, &why), RC_INVALID, &why, "conventionnée");
	}
	assert_int_equal(store_begin(w->st, true, &txn), RC_OK);
	assert_int_equal(db_settings_get(txn, s), RC_OK);
	s->ordering_opens = 20240301;
	assert_int_equal(db_settings_put(txn, s), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	rq = ofix_request(w->gueret, w->tulle_r, true, q, TODAY);
	expect_why(uc_order_place(&u, &rq, NULL, &why), RC_INVALID, &why, "ouvrent le 01/03/2024");
	free(s);
	{
		size_t n = 0;
		struct store_txn *t = NULL;

		assert_int_equal(store_begin(w->st, false, &t), RC_OK);
		assert_int_equal(db_order_each(t, (db_order_fn)count_audit, &n), RC_OK);
		store_abort(t);
		assert_int_equal(n, 0);
	}
	check_clean(w->st);
}

static int collect(const struct order *o, void *ctx)
{
	(*(size_t *)ctx)++;
	return 0;
}

static void test_visibility(void **state)
{
	struct world *w = *state;
	struct order o;
	char *why = NULL;
	uint64_t id = place(w, &w->coll, w->felletin_r, false, 1, 0);
	const struct actor *sees[] = { &w->coll, &w->refa, &w->pref, &w->anct };
	const struct actor *blind[] = { &w->coll2, &w->refb, &w->pref87 };

	for (size_t i = 0; i < ARRAY_LEN(sees); i++) {
		struct uc u = uc_of(w, sees[i]);
		size_t n = 0;

		assert_int_equal(uc_order_get(&u, id, &o, &why), RC_OK);
		assert_int_equal(uc_order_list(&u, ACT_ORDER_EXPORT, collect, &n, &why), RC_OK);
		assert_int_equal(n, 1);
	}
	for (size_t i = 0; i < ARRAY_LEN(blind); i++) {
		struct uc u = uc_of(w, blind[i]);
		size_t n = 0;

		expect_why(uc_order_get(&u, id, &o, &why), RC_NOTFOUND, &why, "inconnue");
		assert_int_equal(uc_order_list(&u, ACT_ORDER_EXPORT, collect, &n, &why), RC_OK);
		assert_int_equal(n, 0);
	}
	{
		struct uc u = uc_of(w, &w->coll);

		expect_why(uc_order_get(&u, 9999, &o, &why), RC_NOTFOUND, &why, "n° 9999 inconnue");
	}
}

/* Rows of a CSV export (records after the header: CRLF count − 1). */
static size_t csv_rows(const char *text, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i + 1 < len; i++)
		n += text[i] == '\r' && text[i + 1] == '\n';
	return n > 0 ? n - 1 : 0;
}

static void test_export(void **state)
{
	struct world *w = *state;
	struct export_opts o = { .format = EXPORT_CSV, .sep = ';' };
	const struct actor *sees[] = { &w->coll, &w->refa, &w->refb, &w->pref, &w->anct };
	const struct actor *blind[] = { &w->coll2, &w->pref87 };
	char *text = NULL, *why = NULL;
	size_t len = 0;

	place(w, &w->coll, w->felletin_r, true, 2, 1);
	place(w, &w->coll, w->tulle_r, false, 4, 0);
	for (size_t i = 0; i < ARRAY_LEN(sees); i++) {
		struct uc u = uc_of(w, sees[i]);
		/* each refurbisher sees the one placed with it */
		size_t want = sees[i] == &w->refa || sees[i] == &w->refb ? 1 : 2;

		assert_int_equal(uc_export_orders(&u, &o, &text, &len, &why), RC_OK);
		assert_int_equal(csv_rows(text, len), want);
		assert_non_null(strstr(text, "numero;organisation;departement"));
		assert_non_null(strstr(text, "subventionnée"));
		if (want == 2)
			assert_non_null(strstr(text, "non subventionnée"));
		if (sees[i] == &w->refa)
			assert_null(strstr(text, "Atelier de Tulle"));
		assert_non_null(strstr(text, "Jeanne Martin;Maire;2024-01-01;BC-2024-017"));
		free(text);
	}
	for (size_t i = 0; i < ARRAY_LEN(blind); i++) {
		struct uc u = uc_of(w, blind[i]);

		assert_int_equal(uc_export_orders(&u, &o, &text, &len, &why), RC_OK);
		assert_int_equal(csv_rows(text, len), 0);
		free(text);
	}
	{
		struct uc u = uc_of(w, &w->coll);

		o.format = EXPORT_JSON;
		assert_int_equal(uc_export_orders(&u, &o, &text, &len, &why), RC_OK);
		assert_non_null(strstr(text, "\"etat\":\"envoyée\""));
		free(text);
		o.format = (enum export_format)9;
		expect_why(uc_export_orders(&u, &o, &text, &len, &why), RC_INVALID, &why, "Format");
		assert_null(text);
	}
}

/* Loans: only delivered units, never more than are back, returned once, the owner's alone. */
static void test_loans(void **state)
{
	struct world *w = *state;
	struct uc u = uc_of(w, &w->coll), u2 = uc_of(w, &w->coll2);
	struct export_opts eo = { .format = EXPORT_CSV };
	struct loan in, l;
	char *why = NULL, *text = NULL;
	size_t len = 0, n = 0;
	uint64_t id = place(w, &w->coll, w->felletin_r, false, 3, 0);

	memset(&in, 0, sizeof in);
	in.order_id = id;
	in.lot = LOT_PC_PORTABLE;
	in.count = 2;
	strcpy(in.partner, "Association Felletin Numérique");
	strcpy(in.serials, "SN-001, SN-002");
	in.start = TODAY;
	in.due = 20240301;
	expect_why(uc_loan_create(&u, &in, NULL, &why), RC_INVALID, &why, "pas livrée");
	assert_int_equal(step(w, &w->refa, id, ORDER_ACK, NULL, &why), RC_OK);
	assert_int_equal(step(w, &w->refa, id, ORDER_SHIP, "C-1", &why), RC_OK);
	assert_int_equal(step(w, &w->coll, id, ORDER_DELIVER, NULL, &why), RC_OK);
	expect_why(uc_loan_create(&u2, &in, NULL, &why), RC_NOTFOUND, &why, "inconnue");
	in.lot = LOT_TABLETTE;
	expect_why(uc_loan_create(&u, &in, NULL, &why), RC_INVALID, &why, "ne porte pas");
	in.lot = LOT_PC_PORTABLE;
	in.due = 20231231;
	expect_why(uc_loan_create(&u, &in, NULL, &why), RC_INVALID, &why, "précède");
	in.due = 20240301;
	assert_int_equal(uc_loan_create(&u, &in, &l, &why), RC_OK);
	in.count = 2;
	expect_why(uc_loan_create(&u, &in, NULL, &why), RC_INVALID, &why, "1 unité(s) disponible");
	expect_why(uc_loan_return(&u2, l.id, l.version, TODAY, &why), RC_NOTFOUND, &why,
	           "inconnu");
	expect_why(uc_loan_return(&u, l.id, l.version, TODAY + 1, &why), RC_INVALID, &why,
	           "retour invalide");
	assert_int_equal(uc_loan_return(&u, l.id, l.version, TODAY, &why), RC_OK);
	expect_why(uc_loan_return(&u, l.id, l.version + 1, TODAY, &why), RC_INVALID, &why,
	           "déjà rendu");
	assert_int_equal(uc_loan_create(&u, &in, NULL, &why), RC_OK);
	assert_int_equal(uc_loan_list(&u, w->gueret, (uc_loan_fn)collect, &n, &why), RC_OK);
	assert_int_equal(n, 2);
	expect_why(uc_loan_list(&u2, w->gueret, (uc_loan_fn)collect, &n, &why), RC_DENIED, &why,
	           "autre organisation");
	assert_int_equal(uc_export_loans(&u, &eo, &text, &len, &why), RC_OK);
	assert_int_equal(csv_rows(text, len), 2);
	assert_non_null(strstr(text, "Association Felletin Numérique"));
	assert_non_null(strstr(text, ",rendu\r\n"));
	assert_non_null(strstr(text, ",en prêt\r\n"));
	free(text);
	{
		struct uc ur = uc_of(w, &w->refa);

		expect_why(uc_export_loans(&ur, &eo, &text, &len, &why), RC_DENIED, &why, "rôle");
	}
	check_clean(w->st);
}

/* An independent great-circle distance (atan2 form) on the file's coordinates. */
static double haversine(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0088, k = M_PI / 180.0;
	double dlat = (lat2 - lat1) * k, dlon = (lon2 - lon1) * k;
	double a = pow(sin(dlat / 2), 2) + cos(lat1 * k) * cos(lat2 * k) * pow(sin(dlon / 2), 2);

	return r * 2 * atan2(sqrt(a), sqrt(1 - a));
}

static void test_ranking(void **state)
{
	struct world *w = *state;
	struct uc u = uc_of(w, &w->coll);
	const uint32_t want[LOT_COUNT] = { 0, 3, 2, 0 };
	struct rank_row *rows = NULL;
	size_t n = 0;
	char *why = NULL;
	/* Guéret 46.17185 1.87166; Felletin 45.88415 2.17335; Tulle 45.26582 1.77233; Paris */
	double felletin = haversine(46.17185, 1.87166, 45.88415, 2.17335);
	double tulle = haversine(46.17185, 1.87166, 45.26582, 1.77233);
	double paris = haversine(46.17185, 1.87166, 48.85341, 2.3488);

	if (uc_order_rank(&u, w->gueret, want, &rows, &n, &why) != RC_OK)
		fail_msg("rank: %s", why);
	/* never the unselected one nor the confirmed-excessive offer */
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].org_id, w->felletin_r);
	assert_string_equal(rows[0].bench_commune, "Felletin");
	assert_true(fabs(rows[0].km - felletin) < 0.01);
	assert_false(rows[0].partial);
	assert_int_equal(rows[0].price, 3 * 25000 + 2 * 15000);
	assert_int_equal(rows[1].org_id, w->tulle_r);
	assert_true(fabs(rows[1].km - tulle) < 0.01);
	assert_true(rows[1].partial);
	assert_int_equal(rows[1].covered, 1u << LOT_PC_PORTABLE);
	assert_int_equal(rows[2].org_id, w->paris_r);
	assert_true(fabs(rows[2].km - paris) < 0.01);
	printf("Guéret → Felletin %.2f km, Tulle %.2f km, Paris %.2f km\n", rows[0].km, rows[1].km,
	       rows[2].km);
	free(rows);
	/* more than Felletin has left: it is partial */
	place(w, &w->coll, w->felletin_r, false, 9, 0);
	assert_int_equal(uc_order_rank(&u, w->gueret, want, &rows, &n, &why), RC_OK);
	assert_int_equal(rows[0].org_id, w->felletin_r);
	assert_true(rows[0].partial);
	assert_int_equal(rows[0].remaining[LOT_PC_PORTABLE], 1);
	assert_int_equal(rows[0].covered, 1u << LOT_TABLETTE);
	free(rows);
	expect_why(uc_order_rank(&u, w->gueret, (const uint32_t[LOT_COUNT]){ 0 }, &rows, &n, &why),
	           RC_INVALID, &why, "au moins un lot");
	{
		struct uc ur = uc_of(w, &w->refa);

		assert_int_equal(uc_order_rank(&ur, w->gueret, want, &rows, &n, &why), RC_DENIED);
		free(why);
		why = NULL;
	}
}

/* The median of the others, from one sorted list, equals a recount without it. */
static void test_median_without(void **state)
{
	const cents_t v[] = { 100, 200, 200, 300, 700, 900 };
	(void)state;

	for (size_t skip = 0; skip < ARRAY_LEN(v); skip++) {
		cents_t rest[ARRAY_LEN(v)];
		size_t m = 0;
		bool has = false;

		for (size_t i = 0; i < ARRAY_LEN(v); i++)
			if (i != skip)
				rest[m++] = v[i];
		assert_int_equal(price_median_without(v, ARRAY_LEN(v), v[skip], &has),
		                 price_median(rest, m));
		assert_true(has);
	}
	{
		bool has = true;
		const cents_t one[] = { 500 };

		assert_int_equal(price_median_without(one, 1, 500, &has), 0);
		assert_false(has);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median_without),
		cmocka_unit_test_setup_teardown(test_funded_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capacity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loans, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
