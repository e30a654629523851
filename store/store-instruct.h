/*
 * store-instruct.h — what the préfecture keeps on each file in LMDB: the
 * "instruction" record keyed by pre-order id (MessagePack, a version of
 * its own) with its index by département, and each agent's saved queue
 * views ("queue_view", keyed by account and tab). Same rules as store.h:
 * one write transaction per change, data copied out, RC_OK or a negative
 * enum rc.
 */
#ifndef RECOND_STORE_INSTRUCT_H
#define RECOND_STORE_INSTRUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/instruction.h"
#include "store/store.h"

/*
 * Fills *out with the record of pre-order id; RC_NOTFOUND when nothing was
 * kept yet (*out is then instruction_init(id, "") with version 0), RC_IO
 * when it does not decode.
 */
int db_instruction_get(struct store_txn *txn, uint64_t preorder_id, struct instruction *out);
/*
 * The same without the annotations (nnotes and notes[] left clear): what
 * lists need, much cheaper to decode.
 */
int db_instruction_get_head(struct store_txn *txn, uint64_t preorder_id,
                            struct instruction *out);
/*
 * Stores *in if the stored version equals in->version (0 when none yet;
 * RC_STALE otherwise, nothing written); in->version is then incremented and
 * the département index kept. RC_INVALID when a field does not fit.
 */
int db_instruction_put(struct store_txn *txn, struct instruction *in);
/*
 * Stores *in without judging or moving the version (in->version gets the
 * stored one): for marks that are no change of the file (when an agent
 * opened it), so that they never make another agent's read stale.
 */
int db_instruction_put_quiet(struct store_txn *txn, struct instruction *in);

/* Called for each record (without annotations); non-zero stops and is returned. */
typedef int (*db_instruction_fn)(const struct instruction *in, void *ctx);
/* Every record of a département, in pre-order id order (no annotations). */
int db_instruction_each_by_dept(struct store_txn *txn, const char *dept, db_instruction_fn fn,
                                void *ctx);

/* The saved view of (account, tab); RC_NOTFOUND (and a cleared *out) if none. */
int db_queue_view_get(struct store_txn *txn, uint64_t account, uint32_t tab,
                      struct queue_view *out);
/* The named view in slot (1..QUEUE_VIEWS_NAMED) of account; RC_NOTFOUND if none. */
int db_queue_view_named_get(struct store_txn *txn, uint64_t account, uint32_t slot,
                            struct queue_view *out);
/* Removes the named view in slot; RC_NOTFOUND if none. */
int db_queue_view_named_del(struct store_txn *txn, uint64_t account, uint32_t slot);
/*
 * Stores (replaces) a saved view under (account, tab) for slot 0, under
 * (account, slot) for a named one. RC_INVALID when tab ≥ QUEUE_VIEW_TABS or
 * slot > QUEUE_VIEWS_NAMED.
 */
int db_queue_view_put(struct store_txn *txn, const struct queue_view *v);

#endif
