/*
 * db-instruction.c — what the préfecture keeps on each file, in LMDB: the
 * "instruction" record (MessagePack) under the pre-order's id, with a
 * version of its own and an index by département (MDB_DUPSORT, kept in the
 * record's transaction); and the agents' saved queue views ("queue_view"
 * under account id + tab). Both in the table of kinds that check verifies.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-instruct.h"
#include "store/store-int.h"

#define INSTRUCTION_SCHEMA 1
#define QUEUE_VIEW_SCHEMA 1

static const char *const prog_names[] = { "none", "retain", "reject" };

static void instruction_encode(const struct instruction *in, struct codec_w *w)
{
	codec_w_init(w, "instruction", INSTRUCTION_SCHEMA);
	codec_w_u64(w, "preorder_id", in->preorder_id);
	codec_w_u64(w, "version", in->version);
	codec_w_str(w, "dept", in->dept);
	codec_w_u64(w, "labels", in->labels);
	codec_w_u64(w, "priority", in->priority);
	codec_w_str(w, "priority_note", in->priority_note);
	codec_w_u64s(w, "follow", in->follow, in->nfollow);
	codec_w_array_begin(w, "seen");
	for (size_t i = 0; i < in->nseen; i++) {
		codec_w_map_begin(w, NULL);
		codec_w_u64(w, "account", in->seen[i].account);
		codec_w_i64(w, "at", in->seen[i].at);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_str(w, "prog", prog_names[in->prog]);
	codec_w_i64(w, "prog_amount", in->prog_amount);
	codec_w_str(w, "prog_reason", in->prog_reason);
	codec_w_u64(w, "prog_po_version", in->prog_po_version);
	codec_w_bool(w, "completed", in->completed);
	/* the annotations last: lists stop reading before them */
	codec_w_array_begin(w, "notes");
	for (size_t i = 0; i < in->nnotes; i++) {
		const struct po_note *n = &in->notes[i];
		codec_w_map_begin(w, NULL);
		codec_w_i64(w, "at", n->at);
		codec_w_u64(w, "by", n->by);
		codec_w_str(w, "login", n->login);
		codec_w_str(w, "text", n->text);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
}

/* Clears *out, leaving notes[] untouched unless with_notes (they are large). */
static void instruction_clear(struct instruction *out, bool with_notes)
{
	if (with_notes) {
		memset(out, 0, sizeof *out);
		return;
	}
	memset(out, 0, offsetof(struct instruction, notes));
	memset((char *)out + offsetof(struct instruction, prog), 0,
	       sizeof *out - offsetof(struct instruction, prog));
}

static int instruction_decode_opt(const void *val, size_t vlen, struct instruction *out,
                                  bool with_notes, char **why)
{
	struct codec_r r;
	const msgpack_object *m, *a, *items;
	char prog[16];
	uint64_t v;
	size_t n;
	int rc;

	instruction_clear(out, with_notes);
	if (codec_r_open(&r, val, vlen, "instruction", NULL) != RC_OK)
		return fail(why, RC_INVALID, "enregistrement de suivi d'instruction illisible");
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "preorder_id", &out->preorder_id, 0);
	codec_r_u64(&r, m, "version", &out->version, 0);
	codec_r_str(&r, m, "dept", out->dept, sizeof out->dept, "");
	codec_r_u64(&r, m, "labels", &v, 0);
	if (v >= (1u << LABEL_COUNT))
		codec_r_fail(&r, "labels");
	out->labels = (uint32_t)v;
	codec_r_u64(&r, m, "priority", &v, 0);
	if (v > UINT32_MAX)
		codec_r_fail(&r, "priority");
	out->priority = (uint32_t)v;
	codec_r_str(&r, m, "priority_note", out->priority_note, sizeof out->priority_note, "");
	if ((a = codec_find(m, "follow")) != NULL) {
		if (a->type != MSGPACK_OBJECT_ARRAY || a->via.array.size > FOLLOWERS_MAX) {
			codec_r_fail(&r, "follow");
		} else {
			for (size_t i = 0; i < a->via.array.size; i++) {
				if (a->via.array.ptr[i].type != MSGPACK_OBJECT_POSITIVE_INTEGER) {
					codec_r_fail(&r, "follow");
					break;
				}
				out->follow[i] = a->via.array.ptr[i].via.u64;
			}
			out->nfollow = r.err == RC_OK ? a->via.array.size : 0;
		}
	}
	codec_r_array(&r, m, "seen", &items, &n, FOLLOWERS_MAX);
	for (size_t i = 0; i < n && r.err == RC_OK; i++) {
		codec_r_u64(&r, &items[i], "account", &out->seen[i].account, 0);
		codec_r_i64(&r, &items[i], "at", &out->seen[i].at, 0);
	}
	out->nseen = r.err == RC_OK ? n : 0;
	codec_r_str(&r, m, "prog", prog, sizeof prog, "none");
	out->prog = PROG_NONE;
	for (int k = 0; k < (int)ARRAY_LEN(prog_names); k++)
		if (strcmp(prog, prog_names[k]) == 0)
			out->prog = (enum prog_kind)k;
	codec_r_i64(&r, m, "prog_amount", &out->prog_amount, 0);
	codec_r_str(&r, m, "prog_reason", out->prog_reason, sizeof out->prog_reason, "");
	codec_r_u64(&r, m, "prog_po_version", &out->prog_po_version, 0);
	codec_r_bool(&r, m, "completed", &out->completed, false);
	if (with_notes) {
		codec_r_array(&r, m, "notes", &items, &n, NOTES_MAX);
		for (size_t i = 0; i < n && r.err == RC_OK; i++) {
			struct po_note *p = &out->notes[i];
			codec_r_i64(&r, &items[i], "at", &p->at, 0);
			codec_r_u64(&r, &items[i], "by", &p->by, 0);
			codec_r_str(&r, &items[i], "login", p->login, sizeof p->login, "");
			codec_r_str(&r, &items[i], "text", p->text, sizeof p->text, "");
		}
		out->nnotes = r.err == RC_OK ? n : 0;
	}
	if (r.err == RC_OK && out->preorder_id == 0)
		codec_r_fail(&r, "preorder_id");
	if (r.err != RC_OK)
		fail(why, RC_INVALID, "suivi d'instruction : %s", codec_r_error(&r));
	rc = codec_r_close(&r);
	if (rc != RC_OK)
		instruction_clear(out, with_notes);
	return rc;
}

static int instruction_decode(const void *val, size_t vlen, void *obj, char **why)
{
	return instruction_decode_opt(val, vlen, obj, true, why);
}

static int instruction_storable(const struct instruction *in)
{
#define FITS(f) (strnlen(in->f, sizeof in->f) < sizeof in->f)
	if (in->preorder_id == 0 || !FITS(dept) || !FITS(priority_note) || !FITS(prog_reason) ||
	    in->nfollow > FOLLOWERS_MAX || in->nseen > FOLLOWERS_MAX || in->nnotes > NOTES_MAX ||
	    (unsigned)in->prog > PROG_REJECT || in->labels >= (1u << LABEL_COUNT))
		return RC_INVALID;
	for (size_t i = 0; i < in->nnotes; i++)
		if (!FITS(notes[i].login) || !FITS(notes[i].text))
			return RC_INVALID;
#undef FITS
	return RC_OK;
}

static const struct record_type instruction_record = {
	.name = "instruction",
	.dbi = DBI_INSTRUCTIONS,
	.size = sizeof(struct instruction),
	.id_offset = offsetof(struct instruction, preorder_id),
	.decode = instruction_decode,
	.misplaced = "suivi d'instruction rangé sous une clé qui n'est pas le numéro de son "
	             "intention de commande",
};

static int get_opt(struct store_txn *txn, uint64_t id, struct instruction *out, bool with_notes)
{
	unsigned char k[8];
	const void *val;
	size_t vlen;
	int rc;

	if (with_notes)
		rc = record_get(txn, &instruction_record, id, out);
	else if (id == 0)
		rc = RC_NOTFOUND;
	else {
		u64_key(id, k);
		rc = store_get(txn, DBI_INSTRUCTIONS, k, 8, &val, &vlen);
		if (rc == RC_OK && (instruction_decode_opt(val, vlen, out, false, NULL) != RC_OK ||
		                    out->preorder_id != id)) {
			log_warn("suivi d'instruction %llu illisible", (unsigned long long)id);
			rc = RC_IO;
		}
	}
	if (rc != RC_OK) {
		instruction_clear(out, with_notes);
		if (rc == RC_NOTFOUND)
			out->preorder_id = id;
	}
	return rc;
}

int db_instruction_get(struct store_txn *txn, uint64_t preorder_id, struct instruction *out)
{
	return get_opt(txn, preorder_id, out, true);
}

int db_instruction_get_head(struct store_txn *txn, uint64_t preorder_id,
                            struct instruction *out)
{
	return get_opt(txn, preorder_id, out, false);
}

/* Stores *in; versioned: checks and increments the version, else keeps the stored one. */
static int put_opt(struct store_txn *txn, struct instruction *in, bool versioned)
{
	struct instruction *old = xmalloc(sizeof *old);
	struct codec_w w;
	unsigned char pk[8];
	uint64_t keep = in->version;
	bool had;
	int rc;

	if ((rc = instruction_storable(in)) != RC_OK)
		goto out;
	rc = db_instruction_get_head(txn, in->preorder_id, old);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		goto out;
	had = rc == RC_OK;
	if (versioned && old->version != in->version) {
		rc = RC_STALE;
		goto out;
	}
	in->version = versioned ? in->version + 1 : old->version;
	u64_key(in->preorder_id, pk);
	instruction_encode(in, &w);
	if ((rc = record_put(txn, DBI_INSTRUCTIONS, in->preorder_id, &w, 0)) != RC_OK ||
	    (rc = store_kind_reindex(txn, &db_instruction_kind, had ? old : NULL, in, pk, 8)) !=
	            RC_OK) {
		in->version = keep;
		goto out;
	}
	rc = RC_OK;
out:
	free(old);
	return rc;
}

int db_instruction_put(struct store_txn *txn, struct instruction *in)
{
	return put_opt(txn, in, true);
}

int db_instruction_put_quiet(struct store_txn *txn, struct instruction *in)
{
	return put_opt(txn, in, false);
}

int db_instruction_each_by_dept(struct store_txn *txn, const char *dept, db_instruction_fn fn,
                                void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k = { strlen(dept), (void *)dept }, v;
	struct instruction *in = xmalloc(sizeof *in);
	int err, rc = RC_OK;

	if (dept[0] == '\0') {
		free(in);
		return RC_OK;
	}
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, DBI_INSTRUCTION_BY_DEPT), &cur)) != 0) {
		free(in);
		return store_mdb_rc(err, "mdb_cursor_open");
	}
	for (err = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		if (v.mv_size != 8 ||
		    (rc = db_instruction_get_head(txn, u64_from_key(v.mv_data), in)) != RC_OK) {
			if (rc == RC_OK || rc == RC_NOTFOUND)
				rc = RC_IO;
			break;
		}
		if ((rc = fn(in, ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, "instruction_by_dept");
	mdb_cursor_close(cur);
	free(in);
	return rc;
}

static void instruction_keys_dept(const void *obj, struct store_keys *out)
{
	store_keys_add_str(out, ((const struct instruction *)obj)->dept);
}

const struct store_kind db_instruction_kind = {
	.name = "instruction",
	.records = DBI_INSTRUCTIONS,
	.record = &instruction_record,
	.index = {
		{ DBI_INSTRUCTION_BY_DEPT, instruction_keys_dept },
	},
};

/* ---- saved queue views ---- */

/* account, then one byte: the tab (slot 0) or QUEUE_VIEW_TABS + slot - 1 (named views). */
static void view_key(uint64_t account, uint32_t tab, uint32_t slot, unsigned char k[9])
{
	u64_key(account, k);
	k[8] = (unsigned char)(slot == 0 ? tab : QUEUE_VIEW_TABS + slot - 1);
}

static int view_decode(const void *val, size_t vlen, struct queue_view *out, char **why)
{
	struct codec_r r;
	const msgpack_object *m;
	uint64_t u[8], slot = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (codec_r_open(&r, val, vlen, "queue_view", NULL) != RC_OK)
		return fail(why, RC_INVALID, "vue de file enregistrée illisible");
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "account", &out->account, 0);
	codec_r_u64(&r, m, "tab", &u[0], 0);
	codec_r_u64(&r, m, "slot", &slot, 0);
	codec_r_str(&r, m, "name", out->name, sizeof out->name, "");
	codec_r_u64(&r, m, "columns", &u[1], 0);
	codec_r_u64(&r, m, "sort", &u[2], 0);
	codec_r_bool(&r, m, "desc", &out->desc, false);
	codec_r_u64(&r, m, "filters", &u[3], 0);
	codec_r_u64(&r, m, "states", &u[4], 0);
	codec_r_u64(&r, m, "zones", &u[5], 0);
	codec_r_u64(&r, m, "labels", &u[6], 0);
	codec_r_u64(&r, m, "kinds", &u[7], 0);
	codec_r_i64(&r, m, "amount_min", &out->amount_min, 0);
	codec_r_i64(&r, m, "amount_max", &out->amount_max, 0);
	for (int i = 0; i < 8; i++)
		if (u[i] > UINT32_MAX)
			codec_r_fail(&r, "vue");
	if (r.err == RC_OK && u[0] >= QUEUE_VIEW_TABS)
		codec_r_fail(&r, "tab");
	if (r.err == RC_OK && slot > QUEUE_VIEWS_NAMED)
		codec_r_fail(&r, "slot");
	out->slot = (uint32_t)slot;
	out->tab = (uint32_t)u[0];
	out->columns = (uint32_t)u[1];
	out->sort = (uint32_t)u[2];
	out->filters = (uint32_t)u[3];
	out->states = (uint32_t)u[4];
	out->zones = (uint32_t)u[5];
	out->labels = (uint32_t)u[6];
	out->kinds = (uint32_t)u[7];
	if (r.err != RC_OK)
		fail(why, RC_INVALID, "vue de file : %s", codec_r_error(&r));
	rc = codec_r_close(&r);
	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

static int view_get(struct store_txn *txn, uint64_t account, uint32_t tab, uint32_t slot,
                    struct queue_view *out)
{
	unsigned char k[9];
	const void *val;
	size_t vlen;
	int rc;

	memset(out, 0, sizeof *out);
	if (tab >= QUEUE_VIEW_TABS || slot > QUEUE_VIEWS_NAMED)
		return RC_NOTFOUND;
	view_key(account, tab, slot, k);
	if ((rc = store_get(txn, DBI_QUEUE_VIEWS, k, sizeof k, &val, &vlen)) != RC_OK)
		return rc;
	if (view_decode(val, vlen, out, NULL) != RC_OK || out->account != account ||
	    out->slot != slot || (slot == 0 && out->tab != tab)) {
		memset(out, 0, sizeof *out);
		return RC_IO;
	}
	return RC_OK;
}

int db_queue_view_get(struct store_txn *txn, uint64_t account, uint32_t tab,
                      struct queue_view *out)
{
	return view_get(txn, account, tab, 0, out);
}

int db_queue_view_named_get(struct store_txn *txn, uint64_t account, uint32_t slot,
                            struct queue_view *out)
{
	if (slot == 0) {
		memset(out, 0, sizeof *out);
		return RC_NOTFOUND;
	}
	return view_get(txn, account, 0, slot, out);
}

int db_queue_view_named_del(struct store_txn *txn, uint64_t account, uint32_t slot)
{
	unsigned char k[9];

	if (slot == 0 || slot > QUEUE_VIEWS_NAMED)
		return RC_INVALID;
	view_key(account, 0, slot, k);
	return store_del(txn, DBI_QUEUE_VIEWS, k, sizeof k, NULL, 0);
}

int db_queue_view_put(struct store_txn *txn, const struct queue_view *v)
{
	unsigned char k[9];
	struct codec_w w;

	if (v->tab >= QUEUE_VIEW_TABS || v->slot > QUEUE_VIEWS_NAMED)
		return RC_INVALID;
	view_key(v->account, v->tab, v->slot, k);
	codec_w_init(&w, "queue_view", QUEUE_VIEW_SCHEMA);
	codec_w_u64(&w, "account", v->account);
	codec_w_u64(&w, "tab", v->tab);
	codec_w_u64(&w, "slot", v->slot);
	codec_w_str(&w, "name", v->name);
	codec_w_u64(&w, "columns", v->columns);
	codec_w_u64(&w, "sort", v->sort);
	codec_w_bool(&w, "desc", v->desc);
	codec_w_u64(&w, "filters", v->filters);
	codec_w_u64(&w, "states", v->states);
	codec_w_u64(&w, "zones", v->zones);
	codec_w_u64(&w, "labels", v->labels);
	codec_w_u64(&w, "kinds", v->kinds);
	codec_w_i64(&w, "amount_min", v->amount_min);
	codec_w_i64(&w, "amount_max", v->amount_max);
	return record_put_key(txn, DBI_QUEUE_VIEWS, k, sizeof k, &w, 0);
}

static int view_load(const void *key, size_t klen, const void *val, size_t vlen, void **obj,
                     char **why)
{
	struct queue_view *v = xmalloc(sizeof *v);
	unsigned char k[9];

	*obj = NULL;
	if (view_decode(val, vlen, v, why) != RC_OK) {
		free(v);
		return RC_INVALID;
	}
	view_key(v->account, v->tab, v->slot, k);
	if (klen != sizeof k || memcmp(key, k, sizeof k) != 0) {
		free(v);
		return fail(why, RC_INVALID, "vue de file rangée sous une clé qui n'est pas la sienne");
	}
	*obj = v;
	return RC_OK;
}

static void view_free(void *obj)
{
	free(obj);
}

const struct store_kind db_queue_view_kind = {
	.name = "queue_view",
	.records = DBI_QUEUE_VIEWS,
	.load = view_load,
	.free = view_free,
};
