/*
 * signup.h — an organisation signs itself up (the anonymous sign-up wizard):
 * the kinds it may choose, the check of each field as it is typed (SIRET,
 * e-mail, phone…), the communes to pick from, its eligibility shown at once
 * with reasons and evidence, and the creation of the organisation « en
 * attente de validation » with its first staff account, in one write
 * transaction. Until the programme team validates it (signup_validate), its
 * staff may log in, draft and read, but not submit (core/preorder.c).
 *
 * Who may sign up here: collectivités (every kind of org_kind_is_collectivite)
 * and France Services structures porteuses. Refused kinds (association,
 * CCAS, mission locale, entreprise, chambres) are told why, with the advice
 * to ask their collectivité, and get no account. Every function returns
 * RC_OK or a negative enum rc with a French reason in *why (caller frees).
 */
#ifndef RECOND_SIGNUP_H
#define RECOND_SIGNUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/eligibility.h"
#include "core/model.h"
#include "core/permission.h"

struct store;
struct store_txn;

#define SIGNUP_COMMUNES_MAX 50      /* communes offered for one search */
#define SIGNUP_QUERY_MAX 64         /* bytes of a commune search */

/*
 * The kinds the wizard lists, in order: collectivités, France Services,
 * then the refused kinds (so that they are told why). *n gets the count.
 */
const enum org_kind *signup_kinds(size_t *n);

/*
 * May an organisation of this kind sign up here? RC_OK for collectivités
 * and France Services; RC_DENIED for refused kinds (*why says why and gives
 * the advice to ask their collectivité); RC_INVALID for the others
 * (State, refurbishers: their accounts are made by the programme team).
 */
int signup_kind_check(enum org_kind kind, char **why);

/* A SIRET (14 digits, checked); siren (if not NULL) gets its 9 first digits. */
int signup_siret_check(const char *siret, char siren[10], char **why);
/* An e-mail address: local@domain.tld, printable ASCII, no blanks, ≤ EMAIL_MAX. */
int signup_email_check(const char *email, char **why);
/*
 * A French phone number: 10 digits starting with 0 (spaces, dots or
 * hyphens between digits allowed), or +33 and 9 digits. ≤ PHONE_MAX bytes.
 */
int signup_phone_check(const char *phone, char **why);
/* Organisation name: 2..ORG_NAME_MAX bytes of printable UTF-8 (text_check). */
int signup_name_check(const char *name, char **why);
/* The contact person: name and function required, e-mail and phone checked. */
int signup_contact_check(const struct contact *c, char **why);

/* A commune offered by a search. */
struct signup_commune {
	char insee[6];
	char name[128];
	char dept[4];
	char postcode[6];               /* first postal code, "" if none */
};

/*
 * Communes in force matching query: a 5-digit postal code, or the start of
 * a name (case, accents, hyphens and "St"/"Ste" do not matter). At most max
 * (≤ SIGNUP_COMMUNES_MAX) into out, *n their count (0: nothing found, RC_OK).
 * RC_INVALID for a query too short (fewer than 2 characters) or too long.
 */
int signup_find_communes(struct store *st, const char *query, struct signup_commune *out,
                         size_t max, size_t *n, char **why);

/*
 * Eligibility of the organisation being signed up, from the imported lists:
 * its commune (or its territory: the EPCI of SIREN siren, the département
 * or région of its commune) and, for France Services, the spaces fs[0..nfs)
 * it picked from the register (uc_fs_near() lists them), the register
 * entry being the evidence. siren may be "" while unknown; nfs 0 while
 * nothing is picked (France Services: « à vérifier », with the advice to
 * pick).
 */
int signup_eligibility_picked(struct store *st, enum org_kind kind, const char *siren,
                              const char *insee, const struct org_fs *fs, size_t nfs,
                              struct eligibility *out, char **why);
/*
 * The same with nothing picked. `name` is not read: eligibility never rests
 * on the wording of a name (kept for the screen until it picks spaces).
 */
int signup_eligibility(struct store *st, enum org_kind kind, const char *siren,
                       const char *insee, const char *name, struct eligibility *out,
                       char **why);

/*
 * Limits on the SIRETs one may try at sign-up, so that the register cannot
 * be walked: per session, and per source address within a window (counted
 * in the store, shared by every session of the source).
 */
#define SIGNUP_SIRET_TRIES_SESSION 5
#define SIGNUP_SIRET_TRIES_SOURCE 20
#define SIGNUP_SIRET_WINDOW_S 3600

/* One anonymous sign-up session: where it comes from and what it tried. */
struct signup_session {
	char source[64];                /* address of the client, "" if unknown (no source limit) */
	unsigned tries;                 /* distinct SIRETs tried in this session */
	char last[15];                  /* the last SIRET counted (trying it again is free) */
};

/* Starts a session from address source (NULL or "": unknown). */
void signup_session_init(struct signup_session *s, const char *source);

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
int signup_siret_try(struct store *st, struct signup_session *s, enum org_kind kind,
                     const char *siret, char **why);

/* What the person typed. Strings are the caller's; key_line NULL or "" for none. */
struct signup_form {
	enum org_kind kind;
	const char *siret;
	const char *insee;
	const char *name;
	struct contact contact;
	const char *login;
	const char *password;
	const char *confirm;
	const char *key_line;
	const char *reserved_login;     /* the sign-up login itself, refused; may be NULL */
	struct signup_session *session; /* counts the SIRET as signup_siret_try; NULL: no limit */
	const struct org_fs *fs;        /* France Services spaces picked (uc_fs_near), or NULL */
	size_t nfs;                     /* how many; each must be in the register */
};

struct signup_result {
	uint64_t org_id;
	uint64_t account_id;
	enum role role;
	struct eligibility elig;        /* as established at creation */
};

/*
 * Checks every field, then in one write transaction: refuses a SIRET
 * already registered or another establishment of a SIREN registered (as
 * signup_siret_try: RC_EXISTS, nobody's details given; RC_FULL past the
 * limits when f->session is set), a name that folds (case, accents,
 * punctuation aside) to the name of another organisation of the same
 * département (RC_EXISTS), a login taken
 * (RC_EXISTS), an organisation the rules refuse (RC_DENIED: refused kinds,
 * or eligibility « non éligible », with its reasons); else creates the
 * organisation (ORG_PENDING) and its first account (role
 * org_kind_role(kind)) and appends the audit event « Inscription ». *out
 * (if not NULL) is filled on RC_OK. Nothing is written on any refusal.
 */
int signup_create(struct store *st, const struct signup_form *f, struct signup_result *out,
                  char **why);

/*
 * The programme team validates an organisation (by id, or by SIRET when id
 * is 0): ORG_PENDING → ORG_VALIDATED with an audit event by `actor` (NULL:
 * the system, for the CLI, written « système »). An organisation that is
 * not eligible now, or « à vérifier », is refused (RC_DENIED, *why gives
 * the decision and its reasons) unless force_reason is a reason (3 to
 * SIGNUP_REASON_MAX characters), which the audit event keeps. RC_OK with
 * nothing written, and *already true (if not NULL), when it is validated
 * already; RC_NOTFOUND if unknown; RC_INVALID if refused. *org (if not
 * NULL) gets it as stored.
 */
#define SIGNUP_REASON_MAX 300
int signup_validate(struct store *st, uint64_t id, const char *siret, const struct actor *actor,
                    const char *force_reason, struct org *org, bool *already, char **why);

/*
 * The programme team refuses an organisation (pending or validated) for
 * `reason` (3 to SIGNUP_REASON_MAX characters, required): → ORG_REFUSED,
 * audited by actor (NULL: « système ») with the reason. Its accounts stay,
 * and it may no longer submit. RC_OK with nothing written, *already true,
 * when it is refused already. *org as for signup_validate.
 */
int signup_refuse(struct store *st, uint64_t id, const char *siret, const struct actor *actor,
                  const char *reason, struct org *org, bool *already, char **why);

/*
 * Eligibility of stored organisation o now, from the imported lists, in
 * the caller's transaction (for lists: `recond org list`).
 */
int signup_org_eligibility_in(struct store_txn *txn, const struct org *o, struct eligibility *out);

/* "en attente de validation", "validée", "refusée". */
const char *org_status_label(enum org_status s);

#endif
