/*
 * uc-order.c — the orders' use cases (see uc-order.h): the funding left
 * to order, the ranking of refurbishers, placing an order with its
 * capacity check in the placing transaction (LMDB's single writer makes
 * the check and the insert one atomic step: two organisations racing for
 * the last units never both get them), the later steps, reading and
 * listing within the actor's scope.
 */
#include "core/uc-order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/geo.h"
#include "core/i18n.h"
#include "core/org.h"
#include "core/preorder.h"
#include "core/uc-refurb.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store-order.h"
#include "store/store-programme.h"
#include "store/store-refurb.h"
#include "store/store.h"

/* ---- where an order stands for the actor ---- */

/* An order is the refurbisher's own for the refurbisher it names. */
static struct perm_object order_perm(const struct actor *a, const struct order *o)
{
	struct perm_object p;

	memset(&p, 0, sizeof p);
	if (a->org_id != 0 && a->org_id == o->refurb_id) {
		p.org_id = o->refurb_id;
		strlcpy_(p.dept, o->refurb_dept, sizeof p.dept);
	} else {
		p.org_id = o->org_id;
		strlcpy_(p.dept, o->dept, sizeof p.dept);
	}
	return p;
}

static int unknown_order(uint64_t id, char **why)
{
	return fail(why, RC_NOTFOUND, _("Commande n° %llu inconnue."), (unsigned long long)id);
}

/* ---- the ordering organisation ---- */

struct org_run {
	const struct uc *uc;
	uint64_t org_id;
	struct org org;
};

static int org_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct org_run *run = ctx;
	int rc;

	if ((rc = db_org_get(txn, run->org_id, &run->org)) != RC_OK)
		return rc == RC_NOTFOUND ? fail(why, rc, "%s", _("Organisation inconnue.")) : rc;
	obj->perm.org_id = run->org.id;
	strlcpy_(obj->perm.dept, run->org.dept, sizeof obj->perm.dept);
	obj->id = run->org.id;
	return RC_OK;
}

static int org_may_order(const struct org *o, char **why)
{
	if (org_kind_is_institutional(o->kind) || org_kind_is_refused(o->kind) ||
	    o->kind == ORG_KIND_NONE || org_kind_is_supplier(o->kind))
		return fail(why, RC_INVALID, _("Une organisation de type « %s » ne passe pas de "
		                               "commande."), org_kind_label(o->kind));
	if (o->status != ORG_VALIDATED)
		return fail(why, RC_INVALID, "%s", _("L'organisation doit être validée par l'équipe "
		                                     "du programme avant de commander."));
	return RC_OK;
}

/* ---- funding ---- */

struct funding_walk {
	struct order_funding *f;
};

static int funding_po(const struct preorder *po, void *ctx)
{
	struct order_funding *f = ctx;

	if (f->has_convention ||
	    (po->state != PO_CONVENTIONNEE && po->state != PO_SUBVENTION_VERSEE))
		return RC_OK;
	f->has_convention = true;
	f->preorder_id = po->id;
	memcpy(f->retained, po->qty, sizeof f->retained);
	return RC_OK;
}

static int funding_order(const struct order *o, void *ctx)
{
	struct order_funding *f = ctx;

	if (!o->funded || o->preorder_id != f->preorder_id || !order_state_live(o->state))
		return RC_OK;
	for (size_t i = 0; i < o->nlines && i < LOT_COUNT; i++)
		f->ordered[o->lines[i].lot] += o->lines[i].qty;
	return RC_OK;
}

/* The funding of org in txn, dated today. */
static int funding_in(struct store_txn *txn, uint64_t org_id, day_t today,
                      struct order_funding *f)
{
	struct settings *s = xmalloc(sizeof *s);
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = db_settings_get(txn, s)) != RC_OK)
		goto out;
	f->opens = s->ordering_opens;
	f->open = today >= s->ordering_opens;
	if ((rc = db_preorder_each_by_org(txn, org_id, funding_po, f)) != RC_OK)
		goto out;
	if (f->has_convention && (rc = db_order_each_by_org(txn, org_id, funding_order, f)) != RC_OK)
		goto out;
	for (int l = 0; l < LOT_COUNT; l++)
		f->remaining[l] = f->retained[l] > f->ordered[l] ? f->retained[l] - f->ordered[l] : 0;
out:
	free(s);
	return rc;
}

struct funding_run {
	struct org_run org;
	struct order_funding *out;
};

static int funding_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct funding_run *run = ctx;

	return funding_in(txn, run->org.org_id, day_of_instant(uc_now(run->org.uc)), run->out);
}

int uc_order_funding(const struct uc *uc, uint64_t org_id, struct order_funding *out,
                     char **why)
{
	struct funding_run run = { .org = { .uc = uc, .org_id = org_id }, .out = out };
	const struct uc_path path = {
		.action = ACT_ORDER_PLACE, .lead = N_("Financement illisible."),
		.load = org_load, .change = funding_read,
	};

	return uc_run(uc, &path, &run, why);
}

/* ---- offers: what can be ordered from a refurbisher ---- */

/* Prices of the active offers of selected refurbishers, sorted per lot (the medians). */
struct lot_prices {
	cents_t *v[LOT_COUNT];
	size_t n[LOT_COUNT], cap[LOT_COUNT];
};

static int cents_cmp_(const void *a, const void *b)
{
	cents_t x = *(const cents_t *)a, y = *(const cents_t *)b;

	return x < y ? -1 : x > y;
}

static void lot_prices_add(struct lot_prices *p, const struct refurb_brief *r)
{
	for (int l = 0; l < LOT_COUNT; l++) {
		const struct refurb_offer_brief *o = &r->offers[l];

		if (!o->active || o->unit_price <= 0)
			continue;
		if (p->n[l] == p->cap[l]) {
			p->cap[l] = p->cap[l] == 0 ? 32 : p->cap[l] * 2;
			p->v[l] = xrealloc(p->v[l], p->cap[l] * sizeof *p->v[l]);
		}
		p->v[l][p->n[l]++] = o->unit_price;
	}
}

static void lot_prices_sort(struct lot_prices *p)
{
	for (int l = 0; l < LOT_COUNT; l++)
		if (p->n[l] > 1)
			qsort(p->v[l], p->n[l], sizeof *p->v[l], cents_cmp_);
}

static void lot_prices_free(struct lot_prices *p)
{
	for (int l = 0; l < LOT_COUNT; l++)
		free(p->v[l]);
}

static int prices_one(const struct refurb_brief *r, void *ctx)
{
	lot_prices_add(ctx, r);
	return RC_OK;
}

/* True when an offer may be ordered: active and not confirmed excessive. */
static bool orderable_of(bool active, cents_t price, enum price_review review,
                         cents_t review_price, enum lot l, const struct lot_prices *p,
                         uint32_t multiple_bp)
{
	bool has = false;
	cents_t median;

	if (!active || price <= 0)
		return false;
	median = price_median_without(p->v[l], p->n[l], price, &has);
	return price_flag_of(active, price, review, review_price, has, median, multiple_bp) !=
	       PRICE_CONFIRMED;
}

static bool offer_orderable(const struct refurb *r, enum lot l, const struct lot_prices *p,
                            uint32_t multiple_bp)
{
	const struct refurb_offer *o = &r->offers[l];

	return orderable_of(o->active, o->unit_price, o->review, o->review_price, l, p,
	                    multiple_bp);
}

/* ---- ranking ---- */

struct rank_run {
	struct org_run org;
	const uint32_t *want;
	struct rank_row **rows;
	size_t *n;
	/* gathered in the read */
	struct store_txn *txn;
	struct settings *s;
	struct lot_prices prices;
	struct rank_input *in;
	struct offer_review {
		bool active;
		enum price_review review;
		cents_t review_price;
	} (*reviews)[LOT_COUNT];
	size_t nin, cap;
	struct geo_point *points;         /* REFURB_BENCHES_MAX per input */
	char (*communes)[REFURB_COMMUNE_MAX];
	const char **commune_ptrs;
	char (*names)[ORG_NAME_MAX + 1];
	struct geo_commune *gc;
};

static int rank_one(const struct refurb_brief *r, void *ctx)
{
	struct rank_run *run = ctx;
	struct rank_input *in;
	uint32_t reserved[LOT_COUNT];
	size_t base, nb = 0;
	int rc;

	if (run->nin == run->cap) {
		run->cap = run->cap == 0 ? 64 : run->cap * 2;
		run->in = xrealloc(run->in, run->cap * sizeof *run->in);
		run->points = xrealloc(run->points, run->cap * REFURB_BENCHES_MAX * sizeof *run->points);
		run->communes = xrealloc(run->communes,
		                         run->cap * REFURB_BENCHES_MAX * sizeof *run->communes);
		run->names = xrealloc(run->names, run->cap * sizeof *run->names);
		run->reviews = xrealloc(run->reviews, run->cap * sizeof *run->reviews);
	}
	base = run->nin * REFURB_BENCHES_MAX;
	for (size_t b = 0; b < r->nbenches && b < REFURB_BENCHES_MAX; b++) {
		if (r->benches[b].insee[0] == '\0' ||
		    db_geo_get(run->txn, r->benches[b].insee, run->gc) != RC_OK)
			continue;
		run->points[base + nb].lat_e5 = run->gc->lat_e5;
		run->points[base + nb].lon_e5 = run->gc->lon_e5;
		strlcpy_(run->communes[base + nb], r->benches[b].commune, REFURB_COMMUNE_MAX);
		nb++;
	}
	if ((rc = db_order_reserved(run->txn, r->org_id, 0, reserved)) != RC_OK)
		return rc;
	in = &run->in[run->nin];
	memset(in, 0, sizeof *in);
	in->org_id = r->org_id;
	strlcpy_(run->names[run->nin], r->name, sizeof run->names[0]);
	in->nbenches = nb;
	lot_prices_add(&run->prices, r);
	for (int l = 0; l < LOT_COUNT; l++) {
		const struct refurb_offer_brief *o = &r->offers[l];

		run->reviews[run->nin][l] = (struct offer_review){ o->active, o->review,
		                                                   o->review_price };
		in->unit_price[l] = o->unit_price;
		in->remaining[l] = o->capacity > reserved[l] ? o->capacity - reserved[l] : 0;
		in->grade[l] = o->grade;
		in->warranty[l] = o->warranty_months;
	}
	run->nin++;
	return RC_OK;
}

static int rank_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct rank_run *run = ctx;
	struct geo_point from;
	int rc;

	run->txn = txn;
	if ((rc = org_may_order(&run->org.org, why)) != RC_OK)
		return rc;
	if (db_geo_get(txn, run->org.org.insee, run->gc) != RC_OK)
		return fail(why, RC_INVALID, _("La commune de l'organisation (%s) est absente de la "
		                               "géographie de référence : aucune distance ne peut être "
		                               "calculée."), run->org.org.insee);
	from.lat_e5 = run->gc->lat_e5;
	from.lon_e5 = run->gc->lon_e5;
	if ((rc = db_settings_get(txn, run->s)) != RC_OK ||
	    (rc = db_refurb_each_brief_in_state(txn, REFURB_SELECTED, rank_one, run)) != RC_OK)
		return rc;
	/* one pass read them all; the medians of the others come from the sorted prices */
	lot_prices_sort(&run->prices);
	for (size_t i = 0; i < run->nin; i++)
		for (int l = 0; l < LOT_COUNT; l++) {
			const struct offer_review *v = &run->reviews[i][l];

			run->in[i].orderable[l] =
				run->want[l] > 0 &&
				orderable_of(v->active, run->in[i].unit_price[l], v->review,
				             v->review_price, (enum lot)l, &run->prices,
				             run->s->price_multiple_bp);
		}
	run->commune_ptrs = xcalloc(run->nin * REFURB_BENCHES_MAX + 1, sizeof *run->commune_ptrs);
	for (size_t i = 0; i < run->nin; i++) {
		for (size_t b = 0; b < REFURB_BENCHES_MAX; b++)
			run->commune_ptrs[i * REFURB_BENCHES_MAX + b] =
				run->communes[i * REFURB_BENCHES_MAX + b];
		run->in[i].name = run->names[i];
		run->in[i].bench_at = &run->points[i * REFURB_BENCHES_MAX];
		run->in[i].bench_commune = &run->commune_ptrs[i * REFURB_BENCHES_MAX];
	}
	*run->rows = xcalloc(run->nin + 1, sizeof **run->rows);
	*run->n = order_rank(&from, run->want, run->in, run->nin, *run->rows);
	return RC_OK;
}

int uc_order_rank(const struct uc *uc, uint64_t org_id, const uint32_t want[LOT_COUNT],
                  struct rank_row **rows, size_t *n, char **why)
{
	struct rank_run run = { .org = { .uc = uc, .org_id = org_id }, .want = want,
	                        .rows = rows, .n = n, .s = xmalloc(sizeof *run.s),
	                        .gc = xmalloc(sizeof *run.gc) };
	const struct uc_path path = {
		.action = ACT_ORDER_PLACE, .lead = N_("Classement des reconditionneurs illisible."),
		.load = org_load, .change = rank_read,
	};
	bool any = false;
	int rc;

	*rows = NULL;
	*n = 0;
	for (int l = 0; l < LOT_COUNT; l++)
		any = any || want[l] > 0;
	if (!any) {
		rc = fail(why, RC_INVALID, "%s", _("Indiquez au moins un lot et une quantité."));
		goto out;
	}
	if ((rc = uc_run(uc, &path, &run, why)) != RC_OK) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
out:
	free(run.s);
	free(run.gc);
	free(run.in);
	free(run.points);
	free(run.communes);
	free(run.commune_ptrs);
	free(run.names);
	free(run.reviews);
	lot_prices_free(&run.prices);
	return rc;
}

/* ---- placing ---- */

struct place_run {
	struct org_run org;
	const struct order_request *rq;
	struct order *o;
	struct refurb *r;
	struct settings *s;
};

/* « 3 × portable à 250,00 € ; total 750,00 € HT (non subventionnée) » for the audit log. */
static char *order_summary(const struct order *o)
{
	char *s = xstrdup(""), *t, buf[32];

	for (size_t i = 0; i < o->nlines; i++) {
		t = xasprintf("%s%u × %s à %s ; ", s, o->lines[i].qty, lot_label(o->lines[i].lot),
		              cents_format(o->lines[i].unit_price, buf, sizeof buf));
		free(s);
		s = t;
	}
	t = xasprintf(_("%stotal %s HT, %s (%s)"), s, cents_format(o->total_ht, buf, sizeof buf),
	              o->funded ? _("subventionnée") : _("non subventionnée"),
	              order_state_label(o->state));
	free(s);
	return t;
}

static int place_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct place_run *run = ctx;
	const struct order_request *rq = run->rq;
	const struct uc *uc = run->org.uc;
	struct order *o = run->o;
	struct order_funding f;
	struct lot_prices prices;
	uint32_t reserved[LOT_COUNT];
	int64_t now = uc_now(uc);
	day_t today = day_of_instant(now);
	char *after = NULL;
	int rc;

	memset(&prices, 0, sizeof prices);
	if ((rc = org_may_order(&run->org.org, why)) != RC_OK)
		goto out;
	if ((rc = db_refurb_get(txn, rq->refurb_id, run->r)) != RC_OK ||
	    run->r->state != REFURB_SELECTED) {
		rc = fail(why, RC_NOTFOUND, "%s", _("Reconditionneur inconnu ou non sélectionné par le "
		                                    "programme."));
		goto out;
	}
	if ((rc = order_check_signed(&rq->po, today, why)) != RC_OK)
		goto out;
	if ((rc = db_settings_get(txn, run->s)) != RC_OK ||
	    (rc = db_refurb_each_brief_in_state(txn, REFURB_SELECTED, prices_one, &prices)) !=
	        RC_OK ||
	    (rc = db_order_reserved(txn, rq->refurb_id, 0, reserved)) != RC_OK)
		goto out;
	lot_prices_sort(&prices);
	if (rq->funded) {
		if ((rc = funding_in(txn, rq->org_id, today, &f)) != RC_OK)
			goto out;
		if (!f.has_convention) {
			rc = fail(why, RC_INVALID, "%s", _("Une commande subventionnée demande une "
			                                   "intention de commande conventionnée : "
			                                   "commandez sur fonds propres sinon."));
			goto out;
		}
		if (!f.open) {
			char b[16];

			rc = fail(why, RC_INVALID, _("Les commandes subventionnées ouvrent le %s."),
			          day_format(f.opens, b, sizeof b));
			goto out;
		}
	}
	memset(o, 0, sizeof *o);
	o->org_id = run->org.org.id;
	strlcpy_(o->org_name, run->org.org.name, sizeof o->org_name);
	strlcpy_(o->dept, run->org.org.dept, sizeof o->dept);
	strlcpy_(o->insee, run->org.org.insee, sizeof o->insee);
	o->refurb_id = run->r->org_id;
	strlcpy_(o->refurb_name, run->r->name, sizeof o->refurb_name);
	strlcpy_(o->refurb_dept, run->r->dept, sizeof o->refurb_dept);
	o->funded = rq->funded;
	o->preorder_id = rq->funded ? f.preorder_id : 0;
	o->po = rq->po;
	for (int l = 0; l < LOT_COUNT; l++) {
		const struct refurb_offer *of = &run->r->offers[l];
		uint32_t left;

		if (rq->qty[l] == 0)
			continue;
		if (!offer_orderable(run->r, (enum lot)l, &prices, run->s->price_multiple_bp)) {
			rc = fail(why, RC_INVALID, _("« %s » ne propose pas le lot « %s »."),
			          run->r->name, lot_label((enum lot)l));
			goto out;
		}
		left = of->capacity > reserved[l] ? of->capacity - reserved[l] : 0;
		if (rq->qty[l] > left) {
			rc = fail(why, RC_FULL, _("Capacité insuffisante : « %s » peut encore fournir %u "
			                          "× « %s » (vous en demandez %u)."),
			          run->r->name, left, lot_label((enum lot)l), rq->qty[l]);
			goto out;
		}
		if (rq->funded && rq->qty[l] > f.remaining[l]) {
			rc = fail(why, RC_INVALID, _("Lot « %s » : il reste %u unité(s) à commander sur ce "
			                             "qui a été retenu (vous en demandez %u)."),
			          lot_label((enum lot)l), f.remaining[l], rq->qty[l]);
			goto out;
		}
		o->lines[o->nlines++] = (struct order_line){
			.lot = (enum lot)l, .qty = rq->qty[l], .unit_price = of->unit_price,
			.grade = of->grade, .warranty_months = of->warranty_months,
		};
	}
	if ((rc = order_check_lines(o, why)) != RC_OK)
		goto out;
	o->state = ORD_ENVOYEE;
	order_history_add(o, ORD_ENVOYEE, now, uc->actor->account_id, uc->actor->login);
	if ((rc = db_order_insert(txn, o)) != RC_OK)
		goto out;
	after = order_summary(o);
	audit_event_init(ev, uc->actor, now, ACT_ORDER_PLACE, ORDER_AUDIT_KIND, o->id, o->version,
	                 NULL, after);
out:
	lot_prices_free(&prices);
	free(after);
	return rc;
}

int uc_order_place(const struct uc *uc, const struct order_request *rq, struct order *out,
                   char **why)
{
	struct place_run run = { .org = { .uc = uc, .org_id = rq->org_id }, .rq = rq,
	                         .o = xmalloc(sizeof *run.o), .r = xmalloc(sizeof *run.r),
	                         .s = xmalloc(sizeof *run.s) };
	const struct uc_path path = {
		.action = ACT_ORDER_PLACE, .write = true, .lead = N_("Commande non passée."),
		.load = org_load, .change = place_change,
	};
	int rc = uc_run(uc, &path, &run, why);

	if (rc == RC_OK && out != NULL)
		*out = *run.o;
	free(run.o);
	free(run.r);
	free(run.s);
	return rc;
}

/* ---- one order ---- */

struct one_run {
	const struct uc *uc;
	uint64_t id;
	struct order *o;
	const struct order_step *st;
};

static int one_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct one_run *run = ctx;
	int rc = db_order_get(txn, run->id, run->o);

	if (rc == RC_NOTFOUND)
		return unknown_order(run->id, why);
	if (rc != RC_OK)
		return rc;
	obj->perm = order_perm(run->uc->actor, run->o);
	/* another organisation's order is not said to exist */
	if (!may(run->uc->actor, ACT_ORDER_VIEW, &obj->perm))
		return unknown_order(run->id, why);
	obj->id = run->o->id;
	obj->version = run->o->version;
	return RC_OK;
}

int uc_order_get(const struct uc *uc, uint64_t id, struct order *out, char **why)
{
	struct one_run run = { .uc = uc, .id = id, .o = out };
	const struct uc_path path = {
		.action = ACT_ORDER_VIEW, .lead = N_("Commande illisible."), .load = one_load,
	};

	return uc_run(uc, &path, &run, why);
}

static int step_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct one_run *run = ctx;
	const struct uc *uc = run->uc;
	int64_t now = uc_now(uc);
	char *before = order_summary(run->o), *after = NULL;
	int rc;

	if ((rc = order_apply(run->o, run->st, now, uc->actor->account_id, uc->actor->login,
	                      why)) != RC_OK)
		goto out;
	if ((rc = db_order_update(txn, run->o)) != RC_OK)
		goto out;
	after = order_summary(run->o);
	audit_event_init(ev, uc->actor, now,
	                 order_step_by_refurb(run->st->kind) ? ACT_ORDER_HANDLE
	                 : run->st->kind == ORDER_CANCEL   ? ACT_ORDER_CANCEL
	                                                   : ACT_ORDER_RECEIVE,
	                 ORDER_AUDIT_KIND, run->o->id, run->o->version, before, after);
out:
	free(before);
	free(after);
	return rc;
}

int uc_order_step(const struct uc *uc, uint64_t id, uint64_t read_version,
                  const struct order_step *st, struct order *out, char **why)
{
	struct one_run run = { .uc = uc, .id = id, .o = xmalloc(sizeof *run.o), .st = st };
	enum action a = order_step_by_refurb(st->kind) ? ACT_ORDER_HANDLE
	                : st->kind == ORDER_CANCEL     ? ACT_ORDER_CANCEL
	                                               : ACT_ORDER_RECEIVE;
	const struct uc_path path = {
		.action = a, .write = true, .lead = N_("Commande inchangée."),
		.kind = ORDER_AUDIT_KIND, .read_version = read_version,
		.stale_lead = N_("Cette commande a été modifiée"), .stale_reload = N_("rechargez-la"),
		.load = one_load, .change = step_change,
	};
	int rc = (unsigned)st->kind < ORDER_STEP_COUNT
	         ? uc_run(uc, &path, &run, why)
	         : fail(why, RC_INVALID, "%s", _("Étape de commande inconnue."));

	if (rc == RC_OK && out != NULL)
		*out = *run.o;
	free(run.o);
	return rc;
}

/* ---- lists ---- */

struct list_run {
	const struct uc *uc;
	enum action action;
	uc_order_fn fn;
	void *ctx;
};

static int list_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct list_run *run = ctx;
	const struct actor *a = run->uc->actor;

	/* the scope the list covers: the département, the country, or one's own organisation */
	if (a->role == ROLE_PREFECTURE) {
		strlcpy_(obj->perm.dept, a->dept, sizeof obj->perm.dept);
	} else if (a->role != ROLE_ANCT && !a->system) {
		obj->perm.org_id = a->org_id;
		strlcpy_(obj->perm.dept, a->dept, sizeof obj->perm.dept);
	}
	return RC_OK;
}

static int list_one(const struct order *o, void *ctx)
{
	struct list_run *run = ctx;
	struct perm_object p = order_perm(run->uc->actor, o);

	if (!may(run->uc->actor, run->action, &p))
		return RC_OK;
	return run->fn(o, run->ctx);
}

static int list_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct list_run *run = ctx;
	const struct actor *a = run->uc->actor;

	if (a->system || a->role == ROLE_ANCT)
		return db_order_each(txn, list_one, run);
	if (a->role == ROLE_PREFECTURE)
		return db_order_each_by_dept(txn, a->dept, list_one, run);
	if (a->role == ROLE_RECONDITIONNEUR)
		return db_order_each_by_refurb(txn, a->org_id, list_one, run);
	return db_order_each_by_org(txn, a->org_id, list_one, run);
}

int uc_order_list(const struct uc *uc, enum action action, uc_order_fn fn, void *ctx,
                  char **why)
{
	struct list_run run = { .uc = uc, .action = action, .fn = fn, .ctx = ctx };
	const struct uc_path path = {
		.action = action, .lead = N_("Liste des commandes illisible."),
		.load = list_load, .change = list_read,
	};

	return uc_run(uc, &path, &run, why);
}
