/*
 * db-stats.c — the running figures of the pre-orders: one "stats" record
 * per département (key: its code), moved in each pre-order's transaction
 * by db_stats_move(); a full recount to rebuild them and for check to
 * compare them with.
 */
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-programme.h"
#include "store/store-refurb.h"

#define STATS_SCHEMA 1

static void stats_encode(const char *dept, const struct stats_cell *c, struct codec_w *w)
{
	char name[48];

	codec_w_init(w, "stats", STATS_SCHEMA);
	codec_w_str(w, "dept", dept);
	for (int s = 0; s < PO_STATE_COUNT; s++) {
		snprintf(name, sizeof name, "n_%s", preorder_state_name((enum preorder_state)s));
		codec_w_u64(w, name, c->count[s]);
	}
	codec_w_i64(w, "requested", c->requested);
	codec_w_i64(w, "retained", c->retained);
	codec_w_i64(w, "subsidy", c->subsidy);
	codec_w_i64(w, "paid", c->paid);
	for (int l = 0; l < LOT_COUNT; l++) {
		snprintf(name, sizeof name, "units_%s", lot_name((enum lot)l));
		codec_w_u64(w, name, c->units[l]);
	}
}

static int stats_decode(const void *val, size_t vlen, char dept[4], struct stats_cell *c,
                        char **why)
{
	struct codec_r r;
	const msgpack_object *m;
	char name[48];

	memset(c, 0, sizeof *c);
	if (codec_r_open(&r, val, vlen, "stats", NULL) != RC_OK)
		return fail(why, RC_INVALID, "statistiques illisibles");
	m = codec_r_root(&r);
	codec_r_str(&r, m, "dept", dept, 4, "");
	for (int s = 0; s < PO_STATE_COUNT; s++) {
		snprintf(name, sizeof name, "n_%s", preorder_state_name((enum preorder_state)s));
		codec_r_u64(&r, m, name, &c->count[s], 0);
	}
	codec_r_i64(&r, m, "requested", &c->requested, 0);
	codec_r_i64(&r, m, "retained", &c->retained, 0);
	codec_r_i64(&r, m, "subsidy", &c->subsidy, 0);
	codec_r_i64(&r, m, "paid", &c->paid, 0);
	for (int l = 0; l < LOT_COUNT; l++) {
		snprintf(name, sizeof name, "units_%s", lot_name((enum lot)l));
		codec_r_u64(&r, m, name, &c->units[l], 0);
	}
	if (r.err != RC_OK)
		fail(why, RC_INVALID, "statistiques : %s", codec_r_error(&r));
	return codec_r_close(&r);
}

int db_stats_get(struct store_txn *txn, const char *dept, struct stats_cell *out)
{
	const void *v;
	size_t vlen;
	char d[4];
	int rc;

	memset(out, 0, sizeof *out);
	if (dept == NULL || dept[0] == '\0')
		return RC_OK;
	rc = store_get(txn, DBI_STATS, dept, strlen(dept), &v, &vlen);
	if (rc == RC_NOTFOUND)
		return RC_OK;
	if (rc != RC_OK)
		return rc;
	if (stats_decode(v, vlen, d, out, NULL) != RC_OK) {
		log_error("stats of %s do not decode", dept);
		return RC_IO;
	}
	return RC_OK;
}

static int stats_put(struct store_txn *txn, const char *dept, const struct stats_cell *c)
{
	struct codec_w w;

	stats_encode(dept, c, &w);
	return record_put_key(txn, DBI_STATS, dept, strlen(dept), &w, 0);
}

int db_stats_move(struct store_txn *txn, const struct preorder *old, const struct preorder *new_)
{
	struct stats_cell c;
	int rc;

	if (old != NULL && old->dept[0] != '\0') {
		if ((rc = db_stats_get(txn, old->dept, &c)) != RC_OK)
			return rc;
		stats_cell_apply(&c, old, -1);
		if (new_ != NULL && strcmp(new_->dept, old->dept) == 0) {
			stats_cell_apply(&c, new_, +1);
			return stats_put(txn, old->dept, &c);
		}
		if ((rc = stats_put(txn, old->dept, &c)) != RC_OK)
			return rc;
	}
	if (new_ != NULL && new_->dept[0] != '\0') {
		if ((rc = db_stats_get(txn, new_->dept, &c)) != RC_OK)
			return rc;
		stats_cell_apply(&c, new_, +1);
		return stats_put(txn, new_->dept, &c);
	}
	return RC_OK;
}

int db_stats_each(struct store_txn *txn, db_stats_fn fn, void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	struct stats_cell c;
	char dept[4];
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_STATS), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (stats_decode(v.mv_data, v.mv_size, dept, &c, NULL) != RC_OK) {
			rc = RC_IO;
			break;
		}
		if ((rc = fn(dept, &c, ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "stats");
	mdb_cursor_close(cur);
	return rc;
}

/* ---- recount ---- */

struct recount {
	size_t n;
	struct {
		char dept[4];
		struct stats_cell c;
		bool seen;            /* verify: a stored cell was found for it */
	} d[DEPT_ENVELOPES_MAX * 2];
	bool overflow;
};

static struct stats_cell *recount_cell(struct recount *rc, const char *dept)
{
	for (size_t i = 0; i < rc->n; i++)
		if (strcmp(rc->d[i].dept, dept) == 0)
			return &rc->d[i].c;
	if (rc->n == ARRAY_LEN(rc->d)) {
		rc->overflow = true;
		return NULL;
	}
	strlcpy_(rc->d[rc->n].dept, dept, sizeof rc->d[rc->n].dept);
	return &rc->d[rc->n++].c;
}

static int recount_one(const struct preorder *po, void *ctx)
{
	struct stats_cell *c;

	if (po->dept[0] == '\0')
		return RC_OK;
	if ((c = recount_cell(ctx, po->dept)) != NULL)
		stats_cell_apply(c, po, +1);
	return RC_OK;
}

static int recount(struct store_txn *txn, struct recount *r)
{
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = db_preorder_each(txn, recount_one, r)) != RC_OK)
		return rc;
	return r->overflow ? RC_FULL : RC_OK;
}

int db_stats_rebuild(struct store_txn *txn)
{
	struct recount *r = xmalloc(sizeof *r);
	MDB_dbi d = store_dbi(txn, DBI_STATS);
	int err, rc;

	if ((rc = recount(txn, r)) != RC_OK)
		goto out;
	if ((err = mdb_drop(txn->txn, d, 0)) != 0) {
		rc = store_mdb_rc(err, "mdb_drop stats");
		goto out;
	}
	for (size_t i = 0; i < r->n && rc == RC_OK; i++)
		rc = stats_put(txn, r->d[i].dept, &r->d[i].c);
out:
	free(r);
	return rc;
}

struct verify {
	struct recount *r;
	void (*problem)(void *ctx, const char *line);
	void *ctx;
	size_t ndiff;
};

static void verify_problem(struct verify *v, const char *dept)
{
	char *line = xasprintf("statistiques du département %s différentes du décompte des "
	                       "intentions de commande (recond check --rebuild-stats les "
	                       "recalcule)", dept);

	v->ndiff++;
	if (v->problem != NULL)
		v->problem(v->ctx, line);
	free(line);
}

static int verify_one(const char *dept, const struct stats_cell *c, void *ctx)
{
	struct verify *v = ctx;
	static const struct stats_cell zero;

	for (size_t i = 0; i < v->r->n; i++) {
		if (strcmp(v->r->d[i].dept, dept) == 0) {
			v->r->d[i].seen = true;
			if (!stats_cell_equal(&v->r->d[i].c, c))
				verify_problem(v, dept);
			return RC_OK;
		}
	}
	if (!stats_cell_equal(c, &zero))
		verify_problem(v, dept);
	return RC_OK;
}

int db_stats_verify(struct store_txn *txn, void (*problem)(void *ctx, const char *line),
                    void *ctx, size_t *ndiff)
{
	struct verify v = { .r = xmalloc(sizeof *v.r), .problem = problem, .ctx = ctx };
	int rc;

	if ((rc = recount(txn, v.r)) != RC_OK || (rc = db_stats_each(txn, verify_one, &v)) != RC_OK)
		goto out;
	for (size_t i = 0; i < v.r->n; i++)
		if (!v.r->d[i].seen)
			verify_problem(&v, v.r->d[i].dept);
out:
	*ndiff = v.ndiff;
	free(v.r);
	return rc;
}

/* ---- check ---- */

static int stats_kind_load(const void *key, size_t klen, const void *val, size_t vlen,
                           void **obj, char **why)
{
	struct stats_cell *c = xmalloc(sizeof *c);
	char dept[4];

	*obj = NULL;
	if (stats_decode(val, vlen, dept, c, why) != RC_OK) {
		free(c);
		return RC_INVALID;
	}
	if (klen != strlen(dept) || memcmp(key, dept, klen) != 0) {
		free(c);
		return fail(why, RC_INVALID, "statistiques rangées sous un autre département");
	}
	*obj = c;
	return RC_OK;
}

const struct store_kind db_stats_kind = {
	.name = "stats",
	.records = DBI_STATS,
	.seq = NULL,
	.load = stats_kind_load,
	.free = free,
};
