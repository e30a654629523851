/*
 * db-draft.c — per-user form drafts, saved as people type: key = 8-byte
 * big-endian account id + form name; value = a small "draft" record (field
 * names and values, focused field, cursor). One read and one write per
 * keystroke; nothing else is touched. Used through a transaction of the
 * drafts environment (drafts.c: each change is also marked for the next
 * fold) or of the main database (the folded copy; tests, migrations).
 */
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-programme.h"

#define DRAFT_SCHEMA 1

static size_t draft_key(uint64_t account_id, const char *form, unsigned char *k)
{
	size_t fl = strlen(form);

	if (fl == 0 || fl > DRAFT_FORM_MAX || account_id == 0)
		return 0;
	u64_key(account_id, k);
	memcpy(k + 8, form, fl);
	return 8 + fl;
}

static int draft_encode(const struct draft *d, struct codec_w *w)
{
	codec_w_init(w, "draft", DRAFT_SCHEMA);
	codec_w_u64(w, "account_id", d->account_id);
	codec_w_str(w, "form", d->form);
	codec_w_u64(w, "object_id", d->object_id);
	codec_w_u64(w, "focus", d->focus);
	codec_w_u64(w, "cursor", d->cursor);
	codec_w_i64(w, "saved_at", d->saved_at);
	codec_w_array_begin(w, "fields");
	for (size_t i = 0; i < d->nfields; i++) {
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "name", d->fields[i].name);
		codec_w_str(w, "value", d->fields[i].value != NULL ? d->fields[i].value : "");
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	return RC_OK;
}

static int draft_decode(const void *val, size_t vlen, struct draft *out, char **why)
{
	struct codec_r r;
	const msgpack_object *m, *items;
	uint64_t u;
	size_t n;
	int rc;

	memset(out, 0, sizeof *out);
	if (codec_r_open(&r, val, vlen, "draft", NULL) != RC_OK)
		return fail(why, RC_INVALID, "brouillon de formulaire illisible");
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "account_id", &out->account_id, 0);
	codec_r_str(&r, m, "form", out->form, sizeof out->form, "");
	codec_r_u64(&r, m, "object_id", &out->object_id, 0);
	codec_r_u64(&r, m, "focus", &u, 0);
	out->focus = u < DRAFT_FIELDS_MAX ? (uint32_t)u : 0;
	codec_r_u64(&r, m, "cursor", &u, 0);
	out->cursor = u <= DRAFT_VALUE_MAX ? (uint32_t)u : 0;
	codec_r_i64(&r, m, "saved_at", &out->saved_at, 0);
	codec_r_array(&r, m, "fields", &items, &n, DRAFT_FIELDS_MAX);
	for (size_t i = 0; i < n && r.err == RC_OK; i++) {
		codec_r_str(&r, &items[i], "name", out->fields[i].name, sizeof out->fields[i].name,
		            "");
		codec_r_strdup(&r, &items[i], "value", &out->fields[i].value, DRAFT_VALUE_MAX);
		out->nfields = i + 1;
	}
	rc = codec_r_end(&r, "brouillon", why);
	if (rc != RC_OK)
		draft_clear(out);
	return rc;
}

int db_draft_get(struct store_txn *txn, uint64_t account_id, const char *form, struct draft *out)
{
	unsigned char k[8 + DRAFT_FORM_MAX];
	size_t kl = draft_key(account_id, form, k);
	const void *v;
	size_t vlen;
	int rc;

	memset(out, 0, sizeof *out);
	if (kl == 0)
		return RC_NOTFOUND;
	if ((rc = store_get(txn, DBI_DRAFTS, k, kl, &v, &vlen)) != RC_OK)
		return rc;
	if (draft_decode(v, vlen, out, NULL) != RC_OK)
		return RC_IO;
	return RC_OK;
}

static int draft_storable(const struct draft *d)
{
	if (d->nfields > DRAFT_FIELDS_MAX || strnlen(d->form, sizeof d->form) >= sizeof d->form)
		return RC_INVALID;
	for (size_t i = 0; i < d->nfields; i++) {
		if (strnlen(d->fields[i].name, sizeof d->fields[i].name) >= sizeof d->fields[i].name ||
		    (d->fields[i].value != NULL && strlen(d->fields[i].value) > DRAFT_VALUE_MAX))
			return RC_INVALID;
	}
	return RC_OK;
}

int db_draft_put(struct store_txn *txn, const struct draft *d)
{
	unsigned char k[8 + DRAFT_FORM_MAX];
	size_t kl = draft_key(d->account_id, d->form, k);
	struct codec_w w;
	int rc;

	if (kl == 0 || draft_storable(d) != RC_OK)
		return RC_INVALID;
	draft_encode(d, &w);
	if ((rc = record_put_key(txn, DBI_DRAFTS, k, kl, &w, 0)) != RC_OK)
		return rc;
	return store_drafts_mark(txn, k, kl);
}

int db_draft_set_field(struct store_txn *txn, uint64_t account_id, const char *form,
                       const char *name, const char *value, uint32_t focus, uint32_t cursor)
{
	struct draft *d = xmalloc(sizeof *d);
	size_t i;
	int rc;

	if (strlen(name) == 0 || strlen(name) > DRAFT_FIELD_NAME_MAX ||
	    strlen(value) > DRAFT_VALUE_MAX || focus >= DRAFT_FIELDS_MAX) {
		free(d);
		return RC_INVALID;
	}
	rc = db_draft_get(txn, account_id, form, d);
	if (rc == RC_NOTFOUND) {
		memset(d, 0, sizeof *d);
		d->account_id = account_id;
		if (strlen(form) == 0 || strlen(form) > DRAFT_FORM_MAX) {
			free(d);
			return RC_INVALID;
		}
		strlcpy_(d->form, form, sizeof d->form);
	} else if (rc != RC_OK) {
		free(d);
		return rc;
	}
	for (i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			break;
	if (i == d->nfields) {
		if (d->nfields >= DRAFT_FIELDS_MAX) {
			rc = RC_FULL;
			goto out;
		}
		strlcpy_(d->fields[i].name, name, sizeof d->fields[i].name);
		d->nfields++;
	}
	free(d->fields[i].value);
	d->fields[i].value = xstrdup(value);
	d->focus = focus;
	d->cursor = cursor;
	d->saved_at = now_utc();
	rc = db_draft_put(txn, d);
out:
	draft_clear(d);
	free(d);
	return rc;
}

int db_draft_del(struct store_txn *txn, uint64_t account_id, const char *form)
{
	unsigned char k[8 + DRAFT_FORM_MAX];
	size_t kl = draft_key(account_id, form, k);
	int rc;

	if (kl == 0)
		return RC_OK;
	rc = store_del(txn, DBI_DRAFTS, k, kl, NULL, 0);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	return store_drafts_mark(txn, k, kl);
}

static int draft_kind_load(const void *key, size_t klen, const void *val, size_t vlen,
                           void **obj, char **why)
{
	struct draft *d = xmalloc(sizeof *d);
	unsigned char k[8 + DRAFT_FORM_MAX];
	size_t kl;

	*obj = NULL;
	if (draft_decode(val, vlen, d, why) != RC_OK) {
		free(d);
		return RC_INVALID;
	}
	kl = draft_key(d->account_id, d->form, k);
	if (kl == 0 || kl != klen || memcmp(k, key, kl) != 0) {
		draft_clear(d);
		free(d);
		return fail(why, RC_INVALID, "brouillon rangé sous une clé qui n'est pas la sienne");
	}
	*obj = d;
	return RC_OK;
}

static void draft_kind_free(void *obj)
{
	draft_clear(obj);
	free(obj);
}

const struct store_kind db_draft_kind = {
	.name = "draft",
	.records = DBI_DRAFTS,
	.seq = NULL,
	.load = draft_kind_load,
	.free = draft_kind_free,
};
