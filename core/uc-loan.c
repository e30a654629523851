/*
 * uc-loan.c — the loans' use cases (uc-loan.h): each in one transaction,
 * the order and the other loans read in it, the audit event appended.
 */
#include "core/uc-loan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/export.h"
#include "core/i18n.h"
#include "core/util.h"
#include "store/store-order.h"
#include "store/store.h"

struct loan_run {
	const struct uc *uc;
	uint64_t org_id;              /* list: whose loans */
	const struct loan *in;
	struct loan l;
	struct order o;
	uint32_t lent;
	day_t day;
	uc_loan_fn fn;
	void *ctx;
};

static void loan_summary(const struct loan *l, char *buf, size_t cap)
{
	char d1[16], d2[16];

	snprintf(buf, cap, "%u × %s → %s, du %s au %s%s", l->count, lot_label(l->lot), l->partner,
	         day_format(l->start, d1, sizeof d1), day_format(l->due, d2, sizeof d2),
	         l->returned_on != 0 ? ", rendu" : "");
}

static int lent_one(const struct loan *l, void *ctx)
{
	struct loan_run *run = ctx;

	if (l->order_id == run->in->order_id && l->lot == run->in->lot && l->returned_on == 0)
		run->lent += l->count;
	return RC_OK;
}

/* The order named by the request, seen as the organisation's own. */
static int create_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct loan_run *run = ctx;
	int rc = db_order_get(txn, run->in->order_id, &run->o);

	if (rc == RC_OK && run->uc->actor->org_id != run->o.org_id && !run->uc->actor->system)
		rc = RC_NOTFOUND;
	if (rc == RC_NOTFOUND)
		return fail(why, rc, _("Commande n° %llu inconnue."),
		            (unsigned long long)run->in->order_id);
	if (rc != RC_OK)
		return rc;
	obj->perm.org_id = run->o.org_id;
	strlcpy_(obj->perm.dept, run->o.dept, sizeof obj->perm.dept);
	return RC_OK;
}

static int create_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct loan_run *run = ctx;
	char after[600];
	int rc;

	if ((rc = db_loan_each_by_org(txn, run->o.org_id, lent_one, run)) != RC_OK)
		return rc;
	run->l = *run->in;
	run->l.id = run->l.version = 0;
	run->l.org_id = run->o.org_id;
	strlcpy_(run->l.dept, run->o.dept, sizeof run->l.dept);
	run->l.returned_on = 0;
	run->l.created_by = run->uc->actor->account_id;
	if ((rc = loan_check_new(&run->l, &run->o, run->lent, why)) != RC_OK ||
	    (rc = db_loan_insert(txn, &run->l)) != RC_OK)
		return rc;
	loan_summary(&run->l, after, sizeof after);
	audit_event_init(ev, run->uc->actor, uc_now(run->uc), ACT_LOAN_EDIT, LOAN_AUDIT_KIND,
	                 run->l.id, run->l.version, NULL, after);
	return RC_OK;
}

int uc_loan_create(const struct uc *uc, const struct loan *in, struct loan *out, char **why)
{
	struct loan_run *run = xcalloc(1, sizeof *run);
	const struct uc_path path = {
		.action = ACT_LOAN_EDIT, .write = true, .lead = N_("Prêt non enregistré."),
		.load = create_load, .change = create_change,
	};
	int rc;

	run->uc = uc;
	run->in = in;
	rc = uc_run(uc, &path, run, why);
	if (rc == RC_OK && out != NULL)
		*out = run->l;
	free(run);
	return rc;
}

static int return_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct loan_run *run = ctx;
	int rc = db_loan_get(txn, run->l.id, &run->l);

	if (rc == RC_OK && run->uc->actor->org_id != run->l.org_id && !run->uc->actor->system)
		rc = RC_NOTFOUND;
	if (rc == RC_NOTFOUND)
		return fail(why, rc, "%s", _("Prêt inconnu."));
	if (rc != RC_OK)
		return rc;
	obj->perm.org_id = run->l.org_id;
	strlcpy_(obj->perm.dept, run->l.dept, sizeof obj->perm.dept);
	obj->id = run->l.id;
	obj->version = run->l.version;
	return RC_OK;
}

static int return_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct loan_run *run = ctx;
	char before[600], after[600];
	int rc;

	if ((rc = loan_check_return(&run->l, run->day, day_of_instant(uc_now(run->uc)), why)) !=
	    RC_OK)
		return rc;
	loan_summary(&run->l, before, sizeof before);
	run->l.returned_on = run->day;
	if ((rc = db_loan_update(txn, &run->l)) != RC_OK)
		return rc;
	loan_summary(&run->l, after, sizeof after);
	audit_event_init(ev, run->uc->actor, uc_now(run->uc), ACT_LOAN_EDIT, LOAN_AUDIT_KIND,
	                 run->l.id, run->l.version, before, after);
	return RC_OK;
}

int uc_loan_return(const struct uc *uc, uint64_t id, uint64_t version, day_t d, char **why)
{
	struct loan_run *run = xcalloc(1, sizeof *run);
	const struct uc_path path = {
		.action = ACT_LOAN_EDIT, .write = true, .lead = N_("Retour non enregistré."),
		.kind = LOAN_AUDIT_KIND, .read_version = version,
		.stale_lead = N_("Ce prêt a été modifié"), .stale_reload = N_("rechargez-le"),
		.load = return_load, .change = return_change,
	};
	int rc;

	run->uc = uc;
	run->l.id = id;
	run->day = d;
	rc = uc_run(uc, &path, run, why);
	free(run);
	return rc;
}

static int list_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct loan_run *run = ctx;
	struct org o;
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = db_org_get(txn, run->org_id, &o)) != RC_OK)
		return rc == RC_NOTFOUND ? fail(why, rc, "%s", _("Organisation inconnue.")) : rc;
	obj->perm.org_id = o.id;
	strlcpy_(obj->perm.dept, o.dept, sizeof obj->perm.dept);
	return RC_OK;
}

static int list_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct loan_run *run = ctx;

	return db_loan_each_by_org(txn, run->org_id, run->fn, run->ctx);
}

int uc_loan_list(const struct uc *uc, uint64_t org_id, uc_loan_fn fn, void *ctx, char **why)
{
	struct loan_run *run = xcalloc(1, sizeof *run);
	const struct uc_path path = {
		.action = ACT_LOAN_EDIT, .lead = N_("Prêts illisibles."),
		.load = list_load, .change = list_change,
	};
	int rc;

	run->uc = uc;
	run->org_id = org_id;
	run->fn = fn;
	run->ctx = ctx;
	rc = uc_run(uc, &path, run, why);
	free(run);
	return rc;
}

/* ---- export ---- */

struct loan_export {
	struct export_w w;
	day_t today;
};

static int export_one(const struct loan *l, void *ctx)
{
	struct loan_export *e = ctx;

	export_int(&e->w, (int64_t)l->id);
	export_int(&e->w, (int64_t)l->order_id);
	export_str(&e->w, lot_name(l->lot));
	export_int(&e->w, l->count);
	export_str(&e->w, l->serials);
	export_str(&e->w, l->partner);
	export_day(&e->w, l->start);
	export_day(&e->w, l->due);
	export_day(&e->w, l->returned_on);
	export_str(&e->w, loan_status_label(loan_status_of(l, e->today)));
	export_row_end(&e->w);
	return RC_OK;
}

int uc_export_loans(const struct uc *uc, const struct export_opts *o, char **out, size_t *len,
                    char **why)
{
	static const char *const cols[] = {
		"numero", "commande", "lot", "quantite", "numeros_de_serie", "structure_partenaire",
		"debut", "fin_prevue", "rendu_le", "statut",
	};
	struct loan_export *e = xcalloc(1, sizeof *e);
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = export_opts_check(o, why)) != RC_OK)
		goto out;
	if (uc->actor->org_id == 0) {
		rc = fail(why, RC_DENIED, "%s", _("Seule une organisation exporte ses prêts."));
		goto out;
	}
	e->today = day_of_instant(uc_now(uc));
	export_begin(&e->w, o->format, o->sep, o->bom, cols, ARRAY_LEN(cols));
	if ((rc = uc_loan_list(uc, uc->actor->org_id, export_one, e, why)) == RC_OK)
		export_finish(&e->w, out, len);
	else
		export_free(&e->w);
out:
	free(e);
	return rc;
}
