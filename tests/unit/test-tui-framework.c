/*
 * test-tui-framework.c — the session's framework without a terminal: the
 * screen stack (push with an argument, pop with a result to the screen
 * below, replace, each state freed exactly once — run under ASan), the
 * registry (the main menu of every role, from may()), the list widget
 * (paging at 0, 1, 59, 60, 61 and 200 000 rows asking one page at a time,
 * sort, search with accents, marks kept across pages and refreshes, the
 * selection kept on its record), and key tables (help line generated,
 * alternatives dispatched, entries dropped when the line is too narrow).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/list.h"
#include "tui/screen.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* ---- the stack ---- */

/* What the fake screens saw. */
static struct {
	int enters, leaves, resumes;
	int last_code;
	const char *last_result;
	const char *last_arg;
} seen;

struct fake_state {
	char text[32];
};

static int fake_enter(struct tui *t, void *st, const void *arg)
{
	struct fake_state *s = st;

	seen.enters++;
	seen.last_arg = arg;
	snprintf(s->text, sizeof s->text, "%s", arg != NULL ? (const char *)arg : "");
	return RC_OK;
}

static void fake_leave(struct tui *t, void *st)
{
	seen.leaves++;
}

static void fake_resume(struct tui *t, void *st, int code, void *result)
{
	seen.resumes++;
	seen.last_code = code;
	/* The result points into the closing screen's state: read it now. */
	seen.last_result = result != NULL ? xstrdup(result) : NULL;
}

static int failing_enter(struct tui *t, void *st, const void *arg)
{
	seen.enters++;
	return RC_IO;
}

static const struct screen fake = {
	.name = "fake", .state_size = sizeof(struct fake_state),
	.enter = fake_enter, .leave = fake_leave, .resume = fake_resume,
};
static const struct screen failing = {
	.name = "failing", .state_size = 16, .enter = failing_enter, .leave = fake_leave,
};

static void reset_seen(void)
{
	free((char *)seen.last_result);
	memset(&seen, 0, sizeof seen);
}

static void test_stack_push_pop_result(void **state)
{
	struct tui t;
	struct fake_state *top;
	int flags;
	(void)state;

	memset(&t, 0, sizeof t);
	reset_seen();
	tui_push(&t, &fake, "file 1234");
	assert_int_equal(t.depth, 1);
	tui_push(&t, &fake, "decision");
	assert_int_equal(t.depth, 2);
	assert_int_equal(seen.enters, 2);
	top = tui_top(&t)->st;
	assert_string_equal(top->text, "decision");

	/* The pop is done once the handler returned, with the result for the screen below. */
	tui_pop(&t, 7, top->text);
	assert_int_equal(t.depth, 2);
	assert_int_equal(seen.leaves, 0);
	flags = tui_stack_settle(&t);
	assert_true(flags & SCR_REDRAW);
	assert_false(flags & SCR_QUIT);
	assert_int_equal(t.depth, 1);
	assert_int_equal(seen.resumes, 1);
	assert_int_equal(seen.last_code, 7);
	assert_string_equal(seen.last_result, "decision");
	assert_int_equal(seen.leaves, 1);
	/* The screen below is as it was left. */
	assert_string_equal(((struct fake_state *)tui_top(&t)->st)->text, "file 1234");

	/* Popping the last screen ends the session. */
	tui_pop(&t, 0, NULL);
	assert_true(tui_stack_settle(&t) & SCR_QUIT);
	assert_int_equal(t.depth, 0);
	assert_int_equal(seen.leaves, 2);
	reset_seen();
}

static void test_stack_replace_and_failures(void **state)
{
	struct tui t;
	(void)state;

	memset(&t, 0, sizeof t);
	reset_seen();
	tui_push(&t, &fake, "home");
	tui_push(&t, &fake, "form");
	/* The form gives way to the view: pushed now, the form gone after the handler. */
	tui_replace(&t, &fake, "view");
	assert_int_equal(t.depth, 3);
	tui_stack_settle(&t);
	assert_int_equal(t.depth, 2);
	assert_string_equal(((struct fake_state *)t.stack[0].st)->text, "home");
	assert_string_equal(((struct fake_state *)t.stack[1].st)->text, "view");
	assert_int_equal(seen.resumes, 0);          /* no result for a replace */
	assert_int_equal(seen.leaves, 1);

	/* An enter that fails opens nothing and frees what it made; a message says so. */
	tui_push(&t, &failing, NULL);
	assert_int_equal(t.depth, 2);
	assert_int_equal(seen.leaves, 2);
	assert_non_null(t.msg);
	tui_msg_clear(&t);

	/* A full stack refuses, with a message. */
	while (t.depth < TUI_STACK_MAX)
		tui_push(&t, &fake, "x");
	tui_push(&t, &fake, "one too many");
	assert_int_equal(t.depth, TUI_STACK_MAX);
	assert_non_null(t.msg);
	tui_msg_clear(&t);
	tui_stack_clear(&t);
	assert_int_equal(t.depth, 0);
	assert_int_equal(seen.leaves, 2 + TUI_STACK_MAX);
	reset_seen();
}

/* ---- the registry ---- */

static void test_menus_of_every_role(void **state)
{
	static const char *const applicant[] = {
		"Mon intention de commande", "Suivi de ma demande", "Commander", "Mes commandes",
		"Prêts", "Messages",
		"Contacter l'assistance", "Mon compte", "Questions fréquentes", "À propos",
		"Statistiques", NULL,
	};
	static const char *const refurb[] = {
		"Mon dossier de reconditionneur", "Commandes reçues", "Mon compte",
		"Questions fréquentes", "À propos",
		"Statistiques", NULL,
	};
	static const char *const team[] = {
		"Inscriptions à valider", "Reconditionneurs", "Prix signalés",
		"Paramètres du programme", "Listes de référence", "Assistance", "Mon compte",
		"Questions fréquentes", "À propos", "Statistiques", "Comptes", NULL,
	};
	static const char *const prefecture[] = {
		"Dossiers à instruire", "Programmation de l'enveloppe", "Mon compte",
		"Questions fréquentes", "À propos", "Statistiques", NULL,
	};
	static const char *const none[] = { NULL };
	const char *const *want[ROLE_COUNT] = {
		[ROLE_NONE] = none, [ROLE_COLLECTIVITE] = applicant,
		[ROLE_FRANCE_SERVICES] = applicant, [ROLE_PREFECTURE] = prefecture,
		[ROLE_RECONDITIONNEUR] = refurb, [ROLE_ANCT] = team,
	};
	(void)state;

	for (int r = 0; r < ROLE_COUNT; r++) {
		struct actor a = { .account_id = 1, .role = (enum role)r, .org_id = 10 };
		const struct tui_entry *e[32];
		size_t n, k;

		strcpy(a.dept, "23");
		n = tui_menu_entries(&a, MENU_HOME, e, ARRAY_LEN(e));
		for (k = 0; want[r][k] != NULL; k++) {
			assert_true(k < n);
			assert_string_equal(e[k]->label, want[r][k]);
		}
		assert_int_equal(n, k);
		/* Each entry shown is allowed by the matrix, and has somewhere to go. */
		for (k = 0; k < n; k++)
			assert_true(e[k]->screen != NULL || e[k]->open != NULL);
	}
}

/* ---- the list widget ---- */

/* A synthetic source of n rows: id i + 1, cells "Ligne i" and i as a number. */
struct synth {
	size_t n;
	size_t asked;            /* rows materialised, over every page call */
	size_t calls;
	size_t first;            /* id of row 0: rows inserted before shift it */
};

static int synth_count(void *ctx, const struct list_query *q, size_t *n)
{
	*n = ((struct synth *)ctx)->n;
	return RC_OK;
}

static int synth_page(void *ctx, const struct list_query *q, size_t off, size_t lim,
                      struct list_row *rows, size_t *n)
{
	struct synth *s = ctx;

	s->calls++;
	*n = 0;
	for (size_t i = off; i < s->n && *n < lim; i++) {
		struct list_row *r = &rows[(*n)++];

		r->id = s->first + i;
		r->cell[0] = xasprintf("Ligne %zu", s->first + i);
		s->asked++;
	}
	return RC_OK;
}

static const struct list_source synth_source = { .count = synth_count, .page = synth_page };
static const struct list_col one_col[] = { { "Nom", 10, 1, LIST_LEFT, true } };

static void key(struct list *l, wint_t code, bool fn)
{
	struct tui_key k = { code, fn };

	(void)list_key(l, &k);
}

static void test_list_paging_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, 59, 60, 61, 200000 };
	(void)state;

	for (size_t z = 0; z < ARRAY_LEN(sizes); z++) {
		struct synth src = { .n = sizes[z], .first = 1 };
		struct list l;
		char pos[64], want[128];
		const struct list_row *r;

		list_init(&l, one_col, 1, &synth_source, &src);
		list_set_height(&l, 20);
		assert_int_equal(list_refresh(&l), RC_OK);
		assert_int_equal(l.total, sizes[z]);
		list_position(&l, pos, sizeof pos);
		if (sizes[z] == 0) {
			assert_string_equal(pos, "aucune ligne");
			assert_null(list_selected(&l));
			key(&l, KEY_END, true);
			key(&l, KEY_NPAGE, true);
			assert_null(list_selected(&l));
			list_free(&l);
			continue;
		}
		r = list_selected(&l);
		assert_non_null(r);
		assert_int_equal(r->id, 1);
		key(&l, KEY_NPAGE, true);
		key(&l, KEY_END, true);
		r = list_selected(&l);
		assert_non_null(r);
		assert_int_equal(r->id, sizes[z]);
		list_position(&l, pos, sizeof pos);
		if (sizes[z] == 200000)
			snprintf(want, sizeof want, "199 981–200 000 sur 200 000");
		else
			snprintf(want, sizeof want, "%zu–%zu sur %zu", sizes[z] > 20 ? sizes[z] - 19 : 1,
			         sizes[z], sizes[z]);
		assert_string_equal(pos, want);
		/* Down from the last row goes round to the first. */
		key(&l, KEY_DOWN, true);
		assert_int_equal(list_selected(&l)->id, 1);
		/* Only pages were asked for: a few pages of 20, whatever the size. */
		assert_true(src.asked <= 5 * 20);
		list_free(&l);
	}
}

static void test_list_selection_kept_across_refresh(void **state)
{
	struct synth src = { .n = 100, .first = 1 };
	struct list l;
	(void)state;

	list_init(&l, one_col, 1, &synth_source, &src);
	list_set_height(&l, 10);
	list_refresh(&l);
	for (int i = 0; i < 42; i++)
		key(&l, KEY_DOWN, true);
	assert_int_equal(list_selected(&l)->id, 43);
	/* Three rows appear before it: the selection follows its record. */
	src.first = 1;
	src.n = 103;
	{
		/* Shift: row i is now id i - 2 (ids 1..3 are new below 1: ids start at -2). */
		src.first = (size_t)-2;
	}
	list_refresh(&l);
	assert_int_equal(list_selected(&l)->id, 43);
	assert_int_equal(l.sel, 45);
	list_free(&l);
}

static void test_list_marks_across_pages(void **state)
{
	struct synth src = { .n = 500, .first = 1 };
	struct list l;
	(void)state;

	list_init(&l, one_col, 1, &synth_source, &src);
	l.markable = true;
	list_set_height(&l, 20);
	list_refresh(&l);
	key(&l, ' ', false);                  /* marks 1, moves to 2 */
	assert_true(list_is_marked(&l, 1));
	assert_int_equal(list_selected(&l)->id, 2);
	key(&l, KEY_NPAGE, true);
	key(&l, KEY_NPAGE, true);
	key(&l, ' ', false);
	assert_true(list_is_marked(&l, 40));
	key(&l, KEY_HOME, true);
	key(&l, ' ', false);                  /* unmarks 1 */
	assert_false(list_is_marked(&l, 1));
	assert_true(list_is_marked(&l, 40));
	list_refresh(&l);
	assert_true(list_is_marked(&l, 40));
	assert_int_equal(l.nmarks, 1);
	list_mark_all(&l, true);
	assert_int_equal(l.nmarks, 500);
	list_mark_all(&l, false);
	assert_int_equal(l.nmarks, 0);
	list_free(&l);
}

static const struct list_col two_cols[] = {
	{ "Commune", 20, 1, LIST_LEFT, true },
	{ "Montant", 10, 0, LIST_RIGHT, true },
};

static void add(struct list_mem *m, uint64_t id, const char *name, const char *amount)
{
	const char *cells[] = { name, amount };

	list_mem_add(m, id, cells);
}

static void type_search(struct list *l, const char *s)
{
	key(l, '/', false);
	while (*s != '\0') {
		wchar_t c;
		int k = mbtowc(&c, s, strlen(s));

		assert_true(k > 0);
		key(l, (wint_t)c, false);
		s += k;
	}
}

static void test_list_sort_and_search(void **state)
{
	struct list_mem m;
	struct list l;
	(void)state;

	list_mem_init(&m, 2);
	add(&m, 1, "Felletin", "1 200,00");
	add(&m, 2, "Évaux-les-Bains", "950,00");
	add(&m, 3, "Sainte-Feyre", "12 000,00");
	add(&m, 4, "Aubusson", "80,50");
	list_init(&l, two_cols, 2, &list_mem_source, &m);
	l.searchable = true;
	list_refresh(&l);
	assert_int_equal(l.total, 4);

	/* Sort on the name, accents folded: Aubusson, Évaux, Felletin, Sainte-Feyre. */
	list_sort(&l, 0);
	assert_int_equal(list_row_at(&l, 0)->id, 4);
	assert_int_equal(list_row_at(&l, 1)->id, 2);
	list_sort(&l, 0);                      /* again: the other way */
	assert_int_equal(list_row_at(&l, 0)->id, 3);
	/* Amounts sort by value, not as text. */
	list_sort(&l, 1);
	assert_int_equal(list_row_at(&l, 0)->id, 4);
	assert_int_equal(list_row_at(&l, 3)->id, 3);

	/* Search as one types, accents and case ignored. */
	type_search(&l, "eva");
	assert_int_equal(l.total, 1);
	assert_int_equal(list_selected(&l)->id, 2);
	key(&l, 27, false);                    /* Échap clears the search */
	assert_int_equal(l.total, 4);
	type_search(&l, "STE F");
	assert_int_equal(l.total, 1);
	assert_int_equal(list_selected(&l)->id, 3);
	key(&l, '\r', false);                  /* Entrée keeps it */
	assert_false(l.searching);
	assert_int_equal(l.total, 1);
	list_free(&l);
	list_mem_clear(&m);
}

static void test_list_groups_are_skipped(void **state)
{
	struct list_mem m;
	struct list l;
	(void)state;

	list_mem_init(&m, 1);
	list_mem_add_group(&m, "Éligibilité");
	add(&m, 1, "Qui peut en bénéficier ?", NULL);
	list_mem_add_group(&m, "Commande");
	add(&m, 2, "Quand commander ?", NULL);
	list_init(&l, one_col, 1, &list_mem_source, &m);
	list_refresh(&l);
	assert_int_equal(list_selected(&l)->id, 1);     /* not the title above it */
	key(&l, KEY_DOWN, true);
	assert_int_equal(list_selected(&l)->id, 2);
	key(&l, KEY_DOWN, true);
	assert_int_equal(list_selected(&l)->id, 1);     /* round, over the first title */
	key(&l, KEY_UP, true);
	assert_int_equal(list_selected(&l)->id, 2);
	list_free(&l);
	list_mem_clear(&m);
}

/* ---- key tables ---- */

enum { A_SAVE = 1, A_SUBMIT };

static const struct tui_keydef defs[] = {
	{ .fkey = 2, .ctrl = 'w', .label = "Enreg.", .action = A_SAVE },
	{ .fkey = 5, .ctrl = 'd', .label = "Déposer", .action = A_SUBMIT },
	{ .code = KEY_DC, .ch = 'r', .keys = "Suppr/r", .label = "Retirer", .action = 3 },
};
static const struct tui_keymap map = TUI_KEYMAP(defs);

static void test_keymap_dispatch_and_line(void **state)
{
	const struct tui_keydef *d;
	char *line;
	(void)state;

	/* The F-key and its Ctrl alternative are the same key. */
	d = tui_keymap_match(&map, (struct tui_key){ KEY_F(5), true });
	assert_non_null(d);
	assert_int_equal(d->action, A_SUBMIT);
	d = tui_keymap_match(&map, (struct tui_key){ TUI_CTRL('d'), false });
	assert_int_equal(d->action, A_SUBMIT);
	assert_int_equal(tui_keymap_match(&map, (struct tui_key){ 'r', false })->action, 3);
	assert_int_equal(tui_keymap_match(&map, (struct tui_key){ KEY_DC, true })->action, 3);
	/* The shared keys are there on every screen. */
	assert_int_equal(tui_keymap_match(&map, (struct tui_key){ 27, false })->action, TK_BACK);
	assert_int_equal(tui_keymap_match(&map, (struct tui_key){ KEY_F(3), true })->action, TK_BACK);
	assert_int_equal(tui_keymap_match(&map, (struct tui_key){ TUI_CTRL('b'), false })->action,
	                 TK_BACK);
	assert_int_equal(tui_keymap_match(&map, (struct tui_key){ TUI_CTRL('g'), false })->action,
	                 TK_HELP);
	assert_int_equal(tui_keymap_match(NULL, (struct tui_key){ KEY_F(10), true })->action,
	                 TK_QUIT);
	assert_null(tui_keymap_match(&map, (struct tui_key){ 'a', false }));

	/* The help line says the keys the same way everywhere. */
	line = tui_keymap_line(&map, 100);
	assert_string_equal(line, " F1/^G Aide  F2/^W Enreg.  F5/^D Déposer  Suppr/r Retirer  "
	                          "F3/^B Retour  F10/^X Quitter");
	free(line);
	/* Narrower: single spaces, then Quitter goes, then the screen's last entries. */
	line = tui_keymap_line(&map, 70);
	assert_string_equal(line, " F1/^G Aide F2/^W Enreg. F5/^D Déposer Suppr/r Retirer "
	                          "F3/^B Retour");
	free(line);
	line = tui_keymap_line(&map, 56);
	assert_string_equal(line, " F1/^G Aide  F2/^W Enreg.  F5/^D Déposer  F3/^B Retour");
	free(line);
	/* The F1 panel lists every key with its alternatives. */
	line = tui_keymap_panel(&map);
	assert_non_null(strstr(line, "F5, ^D : Déposer"));
	assert_non_null(strstr(line, "F3, ^B, Échap : Retour"));
	assert_non_null(strstr(line, "Suppr/r : Retirer"));
	free(line);
}

/* A first screen says it has no « Retour »: neither its line nor its panel offer it. */
static void test_keymap_absent_shared_key(void **state)
{
	static const struct tui_keydef root_defs[] = {
		{ .keys = "Entrée", .label = "Ouvrir", .action = 1 },
		{ .action = TK_BACK, .absent = true },
	};
	static const struct tui_keymap root_map = TUI_KEYMAP(root_defs);
	char *line;

	(void)state;
	line = tui_keymap_line(&root_map, 80);
	assert_string_equal(line, " F1/^G Aide  Entrée Ouvrir  F10/^X Quitter");
	free(line);
	line = tui_keymap_panel(&root_map);
	assert_null(strstr(line, "Retour"));
	free(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stack_push_pop_result),
		cmocka_unit_test(test_stack_replace_and_failures),
		cmocka_unit_test(test_menus_of_every_role),
		cmocka_unit_test(test_list_paging_sizes),
		cmocka_unit_test(test_list_selection_kept_across_refresh),
		cmocka_unit_test(test_list_marks_across_pages),
		cmocka_unit_test(test_list_sort_and_search),
		cmocka_unit_test(test_list_groups_are_skipped),
		cmocka_unit_test(test_keymap_dispatch_and_line),
		cmocka_unit_test(test_keymap_absent_shared_key),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
