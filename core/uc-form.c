/*
 * uc-form.c — the pre-order form's use cases: actor of an account, current
 * pre-order of an organisation and its history, per-field drafts (see
 * uc-form.h).
 */
#include "core/uc-form.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc-session.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"

int uc_actor_load(struct store *st, uint64_t account_id, struct actor *out, char **why)
{
	struct whoami w;
	int rc = uc_whoami(st, account_id, &w, why);

	memset(out, 0, sizeof *out);
	if (rc == RC_DENIED) {
		/* A disabled account: an actor that may nothing. */
		out->account_id = account_id;
		out->role = ROLE_NONE;
		if (why != NULL) {
			free(*why);
			*why = NULL;
		}
		return RC_OK;
	}
	if (rc == RC_OK)
		*out = w.actor;
	whoami_clear(&w);
	return rc;
}

struct current_ctx {
	bool with_closed;
	struct preorder *best;
	bool found;
};

static int current_one(const struct preorder *po, void *ctx)
{
	struct current_ctx *c = ctx;

	if (!c->with_closed && po->state == PO_ABANDONNEE)
		return 0;
	/* Walked in id order: the last one seen is the most recent. */
	*c->best = *po;
	c->found = true;
	return 0;
}

struct current_run {
	const struct uc *uc;
	struct current_ctx c;
};

static int current_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct current_run *r = ctx;
	int rc = db_preorder_each_by_org(txn, r->uc->actor->org_id, current_one, &r->c);

	if (rc == RC_OK && !r->c.found)
		rc = fail(why, RC_NOTFOUND, "%s", _("Aucune intention de commande."));
	return rc;
}

int uc_preorder_current(const struct uc *uc, bool with_closed, struct preorder *out, char **why)
{
	struct current_run r = { .uc = uc, .c = { .with_closed = with_closed, .best = out } };
	const struct uc_path path = {
		.action = ACT_PREORDER_VIEW,
		.lead = N_("Lecture des intentions de commande impossible."),
		.change = current_read,
	};

	if (uc->actor->org_id == 0)
		return fail(why, RC_NOTFOUND, "%s",
		            _("Votre compte n'est rattaché à aucune organisation."));
	return uc_run(uc, &path, &r, why);
}

struct history_ctx {
	uint64_t id;
	char **lines;
	size_t n, cap;
};

static int history_one(const struct audit_event *ev, void *ctx)
{
	struct history_ctx *h = ctx;
	char *buf = xmalloc(AUDIT_SUMMARY_MAX * 2 + 400);

	audit_event_line(ev, buf, AUDIT_SUMMARY_MAX * 2 + 400);
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->lines = xrealloc(h->lines, h->cap * sizeof *h->lines);
	}
	h->lines[h->n++] = buf;
	return 0;
}

static int history_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct history_ctx *h = ctx;
	struct preorder *po = xmalloc(sizeof *po);
	int rc = db_preorder_get(txn, h->id, po);

	if (rc == RC_OK)
		obj->perm = preorder_perm_object(po);
	else if (rc == RC_NOTFOUND)
		fail(why, rc, "%s", _("Intention de commande introuvable."));
	free(po);
	return rc;
}

static int history_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct history_ctx *h = ctx;

	return db_audit_each(txn, "preorder", h->id, 0, history_one, h);
}

int uc_preorder_history(const struct uc *uc, uint64_t id, char ***lines, size_t *n, char **why)
{
	struct history_ctx h = { .id = id };
	const struct uc_path path = {
		.action = ACT_AUDIT_VIEW, .lead = N_("Historique illisible."),
		.load = history_load, .change = history_read,
	};
	int rc = uc_run(uc, &path, &h, why);

	if (rc != RC_OK) {
		for (size_t i = 0; i < h.n; i++)
			free(h.lines[i]);
		free(h.lines);
		h.lines = NULL;
		h.n = 0;
	}
	*lines = h.lines;
	*n = h.n;
	return rc;
}

/*
 * Drafts belong to the person typing: the object is their own account
 * (ACT_ACCOUNT_SELF on their organisation, or national when they have none).
 */
struct draft_run {
	const struct uc *uc;
	const char *form;
	struct draft *d;
	const char *name, *value;
	uint32_t focus, cursor;
};

static int draft_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct draft_run *r = ctx;
	int rc = db_draft_get(txn, r->uc->actor->account_id, r->form, r->d);

	if (rc == RC_NOTFOUND)
		return fail(why, rc, "%s", _("Aucun brouillon."));
	return rc;
}

int uc_draft_get(const struct uc *uc, const char *form, struct draft *out, char **why)
{
	struct draft_run r = { .uc = uc, .form = form, .d = out };
	const struct uc_path path = {
		.drafts = true,
		.action = ACT_ACCOUNT_SELF, .lead = N_("Brouillon illisible."), .change = draft_read,
	};

	memset(out, 0, sizeof *out);
	return uc_run(uc, &path, &r, why);
}

static int draft_value_check(const char *name, const char *value, char **why)
{
	if (strlen(value) > DRAFT_VALUE_MAX)
		return fail(why, RC_INVALID, _("« %s » : texte trop long."), name);
	return text_check(name, value, 0, DRAFT_VALUE_MAX, true, why);
}

static int draft_set(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct draft_run *r = ctx;

	return db_draft_set_field(txn, r->uc->actor->account_id, r->form, r->name, r->value,
	                          r->focus, r->cursor);
}

int uc_draft_field(const struct uc *uc, const char *form, const char *name, const char *value,
                   uint32_t focus, uint32_t cursor, char **why)
{
	struct draft_run r = { .uc = uc, .form = form, .name = name, .value = value,
		               .focus = focus, .cursor = cursor };
	const struct uc_path path = {
		.drafts = true,
		.action = ACT_ACCOUNT_SELF, .write = true, .lead = N_("Brouillon non enregistré."),
		.change = draft_set,
	};
	int rc;

	if ((rc = draft_value_check(name, value, why)) != RC_OK)
		return rc;
	return uc_run(uc, &path, &r, why);
}

static int draft_store(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct draft_run *r = ctx;

	return db_draft_put(txn, r->d);
}

int uc_draft_put(const struct uc *uc, struct draft *d, char **why)
{
	struct draft_run r = { .uc = uc, .d = d };
	const struct uc_path path = {
		.drafts = true,
		.action = ACT_ACCOUNT_SELF, .write = true, .lead = N_("Brouillon non enregistré."),
		.change = draft_store,
	};
	int rc;

	for (size_t i = 0; i < d->nfields; i++)
		if ((rc = draft_value_check(d->fields[i].name,
		                            d->fields[i].value ? d->fields[i].value : "", why)) != RC_OK)
			return rc;
	d->account_id = uc->actor->account_id;
	d->saved_at = uc_now(uc);
	return uc_run(uc, &path, &r, why);
}

static int draft_del(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct draft_run *r = ctx;

	return db_draft_del(txn, r->uc->actor->account_id, r->form);
}

int uc_draft_drop(const struct uc *uc, const char *form, char **why)
{
	struct draft_run r = { .uc = uc, .form = form };
	const struct uc_path path = {
		.drafts = true,
		.action = ACT_ACCOUNT_SELF, .write = true, .lead = N_("Brouillon non supprimé."),
		.change = draft_del,
	};
	int rc = uc_run(uc, &path, &r, why);

	/* A removal follows a submission: made durable now, not at the next fold. */
	if (rc == RC_OK)
		rc = store_drafts_fold(uc->st, NULL, why);
	return rc;
}
