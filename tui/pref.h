/*
 * pref.h — what the préfecture's screens share: the envelope line drawn on
 * every one of them, the decisions an agent can take on a file (each with
 * what it asks and which use case it calls), and the arguments and results
 * the screens hand each other.
 */
#ifndef RECOND_TUI_PREF_H
#define RECOND_TUI_PREF_H

#include <stdbool.h>
#include <stdint.h>

#include "core/uc-instruct.h"
#include "tui/screen.h"

/* The décisions and actions on one file: enum file_action, core/instruction.h. */

/* French label of an action (its menu entry). */
const char *pref_action_label(enum file_action a);

/* Argument of screen_pref_decide. */
struct pref_decide_arg {
	enum file_action action;
	uint64_t id;
	uint64_t po_version;          /* the pre-order version the agent read */
	uint64_t in_version;          /* the instruction version read */
	cents_t requested;            /* the file's requested amount (retain's default) */
	cents_t subsidy;              /* its subsidy (payments) */
	cents_t paid;
	uint32_t priority;
	const char *priority_note;
};

/* Argument of screen_pref_actions: the file shown below it (which outlives it). */
struct pref_file_ref {
	uint64_t id;
	const struct preorder *po;
	const struct instruction *in;
};

/* Results the préfecture's screens pop with. */
enum {
	PREF_RESULT_NONE = 0,
	PREF_RESULT_CHANGED,          /* the file changed: result points to its id (uint64_t) */
	PREF_RESULT_VIEW,             /* filters or a saved view chosen: result points to a
	                                 struct queue_view */
};

/* Argument of screen_pref_results: what became of each file of a batch. */
struct pref_results_arg {
	const char *title;
	const struct file_result *res;
	size_t n;
};

/* Argument of screen_pref_labels: the file, its labels and the instruction version read. */
struct pref_labels_arg {
	uint64_t id;
	uint64_t in_version;
	uint32_t labels;
};

/* Argument of screen_pref_bulk: the marked files. */
struct pref_bulk_arg {
	const uint64_t *ids;
	size_t n;
};

/* c in whole euros when it has no cents (« 140 000 € »), else with them, into buf. Returns buf. */
char *pref_money(cents_t c, char *buf, size_t cap);
/* The envelope line of the actor's département on row y (read once, then cached). */
void pref_draw_envelope(struct tui *t, int y);
/* A decision was taken: the envelope line reads again at its next paint. */
void pref_envelope_changed(void);

extern const struct screen screen_pref_queue;
extern const struct screen screen_pref_file;
extern const struct screen screen_pref_actions;
extern const struct screen screen_pref_decide;
extern const struct screen screen_pref_results;
extern const struct screen screen_pref_bulk;
extern const struct screen screen_pref_prog;
extern const struct screen screen_pref_labels;
/* Argument: the queue's current view (const struct queue_view *, tab included). */
extern const struct screen screen_pref_filter;

#endif
