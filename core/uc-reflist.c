/*
 * uc-reflist.c — importing a reference list (see uc-reflist.h): the file
 * is parsed here, the store receives the entries.
 */
#include "core/uc-reflist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
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

static int import_count(const struct audit_event *ev, void *ctx)
{
	(*(size_t *)ctx)++;
	return 0;
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
	{
		struct reflist_evidence old;
		char before[AUDIT_SUMMARY_MAX + 1] = "", after[AUDIT_SUMMARY_MAX + 1];
		size_t n = 0;

		memset(&old, 0, sizeof old);
		if ((rc = db_reflist_evidence(txn, r->list, &old)) == RC_OK)
			snprintf(before, sizeof before, _("%s, %llu lignes"), old.file,
			         (unsigned long long)old.rows);
		else if (rc != RC_NOTFOUND)
			return rc;
		if ((rc = db_audit_each(txn, REFLIST_AUDIT_KIND, (uint64_t)r->list + 1, 0,
		                        import_count, &n)) != RC_OK)
			return rc;
		if ((rc = db_reflist_replace(txn, r->list, r->name, r->parsed, uc_now(r->uc))) != RC_OK)
			return rc;
		snprintf(after, sizeof after, _("%s, %zu lignes, %zu %s"), r->name, r->parsed->rows,
		         r->parsed->listed, reflist_unit(r->list));
		audit_event_init(ev, r->uc->actor, uc_now(r->uc), ACT_REFLIST_IMPORT,
		                 REFLIST_AUDIT_KIND, (uint64_t)r->list + 1, n + 1, before, after);
	}
	return RC_OK;
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

const char *reflist_unit(enum reflist l)
{
	switch (l) {
	case REFLIST_ZRR:
	case REFLIST_FRR: return _("communes classées");
	case REFLIST_QPV: return _("quartiers prioritaires");
	case REFLIST_FRANCE_SERVICES: return _("sites France Services");
	case REFLIST_COUNT: break;
	}
	return _("entrées");
}

char *reflist_problems_text(const char *name, const struct reflist_parsed *p)
{
	char *text = xstrdup(""), *next;

	for (size_t i = 0; i < p->n_problems; i++) {
		next = xasprintf("%s%s:%zu: %s\n", text, name, p->problems[i].line,
		                 p->problems[i].reason);
		free(text);
		text = next;
	}
	if (p->total_problems > p->n_problems) {
		next = xasprintf(_("%s… et %zu autres problèmes\n"), text,
		                 p->total_problems - p->n_problems);
		free(text);
		text = next;
	}
	return text;
}

char *reflist_success_text(enum reflist l, const char *name, const struct reflist_parsed *p)
{
	return xasprintf(_("%s : import réussi depuis %s, %zu %s (%zu lignes lues)"),
	                 reflist_label(l), name, p->listed, reflist_unit(l), p->rows);
}

static int status_national(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	return RC_OK;
}

static int status_read(struct store_txn *txn, void *ctx, struct audit_event *unused, char **why)
{
	struct reflist_status *out = ctx;
	int rc = RC_OK;

	for (int l = 0; l < REFLIST_COUNT && rc == RC_OK; l++) {
		struct reflist_status *o = &out[l];
		struct uc_audit_lines lines = { .max = REFLIST_HISTORY_MAX, .lines = o->history };

		memset(o, 0, sizeof *o);
		rc = db_reflist_evidence(txn, (enum reflist)l, &o->ev);
		if (rc == RC_NOTFOUND) {
			memset(&o->ev, 0, sizeof o->ev);
			rc = RC_OK;
		}
		if (rc != RC_OK)
			break;
		if ((rc = uc_audit_last(txn, REFLIST_AUDIT_KIND, (uint64_t)l + 1, &lines)) != RC_OK)
			break;
		o->nimports = lines.total;
		o->nhistory = lines.n;
		strlcpy_(o->by, lines.last_login, sizeof o->by);
	}
	if (rc != RC_OK)
		return fail(why, rc, "%s", _("Listes de référence illisibles."));
	return RC_OK;
}

int uc_reflist_status(const struct uc *uc, struct reflist_status out[REFLIST_COUNT],
                      char **why)
{
	const struct uc_path path = {
		.action = ACT_REFLIST_IMPORT, .lead = N_("Listes de référence illisibles."),
		.load = status_national, .change = status_read,
	};

	return uc_run(uc, &path, out, why);
}
