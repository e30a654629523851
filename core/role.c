/*
 * role.c — the roles of recond: their stable names (command line, storage,
 * logs) and their French labels for screens.
 */
#include "core/core.h"

#include <string.h>

#include "core/i18n.h"
#include "core/org.h"

static const struct {
	const char *name;
	const char *label;
} roles[ROLE_COUNT] = {
	[ROLE_NONE]            = { "aucun",           N_("Aucun rôle") },
	[ROLE_COLLECTIVITE]    = { "collectivite",    N_("Collectivité") },
	[ROLE_FRANCE_SERVICES] = { "france_services", N_("France Services") },
	[ROLE_PREFECTURE]      = { "prefecture",      N_("Préfecture") },
	[ROLE_RECONDITIONNEUR] = { "reconditionneur", N_("Reconditionneur") },
	[ROLE_ANCT]            = { "anct",            N_("ANCT") },
};

const char *role_name(enum role r)
{
	if ((int)r < 0 || r >= ROLE_COUNT)
		return "inconnu";
	return roles[r].name;
}

const char *role_label(enum role r)
{
	if ((int)r < 0 || r >= ROLE_COUNT)
		return _("Rôle inconnu");
	return _(roles[r].label);
}

int role_parse(const char *s, enum role *out, char **why)
{
	if (s != NULL) {
		for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
			if (strcmp(s, roles[r].name) == 0) {
				*out = (enum role)r;
				return RC_OK;
			}
		}
	}
	return fail(why, RC_INVALID,
	            _("Rôle inconnu : choisissez collectivite, france_services, prefecture, "
	              "reconditionneur ou anct."));
}

bool role_fits_org(enum role r, enum org_kind k)
{
	switch (r) {
	case ROLE_COLLECTIVITE:
		return k >= ORG_COMMUNE && k <= ORG_SYNDICAT;
	case ROLE_FRANCE_SERVICES:
		return k == ORG_FRANCE_SERVICES;
	case ROLE_PREFECTURE:
		return k == ORG_PREFECTURE;
	case ROLE_RECONDITIONNEUR:
		return org_kind_is_supplier(k);
	case ROLE_ANCT:
		return k == ORG_ANCT;
	case ROLE_NONE:
	case ROLE_COUNT:
		break;
	}
	return false;
}
