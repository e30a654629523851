/*
 * client.c — the client side of the end-to-end tests: libssh client
 * sessions, a pty shell rendered by libvterm, keys, resize, exec, and the
 * two ways of leaving (see client.h for the contracts).
 */
#include "tests/e2e/client.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <vterm.h>

#include "core/util.h"

#define EXEC_CAP   (4u << 20)

struct c_conn {
	ssh_session ssh;
	ssh_channel chan;       /* the shell channel, NULL before c_shell */
	int pty;                /* direct sessions: the pty master (else -1) */
	pid_t pid;              /* direct sessions: the session process */
	int status;             /* direct sessions: its exit status once reaped */
	VTerm *vt;
	VTermScreen *screen;
	int cols, rows;
	uint64_t received;
	bool closed;
	char *text;             /* scratch for c_screen_text / c_screen_dump */
	size_t text_cap;
	bool recording;         /* keep the raw bytes received (c_record) */
	char *raw;
	size_t raw_len, raw_cap;
};

/* Appends received bytes to the raw record when recording. */
static void conn_keep(struct c_conn *c, const char *buf, size_t n)
{
	if (!c->recording || n == 0)
		return;
	if (c->raw_len + n > c->raw_cap) {
		size_t cap = c->raw_cap ? c->raw_cap : 65536;

		while (cap < c->raw_len + n)
			cap *= 2;
		c->raw = realloc(c->raw, cap);
		if (c->raw == NULL)
			abort();
		c->raw_cap = cap;
	}
	memcpy(c->raw + c->raw_len, buf, n);
	c->raw_len += n;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("e2e client: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int c_global_init(void)
{
	signal(SIGPIPE, SIG_IGN);
	return ssh_init() == SSH_OK ? 0 : -1;
}

struct c_conn *c_connect(int port)
{
	return c_connect_from(port, NULL);
}

struct c_conn *c_connect_from(int port, const char *from)
{
	struct c_conn *c = xcalloc(1, sizeof *c);

	c->pty = -1;
	long timeout = 30;
	int verbosity = SSH_LOG_NOLOG;
	int nodelay = 1;

	if ((c->ssh = ssh_new()) == NULL) {
		free(c);
		return NULL;
	}
	ssh_options_set(c->ssh, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(c->ssh, SSH_OPTIONS_PORT, &port);
	ssh_options_set(c->ssh, SSH_OPTIONS_TIMEOUT, &timeout);
	ssh_options_set(c->ssh, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
	/* An interactive client, like OpenSSH's: no Nagle delay on small packets. */
	ssh_options_set(c->ssh, SSH_OPTIONS_NODELAY, &nodelay);
	/* Do not read ~/.ssh/config or known_hosts: tests are self-contained. */
	ssh_options_set(c->ssh, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
	ssh_options_set(c->ssh, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
	if (from != NULL)
		ssh_options_set(c->ssh, SSH_OPTIONS_BINDADDR, from);
	if (ssh_connect(c->ssh) != SSH_OK) {
		say("connect to port %d: %s", port, ssh_get_error(c->ssh));
		ssh_free(c->ssh);
		free(c);
		return NULL;
	}
	return c;
}

int c_auth_password(struct c_conn *c, const char *login, const char *password)
{
	return ssh_userauth_password(c->ssh, login, password);
}

int c_auth_none(struct c_conn *c, const char *login)
{
	return ssh_userauth_none(c->ssh, login);
}

int c_auth_key(struct c_conn *c, const char *login, const char *privkey_path)
{
	ssh_key key = NULL;
	int rc;

	if (ssh_pki_import_privkey_file(privkey_path, NULL, NULL, NULL, &key) != SSH_OK) {
		say("cannot read private key %s", privkey_path);
		return SSH_AUTH_ERROR;
	}
	rc = ssh_userauth_publickey(c->ssh, login, key);
	ssh_key_free(key);
	return rc;
}

int c_probe_key(struct c_conn *c, const char *login, const char *pubkey_path)
{
	ssh_key key = NULL;
	int rc;

	if (ssh_pki_import_pubkey_file(pubkey_path, &key) != SSH_OK) {
		say("cannot read public key %s", pubkey_path);
		return SSH_AUTH_ERROR;
	}
	rc = ssh_userauth_try_publickey(c->ssh, login, key);
	ssh_key_free(key);
	return rc;
}

struct c_conn *c_login(int port, const char *login, const char *password,
                       const char *privkey_path)
{
	return c_login_from(port, NULL, login, password, privkey_path);
}

struct c_conn *c_login_from(int port, const char *from, const char *login,
                            const char *password, const char *privkey_path)
{
	struct c_conn *c = c_connect_from(port, from);
	int rc;

	if (c == NULL)
		return NULL;
	rc = privkey_path ? c_auth_key(c, login, privkey_path)
	                  : c_auth_password(c, login, password);
	if (rc != SSH_AUTH_SUCCESS) {
		say("authentication of %s refused (%d): %s", login, rc, ssh_get_error(c->ssh));
		c_close(c);
		return NULL;
	}
	return c;
}

/* libvterm's answers to the application's queries go back to the server. */
static void vt_output(const char *s, size_t len, void *user)
{
	struct c_conn *c = user;

	if (c->pty >= 0 && !c->closed)
		(void)!write(c->pty, s, len);
	else if (c->chan != NULL && !c->closed)
		ssh_channel_write(c->chan, s, (uint32_t)len);
}

int c_shell(struct c_conn *c, const char *term, int cols, int rows)
{
	if (c->chan != NULL) {
		say("shell already open");
		return -1;
	}
	if ((c->chan = ssh_channel_new(c->ssh)) == NULL)
		return -1;
	if (ssh_channel_open_session(c->chan) != SSH_OK) {
		say("open session channel: %s", ssh_get_error(c->ssh));
		goto fail;
	}
	if (ssh_channel_request_pty_size(c->chan, term, cols, rows) != SSH_OK) {
		say("pty-req: %s", ssh_get_error(c->ssh));
		goto fail;
	}
	if (ssh_channel_request_shell(c->chan) != SSH_OK) {
		say("shell: %s", ssh_get_error(c->ssh));
		goto fail;
	}
	c->cols = cols;
	c->rows = rows;
	c->vt = vterm_new(rows, cols);
	vterm_set_utf8(c->vt, 1);
	vterm_output_set_callback(c->vt, vt_output, c);
	c->screen = vterm_obtain_screen(c->vt);
	vterm_screen_reset(c->screen, 1);
	return 0;
fail:
	ssh_channel_free(c->chan);
	c->chan = NULL;
	return -1;
}

/* Appends to a capped buffer. */
static void buf_add(char **buf, size_t *len, size_t *cap, const char *p, size_t n)
{
	if (*len + n + 1 > EXEC_CAP)
		n = EXEC_CAP - *len - 1;
	if (*len + n + 1 > *cap) {
		while (*len + n + 1 > *cap)
			*cap *= 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
}

int c_exec(struct c_conn *c, const char *cmd, char **out, char **err, int *status,
           int deadline_ms)
{
	return c_exec_in(c, cmd, NULL, 0, NULL, out, err, status, deadline_ms);
}

int c_exec_in(struct c_conn *c, const char *cmd, const char *in, size_t inlen, size_t *sent,
              char **out, char **err, int *status, int deadline_ms)
{
	size_t done = 0;
	ssh_channel ch = NULL;
	char *obuf = xmalloc(256), *ebuf = xmalloc(256), tmp[4096];
	size_t olen = 0, ocap = 256, elen = 0, ecap = 256;
	int64_t deadline = mono_ms() + deadline_ms;
	int rc = -1, n;

	obuf[0] = ebuf[0] = '\0';
	if ((ch = ssh_channel_new(c->ssh)) == NULL)
		goto out;
	if (ssh_channel_open_session(ch) != SSH_OK) {
		say("open session channel: %s", ssh_get_error(c->ssh));
		goto out;
	}
	if ((cmd ? ssh_channel_request_exec(ch, cmd) : ssh_channel_request_shell(ch)) != SSH_OK) {
		say("%s request refused: %s", cmd ? "exec" : "shell", ssh_get_error(c->ssh));
		goto out;
	}
	/* stdin first, in pieces, until all is sent or the server closed the channel */
	while (in != NULL && done < inlen && mono_ms() <= deadline && !ssh_channel_is_closed(ch) &&
	       !ssh_channel_is_eof(ch)) {
		size_t piece = inlen - done < 32768 ? inlen - done : 32768;
		int w = ssh_channel_write(ch, in + done, (uint32_t)piece);

		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (sent != NULL)
		*sent = done;
	if (in != NULL && ssh_channel_is_open(ch) && !ssh_channel_is_closed(ch))
		ssh_channel_send_eof(ch);
	for (;;) {
		bool got = false;

		if (mono_ms() > deadline) {
			say("exec %s: no end within %d ms", cmd ? cmd : "(shell)", deadline_ms);
			goto out;
		}
		n = ssh_channel_read_timeout(ch, tmp, sizeof tmp, 0, 50);
		if (n > 0) {
			buf_add(&obuf, &olen, &ocap, tmp, (size_t)n);
			got = true;
		} else if (n == SSH_ERROR) {
			break;
		}
		while ((n = ssh_channel_read_nonblocking(ch, tmp, sizeof tmp, 1)) > 0) {
			buf_add(&ebuf, &elen, &ecap, tmp, (size_t)n);
			got = true;
		}
		if (!got && (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch)))
			break;
	}
	if (status != NULL)
		*status = ssh_channel_get_exit_status(ch);
	if (out != NULL) {
		*out = obuf;
		obuf = NULL;
	}
	if (err != NULL) {
		*err = ebuf;
		ebuf = NULL;
	}
	rc = 0;
out:
	if (ch != NULL) {
		if (ssh_channel_is_open(ch))
			ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	free(obuf);
	free(ebuf);
	return rc;
}

/* c_pump for a direct session: the pty master. */
static int pump_pty(struct c_conn *c, int timeout_ms)
{
	struct pollfd pfd = { .fd = c->pty, .events = POLLIN };
	char buf[16384];
	int total = 0;

	if (c->closed)
		return -1;
	while (poll(&pfd, 1, total == 0 ? (timeout_ms > 0 ? timeout_ms : 0) : 0) > 0) {
		ssize_t n = read(c->pty, buf, sizeof buf);

		if (n <= 0) {
			if (total > 0)
				break;
			/* EIO: the session closed its side of the pty. */
			c->closed = true;
			if (waitpid(c->pid, &c->status, 0) == c->pid)
				c->pid = -1;
			return -1;
		}
		c->received += (uint64_t)n;
		total += (int)n;
		conn_keep(c, buf, (size_t)n);
		vterm_input_write(c->vt, buf, (size_t)n);
	}
	return total;
}

int c_pump(struct c_conn *c, int timeout_ms)
{
	char buf[16384];
	int n, total = 0;

	if (c->pty >= 0)
		return pump_pty(c, timeout_ms);
	if (c->chan == NULL || c->closed)
		return -1;
	n = ssh_channel_read_timeout(c->chan, buf, sizeof buf, 0, timeout_ms > 0 ? timeout_ms : 0);
	if (timeout_ms <= 0 && n == 0)
		n = ssh_channel_read_nonblocking(c->chan, buf, sizeof buf, 0);
	while (n > 0) {
		c->received += (uint64_t)n;
		total += n;
		conn_keep(c, buf, (size_t)n);
		vterm_input_write(c->vt, buf, (size_t)n);
		n = ssh_channel_read_nonblocking(c->chan, buf, sizeof buf, 0);
	}
	while ((n = ssh_channel_read_nonblocking(c->chan, buf, sizeof buf, 1)) > 0) {
		c->received += (uint64_t)n;
		total += n;
		conn_keep(c, buf, (size_t)n);
		vterm_input_write(c->vt, buf, (size_t)n);
	}
	if (total == 0 && (n == SSH_ERROR || ssh_channel_is_eof(c->chan) ||
	                   ssh_channel_is_closed(c->chan))) {
		c->closed = true;
		return -1;
	}
	return total;
}

bool c_closed(struct c_conn *c, int *status)
{
	if (!c->closed)
		return false;
	if (status != NULL)
		*status = c->pty >= 0 ? (WIFEXITED(c->status) ? WEXITSTATUS(c->status) : -1)
		                      : ssh_channel_get_exit_status(c->chan);
	return true;
}

/* Pumps until pred holds or the deadline passes. */
static bool wait_until(struct c_conn *c, bool (*pred)(struct c_conn *, const void *),
                       const void *arg, int deadline_ms)
{
	int64_t deadline = mono_ms() + deadline_ms;

	for (;;) {
		int64_t left;

		if (pred(c, arg))
			return true;
		left = deadline - mono_ms();
		if (left <= 0)
			return false;
		if (c_pump(c, left > 100 ? 100 : (int)left) < 0)
			return pred(c, arg);
	}
}

static bool pred_text(struct c_conn *c, const void *arg)
{
	return c_screen_contains(c, arg);
}

static bool pred_gone(struct c_conn *c, const void *arg)
{
	return !c_screen_contains(c, arg);
}

bool c_wait_for_text(struct c_conn *c, const char *text, int deadline_ms)
{
	return wait_until(c, pred_text, text, deadline_ms);
}

bool c_wait_gone(struct c_conn *c, const char *text, int deadline_ms)
{
	return wait_until(c, pred_gone, text, deadline_ms);
}

bool c_wait_closed(struct c_conn *c, int deadline_ms, int *status)
{
	int64_t deadline = mono_ms() + deadline_ms;

	while (!c->closed && mono_ms() < deadline)
		c_pump(c, 100);
	return c_closed(c, status);
}

/* The screen text plus the cursor, into a buffer owned by the caller. */
static char *snapshot(struct c_conn *c)
{
	const char *d = c_screen_dump(c);
	int row, col;

	c_cursor(c, &row, &col);
	return xasprintf("%s\n@%d,%d", d, row, col);
}

static bool pred_changed(struct c_conn *c, const void *arg)
{
	char *now = snapshot(c);
	bool changed = strcmp(now, arg) != 0;

	free(now);
	return changed;
}

bool c_wait_change(struct c_conn *c, int deadline_ms)
{
	char *before = snapshot(c);
	bool ok = wait_until(c, pred_changed, before, deadline_ms);

	free(before);
	return ok;
}

/* Encodes one code point as UTF-8 into p (at least 4 bytes); the length. */
static size_t utf8_put(char *p, uint32_t cp)
{
	if (cp < 0x80) {
		p[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (char)(0xc0 | (cp >> 6));
		p[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (char)(0xe0 | (cp >> 12));
		p[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		p[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	p[0] = (char)(0xf0 | (cp >> 18));
	p[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	p[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	p[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static void text_reserve(struct c_conn *c, size_t need)
{
	if (need > c->text_cap) {
		c->text_cap = need;
		c->text = xrealloc(c->text, c->text_cap);
	}
}

/* Appends row `row` to c->text at *len (text_reserve done by the caller). */
static void row_append(struct c_conn *c, int row, size_t *len)
{
	size_t last = *len;

	for (int col = 0; col < c->cols; col++) {
		VTermScreenCell cell;
		VTermPos pos = { .row = row, .col = col };

		if (vterm_screen_get_cell(c->screen, pos, &cell) == 0 || cell.chars[0] == 0) {
			c->text[(*len)++] = ' ';
			continue;
		}
		if (cell.chars[0] == (uint32_t)-1)
			continue;   /* right half of a wide character */
		for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; i++)
			*len += utf8_put(c->text + *len, cell.chars[i]);
		last = *len;
		if (cell.width == 2)
			col++;
	}
	*len = last;
}

const char *c_screen_text(struct c_conn *c, int row)
{
	size_t len = 0;

	text_reserve(c, (size_t)c->cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1);
	if (c->screen != NULL && row >= 0 && row < c->rows)
		row_append(c, row, &len);
	c->text[len] = '\0';
	return c->text;
}

const char *c_screen_dump(struct c_conn *c)
{
	size_t len = 0;

	text_reserve(c, (size_t)c->rows * ((size_t)c->cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1) + 1);
	for (int r = 0; c->screen != NULL && r < c->rows; r++) {
		row_append(c, r, &len);
		c->text[len++] = '\n';
	}
	c->text[len] = '\0';
	return c->text;
}

bool c_screen_find(struct c_conn *c, const char *text, int *row, int *col)
{
	for (int r = 0; r < c->rows; r++) {
		const char *line = c_screen_text(c, r), *hit = strstr(line, text);

		if (hit != NULL) {
			if (row != NULL)
				*row = r;
			if (col != NULL) {
				int n = 0;

				for (const char *p = line; p < hit; p++)
					if (((unsigned char)*p & 0xc0) != 0x80)
						n++;
				*col = n;
			}
			return true;
		}
	}
	return false;
}

bool c_screen_contains(struct c_conn *c, const char *text)
{
	return c_screen_find(c, text, NULL, NULL);
}

int c_screen_cell(struct c_conn *c, int row, int col, uint32_t *cps, int max)
{
	VTermScreenCell cell;
	VTermPos pos = { .row = row, .col = col };
	int n = 0;

	if (max <= 0)
		return 0;
	cps[0] = 0;
	if (c->screen == NULL || vterm_screen_get_cell(c->screen, pos, &cell) == 0)
		return 0;
	while (n < VTERM_MAX_CHARS_PER_CELL && n < max - 1 && cell.chars[n] != 0) {
		cps[n] = cell.chars[n];
		n++;
	}
	cps[n] = 0;
	return n;
}

bool c_screen_cell_reverse(struct c_conn *c, int row, int col)
{
	VTermScreenCell cell;
	VTermPos pos = { .row = row, .col = col };

	if (c->screen == NULL || vterm_screen_get_cell(c->screen, pos, &cell) == 0)
		return false;
	return cell.attrs.reverse || cell.attrs.bold;
}

void c_screen_size(struct c_conn *c, int *cols, int *rows)
{
	*cols = c->cols;
	*rows = c->rows;
}

void c_cursor(struct c_conn *c, int *row, int *col)
{
	VTermPos pos = { 0, 0 };

	if (c->vt != NULL)
		vterm_state_get_cursorpos(vterm_obtain_state(c->vt), &pos);
	*row = pos.row;
	*col = pos.col;
}

void c_screen_print(struct c_conn *c, const char *label)
{
	int row, col;

	c_cursor(c, &row, &col);
	fprintf(stderr, "----- screen %s (%dx%d, cursor %d,%d)\n", label ? label : "", c->cols,
	        c->rows, row, col);
	for (int r = 0; r < c->rows; r++)
		fprintf(stderr, "|%s\n", c_screen_text(c, r));
	fprintf(stderr, "----- end of screen\n");
}

static int write_raw(struct c_conn *c, const char *bytes, size_t n)
{
	if (n == 0)
		return 0;
	if (c->pty >= 0)
		return write(c->pty, bytes, n) == (ssize_t)n ? 0 : -1;
	return ssh_channel_write(c->chan, bytes, (uint32_t)n) == (int)n ? 0 : -1;
}

/* The cursor key of an xterm sequence ESC O x or ESC [ x, or VTERM_KEY_NONE. */
static VTermKey cursor_key(const char *p, size_t left)
{
	if (left < 3 || p[0] != '\033' || (p[1] != 'O' && p[1] != '['))
		return VTERM_KEY_NONE;
	switch (p[2]) {
	case 'A': return VTERM_KEY_UP;
	case 'B': return VTERM_KEY_DOWN;
	case 'C': return VTERM_KEY_RIGHT;
	case 'D': return VTERM_KEY_LEFT;
	case 'H': return VTERM_KEY_HOME;
	case 'F': return VTERM_KEY_END;
	}
	return VTERM_KEY_NONE;
}

/*
 * Cursor keys are sent as the terminal would send them in its current mode
 * (libvterm follows the application's DECCKM: ESC O x after smkx, ESC [ x
 * otherwise, as on the linux console); everything else goes as given.
 */
int c_send_n(struct c_conn *c, const char *bytes, size_t n)
{
	size_t start = 0;

	if ((c->chan == NULL && c->pty < 0) || c->closed)
		return -1;
	for (size_t i = 0; i < n; i++) {
		VTermKey k = cursor_key(bytes + i, n - i);

		if (k == VTERM_KEY_NONE)
			continue;
		if (write_raw(c, bytes + start, i - start) != 0)
			return -1;
		vterm_keyboard_key(c->vt, k, VTERM_MOD_NONE);
		i += 2;
		start = i + 1;
	}
	return write_raw(c, bytes + start, n - start);
}

int c_send(struct c_conn *c, const char *bytes)
{
	return c_send_n(c, bytes, strlen(bytes));
}

int c_resize(struct c_conn *c, int cols, int rows)
{
	if (c->pty >= 0 && !c->closed) {
		struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };

		if (ioctl(c->pty, TIOCSWINSZ, &ws) != 0)
			return -1;
	} else if (c->chan == NULL || c->closed ||
	           ssh_channel_change_pty_size(c->chan, cols, rows) != SSH_OK) {
		return -1;
	}
	c->cols = cols;
	c->rows = rows;
	vterm_set_size(c->vt, rows, cols);
	return 0;
}

uint64_t c_bytes_received(const struct c_conn *c)
{
	return c->received;
}

void *c_session(struct c_conn *c)
{
	return c->ssh;
}

/* Frees c; the channel goes before the session (ssh_disconnect would free it). */
static void conn_free(struct c_conn *c, bool disconnect)
{
	if (c->pty >= 0) {
		/* The session gets SIGHUP from the pty and ends; reap it, by its PID. */
		close(c->pty);
		if (c->pid > 0 && waitpid(c->pid, &c->status, 0) != c->pid)
			kill(c->pid, SIGKILL);
		if (c->vt != NULL)
			vterm_free(c->vt);
		free(c->text);
		free(c->raw);
		free(c);
		return;
	}
	if (c->chan != NULL)
		ssh_channel_free(c->chan);
	c->chan = NULL;
	if (disconnect)
		ssh_disconnect(c->ssh);
	if (c->vt != NULL)
		vterm_free(c->vt);
	ssh_free(c->ssh);
	free(c->text);
	free(c->raw);
	free(c);
}

void c_record(struct c_conn *c, bool on)
{
	c->recording = on;
}

const char *c_recorded(const struct c_conn *c, size_t *len)
{
	*len = c->raw_len;
	return c->raw != NULL ? c->raw : "";
}

void c_close(struct c_conn *c)
{
	if (c == NULL)
		return;
	if (c->pty >= 0) {
		conn_free(c, false);
		return;
	}
	if (c->chan != NULL && ssh_channel_is_open(c->chan)) {
		ssh_channel_send_eof(c->chan);
		ssh_channel_close(c->chan);
	}
	conn_free(c, true);
}

void c_vanish(struct c_conn *c)
{
	socket_t fd;

	if (c == NULL)
		return;
	if (c->pty >= 0) {
		conn_free(c, false);
		return;
	}
	fd = ssh_get_fd(c->ssh);
	if (fd != SSH_INVALID_SOCKET)
		shutdown(fd, SHUT_RDWR);
	/* ssh_free sends nothing once the socket is shut down; it closes fd. */
	conn_free(c, false);
}

struct c_conn *c_direct(const char *recond_bin, const char *data_dir, const char *identity,
                        const char *term, int cols, int rows)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	struct c_conn *c;
	int master = -1, slave = -1, idp[2] = { -1, -1 };
	pid_t pid;

	if (openpty(&master, &slave, NULL, NULL, &ws) != 0 || pipe(idp) != 0) {
		say("openpty/pipe: %s", strerror(errno));
		goto fail;
	}
	/*
	 * Another direct session started later must not hold this one's master
	 * open (it would never hang up): close-on-exec.
	 */
	fcntl(master, F_SETFD, FD_CLOEXEC);
	fcntl(idp[1], F_SETFD, FD_CLOEXEC);
	if ((pid = fork()) < 0)
		goto fail;
	if (pid == 0) {
		char term_env[80];
		char *const env[] = { term_env, "LANG=C.UTF-8", NULL };

		snprintf(term_env, sizeof term_env, "TERM=%s", term);
		setsid();
		ioctl(slave, TIOCSCTTY, 0);
		dup2(slave, 0);
		dup2(slave, 1);
		if (idp[0] != 3) {
			dup2(idp[0], 3);
			close(idp[0]);
		}
		close(idp[1]);
		close(master);
		if (slave > 3)
			close(slave);
		/* The session's log goes to the test's stderr (fd 2, not the pty). */
		execle(recond_bin, recond_bin, "session", "--data", data_dir, "--identity-fd", "3",
		       "--log-fd", "2", (char *)NULL, env);
		_exit(127);
	}
	close(slave);
	close(idp[0]);
	if (write(idp[1], identity, strlen(identity)) != (ssize_t)strlen(identity))
		say("identity not written");
	close(idp[1]);
	c = xcalloc(1, sizeof *c);
	c->pty = master;
	c->pid = pid;
	c->cols = cols;
	c->rows = rows;
	c->vt = vterm_new(rows, cols);
	vterm_set_utf8(c->vt, 1);
	vterm_output_set_callback(c->vt, vt_output, c);
	c->screen = vterm_obtain_screen(c->vt);
	vterm_screen_reset(c->screen, 1);
	return c;
fail:
	if (master >= 0)
		close(master);
	if (slave >= 0)
		close(slave);
	if (idp[0] >= 0) {
		close(idp[0]);
		close(idp[1]);
	}
	return NULL;
}
