/*
 * db-geo.c — the reference geography in LMDB. Database "communes" holds, by
 * key: an INSEE code → "commune" record (communes in force, arrondissements
 * municipaux, communes déléguées/associées, former communes); "D:<code>" →
 * "dept"; "R:<code>" → "region"; "E:<siren>" → "epci". Indexes (dup):
 * commune_by_postcode (postal code → INSEE code) and commune_by_name
 * (folded name → INSEE code). Loaded whole, in one transaction, from the
 * file embedded in the binary; registered with check.
 */
#include <stdlib.h>
#include <string.h>

#include "data/geography.h"
#include "store/codec.h"
#include "store/db-geo.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"

#define COMMUNE_SCHEMA 1
#define GEO_KEY_MAX 16

/* ---- encoding ---- */

static void commune_encode(const struct geo_commune *c, struct codec_w *w)
{
	const char *pcs[GEO_POSTCODES_MAX];

	for (size_t i = 0; i < c->n_postcodes; i++)
		pcs[i] = c->postcodes[i];
	codec_w_init(w, "commune", COMMUNE_SCHEMA);
	codec_w_str(w, "insee", c->insee);
	codec_w_u64(w, "kind", (uint64_t)c->kind);
	codec_w_str(w, "parent", c->parent);
	codec_w_str(w, "name", c->name);
	codec_w_str(w, "dep", c->dep);
	codec_w_str(w, "reg", c->reg);
	codec_w_str(w, "epci", c->epci);
	codec_w_strs(w, "postcodes", pcs, c->n_postcodes);
	codec_w_u64(w, "population", c->population);
	codec_w_i64(w, "lat_e5", c->lat_e5);
	codec_w_i64(w, "lon_e5", c->lon_e5);
	codec_w_bool(w, "approx", c->approx);
}

static int commune_decode(const void *val, size_t vlen, struct geo_commune *out)
{
	struct codec_r r;
	const msgpack_object *m;
	char *pcs[GEO_POSTCODES_MAX];
	size_t n = 0;
	int kind = GEO_COMMUNE, rc;
	int64_t lat = 0, lon = 0;
	uint64_t pop = 0;

	memset(out, 0, sizeof *out);
	if (codec_r_open(&r, val, vlen, "commune", NULL) != RC_OK)
		return RC_INVALID;
	m = codec_r_root(&r);
	codec_r_str(&r, m, "insee", out->insee, sizeof out->insee, "");
	codec_r_enum(&r, m, "kind", &kind, GEO_COMMUNE, GEO_KIND_COUNT);
	out->kind = (enum geo_kind)kind;
	codec_r_str(&r, m, "parent", out->parent, sizeof out->parent, "");
	codec_r_str(&r, m, "name", out->name, sizeof out->name, "");
	codec_r_str(&r, m, "dep", out->dep, sizeof out->dep, "");
	codec_r_str(&r, m, "reg", out->reg, sizeof out->reg, "");
	codec_r_str(&r, m, "epci", out->epci, sizeof out->epci, "");
	if (codec_r_strs(&r, m, "postcodes", pcs, GEO_POSTCODES_MAX, &n, 5) == RC_OK) {
		for (size_t i = 0; i < n; i++) {
			strlcpy_(out->postcodes[i], pcs[i], sizeof out->postcodes[i]);
			free(pcs[i]);
		}
		out->n_postcodes = n;
	}
	codec_r_u64(&r, m, "population", &pop, 0);
	codec_r_i64(&r, m, "lat_e5", &lat, 0);
	codec_r_i64(&r, m, "lon_e5", &lon, 0);
	codec_r_bool(&r, m, "approx", &out->approx, false);
	if (pop > UINT32_MAX)
		codec_r_fail(&r, "population");
	if (lat < -9000000 || lat > 9000000)
		codec_r_fail(&r, "lat_e5");
	if (lon < -18000000 || lon > 18000000)
		codec_r_fail(&r, "lon_e5");
	if (!geo_insee_valid(out->insee))
		codec_r_fail(&r, "insee");
	out->population = (uint32_t)pop;
	out->lat_e5 = (int32_t)lat;
	out->lon_e5 = (int32_t)lon;
	rc = codec_r_close(&r);
	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* A département or EPCI record lists its communes in force (INSEE codes). */
static void dept_encode(const struct geo_dept *d, const char *const *members, size_t n,
                        struct codec_w *w)
{
	codec_w_init(w, "dept", 1);
	codec_w_str(w, "code", d->code);
	codec_w_str(w, "reg", d->reg);
	codec_w_str(w, "name", d->name);
	codec_w_strs(w, "communes", members, n);
}

/* A text field of a département, région or EPCI record, and where it is read to. */
struct text_field {
	const char *name;
	char *dst;
	size_t cap;
};

/*
 * Decodes a record of kind into its text fields f[0..n) (an absent one reads
 * as ""; the member list is left to members_walk). RC_INVALID when the
 * record does not decode.
 */
static int text_decode(const void *val, size_t vlen, const char *kind,
                       const struct text_field *f, size_t n)
{
	struct codec_r r;
	const msgpack_object *m;

	if (codec_r_open(&r, val, vlen, kind, NULL) != RC_OK)
		return RC_INVALID;
	m = codec_r_root(&r);
	for (size_t i = 0; i < n; i++)
		codec_r_str(&r, m, f[i].name, f[i].dst, f[i].cap, "");
	return codec_r_close(&r);
}

/* Decoders of the "D:", "R:" and "E:" records into a struct geo_dept, _region, _epci. */
static int dept_decode(const void *val, size_t vlen, void *obj)
{
	struct geo_dept *out = obj;
	const struct text_field f[] = {
		{ "code", out->code, sizeof out->code },
		{ "reg", out->reg, sizeof out->reg },
		{ "name", out->name, sizeof out->name },
	};

	memset(out, 0, sizeof *out);
	return text_decode(val, vlen, "dept", f, ARRAY_LEN(f));
}

static void region_encode(const struct geo_region *g, struct codec_w *w)
{
	codec_w_init(w, "region", 1);
	codec_w_str(w, "code", g->code);
	codec_w_str(w, "name", g->name);
}

static int region_decode(const void *val, size_t vlen, void *obj)
{
	struct geo_region *out = obj;
	const struct text_field f[] = {
		{ "code", out->code, sizeof out->code },
		{ "name", out->name, sizeof out->name },
	};

	memset(out, 0, sizeof *out);
	return text_decode(val, vlen, "region", f, ARRAY_LEN(f));
}

static void epci_encode(const struct geo_epci *e, const char *const *members, size_t n,
                        struct codec_w *w)
{
	codec_w_init(w, "epci", 1);
	codec_w_str(w, "siren", e->siren);
	codec_w_str(w, "type", e->type);
	codec_w_str(w, "name", e->name);
	codec_w_strs(w, "communes", members, n);
}

static int epci_decode(const void *val, size_t vlen, void *obj)
{
	struct geo_epci *out = obj;
	const struct text_field f[] = {
		{ "siren", out->siren, sizeof out->siren },
		{ "type", out->type, sizeof out->type },
		{ "name", out->name, sizeof out->name },
	};

	memset(out, 0, sizeof *out);
	return text_decode(val, vlen, "epci", f, ARRAY_LEN(f));
}

/* True for the key of a commune record (not "D:…", "R:…", "E:…"). */
static bool is_commune_key(const void *key, size_t klen)
{
	return klen == GEO_INSEE_LEN && ((const char *)key)[1] != ':';
}

/* ---- loading ---- */

static int put_record(struct store_txn *txn, const char *key, struct codec_w *w)
{
	return record_put_key(txn, DBI_COMMUNES, key, strlen(key), w, 0);
}

/* (territory code, INSEE code) of a commune in force, for member lists. */
struct member {
	char code[10];
	char insee[GEO_INSEE_LEN + 1];
};

struct load_ctx {
	struct store_txn *txn;
	size_t count;
	struct geo_dept *depts;
	size_t ndepts, capdepts;
	struct geo_epci *epcis;
	size_t nepcis, capepcis;
	struct member *bydep, *byepci;
	size_t nbydep, nbyepci, capbydep, capbyepci;
};

#define GROW(arr, n, cap)                                                      \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			(cap) = (cap) ? (cap) * 2 : 256;                       \
			(arr) = xrealloc((arr), (cap) * sizeof *(arr));        \
		}                                                              \
	} while (0)

static int load_region(const struct geo_region *g, void *ctx)
{
	struct load_ctx *lc = ctx;
	struct codec_w w;
	char key[GEO_KEY_MAX];

	snprintf(key, sizeof key, "R:%s", g->code);
	region_encode(g, &w);
	return put_record(lc->txn, key, &w);
}

static int load_dept(const struct geo_dept *d, void *ctx)
{
	struct load_ctx *lc = ctx;

	GROW(lc->depts, lc->ndepts, lc->capdepts);
	lc->depts[lc->ndepts++] = *d;
	return RC_OK;
}

static int load_epci(const struct geo_epci *e, void *ctx)
{
	struct load_ctx *lc = ctx;

	GROW(lc->epcis, lc->nepcis, lc->capepcis);
	lc->epcis[lc->nepcis++] = *e;
	return RC_OK;
}

static int load_commune(const struct geo_commune *c, void *ctx)
{
	struct load_ctx *lc = ctx;
	struct codec_w w;
	char folded[GEO_FOLD_MAX];
	size_t flen;
	int rc;

	commune_encode(c, &w);
	if ((rc = put_record(lc->txn, c->insee, &w)) != RC_OK)
		return rc;
	for (size_t i = 0; i < c->n_postcodes; i++)
		if ((rc = store_put(lc->txn, DBI_COMMUNE_BY_POSTCODE, c->postcodes[i], 5, c->insee,
		                    GEO_INSEE_LEN, 0)) != RC_OK)
			return rc;
	flen = geo_fold(c->name, folded, sizeof folded, false);
	if (flen != (size_t)-1 && flen > 0 &&
	    (rc = store_put(lc->txn, DBI_COMMUNE_BY_NAME, folded, flen, c->insee, GEO_INSEE_LEN,
	                    0)) != RC_OK)
		return rc;
	if (c->kind == GEO_COMMUNE) {
		GROW(lc->bydep, lc->nbydep, lc->capbydep);
		strlcpy_(lc->bydep[lc->nbydep].code, c->dep, sizeof lc->bydep[0].code);
		memcpy(lc->bydep[lc->nbydep++].insee, c->insee, GEO_INSEE_LEN + 1);
		if (c->epci[0] != '\0') {
			GROW(lc->byepci, lc->nbyepci, lc->capbyepci);
			strlcpy_(lc->byepci[lc->nbyepci].code, c->epci, sizeof lc->byepci[0].code);
			memcpy(lc->byepci[lc->nbyepci++].insee, c->insee, GEO_INSEE_LEN + 1);
		}
	}
	lc->count++;
	return RC_OK;
}

static int member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int r = strcmp(x->code, y->code);

	return r != 0 ? r : strcmp(x->insee, y->insee);
}

/* The INSEE codes of code's members in the sorted array m[0..n) (pointers into m). */
static size_t members_of(const struct member *m, size_t n, const char *code,
                         const char ***out, size_t *cap)
{
	size_t lo = 0, hi = n, k = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(m[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && strcmp(m[lo].code, code) == 0; lo++) {
		if (k == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*out = xrealloc(*out, *cap * sizeof **out);
		}
		(*out)[k++] = m[lo].insee;
	}
	return k;
}

/* Writes the départements and EPCI with their member communes. */
static int load_groups(struct load_ctx *lc)
{
	const char **ptrs = NULL;
	size_t cap = 0, n;
	struct codec_w w;
	char key[GEO_KEY_MAX];
	int rc = RC_OK;

	qsort(lc->bydep, lc->nbydep, sizeof *lc->bydep, member_cmp);
	qsort(lc->byepci, lc->nbyepci, sizeof *lc->byepci, member_cmp);
	for (size_t i = 0; i < lc->ndepts && rc == RC_OK; i++) {
		n = members_of(lc->bydep, lc->nbydep, lc->depts[i].code, &ptrs, &cap);
		snprintf(key, sizeof key, "D:%s", lc->depts[i].code);
		dept_encode(&lc->depts[i], ptrs, n, &w);
		rc = put_record(lc->txn, key, &w);
	}
	for (size_t i = 0; i < lc->nepcis && rc == RC_OK; i++) {
		n = members_of(lc->byepci, lc->nbyepci, lc->epcis[i].siren, &ptrs, &cap);
		snprintf(key, sizeof key, "E:%s", lc->epcis[i].siren);
		epci_encode(&lc->epcis[i], ptrs, n, &w);
		rc = put_record(lc->txn, key, &w);
	}
	free(ptrs);
	return rc;
}

int db_geo_load(struct store_txn *txn, const char *data, size_t len, size_t *count, char **why)
{
	struct load_ctx lc;
	struct geo_sink sink = { load_region, load_dept, load_epci, load_commune, &lc };
	static const enum dbi dbis[] = { DBI_COMMUNES, DBI_COMMUNE_BY_POSTCODE, DBI_COMMUNE_BY_NAME };
	int rc = RC_ERR, err;

	memset(&lc, 0, sizeof lc);
	lc.txn = txn;
	if (!txn->write) {
		rc = fail(why, RC_ERR, "chargement de la géographie hors transaction d'écriture");
		goto out;
	}
	for (size_t i = 0; i < ARRAY_LEN(dbis); i++)
		if ((err = mdb_drop(txn->txn, store_dbi(txn, dbis[i]), 0)) != 0) {
			rc = fail(why, store_mdb_rc(err, "mdb_drop geography"),
			          "impossible de vider la géographie précédente");
			goto out;
		}
	if ((rc = geo_parse(data, len, &sink, why)) != RC_OK ||
	    (rc = load_groups(&lc)) != RC_OK) {
		if (why != NULL && *why == NULL)
			fail(why, rc, "écriture de la géographie impossible (%s)", rc_str(rc));
		goto out;
	}
	if (lc.count == 0) {
		rc = fail(why, RC_INVALID, "géographie de référence vide");
		goto out;
	}
	if (count != NULL)
		*count = lc.count;
	rc = RC_OK;
out:
	free(lc.depts);
	free(lc.epcis);
	free(lc.bydep);
	free(lc.byepci);
	return rc;
}

int geo_load_reference(struct store *st, size_t *count, char **why)
{
	struct store_txn *txn = NULL;
	int64_t t0 = now_ms();
	size_t n = 0;
	int rc;

	if ((rc = store_begin(st, true, &txn)) != RC_OK)
		return fail(why, rc, "ouverture de la base impossible pour la géographie");
	rc = db_geo_load(txn, geo_data_start, (size_t)(geo_data_end - geo_data_start), &n, why);
	if (rc != RC_OK) {
		store_abort(txn);
		return rc;
	}
	if ((rc = store_commit(txn)) != RC_OK)
		return fail(why, rc, "enregistrement de la géographie impossible");
	log_info("reference geography loaded: %zu places in %lld ms", n,
	         (long long)(now_ms() - t0));
	if (count != NULL)
		*count = n;
	return RC_OK;
}

/* ---- look-ups ---- */

int db_geo_get(struct store_txn *txn, const char *insee, struct geo_commune *out)
{
	const void *v;
	size_t vlen;
	int rc;

	memset(out, 0, sizeof *out);
	if (!geo_insee_valid(insee))
		return RC_NOTFOUND;
	if ((rc = store_get(txn, DBI_COMMUNES, insee, GEO_INSEE_LEN, &v, &vlen)) != RC_OK)
		return rc;
	if (commune_decode(v, vlen, out) != RC_OK || strcmp(out->insee, insee) != 0) {
		log_error("commune %s does not decode", insee);
		memset(out, 0, sizeof *out);
		return RC_IO;
	}
	return RC_OK;
}

static int get_keyed(struct store_txn *txn, const char *prefix, const char *code,
                     const void **v, size_t *vlen)
{
	char key[GEO_KEY_MAX];
	int n;

	if (code == NULL || code[0] == '\0')
		return RC_NOTFOUND;
	n = snprintf(key, sizeof key, "%s%s", prefix, code);
	if (n < 0 || (size_t)n >= sizeof key)
		return RC_NOTFOUND;
	return store_get(txn, DBI_COMMUNES, key, (size_t)n, v, vlen);
}

/*
 * Reads the record prefix+code into out (size bytes, cleared first) with
 * decode: RC_NOTFOUND, or RC_IO when it does not decode.
 */
static int get_decoded(struct store_txn *txn, const char *prefix, const char *code,
                       int (*decode)(const void *val, size_t vlen, void *out), void *out,
                       size_t size)
{
	const void *v;
	size_t vlen;
	int rc;

	memset(out, 0, size);
	if ((rc = get_keyed(txn, prefix, code, &v, &vlen)) != RC_OK)
		return rc;
	return decode(v, vlen, out) == RC_OK ? RC_OK : RC_IO;
}

int db_geo_dept(struct store_txn *txn, const char *code, struct geo_dept *out)
{
	return get_decoded(txn, "D:", code, dept_decode, out, sizeof *out);
}

int db_geo_region(struct store_txn *txn, const char *code, struct geo_region *out)
{
	return get_decoded(txn, "R:", code, region_decode, out, sizeof *out);
}

int db_geo_epci(struct store_txn *txn, const char *siren, struct geo_epci *out)
{
	return get_decoded(txn, "E:", siren, epci_decode, out, sizeof *out);
}

/* Calls fn with the commune of each INSEE code value under key in dup index d. */
static int walk_index(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
                      bool prefix, size_t max, db_geo_fn fn, void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k = { klen, (void *)key }, v;
	struct geo_commune *c = xmalloc(sizeof *c);
	size_t n = 0;
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, d), &cur)) != 0) {
		rc = store_mdb_rc(err, "mdb_cursor_open");
		goto out;
	}
	err = mdb_cursor_get(cur, &k, &v, prefix ? MDB_SET_RANGE : MDB_SET_KEY);
	while (err == 0 && n < max) {
		char insee[GEO_INSEE_LEN + 1];

		if (prefix ? (k.mv_size < klen || memcmp(k.mv_data, key, klen) != 0)
		           : (k.mv_size != klen || memcmp(k.mv_data, key, klen) != 0))
			break;
		if (v.mv_size != GEO_INSEE_LEN) {
			rc = RC_IO;
			goto out;
		}
		memcpy(insee, v.mv_data, GEO_INSEE_LEN);
		insee[GEO_INSEE_LEN] = '\0';
		if ((rc = db_geo_get(txn, insee, c)) != RC_OK) {
			if (rc == RC_NOTFOUND)
				rc = RC_IO;     /* an index entry without its record */
			goto out;
		}
		n++;
		if ((rc = fn(c, ctx)) != RC_OK)
			goto out;
		err = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
	}
	if (err != 0 && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "mdb_cursor_get");
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	free(c);
	return rc;
}

int db_geo_by_postcode(struct store_txn *txn, const char *postcode, db_geo_fn fn, void *ctx)
{
	if (!geo_postcode_valid(postcode))
		return RC_OK;
	return walk_index(txn, DBI_COMMUNE_BY_POSTCODE, postcode, 5, false, DB_GEO_RESULTS_MAX,
	                  fn, ctx);
}

struct seen {
	char (*insee)[GEO_INSEE_LEN + 1];
	size_t n, max;
	db_geo_fn fn;
	void *ctx;
};

/* Passes each place once (two query variants may find it twice). */
static int seen_fn(const struct geo_commune *c, void *ctx)
{
	struct seen *s = ctx;

	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->insee[i], c->insee) == 0)
			return RC_OK;
	if (s->n == s->max)
		return RC_FULL;
	memcpy(s->insee[s->n++], c->insee, GEO_INSEE_LEN + 1);
	return s->fn(c, s->ctx);
}

int db_geo_by_name_prefix(struct store_txn *txn, const char *query, size_t max, db_geo_fn fn,
                          void *ctx)
{
	char full[GEO_FOLD_MAX], typed[GEO_FOLD_MAX];
	size_t flen, tlen;
	struct seen s;
	int rc;

	if (max > DB_GEO_RESULTS_MAX)
		max = DB_GEO_RESULTS_MAX;
	flen = geo_fold(query, full, sizeof full, false);
	tlen = geo_fold(query, typed, sizeof typed, true);
	if (flen == (size_t)-1 || flen == 0 || max == 0)
		return RC_OK;
	s.insee = xcalloc(max, sizeof *s.insee);
	s.n = 0;
	s.max = max;
	s.fn = fn;
	s.ctx = ctx;
	rc = walk_index(txn, DBI_COMMUNE_BY_NAME, full, flen, true, max, seen_fn, &s);
	/* "…ste" still being typed may be the start of "Stenay" as well as of "Sainte-…". */
	if (rc == RC_OK && tlen != (size_t)-1 && (tlen != flen || memcmp(full, typed, flen) != 0))
		rc = walk_index(txn, DBI_COMMUNE_BY_NAME, typed, tlen, true, max, seen_fn, &s);
	if (rc == RC_FULL)
		rc = RC_OK;
	free(s.insee);
	return rc;
}

int db_geo_each(struct store_txn *txn, db_geo_fn fn, void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	struct geo_commune *c = xmalloc(sizeof *c);
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_COMMUNES), &cur)) != 0) {
		rc = store_mdb_rc(err, "mdb_cursor_open");
		goto out;
	}
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (!is_commune_key(k.mv_data, k.mv_size))
			continue;       /* "D:", "R:", "E:" records */
		if (commune_decode(v.mv_data, v.mv_size, c) != RC_OK) {
			log_error("commune %.*s does not decode", (int)k.mv_size, (char *)k.mv_data);
			rc = RC_IO;
			goto out;
		}
		if ((rc = fn(c, ctx)) != RC_OK)
			goto out;
	}
	if (err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "mdb_cursor_get");
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	free(c);
	return rc;
}

#define GEO_MEMBERS_MAX 4000   /* communes of one département or EPCI (Pas-de-Calais: 890) */

/* Calls fn for each member commune of the "D:"/"E:" record val. */
static int members_walk(struct store_txn *txn, const char *kind, const void *val, size_t vlen,
                        db_geo_fn fn, void *ctx)
{
	struct codec_r r;
	char **codes = xcalloc(GEO_MEMBERS_MAX, sizeof *codes);
	struct geo_commune *c = xmalloc(sizeof *c);
	size_t n = 0, i = 0;
	int rc;

	if ((rc = codec_r_open(&r, val, vlen, kind, NULL)) != RC_OK) {
		rc = RC_IO;
		goto out;
	}
	codec_r_strs(&r, codec_r_root(&r), "communes", codes, GEO_MEMBERS_MAX, &n,
	             GEO_INSEE_LEN);
	if (codec_r_close(&r) != RC_OK) {
		rc = RC_IO;
		goto out;
	}
	for (rc = RC_OK; i < n && rc == RC_OK; i++) {
		if ((rc = db_geo_get(txn, codes[i], c)) == RC_NOTFOUND)
			rc = RC_IO;   /* a member without its record */
		if (rc == RC_OK)
			rc = fn(c, ctx);
	}
out:
	for (size_t k = 0; k < n; k++)
		free(codes[k]);
	free(codes);
	free(c);
	return rc;
}

int db_geo_members(struct store_txn *txn, enum geo_territory t, const char *code, db_geo_fn fn,
                   void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k = { 2, (void *)"D:" }, v;
	const void *val;
	size_t vlen;
	bool any = false;
	int err, rc;

	if (t == GEO_TERRITORY_EPCI || t == GEO_TERRITORY_DEPT) {
		const char *prefix = t == GEO_TERRITORY_EPCI ? "E:" : "D:";

		if ((rc = get_keyed(txn, prefix, code, &val, &vlen)) != RC_OK)
			return rc;
		return members_walk(txn, t == GEO_TERRITORY_EPCI ? "epci" : "dept", val, vlen, fn,
		                    ctx);
	}
	/* A région: the communes of each of its départements. */
	if (code == NULL || code[0] == '\0')
		return RC_NOTFOUND;
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_COMMUNES), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	rc = RC_OK;
	for (err = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); err == 0 && rc == RC_OK;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		struct geo_dept d;

		if (k.mv_size < 2 || memcmp(k.mv_data, "D:", 2) != 0)
			break;
		if (dept_decode(v.mv_data, v.mv_size, &d) != RC_OK) {
			rc = RC_IO;
			break;
		}
		if (strcmp(d.reg, code) != 0)
			continue;
		any = true;
		rc = members_walk(txn, "dept", v.mv_data, v.mv_size, fn, ctx);
	}
	if (rc == RC_OK && err != 0 && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "mdb_cursor_get");
	mdb_cursor_close(cur);
	if (rc == RC_OK && !any)
		rc = RC_NOTFOUND;
	return rc;
}

static int count_fn(const struct geo_commune *c, void *ctx)
{
	(void)c;
	(*(size_t *)ctx)++;
	return RC_OK;
}

int db_geo_count(struct store_txn *txn, size_t *out)
{
	*out = 0;
	return db_geo_each(txn, count_fn, out);
}

int db_geo_distance(struct store_txn *txn, const char *insee_a, const char *insee_b, double *km)
{
	struct geo_commune *a = xmalloc(sizeof *a), *b = xmalloc(sizeof *b);
	int rc;

	*km = 0;
	if ((rc = db_geo_get(txn, insee_a, a)) == RC_OK &&
	    (rc = db_geo_get(txn, insee_b, b)) == RC_OK)
		*km = geo_distance_km(a, b);
	free(a);
	free(b);
	return rc;
}

/* ---- check ---- */

/* What a record of the communes database decodes to, for check. */
struct geo_obj {
	bool is_commune;
	struct geo_commune c;
};

static int geo_kind_load(const void *key, size_t klen, const void *val, size_t vlen, void **obj,
                         char **why)
{
	struct geo_obj *o = xcalloc(1, sizeof *o);
	char kind[CODEC_KIND_MAX + 1];
	const char *want = NULL;
	int rc = RC_INVALID;

	if (codec_kind(val, vlen, kind, sizeof kind) != RC_OK) {
		fail(why, RC_INVALID, "enregistrement de géographie illisible");
		goto out;
	}
	if (is_commune_key(key, klen)) {
		o->is_commune = true;
		if (commune_decode(val, vlen, &o->c) != RC_OK) {
			fail(why, RC_INVALID, "commune illisible");
			goto out;
		}
		if (memcmp(o->c.insee, key, GEO_INSEE_LEN) != 0) {
			fail(why, RC_INVALID, "commune %s rangée sous une autre clé", o->c.insee);
			goto out;
		}
		rc = RC_OK;
		goto out;
	}
	if (klen > 2 && memcmp(key, "D:", 2) == 0) {
		struct geo_dept d;

		want = dept_decode(val, vlen, &d) == RC_OK && strlen(d.code) == klen - 2 &&
		       memcmp(d.code, (const char *)key + 2, klen - 2) == 0 ? NULL : "département";
	} else if (klen > 2 && memcmp(key, "R:", 2) == 0) {
		struct geo_region g;

		want = region_decode(val, vlen, &g) == RC_OK && strlen(g.code) == klen - 2 &&
		       memcmp(g.code, (const char *)key + 2, klen - 2) == 0 ? NULL : "région";
	} else if (klen > 2 && memcmp(key, "E:", 2) == 0) {
		struct geo_epci e;

		want = epci_decode(val, vlen, &e) == RC_OK && strlen(e.siren) == klen - 2 &&
		       memcmp(e.siren, (const char *)key + 2, klen - 2) == 0 ? NULL : "EPCI";
	} else {
		want = "clé";
	}
	if (want != NULL) {
		fail(why, RC_INVALID, "%s illisible ou rangé sous une autre clé", want);
		goto out;
	}
	rc = RC_OK;
out:
	if (rc != RC_OK) {
		free(o);
		o = NULL;
	}
	*obj = o;
	return rc;
}

static void geo_kind_free(void *obj)
{
	free(obj);
}

static void geo_keys_postcode(const void *obj, struct store_keys *out)
{
	const struct geo_obj *o = obj;

	if (!o->is_commune)
		return;
	for (size_t i = 0; i < o->c.n_postcodes; i++)
		if (!store_keys_has(out, o->c.postcodes[i], 5))
			store_keys_add(out, o->c.postcodes[i], 5);
}

static void geo_keys_name(const void *obj, struct store_keys *out)
{
	const struct geo_obj *o = obj;
	char folded[GEO_FOLD_MAX];
	size_t n;

	if (!o->is_commune)
		return;
	n = geo_fold(o->c.name, folded, sizeof folded, false);
	if (n != (size_t)-1 && n > 0)
		store_keys_add(out, folded, n);
}

const struct store_kind db_geo_kind = {
	.name = "commune",
	.records = DBI_COMMUNES,
	.load = geo_kind_load,
	.free = geo_kind_free,
	.index = {
		{ DBI_COMMUNE_BY_POSTCODE, geo_keys_postcode },
		{ DBI_COMMUNE_BY_NAME, geo_keys_name },
	},
};
