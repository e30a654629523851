/*
 * textview.c — the scrolling text view (see textview.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/util.h"
#include "tui/screen.h"
#include "tui/textview.h"

void textview_add(struct textview *v, const char *text, int width, bool user, bool bold)
{
	char *clean = user ? text_sanitize(text, true) : xstrdup(text != NULL ? text : "");
	char **w = NULL;
	size_t n = 0;

	wrap_text(clean, width > 0 ? width : 1, &w, &n);
	if (n == 0) {
		/* An empty paragraph still takes its line. */
		w = xrealloc(w, sizeof *w);
		w[0] = xstrdup("");
		n = 1;
	}
	if (v->n + n > v->cap) {
		v->cap = (v->n + n) * 2;
		v->lines = xrealloc(v->lines, v->cap * sizeof *v->lines);
		v->bold = xrealloc(v->bold, v->cap * sizeof *v->bold);
	}
	for (size_t i = 0; i < n; i++) {
		v->lines[v->n] = w[i];
		v->bold[v->n++] = bold;
	}
	free(w);
	free(clean);
}

void textview_clear(struct textview *v)
{
	wrap_free(v->lines, v->n);
	free(v->bold);
	memset(v, 0, sizeof *v);
}

static size_t textview_max_top(const struct textview *v, int rows)
{
	return v->n > (size_t)rows ? v->n - (size_t)rows : 0;
}

void textview_end(struct textview *v)
{
	v->top = textview_max_top(v, v->height > 0 ? v->height : 1);
}

bool textview_key(struct textview *v, const struct tui_key *k, int rows)
{
	size_t max = textview_max_top(v, rows), step = rows > 1 ? (size_t)rows - 1 : 1;

	if (!k->fn && k->code == ' ') {
		v->top = v->top + step < max ? v->top + step : max;
		return true;
	}
	if (!k->fn)
		return false;
	switch (k->code) {
	case KEY_UP:
		if (v->top > 0)
			v->top--;
		return true;
	case KEY_DOWN:
		if (v->top < max)
			v->top++;
		return true;
	case KEY_PPAGE:
		v->top = v->top > step ? v->top - step : 0;
		return true;
	case KEY_NPAGE:
		v->top = v->top + step < max ? v->top + step : max;
		return true;
	case KEY_HOME:
		v->top = 0;
		return true;
	case KEY_END:
		v->top = max;
		return true;
	default:
		return false;
	}
}

void textview_draw(struct textview *v, int y, int x, int w, int h)
{
	v->height = h;
	if (v->top > textview_max_top(v, h))
		v->top = textview_max_top(v, h);
	for (int r = 0; r < h && v->top + (size_t)r < v->n; r++) {
		size_t i = v->top + (size_t)r;

		attrset(v->bold[i] ? A_BOLD : A_NORMAL);
		/* Lines were sanitised when added. */
		draw_text(y + r, x, v->lines[i], w, false);
		attrset(A_NORMAL);
	}
}

void textview_position(const struct textview *v, char *buf, size_t cap)
{
	size_t rows = (size_t)(v->height > 0 ? v->height : 1);
	size_t last = v->top + rows < v->n ? v->top + rows : v->n;

	if (v->n <= rows) {
		snprintf(buf, cap, "%s", "");
		return;
	}
	snprintf(buf, cap, _("lignes %zu–%zu sur %zu"), v->top + 1, last, v->n);
}
