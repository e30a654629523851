/*
 * preorder-form.h — the rules of the pre-order form: the checks of one
 * field as the person leaves it, with the French reason, and the layout of
 * its draft. The form's use cases (actor, current pre-order, history,
 * drafts) are in uc-form.h.
 *
 * Draft layout (form PREORDER_FORM): one draft field per form field, named
 * as below, plus "_id" and "_version" (the pre-order and the version the
 * person started from, so that the second of two colleagues is told of the
 * first's change) and "_npartners". Focus and cursor are the draft's own.
 */
#ifndef RECOND_PREORDER_FORM_H
#define RECOND_PREORDER_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/draft.h"

#define PREORDER_FORM "preorder"

/*
 * A count typed in a digits field (quantity, staff): digits only, at most
 * `max`. Empty is 0. RC_INVALID with « <label> : … » in *why: not a number,
 * negative, too large, not valid UTF-8, control characters.
 */
int form_parse_count(const char *label, const char *s, uint32_t max, uint32_t *out, char **why);

/*
 * One line of text typed by a person (name, function, e-mail, phone,
 * partner): valid UTF-8, no control characters, at most max_bytes bytes and
 * max_chars code points. The e-mail, when not empty, needs an '@' and no
 * space (is_email).
 */
int form_check_line(const char *label, const char *s, size_t max_chars, size_t max_bytes,
                    bool is_email, char **why);

/* The motivation: valid UTF-8, no control character but newlines, at most MOTIVATION_MAX. */
int form_check_motivation(const char *s, char **why);

#endif
