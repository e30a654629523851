/*
 * record.c — writing, reading and checking one record (see record.h): the
 * steps every kind shares between its codec and LMDB.
 */
#include <stdlib.h>
#include <string.h>

#include "store/record.h"

int record_put_key(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
                   struct codec_w *w, unsigned flags)
{
	const void *data;
	size_t len;
	int rc;

	codec_w_finish(w, &data, &len);
	rc = store_put(txn, d, key, klen, data, len, flags);
	codec_w_free(w);
	return rc;
}

int record_put(struct store_txn *txn, enum dbi d, uint64_t id, struct codec_w *w,
               unsigned flags)
{
	unsigned char k[8];

	u64_key(id, k);
	return record_put_key(txn, d, k, sizeof k, w, flags);
}

/* The id of a decoded record. */
static uint64_t record_id(const struct record_type *t, const void *obj)
{
	uint64_t id;

	memcpy(&id, (const char *)obj + t->id_offset, sizeof id);
	return id;
}

void record_clear(const struct record_type *t, void *obj)
{
	if (t->clear != NULL)
		t->clear(obj);
	memset(obj, 0, t->size);
}

int record_get(struct store_txn *txn, const struct record_type *t, uint64_t id, void *out)
{
	unsigned char k[8];
	const void *v;
	size_t vlen;
	int rc;

	memset(out, 0, t->size);
	if (id == 0)
		return RC_NOTFOUND;
	u64_key(id, k);
	if ((rc = store_get(txn, t->dbi, k, sizeof k, &v, &vlen)) != RC_OK)
		return rc;
	if (t->decode(v, vlen, out, NULL) != RC_OK || record_id(t, out) != id) {
		record_clear(t, out);
		log_error("%s %llu does not decode", t->name, (unsigned long long)id);
		return RC_IO;
	}
	return RC_OK;
}

int record_kind_load(const struct record_type *t, const void *key, size_t klen,
                     const void *val, size_t vlen, void **obj, char **why)
{
	void *o = xmalloc(t->size);
	int rc = RC_INVALID;

	*obj = NULL;
	if (t->decode(val, vlen, o, why) != RC_OK)
		goto out;
	if (klen != 8 || u64_from_key(key) != record_id(t, o)) {
		record_clear(t, o);
		rc = fail(why, RC_INVALID, "%s", t->misplaced);
		goto out;
	}
	*obj = o;
	o = NULL;
	rc = RC_OK;
out:
	free(o);
	return rc;
}

void record_kind_free(const struct record_type *t, void *obj)
{
	if (obj == NULL)
		return;
	record_clear(t, obj);
	free(obj);
}
