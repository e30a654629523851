/*
 * test-store-order-race.c — the capacity race: RACE_PROCS processes, each
 * opening the store after fork() and released at once by closing one
 * pipe, try to order the last RACE_LEFT units of one offer. Exactly one
 * wins, the others are refused with the capacity message, nothing is
 * oversold (the live orders hold exactly the offer's capacity), and both
 * store_check and the binary's `recond check` (RECOND_BIN, set by `make
 * test`) find the database clean. Waits poll with a deadline; children are
 * reaped by PID.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/uc-order.h"
#include "store/store-order.h"
#include "order-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define NOW 1704067200 /* 01/01/2024 */
#define TODAY 20240101
#define RACE_PROCS 8
#define RACE_CAP 10
#define RACE_LEFT 3
#define DEADLINE_MS 60000

static const char *const bench_in[] = { "23079" };
static const char *const bench_names[] = { "Felletin" };

/* One contender: 0 placed, 1 refused for capacity, 2 anything else. */
static int contender(const char *dir, int go, uint64_t org, uint64_t refurb)
{
	const uint32_t q[LOT_COUNT] = { 0, RACE_LEFT, 0, 0 };
	struct order_request rq = ofix_request(org, refurb, false, q, TODAY);
	struct store *st = NULL;
	struct actor a;
	struct uc u;
	char *why = NULL, c;
	int rc;

	if (store_open(dir, &st, &why) != RC_OK)
		return 2;
	fixture_actor(&a, org, "course", ROLE_COLLECTIVITE, org, "23");
	u = (struct uc){ .st = st, .actor = &a, .now = NOW };
	/* released together: the parent closes the pipe */
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	rc = uc_order_place(&u, &rq, NULL, &why);
	if (rc != RC_OK && (rc != RC_FULL || strstr(why, "Capacité insuffisante") == NULL))
		fprintf(stderr, "contender %llu: %s\n", (unsigned long long)org, why ? why : "?");
	store_close(st);
	return rc == RC_OK ? 0 : rc == RC_FULL && strstr(why, "peut encore fournir 0") ? 1 : 2;
}

/* `recond check --data dir` exits 0 (skipped without RECOND_BIN). */
static void binary_check(const char *dir)
{
	const char *bin = getenv("RECOND_BIN");
	pid_t pid;
	int status;

	if (bin == NULL || *bin == '\0') {
		printf("RECOND_BIN unset: recond check skipped\n");
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl(bin, bin, "check", "--data", dir, (char *)NULL);
		_exit(127);
	}
	status = fixture_reap(pid, now_ms() + DEADLINE_MS);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_last_units(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	const cents_t price[LOT_COUNT] = { 0, 25000, 0, 0 };
	const uint32_t first[LOT_COUNT] = { 0, RACE_CAP - RACE_LEFT, 0, 0 };
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	uint64_t orgs[RACE_PROCS], refurb, first_org;
	uint32_t reserved[LOT_COUNT];
	pid_t pids[RACE_PROCS];
	int go[2], won = 0, refused = 0;
	int64_t deadline = now_ms() + DEADLINE_MS;
	size_t problems = 99;
	(void)state;

	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	refurb = ofix_refurb(st, "Felletin Réemploi", "443061841", "23", 1, bench_in, bench_names,
	                     price, RACE_CAP);
	first_org = fixture_add_org(st, ORG_COMMUNE, "Commune de Guéret", "23096", "23");
	for (int p = 0; p < RACE_PROCS; p++) {
		char name[64];

		snprintf(name, sizeof name, "Commune n° %d", p + 1);
		orgs[p] = fixture_add_org(st, ORG_COMMUNE, name, "23008", "23");
	}
	{
		struct actor a;
		struct uc u;
		struct order_request rq = ofix_request(first_org, refurb, false, first, TODAY);

		fixture_actor(&a, 1, "gueret", ROLE_COLLECTIVITE, first_org, "23");
		u = (struct uc){ .st = st, .actor = &a, .now = NOW };
		assert_int_equal(uc_order_place(&u, &rq, NULL, &why), RC_OK);
	}
	store_close(st); /* never carried across fork() */
	st = NULL;

	assert_int_equal(pipe(go), 0);
	for (int p = 0; p < RACE_PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			close(go[1]);
			_exit(contender(dir, go[0], orgs[p], refurb));
		}
	}
	close(go[0]);
	close(go[1]);  /* go */
	for (int p = 0; p < RACE_PROCS; p++) {
		int status = fixture_reap(pids[p], deadline);

		assert_true(WIFEXITED(status));
		assert_true(WEXITSTATUS(status) <= 1);
		won += WEXITSTATUS(status) == 0;
		refused += WEXITSTATUS(status) == 1;
	}
	printf("%d processes for the last %d units: %d won, %d refused\n", RACE_PROCS, RACE_LEFT,
	       won, refused);
	assert_int_equal(won, 1);
	assert_int_equal(refused, RACE_PROCS - 1);

	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_order_reserved(txn, refurb, 0, reserved), RC_OK);
	store_abort(txn);
	assert_int_equal(reserved[LOT_PC_PORTABLE], RACE_CAP);
	assert_int_equal(store_check(st, stderr, &problems), RC_OK);
	assert_int_equal(problems, 0);
	store_close(st);
	binary_check(dir);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_last_units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
