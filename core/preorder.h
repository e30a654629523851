/*
 * preorder.h — the pre-order (intention de commande): its content, its
 * states and the transitions between them, each allowed to one role (see
 * permission.h) and guarded by the programme's preconditions, with French
 * refusal reasons. Pure: no I/O; the use cases (uc-preorder.h) load,
 * apply and store.
 *
 *   brouillon ──submit──> déposée ──instruct──> en instruction
 *   en instruction ──retain──> retenue ──convention──> conventionnée ──pay──> subvention versée
 *   en instruction ──reject──> non retenue (reason mandatory)
 *   déposée | en instruction ──abandon──> abandonnée
 *   déposée | en instruction ──amend──> same state, new quantities (versioned)
 *   en instruction ──complement──> déposée (a complement asked of the applicant)
 *   déposée | en instruction ──dismiss──> classée sans suite (reason mandatory)
 *   retenue | non retenue | sans suite ──reopen──> en instruction (reason; never once paid)
 *   conventionnée ──pay──> conventionnée while the payments' sum is below the subsidy
 */
#ifndef RECOND_PREORDER_H
#define RECOND_PREORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/eligibility.h"
#include "core/model.h"
#include "core/money.h"
#include "core/permission.h"
#include "core/settings.h"

enum preorder_state {
	PO_BROUILLON = 0,
	PO_DEPOSEE,
	PO_EN_INSTRUCTION,
	PO_RETENUE,
	PO_NON_RETENUE,
	PO_CONVENTIONNEE,
	PO_SUBVENTION_VERSEE,
	PO_ABANDONNEE,
	PO_SANS_SUITE,             /* « classée sans suite » by the préfecture */
	PO_STATE_COUNT
};

/* ASCII name for keys and files ("en_instruction"). */
const char *preorder_state_name(enum preorder_state s);
/* French label ("en instruction"). */
const char *preorder_state_label(enum preorder_state s);
int preorder_state_parse(const char *s, enum preorder_state *out, char **why);
/* States that count against the organisation's cap (déposée … versée). */
bool preorder_state_live(enum preorder_state s);
/* States whose subsidy is committed on the département's envelope. */
bool preorder_state_committed(enum preorder_state s);
/* States a decision was taken in (retenue … versée, non retenue, sans suite). */
bool preorder_state_decided(enum preorder_state s);

/*
 * Motivation: at least 100 and at most 2 000 code points. 100 is two real
 * sentences — enough to say which staff and which public the equipment
 * serves, and it refuses "Besoin de matériel." — while 2 000 is the long
 * paragraph the FAQ asks for (« un paragraphe final »): about 25 lines of
 * an 80-column screen, read in a minute by an agent instructing hundreds of
 * files, and a bounded record (8 000 bytes of UTF-8 at worst).
 */
#define MOTIVATION_MIN 100
#define MOTIVATION_MAX 2000
#define MOTIVATION_BYTES (MOTIVATION_MAX * 4)
#define REASON_MIN 10          /* code points of a non-retention reason */
#define REASON_MAX 1000
#define REASON_BYTES (REASON_MAX * 4)
#define PREORDER_QTY_MAX 10000u /* units of one lot */
#define STAFF_MAX 10000u       /* each mediation staff count */
#define PARTNERS_MAX 20        /* partner structures that will borrow equipment */
#define PARTNER_NAME_MAX 120   /* code points */
#define PARTNER_NAME_BYTES (PARTNER_NAME_MAX * 4)
#define CONVENTION_NO_MAX 40   /* bytes: letters, digits, space, / . _ - */
#define AMENDMENTS_MAX 50      /* quantity amendments kept per pre-order */
#define ELIG_NOTE_BYTES 2400   /* eligibility summary kept at submission */
#define PAYMENTS_MAX 12        /* payments of one subsidy (advance, balance…) */

enum partner_kind {
	PARTNER_ASSOCIATION = 0,
	PARTNER_CCAS,
	PARTNER_MISSION_LOCALE,
	PARTNER_COLLECTIVITE,      /* another collectivité, e.g. a member commune */
	PARTNER_AUTRE,
	PARTNER_KIND_COUNT
};
const char *partner_kind_name(enum partner_kind k);
const char *partner_kind_label(enum partner_kind k);

struct partner {
	char name[PARTNER_NAME_BYTES + 1];
	enum partner_kind kind;
};

/* One amendment of quantities, kept in the pre-order. */
struct preorder_amendment {
	uint64_t version;          /* version of the pre-order this amendment produced */
	int64_t at;
	uint64_t by;               /* account id */
	uint32_t before[LOT_COUNT];
	uint32_t after[LOT_COUNT];
	cents_t total_before;
	cents_t total_after;
};

/* One payment of the subsidy. */
struct preorder_payment {
	day_t day;
	cents_t amount;
};

struct preorder {
	uint64_t id;               /* > 0 once stored */
	uint64_t version;          /* 1 at insert, +1 at each update */
	uint64_t org_id;
	char org_name[ORG_NAME_MAX + 1]; /* copied at creation, for lists */
	char dept[4];
	char insee[6];
	struct contact contact;
	uint32_t qty[LOT_COUNT];   /* units per lot (a line per lot with qty > 0) */
	cents_t estimated;         /* sum of qty × reference unit price, HT */
	uint32_t staff_cnfs;       /* conseillers numériques France Services */
	uint32_t staff_mediateurs; /* other digital mediators */
	uint32_t staff_aidants;    /* other aidants (reception agents, secretaries…) */
	size_t npartners;
	struct partner partners[PARTNERS_MAX];
	char motivation[MOTIVATION_BYTES + 1];
	enum preorder_state state;
	uint64_t created_by;
	int64_t created_at, updated_at;
	int64_t submitted_at, instructed_at, decided_at, closed_at;
	uint64_t decided_by;
	char elig_note[ELIG_NOTE_BYTES]; /* eligibility as established at submission */
	char reason[REASON_BYTES + 1];   /* non-retention reason, or a comment */
	cents_t retained;          /* retained expense HT (retenue and after) */
	cents_t subsidy;           /* subsidy granted, frozen at retention */
	char convention_no[CONVENTION_NO_MAX + 1];
	day_t convention_date;
	day_t payment_date;        /* date of the last payment */
	cents_t payment;           /* sum of the payments (kept for older readers) */
	size_t npayments;
	struct preorder_payment payments[PAYMENTS_MAX]; /* oldest first */
	int64_t complement_at;     /* when a complement was last asked (0: never) */
	size_t namend;
	struct preorder_amendment amend[AMENDMENTS_MAX];
};

/*
 * What lists of pre-orders need (the préfecture's queue), decoded without
 * the rest of the record: much cheaper than a struct preorder.
 */
struct preorder_head {
	uint64_t id, version, org_id;
	char org_name[ORG_NAME_MAX + 1];
	char dept[4];
	char insee[6];
	cents_t estimated;
	enum preorder_state state;
	int64_t submitted_at, closed_at, complement_at;
	int64_t last_amend_at;     /* 0: never amended */
	char elig_note[ELIG_NOTE_BYTES];
};

/* The head of a full pre-order. */
void preorder_head_of(const struct preorder *po, struct preorder_head *out);

/* The permission object of a pre-order (its organisation and département). */
struct perm_object preorder_perm_object(const struct preorder *po);

/*
 * Starts a brouillon for organisation `o` by `actor` at time `now`: copies
 * the organisation's id, name, département, commune and contact. RC_DENIED
 * when the actor may not create for this organisation (ACT_PREORDER_CREATE),
 * RC_INVALID when the organisation's kind never pre-orders.
 */
int preorder_init(struct preorder *po, const struct actor *actor, const struct org *o,
                  int64_t now, char **why);

/* Sum of qty × reference unit price; RC_INVALID on overflow or a bad quantity. */
int preorder_estimate(const uint32_t qty[LOT_COUNT], const struct settings *s, cents_t *out,
                      char **why);

/*
 * Checks the form of every field (lengths, caps, valid text), not that the
 * pre-order is complete: a brouillon may be half-filled.
 */
int preorder_check_fields(const struct preorder *po, char **why);
/* Checks that the pre-order is complete enough to be submitted. */
int preorder_check_complete(const struct preorder *po, char **why);

/* The part of a pre-order a completeness refusal is about, for a form's focus. */
enum preorder_part {
	PO_PART_NONE = 0,       /* complete, or a field's form (preorder_check_fields) */
	PO_PART_QTY,            /* no lot has a quantity */
	PO_PART_STAFF,          /* nobody the equipment will serve */
	PO_PART_CONTACT_NAME,
	PO_PART_CONTACT_EMAIL,
	PO_PART_MOTIVATION,
};
/* preorder_check_complete, with the part refused into *part (PO_PART_NONE on RC_OK). */
int preorder_check_complete_part(const struct preorder *po, enum preorder_part *part,
                                 char **why);

/* What a transition needs to know beyond the pre-order itself. */
struct preorder_ctx {
	const struct actor *actor;
	const struct settings *settings;
	int64_t now;                     /* seconds since the epoch */
	const struct eligibility *elig;  /* submit: the organisation's eligibility now */
	const struct org *org;           /* submit: the organisation; refused unless validated */
	cents_t org_engaged;   /* submit/amend: estimated totals of the org's OTHER live pre-orders */
	cents_t dept_committed; /* retain: subsidies already committed in the département */
};

/* A transition request. Fields used depend on the action. */
struct preorder_req {
	enum action action;              /* ACT_PREORDER_EDIT … ACT_PREORDER_PAY,
	                                    ACT_PREORDER_COMPLEMENT, _DISMISS, _REOPEN */
	const struct preorder *fields;   /* edit: the new content (editable fields only) */
	uint32_t qty[LOT_COUNT];         /* amend: the new quantities */
	cents_t amount;                  /* retain: retained expense; pay: amount paid */
	const char *text;                /* reject, dismiss, reopen: reason (mandatory);
	                                    complement: the message (mandatory); retain,
	                                    abandon: optional comment; convention: its number */
	day_t day;                       /* convention: date signed; pay: date paid */
};

/*
 * Applies rq to *po if the actor may (permission.h) and every precondition
 * holds; on success updates state, dates, amounts, history in *po (not its
 * version: the store does that) and returns RC_OK. On refusal *po is
 * unchanged and the French reason is in *why: RC_DENIED (permission),
 * RC_INVALID (state, data or rule), RC_FULL (too many amendments).
 */
int preorder_apply(struct preorder *po, const struct preorder_req *rq,
                   const struct preorder_ctx *cx, char **why);

/*
 * One-line French summary of a pre-order for the audit log and lists:
 * "déposée ; PC fixe 6, Tablette 2 ; estimation 2 200,00 €". Returns buf.
 */
char *preorder_summary(const struct preorder *po, char *buf, size_t cap);


#endif
