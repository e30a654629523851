/*
 * test-signup.c — the anonymous sign-up through SSH ("none" method for the
 * sign-up login) and libvterm: an eligible ZRR commune (Felletin) signs up,
 * logs in while pending, is validated with `recond org validate` and logs
 * in again; a France Services structure picks from the register the space
 * it carries and signs up; a SIRET already registered, or another
 * establishment of its SIREN, is refused at the SIRET step; an
 * association is told why and gets nothing; "none" is refused for every
 * other login and when sign-up is off; exec is refused to the sign-up
 * login; the per-address limit gives its French message; control and
 * escape characters typed in the name never reach the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

#include "core/util.h"
#include "tests/e2e/client.h"
#include "tests/e2e/fixture.h"
#include "tests/e2e/harness.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define SIGNUP_LOGIN "inscription"
#define SIRET_FELLETIN "21230079200018"   /* made up, valid check digits */
#define SIRET_FS "20002301800019"
#define SIRET_ASSO "77123456400017"
#define NEW_PASS "Creuse-2024-mairie"

#define T_WIZARD "Inscription — étape 1 sur 8"
#define T_DONE "Inscription enregistrée"

/* Connects with the "none" method as login; NULL (after a message) if refused. */
static struct c_conn *none_login(int port, const char *login, int *answer)
{
	struct c_conn *c = c_connect(port);
	int rc;

	if (c == NULL)
		return NULL;
	rc = ssh_userauth_none((ssh_session)c_session(c), login);
	if (answer != NULL)
		*answer = rc;
	if (rc != SSH_AUTH_SUCCESS) {
		c_close(c);
		return NULL;
	}
	return c;
}

/* The wizard's first screen on an 80x24 xterm. */
static struct c_conn *wizard(struct fixture *f)
{
	struct c_conn *c = none_login(f->s.port, SIGNUP_LOGIN, NULL);

	if (c == NULL) {
		fail_msg("none refused for %s", SIGNUP_LOGIN);
		return NULL;
	}
	assert_int_equal(c_shell(c, "xterm-256color", 80, 24), 0);
	F_WAIT(c, T_WIZARD);
	return c;
}

/* Runs `recond ARGS…` and returns its stdout (caller frees); fails the test otherwise. */
static char *recond_out(struct fixture *f, const char *const argv[], int want_status)
{
	char *out = NULL, *err = NULL;
	int status = -1;

	assert_int_equal(h_recond(&f->s, argv, NULL, &out, &err, &status), 0);
	if (status != want_status)
		fail_msg("recond %s %s: status %d, stderr:\n%s", argv[0], argv[1], status, err);
	free(err);
	return out;
}

static char *org_list(struct fixture *f)
{
	const char *argv[] = { "org", "list", "--data", f->s.data, NULL };

	return recond_out(f, argv, 0);
}

/* Moves the kind list's selection down n times and picks. */
static void pick_kind(struct c_conn *c, int n)
{
	for (int i = 0; i < n; i++)
		assert_int_equal(c_send(c, K_DOWN), 0);
	assert_int_equal(c_send(c, K_ENTER), 0);
}

/* Contact and account pages, then the summary; waits for each. */
static void contact_and_account(struct c_conn *c, const char *login)
{
	F_WAIT(c, "étape 6 sur 8");
	assert_int_equal(c_send(c, "Claire Besson" K_TAB "Secrétaire de mairie" K_TAB
	                           "mairie@felletin.example" K_TAB "05 36 49 00 01" K_ENTER), 0);
	F_WAIT(c, "étape 7 sur 8");
	assert_int_equal(c_send(c, login), 0);
	assert_int_equal(c_send(c, K_TAB NEW_PASS K_TAB NEW_PASS K_TAB K_ENTER), 0);
	F_WAIT(c, "étape 8 sur 8");
}

#define T_PENDING "Votre organisation est en attente de validation"

/*
 * Logs in by password, waits for the home screen's title and checks
 * whether it says the organisation awaits validation.
 */
static void login_home(struct fixture *f, const char *login, const char *title_part,
                       bool pending)
{
	struct c_conn *c = c_login(f->s.port, login, NEW_PASS, NULL);

	assert_non_null(c);
	assert_int_equal(c_shell(c, "xterm-256color", 80, 24), 0);
	F_WAIT(c, title_part);
	F_WAIT(c, "Menu principal");
	if (pending)
		F_WAIT(c, T_PENDING);
	else if (c_screen_contains(c, T_PENDING))
		fail_msg("a validated organisation is said to await validation");
	c_close(c);
}

static void test_eligible_commune(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = wizard(f);
	char *out, port[32];
	int status = -1;

	pick_kind(c, 0);
	F_WAIT(c, "étape 2 sur 8 : SIRET");
	/*
	 * The 14th digit moves on by itself, and says so; the Entrée typed
	 * out of habit right after is ignored (no error on the empty commune).
	 */
	assert_int_equal(c_send(c, SIRET_FELLETIN), 0);
	F_WAIT(c, "étape 3 sur 8");
	F_WAIT(c, "SIRET complet : étape suivante");
	assert_int_equal(c_send(c, K_ENTER K_F1), 0);
	F_WAIT(c, "Touches de cet écran");      /* both keys were read */
	assert_false(c_screen_contains(c, "tapez au moins 2 lettres"));
	assert_int_equal(c_send(c, K_ESC), 0);
	assert_true(c_wait_gone(c, "Touches de cet écran", C_DEADLINE_MS));
	F_WAIT(c, "étape 3 sur 8");
	assert_int_equal(c_send(c, "fellet"), 0);
	F_WAIT(c, "Felletin (23079) — 23500");
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, "étape 4 sur 8");
	F_WAIT(c, "Mairie de Felletin");
	/*
	 * The demonstration data holds a « Mairie de Felletin » already: a name
	 * that folds to another's in the département is refused, so this one
	 * says which.
	 */
	assert_int_equal(c_send(c, " bourg" K_ENTER), 0);
	/* Eligibility at once, with its reason and the list it relied on. */
	F_WAIT(c, "Éligibilité : éligible");
	F_WAIT(c, "La commune Felletin (23079) est classée en ZRR");
	F_WAIT(c, "zrr-communes-cog2021.csv");
	F_WAIT(c, "importé le");
	assert_int_equal(c_send(c, K_ENTER), 0);
	contact_and_account(c, "cbesson");
	F_WAIT(c, "SIRET : " SIRET_FELLETIN);
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, T_DONE);
	F_WAIT(c, "en attente de validation");
	snprintf(port, sizeof port, "ssh -p %d cbesson@127.0.0.1", f->s.port);
	F_WAIT(c, port);
	/* Enter leaves; status 0 also says the session process ended clean (sanitizers). */
	assert_int_equal(c_send(c, K_ENTER), 0);
	assert_true(c_wait_closed(c, C_DEADLINE_MS, &status));
	assert_int_equal(status, 0);
	c_close(c);

	out = org_list(f);
	assert_non_null(strstr(out, SIRET_FELLETIN "\tcommune\t23079\t23\ten attente de validation"));
	free(out);
	/* Pending: the new account may already log in, and is told it awaits validation. */
	login_home(f, "cbesson", "cbesson (Collectivité)", true);
	{
		const char *argv[] = { "org", "validate", "--data", f->s.data, "--siret",
		                       SIRET_FELLETIN, NULL };

		out = recond_out(f, argv, 0);
		assert_non_null(strstr(out, "validée"));
		free(out);
	}
	out = org_list(f);
	assert_non_null(strstr(out, SIRET_FELLETIN "\tcommune\t23079\t23\tvalidée"));
	free(out);
	login_home(f, "cbesson", "cbesson (Collectivité)", false);
}

static void test_duplicate_siret(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = wizard(f);

	/*
	 * The demonstration data already holds the Mairie de Felletin (SIRET
	 * 21230790400012): refused at the SIRET step, without a word about who
	 * is registered or how to reach them.
	 */
	pick_kind(c, 0);
	F_WAIT(c, "étape 2 sur 8");
	assert_int_equal(c_send(c, "21230790400012"), 0);
	F_WAIT(c, "Cette organisation est déjà inscrite");
	F_WAIT(c, "équipe du programme");
	assert_false(c_screen_contains(c, "étape 3 sur 8"));
	assert_false(c_screen_contains(c, "validée"));
	/* Another establishment of the same SIREN: one registration per collectivité. */
	assert_int_equal(c_send(c, "\025" "21230790400020"), 0);
	F_WAIT(c, "Un autre établissement de cette organisation");
	assert_false(c_screen_contains(c, "étape 3 sur 8"));
	/* A message of several lines is wrapped whole above the key line, which stays. */
	F_WAIT(c, "l'organisation existante.");
	{
		int rows, cols;

		c_screen_size(c, &cols, &rows);
		assert_non_null(strstr(c_screen_text(c, rows - 1), "F1/^G Aide"));
	}
	c_close(c);
}

static void test_france_services(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = wizard(f);
	char *out;

	pick_kind(c, 8);
	F_WAIT(c, "Structure porteuse France Services");
	assert_int_equal(c_send(c, SIRET_FS), 0);
	F_WAIT(c, "étape 3 sur 8");
	assert_int_equal(c_send(c, "aubusson"), 0);
	F_WAIT(c, "Aubusson (23008) — 23200");
	assert_int_equal(c_send(c, K_DOWN), 0);
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, "Commune du siège : Aubusson (23008)");
	assert_int_equal(c_send(c, "France services Aubusson" K_ENTER), 0);
	/*
	 * The name typed decides nothing: the register's spaces around Aubusson
	 * are offered; nothing picked, eligibility is to be checked.
	 */
	F_WAIT(c, "espaces France Services portés");
	F_WAIT(c, "[ ] France services Aubusson — Aubusson, 0 km");
	F_WAIT(c, "Esplanade Charles de Gaulle");
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, "Éligibilité : à vérifier");
	F_WAIT(c, "choisissez celui (ou ceux)");
	/* Back to the pick: the space it carries, ticked, is the evidence of « éligible ». */
	assert_int_equal(c_send(c, K_ESC), 0);
	F_WAIT(c, "[ ] France services Aubusson");
	assert_int_equal(c_send(c, " "), 0);
	F_WAIT(c, "[x] France services Aubusson");
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, "Éligibilité : éligible");
	F_WAIT(c, "(n° 755, Esplanade Charles de Gaulle");
	assert_int_equal(c_send(c, K_ENTER), 0);
	contact_and_account(c, "fs-aubusson");
	F_WAIT(c, "Espaces portés : France services Aubusson");
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, T_DONE);
	c_close(c);
	out = org_list(f);
	assert_non_null(strstr(out, SIRET_FS "\tfrance_services\t23008\t23\t"
	                                     "en attente de validation\tFrance services Aubusson"));
	free(out);
	login_home(f, "fs-aubusson", "fs-aubusson (France Services)", true);
}

static void test_association_refused(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = wizard(f);
	char *before = org_list(f), *after;
	int status = -1;

	pick_kind(c, 9);
	F_WAIT(c, "n'est pas éligible");
	F_WAIT(c, "Adressez-vous à votre");
	F_WAIT(c, "elle peut commander le matériel");
	F_WAIT(c, "Aucun compte n'est créé");
	/* Nothing to go on with: Enter does nothing, F10 leaves. */
	assert_int_equal(c_send(c, K_ENTER), 0);
	assert_int_equal(c_send(c, K_F10), 0);
	assert_true(c_wait_closed(c, C_DEADLINE_MS, &status));
	assert_int_equal(status, 0);
	c_close(c);
	after = org_list(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_none_refused_for_others(void **state)
{
	static const char *const others[] = { F_ALICE, F_BOB, "demo-felletin", "nosuch",
	                                      "Inscription", "inscription2" };
	struct fixture *f = *state;
	struct c_conn *c;
	char *out = NULL, *err = NULL;
	int status = -1;

	for (size_t i = 0; i < ARRAY_LEN(others); i++) {
		int answer = -1;

		c = none_login(f->s.port, others[i], &answer);
		if (c != NULL)
			fail_msg("none accepted for %s", others[i]);
		assert_int_not_equal(answer, SSH_AUTH_SUCCESS);
	}
	/* Password and key are not ways into the sign-up login. */
	assert_null(c_login(f->s.port, SIGNUP_LOGIN, "inscription", NULL));
	/* The sign-up login runs no command. */
	c = none_login(f->s.port, SIGNUP_LOGIN, NULL);
	assert_non_null(c);
	assert_int_equal(c_exec(c, "whoami", &out, &err, &status, C_DEADLINE_MS), 0);
	assert_int_equal(status, 1);
	assert_non_null(strstr(err, "dans le terminal"));
	assert_string_equal(out, "");
	free(out);
	free(err);
	c_close(c);
	/* Other logins still log in as before. */
	c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	assert_non_null(c);
	c_close(c);
}

/* A server of our own with extra serve options, demo data loaded. */
static int own_server(struct h_server *s, const char *const *args)
{
	const char *argv[] = { "demo", "--data", NULL, NULL };
	int status = -1;

	if (c_global_init() != 0 || h_server_init(s) != 0)
		return -1;
	argv[2] = s->data;
	if (h_recond(s, argv, NULL, NULL, NULL, &status) != 0 || status != 0)
		return -1;
	s->serve_args = args;
	return h_server_start(s);
}

static void test_signup_disabled(void **state)
{
	static const char *const args[] = { "--signup-login", "", NULL };
	struct h_server s;
	int answer = -1;

	(void)state;
	assert_int_equal(own_server(&s, args), 0);
	assert_null(none_login(s.port, SIGNUP_LOGIN, &answer));
	assert_int_not_equal(answer, SSH_AUTH_SUCCESS);
	assert_int_equal(h_server_cleanup(&s, false), 0);
}

static void test_rate_limit(void **state)
{
	static const char *const args[] = { "--signup-max", "2", "--signup-window", "600", NULL };
	struct h_server s;
	struct c_conn *c[3];
	int status = -1;

	(void)state;
	assert_int_equal(own_server(&s, args), 0);
	/* Three sign-ups from one address at once: the listener answers each in turn. */
	for (int i = 0; i < 3; i++) {
		c[i] = none_login(s.port, SIGNUP_LOGIN, NULL);
		assert_non_null(c[i]);
	}
	for (int i = 0; i < 3; i++)
		assert_int_equal(c_shell(c[i], "xterm-256color", 80, 24), 0);
	F_WAIT(c[0], T_WIZARD);
	F_WAIT(c[1], T_WIZARD);
	F_WAIT(c[2], "trop d'inscriptions");
	assert_true(c_wait_closed(c[2], C_DEADLINE_MS, &status));
	assert_int_equal(status, 1);
	for (int i = 0; i < 3; i++)
		c_close(c[i]);
	/* Closing them gives nothing back within the window. */
	c[0] = none_login(s.port, SIGNUP_LOGIN, NULL);
	assert_non_null(c[0]);
	assert_int_equal(c_shell(c[0], "xterm-256color", 80, 24), 0);
	F_WAIT(c[0], "trop d'inscriptions");
	/* In lines that fit 80 columns: nothing is cut, no word left alone on a line. */
	F_WAIT(c[0], "Réessayez dans quelques minutes ; si le problème persiste, écrivez à");
	F_WAIT(c[0], "l'équipe du programme.");
	c_close(c[0]);
	/* Accounts are not affected by the sign-up limit. */
	c[0] = c_login(s.port, "demo-felletin", "demo-felletin-23", NULL);
	assert_non_null(c[0]);
	c_close(c[0]);
	assert_int_equal(h_server_cleanup(&s, false), 0);
}

static void test_control_characters_in_names(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = wizard(f);
	char *out;

	pick_kind(c, 0);
	F_WAIT(c, "étape 2 sur 8");
	assert_int_equal(c_send(c, SIRET_FELLETIN), 0);
	F_WAIT(c, "étape 3 sur 8");
	assert_int_equal(c_send(c, "felletin" K_ENTER), 0);
	F_WAIT(c, "étape 4 sur 8");
	/*
	 * Erase the proposed name, then type one with 7-bit CSI and OSC sequences
	 * (dropped whole) and C1 CSI, OSC and ST (refused by the field) in it.
	 */
	assert_int_equal(c_send_n(c, "\x15", 1), 0);
	assert_int_equal(c_send(c, "Mairie \033[31m\xc2\x9b" "31m de \033]0;pirate\a\xc2\x9d"
	                           "0;titre\xc2\x9c Felletin"), 0);
	F_WAIT(c, "Mairie 31m de 0;titre Felletin");
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, "Éligibilité : éligible");
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, "étape 6 sur 8");
	/* The contact's name: a bidirectional override is refused as typed, never echoed… */
	assert_int_equal(c_send(c, "Claire \xe2\x80\xae" "Besson"), 0);
	F_WAIT(c, "Claire Besson");
	/* … and C1 controls never enter the field either. */
	assert_int_equal(c_send_n(c, "\x15", 1), 0);
	assert_int_equal(c_send(c, "Claire \xc2\x9b" "2JBesson" K_TAB
	                           "Secrétaire" K_TAB "mairie@felletin.example" K_TAB
	                           "0536490001" K_ENTER), 0);
	F_WAIT(c, "étape 7 sur 8");
	assert_int_equal(c_send(c, "cbesson" K_TAB NEW_PASS K_TAB NEW_PASS K_TAB K_ENTER), 0);
	F_WAIT(c, "étape 8 sur 8");
	assert_int_equal(c_send(c, K_ENTER), 0);
	F_WAIT(c, T_DONE);
	c_close(c);
	/* `org list` would show U+FFFD for any control character stored: there is none. */
	out = org_list(f);
	assert_non_null(strstr(out, "\tMairie 31m de 0;titre Felletin\tClaire 2JBesson <"));
	assert_null(strstr(out, "\xef\xbf\xbd"));
	free(out);
}

/* The session process trusts only well-formed identity lines. */
static void test_identity_lines(void **state)
{
	static const char *const bad[] = {
		"signup inscription 0 127.0.0.1\n", "signup Inscription 2222 127.0.0.1\n",
		"signup inscription 2222 host;rm\n", "signup inscription 2222\n",
		"signup inscription 2222 127.0.0.1 extra\n", "signup inscription 2222 127.0.0.1",
		"signup\n", "0\n", "-1\n", "12a\n",
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const char *argv[] = { "session", "--data", f->s.data, "--identity-fd", "0", NULL };
		char *out = NULL, *err = NULL;
		int status = -1;

		assert_int_equal(h_recond(&f->s, argv, bad[i], &out, &err, &status), 0);
		if (status != 1 || strstr(err, "identité illisible") == NULL)
			fail_msg("identity « %s » gave status %d: %s", bad[i], status, err);
		free(out);
		free(err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_eligible_commune, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_siret, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_france_services, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_association_refused, f_setup, f_teardown),
		cmocka_unit_test_setup_teardown(test_none_refused_for_others, f_setup, f_teardown),
		cmocka_unit_test(test_signup_disabled),
		cmocka_unit_test(test_rate_limit),
		cmocka_unit_test_setup_teardown(test_control_characters_in_names, f_setup,
		                                f_teardown),
		cmocka_unit_test_setup_teardown(test_identity_lines, f_setup, f_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
