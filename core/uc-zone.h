/*
 * uc-zone.h — the zone facts eligibility reads (core/eligibility.h),
 * gathered from the stored reference lists inside a use case's
 * transaction, with the rules of core/zone.h: for one commune, or for
 * every commune of a territory (EPCI, département, région).
 */
#ifndef RECOND_UC_ZONE_H
#define RECOND_UC_ZONE_H

#include "core/eligibility.h"
#include "core/zone.h"
#include "store/db-geo.h"

/*
 * Zone facts of one commune for eligibility: evidence of every list, and
 * one struct commune_zone for insee with
 *  - ZRR/FRR: ZONE_YES or ZONE_PARTIAL as the list says for insee itself;
 *    for a commune in force not listed itself but one of whose
 *    arrondissements or communes déléguées/associées is, ZONE_PARTIAL;
 *  - QPV: ZONE_YES when a QPV lies in it (or in one of its parts).
 * France Services facts come from the spaces an organisation picked
 * (uc_fs_facts in core/uc-fs.h), never from its name. out->communes is allocated here: free it with
 * zone_facts_clear(). RC_NOTFOUND if insee is not in the geography (out is
 * then cleared).
 */
int uc_zone_facts(struct store_txn *txn, const char *insee, struct zone_facts *out);
/*
 * Facts of every member commune of territory (t, code). RC_NOTFOUND for an
 * empty code or a territory without communes. Caller zone_facts_clear()s.
 */
int uc_zone_facts_territory(struct store_txn *txn, enum geo_territory t, const char *code,
                            struct zone_facts *out);

#endif
