/*
 * screen-home.c — the home screen: the title line and the main menu, made
 * from the registry (the entries the session's actor may open, asked of
 * may()), with « Reprendre là où vous étiez » first when the person left a
 * draft of the pre-order form and the count of unread messages.
 */
#include <stdlib.h>

#include "core/core.h"
#include "core/message.h"
#include "core/uc-message.h"
#include "core/preorder-form.h"
#include "core/uc-form.h"
#include "tui/list.h"
#include "tui/po-form.h"
#include "tui/screen.h"

#define HOME_ENTRIES_MAX 24
#define HOME_ID_RESUME 1000    /* list ids: entry i is i + 1, these two stand apart */
#define HOME_ID_QUIT 1001

static const struct list_col home_cols[] = { { "", 36, 1, LIST_LEFT, false } };

enum { HOME_OPEN = 1 };

static const struct tui_keydef home_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Ouvrir"), .action = HOME_OPEN },
	{ .fkey = 10, .ctrl = 'x', .ch = 'q', .keys = "F10/^X/q", .label = N_("Quitter"),
	  .action = TK_QUIT },
	{ .action = TK_BACK, .absent = true },  /* the first screen: nothing to go back to */
};
static const struct tui_keymap home_keys = TUI_KEYMAP(home_defs);

struct home_state {
	const struct tui_entry *entries[HOME_ENTRIES_MAX];
	size_t n;
	struct list_mem rows;
	struct list list;
	char *complement;             /* the prompt of a complement asked, or NULL */
};

/* The prompt of a complement the préfecture asked on the organisation's pre-order, or NULL. */
static char *home_complement(struct tui *t)
{
	struct perm_object own = { .org_id = t->me.actor.org_id };
	struct preorder *po;
	char *prompt = NULL;

	strlcpy_(own.dept, t->me.actor.dept, sizeof own.dept);
	if (!may(&t->me.actor, ACT_PREORDER_EDIT, &own))
		return NULL;
	po = xcalloc(1, sizeof *po);
	if (uc_preorder_current(&t->uc, true, po, NULL) == RC_OK)
		prompt = po_complement_prompt(t, po);
	free(po);
	return prompt;
}

/* True when the person has a draft of the pre-order form. */
static bool home_has_draft(struct tui *t)
{
	struct draft d;
	struct perm_object own = { .org_id = t->me.actor.org_id };

	strlcpy_(own.dept, t->me.actor.dept, sizeof own.dept);
	if (!may(&t->me.actor, ACT_PREORDER_EDIT, &own) ||
	    uc_draft_get(&t->uc, PREORDER_FORM, &d, NULL) != RC_OK)
		return false;
	draft_clear(&d);
	return true;
}

/* Builds the menu rows, keeping the selection on the same entry. */
static void home_build(struct tui *t, struct home_state *s)
{
	size_t unread = 0;

	list_mem_clear(&s->rows);
	free(s->complement);
	s->complement = t->signup ? NULL : home_complement(t);
	if (!t->signup && home_has_draft(t)) {
		const char *cells[] = { _("Reprendre là où vous étiez") };

		list_mem_add(&s->rows, HOME_ID_RESUME, cells);
	}
	s->n = tui_menu_entries(&t->me.actor, MENU_HOME, s->entries, HOME_ENTRIES_MAX);
	(void)uc_inbox_unread(&t->uc, &unread, NULL);
	for (size_t i = 0; i < s->n; i++) {
		char *label = s->entries[i]->action == ACT_MESSAGE_READ && unread > 0
		        ? xasprintf(ngettext("%s (%zu non lu)", "%s (%zu non lus)", unread),
		                    _(s->entries[i]->label), unread)
		        : xstrdup(_(s->entries[i]->label));
		const char *cells[] = { label };

		list_mem_add(&s->rows, i + 1, cells);
		free(label);
	}
	{
		const char *cells[] = { _("Quitter") };

		list_mem_add(&s->rows, HOME_ID_QUIT, cells);
	}
	(void)list_refresh(&s->list);
}

static int screen_home_enter(struct tui *t, void *st, const void *arg)
{
	struct home_state *s = st;

	(void)arg;
	list_mem_init(&s->rows, 1);
	list_init(&s->list, home_cols, 1, &list_mem_source, &s->rows);
	home_build(t, s);
	return RC_OK;
}

/* Back from a screen: the draft or the unread count may have changed. */
static void screen_home_resume(struct tui *t, void *st, int code, void *result)
{
	(void)code;
	(void)result;
	home_build(t, st);
}

static void screen_home_leave(struct tui *t, void *st)
{
	struct home_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
	free(s->complement);
}

static void screen_home_draw(struct tui *t, void *st)
{
	struct home_state *s = st;

	draw_title(t, NULL);
	draw_text(2, 2, _("Menu principal"), COLS - 4, false);
	list_draw(&s->list, 4, 4, 40, (int)s->list.total, NULL, NULL);
	if (t->me.has_org && t->me.org_status == ORG_PENDING)
		/* A signed-up organisation not validated yet: say what it may do meanwhile. */
		draw_wrapped(LINES - 6, 2, _("Votre organisation est en attente de validation par "
		             "l'équipe du programme. Vous pouvez déjà préparer votre intention de "
		             "commande et l'enregistrer en brouillon ; vous pourrez la déposer une "
		             "fois l'inscription validée."), 3);
	else if (t->me.has_org && t->me.org_status == ORG_REFUSED) {
		/* Refused: say why, in the team's words (text from a person). */
		char *reason = text_sanitize(t->me.org_refusal, false);
		char *line = reason[0] != '\0'
		             ? xasprintf(_("L'inscription de votre organisation a été refusée par "
		                           "l'équipe du programme. Motif : « %s ». Pour en parler, "
		                           "écrivez à l'assistance."), reason)
		             : xstrdup(_("L'inscription de votre organisation a été refusée par "
		                         "l'équipe du programme. Pour en parler, écrivez à "
		                         "l'assistance."));

		draw_wrapped(LINES - 7, 2, line, 4);
		free(line);
		free(reason);
	} else if (s->complement != NULL) {
		char *clean = text_sanitize(s->complement, false);

		attrset(A_BOLD);
		draw_wrapped(LINES - 7, 2, clean, 4);
		attrset(A_NORMAL);
		free(clean);
	}
}

static int home_open(struct tui *t, struct home_state *s)
{
	const struct list_row *r = list_selected(&s->list);

	if (r == NULL)
		return SCR_IGNORED;
	tui_msg_clear(t);
	if (r->id == HOME_ID_QUIT)
		return SCR_HANDLED | SCR_QUIT;
	if (r->id == HOME_ID_RESUME)
		return preorder_resume(t);
	if (r->id >= 1 && r->id <= s->n)
		return tui_entry_open(t, s->entries[r->id - 1]);
	return SCR_IGNORED;
}

static int screen_home_act(struct tui *t, void *st, int action)
{
	switch (action) {
	case HOME_OPEN:
		return home_open(t, st);
	case TK_BACK:
		return SCR_HANDLED;     /* the first screen: nothing to go back to */
	default:
		return SCR_IGNORED;
	}
}

static int screen_home_key(struct tui *t, void *st, struct tui_key k)
{
	struct home_state *s = st;

	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return home_open(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		tui_msg_clear(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_home = {
	.name = "home",
	.help = N_("Menu principal de recond.\n\n"
		"↑ ↓ (ou Tab, Maj-Tab, ^N, ^P) : choisir une rubrique.\n"
		"Entrée : ouvrir la rubrique choisie.\n\n"
		"Sur tous les écrans : F3 ou ^B (ou Échap) revient en arrière, "
		"la dernière ligne rappelle les touches utiles."),
	.state_size = sizeof(struct home_state),
	.keys = &home_keys,
	.enter = screen_home_enter,
	.draw = screen_home_draw,
	.act = screen_home_act,
	.key = screen_home_key,
	.leave = screen_home_leave,
	.resume = screen_home_resume,
};
