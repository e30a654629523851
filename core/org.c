/*
 * org.c — the table of organisation kinds: names, labels, and the flags the
 * programme's rules read (collectivité, grouping, refused, institutional).
 */
#include "core/org.h"

#include <string.h>

#include "core/i18n.h"
#include "core/util.h"

struct kind_def {
	const char *name;
	const char *label;
	bool collectivite;
	bool grouping;
	bool refused;
	bool institutional;
	enum role role;
};

static const struct kind_def kinds[ORG_KIND_COUNT] = {
	[ORG_KIND_NONE] = { "aucun", N_("Type non renseigné"), false, false, false, false, ROLE_NONE },
	[ORG_COMMUNE] = { "commune", N_("Commune"), true, false, false, false, ROLE_COLLECTIVITE },
	[ORG_DEPARTEMENT] = { "departement", N_("Département"), true, true, false, false,
	                      ROLE_COLLECTIVITE },
	[ORG_REGION] = { "region", N_("Région"), true, true, false, false, ROLE_COLLECTIVITE },
	[ORG_METROPOLE] = { "metropole", N_("Métropole"), true, true, false, false, ROLE_COLLECTIVITE },
	[ORG_COMMUNAUTE_URBAINE] = { "communaute_urbaine", N_("Communauté urbaine"), true, true, false,
	                             false, ROLE_COLLECTIVITE },
	[ORG_COMMUNAUTE_AGGLO] = { "communaute_agglomeration", N_("Communauté d'agglomération"), true,
	                           true, false, false, ROLE_COLLECTIVITE },
	[ORG_COMMUNAUTE_COMMUNES] = { "communaute_communes", N_("Communauté de communes"), true, true,
	                              false, false, ROLE_COLLECTIVITE },
	[ORG_SYNDICAT] = { "syndicat", N_("Syndicat ou groupement (art. L5111-1 CGCT)"), true, true,
	                   false, false, ROLE_COLLECTIVITE },
	[ORG_FRANCE_SERVICES] = { "france_services", N_("Structure porteuse France Services"), false,
	                          false, false, false, ROLE_FRANCE_SERVICES },
	[ORG_RECONDITIONNEUR] = { "reconditionneur", N_("Acteur du reconditionnement"), false, false,
	                          false, true, ROLE_RECONDITIONNEUR },
	[ORG_PREFECTURE] = { "prefecture", N_("Préfecture"), false, false, false, true,
	                     ROLE_PREFECTURE },
	[ORG_ANCT] = { "anct", N_("Agence nationale de la cohésion des territoires (ANCT)"), false,
	               false, false, true, ROLE_ANCT },
	[ORG_ENTREPRISE] = { "entreprise", N_("Entreprise privée"), false, false, true, false,
	                     ROLE_NONE },
	[ORG_CHAMBRE_CONSULAIRE] = { "chambre_consulaire", N_("Chambre consulaire"), false, false, true,
	                             false, ROLE_NONE },
	[ORG_MISSION_LOCALE] = { "mission_locale", N_("Mission locale"), false, false, true, false,
	                         ROLE_NONE },
	[ORG_CCAS] = { "ccas", N_("Centre communal d'action sociale (CCAS)"), false, false, true, false,
	               ROLE_NONE },
	[ORG_ASSOCIATION] = { "association", N_("Association"), false, false, true, false, ROLE_NONE },
	[ORG_CHAMBRE_AGRICULTURE] = { "chambre_agriculture", N_("Chambre d'agriculture"), false, false,
	                              true, false, ROLE_NONE },
};

static const struct kind_def *def(enum org_kind k)
{
	if ((int)k < 0 || k >= ORG_KIND_COUNT)
		k = ORG_KIND_NONE;
	return &kinds[k];
}

const char *org_kind_name(enum org_kind k) { return def(k)->name; }
const char *org_kind_label(enum org_kind k) { return _(def(k)->label); }
bool org_kind_is_collectivite(enum org_kind k) { return def(k)->collectivite; }
bool org_kind_is_grouping(enum org_kind k) { return def(k)->grouping; }
bool org_kind_is_refused(enum org_kind k) { return def(k)->refused; }
bool org_kind_is_institutional(enum org_kind k) { return def(k)->institutional; }
enum role org_kind_role(enum org_kind k) { return def(k)->role; }
bool org_kind_is_supplier(enum org_kind k) { return def(k)->role == ROLE_RECONDITIONNEUR; }

int org_kind_parse(const char *s, enum org_kind *out, char **why)
{
	for (int k = ORG_KIND_NONE + 1; k < ORG_KIND_COUNT; k++) {
		if (s != NULL && strcmp(s, kinds[k].name) == 0) {
			*out = (enum org_kind)k;
			return RC_OK;
		}
	}
	return fail(why, RC_INVALID, _("Type d'organisation inconnu : « %s »."),
	            s != NULL ? s : "");
}

const char *org_refused_advice(void)
{
	return _("Adressez-vous à votre collectivité : elle peut commander le matériel puis vous "
	         "le prêter.");
}
