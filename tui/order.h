/*
 * order.h (tui) — what the order screens share: the argument of the step
 * form (screen-order-step.c), which the inbox (screen-orders.c) opens.
 * The form focus the order and loan forms share. Not included outside tui/.
 */
#ifndef RECOND_TUI_ORDER_H
#define RECOND_TUI_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/order.h"
#include "tui/screen.h"

/* The argument of screen_order_step: one step on one order, read at version. */
struct order_step_arg {
	uint64_t id, version;
	enum order_step_kind kind;
};
/* The code screen_order_step pops with once the step is made. */
#define ORDER_STEP_DONE 0x51

/*
 * The focus of a form of n fields after key k: Tab, Entrée and ↓ to the
 * next field, ⇧Tab and ↑ to the previous one (wrapping). true when k moved it.
 */
bool order_form_focus(size_t *focus, size_t n, struct tui_key k);

extern const struct screen screen_orders;
extern const struct screen screen_order_step;
extern const struct screen screen_order_new;
extern const struct screen screen_loans;
extern const struct screen screen_loan_new;

#endif
