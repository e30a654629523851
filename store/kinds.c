/*
 * kinds.c — the list of record kinds that check verifies, loading one
 * record of a kind, keeping a record's indexes in step, and the index key
 * helpers every kind uses (see kinds.h).
 */
#include "store/kinds.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

const struct store_kind *const store_kinds[] = {
	&db_account_kind,
	&db_org_kind,
	&db_preorder_kind,
	&db_audit_kind,
	&db_draft_kind,
	&db_settings_kind,
	&db_geo_kind,
	&db_reflist_kind,
	&db_reflist_meta_kind,
	&db_message_kind,
	&db_ticket_kind,
	&db_signup_tries_kind,
	&db_instruction_kind,
	&db_queue_view_kind,
	&db_refurb_kind,
	&db_order_kind,
	&db_loan_kind,
	&db_stats_kind,
};
const size_t store_nkinds = ARRAY_LEN(store_kinds);

int store_kind_load(const struct store_kind *kind, const void *key, size_t klen,
                    const void *val, size_t vlen, void **obj, char **why)
{
	if (kind->record != NULL)
		return record_kind_load(kind->record, key, klen, val, vlen, obj, why);
	return kind->load(key, klen, val, vlen, obj, why);
}

void store_kind_free(const struct store_kind *kind, void *obj)
{
	if (kind->record != NULL)
		record_kind_free(kind->record, obj);
	else
		kind->free(obj);
}

void store_keys_add(struct store_keys *ks, const void *p, size_t len)
{
	assert(ks->n < STORE_INDEX_KEYS_MAX && len <= STORE_KEY_MAX);
	ks->k[ks->n].len = len;
	if (len > 0)
		memcpy(ks->k[ks->n].data, p, len);
	ks->n++;
}

void store_keys_add_str(struct store_keys *ks, const char *s)
{
	if (s != NULL && *s != '\0')
		store_keys_add(ks, s, strlen(s));
}

void store_keys_add_id(struct store_keys *ks, uint64_t id)
{
	unsigned char k[8];

	if (id == 0)
		return;
	u64_key(id, k);
	store_keys_add(ks, k, sizeof k);
}

bool store_keys_has(const struct store_keys *ks, const void *p, size_t len)
{
	for (size_t i = 0; i < ks->n; i++)
		if (ks->k[i].len == len && (len == 0 || memcmp(ks->k[i].data, p, len) == 0))
			return true;
	return false;
}

int store_kind_reindex(struct store_txn *txn, const struct store_kind *kind, const void *old,
                       const void *new_, const void *pkey, size_t pklen)
{
	struct store_keys *was = xmalloc(sizeof *was), *now = xmalloc(sizeof *now);
	int rc = RC_OK;

	for (int i = 0; i < STORE_KIND_INDEX_MAX && kind->index[i].keys != NULL; i++) {
		const struct store_index *ix = &kind->index[i];

		was->n = now->n = 0;
		if (old != NULL)
			ix->keys(old, was);
		ix->keys(new_, now);
		for (size_t j = 0; j < now->n; j++) {
			if (store_keys_has(was, now->k[j].data, now->k[j].len))
				continue;
			rc = store_put(txn, ix->dbi, now->k[j].data, now->k[j].len, pkey, pklen,
			               ix->put_flags);
			if (rc != RC_OK)
				goto out;
		}
		for (size_t j = 0; j < was->n; j++) {
			if (store_keys_has(now, was->k[j].data, was->k[j].len))
				continue;
			rc = store_del(txn, ix->dbi, was->k[j].data, was->k[j].len, pkey, pklen);
			if (rc == RC_NOTFOUND)
				rc = RC_OK;
			if (rc != RC_OK)
				goto out;
		}
	}
out:
	free(was);
	free(now);
	return rc;
}

/* ---- writing a record with an id ---- */

static void *field(void *obj, size_t offset)
{
	return (char *)obj + offset;
}

/* What insert and update change in a record, to put back on failure. */
struct record_meta {
	uint64_t id, version;
	int64_t created, updated;
};

static void meta_get(const struct record_type *t, void *obj, struct record_meta *m)
{
	memcpy(&m->id, field(obj, t->id_offset), sizeof m->id);
	m->version = 0;
	m->created = m->updated = 0;
	if (t->versioned)
		memcpy(&m->version, field(obj, t->version_offset), sizeof m->version);
	if (t->stamped) {
		memcpy(&m->created, field(obj, t->created_offset), sizeof m->created);
		memcpy(&m->updated, field(obj, t->updated_offset), sizeof m->updated);
	}
}

static void meta_set(const struct record_type *t, void *obj, const struct record_meta *m)
{
	memcpy(field(obj, t->id_offset), &m->id, sizeof m->id);
	if (t->versioned)
		memcpy(field(obj, t->version_offset), &m->version, sizeof m->version);
	if (t->stamped) {
		memcpy(field(obj, t->created_offset), &m->created, sizeof m->created);
		memcpy(field(obj, t->updated_offset), &m->updated, sizeof m->updated);
	}
}

static int kind_put(struct store_txn *txn, const struct record_type *t, const void *obj,
                    uint64_t id, unsigned flags)
{
	struct codec_w w;

	t->encode(obj, &w);
	return record_put(txn, t->dbi, id, &w, flags);
}

int store_kind_insert(struct store_txn *txn, const struct store_kind *kind, void *obj)
{
	const struct record_type *t = kind->record;
	struct record_meta was, now;
	unsigned char k[8];
	int rc;

	if (t->storable != NULL && (rc = t->storable(obj)) != RC_OK)
		return rc;
	meta_get(t, obj, &was);
	now = was;
	if ((rc = store_next_id(txn, kind->seq, &now.id)) != RC_OK)
		return rc;
	now.version = 1;
	now.created = now.updated = now_utc();
	meta_set(t, obj, &now);
	u64_key(now.id, k);
	if ((rc = kind_put(txn, t, obj, now.id, MDB_NOOVERWRITE)) != RC_OK ||
	    (rc = store_kind_reindex(txn, kind, NULL, obj, k, sizeof k)) != RC_OK)
		meta_set(t, obj, &was);
	return rc;
}

int store_kind_update(struct store_txn *txn, const struct store_kind *kind, void *obj)
{
	const struct record_type *t = kind->record;
	void *old = xmalloc(t->size);
	struct record_meta was, stored, now;
	unsigned char k[8];
	int rc;

	if (t->storable != NULL && (rc = t->storable(obj)) != RC_OK)
		goto out;
	meta_get(t, obj, &was);
	if ((rc = record_get(txn, t, was.id, old)) != RC_OK)
		goto out;
	meta_get(t, old, &stored);
	if (t->versioned && stored.version != was.version) {
		rc = RC_STALE;
		goto out;
	}
	now = was;
	now.version = stored.version + 1;
	now.created = stored.created;
	now.updated = now_utc();
	meta_set(t, obj, &now);
	u64_key(was.id, k);
	if ((rc = store_kind_reindex(txn, kind, old, obj, k, sizeof k)) != RC_OK ||
	    (rc = kind_put(txn, t, obj, was.id, 0)) != RC_OK)
		meta_set(t, obj, &was);
out:
	record_clear(t, old);
	free(old);
	return rc;
}
