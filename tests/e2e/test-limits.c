/*
 * test-limits.c — end to end: the front door's limits, modelled on sshd.
 * The cap on unauthenticated connections (--max-startups): past it a new
 * connection is closed at once, before the SSH banner, while a logged-in
 * session goes on; a place freed is taken again. The per-address penalty
 * (--penalty-failures): after N failed attempts from one address, over
 * several connections, its next connections are refused even with the right
 * password, the log says why, sessions already open go on and another
 * address is still served. The idle timeout ends an idle session with a
 * French message while a session that types stays. Then admission under
 * attack from several loopback sources (per-source share, random early
 * drop, networks as sources, crashes and grace expiries penalised), the
 * bounds of sign-up connections, terminal sizes and session memory, a
 * crashing session, a killed listener, the sandbox and --user, and the
 * disabled account told why.
 */
#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

/* Built with the server's flags: a sanitizer build of one is one of the other. */
#if defined(__SANITIZE_ADDRESS__)
#define KEYS_TEST_SANITIZED 1
#else
#define KEYS_TEST_SANITIZED 0
#endif

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
 * restart_with, then waits until the connection that found the server
 * ready (the harness's, from 127.0.0.1) is gone, so a test counts its own.
 */
static int restart_alone(struct fixture *f, const char *const *args)
{
	int64_t end = h_now_ms() + WAIT_MS;
	bool seen = false;

	if (restart_with(f, args) != 0)
		return -1;
	/* The probe's connection, accepted after the last "listening on"… */
	while (!seen && h_now_ms() < end) {
		char *log = h_server_log(&f->s), *last = NULL;

		for (char *p = log; p != NULL && (p = strstr(p, "listening on")) != NULL; p++)
			last = p;
		seen = last != NULL && strstr(last, "connection from 127.0.0.1:") != NULL;
		free(log);
		if (!seen)
			poll(NULL, 0, 20);
	}
	/* … and gone. */
	return seen && descendants_become(f, 0, WAIT_MS) ? 0 : -1;
}

/*
 * A raw TCP connection to the server from source address `from` (a
 * loopback address, port chosen by the kernel). The fd, or -1.
 */
static int raw_connect(struct fixture *f, const char *from);

/* The descendant of the server whose parent is `parent` and is not `not`, or 0. */
static pid_t child_of(struct fixture *f, pid_t parent, pid_t not)
{
	pid_t pids[64];
	int n = h_proc_descendants(f->s.pid, pids, 64);

	for (int i = 0; i < n && i < 64; i++)
		if (h_proc_ppid(pids[i]) == parent && pids[i] != not)
			return pids[i];
	return 0;
}

/*
 * The session process of the server's one logged-in connection, and
 * (*conn) that connection's process; polls until there is one (another
 * connection process without a session, such as the harness's readiness
 * probe, may still be leaving). 0 if none by the deadline.
 */
static pid_t session_of(struct fixture *f, pid_t *conn)
{
	int64_t end = h_now_ms() + WAIT_MS;
	pid_t pids[64];

	*conn = 0;
	while (h_now_ms() < end) {
		int n = h_proc_descendants(f->s.pid, pids, 64);

		for (int i = 0; i < n && i < 64; i++) {
			pid_t session = h_proc_ppid(pids[i]) == f->s.pid ? child_of(f, pids[i], 0) : 0;

			if (session > 0) {
				*conn = pids[i];
				return session;
			}
		}
		poll(NULL, 0, 20);
	}
	return 0;
}

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

/*
 * A raw connection from `from`, served (banner read): *fd gets it, and the
 * PID of its connection process is returned, as the server's log names it
 * ("connection from ADDR:PORT (pid N)"); 0 on failure.
 */
static pid_t raw_served(struct fixture *f, const char *from, int *fd)
{
	struct sockaddr_in me;
	socklen_t len = sizeof me;
	char needle[96];
	int64_t end = h_now_ms() + WAIT_MS;

	*fd = raw_connect(f, from);
	if (*fd < 0 || raw_wait(*fd, WAIT_MS) != RAW_BANNER ||
	    getsockname(*fd, (struct sockaddr *)&me, &len) != 0)
		return 0;
	snprintf(needle, sizeof needle, "connection from %s:%d (pid ", from, ntohs(me.sin_port));
	while (h_now_ms() < end) {
		char *log = h_server_log(&f->s), *at = log != NULL ? strstr(log, needle) : NULL;
		pid_t pid = at != NULL ? (pid_t)atol(at + strlen(needle)) : 0;

		free(log);
		if (pid > 0)
			return pid;
		poll(NULL, 0, 20);
	}
	return 0;
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


/* ---- admission before authentication under attack ---- */

#define HOLDER "127.0.0.2"      /* holds silent connections */
#define HAMMER "127.0.0.3"      /* hammers wrong passwords */
#define LEGIT "127.0.0.4"       /* a person logging in */
#define PER_SOURCE 5
#define HAMMER_THREADS 4
#define LEGIT_LOGINS 8

struct hammer {
	pthread_t th;
	int port;
	volatile bool stop;
	int attempts;           /* wrong passwords sent */
};

/* Connects from HAMMER and sends wrong passwords until told to stop (or 60 s). */
static void *hammer_main(void *arg)
{
	struct hammer *h = arg;
	int64_t end = h_now_ms() + 60000;

	while (!h->stop && h_now_ms() < end) {
		struct c_conn *c = c_connect_from(h->port, HAMMER);

		if (c == NULL) {
			poll(NULL, 0, 50);      /* refused: the listener's answer; try again */
			continue;
		}
		for (int i = 0; i < 6 && !h->stop; i++) {
			int rc = c_auth_password(c, F_ALICE, T_WRONG);

			h->attempts++;
			if (rc != SSH_AUTH_DENIED)
				break;
		}
		c_close(c);
	}
	return NULL;
}

/* Keeps `want` raw connections from HOLDER open (refills those the server closed). */
static int holder_refill(struct fixture *f, int *fds, int want)
{
	int open_now = 0;

	for (int i = 0; i < want; i++) {
		if (fds[i] >= 0) {
			struct pollfd p = { .fd = fds[i], .events = POLLIN };
			char b[256];

			if (poll(&p, 1, 0) > 0 && read(fds[i], b, sizeof b) <= 0) {
				close(fds[i]);
				fds[i] = -1;
			}
		}
		if (fds[i] < 0)
			fds[i] = raw_connect(f, HOLDER);
		if (fds[i] >= 0)
			open_now++;
	}
	return open_now;
}

/*
 * One source holds silent connections (as many as it can, refilled when
 * closed), another hammers wrong passwords on four connections at once,
 * while a third logs in every second: every login of the third succeeds
 * (its time printed). The holder gets its share of the cap and no more,
 * its connections that reach the login grace time count against it until
 * it is banned; the hammerer is banned after its failures, and its open
 * connections then wait instead of having passwords checked.
 */
static void test_admission_under_attack(void **state)
{
	static const char *const args[] = {
		"--max-startups", "8:30:40", "--per-source-max-startups", "5", "--login-grace", "3",
		"--penalty-failures", "8", "--penalty-time", "60", "--max-password-checks", "2",
		NULL };
	struct fixture *f = *state;
	struct hammer hs[HAMMER_THREADS];
	int fds[3 * PER_SOURCE];
	int64_t worst = 0;

	assert_int_equal(restart_with(f, args), 0);
	for (size_t i = 0; i < ARRAY_LEN(fds); i++)
		fds[i] = -1;
	holder_refill(f, fds, (int)ARRAY_LEN(fds));
	for (int i = 0; i < HAMMER_THREADS; i++) {
		hs[i] = (struct hammer){ .port = f->s.port };
		assert_int_equal(pthread_create(&hs[i].th, NULL, hammer_main, &hs[i]), 0);
	}
	for (int i = 0; i < LEGIT_LOGINS; i++) {
		int64_t t0 = h_now_ms(), took;
		struct c_conn *c = c_login_from(f->s.port, LEGIT, F_ALICE, F_PASS, NULL);

		took = h_now_ms() - t0;
		if (took > worst)
			worst = took;
		printf("e2e: login %d of %d from %s under attack: %s after %lld ms\n", i + 1,
		       LEGIT_LOGINS, LEGIT, c != NULL ? "logged in" : "REFUSED", (long long)took);
		assert_non_null(c);
		c_close(c);
		/* One login a second; meanwhile the holder takes back what it lost. */
		while (h_now_ms() - t0 < 1000) {
			holder_refill(f, fds, (int)ARRAY_LEN(fds));
			poll(NULL, 0, 50);
		}
	}
	for (int i = 0; i < HAMMER_THREADS; i++) {
		hs[i].stop = true;
		pthread_join(hs[i].th, NULL);
	}
	printf("e2e: %d logins from %s all in, the slowest in %lld ms\n", LEGIT_LOGINS, LEGIT,
	       (long long)worst);
	for (size_t i = 0; i < ARRAY_LEN(fds); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	/* The holder had its share, no more, then its expired connections banned it. */
	assert_true(f_log_wait(f, "unauthenticated connections from " HOLDER " already", 1, WAIT_MS));
	assert_true(f_log_wait(f, "from " HOLDER " over: counted as a failure", 8, WAIT_MS));
	assert_true(f_log_wait(f, "too many failures from " HOLDER ": refused for 60 s", 1, WAIT_MS));
	/* The hammerer was banned, and its open connections then waited. */
	assert_true(f_log_wait(f, "too many failures from " HAMMER ": refused for 60 s", 1, WAIT_MS));
	assert_true(f_log_wait(f, "source under a penalty, waiting 60 s", 1, WAIT_MS));
	assert_int_equal(f_log_count(f, "too many failures from " LEGIT), 0);
	{
		int sent = 0;

		for (int i = 0; i < HAMMER_THREADS; i++)
			sent += hs[i].attempts;
		printf("e2e: the hammerer sent %d wrong passwords, %d were checked\n", sent,
		       f_log_count(f, "method password, from " HAMMER));
	}
}

/*
 * Random early drop at its sharpest (--max-startups 1:100:10: past one
 * connection, a source that holds one already is always dropped) and a
 * source that is a network (--source-prefix 24:64: 127.0.0.2 and 127.0.0.3
 * are one source, 127.0.0.0/24, sharing --per-source-max-startups 2).
 */
static void test_early_drop_and_prefix(void **state)
{
	static const char *const drop[] = { "--max-startups", "1:100:10", NULL };
	static const char *const prefix[] = { "--source-prefix", "24:64",
	                                      "--per-source-max-startups", "2", NULL };
	struct fixture *f = *state;
	int a, b, c, d;

	assert_int_equal(restart_alone(f, drop), 0);
	a = raw_connect(f, HOLDER);
	assert_int_equal(raw_wait(a, WAIT_MS), RAW_BANNER);
	b = raw_connect(f, HOLDER);
	assert_int_equal(raw_wait(b, WAIT_MS), RAW_EOF);
	assert_true(f_log_wait(f, "refused: dropped early (", 1, WAIT_MS));
	/* A source making its first attempt is not dropped at random. */
	c = raw_connect(f, LEGIT);
	assert_int_equal(raw_wait(c, WAIT_MS), RAW_BANNER);
	close(a);
	close(b);
	close(c);

	assert_int_equal(restart_alone(f, prefix), 0);
	a = raw_connect(f, "127.0.0.2");
	assert_int_equal(raw_wait(a, WAIT_MS), RAW_BANNER);
	b = raw_connect(f, "127.0.0.3");
	assert_int_equal(raw_wait(b, WAIT_MS), RAW_BANNER);
	c = raw_connect(f, "127.0.0.9");
	assert_int_equal(raw_wait(c, WAIT_MS), RAW_EOF);
	assert_true(f_log_wait(f, "2 unauthenticated connections from 127.0.0.0/24 already", 1,
	                     WAIT_MS));
	/* 127.0.1.1 is another /24. */
	d = raw_connect(f, "127.0.1.1");
	assert_int_equal(raw_wait(d, WAIT_MS), RAW_BANNER);
	close(a);
	close(b);
	close(c);
	close(d);
}

/*
 * A connection process that crashes before authentication (SIGABRT, as an
 * assert would) is reported by the listener as an error, and its source is
 * refused for --penalty-crash seconds; another source is still served.
 */
static void test_preauth_crash_penalised(void **state)
{
	static const char *const args[] = { "--penalty-crash", "90", NULL };
	struct fixture *f = *state;
	int a, b;
	pid_t conn;

	assert_int_equal(restart_alone(f, args), 0);
	conn = raw_served(f, HOLDER, &a);
	assert_true(conn > 0);
	assert_int_equal(kill(conn, SIGABRT), 0);
	assert_true(f_log_wait(f, "crash before authentication from " HOLDER ": refused for 90 s", 1,
	                     WAIT_MS));
	assert_true(f_log_wait(f, "crashed before authentication (signal 6)", 1, WAIT_MS));
	b = raw_connect(f, HOLDER);
	assert_int_equal(raw_wait(b, WAIT_MS), RAW_EOF);
	close(b);
	b = raw_connect(f, LEGIT);
	assert_int_equal(raw_wait(b, WAIT_MS), RAW_BANNER);
	close(b);
	close(a);
}

/* ---- sign-up connections, sizes and memory, crashes and orphans ---- */

#define SIGNUP "inscription"
#define T_WIZARD "Inscription — étape 1 sur 8"
#define T_SIGNUP_SOURCE "trop d'inscriptions ont été commencées"
#define T_SIGNUP_FULL "trop d'inscriptions sont en cours"
#define T_CRASH "Une erreur interne a interrompu la session ; vos saisies sont enregistrées."

/* A sign-up login ("none") from `from`; NULL if refused. */
static struct c_conn *signup_from(struct fixture *f, const char *from)
{
	struct c_conn *c = c_connect_from(f->s.port, from);

	if (c != NULL && c_auth_none(c, SIGNUP) != SSH_AUTH_SUCCESS) {
		c_close(c);
		c = NULL;
	}
	return c;
}

/* A sign-up from `from` with a shell, waiting for `text` (the wizard or a refusal). */
static struct c_conn *signup_screen(struct fixture *f, const char *from, const char *text)
{
	struct c_conn *c = signup_from(f, from);

	assert_non_null(c);
	assert_int_equal(c_shell(c, "xterm-256color", 80, 24), 0);
	F_WAIT(c, text);
	return c;
}

/*
 * Sign-up needs no password, so the rest of the way is bounded: a sign-up
 * connection that opens no channel is closed at the login grace time (and
 * counted against its source); sign-up sessions count against a cap per
 * source and one for the whole server, whose places come back when a
 * session ends; an idle sign-up session ends at its own, shorter timeout.
 */
static void test_signup_bounded(void **state)
{
	static const char *const args[] = { "--login-grace", "3", "--signup-max", "0",
	                                    "--signup-sessions", "3",
	                                    "--signup-sessions-per-source", "2", NULL };
	static const char *const idle_args[] = { "--signup-idle-timeout", "2", NULL };
	struct fixture *f = *state;
	struct c_conn *quiet, *a1, *a2, *a3, *b1, *c1;
	int status = -1;

	assert_int_equal(restart_with(f, args), 0);
	quiet = signup_from(f, HOLDER);
	assert_non_null(quiet);
	assert_true(f_log_wait(f, "from " HOLDER " over: counted as a failure", 1, WAIT_MS));
	c_close(quiet);

	a1 = signup_screen(f, HOLDER, T_WIZARD);
	a2 = signup_screen(f, HOLDER, T_WIZARD);
	a3 = signup_screen(f, HOLDER, T_SIGNUP_SOURCE);
	assert_true(c_wait_closed(a3, C_DEADLINE_MS, &status));
	assert_int_equal(status, 1);
	c_close(a3);
	b1 = signup_screen(f, HAMMER, T_WIZARD);
	c1 = signup_screen(f, LEGIT, T_SIGNUP_FULL);
	c_close(c1);
	assert_true(f_log_wait(f, "sign-up refused from " LEGIT ": 3 sign-up sessions open already",
	                     1, WAIT_MS));
	/* A place freed is given again. */
	c_close(a1);
	assert_true(f_log_wait(f, "session of inscription ended", 1, WAIT_MS));
	assert_true(descendants_become(f, 4, WAIT_MS));
	c1 = signup_screen(f, LEGIT, T_WIZARD);
	c_close(c1);
	c_close(a2);
	c_close(b1);

	assert_int_equal(restart_with(f, idle_args), 0);
	a1 = signup_screen(f, LEGIT, T_WIZARD);
	assert_true(c_wait_closed(a1, WAIT_MS, &status));
	assert_int_equal(status, 0);
	assert_true(c_screen_contains(a1, T_IDLE_GOODBYE));
	assert_true(f_log_wait(f, "idle for 2 s: ending it", 1, WAIT_MS));
	c_close(a1);
}

/*
 * The text after `name` (and the blanks and colon after it) on its line of
 * /proc/PID/FILE, e.g. ("status", "\nSeccomp") or ("limits", "Max data
 * size"); caller frees; NULL if absent.
 */
static char *proc_field(pid_t pid, const char *file, const char *name)
{
	char path[64], *text, *line, *end, *v = NULL;

	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	text = h_read_file(path, NULL);
	if (text != NULL && (line = strstr(text, name)) != NULL) {
		line += strlen(name);
		line += strspn(line, ":\t ");
		end = strchr(line, '\n');
		v = end != NULL ? xstrndup(line, (size_t)(end - line)) : xstrdup(line);
	}
	free(text);
	return v;
}

/* The soft "Max data size" of pid in bytes (-1: unlimited or unreadable). */
static long long data_limit(pid_t pid)
{
	char *v = proc_field(pid, "limits", "Max data size");
	long long n = -1;

	if (v != NULL)
		sscanf(v, "%lld", &n);
	free(v);
	return n;
}

/*
 * A client may not size the session's memory: a pty asked at 300x100 and
 * a window changed to 400x300 are clamped to --max-size 120x50 (the
 * session draws for 120x50, and says so in the log), and the session
 * process runs under RLIMIT_DATA (--session-memory 64: 64 MiB).
 */
static void test_sizes_and_memory_bounded(void **state)
{
	static const char *const args[] = { "--max-size", "120x50", "--session-memory", "64",
	                                    NULL };
	struct fixture *f = *state;
	struct c_conn *c;
	pid_t conn, session;
	char *title = f_title(F_ORG, F_ALICE, F_ALICE_ROLE);

	assert_int_equal(restart_with(f, args), 0);
	c = f_home(f, F_ALICE, F_PASS, NULL, "xterm-256color", 300, 100);
	assert_non_null(c);
	assert_true(f_log_wait(f, "pty-req 300x100 from 127.0.0.1", 1, WAIT_MS));
	assert_true(f_log_wait(f, "clamped to 120x50", 1, WAIT_MS));
	assert_true(f_log_wait(f, ", 120x50, TERM xterm-256color)", 1, WAIT_MS));
	/* The title is centred in the 120 columns the session was given, not 300. */
	{
		int col = -1;

		assert_true(c_screen_find(c, title, NULL, &col));
		assert_true(col < 120);
	}
	assert_int_equal(c_resize(c, 400, 300), 0);
	assert_true(f_log_wait(f, "window-change 400x300 from 127.0.0.1", 1, WAIT_MS));
	assert_true(still_served(c));

	session = session_of(f, &conn);
	assert_true(session > 0);
#if KEYS_TEST_SANITIZED
	(void)data_limit;
	printf("e2e: sanitizer build: RLIMIT_DATA is not applied\n");
#else
	assert_int_equal(data_limit(session), 64LL << 20);
#endif
	c_close(c);
	free(title);
}

/*
 * The finding itself: a pty of 9 999 x 9 999 asked with the default
 * limits (a raw libssh channel: no emulator on this side) gets a session
 * of 500 x 200, whose memory is printed and stays far below the 256 MiB
 * cap (it took 8 GiB before).
 */
static void test_huge_pty(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	ssh_channel ch;
	pid_t conn, session;
	char buf[4096];
	long long kib;
	int got = 0;
	int64_t end = h_now_ms() + WAIT_MS;

	assert_non_null(c);
	ch = ssh_channel_new((ssh_session)c_session(c));
	assert_non_null(ch);
	assert_int_equal(ssh_channel_open_session(ch), SSH_OK);
	assert_int_equal(ssh_channel_request_pty_size(ch, "xterm", 9999, 9999), SSH_OK);
	assert_int_equal(ssh_channel_request_shell(ch), SSH_OK);
	assert_true(f_log_wait(f, "pty-req 9999x9999 from 127.0.0.1", 1, WAIT_MS));
	assert_true(f_log_wait(f, ", 500x200, TERM xterm)", 1, WAIT_MS));
	/* Its first screen, then its memory. */
	while (got < 1000 && h_now_ms() < end) {
		int r = ssh_channel_read_timeout(ch, buf, sizeof buf, 0, 200);

		if (r < 0)
			break;
		got += r;
	}
	assert_true(got >= 1000);
	session = session_of(f, &conn);
	assert_true(session > 0);
	kib = h_proc_pss_kib(session);
	printf("e2e: session asked at 9999x9999: 500x200, PSS %lld KiB\n", kib);
	assert_true(kib > 0 && kib < 256 * 1024);
	ssh_channel_close(ch);
	ssh_channel_free(ch);
	c_close(c);
}

/*
 * A session that crashes tells its user so, in French, the terminal put
 * back, before the connection closes; the log has it as an error with the
 * signal. (A sanitizer build reports SIGSEGV itself: SIGABRT there.)
 */
static void test_session_crash_told(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_alice(f);
	pid_t conn, session;
	int status = -1;
	int sig = KEYS_TEST_SANITIZED ? SIGABRT : SIGSEGV;
	char needle[64];

	assert_non_null(c);
	session = session_of(f, &conn);
	assert_true(session > 0);
	assert_int_equal(kill(session, sig), 0);
	assert_true(c_wait_closed(c, WAIT_MS, &status));
	if (!c_screen_contains(c, T_CRASH))
		c_screen_print(c, "after the crash");
	assert_true(c_screen_contains(c, T_CRASH));
	assert_int_equal(status, 128 + sig);
	snprintf(needle, sizeof needle, "crashed: signal %d", sig);
	assert_true(f_log_wait(f, needle, 1, WAIT_MS));
	assert_true(f_log_wait(f, " error ", 1, WAIT_MS));
	c_close(c);
}

/* True once pid is gone (or a zombie nobody reaps). */
static bool proc_gone(pid_t pid)
{
	char path[64], *stat;
	bool gone;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	stat = h_read_file(path, NULL);
	gone = stat == NULL || strstr(stat, ") Z ") != NULL;
	free(stat);
	return gone;
}

/*
 * The listener killed (SIGKILL, nothing said): its connection processes
 * get SIGTERM from the kernel (parent-death signal) and end their sessions
 * as on a stop, within seconds; a listener started again serves, and no
 * process of the old one is left.
 */
static void test_no_orphans(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_alice(f), *again;
	pid_t conn, session;
	int status = -1;
	int64_t end;

	assert_non_null(c);
	session = session_of(f, &conn);
	assert_true(session > 0);
	assert_int_equal(kill(f->s.pid, SIGKILL), 0);
	end = h_now_ms() + WAIT_MS;
	while (h_server_alive(&f->s) && h_now_ms() < end)
		poll(NULL, 0, 20);
	assert_false(h_server_alive(&f->s));
	assert_true(c_wait_closed(c, WAIT_MS, &status));
	end = h_now_ms() + WAIT_MS;
	while (!(proc_gone(conn) && proc_gone(session)) && h_now_ms() < end)
		poll(NULL, 0, 20);
	assert_true(proc_gone(conn));
	assert_true(proc_gone(session));
	c_close(c);

	assert_int_equal(h_server_start(&f->s), 0);
	again = f_alice(f);
	assert_non_null(again);
	c_close(again);
}

/* ---- privilege separation ---- */

/* Asserts pid has no_new_privs and (but in a sanitizer build) a seccomp filter. */
static void assert_sandboxed(pid_t pid, const char *what)
{
	char *nnp = proc_field(pid, "status", "\nNoNewPrivs"), *sc = proc_field(pid, "status", "\nSeccomp");

	printf("e2e: %s (pid %d): NoNewPrivs %s, Seccomp %s\n", what, (int)pid,
	       nnp != NULL ? nnp : "?", sc != NULL ? sc : "?");
	assert_non_null(nnp);
	assert_non_null(sc);
	assert_string_equal(nnp, "1");
	assert_string_equal(sc, KEYS_TEST_SANITIZED ? "0" : "2");
	free(nnp);
	free(sc);
}

/*
 * Every process facing the client is confined: a connection process from
 * its first byte (before key exchange), the session process, and the
 * connection process relaying for it, each with no_new_privs and a seccomp
 * filter; the journeys themselves run under them (the whole suite does).
 */
static void test_sandboxed(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c;
	pid_t conn, session;
	int fd;

	assert_int_equal(restart_alone(f, NULL), 0);
	conn = raw_served(f, LEGIT, &fd);
	assert_true(conn > 0);
	assert_sandboxed(conn, "connection process before key exchange");
	close(fd);
	assert_true(descendants_become(f, 0, WAIT_MS));

	c = f_alice(f);
	assert_non_null(c);
	session = session_of(f, &conn);
	assert_true(session > 0);
	assert_sandboxed(conn, "connection process relaying");
	assert_sandboxed(session, "session process");
	assert_true(still_served(c));
	c_close(c);
}

static int chown_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return lchown(path, 65534, 65534);
}

/* The "Uid:" line of pid: real, effective, saved and file-system uid all `uid`. */
static bool runs_as(pid_t pid, uid_t uid)
{
	char *v = proc_field(pid, "status", "\nUid"), want[64];
	bool same;

	snprintf(want, sizeof want, "%u\t%u\t%u\t%u", uid, uid, uid, uid);
	same = v != NULL && strcmp(v, want) == 0;
	if (!same)
		fprintf(stderr, "e2e: pid %d runs as « %s », not %u\n", (int)pid, v ? v : "?", uid);
	free(v);
	return same;
}

/*
 * serve --user nobody, started as root with the data directory given to
 * nobody: the listener binds, then it and every process it starts run as
 * nobody, and a person logs in and works as usual. A data directory that
 * is not the user's is refused with a French message.
 */
static void test_unprivileged_user(void **state)
{
	static const char *const args[] = { "--user", "nobody", NULL };
	struct fixture *f = *state;
	struct c_conn *c;
	pid_t conn, session;
	char *err = NULL;
	int status = -1;

	if (geteuid() != 0) {
		printf("e2e: not root: --user cannot be tried here\n");
		skip();
	}
	assert_int_equal(h_server_stop(&f->s), 0);
	/* Refused while the data directory is root's. */
	{
		char listen[64];
		const char *argv[] = { "serve", "--data", f->s.data, "--listen", listen,
		                       "--user", "nobody", NULL };

		snprintf(listen, sizeof listen, "127.0.0.1:%d", h_free_port());
		assert_int_equal(h_recond(&f->s, argv, NULL, NULL, &err, &status), 0);
		assert_int_equal(status, 1);
		assert_non_null(strstr(err, "doit appartenir à nobody"));
		free(err);
	}
	assert_int_equal(chmod(f->s.root, 0711), 0);
	assert_int_equal(nftw(f->s.data, chown_one, 16, FTW_PHYS), 0);
	f->s.serve_args = args;
	assert_int_equal(h_server_start(&f->s), 0);
	assert_true(f_log_wait(f, "running as nobody (uid 65534", 1, WAIT_MS));
	assert_true(runs_as(f->s.pid, 65534));

	c = f_alice(f);
	assert_non_null(c);
	session = session_of(f, &conn);
	assert_true(session > 0);
	assert_true(runs_as(conn, 65534));
	assert_true(runs_as(session, 65534));
	assert_true(still_served(c));
	c_close(c);
}

/* ---- a disabled account ---- */

#define T_DISABLED "Compte désactivé : contactez l'équipe du programme"

/* The SSH banner c received (caller frees), or NULL. */
static char *banner_of(struct c_conn *c)
{
	return ssh_get_issue_banner((ssh_session)c_session(c));
}

/*
 * A disabled account whose right password or key is given is refused and
 * told why in the SSH banner; a wrong password for it, or an unknown
 * login, learns nothing.
 */
static void test_disabled_told(void **state)
{
	struct fixture *f = *state;
	const char *off_a[] = { "user", "disable", "--data", f->s.data, "--login", F_ALICE, NULL };
	const char *off_b[] = { "user", "disable", "--data", f->s.data, "--login", F_BOB, NULL };
	struct c_conn *c;
	char *b;
	int status = -1;

	assert_int_equal(h_recond(&f->s, off_a, NULL, NULL, NULL, &status), 0);
	assert_int_equal(status, 0);
	assert_int_equal(h_recond(&f->s, off_b, NULL, NULL, NULL, &status), 0);
	assert_int_equal(status, 0);

	c = c_connect(f->s.port);
	assert_non_null(c);
	assert_int_equal(c_auth_password(c, F_ALICE, T_WRONG), SSH_AUTH_DENIED);
	assert_int_equal(c_auth_password(c, "personne", F_PASS), SSH_AUTH_DENIED);
	b = banner_of(c);
	assert_null(b);
	assert_int_equal(c_auth_password(c, F_ALICE, F_PASS), SSH_AUTH_DENIED);
	b = banner_of(c);
	assert_non_null(b);
	assert_non_null(strstr(b, T_DISABLED));
	free(b);
	c_close(c);

	c = c_connect(f->s.port);
	assert_non_null(c);
	assert_int_equal(c_auth_key(c, F_BOB, f->priv), SSH_AUTH_DENIED);
	b = banner_of(c);
	assert_non_null(b);
	assert_non_null(strstr(b, T_DISABLED));
	free(b);
	c_close(c);
	assert_true(f_log_wait(f, "login alice from 127.0.0.1:", 1, WAIT_MS));
	assert_true(f_log_wait(f, "right credentials, account disabled", 2, WAIT_MS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_max_startups, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_penalty, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_idle_and_busy, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_admission_under_attack, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_early_drop_and_prefix, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_preauth_crash_penalised, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_signup_bounded, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_sizes_and_memory_bounded, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_huge_pty, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_session_crash_told, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_no_orphans, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_sandboxed, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_disabled_told, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_unprivileged_user, f_setup, f_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
