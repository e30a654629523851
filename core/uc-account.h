/*
 * uc-account.h — the account use cases: create, authenticate, change or set
 * a password, enable/disable, add/remove SSH keys. Each takes the actor
 * (struct uc) and asks may() first: ACT_ACCOUNT_SELF on one's own account,
 * ACT_ACCOUNT_ADMIN on someone else's (the programme team, or the
 * operator's command line as actor_system()). Each change is one write
 * transaction with its audit event ("account", id), committed before RC_OK;
 * slow password hashing is done outside it, so that the single LMDB writer
 * is never held for it. *why gets a French reason (caller frees).
 *
 * Authentication (account_auth_password, account_for_login) is what makes
 * an actor: it takes the store and no actor.
 */
#ifndef RECOND_UC_ACCOUNT_H
#define RECOND_UC_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/uc.h"

struct store;

/*
 * Creates an account (ACT_ACCOUNT_ADMIN on the organisation it joins, or
 * national). org_name may be NULL (no organisation) or designate an
 * existing organisation whose kind fits the role (role_fits_org();
 * RC_INVALID otherwise, or if unknown): its number, its SIREN (9 digits),
 * its SIRET (14 digits) or its exact name. A SIREN or name several
 * organisations answer is refused (RC_INVALID, *why lists their numbers). password may be NULL (key only),
 * key_line may be NULL; at least one of them is needed. RC_EXISTS if the
 * login is taken.
 */
int account_create(const struct uc *uc, const char *login, enum role role,
                   const char *org_name, const char *password, const char *key_line,
                   char **why);

/*
 * Authenticates a password login. RC_OK and *out filled (caller clears) when
 * the account exists, is enabled and the password matches; RC_DENIED
 * otherwise (same answer for unknown login and wrong password, and the same
 * work is done in both cases). When the password is right but the account
 * is disabled, RC_DENIED with out->disabled true and nothing else filled
 * (nothing to clear), so that the person can be told why.
 */
int account_auth_password(struct store *st, const char *login, const char *pw,
                          struct account *out);
/*
 * Finds an enabled account by login (for public-key auth): RC_OK and *out
 * filled (caller clears), RC_DENIED if unknown, disabled or unreadable.
 */
int account_for_login(struct store *st, const char *login, struct account *out);
/*
 * The account of login if it exists and is disabled (RC_OK, *out filled,
 * caller clears); RC_NOTFOUND otherwise. Only for telling the owner of
 * credentials that were verified why they are refused.
 */
int account_disabled_for_login(struct store *st, const char *login, struct account *out);

/*
 * Changes the password of account_id (ACT_ACCOUNT_SELF when it is the
 * actor's own, else ACT_ACCOUNT_ADMIN), in this order: account enabled
 * (RC_DENIED), current password right (RC_DENIED, « Mot de passe actuel
 * incorrect. »; a key-only account gives "" or NULL), new == confirm
 * (RC_INVALID), policy (RC_INVALID), new != current (RC_INVALID). RC_STALE
 * if the password changed meanwhile.
 */
int account_change_password(const struct uc *uc, uint64_t account_id, const char *current,
                            const char *new_pw, const char *confirm, char **why);
/*
 * The same as a one-time password: the account's must_change_pw is set,
 * and the person's next session asks for a new password before anything
 * else (cleared by account_change_password).
 */
int account_set_password_once(const struct uc *uc, const char *login, const char *new_pw,
                              char **why);
/* Sets a password without knowing the old one (ACT_ACCOUNT_ADMIN). */
int account_set_password(const struct uc *uc, const char *login, const char *new_pw,
                         char **why);
/*
 * Disables or enables (ACT_ACCOUNT_ADMIN); RC_OK with nothing written if
 * already so. RC_NOTFOUND if unknown.
 */
int account_set_disabled(const struct uc *uc, const char *login, bool disabled, char **why);
/*
 * Adds a public key line to account_id (ACT_ACCOUNT_SELF on one's own),
 * stored in canonical form (sshkey_line_check()): RC_INVALID if malformed,
 * RC_EXISTS if the same key (type and blob, whatever the comment) is
 * already on the account, RC_FULL past ACCOUNT_KEYS_MAX.
 */
int account_key_add(const struct uc *uc, uint64_t account_id, const char *line, char **why);
/*
 * Removes key number idx (0-based, order of struct account keys):
 * RC_NOTFOUND if there is no such key, RC_DENIED if it is the last way to
 * log in (no password).
 */
int account_key_remove(const struct uc *uc, uint64_t account_id, size_t idx, char **why);

#endif
