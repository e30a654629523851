/*
 * store.h — recond's persistence: one LMDB environment per data directory,
 * named databases per record kind, records encoded as MessagePack maps with a
 * schema version, secondary indexes kept in the record's own transaction, a
 * version counter per record, integrity check, hot backup and dump.
 *
 * Rules of use:
 *  - Open the store in the process that uses it, after any fork(); never
 *    carry a struct store across fork().
 *  - Every change is made inside one write transaction; nothing is visible
 *    or durable before store_commit() returned RC_OK (full sync).
 *  - Data returned by db_* getters is copied into the caller's structs and
 *    stays valid after the transaction ends; the caller clears it
 *    (account_clear() etc.).
 *
 * All functions return RC_OK or a negative enum rc (core/util.h).
 */
#ifndef RECOND_STORE_H
#define RECOND_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/model.h"
#include "core/util.h"

#define STORE_SCHEMA_VERSION 2

struct store;
struct store_txn;

/*
 * Creates a new data directory's database under DIR (DIR is created if
 * absent). Refuses (RC_EXISTS, *why in French) a DIR that already holds a
 * recond database, and (RC_INVALID) a DIR that holds anything else.
 */
int store_create(const char *dir, char **why);

/* True when DIR holds a recond database. */
bool store_exists(const char *dir);

/*
 * Opens the database of DIR, migrating its schema to STORE_SCHEMA_VERSION if
 * older. *out is owned by the caller, closed with store_close().
 */
int store_open(const char *dir, struct store **out, char **why);
void store_close(struct store *st);  /* NULL is fine */

/* Transactions. A read-only txn never blocks and is never blocked. */
int store_begin(struct store *st, bool write, struct store_txn **out);
/*
 * A transaction nested in the open write transaction parent: what it
 * writes is seen by parent once store_commit() returned (nothing reaches
 * the disk before parent commits), and store_abort() discards it alone.
 * parent must not be used until the nested one ends.
 */
int store_begin_nested(struct store_txn *parent, struct store_txn **out);
/* Commits and frees txn, whatever the result. */
int store_commit(struct store_txn *txn);
/* Aborts and frees txn; NULL is fine. */
void store_abort(struct store_txn *txn);

int store_schema_version(struct store_txn *txn, uint32_t *out);

/*
 * ---- the drafts environment (drafts.c) ----
 *
 * Form drafts, saved at every keystroke, live in a second LMDB environment
 * (DIR/db/drafts/) whose commits are not synced: a commit there reaches
 * the kernel's page cache before the call returns, so it survives the
 * death of any process, and costs no disk flush. One process (the server,
 * through a store_flusher) folds the drafts changed since the last fold
 * into the main database every STORE_FOLD_MS, in one fully synced
 * transaction: after an operating-system crash, what is lost is at most
 * the typing of the last fold period and the fold's own commit time. The
 * drafts environment is trusted only within the boot that wrote it (its
 * boot id is stamped inside); opened after a reboot, or found unreadable
 * or missing, it is rebuilt from the main database's copy of the drafts.
 * See docs/store.md.
 */
#define STORE_FOLD_MS 100

/*
 * A transaction on st's drafts environment (opened, checked and if need be
 * rebuilt at the first call of the process). Only db_draft_* may be used
 * through it. A write transaction's commit does not wait for the disk.
 */
int store_drafts_begin(struct store *st, bool write, struct store_txn **out);
/*
 * Copies every draft changed since the last fold (or its deletion) into
 * the main database in one synced write transaction, then forgets those
 * changes (unless changed again meanwhile). *folded (may be NULL) gets the
 * number of drafts copied; nothing pending costs one read transaction.
 */
int store_drafts_fold(struct store *st, size_t *folded, char **why);
/* Number of drafts changed and not folded yet. */
int store_drafts_pending(struct store *st, size_t *n);

/*
 * A thread that folds the drafts of the data directory DIR every period_ms
 * with its own store handle (the server runs one). Stop it with
 * store_flusher_stop, which folds one last time and frees it.
 */
struct store_flusher;
int store_flusher_start(const char *dir, int period_ms, struct store_flusher **out, char **why);
void store_flusher_stop(struct store_flusher *f);  /* NULL is fine */

/* Test hook: the boot id this process sees (NULL: the kernel's). */
void store_drafts_boot_override(const char *boot_id);

/* ---- accounts (db-account.c) ---- */

/* Fills *out (clear) with the account; RC_NOTFOUND if none. */
int db_account_get(struct store_txn *txn, uint64_t id, struct account *out);
int db_account_by_login(struct store_txn *txn, const char *login, struct account *out);
/* Inserts a: assigns a->id, sets a->version = 1 and timestamps. RC_EXISTS if the login is taken. */
int db_account_insert(struct store_txn *txn, struct account *a);
/*
 * Replaces the stored account a->id with *a if the stored version equals
 * a->version (else RC_STALE); on success a->version is incremented.
 */
int db_account_update(struct store_txn *txn, struct account *a);
/*
 * Calls fn for each account in login order; stops at the first non-zero
 * return, which it returns. The account lives during the call only; fn
 * must not write through txn.
 */
typedef int (*db_account_fn)(const struct account *a, void *ctx);
int db_account_each(struct store_txn *txn, db_account_fn fn, void *ctx);

/* ---- organisations (db-org.c) ---- */

/*
 * Organisations follow the accounts' rules: insert assigns id, version 1
 * and timestamps; update refuses a stale version (RC_STALE); a name is
 * required (RC_INVALID). Indexes by SIREN, commune and name follow each write.
 */
int db_org_get(struct store_txn *txn, uint64_t id, struct org *out);
/* By SIREN (first match) — RC_NOTFOUND if none. */
int db_org_by_siren(struct store_txn *txn, const char *siren, struct org *out);
/* By exact name (used for CLI --org NAME) — RC_NOTFOUND if none. */
int db_org_by_name(struct store_txn *txn, const char *name, struct org *out);
int db_org_insert(struct store_txn *txn, struct org *o);
int db_org_update(struct store_txn *txn, struct org *o);
/*
 * Iterators: fn gets each organisation (valid during the call only) and
 * stops the walk by returning non-zero, which is returned. fn must not
 * write through txn. db_org_each goes in id order; the other two walk one
 * key of an index, in id order.
 */
typedef int (*db_org_fn)(const struct org *o, void *ctx);
int db_org_each(struct store_txn *txn, db_org_fn fn, void *ctx);
int db_org_each_in_commune(struct store_txn *txn, const char *insee, db_org_fn fn, void *ctx);
int db_org_each_by_siren(struct store_txn *txn, const char *siren, db_org_fn fn, void *ctx);

/* ---- whole-database operations (check.c, backup.c, dump.c) ---- */

/*
 * Verifies that every index entry points to a record that indexes back to it
 * and that every record is in each of its indexes and decodes. Writes one
 * French line per problem to report (may be NULL); *problems gets the count.
 */
int store_check(struct store *st, FILE *report, size_t *problems);
/* Consistent compacting copy of the environment into FILE (must not exist). */
int store_backup(struct store *st, const char *file, char **why);
/* Prints every record of every database readably (one line per record). */
int store_dump(struct store *st, FILE *out);

#endif
