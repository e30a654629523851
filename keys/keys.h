/*
 * keys.h — recond's front door: the host key, the libssh listener, one
 * process per connection (forked before key exchange), authentication
 * against store/ accounts, channel requests, and the relay between the SSH
 * channel and the pseudo-terminal of the session process (tui/), which is
 * started by fork + exec of this binary's hidden `session` subcommand.
 */
#ifndef RECOND_KEYS_H
#define RECOND_KEYS_H

#include <stdint.h>

#define HOSTKEY_FILE "host_ed25519_key"

struct keys_config {
	const char *data_dir;
	const char *listen_host;       /* "127.0.0.1" */
	int port;
	int max_auth_tries;            /* 6 */
	int login_grace_s;             /* 60: to log in, and then to open a session */
	int keepalive_interval_s;      /* 15 */
	int keepalive_max;             /* 3 unanswered keepalives end the session */
	/*
	 * Admission before authentication, as sshd's MaxStartups start:rate:full
	 * and PerSourceMaxStartups: past startups_begin unauthenticated
	 * connections, a new one from a source that already holds one is dropped
	 * with a probability rising from startups_rate % to 100 % at
	 * max_startups; at max_startups every new one is refused; a source
	 * (an address masked to source_prefix4 / source_prefix6 bits) holds at
	 * most per_source_startups of them.
	 */
	int max_startups;              /* "full": 100 */
	int startups_begin;            /* "start": 10 */
	int startups_rate;             /* "rate": 30 (percent) */
	int per_source_startups;       /* 10; 0 = no per-source cap */
	int source_prefix4;            /* 32 */
	int source_prefix6;            /* 64 */
	int max_sources;               /* sources tracked for penalties (4096) */
	int idle_timeout_s;            /* no keystroke or resize for this long ends a session; 0 = never */
	int penalty_failures;          /* failed attempts (or login grace expiries) from one
	                                  source that ban it; 0 = off */
	int penalty_window_s;          /* ... counted over this many seconds */
	int penalty_s;                 /* length of the ban */
	int penalty_crash_s;           /* ban of a source whose connection crashed before
	                                  authentication (90) */
	int max_password_checks;       /* argon2id verifications at once, whole server (4) */
	const char *signup_login;      /* "inscription": the one login the "none" method
	                                  opens, to the sign-up wizard only; "" or NULL: none */
	int signup_max;                /* sign-up sessions per source address per window; 0 = no cap */
	int signup_window_s;           /* ... counted over this many seconds (600) */
	int signup_sessions_max;       /* sign-up connections at once, whole server (50) */
	int signup_sessions_per_source; /* ... and per source (3) */
	int signup_idle_timeout_s;     /* idle timeout of a sign-up session (300) */
	int max_cols, max_rows;        /* pty and window sizes are clamped to these (500 x 200) */
	int session_memory_mib;        /* RLIMIT_DATA of a session process (256); 0 = none */
	const char *run_as;            /* started as root: the user to run as once bound
	                                  (NULL: stay as started) */
};

/* Fills cfg with the defaults above (data_dir and port left to the caller). */
void keys_config_defaults(struct keys_config *cfg);

/*
 * Creates DIR/host_ed25519_key (mode 0600) if absent; *fingerprint (if not
 * NULL) gets its SHA256 fingerprint as OpenSSH prints it (caller frees).
 */
int keys_hostkey_ensure(const char *dir, char **fingerprint, char **why);

/*
 * Runs the listener in the foreground until SIGTERM or SIGINT; then tells
 * every session goodbye, waits for them and returns 0. Logs to stderr.
 * Once listening, prints "recond: en écoute sur HOST:PORT" on stdout.
 * RC_IO (with *why) when the host key or the address cannot be used.
 *
 * Each connection is served by a child process forked before key exchange.
 * After authentication, `pty-req` + `shell` starts `/proc/self/exe session
 * --data DIR --identity-fd 3` on a pseudo-terminal (DIR absolute), with the
 * environment TERM, PATH, LANG/LC_* only; fd 3 yields the account id as
 * decimal text, "\n", then EOF. `exec` runs a command of the exec table
 * (keys/exec.c) without a pty.
 *
 * Sign-up: the login cfg->signup_login is accepted with the "none" method
 * (and only that login, only that method; it is no account). Its session
 * gets on fd 3 the line "signup LOGIN PORT HOST\n" (the address and port the
 * client reached, for the wizard's closing instructions) and runs the
 * sign-up wizard alone; exec requests are refused for it. Past
 * cfg->signup_max sign-up sessions from one address within
 * cfg->signup_window_s, the session only shows a French message and ends.
 */
int keys_serve(const struct keys_config *cfg, char **why);

/*
 * Started as root: becomes `user` for good (groups, gid, uid; checked that
 * root cannot be taken back), after checking that data_dir belongs to it.
 * NULL user: nothing. RC_OK, or RC_INVALID / RC_ERR with *why (French).
 * keys_serve calls it once the port is bound (cfg->run_as).
 */
int keys_drop_privileges(const char *user, const char *data_dir, char **why);

/*
 * The session process's sandbox: no_new_privs and a seccomp filter suited
 * to ncurses and LMDB (files and the terminal; no exec, no fork, no
 * socket, signals to itself only). Called by `recond session` before it
 * reads anything of the user's. RC_OK or RC_ERR (logged).
 */
int keys_sandbox_session(void);

#endif
