/*
 * fixture.h — what the end-to-end test programs share: a server with two
 * accounts, started for each test and stopped after it, and a few steps
 * every test takes (open a shell and wait for the home screen, pick a menu
 * entry). Built on harness.h (server side) and client.h (client side).
 *
 * f_setup loads the demonstration organisations (`recond demo`), then adds:
 *   F_ALICE: role collectivite, organisation F_ORG, password F_PASS
 *   F_BOB:   role prefecture, organisation F_ORG_BOB, public key only (f->priv)
 */
#ifndef RECOND_E2E_FIXTURE_H
#define RECOND_E2E_FIXTURE_H

#include <stdbool.h>

#include "core/money.h"
#include "tests/e2e/client.h"
#include "tests/e2e/harness.h"

#define F_ALICE "alice"
#define F_PASS "Motdepasse-2024"
#define F_ORG "Mairie de Felletin"          /* from `recond demo` */
#define F_ALICE_ROLE "Collectivité"
#define F_BOB "bob"
#define F_ORG_BOB "Préfecture de la Creuse"   /* from `recond demo` */
#define F_BOB_ROLE "Préfecture"

/* Texts of the screens (tui/), in one place. */
#define T_MENU_ACCOUNT "Mon compte"
#define T_MENU_FAQ "Questions fréquentes"
#define T_MENU_QUIT "Quitter"
#define T_MENU_QUEUE "Dossiers à instruire"            /* first for a préfecture */
#define T_MENU_PROG "Programmation de l'enveloppe"
#define T_TOO_SMALL "trop petite"
#define T_HELP_HOME "Entrée Ouvrir"      /* on the home screen's help line */

struct fixture {
	struct h_server s;
	char *priv;       /* F_BOB's private key file */
	char *pub;        /* F_BOB's public key file */
};

/*
 * cmocka group/test setup and teardown: *state becomes a struct fixture
 * with the server running; teardown stops it by PID (failing the test if it
 * would not stop or left a sanitizer report) and removes everything.
 */
int f_setup(void **state);
int f_teardown(void **state);

/* The home screen's title line for an account: « recond — ORG — LOGIN (RÔLE) ». */
char *f_title(const char *org, const char *login, const char *role_label);

/*
 * Logs in (key if priv, else password), opens a shell with term and size,
 * and waits for the home screen (the login's title line). NULL on failure,
 * after printing the screen.
 */
struct c_conn *f_home(struct fixture *f, const char *login, const char *password,
                      const char *priv, const char *term, int cols, int rows);
/* f_home for F_ALICE by password, or F_BOB by key, on xterm-256color 80x24. */
struct c_conn *f_alice(struct fixture *f);
struct c_conn *f_bob(struct fixture *f);

/*
 * A session of `login` without SSH (c_direct: `recond session` on a pty of
 * this process), at cols x rows with xterm-256color, waited for until its
 * home screen shows. For screen tests; NULL on failure.
 */
struct c_conn *f_direct(struct fixture *f, const char *login, int cols, int rows);
/* f_direct waiting for `first` instead of the home screen (a session that opens elsewhere). */
struct c_conn *f_direct_until(struct fixture *f, const char *login, int cols, int rows,
                              const char *first);

/*
 * On a menu or list: moves the selection (the « ▸ » marker) onto the line
 * holding `label` with the arrow keys, then presses Enter. true when done.
 */
bool f_menu_pick(struct c_conn *c, const char *label);
/* The same with the bytes a given client sends for ↓, ↑ and Enter. */
bool f_menu_pick_keys(struct c_conn *c, const char *label, const char *down, const char *up,
                      const char *enter);

struct preorder;
/*
 * Reads the pre-orders of F_ORG from the fixture's store (read-only): the
 * last one into *out. Returns how many there are, -1 if the store could not
 * be read.
 */
int f_last_preorder(struct fixture *f, struct preorder *out);

/*
 * The pre-order journeys type 6 PC fixes, 10 PC portables, 2 tablettes and
 * 5 smartphones: their total at the default prices.
 */
cents_t f_journey_total(void);
/*
 * Asserts that F_ORG has one pre-order, déposée, with the journey's
 * quantities and total and this motivation; it is left in *po for the
 * caller's own checks (staff…).
 */
void f_expect_journey(struct fixture *f, const char *motivation, struct preorder *po);

/* Occurrences of needle in the server log. */
int f_log_count(struct fixture *f, const char *needle);
/*
 * Polls the server log until needle appears count times: true, or false
 * after deadline_ms (printing the log).
 */
bool f_log_wait(struct fixture *f, const char *needle, int count, int deadline_ms);

/* Asserting helpers that print the screen before failing. */
#define F_WAIT(c, text) \
	do { \
		if (!c_wait_for_text((c), (text), C_DEADLINE_MS)) { \
			c_screen_print((c), (text)); \
			fail_msg("« %s » never appeared", (text)); \
		} \
	} while (0)

#endif
