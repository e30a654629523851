/*
 * test-tui-order.c — the order screens without SSH (`recond session` on a
 * pty, the orders of `recond demo`): the refurbisher's inbox in its tabs
 * ships an order whose purchase order it received (the tracking reference
 * asked, an empty one refused); a demo commune orders from the nearest
 * refurbisher (the ranking, the signed purchase order, an unsigned one
 * refused), finds the order « envoyée » in « Mes commandes » and cancels
 * it (its next step is not its own: F5 says so); and the whole journey
 * on screens: the commune orders from the second nearest, the refurbisher
 * acknowledges and ships, the commune confirms delivery, the refurbisher
 * invoices (Chorus Pro number), the commune pays; « Prêts »: the
 * demonstration's loan returned, a new one for more units than the order
 * has refused, then recorded.
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

#define F5 "\x04"      /* ^D, F5's alternative */
#define F8 "\x19"      /* ^Y, F8's alternative */
#define BACK "\x02"    /* ^B */

static void send_ok(struct c_conn *c, const char *keys)
{
	assert_int_equal(c_send(c, keys), 0);
}

static void test_refurbisher_ships(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-reemploi", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Commandes reçues"));
	F_WAIT(c, "1 À traiter (1)");
	F_WAIT(c, "bon reçu");
	F_WAIT(c, "Mairie de Bénév");
	/* its history */
	send_ok(c, "\r");
	F_WAIT(c, "Historique");
	F_WAIT(c, "Claire Dumas");
	send_ok(c, " ");
	F_WAIT(c, "1 À traiter (1)");
	send_ok(c, F5);
	F_WAIT(c, "Référence de suivi");
	send_ok(c, F5);
	F_WAIT(c, "« Référence de suivi » est obligatoire");
	send_ok(c, "\tCOLIS-42" F5);
	F_WAIT(c, ": expédiée.");
	F_WAIT(c, "1 À traiter (0)");
	send_ok(c, "2");
	F_WAIT(c, "2 En cours (3)");
	send_ok(c, "\x1b[F");     /* Fin: the oldest, n° 2 */
	F_WAIT(c, "▸    2 Mairie de Bénév");
	send_ok(c, "\r");
	F_WAIT(c, "Suivi : COLIS-42");
	c_close(c);
}

static void test_commune_orders_and_cancels(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-felletin", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Commander"));
	F_WAIT(c, "non subventionnée");
	F_WAIT(c, "Quantités voulues");
	send_ok(c, "\t3" F5);
	F_WAIT(c, "du plus proche au plus");
	F_WAIT(c, "▸ Creuse Numérique Sol    40 Guéret");
	send_ok(c, "\r");
	F_WAIT(c, "Bon de commande signé");
	F_WAIT(c, "3 × PC portable à 250,00");
	send_ok(c, F5);
	F_WAIT(c, "Nom du signataire");
	send_ok(c, "Claire Dumas\tMaire\t\tBC-2026-001" F5);
	F_WAIT(c, "envoyée à Creuse Numérique Solidaire");
	assert_true(f_menu_pick(c, "Mes commandes"));
	F_WAIT(c, "2 En cours (1)");
	send_ok(c, "2");
	F_WAIT(c, "3 × PC portab");
	F_WAIT(c, "non subventionnée");
	send_ok(c, F5);
	F_WAIT(c, "rien à faire de votre côté");
	send_ok(c, F8);
	F_WAIT(c, "Annuler la commande");
	send_ok(c, F5);
	F_WAIT(c, ": annulée.");
	/* with the demonstration's paid order (its laptops lent) */
	F_WAIT(c, "3 Terminées (2)");
	c_close(c);
}

/* One step from a fresh session of login: its orders screen, the first « À traiter » row. */
static void journey_step(struct fixture *f, const char *login, const char *menu,
                         const char *form_keys, const char *done)
{
	struct c_conn *c = f_direct(f, login, 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, menu));
	F_WAIT(c, "1 À traiter (1)");
	send_ok(c, F5);
	F_WAIT(c, "Commande n° ");
	send_ok(c, form_keys);
	send_ok(c, F5);
	F_WAIT(c, done);
	c_close(c);
}

/* From choice to payment on screens: the commune and the refurbisher in turn. */
static void test_full_journey(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-felletin", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Commander"));
	F_WAIT(c, "Quantités voulues");
	send_ok(c, "\t1" F5);
	F_WAIT(c, "▸ Creuse Numérique Sol");
	send_ok(c, "\x1b[B");
	F_WAIT(c, "▸ Atelier du réemploi");
	send_ok(c, "\r");
	F_WAIT(c, "1 × PC portable à 230,00");
	send_ok(c, "Claire Dumas\tMaire\t\tBC-2026-002" F5);
	F_WAIT(c, "envoyée à Atelier du réemploi numérique du Limousin");
	c_close(c);
	journey_step(f, "demo-reemploi", "Commandes reçues", "", ": bon reçu.");
	journey_step(f, "demo-reemploi", "Commandes reçues", "\tCOLIS-77", ": expédiée.");
	journey_step(f, "demo-felletin", "Mes commandes", "\tRAS", ": livrée.");
	journey_step(f, "demo-reemploi", "Commandes reçues", "F-2026-9\t\t230\t276\tCPP-1",
	             ": facturée.");
	journey_step(f, "demo-felletin", "Mes commandes", "", ": payée.");
	c = f_direct(f, "demo-felletin", 80, 24);
	assert_non_null(c);
	assert_true(f_menu_pick(c, "Mes commandes"));
	F_WAIT(c, "3 Terminées (3)");
	c_close(c);
}

/* Felletin's loan of the demonstration: returned, then a new one (too many refused). */
static void test_loans(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-felletin", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Prêts"));
	F_WAIT(c, "Association Felle");
	F_WAIT(c, "en prêt");
	send_ok(c, "\x06");        /* ^F: F6 « Rendu » */
	F_WAIT(c, "Retour enregistré.");
	F_WAIT(c, "rendu");
	send_ok(c, F5);
	F_WAIT(c, "Nouveau prêt");
	send_ok(c, "10\tpc_portable\t3\tCCAS de Felletin\t\t\t01/01/2030" F5);
	F_WAIT(c, "vous en prêtez 3");
	send_ok(c, "\x1b[A\x1b[A\x1b[A\x1b[A\x7f" "1" F5);
	F_WAIT(c, "Prêt enregistré.");
	F_WAIT(c, "CCAS de Felletin");
	c_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refurbisher_ships),
		cmocka_unit_test(test_commune_orders_and_cancels),
		cmocka_unit_test(test_full_journey),
		cmocka_unit_test(test_loans),
	};

	return cmocka_run_group_tests(tests, f_setup, f_teardown);
}
