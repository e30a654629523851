/*
 * order.h — the orders (commandes) an organisation places with a selected
 * refurbisher: lines from the refurbisher's offers at the price offered
 * that moment, the signed purchase order (bon d'engagement / bon pour
 * accord), funded (from a conventionnée pre-order, within what was
 * retained) or self-funded (« non subventionnée »), and the state machine
 * envoyée → bon reçu → expédiée → livrée → facturée → payée, with refusal
 * by the refurbisher and cancellation by the organisation; each step in the
 * order's history with who made it. The ranking of refurbishers for an
 * organisation (nearest bench first, then price). Plain data and rules; no
 * I/O (the use cases are in uc-order.h).
 */
#ifndef RECOND_ORDER_H
#define RECOND_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/model.h"
#include "core/money.h"
#include "core/refurb.h"
#include "core/settings.h"

#define ORDER_AUDIT_KIND "order"
#define ORDER_NAME_MAX 100        /* code points of the signatory's name, function */
#define ORDER_NAME_BYTES (ORDER_NAME_MAX * 4)
#define ORDER_REF_MAX 50          /* code points of a reference, tracking or invoice no */
#define ORDER_REF_BYTES (ORDER_REF_MAX * 4)
#define ORDER_TEXT_MAX 1000       /* code points of reservations or a refusal reason */
#define ORDER_TEXT_BYTES (ORDER_TEXT_MAX * 4)
#define ORDER_REASON_MIN 10       /* code points of a refusal reason */
#define ORDER_STEPS_MAX 16        /* history entries (a path has at most 7) */
#define ORDER_QTY_MAX 100000u     /* units of one line */

enum order_state {
	ORD_ENVOYEE = 0,          /* placed, capacity reserved */
	ORD_BON_RECU,             /* the refurbisher acknowledged the signed order */
	ORD_EXPEDIEE,             /* shipped (date, tracking reference) */
	ORD_LIVREE,               /* delivery confirmed by the organisation */
	ORD_FACTUREE,             /* invoiced */
	ORD_PAYEE,                /* paid */
	ORD_REFUSEE,              /* refused by the refurbisher (reason): capacity released */
	ORD_ANNULEE,              /* cancelled by the organisation: capacity released */
	ORD_STATE_COUNT
};

/* What is done to an order after it is placed. */
enum order_step_kind {
	ORDER_ACK = 0,            /* refurbisher: envoyée → bon reçu */
	ORDER_SHIP,               /* refurbisher: bon reçu → expédiée */
	ORDER_DELIVER,            /* organisation: expédiée → livrée */
	ORDER_INVOICE,            /* refurbisher: livrée → facturée */
	ORDER_PAY,                /* organisation: facturée → payée */
	ORDER_REFUSE,             /* refurbisher: envoyée / bon reçu → refusée */
	ORDER_CANCEL,             /* organisation: envoyée / bon reçu → annulée */
	ORDER_STEP_COUNT
};

const char *order_state_name(enum order_state s);   /* "bon_recu" */
const char *order_state_label(enum order_state s);  /* « bon reçu » */
int order_state_parse(const char *s, enum order_state *out, char **why);
/* True while the order holds the refurbisher's capacity (not refused nor cancelled). */
bool order_state_live(enum order_state s);
/* True once nothing more happens to it (payée, refusée, annulée). */
bool order_state_final(enum order_state s);
/* True when the step is the refurbisher's (ack, ship, invoice, refuse). */
bool order_step_by_refurb(enum order_step_kind k);
const char *order_step_name(enum order_step_kind k); /* "ship" */

struct order_line {
	enum lot lot;
	uint32_t qty;
	cents_t unit_price;       /* HT, as offered when the order was placed */
	enum grade grade;
	uint32_t warranty_months;
};

/* The signed and stamped purchase order. */
struct order_signed {
	char signatory[ORDER_NAME_BYTES + 1];
	char function[ORDER_NAME_BYTES + 1];
	day_t date;
	char reference[ORDER_REF_BYTES + 1]; /* the organisation's own number */
};

struct order_history {
	enum order_state state;   /* the state reached */
	int64_t at;
	uint64_t by;              /* account id (0: the operator) */
	char login[LOGIN_MAX + 1];
};

struct order {
	uint64_t id;              /* > 0 once stored */
	uint64_t version;         /* 1 at insert, +1 at each update */
	uint64_t org_id;          /* the ordering organisation */
	char org_name[ORG_NAME_MAX + 1];
	char dept[4];             /* its département */
	char insee[6];            /* its commune */
	uint64_t refurb_id;       /* the refurbisher's organisation */
	char refurb_name[ORG_NAME_MAX + 1];
	char refurb_dept[4];
	bool funded;              /* from a conventionnée pre-order; false: non subventionnée */
	uint64_t preorder_id;     /* funded: the pre-order it draws on */
	size_t nlines;
	struct order_line lines[LOT_COUNT]; /* one per lot at most */
	cents_t total_ht;
	struct order_signed po;
	enum order_state state;
	day_t shipped_on;
	char tracking[ORDER_REF_BYTES + 1];
	day_t delivered_on;
	char reservations[ORDER_TEXT_BYTES + 1];
	char invoice_no[ORDER_REF_BYTES + 1];
	day_t invoice_date;
	cents_t invoice_ht, invoice_ttc;
	char chorus_no[ORDER_REF_BYTES + 1]; /* Chorus Pro deposit number, "" if none */
	day_t paid_on;
	char reason[ORDER_TEXT_BYTES + 1];  /* refusal reason */
	size_t nhist;
	struct order_history hist[ORDER_STEPS_MAX];
	int64_t created_at, updated_at;
};

/* What a step brings (the fields its kind reads; others ignored). */
struct order_step {
	enum order_step_kind kind;
	day_t day;                /* ship, deliver, invoice, pay */
	const char *text;         /* ship: tracking; deliver: reservations; refuse: reason */
	const char *invoice_no;
	cents_t ht, ttc;
	const char *chorus_no;
};

/* Units of lot l on the order (0 if none). */
uint32_t order_qty(const struct order *o, enum lot l);
/* The signed purchase order: names 2–100, a real date not after today, a reference 1–50. */
int order_check_signed(const struct order_signed *s, day_t today, char **why);
/*
 * The lines: 1 to LOT_COUNT, each lot once, 1 – ORDER_QTY_MAX units; sets
 * o->total_ht (RC_INVALID on overflow).
 */
int order_check_lines(struct order *o, char **why);
/*
 * Applies step st to o at time now by (account, login), today being
 * day_of_instant(now): refused with a French reason (RC_INVALID) when o's
 * state does not allow it (shipping before bon reçu, paying before the
 * invoice, cancelling once shipped…) or a field is wrong (dates real and
 * not after today nor before the previous step's, texts in range, TTC ≥
 * HT). On refusal o is unchanged. Appends the history entry.
 */
int order_apply(struct order *o, const struct order_step *st, int64_t now, uint64_t by,
                const char *login, char **why);
/* Appends a history entry (state reached at `at` by by/login); the oldest kept if full. */
void order_history_add(struct order *o, enum order_state s, int64_t at, uint64_t by,
                       const char *login);

/* The tabs of an inbox of orders. */
enum order_tab {
	ORDER_TAB_TODO = 0,       /* à traiter: the next step is this side's */
	ORDER_TAB_ONGOING,        /* en cours: waiting for the other side */
	ORDER_TAB_DONE,           /* terminées: payée, refusée, annulée */
	ORDER_TAB_COUNT
};
const char *order_tab_label(enum order_tab t);     /* « À traiter » */
/* True when o belongs in tab t for the refurbisher's side (refurb) or the organisation's. */
bool order_in_tab(const struct order *o, enum order_tab t, bool refurb);
/*
 * The next step of the order's path that is this side's (refurbisher:
 * ack, ship, invoice; organisation: deliver, pay); false when none.
 */
bool order_next_step(enum order_state s, bool refurb, enum order_step_kind *out);
/* « Accuser réception du bon », « Expédier »… */
const char *order_step_label(enum order_step_kind k);
/* « 5 × PC portable, 2 × Tablette » into buf. */
char *order_lines_text(const struct order *o, char *buf, size_t cap);

/* ---- the ranking ---- */

/* A place in degrees × 100 000 (a commune of the reference geography). */
struct geo_point {
	int32_t lat_e5, lon_e5;
};

/* One refurbisher as the ranking reads it. */
struct rank_input {
	uint64_t org_id;
	const char *name;
	size_t nbenches;
	const struct geo_point *bench_at;   /* nbenches points */
	const char *const *bench_commune;   /* nbenches names */
	bool orderable[LOT_COUNT];          /* active, not confirmed excessive */
	cents_t unit_price[LOT_COUNT];
	uint32_t remaining[LOT_COUNT];      /* capacity − reserved by live orders */
	enum grade grade[LOT_COUNT];
	uint32_t warranty[LOT_COUNT];
};

struct rank_row {
	uint64_t org_id;
	char name[ORG_NAME_MAX + 1];
	double km;                          /* to the nearest bench */
	char bench_commune[REFURB_COMMUNE_MAX];
	unsigned covered;                   /* bit l: lot l wanted and coverable */
	bool partial;                       /* some wanted lot not covered */
	cents_t price;                      /* sum of wanted qty × unit price, covered lots */
	cents_t unit_price[LOT_COUNT];
	uint32_t remaining[LOT_COUNT];
	enum grade grade[LOT_COUNT];
	uint32_t warranty[LOT_COUNT];
};

/*
 * Ranks n refurbishers for an organisation at `from` wanting want[l]
 * units of each lot: a refurbisher covers lot l when want[l] > 0, the
 * offer is orderable and remaining ≥ want[l]; those covering no wanted lot
 * (or with no bench) are left out. Rows nearest first (great-circle km to
 * the nearest bench), then by price, then id. Fills out (room for n
 * rows); returns the count.
 */
size_t order_rank(const struct geo_point *from, const uint32_t want[LOT_COUNT],
                  const struct rank_input *in, size_t n, struct rank_row *out);

#endif
