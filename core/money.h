/*
 * money.h — amounts in integer cents (int64_t, never floating point) and
 * rates in basis points (1 bp = 0.01 %, 10 000 bp = 100 %). Every operation
 * that could overflow is checked.
 */
#ifndef RECOND_MONEY_H
#define RECOND_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t cents_t;

#define BP_ONE 10000u          /* 100 % */
/* Largest amount the programme handles: 10^13 cents (100 milliards d'euros). */
#define CENTS_MAX INT64_C(10000000000000)

/*
 * Subsidy = rate × min(expense, cap), rounded down to the cent. rate_bp in
 * [0, 10 000], expense and cap >= 0; anything else returns -1 (programmer
 * error). Exact for every int64 input (no intermediate overflow).
 */
cents_t subsidy_cents(uint32_t rate_bp, cents_t expense, cents_t cap);

/* a × b into *out; false (and *out untouched) on overflow or a negative operand. */
bool cents_mul(cents_t unit, uint64_t qty, cents_t *out);
/* a + b into *out; false on overflow or a negative operand. */
bool cents_add(cents_t a, cents_t b, cents_t *out);

/*
 * Formats "40 000,00 €" (narrow no-break space U+202F between thousands, as
 * French typography wants; no-break space before €) into buf; returns buf.
 */
char *cents_format(cents_t c, char *buf, size_t cap);
/* Formats a rate "80 %" or "72,5 %" into buf; returns buf. */
char *bp_format(uint32_t bp, char *buf, size_t cap);
/*
 * Parses an amount typed by a person: "40000", "40 000", "40000,5",
 * "40 000,50 €", "40000.50". At most 2 decimals, not negative, <= CENTS_MAX.
 */
int cents_parse(const char *s, cents_t *out, char **why);
/*
 * Parses a rate typed by a person, in percent: "80", "80 %", "72,5",
 * "72.55 %". At most 2 decimals (a basis point), between 0 and 100 %.
 * RC_INVALID with a French *why otherwise; *out untouched on failure.
 */
int bp_parse(const char *s, uint32_t *out, char **why);
/* Formats a multiple given in basis points (15000) as "1,5 ×" into buf; returns buf. */
char *multiple_format(uint32_t bp, char *buf, size_t cap);
/*
 * Parses a multiple typed by a person ("1,5", "2", "1.25") into basis
 * points (15000): at most 2 decimals, at most 100. RC_INVALID with a French
 * *why otherwise; *out untouched on failure.
 */
int multiple_parse(const char *s, uint32_t *out, char **why);

#endif
