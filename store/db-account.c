/*
 * db-account.c — accounts in LMDB: the "account" record (MessagePack), its
 * unique index by login, optimistic versioning, and its entry in the table
 * of kinds that check verifies.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"

#define ACCOUNT_SCHEMA 1

static void account_encode(const void *obj, struct codec_w *w)
{
	const struct account *a = obj;

	codec_w_init(w, "account", ACCOUNT_SCHEMA);
	codec_w_u64(w, "id", a->id);
	codec_w_u64(w, "version", a->version);
	codec_w_str(w, "login", a->login);
	codec_w_u64(w, "role", (uint64_t)a->role);
	codec_w_u64(w, "org_id", a->org_id);
	codec_w_str(w, "pwhash", a->pwhash);
	codec_w_strs(w, "keys", (const char *const *)a->keys, a->nkeys);
	codec_w_bool(w, "disabled", a->disabled);
	codec_w_bool(w, "must_change_pw", a->must_change_pw);
	codec_w_i64(w, "created_at", a->created_at);
	codec_w_i64(w, "updated_at", a->updated_at);
}

/* Decodes into out (a struct account, cleared first); on failure out is left clear. */
static int account_decode(const void *val, size_t vlen, void *obj, char **why)
{
	struct account *out = obj;
	struct codec_r r;
	const msgpack_object *m;
	int role = ROLE_NONE, rc;

	memset(out, 0, sizeof *out);
	if (codec_r_open(&r, val, vlen, "account", NULL) != RC_OK)
		return fail(why, RC_INVALID, "enregistrement de compte illisible");
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "id", &out->id, 0);
	codec_r_u64(&r, m, "version", &out->version, 0);
	codec_r_str(&r, m, "login", out->login, sizeof out->login, "");
	codec_r_enum(&r, m, "role", &role, ROLE_NONE, ROLE_COUNT);
	out->role = (enum role)role;
	codec_r_u64(&r, m, "org_id", &out->org_id, 0);
	codec_r_str(&r, m, "pwhash", out->pwhash, sizeof out->pwhash, "");
	codec_r_strs(&r, m, "keys", out->keys, ACCOUNT_KEYS_MAX, &out->nkeys, SSHKEY_LINE_MAX);
	codec_r_bool(&r, m, "disabled", &out->disabled, false);
	codec_r_bool(&r, m, "must_change_pw", &out->must_change_pw, false);
	codec_r_i64(&r, m, "created_at", &out->created_at, 0);
	codec_r_i64(&r, m, "updated_at", &out->updated_at, 0);
	if (r.err == RC_OK && (out->id == 0 || out->login[0] == '\0'))
		codec_r_fail(&r, out->id == 0 ? "id" : "login");
	rc = codec_r_end(&r, "compte", why);
	if (rc != RC_OK)
		account_clear(out);
	return rc;
}

/* What the store itself needs of an account before writing it. */
static int account_storable(const void *obj)
{
	const struct account *a = obj;

	size_t len = strnlen(a->login, sizeof a->login);

	if (len == 0 || len > LOGIN_MAX || a->nkeys > ACCOUNT_KEYS_MAX ||
	    (unsigned)a->role >= ROLE_COUNT || strnlen(a->pwhash, PWHASH_MAX) >= PWHASH_MAX)
		return RC_INVALID;
	for (size_t i = 0; i < a->nkeys; i++)
		if (a->keys[i] == NULL || strlen(a->keys[i]) > SSHKEY_LINE_MAX)
			return RC_INVALID;
	return RC_OK;
}

static void account_clear_obj(void *obj)
{
	account_clear(obj);
}

static const struct record_type account_record = {
	.name = "account",
	.dbi = DBI_ACCOUNTS,
	.size = sizeof(struct account),
	.id_offset = offsetof(struct account, id),
	.decode = account_decode,
	.clear = account_clear_obj,
	.misplaced = "compte rangé sous une clé qui n'est pas son numéro",
	.storable = account_storable,
	.encode = account_encode,
	.versioned = true,
	.version_offset = offsetof(struct account, version),
	.stamped = true,
	.created_offset = offsetof(struct account, created_at),
	.updated_offset = offsetof(struct account, updated_at),
};

int db_account_get(struct store_txn *txn, uint64_t id, struct account *out)
{
	return record_get(txn, &account_record, id, out);
}

int db_account_by_login(struct store_txn *txn, const char *login, struct account *out)
{
	const void *v;
	size_t vlen;
	int rc;

	memset(out, 0, sizeof *out);
	if (login == NULL || *login == '\0' || strlen(login) > LOGIN_MAX)
		return RC_NOTFOUND;
	if ((rc = store_get(txn, DBI_ACCOUNT_BY_LOGIN, login, strlen(login), &v, &vlen)) != RC_OK)
		return rc;
	if (vlen != 8) {
		log_error("account_by_login « %s »: bad value", login);
		return RC_IO;
	}
	return db_account_get(txn, u64_from_key(v), out);
}

int db_account_insert(struct store_txn *txn, struct account *a)
{
	const void *v;
	size_t vlen;
	int rc;

	if ((rc = account_storable(a)) != RC_OK)
		return rc;
	/* the login index is unique: say RC_EXISTS before taking an id */
	rc = store_get(txn, DBI_ACCOUNT_BY_LOGIN, a->login, strlen(a->login), &v, &vlen);
	if (rc == RC_OK)
		return RC_EXISTS;
	if (rc != RC_NOTFOUND)
		return rc;
	return store_kind_insert(txn, &db_account_kind, a);
}

int db_account_update(struct store_txn *txn, struct account *a)
{
	return store_kind_update(txn, &db_account_kind, a);
}

int db_account_each(struct store_txn *txn, db_account_fn fn, void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	struct account a;
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_ACCOUNT_BY_LOGIN), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (v.mv_size != 8) {
			rc = RC_IO;
			break;
		}
		if ((rc = db_account_get(txn, u64_from_key(v.mv_data), &a)) != RC_OK) {
			if (rc == RC_NOTFOUND)
				rc = RC_IO; /* the index points nowhere: check reports it */
			break;
		}
		rc = fn(&a, ctx);
		account_clear(&a);
		if (rc != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "account_by_login");
	mdb_cursor_close(cur);
	return rc;
}

/* ---- for check ---- */

static void account_keys_login(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, ((const struct account *)obj)->login);
}

const struct store_kind db_account_kind = {
	.name = "account",
	.records = DBI_ACCOUNTS,
	.seq = "account",
	.record = &account_record,
	.index = {
		{ DBI_ACCOUNT_BY_LOGIN, account_keys_login, MDB_NOOVERWRITE },
	},
};
