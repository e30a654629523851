/*
 * uc-order.h — the orders' use cases, each on the one use-case path
 * (uc_run): what a funded order may still draw (lot by lot), the ranking
 * of the selected refurbishers for an organisation, placing an order (the
 * refurbisher's capacity reserved in the same write transaction), each
 * later step (acknowledge, ship, deliver, invoice, pay, refuse, cancel),
 * reading one order and listing those an actor sees. Every change is
 * audited on object kind "order".
 *
 * An order is seen by its organisation, by the refurbisher it names (for
 * whom it is its own), by the préfecture of the organisation's département
 * and by the programme team; to anyone else its number is unknown.
 */
#ifndef RECOND_UC_ORDER_H
#define RECOND_UC_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/order.h"
#include "core/uc.h"

/* What an organisation may order with the programme's funding. */
struct order_funding {
	bool has_convention;          /* a pre-order conventionnée (or subvention versée) */
	uint64_t preorder_id;
	bool open;                    /* the ordering date has passed */
	day_t opens;                  /* the programme's ordering date */
	uint32_t retained[LOT_COUNT]; /* units retained, lot by lot */
	uint32_t ordered[LOT_COUNT];  /* units of its live funded orders */
	uint32_t remaining[LOT_COUNT];/* retained − ordered */
};

/* The funding of organisation org_id (ACT_ORDER_PLACE on it). */
int uc_order_funding(const struct uc *uc, uint64_t org_id, struct order_funding *out,
                     char **why);

/*
 * The selected refurbishers able to supply some of want[] to organisation
 * org_id, ranked (order.h: nearest bench, then price; partial marked);
 * only non-excluded offers, remaining capacity net of live orders.
 * *rows (caller frees) gets *n rows. RC_INVALID when nothing is wanted
 * or the organisation's commune has no coordinates.
 */
int uc_order_rank(const struct uc *uc, uint64_t org_id, const uint32_t want[LOT_COUNT],
                  struct rank_row **rows, size_t *n, char **why);

/* What an organisation asks when it places an order. */
struct order_request {
	uint64_t org_id;
	uint64_t refurb_id;
	bool funded;                  /* false: sur fonds propres (non subventionnée) */
	uint32_t qty[LOT_COUNT];
	struct order_signed po;
};

/*
 * Places the order in one write transaction: the refurbisher must be
 * selected, each lot's offer active and not confirmed excessive, its
 * remaining capacity (capacity − live orders) enough; a funded order needs
 * a conventionnée pre-order, the ordering date passed and each lot within
 * what remains of the retained quantities. Lines at the unit prices
 * offered now. *out (may be NULL) gets the stored order.
 */
int uc_order_place(const struct uc *uc, const struct order_request *rq, struct order *out,
                   char **why);

/*
 * One step on order id read at read_version (RC_STALE naming who changed
 * what otherwise): the refurbisher's (ACT_ORDER_HANDLE) or the
 * organisation's (deliver, pay: ACT_ORDER_RECEIVE; cancel:
 * ACT_ORDER_CANCEL). Refusal and cancellation release the capacity (the
 * order is no longer live). *out (may be NULL) gets the order after.
 */
int uc_order_step(const struct uc *uc, uint64_t id, uint64_t read_version,
                  const struct order_step *st, struct order *out, char **why);

/* Order id (ACT_ORDER_VIEW); RC_NOTFOUND « Commande n° … inconnue. » when not seen. */
int uc_order_get(const struct uc *uc, uint64_t id, struct order *out, char **why);

/*
 * Each order the actor may see (its organisation's, those placed with it,
 * its département's, every one for the programme team and the operator),
 * in id order, for `action` (ACT_ORDER_VIEW or ACT_ORDER_EXPORT). fn's
 * non-zero return stops the walk.
 */
typedef int (*uc_order_fn)(const struct order *o, void *ctx);
int uc_order_list(const struct uc *uc, enum action action, uc_order_fn fn, void *ctx,
                  char **why);

/*
 * The orders the actor may export (ACT_ORDER_EXPORT: an organisation its
 * own, a refurbisher those placed with it, a préfecture its département's,
 * the programme team the country's), one row each, in o's format (its
 * state filter is ignored): *out (caller frees) gets *len bytes. Columns
 * in docs/guide-commandes.md.
 */
struct export_opts;
int uc_export_orders(const struct uc *uc, const struct export_opts *o, char **out, size_t *len,
                     char **why);

#endif
