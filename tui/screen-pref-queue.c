/*
 * screen-pref-queue.c — the préfecture's queue: the files of its
 * département in four tabs (À traiter, Suivies, Traitées, Toutes, each with
 * its count), sorted on any column, searched as one types (accents and case
 * ignored), filtered (F5: states, zones, kinds, labels, amounts, unread
 * activity, provisional decisions; screen_pref_filter), each tab's view
 * kept for the agent's next session, views saved under a name, marked with
 * Espace for bulk actions, with the département's envelope on the first
 * line. Entrée opens a file; coming back, the queue is where it was left
 * and the file's row shows what changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/util.h"
#include "tui/pref.h"
#include "tui/queue.h"
#include "tui/screen.h"

enum { Q_OPEN = 1, Q_TAB, Q_SORT, Q_ORDER, Q_BULK, Q_PROG, Q_UNREAD, Q_MARK_ALL, Q_FILTER };

static const struct tui_keydef queue_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Ouvrir"), .action = Q_OPEN },
	{ .fkey = 5, .ctrl = 'e', .label = N_("Filtres"), .action = Q_FILTER },
	{ .fkey = 6, .ctrl = 'f', .label = N_("Onglet"), .action = Q_TAB },
	{ .fkey = 7, .ctrl = 't', .label = N_("Trier"), .action = Q_SORT },
	{ .fkey = 4, .ctrl = 'o', .label = N_("Groupé"), .action = Q_BULK },
	{ .fkey = 9, .ctrl = 'r', .label = N_("Programmation"), .action = Q_PROG },
	{ .fkey = 8, .ctrl = 'y', .label = N_("Inverser le tri"), .action = Q_ORDER,
	  .panel_only = true },
	{ .keys = N_("Espace"), .label = N_("Marquer"), .panel_only = true },
	{ .ch = '*', .keys = "*", .label = N_("Tout marquer (ou tout démarquer)"),
	  .action = Q_MARK_ALL, .panel_only = true },
	{ .ch = '!', .keys = "!", .label = N_("Non lus seulement (ou tous)"), .action = Q_UNREAD,
	  .panel_only = true },
	{ .keys = "/", .label = N_("Chercher (nom, commune)"), .panel_only = true },
	{ .keys = N_("1 2 3 4"), .label = N_("Onglet À traiter, Suivies, Traitées, Toutes"),
	  .panel_only = true },
};
static const struct tui_keymap queue_keys = TUI_KEYMAP(queue_defs);

struct pq_state {
	struct queue_model model;
	struct list list;
	bool dirty;                   /* the tab's view changed since it was saved */
};

/* The agent's view of the current tab, as saved (the default when none). */
static void pq_view_load(struct tui *t, struct pq_state *s)
{
	struct queue_view v;
	char *why = NULL;

	if (uc_queue_view_get(&t->uc, s->model.tab, &v, &why) != RC_OK)
		memset(&v, 0, sizeof v);
	free(why);
	queue_view_apply(&v, &s->list.q, &s->model);
	s->list.hidden = queue_view_hidden(&v);
	s->dirty = false;
}

/* The current tab's view as shown now. */
static void pq_view_now(struct pq_state *s, struct queue_view *v)
{
	memset(v, 0, sizeof *v);
	v->tab = (uint32_t)s->model.tab;
	queue_view_capture(v, &s->list.q, &s->model);
	v->columns = queue_view_columns(s->list.hidden);
}

/* Keeps the current tab's view for the next session (when it changed). */
static void pq_view_save(struct tui *t, struct pq_state *s)
{
	struct queue_view v;
	char *why = NULL;

	if (!s->dirty)
		return;
	pq_view_now(s, &v);
	if (uc_queue_view_put(&t->uc, &v, &why) == RC_OK)
		s->dirty = false;
	free(why);
}

static int pq_load(struct tui *t, struct pq_state *s)
{
	struct queue_row *rows = NULL;
	size_t n = 0;
	char *why = NULL;
	int rc = uc_queue_load(&t->uc, &rows, &n, &why);

	if (rc != RC_OK) {
		tui_msg_why(t, why, _("File des dossiers illisible."));
		free(why);
		return rc;
	}
	queue_model_set(&s->model, rows, n);
	return list_refresh(&s->list);
}

static int screen_pq_enter(struct tui *t, void *st, const void *arg)
{
	struct pq_state *s = st;

	(void)arg;
	list_init(&s->list, queue_cols, QC_COUNT, &queue_source, &s->model);
	s->list.header = true;
	s->list.user_text = true;
	s->list.searchable = true;
	s->list.markable = true;
	s->model.tab = TAB_A_TRAITER;
	pq_view_load(t, s);
	return pq_load(t, s);
}

static void screen_pq_leave(struct tui *t, void *st)
{
	struct pq_state *s = st;

	pq_view_save(t, s);
	list_free(&s->list);
	queue_model_free(&s->model);
}

/* Back from a file or a batch: the rows that changed are read again. */
static void screen_pq_resume(struct tui *t, void *st, int code, void *result)
{
	struct pq_state *s = st;

	if (code == PREF_RESULT_VIEW && result != NULL) {
		const struct queue_view *v = result;

		if (v->tab < TAB_COUNT && v->tab != (uint32_t)s->model.tab) {
			pq_view_save(t, s);
			s->model.tab = (enum queue_tab)v->tab;
			s->model.view_valid = false;
		}
		queue_view_apply(v, &s->list.q, &s->model);
		s->list.hidden = queue_view_hidden(v);
		s->list.sel = s->list.top = 0;
		s->list.sel_id = 0;
		s->dirty = true;
		pq_view_save(t, s);
		(void)list_refresh(&s->list);
	} else if (code == PREF_RESULT_CHANGED && result != NULL) {
		struct queue_row r;

		if (uc_queue_row(&t->uc, *(const uint64_t *)result, &r, NULL) == RC_OK)
			queue_model_update(&s->model, &r);
		(void)list_refresh(&s->list);
	} else if (code == PREF_RESULT_CHANGED) {
		(void)pq_load(t, s);    /* a batch or a notification: every row may have moved */
	} else {
		(void)list_refresh(&s->list);
	}
}

static void pq_draw_tabs(struct pq_state *s, int y)
{
	int x = 1;

	for (int tb = 0; tb < TAB_COUNT; tb++) {
		char *label = xasprintf(" %d %s (%zu) ", tb + 1, queue_tab_label((enum queue_tab)tb),
		                        s->model.counts[tb]);

		attrset(tb == (int)s->model.tab ? A_REVERSE | A_BOLD : A_NORMAL);
		x += draw_text(y, x, label, COLS - x, false) + 1;
		attrset(A_NORMAL);
		free(label);
	}
}

static void screen_pq_draw(struct tui *t, void *st)
{
	struct pq_state *s = st;
	char pos[64], desc[200], *line;
	const char *sort = s->list.q.sort >= 0 ? _(queue_cols[s->list.q.sort].title) : _("numéro");
	struct queue_view v;

	draw_title(t, _("Instruction des intentions de commande"));
	pref_draw_envelope(t, 1);
	pq_draw_tabs(s, 2);
	list_position(&s->list, pos, sizeof pos);
	pq_view_now(s, &v);
	queue_view_describe(&v, desc, sizeof desc);
	line = xasprintf(_("%s  tri : %s%s  marqués : %zu%s%s"), pos, sort,
	                 s->list.q.desc ? _(" (décr.)") : "", s->list.nmarks,
	                 desc[0] != '\0' ? _("  filtre : ") : "", desc);
	draw_text(3, 1, line, COLS - 2, false);
	free(line);
	/* One column short of the edge: the last column (the marks) is never clipped. */
	list_draw(&s->list, 4, 0, COLS - 1, LINES - 6, &t->cur_y, &t->cur_x);
}

static int pq_open(struct tui *t, struct pq_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	uint64_t id;

	if (r == NULL)
		return SCR_HANDLED;
	id = r->id;
	tui_msg_clear(t);
	return tui_push(t, &screen_pref_file, &id);
}

static int pq_tab(struct tui *t, struct pq_state *s, enum queue_tab tab)
{
	pq_view_save(t, s);
	s->model.tab = tab;
	s->model.view_valid = false;
	pq_view_load(t, s);
	s->list.sel = s->list.top = 0;
	s->list.sel_id = 0;
	(void)list_refresh(&s->list);
	return SCR_HANDLED | SCR_REDRAW;
}

static int pq_bulk(struct tui *t, struct pq_state *s)
{
	struct pref_bulk_arg a = { .ids = s->list.marks, .n = s->list.nmarks };

	if (s->list.nmarks == 0) {
		tui_msg(t, MSG_ERROR, _("Marquez d'abord des dossiers avec Espace (ou * pour tous)."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	return tui_push(t, &screen_pref_bulk, &a);
}

static int screen_pq_act(struct tui *t, void *st, int action)
{
	struct pq_state *s = st;

	if (s->list.searching && action > 0 && action != Q_OPEN)
		return SCR_IGNORED;
	switch (action) {
	case Q_OPEN:
		return pq_open(t, s);
	case Q_TAB:
		return pq_tab(t, s, (enum queue_tab)((s->model.tab + 1) % TAB_COUNT));
	case Q_SORT: {
		int col = s->list.q.sort < 0 ? 0 : s->list.q.sort;

		/* The next column; « N° » again after the last. */
		col = (col + 1) % QC_COUNT;
		s->list.q.sort = -1;
		list_sort(&s->list, col);
		s->dirty = true;
		return SCR_HANDLED | SCR_REDRAW;
	}
	case Q_ORDER:
		s->list.q.desc = !s->list.q.desc;
		(void)list_refresh(&s->list);
		s->dirty = true;
		return SCR_HANDLED | SCR_REDRAW;
	case Q_UNREAD:
		list_filter(&s->list, s->list.q.filter ^ QF_UNREAD);
		s->dirty = true;
		return SCR_HANDLED | SCR_REDRAW;
	case Q_FILTER: {
		struct queue_view v;

		pq_view_now(s, &v);
		return tui_push(t, &screen_pref_filter, &v);
	}
	case Q_MARK_ALL:
		list_mark_all(&s->list, s->list.nmarks == 0);
		return SCR_HANDLED | SCR_REDRAW;
	case Q_BULK:
		return pq_bulk(t, s);
	case Q_PROG:
		return tui_push(t, &screen_pref_prog, NULL);
	default:
		return SCR_IGNORED;
	}
}

static int screen_pq_key(struct tui *t, void *st, struct tui_key k)
{
	struct pq_state *s = st;

	if (!s->list.searching && !k.fn && k.code >= '1' && k.code < '1' + TAB_COUNT)
		return pq_tab(t, s, (enum queue_tab)(k.code - '1'));
	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return pq_open(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_pref_queue = {
	.name = "pref-queue",
	.help = N_("La file des intentions de commande de votre département.\n\n"
		"Onglets : À traiter (déposées que personne ne suit), Suivies (celles que vous "
		"suivez : prendre un dossier en instruction le suit), Traitées (décidées), Toutes. "
		"F5 choisit les filtres (état, zone, type, étiquette, montant) et les vues "
		"enregistrées sous un nom ; le tri et les filtres de chaque onglet sont gardés "
		"pour votre prochaine connexion. "
		"Colonne de droite : ● activité du demandeur non lue, p décision provisoire, "
		"c complété après une demande de complément.\n"
		"La première ligne donne l'enveloppe du département, ce qui est engagé, versé, "
		"et ce qui reste."),
	.state_size = sizeof(struct pq_state),
	.keys = &queue_keys,
	.enter = screen_pq_enter,
	.draw = screen_pq_draw,
	.act = screen_pq_act,
	.key = screen_pq_key,
	.leave = screen_pq_leave,
	.resume = screen_pq_resume,
};
