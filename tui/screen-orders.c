/*
 * screen-orders.c — « Mes commandes »: the orders the actor sees, in the
 * list widget, in three tabs (À traiter: the next step is this side's; En
 * cours; Terminées). Entrée shows an order with its history; F5 makes its
 * next step (the refurbisher acknowledges, ships, invoices; the
 * organisation confirms delivery, pays), F8 refuses it (refurbisher) or
 * cancels it (organisation), each through the step form. A funded order
 * is marked « subventionnée », the others « non subventionnée ».
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-order.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/order.h"
#include "tui/screen.h"

#define ORDERS_MAX 2000           /* rows kept in memory (the actor's orders) */

enum { OR_TAB = 1, OR_NEXT, OR_STOP, OR_OPEN };

static const struct tui_keydef orders_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Voir") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Étape suivante"), .action = OR_NEXT },
	{ .fkey = 6, .ctrl = 'f', .label = N_("Onglet"), .action = OR_TAB },
	{ .fkey = 8, .ctrl = 'y', .label = N_("Refuser/annuler"), .action = OR_STOP },
};
static const struct tui_keymap orders_keys = TUI_KEYMAP(orders_defs);

static const struct list_col orders_cols[] = {
	{ N_("N°"), 4, 0, LIST_RIGHT, true },
	{ N_("Avec"), 14, 2, LIST_LEFT, true },
	{ N_("Lots"), 12, 2, LIST_LEFT, false },
	{ N_("Total HT"), 11, 0, LIST_RIGHT, true },
	{ N_("État"), 9, 0, LIST_LEFT, true },
	{ N_("Financement"), 17, 0, LIST_LEFT, false },
};

struct orders_state {
	bool refurb;                  /* the refurbisher's side */
	enum order_tab tab;
	struct order *all;
	size_t n, count[ORDER_TAB_COUNT];
	struct list_mem rows;
	struct list list;
};

static int collect_one(const struct order *o, void *ctx)
{
	struct orders_state *s = ctx;

	if (s->n >= ORDERS_MAX)
		return 1;
	s->all[s->n++] = *o;
	return 0;
}

static void orders_fill(struct orders_state *s)
{
	list_mem_clear(&s->rows);
	list_mem_init(&s->rows, ARRAY_LEN(orders_cols));
	memset(s->count, 0, sizeof s->count);
	for (size_t i = s->n; i-- > 0;) {
		const struct order *o = &s->all[i];
		char id[24], lines[160], total[32];
		const char *cells[6] = { id, s->refurb ? o->org_name : o->refurb_name, lines, total,
		                         order_state_label(o->state),
		                         o->funded ? _("subventionnée") : _("non subventionnée") };

		for (int t = 0; t < ORDER_TAB_COUNT; t++)
			s->count[t] += order_in_tab(o, (enum order_tab)t, s->refurb);
		if (!order_in_tab(o, s->tab, s->refurb))
			continue;
		snprintf(id, sizeof id, "%llu", (unsigned long long)o->id);
		order_lines_text(o, lines, sizeof lines);
		cents_format(o->total_ht, total, sizeof total);
		list_mem_add(&s->rows, o->id, cells);
	}
}

/* Reads the actor's orders again and shows the current tab. */
static int orders_load(struct tui *t, struct orders_state *s)
{
	char *why = NULL;
	int rc;

	s->n = 0;
	if ((rc = uc_order_list(&t->uc, ACT_ORDER_VIEW, collect_one, s, &why)) != RC_OK && rc != 1)
		tui_msg_why(t, why, _("Commandes illisibles."));
	free(why);
	orders_fill(s);
	return list_refresh(&s->list);
}

static int screen_orders_enter(struct tui *t, void *st, const void *arg)
{
	struct orders_state *s = st;

	(void)arg;
	s->refurb = t->me.actor.role == ROLE_RECONDITIONNEUR;
	s->all = xcalloc(ORDERS_MAX, sizeof *s->all);
	list_mem_init(&s->rows, ARRAY_LEN(orders_cols));
	list_init(&s->list, orders_cols, ARRAY_LEN(orders_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;
	s->list.searchable = true;
	return orders_load(t, s);
}

static void screen_orders_leave(struct tui *t, void *st)
{
	struct orders_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
	free(s->all);
}

static void screen_orders_draw(struct tui *t, void *st)
{
	struct orders_state *s = st;
	int x = 2;

	draw_title(t, s->refurb ? _("Commandes reçues") : _("Mes commandes"));
	for (int tb = 0; tb < ORDER_TAB_COUNT; tb++) {
		char *label = xasprintf(" %d %s (%zu) ", tb + 1, order_tab_label((enum order_tab)tb),
		                        s->count[tb]);

		attrset(tb == (int)s->tab ? A_REVERSE | A_BOLD : A_NORMAL);
		x += draw_text(2, x, label, COLS - x - 2, false) + 1;
		attrset(A_NORMAL);
		free(label);
	}
	list_draw(&s->list, 4, 2, COLS - 4, LINES - 7, &t->cur_y, &t->cur_x);
}

static const struct order *orders_selected(struct orders_state *s)
{
	const struct list_row *r = list_selected(&s->list);

	for (size_t i = 0; r != NULL && i < s->n; i++)
		if (s->all[i].id == r->id)
			return &s->all[i];
	return NULL;
}

/* « Commande n° 3 — … » with its lines, steps and history, in a panel. */
static int orders_show(struct tui *t, const struct order *o)
{
	char lines[160], total[32], day[16], when[40], *text, *h = xstrdup("");
	struct panel_arg pa;
	int rc;

	for (size_t i = 0; i < o->nhist; i++) {
		char *n = xasprintf("%s\n  %s — %s — %s", h,
		                    instant_format(o->hist[i].at, when, sizeof when),
		                    order_state_label(o->hist[i].state), o->hist[i].login);

		free(h);
		h = n;
	}
	text = xasprintf(_("Organisation : %s\nReconditionneur : %s\nLots : %s\nTotal : %s HT "
	                   "(%s)\nBon signé par %s (%s) le %s, référence %s\nÉtat : %s%s%s%s%s%s"
	                   "\n\nHistorique :%s"),
	                 o->org_name, o->refurb_name, order_lines_text(o, lines, sizeof lines),
	                 cents_format(o->total_ht, total, sizeof total),
	                 o->funded ? _("subventionnée") : _("non subventionnée"), o->po.signatory,
	                 o->po.function, day_format(o->po.date, day, sizeof day), o->po.reference,
	                 order_state_label(o->state), o->tracking[0] ? _("\nSuivi : ") : "",
	                 o->tracking, o->invoice_no[0] ? _("\nFacture : ") : "", o->invoice_no,
	                 o->reason[0] ? o->reason : "", h);
	pa = (struct panel_arg){ .title = _("Commande"), .text = text };
	rc = tui_push(t, &screen_panel, &pa);
	free(text);
	free(h);
	return rc;
}

static int orders_step(struct tui *t, struct orders_state *s, bool stop)
{
	const struct order *o = orders_selected(s);
	struct order_step_arg a;

	if (o == NULL) {
		tui_msg(t, MSG_ERROR, _("Aucune commande choisie."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	a = (struct order_step_arg){ .id = o->id, .version = o->version };
	if (stop) {
		a.kind = s->refurb ? ORDER_REFUSE : ORDER_CANCEL;
	} else if (!order_next_step(o->state, s->refurb, &a.kind)) {
		tui_msg(t, MSG_ERROR, _("La commande n° %llu est %s : rien à faire de votre côté."),
		        (unsigned long long)o->id, order_state_label(o->state));
		return SCR_HANDLED | SCR_REDRAW;
	}
	return tui_push(t, &screen_order_step, &a);
}

static int orders_tab(struct orders_state *s, enum order_tab tab)
{
	s->tab = tab;
	orders_fill(s);
	list_refresh(&s->list);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_orders_act(struct tui *t, void *st, int action)
{
	struct orders_state *s = st;
	const struct order *o;

	switch (action) {
	case OR_TAB: return orders_tab(s, (enum order_tab)((s->tab + 1) % ORDER_TAB_COUNT));
	case OR_NEXT: return orders_step(t, s, false);
	case OR_STOP: return orders_step(t, s, true);
	case OR_OPEN:
		o = orders_selected(s);
		return o != NULL ? orders_show(t, o) : SCR_HANDLED;
	default: return SCR_IGNORED;
	}
}

static int screen_orders_key(struct tui *t, void *st, struct tui_key k)
{
	struct orders_state *s = st;
	enum list_result r;

	if (!s->list.searching && !k.fn && k.code >= '1' && k.code < '1' + ORDER_TAB_COUNT)
		return orders_tab(s, (enum order_tab)(k.code - '1'));
	r = list_key(&s->list, &k);
	if (r == LIST_ACTIVATE)
		return screen_orders_act(t, st, OR_OPEN);
	return r == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

static void screen_orders_resume(struct tui *t, void *st, int code, void *result)
{
	(void)result;
	if (code == ORDER_STEP_DONE)
		orders_load(t, st);
}

const struct screen screen_orders = {
	.name = "orders",
	.help = N_("Commandes : 1, 2, 3 ou F6 changent d'onglet (À traiter : l'étape suivante "
		"vous revient ; En cours : elle revient à l'autre partie ; Terminées). Entrée montre "
		"la commande et son historique. F5 fait l'étape suivante (le reconditionneur accuse "
		"réception du bon, expédie, facture ; l'organisation confirme la livraison et "
		"enregistre le paiement). F8 : le reconditionneur refuse la commande, "
		"l'organisation l'annule (avant l'expédition). / cherche."),
	.state_size = sizeof(struct orders_state),
	.keys = &orders_keys,
	.enter = screen_orders_enter,
	.draw = screen_orders_draw,
	.act = screen_orders_act,
	.key = screen_orders_key,
	.leave = screen_orders_leave,
	.resume = screen_orders_resume,
};
