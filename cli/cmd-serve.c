/*
 * cmd-serve.c — `recond serve --data DIR --listen HOST:PORT`: runs the SSH
 * server in the foreground (keys_serve), logs on stderr, stops cleanly on
 * SIGTERM. Hidden options tune the limits for tests and operators.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/core.h"
#include "core/i18n.h"
#include "core/util.h"
#include "keys/keys.h"
#include "store/store.h"

#define LISTEN_MAX 128

static const char usage[] =
	N_("usage: recond serve --data DIR [--listen HOST:PORT]\n"
	   "  Lance le serveur SSH au premier plan ; journal sur la sortie d'erreur ;\n"
	   "  s'arrête proprement sur SIGTERM.\n"
	   "  --data DIR           répertoire de données (créé par recond init)\n"
	   "  --listen HOST:PORT   adresse d'écoute (défaut 127.0.0.1:2222)\n"
	   "  --login-grace S      secondes pour s'authentifier (défaut 60)\n"
	   "  --max-auth-tries N   tentatives par connexion (défaut 6)\n"
	   "  --max-startups N     connexions non authentifiées simultanées (défaut 100)\n"
	   "  --keepalive S        intervalle des messages de maintien (défaut 15)\n"
	   "  --idle-timeout S     ferme une session sans frappe depuis S secondes\n"
	   "                       (défaut 0 : jamais)\n"
	   "  --penalty-failures N échecs d'une même adresse avant refus temporaire\n"
	   "                       (défaut 30 en 5 minutes ; 0 : jamais)\n"
	   "  --signup-login NOM   identifiant de l'inscription, sans mot de passe\n"
	   "                       (défaut inscription ; vide : inscription fermée)\n"
	   "  --signup-max N       inscriptions par adresse et par période (défaut 5 ;\n"
	   "                       0 : sans limite)\n"
	   "  --signup-window S    durée de cette période en secondes (défaut 600)\n"
	   "  --help               affiche cette aide\n");

enum { OPT_GRACE = 256, OPT_TRIES, OPT_STARTUPS, OPT_KEEPALIVE, OPT_PENALTY, OPT_SIGNUP,
       OPT_SIGNUP_MAX, OPT_SIGNUP_WINDOW, OPT_IDLE };

static const struct option serve_options[] = {
	{ "data", required_argument, NULL, 'd' },
	{ "listen", required_argument, NULL, 'l' },
	{ "login-grace", required_argument, NULL, OPT_GRACE },
	{ "max-auth-tries", required_argument, NULL, OPT_TRIES },
	{ "max-startups", required_argument, NULL, OPT_STARTUPS },
	{ "keepalive", required_argument, NULL, OPT_KEEPALIVE },
	{ "penalty-failures", required_argument, NULL, OPT_PENALTY },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE },
	{ "signup-login", required_argument, NULL, OPT_SIGNUP },
	{ "signup-max", required_argument, NULL, OPT_SIGNUP_MAX },
	{ "signup-window", required_argument, NULL, OPT_SIGNUP_WINDOW },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct serve_opts {
	struct keys_config cfg;
	const char *data;
	char host[LISTEN_MAX];
};

static bool serve_int(const char *name, const char *arg, int min, int max, int *out)
{
	char *end = NULL;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < min || v > max) {
		cli_usage_error(usage,
		                _("valeur invalide pour %s : %s (de %d à %d)"), name, arg, min,
		                max);
		return false;
	}
	*out = (int)v;
	return true;
}

static bool serve_listen(struct serve_opts *o, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	size_t hostlen;

	if (colon == NULL || colon == arg || strlen(arg) >= LISTEN_MAX) {
		cli_usage_error(usage,
		                _("adresse d'écoute invalide : %s (attendu HOTE:PORT)"), arg);
		return false;
	}
	hostlen = (size_t)(colon - arg);
	if (arg[0] == '[' && hostlen > 2 && arg[hostlen - 1] == ']') {
		memcpy(o->host, arg + 1, hostlen - 2);
		o->host[hostlen - 2] = '\0';
	} else {
		memcpy(o->host, arg, hostlen);
		o->host[hostlen] = '\0';
	}
	return serve_int("--listen", colon + 1, 1, 65535, &o->cfg.port);
}

static bool serve_opt(int opt, const char *arg, void *ctx)
{
	struct serve_opts *o = ctx;

	switch (opt) {
	case 'd':
		o->data = arg;
		return true;
	case 'l':
		return serve_listen(o, arg);
	case OPT_GRACE:
		return serve_int("--login-grace", arg, 1, 3600, &o->cfg.login_grace_s);
	case OPT_TRIES:
		return serve_int("--max-auth-tries", arg, 1, 100, &o->cfg.max_auth_tries);
	case OPT_STARTUPS:
		return serve_int("--max-startups", arg, 1, 100000, &o->cfg.max_startups);
	case OPT_KEEPALIVE:
		return serve_int("--keepalive", arg, 1, 3600, &o->cfg.keepalive_interval_s);
	case OPT_PENALTY:
		return serve_int("--penalty-failures", arg, 0, 1000000, &o->cfg.penalty_failures);
	case OPT_IDLE:
		return serve_int("--idle-timeout", arg, 0, 7 * 86400, &o->cfg.idle_timeout_s);
	case OPT_SIGNUP:
		if (arg[0] != '\0' && account_login_check(arg, NULL) != RC_OK) {
			cli_usage_error(usage, _("identifiant d'inscription invalide : %s"), arg);
			return false;
		}
		o->cfg.signup_login = arg;
		return true;
	case OPT_SIGNUP_MAX:
		return serve_int("--signup-max", arg, 0, 1000000, &o->cfg.signup_max);
	case OPT_SIGNUP_WINDOW:
		return serve_int("--signup-window", arg, 1, 86400, &o->cfg.signup_window_s);
	}
	return false;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_opts o;
	struct store_flusher *flusher = NULL;
	char *why = NULL, *abs = NULL;
	int done = 0, status = 1;

	memset(&o, 0, sizeof o);
	keys_config_defaults(&o.cfg);
	strlcpy_(o.host, "127.0.0.1", sizeof o.host);
	if (!cli_parse(argc, argv, usage, serve_options, serve_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage, _("l'option --data est obligatoire"));
	if (!store_exists(o.data)) {
		fprintf(stderr, _("recond serve: « %s » ne contient pas de base recond "
		          "(créez-la avec recond init --data %s)\n"), o.data, o.data);
		goto out;
	}
	/* The session process is started with this path: it must not depend on the cwd. */
	abs = realpath(o.data, NULL);
	if (abs == NULL) {
		fprintf(stderr, _("recond serve: %s : %s\n"), o.data, strerror(errno));
		goto out;
	}
	if (keys_hostkey_ensure(abs, NULL, &why) != RC_OK) {
		fprintf(stderr,
		        _("recond serve: %s\n"), why != NULL ? why : _("clé d'hôte inutilisable"));
		goto out;
	}
	o.cfg.data_dir = abs;
	o.cfg.listen_host = o.host;
	/* Drafts typed in sessions reach the synced database every STORE_FOLD_MS. */
	if (store_flusher_start(abs, STORE_FOLD_MS, &flusher, &why) != RC_OK) {
		fprintf(stderr, "recond serve: %s\n", why != NULL ? why : "brouillons indisponibles");
		goto out;
	}
	if (keys_serve(&o.cfg, &why) != RC_OK) {
		fprintf(stderr, _("recond serve: %s\n"), why != NULL ? why : "échec");
		goto out;
	}
	status = 0;
out:
	store_flusher_stop(flusher);
	free(abs);
	free(why);
	return status;
}
