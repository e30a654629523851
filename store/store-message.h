/*
 * store-message.h — messages, support tickets and read markers in LMDB
 * (db-message.c). Messages are keyed by id with an index by thread (kind
 * byte + thread id); tickets by id with an index by organisation; a read
 * marker per (account, thread) holds the last message id read. Same rules
 * as store.h: data copied out, RC_OK or a negative enum rc.
 */
#ifndef RECOND_STORE_MESSAGE_H
#define RECOND_STORE_MESSAGE_H

#include <stdint.h>

#include "core/message.h"
#include "store/store.h"

/* Inserts m: assigns m->id (increasing) and its thread index entry. */
int db_message_insert(struct store_txn *txn, struct message *m);
int db_message_get(struct store_txn *txn, uint64_t id, struct message *out);
typedef int (*db_message_fn)(const struct message *m, void *ctx);
/* Messages of a thread in id order; a non-zero return of fn stops and is returned. */
int db_message_each(struct store_txn *txn, char kind, uint64_t thread_id, db_message_fn fn,
                    void *ctx);
/* Last message id the account read in a thread (0 if none). */
int db_message_read_get(struct store_txn *txn, uint64_t account_id, char kind,
                        uint64_t thread_id, uint64_t *out);
int db_message_read_set(struct store_txn *txn, uint64_t account_id, char kind,
                        uint64_t thread_id, uint64_t last);

/* Inserts t: assigns t->id and its organisation index entry. */
int db_ticket_insert(struct store_txn *txn, struct ticket *t);
int db_ticket_get(struct store_txn *txn, uint64_t id, struct ticket *out);
typedef int (*db_ticket_fn)(const struct ticket *t, void *ctx);
/* Replaces the stored ticket t->id with *t (RC_NOTFOUND if none). */
int db_ticket_update(struct store_txn *txn, struct ticket *t);
/* Every ticket in id order; a non-zero return of fn stops and is returned. */
int db_ticket_each(struct store_txn *txn, db_ticket_fn fn, void *ctx);
/* Tickets of an organisation in id order. */
int db_ticket_each_by_org(struct store_txn *txn, uint64_t org_id, db_ticket_fn fn, void *ctx);

#endif
