/*
 * ident.h — French identifiers: SIREN and SIRET (Luhn, with La Poste's
 * exception), INSEE commune codes (Corsica 2A/2B, overseas 97x), département
 * codes and postal codes. Each check returns RC_OK or RC_INVALID with a
 * French reason in *why (caller frees). Inputs are NUL-terminated strings;
 * nothing is trimmed or normalised here — the form does that.
 */
#ifndef RECOND_IDENT_H
#define RECOND_IDENT_H

#include <stdbool.h>

/* SIREN of La Poste, whose establishments' SIRETs do not follow Luhn. */
#define SIREN_LA_POSTE "356000000"

/* 9 digits passing the Luhn check (not all zeros). */
int siren_check(const char *s, char **why);
/*
 * 14 digits, the first 9 a valid SIREN, the whole passing Luhn — except for
 * La Poste (SIREN 356000000), whose SIRETs have a digit sum multiple of 5.
 */
int siret_check(const char *s, char **why);
/* The Luhn test over a string of ASCII digits (false on any non-digit or ""). */
bool luhn_ok(const char *digits);

/*
 * A département code: "01".."95" without "20", "2A", "2B", and the overseas
 * codes "971".."976". Case-sensitive ("2a" is refused).
 */
int dept_check(const char *s, char **why);
/*
 * An INSEE commune code: 5 characters, a valid département prefix (2 chars,
 * or 3 for "97x" — also 975, 977, 978 for the overseas collectivités listed
 * in the official geography) and a non-zero commune number.
 */
int insee_check(const char *s, char **why);
/*
 * Writes the département code of a valid INSEE code into out (4 bytes):
 * "2A004" → "2A", "97411" → "974", "01001" → "01". RC_INVALID if s is not valid.
 */
int insee_dept(const char *s, char out[4], char **why);
/*
 * A postal code: 5 digits whose first two are 01..95, 97 or 98 (Corsica uses
 * 20). Whether it serves a given commune is a question for the geography.
 */
int postcode_check(const char *s, char **why);

#endif
