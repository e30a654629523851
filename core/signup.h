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
 * Limits on the SIRETs one may try at sign-up, so that the register cannot
 * be walked: per session, and per source address within a window (counted
 * in the store, shared by every session of the source).
 */
#define SIGNUP_SIRET_TRIES_SESSION 5
#define SIGNUP_SIRET_TRIES_SOURCE 20
#define SIGNUP_SIRET_WINDOW_S 3600
#define SIGNUP_REASON_MAX 300      /* characters of a forced validation's or a refusal's reason */

/* One anonymous sign-up session: where it comes from and what it tried. */
struct signup_session {
	char source[64];                /* address of the client, "" if unknown (no source limit) */
	unsigned tries;                 /* distinct SIRETs tried in this session */
	char last[15];                  /* the last SIRET counted (trying it again is free) */
};

/* Starts a session from address source (NULL or "": unknown). */
void signup_session_init(struct signup_session *s, const char *source);

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
	bool login_taken;               /* on RC_EXISTS: the login, not the organisation */
};

/*
 * Checks every field of f in the order the form shows them (kind, SIRET,
 * commune, name, contact, login, password and confirmation, key); *siren
 * gets the SIREN of the SIRET, *key the canonical key line or NULL (caller
 * frees). RC_INVALID / RC_DENIED with the French reason.
 */
int signup_form_check(const struct signup_form *f, char siren[10], char **key, char **why);

/* "en attente de validation", "validée", "refusée". */
const char *org_status_label(enum org_status s);

#endif
