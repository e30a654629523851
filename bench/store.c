/*
 * store.c — `make bench`, the store's figures. In a temporary data
 * directory (removed at the end) it loads what a full programme holds: the
 * reference geography embedded in the binary (as `recond init` does), the
 * ZRR list shipped in data/, one organisation per commune up to 35 000,
 * and 200 000 pre-orders spread over every département and state, each with
 * the audit events of the path that led it to its state. Bulk loading goes
 * through the store's own functions in large transactions; then it measures
 * with the real code paths:
 *
 *  - the commit latency of a submission: uc_preorder_submit (permission,
 *    version, eligibility from the imported lists, the organisation's cap,
 *    record, indexes and audit, one fully synced write transaction each);
 *  - the save of a keystroke's draft (the drafts environment, and the
 *    synced main transaction it replaces) and one fold;
 *  - the first page of one département's pre-orders in one state, from the
 *    index alone and with the page's records decoded (median of repeated
 *    read transactions);
 *  - national totals by state and lot (every pre-order decoded);
 *  - the préfecture's queue with QUEUE_TARGET filed pre-orders in one
 *    département (uc_queue_load: every row with its commune, zones and
 *    instruction marks, one read transaction; median of repeated loads), the
 *    keystrokes of its screen on those rows (the list widget on the queue's
 *    model, as tui/screen-pref-queue.c drives it: opening it, the next page,
 *    one search keystroke, a sort change; median of KEY_RUNS each), and a
 *    bulk action on QUEUE_BULK of its files (uc_bulk, each file re-checked
 *    and committed on its own);
 *  - the same from the running statistics (uc_stats, by région and by
 *    département: one record per département), checked against the recount;
 *  - the ranking of refurbishers for one organisation (uc_order_rank) with
 *    RANK_REFURBS selected refurbishers of RANK_BENCHES benches in all, at
 *    communes drawn from the geography, each offering every lot (median of
 *    repeated read transactions);
 *  - the database size (data.mdb, allocated blocks, compacted copy);
 *  - load times.
 *
 * One figure per line with its unit. Counts and repetitions are fixed
 * (RECOND_BENCH_ORGS, RECOND_BENCH_PREORDERS, RECOND_BENCH_SUBMITS shrink
 * them for a quick run); the random seed is fixed and printed (RECOND_SEED
 * replays another). Run from the source tree (it reads data/ for the ZRR
 * list). Exit status 0 when every step and every submission succeeded.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/geo.h"
#include "core/ident.h"
#include "core/money.h"
#include "core/preorder-form.h"
#include "core/uc-stats.h"
#include "core/uc-form.h"
#include "core/reflist.h"
#include "core/uc-instruct.h"
#include "core/uc-order.h"
#include "core/uc-preorder.h"
#include "core/uc-reflist.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/queue.h"
#include "tui/screen.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store-refurb.h"
#include "store/store.h"

#define ORGS_DEFAULT 35000
#define PREORDERS_DEFAULT 200000
#define SUBMITS_DEFAULT 2000
#define PER_TXN 10000              /* records per bulk-load transaction */
#define PAGE 50                    /* rows of one page of a list */
#define PAGE_RUNS 201              /* repetitions of the page measures */
#define TOTALS_RUNS 5              /* repetitions of the national totals */
#define ZRR_FILE "data/zrr-communes-cog2021.csv"
#define ZRR_BYTES_MAX ((size_t)16 << 20)
#define NOW 1640995200             /* 01/01/2022, inside the default window */
#define PAGE_DEPT "59"
#define QUEUE_DEPT "23"
#define QUEUE_TARGET 5000          /* filed pre-orders in QUEUE_DEPT for the queue */
#define QUEUE_RUNS 21
#define QUEUE_BULK 500
#define KEY_RUNS 101               /* repetitions of each queue keystroke */
#define KEY_ROWS 18                /* rows the queue shows at 80x24 */
#define PAGE_STATE PO_EN_INSTRUCTION
#define MOTIV "Notre commune accueille deux conseillers numériques et une secrétaire " \
              "de mairie qui aident chaque semaine une quarantaine d'habitants à faire " \
              "leurs démarches en ligne ; le matériel sera prêté aux familles."

/* ---- small helpers ---- */

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of v[0..n) by the nearest-rank method; sorts v. */
static double quantile(double *v, size_t n, double q)
{
	size_t i;

	qsort(v, n, sizeof *v, cmp_double);
	i = (size_t)(q * (double)n + 0.999999);
	if (i > 0)
		i--;
	return v[i < n ? i : n - 1];
}

static size_t env_count(const char *name, size_t def, size_t max)
{
	const char *s = getenv(name);
	char *end = NULL;
	unsigned long long v;

	if (s == NULL || *s == '\0')
		return def;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || v == 0 || v > max) {
		fprintf(stderr, "bench-store: %s=%s ignored (1..%zu)\n", name, s, max);
		return def;
	}
	return (size_t)v;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A valid SIREN from an 8-digit number: the Luhn check digit appended. */
static void make_siren(uint32_t n, char out[10])
{
	snprintf(out, 10, "%08u0", n % 100000000u);
	for (char d = '0'; d <= '9'; d++) {
		out[8] = d;
		if (luhn_ok(out))
			return;
	}
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			if (cap >= ZRR_BYTES_MAX)
				break;
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ---- the organisations ---- */

struct place {
	char insee[6];
	char dept[4];
	char name[GEO_NAME_MAX];
	bool zrr;
};

struct places {
	struct place *v;
	size_t n, cap;
};

static int collect_place(const struct geo_commune *c, void *ctx)
{
	struct places *p = ctx;

	if (c->kind != GEO_COMMUNE)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 40000;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	memset(&p->v[p->n], 0, sizeof p->v[p->n]);
	strlcpy_(p->v[p->n].insee, c->insee, sizeof p->v[p->n].insee);
	strlcpy_(p->v[p->n].dept, c->dep, sizeof p->v[p->n].dept);
	strlcpy_(p->v[p->n].name, c->name, sizeof p->v[p->n].name);
	p->n++;
	return 0;
}

static int cmp_place(const void *a, const void *b)
{
	return strcmp(((const struct place *)a)->insee, ((const struct place *)b)->insee);
}

static int mark_zrr(const struct reflist_entry *e, const char *commune, void *ctx)
{
	struct places *p = ctx;
	struct place key, *hit;

	(void)e;
	memset(&key, 0, sizeof key);
	strlcpy_(key.insee, commune, sizeof key.insee);
	hit = bsearch(&key, p->v, p->n, sizeof *p->v, cmp_place);
	if (hit != NULL)
		hit->zrr = true;
	return 0;
}

struct orgref {
	uint64_t id;
	const struct place *pl;
};

/* ---- the ranking of refurbishers ---- */

#define RANK_REFURBS 500
#define RANK_BENCHES 2000
#define RANK_RUNS 50

/*
 * Stores RANK_REFURBS selected refurbishers (benches spread over random
 * communes, 4 each), then ranks them RANK_RUNS times for organisation org
 * wanting some of every lot; prints the median and the 95th percentile.
 */
static int bench_ranking(struct store *st, const struct places *pl, const struct orgref *org,
                         uint64_t *x)
{
	struct store_txn *txn = NULL;
	struct refurb *r = xcalloc(1, sizeof *r);
	struct rank_row *rows = NULL;
	const uint32_t want[LOT_COUNT] = { 2, 5, 3, 1 };
	double runs[RANK_RUNS];
	struct actor a, sys;
	struct uc u;
	size_t n = 0, nb = 0;
	char *why = NULL;
	int rc;

	actor_system(&sys);
	memset(&a, 0, sizeof a);
	a.account_id = 1;
	a.role = ROLE_COLLECTIVITE;
	a.org_id = org->id;
	strlcpy_(a.login, "bench", sizeof a.login);
	strlcpy_(a.dept, org->pl->dept, sizeof a.dept);
	u = (struct uc){ .st = st, .actor = &a, .now = NOW };
	if ((rc = store_begin(st, true, &txn)) != RC_OK)
		goto out;
	for (size_t i = 0; i < RANK_REFURBS; i++) {
		struct org o;

		memset(&o, 0, sizeof o);
		o.kind = ORG_RECONDITIONNEUR;
		o.status = ORG_VALIDATED;
		snprintf(o.name, sizeof o.name, "Atelier %zu", i + 1);
		make_siren(90000000u + (uint32_t)i, o.siren);
		if ((rc = db_org_insert(txn, &o)) != RC_OK)
			goto out;
		memset(r, 0, sizeof *r);
		r->org_id = o.id;
		strlcpy_(r->name, o.name, sizeof r->name);
		strlcpy_(r->siren, o.siren, sizeof r->siren);
		r->state = REFURB_SELECTED;
		r->nbenches = RANK_BENCHES / RANK_REFURBS;
		for (size_t b = 0; b < r->nbenches; b++, nb++) {
			const struct place *p = &pl->v[rnd(x) % pl->n];

			strlcpy_(r->benches[b].insee, p->insee, sizeof r->benches[b].insee);
			strlcpy_(r->benches[b].commune, p->name, sizeof r->benches[b].commune);
		}
		for (int l = 0; l < LOT_COUNT; l++) {
			r->offers[l].active = true;
			r->offers[l].unit_price = 10000 + (cents_t)(rnd(x) % 20000);
			r->offers[l].capacity = 1 + (uint32_t)(rnd(x) % 200);
			r->offers[l].grade = GRADE_B;
			r->offers[l].warranty_months = 12;
		}
		if ((rc = db_refurb_put(txn, r)) != RC_OK)
			goto out;
	}
	if ((rc = store_commit(txn)) != RC_OK)
		goto out;
	txn = NULL;
	for (int k = 0; k < RANK_RUNS; k++) {
		double t = now_s();

		free(rows);
		rows = NULL;
		if ((rc = uc_order_rank(&u, org->id, want, &rows, &n, &why)) != RC_OK)
			goto out;
		runs[k] = (now_s() - t) * 1000.0;
	}
	printf("ranking for one organisation, %d refurbishers, %zu benches (median of %d): "
	       "%.2f ms, p95 %.2f ms (target ≤ 5 ms; %zu rows, nearest %.1f km)\n",
	       RANK_REFURBS, nb, RANK_RUNS, quantile(runs, RANK_RUNS, 0.5),
	       quantile(runs, RANK_RUNS, 0.95), n, n > 0 ? rows[0].km : 0.0);
out:
	if (rc != RC_OK)
		fprintf(stderr, "bench-store: ranking: %s\n", why != NULL ? why : rc_str(rc));
	store_abort(txn);
	free(rows);
	free(r);
	free(why);
	return rc;
}

/* ---- the pre-orders ---- */

/* How the 200 000 pre-orders are spread over states (per cent). */
static const struct {
	enum preorder_state s;
	unsigned pct;
} spread[] = {
	{ PO_BROUILLON, 10 },      { PO_DEPOSEE, 20 },    { PO_EN_INSTRUCTION, 20 },
	{ PO_RETENUE, 10 },        { PO_NON_RETENUE, 10 }, { PO_CONVENTIONNEE, 10 },
	{ PO_SUBVENTION_VERSEE, 15 }, { PO_ABANDONNEE, 5 },
};

static enum preorder_state pick_state(uint64_t *x)
{
	unsigned r = (unsigned)(rnd(x) % 100), acc = 0;

	for (size_t i = 0; i < ARRAY_LEN(spread); i++) {
		acc += spread[i].pct;
		if (r < acc)
			return spread[i].s;
	}
	return PO_BROUILLON;
}

/* The actions that led a pre-order to state s, in order (its audit trail). */
static size_t path_of(enum preorder_state s, enum action out[8])
{
	size_t n = 0;

	out[n++] = ACT_PREORDER_CREATE;
	out[n++] = ACT_PREORDER_EDIT;
	if (s == PO_BROUILLON)
		return n;
	out[n++] = ACT_PREORDER_SUBMIT;
	if (s == PO_DEPOSEE)
		return n;
	if (s == PO_ABANDONNEE) {
		out[n++] = ACT_PREORDER_ABANDON;
		return n;
	}
	out[n++] = ACT_PREORDER_INSTRUCT;
	if (s == PO_EN_INSTRUCTION)
		return n;
	if (s == PO_NON_RETENUE) {
		out[n++] = ACT_PREORDER_REJECT;
		return n;
	}
	out[n++] = ACT_PREORDER_RETAIN;
	if (s == PO_RETENUE)
		return n;
	out[n++] = ACT_PREORDER_CONVENTION;
	if (s == PO_CONVENTIONNEE)
		return n;
	out[n++] = ACT_PREORDER_PAY;
	return n;
}

static void actor_of(struct actor *a, const struct orgref *o)
{
	memset(a, 0, sizeof *a);
	a->account_id = o->id;
	snprintf(a->login, sizeof a->login, "mairie%llu", (unsigned long long)o->id);
	a->role = ROLE_COLLECTIVITE;
	a->org_id = o->id;
	strlcpy_(a->dept, o->pl->dept, sizeof a->dept);
}

/*
 * A complete pre-order of organisation o in state s (one or two lots, one
 * to four units each, so that no organisation nears its cap), with its
 * amounts and dates filled as the transitions would have.
 */
static int fill_preorder(struct preorder *po, const struct orgref *o, enum preorder_state s,
                         const struct settings *set, uint64_t *x)
{
	int nlots = 1 + (int)(rnd(x) % 2);

	memset(po, 0, sizeof *po);
	po->org_id = o->id;
	snprintf(po->org_name, sizeof po->org_name, "Commune de %s", o->pl->name);
	strlcpy_(po->dept, o->pl->dept, sizeof po->dept);
	strlcpy_(po->insee, o->pl->insee, sizeof po->insee);
	strcpy(po->contact.name, "Claire Martin");
	strcpy(po->contact.function, "Secrétaire de mairie");
	strcpy(po->contact.email, "mairie@example.fr");
	for (int i = 0; i < nlots; i++)
		po->qty[rnd(x) % LOT_COUNT] = 1 + (uint32_t)(rnd(x) % 4);
	if (preorder_estimate(po->qty, set, &po->estimated, NULL) != RC_OK)
		return RC_ERR;
	po->staff_cnfs = 1 + (uint32_t)(rnd(x) % 3);
	po->staff_aidants = (uint32_t)(rnd(x) % 3);
	po->npartners = 1;
	strcpy(po->partners[0].name, "Association des familles");
	po->partners[0].kind = PARTNER_ASSOCIATION;
	strcpy(po->motivation, MOTIV);
	po->state = s;
	po->created_by = o->id;
	po->created_at = NOW - 86400 * 60;
	po->updated_at = NOW - 86400;
	if (s != PO_BROUILLON) {
		po->submitted_at = NOW - 86400 * 50;
		strcpy(po->elig_note, "éligible : commune classée en zone de revitalisation rurale");
	}
	if (s >= PO_EN_INSTRUCTION && s != PO_ABANDONNEE)
		po->instructed_at = NOW - 86400 * 40;
	if (s == PO_NON_RETENUE) {
		po->decided_at = NOW - 86400 * 30;
		strcpy(po->reason, "Hors des priorités du territoire pour cette vague.");
	}
	if (s == PO_RETENUE || s == PO_CONVENTIONNEE || s == PO_SUBVENTION_VERSEE) {
		po->decided_at = NOW - 86400 * 30;
		po->retained = po->estimated;
		po->subsidy = subsidy_cents(set->subsidy_rate_bp, po->retained, set->expense_cap);
	}
	if (s == PO_CONVENTIONNEE || s == PO_SUBVENTION_VERSEE) {
		snprintf(po->convention_no, sizeof po->convention_no, "CONV-%s-%llu", po->dept,
		         (unsigned long long)o->id);
		po->convention_date = 20211215;
	}
	if (s == PO_SUBVENTION_VERSEE) {
		po->payment_date = 20211231;
		po->payment = po->subsidy;
	}
	if (s == PO_ABANDONNEE)
		po->closed_at = NOW - 86400 * 20;
	return RC_OK;
}

/* Inserts po and the audit events of its path, inside txn. */
static int insert_preorder(struct store_txn *txn, struct preorder *po, const struct actor *a,
                           struct audit_event *ev)
{
	enum action path[8];
	size_t n = path_of(po->state, path);
	char sa[AUDIT_SUMMARY_MAX + 1];
	int rc;

	if ((rc = db_preorder_insert(txn, po)) != RC_OK)
		return rc;
	preorder_summary(po, sa, sizeof sa);
	for (size_t i = 0; i < n; i++) {
		audit_event_init(ev, a, po->created_at + (int64_t)i * 86400, path[i], "preorder",
		                 po->id, i + 1, i == 0 ? "" : sa, sa);
		if ((rc = db_audit_append(txn, ev)) != RC_OK)
			return rc;
	}
	return RC_OK;
}

/* ---- measures ---- */

struct totals {
	uint64_t count[PO_STATE_COUNT];
	uint64_t units[PO_STATE_COUNT][LOT_COUNT];
	cents_t estimated[PO_STATE_COUNT];
	cents_t subsidy[PO_STATE_COUNT];
};

static int add_total(const struct preorder *po, void *ctx)
{
	struct totals *t = ctx;

	t->count[po->state]++;
	for (int l = 0; l < LOT_COUNT; l++)
		t->units[po->state][l] += po->qty[l];
	t->estimated[po->state] += po->estimated;
	t->subsidy[po->state] += po->subsidy;
	return 0;
}

static int count_one(const struct preorder *po, void *ctx)
{
	(void)po;
	(*(size_t *)ctx)++;
	return 0;
}

static off_t file_size(const char *path, off_t *allocated)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return -1;
	if (allocated != NULL)
		*allocated = (off_t)sb.st_blocks * 512;
	return sb.st_size;
}

/* ---- the préfecture's queue ---- */

static void bench_queue_keys(const struct queue_row *rows, size_t n);

struct queue_count {
	size_t filed;
};

static int count_filed(const struct preorder *po, void *ctx)
{
	struct queue_count *c = ctx;

	c->filed += po->state != PO_BROUILLON;
	return 0;
}

/*
 * Tops QUEUE_DEPT up to QUEUE_TARGET filed pre-orders, then measures the
 * queue load and a bulk action of the département's préfecture. RC_OK when
 * every step and every bulk file succeeded.
 */
static int bench_queue(struct store *st, const struct orgref *orgs, size_t norgs,
                       const struct settings *set, uint64_t *x, struct preorder *po,
                       struct audit_event *ev)
{
	struct store_txn *txn = NULL;
	struct queue_count c = { 0 };
	struct queue_row *rows = NULL;
	struct file_result *res = NULL;
	struct actor pref, a;
	struct uc u = { .st = st, .actor = &pref, .now = NOW };
	struct bulk_arg arg = { .labels = 1u << LABEL_A_EXAMINER };
	uint64_t *ids = NULL;
	size_t *local = xcalloc(norgs ? norgs : 1, sizeof *local), nlocal = 0, n = 0, nb = 0, ok = 0;
	double runs[QUEUE_RUNS], t;
	char *why = NULL;
	int rc = RC_ERR;

	for (size_t i = 0; i < norgs; i++)
		if (strcmp(orgs[i].pl->dept, QUEUE_DEPT) == 0)
			local[nlocal++] = i;
	if (nlocal == 0) {
		fprintf(stderr, "bench-store: no organisation in %s\n", QUEUE_DEPT);
		goto out;
	}
	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		goto out;
	for (int s = 0; s < PO_STATE_COUNT && rc == RC_OK; s++)
		rc = db_preorder_each_by_dept_state(txn, QUEUE_DEPT, (enum preorder_state)s,
		                                    count_filed, &c);
	store_abort(txn);
	txn = NULL;
	if (rc != RC_OK)
		goto out;
	if ((rc = store_begin(st, true, &txn)) != RC_OK)
		goto out;
	for (size_t i = c.filed; i < QUEUE_TARGET; i++) {
		const struct orgref *o = &orgs[local[i % nlocal]];
		enum preorder_state s;

		while ((s = pick_state(x)) == PO_BROUILLON)
			;
		actor_of(&a, o);
		if ((rc = fill_preorder(po, o, s, set, x)) != RC_OK ||
		    (rc = insert_preorder(txn, po, &a, ev)) != RC_OK)
			goto out;
	}
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK)
		goto out;

	memset(&pref, 0, sizeof pref);
	pref.account_id = 999999;
	strcpy(pref.login, "prefecture23");
	pref.role = ROLE_PREFECTURE;
	pref.org_id = 999999;
	strcpy(pref.dept, QUEUE_DEPT);
	for (int r = 0; r < QUEUE_RUNS; r++) {
		free(rows);
		rows = NULL;
		t = now_s();
		if ((rc = uc_queue_load(&u, &rows, &n, &why)) != RC_OK) {
			fprintf(stderr, "bench-store: queue: %s\n", why ? why : rc_str(rc));
			goto out;
		}
		runs[r] = (now_s() - t) * 1000.0;
	}
	printf("queue load, département %s, %zu rows (median of %d): %.1f ms\n", QUEUE_DEPT, n,
	       QUEUE_RUNS, quantile(runs, QUEUE_RUNS, 0.5));
	printf("queue load max: %.1f ms\n", quantile(runs, QUEUE_RUNS, 1.0));
	bench_queue_keys(rows, n);

	ids = xcalloc(QUEUE_BULK, sizeof *ids);
	for (size_t i = 0; i < n && nb < QUEUE_BULK; i++)
		ids[nb++] = rows[i].id;
	t = now_s();
	if ((rc = uc_bulk(&u, BULK_LABEL, &arg, ids, nb, &res, &why)) != RC_OK) {
		fprintf(stderr, "bench-store: bulk: %s\n", why ? why : rc_str(rc));
		goto out;
	}
	t = now_s() - t;
	for (size_t i = 0; i < nb; i++)
		ok += res[i].rc == RC_OK;
	printf("bulk label on %zu files (each nested, one synced commit per 250): %.2f s "
	       "(%zu done)\n", nb, t, ok);
	rc = ok == nb ? RC_OK : RC_ERR;
out:
	store_abort(txn);
	file_results_free(res, nb);
	free(rows);
	free(ids);
	free(local);
	free(why);
	return rc;
}

/* Makes the list fetch what a paint shows (the page under the selection). */
static void queue_keys_fetch(struct list *l)
{
	(void)list_row_at(l, l->top);
	(void)list_selected(l);
}

/*
 * The queue screen's keystrokes on `n` rows (copied): opening (model,
 * count, first page), PgSuiv, one search keystroke (a letter typed, then
 * erased: each a new query over every row), a sort change (the next
 * column: every row sorted again). No terminal: the list's logic alone,
 * which is what a keystroke costs the session before ncurses paints.
 */
static void bench_queue_keys(const struct queue_row *rows, size_t n)
{
	static const int sorts[] = { QC_ORG, QC_AMOUNT, QC_STATE, QC_FILED, QC_ZONES, QC_PRIO };
	double open[KEY_RUNS], page[KEY_RUNS], search[KEY_RUNS], sort[KEY_RUNS], t;
	struct queue_model m;
	struct list l;
	struct tui_key pgdn = { .code = KEY_NPAGE, .fn = true };
	struct tui_key slash = { .code = '/' }, bs = { .code = KEY_BACKSPACE, .fn = true };

	for (int r = 0; r < KEY_RUNS; r++) {
		struct queue_row *copy = xcalloc(n, sizeof *copy);

		memcpy(copy, rows, n * sizeof *copy);
		memset(&m, 0, sizeof m);
		t = now_s();
		m.tab = TAB_TOUTES;
		queue_model_set(&m, copy, n);
		list_init(&l, queue_cols, QC_COUNT, &queue_source, &m);
		l.searchable = l.markable = l.header = true;
		list_set_height(&l, KEY_ROWS);
		(void)list_refresh(&l);
		queue_keys_fetch(&l);
		open[r] = (now_s() - t) * 1000.0;
		list_free(&l);
		queue_model_free(&m);
	}
	memset(&m, 0, sizeof m);
	{
		struct queue_row *copy = xcalloc(n, sizeof *copy);

		memcpy(copy, rows, n * sizeof *copy);
		m.tab = TAB_TOUTES;
		queue_model_set(&m, copy, n);
	}
	list_init(&l, queue_cols, QC_COUNT, &queue_source, &m);
	l.searchable = l.markable = l.header = true;
	list_set_height(&l, KEY_ROWS);
	(void)list_refresh(&l);
	queue_keys_fetch(&l);
	for (int r = 0; r < KEY_RUNS; r++) {
		t = now_s();
		(void)list_key(&l, &pgdn);
		queue_keys_fetch(&l);
		page[r] = (now_s() - t) * 1000.0;
	}
	(void)list_key(&l, &slash);
	for (int r = 0; r < KEY_RUNS; r++) {
		struct tui_key letter = { .code = "aeimnorstu"[r % 10] };

		t = now_s();
		(void)list_key(&l, r % 2 == 0 ? &letter : &bs);
		queue_keys_fetch(&l);
		search[r] = (now_s() - t) * 1000.0;
	}
	(void)list_key(&l, &(struct tui_key){ .code = 27 });
	for (int r = 0; r < KEY_RUNS; r++) {
		t = now_s();
		list_sort(&l, sorts[r % (int)ARRAY_LEN(sorts)]);
		queue_keys_fetch(&l);
		sort[r] = (now_s() - t) * 1000.0;
	}
	printf("queue keystrokes on %zu rows (median / max of %d, session process, no paint):\n",
	       n, KEY_RUNS);
	printf("  open the queue (model, count, first page): %.3f / %.3f ms\n",
	       quantile(open, KEY_RUNS, 0.5), quantile(open, KEY_RUNS, 1.0));
	printf("  page down: %.3f / %.3f ms\n", quantile(page, KEY_RUNS, 0.5),
	       quantile(page, KEY_RUNS, 1.0));
	printf("  search keystroke: %.3f / %.3f ms\n", quantile(search, KEY_RUNS, 0.5),
	       quantile(search, KEY_RUNS, 1.0));
	printf("  sort change: %.3f / %.3f ms\n", quantile(sort, KEY_RUNS, 0.5),
	       quantile(sort, KEY_RUNS, 1.0));
	list_free(&l);
	queue_model_free(&m);
}

#define DRAFT_KEYS 2000   /* keystrokes timed for the draft save */

int main(void)
{
	size_t norgs = env_count("RECOND_BENCH_ORGS", ORGS_DEFAULT, 1000000);
	size_t npo = env_count("RECOND_BENCH_PREORDERS", PREORDERS_DEFAULT, 5000000);
	size_t nsub = env_count("RECOND_BENCH_SUBMITS", SUBMITS_DEFAULT, 100000);
	uint64_t seed = 0xB0E7C0DEULL, x;
	const char *senv = getenv("RECOND_SEED");
	const char *tmp = getenv("TMPDIR");
	char *top = NULL, *dir = NULL, *mdb = NULL, *copy = NULL, *why = NULL, *zrr = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct places pl = { 0 };
	struct orgref *orgs = NULL;
	size_t *zrr_orgs = NULL, nzrr_orgs = 0, loaded = 0, zlen = 0;
	uint64_t *sub_ids = NULL;
	struct preorder *po = xmalloc(sizeof *po);
	struct settings *set = xmalloc(sizeof *set);
	struct audit_event *ev = xmalloc(sizeof *ev);
	struct totals *tot = xmalloc(sizeof *tot);
	struct reflist_parsed parsed;
	struct actor operator;
	struct uc sys;
	double *lat = NULL, t0, t_all, t_geo, t_zrr, t_org, t_po;
	double runs[PAGE_RUNS];
	size_t sub_fail = 0;
	int status = 1, rc;

	memset(&parsed, 0, sizeof parsed);
	actor_system(&operator);
	log_set_level(LOG_WARN);
	if (senv != NULL)
		seed = strtoull(senv, NULL, 0);
	if (seed == 0)
		seed = 1;
	x = seed;
	if (nsub > npo)
		nsub = npo;
	printf("seed: 0x%llX (RECOND_SEED to replay)\n", (unsigned long long)seed);
	printf("organisations: %zu\npre-orders: %zu\nsubmissions measured: %zu\n", norgs, npo, nsub);

	top = xasprintf("%s/recond-bench-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		goto out;
	}
	dir = xasprintf("%s/data", top);
	mdb = xasprintf("%s/db/data.mdb", dir);
	copy = xasprintf("%s/copy.mdb", top);
	t_all = now_s();

	/* 1. the geography, as `recond init` loads it */
	t0 = now_s();
	if (store_create(dir, &why) != RC_OK || store_open(dir, &st, &why) != RC_OK ||
	    geo_load_reference(st, &loaded, &why) != RC_OK) {
		fprintf(stderr, "bench-store: geography: %s\n", why ? why : "?");
		goto out;
	}
	t_geo = now_s() - t0;
	printf("load geography: %.2f s (%zu places)\n", t_geo, loaded);

	/* 2. the ZRR list shipped in the repository */
	t0 = now_s();
	if ((zrr = read_file(ZRR_FILE, &zlen)) == NULL) {
		fprintf(stderr, "bench-store: %s: %s (run from the source tree)\n", ZRR_FILE,
		        strerror(errno));
		goto out;
	}
	sys = (struct uc){ .st = st, .actor = &operator };
	if (uc_reflist_import(&sys, REFLIST_ZRR, ZRR_FILE, zrr, zlen, &parsed, &why) != RC_OK) {
		fprintf(stderr, "bench-store: ZRR import: %s\n", why ? why : "?");
		goto out;
	}
	t_zrr = now_s() - t0;
	printf("load ZRR list: %.2f s (%zu rows)\n", t_zrr, parsed.rows);

	/* 3. organisations: one per commune in force (cycling past the last) */
	if (store_begin(st, false, &txn) != RC_OK || db_geo_each(txn, collect_place, &pl) != RC_OK ||
	    db_settings_get(txn, set) != RC_OK) {
		fprintf(stderr, "bench-store: reading the geography failed\n");
		goto out;
	}
	qsort(pl.v, pl.n, sizeof *pl.v, cmp_place);
	rc = db_reflist_each(txn, REFLIST_ZRR, mark_zrr, &pl);
	store_abort(txn);
	txn = NULL;
	if (rc != RC_OK || pl.n == 0) {
		fprintf(stderr, "bench-store: no commune or no ZRR list\n");
		goto out;
	}
	orgs = xcalloc(norgs, sizeof *orgs);
	zrr_orgs = xcalloc(norgs, sizeof *zrr_orgs);
	t0 = now_s();
	for (size_t i = 0; i < norgs;) {
		if (store_begin(st, true, &txn) != RC_OK)
			goto out;
		for (size_t k = 0; k < PER_TXN && i < norgs; k++, i++) {
			const struct place *p = &pl.v[i % pl.n];
			struct org o;

			memset(&o, 0, sizeof o);
			o.kind = ORG_COMMUNE;
			o.status = ORG_VALIDATED;
			if (i < pl.n)
				snprintf(o.name, sizeof o.name, "Commune de %s", p->name);
			else
				snprintf(o.name, sizeof o.name, "Commune de %s (%zu)", p->name,
				         i / pl.n + 1);
			make_siren(21000000u + (uint32_t)i, o.siren);
			strlcpy_(o.insee, p->insee, sizeof o.insee);
			strlcpy_(o.dept, p->dept, sizeof o.dept);
			strcpy(o.contact.name, "Claire Martin");
			strcpy(o.contact.email, "mairie@example.fr");
			if ((rc = db_org_insert(txn, &o)) != RC_OK) {
				fprintf(stderr, "bench-store: org insert: %s\n", rc_str(rc));
				goto out;
			}
			orgs[i].id = o.id;
			orgs[i].pl = p;
			if (p->zrr)
				zrr_orgs[nzrr_orgs++] = i;
		}
		rc = store_commit(txn);
		txn = NULL;
		if (rc != RC_OK)
			goto out;
	}
	t_org = now_s() - t0;
	printf("load organisations: %.2f s (%zu, of which %zu in ZRR communes)\n", t_org, norgs,
	       nzrr_orgs);
	if (nzrr_orgs == 0) {
		fprintf(stderr, "bench-store: no organisation in a ZRR commune\n");
		goto out;
	}

	/*
	 * 4. pre-orders: the first nsub are complete brouillons of distinct
	 * organisations in ZRR communes (to be submitted below); the others go
	 * round the organisations in turn (5 or 6 each), in random states.
	 */
	sub_ids = xcalloc(nsub, sizeof *sub_ids);
	for (size_t i = nzrr_orgs; i > 1; i--) { /* shuffle the ZRR organisations */
		size_t j = (size_t)(rnd(&x) % i), t = zrr_orgs[i - 1];
		zrr_orgs[i - 1] = zrr_orgs[j];
		zrr_orgs[j] = t;
	}
	t0 = now_s();
	for (size_t i = 0; i < npo;) {
		if (store_begin(st, true, &txn) != RC_OK)
			goto out;
		for (size_t k = 0; k < PER_TXN && i < npo; k++, i++) {
			const struct orgref *o;
			enum preorder_state s;
			struct actor a;

			if (i < nsub) {
				o = &orgs[zrr_orgs[i % nzrr_orgs]];
				s = PO_BROUILLON;
			} else {
				o = &orgs[(i - nsub) % norgs];
				s = pick_state(&x);
			}
			actor_of(&a, o);
			if (fill_preorder(po, o, s, set, &x) != RC_OK ||
			    (rc = insert_preorder(txn, po, &a, ev)) != RC_OK) {
				fprintf(stderr, "bench-store: pre-order insert failed\n");
				goto out;
			}
			if (i < nsub)
				sub_ids[i] = po->id;
		}
		rc = store_commit(txn);
		txn = NULL;
		if (rc != RC_OK) {
			fprintf(stderr, "bench-store: commit: %s\n", rc_str(rc));
			goto out;
		}
	}
	t_po = now_s() - t0;
	printf("load pre-orders: %.2f s (%.0f per second, with their audit events)\n", t_po,
	       (double)npo / t_po);

	/* 5. submissions through the real use case, one synced commit each */
	lat = xcalloc(nsub, sizeof *lat);
	for (size_t i = 0; i < nsub; i++) {
		const struct orgref *o = &orgs[zrr_orgs[i % nzrr_orgs]];
		struct actor a;
		struct uc u = { .st = st, .actor = &a, .now = NOW };
		double t;

		actor_of(&a, o);
		t = now_s();
		rc = uc_preorder_submit(&u, sub_ids[i], 1, &why);
		lat[i] = (now_s() - t) * 1000.0;
		if (rc != RC_OK) {
			if (sub_fail++ == 0)
				fprintf(stderr, "bench-store: submission refused: %s\n",
				        why ? why : rc_str(rc));
		}
	}
	printf("submission commit latency p50: %.3f ms\n", quantile(lat, nsub, 0.50));
	printf("submission commit latency p99: %.3f ms\n", quantile(lat, nsub, 0.99));
	printf("submission commit latency max: %.3f ms\n", lat[nsub - 1]);
	printf("submissions refused: %zu\n", sub_fail);

	/*
	 * 5b. a keystroke's draft save: uc_draft_field (the drafts environment,
	 * no flush), then the same record written as one synced transaction of
	 * the main database (what every key cost before the drafts environment).
	 */
	{
		const struct orgref *o = &orgs[zrr_orgs[0]];
		char text[DRAFT_KEYS + 1];
		struct actor a;
		struct uc u = { .st = st, .actor = &a, .now = NOW };
		double *dl = xcalloc(DRAFT_KEYS, sizeof *dl);
		size_t folded = 0;

		actor_of(&a, o);
		a.account_id = 1;
		for (int pass = 0; pass < 2; pass++) {
			for (size_t i = 0; i < DRAFT_KEYS; i++) {
				double t;

				text[i] = (char)('a' + i % 26);
				text[i + 1] = '\0';
				t = now_s();
				if (pass == 0) {
					rc = uc_draft_field(&u, PREORDER_FORM, "motivation", text, 14,
					                    (uint32_t)i + 1, &why);
				} else if ((rc = store_begin(st, true, &txn)) == RC_OK) {
					rc = db_draft_set_field(txn, 2, PREORDER_FORM, "motivation", text, 14,
					                        (uint32_t)i + 1);
					rc = rc == RC_OK ? store_commit(txn) : (store_abort(txn), rc);
					txn = NULL;
				}
				dl[i] = (now_s() - t) * 1e6;
				if (rc != RC_OK) {
					fprintf(stderr, "bench-store: draft save: %s\n", rc_str(rc));
					goto out;
				}
			}
			printf("draft save per key, %s p50: %.1f µs\n",
			       pass == 0 ? "drafts environment (no flush)" : "synced main transaction",
			       quantile(dl, DRAFT_KEYS, 0.50));
			printf("draft save per key, %s p99: %.1f µs\n",
			       pass == 0 ? "drafts environment (no flush)" : "synced main transaction",
			       quantile(dl, DRAFT_KEYS, 0.99));
			if (pass == 0) {
				double t = now_s();

				rc = store_drafts_fold(st, &folded, &why);
				printf("fold of %zu draft(s) into the main database: %.3f ms\n", folded,
				       (now_s() - t) * 1e3);
			}
		}
		free(dl);
	}

	/* 6. first page of one département's pre-orders in one state */
	{
		uint64_t ids[PAGE];
		size_t n = 0, all = 0;

		if (store_begin(st, false, &txn) != RC_OK ||
		    db_preorder_each_by_dept_state(txn, PAGE_DEPT, PAGE_STATE, count_one, &all) !=
		            RC_OK)
			goto out;
		store_abort(txn);
		txn = NULL;
		for (int r = 0; r < PAGE_RUNS; r++) {
			double t = now_s();
			if (store_begin(st, false, &txn) != RC_OK ||
			    db_preorder_page(txn, PAGE_DEPT, PAGE_STATE, 0, ids, PAGE, &n) != RC_OK)
				goto out;
			store_abort(txn);
			txn = NULL;
			runs[r] = (now_s() - t) * 1e6;
		}
		printf("list page: département %s, %s, %zu of %zu pre-orders\n", PAGE_DEPT,
		       preorder_state_label(PAGE_STATE), n, all);
		printf("list first page, ids from the index (median): %.1f µs\n",
		       quantile(runs, PAGE_RUNS, 0.5));
		for (int r = 0; r < PAGE_RUNS; r++) {
			double t = now_s();
			if (store_begin(st, false, &txn) != RC_OK ||
			    db_preorder_page(txn, PAGE_DEPT, PAGE_STATE, 0, ids, PAGE, &n) != RC_OK)
				goto out;
			for (size_t k = 0; k < n; k++)
				if (db_preorder_get(txn, ids[k], po) != RC_OK)
					goto out;
			store_abort(txn);
			txn = NULL;
			runs[r] = (now_s() - t) * 1e6;
		}
		printf("list first page, records decoded (median): %.1f µs\n",
		       quantile(runs, PAGE_RUNS, 0.5));
	}

	/* 7. national totals by state and lot */
	for (int r = 0; r < TOTALS_RUNS; r++) {
		double t = now_s();

		memset(tot, 0, sizeof *tot);
		if (store_begin(st, false, &txn) != RC_OK)
			goto out;
		for (int s = 0; s < PO_STATE_COUNT; s++)
			if (db_preorder_each_by_state(txn, (enum preorder_state)s, add_total, tot) !=
			    RC_OK)
				goto out;
		store_abort(txn);
		txn = NULL;
		runs[r] = (now_s() - t) * 1000.0;
	}
	{
		uint64_t counted = 0;
		for (int s = 0; s < PO_STATE_COUNT; s++)
			counted += tot->count[s];
		printf("national totals by state and lot (median of %d): %.1f ms (%llu pre-orders)\n",
		       TOTALS_RUNS, quantile(runs, TOTALS_RUNS, 0.5), (unsigned long long)counted);
		if (counted != npo) {
			fprintf(stderr, "bench-store: totals counted %llu pre-orders\n",
			        (unsigned long long)counted);
			goto out;
		}
		for (int s = 0; s < PO_STATE_COUNT; s++)
			printf("  %-18s %7llu pre-orders, units %llu/%llu/%llu/%llu\n",
			       preorder_state_label((enum preorder_state)s),
			       (unsigned long long)tot->count[s],
			       (unsigned long long)tot->units[s][0], (unsigned long long)tot->units[s][1],
			       (unsigned long long)tot->units[s][2], (unsigned long long)tot->units[s][3]);
	}

	/*
	 * 7b. national statistics from the running totals, as the team reads them,
	 * before the queue step files more pre-orders (the recount above is of
	 * the 200 000)
	 */
	{
		struct stats_table *tb = xmalloc(sizeof *tb);
		struct actor team;
		struct uc u = { .st = st, .actor = &team, .now = NOW };
		double rd[TOTALS_RUNS], rr[TOTALS_RUNS];
		uint64_t counted = 0;
		bool same = true;

		actor_system(&team);
		for (int r = 0; r < TOTALS_RUNS; r++) {
			double t = now_s();

			if (uc_stats(&u, STATS_BY_REGION, tb, &why) != RC_OK)
				goto out;
			rr[r] = (now_s() - t) * 1000.0;
			t = now_s();
			if (uc_stats(&u, STATS_BY_DEPT, tb, &why) != RC_OK)
				goto out;
			rd[r] = (now_s() - t) * 1000.0;
		}
		for (int k = 0; k < PO_STATE_COUNT; k++) {
			counted += tb->total.cell.count[k];
			same = same && tb->total.cell.count[k] == tot->count[k];
		}
		printf("national statistics by région, running totals (median of %d): %.2f ms\n",
		       TOTALS_RUNS, quantile(rr, TOTALS_RUNS, 0.5));
		printf("national statistics by département, running totals (median of %d): %.2f ms "
		       "(%zu départements, %llu pre-orders, %s the recount)\n", TOTALS_RUNS,
		       quantile(rd, TOTALS_RUNS, 0.5), tb->nrows, (unsigned long long)counted,
		       same ? "equal to" : "DIFFERENT FROM");
		free(tb);
		if (!same)
			goto out;
	}

	/* 7c. the préfecture's queue */
	if (bench_queue(st, orgs, norgs, set, &x, po, ev) != RC_OK) {
		fprintf(stderr, "bench-store: queue bench failed\n");
		goto out;
	}

	/* 7d. the ranking of refurbishers for one organisation */
	if (bench_ranking(st, &pl, &orgs[0], &x) != RC_OK)
		goto out;

	/* 8. size */
	{
		off_t alloc = 0, sz = file_size(mdb, &alloc), csz;
		double t = now_s();

		if (store_backup(st, copy, &why) != RC_OK) {
			fprintf(stderr, "bench-store: backup: %s\n", why ? why : "?");
			goto out;
		}
		t = now_s() - t;
		csz = file_size(copy, NULL);
		printf("database size (data.mdb): %lld bytes\n", (long long)sz);
		printf("database allocated on disk: %lld bytes\n", (long long)alloc);
		printf("compacted copy (recond backup): %lld bytes\n", (long long)csz);
		printf("compacted copy time: %.2f s\n", t);
	}
	printf("load time total (geography, ZRR, organisations, pre-orders): %.2f s\n",
	       t_geo + t_zrr + t_org + t_po);
	printf("bench wall time: %.2f s\n", now_s() - t_all);
	status = sub_fail == 0 ? 0 : 1;
out:
	store_abort(txn);
	store_close(st);
	if (top != NULL)
		nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	reflist_parsed_clear(&parsed);
	free(top);
	free(dir);
	free(mdb);
	free(copy);
	free(why);
	free(zrr);
	free(pl.v);
	free(orgs);
	free(zrr_orgs);
	free(sub_ids);
	free(lat);
	free(po);
	free(set);
	free(ev);
	free(tot);
	return status;
}
