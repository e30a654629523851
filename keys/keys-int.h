/*
 * keys-int.h — what the files of keys/ share inside one connection process:
 * the connection state (struct conn), the output queues of the relay, and
 * the entry points of each file. Nothing here leaves keys/.
 */
#ifndef RECOND_KEYS_INT_H
#define RECOND_KEYS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "core/model.h"
#include "core/utf8-stream.h"

struct store;
#include "keys/keys.h"

/*
 * AddressSanitizer reserves terabytes of address space and stops the world
 * with ptrace for its leak check: the memory cap and the system-call
 * filters are not applied in such a build (they are in every other).
 */
#if defined(__SANITIZE_ADDRESS__)
#define KEYS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KEYS_SANITIZED 1
#endif
#endif
#ifndef KEYS_SANITIZED
#define KEYS_SANITIZED 0
#endif

#define PEER_MAX 64              /* "address:port" of the client */
#define TERM_NAME_MAX 63         /* TERM value accepted from pty-req */
#define ENV_ACCEPT_MAX 16        /* LANG/LC_* variables kept per channel */
#define ENV_VALUE_MAX 64         /* bytes of one accepted env value */
#define EXEC_COMMAND_MAX 4096    /* bytes of an exec request */
#define RELAY_OUT_MAX (64 * 1024)   /* bytes queued towards the client */
#define RELAY_IN_MAX (64 * 1024)    /* bytes queued towards the pty */
#define EXEC_OUT_MAX (16 * 1024 * 1024) /* output of one exec command */
/*
 * Standard input of one exec command that reads it (`import LISTE <
 * fichier`): read whole before the command runs, refused beyond this (the
 * largest published list, France Services, is about 1,2 Mo).
 */
#define EXEC_IN_MAX (8 * 1024 * 1024)

/*
 * Messages a connection process sends to the listener on its status socket
 * (a socketpair). 'A' and 'F' need no answer. The others are requests that
 * the child waits on, one at a time, so an answer is never mistaken for
 * another's:
 *  'S' asks to open a sign-up session; the listener, which counts them per
 *      source and in all, answers 'Y' (counted until the connection ends),
 *      'N' (the source's limit is reached) or 'M' (the server's is);
 *  'V' asks for one of the max_password_checks places to verify a
 *      password; the listener answers 'G' (go: send 'D' when done) when a
 *      place is free, waiters served fairly between sources, or 'P' at once
 *      (or later, while waiting) when the source is under a penalty.
 */
#define STATUS_AUTHENTICATED 'A'
#define STATUS_AUTH_FAILED 'F'
#define STATUS_SIGNUP 'S'
#define STATUS_SIGNUP_YES 'Y'
#define STATUS_SIGNUP_NO 'N'
#define STATUS_SIGNUP_FULL 'M'
#define STATUS_CHECK 'V'
#define STATUS_CHECK_GO 'G'
#define STATUS_CHECK_DONE 'D'
#define STATUS_PENALISED 'P'
/*
 * Exit status of a connection process whose login grace time ran out (not
 * logged in, or logged in without opening a session): the listener counts
 * it against the source like a failed attempt.
 */
#define CONN_EXIT_GRACE 3
#define STATUS_ANSWER_MS 5000    /* longest wait for the listener's answer */

/* A byte queue with a hard cap; data is always data[0..len). */
struct bytebuf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

/* Appends up to max - len bytes of p; returns how many were taken. */
size_t bytebuf_put(struct bytebuf *b, const void *p, size_t n);
/* Drops the first n bytes. */
void bytebuf_consume(struct bytebuf *b, size_t n);
size_t bytebuf_space(const struct bytebuf *b);
void bytebuf_free(struct bytebuf *b);

/* What the channel is being used for. */
enum chan_mode {
	CHAN_IDLE = 0,      /* no shell or exec request yet */
	CHAN_SHELL,         /* a session process runs on a pty */
	CHAN_EXEC_INPUT,    /* an exec command's standard input is being read */
	CHAN_EXEC,          /* an exec command's output is being sent */
	CHAN_NOTERM,        /* shell without pty: message, then status 1 */
	CHAN_CLOSING,       /* exit status sent, closing */
};

struct conn {
	const struct keys_config *cfg;
	ssh_session session;
	ssh_event event;
	int status_fd;                /* our end of the status socket to the listener, or -1 */
	int sig_fd;                   /* read end of this process's signal pipe */
	char peer[PEER_MAX];

	/* authentication (auth.c) */
	struct ssh_server_callbacks_struct server_cb;
	struct store *store;          /* open during authentication only */
	int requests;                 /* auth requests of any kind */
	int attempts;                 /* failed attempts so far */
	bool authenticated;
	bool auth_over;               /* too many failures: disconnect */
	struct account account;       /* the authenticated account (login only for sign-up) */
	char signup_answer;           /* the listener's answer to 'S' (STATUS_SIGNUP_*) */
	bool signup;                  /* authenticated as the sign-up login: wizard only */
	char local_host[PEER_MAX];    /* address the client reached (sign-up instructions) */
	int local_port;

	/* the session channel (conn.c) */
	ssh_channel channel;
	struct ssh_channel_callbacks_struct chan_cb;
	enum chan_mode mode;
	bool pty;
	char term[TERM_NAME_MAX + 1];
	int cols, rows, px_w, px_h;
	char *env[ENV_ACCEPT_MAX];    /* "NAME=value", owned */
	size_t nenv;
	char *exec_command;           /* pending exec request, owned */
	bool shell_pending;
	bool client_eof;
	int64_t last_input_ms;        /* last keystroke or resize, for the idle timeout */
	bool channel_closed;

	/* the session process and its pty (spawn.c, relay.c) */
	pid_t ui_pid;                 /* 0 when none */
	int master;                   /* pty master, -1 when none */
	bool pty_eof;                 /* the slave side is gone */
	bool ui_exited;
	int exit_status;
	int ui_signal;                /* the signal that killed the session, 0 if none */
	bool master_in_event;         /* registered in the event loop */
	short master_events;          /* with these events */

	/* relay queues (relay.c) */
	struct bytebuf out;           /* towards the client, channel stdout */
	struct bytebuf err;           /* towards the client, channel stderr */
	struct bytebuf in;            /* towards the pty master */
	struct bytebuf exec_in;       /* an exec command's standard input (CHAN_EXEC_INPUT) */
	bool exec_in_over;            /* more than EXEC_IN_MAX came: refused */
	struct utf8_stream in_utf8;   /* client's keys repaired into UTF-8 on their way in */
};

/* ---- conn.c ---- */

/*
 * Runs one accepted connection to its end in this (forked) process: key
 * exchange, authentication, channel requests, relay. `fd` is the accepted
 * socket, owned. Returns the process exit status.
 */
int conn_main(const struct keys_config *cfg, ssh_bind bind, int fd, const char *peer,
              int status_fd);

/* ---- auth.c ---- */

/*
 * Fills the authentication members of c->server_cb (the caller installs
 * them) and sets the method policy on c->session.
 */
void auth_setup(struct conn *c);
/* Closes what authentication held (the store). */
void auth_done(struct conn *c);
/* The methods offered to clients (one place for the policy). */
int auth_methods(void);
/* True when the "none" method logs `user` in: the configured sign-up login only. */
bool auth_none_allowed(const struct keys_config *cfg, const char *user);
/* Counts a failed attempt; past the cap, marks the connection for disconnect. */
void auth_failed(struct conn *c, const char *method, const char *login);

/* ---- spawn.c ---- */

/*
 * Opens a pty of c->cols x c->rows, forks the session process on its slave
 * (`recond session --data DIR --identity-fd 3`) with a clean environment and
 * writes the account id to it. Sets c->master (non-blocking) and c->ui_pid.
 */
int spawn_session(struct conn *c);
/* Ends the session process (SIGHUP, then SIGKILL after grace_ms) and reaps it. */
void spawn_stop(struct conn *c, int grace_ms);
/* Reaps the session process if it exited; true when it has. */
bool spawn_reap(struct conn *c);
/* Sets the pty size from c->cols, c->rows. */
void spawn_resize(struct conn *c);

/* ---- relay.c ---- */

/* Sends what the queues hold as far as the client's window allows. */
int relay_flush(struct conn *c);
/* Reads what the pty has into c->out (as far as it has room). */
void relay_read_master(struct conn *c);
/* Writes c->in to the pty master as far as it takes it. */
void relay_write_master(struct conn *c);
/* Registers the pty master in the event loop with the events the queues call for. */
void relay_update_events(struct conn *c);
/* The channel data callback: client input towards the pty. */
int relay_channel_data(ssh_session s, ssh_channel ch, void *data, uint32_t len,
                       int is_stderr, void *userdata);
/* The channel write-won't-block callback: the client's window grew. */
int relay_wontblock(ssh_session s, ssh_channel ch, uint32_t bytes, void *userdata);

/* ---- sandbox.c ---- */

/*
 * no_new_privs and the connection process's system-call filter (key
 * exchange, authentication, channel requests, starting the session);
 * installed before the first byte is read. RC_OK or RC_ERR (logged).
 */
int sandbox_connection(void);
/* The narrower filter of a connection process whose session runs (the relay). */
int sandbox_relay(void);

/* ---- exec-args.c ---- */

/*
 * Splits command in place into words separated by blanks (space, tab):
 * argv[0..n) point into command, each word NUL-terminated and non-empty.
 * Returns n, or -1 when there are more than max words (argv then holds max
 * of them). No quoting: a word is what lies between blanks.
 */
int exec_split(char *command, char **argv, int max);

/* ---- exec.c ---- */

/*
 * The `export` command (exec-export.c): argv[0] "export", argv[1]
 * "preorders" or "history", then options. Returns the exit status (0, 1,
 * 2 usage, 3 not allowed).
 */
int exec_export(const struct keys_config *cfg, const struct account *acct, int argc,
                char **argv, struct bytebuf *out, struct bytebuf *err);
/*
 * The `import` command (exec-import.c): argv[0] "import", argv[1] the list
 * (zrr, frr, qpv, france-services), argv[2] optionally the file's name as
 * it is recorded (default "LISTE-stdin.csv"); in[0..inlen) is the file.
 * Reports like `recond import`; returns the exit status (0, 1 refused with
 * nothing changed, 2 usage, 3 not allowed).
 */
int exec_import(const struct keys_config *cfg, const struct account *acct, int argc,
                char **argv, const char *in, size_t inlen, struct bytebuf *out,
                struct bytebuf *err);
/* True when the command reads its standard input before it runs (import). */
bool exec_reads_input(const char *command);

/*
 * Runs one exec request for the authenticated account: its standard output
 * goes to `out`, its errors to `err`. Returns the exit status to send (0 ok,
 * 1 failure, 2 unknown command or bad usage).
 */
int exec_run(const struct keys_config *cfg, const struct account *acct, const char *command,
             struct bytebuf *out, struct bytebuf *err);
/* exec_run with the standard input read (in may be NULL when inlen is 0). */
int exec_run_input(const struct keys_config *cfg, const struct account *acct,
                   const char *command, const char *in, size_t inlen, struct bytebuf *out,
                   struct bytebuf *err);

#endif
