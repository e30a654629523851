/*
 * opts.c — option parsing, usage errors and subcommand dispatch shared by
 * the commands.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc.h"
#include "core/util.h"
#include "store/store.h"

static const char *current_cmd = "recond";

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", current_cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", _(usage));
	return EXIT_USAGE;
}

int cli_help(const char *usage)
{
	fputs(_(usage), stdout);
	return 0;
}

bool cli_parse(int argc, char **argv, const char *usage, const struct option *longopts,
               cli_opt_fn handle, void *ctx, int *done)
{
	static char cmdname[64];
	char shortopts[64];
	size_t n = 0;
	int c;

	snprintf(cmdname, sizeof cmdname, _("recond %s"), argv[0]);
	current_cmd = cmdname;
	/* Short options: every longopt whose val is a printable letter. */
	shortopts[n++] = ':';
	for (const struct option *o = longopts; o->name != NULL && n + 3 < sizeof shortopts; o++) {
		if (o->flag == NULL && o->val > ' ' && o->val < 127) {
			shortopts[n++] = (char)o->val;
			if (o->has_arg == required_argument)
				shortopts[n++] = ':';
		}
	}
	shortopts[n] = '\0';
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 'h') {
			*done = cli_help(usage);
			return false;
		}
		if (c == '?') {
			*done = cli_usage_error(usage, _("option inconnue : %s"), argv[optind - 1]);
			return false;
		}
		if (c == ':') {
			*done = cli_usage_error(usage, _("l'option %s attend une valeur"), argv[optind - 1]);
			return false;
		}
		if (!handle(c, optarg, ctx)) {
			*done = EXIT_USAGE;
			return false;
		}
	}
	if (optind < argc) {
		*done = cli_usage_error(usage, _("argument inattendu : %s"), argv[optind]);
		return false;
	}
	return true;
}

const struct option cli_data_options[] = {
	{ "data", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

bool cli_data_opt(int opt, const char *arg, void *ctx)
{
	if (opt == 'd') {
		*(const char **)ctx = arg;
		return true;
	}
	return false;
}

bool cli_open_data(int argc, char **argv, const char *usage, const char **data,
                   struct store **st, int *status)
{
	char *why = NULL;
	int rc;

	*data = NULL;
	*st = NULL;
	if (!cli_parse(argc, argv, usage, cli_data_options, cli_data_opt, data, status))
		return false;
	if (*data == NULL) {
		*status = cli_usage_error(usage, _("option --data manquante"));
		return false;
	}
	if ((rc = store_open(*data, st, &why)) != RC_OK) {
		fprintf(stderr,
		        _("recond %s : %s\n"), argv[0], why != NULL ? why : rc_sentence(rc));
		free(why);
		*status = 1;
		return false;
	}
	return true;
}

int cli_dispatch(int argc, char **argv, const char *cmd, const char *usage,
                 const struct cli_sub *subs, size_t nsubs)
{
	if (argc < 2) {
		fprintf(stderr, _("recond %s: sous-commande manquante\n"), cmd);
		fputs(_(usage), stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return cli_help(usage);
	for (size_t i = 0; i < nsubs; i++) {
		if (strcmp(argv[1], subs[i].name) == 0) {
			char *cmdname = xstrdup(subs[i].cmdname);
			char *saved = argv[1];
			int status;

			argv[1] = cmdname;
			status = subs[i].run(argc - 1, argv + 1);
			argv[1] = saved;
			free(cmdname);
			return status;
		}
	}
	fprintf(stderr, _("recond %s: sous-commande inconnue ("), cmd);
	for (size_t i = 0; i < nsubs; i++)
		fprintf(stderr, "%s%s", i > 0 ? ", " : "", subs[i].name);
	fputs(")\n", stderr);
	fputs(_(usage), stderr);
	return EXIT_USAGE;
}

char *cli_read_secret_line(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = getline(&line, &cap, stdin);

	if (len < 0) {
		free(line);
		return NULL;
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	return line;
}

struct uc cli_uc(struct store *st)
{
	static struct actor sys;

	actor_system(&sys);
	return (struct uc){ .st = st, .actor = &sys };
}

void cli_put_col(const char *s, size_t width)
{
	size_t n = utf8_len(s);

	fputs(s, stdout);
	for (; n < width; n++)
		putchar(' ');
}
