/*
 * preorder-form.c — the pre-order form's use cases: actor of an account,
 * current pre-order of an organisation, per-field drafts, and the checks of
 * a field as the person leaves it (see preorder-form.h).
 */
#include "core/preorder-form.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/util.h"
#include "store/store.h"

int uc_actor_load(struct store *st, uint64_t account_id, struct actor *out, char **why)
{
	struct store_txn *txn = NULL;
	struct account a;
	struct org o;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&a, 0, sizeof a);
	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	if ((rc = db_account_get(txn, account_id, &a)) != RC_OK) {
		fail(why, rc, "Compte introuvable.");
		goto out;
	}
	out->account_id = a.id;
	strlcpy_(out->login, a.login, sizeof out->login);
	out->role = a.disabled ? ROLE_NONE : a.role;
	out->org_id = a.org_id;
	if (a.org_id != 0 && db_org_get(txn, a.org_id, &o) == RC_OK)
		strlcpy_(out->dept, o.dept, sizeof out->dept);
	rc = RC_OK;
out:
	store_abort(txn);
	account_clear(&a);
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

int uc_preorder_current(const struct uc *uc, bool with_closed, struct preorder *out, char **why)
{
	struct store_txn *txn = NULL;
	struct current_ctx c = { .with_closed = with_closed, .best = out };
	struct perm_object obj = { .org_id = uc->actor->org_id };
	int rc;

	strlcpy_(obj.dept, uc->actor->dept, sizeof obj.dept);
	if (uc->actor->org_id == 0)
		return fail(why, RC_NOTFOUND, "Votre compte n'est rattaché à aucune organisation.");
	if ((rc = may_why(uc->actor, ACT_PREORDER_VIEW, &obj, why)) != RC_OK)
		return rc;
	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	rc = db_preorder_each_by_org(txn, uc->actor->org_id, current_one, &c);
	store_abort(txn);
	if (rc != RC_OK)
		return fail(why, rc, "Lecture des intentions de commande impossible.");
	if (!c.found)
		return fail(why, RC_NOTFOUND, "Aucune intention de commande.");
	return RC_OK;
}

struct history_ctx {
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

int uc_preorder_history(const struct uc *uc, uint64_t id, char ***lines, size_t *n, char **why)
{
	struct store_txn *txn = NULL;
	struct preorder *po = xmalloc(sizeof *po);
	struct history_ctx h = { 0 };
	struct perm_object obj;
	int rc;

	*lines = NULL;
	*n = 0;
	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK) {
		fail(why, rc, "Base de données indisponible.");
		goto out;
	}
	if ((rc = db_preorder_get(txn, id, po)) != RC_OK) {
		fail(why, rc, "Intention de commande introuvable.");
		goto out;
	}
	obj = preorder_perm_object(po);
	if ((rc = may_why(uc->actor, ACT_AUDIT_VIEW, &obj, why)) != RC_OK)
		goto out;
	if ((rc = db_audit_each(txn, "preorder", id, 0, history_one, &h)) != RC_OK) {
		fail(why, rc, "Historique illisible.");
		for (size_t i = 0; i < h.n; i++)
			free(h.lines[i]);
		free(h.lines);
		goto out;
	}
	*lines = h.lines;
	*n = h.n;
out:
	store_abort(txn);
	free(po);
	return rc;
}

int uc_draft_get(const struct uc *uc, const char *form, struct draft *out, char **why)
{
	struct store_txn *txn = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_drafts_begin(uc->st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	rc = db_draft_get(txn, uc->actor->account_id, form, out);
	store_abort(txn);
	if (rc == RC_NOTFOUND)
		return fail(why, rc, "Aucun brouillon.");
	if (rc != RC_OK)
		return fail(why, rc, "Brouillon illisible.");
	return RC_OK;
}

static int draft_value_check(const char *name, const char *value, char **why)
{
	if (strlen(value) > DRAFT_VALUE_MAX)
		return fail(why, RC_INVALID, "« %s » : texte trop long.", name);
	return text_check(name, value, 0, DRAFT_VALUE_MAX, true, why);
}

int uc_draft_field(const struct uc *uc, const char *form, const char *name, const char *value,
                   uint32_t focus, uint32_t cursor, char **why)
{
	struct store_txn *txn = NULL;
	int rc;

	if ((rc = draft_value_check(name, value, why)) != RC_OK)
		return rc;
	if ((rc = store_drafts_begin(uc->st, true, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	rc = db_draft_set_field(txn, uc->actor->account_id, form, name, value, focus, cursor);
	if (rc != RC_OK) {
		fail(why, rc, "Brouillon non enregistré (%s).", rc_str(rc));
		goto out;
	}
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK)
		fail(why, rc, "Brouillon non enregistré (%s).", rc_str(rc));
out:
	store_abort(txn);
	return rc;
}

int uc_draft_put(const struct uc *uc, struct draft *d, char **why)
{
	struct store_txn *txn = NULL;
	int rc;

	for (size_t i = 0; i < d->nfields; i++)
		if ((rc = draft_value_check(d->fields[i].name,
		                            d->fields[i].value ? d->fields[i].value : "", why)) != RC_OK)
			return rc;
	d->account_id = uc->actor->account_id;
	d->saved_at = uc->now != 0 ? uc->now : now_utc();
	if ((rc = store_drafts_begin(uc->st, true, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	if ((rc = db_draft_put(txn, d)) != RC_OK) {
		fail(why, rc, "Brouillon non enregistré (%s).", rc_str(rc));
		goto out;
	}
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK)
		fail(why, rc, "Brouillon non enregistré (%s).", rc_str(rc));
out:
	store_abort(txn);
	return rc;
}

int uc_draft_drop(const struct uc *uc, const char *form, char **why)
{
	struct store_txn *txn = NULL;
	int rc;

	if ((rc = store_drafts_begin(uc->st, true, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	if ((rc = db_draft_del(txn, uc->actor->account_id, form)) != RC_OK) {
		fail(why, rc, "Brouillon non supprimé (%s).", rc_str(rc));
		goto out;
	}
	rc = store_commit(txn);
	txn = NULL;
	/* A removal follows a submission: made durable now, not at the next fold. */
	if (rc == RC_OK)
		rc = store_drafts_fold(uc->st, NULL, NULL);
	if (rc != RC_OK)
		fail(why, rc, "Brouillon non supprimé (%s).", rc_str(rc));
out:
	store_abort(txn);
	return rc;
}

const char *draft_value(const struct draft *d, const char *name)
{
	for (size_t i = 0; i < d->nfields && i < DRAFT_FIELDS_MAX; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			return d->fields[i].value != NULL ? d->fields[i].value : "";
	return NULL;
}

/* Valid UTF-8 and no control character: the reasons every field shares. */
static int form_check_bytes(const char *label, const char *s, bool multiline, char **why)
{
	size_t len = strlen(s), i = 0;

	if (!utf8_valid(s, len))
		return fail(why, RC_INVALID, "%s : texte invalide (UTF-8 incorrect).", label);
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);

		if (text_is_control(cp) && !(multiline && cp == '\n'))
			return fail(why, RC_INVALID, "%s : caractère de contrôle refusé.", label);
		i += k;
	}
	return RC_OK;
}

int form_parse_count(const char *label, const char *s, uint32_t max, uint32_t *out, char **why)
{
	uint64_t v = 0;
	size_t i = 0;
	int rc;

	*out = 0;
	if (s == NULL)
		return RC_OK;
	if ((rc = form_check_bytes(label, s, false, why)) != RC_OK)
		return rc;
	while (s[i] == ' ')
		i++;
	if (s[i] == '-' && s[i + 1] >= '0' && s[i + 1] <= '9')
		return fail(why, RC_INVALID, "%s : un nombre négatif n'a pas de sens ici.", label);
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > max)
			return fail(why, RC_INVALID, "%s : %u au plus.", label, max);
	}
	while (s[i] == ' ')
		i++;
	if (s[i] != '\0')
		return fail(why, RC_INVALID, "%s : ce n'est pas un nombre (chiffres uniquement).",
		            label);
	*out = (uint32_t)v;
	return RC_OK;
}

int form_check_line(const char *label, const char *s, size_t max_chars, size_t max_bytes,
                    bool is_email, char **why)
{
	int rc;

	if ((rc = form_check_bytes(label, s, false, why)) != RC_OK)
		return rc;
	if (utf8_len(s) > max_chars || strlen(s) > max_bytes)
		return fail(why, RC_INVALID, "%s : trop long (%zu caractères au plus).", label,
		            max_chars);
	if (is_email && s[0] != '\0' && (strchr(s, '@') == NULL || strchr(s, ' ') != NULL))
		return fail(why, RC_INVALID, "%s : adresse électronique invalide.", label);
	return RC_OK;
}

int form_check_motivation(const char *s, char **why)
{
	int rc;

	if ((rc = form_check_bytes("Motivation", s, true, why)) != RC_OK)
		return rc;
	if (utf8_len(s) > MOTIVATION_MAX || strlen(s) > MOTIVATION_BYTES)
		return fail(why, RC_INVALID, "Motivation : trop longue (%d caractères au plus).",
		            MOTIVATION_MAX);
	return RC_OK;
}
