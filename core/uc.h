/*
 * uc.h — the one path every use case takes: who acts (struct uc), the
 * French sentence of every result code (one table), and uc_run(), which
 * runs one use case as one LMDB transaction in this order: begin, read
 * the object, ask may_why() for the action on it, check the version the
 * person read (RC_STALE naming who changed what since), make the change
 * (records and their indexes), append the audit event, commit. All or
 * nothing; *why gets one French reason on every refusal (caller frees).
 *
 * Use case files are named core/uc-*.c; they alone (with this file) reach
 * store/. Domain files of core/ decide without it.
 */
#ifndef RECOND_UC_H
#define RECOND_UC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/audit.h"
#include "core/eligibility.h"
#include "core/permission.h"

struct store;
struct store_txn;

/*
 * Fills *out with the zone facts of organisation o (see eligibility.h); the
 * filler owns out->communes until uc's facts_clear is called.
 */
typedef int (*uc_facts_fn)(struct store_txn *txn, const struct org *o, struct zone_facts *out,
                           void *ctx);
typedef void (*uc_facts_clear_fn)(struct zone_facts *f, void *ctx);

/* Who acts, when, and where eligibility facts come from. */
struct uc {
	struct store *st;
	const struct actor *actor;
	int64_t now;                  /* 0: the current time */
	uc_facts_fn facts;            /* NULL: the imported reference lists */
	uc_facts_clear_fn facts_clear;
	void *facts_ctx;
	/*
	 * NULL: each use case is its own transaction, committed to disk. Else
	 * an open write transaction the use case runs nested in (committed
	 * into it, or discarded alone on refusal): a batch of use cases made
	 * durable by one commit (uc_bulk).
	 */
	struct store_txn *within;
};

/* uc->now, or the current time when it is 0. */
int64_t uc_now(const struct uc *uc);

/*
 * The French sentence a person reads for a result code: « La base de
 * données est indisponible : réessayez dans un instant. » for RC_IO, and so
 * on for every enum rc (an unknown code gets the RC_ERR sentence). Already
 * translated (gettext); never NULL; static.
 */
const char *rc_sentence(int rc);

/*
 * Sets *why (if why is not NULL) to "<lead> <rc_sentence(rc)>" — lead, a
 * French sentence such as « Brouillon non enregistré. », is translated here
 * and may be NULL — and returns rc.
 */
int uc_fail(char **why, int rc, const char *lead);

/* What uc_run() learns of the object a use case acts on. */
struct uc_object {
	struct perm_object perm;      /* where it stands, for may_why() */
	uint64_t id;                  /* its id in the audit log (kind below) */
	uint64_t version;             /* its stored version, compared with uc_path.read_version */
};

/*
 * One use case. Callbacks get the open transaction, the caller's context
 * and a why to word their own refusals; a failure they leave unworded gets
 * "<lead> <rc_sentence(rc)>".
 */
struct uc_path {
	enum action action;           /* asked of may_why() on the loaded object */
	bool write;                   /* a write transaction, committed after change */
	bool drafts;                  /* in the drafts environment (store.h), not the main one */
	const char *lead;             /* e.g. N_("Brouillon non enregistré."), or NULL */
	/*
	 * Versioned objects: kind names the object in the audit log ("preorder")
	 * and the stale message; its version must equal read_version. NULL: no
	 * version check.
	 */
	const char *kind;
	uint64_t read_version;
	const char *stale_lead;       /* « Ce dossier a été modifié » */
	const char *stale_reload;     /* « rechargez-le » */
	/*
	 * Reads the object and fills *obj. NULL: the object is the actor's own
	 * organisation (perm = its organisation and département), unversioned.
	 */
	int (*load)(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why);
	/*
	 * Makes the change (or, for a read, copies out what was read). To have
	 * an event appended to the audit log, fill *ev with audit_event_init();
	 * left zeroed, nothing is appended. NULL: nothing to do.
	 */
	int (*change)(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why);
};

/*
 * Runs path for uc->actor: begin (read or write), load, may_why(), version,
 * change, audit, commit. Returns RC_OK once committed (or read), else the
 * first failure with its French reason in *why; nothing is written then.
 */
int uc_run(const struct uc *uc, const struct uc_path *path, void *ctx, char **why);

/*
 * The French RC_STALE message when object (kind, id), now at version
 * `current`, was read at version `read`: "<lead> depuis votre lecture
 * (version …, vous aviez la version …) ; <reload> avant de recommencer.",
 * then one line per audit event since `read` (the last three: when, who,
 * what, before → after). Sets *why; returns RC_STALE.
 */
int uc_stale(struct store_txn *txn, const char *kind, uint64_t id, uint64_t current,
             uint64_t read, const char *lead, const char *reload, char **why);

/* What uc_audit_last() fills: the last events of an object as French lines. */
#define UC_AUDIT_LINE_MAX (AUDIT_SUMMARY_MAX * 2 + 200)
struct uc_audit_lines {
	size_t max;                     /* lines wanted (at most the array's) */
	char (*lines)[UC_AUDIT_LINE_MAX]; /* max of them, newest first */
	size_t n;                       /* lines filled */
	size_t total;                   /* events of the object */
	char last_login[LOGIN_MAX + 1]; /* who made the newest one ("" when none) */
};

/*
 * Reads the audit log of (kind, id) in txn into *out (out->max and
 * out->lines set by the caller): the newest out->max events as
 * audit_event_line() lines, newest first. RC_OK or a store error.
 */
int uc_audit_last(struct store_txn *txn, const char *kind, uint64_t id,
                  struct uc_audit_lines *out);

#endif
