/*
 * test-keys-auth.c — the authentication method policy of keys/auth.c: the
 * "none" method opens the configured sign-up login and nothing else (no
 * other login, no look-alike, nothing when sign-up is off), and the methods
 * offered to accounts stay publickey and password.
 */
#include <stdlib.h>
#include <string.h>

#include "keys/keys-int.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_none_for_signup_login_only(void **state)
{
	static const char *const others[] = {
		"alice", "demo-felletin", "Inscription", "inscription ", " inscription",
		"inscriptio", "inscription2", "inscription\n", "", "root",
	};
	struct keys_config cfg;

	(void)state;
	keys_config_defaults(&cfg);
	assert_string_equal(cfg.signup_login, "inscription");
	assert_true(auth_none_allowed(&cfg, "inscription"));
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		assert_false(auth_none_allowed(&cfg, others[i]));
	assert_false(auth_none_allowed(&cfg, NULL));

	cfg.signup_login = "signup";
	assert_true(auth_none_allowed(&cfg, "signup"));
	assert_false(auth_none_allowed(&cfg, "inscription"));

	cfg.signup_login = "";
	assert_false(auth_none_allowed(&cfg, ""));
	assert_false(auth_none_allowed(&cfg, "inscription"));
	cfg.signup_login = NULL;
	assert_false(auth_none_allowed(&cfg, "inscription"));
}

static void test_account_methods(void **state)
{
	(void)state;
	assert_int_equal(auth_methods(), SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD);
}

static void test_signup_defaults(void **state)
{
	struct keys_config cfg;

	(void)state;
	keys_config_defaults(&cfg);
	assert_int_equal(cfg.signup_max, 5);
	assert_int_equal(cfg.signup_window_s, 600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none_for_signup_login_only),
		cmocka_unit_test(test_account_methods),
		cmocka_unit_test(test_signup_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
