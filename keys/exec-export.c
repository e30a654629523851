/*
 * exec-export.c — the `export` command of SSH exec (`ssh host export
 * preorders …`, `ssh host export history …`, `ssh host export orders …`,
 * `ssh host export loans …`): its options, the export use
 * case for the authenticated account, the table on stdout. Exit statuses:
 * 0 done, 1 failure, 2 bad usage (with the usage on stderr), 3 a role that
 * may not export.
 */
#include "keys/keys-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/uc-instruct.h"
#include "core/uc-loan.h"
#include "core/uc-order.h"
#include "core/uc-session.h"
#include "core/util.h"

static const char export_usage[] =
	"usage : export preorders [--state ÉTAT] [--format csv|tsv|json] [--sep ';'] [--bom]\n"
	"        export history [--since AAAA-MM-JJ] [--format csv|tsv|json] [--sep ';'] [--bom]\n"
	"        export orders [--format csv|tsv|json] [--sep ';'] [--bom]\n"
	"        export loans [--format csv|tsv|json] [--sep ';'] [--bom]\n";

enum export_what { EXP_PREORDERS, EXP_HISTORY, EXP_ORDERS, EXP_LOANS };

static void err_put(struct bytebuf *err, const char *s)
{
	bytebuf_put(err, s, strlen(s));
}

/* The first instant of day d in Paris. */
static int64_t paris_midnight(day_t d)
{
	int64_t t = day_serial(d) * 86400 - 3 * 3600;

	while (day_of_instant(t) < d)
		t += 900;
	return t;
}

/* Parses the options after the subcommand into *o; 2 (usage) on a bad one. */
static int export_options(int argc, char **argv, enum export_what what, struct export_opts *o,
                          struct bytebuf *err)
{
	char *why = NULL, *msg, *shown;
	const char *bad_opt = "";

	memset(o, 0, sizeof *o);
	o->format = EXPORT_CSV;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		bad_opt = a;
		if (strcmp(a, "--bom") == 0) {
			o->bom = true;
			continue;
		}
		if (v == NULL)
			goto bad;
		if (strcmp(a, "--format") == 0) {
			if (strcmp(v, "csv") == 0)
				o->format = EXPORT_CSV;
			else if (strcmp(v, "tsv") == 0)
				o->format = EXPORT_TSV;
			else if (strcmp(v, "json") == 0)
				o->format = EXPORT_JSON;
			else
				goto bad;
		} else if (strcmp(a, "--sep") == 0) {
			if (strcmp(v, ",") != 0 && strcmp(v, ";") != 0)
				goto bad;
			o->sep = v[0];
		} else if (strcmp(a, "--state") == 0 && what == EXP_PREORDERS) {
			if (preorder_state_parse(v, &o->state, &why) != RC_OK)
				goto bad;
			o->has_state = true;
		} else if (strcmp(a, "--since") == 0 && what == EXP_HISTORY) {
			day_t d;
			if (day_parse(v, &d, &why) != RC_OK)
				goto bad;
			o->since = paris_midnight(d);
		} else {
			goto bad;
		}
		i++;
	}
	return 0;
bad:
	shown = text_sanitize(bad_opt, false);
	msg = xasprintf("recond export : option invalide : %s%s%s%s\n%s", shown,
	                why != NULL ? " (" : "", why != NULL ? why : "", why != NULL ? ")" : "",
	                export_usage);
	err_put(err, msg);
	free(msg);
	free(shown);
	free(why);
	return 2;
}

int exec_export(const struct keys_config *cfg, const struct account *acct, int argc,
                char **argv, struct bytebuf *out, struct bytebuf *err)
{
	struct export_opts o;
	struct store *st = NULL;
	struct whoami w;
	char *why = NULL, *text = NULL, *msg = NULL;
	size_t len = 0;
	enum export_what what;
	int status = 1, rc;

	memset(&w, 0, sizeof w);
	if (argc >= 2 && strcmp(argv[1], "preorders") == 0) {
		what = EXP_PREORDERS;
	} else if (argc >= 2 && strcmp(argv[1], "history") == 0) {
		what = EXP_HISTORY;
	} else if (argc >= 2 && strcmp(argv[1], "orders") == 0) {
		what = EXP_ORDERS;
	} else if (argc >= 2 && strcmp(argv[1], "loans") == 0) {
		what = EXP_LOANS;
	} else {
		err_put(err, export_usage);
		return 2;
	}
	if ((status = export_options(argc, argv, what, &o, err)) != 0)
		return status;
	status = 1;
	if (uc_store_open(cfg->data_dir, &st, &why) != RC_OK ||
	    uc_whoami(st, acct->id, &w, &why) != RC_OK) {
		msg = xasprintf("recond export : %s\n", why != NULL ? why : "compte illisible");
		goto out;
	}
	{
		struct uc u = { .st = st, .actor = &w.actor };
		rc = what == EXP_HISTORY ? uc_export_history(&u, &o, &text, &len, &why)
		     : what == EXP_ORDERS ? uc_export_orders(&u, &o, &text, &len, &why)
		     : what == EXP_LOANS  ? uc_export_loans(&u, &o, &text, &len, &why)
		                          : uc_export_preorders(&u, &o, &text, &len, &why);
	}
	if (rc != RC_OK) {
		msg = xasprintf("recond export : %s\n", why != NULL ? why : rc_sentence(rc));
		status = rc == RC_DENIED ? 3 : 1;
		goto out;
	}
	if (bytebuf_put(out, text, len) != len) {
		msg = xasprintf("recond export : l'export dépasse %zu octets : filtrez-le (--state, "
		                "--since).\n", (size_t)EXEC_OUT_MAX);
		goto out;
	}
	status = 0;
out:
	if (msg != NULL)
		err_put(err, msg);
	free(msg);
	free(text);
	free(why);
	whoami_clear(&w);
	uc_store_close(st);
	return status;
}
