/*
 * queue.h — the préfecture's queue as a list source: the rows of the
 * département (core's uc_queue_load, read once when the queue opens and
 * row by row after an action), shown by tab, filtered, searched and sorted
 * in memory, so that a page, a search keystroke or a sort change costs
 * microseconds at 5 000 files.
 */
#ifndef RECOND_TUI_QUEUE_H
#define RECOND_TUI_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/uc-instruct.h"
#include "tui/list.h"

/* Columns of the queue, in order. */
enum queue_col {
	QC_ID, QC_ORG, QC_KIND, QC_ZONES, QC_AMOUNT, QC_STATE, QC_FILED, QC_LABELS, QC_PRIO,
	QC_MARK,
	QC_COUNT
};

/* Filter bits (list_query.filter), all of them must hold. */
enum {
	QF_UNREAD = 1u << 0,          /* unread activity only */
	QF_PROG = 1u << 1,            /* a provisional decision waits */
	QF_ZONE_SHIFT = 2,            /* bits 2..5: ZONE_* << 2, any of them */
	QF_LABEL_SHIFT = 8,           /* bits 8..12: labels, any of them */
	QF_STATE_SHIFT = 16,          /* bits 16..: states, any of them */
};

struct queue_model {
	struct queue_row *rows;       /* owned */
	size_t n;
	enum queue_tab tab;
	size_t counts[TAB_COUNT];     /* rows in each tab */
	size_t *view;                 /* rows of the tab matching the last query, in its order */
	size_t nview;
	bool view_valid;
	struct list_query last;
	enum queue_tab last_tab;
	/* Filters list_query.filter has no room for (queue_model_narrow). */
	uint32_t kinds;               /* bit per enum org_kind; 0: any */
	cents_t amount_min, amount_max; /* requested amount HT; 0: no bound */
};

extern const struct list_col queue_cols[QC_COUNT];
extern const struct list_source queue_source;    /* ctx: a struct queue_model */

/* Takes the rows (owned from then on) and counts the tabs. */
void queue_model_set(struct queue_model *m, struct queue_row *rows, size_t n);
/* Replaces the row of pre-order r->id (or adds it) after an action. */
void queue_model_update(struct queue_model *m, const struct queue_row *r);
void queue_model_free(struct queue_model *m);
/* Sets the kinds and the amount range rows must have (0: any), for the next query. */
void queue_model_narrow(struct queue_model *m, uint32_t kinds, cents_t amount_min,
                        cents_t amount_max);
/*
 * A saved view (core/instruction.h) as the list's query and the model's
 * narrowing, and back: what the queue shows is exactly what it saves.
 */
void queue_view_apply(const struct queue_view *v, struct list_query *q, struct queue_model *m);
void queue_view_capture(struct queue_view *v, const struct list_query *q,
                        const struct queue_model *m);
/* Every column shown, as a bit set of enum queue_col. */
#define QUEUE_COLS_ALL ((1u << QC_COUNT) - 1)
/* The list's hidden columns for a view's `columns` (0: every one shown; N° and the name always). */
unsigned queue_view_hidden(const struct queue_view *v);
/* A view's `columns` for the list's hidden columns (0 when every one is shown). */
uint32_t queue_view_columns(unsigned hidden);
/* True when v filters anything (states, zones, kinds, labels, amounts, unread, programmation). */
bool queue_view_filters(const struct queue_view *v);
/*
 * What v filters, in French, short (« déposée, instruction · ZRR · Urgent ·
 * 1 000 € à 5 000 € »), into buf; "" when nothing. Returns buf.
 */
char *queue_view_describe(const struct queue_view *v, char *buf, size_t cap);
/* The short kind of an organisation, as the queue's column shows it (« Com. »). */
const char *queue_kind_short(enum org_kind k);
/* The state in at most 11 columns, as the queue's column shows it. */
const char *queue_state_short(enum preorder_state st);
/* The row of pre-order id, or NULL. */
const struct queue_row *queue_model_find(const struct queue_model *m, uint64_t id);

#endif
