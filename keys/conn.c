/*
 * conn.c — one connection, in its own process (forked by the listener before
 * key exchange): key exchange and authentication under a deadline, then the
 * requests of one session channel (pty-req, window-change, env, shell, exec)
 * and the event loop that relays bytes until the session or the client ends.
 * Everything the server does not offer (port forwarding, agent, X11,
 * subsystems, other auth methods) is refused here and logged.
 */
#include "keys/keys-int.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/util.h"

#define CONN_FINISH_MS 5000     /* to send the last bytes and the exit status */
#define CONN_TERM_GRACE_MS 5000 /* for the session to say goodbye on SIGTERM */
#define CONN_TERM_BUDGET_MS 8000 /* SIGTERM to channel closed, within the listener's wait */
#define CONN_GOODBYE_MS 2500    /* to pass on what an ended session wrote, client not reading */
#define CONN_POLL_MS 1000

static const char conn_noterm_msg[] =
	"recond a besoin d'un terminal : reconnectez-vous avec ssh -t "
	"(par exemple : ssh -t -p PORT login@serveur).\n";

/* The messages of a refused channel: lines of at most 78 columns, so 80 never cut them. */
static const char conn_signup_exec_msg[] =
	"recond : l'inscription se fait dans le terminal, sans commande\n"
	"(par exemple : ssh -p PORT inscription@serveur).\n";

static const char conn_idle_msg[] =
	"\r\nSession fermée faute d'activité : à bientôt.\r\n";

static const char conn_signup_full_msg[] =
	"recond : trop d'inscriptions sont en cours en ce moment.\r\n"
	"Réessayez dans quelques minutes.\r\n";

static const char conn_crash_msg[] =
	"\033[0m\033[?25h\033[?1049l\r\n"
	"Une erreur interne a interrompu la session ; vos saisies sont enregistrées.\r\n";

static const char conn_signup_limit_msg[] =
	"recond : trop d'inscriptions ont été commencées depuis votre adresse.\r\n"
	"Réessayez dans quelques minutes ; si le problème persiste, écrivez à\r\n"
	"l'équipe du programme.\r\n";

static volatile sig_atomic_t conn_got_term;
static volatile sig_atomic_t conn_got_chld;
static int64_t conn_term_by;    /* when stopping: everything done by then (0: not stopping) */
static int conn_sig_pipe[2] = { -1, -1 };

static void conn_on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP)
		conn_got_term = 1;
	if (sig == SIGCHLD)
		conn_got_chld = 1;
	if (conn_sig_pipe[1] >= 0 && write(conn_sig_pipe[1], "s", 1) < 0) {
		/* the pipe is full: a wake-up is already pending */
	}
	errno = saved;
}

/*
 * The login grace time runs from the connection until a session (shell or
 * exec) starts: a client that never logs in, or logs in (sign-up needs no
 * password) and never opens a channel, is cut off here, and its source is
 * charged by the listener (CONN_EXIT_GRACE).
 */
static void conn_on_alarm(int sig)
{
	static const char msg[] = "recond: login grace time over: connection closed\n";

	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more can be done in a signal handler */
	}
	_exit(CONN_EXIT_GRACE);
}

static int conn_signals(void)
{
	struct sigaction sa;

	if (pipe2(conn_sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return RC_ERR;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = conn_on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = conn_on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return RC_OK;
}

static int conn_sig_cb(socket_t fd, int revents, void *userdata)
{
	char buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		continue;
	return 0;
}

/*
 * Dead links: keepalive probes on the socket and a bound on unacknowledged
 * data, both interval x max, so a vanished client ends the session within a
 * bounded time even while nothing is sent.
 */
static void conn_tcp_options(int fd, const struct keys_config *cfg)
{
	int one = 1, idle = cfg->keepalive_interval_s, cnt = cfg->keepalive_max;
	unsigned int user_timeout = (unsigned int)(cfg->keepalive_interval_s * cfg->keepalive_max) * 1000u;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
	setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout, sizeof user_timeout);
}

/* ---- channel requests ---- */

static bool conn_term_ok(const char *term)
{
	size_t n = strlen(term);

	if (n == 0 || n > TERM_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = term[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '+'))
			return false;
	}
	return true;
}

/*
 * Records a terminal size, clamped to max_cols x max_rows: every screen
 * the session keeps grows with it, so the client may not choose it freely
 * (the excess is ignored, and logged once per request).
 */
static void conn_set_size(struct conn *c, int w, int h, int pxw, int pxh, const char *what)
{
	int cols = w, rows = h;

	if (cols > c->cfg->max_cols)
		cols = c->cfg->max_cols;
	if (rows > c->cfg->max_rows)
		rows = c->cfg->max_rows;
	if (cols != w || rows != h)
		log_info("%s %dx%d from %s clamped to %dx%d", what, w, h, c->peer, cols, rows);
	c->cols = cols;
	c->rows = rows;
	c->px_w = cols == w ? pxw : 0;
	c->px_h = rows == h ? pxh : 0;
}

static int conn_pty_req(ssh_session s, ssh_channel ch, const char *term, int w, int h,
                        int pxw, int pxh, void *userdata)
{
	struct conn *c = userdata;

	if (c->mode != CHAN_IDLE || c->pty)
		return -1;
	c->pty = true;
	strlcpy_(c->term, term != NULL && conn_term_ok(term) ? term : "vt100", sizeof c->term);
	conn_set_size(c, w, h, pxw, pxh, "pty-req");
	return 0;
}

static int conn_window_change(ssh_session s, ssh_channel ch, int w, int h, int pxw, int pxh,
                              void *userdata)
{
	struct conn *c = userdata;

	if (!c->pty)
		return -1;
	conn_set_size(c, w, h, pxw, pxh, "window-change");
	c->last_input_ms = now_ms();
	spawn_resize(c);
	return 0;
}

/* LANG and LC_* only, with a value of plain locale characters. */
static bool conn_env_ok(const char *name, const char *value)
{
	size_t n;

	if (name == NULL || value == NULL)
		return false;
	if (strcmp(name, "LANG") != 0 &&
	    (strncmp(name, "LC_", 3) != 0 || strlen(name) > 20 || strlen(name) < 4))
		return false;
	for (const char *p = name + 3; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || *p == '_'))
			return false;
	n = strlen(value);
	if (n == 0 || n > ENV_VALUE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = value[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-' || ch == '@'))
			return false;
	}
	return true;
}

static int conn_env_req(ssh_session s, ssh_channel ch, const char *name, const char *value,
                        void *userdata)
{
	struct conn *c = userdata;
	char *shown;
	size_t namelen;

	if (c->mode != CHAN_IDLE || c->nenv == ENV_ACCEPT_MAX || !conn_env_ok(name, value)) {
		shown = name != NULL ? xstrndup(name, 40) : xstrdup("?");
		for (char *p = shown; *p != '\0'; p++)
			if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
				*p = '?';
		log_warn("env request refused: %s (login %s, from %s)", shown, c->account.login,
		         c->peer);
		free(shown);
		return -1;
	}
	namelen = strlen(name);
	for (size_t i = 0; i < c->nenv; i++) {
		if (strncmp(c->env[i], name, namelen) == 0 && c->env[i][namelen] == '=') {
			free(c->env[i]);
			c->env[i] = xasprintf("%s=%s", name, value);
			return 0;
		}
	}
	c->env[c->nenv++] = xasprintf("%s=%s", name, value);
	return 0;
}

static int conn_shell_req(ssh_session s, ssh_channel ch, void *userdata)
{
	struct conn *c = userdata;

	if (c->mode != CHAN_IDLE || c->shell_pending || c->exec_command != NULL)
		return -1;
	c->shell_pending = true;
	return 0;
}

static int conn_exec_req(ssh_session s, ssh_channel ch, const char *command, void *userdata)
{
	struct conn *c = userdata;

	if (c->mode != CHAN_IDLE || c->shell_pending || c->exec_command != NULL ||
	    command == NULL || strlen(command) > EXEC_COMMAND_MAX)
		return -1;
	c->exec_command = xstrdup(command);
	/* Its input may follow the request at once: relay_channel_data keeps it from now on. */
	if (!c->signup && exec_reads_input(command))
		c->exec_in.max = EXEC_IN_MAX;
	return 0;
}

static int conn_subsystem_req(ssh_session s, ssh_channel ch, const char *name, void *userdata)
{
	struct conn *c = userdata;

	log_warn("subsystem request refused (login %s, from %s)", c->account.login, c->peer);
	return -1;
}

/*
 * Agent forwarding: libssh takes the request itself (no reply is asked); it
 * is refused by never opening an agent channel, and logged here.
 */
static void conn_agent_req(ssh_session s, ssh_channel ch, void *userdata)
{
	struct conn *c = userdata;

	log_warn("agent forwarding refused (login %s, from %s)", c->account.login, c->peer);
}

static void conn_chan_eof(ssh_session s, ssh_channel ch, void *userdata)
{
	struct conn *c = userdata;

	c->client_eof = true;
}

static void conn_chan_close(ssh_session s, ssh_channel ch, void *userdata)
{
	struct conn *c = userdata;

	c->channel_closed = true;
}

static ssh_channel conn_channel_open(ssh_session s, void *userdata)
{
	struct conn *c = userdata;

	if (!c->authenticated || c->channel != NULL) {
		log_warn("extra session channel refused (from %s)", c->peer);
		return NULL;
	}
	c->channel = ssh_channel_new(s);
	if (c->channel == NULL)
		return NULL;
	memset(&c->chan_cb, 0, sizeof c->chan_cb);
	c->chan_cb.userdata = c;
	c->chan_cb.channel_data_function = relay_channel_data;
	c->chan_cb.channel_eof_function = conn_chan_eof;
	c->chan_cb.channel_close_function = conn_chan_close;
	c->chan_cb.channel_pty_request_function = conn_pty_req;
	c->chan_cb.channel_shell_request_function = conn_shell_req;
	c->chan_cb.channel_pty_window_change_function = conn_window_change;
	c->chan_cb.channel_exec_request_function = conn_exec_req;
	c->chan_cb.channel_env_request_function = conn_env_req;
	c->chan_cb.channel_subsystem_request_function = conn_subsystem_req;
	c->chan_cb.channel_write_wontblock_function = relay_wontblock;
	c->chan_cb.channel_auth_agent_req_function = conn_agent_req;
	ssh_callbacks_init(&c->chan_cb);
	ssh_set_channel_callbacks(c->channel, &c->chan_cb);
	return c->channel;
}

/*
 * Every message no callback took: refused with libssh's default reply
 * (failure), and logged. Other authentication methods count as attempts.
 */
static int conn_refuse(ssh_session s, ssh_message msg, void *userdata)
{
	struct conn *c = userdata;
	int type = ssh_message_type(msg), sub = ssh_message_subtype(msg);

	switch (type) {
	case SSH_REQUEST_SERVICE:
		return 1;       /* the default reply accepts ssh-userauth */
	case SSH_REQUEST_AUTH:
		if (!c->authenticated && !c->auth_over)
			auth_failed(c, sub == SSH_AUTH_METHOD_GSSAPI_MIC ? "gssapi-with-mic" :
			               sub == SSH_AUTH_METHOD_INTERACTIVE ? "keyboard-interactive" :
			               "other", ssh_message_auth_user(msg));
		return 1;
	case SSH_REQUEST_CHANNEL_OPEN:
		log_warn("channel open refused: %s (login %s, from %s)",
		         sub == SSH_CHANNEL_DIRECT_TCPIP ? "direct-tcpip" :
		         sub == SSH_CHANNEL_FORWARDED_TCPIP ? "forwarded-tcpip" :
		         sub == SSH_CHANNEL_X11 ? "x11" :
		         sub == SSH_CHANNEL_AUTH_AGENT ? "auth-agent" : "other",
		         c->account.login, c->peer);
		return 1;
	case SSH_REQUEST_CHANNEL:
		log_warn("channel request refused: %s (login %s, from %s)",
		         sub == SSH_CHANNEL_REQUEST_X11 ? "x11-req" : "unknown",
		         c->account.login, c->peer);
		return 1;
	case SSH_REQUEST_GLOBAL:
		if (sub == SSH_GLOBAL_REQUEST_TCPIP_FORWARD ||
		    sub == SSH_GLOBAL_REQUEST_CANCEL_TCPIP_FORWARD)
			log_warn("port forwarding refused (login %s, from %s)", c->account.login,
			         c->peer);
		return 1;
	default:
		return 1;
	}
}

/* ---- the loop ---- */

/* Sends exit status, EOF and close; waits (bounded) for the bytes to leave. */
static void conn_close_channel(struct conn *c, int status)
{
	int64_t deadline = now_ms() + CONN_FINISH_MS;

	if (conn_term_by != 0 && conn_term_by < deadline)
		deadline = conn_term_by;

	if (c->channel == NULL || c->channel_closed)
		return;
	ssh_channel_request_send_exit_status(c->channel, status);
	ssh_channel_send_eof(c->channel);
	ssh_channel_close(c->channel);
	c->mode = CHAN_CLOSING;
	/* Wait for the client's close so that nothing is cut short. */
	while (!c->channel_closed && ssh_is_connected(c->session) && now_ms() < deadline) {
		if (ssh_event_dopoll(c->event, 100) == SSH_ERROR)
			break;
	}
}

/* Flushes the queues for at most CONN_FINISH_MS; true when they are empty. */
static bool conn_drain(struct conn *c)
{
	int64_t deadline = now_ms() + CONN_FINISH_MS;

	while (c->out.len + c->err.len > 0 && !c->channel_closed &&
	       ssh_is_connected(c->session) && now_ms() < deadline) {
		if (relay_flush(c) < 0)
			return false;
		if (c->out.len + c->err.len == 0)
			break;
		if (ssh_event_dopoll(c->event, 100) == SSH_ERROR)
			return false;
	}
	return c->out.len + c->err.len == 0;
}

/* Ends the channel of a sign-up login with a message (err) and status 1. */
static void conn_signup_refuse(struct conn *c, const char *msg, const char *what)
{
	c->mode = CHAN_NOTERM;
	bytebuf_put(&c->err, msg, strlen(msg));
	log_info("sign-up %s from %s: refused", what, c->peer);
	conn_drain(c);
	conn_close_channel(c, 1);
}

static void conn_start_requests(struct conn *c)
{
	if (c->signup && c->mode == CHAN_IDLE && (c->exec_command != NULL || c->shell_pending)) {
		c->shell_pending = false;
		if (c->signup_answer == STATUS_SIGNUP_FULL)
			conn_signup_refuse(c, conn_signup_full_msg, "session (server's limit reached)");
		else if (c->signup_answer != STATUS_SIGNUP_YES)
			conn_signup_refuse(c, conn_signup_limit_msg, "session (limit reached)");
		else if (c->exec_command != NULL)
			conn_signup_refuse(c, conn_signup_exec_msg, "exec");
		else if (!c->pty)
			conn_signup_refuse(c, conn_noterm_msg, "shell without pty");
		if (c->mode != CHAN_IDLE)
			return;
		c->shell_pending = true;
	}
	if (c->exec_command != NULL && c->mode == CHAN_IDLE && c->exec_in.max > 0) {
		/* It runs once the client's EOF says its input is whole (conn_exec_input). */
		c->mode = CHAN_EXEC_INPUT;
		alarm(0);
		c->last_input_ms = now_ms();
		return;
	}
	if (c->exec_command != NULL && c->mode == CHAN_IDLE) {
		int status;

		c->mode = CHAN_EXEC;
		alarm(0);
		c->out.max = EXEC_OUT_MAX;
		c->err.max = EXEC_OUT_MAX;
		status = exec_run(c->cfg, &c->account, c->exec_command, &c->out, &c->err);
		log_info("exec by %s from %s: status %d", c->account.login, c->peer, status);
		conn_drain(c);
		conn_close_channel(c, status);
		return;
	}
	if (c->shell_pending && c->mode == CHAN_IDLE) {
		c->shell_pending = false;
		if (!c->pty) {
			c->mode = CHAN_NOTERM;
			bytebuf_put(&c->err, conn_noterm_msg, sizeof conn_noterm_msg - 1);
			log_info("shell without pty from %s (%s): refused", c->peer, c->account.login);
			conn_drain(c);
			conn_close_channel(c, 1);
			return;
		}
		if (spawn_session(c) != RC_OK) {
			static const char msg[] = "recond : la session n'a pas pu démarrer.\r\n";

			bytebuf_put(&c->err, msg, sizeof msg - 1);
			conn_drain(c);
			conn_close_channel(c, 1);
			return;
		}
		c->mode = CHAN_SHELL;
		alarm(0);
		/* From here on this process only relays: no file, no exec, no fork. */
		if (sandbox_relay() != RC_OK) {
			conn_close_channel(c, 1);
			return;
		}
		/*
		 * Key exchange and authentication left freed heap behind; the
		 * process now lives as long as the session, so give it back.
		 */
		malloc_trim(0);
	}
}

/*
 * An exec command that reads its standard input: refused as soon as more
 * than EXEC_IN_MAX came (what came is dropped, the rest never read), or
 * when the input stops for the idle timeout; run once the client's EOF.
 */
static void conn_exec_input(struct conn *c, int idle_s)
{
	static const char too_big[] =
		N_("recond : entrée trop volumineuse (8 Mio au plus) : rien n'a été importé.\n");
	static const char too_slow[] =
		N_("recond : entrée interrompue (aucune donnée reçue depuis trop longtemps) : "
		   "rien n'a été importé.\n");
	int status;

	if (c->exec_in_over || (idle_s > 0 && now_ms() - c->last_input_ms > (int64_t)idle_s * 1000)) {
		const char *msg = _(c->exec_in_over ? too_big : too_slow);

		c->mode = CHAN_EXEC;
		log_info("exec by %s from %s: input refused (%s)", c->account.login, c->peer,
		         c->exec_in_over ? "too big" : "idle");
		bytebuf_free(&c->exec_in);
		c->out.max = EXEC_OUT_MAX;
		c->err.max = EXEC_OUT_MAX;
		bytebuf_put(&c->err, msg, strlen(msg));
		conn_drain(c);
		conn_close_channel(c, 1);
		return;
	}
	if (!c->client_eof)
		return;
	c->mode = CHAN_EXEC;
	c->out.max = EXEC_OUT_MAX;
	c->err.max = EXEC_OUT_MAX;
	status = exec_run_input(c->cfg, &c->account, c->exec_command, c->exec_in.data,
	                        c->exec_in.len, &c->out, &c->err);
	log_info("exec by %s from %s: %zu bytes of input, status %d", c->account.login, c->peer,
	         c->exec_in.len, status);
	bytebuf_free(&c->exec_in);
	conn_drain(c);
	conn_close_channel(c, status);
}

static void conn_keepalive(struct conn *c, int64_t *next)
{
	int64_t t = now_ms();

	if (t < *next)
		return;
	*next = t + (int64_t)c->cfg->keepalive_interval_s * 1000;
	ssh_send_keepalive(c->session);
}

static int conn_authenticate(struct conn *c)
{
	int64_t deadline = now_ms() + (int64_t)c->cfg->login_grace_s * 1000;

	while (!c->authenticated) {
		if (c->auth_over || conn_got_term)
			return RC_DENIED;
		if (ssh_event_dopoll(c->event, CONN_POLL_MS) == SSH_ERROR ||
		    !ssh_is_connected(c->session)) {
			log_info("client %s left before authenticating", c->peer);
			return RC_DENIED;
		}
		if (now_ms() >= deadline) {
			log_info("login grace time over for %s", c->peer);
			return RC_FULL;
		}
	}
	return RC_OK;
}

static void conn_serve(struct conn *c)
{
	int64_t next_ka = now_ms() + (int64_t)c->cfg->keepalive_interval_s * 1000;
	int64_t term_deadline = 0, finish_by = 0;
	bool idle = false, idle_said = false, crash_said = false;
	int idle_s = c->cfg->idle_timeout_s;

	/* A sign-up session is anonymous: its idle timeout is the shorter one. */
	if (c->signup && c->cfg->signup_idle_timeout_s > 0 &&
	    (idle_s == 0 || c->cfg->signup_idle_timeout_s < idle_s))
		idle_s = c->cfg->signup_idle_timeout_s;

	c->last_input_ms = now_ms();
	c->out.max = RELAY_OUT_MAX;
	c->err.max = RELAY_OUT_MAX;
	c->in.max = RELAY_IN_MAX;
	for (;;) {
		if (c->mode == CHAN_SHELL)
			relay_update_events(c);
		if (ssh_event_dopoll(c->event, finish_by != 0 ? 100 : CONN_POLL_MS) == SSH_ERROR ||
		    !ssh_is_connected(c->session)) {
			log_info("client %s (%s) gone", c->peer, c->account.login);
			return;
		}
		if (c->channel_closed) {
			log_info("channel closed by %s (%s)", c->peer, c->account.login);
			return;
		}
		if (c->mode == CHAN_IDLE) {
			conn_start_requests(c);
			if (c->mode == CHAN_CLOSING)
				return;
		}
		if (c->mode == CHAN_EXEC_INPUT) {
			conn_exec_input(c, idle_s);
			if (c->mode == CHAN_CLOSING)
				return;
		}
		if (!idle && idle_s > 0 && c->mode == CHAN_SHELL &&
		    now_ms() - c->last_input_ms > (int64_t)idle_s * 1000) {
			log_info("session of %s from %s idle for %d s: ending it", c->account.login,
			         c->peer, idle_s);
			idle = true;
		}
		if (conn_got_term || idle) {
			if (c->mode != CHAN_SHELL)
				return;
			if (term_deadline == 0) {
				/*
				 * On SIGTERM the session says the server is stopping.
				 * An idle one gets SIGHUP instead: it puts the terminal
				 * back without a word, and the goodbye below says why.
				 */
				if (c->ui_pid > 0)
					kill(c->ui_pid, conn_got_term ? SIGTERM : SIGHUP);
				term_deadline = now_ms() + CONN_TERM_GRACE_MS;
				if (conn_got_term)
					conn_term_by = now_ms() + CONN_TERM_BUDGET_MS;
			} else if (now_ms() > term_deadline && !c->ui_exited) {
				return;
			}
		}
		if (c->mode == CHAN_SHELL) {
			/* Reading the pty is the event callback's job; this only pushes what waits. */
			if (relay_flush(c) < 0)
				return;
			if (conn_got_chld) {
				conn_got_chld = 0;
				spawn_reap(c);
			}
			if (c->ui_exited) {
				/*
				 * What the session wrote before it ended (its goodbye
				 * line, the terminal put back) goes out before the
				 * channel closes: all of it, unless the client reads
				 * nothing for CONN_GOODBYE_MS.
				 */
				if (finish_by == 0) {
					finish_by = now_ms() + CONN_GOODBYE_MS;
					if (conn_term_by != 0 && conn_term_by < finish_by)
						finish_by = conn_term_by;
				}
				relay_read_master(c);
				if (idle && !conn_got_term && !idle_said && c->pty_eof) {
					/* After all the session wrote; an idle end is a normal end. */
					bytebuf_put(&c->out, conn_idle_msg, sizeof conn_idle_msg - 1);
					c->exit_status = 0;
					idle_said = true;
				}
				if (c->ui_signal != 0 && !crash_said && c->pty_eof) {
					/* It could not put the terminal back: this does, then says why. */
					bytebuf_put(&c->out, conn_crash_msg, sizeof conn_crash_msg - 1);
					crash_said = true;
				}
				if (relay_flush(c) < 0)
					return;
				if ((c->pty_eof && c->out.len + c->err.len == 0) || now_ms() >= finish_by) {
					if (c->out.len + c->err.len > 0 || !c->pty_eof)
						log_info("session of %s ended: its last output not all delivered "
						         "(client not reading)", c->account.login);
					conn_close_channel(c, c->exit_status);
					return;
				}
			}
		}
		conn_keepalive(c, &next_ka);
	}
}

/* The address and port the client reached (for the sign-up instructions). */
static void conn_local_address(struct conn *c, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	strlcpy_(c->local_host, c->cfg->listen_host, sizeof c->local_host);
	c->local_port = c->cfg->port;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &in->sin_addr, c->local_host, sizeof c->local_host);
		c->local_port = ntohs(in->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, c->local_host, sizeof c->local_host);
		c->local_port = ntohs(in6->sin6_port);
	}
}

int conn_main(const struct keys_config *cfg, ssh_bind bind, int fd, const char *peer,
              int status_fd)
{
	struct conn conn, *c = &conn;
	long timeout = cfg->login_grace_s;
	int status = 1;

	memset(c, 0, sizeof *c);
	c->cfg = cfg;
	c->status_fd = status_fd;
	c->master = -1;
	strlcpy_(c->peer, peer, sizeof c->peer);
	conn_local_address(c, fd);
	if (sandbox_connection() != RC_OK || conn_signals() != RC_OK) {
		close(fd);
		goto out;
	}
	alarm((unsigned int)cfg->login_grace_s);
	conn_tcp_options(fd, cfg);

	c->session = ssh_new();
	if (c->session == NULL) {
		close(fd);
		goto out;
	}
	if (ssh_bind_accept_fd(bind, c->session, fd) != SSH_OK) {
		log_error("accept %s: %s", peer, ssh_get_error(bind));
		close(fd);
		goto out;
	}
	ssh_options_set(c->session, SSH_OPTIONS_TIMEOUT, &timeout);
	c->server_cb.userdata = c;
	c->server_cb.channel_open_request_session_function = conn_channel_open;
	auth_setup(c);
	ssh_callbacks_init(&c->server_cb);
	ssh_set_server_callbacks(c->session, &c->server_cb);
	ssh_set_message_callback(c->session, conn_refuse, c);

	if (ssh_handle_key_exchange(c->session) != SSH_OK) {
		log_info("key exchange with %s failed: %s", peer, ssh_get_error(c->session));
		goto out;
	}
	ssh_set_blocking(c->session, 0);
	c->event = ssh_event_new();
	if (c->event == NULL || ssh_event_add_session(c->event, c->session) != SSH_OK ||
	    ssh_event_add_fd(c->event, conn_sig_pipe[0], POLLIN, conn_sig_cb, c) != SSH_OK)
		goto out;

	switch (conn_authenticate(c)) {
	case RC_OK:
		break;
	case RC_FULL:
		status = CONN_EXIT_GRACE;
		goto out;
	default:
		goto out;
	}
	/* The alarm keeps running: the grace time ends when a session starts. */
	auth_done(c);
	if (c->status_fd >= 0) {
		close(c->status_fd);
		c->status_fd = -1;
	}
	conn_serve(c);
	status = 0;
out:
	alarm(0);
	if (c->ui_pid > 0)
		spawn_stop(c, 2000);
	auth_done(c);
	if (c->master >= 0) {
		if (c->master_in_event)
			ssh_event_remove_fd(c->event, c->master);
		close(c->master);
	}
	if (c->event != NULL) {
		ssh_event_remove_fd(c->event, conn_sig_pipe[0]);
		if (c->session != NULL)
			ssh_event_remove_session(c->event, c->session);
		ssh_event_free(c->event);
	}
	if (c->session != NULL) {
		ssh_disconnect(c->session);
		ssh_free(c->session);
	}
	for (size_t i = 0; i < c->nenv; i++)
		free(c->env[i]);
	free(c->exec_command);
	bytebuf_free(&c->out);
	bytebuf_free(&c->err);
	bytebuf_free(&c->in);
	bytebuf_free(&c->exec_in);
	account_clear(&c->account);
	if (c->status_fd >= 0)
		close(c->status_fd);
	return status;
}
