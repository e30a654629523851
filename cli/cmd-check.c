/*
 * cmd-check.c — `recond check --data DIR`: verifies the database (records
 * decode, every index entry points to a record that indexes back to it,
 * every record is in its indexes, schema version). Exit 0 when clean, 1
 * with the problems listed on stdout.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/util.h"
#include "store/store.h"

static const char usage[] =
	"usage: recond check --data DIR\n"
	"  Vérifie l'intégrité de la base : enregistrements lisibles, index\n"
	"  cohérents avec les enregistrements, version de schéma.\n"
	"  Sortie 0 si la base est saine, 1 si des problèmes sont listés.\n"
	"  --data DIR   répertoire de données\n";

int cmd_check(int argc, char **argv)
{
	const char *data = NULL;
	struct store *st = NULL;
	char *why = NULL;
	size_t problems = 0;
	int done = 0, rc, status = 1;

	if (!cli_parse(argc, argv, usage, cli_data_options, cli_data_opt, &data, &done))
		return done;
	if (data == NULL)
		return cli_usage_error(usage, "option --data manquante");
	if ((rc = store_open(data, &st, &why)) != RC_OK) {
		fprintf(stderr, "recond check : %s\n", why != NULL ? why : rc_str(rc));
		goto out;
	}
	if ((rc = store_check(st, stdout, &problems)) != RC_OK) {
		fprintf(stderr, "recond check : vérification interrompue (%s)\n", rc_str(rc));
		goto out;
	}
	if (problems == 0) {
		printf("base saine : aucun problème trouvé dans %s\n", data);
		status = 0;
	} else {
		printf("%zu problème%s trouvé%s dans %s\n", problems, problems > 1 ? "s" : "",
		       problems > 1 ? "s" : "", data);
	}
out:
	free(why);
	store_close(st);
	return status;
}
