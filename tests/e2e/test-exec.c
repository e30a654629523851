/*
 * test-exec.c — end to end: requests without a terminal. `whoami` prints
 * login, role and organisation; an unknown command exits 2 with a message
 * on stderr; `stats` gives the figures of the account's scope; a shell
 * without pty gets the French message and status 1; an account whose
 * password was reset to a one-time one runs no command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

#include "core/uc-account.h"
#include "core/uc-session.h"
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

/* The file name the ZRR list was last imported from, read from `recond dump`. */
static char *zrr_file(struct fixture *f)
{
	const char *argv[] = { "dump", "--data", f->s.data, NULL };
	char *out = NULL, *p, *name = NULL;
	int status = -1;

	assert_int_equal(h_recond(&f->s, argv, NULL, &out, NULL, &status), 0);
	assert_int_equal(status, 0);
	if ((p = strstr(out, "list: \"zrr\", file: \"")) != NULL) {
		p += strlen("list: \"zrr\", file: \"");
		name = strndup(p, strcspn(p, "\""));
	}
	free(out);
	assert_non_null(name);
	return name;
}

/* `ssh LOGIN@host CMD < in` on a connection of its own. */
static void import_as(struct fixture *f, const char *login, const char *password,
                      const char *cmd, const char *in, size_t len, size_t *sent, char **out,
                      char **err, int *status)
{
	struct c_conn *c = c_login(f->s.port, login, password, NULL);

	assert_non_null(c);
	assert_int_equal(c_exec_in(c, cmd, in, len, sent, out, err, status, C_DEADLINE_MS), 0);
	c_close(c);
}

static void test_import_over_ssh(void **state)
{
	static const char bad[] = "insee;zrr\n23096;1\n2309;x\n99999;1\n";
	static const char good[] = "insee;zrr\n23096;1\n87085;0\n23176;1\n";
	struct fixture *f = *state;
	char *out = NULL, *err = NULL, *before = zrr_file(f), *after, *huge;
	size_t sent = 0, huge_len = (size_t)32 << 20;
	int status = -1;

	/* a broken file: every bad line with its number, nothing changed */
	import_as(f, "demo-anct", "demo-anct-2026", "import zrr zrr-2026.csv", bad, sizeof bad - 1,
	          &sent, &out, &err, &status);
	fprintf(stderr, "import (broken): %s", err);
	assert_int_equal(status, 1);
	assert_int_equal(sent, sizeof bad - 1);
	assert_non_null(strstr(err, "zrr-2026.csv:3: "));
	assert_non_null(strstr(err, "zrr-2026.csv:4: commune 99999 inconnue"));
	assert_non_null(strstr(err, "rien n'a été importé"));
	free(out);
	free(err);
	after = zrr_file(f);
	assert_string_equal(after, before);
	free(after);
	/* a huge input is refused at its cap, without reading the rest, and changes nothing */
	huge = malloc(huge_len);
	assert_non_null(huge);
	for (size_t i = 0; i < huge_len; i++)
		huge[i] = "23096;1\n"[i % 8];
	memcpy(huge, "insee;zr", 8);
	import_as(f, "demo-anct", "demo-anct-2026", "import zrr", huge, huge_len, &sent, &out, &err,
	          &status);
	fprintf(stderr, "import (huge): %zu of %zu bytes sent: %s", sent, huge_len, err);
	assert_int_equal(status, 1);
	assert_true(sent < huge_len);
	assert_non_null(strstr(err, "entrée trop volumineuse"));
	/* the server stopped at its cap: it says so, and the import never ran */
	assert_true(f_log_wait(f, "input refused (too big)", 1, C_DEADLINE_MS));
	free(huge);
	free(out);
	free(err);
	after = zrr_file(f);
	assert_string_equal(after, before);
	free(after);
	/* a good file replaces the list, reported as the command line does */
	import_as(f, "demo-anct", "demo-anct-2026", "import zrr zrr-2026.csv", good,
	          sizeof good - 1, &sent, &out, &err, &status);
	fprintf(stderr, "import (good): %s%s", out, err);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "import réussi depuis zrr-2026.csv, 2 communes classées "
	                            "(3 lignes lues)"));
	free(out);
	free(err);
	after = zrr_file(f);
	assert_string_equal(after, "zrr-2026.csv");
	free(after);
	/* nobody but the programme team imports */
	import_as(f, F_ALICE, F_PASS, "import zrr", good, sizeof good - 1, &sent, &out, &err,
	          &status);
	assert_int_equal(status, 3);
	assert_non_null(strstr(err, "recond import : "));
	free(out);
	free(err);
	free(before);
}

/* The programme's side of a reset: alice's password becomes a one-time one. */
static void set_once(struct fixture *f, const char *login, const char *pw)
{
	struct store *st = NULL;
	struct actor sys;
	struct uc uc = { .actor = &sys };
	char *why = NULL;

	actor_system(&sys);
	assert_int_equal(uc_store_open(f->s.data, &st, &why), RC_OK);
	uc.st = st;
	if (account_set_password_once(&uc, login, pw, &why) != RC_OK)
		fail_msg("reset: %s", why ? why : "?");
	uc_store_close(st);
	free(why);
}

static void test_one_time_password_runs_nothing(void **state)
{
	struct fixture *f = *state;
	const char *once = "Provisoire-2026-xyz";
	struct c_conn *c;
	char *out = NULL, *err = NULL;
	int status = -1;

	set_once(f, F_ALICE, once);
	c = c_login(f->s.port, F_ALICE, once, NULL);
	assert_non_null(c);
	assert_int_equal(c_exec(c, "export preorders", &out, &err, &status, C_DEADLINE_MS), 0);
	assert_int_equal(status, 1);
	assert_non_null(strstr(err, "usage unique"));
	assert_true(out == NULL || out[0] == '\0');
	free(out);
	free(err);
	c_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_over_ssh),
		cmocka_unit_test(test_whoami),
		cmocka_unit_test(test_unknown_command),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_shell_without_pty),
		/* Last: alice keeps her one-time password. */
		cmocka_unit_test(test_one_time_password_runs_nothing),
	};

	return cmocka_run_group_tests_name("e2e exec", tests, f_setup, f_teardown);
}
