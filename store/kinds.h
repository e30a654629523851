/*
 * kinds.h — the table of record kinds that store_check() verifies: for each
 * kind, the database of its records, how to load one record, and for each
 * secondary index the key(s) a record must have there. Internal to store/.
 *
 * Conventions every kind follows (check.c relies on them):
 *  - a record lives in its own database (`records`) under its primary key
 *    (u64_key(id) for records with an id, or a natural key such as an INSEE
 *    code);
 *  - an index maps an index key to the record's primary key (dup databases
 *    hold several primary keys under one index key);
 *  - `keys` computes, from the decoded record alone, every key under which
 *    the record must appear in that index (none is fine: e.g. an org with no
 *    SIREN is not in org_by_siren).
 *
 * The same `keys` functions keep the indexes when a record is written
 * (store_kind_reindex), so what check expects is what writes put.
 *
 * To register a new kind keyed by id (e.g. pre-orders), in db-preorder.c:
 *
 *	static const struct record_type preorder_record = {   // record.h
 *		.name = "preorder",
 *		.dbi = DBI_PREORDERS,
 *		.size = sizeof(struct preorder),
 *		.id_offset = offsetof(struct preorder, id),
 *		.decode = preorder_decode,
 *		.misplaced = "intention de commande rangée sous une clé qui …",
 *		.storable = preorder_storable,   // for store_kind_insert/update
 *		.encode = preorder_encode,
 *		.versioned = true,
 *		.version_offset = offsetof(struct preorder, version),
 *	};
 *	static void preorder_keys_org(const void *obj, struct store_keys *out)
 *	{
 *		store_keys_add_id(out, ((const struct preorder *)obj)->org_id);
 *	}
 *	const struct store_kind db_preorder_kind = {
 *		.name = "preorder",
 *		.records = DBI_PREORDERS,
 *		.seq = "preorder",
 *		.record = &preorder_record,
 *		.index = {
 *			{ DBI_PREORDER_BY_ORG, preorder_keys_org },
 *			…
 *		},
 *	};
 *
 * (a kind under a natural key gives .load and .free instead of .record),
 * then declare it below and add &db_preorder_kind to store_kinds[] in
 * kinds.c. A database with records but no index (audit, drafts, settings)
 * is registered the same way with no index: check then verifies that each
 * of its records loads. `recond dump` needs nothing from this table (it
 * reads store_dbi_defs: give the database's key and value formats there).
 */
#ifndef RECOND_STORE_KINDS_H
#define RECOND_STORE_KINDS_H

#include <stddef.h>
#include <stdint.h>

#include "store/record.h"
#include "store/store-int.h"

#define STORE_INDEX_KEYS_MAX 32   /* keys of one record in one index */
#define STORE_KIND_INDEX_MAX 6    /* indexes of one kind */

/* A small set of index keys (each at most STORE_KEY_MAX bytes). */
struct store_keys {
	size_t n;
	struct {
		size_t len;
		unsigned char data[STORE_KEY_MAX];
	} k[STORE_INDEX_KEYS_MAX];
};

/* Adds a key (programmer error if too long or too many: assert). */
void store_keys_add(struct store_keys *ks, const void *p, size_t len);
/* Adds a string key; the empty string adds nothing. */
void store_keys_add_str(struct store_keys *ks, const char *s);
/* Adds u64_key(id); id 0 adds nothing. */
void store_keys_add_id(struct store_keys *ks, uint64_t id);
/* True if ks holds exactly the key p/len. */
bool store_keys_has(const struct store_keys *ks, const void *p, size_t len);

struct store_index {
	enum dbi dbi;
	/* Adds to out every key under which obj must appear in dbi. */
	void (*keys)(const void *obj, struct store_keys *out);
	/* Flags of the puts into dbi: MDB_NOOVERWRITE for a unique index. */
	unsigned put_flags;
};

struct store_kind {
	const char *name;         /* as in reports: "account" */
	enum dbi records;
	/*
	 * For records keyed by u64_key(id) from store_next_id(txn, seq, …):
	 * the sequence name, so that check verifies no id exceeds the last one
	 * given out (a later insert would collide). NULL for other keys.
	 */
	const char *seq;
	/*
	 * For records keyed by u64_key(id): their type (record.h). check then
	 * loads them with record_kind_load (decode, and the key must be the
	 * record's id) and frees them with record_kind_free; .load and .free
	 * stay NULL.
	 */
	const struct record_type *record;
	/*
	 * For other keys: decodes the record stored under key into a fresh
	 * object (*obj, freed with .free). RC_INVALID with a French *why when
	 * the record does not decode or contradicts its key.
	 */
	int (*load)(const void *key, size_t klen, const void *val, size_t vlen, void **obj,
	            char **why);
	void (*free)(void *obj);
	struct store_index index[STORE_KIND_INDEX_MAX]; /* ends at .keys == NULL */
};

/* Loads one record of kind: through .record when set, else .load (same contract). */
int store_kind_load(const struct store_kind *kind, const void *key, size_t klen,
                    const void *val, size_t vlen, void **obj, char **why);
/* Frees an object from store_kind_load. */
void store_kind_free(const struct store_kind *kind, void *obj);

/* Every registered kind (kinds.c). */
extern const struct store_kind *const store_kinds[];
extern const size_t store_nkinds;

/* The kinds, defined next to their records. */
extern const struct store_kind db_account_kind;   /* db-account.c */
extern const struct store_kind db_org_kind;       /* db-org.c */
extern const struct store_kind db_preorder_kind;  /* db-preorder.c */
extern const struct store_kind db_audit_kind;     /* db-audit.c */
extern const struct store_kind db_draft_kind;     /* db-draft.c */
extern const struct store_kind db_settings_kind;  /* db-settings.c */
extern const struct store_kind db_geo_kind;       /* db-geo.c */
extern const struct store_kind db_message_kind;   /* db-message.c */
extern const struct store_kind db_ticket_kind;    /* db-message.c */
extern const struct store_kind db_reflist_kind;   /* db-reflist.c */
extern const struct store_kind db_reflist_meta_kind; /* db-reflist.c */
extern const struct store_kind db_signup_tries_kind; /* db-signup.c */
extern const struct store_kind db_instruction_kind; /* db-instruction.c */
extern const struct store_kind db_queue_view_kind;  /* db-instruction.c */
extern const struct store_kind db_refurb_kind;    /* db-refurb.c */
extern const struct store_kind db_stats_kind;     /* db-stats.c */
extern const struct store_kind db_order_kind;     /* db-order.c */
extern const struct store_kind db_loan_kind;      /* db-order.c */

/*
 * Inserts obj, a record of kind (which has .seq and .record, with .encode),
 * if it is storable (RC_INVALID otherwise): gives it the next id of kind->seq, version 1 (versioned) and the current
 * time as created_at and updated_at (stamped), writes the record (RC_EXISTS
 * if its id is taken) and its index entries (RC_EXISTS from a unique one).
 * On failure obj's id, version and stamps are as they were.
 */
int store_kind_insert(struct store_txn *txn, const struct store_kind *kind, void *obj);
/*
 * Replaces the stored record obj's id with obj (RC_INVALID if it is not
 * storable): RC_NOTFOUND if there is
 * none, RC_STALE (nothing written) if versioned and the stored version is
 * not obj's. Gives obj version + 1, the stored created_at and the current
 * updated_at, moves its index entries and writes it. On failure obj's
 * version and stamps are as they were.
 */
int store_kind_update(struct store_txn *txn, const struct store_kind *kind, void *obj);

/*
 * Keeps every index of kind in step with one record stored under pkey/pklen
 * that goes from old to new_ (decoded objects of the kind; old NULL for a
 * new record). In each index, in table order, puts (key → pkey) for each
 * key new_ has and old has not, with the index's put_flags (a unique index
 * gives RC_EXISTS when the key is taken by another record), then deletes
 * the pairs of the keys old has and new_ has not (a pair already missing
 * is fine). The indexes are computed by the same .keys functions check
 * verifies with. Stops at the first error (the caller aborts the txn).
 */
int store_kind_reindex(struct store_txn *txn, const struct store_kind *kind, const void *old,
                       const void *new_, const void *pkey, size_t pklen);

#endif
