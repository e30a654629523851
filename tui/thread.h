/*
 * thread.h — the argument of screen_thread: which message thread to show.
 */
#ifndef RECOND_TUI_THREAD_H
#define RECOND_TUI_THREAD_H

#include <stdint.h>

#include "core/message.h"

struct thread_arg {
	enum thread_kind kind;
	uint64_t id;
	char label[TICKET_SUBJECT_BYTES + 80];   /* the title: trusted or sanitised text */
};

#endif
