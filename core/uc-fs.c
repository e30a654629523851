/*
 * uc-fs.c — the France Services spaces a structure porteuse picks from the
 * register: the spaces around a commune, the pick checked and recorded on
 * the organisation (with its audit event), and the zone facts eligibility
 * reads from it.
 */
#include "core/uc-fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/core.h"
#include "core/i18n.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store.h"

/* ---- the spaces around a commune ---- */

struct near_walk {
	struct store_txn *txn;
	const struct geo_commune *here;
	double radius;
	struct fs_space *all;
	size_t n, cap;
	int err;
};

static int near_one(const struct reflist_entry *e, const char *commune, void *ctx)
{
	struct near_walk *w = ctx;
	struct geo_commune *c = NULL;
	struct fs_space *s;
	double d;
	bool same = strcmp(commune, w->here->insee) == 0 || strcmp(e->insee, w->here->insee) == 0;

	if (!same && !e->has_coords) {
		/* No coordinates in the register: those of its commune. */
		c = xmalloc(sizeof *c);
		if (db_geo_get(w->txn, commune, c) != RC_OK) {
			free(c);
			return RC_OK;
		}
		d = geo_distance_km(w->here, c);
	} else {
		d = same ? 0 : geo_distance_e5(w->here->lat_e5, w->here->lon_e5, e->lat_e5, e->lon_e5);
	}
	if (!same && d > w->radius) {
		free(c);
		return RC_OK;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->all = xrealloc(w->all, w->cap * sizeof *w->all);
	}
	s = &w->all[w->n++];
	memset(s, 0, sizeof *s);
	strlcpy_(s->ref.id, e->key, sizeof s->ref.id);
	strlcpy_(s->ref.insee, commune, sizeof s->ref.insee);
	strlcpy_(s->name, e->name, sizeof s->name);
	strlcpy_(s->address, e->address, sizeof s->address);
	strlcpy_(s->type, e->type, sizeof s->type);
	s->distance_km = (unsigned)(d + 0.5);
	if (c == NULL) {
		c = xmalloc(sizeof *c);
		if (db_geo_get(w->txn, commune, c) != RC_OK)
			c->name[0] = '\0';
	}
	strlcpy_(s->commune, c->name, sizeof s->commune);
	free(c);
	return RC_OK;
}

static int near_cmp(const void *a, const void *b)
{
	const struct fs_space *x = a, *y = b;

	if (x->distance_km != y->distance_km)
		return x->distance_km < y->distance_km ? -1 : 1;
	return strcmp(x->name, y->name);
}

int uc_fs_near(const struct uc *uc, const char *insee, unsigned radius_km, struct fs_space *out,
               size_t max, size_t *n, char **why)
{
	struct store_txn *txn = NULL;
	struct geo_commune *here = xmalloc(sizeof *here);
	struct reflist_evidence ev;
	struct near_walk w = { 0 };
	int rc;

	*n = 0;
	if (max > FS_NEAR_MAX)
		max = FS_NEAR_MAX;
	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK) {
		rc = fail(why, rc, _("Base de données indisponible."));
		goto out;
	}
	if (insee == NULL || (rc = db_geo_get(txn, insee, here)) != RC_OK) {
		rc = fail(why, rc == RC_OK ? RC_NOTFOUND : rc, _("Commune inconnue : %s."),
		          insee != NULL ? insee : "");
		goto out;
	}
	if ((rc = db_reflist_evidence(txn, REFLIST_FRANCE_SERVICES, &ev)) != RC_OK) {
		rc = fail(why, rc, _("Le registre France Services est illisible."));
		goto out;
	}
	if (!ev.loaded) {
		rc = fail(why, RC_INVALID, _("Le registre France Services n'a pas encore été "
		                           "importé : l'équipe du programme doit l'importer."));
		goto out;
	}
	w.txn = txn;
	w.here = here;
	w.radius = radius_km != 0 ? radius_km : FS_NEAR_KM;
	if ((rc = db_reflist_each(txn, REFLIST_FRANCE_SERVICES, near_one, &w)) != RC_OK) {
		rc = fail(why, rc, _("Le registre France Services est illisible."));
		goto out;
	}
	if (w.n > 0)
		qsort(w.all, w.n, sizeof *w.all, near_cmp);
	for (size_t i = 0; i < w.n && i < max; i++)
		out[(*n)++] = w.all[i];
	rc = RC_OK;
out:
	store_abort(txn);
	free(w.all);
	free(here);
	return rc;
}

/* ---- one register entry ---- */

struct find_walk {
	const char *id;
	struct reflist_entry *found;
	bool hit;
};

static int find_one(const struct reflist_entry *e, const char *commune, void *ctx)
{
	struct find_walk *f = ctx;

	(void)commune;
	if (f->hit || strcmp(e->key, f->id) != 0)
		return RC_OK;
	*f->found = *e;
	f->hit = true;
	return RC_OK;
}

/* The register entry of pick p into *e; RC_NOTFOUND if the register has it no more. */
static int entry_of(struct store_txn *txn, const struct org_fs *p, struct reflist_entry *e)
{
	struct find_walk f = { .id = p->id, .found = e };
	int rc = db_reflist_for_commune(txn, REFLIST_FRANCE_SERVICES, p->insee, find_one, &f);

	if (rc != RC_OK)
		return rc;
	return f.hit ? RC_OK : RC_NOTFOUND;
}

int uc_fs_check_picks(struct store_txn *txn, const struct org_fs *picks, size_t n, char **why)
{
	struct reflist_entry *e = xmalloc(sizeof *e);
	int rc = RC_OK;

	if (n > ORG_FS_MAX) {
		rc = fail(why, RC_INVALID, _("%d espaces France Services au plus par structure."),
		          ORG_FS_MAX);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(picks[i].id, picks[j].id) == 0) {
				rc = fail(why, RC_INVALID, _("L'espace n° %s est choisi deux fois."),
				          picks[i].id);
				goto out;
			}
		if (picks[i].id[0] == '\0' || strlen(picks[i].id) > ORG_FS_ID_MAX) {
			rc = fail(why, RC_INVALID, _("Numéro d'espace France Services invalide."));
			goto out;
		}
		rc = entry_of(txn, &picks[i], e);
		if (rc == RC_NOTFOUND) {
			char *id = text_sanitize(picks[i].id, false);

			rc = fail(why, RC_INVALID, _("L'espace n° %s n'est pas dans le registre France "
			                           "Services importé."), id);
			free(id);
			goto out;
		}
		if (rc != RC_OK) {
			rc = fail(why, rc, _("Le registre France Services est illisible."));
			goto out;
		}
	}
out:
	free(e);
	return rc;
}

/* ---- eligibility facts ---- */

int uc_fs_facts(struct store_txn *txn, const struct org *o, struct zone_facts *facts)
{
	struct reflist_entry *e = xmalloc(sizeof *e);
	struct geo_commune *c = xmalloc(sizeof *c);
	int rc = RC_OK;

	facts->fs_npicked = o->nfs;
	facts->fs_registered = false;
	facts->fs_site[0] = '\0';
	facts->fs_where[0] = '\0';
	for (size_t i = 0; i < o->nfs && i < ORG_FS_MAX; i++) {
		rc = entry_of(txn, &o->fs[i], e);
		if (rc == RC_NOTFOUND)
			continue;
		if (rc != RC_OK)
			goto out;
		facts->fs_registered = true;
		strlcpy_(facts->fs_site, e->name, sizeof facts->fs_site);
		if (db_geo_get(txn, o->fs[i].insee, c) != RC_OK)
			c->name[0] = '\0';
		{
			char *where = xasprintf(_("n° %s%s%s%s%s"), e->key, e->address[0] ? ", " : "",
			                        e->address, c->name[0] ? ", " : "", c->name);

			strlcpy_(facts->fs_where, where, sizeof facts->fs_where);
			free(where);
		}
		break;
	}
	rc = RC_OK;
out:
	free(e);
	free(c);
	return rc;
}

/* ---- recording the pick ---- */

/* "137, 755" (the register numbers), or "aucun". */
static char *picks_text(const struct org_fs *p, size_t n)
{
	char buf[ORG_FS_MAX * (ORG_FS_ID_MAX + 2) + 8] = "";
	size_t len = 0;

	for (size_t i = 0; i < n && i < ORG_FS_MAX; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "", p[i].id);
	return xstrdup(n == 0 ? _("aucun") : buf);
}

struct pick_run {
	const struct uc *uc;
	uint64_t org_id;
	const struct org_fs *picks;
	size_t n;
	struct org o;
	char *before, *after;
};

static int pick_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct pick_run *r = ctx;
	int rc;

	if ((rc = db_org_get(txn, r->org_id, &r->o)) != RC_OK)
		return rc == RC_NOTFOUND ? fail(why, rc, "%s", _("Organisation introuvable.")) : rc;
	obj->perm.org_id = r->o.id;
	strlcpy_(obj->perm.dept, r->o.dept, sizeof obj->perm.dept);
	obj->id = r->o.id;
	obj->version = r->o.version;
	return RC_OK;
}

static int pick_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct pick_run *r = ctx;
	int rc;

	if ((rc = uc_fs_check_picks(txn, r->picks, r->n, why)) != RC_OK)
		return rc;
	r->before = picks_text(r->o.fs, r->o.nfs);
	memset(r->o.fs, 0, sizeof r->o.fs);
	for (size_t i = 0; i < r->n; i++)
		r->o.fs[i] = r->picks[i];
	r->o.nfs = r->n;
	r->after = picks_text(r->o.fs, r->o.nfs);
	if ((rc = db_org_update(txn, &r->o)) != RC_OK)
		return rc;
	audit_event_init(ev, r->uc->actor, uc_now(r->uc), ACT_ORG_EDIT, "org", r->o.id,
	                 r->o.version, r->before, r->after);
	return RC_OK;
}

int uc_fs_pick(const struct uc *uc, uint64_t org_id, uint64_t version,
               const struct org_fs *picks, size_t n, struct org *out, char **why)
{
	struct pick_run r = { .uc = uc, .org_id = org_id, .picks = picks, .n = n };
	const struct uc_path path = {
		.action = ACT_ORG_EDIT, .write = true,
		.lead = N_("L'organisation n'a pas pu être enregistrée."),
		.kind = "org", .read_version = version,
		.stale_lead = N_("L'organisation a été modifiée"), .stale_reload = N_("rechargez-la"),
		.load = pick_load, .change = pick_change,
	};
	int rc;

	if ((rc = uc_run(uc, &path, &r, why)) == RC_OK && out != NULL)
		*out = r.o;
	free(r.before);
	free(r.after);
	return rc;
}
