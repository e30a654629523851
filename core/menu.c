/*
 * menu.c — which areas of recond each role may open, and their labels. This
 * is the single place that decides it: screens list what role_areas() gives
 * and nothing else.
 */
#include "core/core.h"

#include "core/i18n.h"

static const char *const area_labels[AREA_COUNT] = {
	[AREA_ACCOUNT] = N_("Mon compte"),
	[AREA_FAQ]     = N_("Questions fréquentes"),
	[AREA_QUIT]    = N_("Quitter"),
	[AREA_PREORDER] = N_("Mon intention de commande"),
	[AREA_FOLLOW]  = N_("Suivi de ma demande"),
	[AREA_MESSAGES] = N_("Messages"),
	[AREA_SUPPORT] = N_("Contacter l'assistance"),
};

const char *area_label(enum area a)
{
	if ((int)a < 0 || a >= AREA_COUNT)
		return "?";
	return _(area_labels[a]);
}

size_t role_areas(enum role r, enum area out[AREA_COUNT])
{
	size_t n = 0;

	switch (r) {
	case ROLE_COLLECTIVITE:
	case ROLE_FRANCE_SERVICES:
		/* The organisations that pre-order see their file first. */
		out[n++] = AREA_PREORDER;
		out[n++] = AREA_FOLLOW;
		out[n++] = AREA_MESSAGES;
		out[n++] = AREA_SUPPORT;
		out[n++] = AREA_ACCOUNT;
		out[n++] = AREA_FAQ;
		out[n++] = AREA_QUIT;
		break;
	case ROLE_PREFECTURE:
	case ROLE_RECONDITIONNEUR:
	case ROLE_ANCT:
		out[n++] = AREA_ACCOUNT;
		out[n++] = AREA_FAQ;
		out[n++] = AREA_QUIT;
		break;
	case ROLE_NONE:
	case ROLE_COUNT:
		/* No role, no area but the way out. */
		out[n++] = AREA_QUIT;
		break;
	}
	return n;
}
