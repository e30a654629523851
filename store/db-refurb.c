/*
 * db-refurb.c — the refurbishers: one "refurb" record per organisation
 * (key: the organisation's id), with its benches, one offer per lot, its
 * dossier, the team's evaluation and decision; indexes by SIREN (unique)
 * and by state.
 */
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-refurb.h"

#define REFURB_SCHEMA 1

static const char *const crit_names[CRIT_COUNT] = {
	"technique", "environnemental", "social", "economique",
};

static void refurb_encode(const struct refurb *r, struct codec_w *w)
{
	const struct refurb_dossier *d = &r->dossier;

	codec_w_init(w, "refurb", REFURB_SCHEMA);
	codec_w_u64(w, "id", r->org_id);
	codec_w_u64(w, "version", r->version);
	codec_w_str(w, "siren", r->siren);
	codec_w_str(w, "name", r->name);
	codec_w_str(w, "dept", r->dept);
	codec_w_str(w, "legal_form", legal_form_name(r->legal_form));
	codec_w_i64(w, "founded", r->founded);
	codec_w_array_begin(w, "benches");
	for (size_t i = 0; i < r->nbenches; i++) {
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "postcode", r->benches[i].postcode);
		codec_w_str(w, "insee", r->benches[i].insee);
		codec_w_str(w, "commune", r->benches[i].commune);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_array_begin(w, "offers");
	for (int l = 0; l < LOT_COUNT; l++) {
		const struct refurb_offer *o = &r->offers[l];

		if (!o->active && o->review == PRICE_REVIEW_NONE)
			continue;
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "lot", lot_name((enum lot)l));
		codec_w_bool(w, "active", o->active);
		codec_w_i64(w, "unit_price", o->unit_price);
		codec_w_u64(w, "capacity", o->capacity);
		codec_w_u64(w, "grade", o->grade);
		codec_w_u64(w, "warranty_months", o->warranty_months);
		codec_w_bool(w, "attest_decree", o->attest_decree);
		codec_w_bool(w, "attest_config", o->attest_config);
		codec_w_str(w, "erasure", o->erasure);
		codec_w_u64(w, "review", o->review);
		codec_w_i64(w, "review_price", o->review_price);
		codec_w_str(w, "review_reason", o->review_reason);
		codec_w_i64(w, "updated_at", o->updated_at);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_str(w, "process", d->process);
	codec_w_str(w, "certifications", d->certifications);
	codec_w_str(w, "sourcing", d->sourcing);
	codec_w_u64(w, "local_reuse_pct", d->local_reuse_pct);
	codec_w_str(w, "packaging", d->packaging);
	codec_w_str(w, "unrefurbishable", d->unrefurbishable);
	codec_w_u64(w, "insertion_jobs", d->insertion_jobs);
	codec_w_bool(w, "ess", d->ess);
	codec_w_u64(w, "staff", d->staff);
	codec_w_u64(w, "years_activity", d->years_activity);
	codec_w_u64(w, "turnover", d->turnover);
	codec_w_str(w, "economics", d->economics);
	codec_w_array_begin(w, "eval");
	for (int c = 0; c < CRIT_COUNT; c++) {
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "criterion", crit_names[c]);
		codec_w_bool(w, "scored", r->eval.scored[c]);
		codec_w_u64(w, "score", r->eval.score[c]);
		codec_w_str(w, "comment", r->eval.comment[c]);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_str(w, "state", refurb_state_name(r->state));
	codec_w_str(w, "reason", r->reason);
	codec_w_i64(w, "decided_at", r->decided_at);
	codec_w_u64(w, "decided_by", r->decided_by);
	codec_w_i64(w, "created_at", r->created_at);
	codec_w_i64(w, "updated_at", r->updated_at);
}

static uint32_t u32_of(uint64_t v)
{
	return v <= UINT32_MAX ? (uint32_t)v : UINT32_MAX;
}

/* Decodes into obj (a struct refurb, overwritten whole). */
static int refurb_decode(const void *val, size_t vlen, void *obj, char **why)
{
	struct refurb *r = obj;
	struct refurb_dossier *d = &r->dossier;
	struct codec_r cr;
	const msgpack_object *m, *items;
	char name[32];
	size_t n;
	uint64_t u;
	int64_t i64;

	memset(r, 0, sizeof *r);
	if (codec_r_open(&cr, val, vlen, "refurb", NULL) != RC_OK)
		return fail(why, RC_INVALID, "reconditionneur illisible");
	m = codec_r_root(&cr);
	codec_r_u64(&cr, m, "id", &r->org_id, 0);
	codec_r_u64(&cr, m, "version", &r->version, 0);
	codec_r_str(&cr, m, "siren", r->siren, sizeof r->siren, "");
	codec_r_str(&cr, m, "name", r->name, sizeof r->name, "");
	codec_r_str(&cr, m, "dept", r->dept, sizeof r->dept, "");
	if (codec_r_str(&cr, m, "legal_form", name, sizeof name, "") == RC_OK && name[0] != '\0' &&
	    legal_form_parse(name, &r->legal_form, NULL) != RC_OK)
		codec_r_fail(&cr, "legal_form");
	codec_r_i64(&cr, m, "founded", &i64, 0);
	r->founded = (day_t)i64;
	codec_r_array(&cr, m, "benches", &items, &n, REFURB_BENCHES_MAX);
	for (size_t i = 0; i < n && cr.err == RC_OK; i++) {
		codec_r_str(&cr, &items[i], "postcode", r->benches[i].postcode,
		            sizeof r->benches[i].postcode, "");
		codec_r_str(&cr, &items[i], "insee", r->benches[i].insee, sizeof r->benches[i].insee,
		            "");
		codec_r_str(&cr, &items[i], "commune", r->benches[i].commune,
		            sizeof r->benches[i].commune, "");
	}
	r->nbenches = cr.err == RC_OK ? n : 0;
	codec_r_array(&cr, m, "offers", &items, &n, LOT_COUNT);
	for (size_t i = 0; i < n && cr.err == RC_OK; i++) {
		struct refurb_offer *o;
		enum lot l;
		int e;

		if (codec_r_str(&cr, &items[i], "lot", name, sizeof name, "") != RC_OK)
			break;
		if (lot_parse(name, &l, NULL) != RC_OK) {
			codec_r_fail(&cr, "offers");
			break;
		}
		o = &r->offers[l];
		codec_r_bool(&cr, &items[i], "active", &o->active, false);
		codec_r_i64(&cr, &items[i], "unit_price", &o->unit_price, 0);
		codec_r_u64(&cr, &items[i], "capacity", &u, 0);
		o->capacity = u32_of(u);
		codec_r_enum(&cr, &items[i], "grade", &e, GRADE_NONE, GRADE_COUNT);
		o->grade = (enum grade)e;
		codec_r_u64(&cr, &items[i], "warranty_months", &u, 0);
		o->warranty_months = u32_of(u);
		codec_r_bool(&cr, &items[i], "attest_decree", &o->attest_decree, false);
		codec_r_bool(&cr, &items[i], "attest_config", &o->attest_config, false);
		codec_r_str(&cr, &items[i], "erasure", o->erasure, sizeof o->erasure, "");
		codec_r_enum(&cr, &items[i], "review", &e, PRICE_REVIEW_NONE, PRICE_REVIEW_COUNT);
		o->review = (enum price_review)e;
		codec_r_i64(&cr, &items[i], "review_price", &o->review_price, 0);
		codec_r_str(&cr, &items[i], "review_reason", o->review_reason,
		            sizeof o->review_reason, "");
		codec_r_i64(&cr, &items[i], "updated_at", &o->updated_at, 0);
	}
	codec_r_str(&cr, m, "process", d->process, sizeof d->process, "");
	codec_r_str(&cr, m, "certifications", d->certifications, sizeof d->certifications, "");
	codec_r_str(&cr, m, "sourcing", d->sourcing, sizeof d->sourcing, "");
	codec_r_u64(&cr, m, "local_reuse_pct", &u, 0);
	d->local_reuse_pct = u32_of(u);
	codec_r_str(&cr, m, "packaging", d->packaging, sizeof d->packaging, "");
	codec_r_str(&cr, m, "unrefurbishable", d->unrefurbishable, sizeof d->unrefurbishable, "");
	codec_r_u64(&cr, m, "insertion_jobs", &u, 0);
	d->insertion_jobs = u32_of(u);
	codec_r_bool(&cr, m, "ess", &d->ess, false);
	codec_r_u64(&cr, m, "staff", &u, 0);
	d->staff = u32_of(u);
	codec_r_u64(&cr, m, "years_activity", &u, 0);
	d->years_activity = u32_of(u);
	{
		int e;

		codec_r_enum(&cr, m, "turnover", &e, TURNOVER_NONE, TURNOVER_COUNT);
		d->turnover = (enum turnover_band)e;
	}
	codec_r_str(&cr, m, "economics", d->economics, sizeof d->economics, "");
	codec_r_array(&cr, m, "eval", &items, &n, CRIT_COUNT);
	for (size_t i = 0; i < n && cr.err == RC_OK; i++) {
		int c;

		if (codec_r_str(&cr, &items[i], "criterion", name, sizeof name, "") != RC_OK)
			break;
		for (c = 0; c < CRIT_COUNT && strcmp(name, crit_names[c]) != 0; c++)
			;
		if (c == CRIT_COUNT) {
			codec_r_fail(&cr, "eval");
			break;
		}
		codec_r_bool(&cr, &items[i], "scored", &r->eval.scored[c], false);
		codec_r_u64(&cr, &items[i], "score", &u, 0);
		r->eval.score[c] = u32_of(u);
		codec_r_str(&cr, &items[i], "comment", r->eval.comment[c], sizeof r->eval.comment[c],
		            "");
	}
	if (codec_r_str(&cr, m, "state", name, sizeof name, "pending") == RC_OK &&
	    refurb_state_parse(name, &r->state, NULL) != RC_OK)
		codec_r_fail(&cr, "state");
	codec_r_str(&cr, m, "reason", r->reason, sizeof r->reason, "");
	codec_r_i64(&cr, m, "decided_at", &r->decided_at, 0);
	codec_r_u64(&cr, m, "decided_by", &r->decided_by, 0);
	codec_r_i64(&cr, m, "created_at", &r->created_at, 0);
	codec_r_i64(&cr, m, "updated_at", &r->updated_at, 0);
	if (cr.err != RC_OK)
		fail(why, RC_INVALID, "reconditionneur : %s", codec_r_error(&cr));
	return codec_r_close(&cr);
}

static const struct record_type refurb_record = {
	.name = "refurb",
	.dbi = DBI_REFURBS,
	.size = sizeof(struct refurb),
	.id_offset = offsetof(struct refurb, org_id),
	.decode = refurb_decode,
	.misplaced = "reconditionneur rangé sous un autre numéro que celui de son organisation",
};

static void refurb_keys_siren(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, ((const struct refurb *)obj)->siren);
}

static void refurb_keys_state(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, refurb_state_name(((const struct refurb *)obj)->state));
}

const struct store_kind db_refurb_kind = {
	.name = "refurb",
	.records = DBI_REFURBS,
	.seq = NULL,                /* keyed by the organisation's id */
	.record = &refurb_record,
	.index = {
		{ DBI_REFURB_BY_SIREN, refurb_keys_siren, MDB_NOOVERWRITE },
		{ DBI_REFURB_BY_STATE, refurb_keys_state, 0 },
	},
};

int db_refurb_get(struct store_txn *txn, uint64_t org_id, struct refurb *out)
{
	return record_get(txn, &refurb_record, org_id, out);
}

int db_refurb_by_siren(struct store_txn *txn, const char *siren, uint64_t *org_id)
{
	const void *v;
	size_t vlen;
	int rc;

	if (siren == NULL || siren[0] == '\0')
		return RC_NOTFOUND;
	if ((rc = store_get(txn, DBI_REFURB_BY_SIREN, siren, strlen(siren), &v, &vlen)) != RC_OK)
		return rc;
	if (vlen != 8)
		return RC_IO;
	*org_id = u64_from_key(v);
	return RC_OK;
}

int db_refurb_put(struct store_txn *txn, struct refurb *r)
{
	struct refurb *old = xmalloc(sizeof *old);
	const struct refurb *prev = NULL;
	unsigned char pk[8];
	struct codec_w w;
	uint64_t holder;
	int rc;

	if (r->org_id == 0) {
		rc = RC_INVALID;
		goto out;
	}
	rc = db_refurb_get(txn, r->org_id, old);
	if (rc == RC_OK) {
		if (r->version == 0 || old->version != r->version) {
			rc = r->version == 0 ? RC_EXISTS : RC_STALE;
			goto out;
		}
		prev = old;
	} else if (rc != RC_NOTFOUND) {
		goto out;
	} else if (r->version != 0) {
		rc = RC_STALE;
		goto out;
	}
	/* the unique index would refuse too; say so before writing anything */
	if (db_refurb_by_siren(txn, r->siren, &holder) == RC_OK && holder != r->org_id) {
		rc = RC_EXISTS;
		goto out;
	}
	r->version++;
	u64_key(r->org_id, pk);
	refurb_encode(r, &w);
	if ((rc = record_put(txn, DBI_REFURBS, r->org_id, &w, 0)) != RC_OK ||
	    (rc = store_kind_reindex(txn, &db_refurb_kind, prev, r, pk, sizeof pk)) != RC_OK)
		r->version--;
out:
	free(old);
	return rc;
}

struct refurb_walk {
	db_refurb_fn fn;
	void *ctx;
	struct refurb *r;
};

static int refurb_walk(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
                       struct refurb_walk *w)
{
	MDB_cursor *cur = NULL;
	MDB_val k = { klen, (void *)key }, v;
	MDB_cursor_op first = key != NULL ? MDB_SET_KEY : MDB_FIRST;
	MDB_cursor_op next = key != NULL ? MDB_NEXT_DUP : MDB_NEXT;
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, d), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, first); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, next)) {
		if (d == DBI_REFURBS)
			rc = refurb_decode(v.mv_data, v.mv_size, w->r, NULL) == RC_OK ? RC_OK : RC_IO;
		else if (v.mv_size != 8)
			rc = RC_IO;
		else if ((rc = db_refurb_get(txn, u64_from_key(v.mv_data), w->r)) == RC_NOTFOUND)
			rc = RC_IO;
		if (rc != RC_OK || (rc = w->fn(w->r, w->ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, store_dbi_defs[d].name);
	mdb_cursor_close(cur);
	return rc;
}

int db_refurb_each(struct store_txn *txn, db_refurb_fn fn, void *ctx)
{
	struct refurb_walk w = { fn, ctx, xmalloc(sizeof *w.r) };
	int rc = refurb_walk(txn, DBI_REFURBS, NULL, 0, &w);

	free(w.r);
	return rc;
}

int db_refurb_each_in_state(struct store_txn *txn, enum refurb_state s, db_refurb_fn fn,
                            void *ctx)
{
	struct refurb_walk w = { fn, ctx, xmalloc(sizeof *w.r) };
	const char *k = refurb_state_name(s);
	int rc = refurb_walk(txn, DBI_REFURB_BY_STATE, k, strlen(k), &w);

	free(w.r);
	return rc;
}

/* ---- the brief form (for the ranking) ---- */

static int brief_decode(const void *val, size_t vlen, struct refurb_brief *b)
{
	struct codec_r cr;
	const msgpack_object *m, *items;
	char name[32];
	size_t n;
	uint64_t u;
	int e;

	b->nbenches = 0;
	memset(b->offers, 0, sizeof b->offers);
	if (codec_r_open(&cr, val, vlen, "refurb", NULL) != RC_OK)
		return RC_INVALID;
	m = codec_r_root(&cr);
	codec_r_u64(&cr, m, "id", &b->org_id, 0);
	codec_r_str(&cr, m, "name", b->name, sizeof b->name, "");
	codec_r_array(&cr, m, "benches", &items, &n, REFURB_BENCHES_MAX);
	for (size_t i = 0; i < n && cr.err == RC_OK; i++) {
		struct bench *be = &b->benches[i];

		codec_r_str(&cr, &items[i], "postcode", be->postcode, sizeof be->postcode, "");
		codec_r_str(&cr, &items[i], "insee", be->insee, sizeof be->insee, "");
		codec_r_str(&cr, &items[i], "commune", be->commune, sizeof be->commune, "");
	}
	b->nbenches = cr.err == RC_OK ? n : 0;
	codec_r_array(&cr, m, "offers", &items, &n, LOT_COUNT);
	for (size_t i = 0; i < n && cr.err == RC_OK; i++) {
		struct refurb_offer_brief *o;
		enum lot l;

		if (codec_r_str(&cr, &items[i], "lot", name, sizeof name, "") != RC_OK ||
		    lot_parse(name, &l, NULL) != RC_OK) {
			codec_r_fail(&cr, "offers");
			break;
		}
		o = &b->offers[l];
		codec_r_bool(&cr, &items[i], "active", &o->active, false);
		codec_r_i64(&cr, &items[i], "unit_price", &o->unit_price, 0);
		codec_r_u64(&cr, &items[i], "capacity", &u, 0);
		o->capacity = u32_of(u);
		codec_r_enum(&cr, &items[i], "grade", &e, GRADE_NONE, GRADE_COUNT);
		o->grade = (enum grade)e;
		codec_r_u64(&cr, &items[i], "warranty_months", &u, 0);
		o->warranty_months = u32_of(u);
		codec_r_enum(&cr, &items[i], "review", &e, PRICE_REVIEW_NONE, PRICE_REVIEW_COUNT);
		o->review = (enum price_review)e;
		codec_r_i64(&cr, &items[i], "review_price", &o->review_price, 0);
	}
	return codec_r_close(&cr);
}

struct brief_walk {
	db_refurb_brief_fn fn;
	void *ctx;
	struct refurb_brief *b;
};

static int brief_one(struct store_txn *txn, uint64_t id, void *ctx)
{
	struct brief_walk *w = ctx;
	unsigned char k[8];
	const void *v;
	size_t vlen;
	int rc;

	u64_key(id, k);
	if ((rc = store_get(txn, DBI_REFURBS, k, sizeof k, &v, &vlen)) != RC_OK)
		return rc == RC_NOTFOUND ? RC_IO : rc;
	if (brief_decode(v, vlen, w->b) != RC_OK || w->b->org_id != id)
		return RC_IO;
	return w->fn(w->b, w->ctx);
}

int db_refurb_each_brief_in_state(struct store_txn *txn, enum refurb_state s,
                                  db_refurb_brief_fn fn, void *ctx)
{
	struct brief_walk w = { fn, ctx, xmalloc(sizeof *w.b) };
	const char *k = refurb_state_name(s);
	int rc = store_walk_ids(txn, DBI_REFURB_BY_STATE, k, strlen(k), brief_one, &w);

	free(w.b);
	return rc;
}
