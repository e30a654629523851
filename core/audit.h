/*
 * audit.h — one event of the audit log: who (account, login, role) did
 * what (action) to which object (kind, id, resulting version), when, with a
 * French before/after summary. Events are appended in the same transaction
 * as the change they record and never modified.
 */
#ifndef RECOND_AUDIT_H
#define RECOND_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/permission.h"

#define AUDIT_KIND_MAX 15       /* bytes of an object kind ("preorder") */
#define AUDIT_SUMMARY_MAX 1000  /* bytes of a before/after summary */

struct audit_event {
	uint64_t seq;               /* 1, 2, … per object, assigned by the store */
	int64_t at;                 /* seconds since the epoch, UTC */
	uint64_t actor_id;          /* account id, 0 for the system (CLI, import) */
	char actor_login[LOGIN_MAX + 1];
	enum role actor_role;
	enum action action;
	char object_kind[AUDIT_KIND_MAX + 1];
	uint64_t object_id;
	uint64_t object_version;    /* version of the object after the change */
	char before[AUDIT_SUMMARY_MAX + 1];
	char after[AUDIT_SUMMARY_MAX + 1];
};

/*
 * Fills *ev (seq left 0) from an actor, an action on (kind, id) producing
 * version `version`, and the two summaries (NULL → ""; cut on a UTF-8
 * boundary if longer than AUDIT_SUMMARY_MAX).
 */
void audit_event_init(struct audit_event *ev, const struct actor *actor, int64_t at,
                      enum action action, const char *kind, uint64_t id, uint64_t version,
                      const char *before, const char *after);

/*
 * One French line: "12/03/2024 à 14:05 — jdupont (Préfecture) — Mise en
 * instruction : déposée ; … → en instruction ; …". Returns buf.
 */
char *audit_event_line(const struct audit_event *ev, char *buf, size_t cap);

#endif
