/*
 * loan.c — the rules of loans to partner structures (loan.h).
 */
#include "core/loan.h"

#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/util.h"

static const char *const status_labels[LOAN_STATUS_COUNT] = {
	[LOAN_OUT] = N_("en prêt"), [LOAN_BACK] = N_("rendu"), [LOAN_OVERDUE] = N_("en retard"),
};

const char *loan_status_label(enum loan_status s)
{
	return (unsigned)s < LOAN_STATUS_COUNT ? _(status_labels[s]) : "?";
}

enum loan_status loan_status_of(const struct loan *l, day_t today)
{
	if (l->returned_on != 0)
		return LOAN_BACK;
	return today > l->due ? LOAN_OVERDUE : LOAN_OUT;
}

int loan_check_new(const struct loan *l, const struct order *o, uint32_t lent, char **why)
{
	uint32_t have;
	int rc;

	if (o->state != ORD_LIVREE && o->state != ORD_FACTUREE && o->state != ORD_PAYEE)
		return fail(why, RC_INVALID, _("La commande n° %llu n'est pas livrée (%s) : rien à "
		                               "prêter encore."),
		            (unsigned long long)o->id, order_state_label(o->state));
	if ((unsigned)l->lot >= LOT_COUNT || (have = order_qty(o, l->lot)) == 0)
		return fail(why, RC_INVALID, _("La commande n° %llu ne porte pas sur ce lot."),
		            (unsigned long long)o->id);
	if (l->count == 0)
		return fail(why, RC_INVALID, "%s", _("Prêtez au moins une unité."));
	if (l->count > (have > lent ? have - lent : 0))
		return fail(why, RC_INVALID, _("Lot « %s » : %u unité(s) disponible(s) sur %u (les "
		                               "autres sont prêtées), vous en prêtez %u."),
		            lot_label(l->lot), have > lent ? have - lent : 0, have, l->count);
	if ((rc = text_check(_("Structure partenaire"), l->partner, 2, LOAN_PARTNER_MAX, false,
	                     why)) ||
	    (rc = text_check(_("Numéros de série"), l->serials, 0, LOAN_SERIALS_MAX, true, why)))
		return rc;
	if (!day_valid(l->start) || !day_valid(l->due))
		return fail(why, RC_INVALID, "%s", _("Dates du prêt invalides."));
	if (l->due < l->start)
		return fail(why, RC_INVALID, "%s", _("La fin du prêt précède son début."));
	if (l->start < o->delivered_on)
		return fail(why, RC_INVALID, "%s", _("Le prêt commence avant la livraison."));
	return RC_OK;
}

int loan_check_return(const struct loan *l, day_t d, day_t today, char **why)
{
	if (l->returned_on != 0)
		return fail(why, RC_INVALID, _("Le prêt n° %llu est déjà rendu."),
		            (unsigned long long)l->id);
	if (!day_valid(d) || d > today || d < l->start)
		return fail(why, RC_INVALID, "%s", _("Date de retour invalide : entre le début du "
		                                     "prêt et aujourd'hui."));
	return RC_OK;
}
