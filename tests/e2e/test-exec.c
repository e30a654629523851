/*
 * test-exec.c — end to end: requests without a terminal. `whoami` prints
 * login, role and organisation; an unknown command exits 2 with a message
 * on stderr; `stats` gives the figures of the account's scope; a shell without pty gets the French message and status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

#include "core/util.h"
#include "tests/e2e/fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_whoami(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, F_ALICE, F_PASS, NULL);
	char *out = NULL, *err = NULL;
	int status = -1;

	assert_non_null(c);
	assert_int_equal(c_exec(c, "whoami", &out, &err, &status, C_DEADLINE_MS), 0);
	fprintf(stderr, "whoami: %s", out);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "login : " F_ALICE "\n"));
	assert_non_null(strstr(out, "rôle : " F_ALICE_ROLE "\n"));
	assert_non_null(strstr(out, "organisation : " F_ORG "\n"));
	free(out);
	free(err);
	c_close(c);

	/* The other account, by key, gets its own identity. */
	c = c_login(f->s.port, F_BOB, NULL, f->priv);
	assert_non_null(c);
	assert_int_equal(c_exec(c, "whoami", &out, &err, &status, C_DEADLINE_MS), 0);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "login : " F_BOB "\n"));
	assert_non_null(strstr(out, "rôle : " F_BOB_ROLE "\n"));
	assert_non_null(strstr(out, "organisation : " F_ORG_BOB "\n"));
	assert_null(strstr(out, F_ORG));
	free(out);
	free(err);
	c_close(c);
}

static void test_unknown_command(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, F_BOB, NULL, f->priv);
	char *out = NULL, *err = NULL;
	int status = -1;

	assert_non_null(c);
	assert_int_equal(c_exec(c, "rm -rf /", &out, &err, &status, C_DEADLINE_MS), 0);
	fprintf(stderr, "unknown command: stderr « %s »\n", err);
	assert_int_equal(status, 2);
	assert_true(strlen(err) > 0);
	assert_string_equal(out, "");
	free(out);
	free(err);
	c_close(c);
}

/* stats: the préfecture reads its département's figures, in CSV; a bad option is usage. */
static void test_stats(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, F_BOB, NULL, f->priv);
	char *out = NULL, *err = NULL;
	int status = -1;

	assert_non_null(c);
	assert_int_equal(c_exec(c, "stats --by departement --format csv", &out, &err, &status,
	                        C_DEADLINE_MS), 0);
	fprintf(stderr, "stats: %s%s", out, err);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "code,nom,brouillon"));
	assert_non_null(strstr(out, "\n\"total\","));
	free(out);
	free(err);
	c_close(c);
	c = c_login(f->s.port, F_BOB, NULL, f->priv);
	assert_non_null(c);
	assert_int_equal(c_exec(c, "stats --by canton", &out, &err, &status, C_DEADLINE_MS), 0);
	assert_int_equal(status, 2);
	assert_non_null(strstr(err, "Regroupement inconnu"));
	free(out);
	free(err);
	c_close(c);
}

static void test_shell_without_pty(void **state)
{
	struct fixture *f = *state;
	struct c_conn *c = c_login(f->s.port, F_BOB, NULL, f->priv);
	char *out = NULL, *err = NULL, *both;
	int status = -1;

	assert_non_null(c);
	assert_int_equal(c_exec(c, NULL, &out, &err, &status, C_DEADLINE_MS), 0);
	both = xasprintf("%s%s", out, err);
	fprintf(stderr, "shell without pty: « %s »\n", both);
	assert_int_equal(status, 1);
	assert_non_null(strstr(both, "ssh -t"));
	assert_non_null(strstr(both, "terminal"));
	free(both);
	free(out);
	free(err);
	c_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whoami),
		cmocka_unit_test(test_unknown_command),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_shell_without_pty),
	};

	return cmocka_run_group_tests_name("e2e exec", tests, f_setup, f_teardown);
}
