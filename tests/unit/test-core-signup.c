/*
 * test-core-signup.c — the sign-up use case against a temporary store with
 * a small geography and small reference lists: each bad field refused with
 * its reason and nothing written, refused kinds told why with the advice,
 * a duplicate SIRET or SIREN refused without naming anyone, SIRETs tried
 * limited per session and per source, names folding alike in a département, eligibility with evidence,
 * the organisation created pending, and its validation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/ident.h"
#include "core/org.h"
#include "core/signup.h"
#include "core/uc-fs.h"
#include "core/uc-reflist.h"
#include "core/uc-preorder.h"
#include "core/uc-session.h"
#include "core/uc-signup.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static const char GEO[] =
	"R\t75\tNouvelle-Aquitaine\n"
	"R\t11\tÎle-de-France\n"
	"D\t23\t75\tCreuse\n"
	"D\t75\t11\tParis\n"
	"E\t200044014\tCC\tCC Creuse Grand Sud\n"
	"E\t200034825\tCA\tCA du Grand Guéret\n"
	"C\t23008\tC\t\tAubusson\t23\t75\t200044014\t23200\t3018\t45.95486\t2.16724\t0\n"
	"C\t23079\tC\t\tFelletin\t23\t75\t200044014\t23500\t1577\t45.88415\t2.17335\t0\n"
	"C\t23096\tC\t\tGuéret\t23\t75\t200034825\t23000\t12955\t46.17185\t1.87166\t0\n"
	"C\t75056\tC\t\tParis\t75\t11\t\t75001,75002\t2103778\t48.85341\t2.3488\t0\n";

static const char ZRR[] = "INSEE;ZRR\n23008;1\n23079;1\n23096;0\n75056;0\n";
static const char QPV[] = "code_qp;lib_qp;insee_com\nQN07501M;Quartier d'essai;75056\n";
static const char FS[] =
	"id_fs;lib_fs;adresse;insee_com;code_postal;type_fs\n"
	"755;France services Aubusson;Esplanade Charles de Gaulle;23008;23200;Principal\n"
	"756;Espace France Services de Felletin;5 rue de la Péri;23079;23500;Principal\n"
	"757;France services Guéret;1 place Bonnyaud;23096;23000;Principal\n";

/* Valid SIRETs (Luhn on SIREN and SIRET). */
#define SIRET_FELLETIN "21230079200018"
#define SIRET_GUERET "21230096600018"
#define SIRET_FELLETIN_2 "21230079200026" /* another establishment, same SIREN */
#define SIRET_FS "20002300000017"
#define SIRET_ASSO "77123456400017"

struct env {
	char *dir;
	struct store *st;
	struct actor anon, sys;
	struct uc anon_uc;          /* signing up: the anonymous actor */
	struct uc sys_uc;           /* validating: the operator */
};

static void import(struct store *st, enum reflist l, const char *name, const char *csv)
{
	struct reflist_parsed p;
	char *why = NULL;
	int rc;

	memset(&p, 0, sizeof p);
	rc = uc_reflist_import(fixture_system(st, 1700000000), l, name, csv, strlen(csv), &p, &why);
	if (rc != RC_OK) {
		for (size_t i = 0; i < p.n_problems; i++)
			fprintf(stderr, "line %zu: %s\n", p.problems[i].line, p.problems[i].reason);
		fail_msg("import %s: %s", name, why ? why : rc_str(rc));
	}
	reflist_parsed_clear(&p);
}

static int setup(void **state)
{
	struct env *e = xcalloc(1, sizeof *e);
	struct store_txn *txn = NULL;
	char *why = NULL;

	e->dir = fixture_new_store();
	assert_int_equal(store_open(e->dir, &e->st, &why), RC_OK);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	if (db_geo_load(txn, GEO, sizeof GEO - 1, NULL, &why) != RC_OK)
		fail_msg("geo: %s", why);
	assert_int_equal(store_commit(txn), RC_OK);
	import(e->st, REFLIST_ZRR, "zrr-communes-cog2021.csv", ZRR);
	import(e->st, REFLIST_QPV, "qpv.csv", QPV);
	import(e->st, REFLIST_FRANCE_SERVICES, "france-services-20240801.csv", FS);
	actor_anonymous(&e->anon);
	actor_system(&e->sys);
	e->anon_uc = (struct uc){ .st = e->st, .actor = &e->anon };
	e->sys_uc = (struct uc){ .st = e->st, .actor = &e->sys };
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	fixture_close(e->st, e->dir);
	free(e);
	return 0;
}

static void good_form(struct signup_form *f)
{
	memset(f, 0, sizeof *f);
	f->kind = ORG_COMMUNE;
	f->siret = SIRET_FELLETIN;
	f->insee = "23079";
	f->name = "Mairie de Felletin";
	strcpy(f->contact.name, "Claire Besson");
	strcpy(f->contact.function, "Secrétaire de mairie");
	strcpy(f->contact.email, "mairie@felletin.example");
	strcpy(f->contact.phone, "05 36 49 00 01");
	f->login = "cbesson";
	f->password = "Creuse-2024-mairie";
	f->confirm = "Creuse-2024-mairie";
	f->reserved_login = "inscription";
}

static size_t count_orgs(struct store *st)
{
	struct store_txn *txn = NULL;
	size_t n = 0;

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	for (uint64_t id = 1; id < 100; id++) {
		struct org o;

		if (db_org_get(txn, id, &o) == RC_OK)
			n++;
	}
	store_abort(txn);
	return n;
}

static bool login_exists(struct store *st, const char *login)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	int rc;

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	rc = db_account_by_login(txn, login, &a);
	store_abort(txn);
	account_clear(&a);
	return rc == RC_OK;
}

/* Runs signup_create on f expecting rc and a reason containing words; nothing written. */
static void expect_refused(struct env *e, const struct signup_form *f, int rc_want,
                           const char *words)
{
	char *why = NULL;
	size_t before = count_orgs(e->st);
	int rc = signup_create(&e->anon_uc, f, NULL, &why);

	if (rc != rc_want || why == NULL || strstr(why, words) == NULL)
		fail_msg("want %s with « %s », got %s: %s", rc_str(rc_want), words, rc_str(rc),
		         why ? why : "(no reason)");
	assert_int_equal(count_orgs(e->st), before);
	assert_false(login_exists(e->st, f->login));
	free(why);
}

static void test_eligible_commune_created_pending(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	struct signup_result r;
	struct store_txn *txn = NULL;
	struct org o;
	struct account a = { 0 };
	char *why = NULL, summary[2048];

	good_form(&f);
	if (signup_create(&e->anon_uc, &f, &r, &why) != RC_OK)
		fail_msg("signup: %s", why);
	assert_int_equal(r.elig.decision, ELIG_ELIGIBLE);
	assert_non_null(strstr(r.elig.reasons[0], "23079"));
	assert_non_null(strstr(r.elig.reasons[0], "ZRR"));
	eligibility_summary(&r.elig, summary, sizeof summary);
	assert_non_null(strstr(summary, "zrr-communes-cog2021.csv"));
	assert_non_null(strstr(summary, "importé le"));

	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(db_org_get(txn, r.org_id, &o), RC_OK);
	assert_int_equal(o.status, ORG_PENDING);
	assert_int_equal(o.kind, ORG_COMMUNE);
	assert_string_equal(o.siren, "212300792");
	assert_string_equal(o.dept, "23");
	assert_string_equal(o.insee, "23079");
	assert_string_equal(o.contact.email, "mairie@felletin.example");
	assert_int_equal(db_account_by_login(txn, "cbesson", &a), RC_OK);
	assert_int_equal(a.role, ROLE_COLLECTIVITE);
	assert_int_equal(a.org_id, r.org_id);
	assert_true(password_verify(a.pwhash, "Creuse-2024-mairie"));
	store_abort(txn);
	account_clear(&a);
	free(why);
}

static const struct org_fs FS_AUBUSSON = { "755", "23008" };

/* A structure porteuse at Aubusson, named without « France Services », nothing picked. */
static void fs_form(struct signup_form *f)
{
	good_form(f);
	f->kind = ORG_FRANCE_SERVICES;
	f->siret = SIRET_FS;
	f->insee = "23008";
	f->name = "Communauté de communes Creuse Grand Sud";
	f->login = "fs-aubusson";
}

static void test_france_services_registered(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	struct signup_result r;
	struct store_txn *txn = NULL;
	struct org o;
	char *why = NULL;

	fs_form(&f);
	f.fs = &FS_AUBUSSON;
	f.nfs = 1;
	if (signup_create(&e->anon_uc, &f, &r, &why) != RC_OK)
		fail_msg("signup: %s", why);
	assert_int_equal(r.elig.decision, ELIG_ELIGIBLE);
	assert_int_equal(r.role, ROLE_FRANCE_SERVICES);
	assert_true(r.elig.used[REFLIST_FRANCE_SERVICES]);
	/* The register entry is the evidence, whatever the organisation is called. */
	assert_non_null(strstr(r.elig.reasons[0], "« France services Aubusson » (n° 755, Esplanade "
	                                          "Charles de Gaulle"));
	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(db_org_get(txn, r.org_id, &o), RC_OK);
	store_abort(txn);
	assert_int_equal(o.nfs, 1);
	assert_string_equal(o.fs[0].id, "755");
	assert_string_equal(o.fs[0].insee, "23008");
	free(why);
}

/* Boussac's case: the same structure, two names, one verdict — the pick's. */
static void test_france_services_name_does_not_matter(void **state)
{
	static const char *const names[] = {
		"Espace France Services de Felletin", "Communauté de communes Creuse Grand Sud",
	};
	static const struct org_fs felletin = { "756", "23079" };
	struct env *e = *state;
	struct eligibility el;
	char *why = NULL;

	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		assert_int_equal(signup_eligibility(&e->anon_uc, ORG_FRANCE_SERVICES, "", "23079", names[i],
		                                    &el, &why), RC_OK);
		assert_int_equal(el.decision, ELIG_UNKNOWN);
		assert_non_null(strstr(el.reasons[0], "choisissez"));
		assert_int_equal(signup_eligibility_picked(&e->anon_uc, ORG_FRANCE_SERVICES, "", "23079",
		                                           &felletin, 1, &el, &why), RC_OK);
		assert_int_equal(el.decision, ELIG_ELIGIBLE);
		assert_non_null(strstr(el.reasons[0], "Espace France Services de Felletin"));
	}
	free(why);
}

static void test_france_services_unknown_refused(void **state)
{
	static const struct org_fs nowhere = { "999", "23079" };
	static const struct org_fs wrong_commune = { "755", "23079" };
	struct env *e = *state;
	struct signup_form f;

	fs_form(&f);
	f.insee = "23079";
	f.name = "Espace numérique de Felletin";
	f.fs = &nowhere;
	f.nfs = 1;
	expect_refused(e, &f, RC_INVALID, "n'est pas dans le registre");
	f.fs = &wrong_commune;
	expect_refused(e, &f, RC_INVALID, "n° 755 n'est pas dans le registre");
}

static void test_france_services_near(void **state)
{
	struct env *e = *state;
	struct fs_space sp[FS_NEAR_MAX];
	size_t n = 0;
	char *why = NULL;

	assert_int_equal(uc_fs_near(&e->anon_uc, "23008", 20, sp, FS_NEAR_MAX, &n, &why), RC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(sp[0].ref.id, "755");
	assert_string_equal(sp[0].ref.insee, "23008");
	assert_int_equal(sp[0].distance_km, 0);
	assert_string_equal(sp[0].name, "France services Aubusson");
	assert_string_equal(sp[0].commune, "Aubusson");
	assert_non_null(strstr(sp[0].address, "Esplanade Charles de Gaulle"));
	assert_string_equal(sp[1].ref.id, "756");
	assert_string_equal(sp[1].commune, "Felletin");
	assert_true(sp[1].distance_km > 0 && sp[1].distance_km <= 20);
	/* A wider radius reaches Guéret; the cap holds. */
	assert_int_equal(uc_fs_near(&e->anon_uc, "23008", 60, sp, FS_NEAR_MAX, &n, &why), RC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(sp[2].ref.id, "757");
	assert_int_equal(uc_fs_near(&e->anon_uc, "23008", 60, sp, 1, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(uc_fs_near(&e->anon_uc, "99999", 20, sp, FS_NEAR_MAX, &n, &why), RC_NOTFOUND);
	free(why);
}

static void test_france_services_pick_recorded(void **state)
{
	static const struct org_fs both[2] = { { "755", "23008" }, { "756", "23079" } };
	struct env *e = *state;
	struct signup_form f;
	struct signup_result r;
	struct actor staff = { 0 }, other = { 0 };
	struct org o;
	struct eligibility el;
	char *why = NULL;

	fs_form(&f);
	assert_int_equal(signup_create(&e->anon_uc, &f, &r, &why), RC_OK);
	assert_int_equal(r.elig.decision, ELIG_UNKNOWN);
	staff.account_id = r.account_id;
	strcpy(staff.login, "fs-aubusson");
	staff.role = ROLE_FRANCE_SERVICES;
	staff.org_id = r.org_id;
	strcpy(staff.dept, "23");
	other = staff;
	other.org_id = r.org_id + 1;
	assert_int_equal(uc_fs_pick(&(struct uc){ .st = e->st, .actor = &other }, r.org_id, 1, both, 2, NULL, &why), RC_DENIED);
	free(why);
	why = NULL;
	assert_int_equal(uc_fs_pick(&(struct uc){ .st = e->st, .actor = &staff }, r.org_id, 7, both, 2, NULL, &why), RC_STALE);
	free(why);
	why = NULL;
	assert_int_equal(uc_fs_pick(&(struct uc){ .st = e->st, .actor = &staff }, r.org_id, 1, both, 2, &o, &why), RC_OK);
	assert_int_equal(o.nfs, 2);
	assert_int_equal(o.version, 2);
	assert_int_equal(signup_validate(&e->sys_uc, r.org_id, NULL, NULL, &o, NULL, &why), RC_OK);
	assert_int_equal(o.status, ORG_VALIDATED);
	{
		struct store_txn *txn = NULL;

		assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
		assert_int_equal(uc_org_eligibility_in(&e->sys_uc, txn, &o, &el), RC_OK);
		store_abort(txn);
	}
	assert_int_equal(el.decision, ELIG_ELIGIBLE);
	assert_non_null(strstr(el.reasons[0], "n° 755"));
	free(why);
}

static void test_refused_kinds(void **state)
{
	static const enum org_kind refused[] = {
		ORG_ASSOCIATION, ORG_CCAS, ORG_MISSION_LOCALE, ORG_ENTREPRISE,
		ORG_CHAMBRE_CONSULAIRE, ORG_CHAMBRE_AGRICULTURE,
	};
	struct env *e = *state;
	struct signup_form f;

	for (size_t i = 0; i < ARRAY_LEN(refused); i++) {
		char *why = NULL;

		good_form(&f);
		f.kind = refused[i];
		f.siret = SIRET_ASSO;
		f.login = "asso";
		assert_int_equal(signup_kind_check(refused[i], &why), RC_DENIED);
		assert_non_null(strstr(why, "collectivité"));
		assert_non_null(strstr(why, org_kind_label(refused[i])));
		free(why);
		expect_refused(e, &f, RC_DENIED, "Adressez-vous à votre collectivité");
	}
	good_form(&f);
	f.kind = ORG_PREFECTURE;
	expect_refused(e, &f, RC_INVALID, "équipe du programme");
	f.kind = ORG_RECONDITIONNEUR;
	expect_refused(e, &f, RC_INVALID, "équipe du programme");
	f.kind = ORG_KIND_NONE;
	expect_refused(e, &f, RC_INVALID, "type");
}

static void test_not_eligible_commune(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	struct eligibility el;
	char *why = NULL;

	good_form(&f);
	f.siret = SIRET_GUERET;
	f.insee = "23096";
	f.name = "Mairie de Guéret";
	expect_refused(e, &f, RC_DENIED, "23096");
	assert_int_equal(signup_eligibility(&e->anon_uc, ORG_COMMUNE, "", "75056", "Mairie de Paris",
	                                    &el, &why), RC_OK);
	assert_int_equal(el.decision, ELIG_ELIGIBLE);
	assert_non_null(strstr(el.reasons[0], "QPV"));
	assert_true(el.used[REFLIST_QPV]);
	assert_true(el.evidence[REFLIST_QPV].loaded);
	assert_string_equal(el.evidence[REFLIST_QPV].file, "qpv.csv");
	/* A communauté de communes is judged by its territory (EPCI by SIREN). */
	assert_int_equal(signup_eligibility(&e->anon_uc, ORG_COMMUNAUTE_COMMUNES, "200044014", "23008",
	                                    "CC Creuse Grand Sud", &el, &why), RC_OK);
	assert_int_equal(el.decision, ELIG_ELIGIBLE);
	assert_int_equal(el.ncommunes, 2);
	free(why);
}

static void test_bad_fields(void **state)
{
	static const char *const long_name =
		"Mairie xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	struct env *e = *state;
	struct signup_form f;

	good_form(&f); f.siret = ""; expect_refused(e, &f, RC_INVALID, "SIRET");
	good_form(&f); f.siret = "2123007900001"; expect_refused(e, &f, RC_INVALID, "SIRET");
	good_form(&f); f.siret = "21230079200019"; expect_refused(e, &f, RC_INVALID, "SIRET");
	good_form(&f); f.siret = "2123007920001a"; expect_refused(e, &f, RC_INVALID, "SIRET");
	good_form(&f); f.insee = ""; expect_refused(e, &f, RC_INVALID, "commune");
	good_form(&f); f.insee = "99999"; expect_refused(e, &f, RC_INVALID, "INSEE");
	good_form(&f); f.name = ""; expect_refused(e, &f, RC_INVALID, "Nom de l'organisation");
	good_form(&f); f.name = "Mairie \033[31mrouge"; expect_refused(e, &f, RC_INVALID,
	                                                              "Nom de l'organisation");
	good_form(&f); f.name = "Mairie \xc2\x9b" "31m"; expect_refused(e, &f, RC_INVALID,
	                                                               "Nom de l'organisation");
	good_form(&f); f.name = "Mairie \xff"; expect_refused(e, &f, RC_INVALID,
	                                                     "Nom de l'organisation");
	good_form(&f); f.name = "Mairie\a"; expect_refused(e, &f, RC_INVALID, "Nom");
	good_form(&f); f.name = long_name; expect_refused(e, &f, RC_INVALID, "Nom");
	good_form(&f); f.contact.name[0] = '\0'; expect_refused(e, &f, RC_INVALID, "Nom du contact");
	good_form(&f); strcpy(f.contact.name, "Claire\033]0;titre\a");
	expect_refused(e, &f, RC_INVALID, "Nom du contact");
	good_form(&f); f.contact.function[0] = '\0';
	expect_refused(e, &f, RC_INVALID, "Fonction du contact");
	good_form(&f); f.contact.email[0] = '\0'; expect_refused(e, &f, RC_INVALID, "électronique");
	good_form(&f); strcpy(f.contact.email, "mairie.felletin.example");
	expect_refused(e, &f, RC_INVALID, "électronique");
	good_form(&f); strcpy(f.contact.email, "mairie@felletin");
	expect_refused(e, &f, RC_INVALID, "domaine");
	good_form(&f); strcpy(f.contact.email, "mai rie@felletin.fr");
	expect_refused(e, &f, RC_INVALID, "électronique");
	good_form(&f); strcpy(f.contact.email, "a@b@felletin.fr");
	expect_refused(e, &f, RC_INVALID, "électronique");
	good_form(&f); f.contact.phone[0] = '\0'; expect_refused(e, &f, RC_INVALID, "téléphone");
	good_form(&f); strcpy(f.contact.phone, "05 36 49 00");
	expect_refused(e, &f, RC_INVALID, "Téléphone");
	good_form(&f); strcpy(f.contact.phone, "05-36-49-00-0x");
	expect_refused(e, &f, RC_INVALID, "Téléphone");
	good_form(&f); strcpy(f.contact.phone, "+44 20 7946 0000");
	expect_refused(e, &f, RC_INVALID, "+33");
	good_form(&f); f.login = "Claire Besson"; expect_refused(e, &f, RC_INVALID, "dentifiant");
	good_form(&f); f.login = "inscription"; expect_refused(e, &f, RC_INVALID, "réservé");
	good_form(&f); f.password = "court"; f.confirm = "court";
	expect_refused(e, &f, RC_INVALID, "ot de passe");
	good_form(&f); f.confirm = "Creuse-2024-mairiE";
	expect_refused(e, &f, RC_INVALID, "identiques");
	good_form(&f); f.key_line = "ssh-ed25519 pasdubase64";
	expect_refused(e, &f, RC_INVALID, "");
}

static void test_good_phones_and_emails(void **state)
{
	static const char *const phones[] = { "0536490001", "05 36 49 00 01", "05.36.49.00.01",
	                                      "+33 5 36 49 00 01", "+33536490001" };
	static const char *const emails[] = { "a@b.fr", "prenom.nom+recond@mairie-x.gouv.fr" };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(phones); i++)
		assert_int_equal(signup_phone_check(phones[i], NULL), RC_OK);
	for (size_t i = 0; i < ARRAY_LEN(emails); i++)
		assert_int_equal(signup_email_check(emails[i], NULL), RC_OK);
}

/* Signs up the Mairie de Felletin of good_form (the organisation others collide with). */
static void register_felletin(struct env *e)
{
	struct signup_form f;
	char *why = NULL;

	good_form(&f);
	if (signup_create(&e->anon_uc, &f, NULL, &why) != RC_OK)
		fail_msg("signup: %s", why);
}

/* A refusal at sign-up gives nobody's details away. */
static void assert_no_details(const char *why)
{
	assert_null(strstr(why, "Claire"));
	assert_null(strstr(why, "@"));
	assert_null(strstr(why, "Felletin"));
	assert_null(strstr(why, "attente"));
	assert_null(strstr(why, "validée"));
}

static void test_duplicate_siret_gives_nothing(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	char *why = NULL;

	register_felletin(e);
	good_form(&f);
	f.login = "autre";
	strcpy(f.contact.name, "Quelqu'un d'autre");
	expect_refused(e, &f, RC_EXISTS, "Cette organisation est déjà inscrite");
	assert_int_equal(signup_create(&e->anon_uc, &f, NULL, &why), RC_EXISTS);
	assert_non_null(strstr(why, "équipe du programme"));
	assert_no_details(why);
	free(why);
	why = NULL;
	/* The SIRET step says the same before anything else is typed. */
	assert_int_equal(signup_siret_try(&e->anon_uc, NULL, ORG_COMMUNE, SIRET_FELLETIN, &why),
	                 RC_EXISTS);
	assert_non_null(strstr(why, "Cette organisation est déjà inscrite"));
	assert_no_details(why);
	free(why);
	why = NULL;
	assert_int_equal(signup_siret_try(&e->anon_uc, NULL, ORG_COMMUNE, SIRET_GUERET, &why), RC_OK);
	/* The same login for another organisation: refused too. */
	good_form(&f);
	f.siret = SIRET_GUERET;
	f.insee = "23008";
	f.name = "Mairie d'Aubusson";
	assert_int_equal(signup_create(&e->anon_uc, &f, NULL, &why), RC_EXISTS);
	assert_non_null(strstr(why, "déjà pris"));
	free(why);
}

static void test_one_registration_per_siren(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	char *why = NULL;

	register_felletin(e);
	/* Another establishment of the same SIREN: a second cap would follow. */
	good_form(&f);
	f.siret = SIRET_FELLETIN_2;
	f.name = "Mairie de Felletin, services techniques";
	f.login = "felletin2";
	expect_refused(e, &f, RC_EXISTS, "ne s'inscrit qu'une fois");
	assert_int_equal(signup_create(&e->anon_uc, &f, NULL, &why), RC_EXISTS);
	assert_non_null(strstr(why, "compte dans l'organisation existante"));
	assert_no_details(why);
	free(why);
	why = NULL;
	assert_int_equal(signup_siret_try(&e->anon_uc, NULL, ORG_COMMUNE, SIRET_FELLETIN_2, &why),
	                 RC_EXISTS);
	free(why);
}

static void test_name_folding_in_dept(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	char *why = NULL;

	register_felletin(e);
	/* Same département, a name that folds alike: refused. */
	good_form(&f);
	f.siret = SIRET_GUERET;
	f.insee = "23096";
	f.name = "MAIRIE DE FELLÉTIN";
	f.login = "gueret";
	expect_refused(e, &f, RC_EXISTS, "porte déjà ce nom");
	/* Another département: allowed. */
	f.insee = "75056";
	f.login = "paris";
	assert_int_equal(signup_create(&e->anon_uc, &f, NULL, &why), RC_OK);
	free(why);
}

/* A valid SIRET numbered n (Luhn on its SIREN and on itself). */
static void make_siret(unsigned n, char out[15])
{
	snprintf(out, 15, "3%07u00010", n);
	for (char d = '0'; d <= '9'; d++) {
		out[8] = d;
		out[9] = '\0';
		if (luhn_ok(out))
			break;
	}
	snprintf(out + 9, 6, "0001");
	for (char d = '0'; d <= '9'; d++) {
		out[13] = d;
		out[14] = '\0';
		if (luhn_ok(out))
			break;
	}
}

static void test_siret_tries_limited(void **state)
{
	struct env *e = *state;
	struct signup_session a, b, c, other;
	char siret[15], *why = NULL;
	unsigned n = 0, counted;

	/* Per session: the same SIRET twice counts once. */
	signup_session_init(&a, "192.0.2.7");
	for (unsigned i = 0; i < SIGNUP_SIRET_TRIES_SESSION; i++) {
		make_siret(n++, siret);
		assert_int_equal(signup_siret_try(&e->anon_uc, &a, ORG_COMMUNE, siret, &why), RC_OK);
		assert_int_equal(signup_siret_try(&e->anon_uc, &a, ORG_COMMUNE, siret, &why), RC_OK);
	}
	make_siret(n++, siret);
	assert_int_equal(signup_siret_try(&e->anon_uc, &a, ORG_COMMUNE, siret, &why), RC_FULL);
	assert_non_null(strstr(why, "Trop de SIRET"));
	free(why);
	why = NULL;
	/* Per source: new sessions from the same address reach the source's cap. */
	for (counted = SIGNUP_SIRET_TRIES_SESSION; counted < SIGNUP_SIRET_TRIES_SOURCE; counted++) {
		signup_session_init(&b, "192.0.2.7");
		make_siret(n++, siret);
		assert_int_equal(signup_siret_try(&e->anon_uc, &b, ORG_COMMUNE, siret, &why), RC_OK);
	}
	signup_session_init(&c, "192.0.2.7");
	make_siret(n++, siret);
	assert_int_equal(signup_siret_try(&e->anon_uc, &c, ORG_COMMUNE, siret, &why), RC_FULL);
	assert_non_null(strstr(why, "depuis votre adresse"));
	free(why);
	why = NULL;
	/* The whole form is refused as well, and another address is not concerned. */
	{
		struct signup_form f;

		good_form(&f);
		f.session = &c;
		expect_refused(e, &f, RC_FULL, "depuis votre adresse");
		signup_session_init(&other, "198.51.100.1");
		f.session = &other;
		assert_int_equal(signup_create(&e->anon_uc, &f, NULL, &why), RC_OK);
	}
	free(why);
}

static void test_validate(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	struct signup_result r;
	struct org o;
	char *why = NULL;
	bool already = true;

	good_form(&f);
	assert_int_equal(signup_create(&e->anon_uc, &f, &r, &why), RC_OK);
	assert_int_equal(signup_validate(&e->sys_uc, 0, "21230079200026", NULL, &o, NULL, &why),
	                 RC_NOTFOUND);
	free(why);
	why = NULL;
	assert_int_equal(signup_validate(&e->sys_uc, 0, "123", NULL, &o, NULL, &why), RC_INVALID);
	free(why);
	why = NULL;
	assert_int_equal(signup_validate(&e->sys_uc, 9999, NULL, NULL, &o, NULL, &why),
	                 RC_NOTFOUND);
	free(why);
	why = NULL;
	assert_int_equal(signup_validate(&e->sys_uc, 0, SIRET_FELLETIN, NULL, &o, &already, &why),
	                 RC_OK);
	assert_false(already);
	assert_int_equal(o.status, ORG_VALIDATED);
	assert_int_equal(o.id, r.org_id);
	/* Again: nothing to do, still RC_OK, and said so. */
	assert_int_equal(signup_validate(&e->sys_uc, r.org_id, NULL, NULL, &o, &already, &why),
	                 RC_OK);
	assert_true(already);
	assert_int_equal(o.status, ORG_VALIDATED);
	assert_int_equal(o.version, 2);
	free(why);
}

/* The last audit event of organisation id into *out. */
static int audit_last(const struct audit_event *ev, void *ctx)
{
	*(struct audit_event *)ctx = *ev;
	return 0;
}

static void last_event(struct env *e, uint64_t id, struct audit_event *out)
{
	struct store_txn *txn = NULL;

	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, "org", id, 0, audit_last, out), RC_OK);
	store_abort(txn);
}

static void test_validate_not_eligible_needs_force(void **state)
{
	struct env *e = *state;
	struct store_txn *txn = NULL;
	struct audit_event ev;
	struct org o = { 0 };
	char *why = NULL;
	bool already = true;

	/* Guéret is in no ZRR and has no QPV: not eligible. */
	o.kind = ORG_COMMUNE;
	o.status = ORG_PENDING;
	strcpy(o.name, "Mairie de Guéret");
	strcpy(o.siret, SIRET_GUERET);
	strcpy(o.siren, "212300966");
	strcpy(o.insee, "23096");
	strcpy(o.dept, "23");
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &o), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);

	assert_int_equal(signup_validate(&e->sys_uc, o.id, NULL, NULL, NULL, NULL, &why),
	                 RC_DENIED);
	assert_non_null(strstr(why, "non éligible"));
	assert_non_null(strstr(why, "Guéret (23096)"));
	assert_non_null(strstr(why, "--force"));
	free(why);
	why = NULL;
	assert_int_equal(signup_validate(&e->sys_uc, o.id, NULL, "", NULL, NULL, &why),
	                 RC_INVALID);
	free(why);
	why = NULL;
	assert_int_equal(signup_validate(&e->sys_uc, o.id, NULL, "QPV signalé par la préfecture",
	                                 &o, &already, &why), RC_OK);
	assert_false(already);
	assert_int_equal(o.status, ORG_VALIDATED);
	last_event(e, o.id, &ev);
	assert_int_equal(ev.action, ACT_ORG_VALIDATE);
	assert_string_equal(ev.actor_login, "système");
	assert_non_null(strstr(ev.after, "validation forcée (non éligible) : QPV signalé"));

	/* Refusal: the reason is required, kept, and a second refusal changes nothing. */
	assert_int_equal(signup_refuse(&e->sys_uc, o.id, NULL, NULL, NULL, NULL, &why), RC_INVALID);
	assert_non_null(strstr(why, "motif"));
	free(why);
	why = NULL;
	assert_int_equal(signup_refuse(&e->sys_uc, 0, SIRET_GUERET, "Doublon de la CC", &o,
	                               &already, &why), RC_OK);
	assert_false(already);
	assert_int_equal(o.status, ORG_REFUSED);
	last_event(e, o.id, &ev);
	assert_int_equal(ev.action, ACT_ORG_REFUSE);
	assert_string_equal(ev.after, "refusée : Doublon de la CC");
	assert_string_equal(ev.actor_login, "système");
	/* the applicant's session reads the reason */
	{
		struct account a = { .role = ROLE_COLLECTIVITE, .org_id = o.id };
		struct whoami w;

		strcpy(a.login, "gueret");
		assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
		assert_int_equal(db_account_insert(txn, &a), RC_OK);
		assert_int_equal(store_commit(txn), RC_OK);
		assert_int_equal(uc_whoami(e->st, a.id, &w, &why), RC_OK);
		assert_int_equal(w.org_status, ORG_REFUSED);
		assert_string_equal(w.org_refusal, "Doublon de la CC");
		whoami_clear(&w);
	}
	assert_int_equal(signup_refuse(&e->sys_uc, o.id, NULL, "encore", &o, &already, &why),
	                 RC_OK);
	assert_true(already);
	/* A refused organisation is not validated. */
	assert_int_equal(signup_validate(&e->sys_uc, o.id, NULL, NULL, NULL, NULL, &why),
	                 RC_INVALID);
	free(why);
}

struct audit_count {
	size_t n;
	enum action actions[8];
};

static int audit_one(const struct audit_event *ev, void *ctx)
{
	struct audit_count *c = ctx;

	if (c->n < 8)
		c->actions[c->n] = ev->action;
	c->n++;
	return 0;
}

static void test_audit_events(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	struct signup_result r;
	struct store_txn *txn = NULL;
	struct audit_count c = { 0 };
	char *why = NULL;

	good_form(&f);
	assert_int_equal(signup_create(&e->anon_uc, &f, &r, &why), RC_OK);
	assert_int_equal(signup_validate(&e->sys_uc, r.org_id, NULL, NULL, NULL, NULL, &why),
	                 RC_OK);
	assert_int_equal(store_begin(e->st, false, &txn), RC_OK);
	assert_int_equal(db_audit_each(txn, "org", r.org_id, 0, audit_one, &c), RC_OK);
	store_abort(txn);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.actions[0], ACT_ORG_SIGNUP);
	assert_int_equal(c.actions[1], ACT_ORG_VALIDATE);
	free(why);
}

/* Validation is the programme team's (ACT_ORG_VALIDATE): refused to anyone else. */
static void test_validate_needs_the_right(void **state)
{
	struct env *e = *state;
	struct signup_form f;
	struct signup_result r;
	struct actor coll = { .account_id = 5, .login = "maire", .role = ROLE_COLLECTIVITE,
		              .org_id = 1, .dept = "23" };
	struct uc by_coll = { .st = e->st, .actor = &coll };
	struct org o;
	char *why = NULL;

	good_form(&f);
	assert_int_equal(signup_create(&e->anon_uc, &f, &r, &why), RC_OK);
	assert_int_equal(signup_validate(&e->anon_uc, r.org_id, NULL, NULL, &o, NULL, &why), RC_DENIED);
	assert_int_equal(signup_validate(&by_coll, r.org_id, NULL, NULL, &o, NULL, &why), RC_DENIED);
	assert_non_null(strstr(why, "Votre rôle"));
	/* and signing up is the anonymous actor's: a logged-in collectivité may not */
	f.siret = "21230079200026";
	assert_int_equal(signup_create(&by_coll, &f, NULL, &why), RC_DENIED);
	free(why);
}

static void test_find_communes(void **state)
{
	struct env *e = *state;
	struct signup_commune out[SIGNUP_COMMUNES_MAX];
	size_t n = 0;
	char *why = NULL;

	assert_int_equal(signup_find_communes(&e->anon_uc, "fel", out, 10, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].insee, "23079");
	assert_string_equal(out[0].postcode, "23500");
	assert_int_equal(signup_find_communes(&e->anon_uc, "gueret", out, 10, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].name, "Guéret");
	assert_int_equal(signup_find_communes(&e->anon_uc, " 23200 ", out, 10, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].insee, "23008");
	assert_int_equal(signup_find_communes(&e->anon_uc, "zzz", out, 10, &n, &why), RC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(signup_find_communes(&e->anon_uc, "f", out, 10, &n, &why), RC_INVALID);
	assert_int_equal(signup_find_communes(&e->anon_uc, "fe\033[", out, 10, &n, &why), RC_INVALID);
	free(why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_eligible_commune_created_pending, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_france_services_registered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_france_services_name_does_not_matter, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_france_services_near, setup, teardown),
		cmocka_unit_test_setup_teardown(test_france_services_pick_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_france_services_unknown_refused, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_refused_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_eligible_commune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_fields, setup, teardown),
		cmocka_unit_test(test_good_phones_and_emails),
		cmocka_unit_test_setup_teardown(test_duplicate_siret_gives_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_registration_per_siren, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_folding_in_dept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_siret_tries_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate_not_eligible_needs_force, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_audit_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate_needs_the_right, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_communes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
