/*
 * fixture.c — the shared setup of the end-to-end test programs: a server
 * with two accounts per test, and the steps every test takes (see
 * fixture.h).
 */
#include "tests/e2e/fixture.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

#include "core/core.h"
#include "core/money.h"
#include "core/preorder.h"
#include "core/settings.h"
#include "core/uc-account.h"
#include "core/uc-session.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

int f_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	if (c_global_init() != 0 || h_server_init(&f->s) != 0)
		goto fail;
	if (h_keygen(f->s.root, "bob_ed25519", &f->priv, &f->pub) != 0)
		goto fail;
	{
		const char *argv[] = { "demo", "--data", f->s.data, NULL };
		int status = -1;

		if (h_recond(&f->s, argv, NULL, NULL, NULL, &status) != 0 || status != 0) {
			fprintf(stderr, "e2e: recond demo failed (%d)\n", status);
			goto fail;
		}
	}
	if (h_user_add(&f->s, F_ALICE, "collectivite", F_ORG, F_PASS, NULL) != 0 ||
	    h_user_add(&f->s, F_BOB, "prefecture", F_ORG_BOB, NULL, f->pub) != 0)
		goto fail;
	if (h_server_start(&f->s) != 0)
		goto fail;
	*state = f;
	return 0;
fail:
	h_server_cleanup(&f->s, false);
	free(f->priv);
	free(f->pub);
	free(f);
	return -1;
}

int f_teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	if (f == NULL)
		return 0;
	rc = h_server_cleanup(&f->s, false);
	free(f->priv);
	free(f->pub);
	free(f);
	*state = NULL;
	return rc;
}

char *f_title(const char *org, const char *login, const char *role_label)
{
	return xasprintf("recond — %s — %s (%s)", org, login, role_label);
}

struct c_conn *f_home(struct fixture *f, const char *login, const char *password,
                      const char *priv, const char *term, int cols, int rows)
{
	struct c_conn *c = c_login(f->s.port, login, password, priv);
	char *title = NULL;
	const char *org = strcmp(login, F_BOB) == 0 ? F_ORG_BOB : F_ORG;
	const char *role = strcmp(login, F_BOB) == 0 ? F_BOB_ROLE : F_ALICE_ROLE;

	if (c == NULL)
		return NULL;
	if (c_shell(c, term, cols, rows) != 0)
		goto fail;
	/* Other logins: their own name in the title is enough. */
	title = strcmp(login, F_BOB) == 0 || strcmp(login, F_ALICE) == 0
	        ? f_title(org, login, role) : xasprintf("— %s (", login);
	/* The help line is painted last: once it is there, the screen is whole. */
	if (!c_wait_for_text(c, title, C_DEADLINE_MS) ||
	    !c_wait_for_text(c, T_MENU_QUIT, C_DEADLINE_MS) ||
	    !c_wait_for_text(c, T_HELP_HOME, C_DEADLINE_MS)) {
		fprintf(stderr, "e2e: no home screen « %s » for TERM=%s %dx%d\n", title, term,
		        cols, rows);
		c_screen_print(c, "home");
		goto fail;
	}
	free(title);
	return c;
fail:
	free(title);
	c_close(c);
	return NULL;
}

struct c_conn *f_alice(struct fixture *f)
{
	return f_home(f, F_ALICE, F_PASS, NULL, "xterm-256color", 80, 24);
}

struct c_conn *f_bob(struct fixture *f)
{
	return f_home(f, F_BOB, NULL, f->priv, "xterm-256color", 80, 24);
}

struct c_conn *f_direct(struct fixture *f, const char *login, int cols, int rows)
{
	return f_direct_until(f, login, cols, rows, T_HELP_HOME);
}

struct c_conn *f_direct_until(struct fixture *f, const char *login, int cols, int rows,
                              const char *first)
{
	struct store *st = NULL;
	struct account a;
	struct c_conn *c = NULL;
	char *why = NULL, id[32];

	memset(&a, 0, sizeof a);
	if (uc_store_open(f->s.data, &st, &why) != RC_OK ||
	    account_for_login(st, login, &a) != RC_OK) {
		fprintf(stderr, "e2e: account %s: %s\n", login, why != NULL ? why : "not found");
		goto out;
	}
	snprintf(id, sizeof id, "%llu\n", (unsigned long long)a.id);
	c = c_direct(f->s.bin, f->s.data, id, "xterm-256color", cols, rows);
	if (c != NULL && !c_wait_for_text(c, first, C_DEADLINE_MS)) {
		c_screen_print(c, "direct session: its first screen never showed");
		c_close(c);
		c = NULL;
	}
out:
	account_clear(&a);
	uc_store_close(st);
	free(why);
	return c;
}

/* Row of the selection marker, and whether it sits on `label`. */
static int selected_row(struct c_conn *c, const char *label, bool *on_label)
{
	static const char *const markers[] = { "▸ ", "> " };
	int cols, rows;

	c_screen_size(c, &cols, &rows);
	*on_label = false;
	for (int r = 0; r < rows; r++) {
		const char *line = c_screen_text(c, r);

		for (size_t m = 0; m < ARRAY_LEN(markers); m++) {
			const char *hit = strstr(line, markers[m]);

			if (hit != NULL) {
				*on_label = strncmp(hit + strlen(markers[m]), label,
				                    strlen(label)) == 0;
				return r;
			}
		}
	}
	return -1;
}

/* The selection as "row:text of its line" (fresh), or NULL when none shows. */
static char *selection(struct c_conn *c)
{
	bool on;
	int r = selected_row(c, "", &on);

	return r < 0 ? NULL : xasprintf("%d:%s", r, c_screen_text(c, r));
}

/*
 * Moves one step and waits until the selection shows somewhere else than
 * `before` (the row, or the text on it when a list scrolls under a fixed
 * marker): any other change of the screen is not the answer to the key.
 */
static bool step(struct c_conn *c, const char *key, const char *before)
{
	int64_t end = h_now_ms() + C_DEADLINE_MS;

	if (c_send(c, key) != 0)
		return false;
	while (h_now_ms() < end) {
		char *now = selection(c);
		bool moved = now != NULL && strcmp(now, before) != 0;

		free(now);
		if (moved)
			return true;
		if (c_pump(c, 100) < 0)
			return false;
	}
	return false;
}

/*
 * Waits until `label` shows on a row above the last one: the help line
 * (last row) also names keys such as « Quitter », and finding the label
 * there only means that the menu is not painted yet (or that another
 * screen is still up).
 */
static bool wait_menu_label(struct c_conn *c, const char *label, int64_t end)
{
	int cols, rows, row = -1;

	for (;;) {
		c_screen_size(c, &cols, &rows);
		if (c_screen_find(c, label, &row, NULL) && row < rows - 1)
			return true;
		if (h_now_ms() >= end)
			break;
		if (c_pump(c, 100) < 0)
			break;
	}
	c_screen_print(c, label);
	return false;
}

bool f_menu_pick(struct c_conn *c, const char *label)
{
	return f_menu_pick_keys(c, label, K_DOWN, K_UP, K_ENTER);
}

bool f_menu_pick_keys(struct c_conn *c, const char *label, const char *down, const char *up,
                      const char *enter)
{
	int64_t end = h_now_ms() + C_DEADLINE_MS;
	char *sel = NULL;
	int target, row;
	bool on;

	if (!wait_menu_label(c, label, end))
		return false;
	for (int steps = 0; steps < 64; steps++) {
		/* A paint may be under way: wait for the marker to show. */
		while ((sel = selection(c)) == NULL && h_now_ms() < end)
			c_pump(c, 100);
		if (sel == NULL) {
			c_screen_print(c, "menu: no selection marker");
			return false;
		}
		row = selected_row(c, label, &on);
		if (on) {
			free(sel);
			return c_send(c, enter) == 0;
		}
		/* The rows below the marker may not be painted yet. */
		while (!c_screen_find(c, label, &target, NULL) && h_now_ms() < end) {
			c_pump(c, 100);
			row = selected_row(c, label, &on);
		}
		if (on) {
			free(sel);
			return c_send(c, enter) == 0;
		}
		if (!c_screen_find(c, label, &target, NULL)) {
			c_screen_print(c, label);
			free(sel);
			return false;
		}
		if (!step(c, target > row ? down : up, sel)) {
			c_screen_print(c, "menu: the selection did not move");
			free(sel);
			return false;
		}
		free(sel);
	}
	c_screen_print(c, "menu: label never selected");
	return false;
}

/* Keeps the last pre-order seen and counts them. */
struct last_ctx {
	struct preorder *out;
	int n;
};

static int f_last_one(const struct preorder *po, void *ctx)
{
	struct last_ctx *l = ctx;

	*l->out = *po;
	l->n++;
	return 0;
}

int f_last_preorder(struct fixture *f, struct preorder *out)
{
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct last_ctx l = { out, 0 };
	struct org o;
	char *why = NULL;

	if (store_open(f->s.data, &st, &why) != RC_OK || store_begin(st, false, &txn) != RC_OK ||
	    db_org_by_name(txn, F_ORG, &o) != RC_OK ||
	    db_preorder_each_by_org(txn, o.id, f_last_one, &l) != RC_OK)
		l.n = -1;
	store_abort(txn);
	store_close(st);
	free(why);
	return l.n;
}

int f_log_count(struct fixture *f, const char *needle)
{
	char *log = h_server_log(&f->s);
	int n = 0;

	for (const char *p = log; p != NULL && (p = strstr(p, needle)) != NULL; p++)
		n++;
	free(log);
	return n;
}

bool f_log_wait(struct fixture *f, const char *needle, int count, int deadline_ms)
{
	int64_t end = h_now_ms() + deadline_ms;

	while (h_now_ms() < end) {
		if (f_log_count(f, needle) >= count)
			return true;
		poll(NULL, 0, 20);
	}
	fprintf(stderr, "e2e: « %s » not seen %d time(s) in the server log\n", needle, count);
	h_server_print_log(&f->s);
	return false;
}

cents_t f_journey_total(void)
{
	struct settings s;
	static const uint32_t q[LOT_COUNT] = { 6, 10, 2, 5 };
	cents_t t = 0, l;

	settings_defaults(&s);
	for (int i = 0; i < LOT_COUNT; i++) {
		assert_true(cents_mul(s.lots[i].unit_price, q[i], &l));
		assert_true(cents_add(t, l, &t));
	}
	return t;
}

void f_expect_journey(struct fixture *f, const char *motivation, struct preorder *po)
{
	assert_int_equal(f_last_preorder(f, po), 1);
	assert_int_equal(po->state, PO_DEPOSEE);
	assert_int_equal(po->qty[LOT_PC_FIXE], 6);
	assert_int_equal(po->qty[LOT_PC_PORTABLE], 10);
	assert_int_equal(po->qty[LOT_TABLETTE], 2);
	assert_int_equal(po->qty[LOT_SMARTPHONE], 5);
	assert_int_equal(po->estimated, f_journey_total());
	assert_string_equal(po->motivation, motivation);
}
