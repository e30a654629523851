/*
 * uc-reflist.c — importing a reference list (see uc-reflist.h): the file
 * is parsed here, the store receives the entries.
 */
#include "core/uc-reflist.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store.h"

struct import_run {
	const struct uc *uc;
	enum reflist list;
	const char *name, *data;
	size_t len;
	struct reflist_parsed *parsed;
	struct store_txn *txn;
	struct geo_commune *c;
};

/* Is this INSEE code in the stored geography (the import's transaction)? */
static bool import_known(const char *insee, void *ctx)
{
	struct import_run *r = ctx;

	return db_geo_get(r->txn, insee, r->c) == RC_OK;
}

static int import_national(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	return RC_OK;   /* a reference list belongs to the programme */
}

static int import_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct import_run *r = ctx;
	size_t ncommunes = 0;
	int rc;

	if ((rc = db_geo_count(txn, &ncommunes)) != RC_OK)
		return rc;
	if (ncommunes == 0)
		return fail(why, RC_INVALID, "%s",
		            _("Aucune géographie de référence chargée : lancez "
		                                     "d'abord « recond init »."));
	r->txn = txn;
	if (reflist_parse(r->list, r->data, r->len, import_known, r, r->parsed) != RC_OK)
		return fail(why, RC_INVALID,
		            ngettext("%s : %zu ligne en erreur, rien n'a été importé.",
		                     "%s : %zu lignes en erreur, rien n'a été importé.",
		                     r->parsed->total_problems),
		            r->name, r->parsed->total_problems);
	return db_reflist_replace(txn, r->list, r->name, r->parsed, uc_now(r->uc));
}

int uc_reflist_import(const struct uc *uc, enum reflist list, const char *file,
                      const char *data, size_t len, struct reflist_parsed *parsed, char **why)
{
	const char *slash = strrchr(file, '/');
	struct import_run r = { .uc = uc, .list = list, .name = slash != NULL ? slash + 1 : file,
		                .data = data, .len = len, .parsed = parsed };
	const struct uc_path path = {
		.action = ACT_REFLIST_IMPORT, .write = true,
		.lead = N_("La liste n'a pas été importée."),
		.load = import_national, .change = import_change,
	};
	int rc;

	memset(parsed, 0, sizeof *parsed);
	if (r.name[0] == '\0' || strlen(r.name) > REFLIST_FILE_MAX)
		return fail(why, RC_INVALID, "%s", _("Nom de fichier invalide."));
	r.c = xmalloc(sizeof *r.c);
	rc = uc_run(uc, &path, &r, why);
	free(r.c);
	if (rc == RC_OK)
		log_info("imported %s from %s: %zu rows, %zu entries by %s", reflist_name(list),
		         r.name, parsed->rows, parsed->n_entries, uc->actor->login);
	return rc;
}
