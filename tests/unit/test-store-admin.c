/*
 * test-store-admin.c — the programme team's queue and accounts on a real
 * store: the organisations waiting are listed to the team only, a refusal
 * needs a reason and is audited, a sign-up no longer waiting cannot be
 * refused, and a one-time password always passes the password policy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/signup.h"
#include "core/uc-admin.h"
#include "store/store-programme.h"
#include "store-fixture.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static int count_org(const struct org *o, void *ctx)
{
	(*(size_t *)ctx)++;
	return 0;
}

static int count_audit(const struct audit_event *ev, void *ctx)
{
	if (strstr(ev->after, "refusée : ") != NULL)
		(*(size_t *)ctx)++;
	return 0;
}

static void test_queue(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct store_txn *txn = NULL;
	struct org o;
	struct actor anct, coll;
	struct uc ua, uc_;
	size_t n = 0, refused = 0;
	(void)state;

	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	memset(&o, 0, sizeof o);
	o.kind = ORG_COMMUNE;
	o.status = ORG_PENDING;
	strcpy(o.name, "Mairie de Bourganeuf");
	strcpy(o.dept, "23");
	strcpy(o.insee, "23030");
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &o), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	memset(&anct, 0, sizeof anct);
	anct.account_id = 1;
	anct.role = ROLE_ANCT;
	strcpy(anct.login, "anct");
	coll = anct;
	coll.account_id = 2;
	coll.role = ROLE_COLLECTIVITE;
	coll.org_id = o.id;
	strcpy(coll.dept, "23");
	ua = (struct uc){ .st = st, .actor = &anct };
	uc_ = (struct uc){ .st = st, .actor = &coll };
	assert_int_equal(uc_signups_pending(&ua, count_org, &n, &why), RC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(uc_signups_pending(&uc_, count_org, &n, &why), RC_DENIED);
	free(why);
	why = NULL;
	assert_int_equal(uc_signup_refuse(&uc_, o.id, "Une raison suffisante.", &why), RC_DENIED);
	free(why);
	why = NULL;
	assert_int_equal(uc_signup_refuse(&ua, o.id, "Non", &why), RC_INVALID);
	assert_non_null(strstr(why, "Motif du refus"));
	free(why);
	why = NULL;
	assert_int_equal(uc_signup_refuse(&ua, o.id, "SIRET d'une autre commune.", &why), RC_OK);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_org_get(txn, o.id, &o), RC_OK);
	assert_int_equal(o.status, ORG_REFUSED);
	assert_int_equal(db_audit_each(txn, "org", o.id, 0, count_audit, &refused), RC_OK);
	store_abort(txn);
	assert_int_equal(refused, 1);
	/* no longer waiting: neither listed nor refused again */
	n = 0;
	assert_int_equal(uc_signups_pending(&ua, count_org, &n, &why), RC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(uc_signup_refuse(&ua, o.id, "SIRET d'une autre commune.", &why),
	                 RC_INVALID);
	free(why);
	store_close(st);
	fixture_remove(dir);
}

static void test_otp(void **state)
{
	char otp[OTP_CHARS + 1];
	(void)state;

	for (int i = 0; i < 200; i++) {
		otp_make(otp);
		assert_int_equal(strlen(otp), OTP_CHARS);
		assert_int_equal(otp[4], '-');
		assert_int_equal(otp[9], '-');
		assert_int_equal(password_policy_check(otp, NULL), RC_OK);
		assert_null(strpbrk(otp, "0O1lI"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue),
		cmocka_unit_test(test_otp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
