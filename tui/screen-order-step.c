/*
 * screen-order-step.c — the form of one step on an order: nothing to type
 * for an acknowledgement or a cancellation; the date and tracking
 * reference of a shipment; the date and reservations of a delivery; the
 * invoice's number, date, amounts HT and TTC and Chorus Pro number; the
 * date of the payment; the reason of a refusal. F5 makes the step
 * (uc_order_step: the rules are core's); the form pops with
 * ORDER_STEP_DONE, or stays with the reason on the message line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/uc-order.h"
#include "core/util.h"
#include "tui/field.h"
#include "tui/order.h"
#include "tui/screen.h"

#define STEP_FIELDS_MAX 5

enum { ST_DO = 1 };

static const struct tui_keydef step_defs[] = {
	{ .keys = N_("Tab"), .label = N_("Champ") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Valider"), .action = ST_DO },
};
static const struct tui_keymap step_keys = TUI_KEYMAP(step_defs);

enum step_field { SF_DAY, SF_TEXT, SF_INVOICE, SF_HT, SF_TTC, SF_CHORUS };

struct step_state {
	struct order_step_arg a;
	size_t nf;
	enum step_field kind[STEP_FIELDS_MAX];
	const char *label[STEP_FIELDS_MAX];
	struct field f[STEP_FIELDS_MAX];
	size_t focus;
};

static void step_add(struct step_state *s, enum step_field k, const char *label,
                     enum field_type type, size_t max)
{
	size_t i = s->nf++;

	s->kind[i] = k;
	s->label[i] = label;
	field_init(&s->f[i], type, max, false, false);
}

static int screen_order_step_enter(struct tui *t, void *st, const void *arg)
{
	struct step_state *s = st;
	char today[16];

	s->a = *(const struct order_step_arg *)arg;
	day_format(day_of_instant(uc_now(&t->uc)), today, sizeof today);
	switch (s->a.kind) {
	case ORDER_SHIP:
		step_add(s, SF_DAY, _("Date d'expédition"), FIELD_DATE, 10);
		step_add(s, SF_TEXT, _("Référence de suivi"), FIELD_TEXT, ORDER_REF_MAX);
		break;
	case ORDER_DELIVER:
		step_add(s, SF_DAY, _("Date de livraison"), FIELD_DATE, 10);
		step_add(s, SF_TEXT, _("Réserves (facultatif)"), FIELD_TEXT, ORDER_TEXT_MAX);
		break;
	case ORDER_INVOICE:
		step_add(s, SF_INVOICE, _("Numéro de facture"), FIELD_TEXT, ORDER_REF_MAX);
		step_add(s, SF_DAY, _("Date de facture"), FIELD_DATE, 10);
		step_add(s, SF_HT, _("Montant HT (€)"), FIELD_AMOUNT, 12);
		step_add(s, SF_TTC, _("Montant TTC (€)"), FIELD_AMOUNT, 12);
		step_add(s, SF_CHORUS, _("N° de dépôt Chorus Pro"), FIELD_TEXT, ORDER_REF_MAX);
		break;
	case ORDER_PAY:
		step_add(s, SF_DAY, _("Date du paiement"), FIELD_DATE, 10);
		break;
	case ORDER_REFUSE:
		step_add(s, SF_TEXT, _("Motif du refus"), FIELD_TEXT, ORDER_TEXT_MAX);
		break;
	default:
		break;
	}
	for (size_t i = 0; i < s->nf; i++)
		if (s->kind[i] == SF_DAY)
			field_set_utf8(&s->f[i], today);
	return RC_OK;
}

static void screen_order_step_leave(struct tui *t, void *st)
{
	struct step_state *s = st;

	for (size_t i = 0; i < s->nf; i++)
		field_free(&s->f[i]);
}

static void screen_order_step_draw(struct tui *t, void *st)
{
	struct step_state *s = st;
	char *head = xasprintf(_("Commande n° %llu : %s"), (unsigned long long)s->a.id,
	                       order_step_label(s->a.kind));

	draw_title(t, order_step_label(s->a.kind));
	draw_text(2, 2, head, COLS - 4, false);
	free(head);
	if (s->nf == 0)
		draw_text(4, 2, _("F5 pour confirmer, F3 pour revenir sans rien changer."), COLS - 4,
		          false);
	for (size_t i = 0; i < s->nf; i++) {
		int y = 4 + 2 * (int)i;

		draw_text(y, 0, s->focus == i ? "▸" : " ", 1, false);
		draw_text(y, 2, s->label[i], 26, false);
		field_draw(&s->f[i], stdscr, y, 30, COLS - 32, s->focus == i, &t->cur_y, &t->cur_x);
	}
}

static int step_do(struct tui *t, struct step_state *s)
{
	struct order_step st = { .kind = s->a.kind };
	char *txt[STEP_FIELDS_MAX] = { NULL }, *why = NULL;
	int rc = RC_OK;

	for (size_t i = 0; i < s->nf && rc == RC_OK; i++) {
		txt[i] = field_utf8(&s->f[i]);
		switch (s->kind[i]) {
		case SF_DAY: rc = day_parse(txt[i], &st.day, &why); break;
		case SF_TEXT: st.text = txt[i]; break;
		case SF_INVOICE: st.invoice_no = txt[i]; break;
		case SF_HT: rc = cents_parse(txt[i], &st.ht, &why); break;
		case SF_TTC: rc = cents_parse(txt[i], &st.ttc, &why); break;
		case SF_CHORUS: st.chorus_no = txt[i]; break;
		}
		if (rc != RC_OK)
			s->focus = i;
	}
	if (rc == RC_OK)
		rc = uc_order_step(&t->uc, s->a.id, s->a.version, &st, NULL, &why);
	for (size_t i = 0; i < s->nf; i++)
		free(txt[i]);
	if (rc != RC_OK) {
		tui_msg_why(t, why, _("Commande inchangée."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	tui_msg(t, MSG_INFO, _("Commande n° %llu : %s."), (unsigned long long)s->a.id,
	        order_state_label(st.kind == ORDER_ACK       ? ORD_BON_RECU
	                          : st.kind == ORDER_SHIP    ? ORD_EXPEDIEE
	                          : st.kind == ORDER_DELIVER ? ORD_LIVREE
	                          : st.kind == ORDER_INVOICE ? ORD_FACTUREE
	                          : st.kind == ORDER_PAY     ? ORD_PAYEE
	                          : st.kind == ORDER_REFUSE  ? ORD_REFUSEE
	                                                     : ORD_ANNULEE));
	return tui_pop(t, ORDER_STEP_DONE, NULL);
}

static int screen_order_step_act(struct tui *t, void *st, int action)
{
	return action == ST_DO ? step_do(t, st) : SCR_IGNORED;
}

bool order_form_focus(size_t *focus, size_t n, struct tui_key k)
{
	if (n == 0)
		return false;
	if ((!k.fn && k.code == '\t') || tui_key_enter(k) || (k.fn && k.code == KEY_DOWN)) {
		*focus = (*focus + 1) % n;
		return true;
	}
	if (k.fn && (k.code == KEY_BTAB || k.code == KEY_UP)) {
		*focus = (*focus + n - 1) % n;
		return true;
	}
	return false;
}

static int screen_order_step_key(struct tui *t, void *st, struct tui_key k)
{
	struct step_state *s = st;
	enum field_result r;

	if (s->nf == 0)
		return SCR_IGNORED;
	if (order_form_focus(&s->focus, s->nf, k))
		return SCR_HANDLED | SCR_REDRAW;
	r = field_key(&s->f[s->focus], k.code, k.fn);
	if (r == FIELD_REFUSED)
		tui_msg(t, MSG_ERROR, _("Caractère refusé dans ce champ."));
	return r == FIELD_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_order_step = {
	.name = "order-step",
	.help = N_("Une étape de la commande : remplissez les champs (Tab ou Entrée passe au "
		"suivant ; les dates au format JJ/MM/AAAA, aujourd'hui par défaut ; les montants "
		"en euros avec une virgule) et validez avec F5 ou ^D. F3 revient sans rien changer."),
	.state_size = sizeof(struct step_state),
	.keys = &step_keys,
	.enter = screen_order_step_enter,
	.draw = screen_order_step_draw,
	.act = screen_order_step_act,
	.key = screen_order_step_key,
	.leave = screen_order_step_leave,
};
