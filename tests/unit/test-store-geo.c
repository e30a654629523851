/*
 * test-store-geo.c — the reference geography and lists in the store: the
 * embedded geography loaded into a fresh database, look-ups by INSEE code,
 * postal code and folded name prefix, distances, check clean; imports of
 * the real ZRR and France Services files, of the QPV/FRR fixtures; every
 * malformed fixture refused with nothing imported (the previous list and
 * its evidence stay); a second import replacing the first whole; zone facts
 * of a commune and of a territory.
 * Run from the repository root (data files are found relative to it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/uc-reflist.h"
#include "core/uc-zone.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

struct env {
	char *dir;
	struct store *st;
};

static int group_setup(void **state)
{
	struct env *e = xcalloc(1, sizeof *e);
	char *why = NULL;
	size_t n = 0;

	e->dir = fixture_new_store();
	assert_int_equal(store_open(e->dir, &e->st, &why), RC_OK);
	if (geo_load_reference(e->st, &n, &why) != RC_OK)
		fail_msg("geo_load_reference: %s", why);
	assert_true(n > 35000);
	*state = e;
	return 0;
}

static int group_teardown(void **state)
{
	struct env *e = *state;

	fixture_close(e->st, e->dir);
	free(e);
	return 0;
}

/* Imports a file of the repository; returns the rc, problems in *parsed (caller clears). */
static int import_file(struct store *st, enum reflist l, const char *path,
                       struct reflist_parsed *parsed)
{
	size_t len;
	char *data = fixture_slurp(path, &len), *why = NULL;
	int rc = uc_reflist_import(fixture_system(st, 0), l, path, data, len, parsed, &why);

	free(why);
	free(data);
	return rc;
}

static void import_ok(struct store *st, enum reflist l, const char *path)
{
	struct reflist_parsed p;

	if (import_file(st, l, path, &p) != RC_OK)
		fail_msg("%s: %zu problems, first line %zu: %s", path, p.total_problems,
		         p.n_problems ? p.problems[0].line : 0,
		         p.n_problems ? p.problems[0].reason : "-");
	reflist_parsed_clear(&p);
}

/* Collects the INSEE codes and names a look-up passes. */
struct found {
	size_t n;
	char insee[64][6];
	char name[64][GEO_NAME_MAX];
};

static int collect(const struct geo_commune *c, void *ctx)
{
	struct found *f = ctx;

	if (f->n < 64) {
		memcpy(f->insee[f->n], c->insee, 6);
		strlcpy_(f->name[f->n], c->name, GEO_NAME_MAX);
	}
	f->n++;
	return RC_OK;
}

static bool has_name(const struct found *f, const char *name)
{
	for (size_t i = 0; i < f->n && i < 64; i++)
		if (strcmp(f->name[i], name) == 0)
			return true;
	return false;
}

static bool has_insee(const struct found *f, const char *insee)
{
	for (size_t i = 0; i < f->n && i < 64; i++)
		if (strcmp(f->insee[i], insee) == 0)
			return true;
	return false;
}

static void test_get(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct geo_commune c;
	struct geo_dept d;
	struct geo_region r;
	struct geo_epci ep;
	size_t n = 0;

	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(db_geo_get(txn, "23079", &c), RC_OK);
	assert_string_equal(c.name, "Felletin");
	assert_int_equal(c.kind, GEO_COMMUNE);
	assert_string_equal(c.postcodes[0], "23500");
	assert_int_equal(db_geo_get(txn, "2A004", &c), RC_OK);
	assert_string_equal(c.name, "Ajaccio");
	assert_int_equal(db_geo_get(txn, "13201", &c), RC_OK);
	assert_int_equal(c.kind, GEO_ARRONDISSEMENT);
	assert_string_equal(c.parent, "13055");
	assert_int_equal(db_geo_get(txn, "99999", &c), RC_NOTFOUND);
	assert_int_equal(db_geo_get(txn, "abc", &c), RC_NOTFOUND);
	assert_int_equal(db_geo_dept(txn, "23", &d), RC_OK);
	assert_string_equal(d.name, "Creuse");
	assert_string_equal(d.reg, "75");
	assert_int_equal(db_geo_region(txn, "75", &r), RC_OK);
	assert_string_equal(r.name, "Nouvelle-Aquitaine");
	assert_int_equal(db_geo_get(txn, "23079", &c), RC_OK);
	assert_int_equal(db_geo_epci(txn, c.epci, &ep), RC_OK);
	assert_string_equal(ep.siren, c.epci);
	assert_int_equal(db_geo_dept(txn, "00", &d), RC_NOTFOUND);
	assert_int_equal(db_geo_count(txn, &n), RC_OK);
	assert_true(n > 35000);
	store_abort(txn);
}

static void test_postcode(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct found f;

	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_postcode(txn, "23500", collect, &f), RC_OK);
	assert_true(f.n > 5);                /* Felletin and its neighbours */
	assert_true(has_name(&f, "Felletin"));
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_postcode(txn, "75001", collect, &f), RC_OK);
	assert_true(has_insee(&f, "75056"));  /* Paris */
	assert_true(has_insee(&f, "75101"));  /* and its 1st arrondissement */
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_postcode(txn, "00000", collect, &f), RC_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(db_geo_by_postcode(txn, "7500", collect, &f), RC_OK);
	assert_int_equal(f.n, 0);
	store_abort(txn);
}

static void test_name_prefix(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct found f;

	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "ste foy", 50, collect, &f), RC_OK);
	assert_true(has_name(&f, "Sainte-Foy-lès-Lyon"));
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "SAINTE FOY LES LY", 50, collect, &f), RC_OK);
	assert_true(has_name(&f, "Sainte-Foy-lès-Lyon"));
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "saint etienne", 50, collect, &f), RC_OK);
	assert_true(has_insee(&f, "42218"));  /* Saint-Étienne */
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "St-Étienne", 50, collect, &f), RC_OK);
	assert_true(has_insee(&f, "42218"));
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "felletin", 50, collect, &f), RC_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.insee[0], "23079");
	/* "Ste" still being typed: both "Sainte-…" and "Stenay". */
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "Ste", DB_GEO_RESULTS_MAX, collect, &f), RC_OK);
	assert_true(f.n > 64);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "stena", 50, collect, &f), RC_OK);
	assert_true(has_name(&f, "Stenay"));
	/* The cap holds. */
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "saint", 10, collect, &f), RC_OK);
	assert_int_equal(f.n, 10);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, " - ", 10, collect, &f), RC_OK);
	assert_int_equal(f.n, 0);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_geo_by_name_prefix(txn, "zzzzqx", 10, collect, &f), RC_OK);
	assert_int_equal(f.n, 0);
	store_abort(txn);
}

static void test_distance(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	double km = 0;

	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(db_geo_distance(txn, "75056", "13055", &km), RC_OK);
	assert_true(km > 640.0 && km < 680.0);     /* Paris–Marseille ≈ 660 km */
	assert_int_equal(db_geo_distance(txn, "23079", "23096", &km), RC_OK);
	assert_true(km < 60.0);                     /* Felletin–Guéret */
	assert_int_equal(db_geo_distance(txn, "75056", "99999", &km), RC_NOTFOUND);
	store_abort(txn);
}

struct member_tally {
	size_t n, in_force, wrong;
	const char *dep, *epci, *reg;
};

static int member_fn(const struct geo_commune *c, void *ctx)
{
	struct member_tally *t = ctx;

	t->n++;
	if (c->kind != GEO_COMMUNE || (t->dep && strcmp(c->dep, t->dep) != 0) ||
	    (t->epci && strcmp(c->epci, t->epci) != 0) || (t->reg && strcmp(c->reg, t->reg) != 0))
		t->wrong++;
	return RC_OK;
}

static int in_force_fn(const struct geo_commune *c, void *ctx)
{
	struct member_tally *t = ctx;

	t->in_force += c->kind == GEO_COMMUNE;
	if (c->kind == GEO_COMMUNE && strcmp(c->dep, "23") == 0)
		t->n++;
	return RC_OK;
}

static void test_members(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct geo_commune c;
	struct member_tally t, all;
	size_t total = 0;

	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	memset(&all, 0, sizeof all);
	assert_int_equal(db_geo_each(txn, in_force_fn, &all), RC_OK);

	memset(&t, 0, sizeof t);
	t.dep = "23";
	assert_int_equal(db_geo_members(txn, GEO_TERRITORY_DEPT, "23", member_fn, &t), RC_OK);
	assert_int_equal(t.n, all.n);             /* every commune of the Creuse */
	assert_int_equal(t.wrong, 0);

	assert_int_equal(db_geo_get(txn, "23079", &c), RC_OK);
	memset(&t, 0, sizeof t);
	t.epci = c.epci;
	assert_int_equal(db_geo_members(txn, GEO_TERRITORY_EPCI, c.epci, member_fn, &t), RC_OK);
	assert_true(t.n > 10);
	assert_int_equal(t.wrong, 0);

	memset(&t, 0, sizeof t);
	t.reg = "75";
	assert_int_equal(db_geo_members(txn, GEO_TERRITORY_REGION, "75", member_fn, &t), RC_OK);
	assert_true(t.n > 4000);                  /* Nouvelle-Aquitaine */
	assert_int_equal(t.wrong, 0);

	/* The départements together hold every commune in force once. */
	{
		static const char *const regs[] = { "01", "02", "03", "04", "06", "11", "24", "27",
		                                    "28", "32", "44", "52", "53", "75", "76", "84",
		                                    "93", "94", "975", "977", "978" };

		for (size_t i = 0; i < ARRAY_LEN(regs); i++) {
			memset(&t, 0, sizeof t);
			assert_int_equal(db_geo_members(txn, GEO_TERRITORY_REGION, regs[i], member_fn,
			                                &t), RC_OK);
			assert_int_equal(t.wrong, 0);
			total += t.n;
		}
		assert_int_equal(total, all.in_force);
	}
	assert_int_equal(db_geo_members(txn, GEO_TERRITORY_DEPT, "00", member_fn, &t),
	                 RC_NOTFOUND);
	assert_int_equal(db_geo_members(txn, GEO_TERRITORY_REGION, "99", member_fn, &t),
	                 RC_NOTFOUND);
	assert_int_equal(db_geo_members(txn, GEO_TERRITORY_EPCI, "", member_fn, &t), RC_NOTFOUND);
	store_abort(txn);
}

static size_t run_check(struct store *st)
{
	size_t problems = 99;
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	assert_non_null(f);
	assert_int_equal(store_check(st, f, &problems), RC_OK);
	fclose(f);
	if (problems != 0)
		fprintf(stderr, "%s", buf);
	free(buf);
	return problems;
}

static void test_check_clean(void **state)
{
	struct env *e = *state;

	assert_int_equal(run_check(e->st), 0);
}

static int count_entry(const struct reflist_entry *en, const char *commune, void *ctx)
{
	(void)en;
	(void)commune;
	(*(size_t *)ctx)++;
	return RC_OK;
}

static size_t list_size(struct store *st, enum reflist l)
{
	struct store_txn *txn = NULL;
	size_t n = 0;

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_reflist_each(txn, l, count_entry, &n), RC_OK);
	store_abort(txn);
	return n;
}

static struct reflist_evidence evidence(struct store *st, enum reflist l)
{
	struct store_txn *txn = NULL;
	struct reflist_evidence ev;

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_reflist_evidence(txn, l, &ev), RC_OK);
	store_abort(txn);
	return ev;
}

static void test_import_real_files(void **state)
{
	struct env *e = *state;
	struct reflist_evidence ev;
	int64_t before = now_utc();

	import_ok(e->st, REFLIST_ZRR, "data/zrr-communes-cog2021.csv");
	ev = evidence(e->st, REFLIST_ZRR);
	assert_true(ev.loaded);
	assert_string_equal(ev.file, "zrr-communes-cog2021.csv");
	assert_int_equal(ev.rows, 17694);
	assert_true(ev.imported_at >= before && ev.imported_at <= now_utc());
	assert_int_equal(list_size(e->st, REFLIST_ZRR), 17694);

	import_ok(e->st, REFLIST_FRANCE_SERVICES, "data/france-services-20240801.csv");
	ev = evidence(e->st, REFLIST_FRANCE_SERVICES);
	assert_int_equal(ev.rows, 2845);
	assert_string_equal(ev.file, "france-services-20240801.csv");
	assert_int_equal(list_size(e->st, REFLIST_FRANCE_SERVICES), 2845);
	assert_int_equal(run_check(e->st), 0);
}

static void test_malformed_refused(void **state)
{
	static const struct {
		enum reflist list;
		const char *file;
		size_t line;
	} cases[] = {
		{ REFLIST_ZRR, "bad-separator.csv", 1 },
		{ REFLIST_ZRR, "bad-unknown-insee.csv", 4 },
		{ REFLIST_ZRR, "bad-flag.csv", 3 },
		{ REFLIST_ZRR, "bad-malformed-insee.csv", 3 },
		{ REFLIST_ZRR, "bad-duplicate.csv", 5 },
		{ REFLIST_ZRR, "bad-empty.csv", 1 },
		{ REFLIST_ZRR, "bad-long-line.csv", 3 },
		{ REFLIST_QPV, "bad-header.csv", 1 },
		{ REFLIST_QPV, "bad-not-utf8.csv", 3 },
		{ REFLIST_QPV, "bad-stray-quote.csv", 3 },
		{ REFLIST_FRANCE_SERVICES, "bad-truncated-quote.csv", 5 },
	};
	struct env *e = *state;
	struct reflist_evidence before[REFLIST_COUNT];
	size_t sizes[REFLIST_COUNT];

	/* A previous list of each kind, to be kept. */
	import_ok(e->st, REFLIST_ZRR, "data/fixtures/zrr-official-sample.csv");
	import_ok(e->st, REFLIST_QPV, "data/fixtures/qpv-sample.csv");
	import_ok(e->st, REFLIST_FRANCE_SERVICES, "data/france-services-20240801.csv");
	for (int l = 0; l < REFLIST_COUNT; l++) {
		before[l] = evidence(e->st, (enum reflist)l);
		sizes[l] = list_size(e->st, (enum reflist)l);
	}
	assert_int_equal(sizes[REFLIST_ZRR], 2);
	assert_int_equal(sizes[REFLIST_QPV], 8);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct reflist_parsed p;
		struct reflist_evidence after;
		char *path = xasprintf("data/fixtures/%s", cases[i].file);
		enum reflist l = cases[i].list;

		assert_int_equal(import_file(e->st, l, path, &p), RC_INVALID);
		assert_true(p.total_problems >= 1);
		if (p.problems[0].line != cases[i].line)
			fail_msg("%s: first problem line %zu (%s), want %zu", cases[i].file,
			         p.problems[0].line, p.problems[0].reason, cases[i].line);
		reflist_parsed_clear(&p);
		after = evidence(e->st, l);
		assert_string_equal(after.file, before[l].file);
		assert_int_equal(after.rows, before[l].rows);
		assert_int_equal(after.imported_at, before[l].imported_at);
		assert_int_equal(list_size(e->st, l), sizes[l]);
		free(path);
	}
	assert_int_equal(run_check(e->st), 0);
}

static void test_second_import_replaces(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct zone_facts zf;
	struct reflist_evidence ev;

	import_ok(e->st, REFLIST_QPV, "data/fixtures/qpv-sample.csv");
	assert_int_equal(list_size(e->st, REFLIST_QPV), 8);
	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(uc_zone_facts(txn, "60057", NULL, &zf), RC_OK);
	assert_int_equal(zf.communes[0].in[REFLIST_QPV], ZONE_YES);      /* Beauvais */
	zone_facts_clear(&zf);
	store_abort(txn);

	import_ok(e->st, REFLIST_QPV, "data/fixtures/qpv-sample-2.csv");
	ev = evidence(e->st, REFLIST_QPV);
	assert_string_equal(ev.file, "qpv-sample-2.csv");
	assert_int_equal(ev.rows, 2);
	assert_int_equal(list_size(e->st, REFLIST_QPV), 2);
	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(uc_zone_facts(txn, "60057", NULL, &zf), RC_OK);
	assert_int_equal(zf.communes[0].in[REFLIST_QPV], ZONE_NO);       /* gone */
	zone_facts_clear(&zf);
	assert_int_equal(uc_zone_facts(txn, "59350", NULL, &zf), RC_OK);
	assert_int_equal(zf.communes[0].in[REFLIST_QPV], ZONE_YES);      /* Lille */
	zone_facts_clear(&zf);
	/* Lyon contains a QPV through its 9th arrondissement. */
	assert_int_equal(uc_zone_facts(txn, "69123", NULL, &zf), RC_OK);
	assert_int_equal(zf.communes[0].in[REFLIST_QPV], ZONE_YES);
	zone_facts_clear(&zf);
	store_abort(txn);
	assert_int_equal(run_check(e->st), 0);
}

static void test_zone_facts(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct zone_facts zf;
	size_t classed = 0;

	import_ok(e->st, REFLIST_ZRR, "data/zrr-communes-cog2021.csv");
	import_ok(e->st, REFLIST_FRR, "data/fixtures/frr-sample.csv");
	import_ok(e->st, REFLIST_FRANCE_SERVICES, "data/france-services-20240801.csv");
	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);

	assert_int_equal(uc_zone_facts(txn, "23079", "France services de Felletin", &zf), RC_OK);
	assert_int_equal(zf.ncommunes, 1);
	assert_string_equal(zf.communes[0].insee, "23079");
	assert_int_equal(zf.communes[0].in[REFLIST_ZRR], ZONE_YES);
	assert_int_equal(zf.communes[0].in[REFLIST_FRR], ZONE_YES);
	assert_true(zf.lists[REFLIST_ZRR].loaded);
	assert_string_equal(zf.lists[REFLIST_ZRR].file, "zrr-communes-cog2021.csv");
	assert_int_equal(zf.lists[REFLIST_ZRR].rows, 17694);
	assert_string_equal(zf.lists[REFLIST_FRR].file, "frr-sample.csv");
	assert_true(zf.lists[REFLIST_QPV].loaded);
	zone_facts_clear(&zf);

	/* Paris: not classed; no France Services of that name. */
	assert_int_equal(uc_zone_facts(txn, "75056", "Mairie de Paris", &zf), RC_OK);
	assert_int_equal(zf.communes[0].in[REFLIST_ZRR], ZONE_NO);
	assert_false(zf.fs_registered);
	zone_facts_clear(&zf);

	/* A France Services site found by its name in its commune. */
	assert_int_equal(uc_zone_facts(txn, "01033", "France services de Valserhône", &zf), RC_OK);
	assert_true(zf.fs_registered);
	assert_string_equal(zf.fs_site, "France services de Valserhône");
	zone_facts_clear(&zf);

	assert_int_equal(uc_zone_facts(txn, "99999", NULL, &zf), RC_NOTFOUND);
	assert_null(zf.communes);

	/* A territory: the communes of the Creuse, most classed ZRR. */
	assert_int_equal(uc_zone_facts_territory(txn, GEO_TERRITORY_DEPT, "23", &zf), RC_OK);
	assert_true(zf.ncommunes > 200);
	for (size_t i = 0; i < zf.ncommunes; i++)
		classed += zf.communes[i].in[REFLIST_ZRR] != ZONE_NO;
	assert_true(classed > zf.ncommunes / 2);
	zone_facts_clear(&zf);
	assert_int_equal(uc_zone_facts_territory(txn, GEO_TERRITORY_DEPT, "00", &zf), RC_NOTFOUND);
	store_abort(txn);
}

static void test_import_without_geography(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct reflist_parsed p;
	const char *text = "INSEE;ZRR\n23079;1\n";

	(void)state;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(uc_reflist_import(fixture_system(st, 0), REFLIST_ZRR, "zrr.csv", text,
	                                   strlen(text), &p, &why),
	                 RC_INVALID);
	assert_non_null(strstr(why, "recond init"));
	reflist_parsed_clear(&p);
	free(why);
	store_close(st);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_postcode),
		cmocka_unit_test(test_name_prefix),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_check_clean),
		cmocka_unit_test(test_import_real_files),
		cmocka_unit_test(test_malformed_refused),
		cmocka_unit_test(test_second_import_replaces),
		cmocka_unit_test(test_zone_facts),
		cmocka_unit_test(test_import_without_geography),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
