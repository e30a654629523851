/*
 * preorder-merge.h — the three-way merge of a pre-order form after a
 * stale-version refusal: the person started from version `base`, edited
 * some fields (`mine`), and a colleague stored `theirs` meanwhile. The
 * merge keeps what the person changed, takes every other field from
 * `theirs`, lists what the colleague changed (who, when, before → after)
 * and the conflicts — fields both changed to different values — which the
 * person resolves (keep mine or take theirs) before validating again.
 * Pure: no I/O; the caller gives who and when from the audit log
 * (uc_preorder_last_change in uc-preorder.h).
 *
 * Fields merged: the quantity of each lot, the three mediation staff
 * counts, the four contact fields, the partner structures (as one field:
 * the list) and the motivation. Other fields (state, amounts, dates…) are
 * theirs.
 */
#ifndef RECOND_PREORDER_MERGE_H
#define RECOND_PREORDER_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/preorder.h"

enum pm_field {
	PM_QTY_FIRST = 0,                /* PM_QTY_FIRST + lot: quantity of that lot */
	PM_STAFF_CNFS = LOT_COUNT,
	PM_STAFF_MEDIATEURS,
	PM_STAFF_AIDANTS,
	PM_CONTACT_NAME,
	PM_CONTACT_FUNCTION,
	PM_CONTACT_EMAIL,
	PM_CONTACT_PHONE,
	PM_PARTNERS,
	PM_MOTIVATION,
	PM_FIELD_COUNT
};

#define PM_SHOWN_MAX 96                 /* bytes of a value as shown (longer ones cut, « … ») */

/* One field the colleague changed, or both changed (a conflict). */
struct pm_change {
	enum pm_field field;
	char label[64];                  /* « PC portable », « Motivation »… */
	char before[PM_SHOWN_MAX];       /* in base, as shown */
	char theirs[PM_SHOWN_MAX];       /* in theirs */
	char mine[PM_SHOWN_MAX];         /* in mine (conflicts) */
	char who[LOGIN_MAX + 1];         /* the colleague */
	int64_t at;                      /* when they stored it */
	bool resolved;                   /* conflicts: the person chose */
};

struct pm_result {
	struct preorder merged;          /* theirs + my changes; version = theirs.version */
	size_t nchanges;                 /* the colleague's changes I did not touch */
	struct pm_change changes[PM_FIELD_COUNT];
	size_t nconflicts;               /* fields both changed (merged holds mine until resolved) */
	struct pm_change conflicts[PM_FIELD_COUNT];
	size_t nmine;                    /* fields I changed that are kept */
};

/*
 * Merges into *out (large: allocate it on the heap). base, mine and theirs
 * are the same pre-order (same id); who/at name the colleague's change
 * (who may be NULL or ""). base may be NULL when the version the person
 * started from is no longer known (a draft resumed after the file moved
 * on): every field where mine and theirs differ is then a conflict (its
 * « before » shown empty). Never fails.
 */
void preorder_merge(const struct preorder *base, const struct preorder *mine,
                    const struct preorder *theirs, const char *who, int64_t at,
                    struct pm_result *out);

/*
 * Resolves conflict i of r with the value of `chosen`: the `mine` given to
 * preorder_merge to keep the person's value, its `theirs` to take the
 * colleague's. RC_INVALID if i is out of range.
 */
int preorder_merge_resolve(struct pm_result *r, size_t i, const struct preorder *chosen);

/* True when every conflict is resolved (r->merged may then be validated). */
bool preorder_merge_ready(const struct pm_result *r);

/* « PC portable : 3 → 5 (marie, le 03/12/2026 à 14:05) » into buf; returns buf. */
char *pm_change_line(const struct pm_change *c, char *buf, size_t cap);

#endif
