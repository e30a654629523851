/*
 * test-login.c — end to end: logging in. Password and public-key logins
 * reach the home screen; a probed but unsigned key does not log in; six
 * failed attempts end the connection; the home screen draws on every
 * supported TERM and on an unknown one.
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

/* Password login: the title line names organisation, login and role; the
 * menu holds the three areas; Quitter ends the session with status 0. */
static void test_password_login_home(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_alice(f);
	char *title = f_title(F_ORG, F_ALICE, F_ALICE_ROLE);
	int row = -1, status = -1;

	assert_non_null(c);
	assert_true(c_screen_find(c, title, &row, NULL));
	assert_int_equal(row, 0);
	assert_true(c_screen_contains(c, T_MENU_ACCOUNT));
	assert_true(c_screen_contains(c, T_MENU_FAQ));
	assert_true(c_screen_contains(c, T_MENU_QUIT));
	assert_true(f_menu_pick(c, T_MENU_QUIT));
	assert_true(c_wait_closed(c, C_DEADLINE_MS, &status));
	assert_int_equal(status, 0);
	free(title);
	c_close(c);
}

/* Public-key login with the registered key (signed). */
static void test_pubkey_login(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);

	assert_non_null(c);
	assert_true(c_screen_contains(c, T_MENU_ACCOUNT));
	c_close(c);
}

/*
 * A key probe (no signature) is answered "acceptable" for a registered key
 * and "denied" for another one, and in neither case logs in: the server
 * still refuses a session channel, and a wrong password after it is denied.
 */
static void test_probe_does_not_authenticate(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_connect(f->s.port);
	char *other = NULL;
	ssh_channel ch;

	assert_non_null(c);
	assert_int_equal(h_keygen(f->s.root, "other_ed25519", NULL, &other), 0);
	assert_int_equal(c_probe_key(c, F_BOB, other), SSH_AUTH_DENIED);
	assert_int_equal(c_probe_key(c, F_BOB, f->pub), SSH_AUTH_SUCCESS);
	/*
	 * Not logged in: libssh marks a session authenticated only on the
	 * server's USERAUTH_SUCCESS, and refuses a channel before it. Had the
	 * server answered the probe with a success, this would give a channel.
	 */
	assert_null(ssh_channel_new(c_session(c)));
	c_close(c);

	/* A probe then a wrong password: still denied. */
	c = c_connect(f->s.port);
	assert_non_null(c);
	assert_int_equal(c_probe_key(c, F_BOB, f->pub), SSH_AUTH_SUCCESS);
	assert_int_equal(c_auth_password(c, F_BOB, "pas-le-bon-mot-de-passe"), SSH_AUTH_DENIED);
	assert_null(ssh_channel_new(c_session(c)));
	/* Control: the same key, signed, does log in and gives a channel. */
	assert_int_equal(c_auth_key(c, F_BOB, f->priv), SSH_AUTH_SUCCESS);
	ch = ssh_channel_new(c_session(c));
	assert_non_null(ch);
	ssh_channel_free(ch);
	c_close(c);
	free(other);
}

/* An unknown key signed properly is refused too. */
static void test_unknown_key_refused(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_connect(f->s.port);
	char *priv = NULL;

	assert_non_null(c);
	assert_int_equal(h_keygen(f->s.root, "stranger_ed25519", &priv, NULL), 0);
	assert_int_equal(c_auth_key(c, F_BOB, priv), SSH_AUTH_DENIED);
	assert_int_equal(c_auth_key(c, F_ALICE, priv), SSH_AUTH_DENIED);
	c_close(c);
	free(priv);
}

/*
 * Wrong passwords: six attempts are answered "denied", then the server
 * disconnects: the seventh never gets an answer.
 */
static void test_wrong_password_six_then_disconnect(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_connect(f->s.port);
	int rc;

	assert_non_null(c);
	for (int i = 1; i <= 6; i++) {
		char pw[32];

		snprintf(pw, sizeof pw, "Faux-mot-%d-xyz", i);
		rc = c_auth_password(c, F_ALICE, pw);
		if (rc != SSH_AUTH_DENIED)
			fail_msg("attempt %d: expected denied, got %d", i, rc);
	}
	rc = c_auth_password(c, F_ALICE, F_PASS);
	assert_int_equal(rc, SSH_AUTH_ERROR);
	assert_false(ssh_is_connected(c_session(c)));
	c_close(c);

	/* The right password on a fresh connection still works. */
	c = f_alice(f);
	assert_non_null(c);
	c_close(c);
}

/* A TERM without terminfo entry falls back and still draws the home screen. */
static void test_unknown_term_falls_back(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_home(f, F_BOB, NULL, f->priv, "recond-nonexistent-term", 80, 24);

	assert_non_null(c);
	assert_true(c_screen_contains(c, T_MENU_FAQ));
	c_close(c);
}

/* TERM=dumb cannot place the cursor: one French line says so, instead of a blank screen. */
static void test_dumb_term_told(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, F_BOB, NULL, f->priv);
	int status = -1;

	assert_non_null(c);
	assert_int_equal(c_shell(c, "dumb", 80, 24), 0);
	F_WAIT(c, "ne sait pas placer le curseur");
	F_WAIT(c, "TERM=xterm-256color");
	assert_true(c_wait_closed(c, C_DEADLINE_MS, &status));
	assert_int_not_equal(status, 0);
	c_close(c);
}

/* Each supported TERM draws the home screen, and Quitter works there. */
static void test_supported_terms(void **state)
{
	static const char *const terms[] = {
		"xterm", "xterm-256color", "screen", "tmux", "linux", "vt100",
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < ARRAY_LEN(terms); i++) {
		struct c_conn *c = f_home(f, F_BOB, NULL, f->priv, terms[i], 80, 24);
		int status = -1;

		if (c == NULL)
			fail_msg("TERM=%s: no home screen", terms[i]);
		assert_true(c_screen_contains(c, T_MENU_ACCOUNT));
		assert_true(c_screen_contains(c, T_MENU_FAQ));
		if (!f_menu_pick(c, T_MENU_QUIT) || !c_wait_closed(c, C_DEADLINE_MS, &status))
			fail_msg("TERM=%s: Quitter did not end the session", terms[i]);
		assert_int_equal(status, 0);
		c_close(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_password_login_home, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_pubkey_login, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_probe_does_not_authenticate, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_key_refused, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_password_six_then_disconnect, f_setup,
		                                f_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_term_falls_back, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_supported_terms, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_dumb_term_told, f_setup, f_teardown),
	};

	return cmocka_run_group_tests_name("e2e login", tests, NULL, NULL);
}
