/*
 * screen-panel.c — a framed, titled text over the screen below it (the
 * minimum configuration of a lot, who changed a file since it was read):
 * any key closes it and goes back to that screen as it was.
 */
#include <stdlib.h>

#include "core/core.h"
#include "core/util.h"
#include "tui/screen.h"

struct panel_state {
	char *title;
	char *text;              /* sanitised */
	char *keys;
};

static int screen_panel_enter(struct tui *t, void *st, const void *arg)
{
	const struct panel_arg *a = arg;
	struct panel_state *s = st;

	s->title = xstrdup(a->title != NULL ? a->title : "");
	s->text = text_sanitize(a->text, true);
	s->keys = xstrdup(a->keys != NULL ? a->keys : _(" Une touche pour revenir"));
	return RC_OK;
}

static void screen_panel_leave(struct tui *t, void *st)
{
	struct panel_state *s = st;

	free(s->title);
	free(s->text);
	free(s->keys);
}

static void screen_panel_draw(struct tui *t, void *st)
{
	struct panel_state *s = st;
	struct tui_frame *below = t->depth >= 2 ? &t->stack[t->depth - 2] : NULL;

	/* The screen below stays in sight around the panel. */
	if (below != NULL)
		below->scr->draw(t, below->st);
	draw_panel(s->title, s->text, _("Une touche pour revenir"));
	draw_help_line(s->keys);
	t->cur_y = -1;
}

static int screen_panel_act(struct tui *t, void *st, int action)
{
	/* Aide and Quitter keep their meaning; any other key closes the panel. */
	return action == TK_HELP || action == TK_QUIT ? SCR_IGNORED : tui_pop(t, 0, NULL);
}

static int screen_panel_key(struct tui *t, void *st, struct tui_key k)
{
	return tui_pop(t, 0, NULL);
}

const struct screen screen_panel = {
	.name = "panel",
	.help = N_("Une touche ferme ce panneau et revient à l'écran d'où il a été ouvert."),
	.state_size = sizeof(struct panel_state),
	.own_help_line = true,
	.enter = screen_panel_enter,
	.draw = screen_panel_draw,
	.act = screen_panel_act,
	.key = screen_panel_key,
	.leave = screen_panel_leave,
};
