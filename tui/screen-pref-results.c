/*
 * screen-pref-results.c — what became of each file of a batch (a bulk
 * action, the notification of a programmation): file by file, done or
 * refused and why, in the list widget; Retour goes back to the queue,
 * which reads its rows again.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/core.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/pref.h"
#include "tui/screen.h"

static const struct list_col results_cols[] = {
	{ N_("Dossier"), 8, 0, LIST_RIGHT, true },
	{ N_("Résultat"), 60, 1, LIST_LEFT, false },
};

static const struct tui_keydef results_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Parcourir") },
};
static const struct tui_keymap results_keys = TUI_KEYMAP(results_defs);

struct pr_state {
	char *title;
	size_t done, refused;
	struct list_mem rows;
	struct list list;
};

static int screen_pr_enter(struct tui *t, void *st, const void *arg)
{
	const struct pref_results_arg *a = arg;
	struct pr_state *s = st;

	s->title = xstrdup(a->title != NULL ? a->title : "");
	list_mem_init(&s->rows, 2);
	for (size_t i = 0; i < a->n; i++) {
		char id[24], *what;
		const char *cells[2];

		snprintf(id, sizeof id, "%llu", (unsigned long long)a->res[i].id);
		if (a->res[i].rc == RC_OK) {
			s->done++;
			what = xstrdup(_("fait"));
		} else {
			s->refused++;
			what = xasprintf(_("refusé : %s"), a->res[i].why != NULL ? a->res[i].why
			                                                          : rc_sentence(a->res[i].rc));
		}
		cells[0] = id;
		cells[1] = what;
		list_mem_add(&s->rows, a->res[i].id, cells);
		free(what);
	}
	list_init(&s->list, results_cols, 2, &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;
	return list_refresh(&s->list);
}

static void screen_pr_leave(struct tui *t, void *st)
{
	struct pr_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
	free(s->title);
}

static void screen_pr_draw(struct tui *t, void *st)
{
	struct pr_state *s = st;
	char *line = xasprintf(_("%zu fait(s), %zu refusé(s)"), s->done, s->refused);

	draw_title(t, s->title);
	pref_draw_envelope(t, 1);
	attrset(A_BOLD);
	draw_text(3, 2, line, COLS - 4, false);
	attrset(A_NORMAL);
	free(line);
	list_draw(&s->list, 5, 0, COLS, LINES - 7, NULL, NULL);
	t->cur_y = -1;
}

static int screen_pr_act(struct tui *t, void *st, int action)
{
	return action == TK_BACK ? tui_pop(t, PREF_RESULT_CHANGED, NULL) : SCR_IGNORED;
}

static int screen_pr_key(struct tui *t, void *st, struct tui_key k)
{
	struct pr_state *s = st;

	return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_pref_results = {
	.name = "pref-results",
	.help = N_("Le résultat d'une action groupée ou d'une notification, dossier par dossier : "
		"ce qui a été fait, ce qui a été refusé et pourquoi (chaque dossier est revérifié "
		"dans sa version du moment)."),
	.state_size = sizeof(struct pr_state),
	.keys = &results_keys,
	.enter = screen_pr_enter,
	.draw = screen_pr_draw,
	.act = screen_pr_act,
	.key = screen_pr_key,
	.leave = screen_pr_leave,
};
