/*
 * test-keyseq.c — end to end: the function and editing keys of the SSH
 * clients people use, as each one sends them, whatever TERM it announces.
 * For every client (PuTTY in each of its function-key modes — ESC[n~, its
 * default, also with TERM=vt100; Linux; Xterm R6; VT400; VT100+; SCO —,
 * Windows' OpenSSH client in Windows Terminal and in the console host,
 * macOS Terminal, iTerm2, the Linux console), a staff member of a commune presses every key
 * the help lines name, in the client's own bytes, and the session answers
 * as to that key: F1 help, ↑↓ the menu, Home/End/PgUp/PgDn the FAQ list,
 * F3 back, F4 a lot's configuration, Tab/Shift-Tab the fields, F6 the next
 * page, F8 « placez-vous… », F2 saved, F5 the submission check, F10 quits.
 * The bytes are written here from each client's documentation, apart from
 * recond's own table (tui/keyseq.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tests/e2e/fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define T_FAQ_Q1 "Quelles structures peuvent bénéficier du programme ?"
#define T_FAQ_LAST "Je ne trouve pas la réponse à ma question"
#define T_PREORDER "Mon intention de commande"

struct client {
	const char *name;
	const char *login;          /* one account per client: no draft of another to resume */
	const char *term;
	const char *up, *down, *home, *end, *pgup, *pgdn, *btab;
	const char *f[11];          /* f[1] … f[10] */
};

/* ESC[n~ function keys, PuTTY's default and its VT400 mode. */
#define TILDE_F5_F10 "\033[15~", "\033[17~", "\033[18~", "\033[19~", "\033[20~", "\033[21~"
#define PUTTY_F1_F4 "\033[11~", "\033[12~", "\033[13~", "\033[14~"
#define XTERM_F1_F4 "\033OP", "\033OQ", "\033OR", "\033OS"
/* Cursor keys in application mode (DECCKM, which curses turns on). */
#define APP_ARROWS "\033OA", "\033OB"
#define PUTTY_KEYPAD "\033[1~", "\033[4~", "\033[5~", "\033[6~", "\033[Z"

static const struct client clients[] = {
	{ "PuTTY, ESC[n~ (default)", "k-putty", "xterm", APP_ARROWS, PUTTY_KEYPAD,
	  { NULL, PUTTY_F1_F4, TILDE_F5_F10 } },
	{ "PuTTY, ESC[n~, TERM=vt100", "k-putty-vt100", "vt100", APP_ARROWS, PUTTY_KEYPAD,
	  { NULL, PUTTY_F1_F4, TILDE_F5_F10 } },
	{ "PuTTY, Linux", "k-putty-linux", "xterm", APP_ARROWS, PUTTY_KEYPAD,
	  { NULL, "\033[[A", "\033[[B", "\033[[C", "\033[[D", "\033[[E", "\033[17~", "\033[18~",
	    "\033[19~", "\033[20~", "\033[21~" } },
	{ "Linux console (ssh from a virtual console)", "k-linux", "linux", "\033[A", "\033[B",
	  PUTTY_KEYPAD,
	  { NULL, "\033[[A", "\033[[B", "\033[[C", "\033[[D", "\033[[E", "\033[17~", "\033[18~",
	    "\033[19~", "\033[20~", "\033[21~" } },
	{ "PuTTY, Xterm R6", "k-putty-r6", "xterm", APP_ARROWS, PUTTY_KEYPAD,
	  { NULL, XTERM_F1_F4, TILDE_F5_F10 } },
	{ "PuTTY, VT400", "k-putty-vt400", "vt100", APP_ARROWS, PUTTY_KEYPAD,
	  { NULL, PUTTY_F1_F4, TILDE_F5_F10 } },
	{ "PuTTY, VT100+", "k-putty-vt100p", "vt100", APP_ARROWS, PUTTY_KEYPAD,
	  { NULL, XTERM_F1_F4, "\033OT", "\033OU", "\033OV", "\033OW", "\033OX", "\033OY" } },
	{ "PuTTY, SCO", "k-putty-sco", "xterm", APP_ARROWS, "\033[H", "\033[F", "\033[I", "\033[G",
	  "\033[Z",
	  { NULL, "\033[M", "\033[N", "\033[O", "\033[P", "\033[Q", "\033[R", "\033[S", "\033[T",
	    "\033[U", "\033[V" } },
	{ "OpenSSH for Windows, Windows Terminal", "k-winterm", "xterm-256color", APP_ARROWS,
	  "\033OH", "\033OF", "\033[5~", "\033[6~", "\033[Z", { NULL, XTERM_F1_F4, TILDE_F5_F10 } },
	{ "OpenSSH for Windows, console host", "k-conhost", "xterm-256color", "\033[A", "\033[B",
	  PUTTY_KEYPAD, { NULL, XTERM_F1_F4, TILDE_F5_F10 } },
	{ "macOS Terminal", "k-macos", "xterm-256color", APP_ARROWS, "\033[H", "\033[F", "\033[5~",
	  "\033[6~", "\033[Z", { NULL, XTERM_F1_F4, TILDE_F5_F10 } },
	{ "iTerm2", "k-iterm2", "xterm-256color", APP_ARROWS, "\033OH", "\033OF", "\033[5~",
	  "\033[6~", "\033[Z", { NULL, XTERM_F1_F4, TILDE_F5_F10 } },
};

static int keys_setup(void **state)
{
	struct fixture *f;

	if (f_setup(state) != 0)
		return -1;
	f = *state;
	for (size_t i = 0; i < ARRAY_LEN(clients); i++)
		if (h_user_add(&f->s, clients[i].login, "collectivite", F_ORG, F_PASS, NULL) != 0)
			return -1;
	return 0;
}

static void send_ok(struct c_conn *c, const char *bytes)
{
	assert_int_equal(c_send(c, bytes), 0);
}

/* Whether the selection marker sits on the row that holds label. */
static bool selected(struct c_conn *c, const char *label)
{
	int cols, rows;

	c_screen_size(c, &cols, &rows);
	for (int r = 0; r < rows - 1; r++) {
		const char *line = c_screen_text(c, r);

		if (strstr(line, "▸ ") != NULL && strstr(line, label) != NULL)
			return true;
	}
	return false;
}

/* Waits until the selection is (or, want false, is no longer) on label. */
static void wait_selected(struct c_conn *c, const char *label, bool want, const char *client)
{
	int64_t end = h_now_ms() + C_DEADLINE_MS;

	while (selected(c, label) != want) {
		if (h_now_ms() >= end || c_pump(c, 100) < 0) {
			c_screen_print(c, label);
			fail_msg("%s: the selection %s « %s »", client, want ? "never reached" : "stayed on",
			         label);
		}
	}
}

/* Waits for one of two texts; returns which (0 or 1). */
static int wait_either(struct c_conn *c, const char *a, const char *b, const char *client)
{
	int64_t end = h_now_ms() + C_DEADLINE_MS;

	for (;;) {
		if (c_screen_contains(c, a))
			return 0;
		if (c_screen_contains(c, b))
			return 1;
		if (h_now_ms() >= end || c_pump(c, 100) < 0) {
			c_screen_print(c, a);
			fail_msg("%s: neither « %s » nor « %s »", client, a, b);
		}
	}
}

#define WAIT(c, text, who) \
	do { \
		if (!c_wait_for_text((c), (text), C_DEADLINE_MS)) { \
			c_screen_print((c), (text)); \
			fail_msg("%s: « %s » never appeared", (who), (text)); \
		} \
	} while (0)

static void one_client(struct fixture *f, const struct client *k)
{
	struct c_conn *c = f_home(f, k->login, F_PASS, NULL, k->term, 80, 24);
	int status = -1;

	if (c == NULL)
		fail_msg("%s: no home screen", k->name);
	/* F1: the help panel; any key closes it. */
	send_ok(c, k->f[1]);
	WAIT(c, "Menu principal de recond.", k->name);
	send_ok(c, k->down);
	if (!c_wait_gone(c, "Menu principal de recond.", C_DEADLINE_MS))
		fail_msg("%s: the help panel stayed", k->name);
	/* ↓ ↑ on the menu. */
	wait_selected(c, T_PREORDER, true, k->name);
	send_ok(c, k->down);
	wait_selected(c, "Suivi de ma demande", true, k->name);
	send_ok(c, k->up);
	wait_selected(c, T_PREORDER, true, k->name);

	/* The FAQ list: End, Home, PgDn, PgUp; F3 back. */
	assert_true(f_menu_pick_keys(c, T_MENU_FAQ, k->down, k->up, K_ENTER));
	WAIT(c, "Entrée Lire", k->name);
	wait_selected(c, T_FAQ_Q1, true, k->name);
	send_ok(c, k->end);
	wait_selected(c, T_FAQ_LAST, true, k->name);
	send_ok(c, k->home);
	wait_selected(c, T_FAQ_Q1, true, k->name);
	send_ok(c, k->pgdn);
	wait_selected(c, T_FAQ_Q1, false, k->name);
	send_ok(c, k->pgup);
	wait_selected(c, T_FAQ_Q1, true, k->name);
	send_ok(c, k->f[3]);
	WAIT(c, T_HELP_HOME, k->name);

	/* The pre-order form. */
	assert_true(f_menu_pick_keys(c, T_PREORDER, k->down, k->up, K_ENTER));
	WAIT(c, "page 1/3", k->name);
	send_ok(c, k->f[4]);
	WAIT(c, "Configuration minimale", k->name);
	send_ok(c, k->f[3]);
	if (!c_wait_gone(c, "Configuration minimale", C_DEADLINE_MS))
		fail_msg("%s: F3 did not close the configuration", k->name);
	/* Tab, then Shift-Tab: the focus (its « ▸ ») goes down a field and back. */
	wait_selected(c, "PC fixe", true, k->name);
	send_ok(c, K_TAB);
	wait_selected(c, "PC portable", true, k->name);
	send_ok(c, k->btab);
	wait_selected(c, "PC fixe", true, k->name);
	send_ok(c, k->f[6]);
	WAIT(c, "page 2/3", k->name);
	send_ok(c, k->f[8]);
	WAIT(c, "Placez-vous sur la structure", k->name);
	send_ok(c, k->f[2]);
	WAIT(c, "Brouillon enregistré", k->name);
	send_ok(c, k->f[5]);
	if (wait_either(c, "Vous allez déposer", "Erreur", k->name) == 0) {
		send_ok(c, "n");
		WAIT(c, "Rien n'a été déposé", k->name);
	}
	/* F10 ends the session, cleanly. */
	send_ok(c, k->f[10]);
	if (!c_wait_closed(c, C_DEADLINE_MS, &status))
		fail_msg("%s: F10 did not end the session", k->name);
	assert_int_equal(status, 0);
	c_close(c);
	printf("ok - %s (TERM=%s)\n", k->name, k->term);
}

static void test_every_client(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(clients); i++)
		one_client(*state, &clients[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_client),
	};

	return cmocka_run_group_tests(tests, keys_setup, f_teardown);
}
