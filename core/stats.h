/*
 * stats.h — the programme's running figures: for one département, the
 * pre-orders by state, the amounts requested (estimates of live
 * pre-orders), retained (retained expense and subsidies of retenues,
 * conventionnées, versées) and paid, and the units per lot of live
 * pre-orders. The store keeps one cell per département and moves a
 * pre-order's contribution in the pre-order's own transaction
 * (stats_cell_apply), so reading the country costs one read per
 * département whatever the number of pre-orders. Pure: no I/O.
 */
#ifndef RECOND_STATS_H
#define RECOND_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/preorder.h"

struct stats_cell {
	uint64_t count[PO_STATE_COUNT];   /* pre-orders in each state */
	cents_t requested;                /* estimates of live pre-orders (déposée … versée) */
	cents_t retained;                 /* retained expense of retenues, conventionnées, versées */
	cents_t subsidy;                  /* their subsidies */
	cents_t paid;                     /* payments of versées */
	uint64_t units[LOT_COUNT];        /* units per lot of live pre-orders */
};

/* Adds (sign +1) or removes (sign -1) what pre-order po contributes to c. */
void stats_cell_apply(struct stats_cell *c, const struct preorder *po, int sign);
/* into += c, field by field. */
void stats_cell_add(struct stats_cell *into, const struct stats_cell *c);
bool stats_cell_equal(const struct stats_cell *a, const struct stats_cell *b);
/* Number of pre-orders of every state in c. */
uint64_t stats_cell_total(const struct stats_cell *c);

/* How a table of figures is grouped. */
enum stats_by { STATS_BY_NATION = 0, STATS_BY_REGION, STATS_BY_DEPT };
int stats_by_parse(const char *s, enum stats_by *out, char **why);

/* One row of a table: a code ("23", "75" région, "" for the country), its name. */
struct stats_row {
	char code[4];
	char name[128];
	struct stats_cell cell;
	cents_t envelope;                 /* sum of the départements' envelopes */
};

#endif
