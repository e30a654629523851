/*
 * uc-stats.h — the programme's figures as each role may read them
 * (ACT_STATS_VIEW): the programme team the country, every other role its
 * own département. Read from the running totals the store keeps in each
 * pre-order's transaction (one record per département), so the cost does
 * not grow with the number of pre-orders.
 */
#ifndef RECOND_UC_STATS_H
#define RECOND_UC_STATS_H

#include <stdio.h>

#include "core/refurb.h"
#include "core/stats.h"
#include "core/uc.h"

#define STATS_ROWS_MAX 128

struct stats_table {
	enum stats_by by;
	char scope[4];                /* "" for the country, else the one département */
	size_t nrows;
	struct stats_row rows[STATS_ROWS_MAX]; /* in code order */
	struct stats_row total;       /* every row summed */
	bool refurbs_known;           /* national scope only */
	uint64_t refurbs[REFURB_STATE_COUNT];  /* refurbishers by state */
	uint64_t capacity[LOT_COUNT]; /* units offered by selected refurbishers */
};

/*
 * Fills *out (caller allocates; it is large) grouped by `by` in the
 * actor's scope. RC_DENIED for the anonymous actor or a role-less one.
 */
int uc_stats(const struct uc *uc, enum stats_by by, struct stats_table *out, char **why);

enum stats_format { STATS_TEXT = 0, STATS_CSV, STATS_JSON };
int stats_format_parse(const char *s, enum stats_format *out, char **why);
/*
 * Writes t to f: TEXT as compact tables with horizontal bar charts that
 * read in monochrome at 80 columns; CSV with a header line (amounts in
 * cents); JSON as one object. Names are sanitised for a terminal.
 */
void stats_write(FILE *f, const struct stats_table *t, enum stats_format fmt);

#endif
