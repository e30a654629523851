/*
 * uc-signup.h — the sign-up use cases, for the anonymous actor
 * (actor_anonymous(): ACT_ORG_SIGNUP) or the system: commune search and
 * eligibility as the person types, creation of the organisation with its
 * first account; and its validation by the programme team
 * (ACT_ORG_VALIDATE). One transaction each, on the one use-case path
 * (core/uc.h); *why gets a French reason (caller frees). The rules of the
 * form are in core/signup.h.
 */
#ifndef RECOND_UC_SIGNUP_H
#define RECOND_UC_SIGNUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/signup.h"
#include "core/uc.h"

/*
 * Communes in force matching query: a 5-digit postal code, or the start of
 * a name (case, accents, hyphens and "St"/"Ste" do not matter). At most max
 * (≤ SIGNUP_COMMUNES_MAX) into out, *n their count (0: nothing found, RC_OK).
 * RC_INVALID for a query too short (fewer than 2 characters) or too long.
 */
int signup_find_communes(const struct uc *uc, const char *query, struct signup_commune *out,
                         size_t max, size_t *n, char **why);

/*
 * Eligibility of the organisation being signed up, from uc->facts or the
 * imported lists:
 * its commune (or its territory: the EPCI of SIREN siren, the département
 * or région of its commune) and, for France Services, the register entry of
 * its commune bearing its name. siren and name may be "" while unknown.
 */
int signup_eligibility(const struct uc *uc, enum org_kind kind, const char *siren,
                       const char *insee, const char *name, struct eligibility *out,
                       char **why);

/*
 * Signs an organisation up (ACT_ORG_SIGNUP: the anonymous actor, or the
 * system). Checks every field, then in one write transaction: refuses a SIRET
 * already registered (RC_EXISTS, *why names the existing organisation and
 * how to reach its staff: its contact's name and e-mail), a login taken
 * (RC_EXISTS), an organisation the rules refuse (RC_DENIED: refused kinds,
 * or eligibility « non éligible », with its reasons); else creates the
 * organisation (ORG_PENDING) and its first account (role
 * org_kind_role(kind)) and appends the audit event « Inscription ». *out
 * (if not NULL) is filled on RC_OK, and its login_taken on RC_EXISTS.
 * Nothing is written on any refusal.
 */
int signup_create(const struct uc *uc, const struct signup_form *f, struct signup_result *out,
                  char **why);

/*
 * The programme team validates an organisation (ACT_ORG_VALIDATE; by id,
 * or by SIRET when id is 0): ORG_PENDING → ORG_VALIDATED with an audit
 * event by uc->actor (actor_system() for the command line). RC_OK with
 * nothing written if already validated; RC_NOTFOUND if unknown. *org (if
 * not NULL) gets it as stored.
 */
int signup_validate(const struct uc *uc, uint64_t id, const char *siret, struct org *org,
                    char **why);

#endif
