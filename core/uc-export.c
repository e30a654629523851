/*
 * uc-export.c — the exports of uc-instruct.h: the pre-orders an actor may
 * see, one row each, and their audit events, written by core/export.c.
 * One read transaction each, on the one use-case path: may() on
 * ACT_PREORDER_EXPORT first (a préfecture for its département, an
 * applicant for its organisation, the programme team for the country),
 * then ACT_PREORDER_VIEW on every row. The préfecture's own columns
 * (priority, labels, private annotations) and the instruction's events
 * are there only for an actor who may read them (ACT_INSTRUCTION_VIEW):
 * never for the applicant.
 */
#include "core/uc-instruct.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "core/export.h"
#include "core/i18n.h"
#include "core/org.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store-instruct.h"
#include "store/store-programme.h"
#include "store/store.h"

#define COLS_MAX 48

enum scope_walk { WALK_ORG, WALK_DEPT, WALK_ALL };

struct export_run {
	const struct uc *uc;
	const struct export_opts *o;
	bool history;
	enum scope_walk walk;
	bool instruction;             /* the préfecture's columns and events */
	struct store_txn *txn;
	struct export_w w;
	struct settings *set;
	struct instruction *in;
	const char *cols[COLS_MAX];
	char lotcols[LOT_COUNT * 2][48];
	size_t ncols;
	int err;
};

/* Where the actor exports from: its organisation, its département, or the country. */
static int export_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct export_run *r = ctx;
	const struct actor *a = r->uc->actor;
	struct perm_object dept = { 0 };

	(void)txn;
	(void)why;
	if ((a->role == ROLE_COLLECTIVITE || a->role == ROLE_FRANCE_SERVICES) && a->org_id != 0) {
		obj->perm.org_id = a->org_id;
		strlcpy_(obj->perm.dept, a->dept, sizeof obj->perm.dept);
		r->walk = WALK_ORG;
	} else if (a->dept[0] != '\0' && !a->system) {
		strlcpy_(obj->perm.dept, a->dept, sizeof obj->perm.dept);
		r->walk = WALK_DEPT;
	} else {
		r->walk = WALK_ALL;
	}
	strlcpy_(dept.dept, a->dept, sizeof dept.dept);
	r->instruction = r->walk == WALK_DEPT ? may(a, ACT_INSTRUCTION_VIEW, &dept) : a->system;
	if (!may(a, ACT_PREORDER_EXPORT, &obj->perm))
		return fail(why, RC_DENIED, _("Votre rôle (%s) n'a pas accès aux exports."),
		            role_label(a->role));
	return RC_OK;
}

static void iso_day(day_t d, char *buf, size_t cap)
{
	if (d == 0)
		buf[0] = '\0';
	else
		snprintf(buf, cap, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
		         (int)(d % 100));
}

static void iso_instant_day(int64_t t, char *buf, size_t cap)
{
	iso_day(t != 0 ? day_of_instant(t) : 0, buf, cap);
}

static void zones_text(unsigned z, char *buf, size_t cap)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = { { ZONE_ZRR, "ZRR" }, { ZONE_FRR, "FRR" }, { ZONE_QPV, "QPV" }, { ZONE_FS, "FS" } };

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		size_t n = strlen(buf);
		if (z & names[i].bit)
			snprintf(buf + n, cap - n, "%s%s", n > 0 ? " " : "", names[i].name);
	}
}

static void preorder_columns(struct export_run *r)
{
	static const char *const head[] = {
		"numero", "organisation", "siret", "commune_insee", "commune", "type", "zones",
	};
	static const char *const tail[] = {
		"total_demande_ht", "etat", "depose_le", "instruit_le", "decide_le",
		"montant_retenu_ht", "subvention", "convention_numero", "convention_date",
		"montant_verse",
	};
	static const char *const pref[] = { "priorite", "etiquettes", "annotations" };

	r->ncols = 0;
	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		r->cols[r->ncols++] = head[i];
	for (int l = 0; l < LOT_COUNT; l++) {
		snprintf(r->lotcols[2 * l], sizeof r->lotcols[0], "%s_quantite", lot_name((enum lot)l));
		snprintf(r->lotcols[2 * l + 1], sizeof r->lotcols[0], "%s_montant_ht",
		         lot_name((enum lot)l));
		r->cols[r->ncols++] = r->lotcols[2 * l];
		r->cols[r->ncols++] = r->lotcols[2 * l + 1];
	}
	for (size_t i = 0; i < ARRAY_LEN(tail); i++)
		r->cols[r->ncols++] = tail[i];
	if (r->instruction)
		for (size_t i = 0; i < ARRAY_LEN(pref); i++)
			r->cols[r->ncols++] = pref[i];
}

static void history_columns(struct export_run *r)
{
	static const char *const cols[] = {
		"numero", "objet", "version", "date", "auteur", "role", "action", "avant", "apres",
	};

	r->ncols = 0;
	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		r->cols[r->ncols++] = cols[i];
}

/* The préfecture's annotations of a file as one text, oldest first. */
static char *notes_text(const struct instruction *in)
{
	char *s = xstrdup(""), when[32];

	for (size_t i = 0; i < in->nnotes; i++) {
		char *n = xasprintf("%s%s%s %s : %s", s, i > 0 ? "\n" : "",
		                    instant_format(in->notes[i].at, when, sizeof when),
		                    in->notes[i].login, in->notes[i].text);
		free(s);
		s = n;
	}
	return s;
}

static int preorder_row(struct export_run *r, const struct preorder *po)
{
	struct export_w *w = &r->w;
	struct geo_commune g;
	struct org o;
	char buf[64];
	cents_t line;
	int rc;

	export_int(w, (int64_t)po->id);
	export_str(w, po->org_name);
	if (db_org_get(r->txn, po->org_id, &o) != RC_OK)
		memset(&o, 0, sizeof o);
	export_str(w, o.siret);
	export_str(w, po->insee);
	export_str(w, po->insee[0] != '\0' && db_geo_get(r->txn, po->insee, &g) == RC_OK ? g.name
	                                                                             : "");
	export_str(w, o.id != 0 ? org_kind_label(o.kind) : "");
	zones_text(queue_zones_of_note(po->elig_note), buf, sizeof buf);
	export_str(w, buf);
	for (int l = 0; l < LOT_COUNT; l++) {
		export_int(w, po->qty[l]);
		if (!cents_mul(r->set->lots[l].unit_price, po->qty[l], &line))
			line = 0;
		export_cents(w, line);
	}
	export_cents(w, po->estimated);
	export_str(w, preorder_state_label(po->state));
	iso_instant_day(po->submitted_at, buf, sizeof buf);
	export_str(w, buf);
	iso_instant_day(po->instructed_at, buf, sizeof buf);
	export_str(w, buf);
	iso_instant_day(po->decided_at, buf, sizeof buf);
	export_str(w, buf);
	export_cents(w, po->retained);
	export_cents(w, po->subsidy);
	export_str(w, po->convention_no);
	iso_day(po->convention_date, buf, sizeof buf);
	export_str(w, buf);
	export_cents(w, preorder_paid(po, NULL));
	if (r->instruction) {
		char *notes;

		rc = db_instruction_get(r->txn, po->id, r->in);
		if (rc != RC_OK && rc != RC_NOTFOUND)
			return rc;
		export_int(w, r->in->priority);
		instruction_labels_short(r->in->labels, buf, sizeof buf);
		export_str(w, buf);
		notes = notes_text(r->in);
		export_str(w, notes);
		free(notes);
	}
	export_row_end(w);
	return RC_OK;
}

static int history_event(const struct audit_event *ev, void *ctx)
{
	struct export_run *r = ctx;
	struct export_w *w = &r->w;
	char when[32];
	struct tm tm;
	time_t t = (time_t)ev->at;

	if (r->o->since != 0 && ev->at < r->o->since)
		return 0;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	export_int(w, (int64_t)ev->object_id);
	export_str(w, ev->object_kind);
	export_int(w, (int64_t)ev->object_version);
	export_str(w, when);
	export_str(w, ev->actor_login);
	export_str(w, role_name(ev->actor_role));
	export_str(w, action_name(ev->action));
	export_str(w, ev->before);
	export_str(w, ev->after);
	export_row_end(w);
	return 0;
}

static int export_one(const struct preorder *po, void *ctx)
{
	struct export_run *r = ctx;
	struct perm_object o = preorder_perm_object(po);
	int rc;

	if (r->walk != WALK_ORG && po->state == PO_BROUILLON)
		return 0;         /* a brouillon is its organisation's alone */
	if (r->o->has_state && po->state != r->o->state)
		return 0;
	if (!may(r->uc->actor, ACT_PREORDER_VIEW, &o))
		return 0;
	if (!r->history)
		return preorder_row(r, po);
	if ((rc = db_audit_each(r->txn, "preorder", po->id, 0, history_event, r)) != RC_OK)
		return rc;
	if (r->instruction)
		rc = db_audit_each(r->txn, "instruction", po->id, 0, history_event, r);
	return rc;
}

static int export_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct export_run *r = ctx;
	int rc;

	(void)ev;
	(void)why;
	r->txn = txn;
	if ((rc = db_settings_get(txn, r->set)) != RC_OK)
		return rc;
	if (r->history)
		history_columns(r);
	else
		preorder_columns(r);
	export_begin(&r->w, r->o->format, r->o->sep, r->o->bom, r->cols, r->ncols);
	switch (r->walk) {
	case WALK_ORG:
		return db_preorder_each_by_org(txn, r->uc->actor->org_id, export_one, r);
	case WALK_DEPT:
		for (int s = PO_DEPOSEE; s < PO_STATE_COUNT && rc == RC_OK; s++)
			rc = db_preorder_each_by_dept_state(txn, r->uc->actor->dept,
			                                    (enum preorder_state)s, export_one, r);
		return rc;
	default:
		return db_preorder_each(txn, export_one, r);
	}
}

/* Runs one export (pre-orders, or their history) into a fresh buffer. */
static int run_export(const struct uc *uc, const struct export_opts *o, bool history,
                      char **out, size_t *len, char **why)
{
	struct export_run *r = xcalloc(1, sizeof *r);
	const struct uc_path path = {
		.action = ACT_PREORDER_EXPORT, .lead = N_("L'export n'a pas pu être fait."),
		.load = export_load, .change = export_change,
	};
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = export_opts_check(o, why)) != RC_OK) {
		free(r);
		return rc;
	}
	r->uc = uc;
	r->o = o;
	r->history = history;
	r->set = xmalloc(sizeof *r->set);
	r->in = xmalloc(sizeof *r->in);
	rc = uc_run(uc, &path, r, why);
	if (rc == RC_OK)
		export_finish(&r->w, out, len);
	else
		export_free(&r->w);
	free(r->set);
	free(r->in);
	free(r);
	return rc;
}

int uc_export_preorders(const struct uc *uc, const struct export_opts *o, char **out,
                        size_t *len, char **why)
{
	return run_export(uc, o, false, out, len, why);
}

int uc_export_history(const struct uc *uc, const struct export_opts *o, char **out,
                      size_t *len, char **why)
{
	return run_export(uc, o, true, out, len, why);
}
