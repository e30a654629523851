/*
 * demo-order.c — the demonstration's orders: communes of the Creuse and the
 * Haute-Vienne whose pre-order is conventionnée (or paid) order part of
 * what was retained from the nearest selected refurbisher able to supply
 * it, and the orders are taken along the states — one envoyée, one bon
 * reçu, one expédiée, one livrée, one facturée, one payée, one refused by
 * the refurbisher, one cancelled — plus one self-funded order; and the
 * account demo-felletin's commune, its own laptops bought on its own funds
 * and delivered, lends two of them to a local association. Made once:
 * nothing is added when the store holds an order already.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/uc-loan.h"
#include "core/uc-order.h"
#include "core/util.h"
#include "store/store-order.h"
#include "store/store-programme.h"
#include "store/store.h"

#define DEMO_ORDERS 8

struct funded_orgs {
	uint64_t org[DEMO_ORDERS + 1];
	uint32_t qty[DEMO_ORDERS + 1][LOT_COUNT];
	size_t n;
};

static int collect_org(const struct preorder *po, void *ctx)
{
	struct funded_orgs *f = ctx;

	if (f->n >= ARRAY_LEN(f->org))
		return 1;
	for (size_t i = 0; i < f->n; i++)
		if (f->org[i] == po->org_id)
			return 0;
	f->org[f->n] = po->org_id;
	memcpy(f->qty[f->n], po->qty, sizeof f->qty[0]);
	f->n++;
	return 0;
}

static int any_order(const struct order *o, void *ctx)
{
	(void)o;
	*(bool *)ctx = true;
	return 1;
}

/* The steps that take an order from envoyée to state `to` (refusée, annulée too). */
static int demo_advance(const struct uc *uc, struct order *o, size_t k, char **why)
{
	static const enum order_step_kind path[] = { ORDER_ACK, ORDER_SHIP, ORDER_DELIVER,
	                                             ORDER_INVOICE, ORDER_PAY };
	day_t today = day_of_instant(uc_now(uc));
	char invoice[32];
	int rc = RC_OK;

	snprintf(invoice, sizeof invoice, "FA-%llu", (unsigned long long)o->id);
	if (k == 6 || k == 7) {
		struct order_step st = { .kind = k == 6 ? ORDER_REFUSE : ORDER_CANCEL,
		                         .text = "Capacité de l'atelier réservée à un autre marché." };

		return uc_order_step(uc, o->id, o->version, &st, o, why);
	}
	for (size_t i = 0; i < k && i < ARRAY_LEN(path) && rc == RC_OK; i++) {
		struct order_step st = {
			.kind = path[i], .day = today, .text = path[i] == ORDER_SHIP ? "COLISSIMO 6A123456"
			                                      : path[i] == ORDER_DELIVER
			                                          ? "Un chargeur manquant, envoyé depuis."
			                                          : NULL,
			.invoice_no = invoice, .ht = o->total_ht, .ttc = o->total_ht + o->total_ht / 5,
			.chorus_no = path[i] == ORDER_INVOICE ? "CPP-2024-0042" : NULL,
		};

		rc = uc_order_step(uc, o->id, o->version, &st, o, why);
	}
	return rc;
}

/* One order for org of the first lot of qty[] it can get, from the nearest refurbisher. */
static int demo_place(const struct uc *uc, uint64_t org, const uint32_t qty[LOT_COUNT],
                      bool funded, struct order *o, char **why)
{
	uint32_t want[LOT_COUNT] = { 0 };
	struct rank_row *rows = NULL;
	struct order_request rq;
	size_t n = 0;
	int rc;

	for (int l = 0; l < LOT_COUNT; l++) {
		if (qty[l] == 0)
			continue;
		want[l] = qty[l] > 2 ? 2 : qty[l];
		break;
	}
	if ((rc = uc_order_rank(uc, org, want, &rows, &n, why)) != RC_OK)
		return rc;
	if (n == 0 || rows[0].partial) {
		free(rows);
		return RC_NOTFOUND;   /* nobody near enough offers it: skipped */
	}
	memset(&rq, 0, sizeof rq);
	rq.org_id = org;
	rq.refurb_id = rows[0].org_id;
	rq.funded = funded;
	memcpy(rq.qty, want, sizeof rq.qty);
	strlcpy_(rq.po.signatory, "Claire Dumas", sizeof rq.po.signatory);
	strlcpy_(rq.po.function, funded ? "Maire" : "Directrice générale des services",
	         sizeof rq.po.function);
	rq.po.date = day_of_instant(uc_now(uc));
	snprintf(rq.po.reference, sizeof rq.po.reference, "BE-%llu-01", (unsigned long long)org);
	free(rows);
	return uc_order_place(uc, &rq, o, why);
}

/* Felletin (account login): 2 laptops on its own funds, paid, both lent to an association. */
static int demo_felletin_loan(const struct uc *uc, struct store *st, const char *login,
                              struct order *o, char **why)
{
	static const uint32_t two[LOT_COUNT] = { 0, 2, 0, 0 };
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	struct loan l;
	day_t today = day_of_instant(uc_now(uc));
	int rc;

	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		return rc;
	rc = db_account_by_login(txn, login, &a);
	store_abort(txn);
	if (rc != RC_OK || a.org_id == 0) {
		account_clear(&a);
		return rc == RC_NOTFOUND ? RC_OK : rc;
	}
	rc = demo_place(uc, a.org_id, two, false, o, why);
	account_clear(&a);
	if (rc != RC_OK)
		return rc == RC_NOTFOUND ? RC_OK : rc;
	if ((rc = demo_advance(uc, o, 5, why)) != RC_OK)
		return rc;
	memset(&l, 0, sizeof l);
	l.order_id = o->id;
	l.lot = LOT_PC_PORTABLE;
	l.count = 2;
	strlcpy_(l.partner, "Association Felletin Numérique", sizeof l.partner);
	strlcpy_(l.serials, "LIM-PP-0141, LIM-PP-0142", sizeof l.serials);
	l.start = today;
	l.due = day_add_years(today, 1);
	return uc_loan_create(uc, &l, NULL, why);
}

int demo_orders(struct store *st, size_t *created)
{
	struct funded_orgs f;
	struct store_txn *txn = NULL;
	struct order *o = xmalloc(sizeof *o);
	struct actor a;
	struct uc uc = { .st = st, .actor = &a };
	bool exists = false;
	char *why = NULL;
	int rc;

	actor_system(&a);
	memset(&f, 0, sizeof f);
	*created = 0;
	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		goto out;
	rc = db_order_each(txn, any_order, &exists);
	if (rc == RC_OK || rc == 1)
		rc = db_preorder_each_by_state(txn, PO_CONVENTIONNEE, collect_org, &f);
	if (rc == RC_OK || rc == 1)
		rc = db_preorder_each_by_state(txn, PO_SUBVENTION_VERSEE, collect_org, &f);
	store_abort(txn);
	if (rc == 1)
		rc = RC_OK;
	if (rc != RC_OK || exists)
		goto out;
	for (size_t i = 0; i < f.n && *created < DEMO_ORDERS; i++) {
		if ((rc = demo_place(&uc, f.org[i], f.qty[i], true, o, &why)) == RC_NOTFOUND) {
			rc = RC_OK;
			continue;
		}
		if (rc != RC_OK || (rc = demo_advance(&uc, o, *created, &why)) != RC_OK)
			goto out;
		(*created)++;
	}
	/* one self-funded order (« non subventionnée ») for the last of them */
	if (f.n > 0) {
		static const uint32_t own[LOT_COUNT] = { 0, 1, 0, 0 };

		if ((rc = demo_place(&uc, f.org[f.n - 1], own, false, o, &why)) == RC_OK)
			(*created)++;
		else if (rc == RC_NOTFOUND)
			rc = RC_OK;
	}
	if (rc == RC_OK && (rc = demo_felletin_loan(&uc, st, "demo-felletin", o, &why)) == RC_OK)
		(*created)++;
out:
	if (rc != RC_OK)
		fprintf(stderr, _("recond: commandes de démonstration non enregistrées : %s\n"),
		        why != NULL ? why : rc_sentence(rc));
	free(why);
	free(o);
	return rc;
}
