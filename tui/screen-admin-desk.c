/*
 * screen-admin-desk.c — « Assistance » for the programme team: every
 * support ticket (number, object, requester, state, last change) in the
 * list widget, searched with '/', filtered by state with 'f'; Entrée opens
 * its thread (screen_thread: read and answer — the answer makes it
 * « répondu » and the requester reads it in « Messages »); 'o', 'r', 'c'
 * set it « ouvert », « répondu », « clos ».
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/uc-message.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "tui/thread.h"

static const struct list_col desk_cols[] = {
	{ N_("N°"), 4, 0, LIST_RIGHT, true },
	{ N_("Objet"), 30, 3, LIST_LEFT, true },
	{ N_("Demandeur"), 12, 1, LIST_LEFT, true },
	{ N_("État"), 8, 0, LIST_LEFT, true },
	{ N_("Modifiée le"), 18, 0, LIST_LEFT, false },
};

enum { DK_OPEN_STATE = 1, DK_ANSWERED, DK_CLOSED, DK_FILTER };

static const struct tui_keydef desk_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Lire, répondre") },
	{ .keys = N_("/"), .label = N_("Chercher") },
	{ .ch = 'f', .keys = N_("f"), .label = N_("Filtre"), .action = DK_FILTER },
	{ .ch = 'o', .keys = N_("o"), .label = N_("Ouvert"), .action = DK_OPEN_STATE,
	  .panel_only = true },
	{ .ch = 'r', .keys = N_("r"), .label = N_("Répondu"), .action = DK_ANSWERED,
	  .panel_only = true },
	{ .ch = 'c', .keys = N_("c"), .label = N_("Clore"), .action = DK_CLOSED },
};
static const struct tui_keymap desk_keys = TUI_KEYMAP(desk_defs);
static const struct tui_keydef search_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Fin de la recherche") },
};
static const struct tui_keymap search_keys = TUI_KEYMAP(search_defs);

/* The filter: every ticket, or those of one state. */
#define DESK_ALL TICKET_STATE_COUNT

struct desk_state {
	struct list_mem rows;
	struct list list;
	unsigned filter;                /* a ticket_state, or DESK_ALL */
	size_t shown, total;
	struct thread_arg th;           /* the thread pushed */
};

static const struct tui_keymap *desk_keymap(struct tui *t, void *st)
{
	return ((struct desk_state *)st)->list.searching ? &search_keys : &desk_keys;
}

static void desk_load(struct tui *t, struct desk_state *s)
{
	struct ticket *tk = NULL;
	size_t n = 0;
	char *why = NULL;

	list_mem_clear(&s->rows);
	s->shown = s->total = 0;
	if (uc_desk_tickets(&t->uc, &tk, &n, &why) != RC_OK) {
		tui_msg_why(t, why, _("Demandes d'assistance illisibles."));
		free(why);
	}
	s->total = n;
	/* newest first */
	for (size_t i = n; i > 0; i--) {
		const struct ticket *k = &tk[i - 1];
		char num[24], when[40];
		const char *cells[5] = { num, k->subject, k->login, ticket_state_label(k->state),
		                         when };

		if (s->filter != DESK_ALL && (unsigned)k->state != s->filter)
			continue;
		snprintf(num, sizeof num, "%llu", (unsigned long long)k->id);
		instant_format(k->updated_at != 0 ? k->updated_at : k->created_at, when, sizeof when);
		list_mem_add(&s->rows, k->id, cells);
		s->shown++;
	}
	free(tk);
	(void)list_refresh(&s->list);
}

static int screen_desk_enter(struct tui *t, void *st, const void *arg)
{
	struct desk_state *s = st;

	s->filter = DESK_ALL;
	list_mem_init(&s->rows, ARRAY_LEN(desk_cols));
	list_init(&s->list, desk_cols, ARRAY_LEN(desk_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;       /* objects and logins came from people */
	s->list.searchable = true;
	desk_load(t, s);
	return RC_OK;
}

static void screen_desk_leave(struct tui *t, void *st)
{
	struct desk_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
}

static void screen_desk_resume(struct tui *t, void *st, int code, void *result)
{
	desk_load(t, st);
}

static void screen_desk_draw(struct tui *t, void *st)
{
	struct desk_state *s = st;
	char pos[64], *line;

	draw_title(t, _("Assistance"));
	line = s->filter == DESK_ALL
	       ? xasprintf(_("Toutes les demandes (%zu)."), s->total)
	       : xasprintf(_("Demandes « %s » : %zu sur %zu."),
	                   ticket_state_label((enum ticket_state)s->filter), s->shown, s->total);
	draw_text(2, 2, line, COLS - 4, false);
	free(line);
	list_draw(&s->list, 4, 2, COLS - 4, LINES - 7, &t->cur_y, &t->cur_x);
	list_position(&s->list, pos, sizeof pos);
	draw_text(LINES - 3, 2, pos, COLS - 4, false);
}

static int desk_open(struct tui *t, struct desk_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	char *subj;

	if (r == NULL || r->id == 0)
		return SCR_IGNORED;
	memset(&s->th, 0, sizeof s->th);
	s->th.kind = THREAD_TICKET;
	s->th.id = r->id;
	subj = text_sanitize(r->cell[1] != NULL ? r->cell[1] : "", false);
	snprintf(s->th.label, sizeof s->th.label, _("Assistance n° %llu — %s"),
	         (unsigned long long)r->id, subj);
	free(subj);
	tui_msg_clear(t);
	return tui_push(t, &screen_thread, &s->th);
}

static int screen_desk_act(struct tui *t, void *st, int action)
{
	struct desk_state *s = st;
	const struct list_row *r = list_selected(&s->list);
	static const enum ticket_state to[] = { [DK_OPEN_STATE] = TICKET_OPEN,
		                                [DK_ANSWERED] = TICKET_ANSWERED,
		                                [DK_CLOSED] = TICKET_CLOSED };
	char *why = NULL;

	if (action == DK_FILTER) {
		s->filter = (s->filter + 1) % (DESK_ALL + 1);
		desk_load(t, s);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (action < DK_OPEN_STATE || action > DK_CLOSED)
		return SCR_IGNORED;
	if (r == NULL || r->id == 0)
		return SCR_HANDLED;
	if (uc_ticket_set_state(&t->uc, r->id, to[action], &why) == RC_OK)
		tui_msg(t, MSG_INFO, _("Demande n° %llu : %s."), (unsigned long long)r->id,
		        ticket_state_label(to[action]));
	else
		tui_msg_why(t, why, _("État de la demande inchangé."));
	free(why);
	desk_load(t, s);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_desk_key(struct tui *t, void *st, struct tui_key k)
{
	struct desk_state *s = st;

	if (!s->list.searching && tui_key_enter(k))
		return desk_open(t, s);
	return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_admin_desk = {
	.name = "admin-desk",
	.help = N_("Assistance : les demandes écrites par les utilisateurs depuis « Contacter "
		"l'assistance », les plus récentes en tête.\n\nEntrée : lire la demande et y "
		"répondre (la réponse la passe « répondu » et le demandeur la lit dans « Messages ») ; "
		"/ : chercher (objet, demandeur) ; f : n'afficher que les demandes ouvertes, "
		"répondues, closes, ou toutes ; o, r, c : passer la demande « ouvert », « répondu » "
		"ou « clos ». Un nouveau message du demandeur la rouvre."),
	.state_size = sizeof(struct desk_state),
	.keymap = desk_keymap,
	.enter = screen_desk_enter,
	.draw = screen_desk_draw,
	.act = screen_desk_act,
	.key = screen_desk_key,
	.leave = screen_desk_leave,
	.resume = screen_desk_resume,
};
