/*
 * uc-form.h — what the pre-order form needs from core beyond the
 * transitions of uc-preorder.h: the actor of a logged-in account, the
 * organisation's current pre-order and its history, and the person's draft
 * of a form (core/draft.h), saved field by field as they type, one small
 * write transaction each. On the one use-case path (core/uc.h); drafts are
 * the person's own (ACT_ACCOUNT_SELF).
 */
#ifndef RECOND_UC_FORM_H
#define RECOND_UC_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/draft.h"
#include "core/permission.h"
#include "core/preorder-form.h"
#include "core/preorder.h"
#include "core/uc-preorder.h"
#include "core/uc-settings.h"

/*
 * Fills *out with the actor of account_id (its login, role, organisation
 * and the organisation's département). RC_NOTFOUND if the account is gone.
 */
int uc_actor_load(struct store *st, uint64_t account_id, struct actor *out, char **why);

/*
 * The organisation's current pre-order: the most recent one that is not
 * abandonnée (when `with_closed`, the most recent whatever its state).
 * RC_NOTFOUND when there is none.
 */
int uc_preorder_current(const struct uc *uc, bool with_closed, struct preorder *out, char **why);

/*
 * The history of pre-order id as French lines (audit_event_line), oldest
 * first: *lines gets *n fresh strings; free each and the array. RC_DENIED
 * when the actor may not read it (ACT_AUDIT_VIEW).
 */
int uc_preorder_history(const struct uc *uc, uint64_t id, char ***lines, size_t *n, char **why);

/* The actor's draft of `form`; RC_NOTFOUND if none. Caller draft_clear()s *out. */
int uc_draft_get(const struct uc *uc, const char *form, struct draft *out, char **why);
/*
 * Saves one field of the actor's draft of `form` (value must pass
 * text_check as multi-line text of at most DRAFT_VALUE_MAX bytes: what is
 * not valid UTF-8 or holds control characters other than newline is
 * refused, RC_INVALID), with the focused field and the cursor (code
 * points). One write transaction of the drafts environment: it returns
 * once the change is safe from the death of any process, without waiting
 * for the disk (store.h, "the drafts environment").
 */
int uc_draft_field(const struct uc *uc, const char *form, const char *name, const char *value,
                   uint32_t focus, uint32_t cursor, char **why);
/* Replaces the whole draft (every value checked as above). One transaction. */
int uc_draft_put(const struct uc *uc, struct draft *d, char **why);
/*
 * Removes the actor's draft of form (RC_OK if there was none), durably:
 * the removal is folded into the main database (synced) before it returns.
 */
int uc_draft_drop(const struct uc *uc, const char *form, char **why);

#endif
