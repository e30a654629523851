/*
 * text.c — text typed by people: strict UTF-8 decoding, field checks with a
 * French reason, and sanitising for display. Every string that came from one
 * user passes through text_sanitize() (or was accepted by text_check()) before
 * it reaches another user's terminal, so that no escape sequence, control
 * character or malformed byte typed by one person can act on someone else's
 * screen.
 */
#include "core/core.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

#define REPLACEMENT "\xEF\xBF\xBD"   /* U+FFFD */

size_t utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	*cp = UTF8_INVALID;
	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* Table 3-7 of the Unicode standard: well-formed byte sequences. */
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 1;
		v = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 2;
		v = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;          /* no overlong 3-byte forms */
		else if (s[0] == 0xED)
			hi = 0x9F;          /* no surrogates D800..DFFF */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 3;
		v = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;          /* no overlong 4-byte forms */
		else if (s[0] == 0xF4)
			hi = 0x8F;          /* nothing above U+10FFFF */
	} else {
		return 1;               /* 80..C1, F5..FF never start a sequence */
	}
	for (i = 1; i <= need; i++) {
		if (i >= len || s[i] < lo || s[i] > hi)
			return i;       /* maximal invalid subpart */
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

bool utf8_valid(const char *s, size_t len)
{
	size_t off = 0;
	uint32_t cp;

	while (off < len) {
		off += utf8_decode(s + off, len - off, &cp);
		if (cp == UTF8_INVALID)
			return false;
	}
	return true;
}

size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

bool text_is_control(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return true;            /* C0, DEL, C1 (0x9B is CSI on 8-bit terminals) */
	if (cp == 0x2028 || cp == 0x2029)
		return true;            /* line and paragraph separators */
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return true;            /* bidirectional embeddings, overrides, isolates */
	return false;
}

int text_check(const char *label, const char *s, size_t min_chars, size_t max_chars,
               bool multiline, char **why)
{
	size_t len, off = 0, n = 0;
	uint32_t cp;

	if (s == NULL)
		s = "";
	len = strlen(s);
	while (off < len) {
		off += utf8_decode(s + off, len - off, &cp);
		if (cp == UTF8_INVALID)
			return fail(why, RC_INVALID,
			            _("Le champ « %s » n'est pas un texte UTF-8 valide."), label);
		if (text_is_control(cp) && !(multiline && cp == '\n'))
			return fail(why, RC_INVALID,
			            _("Le champ « %s » contient un caractère de contrôle."), label);
		n++;
	}
	if (n < min_chars) {
		if (n == 0)
			return fail(why, RC_INVALID, _("Le champ « %s » est obligatoire."), label);
		return fail(why, RC_INVALID,
		            _("Le champ « %s » est trop court : %zu caractère%s au moins."),
		            label, min_chars, min_chars > 1 ? "s" : "");
	}
	if (n > max_chars)
		return fail(why, RC_INVALID,
		            _("Le champ « %s » est trop long : %zu caractère%s au plus (il en a %zu)."),
		            label, max_chars, max_chars > 1 ? "s" : "", n);
	return RC_OK;
}

char *text_sanitize(const char *s, bool keep_newlines)
{
	size_t len, off = 0, o = 0, step;
	uint32_t cp;
	char *out;

	if (s == NULL)
		s = "";
	len = strlen(s);
	/* Each input byte yields at most one U+FFFD (3 bytes). */
	out = xmalloc(3 * len + 1);
	while (off < len) {
		step = utf8_decode(s + off, len - off, &cp);
		if (cp == UTF8_INVALID || (text_is_control(cp) && !(keep_newlines && cp == '\n'))) {
			memcpy(out + o, REPLACEMENT, 3);
			o += 3;
		} else {
			memcpy(out + o, s + off, step);
			o += step;
		}
		off += step;
	}
	out[o] = '\0';
	return out;
}
