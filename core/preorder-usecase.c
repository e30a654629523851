/*
 * preorder-usecase.c — the pre-order use cases: one write transaction each,
 * with permission, version, preconditions, indexes and audit together.
 */
#include "core/preorder-usecase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/org.h"
#include "core/uc-fs.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store.h"

#define STALE_LINES_MAX 3

static int64_t uc_now(const struct uc *uc)
{
	return uc->now != 0 ? uc->now : now_utc();
}

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
		rc = db_zone_facts_territory(txn, GEO_TERRITORY_EPCI, o->siren, out);
		break;
	case ORG_DEPARTEMENT:
		rc = db_zone_facts_territory(txn, GEO_TERRITORY_DEPT, o->dept, out);
		break;
	case ORG_REGION:
		if ((rc = db_geo_dept(txn, o->dept, &d)) == RC_OK)
			rc = db_zone_facts_territory(txn, GEO_TERRITORY_REGION, d.reg, out);
		break;
	default:
		/* France Services: from the spaces picked, never from the name (uc-fs.c). */
		rc = db_zone_facts(txn, o->insee, NULL, out);
		break;
	}
	/* Unknown territory: the facts stay empty and eligibility says so. */
	if (rc == RC_NOTFOUND) {
		db_zone_facts_clear(out);
		for (int l = 0; l < REFLIST_COUNT; l++)
			db_reflist_evidence(txn, (enum reflist)l, &out->lists[l]);
		rc = RC_OK;
	}
	if (rc == RC_OK)
		rc = uc_fs_facts(txn, o, out);
	return rc;
}

static void default_clear(struct zone_facts *f, void *ctx)
{
	(void)ctx;
	db_zone_facts_clear(f);
}

static int eligibility_in(const struct uc *uc, struct store_txn *txn, const struct org *o,
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

int uc_org_eligibility(const struct uc *uc, uint64_t org_id, struct eligibility *out, char **why)
{
	struct store_txn *txn = NULL;
	struct org o;
	int rc;

	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	if ((rc = db_org_get(txn, org_id, &o)) != RC_OK) {
		rc = fail(why, rc, "Organisation introuvable.");
		goto out;
	}
	rc = eligibility_in(uc, txn, &o, out);
	if (rc != RC_OK)
		fail(why, rc, "Les listes de référence sont illisibles.");
out:
	store_abort(txn);
	return rc;
}

/* ---- the stale message ---- */

struct stale_ctx {
	uint64_t read_version;
	char lines[STALE_LINES_MAX][AUDIT_SUMMARY_MAX * 2 + 200];
	size_t n, total;
};

static int stale_collect(const struct audit_event *ev, void *ctx)
{
	struct stale_ctx *s = ctx;

	if (ev->object_version <= s->read_version)
		return 0;
	s->total++;
	/* keep the last STALE_LINES_MAX */
	if (s->n == STALE_LINES_MAX) {
		memmove(s->lines[0], s->lines[1], sizeof s->lines[0] * (STALE_LINES_MAX - 1));
		s->n--;
	}
	audit_event_line(ev, s->lines[s->n], sizeof s->lines[0]);
	s->n++;
	return 0;
}

int uc_stale(struct store_txn *txn, const char *kind, uint64_t id, uint64_t current,
             uint64_t read, const char *lead, const char *reload, char **why)
{
	struct stale_ctx *s = xcalloc(1, sizeof *s);
	char *msg;

	s->read_version = read;
	db_audit_each(txn, kind, id, 0, stale_collect, s);
	msg = xasprintf("%s depuis votre lecture (version %llu, vous aviez la version %llu) ; "
	                "%s avant de recommencer.", lead, (unsigned long long)current,
	                (unsigned long long)read, reload);
	if (s->total > s->n) {
		char *m2 = xasprintf("%s\n(%zu modifications, voici les dernières)", msg, s->total);
		free(msg);
		msg = m2;
	}
	for (size_t i = 0; i < s->n; i++) {
		char *m2 = xasprintf("%s\n%s", msg, s->lines[i]);
		free(msg);
		msg = m2;
	}
	fail(why, RC_STALE, "%s", msg);
	free(msg);
	free(s);
	return RC_STALE;
}

static int stale(struct store_txn *txn, const struct preorder *po, uint64_t read, char **why)
{
	return uc_stale(txn, "preorder", po->id, po->version, read, "Ce dossier a été modifié",
	                "rechargez-le", why);
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

static int run(const struct uc *uc, uint64_t id, uint64_t version, struct preorder_req *rq,
               char **why)
{
	struct store_txn *txn = NULL;
	struct preorder *po = xmalloc(sizeof *po), *before = xmalloc(sizeof *before);
	struct settings *set = xmalloc(sizeof *set);
	struct eligibility *elig = NULL;
	struct preorder_ctx cx;
	struct perm_object obj;
	struct audit_event *ev = xmalloc(sizeof *ev);
	char sb[AUDIT_SUMMARY_MAX + 1], sa[AUDIT_SUMMARY_MAX + 1];
	struct org o;
	int rc = RC_ERR;

	memset(&cx, 0, sizeof cx);
	if ((rc = store_begin(uc->st, true, &txn)) != RC_OK) {
		fail(why, rc, "Base de données indisponible.");
		goto out;
	}
	if ((rc = db_preorder_get(txn, id, po)) != RC_OK) {
		fail(why, rc, "Intention de commande introuvable.");
		goto out;
	}
	obj = preorder_perm_object(po);
	if ((rc = may_why(uc->actor, rq->action, &obj, why)) != RC_OK)
		goto out;
	if (po->version != version) {
		rc = stale(txn, po, version, why);
		goto out;
	}
	if ((rc = db_settings_get(txn, set)) != RC_OK) {
		fail(why, rc, "Paramètres du programme illisibles.");
		goto out;
	}
	cx.actor = uc->actor;
	cx.settings = set;
	cx.now = uc_now(uc);
	if (rq->action == ACT_PREORDER_SUBMIT) {
		if ((rc = db_org_get(txn, po->org_id, &o)) != RC_OK) {
			fail(why, rc, "Organisation introuvable.");
			goto out;
		}
		elig = xmalloc(sizeof *elig);
		if ((rc = eligibility_in(uc, txn, &o, elig)) != RC_OK) {
			fail(why, rc, "Les listes de référence sont illisibles.");
			goto out;
		}
		cx.elig = elig;
		cx.org = &o;
	}
	if ((rq->action == ACT_PREORDER_SUBMIT || rq->action == ACT_PREORDER_AMEND) &&
	    (rc = org_engaged(txn, po, &cx.org_engaged)) != RC_OK)
		goto io;
	if (rq->action == ACT_PREORDER_RETAIN &&
	    (rc = uc_dept_committed(txn, po->dept, &cx.dept_committed)) != RC_OK)
		goto io;
	*before = *po;
	if ((rc = preorder_apply(po, rq, &cx, why)) != RC_OK)
		goto out;
	if ((rc = db_preorder_update(txn, po)) != RC_OK)
		goto io;
	preorder_summary(before, sb, sizeof sb);
	preorder_summary(po, sa, sizeof sa);
	audit_event_init(ev, uc->actor, cx.now, rq->action, "preorder", po->id, po->version, sb, sa);
	if ((rc = db_audit_append(txn, ev)) != RC_OK)
		goto io;
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK)
		goto io;
	goto out;
io:
	fail(why, rc, "L'enregistrement a échoué (%s) : rien n'a été modifié.", rc_str(rc));
out:
	store_abort(txn);
	free(po);
	free(before);
	free(set);
	free(elig);
	free(ev);
	return rc;
}

int uc_preorder_create(const struct uc *uc, uint64_t *id, char **why)
{
	struct store_txn *txn = NULL;
	struct preorder *po = xmalloc(sizeof *po);
	struct audit_event *ev = xmalloc(sizeof *ev);
	char sa[AUDIT_SUMMARY_MAX + 1];
	struct org o;
	int rc;

	*id = 0;
	if ((rc = store_begin(uc->st, true, &txn)) != RC_OK) {
		fail(why, rc, "Base de données indisponible.");
		goto out;
	}
	if ((rc = db_org_get(txn, uc->actor->org_id, &o)) != RC_OK) {
		fail(why, rc == RC_NOTFOUND ? RC_DENIED : rc,
		     "Votre compte n'est rattaché à aucune organisation.");
		rc = rc == RC_NOTFOUND ? RC_DENIED : rc;
		goto out;
	}
	if ((rc = preorder_init(po, uc->actor, &o, uc_now(uc), why)) != RC_OK)
		goto out;
	if ((rc = db_preorder_insert(txn, po)) != RC_OK)
		goto io;
	preorder_summary(po, sa, sizeof sa);
	audit_event_init(ev, uc->actor, po->created_at, ACT_PREORDER_CREATE, "preorder", po->id,
	                 po->version, "", sa);
	if ((rc = db_audit_append(txn, ev)) != RC_OK)
		goto io;
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK)
		goto io;
	*id = po->id;
	goto out;
io:
	fail(why, rc, "L'enregistrement a échoué (%s) : rien n'a été modifié.", rc_str(rc));
out:
	store_abort(txn);
	free(po);
	free(ev);
	return rc;
}

int uc_preorder_get(const struct uc *uc, uint64_t id, struct preorder *out, char **why)
{
	struct store_txn *txn = NULL;
	struct perm_object obj;
	int rc;

	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	if ((rc = db_preorder_get(txn, id, out)) != RC_OK) {
		fail(why, rc, "Intention de commande introuvable.");
		goto out;
	}
	obj = preorder_perm_object(out);
	if ((rc = may_why(uc->actor, ACT_PREORDER_VIEW, &obj, why)) != RC_OK)
		memset(out, 0, sizeof *out);
out:
	store_abort(txn);
	return rc;
}

struct since_ctx {
	uint64_t read;
	char *who;                  /* LOGIN_MAX + 1 bytes */
	int64_t at;
};

static int since_one(const struct audit_event *ev, void *ctx)
{
	struct since_ctx *s = ctx;
	size_t n = strlen(s->who), l = strlen(ev->actor_login);
	const char *p = strstr(s->who, ev->actor_login);
	bool known = l > 0 && p != NULL && (p[l] == '\0' || p[l] == ',');

	if (ev->object_version <= s->read)
		return 0;
	s->at = ev->at;
	if (!known && l > 0 && n + l + 2 <= LOGIN_MAX) {
		if (n > 0) {
			memcpy(s->who + n, ", ", 2);
			n += 2;
		}
		memcpy(s->who + n, ev->actor_login, l + 1);
	}
	return 0;
}

int uc_preorder_last_change(const struct uc *uc, uint64_t id, uint64_t read, char *who,
                            int64_t *at, char **why)
{
	struct store_txn *txn = NULL;
	struct preorder *po = xmalloc(sizeof *po);
	struct since_ctx s = { .read = read, .who = who };
	struct perm_object obj;
	int rc;

	who[0] = '\0';
	*at = 0;
	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK) {
		rc = fail(why, rc, "Base de données indisponible.");
		goto out;
	}
	if ((rc = db_preorder_get(txn, id, po)) != RC_OK) {
		rc = fail(why, rc, "Intention de commande introuvable.");
		goto out;
	}
	obj = preorder_perm_object(po);
	if ((rc = may_why(uc->actor, ACT_AUDIT_VIEW, &obj, why)) != RC_OK)
		goto out;
	if ((rc = db_audit_each(txn, "preorder", id, 0, since_one, &s)) != RC_OK) {
		rc = fail(why, rc, "L'historique est illisible.");
		goto out;
	}
	*at = s.at;
out:
	store_abort(txn);
	free(po);
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
