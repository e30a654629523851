/*
 * db-order.c — the orders: one "order" record per order with its lines,
 * its signed purchase order, each step's fields and its history; indexes
 * by ordering organisation, by refurbisher and by département; the units
 * a refurbisher's live orders reserve; the loans of delivered equipment
 * to partner structures.
 */
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-order.h"

#define ORDER_SCHEMA 1

static void order_encode(const void *obj, struct codec_w *w)
{
	const struct order *o = obj;

	codec_w_init(w, "order", ORDER_SCHEMA);
	codec_w_u64(w, "id", o->id);
	codec_w_u64(w, "version", o->version);
	codec_w_u64(w, "org_id", o->org_id);
	codec_w_str(w, "org_name", o->org_name);
	codec_w_str(w, "dept", o->dept);
	codec_w_str(w, "insee", o->insee);
	codec_w_u64(w, "refurb_id", o->refurb_id);
	codec_w_str(w, "refurb_name", o->refurb_name);
	codec_w_str(w, "refurb_dept", o->refurb_dept);
	codec_w_bool(w, "funded", o->funded);
	codec_w_u64(w, "preorder_id", o->preorder_id);
	codec_w_array_begin(w, "lines");
	for (size_t i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];

		codec_w_map_begin(w, NULL);
		codec_w_str(w, "lot", lot_name(l->lot));
		codec_w_u64(w, "qty", l->qty);
		codec_w_i64(w, "unit_price", l->unit_price);
		codec_w_u64(w, "grade", l->grade);
		codec_w_u64(w, "warranty_months", l->warranty_months);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_i64(w, "total_ht", o->total_ht);
	codec_w_str(w, "po_signatory", o->po.signatory);
	codec_w_str(w, "po_function", o->po.function);
	codec_w_i64(w, "po_date", o->po.date);
	codec_w_str(w, "po_reference", o->po.reference);
	codec_w_str(w, "state", order_state_name(o->state));
	codec_w_i64(w, "shipped_on", o->shipped_on);
	codec_w_str(w, "tracking", o->tracking);
	codec_w_i64(w, "delivered_on", o->delivered_on);
	codec_w_str(w, "reservations", o->reservations);
	codec_w_str(w, "invoice_no", o->invoice_no);
	codec_w_i64(w, "invoice_date", o->invoice_date);
	codec_w_i64(w, "invoice_ht", o->invoice_ht);
	codec_w_i64(w, "invoice_ttc", o->invoice_ttc);
	codec_w_str(w, "chorus_no", o->chorus_no);
	codec_w_i64(w, "paid_on", o->paid_on);
	codec_w_str(w, "reason", o->reason);
	codec_w_array_begin(w, "history");
	for (size_t i = 0; i < o->nhist; i++) {
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "state", order_state_name(o->hist[i].state));
		codec_w_i64(w, "at", o->hist[i].at);
		codec_w_u64(w, "by", o->hist[i].by);
		codec_w_str(w, "login", o->hist[i].login);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_i64(w, "created_at", o->created_at);
	codec_w_i64(w, "updated_at", o->updated_at);
}

static uint32_t u32_of(uint64_t v)
{
	return v <= UINT32_MAX ? (uint32_t)v : UINT32_MAX;
}

static int day_of_field(struct codec_r *cr, const msgpack_object *m, const char *name, day_t *out)
{
	int64_t v = 0;
	int rc = codec_r_i64(cr, m, name, &v, 0);

	*out = (day_t)v;
	return rc;
}

/* Decodes into obj (a struct order, overwritten whole). */
static int order_decode(const void *val, size_t vlen, void *obj, char **why)
{
	struct order *o = obj;
	struct codec_r cr;
	const msgpack_object *m, *items;
	char name[32];
	size_t n;
	uint64_t u;
	int e;

	memset(o, 0, sizeof *o);
	if (codec_r_open(&cr, val, vlen, "order", NULL) != RC_OK)
		return fail(why, RC_INVALID, "commande illisible");
	m = codec_r_root(&cr);
	codec_r_u64(&cr, m, "id", &o->id, 0);
	codec_r_u64(&cr, m, "version", &o->version, 0);
	codec_r_u64(&cr, m, "org_id", &o->org_id, 0);
	codec_r_str(&cr, m, "org_name", o->org_name, sizeof o->org_name, "");
	codec_r_str(&cr, m, "dept", o->dept, sizeof o->dept, "");
	codec_r_str(&cr, m, "insee", o->insee, sizeof o->insee, "");
	codec_r_u64(&cr, m, "refurb_id", &o->refurb_id, 0);
	codec_r_str(&cr, m, "refurb_name", o->refurb_name, sizeof o->refurb_name, "");
	codec_r_str(&cr, m, "refurb_dept", o->refurb_dept, sizeof o->refurb_dept, "");
	codec_r_bool(&cr, m, "funded", &o->funded, false);
	codec_r_u64(&cr, m, "preorder_id", &o->preorder_id, 0);
	codec_r_array(&cr, m, "lines", &items, &n, LOT_COUNT);
	for (size_t i = 0; i < n && cr.err == RC_OK; i++) {
		struct order_line *l = &o->lines[i];

		if (codec_r_str(&cr, &items[i], "lot", name, sizeof name, "") != RC_OK)
			break;
		if (lot_parse(name, &l->lot, NULL) != RC_OK) {
			codec_r_fail(&cr, "lines");
			break;
		}
		codec_r_u64(&cr, &items[i], "qty", &u, 0);
		l->qty = u32_of(u);
		codec_r_i64(&cr, &items[i], "unit_price", &l->unit_price, 0);
		codec_r_enum(&cr, &items[i], "grade", &e, GRADE_NONE, GRADE_COUNT);
		l->grade = (enum grade)e;
		codec_r_u64(&cr, &items[i], "warranty_months", &u, 0);
		l->warranty_months = u32_of(u);
	}
	o->nlines = cr.err == RC_OK ? n : 0;
	codec_r_i64(&cr, m, "total_ht", &o->total_ht, 0);
	codec_r_str(&cr, m, "po_signatory", o->po.signatory, sizeof o->po.signatory, "");
	codec_r_str(&cr, m, "po_function", o->po.function, sizeof o->po.function, "");
	day_of_field(&cr, m, "po_date", &o->po.date);
	codec_r_str(&cr, m, "po_reference", o->po.reference, sizeof o->po.reference, "");
	if (codec_r_str(&cr, m, "state", name, sizeof name, "envoyee") == RC_OK &&
	    order_state_parse(name, &o->state, NULL) != RC_OK)
		codec_r_fail(&cr, "state");
	day_of_field(&cr, m, "shipped_on", &o->shipped_on);
	codec_r_str(&cr, m, "tracking", o->tracking, sizeof o->tracking, "");
	day_of_field(&cr, m, "delivered_on", &o->delivered_on);
	codec_r_str(&cr, m, "reservations", o->reservations, sizeof o->reservations, "");
	codec_r_str(&cr, m, "invoice_no", o->invoice_no, sizeof o->invoice_no, "");
	day_of_field(&cr, m, "invoice_date", &o->invoice_date);
	codec_r_i64(&cr, m, "invoice_ht", &o->invoice_ht, 0);
	codec_r_i64(&cr, m, "invoice_ttc", &o->invoice_ttc, 0);
	codec_r_str(&cr, m, "chorus_no", o->chorus_no, sizeof o->chorus_no, "");
	day_of_field(&cr, m, "paid_on", &o->paid_on);
	codec_r_str(&cr, m, "reason", o->reason, sizeof o->reason, "");
	codec_r_array(&cr, m, "history", &items, &n, ORDER_STEPS_MAX);
	for (size_t i = 0; i < n && cr.err == RC_OK; i++) {
		struct order_history *h = &o->hist[i];

		if (codec_r_str(&cr, &items[i], "state", name, sizeof name, "") != RC_OK)
			break;
		if (order_state_parse(name, &h->state, NULL) != RC_OK) {
			codec_r_fail(&cr, "history");
			break;
		}
		codec_r_i64(&cr, &items[i], "at", &h->at, 0);
		codec_r_u64(&cr, &items[i], "by", &h->by, 0);
		codec_r_str(&cr, &items[i], "login", h->login, sizeof h->login, "");
	}
	o->nhist = cr.err == RC_OK ? n : 0;
	codec_r_i64(&cr, m, "created_at", &o->created_at, 0);
	codec_r_i64(&cr, m, "updated_at", &o->updated_at, 0);
	if (cr.err != RC_OK)
		fail(why, RC_INVALID, "commande : %s", codec_r_error(&cr));
	return codec_r_close(&cr);
}

static int order_storable(const void *obj)
{
	const struct order *o = obj;

#define FITS(f) (strnlen(o->f, sizeof o->f) < sizeof o->f)
	if (!FITS(org_name) || !FITS(dept) || !FITS(insee) || !FITS(refurb_name) ||
	    !FITS(refurb_dept) || !FITS(po.signatory) || !FITS(po.function) ||
	    !FITS(po.reference) || !FITS(tracking) || !FITS(reservations) || !FITS(invoice_no) ||
	    !FITS(chorus_no) || !FITS(reason) || o->org_id == 0 || o->refurb_id == 0 ||
	    o->nlines == 0 || o->nlines > LOT_COUNT || o->nhist > ORDER_STEPS_MAX ||
	    (unsigned)o->state >= ORD_STATE_COUNT)
		return RC_INVALID;
#undef FITS
	return RC_OK;
}

static const struct record_type order_record = {
	.name = "order",
	.dbi = DBI_ORDERS,
	.size = sizeof(struct order),
	.id_offset = offsetof(struct order, id),
	.decode = order_decode,
	.misplaced = "commande rangée sous une clé qui n'est pas son numéro",
	.storable = order_storable,
	.encode = order_encode,
	.versioned = true,
	.version_offset = offsetof(struct order, version),
	.stamped = true,
	.created_offset = offsetof(struct order, created_at),
	.updated_offset = offsetof(struct order, updated_at),
};

static void order_keys_org(const void *obj, struct store_keys *out)
{
	store_keys_add_id(out, ((const struct order *)obj)->org_id);
}

static void order_keys_refurb(const void *obj, struct store_keys *out)
{
	store_keys_add_id(out, ((const struct order *)obj)->refurb_id);
}

static void order_keys_dept(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, ((const struct order *)obj)->dept);
}

const struct store_kind db_order_kind = {
	.name = "order",
	.records = DBI_ORDERS,
	.seq = "order",
	.record = &order_record,
	.index = {
		{ DBI_ORDER_BY_ORG, order_keys_org, 0 },
		{ DBI_ORDER_BY_REFURB, order_keys_refurb, 0 },
		{ DBI_ORDER_BY_DEPT, order_keys_dept, 0 },
	},
};

int db_order_get(struct store_txn *txn, uint64_t id, struct order *out)
{
	return record_get(txn, &order_record, id, out);
}

int db_order_insert(struct store_txn *txn, struct order *o)
{
	return store_kind_insert(txn, &db_order_kind, o);
}

int db_order_update(struct store_txn *txn, struct order *o)
{
	return store_kind_update(txn, &db_order_kind, o);
}

struct order_walk {
	db_order_fn fn;
	void *ctx;
	struct order *o;
};

static int order_one(struct store_txn *txn, uint64_t id, void *ctx)
{
	struct order_walk *w = ctx;
	int rc = db_order_get(txn, id, w->o);

	if (rc != RC_OK)
		return rc == RC_NOTFOUND ? RC_IO : rc;
	return w->fn(w->o, w->ctx);
}

static int order_walk_key(struct store_txn *txn, enum dbi d, const void *k, size_t klen,
                          db_order_fn fn, void *ctx)
{
	struct order_walk w = { fn, ctx, xmalloc(sizeof *w.o) };
	int rc = store_walk_ids(txn, d, k, klen, order_one, &w);

	free(w.o);
	return rc;
}

int db_order_each_by_org(struct store_txn *txn, uint64_t org_id, db_order_fn fn, void *ctx)
{
	unsigned char k[8];

	u64_key(org_id, k);
	return order_walk_key(txn, DBI_ORDER_BY_ORG, k, 8, fn, ctx);
}

int db_order_each_by_refurb(struct store_txn *txn, uint64_t refurb_id, db_order_fn fn, void *ctx)
{
	unsigned char k[8];

	u64_key(refurb_id, k);
	return order_walk_key(txn, DBI_ORDER_BY_REFURB, k, 8, fn, ctx);
}

int db_order_each_by_dept(struct store_txn *txn, const char *dept, db_order_fn fn, void *ctx)
{
	if (dept == NULL || dept[0] == '\0')
		return RC_OK;
	return order_walk_key(txn, DBI_ORDER_BY_DEPT, dept, strlen(dept), fn, ctx);
}

int db_order_each(struct store_txn *txn, db_order_fn fn, void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	struct order *o = xmalloc(sizeof *o);
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_ORDERS), &cur)) != 0) {
		rc = store_mdb_rc(err, "mdb_cursor_open");
		goto out;
	}
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (order_decode(v.mv_data, v.mv_size, o, NULL) != RC_OK) {
			rc = RC_IO;
			break;
		}
		if ((rc = fn(o, ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "orders");
	mdb_cursor_close(cur);
out:
	free(o);
	return rc;
}

struct reserved_walk {
	uint64_t except;
	uint32_t *out;
};

static int reserved_one(const struct order *o, void *ctx)
{
	struct reserved_walk *w = ctx;

	if (o->id == w->except || !order_state_live(o->state))
		return RC_OK;
	for (size_t i = 0; i < o->nlines && i < LOT_COUNT; i++) {
		uint64_t sum = (uint64_t)w->out[o->lines[i].lot] + o->lines[i].qty;

		w->out[o->lines[i].lot] = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
	}
	return RC_OK;
}

int db_order_reserved(struct store_txn *txn, uint64_t refurb_id, uint64_t except,
                      uint32_t out[LOT_COUNT])
{
	struct reserved_walk w = { except, out };

	memset(out, 0, LOT_COUNT * sizeof out[0]);
	return db_order_each_by_refurb(txn, refurb_id, reserved_one, &w);
}

/* ---- loans ---- */

#define LOAN_SCHEMA 1

static void loan_encode(const void *obj, struct codec_w *w)
{
	const struct loan *l = obj;

	codec_w_init(w, "loan", LOAN_SCHEMA);
	codec_w_u64(w, "id", l->id);
	codec_w_u64(w, "version", l->version);
	codec_w_u64(w, "org_id", l->org_id);
	codec_w_str(w, "dept", l->dept);
	codec_w_u64(w, "order_id", l->order_id);
	codec_w_str(w, "lot", lot_name(l->lot));
	codec_w_u64(w, "count", l->count);
	codec_w_str(w, "serials", l->serials);
	codec_w_str(w, "partner", l->partner);
	codec_w_i64(w, "start", l->start);
	codec_w_i64(w, "due", l->due);
	codec_w_i64(w, "returned_on", l->returned_on);
	codec_w_u64(w, "created_by", l->created_by);
	codec_w_i64(w, "created_at", l->created_at);
	codec_w_i64(w, "updated_at", l->updated_at);
}

static int loan_decode(const void *val, size_t vlen, void *obj, char **why)
{
	struct loan *l = obj;
	struct codec_r cr;
	const msgpack_object *m;
	char name[32];
	uint64_t u;

	memset(l, 0, sizeof *l);
	if (codec_r_open(&cr, val, vlen, "loan", NULL) != RC_OK)
		return fail(why, RC_INVALID, "prêt illisible");
	m = codec_r_root(&cr);
	codec_r_u64(&cr, m, "id", &l->id, 0);
	codec_r_u64(&cr, m, "version", &l->version, 0);
	codec_r_u64(&cr, m, "org_id", &l->org_id, 0);
	codec_r_str(&cr, m, "dept", l->dept, sizeof l->dept, "");
	codec_r_u64(&cr, m, "order_id", &l->order_id, 0);
	if (codec_r_str(&cr, m, "lot", name, sizeof name, "") == RC_OK &&
	    lot_parse(name, &l->lot, NULL) != RC_OK)
		codec_r_fail(&cr, "lot");
	codec_r_u64(&cr, m, "count", &u, 0);
	l->count = u32_of(u);
	codec_r_str(&cr, m, "serials", l->serials, sizeof l->serials, "");
	codec_r_str(&cr, m, "partner", l->partner, sizeof l->partner, "");
	day_of_field(&cr, m, "start", &l->start);
	day_of_field(&cr, m, "due", &l->due);
	day_of_field(&cr, m, "returned_on", &l->returned_on);
	codec_r_u64(&cr, m, "created_by", &l->created_by, 0);
	codec_r_i64(&cr, m, "created_at", &l->created_at, 0);
	codec_r_i64(&cr, m, "updated_at", &l->updated_at, 0);
	if (cr.err != RC_OK)
		fail(why, RC_INVALID, "prêt : %s", codec_r_error(&cr));
	return codec_r_close(&cr);
}

static int loan_storable(const void *obj)
{
	const struct loan *l = obj;

	if (strnlen(l->serials, sizeof l->serials) >= sizeof l->serials ||
	    strnlen(l->partner, sizeof l->partner) >= sizeof l->partner ||
	    strnlen(l->dept, sizeof l->dept) >= sizeof l->dept || l->org_id == 0 ||
	    l->order_id == 0 || (unsigned)l->lot >= LOT_COUNT)
		return RC_INVALID;
	return RC_OK;
}

static const struct record_type loan_record = {
	.name = "loan",
	.dbi = DBI_LOANS,
	.size = sizeof(struct loan),
	.id_offset = offsetof(struct loan, id),
	.decode = loan_decode,
	.misplaced = "prêt rangé sous une clé qui n'est pas son numéro",
	.storable = loan_storable,
	.encode = loan_encode,
	.versioned = true,
	.version_offset = offsetof(struct loan, version),
	.stamped = true,
	.created_offset = offsetof(struct loan, created_at),
	.updated_offset = offsetof(struct loan, updated_at),
};

static void loan_keys_org(const void *obj, struct store_keys *out)
{
	store_keys_add_id(out, ((const struct loan *)obj)->org_id);
}

const struct store_kind db_loan_kind = {
	.name = "loan",
	.records = DBI_LOANS,
	.seq = "loan",
	.record = &loan_record,
	.index = {
		{ DBI_LOAN_BY_ORG, loan_keys_org, 0 },
	},
};

int db_loan_get(struct store_txn *txn, uint64_t id, struct loan *out)
{
	return record_get(txn, &loan_record, id, out);
}

int db_loan_insert(struct store_txn *txn, struct loan *l)
{
	return store_kind_insert(txn, &db_loan_kind, l);
}

int db_loan_update(struct store_txn *txn, struct loan *l)
{
	return store_kind_update(txn, &db_loan_kind, l);
}

struct loan_walk {
	db_loan_fn fn;
	void *ctx;
	struct loan l;
};

static int loan_one(struct store_txn *txn, uint64_t id, void *ctx)
{
	struct loan_walk *w = ctx;
	int rc = db_loan_get(txn, id, &w->l);

	if (rc != RC_OK)
		return rc == RC_NOTFOUND ? RC_IO : rc;
	return w->fn(&w->l, w->ctx);
}

int db_loan_each_by_org(struct store_txn *txn, uint64_t org_id, db_loan_fn fn, void *ctx)
{
	unsigned char k[8];
	struct loan_walk *w = xmalloc(sizeof *w);
	int rc;

	w->fn = fn;
	w->ctx = ctx;
	u64_key(org_id, k);
	rc = store_walk_ids(txn, DBI_LOAN_BY_ORG, k, 8, loan_one, w);
	free(w);
	return rc;
}
