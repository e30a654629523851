/*
 * uc-admin.c — the sign-up validation queue of the programme team: the
 * organisations en attente, one of them with what its sign-up recorded
 * (the audit event « Inscription »), and its refusal with a reason.
 */
#include "core/uc-admin.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/signup.h"
#include "core/uc-account.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"

struct pending_ctx {
	uc_org_fn fn;
	void *ctx;
};

static int pending_one(const struct org *o, void *ctx)
{
	struct pending_ctx *p = ctx;

	return o->status == ORG_PENDING ? p->fn(o, p->ctx) : 0;
}

static int pending_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	return db_org_each(txn, pending_one, ctx);
}

static int national_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	return RC_OK;
}

int uc_signups_pending(const struct uc *uc, uc_org_fn fn, void *ctx, char **why)
{
	struct pending_ctx p = { fn, ctx };
	const struct uc_path path = {
		.action = ACT_ORG_VALIDATE, .lead = N_("Inscriptions en attente illisibles."),
		.load = national_load, .change = pending_read,
	};

	return uc_run(uc, &path, &p, why);
}

struct detail_ctx {
	uint64_t id;
	struct org *o;
	char *evidence;
	const char *reason;
	const struct uc *uc;
};

static int detail_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct detail_ctx *d = ctx;
	int rc = db_org_get(txn, d->id, d->o);

	if (rc == RC_NOTFOUND)
		return fail(why, rc, _("Aucune organisation n'a le numéro %llu."),
		            (unsigned long long)d->id);
	if (rc != RC_OK)
		return rc;
	obj->perm.org_id = d->o->id;
	strlcpy_(obj->perm.dept, d->o->dept, sizeof obj->perm.dept);
	obj->id = d->o->id;
	return RC_OK;
}

static int evidence_one(const struct audit_event *ev, void *ctx)
{
	struct detail_ctx *d = ctx;

	if (ev->action == ACT_ORG_SIGNUP) {
		free(d->evidence);
		d->evidence = xstrdup(ev->after);
	}
	return 0;
}

static int detail_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct detail_ctx *d = ctx;

	return db_audit_each(txn, "org", d->id, 0, evidence_one, d);
}

int uc_signup_detail(const struct uc *uc, uint64_t org_id, struct org *out, char **evidence,
                     char **why)
{
	struct detail_ctx d = { .id = org_id, .o = out };
	const struct uc_path path = {
		.action = ACT_ORG_VALIDATE, .lead = N_("Inscription illisible."),
		.load = detail_load, .change = detail_read,
	};
	int rc = uc_run(uc, &path, &d, why);

	if (rc == RC_OK)
		*evidence = d.evidence != NULL ? d.evidence : xstrdup("");
	else
		free(d.evidence);
	return rc;
}

static int refuse_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct detail_ctx *d = ctx;
	char *after;
	int rc;

	if (d->o->status != ORG_PENDING)
		return fail(why, RC_INVALID, _("Cette organisation est %s : elle ne peut pas être "
		                               "refusée."), org_status_label(d->o->status));
	if ((rc = text_check(_("Motif du refus"), d->reason, SIGNUP_REASON_MIN, SIGNUP_REASON_MAX,
	                     true, why)) != RC_OK)
		return rc;
	d->o->status = ORG_REFUSED;
	if ((rc = db_org_update(txn, d->o)) != RC_OK)
		return rc;
	after = xasprintf("%s : %s", org_status_label(ORG_REFUSED), d->reason);
	audit_event_init(ev, d->uc->actor, uc_now(d->uc), ACT_ORG_REFUSE, "org", d->o->id,
	                 d->o->version, org_status_label(ORG_PENDING), after);
	free(after);
	return RC_OK;
}

int uc_signup_refuse(const struct uc *uc, uint64_t org_id, const char *reason, char **why)
{
	struct org o;
	struct detail_ctx d = { .id = org_id, .o = &o, .reason = reason != NULL ? reason : "",
	                        .uc = uc };
	const struct uc_path path = {
		.action = ACT_ORG_REFUSE, .write = true,
		.lead = N_("L'inscription n'a pas été refusée."),
		.load = detail_load, .change = refuse_change,
	};

	memset(&o, 0, sizeof o);
	return uc_run(uc, &path, &d, why);
}

/* ---- accounts ---- */

struct accounts_ctx {
	struct store_txn *txn;
	uc_account_fn fn;
	void *ctx;
	struct org o;
};

static int accounts_one(const struct account *a, void *ctx)
{
	struct accounts_ctx *c = ctx;
	struct account_row r;

	memset(&r, 0, sizeof r);
	r.id = a->id;
	strlcpy_(r.login, a->login, sizeof r.login);
	r.role = a->role;
	r.disabled = a->disabled;
	r.has_password = a->pwhash[0] != '\0';
	r.has_keys = a->nkeys > 0;
	if (a->org_id != 0 && db_org_get(c->txn, a->org_id, &c->o) == RC_OK)
		strlcpy_(r.org_name, c->o.name, sizeof r.org_name);
	return c->fn(&r, c->ctx);
}

static int accounts_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct accounts_ctx *c = ctx;

	c->txn = txn;
	return db_account_each(txn, accounts_one, c);
}

int uc_accounts_list(const struct uc *uc, uc_account_fn fn, void *ctx, char **why)
{
	struct accounts_ctx c = { .fn = fn, .ctx = ctx };
	const struct uc_path path = {
		.action = ACT_ACCOUNT_ADMIN, .lead = N_("Liste des comptes illisible."),
		.load = national_load, .change = accounts_read,
	};

	return uc_run(uc, &path, &c, why);
}

void otp_make(char out[OTP_CHARS + 1])
{
	static const char lower[] = "abcdefghjkmnpqrstuvwxyz";
	static const char upper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char digits[] = "23456789";
	static const char all[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t o = 0;

	for (int i = 0; i < 12; i++) {
		/* the first three characters guarantee every class the policy asks for */
		const char *set = i == 0 ? lower : i == 1 ? upper : i == 2 ? digits : all;
		size_t n = strlen(set);

		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = set[randombytes_uniform((uint32_t)n)];
	}
	out[o] = '\0';
}

int uc_account_reset(const struct uc *uc, const char *login, char otp[OTP_CHARS + 1],
                     char **why)
{
	int rc;

	otp_make(otp);
	rc = account_set_password_once(uc, login, otp, why);
	if (rc != RC_OK)
		wipe(otp, OTP_CHARS + 1);
	return rc;
}
