/*
 * screen-thread.c — one message thread: its messages (newest at the
 * bottom, older with F7/^T), marked read as they are shown, and a box to
 * write an answer sent with F5/^D. Every message is text from a person:
 * sanitised when drawn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/message.h"
#include "core/uc-message.h"
#include "tui/editor.h"
#include "tui/screen.h"
#include "tui/textview.h"
#include "tui/thread.h"

#define MSG_BOX_ROWS 4

enum { TH_SEND = 1, TH_OLDER, TH_NEWER };

static const struct tui_keydef thread_defs[] = {
	{ .fkey = 5, .ctrl = 'd', .label = N_("Envoyer"), .action = TH_SEND },
	{ .fkey = 7, .ctrl = 't', .label = N_("Plus anciens"), .action = TH_OLDER },
	{ .fkey = 8, .ctrl = 'y', .label = N_("Plus récents"), .action = TH_NEWER },
};
static const struct tui_keymap thread_keys = TUI_KEYMAP(thread_defs);

struct thread_state {
	struct thread_arg th;
	struct textview view;
	size_t back;                 /* lines scrolled back from the newest */
	struct editor box;
};

static void thread_load(struct tui *t, struct thread_state *s)
{
	struct message *m = NULL;
	size_t n = 0;
	char *why = NULL;

	textview_clear(&s->view);
	if (uc_message_thread(&t->uc, s->th.kind, s->th.id, true, &m, &n, &why) != RC_OK) {
		tui_msg_why(t, why, _("messages illisibles."));
		free(why);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char when[40], *head, *body;
		char *login = text_sanitize(m[i].author_login, false);

		head = xasprintf(_("— %s, %s (%s) :"), instant_format(m[i].at, when, sizeof when), login,
		                 role_label(m[i].author_role));
		textview_add(&s->view, head, COLS - 4, false, false);
		body = text_sanitize(m[i].body, true);
		{
			/* The body, indented by two columns. */
			struct textview part = { 0 };

			textview_add(&part, body, COLS - 6, false, false);
			for (size_t k = 0; k < part.n; k++) {
				char *line = xasprintf("  %s", part.lines[k]);

				textview_add(&s->view, line, COLS - 2, false, false);
				free(line);
			}
			textview_clear(&part);
		}
		free(head);
		free(body);
		free(login);
	}
	free(m);
	s->back = 0;
	if (n == 0)
		tui_msg(t, MSG_INFO, _("Aucun message pour l'instant : écrivez le premier ci-dessous."));
}

static int screen_thread_enter(struct tui *t, void *st, const void *arg)
{
	struct thread_state *s = st;

	s->th = *(const struct thread_arg *)arg;
	editor_init(&s->box, MESSAGE_BODY_MAX);
	thread_load(t, s);
	return RC_OK;
}

static void screen_thread_leave(struct tui *t, void *st)
{
	struct thread_state *s = st;

	textview_clear(&s->view);
	editor_free(&s->box);
}

static int thread_rows(void)
{
	return LINES - 4 - MSG_BOX_ROWS - 2;
}

static void screen_thread_draw(struct tui *t, void *st)
{
	struct thread_state *s = st;
	int rows = thread_rows();
	size_t last = s->view.n > s->back ? s->view.n - s->back : 0;

	draw_title(t, s->th.label);
	s->view.top = last > (size_t)rows ? last - (size_t)rows : 0;
	textview_draw(&s->view, 2, 2, COLS - 4, (int)(last - s->view.top));
	attrset(A_BOLD);
	draw_text(LINES - 3 - MSG_BOX_ROWS - 1, 0, _("Votre réponse (F5/^D pour l'envoyer) :"),
	          COLS, true);
	attrset(A_NORMAL);
	editor_draw(&s->box, LINES - 3 - MSG_BOX_ROWS, 2, COLS - 4, MSG_BOX_ROWS, true,
	            &t->cur_y, &t->cur_x);
}

static int thread_send(struct tui *t, struct thread_state *s)
{
	char *body = editor_utf8(&s->box), *why = NULL;

	if (uc_message_post(&t->uc, s->th.kind, s->th.id, body, &why) == RC_OK) {
		editor_set_utf8(&s->box, "");
		thread_load(t, s);
		tui_msg(t, MSG_INFO, _("Message envoyé."));
	} else {
		tui_msg_why(t, why, _("message non envoyé."));
	}
	free(body);
	free(why);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_thread_act(struct tui *t, void *st, int action)
{
	struct thread_state *s = st;

	switch (action) {
	case TH_SEND:
		return thread_send(t, s);
	case TH_OLDER:
		if (s->back + 1 < s->view.n)
			s->back++;
		return SCR_HANDLED | SCR_REDRAW;
	case TH_NEWER:
		if (s->back > 0)
			s->back--;
		return SCR_HANDLED | SCR_REDRAW;
	case TK_BACK:
		tui_msg_clear(t);
		return tui_pop(t, 0, NULL);
	default:
		return SCR_IGNORED;
	}
}

static int screen_thread_key(struct tui *t, void *st, struct tui_key k)
{
	struct thread_state *s = st;
	enum field_result r;

	editor_layout(&s->box, COLS - 4, MSG_BOX_ROWS);
	r = editor_key(&s->box, k.code, k.fn);
	if (r == FIELD_IGNORED && !k.fn && k.code < 0x20) {
		tui_msg(t, MSG_ERROR, _("Caractère de contrôle refusé."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (r == FIELD_REFUSED && !k.fn && k.code >= 0x20)
		tui_msg(t, MSG_ERROR, _("Message trop long : %d caractères au plus."), MESSAGE_BODY_MAX);
	return r == FIELD_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_thread = {
	.name = "thread",
	.help = N_("Un fil de messages : ses messages sont lus dès qu'ils s'affichent.\n\n"
		"Écrivez votre réponse, F5 ou ^D l'envoie ; F7 ou ^T remonte vers les plus "
		"anciens, F8 ou ^Y redescend.\nF3, ^B ou Échap : retour à la liste des fils."),
	.state_size = sizeof(struct thread_state),
	.keys = &thread_keys,
	.enter = screen_thread_enter,
	.draw = screen_thread_draw,
	.act = screen_thread_act,
	.key = screen_thread_key,
	.leave = screen_thread_leave,
};
