/*
 * test-core-permission.c — may(actor, action, object) as a full matrix:
 * every role × every action × own organisation / other organisation of the
 * same département / other département / national object, against a table
 * written out here independently of permission.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
#include <string.h>

#include "core/permission.h"
#include "core/util.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/*
 * For each role and action, 4 characters: own organisation, other
 * organisation in the same département, other département, national.
 * 'y' allowed, '.' refused.
 */
static const char *const expect[ROLE_COUNT][ACT_COUNT] = {
	[ROLE_NONE] = {
		"....", "....", "....", "....", "....", "....", "....", "....", "....",
		"....", "....", "....", "....", "....", "....", "....", "....", "....",
		/* org_signup org_validate: anonymous sign-up only */
		"...y", "....",
		/* account_self account_admin faq message_read message_send support reflist */
		"....", "....", "....", "....", "....", "....", "....",
		/* org_refuse */
		"....",
		/* complement dismiss reopen instruction_view instruction_edit export */
		"....", "....", "....", "....", "....", "....", "....",
		/* refurb_view refurb_edit refurb_evaluate price_review refurb_directory */
		"....", "....", "....", "....", "....",
		/* support_desk */
		"....",
		/* order: view place cancel receive handle export; loan */
		"....", "....", "....", "....", "....", "....",
	},
	[ROLE_COLLECTIVITE] = {
		/* view create edit submit amend abandon */
		"y...", "y...", "y...", "y...", "y...", "y...",
		/* instruct retain reject convention pay */
		"....", "....", "....", "....", "....",
		/* audit org_view org_edit settings_view settings_edit import stats */
		"y...", "y...", "y...", "...y", "....", "....", ".y..",
		/* org_signup org_validate */
		"....", "....",
		/* account_self account_admin faq message_read message_send support reflist */
		"y..y", "....", "...y", "y...", "y...", "y..y", "...y",
		"....",
		/* complement dismiss reopen instruction_view instruction_edit export */
		"....", "....", "....", "....", "....", "y...",
		/* refurb_view refurb_edit refurb_evaluate price_review refurb_directory */
		"....", "....", "....", "....", "...y",
		/* support_desk */
		"....",
		/* order: view place cancel receive handle export; loan */
		"y...", "y...", "y...", "y...", "....", "y...", "y...",
	},
	[ROLE_FRANCE_SERVICES] = {
		"y...", "y...", "y...", "y...", "y...", "y...",
		"....", "....", "....", "....", "....",
		"y...", "y...", "y...", "...y", "....", "....", ".y..",
		/* org_signup org_validate */
		"....", "....",
		/* account_self account_admin faq message_read message_send support reflist */
		"y..y", "....", "...y", "y...", "y...", "y..y", "...y",
		"....",
		/* complement dismiss reopen instruction_view instruction_edit export */
		"....", "....", "....", "....", "....", "y...",
		/* refurb_view refurb_edit refurb_evaluate price_review refurb_directory */
		"....", "....", "....", "....", "...y",
		/* support_desk */
		"....",
		/* order: view place cancel receive handle export; loan */
		"y...", "y...", "y...", "y...", "....", "y...", "y...",
	},
	[ROLE_PREFECTURE] = {
		".y..", "....", "....", "....", "....", "....",
		".y..", ".y..", ".y..", ".y..", ".y..",
		"yy..", "yy..", "y...", "...y", "....", "....", ".y..",
		"....", "....",
		/* account_self account_admin faq message_read message_send support reflist */
		"y..y", "....", "...y", ".y..", ".y..", "....", "...y",
		"....",
		/* complement dismiss reopen instruction_view instruction_edit export */
		".y..", ".y..", ".y..", ".y..", ".y..", ".y..",
		/* refurb_view refurb_edit refurb_evaluate price_review refurb_directory */
		"....", "....", "....", "....", "...y",
		/* support_desk */
		"....",
		/* order: view place cancel receive handle export; loan */
		".y..", "....", "....", "....", "....", ".y..", "....",
	},
	[ROLE_RECONDITIONNEUR] = {
		"....", "....", "....", "....", "....", "....",
		"....", "....", "....", "....", "....",
		"y...", "y...", "y...", "...y", "....", "....", ".y..",
		/* org_signup org_validate */
		"....", "....",
		/* account_self account_admin faq message_read message_send support reflist */
		"y..y", "....", "...y", "....", "....", "....", "...y",
		"....",
		/* complement dismiss reopen instruction_view instruction_edit export */
		"....", "....", "....", "....", "....", "....",
		/* refurb_view refurb_edit refurb_evaluate price_review refurb_directory */
		"y...", "y...", "....", "....", "....",
		/* support_desk */
		"....",
		/* order: view place cancel receive handle export; loan */
		"y...", "....", "....", "....", "y...", "y...", "....",
	},
	[ROLE_ANCT] = {
		"yyyy", "....", "....", "....", "....", "....",
		"....", "....", "....", "....", "....",
		"yyyy", "yyyy", "yyyy", "...y", "...y", "...y", "yyyy",
		"....", "yyyy",
		/* account_self account_admin faq message_read message_send support reflist */
		"y..y", "yyyy", "...y", ".yy.", ".yy.", "...y", "...y",
		"yyyy",
		/* complement dismiss reopen instruction_view instruction_edit export */
		"....", "....", "....", "....", "....", "yyyy",
		/* refurb_view refurb_edit refurb_evaluate price_review refurb_directory */
		"yyyy", "....", "yyyy", "yyyy", "...y",
		/* support_desk */
		"...y",
		/* order: view place cancel receive handle export; loan */
		"yyyy", "....", "....", "....", "....", "yyyy", "....",
	},
};

static void object_for(enum scope sc, struct perm_object *o)
{
	memset(o, 0, sizeof *o);
	switch (sc) {
	case SCOPE_OWN_ORG: o->org_id = 10; strcpy(o->dept, "23"); break;
	case SCOPE_SAME_DEPT: o->org_id = 11; strcpy(o->dept, "23"); break;
	case SCOPE_OTHER_DEPT: o->org_id = 12; strcpy(o->dept, "87"); break;
	default: break;
	}
}

static void test_full_matrix(void **state)
{
	struct actor a;
	struct perm_object o;
	size_t failures = 0, checked = 0;
	(void)state;
	static_assert(ACT_COUNT == 47, "update the expected matrix");
	for (int r = 0; r < ROLE_COUNT; r++) {
		for (int act = 0; act < ACT_COUNT; act++) {
			assert_non_null(expect[r][act]);
			for (int sc = 0; sc < SCOPE_COUNT; sc++) {
				memset(&a, 0, sizeof a);
				a.account_id = 1;
				a.role = (enum role)r;
				a.org_id = 10;
				strcpy(a.dept, "23");
				strcpy(a.login, "agent");
				object_for((enum scope)sc, &o);
				assert_int_equal(perm_scope(&a, &o), sc);
				bool want = expect[r][act][sc] == 'y';
				bool got = may(&a, (enum action)act, &o);
				char *why = NULL;
				int rc = may_why(&a, (enum action)act, &o, &why);
				assert_int_equal(rc == RC_OK, got);
				if (!got)
					assert_non_null(why);
				free(why);
				if (got != want) {
					printf("role %d action %s scope %d: got %d want %d\n", r,
					       action_name((enum action)act), sc, got, want);
					failures++;
				}
				checked++;
			}
		}
	}
	printf("%zu cells checked\n", checked);
	assert_int_equal(failures, 0);
}

static void test_edges(void **state)
{
	struct actor a;
	struct perm_object o;
	char *why = NULL;
	(void)state;
	memset(&a, 0, sizeof a);
	memset(&o, 0, sizeof o);
	/* an actor without organisation never owns anything */
	a.role = ROLE_COLLECTIVITE;
	o.org_id = 0;
	strcpy(o.dept, "23");
	assert_false(may(&a, ACT_PREORDER_VIEW, &o));
	/* a préfecture without département sees no département */
	a.role = ROLE_PREFECTURE;
	a.org_id = 5;
	o.org_id = 6;
	assert_false(may(&a, ACT_PREORDER_VIEW, &o));
	strcpy(a.dept, "23");
	assert_true(may(&a, ACT_PREORDER_VIEW, &o));
	strcpy(o.dept, "2A");
	assert_int_equal(may_why(&a, ACT_PREORDER_RETAIN, &o, &why), RC_DENIED);
	assert_non_null(strstr(why, "autre département"));
	/* out-of-range values are refused, not read out of bounds */
	a.role = (enum role)99;
	assert_false(may(&a, ACT_PREORDER_VIEW, &o));
	a.role = ROLE_ANCT;
	assert_false(may(&a, (enum action)ACT_COUNT, &o));
	assert_false(may(NULL, ACT_PREORDER_VIEW, &o));
	for (int act = 0; act < ACT_COUNT; act++) {
		assert_true(strlen(action_name((enum action)act)) > 0);
		assert_true(strlen(action_label((enum action)act)) > 0);
	}
	free(why);
}

/* The command line's actor may everything everywhere; the anonymous one only sign up. */
static void test_system_and_anonymous(void **state)
{
	struct actor sys, anon;
	struct perm_object o;
	(void)state;

	actor_system(&sys);
	actor_anonymous(&anon);
	assert_string_equal(sys.login, "système");
	assert_int_equal(sys.account_id, 0);
	assert_false(anon.system);
	for (int act = 0; act < ACT_COUNT; act++) {
		for (int sc = 0; sc < SCOPE_COUNT; sc++) {
			object_for((enum scope)sc, &o);
			assert_true(may(&sys, (enum action)act, &o));
			assert_int_equal(may(&anon, (enum action)act, &o),
			                 act == ACT_ORG_SIGNUP && sc == SCOPE_NATIONAL);
		}
	}
	assert_false(may(&sys, (enum action)ACT_COUNT, &o));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_matrix),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_system_and_anonymous),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
