/*
 * cmd-demo.c — `recond demo --data DIR`: loads demonstration organisations
 * (a rural commune of the Creuse, a France Services structure, the
 * préfectures of the Creuse and the Haute-Vienne, a refurbisher, ANCT), one
 * account per role with a known password (three préfecture agents: two in
 * the Creuse, one in the Haute-Vienne) and the préfectures' files
 * (demo-instruct.c), then prints how to connect. Idempotent: what already exists is
 * left as it is (a demo password changed since is reported, not reset).
 * The pre-order window is left open on the day the demo runs: closed (or
 * not yet open), it is opened from today for one year through the ANCT use
 * case; open, it is not touched.
 * The organisations and people are fictitious; SIREN/SIRET are made up with
 * valid check digits, phone numbers come from the range reserved for fiction.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc-account.h"
#include "core/uc.h"
#include "core/settings.h"
#include "store/store-programme.h"
#include "store/store.h"

#define DEMO_HOST "127.0.0.1"  /* recond serve's default --listen */
#define DEMO_PORT 2222

static const char usage_demo[] =
	N_("usage : recond demo -d DIR [--listen HOTE:PORT]\n"
	   "\n"
	   "Charge les organisations et comptes de démonstration (sans effet s'ils\n"
	   "existent déjà) et affiche les identifiants pour se connecter.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -l, --listen HOTE:PORT  adresse du serveur à afficher dans les commandes\n"
	   "                          ssh (celle de recond serve --listen ; défaut\n"
	   "                          127.0.0.1:2222)\n"
	   "  -h, --help              cette aide\n");

static const struct demo_org {
	enum org_kind kind;
	const char *name;
	const char *siren;
	const char *siret;
	const char *insee;
	const char *dept;
	struct contact contact;
	struct org_fs fs;           /* France Services space it carries, id "" if none */
} demo_orgs[] = {
	{ ORG_COMMUNE, "Mairie de Felletin", "212307904", "21230790400012", "23079", "23",
	  { "Claire Besson", "Secrétaire de mairie", "mairie@felletin.example", "0536490001" }, { "", "" } },
	{ ORG_FRANCE_SERVICES, "France Services d'Aubusson", "200023000", "20002300000017",
	  "23008", "23",
	  { "Karim Lemaire", "Animateur France Services", "franceservices@aubusson.example",
	    "0536490002" },
	  { "755", "23008" } }, /* « France services Aubusson » in the shipped register */
	{ ORG_PREFECTURE, "Préfecture de la Creuse", "", "", "23096", "23",
	  { "Sophie Garnier", "Cheffe du bureau de l'inclusion numérique",
	    "inclusion@creuse.prefecture.example", "0536490003" }, { "", "" } },
	{ ORG_RECONDITIONNEUR, "Atelier du réemploi numérique du Limousin", "880023007",
	  "88002300700011", "87085", "87",
	  { "Paul Mercier", "Responsable de l'atelier", "contact@reemploi-limousin.example",
	    "0536490004" }, { "", "" } },
	{ ORG_PREFECTURE, "Préfecture de la Haute-Vienne", "", "", "87085", "87",
	  { "Thomas Lefèvre", "Chef du bureau de la cohésion des territoires",
	    "cohesion@haute-vienne.prefecture.example", "0536490006" }, { "", "" } },
	{ ORG_ANCT, "Agence nationale de la cohésion des territoires", "", "", "75056", "75",
	  { "Équipe du programme", "Support", "support@anct.example", "0199000005" }, { "", "" } },
};

static const struct demo_account {
	const char *login;
	const char *password;
	enum role role;
	const char *org;
} demo_accounts[] = {
	{ "demo-felletin", "demo-felletin-23", ROLE_COLLECTIVITE, "Mairie de Felletin" },
	{ "demo-aubusson", "demo-aubusson-23", ROLE_FRANCE_SERVICES, "France Services d'Aubusson" },
	{ "demo-prefecture", "demo-prefecture-23", ROLE_PREFECTURE, "Préfecture de la Creuse" },
	{ "demo-pref23a", "demo-pref23a-23", ROLE_PREFECTURE, "Préfecture de la Creuse" },
	{ "demo-pref23b", "demo-pref23b-23", ROLE_PREFECTURE, "Préfecture de la Creuse" },
	{ "demo-pref87", "demo-pref87-87", ROLE_PREFECTURE, "Préfecture de la Haute-Vienne" },
	{ "demo-reemploi", "demo-reemploi-87", ROLE_RECONDITIONNEUR,
	  "Atelier du réemploi numérique du Limousin" },
	{ "demo-anct", "demo-anct-2026", ROLE_ANCT, "Agence nationale de la cohésion des territoires" },
};

enum demo_state { DEMO_CREATED, DEMO_KEPT, DEMO_PW_CHANGED, DEMO_DISABLED };

struct demo_opts {
	const char *data;
	char host[CLI_LISTEN_MAX];    /* where the server listens, for the ssh lines */
	int port;
};

static bool demo_opt(int opt, const char *arg, void *ctx)
{
	struct demo_opts *o = ctx;

	if (opt == 'd') {
		o->data = arg;
		return true;
	}
	if (opt == 'l') {
		if (!cli_parse_listen(arg, o->host, sizeof o->host, &o->port)) {
			cli_usage_error(usage_demo, _("adresse invalide : %s (attendu HOTE:PORT)"), arg);
			return false;
		}
		/* A wildcard address is reached through the loopback. */
		if (strcmp(o->host, "0.0.0.0") == 0)
			strlcpy_(o->host, "127.0.0.1", sizeof o->host);
		else if (strcmp(o->host, "::") == 0)
			strlcpy_(o->host, "::1", sizeof o->host);
		return true;
	}
	return false;
}

/* Inserts the organisations that do not exist yet, in one transaction. */
static int load_orgs(struct store *st, size_t *created)
{
	struct store_txn *txn = NULL;
	int rc;

	*created = 0;
	if ((rc = store_begin(st, true, &txn)) != RC_OK)
		return rc;
	for (size_t i = 0; i < ARRAY_LEN(demo_orgs); i++) {
		const struct demo_org *d = &demo_orgs[i];
		struct org o = { 0 };

		rc = db_org_by_name(txn, d->name, &o);
		if (rc == RC_OK)
			continue;
		if (rc != RC_NOTFOUND)
			goto out;
		memset(&o, 0, sizeof o);
		o.kind = d->kind;
		o.status = ORG_VALIDATED;
		strlcpy_(o.name, d->name, sizeof o.name);
		strlcpy_(o.siren, d->siren, sizeof o.siren);
		strlcpy_(o.siret, d->siret, sizeof o.siret);
		strlcpy_(o.insee, d->insee, sizeof o.insee);
		strlcpy_(o.dept, d->dept, sizeof o.dept);
		o.contact = d->contact;
		if (d->fs.id[0] != '\0')
			o.fs[o.nfs++] = d->fs;
		if ((rc = db_org_insert(txn, &o)) != RC_OK)
			goto out;
		(*created)++;
	}
	rc = store_commit(txn);
	txn = NULL;
out:
	store_abort(txn);
	return rc;
}

/* Creates the account if absent; otherwise says whether its demo password still works. */
static int load_account(struct store *st, const struct demo_account *d, enum demo_state *state)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	char *why = NULL;
	int rc;

	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		return rc;
	rc = db_account_by_login(txn, d->login, &a);
	store_abort(txn);
	if (rc == RC_OK) {
		if (a.disabled)
			*state = DEMO_DISABLED;
		else
			*state = password_verify(a.pwhash, d->password) ? DEMO_KEPT : DEMO_PW_CHANGED;
		account_clear(&a);
		return RC_OK;
	}
	if (rc != RC_NOTFOUND)
		return rc;
	struct uc uc = cli_uc(st);

	rc = account_create(&uc, d->login, d->role, d->org, d->password, NULL, &why);
	if (rc != RC_OK) {
		fprintf(stderr, _("recond demo : compte de démonstration « %s » : %s\n"), d->login,
		        why != NULL ? why : rc_sentence(rc));
		free(why);
		return rc;
	}
	*state = DEMO_CREATED;
	return RC_OK;
}

/*
 * Opens the pre-order window from today for a year unless it is open
 * today (*opened tells which); *s gets the settings in force.
 */
static int demo_window(struct store *st, struct settings *s, bool *opened)
{
	struct store_txn *txn = NULL;
	char *why = NULL;
	int rc;

	*opened = false;
	if ((rc = store_begin(st, false, &txn)) == RC_OK) {
		rc = db_settings_get(txn, s);
		store_abort(txn);
	}
	if (rc != RC_OK) {
		fprintf(stderr,
		        _("recond demo : paramètres du programme illisibles (%s)\n"), rc_sentence(rc));
		return rc;
	}
	if (!settings_open_window(s, day_of_instant(now_utc())))
		return RC_OK;
	if ((rc = cli_settings_update(st, s, &why)) != RC_OK) {
		fprintf(stderr, _("recond demo : ouverture des intentions de commande impossible : %s\n"),
		        why != NULL ? why : rc_sentence(rc));
		free(why);
		return rc;
	}
	*opened = true;
	return RC_OK;
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const state_text[] = {
		[DEMO_CREATED] = N_("créé"),
		[DEMO_KEPT] = N_("déjà présent"),
		[DEMO_PW_CHANGED] = N_("déjà présent, mot de passe changé depuis"),
		[DEMO_DISABLED] = N_("déjà présent, désactivé"),
	};
	enum demo_state states[ARRAY_LEN(demo_accounts)];
	struct demo_opts o = { .host = DEMO_HOST, .port = DEMO_PORT };
	const char *data = NULL;
	struct store *st = NULL;
	struct settings *set = xcalloc(1, sizeof *set);
	char *why = NULL, d1[16], d2[16];
	size_t norgs = 0, nfiles = 0, nrefurbs = 0, nsignups = 0, norders = 0;
	bool draft_made = false, opened = false;
	int done, rc, status = 1;

	if (!cli_parse(argc, argv, usage_demo, opts, demo_opt, &o, &done)) {
		status = done;
		goto out;
	}
	data = o.data;
	if (data == NULL) {
		status = cli_usage_error(usage_demo, _("option --data manquante"));
		goto out;
	}
	if ((rc = store_open(data, &st, &why)) != RC_OK) {
		fprintf(stderr, _("recond demo : %s\n"), why != NULL ? why : rc_sentence(rc));
		free(why);
		goto out;
	}
	if ((rc = load_orgs(st, &norgs)) != RC_OK) {
		fprintf(stderr, _("recond demo : organisations de démonstration non enregistrées (%s)\n"),
		        rc_sentence(rc));
		goto out;
	}
	for (size_t i = 0; i < ARRAY_LEN(demo_accounts); i++) {
		if ((rc = load_account(st, &demo_accounts[i], &states[i])) != RC_OK) {
			fprintf(stderr,
			        _("recond demo : comptes de démonstration non enregistrés (%s)\n"),
			        rc_sentence(rc));
			goto out;
		}
	}
	if ((rc = demo_preorder_draft(st, "demo-felletin", &draft_made)) != RC_OK)
		goto out;
	if ((rc = demo_window(st, set, &opened)) != RC_OK)
		goto out;
	if ((rc = demo_refurbishers(st, &nrefurbs)) != RC_OK ||
	    (rc = demo_signups_waiting(st, &nsignups)) != RC_OK ||
	    (rc = demo_instruct(st, &nfiles)) != RC_OK ||
	    (rc = demo_orders(st, &norders)) != RC_OK)
		goto out;

	printf(_("Démonstration : %zu organisation%s ajoutée%s, %zu déjà présente%s.\n\n"), norgs,
	       norgs > 1 ? "s" : "", norgs > 1 ? "s" : "", ARRAY_LEN(demo_orgs) - norgs,
	       ARRAY_LEN(demo_orgs) - norgs > 1 ? "s" : "");
	cli_put_col("IDENTIFIANT", 17);
	cli_put_col("MOT DE PASSE", 20);
	cli_put_col("RÔLE", 17);
	puts(_("ORGANISATION"));
	for (size_t i = 0; i < ARRAY_LEN(demo_accounts); i++) {
		const struct demo_account *d = &demo_accounts[i];
		cli_put_col(d->login, 17);
		cli_put_col(d->password, 20);
		cli_put_col(role_label(d->role), 17);
		printf("%s", d->org);
		if (states[i] != DEMO_KEPT)
			printf("  (%s)", _(state_text[states[i]]));
		putchar('\n');
	}
	printf(_("\nIntention de commande en cours de demo-felletin : %s.\n"),
	       draft_made ? _("brouillon créé") : _("déjà présente"));
	if (nfiles > 0)
		printf(_("Dossiers des préfectures (Creuse, Haute-Vienne) : %zu intentions de "
		         "commande créées.\n"), nfiles);
	else
		printf(_("Dossiers des préfectures (Creuse, Haute-Vienne) : déjà présents.\n"));
	printf(_("Dépôt des intentions de commande : du %s au %s (%s).\n"),
	       day_format(set->window_open, d1, sizeof d1),
	       day_format(set->window_close, d2, sizeof d2),
	       opened ? _("ouvert aujourd'hui pour la démonstration") : _("déjà ouvert"));
	printf(_("Reconditionneurs de démonstration (Creuse et Haute-Vienne) : %zu dossier%s "
	         "ajouté%s.\n"), nrefurbs, nrefurbs > 1 ? "s" : "", nrefurbs > 1 ? "s" : "");
	printf(_("Inscriptions en attente de validation pour demo-anct : %zu ajoutée%s.\n"),
	       nsignups, nsignups > 1 ? "s" : "");
	printf(_("Commandes de démonstration (de l'envoi au paiement) : %zu ajoutée%s.\n"),
	       norders, norders > 1 ? "s" : "");
	if (norders > 0)
		printf(_("Prêt : deux portables de demo-felletin à l'association Felletin "
		         "Numérique.\n"));
	printf(_("\nPour se connecter (mot de passe ci-dessus, aucune clé SSH nécessaire) :\n"));
	for (size_t i = 0; i < ARRAY_LEN(demo_accounts); i++)
		printf(_("  ssh -p %d %s@%s\n"), o.port, demo_accounts[i].login, o.host);
	printf(_("\nPour inscrire une nouvelle organisation (sans mot de passe) :\n"
	       "  ssh -p %d inscription@%s\n"), o.port, o.host);
	status = 0;
out:
	store_close(st);
	free(set);
	return status;
}
