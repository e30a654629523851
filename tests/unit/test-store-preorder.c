/*
 * test-store-preorder.c — pre-orders through the use cases against a real
 * temporary store: the whole lifecycle with its audit trail, a stale update
 * refused with who changed what, indexes and paging, drafts and settings,
 * a random walk of thousands of operations (fixed printed seed) followed by
 * a clean store_check, and forked processes amending one pre-order at once
 * with no lost update.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/preorder-usecase.h"
#include "store/store-programme.h"
#include "store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define NOW 1640995200 /* 01/01/2022 00:00 UTC, inside the default window */
#define MOTIV "Notre commune accueille deux conseillers numériques et une secrétaire " \
              "de mairie qui aident chaque semaine une quarantaine d'habitants."

struct world {
	char *dir;
	struct store *st;
	uint64_t org[4];           /* communes in 23 (0, 1), 87 (2); préfecture 23 (3) */
	struct actor coll[3], pref, pref87, anct;
};

/* Facts for tests: every commune classed ZRR (lists "imported" now). */
static int test_facts(struct store_txn *txn, const struct org *o, struct zone_facts *out,
                      void *ctx)
{
	struct commune_zone *c = xcalloc(1, sizeof *c);
	(void)txn;
	(void)ctx;
	memset(out, 0, sizeof *out);
	strlcpy_(c->insee, o->insee, sizeof c->insee);
	c->in[REFLIST_ZRR] = ZONE_YES;
	for (int l = 0; l < REFLIST_COUNT; l++) {
		out->lists[l].loaded = true;
		strcpy(out->lists[l].file, "liste.csv");
	}
	out->communes = c;
	out->ncommunes = 1;
	return RC_OK;
}

static void test_facts_clear(struct zone_facts *f, void *ctx)
{
	(void)ctx;
	free((void *)f->communes);
	f->communes = NULL;
}

static struct uc uc_of(struct world *w, const struct actor *a)
{
	struct uc u = { .st = w->st, .actor = a, .now = NOW, .facts = test_facts,
		        .facts_clear = test_facts_clear };
	return u;
}

static uint64_t add_org(struct store *st, enum org_kind kind, const char *name,
                        const char *insee, const char *dept)
{
	struct store_txn *txn = NULL;
	struct org o;

	memset(&o, 0, sizeof o);
	o.kind = kind;
	strcpy(o.name, name);
	strcpy(o.insee, insee);
	strcpy(o.dept, dept);
	strcpy(o.contact.name, "Marie Durand");
	strcpy(o.contact.email, "marie@example.fr");
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &o), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	return o.id;
}

static void actor(struct actor *a, uint64_t acc, const char *login, enum role r, uint64_t org,
                  const char *dept)
{
	memset(a, 0, sizeof *a);
	a->account_id = acc;
	strcpy(a->login, login);
	a->role = r;
	a->org_id = org;
	strcpy(a->dept, dept);
}

static void world_open(struct world *w)
{
	struct store_txn *txn = NULL;
	struct settings *s = xmalloc(sizeof *s);
	char *why = NULL;

	memset(w, 0, sizeof *w);
	w->dir = fixture_new_store();
	assert_int_equal(store_open(w->dir, &w->st, &why), RC_OK);
	w->org[0] = add_org(w->st, ORG_COMMUNE, "Commune de Guéret", "23096", "23");
	w->org[1] = add_org(w->st, ORG_COMMUNE, "Commune d'Aubusson", "23008", "23");
	w->org[2] = add_org(w->st, ORG_COMMUNE, "Commune de Bellac", "87011", "87");
	w->org[3] = add_org(w->st, ORG_PREFECTURE, "Préfecture de la Creuse", "23096", "23");
	actor(&w->coll[0], 1, "gueret", ROLE_COLLECTIVITE, w->org[0], "23");
	actor(&w->coll[1], 2, "aubusson", ROLE_COLLECTIVITE, w->org[1], "23");
	actor(&w->coll[2], 3, "bellac", ROLE_COLLECTIVITE, w->org[2], "87");
	actor(&w->pref, 4, "pref23", ROLE_PREFECTURE, w->org[3], "23");
	actor(&w->pref87, 5, "pref87", ROLE_PREFECTURE, 99, "87");
	actor(&w->anct, 6, "anct", ROLE_ANCT, 98, "");
	assert_int_equal(store_begin(w->st, true, &txn), RC_OK);
	assert_int_equal(db_settings_get(txn, s), RC_OK);
	assert_int_equal(s->version, 0);
	settings_set_envelope(s, "23", 10000000, NULL);
	settings_set_envelope(s, "87", 10000000, NULL);
	assert_int_equal(db_settings_put(txn, s, &why), RC_OK);
	assert_int_equal(s->version, 1);
	assert_int_equal(store_commit(txn), RC_OK);
	free(s);
}

static void world_close(struct world *w)
{
	store_close(w->st);
	fixture_remove(w->dir);
}

static void check_clean(struct store *st)
{
	size_t problems = 99;

	assert_int_equal(store_check(st, stderr, &problems), RC_OK);
	assert_int_equal(problems, 0);
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
	strcpy(po->motivation, MOTIV);
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
	assert_int_equal(db_settings_put(txn, s, &why), RC_STALE);
	s->version = 1;
	s->subsidy_rate_bp = 20000;
	assert_int_equal(db_settings_put(txn, s, &why), RC_INVALID);
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

/* Thousands of random operations by random actors; then check must be clean. */
static void test_random_walk(void **state)
{
	struct world w;
	uint64_t seed = 0x5EED2024ULL, x;
	uint64_t ids[64];
	size_t nids = 0, ok = 0, refused = 0;
	struct preorder *po = xmalloc(sizeof *po);
	const char *env = getenv("RECOND_SEED");
	(void)state;
	if (env != NULL)
		seed = strtoull(env, NULL, 0);
	printf("random walk seed 0x%llX (RECOND_SEED to replay)\n", (unsigned long long)seed);
	x = seed;
	world_open(&w);
	for (int i = 0; i < 3000; i++) {
		const struct actor *actors[] = { &w.coll[0], &w.coll[1], &w.coll[2], &w.pref,
			                         &w.pref87, &w.anct };
		const struct actor *a = actors[rnd(&x) % ARRAY_LEN(actors)];
		struct uc u = uc_of(&w, a);
		char *why = NULL;
		int rc;
		unsigned op = (unsigned)(rnd(&x) % 9);
		if (nids == 0 || (op == 0 && nids < ARRAY_LEN(ids))) {
			uint64_t v;
			if (a->role != ROLE_COLLECTIVITE)
				continue;
			ids[nids++] = filled_draft(&w, a, &v);
			continue;
		}
		uint64_t id = ids[rnd(&x) % nids];
		struct uc ua = uc_of(&w, &w.anct);
		assert_int_equal(uc_preorder_get(&ua, id, po, &why), RC_OK);
		/* mostly the actor entitled to the operation, sometimes anyone */
		if (rnd(&x) % 5 != 0) {
			if (op <= 2 || op == 8) {
				for (int c = 0; c < 3; c++)
					if (w.coll[c].org_id == po->org_id)
						a = &w.coll[c];
			} else {
				a = strcmp(po->dept, "23") == 0 ? &w.pref : &w.pref87;
			}
			u = uc_of(&w, a);
		}
		uint64_t v = po->version - (rnd(&x) % 10 == 0); /* sometimes stale */
		uint32_t q[LOT_COUNT];
		for (int l = 0; l < LOT_COUNT; l++)
			q[l] = (uint32_t)(rnd(&x) % 20);
		switch (op) {
		case 0:
		case 1: rc = uc_preorder_submit(&u, id, v, &why); break;
		case 2: rc = uc_preorder_amend(&u, id, v, q, &why); break;
		case 3: rc = uc_preorder_instruct(&u, id, v, &why); break;
		case 4: rc = uc_preorder_retain(&u, id, v, 1 + (cents_t)(rnd(&x) % 500000), NULL, &why); break;
		case 5: rc = uc_preorder_reject(&u, id, v, "Hors des priorités du territoire", &why); break;
		case 6: rc = uc_preorder_convention(&u, id, v, "C-1", 20220101, &why); break;
		case 7: rc = uc_preorder_pay(&u, id, v, 20220101, 1 + (cents_t)(rnd(&x) % 300000), &why); break;
		default: rc = uc_preorder_abandon(&u, id, v, NULL, &why); break;
		}
		if (rc == RC_OK) {
			ok++;
		} else {
			refused++;
			assert_true(rc == RC_DENIED || rc == RC_INVALID || rc == RC_STALE ||
			            rc == RC_FULL);
			assert_non_null(why);
		}
		free(why);
	}
	printf("%zu pre-orders, %zu operations done, %zu refused\n", nids, ok, refused);
	assert_true(ok > 100);
	check_clean(w.st);
	free(po);
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
			struct uc u = { .st = st, .actor = &w.coll[0], .now = NOW,
				        .facts = test_facts, .facts_clear = test_facts_clear };
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_drafts_settings),
		cmocka_unit_test(test_random_walk),
		cmocka_unit_test(test_forked_amendments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
