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

/* The code point at s (at most left bytes), or 0. */
static wchar_t wrap_cp(const char *s, size_t left)
{
	mbstate_t st;
	wchar_t c;
	size_t k;

	memset(&st, 0, sizeof st);
	k = mbrtowc(&c, s, left, &st);
	return k == (size_t)-1 || k == (size_t)-2 || k == 0 ? 0 : c;
}

/* The code point that ends just before s + i (i > 0), or 0. */
static wchar_t wrap_cp_before(const char *s, size_t i)
{
	size_t j = i;

	while (j > 0 && ((unsigned char)s[j - 1] & 0xc0) == 0x80)
		j--;
	return j > 0 ? wrap_cp(s + j - 1, i - j + 1) : 0;
}

static bool wrap_digit(wchar_t c)
{
	return c >= L'0' && c <= L'9';
}

/*
 * French typography: a line never breaks at the space before « : ; ! ? » %
 * € » or the units after an amount, nor after « «, nor inside a number
 * written in groups (« 40 000 »). s[i] is the space.
 */
static bool wrap_can_break(const char *s, size_t len, size_t i)
{
	wchar_t prev = wrap_cp_before(s, i);
	wchar_t next = i + 1 < len ? wrap_cp(s + i + 1, len - i - 1) : 0;

	if (next == L':' || next == L';' || next == L'!' || next == L'?' || next == 0xbb ||
	    next == L'%' || next == 0x20ac)
		return false;
	if (prev == 0xab)
		return false;
	if (wrap_digit(prev) && wrap_digit(next))
		return false;
	if (prev == 0x20ac && len - i - 1 >= 2 && strncmp(s + i + 1, "HT", 2) == 0)
		return false;
	return true;
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

			if (s[i] == ' ' && i > pos && wrap_can_break(s, len, i)) {
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
