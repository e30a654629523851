/*
 * cmd-org.c — `recond org list|validate|refuse`: the programme team's view
 * of the organisations with their eligibility, the validation of those that
 * signed up (« en attente de validation » → « validée », refused for an
 * organisation that is not eligible unless forced with a reason) and their
 * refusal, recorded in the audit log with « système » as author. The rules
 * are core/'s (signup.c).
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/eligibility.h"
#include "core/i18n.h"
#include "core/org.h"
#include "core/uc-preorder.h"
#include "core/uc-signup.h"
#include "core/uc.h"
#include "store/store.h"

static const char usage_org[] =
	N_("usage : recond org list -d DIR\n"
	   "        recond org validate -d DIR (--siret SIRET | --id N) [--force --reason TEXTE]\n"
	   "        recond org refuse -d DIR (--siret SIRET | --id N) --reason TEXTE\n"
	   "\n"
	   "Liste les organisations et leur éligibilité ; valide une organisation\n"
	   "inscrite (elle pourra alors déposer ses intentions de commande) ou la refuse.\n"
	   "Une organisation non éligible ou « à vérifier » n'est validée qu'avec\n"
	   "--force et un motif, que l'historique garde.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -s, --siret SIRET       SIRET de l'organisation (14 chiffres)\n"
	   "  -i, --id N              ou son numéro (colonne « n° » de recond org list)\n"
	   "  -f, --force             valide malgré l'éligibilité (avec --reason)\n"
	   "  -r, --reason TEXTE      motif de la validation forcée ou du refus\n"
	   "  -h, --help              cette aide\n");

struct org_opts {
	const char *data;
	const char *siret;
	uint64_t id;
	bool force;
	const char *reason;
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
	case 'f':
		o->force = true;
		return true;
	case 'r':
		o->reason = arg;
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
	{ "force", no_argument, NULL, 'f' },
	{ "reason", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/*
 * One line per organisation, its eligibility now last. Every stored string
 * is sanitised before printing: a record is not trusted to hold only what
 * the forms let in.
 */
struct list_ctx {
	struct store_txn *txn;
	struct uc uc;
};

static int org_print(const struct org *o, void *ctx)
{
	struct list_ctx *l = ctx;
	struct eligibility *e = xcalloc(1, sizeof *e);
	const char *elig = _("illisible");
	char *f[7];
	int n;

	if (org_kind_is_institutional(o->kind))
		elig = _("sans objet");          /* the State and refurbishers never pre-order */
	else if (uc_org_eligibility_in(&l->uc, l->txn, o, e) == RC_OK)
		elig = elig_decision_label(e->decision);
	f[0] = text_sanitize(o->siret[0] ? o->siret : "-", false);
	f[1] = text_sanitize(o->insee[0] ? o->insee : "-", false);
	f[2] = text_sanitize(o->dept[0] ? o->dept : "-", false);
	f[3] = text_sanitize(o->name, false);
	f[4] = text_sanitize(o->contact.name[0] ? o->contact.name : "-", false);
	f[5] = text_sanitize(o->contact.email[0] ? o->contact.email : "-", false);
	f[6] = NULL;
	n = printf("%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s <%s>\t%s\n", (unsigned long long)o->id,
	           f[0], org_kind_name(o->kind), f[1], f[2], org_status_label(o->status), f[3], f[4],
	           f[5], elig);
	for (int i = 0; f[i] != NULL; i++)
		free(f[i]);
	free(e);
	return n < 0 ? 1 : 0;         /* stop on a closed pipe */
}

static int org_list(int argc, char **argv)
{
	struct org_opts o = { 0 };
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct list_ctx l;
	char *why = NULL;
	int done = 0, status = 1, rc;

	if (!cli_parse(argc, argv, usage_org, org_options, org_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage_org, _("--data est obligatoire"));
	if ((rc = store_open(o.data, &st, &why)) != RC_OK) {
		fprintf(stderr, _("recond org list : %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	if ((rc = store_begin(st, false, &txn)) != RC_OK) {
		fprintf(stderr, _("recond org list : lecture impossible (%s)\n"), rc_sentence(rc));
		goto out;
	}
	cli_quiet_pipe();
	errno = 0;
	printf(_("n°\tSIRET\ttype\tcommune\tdépartement\tstatut\tnom\tcontact\téligibilité\n"));
	l.txn = txn;
	l.uc = cli_uc(st);
	rc = db_org_each(txn, org_print, &l);
	if ((rc == 1 || fflush(stdout) != 0) && cli_pipe_closed()) {
		status = 0;
		goto out;
	}
	if (rc != RC_OK) {
		fprintf(stderr, _("recond org list : lecture impossible (%s)\n"), rc_sentence(rc));
		goto out;
	}
	status = 0;
out:
	store_abort(txn);
	store_close(st);
	free(why);
	return status;
}

/* validate and refuse: one organisation, one decision. */
static int org_decide(int argc, char **argv, bool refuse)
{
	const char *cmd = refuse ? "recond org refuse" : "recond org validate";
	struct org_opts o = { 0 };
	struct store *st = NULL;
	struct org org;
	struct uc uc;
	char *why = NULL, *name = NULL;
	bool already = false;
	int done = 0, status = 1, rc;

	if (!cli_parse(argc, argv, usage_org, org_options, org_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage_org, _("--data est obligatoire"));
	if ((o.siret == NULL) == (o.id == 0))
		return cli_usage_error(usage_org, _("indiquez --siret ou --id (l'un des deux)"));
	if (refuse && (o.force || o.reason == NULL))
		return cli_usage_error(usage_org, o.force ? _("--force ne s'emploie pas avec refuse")
		                                          : _("--reason est obligatoire"));
	if (!refuse && o.force != (o.reason != NULL))
		return cli_usage_error(usage_org, _("--force et --reason vont ensemble"));
	if ((rc = store_open(o.data, &st, &why)) != RC_OK) {
		fprintf(stderr, ("%s : %s\n"), cmd, why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	memset(&org, 0, sizeof org);
	uc = cli_uc(st);
	if (refuse)
		rc = signup_refuse(&uc, o.id, o.siret, o.reason, &org, &already, &why);
	else
		rc = signup_validate(&uc, o.id, o.siret, o.reason, &org, &already, &why);
	if (rc != RC_OK) {
		fprintf(stderr, ("%s : %s\n"), cmd, why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	name = text_sanitize(org.name, false);
	printf(_("organisation n° %llu « %s » (SIRET %s) : %s%s%s\n"), (unsigned long long)org.id, name,
	       org.siret[0] ? org.siret : "-", already ? _("déjà ") : "", org_status_label(org.status),
	       already ? _(", rien n'a changé") : "");
	status = 0;
out:
	store_close(st);
	free(name);
	free(why);
	return status;
}

static int org_validate(int argc, char **argv)
{
	return org_decide(argc, argv, false);
}

static int org_refuse(int argc, char **argv)
{
	return org_decide(argc, argv, true);
}

int cmd_org(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", "org list", org_list },
		{ "validate", "org validate", org_validate },
		{ "refuse", "org refuse", org_refuse },
	};

	return cli_dispatch(argc, argv, "org", usage_org, subs, ARRAY_LEN(subs));
}
