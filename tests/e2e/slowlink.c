/*
 * slowlink.c — the slow loopback relay of the end-to-end tests: one thread
 * that accepts clients on 127.0.0.1, connects each to the server, and
 * delivers what it reads after a delay, in order, whole or in pieces (see
 * slowlink.h for the contracts).
 *
 * Each direction of each connection holds a queue of pieces with the time
 * each is due; a chunk's pieces are due one after the other, never before
 * the last piece queued in that direction, so order is kept whatever the
 * settings. Sockets are non-blocking: a receiver that does not read only
 * holds its own queue (and, past a cap, stops the reads from its sender).
 */
#include "tests/e2e/slowlink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

#define SLOWLINK_CONNS 8                 /* connections relayed at once */
#define SLOWLINK_READ 16384              /* bytes of one read */
#define SLOWLINK_QUEUE_CAP (8u << 20)    /* bytes queued per direction before reads pause */
#define SLOWLINK_LIFETIME_MS 180000
#define SLOWLINK_STOP_MS 10000
#define SLOWLINK_PIECE_MAX 65536
#define SLOWLINK_DELAY_MAX 60000

struct slowlink_piece {
	struct slowlink_piece *next;
	int64_t due;          /* monotonic ms */
	uint64_t chunk;       /* number of the chunk it belongs to */
	bool last;            /* last piece of its chunk */
	size_t len, off;      /* bytes, and how many were already written */
	unsigned char data[]; /* len bytes */
};

struct slowlink_queue {
	struct slowlink_piece *head, *tail;
	size_t bytes;          /* queued, not yet written */
	int64_t last_due;      /* due time of the last piece queued */
	bool src_eof;          /* the sender will send nothing more */
	bool shut;             /* the receiver was told (shutdown SHUT_WR) */
};

struct slowlink_conn {
	bool used;
	int fd[2];                        /* [UP]: the client, [DOWN]: the server */
	struct slowlink_queue q[2];       /* [UP]: client → server */
};

struct slowlink {
	int port, target_port, listen_fd;
	int wake[2];                      /* a pipe: a byte asks the thread to stop */
	pthread_t thread;
	bool started;
	int64_t end_ms;                   /* lifetime's end */
	uint32_t rng;                     /* used by the thread only */
	struct slowlink_conn conns[SLOWLINK_CONNS];

	pthread_mutex_t mu;               /* guards what follows */
	struct slowlink_dir dir[2];
	struct slowlink_stats st;
	int64_t done_at[2][SLOWLINK_TRACE];
	uint64_t done_chunk[2][SLOWLINK_TRACE];
	bool done_set[2][SLOWLINK_TRACE];
};

static void slowlink_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void slowlink_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("e2e: slowlink: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static int64_t slowlink_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* xorshift32: piece sizes and gaps reproducible from the seed. */
static uint32_t slowlink_rand(struct slowlink *l)
{
	uint32_t x = l->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	l->rng = x;
	return x;
}

/* A number in [lo, hi] (lo <= hi). */
static int slowlink_between(struct slowlink *l, int lo, int hi)
{
	return lo + (int)(slowlink_rand(l) % (uint32_t)(hi - lo + 1));
}

static bool slowlink_dir_ok(const struct slowlink_dir *d)
{
	if (d->delay_ms < 0 || d->delay_ms > SLOWLINK_DELAY_MAX)
		return false;
	if (d->piece_min == 0 && d->piece_max == 0)
		return true;
	return d->piece_min >= 1 && d->piece_max >= d->piece_min &&
	       d->piece_max <= SLOWLINK_PIECE_MAX && d->gap_min_ms >= 0 &&
	       d->gap_max_ms >= d->gap_min_ms && d->gap_max_ms <= SLOWLINK_DELAY_MAX;
}

static int slowlink_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	int one = 1;

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	/* Pieces go out as written, not merged by Nagle's algorithm. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return 0;
}

static void slowlink_queue_free(struct slowlink_queue *q)
{
	struct slowlink_piece *p = q->head, *n;

	for (; p != NULL; p = n) {
		n = p->next;
		free(p);
	}
	memset(q, 0, sizeof *q);
}

static void slowlink_conn_close(struct slowlink *l, struct slowlink_conn *c)
{
	for (int d = 0; d < 2; d++) {
		if (c->fd[d] >= 0)
			close(c->fd[d]);
		c->fd[d] = -1;
		slowlink_queue_free(&c->q[d]);
	}
	c->used = false;
	pthread_mutex_lock(&l->mu);
	l->st.open--;
	pthread_mutex_unlock(&l->mu);
}

/* Accepts one client and connects it to the server; a failure drops that client only. */
static void slowlink_accept(struct slowlink *l)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct slowlink_conn *c = NULL;
	int cfd, sfd = -1;

	cfd = accept(l->listen_fd, NULL, NULL);
	if (cfd < 0)
		return;
	for (int i = 0; i < SLOWLINK_CONNS && c == NULL; i++)
		if (!l->conns[i].used)
			c = &l->conns[i];
	if (c == NULL) {
		slowlink_say("more than %d connections at once: one refused", SLOWLINK_CONNS);
		goto fail;
	}
	sa.sin_port = htons((uint16_t)l->target_port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* A blocking connect to the loopback: answered at once, or refused. */
	if ((sfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(sfd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		slowlink_say("connect to 127.0.0.1:%d: %s", l->target_port, strerror(errno));
		goto fail;
	}
	if (slowlink_nonblock(cfd) != 0 || slowlink_nonblock(sfd) != 0)
		goto fail;
	memset(c, 0, sizeof *c);
	c->used = true;
	c->fd[SLOWLINK_UP] = cfd;
	c->fd[SLOWLINK_DOWN] = sfd;
	pthread_mutex_lock(&l->mu);
	l->st.accepted++;
	l->st.open++;
	pthread_mutex_unlock(&l->mu);
	return;
fail:
	close(cfd);
	if (sfd >= 0)
		close(sfd);
}

/* Queues a chunk read at `now` in direction d, whole or in pieces. */
static void slowlink_schedule(struct slowlink *l, struct slowlink_queue *q, int d,
                              const unsigned char *buf, size_t n, int64_t now)
{
	struct slowlink_dir cfg;
	uint64_t chunk;
	int64_t due;
	size_t off = 0;

	pthread_mutex_lock(&l->mu);
	cfg = l->dir[d];
	chunk = l->st.chunks[d]++;
	l->st.read[d] += n;
	pthread_mutex_unlock(&l->mu);

	due = now + cfg.delay_ms;
	if (due < q->last_due)
		due = q->last_due;
	while (off < n) {
		size_t len = n - off;
		struct slowlink_piece *p;

		if (cfg.piece_min > 0) {
			size_t want = (size_t)slowlink_between(l, cfg.piece_min, cfg.piece_max);

			if (off > 0)
				due += slowlink_between(l, cfg.gap_min_ms, cfg.gap_max_ms);
			if (want < len)
				len = want;
		}
		p = xmalloc(sizeof *p + len);
		p->next = NULL;
		p->due = due;
		p->chunk = chunk;
		p->len = len;
		p->off = 0;
		memcpy(p->data, buf + off, len);
		off += len;
		p->last = off == n;
		if (q->tail != NULL)
			q->tail->next = p;
		else
			q->head = p;
		q->tail = p;
		q->bytes += len;
	}
	q->last_due = due;
}

/* Reads what the sender of direction d has; false when the connection must close. */
static bool slowlink_read(struct slowlink *l, struct slowlink_conn *c, int d, int64_t now)
{
	unsigned char buf[SLOWLINK_READ];
	ssize_t r = recv(c->fd[d], buf, sizeof buf, 0);

	if (r > 0) {
		slowlink_schedule(l, &c->q[d], d, buf, (size_t)r, now);
		return true;
	}
	if (r == 0) {
		c->q[d].src_eof = true;
		return true;
	}
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

static void slowlink_note_done(struct slowlink *l, int d, uint64_t chunk, int64_t now)
{
	size_t i = (size_t)(chunk % SLOWLINK_TRACE);

	l->done_at[d][i] = now;
	l->done_chunk[d][i] = chunk;
	l->done_set[d][i] = true;
}

/*
 * Writes the pieces of direction d that are due; *blocked when the
 * receiver's socket is full. false when the connection must close.
 */
static bool slowlink_deliver(struct slowlink *l, struct slowlink_conn *c, int d, int64_t now,
                             bool *blocked)
{
	struct slowlink_queue *q = &c->q[d];
	int to = c->fd[1 - d];

	*blocked = false;
	while (q->head != NULL && q->head->due <= now) {
		struct slowlink_piece *p = q->head;
		ssize_t w = send(to, p->data + p->off, p->len - p->off, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				*blocked = true;
				return true;
			}
			return false;
		}
		pthread_mutex_lock(&l->mu);
		l->st.delivered[d] += (uint64_t)w;
		if (p->off == 0)
			l->st.pieces[d]++;
		p->off += (size_t)w;
		q->bytes -= (size_t)w;
		if (p->off == p->len && p->last)
			slowlink_note_done(l, d, p->chunk, slowlink_now());
		pthread_mutex_unlock(&l->mu);
		if (p->off < p->len) {
			*blocked = true;
			return true;
		}
		q->head = p->next;
		if (q->head == NULL)
			q->tail = NULL;
		free(p);
	}
	if (q->head == NULL && q->src_eof && !q->shut) {
		/* All delivered and the sender is done: pass the end on. */
		shutdown(to, SHUT_WR);
		q->shut = true;
	}
	return true;
}

static void *slowlink_main(void *arg)
{
	struct slowlink *l = arg;
	struct pollfd pfd[2 + 2 * SLOWLINK_CONNS];
	int owner[2 + 2 * SLOWLINK_CONNS];   /* connection index of pfd[i], or -1 */
	bool stop = false;

	while (!stop) {
		int64_t now = slowlink_now(), next = l->end_ms;
		int n = 0, timeout;

		if (now >= l->end_ms) {
			slowlink_say("lifetime over: relay ends");
			break;
		}
		pfd[n] = (struct pollfd){ .fd = l->wake[0], .events = POLLIN };
		owner[n++] = -1;
		pfd[n] = (struct pollfd){ .fd = l->listen_fd, .events = POLLIN };
		owner[n++] = -1;
		for (int i = 0; i < SLOWLINK_CONNS; i++) {
			struct slowlink_conn *c = &l->conns[i];
			bool blocked[2] = { false, false }, ok = true;

			if (!c->used)
				continue;
			for (int d = 0; d < 2 && ok; d++)
				ok = slowlink_deliver(l, c, d, now, &blocked[d]);
			if (!ok || (c->q[0].shut && c->q[1].shut)) {
				slowlink_conn_close(l, c);
				continue;
			}
			for (int d = 0; d < 2; d++) {
				/* fd[d] is read for direction d and written for the other one. */
				short ev = 0;

				if (!c->q[d].src_eof && c->q[d].bytes < SLOWLINK_QUEUE_CAP)
					ev |= POLLIN;
				if (blocked[1 - d])
					ev |= POLLOUT;
				else if (c->q[1 - d].head != NULL && c->q[1 - d].head->due < next)
					next = c->q[1 - d].head->due;
				/* Nothing wanted: left out (a hang-up would wake poll in a loop). */
				pfd[n] = (struct pollfd){ .fd = ev != 0 ? c->fd[d] : -1, .events = ev };
				owner[n++] = i;
			}
		}
		timeout = next <= now ? 0 : (int)(next - now);
		if (poll(pfd, (nfds_t)n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			slowlink_say("poll: %s", strerror(errno));
			break;
		}
		now = slowlink_now();
		for (int k = 0; k < n; k++) {
			struct slowlink_conn *c;
			int d;

			if (pfd[k].revents == 0)
				continue;
			if (k == 0) {
				stop = true;
				break;
			}
			if (k == 1) {
				slowlink_accept(l);
				continue;
			}
			c = &l->conns[owner[k]];
			if (!c->used)
				continue;
			d = c->fd[SLOWLINK_UP] == pfd[k].fd ? SLOWLINK_UP : SLOWLINK_DOWN;
			if ((pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) && (pfd[k].events & POLLIN) &&
			    !slowlink_read(l, c, d, now))
				slowlink_conn_close(l, c);
		}
	}
	for (int i = 0; i < SLOWLINK_CONNS; i++)
		if (l->conns[i].used)
			slowlink_conn_close(l, &l->conns[i]);
	return NULL;
}

struct slowlink *slowlink_start(int target_port, const struct slowlink_cfg *cfg)
{
	struct slowlink *l = xcalloc(1, sizeof *l);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;

	l->listen_fd = l->wake[0] = l->wake[1] = -1;
	pthread_mutex_init(&l->mu, NULL);
	for (int i = 0; i < SLOWLINK_CONNS; i++)
		l->conns[i].fd[0] = l->conns[i].fd[1] = -1;
	if (target_port <= 0 || target_port > 65535 || !slowlink_dir_ok(&cfg->dir[0]) ||
	    !slowlink_dir_ok(&cfg->dir[1]) || cfg->lifetime_ms < 0) {
		slowlink_say("invalid settings");
		goto fail;
	}
	l->target_port = target_port;
	l->dir[0] = cfg->dir[0];
	l->dir[1] = cfg->dir[1];
	l->rng = cfg->seed != 0 ? cfg->seed : 1;
	l->end_ms = slowlink_now() + (cfg->lifetime_ms > 0 ? cfg->lifetime_ms : SLOWLINK_LIFETIME_MS);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((l->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(l->listen_fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(l->listen_fd, SLOWLINK_CONNS) != 0 ||
	    getsockname(l->listen_fd, (struct sockaddr *)&sa, &len) != 0 ||
	    fcntl(l->listen_fd, F_SETFL, O_NONBLOCK) != 0) {
		slowlink_say("listen on 127.0.0.1: %s", strerror(errno));
		goto fail;
	}
	l->port = ntohs(sa.sin_port);
	if (pipe2(l->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		slowlink_say("pipe: %s", strerror(errno));
		goto fail;
	}
	if (pthread_create(&l->thread, NULL, slowlink_main, l) != 0) {
		slowlink_say("cannot start the relay thread");
		goto fail;
	}
	l->started = true;
	return l;
fail:
	if (l->listen_fd >= 0)
		close(l->listen_fd);
	for (int i = 0; i < 2; i++)
		if (l->wake[i] >= 0)
			close(l->wake[i]);
	pthread_mutex_destroy(&l->mu);
	free(l);
	return NULL;
}

int slowlink_port(const struct slowlink *l)
{
	return l->port;
}

int slowlink_set(struct slowlink *l, int dir, const struct slowlink_dir *d)
{
	if ((dir != SLOWLINK_UP && dir != SLOWLINK_DOWN) || !slowlink_dir_ok(d))
		return -1;
	pthread_mutex_lock(&l->mu);
	l->dir[dir] = *d;
	pthread_mutex_unlock(&l->mu);
	return 0;
}

void slowlink_stats(struct slowlink *l, struct slowlink_stats *out)
{
	pthread_mutex_lock(&l->mu);
	*out = l->st;
	pthread_mutex_unlock(&l->mu);
}

int slowlink_delivered_at(struct slowlink *l, int dir, uint64_t first, int64_t *out, int max)
{
	int n = 0;

	if (dir != SLOWLINK_UP && dir != SLOWLINK_DOWN)
		return 0;
	pthread_mutex_lock(&l->mu);
	for (uint64_t k = first; n < max && k < l->st.chunks[dir]; k++) {
		size_t i = (size_t)(k % SLOWLINK_TRACE);

		if (!l->done_set[dir][i] || l->done_chunk[dir][i] != k)
			break;
		out[n++] = l->done_at[dir][i];
	}
	pthread_mutex_unlock(&l->mu);
	return n;
}

int slowlink_stop(struct slowlink *l)
{
	struct timespec until;
	int rc;

	if (l == NULL)
		return 0;
	if (l->started) {
		ssize_t w;

		do
			w = write(l->wake[1], "x", 1);
		while (w < 0 && errno == EINTR);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SLOWLINK_STOP_MS / 1000;
		rc = pthread_timedjoin_np(l->thread, NULL, &until);
		if (rc != 0) {
			slowlink_say("the relay thread did not end within %d ms", SLOWLINK_STOP_MS);
			return -1;
		}
	}
	close(l->listen_fd);
	close(l->wake[0]);
	close(l->wake[1]);
	pthread_mutex_destroy(&l->mu);
	free(l);
	return 0;
}
