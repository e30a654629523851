/*
 * utf8-stream.h — repair of a byte stream typed at a terminal into valid
 * UTF-8, one chunk at a time. Used on what an SSH client sends before it
 * reaches the session's terminal, so that the session only ever reads UTF-8
 * and a stray byte never swallows the keys typed after it.
 */
#ifndef RECOND_UTF8_STREAM_H
#define RECOND_UTF8_STREAM_H

#include <stddef.h>
#include <stdint.h>

/* The bytes U+FFFD REPLACEMENT CHARACTER takes in UTF-8. */
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* Most bytes one input byte can produce (a held sequence's U+FFFD, then the byte's own). */
#define UTF8_STREAM_MAX_STEP 7

/* State between chunks; zero-initialise it. */
struct utf8_stream {
	unsigned char pend[4];  /* start of a sequence split across chunks */
	uint8_t npend;
	uint8_t need;           /* total length of the pending sequence */
};

/*
 * Consumes bytes of in[0..len) while their output is sure to fit in
 * out[0..cap), and writes valid UTF-8 there: complete sequences pass
 * unchanged, a sequence cut at the end of a chunk is held until its last
 * byte arrives, and each maximal invalid subpart (Unicode's "substitution of
 * maximal subparts") becomes U+FFFD, the byte after it being read afresh.
 * Returns the number of input bytes consumed; *produced gets the number of
 * bytes written. Never fails; consumes nothing if cap < UTF8_STREAM_MAX_STEP.
 */
size_t utf8_stream_repair(struct utf8_stream *st, const void *in, size_t len,
                          void *out, size_t cap, size_t *produced);

#endif
