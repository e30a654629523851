/*
 * refurb.h — the refurbishers (acteurs du reconditionnement) as the
 * programme sees them: their registration (SIREN, legal form, creation
 * date, refurbishing benches at postal codes of the reference geography),
 * one offer per lot (unit price HT, capacity, grade, warranty, the
 * attestations of décret 2022-190 and of the lot's minimum configuration,
 * the data-erasure method), the selection dossier (one section per
 * criterion: technique, environnemental, social, économique), the
 * programme team's evaluation (a score 0–5 and a comment per criterion)
 * and decision (sélectionné / non sélectionné with a reason), and the
 * excessive-price rule. Plain data and rules; no I/O (the use cases are
 * in uc-refurb.h).
 */
#ifndef RECOND_REFURB_H
#define RECOND_REFURB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/model.h"
#include "core/money.h"
#include "core/settings.h"

#define REFURB_BENCHES_MAX 20       /* refurbishing benches of one refurbisher */
#define REFURB_COMMUNE_MAX 128      /* bytes of a bench's commune name, with its NUL */
#define REFURB_TEXT_MAX 500         /* code points of a dossier text */
#define REFURB_TEXT_BYTES (REFURB_TEXT_MAX * 4)
#define REFURB_ERASURE_MIN 3        /* code points of the erasure method */
#define REFURB_ERASURE_MAX 200
#define REFURB_ERASURE_BYTES (REFURB_ERASURE_MAX * 4)
#define REFURB_COMMENT_MAX 1000     /* code points of an evaluation comment */
#define REFURB_COMMENT_BYTES (REFURB_COMMENT_MAX * 4)
#define REFURB_REASON_MIN 10        /* code points of a non-selection or price reason */
#define REFURB_REASON_MAX 1000
#define REFURB_REASON_BYTES (REFURB_REASON_MAX * 4)
#define REFURB_CAPACITY_MAX 1000000u /* units of one lot */
#define REFURB_WARRANTY_MAX 120u    /* months */
#define REFURB_SCORE_MAX 5u
#define REFURB_COUNT_MAX 100000u    /* staff, jobs, years: a sane bound */

/* Default multiple of the median above which an offer's price is excessive. */
#define PRICE_MULTIPLE_DEFAULT 15000u  /* 1,5 ×, in basis points */
#define PRICE_MULTIPLE_MIN 10000u      /* 1 × */
#define PRICE_MULTIPLE_MAX 100000u     /* 10 × */

enum legal_form {
	LF_NONE = 0,
	LF_SOCIETE,
	LF_ASSOCIATION,
	LF_SCOP,
	LF_SCIC,
	LF_INSERTION,             /* entreprise d'insertion */
	LF_ESAT,
	LF_ADAPTEE,               /* entreprise adaptée */
	LF_AUTRE,
	LF_COUNT
};

enum grade { GRADE_NONE = 0, GRADE_A, GRADE_B, GRADE_C, GRADE_COUNT };

enum refurb_state {
	REFURB_PENDING = 0,       /* en attente */
	REFURB_SELECTED,          /* sélectionné */
	REFURB_NOT_SELECTED,      /* non sélectionné (reason) */
	REFURB_STATE_COUNT
};

enum criterion {
	CRIT_TECHNIQUE = 0,
	CRIT_ENVIRONNEMENTAL,
	CRIT_SOCIAL,
	CRIT_ECONOMIQUE,
	CRIT_COUNT
};

/* The programme team's word on an offer flagged as excessive. */
enum price_review {
	PRICE_REVIEW_NONE = 0,
	PRICE_REVIEW_CONFIRMED,   /* excessive: left out of the census and of matching */
	PRICE_REVIEW_LIFTED,      /* justified: the offer stands */
	PRICE_REVIEW_COUNT
};

/* What the rule and the team's word make of an offer's price. */
enum price_flag {
	PRICE_OK = 0,             /* not above the multiple (or nothing to compare with) */
	PRICE_FLAGGED,            /* above: waits for the team */
	PRICE_CONFIRMED,          /* above, confirmed excessive */
	PRICE_LIFTED,             /* above, flag lifted by the team */
	PRICE_FLAG_COUNT
};

enum turnover_band {
	TURNOVER_NONE = 0,
	TURNOVER_LT_100K,         /* < 100 k€ */
	TURNOVER_100K_1M,         /* 100 k€ – 1 M€ */
	TURNOVER_1M_10M,          /* 1 – 10 M€ */
	TURNOVER_GT_10M,          /* > 10 M€ */
	TURNOVER_COUNT
};

/* A refurbishing bench: a postal code and the one commune picked there. */
struct bench {
	char postcode[6];
	char insee[6];            /* "" until checked against the geography */
	char commune[REFURB_COMMUNE_MAX];
};

struct refurb_offer {
	bool active;              /* the refurbisher supplies this lot */
	cents_t unit_price;       /* HT, cents */
	uint32_t capacity;        /* units it can supply */
	enum grade grade;
	uint32_t warranty_months;
	bool attest_decree;       /* décret 2022-190: every function tested, all data erased */
	bool attest_config;       /* meets the lot's published minimum configuration */
	char erasure[REFURB_ERASURE_BYTES + 1]; /* software, standard followed */
	enum price_review review;
	cents_t review_price;     /* the price the review was given on */
	char review_reason[REFURB_REASON_BYTES + 1];
	int64_t updated_at;
};

/* The selection dossier: one section per criterion. */
struct refurb_dossier {
	/* technique (erasure, grade and warranty are in the offers) */
	char process[REFURB_TEXT_BYTES + 1];
	char certifications[REFURB_TEXT_BYTES + 1];
	/* environnemental */
	char sourcing[REFURB_TEXT_BYTES + 1];
	uint32_t local_reuse_pct;       /* 0–100 % of devices reused locally */
	char packaging[REFURB_TEXT_BYTES + 1];
	char unrefurbishable[REFURB_TEXT_BYTES + 1];
	/* social */
	uint32_t insertion_jobs;
	bool ess;                       /* économie sociale et solidaire status */
	uint32_t staff;
	/* économique */
	uint32_t years_activity;
	enum turnover_band turnover;
	char economics[REFURB_TEXT_BYTES + 1];
};

struct refurb_eval {
	bool scored[CRIT_COUNT];
	uint32_t score[CRIT_COUNT];     /* 0–5 */
	char comment[CRIT_COUNT][REFURB_COMMENT_BYTES + 1];
};

struct refurb {
	uint64_t org_id;          /* the refurbisher's organisation: the record's key */
	uint64_t version;         /* 0: never stored; 1 at insert, +1 each update */
	char siren[10];
	char name[ORG_NAME_MAX + 1];
	char dept[4];             /* département of the organisation's seat */
	enum legal_form legal_form;
	day_t founded;            /* creation date of the structure */
	size_t nbenches;
	struct bench benches[REFURB_BENCHES_MAX];
	struct refurb_offer offers[LOT_COUNT];
	struct refurb_dossier dossier;
	struct refurb_eval eval;
	enum refurb_state state;
	char reason[REFURB_REASON_BYTES + 1]; /* why not selected */
	int64_t decided_at;
	uint64_t decided_by;
	int64_t created_at, updated_at;
};

const char *legal_form_name(enum legal_form f);   /* "scop" */
const char *legal_form_label(enum legal_form f);  /* "SCOP" (translated) */
int legal_form_parse(const char *s, enum legal_form *out, char **why);
const char *grade_label(enum grade g);             /* "A", "B", "C", "—" */
int grade_parse(const char *s, enum grade *out, char **why);
const char *refurb_state_name(enum refurb_state s); /* "selected" */
const char *refurb_state_label(enum refurb_state s); /* « sélectionné » */
int refurb_state_parse(const char *s, enum refurb_state *out, char **why);
const char *criterion_label(enum criterion c);     /* « technique » */
const char *price_flag_label(enum price_flag f);   /* « signalé » */
const char *turnover_label(enum turnover_band t);  /* « 100 k€ – 1 M€ » */

/*
 * The registration: a valid SIREN, a legal form, a creation date that is a
 * real day not after `today` (only existing structures register), 1 to
 * REFURB_BENCHES_MAX benches each with a valid postal code and a commune
 * chosen (insee), no bench twice. RC_INVALID with a French *why.
 */
int refurb_check_profile(const struct refurb *r, day_t today, char **why);
/*
 * One offer (active ones only; an inactive offer is always fine): price
 * 0,01 € – 10 000 €, capacity 1 – REFURB_CAPACITY_MAX, a grade, warranty
 * 0 – 120 months, both attestations ticked, an erasure method of
 * 3–200 characters. `lot` names the lot in the reason.
 */
int refurb_check_offer(const struct refurb_offer *o, enum lot lot, char **why);
/* The dossier: texts of at most REFURB_TEXT_MAX characters, numbers in range. */
int refurb_check_dossier(const struct refurb_dossier *d, char **why);
/* The evaluation: scores 0–5, comments of at most REFURB_COMMENT_MAX characters. */
int refurb_check_eval(const struct refurb_eval *e, char **why);
/*
 * Whether the team may decide: selecting needs every criterion scored, at
 * least one bench and one active offer; not selecting needs a reason of
 * REFURB_REASON_MIN–REFURB_REASON_MAX characters.
 */
int refurb_check_decision(const struct refurb *r, bool select, const char *reason, char **why);

/*
 * Median of n prices (n > 0; v is not changed): the middle one, or for an
 * even n the lower of the two middle ones plus half their difference,
 * rounded down to the cent. 0 when n is 0.
 */
cents_t price_median(const cents_t *v, size_t n);
/*
 * The same median of the n sorted prices (ascending) with one occurrence
 * of p left out (p must be among them): the median of the other
 * refurbishers' offers, for each refurbisher from one sorted list.
 * *has false (and 0) when nothing is left.
 */
cents_t price_median_without(const cents_t *sorted, size_t n, cents_t p, bool *has);
/*
 * The excessive-price rule: true when price > multiple_bp / 10 000 ×
 * median, exactly (integer arithmetic: price × 10 000 > median ×
 * multiple_bp). A price equal to the multiple is not excessive; a median of
 * 0 (nothing to compare with) flags nothing.
 */
bool price_excessive(cents_t price, cents_t median, uint32_t multiple_bp);
/*
 * What becomes of offer o given the median of the other selected
 * refurbishers' offers for its lot (has_median false: none): PRICE_OK when
 * not excessive; otherwise the team's review if it was given on this very
 * price (confirmed or lifted), else PRICE_FLAGGED. A price changed after
 * the review is judged again.
 */
enum price_flag offer_price_flag(const struct refurb_offer *o, bool has_median, cents_t median,
                                 uint32_t multiple_bp);
/* The same rule on the offer's fields alone (active, price, the team's review). */
enum price_flag price_flag_of(bool active, cents_t price, enum price_review review,
                              cents_t review_price, bool has_median, cents_t median,
                              uint32_t multiple_bp);

#endif
