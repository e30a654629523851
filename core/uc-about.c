/*
 * uc-about.c — the reference lists loaded, for « À propos » (see uc-about.h).
 */
#include <string.h>

#include "core/i18n.h"
#include "core/uc-about.h"
#include "store/db-geo.h"
#include "store/store.h"

int uc_reflists(const struct uc *uc, struct reflist_evidence out[REFLIST_COUNT], char **why)
{
	struct perm_object national = { 0 };
	struct store_txn *txn = NULL;
	int rc;

	memset(out, 0, REFLIST_COUNT * sizeof *out);
	if ((rc = may_why(uc->actor, ACT_REFLIST_VIEW, &national, why)) != RC_OK)
		return rc;
	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK)
		return fail(why, rc, "%s", _("Base de données indisponible."));
	for (int l = 0; l < REFLIST_COUNT; l++) {
		rc = db_reflist_evidence(txn, (enum reflist)l, &out[l]);
		if (rc == RC_NOTFOUND) {
			memset(&out[l], 0, sizeof out[l]);
			rc = RC_OK;
		}
		if (rc != RC_OK)
			break;
	}
	store_abort(txn);
	if (rc != RC_OK)
		return fail(why, rc, "%s", _("Listes de référence illisibles."));
	return RC_OK;
}
