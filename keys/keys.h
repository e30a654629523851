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
 */
int keys_serve(const struct keys_config *cfg);

#endif
