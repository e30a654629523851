/*
 * store-refurb.h — the refurbishers' records and the running statistics in
 * LMDB. A refurbisher is one "refurb" record under its organisation's id,
 * indexed by SIREN (unique: one registration per legal entity) and by
 * state. The statistics are one "stats" record per département, moved by
 * db_preorder_insert/update in the pre-order's own transaction. Same rules
 * as store.h: data copied out, RC_OK or a negative enum rc.
 */
#ifndef RECOND_STORE_REFURB_H
#define RECOND_STORE_REFURB_H

#include <stdio.h>

#include "core/preorder.h"
#include "core/refurb.h"
#include "core/stats.h"
#include "store/store.h"

/* ---- refurbishers (db-refurb.c) ---- */

/* The refurbisher of organisation org_id; RC_NOTFOUND if it has no record. */
int db_refurb_get(struct store_txn *txn, uint64_t org_id, struct refurb *out);
/*
 * Stores r (key r->org_id): a new record when r->version is 0 (RC_EXISTS
 * if one exists), else the stored version must equal r->version
 * (RC_STALE otherwise). RC_EXISTS too when another refurbisher holds
 * r->siren. On success r->version is incremented.
 */
int db_refurb_put(struct store_txn *txn, struct refurb *r);
/* The organisation id of the refurbisher holding siren; RC_NOTFOUND if none. */
int db_refurb_by_siren(struct store_txn *txn, const char *siren, uint64_t *org_id);
/* Each refurbisher (valid during the call), in id order; non-zero stops. */
typedef int (*db_refurb_fn)(const struct refurb *r, void *ctx);
int db_refurb_each(struct store_txn *txn, db_refurb_fn fn, void *ctx);
int db_refurb_each_in_state(struct store_txn *txn, enum refurb_state s, db_refurb_fn fn,
                            void *ctx);

/*
 * What the ranking of refurbishers reads (uc-order.c), decoded without the
 * dossier, the evaluation and the long texts of the offers: much cheaper
 * than a struct refurb.
 */
struct refurb_offer_brief {
	bool active;
	cents_t unit_price;
	uint32_t capacity;
	enum grade grade;
	uint32_t warranty_months;
	enum price_review review;
	cents_t review_price;
};
struct refurb_brief {
	uint64_t org_id;
	char name[ORG_NAME_MAX + 1];
	size_t nbenches;
	struct bench benches[REFURB_BENCHES_MAX];
	struct refurb_offer_brief offers[LOT_COUNT];
};
typedef int (*db_refurb_brief_fn)(const struct refurb_brief *b, void *ctx);
/* Each refurbisher in state s, briefly (valid during the call), in id order. */
int db_refurb_each_brief_in_state(struct store_txn *txn, enum refurb_state s,
                                  db_refurb_brief_fn fn, void *ctx);

/* ---- statistics (db-stats.c) ---- */

/*
 * Moves the figures of one pre-order going from old (NULL: a new one) to
 * new_ (NULL: removed): its contribution leaves old's département and
 * joins new_'s. Called by db_preorder_insert/update.
 */
int db_stats_move(struct store_txn *txn, const struct preorder *old, const struct preorder *new_);
/* The cell of a département (zeroes if none). */
int db_stats_get(struct store_txn *txn, const char *dept, struct stats_cell *out);
/* Each stored département cell, in code order; non-zero stops. */
typedef int (*db_stats_fn)(const char *dept, const struct stats_cell *c, void *ctx);
int db_stats_each(struct store_txn *txn, db_stats_fn fn, void *ctx);
/* Replaces every cell by a recount of the pre-orders (write txn). */
int db_stats_rebuild(struct store_txn *txn);
/*
 * Compares the stored cells with a recount: calls problem(ctx, line) with
 * one French line per département that differs. *ndiff gets the count.
 */
int db_stats_verify(struct store_txn *txn, void (*problem)(void *ctx, const char *line),
                    void *ctx, size_t *ndiff);

#endif
