/*
 * test-core-eligibility.c — the eligibility decision as a full table: every
 * organisation kind × every zone situation (classed or not, partly classed,
 * QPV, France Services register, lists missing, mixed grouping), with the
 * reasons and the evidence checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/eligibility.h"
#include "core/org.h"
#include "core/util.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

enum situation {
	S_NO_FACTS,       /* nothing known */
	S_NOT_CLASSED,    /* every list loaded, commune in none */
	S_ZRR,            /* classed ZRR */
	S_ZRR_PARTIAL,    /* partly classed ZRR */
	S_FRR,            /* classed FRR */
	S_QPV,            /* contains a QPV */
	S_NO_LISTS,       /* no list imported */
	S_ONLY_ZRR_LIST,  /* ZRR list loaded (commune not in it), QPV and register missing */
	S_FS_REGISTERED,  /* every list loaded, not classed, in the France Services register */
	S_MIXED,          /* 3 communes, the second classed ZRR */
	S_GROUP_NONE,     /* 3 communes, none classed */
	S_NO_COMMUNES,    /* lists loaded, territory unknown */
	S_FS_GONE,        /* every list loaded, not classed, a space picked that the register lost */
	S_COUNT
};

enum kind_class { K_NONE, K_COLLECTIVITE, K_FS, K_REFUSED, K_INSTITUTIONAL };

static enum kind_class class_of(enum org_kind k)
{
	if (k == ORG_KIND_NONE)
		return K_NONE;
	if (k == ORG_FRANCE_SERVICES)
		return K_FS;
	if (org_kind_is_refused(k))
		return K_REFUSED;
	if (org_kind_is_institutional(k))
		return K_INSTITUTIONAL;
	return K_COLLECTIVITE;
}

#define E ELIG_ELIGIBLE
#define R ELIG_REFUSED
#define U ELIG_UNKNOWN

/* expected[class][situation], written out by hand from the rules. */
static const enum elig_decision expected[5][S_COUNT] = {
	/*                 nofacts notcl zrr zrrP frr qpv nolists onlyzrr fsreg mixed gnone nocomm fsgone */
	[K_NONE] =         { U,     U,    U,  U,   U,  U,  U,      U,      U,    U,    U,    U,     U },
	[K_COLLECTIVITE] = { U,     R,    E,  E,   E,  E,  U,      U,      E,    E,    R,    U,     R },
	[K_FS] =           { U,     U,    U,  U,   U,  U,  U,      U,      E,    U,    U,    U,     R },
	[K_REFUSED] =      { R,     R,    R,  R,   R,  R,  R,      R,      E,    R,    R,    R,     R },
	[K_INSTITUTIONAL] ={ R,     R,    R,  R,   R,  R,  R,      R,      R,    R,    R,    R,     R },
};

static struct commune_zone communes[3];

static void set_loaded(struct zone_facts *f, enum reflist l)
{
	f->lists[l].loaded = true;
	snprintf(f->lists[l].file, sizeof f->lists[l].file, "%s-2024.csv", reflist_name(l));
	f->lists[l].imported_at = 1719792000; /* 01/07/2024 02:00 Paris */
	f->lists[l].rows = 1000 + l;
}

static void build(enum situation s, struct zone_facts *f)
{
	memset(f, 0, sizeof *f);
	memset(communes, 0, sizeof communes);
	strcpy(communes[0].insee, "23096");
	strcpy(communes[1].insee, "23001");
	strcpy(communes[2].insee, "23002");
	f->communes = communes;
	f->ncommunes = 1;
	if (s != S_NO_LISTS && s != S_ONLY_ZRR_LIST)
		for (int l = 0; l < REFLIST_COUNT; l++)
			set_loaded(f, (enum reflist)l);
	switch (s) {
	case S_ZRR: communes[0].in[REFLIST_ZRR] = ZONE_YES; break;
	case S_ZRR_PARTIAL: communes[0].in[REFLIST_ZRR] = ZONE_PARTIAL; break;
	case S_FRR: communes[0].in[REFLIST_FRR] = ZONE_YES; break;
	case S_QPV: communes[0].in[REFLIST_QPV] = ZONE_YES; break;
	case S_ONLY_ZRR_LIST: set_loaded(f, REFLIST_ZRR); break;
	case S_FS_REGISTERED:
		f->fs_npicked = 1;
		f->fs_registered = true;
		strcpy(f->fs_site, "France Services de Guéret");
		strcpy(f->fs_where, "n° 412, 1 place Bonnyaud, Guéret");
		break;
	case S_FS_GONE: f->fs_npicked = 1; break;
	case S_MIXED:
		f->ncommunes = 3;
		communes[1].in[REFLIST_ZRR] = ZONE_YES;
		break;
	case S_GROUP_NONE: f->ncommunes = 3; break;
	case S_NO_COMMUNES: f->ncommunes = 0; break;
	default: break;
	}
}

static void test_full_table(void **state)
{
	struct zone_facts f;
	struct eligibility e;
	size_t failures = 0;
	(void)state;
	for (int k = 0; k < ORG_KIND_COUNT; k++) {
		for (int s = 0; s < S_COUNT; s++) {
			enum elig_decision want = expected[class_of((enum org_kind)k)][s];
			build((enum situation)s, &f);
			eligibility_decide((enum org_kind)k, "23096", s == S_NO_FACTS ? NULL : &f, &e);
			if (e.decision != want) {
				printf("kind %s situation %d: got %s want %s (%s)\n",
				       org_kind_name((enum org_kind)k), s, elig_decision_label(e.decision),
				       elig_decision_label(want), e.nreasons ? e.reasons[0] : "");
				failures++;
			}
			/* every decision explains itself */
			assert_true(e.nreasons >= 1);
			for (size_t i = 0; i < e.nreasons; i++)
				assert_true(strlen(e.reasons[i]) > 10);
			/* refused kinds get the advice, and only they do */
			assert_int_equal(e.advice != NULL,
			                 class_of((enum org_kind)k) == K_REFUSED && s != S_FS_REGISTERED);
			/* an eligible decision names the list it relied on, with its evidence */
			if (e.decision == ELIG_ELIGIBLE) {
				bool any = false;
				for (int l = 0; l < REFLIST_COUNT; l++)
					if (e.used[l]) {
						any = true;
						assert_true(e.evidence[l].loaded);
						assert_true(strlen(e.evidence[l].file) > 0);
					}
				assert_true(any);
			}
		}
	}
	assert_int_equal(failures, 0);
}

static void test_reasons_and_evidence(void **state)
{
	struct zone_facts f;
	struct eligibility e;
	char buf[2400];
	(void)state;

	build(S_ZRR, &f);
	eligibility_decide(ORG_COMMUNE, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_ELIGIBLE);
	assert_non_null(strstr(e.reasons[0], "23096 est classée en ZRR"));
	assert_true(e.used[REFLIST_ZRR]);
	assert_false(e.used[REFLIST_QPV]);
	eligibility_summary(&e, buf, sizeof buf);
	assert_non_null(strstr(buf, "Décision : éligible."));
	assert_non_null(strstr(buf, "fichier « zrr-2024.csv » importé le 01/07/2024 à 02:00"));
	assert_non_null(strstr(buf, "(1000 lignes)"));

	build(S_ZRR_PARTIAL, &f);
	eligibility_decide(ORG_COMMUNE, "23096", &f, &e);
	assert_non_null(strstr(e.reasons[0], "partiellement classée en ZRR"));

	build(S_MIXED, &f);
	eligibility_decide(ORG_COMMUNAUTE_COMMUNES, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_ELIGIBLE);
	assert_int_equal(e.classed, 1);
	assert_int_equal(e.ncommunes, 3);
	assert_non_null(strstr(e.reasons[0], "1 commune sur 3"));
	assert_non_null(strstr(e.reasons[0], "23001"));
	assert_non_null(strstr(e.reasons[1], "dès qu'une commune"));

	build(S_NOT_CLASSED, &f);
	eligibility_decide(ORG_COMMUNE, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_REFUSED);
	assert_non_null(strstr(e.reasons[0], "ni en ZRR ni en FRR"));
	/* a refusal shows the lists consulted */
	assert_true(e.used[REFLIST_ZRR] && e.used[REFLIST_FRR] && e.used[REFLIST_QPV]);

	build(S_ONLY_ZRR_LIST, &f);
	eligibility_decide(ORG_COMMUNE, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_UNKNOWN);
	assert_non_null(strstr(e.reasons[0], "la liste des QPV"));

	build(S_NOT_CLASSED, &f);
	eligibility_decide(ORG_ASSOCIATION, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_REFUSED);
	assert_string_equal(e.advice, org_refused_advice());
	eligibility_summary(&e, buf, sizeof buf);
	assert_non_null(strstr(buf, "Adressez-vous à votre collectivité"));

	build(S_FS_REGISTERED, &f);
	eligibility_decide(ORG_ASSOCIATION, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_ELIGIBLE);
	assert_non_null(strstr(e.reasons[0], "quelle que soit sa forme juridique"));
	assert_true(e.used[REFLIST_FRANCE_SERVICES]);

	/* the register entry picked is the evidence shown */
	eligibility_decide(ORG_FRANCE_SERVICES, "23096", &f, &e);
	assert_non_null(strstr(e.reasons[0], "« France Services de Guéret » (n° 412, 1 place "
	                                     "Bonnyaud, Guéret), choisi dans le registre"));
	/* nothing picked yet: to check, with the advice to pick */
	build(S_NOT_CLASSED, &f);
	eligibility_decide(ORG_FRANCE_SERVICES, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_UNKNOWN);
	assert_non_null(strstr(e.reasons[0], "choisissez celui (ou ceux)"));
	build(S_FS_GONE, &f);
	eligibility_decide(ORG_FRANCE_SERVICES, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_REFUSED);
	assert_non_null(strstr(e.reasons[0], "L'espace choisi ne figure pas dans le registre"));
	build(S_FS_REGISTERED, &f);

	/* a tiny summary buffer is cut cleanly, never overflowed */
	char tiny[12];
	eligibility_summary(&e, tiny, sizeof tiny);
	assert_true(strlen(tiny) < sizeof tiny);
}

/* Reasons name the commune; a verdict cites only the lists imported, and names the missing. */
static void test_names_and_missing_lists(void **state)
{
	struct zone_facts f;
	struct eligibility e;
	char all[ELIG_REASONS_MAX * ELIG_REASON_LEN];
	(void)state;

	build(S_ZRR, &f);
	strcpy(communes[0].name, "Felletin");
	strcpy(communes[0].insee, "23079");
	eligibility_decide(ORG_COMMUNE, "23079", &f, &e);
	assert_non_null(strstr(e.reasons[0], "La commune Felletin (23079) est classée en ZRR"));

	build(S_MIXED, &f);
	strcpy(communes[1].name, "Aubusson");
	eligibility_decide(ORG_COMMUNAUTE_COMMUNES, "23096", &f, &e);
	assert_non_null(strstr(e.reasons[0], "Aubusson (23001)"));

	/* Lyon with ZRR and QPV lists imported, no FRR list: FRR is not cited as checked. */
	build(S_NOT_CLASSED, &f);
	memset(&f.lists[REFLIST_FRR], 0, sizeof f.lists[REFLIST_FRR]);
	strcpy(communes[0].name, "Lyon");
	strcpy(communes[0].insee, "69123");
	eligibility_decide(ORG_COMMUNE, "69123", &f, &e);
	assert_int_equal(e.decision, ELIG_REFUSED);
	all[0] = '\0';
	for (size_t i = 0; i < e.nreasons; i++)
		strcat(all, e.reasons[i]);
	assert_null(strstr(all, "ni en FRR"));
	assert_non_null(strstr(e.reasons[0], "La commune Lyon (69123) n'est pas classée en ZRR et "
	                                     "ne compte aucun QPV"));
	assert_non_null(strstr(all, "Listes consultées : liste des ZRR et liste des QPV. "
	                            "Non importée : liste des FRR."));
	assert_false(e.used[REFLIST_FRR]);

	/* Every list there: no such sentence. */
	build(S_NOT_CLASSED, &f);
	eligibility_decide(ORG_COMMUNE, "23096", &f, &e);
	for (size_t i = 0; i < e.nreasons; i++)
		assert_null(strstr(e.reasons[i], "Non importée"));

	/* Undecidable: the sentence names what is missing. */
	build(S_ONLY_ZRR_LIST, &f);
	eligibility_decide(ORG_COMMUNE, "23096", &f, &e);
	assert_int_equal(e.decision, ELIG_UNKNOWN);
	assert_non_null(strstr(e.reasons[1], "Liste consultée : liste des ZRR. Non importées : "
	                                     "liste des FRR et liste des QPV."));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_table),
		cmocka_unit_test(test_reasons_and_evidence),
		cmocka_unit_test(test_names_and_missing_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
