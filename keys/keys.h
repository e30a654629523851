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
	int login_grace_s;             /* 60 */
	int keepalive_interval_s;      /* 15 */
	int keepalive_max;             /* 3 unanswered keepalives end the session */
	int max_startups;              /* unauthenticated connections at once */
	int idle_timeout_s;            /* 0 = none */
	int penalty_failures;          /* failed attempts from one address that ban it; 0 = off */
	int penalty_window_s;          /* ... counted over this many seconds */
	int penalty_s;                 /* length of the ban */
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
 */
int keys_serve(const struct keys_config *cfg, char **why);

#endif
