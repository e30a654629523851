/*
 * cmd-session.c — the hidden `recond session` subcommand: the interactive
 * session process started by the SSH server on a pseudo-terminal. It takes
 * the authenticated account id from a file descriptor (decimal text, "\n",
 * EOF) and trusts nothing else; it checks the account exists and is enabled,
 * then runs the screens (tui_run). The line "signup LOGIN PORT HOST\n"
 * instead of an id makes it an anonymous sign-up session: the sign-up
 * wizard alone (tui_run_signup), with access to nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/core.h"
#include "core/i18n.h"
#include "core/uc.h"
#include "core/util.h"
#include "keys/keys.h"
#include "store/store.h"
#include "tui/tui.h"

/* "18446744073709551615\n" is 21 bytes; "signup LOGIN PORT HOST SOURCE\n" at most ~175. */
#define SESSION_ID_MAX 200
#define SESSION_HOST_MAX 63

static const char usage[] =
	N_("usage : recond session -d DIR --identity-fd N [--log-fd N]\n"
	   "\n"
	   "Usage interne : lancé par le serveur SSH sur le pseudo-terminal d'une\n"
	   "connexion.\n"
	   "\n"
	   "  -d, --data DIR          répertoire de données\n"
	   "      --identity-fd N     descripteur d'où lire l'identifiant du compte\n"
	   "                          authentifié (nombre décimal, fin de ligne, puis\n"
	   "                          fin de fichier ; ou « signup LOGIN PORT HOTE\n"
	   "                          [SOURCE] » pour une session d'inscription)\n"
	   "      --log-fd N          descripteur où écrire le journal (sinon, le\n"
	   "                          journal n'est pas écrit sur le terminal)\n"
	   "  -h, --help              cette aide\n");

struct session_opts {
	const char *data;
	int fd;
	int log_fd;
};

static bool session_opt(int opt, const char *arg, void *ctx)
{
	struct session_opts *o = ctx;
	char *end = NULL;
	long v;

	switch (opt) {
	case 'd':
		o->data = arg;
		return true;
	case 'i':
	case 'l':
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' || v < 0 || v > INT_MAX) {
			cli_usage_error(usage, _("descripteur invalide : %s"), arg);
			return false;
		}
		if (opt == 'i')
			o->fd = (int)v;
		else
			o->log_fd = (int)v;
		return true;
	}
	return false;
}

/* What the identity descriptor said. */
struct session_identity {
	uint64_t id;                        /* > 0 for an account */
	bool signup;                        /* or a sign-up session: */
	char login[LOGIN_MAX + 1];
	int port;
	char host[SESSION_HOST_MAX + 1];
	char source[SESSION_HOST_MAX + 1];  /* the client's address, "" if not given */
};

/* An address as the server writes it: hexadecimal digits, « . » and « : ». */
static bool session_address_ok(const char *a)
{
	return strlen(a) <= SESSION_HOST_MAX && strspn(a, "0123456789abcdefABCDEF.:") == strlen(a);
}

/*
 * Parses "signup LOGIN PORT HOST [SOURCE]" (the newline removed); RC_OK or
 * RC_INVALID.
 */
static int session_parse_signup(char *line, struct session_identity *who)
{
	char *save = NULL, *login, *port, *host, *source, *end = NULL;
	long p;

	if (strtok_r(line, " ", &save) == NULL || (login = strtok_r(NULL, " ", &save)) == NULL ||
	    (port = strtok_r(NULL, " ", &save)) == NULL ||
	    (host = strtok_r(NULL, " ", &save)) == NULL)
		return RC_INVALID;
	if ((source = strtok_r(NULL, " ", &save)) != NULL && strtok_r(NULL, " ", &save) != NULL)
		return RC_INVALID;
	if (account_login_check(login, NULL) != RC_OK || !session_address_ok(host) ||
	    (source != NULL && !session_address_ok(source)))
		return RC_INVALID;
	strlcpy_(who->source, source != NULL ? source : "", sizeof who->source);
	p = strtol(port, &end, 10);
	if (end == port || *end != '\0' || p < 1 || p > 65535)
		return RC_INVALID;
	who->signup = true;
	strlcpy_(who->login, login, sizeof who->login);
	strlcpy_(who->host, host, sizeof who->host);
	who->port = (int)p;
	return RC_OK;
}

/*
 * Reads "<decimal id>\n" or "signup LOGIN PORT HOST\n", then EOF, from fd;
 * RC_OK with *who filled, or RC_INVALID.
 */
static int session_read_id(int fd, struct session_identity *who)
{
	char buf[SESSION_ID_MAX + 1];
	size_t n = 0;
	uint64_t v = 0;
	int rc = RC_INVALID;

	for (;;) {
		ssize_t r = read(fd, buf + n, sizeof buf - 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		n += (size_t)r;
		if (n >= sizeof buf - 1)
			goto out;    /* too long: not what the server sends */
	}
	if (n < 2 || buf[n - 1] != '\n')
		goto out;
	buf[n - 1] = '\0';
	if (strncmp(buf, "signup ", 7) == 0) {
		rc = session_parse_signup(buf, who);
		goto out;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			goto out;
		if (v > (UINT64_MAX - (uint64_t)(buf[i] - '0')) / 10)
			goto out;
		v = v * 10 + (uint64_t)(buf[i] - '0');
	}
	if (v == 0)
		goto out;
	who->id = v;
	rc = RC_OK;
out:
	return rc;
}

/* RC_OK when the account exists and is enabled. */
static int session_check_account(const char *dir, uint64_t id)
{
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct account a;
	char *why = NULL;
	int rc;

	memset(&a, 0, sizeof a);
	if ((rc = store_open(dir, &st, &why)) != RC_OK) {
		fprintf(stderr, _("recond session : %s\n"), why ? why : rc_sentence(rc));
		goto out;
	}
	if ((rc = store_begin(st, false, &txn)) != RC_OK) {
		fprintf(stderr,
		        _("recond session : lecture de la base impossible (%s)\n"), rc_sentence(rc));
		goto out;
	}
	if ((rc = db_account_get(txn, id, &a)) != RC_OK) {
		fprintf(stderr,
		        _("recond session : compte %llu introuvable\n"), (unsigned long long)id);
		goto out;
	}
	if (a.disabled) {
		fprintf(stderr, _("recond session : le compte %s est désactivé\n"), a.login);
		rc = RC_DENIED;
		goto out;
	}
	rc = RC_OK;
out:
	store_abort(txn);
	store_close(st);
	account_clear(&a);
	free(why);
	return rc;
}

int cmd_session(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "identity-fd", required_argument, NULL, 'i' },
		{ "log-fd", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct session_opts o = { .data = NULL, .fd = -1, .log_fd = -1 };
	struct session_identity who;
	int done = 0;

	if (!cli_parse(argc, argv, usage, longopts, session_opt, &o, &done))
		return done;
	if (o.data == NULL)
		return cli_usage_error(usage, _("--data est obligatoire"));
	if (o.fd < 0)
		return cli_usage_error(usage, _("--identity-fd est obligatoire"));
	memset(&who, 0, sizeof who);
	if (session_read_id(o.fd, &who) != RC_OK) {
		fprintf(stderr,
		        _("recond session : identité illisible sur le descripteur %d\n"), o.fd);
		return 1;
	}
	if (o.fd > STDERR_FILENO)
		close(o.fd);
	if (o.log_fd > STDERR_FILENO && o.log_fd != o.fd) {
		if (dup2(o.log_fd, STDERR_FILENO) < 0)
			return 1;
		close(o.log_fd);
	}
	if (keys_sandbox_session() != RC_OK)
		return 1;
	if (who.signup)
		return tui_run_signup(o.data, who.login, who.host, who.port, who.source);
	if (session_check_account(o.data, who.id) != RC_OK)
		return 1;
	return tui_run(o.data, who.id);
}
