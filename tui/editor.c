/*
 * editor.c — the multi-line text editor (see editor.h): wrapping, cursor
 * movement on screen lines, editing, and its painting.
 */
#include "tui/editor.h"
#include "tui/wide.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/core.h"
#include "core/util.h"

#define EDITOR_CTRL(c) ((c) & 0x1f)

void editor_init(struct editor *e, size_t max)
{
	if (max == 0 || max > FIELD_MAX_CHARS)
		max = FIELD_MAX_CHARS;
	memset(e, 0, sizeof *e);
	e->max = max;
	e->text = xcalloc(max + 1, sizeof *e->text);
	e->want_col = -1;
	e->width = 40;
	e->height = 10;
}

void editor_free(struct editor *e)
{
	free(e->text);
	free(e->ls);
	free(e->ll);
	memset(e, 0, sizeof *e);
}

static int editor_cw(wchar_t c)
{
	int w = wcwidth(c);

	return w < 1 ? 1 : w;
}

static void editor_add_line(struct editor *e, size_t start, size_t n, size_t *cap)
{
	if (e->nlines == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		e->ls = xrealloc(e->ls, *cap * sizeof *e->ls);
		e->ll = xrealloc(e->ll, *cap * sizeof *e->ll);
	}
	e->ls[e->nlines] = start;
	e->ll[e->nlines] = n;
	e->nlines++;
}

/* Splits the text into lines on screen. */
static void editor_wrap(struct editor *e)
{
	size_t cap = 0, i = 0;
	int width = e->width < 2 ? 2 : e->width;

	e->nlines = 0;
	for (;;) {
		size_t start = i, j = i, lastspace = (size_t)-1;
		int col = 0;

		for (;;) {
			int w;

			if (j == e->len) {
				editor_add_line(e, start, j - start, &cap);
				/* No room left for the cursor after a full line: one more line. */
				if (j > start && col + 1 > width)
					editor_add_line(e, j, 0, &cap);
				return;
			}
			if (e->text[j] == L'\n') {
				editor_add_line(e, start, j - start, &cap);
				i = j + 1;
				break;
			}
			w = editor_cw(e->text[j]);
			if (col + w > width) {
				if (lastspace != (size_t)-1) {
					editor_add_line(e, start, lastspace + 1 - start, &cap);
					i = lastspace + 1;
				} else {
					if (j == start)
						j++;
					editor_add_line(e, start, j - start, &cap);
					i = j;
				}
				break;
			}
			if (e->text[j] == L' ')
				lastspace = j;
			col += w;
			j++;
		}
	}
}

static size_t editor_line_of(const struct editor *e, size_t pos)
{
	size_t k = 0;

	while (k + 1 < e->nlines && e->ls[k + 1] <= pos)
		k++;
	return k;
}

/* True when line k ends because of the width (not a newline, not the end). */
static bool editor_soft_end(const struct editor *e, size_t k)
{
	size_t end = e->ls[k] + e->ll[k];

	return k + 1 < e->nlines && e->ls[k + 1] == end;
}

void editor_cursor_rc(const struct editor *e, size_t *row, int *col)
{
	size_t k = editor_line_of(e, e->cur);
	int c = 0;

	for (size_t i = e->ls[k]; i < e->cur && i < e->len; i++)
		c += editor_cw(e->text[i]);
	*row = k;
	*col = c;
}

void editor_layout(struct editor *e, int width, int height)
{
	size_t row;
	int col;

	e->width = width < 2 ? 2 : width;
	e->height = height < 1 ? 1 : height;
	if (e->cur > e->len)
		e->cur = e->len;
	editor_wrap(e);
	editor_cursor_rc(e, &row, &col);
	if (row < e->top)
		e->top = row;
	if (row >= e->top + (size_t)e->height)
		e->top = row - (size_t)e->height + 1;
	if (e->top >= e->nlines)
		e->top = e->nlines > 0 ? e->nlines - 1 : 0;
}

/* Position on line k nearest to column want (not past its end). */
static size_t editor_pos_at(const struct editor *e, size_t k, int want)
{
	size_t end = e->ls[k] + e->ll[k], i = e->ls[k];
	int col = 0;

	if (editor_soft_end(e, k) && end > e->ls[k])
		end--; /* the end of a wrapped line is the start of the next */
	while (i < end) {
		int w = editor_cw(e->text[i]);

		if (col + w > want)
			break;
		col += w;
		i++;
	}
	return i;
}

static enum field_result editor_vmove(struct editor *e, long delta)
{
	size_t row;
	int col;
	long target;

	editor_cursor_rc(e, &row, &col);
	if (e->want_col < 0)
		e->want_col = col;
	target = (long)row + delta;
	if (target < 0)
		target = 0;
	if (target >= (long)e->nlines)
		target = (long)e->nlines - 1;
	if ((size_t)target == row)
		return FIELD_REFUSED;
	e->cur = editor_pos_at(e, (size_t)target, e->want_col);
	if (delta > 1 || delta < -1) {
		/* A page: the view moves with the cursor. */
		long top = (long)e->top + delta;

		if (top < 0)
			top = 0;
		if (top > (long)e->nlines - 1)
			top = (long)e->nlines - 1;
		e->top = (size_t)top;
	}
	return FIELD_MOVED;
}

static void editor_del(struct editor *e, size_t at)
{
	memmove(&e->text[at], &e->text[at + 1], (e->len - at - 1) * sizeof *e->text);
	e->len--;
	e->text[e->len] = L'\0';
}

static enum field_result editor_insert(struct editor *e, wchar_t c)
{
	if (c != L'\n' && (c == L'\0' || !iswprint((wint_t)c) || wcwidth(c) < 0 ||
	                    text_key_refused((uint32_t)c)))
		return FIELD_REFUSED;
	if (e->len >= e->max)
		return FIELD_REFUSED;
	memmove(&e->text[e->cur + 1], &e->text[e->cur], (e->len - e->cur) * sizeof *e->text);
	e->text[e->cur++] = c;
	e->len++;
	e->text[e->len] = L'\0';
	return FIELD_CHANGED;
}

static enum field_result editor_key_fn(struct editor *e, wint_t key)
{
	size_t row;
	int col;

	switch (key) {
	case KEY_LEFT:
		if (e->cur == 0)
			return FIELD_REFUSED;
		e->cur--;
		return FIELD_MOVED;
	case KEY_RIGHT:
		if (e->cur >= e->len)
			return FIELD_REFUSED;
		e->cur++;
		return FIELD_MOVED;
	case KEY_UP:
		return editor_vmove(e, -1);
	case KEY_DOWN:
		return editor_vmove(e, 1);
	case KEY_PPAGE:
		return editor_vmove(e, -(long)e->height);
	case KEY_NPAGE:
		return editor_vmove(e, (long)e->height);
	case KEY_HOME:
		editor_cursor_rc(e, &row, &col);
		e->cur = e->ls[row];
		return FIELD_MOVED;
	case KEY_END:
		editor_cursor_rc(e, &row, &col);
		e->cur = editor_pos_at(e, row, 1 << 30);
		return FIELD_MOVED;
	case KEY_BACKSPACE:
		if (e->cur == 0)
			return FIELD_REFUSED;
		editor_del(e, --e->cur);
		return FIELD_CHANGED;
	case KEY_DC:
		if (e->cur >= e->len)
			return FIELD_REFUSED;
		editor_del(e, e->cur);
		return FIELD_CHANGED;
	case KEY_ENTER:
		return editor_insert(e, L'\n');
	default:
		return FIELD_IGNORED;
	}
}

enum field_result editor_key(struct editor *e, wint_t key, bool fn)
{
	enum field_result r;
	bool vertical = fn && (key == KEY_UP || key == KEY_DOWN || key == KEY_PPAGE ||
	                       key == KEY_NPAGE);

	/*
	 * A character into a full editor changes nothing: refused before any
	 * layout (which costs the whole text), so that the rest of a long
	 * paste goes by at the cost of reading it.
	 */
	if (!fn && e->len >= e->max && key >= 0x20 && !(key >= 0x7f && key < 0xa0))
		return FIELD_REFUSED;
	editor_layout(e, e->width, e->height);
	if (fn) {
		r = editor_key_fn(e, key);
	} else {
		switch (key) {
		case EDITOR_CTRL('a'):
			r = editor_key_fn(e, KEY_HOME);
			break;
		case EDITOR_CTRL('e'):
			r = editor_key_fn(e, KEY_END);
			break;
		case EDITOR_CTRL('h'):
		case 0x7f:
			r = editor_key_fn(e, KEY_BACKSPACE);
			break;
		case '\r':
		case '\n':
			r = editor_insert(e, L'\n');
			break;
		default:
			if (key < 0x20 || (key >= 0x80 && key < 0xa0))
				return FIELD_IGNORED;
			r = editor_insert(e, (wchar_t)key);
			break;
		}
	}
	if (!vertical && r != FIELD_IGNORED && r != FIELD_REFUSED)
		e->want_col = -1;
	editor_layout(e, e->width, e->height);
	return r;
}

void editor_set_cursor(struct editor *e, size_t pos)
{
	e->cur = pos > e->len ? e->len : pos;
	e->want_col = -1;
	editor_layout(e, e->width, e->height);
}

char *editor_utf8(const struct editor *e)
{
	return wide_to_utf8(e->text, e->len);
}

static void editor_insert_cb(wchar_t c, void *ctx)
{
	(void)editor_insert(ctx, c);
}

void editor_set_utf8(struct editor *e, const char *s)
{
	e->len = e->cur = e->top = 0;
	e->text[0] = L'\0';
	wide_from_utf8(s, editor_insert_cb, e);
	e->want_col = -1;
	editor_layout(e, e->width, e->height);
}

/* Paints row r of the view (line top + r, or nothing), blanked to w columns when pad. */
static void editor_draw_row(struct editor *e, int y, int x, int w, int r, bool pad)
{
	size_t k = e->top + (size_t)r;
	int c = 0;

	move(y + r, x);
	if (k < e->nlines) {
		for (size_t i = e->ls[k]; i < e->ls[k] + e->ll[k]; i++) {
			wchar_t wc[2] = { e->text[i], L'\0' };
			cchar_t cc;
			int cw = editor_cw(e->text[i]);

			if (c + cw > w)
				break;
			setcchar(&cc, wc, A_NORMAL, 0, NULL);
			add_wch(&cc);
			c += cw;
		}
	}
	if (pad && c < w)
		mvhline(y + r, x + c, ' ', w - c);
}

static void editor_cursor_at(struct editor *e, int y, int x, int w, int *cy, int *cx)
{
	size_t row;
	int col;

	editor_cursor_rc(e, &row, &col);
	if (col >= w)
		col = w - 1;
	*cy = y + (int)(row - e->top);
	*cx = x + col;
}

static void editor_drawn(struct editor *e, int y, int x, int w, int h)
{
	e->drawn = true;
	e->drawn_top = e->top;
	e->drawn_lines = e->nlines;
	e->drawn_y = y;
	e->drawn_x = x;
	e->drawn_w = w;
	e->drawn_h = h;
}

void editor_draw(struct editor *e, int y, int x, int w, int h, bool focused, int *cy, int *cx)
{
	editor_layout(e, w, h);
	attrset(A_NORMAL);
	for (int r = 0; r < h; r++)
		editor_draw_row(e, y, x, w, r, false);
	if (focused)
		editor_cursor_at(e, y, x, w, cy, cx);
	editor_drawn(e, y, x, w, h);
}

void editor_update(struct editor *e, int y, int x, int w, int h, int *cy, int *cx)
{
	size_t row, last;
	int col, from = 0, to = h;

	if (!e->drawn || e->drawn_y != y || e->drawn_x != x || e->drawn_w != w || e->drawn_h != h) {
		editor_draw(e, y, x, w, h, true, cy, cx);
		return;
	}
	editor_layout(e, w, h);
	attrset(A_NORMAL);
	if (e->top == e->drawn_top) {
		/* A key changes its own line, may pull a word up to the line above, and reflows below. */
		editor_cursor_rc(e, &row, &col);
		from = row > e->top ? (int)(row - e->top) - 1 : 0;
		last = e->nlines > e->drawn_lines ? e->nlines : e->drawn_lines;
		to = last > e->top ? (int)(last - e->top) : 0;
		if (to > h)
			to = h;
	}
	for (int r = from; r < to; r++)
		editor_draw_row(e, y, x, w, r, true);
	editor_cursor_at(e, y, x, w, cy, cx);
	editor_drawn(e, y, x, w, h);
}
