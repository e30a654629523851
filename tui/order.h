/*
 * order.h (tui) — what the order screens share: the argument of the step
 * form (screen-order-step.c), which the inbox (screen-orders.c) opens.
 * Not included outside tui/.
 */
#ifndef RECOND_TUI_ORDER_H
#define RECOND_TUI_ORDER_H

#include <stdint.h>

#include "core/order.h"

/* The argument of screen_order_step: one step on one order, read at version. */
struct order_step_arg {
	uint64_t id, version;
	enum order_step_kind kind;
};
/* The code screen_order_step pops with once the step is made. */
#define ORDER_STEP_DONE 0x51

extern const struct screen screen_orders;
extern const struct screen screen_order_step;
extern const struct screen screen_order_new;

#endif
