/*
 * db-message.c — messages (id → "message" record, indexed by thread: a
 * kind byte and the 8-byte big-endian thread id), support tickets (id →
 * "ticket" record, indexed by organisation), and read markers (account id
 * + thread key → last message id read). Registered with check.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-message.h"

#define MESSAGE_SCHEMA 1
#define TICKET_SCHEMA 1
#define THREAD_KEY 9

static void thread_key(char kind, uint64_t id, unsigned char k[THREAD_KEY])
{
	k[0] = (unsigned char)kind;
	u64_key(id, k + 1);
}

static bool kind_ok(char kind)
{
	return kind == THREAD_PREORDER || kind == THREAD_TICKET;
}

/* ---- messages ---- */

static void message_encode(const void *obj, struct codec_w *w)
{
	const struct message *m = obj;

	char kind[2] = { m->kind, '\0' };

	codec_w_init(w, "message", MESSAGE_SCHEMA);
	codec_w_u64(w, "id", m->id);
	codec_w_str(w, "thread_kind", kind);
	codec_w_u64(w, "thread_id", m->thread_id);
	codec_w_u64(w, "author_id", m->author_id);
	codec_w_u64(w, "author_org_id", m->author_org_id);
	codec_w_str(w, "author_login", m->author_login);
	codec_w_u64(w, "author_role", (uint64_t)m->author_role);
	codec_w_i64(w, "at", m->at);
	codec_w_str(w, "body", m->body);
}

/* Decodes into m (a struct message, cleared first). */
static int message_decode(const void *val, size_t vlen, void *obj, char **why)
{
	struct message *m = obj;
	struct codec_r r;
	const msgpack_object *o;
	char kind[2];
	int role = 0;

	memset(m, 0, sizeof *m);
	if (codec_r_open(&r, val, vlen, "message", NULL) != RC_OK)
		return fail(why, RC_INVALID, "message illisible");
	o = codec_r_root(&r);
	codec_r_u64(&r, o, "id", &m->id, 0);
	codec_r_str(&r, o, "thread_kind", kind, sizeof kind, "");
	codec_r_u64(&r, o, "thread_id", &m->thread_id, 0);
	codec_r_u64(&r, o, "author_id", &m->author_id, 0);
	codec_r_u64(&r, o, "author_org_id", &m->author_org_id, 0); /* absent in older records */
	codec_r_str(&r, o, "author_login", m->author_login, sizeof m->author_login, "");
	codec_r_enum(&r, o, "author_role", &role, 0, ROLE_COUNT);
	codec_r_i64(&r, o, "at", &m->at, 0);
	codec_r_str(&r, o, "body", m->body, sizeof m->body, "");
	m->kind = kind[0];
	m->author_role = (enum role)role;
	if (r.err == RC_OK && !kind_ok(m->kind))
		codec_r_fail(&r, "thread_kind");
	if (codec_r_close(&r) != RC_OK)
		return fail(why, RC_INVALID, "message illisible");
	return RC_OK;
}

int db_message_insert(struct store_txn *txn, struct message *m)
{
	if (!kind_ok(m->kind) || m->thread_id == 0 || strlen(m->body) > MESSAGE_BODY_BYTES)
		return RC_INVALID;
	return store_kind_insert(txn, &db_message_kind, m);
}

int db_message_get(struct store_txn *txn, uint64_t id, struct message *out)
{
	return record_get(txn, db_message_kind.record, id, out);
}

struct msg_walk {
	db_message_fn fn;
	void *ctx;
	struct message *m;
};

static int msg_one(struct store_txn *txn, uint64_t id, void *ctx)
{
	struct msg_walk *w = ctx;
	int rc = db_message_get(txn, id, w->m);

	if (rc != RC_OK)
		return rc == RC_NOTFOUND ? RC_IO : rc;
	return w->fn(w->m, w->ctx);
}

int db_message_each(struct store_txn *txn, char kind, uint64_t thread_id, db_message_fn fn,
                    void *ctx)
{
	unsigned char tk[THREAD_KEY];
	struct msg_walk w = { fn, ctx, xmalloc(sizeof *w.m) };
	int rc;

	thread_key(kind, thread_id, tk);
	rc = store_walk_ids(txn, DBI_MESSAGE_BY_THREAD, tk, THREAD_KEY, msg_one, &w);
	free(w.m);
	return rc;
}

static void read_key(uint64_t account_id, char kind, uint64_t thread_id,
                     unsigned char k[8 + THREAD_KEY])
{
	u64_key(account_id, k);
	thread_key(kind, thread_id, k + 8);
}

int db_message_read_get(struct store_txn *txn, uint64_t account_id, char kind,
                        uint64_t thread_id, uint64_t *out)
{
	unsigned char k[8 + THREAD_KEY];
	const void *v;
	size_t vlen;
	int rc;

	*out = 0;
	read_key(account_id, kind, thread_id, k);
	rc = store_get(txn, DBI_MESSAGE_READ, k, sizeof k, &v, &vlen);
	if (rc == RC_NOTFOUND)
		return RC_OK;
	if (rc != RC_OK)
		return rc;
	if (vlen != 8)
		return RC_IO;
	*out = u64_from_key(v);
	return RC_OK;
}

int db_message_read_set(struct store_txn *txn, uint64_t account_id, char kind,
                        uint64_t thread_id, uint64_t last)
{
	unsigned char k[8 + THREAD_KEY], v[8];

	read_key(account_id, kind, thread_id, k);
	u64_key(last, v);
	return store_put(txn, DBI_MESSAGE_READ, k, sizeof k, v, 8, 0);
}

/* ---- tickets ---- */

static void ticket_encode(const void *obj, struct codec_w *w)
{
	const struct ticket *t = obj;

	codec_w_init(w, "ticket", TICKET_SCHEMA);
	codec_w_u64(w, "id", t->id);
	codec_w_u64(w, "org_id", t->org_id);
	codec_w_u64(w, "account_id", t->account_id);
	codec_w_str(w, "login", t->login);
	codec_w_str(w, "subject", t->subject);
	codec_w_i64(w, "created_at", t->created_at);
	codec_w_u64(w, "state", (uint64_t)t->state);
	codec_w_i64(w, "updated_at", t->updated_at);
}

/* Decodes into t (a struct ticket, cleared first). */
static int ticket_decode(const void *val, size_t vlen, void *obj, char **why)
{
	struct ticket *t = obj;
	struct codec_r r;
	const msgpack_object *o;

	memset(t, 0, sizeof *t);
	if (codec_r_open(&r, val, vlen, "ticket", NULL) != RC_OK)
		return fail(why, RC_INVALID, "demande d'assistance illisible");
	o = codec_r_root(&r);
	codec_r_u64(&r, o, "id", &t->id, 0);
	codec_r_u64(&r, o, "org_id", &t->org_id, 0);
	codec_r_u64(&r, o, "account_id", &t->account_id, 0);
	codec_r_str(&r, o, "login", t->login, sizeof t->login, "");
	codec_r_str(&r, o, "subject", t->subject, sizeof t->subject, "");
	codec_r_i64(&r, o, "created_at", &t->created_at, 0);
	{
		uint64_t state = TICKET_OPEN;

		codec_r_u64(&r, o, "state", &state, TICKET_OPEN);
		if (state >= TICKET_STATE_COUNT)
			return fail(why, RC_INVALID, "demande d'assistance illisible");
		t->state = (enum ticket_state)state;
	}
	codec_r_i64(&r, o, "updated_at", &t->updated_at, 0);
	if (codec_r_close(&r) != RC_OK)
		return fail(why, RC_INVALID, "demande d'assistance illisible");
	return RC_OK;
}

int db_ticket_insert(struct store_txn *txn, struct ticket *t)
{
	if (strlen(t->subject) > TICKET_SUBJECT_BYTES)
		return RC_INVALID;
	return store_kind_insert(txn, &db_ticket_kind, t);
}

int db_ticket_get(struct store_txn *txn, uint64_t id, struct ticket *out)
{
	return record_get(txn, db_ticket_kind.record, id, out);
}

int db_ticket_update(struct store_txn *txn, struct ticket *t)
{
	if (strlen(t->subject) > TICKET_SUBJECT_BYTES || t->state >= TICKET_STATE_COUNT)
		return RC_INVALID;
	return store_kind_update(txn, &db_ticket_kind, t);
}

int db_ticket_each(struct store_txn *txn, db_ticket_fn fn, void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	struct ticket t;
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_TICKETS), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8) {
			rc = RC_IO;
			break;
		}
		if ((rc = db_ticket_get(txn, u64_from_key(k.mv_data), &t)) != RC_OK) {
			if (rc == RC_NOTFOUND)
				rc = RC_IO;
			break;
		}
		if ((rc = fn(&t, ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "tickets");
	mdb_cursor_close(cur);
	return rc;
}

struct ticket_walk {
	db_ticket_fn fn;
	void *ctx;
	struct ticket t;
};

static int ticket_one(struct store_txn *txn, uint64_t id, void *ctx)
{
	struct ticket_walk *w = ctx;
	int rc = db_ticket_get(txn, id, &w->t);

	if (rc != RC_OK)
		return rc == RC_NOTFOUND ? RC_IO : rc;
	return w->fn(&w->t, w->ctx);
}

int db_ticket_each_by_org(struct store_txn *txn, uint64_t org_id, db_ticket_fn fn, void *ctx)
{
	unsigned char k[8];
	struct ticket_walk w = { .fn = fn, .ctx = ctx };

	u64_key(org_id, k);
	return store_walk_ids(txn, DBI_TICKET_BY_ORG, k, 8, ticket_one, &w);
}

/* ---- for check ---- */

static const struct record_type message_record = {
	.name = "message",
	.dbi = DBI_MESSAGES,
	.size = sizeof(struct message),
	.id_offset = offsetof(struct message, id),
	.decode = message_decode,
	.misplaced = "message rangé sous une clé qui n'est pas son numéro",
	.encode = message_encode,
};

static void message_keys_thread(const void *obj, struct store_keys *out)
{
	const struct message *m = obj;
	unsigned char tk[THREAD_KEY];

	thread_key(m->kind, m->thread_id, tk);
	store_keys_add(out, tk, THREAD_KEY);
}

const struct store_kind db_message_kind = {
	.name = "message",
	.records = DBI_MESSAGES,
	.seq = "message",
	.record = &message_record,
	.index = {
		{ DBI_MESSAGE_BY_THREAD, message_keys_thread },
	},
};

static const struct record_type ticket_record = {
	.name = "ticket",
	.dbi = DBI_TICKETS,
	.size = sizeof(struct ticket),
	.id_offset = offsetof(struct ticket, id),
	.decode = ticket_decode,
	.misplaced = "demande d'assistance rangée sous une clé qui n'est pas son numéro",
	.encode = ticket_encode,
};

/*
 * Org 0 is a key like any other: an account with no organisation (a
 * préfecture agent, an admin) finds its own tickets under it.
 */
static void ticket_keys_org(const void *obj, struct store_keys *out)
{
	unsigned char k[8];

	u64_key(((const struct ticket *)obj)->org_id, k);
	store_keys_add(out, k, sizeof k);
}

const struct store_kind db_ticket_kind = {
	.name = "ticket",
	.records = DBI_TICKETS,
	.seq = "ticket",
	.record = &ticket_record,
	.index = {
		{ DBI_TICKET_BY_ORG, ticket_keys_org },
	},
};
