/*
 * record.h — the plumbing shared by every record of store/: a record is a
 * MessagePack value (codec.h) stored in its own database, under
 * u64_key(id) for the kinds that have an id (accounts, organisations,
 * pre-orders, messages, tickets) or under a natural key (drafts, the
 * geography). Each kind keeps, in its own db-*.c, what is about its fields
 * and indexes; this file writes, reads and checks the record itself.
 * Internal to store/.
 */
#ifndef RECOND_STORE_RECORD_H
#define RECOND_STORE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/codec.h"
#include "store/store-int.h"

/*
 * A kind of record keyed by u64_key(id), described once (a const static
 * next to its encoder) for record_get() and check (kinds.h: .record).
 */
struct record_type {
	const char *name;        /* for logs: "account" */
	enum dbi dbi;            /* the database of the records */
	size_t size;             /* sizeof the decoded struct */
	size_t id_offset;        /* offsetof(struct …, id), a uint64_t */
	/*
	 * Decodes val/vlen into out (a struct of `size` bytes, overwritten
	 * whole). RC_OK, or an error with out owning nothing and, when why is
	 * not NULL, a French reason in *why (caller frees).
	 */
	int (*decode)(const void *val, size_t vlen, void *out, char **why);
	/* Frees what a decoded record owns and clears it; NULL: nothing owned. */
	void (*clear)(void *obj);
	/* French reason check gives for a record stored under another id. */
	const char *misplaced;
	/* RC_OK when obj fits its record (RC_INVALID otherwise); NULL: always. */
	int (*storable)(const void *obj);
	/* Encodes a struct of `size` bytes into w (store_kind_insert/update). */
	void (*encode)(const void *obj, struct codec_w *w);
	/*
	 * Versioned records hold a uint64_t version at version_offset (1 at
	 * insert, +1 at each update, an update naming another one is stale);
	 * stamped ones an int64_t created_at and updated_at (seconds, UTC) set
	 * by insert and update.
	 */
	bool versioned;
	size_t version_offset;
	bool stamped;
	size_t created_offset, updated_offset;
};

/*
 * Finishes the record being written in w and puts it under key/klen in
 * database d (flags go to mdb_put: MDB_NOOVERWRITE makes an existing key
 * RC_EXISTS). w is freed in every case. Returns what store_put returns.
 */
int record_put_key(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
                   struct codec_w *w, unsigned flags);
/* The same under u64_key(id). */
int record_put(struct store_txn *txn, enum dbi d, uint64_t id, struct codec_w *w,
               unsigned flags);

/*
 * Reads record id of type t into out (a struct of t->size bytes, cleared
 * first). RC_OK: out owns its contents (free them with t->clear when it
 * has one). RC_NOTFOUND for id 0 or no such record; RC_IO, logged, when
 * the record does not decode or carries another id; any other store_get
 * error as is. On any error out is left clear.
 */
int record_get(struct store_txn *txn, const struct record_type *t, uint64_t id, void *out);

/* Frees what obj (a decoded record of type t) owns and zeroes it. */
void record_clear(const struct record_type *t, void *obj);

/*
 * For check (kinds.h .load, through store_kind_load): decodes the record
 * val/vlen stored under key/klen into a fresh object *obj (free it with
 * record_kind_free). RC_INVALID with a French *why when it does not decode
 * or when key is not u64_key of its id (t->misplaced); *obj is then NULL.
 */
int record_kind_load(const struct record_type *t, const void *key, size_t klen,
                     const void *val, size_t vlen, void **obj, char **why);
/* Frees an object from record_kind_load (NULL is fine). */
void record_kind_free(const struct record_type *t, void *obj);

#endif
