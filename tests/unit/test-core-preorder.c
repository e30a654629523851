/*
 * test-core-preorder.c — the pre-order's transitions as a table (every
 * state × every action × every role), then each precondition with its
 * French refusal: eligibility, window, cap, completeness, amendments and
 * their history, envelope, reasons, convention and payment dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/preorder.h"
#include "core/util.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define NOW 1640995200 /* 01/01/2022 00:00 UTC: inside the default window */
#define MOTIV "Notre commune accueille deux conseillers numériques et une secrétaire " \
              "de mairie qui aident chaque semaine une quarantaine d'habitants."

static struct settings *S;
static struct eligibility ELIG_OK;
static const struct org ORG_OK = { .id = 10, .kind = ORG_COMMUNE, .status = ORG_VALIDATED,
                                   .name = "Commune de Guéret", .insee = "23096", .dept = "23" };

static void actor_for(enum role r, struct actor *a)
{
	memset(a, 0, sizeof *a);
	a->account_id = 100 + (uint64_t)r;
	a->role = r;
	snprintf(a->login, sizeof a->login, "agent%d", (int)r);
	switch (r) {
	case ROLE_COLLECTIVITE:
	case ROLE_FRANCE_SERVICES: a->org_id = 10; strcpy(a->dept, "23"); break;
	case ROLE_PREFECTURE: a->org_id = 20; strcpy(a->dept, "23"); break;
	case ROLE_RECONDITIONNEUR: a->org_id = 30; strcpy(a->dept, "23"); break;
	case ROLE_ANCT: a->org_id = 40; break;
	default: break;
	}
}

static void base_preorder(struct preorder *po)
{
	memset(po, 0, sizeof *po);
	po->id = 1;
	po->version = 1;
	po->org_id = 10;
	strcpy(po->org_name, "Commune de Guéret");
	strcpy(po->dept, "23");
	strcpy(po->insee, "23096");
	strcpy(po->contact.name, "Marie Durand");
	strcpy(po->contact.email, "marie.durand@gueret.fr");
	po->qty[LOT_PC_PORTABLE] = 10;
	po->qty[LOT_SMARTPHONE] = 5;
	po->estimated = 10 * 35000 + 5 * 15000;
	po->staff_cnfs = 2;
	strcpy(po->motivation, MOTIV);
	po->created_at = NOW - 86400;
}

/* A pre-order in state st, with the fields that state implies. */
static void preorder_in(enum preorder_state st, struct preorder *po)
{
	base_preorder(po);
	po->state = st;
	if (st >= PO_DEPOSEE)
		po->submitted_at = NOW - 3600;
	if (st == PO_RETENUE || st == PO_CONVENTIONNEE || st == PO_SUBVENTION_VERSEE) {
		po->decided_at = NOW - 1800;
		po->retained = 400000;
		po->subsidy = 320000;
	}
	if (st == PO_CONVENTIONNEE || st == PO_SUBVENTION_VERSEE) {
		strcpy(po->convention_no, "CONV-23-001");
		po->convention_date = 20211231;
	}
}

static void ctx_for(const struct actor *a, struct preorder_ctx *cx)
{
	memset(cx, 0, sizeof *cx);
	cx->actor = a;
	cx->settings = S;
	cx->now = NOW;
	cx->elig = &ELIG_OK;
	cx->org = &ORG_OK;
}

/* A request that satisfies every precondition of action (for the table). */
static void good_req(enum action act, const struct preorder *po, struct preorder_req *rq)
{
	memset(rq, 0, sizeof *rq);
	rq->action = act;
	rq->fields = po;
	memcpy(rq->qty, po->qty, sizeof rq->qty);
	rq->qty[LOT_TABLETTE] += 1;
	switch (act) {
	case ACT_PREORDER_RETAIN: rq->amount = 400000; break;
	case ACT_PREORDER_REJECT: rq->text = "Territoire déjà équipé par un autre dispositif."; break;
	case ACT_PREORDER_CONVENTION: rq->text = "CONV-23-002"; rq->day = 20220101; break;
	case ACT_PREORDER_PAY: rq->amount = 320000; rq->day = 20220101; break;
	case ACT_PREORDER_COMPLEMENT:
		rq->text = "Merci de joindre le devis du matériel demandé.";
		break;
	case ACT_PREORDER_DISMISS: rq->text = "Demande faite en double avec le dossier 12."; break;
	case ACT_PREORDER_REOPEN: rq->text = "Erreur de saisie du montant retenu."; break;
	default: break;
	}
}

static int setup(void **state)
{
	struct zone_facts f;
	struct commune_zone c;
	(void)state;
	S = xcalloc(1, sizeof *S);
	settings_defaults(S);
	settings_set_envelope(S, "23", 1000000, NULL);
	memset(&f, 0, sizeof f);
	memset(&c, 0, sizeof c);
	strcpy(c.insee, "23096");
	c.in[REFLIST_ZRR] = ZONE_YES;
	f.lists[REFLIST_ZRR].loaded = f.lists[REFLIST_QPV].loaded = true;
	strcpy(f.lists[REFLIST_ZRR].file, "zrr.csv");
	f.communes = &c;
	f.ncommunes = 1;
	eligibility_decide(ORG_COMMUNE, "23096", &f, &ELIG_OK);
	assert_int_equal(ELIG_OK.decision, ELIG_ELIGIBLE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(S);
	return 0;
}

/* The lifecycle, written out: action, from, to, and who may do it. */
static const struct {
	enum action act;
	enum preorder_state from, to;
	bool applicant;           /* collectivité / France Services; else préfecture */
} transitions[] = {
	{ ACT_PREORDER_EDIT, PO_BROUILLON, PO_BROUILLON, true },
	{ ACT_PREORDER_SUBMIT, PO_BROUILLON, PO_DEPOSEE, true },
	{ ACT_PREORDER_AMEND, PO_DEPOSEE, PO_DEPOSEE, true },
	{ ACT_PREORDER_AMEND, PO_EN_INSTRUCTION, PO_EN_INSTRUCTION, true },
	{ ACT_PREORDER_ABANDON, PO_DEPOSEE, PO_ABANDONNEE, true },
	{ ACT_PREORDER_ABANDON, PO_EN_INSTRUCTION, PO_ABANDONNEE, true },
	{ ACT_PREORDER_INSTRUCT, PO_DEPOSEE, PO_EN_INSTRUCTION, false },
	{ ACT_PREORDER_RETAIN, PO_EN_INSTRUCTION, PO_RETENUE, false },
	{ ACT_PREORDER_REJECT, PO_EN_INSTRUCTION, PO_NON_RETENUE, false },
	{ ACT_PREORDER_CONVENTION, PO_RETENUE, PO_CONVENTIONNEE, false },
	{ ACT_PREORDER_PAY, PO_CONVENTIONNEE, PO_SUBVENTION_VERSEE, false },
	{ ACT_PREORDER_COMPLEMENT, PO_EN_INSTRUCTION, PO_DEPOSEE, false },
	{ ACT_PREORDER_DISMISS, PO_DEPOSEE, PO_SANS_SUITE, false },
	{ ACT_PREORDER_DISMISS, PO_EN_INSTRUCTION, PO_SANS_SUITE, false },
	{ ACT_PREORDER_REOPEN, PO_RETENUE, PO_EN_INSTRUCTION, false },
	{ ACT_PREORDER_REOPEN, PO_NON_RETENUE, PO_EN_INSTRUCTION, false },
	{ ACT_PREORDER_REOPEN, PO_SANS_SUITE, PO_EN_INSTRUCTION, false },
};

/* The actions of the table: every transition of a pre-order. */
static const enum action table_actions[] = {
	ACT_PREORDER_EDIT, ACT_PREORDER_SUBMIT, ACT_PREORDER_AMEND, ACT_PREORDER_ABANDON,
	ACT_PREORDER_INSTRUCT, ACT_PREORDER_RETAIN, ACT_PREORDER_REJECT,
	ACT_PREORDER_CONVENTION, ACT_PREORDER_PAY, ACT_PREORDER_COMPLEMENT,
	ACT_PREORDER_DISMISS, ACT_PREORDER_REOPEN,
};

static void test_transition_table(void **state)
{
	struct preorder *po = xmalloc(sizeof *po), *before = xmalloc(sizeof *before);
	struct preorder_req rq;
	struct preorder_ctx cx;
	struct actor a;
	size_t failures = 0, ok = 0;
	(void)state;
	for (int st = 0; st < PO_STATE_COUNT; st++) {
		for (size_t ai = 0; ai < ARRAY_LEN(table_actions); ai++) {
			int act = (int)table_actions[ai];
			for (int r = 0; r < ROLE_COUNT; r++) {
				int want_to = -1;
				for (size_t i = 0; i < ARRAY_LEN(transitions); i++) {
					bool role_ok = transitions[i].applicant
					                       ? (r == ROLE_COLLECTIVITE ||
					                          r == ROLE_FRANCE_SERVICES)
					                       : r == ROLE_PREFECTURE;
					if ((int)transitions[i].act == act &&
					    (int)transitions[i].from == st && role_ok)
						want_to = (int)transitions[i].to;
				}
				char *why = NULL;
				preorder_in((enum preorder_state)st, po);
				*before = *po;
				actor_for((enum role)r, &a);
				ctx_for(&a, &cx);
				good_req((enum action)act, po, &rq);
				int rc = preorder_apply(po, &rq, &cx, &why);
				if (want_to < 0) {
					if (rc == RC_OK) {
						printf("state %s action %s role %d: allowed\n",
						       preorder_state_name(st), action_name(act), r);
						failures++;
					} else if (why == NULL || memcmp(po, before, sizeof *po) != 0) {
						printf("state %s action %s role %d: no reason or changed\n",
						       preorder_state_name(st), action_name(act), r);
						failures++;
					}
				} else {
					if (rc != RC_OK || (int)po->state != want_to) {
						printf("state %s action %s role %d: rc %d (%s)\n",
						       preorder_state_name(st), action_name(act), r, rc,
						       why ? why : "");
						failures++;
					}
					ok++;
				}
				free(why);
			}
		}
	}
	printf("%zu allowed transitions exercised\n", ok);
	/* 6 applicant rows × 2 roles + 11 préfecture rows */
	assert_int_equal(ok, 6 * 2 + 11);
	assert_int_equal(failures, 0);
	free(po);
	free(before);
}

static int apply(struct preorder *po, enum role r, struct preorder_req *rq,
                 struct preorder_ctx *cxo, char **why)
{
	struct actor a;
	struct preorder_ctx cx;

	actor_for(r, &a);
	if (cxo != NULL) {
		cx = *cxo;
		cx.actor = &a;
	} else {
		ctx_for(&a, &cx);
	}
	return preorder_apply(po, rq, &cx, why);
}

static void expect_refusal(struct preorder *po, enum role r, struct preorder_req *rq,
                           struct preorder_ctx *cx, int rc_want, const char *words)
{
	char *why = NULL;
	struct preorder *copy = xmalloc(sizeof *copy);

	*copy = *po;
	int rc = apply(po, r, rq, cx, &why);
	if (rc != rc_want || why == NULL || strstr(why, words) == NULL)
		fail_msg("rc %d want %d, « %s » lacks « %s »", rc, rc_want, why ? why : "", words);
	assert_memory_equal(po, copy, sizeof *po);
	free(copy);
	free(why);
}

/* Each completeness refusal names the part to fill, for the form's cursor. */
static void test_complete_part(void **state)
{
	struct preorder *po = xmalloc(sizeof *po);
	enum preorder_part part;
	char *why = NULL;
	(void)state;

	base_preorder(po);
	assert_int_equal(preorder_check_complete_part(po, &part, NULL), RC_OK);
	assert_int_equal(part, PO_PART_NONE);
	po->staff_cnfs = 0;
	assert_int_equal(preorder_check_complete_part(po, &part, &why), RC_INVALID);
	assert_int_equal(part, PO_PART_STAFF);
	assert_non_null(strstr(why, "conseillers"));
	free(why);
	po->contact.email[0] = '\0';
	assert_int_equal(preorder_check_complete_part(po, &part, NULL), RC_INVALID);
	assert_int_equal(part, PO_PART_CONTACT_EMAIL);
	po->contact.name[0] = '\0';
	assert_int_equal(preorder_check_complete_part(po, &part, NULL), RC_INVALID);
	assert_int_equal(part, PO_PART_CONTACT_NAME);
	memset(po->qty, 0, sizeof po->qty);
	assert_int_equal(preorder_check_complete_part(po, &part, NULL), RC_INVALID);
	assert_int_equal(part, PO_PART_QTY);
	base_preorder(po);
	po->motivation[10] = '\0';
	assert_int_equal(preorder_check_complete_part(po, &part, NULL), RC_INVALID);
	assert_int_equal(part, PO_PART_MOTIVATION);
	free(po);
}

static void test_submit_preconditions(void **state)
{
	struct preorder *po = xmalloc(sizeof *po);
	struct preorder_req rq;
	struct preorder_ctx cx;
	struct eligibility e;
	struct actor a;
	(void)state;
	memset(&rq, 0, sizeof rq);
	rq.action = ACT_PREORDER_SUBMIT;
	actor_for(ROLE_COLLECTIVITE, &a);
	ctx_for(&a, &cx);

	preorder_in(PO_BROUILLON, po);
	/* an organisation en attente de validation drafts, but may not submit yet */
	{
		struct org pending = ORG_OK, other = ORG_OK;

		pending.status = ORG_PENDING;
		cx.org = &pending;
		expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID,
		               "en attente de validation");
		pending.status = ORG_REFUSED;
		expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "refusée");
		other.id = 11;
		cx.org = &other;
		expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "introuvable");
		cx.org = NULL;
		expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "introuvable");
		cx.org = &ORG_OK;
	}
	eligibility_decide(ORG_ASSOCIATION, "23096", NULL, &e);
	cx.elig = &e;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "Adressez-vous");
	eligibility_decide(ORG_COMMUNE, "23096", NULL, &e);
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "pas pu être établie");
	cx.elig = NULL;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "pas pu être établie");
	cx.elig = &ELIG_OK;

	cx.now = 1634680800 - 1; /* 19/10/2021 23:59:59 Paris (UTC+2) */
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "pas encore ouvert");
	cx.now = 1643670000; /* 01/02/2022 00:00 Paris */
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "clos depuis le 31/01/2022");
	cx.now = 1643670000 - 1; /* 31/01/2022 23:59:59 Paris: still open */
	assert_int_equal(apply(po, ROLE_COLLECTIVITE, &rq, &cx, NULL), RC_OK);
	assert_int_equal(po->state, PO_DEPOSEE);
	assert_non_null(strstr(po->elig_note, "classée en ZRR"));
	cx.now = NOW;

	/* cap: exactly 40 000 € passes, one unit more does not */
	preorder_in(PO_BROUILLON, po);
	memset(po->qty, 0, sizeof po->qty);
	po->qty[LOT_TABLETTE] = 200; /* 200 × 200 € = 40 000 € */
	assert_int_equal(apply(po, ROLE_COLLECTIVITE, &rq, &cx, NULL), RC_OK);
	assert_int_equal(po->estimated, 4000000);
	preorder_in(PO_BROUILLON, po);
	memset(po->qty, 0, sizeof po->qty);
	po->qty[LOT_TABLETTE] = 200;
	po->qty[LOT_SMARTPHONE] = 1;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "plafond");
	po->qty[LOT_SMARTPHONE] = 0;
	cx.org_engaged = 1;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "autres intentions");
	cx.org_engaged = 0;

	/* completeness */
	preorder_in(PO_BROUILLON, po);
	po->motivation[MOTIVATION_MIN - 1] = '\0'; /* 99 characters (ASCII prefix) */
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "100 caractères au moins");
	preorder_in(PO_BROUILLON, po);
	memset(po->qty, 0, sizeof po->qty);
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "au moins un lot");
	preorder_in(PO_BROUILLON, po);
	po->staff_cnfs = 0;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "conseillers numériques");
	preorder_in(PO_BROUILLON, po);
	po->contact.email[0] = '\0';
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "personne à contacter");
	preorder_in(PO_BROUILLON, po);
	po->qty[LOT_PC_FIXE] = PREORDER_QTY_MAX + 1;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_INVALID, "unités au plus");
	/* the motivation counts characters, not bytes: 100 « é » pass */
	preorder_in(PO_BROUILLON, po);
	po->motivation[0] = '\0';
	for (int i = 0; i < MOTIVATION_MIN; i++)
		strcat(po->motivation, "é");
	assert_int_equal(apply(po, ROLE_COLLECTIVITE, &rq, &cx, NULL), RC_OK);
	/* another département's préfecture may not even see it */
	preorder_in(PO_DEPOSEE, po);
	strcpy(po->dept, "87");
	rq.action = ACT_PREORDER_INSTRUCT;
	expect_refusal(po, ROLE_PREFECTURE, &rq, &cx, RC_DENIED, "autre département");
	/* another organisation may not submit */
	preorder_in(PO_BROUILLON, po);
	po->org_id = 11;
	rq.action = ACT_PREORDER_SUBMIT;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, &cx, RC_DENIED, "autre organisation");
	free(po);
}

static void test_amendments(void **state)
{
	struct preorder *po = xmalloc(sizeof *po);
	struct preorder_req rq;
	(void)state;
	preorder_in(PO_DEPOSEE, po);
	memset(&rq, 0, sizeof rq);
	rq.action = ACT_PREORDER_AMEND;
	memcpy(rq.qty, po->qty, sizeof rq.qty);
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_INVALID, "inchangées");
	memset(rq.qty, 0, sizeof rq.qty);
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_INVALID, "au moins un lot");
	rq.qty[LOT_PC_FIXE] = 134; /* 40 200 € */
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_INVALID, "plafond");
	for (uint32_t i = 0; i < AMENDMENTS_MAX; i++) {
		memset(rq.qty, 0, sizeof rq.qty);
		rq.qty[LOT_PC_FIXE] = i + 1;
		assert_int_equal(apply(po, ROLE_COLLECTIVITE, &rq, NULL, NULL), RC_OK);
		assert_int_equal(po->namend, i + 1);
		assert_int_equal(po->amend[i].version, po->version + 1);
		assert_int_equal(po->amend[i].after[LOT_PC_FIXE], i + 1);
		assert_int_equal(po->amend[i].total_after, (cents_t)(i + 1) * 30000);
		assert_int_equal(po->estimated, (cents_t)(i + 1) * 30000);
		if (i > 0)
			assert_int_equal(po->amend[i].before[LOT_PC_FIXE], i);
		po->version++; /* what the store does on update */
	}
	assert_int_equal(po->amend[0].before[LOT_PC_PORTABLE], 10);
	rq.qty[LOT_PC_FIXE] = 1;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_FULL, "déjà été modifiée");
	/* no amendment once decided */
	preorder_in(PO_RETENUE, po);
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_INVALID, "retenue");
	free(po);
}

static void test_decisions(void **state)
{
	struct preorder *po = xmalloc(sizeof *po);
	struct preorder_req rq;
	struct preorder_ctx cx;
	struct actor a;
	(void)state;
	actor_for(ROLE_PREFECTURE, &a);
	ctx_for(&a, &cx);
	memset(&rq, 0, sizeof rq);
	rq.action = ACT_PREORDER_RETAIN;
	preorder_in(PO_EN_INSTRUCTION, po);
	rq.amount = 0;
	expect_refusal(po, ROLE_PREFECTURE, &rq, &cx, RC_INVALID, "montant de dépense");
	rq.amount = po->estimated + 1;
	expect_refusal(po, ROLE_PREFECTURE, &rq, &cx, RC_INVALID, "total estimé");
	rq.amount = po->estimated;
	strcpy(po->dept, "87");
	a.dept[0] = '8', a.dept[1] = '7';
	expect_refusal(po, ROLE_PREFECTURE, &rq, &cx, RC_DENIED, "autre département");
	/* envelope 10 000 € in 23: 425 000 cents × 80 % = 340 000 */
	strcpy(po->dept, "23");
	cx.dept_committed = 1000000 - 340000 + 1;
	expect_refusal(po, ROLE_PREFECTURE, &rq, &cx, RC_INVALID, "enveloppe du département");
	cx.dept_committed = 1000000 - 340000;
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, &cx, NULL), RC_OK);
	assert_int_equal(po->state, PO_RETENUE);
	assert_int_equal(po->subsidy, 340000);
	assert_int_equal(po->decided_by, 100 + ROLE_PREFECTURE);
	/* no envelope → no decision */
	preorder_in(PO_EN_INSTRUCTION, po);
	strcpy(po->dept, "2A");
	strcpy(a.dept, "2A");
	cx.dept_committed = 0;
	rq.amount = 1000;
	{
		char *why = NULL;
		assert_int_equal(preorder_apply(po, &rq, &cx, &why), RC_INVALID);
		assert_non_null(strstr(why, "Aucune enveloppe"));
		free(why);
	}
	strcpy(a.dept, "23");
	/* non-retention needs a reason */
	preorder_in(PO_EN_INSTRUCTION, po);
	rq.action = ACT_PREORDER_REJECT;
	rq.text = NULL;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "obligatoire");
	rq.text = "Trop court";
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK); /* 10 characters */
	preorder_in(PO_EN_INSTRUCTION, po);
	rq.text = "Court";
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "trop court");
	/* convention */
	preorder_in(PO_RETENUE, po);
	rq.action = ACT_PREORDER_CONVENTION;
	rq.text = "CONV 23/001";
	rq.day = 20211230; /* before the decision (31/12/2021) */
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "avant la décision");
	rq.day = 20220102;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "futur");
	rq.day = 20220101;
	rq.text = "CONV\x1b[2J";
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "Numéro de convention");
	rq.text = "CONV 23/001";
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	assert_int_equal(po->convention_date, 20220101);
	/* payment */
	rq.action = ACT_PREORDER_PAY;
	rq.amount = po->subsidy + 1;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "ne peut dépasser");
	rq.amount = po->subsidy;
	rq.day = 20211231;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "précéder la convention");
	rq.day = 20220101;
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	assert_int_equal(po->state, PO_SUBVENTION_VERSEE);
	char buf[512];
	preorder_summary(po, buf, sizeof buf);
	assert_non_null(strstr(buf, "subvention versée ; PC portable 10, Smartphone 5"));
	assert_non_null(strstr(buf, "convention CONV 23/001"));
	free(po);
}

/* Several payments, complement, dismissal and the way back to instruction. */
static void test_payments_and_way_back(void **state)
{
	struct preorder *po = xmalloc(sizeof *po);
	struct preorder_req rq;
	(void)state;
	memset(&rq, 0, sizeof rq);
	/* an advance then the balance: conventionnée until the sum reaches the subsidy */
	preorder_in(PO_CONVENTIONNEE, po);
	rq.action = ACT_PREORDER_PAY;
	rq.day = 20220101;
	rq.amount = 100000;
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	assert_int_equal(po->state, PO_CONVENTIONNEE);
	assert_int_equal(po->npayments, 1);
	assert_int_equal(po->payment, 100000);
	rq.amount = po->subsidy - 100000 + 1;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "versements déjà faits");
	rq.amount = 0;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "montant versé");
	rq.amount = 20000;
	rq.day = 20211230;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "précéder la convention");
	rq.day = 20211231;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "précéder le précédent");
	rq.day = 20220101;
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	rq.amount = po->subsidy - 120000;
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	assert_int_equal(po->state, PO_SUBVENTION_VERSEE);
	assert_int_equal(po->npayments, 3);
	assert_int_equal(po->payment, po->subsidy);
	assert_int_equal(po->payments[2].amount, po->subsidy - 120000);
	rq.amount = 1;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "déjà entièrement versée");
	/* at most PAYMENTS_MAX payments */
	preorder_in(PO_CONVENTIONNEE, po);
	rq.amount = 1;
	for (int i = 0; i < PAYMENTS_MAX; i++)
		assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_FULL, "versements au plus");
	/* never back to instruction once something was paid (even a decided state) */
	rq.action = ACT_PREORDER_REOPEN;
	rq.text = "Erreur de saisie du montant retenu.";
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "déjà été versés");
	po->state = PO_RETENUE;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "déjà été versés");
	/* back from retenue: the subsidy is released, the reason kept */
	preorder_in(PO_RETENUE, po);
	rq.text = NULL;
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "obligatoire");
	rq.text = "Court";
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "trop court");
	rq.text = "Erreur de saisie du montant retenu.";
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_DENIED, "rôle");
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	assert_int_equal(po->state, PO_EN_INSTRUCTION);
	assert_int_equal(po->subsidy, 0);
	assert_int_equal(po->retained, 0);
	assert_int_equal(po->decided_at, 0);
	assert_string_equal(po->reason, rq.text);
	preorder_in(PO_CONVENTIONNEE, po);
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "il faut retenue, non retenue");
	/* a complement: back to déposée, the message mandatory, the time kept */
	preorder_in(PO_EN_INSTRUCTION, po);
	rq.action = ACT_PREORDER_COMPLEMENT;
	rq.text = "";
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "obligatoire");
	rq.text = "Merci de joindre le devis du matériel demandé.";
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	assert_int_equal(po->state, PO_DEPOSEE);
	assert_int_equal(po->complement_at, NOW);
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "il faut en instruction");
	/* dismissal: reason mandatory, a decision */
	rq.action = ACT_PREORDER_DISMISS;
	rq.text = "\x1b[2J mauvais texte";
	expect_refusal(po, ROLE_PREFECTURE, &rq, NULL, RC_INVALID, "");
	rq.text = "Demande faite en double avec le dossier 12.";
	assert_int_equal(apply(po, ROLE_PREFECTURE, &rq, NULL, NULL), RC_OK);
	assert_int_equal(po->state, PO_SANS_SUITE);
	assert_int_equal(po->decided_at, NOW);
	assert_true(preorder_state_decided(po->state));
	assert_false(preorder_state_live(po->state));
	assert_false(preorder_state_committed(po->state));
	{
		enum preorder_state st;
		assert_int_equal(preorder_state_parse("sans_suite", &st, NULL), RC_OK);
		assert_int_equal(st, PO_SANS_SUITE);
		assert_string_equal(preorder_state_label(PO_SANS_SUITE), "classée sans suite");
	}
	free(po);
}

static void test_edit_and_init(void **state)
{
	struct preorder *po = xmalloc(sizeof *po), *f = xmalloc(sizeof *f);
	struct preorder_req rq;
	struct actor a;
	struct org o;
	char *why = NULL;
	(void)state;
	memset(&o, 0, sizeof o);
	o.id = 10;
	o.kind = ORG_COMMUNE;
	strcpy(o.name, "Commune de Guéret");
	strcpy(o.dept, "23");
	strcpy(o.insee, "23096");
	actor_for(ROLE_COLLECTIVITE, &a);
	assert_int_equal(preorder_init(po, &a, &o, NOW, &why), RC_OK);
	assert_int_equal(po->state, PO_BROUILLON);
	assert_string_equal(po->dept, "23");
	o.id = 11;
	assert_int_equal(preorder_init(po, &a, &o, NOW, &why), RC_DENIED);
	o.id = 10;
	o.kind = ORG_CCAS;
	assert_int_equal(preorder_init(po, &a, &o, NOW, &why), RC_INVALID);
	free(why);
	why = NULL;

	preorder_in(PO_BROUILLON, po);
	*f = *po;
	f->qty[LOT_PC_FIXE] = 3;
	f->npartners = 1;
	strcpy(f->partners[0].name, "Association Les Amis du Numérique");
	f->partners[0].kind = PARTNER_ASSOCIATION;
	f->state = PO_RETENUE;        /* not an editable field: ignored */
	f->subsidy = 999;
	memset(&rq, 0, sizeof rq);
	rq.action = ACT_PREORDER_EDIT;
	rq.fields = f;
	assert_int_equal(apply(po, ROLE_COLLECTIVITE, &rq, NULL, NULL), RC_OK);
	assert_int_equal(po->state, PO_BROUILLON);
	assert_int_equal(po->subsidy, 0);
	assert_int_equal(po->estimated, 3 * 30000 + 10 * 35000 + 5 * 15000);
	assert_int_equal(po->npartners, 1);
	f->npartners = PARTNERS_MAX + 1;
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_INVALID, "partenaires");
	f->npartners = 1;
	strcpy(f->partners[0].name, "A");
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_INVALID, "partenaire n° 1");
	strcpy(f->partners[0].name, "Asso");
	strcpy(f->motivation, "bad \x07 bell");
	expect_refusal(po, ROLE_COLLECTIVITE, &rq, NULL, RC_INVALID, "contrôle");
	free(f);
	free(po);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transition_table),
		cmocka_unit_test(test_complete_part),
		cmocka_unit_test(test_submit_preconditions),
		cmocka_unit_test(test_amendments),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_payments_and_way_back),
		cmocka_unit_test(test_edit_and_init),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
