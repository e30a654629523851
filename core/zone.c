/*
 * zone.c — the place of one commune in the reference lists, as rules (see
 * zone.h).
 */
#include "core/zone.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

const char *zone_in_force(const struct geo_commune *c)
{
	if ((c->kind == GEO_ARRONDISSEMENT || c->kind == GEO_DELEGUEE || c->kind == GEO_ASSOCIEE) &&
	    c->parent[0] != '\0')
		return c->parent;
	return c->insee;
}

void zone_walk_init(struct zone_walk *zw, const struct geo_commune *c)
{
	memset(zw, 0, sizeof *zw);
	zw->insee = c->insee;
	zw->in_force = zone_in_force(c) == c->insee;
}

void zone_walk_entry(struct zone_walk *zw, const struct reflist_entry *e)
{
	if (strcmp(e->insee, zw->insee) == 0) {
		zw->direct = true;
		if (e->status > zw->status)
			zw->status = e->status;
	} else if (zw->in_force) {
		zw->via = true;
	}
}

enum zone_status zone_walk_status(const struct zone_walk *zw, enum reflist l)
{
	if (zw->direct)
		return zw->status;
	if (zw->via)
		return l == REFLIST_QPV ? ZONE_YES : ZONE_PARTIAL;
	return ZONE_NO;
}

void zone_facts_clear(struct zone_facts *f)
{
	if (f == NULL)
		return;
	free((void *)f->communes);
	memset(f, 0, sizeof *f);
}
