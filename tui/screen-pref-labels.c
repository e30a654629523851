/*
 * screen-pref-labels.c — the labels of one file (À examiner, À relancer,
 * Complet, À signer, Urgent), reached from the file with F7: Espace or
 * Entrée ticks one, F5 saves them all at once, naming the version of what
 * the préfecture keeps that the agent read (another agent's change since is
 * refused, saying who). The file and the queue then show them.
 */
#include <stdlib.h>

#include "core/core.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/pref.h"
#include "tui/screen.h"

static const struct list_col labels_cols[] = { { "", 30, 1, LIST_LEFT, false } };

enum { PL_SAVE = 1 };

static const struct tui_keydef labels_defs[] = {
	{ .keys = N_("Espace"), .label = N_("Cocher") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Enregistrer"), .action = PL_SAVE },
};
static const struct tui_keymap labels_keys = TUI_KEYMAP(labels_defs);

struct pl_state {
	struct pref_labels_arg a;
	uint32_t labels;
	struct list_mem rows;
	struct list list;
};

static void pl_rows(struct pl_state *s)
{
	list_mem_clear(&s->rows);
	list_mem_init(&s->rows, 1);
	for (int l = 0; l < LABEL_COUNT; l++) {
		char *cell = xasprintf("[%s] %s", s->labels & (1u << l) ? "x" : " ",
		                       po_label_label((enum po_label)l));
		const char *cells[1] = { cell };

		list_mem_add(&s->rows, (uint64_t)l + 1, cells);
		free(cell);
	}
	(void)list_refresh(&s->list);
}

static int screen_pl_enter(struct tui *t, void *st, const void *arg)
{
	struct pl_state *s = st;

	s->a = *(const struct pref_labels_arg *)arg;
	s->labels = s->a.labels;
	list_mem_init(&s->rows, 1);
	list_init(&s->list, labels_cols, 1, &list_mem_source, &s->rows);
	pl_rows(s);
	return RC_OK;
}

static void screen_pl_leave(struct tui *t, void *st)
{
	struct pl_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
}

static void screen_pl_draw(struct tui *t, void *st)
{
	struct pl_state *s = st;
	char *title = xasprintf(_("Dossier n° %llu — étiquettes"), (unsigned long long)s->a.id);

	draw_title(t, title);
	free(title);
	pref_draw_envelope(t, 1);
	draw_text(3, 2, _("Étiquettes de la préfecture (jamais visibles du demandeur) :"),
	          COLS - 4, false);
	list_draw(&s->list, 5, 2, COLS - 4, LABEL_COUNT, NULL, NULL);
	draw_text(6 + LABEL_COUNT, 2, _("F5 ou ^D : enregistrer.  F3, ^B ou Échap : revenir sans "
	                                "rien changer."), COLS - 4, false);
	t->cur_y = -1;
}

static int pl_save(struct tui *t, struct pl_state *s)
{
	char *why = NULL;

	if (s->labels == s->a.labels)
		return tui_pop(t, 0, NULL);
	if (uc_file_labels(&t->uc, s->a.id, s->a.in_version, s->labels, &why) != RC_OK) {
		tui_msg_why(t, why, _("Étiquettes non enregistrées."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	tui_msg(t, MSG_INFO, "%s", _("Étiquettes enregistrées."));
	return tui_pop(t, PREF_RESULT_CHANGED, &s->a.id);
}

static int screen_pl_act(struct tui *t, void *st, int action)
{
	return action == PL_SAVE ? pl_save(t, st) : SCR_IGNORED;
}

static int screen_pl_key(struct tui *t, void *st, struct tui_key k)
{
	struct pl_state *s = st;
	const struct list_row *r;
	enum list_result lr = !k.fn && k.code == ' ' ? LIST_ACTIVATE : list_key(&s->list, &k);

	if (lr == LIST_IGNORED)
		return SCR_IGNORED;
	if (lr == LIST_ACTIVATE && (r = list_selected(&s->list)) != NULL && r->id >= 1 &&
	    r->id <= LABEL_COUNT) {
		s->labels ^= 1u << (r->id - 1);
		pl_rows(s);
	}
	return SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_pref_labels = {
	.name = "pref-labels",
	.help = N_("Les étiquettes du dossier, pour la préfecture seule. Espace ou Entrée en coche "
		"ou décoche une ; F5 les enregistre toutes. La file les montre (filtre par "
		"étiquette : F5 dans la file)."),
	.state_size = sizeof(struct pl_state),
	.keys = &labels_keys,
	.enter = screen_pl_enter,
	.draw = screen_pl_draw,
	.act = screen_pl_act,
	.key = screen_pl_key,
	.leave = screen_pl_leave,
};
