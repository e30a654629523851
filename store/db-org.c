/*
 * db-org.c — organisations in LMDB: the "org" record (MessagePack), its
 * indexes by SIREN, by commune (INSEE) and by exact name (all MDB_DUPSORT,
 * kept in the record's transaction), optimistic versioning, and its entry in
 * the table of kinds that check verifies.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"

#define ORG_SCHEMA 1

static void org_encode(const void *obj, struct codec_w *w)
{
	const struct org *o = obj;

	codec_w_init(w, "org", ORG_SCHEMA);
	codec_w_u64(w, "id", o->id);
	codec_w_u64(w, "version", o->version);
	codec_w_u64(w, "kind", (uint64_t)o->kind);
	codec_w_u64(w, "status", (uint64_t)o->status);
	codec_w_str(w, "name", o->name);
	codec_w_str(w, "siret", o->siret);
	codec_w_str(w, "siren", o->siren);
	codec_w_str(w, "insee", o->insee);
	codec_w_str(w, "dept", o->dept);
	codec_w_contact(w, "contact", &o->contact);
	codec_w_i64(w, "created_at", o->created_at);
	codec_w_i64(w, "updated_at", o->updated_at);
}

/* Decodes into out (a struct org, cleared first); on failure out is left clear. */
static int org_decode(const void *val, size_t vlen, void *obj, char **why)
{
	struct org *out = obj;
	struct codec_r r;
	const msgpack_object *m;
	int kind = ORG_KIND_NONE, status = ORG_PENDING, rc;

	memset(out, 0, sizeof *out);
	if (codec_r_open(&r, val, vlen, "org", NULL) != RC_OK)
		return fail(why, RC_INVALID, "enregistrement d'organisation illisible");
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "id", &out->id, 0);
	codec_r_u64(&r, m, "version", &out->version, 0);
	codec_r_enum(&r, m, "kind", &kind, ORG_KIND_NONE, ORG_KIND_COUNT);
	out->kind = (enum org_kind)kind;
	codec_r_enum(&r, m, "status", &status, ORG_PENDING, ORG_STATUS_COUNT);
	out->status = (enum org_status)status;
	codec_r_str(&r, m, "name", out->name, sizeof out->name, "");
	codec_r_str(&r, m, "siret", out->siret, sizeof out->siret, "");
	codec_r_str(&r, m, "siren", out->siren, sizeof out->siren, "");
	codec_r_str(&r, m, "insee", out->insee, sizeof out->insee, "");
	codec_r_str(&r, m, "dept", out->dept, sizeof out->dept, "");
	codec_r_contact(&r, m, "contact", &out->contact);
	codec_r_i64(&r, m, "created_at", &out->created_at, 0);
	codec_r_i64(&r, m, "updated_at", &out->updated_at, 0);
	if (r.err == RC_OK && (out->id == 0 || out->name[0] == '\0'))
		codec_r_fail(&r, out->id == 0 ? "id" : "name");
	rc = codec_r_end(&r, "organisation", why);
	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* Fixed-size text fields must hold their NUL; the name is a non-empty key. */
static int org_storable(const void *obj)
{
	const struct org *o = obj;

	if (strnlen(o->name, sizeof o->name) == 0 || strnlen(o->name, sizeof o->name) >= sizeof o->name ||
	    strnlen(o->siret, sizeof o->siret) >= sizeof o->siret ||
	    strnlen(o->siren, sizeof o->siren) >= sizeof o->siren ||
	    strnlen(o->insee, sizeof o->insee) >= sizeof o->insee ||
	    strnlen(o->dept, sizeof o->dept) >= sizeof o->dept ||
	    !codec_contact_fits(&o->contact) ||
	    (unsigned)o->kind >= ORG_KIND_COUNT || (unsigned)o->status >= ORG_STATUS_COUNT)
		return RC_INVALID;
	return RC_OK;
}

static const struct record_type org_record = {
	.name = "org",
	.dbi = DBI_ORGS,
	.size = sizeof(struct org),
	.id_offset = offsetof(struct org, id),
	.decode = org_decode,
	.misplaced = "organisation rangée sous une clé qui n'est pas son numéro",
	.storable = org_storable,
	.encode = org_encode,
	.versioned = true,
	.version_offset = offsetof(struct org, version),
	.stamped = true,
	.created_offset = offsetof(struct org, created_at),
	.updated_offset = offsetof(struct org, updated_at),
};

int db_org_get(struct store_txn *txn, uint64_t id, struct org *out)
{
	return record_get(txn, &org_record, id, out);
}

/* First id under key in a dup index, then the record. */
static int org_by_index(struct store_txn *txn, enum dbi d, const char *key, struct org *out)
{
	const void *v;
	size_t vlen;
	int rc;

	memset(out, 0, sizeof *out);
	if (key == NULL || *key == '\0' || strlen(key) > STORE_KEY_MAX)
		return RC_NOTFOUND;
	if ((rc = store_get(txn, d, key, strlen(key), &v, &vlen)) != RC_OK)
		return rc;
	if (vlen != 8)
		return RC_IO;
	return db_org_get(txn, u64_from_key(v), out);
}

int db_org_by_siren(struct store_txn *txn, const char *siren, struct org *out)
{
	return org_by_index(txn, DBI_ORG_BY_SIREN, siren, out);
}

int db_org_by_name(struct store_txn *txn, const char *name, struct org *out)
{
	return org_by_index(txn, DBI_ORG_BY_NAME, name, out);
}

int db_org_insert(struct store_txn *txn, struct org *o)
{
	return store_kind_insert(txn, &db_org_kind, o);
}

int db_org_update(struct store_txn *txn, struct org *o)
{
	return store_kind_update(txn, &db_org_kind, o);
}

/* Calls fn for each org of database d (all of it, or the ids under key in an index). */
static int org_walk(struct store_txn *txn, enum dbi d, const char *key, db_org_fn fn, void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k = { 0, NULL }, v;
	struct org o;
	MDB_cursor_op first = MDB_FIRST, next = MDB_NEXT;
	int err, rc = RC_OK;

	if (key != NULL) {
		if (*key == '\0' || strlen(key) > STORE_KEY_MAX)
			return RC_OK;
		k.mv_size = strlen(key);
		k.mv_data = (void *)key;
		first = MDB_SET_KEY;
		next = MDB_NEXT_DUP;
	}
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, d), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, first); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, next)) {
		uint64_t id = d == DBI_ORGS ? (k.mv_size == 8 ? u64_from_key(k.mv_data) : 0)
		                            : (v.mv_size == 8 ? u64_from_key(v.mv_data) : 0);

		if ((rc = db_org_get(txn, id, &o)) != RC_OK) {
			if (rc == RC_NOTFOUND)
				rc = RC_IO;
			break;
		}
		rc = fn(&o, ctx);
		if (rc != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, store_dbi_defs[d].name);
	mdb_cursor_close(cur);
	return rc;
}

int db_org_each(struct store_txn *txn, db_org_fn fn, void *ctx)
{
	return org_walk(txn, DBI_ORGS, NULL, fn, ctx);
}

int db_org_each_in_commune(struct store_txn *txn, const char *insee, db_org_fn fn, void *ctx)
{
	return org_walk(txn, DBI_ORG_BY_COMMUNE, insee, fn, ctx);
}

int db_org_each_by_siren(struct store_txn *txn, const char *siren, db_org_fn fn, void *ctx)
{
	return org_walk(txn, DBI_ORG_BY_SIREN, siren, fn, ctx);
}

/* ---- for check ---- */

static void org_keys_siren(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, ((const struct org *)obj)->siren);
}

static void org_keys_commune(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, ((const struct org *)obj)->insee);
}

static void org_keys_name(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, ((const struct org *)obj)->name);
}

const struct store_kind db_org_kind = {
	.name = "org",
	.records = DBI_ORGS,
	.seq = "org",
	.record = &org_record,
	.index = {
		{ DBI_ORG_BY_SIREN, org_keys_siren },
		{ DBI_ORG_BY_COMMUNE, org_keys_commune },
		{ DBI_ORG_BY_NAME, org_keys_name },
	},
};
