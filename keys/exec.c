/*
 * exec.c — non-interactive commands (`ssh host COMMAND`): the table of
 * commands, the splitting of the request into words, and each command's
 * plain-text output. Commands run for the authenticated account, without a
 * pty; their text goes to the channel's stdout, errors to its stderr.
 *
 * Exit statuses: 0 done, 1 failure, 2 unknown command or bad usage.
 */
#include "keys/keys-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc-session.h"
#include "core/uc-stats.h"
#include "core/util.h"

#define EXEC_ARGS_MAX 32

struct exec_ctx {
	const struct keys_config *cfg;
	const struct account *acct;
	const char *in;               /* standard input, read whole (commands with input) */
	size_t inlen;
	struct bytebuf *out;
	struct bytebuf *err;
};

struct exec_cmd {
	const char *name;
	const char *summary;
	int (*run)(struct exec_ctx *x, int argc, char **argv);
	bool input;                   /* reads its standard input before it runs */
};

static void exec_printf(struct bytebuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void exec_printf(struct bytebuf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	bytebuf_put(b, s, strlen(s));
	free(s);
}

/*
 * whoami: three lines "login : L", "rôle : R", "organisation : O" (the role
 * as people read it, « Collectivité »; organisation "-" when none), for
 * people and for `cut -d' ' -f3-`.
 */
static int exec_whoami(struct exec_ctx *x, int argc, char **argv)
{
	struct store *st = NULL;
	struct whoami w;
	char *why = NULL, *name = NULL;
	int status = 1;

	memset(&w, 0, sizeof w);
	if (argc != 1) {
		exec_printf(x->err, "recond whoami : aucun argument attendu\n");
		return 2;
	}
	if (uc_store_open(x->cfg->data_dir, &st, &why) != RC_OK ||
	    uc_whoami(st, x->acct->id, &w, &why) != RC_OK ||
	    (x->acct->org_id != 0 && !w.has_org)) {
		log_error("whoami: cannot read account %llu or its organisation: %s",
		          (unsigned long long)x->acct->id, why != NULL ? why : "-");
		exec_printf(x->err, "recond : organisation introuvable\n");
		goto out;
	}
	if (w.has_org)
		name = text_sanitize(w.org_name, false);
	exec_printf(x->out, "login : %s\nrôle : %s\norganisation : %s\n", w.acct.login,
	            role_label(w.acct.role), name != NULL ? name : "-");
	status = 0;
out:
	free(name);
	free(why);
	whoami_clear(&w);
	uc_store_close(st);
	return status;
}

static int exec_export_cmd(struct exec_ctx *x, int argc, char **argv)
{
	return exec_export(x->cfg, x->acct, argc, argv, x->out, x->err);
}

/*
 * stats [--by region|departement] [--format text|csv|json]: the programme's
 * figures in the account's scope (the team the country, any other role its
 * département), as uc_stats() reads them.
 */
static int exec_stats(struct exec_ctx *x, int argc, char **argv)
{
	struct store *st = NULL;
	struct whoami w;
	struct stats_table *t = NULL;
	enum stats_by by = STATS_BY_NATION;
	enum stats_format fmt = STATS_TEXT;
	char *why = NULL, *buf = NULL;
	size_t len = 0;
	FILE *f;
	int status = 2;

	memset(&w, 0, sizeof w);
	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--by") == 0) {
			if (stats_by_parse(argv[++i], &by, &why) != RC_OK)
				goto usage;
		} else if (i + 1 < argc && strcmp(argv[i], "--format") == 0) {
			if (stats_format_parse(argv[++i], &fmt, &why) != RC_OK)
				goto usage;
		} else {
			why = xstrdup("usage : stats [--by region|departement] [--format text|csv|json]");
			goto usage;
		}
	}
	status = 1;
	t = xmalloc(sizeof *t);
	if (uc_store_open(x->cfg->data_dir, &st, &why) != RC_OK ||
	    uc_whoami(st, x->acct->id, &w, &why) != RC_OK) {
		exec_printf(x->err, "recond : compte illisible\n");
		goto out;
	}
	{
		struct uc u = { .st = st, .actor = &w.actor };

		if (uc_stats(&u, by, t, &why) != RC_OK) {
			exec_printf(x->err, "recond stats : %s\n", why != NULL ? why : "refusé");
			goto out;
		}
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		goto out;
	stats_write(f, t, fmt);
	fclose(f);
	bytebuf_put(x->out, buf, len);
	status = 0;
	goto out;
usage:
	exec_printf(x->err, "recond stats : %s\n", why != NULL ? why : "usage");
out:
	free(buf);
	free(t);
	free(why);
	whoami_clear(&w);
	uc_store_close(st);
	return status;
}

static int exec_import_cmd(struct exec_ctx *x, int argc, char **argv)
{
	return exec_import(x->cfg, x->acct, argc, argv, x->in, x->inlen, x->out, x->err);
}

static const struct exec_cmd exec_table[] = {
	{ .name = "whoami", .summary = "affiche votre login, votre rôle et votre organisation",
	  .run = exec_whoami },
	{ .name = "export", .summary = "exporte les intentions de commande (CSV, TSV, JSON)",
	  .run = exec_export_cmd },
	{ .name = "stats", .summary = "statistiques du programme dans votre périmètre "
	  "(--by region|departement, --format text|csv|json)", .run = exec_stats },
	{ .name = "import", .summary = "importe une liste de référence lue sur l'entrée standard "
	  "(zrr, frr, qpv, france-services ; équipe du programme)", .run = exec_import_cmd,
	  .input = true },
};

bool exec_reads_input(const char *command)
{
	size_t n;

	command += strspn(command, " \t");
	n = strcspn(command, " \t");
	for (size_t i = 0; i < ARRAY_LEN(exec_table); i++) {
		if (exec_table[i].input && strlen(exec_table[i].name) == n &&
		    strncmp(command, exec_table[i].name, n) == 0)
			return true;
	}
	return false;
}

int exec_run(const struct keys_config *cfg, const struct account *acct, const char *command,
             struct bytebuf *out, struct bytebuf *err)
{
	return exec_run_input(cfg, acct, command, NULL, 0, out, err);
}

int exec_run_input(const struct keys_config *cfg, const struct account *acct,
                   const char *command, const char *in, size_t inlen, struct bytebuf *out,
                   struct bytebuf *err)
{
	struct exec_ctx x = { .cfg = cfg, .acct = acct, .in = in != NULL ? in : "",
		              .inlen = in != NULL ? inlen : 0, .out = out, .err = err };
	char *copy = xstrdup(command);
	char *argv[EXEC_ARGS_MAX + 1];
	char *shown = NULL;
	int argc, status = 2;

	argc = exec_split(copy, argv, EXEC_ARGS_MAX);
	if (argc < 0) {
		exec_printf(err, "recond : trop d'arguments (%d au plus)\n", EXEC_ARGS_MAX);
		goto out;
	}
	if (argc == 0) {
		exec_printf(err, "recond : commande vide\n");
		goto out;
	}
	argv[argc] = NULL;
	if (acct->must_change_pw) {
		/* A one-time password opens an interactive session, and only to change it. */
		exec_printf(err, "%s", _("recond : mot de passe à usage unique : connectez-vous "
		                         "d'abord sans commande (ssh identifiant@hôte) pour choisir "
		                         "votre mot de passe.\n"));
		status = 1;
		goto out;
	}
	for (size_t i = 0; i < ARRAY_LEN(exec_table); i++) {
		if (strcmp(argv[0], exec_table[i].name) == 0) {
			status = exec_table[i].run(&x, argc, argv);
			goto out;
		}
	}
	shown = text_sanitize(argv[0], false);
	exec_printf(err, "recond : commande inconnue : %s\ncommandes disponibles :\n", shown);
	for (size_t i = 0; i < ARRAY_LEN(exec_table); i++)
		exec_printf(err, "  %-10s %s\n", exec_table[i].name, exec_table[i].summary);
out:
	free(shown);
	free(copy);
	return status;
}
