/*
 * keyseq.h — the escape sequences of the SSH clients people use, taught to
 * curses whatever TERM says: PuTTY in each of its function-key modes
 * (ESC[n~ — its default —, Linux console, Xterm R6, VT400, VT100+, SCO),
 * Windows' OpenSSH client in Windows Terminal and in the console host,
 * macOS Terminal and iTerm2, xterm, rxvt, the Linux console, screen and
 * tmux. A terminal description rarely lists them all (TERM=vt100 knows no
 * F5, PuTTY's default F1 is ESC[11~ where xterm's is ESC OP), and a
 * sequence curses does not know arrives as Esc then letters: « back »,
 * then stray typing.
 */
#ifndef RECOND_TUI_KEYSEQ_H
#define RECOND_TUI_KEYSEQ_H

#include <stddef.h>

/* One sequence: the bytes a client sends and the curses key it means. */
struct tui_keyseq {
	const char *seq;
	int code;                   /* KEY_F(1), KEY_HOME, … */
	const char *from;           /* which clients send it (for people) */
};

/* The table, static; *n gets its length. No sequence appears twice. */
const struct tui_keyseq *tui_keyseq_table(size_t *n);

/*
 * Teaches curses every sequence of the table (call after newterm(), before
 * reading keys). A sequence the terminal description already binds to the
 * same key is left alone; one it binds to another key the table knows
 * better (PuTTY's SCO F1 is ESC[M, the X10 mouse prefix recond never asks
 * for) is rebound.
 */
void tui_keyseq_define(void);

#endif
