/*
 * order-fixture.h — helpers shared by the tests of orders: a selected
 * refurbisher written straight to the store (benches at INSEE codes of
 * the reference geography, one offer per lot given), a conventionnée
 * pre-order with its retained quantities, a signed purchase order.
 * Header-only, on top of store-fixture.h.
 */
#ifndef RECOND_TEST_ORDER_FIXTURE_H
#define RECOND_TEST_ORDER_FIXTURE_H

#include "core/order.h"
#include "core/preorder.h"
#include "core/uc-order.h"
#include "core/refurb.h"
#include "store/store-programme.h"
#include "store/store-refurb.h"
#include "store-fixture.h"

/*
 * A selected refurbisher named name (SIREN siren) in département dept with
 * benches at the nb INSEE codes insee[] (commune names communes[]), and an
 * offer of price cents and capacity cap for each lot whose price[l] > 0.
 * Its organisation id. Aborts on failure.
 */
static inline uint64_t ofix_refurb(struct store *st, const char *name, const char *siren,
                                   const char *dept, size_t nb, const char *const *insee,
                                   const char *const *communes, const cents_t price[LOT_COUNT],
                                   uint32_t cap)
{
	uint64_t id = fixture_add_org(st, ORG_RECONDITIONNEUR, name, insee[0], dept);
	struct refurb *r = xcalloc(1, sizeof *r);
	struct store_txn *txn = NULL;

	r->org_id = id;
	strlcpy_(r->siren, siren, sizeof r->siren);
	strlcpy_(r->name, name, sizeof r->name);
	strlcpy_(r->dept, dept, sizeof r->dept);
	r->legal_form = LF_SCIC;
	r->founded = 20150601;
	r->nbenches = nb;
	for (size_t b = 0; b < nb; b++) {
		strlcpy_(r->benches[b].insee, insee[b], sizeof r->benches[b].insee);
		strlcpy_(r->benches[b].postcode, "23000", sizeof r->benches[b].postcode);
		strlcpy_(r->benches[b].commune, communes[b], sizeof r->benches[b].commune);
	}
	for (int l = 0; l < LOT_COUNT; l++) {
		struct refurb_offer *o = &r->offers[l];

		if (price[l] <= 0)
			continue;
		o->active = true;
		o->unit_price = price[l];
		o->capacity = cap;
		o->grade = GRADE_B;
		o->warranty_months = 12;
		o->attest_decree = o->attest_config = true;
		strlcpy_(o->erasure, "Logiciel certifié, norme NIST 800-88", sizeof o->erasure);
	}
	r->state = REFURB_SELECTED;
	if (store_begin(st, true, &txn) != RC_OK || db_refurb_put(txn, r) != RC_OK ||
	    store_commit(txn) != RC_OK) {
		fprintf(stderr, "ofix_refurb: cannot store %s\n", name);
		abort();
	}
	free(r);
	return id;
}

/* A conventionnée pre-order of organisation org with qty[] retained; its id. */
static inline uint64_t ofix_convention(struct store *st, uint64_t org, const char *dept,
                                       const char *insee, const uint32_t qty[LOT_COUNT])
{
	struct preorder *po = xcalloc(1, sizeof *po);
	struct store_txn *txn = NULL;
	uint64_t id;

	po->org_id = org;
	strlcpy_(po->org_name, "Commune", sizeof po->org_name);
	strlcpy_(po->dept, dept, sizeof po->dept);
	strlcpy_(po->insee, insee, sizeof po->insee);
	memcpy(po->qty, qty, sizeof po->qty);
	po->state = PO_CONVENTIONNEE;
	po->retained = 100000;
	po->subsidy = 80000;
	strlcpy_(po->convention_no, "CONV-2024-001", sizeof po->convention_no);
	po->convention_date = 20240105;
	if (store_begin(st, true, &txn) != RC_OK || db_preorder_insert(txn, po) != RC_OK ||
	    store_commit(txn) != RC_OK) {
		fprintf(stderr, "ofix_convention: cannot store\n");
		abort();
	}
	id = po->id;
	free(po);
	return id;
}

/* A request for qty[] from refurbisher refurb, signed on day d. */
static inline struct order_request ofix_request(uint64_t org, uint64_t refurb, bool funded,
                                                const uint32_t qty[LOT_COUNT], day_t d)
{
	struct order_request rq;

	memset(&rq, 0, sizeof rq);
	rq.org_id = org;
	rq.refurb_id = refurb;
	rq.funded = funded;
	memcpy(rq.qty, qty, sizeof rq.qty);
	strlcpy_(rq.po.signatory, "Jeanne Martin", sizeof rq.po.signatory);
	strlcpy_(rq.po.function, "Maire", sizeof rq.po.function);
	strlcpy_(rq.po.reference, "BC-2024-017", sizeof rq.po.reference);
	rq.po.date = d;
	return rq;
}

#endif
