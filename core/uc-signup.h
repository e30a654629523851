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

#include <stdbool.h>
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
 * imported lists: its commune (or its territory: the EPCI of SIREN siren,
 * the département or région of its commune) and, for France Services, the
 * spaces fs[0..nfs) it picked from the register (uc_fs_near() lists them),
 * the register entry being the evidence. siren may be "" while unknown;
 * nfs 0 while nothing is picked (France Services: « à vérifier », with the
 * advice to pick).
 */
int signup_eligibility_picked(const struct uc *uc, enum org_kind kind, const char *siren,
                              const char *insee, const struct org_fs *fs, size_t nfs,
                              struct eligibility *out, char **why);
/*
 * The same with nothing picked. `name` is not read: eligibility never rests
 * on the wording of a name (kept for the screen until it picks spaces).
 */
int signup_eligibility(const struct uc *uc, enum org_kind kind, const char *siren,
                       const char *insee, const char *name, struct eligibility *out,
                       char **why);

/*
 * The SIRET step of the wizard, for an organisation of kind `kind`: checks
 * the SIRET, counts it against the session's and the source's limits
 * (RC_FULL past either, *why says to come back later or to write to the
 * programme team), then refuses a SIRET already registered (RC_EXISTS,
 * « Cette organisation est déjà inscrite », with the advice to ask the
 * programme team) and, for collectivités, groupings and structures
 * porteuses, another establishment of a SIREN already registered
 * (RC_EXISTS, with the advice to ask for an account in the existing
 * organisation). No refusal names an organisation, a person, an address or
 * a status. A SIRET tried again right after is not counted twice.
 */
int signup_siret_try(const struct uc *uc, struct signup_session *s, enum org_kind kind,
                     const char *siret, char **why);

/*
 * Signs an organisation up (ACT_ORG_SIGNUP: the anonymous actor, or the
 * system). Checks every field, then in one write transaction: refuses a
 * SIRET already registered or another establishment of a SIREN registered
 * (as signup_siret_try: RC_EXISTS, nobody's details given; RC_FULL past the
 * limits when f->session is set), a name that folds (case, accents,
 * punctuation aside) to the name of another organisation of the same
 * département (RC_EXISTS), a login taken (RC_EXISTS, out->login_taken
 * set), France Services picks not in the register (RC_INVALID), an
 * organisation the rules refuse (RC_DENIED: refused kinds, or eligibility
 * « non éligible », with its reasons); else creates the organisation
 * (ORG_PENDING, with its picks) and its first account (role
 * org_kind_role(kind)) and appends the audit event « Inscription ». *out
 * (if not NULL) is filled on RC_OK, and its login_taken on RC_EXISTS.
 * Nothing is written on any refusal.
 */
int signup_create(const struct uc *uc, const struct signup_form *f, struct signup_result *out,
                  char **why);

/*
 * The programme team validates an organisation (ACT_ORG_VALIDATE; by id,
 * or by SIRET when id is 0): ORG_PENDING → ORG_VALIDATED with an audit
 * event by uc->actor (actor_system(), « système », for the command line).
 * An organisation that is not eligible now, or « à vérifier », is refused
 * (RC_DENIED, *why gives the decision and its reasons) unless force_reason
 * is a reason (3 to SIGNUP_REASON_MAX characters), which the audit event
 * keeps. RC_OK with nothing written, and *already true (if not NULL), when
 * it is validated already; RC_NOTFOUND if unknown; RC_INVALID if refused.
 * *org (if not NULL) gets it as stored.
 */
int signup_validate(const struct uc *uc, uint64_t id, const char *siret,
                    const char *force_reason, struct org *org, bool *already, char **why);

/*
 * The programme team refuses an organisation (ACT_ORG_REFUSE; pending or
 * validated) for `reason` (3 to SIGNUP_REASON_MAX characters, required):
 * → ORG_REFUSED, audited by uc->actor with the reason. Its accounts stay,
 * and it may no longer submit. RC_OK with nothing written, *already true,
 * when it is refused already. *org as for signup_validate.
 */
int signup_refuse(const struct uc *uc, uint64_t id, const char *siret, const char *reason,
                  struct org *org, bool *already, char **why);

#endif
