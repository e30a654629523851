/*
 * list.c — the list widget (see list.h): selection, paging through the
 * source one page at a time, sort, incremental search, marks, and drawing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/screen.h"

static bool list_is_group(struct list *l, size_t i);
static enum list_result list_move_dir(struct list *l, size_t to, int dir);

void list_row_clear(struct list_row *r)
{
	for (size_t c = 0; c < LIST_COLS_MAX; c++) {
		free(r->cell[c]);
		r->cell[c] = NULL;
	}
	r->id = 0;
	r->group = false;
}

static void list_drop_page(struct list *l)
{
	for (size_t i = 0; i < l->npage; i++)
		list_row_clear(&l->page[i]);
	l->npage = 0;
	l->page_valid = false;
}

void list_init(struct list *l, const struct list_col *cols, size_t ncols,
               const struct list_source *src, void *ctx)
{
	memset(l, 0, sizeof *l);
	l->cols = cols;
	l->ncols = ncols < LIST_COLS_MAX ? ncols : LIST_COLS_MAX;
	l->src = src;
	l->ctx = ctx;
	l->q.sort = -1;
	l->height = 10;
	l->page = xcalloc(LIST_PAGE_MAX, sizeof *l->page);
	field_init(&l->search, FIELD_TEXT, LIST_SEARCH_MAX, false, false);
}

void list_free(struct list *l)
{
	if (l->page != NULL) {
		list_drop_page(l);
		free(l->page);
	}
	free(l->marks);
	field_free(&l->search);
	memset(l, 0, sizeof *l);
}

static size_t list_rows(const struct list *l)
{
	int h = l->height > 0 ? l->height : 1;

	return (size_t)(h < LIST_PAGE_MAX ? h : LIST_PAGE_MAX);
}

/* Fetches the page starting at off (rows shown from there). */
static int list_fetch(struct list *l, size_t off)
{
	size_t n = 0;
	int rc;

	list_drop_page(l);
	if (l->total == 0 || off >= l->total)
		return RC_OK;
	rc = l->src->page(l->ctx, &l->q, off, list_rows(l), l->page, &n);
	if (rc != RC_OK) {
		for (size_t i = 0; i < list_rows(l); i++)
			list_row_clear(&l->page[i]);
		l->failed = true;
		return rc;
	}
	l->npage = n;
	l->page_off = off;
	l->page_valid = true;
	return RC_OK;
}

const struct list_row *list_row_at(struct list *l, size_t i)
{
	if (i >= l->total || l->failed)
		return NULL;
	if (!l->page_valid || i < l->page_off || i >= l->page_off + l->npage) {
		/* The page that starts at the first row shown, when i is among them. */
		size_t off = i >= l->top && i < l->top + list_rows(l) ? l->top : i;

		if (list_fetch(l, off) != RC_OK)
			return NULL;
	}
	if (i < l->page_off || i >= l->page_off + l->npage)
		return NULL;
	return &l->page[i - l->page_off];
}

/* Keeps the selection in view and remembers which record it is on. */
static void list_settle(struct list *l)
{
	const struct list_row *r;
	size_t rows = list_rows(l);

	if (l->total == 0) {
		l->sel = l->top = 0;
		l->sel_id = 0;
		return;
	}
	if (l->sel >= l->total)
		l->sel = l->total - 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	if (l->top + rows > l->total)
		l->top = l->total > rows ? l->total - rows : 0;
	r = list_row_at(l, l->sel);
	l->sel_id = r != NULL ? r->id : 0;
}

void list_set_height(struct list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (rows != l->height) {
		l->height = rows;
		l->page_valid = false;
		list_settle(l);
	}
}

/* Where record id now is, looking around the old selection when the source cannot say. */
static bool list_locate(struct list *l, uint64_t id, size_t *pos)
{
	size_t from, span = list_rows(l);

	if (l->src->find != NULL)
		return l->src->find(l->ctx, &l->q, id, pos) == RC_OK;
	from = l->sel > span ? l->sel - span : 0;
	for (size_t i = from; i < l->total && i < from + 3 * span; i++) {
		const struct list_row *r = list_row_at(l, i);

		if (r != NULL && r->id == id) {
			*pos = i;
			return true;
		}
	}
	return false;
}

int list_refresh(struct list *l)
{
	size_t pos;
	int rc;

	list_drop_page(l);
	l->failed = false;
	if ((rc = l->src->count(l->ctx, &l->q, &l->total)) != RC_OK) {
		l->total = 0;
		l->failed = true;
		return rc;
	}
	if (l->sel_id != 0 && list_locate(l, l->sel_id, &pos))
		l->sel = pos;
	list_settle(l);
	if (list_is_group(l, l->sel))
		(void)list_move_dir(l, l->sel, 1);
	return l->failed ? RC_IO : RC_OK;
}

/* The query changed: back to the first row. */
static void list_requery(struct list *l)
{
	l->sel = l->top = 0;
	l->sel_id = 0;
	(void)list_refresh(l);
}

void list_sort(struct list *l, int col)
{
	if (col < 0 || (size_t)col >= l->ncols || !l->cols[col].sortable)
		return;
	if (l->q.sort == col) {
		l->q.desc = !l->q.desc;
	} else {
		l->q.sort = col;
		l->q.desc = false;
	}
	/* The same record stays selected, wherever it now is. */
	(void)list_refresh(l);
}

void list_filter(struct list *l, unsigned filter)
{
	l->q.filter = filter;
	list_requery(l);
}

const struct list_row *list_selected(struct list *l)
{
	return list_row_at(l, l->sel);
}

/* Index of id in the sorted marks, or where it would go. */
static size_t list_mark_pos(const struct list *l, uint64_t id, bool *found)
{
	size_t lo = 0, hi = l->nmarks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->marks[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < l->nmarks && l->marks[lo] == id;
	return lo;
}

bool list_is_marked(const struct list *l, uint64_t id)
{
	bool found;

	(void)list_mark_pos(l, id, &found);
	return found;
}

static void list_mark_set(struct list *l, uint64_t id, bool on)
{
	bool found;
	size_t i = list_mark_pos(l, id, &found);

	if (id == 0 || found == on)
		return;
	if (!on) {
		memmove(&l->marks[i], &l->marks[i + 1], (l->nmarks - i - 1) * sizeof *l->marks);
		l->nmarks--;
		return;
	}
	if (l->nmarks == l->capmarks) {
		l->capmarks = l->capmarks ? 2 * l->capmarks : 64;
		l->marks = xrealloc(l->marks, l->capmarks * sizeof *l->marks);
	}
	memmove(&l->marks[i + 1], &l->marks[i], (l->nmarks - i) * sizeof *l->marks);
	l->marks[i] = id;
	l->nmarks++;
}

void list_mark_all(struct list *l, bool on)
{
	size_t saved_top = l->top, rows = list_rows(l);

	for (size_t off = 0; off < l->total; off += rows) {
		if (list_fetch(l, off) != RC_OK)
			break;
		for (size_t i = 0; i < l->npage; i++)
			list_mark_set(l, l->page[i].id, on);
	}
	l->top = saved_top;
	list_drop_page(l);
	list_settle(l);
}

static void list_search_changed(struct list *l)
{
	char *typed = field_utf8(&l->search);

	geo_fold(typed, l->q.folded, sizeof l->q.folded, true);
	free(typed);
	list_requery(l);
}

static bool list_is_group(struct list *l, size_t i)
{
	const struct list_row *r = list_row_at(l, i);

	return r != NULL && r->group;
}

/*
 * Selects row `to` (clamped), stepping over group titles in direction dir
 * (+1 down, -1 up; the other way when the end is reached).
 */
static enum list_result list_move_dir(struct list *l, size_t to, int dir)
{
	size_t i;

	if (l->total == 0)
		return LIST_MOVED;
	i = to < l->total ? to : l->total - 1;
	for (int pass = 0; pass < 2 && list_is_group(l, i); pass++, dir = -dir) {
		size_t j = i;

		while (list_is_group(l, j) && (dir > 0 ? j + 1 < l->total : j > 0))
			j = dir > 0 ? j + 1 : j - 1;
		i = j;
	}
	if (list_is_group(l, i))
		return LIST_MOVED;      /* titles only: nothing to select */
	l->sel = i;
	list_settle(l);
	/* A group's title above the first row of the view shows with it. */
	if (l->top > 0 && l->top == l->sel && list_is_group(l, l->top - 1))
		l->top--;
	return LIST_MOVED;
}

static enum list_result list_move(struct list *l, size_t to)
{
	return list_move_dir(l, to, to >= l->sel ? 1 : -1);
}

/* One row up or down, round from one end to the other, over group titles. */
static enum list_result list_up(struct list *l)
{
	size_t before = l->sel;

	if (l->sel > 0)
		(void)list_move_dir(l, l->sel - 1, -1);
	if (l->sel == before && l->total > 0)
		(void)list_move_dir(l, l->total - 1, -1);
	return LIST_MOVED;
}

static enum list_result list_down(struct list *l)
{
	size_t before = l->sel;

	if (l->sel + 1 < l->total)
		(void)list_move_dir(l, l->sel + 1, 1);
	if (l->sel == before)
		(void)list_move_dir(l, 0, 1);
	return LIST_MOVED;
}

enum list_result list_key(struct list *l, const struct tui_key *k)
{
	size_t rows = list_rows(l), step = rows > 1 ? rows - 1 : 1;

	if (l->searching) {
		if (tui_key_enter(*k)) {
			l->searching = false;
			return LIST_SEARCH_END;
		}
		if (!k->fn && k->code == 27) {
			l->searching = false;
			field_clear(&l->search);
			list_search_changed(l);
			return LIST_CHANGED;
		}
		switch (field_key(&l->search, k->code, k->fn)) {
		case FIELD_CHANGED:
		case FIELD_FULL:
			list_search_changed(l);
			return LIST_CHANGED;
		case FIELD_MOVED:
		case FIELD_REFUSED:
			return LIST_MOVED;
		case FIELD_IGNORED:
			break;
		}
	}
	if (k->fn) {
		switch (k->code) {
		case KEY_UP:
		case KEY_BTAB:
			return list_up(l);
		case KEY_DOWN:
			return list_down(l);
		case KEY_PPAGE:
			return list_move(l, l->sel > step ? l->sel - step : 0);
		case KEY_NPAGE:
			return list_move(l, l->sel + step);
		case KEY_HOME:
			return list_move_dir(l, 0, 1);
		case KEY_END:
			return list_move_dir(l, l->total ? l->total - 1 : 0, -1);
		case KEY_ENTER:
			return l->total > 0 ? LIST_ACTIVATE : LIST_IGNORED;
		default:
			return LIST_IGNORED;
		}
	}
	switch (k->code) {
	case TUI_CTRL('p'):
		return list_up(l);
	case '\t':
	case TUI_CTRL('n'):
		return list_down(l);
	case '\r':
	case '\n':
		return l->total > 0 ? LIST_ACTIVATE : LIST_IGNORED;
	case '/':
		if (!l->searchable)
			return LIST_IGNORED;
		l->searching = true;
		l->search.cur = l->search.len;
		return LIST_MOVED;
	case ' ':
		if (!l->markable || l->sel_id == 0)
			return LIST_IGNORED;
		list_mark_set(l, l->sel_id, !list_is_marked(l, l->sel_id));
		if (l->sel + 1 < l->total)
			(void)list_move(l, l->sel + 1);
		return LIST_MARKED;
	default:
		return LIST_IGNORED;
	}
}

/* Digits grouped by thin spaces as French writes them: 5 000. */
static void list_number(size_t n, char *buf, size_t cap)
{
	char raw[32];
	size_t len, o = 0;

	snprintf(raw, sizeof raw, "%zu", n);
	len = strlen(raw);
	for (size_t i = 0; i < len && o + 4 < cap; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			buf[o++] = ' ';
		}
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

void list_position(const struct list *l, char *buf, size_t cap)
{
	char a[32], b[32], c[32];
	size_t rows = (size_t)(l->height > 0 ? l->height : 1);
	size_t last = l->top + rows < l->total ? l->top + rows : l->total;

	if (l->total == 0) {
		snprintf(buf, cap, "%s", _("aucune ligne"));
		return;
	}
	list_number(l->top + 1, a, sizeof a);
	list_number(last, b, sizeof b);
	list_number(l->total, c, sizeof c);
	snprintf(buf, cap, _("%s–%s sur %s"), a, b, c);
}

/* The widths of the columns for w columns of text (marker excluded). */
static void list_layout(const struct list *l, int w, int width[LIST_COLS_MAX])
{
	int used = 0, grow = 0, extra;

	for (size_t c = 0, shown = 0; c < l->ncols; c++) {
		if (l->hidden & (1u << c)) {
			width[c] = 0;
			continue;
		}
		width[c] = l->cols[c].min;
		used += width[c] + (shown++ > 0 ? 1 : 0);
		grow += l->cols[c].grow;
	}
	extra = w - used;
	if (extra <= 0 || grow == 0)
		return;
	for (size_t c = 0, left = (size_t)extra; c < l->ncols; c++) {
		size_t add = (l->hidden & (1u << c))
		        ? 0 : (size_t)extra * (size_t)l->cols[c].grow / (size_t)grow;

		width[c] += (int)add;
		left -= add;
		/* What the division left goes to the last column that grows. */
		if (l->cols[c].grow > 0 && left > 0) {
			bool last = true;

			for (size_t d = c + 1; d < l->ncols; d++)
				last = last && (l->cols[d].grow == 0 || (l->hidden & (1u << d)));
			if (last) {
				width[c] += (int)left;
				left = 0;
			}
		}
	}
}

/* One cell at (y, x) over w columns, aligned. */
static void list_cell(const struct list *l, int y, int x, int w, const char *s,
                      enum list_align align)
{
	char *clean = l->user_text ? text_sanitize(s != NULL ? s : "", false)
	                           : xstrdup(s != NULL ? s : "");
	int cw = draw_width(clean);

	if (align == LIST_RIGHT && cw < w)
		draw_text(y, x + w - cw, clean, cw, false);
	else
		draw_text(y, x, clean, w, false);
	free(clean);
}

void list_draw(struct list *l, int y, int x, int w, int h, int *cy, int *cx)
{
	int width[LIST_COLS_MAX], rows, row0 = y;
	bool search_line = l->searching || l->q.folded[0] != '\0';

	if (cy != NULL)
		*cy = *cx = -1;
	rows = h - (l->header ? 1 : 0) - (search_line ? 1 : 0);
	list_set_height(l, rows);
	list_layout(l, w - 2, width);
	if (l->header) {
		int cx0 = x + 2;

		attrset(A_BOLD);
		for (size_t c = 0; c < l->ncols; c++) {
			char *title;

			if (l->hidden & (1u << c))
				continue;
			title = (int)c == l->q.sort
			        ? xasprintf("%s%s", _(l->cols[c].title), l->q.desc ? "▼" : "▲")
			        : xstrdup(_(l->cols[c].title));

			list_cell(l, y, cx0, width[c], title, l->cols[c].align);
			free(title);
			cx0 += width[c] + 1;
		}
		attrset(A_NORMAL);
		row0++;
	}
	if (l->failed)
		draw_text(row0, x + 2, _("Liste illisible pour l'instant : réessayez."), w - 2, false);
	for (int r = 0; r < rows; r++) {
		size_t i = l->top + (size_t)r;
		const struct list_row *row = list_row_at(l, i);
		bool sel = i == l->sel;
		int cx0 = x + 2;

		if (row == NULL)
			break;
		if (row->group) {
			attrset(A_BOLD);
			list_cell(l, row0 + r, x - 2 >= 0 ? x - 2 : x, w, row->cell[0], LIST_LEFT);
			attrset(A_NORMAL);
			continue;
		}
		attrset(sel ? A_REVERSE : A_NORMAL);
		draw_text(row0 + r, x, sel ? "▸" : " ", 1, false);
		draw_text(row0 + r, x + 1, list_is_marked(l, row->id) ? "*" : " ", 1, false);
		/* The whole line takes the selection's reverse video. */
		draw_text(row0 + r, cx0, "", w - 2, true);
		for (size_t c = 0; c < l->ncols; c++) {
			if (l->hidden & (1u << c))
				continue;
			list_cell(l, row0 + r, cx0, width[c], row->cell[c], l->cols[c].align);
			cx0 += width[c] + 1;
		}
		attrset(A_NORMAL);
	}
	if (search_line) {
		int sy = y + h - 1, lw = draw_text(sy, x, _("Recherche : "), w, false);
		int fy = -1, fx = -1;

		field_draw(&l->search, stdscr, sy, x + lw, LIST_SEARCH_MAX + 2, l->searching, &fy, &fx);
		if (l->searching) {
			draw_text(sy, x + lw + LIST_SEARCH_MAX + 3, _("Entrée garder, Échap effacer"),
			          w - lw - LIST_SEARCH_MAX - 3, false);
			if (cy != NULL) {
				*cy = fy;
				*cx = fx;
			}
		}
	}
}
