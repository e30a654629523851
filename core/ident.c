/*
 * ident.c — syntax and check digits of SIREN, SIRET, INSEE, département and
 * postal codes.
 */
#include "core/ident.h"

#include <string.h>

#include "core/i18n.h"
#include "core/util.h"

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool luhn_ok(const char *digits)
{
	size_t n = strlen(digits);
	unsigned sum = 0;

	if (n == 0 || !all_digits(digits, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(digits[n - 1 - i] - '0');
		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

int siren_check(const char *s, char **why)
{
	if (s == NULL || !all_digits(s, 9))
		return fail(why, RC_INVALID, _("Le SIREN compte exactement 9 chiffres."));
	if (strcmp(s, "000000000") == 0)
		return fail(why, RC_INVALID, _("Le SIREN 000000000 n'existe pas."));
	if (!luhn_ok(s))
		return fail(why, RC_INVALID,
		            _("Le SIREN %s est invalide : sa clé de contrôle ne correspond pas "
		              "(vérifiez les chiffres saisis)."), s);
	return RC_OK;
}

int siret_check(const char *s, char **why)
{
	char siren[10];
	unsigned sum = 0;

	if (s == NULL || !all_digits(s, 14))
		return fail(why, RC_INVALID, _("Le SIRET compte exactement 14 chiffres."));
	memcpy(siren, s, 9);
	siren[9] = '\0';
	if (siren_check(siren, why) != RC_OK)
		return fail(why, RC_INVALID,
		            _("Le SIRET %s est invalide : ses 9 premiers chiffres ne forment pas "
		              "un SIREN valide."), s);
	if (strcmp(siren, SIREN_LA_POSTE) == 0) {
		for (size_t i = 0; i < 14; i++)
			sum += (unsigned)(s[i] - '0');
		if (sum % 5 != 0)
			return fail(why, RC_INVALID,
			            _("Le SIRET %s est invalide : pour La Poste, la somme des "
			              "chiffres doit être un multiple de 5."), s);
		return RC_OK;
	}
	if (!luhn_ok(s))
		return fail(why, RC_INVALID,
		            _("Le SIRET %s est invalide : sa clé de contrôle ne correspond pas "
		              "(vérifiez les chiffres saisis)."), s);
	return RC_OK;
}

/* Length of the département prefix of an INSEE code, 0 if none is valid. */
static size_t insee_prefix(const char *s)
{
	if (s[0] == '2' && (s[1] == 'A' || s[1] == 'B'))
		return 2;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return 0;
	if (s[0] == '9' && s[1] == '7')
		return s[2] >= '1' && s[2] <= '8' ? 3 : 0;
	if (s[0] == '0' && s[1] == '0')
		return 0;
	if (s[0] == '2' && s[1] == '0')
		return 0;
	if (s[0] == '9' && s[1] > '5')
		return 0;
	return 2;
}

int dept_check(const char *s, char **why)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n == 2 && insee_prefix(s) == 2)
		return RC_OK;
	if (n == 3 && s[0] == '9' && s[1] == '7' && s[2] >= '1' && s[2] <= '6')
		return RC_OK;
	return fail(why, RC_INVALID,
	            _("Code de département invalide : attendu 01 à 95, 2A, 2B ou 971 à 976."));
}

int insee_check(const char *s, char **why)
{
	size_t p;

	if (s == NULL || strlen(s) != 5)
		return fail(why, RC_INVALID, _("Le code INSEE d'une commune compte 5 caractères "
		                               "(par exemple 23096 ou 2A004)."));
	p = insee_prefix(s);
	if (p == 0)
		return fail(why, RC_INVALID,
		            _("Le code INSEE %s ne commence pas par un département valide."), s);
	for (size_t i = p; i < 5; i++)
		if (s[i] < '0' || s[i] > '9')
			return fail(why, RC_INVALID,
			            _("Le code INSEE %s est invalide : seuls des chiffres suivent le "
			              "département."), s);
	if (strcmp(s + p, p == 2 ? "000" : "00") == 0)
		return fail(why, RC_INVALID,
		            _("Le code INSEE %s est invalide : le numéro de commune ne peut être nul."),
		            s);
	return RC_OK;
}

int insee_dept(const char *s, char out[4], char **why)
{
	size_t p;

	if (insee_check(s, why) != RC_OK)
		return RC_INVALID;
	p = insee_prefix(s);
	memcpy(out, s, p);
	out[p] = '\0';
	return RC_OK;
}

int postcode_check(const char *s, char **why)
{
	if (s == NULL || !all_digits(s, 5))
		return fail(why, RC_INVALID, _("Le code postal compte exactement 5 chiffres."));
	if ((s[0] == '0' && s[1] == '0') || (s[0] == '9' && s[1] == '6') ||
	    (s[0] == '9' && s[1] == '9'))
		return fail(why, RC_INVALID, _("Le code postal %s n'existe pas en France."), s);
	return RC_OK;
}
