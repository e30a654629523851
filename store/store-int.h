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
	DBI_COUNT
};

struct store_dbi_def {
	const char *name;
	unsigned flags;           /* extra mdb_dbi_open flags (MDB_DUPSORT…) */
};
extern const struct store_dbi_def store_dbi_defs[DBI_COUNT];

struct store {
	MDB_env *env;
	MDB_dbi dbi[DBI_COUNT];
	char *dir;
};

struct store_txn {
	struct store *st;
	MDB_txn *txn;
	bool write;
};

/* 8 big-endian bytes of v, for record keys. */
void u64_key(uint64_t v, unsigned char out[8]);
uint64_t u64_from_key(const void *p);

/* Next id of a record kind (meta "seq:<kind>"), inside a write txn. */
int store_next_id(struct store_txn *txn, const char *kind, uint64_t *out);

/* Maps an LMDB error to an enum rc and logs it with its text. */
int store_mdb_rc(int mdb_err, const char *what);

#endif
