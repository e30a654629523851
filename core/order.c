/*
 * order.c — the orders' rules: state names, the checks of the signed
 * purchase order and of the lines, the state machine (who may move an
 * order from where to where, with what), the history, and the ranking of
 * refurbishers for an organisation.
 */
#include "core/order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/geo.h"
#include "core/i18n.h"
#include "core/util.h"

static const struct {
	const char *name;
	const char *label;
} states[ORD_STATE_COUNT] = {
	[ORD_ENVOYEE] = { "envoyee", N_("envoyée") },
	[ORD_BON_RECU] = { "bon_recu", N_("bon reçu") },
	[ORD_EXPEDIEE] = { "expediee", N_("expédiée") },
	[ORD_LIVREE] = { "livree", N_("livrée") },
	[ORD_FACTUREE] = { "facturee", N_("facturée") },
	[ORD_PAYEE] = { "payee", N_("payée") },
	[ORD_REFUSEE] = { "refusee", N_("refusée") },
	[ORD_ANNULEE] = { "annulee", N_("annulée") },
};

static const char *const step_names[ORDER_STEP_COUNT] = {
	[ORDER_ACK] = "ack", [ORDER_SHIP] = "ship", [ORDER_DELIVER] = "deliver",
	[ORDER_INVOICE] = "invoice", [ORDER_PAY] = "pay", [ORDER_REFUSE] = "refuse",
	[ORDER_CANCEL] = "cancel",
};

const char *order_state_name(enum order_state s)
{
	return (unsigned)s < ORD_STATE_COUNT ? states[s].name : "?";
}

const char *order_state_label(enum order_state s)
{
	return (unsigned)s < ORD_STATE_COUNT ? _(states[s].label) : "?";
}

int order_state_parse(const char *s, enum order_state *out, char **why)
{
	for (int i = 0; i < ORD_STATE_COUNT; i++) {
		if (s != NULL && strcmp(s, states[i].name) == 0) {
			*out = (enum order_state)i;
			return RC_OK;
		}
	}
	return fail(why, RC_INVALID, _("État de commande inconnu : « %s »."), s != NULL ? s : "");
}

bool order_state_live(enum order_state s)
{
	return s != ORD_REFUSEE && s != ORD_ANNULEE && (unsigned)s < ORD_STATE_COUNT;
}

bool order_state_final(enum order_state s)
{
	return s == ORD_PAYEE || s == ORD_REFUSEE || s == ORD_ANNULEE;
}

bool order_step_by_refurb(enum order_step_kind k)
{
	return k == ORDER_ACK || k == ORDER_SHIP || k == ORDER_INVOICE || k == ORDER_REFUSE;
}

const char *order_step_name(enum order_step_kind k)
{
	return (unsigned)k < ORDER_STEP_COUNT ? step_names[k] : "?";
}

static const char *const tab_labels[ORDER_TAB_COUNT] = {
	[ORDER_TAB_TODO] = N_("À traiter"),
	[ORDER_TAB_ONGOING] = N_("En cours"),
	[ORDER_TAB_DONE] = N_("Terminées"),
};

static const char *const step_labels[ORDER_STEP_COUNT] = {
	[ORDER_ACK] = N_("Accuser réception du bon"), [ORDER_SHIP] = N_("Expédier"),
	[ORDER_DELIVER] = N_("Confirmer la livraison"), [ORDER_INVOICE] = N_("Facturer"),
	[ORDER_PAY] = N_("Enregistrer le paiement"), [ORDER_REFUSE] = N_("Refuser"),
	[ORDER_CANCEL] = N_("Annuler la commande"),
};

const char *order_tab_label(enum order_tab t)
{
	return (unsigned)t < ORDER_TAB_COUNT ? _(tab_labels[t]) : "?";
}

const char *order_step_label(enum order_step_kind k)
{
	return (unsigned)k < ORDER_STEP_COUNT ? _(step_labels[k]) : "?";
}

bool order_next_step(enum order_state s, bool refurb, enum order_step_kind *out)
{
	switch (s) {
	case ORD_ENVOYEE: *out = ORDER_ACK; return refurb;
	case ORD_BON_RECU: *out = ORDER_SHIP; return refurb;
	case ORD_EXPEDIEE: *out = ORDER_DELIVER; return !refurb;
	case ORD_LIVREE: *out = ORDER_INVOICE; return refurb;
	case ORD_FACTUREE: *out = ORDER_PAY; return !refurb;
	default: return false;
	}
}

bool order_in_tab(const struct order *o, enum order_tab t, bool refurb)
{
	enum order_step_kind k;

	switch (t) {
	case ORDER_TAB_TODO: return order_next_step(o->state, refurb, &k);
	case ORDER_TAB_ONGOING:
		return !order_state_final(o->state) && !order_next_step(o->state, refurb, &k);
	case ORDER_TAB_DONE: return order_state_final(o->state);
	default: return false;
	}
}

char *order_lines_text(const struct order *o, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < o->nlines && i < LOT_COUNT && n < cap; i++) {
		int w = snprintf(buf + n, cap - n, "%s%u × %s", i > 0 ? ", " : "", o->lines[i].qty,
		                 lot_label(o->lines[i].lot));

		if (w < 0)
			break;
		n += (size_t)w;
	}
	return buf;
}

uint32_t order_qty(const struct order *o, enum lot l)
{
	for (size_t i = 0; i < o->nlines && i < LOT_COUNT; i++)
		if (o->lines[i].lot == l)
			return o->lines[i].qty;
	return 0;
}

/* A date of the order's life: real, not after today, not before `after` (0: no bound). */
static int day_check(const char *what, day_t d, day_t today, day_t after, char **why)
{
	char b1[16], b2[16];

	if (!day_valid(d))
		return fail(why, RC_INVALID, _("%s : date invalide."), what);
	if (d > today)
		return fail(why, RC_INVALID, _("%s : le %s est dans le futur."), what,
		            day_format(d, b1, sizeof b1));
	if (after != 0 && d < after)
		return fail(why, RC_INVALID, _("%s : le %s précède l'étape précédente (%s)."), what,
		            day_format(d, b1, sizeof b1), day_format(after, b2, sizeof b2));
	return RC_OK;
}

int order_check_signed(const struct order_signed *s, day_t today, char **why)
{
	int rc;

	if ((rc = text_check(_("Nom du signataire"), s->signatory, 2, ORDER_NAME_MAX, false, why)) ||
	    (rc = text_check(_("Fonction du signataire"), s->function, 2, ORDER_NAME_MAX, false,
	                     why)) ||
	    (rc = text_check(_("Référence du bon de commande"), s->reference, 1, ORDER_REF_MAX,
	                     false, why)))
		return rc;
	return day_check(_("Date de signature du bon"), s->date, today, 0, why);
}

int order_check_lines(struct order *o, char **why)
{
	bool seen[LOT_COUNT] = { false };
	cents_t total = 0, line;

	if (o->nlines == 0 || o->nlines > LOT_COUNT)
		return fail(why, RC_INVALID, "%s", _("Une commande porte sur au moins un lot."));
	for (size_t i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];

		if ((unsigned)l->lot >= LOT_COUNT)
			return fail(why, RC_INVALID, "%s", _("Lot inconnu."));
		if (seen[l->lot])
			return fail(why, RC_INVALID, _("Le lot « %s » figure deux fois."),
			            lot_label(l->lot));
		seen[l->lot] = true;
		if (l->qty == 0 || l->qty > ORDER_QTY_MAX)
			return fail(why, RC_INVALID, _("Lot « %s » : la quantité doit aller de 1 à %u."),
			            lot_label(l->lot), ORDER_QTY_MAX);
		if (!cents_mul(l->unit_price, l->qty, &line) || !cents_add(total, line, &total))
			return fail(why, RC_INVALID, "%s", _("Montant de la commande trop élevé."));
	}
	o->total_ht = total;
	return RC_OK;
}

void order_history_add(struct order *o, enum order_state s, int64_t at, uint64_t by,
                       const char *login)
{
	struct order_history *h;

	if (o->nhist >= ORDER_STEPS_MAX) {
		/* keep the first (placement), drop the oldest after it */
		memmove(&o->hist[1], &o->hist[2], (ORDER_STEPS_MAX - 2) * sizeof o->hist[0]);
		o->nhist = ORDER_STEPS_MAX - 1;
	}
	h = &o->hist[o->nhist++];
	memset(h, 0, sizeof *h);
	h->state = s;
	h->at = at;
	h->by = by;
	strlcpy_(h->login, login != NULL ? login : "", sizeof h->login);
}

/* The state a step starts from, and the one it reaches. */
static bool step_allowed(enum order_step_kind k, enum order_state from, enum order_state *to)
{
	switch (k) {
	case ORDER_ACK: *to = ORD_BON_RECU; return from == ORD_ENVOYEE;
	case ORDER_SHIP: *to = ORD_EXPEDIEE; return from == ORD_BON_RECU;
	case ORDER_DELIVER: *to = ORD_LIVREE; return from == ORD_EXPEDIEE;
	case ORDER_INVOICE: *to = ORD_FACTUREE; return from == ORD_LIVREE;
	case ORDER_PAY: *to = ORD_PAYEE; return from == ORD_FACTUREE;
	case ORDER_REFUSE: *to = ORD_REFUSEE; return from == ORD_ENVOYEE || from == ORD_BON_RECU;
	case ORDER_CANCEL: *to = ORD_ANNULEE; return from == ORD_ENVOYEE || from == ORD_BON_RECU;
	default: *to = from; return false;
	}
}

static int step_refused(const struct order *o, enum order_step_kind k, char **why)
{
	const char *st = order_state_label(o->state);

	if (order_state_final(o->state))
		return fail(why, RC_INVALID, _("La commande n° %llu est %s : plus rien n'y change."),
		            (unsigned long long)o->id, st);
	switch (k) {
	case ORDER_ACK:
		return fail(why, RC_INVALID, _("Le bon ne peut être reçu que d'une commande envoyée "
		                               "(celle-ci est %s)."), st);
	case ORDER_SHIP:
		return fail(why, RC_INVALID, _("Une commande n'est expédiée qu'une fois son bon reçu "
		                               "(celle-ci est %s)."), st);
	case ORDER_DELIVER:
		return fail(why, RC_INVALID, _("La livraison se confirme une fois la commande "
		                               "expédiée (celle-ci est %s)."), st);
	case ORDER_INVOICE:
		return fail(why, RC_INVALID, _("La facture suit la livraison (la commande est %s)."),
		            st);
	case ORDER_PAY:
		return fail(why, RC_INVALID, _("Le paiement suit la facture (la commande est %s)."),
		            st);
	case ORDER_REFUSE:
		return fail(why, RC_INVALID, _("Une commande ne se refuse plus une fois expédiée "
		                               "(celle-ci est %s)."), st);
	case ORDER_CANCEL:
		return fail(why, RC_INVALID, _("Une commande ne s'annule plus une fois expédiée "
		                               "(celle-ci est %s)."), st);
	default:
		return fail(why, RC_INVALID, "%s", _("Étape de commande inconnue."));
	}
}

/* The day of the last step reached (for the order of dates). */
static day_t last_day(const struct order *o)
{
	day_t d = o->po.date;

	if (o->shipped_on > d)
		d = o->shipped_on;
	if (o->delivered_on > d)
		d = o->delivered_on;
	if (o->invoice_date > d)
		d = o->invoice_date;
	return d;
}

int order_apply(struct order *o, const struct order_step *st, int64_t now, uint64_t by,
                const char *login, char **why)
{
	day_t today = day_of_instant(now), after = last_day(o);
	const char *text = st->text != NULL ? st->text : "";
	enum order_state to;
	int rc;

	if (!step_allowed(st->kind, o->state, &to))
		return step_refused(o, st->kind, why);
	switch (st->kind) {
	case ORDER_ACK:
	case ORDER_CANCEL:
		break;
	case ORDER_SHIP:
		if ((rc = day_check(_("Date d'expédition"), st->day, today, after, why)) ||
		    (rc = text_check(_("Référence de suivi"), text, 1, ORDER_REF_MAX, false, why)))
			return rc;
		o->shipped_on = st->day;
		strlcpy_(o->tracking, text, sizeof o->tracking);
		break;
	case ORDER_DELIVER:
		if ((rc = day_check(_("Date de livraison"), st->day, today, after, why)) ||
		    (rc = text_check(_("Réserves"), text, 0, ORDER_TEXT_MAX, true, why)))
			return rc;
		o->delivered_on = st->day;
		strlcpy_(o->reservations, text, sizeof o->reservations);
		break;
	case ORDER_INVOICE: {
		const char *no = st->invoice_no != NULL ? st->invoice_no : "";
		const char *chorus = st->chorus_no != NULL ? st->chorus_no : "";

		if ((rc = text_check(_("Numéro de facture"), no, 1, ORDER_REF_MAX, false, why)) ||
		    (rc = day_check(_("Date de facture"), st->day, today, after, why)) ||
		    (rc = text_check(_("Numéro de dépôt Chorus Pro"), chorus, 0, ORDER_REF_MAX, false,
		                     why)))
			return rc;
		if (st->ht <= 0)
			return fail(why, RC_INVALID, "%s", _("Le montant HT de la facture doit être "
			                                     "positif."));
		if (st->ttc < st->ht)
			return fail(why, RC_INVALID, "%s", _("Le montant TTC ne peut être inférieur au "
			                                     "montant HT."));
		strlcpy_(o->invoice_no, no, sizeof o->invoice_no);
		o->invoice_date = st->day;
		o->invoice_ht = st->ht;
		o->invoice_ttc = st->ttc;
		strlcpy_(o->chorus_no, chorus, sizeof o->chorus_no);
		break;
	}
	case ORDER_PAY:
		if ((rc = day_check(_("Date de paiement"), st->day, today, after, why)))
			return rc;
		o->paid_on = st->day;
		break;
	case ORDER_REFUSE:
		if ((rc = text_check(_("Motif du refus"), text, ORDER_REASON_MIN, ORDER_TEXT_MAX, true,
		                     why)))
			return rc;
		strlcpy_(o->reason, text, sizeof o->reason);
		break;
	default:
		return fail(why, RC_INVALID, "%s", _("Étape de commande inconnue."));
	}
	o->state = to;
	order_history_add(o, to, now, by, login);
	return RC_OK;
}

/* ---- ranking ---- */

static int row_cmp(const void *a, const void *b)
{
	const struct rank_row *x = a, *y = b;

	if (x->km != y->km)
		return x->km < y->km ? -1 : 1;
	if (x->price != y->price)
		return x->price < y->price ? -1 : 1;
	return x->org_id < y->org_id ? -1 : x->org_id > y->org_id;
}

size_t order_rank(const struct geo_point *from, const uint32_t want[LOT_COUNT],
                  const struct rank_input *in, size_t n, struct rank_row *out)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		const struct rank_input *r = &in[i];
		struct rank_row *row = &out[m];
		unsigned covered = 0;
		bool partial = false;
		cents_t price = 0, line;
		size_t best = 0;
		double km = 0;

		if (r->nbenches == 0)
			continue;
		for (int l = 0; l < LOT_COUNT; l++) {
			if (want[l] == 0)
				continue;
			if (r->orderable[l] && r->remaining[l] >= want[l] &&
			    cents_mul(r->unit_price[l], want[l], &line) && cents_add(price, line, &price))
				covered |= 1u << l;
			else
				partial = true;
		}
		if (covered == 0)
			continue;
		for (size_t b = 0; b < r->nbenches; b++) {
			double d = geo_distance_e5(from->lat_e5, from->lon_e5, r->bench_at[b].lat_e5,
			                           r->bench_at[b].lon_e5);

			if (b == 0 || d < km) {
				km = d;
				best = b;
			}
		}
		memset(row, 0, sizeof *row);
		row->org_id = r->org_id;
		strlcpy_(row->name, r->name != NULL ? r->name : "", sizeof row->name);
		row->km = km;
		strlcpy_(row->bench_commune, r->bench_commune != NULL ? r->bench_commune[best] : "",
		         sizeof row->bench_commune);
		row->covered = covered;
		row->partial = partial;
		row->price = price;
		for (int l = 0; l < LOT_COUNT; l++) {
			row->unit_price[l] = r->unit_price[l];
			row->remaining[l] = r->orderable[l] ? r->remaining[l] : 0;
			row->grade[l] = r->grade[l];
			row->warranty[l] = r->warranty[l];
		}
		m++;
	}
	qsort(out, m, sizeof *out, row_cmp);
	return m;
}
