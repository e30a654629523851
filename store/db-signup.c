/*
 * db-signup.c — how many SIRETs each source address tried at sign-up, in
 * its current window: database "signup_tries", key the address as the
 * listener wrote it, value a "signup-tries" record {since, count}. Kept in
 * the store because every sign-up session is its own process: the count
 * of one source is shared by all its sessions.
 */
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-programme.h"

#define SIGNUP_TRIES_SCHEMA 1

struct signup_tries {
	int64_t since;              /* first try of the window, seconds since the epoch */
	uint64_t count;
};

static int tries_decode(const void *val, size_t vlen, struct signup_tries *out, char **why)
{
	struct codec_r r;
	const msgpack_object *m;

	memset(out, 0, sizeof *out);
	if (codec_r_open(&r, val, vlen, "signup-tries", NULL) != RC_OK)
		return fail(why, RC_INVALID, "compteur d'inscription illisible");
	m = codec_r_root(&r);
	codec_r_i64(&r, m, "since", &out->since, 0);
	codec_r_u64(&r, m, "count", &out->count, 0);
	if (r.err != RC_OK)
		fail(why, RC_INVALID, "compteur d'inscription : %s", codec_r_error(&r));
	return codec_r_close(&r);
}

int db_signup_try(struct store_txn *txn, const char *source, int64_t now, int64_t window_s,
                  uint64_t *count)
{
	struct signup_tries t = { 0 };
	struct codec_w w;
	const void *v;
	size_t vlen, klen = source != NULL ? strlen(source) : 0;
	int rc;

	if (klen == 0 || klen > DB_SIGNUP_SOURCE_MAX)
		return RC_INVALID;
	rc = store_get(txn, DBI_SIGNUP_TRIES, source, klen, &v, &vlen);
	if (rc == RC_OK && tries_decode(v, vlen, &t, NULL) != RC_OK)
		memset(&t, 0, sizeof t);    /* an unreadable count starts again */
	else if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	if (t.count == 0 || now < t.since || now - t.since >= window_s) {
		t.since = now;
		t.count = 0;
	}
	t.count++;
	codec_w_init(&w, "signup-tries", SIGNUP_TRIES_SCHEMA);
	codec_w_i64(&w, "since", t.since);
	codec_w_u64(&w, "count", t.count);
	if ((rc = record_put_key(txn, DBI_SIGNUP_TRIES, source, klen, &w, 0)) != RC_OK)
		return rc;
	*count = t.count;
	return RC_OK;
}

static int tries_kind_load(const void *key, size_t klen, const void *val, size_t vlen,
                           void **obj, char **why)
{
	struct signup_tries *t = xmalloc(sizeof *t);

	*obj = NULL;
	if (klen == 0 || klen > DB_SIGNUP_SOURCE_MAX || memchr(key, '\0', klen) != NULL) {
		free(t);
		return fail(why, RC_INVALID, "adresse de source invalide");
	}
	if (tries_decode(val, vlen, t, why) != RC_OK) {
		free(t);
		return RC_INVALID;
	}
	*obj = t;
	return RC_OK;
}

const struct store_kind db_signup_tries_kind = {
	.name = "signup-tries",
	.records = DBI_SIGNUP_TRIES,
	.seq = NULL,
	.load = tries_kind_load,
	.free = free,
};
