/*
 * store-int.h — what the files of store/ share and nobody else sees: the
 * LMDB handles, the table of named databases, key helpers. Not included
 * outside store/.
 */
#ifndef RECOND_STORE_INT_H
#define RECOND_STORE_INT_H

#include <lmdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "store/store.h"

/*
 * Named databases. Records are keyed by their id as 8 big-endian bytes
 * (u64_key) so that cursor order is id order. Indexes marked "dup" are
 * MDB_DUPSORT: one key, several ids.
 */
enum dbi {
	DBI_META,                 /* "schema" -> u32; "seq:<kind>" -> u64 last id */
	DBI_ACCOUNTS,             /* id -> account */
	DBI_ACCOUNT_BY_LOGIN,     /* login -> id */
	DBI_ORGS,                 /* id -> org */
	DBI_ORG_BY_SIREN,         /* dup: siren -> id */
	DBI_ORG_BY_COMMUNE,       /* dup: insee -> id */
	DBI_ORG_BY_NAME,          /* dup: name -> id */
	DBI_PREORDERS,            /* id -> pre-order */
	DBI_PREORDER_BY_ORG,      /* dup: org id -> pre-order id */
	DBI_PREORDER_BY_DEPT_STATE, /* dup: "dept\0state" -> pre-order id */
	DBI_PREORDER_BY_STATE,    /* dup: state -> pre-order id */
	DBI_AUDIT,                /* "kind\0object id\0seq" -> event */
	DBI_DRAFTS,               /* account id + form name -> draft */
	DBI_SETTINGS,             /* name -> value */
	DBI_COMMUNES,             /* insee -> commune */
	DBI_COMMUNE_BY_POSTCODE,  /* dup: postal code -> insee */
	DBI_COMMUNE_BY_NAME,      /* dup: folded name -> insee */
	DBI_REFLISTS,             /* "list\0insee-or-key" -> entry */
	DBI_REFLIST_META,         /* list name -> import evidence (file, date, rows) */
	DBI_MESSAGES,             /* id -> message */
	DBI_MESSAGE_BY_THREAD,    /* dup: kind byte + thread id -> message id */
	DBI_MESSAGE_READ,         /* account id + kind byte + thread id -> last id read */
	DBI_TICKETS,              /* id -> support ticket */
	DBI_TICKET_BY_ORG,        /* dup: org id -> ticket id */
	DBI_SIGNUP_TRIES,         /* source address -> SIRETs tried at sign-up in a window */
	DBI_INSTRUCTIONS,         /* pre-order id -> what the préfecture keeps on it */
	DBI_INSTRUCTION_BY_DEPT,  /* dup: dept -> pre-order id */
	DBI_QUEUE_VIEWS,          /* account id + tab byte -> saved queue view */
	/* refurbishers and statistics (store-refurb.h) */
	DBI_REFURBS,              /* org id -> refurbisher */
	DBI_REFURB_BY_SIREN,      /* siren -> org id (unique) */
	DBI_REFURB_BY_STATE,      /* dup: state name -> org id */
	DBI_STATS,                /* département code -> running figures */
	/* orders (store-order.h) */
	DBI_ORDERS,               /* id -> order */
	DBI_ORDER_BY_ORG,         /* dup: ordering org id -> order id */
	DBI_ORDER_BY_REFURB,      /* dup: refurbisher org id -> order id */
	DBI_ORDER_BY_DEPT,        /* dup: ordering org's département -> order id */
	DBI_LOANS,                /* id -> loan to a partner structure */
	DBI_LOAN_BY_ORG,          /* dup: owner org id -> loan id */
	DBI_COUNT
};

/*
 * How dump prints the keys and values of a database. BYTES (the default)
 * prints text with \xNN escapes for anything unprintable; ID an 8-byte
 * big-endian id (u64_key); NUM a big-endian unsigned of 1 to 8 bytes;
 * RECORD a MessagePack value through codec_print().
 */
enum store_fmt {
	STORE_FMT_BYTES = 0,
	STORE_FMT_ID,
	STORE_FMT_NUM,
	STORE_FMT_RECORD,
};

struct store_dbi_def {
	const char *name;
	unsigned flags;           /* extra mdb_dbi_open flags (MDB_DUPSORT…) */
	enum store_fmt key_fmt;   /* for dump */
	enum store_fmt val_fmt;
};
/* One entry per enum dbi, in order (store.c); a new database is one more line. */
extern const struct store_dbi_def store_dbi_defs[DBI_COUNT];

/* LMDB environment settings (store.c). */
#define STORE_MAPSIZE ((size_t)8 << 30)   /* sparse; the file grows as used */
#define STORE_MAXREADERS 4096             /* > 1 000 sessions + tools */
#define STORE_MAXDBS 64
#define STORE_KEY_MAX 511                 /* LMDB's default key size limit */

struct store {
	MDB_env *env;
	MDB_dbi dbi[DBI_COUNT];
	char *dir;
	pid_t pid;                /* process that opened env: never used across fork() */
	/*
	 * The drafts environment (drafts.c), opened at first use: a store of its
	 * own whose dbi[DBI_DRAFTS] and dbi[DBI_META] are its "drafts" and
	 * "meta" databases and `pending` the drafts changed since the last fold.
	 */
	struct store *drafts;
	bool is_drafts;           /* this store is a drafts environment */
	bool drafts_written;      /* this process changed a draft (fold at close) */
	MDB_dbi pending;          /* drafts env only: draft key -> 8-byte change number */
};

/* The drafts environment of st, opened (checked, rebuilt if needed) at first call. */
int store_drafts_env(struct store *st, struct store **out, char **why);
/* Closes st's drafts environment, folding first what this process left pending. */
void store_drafts_close(struct store *st);
/*
 * Marks the draft under key/klen as changed in a write txn of a drafts
 * environment (db-draft.c calls it on every put and delete): the next fold
 * copies it (or its absence) into the main database.
 */
int store_drafts_mark(struct store_txn *txn, const void *key, size_t klen);

struct store_txn {
	struct store *st;
	MDB_txn *txn;
	bool write;
};

/*
 * Creates and opens an LMDB environment at path (a directory) with recond's
 * reader and database limits, MDB_NOTLS | flags and a map of size bytes.
 */
int store_env_open(const char *path, unsigned flags, size_t size, MDB_env **out, char **why);

/* 8 big-endian bytes of v, for record keys. */
void u64_key(uint64_t v, unsigned char out[8]);
uint64_t u64_from_key(const void *p);

/* Next id of a record kind (meta "seq:<kind>"), inside a write txn. */
int store_next_id(struct store_txn *txn, const char *kind, uint64_t *out);

/*
 * Maps an LMDB error to an enum rc: MDB_NOTFOUND → RC_NOTFOUND,
 * MDB_KEYEXIST → RC_EXISTS (both silent: they are ordinary answers);
 * MDB_MAP_FULL, MDB_TXN_FULL, MDB_READERS_FULL, ENOSPC → RC_FULL; file and
 * corruption errors → RC_IO; anything else → RC_ERR. Every error but the
 * two ordinary ones is logged with `what` and LMDB's text.
 */
int store_mdb_rc(int mdb_err, const char *what);

/* Handle of a named database. */
static inline MDB_dbi store_dbi(struct store_txn *txn, enum dbi d)
{
	return txn->st->dbi[d];
}

/*
 * Raw put/get/del of one key in database d, mapped through store_mdb_rc.
 * A value from store_get lives until the transaction ends.
 */
int store_put(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
              const void *val, size_t vlen, unsigned flags);
int store_get(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
              const void **val, size_t *vlen);
/* Deletes key (and only the pair key → val when val is not NULL, for dup databases). */
int store_del(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
              const void *val, size_t vlen);

/*
 * Schema migrations. Opening a store whose schema version is older than
 * the target runs, in one write transaction, the step whose `from` equals
 * the stored version, then the next, until the target; the version is
 * stamped after each step, and any failure aborts the whole transaction
 * (the database stays at its old version). A newer version than the target
 * is refused. A step may read and rewrite any database.
 */
struct store_migration {
	uint32_t from;            /* migrates from `from` to `from + 1` */
	const char *what;         /* one line for the log */
	int (*run)(struct store_txn *txn, char **why);
};

/*
 * Prints p/len as fmt says (dump.c): ID and NUM as decimal when their size
 * fits, BYTES quoted with escapes, RECORD through codec_print(). A value
 * that does not fit its format prints as quoted bytes.
 */
void store_fmt_print(FILE *out, enum store_fmt fmt, const void *p, size_t len);
/* The same into a fresh string (caller frees). */
char *store_fmt_str(enum store_fmt fmt, const void *p, size_t len);

/* The schema version this program opens databases at (STORE_SCHEMA_VERSION unless overridden). */
uint32_t store_target_version(void);

/* Stamps schema version v in meta (write txn). */
int store_set_schema_version(struct store_txn *txn, uint32_t v);

/* Test hook: map size of the environments opened next by this process (0: STORE_MAPSIZE). */
void store_mapsize_override(size_t bytes);

/*
 * Test hook: replaces the migration table and the target version for the
 * following store_create/store_open of this process (steps NULL restores
 * the built-in table and STORE_SCHEMA_VERSION). store_create stamps the
 * target version, so a test can make an "old" database this way.
 */
void store_migrations_override(const struct store_migration *steps, size_t n,
                               uint32_t target);

/*
 * Walks the ids (8-byte values) stored under key/klen in the dup database d,
 * in order, calling each(txn, id, ctx); a non-zero return stops the walk
 * and is returned. RC_IO for a value that is not an id.
 */
int store_walk_ids(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
                   int (*each)(struct store_txn *txn, uint64_t id, void *ctx), void *ctx);

#endif
