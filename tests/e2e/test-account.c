/*
 * test-account.c — end to end: « Mon compte ». Changing the password
 * (after a refused wrong current one) lets the new password in and keeps
 * the old one out; a malformed key line is refused, a valid one is added
 * and then logs in; two sessions at once keep their own form state.
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

#define T_ACCOUNT_FORM "Changer le mot de passe"
#define T_PW_CHANGED "Mot de passe modifié."
#define T_PW_WRONG "Erreur : Mot de passe actuel incorrect."
#define T_KEY_ADDED "Clé ajoutée."
#define T_ERROR "Erreur : "
#define NEW_PASS "Nouveau-secret-42"

/* From the home screen into Mon compte (focus on the current password). */
static void open_account(struct c_conn *c)
{
	assert_true(f_menu_pick(c, T_MENU_ACCOUNT));
	F_WAIT(c, T_ACCOUNT_FORM);
	F_WAIT(c, "Ajouter une clé");
}

static void test_change_password(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_alice(f);
	int status = -1;

	assert_non_null(c);
	open_account(c);

	/* A wrong current password is refused with its message. */
	assert_int_equal(c_send(c, "Pas-le-bon-1" K_ENTER NEW_PASS K_ENTER NEW_PASS K_ENTER), 0);
	F_WAIT(c, T_PW_WRONG);
	assert_false(c_screen_contains(c, T_PW_CHANGED));

	/* The focus is back on the (emptied) current password field. */
	assert_int_equal(c_send(c, F_PASS K_ENTER NEW_PASS K_ENTER NEW_PASS K_ENTER), 0);
	F_WAIT(c, T_PW_CHANGED);
	/* The passwords never appear in clear. */
	assert_false(c_screen_contains(c, NEW_PASS));
	assert_false(c_screen_contains(c, F_PASS));

	/* Back home, quit. */
	assert_int_equal(c_send(c, K_F3), 0);
	/* « Quitter » is on this screen's help line too: wait for the home screen's own. */
	F_WAIT(c, T_HELP_HOME);
	assert_true(f_menu_pick(c, T_MENU_QUIT));
	if (!c_wait_closed(c, C_DEADLINE_MS, &status)) {
		c_screen_print(c, "after Quitter");
		h_server_print_log(&f->s);
		fail_msg("the session did not end after Quitter");
	}
	assert_int_equal(status, 0);
	c_close(c);

	/* The old password is refused, the new one logs in. */
	c = c_connect(f->s.port);
	assert_non_null(c);
	assert_int_equal(c_auth_password(c, F_ALICE, F_PASS), SSH_AUTH_DENIED);
	assert_int_equal(c_auth_password(c, F_ALICE, NEW_PASS), SSH_AUTH_SUCCESS);
	c_close(c);
	c = f_home(f, F_ALICE, NEW_PASS, NULL, "xterm-256color", 80, 24);
	assert_non_null(c);
	c_close(c);
}

static void test_add_keys(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_alice(f), *k;
	char *priv = NULL, *pub = NULL, *line = NULL, *nl;
	int row = -1;

	assert_non_null(c);
	assert_int_equal(h_keygen(f->s.root, "alice_ed25519", &priv, &pub), 0);
	line = h_read_file(pub, NULL);
	assert_non_null(line);
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';

	/* Before: the key does not log in. */
	k = c_connect(f->s.port);
	assert_non_null(k);
	assert_int_equal(c_auth_key(k, F_ALICE, priv), SSH_AUTH_DENIED);
	c_close(k);

	open_account(c);
	F_WAIT(c, "Aucune clé enregistrée.");
	/* Up from the first field wraps to the key field at the bottom. */
	assert_int_equal(c_send(c, K_UP), 0);
	assert_true(c_wait_change(c, C_DEADLINE_MS));

	/* A malformed line is refused, with a message, and nothing is added. */
	assert_int_equal(c_send(c, "ssh-ed25519 AAAA-ceci-n-est-pas-une-cle! test" K_ENTER), 0);
	F_WAIT(c, T_ERROR);
	/* On the message lines, above the help line. */
	assert_true(c_screen_find(c, T_ERROR, &row, NULL));
	assert_in_range(row, 21, 22);
	assert_true(c_screen_contains(c, "(0 sur 16)"));

	/* Empty the field, paste the real line. */
	assert_int_equal(c_send(c, K_END), 0);
	assert_int_equal(c_send_n(c, (char[]){ K_CTRL('u') }, 1), 0);
	assert_true(c_wait_change(c, C_DEADLINE_MS));
	assert_int_equal(c_send(c, line), 0);
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, T_KEY_ADDED);
	F_WAIT(c, "(1 sur 16)");
	assert_true(c_screen_contains(c, "ssh-ed25519"));
	c_close(c);

	/* After: the key logs in and reaches the home screen. */
	c = f_home(f, F_ALICE, NULL, priv, "xterm-256color", 80, 24);
	assert_non_null(c);
	c_close(c);
	free(line);
	free(priv);
	free(pub);
}

/*
 * Two sessions of one account, both in Mon compte: what one types in its
 * key field never shows on the other's screen, even after a repaint.
 */
static void test_two_sessions_isolated(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a = f_bob(f), *b = f_bob(f);

	assert_non_null(a);
	assert_non_null(b);
	open_account(a);
	open_account(b);
	assert_int_equal(c_send(a, K_UP "saisie-de-la-session-A"), 0);
	F_WAIT(a, "saisie-de-la-session-A");
	assert_int_equal(c_send(b, K_UP "autre-texte-en-B"), 0);
	F_WAIT(b, "autre-texte-en-B");
	/* Make both repaint, then look again. */
	assert_int_equal(c_send(a, K_DOWN), 0);
	assert_int_equal(c_send(b, K_DOWN), 0);
	assert_true(c_wait_change(a, C_DEADLINE_MS));
	assert_true(c_wait_change(b, C_DEADLINE_MS));
	/* The first change may be part of the repaint: wait for its end. */
	F_WAIT(a, "saisie-de-la-session-A");
	F_WAIT(b, "autre-texte-en-B");
	assert_false(c_screen_contains(b, "saisie-de-la-session-A"));
	assert_false(c_screen_contains(a, "autre-texte-en-B"));

	/* Leaving A's screen does not touch B's field. */
	assert_int_equal(c_send(a, K_F3), 0);
	F_WAIT(a, T_HELP_HOME);
	assert_int_equal(c_send(b, K_UP "-suite"), 0);
	F_WAIT(b, "autre-texte-en-B-suite");
	c_close(a);
	c_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_change_password, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_add_keys, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_two_sessions_isolated, f_setup, f_teardown),
	};

	return cmocka_run_group_tests_name("e2e account", tests, NULL, NULL);
}
