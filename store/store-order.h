/*
 * store-order.h — the orders in LMDB: one "order" record per order (key:
 * its id from the "order" sequence), indexed by the ordering organisation,
 * by the refurbisher and by the ordering organisation's département; the
 * loans of delivered equipment, one "loan" record each, by organisation.
 * Capacity is not stored apart: what an offer has left is its capacity
 * less the units of the refurbisher's live orders, read in the placing
 * transaction itself (LMDB has one writer at a time, so two placings never
 * both see the same units free). Same rules as store.h: data copied out,
 * RC_OK or a negative enum rc.
 */
#ifndef RECOND_STORE_ORDER_H
#define RECOND_STORE_ORDER_H

#include "core/loan.h"
#include "core/order.h"
#include "store/store.h"

/* Order id; RC_NOTFOUND if none. */
int db_order_get(struct store_txn *txn, uint64_t id, struct order *out);
/* A new order: gives o its id and version 1 (RC_INVALID if it does not fit its record). */
int db_order_insert(struct store_txn *txn, struct order *o);
/* Replaces order o->id; RC_STALE if the stored version is not o->version; version + 1. */
int db_order_update(struct store_txn *txn, struct order *o);
/* Each order (valid during the call); a non-zero return stops the walk and is returned. */
typedef int (*db_order_fn)(const struct order *o, void *ctx);
int db_order_each(struct store_txn *txn, db_order_fn fn, void *ctx);
int db_order_each_by_org(struct store_txn *txn, uint64_t org_id, db_order_fn fn, void *ctx);
int db_order_each_by_refurb(struct store_txn *txn, uint64_t refurb_id, db_order_fn fn, void *ctx);
int db_order_each_by_dept(struct store_txn *txn, const char *dept, db_order_fn fn, void *ctx);
/*
 * Units of each lot reserved at refurbisher refurb_id by its live orders
 * (neither refused nor cancelled), skipping order `except` (0: none).
 */
int db_order_reserved(struct store_txn *txn, uint64_t refurb_id, uint64_t except,
                      uint32_t out[LOT_COUNT]);

/* ---- loans to partner structures (db-order.c) ---- */

int db_loan_get(struct store_txn *txn, uint64_t id, struct loan *out);
int db_loan_insert(struct store_txn *txn, struct loan *l);
int db_loan_update(struct store_txn *txn, struct loan *l);
typedef int (*db_loan_fn)(const struct loan *l, void *ctx);
/* The loans of organisation org_id, in id order. */
int db_loan_each_by_org(struct store_txn *txn, uint64_t org_id, db_loan_fn fn, void *ctx);

#endif
