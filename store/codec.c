/*
 * codec.c — MessagePack records: the auto-counting writer, the by-name
 * reader with caps and defaults, and the one-line printer used by dump
 * (contracts in codec.h).
 */
#include "store/codec.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "core/util.h"

/* ---- writing ---- */

static void buf_put(struct codec_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 128;

		while (cap < b->len + n)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static int codec_w_sink(void *data, const char *p, size_t n)
{
	struct codec_w *w = data;

	buf_put(&w->frame[w->depth], p, n);
	return 0;
}

void codec_w_init_plain(struct codec_w *w)
{
	memset(w, 0, sizeof *w);
	w->frame[0].is_map = true;
	msgpack_packer_init(&w->pk, w, codec_w_sink);
}

void codec_w_init(struct codec_w *w, const char *kind, uint32_t schema)
{
	assert(kind != NULL && strlen(kind) <= CODEC_KIND_MAX);
	codec_w_init_plain(w);
	codec_w_str(w, "_kind", kind);
	codec_w_u64(w, "_schema", schema);
}

/* Writes the name of the next entry (in a map) and counts it. */
static void codec_w_name(struct codec_w *w, const char *name)
{
	struct codec_buf *b = &w->frame[w->depth];

	assert(w->out == NULL);
	if (b->is_map) {
		assert(name != NULL);
		msgpack_pack_str_with_body(&w->pk, name, strlen(name));
	} else {
		assert(name == NULL);
	}
	b->count++;
}

void codec_w_strn(struct codec_w *w, const char *name, const char *s, size_t len)
{
	codec_w_name(w, name);
	msgpack_pack_str_with_body(&w->pk, s != NULL ? s : "", s != NULL ? len : 0);
}

void codec_w_str(struct codec_w *w, const char *name, const char *s)
{
	codec_w_strn(w, name, s, s != NULL ? strlen(s) : 0);
}

void codec_w_bin(struct codec_w *w, const char *name, const void *p, size_t len)
{
	codec_w_name(w, name);
	msgpack_pack_bin_with_body(&w->pk, p, len);
}

void codec_w_u64(struct codec_w *w, const char *name, uint64_t v)
{
	codec_w_name(w, name);
	msgpack_pack_uint64(&w->pk, v);
}

void codec_w_i64(struct codec_w *w, const char *name, int64_t v)
{
	codec_w_name(w, name);
	msgpack_pack_int64(&w->pk, v);
}

void codec_w_bool(struct codec_w *w, const char *name, bool v)
{
	codec_w_name(w, name);
	if (v)
		msgpack_pack_true(&w->pk);
	else
		msgpack_pack_false(&w->pk);
}

void codec_w_nil(struct codec_w *w, const char *name)
{
	codec_w_name(w, name);
	msgpack_pack_nil(&w->pk);
}

static void codec_w_push(struct codec_w *w, const char *name, bool is_map)
{
	struct codec_buf *b;

	codec_w_name(w, name);
	assert(w->depth < CODEC_DEPTH_MAX);
	b = &w->frame[++w->depth];
	b->len = 0;
	b->count = 0;
	b->is_map = is_map;
}

static void codec_w_pop(struct codec_w *w, bool is_map)
{
	struct codec_buf *b = &w->frame[w->depth];

	assert(w->depth > 0 && b->is_map == is_map);
	w->depth--;
	if (is_map)
		msgpack_pack_map(&w->pk, b->count);
	else
		msgpack_pack_array(&w->pk, b->count);
	buf_put(&w->frame[w->depth], b->data, b->len);
	b->len = 0;
	b->count = 0;
}

void codec_w_map_begin(struct codec_w *w, const char *name) { codec_w_push(w, name, true); }
void codec_w_map_end(struct codec_w *w) { codec_w_pop(w, true); }
void codec_w_array_begin(struct codec_w *w, const char *name) { codec_w_push(w, name, false); }
void codec_w_array_end(struct codec_w *w) { codec_w_pop(w, false); }

void codec_w_strs(struct codec_w *w, const char *name, const char *const *v, size_t n)
{
	codec_w_array_begin(w, name);
	for (size_t i = 0; i < n; i++)
		codec_w_str(w, NULL, v[i]);
	codec_w_array_end(w);
}

void codec_w_u64s(struct codec_w *w, const char *name, const uint64_t *v, size_t n)
{
	codec_w_array_begin(w, name);
	for (size_t i = 0; i < n; i++)
		codec_w_u64(w, NULL, v[i]);
	codec_w_array_end(w);
}

void codec_w_finish(struct codec_w *w, const void **data, size_t *len)
{
	struct codec_buf head = { 0 };

	assert(w->depth == 0);
	if (w->out == NULL) {
		/* The map header goes in front of the counted entries. */
		w->depth = CODEC_DEPTH_MAX; /* borrow the last frame for the header */
		w->frame[CODEC_DEPTH_MAX].len = 0;
		msgpack_pack_map(&w->pk, w->frame[0].count);
		buf_put(&head, w->frame[CODEC_DEPTH_MAX].data, w->frame[CODEC_DEPTH_MAX].len);
		w->frame[CODEC_DEPTH_MAX].len = 0;
		w->depth = 0;
		buf_put(&head, w->frame[0].data, w->frame[0].len);
		w->out = head.data;
		w->out_len = head.len;
	}
	*data = w->out;
	*len = w->out_len;
}

void codec_w_free(struct codec_w *w)
{
	for (int i = 0; i <= CODEC_DEPTH_MAX; i++)
		free(w->frame[i].data);
	free(w->out);
	memset(w, 0, sizeof *w);
}

/* ---- reading ---- */

static int codec_r_err(struct codec_r *r, const char *field)
{
	if (r->err == RC_OK) {
		r->err = RC_INVALID;
		strlcpy_(r->errfield, field != NULL ? field : "?", sizeof r->errfield);
	}
	return RC_INVALID;
}

int codec_r_fail(struct codec_r *r, const char *field)
{
	return codec_r_err(r, field);
}

static bool codec_str_eq(const msgpack_object *o, const char *s)
{
	size_t n = strlen(s);

	return o->type == MSGPACK_OBJECT_STR && o->via.str.size == n &&
	       memcmp(o->via.str.ptr, s, n) == 0;
}

const msgpack_object *codec_find(const msgpack_object *m, const char *name)
{
	if (m == NULL || m->type != MSGPACK_OBJECT_MAP)
		return NULL;
	for (uint32_t i = 0; i < m->via.map.size; i++)
		if (codec_str_eq(&m->via.map.ptr[i].key, name))
			return &m->via.map.ptr[i].val;
	return NULL;
}

/* Big-endian unsigned of n bytes (1, 2 or 4) at p. */
static uint64_t codec_be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/*
 * Walks the bytes once and checks that they hold exactly one well-formed
 * value whose declared lengths and counts fit in what is there, so that a
 * corrupted record cannot make the unpacker allocate for billions of items.
 */
static bool codec_sane(const unsigned char *p, size_t n)
{
	size_t pos = 0;
	uint64_t pending = 1;

	while (pending > 0) {
		unsigned b;
		size_t hdr = 1;
		uint64_t body = 0, items = 0;

		if (pos >= n)
			return false;
		b = p[pos];
		if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
			/* fixint, nil, bool */
		} else if (b <= 0x8f) {
			items = 2 * (uint64_t)(b & 0x0f);
		} else if (b <= 0x9f) {
			items = b & 0x0f;
		} else if (b <= 0xbf) {
			body = b & 0x1f;
		} else {
			switch (b) {
			case 0xc4: case 0xd9: hdr = 2; break;
			case 0xc5: case 0xda: hdr = 3; break;
			case 0xc6: case 0xdb: hdr = 5; break;
			case 0xc7: hdr = 3; break;
			case 0xc8: hdr = 4; break;
			case 0xc9: hdr = 6; break;
			case 0xca: body = 4; break;
			case 0xcb: body = 8; break;
			case 0xcc: case 0xd0: body = 1; break;
			case 0xcd: case 0xd1: body = 2; break;
			case 0xce: case 0xd2: body = 4; break;
			case 0xcf: case 0xd3: body = 8; break;
			case 0xd4: body = 2; break;
			case 0xd5: body = 3; break;
			case 0xd6: body = 5; break;
			case 0xd7: body = 9; break;
			case 0xd8: body = 17; break;
			case 0xdc: case 0xde: hdr = 3; break;
			case 0xdd: case 0xdf: hdr = 5; break;
			default: return false; /* 0xc1 is never used */
			}
			if (hdr > n - pos)
				return false;
			switch (b) {
			case 0xc4: case 0xc5: case 0xc6: case 0xd9: case 0xda: case 0xdb:
				body = codec_be(p + pos + 1, hdr - 1);
				break;
			case 0xc7: case 0xc8: case 0xc9:
				/* hdr counts the type byte already: the body is the length alone */
				body = codec_be(p + pos + 1, hdr - 2);
				break;
			case 0xdc: case 0xdd:
				items = codec_be(p + pos + 1, hdr - 1);
				break;
			case 0xde: case 0xdf:
				items = 2 * codec_be(p + pos + 1, hdr - 1);
				break;
			}
		}
		if (hdr > n - pos || body > n - pos - hdr)
			return false;
		pos += hdr + body;
		pending = pending - 1 + items;
		if (pending > n - pos)  /* every pending item needs a byte */
			return false;
	}
	return pos == n;
}

int codec_r_open(struct codec_r *r, const void *data, size_t len, const char *kind,
                 uint32_t *schema)
{
	const msgpack_object *k, *s;
	size_t off = 0;
	msgpack_unpack_return ur;

	memset(r, 0, sizeof *r);
	if (schema != NULL)
		*schema = 0;
	if (data == NULL || len == 0 || len > CODEC_RECORD_MAX || !codec_sane(data, len))
		return RC_INVALID;
	msgpack_unpacked_init(&r->up);
	ur = msgpack_unpack_next(&r->up, data, len, &off);
	if (ur != MSGPACK_UNPACK_SUCCESS || off != len ||
	    r->up.data.type != MSGPACK_OBJECT_MAP)
		goto bad;
	r->root = &r->up.data;
	if (kind != NULL) {
		k = codec_find(r->root, "_kind");
		if (k == NULL || !codec_str_eq(k, kind))
			goto bad;
	}
	s = codec_find(r->root, "_schema");
	if (s != NULL) {
		if (s->type != MSGPACK_OBJECT_POSITIVE_INTEGER || s->via.u64 > UINT32_MAX)
			goto bad;
		if (schema != NULL)
			*schema = (uint32_t)s->via.u64;
	}
	return RC_OK;
bad:
	msgpack_unpacked_destroy(&r->up);
	memset(r, 0, sizeof *r);
	return RC_INVALID;
}

const msgpack_object *codec_r_root(const struct codec_r *r)
{
	return r->root;
}

void codec_w_contact(struct codec_w *w, const char *key, const struct contact *c)
{
	codec_w_map_begin(w, key);
	codec_w_str(w, "name", c->name);
	codec_w_str(w, "function", c->function);
	codec_w_str(w, "email", c->email);
	codec_w_str(w, "phone", c->phone);
	codec_w_map_end(w);
}

void codec_r_contact(struct codec_r *r, const msgpack_object *m, const char *key,
                     struct contact *out)
{
	const msgpack_object *c = codec_find(m, key);

	if (c == NULL)
		return;
	if (c->type != MSGPACK_OBJECT_MAP)
		codec_r_fail(r, key);
	codec_r_str(r, c, "name", out->name, sizeof out->name, "");
	codec_r_str(r, c, "function", out->function, sizeof out->function, "");
	codec_r_str(r, c, "email", out->email, sizeof out->email, "");
	codec_r_str(r, c, "phone", out->phone, sizeof out->phone, "");
}

bool codec_contact_fits(const struct contact *c)
{
	return strnlen(c->name, sizeof c->name) < sizeof c->name &&
	       strnlen(c->function, sizeof c->function) < sizeof c->function &&
	       strnlen(c->email, sizeof c->email) < sizeof c->email &&
	       strnlen(c->phone, sizeof c->phone) < sizeof c->phone;
}

int codec_r_end(struct codec_r *r, const char *what, char **why)
{
	if (r->err != RC_OK)
		fail(why, RC_INVALID, "%s : %s", what, codec_r_error(r));
	return codec_r_close(r);
}

int codec_r_close(struct codec_r *r)
{
	int rc = r->err;

	if (r->root != NULL)
		msgpack_unpacked_destroy(&r->up);
	r->root = NULL;
	return rc;
}

const char *codec_r_error(const struct codec_r *r)
{
	static char text[96];

	if (r->err == RC_OK)
		return "aucune erreur";
	snprintf(text, sizeof text, "champ « %s » invalide ou trop long", r->errfield);
	return text;
}

/* A string object holding no NUL byte (C strings cannot carry one). */
static bool codec_plain_str(const msgpack_object *o)
{
	return o->type == MSGPACK_OBJECT_STR &&
	       (o->via.str.size == 0 || memchr(o->via.str.ptr, '\0', o->via.str.size) == NULL);
}

int codec_r_str(struct codec_r *r, const msgpack_object *m, const char *name,
                char *dst, size_t cap, const char *def)
{
	const msgpack_object *o = codec_find(m, name);

	assert(cap > 0);
	strlcpy_(dst, def != NULL ? def : "", cap);
	if (o == NULL)
		return RC_OK;
	if (!codec_plain_str(o) || o->via.str.size >= cap)
		return codec_r_err(r, name);
	memcpy(dst, o->via.str.ptr, o->via.str.size);
	dst[o->via.str.size] = '\0';
	return RC_OK;
}

int codec_r_strdup(struct codec_r *r, const msgpack_object *m, const char *name,
                   char **out, size_t max)
{
	const msgpack_object *o = codec_find(m, name);

	*out = NULL;
	if (o == NULL)
		return RC_OK;
	if (!codec_plain_str(o) || o->via.str.size > max)
		return codec_r_err(r, name);
	*out = xstrndup(o->via.str.size ? o->via.str.ptr : "", o->via.str.size);
	return RC_OK;
}

int codec_r_u64(struct codec_r *r, const msgpack_object *m, const char *name,
                uint64_t *out, uint64_t def)
{
	const msgpack_object *o = codec_find(m, name);

	*out = def;
	if (o == NULL)
		return RC_OK;
	if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
		return codec_r_err(r, name);
	*out = o->via.u64;
	return RC_OK;
}

int codec_r_i64(struct codec_r *r, const msgpack_object *m, const char *name,
                int64_t *out, int64_t def)
{
	const msgpack_object *o = codec_find(m, name);

	*out = def;
	if (o == NULL)
		return RC_OK;
	if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
		*out = o->via.i64;
		return RC_OK;
	}
	if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER || o->via.u64 > INT64_MAX)
		return codec_r_err(r, name);
	*out = (int64_t)o->via.u64;
	return RC_OK;
}

int codec_r_bool(struct codec_r *r, const msgpack_object *m, const char *name,
                 bool *out, bool def)
{
	const msgpack_object *o = codec_find(m, name);

	*out = def;
	if (o == NULL)
		return RC_OK;
	if (o->type != MSGPACK_OBJECT_BOOLEAN)
		return codec_r_err(r, name);
	*out = o->via.boolean;
	return RC_OK;
}

int codec_r_enum(struct codec_r *r, const msgpack_object *m, const char *name,
                 int *out, int def, int count)
{
	const msgpack_object *o = codec_find(m, name);

	*out = def;
	if (o == NULL)
		return RC_OK;
	if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER || count <= 0 ||
	    o->via.u64 >= (uint64_t)count)
		return codec_r_err(r, name);
	*out = (int)o->via.u64;
	return RC_OK;
}

int codec_r_array(struct codec_r *r, const msgpack_object *m, const char *name,
                  const msgpack_object **items, size_t *n, size_t max_n)
{
	const msgpack_object *o = codec_find(m, name);

	*items = NULL;
	*n = 0;
	if (o == NULL)
		return RC_OK;
	if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size > max_n)
		return codec_r_err(r, name);
	*items = o->via.array.ptr;
	*n = o->via.array.size;
	return RC_OK;
}

int codec_r_strs(struct codec_r *r, const msgpack_object *m, const char *name,
                 char **out, size_t max_n, size_t *n, size_t max_len)
{
	const msgpack_object *items;
	size_t cnt, i;

	*n = 0;
	if (codec_r_array(r, m, name, &items, &cnt, max_n) != RC_OK)
		return RC_INVALID;
	for (i = 0; i < cnt; i++)
		if (!codec_plain_str(&items[i]) || items[i].via.str.size > max_len)
			return codec_r_err(r, name);
	for (i = 0; i < cnt; i++)
		out[i] = xstrndup(items[i].via.str.size ? items[i].via.str.ptr : "",
		                  items[i].via.str.size);
	*n = cnt;
	return RC_OK;
}

int codec_kind(const void *data, size_t len, char *dst, size_t cap)
{
	struct codec_r r;
	int rc;

	if (codec_r_open(&r, data, len, NULL, NULL) != RC_OK)
		return RC_INVALID;
	codec_r_str(&r, codec_r_root(&r), "_kind", dst, cap, "");
	rc = codec_r_close(&r);
	if (rc == RC_OK && dst[0] == '\0')
		rc = RC_INVALID;
	return rc;
}

/* ---- printing ---- */

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return len;
}

/* Text with quotes and backslashes escaped, control bytes and bad UTF-8 as \xNN. */
static void codec_print_text(FILE *out, const char *s, size_t n, bool quote)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	if (quote)
		fputc('"', out);
	while (i < n) {
		if (p[i] == '"' || p[i] == '\\') {
			if (quote)
				fputc('\\', out);
			fputc(p[i], out);
			i++;
		} else if (p[i] >= 0x20 && p[i] < 0x7f) {
			fputc(p[i++], out);
		} else if (p[i] >= 0x80 && (l = utf8_len(p + i, n - i)) > 0) {
			fwrite(p + i, 1, l, out);
			i += l;
		} else {
			fprintf(out, "\\x%02x", p[i++]);
		}
	}
	if (quote)
		fputc('"', out);
}

void codec_print_bytes(FILE *out, const void *p, size_t len)
{
	codec_print_text(out, p, len, false);
}

void codec_print_quoted(FILE *out, const void *p, size_t len)
{
	codec_print_text(out, p, len, true);
}

/*
 * Fields whose values dump never shows (secrets or their hashes): a record
 * kind that stores another secret adds its field name here.
 */
static const char *const codec_hidden_fields[] = { "pwhash" };

static bool codec_hidden(const msgpack_object *k)
{
	for (size_t i = 0; i < ARRAY_LEN(codec_hidden_fields); i++)
		if (codec_str_eq(k, codec_hidden_fields[i]))
			return true;
	return false;
}

static void codec_print_depth(FILE *out, const msgpack_object *o, int depth)
{
	if (depth > 32) {
		fputs("…", out);
		return;
	}
	switch (o->type) {
	case MSGPACK_OBJECT_NIL:
		fputs("nil", out);
		break;
	case MSGPACK_OBJECT_BOOLEAN:
		fputs(o->via.boolean ? "true" : "false", out);
		break;
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
		fprintf(out, "%" PRIu64, o->via.u64);
		break;
	case MSGPACK_OBJECT_NEGATIVE_INTEGER:
		fprintf(out, "%" PRId64, o->via.i64);
		break;
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64:
		fprintf(out, "%g", o->via.f64);
		break;
	case MSGPACK_OBJECT_STR:
		codec_print_text(out, o->via.str.ptr, o->via.str.size, true);
		break;
	case MSGPACK_OBJECT_BIN:
		fputs("0x", out);
		for (uint32_t i = 0; i < o->via.bin.size; i++)
			fprintf(out, "%02x", (unsigned char)o->via.bin.ptr[i]);
		break;
	case MSGPACK_OBJECT_EXT:
		fprintf(out, "ext(%d, %" PRIu32 " octets)", o->via.ext.type, o->via.ext.size);
		break;
	case MSGPACK_OBJECT_ARRAY:
		fputc('[', out);
		for (uint32_t i = 0; i < o->via.array.size; i++) {
			if (i > 0)
				fputs(", ", out);
			codec_print_depth(out, &o->via.array.ptr[i], depth + 1);
		}
		fputc(']', out);
		break;
	case MSGPACK_OBJECT_MAP:
		fputc('{', out);
		for (uint32_t i = 0; i < o->via.map.size; i++) {
			const msgpack_object *k = &o->via.map.ptr[i].key;

			if (i > 0)
				fputs(", ", out);
			if (k->type == MSGPACK_OBJECT_STR)
				codec_print_text(out, k->via.str.ptr, k->via.str.size, false);
			else
				codec_print_depth(out, k, depth + 1);
			fputs(": ", out);
			if (codec_hidden(k) && o->via.map.ptr[i].val.type == MSGPACK_OBJECT_STR &&
			    o->via.map.ptr[i].val.via.str.size > 0)
				fputs("«masqué»", out);
			else
				codec_print_depth(out, &o->via.map.ptr[i].val, depth + 1);
		}
		fputc('}', out);
		break;
	}
}

void codec_print_obj(FILE *out, const msgpack_object *o)
{
	codec_print_depth(out, o, 0);
}

int codec_print(FILE *out, const void *data, size_t len)
{
	msgpack_unpacked up;
	size_t off = 0;
	int rc = RC_INVALID;

	if (data == NULL || len == 0 || len > CODEC_RECORD_MAX || !codec_sane(data, len)) {
		fprintf(out, "«invalide (%zu octets)»", len);
		return RC_INVALID;
	}
	msgpack_unpacked_init(&up);
	if (msgpack_unpack_next(&up, data, len, &off) == MSGPACK_UNPACK_SUCCESS && off == len) {
		codec_print_obj(out, &up.data);
		rc = RC_OK;
	} else {
		fprintf(out, "«invalide (%zu octets)»", len);
	}
	msgpack_unpacked_destroy(&up);
	return rc;
}
