/*
 * test-tui-refurb.c — the refurbishers' and the programme team's screens
 * without SSH (`recond session` on a pty, the refurbishers of `recond
 * demo`): « Mon dossier de reconditionneur » shows the state and the
 * offers; the team evaluates and selects a pending refurbisher, confirms a
 * flagged price with a reason, reads the national statistics, validates a
 * sign-up and refuses another with a reason, disables, enables and resets
 * an account; an applicant's and a
 * préfecture's menus have none of the team's entries.
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

static void test_refurb_mine(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-reemploi", 80, 24);

	assert_non_null(c);
	F_WAIT(c, "Mon dossier de reconditionneur");
	assert_false(c_screen_contains(c, "Prix signalés"));
	assert_true(f_menu_pick(c, "Mon dossier de reconditionneur"));
	F_WAIT(c, "sélectionné");
	F_WAIT(c, "Atelier 1 : 87000");
	F_WAIT(c, "PC portable : 230,00");
	/* a new offer on the tablets: an attestation left unticked is refused, then saved */
	send_ok(c, "3");
	F_WAIT(c, "Offre : Tablette");
	F_WAIT(c, "Configuration minimale du lot");
	send_ok(c, "\x7fo\t150,00\t80\tb\t12\tLogiciel certifié NIST 800-88\to\tn");
	send_ok(c, "\x17");
	F_WAIT(c, "configuration minimale du lot.");
	send_ok(c, "\x7fo\x17");
	F_WAIT(c, "Offre Tablette enregistrée.");
	F_WAIT(c, "Tablette : 150,00");
	c_close(c);
}

static void test_anct_evaluates_and_selects(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-anct", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Reconditionneurs"));
	F_WAIT(c, "Recyclerie des Combrailles");
	assert_true(f_menu_pick(c, "Recyclerie des Combrailles"));
	F_WAIT(c, "Évaluation d'un reconditionneur");
	F_WAIT(c, "en attente");
	/* selecting before every criterion is scored is refused */
	send_ok(c, "s");
	F_WAIT(c, "Notez le critère");
	send_ok(c, "e");
	F_WAIT(c, "Notes de 0 à 5");
	send_ok(c, "4 4 3 5\r");
	F_WAIT(c, "Notes enregistrées.");
	F_WAIT(c, "technique : 4/5");
	send_ok(c, "s");
	F_WAIT(c, "Reconditionneur sélectionné.");
	F_WAIT(c, "Recyclerie des Combrailles — sélectionné");
	c_close(c);
}

static void test_anct_confirms_price(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-anct", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Prix signalés"));
	F_WAIT(c, "Informatique Premium");
	F_WAIT(c, "signalé");
	/* the flagged offer comes first and is selected */
	send_ok(c, "c");
	F_WAIT(c, "Motif de la confirmation");
	send_ok(c, "Trop cher\r");
	F_WAIT(c, "Motif");
	send_ok(c, "c");
	F_WAIT(c, "Motif de la confirmation");
	send_ok(c, "Prix très supérieur aux autres offres du lot.\r");
	F_WAIT(c, "Prix excessif confirmé");
	F_WAIT(c, "excessif confirmé");
	c_close(c);
}

static void test_statistics(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-anct", 80, 24);
	struct c_conn *a = f_direct(f, F_ALICE, 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Statistiques"));
	F_WAIT(c, "Statistiques nationales, par région");
	F_WAIT(c, "Nouvelle-Aquitaine");
	send_ok(c, "d");
	F_WAIT(c, "par département");
	F_WAIT(c, "Creuse");
	c_close(c);
	/* an applicant sees its département's figures and none of the team's entries */
	assert_non_null(a);
	F_WAIT(a, "Statistiques");
	assert_false(c_screen_contains(a, "Prix signalés"));
	assert_false(c_screen_contains(a, "Reconditionneurs"));
	assert_true(f_menu_pick(a, "Statistiques"));
	F_WAIT(a, "Statistiques du département 23");
	c_close(a);
}

static void test_anct_signups(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-anct", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Inscriptions à valider"));
	F_WAIT(c, "Mairie de Chénérailles");
	assert_true(f_menu_pick(c, "Mairie de Bourganeuf"));
	F_WAIT(c, "Établi à l'inscription");
	send_ok(c, "v");
	F_WAIT(c, "Organisation validée");
	F_WAIT(c, "État : validée");
	send_ok(c, "\x1b");
	F_WAIT(c, "Inscriptions à valider");
	assert_true(f_menu_pick(c, "Mairie de Chénérailles"));
	F_WAIT(c, "Établi à l'inscription");
	send_ok(c, "r");
	F_WAIT(c, "Motif du refus");
	send_ok(c, "Non\r");
	F_WAIT(c, "Motif du refus");
	send_ok(c, "r");
	F_WAIT(c, "lu par le demandeur");
	send_ok(c, "La commune est déjà inscrite sous un autre SIRET.\r");
	F_WAIT(c, "Inscription refusée.");
	F_WAIT(c, "État : refusée");
	c_close(c);
	/* the applicant reads why, in the team's words */
	c = f_direct(f, "chenerailles", 80, 24);
	assert_non_null(c);
	F_WAIT(c, "a été refusée par");
	F_WAIT(c, "déjà inscrite sous un autre SIRET");
	c_close(c);
	/* nobody but the team sees the queue */
	c = f_direct(f, F_BOB, 80, 24);
	assert_non_null(c);
	assert_false(c_screen_contains(c, "Inscriptions à valider"));
	c_close(c);
}

static void test_anct_accounts(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-anct", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Comptes"));
	F_WAIT(c, "demo-felletin");
	/* letters typed in the search are the search's, not the screen's keys */
	send_ok(c, "/bourgadp\x7f\x7f\r");
	F_WAIT(c, "Mairie de Bourganeuf");
	F_WAIT(c, "1–1 sur 1");
	send_ok(c, "d");
	F_WAIT(c, "Compte bourganeuf désactivé.");
	F_WAIT(c, "désactivé");
	send_ok(c, "a");
	F_WAIT(c, "Compte bourganeuf activé.");
	send_ok(c, "p");
	F_WAIT(c, "Mot de passe à usage unique");
	F_WAIT(c, "Nouveau mot de passe de bourganeuf");
	{
		/* the person must replace the one-time password before anything else */
		static const char lead[] = "Nouveau mot de passe de bourganeuf : ";
		char otp[32] = "", *keys;
		int row = -1, col = 0;
		struct c_conn *p;
		const char *line, *at;

		assert_true(c_screen_find(c, lead, &row, &col));
		line = c_screen_text(c, row);
		at = strstr(line, lead);
		assert_non_null(at);
		snprintf(otp, sizeof otp, "%.14s", at + strlen(lead));
		assert_int_equal(strlen(otp), 14);
		c_close(c);
		p = f_direct_until(f, "bourganeuf", 80, 24, "Mot de passe à usage unique : choisissez");
		assert_non_null(p);
		send_ok(p, "\x1b");
		F_WAIT(p, "Choisissez d'abord un nouveau mot de passe");
		keys = xasprintf("%s\rNouveau-secret-2026\rNouveau-secret-2026\r", otp);
		send_ok(p, keys);
		free(keys);
		F_WAIT(p, "Mot de passe modifié.");
		send_ok(p, "\x1b");
		F_WAIT(p, "Mon intention de commande");
		c_close(p);
		/* the next session opens on the menu */
		p = f_direct(f, "bourganeuf", 80, 24);
		assert_non_null(p);
		assert_false(c_screen_contains(p, "usage unique"));
		c_close(p);
	}
	/* nobody but the team manages accounts */
	c = f_direct(f, F_ALICE, 80, 24);
	assert_non_null(c);
	F_WAIT(c, "Mon compte");
	assert_false(c_screen_contains(c, "Comptes"));
	c_close(c);
}

static void test_anct_settings(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a = f_direct(f, "demo-anct", 80, 24);
	struct c_conn *b = f_direct(f, "demo-anct", 80, 24);

	assert_non_null(a);
	assert_non_null(b);
	assert_true(f_menu_pick(a, "Paramètres du programme"));
	F_WAIT(a, "Enveloppe du département 23");
	assert_true(f_menu_pick(b, "Paramètres du programme"));
	F_WAIT(b, "Taux de subvention");
	/* a bad value is refused with its reason and changes nothing */
	assert_true(f_menu_pick(a, "Taux de subvention"));
	F_WAIT(a, "Taux de subvention :");
	send_ok(a, "\x15" "cent\r");
	F_WAIT(a, "Taux de subvention : ");
	assert_false(c_screen_contains(a, "Modifications non enregistrées"));
	/* two dates out of order are refused at saving */
	assert_true(f_menu_pick(a, "Clôture du dépôt"));
	F_WAIT(a, "JJ/MM/AAAA");
	send_ok(a, "\x15" "01/01/2000\r");
	F_WAIT(a, "Modifications non enregistrées");
	send_ok(a, "\x17");
	F_WAIT(a, "précède leur ouverture");
	send_ok(a, "\x12");
	F_WAIT(a, "Paramètres rechargés.");
	/* b saves a new rate first: a's save, from the version it read, is refused */
	assert_true(f_menu_pick(b, "Taux de subvention"));
	F_WAIT(b, "Taux de subvention :");
	send_ok(b, "\x15" "75\r");
	F_WAIT(b, "Valeur modifiée");
	send_ok(b, "\x17");
	F_WAIT(b, "Paramètres enregistrés");
	assert_true(f_menu_pick(a, "Plafond par organisation"));
	F_WAIT(a, "Plafond par organisation (HT) :");
	send_ok(a, "\x15" "35 000\r");
	F_WAIT(a, "Valeur modifiée");
	send_ok(a, "\x17");
	F_WAIT(a, "ont été modifiés");
	/* reloaded, a sees b's rate and saves its own change on top */
	send_ok(a, "\x12");
	F_WAIT(a, "Paramètres rechargés.");
	F_WAIT(a, "Version 3");
	send_ok(a, "n");
	F_WAIT(a, "Nouvelle enveloppe : le département");
	send_ok(a, "87 90 000\r");
	F_WAIT(a, "Enveloppe du département 87");
	send_ok(a, "\x17");
	F_WAIT(a, "Paramètres enregistrés");
	/* the history says who changed what */
	send_ok(a, "h");
	F_WAIT(a, "Historique des paramètres");
	F_WAIT(a, "modifications, les plus récentes d'abord");
	F_WAIT(a, "demo-anct (ANCT)");
	send_ok(a, "\x1b");
	F_WAIT(a, "Taux de subvention");
	c_close(a);
	c_close(b);
	/* nobody but the team changes the settings */
	a = f_direct(f, F_BOB, 80, 24);
	assert_non_null(a);
	assert_false(c_screen_contains(a, "Paramètres du programme"));
	c_close(a);
}

static void test_anct_reflists(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = f_direct(f, "demo-anct", 80, 24);

	assert_non_null(c);
	assert_true(f_menu_pick(c, "Listes de référence"));
	F_WAIT(c, "zrr-communes-cog2021.csv");
	F_WAIT(c, "import zrr < fichier.csv");
	assert_true(f_menu_pick(c, "registre Fran"));
	F_WAIT(c, "1 import enregistré.");
	F_WAIT(c, "france-services-20240801.csv, ");
	c_close(c);
	/* only the programme team imports the lists */
	c = f_direct(f, F_BOB, 80, 24);
	assert_non_null(c);
	assert_false(c_screen_contains(c, "Listes de référence"));
	c_close(c);
}

static void test_anct_support_desk(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a = f_direct(f, F_ALICE, 80, 24);
	struct c_conn *c;

	/* alice writes to the support desk */
	assert_non_null(a);
	assert_true(f_menu_pick(a, "Contacter l'assistance"));
	F_WAIT(a, "Objet");
	send_ok(a, "Mot de passe du secrétariat\tLe compte du secrétariat ne s'ouvre plus.");
	send_ok(a, "\x04");
	F_WAIT(a, "envoyée");
	c_close(a);
	/* the team finds it open, answers it, closes it */
	c = f_direct(f, "demo-anct", 80, 24);
	assert_non_null(c);
	assert_true(f_menu_pick(c, "Assistance"));
	F_WAIT(c, "Mot de passe du secrétariat");
	F_WAIT(c, "ouvert");
	send_ok(c, "fff");
	F_WAIT(c, "Demandes « clos » : 0 sur");
	send_ok(c, "f");
	F_WAIT(c, "Toutes les demandes");
	send_ok(c, "/secretariat\r");
	F_WAIT(c, "1–1 sur 1");
	send_ok(c, "\r");
	F_WAIT(c, "Le compte du secrétariat ne s'ouvre plus.");
	send_ok(c, "Nous avons réinitialisé le mot de passe du compte.");
	send_ok(c, "\x04");
	F_WAIT(c, "Nous avons réinitialisé");
	send_ok(c, "\x1b");
	F_WAIT(c, "répondu");
	send_ok(c, "c");
	F_WAIT(c, ": clos.");
	send_ok(c, "c");
	F_WAIT(c, "est déjà « clos »");
	c_close(c);
	/* alice reads the answer in « Messages » */
	a = f_direct(f, F_ALICE, 80, 24);
	assert_non_null(a);
	assert_true(f_menu_pick(a, "Messages"));
	F_WAIT(a, "Mot de passe du secrétariat (clos)");
	assert_true(f_menu_pick(a, "Assistance n° 1"));
	F_WAIT(a, "Nous avons réinitialisé le mot de passe du compte.");
	c_close(a);
	/* nobody else runs the desk */
	a = f_direct(f, F_BOB, 80, 24);
	assert_non_null(a);
	F_WAIT(a, "Mon compte");
	assert_false(c_screen_contains(a, "Assistance"));
	c_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refurb_mine),
		cmocka_unit_test(test_anct_evaluates_and_selects),
		cmocka_unit_test(test_anct_confirms_price),
		cmocka_unit_test(test_statistics),
		cmocka_unit_test(test_anct_signups),
		cmocka_unit_test(test_anct_accounts),
		cmocka_unit_test(test_anct_settings),
		cmocka_unit_test(test_anct_reflists),
		cmocka_unit_test(test_anct_support_desk),
	};

	return cmocka_run_group_tests(tests, f_setup, f_teardown);
}
