/*
 * keyseq.c — the escape sequences of the SSH clients people use (see
 * keyseq.h), from each client's documentation and source: PuTTY's
 * "Keyboard" panel (function keys and keypad: ESC[n~, Linux, Xterm R6,
 * VT400, VT100+, SCO; Home/End: standard or rxvt), Win32-OpenSSH's console
 * key table (conhost) and Windows Terminal's xterm input, macOS Terminal
 * and iTerm2 (xterm sequences, in normal and application cursor mode).
 */
#include "tui/keyseq.h"

#include <curses.h>

#include "core/util.h"

#define PUTTY "PuTTY (ESC[n~, VT400)"
#define PUTTY_LINUX "PuTTY (Linux), console Linux"
#define XTERM "xterm, PuTTY (Xterm R6, VT100+), OpenSSH Windows, Terminal macOS, iTerm2"
#define VT100P "PuTTY (VT100+)"
#define SCO "PuTTY (SCO)"

static const struct tui_keyseq table[] = {
	/* Arrows: normal and application cursor mode (DECCKM, which smkx sets). */
	{ "\033[A", KEY_UP, "tous (mode normal)" },
	{ "\033[B", KEY_DOWN, "tous (mode normal)" },
	{ "\033[C", KEY_RIGHT, "tous (mode normal)" },
	{ "\033[D", KEY_LEFT, "tous (mode normal)" },
	{ "\033OA", KEY_UP, "tous (mode application)" },
	{ "\033OB", KEY_DOWN, "tous (mode application)" },
	{ "\033OC", KEY_RIGHT, "tous (mode application)" },
	{ "\033OD", KEY_LEFT, "tous (mode application)" },

	/* Home, End and the small keypad. */
	{ "\033[H", KEY_HOME, XTERM ", " SCO },
	{ "\033[F", KEY_END, XTERM ", " SCO },
	{ "\033OH", KEY_HOME, "xterm, iTerm2, Windows Terminal (mode application)" },
	{ "\033OF", KEY_END, "xterm, iTerm2, Windows Terminal (mode application)" },
	{ "\033[1~", KEY_HOME, PUTTY ", " PUTTY_LINUX ", OpenSSH Windows (conhost), screen, tmux" },
	{ "\033[4~", KEY_END, PUTTY ", " PUTTY_LINUX ", OpenSSH Windows (conhost), screen, tmux" },
	{ "\033[7~", KEY_HOME, "rxvt" },
	{ "\033[8~", KEY_END, "rxvt" },
	{ "\033[2~", KEY_IC, "tous sauf SCO" },
	{ "\033[3~", KEY_DC, "tous" },
	{ "\033[5~", KEY_PPAGE, "tous sauf SCO" },
	{ "\033[6~", KEY_NPAGE, "tous sauf SCO" },
	{ "\033[I", KEY_PPAGE, SCO },
	{ "\033[G", KEY_NPAGE, SCO },
	{ "\033[L", KEY_IC, SCO },
	{ "\033[Z", KEY_BTAB, "tous (Maj-Tab)" },
	{ "\033OM", KEY_ENTER, "pavé numérique en mode application" },

	/* F1–F4: ESC O P…S (xterm, VT100), ESC[11~…14~ (PuTTY), ESC[[A…D (Linux). */
	{ "\033OP", KEY_F(1), XTERM },
	{ "\033OQ", KEY_F(2), XTERM },
	{ "\033OR", KEY_F(3), XTERM },
	{ "\033OS", KEY_F(4), XTERM },
	{ "\033[11~", KEY_F(1), PUTTY ", rxvt" },
	{ "\033[12~", KEY_F(2), PUTTY ", rxvt" },
	{ "\033[13~", KEY_F(3), PUTTY ", rxvt" },
	{ "\033[14~", KEY_F(4), PUTTY ", rxvt" },
	{ "\033[[A", KEY_F(1), PUTTY_LINUX },
	{ "\033[[B", KEY_F(2), PUTTY_LINUX },
	{ "\033[[C", KEY_F(3), PUTTY_LINUX },
	{ "\033[[D", KEY_F(4), PUTTY_LINUX },
	{ "\033[[E", KEY_F(5), PUTTY_LINUX },

	/* F5–F12: ESC[n~ (every mode but VT100+ and SCO). */
	{ "\033[15~", KEY_F(5), "tous sauf Linux, VT100+ et SCO" },
	{ "\033[17~", KEY_F(6), "tous sauf VT100+ et SCO" },
	{ "\033[18~", KEY_F(7), "tous sauf VT100+ et SCO" },
	{ "\033[19~", KEY_F(8), "tous sauf VT100+ et SCO" },
	{ "\033[20~", KEY_F(9), "tous sauf VT100+ et SCO" },
	{ "\033[21~", KEY_F(10), "tous sauf VT100+ et SCO" },
	{ "\033[23~", KEY_F(11), "tous sauf VT100+ et SCO" },
	{ "\033[24~", KEY_F(12), "tous sauf VT100+ et SCO" },

	/* PuTTY VT100+: F1–F12 are ESC O P … ESC O [. */
	{ "\033OT", KEY_F(5), VT100P },
	{ "\033OU", KEY_F(6), VT100P },
	{ "\033OV", KEY_F(7), VT100P },
	{ "\033OW", KEY_F(8), VT100P },
	{ "\033OX", KEY_F(9), VT100P },
	{ "\033OY", KEY_F(10), VT100P },
	{ "\033OZ", KEY_F(11), VT100P },
	{ "\033O[", KEY_F(12), VT100P },

	/* PuTTY SCO: F1–F12 are ESC[M … ESC[X. */
	{ "\033[M", KEY_F(1), SCO },
	{ "\033[N", KEY_F(2), SCO },
	{ "\033[O", KEY_F(3), SCO },
	{ "\033[P", KEY_F(4), SCO },
	{ "\033[Q", KEY_F(5), SCO },
	{ "\033[R", KEY_F(6), SCO },
	{ "\033[S", KEY_F(7), SCO },
	{ "\033[T", KEY_F(8), SCO },
	{ "\033[U", KEY_F(9), SCO },
	{ "\033[V", KEY_F(10), SCO },
	{ "\033[W", KEY_F(11), SCO },
	{ "\033[X", KEY_F(12), SCO },
};

const struct tui_keyseq *tui_keyseq_table(size_t *n)
{
	*n = ARRAY_LEN(table);
	return table;
}

void tui_keyseq_define(void)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++) {
		int now = key_defined(table[i].seq);

		if (now == table[i].code)
			continue;
		if (now > 0 || now == -1)
			define_key(table[i].seq, 0);  /* bound elsewhere, or a prefix of others */
		define_key(table[i].seq, table[i].code);
	}
}
