/*
 * test-limits.c — end to end: the listener's limits, modelled on sshd.
 * The cap on unauthenticated connections (--max-startups): past it a new
 * connection is closed at once, before the SSH banner, while a logged-in
 * session goes on; a place freed is taken again. The per-address penalty
 * (--penalty-failures): after N failed attempts from one address, over
 * several connections, its next connections are refused even with the right
 * password, the log says why, sessions already open go on and another
 * address is still served. The idle timeout ends an idle session with a
 * French message while a session that types stays.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <libssh/libssh.h>

#include "core/util.h"
#include "tests/e2e/fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define WAIT_MS 30000
#define STARTUPS 3
#define PENALTY 5
#define IDLE_S "4"
#define T_IDLE_GOODBYE "Session fermée faute d'activité : à bientôt."
#define T_WRONG "pas-le-bon-mot"

/* Waits until the server has exactly n descendant processes. */
static bool descendants_become(struct fixture *f, int n, int deadline_ms)
{
	int64_t end = h_now_ms() + deadline_ms;
	pid_t pids[64];
	int now = -1;

	while (h_now_ms() < end) {
		now = h_proc_descendants(f->s.pid, pids, 64);
		if (now == n)
			return true;
		poll(NULL, 0, 20);
	}
	fprintf(stderr, "e2e: the server has %d descendants, not %d\n", now, n);
	return false;
}

/* Restarts the fixture's server with extra `serve` arguments (NULL-terminated). */
static int restart_with(struct fixture *f, const char *const *args)
{
	if (h_server_stop(&f->s) != 0)
		return -1;
	f->s.serve_args = args;
	return h_server_start(&f->s);
}

/*
 * A raw TCP connection to the server from source address `from` (a
 * loopback address, port chosen by the kernel). The fd, or -1.
 */
static int raw_connect(struct fixture *f, const char *from)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	dst.sin_port = htons((uint16_t)f->s.port);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (inet_pton(AF_INET, from, &src.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&src, sizeof src) != 0 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
		fprintf(stderr, "e2e: connect from %s: %s\n", from, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* What a raw connection got from the server. */
enum raw_seen {
	RAW_BANNER,     /* the SSH banner: a connection process serves it */
	RAW_EOF,        /* closed before sending one byte: refused by the listener */
	RAW_OTHER,      /* bytes but no banner, an error, or nothing by the deadline */
};

/*
 * Reads fd until the server's "SSH-2.0-" banner line is whole, or end of
 * file, or the deadline. Sends nothing.
 */
static enum raw_seen raw_wait(int fd, int deadline_ms)
{
	int64_t end = h_now_ms() + deadline_ms;
	char buf[256];
	size_t len = 0;

	while (h_now_ms() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 100) <= 0)
			continue;
		r = read(fd, buf + len, sizeof buf - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 && len == 0)
			return RAW_EOF;
		if (r <= 0)
			break;
		len += (size_t)r;
		buf[len] = '\0';
		if (strncmp(buf, "SSH-2.0-", len < 8 ? len : 8) != 0)
			break;
		if (strchr(buf, '\n') != NULL)
			return RAW_BANNER;
		if (len == sizeof buf - 1)
			break;
	}
	fprintf(stderr, "e2e: raw connection: %zu byte(s), no banner, no clean end\n", len);
	return RAW_OTHER;
}

/* Row of the menu's selection marker, or -1. */
static int marker_row(struct c_conn *c)
{
	int row = -1;

	return c_screen_find(c, "▸ ", &row, NULL) ? row : -1;
}

/* Pumps until the marker is below `from` (down) or back on it (!down). */
static bool marker_moves(struct c_conn *c, int from, bool down, int deadline_ms)
{
	int64_t end = h_now_ms() + deadline_ms;

	while (h_now_ms() < end) {
		int row = marker_row(c);

		if (down ? row > from : row == from)
			return true;
		if (c_pump(c, 50) < 0)
			break;
	}
	c_screen_print(c, down ? "selection moved down" : "selection back");
	return false;
}

/*
 * On a menu: Down, then Up, each waiting until the selection marker has
 * moved: the session is alive and served, and its selection is back where
 * it was. Waiting for the marker's place (not for any change) keeps a late
 * repaint from passing for the answer to the next key.
 */
static bool still_served(struct c_conn *c)
{
	int from;

	c_pump(c, 0);
	from = marker_row(c);
	return from >= 0 && c_send(c, K_DOWN) == 0 && marker_moves(c, from, true, C_DEADLINE_MS) &&
	       c_send(c, K_UP) == 0 && marker_moves(c, from, false, C_DEADLINE_MS);
}

/*
 * --max-startups 3: three connections that never log in (two silent after
 * the banner, one after key exchange) fill the places; a fourth is closed
 * by the listener at once, before any byte, without a process; a session
 * logged in before goes on; once the three leave, a new login gets in.
 */
static void test_max_startups(void **state)
{
	static const char *const args[] = { "--max-startups", "3", "--login-grace", "600",
	                                    NULL };
	struct fixture *f = *state;
	struct c_conn *alice, *kex, *c, *bob;
	int held[STARTUPS - 1], extra;
	pid_t pids[64];

	assert_int_equal(restart_with(f, args), 0);
	alice = f_alice(f);
	assert_non_null(alice);

	for (int i = 0; i < STARTUPS - 1; i++) {
		held[i] = raw_connect(f, "127.0.0.1");
		assert_true(held[i] >= 0);
		assert_int_equal(raw_wait(held[i], WAIT_MS), RAW_BANNER);
	}
	kex = c_connect(f->s.port);
	assert_non_null(kex);
	/* Alice's connection and session process, and one process per held connection. */
	assert_int_equal(h_proc_descendants(f->s.pid, pids, 64), 2 + STARTUPS);

	/* Full: a raw connection is closed before the banner… */
	extra = raw_connect(f, "127.0.0.1");
	assert_true(extra >= 0);
	assert_int_equal(raw_wait(extra, WAIT_MS), RAW_EOF);
	close(extra);
	/* …an SSH client cannot even exchange keys… */
	c = c_connect(f->s.port);
	assert_null(c);
	/* …and no process was started for them. */
	assert_true(f_log_wait(f, "refused: 3 unauthenticated connections already", 2, WAIT_MS));
	assert_int_equal(h_proc_descendants(f->s.pid, pids, 64), 2 + STARTUPS);

	/* The session logged in before is served as usual. */
	assert_true(still_served(alice));

	/* The held ones leave: their places are free again. */
	for (int i = 0; i < STARTUPS - 1; i++)
		close(held[i]);
	c_close(kex);
	assert_true(descendants_become(f, 2, WAIT_MS));
	bob = f_bob(f);
	assert_non_null(bob);
	assert_true(still_served(alice));
	c_close(bob);
	c_close(alice);
	assert_int_equal(f_log_count(f, "refused: 3 unauthenticated"), 2);
}

/* A connection that fails `n` password attempts for alice, then closes. */
static void fail_passwords(struct fixture *f, int n)
{
	struct c_conn *c = c_connect(f->s.port);

	assert_non_null(c);
	for (int i = 0; i < n; i++)
		assert_int_equal(c_auth_password(c, F_ALICE, T_WRONG), SSH_AUTH_DENIED);
	c_close(c);
}

/*
 * --penalty-failures 5: failures count per address across connections,
 * passwords and keys alike; a success does not wipe them; the 5th bans the
 * address: its next connections are closed at once, even with the right
 * password or key, and the log says why. A session already open goes on,
 * and another address (127.0.0.2, still loopback) is served. The ban lasts
 * a fixed 60 s, which this test does not wait for.
 */
static void test_penalty(void **state)
{
	static const char *const args[] = { "--penalty-failures", "5", NULL };
	struct fixture *f = *state;
	char *other_priv = NULL, *other_pub = NULL;
	struct c_conn *alice, *c;
	int fd;

	assert_int_equal(restart_with(f, args), 0);
	assert_int_equal(h_keygen(f->s.root, "other", &other_priv, &other_pub), 0);
	alice = f_alice(f);
	assert_non_null(alice);

	/* 3 wrong passwords on one connection, then a wrong key and the right password. */
	fail_passwords(f, 3);
	c = c_connect(f->s.port);
	assert_non_null(c);
	assert_int_equal(c_auth_key(c, F_BOB, other_priv), SSH_AUTH_DENIED);
	assert_int_equal(c_auth_password(c, F_ALICE, F_PASS), SSH_AUTH_SUCCESS);
	c_close(c);
	/* 4 failures: not banned yet. */
	c = c_login(f->s.port, F_BOB, NULL, f->priv);
	assert_non_null(c);
	c_close(c);
	assert_int_equal(f_log_count(f, "too many failures from"), 0);

	/* The 5th failure bans 127.0.0.1. */
	fail_passwords(f, 1);
	c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	assert_null(c);
	c = c_login(f->s.port, F_BOB, NULL, f->priv);
	assert_null(c);
	fd = raw_connect(f, "127.0.0.1");
	assert_true(fd >= 0);
	assert_int_equal(raw_wait(fd, WAIT_MS), RAW_EOF);
	close(fd);
	assert_true(f_log_wait(f, "too many failures from 127.0.0.1: refused for 60 s", 1, WAIT_MS));
	assert_true(f_log_wait(f, "refused: penalty for repeated failures", 3, WAIT_MS));
	assert_int_equal(f_log_count(f, "too many failures from"), 1);

	/* The session opened before the ban goes on. */
	assert_true(still_served(alice));

	/* Another address is not banned. */
	fd = raw_connect(f, "127.0.0.2");
	assert_true(fd >= 0);
	assert_int_equal(raw_wait(fd, WAIT_MS), RAW_BANNER);
	close(fd);
	/* Still banned after that. */
	c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	assert_null(c);
	assert_true(f_log_wait(f, "refused: penalty for repeated failures", 4, WAIT_MS));

	c_close(alice);
	free(other_priv);
	free(other_pub);
}

/*
 * --idle-timeout: the session nobody types in ends by itself, saying so in
 * French, with status 0; the one that types meanwhile stays.
 */
static void test_idle_and_busy(void **state)
{
	static const char *const args[] = { "--idle-timeout", IDLE_S, NULL };
	struct fixture *f = *state;
	struct c_conn *idle, *busy;
	int64_t end;
	int status = -1;
	bool closed = false;

	assert_int_equal(restart_with(f, args), 0);
	idle = f_alice(f);
	assert_non_null(idle);
	busy = f_bob(f);
	assert_non_null(busy);

	/* Bob types, a key at a time once its echo is back, until Alice's session ends. */
	end = h_now_ms() + WAIT_MS;
	while (!closed && h_now_ms() < end) {
		assert_true(still_served(busy));
		closed = c_wait_closed(idle, 250, &status);
	}
	if (!closed || !c_screen_contains(idle, T_IDLE_GOODBYE)) {
		c_screen_print(idle, "idle");
		h_server_print_log(&f->s);
	}
	assert_true(closed);
	assert_int_equal(status, 0);
	assert_true(c_screen_contains(idle, T_IDLE_GOODBYE));
	c_close(idle);
	assert_true(f_log_wait(f, "session of alice ended", 1, WAIT_MS));
	if (f_log_count(f, "idle for " IDLE_S " s: ending it") != 1)
		h_server_print_log(&f->s);
	assert_int_equal(f_log_count(f, "idle for " IDLE_S " s: ending it"), 1);

	/* Bob's session was never idle: it is still there. */
	assert_true(still_served(busy));
	assert_true(descendants_become(f, 2, WAIT_MS));
	c_close(busy);
	assert_true(descendants_become(f, 0, WAIT_MS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_max_startups, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_penalty, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_idle_and_busy, f_setup, f_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
