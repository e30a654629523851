/*
 * test-prefecture.c — the préfecture's workspace through a real SSH
 * session: the queue shows the agent's département only (a Haute-Vienne
 * agent sees none of the Creuse's files), tabs and search with accents; a
 * file is taken into instruction, retained within the envelope (refused
 * over it, saying by how much), conventioned and paid; two agents racing
 * on one file (the second is told who changed what); annotations never
 * reach the applicant; the applicant reads the decision; bulk actions and
 * the programmation with a result file by file; filters (state, amount)
 * shown on the queue, each tab's view restored at the next login, a view
 * saved under a name and applied again; labels set on one file from its
 * screen, shown in the queue; a complement asked, read and answered by the
 * applicant, back in the queue marked completed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/preorder.h"
#include "core/uc-account.h"
#include "core/uc-form.h"
#include "core/uc-preorder.h"
#include "core/uc-session.h"
#include "core/util.h"
#include "tests/e2e/fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define PREF87 "agent87"
#define ORG87 "Préfecture de la Haute-Vienne"
#define PREF23B "agent23b"
#define MOTIV "La mairie accueille chaque semaine des habitants éloignés du numérique ; la " \
	"secrétaire de mairie et la conseillère numérique les accompagnent dans leurs démarches."

static int pref_setup(void **state)
{
	struct fixture *f;

	if (f_setup(state) != 0)
		return -1;
	f = *state;
	if (h_user_add(&f->s, PREF87, "prefecture", ORG87, F_PASS, NULL) != 0 ||
	    h_user_add(&f->s, PREF23B, "prefecture", F_ORG_BOB, F_PASS, NULL) != 0)
		return -1;
	return 0;
}

/* Alice's organisation files a pre-order (through core, as the form would): its id. */
static uint64_t alice_files(struct fixture *f)
{
	struct store *st = NULL;
	struct whoami me;
	struct account a;
	struct uc uc = { 0 };
	struct preorder *po = xcalloc(1, sizeof *po);
	uint64_t id = 0;
	char *why = NULL;

	assert_int_equal(uc_store_open(f->s.data, &st, &why), RC_OK);
	assert_int_equal(account_for_login(st, F_ALICE, &a), RC_OK);
	assert_int_equal(uc_whoami(st, a.id, &me, &why), RC_OK);
	account_clear(&a);
	uc.st = st;
	uc.actor = &me.actor;
	if (uc_preorder_current(&uc, false, po, NULL) != RC_OK || po->state != PO_BROUILLON) {
		assert_int_equal(uc_preorder_create(&uc, &id, &why), RC_OK);
		assert_int_equal(uc_preorder_get(&uc, id, po, &why), RC_OK);
	}
	memset(po->qty, 0, sizeof po->qty);
	po->qty[LOT_PC_PORTABLE] = 10;
	po->staff_cnfs = 1;
	strcpy(po->contact.name, "Claire Besson");
	strcpy(po->contact.function, "Secrétaire de mairie");
	strcpy(po->contact.email, "mairie@felletin.example");
	strcpy(po->motivation, MOTIV);
	if (uc_preorder_edit(&uc, po, &why) != RC_OK)
		fail_msg("edit: %s", why);
	assert_int_equal(uc_preorder_get(&uc, po->id, po, &why), RC_OK);
	if (uc_preorder_submit(&uc, po->id, po->version, &why) != RC_OK)
		fail_msg("submit: %s", why);
	id = po->id;
	free(po);
	whoami_clear(&me);
	uc_store_close(st);
	return id;
}

static void send_ok(struct c_conn *c, const char *keys)
{
	assert_int_equal(c_send(c, keys), 0);
}

/* Opens the queue, searches the file of Felletin and opens it. */
static void open_felletin(struct c_conn *c)
{
	assert_true(f_menu_pick(c, T_MENU_QUEUE));
	F_WAIT(c, "À traiter");
	F_WAIT(c, "Enveloppe 23");
	send_ok(c, "4");                     /* Toutes */
	send_ok(c, "/");
	send_ok(c, "FELLETÍN");              /* accents and case ignored */
	F_WAIT(c, "Mairie de Felletin");
	send_ok(c, K_ENTER);                 /* leaves the search */
	send_ok(c, K_ENTER);                 /* opens the file */
	F_WAIT(c, "Dossier n°");
}

/* Picks an action in the file's action menu (F5) and waits for its form. */
static void action(struct c_conn *c, const char *label)
{
	send_ok(c, K_F5);
	F_WAIT(c, "actions");
	assert_true(f_menu_pick(c, label));
	F_WAIT(c, "Valider");
}

static void test_departement_only(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c;
	uint64_t id = alice_files(f);
	char num[32];

	snprintf(num, sizeof num, "%llu", (unsigned long long)id);
	c = f_home(f, PREF87, F_PASS, NULL, "xterm-256color", 80, 24);
	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_QUEUE));
	F_WAIT(c, "Enveloppe 87");
	send_ok(c, "4");
	send_ok(c, "/");
	send_ok(c, "felletin");
	F_WAIT(c, "aucune ligne");
	assert_false(c_screen_contains(c, "Mairie de Felletin"));
	c_close(c);
}

static void test_instruct_retain_convention_pay(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c, *a;

	(void)alice_files(f);
	c = f_bob(f);
	assert_non_null(c);
	open_felletin(c);
	F_WAIT(c, "déposée");
	F_WAIT(c, "Suivi par la préfecture");

	action(c, "Prendre en instruction");
	send_ok(c, K_F5);
	F_WAIT(c, "Prendre en instruction : fait");
	F_WAIT(c, "— en instruction (version");

	/* Over the requested amount: refused with the reason, nothing changes. */
	action(c, "Retenir");
	send_ok(c, "\025" "999999");
	F_WAIT(c, "Refusé");
	send_ok(c, K_F5);
	F_WAIT(c, "Erreur");
	send_ok(c, "\025" "3000");
	F_WAIT(c, "Subvention : 2");
	F_WAIT(c, "reste de l'enveloppe après");
	send_ok(c, K_F5);
	F_WAIT(c, "Retenir : fait");
	F_WAIT(c, "— retenue (version");

	/* A private annotation: never shown to the applicant. */
	send_ok(c, K_F2);
	F_WAIT(c, "Annotation");
	send_ok(c, "NOTE-PRIVEE-23");
	send_ok(c, K_F5);
	/* What the préfecture keeps comes first in the file. */
	F_WAIT(c, "NOTE-PRIVEE-23");

	action(c, "Convention");
	send_ok(c, "CONV-2026-17");
	send_ok(c, K_F5);
	F_WAIT(c, "Convention : fait");
	F_WAIT(c, "— conventionnée (version");
	action(c, "Versement");
	send_ok(c, K_TAB "\025" "1000");
	send_ok(c, K_F5);
	F_WAIT(c, "Versement : fait");
	F_WAIT(c, "Versé : 1");
	c_close(c);

	/* The applicant reads the decision, not the annotation. */
	a = f_alice(f);
	assert_non_null(a);
	assert_true(f_menu_pick(a, "Suivi de ma demande"));
	F_WAIT(a, "conventionnée");
	F_WAIT(a, "CONV-2026-17");
	for (int i = 0; i < 30; i++)
		send_ok(a, K_DOWN);
	assert_false(c_screen_contains(a, "NOTE-PRIVEE-23"));
	c_close(a);
}

static void test_two_agents_race(void **state)
{
	struct fixture *f = *state;
	struct c_conn *b1, *b2;

	(void)alice_files(f);
	b1 = f_bob(f);
	b2 = f_home(f, PREF23B, F_PASS, NULL, "xterm-256color", 80, 24);
	assert_non_null(b1);
	assert_non_null(b2);
	open_felletin(b1);
	open_felletin(b2);
	action(b1, "Prendre en instruction");
	action(b2, "Prendre en instruction");
	send_ok(b1, K_F5);
	F_WAIT(b1, "Prendre en instruction : fait");
	send_ok(b2, K_F5);
	F_WAIT(b2, "modifié");
	F_WAIT(b2, F_BOB);
	c_close(b1);
	c_close(b2);
}

static void test_bulk_and_programmation(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c;

	(void)alice_files(f);
	c = f_bob(f);
	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_QUEUE));
	F_WAIT(c, "À traiter");
	send_ok(c, "/");
	send_ok(c, "felletin");
	F_WAIT(c, "Mairie de Felletin");
	send_ok(c, K_ENTER);
	send_ok(c, " ");                      /* mark it */
	F_WAIT(c, "marqués : 1");
	send_ok(c, K_F4);
	F_WAIT(c, "Action groupée");
	assert_true(f_menu_pick(c, "Programmation : retenir provisoirement"));
	F_WAIT(c, "Lancer");
	send_ok(c, K_F5);
	F_WAIT(c, "1 fait(s)");
	send_ok(c, K_F3);
	F_WAIT(c, "À traiter");
	send_ok(c, K_F9);
	F_WAIT(c, "Subventions provisoires");
	F_WAIT(c, "Mairie de Felletin");
	send_ok(c, K_F5);
	F_WAIT(c, "aux demandeurs ? o : oui");
	send_ok(c, "o");
	F_WAIT(c, "Programmation notifiée");
	F_WAIT(c, "fait");
	c_close(c);
}

/* Ticks `label` on the filter screen (Entrée on its row) and waits for the tick. */
static void tick(struct c_conn *c, const char *label)
{
	char row[96], want[96];

	snprintf(row, sizeof row, "[ ] %s", label);
	snprintf(want, sizeof want, "[x] %s", label);
	assert_true(f_menu_pick(c, row));
	F_WAIT(c, want);
}

static void test_filters_and_views(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c;

	(void)alice_files(f);
	/* 60 rows: every line of the filter screen shows at once. */
	c = f_home(f, F_BOB, NULL, f->priv, "xterm-256color", 80, 60);
	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_QUEUE));
	F_WAIT(c, "À traiter");
	send_ok(c, "4");
	send_ok(c, "/");
	send_ok(c, "felletin");
	F_WAIT(c, "Mairie de Felletin");
	send_ok(c, K_ENTER);

	/* A state it is not in: the file goes, the filter is said on the queue. */
	send_ok(c, K_F5);
	F_WAIT(c, "Filtres et vues de la file");
	F_WAIT(c, "Aucun filtre");
	tick(c, "en instruction");
	F_WAIT(c, "Filtre : instruction");
	send_ok(c, K_F5);
	F_WAIT(c, "filtre : instruction");
	F_WAIT(c, "aucune ligne");

	/* Its own state and an amount under its own: still none; a bad amount changes nothing. */
	send_ok(c, K_F5);
	F_WAIT(c, "Filtres et vues de la file");
	send_ok(c, K_F8);
	F_WAIT(c, "Aucun filtre");
	tick(c, "déposée");
	assert_true(f_menu_pick(c, "Au plus"));
	F_WAIT(c, "Au plus (€ HT) :");
	send_ok(c, "10");
	send_ok(c, K_ENTER);
	F_WAIT(c, "Au plus : 10,00");
	assert_true(f_menu_pick(c, "Au moins"));
	F_WAIT(c, "Au moins (€ HT) :");
	send_ok(c, "100");
	send_ok(c, K_ENTER);
	F_WAIT(c, "Le minimum dépasse le maximum");
	send_ok(c, K_ESC);
	assert_true(c_wait_gone(c, "Au moins (€ HT) :", C_DEADLINE_MS));
	F_WAIT(c, "Au moins : —");
	assert_true(f_menu_pick(c, "Enregistrer la vue actuelle"));
	F_WAIT(c, "Nom de la vue :");
	send_ok(c, "Petits montants");
	send_ok(c, K_ENTER);
	F_WAIT(c, "Vue « Petits montants » enregistrée");
	F_WAIT(c, "« Petits montants » (onglet Toutes)");
	send_ok(c, K_F5);
	F_WAIT(c, "filtre : déposée · ≤ 10,00");
	F_WAIT(c, "aucune ligne");
	/* A column hidden: the queue shows it no more. */
	F_WAIT(c, "Zones");
	send_ok(c, K_F5);
	F_WAIT(c, "Filtres et vues de la file");
	assert_true(f_menu_pick(c, "[x] Zones"));
	F_WAIT(c, "[ ] Zones");
	send_ok(c, K_F5);
	F_WAIT(c, "filtre : déposée");
	assert_true(c_wait_gone(c, "Zones", C_DEADLINE_MS));
	c_close(c);

	/* The next session: the tab's view is back; the named view applies again. */
	c = f_home(f, F_BOB, NULL, f->priv, "xterm-256color", 80, 60);
	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_QUEUE));
	F_WAIT(c, "À traiter");
	send_ok(c, "4");
	F_WAIT(c, "filtre : déposée · ≤ 10,00");
	assert_false(c_screen_contains(c, "Zones"));
	send_ok(c, K_F5);
	F_WAIT(c, "Filtres et vues de la file");
	send_ok(c, K_F8);
	send_ok(c, K_F5);
	F_WAIT(c, "Mairie de Felletin");
	assert_false(c_screen_contains(c, "filtre :"));
	send_ok(c, "1");
	send_ok(c, K_F5);
	F_WAIT(c, "Filtres et vues de la file");
	assert_true(f_menu_pick(c, "« Petits montants »"));
	F_WAIT(c, "filtre : déposée · ≤ 10,00");
	F_WAIT(c, "aucune ligne");
	F_WAIT(c, "Zones");                  /* saved with every column */
	c_close(c);
}

/* Labels on one file from its screen: the file and the queue show them; removed again. */
static void test_file_labels(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c;

	(void)alice_files(f);
	c = f_bob(f);
	assert_non_null(c);
	open_felletin(c);
	send_ok(c, K_F7);
	F_WAIT(c, "étiquettes");
	tick(c, "Urgent");
	tick(c, "À signer");
	send_ok(c, K_F5);
	F_WAIT(c, "Étiquettes enregistrées");
	F_WAIT(c, "Étiquettes : À signer Urgent");
	send_ok(c, K_F3);
	F_WAIT(c, "Étq");
	F_WAIT(c, "SI+");
	send_ok(c, K_ENTER);
	F_WAIT(c, "Dossier n°");
	send_ok(c, K_F7);
	F_WAIT(c, "[x] À signer");
	assert_true(f_menu_pick(c, "[x] À signer"));
	F_WAIT(c, "[ ] À signer");
	send_ok(c, K_F5);
	F_WAIT(c, "Étiquettes : Urgent");
	send_ok(c, K_F3);
	F_WAIT(c, "URG ");
	c_close(c);
}

/* Waits until the row holding `text` ends with the mark `mark` (the queue's last column). */
static bool row_ends_with(struct c_conn *c, const char *text, char mark)
{
	int64_t end = h_now_ms() + C_DEADLINE_MS;
	int row;

	while (h_now_ms() < end) {
		if (c_screen_find(c, text, &row, NULL)) {
			const char *line = c_screen_text(c, row);
			size_t n = strlen(line);

			while (n > 0 && line[n - 1] == ' ')
				n--;
			if (n > 0 && line[n - 1] == mark)
				return true;
		}
		if (c_pump(c, 100) < 0)
			break;
	}
	c_screen_print(c, text);
	return false;
}

/*
 * A complement asked: the applicant is told what is missing on its home
 * screen, in « Suivi de ma demande » and on its pre-order, answers in the
 * file's thread, and the file comes back to the préfecture marked completed.
 */
static void test_complement_asked_and_answered(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c, *a;

	(void)alice_files(f);
	c = f_bob(f);
	assert_non_null(c);
	open_felletin(c);
	action(c, "Prendre en instruction");
	send_ok(c, K_F5);
	F_WAIT(c, "Prendre en instruction : fait");
	action(c, "Demander un complément");
	send_ok(c, "Joignez le devis du revendeur.");
	send_ok(c, K_F5);
	F_WAIT(c, "Demander un complément : fait");
	F_WAIT(c, "— déposée (version");
	c_close(c);

	a = f_alice(f);
	assert_non_null(a);
	F_WAIT(a, "La préfecture vous demande un complément");
	F_WAIT(a, "« Joignez le");
	assert_true(f_menu_pick(a, "Suivi de ma demande"));
	F_WAIT(a, "La préfecture vous demande un complément");
	send_ok(a, K_F3);
	assert_true(f_menu_pick(a, "Mon intention de commande"));
	F_WAIT(a, "modifiez les quantités");
	send_ok(a, K_F3);
	assert_true(f_menu_pick(a, "Messages (1 non lu)"));
	assert_true(f_menu_pick(a, "Intention de commande n°"));
	F_WAIT(a, "Complément demandé : Joignez le devis");
	send_ok(a, "Le devis part ce jour par courrier.");
	send_ok(a, K_F5);
	F_WAIT(a, "Message envoyé");
	send_ok(a, K_F3);
	send_ok(a, K_F3);
	assert_true(c_wait_gone(a, "La préfecture vous demande un complément", C_DEADLINE_MS));
	F_WAIT(a, "Suivi de ma demande");
	c_close(a);

	/* Back in the préfecture's queue, marked completed (« c »), the prompt gone. */
	c = f_bob(f);
	assert_non_null(c);
	assert_true(f_menu_pick(c, T_MENU_QUEUE));
	F_WAIT(c, "À traiter");
	send_ok(c, "4");
	send_ok(c, "/");
	send_ok(c, "felletin");
	F_WAIT(c, "Mairie de Felletin");
	send_ok(c, K_ENTER);
	send_ok(c, K_ENTER);                 /* opened: what the applicant wrote is read */
	F_WAIT(c, "Dossier n°");
	send_ok(c, K_F3);
	assert_true(row_ends_with(c, "Mairie de Felletin", 'c'));
	c_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_departement_only, pref_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_instruct_retain_convention_pay, pref_setup,
		                                f_teardown),
		cmocka_unit_test_setup_teardown(test_two_agents_race, pref_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_bulk_and_programmation, pref_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_filters_and_views, pref_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_file_labels, pref_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_complement_asked_and_answered, pref_setup,
		                                f_teardown),
	};

	if (c_global_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
