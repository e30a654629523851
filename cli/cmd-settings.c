/*
 * cmd-settings.c — `recond settings show|set`: the programme settings as
 * the programme team sees them (rate, cap, pre-order window, ordering
 * opening, lots, budget envelopes) and their change through core's use case
 * (uc_settings_update: ANCT permission, version check, validation, audit
 * event). From the command line the change is made either by a named ANCT
 * account (--by LOGIN) or by the operator: the system (account 0) acting
 * with the ANCT role, recorded in the audit log as « système (ANCT) », the
 * way `recond org validate` records the programme team as « système ».
 * Also the helper init and demo use to store settings the same way.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/ident.h"
#include "core/uc-form.h"
#include "core/uc-settings.h"
#include "core/uc.h"
#include "store/store-programme.h"
#include "store/store.h"

#define SET_EDITS_MAX 256        /* --lot-price, --lot-config, --envelope in one command */

static const char usage_settings[] =
	N_("usage : recond settings show -d DIR\n"
	   "        recond settings set -d DIR [--window-open JJ/MM/AAAA]\n"
	   "             [--window-close JJ/MM/AAAA] [--ordering-opens JJ/MM/AAAA]\n"
	   "             [--rate POURCENTAGE] [--cap EUROS] [--lot-price LOT=EUROS]\n"
	   "             [--lot-config LOT=TEXTE] [--envelope DÉPT=EUROS]\n"
	   "             [--price-multiple N]\n"
	   "             [--version N] [--by IDENTIFIANT]\n"
	   "\n"
	   "Affiche ou modifie les paramètres du programme. Une modification est\n"
	   "vérifiée (dates dans l'ordre, montants et taux dans leurs bornes) et\n"
	   "inscrite au journal d'audit ; refusée, elle ne change rien.\n"
	   "\n"
	   "  -d, --data DIR              répertoire de données\n"
	   "      --window-open DATE      ouverture du dépôt des intentions de commande\n"
	   "      --window-close DATE     clôture (dernier jour inclus)\n"
	   "      --ordering-opens DATE   ouverture des commandes\n"
	   "      --rate POURCENTAGE      taux de subvention (80 ou 72,5)\n"
	   "      --cap EUROS             plafond de dépense HT par organisation (40 000)\n"
	   "      --lot-price LOT=EUROS   prix de référence HT d'un lot (répétable)\n"
	   "      --lot-config LOT=TEXTE  configuration minimale d'un lot (répétable)\n"
	   "      --envelope DÉPT=EUROS   enveloppe budgétaire d'un département (répétable)\n"
	   "      --price-multiple N      multiple du prix médian des reconditionneurs\n"
	   "                              sélectionnés au-delà duquel une offre est\n"
	   "                              signalée (1,5)\n"
	   "      --version N             version lue (recond settings show) : refus si\n"
	   "                              les paramètres ont changé depuis\n"
	   "      --by IDENTIFIANT        compte ANCT auteur de la modification ; sans\n"
	   "                              lui, l'exploitant (« système », rôle ANCT)\n"
	   "  -h, --help                  cette aide\n"
	   "\n"
	   "Lots : pc_fixe, pc_portable, tablette, smartphone. Dates au format\n"
	   "JJ/MM/AAAA ; montants en euros (« 40000 », « 40 000 », « 1 250,50 »).\n");

enum edit_kind { EDIT_LOT_PRICE, EDIT_LOT_CONFIG, EDIT_ENVELOPE };

struct edit {
	enum edit_kind kind;
	enum lot lot;
	char dept[4];
	cents_t cents;
	const char *text;            /* points into argv */
};

struct settings_opts {
	const char *data;
	const char *by;
	bool has_version;
	uint64_t version;
	day_t window_open, window_close, ordering_opens;   /* 0: unchanged */
	bool has_rate, has_cap, has_multiple;
	uint32_t rate, multiple;
	cents_t cap;
	size_t nedits;
	struct edit edits[SET_EDITS_MAX];
};

enum {
	OPT_WINDOW_OPEN = 256,
	OPT_WINDOW_CLOSE,
	OPT_ORDERING_OPENS,
	OPT_RATE,
	OPT_CAP,
	OPT_LOT_PRICE,
	OPT_LOT_CONFIG,
	OPT_ENVELOPE,
	OPT_VERSION,
	OPT_BY,
	OPT_PRICE_MULTIPLE,
};

static const struct option settings_options[] = {
	{ "data", required_argument, NULL, 'd' },
	{ "window-open", required_argument, NULL, OPT_WINDOW_OPEN },
	{ "window-close", required_argument, NULL, OPT_WINDOW_CLOSE },
	{ "ordering-opens", required_argument, NULL, OPT_ORDERING_OPENS },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "cap", required_argument, NULL, OPT_CAP },
	{ "lot-price", required_argument, NULL, OPT_LOT_PRICE },
	{ "lot-config", required_argument, NULL, OPT_LOT_CONFIG },
	{ "envelope", required_argument, NULL, OPT_ENVELOPE },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "by", required_argument, NULL, OPT_BY },
	{ "price-multiple", required_argument, NULL, OPT_PRICE_MULTIPLE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct option show_options[] = {
	{ "data", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Prints a French reason as a usage error; frees it. Returns false. */
static bool bad_value(const char *opt, char *why)
{
	cli_usage_error(usage_settings, "%s : %s", opt, why != NULL ? why : _("valeur invalide"));
	free(why);
	return false;
}

static bool parse_day(const char *opt, const char *arg, day_t *out)
{
	char *why = NULL;

	if (day_parse(arg, out, &why) != RC_OK)
		return bad_value(opt, why);
	return true;
}

/* "KEY=VALUE": copies KEY (at most cap - 1 bytes) and points *value after '='. */
static bool split_pair(const char *opt, const char *arg, const char *what, char *key, size_t cap,
                       const char **value)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || (size_t)(eq - arg) >= cap) {
		cli_usage_error(usage_settings,
		                _("%s : « %s=… » attendu, par exemple %s"), opt, what,
		                strcmp(what, "DÉPT") == 0 ? "23=150000" : "pc_fixe=300");
		return false;
	}
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = '\0';
	*value = eq + 1;
	return true;
}

static struct edit *new_edit(struct settings_opts *o, enum edit_kind kind)
{
	struct edit *e;

	if (o->nedits >= SET_EDITS_MAX) {
		cli_usage_error(usage_settings,
		                _("trop de modifications en une commande (%d au plus)"),
		                SET_EDITS_MAX);
		return NULL;
	}
	e = &o->edits[o->nedits++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	return e;
}

static bool parse_lot_edit(struct settings_opts *o, const char *opt, const char *arg,
                           enum edit_kind kind)
{
	char key[32], *why = NULL;
	const char *value = NULL;
	struct edit *e;

	if (!split_pair(opt, arg, "LOT", key, sizeof key, &value))
		return false;
	if ((e = new_edit(o, kind)) == NULL)
		return false;
	if (lot_parse(key, &e->lot, &why) != RC_OK)
		return bad_value(opt, why);
	if (kind == EDIT_LOT_PRICE && cents_parse(value, &e->cents, &why) != RC_OK)
		return bad_value(opt, why);
	e->text = value;
	return true;
}

static bool parse_envelope(struct settings_opts *o, const char *opt, const char *arg)
{
	char key[8], *why = NULL;
	const char *value = NULL;
	struct edit *e;

	if (!split_pair(opt, arg, "DÉPT", key, sizeof key, &value))
		return false;
	if ((e = new_edit(o, EDIT_ENVELOPE)) == NULL)
		return false;
	if (dept_check(key, &why) != RC_OK)
		return bad_value(opt, why);
	strlcpy_(e->dept, key, sizeof e->dept);
	if (cents_parse(value, &e->cents, &why) != RC_OK)
		return bad_value(opt, why);
	return true;
}

static bool settings_opt(int opt, const char *arg, void *ctx)
{
	struct settings_opts *o = ctx;
	char *why = NULL, *end = NULL;
	unsigned long long v;

	switch (opt) {
	case 'd':
		o->data = arg;
		return true;
	case OPT_WINDOW_OPEN:
		return parse_day("--window-open", arg, &o->window_open);
	case OPT_WINDOW_CLOSE:
		return parse_day("--window-close", arg, &o->window_close);
	case OPT_ORDERING_OPENS:
		return parse_day("--ordering-opens", arg, &o->ordering_opens);
	case OPT_RATE:
		if (bp_parse(arg, &o->rate, &why) != RC_OK)
			return bad_value("--rate", why);
		o->has_rate = true;
		return true;
	case OPT_CAP:
		if (cents_parse(arg, &o->cap, &why) != RC_OK)
			return bad_value("--cap", why);
		o->has_cap = true;
		return true;
	case OPT_PRICE_MULTIPLE:
		if (multiple_parse(arg, &o->multiple, &why) != RC_OK)
			return bad_value("--price-multiple", why);
		o->has_multiple = true;
		return true;
	case OPT_LOT_PRICE:
		return parse_lot_edit(o, "--lot-price", arg, EDIT_LOT_PRICE);
	case OPT_LOT_CONFIG:
		return parse_lot_edit(o, "--lot-config", arg, EDIT_LOT_CONFIG);
	case OPT_ENVELOPE:
		return parse_envelope(o, "--envelope", arg);
	case OPT_VERSION:
		errno = 0;
		v = strtoull(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' || arg[0] < '0' || arg[0] > '9') {
			cli_usage_error(usage_settings,
			                _("--version : numéro de version invalide : %s"),
			                arg);
			return false;
		}
		o->version = (uint64_t)v;
		o->has_version = true;
		return true;
	case OPT_BY:
		o->by = arg;
		return true;
	}
	return false;
}

int cli_settings_update(struct store *st, struct settings *s, char **why)
{
	struct uc uc = cli_uc(st);

	return uc_settings_update(&uc, s, why);
}

/* The actor of ANCT account `login`; RC_NOTFOUND / RC_DENIED with a French *why. */
static int actor_by_login(struct store *st, const char *login, struct actor *out, char **why)
{
	struct store_txn *txn = NULL;
	struct account a;
	int rc;

	memset(&a, 0, sizeof a);
	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		return fail(why, rc, _("Base de données indisponible."));
	rc = db_account_by_login(txn, login, &a);
	store_abort(txn);
	if (rc == RC_NOTFOUND)
		return fail(why, rc, _("Aucun compte n'a l'identifiant « %s »."), login);
	if (rc != RC_OK)
		return fail(why, rc,
		            _("Lecture du compte « %s » impossible (%s)."), login, rc_sentence(rc));
	if (a.disabled)
		rc = fail(why, RC_DENIED, _("Le compte « %s » est désactivé."), login);
	else if (a.role != ROLE_ANCT)
		rc = fail(why, RC_DENIED,
		          _("Le compte « %s » (%s) ne peut pas modifier les paramètres "
		                            "du programme : seul un compte ANCT le peut."),
		          login, role_label(a.role));
	else
		rc = uc_actor_load(st, a.id, out, why);
	account_clear(&a);
	return rc;
}

/* Applies the options to *s; RC_INVALID with a French *why for a text too long. */
static int apply_opts(const struct settings_opts *o, struct settings *s, char **why)
{
	int rc;

	if (o->window_open != 0)
		s->window_open = o->window_open;
	if (o->window_close != 0)
		s->window_close = o->window_close;
	if (o->ordering_opens != 0)
		s->ordering_opens = o->ordering_opens;
	if (o->has_rate)
		s->subsidy_rate_bp = o->rate;
	if (o->has_cap)
		s->expense_cap = o->cap;
	if (o->has_multiple)
		s->price_multiple_bp = o->multiple;
	for (size_t i = 0; i < o->nedits; i++) {
		const struct edit *e = &o->edits[i];

		switch (e->kind) {
		case EDIT_LOT_PRICE:
			s->lots[e->lot].unit_price = e->cents;
			break;
		case EDIT_LOT_CONFIG:
			if (strlen(e->text) > LOT_CONFIG_BYTES)
				return fail(why, RC_INVALID,
				            _("La configuration minimale du lot « %s » "
				                               "doit compter de 1 à %d caractères."),
				            lot_label(e->lot), LOT_CONFIG_MAX);
			strlcpy_(s->lots[e->lot].min_config, e->text, sizeof s->lots[e->lot].min_config);
			break;
		case EDIT_ENVELOPE:
			if ((rc = settings_set_envelope(s, e->dept, e->cents, why)) != RC_OK)
				return rc;
			break;
		}
	}
	return RC_OK;
}

/* Prints text indented by `indent` spaces on each of its lines (sanitised). */
static void print_indented(const char *text, const char *indent)
{
	char *clean = text_sanitize(text, true);

	fputs(indent, stdout);
	for (const char *p = clean; *p != '\0'; p++) {
		putchar(*p);
		if (*p == '\n' && p[1] != '\0')
			fputs(indent, stdout);
	}
	putchar('\n');
	free(clean);
}

static void settings_print(struct store_txn *txn, const struct settings *s, day_t today)
{
	char m[48], d1[16], d2[16], when[32];
	const char *state;

	if (s->version == 0) {
		printf(_("Paramètres du programme : valeurs par défaut, jamais enregistrées\n"));
	} else {
		struct account a;

		memset(&a, 0, sizeof a);
		printf(_("Paramètres du programme : version %llu, modifiés le %s par "),
		       (unsigned long long)s->version, instant_format(s->updated_at, when, sizeof when));
		if (s->updated_by == 0)
			printf(_("système (exploitant)\n"));
		else if (db_account_get(txn, s->updated_by, &a) == RC_OK)
			printf("%s\n", a.login);
		else
			printf(_("le compte n° %llu\n"), (unsigned long long)s->updated_by);
		account_clear(&a);
	}
	printf("\n");
	printf(_("Taux de subvention : %s\n"), bp_format(s->subsidy_rate_bp, m, sizeof m));
	printf(_("Plafond de dépense par organisation : %s HT\n"),
	       cents_format(s->expense_cap, m, sizeof m));
	if (settings_window_open(s, today))
		state = _("ouvert aujourd'hui");
	else if (today < s->window_open)
		state = _("pas encore ouvert");
	else
		state = "clos";
	printf(_("Dépôt des intentions de commande : du %s au %s inclus (%s)\n"),
	       day_format(s->window_open, d1, sizeof d1), day_format(s->window_close, d2, sizeof d2),
	       state);
	printf(_("Ouverture des commandes : %s\n"), day_format(s->ordering_opens, d1, sizeof d1));
	printf(_("Prix signalé au-delà de %s le prix médian des reconditionneurs sélectionnés\n"),
	       multiple_format(s->price_multiple_bp, m, sizeof m));
	printf(_("\nLots :\n"));
	for (int l = 0; l < LOT_COUNT; l++) {
		printf(_("  %s (%s) : prix de référence %s HT l'unité\n"), lot_label((enum lot)l),
		       lot_name((enum lot)l), cents_format(s->lots[l].unit_price, m, sizeof m));
		printf(_("    Configuration minimale :\n"));
		print_indented(s->lots[l].min_config, "      ");
	}
	printf(_("\nEnveloppes budgétaires par département :\n"));
	if (s->nenvelopes == 0)
		printf(_("  aucune\n"));
	for (size_t i = 0; i < s->nenvelopes; i++)
		printf("  %s : %s\n", s->envelopes[i].dept,
		       cents_format(s->envelopes[i].cents, m, sizeof m));
}

static int settings_show(int argc, char **argv)
{
	struct settings_opts *o = xcalloc(1, sizeof *o);
	struct settings *s = xcalloc(1, sizeof *s);
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	char *why = NULL;
	int done = 0, status = 1, rc;

	if (!cli_parse(argc, argv, usage_settings, show_options, settings_opt, o, &done)) {
		status = done;
		goto out;
	}
	if (o->data == NULL) {
		status = cli_usage_error(usage_settings, _("--data est obligatoire"));
		goto out;
	}
	if ((rc = store_open(o->data, &st, &why)) != RC_OK) {
		fprintf(stderr,
		        _("recond settings show : %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	if ((rc = store_begin(st, false, &txn)) != RC_OK || (rc = db_settings_get(txn, s)) != RC_OK) {
		fprintf(stderr,
		        _("recond settings show : paramètres illisibles (%s)\n"), rc_sentence(rc));
		goto out;
	}
	settings_print(txn, s, day_of_instant(now_utc()));
	status = 0;
out:
	store_abort(txn);
	store_close(st);
	free(why);
	free(o);
	free(s);
	return status;
}

static int settings_set(int argc, char **argv)
{
	struct settings_opts *o = xcalloc(1, sizeof *o);
	struct settings *cur = xcalloc(1, sizeof *cur), *s = xcalloc(1, sizeof *s);
	struct store *st = NULL;
	struct actor actor;
	struct uc uc = { 0 };
	char *why = NULL, *before = NULL, *after = NULL;
	int done = 0, status = 1, rc;

	if (!cli_parse(argc, argv, usage_settings, settings_options, settings_opt, o, &done)) {
		status = done;
		goto out;
	}
	if (o->data == NULL) {
		status = cli_usage_error(usage_settings, _("--data est obligatoire"));
		goto out;
	}
	if (o->window_open == 0 && o->window_close == 0 && o->ordering_opens == 0 && !o->has_rate &&
	    !o->has_cap && !o->has_multiple && o->nedits == 0) {
		status = cli_usage_error(usage_settings, _("aucun paramètre à modifier"));
		goto out;
	}
	if ((rc = store_open(o->data, &st, &why)) != RC_OK) {
		fprintf(stderr,
		        _("recond settings set : %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	if (o->by == NULL) {
		uc = cli_uc(st);
	} else {
		if ((rc = actor_by_login(st, o->by, &actor, &why)) != RC_OK) {
			fprintf(stderr,
			        _("recond settings set : %s\n"), why != NULL ? why : rc_sentence(rc));
			goto out;
		}
		uc.st = st;
		uc.actor = &actor;
	}
	if ((rc = uc_settings_get(&uc, cur, &why)) != RC_OK) {
		fprintf(stderr,
		        _("recond settings set : %s\n"), why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	*s = *cur;
	if (o->has_version)
		s->version = o->version;
	if ((rc = apply_opts(o, s, &why)) != RC_OK ||
	    (rc = uc_settings_update(&uc, s, &why)) != RC_OK) {
		fprintf(stderr, _("recond settings set : modification refusée : %s\n"),
		        why != NULL ? why : rc_sentence(rc));
		goto out;
	}
	before = xmalloc(AUDIT_SUMMARY_MAX + 1);
	after = xmalloc(AUDIT_SUMMARY_MAX + 1);
	settings_diff(cur, s, before, after, AUDIT_SUMMARY_MAX + 1);
	printf(_("Paramètres du programme enregistrés (version %llu).\n"),
	       (unsigned long long)s->version);
	printf(_("  avant : %s\n  après : %s\n"), before, after);
	status = 0;
out:
	store_close(st);
	free(why);
	free(before);
	free(after);
	free(o);
	free(cur);
	free(s);
	return status;
}

int cmd_settings(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "show", "settings show", settings_show },
		{ "set", "settings set", settings_set },
	};

	return cli_dispatch(argc, argv, "settings", usage_settings, subs, ARRAY_LEN(subs));
}
