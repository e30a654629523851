/*
 * sshkey.c — OpenSSH public key lines pasted or uploaded by people: which
 * types recond accepts, structural check of the key blob (decoded with
 * libsodium's base64), a canonical form to store, and the split used by the
 * SSH front door to compare a client's key with the registered ones.
 */
#include "core/core.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

#define SSHKEY_BLOB_MAX (SSHKEY_LINE_MAX / 4 * 3)
#define RSA_BITS_MIN 2048
#define RSA_BITS_MAX 16384

enum key_shape { SHAPE_ED25519, SHAPE_SK_ED25519, SHAPE_ECDSA, SHAPE_SK_ECDSA, SHAPE_RSA };

static const struct key_type {
	const char *name;
	enum key_shape shape;
	const char *curve;        /* ECDSA: the curve named inside the blob */
	size_t point_len;         /* ECDSA: uncompressed point 04||X||Y */
} key_types[] = {
	{ "ssh-ed25519", SHAPE_ED25519, NULL, 0 },
	{ "ssh-rsa", SHAPE_RSA, NULL, 0 },
	{ "ecdsa-sha2-nistp256", SHAPE_ECDSA, "nistp256", 65 },
	{ "ecdsa-sha2-nistp384", SHAPE_ECDSA, "nistp384", 97 },
	{ "ecdsa-sha2-nistp521", SHAPE_ECDSA, "nistp521", 133 },
	{ "sk-ssh-ed25519@openssh.com", SHAPE_SK_ED25519, NULL, 0 },
	{ "sk-ecdsa-sha2-nistp256@openssh.com", SHAPE_SK_ECDSA, "nistp256", 65 },
};

/* Words that start an authorized_keys line with options. */
static const char *const key_options[] = {
	"agent-forwarding", "cert-authority", "command=", "environment=", "expiry-time=",
	"from=", "no-agent-forwarding", "no-port-forwarding", "no-pty", "no-user-rc",
	"no-x11-forwarding", "no-touch-required", "permitlisten=", "permitopen=",
	"port-forwarding", "principals=", "pty", "restrict", "tunnel=", "user-rc",
	"verify-required", "x11-forwarding",
};

static const struct key_type *key_type_find(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(key_types); i++)
		if (strlen(key_types[i].name) == len && memcmp(key_types[i].name, s, len) == 0)
			return &key_types[i];
	return NULL;
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t';
}

/* A reader of the SSH wire format (RFC 4251 strings and mpints). */
struct blob {
	const unsigned char *p;
	size_t left;
};

static bool blob_string(struct blob *b, const unsigned char **s, size_t *len)
{
	uint32_t n;

	if (b->left < 4)
		return false;
	n = (uint32_t)b->p[0] << 24 | (uint32_t)b->p[1] << 16 | (uint32_t)b->p[2] << 8 | b->p[3];
	if (n > b->left - 4)
		return false;
	*s = b->p + 4;
	*len = n;
	b->p += 4 + (size_t)n;
	b->left -= 4 + (size_t)n;
	return true;
}

static bool blob_string_is(struct blob *b, const char *want)
{
	const unsigned char *s;
	size_t len;

	return blob_string(b, &s, &len) && len == strlen(want) && memcmp(s, want, len) == 0;
}

/*
 * A positive mpint in its minimal form; *bits gets its size in bits.
 * Returns false for a negative, empty or padded number.
 */
static bool blob_mpint_pos(struct blob *b, size_t *bits, bool *odd)
{
	const unsigned char *s;
	size_t len, top;

	if (!blob_string(b, &s, &len) || len == 0)
		return false;
	if (s[0] & 0x80)
		return false;                   /* negative */
	if (s[0] == 0) {
		if (len == 1 || !(s[1] & 0x80))
			return false;           /* zero, or a useless leading zero */
		s++;
		len--;
	}
	top = 8;
	while (top > 0 && !(s[0] & (1u << (top - 1))))
		top--;
	*bits = (len - 1) * 8 + top;
	*odd = s[len - 1] & 1;
	return true;
}

/* Checks the decoded blob against its type; a French reason on failure. */
static int blob_check(const struct key_type *kt, const unsigned char *bin, size_t len,
                      char **why)
{
	struct blob b = { bin, len };
	const unsigned char *s;
	size_t slen, ebits, nbits;
	bool odd;

	if (!blob_string_is(&b, kt->name))
		return fail(why, RC_INVALID,
		            _("Clé incohérente : le contenu ne correspond pas au type annoncé."));
	switch (kt->shape) {
	case SHAPE_ED25519:
	case SHAPE_SK_ED25519:
		if (!blob_string(&b, &s, &slen) || slen != crypto_sign_PUBLICKEYBYTES)
			goto bad;
		if (kt->shape == SHAPE_SK_ED25519 && (!blob_string(&b, &s, &slen) || slen == 0))
			goto bad;
		break;
	case SHAPE_ECDSA:
	case SHAPE_SK_ECDSA:
		if (!blob_string_is(&b, kt->curve))
			goto bad;
		if (!blob_string(&b, &s, &slen) || slen != kt->point_len || s[0] != 0x04)
			goto bad;
		if (kt->shape == SHAPE_SK_ECDSA && (!blob_string(&b, &s, &slen) || slen == 0))
			goto bad;
		break;
	case SHAPE_RSA:
		if (!blob_mpint_pos(&b, &ebits, &odd) || !odd || ebits < 2 || ebits > 64)
			goto bad;
		if (!blob_mpint_pos(&b, &nbits, &odd) || !odd)
			goto bad;
		if (nbits < RSA_BITS_MIN)
			return fail(why, RC_INVALID,
			            _("Clé RSA trop faible (%zu bits) : %d au moins, ou mieux ed25519."),
			            nbits, RSA_BITS_MIN);
		if (nbits > RSA_BITS_MAX)
			return fail(why, RC_INVALID,
			            _("Clé RSA trop grande (%zu bits, %d au plus)."),
			            nbits, RSA_BITS_MAX);
		break;
	}
	if (b.left != 0)
		goto bad;
	return RC_OK;
bad:
	return fail(why, RC_INVALID, _("Clé malformée : son contenu est tronqué ou altéré."));
}

/* Explains why a first word that is not a key type was refused. */
static int first_word_refused(const char *w, size_t wlen, const char *rest, char **why)
{
	if (wlen >= 5 && memcmp(w, "-----", 5) == 0) {
		if (strstr(rest, "PRIVATE KEY") != NULL || memmem(w, wlen, "PRIVATE", 7) != NULL)
			return fail(why, RC_INVALID,
			            _("C'est une clé privée : ne la donnez jamais ! Collez le fichier .pub."));
		return fail(why, RC_INVALID,
		            _("Format non accepté : collez la ligne OpenSSH « ssh-ed25519 AAAA… »."));
	}
	if (wlen >= 4 && memcmp(w, "----", 4) == 0)
		return fail(why, RC_INVALID,
		            _("Format RFC 4716 : convertissez avec « ssh-keygen -i -f FICHIER »."));
	if (wlen == 7 && memcmp(w, "ssh-dss", 7) == 0)
		return fail(why, RC_INVALID,
		            _("Les clés DSA ne sont plus acceptées : créez une clé ed25519."));
	if (memmem(w, wlen, "-cert-v01@openssh.com", 21) != NULL)
		return fail(why, RC_INVALID,
		            _("Les certificats SSH ne sont pas acceptés : collez la clé elle-même."));
	for (size_t i = 0; i < ARRAY_LEN(key_options); i++) {
		size_t olen = strlen(key_options[i]);
		if (wlen >= olen && memcmp(w, key_options[i], olen) == 0 &&
		    (key_options[i][olen - 1] == '=' || wlen == olen || w[olen] == ','))
			goto options;
	}
	/* A known type further on means the line starts with options. */
	for (const char *p = rest; *p != '\0';) {
		size_t n;
		while (is_sep(*p))
			p++;
		n = strcspn(p, " \t");
		if (n > 0 && key_type_find(p, n) != NULL)
			goto options;
		p += n;
	}
	return fail(why, RC_INVALID,
	            _("Type de clé inconnu (acceptés : ssh-ed25519, ecdsa-sha2-*, ssh-rsa)."));
options:
	return fail(why, RC_INVALID,
	            _("Les options authorized_keys (command=, from=…) sont refusées."));
}

int sshkey_line_check(const char *line, char **canonical, char **why)
{
	const struct key_type *kt;
	const char *p, *end, *tw, *bw, *cw, *b64_end = NULL;
	size_t len, tlen, blen, clen, bin_len = 0, ncp = 0, off;
	unsigned char *bin = NULL;
	char *comment = NULL;
	uint32_t cp;
	int rc = RC_INVALID;

	if (line == NULL)
		line = "";
	len = strnlen(line, SSHKEY_LINE_MAX + 1);
	if (len > SSHKEY_LINE_MAX)
		return fail(why, RC_INVALID, _("Ligne de clé trop longue (%d octets au plus)."),
		            SSHKEY_LINE_MAX);
	/* Trim surrounding blanks and the newline a paste or a file brings. */
	p = line;
	end = line + len;
	while (p < end && (is_sep(*p) || *p == '\n' || *p == '\r'))
		p++;
	while (end > p && (is_sep(end[-1]) || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (p == end)
		return fail(why, RC_INVALID,
		            _("La clé est vide : collez une ligne « ssh-ed25519 AAAA… »."));
	if (memchr(p, '\n', (size_t)(end - p)) != NULL || memchr(p, '\r', (size_t)(end - p)) != NULL)
		return fail(why, RC_INVALID, _("La clé doit tenir sur une seule ligne."));
	if (!utf8_valid(p, (size_t)(end - p)))
		return fail(why, RC_INVALID, _("La ligne de clé n'est pas un texte UTF-8 valide."));

	tw = p;
	tlen = 0;
	while (tw + tlen < end && !is_sep(tw[tlen]))
		tlen++;
	kt = key_type_find(tw, tlen);
	if (kt == NULL) {
		char *rest = xstrndup(tw + tlen, (size_t)(end - (tw + tlen)));
		rc = first_word_refused(tw, tlen, rest, why);
		free(rest);
		return rc;
	}
	bw = tw + tlen;
	while (bw < end && is_sep(*bw))
		bw++;
	blen = 0;
	while (bw + blen < end && !is_sep(bw[blen]))
		blen++;
	if (blen == 0)
		return fail(why, RC_INVALID, _("Clé incomplète : il manque la partie en base64."));
	cw = bw + blen;
	while (cw < end && is_sep(*cw))
		cw++;
	clen = (size_t)(end - cw);

	bin = xmalloc(SSHKEY_BLOB_MAX);
	if (sodium_base642bin(bin, SSHKEY_BLOB_MAX, bw, blen, NULL, &bin_len, &b64_end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    b64_end != bw + blen || bin_len == 0) {
		rc = fail(why, RC_INVALID, _("Clé malformée : la partie en base64 est invalide."));
		goto out;
	}
	if ((rc = blob_check(kt, bin, bin_len, why)) != RC_OK)
		goto out;

	/* The comment is shown on screens: printable text, blanks made single spaces. */
	comment = xmalloc(clen + 1);
	off = 0;
	for (size_t i = 0; i < clen;) {
		size_t step = utf8_decode(cw + i, clen - i, &cp);
		if (cp == '\t' || cp == ' ') {
			if (off > 0 && comment[off - 1] != ' ')
				comment[off++] = ' ';
			i += step;
			ncp++;
			continue;
		}
		if (cp == UTF8_INVALID || text_is_control(cp)) {
			rc = fail(why, RC_INVALID,
			          _("Le commentaire de la clé contient un caractère de contrôle."));
			goto out;
		}
		memcpy(comment + off, cw + i, step);
		off += step;
		i += step;
		ncp++;
	}
	comment[off] = '\0';
	if (ncp > SSHKEY_COMMENT_MAX) {
		rc = fail(why, RC_INVALID,
		          _("Commentaire de la clé trop long (%d caractères au plus)."),
		          SSHKEY_COMMENT_MAX);
		goto out;
	}
	if (canonical != NULL) {
		if (off > 0)
			*canonical = xasprintf("%s %.*s %s", kt->name, (int)blen, bw, comment);
		else
			*canonical = xasprintf("%s %.*s", kt->name, (int)blen, bw);
	}
	rc = RC_OK;
out:
	free(bin);
	free(comment);
	return rc;
}

int sshkey_line_split(const char *line, char **type, char **b64)
{
	const char *p, *t, *b;
	size_t tlen, blen;

	*type = NULL;
	*b64 = NULL;
	if (line == NULL || strnlen(line, SSHKEY_LINE_MAX + 1) > SSHKEY_LINE_MAX)
		return RC_INVALID;
	p = line;
	while (is_sep(*p))
		p++;
	t = p;
	tlen = strcspn(t, " \t\r\n");
	p = t + tlen;
	while (is_sep(*p))
		p++;
	b = p;
	blen = strcspn(b, " \t\r\n");
	if (tlen == 0 || blen == 0 || key_type_find(t, tlen) == NULL)
		return RC_INVALID;
	*type = xstrndup(t, tlen);
	*b64 = xstrndup(b, blen);
	return RC_OK;
}
