/*
 * screen-order-new.c — « Commander »: the quantities wanted lot by lot
 * (funded: within what remains of the retained quantities, shown; F6
 * switches to a self-funded order, « non subventionnée »), then the
 * selected refurbishers able to supply them, nearest bench first
 * (uc_order_rank: distance, bench commune, price, remaining capacity,
 * grade, warranty; « partiel » when some lots are missing), then the
 * signed purchase order (signatory, function, date, own reference) and F5
 * places the order for the lots the chosen refurbisher covers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/uc-order.h"
#include "core/util.h"
#include "tui/field.h"
#include "tui/list.h"
#include "tui/order.h"
#include "tui/screen.h"

enum new_mode { NM_QTY, NM_RANK, NM_PO };
enum { NA_SEARCH = 1, NA_FUND, NA_PLACE };
enum { PO_SIGNATORY, PO_FUNCTION, PO_DATE, PO_REF, PO_NFIELDS };

static const struct tui_keydef qty_defs[] = {
	{ .keys = N_("Tab"), .label = N_("Lot") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Chercher"), .action = NA_SEARCH },
	{ .fkey = 6, .ctrl = 'f', .label = N_("Financement"), .action = NA_FUND },
};
static const struct tui_keymap qty_keys = TUI_KEYMAP(qty_defs);
static const struct tui_keydef rank_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Choisir") },
};
static const struct tui_keymap rank_keys = TUI_KEYMAP(rank_defs);
static const struct tui_keydef po_defs[] = {
	{ .keys = N_("Tab"), .label = N_("Champ") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Passer la commande"), .action = NA_PLACE },
};
static const struct tui_keymap po_keys = TUI_KEYMAP(po_defs);

static const struct list_col rank_cols[] = {
	{ N_("Reconditionneur"), 16, 2, LIST_LEFT, false },
	{ N_("km"), 5, 0, LIST_RIGHT, false },
	{ N_("Atelier"), 10, 1, LIST_LEFT, false },
	{ N_("Prix HT"), 10, 0, LIST_RIGHT, false },
	{ N_("Reste"), 6, 0, LIST_RIGHT, false },
	{ N_("Gr./gar."), 8, 0, LIST_LEFT, false },
	{ N_(""), 7, 0, LIST_LEFT, false },
};

struct new_state {
	enum new_mode mode;
	struct order_funding fund;
	bool funded;
	struct field qty[LOT_COUNT];
	size_t focus;
	uint32_t want[LOT_COUNT];
	struct rank_row *rows;
	size_t nrows;
	struct list_mem mem;
	struct list list;
	const struct rank_row *chosen;
	struct field po[PO_NFIELDS];
};

static const char *const po_labels[PO_NFIELDS] = {
	N_("Signataire"), N_("Fonction"), N_("Date de signature"), N_("Votre référence"),
};

static int screen_order_new_enter(struct tui *t, void *st, const void *arg)
{
	struct new_state *s = st;
	char *why = NULL, today[16];

	(void)arg;
	for (int l = 0; l < LOT_COUNT; l++)
		field_init(&s->qty[l], FIELD_DIGITS, 6, false, false);
	field_init(&s->po[PO_SIGNATORY], FIELD_TEXT, ORDER_NAME_MAX, false, false);
	field_init(&s->po[PO_FUNCTION], FIELD_TEXT, ORDER_NAME_MAX, false, false);
	field_init(&s->po[PO_DATE], FIELD_DATE, 10, false, false);
	field_init(&s->po[PO_REF], FIELD_TEXT, ORDER_REF_MAX, false, false);
	field_set_utf8(&s->po[PO_DATE], day_format(day_of_instant(uc_now(&t->uc)), today,
	                                           sizeof today));
	list_mem_init(&s->mem, ARRAY_LEN(rank_cols));
	list_init(&s->list, rank_cols, ARRAY_LEN(rank_cols), &list_mem_source, &s->mem);
	s->list.header = true;
	s->list.user_text = true;
	if (uc_order_funding(&t->uc, t->me.actor.org_id, &s->fund, &why) != RC_OK) {
		tui_msg_why(t, why, _("Financement illisible."));
		free(why);
	}
	s->funded = s->fund.has_convention && s->fund.open;
	return RC_OK;
}

static void screen_order_new_leave(struct tui *t, void *st)
{
	struct new_state *s = st;

	for (int l = 0; l < LOT_COUNT; l++)
		field_free(&s->qty[l]);
	for (int i = 0; i < PO_NFIELDS; i++)
		field_free(&s->po[i]);
	list_free(&s->list);
	list_mem_clear(&s->mem);
	free(s->rows);
}

static const struct tui_keymap *screen_order_new_keymap(struct tui *t, void *st)
{
	struct new_state *s = st;

	return s->mode == NM_QTY ? &qty_keys : s->mode == NM_RANK ? &rank_keys : &po_keys;
}

static void draw_qty(struct tui *t, struct new_state *s)
{
	char buf[200], d[16];

	if (s->funded)
		snprintf(buf, sizeof buf, "%s", _("Commande subventionnée : dans la limite de ce qui "
		                                  "reste à commander sur ce qui a été retenu."));
	else if (s->fund.has_convention && !s->fund.open)
		snprintf(buf, sizeof buf, _("Commande sur fonds propres (non subventionnée) : les "
		                            "commandes subventionnées ouvrent le %s."),
		         day_format(s->fund.opens, d, sizeof d));
	else
		snprintf(buf, sizeof buf, "%s", _("Commande sur fonds propres (non subventionnée)."));
	draw_wrapped(2, 2, buf, 2);
	draw_text(5, 2, _("Quantités voulues :"), COLS - 4, false);
	for (int l = 0; l < LOT_COUNT; l++) {
		int y = 7 + l;

		draw_text(y, 0, s->focus == (size_t)l ? "▸" : " ", 1, false);
		draw_text(y, 2, lot_label((enum lot)l), 20, false);
		field_draw(&s->qty[l], stdscr, y, 24, 8, s->focus == (size_t)l, &t->cur_y, &t->cur_x);
		if (s->funded) {
			snprintf(buf, sizeof buf, _("reste à commander : %u (retenu %u)"),
			         s->fund.remaining[l], s->fund.retained[l]);
			draw_text(y, 34, buf, COLS - 36, false);
		}
	}
}

static void draw_po(struct tui *t, struct new_state *s)
{
	const struct rank_row *r = s->chosen;
	char buf[240], price[32];
	int y = 4;

	snprintf(buf, sizeof buf, _("Chez %s (%.0f km, atelier de %s), %s :"), r->name, r->km,
	         r->bench_commune, s->funded ? _("subventionnée") : _("non subventionnée"));
	draw_user(2, 2, buf, COLS - 4, false);
	for (int l = 0; l < LOT_COUNT; l++) {
		if (!(r->covered & (1u << l)))
			continue;
		snprintf(buf, sizeof buf, _("%u × %s à %s HT"), s->want[l], lot_label((enum lot)l),
		         cents_format(r->unit_price[l], price, sizeof price));
		draw_text(y++, 4, buf, COLS - 6, false);
	}
	snprintf(buf, sizeof buf, _("Total : %s HT"), cents_format(r->price, price, sizeof price));
	draw_text(y++, 4, buf, COLS - 6, false);
	y++;
	draw_text(y++, 2, _("Bon de commande signé :"), COLS - 4, false);
	for (int i = 0; i < PO_NFIELDS; i++, y++) {
		draw_text(y, 0, s->focus == (size_t)i ? "▸" : " ", 1, false);
		draw_text(y, 2, _(po_labels[i]), 20, false);
		field_draw(&s->po[i], stdscr, y, 24, COLS - 26, s->focus == (size_t)i, &t->cur_y,
		           &t->cur_x);
	}
}

static void screen_order_new_draw(struct tui *t, void *st)
{
	struct new_state *s = st;

	draw_title(t, _("Commander"));
	if (s->mode == NM_QTY) {
		draw_qty(t, s);
	} else if (s->mode == NM_RANK) {
		draw_text(2, 2, _("Les reconditionneurs sélectionnés, du plus proche au plus "
		                  "éloigné :"), COLS - 4, false);
		list_draw(&s->list, 3, 2, COLS - 4, LINES - 6, &t->cur_y, &t->cur_x);
	} else {
		draw_po(t, s);
	}
}

static int new_search(struct tui *t, struct new_state *s)
{
	char *why = NULL;

	for (int l = 0; l < LOT_COUNT; l++) {
		char *q = field_utf8(&s->qty[l]);

		s->want[l] = (uint32_t)strtoul(q, NULL, 10);
		free(q);
	}
	free(s->rows);
	s->rows = NULL;
	if (uc_order_rank(&t->uc, t->me.actor.org_id, s->want, &s->rows, &s->nrows, &why) !=
	    RC_OK) {
		tui_msg_why(t, why, _("Classement impossible."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (s->nrows == 0) {
		tui_msg(t, MSG_ERROR, _("Aucun reconditionneur sélectionné ne peut fournir ces lots "
		                        "avec sa capacité restante."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	list_mem_clear(&s->mem);
	list_mem_init(&s->mem, ARRAY_LEN(rank_cols));
	for (size_t i = 0; i < s->nrows; i++) {
		const struct rank_row *r = &s->rows[i];
		char km[16], price[32], left[16] = "", gw[24] = "";
		const char *cells[7] = { r->name, km, r->bench_commune, price, left, gw,
		                         r->partial ? _("partiel") : "" };

		snprintf(km, sizeof km, "%.0f", r->km);
		cents_format(r->price, price, sizeof price);
		for (int l = 0; l < LOT_COUNT; l++) {
			if (!(r->covered & (1u << l)))
				continue;
			snprintf(left, sizeof left, "%u", r->remaining[l]);
			snprintf(gw, sizeof gw, "%s/%um", grade_label(r->grade[l]), r->warranty[l]);
			break;
		}
		list_mem_add(&s->mem, i + 1, cells);
	}
	list_refresh(&s->list);
	s->mode = NM_RANK;
	tui_msg_clear(t);
	return SCR_HANDLED | SCR_REDRAW;
}

static int new_place(struct tui *t, struct new_state *s)
{
	struct order_request rq;
	struct order o;
	char *txt[PO_NFIELDS], *why = NULL;
	int rc;

	memset(&rq, 0, sizeof rq);
	rq.org_id = t->me.actor.org_id;
	rq.refurb_id = s->chosen->org_id;
	rq.funded = s->funded;
	for (int l = 0; l < LOT_COUNT; l++)
		rq.qty[l] = (s->chosen->covered & (1u << l)) ? s->want[l] : 0;
	for (int i = 0; i < PO_NFIELDS; i++)
		txt[i] = field_utf8(&s->po[i]);
	strlcpy_(rq.po.signatory, txt[PO_SIGNATORY], sizeof rq.po.signatory);
	strlcpy_(rq.po.function, txt[PO_FUNCTION], sizeof rq.po.function);
	strlcpy_(rq.po.reference, txt[PO_REF], sizeof rq.po.reference);
	rc = day_parse(txt[PO_DATE], &rq.po.date, &why);
	if (rc == RC_OK)
		rc = uc_order_place(&t->uc, &rq, &o, &why);
	for (int i = 0; i < PO_NFIELDS; i++)
		free(txt[i]);
	if (rc != RC_OK) {
		tui_msg_why(t, why, _("Commande non passée."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	tui_msg(t, MSG_INFO, _("Commande n° %llu envoyée à %s : suivez-la dans « Mes "
	                       "commandes »."), (unsigned long long)o.id, o.refurb_name);
	return tui_pop(t, 0, NULL);
}

static int screen_order_new_act(struct tui *t, void *st, int action)
{
	struct new_state *s = st;

	switch (action) {
	case NA_SEARCH: return new_search(t, s);
	case NA_FUND:
		if (!s->funded && !(s->fund.has_convention && s->fund.open)) {
			tui_msg(t, MSG_ERROR, _("Une commande subventionnée demande une intention de "
			                        "commande conventionnée et la date d'ouverture des "
			                        "commandes passée."));
			return SCR_HANDLED | SCR_REDRAW;
		}
		s->funded = !s->funded;
		return SCR_HANDLED | SCR_REDRAW;
	case NA_PLACE: return new_place(t, s);
	default: return SCR_IGNORED;
	}
}

static int screen_order_new_key(struct tui *t, void *st, struct tui_key k)
{
	struct new_state *s = st;
	enum field_result r;

	if (s->mode != NM_QTY && tui_key_back(k)) {
		s->mode = s->mode == NM_PO ? NM_RANK : NM_QTY;
		s->focus = 0;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (s->mode == NM_RANK) {
		enum list_result lr = list_key(&s->list, &k);
		const struct list_row *row;

		if (lr == LIST_ACTIVATE && (row = list_selected(&s->list)) != NULL &&
		    row->id >= 1 && row->id <= s->nrows) {
			s->chosen = &s->rows[row->id - 1];
			s->mode = NM_PO;
			s->focus = 0;
		}
		return lr == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
	}
	if (order_form_focus(&s->focus, s->mode == NM_QTY ? LOT_COUNT : PO_NFIELDS, k))
		return SCR_HANDLED | SCR_REDRAW;
	r = field_key(s->mode == NM_QTY ? &s->qty[s->focus] : &s->po[s->focus], k.code, k.fn);
	if (r == FIELD_REFUSED)
		tui_msg(t, MSG_ERROR, _("Caractère refusé dans ce champ."));
	return r == FIELD_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_order_new = {
	.name = "order-new",
	.help = N_("Commander : indiquez les quantités voulues lot par lot (Tab ou Entrée passe "
		"au suivant) ; F6 choisit entre commande subventionnée (dans la limite de ce qui "
		"reste sur ce qui a été retenu) et commande sur fonds propres (non subventionnée). "
		"F5 cherche les reconditionneurs sélectionnés qui peuvent fournir, du plus proche "
		"au plus éloigné ; « partiel » : certains lots manquent chez lui. Entrée en choisit "
		"un, puis saisissez le bon de commande signé et F5 passe la commande, ce qui "
		"réserve la capacité du reconditionneur. F3 revient d'une étape."),
	.state_size = sizeof(struct new_state),
	.keymap = screen_order_new_keymap,
	.enter = screen_order_new_enter,
	.draw = screen_order_new_draw,
	.act = screen_order_new_act,
	.key = screen_order_new_key,
	.leave = screen_order_new_leave,
};
