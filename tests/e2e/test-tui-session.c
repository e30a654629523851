/*
 * test-tui-session.c — end to end, the session's own behaviour: browsing
 * the FAQ (sections, answer, back with F3, Esc and ^B), the help panel
 * (F1, ?, ^G, any key closes it), removing an SSH key only after « o »,
 * the selection shown by reverse video and a marker on a monochrome vt100,
 * a typed character costing a few bytes, and the goodbye line when the
 * server stops.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/store.h"
#include "tests/e2e/fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define K_DEL "\033[3~"
#define T_FAQ_Q1 "Quelles structures peuvent bénéficier du programme ?"
#define T_FAQ_LAST "Je ne trouve pas la réponse à ma question"
#define T_HELP_TITLE "Une touche pour revenir"
#define T_GOODBYE "Le serveur s'arrête : à bientôt."

static void send_ok(struct c_conn *c, const char *keys)
{
	assert_int_equal(c_send(c, keys), 0);
}

static void send_ctrl(struct c_conn *c, char letter)
{
	char k = K_CTRL(letter);

	assert_int_equal(c_send_n(c, &k, 1), 0);
}

/*
 * Sections, an answer, back to the list with F3, then Esc, then home with
 * ^B; read by a collectivité, whose FAQ is the longest (the préfecture
 * reads its own, test-tui-direct.c).
 */
static void test_faq_browse(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_alice(f);

	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_FAQ));
	F_WAIT(c, T_FAQ_Q1);
	F_WAIT(c, "Éligibilité");
	F_WAIT(c, "Intention de commande");

	/* End reaches the last question, in the « Contact » section. */
	send_ok(c, K_END);
	F_WAIT(c, T_FAQ_LAST);
	F_WAIT(c, "Contact");
	assert_true(c_wait_gone(c, T_FAQ_Q1, C_DEADLINE_MS));
	send_ok(c, K_ENTER);
	F_WAIT(c, "Écrivez-lui depuis");
	F_WAIT(c, "il vous répond dans");
	assert_true(c_wait_gone(c, "http", C_DEADLINE_MS));
	/* F3: back to the list, selection kept */
	send_ok(c, K_F3);
	F_WAIT(c, "Entrée Lire");
	/* The list may still be painting: wait for the marker, not just the help line. */
	F_WAIT(c, "▸ " T_FAQ_LAST);

	/* Home: the first question; Esc also closes an answer. */
	send_ok(c, K_HOME);
	F_WAIT(c, T_FAQ_Q1);
	send_ok(c, K_ENTER);
	F_WAIT(c, "espaces labellisés France Services");
	send_ok(c, K_ESC);
	F_WAIT(c, "Entrée Lire");

	/* ^B goes back home. */
	send_ctrl(c, 'b');
	F_WAIT(c, T_HELP_HOME);
	F_WAIT(c, "Menu principal");
	c_close(c);
}

/* F1, ? and ^G open the help panel; any key closes it and does nothing else. */
static void test_help_panel(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);

	assert_non_null(c);
	send_ok(c, K_F1);
	F_WAIT(c, T_HELP_TITLE);
	F_WAIT(c, "Menu principal de recond.");
	send_ok(c, K_DOWN);  /* closes the panel, does not move the selection */
	assert_true(c_wait_gone(c, T_HELP_TITLE, C_DEADLINE_MS));
	F_WAIT(c, "▸ " T_MENU_QUEUE);

	send_ok(c, "?");
	F_WAIT(c, T_HELP_TITLE);
	send_ok(c, "x");
	assert_true(c_wait_gone(c, T_HELP_TITLE, C_DEADLINE_MS));

	/* In Mon compte, '?' is a character of the field; ^G is the help. */
	assert_true(f_menu_pick(c, T_MENU_ACCOUNT));
	F_WAIT(c, "Changer le mot de passe");
	send_ctrl(c, 'g');
	F_WAIT(c, T_HELP_TITLE);
	F_WAIT(c, "Mon compte : votre mot de passe");
	send_ok(c, K_ESC);
	assert_true(c_wait_gone(c, T_HELP_TITLE, C_DEADLINE_MS));
	F_WAIT(c, "Changer le mot de passe");
	c_close(c);
}

/*
 * A key is removed only after « o »: « n » keeps it. Bob's only key is his
 * only way in (no password): core refuses, and the screen says why. Alice
 * (password) adds a key by pasting it, then removes it.
 */
static void test_key_remove_confirm(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);
	char *priv = NULL, *pub = NULL, *line = NULL, *nl;

	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_ACCOUNT));
	F_WAIT(c, "(1 sur 16)");
	/* Up from the first field: the add-key field; up again: the key. */
	send_ok(c, K_UP);
	assert_true(c_wait_change(c, C_DEADLINE_MS));
	send_ok(c, K_UP);
	F_WAIT(c, "Suppr/r Retirer");
	send_ok(c, "r");
	F_WAIT(c, "Retirer la clé n° 1");
	send_ok(c, "n");
	F_WAIT(c, "Suppression annulée.");
	F_WAIT(c, "(1 sur 16)");
	send_ok(c, K_DEL);
	F_WAIT(c, "Retirer la clé n° 1");
	send_ok(c, "o");
	F_WAIT(c, "Erreur : ");
	F_WAIT(c, "(1 sur 16)");
	c_close(c);

	assert_int_equal(h_keygen(f->s.root, "alice_ed25519", &priv, &pub), 0);
	line = h_read_file(pub, NULL);
	assert_non_null(line);
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	c = f_alice(f);
	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_ACCOUNT));
	F_WAIT(c, "(0 sur 16)");
	send_ok(c, K_UP);
	assert_true(c_wait_change(c, C_DEADLINE_MS));
	send_ok(c, line);
	send_ok(c, K_ENTER);
	F_WAIT(c, "(1 sur 16)");
	send_ok(c, K_UP);
	F_WAIT(c, "Suppr/r Retirer");
	send_ok(c, K_DEL);
	F_WAIT(c, "Retirer la clé n° 1");
	send_ok(c, "o");
	F_WAIT(c, "Clé n° 1 retirée.");
	F_WAIT(c, "(0 sur 16)");
	F_WAIT(c, "Aucune clé enregistrée.");
	c_close(c);
	free(line);
	free(priv);
	free(pub);
}

/* vt100 has no colour: the selected entry is in reverse video and marked. */
static void test_selection_monochrome(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_home(f, F_BOB, NULL, f->priv, "vt100", 80, 24);
	int row = -1, col = -1;

	assert_non_null(c);
	assert_true(c_screen_find(c, "▸ " T_MENU_QUEUE, &row, &col));
	assert_true(c_screen_cell_reverse(c, row, col));
	assert_true(c_screen_cell_reverse(c, row, col + 2));
	assert_true(c_screen_find(c, T_MENU_PROG, &row, &col));
	assert_false(c_screen_cell_reverse(c, row, col));
	send_ok(c, K_DOWN);
	F_WAIT(c, "▸ " T_MENU_PROG);
	assert_true(c_screen_find(c, T_MENU_PROG, &row, &col));
	assert_true(c_screen_cell_reverse(c, row, col));
	c_close(c);
}

/* Pumps until the cursor rests at (row, col), with the usual deadline. */
static bool wait_cursor(struct c_conn *c, int row, int col)
{
	int64_t deadline = h_now_ms() + C_DEADLINE_MS;

	while (h_now_ms() < deadline) {
		int r, k;

		c_cursor(c, &r, &k);
		if (r == row && k == col)
			return true;
		if (c_pump(c, 100) < 0)
			return false;
	}
	c_screen_print(c, "cursor never reached its place");
	return false;
}

/* Echoing a typed character in a field costs a handful of bytes, not a repaint. */
static void test_keystroke_bytes(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);
	static const char typed[] = "ssh-ed25519";
	uint64_t before, most = 0;

	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_ACCOUNT));
	F_WAIT(c, "Changer le mot de passe");
	/* the add-key field (unmasked), typed at its end: wait for the cursor there */
	send_ok(c, K_UP);
	/* the help line (painted after the field's row) tells the paint is over */
	F_WAIT(c, "Tab/↑↓ Champ");
	assert_true(wait_cursor(c, 20, 3));
	for (int i = 0; typed[i] != '\0'; i++) {
		uint64_t cost;

		before = c_bytes_received(c);
		assert_int_equal(c_send_n(c, &typed[i], 1), 0);
		/* the echo is complete when the cursor has moved one column on */
		assert_true(wait_cursor(c, 20, 3 + i + 1));
		cost = c_bytes_received(c) - before;
		if (cost > most)
			most = cost;
	}
	printf("most bytes for one typed character: %llu\n", (unsigned long long)most);
	assert_true(most > 0);
	assert_true(most < 100);
	F_WAIT(c, "ssh-ed25519");
	c_close(c);
}

/* SIGTERM to the server: the session says goodbye and the channel closes with 0. */
static void test_goodbye_on_stop(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);
	int status = -1;

	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_FAQ));
	F_WAIT(c, T_FAQ_Q1);
	/* SIGTERM, then keep reading as a client does while the server stops. */
	assert_int_equal(kill(f->s.pid, SIGTERM), 0);
	if (!c_wait_for_text(c, T_GOODBYE, C_DEADLINE_MS)) {
		c_screen_print(c, T_GOODBYE);
		h_server_print_log(&f->s);
		fail_msg("« %s » never appeared", T_GOODBYE);
	}
	assert_true(c_wait_closed(c, C_DEADLINE_MS, &status));
	assert_int_equal(status, 0);
	c_close(c);
	assert_int_equal(h_server_stop(&f->s), 0);
}

/* The PID of the server's session process (`recond session`), or 0. */
static pid_t session_pid(struct fixture *f)
{
	pid_t pids[64];
	int n = h_proc_descendants(f->s.pid, pids, 64);

	for (int i = 0; i < n && i < 64; i++) {
		char path[64], *cmd;
		size_t len = 0;
		bool is_session;

		snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pids[i]);
		if ((cmd = h_read_file(path, &len)) == NULL)
			continue;
		/* argv[0] NUL argv[1] NUL…: the hidden subcommand is argv[1]. */
		is_session = strlen(cmd) + 1 < len && strcmp(cmd + strlen(cmd) + 1, "session") == 0;
		free(cmd);
		if (is_session)
			return pids[i];
	}
	return 0;
}

/* true once pid has exited (gone, or a zombie not yet reaped). */
static bool pid_ended(pid_t pid)
{
	char path[64], *stat, *p;
	bool ended;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((stat = h_read_file(path, NULL)) == NULL)
		return true;
	p = strrchr(stat, ')');
	ended = p == NULL || p[1] == '\0' || p[2] == 'Z' || p[2] == 'X';
	free(stat);
	return ended;
}

/*
 * SIGTERM while the client is not reading: the session writes its goodbye
 * and ends before the client looks again; the connection process must
 * keep what it wrote and pass it on, then the exit status, instead of
 * closing the channel on it.
 */
static void test_goodbye_unread(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);
	int64_t end;
	pid_t ui;
	int status = -1;

	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_FAQ));
	F_WAIT(c, T_FAQ_Q1);
	ui = session_pid(f);
	assert_true(ui > 0);
	assert_int_equal(kill(f->s.pid, SIGTERM), 0);
	/* No pump until the session process has ended. */
	for (end = h_now_ms() + C_DEADLINE_MS; !pid_ended(ui) && h_now_ms() < end;)
		poll(NULL, 0, 10);
	assert_true(pid_ended(ui));
	if (!c_wait_for_text(c, T_GOODBYE, C_DEADLINE_MS)) {
		c_screen_print(c, T_GOODBYE);
		h_server_print_log(&f->s);
		fail_msg("« %s » never reached the client", T_GOODBYE);
	}
	assert_true(c_wait_closed(c, C_DEADLINE_MS, &status));
	assert_int_equal(status, 0);
	c_close(c);
	assert_int_equal(h_server_stop(&f->s), 0);
}

/* Polls the server log until it holds `text` or the deadline passes. */
static bool log_has(struct fixture *f, const char *text, int deadline_ms)
{
	for (int64_t end = h_now_ms() + deadline_ms;;) {
		char *log = h_server_log(&f->s);
		bool found = log != NULL && strstr(log, text) != NULL;

		free(log);
		if (found)
			return true;
		if (h_now_ms() >= end)
			return false;
		poll(NULL, 0, 20);
	}
}

/*
 * The session process logs into the server's log (its --log-fd is a copy
 * of the server's stderr), from its start to its end, and never onto the
 * person's screen. Sanitizer reports of sessions go the same way, where
 * the harness looks for them.
 */
static void test_session_logs_to_server(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_bob(f);
	int status = -1;

	assert_non_null(c);
	if (!log_has(f, "session of " F_BOB " started", C_DEADLINE_MS)) {
		h_server_print_log(&f->s);
		fail_msg("the session's log line is not in the server log");
	}
	assert_false(c_screen_contains(c, "recond["));
	assert_true(f_menu_pick(c, T_MENU_QUIT));
	assert_true(c_wait_closed(c, C_DEADLINE_MS, &status));
	assert_int_equal(status, 0);
	assert_true(log_has(f, "session of " F_BOB " ended", C_DEADLINE_MS));
	c_close(c);
}

/* The id of an account, read from the store as the server keeps it. */
static uint64_t account_id(struct fixture *f, const char *login)
{
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct account a;
	uint64_t id;

	memset(&a, 0, sizeof a);
	assert_int_equal(store_open(f->s.data, &st, NULL), RC_OK);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_by_login(txn, login, &a), RC_OK);
	id = a.id;
	account_clear(&a);
	store_abort(txn);
	store_close(st);
	return id;
}

/* Runs `recond session` with the identity text on stdin (fd 0); status and stderr. */
static int run_session(struct fixture *f, const char *idtext, char **err)
{
	const char *argv[] = { "session", "--data", f->s.data, "--identity-fd", "0", NULL };
	int status = -1;

	assert_int_equal(h_recond(&f->s, argv, idtext, NULL, err, &status), 0);
	return status;
}

/*
 * The hidden session command trusts only its identity descriptor: anything
 * but "<id>\n" is refused, an unknown or disabled account gets no session,
 * bad options are usage errors (2), --help works.
 */
static void test_session_command(void **state)
{
	static const char *const bad[] = {
		"", "\n", "abc\n", "0\n", "-1\n", "1", "1\n2\n", " 1\n",
		"99999999999999999999999\n", "123456789012345678901234567890\n",
	};
	struct fixture *f = *state;
	char *err = NULL, *out = NULL;
	int status = -1;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(run_session(f, bad[i], &err), 1);
		assert_non_null(strstr(err, "identité illisible"));
		free(err);
		err = NULL;
	}
	assert_int_equal(run_session(f, "4242\n", &err), 1);
	assert_non_null(strstr(err, "introuvable"));
	free(err);
	err = NULL;

	{
		const char *argv[] = { "user", "disable", "--data", f->s.data, "--login", F_BOB, NULL };
		char idtext[32];

		assert_int_equal(h_recond(&f->s, argv, NULL, NULL, NULL, &status), 0);
		assert_int_equal(status, 0);
		snprintf(idtext, sizeof idtext, "%llu\n", (unsigned long long)account_id(f, F_BOB));
		assert_int_equal(run_session(f, idtext, &err), 1);
		assert_non_null(strstr(err, "désactivé"));
		free(err);
		err = NULL;
	}
	{
		const char *argv[] = { "session", "--data", f->s.data, "--identity-fd", "x", NULL };

		assert_int_equal(h_recond(&f->s, argv, NULL, NULL, NULL, &status), 0);
		assert_int_equal(status, 2);
	}
	{
		const char *argv[] = { "session", "--identity-fd", "0", NULL };

		assert_int_equal(h_recond(&f->s, argv, "1\n", NULL, NULL, &status), 0);
		assert_int_equal(status, 2);
	}
	{
		const char *argv[] = { "session", "--help", NULL };

		assert_int_equal(h_recond(&f->s, argv, NULL, &out, NULL, &status), 0);
		assert_int_equal(status, 0);
		assert_non_null(strstr(out, "--identity-fd"));
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_faq_browse, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_help_panel, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_key_remove_confirm, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_selection_monochrome, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_keystroke_bytes, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_goodbye_on_stop, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_goodbye_unread, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_session_logs_to_server, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_session_command, f_setup, f_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
