/*
 * harness.h — the server side of recond's end-to-end tests: a throwaway data
 * directory, accounts, a free loopback port, the real `recond serve` as a
 * child process (stderr captured to a log file), readiness by polling
 * connect() with a deadline, and a stop by PID with a deadline.
 *
 * The binary under test comes from the RECOND_BIN environment variable (the
 * Makefile sets it). A missing or unusable binary is a failure, never a skip.
 *
 * Every function returns 0 on success or -1 on failure, after printing what
 * went wrong to stderr with an "e2e:" prefix (a test then just asserts 0).
 */
#ifndef RECOND_E2E_HARNESS_H
#define RECOND_E2E_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Deadlines, generous enough for a sanitizer build on a loaded machine. */
#define H_START_DEADLINE_MS 20000
#define H_STOP_DEADLINE_MS  20000
#define H_CMD_DEADLINE_MS   60000

struct h_server {
	char *root;       /* mkdtemp'd directory under /tmp, removed by h_server_cleanup */
	char *data;       /* root/data: the recond data directory */
	char *log;        /* root/serve.log: the server's stderr */
	const char *bin;  /* $RECOND_BIN (not owned) */
	int port;         /* 0 until started */
	pid_t pid;        /* 0 when not running */
	/* Extra arguments of `recond serve` (NULL-terminated, at most
	 * H_SERVE_ARGS_MAX), or NULL; set between h_server_init and h_server_start. */
	const char *const *serve_args;
};

#define H_SERVE_ARGS_MAX 16

/*
 * Makes the temporary root and runs `$RECOND_BIN init --data root/data`.
 * On failure the partly made directory is removed. s is zeroed first.
 */
int h_server_init(struct h_server *s);

/*
 * `recond user add --data … --login LOGIN --role ROLE [--org ORG]
 * [--password-stdin] [--key PUBKEY_FILE]`: password (if not NULL) goes through
 * a pipe on stdin followed by a newline; org and pubkey_file may be NULL.
 */
int h_user_add(struct h_server *s, const char *login, const char *role, const char *org,
               const char *password, const char *pubkey_file);

/*
 * Runs `$RECOND_BIN ARGS…` (argv[0] is the first argument, e.g. "demo"; the
 * list ends with NULL) with optional stdin text, capturing stdout and stderr
 * (each may be NULL if not wanted; caller frees) and the exit status (-1 if
 * killed by a signal). Fails only if the command could not run or overran
 * H_CMD_DEADLINE_MS (then it is killed).
 */
int h_recond(struct h_server *s, const char *const argv[], const char *stdin_text,
             char **out, char **err, int *status);

/* A free TCP port on 127.0.0.1 (bind port 0, read it, close), or -1. */
int h_free_port(void);

/*
 * Starts `$RECOND_BIN serve --data root/data --listen 127.0.0.1:PORT` on a
 * free port, stderr appended to root/serve.log, and returns once a TCP
 * connect() succeeds (deadline H_START_DEADLINE_MS). Fails if the server
 * exits first (its log is printed).
 */
int h_server_start(struct h_server *s);

/*
 * SIGTERM to the server's PID, then waits for it with H_STOP_DEADLINE_MS;
 * if it hangs, SIGKILL and fail. Also fails if the exit status is not 0 or
 * if the log holds a sanitizer report. No-op (success) if not running.
 */
int h_server_stop(struct h_server *s);

/* true while the server process is alive (reaps it if it has exited). */
bool h_server_alive(struct h_server *s);

/*
 * Stops the server if still running (failing loudly if it would not stop),
 * prints the log if `print_log`, removes root recursively and frees s's
 * strings. Returns what h_server_stop returned (0 if nothing ran).
 */
int h_server_cleanup(struct h_server *s, bool print_log);

/* Prints the server log to stderr (for diagnosis after a failure). */
void h_server_print_log(const struct h_server *s);

/* The whole log as a string (caller frees), or NULL. */
char *h_server_log(const struct h_server *s);

/*
 * Generates an ed25519 key pair (libssh): writes DIR/NAME (private, OpenSSH
 * format, 0600, no passphrase) and DIR/NAME.pub. *priv and *pub (if not NULL)
 * get the two paths; caller frees.
 */
int h_keygen(const char *dir, const char *name, char **priv, char **pub);

/* Reads a whole file (up to 16 MiB) into a fresh NUL-terminated string. */
char *h_read_file(const char *path, size_t *len);

/*
 * The descendants of pid (children, grandchildren…, not pid itself), from
 * /proc: up to max PIDs into out; returns how many there are (may exceed
 * max), or -1.
 */
int h_proc_descendants(pid_t pid, pid_t *out, int max);

/*
 * CPU time in clock ticks (utime + stime) of pid, plus (if `reaped`) the
 * cutime + cstime of its children already waited for. -1 if unreadable.
 */
long long h_proc_cpu_ticks(pid_t pid, bool reaped);

/*
 * CPU time of pid in nanoseconds, summed over its threads, from
 * /proc/pid/task/TID/schedstat (exact, unlike utime/stime, which the kernel
 * samples at clock ticks and may miss short bursts entirely). Children
 * already reaped are not included. -1 if unreadable.
 */
long long h_proc_cpu_ns(pid_t pid);

/* The PSS of pid in KiB (/proc/pid/smaps_rollup), or -1. */
long long h_proc_pss_kib(pid_t pid);

/* Parent PID of pid from /proc/pid/stat, or -1. */
pid_t h_proc_ppid(pid_t pid);

/* Milliseconds on the monotonic clock. */
int64_t h_now_ms(void);

/* Removes a directory tree (no symlinks followed). */
int h_rmtree(const char *path);

#endif
