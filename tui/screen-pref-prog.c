/*
 * screen-pref-prog.c — the programmation: the files with a provisional
 * decision (retenir / ne pas retenir provisoirement), their running total
 * against the envelope, and F5 to notify it: every provisional decision
 * becomes the real one in one transaction, each file re-checked at its
 * current version, each applicant told in their inbox (results file by
 * file). Nothing is visible to applicants before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/util.h"
#include "tui/pref.h"
#include "tui/queue.h"
#include "tui/screen.h"

enum { PP_OPEN = 1, PP_NOTIFY };

static const struct tui_keydef prog_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Ouvrir"), .action = PP_OPEN },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Notifier"), .action = PP_NOTIFY },
};
static const struct tui_keymap prog_keys = TUI_KEYMAP(prog_defs);

struct pp_state {
	struct queue_model model;
	struct list list;
	struct envelope_view env;
	bool asking;                  /* « Notifier ? o/n » is on the message line */
	struct file_result *res;
	size_t nres;
};

static void pp_load(struct tui *t, struct pp_state *s)
{
	struct queue_row *rows = NULL;
	size_t n = 0;
	char *why = NULL;

	if (uc_queue_load(&t->uc, &rows, &n, &why) != RC_OK) {
		tui_msg_why(t, why, _("File des dossiers illisible."));
		free(why);
		why = NULL;
	}
	queue_model_set(&s->model, rows, n);
	if (uc_envelope(&t->uc, &s->env, &why) != RC_OK)
		memset(&s->env, 0, sizeof s->env);
	free(why);
	(void)list_refresh(&s->list);
}

static int screen_pp_enter(struct tui *t, void *st, const void *arg)
{
	struct pp_state *s = st;

	(void)arg;
	s->model.tab = TAB_TOUTES;
	list_init(&s->list, queue_cols, QC_COUNT, &queue_source, &s->model);
	s->list.header = true;
	s->list.user_text = true;
	s->list.searchable = true;
	s->list.q.filter = QF_PROG;
	pp_load(t, s);
	return RC_OK;
}

static void screen_pp_leave(struct tui *t, void *st)
{
	struct pp_state *s = st;

	list_free(&s->list);
	queue_model_free(&s->model);
	file_results_free(s->res, s->nres);
}

static void screen_pp_resume(struct tui *t, void *st, int code, void *result)
{
	struct pp_state *s = st;

	if (code == PREF_RESULT_CHANGED && result == NULL && s->res != NULL) {
		/* Back from the notification's results: the queue reads its rows again. */
		(void)tui_pop(t, PREF_RESULT_CHANGED, NULL);
		return;
	}
	pp_load(t, s);
}

static void screen_pp_draw(struct tui *t, void *st)
{
	struct pp_state *s = st;
	char a[48], b[48], pos[64], *line;
	cents_t after = s->env.remaining > s->env.provisional ? s->env.remaining - s->env.provisional
	                                                       : 0;

	draw_title(t, _("Programmation de l'enveloppe"));
	pref_draw_envelope(t, 1);
	line = xasprintf(_("Subventions provisoires : %s — l'enveloppe resterait à %s%s"),
	                 cents_format(s->env.provisional, a, sizeof a),
	                 cents_format(after, b, sizeof b),
	                 s->env.provisional > s->env.remaining ? _(" (DÉPASSÉE)") : "");
	attrset(s->env.provisional > s->env.remaining ? A_BOLD | A_REVERSE : A_BOLD);
	draw_text(2, 1, line, COLS - 2, false);
	attrset(A_NORMAL);
	free(line);
	list_position(&s->list, pos, sizeof pos);
	draw_text(3, 1, pos, COLS - 2, false);
	list_draw(&s->list, 4, 0, COLS, LINES - 6, &t->cur_y, &t->cur_x);
	if (s->list.total == 0)
		draw_wrapped(6, 2, _("Aucune décision provisoire : ouvrez un dossier (file des "
		                     "dossiers, F5 Actions) et choisissez « Retenir provisoirement » "
		                     "ou « Ne pas retenir provisoirement », ou marquez-en plusieurs et "
		                     "F4 (action groupée)."), 4);
}

static int pp_open(struct tui *t, struct pp_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	uint64_t id;

	if (r == NULL)
		return SCR_HANDLED;
	id = r->id;
	return tui_push(t, &screen_pref_file, &id);
}

static int pp_notify(struct tui *t, struct pp_state *s)
{
	struct pref_results_arg ra;
	char *why = NULL;

	s->asking = false;
	file_results_free(s->res, s->nres);
	s->res = NULL;
	s->nres = 0;
	if (uc_prog_notify(&t->uc, &s->res, &s->nres, &why) != RC_OK) {
		tui_msg_why(t, why, _("Notification impossible."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	pref_envelope_changed();
	tui_msg_clear(t);
	ra = (struct pref_results_arg){ .title = _("Programmation notifiée — résultat"),
		                        .res = s->res, .n = s->nres };
	return tui_push(t, &screen_pref_results, &ra);
}

static int screen_pp_act(struct tui *t, void *st, int action)
{
	struct pp_state *s = st;

	if (s->asking) {
		s->asking = false;
		tui_msg(t, MSG_INFO, _("Rien n'a été notifié."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	switch (action) {
	case PP_OPEN:
		return pp_open(t, s);
	case PP_NOTIFY:
		if (s->list.total == 0) {
			tui_msg(t, MSG_ERROR, _("Aucune décision provisoire à notifier."));
			return SCR_HANDLED | SCR_REDRAW;
		}
		s->asking = true;
		tui_msg(t, MSG_INFO, ngettext("Notifier %zu décision aux demandeurs ? o : oui, autre "
		                              "touche : non", "Notifier %zu décisions aux demandeurs ? "
		                              "o : oui, autre touche : non", s->list.total),
		        s->list.total);
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static int screen_pp_key(struct tui *t, void *st, struct tui_key k)
{
	struct pp_state *s = st;

	if (s->asking) {
		if (!k.fn && (k.code == 'o' || k.code == 'O'))
			return pp_notify(t, s);
		return screen_pp_act(t, st, 0);
	}
	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return pp_open(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_pref_prog = {
	.name = "pref-prog",
	.help = N_("La programmation : les décisions provisoires, leur total face à l'enveloppe. "
		"Rien n'est visible des demandeurs avant la notification (F5) : chaque décision "
		"provisoire devient alors la vraie, en une fois, chaque dossier revérifié ; un "
		"dossier changé entre-temps est refusé et listé."),
	.state_size = sizeof(struct pp_state),
	.keys = &prog_keys,
	.enter = screen_pp_enter,
	.draw = screen_pp_draw,
	.act = screen_pp_act,
	.key = screen_pp_key,
	.leave = screen_pp_leave,
	.resume = screen_pp_resume,
};
