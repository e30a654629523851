/*
 * codec.h — recond's record encoding: MessagePack maps over msgpack-c.
 *
 * Every record is one MessagePack map whose first two entries are
 *   "_kind"   (string, e.g. "account")  and
 *   "_schema" (unsigned, the record kind's own schema number),
 * followed by named fields. Readers look fields up by name, so a field that
 * a newer writer added is ignored by an older reader (forward compatible)
 * and a field that an older writer did not know gets its default.
 *
 * Writing (no counting: entries are counted for you):
 *
 *	struct codec_w w;
 *	codec_w_init(&w, "account", 1);
 *	codec_w_u64(&w, "id", a->id);
 *	codec_w_str(&w, "login", a->login);
 *	codec_w_array_begin(&w, "lines");          // array field
 *	for (…) {
 *		codec_w_map_begin(&w, NULL);       // array items have no name
 *		codec_w_u64(&w, "lot", l->lot);
 *		codec_w_u64(&w, "qty", l->qty);
 *		codec_w_map_end(&w);
 *	}
 *	codec_w_array_end(&w);
 *	codec_w_finish(&w, &data, &len);           // data owned by w
 *	… mdb_put(…data, len…) …
 *	codec_w_free(&w);
 *
 * Inside a map every value takes a name; inside an array the name is NULL.
 * Nesting mistakes (unbalanced begin/end, a name where none belongs) are
 * programmer errors and abort via assert. Memory comes from the xmalloc
 * family (abort on exhaustion), so the writers cannot fail.
 *
 * Reading (errors are sticky: decode everything, check once at the end):
 *
 *	struct codec_r r;
 *	uint32_t schema;
 *	if ((rc = codec_r_open(&r, data, len, "account", &schema)) != RC_OK)
 *		return rc;                         // not an "account" record
 *	const msgpack_object *m = codec_r_root(&r);
 *	codec_r_u64(&r, m, "id", &a->id, 0);
 *	codec_r_str(&r, m, "login", a->login, sizeof a->login, "");
 *	…
 *	rc = codec_r_close(&r);                    // RC_OK or the first error
 *
 * Getters return RC_OK when the field is present and fits, or is absent
 * (the default is stored). A present field of the wrong type, a string that
 * does not fit its destination (never truncated), a number out of range, or
 * an array longer than its cap is an error: the getter returns RC_INVALID,
 * leaves the destination at its default, and the error (with the field's
 * name) is remembered in r and returned again by codec_r_close().
 * Pointers into the decoded object (msgpack_object *) live until
 * codec_r_close().
 */
#ifndef RECOND_CODEC_H
#define RECOND_CODEC_H

#include <msgpack.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/model.h"

#define CODEC_DEPTH_MAX 8          /* nesting of maps/arrays in one record */
#define CODEC_RECORD_MAX (16u << 20) /* largest record decoded, bytes */
#define CODEC_KIND_MAX 31          /* bytes of a "_kind" */

/* ---- writing ---- */

struct codec_buf {
	char *data;
	size_t len, cap;
	uint32_t count;               /* entries (map) or items (array) written */
	bool is_map;
};

struct codec_w {
	struct codec_buf frame[CODEC_DEPTH_MAX + 1]; /* [0] is the record's map */
	int depth;                    /* index of the open frame */
	char *out;                    /* finished record, after codec_w_finish */
	size_t out_len;
	msgpack_packer pk;            /* packs into frame[depth] */
};

/* Starts a record of the given kind and schema number ("_kind", "_schema"). */
void codec_w_init(struct codec_w *w, const char *kind, uint32_t schema);
/* Starts a bare map with no "_kind" (for values that are not records). */
void codec_w_init_plain(struct codec_w *w);

void codec_w_str(struct codec_w *w, const char *name, const char *s);
void codec_w_strn(struct codec_w *w, const char *name, const char *s, size_t len);
void codec_w_bin(struct codec_w *w, const char *name, const void *p, size_t len);
void codec_w_u64(struct codec_w *w, const char *name, uint64_t v);
void codec_w_i64(struct codec_w *w, const char *name, int64_t v);
void codec_w_bool(struct codec_w *w, const char *name, bool v);
void codec_w_nil(struct codec_w *w, const char *name);
/* An array of n strings (v[i] NULL is written as ""). */
void codec_w_strs(struct codec_w *w, const char *name, const char *const *v, size_t n);
/* An array of n unsigned integers. */
void codec_w_u64s(struct codec_w *w, const char *name, const uint64_t *v, size_t n);

/* Nested containers; close each with the matching *_end. */
void codec_w_map_begin(struct codec_w *w, const char *name);
void codec_w_map_end(struct codec_w *w);
void codec_w_array_begin(struct codec_w *w, const char *name);
void codec_w_array_end(struct codec_w *w);

/*
 * Closes the record and gives its bytes: *data (owned by w, valid until
 * codec_w_free) and *len. Every nested container must be closed.
 */
void codec_w_finish(struct codec_w *w, const void **data, size_t *len);
/* Frees everything w holds; w may be initialised again after. */
void codec_w_free(struct codec_w *w);

/* ---- reading ---- */

struct codec_r {
	msgpack_unpacked up;
	const msgpack_object *root;
	int err;                      /* first error, RC_OK if none */
	char errfield[48];            /* name of the field of the first error */
};

/*
 * Decodes data (len bytes; must hold exactly one MessagePack value, a map)
 * and, if kind is not NULL, checks that its "_kind" equals kind. *schema
 * (if not NULL) gets "_schema" (0 when absent). On error returns RC_INVALID
 * and r needs no close; on RC_OK the caller ends with codec_r_close(r).
 */
int codec_r_open(struct codec_r *r, const void *data, size_t len, const char *kind,
                 uint32_t *schema);
/* The record's top-level map. */
const msgpack_object *codec_r_root(const struct codec_r *r);
/* Frees r and returns its first error (RC_OK if none). */
int codec_r_close(struct codec_r *r);
/* A person to contact (core/model.h) as the map `key`, written and read. */
void codec_w_contact(struct codec_w *w, const char *key, const struct contact *c);
void codec_r_contact(struct codec_r *r, const msgpack_object *m, const char *key,
                     struct contact *out);
/* True when every text field of c holds its NUL (fits its record). */
bool codec_contact_fits(const struct contact *c);
/*
 * codec_r_close() for a decoder: when a field failed, first sets *why (if
 * why is not NULL) to "<what> : <the failure>" (what names the record in
 * French: "organisation").
 */
int codec_r_end(struct codec_r *r, const char *what, char **why);
/* Short French text of r's first error ("champ « login » trop long"), static. */
const char *codec_r_error(const struct codec_r *r);

/* The value of field name in map m, or NULL if absent (or m not a map). */
const msgpack_object *codec_find(const msgpack_object *m, const char *name);

/* Copies a string field into dst of cap bytes (with its NUL); longer → error. */
int codec_r_str(struct codec_r *r, const msgpack_object *m, const char *name,
                char *dst, size_t cap, const char *def);
/* A fresh copy (caller frees) of a string field of at most max bytes; absent → *out NULL. */
int codec_r_strdup(struct codec_r *r, const msgpack_object *m, const char *name,
                   char **out, size_t max);
int codec_r_u64(struct codec_r *r, const msgpack_object *m, const char *name,
                uint64_t *out, uint64_t def);
int codec_r_i64(struct codec_r *r, const msgpack_object *m, const char *name,
                int64_t *out, int64_t def);
int codec_r_bool(struct codec_r *r, const msgpack_object *m, const char *name,
                 bool *out, bool def);
/* An unsigned value that must be < count (for enums); absent → def. */
int codec_r_enum(struct codec_r *r, const msgpack_object *m, const char *name,
                 int *out, int def, int count);
/*
 * An array of strings: at most max_n items of at most max_len bytes each,
 * stored as fresh strings in out[0..*n-1] (caller frees each). Absent → *n = 0.
 * On error nothing is left allocated and *n = 0.
 */
int codec_r_strs(struct codec_r *r, const msgpack_object *m, const char *name,
                 char **out, size_t max_n, size_t *n, size_t max_len);
/*
 * An array field of at most max_n items: *items points into the decoded
 * object (valid until close), *n its length. Absent → *n = 0, *items NULL.
 * Read each item with codec_r_* on items[i] when it is a map.
 */
int codec_r_array(struct codec_r *r, const msgpack_object *m, const char *name,
                  const msgpack_object **items, size_t *n, size_t max_n);
/* Marks r failed (for checks a decoder makes itself); returns RC_INVALID. */
int codec_r_fail(struct codec_r *r, const char *field);

/* Copies the "_kind" of a record into dst (cap bytes); RC_INVALID if none. */
int codec_kind(const void *data, size_t len, char *dst, size_t cap);

/* ---- printing ---- */

/*
 * Writes data as one readable line (JSON-like, no newline): maps as
 * {k: v, …}, strings quoted with control characters escaped (UTF-8 kept),
 * binary as hex. A non-empty string in a field that holds a secret (list in
 * codec.c: "pwhash") prints as «masqué». Undecodable bytes print as
 * «invalide (N octets)» and return RC_INVALID.
 */
int codec_print(FILE *out, const void *data, size_t len);
void codec_print_obj(FILE *out, const msgpack_object *o);
/* Prints a byte string (a key) readably: printable ASCII/UTF-8 as text, the rest \xNN. */
void codec_print_bytes(FILE *out, const void *p, size_t len);
/* The same between double quotes, with " and \ escaped. */
void codec_print_quoted(FILE *out, const void *p, size_t len);

#endif
