/*
 * relay.c — the byte relay between the SSH channel and the pty master of the
 * session process, which never blocks: output waits in a capped queue until
 * the client's window has room (the write-won't-block callback says when),
 * and the pty is not read while that queue is full, so a client that stops
 * reading slows only its own session. Input goes the same way towards the
 * pty. Also the capped byte queue used for exec output.
 */
#include "keys/keys-int.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

#define RELAY_CHUNK (16 * 1024)

size_t bytebuf_space(const struct bytebuf *b)
{
	return b->max > b->len ? b->max - b->len : 0;
}

size_t bytebuf_put(struct bytebuf *b, const void *p, size_t n)
{
	size_t take = n < bytebuf_space(b) ? n : bytebuf_space(b);

	if (take == 0)
		return 0;
	if (b->len + take > b->cap) {
		size_t cap = b->cap != 0 ? b->cap : 4096;

		while (cap < b->len + take)
			cap *= 2;
		if (cap > b->max)
			cap = b->max;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, take);
	b->len += take;
	return take;
}

void bytebuf_consume(struct bytebuf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}

void bytebuf_free(struct bytebuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Sends the head of q within the window; -1 when the channel failed. */
static int relay_flush_one(struct conn *c, struct bytebuf *q, bool is_stderr)
{
	while (q->len > 0) {
		uint32_t win = ssh_channel_window_size(c->channel);
		size_t n = q->len;
		int w;

		if (win == 0)
			break;
		if (n > win)
			n = win;
		if (n > RELAY_CHUNK)
			n = RELAY_CHUNK;
		w = is_stderr ? ssh_channel_write_stderr(c->channel, q->data, (uint32_t)n)
		              : ssh_channel_write(c->channel, q->data, (uint32_t)n);
		if (w == SSH_ERROR)
			return -1;
		if (w <= 0)
			break;
		bytebuf_consume(q, (size_t)w);
	}
	return 0;
}

int relay_flush(struct conn *c)
{
	if (c->channel == NULL || c->channel_closed)
		return -1;
	if (relay_flush_one(c, &c->out, false) < 0 || relay_flush_one(c, &c->err, true) < 0)
		return -1;
	return 0;
}

void relay_read_master(struct conn *c)
{
	char buf[RELAY_CHUNK];

	while (c->master >= 0 && !c->pty_eof) {
		size_t room = bytebuf_space(&c->out);
		ssize_t r;

		if (room == 0)
			break;
		r = read(c->master, buf, room < sizeof buf ? room : sizeof buf);
		if (r > 0) {
			bytebuf_put(&c->out, buf, (size_t)r);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		/* EOF or EIO: every slave descriptor is closed, the session is over. */
		c->pty_eof = true;
	}
}

void relay_write_master(struct conn *c)
{
	while (c->master >= 0 && !c->pty_eof && c->in.len > 0) {
		ssize_t w = write(c->master, c->in.data, c->in.len);

		if (w > 0) {
			bytebuf_consume(&c->in, (size_t)w);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		c->pty_eof = true;
	}
}

static void relay_pull_pending(struct conn *c);

static int relay_master_cb(socket_t fd, int revents, void *userdata)
{
	struct conn *c = userdata;

	if (revents & POLLOUT) {
		relay_write_master(c);
		relay_pull_pending(c);
	}
	if (revents & (POLLIN | POLLHUP | POLLERR))
		relay_read_master(c);
	relay_flush(c);
	return 0;
}

void relay_update_events(struct conn *c)
{
	short want = 0;

	if (c->master >= 0 && !c->pty_eof) {
		if (bytebuf_space(&c->out) > 0)
			want |= POLLIN;
		if (c->in.len > 0)
			want |= POLLOUT;
	}
	if (c->master_in_event && want == c->master_events)
		return;
	if (c->master_in_event) {
		ssh_event_remove_fd(c->event, c->master);
		c->master_in_event = false;
	}
	if (want != 0 && ssh_event_add_fd(c->event, c->master, want, relay_master_cb, c) == SSH_OK) {
		c->master_in_event = true;
		c->master_events = want;
	}
}

/*
 * Queues len bytes towards the pty, UTF-8 repaired: bytes that are not (a
 * Latin-1 terminal, line noise) become U+FFFD here, so they can never
 * swallow the keys typed after them. Returns how many were taken (fewer
 * when the queue is full).
 */
static size_t relay_take(struct conn *c, const void *data, size_t len)
{
	unsigned char repaired[4096];
	size_t took = 0, n, produced, room;

	while (took < len && (room = bytebuf_space(&c->in)) >= UTF8_STREAM_MAX_STEP) {
		if (room > sizeof repaired)
			room = sizeof repaired;
		n = utf8_stream_repair(&c->in_utf8, (const unsigned char *)data + took, len - took,
		                       repaired, room, &produced);
		bytebuf_put(&c->in, repaired, produced);
		took += n;
	}
	return took;
}

int relay_channel_data(ssh_session s, ssh_channel ch, void *data, uint32_t len,
                       int is_stderr, void *userdata)
{
	struct conn *c = userdata;
	size_t took;

	if (c->exec_in.max > 0 && (c->mode == CHAN_IDLE || c->mode == CHAN_EXEC_INPUT) &&
	    !is_stderr) {
		/* An exec command's input, kept whole up to its cap; beyond, refused (conn.c). */
		if (bytebuf_put(&c->exec_in, data, len) < len)
			c->exec_in_over = true;
		c->last_input_ms = now_ms();
		return (int)len;
	}
	if (c->mode != CHAN_SHELL || c->master < 0 || c->pty_eof)
		return (int)len;        /* nobody to read it: dropped */
	/* What does not fit stays with libssh: relay_pull_pending takes it later. */
	took = relay_take(c, data, len);
	c->last_input_ms = now_ms();
	relay_write_master(c);
	return (int)took;
}

/*
 * Input that libssh kept when the queue towards the pty was full (a long
 * paste): libssh offers it again only with the next data packet, and the
 * client sends none until the window opens, which needs this data read.
 * So once the pty has taken some, it is read from libssh here, in bounded
 * pieces that fit the queue.
 */
#define RELAY_PULL 1024   /* repaired, one byte may grow to 3 (U+FFFD) */
static void relay_pull_pending(struct conn *c)
{
	char buf[RELAY_PULL];

	while (c->channel != NULL && !c->channel_closed && c->mode == CHAN_SHELL &&
	       c->master >= 0 && !c->pty_eof &&
	       bytebuf_space(&c->in) >= 3 * sizeof buf + UTF8_STREAM_MAX_STEP) {
		int n = ssh_channel_read_nonblocking(c->channel, buf, sizeof buf, 0);

		if (n <= 0)
			break;
		relay_take(c, buf, (size_t)n);
		relay_write_master(c);
	}
}

int relay_wontblock(ssh_session s, ssh_channel ch, uint32_t bytes, void *userdata)
{
	struct conn *c = userdata;

	relay_flush(c);
	return 0;
}
