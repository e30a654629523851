/*
 * screen-messages.c — « Messages »: the organisation's threads (its
 * pre-order's thread with the préfecture, then each support ticket with the
 * programme team), each with its count of unread messages, in the list
 * widget; Entrée opens a thread (screen_thread), and coming back shows the
 * counts as they now are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/message.h"
#include "core/uc-message.h"
#include "core/preorder-form.h"
#include "core/uc-form.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "tui/thread.h"

#define MSG_THREADS_MAX 64

static const struct list_col msgs_cols[] = { { "", 60, 1, LIST_LEFT, false } };

enum { MSGS_OPEN = 1 };

static const struct tui_keydef msgs_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Ouvrir"), .action = MSGS_OPEN },
};
static const struct tui_keymap msgs_keys = TUI_KEYMAP(msgs_defs);

struct msgs_state {
	struct thread_arg threads[MSG_THREADS_MAX];
	size_t n;
	struct list_mem rows;
	struct list list;
};

static void msgs_add(struct msgs_state *s, enum thread_kind kind, uint64_t id, char *label)
{
	struct thread_arg *th;

	if (s->n >= MSG_THREADS_MAX) {
		free(label);
		return;
	}
	th = &s->threads[s->n++];
	th->kind = kind;
	th->id = id;
	strlcpy_(th->label, label, sizeof th->label);
	free(label);
}

/* The threads and their unread counts, as they are now. */
static void msgs_list(struct tui *t, struct msgs_state *s)
{
	struct preorder *po = xmalloc(sizeof *po);
	struct ticket *tk = NULL;
	size_t nt = 0;

	s->n = 0;
	if (uc_preorder_current(&t->uc, true, po, NULL) == RC_OK)
		msgs_add(s, THREAD_PREORDER, po->id,
		         xasprintf(_("Intention de commande n° %llu — avec la préfecture"),
		                   (unsigned long long)po->id));
	free(po);
	if (uc_tickets(&t->uc, &tk, &nt, NULL) == RC_OK) {
		for (size_t i = nt; i > 0; i--) {
			char *subj = text_sanitize(tk[i - 1].subject, false);

			msgs_add(s, THREAD_TICKET, tk[i - 1].id,
			         xasprintf(_("Assistance n° %llu — %s (%s)"),
			                   (unsigned long long)tk[i - 1].id, subj,
			                   ticket_state_label(tk[i - 1].state)));
			free(subj);
		}
		free(tk);
	}
	list_mem_clear(&s->rows);
	for (size_t i = 0; i < s->n; i++) {
		size_t unread = 0;
		char *line;

		uc_thread_unread(&t->uc, s->threads[i].kind, s->threads[i].id, &unread);
		line = unread > 0 ? xasprintf(ngettext("%s (%zu non lu)", "%s (%zu non lus)", unread),
		                              s->threads[i].label, unread)
		                  : xstrdup(s->threads[i].label);
		{
			const char *cells[] = { line };

			list_mem_add(&s->rows, i + 1, cells);
		}
		free(line);
	}
	(void)list_refresh(&s->list);
}

static int screen_messages_enter(struct tui *t, void *st, const void *arg)
{
	struct msgs_state *s = st;

	(void)arg;
	list_mem_init(&s->rows, 1);
	list_init(&s->list, msgs_cols, 1, &list_mem_source, &s->rows);
	msgs_list(t, s);
	return RC_OK;
}

static void screen_messages_resume(struct tui *t, void *st, int code, void *result)
{
	msgs_list(t, st);
}

static void screen_messages_leave(struct tui *t, void *st)
{
	struct msgs_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
}

static void screen_messages_draw(struct tui *t, void *st)
{
	struct msgs_state *s = st;

	draw_title(t, _("Messages"));
	if (s->n == 0)
		draw_text(3, 2, _("Aucun fil de messages : déposez une intention de commande ou "
		                  "écrivez à l'assistance."), COLS - 4, false);
	/* Labels were sanitised when made. */
	list_draw(&s->list, 3, 2, COLS - 4, LINES - 6, NULL, NULL);
}

static int msgs_open(struct tui *t, struct msgs_state *s)
{
	const struct list_row *r = list_selected(&s->list);

	if (r == NULL || r->id == 0 || r->id > s->n)
		return SCR_IGNORED;
	tui_msg_clear(t);
	return tui_push(t, &screen_thread, &s->threads[r->id - 1]);
}

static int screen_messages_act(struct tui *t, void *st, int action)
{
	return action == MSGS_OPEN ? msgs_open(t, st) : SCR_IGNORED;
}

static int screen_messages_key(struct tui *t, void *st, struct tui_key k)
{
	struct msgs_state *s = st;

	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return msgs_open(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_messages = {
	.name = "messages",
	.help = N_("Messages : un fil par intention de commande (avec la préfecture) et un fil par "
		"demande d'assistance (avec l'équipe du programme).\n\n"
		"↑ ↓ : choisir un fil ; Entrée : l'ouvrir (ses messages sont alors lus).\n"
		"F3, ^B ou Échap : retour."),
	.state_size = sizeof(struct msgs_state),
	.keys = &msgs_keys,
	.enter = screen_messages_enter,
	.draw = screen_messages_draw,
	.act = screen_messages_act,
	.key = screen_messages_key,
	.leave = screen_messages_leave,
	.resume = screen_messages_resume,
};
