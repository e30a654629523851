/*
 * uc-zone.c — zone facts from the stored reference lists (see uc-zone.h):
 * the store walks the entries filed under a commune, core/zone.c says what
 * they mean.
 */
#include "core/uc-zone.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static int zone_fn(const struct reflist_entry *e, const char *commune, void *ctx)
{
	zone_walk_entry(ctx, e);
	return RC_OK;
}

/* The standing of commune c in the three zone lists. */
static int zone_of(struct store_txn *txn, const struct geo_commune *c, struct commune_zone *z)
{
	int rc;

	memset(z, 0, sizeof *z);
	memcpy(z->insee, c->insee, sizeof z->insee);
	strlcpy_(z->name, c->name, sizeof z->name);
	for (int l = 0; l < REFLIST_FRANCE_SERVICES; l++) {
		struct zone_walk zw;

		zone_walk_init(&zw, c);
		if ((rc = db_reflist_for_commune(txn, (enum reflist)l, zone_in_force(c), zone_fn,
		                                 &zw)) != RC_OK)
			return rc;
		z->in[l] = zone_walk_status(&zw, (enum reflist)l);
	}
	return RC_OK;
}

static int facts_evidence(struct store_txn *txn, struct zone_facts *out)
{
	int rc;

	for (int l = 0; l < REFLIST_COUNT; l++)
		if ((rc = db_reflist_evidence(txn, (enum reflist)l, &out->lists[l])) != RC_OK)
			return rc;
	return RC_OK;
}

int uc_zone_facts(struct store_txn *txn, const char *insee, struct zone_facts *out)
{
	struct geo_commune *c = xmalloc(sizeof *c);
	struct commune_zone *z = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = db_geo_get(txn, insee, c)) != RC_OK)
		goto out;
	if ((rc = facts_evidence(txn, out)) != RC_OK)
		goto out;
	z = xcalloc(1, sizeof *z);
	if ((rc = zone_of(txn, c, z)) != RC_OK)
		goto out;
	out->communes = z;
	out->ncommunes = 1;
	z = NULL;
	rc = RC_OK;
out:
	free(z);
	free(c);
	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

struct territory_walk {
	struct store_txn *txn;
	struct commune_zone *z;
	size_t n, cap;
};

static int territory_fn(const struct geo_commune *c, void *ctx)
{
	struct territory_walk *tw = ctx;

	if (tw->n == tw->cap) {
		tw->cap = tw->cap ? tw->cap * 2 : 64;
		tw->z = xrealloc(tw->z, tw->cap * sizeof *tw->z);
	}
	return zone_of(tw->txn, c, &tw->z[tw->n++]);
}

int uc_zone_facts_territory(struct store_txn *txn, enum geo_territory t, const char *code,
                            struct zone_facts *out)
{
	struct territory_walk tw = { txn, NULL, 0, 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if (code == NULL || code[0] == '\0')
		return RC_NOTFOUND;
	if ((rc = facts_evidence(txn, out)) != RC_OK ||
	    (rc = db_geo_members(txn, t, code, territory_fn, &tw)) != RC_OK)
		goto out;
	if (tw.n == 0) {
		rc = RC_NOTFOUND;
		goto out;
	}
	out->communes = tw.z;
	out->ncommunes = tw.n;
	tw.z = NULL;
out:
	free(tw.z);
	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}
