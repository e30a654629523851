/*
 * export.h — a writer of tables for spreadsheets and scripts: RFC 4180 CSV
 * (',' or ';' between fields, CRLF between records, a field quoted when it
 * holds the separator, a quote, CR or LF, its quotes doubled), TSV (one
 * record a line; backslash, tab, CR and LF inside a field written \\, \t,
 * \r, \n), or a JSON array of objects named by the columns. UTF-8, with an
 * optional byte order mark for spreadsheet programs. Pure: it fills a
 * memory buffer; the use cases (uc-export.c) choose what goes in.
 */
#ifndef RECOND_EXPORT_H
#define RECOND_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/money.h"
#include "core/preorder.h"

enum export_format { EXPORT_CSV = 0, EXPORT_TSV, EXPORT_JSON };

struct export_opts {
	enum export_format format;
	char sep;                     /* CSV separator: ',' (default) or ';' */
	bool bom;                     /* UTF-8 byte order mark first (spreadsheets) */
	bool has_state;               /* only pre-orders in `state` */
	enum preorder_state state;
	int64_t since;                /* history: events at or after (0: all) */
};

/* RC_OK when o's format and separator are known; else a French *why. */
int export_opts_check(const struct export_opts *o, char **why);

struct export_w {
	enum export_format format;
	char sep;                     /* CSV: ',' or ';' */
	const char *const *cols;      /* column names (borrowed until export_finish) */
	size_t ncols;
	size_t col;                   /* fields written in the current record */
	size_t rows;
	char *buf;
	size_t len, cap;
};

/*
 * Starts a table of ncols columns named cols (the header record for CSV
 * and TSV, "[" for JSON); sep is CSV's separator (',' when 0); bom puts
 * the UTF-8 byte order mark first. The names stay the caller's.
 */
void export_begin(struct export_w *w, enum export_format format, char sep, bool bom, const char *const *cols,
                  size_t ncols);
/* The next field of the current record, a string (NULL: empty). */
void export_str(struct export_w *w, const char *s);
/* The next field, an integer. */
void export_int(struct export_w *w, int64_t v);
/* The next field, an amount in euros with two decimals ("1234.50"; "1234,50" with ';'). */
void export_cents(struct export_w *w, cents_t v);
/* The next field, a day (yyyymmdd as in date.h) as "2024-03-01"; 0: empty. */
void export_day(struct export_w *w, int32_t d);
/* Ends the current record (missing fields are written empty). */
void export_row_end(struct export_w *w);
/* Ends the table: *out gets the buffer (caller frees), *len its length. */
void export_finish(struct export_w *w, char **out, size_t *len);
/* Frees what w holds (after an error; export_finish hands it over). */
void export_free(struct export_w *w);

#endif
