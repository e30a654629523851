/*
 * store-programme.h — the programme's records in LMDB: pre-orders and their
 * indexes (by organisation, by département + state, by state), the audit
 * log (append-only, per object), per-user form drafts, and the programme
 * settings. Same rules as store.h: one write transaction per change, data
 * copied out into the caller's structs, RC_OK or a negative enum rc.
 */
#ifndef RECOND_STORE_PROGRAMME_H
#define RECOND_STORE_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/audit.h"
#include "core/draft.h"
#include "core/preorder.h"
#include "core/settings.h"
#include "store/store.h"

/* ---- pre-orders (db-preorder.c) ---- */

/* Fills *out with pre-order id; RC_NOTFOUND if none, RC_IO if it does not decode. */
int db_preorder_get(struct store_txn *txn, uint64_t id, struct preorder *out);
/*
 * Inserts po: assigns po->id, po->version = 1, and its three index entries.
 * RC_INVALID when a field does not fit its record (programmer error).
 */
int db_preorder_insert(struct store_txn *txn, struct preorder *po);
/*
 * Replaces the stored pre-order po->id with *po if the stored version equals
 * po->version (else RC_STALE, nothing written); moves its index entries;
 * on success po->version is incremented.
 */
int db_preorder_update(struct store_txn *txn, struct preorder *po);

/* Called for each pre-order; a non-zero return stops the walk and is returned. */
typedef int (*db_preorder_fn)(const struct preorder *po, void *ctx);
/* Every pre-order of an organisation, in id order. */
int db_preorder_each_by_org(struct store_txn *txn, uint64_t org_id, db_preorder_fn fn, void *ctx);
/* Every pre-order in a state, in id order. */
int db_preorder_each_by_state(struct store_txn *txn, enum preorder_state s, db_preorder_fn fn,
                              void *ctx);
/* Every pre-order of a département in a state, in id order. */
int db_preorder_each_by_dept_state(struct store_txn *txn, const char *dept,
                                   enum preorder_state s, db_preorder_fn fn, void *ctx);
/* The same, each pre-order as its head only (preorder.h: much cheaper to decode). */
typedef int (*db_preorder_head_fn)(const struct preorder_head *h, void *ctx);
int db_preorder_each_head_by_dept_state(struct store_txn *txn, const char *dept,
                                        enum preorder_state s, db_preorder_head_fn fn,
                                        void *ctx);
/* Every pre-order, in id order. */
int db_preorder_each(struct store_txn *txn, db_preorder_fn fn, void *ctx);
/*
 * One page of the ids of a département's pre-orders in a state, in id
 * order, starting after id `after` (0: from the start): at most `max` ids
 * into ids[], *n their count. Reads the index only (no record decoded).
 */
int db_preorder_page(struct store_txn *txn, const char *dept, enum preorder_state s,
                     uint64_t after, uint64_t *ids, size_t max, size_t *n);
/* Number of pre-orders in a state (index only). */
int db_preorder_count_state(struct store_txn *txn, enum preorder_state s, size_t *out);

/* ---- audit log (db-audit.c) ---- */

/*
 * Appends ev to the log of (ev->object_kind, ev->object_id): assigns
 * ev->seq = last seq of that object + 1. Never overwrites.
 */
int db_audit_append(struct store_txn *txn, struct audit_event *ev);
typedef int (*db_audit_fn)(const struct audit_event *ev, void *ctx);
/* Events of one object with seq > after_seq, oldest first. */
int db_audit_each(struct store_txn *txn, const char *kind, uint64_t id, uint64_t after_seq,
                  db_audit_fn fn, void *ctx);

/* ---- form drafts (db-draft.c) ---- */

/* struct draft and its caps: core/draft.h. */

/* The draft of (account, form); RC_NOTFOUND if none. Caller clears *out. */
int db_draft_get(struct store_txn *txn, uint64_t account_id, const char *form, struct draft *out);
/* Stores the whole draft (replacing any). RC_INVALID when over a cap. */
int db_draft_put(struct store_txn *txn, const struct draft *d);
/*
 * One keystroke's worth: sets field `name` to `value` (adding the field if
 * new) and the focus and cursor, creating the draft if absent. One record
 * read and one write; RC_FULL past DRAFT_FIELDS_MAX fields.
 */
int db_draft_set_field(struct store_txn *txn, uint64_t account_id, const char *form,
                       const char *name, const char *value, uint32_t focus, uint32_t cursor);
/* Removes the draft (RC_OK if there was none). */
int db_draft_del(struct store_txn *txn, uint64_t account_id, const char *form);

/* ---- programme settings (db-settings.c) ---- */

/* The stored settings, or the defaults (version 0) if none was ever stored. */
int db_settings_get(struct store_txn *txn, struct settings *out);
/*
 * Stores s if s->version equals the stored version (0 when none: RC_STALE
 * otherwise); s->version is incremented. The values are not judged here:
 * the use case checks them first (settings_check, core/settings.h).
 */
int db_settings_put(struct store_txn *txn, struct settings *s);

#endif
