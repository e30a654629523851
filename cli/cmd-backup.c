/*
 * cmd-backup.c — `recond backup --data DIR FILE`: a consistent, compacted
 * copy of the database into FILE (which must not exist), safe while the
 * server runs. FILE is an LMDB data file: to restore, place it as
 * DIR/db/data.mdb of an empty data directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/uc.h"
#include "core/util.h"
#include "store/store.h"

static const char usage[] =
	N_("usage: recond backup --data DIR FICHIER\n"
	   "  Copie cohérente et compactée de la base dans FICHIER (qui ne doit pas\n"
	   "  exister), possible pendant que le serveur tourne. Pour restaurer :\n"
	   "  placer FICHIER en DIR/db/data.mdb d'un répertoire de données vide.\n"
	   "  --data DIR   répertoire de données\n");

int cmd_backup(int argc, char **argv)
{
	const char *data = NULL, *file = NULL;
	struct store *st = NULL;
	char **opts = xcalloc((size_t)argc + 1, sizeof *opts);
	char *why = NULL;
	int nopts = 0, nfiles = 0, done = 0, rc, status = 1;
	bool rest = false;

	/*
	 * cli_parse takes options only: set the operand aside first. An
	 * argument is an operand unless it looks like an option or is the
	 * value of --data/-d given as the next argument.
	 */
	opts[nopts++] = argv[0];
	for (int i = 1; i < argc; i++) {
		if (!rest && strcmp(argv[i], "--") == 0) {
			rest = true;
		} else if (!rest && argv[i][0] == '-' && argv[i][1] != '\0') {
			opts[nopts++] = argv[i];
			if ((strcmp(argv[i], "--data") == 0 || strcmp(argv[i], "-d") == 0) &&
			    i + 1 < argc)
				opts[nopts++] = argv[++i];
		} else {
			file = argv[i];
			nfiles++;
		}
	}
	if (!cli_parse(nopts, opts, usage, cli_data_options, cli_data_opt, &data, &done)) {
		status = done;
		goto out;
	}
	if (data == NULL) {
		status = cli_usage_error(usage, _("option --data manquante"));
		goto out;
	}
	if (nfiles != 1) {
		status = cli_usage_error(usage, "%s",
		                         nfiles == 0 ? _("fichier de sauvegarde manquant")
		                                     : _("un seul fichier de sauvegarde attendu"));
		goto out;
	}
	if ((rc = store_open(data, &st, &why)) != RC_OK ||
	    (rc = store_backup(st, file, &why)) != RC_OK) {
		fprintf(stderr, _("recond backup : %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	printf(_("sauvegarde écrite dans %s\n"), file);
	status = 0;
out:
	free(opts);
	free(why);
	store_close(st);
	return status;
}
