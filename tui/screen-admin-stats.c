/*
 * screen-admin-stats.c — « Statistiques »: the programme's figures in the
 * actor's scope (the programme team the country, every other role its
 * département) as text tables with bar charts, the same text as `ssh host
 * stats`; n, r, d regroup them (ensemble, par région, par département).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/uc-stats.h"
#include "core/util.h"
#include "tui/screen.h"
#include "tui/textview.h"

enum { ST_NATION = 1, ST_REGION, ST_DEPT };

static const struct tui_keydef stats_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Défiler") },
	{ .ch = 'n', .keys = N_("n"), .label = N_("Ensemble"), .action = ST_NATION },
	{ .ch = 'r', .keys = N_("r"), .label = N_("Régions"), .action = ST_REGION },
	{ .ch = 'd', .keys = N_("d"), .label = N_("Départements"), .action = ST_DEPT },
};
static const struct tui_keymap stats_keys = TUI_KEYMAP(stats_defs);

struct stats_state {
	struct textview view;
	enum stats_by by;
};

/* Reads the figures grouped by s->by and lays them out, one line of text per row. */
static void stats_load(struct tui *t, struct stats_state *s)
{
	struct stats_table *tb = xmalloc(sizeof *tb);
	char *why = NULL, *buf = NULL;
	size_t len = 0;
	FILE *f;

	textview_clear(&s->view);
	if (uc_stats(&t->uc, s->by, tb, &why) != RC_OK) {
		tui_msg_why(t, why, _("Statistiques illisibles."));
		goto out;
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		goto out;
	stats_write(f, tb, STATS_TEXT);
	fclose(f);
	for (char *line = buf, *nl; line != NULL && *line != '\0'; line = nl) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		/* names of places come from the reference geography; sanitised all the same */
		textview_add(&s->view, line, COLS - 2, true, line == buf);
	}
out:
	free(buf);
	free(tb);
	free(why);
}

static int screen_stats_enter(struct tui *t, void *st, const void *arg)
{
	struct stats_state *s = st;

	s->by = STATS_BY_REGION;
	stats_load(t, s);
	return RC_OK;
}

static void screen_stats_leave(struct tui *t, void *st)
{
	textview_clear(&((struct stats_state *)st)->view);
}

static void screen_stats_draw(struct tui *t, void *st)
{
	struct stats_state *s = st;
	char pos[64];

	draw_title(t, _("Statistiques"));
	textview_draw(&s->view, 1, 1, COLS - 2, LINES - 4);
	textview_position(&s->view, pos, sizeof pos);
	if (pos[0] != '\0')
		draw_text(LINES - 3, COLS - 2 - draw_width(pos), pos, draw_width(pos), false);
}

static int screen_stats_act(struct tui *t, void *st, int action)
{
	struct stats_state *s = st;

	switch (action) {
	case ST_NATION:
		s->by = STATS_BY_NATION;
		break;
	case ST_REGION:
		s->by = STATS_BY_REGION;
		break;
	case ST_DEPT:
		s->by = STATS_BY_DEPT;
		break;
	default:
		return SCR_IGNORED;
	}
	stats_load(t, s);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_stats_key(struct tui *t, void *st, struct tui_key k)
{
	struct stats_state *s = st;

	return textview_key(&s->view, &k, LINES - 4) ? SCR_HANDLED | SCR_REDRAW : SCR_IGNORED;
}

const struct screen screen_stats = {
	.name = "stats",
	.help = N_("Statistiques : les intentions de commande par état, les montants demandés, "
		"retenus et versés face aux enveloppes, les unités par lot et, pour l'équipe du "
		"programme, les reconditionneurs par état et leur capacité. L'équipe du programme "
		"voit le pays, les autres rôles leur département. Chaque barre « # » est "
		"proportionnelle à la plus grande valeur de la colonne.\n\n"
		"n : ensemble ; r : par région ; d : par département ; ↑ ↓ PgPréc PgSuiv : défiler.\n"
		"Les mêmes chiffres : ssh … stats [--by region|departement] [--format csv|json]."),
	.state_size = sizeof(struct stats_state),
	.keys = &stats_keys,
	.enter = screen_stats_enter,
	.draw = screen_stats_draw,
	.act = screen_stats_act,
	.key = screen_stats_key,
	.leave = screen_stats_leave,
};
