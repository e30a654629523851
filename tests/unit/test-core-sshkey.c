/*
 * test-core-sshkey.c — OpenSSH public key lines: every accepted type (real
 * keys made by ssh-keygen, and hand-built security-key blobs), and the
 * refusals: malformed base64, blobs that lie about their type or are
 * truncated or padded, weak RSA, options, certificates, DSA, private keys,
 * several lines, control characters in the comment, size caps.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static const char key_ed25519[] =
	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFqh9ZAEDpdN+lGC7bzyM3A/yP7unK9vBf"
	"ecwUONN5P/ test-ed25519@recond";
static const char key_rsab2048[] =
	"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDBSGbAojCj1lVZ1hNn9rm+16ENFE7cLx"
	"Ve7FzNHFZ+t8k8igqm0ekU7u8+KjUoB9ifeq5kWaqiG7y5n8GxwTkEIaKvataSmsjJq2dl"
	"PRaQH5RJJbt9J0gcCK36PJbicRdxOQuyUqyBt3TRHyT9SGFfYUI4EGbsVkOjoqbo1w4+Dt"
	"mIzl2g0Fa8CjO2z2nLhd0MQUSomgXTlEjwpEqWvQH2OYJToWeXo359q+jDY/FZCca1oPxM"
	"lLot5hpG+vhBfUxWhbV8dn0XIOK+9w+33vr8m9r36yyX+hzw+4jIdfxPO8i0zGqx6GI5j4"
	"c0o0i8xIWzH5L3RYQvEmx9mLzLDINb test-rsab2048@recond";
static const char key_rsab1024[] =
	"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDGARliz3jwRa9xmNr8xv69d11KBiN1ya"
	"N7w2D+i0+pLfhDh2ZNPJFOMh2IPs2C3wmMnBdnKGnudeREpLSZTus2Oke2q7gJfA0XGynl"
	"DFo7QbRFoFHvk6mhd66hmx/dwyBcHRCkjn2HpzGp75QYkfRd3ZI8JyDa/fbttKAANbiovw"
	"== test-rsab1024@recond";
static const char key_ecdsab256[] =
	"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAA"
	"BBBMLW6ztoHdzcT9cy2TjGGpmahLFzlmCbLoCFKOqwoMzfhzgSgqca5PwREoswdzHARFh+"
	"9jGnCYB+oAgZN35BlJg= test-ecdsab256@recond";
static const char key_ecdsab384[] =
	"ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAA"
	"BhBJ4cHGXvT7CTZ4JPbfsrlAu8v79foBFW1USEvDSjlJK9z7kOZ6Q3+M5Tm/YtFVleeJPm"
	"Y6oEqNU5b/YVXX/2DRgqmUrKtORdqqHJxSQf0RSpL3SOxz3I2KOJabredqSYiw== test-"
	"ecdsab384@recond";
static const char key_ecdsab521[] =
	"ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAA"
	"CFBADuYIlwNp9mDqIeXLp5jZiLiHUnsEfKmezbrbJsx2UTZtjtd5f0SydYQmw9iMoma6Jb"
	"cYj9XVEwKZMNdt2J9XcuhwEVLPdmO33qtmFg94fboZgNwguh6wA0e+x70DhF6DpW0QnjVJ"
	"+iCNJEpPKT2R/2kfkEUXGGkc4Vblr1pvaRuizatQ== test-ecdsab521@recond";


/* ---- building blobs by hand ---- */

struct blob {
	unsigned char b[4096];
	size_t n;
};

static void put_str(struct blob *b, const void *data, size_t n)
{
	assert_true(b->n + 4 + n <= sizeof b->b);
	b->b[b->n++] = (unsigned char)(n >> 24);
	b->b[b->n++] = (unsigned char)(n >> 16);
	b->b[b->n++] = (unsigned char)(n >> 8);
	b->b[b->n++] = (unsigned char)n;
	memcpy(b->b + b->n, data, n);
	b->n += n;
}

static void put_cstr(struct blob *b, const char *s)
{
	put_str(b, s, strlen(s));
}

static void put_bytes(struct blob *b, size_t n, unsigned char first, unsigned char fill)
{
	unsigned char buf[1024];

	assert_true(n > 0 && n <= sizeof buf);
	memset(buf, fill, n);
	buf[0] = first;
	put_str(b, buf, n);
}

/* "type base64 comment" for a hand-built blob; caller frees. */
static char *line_of(const char *type, const struct blob *b, const char *comment)
{
	size_t cap = sodium_base64_encoded_len(b->n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(cap);
	char *line;

	assert_non_null(b64);
	sodium_bin2base64(b64, cap, b->b, b->n, sodium_base64_VARIANT_ORIGINAL);
	line = xasprintf("%s %s%s%s", type, b64, comment ? " " : "", comment ? comment : "");
	free(b64);
	return line;
}

static void expect_ok(const char *line, const char *canonical_want)
{
	char *canon = NULL, *why = NULL;
	int rc = sshkey_line_check(line, &canon, &why);

	if (rc != RC_OK)
		fail_msg("refused: %s\nline: %s", why ? why : "(no reason)", line);
	assert_null(why);
	assert_non_null(canon);
	if (canonical_want != NULL)
		assert_string_equal(canon, canonical_want);
	free(canon);
}

/* Refused, with a French reason containing `part`. */
static void expect_bad(const char *line, const char *part)
{
	char *canon = NULL, *why = NULL;
	int rc = sshkey_line_check(line, &canon, &why);

	if (rc != RC_INVALID)
		fail_msg("accepted (rc %d): %s", rc, line);
	assert_null(canon);
	assert_non_null(why);
	if (strstr(why, part) == NULL)
		fail_msg("reason « %s » lacks « %s »", why, part);
	free(why);
}

/* ---- accepted ---- */

static void test_real_keys_accepted(void **state)
{
	(void)state;
	expect_ok(key_ed25519, key_ed25519);
	expect_ok(key_rsab2048, key_rsab2048);
	expect_ok(key_ecdsab256, key_ecdsab256);
	expect_ok(key_ecdsab384, key_ecdsab384);
	expect_ok(key_ecdsab521, key_ecdsab521);
}

static void test_canonical_form(void **state)
{
	char *line, *want;
	char *type = NULL, *b64 = NULL;
	(void)state;

	assert_int_equal(sshkey_line_split(key_ed25519, &type, &b64), RC_OK);
	/* Surrounding blanks, CRLF, tabs and runs of blanks in the comment. */
	line = xasprintf("  \tssh-ed25519\t %s   Marie  Dupont\t(mairie) \r\n", b64);
	want = xasprintf("ssh-ed25519 %s Marie Dupont (mairie)", b64);
	expect_ok(line, want);
	free(line);
	free(want);
	/* No comment at all. */
	line = xasprintf("ssh-ed25519 %s", b64);
	expect_ok(line, line);
	free(line);
	/* Accented comment kept as is. */
	line = xasprintf("ssh-ed25519 %s Hélène@préfecture-23 €", b64);
	expect_ok(line, line);
	free(line);
	/* canonical may be NULL. */
	assert_int_equal(sshkey_line_check(key_ed25519, NULL, NULL), RC_OK);
	free(type);
	free(b64);
}

static void test_sk_keys_accepted(void **state)
{
	struct blob b = { .n = 0 };
	char *line;
	(void)state;

	put_cstr(&b, "sk-ssh-ed25519@openssh.com");
	put_bytes(&b, 32, 0x11, 0x22);
	put_cstr(&b, "ssh:");
	line = line_of("sk-ssh-ed25519@openssh.com", &b, "yubikey");
	expect_ok(line, line);
	free(line);

	b.n = 0;
	put_cstr(&b, "sk-ecdsa-sha2-nistp256@openssh.com");
	put_cstr(&b, "nistp256");
	put_bytes(&b, 65, 0x04, 0x33);
	put_cstr(&b, "ssh:");
	line = line_of("sk-ecdsa-sha2-nistp256@openssh.com", &b, NULL);
	expect_ok(line, line);
	free(line);
}

/* ---- refused: the line ---- */

static void test_empty_and_blank(void **state)
{
	(void)state;
	expect_bad(NULL, "vide");
	expect_bad("", "vide");
	expect_bad("  \t \r\n", "vide");
}

static void test_unknown_type(void **state)
{
	(void)state;
	expect_bad("ssh-foo AAAAC3NzaC1lZDI1NTE5", "Type de clé inconnu");
	expect_bad("bonjour", "Type de clé inconnu");
	expect_bad("SSH-ED25519 AAAAC3NzaC1lZDI1NTE5AAAAIFqh9ZAEDpdN", "Type de clé inconnu");
}

static void test_type_only(void **state)
{
	(void)state;
	expect_bad("ssh-ed25519", "base64");
	expect_bad("ssh-ed25519   ", "base64");
}

static void test_options_refused(void **state)
{
	char *line;
	(void)state;

	line = xasprintf("command=\"/bin/sh\" %s", key_ed25519);
	expect_bad(line, "options");
	free(line);
	line = xasprintf("no-pty,no-port-forwarding %s", key_ed25519);
	expect_bad(line, "options");
	free(line);
	line = xasprintf("restrict %s", key_ed25519);
	expect_bad(line, "options");
	free(line);
	line = xasprintf("from=\"10.0.0.1\" %s", key_rsab2048);
	expect_bad(line, "options");
	free(line);
	/* An unknown option word followed by a real key is still options. */
	line = xasprintf("frobnicate %s", key_ecdsab256);
	expect_bad(line, "options");
	free(line);
}

static void test_other_formats_refused(void **state)
{
	(void)state;
	expect_bad("-----BEGIN OPENSSH PRIVATE KEY-----", "clé privée");
	expect_bad("-----BEGIN RSA PRIVATE KEY----- MIIEow", "clé privée");
	expect_bad("-----BEGIN PUBLIC KEY-----", "Format non accepté");
	expect_bad("---- BEGIN SSH2 PUBLIC KEY ----", "RFC 4716");
	expect_bad("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "DSA");
	expect_bad("ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQ", "certificats");
	expect_bad("ecdsa-sha2-nistp256-cert-v01@openssh.com AAAA", "certificats");
}

static void test_multiline_refused(void **state)
{
	char *line;
	(void)state;

	line = xasprintf("%s\n%s", key_ed25519, key_rsab2048);
	expect_bad(line, "une seule ligne");
	free(line);
	line = xasprintf("ssh-ed25519 AAAAC3NzaC1lZDI1\r\nNTE5AAAAIFqh9ZAEDpdN");
	expect_bad(line, "une seule ligne");
	free(line);
}

static void test_bad_base64(void **state)
{
	char *type = NULL, *b64 = NULL, *line;
	size_t n;
	(void)state;

	assert_int_equal(sshkey_line_split(key_ed25519, &type, &b64), RC_OK);
	n = strlen(b64);
	/* A character outside the alphabet. */
	line = xasprintf("ssh-ed25519 %.*s!%s", (int)(n / 2), b64, b64 + n / 2 + 1);
	expect_bad(line, "base64");
	free(line);
	/* URL-safe alphabet is not OpenSSH's. */
	line = xasprintf("ssh-ed25519 %s", b64);
	for (char *p = line; *p; p++)
		if (*p == '+')
			*p = '-';
		else if (*p == '/')
			*p = '_';
	if (strchr(b64, '+') != NULL || strchr(b64, '/') != NULL)
		expect_bad(line, "base64");
	free(line);
	/* Truncated in the middle of a quantum. */
	line = xasprintf("ssh-ed25519 %.*s", (int)(n - 6), b64);
	expect_bad(line, "base64");
	free(line);
	/* Truncated on a quantum boundary: decodes, but the blob is short. */
	line = xasprintf("ssh-ed25519 %.*s", (int)(n - 8), b64);
	expect_bad(line, "malformée");
	free(line);
	free(type);
	free(b64);
	/* Missing padding (a nistp256 blob is 104 bytes: one "="). */
	assert_int_equal(sshkey_line_split(key_ecdsab256, &type, &b64), RC_OK);
	n = strlen(b64);
	assert_int_equal(b64[n - 1], '=');
	line = xasprintf("ecdsa-sha2-nistp256 %.*s", (int)(n - 1), b64);
	expect_bad(line, "base64");
	free(line);
	/* Padding in the middle. */
	line = xasprintf("ecdsa-sha2-nistp256 %.*s=%s", (int)(n / 2), b64, b64 + n / 2);
	expect_bad(line, "base64");
	free(line);
	free(type);
	free(b64);
}

/* ---- refused: the blob ---- */

static void test_blob_type_mismatch(void **state)
{
	char *type = NULL, *b64 = NULL, *line;
	(void)state;

	/* An ed25519 blob announced as RSA, and the other way round. */
	assert_int_equal(sshkey_line_split(key_ed25519, &type, &b64), RC_OK);
	line = xasprintf("ssh-rsa %s", b64);
	expect_bad(line, "incohérente");
	free(line);
	free(type);
	free(b64);
	assert_int_equal(sshkey_line_split(key_ecdsab384, &type, &b64), RC_OK);
	line = xasprintf("ecdsa-sha2-nistp256 %s", b64);
	expect_bad(line, "incohérente");
	free(line);
	line = xasprintf("ssh-ed25519 %s", b64);
	expect_bad(line, "incohérente");
	free(line);
	free(type);
	free(b64);
}

static void test_ed25519_malformed(void **state)
{
	struct blob b;
	char *line;
	(void)state;

	/* Public key of 31 bytes. */
	b.n = 0;
	put_cstr(&b, "ssh-ed25519");
	put_bytes(&b, 31, 1, 2);
	line = line_of("ssh-ed25519", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Trailing bytes after the key. */
	b.n = 0;
	put_cstr(&b, "ssh-ed25519");
	put_bytes(&b, 32, 1, 2);
	b.b[b.n++] = 0;
	line = line_of("ssh-ed25519", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Length field larger than what follows. */
	b.n = 0;
	put_cstr(&b, "ssh-ed25519");
	put_bytes(&b, 32, 1, 2);
	b.b[18] = 0xff;
	line = line_of("ssh-ed25519", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Only the type. */
	b.n = 0;
	put_cstr(&b, "ssh-ed25519");
	line = line_of("ssh-ed25519", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Security-key variant without its application string. */
	b.n = 0;
	put_cstr(&b, "sk-ssh-ed25519@openssh.com");
	put_bytes(&b, 32, 1, 2);
	line = line_of("sk-ssh-ed25519@openssh.com", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
}

static void test_ecdsa_malformed(void **state)
{
	struct blob b;
	char *line;
	(void)state;

	/* Wrong curve name inside. */
	b.n = 0;
	put_cstr(&b, "ecdsa-sha2-nistp256");
	put_cstr(&b, "nistp384");
	put_bytes(&b, 65, 0x04, 7);
	line = line_of("ecdsa-sha2-nistp256", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Compressed point. */
	b.n = 0;
	put_cstr(&b, "ecdsa-sha2-nistp256");
	put_cstr(&b, "nistp256");
	put_bytes(&b, 33, 0x02, 7);
	line = line_of("ecdsa-sha2-nistp256", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Right length, wrong first byte. */
	b.n = 0;
	put_cstr(&b, "ecdsa-sha2-nistp521");
	put_cstr(&b, "nistp521");
	put_bytes(&b, 133, 0x05, 7);
	line = line_of("ecdsa-sha2-nistp521", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* 384 point length under a 521 name. */
	b.n = 0;
	put_cstr(&b, "ecdsa-sha2-nistp521");
	put_cstr(&b, "nistp521");
	put_bytes(&b, 97, 0x04, 7);
	line = line_of("ecdsa-sha2-nistp521", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Security-key variant without application. */
	b.n = 0;
	put_cstr(&b, "sk-ecdsa-sha2-nistp256@openssh.com");
	put_cstr(&b, "nistp256");
	put_bytes(&b, 65, 0x04, 7);
	line = line_of("sk-ecdsa-sha2-nistp256@openssh.com", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
}

static void rsa_blob(struct blob *b, const unsigned char *e, size_t elen, size_t nlen,
                     unsigned char ntop, unsigned char nlast)
{
	unsigned char n[1100];

	assert_true(nlen <= sizeof n);
	memset(n, 0xA5, nlen);
	n[0] = ntop;
	n[nlen - 1] = nlast;
	b->n = 0;
	put_cstr(b, "ssh-rsa");
	put_str(b, e, elen);
	put_str(b, n, nlen);
}

static void test_rsa_rules(void **state)
{
	static const unsigned char e65537[] = { 0x01, 0x00, 0x01 };
	static const unsigned char e_even[] = { 0x01, 0x00, 0x00 };
	static const unsigned char e_neg[] = { 0x81, 0x00, 0x01 };
	static const unsigned char e_pad[] = { 0x00, 0x01, 0x00, 0x01 };
	struct blob b;
	char *line;
	(void)state;

	/* A 2048-bit modulus needs a leading zero (top bit set): accepted. */
	rsa_blob(&b, e65537, 3, 257, 0x00, 0x01);
	b.b[4 + 7 + 4 + 3 + 4 + 1] = 0xC3;
	line = line_of("ssh-rsa", &b, NULL);
	expect_ok(line, line);
	free(line);
	/* The real 1024-bit key: too weak. */
	expect_bad(key_rsab1024, "trop faible");
	/* Negative modulus (top bit set, no leading zero). */
	rsa_blob(&b, e65537, 3, 256, 0xC3, 0x01);
	line = line_of("ssh-rsa", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Even modulus. */
	rsa_blob(&b, e65537, 3, 256, 0x43, 0x02);
	line = line_of("ssh-rsa", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Even, negative or padded exponent. */
	rsa_blob(&b, e_even, 3, 256, 0x43, 0x01);
	line = line_of("ssh-rsa", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	rsa_blob(&b, e_neg, 3, 256, 0x43, 0x01);
	line = line_of("ssh-rsa", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	rsa_blob(&b, e_pad, 4, 256, 0x43, 0x01);
	line = line_of("ssh-rsa", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* Missing modulus. */
	b.n = 0;
	put_cstr(&b, "ssh-rsa");
	put_str(&b, e65537, 3);
	line = line_of("ssh-rsa", &b, NULL);
	expect_bad(line, "malformée");
	free(line);
	/* 2040-bit modulus: under the floor. */
	rsa_blob(&b, e65537, 3, 255, 0x43, 0x01);
	line = line_of("ssh-rsa", &b, NULL);
	expect_bad(line, "trop faible");
	free(line);
}

/* ---- refused: the comment and the caps ---- */

static void test_comment_rules(void **state)
{
	char *type = NULL, *b64 = NULL, *line, *longc;
	(void)state;

	assert_int_equal(sshkey_line_split(key_ed25519, &type, &b64), RC_OK);
	line = xasprintf("ssh-ed25519 %s evil\x1b]0;pwned\x07", b64);
	expect_bad(line, "caractère de contrôle");
	free(line);
	line = xasprintf("ssh-ed25519 %s a\xc2\x9b" "31mrouge", b64);
	expect_bad(line, "caractère de contrôle");
	free(line);
	line = xasprintf("ssh-ed25519 %s \xe2\x80\xae" "abc", b64);
	expect_bad(line, "caractère de contrôle");
	free(line);
	line = xasprintf("ssh-ed25519 %s bad\xff", b64);
	expect_bad(line, "UTF-8");
	free(line);
	line = xasprintf("ssh-ed25519 %s x\x7f", b64);
	expect_bad(line, "caractère de contrôle");
	free(line);
	longc = malloc(SSHKEY_COMMENT_MAX + 2);
	assert_non_null(longc);
	memset(longc, 'c', SSHKEY_COMMENT_MAX);
	longc[SSHKEY_COMMENT_MAX] = '\0';
	line = xasprintf("ssh-ed25519 %s %s", b64, longc);
	expect_ok(line, line);
	free(line);
	longc[SSHKEY_COMMENT_MAX] = 'c';
	longc[SSHKEY_COMMENT_MAX + 1] = '\0';
	line = xasprintf("ssh-ed25519 %s %s", b64, longc);
	expect_bad(line, "trop long");
	free(line);
	free(longc);
	free(type);
	free(b64);
}

static void test_line_cap(void **state)
{
	char *line = malloc(SSHKEY_LINE_MAX + 2);
	(void)state;

	assert_non_null(line);
	memset(line, 'A', SSHKEY_LINE_MAX + 1);
	memcpy(line, "ssh-rsa ", 8);
	line[SSHKEY_LINE_MAX + 1] = '\0';
	expect_bad(line, "trop longue");
	/* Exactly at the cap: refused for its content, not its length. */
	line[SSHKEY_LINE_MAX] = '\0';
	{
		char *why = NULL;
		assert_int_equal(sshkey_line_check(line, NULL, &why), RC_INVALID);
		assert_non_null(why);
		assert_null(strstr(why, "trop longue"));
		free(why);
	}
	free(line);
}

static void test_split(void **state)
{
	char *type = NULL, *b64 = NULL;
	(void)state;

	assert_int_equal(sshkey_line_split(key_ecdsab521, &type, &b64), RC_OK);
	assert_string_equal(type, "ecdsa-sha2-nistp521");
	assert_true(strncmp(b64, "AAAAE2VjZHNh", 12) == 0);
	assert_null(strchr(b64, ' '));
	free(type);
	free(b64);
	assert_int_equal(sshkey_line_split("ssh-ed25519", &type, &b64), RC_INVALID);
	assert_null(type);
	assert_null(b64);
	assert_int_equal(sshkey_line_split("foo AAAA", &type, &b64), RC_INVALID);
	assert_int_equal(sshkey_line_split(NULL, &type, &b64), RC_INVALID);
	assert_int_equal(sshkey_line_split("", &type, &b64), RC_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_keys_accepted),
		cmocka_unit_test(test_canonical_form),
		cmocka_unit_test(test_sk_keys_accepted),
		cmocka_unit_test(test_empty_and_blank),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_type_only),
		cmocka_unit_test(test_options_refused),
		cmocka_unit_test(test_other_formats_refused),
		cmocka_unit_test(test_multiline_refused),
		cmocka_unit_test(test_bad_base64),
		cmocka_unit_test(test_blob_type_mismatch),
		cmocka_unit_test(test_ed25519_malformed),
		cmocka_unit_test(test_ecdsa_malformed),
		cmocka_unit_test(test_rsa_rules),
		cmocka_unit_test(test_comment_rules),
		cmocka_unit_test(test_line_cap),
		cmocka_unit_test(test_split),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
