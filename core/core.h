/*
 * core.h — recond's rules and use cases for accounts, roles and menus.
 * Pure C: no curses, LMDB or libssh here. Use cases take a struct store and
 * run one transaction each; a reason meant for a person comes back in *why
 * (French, caller frees).
 */
#ifndef RECOND_CORE_H
#define RECOND_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/util.h"

struct store;

/* ---- roles (role.c) ---- */

/* "collectivite", "france_services", "prefecture", "reconditionneur", "anct". */
const char *role_name(enum role r);
/* French label for screens: "Collectivité", "France Services", … */
const char *role_label(enum role r);
/* Parses a role name; RC_INVALID (with *why) if unknown. */
int role_parse(const char *s, enum role *out, char **why);
/*
 * True when an account of role r may belong to an organisation of kind k:
 * collectivité roles to communes, départements, régions, EPCI and syndicats;
 * France Services to a structure porteuse; préfecture, reconditionneur and
 * ANCT to an organisation of their own kind.
 */
bool role_fits_org(enum role r, enum org_kind k);

/* ---- text from people (text.c) ---- */

#define UTF8_INVALID 0xFFFFFFFFu
/*
 * Decodes the code point at s[0..len) strictly (Unicode table 3-7). Returns
 * the bytes consumed (0 only when len == 0) and sets *cp; on a malformed
 * sequence *cp = UTF8_INVALID and the return is the length of the maximal
 * invalid subpart (at least 1), so a caller can step over it.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/*
 * True for the code points never shown as such on a terminal: C0 controls
 * (including newline, tab and ESC), DEL, C1 controls U+0080..U+009F (CSI,
 * OSC…), line/paragraph separators and the bidirectional overrides,
 * embeddings and isolates (U+202A..U+202E, U+2066..U+2069).
 */
bool text_is_control(uint32_t cp);
/*
 * True for the invisible code points that can disguise a text: the bidi
 * marks (U+200E, U+200F, U+061C), zero-width characters (U+200B..U+200D,
 * U+2060..U+2064, U+FEFF…), fillers that draw nothing (U+3164, U+115F…),
 * the soft hyphen and the tag characters U+E0000..U+E007F.
 */
bool text_is_invisible(uint32_t cp);
#define TEXT_ZWJ 0x200D             /* zero-width joiner: allowed between two emoji */
#define TEXT_COMBINING_MAX 3        /* combining marks on one base character */
/* True for a combining mark (the main blocks: U+0300..U+036F, U+1AB0.., U+20D0..…). */
bool text_is_combining(uint32_t cp);
/*
 * True for a code point a field refuses as it is typed, before echoing it:
 * text_is_control() or text_is_invisible(), but the ZWJ (judged with its
 * neighbours by text_check()).
 */
bool text_key_refused(uint32_t cp);
/* True when s[0..len) is valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool utf8_valid(const char *s, size_t len);
/* Number of code points of a valid UTF-8 string. */
size_t utf8_len(const char *s);
/*
 * Checks one field typed by a person: valid UTF-8, no control characters
 * (text_is_control(); newline allowed only if multiline), no invisible
 * ones (text_is_invisible(); a ZWJ only between two emoji), at most
 * TEXT_COMBINING_MAX combining marks per base character, at most max_chars
 * code points and at least min_chars. `label` names the field in the French
 * reason. s may be NULL (taken as "").
 */
int text_check(const char *label, const char *s, size_t min_chars, size_t max_chars,
               bool multiline, char **why);
/*
 * Returns a fresh copy of s safe to show on any terminal: each maximal
 * invalid UTF-8 subpart and every code point for which text_is_control() is
 * true (ESC, CSI, BEL, DEL, C1, bidi overrides…) or text_is_invisible()
 * replaced by U+FFFD, combining marks past TEXT_COMBINING_MAX on a base
 * and ZWJs not between two emoji dropped, "\n" kept only if keep_newlines.
 * s may be NULL (gives ""). Caller frees.
 */
char *text_sanitize(const char *s, bool keep_newlines);

/* ---- SSH public keys (sshkey.c) ---- */

#define SSHKEY_COMMENT_MAX 200   /* code points of a key's comment */

/*
 * Checks one OpenSSH public key line ("ssh-ed25519 AAAA… comment") of at most
 * SSHKEY_LINE_MAX bytes. Accepted types: ssh-ed25519, ssh-rsa (2048 to 16384
 * bits), ecdsa-sha2-nistp256/384/521, sk-ssh-ed25519@openssh.com,
 * sk-ecdsa-sha2-nistp256@openssh.com. The base64 blob must decode (standard
 * alphabet, padded) and have exactly the structure of its type, starting with
 * the same type name. Refused with a French reason in *why (RC_INVALID):
 * authorized_keys options, certificates, DSA, private keys, RFC 4716 blocks,
 * several lines, a comment with control characters or longer than
 * SSHKEY_COMMENT_MAX. On success *canonical (if not NULL) gets
 * "type base64[ comment]" with surrounding blanks trimmed and blanks in the
 * comment made single spaces; caller frees.
 */
int sshkey_line_check(const char *line, char **canonical, char **why);
/*
 * Splits a line (as stored: checked and canonical) into its type and base64
 * parts, fresh strings the caller frees. RC_INVALID (both NULL) if the line
 * has fewer than two fields or an unknown type; the blob is not decoded.
 */
int sshkey_line_split(const char *line, char **type, char **b64);

/* ---- accounts (account.c) ---- */

#define PASSWORD_MIN 10        /* code points */
#define PASSWORD_MAX 128

/* Login syntax: 2..LOGIN_MAX bytes of [a-z0-9._-], starting with a letter. */
int account_login_check(const char *login, char **why);
/* Password policy (length, not only one class of character…). */
int password_policy_check(const char *pw, char **why);
/* argon2id hash of pw into out[PWHASH_MAX]. */
int password_hash(const char *pw, char out[PWHASH_MAX]);
/*
 * True if pw matches the stored hash (constant time); false for "" or NULL,
 * after the same work as a real check.
 */
bool password_verify(const char *hash, const char *pw);
/* True when hash was made with the current argon2id cost. */
bool password_hash_current(const char *hash);
/* The hash verified against when there is no real one (tests check its cost). */
const char *account_dummy_hash(void);

/* The account use cases (create, authenticate, passwords, keys): core/uc-account.h. */

/* ---- the FAQ (faq.c) ---- */

struct faq_entry {
	const char *section;   /* e.g. "Éligibilité" */
	const char *question;
	const char *answer;    /* paragraphs separated by "\n\n" */
};
/* The FAQ entries, static; *n gets their count. */
const struct faq_entry *faq_entries(size_t *n);

#endif
