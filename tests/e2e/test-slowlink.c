/*
 * test-slowlink.c — end to end over a slow link: the SSH client reaches the
 * server through the relay of slowlink.h, 600 ms each way (1.2 s round
 * trip). A collectivité types a whole pre-order ahead of the screen and
 * every figure and every character of the motivation arrives, in order; the
 * bytes of arrow keys, function keys and UTF-8 characters reaching the
 * server apart (each in its own SSH packet, the link cut into 1-byte
 * pieces) are still read as those keys and characters; the bytes the
 * server sent for the typed-ahead journey are printed, over the slow link
 * and directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/money.h"
#include "core/preorder.h"
#include "core/settings.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/e2e/fixture.h"
#include "tests/e2e/slowlink.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define T_PREORDER "Mon intention de commande"
#define KU "\025"          /* ^U: empties the field (demo data pre-fills some) */
#define ONE_WAY_MS 600
#define SEED 20260401u
/* One screen through the slow link, in a sanitizer build on a loaded machine. */
#define SL_DEADLINE_MS 40000

/* 150 characters, accents, « », € and an apostrophe. */
#define MOTIV "Élus, secrétaire de mairie et conseillère numérique : « à Felletin, " \
	"l'accès aux démarches coûte 15 € de trajet ». Ça doit changer, déjà en 2025. Merci."

struct slow {
	struct fixture *f;
	struct slowlink *l;    /* NULL in the direct test */
};

#define SL_WAIT(c, text) \
	do { \
		if (!c_wait_for_text((c), (text), SL_DEADLINE_MS)) { \
			c_screen_print((c), (text)); \
			fail_msg("« %s » never appeared", (text)); \
		} \
	} while (0)

static int setup_common(void **state, bool relay)
{
	struct slow *t = xcalloc(1, sizeof *t);
	void *fs = NULL;
	struct slowlink_cfg cfg = {
		.dir = { [SLOWLINK_UP] = { .delay_ms = ONE_WAY_MS },
		         [SLOWLINK_DOWN] = { .delay_ms = ONE_WAY_MS } },
		.seed = SEED,
		.lifetime_ms = 150000,
	};

	if (f_setup(&fs) != 0) {
		free(t);
		return -1;
	}
	/* `recond init` opened the pre-order window and imported the ZRR list. */
	t->f = fs;
	if (relay) {
		if ((t->l = slowlink_start(t->f->s.port, &cfg)) == NULL)
			goto bad;
		printf("# slow link: 127.0.0.1:%d → 127.0.0.1:%d, %d ms each way, seed %u\n",
		       slowlink_port(t->l), t->f->s.port, ONE_WAY_MS, SEED);
	}
	*state = t;
	return 0;
bad:
	fs = t->f;
	f_teardown(&fs);
	free(t);
	return -1;
}

static int setup_slow(void **state)
{
	return setup_common(state, true);
}

static int setup_direct(void **state)
{
	return setup_common(state, false);
}

static int teardown_slow(void **state)
{
	struct slow *t = *state;
	void *fs;
	int rc = 0;

	if (t == NULL)
		return 0;
	if (slowlink_stop(t->l) != 0)
		rc = -1;
	fs = t->f;
	if (f_teardown(&fs) != 0)
		rc = -1;
	free(t);
	*state = NULL;
	return rc;
}

/* alice's home screen, through the relay if there is one; NULL on failure. */
static struct c_conn *slow_home(struct slow *t)
{
	int port = t->l != NULL ? slowlink_port(t->l) : t->f->s.port;
	struct c_conn *c = c_login(port, F_ALICE, F_PASS, NULL);
	char *title = f_title(F_ORG, F_ALICE, F_ALICE_ROLE);

	if (c == NULL)
		goto out;
	if (c_shell(c, "xterm-256color", 80, 24) != 0 ||
	    !c_wait_for_text(c, title, SL_DEADLINE_MS) ||
	    !c_wait_for_text(c, T_MENU_QUIT, SL_DEADLINE_MS) ||
	    !c_wait_for_text(c, T_HELP_HOME, SL_DEADLINE_MS)) {
		c_screen_print(c, "home");
		c_close(c);
		c = NULL;
	}
out:
	free(title);
	return c;
}

static struct c_conn *slow_form(struct slow *t)
{
	struct c_conn *c = slow_home(t);

	if (c == NULL)
		return NULL;
	if (!f_menu_pick(c, T_PREORDER) || !c_wait_for_text(c, "page 1/3", SL_DEADLINE_MS) ||
	    !c_wait_for_text(c, "Total estimé", SL_DEADLINE_MS)) {
		c_screen_print(c, "form");
		c_close(c);
		return NULL;
	}
	return c;
}

/* Length of the UTF-8 character s starts with (1 for a byte that starts none). */
static size_t char_bytes(const char *s)
{
	unsigned char b = (unsigned char)*s;
	size_t n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;

	for (size_t i = 1; i < n; i++)
		if (s[i] == '\0')
			return i;
	return n;
}

/* Types text one character per write, as a typist's terminal does; no waiting. */
static void type_chars(struct c_conn *c, const char *s)
{
	while (*s != '\0') {
		size_t n = char_bytes(s);

		assert_int_equal(c_send_n(c, s, n), 0);
		s += n;
	}
}

static void key(struct c_conn *c, const char *k)
{
	assert_int_equal(c_send(c, k), 0);
}

/*
 * From the home screen: opens the form, then sends the whole pre-order
 * (quantities, staff counts, the motivation, submit, confirm) without
 * waiting for the screen between keys; waits for « déposée » and checks
 * the store. Prints the bytes the server sent, as `label`.
 */
static void type_ahead_journey(struct slow *t, const char *label)
{
	struct c_conn *c = slow_form(t);
	struct preorder *po = xcalloc(1, sizeof *po);
	struct slowlink_stats st0 = { 0 }, st1 = { 0 };
	int64_t t0, t1;
	uint64_t bytes;

	assert_non_null(c);
	if (t->l != NULL)
		slowlink_stats(t->l, &st0);
	t0 = h_now_ms();
	/* Page 1: PC fixes, PC portables, tablettes, smartphones; three staff counts. */
	key(c, KU);
	type_chars(c, "6\t");
	key(c, KU);
	type_chars(c, "10\t");
	key(c, KU);
	type_chars(c, "2\t");
	key(c, KU);
	type_chars(c, "5\t");
	key(c, KU);
	type_chars(c, "3\t");
	key(c, KU);
	type_chars(c, "1\t");
	key(c, KU);
	type_chars(c, "2\t");
	key(c, K_F6);            /* page 2: partners, none */
	key(c, K_F6);            /* page 3: the motivation */
	type_chars(c, MOTIV);
	key(c, K_F5);            /* submit… */
	type_chars(c, "o");      /* …and confirm */
	t1 = h_now_ms();
	SL_WAIT(c, "déposée le");
	bytes = c_bytes_received(c);
	printf("# %s: all keys written in %lld ms, « déposée » %lld ms after the first key\n",
	       label, (long long)(t1 - t0), (long long)(h_now_ms() - t0));
	printf("# %s: login → submitted, %llu bytes sent by the server on the session channel "
	       "(80x24, xterm-256color)\n", label, (unsigned long long)bytes);
	if (t->l != NULL) {
		slowlink_stats(t->l, &st1);
		printf("# %s: TCP bytes through the relay, connection start → submitted: "
		       "server → client %llu, client → server %llu (typed-ahead part: %llu and %llu)\n",
		       label, (unsigned long long)st1.delivered[SLOWLINK_DOWN],
		       (unsigned long long)st1.delivered[SLOWLINK_UP],
		       (unsigned long long)(st1.delivered[SLOWLINK_DOWN] - st0.delivered[SLOWLINK_DOWN]),
		       (unsigned long long)(st1.delivered[SLOWLINK_UP] - st0.delivered[SLOWLINK_UP]));
	}
	c_close(c);

	f_expect_journey(t->f, MOTIV, po);
	assert_int_equal(po->staff_cnfs, 3);
	assert_int_equal(po->staff_mediateurs, 1);
	assert_int_equal(po->staff_aidants, 2);
	free(po);
}

/* 1 and 3: a fast typist ahead of a 600 ms link; the bytes of the journey. */
static void test_type_ahead(void **state)
{
	struct slow *t = *state;
	/*
	 * The way up cut into pieces of 1 to 3 bytes, 0 to 2 ms apart: the keys
	 * trickle in over seconds, while the server paints and saves.
	 */
	struct slowlink_dir cut = { .delay_ms = ONE_WAY_MS, .piece_min = 1, .piece_max = 3,
		                    .gap_min_ms = 0, .gap_max_ms = 2 };

	assert_int_equal(slowlink_set(t->l, SLOWLINK_UP, &cut), 0);
	type_ahead_journey(t, "slow link (600 ms each way, 1-3 byte pieces up)");
}

/* 3: the same journey without the relay, for comparison. */
static void test_type_ahead_direct(void **state)
{
	struct slow *t = *state;

	type_ahead_journey(t, "direct");
}

/*
 * Sends bytes one per SSH packet: each write waits until the relay has
 * read the one before, so no two travel in one packet.
 */
static void send_apart(struct slow *t, struct c_conn *c, const char *bytes)
{
	for (const char *p = bytes; *p != '\0'; p++) {
		struct slowlink_stats st;
		uint64_t before;
		int64_t end = h_now_ms() + SL_DEADLINE_MS;

		slowlink_stats(t->l, &st);
		before = st.chunks[SLOWLINK_UP];
		assert_int_equal(c_send_n(c, p, 1), 0);
		for (;;) {
			slowlink_stats(t->l, &st);
			if (st.chunks[SLOWLINK_UP] > before)
				break;
			if (h_now_ms() >= end)
				fail_msg("the relay never read byte %zu of the keys", (size_t)(p - bytes));
			c_pump(c, 5);
		}
	}
}

/*
 * Sends bytes apart (send_apart), waits until the relay has delivered them
 * all, and prints how far apart their packets reached the server.
 */
static void send_apart_timed(struct slow *t, struct c_conn *c, const char *bytes,
                             const char *what)
{
	int64_t at[SLOWLINK_TRACE], end = h_now_ms() + SL_DEADLINE_MS, lo = -1, hi = -1, sum = 0;
	struct slowlink_stats st;
	uint64_t first;
	int n;

	slowlink_stats(t->l, &st);
	first = st.chunks[SLOWLINK_UP];
	send_apart(t, c, bytes);
	for (;;) {
		slowlink_stats(t->l, &st);
		n = slowlink_delivered_at(t->l, SLOWLINK_UP, first, at, SLOWLINK_TRACE);
		if ((uint64_t)n >= st.chunks[SLOWLINK_UP] - first)
			break;
		if (h_now_ms() >= end)
			fail_msg("the relay did not deliver the keys");
		c_pump(c, 20);
	}
	for (int i = 1; i < n; i++) {
		int64_t g = at[i] - at[i - 1];

		lo = lo < 0 || g < lo ? g : lo;
		hi = g > hi ? g : hi;
		sum += g;
	}
	if (n > 1)
		printf("# split %s: %d packets reached the server %lld to %lld ms apart "
		       "(mean %lld ms)\n", what, n, (long long)lo, (long long)hi,
		       (long long)(sum / (n - 1)));
}

/*
 * 2: each byte of a key in its own SSH packet, the link cut into 1-byte
 * pieces a few ms apart, so that the packets reach the server about 100 to
 * 200 ms apart: arrows and F-keys (SS3 and CSI forms) are keys, never Esc
 * and letters; é and € arrive whole; a lone Esc is still « back ».
 */
static void test_split_pieces(void **state)
{
	struct slow *t = *state;
	struct c_conn *c = slow_form(t);
	struct preorder *po = xcalloc(1, sizeof *po);
	struct slowlink_dir cut = { .delay_ms = ONE_WAY_MS, .piece_min = 1, .piece_max = 1,
		                    .gap_min_ms = 1, .gap_max_ms = 6 };
	int row;

	assert_non_null(c);
	assert_int_equal(slowlink_set(t->l, SLOWLINK_UP, &cut), 0);
	/* PC fixe emptied, PC portable 4; an arrow up (ESC O A), then 5 into PC fixe. */
	send_apart_timed(t, c, KU "\t" KU "4" K_UP "5", "digits and ESC O A");
	/* F2 (ESC O Q): the draft saved, the form still up. */
	send_apart_timed(t, c, K_F2, "ESC O Q");
	SL_WAIT(c, "Brouillon enregistré");
	assert_true(c_screen_find(c, "PC portable", &row, NULL));
	assert_null(strstr(c_screen_text(c, row), "OA"));
	assert_true(c_screen_contains(c, "page 1/3"));
	/* F6 twice (ESC [ 1 7 ~): pages 2 and 3. */
	send_apart_timed(t, c, K_F6, "ESC [ 1 7 ~");
	SL_WAIT(c, "page 2/3");
	send_apart(t, c, K_F6);
	SL_WAIT(c, "page 3/3");
	/* Text with é and €, byte by byte; Home (ESC O H), End (ESC [ F), left (ESC [ D). */
	send_apart_timed(t, c, "ût 12 € été", "UTF-8 text");
	send_apart_timed(t, c, K_HOME "Co" "\033[F" "s" "\033[D" "\033[D" "ok ", "Home, End, left");
	send_apart(t, c, K_F2);
	SL_WAIT(c, "Brouillon enregistré");
	SL_WAIT(c, "Coût 12 € étok és");
	assert_false(c_screen_contains(c, "séquence d'échappement ignorée"));
	assert_int_equal(f_last_preorder(t->f, po), 1);
	assert_int_equal(po->qty[LOT_PC_FIXE], 5);
	assert_int_equal(po->qty[LOT_PC_PORTABLE], 4);
	assert_string_equal(po->motivation, "Coût 12 € étok és");
	/* A lone Esc, still cut: back home. */
	send_apart(t, c, K_ESC);
	SL_WAIT(c, T_HELP_HOME);
	assert_false(c_screen_contains(c, "page 3/3"));
	c_close(c);
	free(po);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_type_ahead, setup_slow, teardown_slow),
		cmocka_unit_test_setup_teardown(test_split_pieces, setup_slow, teardown_slow),
		cmocka_unit_test_setup_teardown(test_type_ahead_direct, setup_direct, teardown_slow),
	};

	if (c_global_init() != 0)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
