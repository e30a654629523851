/*
 * preorder.h — what the screens of « Mon intention de commande » hand each
 * other: the form's argument and the results they pop with.
 */
#ifndef RECOND_TUI_PREORDER_H
#define RECOND_TUI_PREORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/preorder-merge.h"

/* Argument of screen_po_form: a brouillon (amend false), or the quantities of pre-order id. */
struct po_form_arg {
	bool amend;
	uint64_t id;
};

/*
 * Results: screen_po_confirm pops with CONFIRMED or DECLINED, the form with
 * CHANGED, screen_po_merge with MERGED.
 */
enum {
	PO_RESULT_NONE = 0,
	PO_RESULT_CONFIRMED,
	PO_RESULT_DECLINED,
	PO_RESULT_CHANGED,
	PO_RESULT_MERGED,        /* screen_po_merge: result is int[PM_FIELD_COUNT] of PO_KEEP_* */
};

/* A conflict's choice in screen_po_merge. */
enum { PO_KEEP_NONE = 0, PO_KEEP_MINE, PO_KEEP_THEIRS };

/*
 * Argument of screen_po_merge: the merge (owned by the form below, which
 * outlives the screen) and the text of what the colleague alone changed.
 */
struct po_merge_arg {
	const struct pm_result *r;
	const char *changes;
};

#endif
