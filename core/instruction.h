/*
 * instruction.h — what a préfecture keeps on one pre-order of its
 * département (struct instruction): labels, a priority rank and its
 * comment, private annotations, who follows the file, when each agent last
 * opened it, and a provisional decision of the programmation. Its own
 * record (version of its own), never shown to the applicant. Pure: the
 * helpers below change a struct; the use cases (uc-instruct.h) load, check
 * and store.
 */
#ifndef RECOND_INSTRUCTION_H
#define RECOND_INSTRUCTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/money.h"
#include "core/preorder.h"

/* ---- labels, notes, priority (the préfecture's own, on each file) ---- */

enum po_label {
	LABEL_A_EXAMINER = 0,    /* « À examiner » */
	LABEL_A_RELANCER,        /* « À relancer » */
	LABEL_COMPLET,           /* « Complet » */
	LABEL_A_SIGNER,          /* « À signer » */
	LABEL_URGENT,            /* « Urgent » */
	LABEL_COUNT
};
/* French label of a label (« À relancer »). */
const char *po_label_label(enum po_label l);
/* Short form for a column of 3 characters (« EXA », « REL », « CPL », « SIG », « URG »). */
const char *po_label_short(enum po_label l);

#define NOTE_MAX 1000             /* code points of one private annotation */
#define NOTE_BYTES (NOTE_MAX * 4)
#define NOTES_MAX 64              /* annotations kept per file */
#define FOLLOWERS_MAX 16          /* agents following one file */
#define PRIORITY_NOTE_MAX 200     /* code points of the comment of a priority */
#define PRIORITY_NOTE_BYTES (PRIORITY_NOTE_MAX * 4)

struct po_note {
	int64_t at;
	uint64_t by;                  /* account id */
	char login[LOGIN_MAX + 1];
	char text[NOTE_BYTES + 1];
};

/* The provisional decision of a programmation. */
enum prog_kind {
	PROG_NONE = 0,
	PROG_RETAIN,                  /* « retenir provisoirement » with an amount */
	PROG_REJECT,                  /* « ne pas retenir provisoirement » with a reason */
};

/* What the préfecture keeps on one pre-order (version of its own). */
struct instruction {
	uint64_t preorder_id;
	uint64_t version;             /* 0: nothing kept yet */
	char dept[4];
	uint32_t labels;              /* bit (1u << enum po_label) */
	uint32_t priority;            /* rank: 1 first; 0 none */
	char priority_note[PRIORITY_NOTE_BYTES + 1];
	size_t nfollow;
	uint64_t follow[FOLLOWERS_MAX];     /* accounts following the file */
	size_t nseen;
	struct {
		uint64_t account;
		int64_t at;           /* when that agent last opened the file */
	} seen[FOLLOWERS_MAX];
	size_t nnotes;
	struct po_note notes[NOTES_MAX];    /* oldest first */
	enum prog_kind prog;
	cents_t prog_amount;          /* PROG_RETAIN: the retained expense HT */
	char prog_reason[REASON_BYTES + 1]; /* PROG_REJECT: the reason */
	uint64_t prog_po_version;     /* pre-order version the provisional decision was taken on */
	bool completed;               /* the applicant filed again after a complement asked */
};

/*
 * One agent's saved view of one tab of the queue: which columns, which
 * sort, which filters. The numbers mean what the queue screen says (column
 * and filter indexes); core only keeps them. 0 everywhere: the default.
 */
#define QUEUE_VIEW_TABS 8
#define QUEUE_VIEWS_NAMED 16      /* named views kept per agent */
#define QUEUE_VIEW_NAME_MAX 30    /* code points of a view's name */
#define QUEUE_VIEW_NAME_BYTES (QUEUE_VIEW_NAME_MAX * 4)
struct queue_view {
	uint64_t account;
	uint32_t slot;                /* 0: the tab's view as last left (restored at the next
	                                 login); 1..QUEUE_VIEWS_NAMED: a view saved under a name */
	char name[QUEUE_VIEW_NAME_BYTES + 1]; /* slot > 0: its name */
	uint32_t tab;                 /* enum queue_tab (< QUEUE_VIEW_TABS) */
	uint32_t columns;             /* bit per column shown; 0: the default columns */
	uint32_t sort;                /* column sorted by */
	bool desc;                    /* descending */
	uint32_t filters;             /* filter bits (unread, completed, …) */
	uint32_t states;              /* bit per enum preorder_state; 0: every state */
	uint32_t zones;               /* ZONE_* wanted; 0: any */
	uint32_t labels;              /* bit per enum po_label; 0: any */
	uint32_t kinds;               /* bit per enum org_kind; 0: any */
	cents_t amount_min, amount_max; /* 0: no bound */
};

/* ---- what an agent may do on a file now ---- */

/* The décisions and actions on one file, as the action menu lists them. */
enum file_action {
	FA_INSTRUCT = 0,      /* Prendre en instruction */
	FA_COMPLEMENT,        /* Demander un complément */
	FA_RETAIN,            /* Retenir */
	FA_REJECT,            /* Ne pas retenir */
	FA_DISMISS,           /* Classer sans suite */
	FA_REOPEN,            /* Repasser en instruction */
	FA_CONVENTION,        /* Convention */
	FA_PAY,               /* Versement */
	FA_PRIORITY,          /* Priorité */
	FA_PROG_RETAIN,       /* Retenir provisoirement */
	FA_PROG_REJECT,       /* Ne pas retenir provisoirement */
	FA_PROG_CLEAR,        /* Retirer de la programmation */
	FA_NOTE,              /* Annoter */
	FA_FOLLOW,            /* Suivre / ne plus suivre */
	FA_COUNT
};

/*
 * True when action a makes sense on pre-order po (with what the préfecture
 * keeps on it, in) in its state now: the action menu offers exactly these.
 * The use cases still check every rule when the action is taken.
 */
bool instruction_offers(enum file_action a, const struct preorder *po,
                        const struct instruction *in);
/* Sum of a pre-order's payments (and their count, when count is not NULL). */
cents_t preorder_paid(const struct preorder *po, size_t *count);

/* A cleared record for pre-order id in département dept (version 0). */
void instruction_init(struct instruction *in, uint64_t preorder_id, const char *dept);
/* True when account follows the file. */
bool instruction_follows(const struct instruction *in, uint64_t account);
/*
 * Adds (on) or removes account from the followers. RC_OK when changed,
 * RC_EXISTS when already so (nothing changed), RC_FULL past FOLLOWERS_MAX.
 */
int instruction_follow(struct instruction *in, uint64_t account, bool on);
/* When account last opened the file (0: never). */
int64_t instruction_seen(const struct instruction *in, uint64_t account);
/* Records that account opened the file at `at` (the oldest mark goes when full). */
void instruction_mark_seen(struct instruction *in, uint64_t account, int64_t at);
/*
 * Appends a private annotation (1 to NOTE_MAX code points, valid text);
 * the oldest goes when NOTES_MAX are kept. RC_INVALID with the reason.
 */
int instruction_note_add(struct instruction *in, const struct actor *by, int64_t at,
                         const char *text, char **why);
/* Labels as « EXA REL » (short forms, space separated) into buf. Returns buf. */
char *instruction_labels_short(uint32_t labels, char *buf, size_t cap);
/* One-line French summary for the audit log. Returns buf. */
char *instruction_summary(const struct instruction *in, char *buf, size_t cap);

#endif
