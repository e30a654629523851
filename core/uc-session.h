/*
 * uc-session.h — what a session (or an exec command) needs to know about
 * the person logged in, read once: their account, the actor every use case
 * takes, and their organisation's name, kind and status. Also opens and
 * closes the data directory's store, so that tui/ and keys/ need no store/
 * header.
 */
#ifndef RECOND_UC_SESSION_H
#define RECOND_UC_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/audit.h"
#include "core/model.h"
#include "core/permission.h"

struct store;

struct whoami {
	struct account acct;            /* the logged-in account, as read */
	struct actor actor;             /* for may() and every use case */
	bool has_org;
	char org_name[ORG_NAME_MAX + 1];
	enum org_kind org_kind;
	enum org_status org_status;
	/*
	 * ORG_REFUSED: the reason the programme team gave, as it wrote it (text
	 * from a person: sanitise before drawing); "" otherwise.
	 */
	char org_refusal[AUDIT_SUMMARY_MAX + 1];
};

/*
 * One read transaction. RC_NOTFOUND if the account is gone; RC_DENIED if
 * disabled (French reason in *why, caller frees). On RC_OK the caller
 * clears out->acct with account_clear() (whoami_clear() does it); on
 * failure *out is zeroed and owns nothing. An organisation that cannot be
 * read leaves has_org false and org_status ORG_VALIDATED.
 */
int uc_whoami(struct store *st, uint64_t account_id, struct whoami *out, char **why);
/* Frees what *w owns (its account's keys); the struct may be reused. */
void whoami_clear(struct whoami *w);

/*
 * Opens the store of data directory dir (store_open()); *out is the
 * caller's, closed with uc_store_close() (NULL is fine there). French
 * reason in *why.
 */
int uc_store_open(const char *dir, struct store **out, char **why);
void uc_store_close(struct store *st);

#endif
