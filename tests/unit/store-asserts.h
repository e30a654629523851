/*
 * store-asserts.h — the checks the store's unit tests share: the database
 * is clean (store_check finds nothing), and a call was refused with the
 * expected code and a reason that says what it should. Included after
 * cmocka.h (it uses its assertions).
 */
#ifndef RECOND_TESTS_STORE_ASSERTS_H
#define RECOND_TESTS_STORE_ASSERTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static inline void check_clean(struct store *st)
{
	size_t problems = 99;

	assert_int_equal(store_check(st, stderr, &problems), RC_OK);
	assert_int_equal(problems, 0);
}

/* rc is want and *whyp (freed, set to NULL) contains part. */
static inline void expect_why(int rc, int want, char **whyp, const char *part)
{
	char *why = *whyp;

	*whyp = NULL;
	if (rc != want || why == NULL || strstr(why, part) == NULL)
		fail_msg("rc %d (want %d), « %s » should say « %s »", rc, want, why ? why : "(null)",
		         part);
	free(why);
}

#endif
