/*
 * uc-session.c — the logged-in person's context, read in one transaction
 * (see uc-session.h).
 */
#include "core/uc-session.h"

#include <string.h>

#include "core/i18n.h"
#include "core/signup.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"

/* Keeps the reason of the last refusal of the organisation (its audit log). */
static int refusal_one(const struct audit_event *ev, void *ctx)
{
	struct whoami *w = ctx;
	const char *label = org_status_label(ORG_REFUSED), *p = ev->after;
	size_t n = strlen(label);

	if (ev->action != ACT_ORG_REFUSE)
		return 0;
	/* « refusée : <reason> » (core/uc-signup.c) */
	if (strncmp(p, label, n) == 0 && strncmp(p + n, " : ", 3) == 0)
		p += n + 3;
	strlcpy_(w->org_refusal, p, sizeof w->org_refusal);
	return 0;
}

int uc_whoami(struct store *st, uint64_t account_id, struct whoami *out, char **why)
{
	struct store_txn *txn = NULL;
	struct org o;
	int rc;

	memset(out, 0, sizeof *out);
	out->org_status = ORG_VALIDATED;
	if ((rc = store_begin(st, false, &txn)) != RC_OK) {
		fail(why, rc, "%s", _("Base de données indisponible."));
		goto out;
	}
	if ((rc = db_account_get(txn, account_id, &out->acct)) != RC_OK) {
		fail(why, rc, "%s", _("Compte introuvable."));
		goto out;
	}
	if (out->acct.disabled) {
		rc = fail(why, RC_DENIED, "%s", _("Ce compte est désactivé."));
		goto out;
	}
	out->actor.account_id = out->acct.id;
	strlcpy_(out->actor.login, out->acct.login, sizeof out->actor.login);
	out->actor.role = out->acct.role;
	out->actor.org_id = out->acct.org_id;
	memset(&o, 0, sizeof o);
	if (out->acct.org_id != 0 && db_org_get(txn, out->acct.org_id, &o) == RC_OK) {
		out->has_org = true;
		strlcpy_(out->org_name, o.name, sizeof out->org_name);
		out->org_kind = o.kind;
		out->org_status = o.status;
		strlcpy_(out->actor.dept, o.dept, sizeof out->actor.dept);
		if (o.status == ORG_REFUSED &&
		    (rc = db_audit_each(txn, "org", o.id, 0, refusal_one, out)) != RC_OK) {
			fail(why, rc, "%s", _("Historique de l'organisation illisible."));
			goto out;
		}
	}
	rc = RC_OK;
out:
	store_abort(txn);
	if (rc != RC_OK) {
		account_clear(&out->acct);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

void whoami_clear(struct whoami *w)
{
	account_clear(&w->acct);
	memset(w, 0, sizeof *w);
	w->org_status = ORG_VALIDATED;
}

int uc_store_open(const char *dir, struct store **out, char **why)
{
	return store_open(dir, out, why);
}

void uc_store_close(struct store *st)
{
	store_close(st);
}
