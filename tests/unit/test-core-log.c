/*
 * test-core-log.c — the log line: an ISO 8601 UTC timestamp first, then
 * "recond[PID] level function: message", one write per line; when stderr is
 * the journal's stream (JOURNAL_STREAM names it), no timestamp (the
 * journal stamps) but a "<N>" priority.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Runs one log_warn with stderr sent to a fresh file; returns what was written. */
static char *logged(bool journal)
{
	char path[] = "/tmp/recond-test-log-XXXXXX", *buf = xcalloc(1, 2048);
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	struct stat st;
	ssize_t n;

	assert_true(fd >= 0 && saved >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	if (journal) {
		char js[64];

		snprintf(js, sizeof js, "%llu:%llu", (unsigned long long)st.st_dev,
		         (unsigned long long)st.st_ino);
		setenv("JOURNAL_STREAM", js, 1);
	} else {
		setenv("JOURNAL_STREAM", "1:2", 1); /* another stream: not ours */
	}
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	log_warn("essai %d", 42);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	n = pread(fd, buf, 2047, 0);
	assert_true(n > 0);
	close(fd);
	unlink(path);
	unsetenv("JOURNAL_STREAM");
	return buf;
}

static void test_timestamp(void **state)
{
	char *line = logged(false);
	int y, mo, d, h, mi, s, ms;
	char z;
	(void)state;

	assert_int_equal(sscanf(line, "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c ", &y, &mo, &d, &h, &mi, &s,
	                        &ms, &z), 8);
	assert_int_equal(z, 'Z');
	assert_true(y >= 2024 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31);
	assert_non_null(strstr(line, "Z recond["));
	assert_non_null(strstr(line, "] warn logged: essai 42\n"));
	free(line);
}

static void test_journal(void **state)
{
	char *line = logged(true);
	(void)state;

	assert_true(strncmp(line, "<4>recond[", 10) == 0);
	assert_non_null(strstr(line, " warn logged: essai 42\n"));
	free(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_journal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
