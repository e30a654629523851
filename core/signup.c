/*
 * signup.c — the rules of sign-up: kinds offered, the check of each field
 * and of the whole form. The use cases (commune search, eligibility,
 * creation, validation) are in uc-signup.c.
 */
#include "core/signup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/ident.h"
#include "core/org.h"

static const enum org_kind offered[] = {
	ORG_COMMUNE, ORG_COMMUNAUTE_COMMUNES, ORG_COMMUNAUTE_AGGLO, ORG_COMMUNAUTE_URBAINE,
	ORG_METROPOLE, ORG_DEPARTEMENT, ORG_REGION, ORG_SYNDICAT, ORG_FRANCE_SERVICES,
	ORG_ASSOCIATION, ORG_CCAS, ORG_MISSION_LOCALE, ORG_ENTREPRISE, ORG_CHAMBRE_CONSULAIRE,
	ORG_CHAMBRE_AGRICULTURE,
};

const enum org_kind *signup_kinds(size_t *n)
{
	*n = ARRAY_LEN(offered);
	return offered;
}

const char *org_status_label(enum org_status s)
{
	switch (s) {
	case ORG_PENDING: return _("en attente de validation");
	case ORG_VALIDATED: return _("validée");
	case ORG_REFUSED: return _("refusée");
	case ORG_STATUS_COUNT: break;
	}
	return _("inconnu");
}

int signup_kind_check(enum org_kind kind, char **why)
{
	if (kind == ORG_FRANCE_SERVICES || org_kind_is_collectivite(kind))
		return RC_OK;
	if (org_kind_is_refused(kind))
		return fail(why, RC_DENIED,
		            _("Une organisation de type « %s » n'est pas éligible au "
		                              "dispositif : aucun compte ne peut être créé. %s"),
		            org_kind_label(kind), org_refused_advice());
	if (kind == ORG_KIND_NONE || (unsigned)kind >= ORG_KIND_COUNT)
		return fail(why, RC_INVALID, _("Choisissez le type de votre organisation."));
	return fail(why, RC_INVALID, _("Les comptes de type « %s » sont créés par l'équipe du "
	                               "programme, pas par cette inscription."), org_kind_label(kind));
}

int signup_siret_check(const char *siret, char siren[10], char **why)
{
	char *inner = NULL;
	int rc;

	if (siret == NULL || siret[0] == '\0')
		return fail(why, RC_INVALID,
		            _("Indiquez le SIRET de l'organisation (14 chiffres)."));
	if ((rc = siret_check(siret, &inner)) != RC_OK) {
		rc = fail(why, RC_INVALID, _("SIRET : %s"), inner != NULL ? inner : "invalide.");
		free(inner);
		return rc;
	}
	if (siren != NULL) {
		memcpy(siren, siret, 9);
		siren[9] = '\0';
	}
	return RC_OK;
}

int signup_email_check(const char *email, char **why)
{
	const char *at, *dot;
	size_t n;

	if (email == NULL || email[0] == '\0')
		return fail(why, RC_INVALID, _("Indiquez l'adresse électronique du contact."));
	n = strlen(email);
	if (n > EMAIL_MAX)
		return fail(why, RC_INVALID, _("Adresse électronique trop longue (%d caractères au "
		                               "plus)."), EMAIL_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)email[i];

		if (ch <= 0x20 || ch >= 0x7f || ch == '"' || ch == '(' || ch == ')' || ch == ',' ||
		    ch == ';' || ch == ':' || ch == '<' || ch == '>' || ch == '[' || ch == ']' ||
		    ch == '\\')
			return fail(why, RC_INVALID, _("Adresse électronique invalide : caractère "
			                               "non permis (espaces, accents et ponctuation "
			                               "spéciale exclus)."));
	}
	at = strchr(email, '@');
	if (at == NULL || at == email || strchr(at + 1, '@') != NULL)
		return fail(why, RC_INVALID, _("Adresse électronique invalide : attendu "
		                               "nom@domaine.fr."));
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strstr(at, "..") != NULL ||
	    email[n - 1] == '.')
		return fail(why, RC_INVALID, _("Adresse électronique invalide : le domaine après "
		                               "« @ » doit être de la forme domaine.fr."));
	return RC_OK;
}

int signup_phone_check(const char *phone, char **why)
{
	char digits[PHONE_MAX + 1];
	size_t nd = 0, n;
	bool intl;

	if (phone == NULL || phone[0] == '\0')
		return fail(why, RC_INVALID, _("Indiquez le téléphone du contact."));
	n = strlen(phone);
	if (n > PHONE_MAX)
		return fail(why, RC_INVALID, _("Téléphone trop long (%d caractères au plus)."),
		            PHONE_MAX);
	intl = phone[0] == '+';
	for (size_t i = intl ? 1 : 0; i < n; i++) {
		char ch = phone[i];

		if (ch >= '0' && ch <= '9') {
			digits[nd++] = ch;
		} else if ((ch == ' ' || ch == '.' || ch == '-') && nd > 0 && i + 1 < n &&
		           phone[i + 1] >= '0' && phone[i + 1] <= '9') {
			continue;
		} else {
			return fail(why, RC_INVALID, _("Téléphone invalide : chiffres seulement "
			                               "(espaces, points ou tirets permis entre eux)."));
		}
	}
	digits[nd] = '\0';
	if (intl) {
		if (nd != 11 || strncmp(digits, "33", 2) != 0 || digits[2] == '0')
			return fail(why, RC_INVALID,
			            _("Téléphone invalide : au format international, "
			                               "+33 suivi de 9 chiffres."));
		return RC_OK;
	}
	if (nd != 10 || digits[0] != '0' || digits[1] == '0')
		return fail(why, RC_INVALID, _("Téléphone invalide : 10 chiffres commençant par 0 "
		                               "(par exemple 05 55 12 34 56)."));
	return RC_OK;
}

int signup_name_check(const char *name, char **why)
{
	int rc;

	if ((rc = text_check(_("Nom de l'organisation"), name, 2, ORG_NAME_MAX, false, why)) != RC_OK)
		return rc;
	if (strlen(name) > ORG_NAME_MAX)
		return fail(why, RC_INVALID, _("Nom de l'organisation trop long."));
	return RC_OK;
}

int signup_contact_check(const struct contact *c, char **why)
{
	int rc;

	if ((rc = text_check(_("Nom du contact"), c->name, 2, PERSON_MAX, false, why)) != RC_OK)
		return rc;
	if ((rc = text_check(_("Fonction du contact"), c->function, 2, PERSON_MAX, false, why)) !=
	    RC_OK)
		return rc;
	if (strlen(c->name) > PERSON_MAX || strlen(c->function) > PERSON_MAX)
		return fail(why, RC_INVALID, _("Nom ou fonction du contact trop long."));
	if ((rc = signup_email_check(c->email, why)) != RC_OK)
		return rc;
	return signup_phone_check(c->phone, why);
}

/* ---- the form ---- */

int signup_form_check(const struct signup_form *f, char siren[10], char **key, char **why)
{
	int rc;

	if ((rc = signup_kind_check(f->kind, why)) != RC_OK)
		return rc;
	if ((rc = signup_siret_check(f->siret, siren, why)) != RC_OK)
		return rc;
	if (f->insee == NULL || f->insee[0] == '\0')
		return fail(why, RC_INVALID, _("Choisissez la commune du siège."));
	if ((rc = insee_check(f->insee, why)) != RC_OK)
		return rc;
	if ((rc = signup_name_check(f->name, why)) != RC_OK)
		return rc;
	if ((rc = signup_contact_check(&f->contact, why)) != RC_OK)
		return rc;
	if ((rc = account_login_check(f->login, why)) != RC_OK)
		return rc;
	if (f->reserved_login != NULL && strcmp(f->login, f->reserved_login) == 0)
		return fail(why, RC_INVALID, _("L'identifiant « %s » est réservé : choisissez-en "
		                               "un autre."), f->login);
	if ((rc = password_policy_check(f->password, why)) != RC_OK)
		return rc;
	if (f->confirm == NULL || strcmp(f->password, f->confirm) != 0)
		return fail(why, RC_INVALID, _("Les deux mots de passe ne sont pas identiques."));
	if (f->key_line != NULL && f->key_line[0] != '\0' &&
	    (rc = sshkey_line_check(f->key_line, key, why)) != RC_OK)
		return rc;
	return RC_OK;
}
