/*
 * cmd-init.c — `recond init --data DIR`: creates a data directory (the LMDB
 * database with its schema version and the reference geography, the
 * ed25519 host key) and prints the host key's fingerprint. Refuses a DIR
 * that already holds something.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/util.h"
#include "keys/keys.h"
#include "store/db-geo.h"
#include "store/store.h"

static const char usage[] =
	"usage: recond init --data DIR\n"
	"  Crée le répertoire de données DIR (absent ou vide) : base de données,\n"
	"  clé d'hôte ed25519, puis affiche l'empreinte de la clé d'hôte.\n"
	"  --data DIR   répertoire de données à créer\n"
	"  --help       affiche cette aide\n";

static const struct option init_options[] = {
	{ "data", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static bool init_opt(int opt, const char *arg, void *ctx)
{
	const char **data = ctx;

	if (opt == 'd') {
		*data = arg;
		return true;
	}
	return false;
}

/*
 * Loads into the new database the reference data recond ships with: the
 * French geography embedded in the binary (communes, postal codes,
 * départements, régions, EPCI), so no file and no network are needed.
 */
static int init_reference_data(const char *dir, char **why)
{
	struct store *st = NULL;
	size_t communes = 0;
	int rc;

	if ((rc = store_open(dir, &st, why)) != RC_OK)
		return rc;
	rc = geo_load_reference(st, &communes, why);
	store_close(st);
	if (rc == RC_OK)
		printf("géographie de référence chargée : %zu communes et lieux\n", communes);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	const char *data = NULL;
	char *why = NULL, *fingerprint = NULL;
	int done = 0, status = 1;

	if (!cli_parse(argc, argv, usage, init_options, init_opt, &data, &done))
		return done;
	if (data == NULL)
		return cli_usage_error(usage, "l'option --data est obligatoire");
	if (store_create(data, &why) != RC_OK) {
		fprintf(stderr, "recond init: %s\n", why != NULL ? why : "échec");
		goto out;
	}
	if (keys_hostkey_ensure(data, &fingerprint, &why) != RC_OK) {
		fprintf(stderr, "recond init: %s\n", why != NULL ? why : "échec");
		goto out;
	}
	if (init_reference_data(data, &why) != RC_OK) {
		fprintf(stderr, "recond init: %s\n", why != NULL ? why : "échec");
		goto out;
	}
	printf("recond : répertoire de données créé : %s\n", data);
	printf("empreinte de la clé d'hôte : %s\n", fingerprint);
	status = 0;
out:
	free(why);
	free(fingerprint);
	return status;
}
