/*
 * client.h — the client side of recond's end-to-end tests: a libssh client
 * session to 127.0.0.1 (the host key is not verified: tests only), password
 * or public-key authentication (and a bare key probe), a pty + shell channel
 * whose output is rendered by libvterm, key sending, resize, exec with
 * captured output and exit status, byte counters, and both a clean close and
 * an abrupt vanish.
 *
 * One struct c_conn belongs to one thread at a time (libssh sessions are not
 * thread-safe); distinct connections may live in distinct threads. Call
 * c_global_init() once before any thread starts.
 *
 * Waiting never sleeps blindly: c_wait_* pump the channel (feeding libvterm)
 * until the condition holds or the deadline passes.
 */
#ifndef RECOND_E2E_CLIENT_H
#define RECOND_E2E_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Named keys, as xterm sends them. c_send re-encodes the cursor keys (arrows,
 * Home, End) the way the emulated terminal would in the mode the
 * application set (ESC O x in keypad mode, ESC [ x otherwise), so they work
 * with every TERM; the others go as written.
 */
#define K_ENTER     "\r"
#define K_TAB       "\t"
#define K_BTAB      "\033[Z"
#define K_ESC       "\033"
#define K_BACKSPACE "\177"
#define K_UP        "\033OA"
#define K_DOWN      "\033OB"
#define K_RIGHT     "\033OC"
#define K_LEFT      "\033OD"
#define K_HOME      "\033OH"
#define K_END       "\033OF"
#define K_F1        "\033OP"
#define K_F2        "\033OQ"
#define K_F3        "\033OR"
#define K_F4        "\033OS"
#define K_F5        "\033[15~"
#define K_F6        "\033[17~"
#define K_F7        "\033[18~"
#define K_F8        "\033[19~"
#define K_F9        "\033[20~"
#define K_F10       "\033[21~"
#define K_CTRL(c)   ((char)((c) & 0x1f))

/* Default deadline for one screen to appear (sanitizer builds are slow). */
#define C_DEADLINE_MS 15000

struct c_conn;

/* ssh_init() once per process; returns 0 or -1. */
int c_global_init(void);

/*
 * Connects to 127.0.0.1:port and completes key exchange (host key accepted
 * without check). Returns a connection or NULL (reason on stderr).
 */
struct c_conn *c_connect(int port);
/* The same from local address `from` (e.g. "127.0.0.3"; NULL: the kernel's choice). */
struct c_conn *c_connect_from(int port, const char *from);

/*
 * Authentication. Each returns libssh's answer: SSH_AUTH_SUCCESS (0),
 * SSH_AUTH_DENIED, SSH_AUTH_PARTIAL or SSH_AUTH_ERROR (the server may have
 * disconnected). c_auth_key loads an OpenSSH private key file and signs;
 * c_probe_key only asks whether the public key would be acceptable (no
 * signature), for which SSH_AUTH_SUCCESS means "acceptable", not "logged in".
 */
int c_auth_password(struct c_conn *c, const char *login, const char *password);
/* The "none" method (the sign-up login). */
int c_auth_none(struct c_conn *c, const char *login);
int c_auth_key(struct c_conn *c, const char *login, const char *privkey_path);
int c_probe_key(struct c_conn *c, const char *login, const char *pubkey_path);

/* Connect + authenticate in one step (key if privkey_path, else password). */
struct c_conn *c_login(int port, const char *login, const char *password,
                       const char *privkey_path);
struct c_conn *c_login_from(int port, const char *from, const char *login,
                            const char *password, const char *privkey_path);

/*
 * A session without SSH, for screen tests: runs `recond_bin session --data
 * data_dir` on a new pseudo-terminal of size cols x rows and TERM term,
 * hands it `identity` ("<account id>\n", or "signup LOGIN PORT HOST\n") on
 * its fd 3, and renders what it writes with libvterm. Every c_* function
 * below works on it (c_exec and the authentication calls excepted); c_close
 * closes the pty (the session gets SIGHUP) and reaps it by its PID. NULL on
 * failure.
 */
struct c_conn *c_direct(const char *recond_bin, const char *data_dir, const char *identity,
                        const char *term, int cols, int rows);

/*
 * Opens a session channel, requests a pty of TERM term and size cols x rows,
 * then a shell; creates the libvterm of that size (UTF-8). 0 or -1.
 */
int c_shell(struct c_conn *c, const char *term, int cols, int rows);

/*
 * Runs a command (exec request), or a shell without pty if cmd is NULL, on a
 * new channel: waits for the end (deadline_ms), returns 0 with *out, *err
 * (NUL-terminated, caller frees; may be NULL if not wanted) and *status (the
 * exit status, -1 if the server sent none). -1 on failure or overrun.
 */
int c_exec(struct c_conn *c, const char *cmd, char **out, char **err, int *status,
           int deadline_ms);
/*
 * c_exec with in[0..inlen) sent as the command's standard input, then EOF
 * (`ssh host cmd < file`). The writing stops, without failing, when the
 * server closes the channel first (a refused input); *sent (if not NULL)
 * gets the bytes the server's window took.
 */
int c_exec_in(struct c_conn *c, const char *cmd, const char *in, size_t inlen, size_t *sent,
              char **out, char **err, int *status, int deadline_ms);

/*
 * Reads what the server sent within timeout_ms (0: only what is already
 * there) into libvterm. Returns the number of bytes read (0 on timeout), or
 * -1 when the channel is closed or at end of file, or on error.
 */
int c_pump(struct c_conn *c, int timeout_ms);

/* true once the shell channel reached EOF/close; *status gets the exit status. */
bool c_closed(struct c_conn *c, int *status);

/*
 * Pumps until `text` (UTF-8) appears anywhere on the screen (one row) or
 * deadline_ms passes. true if it appeared.
 */
bool c_wait_for_text(struct c_conn *c, const char *text, int deadline_ms);
/* Pumps until text is no longer on the screen. */
bool c_wait_gone(struct c_conn *c, const char *text, int deadline_ms);
/* Pumps until the channel closes; *status gets the exit status. */
bool c_wait_closed(struct c_conn *c, int deadline_ms, int *status);
/*
 * Pumps until the screen (text, cursor) differs from what it was at the call,
 * or deadline_ms passes. For "the key echoed" without knowing what is drawn.
 */
bool c_wait_change(struct c_conn *c, int deadline_ms);

/* Row `row` (0-based) of the screen as UTF-8, trailing blanks removed.
 * Points into c; valid until the next call on c. */
const char *c_screen_text(struct c_conn *c, int row);
/* The whole screen, rows joined by '\n' (valid until the next call on c). */
const char *c_screen_dump(struct c_conn *c);
/* true if text is found on one row of the screen; *row, *col (code-point
 * column of the match) if not NULL. */
bool c_screen_find(struct c_conn *c, const char *text, int *row, int *col);
bool c_screen_contains(struct c_conn *c, const char *text);
/* Code points of the cell at row/col (up to max, 0-terminated); the count. */
int c_screen_cell(struct c_conn *c, int row, int col, uint32_t *cps, int max);
/* Is the cell drawn in reverse video or bold? */
bool c_screen_cell_reverse(struct c_conn *c, int row, int col);
void c_screen_size(struct c_conn *c, int *cols, int *rows);
void c_cursor(struct c_conn *c, int *row, int *col);
/* Prints the screen to stderr, framed (for diagnosis). */
void c_screen_print(struct c_conn *c, const char *label);

/* Sends raw bytes (keys) to the shell channel. 0 or -1. */
int c_send(struct c_conn *c, const char *bytes);
int c_send_n(struct c_conn *c, const char *bytes, size_t n);

/* Changes the pty size (window-change) and the libvterm size. 0 or -1. */
int c_resize(struct c_conn *c, int cols, int rows);

/* Bytes received on the shell channel (stdout+stderr) so far. */
uint64_t c_bytes_received(const struct c_conn *c);

/*
 * Raw record: while on, every byte received on the shell channel is kept
 * (before the terminal emulator interprets it), so a test can prove what
 * did or did not reach the terminal. c_recorded returns them (*len bytes,
 * not NUL-terminated, valid until the next pump or c_close).
 */
void c_record(struct c_conn *c, bool on);
const char *c_recorded(const struct c_conn *c, size_t *len);

/* The underlying libssh session (for tests that need a raw call). */
void *c_session(struct c_conn *c);

/* Closes channel and session properly (EOF, close, disconnect) and frees c.
 * NULL is fine. */
void c_close(struct c_conn *c);

/*
 * Vanishes: shuts the TCP socket down in both directions without any SSH
 * message, then frees c without a disconnect. NULL is fine.
 */
void c_vanish(struct c_conn *c);

#endif
