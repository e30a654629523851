/*
 * screen-home.c — the home screen: the title line, the menu of the areas
 * open to the account's role (from core's role_areas), and the help line.
 */
#include <stdlib.h>

#include "core/core.h"
#include "tui/screen.h"


struct home_state {
	enum area areas[AREA_COUNT];
	size_t n;
};

static int screen_home_enter(struct tui *t)
{
	struct home_state *s = xcalloc(1, sizeof *s);

	s->n = role_areas(t->acct.role, s->areas);
	if (t->home_sel >= s->n)
		t->home_sel = 0;
	t->state[SCREEN_HOME] = s;
	return RC_OK;
}

static void screen_home_leave(struct tui *t)
{
	free(t->state[SCREEN_HOME]);
	t->state[SCREEN_HOME] = NULL;
}

static void screen_home_draw(struct tui *t)
{
	struct home_state *s = t->state[SCREEN_HOME];
	int x = 4, width = 40;

	draw_title(t, NULL);
	draw_text(2, 2, "Menu principal", COLS - 4, false);
	for (size_t i = 0; i < s->n; i++)
		draw_item(4 + (int)i, x, width, area_label(s->areas[i]), i == t->home_sel, false);
	draw_help_line(" F1/^G/? Aide  ↑↓ Choisir  Entrée Ouvrir  F10/^X/q Quitter");
}

static int screen_home_open(struct tui *t, enum area a)
{
	switch (a) {
	case AREA_ACCOUNT:
		t->next = SCREEN_ACCOUNT;
		return SCR_HANDLED | SCR_SWITCH;
	case AREA_FAQ:
		t->next = SCREEN_FAQ;
		return SCR_HANDLED | SCR_SWITCH;
	case AREA_QUIT:
		return SCR_HANDLED | SCR_QUIT;
	case AREA_COUNT:
		break;
	}
	return SCR_IGNORED;
}

static int screen_home_key(struct tui *t, struct tui_key k)
{
	struct home_state *s = t->state[SCREEN_HOME];

	if (s->n == 0)
		return SCR_IGNORED;
	if ((k.fn && (k.code == KEY_UP || k.code == KEY_BTAB)) ||
	    (!k.fn && k.code == TUI_CTRL('p'))) {
		t->home_sel = (t->home_sel + s->n - 1) % s->n;
		tui_msg_clear(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if ((k.fn && k.code == KEY_DOWN) || (!k.fn && (k.code == '\t' || k.code == TUI_CTRL('n')))) {
		t->home_sel = (t->home_sel + 1) % s->n;
		tui_msg_clear(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k.fn && k.code == KEY_HOME) {
		t->home_sel = 0;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k.fn && k.code == KEY_END) {
		t->home_sel = s->n - 1;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if ((k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == '\r' || k.code == '\n'))) {
		tui_msg_clear(t);
		return screen_home_open(t, s->areas[t->home_sel]);
	}
	if (!k.fn && (k.code == 'q' || k.code == 'Q'))
		return SCR_HANDLED | SCR_QUIT;
	return SCR_IGNORED;
}

const struct screen screen_home = {
	.name = "home",
	.help = "Menu principal de recond.\n\n"
		"↑ ↓ (ou Tab, Maj-Tab, ^N, ^P) : choisir une rubrique.\n"
		"Entrée : ouvrir la rubrique choisie.\n"
		"F10, ^X ou q : quitter recond.\n"
		"F1, ^G ou ? : cette aide.\n\n"
		"Sur tous les écrans : F3 ou ^B (ou Échap) revient en arrière, "
		"la dernière ligne rappelle les touches utiles.",
	.enter = screen_home_enter,
	.draw = screen_home_draw,
	.key = screen_home_key,
	.leave = screen_home_leave,
};
