/*
 * test-ssh-traps.c — end to end: the known traps of libssh servers, each
 * driven against the real server. A key probe never logs in; failed
 * public-key and password attempts share one cap and the 7th is never
 * reached; only publickey and password are offered; a silent client is cut
 * off after the login grace time; env passes LANG/LC_* only; forwarding,
 * agent and X11 are refused; a vanished client frees its processes while
 * others go on; an idle session is ended; a client that stops reading does
 * not hold up the others.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libssh/libssh.h>

#include "core/util.h"
#include "tests/e2e/fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define GRACE_S "2"
#define WAIT_MS 30000

static bool port_open(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * Restarts the fixture's server with extra `serve` options (the harness
 * starts it without): stops it by PID, then starts the same binary on a new
 * free port with its stderr appended to the same log.
 */
static int restart_with(struct fixture *f, const char *opt, const char *value)
{
	char listen[64];
	int64_t end;
	int logfd;
	pid_t pid;

	if (h_server_stop(&f->s) != 0)
		return -1;
	f->s.port = h_free_port();
	if (f->s.port < 0)
		return -1;
	snprintf(listen, sizeof listen, "127.0.0.1:%d", f->s.port);
	logfd = open(f->s.log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (logfd < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(logfd);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);

		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(logfd, 2);
		execl(f->s.bin, f->s.bin, "serve", "--data", f->s.data, "--listen", listen, opt,
		      value, (char *)NULL);
		_exit(127);
	}
	close(logfd);
	f->s.pid = pid;
	end = h_now_ms() + H_START_DEADLINE_MS;
	while (h_now_ms() < end) {
		if (port_open(f->s.port))
			return 0;
		if (!h_server_alive(&f->s))
			return -1;
		poll(NULL, 0, 10);
	}
	return -1;
}

/* A probe is answered "acceptable" and logs nobody in; the signature does. */
static void test_probe_does_not_login(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c;
	char *other_priv = NULL, *other_pub = NULL;
	ssh_channel ch;

	c = c_connect(f->s.port);
	assert_non_null(c);
	assert_int_equal(c_probe_key(c, F_BOB, f->pub), SSH_AUTH_SUCCESS);
	/* Still unauthenticated: no session channel can be opened. */
	ch = ssh_channel_new(c_session(c));
	if (ch != NULL) {
		assert_int_not_equal(ssh_channel_open_session(ch), SSH_OK);
		ssh_channel_free(ch);
	}
	/* And the server still expects authentication: a wrong password is refused. */
	assert_int_equal(c_auth_password(c, F_BOB, "pas-le-bon-mot"), SSH_AUTH_DENIED);
	c_close(c);
	assert_int_equal(f_log_count(f, "auth success: login bob"), 0);

	/* The same key, signed, logs in. */
	c = c_connect(f->s.port);
	assert_non_null(c);
	assert_int_equal(c_probe_key(c, F_BOB, f->pub), SSH_AUTH_SUCCESS);
	assert_int_equal(c_auth_key(c, F_BOB, f->priv), SSH_AUTH_SUCCESS);
	c_close(c);
	assert_int_equal(f_log_count(f, "auth success: login bob, method publickey"), 1);

	/* An unregistered key is not even acceptable. */
	assert_int_equal(h_keygen(f->s.root, "other", &other_priv, &other_pub), 0);
	c = c_connect(f->s.port);
	assert_non_null(c);
	assert_int_equal(c_probe_key(c, F_BOB, other_pub), SSH_AUTH_DENIED);
	assert_int_equal(c_auth_key(c, F_BOB, other_priv), SSH_AUTH_DENIED);
	c_close(c);
	free(other_priv);
	free(other_pub);
}

/* Six wrong passwords, then the connection is gone: the 7th is never read. */
static void test_seventh_attempt_never_reached(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_connect(f->s.port);
	char pw[32];
	int rc;

	assert_non_null(c);
	for (int i = 1; i <= 6; i++) {
		snprintf(pw, sizeof pw, "mauvais-%d", i);
		rc = c_auth_password(c, F_ALICE, pw);
		assert_int_equal(rc, SSH_AUTH_DENIED);
	}
	rc = c_auth_password(c, F_ALICE, F_PASS);
	assert_int_equal(rc, SSH_AUTH_ERROR);
	c_close(c);
	assert_true(f_log_wait(f, "too many authentication failures", 1, WAIT_MS));
	assert_int_equal(f_log_count(f, "attempt 6 of 6"), 1);
	assert_int_equal(f_log_count(f, "attempt 7"), 0);
	assert_int_equal(f_log_count(f, "auth success"), 0);
}

/* Failed keys and failed passwords share the cap. */
static void test_failed_pubkey_counts(void **state)
{
	struct fixture *f = *state;
	char *other_priv = NULL, *other_pub = NULL;
	struct c_conn *c;

	assert_int_equal(h_keygen(f->s.root, "other", &other_priv, &other_pub), 0);
	c = c_connect(f->s.port);
	assert_non_null(c);
	for (int i = 0; i < 3; i++)
		assert_int_equal(c_auth_key(c, F_BOB, other_priv), SSH_AUTH_DENIED);
	for (int i = 0; i < 3; i++)
		assert_int_equal(c_auth_password(c, F_BOB, "pas-le-bon-mot"), SSH_AUTH_DENIED);
	/* The right key now comes too late. */
	assert_int_equal(c_auth_key(c, F_BOB, f->priv), SSH_AUTH_ERROR);
	c_close(c);
	assert_true(f_log_wait(f, "too many authentication failures", 1, WAIT_MS));
	assert_int_equal(f_log_count(f, "auth success"), 0);
	free(other_priv);
	free(other_pub);
}

/* Only publickey and password: never none, gssapi or keyboard-interactive. */
static void test_methods_offered(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_connect(f->s.port);
	ssh_session s;
	int methods;

	assert_non_null(c);
	s = c_session(c);
	assert_int_equal(ssh_userauth_none(s, F_ALICE), SSH_AUTH_DENIED);
	methods = ssh_userauth_list(s, NULL);
	assert_int_equal(methods, SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD);
	assert_int_equal(methods & (SSH_AUTH_METHOD_GSSAPI_MIC | SSH_AUTH_METHOD_INTERACTIVE |
	                            SSH_AUTH_METHOD_NONE), 0);
	assert_int_equal(ssh_userauth_kbdint(s, F_ALICE, NULL), SSH_AUTH_DENIED);
	/* The methods list is the same after a refused attempt. */
	assert_int_equal(ssh_userauth_list(s, NULL),
	                 SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD);
	assert_int_equal(c_auth_password(c, F_ALICE, F_PASS), SSH_AUTH_SUCCESS);
	c_close(c);
	assert_int_equal(f_log_count(f, "method keyboard-interactive"), 1);
}

/* A client that says nothing, or stops after key exchange, is cut off. */
static void test_silent_client_cut_off(void **state)
{
	struct fixture *f = *state;
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct c_conn *c;
	char buf[512];
	int64_t end;
	bool eof = false;
	int fd;

	assert_int_equal(restart_with(f, "--login-grace", GRACE_S), 0);

	/* Raw TCP: not one byte sent. */
	a.sin_port = htons((uint16_t)f->s.port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	/* After key exchange: nothing more. */
	c = c_connect(f->s.port);
	assert_non_null(c);

	end = h_now_ms() + WAIT_MS;
	while (!eof && h_now_ms() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 100) > 0) {
			ssize_t r = read(fd, buf, sizeof buf);

			eof = r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN);
		}
	}
	close(fd);
	assert_true(eof);
	assert_true(f_log_wait(f, "login grace time over", 2, WAIT_MS));
	/* The silent one can no longer log in. */
	assert_int_not_equal(c_auth_password(c, F_ALICE, F_PASS), SSH_AUTH_SUCCESS);
	c_close(c);

	/* Others still get in. */
	c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	assert_non_null(c);
	c_close(c);
}

/* env: LANG and LC_* only; LD_PRELOAD is refused and logged. */
static void test_env_filtered(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	ssh_channel ch;

	assert_non_null(c);
	ch = ssh_channel_new(c_session(c));
	assert_non_null(ch);
	assert_int_equal(ssh_channel_open_session(ch), SSH_OK);
	assert_int_equal(ssh_channel_request_env(ch, "LANG", "fr_FR.UTF-8"), SSH_OK);
	assert_int_equal(ssh_channel_request_env(ch, "LC_TIME", "fr_FR.UTF-8"), SSH_OK);
	assert_int_not_equal(ssh_channel_request_env(ch, "LD_PRELOAD", "/tmp/evil.so"), SSH_OK);
	assert_int_not_equal(ssh_channel_request_env(ch, "PATH", "/tmp"), SSH_OK);
	assert_int_not_equal(ssh_channel_request_env(ch, "LANG", "$(reboot)"), SSH_OK);
	ssh_channel_close(ch);
	ssh_channel_free(ch);
	c_close(c);
	assert_true(f_log_wait(f, "env request refused: LD_PRELOAD", 1, WAIT_MS));
	assert_int_equal(f_log_count(f, "env request refused: PATH"), 1);
}

/* Port forwarding both ways, agent and X11 are refused. */
static void test_forwarding_refused(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	ssh_session s;
	ssh_channel ch;
	char *out = NULL;
	int status = -1;

	assert_non_null(c);
	s = c_session(c);
	ch = ssh_channel_new(s);
	assert_non_null(ch);
	assert_int_not_equal(ssh_channel_open_forward(ch, "127.0.0.1", f->s.port, "127.0.0.1", 4000),
	                     SSH_OK);
	ssh_channel_free(ch);
	assert_int_not_equal(ssh_channel_listen_forward(s, "127.0.0.1", 0, NULL), SSH_OK);

	ch = ssh_channel_new(s);
	assert_non_null(ch);
	assert_int_equal(ssh_channel_open_session(ch), SSH_OK);
	/* Sent without asking for a reply: the refusal shows in the log only. */
	(void)ssh_channel_request_auth_agent(ch);
	assert_int_not_equal(ssh_channel_request_x11(ch, 0, NULL, NULL, 0), SSH_OK);
	assert_int_not_equal(ssh_channel_request_subsystem(ch, "sftp"), SSH_OK);
	ssh_channel_close(ch);
	ssh_channel_free(ch);
	c_close(c);

	assert_true(f_log_wait(f, "channel open refused: direct-tcpip", 1, WAIT_MS));
	assert_true(f_log_wait(f, "port forwarding refused", 1, WAIT_MS));
	assert_true(f_log_wait(f, "subsystem request refused", 1, WAIT_MS));
	assert_true(f_log_wait(f, "agent forwarding refused", 1, WAIT_MS));
	assert_true(f_log_wait(f, "channel request refused: x11-req", 1, WAIT_MS));

	/* The server still serves after all that. */
	c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	assert_non_null(c);
	assert_int_equal(c_exec(c, "whoami", &out, NULL, &status, C_DEADLINE_MS), 0);
	assert_int_equal(status, 0);
	free(out);
	c_close(c);
}

/* Waits until the server has exactly n descendant processes. */
static bool descendants_become(struct fixture *f, int n, int deadline_ms)
{
	int64_t end = h_now_ms() + deadline_ms;
	pid_t pids[64];

	while (h_now_ms() < end) {
		if (h_proc_descendants(f->s.pid, pids, 64) == n)
			return true;
		poll(NULL, 0, 20);
	}
	return false;
}

/* A client that vanishes frees its two processes; the other session goes on. */
static void test_dead_client_freed(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a = f_alice(f), *b = f_bob(f);
	pid_t pids[64];

	assert_non_null(a);
	assert_non_null(b);
	/* One connection process and one session process per login. */
	assert_int_equal(h_proc_descendants(f->s.pid, pids, 64), 4);
	c_vanish(a);
	assert_true(descendants_become(f, 2, WAIT_MS));
	assert_int_equal(c_send(b, K_DOWN), 0);
	assert_true(c_wait_change(b, C_DEADLINE_MS));
	assert_true(h_server_alive(&f->s));
	c_close(b);
	assert_true(descendants_become(f, 0, WAIT_MS));
}

/* A session without a keystroke for the idle timeout is ended, with its status. */
static void test_idle_session_ended(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a;
	int status = -1;

	assert_int_equal(restart_with(f, "--idle-timeout", "2"), 0);
	a = f_alice(f);
	assert_non_null(a);
	assert_true(c_wait_closed(a, WAIT_MS, &status));
	assert_int_equal(status, 0);
	c_close(a);
	assert_true(f_log_wait(f, "idle for 2 s: ending it", 1, WAIT_MS));
	assert_true(descendants_become(f, 0, WAIT_MS));
}

/* The session process of the server (a descendant whose parent is not the server). */
static pid_t session_pid(struct fixture *f)
{
	pid_t pids[64];
	int n = h_proc_descendants(f->s.pid, pids, 64);

	for (int i = 0; i < n && i < 64; i++)
		if (h_proc_ppid(pids[i]) != f->s.pid)
			return pids[i];
	return -1;
}

/* The system call pid is blocked in (from /proc/pid/syscall), or -1. */
static long proc_syscall(pid_t pid)
{
	char path[64], *text;
	long nr = -1;

	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	text = h_read_file(path, NULL);
	if (text != NULL && text[0] >= '0' && text[0] <= '9')
		nr = strtol(text, NULL, 10);
	free(text);
	return nr;
}

/* Bytes pid has written so far (wchar of /proc/pid/io), or -1. */
static long long proc_wchar(pid_t pid)
{
	char path[64], *text, *p;
	long long n = -1;

	snprintf(path, sizeof path, "/proc/%d/io", (int)pid);
	text = h_read_file(path, NULL);
	if (text != NULL && (p = strstr(text, "wchar: ")) != NULL)
		n = strtoll(p + 7, NULL, 10);
	free(text);
	return n;
}

/* Reads what the pty master has within ms; appends the tail to buf. Bytes read or -1. */
static long pty_drain(int master, char *buf, size_t cap, size_t *len, int ms)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	char tmp[16384];
	long total = 0;
	int64_t end = h_now_ms() + ms + 1000;   /* bounded even while output flows */

	while (h_now_ms() < end && poll(&p, 1, ms) > 0) {
		ssize_t r = read(master, tmp, sizeof tmp);

		if (r <= 0)
			return total > 0 ? total : -1;
		total += r;
		for (ssize_t i = 0; i < r; i++) {
			if (*len == cap) {
				memmove(buf, buf + cap / 2, cap / 2);
				*len = cap / 2;
			}
			buf[(*len)++] = tmp[i];
		}
		ms = 0;
	}
	return total;
}

/*
 * A client that stops reading fills only its own window. The real OpenSSH
 * client runs on a pty of this test, which stops reading it: ssh's output
 * backs up, it stops granting window, the server's window is spent, its
 * relay buffer fills, it stops reading the session's pty, and the session
 * process ends up blocked writing its screen. Each resize makes the session
 * repaint; rounds go on until that block is reached. Meanwhile another login
 * is served, and once the test reads again the stuck session comes back.
 */
static void test_full_window_blocks_nobody(void **state)
{
	struct fixture *f = *state;
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	size_t cap = 1 << 20, len = 0;
	char *seen = xmalloc(cap), port[16];
	struct c_conn *a;
	pid_t ssh, ui;
	int master, rounds, st;
	int64_t end;
	long long written;

	snprintf(port, sizeof port, "%d", f->s.port);
	ssh = forkpty(&master, NULL, NULL, &ws);
	assert_true(ssh >= 0);
	if (ssh == 0) {
		setenv("TERM", "xterm", 1);
		execlp("ssh", "ssh", "-tt", "-p", port, "-i", f->priv, "-o", "BatchMode=yes",
		       "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		       "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", F_BOB "@127.0.0.1",
		       (char *)NULL);
		_exit(127);
	}
	end = h_now_ms() + C_DEADLINE_MS;
	while (memmem(seen, len, T_MENU_QUIT, strlen(T_MENU_QUIT)) == NULL && h_now_ms() < end)
		pty_drain(master, seen, cap, &len, 100);
	assert_non_null(memmem(seen, len, T_MENU_QUIT, strlen(T_MENU_QUIT)));
	ui = session_pid(f);
	assert_true(ui > 0);

	for (rounds = 0; rounds < 20000; rounds++) {
		long long before = proc_wchar(ui);

		ws.ws_col = rounds % 2 ? 200 : 190;
		ws.ws_row = rounds % 2 ? 60 : 55;
		assert_int_equal(ioctl(master, TIOCSWINSZ, &ws), 0);
		/* Until the repaint is written and the session waits for input again. */
		end = h_now_ms() + 3000;
		while (h_now_ms() < end &&
		       !(proc_wchar(ui) > before && proc_syscall(ui) == SYS_ppoll))
			poll(NULL, 0, 1);
		if (proc_syscall(ui) == SYS_write)
			break;
	}
	written = proc_wchar(ui);
	fprintf(stderr, "e2e: session blocked writing after %d repaints, %lld bytes written\n",
	        rounds, written);
	assert_int_equal(proc_syscall(ui), SYS_write);

	/* Another login gets its home screen and its echo meanwhile. */
	a = f_alice(f);
	assert_non_null(a);
	assert_int_equal(c_send(a, K_DOWN), 0);
	assert_true(c_wait_change(a, C_DEADLINE_MS));
	c_close(a);
	assert_int_equal(proc_syscall(ui), SYS_write);

	/* Reading again: the stuck session writes out and waits for input again. */
	end = h_now_ms() + 60000;
	while (h_now_ms() < end && proc_syscall(ui) != SYS_ppoll)
		pty_drain(master, seen, cap, &len, 100);
	assert_int_equal(proc_syscall(ui), SYS_ppoll);
	assert_true(proc_wchar(ui) > written);

	/*
	 * ssh writes out what it holds before it leaves: read it meanwhile
	 * (bounded), then SIGKILL if it has not gone.
	 */
	kill(ssh, SIGTERM);
	end = h_now_ms() + C_DEADLINE_MS;
	while (waitpid(ssh, &st, WNOHANG) == 0 && h_now_ms() < end)
		pty_drain(master, seen, cap, &len, 100);
	if (kill(ssh, 0) == 0) {
		kill(ssh, SIGKILL);
		waitpid(ssh, &st, 0);
	}
	close(master);
	free(seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_probe_does_not_login, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_seventh_attempt_never_reached, f_setup,
		                                f_teardown),
		cmocka_unit_test_setup_teardown(test_failed_pubkey_counts, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_methods_offered, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_silent_client_cut_off, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_env_filtered, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_forwarding_refused, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_dead_client_freed, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_idle_session_ended, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_full_window_blocks_nobody, f_setup, f_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
