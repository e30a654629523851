/*
 * wrap.c — word wrapping of UTF-8 text into screen lines by display columns
 * (pure: no curses), used to show FAQ answers and help panels.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/util.h"
#include "tui/screen.h"

/* Bytes of the character at s (at most left) and its columns in *w. */
static size_t wrap_char(const char *s, size_t left, int *w)
{
	mbstate_t st;
	wchar_t c;
	size_t k;

	memset(&st, 0, sizeof st);
	k = mbrtowc(&c, s, left, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*w = 1;
		return 1;
	}
	*w = wcwidth(c);
	if (*w < 0)
		*w = 1;
	return k;
}

static void wrap_push(char ***lines, size_t *n, size_t *cap, const char *s, size_t len)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*lines = xrealloc(*lines, *cap * sizeof **lines);
	}
	(*lines)[(*n)++] = len ? xstrndup(s, len) : xstrdup("");
}

/* Wraps one line without newlines, s[0..len). */
static void wrap_line(const char *s, size_t len, int width, char ***lines, size_t *n,
                      size_t *cap)
{
	size_t pos = 0;
	bool first = true;

	if (len == 0) {
		wrap_push(lines, n, cap, s, 0);
		return;
	}
	while (pos < len) {
		size_t i, brk = 0, after = 0;
		int cols = 0;
		bool have_brk = false;

		if (!first)
			while (pos < len && s[pos] == ' ')
				pos++;
		if (pos >= len)
			break;
		first = false;
		for (i = pos; i < len;) {
			int w;
			size_t k = wrap_char(s + i, len - i, &w);

			if (s[i] == ' ') {
				brk = i;
				after = i + 1;
				have_brk = true;
			}
			if (cols + w > width)
				break;
			cols += w;
			i += k;
		}
		if (i >= len) {
			wrap_push(lines, n, cap, s + pos, len - pos);
			break;
		}
		if (s[i] == ' ') {
			/* the break falls exactly on a space */
			brk = i;
			after = i + 1;
			have_brk = true;
		}
		if (have_brk && brk > pos) {
			size_t end = brk;

			while (end > pos && s[end - 1] == ' ')
				end--;
			wrap_push(lines, n, cap, s + pos, end - pos);
			pos = after;
		} else {
			if (i == pos) /* width smaller than one character */
				i += wrap_char(s + i, len - i, &(int){ 0 });
			wrap_push(lines, n, cap, s + pos, i - pos);
			pos = i;
		}
	}
}

void wrap_text(const char *s, int width, char ***lines, size_t *n)
{
	size_t cap = 0;

	*lines = NULL;
	*n = 0;
	if (width < 1)
		width = 1;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		wrap_line(s, len, width, lines, n, &cap);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

void wrap_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
