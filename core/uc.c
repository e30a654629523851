/*
 * uc.c — the one path of a use case (see uc.h): the French sentence of
 * every result code, the transaction skeleton, the stale message.
 */
#include "core/uc.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "store/store-programme.h"
#include "store/store.h"

#define STALE_LINES_MAX 3

/* One sentence per result code, indexed by -rc. */
static const char *const rc_sentences[RC_COUNT] = {
	[-RC_OK] = N_("C'est fait."),
	[-RC_ERR] = N_("Une erreur interne est survenue : rien n'a été modifié ; réessayez, "
	               "et prévenez l'assistance si cela se reproduit."),
	[-RC_INVALID] = N_("La saisie n'est pas valable : rien n'a été modifié."),
	[-RC_NOTFOUND] = N_("Ce que vous demandez n'existe pas ou n'existe plus."),
	[-RC_EXISTS] = N_("Cela existe déjà : rien n'a été créé."),
	[-RC_STALE] = N_("Quelqu'un d'autre l'a modifié entre-temps : rechargez avant de "
	                 "recommencer."),
	[-RC_DENIED] = N_("Vous n'avez pas le droit de faire cela."),
	[-RC_IO] = N_("La base de données est indisponible : rien n'a été modifié ; réessayez "
	              "dans un instant."),
	[-RC_FULL] = N_("Une limite est atteinte (base de données pleine ou trop d'éléments) : "
	                "rien n'a été ajouté ; prévenez l'assistance."),
};

const char *rc_sentence(int rc)
{
	if (rc > 0 || rc <= -RC_COUNT || rc_sentences[-rc] == NULL)
		rc = RC_ERR;
	return _(rc_sentences[-rc]);
}

int uc_fail(char **why, int rc, const char *lead)
{
	if (lead != NULL && lead[0] != '\0')
		return fail(why, rc, "%s %s", _(lead), rc_sentence(rc));
	return fail(why, rc, "%s", rc_sentence(rc));
}

int64_t uc_now(const struct uc *uc)
{
	return uc->now != 0 ? uc->now : now_utc();
}

int uc_run(const struct uc *uc, const struct uc_path *path, void *ctx, char **why)
{
	struct store_txn *txn = NULL;
	struct audit_event *ev = xcalloc(1, sizeof *ev);
	struct uc_object obj;
	char *reason = NULL;
	int rc;

	memset(&obj, 0, sizeof obj);
	rc = path->drafts ? store_drafts_begin(uc->st, path->write, &txn)
	     : uc->within != NULL ? store_begin_nested(uc->within, &txn)
	                          : store_begin(uc->st, path->write, &txn);
	if (rc != RC_OK)
		goto out;
	if (path->load != NULL) {
		if ((rc = path->load(txn, ctx, &obj, &reason)) != RC_OK)
			goto out;
	} else {
		obj.perm.org_id = uc->actor->org_id;
		strlcpy_(obj.perm.dept, uc->actor->dept, sizeof obj.perm.dept);
	}
	if ((rc = may_why(uc->actor, path->action, &obj.perm, &reason)) != RC_OK)
		goto out;
	if (path->kind != NULL && obj.version != path->read_version) {
		rc = uc_stale(txn, path->kind, obj.id, obj.version, path->read_version,
		              path->stale_lead != NULL ? path->stale_lead : "Ce dossier a été modifié",
		              path->stale_reload != NULL ? path->stale_reload : "rechargez-le",
		              &reason);
		goto out;
	}
	if (path->change != NULL && (rc = path->change(txn, ctx, ev, &reason)) != RC_OK)
		goto out;
	if (ev->object_kind[0] != '\0' && (rc = db_audit_append(txn, ev)) != RC_OK)
		goto out;
	if (path->write) {
		rc = store_commit(txn);
		txn = NULL;
	}
out:
	store_abort(txn);
	free(ev);
	if (rc != RC_OK) {
		if (reason == NULL)
			uc_fail(why, rc, path->lead);
		else
			fail(why, rc, "%s", reason);
	}
	free(reason);
	return rc;
}

/* ---- the last events of an object ---- */

static int last_collect(const struct audit_event *ev, void *ctx)
{
	struct uc_audit_lines *o = ctx;
	size_t keep = o->n < o->max ? o->n : o->max - 1;

	/* newest first: shift the kept ones down, drop the oldest beyond max */
	if (o->max == 0)
		return 0;
	memmove(o->lines[1], o->lines[0], keep * sizeof o->lines[0]);
	audit_event_line(ev, o->lines[0], sizeof o->lines[0]);
	o->n = keep + 1;
	o->total++;
	strlcpy_(o->last_login, ev->actor_login, sizeof o->last_login);
	return 0;
}

int uc_audit_last(struct store_txn *txn, const char *kind, uint64_t id,
                  struct uc_audit_lines *out)
{
	out->n = out->total = 0;
	out->last_login[0] = '\0';
	return db_audit_each(txn, kind, id, 0, last_collect, out);
}

/* ---- the stale message ---- */

struct stale_ctx {
	uint64_t read_version;
	char lines[STALE_LINES_MAX][AUDIT_SUMMARY_MAX * 2 + 200];
	size_t n, total;
};

static int stale_collect(const struct audit_event *ev, void *ctx)
{
	struct stale_ctx *s = ctx;

	if (ev->object_version <= s->read_version)
		return 0;
	s->total++;
	/* keep the last STALE_LINES_MAX */
	if (s->n == STALE_LINES_MAX) {
		memmove(s->lines[0], s->lines[1], sizeof s->lines[0] * (STALE_LINES_MAX - 1));
		s->n--;
	}
	audit_event_line(ev, s->lines[s->n], sizeof s->lines[0]);
	s->n++;
	return 0;
}

int uc_stale(struct store_txn *txn, const char *kind, uint64_t id, uint64_t current,
             uint64_t read, const char *lead, const char *reload, char **why)
{
	struct stale_ctx *s = xcalloc(1, sizeof *s);
	char *msg;

	s->read_version = read;
	db_audit_each(txn, kind, id, 0, stale_collect, s);
	msg = xasprintf(_("%s depuis votre lecture (version %llu, vous aviez la version %llu) ; "
	                  "%s avant de recommencer."), _(lead), (unsigned long long)current,
	                (unsigned long long)read, _(reload));
	if (s->total > s->n) {
		char *m2 = xasprintf(_("%s\n(%zu modifications, voici les dernières)"), msg, s->total);
		free(msg);
		msg = m2;
	}
	for (size_t i = 0; i < s->n; i++) {
		char *m2 = xasprintf("%s\n%s", msg, s->lines[i]);
		free(msg);
		msg = m2;
	}
	fail(why, RC_STALE, "%s", msg);
	free(msg);
	free(s);
	return RC_STALE;
}
