/*
 * zone.h — how the reference lists place one commune, as rules: which
 * commune is in force for a code (an arrondissement or a commune déléguée
 * or associée is read through its parent commune), the status a list gives
 * a commune from the entries filed under its commune in force (its own
 * entry, else a part of it is listed: « partiellement classée », or « has
 * a QPV » for the QPV list). Pure: the use cases (uc-zone.h)
 * walk the stored lists and feed these.
 */
#ifndef RECOND_ZONE_H
#define RECOND_ZONE_H

#include <stdbool.h>

#include "core/eligibility.h"
#include "core/geo.h"
#include "core/model.h"
#include "core/reflist.h"

/* The commune in force for c: its parent for a part of a commune, else itself. */
const char *zone_in_force(const struct geo_commune *c);

/* What the entries of one list under a commune in force say of one code. */
struct zone_walk {
	const char *insee;          /* the code asked about */
	bool in_force;              /* it is the commune in force (not a part) */
	bool direct, via;
	enum zone_status status;    /* best direct status */
};

/* Starts a walk for commune c (see zone_in_force). */
void zone_walk_init(struct zone_walk *zw, const struct geo_commune *c);
/* Takes one entry filed under the commune in force. */
void zone_walk_entry(struct zone_walk *zw, const struct reflist_entry *e);
/*
 * The status of the code in list l once every entry was taken: its own
 * entry's; else, for the commune in force, ZONE_PARTIAL when only a part of
 * it is listed (ZONE_YES for the QPV list: a QPV in a part is a QPV in the
 * commune); else ZONE_NO.
 */
enum zone_status zone_walk_status(const struct zone_walk *zw, enum reflist l);

/* Frees what a zone_facts filler of the use cases owns (its communes). */
void zone_facts_clear(struct zone_facts *f);

#endif
