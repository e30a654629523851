/*
 * wide.c — wide text <-> UTF-8 for the editing widgets (see wide.h).
 */
#include "tui/wide.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

char *wide_to_utf8(const wchar_t *text, size_t len)
{
	size_t n = 0;
	char *out = xmalloc(len * MB_LEN_MAX + 1);
	mbstate_t st;

	memset(&st, 0, sizeof st);
	for (size_t i = 0; i < len; i++) {
		size_t k = wcrtomb(out + n, text[i], &st);

		if (k == (size_t)-1)
			continue;
		n += k;
	}
	out[n] = '\0';
	return out;
}

void wide_from_utf8(const char *s, void (*put)(wchar_t c, void *ctx), void *ctx)
{
	mbstate_t st;
	size_t left = strlen(s);

	memset(&st, 0, sizeof st);
	while (left > 0) {
		wchar_t c;
		size_t k = mbrtowc(&c, s, left, &st);

		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof st);
			s++;
			left--;
			continue;
		}
		if (k == 0)
			break;
		put(c, ctx);
		s += k;
		left -= k;
	}
}
