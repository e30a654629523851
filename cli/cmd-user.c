/*
 * cmd-user.c — `recond user add|list|passwd|disable|enable`: the operator's
 * account management from the command line. Passwords come from standard
 * input (never from argv); the rules are core/'s (account.c).
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc-account.h"
#include "core/uc.h"
#include "store/store.h"

#define KEYFILE_MAX (64 * 1024)

static const char usage_user[] =
	N_("usage: recond user add --data DIR --login LOGIN --role ROLE [--org NOM]\n"
	   "                       [--password-stdin] [--key FICHIER.pub]\n"
	   "       recond user list --data DIR\n"
	   "       recond user passwd --data DIR --login LOGIN\n"
	   "       recond user disable --data DIR --login LOGIN\n"
	   "       recond user enable --data DIR --login LOGIN\n"
	   "\n"
	   "Gère les comptes du personnel. « recond user SOUS-COMMANDE --help » pour le détail.\n");

static const char usage_add[] =
	N_("usage: recond user add --data DIR --login LOGIN --role ROLE [--org NOM]\n"
	   "                       [--password-stdin] [--key FICHIER.pub]\n"
	   "\n"
	   "Crée un compte. Il faut un mot de passe (lu sur l'entrée standard avec\n"
	   "--password-stdin) ou une clé publique SSH (--key), ou les deux.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -l, --login LOGIN       identifiant : a-z, 0-9, « . », « _ », « - »,\n"
	   "                          commence par une lettre, 32 caractères au plus\n"
	   "  -r, --role ROLE         collectivite, france_services, prefecture,\n"
	   "                          reconditionneur ou anct\n"
	   "  -o, --org NOM           nom exact de l'organisation du compte\n"
	   "  -p, --password-stdin    lit le mot de passe (une ligne) sur l'entrée standard\n"
	   "  -k, --key FICHIER.pub   clé publique OpenSSH du compte\n"
	   "  -h, --help              cette aide\n");

static const char usage_list[] =
	N_("usage: recond user list --data DIR\n"
	   "\n"
	   "Liste les comptes : identifiant, rôle, organisation, état, nombre de clés\n"
	   "et présence d'un mot de passe.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -h, --help              cette aide\n");

static const char usage_passwd[] =
	N_("usage: recond user passwd --data DIR --login LOGIN\n"
	   "\n"
	   "Remplace le mot de passe d'un compte par celui lu (une ligne) sur l'entrée\n"
	   "standard. Depuis un terminal, il est demandé deux fois, sans écho.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -l, --login LOGIN       identifiant du compte\n"
	   "  -h, --help              cette aide\n");

static const char usage_disable[] =
	N_("usage: recond user disable --data DIR --login LOGIN\n"
	   "\n"
	   "Désactive un compte : il ne peut plus se connecter (ni mot de passe ni clé).\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -l, --login LOGIN       identifiant du compte\n"
	   "  -h, --help              cette aide\n");

static const char usage_enable[] =
	N_("usage: recond user enable --data DIR --login LOGIN\n"
	   "\n"
	   "Réactive un compte désactivé.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "  -l, --login LOGIN       identifiant du compte\n"
	   "  -h, --help              cette aide\n");

struct user_opts {
	const char *usage;
	const char *data;
	const char *login;
	const char *org;
	const char *keyfile;
	enum role role;
	bool password_stdin;
};

static bool user_opt(int opt, const char *arg, void *ctx)
{
	struct user_opts *o = ctx;

	switch (opt) {
	case 'd':
		o->data = arg;
		return true;
	case 'l':
		o->login = arg;
		return true;
	case 'o':
		o->org = arg;
		return true;
	case 'k':
		o->keyfile = arg;
		return true;
	case 'p':
		o->password_stdin = true;
		return true;
	case 'r':
		if (role_parse(arg, &o->role, NULL) != RC_OK) {
			cli_usage_error(o->usage, _("rôle inconnu (collectivite, france_services, "
			                  "prefecture, reconditionneur ou anct)"));
			return false;
		}
		return true;
	}
	return false;
}

/*
 * Reads a password from stdin. From a terminal: prompt on stderr, no echo.
 * NULL (message printed) on end of input. Caller wipes and frees.
 */
static char *read_password(const char *prompt)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	char *pw;

	if (tty) {
		fputs(prompt, stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	pw = cli_read_secret_line();
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (pw == NULL)
		fputs(_("recond: aucun mot de passe lu sur l'entrée standard\n"), stderr);
	return pw;
}

/* Password for a new or reset account: twice from a terminal, once from a pipe. */
static char *read_new_password(void)
{
	char *pw = read_password(_("Nouveau mot de passe : "));
	char *again;

	if (pw == NULL || !isatty(STDIN_FILENO))
		return pw;
	if ((again = read_password(_("Encore une fois : "))) == NULL) {
		free_secret(pw);
		return NULL;
	}
	if (strcmp(pw, again) != 0) {
		fputs(_("recond: les deux saisies diffèrent\n"), stderr);
		free_secret(pw);
		pw = NULL;
	}
	free_secret(again);
	return pw;
}

/*
 * Reads the one public key line of a .pub file (blank lines and # comments
 * skipped). NULL with a message when unreadable, empty or holding several keys.
 */
static char *read_key_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *line = NULL, *save = NULL;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, _("recond: impossible de lire %s : %s\n"), path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(KEYFILE_MAX + 1);
	n = fread(buf, 1, KEYFILE_MAX + 1, f);
	fclose(f);
	if (n > KEYFILE_MAX) {
		fprintf(stderr, _("recond: %s est trop grand pour une clé publique\n"), path);
		goto out;
	}
	buf[n] = '\0';
	if (strlen(buf) != n) {
		fprintf(stderr, _("recond: %s n'est pas un fichier texte\n"), path);
		goto out;
	}
	for (char *l = strtok_r(buf, "\n", &save); l != NULL; l = strtok_r(NULL, "\n", &save)) {
		const char *p = l + strspn(l, " \t\r");
		if (*p == '\0' || *p == '#')
			continue;
		if (line != NULL) {
			fprintf(stderr,
			        _("recond: %s contient plusieurs clés ; donnez-en une seule\n"),
			        path);
			free(line);
			line = NULL;
			goto out;
		}
		line = xstrdup(l);
	}
	if (line == NULL)
		fprintf(stderr, _("recond: %s ne contient aucune clé\n"), path);
out:
	free(buf);
	return line;
}

static int open_store(const char *dir, struct store **st)
{
	char *why = NULL;
	int rc = store_open(dir, st, &why);

	if (rc != RC_OK) {
		fprintf(stderr, _("recond: %s\n"), why != NULL ? why : rc_sentence(rc));
		free(why);
		return 1;
	}
	return 0;
}

/* Prints *why (or the code's name) after a failed use case; returns exit 1. */
static int report(int rc, char *why)
{
	fprintf(stderr, _("recond: %s\n"), why != NULL ? why : rc_sentence(rc));
	free(why);
	return 1;
}

static int user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "login", required_argument, NULL, 'l' },
		{ "role", required_argument, NULL, 'r' },
		{ "org", required_argument, NULL, 'o' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct user_opts o = { .usage = usage_add };
	struct store *st = NULL;
	char *pw = NULL, *key = NULL, *why = NULL;
	int done, rc, status = 1;

	if (!cli_parse(argc, argv, usage_add, opts, user_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage_add, _("option --data manquante"));
	if (o.login == NULL)
		return cli_usage_error(usage_add, _("option --login manquante"));
	if (o.role == ROLE_NONE)
		return cli_usage_error(usage_add, _("option --role manquante"));
	if (!o.password_stdin && o.keyfile == NULL)
		return cli_usage_error(usage_add,
		                       _("il faut --password-stdin ou --key (ou les deux)"));
	if (o.keyfile != NULL && (key = read_key_file(o.keyfile)) == NULL)
		goto out;
	if (o.password_stdin && (pw = read_new_password()) == NULL)
		goto out;
	if (open_store(o.data, &st) != 0)
		goto out;
	struct uc uc = cli_uc(st);

	rc = account_create(&uc, o.login, o.role, o.org, pw, key, &why);
	if (rc != RC_OK) {
		status = report(rc, why);
		goto out;
	}
	printf(_("Compte « %s » créé (%s).\n"), o.login, role_label(o.role));
	status = 0;
out:
	store_close(st);
	free_secret(pw);
	free(key);
	return status;
}

struct list_ctx {
	struct store_txn *txn;
	size_t count;
};

static int list_one(const struct account *a, void *vctx)
{
	struct list_ctx *ctx = vctx;
	struct org org = { 0 };
	char *org_name, *login, keys[16];

	if (a->org_id != 0 && db_org_get(ctx->txn, a->org_id, &org) == RC_OK)
		org_name = text_sanitize(org.name, false);
	else if (a->org_id != 0)
		org_name = xasprintf(_("(organisation %llu introuvable)"), (unsigned long long)a->org_id);
	else
		org_name = xstrdup("—");
	login = text_sanitize(a->login, false);
	snprintf(keys, sizeof keys, "%zu", a->nkeys);
	cli_put_col(login, LOGIN_MAX > 16 ? 16 : LOGIN_MAX);
	putchar(' ');
	cli_put_col(role_name(a->role), 15);
	putchar(' ');
	cli_put_col(a->disabled ? "désactivé" : "actif", 9);
	putchar(' ');
	cli_put_col(keys, 4);
	putchar(' ');
	cli_put_col(a->pwhash[0] != '\0' ? "oui" : "non", 12);
	putchar(' ');
	fputs(org_name, stdout);
	putchar('\n');
	free(org_name);
	free(login);
	ctx->count++;
	return 0;
}

static int user_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct user_opts o = { .usage = usage_list };
	struct list_ctx ctx = { 0 };
	struct store *st = NULL;
	int done, rc, status = 1;

	if (!cli_parse(argc, argv, usage_list, opts, user_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage_list, _("option --data manquante"));
	if (open_store(o.data, &st) != 0)
		return 1;
	if ((rc = store_begin(st, false, &ctx.txn)) != RC_OK) {
		fprintf(stderr, _("recond: lecture de la base impossible (%s)\n"), rc_sentence(rc));
		goto out;
	}
	cli_put_col("IDENTIFIANT", 16);
	putchar(' ');
	cli_put_col("RÔLE", 15);
	putchar(' ');
	cli_put_col("ÉTAT", 9);
	putchar(' ');
	cli_put_col("CLÉS", 4);
	putchar(' ');
	cli_put_col("MOT DE PASSE", 12);
	puts(_(" ORGANISATION"));
	rc = db_account_each(ctx.txn, list_one, &ctx);
	store_abort(ctx.txn);
	if (rc != RC_OK) {
		fprintf(stderr,
		        _("recond: lecture des comptes impossible (%s)\n"), rc_sentence(rc));
		goto out;
	}
	printf(_("%zu compte%s.\n"), ctx.count, ctx.count > 1 ? "s" : "");
	status = 0;
out:
	store_close(st);
	return status;
}

static int user_passwd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "login", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct user_opts o = { .usage = usage_passwd };
	struct store *st = NULL;
	char *pw = NULL, *why = NULL;
	int done, rc, status = 1;

	if (!cli_parse(argc, argv, usage_passwd, opts, user_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage_passwd, _("option --data manquante"));
	if (o.login == NULL)
		return cli_usage_error(usage_passwd, _("option --login manquante"));
	if (open_store(o.data, &st) != 0)
		goto out;
	if ((pw = read_new_password()) == NULL)
		goto out;
	struct uc uc = cli_uc(st);

	if ((rc = account_set_password(&uc, o.login, pw, &why)) != RC_OK) {
		status = report(rc, why);
		goto out;
	}
	printf(_("Mot de passe de « %s » remplacé.\n"), o.login);
	status = 0;
out:
	store_close(st);
	free_secret(pw);
	return status;
}

static int user_set_disabled(int argc, char **argv, bool disabled)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "login", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *usage = disabled ? usage_disable : usage_enable;
	struct user_opts o = { .usage = usage };
	struct store *st = NULL;
	char *why = NULL;
	int done, rc, status = 1;

	if (!cli_parse(argc, argv, usage, opts, user_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage, _("option --data manquante"));
	if (o.login == NULL)
		return cli_usage_error(usage, _("option --login manquante"));
	if (open_store(o.data, &st) != 0)
		return 1;
	struct uc uc = cli_uc(st);

	if ((rc = account_set_disabled(&uc, o.login, disabled, &why)) != RC_OK) {
		status = report(rc, why);
		goto out;
	}
	printf(_("Compte « %s » %s.\n"), o.login, disabled ? "désactivé" : "réactivé");
	status = 0;
out:
	store_close(st);
	return status;
}

static int user_disable(int argc, char **argv)
{
	return user_set_disabled(argc, argv, true);
}

static int user_enable(int argc, char **argv)
{
	return user_set_disabled(argc, argv, false);
}

int cmd_user(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "add", "user add", user_add },
		{ "list", "user list", user_list },
		{ "passwd", "user passwd", user_passwd },
		{ "disable", "user disable", user_disable },
		{ "enable", "user enable", user_enable },
	};

	return cli_dispatch(argc, argv, "user", usage_user, subs, ARRAY_LEN(subs));
}
