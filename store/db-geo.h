/*
 * db-geo.h — the reference geography and the imported reference lists in
 * the store: communes (with départements, régions and EPCI) loaded from the
 * file embedded in the binary, their look-ups, the ZRR/FRR/QPV/France
 * Services lists, and the zone facts that eligibility reads.
 *
 * Records returned are copies (they outlive the transaction). Functions
 * return RC_OK or a negative enum rc (core/util.h).
 */
#ifndef RECOND_DB_GEO_H
#define RECOND_DB_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/eligibility.h"
#include "core/geo.h"
#include "core/reflist.h"
#include "store/store.h"

/* ---- geography (db-geo.c) ---- */

#define DB_GEO_RESULTS_MAX 1000   /* most results of one look-up */

/*
 * Loads the reference geography embedded in the binary (data/geography.h)
 * into the store of st, in one write transaction: any geography already
 * there is replaced. *count (if not NULL) gets the number of communes and
 * related places loaded. For `recond init`.
 */
int geo_load_reference(struct store *st, size_t *count, char **why);

/*
 * The same from a buffer in the geography file format, inside the caller's
 * write transaction (tests load small geographies this way).
 */
int db_geo_load(struct store_txn *txn, const char *data, size_t len, size_t *count,
                char **why);

/* The place of INSEE code insee (any kind); RC_NOTFOUND if none. */
int db_geo_get(struct store_txn *txn, const char *insee, struct geo_commune *out);

/* Called once per place found; the record lives during the call only. A
 * non-zero return stops the walk and is returned. */
typedef int (*db_geo_fn)(const struct geo_commune *c, void *ctx);

/* Places served by a postal code, in INSEE order (RC_OK even if none). */
int db_geo_by_postcode(struct store_txn *txn, const char *postcode, db_geo_fn fn, void *ctx);

/*
 * Places whose folded name starts with the folded query (geo_fold(): case,
 * accents, hyphens and "st"/"ste" do not matter), in folded-name order, at
 * most max (≤ DB_GEO_RESULTS_MAX) of them. A query that folds to nothing
 * finds nothing.
 */
int db_geo_by_name_prefix(struct store_txn *txn, const char *query, size_t max, db_geo_fn fn,
                          void *ctx);

/* Every place, in INSEE order. */
int db_geo_each(struct store_txn *txn, db_geo_fn fn, void *ctx);

/* Number of places loaded (0 if the geography was never loaded). */
int db_geo_count(struct store_txn *txn, size_t *out);

/* Département, région and EPCI by code; RC_NOTFOUND if none. */
int db_geo_dept(struct store_txn *txn, const char *code, struct geo_dept *out);
int db_geo_region(struct store_txn *txn, const char *code, struct geo_region *out);
int db_geo_epci(struct store_txn *txn, const char *siren, struct geo_epci *out);

/* Territories made of communes. */
enum geo_territory { GEO_TERRITORY_EPCI, GEO_TERRITORY_DEPT, GEO_TERRITORY_REGION };

/*
 * Calls fn for each commune in force of an EPCI (by SIREN), a département or
 * a région (by code), in INSEE order (a région: département by département).
 * RC_NOTFOUND if there is no such territory.
 */
int db_geo_members(struct store_txn *txn, enum geo_territory t, const char *code, db_geo_fn fn,
                   void *ctx);

/* Distance in km between two places by INSEE code; RC_NOTFOUND if either is unknown. */
int db_geo_distance(struct store_txn *txn, const char *insee_a, const char *insee_b,
                    double *km);

/* ---- reference lists (db-reflist.c) ---- */

/*
 * Replaces reference list `list` with the entries of parsed (a file the use
 * case has read and validated whole: core/uc-reflist.h), inside the
 * caller's write transaction, recording file (a base name, at most
 * REFLIST_FILE_MAX bytes), the date `when` and the counts. Each entry is
 * filed under its commune in force. RC_NOTFOUND if an entry's commune is
 * not in the geography (nothing should be committed then), RC_INVALID for a
 * bad file name or a read-only transaction.
 */
int db_reflist_replace(struct store_txn *txn, enum reflist list, const char *file,
                       const struct reflist_parsed *parsed, int64_t when);

/* Evidence of the last import of list (out->loaded false if never imported). */
int db_reflist_evidence(struct store_txn *txn, enum reflist list, struct reflist_evidence *out);

/* One stored entry and the commune in force it concerns (itself, or the
 * commune an arrondissement or commune déléguée belongs to). */
typedef int (*db_reflist_fn)(const struct reflist_entry *e, const char *commune, void *ctx);

/* Every entry of list, in key order (commune in force, code, key). */
int db_reflist_each(struct store_txn *txn, enum reflist list, db_reflist_fn fn, void *ctx);

/*
 * Entries of list concerning the commune insee: listed under insee itself
 * and, for a commune in force, under its arrondissements and communes
 * déléguées or associées.
 */
int db_reflist_for_commune(struct store_txn *txn, enum reflist list, const char *insee,
                           db_reflist_fn fn, void *ctx);

/* Zone facts (what the lists say of a commune): core/uc-zone.h. */

#endif
