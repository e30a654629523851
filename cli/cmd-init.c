/*
 * cmd-init.c — `recond init --data DIR`: creates a data directory (the LMDB
 * database with its schema version, the reference geography and the
 * reference lists recond ships — ZRR and France Services — so that
 * eligibility works out of the box; the initial programme settings, whose
 * pre-order window opens on the day of init for one year; the ed25519 host
 * key) and prints the host key's fingerprint. Refuses a DIR that already holds something.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/reflist.h"
#include "core/settings.h"
#include "core/uc-reflist.h"
#include "core/util.h"
#include "data/reflists.h"
#include "keys/keys.h"
#include "store/db-geo.h"
#include "store/store.h"

static const char usage[] =
	N_("usage : recond init -d DIR\n"
	   "\n"
	   "Crée le répertoire de données DIR (absent ou vide) : base de données,\n"
	   "clé d'hôte ed25519, listes de référence, paramètres initiaux ; puis\n"
	   "affiche l'empreinte de la clé d'hôte.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données à créer\n"
	   "  -h, --help              cette aide\n");

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

/* Imports one list embedded in the binary through the ordinary import. */
static int init_list(struct store *st, enum reflist list, const char *file, const char *start,
                     const char *end, char **why)
{
	struct reflist_parsed parsed;
	struct uc uc = cli_uc(st);
	int rc;

	memset(&parsed, 0, sizeof parsed);
	rc = uc_reflist_import(&uc, list, file, start, (size_t)(end - start), &parsed, why);
	if (rc == RC_OK)
		printf(_("%s : %s importé, %zu entrées\n"), reflist_label(list), file, parsed.listed);
	reflist_parsed_clear(&parsed);
	return rc;
}

/*
 * Stores the initial settings (settings_initial: the programme's rate, cap
 * and lots, pre-orders open from today for one year) through the ANCT use
 * case, so that the change is validated and in the audit log.
 */
static int init_settings(struct store *st, char **why)
{
	struct settings *s = xcalloc(1, sizeof *s);
	char d1[16], d2[16], d3[16];
	int rc;

	settings_initial(s, day_of_instant(now_utc()));
	if ((rc = cli_settings_update(st, s, why)) == RC_OK)
		printf(_("paramètres initiaux : intentions de commande ouvertes du %s au %s, commandes "
		         "à partir du %s ;\n  l'équipe du programme fixe les vraies dates avec "
		         "« recond settings set » (voir recond settings --help)\n"),
		       day_format(s->window_open, d1, sizeof d1),
		       day_format(s->window_close, d2, sizeof d2),
		       day_format(s->ordering_opens, d3, sizeof d3));
	free(s);
	return rc;
}

/*
 * Loads into the new database the reference data recond ships with: the
 * French geography embedded in the binary (communes, postal codes,
 * départements, régions, EPCI), then the ZRR list and the France Services
 * register, so no file and no network are needed and eligibility can be
 * established at once (`recond import` replaces either list later); then
 * the initial settings.
 */
static int init_data(const char *dir, char **why)
{
	struct store *st = NULL;
	size_t communes = 0;
	int rc;

	if ((rc = store_open(dir, &st, why)) != RC_OK)
		return rc;
	if ((rc = geo_load_reference(st, &communes, why)) != RC_OK)
		goto out;
	printf(_("géographie de référence chargée : %zu communes et lieux\n"), communes);
	if ((rc = init_list(st, REFLIST_ZRR, REFLIST_SHIPPED_ZRR, zrr_data_start, zrr_data_end,
	                    why)) != RC_OK)
		goto out;
	if ((rc = init_list(st, REFLIST_FRANCE_SERVICES, REFLIST_SHIPPED_FS, fs_data_start,
	                    fs_data_end, why)) != RC_OK)
		goto out;
	rc = init_settings(st, why);
out:
	store_close(st);
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
		return cli_usage_error(usage, _("l'option --data est obligatoire"));
	if (store_create(data, &why) != RC_OK) {
		fprintf(stderr, _("recond init : %s\n"), why != NULL ? why : "échec");
		goto out;
	}
	if (keys_hostkey_ensure(data, &fingerprint, &why) != RC_OK) {
		fprintf(stderr, _("recond init : %s\n"), why != NULL ? why : "échec");
		goto out;
	}
	if (init_data(data, &why) != RC_OK) {
		fprintf(stderr, _("recond init : %s\n"), why != NULL ? why : "échec");
		goto out;
	}
	printf(_("recond : répertoire de données créé : %s\n"), data);
	printf(_("empreinte de la clé d'hôte : %s\n"), fingerprint);
	status = 0;
out:
	free(why);
	free(fingerprint);
	return status;
}
