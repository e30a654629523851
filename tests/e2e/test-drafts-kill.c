/*
 * test-drafts-kill.c — end to end: what was echoed is never lost. Over many
 * rounds, a collectivité types into the motivation of the pre-order form
 * (characters and Backspaces, one key at a time, each one waited for on
 * screen), sends a few more keys without waiting, and then one process of
 * the server's tree is killed with SIGKILL: the listener, the connection
 * process, the session, or all three at once. The server is restarted if
 * it died, the person logs in again, resumes, and the motivation on screen
 * must hold every character that was echoed, followed by at most the keys
 * that were in flight, in order (store/drafts.c, docs/store.md).
 *
 * Some rounds simulate an operating-system crash: every process killed and
 * the drafts environment removed (what a reboot makes of it), so the draft
 * comes back from the main database as of the last fold: it must be what
 * was typed, cut somewhere (never garbled or reordered); how much typing
 * was lost, in characters and in milliseconds before the crash, is printed
 * (the guarantee is 200 ms; not asserted, the machine's load decides).
 *
 * RECOND_SEED replays a run (the seed is printed); RECOND_KILL_ROUNDS sets
 * the number of rounds (8 here, more in `make soak`).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "tests/e2e/fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define T_PREORDER "Mon intention de commande"
#define T_RESUME "Reprendre là où vous étiez"
#define T_HELP_FORM "F6/^F Page"
#define MOTIV_TOP 5       /* tui/screen-preorder.c: rows of the motivation */
#define MOTIV_ROWS 14
#define MOTIV_COL 2
#define TEXT_MAX 700      /* bytes kept on screen (no spaces: wrapping is exact) */
#define PROCS_MAX 64
#define SEED_DEFAULT 20261203u

enum victim { V_LISTENER, V_CONNECTION, V_SESSION, V_ALL, V_CRASH, V_COUNT };
static const char *const victim_names[V_COUNT] = { "listener", "connection", "session",
	                                           "all", "crash" };

/* Characters typed: no space, so the editor cuts lines at the width exactly. */
static const char *const alphabet[] = {
	"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
	"r", "s", "t", "u", "v", "w", "x", "y", "z", "A", "B", "C", "D", "E", "0", "1", "2",
	"7", "9", "é", "è", "à", "ç", "ù", "€", "œ", "-", ".", ",",
};

static uint32_t rng;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng % n;
}

/* The motivation as the screen shows it (rows joined; caller frees). */
static char *screen_motiv(struct c_conn *c)
{
	size_t cap = 4096, len = 0;
	char *out = calloc(1, cap);

	assert_non_null(out);
	for (int r = MOTIV_TOP; r < MOTIV_TOP + MOTIV_ROWS; r++) {
		const char *row = c_screen_text(c, r);
		int skipped = 0;

		/* Skip the marker columns (code points). */
		while (*row != '\0' && skipped < MOTIV_COL) {
			row++;
			while ((*row & 0xc0) == 0x80)
				row++;
			skipped++;
		}
		size_t rl = strlen(row);

		while (rl > 0 && row[rl - 1] == ' ')   /* the text has no spaces */
			rl--;
		if (len + rl + 1 > cap)
			break;
		memcpy(out + len, row, rl);
		len += rl;
	}
	out[len] = '\0';
	return out;
}

/* Waits until the motivation on screen is want. */
static bool wait_motiv(struct c_conn *c, const char *want, int deadline_ms)
{
	int64_t end = h_now_ms() + deadline_ms;

	for (;;) {
		char *m = screen_motiv(c);
		bool ok = strcmp(m, want) == 0;

		free(m);
		if (ok)
			return true;
		if (h_now_ms() > end || c_closed(c, NULL))
			return false;
		c_pump(c, 50);
	}
}

/* Removes the last UTF-8 character of s. */
static void utf8_chop(char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		n--;
		if ((s[n] & 0xc0) != 0x80)
			break;
	}
	s[n] = '\0';
}

/* One key: a character appended, or a Backspace when erase. */
static void key_apply(char *text, bool erase, const char *ch)
{
	if (erase)
		utf8_chop(text);
	else
		strcat(text, ch);
}

/* Logs in and reaches the motivation: resumed from the draft, or a new form. */
static struct c_conn *reach_motivation(struct fixture *f, bool has_draft)
{
	struct c_conn *c = f_home(f, F_ALICE, F_PASS, NULL, "xterm-256color", 80, 24);

	if (c == NULL)
		return NULL;
	if (has_draft) {
		/* The counter and the help line are painted after the text: then it is whole. */
		if (!f_menu_pick(c, T_RESUME) || !c_wait_for_text(c, "page 3/3", C_DEADLINE_MS) ||
		    !c_wait_for_text(c, "caractères", C_DEADLINE_MS) ||
		    !c_wait_for_text(c, T_HELP_FORM, C_DEADLINE_MS))
			goto fail;
		return c;
	}
	if (!f_menu_pick(c, T_PREORDER) || !c_wait_for_text(c, "page 1/3", C_DEADLINE_MS))
		goto fail;
	if (c_send(c, K_F6) != 0 || !c_wait_for_text(c, "page 2/3", C_DEADLINE_MS) ||
	    c_send(c, K_F6) != 0 || !c_wait_for_text(c, "page 3/3", C_DEADLINE_MS))
		goto fail;
	return c;
fail:
	c_screen_print(c, "motivation");
	c_close(c);
	return NULL;
}

/* True while pid runs (a zombie has ended). */
static bool proc_running(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *fp;
	bool run = false;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return false;
	if (fgets(buf, sizeof buf, fp) != NULL && (p = strrchr(buf, ')')) != NULL)
		run = p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
	fclose(fp);
	return run;
}

/* Waits (bounded) until none of pids runs. */
static void wait_gone(const pid_t *pids, int n)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int64_t end = h_now_ms() + H_STOP_DEADLINE_MS;
	bool alive = true;

	while (alive && h_now_ms() < end) {
		alive = false;
		for (int i = 0; i < n; i++)
			if (proc_running(pids[i]))
				alive = true;
		if (alive)
			nanosleep(&pause, NULL);
	}
	assert_false(alive);
}

/* Every state the motivation went through, with when it was echoed (or sent). */
struct history {
	char **text;
	int64_t *ms;
	size_t n, cap;
};

static void history_add(struct history *h, const char *text)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 256;
		h->text = xrealloc(h->text, h->cap * sizeof *h->text);
		h->ms = xrealloc(h->ms, h->cap * sizeof *h->ms);
	}
	h->text[h->n] = xstrdup(text);
	h->ms[h->n] = h_now_ms();
	h->n++;
}

/* Last index at or after from whose text is s, or -1. */
static long history_find(const struct history *h, size_t from, const char *s)
{
	for (size_t i = h->n; i > from; i--)
		if (strcmp(h->text[i - 1], s) == 0)
			return (long)i - 1;
	return -1;
}

static void test_echoed_survives_kill(void **state)
{
	struct fixture *f = *state;
	const char *e = getenv("RECOND_SEED"), *r = getenv("RECOND_KILL_ROUNDS");
	uint32_t seed = e != NULL && *e ? (uint32_t)strtoul(e, NULL, 10) : SEED_DEFAULT;
	int rounds = r != NULL && *r ? atoi(r) : 8;
	char *typed = xcalloc(1, TEXT_MAX + 64);
	struct history h = { 0 };
	int64_t worst_ms = 0;
	int counts[V_COUNT] = { 0 };

	rng = seed != 0 ? seed : 1;
	printf("# drafts-kill: seed %u, %d rounds (RECOND_SEED, RECOND_KILL_ROUNDS)\n", seed,
	       rounds);
	history_add(&h, "");
	for (int round = 0; round < rounds; round++) {
		enum victim v = (enum victim)rnd(V_COUNT);
		int nkeys = 5 + (int)rnd(30), inflight = (int)rnd(4), n;
		pid_t procs[PROCS_MAX], listener = f->s.pid;
		struct timespec pause = { 0, 10 * 1000 * 1000 };
		struct c_conn *c;
		size_t last_echoed;
		int64_t killed_ms;
		long found;
		char *m;

		counts[v]++;
		c = reach_motivation(f, round > 0);
		assert_non_null(c);
		/* What a resume shows is where this round starts. */
		assert_true(wait_motiv(c, h.text[h.n - 1], C_DEADLINE_MS));
		strcpy(typed, h.text[h.n - 1]);
		/* Keys one by one, each echoed before the next. */
		for (int k = 0; k < nkeys; k++) {
			bool erase = strlen(typed) > 0 &&
			             (strlen(typed) > TEXT_MAX - 8 ? rnd(3) != 0 : rnd(6) == 0);
			const char *ch = alphabet[rnd(sizeof alphabet / sizeof *alphabet)];

			assert_int_equal(c_send(c, erase ? K_BACKSPACE : ch), 0);
			key_apply(typed, erase, ch);
			if (!wait_motiv(c, typed, C_DEADLINE_MS)) {
				char *seen = screen_motiv(c);

				c_screen_print(c, "echo");
				fprintf(stderr, "seen « %s »\n", seen);
				free(seen);
				fail_msg("round %d: key %d never echoed (want « %s »)", round, k, typed);
			}
			history_add(&h, typed);
			/* Typing pace: 0 to 30 ms between keys, so a round spans a few folds. */
			c_pump(c, (int)rnd(31));
		}
		last_echoed = h.n - 1;
		/* A few keys in flight when the blow falls (appended only). */
		for (int k = 0; k < inflight && strlen(typed) < TEXT_MAX; k++) {
			const char *ch = alphabet[rnd(sizeof alphabet / sizeof *alphabet)];

			assert_int_equal(c_send(c, ch), 0);
			key_apply(typed, false, ch);
			history_add(&h, typed);
		}
		n = h_proc_descendants(listener, procs, PROCS_MAX);
		assert_true(n >= 2 && n <= PROCS_MAX);
		killed_ms = h_now_ms();
		if (v == V_LISTENER || v == V_ALL || v == V_CRASH)
			kill(listener, SIGKILL);
		for (int i = 0; i < n; i++) {
			bool conn = h_proc_ppid(procs[i]) == listener;

			if (v == V_ALL || v == V_CRASH || (v == V_CONNECTION && conn) ||
			    (v == V_SESSION && !conn))
				kill(procs[i], SIGKILL);
		}
		printf("# round %d: %d keys echoed, %d in flight, SIGKILL %s\n", round, nkeys,
		       inflight, victim_names[v]);
		/* Everything of that connection ends (a listener killed alone: when the client leaves). */
		if (v == V_LISTENER)
			c_close(c);
		else
			c_vanish(c);
		wait_gone(procs, n);
		if (v == V_LISTENER || v == V_ALL || v == V_CRASH) {
			for (int i = 0; i < 1000 && h_server_alive(&f->s); i++)
				nanosleep(&pause, NULL);
			assert_false(h_server_alive(&f->s));
			if (v == V_CRASH) {
				/* What a reboot does to the unsynced environment: gone. */
				char *d = xasprintf("%s/db/drafts", f->s.data);

				assert_int_equal(h_rmtree(d), 0);
				free(d);
			}
			assert_int_equal(h_server_start(&f->s), 0);
		}
		/* Resume and compare. */
		c = reach_motivation(f, true);
		if (c == NULL && v == V_CRASH) {
			/* Nothing folded yet: the draft is gone, a new form it is. */
			c = reach_motivation(f, false);
		}
		assert_non_null(c);
		c_pump(c, 100);
		m = screen_motiv(c);
		if (v == V_CRASH) {
			found = history_find(&h, 0, m);
			if (found < 0) {
				c_screen_print(c, "after crash");
				fail_msg("round %d: after the crash « %s » was never typed", round, m);
			}
			if ((size_t)found < last_echoed) {
				int64_t lost = killed_ms - h.ms[found + 1];

				if (lost > worst_ms)
					worst_ms = lost;
				printf("# round %d: the crash lost %zu keys, typed in the last %lld ms "
				       "(bound 200 ms)\n", round, last_echoed - (size_t)found,
				       (long long)lost);
			} else {
				printf("# round %d: the crash lost no echoed key\n", round);
			}
		} else {
			found = history_find(&h, last_echoed, m);
			if (found < 0) {
				c_screen_print(c, "resumed");
				fail_msg("round %d (%s): resumed « %s », echoed « %s », typed « %s »", round,
				         victim_names[v], m, h.text[last_echoed], typed);
			}
		}
		history_add(&h, m);
		free(m);
		/* The next round starts from a clean exit (the draft is kept). */
		c_close(c);
	}
	printf("# drafts-kill: %d rounds passed (listener %d, connection %d, session %d, all %d, "
	       "crash %d; worst loss in a crash %lld ms)\n", rounds, counts[V_LISTENER],
	       counts[V_CONNECTION], counts[V_SESSION], counts[V_ALL], counts[V_CRASH],
	       (long long)worst_ms);
	for (size_t i = 0; i < h.n; i++)
		free(h.text[i]);
	free(h.text);
	free(h.ms);
	free(typed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_echoed_survives_kill, f_setup, f_teardown),
	};

	if (c_global_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
