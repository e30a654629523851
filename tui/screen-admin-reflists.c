/*
 * screen-admin-reflists.c — « Listes de référence » for the programme team:
 * each list (ZRR, FRR, QPV, France Services) with the file it was last
 * imported from, when, its rows and who imported it, in the list widget;
 * Entrée shows that list's last imports from the audit log; the line
 * below says how to import over SSH (`ssh … import zrr < fichier.csv`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/uc-reflist.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/screen.h"

static const struct list_col rl_cols[] = {
	{ N_("Liste"), 13, 1, LIST_LEFT, false },
	{ N_("Fichier"), 26, 2, LIST_LEFT, false },
	{ N_("Importée le"), 18, 0, LIST_LEFT, false },
	{ N_("Lignes"), 6, 0, LIST_RIGHT, false },
	{ N_("Par"), 9, 1, LIST_LEFT, false },
};

static const struct tui_keydef rl_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Imports") },
};
static const struct tui_keymap rl_keys = TUI_KEYMAP(rl_defs);

struct rl_state {
	struct reflist_status *status;  /* REFLIST_COUNT of them */
	struct list_mem rows;
	struct list list;
	char title[96];
	char *panel;                    /* text of the panel pushed, owned */
};

static void rl_load(struct tui *t, struct rl_state *s)
{
	char *why = NULL;

	list_mem_clear(&s->rows);
	if (uc_reflist_status(&t->uc, s->status, &why) != RC_OK) {
		tui_msg_why(t, why, _("Listes de référence illisibles."));
		free(why);
		(void)list_refresh(&s->list);
		return;
	}
	for (int l = 0; l < REFLIST_COUNT; l++) {
		const struct reflist_status *r = &s->status[l];
		char when[40] = "", rows[24] = "";
		const char *cells[5] = { reflist_label((enum reflist)l),
		                         r->ev.loaded ? r->ev.file : _("non importée"), when, rows,
		                         r->by[0] != '\0' ? r->by : "" };

		if (r->ev.loaded) {
			instant_format(r->ev.imported_at, when, sizeof when);
			snprintf(rows, sizeof rows, "%llu", (unsigned long long)r->ev.rows);
		}
		list_mem_add(&s->rows, (uint64_t)l + 1, cells);
	}
	(void)list_refresh(&s->list);
}

static int screen_rl_enter(struct tui *t, void *st, const void *arg)
{
	struct rl_state *s = st;

	s->status = xcalloc(REFLIST_COUNT, sizeof *s->status);
	list_mem_init(&s->rows, ARRAY_LEN(rl_cols));
	list_init(&s->list, rl_cols, ARRAY_LEN(rl_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;       /* file names were given by people */
	rl_load(t, s);
	return RC_OK;
}

static void screen_rl_leave(struct tui *t, void *st)
{
	struct rl_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
	free(s->status);
	free(s->panel);
}

static void screen_rl_draw(struct tui *t, void *st)
{
	struct rl_state *s = st;
	char *how;

	draw_title(t, _("Listes de référence"));
	list_draw(&s->list, 2, 2, COLS - 4, REFLIST_COUNT + 1, &t->cur_y, &t->cur_x);
	how = xasprintf(_("Pour importer une liste publiée, depuis votre poste : « ssh %s@serveur "
	                  "import zrr < fichier.csv » (zrr, frr, qpv ou france-services ; 8 Mio au "
	                  "plus). Le fichier est vérifié en entier : une ligne en erreur et rien "
	                  "n'est importé, chaque ligne fautive est signalée avec son numéro."),
	                t->me.acct.login);
	draw_wrapped(REFLIST_COUNT + 4, 2, how, 5);
	free(how);
}

static int rl_history(struct tui *t, struct rl_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	const struct reflist_status *rs;
	struct panel_arg a = { .title = s->title };
	char *text, *next;

	if (r == NULL || r->id == 0 || r->id > REFLIST_COUNT)
		return SCR_IGNORED;
	rs = &s->status[r->id - 1];
	snprintf(s->title, sizeof s->title, _("Imports : %s"), reflist_label((enum reflist)(r->id - 1)));
	text = xasprintf(ngettext("%zu import enregistré.", "%zu imports enregistrés.",
	                          rs->nimports), rs->nimports);
	if (rs->nhistory > 0) {
		next = xasprintf(_("%s Les derniers :\n"), text);
		free(text);
		text = next;
	}
	for (size_t i = 0; i < rs->nhistory; i++) {
		next = xasprintf("%s\n%s", text, rs->history[i]);
		free(text);
		text = next;
	}
	free(s->panel);
	s->panel = text;
	a.text = s->panel;
	return tui_push(t, &screen_panel, &a);
}

static int screen_rl_key(struct tui *t, void *st, struct tui_key k)
{
	struct rl_state *s = st;

	if (tui_key_enter(k))
		return rl_history(t, s);
	return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_admin_reflists = {
	.name = "admin-reflists",
	.help = N_("Listes de référence : pour chaque liste (ZRR, FRR, QPV, France Services), le "
		"fichier importé en dernier, sa date, son nombre de lignes et qui l'a importé. "
		"Entrée : les derniers imports de la liste choisie.\n\nL'import se fait par ssh "
		"depuis votre poste : ssh IDENTIFIANT@serveur import zrr < fichier.csv. Un fichier "
		"qui a une ligne en erreur ne change rien ; chaque ligne fautive est signalée avec "
		"son numéro."),
	.state_size = sizeof(struct rl_state),
	.keys = &rl_keys,
	.enter = screen_rl_enter,
	.draw = screen_rl_draw,
	.key = screen_rl_key,
	.leave = screen_rl_leave,
	.resume = NULL,
};
