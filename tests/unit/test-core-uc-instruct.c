/*
 * test-core-uc-instruct.c — the préfecture's instruction use cases on a
 * real store: the queue of a département (and nothing of another), tabs,
 * unread and completed marks, labels racing between two agents (the second
 * told who changed what), annotations never in the applicant's history,
 * complement, retain within the envelope (and over it, saying by how
 * much), dismissal, the way back, several payments, the programmation
 * notified with one file changed meanwhile, a bulk action with a mixed
 * result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/uc-form.h"
#include "core/uc-instruct.h"
#include "core/uc-message.h"
#include "core/uc-preorder.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define T0 1640995200 /* 01/01/2022 00:00 UTC */
#define ZRR_NOTE "Décision : éligible. La commune est classée en ZRR. Source : liste des ZRR, " \
                 "fichier « zrr.csv » importé le 01/12/2021 (100 lignes)."

struct env {
	char *dir;
	struct store *st;
	uint64_t org23, org87;
	struct actor app, a, b, p87, anct;
	int64_t now;
};

static struct uc uc_for(struct env *e, const struct actor *a)
{
	struct uc u = { .st = e->st, .actor = a, .now = e->now };
	return u;
}

static uint64_t org_add(struct store *st, const char *name, const char *insee, const char *dept)
{
	struct store_txn *txn = NULL;
	struct org o;

	memset(&o, 0, sizeof o);
	o.kind = ORG_COMMUNE;
	o.status = ORG_VALIDATED;
	strcpy(o.name, name);
	strcpy(o.insee, insee);
	strcpy(o.dept, dept);
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &o), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	return o.id;
}

static void who(struct actor *a, uint64_t id, const char *login, enum role r, uint64_t org,
                const char *dept)
{
	memset(a, 0, sizeof *a);
	a->account_id = id;
	strcpy(a->login, login);
	a->role = r;
	a->org_id = org;
	strcpy(a->dept, dept);
}

/* A pre-order of org in state st, stored directly (the states' fields filled). */
static uint64_t po_add(struct env *e, uint64_t org, const char *dept, const char *insee,
                       enum preorder_state st)
{
	struct store_txn *txn = NULL;
	struct preorder *po = xcalloc(1, sizeof *po);
	uint64_t id;

	po->org_id = org;
	snprintf(po->org_name, sizeof po->org_name, "Commune n° %llu", (unsigned long long)org);
	strcpy(po->dept, dept);
	strcpy(po->insee, insee);
	po->qty[LOT_PC_PORTABLE] = 10;
	po->estimated = 10 * 35000;
	po->state = st;
	po->submitted_at = e->now - 86400;
	strcpy(po->elig_note, ZRR_NOTE);
	if (preorder_state_committed(st)) {
		po->retained = po->estimated;
		po->subsidy = po->estimated * 8 / 10;
		po->decided_at = e->now - 3600;
	}
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(db_preorder_insert(txn, po), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	id = po->id;
	free(po);
	return id;
}

static uint64_t po_version(struct env *e, uint64_t id)
{
	struct preorder *po = xmalloc(sizeof *po);
	struct uc u = uc_for(e, &e->anct);
	uint64_t v;

	assert_int_equal(uc_preorder_get(&u, id, po, NULL), RC_OK);
	v = po->version;
	free(po);
	return v;
}

static enum preorder_state po_state(struct env *e, uint64_t id)
{
	struct preorder *po = xmalloc(sizeof *po);
	struct uc u = uc_for(e, &e->anct);
	enum preorder_state s;

	assert_int_equal(uc_preorder_get(&u, id, po, NULL), RC_OK);
	s = po->state;
	free(po);
	return s;
}

static int setup(void **state)
{
	struct env *e = xcalloc(1, sizeof *e);
	struct store_txn *txn = NULL;
	struct settings *s = xmalloc(sizeof *s);
	char *why = NULL;

	e->now = T0;
	e->dir = fixture_new_store();
	assert_int_equal(store_open(e->dir, &e->st, &why), RC_OK);
	assert_int_equal(geo_load_reference(e->st, NULL, &why), RC_OK);
	e->org23 = org_add(e->st, "Commune de Guéret", "23096", "23");
	e->org87 = org_add(e->st, "Commune de Bellac", "87011", "87");
	who(&e->app, 1, "gueret", ROLE_COLLECTIVITE, e->org23, "23");
	who(&e->a, 2, "agent23a", ROLE_PREFECTURE, 50, "23");
	who(&e->b, 3, "agent23b", ROLE_PREFECTURE, 50, "23");
	who(&e->p87, 4, "agent87", ROLE_PREFECTURE, 51, "87");
	who(&e->anct, 5, "anct", ROLE_ANCT, 52, "");
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(db_settings_get(txn, s), RC_OK);
	settings_set_envelope(s, "23", 1000000, NULL);   /* 10 000 € */
	settings_set_envelope(s, "87", 1000000, NULL);
	assert_int_equal(db_settings_put(txn, s), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	free(s);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	store_close(e->st);
	fixture_remove(e->dir);
	free(e);
	return 0;
}

static size_t in_tab(const struct queue_row *r, size_t n, enum queue_tab t)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += queue_row_in_tab(&r[i], t);
	return c;
}

static const struct queue_row *row_of(const struct queue_row *r, size_t n, uint64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].id == id)
			return &r[i];
	return NULL;
}

/* rc must be want with *why holding words (read after the call: passed by address). */
static void must_fail(int rc, int want, char **why, const char *words)
{
	if (rc != want || *why == NULL || strstr(*why, words) == NULL)
		fail_msg("rc %d want %d, « %s » lacks « %s »", rc, want, *why ? *why : "", words);
	free(*why);
	*why = NULL;
}

static void test_queue_and_file(void **state)
{
	struct env *e = *state;
	struct uc ua = uc_for(e, &e->a), ub = uc_for(e, &e->b), u87 = uc_for(e, &e->p87);
	struct uc uapp = uc_for(e, &e->app);
	struct queue_row *rows = NULL, one;
	struct preorder *po = xmalloc(sizeof *po);
	struct instruction *in = xmalloc(sizeof *in);
	char *why = NULL, **lines = NULL;
	size_t n = 0;
	uint64_t dep, ret, draft, other, v;
	uint32_t q[LOT_COUNT] = { 0 };

	dep = po_add(e, e->org23, "23", "23096", PO_DEPOSEE);
	ret = po_add(e, e->org23, "23", "23096", PO_RETENUE);
	draft = po_add(e, e->org23, "23", "23096", PO_BROUILLON);
	other = po_add(e, e->org87, "87", "87011", PO_DEPOSEE);

	/* the queue: the département's filed pre-orders, in id order, nothing of 87 */
	assert_int_equal(uc_queue_load(&ua, &rows, &n, &why), RC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, dep);
	assert_int_equal(rows[1].id, ret);
	assert_null(row_of(rows, n, draft));
	assert_null(row_of(rows, n, other));
	assert_string_equal(rows[0].commune, "Guéret");
	assert_int_equal(rows[0].zones, ZONE_ZRR);
	assert_int_equal(rows[0].kind, ORG_COMMUNE);
	assert_non_null(strstr(rows[0].folded, "gueret"));
	assert_int_equal(in_tab(rows, n, TAB_A_TRAITER), 1);
	assert_int_equal(in_tab(rows, n, TAB_TRAITEES), 1);
	assert_int_equal(in_tab(rows, n, TAB_SUIVIES), 0);
	free(rows);
	assert_int_equal(uc_queue_load(&u87, &rows, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, other);
	free(rows);
	must_fail(uc_queue_load(&uapp, &rows, &n, &why), RC_DENIED, &why, "rôle");
	must_fail(uc_file_open(&u87, dep, po, in, &why), RC_DENIED, &why, "autre département");
	must_fail(uc_file_open(&uapp, dep, po, in, &why), RC_DENIED, &why, "rôle");
	must_fail(uc_file_open(&ua, draft, po, in, &why), RC_NOTFOUND, &why, "introuvable");

	/* instruct: the agent follows it */
	assert_int_equal(uc_file_open(&ua, dep, po, in, &why), RC_OK);
	assert_int_equal(in->version, 0);
	assert_int_equal(uc_file_instruct(&ua, dep, po->version, &why), RC_OK);
	assert_int_equal(uc_queue_row(&ua, dep, &one, &why), RC_OK);
	assert_int_equal(one.state, PO_EN_INSTRUCTION);
	assert_true(one.mine);
	assert_true(one.followed);
	assert_int_equal(uc_queue_row(&ub, dep, &one, &why), RC_OK);
	assert_false(one.mine);
	assert_true(one.followed);
	/* a stale decision: the version read before instruct */
	must_fail(uc_file_instruct(&ub, dep, po->version, &why), RC_STALE, &why, "agent23a");

	/* two agents on the labels: the second is told who changed what */
	assert_int_equal(uc_file_open(&ua, dep, po, in, &why), RC_OK);
	v = in->version;
	assert_int_equal(uc_file_open(&ub, dep, po, in, &why), RC_OK);
	assert_int_equal(in->version, v); /* opening is no change */
	assert_int_equal(uc_file_labels(&ub, dep, v, 1u << LABEL_URGENT, &why), RC_OK);
	must_fail(uc_file_labels(&ua, dep, v, 1u << LABEL_COMPLET, &why), RC_STALE, &why,
	          "agent23b");
	must_fail(uc_file_labels(&ua, dep, v + 1, 1u << LABEL_COUNT, &why), RC_INVALID, &why,
	          "inconnue");
	assert_int_equal(uc_file_priority(&ua, dep, v + 1, 2, "Zone blanche", &why), RC_OK);
	must_fail(uc_file_priority(&u87, dep, v + 2, 1, "", &why), RC_DENIED, &why,
	          "autre département");

	/* private annotations: in the préfecture's history, never in the applicant's */
	assert_int_equal(uc_file_note(&ua, dep, "Maire très « motivé »; devis à vérifier", &why),
	                 RC_OK);
	must_fail(uc_file_note(&ua, dep, "", &why), RC_INVALID, &why, "vide");
	must_fail(uc_file_note(&uapp, dep, "Je regarde", &why), RC_DENIED, &why, "rôle");
	assert_int_equal(uc_file_open(&ua, dep, po, in, &why), RC_OK);
	assert_int_equal(in->nnotes, 1);
	assert_string_equal(in->notes[0].login, "agent23a");
	assert_int_equal(in->labels, 1u << LABEL_URGENT);
	assert_int_equal(in->priority, 2);
	assert_int_equal(uc_file_history(&ua, dep, &lines, &n, &why), RC_OK);
	{
		bool note = false, instructed = false;
		for (size_t i = 0; i < n; i++) {
			note |= strstr(lines[i], "annotation") != NULL;
			instructed |= strstr(lines[i], "Mise en instruction") != NULL;
			free(lines[i]);
		}
		free(lines);
		assert_true(note);
		assert_true(instructed);
	}
	must_fail(uc_file_history(&uapp, dep, &lines, &n, &why), RC_DENIED, &why, "rôle");
	assert_int_equal(uc_preorder_history(&uapp, dep, &lines, &n, &why), RC_OK);
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(lines[i], "annotation"));
		assert_null(strstr(lines[i], "URG"));
		free(lines[i]);
	}
	free(lines);

	/* a complement: back to the applicant, who reads it, amends: completed, unread */
	must_fail(uc_file_complement(&ua, dep, po->version, "", &why), RC_INVALID, &why,
	          "obligatoire");
	assert_int_equal(uc_file_complement(&ua, dep, po->version,
	                                    "Merci de préciser le nombre de postes.", &why), RC_OK);
	{
		struct message *m = NULL;
		size_t nm = 0;
		assert_int_equal(uc_message_thread(&uapp, THREAD_PREORDER, dep, true, &m, &nm, &why),
		                 RC_OK);
		assert_int_equal(nm, 1);
		assert_non_null(strstr(m[0].body, "nombre de postes"));
		free(m);
	}
	assert_int_equal(po_state(e, dep), PO_DEPOSEE);
	{
		/* The applicant is told until it answers; it reads what was asked on its file. */
		struct preorder *mine = xcalloc(1, sizeof *mine);
		bool pending = false;

		assert_int_equal(uc_complement_pending(&uapp, dep, &pending, &why), RC_OK);
		assert_true(pending);
		assert_int_equal(uc_preorder_get(&uapp, dep, mine, &why), RC_OK);
		assert_string_equal(mine->reason, "Merci de préciser le nombre de postes.");
		assert_true(mine->complement_at > 0);
		free(mine);
	}
	e->now += 60;
	uapp.now = ua.now = ub.now = e->now;
	q[LOT_PC_PORTABLE] = 8;
	assert_int_equal(uc_preorder_amend(&uapp, dep, po_version(e, dep), q, &why), RC_OK);
	{
		bool pending = true;

		assert_int_equal(uc_complement_pending(&uapp, dep, &pending, &why), RC_OK);
		assert_false(pending);
	}
	assert_int_equal(uc_queue_row(&ua, dep, &one, &why), RC_OK);
	assert_true(one.completed);
	assert_true(one.unread);
	assert_int_equal(one.requested, 8 * 35000);
	e->now += 60;
	ua.now = e->now;
	assert_int_equal(uc_file_open(&ua, dep, po, in, &why), RC_OK);
	assert_true(in->completed);
	assert_int_equal(uc_queue_row(&ua, dep, &one, &why), RC_OK);
	assert_false(one.unread);
	free(why);
	free(po);
	free(in);
}

static void test_decisions_and_envelope(void **state)
{
	struct env *e = *state;
	struct uc ua = uc_for(e, &e->a), uapp = uc_for(e, &e->app);
	struct envelope_view ev;
	cents_t sub = 0, left = 0;
	char *why = NULL;
	uint64_t f1, f2, f3;

	/* 10 000 € envelope; f1 and f2 ask 3 500 € each (2 800 € of subsidy), f3 in 87 */
	f1 = po_add(e, e->org23, "23", "23096", PO_EN_INSTRUCTION);
	f2 = po_add(e, e->org23, "23", "23096", PO_EN_INSTRUCTION);
	f3 = po_add(e, e->org87, "87", "87011", PO_EN_INSTRUCTION);
	assert_int_equal(uc_envelope(&ua, &ev, &why), RC_OK);
	assert_true(ev.set);
	assert_int_equal(ev.envelope, 1000000);
	assert_int_equal(ev.committed, 0);
	assert_int_equal(uc_file_retain_preview(&ua, f1, 350000, &sub, &left, &why), RC_OK);
	assert_int_equal(sub, 280000);
	assert_int_equal(left, 1000000 - 280000);
	must_fail(uc_file_retain_preview(&ua, f1, 350001, &sub, &left, &why), RC_INVALID, &why,
	          "dépasser");
	must_fail(uc_file_retain(&ua, f3, po_version(e, f3), 1000, NULL, &why), RC_DENIED, &why,
	          "autre département");
	assert_int_equal(uc_file_retain(&ua, f1, po_version(e, f1), 350000, NULL, &why), RC_OK);
	assert_int_equal(uc_envelope(&ua, &ev, &why), RC_OK);
	assert_int_equal(ev.committed, 280000);
	assert_int_equal(ev.remaining, 720000);
	/* the envelope lowered under f2's subsidy: refused, saying by how much */
	{
		struct store_txn *txn = NULL;
		struct settings *s = xmalloc(sizeof *s);
		assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
		assert_int_equal(db_settings_get(txn, s), RC_OK);
		settings_set_envelope(s, "23", 500000, NULL);
		assert_int_equal(db_settings_put(txn, s), RC_OK);
		assert_int_equal(store_commit(txn), RC_OK);
		free(s);
	}
	must_fail(uc_file_retain_preview(&ua, f2, 350000, &sub, &left, &why), RC_INVALID, &why,
	          "de 600,00");
	must_fail(uc_file_retain(&ua, f2, po_version(e, f2), 350000, NULL, &why), RC_INVALID, &why,
	          "soit 600,00");
	/* dismiss f2, then back to instruction; reject needs a reason */
	must_fail(uc_file_dismiss(&ua, f2, po_version(e, f2), NULL, &why), RC_INVALID, &why,
	          "obligatoire");
	assert_int_equal(uc_file_dismiss(&ua, f2, po_version(e, f2), "Dossier déposé en double.",
	                                 &why), RC_OK);
	assert_int_equal(po_state(e, f2), PO_SANS_SUITE);
	assert_int_equal(uc_file_reopen(&ua, f2, po_version(e, f2), "Le doublon était une erreur.",
	                                &why), RC_OK);
	assert_int_equal(po_state(e, f2), PO_EN_INSTRUCTION);
	/* convention and two payments; then no way back */
	assert_int_equal(uc_file_convention(&ua, f1, po_version(e, f1), "CONV-23-001",
	                                    day_of_instant(e->now), &why), RC_OK);
	assert_int_equal(uc_file_pay(&ua, f1, po_version(e, f1), day_of_instant(e->now), 100000,
	                             &why), RC_OK);
	assert_int_equal(po_state(e, f1), PO_CONVENTIONNEE);
	must_fail(uc_file_pay(&ua, f1, po_version(e, f1), day_of_instant(e->now), 180001, &why),
	          RC_INVALID, &why, "versements déjà faits");
	assert_int_equal(uc_file_pay(&ua, f1, po_version(e, f1), day_of_instant(e->now), 180000,
	                             &why), RC_OK);
	assert_int_equal(po_state(e, f1), PO_SUBVENTION_VERSEE);
	assert_int_equal(uc_envelope(&ua, &ev, &why), RC_OK);
	assert_int_equal(ev.paid, 280000);
	must_fail(uc_file_reopen(&ua, f1, po_version(e, f1), "Erreur sur le montant retenu.", &why),
	          RC_INVALID, &why, "déjà été versés");
	must_fail(uc_file_reopen(&uapp, f2, po_version(e, f2), "Je voudrais changer.", &why),
	          RC_DENIED, &why, "rôle");
	free(why);
}

static void test_programmation_and_bulk(void **state)
{
	struct env *e = *state;
	struct uc ua = uc_for(e, &e->a), uapp = uc_for(e, &e->app);
	struct envelope_view ev;
	struct file_result *res = NULL;
	struct bulk_arg arg = { .labels = 1u << LABEL_A_SIGNER };
	char *why = NULL;
	size_t n = 0, unread = 0;
	uint64_t p1, p2, p3, ids[4];
	uint32_t q[LOT_COUNT] = { 0 };

	p1 = po_add(e, e->org23, "23", "23096", PO_DEPOSEE);
	p2 = po_add(e, e->org23, "23", "23096", PO_EN_INSTRUCTION);
	p3 = po_add(e, e->org23, "23", "23096", PO_EN_INSTRUCTION);
	assert_int_equal(uc_prog_set(&ua, p1, PROG_RETAIN, 100000, NULL, &why), RC_OK);
	must_fail(uc_prog_set(&ua, p2, PROG_REJECT, 0, "court", &why), RC_INVALID, &why, "court");
	assert_int_equal(uc_prog_set(&ua, p2, PROG_REJECT, 0, "Hors des priorités du territoire.",
	                             &why), RC_OK);
	assert_int_equal(uc_prog_set(&ua, p3, PROG_RETAIN, 200000, NULL, &why), RC_OK);
	assert_int_equal(uc_envelope(&ua, &ev, &why), RC_OK);
	assert_int_equal(ev.provisional, 80000 + 160000);
	/* nothing reaches the applicant before the notification */
	assert_int_equal(uc_inbox_unread(&uapp, &unread, &why), RC_OK);
	assert_int_equal(unread, 0);
	/* p3 changes meanwhile: refused and listed, the others decided */
	q[LOT_TABLETTE] = 3;
	assert_int_equal(uc_preorder_amend(&uapp, p3, po_version(e, p3), q, &why), RC_OK);
	assert_int_equal(uc_prog_notify(&ua, &res, &n, &why), RC_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		if (res[i].id == p3) {
			assert_int_equal(res[i].rc, RC_STALE);
			assert_non_null(strstr(res[i].why, "modifié depuis la décision provisoire"));
		} else {
			assert_int_equal(res[i].rc, RC_OK);
		}
	}
	file_results_free(res, n);
	assert_int_equal(po_state(e, p1), PO_RETENUE);
	assert_int_equal(po_state(e, p2), PO_NON_RETENUE);
	assert_int_equal(po_state(e, p3), PO_EN_INSTRUCTION);
	assert_int_equal(uc_inbox_unread(&uapp, &unread, &why), RC_OK);
	assert_int_equal(unread, 2);
	assert_int_equal(uc_envelope(&ua, &ev, &why), RC_OK);
	assert_int_equal(ev.provisional, 160000);     /* p3's, still waiting */

	/* bulk: instruct a déposée and a retenue — one done, one refused with its reason */
	ids[0] = po_add(e, e->org23, "23", "23096", PO_DEPOSEE);
	ids[1] = p1;
	assert_int_equal(uc_bulk(&ua, BULK_INSTRUCT, NULL, ids, 2, &res, &why), RC_OK);
	assert_int_equal(res[0].rc, RC_OK);
	assert_null(res[0].why);
	assert_int_equal(res[1].rc, RC_INVALID);
	assert_non_null(strstr(res[1].why, "il faut déposée"));
	file_results_free(res, 2);
	ids[2] = po_add(e, e->org87, "87", "87011", PO_DEPOSEE);
	assert_int_equal(uc_bulk(&ua, BULK_LABEL, &arg, ids, 3, &res, &why), RC_OK);
	assert_int_equal(res[0].rc, RC_OK);
	assert_int_equal(res[1].rc, RC_OK);
	assert_int_equal(res[2].rc, RC_DENIED);
	file_results_free(res, 3);
	arg.text = "Réunion d'information le 12 mars à la préfecture.";
	assert_int_equal(uc_bulk(&ua, BULK_MESSAGE, &arg, ids, 2, &res, &why), RC_OK);
	assert_int_equal(res[0].rc, RC_OK);
	assert_int_equal(res[1].rc, RC_OK);
	file_results_free(res, 2);
	arg.text = "";
	must_fail(uc_bulk(&ua, BULK_MESSAGE, &arg, ids, 2, &res, &why), RC_INVALID, &why, "vide");
}

static void test_exports(void **state)
{
	struct env *e = *state;
	struct uc ua = uc_for(e, &e->a), uapp = uc_for(e, &e->app), u87 = uc_for(e, &e->p87);
	struct uc uanct = uc_for(e, &e->anct), uref;
	struct export_opts o = { .format = EXPORT_CSV };
	struct actor ref;
	char *out = NULL, *why = NULL;
	size_t len = 0;
	uint64_t f23, f87;

	f23 = po_add(e, e->org23, "23", "23096", PO_DEPOSEE);
	f87 = po_add(e, e->org87, "87", "87011", PO_DEPOSEE);
	assert_int_equal(uc_file_note(&ua, f23, "Secret « de la préfecture »", &why), RC_OK);
	assert_int_equal(uc_file_labels(&ua, f23, 1, 1u << LABEL_URGENT, &why), RC_OK);
	/* the préfecture: its département, with its columns */
	assert_int_equal(uc_export_preorders(&ua, &o, &out, &len, &why), RC_OK);
	assert_non_null(strstr(out, "numero,organisation,siret,commune_insee,commune,type,zones"));
	assert_non_null(strstr(out, ",annotations\r\n"));
	assert_non_null(strstr(out, "Secret « de la préfecture »"));
	assert_non_null(strstr(out, "Guéret"));
	assert_null(strstr(out, "87011"));
	free(out);
	/* Haute-Vienne sees none of the Creuse */
	assert_int_equal(uc_export_preorders(&u87, &o, &out, &len, &why), RC_OK);
	assert_null(strstr(out, "23096"));
	assert_non_null(strstr(out, "87011"));
	free(out);
	/* the applicant: its own, never the préfecture's columns */
	o.format = EXPORT_JSON;
	assert_int_equal(uc_export_preorders(&uapp, &o, &out, &len, &why), RC_OK);
	assert_null(strstr(out, "annotations"));
	assert_null(strstr(out, "Secret"));
	assert_null(strstr(out, "URG"));
	assert_non_null(strstr(out, "\"commune\":\"Guéret\""));
	free(out);
	assert_int_equal(uc_export_history(&uapp, &o, &out, &len, &why), RC_OK);
	assert_null(strstr(out, "instruction"));
	free(out);
	assert_int_equal(uc_export_history(&ua, &o, &out, &len, &why), RC_OK);
	assert_non_null(strstr(out, "\"objet\":\"instruction\""));
	free(out);
	/* the programme team: the country */
	o.format = EXPORT_TSV;
	o.has_state = true;
	o.state = PO_DEPOSEE;
	assert_int_equal(uc_export_preorders(&uanct, &o, &out, &len, &why), RC_OK);
	assert_non_null(strstr(out, "23096"));
	assert_non_null(strstr(out, "87011"));
	assert_null(strstr(out, "annotations"));
	free(out);
	/* a refurbisher may not export */
	who(&ref, 9, "atelier", ROLE_RECONDITIONNEUR, 60, "23");
	uref = uc_for(e, &ref);
	must_fail(uc_export_preorders(&uref, &o, &out, &len, &why), RC_DENIED, &why,
	          "n'a pas accès aux exports");
	assert_null(out);
	o.format = EXPORT_CSV;
	o.sep = '|';
	must_fail(uc_export_preorders(&ua, &o, &out, &len, &why), RC_INVALID, &why, "Séparateur");
	(void)f87;
}

/* A notification refused after the file's first step (instruct) leaves nothing of it. */
static void test_notify_all_or_nothing_per_file(void **state)
{
	struct env *e = *state;
	struct uc ua = uc_for(e, &e->a);
	struct file_result *res = NULL;
	struct store_txn *txn = NULL;
	struct settings *s = xmalloc(sizeof *s);
	char *why = NULL;
	size_t n = 0;
	uint64_t p, v;

	p = po_add(e, e->org23, "23", "23096", PO_DEPOSEE);
	v = po_version(e, p);
	assert_int_equal(uc_prog_set(&ua, p, PROG_RETAIN, 350000, NULL, &why), RC_OK);
	assert_int_equal(store_begin(e->st, true, &txn), RC_OK);
	assert_int_equal(db_settings_get(txn, s), RC_OK);
	settings_set_envelope(s, "23", 1000, NULL);   /* 10 €: the retention cannot pass */
	assert_int_equal(db_settings_put(txn, s), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	assert_int_equal(uc_prog_notify(&ua, &res, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(res[0].rc, RC_INVALID);
	assert_non_null(strstr(res[0].why, "enveloppe"));
	file_results_free(res, n);
	assert_int_equal(po_state(e, p), PO_DEPOSEE);
	assert_int_equal(po_version(e, p), v);
	free(s);
}

static void test_saved_views(void **state)
{
	struct env *e = *state;
	struct uc ua = uc_for(e, &e->a), ub = uc_for(e, &e->b), uapp = uc_for(e, &e->app);
	struct queue_view v, got;
	char *why = NULL;

	assert_int_equal(uc_queue_view_get(&ua, TAB_SUIVIES, &got, &why), RC_OK);
	assert_int_equal(got.sort, 0);
	memset(&v, 0, sizeof v);
	v.account = 999;             /* ignored: the actor's own */
	v.tab = TAB_SUIVIES;
	v.sort = 4;
	v.desc = true;
	v.states = 1u << PO_DEPOSEE;
	assert_int_equal(uc_queue_view_put(&ua, &v, &why), RC_OK);
	assert_int_equal(uc_queue_view_get(&ua, TAB_SUIVIES, &got, &why), RC_OK);
	assert_int_equal(got.account, e->a.account_id);
	assert_int_equal(got.sort, 4);
	assert_true(got.desc);
	assert_int_equal(uc_queue_view_get(&ub, TAB_SUIVIES, &got, &why), RC_OK);
	assert_int_equal(got.sort, 0);  /* each agent his own */
	must_fail(uc_queue_view_put(&uapp, &v, &why), RC_DENIED, &why, "rôle");
	v.tab = TAB_COUNT;
	must_fail(uc_queue_view_put(&ua, &v, &why), RC_INVALID, &why, "Onglet");
}

/* Views saved under a name: listed, replaced by name, removed, each agent's own, 16 at most. */
static void test_named_views(void **state)
{
	struct env *e = *state;
	struct uc ua = uc_for(e, &e->a), ub = uc_for(e, &e->b), uapp = uc_for(e, &e->app);
	struct queue_view v, *list = NULL;
	size_t n = 0;
	char *why = NULL;

	assert_int_equal(uc_queue_views_list(&ua, &list, &n, &why), RC_OK);
	assert_int_equal(n, 0);
	assert_null(list);
	memset(&v, 0, sizeof v);
	v.tab = TAB_TOUTES;
	v.zones = ZONE_ZRR;
	v.amount_min = 100000;
	must_fail(uc_queue_view_save(&ua, &v, &why), RC_INVALID, &why, "obligatoire");
	strcpy(v.name, "ZRR au-dessus de 1 000 €");
	assert_int_equal(uc_queue_view_save(&ua, &v, &why), RC_OK);
	assert_int_equal(v.slot, 1);
	strcpy(v.name, "Urgents");
	v.labels = 1u << LABEL_URGENT;
	assert_int_equal(uc_queue_view_save(&ua, &v, &why), RC_OK);
	assert_int_equal(v.slot, 2);
	/* The same name again replaces it. */
	strcpy(v.name, "ZRR au-dessus de 1 000 €");
	v.labels = 0;
	v.amount_max = 500000;
	assert_int_equal(uc_queue_view_save(&ua, &v, &why), RC_OK);
	assert_int_equal(v.slot, 1);
	assert_int_equal(uc_queue_views_list(&ua, &list, &n, &why), RC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "ZRR au-dessus de 1 000 €");
	assert_int_equal(list[0].tab, TAB_TOUTES);
	assert_int_equal(list[0].amount_max, 500000);
	assert_int_equal(list[1].labels, 1u << LABEL_URGENT);
	free(list);
	/* The tab's own view is apart from the named ones. */
	assert_int_equal(uc_queue_view_get(&ua, TAB_TOUTES, &v, &why), RC_OK);
	assert_int_equal(v.zones, 0);
	/* Each agent his own. */
	assert_int_equal(uc_queue_views_list(&ub, &list, &n, &why), RC_OK);
	assert_int_equal(n, 0);
	must_fail(uc_queue_views_list(&uapp, &list, &n, &why), RC_DENIED, &why, "rôle");
	/* Removed, then gone. */
	assert_int_equal(uc_queue_view_delete(&ua, 1, &why), RC_OK);
	must_fail(uc_queue_view_delete(&ua, 1, &why), RC_NOTFOUND, &why, "n'existe plus");
	assert_int_equal(uc_queue_views_list(&ua, &list, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "Urgents");
	free(list);
	/* Sixteen at most. */
	for (int i = 0; i < QUEUE_VIEWS_NAMED - 1; i++) {
		snprintf(v.name, sizeof v.name, "Vue %d", i);
		assert_int_equal(uc_queue_view_save(&ua, &v, &why), RC_OK);
	}
	strcpy(v.name, "Une de trop");
	must_fail(uc_queue_view_save(&ua, &v, &why), RC_FULL, &why, "supprimez");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_queue_and_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decisions_and_envelope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_programmation_and_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saved_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_named_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_all_or_nothing_per_file, setup, teardown),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
