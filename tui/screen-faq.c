/*
 * screen-faq.c — « Questions fréquentes »: the questions of core's FAQ
 * for the reader's role (faq_for_role: what recond does today for it),
 * grouped by section in the list widget (searchable with /); Entrée opens
 * the answer (screen_faq_answer), word-wrapped to the window and
 * scrollable; Retour comes back to the same question.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "tui/textview.h"

static const struct list_col faq_cols[] = { { "", 40, 1, LIST_LEFT, false } };

enum { FAQ_READ = 1 };

static const struct tui_keydef faq_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Lire"), .action = FAQ_READ },
	{ .keys = "/", .label = N_("Chercher"), .panel_only = true },
};
static const struct tui_keymap faq_keys = TUI_KEYMAP(faq_defs);

struct faq_state {
	const struct faq_entry *faq[FAQ_ENTRIES_MAX];   /* static entries */
	size_t nfaq;
	struct list_mem rows;
	struct list list;
};

static int screen_faq_enter(struct tui *t, void *st, const void *arg)
{
	struct faq_state *s = st;
	const char *section = NULL;

	(void)arg;
	/* A sign-up session reads what is meant for everyone. */
	s->nfaq = faq_for_role(t->signup ? ROLE_NONE : t->me.actor.role, s->faq, FAQ_ENTRIES_MAX);
	list_mem_init(&s->rows, 1);
	for (size_t i = 0; i < s->nfaq; i++) {
		const char *cells[] = { _(s->faq[i]->question) };

		if (section == NULL || strcmp(section, s->faq[i]->section) != 0) {
			section = s->faq[i]->section;
			list_mem_add_group(&s->rows, _(section));
		}
		list_mem_add(&s->rows, i + 1, cells);
	}
	list_init(&s->list, faq_cols, 1, &list_mem_source, &s->rows);
	s->list.searchable = true;
	return list_refresh(&s->list);
}

static void screen_faq_leave(struct tui *t, void *st)
{
	struct faq_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
}

static void screen_faq_draw(struct tui *t, void *st)
{
	struct faq_state *s = st;

	draw_title(t, _("Questions fréquentes"));
	draw_text(1, 2, _("Questions fréquentes"), COLS - 4, false);
	list_draw(&s->list, 2, 4, COLS - 6, LINES - 4, &t->cur_y, &t->cur_x);
}

static int faq_read(struct tui *t, struct faq_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	size_t i;

	if (r == NULL || r->id == 0 || r->id > s->nfaq)
		return SCR_IGNORED;
	i = (size_t)r->id - 1;
	return tui_push(t, &screen_faq_answer, s->faq[i]);
}

static int screen_faq_act(struct tui *t, void *st, int action)
{
	return action == FAQ_READ ? faq_read(t, st) : SCR_IGNORED;
}

static int screen_faq_key(struct tui *t, void *st, struct tui_key k)
{
	struct faq_state *s = st;

	if (!s->list.searching) {
		if ((k.fn && k.code == KEY_LEFT) || (!k.fn && k.code == 'q'))
			return tui_pop(t, 0, NULL);
		if (k.fn && k.code == KEY_RIGHT)
			return faq_read(t, s);
	}
	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return faq_read(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_faq = {
	.name = "faq",
	.help = N_("Questions fréquentes sur le programme.\n\n"
		"Dans la liste : ↑ ↓ (ou Tab, Maj-Tab) choisissent une question, "
		"Entrée (ou →) affiche la réponse, / cherche dans les questions, "
		"Échap, F3 ou ^B revient au menu."),
	.state_size = sizeof(struct faq_state),
	.keys = &faq_keys,
	.enter = screen_faq_enter,
	.draw = screen_faq_draw,
	.act = screen_faq_act,
	.key = screen_faq_key,
	.leave = screen_faq_leave,
};

/* ---- one answer ---- */

static const struct tui_keydef answer_defs[] = {
	{ .keys = N_("↑↓ PgPréc/PgSuiv"), .label = N_("Défiler") },
};
static const struct tui_keymap answer_keys = TUI_KEYMAP(answer_defs);

struct answer_state {
	const struct faq_entry *e;
	struct textview view;
	int wrapped_cols;
};

static void answer_wrap(struct answer_state *s)
{
	textview_clear(&s->view);
	textview_add(&s->view, _(s->e->question), COLS - 6, false, true);
	textview_add(&s->view, "", COLS - 6, false, false);
	textview_add(&s->view, _(s->e->answer), COLS - 6, false, false);
	s->wrapped_cols = COLS;
}

static int screen_answer_enter(struct tui *t, void *st, const void *arg)
{
	struct answer_state *s = st;

	s->e = arg;
	answer_wrap(s);
	return RC_OK;
}

static void screen_answer_leave(struct tui *t, void *st)
{
	struct answer_state *s = st;

	textview_clear(&s->view);
}

static void screen_answer_draw(struct tui *t, void *st)
{
	struct answer_state *s = st;
	char pos[64];
	size_t top = s->view.top;

	if (s->wrapped_cols != COLS) {
		answer_wrap(s);
		s->view.top = top;
	}
	draw_title(t, _("Questions fréquentes"));
	draw_text(1, 2, _(s->e->section), COLS - 28, false);
	textview_draw(&s->view, 2, 3, COLS - 6, LINES - 4);
	textview_position(&s->view, pos, sizeof pos);
	draw_text(1, COLS - 2 - draw_width(pos), pos, 26, false);
}

static int screen_answer_key(struct tui *t, void *st, struct tui_key k)
{
	struct answer_state *s = st;

	if (textview_key(&s->view, &k, LINES - 4))
		return SCR_HANDLED | SCR_REDRAW;
	if (!k.fn && (k.code == TUI_CTRL('x') || k.code == '?'))
		return SCR_IGNORED;
	if (k.fn && k.code == KEY_F(10))
		return SCR_IGNORED;
	/* ← and any other key: back to the list. */
	return tui_pop(t, 0, NULL);
}

const struct screen screen_faq_answer = {
	.name = "faq-answer",
	.help = N_("Une réponse des questions fréquentes.\n\n"
		"↑ ↓, PgPréc, PgSuiv, Début, Fin et Espace font défiler le texte ; "
		"Échap, F3, ^B ou toute autre touche revient à la liste."),
	.state_size = sizeof(struct answer_state),
	.keys = &answer_keys,
	.enter = screen_answer_enter,
	.draw = screen_answer_draw,
	.key = screen_answer_key,
	.leave = screen_answer_leave,
};
