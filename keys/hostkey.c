/*
 * hostkey.c — the server's ed25519 host key: created once in the data
 * directory (mode 0600), loaded on every start, and its SHA256 fingerprint
 * as OpenSSH prints it. Also the defaults of struct keys_config.
 */
#include "keys/keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "core/util.h"

void keys_config_defaults(struct keys_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->listen_host = "127.0.0.1";
	cfg->port = 2222;
	cfg->max_auth_tries = 6;
	cfg->login_grace_s = 60;
	cfg->keepalive_interval_s = 15;
	cfg->keepalive_max = 3;
	cfg->max_startups = 100;
	cfg->startups_begin = 10;
	cfg->startups_rate = 30;
	cfg->per_source_startups = 10;
	cfg->source_prefix4 = 32;
	cfg->source_prefix6 = 64;
	cfg->max_sources = 4096;
	cfg->idle_timeout_s = 0;
	cfg->penalty_failures = 30;
	cfg->penalty_window_s = 300;
	cfg->penalty_s = 60;
	cfg->penalty_crash_s = 90;
	cfg->max_password_checks = 4;
	cfg->signup_login = "inscription";
	cfg->signup_max = 5;
	cfg->signup_window_s = 600;
	cfg->signup_sessions_max = 50;
	cfg->signup_sessions_per_source = 3;
	cfg->signup_idle_timeout_s = 300;
	cfg->max_cols = 500;
	cfg->max_rows = 200;
	cfg->session_memory_mib = 256;
}

static int hostkey_fingerprint(ssh_key key, char **fingerprint)
{
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp = NULL;
	ssh_key pub = NULL;
	int rc = RC_ERR;

	if (ssh_pki_export_privkey_to_pubkey(key, &pub) != SSH_OK)
		goto out;
	if (ssh_get_publickey_hash(pub, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != 0)
		goto out;
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	if (fp == NULL)
		goto out;
	*fingerprint = xstrdup(fp);
	rc = RC_OK;
out:
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(pub);
	return rc;
}

int keys_hostkey_ensure(const char *dir, char **fingerprint, char **why)
{
	char *path = xasprintf("%s/%s", dir, HOSTKEY_FILE);
	ssh_key key = NULL;
	struct stat st;
	mode_t old_mask;
	int rc = RC_IO;

	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			rc = fail(why, RC_INVALID, "%s n'est pas un fichier de clé", path);
			goto out;
		}
		if ((st.st_mode & 077) != 0) {
			rc = fail(why, RC_INVALID,
			          "la clé d'hôte %s est lisible par d'autres (droits %03o) : "
			          "chmod 600 %s", path, (unsigned)(st.st_mode & 0777), path);
			goto out;
		}
		if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key) != SSH_OK ||
		    ssh_key_type(key) != SSH_KEYTYPE_ED25519) {
			rc = fail(why, RC_IO, "clé d'hôte illisible ou pas ed25519 : %s", path);
			goto out;
		}
	} else if (errno == ENOENT) {
		if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
			rc = fail(why, RC_ERR, "impossible de générer la clé d'hôte");
			goto out;
		}
		old_mask = umask(077);
		rc = ssh_pki_export_privkey_file(key, NULL, NULL, NULL, path);
		umask(old_mask);
		if (rc != SSH_OK || chmod(path, 0600) != 0) {
			rc = fail(why, RC_IO, "impossible d'écrire la clé d'hôte %s", path);
			goto out;
		}
		log_info("host key created: %s", path);
	} else {
		rc = fail(why, RC_IO, "%s : %s", path, strerror(errno));
		goto out;
	}
	if (fingerprint != NULL && hostkey_fingerprint(key, fingerprint) != RC_OK) {
		rc = fail(why, RC_ERR, "empreinte de la clé d'hôte impossible à calculer");
		goto out;
	}
	rc = RC_OK;
out:
	ssh_key_free(key);
	free(path);
	return rc;
}
