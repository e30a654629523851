/*
 * exec-import.c — the `import` command of SSH exec (`ssh anct@host import
 * zrr < fichier.csv`): the list named, the file read whole from the
 * channel's standard input (at most EXEC_IN_MAX bytes, conn.c), imported
 * through the same use case and reported in the same words as `recond
 * import`: every bad line with its number on stderr and nothing changed,
 * or one line of success on stdout. Exit statuses: 0 imported, 1 refused
 * (nothing changed), 2 bad usage, 3 a role that may not import.
 */
#include "keys/keys-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc-reflist.h"
#include "core/uc-session.h"
#include "core/util.h"

static const char import_usage[] =
	N_("usage : import zrr|frr|qpv|france-services [NOM-DU-FICHIER] < fichier.csv\n");

static void import_put(struct bytebuf *b, const char *s)
{
	bytebuf_put(b, s, strlen(s));
}

int exec_import(const struct keys_config *cfg, const struct account *acct, int argc,
                char **argv, const char *in, size_t inlen, struct bytebuf *out,
                struct bytebuf *err)
{
	struct reflist_parsed parsed;
	struct store *st = NULL;
	struct whoami w;
	enum reflist list;
	char *why = NULL, *msg = NULL, *name = NULL, *text = NULL;
	int status = 2, rc;

	memset(&parsed, 0, sizeof parsed);
	memset(&w, 0, sizeof w);
	if (argc < 2 || argc > 3) {
		import_put(err, _(import_usage));
		goto out;
	}
	if (reflist_parse_name(argv[1], &list, &why) != RC_OK) {
		msg = xasprintf(_("recond import : %s\n%s"), why, _(import_usage));
		goto out;
	}
	name = argc == 3 ? xstrdup(argv[2]) : xasprintf("%s-stdin.csv", argv[1]);
	status = 1;
	if (uc_store_open(cfg->data_dir, &st, &why) != RC_OK ||
	    uc_whoami(st, acct->id, &w, &why) != RC_OK) {
		msg = xasprintf(_("recond import : %s\n"), why != NULL ? why : _("compte illisible"));
		goto out;
	}
	{
		struct uc u = { .st = st, .actor = &w.actor };

		rc = uc_reflist_import(&u, list, name, in, inlen, &parsed, &why);
	}
	text = reflist_problems_text(name, &parsed);
	import_put(err, text);
	if (rc != RC_OK) {
		msg = xasprintf(_("recond import : %s\n"), why != NULL ? why : rc_sentence(rc));
		status = rc == RC_DENIED ? 3 : 1;
		goto out;
	}
	free(text);
	text = reflist_success_text(list, name, &parsed);
	import_put(out, text);
	import_put(out, "\n");
	status = 0;
out:
	if (msg != NULL)
		import_put(err, msg);
	reflist_parsed_clear(&parsed);
	free(msg);
	free(text);
	free(name);
	free(why);
	whoami_clear(&w);
	uc_store_close(st);
	return status;
}
