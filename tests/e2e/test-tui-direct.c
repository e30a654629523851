/*
 * test-tui-direct.c — screens tested without SSH: `recond session` runs on
 * a pty of the test process (c_direct) and libvterm reads its screen. The
 * registry's menus by role, the key tables (help line, F1 panel, every
 * alternative of « Retour » and « Quitter »), the list widget on the FAQ
 * (search as one types, accents ignored, position kept when coming back),
 * « À propos », and the stack (back to the screen below as it was left).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tests/e2e/fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void send_ok(struct c_conn *c, const char *keys)
{
	assert_int_equal(c_send(c, keys), 0);
}

static void send_ctrl(struct c_conn *c, char letter)
{
	char k[2] = { K_CTRL(letter), '\0' };

	send_ok(c, k);
}

/* The menu of an applicant and of a préfecture agent come from may(). */
static void test_menus_by_role(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a = f_direct(f, F_ALICE, 80, 24);
	struct c_conn *b = f_direct(f, F_BOB, 80, 24);

	assert_non_null(a);
	assert_non_null(b);
	F_WAIT(a, "Mon intention de commande");
	F_WAIT(a, "Contacter l'assistance");
	F_WAIT(a, "À propos");
	F_WAIT(b, "À propos");
	assert_false(c_screen_contains(b, "Mon intention de commande"));
	assert_false(c_screen_contains(b, "Messages"));
	/* The préfecture agent's first entry, its queue, is selected. */
	F_WAIT(b, "▸ " T_MENU_QUEUE);
	F_WAIT(b, T_MENU_PROG);
	c_close(a);
	c_close(b);
}

/* One help line made from the key table; the F1 panel lists every key and alternative. */
static void test_help_line_and_panel(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, F_ALICE, 80, 24);
	int rows, cols;

	assert_non_null(c);
	c_screen_size(c, &cols, &rows);
	F_WAIT(c, "F1/^G Aide  ↑↓ Choisir  Entrée Ouvrir");
	assert_non_null(strstr(c_screen_text(c, rows - 1), "F10/^X/q Quitter"));
	send_ok(c, K_F1);
	F_WAIT(c, "Touches de cet écran");
	F_WAIT(c, "F1, ^G, ? : Aide");
	F_WAIT(c, "F10/^X/q : Quitter");
	send_ok(c, "x");
	assert_true(c_wait_gone(c, "Touches de cet écran", C_DEADLINE_MS));
	c_close(c);
}

/* Retour is F3, ^B and Échap on every screen; the screen below is as it was left. */
static void test_back_keys_and_stack(void **state)
{
	static const char *const backs[] = { K_F3, "\002", K_ESC };
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, F_ALICE, 80, 24);

	assert_non_null(c);
	for (size_t i = 0; i < ARRAY_LEN(backs); i++) {
		assert_true(f_menu_pick(c, T_MENU_FAQ));
		F_WAIT(c, "Entrée Lire");
		send_ok(c, K_END);
		F_WAIT(c, "▸ Je ne trouve pas la réponse");
		send_ok(c, K_ENTER);
		F_WAIT(c, "Défiler");
		send_ok(c, backs[i]);
		/* Back on the list, on the same question. */
		F_WAIT(c, "▸ Je ne trouve pas la réponse");
		send_ok(c, backs[i]);
		F_WAIT(c, T_HELP_HOME);
		/* The home menu kept its selection (Questions fréquentes). */
		F_WAIT(c, "▸ " T_MENU_FAQ);
	}
	c_close(c);
}

/* The FAQ list searches as one types, accents and case ignored. */
static void test_faq_search(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, F_ALICE, 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_FAQ));
	F_WAIT(c, "Quelles structures peuvent bénéficier");
	send_ok(c, "/");
	F_WAIT(c, "Recherche :");
	send_ok(c, "BENEFICIER");
	F_WAIT(c, "▸ Quelles structures peuvent bénéficier");
	assert_true(c_wait_gone(c, "Je ne trouve pas la réponse", C_DEADLINE_MS));
	/* Échap clears the search: every question is back. */
	send_ok(c, K_ESC);
	F_WAIT(c, "Éligibilité");
	assert_true(c_wait_gone(c, "Recherche :", C_DEADLINE_MS));
	c_close(c);
}

/*
 * Each role reads the FAQ written for it: the préfecture is told what its
 * screens do and never to write « depuis Contacter l'assistance », which
 * it does not have; the collectivité does not read the préfecture's entry.
 */
static void test_faq_by_role(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a = f_direct(f, F_ALICE, 80, 24);
	struct c_conn *b = f_direct(f, F_BOB, 80, 24);

	assert_non_null(a);
	assert_non_null(b);
	assert_true(f_menu_pick(b, T_MENU_FAQ));
	F_WAIT(b, "Que puis-je faire dans recond aujourd'hui");
	send_ok(b, K_END);
	F_WAIT(b, "▸ Je ne trouve pas la réponse");
	send_ok(b, K_ENTER);
	F_WAIT(b, "à l'adresse qu'elle vous a donnée");
	assert_false(c_screen_contains(b, "Écrivez-lui"));
	assert_true(f_menu_pick(a, T_MENU_FAQ));
	F_WAIT(a, "Quelles structures peuvent bénéficier");
	send_ok(a, K_END);
	F_WAIT(a, "▸ Je ne trouve pas la réponse");
	assert_false(c_screen_contains(a, "Que puis-je faire dans recond aujourd'hui"));
	send_ok(a, K_ENTER);
	F_WAIT(a, "Le service d'assistance du programme. Écrivez-lui");
	c_close(a);
	c_close(b);
}

/* « À propos »: the version and the reference lists loaded, with their files. */
static void test_about(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, F_ALICE, 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "À propos"));
	F_WAIT(c, "Listes de référence chargées");
	F_WAIT(c, "zrr-communes-cog2021.csv");
	F_WAIT(c, "non importée");
	F_WAIT(c, "Données : ");
	c_close(c);
}

/* F10, ^X and q quit from the home screen, with status 0. */
static void test_quit_keys(void **state)
{
	static const char *const quits[] = { K_F10, "\030", "q" };
	struct fixture *f = *state;

	for (size_t i = 0; i < ARRAY_LEN(quits); i++) {
		struct c_conn *c = f_direct(f, F_ALICE, 80, 24);
		int status = -1;

		assert_non_null(c);
		send_ok(c, quits[i]);
		assert_true(c_wait_closed(c, C_DEADLINE_MS, &status));
		assert_int_equal(status, 0);
		c_close(c);
	}
	(void)send_ctrl;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_menus_by_role),
		cmocka_unit_test(test_help_line_and_panel),
		cmocka_unit_test(test_back_keys_and_stack),
		cmocka_unit_test(test_faq_search),
		cmocka_unit_test(test_faq_by_role),
		cmocka_unit_test(test_about),
		cmocka_unit_test(test_quit_keys),
	};

	return cmocka_run_group_tests(tests, f_setup, f_teardown);
}
