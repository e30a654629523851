/*
 * cmd-dump.c — `recond dump --data DIR`: prints every database of the store
 * readably on stdout, one line per entry ("key → value"): dates in ISO
 * 8601, roles by name, text escaped of every control (store/codec.c); a
 * closed pipe ends it quietly.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/uc.h"
#include "core/util.h"
#include "store/store.h"

static const char usage[] =
	N_("usage : recond dump -d DIR\n"
	   "\n"
	   "Affiche lisiblement chaque base (enregistrements et index), une ligne\n"
	   "par entrée : clé → valeur. Dates en ISO 8601 (UTC), rôles par leur nom,\n"
	   "textes nettoyés de toute séquence de contrôle.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -h, --help              cette aide\n");

int cmd_dump(int argc, char **argv)
{
	const char *data = NULL;
	struct store *st = NULL;
	int rc, status = 1;

	if (!cli_open_data(argc, argv, usage, &data, &st, &status))
		return status;
	cli_quiet_pipe();
	errno = 0;
	if ((rc = store_dump(st, stdout)) != RC_OK || fflush(stdout) != 0) {
		if (cli_pipe_closed()) {
			status = 0;           /* `recond dump | head`: the reader had enough */
			goto out;
		}
		fprintf(stderr, _("recond dump : lecture ou écriture interrompue (%s)\n"),
		        rc_sentence(rc != RC_OK ? rc : RC_IO));
		goto out;
	}
	status = 0;
out:
	store_close(st);
	return status;
}
