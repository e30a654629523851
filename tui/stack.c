/*
 * stack.c — the stack of open screens: push with an argument, pop with a
 * result for the screen below, replace. Each frame owns its state, made
 * zeroed at push and freed exactly once when the frame leaves the stack.
 *
 * A handler may ask for a pop while it still uses its own state, so a pop
 * is only recorded (t->pop_pending) and carried out by tui_stack_settle()
 * once the handler has returned; a push is done at once (the pusher's
 * state stays where it is, below).
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/screen.h"

struct tui_frame *tui_top(struct tui *t)
{
	return t->depth > 0 ? &t->stack[t->depth - 1] : NULL;
}

/* Calls leave and frees the state of frame f. */
static void stack_free_frame(struct tui *t, struct tui_frame *f)
{
	if (f->scr->leave != NULL)
		f->scr->leave(t, f->st);
	free(f->st);
	f->st = NULL;
	f->scr = NULL;
}

int tui_push(struct tui *t, const struct screen *s, const void *arg)
{
	struct tui_frame *f;
	int rc;

	if (t->depth >= TUI_STACK_MAX) {
		tui_msg(t, MSG_ERROR, _("Trop d'écrans ouverts : revenez en arrière d'abord."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	f = &t->stack[t->depth];
	f->scr = s;
	f->st = s->state_size > 0 ? xcalloc(1, s->state_size) : NULL;
	t->depth++;
	t->help = false;
	if (s->enter != NULL && (rc = s->enter(t, f->st, arg)) != RC_OK) {
		log_error("screen %s: %s", s->name, rc_str(rc));
		t->depth--;
		stack_free_frame(t, f);
		if (t->msg == NULL)
			tui_msg(t, MSG_ERROR, _("Écran indisponible, réessayez plus tard."));
	}
	return SCR_HANDLED | SCR_REDRAW;
}

int tui_pop(struct tui *t, int code, void *result)
{
	if (t->depth == 0 || t->pop_pending)
		return SCR_HANDLED | SCR_REDRAW;
	t->pop_pending = true;
	t->pop_index = t->depth - 1;
	t->pop_code = code;
	t->pop_result = result;
	return SCR_HANDLED | SCR_REDRAW;
}

int tui_replace(struct tui *t, const struct screen *s, const void *arg)
{
	size_t below = t->depth;
	int flags = tui_push(t, s, arg);

	/* Pushed: the screen that asked goes once its handler returned. */
	if (t->depth > below && below > 0 && !t->pop_pending) {
		t->pop_pending = true;
		t->pop_index = below - 1;
		t->pop_code = 0;
		t->pop_result = NULL;
	}
	return flags;
}

int tui_stack_settle(struct tui *t)
{
	int flags = 0;

	/* A resume may ask for a pop or a replace of its own: settle until none is left. */
	while (t->pop_pending) {
		size_t i = t->pop_index;
		int code = t->pop_code;
		void *result = t->pop_result;
		struct tui_frame gone;
		bool top;

		t->pop_pending = false;
		if (i >= t->depth)
			break;
		gone = t->stack[i];
		top = i == t->depth - 1;
		memmove(&t->stack[i], &t->stack[i + 1], (t->depth - i - 1) * sizeof t->stack[0]);
		t->depth--;
		memset(&t->stack[t->depth], 0, sizeof t->stack[0]);
		t->help = false;
		flags |= SCR_REDRAW;
		/*
		 * A real pop: the screen below, now on top, learns the result
		 * while the closed screen's state (where it points) still exists.
		 */
		if (top && t->depth > 0) {
			struct tui_frame *below = &t->stack[t->depth - 1];

			if (below->scr->resume != NULL)
				below->scr->resume(t, below->st, code, result);
		}
		stack_free_frame(t, &gone);
	}
	return flags | (t->depth == 0 ? SCR_QUIT : 0);
}

void tui_stack_clear(struct tui *t)
{
	t->pop_pending = false;
	while (t->depth > 0) {
		struct tui_frame f = t->stack[--t->depth];

		memset(&t->stack[t->depth], 0, sizeof t->stack[0]);
		stack_free_frame(t, &f);
	}
}
