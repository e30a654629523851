/*
 * cli.h — the recond command line: one function per subcommand (cli/cmd-*.c),
 * dispatched from cli/main.c, and the shared option helpers.
 *
 * Exit statuses: 0 success, 1 failure of the operation (message on stderr,
 * in French for people), 2 usage error (one-line error, then usage).
 */
#ifndef RECOND_CLI_H
#define RECOND_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#define EXIT_USAGE 2

/* A subcommand gets argv with argv[0] = its own name ("init", "user", …). */
typedef int (*cli_cmd_fn)(int argc, char **argv);

struct cli_cmd {
	const char *name;
	cli_cmd_fn run;
	const char *summary;     /* one line for `recond --help`; NULL = hidden */
};

int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_import(int argc, char **argv);

struct store;
struct settings;
struct uc;

/*
 * The operator's use-case context: the command line acts as the system
 * (actor_system(): login « système », every right, audited as such) on st.
 * The actor is static: the result stays valid for the whole run.
 */
struct uc cli_uc(struct store *st);
/*
 * Stores *s (s->version: the version read) through uc_settings_update as
 * the operator (cli_uc()), as `recond settings set` without --by
 * (cmd-settings.c). For init and demo.
 */
int cli_settings_update(struct store *st, struct settings *s, char **why);
/*
 * Demo data (demo-preorder.c): gives the organisation of account `login` a
 * brouillon in progress and the account a form draft on its motivation,
 * unless the organisation already has a pre-order (*created false).
 */
int demo_preorder_draft(struct store *st, const char *login, bool *created);
/*
 * Demo data (demo-instruct.c): the préfectures' files in the Creuse and the
 * Haute-Vienne, in every state, with their history, messages and what the
 * préfecture keeps; the envelopes of 23 and 87 if unset. Needs the demo
 * agents' accounts. *files gets the number of pre-orders made (0 when they
 * were already there). Idempotent.
 */
int demo_instruct(struct store *st, size_t *files);
/*
 * The demonstration's refurbishers (demo-refurb.c): organisations, benches,
 * offers, evaluations and decisions, made once; *created gets how many
 * records were made this time.
 */
int demo_refurbishers(struct store *st, size_t *created);
/*
 * The demonstration's orders (demo-order.c): funded orders of communes with
 * a conventionnée pre-order in every state, and a self-funded one; made
 * once (nothing when an order exists). Needs the refurbishers and files.
 */
int demo_orders(struct store *st, size_t *created);
/* Two sign-ups waiting for the programme team (demo-refurb.c), made once. */
int demo_signups_waiting(struct store *st, size_t *created);

int cmd_org(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_settings(int argc, char **argv);

/*
 * Prints "recond CMD: <msg>" then the usage text to stderr and returns
 * EXIT_USAGE; for `return cli_usage_error(usage, "…")`.
 */
int cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints usage to stdout and returns 0 (for --help). */
int cli_help(const char *usage);

/*
 * Parses argv with getopt_long for a subcommand. On --help prints usage and
 * sets *done = 0-exit; on an unknown option or missing argument prints the
 * one-line error and usage and sets *done = EXIT_USAGE. Returns true if the
 * caller should go on, false if it should return *done.
 * `handle` receives each option (other than help) and returns false on a bad
 * value (after printing its own error via cli_usage_error), which stops the
 * parse with EXIT_USAGE.
 */
typedef bool (*cli_opt_fn)(int opt, const char *arg, void *ctx);
bool cli_parse(int argc, char **argv, const char *usage, const struct option *longopts,
               cli_opt_fn handle, void *ctx, int *done);

/*
 * For a command whose only option is --data DIR (-d), besides --help:
 * its options table, and its cli_opt_fn, which stores DIR (a pointer into
 * argv) into the `const char *` that ctx points to.
 */
extern const struct option cli_data_options[];
bool cli_data_opt(int opt, const char *arg, void *ctx);

/*
 * For a command whose only option is --data DIR: parses argv, then opens
 * the store at DIR. true: *st is open (caller store_close()s it) and *data
 * points into argv. false: the caller returns *status (0 after --help,
 * EXIT_USAGE after a usage error such as a missing --data, 1 after
 * "recond CMD : reason" on stderr when the store does not open).
 */
bool cli_open_data(int argc, char **argv, const char *usage, const char **data,
                   struct store **st, int *status);

/*
 * A subcommand of a command with subcommands (`recond user add …`): its
 * name, the argv[0] it is run with (for its messages: "user add"), and the
 * function that runs it.
 */
struct cli_sub {
	const char *name;
	const char *cmdname;
	cli_cmd_fn run;
};

/*
 * Runs the subcommand of `recond CMD` named by argv[1] with argv[1..] (its
 * argv[0] being its cmdname for as long as it runs; argv is as it was on
 * return). `help`, `--help` and `-h` print usage (status 0); a missing or
 * unknown subcommand prints "recond CMD: …" with the names of subs, then
 * usage, to stderr (EXIT_USAGE). Returns the subcommand's status otherwise.
 */
int cli_dispatch(int argc, char **argv, const char *cmd, const char *usage,
                 const struct cli_sub *subs, size_t nsubs);

/*
 * Splits a listening address "HOST:PORT" or "[V6]:PORT" into host (cap
 * bytes, brackets removed) and *port (1..65535). false on a malformed one.
 */
#define CLI_LISTEN_MAX 128
bool cli_parse_listen(const char *arg, char *host, size_t cap, int *port);

/*
 * For commands that print much (dump, lists): a closed pipe on stdout
 * (`recond dump | head`) ends them quietly. cli_quiet_pipe() ignores
 * SIGPIPE so that writes fail with EPIPE instead of killing the process;
 * cli_pipe_closed() tells, after a failed write or fflush, whether that was
 * the cause (the command then exits 0 without a message).
 */
void cli_quiet_pipe(void);
bool cli_pipe_closed(void);
/* Writes s to stdout padded with spaces to `width` code points (no truncation). */
void cli_put_col(const char *s, size_t width);

/* Reads one line (a password) from stdin without its newline; caller wipes and frees. */
char *cli_read_secret_line(void);

#endif
