/*
 * test-screen.c — end to end: what the terminal shows. Resizing repaints
 * for the new size; a window below 80x24 says so; accented characters
 * arrive as the right code points; a client that vanishes leaves the server
 * serving the others; two sessions keep their own state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

#include "core/util.h"
#include "tests/e2e/fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define NBSP "\xc2\xa0"
#define EURO_AMOUNT "40" NBSP "000" NBSP "€" NBSP "HT"

/* Asserts that the row holding `word` has, `offset` code points after the
 * start of `word`, the single code point `cp`. */
static void assert_cell_cp(struct c_conn *c, const char *word, int offset, uint32_t cp)
{
	uint32_t cps[8];
	int row, col;

	if (!c_screen_find(c, word, &row, &col)) {
		c_screen_print(c, word);
		fail_msg("« %s » is not on the screen", word);
	}
	assert_int_equal(c_screen_cell(c, row, col + offset, cps, 8), 1);
	if (cps[0] != cp)
		fail_msg("« %s »+%d: U+%04X instead of U+%04X", word, offset, (unsigned)cps[0],
		         (unsigned)cp);
}

/* 80x24 then 132x43: the help line moves to the new last row, the title bar
 * spans the new width, the menu is still there. */
static void test_resize_repaints(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);
	int row = -1;

	assert_non_null(c);
	assert_true(c_screen_find(c, T_HELP_HOME, &row, NULL));
	assert_int_equal(row, 23);
	assert_true(c_screen_cell_reverse(c, 0, 79));

	assert_int_equal(c_resize(c, 132, 43), 0);
	F_WAIT(c, T_MENU_QUIT);
	/* Wait for the new layout: the help line on row 42. */
	for (int64_t end = h_now_ms() + C_DEADLINE_MS; h_now_ms() < end;) {
		if (c_screen_find(c, T_HELP_HOME, &row, NULL) && row == 42)
			break;
		c_pump(c, 100);
	}
	if (row != 42) {
		c_screen_print(c, "after resize to 132x43");
		fail_msg("help line on row %d, not 42", row);
	}
	assert_true(c_screen_cell_reverse(c, 0, 131));
	assert_true(c_screen_contains(c, F_BOB " (" F_BOB_ROLE ")"));
	assert_true(c_screen_contains(c, T_MENU_ACCOUNT));
	assert_true(c_screen_contains(c, T_MENU_FAQ));
	/* Nothing left of the old layout: row 23 no longer holds the help line. */
	assert_null(strstr(c_screen_text(c, 23), T_HELP_HOME));

	/* And the session still answers keys at the new size. */
	assert_true(f_menu_pick(c, T_MENU_FAQ));
	F_WAIT(c, "Retour");
	c_close(c);
}

/* Below 80x24 the screen says the window is too small; back at 80x24 the
 * home screen returns. Also when the session starts too small. */
static void test_too_small(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);

	assert_non_null(c);
	assert_int_equal(c_resize(c, 70, 20), 0);
	F_WAIT(c, T_TOO_SMALL);
	assert_int_equal(c_resize(c, 80, 24), 0);
	assert_true(c_wait_gone(c, T_TOO_SMALL, C_DEADLINE_MS));
	F_WAIT(c, T_MENU_QUIT);
	assert_int_equal(c_resize(c, 80, 23), 0);
	F_WAIT(c, T_TOO_SMALL);
	c_close(c);

	c = c_login(f->s.port, F_BOB, NULL, f->priv);
	assert_non_null(c);
	assert_int_equal(c_shell(c, "xterm-256color", 60, 15), 0);
	F_WAIT(c, T_TOO_SMALL);
	assert_int_equal(c_resize(c, 100, 30), 0);
	F_WAIT(c, T_MENU_QUIT);
	c_close(c);
}

/*
 * é, ç and € reach the terminal as those very code points, one cell each:
 * in the title line (role « Collectivité »), the menu, and two answers of
 * the FAQ (« 40 000 € HT » with its no-break spaces, « reçu »).
 */
static void test_accented_text(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_alice(f);

	assert_non_null(c);
	assert_cell_cp(c, F_ALICE_ROLE, 11, 0x00e9);           /* Collectivité */
	assert_cell_cp(c, T_MENU_FAQ, 12, 0x00e9);             /* fréquentes */
	assert_cell_cp(c, T_MENU_FAQ, 13, 'q');                /* one cell for é */

	assert_true(f_menu_pick(c, T_MENU_FAQ));
	F_WAIT(c, "Comment se déroule le programme");
	assert_true(f_menu_pick(c, "Comment se déroule le programme"));
	/* The FAQ writes amounts with no-break spaces: « 40 000 € HT ». */
	F_WAIT(c, EURO_AMOUNT);
	assert_cell_cp(c, EURO_AMOUNT, 2, 0x00a0);
	assert_cell_cp(c, EURO_AMOUNT, 7, 0x20ac);             /* € */
	assert_cell_cp(c, EURO_AMOUNT, 9, 'H');
	assert_int_equal(c_send(c, K_ESC), 0);
	F_WAIT(c, "Association, CCAS");
	assert_true(f_menu_pick(c, "Association, CCAS"));
	F_WAIT(c, "reçu");
	assert_cell_cp(c, "reçu", 2, 0x00e7);                  /* ç */
	assert_cell_cp(c, "reçu", 3, 'u');
	c_close(c);
}

/*
 * At 80 columns a long organisation name gives way in the title line: it
 * ends with « … » and the login and role show whole (`recond demo` made
 * this account of « Atelier du réemploi numérique du Limousin »).
 */
static void test_long_title_fits(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, "demo-reemploi", "demo-reemploi-87", NULL);
	int row = -1;

	assert_non_null(c);
	assert_int_equal(c_shell(c, "xterm-256color", 80, 24), 0);
	F_WAIT(c, "… — demo-reemploi (Reconditionneur)");
	assert_true(c_screen_find(c, "recond — Atelier du réemploi", &row, NULL));
	assert_int_equal(row, 0);
	c_close(c);
}

/* Session processes below the server (connection + UI processes). */
static int tree_size(struct fixture *f)
{
	pid_t pids[256];

	return h_proc_descendants(f->s.pid, pids, 256);
}

/*
 * A client vanishes (TCP shut down, no SSH goodbye) while a screen is open:
 * its processes end, the server keeps serving the session already open
 * and new logins.
 */
static void test_vanish_leaves_others(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a, *b, *c;
	int base, n = -1;

	base = tree_size(f);
	b = f_bob(f);
	assert_non_null(b);
	a = f_alice(f);
	assert_non_null(a);
	assert_true(f_menu_pick(a, T_MENU_FAQ));
	F_WAIT(a, "Retour");
	assert_true(tree_size(f) > base);
	c_vanish(a);

	/* The vanished session's processes end within the deadline. */
	for (int64_t end = h_now_ms() + C_DEADLINE_MS; h_now_ms() < end;) {
		c_pump(b, 50);
		if ((n = tree_size(f)) <= base + 2)
			break;
	}
	if (n > base + 2)
		fail_msg("%d processes under the server, expected at most %d", n, base + 2);

	/* The other session still works. */
	assert_true(h_server_alive(&f->s));
	assert_true(f_menu_pick(b, T_MENU_FAQ));
	F_WAIT(b, "Retour");
	/* And a new one can log in. */
	c = f_alice(f);
	assert_non_null(c);
	c_close(c);
	c_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resize_repaints, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_too_small, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_accented_text, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_long_title_fits, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_vanish_leaves_others, f_setup, f_teardown),
	};

	return cmocka_run_group_tests_name("e2e screen", tests, NULL, NULL);
}
