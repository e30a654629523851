/*
 * tui.h — the interactive session: ncursesw screens on the controlling
 * terminal, driving core/ use cases. Runs in its own process (the hidden
 * `recond session` subcommand), started by keys/ on the pty slave.
 */
#ifndef RECOND_TUI_H
#define RECOND_TUI_H

#include <stdint.h>

/*
 * Runs the session for the authenticated account on stdin/stdout (a
 * terminal) until the user quits, the terminal hangs up, or SIGTERM (which
 * prints a goodbye line). Opens the store of data_dir itself. Returns the
 * process exit status (0 normal end).
 */
int tui_run(const char *data_dir, uint64_t account_id);

/*
 * Runs an anonymous sign-up session (the sign-up wizard alone) for the
 * sign-up login `login`; ssh_host and ssh_port are what the wizard tells
 * the new account to connect to; source is the client's address (NULL or
 * "": unknown), against which the SIRETs tried are counted. Same terminal
 * handling and statuses.
 */
int tui_run_signup(const char *data_dir, const char *login, const char *ssh_host, int ssh_port,
                   const char *source);

#endif
