/*
 * loan.h — loans of delivered equipment to partner structures: the
 * organisation that owns the equipment lends units of one lot of one of its
 * delivered orders (a count, optional serial numbers) to a partner
 * structure (association, CCAS, mission locale…) from one day to another,
 * and records their return. What is lent, back and overdue. Plain data and
 * rules; the use cases are in uc-loan.h.
 */
#ifndef RECOND_LOAN_H
#define RECOND_LOAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/model.h"
#include "core/order.h"

#define LOAN_AUDIT_KIND "loan"
#define LOAN_PARTNER_MAX 100      /* code points of the partner's name */
#define LOAN_PARTNER_BYTES (LOAN_PARTNER_MAX * 4)
#define LOAN_SERIALS_MAX 500      /* code points of the serial numbers */
#define LOAN_SERIALS_BYTES (LOAN_SERIALS_MAX * 4)

enum loan_status { LOAN_OUT = 0, LOAN_BACK, LOAN_OVERDUE, LOAN_STATUS_COUNT };

struct loan {
	uint64_t id, version;
	uint64_t org_id;          /* the owner (the ordering organisation) */
	char dept[4];
	uint64_t order_id;
	enum lot lot;
	uint32_t count;
	char serials[LOAN_SERIALS_BYTES + 1];
	char partner[LOAN_PARTNER_BYTES + 1];
	day_t start, due;
	day_t returned_on;        /* 0 while lent */
	uint64_t created_by;
	int64_t created_at, updated_at;
};

/* « en prêt », « rendu », « en retard » */
const char *loan_status_label(enum loan_status s);
/* Rendu once returned; en retard when today is after the due day; else en prêt. */
enum loan_status loan_status_of(const struct loan *l, day_t today);
/*
 * A new loan against order o (delivered, o's lot l holding enough units:
 * o's quantity less `lent`, the units of its other loans not returned):
 * count ≥ 1, a partner of 2–100 characters, serials of at most 500, real
 * days start ≤ due, start not before the delivery. RC_INVALID, French *why.
 */
int loan_check_new(const struct loan *l, const struct order *o, uint32_t lent, char **why);
/* The return on day d: not yet returned, d a real day from start to today. */
int loan_check_return(const struct loan *l, day_t d, day_t today, char **why);

#endif
