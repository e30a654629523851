/*
 * cmd-dump.c — `recond dump --data DIR`: prints every database of the store
 * readably on stdout, one line per entry ("key → value").
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/uc.h"
#include "core/util.h"
#include "store/store.h"

static const char usage[] =
	N_("usage: recond dump --data DIR\n"
	   "  Affiche lisiblement chaque base (enregistrements et index),\n"
	   "  une ligne par entrée : clé → valeur.\n"
	   "  --data DIR   répertoire de données\n");

int cmd_dump(int argc, char **argv)
{
	const char *data = NULL;
	struct store *st = NULL;
	int rc, status = 1;

	if (!cli_open_data(argc, argv, usage, &data, &st, &status))
		return status;
	if ((rc = store_dump(st, stdout)) != RC_OK || fflush(stdout) != 0) {
		fprintf(stderr, _("recond dump : lecture ou écriture interrompue (%s)\n"),
		        rc_sentence(rc != RC_OK ? rc : RC_IO));
		goto out;
	}
	status = 0;
out:
	store_close(st);
	return status;
}
