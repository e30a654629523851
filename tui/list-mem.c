/*
 * list-mem.c — a list source over rows held in memory (see list.h): the
 * screen adds its rows once; searching folds every cell (geo_fold) and
 * keeps the rows holding the search, sorting orders on a column's text
 * (numbers by value), the order of addition otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/list.h"

void list_mem_init(struct list_mem *m, size_t ncols)
{
	memset(m, 0, sizeof *m);
	m->ncols = ncols < LIST_COLS_MAX ? ncols : LIST_COLS_MAX;
}

void list_mem_add(struct list_mem *m, uint64_t id, const char *const cells[])
{
	struct list_row *r;

	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->rows = xrealloc(m->rows, m->cap * sizeof *m->rows);
	}
	r = &m->rows[m->n++];
	memset(r, 0, sizeof *r);
	r->id = id;
	for (size_t c = 0; c < m->ncols; c++)
		r->cell[c] = cells[c] != NULL ? xstrdup(cells[c]) : NULL;
	m->view_valid = false;
}

void list_mem_add_group(struct list_mem *m, const char *title)
{
	const char *cells[LIST_COLS_MAX] = { title };

	list_mem_add(m, 0, cells);
	m->rows[m->n - 1].group = true;
}

void list_mem_clear(struct list_mem *m)
{
	size_t ncols = m->ncols;

	for (size_t i = 0; i < m->n; i++)
		list_row_clear(&m->rows[i]);
	free(m->rows);
	free(m->view);
	memset(m, 0, sizeof *m);
	m->ncols = ncols;
}

/* True when some cell of r holds the folded search. */
static bool mem_matches(const struct list_mem *m, const struct list_row *r, const char *folded)
{
	char f[GEO_FOLD_MAX * 4];

	if (folded[0] == '\0')
		return true;
	if (r->group)
		return false;       /* a search or a sort lists the rows alone */
	for (size_t c = 0; c < m->ncols; c++) {
		if (r->cell[c] == NULL)
			continue;
		geo_fold(r->cell[c], f, sizeof f, false);
		if (strstr(f, folded) != NULL)
			return true;
	}
	return false;
}

/* Sorting context (qsort has none): set just around the call. */
static const struct list_mem *mem_sort_m;
static int mem_sort_col;
static bool mem_sort_desc;

/* A cell that is a number (digits, spaces, a comma): its value, for sorting by value. */
static bool mem_number(const char *s, double *out)
{
	double v = 0, scale = 0;
	bool any = false;

	if (s == NULL)
		return false;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			any = true;
			if (scale == 0) {
				v = v * 10 + (*s - '0');
			} else {
				v += (*s - '0') * scale;
				scale /= 10;
			}
		} else if (*s == ',' && scale == 0) {
			scale = 0.1;
		} else if (*s != ' ' && (unsigned char)*s < 0x80) {
			return false;
		}
	}
	*out = v;
	return any;
}

static int mem_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const char *ca = mem_sort_m->rows[a].cell[mem_sort_col];
	const char *cb = mem_sort_m->rows[b].cell[mem_sort_col];
	double na, nb;
	int r;

	if (mem_number(ca, &na) && mem_number(cb, &nb)) {
		r = na < nb ? -1 : na > nb;
	} else {
		char fa[GEO_FOLD_MAX * 4], fb[GEO_FOLD_MAX * 4];

		geo_fold(ca != NULL ? ca : "", fa, sizeof fa, false);
		geo_fold(cb != NULL ? cb : "", fb, sizeof fb, false);
		r = strcmp(fa, fb);
	}
	if (r == 0)
		r = a < b ? -1 : a > b;       /* stable: the order of addition */
	return mem_sort_desc ? -r : r;
}

static void mem_view(struct list_mem *m, const struct list_query *q)
{
	if (m->view_valid && m->last.sort == q->sort && m->last.desc == q->desc &&
	    m->last.filter == q->filter && strcmp(m->last.folded, q->folded) == 0)
		return;
	free(m->view);
	m->view = m->n > 0 ? xcalloc(m->n, sizeof *m->view) : NULL;
	m->nview = 0;
	for (size_t i = 0; i < m->n; i++)
		if (mem_matches(m, &m->rows[i], q->folded) && (q->sort < 0 || !m->rows[i].group))
			m->view[m->nview++] = i;
	if (q->sort >= 0 && (size_t)q->sort < m->ncols && m->nview > 1) {
		mem_sort_m = m;
		mem_sort_col = q->sort;
		mem_sort_desc = q->desc;
		qsort(m->view, m->nview, sizeof *m->view, mem_cmp);
		mem_sort_m = NULL;
	}
	m->last = *q;
	m->view_valid = true;
}

static int mem_count(void *ctx, const struct list_query *q, size_t *n)
{
	struct list_mem *m = ctx;

	mem_view(m, q);
	*n = m->nview;
	return RC_OK;
}

static int mem_page(void *ctx, const struct list_query *q, size_t off, size_t lim,
                    struct list_row *rows, size_t *n)
{
	struct list_mem *m = ctx;

	mem_view(m, q);
	*n = 0;
	for (size_t i = off; i < m->nview && *n < lim; i++) {
		const struct list_row *src = &m->rows[m->view[i]];
		struct list_row *r = &rows[(*n)++];

		r->id = src->id;
		r->group = src->group;
		for (size_t c = 0; c < m->ncols; c++)
			r->cell[c] = src->cell[c] != NULL ? xstrdup(src->cell[c]) : NULL;
	}
	return RC_OK;
}

static int mem_find(void *ctx, const struct list_query *q, uint64_t id, size_t *pos)
{
	struct list_mem *m = ctx;

	mem_view(m, q);
	for (size_t i = 0; i < m->nview; i++)
		if (m->rows[m->view[i]].id == id) {
			*pos = i;
			return RC_OK;
		}
	return RC_NOTFOUND;
}

const struct list_source list_mem_source = {
	.count = mem_count,
	.page = mem_page,
	.find = mem_find,
};
