/*
 * screen-pref-filter.c — the queue's filters and the agent's saved views,
 * on one screen reached from the queue with F5: tick states, zones (ZRR,
 * FRR, QPV, FS), kinds of organisation, labels, unread activity or the
 * programmation with Espace or Entrée, type an amount range, choose the
 * columns shown; F5 applies.
 * Below them the views saved under a name (Entrée applies one, Suppr
 * removes it) and « Enregistrer la vue actuelle sous un nom ». The queue
 * gets the chosen view back (PREF_RESULT_VIEW) and shows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/org.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/pref.h"
#include "tui/queue.h"
#include "tui/screen.h"

static const struct list_col filter_cols[] = { { "", 40, 1, LIST_LEFT, false } };

enum { PF_APPLY = 1, PF_CLEAR, PF_DELETE };

static const struct tui_keydef filter_defs[] = {
	{ .keys = N_("Espace"), .label = N_("Cocher") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Appliquer"), .action = PF_APPLY },
	{ .fkey = 8, .ctrl = 'e', .label = N_("Tout effacer"), .action = PF_CLEAR },
	{ .code = KEY_DC, .keys = N_("Suppr"), .label = N_("Supprimer la vue"),
	  .action = PF_DELETE, .panel_only = true },
};
static const struct tui_keymap filter_keys = TUI_KEYMAP(filter_defs);

/* Row ids: a group's base plus the bit (or slot). */
enum {
	ROW_UNREAD = 1,
	ROW_PROG = 2,
	ROW_STATE = 100,
	ROW_ZONE = 200,
	ROW_KIND = 300,
	ROW_LABEL = 400,
	ROW_MIN = 500,
	ROW_MAX = 501,
	ROW_COL = 550,           /* + enum queue_col */
	ROW_VIEW = 600,          /* + slot */
	ROW_SAVE = 700,
};

static const struct { unsigned bit; const char *name; } zone_names[] = {
	{ ZONE_ZRR, N_("ZRR (zone de revitalisation rurale)") },
	{ ZONE_FRR, N_("FRR (France ruralités revitalisation)") },
	{ ZONE_QPV, N_("QPV (quartier prioritaire de la ville)") },
	{ ZONE_FS, N_("FS (France Services)") },
};

struct pf_state {
	struct queue_view v;          /* what is being chosen */
	struct queue_view *saved;     /* the named views */
	size_t nsaved;
	struct list_mem rows;
	struct list list;
	int edit;                     /* ROW_MIN, ROW_MAX, ROW_SAVE while typing; else 0 */
	struct field f;
};

static void pf_add(struct pf_state *s, uint64_t id, bool on, const char *label)
{
	char *cell = xasprintf("[%s] %s", on ? "x" : " ", label);
	const char *cells[1] = { cell };

	list_mem_add(&s->rows, id, cells);
	free(cell);
}

static void pf_rows(struct pf_state *s)
{
	char a[48], *cell;
	const char *cells[1];

	list_mem_clear(&s->rows);
	list_mem_init(&s->rows, 1);
	pf_add(s, ROW_UNREAD, s->v.filters & QF_UNREAD, _("Activité du demandeur non lue"));
	pf_add(s, ROW_PROG, s->v.filters & QF_PROG, _("Décision provisoire (programmation)"));
	list_mem_add_group(&s->rows, _("État"));
	for (int st = PO_DEPOSEE; st < PO_STATE_COUNT; st++)
		pf_add(s, ROW_STATE + (uint64_t)st, s->v.states & (1u << st),
		       preorder_state_label((enum preorder_state)st));
	list_mem_add_group(&s->rows, _("Zone"));
	for (size_t i = 0; i < ARRAY_LEN(zone_names); i++)
		pf_add(s, ROW_ZONE + i, s->v.zones & zone_names[i].bit, _(zone_names[i].name));
	list_mem_add_group(&s->rows, _("Type d'organisation"));
	for (int k = ORG_COMMUNE; k <= ORG_FRANCE_SERVICES; k++)
		pf_add(s, ROW_KIND + (uint64_t)k, s->v.kinds & (1u << k),
		       org_kind_label((enum org_kind)k));
	list_mem_add_group(&s->rows, _("Étiquette"));
	for (int l = 0; l < LABEL_COUNT; l++)
		pf_add(s, ROW_LABEL + (uint64_t)l, s->v.labels & (1u << l),
		       po_label_label((enum po_label)l));
	list_mem_add_group(&s->rows, _("Montant demandé HT (Entrée pour le saisir)"));
	cell = s->v.amount_min > 0
	        ? xasprintf(_("Au moins : %s"), cents_format(s->v.amount_min, a, sizeof a))
	        : xstrdup(_("Au moins : —"));
	cells[0] = cell;
	list_mem_add(&s->rows, ROW_MIN, cells);
	free(cell);
	cell = s->v.amount_max > 0
	        ? xasprintf(_("Au plus : %s"), cents_format(s->v.amount_max, a, sizeof a))
	        : xstrdup(_("Au plus : —"));
	cells[0] = cell;
	list_mem_add(&s->rows, ROW_MAX, cells);
	free(cell);
	list_mem_add_group(&s->rows, _("Colonnes montrées"));
	for (int c = QC_KIND; c < QC_COUNT; c++)
		pf_add(s, ROW_COL + (uint64_t)c, !(queue_view_hidden(&s->v) & (1u << c)),
		       c == QC_MARK ? _("Marque (● non lu, p provisoire, c complété)")
		                    : _(queue_cols[c].title));
	list_mem_add_group(&s->rows, _("Vues enregistrées (Entrée applique, Suppr supprime)"));
	for (size_t i = 0; i < s->nsaved; i++) {
		cell = xasprintf(_("« %s » (onglet %s)"), s->saved[i].name,
		                 queue_tab_label((enum queue_tab)s->saved[i].tab));
		cells[0] = cell;
		list_mem_add(&s->rows, ROW_VIEW + s->saved[i].slot, cells);
		free(cell);
	}
	cells[0] = _("Enregistrer la vue actuelle sous un nom…");
	list_mem_add(&s->rows, ROW_SAVE, cells);
	(void)list_refresh(&s->list);
}

static void pf_load_saved(struct tui *t, struct pf_state *s)
{
	char *why = NULL;

	free(s->saved);
	s->saved = NULL;
	s->nsaved = 0;
	if (uc_queue_views_list(&t->uc, &s->saved, &s->nsaved, &why) != RC_OK)
		tui_msg_why(t, why, _("Vues enregistrées illisibles."));
	free(why);
}

static int screen_pf_enter(struct tui *t, void *st, const void *arg)
{
	struct pf_state *s = st;

	s->v = *(const struct queue_view *)arg;
	list_mem_init(&s->rows, 1);
	list_init(&s->list, filter_cols, 1, &list_mem_source, &s->rows);
	pf_load_saved(t, s);
	pf_rows(s);
	return RC_OK;
}

static void screen_pf_leave(struct tui *t, void *st)
{
	struct pf_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
	if (s->edit != 0)
		field_free(&s->f);
	free(s->saved);
}

static void screen_pf_draw(struct tui *t, void *st)
{
	struct pf_state *s = st;
	char desc[256], *line;

	draw_title(t, _("Filtres et vues de la file"));
	pref_draw_envelope(t, 1);
	queue_view_describe(&s->v, desc, sizeof desc);
	line = desc[0] != '\0' ? xasprintf(_("Filtre : %s"), desc)
	                       : xstrdup(_("Aucun filtre : toute la file de l'onglet."));
	draw_text(3, 2, line, COLS - 4, false);
	free(line);
	list_draw(&s->list, 4, 2, COLS - 4, LINES - 8, NULL, NULL);
	t->cur_y = -1;
	if (s->edit != 0) {
		const char *label = s->edit == ROW_MIN ? _("Au moins (€ HT) :")
		                    : s->edit == ROW_MAX ? _("Au plus (€ HT) :")
		                                         : _("Nom de la vue :");
		int w = draw_text(LINES - 3, 2, label, COLS - 4, false);

		field_draw(&s->f, stdscr, LINES - 3, 3 + w, COLS - 5 - w, true, &t->cur_y, &t->cur_x);
	}
}

static void pf_edit(struct pf_state *s, int what)
{
	char a[48];

	s->edit = what;
	if (what == ROW_SAVE) {
		field_init(&s->f, FIELD_TEXT, QUEUE_VIEW_NAME_MAX, false, false);
	} else {
		cents_t c = what == ROW_MIN ? s->v.amount_min : s->v.amount_max;

		field_init(&s->f, FIELD_AMOUNT, 14, false, false);
		if (c > 0)
			field_set_utf8(&s->f, cents_format(c, a, sizeof a));
	}
}

static void pf_edit_end(struct pf_state *s)
{
	field_free(&s->f);
	s->edit = 0;
}

/* Entrée in the field: the amount or the name is taken (or refused, saying why). */
static int pf_edit_commit(struct tui *t, struct pf_state *s)
{
	char *v = field_utf8(&s->f), *why = NULL;
	int rc = RC_OK;

	if (s->edit == ROW_SAVE) {
		struct queue_view named = s->v;

		strlcpy_(named.name, v, sizeof named.name);
		rc = uc_queue_view_save(&t->uc, &named, &why);
		if (rc == RC_OK) {
			tui_msg(t, MSG_INFO, _("Vue « %s » enregistrée."), named.name);
			pf_load_saved(t, s);
		} else {
			tui_msg_why(t, why, _("Vue non enregistrée."));
		}
	} else {
		cents_t c = 0;

		if (v[0] != '\0')
			rc = cents_parse(v, &c, &why);
		if (rc != RC_OK) {
			tui_msg_why(t, why, _("Montant invalide."));
		} else {
			if (s->edit == ROW_MIN)
				s->v.amount_min = c;
			else
				s->v.amount_max = c;
			if (s->v.amount_min > 0 && s->v.amount_max > 0 &&
			    s->v.amount_min > s->v.amount_max) {
				tui_msg(t, MSG_ERROR, "%s",
				        _("Le minimum dépasse le maximum : aucun dossier ne correspondrait."));
				if (s->edit == ROW_MIN)
					s->v.amount_min = 0;
				else
					s->v.amount_max = 0;
				rc = RC_INVALID;
			} else {
				tui_msg_clear(t);
			}
		}
	}
	free(v);
	free(why);
	if (rc == RC_OK)
		pf_edit_end(s);
	pf_rows(s);
	return SCR_HANDLED | SCR_REDRAW;
}

static int pf_apply(struct tui *t, struct pf_state *s)
{
	s->v.slot = 0;
	s->v.name[0] = '\0';
	tui_msg_clear(t);
	return tui_pop(t, PREF_RESULT_VIEW, &s->v);
}

/* Espace or Entrée on a row: ticks it, starts typing, or applies a saved view. */
static int pf_choose(struct tui *t, struct pf_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	uint64_t id;

	if (r == NULL)
		return SCR_HANDLED;
	id = r->id;
	if (id == ROW_UNREAD)
		s->v.filters ^= QF_UNREAD;
	else if (id == ROW_PROG)
		s->v.filters ^= QF_PROG;
	else if (id >= ROW_STATE && id < ROW_STATE + PO_STATE_COUNT)
		s->v.states ^= 1u << (id - ROW_STATE);
	else if (id >= ROW_ZONE && id < ROW_ZONE + ARRAY_LEN(zone_names))
		s->v.zones ^= zone_names[id - ROW_ZONE].bit;
	else if (id >= ROW_KIND && id < ROW_KIND + 32)
		s->v.kinds ^= 1u << (id - ROW_KIND);
	else if (id >= ROW_LABEL && id < ROW_LABEL + LABEL_COUNT)
		s->v.labels ^= 1u << (id - ROW_LABEL);
	else if (id >= ROW_COL + QC_KIND && id < ROW_COL + QC_COUNT)
		s->v.columns = queue_view_columns(queue_view_hidden(&s->v) ^ (1u << (id - ROW_COL)));
	else if (id == ROW_MIN || id == ROW_MAX || id == ROW_SAVE)
		pf_edit(s, (int)id);
	else if (id > ROW_VIEW && id <= ROW_VIEW + QUEUE_VIEWS_NAMED) {
		for (size_t i = 0; i < s->nsaved; i++)
			if (s->saved[i].slot == id - ROW_VIEW) {
				s->v = s->saved[i];
				return pf_apply(t, s);
			}
	}
	pf_rows(s);
	return SCR_HANDLED | SCR_REDRAW;
}

static int pf_delete(struct tui *t, struct pf_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	char *why = NULL;

	if (r == NULL || r->id <= ROW_VIEW || r->id > ROW_VIEW + QUEUE_VIEWS_NAMED) {
		tui_msg(t, MSG_ERROR, "%s", _("Choisissez d'abord une vue enregistrée."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (uc_queue_view_delete(&t->uc, (uint32_t)(r->id - ROW_VIEW), &why) == RC_OK)
		tui_msg(t, MSG_INFO, "%s", _("Vue supprimée."));
	else
		tui_msg_why(t, why, _("Vue non supprimée."));
	free(why);
	pf_load_saved(t, s);
	pf_rows(s);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_pf_act(struct tui *t, void *st, int action)
{
	struct pf_state *s = st;

	if (s->edit != 0) {
		if (action == TK_BACK) {
			pf_edit_end(s);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (action == PF_APPLY && s->edit != ROW_SAVE) {
			(void)pf_edit_commit(t, s);
			return s->edit == 0 ? pf_apply(t, s) : SCR_HANDLED | SCR_REDRAW;
		}
		return action > 0 ? SCR_HANDLED : SCR_IGNORED;
	}
	switch (action) {
	case PF_APPLY:
		return pf_apply(t, s);
	case PF_CLEAR: {
		struct queue_view cleared = { .tab = s->v.tab, .sort = s->v.sort, .desc = s->v.desc,
		                              .columns = s->v.columns };

		s->v = cleared;
		pf_rows(s);
		return SCR_HANDLED | SCR_REDRAW;
	}
	case PF_DELETE:
		return pf_delete(t, s);
	default:
		return SCR_IGNORED;
	}
}

static int screen_pf_key(struct tui *t, void *st, struct tui_key k)
{
	struct pf_state *s = st;

	if (s->edit != 0) {
		if (!k.fn && (k.code == '\r' || k.code == '\n'))
			return pf_edit_commit(t, s);
		if (k.fn && k.code == KEY_ENTER)
			return pf_edit_commit(t, s);
		return field_key(&s->f, k.code, k.fn) == FIELD_IGNORED ? SCR_IGNORED
		                                                       : SCR_HANDLED | SCR_REDRAW;
	}
	if (!k.fn && k.code == ' ')
		return pf_choose(t, s);
	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return pf_choose(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_pref_filter = {
	.name = "pref-filter",
	.help = N_("Ce que la file montre. Espace ou Entrée coche une ligne (plusieurs cases "
		"d'un même groupe : l'une ou l'autre ; des groupes différents : toutes à la "
		"fois) ; Entrée sur un montant le fait saisir. F5 applique et revient à la file ; "
		"F8 efface les filtres. Les colonnes cochées sont montrées (le numéro et le nom "
		"toujours).\n"
		"Vues enregistrées : l'onglet, le tri et les filtres sous un nom, gardés d'une "
		"connexion à l'autre ; Entrée en applique une, Suppr la supprime."),
	.state_size = sizeof(struct pf_state),
	.keys = &filter_keys,
	.enter = screen_pf_enter,
	.draw = screen_pf_draw,
	.act = screen_pf_act,
	.key = screen_pf_key,
	.leave = screen_pf_leave,
};
