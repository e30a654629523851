/*
 * test-core-settings-field.c — one setting at a time as the programme team
 * types it on screen (settings_field_set, settings_field_format): each
 * field read back as it is shown; each bad value refused with a French
 * reason naming the setting, and the settings left exactly as they were;
 * a lot configuration's lines joined on one line and split back; a new
 * envelope as « DÉPT MONTANT ».
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/settings.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_fields_round_trip(void **state)
{
	struct settings *s = calloc(1, sizeof *s);
	char buf[LOT_CONFIG_BYTES + 64];
	char *why = NULL;

	settings_defaults(s);
	assert_int_equal(settings_field_set(s, SF_RATE, 0, NULL, "72,5", &why), RC_OK);
	assert_int_equal(s->subsidy_rate_bp, 7250);
	assert_int_equal(settings_field_set(s, SF_CAP, 0, NULL, "35 000", &why), RC_OK);
	assert_int_equal(s->expense_cap, INT64_C(3500000));
	assert_int_equal(settings_field_set(s, SF_WINDOW_CLOSE, 0, NULL, "28/02/2022", &why),
	                 RC_OK);
	settings_field_format(s, SF_WINDOW_CLOSE, 0, NULL, buf, sizeof buf);
	assert_string_equal(buf, "28/02/2022");
	assert_int_equal(settings_field_set(s, SF_PRICE_MULTIPLE, 0, NULL, "2", &why), RC_OK);
	assert_int_equal(s->price_multiple_bp, 20000);
	assert_int_equal(settings_field_set(s, SF_LOT_PRICE, LOT_TABLETTE, NULL, "180", &why),
	                 RC_OK);
	assert_int_equal(s->lots[LOT_TABLETTE].unit_price, 18000);
	/* lines of a configuration are joined by « | » on one line, and split back */
	assert_int_equal(settings_field_set(s, SF_LOT_CONFIG, LOT_PC_FIXE, NULL,
	                                    "8 Go de mémoire | SSD 256 Go ", &why), RC_OK);
	assert_string_equal(s->lots[LOT_PC_FIXE].min_config, "8 Go de mémoire\nSSD 256 Go");
	settings_field_format(s, SF_LOT_CONFIG, LOT_PC_FIXE, NULL, buf, sizeof buf);
	assert_string_equal(buf, "8 Go de mémoire | SSD 256 Go");
	/* a new envelope, then a change of it */
	assert_int_equal(settings_field_set(s, SF_ENVELOPE, 0, "", "23 150 000", &why), RC_OK);
	assert_int_equal(s->nenvelopes, 1);
	assert_string_equal(s->envelopes[0].dept, "23");
	assert_int_equal(settings_field_set(s, SF_ENVELOPE, 0, "23", "120000", &why), RC_OK);
	assert_int_equal(s->envelopes[0].cents, INT64_C(12000000));
	assert_int_equal(settings_field_set(s, SF_ENVELOPE, 0, NULL, "2A=80000", &why), RC_OK);
	assert_int_equal(s->nenvelopes, 2);
	assert_int_equal(settings_check(s, NULL), RC_OK);
	assert_null(why);
	free(s);
}

static void test_bad_values_change_nothing(void **state)
{
	static const struct {
		enum settings_field f;
		const char *text, *reason;
	} bad[] = {
		{ SF_RATE, "cent", "Taux de subvention : " },
		{ SF_RATE, "120", "Taux de subvention : " },
		{ SF_CAP, "-5", "Plafond par organisation" },
		{ SF_WINDOW_OPEN, "31/02/2022", "Ouverture du dépôt : " },
		{ SF_ORDERING_OPENS, "demain", "Ouverture des commandes : " },
		{ SF_PRICE_MULTIPLE, "1,5x", "Multiple du prix médian" },
		{ SF_LOT_PRICE, "douze", "Prix de référence HT : " },
		{ SF_ENVELOPE, "23", "tapez le département puis le montant" },
		{ SF_ENVELOPE, "99 1000", "Enveloppe budgétaire : " },
		{ SF_ENVELOPE, "23 beaucoup", "Enveloppe budgétaire : " },
	};
	struct settings *s = calloc(1, sizeof *s), *before = calloc(1, sizeof *before);
	char *long_text = malloc(LOT_CONFIG_BYTES + 10);

	settings_defaults(s);
	*before = *s;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *why = NULL;

		assert_int_equal(settings_field_set(s, bad[i].f, LOT_PC_FIXE, NULL, bad[i].text, &why),
		                 RC_INVALID);
		assert_non_null(why);
		assert_non_null(strstr(why, bad[i].reason));
		assert_memory_equal(s, before, sizeof *s);
		free(why);
	}
	memset(long_text, 'x', LOT_CONFIG_BYTES + 9);
	long_text[LOT_CONFIG_BYTES + 9] = '\0';
	{
		char *why = NULL;

		assert_int_equal(settings_field_set(s, SF_LOT_CONFIG, LOT_SMARTPHONE, NULL,
		                                    long_text, &why), RC_INVALID);
		assert_non_null(strstr(why, "trop longue"));
		assert_memory_equal(s, before, sizeof *s);
		free(why);
	}
	free(long_text);
	free(s);
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_round_trip),
		cmocka_unit_test(test_bad_values_change_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
