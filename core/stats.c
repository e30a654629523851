/*
 * stats.c — what one pre-order contributes to the running figures of its
 * département, and the arithmetic of cells.
 */
#include "core/stats.h"

#include <string.h>

#include "core/i18n.h"
#include "core/util.h"

void stats_cell_apply(struct stats_cell *c, const struct preorder *po, int sign)
{
	int64_t s = sign < 0 ? -1 : 1;

	if ((unsigned)po->state < PO_STATE_COUNT)
		c->count[po->state] += (uint64_t)s;
	if (preorder_state_live(po->state)) {
		c->requested += s * po->estimated;
		for (int l = 0; l < LOT_COUNT; l++)
			c->units[l] += (uint64_t)(s * (int64_t)po->qty[l]);
	}
	if (preorder_state_committed(po->state)) {
		c->retained += s * po->retained;
		c->subsidy += s * po->subsidy;
	}
	/* payment is the sum of the payments made (an advance while conventionnée). */
	if (preorder_state_committed(po->state))
		c->paid += s * po->payment;
}

void stats_cell_add(struct stats_cell *into, const struct stats_cell *c)
{
	for (int i = 0; i < PO_STATE_COUNT; i++)
		into->count[i] += c->count[i];
	into->requested += c->requested;
	into->retained += c->retained;
	into->subsidy += c->subsidy;
	into->paid += c->paid;
	for (int l = 0; l < LOT_COUNT; l++)
		into->units[l] += c->units[l];
}

bool stats_cell_equal(const struct stats_cell *a, const struct stats_cell *b)
{
	for (int i = 0; i < PO_STATE_COUNT; i++)
		if (a->count[i] != b->count[i])
			return false;
	for (int l = 0; l < LOT_COUNT; l++)
		if (a->units[l] != b->units[l])
			return false;
	return a->requested == b->requested && a->retained == b->retained &&
	       a->subsidy == b->subsidy && a->paid == b->paid;
}

uint64_t stats_cell_total(const struct stats_cell *c)
{
	uint64_t n = 0;

	for (int i = 0; i < PO_STATE_COUNT; i++)
		n += c->count[i];
	return n;
}

int stats_by_parse(const char *s, enum stats_by *out, char **why)
{
	if (s != NULL && (strcmp(s, "region") == 0 || strcmp(s, "région") == 0)) {
		*out = STATS_BY_REGION;
		return RC_OK;
	}
	if (s != NULL && (strcmp(s, "departement") == 0 || strcmp(s, "département") == 0)) {
		*out = STATS_BY_DEPT;
		return RC_OK;
	}
	if (s != NULL && strcmp(s, "national") == 0) {
		*out = STATS_BY_NATION;
		return RC_OK;
	}
	return fail(why, RC_INVALID, _("Regroupement inconnu : « %s » (attendu region, "
	                               "departement ou national)."), s != NULL ? s : "");
}
