/*
 * cmd-org.c — `recond org list|validate`: the programme team's view of the
 * organisations and the validation of those that signed up (« en attente de
 * validation » → « validée »), recorded in the audit log. The rules are
 * core/'s (signup.c).
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/org.h"
#include "core/uc-signup.h"
#include "core/uc.h"
#include "store/store.h"

static const char usage_org[] =
	N_("usage: recond org list --data DIR\n"
	   "       recond org validate --data DIR (--siret SIRET | --id N)\n"
	   "\n"
	   "Liste les organisations ; valide une organisation inscrite (elle pourra\n"
	   "alors déposer ses intentions de commande).\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -s, --siret SIRET       SIRET de l'organisation à valider (14 chiffres)\n"
	   "  -i, --id N              ou son numéro (colonne « n° » de recond org list)\n"
	   "  -h, --help              cette aide\n");

struct org_opts {
	const char *data;
	const char *siret;
	uint64_t id;
};

static bool org_opt(int opt, const char *arg, void *ctx)
{
	struct org_opts *o = ctx;
	char *end = NULL;
	unsigned long long v;

	switch (opt) {
	case 'd':
		o->data = arg;
		return true;
	case 's':
		o->siret = arg;
		return true;
	case 'i':
		errno = 0;
		v = strtoull(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' || v == 0 || arg[0] == '-') {
			cli_usage_error(usage_org, _("numéro d'organisation invalide : %s"), arg);
			return false;
		}
		o->id = (uint64_t)v;
		return true;
	}
	return false;
}

static const struct option org_options[] = {
	{ "data", required_argument, NULL, 'd' },
	{ "siret", required_argument, NULL, 's' },
	{ "id", required_argument, NULL, 'i' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* One line per organisation; text from people is sanitised before printing. */
static int org_print(const struct org *o, void *ctx)
{
	char *name = text_sanitize(o->name, false);
	char *person = text_sanitize(o->contact.name, false);
	char *email = text_sanitize(o->contact.email, false);

	(void)ctx;
	printf("%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s <%s>\n", (unsigned long long)o->id,
	       o->siret[0] ? o->siret : "-", org_kind_name(o->kind), o->insee[0] ? o->insee : "-",
	       o->dept[0] ? o->dept : "-", org_status_label(o->status), name,
	       person[0] ? person : "-", email[0] ? email : "-");
	free(name);
	free(person);
	free(email);
	return 0;
}

static int org_list(int argc, char **argv)
{
	struct org_opts o = { 0 };
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	char *why = NULL;
	int done = 0, status = 1, rc;

	if (!cli_parse(argc, argv, usage_org, org_options, org_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage_org, _("--data est obligatoire"));
	if ((rc = store_open(o.data, &st, &why)) != RC_OK) {
		fprintf(stderr, _("recond org list: %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	if ((rc = store_begin(st, false, &txn)) != RC_OK) {
		fprintf(stderr, _("recond org list: lecture impossible (%s)\n"), rc_sentence(rc));
		goto out;
	}
	printf(_("n°\tSIRET\ttype\tcommune\tdépartement\tstatut\tnom\tcontact\n"));
	if ((rc = db_org_each(txn, org_print, NULL)) != RC_OK) {
		fprintf(stderr, _("recond org list: lecture impossible (%s)\n"), rc_sentence(rc));
		goto out;
	}
	status = 0;
out:
	store_abort(txn);
	store_close(st);
	free(why);
	return status;
}

static int org_validate(int argc, char **argv)
{
	struct org_opts o = { 0 };
	struct store *st = NULL;
	struct org org;
	struct uc uc;
	char *why = NULL, *name = NULL;
	int done = 0, status = 1, rc;

	if (!cli_parse(argc, argv, usage_org, org_options, org_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage_org, _("--data est obligatoire"));
	if ((o.siret == NULL) == (o.id == 0))
		return cli_usage_error(usage_org, _("indiquez --siret ou --id (l'un des deux)"));
	if ((rc = store_open(o.data, &st, &why)) != RC_OK) {
		fprintf(stderr,
		        _("recond org validate: %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	memset(&org, 0, sizeof org);
	uc = cli_uc(st);
	if ((rc = signup_validate(&uc, o.id, o.siret, &org, &why)) != RC_OK) {
		fprintf(stderr,
		        _("recond org validate: %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	name = text_sanitize(org.name, false);
	printf(_("organisation n° %llu « %s » (SIRET %s) : %s\n"), (unsigned long long)org.id, name,
	       org.siret[0] ? org.siret : "-", org_status_label(org.status));
	status = 0;
out:
	store_close(st);
	free(name);
	free(why);
	return status;
}

int cmd_org(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", "org list", org_list },
		{ "validate", "org validate", org_validate },
	};

	return cli_dispatch(argc, argv, "org", usage_org, subs, ARRAY_LEN(subs));
}
