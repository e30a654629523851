/*
 * cmd-check.c — `recond check --data DIR`: verifies the database (records
 * decode, every index entry points to a record that indexes back to it,
 * every record is in its indexes, schema version). Exit 0 when clean, 1
 * with the problems listed on stdout.
 */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/uc.h"
#include "core/util.h"
#include "store/store-refurb.h"
#include "store/store.h"

static const char usage[] =
	N_("usage : recond check -d DIR [--rebuild-stats]\n"
	   "\n"
	   "Vérifie l'intégrité de la base : enregistrements lisibles, index\n"
	   "cohérents avec les enregistrements, version de schéma.\n"
	   "Sortie 0 si la base est saine, 1 si des problèmes sont listés.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  --rebuild-stats         recalcule d'abord les statistiques courantes à\n"
	   "                          partir des intentions de commande (une transaction)\n"
	   "  -h, --help              cette aide\n");

/* Replaces the running statistics by a recount, in one write transaction. */
static int check_rebuild_stats(struct store *st)
{
	struct store_txn *txn = NULL;
	int rc;

	if ((rc = store_begin(st, true, &txn)) != RC_OK)
		return rc;
	if ((rc = db_stats_rebuild(txn)) != RC_OK) {
		store_abort(txn);
		return rc;
	}
	return store_commit(txn);
}

int cmd_check(int argc, char **argv)
{
	const char *data = NULL;
	struct store *st = NULL;
	size_t problems = 0;
	int rc, status = 1, n = 0;
	bool rebuild = false;
	char **args = xcalloc((size_t)argc + 1, sizeof *args);

	/* --rebuild-stats is taken out; the rest is the common --data parsing */
	for (int i = 0; i < argc; i++) {
		if (i > 0 && strcmp(argv[i], "--rebuild-stats") == 0)
			rebuild = true;
		else
			args[n++] = argv[i];
	}
	if (!cli_open_data(n, args, usage, &data, &st, &status)) {
		free(args);
		return status;
	}
	if (rebuild && (rc = check_rebuild_stats(st)) != RC_OK) {
		fprintf(stderr, _("recond check : statistiques non recalculées (%s)\n"), rc_str(rc));
		goto out;
	}
	if ((rc = store_check(st, stdout, &problems)) != RC_OK) {
		fprintf(stderr,
		        _("recond check : vérification interrompue (%s)\n"), rc_sentence(rc));
		goto out;
	}
	if (problems == 0) {
		printf(_("base saine : aucun problème trouvé dans %s\n"), data);
		status = 0;
	} else {
		printf(_("%zu problème%s trouvé%s dans %s\n"), problems, problems > 1 ? "s" : "",
		       problems > 1 ? "s" : "", data);
	}
out:
	store_close(st);
	free(args);
	return status;
}
