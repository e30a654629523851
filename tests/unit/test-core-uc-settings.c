/*
 * test-core-uc-settings.c — ANCT changes the programme settings
 * against a real temporary store: every setting changed and read back with
 * its audit event; every other role refused; a stale version refused with
 * who changed what; each invalid value refused with its French reason and
 * nothing stored; an envelope never below what its département committed;
 * a rate change leaves granted subsidies as they were; the before/after
 * summary (settings_diff) at its edges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-settings.h"
#include "store/store-programme.h"
#include "store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

struct world {
	char *dir;
	struct store *st;
	uint64_t commune, pref_org;
	struct actor anct, anct2, coll, pref, fs, recond, none;
};

static void world_open(struct world *w)
{
	char *why = NULL;

	memset(w, 0, sizeof *w);
	w->dir = fixture_new_store();
	assert_int_equal(store_open(w->dir, &w->st, &why), RC_OK);
	w->commune = fixture_add_org(w->st, ORG_COMMUNE, "Commune de Guéret", "23096", "23");
	w->pref_org = fixture_add_org(w->st, ORG_PREFECTURE, "Préfecture de la Creuse",
	                              "23096", "23");
	fixture_actor(&w->anct, 1, "anct", ROLE_ANCT, 90, "");
	fixture_actor(&w->anct2, 2, "anct.budget", ROLE_ANCT, 90, "");
	fixture_actor(&w->coll, 3, "gueret", ROLE_COLLECTIVITE, w->commune, "23");
	fixture_actor(&w->pref, 4, "pref23", ROLE_PREFECTURE, w->pref_org, "23");
	fixture_actor(&w->fs, 5, "fs", ROLE_FRANCE_SERVICES, 91, "87");
	fixture_actor(&w->recond, 6, "atelier", ROLE_RECONDITIONNEUR, 92, "87");
	fixture_actor(&w->none, 7, "personne", ROLE_NONE, 0, "");
	free(why);
}

static void world_close(struct world *w)
{
	size_t problems = 99;

	assert_int_equal(store_check(w->st, stderr, &problems), RC_OK);
	assert_int_equal(problems, 0);
	store_close(w->st);
	fixture_remove(w->dir);
}

static struct uc uc_of(struct world *w, const struct actor *a)
{
	struct uc u = { .st = w->st, .actor = a, .now = FIXTURE_NOW };
	return u;
}

struct events {
	size_t n;
	struct audit_event last;
};

static int count_event(const struct audit_event *ev, void *ctx)
{
	struct events *e = ctx;

	e->n++;
	e->last = *ev;
	return 0;
}

static struct events settings_events(struct world *w)
{
	struct store_txn *txn = NULL;
	struct events e;

	memset(&e, 0, sizeof e);
	assert_int_equal(store_begin(w->st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, "settings", SETTINGS_AUDIT_ID, 0, count_event, &e),
	                 RC_OK);
	store_abort(txn);
	return e;
}

static void test_anct_changes_everything(void **state)
{
	struct world w;
	struct uc ua, uc_;
	struct settings *s = xmalloc(sizeof *s), *back = xmalloc(sizeof *back);
	struct events e;
	char *why = NULL;
	cents_t env = 0;
	(void)state;

	world_open(&w);
	ua = uc_of(&w, &w.anct);
	uc_ = uc_of(&w, &w.coll);
	assert_int_equal(uc_settings_get(&ua, s, &why), RC_OK);
	assert_int_equal(s->version, 0);
	assert_int_equal(s->subsidy_rate_bp, 8000);
	s->subsidy_rate_bp = 7500;
	s->expense_cap = 3000000;
	s->window_open = 20221001;
	s->window_close = 20230115;
	s->ordering_opens = 20230201;
	s->lots[LOT_TABLETTE].unit_price = 18000;
	strcpy(s->lots[LOT_SMARTPHONE].min_config, "Écran 6 pouces, 4 Go de mémoire.");
	assert_int_equal(settings_set_envelope(s, "23", 15000000, &why), RC_OK);
	assert_int_equal(settings_set_envelope(s, "2A", 9000000, &why), RC_OK);
	assert_int_equal(uc_settings_update(&ua, s, &why), RC_OK);
	assert_int_equal(s->version, 1);
	assert_int_equal(s->updated_by, 1);
	assert_int_equal(s->updated_at, FIXTURE_NOW);

	/* anyone logged in reads them back */
	assert_int_equal(uc_settings_get(&uc_, back, &why), RC_OK);
	assert_int_equal(back->version, 1);
	assert_int_equal(back->subsidy_rate_bp, 7500);
	assert_int_equal(back->expense_cap, 3000000);
	assert_int_equal(back->window_open, 20221001);
	assert_int_equal(back->window_close, 20230115);
	assert_int_equal(back->ordering_opens, 20230201);
	assert_int_equal(back->lots[LOT_TABLETTE].unit_price, 18000);
	assert_string_equal(back->lots[LOT_SMARTPHONE].min_config,
	                    "Écran 6 pouces, 4 Go de mémoire.");
	assert_true(settings_envelope(back, "2A", &env));
	assert_int_equal(env, 9000000);
	assert_int_equal(back->updated_by, 1);

	/* one audit event with what changed */
	e = settings_events(&w);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.last.action, ACT_SETTINGS_EDIT);
	assert_int_equal(e.last.object_version, 1);
	assert_string_equal(e.last.actor_login, "anct");
	assert_non_null(strstr(e.last.before, "taux de subvention 80"));
	assert_non_null(strstr(e.last.after, "taux de subvention 75"));
	assert_non_null(strstr(e.last.after, "plafond par organisation 30"));
	assert_non_null(strstr(e.last.after, "intentions de commande du 01/10/2022 au 15/01/2023"));
	assert_non_null(strstr(e.last.after, "ouverture des commandes le 01/02/2023"));
	assert_non_null(strstr(e.last.after, "prix de référence Tablette 180,00"));
	assert_non_null(strstr(e.last.after, "configuration Smartphone « Écran 6 pouces"));
	assert_non_null(strstr(e.last.before, "enveloppe 23 : aucune"));
	assert_non_null(strstr(e.last.after, "enveloppe 2A : 90"));
	assert_true(utf8_valid(e.last.before, strlen(e.last.before)));
	assert_true(utf8_valid(e.last.after, strlen(e.last.after)));

	/* a second change at the version just read */
	s->subsidy_rate_bp = 8000;
	assert_int_equal(uc_settings_update(&ua, s, &why), RC_OK);
	assert_int_equal(s->version, 2);
	assert_int_equal(settings_events(&w).n, 2);
	free(why);
	free(s);
	free(back);
	world_close(&w);
}

static void test_only_anct(void **state)
{
	struct world w;
	struct settings *s = xmalloc(sizeof *s), *back = xmalloc(sizeof *back);
	const struct actor *others[] = { &w.coll, &w.pref, &w.fs, &w.recond, &w.none };
	char *why = NULL;
	(void)state;

	world_open(&w);
	for (size_t i = 0; i < ARRAY_LEN(others); i++) {
		struct uc u = uc_of(&w, others[i]);

		settings_defaults(s);
		s->subsidy_rate_bp = 10000;
		assert_int_equal(uc_settings_update(&u, s, &why), RC_DENIED);
		assert_non_null(why);
		assert_int_equal(s->version, 0);
		assert_int_equal(s->subsidy_rate_bp, 10000);
		/* every role but none reads them */
		assert_int_equal(uc_settings_get(&u, back, &why),
		                 others[i]->role == ROLE_NONE ? RC_DENIED : RC_OK);
	}
	struct uc ua = uc_of(&w, &w.anct);
	assert_int_equal(uc_settings_get(&ua, back, &why), RC_OK);
	assert_int_equal(back->version, 0);
	assert_int_equal(back->subsidy_rate_bp, 8000);
	assert_int_equal(settings_events(&w).n, 0);
	free(why);
	free(s);
	free(back);
	world_close(&w);
}

static void test_stale(void **state)
{
	struct world w;
	struct settings *mine = xmalloc(sizeof *mine), *theirs = xmalloc(sizeof *theirs);
	struct uc u1, u2;
	char *why = NULL;
	(void)state;

	world_open(&w);
	u1 = uc_of(&w, &w.anct);
	u2 = uc_of(&w, &w.anct2);
	assert_int_equal(uc_settings_get(&u1, mine, &why), RC_OK);
	assert_int_equal(uc_settings_get(&u2, theirs, &why), RC_OK);
	assert_int_equal(settings_set_envelope(theirs, "87", 5000000, &why), RC_OK);
	assert_int_equal(uc_settings_update(&u2, theirs, &why), RC_OK);
	/* the first one still holds version 0 */
	mine->expense_cap = 5000000;
	assert_int_equal(uc_settings_update(&u1, mine, &why), RC_STALE);
	assert_int_equal(mine->version, 0);
	assert_non_null(strstr(why, "Les paramètres du programme ont été modifiés depuis votre "
	                            "lecture (version 1, vous aviez la version 0)"));
	assert_non_null(strstr(why, "anct.budget (ANCT)"));
	assert_non_null(strstr(why, "Modification des paramètres du programme"));
	assert_non_null(strstr(why, "enveloppe 87 : 50"));
	/* reloaded, it goes through */
	assert_int_equal(uc_settings_get(&u1, mine, &why), RC_OK);
	mine->expense_cap = 5000000;
	assert_int_equal(uc_settings_update(&u1, mine, &why), RC_OK);
	assert_int_equal(mine->version, 2);
	assert_int_equal(mine->nenvelopes, 1);
	/* the history, newest first, cut to what was asked; the team's only */
	{
		char lines[1][UC_AUDIT_LINE_MAX];
		struct uc_audit_lines h = { .max = 1, .lines = lines };
		struct uc uc_ = uc_of(&w, &w.coll);

		assert_int_equal(uc_settings_history(&u1, &h, &why), RC_OK);
		assert_int_equal(h.total, 2);
		assert_int_equal(h.n, 1);
		assert_string_equal(h.last_login, "anct");
		assert_non_null(strstr(lines[0], "anct (ANCT)"));
		assert_non_null(strstr(lines[0], "plafond"));
		free(why);
		why = NULL;
		assert_int_equal(uc_settings_history(&uc_, &h, &why), RC_DENIED);
	}
	free(why);
	free(mine);
	free(theirs);
	world_close(&w);
}

/* One invalid change: refused with a reason containing `needle`, nothing stored. */
static void refused(struct world *w, const struct settings *s, const char *needle)
{
	struct uc ua = uc_of(w, &w->anct);
	struct settings *copy = xmalloc(sizeof *copy), *back = xmalloc(sizeof *back);
	char *why = NULL;

	*copy = *s;
	assert_int_equal(uc_settings_update(&ua, copy, &why), RC_INVALID);
	assert_non_null(why);
	if (strstr(why, needle) == NULL)
		fprintf(stderr, "expected « %s » in « %s »\n", needle, why);
	assert_non_null(strstr(why, needle));
	assert_memory_equal(copy, s, sizeof *s);
	assert_int_equal(uc_settings_get(&ua, back, &why), RC_OK);
	assert_int_equal(back->version, 0);
	free(why);
	free(copy);
	free(back);
}

static void test_validation(void **state)
{
	struct world w;
	struct settings *s = xmalloc(sizeof *s);
	(void)state;

	world_open(&w);
#define CASE(change, needle)              \
	do {                              \
		settings_defaults(s);     \
		change;                   \
		refused(&w, s, needle);   \
	} while (0)
	CASE((void)0, "Aucun paramètre n'a changé");
	CASE(s->subsidy_rate_bp = 0, "taux de subvention");
	CASE(s->subsidy_rate_bp = 10001, "taux de subvention");
	CASE(s->expense_cap = 0, "plafond");
	CASE(s->expense_cap = -1, "plafond");
	CASE(s->expense_cap = CENTS_MAX + 1, "plafond");
	CASE(s->window_open = 0, "dates d'ouverture et de clôture");
	CASE(s->window_close = 20220230, "dates d'ouverture et de clôture");
	CASE(s->window_close = 20211019, "précède leur ouverture");
	CASE(s->ordering_opens = 0, "ouverture des commandes est obligatoire");
	CASE(s->ordering_opens = 20211001, "ne peuvent ouvrir avant");
	CASE(s->lots[LOT_PC_FIXE].unit_price = 0, "prix de référence du lot « PC fixe »");
	CASE(s->lots[LOT_TABLETTE].unit_price = LOT_PRICE_MAX + 1,
	     "prix de référence du lot « Tablette »");
	CASE(s->lots[LOT_SMARTPHONE].min_config[0] = '\0',
	     "configuration minimale du lot « Smartphone »");
	CASE(strcpy(s->lots[LOT_PC_PORTABLE].min_config, "Écran\x01"),
	     "configuration minimale du lot « PC portable »");
	CASE((s->nenvelopes = 1, strcpy(s->envelopes[0].dept, "20"), s->envelopes[0].cents = 1),
	     "département « 20 » invalide");
	CASE((s->nenvelopes = 1, strcpy(s->envelopes[0].dept, "23"), s->envelopes[0].cents = -5),
	     "enveloppe du département 23 est invalide");
	CASE((s->nenvelopes = 2, strcpy(s->envelopes[0].dept, "87"), s->envelopes[0].cents = 1,
	      strcpy(s->envelopes[1].dept, "23"), s->envelopes[1].cents = 1),
	     "en double ou non triées");
	CASE((s->nenvelopes = 2, strcpy(s->envelopes[0].dept, "23"), s->envelopes[0].cents = 1,
	      strcpy(s->envelopes[1].dept, "23"), s->envelopes[1].cents = 2),
	     "en double ou non triées");
#undef CASE
	assert_int_equal(settings_events(&w).n, 0);
	free(s);
	world_close(&w);
}

/* A pre-order of the commune retained for `retained` cents; returns its id. */
static uint64_t retained_preorder(struct world *w, cents_t retained)
{
	struct uc uo = uc_of(w, &w->coll), up = uc_of(w, &w->pref);
	struct preorder *po = xmalloc(sizeof *po);
	uint64_t id;
	char *why = NULL;

	uo.facts = fixture_zrr_facts;
	uo.facts_clear = fixture_zrr_facts_clear;
	assert_int_equal(uc_preorder_create(&uo, &id, &why), RC_OK);
	assert_int_equal(uc_preorder_get(&uo, id, po, &why), RC_OK);
	po->qty[LOT_PC_PORTABLE] = 20;
	po->staff_cnfs = 2;
	strcpy(po->motivation, FIXTURE_MOTIV);
	assert_int_equal(uc_preorder_edit(&uo, po, &why), RC_OK);
	assert_int_equal(uc_preorder_submit(&uo, id, 2, &why), RC_OK);
	assert_int_equal(uc_preorder_instruct(&up, id, 3, &why), RC_OK);
	assert_int_equal(uc_preorder_retain(&up, id, 4, retained, NULL, &why), RC_OK);
	free(po);
	free(why);
	return id;
}

static void test_envelope_floor_and_frozen_subsidy(void **state)
{
	struct world w;
	struct uc ua, uo;
	struct settings *s = xmalloc(sizeof *s);
	struct preorder *po = xmalloc(sizeof *po);
	uint64_t id;
	char *why = NULL;
	(void)state;

	world_open(&w);
	ua = uc_of(&w, &w.anct);
	uo = uc_of(&w, &w.coll);
	assert_int_equal(uc_settings_get(&ua, s, &why), RC_OK);
	assert_int_equal(settings_set_envelope(s, "23", 1000000, &why), RC_OK);
	assert_int_equal(settings_set_envelope(s, "87", 1000000, &why), RC_OK);
	assert_int_equal(uc_settings_update(&ua, s, &why), RC_OK);
	/* 20 laptops at 350 € = 7 000 € retained, 80 % → 5 600 € committed in 23 */
	id = retained_preorder(&w, 700000);
	assert_int_equal(uc_preorder_get(&uo, id, po, &why), RC_OK);
	assert_int_equal(po->subsidy, 560000);

	/* below the committed 5 600 €: refused, saying how much is committed */
	assert_int_equal(settings_set_envelope(s, "23", 559999, &why), RC_OK);
	assert_int_equal(uc_settings_update(&ua, s, &why), RC_INVALID);
	assert_non_null(strstr(why, "L'enveloppe du département 23 ne peut descendre"));
	assert_non_null(strstr(why, "déjà engagées"));
	assert_int_equal(s->version, 1);
	/* removing it counts as 0: refused too */
	assert_int_equal(uc_settings_get(&ua, s, &why), RC_OK);
	s->nenvelopes = 1;
	memmove(&s->envelopes[0], &s->envelopes[1], sizeof s->envelopes[0]);
	assert_string_equal(s->envelopes[0].dept, "87");
	assert_int_equal(uc_settings_update(&ua, s, &why), RC_INVALID);
	assert_non_null(strstr(why, "département 23"));
	/* 87 has nothing committed: lowered to 0 freely; 23 exactly to its commitments */
	assert_int_equal(uc_settings_get(&ua, s, &why), RC_OK);
	assert_int_equal(settings_set_envelope(s, "87", 0, &why), RC_OK);
	assert_int_equal(settings_set_envelope(s, "23", 560000, &why), RC_OK);
	/* and the rate goes down: the subsidy granted stays as retained */
	s->subsidy_rate_bp = 5000;
	assert_int_equal(uc_settings_update(&ua, s, &why), RC_OK);
	assert_int_equal(uc_preorder_get(&uo, id, po, &why), RC_OK);
	assert_int_equal(po->subsidy, 560000);
	assert_int_equal(settings_events(&w).n, 2);
	free(why);
	free(s);
	free(po);
	world_close(&w);
}

static void test_diff(void **state)
{
	struct settings *a = xmalloc(sizeof *a), *b = xmalloc(sizeof *b);
	char before[AUDIT_SUMMARY_MAX + 1], after[AUDIT_SUMMARY_MAX + 1], small[40], small2[40];
	(void)state;

	settings_defaults(a);
	*b = *a;
	assert_int_equal(settings_diff(a, b, before, after, sizeof before), 0);
	assert_string_equal(before, "");
	assert_string_equal(after, "");
	/* envelopes added, changed, removed, kept */
	settings_set_envelope(a, "01", 100, NULL);
	settings_set_envelope(a, "23", 200, NULL);
	settings_set_envelope(a, "87", 300, NULL);
	settings_set_envelope(b, "23", 250, NULL);
	settings_set_envelope(b, "87", 300, NULL);
	settings_set_envelope(b, "974", 400, NULL);
	assert_int_equal(settings_diff(a, b, before, after, sizeof before), 3);
	{
		char m[6][48], eb[256], ea[256];
		snprintf(eb, sizeof eb, "enveloppe 01 : %s ; enveloppe 23 : %s ; enveloppe 974 : aucune",
		         cents_format(100, m[0], sizeof m[0]), cents_format(200, m[1], sizeof m[1]));
		snprintf(ea, sizeof ea, "enveloppe 01 : aucune ; enveloppe 23 : %s ; enveloppe 974 : %s",
		         cents_format(250, m[2], sizeof m[2]), cents_format(400, m[3], sizeof m[3]));
		assert_string_equal(before, eb);
		assert_string_equal(after, ea);
	}
	/* a long configuration is cut after 60 characters, whole characters only */
	*b = *a;
	memset(b->lots[LOT_PC_FIXE].min_config, 0, sizeof b->lots[LOT_PC_FIXE].min_config);
	for (int i = 0; i < 100; i++)
		strcat(b->lots[LOT_PC_FIXE].min_config, "é");
	assert_int_equal(settings_diff(a, b, before, after, sizeof before), 1);
	assert_true(utf8_valid(after, strlen(after)));
	assert_int_equal(utf8_len(after), utf8_len("configuration PC fixe « ") + 60 + 1 + 2);
	assert_non_null(strstr(after, "é… »"));
	/* a summary longer than its buffer ends with "…", on a character boundary */
	*b = *a;
	b->subsidy_rate_bp = 7000;
	b->expense_cap = 1;
	b->window_open = 20211021;
	assert_int_equal(settings_diff(a, b, small, small2, sizeof small), 3);
	assert_true(utf8_valid(small, strlen(small)));
	assert_true(utf8_valid(small2, strlen(small2)));
	assert_non_null(strstr(small2, "…"));
	assert_true(strlen(small2) < sizeof small2);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anct_changes_everything),
		cmocka_unit_test(test_only_anct),
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_envelope_floor_and_frozen_subsidy),
		cmocka_unit_test(test_diff),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
