/*
 * account.c — the rules of staff accounts: login syntax, password policy
 * and hashing (libsodium argon2id). The use cases are in uc-account.c.
 */
#include "core/core.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"


/*
 * argon2id cost: 64 MiB and 2 passes. Measured on the 2-core reference
 * machine (Intel Xeon, libsodium 1.0.18): one verification takes about
 * 90 ms (64 MiB/t=3: 117 ms; 32 MiB/t=4: 59 ms). Changing these makes old
 * hashes verify at their own cost; regenerate dummy_hash below with the same
 * figures (a unit test checks that they agree).
 */
#define PWHASH_OPSLIMIT 2ULL
#define PWHASH_MEMLIMIT ((size_t)64 << 20)

/* Passwords longer than this (bytes) are refused before any hashing. */
#define PASSWORD_BYTES_MAX (PASSWORD_MAX * 4)

/*
 * A hash of a random secret nobody knows, with the current cost: verified
 * against when the login is unknown, disabled or has no password, so that
 * such attempts cost the same time as a real one.
 */
static const char dummy_hash[PWHASH_MAX] =
	"$argon2id$v=19$m=65536,t=2,p=1$j6uEyTcmgfkdDSOM3p5xWA$"
	"U8z0HFMfLSQfT/u0C17Q1d0IUcLadrHOACx/+BcLib0";

static bool crypto_ready(void)
{
	static int state;     /* 0 not tried, 1 ready, -1 failed */

	if (state == 0) {
		state = sodium_init() < 0 ? -1 : 1;
		if (state < 0)
			log_error("libsodium initialisation failed");
	}
	return state > 0;
}

const char *account_dummy_hash(void)
{
	return dummy_hash;
}

bool password_hash_current(const char *hash)
{
	return crypto_ready() && hash != NULL &&
	       crypto_pwhash_str_needs_rehash(hash, PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) == 0;
}

/* ---- rules ---- */

int account_login_check(const char *login, char **why)
{
	size_t len;

	if (login == NULL || login[0] == '\0')
		return fail(why, RC_INVALID, _("L'identifiant est obligatoire."));
	len = strnlen(login, LOGIN_MAX + 1);
	if (len < 2)
		return fail(why, RC_INVALID,
		            _("L'identifiant est trop court : 2 caractères au moins."));
	if (len > LOGIN_MAX)
		return fail(why, RC_INVALID,
		            _("L'identifiant est trop long : %d caractères au plus."),
		            LOGIN_MAX);
	if (!(login[0] >= 'a' && login[0] <= 'z'))
		return fail(why, RC_INVALID,
		            _("L'identifiant doit commencer par une lettre minuscule (a à z)."));
	for (size_t i = 0; i < len; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return fail(why, RC_INVALID,
			            _("L'identifiant ne peut contenir que des lettres minuscules sans "
			              "accent, des chiffres, « . », « _ » et « - »."));
	}
	return RC_OK;
}

int password_policy_check(const char *pw, char **why)
{
	enum { LOWER = 1, UPPER = 2, DIGIT = 4, OTHER = 8 };
	size_t len, off = 0, n = 0, step;
	unsigned classes = 0;
	uint32_t cp;

	if (pw == NULL || pw[0] == '\0')
		return fail(why, RC_INVALID, _("Le mot de passe est vide."));
	len = strnlen(pw, PASSWORD_BYTES_MAX + 1);
	if (len > PASSWORD_BYTES_MAX)
		return fail(why, RC_INVALID,
		            _("Le mot de passe est trop long : %d caractères au plus."),
		            PASSWORD_MAX);
	while (off < len) {
		step = utf8_decode(pw + off, len - off, &cp);
		if (cp == UTF8_INVALID)
			return fail(why, RC_INVALID,
			            _("Le mot de passe n'est pas un texte UTF-8 valide."));
		if (text_is_control(cp))
			return fail(why, RC_INVALID,
			            _("Le mot de passe contient un caractère de contrôle."));
		if (cp >= 'a' && cp <= 'z')
			classes |= LOWER;
		else if (cp >= 'A' && cp <= 'Z')
			classes |= UPPER;
		else if (cp >= '0' && cp <= '9')
			classes |= DIGIT;
		else
			classes |= OTHER;
		off += step;
		n++;
	}
	if (n < PASSWORD_MIN)
		return fail(why, RC_INVALID,
		            _("Le mot de passe est trop court : %d caractères au moins (il en a %zu)."),
		            PASSWORD_MIN, n);
	if (n > PASSWORD_MAX)
		return fail(why, RC_INVALID,
		            _("Le mot de passe est trop long : %d caractères au plus."),
		            PASSWORD_MAX);
	/* Short reasons: they must fit the message line of an 80-column screen. */
	if (classes == DIGIT)
		return fail(why, RC_INVALID,
		            _("Le mot de passe n'a que des chiffres : ajoutez des lettres."));
	if (classes == LOWER)
		return fail(why, RC_INVALID,
		            _("Le mot de passe n'a que des minuscules : ajoutez des chiffres."));
	if (classes == UPPER)
		return fail(why, RC_INVALID,
		            _("Le mot de passe n'a que des majuscules : ajoutez des chiffres."));
	if (classes == OTHER)
		return fail(why, RC_INVALID,
		            _("Le mot de passe n'a que des signes : ajoutez des lettres."));
	return RC_OK;
}

int password_hash(const char *pw, char out[PWHASH_MAX])
{
	size_t len;

	if (!crypto_ready() || pw == NULL)
		return RC_ERR;
	len = strnlen(pw, PASSWORD_BYTES_MAX + 1);
	if (len > PASSWORD_BYTES_MAX)
		return RC_INVALID;
	if (crypto_pwhash_str_alg(out, pw, len, PWHASH_OPSLIMIT, PWHASH_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_error("argon2id hashing failed (out of memory?)");
		return RC_ERR;
	}
	return RC_OK;
}

bool password_verify(const char *hash, const char *pw)
{
	size_t len;
	bool ok;

	if (!crypto_ready() || pw == NULL)
		return false;
	if (hash == NULL || hash[0] == '\0' || strnlen(hash, PWHASH_MAX) >= PWHASH_MAX) {
		/* Same work as a real check, then no. */
		volatile int sink = crypto_pwhash_str_verify(dummy_hash, pw,
		                                             strnlen(pw, PASSWORD_BYTES_MAX));
		(void)sink;
		return false;
	}
	len = strnlen(pw, PASSWORD_BYTES_MAX + 1);
	ok = crypto_pwhash_str_verify(hash, pw, len > PASSWORD_BYTES_MAX ? 0 : len) == 0;
	return ok && len <= PASSWORD_BYTES_MAX;
}
