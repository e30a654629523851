/*
 * demo-refurb.c — the demonstration's refurbishers around the Creuse and
 * the Haute-Vienne, each with benches at real postal codes and offers on
 * some lots: three selected, one pending, one whose price is flagged as
 * excessive (selected, its flag waiting for the programme team) and one not
 * selected with its reason. Idempotent: a refurbisher that already has a
 * record is left as it is.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/uc-refurb.h"
#include "core/uc-signup.h"
#include "core/util.h"
#include "store/store.h"

struct demo_offer {
	enum lot lot;
	cents_t price;
	uint32_t capacity;
	enum grade grade;
};

static const struct demo_refurb {
	const char *name;          /* the organisation (created when absent) */
	const char *siren, *insee, *dept, *postcode;
	enum legal_form form;
	day_t founded;
	enum refurb_state state;   /* pending, selected, or not selected (reason) */
	struct demo_offer offers[3];
	struct contact contact;
} demo_refurbs[] = {
	{ "Atelier du réemploi numérique du Limousin", "880023007", "87085", "87", "87000",
	  LF_SCIC, 20140312, REFURB_SELECTED,
	  { { LOT_PC_PORTABLE, 23000, 400, GRADE_A }, { LOT_PC_FIXE, 19000, 250, GRADE_B },
	    { LOT_SMARTPHONE, 12000, 300, GRADE_B } },
	  { "Paul Mercier", "Responsable de l'atelier", "contact@reemploi-limousin.example",
	    "0536490004" } },
	{ "Creuse Numérique Solidaire", "881023006", "23096", "23", "23000", LF_INSERTION,
	  20170905, REFURB_SELECTED,
	  { { LOT_PC_PORTABLE, 25000, 200, GRADE_A }, { LOT_TABLETTE, 14000, 150, GRADE_B } },
	  { "Nadia Roux", "Directrice", "contact@creuse-solidaire.example", "0555000101" } },
	{ "Ressourcerie informatique de la Glane", "882023005", "87154", "87", "87200",
	  LF_ASSOCIATION, 20111020, REFURB_SELECTED,
	  { { LOT_PC_PORTABLE, 24000, 180, GRADE_B }, { LOT_PC_FIXE, 20000, 120, GRADE_B } },
	  { "Hugo Lefèvre", "Coordinateur", "contact@ressourcerie-glane.example", "0555000102" } },
	{ "Recyclerie des Combrailles", "883023004", "23008", "23", "23200", LF_ASSOCIATION,
	  20190114, REFURB_PENDING,
	  { { LOT_PC_PORTABLE, 26000, 60, GRADE_B } },
	  { "Élise Martin", "Présidente", "contact@recyclerie-combrailles.example",
	    "0555000103" } },
	{ "Informatique Premium Limoges", "884023003", "87085", "87", "87100", LF_SOCIETE,
	  20080601, REFURB_SELECTED,
	  { { LOT_PC_PORTABLE, 42000, 500, GRADE_A } },
	  { "Jean Dupuis", "Gérant", "contact@premium-limoges.example", "0555000104" } },
	{ "Atelier marchois du reconditionnement", "885023002", "23176", "23", "23300",
	  LF_SCOP, 20200302, REFURB_NOT_SELECTED,
	  { { LOT_SMARTPHONE, 13000, 40, GRADE_C } },
	  { "Louis Bernard", "Gérant", "contact@atelier-marchois.example", "0555000105" } },
};

/* The organisation named d->name, created (validated) when absent. */
static int demo_refurb_org(struct store *st, const struct demo_refurb *d, uint64_t *id)
{
	struct store_txn *txn = NULL;
	struct org o;
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = store_begin(st, true, &txn)) != RC_OK)
		return rc;
	rc = db_org_by_name(txn, d->name, &o);
	if (rc == RC_NOTFOUND) {
		memset(&o, 0, sizeof o);
		o.kind = ORG_RECONDITIONNEUR;
		o.status = ORG_VALIDATED;
		strlcpy_(o.name, d->name, sizeof o.name);
		strlcpy_(o.siren, d->siren, sizeof o.siren);
		strlcpy_(o.insee, d->insee, sizeof o.insee);
		strlcpy_(o.dept, d->dept, sizeof o.dept);
		o.contact = d->contact;
		rc = db_org_insert(txn, &o);
	}
	if (rc == RC_OK) {
		*id = o.id;
		rc = store_commit(txn);
		txn = NULL;
	}
	store_abort(txn);
	return rc;
}

/* One refurbisher's record, through the use cases as the operator. */
static int demo_refurb_one(const struct uc *uc, const struct demo_refurb *d, uint64_t id,
                           char **why)
{
	struct refurb *r = xmalloc(sizeof *r);
	struct bench c[16];
	size_t n = 0;
	int rc;

	if ((rc = uc_refurb_get(uc, id, r, why)) != RC_OK || r->version != 0)
		goto out;
	if ((rc = uc_postcode_communes(uc, d->postcode, c, 16, &n, why)) != RC_OK)
		goto out;
	r->legal_form = d->form;
	r->founded = d->founded;
	r->nbenches = 1;
	r->benches[0] = c[0];
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].insee, d->insee) == 0)
			r->benches[0] = c[i];
	if ((rc = uc_refurb_save_profile(uc, id, r, why)) != RC_OK)
		goto out;
	r->dossier.local_reuse_pct = 60;
	r->dossier.staff = 8;
	r->dossier.insertion_jobs = d->form == LF_INSERTION ? 6 : 1;
	r->dossier.ess = d->form != LF_SOCIETE;
	r->dossier.years_activity = 5;
	r->dossier.turnover = TURNOVER_100K_1M;
	strlcpy_(r->dossier.process, "Diagnostic, tests de toutes les fonctions, effacement "
	         "certifié, remise à neuf esthétique.", sizeof r->dossier.process);
	if ((rc = uc_refurb_save_dossier(uc, id, r->version, &r->dossier, why)) != RC_OK)
		goto out;
	r->version++;
	for (size_t i = 0; i < ARRAY_LEN(d->offers) && d->offers[i].price > 0; i++) {
		struct refurb_offer o;

		memset(&o, 0, sizeof o);
		o.active = true;
		o.unit_price = d->offers[i].price;
		o.capacity = d->offers[i].capacity;
		o.grade = d->offers[i].grade;
		o.warranty_months = 12;
		o.attest_decree = o.attest_config = true;
		strlcpy_(o.erasure, "Logiciel certifié, norme NIST 800-88", sizeof o.erasure);
		if ((rc = uc_refurb_save_offer(uc, id, r->version, d->offers[i].lot, &o, why)) != RC_OK)
			goto out;
		r->version++;
	}
	if (d->state == REFURB_PENDING)
		goto out;
	for (int k = 0; k < CRIT_COUNT; k++) {
		r->eval.scored[k] = true;
		r->eval.score[k] = d->state == REFURB_SELECTED ? 4 : 2;
	}
	if ((rc = uc_refurb_evaluate(uc, id, r->version, &r->eval, why)) != RC_OK)
		goto out;
	r->version++;
	rc = uc_refurb_decide(uc, id, r->version, d->state == REFURB_SELECTED,
	                      d->state == REFURB_SELECTED ? "" : "Capacité trop faible pour les "
	                      "besoins du programme dans le département.", why);
out:
	free(r);
	return rc;
}

/* Sign-ups waiting for the programme team (made once: a second time, the SIRET is taken). */
static const struct {
	enum org_kind kind;
	const char *siret, *insee, *name, *login;
	struct contact contact;
} demo_signups[] = {
	{ ORG_COMMUNE, "21230300200100", "23030", "Mairie de Bourganeuf", "bourganeuf",
	  { "Anne Girard", "Secrétaire générale", "mairie@bourganeuf.example", "0555000201" } },
	{ ORG_COMMUNE, "21230610400101", "23061", "Mairie de Chénérailles", "chenerailles",
	  { "Marc Petit", "Secrétaire de mairie", "mairie@chenerailles.example", "0555000202" } },
};

int demo_signups_waiting(struct store *st, size_t *created)
{
	struct actor a;
	struct uc uc = { .st = st, .actor = &a };

	actor_system(&a);
	*created = 0;
	for (size_t i = 0; i < ARRAY_LEN(demo_signups); i++) {
		struct signup_form f = {
			.kind = demo_signups[i].kind, .siret = demo_signups[i].siret,
			.insee = demo_signups[i].insee, .name = demo_signups[i].name,
			.contact = demo_signups[i].contact, .login = demo_signups[i].login,
			.password = "demo-inscription-2026", .confirm = "demo-inscription-2026",
		};
		char *why = NULL;
		int rc = signup_create(&uc, &f, NULL, &why);

		if (rc == RC_OK)
			(*created)++;
		else if (rc != RC_EXISTS)
			fprintf(stderr, _("recond: inscription de démonstration « %s » non faite : %s\n"),
			        demo_signups[i].name, why != NULL ? why : rc_sentence(rc));
		free(why);
	}
	return RC_OK;
}

int demo_refurbishers(struct store *st, size_t *created)
{
	struct actor a;
	struct uc uc = { .st = st, .actor = &a };
	char *why = NULL;
	int rc = RC_OK;

	actor_system(&a);
	*created = 0;
	for (size_t i = 0; i < ARRAY_LEN(demo_refurbs) && rc == RC_OK; i++) {
		struct refurb *r = xmalloc(sizeof *r);
		uint64_t id = 0;

		if ((rc = demo_refurb_org(st, &demo_refurbs[i], &id)) == RC_OK &&
		    (rc = uc_refurb_get(&uc, id, r, &why)) == RC_OK && r->version == 0) {
			rc = demo_refurb_one(&uc, &demo_refurbs[i], id, &why);
			if (rc == RC_OK)
				(*created)++;
		}
		free(r);
	}
	if (rc != RC_OK)
		fprintf(stderr, _("recond: reconditionneurs de démonstration non enregistrés : %s\n"),
		        why != NULL ? why : rc_sentence(rc));
	free(why);
	return rc;
}
