/*
 * spawn.c — starting and ending the session process of a login: a pty of
 * the client's size, fork, and in the child a new session whose controlling
 * terminal is the pty slave, a clean environment, every descriptor closed
 * but the identity pipe, and exec of this very binary as
 * `recond session --data DIR --identity-fd 3 --log-fd 4`. The account id is
 * written to that pipe as decimal text and "\n" — or, for the sign-up login,
 * the line "signup LOGIN PORT HOST\n" — then the pipe is closed. Descriptor 4
 * is a copy of the server's stderr: the session's log lines (and any
 * sanitizer report) land in the server's log, never on the person's screen.
 * The session's memory is capped (RLIMIT_DATA) and it gets SIGHUP if the
 * connection process dies.
 */
#include "keys/keys-int.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

#define IDENTITY_FD 3
#define LOG_FD 4
#define SESSION_PATH "/usr/local/bin:/usr/bin:/bin"

static void spawn_winsize(const struct conn *c, struct winsize *ws)
{
	memset(ws, 0, sizeof *ws);
	ws->ws_col = (unsigned short)(c->cols > 0 && c->cols < 10000 ? c->cols : 80);
	ws->ws_row = (unsigned short)(c->rows > 0 && c->rows < 10000 ? c->rows : 24);
	ws->ws_xpixel = (unsigned short)(c->px_w > 0 && c->px_w < 65536 ? c->px_w : 0);
	ws->ws_ypixel = (unsigned short)(c->px_h > 0 && c->px_h < 65536 ? c->px_h : 0);
}

void spawn_resize(struct conn *c)
{
	struct winsize ws;

	if (c->master < 0)
		return;
	spawn_winsize(c, &ws);
	if (ioctl(c->master, TIOCSWINSZ, &ws) != 0)
		log_warn("TIOCSWINSZ: %s", strerror(errno));
}

/* In the child: never returns. Only async-signal-safe work until exec. */
static void spawn_child(struct conn *c, int slave, int id_read)
{
	char *argv[] = { "recond", "session", "--data", (char *)c->cfg->data_dir,
	                 "--identity-fd", "3", "--log-fd", "4", NULL };
	char *envp[ENV_ACCEPT_MAX + 4];
	char term[TERM_NAME_MAX + 8];
	size_t n = 0;
	bool has_lang = false;
	sigset_t none;
	int log_copy;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	/* The server's stderr, kept above the descriptors about to be set. */
	if ((log_copy = fcntl(STDERR_FILENO, F_DUPFD, LOG_FD + 1)) < 0)
		_exit(127);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) != 0)
		_exit(127);
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
		_exit(127);
	if (id_read == IDENTITY_FD) {
		if (fcntl(IDENTITY_FD, F_SETFD, 0) != 0)
			_exit(127);
	} else if (dup2(id_read, IDENTITY_FD) < 0) {
		_exit(127);
	}
	if (dup2(log_copy, LOG_FD) < 0)
		_exit(127);
	close_range(LOG_FD + 1, ~0U, 0);
	/*
	 * Its memory is capped (RLIMIT_DATA counts the heap and private maps,
	 * not LMDB's shared file map), and it ends if this process dies.
	 */
	if (c->cfg->session_memory_mib > 0 && !KEYS_SANITIZED) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)c->cfg->session_memory_mib << 20;
		if (setrlimit(RLIMIT_DATA, &rl) != 0)
			_exit(127);
	}
	if (prctl(PR_SET_PDEATHSIG, SIGHUP) != 0)
		_exit(127);

	snprintf(term, sizeof term, "TERM=%s", c->term[0] != '\0' ? c->term : "vt100");
	envp[n++] = term;
	envp[n++] = "PATH=" SESSION_PATH;
	for (size_t i = 0; i < c->nenv; i++) {
		envp[n++] = c->env[i];
		if (strncmp(c->env[i], "LANG=", 5) == 0)
			has_lang = true;
	}
	if (!has_lang)
		envp[n++] = "LANG=C.UTF-8";
	envp[n] = NULL;
	execve("/proc/self/exe", argv, envp);
	_exit(127);
}

int spawn_session(struct conn *c)
{
	struct winsize ws;
	int master = -1, slave = -1, idp[2] = { -1, -1 };
	char idtext[2 * PEER_MAX + LOGIN_MAX + 32];
	pid_t pid;
	int len, rc = RC_ERR;

	spawn_winsize(c, &ws);
	if (openpty(&master, &slave, NULL, NULL, &ws) != 0) {
		log_error("openpty: %s", strerror(errno));
		goto out;
	}
	if (pipe2(idp, O_CLOEXEC) != 0) {
		log_error("pipe: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		close(master);
		close(idp[1]);
		spawn_child(c, slave, idp[0]);
	}
	if (c->signup) {
		/* The client's address without its port: the SIRETs tried are counted by address. */
		char source[PEER_MAX], *colon;

		strlcpy_(source, c->peer, sizeof source);
		if ((colon = strrchr(source, ':')) != NULL)
			*colon = '\0';
		if (strspn(source, "0123456789abcdefABCDEF.:") != strlen(source))
			source[0] = '\0';
		len = snprintf(idtext, sizeof idtext, "signup %s %d %s %s\n", c->account.login,
		               c->local_port, c->local_host, source[0] != '\0' ? source : "");
	}
	else
		len = snprintf(idtext, sizeof idtext, "%llu\n", (unsigned long long)c->account.id);
	if (write(idp[1], idtext, (size_t)len) != len)
		log_warn("identity pipe: short write");
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	fcntl(master, F_SETFD, FD_CLOEXEC);
	c->master = master;
	master = -1;
	c->ui_pid = pid;
	log_info("session started for %s (pid %ld, %dx%d, TERM %s)", c->account.login,
	         (long)pid, ws.ws_col, ws.ws_row, c->term);
	rc = RC_OK;
out:
	if (master >= 0)
		close(master);
	if (slave >= 0)
		close(slave);
	if (idp[0] >= 0)
		close(idp[0]);
	if (idp[1] >= 0)
		close(idp[1]);
	return rc;
}

bool spawn_reap(struct conn *c)
{
	int status;
	pid_t r;

	if (c->ui_pid <= 0)
		return c->ui_exited;
	r = waitpid(c->ui_pid, &status, WNOHANG);
	if (r != c->ui_pid)
		return false;
	c->ui_exited = true;
	c->ui_pid = 0;
	if (WIFEXITED(status)) {
		c->exit_status = WEXITSTATUS(status);
		log_info("session of %s ended (status %d)", c->account.login, c->exit_status);
	} else if (WIFSIGNALED(status)) {
		c->exit_status = 128 + WTERMSIG(status);
		if (WTERMSIG(status) != SIGHUP && WTERMSIG(status) != SIGTERM &&
		    WTERMSIG(status) != SIGKILL) {
			c->ui_signal = WTERMSIG(status);
			log_error("session of %s (pid %ld) crashed: signal %d (%s)", c->account.login,
			          (long)r, c->ui_signal, strsignal(c->ui_signal));
		} else {
			log_info("session of %s ended by signal %d", c->account.login,
			         WTERMSIG(status));
		}
	}
	return true;
}

void spawn_stop(struct conn *c, int grace_ms)
{
	int64_t deadline;
	struct timespec pause = { 0, 10 * 1000 * 1000 };

	if (c->ui_pid <= 0)
		return;
	/* The session leads its own process group (setsid). */
	kill(-c->ui_pid, SIGHUP);
	kill(c->ui_pid, SIGHUP);
	deadline = now_ms() + grace_ms;
	while (!spawn_reap(c) && now_ms() < deadline)
		nanosleep(&pause, NULL);
	if (c->ui_pid > 0) {
		log_warn("session pid %ld did not end: killing it", (long)c->ui_pid);
		kill(-c->ui_pid, SIGKILL);
		kill(c->ui_pid, SIGKILL);
		while (!spawn_reap(c))
			nanosleep(&pause, NULL);
	}
}
