/*
 * text.c — text typed by people: strict UTF-8 decoding, field checks with a
 * French reason, and sanitising for display. Every string that came from one
 * user passes through text_sanitize() (or was accepted by text_check()) before
 * it reaches another user's terminal, so that no escape sequence, control
 * character or malformed byte typed by one person can act on someone else's
 * screen.
 *
 * Text hygiene: invisible code points that can disguise a name (bidi marks
 * and controls, zero-width characters, tag characters) are refused in
 * fields, as typed and when checked, and replaced when shown; a zero-width
 * joiner is kept only between two emoji (👩‍💻); more than
 * TEXT_COMBINING_MAX combining marks on one base character (« Zalgo »
 * text, which overwrites the lines around it) are refused, and dropped
 * when shown.
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

bool text_is_invisible(uint32_t cp)
{
	return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 ||
	       cp == 0x17B4 || cp == 0x17B5 || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2060 && cp <= 0x2064) || cp == 0x3164 || cp == 0xFEFF ||
	       cp == 0xFFA0 || (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
}

bool text_key_refused(uint32_t cp)
{
	return text_is_control(cp) || (text_is_invisible(cp) && cp != TEXT_ZWJ);
}

bool text_is_combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) ||
	       (cp >= 0x0591 && cp <= 0x05BD) || (cp >= 0x0610 && cp <= 0x061A) ||
	       (cp >= 0x064B && cp <= 0x065F) || (cp >= 0x0E31 && cp <= 0x0E3A && cp != 0x0E32 &&
	                                          cp != 0x0E33) ||
	       (cp >= 0x0E47 && cp <= 0x0E4E) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* Pictographs a zero-width joiner may join (emoji ZWJ sequences), roughly. */
static bool text_is_emoji(uint32_t cp)
{
	return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
	       (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x2B00 && cp <= 0x2BFF) ||
	       cp == 0x2640 || cp == 0x2642 || cp == 0x2695 || cp == 0x2764;
}

/* Emoji modifiers and the emoji presentation selector, which sit between an emoji and a ZWJ. */
static bool text_is_emoji_tail(uint32_t cp)
{
	return cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

/*
 * The verdict on the code point at s[off] (decoded as cp, `step` bytes),
 * given the emoji before it (prev_emoji) and the combining marks already on
 * its base (*marks, updated): 0 fine, else the code point's fault:
 * 'c' control, 'i' invisible, 'z' stray ZWJ, 'm' one mark too many.
 */
static char text_verdict(const char *s, size_t len, size_t off, size_t step, uint32_t cp,
                         bool prev_emoji, size_t *marks)
{
	uint32_t next = UTF8_INVALID;

	if (text_is_control(cp)) {
		*marks = 0;
		return 'c';
	}
	if (text_is_invisible(cp) && cp != TEXT_ZWJ) {
		*marks = 0;             /* shown as U+FFFD: a base of its own */
		return 'i';
	}
	if (text_is_combining(cp))
		return ++*marks > TEXT_COMBINING_MAX ? 'm' : 0;
	if (cp == TEXT_ZWJ) {
		if (off + step < len)
			utf8_decode(s + off + step, len - off - step, &next);
		if (!prev_emoji || next == UTF8_INVALID || !text_is_emoji(next))
			return 'z';     /* dropped when shown: the marks around it add up */
	}
	*marks = 0;
	return 0;
}

int text_check(const char *label, const char *s, size_t min_chars, size_t max_chars,
               bool multiline, char **why)
{
	size_t len, off = 0, n = 0, marks = 0, step;
	bool prev_emoji = false;
	uint32_t cp;
	char v;

	if (s == NULL)
		s = "";
	len = strlen(s);
	while (off < len) {
		step = utf8_decode(s + off, len - off, &cp);
		if (cp == UTF8_INVALID)
			return fail(why, RC_INVALID,
			            _("Le champ « %s » n'est pas un texte UTF-8 valide."), label);
		v = multiline && cp == '\n' ? 0 : text_verdict(s, len, off, step, cp, prev_emoji,
		                                                &marks);
		if (v == 'c')
			return fail(why, RC_INVALID,
			            _("Le champ « %s » contient un caractère de contrôle."), label);
		if (v == 'i' || v == 'z')
			return fail(why, RC_INVALID,
			            _("Le champ « %s » contient un caractère invisible (U+%04X) : "
			              "retirez-le."), label, (unsigned)cp);
		if (v == 'm')
			return fail(why, RC_INVALID,
			            _("Le champ « %s » porte trop de signes diacritiques sur un même "
			              "caractère (%d au plus)."), label, TEXT_COMBINING_MAX);
		if (!text_is_emoji_tail(cp))
			prev_emoji = text_is_emoji(cp) || (cp == TEXT_ZWJ && prev_emoji);
		off += step;
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
	size_t len, off = 0, o = 0, step, marks = 0;
	bool prev_emoji = false;
	uint32_t cp;
	char *out, v;

	if (s == NULL)
		s = "";
	len = strlen(s);
	/* Each input byte yields at most one U+FFFD (3 bytes). */
	out = xmalloc(3 * len + 1);
	while (off < len) {
		step = utf8_decode(s + off, len - off, &cp);
		v = cp == UTF8_INVALID || (keep_newlines && cp == '\n') ? 0 :
		    text_verdict(s, len, off, step, cp, prev_emoji, &marks);
		/* What comes out before the next one: U+FFFD, a base and no emoji. */
		if (cp == UTF8_INVALID) {
			prev_emoji = false;
			marks = 0;
		}
		else if (!text_is_emoji_tail(cp))
			prev_emoji = text_is_emoji(cp) || (cp == TEXT_ZWJ && prev_emoji);
		if (v == 'm' || v == 'z') {
			/* dropped: a mark too many, a joiner that joins nothing */
		} else if (cp == UTF8_INVALID || v != 0) {
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
