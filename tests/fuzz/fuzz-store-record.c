/*
 * fuzz-store-record.c — libFuzzer target for the decoding of records as
 * read from LMDB (store/codec.c and every kind's decoder, through
 * store_kind_load as `recond check` uses them): a database file damaged
 * or written by another version must give an error, never a crash. The
 * first byte picks the kind, the next one the key length (up to 64), then
 * the key, then the record's bytes. Besides memory errors it asserts that
 * a refusal carries a French reason and leaves no object.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/kinds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct store_kind *kind;
	size_t klen;
	void *obj = NULL, *key, *val;
	char *why = NULL;
	int rc;

	if (size < 2)
		return 0;
	kind = store_kinds[data[0] % store_nkinds];
	klen = data[1] % 65;
	if (klen > size - 2)
		klen = size - 2;
	/* Copies of their own, so that a read past either end is seen. */
	key = malloc(klen + 1);
	memcpy(key, data + 2, klen);
	val = malloc(size - 2 - klen + 1);
	memcpy(val, data + 2 + klen, size - 2 - klen);
	rc = store_kind_load(kind, key, klen, val, size - 2 - klen, &obj, &why);
	if (rc == RC_OK) {
		if (obj == NULL || why != NULL)
			abort();
		store_kind_free(kind, obj);
	} else if (obj != NULL || why == NULL) {
		abort();
	}
	free(why);
	free(key);
	free(val);
	return 0;
}
