/*
 * screen-support.c — « Contacter l'assistance »: an object (one line) and a
 * message (multi-line editor) filed as a support ticket of the programme
 * team with F5/^D; the answer arrives in « Messages ».
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/message.h"
#include "core/uc-message.h"
#include "tui/editor.h"
#include "tui/field.h"
#include "tui/screen.h"

#define SUPPORT_BOX_TOP 7
#define SUPPORT_BOX_ROWS 10

enum { SUP_SEND = 1 };

static const struct tui_keydef support_defs[] = {
	{ .keys = N_("Tab"), .label = N_("Champ") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Envoyer"), .action = SUP_SEND },
};
static const struct tui_keymap support_keys = TUI_KEYMAP(support_defs);

struct support_state {
	struct field subject;
	struct editor body;
	int focus;                  /* 0 subject, 1 message */
};

static int screen_support_enter(struct tui *t, void *st, const void *arg)
{
	struct support_state *s = st;

	(void)arg;
	field_init(&s->subject, FIELD_TEXT, TICKET_SUBJECT_MAX, false, false);
	editor_init(&s->body, MESSAGE_BODY_MAX);
	return RC_OK;
}

static void screen_support_leave(struct tui *t, void *st)
{
	struct support_state *s = st;

	field_free(&s->subject);
	editor_free(&s->body);
}

static void screen_support_draw(struct tui *t, void *st)
{
	struct support_state *s = st;
	char *count = xasprintf(_("%zu / %d caractères"), s->body.len, MESSAGE_BODY_MAX);

	draw_title(t, _("Contacter l'assistance"));
	draw_wrapped(1, 2, _("Votre question à l'équipe du programme ; la réponse arrivera dans "
	                     "« Messages »."), 2);
	draw_text(4, 0, s->focus == 0 ? "▸" : " ", 1, false);
	draw_text(4, 2, _("Objet"), 10, false);
	field_draw(&s->subject, stdscr, 4, 12, COLS - 14, s->focus == 0, &t->cur_y, &t->cur_x);
	draw_text(6, 0, s->focus == 1 ? "▸" : " ", 1, false);
	draw_text(6, 2, _("Message :"), 12, false);
	editor_draw(&s->body, SUPPORT_BOX_TOP, 2, COLS - 4, SUPPORT_BOX_ROWS, s->focus == 1,
	            &t->cur_y, &t->cur_x);
	draw_text(SUPPORT_BOX_TOP + SUPPORT_BOX_ROWS + 1, 2, count, COLS - 4, false);
	free(count);
}

static int support_send(struct tui *t, struct support_state *s)
{
	char *subj = field_utf8(&s->subject), *body = editor_utf8(&s->body), *why = NULL;
	uint64_t id = 0;

	if (uc_ticket_open(&t->uc, subj, body, &id, &why) == RC_OK) {
		field_clear(&s->subject);
		editor_set_utf8(&s->body, "");
		s->focus = 0;
		tui_msg(t, MSG_INFO, _("Demande n° %llu envoyée : la réponse arrivera dans "
		                       "« Messages »."), (unsigned long long)id);
	} else {
		tui_msg_why(t, why, _("demande non envoyée."));
	}
	free(subj);
	free(body);
	free(why);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_support_act(struct tui *t, void *st, int action)
{
	return action == SUP_SEND ? support_send(t, st) : SCR_IGNORED;
}

static int screen_support_key(struct tui *t, void *st, struct tui_key k)
{
	struct support_state *s = st;
	enum field_result r;

	if ((!k.fn && k.code == '\t') || (k.fn && k.code == KEY_BTAB) ||
	    (s->focus == 0 && tui_key_enter(k))) {
		s->focus = 1 - s->focus;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (s->focus == 0)
		r = field_key(&s->subject, k.code, k.fn);
	else {
		editor_layout(&s->body, COLS - 4, SUPPORT_BOX_ROWS);
		r = editor_key(&s->body, k.code, k.fn);
	}
	if (r == FIELD_IGNORED && !k.fn && k.code < 0x20) {
		tui_msg(t, MSG_ERROR, _("Caractère de contrôle refusé."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (r == FIELD_REFUSED && !k.fn && k.code >= 0x20)
		tui_msg(t, MSG_ERROR, _("Texte trop long."));
	return r == FIELD_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_support = {
	.name = "support",
	.help = N_("Contacter l'assistance : écrivez l'objet puis le message (Tab passe de l'un "
		"à l'autre) et envoyez avec F5 ou ^D. L'équipe du programme répond dans "
		"« Messages ».\nF3, ^B ou Échap : retour."),
	.state_size = sizeof(struct support_state),
	.keys = &support_keys,
	.enter = screen_support_enter,
	.draw = screen_support_draw,
	.act = screen_support_act,
	.key = screen_support_key,
	.leave = screen_support_leave,
};
