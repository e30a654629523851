/*
 * test-preorder.c — end to end: the pre-order form of a collectivité through
 * SSH and a terminal emulator. A full pre-order from empty to submitted
 * (figures checked on the confirmation screen and in the store, bytes the
 * server sent counted), bad input on each kind of field, a cap overrun
 * refused, the link cut mid-motivation then resumed with text and cursor,
 * two colleagues editing at once, amend (a stale version merged: the
 * colleague's change kept, a field both changed chosen) and abandon,
 * a key whose escape sequence arrives in two pieces, and escape sequences
 * typed into every free-text field never reaching a colleague's terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "core/date.h"
#include "core/uc-message.h"
#include "core/uc-form.h"
#include "core/money.h"
#include "core/preorder.h"
#include "core/settings.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/e2e/fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define ALICE2 "alice2"
#define T_PREORDER "Mon intention de commande"
#define T_FOLLOW "Suivi de ma demande"
#define T_RESUME "Reprendre là où vous étiez"
#define T_MESSAGES "Messages"
#define T_SUPPORT "Contacter l'assistance"
#define KU "\025"        /* ^U: empties the field (demo data pre-fills some) */
#define MOTIV "Notre secrétaire de mairie et la conseillère numérique accompagnent " \
	"chaque semaine quarante habitants éloignés du numérique dans leurs démarches."

/*
 * A colleague of alice. `recond init` already opened the pre-order window for
 * a year from today and imported the shipped ZRR list (Felletin is in ZRR).
 */
static int pre_setup(void **state)
{
	struct fixture *f;

	if (f_setup(state) != 0)
		return -1;
	f = *state;
	return h_user_add(&f->s, ALICE2, "collectivite", F_ORG, F_PASS, NULL) != 0 ? -1 : 0;
}

static int pre_teardown(void **state)
{
	return f_teardown(state);
}

static struct c_conn *login(struct fixture *f, const char *who)
{
	return f_home(f, who, F_PASS, NULL, "xterm-256color", 80, 24);
}

static struct c_conn *open_form(struct fixture *f, const char *who)
{
	struct c_conn *c = login(f, who);

	if (c == NULL)
		return NULL;
	if (!f_menu_pick(c, T_PREORDER) || !c_wait_for_text(c, "page 1/3", C_DEADLINE_MS)) {
		c_screen_print(c, "form");
		c_close(c);
		return NULL;
	}
	return c;
}

static void type(struct c_conn *c, const char *s)
{
	assert_int_equal(c_send(c, s), 0);
}

/* Fills page 1 (6 PC fixes, 10 portables, 2 tablettes, 5 smartphones; staff) and the motivation. */
static void fill_journey(struct c_conn *c)
{
	type(c, KU "6\t" KU "10\t" KU "2\t" KU "5\t" KU "1\t" KU "0\t" KU "2\t");
	F_WAIT(c, "Personne à contacter");
	type(c, K_F6);
	F_WAIT(c, "page 2/3");
	type(c, K_F6);
	F_WAIT(c, "page 3/3");
	type(c, MOTIV);
	F_WAIT(c, "quarante habitants");
}

static void test_full_journey(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_connect(f->s.port);
	struct preorder *po = malloc(sizeof *po);
	char money[48], *line;
	uint64_t bytes;

	assert_non_null(c);
	assert_int_equal(c_auth_password(c, F_ALICE, F_PASS), 0);
	assert_int_equal(c_shell(c, "xterm-256color", 80, 24), 0);
	F_WAIT(c, T_PREORDER);
	assert_true(f_menu_pick(c, T_PREORDER));
	F_WAIT(c, "page 1/3");
	fill_journey(c);
	type(c, K_F5);
	F_WAIT(c, "Vous allez déposer");
	line = xasprintf("Total estimé : %s HT", cents_format(f_journey_total(), money, sizeof money));
	F_WAIT(c, line);
	free(line);
	type(c, "o");
	F_WAIT(c, "déposée le");
	bytes = c_bytes_received(c);
	printf("# journey login → submitted: %llu bytes sent by the server on the session "
	       "channel (80x24, xterm-256color)\n", (unsigned long long)bytes);
	c_close(c);

	f_expect_journey(f, MOTIV, po);
	assert_int_equal(po->staff_cnfs, 1);
	assert_int_equal(po->staff_aidants, 2);
	free(po);
}

/* Bad input on each kind of field: the reason on the message line, nothing bad stored. */
static void test_bad_inputs(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	struct preorder *po = malloc(sizeof *po);

	assert_non_null(c);
	/* A 6th digit in a 5-digit field is too long, not « Chiffres uniquement ». */
	type(c, KU "123456");
	F_WAIT(c, "Trop long : 5 chiffres au plus");
	assert_false(c_screen_contains(c, "Chiffres uniquement"));
	/* Digits field: letters and '-' refused as typed, too large refused when leaving. */
	type(c, KU "a");
	F_WAIT(c, "Chiffres uniquement");
	type(c, "-");
	F_WAIT(c, "négatif");
	type(c, "99999\t");
	F_WAIT(c, "10000 au plus");
	type(c, "\025");
	type(c, "3\t");
	F_WAIT(c, "Total estimé");
	/* Staff count (three fields further): same rules. */
	type(c, KU "\t" KU "\t" KU "\t" KU "x");
	F_WAIT(c, "Chiffres uniquement");
	type(c, "\t\t\t");
	/* Text: a control character is refused, an e-mail without @ is refused on leaving. */
	type(c, "\016");
	F_WAIT(c, "Caractère de contrôle refusé");
	type(c, "\t\t" "\025" "sans-arobase\t");
	F_WAIT(c, "adresse électronique invalide");
	type(c, "\025");
	type(c, "claire@felletin.example\t");
	c_wait_gone(c, "adresse électronique invalide", C_DEADLINE_MS);
	/* Partner name: longer than its cap is refused. */
	type(c, K_F6);
	F_WAIT(c, "page 2/3");
	type(c, K_F7);
	F_WAIT(c, " 1.");
	for (int i = 0; i < 121; i++)
		type(c, "é");
	F_WAIT(c, "Texte trop long");
	/* Motivation: control characters refused. */
	type(c, K_F6);
	F_WAIT(c, "page 3/3");
	type(c, "\026");
	F_WAIT(c, "Caractère de contrôle refusé");
	F_WAIT(c, "0 / 2000");
	/* A byte that is no UTF-8 (Latin-1 « é »): dropped, nothing after it lost. */
	type(c, "Ab\xe9");
	type(c, "cd");
	F_WAIT(c, "4 / 2000");
	F_WAIT(c, "Abcd");
	type(c, K_F2);
	F_WAIT(c, "Brouillon enregistré");
	c_close(c);
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->qty[LOT_PC_FIXE], 3);
	assert_string_equal(po->contact.email, "claire@felletin.example");
	assert_int_equal(po->npartners, 1);
	assert_true(strlen(po->partners[0].name) <= PARTNER_NAME_BYTES);
	free(po);
}

/*
 * Filing a pre-order that serves nobody is refused before the confirmation,
 * with the cursor on the first staff field: the next key lands there.
 */
static void test_refused_submit_focus(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	struct preorder *po = malloc(sizeof *po);

	assert_non_null(c);
	type(c, KU "6\t" KU "10\t" KU "2\t" KU "5\t" KU "\t" KU "\t" KU "\t");
	type(c, K_F6);
	F_WAIT(c, "page 2/3");
	type(c, K_F6);
	F_WAIT(c, "page 3/3");
	type(c, MOTIV);
	F_WAIT(c, "quarante habitants");
	type(c, K_F5);
	F_WAIT(c, "Indiquez le nombre de conseillers");
	F_WAIT(c, "page 1/3");
	F_WAIT(c, "▸ Conseillers numériques France Services");
	assert_false(c_screen_contains(c, "Vous allez déposer"));
	type(c, "4");
	type(c, K_F2);
	F_WAIT(c, "Brouillon enregistré");
	c_close(c);
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->staff_cnfs, 4);
	assert_int_equal(po->state, PO_BROUILLON);
	assert_non_null(strstr(po->motivation, "quarante habitants"));
	free(po);
}

/* A total above the cap: a warning in words and reverse video, and no submission. */
static void test_cap_overrun(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	struct preorder *po = malloc(sizeof *po);
	int row;

	assert_non_null(c);
	type(c, KU "9999\t");
	F_WAIT(c, "PLAFOND DÉPASSÉ");
	assert_true(c_screen_find(c, "PLAFOND DÉPASSÉ", &row, NULL));
	assert_true(c_screen_cell_reverse(c, row, 4));
	type(c, K_F5);
	F_WAIT(c, "dépasse le plafond");
	assert_false(c_screen_contains(c, "Vous allez déposer"));
	c_close(c);
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->state, PO_BROUILLON);
	free(po);
}

/* Code points in a UTF-8 string. */
static size_t utf8_cps(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Column of the first non-blank cell at or after `from` on `row` (a field's start), or -1. */
static int next_ink_col(struct c_conn *c, int row, int from)
{
	uint32_t cps[4];

	for (int col = from; col < 80; col++)
		if (c_screen_cell(c, row, col, cps, 4) >= 1 && cps[0] != ' ' && cps[0] != 0)
			return col;
	return -1;
}

/*
 * At 80x24 every page title is whole (the title bar cuts what is longer),
 * and the contact fields start in one column whatever their label's
 * accents and whether they may scroll.
 */
/* The contact fields' start columns, into cols[4]; true when all four show and agree. */
static bool contact_cols(struct c_conn *c, int cols[4])
{
	static const char *const labels[] = { "Nom *", "Fonction", "Courriel *", "Téléphone" };

	for (size_t i = 0; i < ARRAY_LEN(labels); i++) {
		int row = -1, col = -1;

		cols[i] = -1;
		if (!c_screen_find(c, labels[i], &row, &col))
			return false;
		/* The label's code points are one cell each. */
		cols[i] = next_ink_col(c, row, col + (int)utf8_cps(labels[i]));
	}
	return cols[0] >= 0 && cols[1] == cols[0] && cols[2] == cols[0] && cols[3] == cols[0];
}

static void test_form_fits_80x24(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	int cols[4];
	bool lined_up = false;

	assert_non_null(c);
	F_WAIT(c, "recond — Intention de commande — brouillon — page 1/3 : Lots, équipe, contact");
	/* The page may arrive in pieces: wait (bounded) for the four rows to line up. */
	for (int64_t end = h_now_ms() + C_DEADLINE_MS; !lined_up && h_now_ms() < end;)
		if (!(lined_up = contact_cols(c, cols)))
			c_pump(c, 100);
	if (!lined_up) {
		c_screen_print(c, "contact fields");
		fail_msg("contact fields start in columns %d, %d, %d, %d", cols[0], cols[1], cols[2],
		         cols[3]);
	}
	type(c, K_F6);
	F_WAIT(c, "recond — Intention de commande — brouillon — page 2/3 : Structures partenaires");
	F_WAIT(c, "qui peut le prêter à ces structures.");
	type(c, K_F6);
	F_WAIT(c, "recond — Intention de commande — brouillon — page 3/3 : Motivation");
	c_close(c);
}

/* Pumps until the cursor is at row, col (the paint may arrive in pieces). */
static bool wait_cursor(struct c_conn *c, int row, int col)
{
	int r, k;

	for (int64_t end = h_now_ms() + C_DEADLINE_MS; h_now_ms() < end;) {
		c_cursor(c, &r, &k);
		if (r == row && k == col)
			return true;
		c_pump(c, 100);
	}
	return false;
}

/* The TCP link cut mid-motivation: the next login resumes with text and cursor. */
static void test_cut_and_resume(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	int r1, c1, r2, c2;

	assert_non_null(c);
	type(c, K_F6);
	F_WAIT(c, "page 2/3");
	type(c, K_F6);
	F_WAIT(c, "page 3/3");
	type(c, "Nous accompagnons les habitants");
	F_WAIT(c, "31 / 2000");
	type(c, K_LEFT K_LEFT K_LEFT K_LEFT "X");
	F_WAIT(c, "habitXants");
	/* Where the cursor must be: right after the X. */
	assert_true(c_screen_find(c, "habitXants", &r1, &c1));
	c1 += 6;
	assert_true(wait_cursor(c, r1, c1));
	/* Moving the cursor alone (no edit) is remembered too: two to the left. */
	type(c, K_LEFT K_LEFT);
	c1 -= 2;
	assert_true(wait_cursor(c, r1, c1));
	c_vanish(c);

	c = login(f, F_ALICE);
	assert_non_null(c);
	F_WAIT(c, T_RESUME);
	assert_true(f_menu_pick(c, T_RESUME));
	F_WAIT(c, "page 3/3");
	F_WAIT(c, "Nous accompagnons les habitXants");
	wait_cursor(c, r1, c1);
	c_cursor(c, &r2, &c2);
	if (r2 != r1 || c2 != c1) {
		c_screen_print(c, "resumed");
		fail_msg("cursor at %d,%d after resuming, %d,%d before the cut", r2, c2, r1, c1);
	}
	assert_int_equal(r2, r1);
	assert_int_equal(c2, c1);
	type(c, "Y");
	F_WAIT(c, "habiYtXants");
	/* A lone Esc still means « back »: home, with the draft still offered. */
	type(c, K_ESC);
	F_WAIT(c, T_RESUME);
	F_WAIT(c, T_HELP_HOME);
	c_close(c);
}

/*
 * An amendment typed but not validated, then the link cut: the resumed
 * amendment holds what was typed, and leaving it shows the filed figures
 * (never the unsaved ones) with the amendment offered as such.
 */
static void test_amend_cut_resume(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	struct preorder *po = malloc(sizeof *po);

	assert_non_null(c);
	fill_journey(c);
	type(c, K_F5);
	F_WAIT(c, "Vous allez déposer");
	type(c, "o");
	F_WAIT(c, "déposée le");
	type(c, K_F5);
	F_WAIT(c, "page 1/1");
	type(c, KU "999");                  /* 999 PC fixes: above the cap */
	F_WAIT(c, "PLAFOND DÉPASSÉ");
	c_vanish(c);

	c = login(f, F_ALICE);
	assert_non_null(c);
	F_WAIT(c, T_RESUME);
	assert_true(f_menu_pick(c, T_RESUME));
	F_WAIT(c, "page 1/1");
	F_WAIT(c, "PLAFOND DÉPASSÉ");
	type(c, K_ESC);
	F_WAIT(c, "Reprendre la modification");
	F_WAIT(c, "PC fixe           6");
	assert_false(c_screen_contains(c, "PLAFOND DÉPASSÉ"));
	assert_false(c_screen_contains(c, "PC fixe           999"));
	c_close(c);
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->qty[LOT_PC_FIXE], 6);
	free(po);
}

/*
 * A character typed into the motivation costs the terminal about one byte:
 * the text alone is repainted, and the counter once the keys pause.
 */
static void test_motivation_bytes(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	const char *words = "Nous accompagnons chaque semaine les habitants de la commune";
	char want[128];
	uint64_t before;
	size_t n = strlen(words);
	double per_key;

	assert_non_null(c);
	type(c, K_F6);
	F_WAIT(c, "page 2/3");
	type(c, K_F6);
	F_WAIT(c, "page 3/3");
	F_WAIT(c, "0 / 2000");
	before = c_bytes_received(c);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(c_send_n(c, &words[i], 1), 0);
		memcpy(want, words, i + 1);
		want[i + 1] = '\0';
		/* Each key echoed before the next (the last word may be cut: wait for its start). */
		if (strrchr(want, ' ') == NULL || strrchr(want, ' ')[1] != '\0')
			F_WAIT(c, strrchr(want, ' ') ? strrchr(want, ' ') + 1 : want);
	}
	F_WAIT(c, "la commune");
	per_key = (double)(c_bytes_received(c) - before) / (double)n;
	printf("# motivation: %.1f terminal bytes per typed character\n", per_key);
	/* The counter follows once the typing pauses. */
	F_WAIT(c, "60 / 2000");
	assert_true(per_key <= 8.0);
	c_close(c);
}

/*
 * A 1 MB paste into the motivation: the text is cut at the cap, the person
 * is told, and the key after the paste is answered (the time is printed:
 * the aim is well under 1 s; not asserted).
 */
static void test_paste_1mb(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	size_t chunk = 64 * 1024, total = 1024 * 1024;
	char *buf = malloc(chunk);
	int64_t t0;

	assert_non_null(c);
	assert_non_null(buf);
	for (size_t i = 0; i < chunk; i++)
		buf[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 26);
	type(c, K_F6);
	F_WAIT(c, "page 2/3");
	type(c, K_F6);
	F_WAIT(c, "page 3/3");
	for (size_t sent = 0; sent < total; sent += chunk)
		assert_int_equal(c_send_n(c, buf, chunk), 0);
	t0 = h_now_ms();
	type(c, K_F6);
	F_WAIT(c, "page 1/3");
	printf("# 1 MB paste: the next key answered %lld ms after the last byte was sent\n",
	       (long long)(h_now_ms() - t0));
	/* The motivation holds the first 2000 characters, and says it is full. */
	type(c, K_F6);
	F_WAIT(c, "page 2/3");
	type(c, K_F6);
	F_WAIT(c, "2000 / 2000");
	free(buf);
	c_close(c);
}

/* Two colleagues: each keeps a draft; the second to submit is told of the first's change. */
static void test_two_editors(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a = open_form(f, F_ALICE);
	struct c_conn *b = open_form(f, ALICE2);
	struct preorder *po = malloc(sizeof *po);

	assert_non_null(a);
	assert_non_null(b);
	type(b, KU "1\t" KU "\t");
	F_WAIT(b, "Total estimé");
	fill_journey(a);
	type(a, K_F5);
	F_WAIT(a, "Vous allez déposer");
	type(a, "o");
	F_WAIT(a, "déposée le");

	/*
	 * alice2 saves on the version alice has filed since: her form takes
	 * what alice changed and keeps what she typed (the PC fixes).
	 */
	type(b, K_F2);
	F_WAIT(b, "Dossier modifié entre-temps");
	F_WAIT(b, "Tablette : 0 → 2 (" F_ALICE);
	F_WAIT(b, "sont gardés");
	type(b, K_ENTER);
	F_WAIT(b, "page 1/3");
	c_close(b);

	/*
	 * The case: alice2 amends « PC fixe » (6 → 8) while alice
	 * amends « PC portable » (10 → 5) and validates first. alice2 is told
	 * who changed what; her form takes alice's figure and keeps her own;
	 * validating again files both.
	 */
	b = login(f, ALICE2);
	assert_non_null(b);
	assert_true(f_menu_pick(b, T_PREORDER));
	F_WAIT(b, "Modifier les quantités");
	type(b, K_F5);
	F_WAIT(b, "page 1/1");
	type(b, KU "8");
	F_WAIT(b, "Total estimé");
	type(a, K_F5);
	F_WAIT(a, "page 1/1");
	type(a, "\t" KU "5");
	type(a, K_F5);
	F_WAIT(a, "Confirmez les nouvelles quantités");
	type(a, "o");
	F_WAIT(a, "Quantités modifiées");
	type(b, K_F5);
	F_WAIT(b, "Confirmez les nouvelles quantités");
	type(b, "o");
	F_WAIT(b, "Dossier modifié entre-temps");
	F_WAIT(b, "PC portable : 10 → 5 (" F_ALICE);
	F_WAIT(b, "sont gardés");
	assert_false(c_screen_contains(b, "rechargez"));
	/* The panel's title is what happened, not « Aide ». */
	assert_non_null(strstr(c_screen_text(b, 2), " Dossier modifié entre-temps "));
	type(b, K_ENTER);
	F_WAIT(b, "page 1/1");
	type(b, K_F5);
	F_WAIT(b, "Confirmez les nouvelles quantités");
	type(b, "o");
	F_WAIT(b, "Quantités modifiées");
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->qty[LOT_PC_FIXE], 8);
	assert_int_equal(po->qty[LOT_PC_PORTABLE], 5);

	/*
	 * Both change « PC fixe »: alice2 must choose before validating; she
	 * takes alice's figure, and her tablettes are kept.
	 */
	type(b, K_F5);
	F_WAIT(b, "page 1/1");
	type(b, KU "4\t\t" KU "3");        /* and 3 tablettes, hers alone */
	F_WAIT(b, "600,00");
	type(a, K_F5);
	F_WAIT(a, "page 1/1");
	type(a, KU "9");
	type(a, K_F5);
	F_WAIT(a, "Confirmez les nouvelles quantités");
	type(a, "o");
	F_WAIT(a, "Quantités modifiées");
	type(b, K_F5);
	F_WAIT(b, "Confirmez les nouvelles quantités");
	type(b, "o");
	F_WAIT(b, "à choisir : la vôtre 4, celle de " F_ALICE " 9");
	type(b, K_F5);
	F_WAIT(b, "Choisissez la valeur à garder pour « PC fixe »");
	type(b, K_ESC);
	F_WAIT(b, "Conflit non résolu");
	type(b, K_F5);                      /* validating reopens the choice */
	F_WAIT(b, "à choisir : la vôtre 4");
	type(b, K_LEFT);
	F_WAIT(b, "la vôtre : 4");
	type(b, K_RIGHT);
	F_WAIT(b, "celle de " F_ALICE " : 9");
	type(b, K_F5);
	F_WAIT(b, "Choix appliqués");
	type(b, K_F5);
	F_WAIT(b, "Confirmez les nouvelles quantités");
	type(b, "o");
	F_WAIT(b, "Quantités modifiées");
	c_close(b);
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->qty[LOT_PC_FIXE], 9);
	assert_int_equal(po->qty[LOT_PC_PORTABLE], 5);
	assert_int_equal(po->qty[LOT_TABLETTE], 3);

	/* Abandon, with confirmation. */
	type(a, K_F9);
	F_WAIT(a, "Abandonner cette intention");
	type(a, "n");
	F_WAIT(a, "Rien n'a été abandonné");
	type(a, K_F9);
	F_WAIT(a, "Abandonner cette intention");
	type(a, "o");
	F_WAIT(a, "abandonnée");
	c_close(a);
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->state, PO_ABANDONNEE);
	free(po);
}

/* "ESC [" then, 150 ms later, "A": an arrow (focus moves up), nothing typed. */
static void test_split_escape(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = open_form(f, F_ALICE);
	struct timespec ts = { 0, 150 * 1000 * 1000 };
	int row;
	struct preorder *po = malloc(sizeof *po);

	assert_non_null(c);
	type(c, KU "\t" KU "4");        /* PC fixe empty, PC portable: 4 */
	F_WAIT(c, "Total estimé");
	type(c, "\033[");
	/* The pieces of one key arriving apart is the point of this test. */
	nanosleep(&ts, NULL);
	type(c, "A");
	type(c, "5");                   /* lands in PC fixe if the arrow was read */
	type(c, K_F2);
	F_WAIT(c, "Brouillon enregistré");
	assert_true(c_screen_find(c, "PC portable", &row, NULL));
	assert_null(strstr(c_screen_text(c, row), "[A"));
	assert_true(c_screen_contains(c, "page 1/3"));
	c_close(c);
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->qty[LOT_PC_FIXE], 5);
	assert_int_equal(po->qty[LOT_PC_PORTABLE], 4);
	free(po);
}

static bool has_bytes(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

/*
 * ESC, CSI, OSC and BEL typed into every free-text field: a colleague who
 * reads the file receives none of those bytes.
 */
static void test_escapes_never_reach_others(void **state)
{
	struct fixture *f = *state;
	struct c_conn *a = open_form(f, F_ALICE);
	struct c_conn *b;
	static const char evil[] = "Zz\033]0;PWNED\007\033[2J\033[31mRED\xc2\x9b" "2J\033P1;2\033\\" "Yy";
	const char *raw;
	size_t n;
	int text_fields = 0;

	assert_non_null(a);
	/* Contact: name, function, e-mail (with an @), phone. */
	type(a, "\t\t\t\t\t\t\t");
	for (int i = 0; i < 4; i++) {
		type(a, "\025");
		type(a, evil);
		if (i == 2)
			type(a, "@x.example");
		type(a, "\t");
		text_fields++;
	}
	type(a, K_F7);
	F_WAIT(a, " 1.");
	type(a, evil);
	text_fields++;
	type(a, K_F6);
	F_WAIT(a, "page 3/3");
	type(a, MOTIV);
	type(a, evil);
	text_fields++;
	type(a, K_F2);
	F_WAIT(a, "Brouillon enregistré");
	/* A message to the préfecture and a support ticket, both with the same bytes. */
	type(a, K_F3);
	F_WAIT(a, T_MESSAGES);
	assert_true(f_menu_pick(a, T_MESSAGES));
	F_WAIT(a, "avec la préfecture");
	type(a, K_ENTER);
	F_WAIT(a, "Votre réponse");
	type(a, "Bonjour ");
	type(a, evil);
	type(a, K_F5);
	F_WAIT(a, "Message envoyé");
	text_fields++;
	type(a, K_F3);
	F_WAIT(a, "avec la préfecture");
	type(a, K_F3);
	F_WAIT(a, T_SUPPORT);
	assert_true(f_menu_pick(a, T_SUPPORT));
	F_WAIT(a, "Objet");
	type(a, "Objet ");
	type(a, evil);
	type(a, "\t" "Question ");
	type(a, evil);
	type(a, K_F5);
	F_WAIT(a, "Demande n° 1 envoyée");
	text_fields += 2;
	assert_int_equal(text_fields, 9);
	c_close(a);

	b = login(f, ALICE2);
	assert_non_null(b);
	c_record(b, true);
	assert_true(f_menu_pick(b, T_PREORDER));
	F_WAIT(b, "page 1/3");
	type(b, K_F6);
	F_WAIT(b, "page 2/3");
	F_WAIT(b, "Zz");
	type(b, K_F3);
	F_WAIT(b, T_FOLLOW);
	assert_true(f_menu_pick(b, T_FOLLOW));
	F_WAIT(b, "Historique");
	type(b, K_F3);
	F_WAIT(b, T_MESSAGES);
	assert_true(f_menu_pick(b, T_MESSAGES));
	F_WAIT(b, "Assistance n° 1");
	type(b, K_ENTER);
	F_WAIT(b, "Votre réponse");
	F_WAIT(b, "Bonjour Zz");
	type(b, K_F3);
	F_WAIT(b, "Assistance n° 1");
	type(b, K_DOWN K_ENTER);
	F_WAIT(b, "Question Zz");
	raw = c_recorded(b, &n);
	assert_true(n > 0);
	assert_false(has_bytes(raw, n, "\033]"));
	assert_false(has_bytes(raw, n, "PWNED"));
	assert_false(has_bytes(raw, n, "\007"));
	assert_false(has_bytes(raw, n, "\xc2\x9b"));
	assert_false(has_bytes(raw, n, "\x9b"));
	assert_false(has_bytes(raw, n, "\033[31m"));
	assert_false(has_bytes(raw, n, "\033P1;2"));
	c_close(b);
}

/* Posts a reply of the programme team (demo-anct) in support ticket id. */
static void anct_reply(struct fixture *f, uint64_t ticket, const char *body)
{
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct account acc = { 0 };
	struct actor actor;
	struct uc uc = { .actor = &actor };
	char *why = NULL;

	assert_int_equal(store_open(f->s.data, &st, &why), RC_OK);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_by_login(txn, "demo-anct", &acc), RC_OK);
	store_abort(txn);
	uc.st = st;
	assert_int_equal(uc_actor_load(st, acc.id, &actor, NULL), RC_OK);
	if (uc_message_post(&uc, THREAD_TICKET, ticket, body, &why) != RC_OK)
		fail_msg("reply: %s", why ? why : "?");
	account_clear(&acc);
	store_close(st);
}

/* A support ticket, answered by the programme team: the answer waits in the inbox. */
static void test_support_reply_in_inbox(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = login(f, F_ALICE);

	assert_non_null(c);
	assert_true(f_menu_pick(c, T_SUPPORT));
	F_WAIT(c, "Objet");
	type(c, "Délai de livraison\tQuand les PC seront-ils livrés ?");
	type(c, K_F5);
	F_WAIT(c, "Demande n° 1 envoyée");
	type(c, K_F3);
	F_WAIT(c, T_SUPPORT);
	assert_false(c_screen_contains(c, "non lu"));
	c_close(c);

	anct_reply(f, 1, "Bonjour, la livraison suit la signature du bon de commande.");
	c = login(f, F_ALICE);
	assert_non_null(c);
	F_WAIT(c, "Messages (1 non lu)");
	assert_true(f_menu_pick(c, "Messages (1 non lu)"));
	F_WAIT(c, "Assistance n° 1 — Délai de livraison (répondu) (1 non lu)");
	type(c, K_DOWN K_ENTER);
	F_WAIT(c, "la livraison suit la signature");
	F_WAIT(c, "demo-anct (ANCT)");
	type(c, "Merci !");
	type(c, K_F5);
	F_WAIT(c, "Message envoyé");
	type(c, K_F3);
	F_WAIT(c, "Assistance n° 1");
	type(c, K_F3);
	F_WAIT(c, T_SUPPORT);
	assert_false(c_screen_contains(c, "non lu"));
	c_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_journey, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_bad_inputs, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_refused_submit_focus, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_amend_cut_resume, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_cap_overrun, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_form_fits_80x24, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_cut_and_resume, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_motivation_bytes, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_paste_1mb, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_two_editors, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_split_escape, pre_setup, pre_teardown),
		cmocka_unit_test_setup_teardown(test_escapes_never_reach_others, pre_setup,
		                                pre_teardown),
		cmocka_unit_test_setup_teardown(test_support_reply_in_inbox, pre_setup, pre_teardown),
	};

	if (c_global_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
