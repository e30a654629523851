/*
 * date.h — calendar days as integers (yyyymmdd, e.g. 20220131) for the
 * programme's dates: pre-order window, ordering opening, convention and
 * payment dates. A day is a day in metropolitan France (Europe/Paris), the
 * time zone of the programme's published deadlines, computed from the EU
 * summer-time rule so that no time-zone database is needed.
 */
#ifndef RECOND_DATE_H
#define RECOND_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* 0 means "no date". */
typedef int32_t day_t;

/* True when d is a real calendar day between 1900-01-01 and 2999-12-31. */
bool day_valid(day_t d);
/* The day in Europe/Paris of an instant (seconds since the epoch, UTC). */
day_t day_of_instant(int64_t t);
/* Days since 1970-01-01 of a valid day (for differences). */
int64_t day_serial(day_t d);
/*
 * The same day `years` years later (earlier if negative); 29/02 becomes
 * 28/02 in a common year. 0 when d is not valid or the result falls
 * outside day_valid()'s range.
 */
day_t day_add_years(day_t d, int years);
/*
 * Parses "JJ/MM/AAAA" or "AAAA-MM-JJ"; RC_INVALID with a French *why when the
 * text is not a real day.
 */
int day_parse(const char *s, day_t *out, char **why);
/* Writes "31/01/2022" into buf (at least 11 bytes); "—" for 0. Returns buf. */
char *day_format(day_t d, char *buf, unsigned long cap);
/* Writes "12/03/2024 à 14:05" (Paris time) into buf (at least 20 bytes). */
char *instant_format(int64_t t, char *buf, unsigned long cap);

#endif
