/*
 * preorder.h — what the screens of « Mon intention de commande » hand each
 * other: the form's argument and the results they pop with.
 */
#ifndef RECOND_TUI_PREORDER_H
#define RECOND_TUI_PREORDER_H

#include <stdbool.h>
#include <stdint.h>

/* Argument of screen_po_form: a brouillon (amend false), or the quantities of pre-order id. */
struct po_form_arg {
	bool amend;
	uint64_t id;
};

/* Results: screen_po_confirm pops with CONFIRMED or DECLINED, the form with CHANGED. */
enum {
	PO_RESULT_NONE = 0,
	PO_RESULT_CONFIRMED,
	PO_RESULT_DECLINED,
	PO_RESULT_CHANGED,
};

#endif
