/*
 * db-reflist.c — the imported reference lists (ZRR, FRR, QPV, France
 * Services) in LMDB, and the zone facts eligibility reads from them.
 *
 * Database "reflists": key "<list>\0<commune in force>\0<code listed>\0<key>"
 * → "reflist-entry" record, where the code listed is the INSEE code as the
 * file gives it (an arrondissement, a commune déléguée…), the commune in
 * force the one it belongs to (itself for a commune), and the key the QPV
 * code or France Services id ("" for ZRR/FRR). Database "reflist_meta":
 * list name → "reflist-meta" record (file, date, counts): the evidence.
 * An import replaces a whole list in one transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "core/zone.h"
#include "store/codec.h"
#include "store/db-geo.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"

#define REFLIST_ENTRY_SCHEMA 1
#define REFLIST_META_SCHEMA 1
#define REFLIST_DBKEY_MAX 64

/* ---- keys ---- */

/* "<list>\0" + commune + "\0" + code + "\0" + key; returns the length. */
static size_t entry_key(char out[REFLIST_DBKEY_MAX], enum reflist list, const char *commune,
                        const char *code, const char *key)
{
	const char *parts[] = { reflist_name(list), commune, code, key };
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		size_t l = strlen(parts[i]);

		if (n + l + 1 > REFLIST_DBKEY_MAX)
			break;
		memcpy(out + n, parts[i], l);
		n += l;
		if (i + 1 < ARRAY_LEN(parts))
			out[n++] = '\0';
	}
	return n;
}

/* The prefix of every key of list (and commune, if not NULL). */
static size_t entry_prefix(char out[REFLIST_DBKEY_MAX], enum reflist list, const char *commune)
{
	size_t n = strlen(reflist_name(list));

	memcpy(out, reflist_name(list), n);
	out[n++] = '\0';
	if (commune != NULL) {
		memcpy(out + n, commune, GEO_INSEE_LEN);
		n += GEO_INSEE_LEN;
		out[n++] = '\0';
	}
	return n;
}

/* ---- records ---- */

static void entry_encode(enum reflist list, const struct reflist_entry *e, const char *commune,
                         struct codec_w *w)
{
	codec_w_init(w, "reflist-entry", REFLIST_ENTRY_SCHEMA);
	codec_w_str(w, "list", reflist_name(list));
	codec_w_str(w, "insee", e->insee);
	codec_w_str(w, "commune", commune);
	codec_w_u64(w, "status", (uint64_t)e->status);
	codec_w_str(w, "key", e->key);
	codec_w_str(w, "name", e->name);
	if (e->address[0] != '\0')
		codec_w_str(w, "address", e->address);
	if (e->type[0] != '\0')
		codec_w_str(w, "type", e->type);
	if (e->has_coords) {
		codec_w_i64(w, "lat_e5", e->lat_e5);
		codec_w_i64(w, "lon_e5", e->lon_e5);
	}
	codec_w_u64(w, "line", e->line);
}

static int entry_decode(const void *val, size_t vlen, enum reflist *list,
                        struct reflist_entry *e, char commune[GEO_INSEE_LEN + 1])
{
	struct codec_r r;
	const msgpack_object *m;
	char lname[24];
	int status = ZONE_YES, rc;
	int64_t lat = 0, lon = 0;
	uint64_t line = 0;

	memset(e, 0, sizeof *e);
	commune[0] = '\0';
	if (codec_r_open(&r, val, vlen, "reflist-entry", NULL) != RC_OK)
		return RC_INVALID;
	m = codec_r_root(&r);
	codec_r_str(&r, m, "list", lname, sizeof lname, "");
	codec_r_str(&r, m, "insee", e->insee, sizeof e->insee, "");
	codec_r_str(&r, m, "commune", commune, GEO_INSEE_LEN + 1, "");
	codec_r_enum(&r, m, "status", &status, ZONE_YES, ZONE_YES + 1);
	e->status = (enum zone_status)status;
	codec_r_str(&r, m, "key", e->key, sizeof e->key, "");
	codec_r_str(&r, m, "name", e->name, sizeof e->name, "");
	codec_r_str(&r, m, "address", e->address, sizeof e->address, "");
	codec_r_str(&r, m, "type", e->type, sizeof e->type, "");
	e->has_coords = codec_find(m, "lat_e5") != NULL;
	codec_r_i64(&r, m, "lat_e5", &lat, 0);
	codec_r_i64(&r, m, "lon_e5", &lon, 0);
	codec_r_u64(&r, m, "line", &line, 0);
	if (lat < -9000000 || lat > 9000000)
		codec_r_fail(&r, "lat_e5");
	if (lon < -18000000 || lon > 18000000)
		codec_r_fail(&r, "lon_e5");
	e->lat_e5 = (int32_t)lat;
	e->lon_e5 = (int32_t)lon;
	e->line = (size_t)line;
	if (reflist_parse_name(lname, list, NULL) != RC_OK)
		codec_r_fail(&r, "list");
	if (!geo_insee_valid(e->insee))
		codec_r_fail(&r, "insee");
	if (!geo_insee_valid(commune))
		codec_r_fail(&r, "commune");
	rc = codec_r_close(&r);
	if (rc != RC_OK)
		memset(e, 0, sizeof *e);
	return rc;
}

static void meta_encode(enum reflist list, const struct reflist_evidence *ev, uint64_t lines,
                        uint64_t entries, struct codec_w *w)
{
	codec_w_init(w, "reflist-meta", REFLIST_META_SCHEMA);
	codec_w_str(w, "list", reflist_name(list));
	codec_w_str(w, "file", ev->file);
	codec_w_i64(w, "imported_at", ev->imported_at);
	codec_w_u64(w, "rows", ev->rows);
	codec_w_u64(w, "lines", lines);
	codec_w_u64(w, "entries", entries);
}

static int meta_decode(const void *val, size_t vlen, enum reflist *list,
                       struct reflist_evidence *ev)
{
	struct codec_r r;
	const msgpack_object *m;
	char lname[24];

	memset(ev, 0, sizeof *ev);
	if (codec_r_open(&r, val, vlen, "reflist-meta", NULL) != RC_OK)
		return RC_INVALID;
	m = codec_r_root(&r);
	codec_r_str(&r, m, "list", lname, sizeof lname, "");
	codec_r_str(&r, m, "file", ev->file, sizeof ev->file, "");
	codec_r_i64(&r, m, "imported_at", &ev->imported_at, 0);
	codec_r_u64(&r, m, "rows", &ev->rows, 0);
	if (reflist_parse_name(lname, list, NULL) != RC_OK)
		codec_r_fail(&r, "list");
	ev->loaded = true;
	if (codec_r_close(&r) != RC_OK) {
		memset(ev, 0, sizeof *ev);
		return RC_INVALID;
	}
	return RC_OK;
}

/* ---- import ---- */

static int drop_list(struct store_txn *txn, enum reflist list)
{
	char prefix[REFLIST_DBKEY_MAX];
	size_t plen = entry_prefix(prefix, list, NULL);
	MDB_cursor *cur = NULL;
	MDB_val k = { plen, prefix }, v;
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_REFLISTS), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	err = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	while (err == 0 && k.mv_size >= plen && memcmp(k.mv_data, prefix, plen) == 0) {
		/* After a delete the cursor's next item is the one that followed. */
		if ((err = mdb_cursor_del(cur, 0)) != 0)
			break;
		err = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
	}
	if (err != 0 && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "drop reference list");
	mdb_cursor_close(cur);
	return rc;
}

int db_reflist_replace(struct store_txn *txn, enum reflist list, const char *file,
                       const struct reflist_parsed *parsed, int64_t when)
{
	struct geo_commune *c = xmalloc(sizeof *c);
	struct reflist_evidence ev;
	struct codec_w w;
	int rc = RC_INVALID;

	if (!txn->write || strlen(file) == 0 || strlen(file) > REFLIST_FILE_MAX ||
	    strchr(file, '/') != NULL)
		goto out;
	if ((rc = drop_list(txn, list)) != RC_OK)
		goto out;
	for (size_t i = 0; i < parsed->n_entries; i++) {
		const struct reflist_entry *e = &parsed->entries[i];
		char key[REFLIST_DBKEY_MAX];
		const char *commune;
		size_t klen;

		if ((rc = db_geo_get(txn, e->insee, c)) != RC_OK) {
			log_error("commune %s of list %s is not in the geography", e->insee,
			          reflist_name(list));
			goto out;
		}
		commune = zone_in_force(c);
		klen = entry_key(key, list, commune, e->insee, e->key);
		entry_encode(list, e, commune, &w);
		if ((rc = record_put_key(txn, DBI_REFLISTS, key, klen, &w, 0)) != RC_OK)
			goto out;
	}
	memset(&ev, 0, sizeof ev);
	ev.loaded = true;
	strlcpy_(ev.file, file, sizeof ev.file);
	ev.imported_at = when;
	ev.rows = parsed->listed;
	meta_encode(list, &ev, parsed->rows, parsed->n_entries, &w);
	rc = record_put_key(txn, DBI_REFLIST_META, reflist_name(list), strlen(reflist_name(list)),
	                    &w, 0);
out:
	free(c);
	return rc;
}

/* ---- reading ---- */

int db_reflist_evidence(struct store_txn *txn, enum reflist list, struct reflist_evidence *out)
{
	const void *v;
	size_t vlen;
	enum reflist l;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_get(txn, DBI_REFLIST_META, reflist_name(list), strlen(reflist_name(list)), &v,
	               &vlen);
	if (rc == RC_NOTFOUND)
		return RC_OK;
	if (rc != RC_OK)
		return rc;
	if (meta_decode(v, vlen, &l, out) != RC_OK || l != list) {
		memset(out, 0, sizeof *out);
		log_error("evidence of %s does not decode", reflist_name(list));
		return RC_IO;
	}
	return RC_OK;
}

static int walk_prefix(struct store_txn *txn, const char *prefix, size_t plen,
                       db_reflist_fn fn, void *ctx)
{
	struct reflist_entry *e = xmalloc(sizeof *e);
	char commune[GEO_INSEE_LEN + 1];
	MDB_cursor *cur = NULL;
	MDB_val k = { plen, (void *)prefix }, v;
	enum reflist l;
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_REFLISTS), &cur)) != 0) {
		rc = store_mdb_rc(err, "mdb_cursor_open");
		goto out;
	}
	for (err = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) != 0)
			break;
		if (entry_decode(v.mv_data, v.mv_size, &l, e, commune) != RC_OK) {
			log_error("reference list entry does not decode");
			rc = RC_IO;
			goto out;
		}
		if ((rc = fn(e, commune, ctx)) != RC_OK)
			goto out;
	}
	if (err != 0 && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "mdb_cursor_get");
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	free(e);
	return rc;
}

int db_reflist_each(struct store_txn *txn, enum reflist list, db_reflist_fn fn, void *ctx)
{
	char prefix[REFLIST_DBKEY_MAX];

	return walk_prefix(txn, prefix, entry_prefix(prefix, list, NULL), fn, ctx);
}

int db_reflist_for_commune(struct store_txn *txn, enum reflist list, const char *insee,
                           db_reflist_fn fn, void *ctx)
{
	char prefix[REFLIST_DBKEY_MAX];

	if (!geo_insee_valid(insee))
		return RC_OK;
	return walk_prefix(txn, prefix, entry_prefix(prefix, list, insee), fn, ctx);
}

/* ---- check ---- */

struct reflist_obj {
	enum reflist list;
	struct reflist_entry e;
};

static int entry_kind_load(const void *key, size_t klen, const void *val, size_t vlen,
                           void **obj, char **why)
{
	struct reflist_obj *o = xcalloc(1, sizeof *o);
	char commune[GEO_INSEE_LEN + 1], want[REFLIST_DBKEY_MAX];
	size_t wlen;

	*obj = NULL;
	if (entry_decode(val, vlen, &o->list, &o->e, commune) != RC_OK) {
		free(o);
		return fail(why, RC_INVALID, "entrée de liste de référence illisible");
	}
	wlen = entry_key(want, o->list, commune, o->e.insee, o->e.key);
	if (wlen != klen || memcmp(want, key, klen) != 0) {
		free(o);
		return fail(why, RC_INVALID, "entrée de liste de référence rangée sous une autre clé");
	}
	*obj = o;
	return RC_OK;
}

static int meta_kind_load(const void *key, size_t klen, const void *val, size_t vlen,
                          void **obj, char **why)
{
	struct reflist_evidence *ev = xcalloc(1, sizeof *ev);
	enum reflist l;

	*obj = NULL;
	if (meta_decode(val, vlen, &l, ev) != RC_OK || strlen(reflist_name(l)) != klen ||
	    memcmp(reflist_name(l), key, klen) != 0) {
		free(ev);
		return fail(why, RC_INVALID, "preuve d'import illisible ou rangée sous une autre clé");
	}
	*obj = ev;
	return RC_OK;
}

static void reflist_kind_free(void *obj)
{
	free(obj);
}

const struct store_kind db_reflist_kind = {
	.name = "reflist-entry",
	.records = DBI_REFLISTS,
	.load = entry_kind_load,
	.free = reflist_kind_free,
};

const struct store_kind db_reflist_meta_kind = {
	.name = "reflist-meta",
	.records = DBI_REFLIST_META,
	.load = meta_kind_load,
	.free = reflist_kind_free,
};
