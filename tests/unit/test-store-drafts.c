/*
 * test-store-drafts.c — the drafts environment (store/drafts.c): a draft
 * saved there is seen at once and survives a process killed right after
 * the save; folds copy it (and removals) into the main database; the
 * environment is rebuilt from the main database when it was written in
 * another boot, is unreadable or is missing; the flusher thread folds by
 * itself; check and backup know it.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store-int.h"
#include "store/store-programme.h"
#include "store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define ACC 7
#define FORM "preorder"

static void save(struct store *st, const char *value)
{
	struct store_txn *t = NULL;

	assert_int_equal(store_drafts_begin(st, true, &t), RC_OK);
	assert_int_equal(db_draft_set_field(t, ACC, FORM, "motivation", value, 3,
	                                    (uint32_t)strlen(value)),
	                 RC_OK);
	assert_int_equal(store_commit(t), RC_OK);
}

/* The motivation as the drafts environment (drafts) or the main database has it; NULL if none. */
static char *motivation(struct store *st, bool drafts)
{
	struct store_txn *t = NULL;
	struct draft d;
	char *v = NULL;
	int rc;

	if (drafts)
		assert_int_equal(store_drafts_begin(st, false, &t), RC_OK);
	else
		assert_int_equal(store_begin(st, false, &t), RC_OK);
	rc = db_draft_get(t, ACC, FORM, &d);
	store_abort(t);
	if (rc == RC_NOTFOUND)
		return NULL;
	assert_int_equal(rc, RC_OK);
	assert_int_equal(d.nfields, 1);
	v = xstrdup(d.fields[0].value);
	draft_clear(&d);
	return v;
}

static void assert_motivation(struct store *st, bool drafts, const char *want)
{
	char *v = motivation(st, drafts);

	if (want == NULL)
		assert_null(v);
	else
		assert_string_equal(v, want);
	free(v);
}

static struct store *reopen(struct store *st, const char *dir)
{
	char *why = NULL;

	store_close(st);
	st = NULL;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	return st;
}

static void test_save_fold_remove(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *t = NULL;
	size_t n = 0;
	(void)state;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	save(st, "Nous");
	save(st, "Nous aidons");
	assert_motivation(st, true, "Nous aidons");
	assert_motivation(st, false, NULL);
	assert_int_equal(store_drafts_pending(st, &n), RC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_drafts_fold(st, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_motivation(st, false, "Nous aidons");
	assert_int_equal(store_drafts_pending(st, &n), RC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_drafts_fold(st, &n, &why), RC_OK);
	assert_int_equal(n, 0);
	/* A removal is folded too. */
	assert_int_equal(store_drafts_begin(st, true, &t), RC_OK);
	assert_int_equal(db_draft_del(t, ACC, FORM), RC_OK);
	assert_int_equal(store_commit(t), RC_OK);
	assert_motivation(st, true, NULL);
	assert_motivation(st, false, "Nous aidons");
	assert_int_equal(store_drafts_fold(st, &n, &why), RC_OK);
	assert_motivation(st, false, NULL);
	store_close(st);
	fixture_remove(dir);
}

/* Saved, then killed before any fold or close: the next process sees it. */
static void test_survives_sigkill(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	int status = 0;
	pid_t pid;
	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *cst = NULL;

		if (store_open(dir, &cst, NULL) != RC_OK)
			_exit(2);
		save(cst, "tapé puis tué");
		raise(SIGKILL);
		_exit(3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_motivation(st, true, "tapé puis tué");
	assert_motivation(st, false, NULL);   /* never folded */
	store_close(st);
	fixture_remove(dir);
}

/* After a reboot the drafts come back from the main database, as of the last fold. */
static void test_rebuilt_after_reboot(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	(void)state;
	store_drafts_boot_override("boot-1");
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	save(st, "plié");
	assert_int_equal(store_drafts_fold(st, NULL, &why), RC_OK);
	save(st, "plié, puis perdu");
	store_drafts_boot_override("boot-2");
	/* store_close folds what this process wrote: simulate the crash by not closing. */
	st->drafts_written = false;
	st = reopen(st, dir);
	assert_motivation(st, true, "plié");
	save(st, "repris");
	st = reopen(st, dir);  /* same boot: trusted as is */
	assert_motivation(st, true, "repris");
	assert_motivation(st, false, "repris");  /* the close folded it */
	store_close(st);
	store_drafts_boot_override(NULL);
	fixture_remove(dir);
}

static void test_rebuilt_when_unreadable_or_missing(void **state)
{
	char *dir = fixture_new_store(), *why = NULL, *f, *d;
	struct store *st = NULL;
	int fd;
	(void)state;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	save(st, "gardé");
	store_close(st);                      /* folds */
	st = NULL;
	f = xasprintf("%s/db/drafts/data.mdb", dir);
	fd = open(f, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "n'importe quoi", 14), 14);
	close(fd);
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_motivation(st, true, "gardé");
	store_close(st);
	st = NULL;
	d = xasprintf("%s/db/drafts", dir);
	fixture_rm_rf(d);
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_motivation(st, true, "gardé");
	store_close(st);
	free(f);
	free(d);
	fixture_remove(dir);
}

static void test_flusher_check_backup(void **state)
{
	char *dir = fixture_new_store(), *why = NULL, *copy;
	struct store *st = NULL;
	struct store_flusher *fl = NULL;
	size_t n = 1, problems = 9;
	struct timespec pause = { 0, 5 * 1000 * 1000 };
	(void)state;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(store_flusher_start(dir, 10, &fl, &why), RC_OK);
	save(st, "recopié par le fil");
	for (int i = 0; i < 2000 && n != 0; i++) {
		assert_int_equal(store_drafts_pending(st, &n), RC_OK);
		if (n != 0)
			nanosleep(&pause, NULL);
	}
	assert_int_equal(n, 0);
	assert_motivation(st, false, "recopié par le fil");
	store_flusher_stop(fl);
	/* check reads the drafts environment's records; backup has the unfolded draft. */
	save(st, "pas encore recopié");
	assert_int_equal(store_check(st, stderr, &problems), RC_OK);
	assert_int_equal(problems, 0);
	copy = xasprintf("%s/../copie.mdb", dir);
	assert_int_equal(store_backup(st, copy, &why), RC_OK);
	assert_motivation(st, false, "pas encore recopié");
	store_close(st);
	free(copy);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_fold_remove),
		cmocka_unit_test(test_survives_sigkill),
		cmocka_unit_test(test_rebuilt_after_reboot),
		cmocka_unit_test(test_rebuilt_when_unreadable_or_missing),
		cmocka_unit_test(test_flusher_check_backup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
