/*
 * org.h — the kinds of organisation and what the programme says of each:
 * French label, whether it is a collectivité or a grouping judged by its
 * territory, whether it is refused (with the advice to give), and which
 * role its staff accounts get. Rules only; the organisation record itself
 * is struct org in core/model.h.
 */
#ifndef RECOND_ORG_H
#define RECOND_ORG_H

#include <stdbool.h>

#include "core/model.h"

/* Short ASCII name for files and the command line ("communaute_communes"). */
const char *org_kind_name(enum org_kind k);
/* French label for screens ("Communauté de communes"). Never NULL. */
const char *org_kind_label(enum org_kind k);
/* Parses an ASCII kind name; RC_INVALID with *why if unknown. */
int org_kind_parse(const char *s, enum org_kind *out, char **why);

/* A collectivité territoriale or a grouping of art. L5111-1 CGCT. */
bool org_kind_is_collectivite(enum org_kind k);
/*
 * A kind whose territory is several communes (département, région, EPCI,
 * syndicat): eligibility looks at the communes of its territory.
 */
bool org_kind_is_grouping(enum org_kind k);
/* One of the kinds the FAQ excludes (company, chambre consulaire, …). */
bool org_kind_is_refused(enum org_kind k);
/* Kinds of the State and of the supply side, which never pre-order. */
bool org_kind_is_institutional(enum org_kind k);
/* Kinds of the supply side (refurbishers), which sign up with benches and offers. */
bool org_kind_is_supplier(enum org_kind k);

/*
 * The advice shown to an excluded kind, static: « Adressez-vous à votre
 * collectivité : elle peut commander le matériel puis vous le prêter. »
 */
const char *org_refused_advice(void);

/* Role given to the staff of an organisation of this kind (ROLE_NONE for refused kinds). */
enum role org_kind_role(enum org_kind k);

#endif
