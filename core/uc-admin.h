/*
 * uc-admin.h — the programme team's sign-up validation queue: the
 * organisations waiting (collectivités, France Services, refurbishers)
 * with the evidence recorded at sign-up, and their refusal with a reason
 * (validation is signup_validate, uc-signup.h). On the one use-case path;
 * *why gets a French reason on every refusal (caller frees).
 */
#ifndef RECOND_UC_ADMIN_H
#define RECOND_UC_ADMIN_H

#include <stddef.h>

#include "core/model.h"
#include "core/signup.h"
#include "core/uc.h"

#define SIGNUP_REASON_MIN 10     /* characters of a refusal's reason (SIGNUP_REASON_MAX at most) */

/* Called for each organisation waiting; non-zero stops the walk. */
typedef int (*uc_org_fn)(const struct org *o, void *ctx);
/* Every organisation en attente de validation, in id order (ACT_ORG_VALIDATE, national). */
int uc_signups_pending(const struct uc *uc, uc_org_fn fn, void *ctx, char **why);
/*
 * One organisation and what its sign-up recorded (*evidence: the
 * eligibility established then, "" when none; caller frees), for
 * ACT_ORG_VALIDATE on it.
 */
int uc_signup_detail(const struct uc *uc, uint64_t org_id, struct org *out, char **evidence,
                     char **why);
/*
 * Refuses a sign-up (ACT_ORG_VALIDATE): en attente → refusée, with a reason
 * of 10–1 000 characters kept in the audit log (« refusée : <reason> »).
 * RC_INVALID for an organisation not waiting or a reason out of bounds.
 */
int uc_signup_refuse(const struct uc *uc, uint64_t org_id, const char *reason, char **why);

/* ---- accounts ---- */

/* One account as the team's list shows it. */
struct account_row {
	uint64_t id;
	char login[LOGIN_MAX + 1];
	enum role role;
	char org_name[ORG_NAME_MAX + 1];  /* "" when none */
	bool disabled;
	bool has_password, has_keys;
};
typedef int (*uc_account_fn)(const struct account_row *r, void *ctx);
/* Every account, in login order (ACT_ACCOUNT_ADMIN, national). */
int uc_accounts_list(const struct uc *uc, uc_account_fn fn, void *ctx, char **why);

#define OTP_CHARS 14   /* "xxxx-xxxx-xxxx" */
/*
 * A one-time password for a reset: three groups of four characters from
 * an alphabet without look-alikes (no 0/O, 1/l/I), with upper and lower
 * case letters and digits, from the system's random source. out holds
 * OTP_CHARS + 1 bytes.
 */
void otp_make(char out[OTP_CHARS + 1]);
/*
 * Resets login's password to a fresh one-time password (ACT_ACCOUNT_ADMIN,
 * audited), copied into otp for the team to pass on once; the person must
 * choose a new one at the next login (account_set_password_once).
 */
int uc_account_reset(const struct uc *uc, const char *login, char otp[OTP_CHARS + 1],
                     char **why);

#endif
