/*
 * cmd-check.c — `recond check --data DIR`: verifies the database (records
 * decode, every index entry points to a record that indexes back to it,
 * every record is in its indexes, schema version). Exit 0 when clean, 1
 * with the problems listed on stdout.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/uc.h"
#include "core/util.h"
#include "store/store.h"

static const char usage[] =
	N_("usage: recond check --data DIR\n"
	   "  Vérifie l'intégrité de la base : enregistrements lisibles, index\n"
	   "  cohérents avec les enregistrements, version de schéma.\n"
	   "  Sortie 0 si la base est saine, 1 si des problèmes sont listés.\n"
	   "  --data DIR   répertoire de données\n");

int cmd_check(int argc, char **argv)
{
	const char *data = NULL;
	struct store *st = NULL;
	size_t problems = 0;
	int rc, status = 1;

	if (!cli_open_data(argc, argv, usage, &data, &st, &status))
		return status;
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
	return status;
}
