/*
 * db-settings.c — the programme settings as one "settings" record under the
 * key "programme", versioned like every record; absent means the defaults.
 */
#include <stdlib.h>
#include <string.h>

#include "store/codec.h"
#include "store/kinds.h"
#include "store/record.h"
#include "store/store-int.h"
#include "store/store-programme.h"

#define SETTINGS_SCHEMA 1
#define SETTINGS_KEY "programme"

static void settings_encode(const struct settings *s, struct codec_w *w)
{
	codec_w_init(w, "settings", SETTINGS_SCHEMA);
	codec_w_u64(w, "version", s->version);
	codec_w_u64(w, "subsidy_rate_bp", s->subsidy_rate_bp);
	codec_w_i64(w, "expense_cap", s->expense_cap);
	codec_w_i64(w, "window_open", s->window_open);
	codec_w_i64(w, "window_close", s->window_close);
	codec_w_i64(w, "ordering_opens", s->ordering_opens);
	codec_w_array_begin(w, "lots");
	for (int l = 0; l < LOT_COUNT; l++) {
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "lot", lot_name((enum lot)l));
		codec_w_str(w, "min_config", s->lots[l].min_config);
		codec_w_i64(w, "unit_price", s->lots[l].unit_price);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_array_begin(w, "envelopes");
	for (size_t i = 0; i < s->nenvelopes; i++) {
		codec_w_map_begin(w, NULL);
		codec_w_str(w, "dept", s->envelopes[i].dept);
		codec_w_i64(w, "cents", s->envelopes[i].cents);
		codec_w_map_end(w);
	}
	codec_w_array_end(w);
	codec_w_u64(w, "price_multiple_bp", s->price_multiple_bp);
	codec_w_i64(w, "updated_at", s->updated_at);
	codec_w_u64(w, "updated_by", s->updated_by);
}

static int settings_decode(const void *val, size_t vlen, struct settings *out, char **why)
{
	struct codec_r r;
	const msgpack_object *m, *items;
	size_t n;
	int64_t d;
	uint64_t rate;

	settings_defaults(out);
	if (codec_r_open(&r, val, vlen, "settings", NULL) != RC_OK)
		return fail(why, RC_INVALID, "paramètres du programme illisibles");
	m = codec_r_root(&r);
	codec_r_u64(&r, m, "version", &out->version, 0);
	codec_r_u64(&r, m, "subsidy_rate_bp", &rate, SUBSIDY_RATE_DEFAULT);
	out->subsidy_rate_bp = rate <= BP_ONE ? (uint32_t)rate : 0;
	codec_r_i64(&r, m, "expense_cap", &out->expense_cap, EXPENSE_CAP_DEFAULT);
	codec_r_i64(&r, m, "window_open", &d, out->window_open);
	out->window_open = (day_t)d;
	codec_r_i64(&r, m, "window_close", &d, out->window_close);
	out->window_close = (day_t)d;
	codec_r_i64(&r, m, "ordering_opens", &d, out->ordering_opens);
	out->ordering_opens = (day_t)d;
	codec_r_array(&r, m, "lots", &items, &n, LOT_COUNT);
	for (size_t i = 0; i < n && r.err == RC_OK; i++) {
		char name[32];
		enum lot l;
		/* l is set only by lot_parse: stop before using it when "lot" did not read. */
		if (codec_r_str(&r, &items[i], "lot", name, sizeof name, "") != RC_OK)
			break;
		if (lot_parse(name, &l, NULL) != RC_OK) {
			codec_r_fail(&r, "lots");
			break;
		}
		codec_r_str(&r, &items[i], "min_config", out->lots[l].min_config,
		            sizeof out->lots[l].min_config, "");
		codec_r_i64(&r, &items[i], "unit_price", &out->lots[l].unit_price, 0);
	}
	codec_r_array(&r, m, "envelopes", &items, &n, DEPT_ENVELOPES_MAX);
	for (size_t i = 0; i < n && r.err == RC_OK; i++) {
		codec_r_str(&r, &items[i], "dept", out->envelopes[i].dept,
		            sizeof out->envelopes[i].dept, "");
		codec_r_i64(&r, &items[i], "cents", &out->envelopes[i].cents, 0);
	}
	out->nenvelopes = r.err == RC_OK ? n : 0;
	codec_r_u64(&r, m, "price_multiple_bp", &rate, 15000u);
	out->price_multiple_bp = rate <= UINT32_MAX ? (uint32_t)rate : 0;
	codec_r_i64(&r, m, "updated_at", &out->updated_at, 0);
	codec_r_u64(&r, m, "updated_by", &out->updated_by, 0);
	return codec_r_end(&r, "paramètres", why);
}

int db_settings_get(struct store_txn *txn, struct settings *out)
{
	const void *v;
	size_t vlen;
	int rc;

	rc = store_get(txn, DBI_SETTINGS, SETTINGS_KEY, strlen(SETTINGS_KEY), &v, &vlen);
	if (rc == RC_NOTFOUND) {
		settings_defaults(out);
		return RC_OK;
	}
	if (rc != RC_OK)
		return rc;
	if (settings_decode(v, vlen, out, NULL) != RC_OK) {
		log_error("settings do not decode");
		return RC_IO;
	}
	return RC_OK;
}

int db_settings_put(struct store_txn *txn, struct settings *s)
{
	struct settings *cur = xmalloc(sizeof *cur);
	struct codec_w w;
	int rc;

	if ((rc = db_settings_get(txn, cur)) != RC_OK)
		goto out;
	if (cur->version != s->version) {
		rc = RC_STALE;
		goto out;
	}
	s->version++;
	settings_encode(s, &w);
	rc = record_put_key(txn, DBI_SETTINGS, SETTINGS_KEY, strlen(SETTINGS_KEY), &w, 0);
	if (rc != RC_OK)
		s->version--;
out:
	free(cur);
	return rc;
}

static int settings_kind_load(const void *key, size_t klen, const void *val, size_t vlen,
                              void **obj, char **why)
{
	struct settings *s = xmalloc(sizeof *s);

	*obj = NULL;
	if (klen != strlen(SETTINGS_KEY) || memcmp(key, SETTINGS_KEY, klen) != 0) {
		free(s);
		return fail(why, RC_INVALID, "clé de paramètres inconnue");
	}
	if (settings_decode(val, vlen, s, why) != RC_OK) {
		free(s);
		return RC_INVALID;
	}
	*obj = s;
	return RC_OK;
}

const struct store_kind db_settings_kind = {
	.name = "settings",
	.records = DBI_SETTINGS,
	.seq = NULL,
	.load = settings_kind_load,
	.free = free,
};
