/*
 * screen-loans.c — « Prêts »: the organisation's loans of delivered
 * equipment to partner structures, in the list widget, with their status
 * (en prêt, rendu, en retard). F5 lends (the form: order number, lot,
 * count, partner, serial numbers, start and due days), F6 records the
 * selected loan's return today. The rules are core's (uc_loan_*).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/uc-loan.h"
#include "core/util.h"
#include "tui/field.h"
#include "tui/list.h"
#include "tui/order.h"
#include "tui/screen.h"

#define LOANS_MAX 2000

enum { LO_NEW = 1, LO_BACK, LN_SAVE };

static const struct tui_keydef loans_defs[] = {
	{ .fkey = 5, .ctrl = 'd', .label = N_("Prêter"), .action = LO_NEW },
	{ .fkey = 6, .ctrl = 'f', .label = N_("Rendu"), .action = LO_BACK },
};
static const struct tui_keymap loans_keys = TUI_KEYMAP(loans_defs);

static const struct list_col loans_cols[] = {
	{ N_("Cde"), 4, 0, LIST_RIGHT, false },
	{ N_("Lot"), 11, 0, LIST_LEFT, false },
	{ N_("Qté"), 4, 0, LIST_RIGHT, false },
	{ N_("Structure"), 16, 2, LIST_LEFT, false },
	{ N_("Du"), 10, 0, LIST_LEFT, false },
	{ N_("Au"), 10, 0, LIST_LEFT, false },
	{ N_("Statut"), 9, 0, LIST_LEFT, false },
};

struct loans_state {
	struct loan *all;
	size_t n;
	struct list_mem rows;
	struct list list;
};

static int loans_one(const struct loan *l, void *ctx)
{
	struct loans_state *s = ctx;

	if (s->n >= LOANS_MAX)
		return 1;
	s->all[s->n++] = *l;
	return 0;
}

static int loans_load(struct tui *t, struct loans_state *s)
{
	day_t today = day_of_instant(uc_now(&t->uc));
	char *why = NULL;
	int rc;

	s->n = 0;
	if ((rc = uc_loan_list(&t->uc, t->me.actor.org_id, loans_one, s, &why)) != RC_OK && rc != 1)
		tui_msg_why(t, why, _("Prêts illisibles."));
	free(why);
	list_mem_clear(&s->rows);
	list_mem_init(&s->rows, ARRAY_LEN(loans_cols));
	for (size_t i = 0; i < s->n; i++) {
		const struct loan *l = &s->all[i];
		char id[24], qty[16], d1[16], d2[16];
		const char *cells[7] = { id, lot_label(l->lot), qty, l->partner,
		                         day_format(l->start, d1, sizeof d1),
		                         day_format(l->due, d2, sizeof d2),
		                         loan_status_label(loan_status_of(l, today)) };

		snprintf(id, sizeof id, "%llu", (unsigned long long)l->order_id);
		snprintf(qty, sizeof qty, "%u", l->count);
		list_mem_add(&s->rows, l->id, cells);
	}
	return list_refresh(&s->list);
}

static int screen_loans_enter(struct tui *t, void *st, const void *arg)
{
	struct loans_state *s = st;

	(void)arg;
	s->all = xcalloc(LOANS_MAX, sizeof *s->all);
	list_mem_init(&s->rows, ARRAY_LEN(loans_cols));
	list_init(&s->list, loans_cols, ARRAY_LEN(loans_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;
	return loans_load(t, s);
}

static void screen_loans_leave(struct tui *t, void *st)
{
	struct loans_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
	free(s->all);
}

static void screen_loans_draw(struct tui *t, void *st)
{
	struct loans_state *s = st;

	draw_title(t, _("Prêts aux structures partenaires"));
	list_draw(&s->list, 2, 2, COLS - 4, LINES - 5, &t->cur_y, &t->cur_x);
}

static int loans_back(struct tui *t, struct loans_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	char *why = NULL;

	for (size_t i = 0; r != NULL && i < s->n; i++) {
		if (s->all[i].id != r->id)
			continue;
		if (uc_loan_return(&t->uc, s->all[i].id, s->all[i].version,
		                   day_of_instant(uc_now(&t->uc)), &why) != RC_OK) {
			tui_msg_why(t, why, _("Retour non enregistré."));
			free(why);
		} else {
			tui_msg(t, MSG_INFO, _("Retour enregistré."));
			loans_load(t, s);
		}
		return SCR_HANDLED | SCR_REDRAW;
	}
	tui_msg(t, MSG_ERROR, _("Aucun prêt choisi."));
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_loans_act(struct tui *t, void *st, int action)
{
	switch (action) {
	case LO_NEW: return tui_push(t, &screen_loan_new, NULL);
	case LO_BACK: return loans_back(t, st);
	default: return SCR_IGNORED;
	}
}

static int screen_loans_key(struct tui *t, void *st, struct tui_key k)
{
	struct loans_state *s = st;

	return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

static void screen_loans_resume(struct tui *t, void *st, int code, void *result)
{
	(void)result;
	if (code == ORDER_STEP_DONE)
		loans_load(t, st);
}

const struct screen screen_loans = {
	.name = "loans",
	.help = N_("Prêts : l'équipement livré que vous prêtez à des structures partenaires, "
		"avec leur statut (en prêt, rendu, en retard). F5 prête des unités d'une commande "
		"livrée ; F6 enregistre aujourd'hui le retour du prêt choisi."),
	.state_size = sizeof(struct loans_state),
	.keys = &loans_keys,
	.enter = screen_loans_enter,
	.draw = screen_loans_draw,
	.act = screen_loans_act,
	.key = screen_loans_key,
	.leave = screen_loans_leave,
	.resume = screen_loans_resume,
};

/* ---- the form of a new loan ---- */

enum { LN_F_ORDER, LN_F_LOT, LN_F_COUNT, LN_F_PARTNER, LN_F_SERIALS, LN_F_START, LN_F_DUE, LN_F_N };

static const char *const lf_labels[LN_F_N] = {
	N_("N° de commande"), N_("Lot"), N_("Nombre d'unités"), N_("Structure partenaire"),
	N_("Numéros de série"), N_("Du"), N_("Au"),
};

static const struct tui_keydef new_defs[] = {
	{ .keys = N_("Tab"), .label = N_("Champ") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Enregistrer le prêt"), .action = LN_SAVE },
};
static const struct tui_keymap new_keys = TUI_KEYMAP(new_defs);

struct loan_new_state {
	struct field f[LN_F_N];
	size_t focus;
};

static int screen_loan_new_enter(struct tui *t, void *st, const void *arg)
{
	struct loan_new_state *s = st;
	char d[16];

	(void)arg;
	field_init(&s->f[LN_F_ORDER], FIELD_DIGITS, 12, false, false);
	field_init(&s->f[LN_F_LOT], FIELD_TEXT, 20, false, false);
	field_init(&s->f[LN_F_COUNT], FIELD_DIGITS, 6, false, false);
	field_init(&s->f[LN_F_PARTNER], FIELD_TEXT, LOAN_PARTNER_MAX, false, false);
	field_init(&s->f[LN_F_SERIALS], FIELD_TEXT, LOAN_SERIALS_MAX, false, false);
	field_init(&s->f[LN_F_START], FIELD_DATE, 10, false, false);
	field_init(&s->f[LN_F_DUE], FIELD_DATE, 10, false, false);
	field_set_utf8(&s->f[LN_F_START], day_format(day_of_instant(uc_now(&t->uc)), d, sizeof d));
	return RC_OK;
}

static void screen_loan_new_leave(struct tui *t, void *st)
{
	struct loan_new_state *s = st;

	for (int i = 0; i < LN_F_N; i++)
		field_free(&s->f[i]);
}

static void screen_loan_new_draw(struct tui *t, void *st)
{
	struct loan_new_state *s = st;

	draw_title(t, _("Nouveau prêt"));
	draw_text(2, 2, _("Lot : pc_fixe, pc_portable, tablette ou smartphone ; dates JJ/MM/AAAA."),
	          COLS - 4, false);
	for (int i = 0; i < LN_F_N; i++) {
		int y = 4 + 2 * i;

		draw_text(y, 0, s->focus == (size_t)i ? "▸" : " ", 1, false);
		draw_text(y, 2, _(lf_labels[i]), 22, false);
		field_draw(&s->f[i], stdscr, y, 26, COLS - 28, s->focus == (size_t)i, &t->cur_y,
		           &t->cur_x);
	}
}

static int loan_save(struct tui *t, struct loan_new_state *s)
{
	char *txt[LN_F_N], *why = NULL;
	struct loan l;
	int rc = RC_OK;

	memset(&l, 0, sizeof l);
	for (int i = 0; i < LN_F_N; i++)
		txt[i] = field_utf8(&s->f[i]);
	l.order_id = strtoull(txt[LN_F_ORDER], NULL, 10);
	l.count = (uint32_t)strtoul(txt[LN_F_COUNT], NULL, 10);
	strlcpy_(l.partner, txt[LN_F_PARTNER], sizeof l.partner);
	strlcpy_(l.serials, txt[LN_F_SERIALS], sizeof l.serials);
	if ((rc = lot_parse(txt[LN_F_LOT], &l.lot, &why)) == RC_OK &&
	    (rc = day_parse(txt[LN_F_START], &l.start, &why)) == RC_OK &&
	    (rc = day_parse(txt[LN_F_DUE], &l.due, &why)) == RC_OK)
		rc = uc_loan_create(&t->uc, &l, NULL, &why);
	for (int i = 0; i < LN_F_N; i++)
		free(txt[i]);
	if (rc != RC_OK) {
		tui_msg_why(t, why, _("Prêt non enregistré."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	tui_msg(t, MSG_INFO, _("Prêt enregistré."));
	return tui_pop(t, ORDER_STEP_DONE, NULL);
}

static int screen_loan_new_act(struct tui *t, void *st, int action)
{
	return action == LN_SAVE ? loan_save(t, st) : SCR_IGNORED;
}

static int screen_loan_new_key(struct tui *t, void *st, struct tui_key k)
{
	struct loan_new_state *s = st;
	enum field_result r;

	if (order_form_focus(&s->focus, LN_F_N, k))
		return SCR_HANDLED | SCR_REDRAW;
	r = field_key(&s->f[s->focus], k.code, k.fn);
	if (r == FIELD_REFUSED)
		tui_msg(t, MSG_ERROR, _("Caractère refusé dans ce champ."));
	return r == FIELD_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_loan_new = {
	.name = "loan-new",
	.help = N_("Nouveau prêt : le numéro d'une commande livrée, le lot, le nombre d'unités "
		"(pas plus que ce qui n'est pas déjà prêté), la structure partenaire, les numéros "
		"de série si vous les avez, les dates de début et de fin. F5 enregistre."),
	.state_size = sizeof(struct loan_new_state),
	.keys = &new_keys,
	.enter = screen_loan_new_enter,
	.draw = screen_loan_new_draw,
	.act = screen_loan_new_act,
	.key = screen_loan_new_key,
	.leave = screen_loan_new_leave,
};
