/*
 * screen-about.c — « À propos »: recond's version, the data directory of
 * this server, and the reference lists loaded (file, import date, rows),
 * in the list widget.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/date.h"
#include "core/uc-about.h"
#include "core/util.h"
#include "core/version.h"
#include "tui/list.h"
#include "tui/screen.h"

static const struct list_col about_cols[] = {
	{ N_("Liste"), 22, 1, LIST_LEFT, false },
	{ N_("Fichier"), 24, 2, LIST_LEFT, false },
	{ N_("Importée le"), 16, 0, LIST_LEFT, false },
	{ N_("Lignes"), 7, 0, LIST_RIGHT, false },
};

struct about_state {
	struct list_mem rows;
	struct list list;
};

static int screen_about_enter(struct tui *t, void *st, const void *arg)
{
	struct about_state *s = st;
	struct reflist_evidence ev[REFLIST_COUNT];
	char *why = NULL;

	(void)arg;
	list_mem_init(&s->rows, ARRAY_LEN(about_cols));
	if (uc_reflists(&t->uc, ev, &why) != RC_OK) {
		tui_msg_why(t, why, _("Listes de référence illisibles."));
		free(why);
	} else {
		for (int l = 0; l < REFLIST_COUNT; l++) {
			char when[40] = "", rows[24] = "";
			const char *cells[4] = { reflist_label((enum reflist)l),
			                         ev[l].loaded ? ev[l].file : _("non importée"),
			                         when, rows };

			if (ev[l].loaded) {
				instant_format(ev[l].imported_at, when, sizeof when);
				snprintf(rows, sizeof rows, "%llu", (unsigned long long)ev[l].rows);
			}
			list_mem_add(&s->rows, (uint64_t)l + 1, cells);
		}
	}
	list_init(&s->list, about_cols, ARRAY_LEN(about_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;       /* file names were given by the programme team */
	return list_refresh(&s->list);
}

static void screen_about_leave(struct tui *t, void *st)
{
	struct about_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
}

static void screen_about_draw(struct tui *t, void *st)
{
	struct about_state *s = st;
	char *line = xasprintf(_("recond %s — plateforme du programme de matériel informatique "
	                         "reconditionné pour l'inclusion numérique."), RECOND_VERSION);

	draw_title(t, _("À propos"));
	draw_wrapped(2, 2, line, 2);
	free(line);
	line = xasprintf(_("Données : %s"), t->data_dir != NULL ? t->data_dir : "");
	draw_user(5, 2, line, COLS - 4, false);
	free(line);
	attrset(A_BOLD);
	draw_text(7, 2, _("Listes de référence chargées :"), COLS - 4, false);
	attrset(A_NORMAL);
	list_draw(&s->list, 8, 2, COLS - 4, REFLIST_COUNT + 1, NULL, NULL);
}

static int screen_about_key(struct tui *t, void *st, struct tui_key k)
{
	struct about_state *s = st;

	return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_about = {
	.name = "about",
	.help = N_("À propos : la version de recond et les listes de référence (ZRR, FRR, QPV, "
		"France Services) sur lesquelles repose l'éligibilité, avec leur fichier, leur date "
		"d'import et leur nombre de lignes."),
	.state_size = sizeof(struct about_state),
	.enter = screen_about_enter,
	.draw = screen_about_draw,
	.key = screen_about_key,
	.leave = screen_about_leave,
};
