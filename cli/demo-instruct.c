/*
 * demo-instruct.c — the préfectures' demonstration files: one organisation
 * per real commune of the Creuse (eligible ones: classed ZRR when the list
 * is imported), a France Services structure in some of them, and a few
 * dozen in the Haute-Vienne, each with a pre-order in one of every state —
 * with its history, amendments, messages in its thread, complements asked
 * and answered, what the préfecture keeps (labels, priorities, private
 * annotations, followers, provisional decisions), decisions within the
 * département's envelope, conventions and payments. Generated from a fixed
 * seed in one transaction; idempotent (nothing is done once the first
 * organisation exists). The names are the communes'; the organisations,
 * people and numbers are fictitious (SIREN from 29…, made up, valid check
 * digits).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/ident.h"
#include "core/instruction.h"
#include "core/message.h"
#include "store/db-geo.h"
#include "store/store-instruct.h"
#include "store/store-message.h"
#include "store/store-programme.h"
#include "store/store.h"

#define DEMO_SEED 0xC4E05E23ULL
#define DEMO_FS_EVERY 4        /* one commune in 4 of the Creuse also has a France Services */
#define DEMO_87_MAX 40         /* files in the Haute-Vienne */
#define DEMO_COMMUNES_MAX 1000
#define DAY 86400

struct demo_commune {
	char insee[6];
	char name[64];
};

struct demo_gen {
	struct store_txn *txn;
	struct demo_commune *c;
	size_t n, cap;
	bool zrr_loaded;
	uint64_t x;
	int64_t now;
	struct actor a23[2], a87;      /* the agents, as the audit log names them */
	struct settings *set;
	struct preorder *po;
	struct instruction *in;
	struct audit_event *ev;
	struct message *m;
	size_t files;
	cents_t committed23, committed87;
};

static uint64_t rnd(struct demo_gen *g)
{
	g->x ^= g->x << 13;
	g->x ^= g->x >> 7;
	g->x ^= g->x << 17;
	return g->x;
}

static unsigned pick(struct demo_gen *g, unsigned n)
{
	return (unsigned)(rnd(g) % n);
}

struct zrr_probe {
	bool any;
};

static int zrr_one(const struct reflist_entry *e, const char *commune, void *ctx)
{
	(void)e;
	(void)commune;
	((struct zrr_probe *)ctx)->any = true;
	return 0;
}

static int commune_one(const struct geo_commune *c, void *ctx)
{
	struct demo_gen *g = ctx;
	struct zrr_probe z = { false };

	if (c->kind != GEO_COMMUNE || c->population == 0 || strcmp(c->insee, "23079") == 0 ||
	    strcmp(c->insee, "23008") == 0 || g->n >= DEMO_COMMUNES_MAX)
		return 0;
	if (g->zrr_loaded) {
		db_reflist_for_commune(g->txn, REFLIST_ZRR, c->insee, zrr_one, &z);
		if (!z.any)
			return 0;             /* eligible communes only */
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 256;
		g->c = xrealloc(g->c, g->cap * sizeof *g->c);
	}
	strlcpy_(g->c[g->n].insee, c->insee, sizeof g->c[0].insee);
	strlcpy_(g->c[g->n].name, c->name, sizeof g->c[0].name);
	g->n++;
	return 0;
}

/* 8 digits then the Luhn check digit (SIREN), or 13 then one (SIRET). */
static void luhn_complete(char *digits, size_t n)
{
	for (char d = '0'; d <= '9'; d++) {
		digits[n] = d;
		digits[n + 1] = '\0';
		if (luhn_ok(digits))
			return;
	}
}

static int org_make(struct demo_gen *g, const struct demo_commune *c, bool fs, const char *dept,
                    struct org *o)
{
	memset(o, 0, sizeof *o);
	o->kind = fs ? ORG_FRANCE_SERVICES : ORG_COMMUNE;
	o->status = ORG_VALIDATED;
	snprintf(o->name, sizeof o->name, fs ? "Espace France Services de %s" : "Mairie de %s",
	         c->name);
	snprintf(o->siren, sizeof o->siren, "2%c%s", fs ? '8' : '9', c->insee);
	o->siren[7] = '0';
	luhn_complete(o->siren, 8);
	snprintf(o->siret, sizeof o->siret, "%s0001", o->siren);
	luhn_complete(o->siret, 13);
	strlcpy_(o->insee, c->insee, sizeof o->insee);
	strlcpy_(o->dept, dept, sizeof o->dept);
	snprintf(o->contact.name, sizeof o->contact.name, "%s %s",
	         (const char *[]){ "Claire", "Marc", "Nadia", "Jean", "Lucie", "Hugo" }[pick(g, 6)],
	         (const char *[]){ "Aubert", "Roux", "Faure", "Mathieu", "Brun", "Garnier" }[pick(g, 6)]);
	strlcpy_(o->contact.function, fs ? "Animatrice France Services" : "Secrétaire de mairie",
	         sizeof o->contact.function);
	snprintf(o->contact.email, sizeof o->contact.email, "contact.%s%s@demo.example",
	         fs ? "fs" : "mairie", c->insee);
	return db_org_insert(g->txn, o);
}

/* One audit event on the pre-order (version v) or its instruction record. */
static int event(struct demo_gen *g, const struct actor *a, int64_t at, enum action act,
                 const char *kind, uint64_t id, uint64_t v)
{
	char sa[AUDIT_SUMMARY_MAX + 1];

	if (strcmp(kind, "preorder") == 0)
		preorder_summary(g->po, sa, sizeof sa);
	else
		instruction_summary(g->in, sa, sizeof sa);
	audit_event_init(g->ev, a, at, act, kind, id, v, "", sa);
	return db_audit_append(g->txn, g->ev);
}

static int message(struct demo_gen *g, const struct actor *a, int64_t at, const char *body)
{
	memset(g->m, 0, sizeof *g->m);
	g->m->kind = THREAD_PREORDER;
	g->m->thread_id = g->po->id;
	g->m->author_id = a->account_id;
	strlcpy_(g->m->author_login, a->login, sizeof g->m->author_login);
	g->m->author_role = a->role;
	g->m->at = at;
	strlcpy_(g->m->body, body, sizeof g->m->body);
	return db_message_insert(g->txn, g->m);
}

static const char *const motivations[] = {
	"La mairie accueille chaque semaine des habitants sans ordinateur pour leurs démarches "
	"en ligne ; notre secrétaire de mairie les aide, et le matériel sera prêté aux familles "
	"dont les enfants font leurs devoirs « à distance ».",
	"Notre conseiller numérique tient une permanence deux matinées par semaine ; il manque "
	"de postes pour les ateliers collectifs (initiation, messagerie, « France Connect »), et "
	"les tablettes serviront aux visites à domicile des personnes âgées.",
	"Commune rurale de moins de 500 habitants, sans espace public numérique à moins de "
	"20 km : les ordinateurs équiperont la salle du conseil, ouverte le samedi matin, et "
	"seront prêtés à l'association des parents d'élèves.",
	"L'espace France Services reçoit plus de 300 personnes par mois ; les postes en libre "
	"accès sont anciens (plus de dix ans) et ne permettent plus les démarches de la CAF, de "
	"l'ANTS ou de Pôle emploi dans de bonnes conditions.",
};

static const char *const notes[] = {
	"Maire rencontré le 12 ; projet solide, devis cohérent avec les prix de référence.",
	"Vérifier le nombre de conseillers numériques déclarés (2 ? 1 seul selon la convention "
	"CNFS).",
	"Dossier « exemplaire » : à présenter au comité de programmation.",
	"Appel de la secrétaire de mairie : le conseil municipal délibère le 3 ; attendre.",
};

static const char *const reasons[] = {
	"Le territoire est déjà équipé par un autre dispositif financé en 2021.",
	"Les besoins décrits ne correspondent pas aux publics visés par le programme.",
	"Dossier déposé en double avec celui de la communauté de communes.",
};

/* The states of the demonstration, weighted (per cent). */
static enum preorder_state demo_state(struct demo_gen *g)
{
	static const struct {
		enum preorder_state s;
		unsigned pct;
	} w[] = {
		{ PO_BROUILLON, 6 }, { PO_DEPOSEE, 30 }, { PO_EN_INSTRUCTION, 22 }, { PO_RETENUE, 9 },
		{ PO_NON_RETENUE, 7 }, { PO_SANS_SUITE, 4 }, { PO_CONVENTIONNEE, 8 },
		{ PO_SUBVENTION_VERSEE, 9 }, { PO_ABANDONNEE, 5 },
	};
	unsigned r = pick(g, 100), acc = 0;

	for (size_t i = 0; i < ARRAY_LEN(w); i++)
		if (r < (acc += w[i].pct))
			return w[i].s;
	return PO_DEPOSEE;
}

/* Stores the pre-order (its version moves on) and logs the step that made it. */
static int step(struct demo_gen *g, const struct actor *a, int64_t at, enum action act)
{
	struct preorder *po = g->po;
	int rc;

	po->updated_at = at;
	if ((rc = db_preorder_update(g->txn, po)) != RC_OK)
		return rc;
	return event(g, a, at, act, "preorder", po->id, po->version);
}

/* One file: the pre-order of o walked to a state, with what goes with it. */
static int demo_file(struct demo_gen *g, const struct org *o, const struct actor *agents,
                     size_t nagents)
{
	struct preorder *po = g->po;
	struct instruction *in = g->in;
	enum preorder_state target = demo_state(g);
	const struct actor *ag = &agents[pick(g, (unsigned)nagents)];
	struct actor app;
	int64_t t = g->now - (int64_t)(40 + pick(g, 20)) * DAY;
	char body[512];
	int rc;

	memset(&app, 0, sizeof app);
	snprintf(app.login, sizeof app.login, "%s.%s",
	         o->kind == ORG_FRANCE_SERVICES ? "fs" : "mairie", o->insee);
	app.role = o->kind == ORG_FRANCE_SERVICES ? ROLE_FRANCE_SERVICES : ROLE_COLLECTIVITE;
	app.org_id = o->id;
	strlcpy_(app.dept, o->dept, sizeof app.dept);

	memset(po, 0, sizeof *po);
	po->org_id = o->id;
	strlcpy_(po->org_name, o->name, sizeof po->org_name);
	strlcpy_(po->dept, o->dept, sizeof po->dept);
	strlcpy_(po->insee, o->insee, sizeof po->insee);
	po->contact = o->contact;
	for (int i = 0, nl = 1 + (int)pick(g, 2); i < nl; i++)
		po->qty[pick(g, LOT_COUNT)] += 1 + pick(g, 8);
	if (preorder_estimate(po->qty, g->set, &po->estimated, NULL) != RC_OK)
		return RC_ERR;
	po->staff_cnfs = pick(g, 3);
	po->staff_aidants = 1 + pick(g, 3);
	if (pick(g, 3) == 0) {
		po->npartners = 1;
		strlcpy_(po->partners[0].name, "Association familles rurales", sizeof po->partners[0].name);
		po->partners[0].kind = PARTNER_ASSOCIATION;
	}
	strlcpy_(po->motivation, motivations[pick(g, ARRAY_LEN(motivations))], sizeof po->motivation);
	po->state = PO_BROUILLON;
	po->created_at = po->updated_at = t;
	if ((rc = db_preorder_insert(g->txn, po)) != RC_OK)
		return rc;
	if ((rc = event(g, &app, t, ACT_PREORDER_CREATE, "preorder", po->id, 1)) != RC_OK)
		return rc;
	g->files++;
	if (target == PO_BROUILLON)
		return RC_OK;
	instruction_init(in, po->id, po->dept);
	t += DAY;
	po->state = PO_DEPOSEE;
	po->submitted_at = t;
	snprintf(po->elig_note, sizeof po->elig_note,
	         o->kind == ORG_FRANCE_SERVICES
	                 ? "Décision : éligible. La structure porte un espace France Services "
	                   "labellisé (données de démonstration). Source : registre France Services."
	                 : "Décision : éligible. La commune %s est classée en ZRR. Source : liste "
	                   "des ZRR (données de démonstration).", o->insee);
	if ((rc = step(g, &app, t, ACT_PREORDER_SUBMIT)) != RC_OK)
		return rc;
	if (pick(g, 4) == 0) {
		snprintf(body, sizeof body, "Bonjour, nous pouvons accueillir un agent de la "
		         "préfecture pour présenter le projet ; merci de nous dire vos disponibilités.");
		if ((rc = message(g, &app, t + 3600, body)) != RC_OK)
			return rc;
	}
	if (target == PO_ABANDONNEE) {
		po->state = PO_ABANDONNEE;
		po->closed_at = t + 5 * DAY;
		strlcpy_(po->reason, "Le conseil municipal a choisi un autre financement.",
		         sizeof po->reason);
		return step(g, &app, po->closed_at, ACT_PREORDER_ABANDON);
	}
	if (target == PO_DEPOSEE) {
		/* some déposées came back from a complement asked, some were answered */
		if (pick(g, 4) != 0)
			return RC_OK;
		t += 2 * DAY;
		po->state = PO_EN_INSTRUCTION;
		po->instructed_at = t;
		if ((rc = step(g, ag, t, ACT_PREORDER_INSTRUCT)) != RC_OK)
			return rc;
		t += DAY;
		po->state = PO_DEPOSEE;
		po->complement_at = t;
		if ((rc = step(g, ag, t, ACT_PREORDER_COMPLEMENT)) != RC_OK ||
		    (rc = message(g, ag, t, "Complément demandé : merci de préciser le nombre de "
		                             "conseillers numériques et de joindre un devis.")) != RC_OK)
			return rc;
		instruction_follow(in, ag->account_id, true);
		instruction_mark_seen(in, ag->account_id, t);
		if (pick(g, 3) != 0) {
			struct preorder_amendment *a = &po->amend[po->namend++];
			t += DAY;
			memset(a, 0, sizeof *a);
			a->version = po->version + 1;
			a->at = t;
			memcpy(a->before, po->qty, sizeof a->before);
			a->total_before = po->estimated;
			po->qty[LOT_TABLETTE] += 2;
			preorder_estimate(po->qty, g->set, &po->estimated, NULL);
			memcpy(a->after, po->qty, sizeof a->after);
			a->total_after = po->estimated;
			if ((rc = step(g, &app, t, ACT_PREORDER_AMEND)) != RC_OK ||
			    (rc = message(g, &app, t, "Voici les précisions demandées : deux conseillers "
			                              "numériques ; le devis est joint au dossier papier."))
			            != RC_OK)
				return rc;
		}
		return db_instruction_put(g->txn, in);
	}
	t += 3 * DAY;
	po->state = PO_EN_INSTRUCTION;
	po->instructed_at = t;
	if ((rc = step(g, ag, t, ACT_PREORDER_INSTRUCT)) != RC_OK)
		return rc;
	instruction_follow(in, ag->account_id, true);
	instruction_mark_seen(in, ag->account_id, t);
	if (pick(g, 3) == 0)
		in->labels |= 1u << pick(g, LABEL_COUNT);
	if (pick(g, 8) == 0) {
		in->priority = 1 + pick(g, 20);
		strlcpy_(in->priority_note, "Commune sans aucun lieu d'accès public au numérique",
		         sizeof in->priority_note);
	}
	if (pick(g, 4) == 0)
		instruction_note_add(in, ag, t + 600, notes[pick(g, ARRAY_LEN(notes))], NULL);
	if (target == PO_EN_INSTRUCTION) {
		if (pick(g, 5) == 0) {
			in->prog = pick(g, 3) == 0 ? PROG_REJECT : PROG_RETAIN;
			in->prog_amount = in->prog == PROG_RETAIN ? po->estimated : 0;
			strlcpy_(in->prog_reason, in->prog == PROG_REJECT ? reasons[0] : "",
			         sizeof in->prog_reason);
			in->prog_po_version = po->version;
		}
		if ((rc = db_instruction_put(g->txn, in)) != RC_OK)
			return rc;
		return event(g, ag, t + 900, ACT_INSTRUCTION_EDIT, "instruction", po->id, in->version);
	}
	if ((rc = db_instruction_put(g->txn, in)) != RC_OK ||
	    (rc = event(g, ag, t + 900, ACT_INSTRUCTION_EDIT, "instruction", po->id, in->version)) !=
	            RC_OK)
		return rc;
	t += 10 * DAY;
	po->decided_at = t;
	po->decided_by = ag->account_id;
	if (target == PO_NON_RETENUE || target == PO_SANS_SUITE) {
		po->state = target;
		strlcpy_(po->reason, reasons[target == PO_SANS_SUITE ? 2 : pick(g, 2)],
		         sizeof po->reason);
		return step(g, ag, t, target == PO_SANS_SUITE ? ACT_PREORDER_DISMISS
		                                              : ACT_PREORDER_REJECT);
	}
	po->state = PO_RETENUE;
	po->retained = pick(g, 4) == 0 ? po->estimated * 3 / 4 : po->estimated;
	po->subsidy = subsidy_cents(g->set->subsidy_rate_bp, po->retained, g->set->expense_cap);
	*(strcmp(po->dept, "23") == 0 ? &g->committed23 : &g->committed87) += po->subsidy;
	if ((rc = step(g, ag, t, ACT_PREORDER_RETAIN)) != RC_OK)
		return rc;
	if (target == PO_RETENUE)
		return RC_OK;
	t += 7 * DAY;
	po->state = PO_CONVENTIONNEE;
	snprintf(po->convention_no, sizeof po->convention_no, "CONV-%s-%04llu", po->dept,
	         (unsigned long long)po->id);
	po->convention_date = day_of_instant(t);
	if ((rc = step(g, ag, t, ACT_PREORDER_CONVENTION)) != RC_OK)
		return rc;
	if (target == PO_CONVENTIONNEE && pick(g, 2) == 0)
		return RC_OK;
	/* an advance of 30 %, then (versée) the balance */
	t += 5 * DAY;
	po->payments[0].day = day_of_instant(t);
	po->payments[0].amount = po->subsidy * 3 / 10;
	po->npayments = 1;
	po->payment = po->payments[0].amount;
	po->payment_date = po->payments[0].day;
	if ((rc = step(g, ag, t, ACT_PREORDER_PAY)) != RC_OK || target == PO_CONVENTIONNEE)
		return rc;
	t += 6 * DAY;
	po->payments[1].day = day_of_instant(t);
	po->payments[1].amount = po->subsidy - po->payments[0].amount;
	po->npayments = 2;
	po->payment = po->subsidy;
	po->payment_date = po->payments[1].day;
	po->state = PO_SUBVENTION_VERSEE;
	return step(g, ag, t, ACT_PREORDER_PAY);
}

/* The agents as actors (their accounts must exist: cmd-demo.c makes them first). */
static int agent(struct store_txn *txn, const char *login, struct actor *out)
{
	struct account a = { 0 };
	struct org o;
	int rc = db_account_by_login(txn, login, &a);

	memset(out, 0, sizeof *out);
	if (rc != RC_OK)
		return rc;
	out->account_id = a.id;
	strlcpy_(out->login, a.login, sizeof out->login);
	out->role = a.role;
	out->org_id = a.org_id;
	if (db_org_get(txn, a.org_id, &o) == RC_OK)
		strlcpy_(out->dept, o.dept, sizeof out->dept);
	account_clear(&a);
	return RC_OK;
}

static int generate(struct demo_gen *g, size_t *files)
{
	struct reflist_evidence zrr;
	struct org o;
	char first[ORG_NAME_MAX + 1];
	size_t n23;
	int rc;

	if ((rc = agent(g->txn, "demo-pref23a", &g->a23[0])) != RC_OK ||
	    (rc = agent(g->txn, "demo-pref23b", &g->a23[1])) != RC_OK ||
	    (rc = agent(g->txn, "demo-pref87", &g->a87)) != RC_OK ||
	    (rc = db_settings_get(g->txn, g->set)) != RC_OK)
		return rc;
	g->zrr_loaded = db_reflist_evidence(g->txn, REFLIST_ZRR, &zrr) == RC_OK && zrr.loaded;
	if ((rc = db_geo_members(g->txn, GEO_TERRITORY_DEPT, "23", commune_one, g)) != RC_OK)
		return rc;
	if (g->n == 0)
		return RC_OK;         /* no geography: nothing to show */
	snprintf(first, sizeof first, "Mairie de %s", g->c[0].name);
	if ((rc = db_org_by_name(g->txn, first, &o)) != RC_NOTFOUND)
		return rc;            /* RC_OK: already loaded */
	n23 = g->n;
	g->zrr_loaded = false;    /* the Haute-Vienne: a sample of its communes */
	rc = db_geo_members(g->txn, GEO_TERRITORY_DEPT, "87", commune_one, g);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	for (size_t i = 0; i < g->n; i++) {
		bool in23 = i < n23;
		size_t k = in23 ? i : n23 + (i - n23) * 5;   /* one commune in 5 of the 87 */

		if (!in23 && ((i - n23) >= DEMO_87_MAX || k >= g->n))
			break;
		if ((rc = org_make(g, &g->c[k], false, in23 ? "23" : "87", &o)) != RC_OK ||
		    (rc = demo_file(g, &o, in23 ? g->a23 : &g->a87, in23 ? 2 : 1)) != RC_OK)
			return rc;
		if (in23 && i % DEMO_FS_EVERY == 0 &&
		    ((rc = org_make(g, &g->c[k], true, "23", &o)) != RC_OK ||
		     (rc = demo_file(g, &o, g->a23, 2)) != RC_OK))
			return rc;
	}
	*files = g->files;
	return RC_OK;
}

/* Envelopes for 23 and 87 with room left after the demo's decisions (unless already set). */
static int demo_envelopes(struct store *st, const struct demo_gen *g)
{
	struct settings *s = xmalloc(sizeof *s);
	struct store_txn *txn = NULL;
	cents_t env;
	char *why = NULL;
	bool change = false;
	int rc;

	if ((rc = store_begin(st, false, &txn)) == RC_OK) {
		rc = db_settings_get(txn, s);
		store_abort(txn);
	}
	if (rc != RC_OK)
		goto out;
	if (!settings_envelope(s, "23", &env)) {
		settings_set_envelope(s, "23", (g->committed23 * 3 / 2 / 1000000 + 1) * 1000000, NULL);
		change = true;
	}
	if (!settings_envelope(s, "87", &env)) {
		settings_set_envelope(s, "87", (g->committed87 * 3 / 2 / 1000000 + 1) * 1000000, NULL);
		change = true;
	}
	if (change && (rc = cli_settings_update(st, s, &why)) != RC_OK)
		fprintf(stderr, _("recond: enveloppes de démonstration : %s\n"),
		        why != NULL ? why : rc_str(rc));
out:
	free(why);
	free(s);
	return rc;
}

int demo_instruct(struct store *st, size_t *files)
{
	struct demo_gen *g = xcalloc(1, sizeof *g);
	int rc;

	*files = 0;
	g->x = DEMO_SEED;
	g->now = now_utc();
	g->set = xmalloc(sizeof *g->set);
	g->po = xmalloc(sizeof *g->po);
	g->in = xmalloc(sizeof *g->in);
	g->ev = xmalloc(sizeof *g->ev);
	g->m = xmalloc(sizeof *g->m);
	if ((rc = store_begin(st, true, &g->txn)) != RC_OK)
		goto out;
	if ((rc = generate(g, files)) != RC_OK)
		goto out;
	rc = store_commit(g->txn);
	g->txn = NULL;
	if (rc == RC_OK && *files > 0)
		rc = demo_envelopes(st, g);
out:
	if (rc != RC_OK)
		fprintf(stderr, _("recond: dossiers de démonstration des préfectures : %s\n"),
		        rc_str(rc));
	store_abort(g->txn);
	free(g->c);
	free(g->set);
	free(g->po);
	free(g->in);
	free(g->ev);
	free(g->m);
	free(g);
	return rc;
}
