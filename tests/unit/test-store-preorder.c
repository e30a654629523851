/*
 * test-store-preorder.c — pre-orders through the use cases against a real
 * temporary store: the whole lifecycle with its audit trail, a stale update
 * refused with who changed what, indexes and paging, drafts and settings;
 * a random walk of thousands of operations (fixed printed seed) biased
 * toward the transitions the rules allow, then a clean store_check and the
 * programme's invariants (one audit event per version, caps, envelopes);
 * forked processes amending one pre-order at once with no lost update; and
 * a submitter killed with SIGKILL in a loop of commits, after which every
 * acknowledged change is present and check is clean.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/preorder-merge.h"
#include "core/uc-preorder.h"
#include "core/uc-settings.h"
#include "store/store-programme.h"
#include "store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store-asserts.h"

struct world {
	char *dir;
	struct store *st;
	uint64_t org[4];           /* communes in 23 (0, 1), 87 (2); préfecture 23 (3) */
	struct actor coll[3], pref, pref87, anct;
};

static struct uc uc_of(struct world *w, const struct actor *a)
{
	struct uc u = { .st = w->st, .actor = a, .now = FIXTURE_NOW, .facts = fixture_zrr_facts,
		        .facts_clear = fixture_zrr_facts_clear };
	return u;
}

static void world_open(struct world *w)
{
	struct store_txn *txn = NULL;
	struct settings *s = xmalloc(sizeof *s);
	char *why = NULL;

	memset(w, 0, sizeof *w);
	w->dir = fixture_new_store();
	assert_int_equal(store_open(w->dir, &w->st, &why), RC_OK);
	w->org[0] = fixture_add_org(w->st, ORG_COMMUNE, "Commune de Guéret", "23096", "23");
	w->org[1] = fixture_add_org(w->st, ORG_COMMUNE, "Commune d'Aubusson", "23008", "23");
	w->org[2] = fixture_add_org(w->st, ORG_COMMUNE, "Commune de Bellac", "87011", "87");
	w->org[3] = fixture_add_org(w->st, ORG_PREFECTURE, "Préfecture de la Creuse", "23096",
	                            "23");
	fixture_actor(&w->coll[0], 1, "gueret", ROLE_COLLECTIVITE, w->org[0], "23");
	fixture_actor(&w->coll[1], 2, "aubusson", ROLE_COLLECTIVITE, w->org[1], "23");
	fixture_actor(&w->coll[2], 3, "bellac", ROLE_COLLECTIVITE, w->org[2], "87");
	fixture_actor(&w->pref, 4, "pref23", ROLE_PREFECTURE, w->org[3], "23");
	fixture_actor(&w->pref87, 5, "pref87", ROLE_PREFECTURE, 99, "87");
	fixture_actor(&w->anct, 6, "anct", ROLE_ANCT, 98, "");
	assert_int_equal(store_begin(w->st, true, &txn), RC_OK);
	assert_int_equal(db_settings_get(txn, s), RC_OK);
	assert_int_equal(s->version, 0);
	settings_set_envelope(s, "23", 10000000, NULL);
	settings_set_envelope(s, "87", 10000000, NULL);
	assert_int_equal(db_settings_put(txn, s), RC_OK);
	assert_int_equal(s->version, 1);
	assert_int_equal(store_commit(txn), RC_OK);
	free(s);
}

static void world_close(struct world *w)
{
	store_close(w->st);
	fixture_remove(w->dir);
}

/* A brouillon filled and saved by actor a; returns its id, *version its version. */
static uint64_t filled_draft(struct world *w, const struct actor *a, uint64_t *version)
{
	struct uc u = uc_of(w, a);
	struct preorder *po = xmalloc(sizeof *po);
	uint64_t id;
	char *why = NULL;

	assert_int_equal(uc_preorder_create(&u, &id, &why), RC_OK);
	assert_int_equal(uc_preorder_get(&u, id, po, &why), RC_OK);
	po->qty[LOT_PC_PORTABLE] = 10;
	po->qty[LOT_SMARTPHONE] = 5;
	po->staff_cnfs = 2;
	po->npartners = 1;
	strcpy(po->partners[0].name, "Association Creuse Numérique");
	strcpy(po->motivation, FIXTURE_MOTIV);
	assert_int_equal(uc_preorder_edit(&u, po, &why), RC_OK);
	*version = po->version + 1;
	free(po);
	free(why);
	return id;
}

struct collect {
	size_t n;
	char lines[16][2600];
};

static int collect_audit(const struct audit_event *ev, void *ctx)
{
	struct collect *c = ctx;

	if (c->n < 16)
		audit_event_line(ev, c->lines[c->n++], sizeof c->lines[0]);
	return 0;
}

static void test_lifecycle(void **state)
{
	struct world w;
	struct uc uo, up, up87;
	struct preorder *po = xmalloc(sizeof *po);
	struct store_txn *txn = NULL;
	struct collect *col = xcalloc(1, sizeof *col);
	uint64_t id, v, ids[10];
	size_t n;
	char *why = NULL;
	(void)state;

	world_open(&w);
	uo = uc_of(&w, &w.coll[0]);
	up = uc_of(&w, &w.pref);
	up87 = uc_of(&w, &w.pref87);
	id = filled_draft(&w, &w.coll[0], &v);
	assert_int_equal(uc_preorder_submit(&uo, id, v, &why), RC_OK);
	v++;
	/* another département's préfecture cannot even read it */
	assert_int_equal(uc_preorder_get(&up87, id, po, &why), RC_DENIED);
	assert_int_equal(uc_preorder_instruct(&up87, id, v, &why), RC_DENIED);
	assert_int_equal(uc_preorder_instruct(&up, id, v, &why), RC_OK);
	v++;
	/* the organisation amends while en instruction */
	uint32_t q[LOT_COUNT] = { 2, 10, 0, 5 };
	assert_int_equal(uc_preorder_amend(&uo, id, v, q, &why), RC_OK);
	/* the préfecture still holds version v: refused, told who changed what */
	assert_int_equal(uc_preorder_retain(&up, id, v, 400000, NULL, &why), RC_STALE);
	assert_non_null(strstr(why, "modifié depuis votre lecture"));
	assert_non_null(strstr(why, "gueret (Collectivité)"));
	assert_non_null(strstr(why, "Modification des quantités"));
	assert_non_null(strstr(why, "PC fixe 2"));
	v++;
	assert_int_equal(uc_preorder_retain(&up, id, v, 400000, "Priorité rurale", &why), RC_OK);
	v++;
	assert_int_equal(uc_preorder_amend(&uo, id, v, q, &why), RC_INVALID);
	assert_int_equal(uc_preorder_convention(&up, id, v, "CONV-23-001", 20220101, &why), RC_OK);
	v++;
	assert_int_equal(uc_preorder_pay(&up, id, v, 20220101, 320000, &why), RC_OK);
	v++;
	assert_int_equal(uc_preorder_get(&uo, id, po, &why), RC_OK);
	assert_int_equal(po->state, PO_SUBVENTION_VERSEE);
	assert_int_equal(po->version, v);
	assert_int_equal(po->subsidy, 320000);
	assert_int_equal(po->namend, 1);
	assert_int_equal(po->amend[0].version, 5);
	assert_int_equal(po->npartners, 1);
	assert_string_equal(po->partners[0].name, "Association Creuse Numérique");
	assert_non_null(strstr(po->elig_note, "éligible"));

	assert_int_equal(store_begin(w.st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, "preorder", id, 0, collect_audit, col), RC_OK);
	assert_int_equal(col->n, 8); /* create, edit, submit, instruct, amend, retain, conv, pay */
	assert_non_null(strstr(col->lines[2], "Dépôt"));
	assert_non_null(strstr(col->lines[7], "subvention versée"));
	assert_int_equal(db_preorder_page(txn, "23", PO_SUBVENTION_VERSEE, 0, ids, 10, &n), RC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], id);
	assert_int_equal(db_preorder_page(txn, "23", PO_DEPOSEE, 0, ids, 10, &n), RC_OK);
	assert_int_equal(n, 0);
	store_abort(txn);

	/* a second pre-order of the same organisation counts against the cap */
	uint64_t id2 = filled_draft(&w, &w.coll[0], &v);
	assert_int_equal(uc_preorder_submit(&uo, id2, v, &why), RC_OK);
	/* then it is abandoned, and a refused abandon leaves no audit */
	assert_int_equal(uc_preorder_abandon(&up, id2, v + 1, NULL, &why), RC_DENIED);
	assert_int_equal(uc_preorder_abandon(&uo, id2, v + 1, "Projet reporté", &why), RC_OK);
	check_clean(w.st);
	free(why);
	free(po);
	free(col);
	world_close(&w);
}

/*
 * Two staff of one commune amend the same pre-order: after A's stale
 * refusal, the merge keeps A's PC fixe and B's PC portable, and names B.
 */
static void test_stale_amendment_merged(void **state)
{
	struct world w;
	struct actor b;
	struct uc ua, ub;
	struct preorder *base = xmalloc(sizeof *base), *mine = xmalloc(sizeof *mine);
	struct preorder *theirs = xmalloc(sizeof *theirs);
	struct pm_result *r = xmalloc(sizeof *r);
	uint64_t id, v;
	uint32_t q[LOT_COUNT];
	char who[LOGIN_MAX + 1], *why = NULL;
	int64_t at = 0;
	(void)state;

	world_open(&w);
	fixture_actor(&b, 7, "marie", ROLE_COLLECTIVITE, w.org[0], "23");
	ua = uc_of(&w, &w.coll[0]);
	ub = uc_of(&w, &b);
	id = filled_draft(&w, &w.coll[0], &v);
	assert_int_equal(uc_preorder_submit(&ua, id, v, &why), RC_OK);
	v++;
	/* A opens the amendment (reads version v) and sets PC fixe 8 */
	assert_int_equal(uc_preorder_get(&ua, id, base, &why), RC_OK);
	*mine = *base;
	mine->qty[LOT_PC_FIXE] = 8;
	/* meanwhile B sets PC portable 10 → 12 and validates */
	memcpy(q, base->qty, sizeof q);
	q[LOT_PC_PORTABLE] = 12;
	assert_int_equal(uc_preorder_amend(&ub, id, v, q, &why), RC_OK);
	free(why);
	why = NULL;
	/* A validates: stale */
	assert_int_equal(uc_preorder_amend(&ua, id, v, mine->qty, &why), RC_STALE);
	free(why);
	why = NULL;
	/* the merge */
	assert_int_equal(uc_preorder_get(&ua, id, theirs, &why), RC_OK);
	assert_int_equal(uc_preorder_last_change(&ua, id, base->version, who, &at, &why), RC_OK);
	assert_string_equal(who, "marie");
	assert_int_equal(at, FIXTURE_NOW);
	preorder_merge(base, mine, theirs, who, at, r);
	assert_int_equal(r->nconflicts, 0);
	assert_int_equal(r->nchanges, 1);
	assert_string_equal(r->changes[0].before, "10");
	assert_string_equal(r->changes[0].theirs, "12");
	assert_int_equal(uc_preorder_amend(&ua, id, r->merged.version, r->merged.qty, &why), RC_OK);
	assert_int_equal(uc_preorder_get(&ua, id, theirs, &why), RC_OK);
	assert_int_equal(theirs->qty[LOT_PC_FIXE], 8);
	assert_int_equal(theirs->qty[LOT_PC_PORTABLE], 12);
	/* another département's préfecture may not read the history */
	{
		struct uc up87 = uc_of(&w, &w.pref87);

		assert_int_equal(uc_preorder_last_change(&up87, id, 1, who, &at, &why), RC_DENIED);
	}
	free(why);
	free(base);
	free(mine);
	free(theirs);
	free(r);
	world_close(&w);
}

static void test_drafts_settings(void **state)
{
	struct world w;
	struct store_txn *txn = NULL;
	struct draft d;
	struct settings *s = xmalloc(sizeof *s);
	char *why = NULL;
	(void)state;
	world_open(&w);
	assert_int_equal(store_begin(w.st, true, &txn), RC_OK);
	assert_int_equal(db_draft_set_field(txn, 1, "preorder", "motivation", "Not", 0, 3), RC_OK);
	assert_int_equal(db_draft_set_field(txn, 1, "preorder", "motivation", "Notre", 0, 5),
	                 RC_OK);
	assert_int_equal(db_draft_set_field(txn, 1, "preorder", "qty_pc_fixe", "6", 1, 1), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	assert_int_equal(store_begin(w.st, false, &txn), RC_OK);
	assert_int_equal(db_draft_get(txn, 1, "preorder", &d), RC_OK);
	assert_int_equal(d.nfields, 2);
	assert_string_equal(d.fields[0].value, "Notre");
	assert_int_equal(d.focus, 1);
	assert_int_equal(d.cursor, 1);
	draft_clear(&d);
	assert_int_equal(db_draft_get(txn, 2, "preorder", &d), RC_NOTFOUND);
	assert_int_equal(db_settings_get(txn, s), RC_OK);
	assert_int_equal(s->version, 1);
	store_abort(txn);
	check_clean(w.st);
	assert_int_equal(store_begin(w.st, true, &txn), RC_OK);
	s->version = 0; /* stale */
	assert_int_equal(db_settings_put(txn, s), RC_STALE);
	s->version = 1;
	assert_int_equal(db_draft_del(txn, 1, "preorder"), RC_OK);
	assert_int_equal(db_draft_get(txn, 1, "preorder", &d), RC_NOTFOUND);
	store_abort(txn);
	free(s);
	free(why);
	world_close(&w);
}

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* ---- random walk ---- */

#define WALK_STEPS 3000
#define WALK_ORGS 16           /* communes of the walk, half in 23, half in 87 */
#define WALK_ACTIVE 32         /* pre-orders in a non-final state kept at hand */

struct walk {
	struct world *w;
	uint64_t x;
	struct actor orgs[WALK_ORGS];
	uint64_t active[WALK_ACTIVE];
	size_t nactive, created;
	size_t ok[ACT_COUNT], refused[ACT_COUNT];
	size_t rc_count[16];       /* refusals by -rc */
};

static bool final_state(enum preorder_state s)
{
	return s == PO_NON_RETENUE || s == PO_SUBVENTION_VERSEE || s == PO_ABANDONNEE;
}

/* Random quantities: one or two lots, one or two units each (never all zero). */
static void small_qty(uint64_t *x, uint32_t q[LOT_COUNT])
{
	memset(q, 0, sizeof(uint32_t) * LOT_COUNT);
	q[rnd(x) % LOT_COUNT] = 1 + (uint32_t)(rnd(x) % 2);
	if (rnd(x) % 2)
		q[rnd(x) % LOT_COUNT] = 1 + (uint32_t)(rnd(x) % 2);
}

/* A new brouillon of a random organisation of the walk, filled and saved. */
static void walk_create(struct walk *k)
{
	const struct actor *a = &k->orgs[rnd(&k->x) % WALK_ORGS];
	struct uc u = uc_of(k->w, a);
	struct preorder *po = xmalloc(sizeof *po);
	uint64_t id;
	char *why = NULL;

	assert_int_equal(uc_preorder_create(&u, &id, &why), RC_OK);
	assert_int_equal(uc_preorder_get(&u, id, po, &why), RC_OK);
	small_qty(&k->x, po->qty);
	po->staff_mediateurs = 1 + (uint32_t)(rnd(&k->x) % 3);
	strcpy(po->motivation, FIXTURE_MOTIV);
	assert_int_equal(uc_preorder_edit(&u, po, &why), RC_OK);
	k->ok[ACT_PREORDER_CREATE]++;
	k->ok[ACT_PREORDER_EDIT]++;
	k->active[k->nactive++] = id;
	k->created++;
	free(po);
	free(why);
}

/* The organisation's actor and the préfecture of a pre-order. */
static const struct actor *owner_of(struct walk *k, const struct preorder *po)
{
	for (int c = 0; c < WALK_ORGS; c++)
		if (k->orgs[c].org_id == po->org_id)
			return &k->orgs[c];
	fail_msg("pre-order %llu of an unknown organisation", (unsigned long long)po->id);
	return NULL;
}

static const struct actor *prefecture_of(struct walk *k, const struct preorder *po)
{
	return strcmp(po->dept, "23") == 0 ? &k->w->pref : &k->w->pref87;
}

/* The next action that the rules allow from state s (weighted at random). */
static enum action valid_action(uint64_t *x, enum preorder_state s)
{
	unsigned r = (unsigned)(rnd(x) % 100);

	switch (s) {
	case PO_BROUILLON: return ACT_PREORDER_SUBMIT;
	case PO_DEPOSEE:
		return r < 60 ? ACT_PREORDER_INSTRUCT : r < 88 ? ACT_PREORDER_AMEND
		                                               : ACT_PREORDER_ABANDON;
	case PO_EN_INSTRUCTION:
		return r < 55 ? ACT_PREORDER_RETAIN : r < 75 ? ACT_PREORDER_REJECT
		             : r < 92 ? ACT_PREORDER_AMEND : ACT_PREORDER_ABANDON;
	case PO_RETENUE: return ACT_PREORDER_CONVENTION;
	default: return ACT_PREORDER_PAY;
	}
}

/* ANCT raises (or, rarely, sets at random) the envelope of 23 or 87. */
static int walk_settings(struct walk *k, char **why)
{
	struct uc ua = uc_of(k->w, &k->w->anct);
	struct settings *s = xmalloc(sizeof *s);
	const char *dept = rnd(&k->x) % 2 ? "23" : "87";
	cents_t env = 0;
	int rc;

	assert_int_equal(uc_settings_get(&ua, s, why), RC_OK);
	settings_envelope(s, dept, &env);
	if (rnd(&k->x) % 4 == 0)
		env = (cents_t)(rnd(&k->x) % 20000000);   /* may fall below the committed */
	else
		env += 500000 + (cents_t)(rnd(&k->x) % 5000000);
	settings_set_envelope(s, dept, env, NULL);
	if (rnd(&k->x) % 10 == 0)
		s->version--;                          /* stale */
	rc = uc_settings_update(&ua, s, why);
	free(s);
	return rc;
}

/*
 * One step: mostly (4 in 5) the action the pre-order's state allows, by the
 * actor entitled to it, with valid values; otherwise any action by anyone
 * with random values. One in twenty names a stale version.
 */
static void walk_step(struct walk *k)
{
	struct world *w = k->w;
	struct preorder *po = xmalloc(sizeof *po);
	struct uc ua = uc_of(w, &w->anct), u;
	const struct actor *everyone[] = { &k->orgs[0], &k->orgs[WALK_ORGS - 1], &w->coll[0],
		                           &w->pref, &w->pref87, &w->anct };
	const struct actor *a;
	enum action act;
	uint64_t id, v;
	uint32_t q[LOT_COUNT];
	size_t slot = (size_t)(rnd(&k->x) % k->nactive);
	char *why = NULL;
	int rc;

	id = k->active[slot];
	assert_int_equal(uc_preorder_get(&ua, id, po, &why), RC_OK);
	if (rnd(&k->x) % 5 != 0) {
		act = valid_action(&k->x, po->state);
		a = (act == ACT_PREORDER_SUBMIT || act == ACT_PREORDER_AMEND ||
		     act == ACT_PREORDER_ABANDON) ? owner_of(k, po) : prefecture_of(k, po);
	} else {
		act = (enum action)(ACT_PREORDER_SUBMIT + rnd(&k->x) % (ACT_PREORDER_PAY -
		                                                      ACT_PREORDER_SUBMIT + 1));
		a = everyone[rnd(&k->x) % ARRAY_LEN(everyone)];
	}
	u = uc_of(w, a);
	v = po->version - (rnd(&k->x) % 20 == 0);
	small_qty(&k->x, q);
	switch (act) {
	case ACT_PREORDER_SUBMIT: rc = uc_preorder_submit(&u, id, v, &why); break;
	case ACT_PREORDER_AMEND: rc = uc_preorder_amend(&u, id, v, q, &why); break;
	case ACT_PREORDER_ABANDON: rc = uc_preorder_abandon(&u, id, v, NULL, &why); break;
	case ACT_PREORDER_INSTRUCT: rc = uc_preorder_instruct(&u, id, v, &why); break;
	case ACT_PREORDER_RETAIN:
		rc = uc_preorder_retain(&u, id, v, 1 + (cents_t)(rnd(&k->x) % (uint64_t)
		                                                  (po->estimated > 0 ? po->estimated : 1)),
		                        NULL, &why);
		break;
	case ACT_PREORDER_REJECT:
		rc = uc_preorder_reject(&u, id, v, "Hors des priorités du territoire", &why);
		break;
	case ACT_PREORDER_CONVENTION:
		rc = uc_preorder_convention(&u, id, v, "C-1", 20220101, &why);
		break;
	default: {
		/* an advance of what remains, or (one in two) the balance */
		cents_t left = po->subsidy - po->payment > 0 ? po->subsidy - po->payment : 1;
		cents_t amount = rnd(&k->x) % 2 ? left : 1 + (cents_t)(rnd(&k->x) % (uint64_t)left);
		rc = uc_preorder_pay(&u, id, v, 20220101, amount, &why);
		break;
	}
	}
	if (rc == RC_OK) {
		k->ok[act]++;
		assert_int_equal(uc_preorder_get(&ua, id, po, &why), RC_OK);
		assert_int_equal(po->version, v + 1);
		if (final_state(po->state))
			k->active[slot] = k->active[--k->nactive];
	} else {
		k->refused[act]++;
		k->rc_count[-rc < 16 ? -rc : 0]++;
		assert_true(rc == RC_DENIED || rc == RC_INVALID || rc == RC_STALE || rc == RC_FULL);
		assert_non_null(why);
	}
	free(why);
	free(po);
}

struct walk_sums {
	struct store_txn *txn;
	uint64_t org[WALK_ORGS + 8];
	cents_t engaged[WALK_ORGS + 8];
	cents_t committed23, committed87;
	size_t n, versions_ok;
};

static int count_events(const struct audit_event *ev, void *ctx)
{
	uint64_t *last = ctx;

	assert_int_equal(ev->object_version, last[0] + 1); /* one event per version */
	last[0] = ev->object_version;
	return 0;
}

static int walk_sum(const struct preorder *po, void *ctx)
{
	struct walk_sums *s = ctx;
	uint64_t last = 0;
	size_t i;

	for (i = 0; i < s->n && s->org[i] != po->org_id; i++)
		;
	if (i == s->n) {
		assert_true(s->n < ARRAY_LEN(s->org));
		s->org[s->n++] = po->org_id;
	}
	if (preorder_state_committed(po->state)) {
		s->engaged[i] += po->retained;
		*(strcmp(po->dept, "23") == 0 ? &s->committed23 : &s->committed87) += po->subsidy;
	} else if (preorder_state_live(po->state)) {
		s->engaged[i] += po->estimated;
	}
	assert_int_equal(db_audit_each(s->txn, "preorder", po->id, 0, count_events, &last), RC_OK);
	assert_int_equal(last, po->version);
	s->versions_ok++;
	return 0;
}

/*
 * Thousands of operations, biased toward the transitions the rules allow so
 * that pre-orders travel their whole lifecycle, with new ones created as
 * others reach a final state; ANCT moves the envelopes now and then. Then:
 * check is clean, every pre-order has one audit event per version, no
 * organisation is over its cap and no département over its envelope.
 */
static void test_random_walk(void **state)
{
	struct world w;
	struct walk *k = xcalloc(1, sizeof *k);
	struct walk_sums *sums = xcalloc(1, sizeof *sums);
	struct settings *set = xmalloc(sizeof *set);
	uint64_t seed = 0x5EED2024ULL;
	size_t ok = 0, refused = 0, ok_settings = 0;
	const char *env = getenv("RECOND_SEED");
	char *why = NULL;
	cents_t e23 = 0, e87 = 0;
	(void)state;

	if (env != NULL)
		seed = strtoull(env, NULL, 0);
	if (seed == 0)
		seed = 1;
	printf("random walk seed 0x%llX (RECOND_SEED to replay)\n", (unsigned long long)seed);
	world_open(&w);
	k->w = &w;
	k->x = seed;
	for (int c = 0; c < WALK_ORGS; c++) {
		const char *dept = c % 2 ? "87" : "23";
		char name[64], login[32];
		uint64_t org;
		snprintf(name, sizeof name, "Commune %d", c);
		snprintf(login, sizeof login, "commune%d", c);
		org = fixture_add_org(w.st, ORG_COMMUNE, name, c % 2 ? "87011" : "23096", dept);
		fixture_actor(&k->orgs[c], 100 + (uint64_t)c, login, ROLE_COLLECTIVITE, org, dept);
	}
	for (int i = 0; i < WALK_STEPS; i++) {
		if (k->nactive == 0 || (k->nactive < WALK_ACTIVE && rnd(&k->x) % 8 == 0)) {
			walk_create(k);
		} else if (rnd(&k->x) % 50 == 0) {
			int rc = walk_settings(k, &why);
			if (rc == RC_OK)
				ok_settings++;
			else
				assert_true(rc == RC_STALE || rc == RC_INVALID);
		} else {
			walk_step(k);
		}
	}
	for (int act = 0; act < ACT_COUNT; act++) {
		ok += k->ok[act];
		refused += k->refused[act];
		if (k->ok[act] + k->refused[act] > 0)
			printf("  %-20s %5zu done %5zu refused\n", action_name((enum action)act),
			       k->ok[act], k->refused[act]);
	}
	printf("%zu pre-orders, %zu operations done (%zu settings changes), %zu refused "
	       "(%zu denied, %zu invalid, %zu stale, %zu full)\n",
	       k->created, ok + ok_settings, ok_settings, refused, k->rc_count[-RC_DENIED],
	       k->rc_count[-RC_INVALID], k->rc_count[-RC_STALE], k->rc_count[-RC_FULL]);
	/* most operations succeed, and every kind of transition happened */
	assert_true(ok > refused);
	assert_true(k->created > 200);
	for (int act = ACT_PREORDER_SUBMIT; act <= ACT_PREORDER_PAY; act++)
		assert_true(k->ok[act] > 10);
	check_clean(w.st);

	/* the programme's invariants hold over everything the walk left */
	assert_int_equal(store_begin(w.st, false, &sums->txn), RC_OK);
	assert_int_equal(db_settings_get(sums->txn, set), RC_OK);
	assert_int_equal(db_preorder_each(sums->txn, walk_sum, sums), RC_OK);
	store_abort(sums->txn);
	assert_int_equal(sums->versions_ok, k->created);
	for (size_t i = 0; i < sums->n; i++)
		assert_true(sums->engaged[i] <= set->expense_cap);
	assert_true(settings_envelope(set, "23", &e23));
	assert_true(settings_envelope(set, "87", &e87));
	assert_true(sums->committed23 <= e23);
	assert_true(sums->committed87 <= e87);
	free(why);
	free(set);
	free(sums);
	free(k);
	world_close(&w);
}

/* Several processes amend one pre-order at once, retrying when stale. */
static void test_forked_amendments(void **state)
{
	struct world w;
	struct preorder *po = xmalloc(sizeof *po);
	uint64_t id, v;
	char *why = NULL;
	enum { PROCS = 4, EACH = 10 };
	pid_t pids[PROCS];
	(void)state;
	world_open(&w);
	id = filled_draft(&w, &w.coll[0], &v);
	struct uc uo = uc_of(&w, &w.coll[0]);
	assert_int_equal(uc_preorder_submit(&uo, id, v, &why), RC_OK);
	store_close(w.st);
	w.st = NULL;
	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			struct store *st = NULL;
			struct preorder *mine = xmalloc(sizeof *mine);
			int done = 0, tries = 0;
			if (store_open(w.dir, &st, NULL) != RC_OK)
				_exit(2);
			struct uc u = { .st = st, .actor = &w.coll[0], .now = FIXTURE_NOW,
				        .facts = fixture_zrr_facts,
				        .facts_clear = fixture_zrr_facts_clear };
			while (done < EACH && tries < 10000) {
				char *e = NULL;
				tries++;
				if (uc_preorder_get(&u, id, mine, &e) != RC_OK)
					_exit(3);
				uint32_t q[LOT_COUNT] = { (uint32_t)(p + 1), (uint32_t)done + 1,
					                  (uint32_t)tries % 7, 1 };
				if (memcmp(q, mine->qty, sizeof q) == 0)
					q[LOT_SMARTPHONE] = 2;
				int rc = uc_preorder_amend(&u, id, mine->version, q, &e);
				free(e);
				if (rc == RC_OK)
					done++;
				else if (rc != RC_STALE)
					_exit(4);
			}
			store_close(st);
			free(mine);
			_exit(done == EACH ? 0 : 5);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		int status = 0;
		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(store_open(w.dir, &w.st, &why), RC_OK);
	uo.st = w.st;
	assert_int_equal(uc_preorder_get(&uo, id, po, &why), RC_OK);
	/* every acknowledged amendment is there, in a gap-free version sequence */
	assert_int_equal(po->namend, PROCS * EACH);
	for (size_t i = 0; i < po->namend; i++) {
		assert_int_equal(po->amend[i].version, v + 2 + i);
		if (i > 0)
			assert_memory_equal(po->amend[i].before, po->amend[i - 1].after,
			                    sizeof po->amend[i].before);
	}
	check_clean(w.st);
	free(po);
	free(why);
	world_close(&w);
}

/* ---- a submitter killed with SIGKILL ---- */

#define KILL_ROUNDS 6
#define KILL_OPS_MAX 400       /* commits one child makes at most */
#define DEADLINE_MS 60000

/* What a child acknowledges after each commit returned RC_OK. */
struct ack {
	uint32_t action;           /* enum action */
	uint32_t id;
	uint32_t version;          /* version the commit produced */
	uint32_t qty[LOT_COUNT];   /* quantities after the commit */
};

/* Reads one whole ack: 1 got it, 0 end of file, -1 timeout or error. */
static int read_ack(int fd, struct ack *m, int64_t deadline)
{
	unsigned char *b = (unsigned char *)m;
	size_t got = 0;

	while (got < sizeof *m) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t r;

		if (left <= 0)
			return -1;
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p.revents == 0)
			continue;
		r = read(fd, b + got, sizeof *m - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

/* One ack in one write (smaller than PIPE_BUF: never interleaved or split). */
static void send_ack(int fd, enum action act, const struct preorder *po)
{
	struct ack m = { .action = (uint32_t)act, .id = (uint32_t)po->id,
		         .version = (uint32_t)po->version };
	ssize_t r;

	memcpy(m.qty, po->qty, sizeof m.qty);
	do
		r = write(fd, &m, sizeof m);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)sizeof m)
		_exit(12);
}

/*
 * The child: as organisation `a`, creates a brouillon, fills it, submits it,
 * then amends its quantities a few times, and again; acknowledges each
 * commit (with the version it produced) once the use case returned RC_OK.
 */
static void submitter_child(const char *dir, const struct actor *a, int ack)
{
	struct store *st = NULL;
	struct preorder *po = xmalloc(sizeof *po);
	int64_t deadline = now_ms() + DEADLINE_MS;
	uint64_t id = 0;
	char *why = NULL;

	if (store_open(dir, &st, NULL) != RC_OK)
		_exit(10);
	struct uc u = { .st = st, .actor = a, .now = FIXTURE_NOW, .facts = fixture_zrr_facts,
		        .facts_clear = fixture_zrr_facts_clear };
	for (uint32_t i = 0; i < KILL_OPS_MAX && now_ms() < deadline; i++) {
		uint32_t step = i % 6;
		enum action act;
		int rc;

		if (step == 0) {
			act = ACT_PREORDER_CREATE;
			rc = uc_preorder_create(&u, &id, &why);
		} else if (step == 1) {
			act = ACT_PREORDER_EDIT;
			po->qty[LOT_TABLETTE] = 1;
			po->staff_aidants = 1;
			strcpy(po->motivation, FIXTURE_MOTIV);
			rc = uc_preorder_edit(&u, po, &why);
		} else if (step == 2) {
			act = ACT_PREORDER_SUBMIT;
			rc = uc_preorder_submit(&u, id, po->version, &why);
		} else {
			uint32_t q[LOT_COUNT] = { i % 3, 1 + i % 2, step, 0 };
			act = ACT_PREORDER_AMEND;
			rc = uc_preorder_amend(&u, id, po->version, q, &why);
		}
		if (rc != RC_OK) {
			fprintf(stderr, "child: %s: %s\n", action_name(act), why ? why : "?");
			_exit(11);
		}
		if (uc_preorder_get(&u, id, po, &why) != RC_OK)
			_exit(13);
		send_ack(ack, act, po);
	}
	free(why);
	free(po);
	store_close(st);
	_exit(0);
}

struct has_event {
	uint64_t version;
	enum action action;
	bool found;
};

static int find_event(const struct audit_event *ev, void *ctx)
{
	struct has_event *h = ctx;

	if (ev->object_version == h->version && ev->action == h->action)
		h->found = true;
	return 0;
}

/*
 * A child creating, submitting and amending pre-orders in a loop is killed
 * with SIGKILL after a random number of acknowledged commits, several
 * rounds over one store: after each, every acknowledged change is there
 * (the pre-order at that version or later, the audit event of that
 * version, the amendment with its quantities, the submission) and check is
 * clean.
 */
static void test_killed_submitter(void **state)
{
	struct world w;
	uint64_t seed = 0xC0FFEE17ULL, x;
	uint32_t total = 0;
	const char *env = getenv("RECOND_SEED");
	struct preorder *po = xmalloc(sizeof *po);
	char *why = NULL;
	(void)state;

	if (env != NULL)
		seed = strtoull(env, NULL, 0);
	if (seed == 0)
		seed = 1;
	printf("killed submitter seed 0x%llX (RECOND_SEED to replay)\n", (unsigned long long)seed);
	x = seed;
	world_open(&w);
	for (int round = 0; round < KILL_ROUNDS; round++) {
		int64_t deadline = now_ms() + DEADLINE_MS;
		uint32_t target = 1 + (uint32_t)(rnd(&x) % 60), acked = 0;
		struct ack *seen = xcalloc(KILL_OPS_MAX, sizeof *seen);
		struct store_txn *txn = NULL;
		struct actor a;
		char name[64], login[32];
		int fds[2], r, status;
		pid_t pid;

		/* a fresh organisation each round keeps each one well under its cap */
		snprintf(name, sizeof name, "Commune du tour %d", round);
		snprintf(login, sizeof login, "tour%d", round);
		fixture_actor(&a, 200 + (uint64_t)round, login, ROLE_COLLECTIVITE,
		      fixture_add_org(w.st, ORG_COMMUNE, name, "23096", "23"), "23");
		store_close(w.st);
		w.st = NULL;
		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			submitter_child(w.dir, &a, fds[1]);
		}
		close(fds[1]);
		while (acked < target && read_ack(fds[0], &seen[acked], deadline) == 1)
			acked++;
		assert_int_equal(acked, target);
		assert_int_equal(kill(pid, SIGKILL), 0);
		/* acknowledgements written before death are still in the pipe */
		while (acked < KILL_OPS_MAX && (r = read_ack(fds[0], &seen[acked], deadline)) == 1)
			acked++;
		close(fds[0]);
		status = fixture_reap(pid, deadline);
		assert_true(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));

		assert_int_equal(store_open(w.dir, &w.st, &why), RC_OK);
		assert_int_equal(store_begin(w.st, false, &txn), RC_OK);
		for (uint32_t i = 0; i < acked; i++) {
			const struct ack *m = &seen[i];
			struct has_event h = { .version = m->version,
				               .action = (enum action)m->action };

			assert_int_equal(db_preorder_get(txn, m->id, po), RC_OK);
			assert_true(po->version >= m->version);
			assert_int_equal(db_audit_each(txn, "preorder", m->id, 0, find_event, &h),
			                 RC_OK);
			assert_true(h.found);
			if (m->action == ACT_PREORDER_SUBMIT)
				assert_int_equal(po->state, PO_DEPOSEE);
			if (m->action == ACT_PREORDER_AMEND) {
				bool found = false;
				for (size_t j = 0; j < po->namend; j++)
					if (po->amend[j].version == m->version) {
						assert_memory_equal(po->amend[j].after, m->qty,
						                    sizeof m->qty);
						found = true;
					}
				assert_true(found);
			}
		}
		store_abort(txn);
		check_clean(w.st);
		printf("round %d: killed after %u acknowledged commits, all present\n", round,
		       acked);
		total += acked;
		free(seen);
	}
	printf("%d submitters killed, %u acknowledged commits all present\n", KILL_ROUNDS, total);
	free(why);
	free(po);
	world_close(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_stale_amendment_merged),
		cmocka_unit_test(test_drafts_settings),
		cmocka_unit_test(test_random_walk),
		cmocka_unit_test(test_forked_amendments),
		cmocka_unit_test(test_killed_submitter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
