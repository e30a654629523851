/*
 * preorder-form.c — the checks of a pre-order form field as the person
 * leaves it (see preorder-form.h).
 */
#include "core/preorder-form.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/preorder.h"
#include "core/util.h"

/* Valid UTF-8 and no control character: the reasons every field shares. */
static int form_check_bytes(const char *label, const char *s, bool multiline, char **why)
{
	size_t len = strlen(s), i = 0;

	if (!utf8_valid(s, len))
		return fail(why, RC_INVALID, _("%s : texte invalide (UTF-8 incorrect)."), label);
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);

		if (text_is_control(cp) && !(multiline && cp == '\n'))
			return fail(why, RC_INVALID,
			            _("%s : caractère de contrôle refusé."), label);
		i += k;
	}
	return RC_OK;
}

int form_parse_count(const char *label, const char *s, uint32_t max, uint32_t *out, char **why)
{
	uint64_t v = 0;
	size_t i = 0;
	int rc;

	*out = 0;
	if (s == NULL)
		return RC_OK;
	if ((rc = form_check_bytes(label, s, false, why)) != RC_OK)
		return rc;
	while (s[i] == ' ')
		i++;
	if (s[i] == '-' && s[i + 1] >= '0' && s[i + 1] <= '9')
		return fail(why, RC_INVALID,
		            _("%s : un nombre négatif n'a pas de sens ici."), label);
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > max)
			return fail(why, RC_INVALID, _("%s : %u au plus."), label, max);
	}
	while (s[i] == ' ')
		i++;
	if (s[i] != '\0')
		return fail(why, RC_INVALID,
		            _("%s : ce n'est pas un nombre (chiffres uniquement)."),
		            label);
	*out = (uint32_t)v;
	return RC_OK;
}

int form_check_line(const char *label, const char *s, size_t max_chars, size_t max_bytes,
                    bool is_email, char **why)
{
	int rc;

	if ((rc = form_check_bytes(label, s, false, why)) != RC_OK)
		return rc;
	if (utf8_len(s) > max_chars || strlen(s) > max_bytes)
		return fail(why, RC_INVALID, _("%s : trop long (%zu caractères au plus)."), label,
		            max_chars);
	if (is_email && s[0] != '\0' && (strchr(s, '@') == NULL || strchr(s, ' ') != NULL))
		return fail(why, RC_INVALID, _("%s : adresse électronique invalide."), label);
	return RC_OK;
}

int form_check_motivation(const char *s, char **why)
{
	int rc;

	if ((rc = form_check_bytes("Motivation", s, true, why)) != RC_OK)
		return rc;
	if (utf8_len(s) > MOTIVATION_MAX || strlen(s) > MOTIVATION_BYTES)
		return fail(why, RC_INVALID, _("Motivation : trop longue (%d caractères au plus)."),
		            MOTIVATION_MAX);
	return RC_OK;
}
