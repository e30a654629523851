/*
 * uc-preorder.c — the pre-order use cases: one write transaction each,
 * with permission, version, preconditions, indexes and audit together.
 */
#include "core/uc-preorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/org.h"
#include "core/i18n.h"
#include "core/uc-zone.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store.h"

int uc_default_facts(struct store_txn *txn, const struct org *o, struct zone_facts *out,
                     void *ctx)
{
	struct geo_dept d;
	int rc;

	(void)ctx;
	memset(out, 0, sizeof *out);
	switch (o->kind) {
	case ORG_METROPOLE:
	case ORG_COMMUNAUTE_URBAINE:
	case ORG_COMMUNAUTE_AGGLO:
	case ORG_COMMUNAUTE_COMMUNES:
		rc = uc_zone_facts_territory(txn, GEO_TERRITORY_EPCI, o->siren, out);
		break;
	case ORG_DEPARTEMENT:
		rc = uc_zone_facts_territory(txn, GEO_TERRITORY_DEPT, o->dept, out);
		break;
	case ORG_REGION:
		if ((rc = db_geo_dept(txn, o->dept, &d)) == RC_OK)
			rc = uc_zone_facts_territory(txn, GEO_TERRITORY_REGION, d.reg, out);
		break;
	default:
		rc = uc_zone_facts(txn, o->insee, o->name, out);
		break;
	}
	/* Unknown territory: the facts stay empty and eligibility says so. */
	if (rc == RC_NOTFOUND) {
		zone_facts_clear(out);
		for (int l = 0; l < REFLIST_COUNT; l++)
			db_reflist_evidence(txn, (enum reflist)l, &out->lists[l]);
		return RC_OK;
	}
	return rc;
}

static void default_clear(struct zone_facts *f, void *ctx)
{
	(void)ctx;
	zone_facts_clear(f);
}

int uc_org_eligibility_in(const struct uc *uc, struct store_txn *txn, const struct org *o,
                          struct eligibility *out)
{
	struct zone_facts f;
	uc_facts_fn fn = uc->facts != NULL ? uc->facts : uc_default_facts;
	uc_facts_clear_fn clr = uc->facts != NULL ? uc->facts_clear : default_clear;
	int rc;

	memset(&f, 0, sizeof f);
	if ((rc = fn(txn, o, &f, uc->facts_ctx)) != RC_OK) {
		if (clr != NULL)
			clr(&f, uc->facts_ctx);
		return rc;
	}
	eligibility_decide(o->kind, o->insee, &f, out);
	if (clr != NULL)
		clr(&f, uc->facts_ctx);
	return RC_OK;
}

struct elig_run {
	const struct uc *uc;
	uint64_t org_id;
	struct org o;
	struct eligibility *out;
};

static int elig_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct elig_run *e = ctx;
	int rc;

	if ((rc = db_org_get(txn, e->org_id, &e->o)) != RC_OK)
		return rc == RC_NOTFOUND ? fail(why, rc, "%s", _("Organisation introuvable.")) : rc;
	obj->perm.org_id = e->o.id;
	strlcpy_(obj->perm.dept, e->o.dept, sizeof obj->perm.dept);
	return RC_OK;
}

static int elig_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct elig_run *e = ctx;

	return uc_org_eligibility_in(e->uc, txn, &e->o, e->out);
}

int uc_org_eligibility(const struct uc *uc, uint64_t org_id, struct eligibility *out, char **why)
{
	struct elig_run e = { .uc = uc, .org_id = org_id, .out = out };
	const struct uc_path path = {
		.action = ACT_ORG_VIEW, .lead = N_("Les listes de référence sont illisibles."),
		.load = elig_load, .change = elig_change,
	};

	return uc_run(uc, &path, &e, why);
}

/* ---- sums the preconditions need ---- */

struct sum_ctx {
	uint64_t skip_id;
	cents_t sum;
	bool overflow;
	bool subsidy;              /* sum subsidies (else estimated totals of live ones) */
};

static int sum_one(const struct preorder *po, void *ctx)
{
	struct sum_ctx *s = ctx;
	cents_t v;

	if (po->id == s->skip_id)
		return 0;
	if (s->subsidy)
		v = po->subsidy;
	else if (preorder_state_live(po->state))
		v = preorder_state_committed(po->state) ? po->retained : po->estimated;
	else
		return 0;
	if (!cents_add(s->sum, v, &s->sum))
		s->overflow = true;
	return 0;
}

static int org_engaged(struct store_txn *txn, const struct preorder *po, cents_t *out)
{
	struct sum_ctx s = { .skip_id = po->id };
	int rc = db_preorder_each_by_org(txn, po->org_id, sum_one, &s);

	*out = s.overflow ? CENTS_MAX : s.sum;
	return rc;
}

int uc_dept_committed(struct store_txn *txn, const char *dept, cents_t *out)
{
	static const enum preorder_state committed[] = { PO_RETENUE, PO_CONVENTIONNEE,
		                                          PO_SUBVENTION_VERSEE };
	struct sum_ctx s = { .subsidy = true };
	int rc = RC_OK;

	for (size_t i = 0; i < ARRAY_LEN(committed) && rc == RC_OK; i++)
		rc = db_preorder_each_by_dept_state(txn, dept, committed[i], sum_one, &s);
	*out = s.overflow ? CENTS_MAX : s.sum;
	return rc;
}

/* ---- the common path ---- */

struct po_run {
	const struct uc *uc;
	uint64_t id;
	struct preorder_req *rq;
	struct preorder po;
};

static int po_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct po_run *r = ctx;
	int rc;

	if ((rc = db_preorder_get(txn, r->id, &r->po)) != RC_OK)
		return rc == RC_NOTFOUND ? fail(why, rc, "%s",
		                                _("Intention de commande introuvable."))
		                         : rc;
	obj->perm = preorder_perm_object(&r->po);
	obj->id = r->po.id;
	obj->version = r->po.version;
	return RC_OK;
}

static int po_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct po_run *r = ctx;
	const struct uc *uc = r->uc;
	struct preorder *po = &r->po, *before = xmalloc(sizeof *before);
	struct settings *set = xmalloc(sizeof *set);
	struct eligibility *elig = NULL;
	struct preorder_ctx cx;
	char *sb = xmalloc(AUDIT_SUMMARY_MAX + 1), *sa = xmalloc(AUDIT_SUMMARY_MAX + 1);
	struct org o;
	int rc;

	memset(&cx, 0, sizeof cx);
	if ((rc = db_settings_get(txn, set)) != RC_OK) {
		uc_fail(why, rc, N_("Paramètres du programme illisibles."));
		goto out;
	}
	cx.actor = uc->actor;
	cx.settings = set;
	cx.now = uc_now(uc);
	if (r->rq->action == ACT_PREORDER_SUBMIT) {
		if ((rc = db_org_get(txn, po->org_id, &o)) != RC_OK) {
			uc_fail(why, rc, N_("Organisation introuvable."));
			goto out;
		}
		elig = xmalloc(sizeof *elig);
		if ((rc = uc_org_eligibility_in(uc, txn, &o, elig)) != RC_OK) {
			uc_fail(why, rc, N_("Les listes de référence sont illisibles."));
			goto out;
		}
		cx.elig = elig;
		cx.org = &o;
	}
	if ((r->rq->action == ACT_PREORDER_SUBMIT || r->rq->action == ACT_PREORDER_AMEND) &&
	    (rc = org_engaged(txn, po, &cx.org_engaged)) != RC_OK)
		goto out;
	if (r->rq->action == ACT_PREORDER_RETAIN &&
	    (rc = uc_dept_committed(txn, po->dept, &cx.dept_committed)) != RC_OK)
		goto out;
	*before = *po;
	if ((rc = preorder_apply(po, r->rq, &cx, why)) != RC_OK)
		goto out;
	if ((rc = db_preorder_update(txn, po)) != RC_OK)
		goto out;
	preorder_summary(before, sb, AUDIT_SUMMARY_MAX + 1);
	preorder_summary(po, sa, AUDIT_SUMMARY_MAX + 1);
	audit_event_init(ev, uc->actor, cx.now, r->rq->action, "preorder", po->id, po->version, sb,
	                 sa);
out:
	free(before);
	free(set);
	free(elig);
	free(sb);
	free(sa);
	return rc;
}

static int run(const struct uc *uc, uint64_t id, uint64_t version, struct preorder_req *rq,
               char **why)
{
	struct po_run *r = xcalloc(1, sizeof *r);
	const struct uc_path path = {
		.action = rq->action, .write = true,
		.lead = N_("L'intention de commande n'a pas été enregistrée."),
		.kind = "preorder", .read_version = version,
		.stale_lead = N_("Ce dossier a été modifié"), .stale_reload = N_("rechargez-le"),
		.load = po_load, .change = po_change,
	};
	int rc;

	r->uc = uc;
	r->id = id;
	r->rq = rq;
	rc = uc_run(uc, &path, r, why);
	free(r);
	return rc;
}

struct po_create {
	const struct uc *uc;
	uint64_t id;
};

static int po_create_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct po_create *c = ctx;

	obj->perm.org_id = c->uc->actor->org_id;
	strlcpy_(obj->perm.dept, c->uc->actor->dept, sizeof obj->perm.dept);
	if (c->uc->actor->org_id == 0)
		return fail(why, RC_DENIED, "%s",
		            _("Votre compte n'est rattaché à aucune organisation."));
	return RC_OK;
}

static int po_create_change(struct store_txn *txn, void *ctx, struct audit_event *ev,
                            char **why)
{
	struct po_create *c = ctx;
	struct preorder *po = xmalloc(sizeof *po);
	char *sa = xmalloc(AUDIT_SUMMARY_MAX + 1);
	struct org o;
	int rc;

	if ((rc = db_org_get(txn, c->uc->actor->org_id, &o)) != RC_OK) {
		if (rc == RC_NOTFOUND)
			rc = fail(why, RC_DENIED, "%s",
			          _("Votre compte n'est rattaché à aucune organisation."));
		goto out;
	}
	if ((rc = preorder_init(po, c->uc->actor, &o, uc_now(c->uc), why)) != RC_OK)
		goto out;
	if ((rc = db_preorder_insert(txn, po)) != RC_OK)
		goto out;
	preorder_summary(po, sa, AUDIT_SUMMARY_MAX + 1);
	audit_event_init(ev, c->uc->actor, po->created_at, ACT_PREORDER_CREATE, "preorder", po->id,
	                 po->version, "", sa);
	c->id = po->id;
out:
	free(po);
	free(sa);
	return rc;
}

int uc_preorder_create(const struct uc *uc, uint64_t *id, char **why)
{
	struct po_create c = { .uc = uc };
	const struct uc_path path = {
		.action = ACT_PREORDER_CREATE, .write = true,
		.lead = N_("L'intention de commande n'a pas été créée."),
		.load = po_create_load, .change = po_create_change,
	};
	int rc = uc_run(uc, &path, &c, why);

	*id = rc == RC_OK ? c.id : 0;
	return rc;
}

struct po_get {
	uint64_t id;
	struct preorder *out;
};

static int po_get_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct po_get *g = ctx;
	int rc;

	if ((rc = db_preorder_get(txn, g->id, g->out)) != RC_OK)
		return rc == RC_NOTFOUND ? fail(why, rc, "%s",
		                                _("Intention de commande introuvable."))
		                         : rc;
	obj->perm = preorder_perm_object(g->out);
	return RC_OK;
}

int uc_preorder_get(const struct uc *uc, uint64_t id, struct preorder *out, char **why)
{
	struct po_get g = { .id = id, .out = out };
	const struct uc_path path = {
		.action = ACT_PREORDER_VIEW, .lead = N_("Intention de commande illisible."),
		.load = po_get_load,
	};
	int rc = uc_run(uc, &path, &g, why);

	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

int uc_preorder_edit(const struct uc *uc, const struct preorder *fields, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_EDIT, .fields = fields };

	return run(uc, fields->id, fields->version, &rq, why);
}

int uc_preorder_submit(const struct uc *uc, uint64_t id, uint64_t version, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_SUBMIT };

	return run(uc, id, version, &rq, why);
}

int uc_preorder_amend(const struct uc *uc, uint64_t id, uint64_t version,
                      const uint32_t qty[LOT_COUNT], char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_AMEND };

	memcpy(rq.qty, qty, sizeof rq.qty);
	return run(uc, id, version, &rq, why);
}

int uc_preorder_abandon(const struct uc *uc, uint64_t id, uint64_t version, const char *reason,
                        char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_ABANDON, .text = reason };

	return run(uc, id, version, &rq, why);
}

int uc_preorder_instruct(const struct uc *uc, uint64_t id, uint64_t version, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_INSTRUCT };

	return run(uc, id, version, &rq, why);
}

int uc_preorder_retain(const struct uc *uc, uint64_t id, uint64_t version, cents_t retained,
                       const char *comment, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_RETAIN, .amount = retained,
		                   .text = comment };

	return run(uc, id, version, &rq, why);
}

int uc_preorder_reject(const struct uc *uc, uint64_t id, uint64_t version, const char *reason,
                       char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_REJECT, .text = reason };

	return run(uc, id, version, &rq, why);
}

int uc_preorder_convention(const struct uc *uc, uint64_t id, uint64_t version,
                           const char *number, day_t signed_on, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_CONVENTION, .text = number,
		                   .day = signed_on };

	return run(uc, id, version, &rq, why);
}

int uc_preorder_pay(const struct uc *uc, uint64_t id, uint64_t version, day_t paid_on,
                    cents_t amount, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_PAY, .day = paid_on, .amount = amount };

	return run(uc, id, version, &rq, why);
}
