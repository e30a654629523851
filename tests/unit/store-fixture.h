/*
 * store-fixture.h — helpers shared by the unit tests that use a store: a
 * fresh data directory per test (mkdtemp), created and opened, removed at
 * the end; the operator's use-case context.
 * Header-only so that each test-store-*.c stays one program.
 */
#ifndef RECOND_TEST_STORE_FIXTURE_H
#define RECOND_TEST_STORE_FIXTURE_H

#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/eligibility.h"
#include "core/model.h"
#include "core/permission.h"
#include "core/uc.h"
#include "core/util.h"
#include "store/store.h"

static int fixture_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes a directory tree (a test's temporary directory). */
static inline void fixture_rm_rf(const char *dir)
{
	nftw(dir, fixture_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh empty temporary directory; caller frees the path. */
static inline char *fixture_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = xasprintf("%s/recond-store-XXXXXX", base != NULL && *base ? base : "/tmp");

	if (mkdtemp(t) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return t;
}

/* A temporary directory holding a new database (in DIR/data); caller frees. */
static inline char *fixture_new_store(void)
{
	char *t = fixture_tmpdir();
	char *dir = xasprintf("%s/data", t);
	char *why = NULL;

	free(t);
	if (store_create(dir, &why) != RC_OK) {
		fprintf(stderr, "store_create: %s\n", why ? why : "?");
		abort();
	}
	return dir;
}

/*
 * The operator's use-case context (actor_system()) on st, dated `now` (0:
 * the current time). Static: valid until the next call.
 */
static inline const struct uc *fixture_system(struct store *st, int64_t now)
{
	static struct actor a;
	static struct uc uc;

	actor_system(&a);
	uc = (struct uc){ .st = st, .actor = &a, .now = now };
	return &uc;
}

/*
 * Zone facts for the use cases (struct uc .facts): every organisation's
 * commune is classed ZRR and every list is "imported" (liste.csv), so that
 * eligibility says yes without reference lists in the store.
 */
static inline int fixture_zrr_facts(struct store_txn *txn, const struct org *o,
                                    struct zone_facts *out, void *ctx)
{
	struct commune_zone *c = xcalloc(1, sizeof *c);

	(void)txn;
	(void)ctx;
	memset(out, 0, sizeof *out);
	strlcpy_(c->insee, o->insee, sizeof c->insee);
	c->in[REFLIST_ZRR] = ZONE_YES;
	for (int l = 0; l < REFLIST_COUNT; l++) {
		out->lists[l].loaded = true;
		strcpy(out->lists[l].file, "liste.csv");
	}
	out->communes = c;
	out->ncommunes = 1;
	return RC_OK;
}

/* Frees what fixture_zrr_facts gave (its .facts_clear). */
static inline void fixture_zrr_facts_clear(struct zone_facts *f, void *ctx)
{
	(void)ctx;
	free((void *)f->communes);
	f->communes = NULL;
}

/*
 * Waits for child pid's exit: its wait status, or -1 (after SIGKILL) once
 * now_ms() is past deadline. Polls every 5 ms: the child has closed its
 * pipes already or is about to.
 */
static inline int fixture_reap(pid_t pid, int64_t deadline)
{
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		poll(NULL, 0, 5);
	}
}

/* A time inside the default pre-order window: 01/01/2022 00:00 UTC. */
#define FIXTURE_NOW 1640995200
/* A motivation that passes the form's checks. */
#define FIXTURE_MOTIV "Notre commune accueille deux conseillers numériques et une secrétaire " \
                      "de mairie qui aident chaque semaine une quarantaine d'habitants."

/* Fills *a with an actor (the fields may() reads). */
static inline void fixture_actor(struct actor *a, uint64_t acc, const char *login, enum role r,
                                 uint64_t org, const char *dept)
{
	memset(a, 0, sizeof *a);
	a->account_id = acc;
	strlcpy_(a->login, login, sizeof a->login);
	a->role = r;
	a->org_id = org;
	strlcpy_(a->dept, dept, sizeof a->dept);
}

/*
 * Inserts a validated organisation (contact Marie Durand) in its own write
 * transaction; its id. Aborts on failure.
 */
static inline uint64_t fixture_add_org(struct store *st, enum org_kind kind, const char *name,
                                       const char *insee, const char *dept)
{
	struct store_txn *txn = NULL;
	struct org o;

	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.status = ORG_VALIDATED;
	strlcpy_(o.name, name, sizeof o.name);
	strlcpy_(o.insee, insee, sizeof o.insee);
	strlcpy_(o.dept, dept, sizeof o.dept);
	strlcpy_(o.contact.name, "Marie Durand", sizeof o.contact.name);
	strlcpy_(o.contact.email, "marie@example.fr", sizeof o.contact.email);
	if (store_begin(st, true, &txn) != RC_OK || db_org_insert(txn, &o) != RC_OK ||
	    store_commit(txn) != RC_OK) {
		fprintf(stderr, "fixture_add_org: cannot insert %s\n", name);
		abort();
	}
	return o.id;
}

/* Removes what fixture_new_store made (the parent of dir). */
static inline void fixture_remove(char *dir)
{
	char *slash = strrchr(dir, '/');

	if (slash != NULL)
		*slash = '\0';
	fixture_rm_rf(dir);
	free(dir);
}

/* Closes st (NULL is fine) and removes its fixture_new_store directory. */
static inline void fixture_close(struct store *st, char *dir)
{
	store_close(st);
	fixture_remove(dir);
}

/*
 * Reads a file of the repository (tests run from its root) into a fresh
 * NUL-terminated buffer; *len gets its size. Aborts if it cannot be read.
 * Caller frees.
 */
static inline char *fixture_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		fprintf(stderr, "cannot read %s (tests run from the repository root)\n", path);
		abort();
	}
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cannot read %s\n", path);
		abort();
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
