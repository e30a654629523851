/*
 * screen-messages.c — « Messages »: the organisation's threads (its
 * pre-order's thread with the préfecture, then each support ticket with the
 * programme team), each with its count of unread messages; Enter opens a
 * thread: its messages (newest at the bottom, older with F7/^T), marked
 * read, and a box to write an answer sent with F5/^D. Every message is
 * text from a person: sanitised when drawn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/uc-message.h"
#include "core/uc-form.h"
#include "tui/editor.h"
#include "tui/screen.h"

#define MSG_THREADS_MAX 64
#define MSG_BOX_ROWS 4

struct msg_thread {
	enum thread_kind kind;
	uint64_t id;
	char label[TICKET_SUBJECT_BYTES + 80];
	size_t unread;
};

struct msgs_state {
	struct actor actor;
	struct uc uc;
	struct msg_thread threads[MSG_THREADS_MAX];
	size_t n, sel;
	bool open;                   /* a thread is shown */
	char **lines;                /* its messages, wrapped and sanitised */
	size_t nlines;
	size_t back;                 /* lines scrolled back from the newest */
	struct editor box;
};

static void msgs_free_lines(struct msgs_state *s)
{
	wrap_free(s->lines, s->nlines);
	s->lines = NULL;
	s->nlines = 0;
}

static void msgs_list(struct msgs_state *s)
{
	struct preorder *po = xmalloc(sizeof *po);
	struct ticket *t = NULL;
	size_t nt = 0;

	s->n = 0;
	if (uc_preorder_current(&s->uc, true, po, NULL) == RC_OK) {
		struct msg_thread *th = &s->threads[s->n++];

		th->kind = THREAD_PREORDER;
		th->id = po->id;
		snprintf(th->label, sizeof th->label, "Intention de commande n° %llu — avec la "
		         "préfecture", (unsigned long long)po->id);
	}
	free(po);
	if (uc_tickets(&s->uc, &t, &nt, NULL) == RC_OK) {
		for (size_t i = nt; i > 0 && s->n < MSG_THREADS_MAX; i--) {
			struct msg_thread *th = &s->threads[s->n++];
			char *subj = text_sanitize(t[i - 1].subject, false);

			th->kind = THREAD_TICKET;
			th->id = t[i - 1].id;
			snprintf(th->label, sizeof th->label, "Assistance n° %llu — %s",
			         (unsigned long long)t[i - 1].id, subj);
			free(subj);
		}
		free(t);
	}
	for (size_t i = 0; i < s->n; i++)
		uc_thread_unread(&s->uc, s->threads[i].kind, s->threads[i].id, &s->threads[i].unread);
	if (s->sel >= s->n)
		s->sel = 0;
}

static void msgs_load_thread(struct tui *t, struct msgs_state *s)
{
	struct msg_thread *th = &s->threads[s->sel];
	struct message *m = NULL;
	size_t n = 0;
	char *why = NULL;

	msgs_free_lines(s);
	if (uc_message_thread(&s->uc, th->kind, th->id, true, &m, &n, &why) != RC_OK) {
		tui_msg(t, MSG_ERROR, "%s", why ? why : "messages illisibles.");
		free(why);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char when[40], *head, *body = text_sanitize(m[i].body, true), **w = NULL;
		char *login = text_sanitize(m[i].author_login, false);
		size_t nw = 0;

		head = xasprintf("— %s, %s (%s) :", instant_format(m[i].at, when, sizeof when), login,
		                 role_label(m[i].author_role));
		wrap_text(head, COLS - 4, &w, &nw);
		s->lines = xrealloc(s->lines, (s->nlines + nw + 1) * sizeof *s->lines);
		for (size_t k = 0; k < nw; k++)
			s->lines[s->nlines++] = w[k];
		free(w);
		wrap_text(body, COLS - 6, &w, &nw);
		s->lines = xrealloc(s->lines, (s->nlines + nw + 1) * sizeof *s->lines);
		for (size_t k = 0; k < nw; k++) {
			s->lines[s->nlines++] = xasprintf("  %s", w[k]);
			free(w[k]);
		}
		free(w);
		free(head);
		free(body);
		free(login);
	}
	free(m);
	s->back = 0;
	th->unread = 0;
	if (n == 0)
		tui_msg(t, MSG_INFO, "Aucun message pour l'instant : écrivez le premier ci-dessous.");
}

static int screen_messages_enter(struct tui *t)
{
	struct msgs_state *s = xcalloc(1, sizeof *s);

	t->state[SCREEN_MESSAGES] = s;
	editor_init(&s->box, MESSAGE_BODY_MAX);
	if (uc_actor_load(t->st, t->acct.id, &s->actor, NULL) == RC_OK) {
		s->uc.st = t->st;
		s->uc.actor = &s->actor;
		msgs_list(s);
	}
	return RC_OK;
}

static void screen_messages_leave(struct tui *t)
{
	struct msgs_state *s = t->state[SCREEN_MESSAGES];

	if (s == NULL)
		return;
	msgs_free_lines(s);
	editor_free(&s->box);
	free(s);
	t->state[SCREEN_MESSAGES] = NULL;
}

static void screen_messages_draw(struct tui *t)
{
	struct msgs_state *s = t->state[SCREEN_MESSAGES];

	if (!s->open) {
		draw_title(t, "Messages");
		if (s->n == 0)
			draw_text(3, 2, "Aucun fil de messages : déposez une intention de commande ou "
			                "écrivez à l'assistance.", COLS - 4, false);
		for (size_t i = 0; i < s->n; i++) {
			char *line = s->threads[i].unread > 0
			        ? xasprintf("%s (%zu non lu%s)", s->threads[i].label,
			                    s->threads[i].unread, s->threads[i].unread > 1 ? "s" : "")
			        : xstrdup(s->threads[i].label);

			/* Labels were sanitised when made. */
			draw_item(3 + (int)i, 2, COLS - 4, line, i == s->sel, false);
			free(line);
		}
		draw_help_line(" F1/^G Aide  ↑↓ Choisir  Entrée Ouvrir  F3/^B Retour");
		return;
	}
	{
		int top = 2, rows = LINES - 4 - MSG_BOX_ROWS - 2;
		size_t last = s->nlines > s->back ? s->nlines - s->back : 0;
		size_t first = last > (size_t)rows ? last - (size_t)rows : 0;

		draw_title(t, s->threads[s->sel].label);
		for (size_t i = first; i < last; i++)
			draw_text(top + (int)(i - first), 2, s->lines[i], COLS - 4, false);
		attrset(A_BOLD);
		draw_text(LINES - 3 - MSG_BOX_ROWS - 1, 0, "Votre réponse (F5/^D pour l'envoyer) :",
		          COLS, true);
		attrset(A_NORMAL);
		editor_draw(&s->box, LINES - 3 - MSG_BOX_ROWS, 2, COLS - 4, MSG_BOX_ROWS, true,
		            &t->cur_y, &t->cur_x);
		draw_help_line(" F1/^G Aide  F5/^D Envoyer  F7/^T Plus anciens  F8/^Y Plus récents  "
		               "F3/^B Retour");
	}
}

static bool msgs_key_is(struct tui_key k, int fkey, int ctrl)
{
	return (k.fn && k.code == (wint_t)KEY_F(fkey)) ||
	       (!k.fn && k.code == (wint_t)TUI_CTRL(ctrl));
}

static int msgs_send(struct tui *t, struct msgs_state *s)
{
	struct msg_thread *th = &s->threads[s->sel];
	char *body = editor_utf8(&s->box), *why = NULL;

	if (uc_message_post(&s->uc, th->kind, th->id, body, &why) == RC_OK) {
		editor_set_utf8(&s->box, "");
		msgs_load_thread(t, s);
		tui_msg(t, MSG_INFO, "Message envoyé.");
	} else {
		tui_msg(t, MSG_ERROR, "%s", why ? why : "message non envoyé.");
	}
	free(body);
	free(why);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_messages_key(struct tui *t, struct tui_key k)
{
	struct msgs_state *s = t->state[SCREEN_MESSAGES];
	enum field_result r;

	if (!s->open) {
		if (tui_key_back(k)) {
			t->next = SCREEN_HOME;
			return SCR_HANDLED | SCR_SWITCH;
		}
		if (s->n == 0)
			return SCR_IGNORED;
		if (k.fn && k.code == KEY_UP) {
			s->sel = (s->sel + s->n - 1) % s->n;
			return SCR_HANDLED | SCR_REDRAW;
		}
		if ((k.fn && k.code == KEY_DOWN) || (!k.fn && k.code == '\t')) {
			s->sel = (s->sel + 1) % s->n;
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (tui_key_enter(k)) {
			s->open = true;
			tui_msg_clear(t);
			msgs_load_thread(t, s);
			return SCR_HANDLED | SCR_REDRAW;
		}
		return SCR_IGNORED;
	}
	if (tui_key_back(k)) {
		s->open = false;
		msgs_free_lines(s);
		msgs_list(s);
		tui_msg_clear(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (msgs_key_is(k, 5, 'd'))
		return msgs_send(t, s);
	if (msgs_key_is(k, 7, 't')) {
		if (s->back + 1 < s->nlines)
			s->back++;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (msgs_key_is(k, 8, 'y')) {
		if (s->back > 0)
			s->back--;
		return SCR_HANDLED | SCR_REDRAW;
	}
	editor_layout(&s->box, COLS - 4, MSG_BOX_ROWS);
	r = editor_key(&s->box, k.code, k.fn);
	if (r == FIELD_IGNORED && !k.fn && k.code < 0x20) {
		tui_msg(t, MSG_ERROR, "Caractère de contrôle refusé.");
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (r == FIELD_REFUSED && !k.fn && k.code >= 0x20)
		tui_msg(t, MSG_ERROR, "Message trop long : %d caractères au plus.", MESSAGE_BODY_MAX);
	return r == FIELD_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_messages = {
	.name = "messages",
	.help = "Messages : un fil par intention de commande (avec la préfecture) et un fil par "
		"demande d'assistance (avec l'équipe du programme).\n\n"
		"↑ ↓ : choisir un fil ; Entrée : l'ouvrir (ses messages sont alors lus).\n"
		"Dans un fil : écrivez votre réponse, F5 ou ^D l'envoie ; F7 ou ^T remonte vers "
		"les plus anciens, F8 ou ^Y redescend.\n"
		"F3, ^B ou Échap : retour.",
	.enter = screen_messages_enter,
	.draw = screen_messages_draw,
	.key = screen_messages_key,
	.leave = screen_messages_leave,
};
