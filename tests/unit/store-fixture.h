/*
 * store-fixture.h — helpers shared by the unit tests that use a store: a
 * fresh data directory per test (mkdtemp), created and opened, removed at
 * the end; the operator's use-case context.
 * Header-only so that each test-store-*.c stays one program.
 */
#ifndef RECOND_TEST_STORE_FIXTURE_H
#define RECOND_TEST_STORE_FIXTURE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Removes what fixture_new_store made (the parent of dir). */
static inline void fixture_remove(char *dir)
{
	char *slash = strrchr(dir, '/');

	if (slash != NULL)
		*slash = '\0';
	fixture_rm_rf(dir);
	free(dir);
}

#endif
