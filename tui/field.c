/*
 * field.c — the editable one-line text field (see field.h): typed input,
 * cursor movement, horizontal scrolling, masking, and its painting.
 */
#include "tui/field.h"
#include "tui/wide.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/core.h"
#include "core/util.h"

#define FIELD_CTRL(c) ((c) & 0x1f)


void field_init(struct field *f, enum field_type type, size_t max, bool fixed, bool masked)
{
	if (max == 0 || max > FIELD_MAX_CHARS)
		max = FIELD_MAX_CHARS;
	memset(f, 0, sizeof *f);
	f->type = type;
	f->max = type == FIELD_DATE ? 10 : max;
	f->fixed = fixed || type == FIELD_DATE;
	f->masked = masked;
	f->text = xcalloc(f->max + 1, sizeof *f->text);
}

void field_free(struct field *f)
{
	if (f->text != NULL) {
		wipe(f->text, (f->max + 1) * sizeof *f->text);
		free(f->text);
	}
	f->text = NULL;
	f->len = f->cur = f->scroll = 0;
}

void field_clear(struct field *f)
{
	wipe(f->text, (f->max + 1) * sizeof *f->text);
	f->len = f->cur = f->scroll = 0;
}

/* Columns taken by one character as shown. */
static int field_cw(const struct field *f, wchar_t c)
{
	int w;

	if (f->masked)
		return 1;
	w = wcwidth(c);
	return w < 1 ? 1 : w;
}

static void field_put(struct field *f, size_t at, wchar_t c)
{
	memmove(&f->text[at + 1], &f->text[at], (f->len - at) * sizeof *f->text);
	f->text[at] = c;
	f->len++;
	f->text[f->len] = L'\0';
}

static void field_del(struct field *f, size_t at, size_t n)
{
	if (at >= f->len || n == 0)
		return;
	if (n > f->len - at)
		n = f->len - at;
	memmove(&f->text[at], &f->text[at + n], (f->len - at - n) * sizeof *f->text);
	f->len -= n;
	wipe(&f->text[f->len], n * sizeof *f->text);
	f->text[f->len] = L'\0';
}

static bool field_is_digit(wchar_t c)
{
	return c >= L'0' && c <= L'9';
}

/* Digits after the decimal comma of an amount, or -1 if there is no comma. */
static int field_decimals(const struct field *f, size_t *comma)
{
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == L',') {
			*comma = i;
			return (int)(f->len - i - 1);
		}
	return -1;
}

static enum field_result field_done(const struct field *f)
{
	return f->fixed && f->len == f->max ? FIELD_FULL : FIELD_CHANGED;
}

enum field_result field_insert(struct field *f, wchar_t c)
{
	size_t comma = 0;
	int dec;

	if (c == L'\0' || !iswprint((wint_t)c) || wcwidth(c) < 0 ||
	    text_key_refused((uint32_t)c))
		return FIELD_REFUSED;
	switch (f->type) {
	case FIELD_TEXT:
		break;
	case FIELD_DIGITS:
		if (!field_is_digit(c))
			return FIELD_REFUSED;
		break;
	case FIELD_CODE:
		if (c < 128 && iswalpha((wint_t)c))
			c = (wchar_t)towupper((wint_t)c);
		if (!(field_is_digit(c) || (c >= L'A' && c <= L'Z')))
			return FIELD_REFUSED;
		break;
	case FIELD_AMOUNT:
		if (c == L'.')
			c = L',';
		dec = field_decimals(f, &comma);
		if (c == L',') {
			if (dec >= 0 || f->len - f->cur > 2)
				return FIELD_REFUSED;
		} else if (!field_is_digit(c)) {
			return FIELD_REFUSED;
		} else if (dec >= 2 && f->cur > comma) {
			return FIELD_REFUSED;
		}
		break;
	case FIELD_DATE:
		if (c == L'/') {
			if ((f->cur == 2 || f->cur == 5) && f->len < f->max &&
			    (f->cur == f->len || f->text[f->cur] != L'/')) {
				field_put(f, f->cur++, c);
				return field_done(f);
			}
			if (f->cur < f->len && f->text[f->cur] == L'/') {
				f->cur++;
				return FIELD_MOVED;
			}
			return FIELD_REFUSED;
		}
		if (!field_is_digit(c))
			return FIELD_REFUSED;
		if ((f->cur == 2 || f->cur == 5) && (f->cur == f->len || f->text[f->cur] != L'/')) {
			if (f->len + 2 > f->max)
				return FIELD_REFUSED;
			field_put(f, f->cur++, L'/');
		} else if (f->cur < f->len && f->text[f->cur] == L'/') {
			f->cur++;
		}
		if (f->cur < f->len && f->len == f->max) {
			/* full date: typing over a digit replaces it */
			f->text[f->cur++] = c;
			return FIELD_CHANGED;
		}
		break;
	}
	if (f->len >= f->max)
		return FIELD_REFUSED;
	field_put(f, f->cur++, c);
	return field_done(f);
}

static enum field_result field_backspace(struct field *f)
{
	if (f->cur == 0)
		return FIELD_REFUSED;
	f->cur--;
	field_del(f, f->cur, 1);
	if (f->type == FIELD_DATE && f->cur > 0 && f->cur == f->len && f->text[f->cur - 1] == L'/') {
		f->cur--;
		field_del(f, f->cur, 1);
	}
	return FIELD_CHANGED;
}

enum field_result field_key(struct field *f, wint_t key, bool fn)
{
	if (fn) {
		switch (key) {
		case KEY_LEFT:
			if (f->cur == 0)
				return FIELD_REFUSED;
			f->cur--;
			return FIELD_MOVED;
		case KEY_RIGHT:
			if (f->cur >= f->len)
				return FIELD_REFUSED;
			f->cur++;
			return FIELD_MOVED;
		case KEY_HOME:
			f->cur = 0;
			return FIELD_MOVED;
		case KEY_END:
			f->cur = f->len;
			return FIELD_MOVED;
		case KEY_BACKSPACE:
			return field_backspace(f);
		case KEY_DC:
			if (f->cur >= f->len)
				return FIELD_REFUSED;
			field_del(f, f->cur, 1);
			return FIELD_CHANGED;
		default:
			return FIELD_IGNORED;
		}
	}
	switch (key) {
	case FIELD_CTRL('a'):
		f->cur = 0;
		return FIELD_MOVED;
	case FIELD_CTRL('e'):
		f->cur = f->len;
		return FIELD_MOVED;
	case FIELD_CTRL('h'):
	case 0x7f:
		return field_backspace(f);
	case FIELD_CTRL('u'):
		field_del(f, 0, f->cur);
		f->cur = 0;
		return FIELD_CHANGED;
	case FIELD_CTRL('k'):
		field_del(f, f->cur, f->len - f->cur);
		return FIELD_CHANGED;
	default:
		break;
	}
	if (key < 0x20 || (key >= 0x80 && key < 0xa0))
		return FIELD_IGNORED;
	return field_insert(f, (wchar_t)key);
}

char *field_utf8(const struct field *f)
{
	return wide_to_utf8(f->text, f->len);
}

static void field_insert_cb(wchar_t c, void *ctx)
{
	(void)field_insert(ctx, c);
}

void field_set_utf8(struct field *f, const char *s)
{
	field_clear(f);
	wide_from_utf8(s, field_insert_cb, f);
	f->cur = f->len;
}

/* True when the text may need more columns than the field has. */
static bool field_may_scroll(const struct field *f, int width)
{
	size_t cw = f->masked || f->type != FIELD_TEXT ? 1 : 2;  /* widest character */

	return (size_t)width < f->max * cw + 1;
}

/* Columns taken by text[a..b). */
static int field_cols(const struct field *f, size_t a, size_t b)
{
	int cols = 0;

	for (size_t i = a; i < b; i++)
		cols += field_cw(f, f->text[i]);
	return cols;
}

int field_layout(struct field *f, int width)
{
	int inner;

	if (width < 3)
		width = 3;
	inner = field_may_scroll(f, width) ? width - 2 : width;
	if (f->cur > f->len)
		f->cur = f->len;
	if (f->scroll > f->len)
		f->scroll = f->len;
	/* The cursor cell itself needs one column. */
	if (f->scroll > f->cur || field_cols(f, f->scroll, f->cur) + 1 > inner) {
		/*
		 * Jump so that the cursor lands near the middle: typing on then
		 * costs one character per key until the next jump, instead of a
		 * whole row each time the text slides by one.
		 */
		size_t s = f->cur;
		int c = 0, half = inner / 2;

		while (s > 0 && c + field_cw(f, f->text[s - 1]) + 1 <= half)
			c += field_cw(f, f->text[--s]);
		f->scroll = s;
	}
	/* Text deleted down to what fits whole: show it all from its start. */
	if (f->scroll > 0 && field_cols(f, 0, f->len) + 1 <= inner)
		f->scroll = 0;
	return field_cols(f, f->scroll, f->cur) + (inner == width ? 0 : 1);
}

void field_draw(struct field *f, WINDOW *w, int y, int x, int width, bool focused,
                int *cy, int *cx)
{
	bool marks = field_may_scroll(f, width < 3 ? 3 : width);
	int ccol = field_layout(f, width);
	int inner = marks ? width - 2 : width, col = 0;
	size_t i;

	/*
	 * Plain text, no attributes: typing a character then costs the
	 * character itself on the wire (no attribute changes around it). The
	 * caller marks which field has the focus; the cursor shows it too.
	 */
	wattr_set(w, A_NORMAL, 0, NULL);
	wmove(w, y, x);
	if (marks)
		waddch(w, f->scroll > 0 ? '<' : ' ');
	for (i = f->scroll; i < f->len; i++) {
		int cw = field_cw(f, f->text[i]);
		cchar_t cc;
		wchar_t wc[2] = { f->masked ? L'*' : f->text[i], L'\0' };

		if (col + cw > inner)
			break;
		setcchar(&cc, wc, A_NORMAL, 0, NULL);
		wadd_wch(w, &cc);
		col += cw;
	}
	for (; col < inner; col++)
		waddch(w, '_');
	if (marks)
		waddch(w, i < f->len ? '>' : ' ');
	wattr_set(w, A_NORMAL, 0, NULL);
	if (focused) {
		if (cy != NULL)
			*cy = y;
		if (cx != NULL)
			*cx = x + ccol;
	}
}

void field_draw_aligned(struct field *f, WINDOW *w, int y, int x, int width, bool focused,
                        int *cy, int *cx)
{
	if (width > 4 && !field_may_scroll(f, width) && !field_may_scroll(f, width - 2)) {
		wmove(w, y, x);
		waddch(w, ' ');
		field_draw(f, w, y, x + 1, width - 2, focused, cy, cx);
		waddch(w, ' ');
		return;
	}
	field_draw(f, w, y, x, width, focused, cy, cx);
}
