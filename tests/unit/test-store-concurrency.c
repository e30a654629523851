/*
 * test-store-concurrency.c — several processes on one store, each opening
 * it after fork(): optimistic increments with retries lose no update; a hot
 * backup taken while a child writes opens and checks clean; a writer killed
 * with SIGKILL in the middle of its commits loses no acknowledged commit
 * and leaves a database that checks clean. Every loop is bounded in count
 * and time; waits poll a pipe with a deadline; children are stopped by PID.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/model.h"
#include "core/util.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define DEADLINE_MS 60000

/* Reads one 4-byte message: 1 got it, 0 end of file, -1 timeout or error. */
static int read_msg(int fd, uint32_t *v, int64_t deadline)
{
	unsigned char b[4];
	size_t got = 0;

	while (got < sizeof b) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t r;

		if (left <= 0)
			return -1;
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p.revents == 0)
			continue;
		r = read(fd, b + got, sizeof b - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	memcpy(v, b, sizeof *v);
	return 1;
}

static void write_msg(int fd, uint32_t v)
{
	ssize_t r;

	do
		r = write(fd, &v, sizeof v);
	while (r < 0 && errno == EINTR);
}

static struct store *open_or_exit(const char *dir)
{
	struct store *st = NULL;
	char *why = NULL;

	if (store_open(dir, &st, &why) != RC_OK) {
		fprintf(stderr, "store_open: %s\n", why ? why : "?");
		_exit(10);
	}
	return st;
}

static size_t check_clean(struct store *st)
{
	size_t problems = 99;

	assert_int_equal(store_check(st, stderr, &problems), RC_OK);
	return problems;
}

/* ---- no lost update ---- */

#define INC_PROCS 4
#define INC_EACH 40

/* One optimistic increment: read, then update naming the version read. */
static int child_increment(struct store *st, uint64_t id, uint32_t *stale)
{
	int64_t deadline = now_ms() + DEADLINE_MS;

	for (int attempt = 0; attempt < 100000 && now_ms() < deadline; attempt++) {
		struct store_txn *txn = NULL;
		struct account a;
		int rc;

		if (store_begin(st, false, &txn) != RC_OK)
			return 1;
		rc = db_account_get(txn, id, &a);
		store_abort(txn);
		if (rc != RC_OK)
			return 2;
		a.org_id++;
		if (store_begin(st, true, &txn) != RC_OK) {
			account_clear(&a);
			return 3;
		}
		rc = db_account_update(txn, &a);
		account_clear(&a);
		if (rc == RC_STALE) {
			store_abort(txn);
			(*stale)++;
			continue;
		}
		if (rc != RC_OK) {
			store_abort(txn);
			return 4;
		}
		return store_commit(txn) == RC_OK ? 0 : 5;
	}
	return 6;
}

static void test_no_lost_update(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct account a;
	pid_t pids[INC_PROCS];
	int fds[2];
	uint32_t stale_total = 0, v;
	int64_t deadline = now_ms() + DEADLINE_MS;

	(void)state;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	memset(&a, 0, sizeof a);
	strlcpy_(a.login, "compteur", sizeof a.login);
	a.role = ROLE_ANCT;
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_account_insert(txn, &a), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	store_close(st); /* never carried across fork() */

	assert_int_equal(pipe(fds), 0);
	for (int p = 0; p < INC_PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			struct store *cs;
			uint32_t stale = 0;

			close(fds[0]);
			cs = open_or_exit(dir);
			for (int i = 0; i < INC_EACH; i++) {
				int rc = child_increment(cs, a.id, &stale);

				if (rc != 0)
					_exit(20 + rc);
			}
			store_close(cs);
			write_msg(fds[1], stale);
			_exit(0);
		}
	}
	close(fds[1]);
	for (int p = 0; p < INC_PROCS; p++) {
		assert_int_equal(read_msg(fds[0], &v, deadline), 1);
		stale_total += v;
	}
	close(fds[0]);
	for (int p = 0; p < INC_PROCS; p++) {
		int status = fixture_reap(pids[p], deadline);

		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	printf("%d processes × %d increments, %u stale versions refused and retried\n",
	       INC_PROCS, INC_EACH, stale_total);

	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_get(txn, a.id, &a), RC_OK);
	store_abort(txn);
	assert_int_equal(a.org_id, INC_PROCS * INC_EACH);
	assert_int_equal(a.version, 1 + INC_PROCS * INC_EACH);
	account_clear(&a);
	assert_int_equal(check_clean(st), 0);
	store_close(st);
	fixture_remove(dir);
}

/* ---- hot backup ---- */

#define WRITER_MAX 5000

/*
 * A child that inserts organisations, one commit each, acknowledging each
 * commit on ack, until stop is closed by the parent (or its bounds end).
 */
static void writer_child(const char *dir, int ack, int stop, const char *prefix)
{
	struct store *st = open_or_exit(dir);
	int64_t deadline = now_ms() + DEADLINE_MS;

	for (uint32_t i = 0; i < WRITER_MAX && now_ms() < deadline; i++) {
		struct pollfd p = { .fd = stop, .events = POLLIN };
		struct store_txn *txn = NULL;
		struct org o;

		if (stop >= 0 && poll(&p, 1, 0) > 0)
			break;
		memset(&o, 0, sizeof o);
		snprintf(o.name, sizeof o.name, "%s %u", prefix, i);
		snprintf(o.siren, sizeof o.siren, "%09u", i % 97);
		snprintf(o.insee, sizeof o.insee, "%05u", 1000 + i % 13);
		if (store_begin(st, true, &txn) != RC_OK || db_org_insert(txn, &o) != RC_OK ||
		    store_commit(txn) != RC_OK)
			_exit(11);
		write_msg(ack, i);
	}
	store_close(st);
	_exit(0);
}

static int count_org(const struct org *o, void *ctx)
{
	(void)o;
	(*(uint32_t *)ctx)++;
	return 0;
}

/* Restores file into a fresh data directory, checks it, returns its org count. */
static uint32_t restore_and_check(const char *file)
{
	char *t = fixture_tmpdir(), *db = xasprintf("%s/db", t), *data = xasprintf("%s/db/data.mdb", t);
	char *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	uint32_t n = 0;
	FILE *in, *out;
	char buf[65536];
	size_t r;

	assert_int_equal(mkdir(db, 0700), 0);
	in = fopen(file, "rb");
	out = fopen(data, "wb");
	assert_non_null(in);
	assert_non_null(out);
	while ((r = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, r, out), r);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(store_open(t, &st, &why), RC_OK);
	assert_int_equal(check_clean(st), 0);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_org_each(txn, count_org, &n), RC_OK);
	store_abort(txn);
	store_close(st);
	fixture_rm_rf(t);
	free(t);
	free(db);
	free(data);
	return n;
}

static void test_backup_while_writing(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	char *file1 = xasprintf("%s/../b1.mdb", dir), *file2 = xasprintf("%s/../b2.mdb", dir);
	struct store *st = NULL;
	int ack[2], stop[2];
	int64_t deadline = now_ms() + DEADLINE_MS;
	uint32_t acked = 0, v, before1, before2, n1, n2;
	pid_t pid;
	int status, r;

	(void)state;
	assert_int_equal(pipe(ack), 0);
	assert_int_equal(pipe(stop), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(ack[0]);
		close(stop[1]);
		writer_child(dir, ack[1], stop[0], "Organisation");
	}
	close(ack[1]);
	close(stop[0]);
	while (acked < 20 && read_msg(ack[0], &v, deadline) == 1)
		acked++;
	assert_int_equal(acked, 20);

	assert_int_equal(store_open(dir, &st, &why), RC_OK); /* after fork */
	before1 = acked;
	assert_int_equal(store_backup(st, file1, &why), RC_OK);
	while (acked < before1 + 20 && read_msg(ack[0], &v, deadline) == 1)
		acked++;
	before2 = acked;
	assert_int_equal(store_backup(st, file2, &why), RC_OK);
	/* A backup never replaces a file. */
	assert_int_equal(store_backup(st, file2, &why), RC_EXISTS);
	assert_non_null(strstr(why, "existe déjà"));
	free(why);

	close(stop[1]);
	while ((r = read_msg(ack[0], &v, deadline)) == 1)
		acked++;
	assert_int_equal(r, 0);
	close(ack[0]);
	status = fixture_reap(pid, deadline);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(check_clean(st), 0);
	store_close(st);

	n1 = restore_and_check(file1);
	n2 = restore_and_check(file2);
	printf("backups while writing: %u and %u organisations (acknowledged before: %u, %u; "
	       "total %u)\n", n1, n2, before1, before2, acked);
	assert_true(n1 >= before1 && n1 <= acked);
	assert_true(n2 >= before2 && n2 <= acked && n2 >= n1);
	unlink(file1);
	unlink(file2);
	free(file1);
	free(file2);
	fixture_remove(dir);
}

/* ---- writer killed with SIGKILL ---- */

#define KILL_ROUNDS 6

static void test_killed_writer(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	unsigned seed = 1789;
	uint32_t total = 0;

	(void)state;
	printf("seed %u\n", seed);
	srand(seed);
	for (int round = 0; round < KILL_ROUNDS; round++) {
		int64_t deadline = now_ms() + DEADLINE_MS;
		uint32_t target = 1 + (uint32_t)(rand() % 40), acked = 0, v;
		uint32_t *seen = xcalloc(WRITER_MAX, sizeof *seen);
		struct store *st = NULL;
		struct store_txn *txn = NULL;
		char prefix[32];
		int ack[2], r, status;
		pid_t pid;

		snprintf(prefix, sizeof prefix, "Tour %d", round);
		assert_int_equal(pipe(ack), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(ack[0]);
			writer_child(dir, ack[1], -1, prefix);
		}
		close(ack[1]);
		while (acked < target && read_msg(ack[0], &v, deadline) == 1)
			seen[acked++] = v;
		assert_int_equal(acked, target);
		assert_int_equal(kill(pid, SIGKILL), 0);
		/* Acknowledgements written before death are still in the pipe. */
		while ((r = read_msg(ack[0], &v, deadline)) == 1 && acked < WRITER_MAX)
			seen[acked++] = v;
		assert_int_equal(r, 0);
		close(ack[0]);
		status = fixture_reap(pid, deadline);
		assert_true(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));

		assert_int_equal(store_open(dir, &st, &why), RC_OK);
		assert_int_equal(store_begin(st, false, &txn), RC_OK);
		for (uint32_t i = 0; i < acked; i++) {
			struct org o;
			char name[64];

			snprintf(name, sizeof name, "%s %u", prefix, seen[i]);
			assert_int_equal(db_org_by_name(txn, name, &o), RC_OK);
		}
		store_abort(txn);
		assert_int_equal(check_clean(st), 0);
		store_close(st);
		total += acked;
		free(seen);
	}
	printf("%d writers killed, %u acknowledged commits all present\n", KILL_ROUNDS, total);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_lost_update),
		cmocka_unit_test(test_backup_while_writing),
		cmocka_unit_test(test_killed_writer),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
