/*
 * screen-pref-bulk.c — an action on every marked file: take them into
 * instruction, follow or unfollow them, set a label or a priority, send
 * them one message, add them to the programmation. The action is chosen in
 * a list; what it needs (a label, a rank, a text) is asked below; F5 runs
 * it, each file re-checked at its current version in its own transaction,
 * and the results show file by file (screen_pref_results).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/preorder-form.h"
#include "core/util.h"
#include "tui/editor.h"
#include "tui/field.h"
#include "tui/list.h"
#include "tui/pref.h"
#include "tui/screen.h"

#define PB_BOX_TOP 14
#define PB_BOX_ROWS 4

static const struct {
	enum bulk_action a;
	const char *label;
	enum { ARG_NONE, ARG_LABEL, ARG_RANK, ARG_TEXT } arg;
} bulk_actions[] = {
	{ BULK_INSTRUCT, N_("Prendre en instruction"), ARG_NONE },
	{ BULK_FOLLOW, N_("Suivre"), ARG_NONE },
	{ BULK_UNFOLLOW, N_("Ne plus suivre"), ARG_NONE },
	{ BULK_LABEL, N_("Ajouter une étiquette"), ARG_LABEL },
	{ BULK_PRIORITY, N_("Donner une priorité"), ARG_RANK },
	{ BULK_MESSAGE, N_("Envoyer un message à chaque demandeur"), ARG_TEXT },
	{ BULK_PROG_RETAIN, N_("Programmation : retenir provisoirement (montant demandé)"),
	  ARG_NONE },
	{ BULK_PROG_REJECT, N_("Programmation : ne pas retenir provisoirement"), ARG_TEXT },
};
#define NBULK (sizeof bulk_actions / sizeof bulk_actions[0])

static const struct list_col bulk_cols[] = { { "", 60, 1, LIST_LEFT, false } };

enum { PB_RUN = 1, PB_LABEL_NEXT };

static const struct tui_keydef bulk_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Action") },
	{ .keys = N_("Tab"), .label = N_("Champ") },
	{ .fkey = 6, .ctrl = 'f', .label = N_("Étiquette"), .action = PB_LABEL_NEXT },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Lancer"), .action = PB_RUN },
};
static const struct tui_keymap bulk_keys = TUI_KEYMAP(bulk_defs);

struct pb_state {
	uint64_t *ids;
	size_t n;
	struct list_mem rows;
	struct list list;
	enum po_label label;
	struct field rank;
	struct editor text;
	bool in_arg;                  /* the argument has the keys (else the list) */
	struct file_result *res;
	size_t nres;
};

static int pb_kind(struct pb_state *s)
{
	const struct list_row *r = list_selected(&s->list);

	return r != NULL ? bulk_actions[r->id - 1].arg : ARG_NONE;
}

static int screen_pb_enter(struct tui *t, void *st, const void *arg)
{
	const struct pref_bulk_arg *a = arg;
	struct pb_state *s = st;

	s->n = a->n;
	s->ids = xcalloc(a->n > 0 ? a->n : 1, sizeof *s->ids);
	memcpy(s->ids, a->ids, a->n * sizeof *s->ids);
	list_mem_init(&s->rows, 1);
	for (size_t i = 0; i < NBULK; i++) {
		const char *cells[] = { _(bulk_actions[i].label) };

		list_mem_add(&s->rows, i + 1, cells);
	}
	list_init(&s->list, bulk_cols, 1, &list_mem_source, &s->rows);
	field_init(&s->rank, FIELD_DIGITS, 4, false, false);
	editor_init(&s->text, 2000);
	return list_refresh(&s->list);
}

static void screen_pb_leave(struct tui *t, void *st)
{
	struct pb_state *s = st;

	free(s->ids);
	list_free(&s->list);
	list_mem_clear(&s->rows);
	field_free(&s->rank);
	editor_free(&s->text);
	file_results_free(s->res, s->nres);
}

static void screen_pb_draw(struct tui *t, void *st)
{
	struct pb_state *s = st;
	char *line = xasprintf(ngettext("Action sur %zu dossier marqué :",
	                                "Action sur %zu dossiers marqués :", s->n), s->n);
	int kind = pb_kind(s);

	draw_title(t, _("Action groupée"));
	pref_draw_envelope(t, 1);
	draw_text(3, 2, line, COLS - 4, false);
	free(line);
	list_draw(&s->list, 4, 2, COLS - 4, (int)NBULK, NULL, NULL);
	t->cur_y = -1;
	if (kind == ARG_LABEL) {
		line = xasprintf(_("Étiquette : « %s »  (F6 ou ^F : la suivante)"),
		                 po_label_label(s->label));
		draw_text(PB_BOX_TOP - 1, 2, line, COLS - 4, false);
		free(line);
	} else if (kind == ARG_RANK) {
		draw_text(PB_BOX_TOP - 1, 0, s->in_arg ? "▸" : " ", 1, false);
		draw_text(PB_BOX_TOP - 1, 2, _("Rang (Tab pour le saisir) :"), 30, false);
		field_draw(&s->rank, stdscr, PB_BOX_TOP - 1, 32, 6, s->in_arg, &t->cur_y, &t->cur_x);
	} else if (kind == ARG_TEXT) {
		draw_text(PB_BOX_TOP - 1, 0, s->in_arg ? "▸" : " ", 1, false);
		draw_text(PB_BOX_TOP - 1, 2, _("Texte (Tab pour le saisir) :"), COLS - 4, false);
		editor_draw(&s->text, PB_BOX_TOP, 2, COLS - 4, PB_BOX_ROWS, s->in_arg, &t->cur_y,
		            &t->cur_x);
	}
	if (!s->in_arg)
		t->cur_y = -1;
}

static int pb_run(struct tui *t, struct pb_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	struct bulk_arg arg = { 0 };
	struct pref_results_arg ra;
	char *text = NULL, *why = NULL;
	int rc;

	if (r == NULL)
		return SCR_HANDLED;
	switch (bulk_actions[r->id - 1].arg) {
	case ARG_LABEL:
		arg.labels = 1u << s->label;
		break;
	case ARG_RANK: {
		char *v = field_utf8(&s->rank);

		rc = form_parse_count(_("Rang"), v, 9999, &arg.rank, &why);
		free(v);
		if (rc != RC_OK) {
			tui_msg_why(t, why, _("Rang invalide."));
			free(why);
			return SCR_HANDLED | SCR_REDRAW;
		}
		break;
	}
	case ARG_TEXT:
		text = editor_utf8(&s->text);
		arg.text = text;
		break;
	default:
		break;
	}
	file_results_free(s->res, s->nres);
	s->res = NULL;
	s->nres = 0;
	rc = uc_bulk(&t->uc, bulk_actions[r->id - 1].a, &arg, s->ids, s->n, &s->res, &why);
	free(text);
	if (rc != RC_OK) {
		tui_msg_why(t, why, _("Action groupée impossible."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	s->nres = s->n;
	pref_envelope_changed();
	ra = (struct pref_results_arg){ .title = _("Action groupée — résultat"), .res = s->res,
		                        .n = s->nres };
	return tui_push(t, &screen_pref_results, &ra);
}

/* The results were read: back to the queue, which reads its rows again. */
static void screen_pb_resume(struct tui *t, void *st, int code, void *result)
{
	if (code == PREF_RESULT_CHANGED)
		(void)tui_pop(t, PREF_RESULT_CHANGED, NULL);
}

static int screen_pb_act(struct tui *t, void *st, int action)
{
	struct pb_state *s = st;

	switch (action) {
	case PB_RUN:
		return pb_run(t, s);
	case PB_LABEL_NEXT:
		s->label = (enum po_label)((s->label + 1) % LABEL_COUNT);
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static int screen_pb_key(struct tui *t, void *st, struct tui_key k)
{
	struct pb_state *s = st;
	int kind = pb_kind(s);
	enum field_result r;

	if ((!k.fn && k.code == '\t') || (k.fn && k.code == KEY_BTAB)) {
		s->in_arg = !s->in_arg && (kind == ARG_RANK || kind == ARG_TEXT);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (!s->in_arg)
		return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED
		                                              : SCR_HANDLED | SCR_REDRAW;
	if (kind == ARG_RANK) {
		r = field_key(&s->rank, k.code, k.fn);
	} else {
		editor_layout(&s->text, COLS - 4, PB_BOX_ROWS);
		r = editor_key(&s->text, k.code, k.fn);
	}
	return r == FIELD_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_pref_bulk = {
	.name = "pref-bulk",
	.help = N_("Une action sur tous les dossiers marqués dans la file. ↑ ↓ choisissent "
		"l'action ; Tab passe au rang ou au texte qu'elle demande ; F6 change d'étiquette ; "
		"F5 lance. Chaque dossier est revérifié dans sa version du moment : le résultat dit, "
		"dossier par dossier, ce qui a été fait et ce qui a été refusé."),
	.state_size = sizeof(struct pb_state),
	.keys = &bulk_keys,
	.enter = screen_pb_enter,
	.draw = screen_pb_draw,
	.act = screen_pb_act,
	.key = screen_pb_key,
	.leave = screen_pb_leave,
	.resume = screen_pb_resume,
};
