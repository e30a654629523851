/*
 * auth.c — authentication of one connection: the method policy (publickey
 * and password for accounts; "none" for the configured sign-up login only,
 * which opens the sign-up wizard and nothing else), the libssh server
 * callbacks that check them
 * against store/ accounts, the cap on failed attempts, and the log line of
 * every success and failure (login, method, source; never a password).
 *
 * A public-key probe (no signature yet) whose key is registered is answered
 * "acceptable" and does not log in; only a request whose signature libssh
 * verified (SSH_PUBLICKEY_STATE_VALID) with a registered key does.
 */
#include "keys/keys-int.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "core/util.h"
#include "core/uc-account.h"
#include "core/uc-session.h"

/* Auth requests of any kind per connection, accepted probes included. */
#define AUTH_REQUESTS_MAX 32

int auth_methods(void)
{
	return SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD;
}

bool auth_none_allowed(const struct keys_config *cfg, const char *user)
{
	return cfg->signup_login != NULL && cfg->signup_login[0] != '\0' && user != NULL &&
	       strcmp(user, cfg->signup_login) == 0;
}

/* Prints login for the logs: itself when well-formed, else a marker. */
static const char *auth_log_login(const char *login)
{
	if (login == NULL || account_login_check(login, NULL) != RC_OK)
		return "(identifiant invalide)";
	return login;
}

static void auth_status(struct conn *c, char what)
{
	if (c->status_fd >= 0 && write(c->status_fd, &what, 1) < 0)
		log_warn("status socket: cannot write");
}

void auth_failed(struct conn *c, const char *method, const char *login)
{
	c->attempts++;
	auth_status(c, STATUS_AUTH_FAILED);
	log_info("auth failure: login %s, method %s, from %s (attempt %d of %d)",
	         auth_log_login(login), method, c->peer, c->attempts, c->cfg->max_auth_tries);
	if (c->attempts >= c->cfg->max_auth_tries) {
		log_info("too many authentication failures from %s: disconnecting", c->peer);
		c->auth_over = true;
	}
}

static void auth_succeeded(struct conn *c, const char *method)
{
	c->authenticated = true;
	auth_status(c, STATUS_AUTHENTICATED);
	log_info("auth success: login %s, method %s, from %s", c->account.login, method, c->peer);
}

/*
 * The owner of a disabled account, whose password or key was right, reads
 * why in the SSH banner (OpenSSH shows it before « Permission denied »);
 * nobody else learns whether a login exists or is disabled.
 */
static void auth_tell_disabled(struct conn *c, const char *login)
{
	static const char msg[] =
		"Compte désactivé : contactez l'équipe du programme pour le faire réactiver.\r\n";
	ssh_string banner = ssh_string_from_char(msg);

	log_info("login %s from %s: right credentials, account disabled", auth_log_login(login),
	         c->peer);
	if (banner == NULL || ssh_send_issue_banner(c->session, banner) != SSH_OK)
		log_warn("cannot send the banner to %s", c->peer);
	ssh_string_free(banner);
}

/* Opens the store on first use; NULL (logged) if it cannot be opened. */
static struct store *auth_store(struct conn *c)
{
	char *why = NULL;

	if (c->store == NULL && uc_store_open(c->cfg->data_dir, &c->store, &why) != RC_OK) {
		log_error("cannot open the database: %s", why != NULL ? why : "?");
		free(why);
		c->store = NULL;
	}
	return c->store;
}

/* Counts every request; true when this one may still be looked at. */
static bool auth_admit(struct conn *c)
{
	if (c->authenticated || c->auth_over)
		return false;
	if (++c->requests > AUTH_REQUESTS_MAX) {
		log_info("too many authentication requests from %s: disconnecting", c->peer);
		c->auth_over = true;
		return false;
	}
	return true;
}

/*
 * Sends the request `what` to the listener and waits for its one-byte
 * answer, at most wait_ms (< 0: until the login grace time ends this
 * process). 0 when no answer came (no listener, or too late).
 */
static char auth_ask(struct conn *c, char what, int wait_ms)
{
	struct pollfd p = { .fd = c->status_fd, .events = POLLIN };
	int64_t deadline = now_ms() + wait_ms;
	char answer = 0;

	if (c->status_fd < 0 || write(c->status_fd, &what, 1) != 1)
		return 0;
	for (;;) {
		int64_t left = wait_ms < 0 ? -1 : deadline - now_ms();
		int r;

		if (wait_ms >= 0 && left <= 0) {
			log_warn("no answer from the listener to '%c' from %s", what, c->peer);
			return 0;
		}
		r = poll(&p, 1, (int)left);
		/* Without a deadline, a signal (SIGTERM: the server stops) ends the wait. */
		if (r < 0 && errno == EINTR && wait_ms >= 0)
			continue;
		if (r <= 0 || read(c->status_fd, &answer, 1) != 1)
			return 0;
		return answer;
	}
}

/*
 * Waits for one of the server's few places to verify a password (argon2id
 * takes 64 MiB and most of a CPU for a while). True with the place (give
 * it back with auth_check_done); false when the source is under a penalty:
 * then this attempt first waits the penalty, so that a source that failed
 * too often is slowed on the connections it already holds, too.
 */
static bool auth_check_begin(struct conn *c)
{
	char answer;

	if (c->status_fd < 0)
		return true;    /* no listener to share with (tests of this file) */
	answer = auth_ask(c, STATUS_CHECK, -1);
	if (answer == STATUS_CHECK_GO)
		return true;
	if (answer == STATUS_PENALISED) {
		log_info("password of %s not checked: source under a penalty, waiting %d s",
		         c->peer, c->cfg->penalty_s);
		poll(NULL, 0, c->cfg->penalty_s * 1000);
	}
	return false;
}

static void auth_check_done(struct conn *c)
{
	auth_status(c, STATUS_CHECK_DONE);
}

static int auth_password_cb(ssh_session s, const char *user, const char *password,
                            void *userdata)
{
	struct conn *c = userdata;
	struct account acct = { 0 };
	struct store *st;
	int result = SSH_AUTH_DENIED;
	bool checked = false;

	if (!auth_admit(c))
		return SSH_AUTH_DENIED;
	st = auth_store(c);
	if (st != NULL && user != NULL && password != NULL && !auth_none_allowed(c->cfg, user) &&
	    strlen(user) <= LOGIN_MAX && strlen(password) <= PASSWORD_MAX * 4 &&
	    auth_check_begin(c)) {
		int rc = account_auth_password(st, user, password, &acct);

		checked = true;
		auth_check_done(c);
		if (rc == RC_OK) {
			account_copy(&c->account, &acct);
			auth_succeeded(c, "password");
			result = SSH_AUTH_SUCCESS;
		} else if (acct.disabled) {
			auth_tell_disabled(c, user);
		}
	}
	if (result != SSH_AUTH_SUCCESS)
		auth_failed(c, checked ? "password" : "password (not checked)", user);
	account_clear(&acct);
	return result;
}

/* True when key is one of the account's registered public keys. */
static bool auth_key_registered(const struct account *a, ssh_key key)
{
	for (size_t i = 0; i < a->nkeys; i++) {
		char *type = NULL, *b64 = NULL;
		ssh_key k = NULL;
		bool same = false;

		if (sshkey_line_split(a->keys[i], &type, &b64) == RC_OK &&
		    ssh_pki_import_pubkey_base64(b64, ssh_key_type_from_name(type), &k) == SSH_OK)
			same = ssh_key_cmp(k, key, SSH_KEY_CMP_PUBLIC) == 0;
		ssh_key_free(k);
		free(type);
		free(b64);
		if (same)
			return true;
	}
	return false;
}

static int auth_pubkey_cb(ssh_session s, const char *user, struct ssh_key_struct *pubkey,
                          char signature_state, void *userdata)
{
	struct conn *c = userdata;
	struct account acct = { 0 };
	struct store *st;
	bool known = false, disabled = false;
	int result = SSH_AUTH_DENIED;

	if (!auth_admit(c))
		return SSH_AUTH_DENIED;
	st = auth_store(c);
	if (st != NULL && user != NULL && strlen(user) <= LOGIN_MAX && pubkey != NULL &&
	    !auth_none_allowed(c->cfg, user)) {
		if (account_for_login(st, user, &acct) == RC_OK)
			known = auth_key_registered(&acct, pubkey);
		else if (account_disabled_for_login(st, user, &acct) == RC_OK)
			disabled = auth_key_registered(&acct, pubkey);
	}

	if (signature_state == SSH_PUBLICKEY_STATE_NONE && (known || disabled)) {
		/*
		 * A probe: "this key would do"; it logs nobody in. A disabled
		 * account's key is answered alike (it tells no more than for an
		 * enabled one), so that the client signs and can be told why.
		 */
		log_debug("public key probe accepted for %s from %s", acct.login, c->peer);
		result = SSH_AUTH_SUCCESS;
	} else if (signature_state == SSH_PUBLICKEY_STATE_VALID && known) {
		account_copy(&c->account, &acct);
		auth_succeeded(c, "publickey");
		result = SSH_AUTH_SUCCESS;
	} else {
		if (signature_state == SSH_PUBLICKEY_STATE_VALID && disabled)
			auth_tell_disabled(c, user);
		auth_failed(c, signature_state == SSH_PUBLICKEY_STATE_WRONG ?
		               "publickey (bad signature)" : "publickey", user);
	}
	account_clear(&acct);
	return result;
}

static int auth_none_cb(ssh_session s, const char *user, void *userdata)
{
	struct conn *c = userdata;

	if (!auth_admit(c))
		return SSH_AUTH_DENIED;
	if (!auth_none_allowed(c->cfg, user)) {
		/* For any other login "none" only asks which methods exist: refused, not counted. */
		return SSH_AUTH_DENIED;
	}
	account_clear(&c->account);
	memset(&c->account, 0, sizeof c->account);
	strlcpy_(c->account.login, user, sizeof c->account.login);
	c->signup = true;
	c->authenticated = true;
	c->signup_answer = auth_ask(c, STATUS_SIGNUP, STATUS_ANSWER_MS);
	auth_status(c, STATUS_AUTHENTICATED);
	log_info("auth success: sign-up login %s, method none, from %s%s", c->account.login,
	         c->peer, c->signup_answer == STATUS_SIGNUP_YES ? "" :
	                  c->signup_answer == STATUS_SIGNUP_FULL ? " (too many sign-up sessions open)" :
	                  " (sign-up limit reached for this address)");
	return SSH_AUTH_SUCCESS;
}

void auth_setup(struct conn *c)
{
	c->server_cb.auth_password_function = auth_password_cb;
	c->server_cb.auth_pubkey_function = auth_pubkey_cb;
	c->server_cb.auth_none_function = auth_none_cb;
	ssh_set_auth_methods(c->session, auth_methods());
}

void auth_done(struct conn *c)
{
	uc_store_close(c->store);
	c->store = NULL;
}
