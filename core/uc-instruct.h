/*
 * uc-instruct.h — what a préfecture does with the pre-orders of its
 * département: the queue (every filed pre-order of the département as
 * compact rows, for the list widget to sort, search and page in memory),
 * the budget envelope, a file with what the préfecture keeps on it (labels,
 * priority, private annotations, who follows it, when each agent last
 * opened it), the decisions (instruct, ask for a complement, retain, not
 * retain, close without follow-up, back to instruction, convention,
 * payments), the programmation (provisional decisions notified in one
 * transaction) and bulk actions re-checked file by file.
 *
 * What the préfecture keeps on a file (struct instruction) is a record of
 * its own, never shown to the applicant, never in the applicant's history
 * (its audit events are on object kind "instruction", readable by the
 * préfecture only). Every use case takes the actor and asks may() first;
 * every write names the version the agent read (RC_STALE otherwise, with
 * who changed what since); French reasons in *why (caller frees).
 */
#ifndef RECOND_UC_INSTRUCT_H
#define RECOND_UC_INSTRUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/export.h"
#include "core/geo.h"
#include "core/instruction.h"
#include "core/model.h"
#include "core/money.h"
#include "core/preorder.h"
#include "core/uc.h"

/* Labels, notes, priority and struct instruction: core/instruction.h. */

/* ---- the queue ---- */

/* Which tab of the queue a row belongs to (a row may be in several). */
enum queue_tab {
	TAB_A_TRAITER = 0,           /* déposées that no agent follows */
	TAB_SUIVIES,                 /* files the actor follows */
	TAB_TRAITEES,                /* retenue, non retenue, sans suite, conventionnée, versée */
	TAB_TOUTES,
	TAB_COUNT
};
const char *queue_tab_label(enum queue_tab t);

/* Zones a file's organisation qualifies by (its eligibility evidence). */
enum {
	ZONE_ZRR = 1u << 0,
	ZONE_FRR = 1u << 1,
	ZONE_QPV = 1u << 2,
	ZONE_FS = 1u << 3,
};

/* One row of the queue: what the columns, sorts, filters and search need. */
struct queue_row {
	uint64_t id;                  /* the pre-order */
	char org_name[ORG_NAME_MAX + 1];
	char commune[64];             /* name of its commune (reference geography) */
	enum org_kind kind;
	unsigned zones;               /* ZONE_* */
	cents_t requested;            /* estimated total HT */
	enum preorder_state state;
	int64_t submitted_at;
	uint32_t priority;            /* 0 none */
	uint32_t labels;
	bool followed;                /* some agent follows it */
	bool mine;                    /* the actor follows it */
	bool unread;                  /* the applicant amended, wrote or abandoned since the
	                                 actor last opened it */
	bool completed;               /* filed again after a complement asked */
	enum prog_kind prog;          /* a provisional decision waits */
	cents_t prog_amount;
	char folded[GEO_FOLD_MAX * 2];/* organisation and commune folded (geo_fold), for search */
};

/* ZONE_* named by the eligibility evidence kept at submission (preorder.elig_note). */
unsigned queue_zones_of_note(const char *elig_note);

/* True when row r belongs to tab t. */
bool queue_row_in_tab(const struct queue_row *r, enum queue_tab t);

/*
 * Every pre-order of the actor's département that is not a brouillon, as
 * rows (ACT_PREORDER_VIEW on each; a préfecture sees its département and
 * nothing else). *rows gets a fresh array of *n rows (caller frees), in
 * pre-order id order. One read transaction.
 */
int uc_queue_load(const struct uc *uc, struct queue_row **rows, size_t *n, char **why);
/* One row, read again (after an action on it). RC_NOTFOUND, RC_DENIED as above. */
int uc_queue_row(const struct uc *uc, uint64_t id, struct queue_row *out, char **why);

/*
 * The actor's saved view of tab (struct queue_view, core/instruction.h):
 * RC_OK with the view, or RC_OK with a cleared one (the default) when none
 * was saved. Préfecture agents only (ACT_INSTRUCTION_VIEW).
 */
int uc_queue_view_get(const struct uc *uc, enum queue_tab tab, struct queue_view *out,
                      char **why);
/* Saves the actor's view of v->tab (v->account is the actor's, whatever it says). */
int uc_queue_view_put(const struct uc *uc, const struct queue_view *v, char **why);
/*
 * The actor's named views (slot 1..QUEUE_VIEWS_NAMED, in slot order): *out
 * gets a fresh array of *n views (caller frees; NULL when none).
 */
int uc_queue_views_list(const struct uc *uc, struct queue_view **out, size_t *n, char **why);
/*
 * Saves v under v->name (1 to QUEUE_VIEW_NAME_MAX code points): the view of
 * that name is replaced, else a free slot is taken (RC_FULL past
 * QUEUE_VIEWS_NAMED, with the reason). v->slot gets the slot; v->account the actor.
 */
int uc_queue_view_save(const struct uc *uc, struct queue_view *v, char **why);
/* Removes the actor's named view in slot (RC_NOTFOUND when there is none). */
int uc_queue_view_delete(const struct uc *uc, uint32_t slot, char **why);

/* The département's budget envelope and where it stands. */
struct envelope_view {
	bool set;                     /* an envelope is set for the département */
	cents_t envelope;
	cents_t committed;            /* subsidies of retenues, conventionnées, versées */
	cents_t paid;                 /* payments made */
	cents_t remaining;            /* envelope − committed (0 when over) */
	cents_t provisional;          /* subsidies of the programmation's provisional retentions */
};
int uc_envelope(const struct uc *uc, struct envelope_view *out, char **why);

/* ---- a file ---- */

/*
 * A pre-order with what the préfecture keeps on it, and marks it opened by
 * the actor (which clears its « unread » mark). *po and *in are the
 * caller's (in->version 0 when nothing was kept yet).
 */
int uc_file_open(const struct uc *uc, uint64_t id, struct preorder *po, struct instruction *in,
                 char **why);
/* The history of the file for the préfecture: the pre-order's and the instruction's events. */
int uc_file_history(const struct uc *uc, uint64_t id, char ***lines, size_t *n, char **why);

/* Follow or stop following (no version: idempotent). */
int uc_file_follow(const struct uc *uc, uint64_t id, bool on, char **why);
/* Sets the labels (bit set), naming the instruction version read. */
int uc_file_labels(const struct uc *uc, uint64_t id, uint64_t version, uint32_t labels,
                   char **why);
/* Sets the priority rank (0 clears) and its comment. */
int uc_file_priority(const struct uc *uc, uint64_t id, uint64_t version, uint32_t rank,
                     const char *note, char **why);
/* Adds a private annotation (never shown to the applicant). */
int uc_file_note(const struct uc *uc, uint64_t id, const char *text, char **why);

/* ---- decisions (the pre-order's version read: po_version) ---- */

/* « Prendre en instruction »: déposée → en instruction, and the actor follows the file. */
int uc_file_instruct(const struct uc *uc, uint64_t id, uint64_t po_version, char **why);
/*
 * « Demander un complément »: en instruction → déposée, back with the
 * applicant, who reads `message` (mandatory) in the file's thread and may
 * amend and file again; the file returns to the queue marked completed.
 */
int uc_file_complement(const struct uc *uc, uint64_t id, uint64_t po_version,
                       const char *message, char **why);
/*
 * The applicant's side: *pending is true while a complement the préfecture
 * asked waits (the file is déposée again after « Demander un complément »
 * and its applicant has neither amended it nor written in its thread
 * since; then the préfecture's queue shows it completed). Any role that
 * may see the pre-order (ACT_PREORDER_VIEW); the request's message is the
 * pre-order's reason (po->reason) and the thread's last message.
 */
int uc_complement_pending(const struct uc *uc, uint64_t id, bool *pending, char **why);
/*
 * What retaining `retained` would give, without deciding: the subsidy
 * (rate × min(retained, cap)) and the envelope's remaining after it;
 * RC_INVALID with the reason when it is over the requested amount or over
 * the envelope (saying by how much).
 */
int uc_file_retain_preview(const struct uc *uc, uint64_t id, cents_t retained,
                           cents_t *subsidy, cents_t *remaining_after, char **why);
/* « Retenir » with the retained expense HT (≤ requested) and an optional comment. */
int uc_file_retain(const struct uc *uc, uint64_t id, uint64_t po_version, cents_t retained,
                   const char *comment, char **why);
/* « Ne pas retenir » with a reason the applicant reads (mandatory). */
int uc_file_reject(const struct uc *uc, uint64_t id, uint64_t po_version, const char *reason,
                   char **why);
/* « Classer sans suite » with a reason (mandatory). */
int uc_file_dismiss(const struct uc *uc, uint64_t id, uint64_t po_version, const char *reason,
                    char **why);
/*
 * « Repasser en instruction » from retenue, non retenue or sans suite, with
 * a reason, while nothing was paid (refused once a payment exists).
 */
int uc_file_reopen(const struct uc *uc, uint64_t id, uint64_t po_version, const char *reason,
                   char **why);
/* « Convention »: retenue → conventionnée, with its number and signature date. */
int uc_file_convention(const struct uc *uc, uint64_t id, uint64_t po_version,
                       const char *number, day_t signed_on, char **why);
/*
 * « Versement »: one payment (date, amount); the sum of payments never
 * exceeds the subsidy; the pre-order is « subvention versée » once it
 * reaches it.
 */
int uc_file_pay(const struct uc *uc, uint64_t id, uint64_t po_version, day_t paid_on,
                cents_t amount, char **why);
/* preorder_paid: core/instruction.h. */

/* ---- programmation ---- */

/* Sets (or with PROG_NONE clears) the provisional decision on a file. */
int uc_prog_set(const struct uc *uc, uint64_t id, enum prog_kind kind, cents_t amount,
                const char *reason, char **why);

/* What became of one file in a bulk action or a notification. */
struct file_result {
	uint64_t id;
	int rc;                       /* RC_OK: done */
	char *why;                    /* French reason when refused (owned) */
};
void file_results_free(struct file_result *r, size_t n);

/*
 * Notifies the programmation: every provisional decision of the
 * département becomes the real one (retain or reject) in one transaction,
 * each file re-checked at its current version (a file changed since its
 * provisional decision is refused and listed), and each applicant is told
 * in their inbox. *res gets a fresh array of *n results (caller frees with
 * file_results_free).
 */
int uc_prog_notify(const struct uc *uc, struct file_result **res, size_t *n, char **why);

/* ---- bulk ---- */

enum bulk_action {
	BULK_INSTRUCT = 0,            /* prendre en instruction */
	BULK_FOLLOW,
	BULK_UNFOLLOW,
	BULK_LABEL,                   /* arg.labels added */
	BULK_PRIORITY,                /* arg.rank */
	BULK_MESSAGE,                 /* arg.text sent in each file's thread */
	BULK_PROG_RETAIN,             /* provisional retention of the requested amount */
	BULK_PROG_REJECT,             /* arg.text as reason */
};

struct bulk_arg {
	uint32_t labels;
	uint32_t rank;
	const char *text;
};

/*
 * Applies one action to each of ids[0..n), each re-checked at its current
 * version, each in its own transaction (nested in one durable commit per
 * chunk of files: a refused file leaves nothing); *res gets one result per id
 * (caller frees with file_results_free). RC_OK when the batch ran (some
 * files may be refused: see res).
 */
int uc_bulk(const struct uc *uc, enum bulk_action a, const struct bulk_arg *arg,
            const uint64_t *ids, size_t n, struct file_result **res, char **why);

/* ---- exports ---- */

/* enum export_format and struct export_opts: core/export.h. */

/*
 * The pre-orders the actor may see (a préfecture its département, the
 * applicant its own without the préfecture's annotations, the programme
 * team the country), one row each (columns in docs/prefecture.md), as RFC
 * 4180 CSV (or TSV, or a JSON array) in UTF-8: *out gets a fresh buffer of
 * *len bytes. RC_DENIED (« … n'a pas accès aux exports ») for a role that
 * may not export.
 */
int uc_export_preorders(const struct uc *uc, const struct export_opts *o, char **out,
                        size_t *len, char **why);
/* The audit events of those pre-orders (and their instruction, for the préfecture). */
int uc_export_history(const struct uc *uc, const struct export_opts *o, char **out,
                      size_t *len, char **why);

#endif
