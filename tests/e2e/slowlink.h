/*
 * slowlink.h — a slow link for recond's end-to-end tests: a TCP relay on
 * 127.0.0.1, run by a thread of the test program, that sits between the
 * test client (connect to slowlink_port) and the server. Every chunk read
 * in either direction is delivered after a fixed delay, in order, and may
 * be cut into small pieces sent a few milliseconds apart, as on a slow link
 * that splits what was sent at once across packets.
 *
 * What travels is the SSH stream, encrypted: the server's application sees
 * a piece only once the whole SSH packet holding it has arrived. To make the
 * bytes of one key reach the application apart, the client sends them in
 * separate packets (one write each) and the relay cuts the stream into
 * pieces with gaps between them: each packet then arrives the sum of its
 * pieces' gaps after the one before.
 *
 * The relay only listens on and connects to 127.0.0.1. Its settings may be
 * changed while it runs (slowlink_set), e.g. to cut only after the login.
 * It ends on slowlink_stop, or by itself once its lifetime is over (it then
 * closes every connection it holds). Every function may be called from the
 * test's thread while the relay runs.
 */
#ifndef RECOND_E2E_SLOWLINK_H
#define RECOND_E2E_SLOWLINK_H

#include <stdint.h>

/* Directions: what the client sends to the server, and the way back. */
enum { SLOWLINK_UP = 0, SLOWLINK_DOWN = 1 };

/* Most recent chunks per direction whose delivery times are kept. */
#define SLOWLINK_TRACE 512

struct slowlink_dir {
	int delay_ms;    /* a chunk is delivered this long after it was read (>= 0) */
	/*
	 * 0: chunks go out whole. Otherwise each chunk is cut into pieces of
	 * piece_min..piece_max bytes (drawn at random), with a pause of
	 * gap_min_ms..gap_max_ms before each piece but the first of the chunk.
	 */
	int piece_min, piece_max;
	int gap_min_ms, gap_max_ms;
};

struct slowlink_cfg {
	struct slowlink_dir dir[2];   /* [SLOWLINK_UP], [SLOWLINK_DOWN] */
	uint32_t seed;                /* of the piece sizes and gaps; print it */
	int lifetime_ms;              /* the relay ends after this; 0: 180 000 */
};

struct slowlink_stats {
	uint64_t read[2];        /* bytes read from the sender, per direction */
	uint64_t delivered[2];   /* bytes written to the receiver */
	uint64_t chunks[2];      /* reads (chunks) */
	uint64_t pieces[2];      /* writes (pieces; a piece cut short by a full socket counts once) */
	int accepted;            /* client connections accepted so far */
	int open;                /* connections open now */
};

struct slowlink;

/*
 * Listens on a free port of 127.0.0.1 and starts the relay thread; each
 * client connection is relayed to 127.0.0.1:target_port. Settings are
 * checked (negative, min > max: refused). NULL on failure (reason on
 * stderr, prefixed "e2e:").
 */
struct slowlink *slowlink_start(int target_port, const struct slowlink_cfg *cfg);

/* The port the client connects to. */
int slowlink_port(const struct slowlink *l);

/*
 * New settings for one direction, for the chunks read from now on (those
 * already read keep their schedule; order is kept either way). 0, or -1 if
 * the settings are invalid.
 */
int slowlink_set(struct slowlink *l, int dir, const struct slowlink_dir *d);

/* Counters so far (all connections together). */
void slowlink_stats(struct slowlink *l, struct slowlink_stats *out);

/*
 * Times (monotonic clock, milliseconds, as h_now_ms) at which the last
 * piece of each of the most recent chunks of direction dir was written,
 * oldest first, for the chunks numbered from `first` on (chunk numbers
 * count from 0, as slowlink_stats' chunks; older than SLOWLINK_TRACE chunks
 * back are forgotten). Up to max into out; returns how many were written.
 */
int slowlink_delivered_at(struct slowlink *l, int dir, uint64_t first, int64_t *out, int max);

/*
 * Stops the relay: closes every connection and the listener, joins the
 * thread (waiting at most 10 s) and frees l. 0, or -1 if the thread did not
 * end in time (l is then left allocated). NULL is fine.
 */
int slowlink_stop(struct slowlink *l);

#endif
