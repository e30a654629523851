/*
 * uc-refurb.c — the refurbishers' use cases: reading one, its
 * registration (benches checked against the reference geography, SIREN
 * unique), offers, dossier; the programme team's evaluation, decision and
 * price reviews; the price flags (median of the other selected
 * refurbishers' offers) and the directory applicants see. Every change is
 * one transaction with its audit event ("refurb", organisation id).
 */
#include "core/uc-refurb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/geo.h"
#include "core/i18n.h"
#include "core/org.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store-refurb.h"
#include "store/store.h"

/* ---- one refurbisher: the shared load and change ---- */

struct refurb_run;
/* Applies the change to r (the stored record, or a blank one), fills the two summaries. */
typedef int (*refurb_op)(struct store_txn *txn, struct refurb_run *run, struct refurb *r,
                         char **before, char **after, char **why);

struct refurb_run {
	const struct uc *uc;
	uint64_t org_id;
	enum action action;
	refurb_op op;
	struct refurb *r;             /* loaded, then changed */
	const void *in;               /* what the op applies */
	enum lot lot;
	bool flag;                    /* select / confirm */
	const char *text;             /* reason */
};

/* r from the store, or blank from organisation o (version 0). */
static int refurb_read(struct store_txn *txn, const struct org *o, struct refurb *r)
{
	int rc = db_refurb_get(txn, o->id, r);

	if (rc == RC_NOTFOUND) {
		memset(r, 0, sizeof *r);
		r->org_id = o->id;
		rc = RC_OK;
	}
	if (rc == RC_OK) {
		/* the organisation is the reference for these */
		strlcpy_(r->siren, o->siren, sizeof r->siren);
		strlcpy_(r->name, o->name, sizeof r->name);
		strlcpy_(r->dept, o->dept, sizeof r->dept);
	}
	return rc;
}

static int refurb_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct refurb_run *run = ctx;
	struct org o;
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = db_org_get(txn, run->org_id, &o)) != RC_OK)
		return rc == RC_NOTFOUND ? fail(why, rc, "%s", _("Organisation inconnue.")) : rc;
	if (!org_kind_is_supplier(o.kind))
		return fail(why, RC_INVALID, _("« %s » n'est pas un acteur du reconditionnement."),
		            o.name);
	if ((rc = refurb_read(txn, &o, run->r)) != RC_OK)
		return rc;
	obj->perm.org_id = o.id;
	strlcpy_(obj->perm.dept, o.dept, sizeof obj->perm.dept);
	obj->id = o.id;
	obj->version = run->r->version;
	return RC_OK;
}

/* « Le SIREN … est déjà inscrit par « name » (contact : …). » */
static int siren_taken(struct store_txn *txn, const char *siren, char **why)
{
	uint64_t holder = 0;
	struct org o;

	memset(&o, 0, sizeof o);
	if (db_refurb_by_siren(txn, siren, &holder) == RC_OK && db_org_get(txn, holder, &o) == RC_OK)
		return fail(why, RC_EXISTS, _("Le SIREN %s est déjà inscrit comme acteur du "
		                              "reconditionnement par « %s » (contact : %s, %s) : une "
		                              "seule inscription par structure."),
		            siren, o.name, o.contact.name[0] ? o.contact.name : _("non renseigné"),
		            o.contact.email[0] ? o.contact.email : _("sans courriel"));
	return fail(why, RC_EXISTS, _("Le SIREN %s est déjà inscrit comme acteur du "
	                              "reconditionnement."), siren);
}

static int refurb_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct refurb_run *run = ctx;
	char *before = NULL, *after = NULL;
	int64_t now = uc_now(run->uc);
	int rc;

	if ((rc = run->op(txn, run, run->r, &before, &after, why)) != RC_OK)
		goto out;
	if (run->r->created_at == 0)
		run->r->created_at = now;
	run->r->updated_at = now;
	if ((rc = db_refurb_put(txn, run->r)) == RC_EXISTS) {
		rc = siren_taken(txn, run->r->siren, why);
		goto out;
	}
	if (rc != RC_OK)
		goto out;
	audit_event_init(ev, run->uc->actor, now, run->action, REFURB_AUDIT_KIND, run->org_id,
	                 run->r->version, before, after);
out:
	free(before);
	free(after);
	return rc;
}

static int refurb_run_path(struct refurb_run *run, uint64_t read_version, bool write,
                           const char *lead, char **why)
{
	const struct uc_path path = {
		.action = run->action, .write = write, .lead = lead,
		.kind = write ? REFURB_AUDIT_KIND : NULL, .read_version = read_version,
		.stale_lead = N_("Ce dossier de reconditionneur a été modifié"),
		.stale_reload = N_("rechargez-le"),
		.load = refurb_load, .change = write ? refurb_change : NULL,
	};

	return uc_run(run->uc, &path, run, why);
}

int uc_refurb_get(const struct uc *uc, uint64_t org_id, struct refurb *out, char **why)
{
	struct refurb_run run = { .uc = uc, .org_id = org_id, .action = ACT_REFURB_VIEW, .r = out };

	return refurb_run_path(&run, 0, false, N_("Dossier de reconditionneur illisible."), why);
}

/* ---- benches ---- */

struct pc_walk {
	struct bench *out;
	size_t max, n, total;
	const char *postcode;
};

static int pc_one(const struct geo_commune *c, void *ctx)
{
	struct pc_walk *w = ctx;

	if (c->kind == GEO_FORMER)
		return RC_OK;
	w->total++;
	if (w->n < w->max) {
		struct bench *b = &w->out[w->n++];

		strlcpy_(b->postcode, w->postcode, sizeof b->postcode);
		strlcpy_(b->insee, c->insee, sizeof b->insee);
		strlcpy_(b->commune, c->name, sizeof b->commune);
	}
	return RC_OK;
}

/* The communes of a postal code inside txn (RC_NOTFOUND with a reason when none). */
static int postcode_communes(struct store_txn *txn, const char *postcode, struct bench *out,
                             size_t max, size_t *n, char **why)
{
	struct pc_walk w = { out, max, 0, 0, postcode };
	int rc;

	*n = 0;
	if (!geo_postcode_valid(postcode))
		return fail(why, RC_INVALID, _("« %s » n'est pas un code postal (5 chiffres)."),
		            postcode);
	if ((rc = db_geo_by_postcode(txn, postcode, pc_one, &w)) != RC_OK)
		return rc;
	if (w.total == 0)
		return fail(why, RC_NOTFOUND, _("Le code postal %s n'existe pas dans la géographie de "
		                                "référence."), postcode);
	*n = w.n;
	return RC_OK;
}

struct pc_ctx {
	const char *postcode;
	struct bench *out;
	size_t max, *n;
};

static int pc_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct pc_ctx *p = ctx;

	return postcode_communes(txn, p->postcode, p->out, p->max, p->n, why);
}

int uc_postcode_communes(const struct uc *uc, const char *postcode, struct bench *out,
                         size_t max, size_t *n, char **why)
{
	struct pc_ctx p = { postcode, out, max, n };
	const struct uc_path path = {
		.action = ACT_ACCOUNT_SELF, .lead = N_("Recherche du code postal impossible."),
		.change = pc_read,
	};

	return uc_run(uc, &path, &p, why);
}

/* Checks bench b against the geography and fills its commune. */
static int bench_resolve(struct store_txn *txn, size_t i, struct bench *b, char **why)
{
	struct bench *c = xcalloc(DB_GEO_RESULTS_MAX, sizeof *c);
	size_t n = 0;
	char *list = NULL;
	int rc;

	if ((rc = postcode_communes(txn, b->postcode, c, DB_GEO_RESULTS_MAX, &n, why)) != RC_OK) {
		char *inner = why != NULL ? *why : NULL;

		if (inner != NULL) {
			*why = NULL;
			fail(why, rc, _("Atelier %zu : %s"), i + 1, inner);
			free(inner);
		}
		goto out;
	}
	for (size_t k = 0; k < n; k++) {
		if ((b->insee[0] == '\0' && n == 1) || strcmp(b->insee, c[k].insee) == 0) {
			*b = c[k];
			rc = RC_OK;
			goto out;
		}
	}
	list = xstrdup("");
	for (size_t k = 0; k < n; k++) {
		char *next = xasprintf("%s%s%s (%s)", list, k > 0 ? ", " : "", c[k].commune,
		                       c[k].insee);
		free(list);
		list = next;
	}
	if (b->insee[0] == '\0')
		rc = fail(why, RC_INVALID, _("Atelier %zu : le code postal %s dessert plusieurs "
		                             "communes, choisissez-en une : %s."), i + 1, b->postcode,
		          list);
	else
		rc = fail(why, RC_INVALID, _("Atelier %zu : la commune %s n'est pas desservie par le "
		                             "code postal %s (%s)."), i + 1, b->insee, b->postcode, list);
out:
	free(list);
	free(c);
	return rc;
}

static int op_profile(struct store_txn *txn, struct refurb_run *run, struct refurb *r,
                      char **before, char **after, char **why)
{
	const struct refurb *in = run->in;
	char d1[16], d2[16];
	int rc;

	*before = xasprintf("forme %s ; créée le %s ; %zu atelier(s)",
	         legal_form_name(r->legal_form), day_format(r->founded, d1, sizeof d1), r->nbenches);
	r->legal_form = in->legal_form;
	r->founded = in->founded;
	r->nbenches = in->nbenches <= REFURB_BENCHES_MAX ? in->nbenches : REFURB_BENCHES_MAX + 1;
	if (r->nbenches > REFURB_BENCHES_MAX)
		return refurb_check_profile(in, day_of_instant(uc_now(run->uc)), why);
	memcpy(r->benches, in->benches, in->nbenches * sizeof r->benches[0]);
	for (size_t i = 0; i < r->nbenches; i++)
		if ((rc = bench_resolve(txn, i, &r->benches[i], why)) != RC_OK)
			return rc;
	if ((rc = refurb_check_profile(r, day_of_instant(uc_now(run->uc)), why)) != RC_OK)
		return rc;
	*after = xasprintf("forme %s ; créée le %s ; ateliers", legal_form_name(r->legal_form),
	                   day_format(r->founded, d2, sizeof d2));
	for (size_t i = 0; i < r->nbenches; i++) {
		char *next = xasprintf("%s %s (%s)", *after, r->benches[i].postcode,
		                       r->benches[i].insee);

		free(*after);
		*after = next;
	}
	return RC_OK;
}

int uc_refurb_save_profile(const struct uc *uc, uint64_t org_id, struct refurb *in, char **why)
{
	struct refurb *r = xmalloc(sizeof *r);
	struct refurb_run run = { .uc = uc, .org_id = org_id, .action = ACT_REFURB_EDIT,
	                          .op = op_profile, .r = r, .in = in };
	int rc = refurb_run_path(&run, in->version, true,
	                         N_("Inscription de reconditionneur non enregistrée."), why);

	if (rc == RC_OK)
		*in = *r;
	free(r);
	return rc;
}

/* ---- offers, dossier, evaluation, decision, review ---- */

/* "offre PC portable : 250,00 € HT, …" (caller frees). */
static char *offer_summary(enum lot l, const struct refurb_offer *o)
{
	char m[48];

	if (!o->active)
		return xasprintf("offre %s : aucune", lot_label(l));
	return xasprintf("offre %s : %s HT, %u unités, grade %s, garantie %u mois", lot_label(l),
	                 cents_format(o->unit_price, m, sizeof m), o->capacity,
	                 grade_label(o->grade), o->warranty_months);
}

static int op_offer(struct store_txn *txn, struct refurb_run *run, struct refurb *r,
                    char **before, char **after, char **why)
{
	const struct refurb_offer *in = run->in;
	struct refurb_offer *o = &r->offers[run->lot];
	struct refurb_offer next = *in;
	int rc;

	if ((rc = refurb_check_offer(in, run->lot, why)) != RC_OK)
		return rc;
	/* the review belongs to the price it was given on (offer_price_flag) */
	next.review = o->review;
	next.review_price = o->review_price;
	strlcpy_(next.review_reason, o->review_reason, sizeof next.review_reason);
	next.updated_at = uc_now(run->uc);
	*before = offer_summary(run->lot, o);
	*after = offer_summary(run->lot, &next);
	*o = next;
	return RC_OK;
}

int uc_refurb_save_offer(const struct uc *uc, uint64_t org_id, uint64_t read_version,
                         enum lot lot, const struct refurb_offer *o, char **why)
{
	struct refurb *r = xmalloc(sizeof *r);
	struct refurb_run run = { .uc = uc, .org_id = org_id, .action = ACT_REFURB_EDIT,
	                          .op = op_offer, .r = r, .in = o, .lot = lot };
	int rc = (unsigned)lot < LOT_COUNT
	       ? refurb_run_path(&run, read_version, true, N_("Offre non enregistrée."), why)
	       : fail(why, RC_INVALID, "%s", _("Lot inconnu."));

	free(r);
	return rc;
}

static int op_dossier(struct store_txn *txn, struct refurb_run *run, struct refurb *r,
                      char **before, char **after, char **why)
{
	const struct refurb_dossier *d = run->in;
	int rc;

	if ((rc = refurb_check_dossier(d, why)) != RC_OK)
		return rc;
	*before = xasprintf("dossier : %u emplois d'insertion, %u salariés, "
	         "%u ans d'activité", r->dossier.insertion_jobs, r->dossier.staff,
	         r->dossier.years_activity);
	r->dossier = *d;
	*after = xasprintf("dossier : %u emplois d'insertion, %u salariés, "
	         "%u ans d'activité", d->insertion_jobs, d->staff, d->years_activity);
	return RC_OK;
}

int uc_refurb_save_dossier(const struct uc *uc, uint64_t org_id, uint64_t read_version,
                           const struct refurb_dossier *d, char **why)
{
	struct refurb *r = xmalloc(sizeof *r);
	struct refurb_run run = { .uc = uc, .org_id = org_id, .action = ACT_REFURB_EDIT,
	                          .op = op_dossier, .r = r, .in = d };
	int rc = refurb_run_path(&run, read_version, true, N_("Dossier non enregistré."), why);

	free(r);
	return rc;
}

/* "notes technique 4/5 environnemental — …" (caller frees). */
static char *scores_summary(const struct refurb_eval *e)
{
	char part[CRIT_COUNT][48];

	for (int c = 0; c < CRIT_COUNT; c++) {
		if (e->scored[c])
			snprintf(part[c], sizeof part[c], "%s %u/5", criterion_label((enum criterion)c),
			         e->score[c] <= REFURB_SCORE_MAX ? e->score[c] : 0);
		else
			snprintf(part[c], sizeof part[c], "%s —", criterion_label((enum criterion)c));
	}
	return xasprintf("notes %s, %s, %s, %s", part[0], part[1], part[2], part[3]);
}

static int op_evaluate(struct store_txn *txn, struct refurb_run *run, struct refurb *r,
                       char **before, char **after, char **why)
{
	const struct refurb_eval *e = run->in;
	int rc;

	if ((rc = refurb_check_eval(e, why)) != RC_OK)
		return rc;
	*before = scores_summary(&r->eval);
	r->eval = *e;
	*after = scores_summary(&r->eval);
	return RC_OK;
}

int uc_refurb_evaluate(const struct uc *uc, uint64_t org_id, uint64_t read_version,
                       const struct refurb_eval *e, char **why)
{
	struct refurb *r = xmalloc(sizeof *r);
	struct refurb_run run = { .uc = uc, .org_id = org_id, .action = ACT_REFURB_EVALUATE,
	                          .op = op_evaluate, .r = r, .in = e };
	int rc = refurb_run_path(&run, read_version, true, N_("Évaluation non enregistrée."), why);

	free(r);
	return rc;
}

static int op_decide(struct store_txn *txn, struct refurb_run *run, struct refurb *r,
                     char **before, char **after, char **why)
{
	int rc;

	if ((rc = refurb_check_decision(r, run->flag, run->text, why)) != RC_OK)
		return rc;
	*before = xasprintf("%s", refurb_state_label(r->state));
	r->state = run->flag ? REFURB_SELECTED : REFURB_NOT_SELECTED;
	strlcpy_(r->reason, run->flag ? "" : run->text, sizeof r->reason);
	r->decided_at = uc_now(run->uc);
	r->decided_by = run->uc->actor->account_id;
	*after = xasprintf("%s%s%s", refurb_state_label(r->state),
	         run->flag ? "" : " : ", r->reason);
	return RC_OK;
}

int uc_refurb_decide(const struct uc *uc, uint64_t org_id, uint64_t read_version, bool select,
                     const char *reason, char **why)
{
	struct refurb *r = xmalloc(sizeof *r);
	struct refurb_run run = { .uc = uc, .org_id = org_id, .action = ACT_REFURB_EVALUATE,
	                          .op = op_decide, .r = r, .flag = select,
	                          .text = reason != NULL ? reason : "" };
	int rc = refurb_run_path(&run, read_version, true, N_("Décision non enregistrée."), why);

	free(r);
	return rc;
}

/* ---- prices ---- */

struct median_walk {
	enum lot lot;
	uint64_t exclude;
	cents_t *v;
	size_t n, cap;
};

static int median_one(const struct refurb *r, void *ctx)
{
	struct median_walk *w = ctx;
	const struct refurb_offer *o = &r->offers[w->lot];

	if (r->org_id == w->exclude || !o->active || o->unit_price <= 0)
		return RC_OK;
	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 32 : w->cap * 2;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n++] = o->unit_price;
	return RC_OK;
}

int uc_refurb_median(struct store_txn *txn, enum lot l, uint64_t exclude_org, cents_t *median,
                     bool *has)
{
	struct median_walk w = { .lot = l, .exclude = exclude_org };
	int rc = db_refurb_each_in_state(txn, REFURB_SELECTED, median_one, &w);

	*has = rc == RC_OK && w.n > 0;
	*median = *has ? price_median(w.v, w.n) : 0;
	free(w.v);
	return rc;
}

/* The flag of r's offer for lot l, in txn, with settings s. */
static int offer_row(struct store_txn *txn, const struct settings *s, const struct refurb *r,
                     enum lot l, struct price_row *row)
{
	const struct refurb_offer *o = &r->offers[l];
	int rc;

	memset(row, 0, sizeof *row);
	row->org_id = r->org_id;
	row->version = r->version;
	strlcpy_(row->name, r->name, sizeof row->name);
	row->state = r->state;
	row->lot = l;
	if (!o->active)
		return RC_OK;
	row->price = o->unit_price;
	if ((rc = uc_refurb_median(txn, l, r->org_id, &row->median, &row->has_median)) != RC_OK)
		return rc;
	row->flag = offer_price_flag(o, row->has_median, row->median, s->price_multiple_bp);
	return RC_OK;
}

static int op_review(struct store_txn *txn, struct refurb_run *run, struct refurb *r,
                     char **before, char **after, char **why)
{
	struct settings *s = xmalloc(sizeof *s);
	struct refurb_offer *o = &r->offers[run->lot];
	struct price_row row;
	char m[48], m2[48];
	int rc;

	if ((rc = db_settings_get(txn, s)) != RC_OK || (rc = offer_row(txn, s, r, run->lot, &row)) !=
	    RC_OK)
		goto out;
	if (row.flag == PRICE_OK) {
		rc = fail(why, RC_INVALID, _("L'offre %s de « %s » n'est pas signalée : son prix ne "
		                             "dépasse pas %s le prix médian."), lot_label(run->lot),
		          r->name, multiple_format(s->price_multiple_bp, m, sizeof m));
		goto out;
	}
	if (run->flag && (rc = text_check(_("Motif"), run->text, REFURB_REASON_MIN,
	                                  REFURB_REASON_MAX, true, why)) != RC_OK)
		goto out;
	*before = xasprintf("prix %s %s : %s (médiane %s)", lot_label(run->lot),
	         cents_format(o->unit_price, m, sizeof m), price_flag_label(row.flag),
	         cents_format(row.median, m2, sizeof m2));
	o->review = run->flag ? PRICE_REVIEW_CONFIRMED : PRICE_REVIEW_LIFTED;
	o->review_price = o->unit_price;
	strlcpy_(o->review_reason, run->text, sizeof o->review_reason);
	*after = xasprintf("prix %s %s : %s%s%s", lot_label(run->lot),
	         cents_format(o->unit_price, m, sizeof m),
	         price_flag_label(run->flag ? PRICE_CONFIRMED : PRICE_LIFTED),
	         run->text[0] ? " : " : "", run->text);
	rc = RC_OK;
out:
	free(s);
	return rc;
}

int uc_refurb_price_review(const struct uc *uc, uint64_t org_id, uint64_t read_version,
                           enum lot lot, bool confirm, const char *reason, char **why)
{
	struct refurb *r = xmalloc(sizeof *r);
	struct refurb_run run = { .uc = uc, .org_id = org_id, .action = ACT_PRICE_REVIEW,
	                          .op = op_review, .r = r, .lot = lot, .flag = confirm,
	                          .text = reason != NULL ? reason : "" };
	int rc = (unsigned)lot < LOT_COUNT
	       ? refurb_run_path(&run, read_version, true, N_("Examen du prix non enregistré."), why)
	       : fail(why, RC_INVALID, "%s", _("Lot inconnu."));

	free(r);
	return rc;
}

struct flags_ctx {
	struct refurb_run run;
	struct price_row *rows;
};

static int flags_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct flags_ctx *f = ctx;
	struct settings *s = xmalloc(sizeof *s);
	int rc = db_settings_get(txn, s);

	for (int l = 0; l < LOT_COUNT && rc == RC_OK; l++)
		rc = offer_row(txn, s, f->run.r, (enum lot)l, &f->rows[l]);
	free(s);
	return rc;
}

static int flags_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	return refurb_load(txn, &((struct flags_ctx *)ctx)->run, obj, why);
}

int uc_refurb_flags(const struct uc *uc, uint64_t org_id, struct price_row rows[LOT_COUNT],
                    char **why)
{
	struct flags_ctx f = { { .uc = uc, .org_id = org_id, .action = ACT_REFURB_VIEW,
	                         .r = xmalloc(sizeof(struct refurb)) }, rows };
	const struct uc_path path = {
		.action = ACT_REFURB_VIEW, .lead = N_("Prix signalés illisibles."),
		.load = flags_load, .change = flags_read,
	};
	int rc = uc_run(uc, &path, &f, why);

	free(f.run.r);
	return rc;
}

struct prices_ctx {
	struct store_txn *txn;
	struct settings *s;
	struct price_row *rows;
	size_t n, cap;
};

static int prices_one(const struct refurb *r, void *ctx)
{
	struct prices_ctx *p = ctx;
	int rc;

	for (int l = 0; l < LOT_COUNT; l++) {
		if (!r->offers[l].active)
			continue;
		if (p->n == p->cap) {
			p->cap = p->cap == 0 ? 64 : p->cap * 2;
			p->rows = xrealloc(p->rows, p->cap * sizeof *p->rows);
		}
		if ((rc = offer_row(p->txn, p->s, r, (enum lot)l, &p->rows[p->n])) != RC_OK)
			return rc;
		p->n++;
	}
	return RC_OK;
}

static int prices_cmp(const void *a, const void *b)
{
	const struct price_row *x = a, *y = b;
	int fx = x->flag == PRICE_FLAGGED ? 0 : x->flag == PRICE_OK ? 2 : 1;
	int fy = y->flag == PRICE_FLAGGED ? 0 : y->flag == PRICE_OK ? 2 : 1;

	if (fx != fy)
		return fx - fy;
	if (x->lot != y->lot)
		return (int)x->lot - (int)y->lot;
	return strcmp(x->name, y->name);
}

static int prices_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct prices_ctx *p = ctx;
	int rc;

	p->txn = txn;
	if ((rc = db_settings_get(txn, p->s)) != RC_OK ||
	    (rc = db_refurb_each(txn, prices_one, p)) != RC_OK)
		return rc;
	if (p->n > 0)
		qsort(p->rows, p->n, sizeof *p->rows, prices_cmp);
	return RC_OK;
}

/* National objects: nothing to read for may(). */
static int national_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	return RC_OK;
}

int uc_refurb_prices(const struct uc *uc, struct price_row **out, size_t *n, char **why)
{
	struct prices_ctx p = { .s = xmalloc(sizeof *p.s) };
	const struct uc_path path = {
		.action = ACT_PRICE_REVIEW, .lead = N_("Prix des offres illisibles."),
		.load = national_load, .change = prices_read,
	};
	int rc = uc_run(uc, &path, &p, why);

	free(p.s);
	if (rc != RC_OK) {
		free(p.rows);
		p.rows = NULL;
		p.n = 0;
	}
	*out = p.rows;
	*n = p.n;
	return rc;
}

struct list_ctx {
	bool all, directory;
	enum refurb_state state;
	uc_refurb_fn fn;
	void *ctx;
	struct store_txn *txn;
	struct settings *s;
	struct refurb *copy;
};

static int list_one(const struct refurb *r, void *ctx)
{
	struct list_ctx *l = ctx;
	int rc;

	if (!l->directory)
		return l->fn(r, l->ctx);
	/* what applicants see: no evaluation, no confirmed-excessive offer */
	*l->copy = *r;
	memset(&l->copy->eval, 0, sizeof l->copy->eval);
	for (int k = 0; k < LOT_COUNT; k++) {
		struct price_row row;

		if ((rc = offer_row(l->txn, l->s, r, (enum lot)k, &row)) != RC_OK)
			return rc;
		if (row.flag == PRICE_CONFIRMED)
			l->copy->offers[k].active = false;
	}
	return l->fn(l->copy, l->ctx);
}

static int list_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct list_ctx *l = ctx;
	int rc;

	l->txn = txn;
	if (l->directory && (rc = db_settings_get(txn, l->s)) != RC_OK)
		return rc;
	if (l->all)
		return db_refurb_each(txn, list_one, l);
	return db_refurb_each_in_state(txn, l->state, list_one, l);
}

int uc_refurb_list(const struct uc *uc, bool all, enum refurb_state state, uc_refurb_fn fn,
                   void *ctx, char **why)
{
	struct list_ctx l = { .all = all, .state = state, .fn = fn, .ctx = ctx };
	const struct uc_path path = {
		.action = ACT_REFURB_EVALUATE, .lead = N_("Liste des reconditionneurs illisible."),
		.load = national_load, .change = list_read,
	};

	return uc_run(uc, &path, &l, why);
}

int uc_refurb_directory(const struct uc *uc, uc_refurb_fn fn, void *ctx, char **why)
{
	struct list_ctx l = { .state = REFURB_SELECTED, .directory = true, .fn = fn, .ctx = ctx,
	                      .s = xmalloc(sizeof *l.s), .copy = xmalloc(sizeof *l.copy) };
	const struct uc_path path = {
		.action = ACT_REFURB_DIRECTORY, .lead = N_("Liste des reconditionneurs illisible."),
		.load = national_load, .change = list_read,
	};
	int rc = uc_run(uc, &path, &l, why);

	free(l.s);
	free(l.copy);
	return rc;
}
