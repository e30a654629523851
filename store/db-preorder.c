/*
 * db-preorder.c — pre-orders in LMDB: the "preorder" record (MessagePack),
 * its indexes by organisation, by département + state and by state (all
 * MDB_DUPSORT, kept in the record's transaction), optimistic versioning,
 * and its entry in the table of kinds that check verifies.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-programme.h"
#include "store/store-refurb.h"

#define PREORDER_SCHEMA 1

static void preorder_encode(const void *obj, struct codec_w *w)
{
	const struct preorder *p = obj;

	codec_w_init(w, "preorder", PREORDER_SCHEMA);
	codec_w_u64(w, "id", p->id);
	codec_w_u64(w, "version", p->version);
	codec_w_u64(w, "org_id", p->org_id);
	codec_w_str(w, "org_name", p->org_name);
	codec_w_str(w, "dept", p->dept);
	codec_w_str(w, "insee", p->insee);
	codec_w_contact(w, "contact", &p->contact);
	codec_w_array_begin(w, "lines");
	for (int l = 0; l < LOT_COUNT; l++) {
		if (p->qty[l] == 0)
			continue;
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "lot", lot_name((enum lot)l));
		codec_w_u64(w, "qty", p->qty[l]);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_i64(w, "estimated", p->estimated);
	codec_w_u64(w, "staff_cnfs", p->staff_cnfs);
	codec_w_u64(w, "staff_mediateurs", p->staff_mediateurs);
	codec_w_u64(w, "staff_aidants", p->staff_aidants);
	codec_w_array_begin(w, "partners");
	for (size_t i = 0; i < p->npartners; i++) {
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "name", p->partners[i].name);
		codec_w_str(w, "kind", partner_kind_name(p->partners[i].kind));
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_str(w, "motivation", p->motivation);
	codec_w_str(w, "state", preorder_state_name(p->state));
	codec_w_u64(w, "created_by", p->created_by);
	codec_w_i64(w, "created_at", p->created_at);
	codec_w_i64(w, "updated_at", p->updated_at);
	codec_w_i64(w, "submitted_at", p->submitted_at);
	codec_w_i64(w, "instructed_at", p->instructed_at);
	codec_w_i64(w, "decided_at", p->decided_at);
	codec_w_i64(w, "closed_at", p->closed_at);
	codec_w_u64(w, "decided_by", p->decided_by);
	codec_w_str(w, "elig_note", p->elig_note);
	codec_w_str(w, "reason", p->reason);
	codec_w_i64(w, "retained", p->retained);
	codec_w_i64(w, "subsidy", p->subsidy);
	codec_w_str(w, "convention_no", p->convention_no);
	codec_w_i64(w, "convention_date", p->convention_date);
	codec_w_i64(w, "payment_date", p->payment_date);
	codec_w_i64(w, "payment", p->payment);
	codec_w_array_begin(w, "payments");
	for (size_t i = 0; i < p->npayments; i++) {
		codec_w_map_begin(w, NULL);
		codec_w_i64(w, "day", p->payments[i].day);
		codec_w_i64(w, "amount", p->payments[i].amount);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_i64(w, "complement_at", p->complement_at);
	codec_w_array_begin(w, "amendments");
	for (size_t i = 0; i < p->namend; i++) {
		const struct preorder_amendment *a = &p->amend[i];
		codec_w_map_begin(w, NULL);
		codec_w_u64(w, "version", a->version);
		codec_w_i64(w, "at", a->at);
		codec_w_u64(w, "by", a->by);
		codec_w_u64s(w, "before", (const uint64_t[]){ a->before[0], a->before[1],
		                                                a->before[2], a->before[3] },
		             LOT_COUNT);
		codec_w_u64s(w, "after", (const uint64_t[]){ a->after[0], a->after[1], a->after[2],
		                                               a->after[3] },
		             LOT_COUNT);
		codec_w_i64(w, "total_before", a->total_before);
		codec_w_i64(w, "total_after", a->total_after);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
}

/* Reads a string naming an enum value through parse; RC_INVALID via r if unknown. */
static void read_state(struct codec_r *r, const msgpack_object *m, struct preorder *out)
{
	char s[32];

	codec_r_str(r, m, "state", s, sizeof s, "brouillon");
	if (r->err == RC_OK && preorder_state_parse(s, &out->state, NULL) != RC_OK)
		codec_r_fail(r, "state");
}

static void read_u32(struct codec_r *r, const msgpack_object *m, const char *name, uint32_t *out,
                     uint32_t max)
{
	uint64_t v = 0;

	codec_r_u64(r, m, name, &v, 0);
	if (v > max)
		codec_r_fail(r, name);
	else
		*out = (uint32_t)v;
}

static void read_u32s(struct codec_r *r, const msgpack_object *m, const char *name,
                      uint32_t out[LOT_COUNT])
{
	const msgpack_object *a = codec_find(m, name);

	if (a == NULL)
		return;
	if (a->type != MSGPACK_OBJECT_ARRAY || a->via.array.size != LOT_COUNT) {
		codec_r_fail(r, name);
		return;
	}
	for (int l = 0; l < LOT_COUNT; l++) {
		const msgpack_object *o = &a->via.array.ptr[l];
		if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER || o->via.u64 > PREORDER_QTY_MAX) {
			codec_r_fail(r, name);
			return;
		}
		out[l] = (uint32_t)o->via.u64;
	}
}

/* Decodes into out (a struct preorder, cleared first); on failure out is left clear. */
static int preorder_decode(const void *val, size_t vlen, void *obj, char **why)
{
	struct preorder *out = obj;
	struct codec_r r;
	const msgpack_object *m, *items;
	size_t n;
	int64_t d;
	int rc;

	memset(out, 0, sizeof *out);
	if (codec_r_open(&r, val, vlen, "preorder", NULL) != RC_OK)
		return fail(why, RC_INVALID, "enregistrement d'intention de commande illisible");
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "id", &out->id, 0);
	codec_r_u64(&r, m, "version", &out->version, 0);
	codec_r_u64(&r, m, "org_id", &out->org_id, 0);
	codec_r_str(&r, m, "org_name", out->org_name, sizeof out->org_name, "");
	codec_r_str(&r, m, "dept", out->dept, sizeof out->dept, "");
	codec_r_str(&r, m, "insee", out->insee, sizeof out->insee, "");
	codec_r_contact(&r, m, "contact", &out->contact);
	codec_r_array(&r, m, "lines", &items, &n, LOT_COUNT);
	for (size_t i = 0; i < n && r.err == RC_OK; i++) {
		char lot[32];
		enum lot l;
		uint32_t q = 0;
		codec_r_str(&r, &items[i], "lot", lot, sizeof lot, "");
		read_u32(&r, &items[i], "qty", &q, PREORDER_QTY_MAX);
		if (r.err == RC_OK && lot_parse(lot, &l, NULL) != RC_OK)
			codec_r_fail(&r, "lines");
		else if (r.err == RC_OK)
			out->qty[l] = q;
	}
	codec_r_i64(&r, m, "estimated", &out->estimated, 0);
	read_u32(&r, m, "staff_cnfs", &out->staff_cnfs, STAFF_MAX);
	read_u32(&r, m, "staff_mediateurs", &out->staff_mediateurs, STAFF_MAX);
	read_u32(&r, m, "staff_aidants", &out->staff_aidants, STAFF_MAX);
	codec_r_array(&r, m, "partners", &items, &n, PARTNERS_MAX);
	for (size_t i = 0; i < n && r.err == RC_OK; i++) {
		char kind[32];
		codec_r_str(&r, &items[i], "name", out->partners[i].name,
		            sizeof out->partners[i].name, "");
		codec_r_str(&r, &items[i], "kind", kind, sizeof kind, "autre");
		out->partners[i].kind = PARTNER_AUTRE;
		for (int k = 0; k < PARTNER_KIND_COUNT; k++)
			if (strcmp(kind, partner_kind_name((enum partner_kind)k)) == 0)
				out->partners[i].kind = (enum partner_kind)k;
	}
	out->npartners = r.err == RC_OK ? n : 0;
	codec_r_str(&r, m, "motivation", out->motivation, sizeof out->motivation, "");
	read_state(&r, m, out);
	codec_r_u64(&r, m, "created_by", &out->created_by, 0);
	codec_r_i64(&r, m, "created_at", &out->created_at, 0);
	codec_r_i64(&r, m, "updated_at", &out->updated_at, 0);
	codec_r_i64(&r, m, "submitted_at", &out->submitted_at, 0);
	codec_r_i64(&r, m, "instructed_at", &out->instructed_at, 0);
	codec_r_i64(&r, m, "decided_at", &out->decided_at, 0);
	codec_r_i64(&r, m, "closed_at", &out->closed_at, 0);
	codec_r_u64(&r, m, "decided_by", &out->decided_by, 0);
	codec_r_str(&r, m, "elig_note", out->elig_note, sizeof out->elig_note, "");
	codec_r_str(&r, m, "reason", out->reason, sizeof out->reason, "");
	codec_r_i64(&r, m, "retained", &out->retained, 0);
	codec_r_i64(&r, m, "subsidy", &out->subsidy, 0);
	codec_r_str(&r, m, "convention_no", out->convention_no, sizeof out->convention_no, "");
	codec_r_i64(&r, m, "convention_date", &d, 0);
	out->convention_date = (day_t)d;
	codec_r_i64(&r, m, "payment_date", &d, 0);
	out->payment_date = (day_t)d;
	codec_r_i64(&r, m, "payment", &out->payment, 0);
	if (codec_find(m, "payments") != NULL) {
		codec_r_array(&r, m, "payments", &items, &n, PAYMENTS_MAX);
		for (size_t i = 0; i < n && r.err == RC_OK; i++) {
			codec_r_i64(&r, &items[i], "day", &d, 0);
			out->payments[i].day = (day_t)d;
			codec_r_i64(&r, &items[i], "amount", &out->payments[i].amount, 0);
		}
		out->npayments = r.err == RC_OK ? n : 0;
	} else if (out->payment > 0) {
		/* A record from before several payments: its one payment. */
		out->payments[0].day = out->payment_date;
		out->payments[0].amount = out->payment;
		out->npayments = 1;
	}
	codec_r_i64(&r, m, "complement_at", &out->complement_at, 0);
	codec_r_array(&r, m, "amendments", &items, &n, AMENDMENTS_MAX);
	for (size_t i = 0; i < n && r.err == RC_OK; i++) {
		struct preorder_amendment *a = &out->amend[i];
		codec_r_u64(&r, &items[i], "version", &a->version, 0);
		codec_r_i64(&r, &items[i], "at", &a->at, 0);
		codec_r_u64(&r, &items[i], "by", &a->by, 0);
		read_u32s(&r, &items[i], "before", a->before);
		read_u32s(&r, &items[i], "after", a->after);
		codec_r_i64(&r, &items[i], "total_before", &a->total_before, 0);
		codec_r_i64(&r, &items[i], "total_after", &a->total_after, 0);
	}
	out->namend = r.err == RC_OK ? n : 0;
	if (r.err == RC_OK && (out->id == 0 || out->org_id == 0))
		codec_r_fail(&r, out->id == 0 ? "id" : "org_id");
	rc = codec_r_end(&r, "intention de commande", why);
	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* The head of a record (what lists need), without decoding the rest. */
static int preorder_decode_head(const void *val, size_t vlen, struct preorder_head *out)
{
	struct codec_r r;
	const msgpack_object *m, *items;
	size_t n;
	char s[32];
	int rc;

	memset(out, 0, offsetof(struct preorder_head, elig_note));
	out->elig_note[0] = '\0';
	if (codec_r_open(&r, val, vlen, "preorder", NULL) != RC_OK)
		return RC_INVALID;
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "id", &out->id, 0);
	codec_r_u64(&r, m, "version", &out->version, 0);
	codec_r_u64(&r, m, "org_id", &out->org_id, 0);
	codec_r_str(&r, m, "org_name", out->org_name, sizeof out->org_name, "");
	codec_r_str(&r, m, "dept", out->dept, sizeof out->dept, "");
	codec_r_str(&r, m, "insee", out->insee, sizeof out->insee, "");
	codec_r_i64(&r, m, "estimated", &out->estimated, 0);
	codec_r_str(&r, m, "state", s, sizeof s, "brouillon");
	if (r.err == RC_OK && preorder_state_parse(s, &out->state, NULL) != RC_OK)
		codec_r_fail(&r, "state");
	codec_r_i64(&r, m, "submitted_at", &out->submitted_at, 0);
	codec_r_i64(&r, m, "closed_at", &out->closed_at, 0);
	codec_r_i64(&r, m, "complement_at", &out->complement_at, 0);
	codec_r_str(&r, m, "elig_note", out->elig_note, sizeof out->elig_note, "");
	codec_r_array(&r, m, "amendments", &items, &n, AMENDMENTS_MAX);
	if (r.err == RC_OK && n > 0)
		codec_r_i64(&r, &items[n - 1], "at", &out->last_amend_at, 0);
	rc = codec_r_close(&r);
	if (rc == RC_OK && out->id == 0)
		rc = RC_INVALID;
	return rc;
}

/* Every text field must hold its NUL and the enums be in range. */
static int preorder_storable(const void *obj)
{
	const struct preorder *p = obj;

#define FITS(f) (strnlen(p->f, sizeof p->f) < sizeof p->f)
	if (!FITS(org_name) || !FITS(dept) || !FITS(insee) || !codec_contact_fits(&p->contact) ||
	    !FITS(motivation) || !FITS(elig_note) || !FITS(reason) || !FITS(convention_no) ||
	    p->org_id == 0 || p->npartners > PARTNERS_MAX || p->namend > AMENDMENTS_MAX ||
	    p->npayments > PAYMENTS_MAX ||
	    (unsigned)p->state >= PO_STATE_COUNT)
		return RC_INVALID;
	for (size_t i = 0; i < p->npartners; i++)
		if (strnlen(p->partners[i].name, sizeof p->partners[i].name) >=
		    sizeof p->partners[i].name)
			return RC_INVALID;
#undef FITS
	return RC_OK;
}

/* "dept\0state" into buf; returns its length. */
static size_t dept_state_key(const char *dept, enum preorder_state s, char *buf, size_t cap)
{
	size_t dl = strlen(dept), sl = strlen(preorder_state_name(s));

	if (dl + 1 + sl > cap)
		return 0;
	memcpy(buf, dept, dl);
	buf[dl] = '\0';
	memcpy(buf + dl + 1, preorder_state_name(s), sl);
	return dl + 1 + sl;
}

static const struct record_type preorder_record = {
	.name = "preorder",
	.dbi = DBI_PREORDERS,
	.size = sizeof(struct preorder),
	.id_offset = offsetof(struct preorder, id),
	.decode = preorder_decode,
	.misplaced = "intention de commande rangée sous une clé qui n'est pas son numéro",
	.storable = preorder_storable,
	.encode = preorder_encode,
	.versioned = true,
	.version_offset = offsetof(struct preorder, version),
};

int db_preorder_get(struct store_txn *txn, uint64_t id, struct preorder *out)
{
	return record_get(txn, &preorder_record, id, out);
}

int db_preorder_insert(struct store_txn *txn, struct preorder *po)
{
	int rc = store_kind_insert(txn, &db_preorder_kind, po);

	/* the running statistics move in the pre-order's own transaction */
	if (rc == RC_OK && (rc = db_stats_move(txn, NULL, po)) != RC_OK) {
		po->id = 0;
		po->version = 0;
	}
	return rc;
}

int db_preorder_update(struct store_txn *txn, struct preorder *po)
{
	struct preorder *old = xmalloc(sizeof *old);
	int rc;

	if ((rc = db_preorder_get(txn, po->id, old)) != RC_OK)
		goto out;
	if ((rc = store_kind_update(txn, &db_preorder_kind, po)) != RC_OK)
		goto out;
	if ((rc = db_stats_move(txn, old, po)) != RC_OK)
		po->version--;
out:
	free(old);
	return rc;
}

/* Walks the ids of database d (all records, or the dup ids under key). */
static int preorder_walk(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
                         db_preorder_fn fn, void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k = { klen, (void *)key }, v;
	MDB_cursor_op first = MDB_FIRST, next = MDB_NEXT;
	struct preorder *p = xmalloc(sizeof *p);
	int err, rc = RC_OK;

	if (key != NULL) {
		first = MDB_SET_KEY;
		next = MDB_NEXT_DUP;
	}
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, d), &cur)) != 0) {
		free(p);
		return store_mdb_rc(err, "mdb_cursor_open");
	}
	for (err = mdb_cursor_get(cur, &k, &v, first); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, next)) {
		if (d == DBI_PREORDERS) {
			if (preorder_decode(v.mv_data, v.mv_size, p, NULL) != RC_OK) {
				rc = RC_IO;
				break;
			}
		} else if (v.mv_size != 8 ||
		           (rc = db_preorder_get(txn, u64_from_key(v.mv_data), p)) != RC_OK) {
			if (rc == RC_OK || rc == RC_NOTFOUND)
				rc = RC_IO;
			break;
		}
		if ((rc = fn(p, ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, store_dbi_defs[d].name);
	mdb_cursor_close(cur);
	free(p);
	return rc;
}

int db_preorder_each(struct store_txn *txn, db_preorder_fn fn, void *ctx)
{
	return preorder_walk(txn, DBI_PREORDERS, NULL, 0, fn, ctx);
}

int db_preorder_each_by_org(struct store_txn *txn, uint64_t org_id, db_preorder_fn fn, void *ctx)
{
	unsigned char k[8];

	u64_key(org_id, k);
	return preorder_walk(txn, DBI_PREORDER_BY_ORG, k, 8, fn, ctx);
}

int db_preorder_each_by_state(struct store_txn *txn, enum preorder_state s, db_preorder_fn fn,
                              void *ctx)
{
	const char *sn = preorder_state_name(s);

	return preorder_walk(txn, DBI_PREORDER_BY_STATE, sn, strlen(sn), fn, ctx);
}

int db_preorder_each_by_dept_state(struct store_txn *txn, const char *dept,
                                   enum preorder_state s, db_preorder_fn fn, void *ctx)
{
	char ds[48];
	size_t n = dept_state_key(dept, s, ds, sizeof ds);

	if (n == 0 || dept[0] == '\0')
		return RC_OK;
	return preorder_walk(txn, DBI_PREORDER_BY_DEPT_STATE, ds, n, fn, ctx);
}

int db_preorder_each_head_by_dept_state(struct store_txn *txn, const char *dept,
                                        enum preorder_state s, db_preorder_head_fn fn,
                                        void *ctx)
{
	MDB_cursor *cur = NULL;
	char ds[48];
	MDB_val k, v;
	struct preorder_head *h = xmalloc(sizeof *h);
	int err, rc = RC_OK;

	k.mv_size = dept_state_key(dept, s, ds, sizeof ds);
	k.mv_data = ds;
	if (k.mv_size == 0 || dept[0] == '\0') {
		free(h);
		return RC_OK;
	}
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_PREORDER_BY_DEPT_STATE), &cur)) != 0) {
		free(h);
		return store_mdb_rc(err, "mdb_cursor_open");
	}
	for (err = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		MDB_val rk = { 8, v.mv_data }, rv;
		int e2;

		if (v.mv_size != 8) {
			rc = RC_IO;
			break;
		}
		if ((e2 = mdb_get(txn->txn, store_dbi(txn, DBI_PREORDERS), &rk, &rv)) != 0) {
			rc = e2 == MDB_NOTFOUND ? RC_IO : store_mdb_rc(e2, "preorders");
			break;
		}
		if (preorder_decode_head(rv.mv_data, rv.mv_size, h) != RC_OK ||
		    h->id != u64_from_key(v.mv_data)) {
			rc = RC_IO;
			break;
		}
		if ((rc = fn(h, ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "preorder_by_dept_state");
	mdb_cursor_close(cur);
	free(h);
	return rc;
}

int db_preorder_page(struct store_txn *txn, const char *dept, enum preorder_state s,
                     uint64_t after, uint64_t *ids, size_t max, size_t *n)
{
	MDB_cursor *cur = NULL;
	char ds[48];
	unsigned char ak[8];
	MDB_val k, v;
	int err, rc = RC_OK;

	*n = 0;
	k.mv_size = dept_state_key(dept, s, ds, sizeof ds);
	k.mv_data = ds;
	if (k.mv_size == 0 || dept[0] == '\0' || max == 0)
		return RC_OK;
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_PREORDER_BY_DEPT_STATE), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	u64_key(after + 1 > after ? after + 1 : after, ak);
	v.mv_size = 8;
	v.mv_data = ak;
	/* Dup values are 8-byte big-endian ids: byte order is id order. */
	for (err = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH_RANGE); err == 0 && *n < max;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		if (v.mv_size != 8) {
			rc = RC_IO;
			break;
		}
		ids[(*n)++] = u64_from_key(v.mv_data);
	}
	if (rc == RC_OK && err != 0 && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "preorder_by_dept_state");
	mdb_cursor_close(cur);
	return rc;
}

int db_preorder_count_state(struct store_txn *txn, enum preorder_state s, size_t *out)
{
	MDB_cursor *cur = NULL;
	const char *sn = preorder_state_name(s);
	MDB_val k = { strlen(sn), (void *)sn }, v;
	size_t count = 0;
	int err;

	*out = 0;
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_PREORDER_BY_STATE), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	err = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);
	if (err == 0)
		err = mdb_cursor_count(cur, &count);
	mdb_cursor_close(cur);
	if (err != 0 && err != MDB_NOTFOUND)
		return store_mdb_rc(err, "preorder_by_state");
	*out = (size_t)count;
	return RC_OK;
}

/* ---- for check ---- */

static void preorder_keys_org(const void *obj, struct store_keys *out)
{
	store_keys_add_id(out, ((const struct preorder *)obj)->org_id);
}

static void preorder_keys_dept_state(const void *obj, struct store_keys *out)
{
	const struct preorder *p = obj;
	char ds[48];
	size_t n = dept_state_key(p->dept, p->state, ds, sizeof ds);

	if (p->dept[0] != '\0' && n > 0)
		store_keys_add(out, ds, n);
}

static void preorder_keys_state(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, preorder_state_name(((const struct preorder *)obj)->state));
}

const struct store_kind db_preorder_kind = {
	.name = "preorder",
	.records = DBI_PREORDERS,
	.seq = "preorder",
	.record = &preorder_record,
	.index = {
		{ DBI_PREORDER_BY_ORG, preorder_keys_org },
		{ DBI_PREORDER_BY_DEPT_STATE, preorder_keys_dept_state },
		{ DBI_PREORDER_BY_STATE, preorder_keys_state },
	},
};
