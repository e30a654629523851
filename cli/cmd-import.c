/*
 * cmd-import.c — `recond import zrr|qpv|frr|france-services FILE --data DIR`:
 * validates a published reference list whole and, if every line is good,
 * replaces the previous list in one transaction; otherwise lists every bad
 * line with its number and reason and imports nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/reflist.h"
#include "core/uc-reflist.h"
#include "core/uc.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store.h"

static const char usage[] =
	N_("usage : recond import zrr|qpv|frr|france-services FICHIER -d DIR\n"
	   "\n"
	   "Importe une liste de référence publiée (CSV séparé par « ; » ou « , »)\n"
	   "et remplace la liste précédente. Le fichier est vérifié en entier : à la\n"
	   "moindre ligne en erreur, rien n'est importé et chaque ligne fautive est\n"
	   "signalée avec son numéro.\n"
	   "\n"
	   "  zrr                     INSEE;ZRR (1/0) ou CODGEO;LIBGEO;ZRR_SIMP;ZONAGE_ZRR\n"
	   "  qpv                     code_qp;lib_qp;…;insee_com;… (listeqp2024-cog2024.csv)\n"
	   "  frr                     codgeo;codefrr\n"
	   "  france-services         liste des France Services de l'ANCT\n"
	   "                          (liste-fs-AAAAMMJJ.csv)\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -h, --help              cette aide\n");

/* Reads the whole file (at most REFLIST_FILE_BYTES_MAX bytes); caller frees *out. */
static int read_file(const char *path, char **out, size_t *len, char **why)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t cap = 65536, n = 0, got;
	int rc = RC_IO;

	*out = NULL;
	*len = 0;
	if ((f = fopen(path, "rb")) == NULL) {
		rc = fail(why, RC_IO, _("impossible d'ouvrir %s : %s"), path, strerror(errno));
		goto out;
	}
	buf = xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > REFLIST_FILE_BYTES_MAX) {
			rc = fail(why, RC_INVALID,
			          _("%s : fichier trop gros (plus de %zu Mo)"), path,
			          REFLIST_FILE_BYTES_MAX >> 20);
			goto out;
		}
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	if (ferror(f)) {
		rc = fail(why, RC_IO, _("lecture de %s impossible : %s"), path, strerror(errno));
		goto out;
	}
	*out = buf;
	*len = n;
	buf = NULL;
	rc = RC_OK;
out:
	free(buf);
	if (f != NULL)
		fclose(f);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const char *data = NULL, *pos[2] = { NULL, NULL };
	char **opts = xcalloc((size_t)argc + 1, sizeof *opts);
	char *why = NULL, *content = NULL, *problems = NULL;
	struct reflist_parsed parsed;
	struct store *st = NULL;
	struct uc uc;
	enum reflist list;
	size_t len = 0, npos = 0;
	int nopts = 0, done = 0, rc, status = 1;

	memset(&parsed, 0, sizeof parsed);
	/* The two operands are taken out; the options go to cli_parse. */
	opts[nopts++] = argv[0];
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' && npos < 2) {
			pos[npos++] = argv[i];
			continue;
		}
		opts[nopts++] = argv[i];
		if ((strcmp(argv[i], "--data") == 0 || strcmp(argv[i], "-d") == 0) && i + 1 < argc)
			opts[nopts++] = argv[++i];
	}
	if (!cli_parse(nopts, opts, usage, cli_data_options, cli_data_opt, &data, &done)) {
		status = done;
		goto out;
	}
	if (npos < 2) {
		status = cli_usage_error(usage, npos == 0 ? _("liste et fichier manquants")
		                                          : _("fichier manquant"));
		goto out;
	}
	if (reflist_parse_name(pos[0], &list, &why) != RC_OK) {
		status = cli_usage_error(usage, "%s", why);
		goto out;
	}
	if (data == NULL) {
		status = cli_usage_error(usage, _("l'option --data est obligatoire"));
		goto out;
	}
	if (read_file(pos[1], &content, &len, &why) != RC_OK) {
		fprintf(stderr, _("recond import : %s\n"), why);
		goto out;
	}
	if ((rc = store_open(data, &st, &why)) != RC_OK) {
		fprintf(stderr, _("recond import : %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	uc = cli_uc(st);
	rc = uc_reflist_import(&uc, list, pos[1], content, len, &parsed, &why);
	problems = reflist_problems_text(pos[1], &parsed);
	fputs(problems, stderr);
	if (rc != RC_OK) {
		fprintf(stderr, _("recond import : %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	free(problems);
	problems = reflist_success_text(list, pos[1], &parsed);
	printf("%s\n", problems);
	status = 0;
out:
	reflist_parsed_clear(&parsed);
	store_close(st);
	free(content);
	free(problems);
	free(why);
	free(opts);
	return status;
}
