/*
 * export.c — the table writer of export.h: CSV (RFC 4180), TSV with
 * backslash escapes, JSON arrays of objects, into one growing buffer.
 */
#include "core/export.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"

static void put(struct export_w *w, const char *p, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;

		while (cap < w->len + n + 1)
			cap *= 2;
		w->buf = xrealloc(w->buf, cap);
		w->cap = cap;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void puts_(struct export_w *w, const char *s)
{
	put(w, s, strlen(s));
}

static void put_csv(struct export_w *w, const char *s)
{
	bool quote = strchr(s, w->sep) != NULL || strpbrk(s, "\"\r\n") != NULL;

	if (!quote) {
		puts_(w, s);
		return;
	}
	put(w, "\"", 1);
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			put(w, "\"", 1);
		put(w, p, 1);
	}
	put(w, "\"", 1);
}

static void put_tsv(struct export_w *w, const char *s)
{
	for (const char *p = s; *p != '\0'; p++) {
		switch (*p) {
		case '\\': puts_(w, "\\\\"); break;
		case '\t': puts_(w, "\\t"); break;
		case '\r': puts_(w, "\\r"); break;
		case '\n': puts_(w, "\\n"); break;
		default: put(w, p, 1); break;
		}
	}
}

static void put_json_str(struct export_w *w, const char *s)
{
	char u[8];

	put(w, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"': puts_(w, "\\\""); break;
		case '\\': puts_(w, "\\\\"); break;
		case '\n': puts_(w, "\\n"); break;
		case '\r': puts_(w, "\\r"); break;
		case '\t': puts_(w, "\\t"); break;
		default:
			if (*p < 0x20) {
				snprintf(u, sizeof u, "\\u%04x", *p);
				puts_(w, u);
			} else {
				put(w, (const char *)p, 1);
			}
			break;
		}
	}
	put(w, "\"", 1);
}

/* Before a field: the separator, or for JSON the object's opening and the key. */
static void field_start(struct export_w *w)
{
	if (w->format == EXPORT_JSON) {
		puts_(w, w->col == 0 ? (w->rows == 0 ? "\n{" : ",\n{") : ",");
		put_json_str(w, w->col < w->ncols ? w->cols[w->col] : "?");
		put(w, ":", 1);
	} else if (w->col > 0) {
		put(w, w->format == EXPORT_TSV ? "\t" : &w->sep, 1);
	}
}

/* One field of text: quoted (JSON, CSV) or escaped (TSV) as the format wants. */
static void field(struct export_w *w, const char *s, bool number)
{
	field_start(w);
	if (w->format == EXPORT_JSON && !number)
		put_json_str(w, s);
	else if (w->format == EXPORT_JSON)
		puts_(w, s[0] != '\0' ? s : "null");
	else if (w->format == EXPORT_TSV)
		put_tsv(w, s);
	else
		put_csv(w, s);
	w->col++;
}

void export_begin(struct export_w *w, enum export_format format, char sep, bool bom,
                  const char *const *cols, size_t ncols)
{
	memset(w, 0, sizeof *w);
	w->format = format;
	w->sep = sep != 0 ? sep : ',';
	w->cols = cols;
	w->ncols = ncols;
	if (bom)
		puts_(w, "\xEF\xBB\xBF");
	if (format == EXPORT_JSON) {
		put(w, "[", 1);
		return;
	}
	for (size_t i = 0; i < ncols; i++)
		field(w, cols[i], false);
	puts_(w, format == EXPORT_TSV ? "\n" : "\r\n");
	w->col = 0;
}

void export_str(struct export_w *w, const char *s)
{
	field(w, s != NULL ? s : "", false);
}

void export_int(struct export_w *w, int64_t v)
{
	char b[32];

	snprintf(b, sizeof b, "%" PRId64, v);
	field(w, b, true);
}

void export_cents(struct export_w *w, cents_t v)
{
	char b[48];
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char dot = w->format == EXPORT_CSV && w->sep == ';' ? ',' : '.';

	snprintf(b, sizeof b, "%s%" PRIu64 "%c%02u", v < 0 ? "-" : "", a / 100, dot,
	         (unsigned)(a % 100));
	field(w, b, true);
}

void export_row_end(struct export_w *w)
{
	while (w->col < w->ncols)
		export_str(w, "");
	if (w->format == EXPORT_JSON)
		put(w, "}", 1);
	else
		puts_(w, w->format == EXPORT_TSV ? "\n" : "\r\n");
	w->col = 0;
	w->rows++;
}

void export_finish(struct export_w *w, char **out, size_t *len)
{
	if (w->format == EXPORT_JSON)
		puts_(w, w->rows > 0 ? "\n]\n" : "]\n");
	if (w->buf == NULL)
		put(w, "", 0);
	*out = w->buf;
	*len = w->len;
	w->buf = NULL;
	w->len = w->cap = 0;
}

void export_free(struct export_w *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

int export_opts_check(const struct export_opts *o, char **why)
{
	if (o->format != EXPORT_CSV && o->format != EXPORT_TSV && o->format != EXPORT_JSON)
		return fail(why, RC_INVALID, "%s", _("Format d'export inconnu."));
	if (o->format == EXPORT_CSV && o->sep != 0 && o->sep != ',' && o->sep != ';')
		return fail(why, RC_INVALID, "%s", _("Séparateur : « , » ou « ; »."));
	return RC_OK;
}

void export_day(struct export_w *w, int32_t d)
{
	char buf[16];

	if (d == 0) {
		export_str(w, NULL);
		return;
	}
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
	         (int)(d % 100));
	export_str(w, buf);
}
