/*
 * db-audit.c — the audit log: append-only events per object, keyed
 * "kind\0" + 8-byte big-endian object id + 8-byte big-endian sequence, so
 * that one object's events are contiguous and in order. Events are never
 * rewritten or deleted.
 */
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-programme.h"

#define AUDIT_SCHEMA 1
#define AUDIT_KEY_MAX (AUDIT_KIND_MAX + 1 + 8 + 8)

/* Writes the key of (kind, id, seq) into k; returns its length, 0 if kind is bad. */
static size_t audit_key(const char *kind, uint64_t id, uint64_t seq, unsigned char *k)
{
	size_t kl = strlen(kind);

	if (kl == 0 || kl > AUDIT_KIND_MAX)
		return 0;
	memcpy(k, kind, kl);
	k[kl] = '\0';
	u64_key(id, k + kl + 1);
	u64_key(seq, k + kl + 9);
	return kl + 17;
}

static void audit_encode(const struct audit_event *ev, struct codec_w *w)
{
	codec_w_init(w, "audit", AUDIT_SCHEMA);
	codec_w_u64(w, "seq", ev->seq);
	codec_w_i64(w, "at", ev->at);
	codec_w_u64(w, "actor_id", ev->actor_id);
	codec_w_str(w, "actor_login", ev->actor_login);
	codec_w_u64(w, "actor_role", (uint64_t)ev->actor_role);
	codec_w_str(w, "action", action_name(ev->action));
	codec_w_str(w, "object_kind", ev->object_kind);
	codec_w_u64(w, "object_id", ev->object_id);
	codec_w_u64(w, "object_version", ev->object_version);
	codec_w_str(w, "before", ev->before);
	codec_w_str(w, "after", ev->after);
}

static int audit_decode(const void *val, size_t vlen, struct audit_event *out, char **why)
{
	struct codec_r r;
	const msgpack_object *m;
	char action[40];
	int role = ROLE_NONE, rc;

	memset(out, 0, sizeof *out);
	if (codec_r_open(&r, val, vlen, "audit", NULL) != RC_OK)
		return fail(why, RC_INVALID, "événement d'historique illisible");
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "seq", &out->seq, 0);
	codec_r_i64(&r, m, "at", &out->at, 0);
	codec_r_u64(&r, m, "actor_id", &out->actor_id, 0);
	codec_r_str(&r, m, "actor_login", out->actor_login, sizeof out->actor_login, "");
	codec_r_enum(&r, m, "actor_role", &role, ROLE_NONE, ROLE_COUNT);
	out->actor_role = (enum role)role;
	codec_r_str(&r, m, "action", action, sizeof action, "");
	out->action = ACT_COUNT;
	for (int a = 0; a < ACT_COUNT; a++)
		if (strcmp(action, action_name((enum action)a)) == 0)
			out->action = (enum action)a;
	if (r.err == RC_OK && out->action == ACT_COUNT)
		codec_r_fail(&r, "action");
	codec_r_str(&r, m, "object_kind", out->object_kind, sizeof out->object_kind, "");
	codec_r_u64(&r, m, "object_id", &out->object_id, 0);
	codec_r_u64(&r, m, "object_version", &out->object_version, 0);
	codec_r_str(&r, m, "before", out->before, sizeof out->before, "");
	codec_r_str(&r, m, "after", out->after, sizeof out->after, "");
	rc = codec_r_end(&r, "historique", why);
	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* The last seq of (kind, id), 0 if it has no event. */
static int audit_last_seq(struct store_txn *txn, const char *kind, uint64_t id, uint64_t *out)
{
	unsigned char probe[AUDIT_KEY_MAX];
	size_t pl = audit_key(kind, id, UINT64_MAX, probe);
	MDB_cursor *cur = NULL;
	MDB_val k = { pl, probe }, v;
	int err;

	*out = 0;
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_AUDIT), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	err = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	if (err == 0)
		err = mdb_cursor_get(cur, &k, &v, MDB_PREV);
	else if (err == MDB_NOTFOUND)
		err = mdb_cursor_get(cur, &k, &v, MDB_LAST);
	if (err == 0 && k.mv_size == pl && memcmp(k.mv_data, probe, pl - 8) == 0)
		*out = u64_from_key((const unsigned char *)k.mv_data + pl - 8);
	mdb_cursor_close(cur);
	if (err != 0 && err != MDB_NOTFOUND)
		return store_mdb_rc(err, "audit");
	return RC_OK;
}

int db_audit_append(struct store_txn *txn, struct audit_event *ev)
{
	unsigned char k[AUDIT_KEY_MAX];
	struct codec_w w;
	size_t kl;
	uint64_t last;
	int rc;

	if (audit_key(ev->object_kind, ev->object_id, 0, k) == 0 || ev->object_id == 0 ||
	    (unsigned)ev->action >= ACT_COUNT)
		return RC_INVALID;
	if ((rc = audit_last_seq(txn, ev->object_kind, ev->object_id, &last)) != RC_OK)
		return rc;
	ev->seq = last + 1;
	kl = audit_key(ev->object_kind, ev->object_id, ev->seq, k);
	audit_encode(ev, &w);
	return record_put_key(txn, DBI_AUDIT, k, kl, &w, MDB_NOOVERWRITE);
}

int db_audit_each(struct store_txn *txn, const char *kind, uint64_t id, uint64_t after_seq,
                  db_audit_fn fn, void *ctx)
{
	unsigned char start[AUDIT_KEY_MAX];
	size_t sl = audit_key(kind, id, after_seq + 1, start);
	MDB_cursor *cur = NULL;
	MDB_val k = { sl, start }, v;
	struct audit_event *ev;
	int err, rc = RC_OK;

	if (sl == 0 || after_seq == UINT64_MAX)
		return RC_OK;
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_AUDIT), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	ev = xmalloc(sizeof *ev);
	for (err = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != sl || memcmp(k.mv_data, start, sl - 8) != 0)
			break;
		if (audit_decode(v.mv_data, v.mv_size, ev, NULL) != RC_OK) {
			rc = RC_IO;
			break;
		}
		if ((rc = fn(ev, ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != 0 && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "audit");
	mdb_cursor_close(cur);
	free(ev);
	return rc;
}

/* ---- for check: every event decodes and sits under its own key ---- */

static int audit_kind_load(const void *key, size_t klen, const void *val, size_t vlen,
                           void **obj, char **why)
{
	struct audit_event *ev = xmalloc(sizeof *ev);
	unsigned char k[AUDIT_KEY_MAX];
	size_t kl;

	*obj = NULL;
	if (audit_decode(val, vlen, ev, why) != RC_OK) {
		free(ev);
		return RC_INVALID;
	}
	kl = audit_key(ev->object_kind, ev->object_id, ev->seq, k);
	if (kl == 0 || kl != klen || memcmp(k, key, kl) != 0 || ev->seq == 0) {
		free(ev);
		return fail(why, RC_INVALID, "événement d'historique rangé sous une clé qui ne "
		                             "correspond pas à son objet et à son rang");
	}
	*obj = ev;
	return RC_OK;
}

const struct store_kind db_audit_kind = {
	.name = "audit",
	.records = DBI_AUDIT,
	.seq = NULL,
	.load = audit_kind_load,
	.free = free,
};
