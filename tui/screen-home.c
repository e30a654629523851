/*
 * screen-home.c — the home screen: the title line, the menu of the areas
 * open to the account's role (from core's role_areas), and the help line.
 */
#include <stdlib.h>

#include "core/core.h"
#include "core/uc-message.h"
#include "core/uc-form.h"
#include "tui/screen.h"

#define HOME_RESUME_LABEL "Reprendre là où vous étiez"


/*
 * The menu: « Reprendre là où vous étiez » first when the person left a
 * draft of the pre-order form, then the areas of the role.
 */
struct home_state {
	enum area areas[AREA_COUNT];
	size_t n;
	bool resume;            /* item 0 is « Reprendre là où vous étiez » */
	size_t unread;          /* messages not yet read, shown next to « Messages » */
};

/* Menu item i as an area (AREA_COUNT for the resume item). */
static enum area home_area(const struct home_state *s, size_t i)
{
	if (s->resume)
		return i == 0 ? AREA_COUNT : s->areas[i - 1];
	return s->areas[i];
}

static size_t home_items(const struct home_state *s)
{
	return s->n + (s->resume ? 1 : 0);
}

/* True when the person has a draft of the pre-order form. */
static bool home_has_draft(struct tui *t)
{
	struct actor a;
	struct uc uc = { .st = t->st, .actor = &a };
	struct draft d;
	bool has;

	if (t->acct.role != ROLE_COLLECTIVITE && t->acct.role != ROLE_FRANCE_SERVICES)
		return false;
	if (uc_actor_load(t->st, t->acct.id, &a, NULL) != RC_OK)
		return false;
	has = uc_draft_get(&uc, PREORDER_FORM, &d, NULL) == RC_OK;
	if (has)
		draft_clear(&d);
	return has;
}

/*
 * The screen that serves an area. An area that core opens to the role but
 * that has no screen yet is not shown at all (no « bientôt » entries).
 */
static bool screen_home_target(enum area a, enum screen_id *to)
{
	switch (a) {
	case AREA_ACCOUNT:
		*to = SCREEN_ACCOUNT;
		return true;
	case AREA_FAQ:
		*to = SCREEN_FAQ;
		return true;
	case AREA_PREORDER:
	case AREA_COUNT:    /* « Reprendre là où vous étiez »: the form reopens its draft */
		*to = SCREEN_PREORDER;
		return true;
	case AREA_FOLLOW:
		*to = SCREEN_FOLLOW;
		return true;
	case AREA_MESSAGES:
		*to = SCREEN_MESSAGES;
		return true;
	case AREA_SUPPORT:
		*to = SCREEN_SUPPORT;
		return true;
	default:
		return false;
	}
}

/* Messages written by others in the person's threads and not yet read. */
static size_t home_unread(struct tui *t)
{
	struct actor a;
	struct uc uc = { .st = t->st, .actor = &a };
	size_t n = 0;

	if (uc_actor_load(t->st, t->acct.id, &a, NULL) != RC_OK ||
	    uc_inbox_unread(&uc, &n, NULL) != RC_OK)
		return 0;
	return n;
}

static int screen_home_enter(struct tui *t)
{
	struct home_state *s = xcalloc(1, sizeof *s);
	enum area all[AREA_COUNT];
	size_t n = role_areas(t->acct.role, all);

	for (size_t i = 0; i < n; i++) {
		enum screen_id to;

		if (all[i] == AREA_QUIT || screen_home_target(all[i], &to))
			s->areas[s->n++] = all[i];
	}
	s->resume = home_has_draft(t);
	s->unread = home_unread(t);
	if (t->home_sel >= home_items(s))
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
	for (size_t i = 0; i < home_items(s); i++) {
		enum area a = home_area(s, i);

		char *label = a == AREA_MESSAGES && s->unread > 0
		        ? xasprintf("%s (%zu non lu%s)", area_label(a), s->unread,
		                    s->unread > 1 ? "s" : "")
		        : xstrdup(a == AREA_COUNT ? HOME_RESUME_LABEL : area_label(a));

		draw_item(4 + (int)i, x, width, label, i == t->home_sel, false);
		free(label);
	}
	if (t->acct.org_id != 0 && t->org_status == ORG_PENDING) {
		char **lines = NULL;
		size_t n = 0;

		/* A signed-up organisation not validated yet: say what it may do meanwhile. */
		wrap_text("Votre organisation est en attente de validation par l'équipe du "
		          "programme. Vous pouvez déjà préparer votre intention de commande et "
		          "l'enregistrer en brouillon ; vous pourrez la déposer une fois "
		          "l'inscription validée.", COLS - 4, &lines, &n);
		for (size_t i = 0; i < n && i < 3; i++)
			draw_text(LINES - 6 + (int)i, 2, lines[i], COLS - 4, false);
		wrap_free(lines, n);
	}
	draw_help_line(" F1/^G/? Aide  ↑↓ Choisir  Entrée Ouvrir  F10/^X/q Quitter");
}

static int screen_home_open(struct tui *t, enum area a)
{
	if (a == AREA_QUIT)
		return SCR_HANDLED | SCR_QUIT;
	if (screen_home_target(a, &t->next))
		return SCR_HANDLED | SCR_SWITCH;
	return SCR_IGNORED;
}

static int screen_home_key(struct tui *t, struct tui_key k)
{
	struct home_state *s = t->state[SCREEN_HOME];
	size_t n = home_items(s);

	if (n == 0)
		return SCR_IGNORED;
	if ((k.fn && (k.code == KEY_UP || k.code == KEY_BTAB)) ||
	    (!k.fn && k.code == TUI_CTRL('p'))) {
		t->home_sel = (t->home_sel + n - 1) % n;
		tui_msg_clear(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if ((k.fn && k.code == KEY_DOWN) || (!k.fn && (k.code == '\t' || k.code == TUI_CTRL('n')))) {
		t->home_sel = (t->home_sel + 1) % n;
		tui_msg_clear(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k.fn && k.code == KEY_HOME) {
		t->home_sel = 0;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k.fn && k.code == KEY_END) {
		t->home_sel = n - 1;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if ((k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == '\r' || k.code == '\n'))) {
		tui_msg_clear(t);
		return screen_home_open(t, home_area(s, t->home_sel));
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
