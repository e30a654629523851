/*
 * uc-settings.c — ANCT changes the programme settings: permission,
 * version with who-changed-what, validation, the envelopes' floor (what a
 * département has already committed), record and audit event in one write
 * transaction; reading them; the French before/after summary of a change.
 */
#include "core/uc-settings.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/i18n.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"

#define EXCERPT_CHARS 60   /* code points of a minimum configuration in a summary */

/* ---- the before/after summary ---- */

struct sbuf {
	char *p;
	size_t cap, len;
	bool full;
};

/* Appends "; " (unless first) and the formatted item; past the cap, "…" once. */
static void sbuf_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sbuf_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *item;
	const char *sep = b->len > 0 ? " ; " : "";

	if (b->full)
		return;
	va_start(ap, fmt);
	item = xvasprintf(fmt, ap);
	va_end(ap);
	if (b->len + strlen(sep) + strlen(item) + sizeof "…" <= b->cap) {
		b->len += (size_t)snprintf(b->p + b->len, b->cap - b->len, "%s%s", sep, item);
	} else {
		b->full = true;
		if (b->len + strlen(sep) + sizeof "…" <= b->cap)
			b->len += (size_t)snprintf(b->p + b->len, b->cap - b->len, "%s…", sep);
	}
	free(item);
}

/*
 * The first EXCERPT_CHARS code points of s (valid UTF-8), newlines and tabs
 * as spaces, "…" if cut; only whole characters are copied.
 */
static void excerpt(const char *s, char *out, size_t cap)
{
	size_t o = 0, chars = 0;

	for (const char *p = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		bool lead = (c & 0xC0) != 0x80;

		if (lead && (chars == EXCERPT_CHARS || o + 4 + sizeof "…" > cap)) {
			memcpy(out + o, "…", sizeof "…" - 1);
			o += sizeof "…" - 1;
			break;
		}
		if (lead)
			chars++;
		out[o++] = (c == '\n' || c == '\r' || c == '\t') ? ' ' : (char)c;
	}
	out[o] = '\0';
}

static void add_envelope(struct sbuf *b, const char *dept, bool has, cents_t c)
{
	char m[48];

	if (has)
		sbuf_add(b, _("enveloppe %s : %s"), dept, cents_format(c, m, sizeof m));
	else
		sbuf_add(b, _("enveloppe %s : aucune"), dept);
}

size_t settings_diff(const struct settings *a, const struct settings *b, char *before,
                     char *after, size_t cap)
{
	struct sbuf x = { before, cap, 0, false }, y = { after, cap, 0, false };
	char m1[48], m2[48], d1[16], d2[16], e1[EXCERPT_CHARS * 4 + 8], e2[EXCERPT_CHARS * 4 + 8];
	size_t n = 0, i = 0, j = 0;

	if (cap > 0)
		before[0] = after[0] = '\0';
	if (a->subsidy_rate_bp != b->subsidy_rate_bp) {
		sbuf_add(&x,
		         _("taux de subvention %s"), bp_format(a->subsidy_rate_bp, m1, sizeof m1));
		sbuf_add(&y,
		         _("taux de subvention %s"), bp_format(b->subsidy_rate_bp, m2, sizeof m2));
		n++;
	}
	if (a->expense_cap != b->expense_cap) {
		sbuf_add(&x, _("plafond par organisation %s"),
		         cents_format(a->expense_cap, m1, sizeof m1));
		sbuf_add(&y, _("plafond par organisation %s"),
		         cents_format(b->expense_cap, m2, sizeof m2));
		n++;
	}
	if (a->price_multiple_bp != b->price_multiple_bp) {
		sbuf_add(&x, "multiple du prix médian %s", multiple_format(a->price_multiple_bp, m1,
		                                                           sizeof m1));
		sbuf_add(&y, "multiple du prix médian %s", multiple_format(b->price_multiple_bp, m2,
		                                                           sizeof m2));
		n++;
	}
	if (a->window_open != b->window_open || a->window_close != b->window_close) {
		sbuf_add(&x, _("intentions de commande du %s au %s"),
		         day_format(a->window_open, d1, sizeof d1),
		         day_format(a->window_close, d2, sizeof d2));
		sbuf_add(&y, _("intentions de commande du %s au %s"),
		         day_format(b->window_open, d1, sizeof d1),
		         day_format(b->window_close, d2, sizeof d2));
		n++;
	}
	if (a->ordering_opens != b->ordering_opens) {
		sbuf_add(&x, _("ouverture des commandes le %s"),
		         day_format(a->ordering_opens, d1, sizeof d1));
		sbuf_add(&y, _("ouverture des commandes le %s"),
		         day_format(b->ordering_opens, d2, sizeof d2));
		n++;
	}
	for (int l = 0; l < LOT_COUNT; l++) {
		const struct lot_def *la = &a->lots[l], *lb = &b->lots[l];

		if (la->unit_price != lb->unit_price) {
			sbuf_add(&x, _("prix de référence %s %s"), lot_label((enum lot)l),
			         cents_format(la->unit_price, m1, sizeof m1));
			sbuf_add(&y, _("prix de référence %s %s"), lot_label((enum lot)l),
			         cents_format(lb->unit_price, m2, sizeof m2));
			n++;
		}
		if (strcmp(la->min_config, lb->min_config) != 0) {
			excerpt(la->min_config, e1, sizeof e1);
			excerpt(lb->min_config, e2, sizeof e2);
			sbuf_add(&x, _("configuration %s « %s »"), lot_label((enum lot)l), e1);
			sbuf_add(&y, _("configuration %s « %s »"), lot_label((enum lot)l), e2);
			n++;
		}
	}
	/* envelopes: both arrays are sorted by département */
	while (i < a->nenvelopes || j < b->nenvelopes) {
		const struct dept_envelope *ea = i < a->nenvelopes ? &a->envelopes[i] : NULL;
		const struct dept_envelope *eb = j < b->nenvelopes ? &b->envelopes[j] : NULL;
		int c = ea == NULL ? 1 : eb == NULL ? -1 : strcmp(ea->dept, eb->dept);

		if (c < 0) {            /* removed */
			add_envelope(&x, ea->dept, true, ea->cents);
			add_envelope(&y, ea->dept, false, 0);
			n++;
			i++;
		} else if (c > 0) {     /* added */
			add_envelope(&x, eb->dept, false, 0);
			add_envelope(&y, eb->dept, true, eb->cents);
			n++;
			j++;
		} else {
			if (ea->cents != eb->cents) {
				add_envelope(&x, ea->dept, true, ea->cents);
				add_envelope(&y, eb->dept, true, eb->cents);
				n++;
			}
			i++;
			j++;
		}
	}
	return n;
}

/* ---- the use cases ---- */

/* The settings are a national object (perm zeroed): nothing to read for may(). */
static int settings_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	return RC_OK;
}

/*
 * No département's envelope may fall below what it has already committed
 * (subsidies retenues, conventionnées, versées): those decisions stand, and
 * an envelope smaller than them would make every later retention refused
 * without saying why. A removed envelope counts as 0.
 */
static int envelopes_floor(struct store_txn *txn, const struct settings *cur,
                           const struct settings *next, char **why)
{
	for (size_t i = 0; i < cur->nenvelopes; i++) {
		const struct dept_envelope *e = &cur->envelopes[i];
		cents_t now = 0, committed = 0;
		char m1[48], m2[48];
		int rc;

		settings_envelope(next, e->dept, &now);
		if (now >= e->cents)
			continue;
		if ((rc = uc_dept_committed(txn, e->dept, &committed)) != RC_OK)
			return uc_fail(why, rc, N_("Lecture des subventions engagées impossible."));
		if (now < committed)
			return fail(why, RC_INVALID,
			            _("L'enveloppe du département %s ne peut descendre à "
			                               "%s : %s de subventions y sont déjà engagées."),
			            e->dept, cents_format(now, m1, sizeof m1),
			            cents_format(committed, m2, sizeof m2));
	}
	return RC_OK;
}

static int settings_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	int rc = db_settings_get(txn, ctx);

	/* A stored set that breaks the rules is as unreadable as one that does not decode. */
	if (rc == RC_OK && settings_check(ctx, NULL) != RC_OK)
		rc = RC_IO;
	return rc;
}

int uc_settings_get(const struct uc *uc, struct settings *out, char **why)
{
	const struct uc_path path = {
		.action = ACT_SETTINGS_VIEW, .lead = N_("Paramètres du programme illisibles."),
		.load = settings_load, .change = settings_read,
	};

	return uc_run(uc, &path, out, why);
}

struct settings_run {
	const struct uc *uc;
	struct settings *s, *cur, *next;
};

static int settings_load_cur(struct store_txn *txn, void *ctx, struct uc_object *obj,
                             char **why)
{
	struct settings_run *r = ctx;
	int rc;

	if ((rc = db_settings_get(txn, r->cur)) != RC_OK)
		return uc_fail(why, rc, N_("Paramètres du programme illisibles."));
	obj->id = SETTINGS_AUDIT_ID;
	obj->version = r->cur->version;
	return RC_OK;
}

static int settings_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct settings_run *r = ctx;
	char *before = xmalloc(AUDIT_SUMMARY_MAX + 1), *after = xmalloc(AUDIT_SUMMARY_MAX + 1);
	int64_t now = uc_now(r->uc);
	int rc;

	*r->next = *r->s;
	r->next->updated_at = now;
	r->next->updated_by = r->uc->actor->account_id;
	if ((rc = settings_check(r->next, why)) != RC_OK)
		goto out;
	if (settings_diff(r->cur, r->next, before, after, AUDIT_SUMMARY_MAX + 1) == 0) {
		rc = fail(why, RC_INVALID, "%s",
		          _("Aucun paramètre n'a changé : rien à enregistrer."));
		goto out;
	}
	if ((rc = envelopes_floor(txn, r->cur, r->next, why)) != RC_OK)
		goto out;
	if ((rc = db_settings_put(txn, r->next)) != RC_OK)
		goto out;
	audit_event_init(ev, r->uc->actor, now, ACT_SETTINGS_EDIT, "settings", SETTINGS_AUDIT_ID,
	                 r->next->version, before, after);
out:
	free(before);
	free(after);
	return rc;
}

int uc_settings_update(const struct uc *uc, struct settings *s, char **why)
{
	struct settings_run r = { .uc = uc, .s = s };
	const struct uc_path path = {
		.action = ACT_SETTINGS_EDIT, .write = true,
		.lead = N_("Les paramètres n'ont pas été enregistrés."),
		.kind = "settings", .read_version = s->version,
		.stale_lead = N_("Les paramètres du programme ont été modifiés"),
		.stale_reload = N_("rechargez-les"),
		.load = settings_load_cur, .change = settings_change,
	};
	int rc;

	r.cur = xmalloc(sizeof *r.cur);
	r.next = xmalloc(sizeof *r.next);
	if ((rc = uc_run(uc, &path, &r, why)) == RC_OK)
		*s = *r.next;
	free(r.cur);
	free(r.next);
	return rc;
}

static int history_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	return uc_audit_last(txn, "settings", SETTINGS_AUDIT_ID, ctx);
}

int uc_settings_history(const struct uc *uc, struct uc_audit_lines *out, char **why)
{
	const struct uc_path path = {
		.action = ACT_SETTINGS_EDIT, .lead = N_("Historique des paramètres illisible."),
		.load = settings_load, .change = history_read,
	};

	return uc_run(uc, &path, out, why);
}
