/*
 * model.h — the entities of recond as plain data: roles, accounts and
 * organisations. This is the vocabulary shared by core/ (which decides) and
 * store/ (which keeps): types and their clean-up only, no rules, no I/O.
 */
#ifndef RECOND_MODEL_H
#define RECOND_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role {
	ROLE_NONE = 0,
	ROLE_COLLECTIVITE,
	ROLE_FRANCE_SERVICES,
	ROLE_PREFECTURE,
	ROLE_RECONDITIONNEUR,
	ROLE_ANCT,
	ROLE_COUNT
};

#define LOGIN_MAX 32           /* bytes, [a-z0-9._-], starts with a letter */
#define ACCOUNT_KEYS_MAX 16    /* registered SSH public keys per account */
#define SSHKEY_LINE_MAX 8192   /* one OpenSSH public key line, bytes */
#define PWHASH_MAX 128         /* encoded password hash, with its NUL */
#define ORG_NAME_MAX 200       /* bytes of UTF-8 */
#define PERSON_MAX 120         /* a person's name, function: bytes of UTF-8 */
#define EMAIL_MAX 254
#define PHONE_MAX 20

struct account {
	uint64_t id;              /* > 0 once stored */
	uint64_t version;         /* 1 at insert, +1 at each update */
	char login[LOGIN_MAX + 1];
	enum role role;
	uint64_t org_id;          /* 0 when the account belongs to no organisation */
	char pwhash[PWHASH_MAX];  /* argon2id string; "" when password login is off */
	size_t nkeys;
	char *keys[ACCOUNT_KEYS_MAX]; /* OpenSSH lines "type base64 [comment]", owned */
	bool disabled;
	/*
	 * Its password was reset by the programme team (a one-time password):
	 * the next session asks for a new one before anything else; cleared
	 * when the person changes it.
	 */
	bool must_change_pw;
	int64_t created_at;       /* seconds since the epoch, UTC */
	int64_t updated_at;
};

/* Frees the keys and wipes the hash; the struct may be reused after. */
void account_clear(struct account *a);
/* Deep copy of src into dst (dst must be clear). */
void account_copy(struct account *dst, const struct account *src);

enum org_kind {
	ORG_KIND_NONE = 0,
	ORG_COMMUNE,
	ORG_DEPARTEMENT,
	ORG_REGION,
	ORG_METROPOLE,
	ORG_COMMUNAUTE_URBAINE,
	ORG_COMMUNAUTE_AGGLO,
	ORG_COMMUNAUTE_COMMUNES,
	ORG_SYNDICAT,             /* syndicat or other grouping, art. L5111-1 CGCT */
	ORG_FRANCE_SERVICES,      /* structure porteuse of a France Services space */
	ORG_RECONDITIONNEUR,
	ORG_PREFECTURE,
	ORG_ANCT,
	/* kinds that may not pre-order (refused with advice) */
	ORG_ENTREPRISE,
	ORG_CHAMBRE_CONSULAIRE,
	ORG_MISSION_LOCALE,
	ORG_CCAS,
	ORG_ASSOCIATION,
	ORG_CHAMBRE_AGRICULTURE,
	ORG_KIND_COUNT
};

enum org_status {
	ORG_PENDING = 0,          /* en attente de validation */
	ORG_VALIDATED,            /* validée par l'équipe du programme */
	ORG_REFUSED,              /* refusée */
	ORG_STATUS_COUNT
};

struct contact {
	char name[PERSON_MAX + 1];
	char function[PERSON_MAX + 1];
	char email[EMAIL_MAX + 1];
	char phone[PHONE_MAX + 1];
};

#define ORG_FS_MAX 8           /* France Services spaces one structure may carry */
#define ORG_FS_ID_MAX 23       /* bytes of a register id (id_fs) */

/* A labelled France Services space picked from the register: its id and commune. */
struct org_fs {
	char id[ORG_FS_ID_MAX + 1];
	char insee[6];            /* commune in force the register files it under */
};

struct org {
	uint64_t id;              /* > 0 once stored */
	uint64_t version;
	enum org_kind kind;
	enum org_status status;
	char name[ORG_NAME_MAX + 1];
	char siret[15];           /* 14 digits, or "" when unknown */
	char siren[10];           /* 9 digits, or "" (préfecture, ANCT need none) */
	char insee[6];            /* commune of the seat, INSEE code ("2A004") */
	char dept[4];             /* département code ("23", "2A", "974") */
	struct contact contact;
	size_t nfs;               /* spaces picked from the France Services register */
	struct org_fs fs[ORG_FS_MAX];
	int64_t created_at;
	int64_t updated_at;
};

#endif
