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
	   "  --max-startups D:T:M ou M\n"
	   "                       connexions non authentifiées : au-delà de D, refus\n"
	   "                       au hasard (T % à D, jusqu'à 100 % à M), au plus M\n"
	   "                       (défaut 10:30:100 ; M seul : ni D ni tirage)\n"
	   "  --per-source-max-startups N\n"
	   "                       dont N au plus par source (défaut 10 ; 0 : sans)\n"
	   "  --source-prefix L4:L6\n"
	   "                       une source est un réseau /L4 en IPv4, /L6 en IPv6\n"
	   "                       (défaut 32:64)\n"
	   "  --max-sources N      sources suivies pour les pénalités (défaut 4096)\n"
	   "  --max-password-checks N\n"
	   "                       vérifications de mot de passe simultanées (défaut 4)\n"
	   "  --keepalive S        intervalle des messages de maintien (défaut 15)\n"
	   "  --idle-timeout S     ferme une session sans frappe depuis S secondes\n"
	   "                       (défaut 0 : jamais)\n"
	   "  --penalty-failures N échecs d'une même adresse avant refus temporaire\n"
	   "                       (défaut 30 en 5 minutes ; 0 : jamais) ; une\n"
	   "                       connexion qui dépasse le délai de connexion compte\n"
	   "                       comme un échec\n"
	   "  --penalty-time S     durée de ce refus (défaut 60)\n"
	   "  --penalty-crash S    refus d'une source dont la connexion a planté avant\n"
	   "                       l'authentification (défaut 90 ; 0 : jamais)\n"
	   "  --max-size CxL       taille de terminal maximale, au-delà ignorée\n"
	   "                       (défaut 500x200)\n"
	   "  --session-memory MIO mémoire d'une session, en Mio (défaut 256 ; 0 : sans)\n"
	   "  --user NOM           lancé en root : l'utilisateur sous lequel tourner une\n"
	   "                       fois l'adresse réservée (propriétaire de DIR)\n"
	   "  --signup-login NOM   identifiant de l'inscription, sans mot de passe\n"
	   "                       (défaut inscription ; vide : inscription fermée)\n"
	   "  --signup-max N       inscriptions par adresse et par période (défaut 5 ;\n"
	   "                       0 : sans limite)\n"
	   "  --signup-window S    durée de cette période en secondes (défaut 600)\n"
	   "  --signup-sessions N  sessions d'inscription ouvertes à la fois (défaut 50)\n"
	   "  --signup-sessions-per-source N\n"
	   "                       dont N au plus par source (défaut 3)\n"
	   "  --signup-idle-timeout S\n"
	   "                       ferme une session d'inscription sans frappe depuis S\n"
	   "                       secondes (défaut 300)\n"
	   "  --help               affiche cette aide\n");

enum { OPT_GRACE = 256, OPT_TRIES, OPT_STARTUPS, OPT_KEEPALIVE, OPT_PENALTY, OPT_SIGNUP,
       OPT_SIGNUP_MAX, OPT_SIGNUP_WINDOW, OPT_IDLE, OPT_PER_SOURCE, OPT_PREFIX, OPT_SOURCES,
       OPT_CHECKS, OPT_PENALTY_TIME, OPT_PENALTY_CRASH, OPT_MAX_SIZE, OPT_MEMORY, OPT_USER,
       OPT_SIGNUP_SESSIONS, OPT_SIGNUP_PER_SOURCE, OPT_SIGNUP_IDLE };

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
	{ "per-source-max-startups", required_argument, NULL, OPT_PER_SOURCE },
	{ "source-prefix", required_argument, NULL, OPT_PREFIX },
	{ "max-sources", required_argument, NULL, OPT_SOURCES },
	{ "max-password-checks", required_argument, NULL, OPT_CHECKS },
	{ "penalty-time", required_argument, NULL, OPT_PENALTY_TIME },
	{ "penalty-crash", required_argument, NULL, OPT_PENALTY_CRASH },
	{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
	{ "session-memory", required_argument, NULL, OPT_MEMORY },
	{ "user", required_argument, NULL, OPT_USER },
	{ "signup-sessions", required_argument, NULL, OPT_SIGNUP_SESSIONS },
	{ "signup-sessions-per-source", required_argument, NULL, OPT_SIGNUP_PER_SOURCE },
	{ "signup-idle-timeout", required_argument, NULL, OPT_SIGNUP_IDLE },
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

/*
 * "A<sep>B" (or "A<sep>B<sep>C" when c is not NULL) of integers within
 * [min, max]; each part checked by serve_int.
 */
static bool serve_ints(const char *name, const char *arg, char sep, int min, int max, int *a,
                       int *b, int *c)
{
	char copy[64], *parts[3] = { NULL, NULL, NULL }, *p;
	int want = c != NULL ? 3 : 2, n = 0;

	if (strlen(arg) >= sizeof copy)
		goto bad;
	strlcpy_(copy, arg, sizeof copy);
	for (p = copy; n < 3; n++) {
		char *end = strchr(p, sep);

		parts[n] = p;
		if (end == NULL) {
			n++;
			break;
		}
		*end = '\0';
		p = end + 1;
	}
	if (n != want)
		goto bad;
	return serve_int(name, parts[0], min, max, a) && serve_int(name, parts[1], min, max, b) &&
	       (c == NULL || serve_int(name, parts[2], min, max, c));
bad:
	cli_usage_error(usage, "valeur invalide pour %s : %s", name, arg);
	return false;
}

static bool serve_startups(struct serve_opts *o, const char *arg)
{
	struct keys_config *cfg = &o->cfg;

	if (strchr(arg, ':') == NULL) {
		if (!serve_int("--max-startups", arg, 1, 100000, &cfg->max_startups))
			return false;
		cfg->startups_begin = cfg->max_startups;
		return true;
	}
	if (!serve_ints("--max-startups", arg, ':', 0, 100000, &cfg->startups_begin,
	                &cfg->startups_rate, &cfg->max_startups))
		return false;
	if (cfg->max_startups < 1 || cfg->startups_begin > cfg->max_startups ||
	    cfg->startups_rate > 100) {
		cli_usage_error(usage, "valeur invalide pour --max-startups : %s (D ≤ M, T ≤ 100)",
		                arg);
		return false;
	}
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
		return serve_startups(o, arg);
	case OPT_PER_SOURCE:
		return serve_int("--per-source-max-startups", arg, 0, 100000,
		                 &o->cfg.per_source_startups);
	case OPT_PREFIX:
		if (!serve_ints("--source-prefix", arg, ':', 0, 128, &o->cfg.source_prefix4,
		                &o->cfg.source_prefix6, NULL))
			return false;
		if (o->cfg.source_prefix4 > 32) {
			cli_usage_error(usage, "valeur invalide pour --source-prefix : %s "
			                "(IPv4 : 32 au plus)", arg);
			return false;
		}
		return true;
	case OPT_SOURCES:
		return serve_int("--max-sources", arg, 1, 1000000, &o->cfg.max_sources);
	case OPT_CHECKS:
		return serve_int("--max-password-checks", arg, 1, 1000,
		                 &o->cfg.max_password_checks);
	case OPT_PENALTY_TIME:
		return serve_int("--penalty-time", arg, 1, 86400, &o->cfg.penalty_s);
	case OPT_PENALTY_CRASH:
		return serve_int("--penalty-crash", arg, 0, 86400, &o->cfg.penalty_crash_s);
	case OPT_MAX_SIZE:
		return serve_ints("--max-size", arg, 'x', 20, 9999, &o->cfg.max_cols,
		                  &o->cfg.max_rows, NULL);
	case OPT_MEMORY:
		return serve_int("--session-memory", arg, 0, 1 << 20, &o->cfg.session_memory_mib);
	case OPT_USER:
		o->cfg.run_as = arg;
		return true;
	case OPT_SIGNUP_SESSIONS:
		return serve_int("--signup-sessions", arg, 0, 100000, &o->cfg.signup_sessions_max);
	case OPT_SIGNUP_PER_SOURCE:
		return serve_int("--signup-sessions-per-source", arg, 0, 100000,
		                 &o->cfg.signup_sessions_per_source);
	case OPT_SIGNUP_IDLE:
		return serve_int("--signup-idle-timeout", arg, 0, 7 * 86400,
		                 &o->cfg.signup_idle_timeout_s);
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
