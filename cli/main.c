/*
 * main.c — the recond binary's entry point: dispatches to a subcommand.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"

static const struct cli_cmd commands[] = {
	{ "init",    cmd_init,    "crée un répertoire de données (base, clé d'hôte, géographie)" },
	{ "user",    cmd_user,    "gère les comptes (add, list, passwd, disable, enable)" },
	{ "serve",   cmd_serve,   "lance le serveur SSH au premier plan" },
	{ "demo",    cmd_demo,    "charge les organisations et comptes de démonstration" },
	{ "check",   cmd_check,   "vérifie l'intégrité de la base" },
	{ "dump",    cmd_dump,    "affiche les enregistrements lisiblement" },
	{ "backup",  cmd_backup,  "copie cohérente de la base, serveur en marche" },
	{ "import",  cmd_import,  "importe une liste de référence (zrr, qpv, frr, france-services)" },
	{ "org",     cmd_org,     "liste les organisations, valide ou refuse une organisation inscrite" },
	{ "settings", cmd_settings, "affiche ou modifie les paramètres du programme (dates, taux…)" },
	{ "session", cmd_session, NULL },
};

static const char usage[] =
	N_("usage : recond COMMANDE [OPTIONS]   (recond COMMANDE --help pour le détail)\n");

static void print_help(FILE *f)
{
	fputs(_(usage), f);
	fputs(_("\ncommandes :\n"), f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (commands[i].summary != NULL)
			fprintf(f, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
}

int main(int argc, char **argv)
{
	/* Messages in the person's language; numbers and the rest stay in "C". */
	setlocale(LC_MESSAGES, "");
	i18n_init();
	if (argc < 2) {
		fputs(_("recond : commande manquante\n"), stderr);
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_help(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, _("recond : commande inconnue : %s\n"), argv[1]);
	print_help(stderr);
	return EXIT_USAGE;
}
