/*
 * utf8-stream.c — streaming repair of typed bytes into valid UTF-8 (see
 * utf8-stream.h for the contract).
 */
#include "core/utf8-stream.h"

#include <string.h>

/* Total length of a sequence led by b, or 0 if b cannot lead one. */
static uint8_t utf8_lead_len(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

/* Whether b may follow the bytes held so far (RFC 3629's table). */
static int utf8_continues(const struct utf8_stream *st, unsigned char b)
{
	unsigned char lo = 0x80, hi = 0xBF;

	if (st->npend == 1) {
		switch (st->pend[0]) {
		case 0xE0: lo = 0xA0; break;    /* no overlong 3-byte forms */
		case 0xED: hi = 0x9F; break;    /* no surrogates */
		case 0xF0: lo = 0x90; break;    /* no overlong 4-byte forms */
		case 0xF4: hi = 0x8F; break;    /* nothing above U+10FFFF */
		default: break;
		}
	}
	return b >= lo && b <= hi;
}

size_t utf8_stream_repair(struct utf8_stream *st, const void *in, size_t len,
                          void *out, size_t cap, size_t *produced)
{
	const unsigned char *src = in;
	unsigned char *dst = out;
	size_t used = 0, n = 0;

	while (used < len && cap - n >= UTF8_STREAM_MAX_STEP) {
		unsigned char b = src[used++];

		if (st->npend > 0) {
			if (utf8_continues(st, b)) {
				st->pend[st->npend++] = b;
				if (st->npend == st->need) {
					memcpy(dst + n, st->pend, st->npend);
					n += st->npend;
					st->npend = 0;
				}
				continue;
			}
			/* The held bytes were a maximal invalid subpart: one U+FFFD. */
			memcpy(dst + n, UTF8_REPLACEMENT, 3);
			n += 3;
			st->npend = 0;
		}
		switch (st->need = utf8_lead_len(b)) {
		case 0:
			memcpy(dst + n, UTF8_REPLACEMENT, 3);
			n += 3;
			break;
		case 1:
			dst[n++] = b;
			break;
		default:
			st->pend[0] = b;
			st->npend = 1;
			break;
		}
	}
	*produced = n;
	return used;
}
