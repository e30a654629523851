/*
 * settings.c — lot catalogue names, programme defaults and the validation of
 * settings before ANCT stores them.
 */
#include "core/settings.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/ident.h"
#include "core/core.h"
#include "core/util.h"

static const char *const lot_names[LOT_COUNT] = { "pc_fixe", "pc_portable", "tablette",
	                                          "smartphone" };
static const char *const lot_labels[LOT_COUNT] = { N_("PC fixe"), N_("PC portable"),
	                                           N_("Tablette"), N_("Smartphone") };

const char *lot_name(enum lot l) { return (unsigned)l < LOT_COUNT ? lot_names[l] : "?"; }
const char *lot_label(enum lot l)
{
	return (unsigned)l < LOT_COUNT ? _(lot_labels[l]) : "?";
}

int lot_parse(const char *s, enum lot *out, char **why)
{
	for (int l = 0; l < LOT_COUNT; l++) {
		if (s != NULL && strcmp(s, lot_names[l]) == 0) {
			*out = (enum lot)l;
			return RC_OK;
		}
	}
	return fail(why, RC_INVALID, _("Lot inconnu : « %s » (attendu pc_fixe, pc_portable, "
	                               "tablette ou smartphone)."), s != NULL ? s : "");
}

void settings_defaults(struct settings *s)
{
	static const struct {
		const char *config;
		cents_t price;
	} lots[LOT_COUNT] = {
		[LOT_PC_FIXE] = { "Processeur Intel Core i5 de 6e génération ou équivalent, 8 Go de "
		                  "mémoire, SSD de 240 Go, écran 22 pouces, clavier et souris, "
		                  "Windows 10 ou Linux, grade A ou B, garantie 12 mois.", 30000 },
		[LOT_PC_PORTABLE] = { "Processeur Intel Core i5 de 6e génération ou équivalent, 8 Go "
		                      "de mémoire, SSD de 240 Go, écran 14 pouces, batterie à 80 % "
		                      "au moins, Windows 10 ou Linux, grade A ou B, garantie 12 mois.",
		                      35000 },
		[LOT_TABLETTE] = { "Écran 10 pouces, 3 Go de mémoire, 32 Go de stockage, Android 9 ou "
		                   "iPadOS 14 au moins, batterie à 80 % au moins, grade A ou B, "
		                   "garantie 12 mois.", 20000 },
		[LOT_SMARTPHONE] = { "Écran 5 pouces, 3 Go de mémoire, 32 Go de stockage, Android 9 "
		                     "ou iOS 14 au moins, batterie à 80 % au moins, grade A ou B, "
		                     "garantie 12 mois.", 15000 },
	};

	memset(s, 0, sizeof *s);
	s->subsidy_rate_bp = SUBSIDY_RATE_DEFAULT;
	s->expense_cap = EXPENSE_CAP_DEFAULT;
	s->price_multiple_bp = 15000u; /* PRICE_MULTIPLE_DEFAULT, core/refurb.h */
	s->window_open = 20211020;
	s->window_close = 20220131;
	s->ordering_opens = 20220301;
	for (int l = 0; l < LOT_COUNT; l++) {
		strlcpy_(s->lots[l].min_config, lots[l].config, sizeof s->lots[l].min_config);
		s->lots[l].unit_price = lots[l].price;
	}
}

void settings_initial(struct settings *s, day_t today)
{
	settings_defaults(s);
	s->window_open = today;
	s->window_close = day_add_years(today, 1);
	s->ordering_opens = today;
}

bool settings_open_window(struct settings *s, day_t today)
{
	if (settings_window_open(s, today))
		return false;
	s->window_open = today;
	s->window_close = day_add_years(today, 1);
	if (s->ordering_opens < today)
		s->ordering_opens = today;
	return true;
}

int settings_check(const struct settings *s, char **why)
{
	if (s->subsidy_rate_bp == 0 || s->subsidy_rate_bp > BP_ONE)
		return fail(why, RC_INVALID,
		            _("Le taux de subvention doit être compris entre 0,01 %% "
		                               "et 100 %%."));
	if (s->expense_cap <= 0 || s->expense_cap > CENTS_MAX)
		return fail(why, RC_INVALID, _("Le plafond de dépense par organisation doit être "
		                               "positif."));
	if (s->price_multiple_bp < 10000u || s->price_multiple_bp > 100000u)
		return fail(why, RC_INVALID, _("Le multiple du prix médian au-delà duquel une offre "
		                               "est signalée doit être compris entre 1 et 10."));
	if (!day_valid(s->window_open) || !day_valid(s->window_close))
		return fail(why, RC_INVALID,
		            _("Les dates d'ouverture et de clôture des intentions de "
		                               "commande sont obligatoires."));
	if (s->window_close < s->window_open)
		return fail(why, RC_INVALID, _("La clôture des intentions de commande précède leur "
		                               "ouverture."));
	if (!day_valid(s->ordering_opens))
		return fail(why, RC_INVALID,
		            _("La date d'ouverture des commandes est obligatoire."));
	if (s->ordering_opens < s->window_open)
		return fail(why, RC_INVALID,
		            _("Les commandes ne peuvent ouvrir avant les intentions "
		                               "de commande."));
	for (int l = 0; l < LOT_COUNT; l++) {
		const struct lot_def *d = &s->lots[l];
		if (d->unit_price <= 0 || d->unit_price > LOT_PRICE_MAX)
			return fail(why, RC_INVALID,
			            _("Le prix de référence du lot « %s » doit être "
			                               "compris entre 0,01 € et 10 000 €."),
			            lot_label((enum lot)l));
		if (text_check(_("Configuration minimale"), d->min_config, 1, LOT_CONFIG_MAX, true,
		               why) != RC_OK)
			return fail(why, RC_INVALID,
			            _("La configuration minimale du lot « %s » doit "
			                               "compter de 1 à %d caractères, sans caractère de "
			                               "contrôle."), lot_label((enum lot)l), LOT_CONFIG_MAX);
	}
	if (s->nenvelopes > DEPT_ENVELOPES_MAX)
		return fail(why, RC_INVALID, _("Trop d'enveloppes budgétaires."));
	for (size_t i = 0; i < s->nenvelopes; i++) {
		if (dept_check(s->envelopes[i].dept, NULL) != RC_OK)
			return fail(why, RC_INVALID, _("Enveloppe budgétaire : département « %s » "
			                               "invalide."), s->envelopes[i].dept);
		if (s->envelopes[i].cents < 0 || s->envelopes[i].cents > CENTS_MAX)
			return fail(why, RC_INVALID,
			            _("L'enveloppe du département %s est invalide."),
			            s->envelopes[i].dept);
		if (i > 0 && strcmp(s->envelopes[i - 1].dept, s->envelopes[i].dept) >= 0)
			return fail(why, RC_INVALID,
			            _("Enveloppes budgétaires en double ou non triées."));
	}
	return RC_OK;
}

bool settings_window_open(const struct settings *s, day_t d)
{
	return d >= s->window_open && d <= s->window_close;
}

bool settings_envelope(const struct settings *s, const char *dept, cents_t *out)
{
	for (size_t i = 0; i < s->nenvelopes; i++) {
		if (strcmp(s->envelopes[i].dept, dept) == 0) {
			*out = s->envelopes[i].cents;
			return true;
		}
	}
	return false;
}

int settings_set_envelope(struct settings *s, const char *dept, cents_t cents, char **why)
{
	size_t i;

	if (dept_check(dept, why) != RC_OK)
		return RC_INVALID;
	if (cents < 0 || cents > CENTS_MAX)
		return fail(why, RC_INVALID, _("Montant d'enveloppe invalide."));
	for (i = 0; i < s->nenvelopes; i++) {
		int c = strcmp(s->envelopes[i].dept, dept);
		if (c == 0) {
			s->envelopes[i].cents = cents;
			return RC_OK;
		}
		if (c > 0)
			break;
	}
	if (s->nenvelopes >= DEPT_ENVELOPES_MAX)
		return fail(why, RC_FULL, _("Trop d'enveloppes budgétaires."));
	memmove(&s->envelopes[i + 1], &s->envelopes[i],
	        (s->nenvelopes - i) * sizeof s->envelopes[0]);
	strlcpy_(s->envelopes[i].dept, dept, sizeof s->envelopes[i].dept);
	s->envelopes[i].cents = cents;
	s->nenvelopes++;
	return RC_OK;
}

/* ---- one field at a time, as the programme team edits them on screen ---- */

static const char *const field_labels[SF_COUNT] = {
	N_("Taux de subvention"), N_("Plafond par organisation (HT)"),
	N_("Ouverture du dépôt"), N_("Clôture du dépôt (incluse)"),
	N_("Ouverture des commandes"), N_("Multiple du prix médian signalé"),
	N_("Prix de référence HT"), N_("Configuration minimale"),
	N_("Enveloppe budgétaire"),
};

/* How the lines of a lot configuration are joined on one line of screen. */
#define CONFIG_JOIN " | "

const char *settings_field_label(enum settings_field f)
{
	return (unsigned)f < SF_COUNT ? _(field_labels[f]) : "?";
}

/* The lines of a configuration joined with CONFIG_JOIN into buf (cut to cap). */
static void config_join(const char *in, char *buf, size_t cap)
{
	size_t o = 0, jl = strlen(CONFIG_JOIN);

	for (const char *p = in; *p != '\0' && o + 1 < cap; p++) {
		if (*p == '\n') {
			if (o + jl + 1 >= cap)
				break;
			memcpy(buf + o, CONFIG_JOIN, jl);
			o += jl;
		} else {
			buf[o++] = *p;
		}
	}
	/* never end inside a UTF-8 sequence */
	while (o > 0 && o + 1 >= cap && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
		o--;
	if (o > 0 && o + 1 >= cap && ((unsigned char)buf[o - 1] & 0xC0) == 0xC0)
		o--;
	buf[o] = '\0';
}

char *settings_field_format(const struct settings *s, enum settings_field f, enum lot lot,
                            const char *dept, char *buf, size_t cap)
{
	cents_t c = 0;

	buf[0] = '\0';
	switch (f) {
	case SF_RATE:
		return bp_format(s->subsidy_rate_bp, buf, cap);
	case SF_CAP:
		return cents_format(s->expense_cap, buf, cap);
	case SF_WINDOW_OPEN:
		return day_format(s->window_open, buf, cap);
	case SF_WINDOW_CLOSE:
		return day_format(s->window_close, buf, cap);
	case SF_ORDERING_OPENS:
		return day_format(s->ordering_opens, buf, cap);
	case SF_PRICE_MULTIPLE:
		return multiple_format(s->price_multiple_bp, buf, cap);
	case SF_LOT_PRICE:
		if ((unsigned)lot < LOT_COUNT)
			cents_format(s->lots[lot].unit_price, buf, cap);
		return buf;
	case SF_LOT_CONFIG:
		if ((unsigned)lot < LOT_COUNT)
			config_join(s->lots[lot].min_config, buf, cap);
		return buf;
	case SF_ENVELOPE:
		if (dept != NULL && settings_envelope(s, dept, &c))
			cents_format(c, buf, cap);
		return buf;
	default:
		return buf;
	}
}

/* The configuration typed on one line: CONFIG_JOIN back to newlines, trimmed. */
static int config_split(const char *text, char *out, size_t cap, char **why)
{
	size_t o = 0, jl = strlen(CONFIG_JOIN);
	const char *p = text;

	while (*p == ' ')
		p++;
	while (*p != '\0') {
		if (o + 1 >= cap)
			return fail(why, RC_INVALID,
			            _("Configuration minimale trop longue (%d caractères au plus)."),
			            LOT_CONFIG_MAX);
		if (strncmp(p, CONFIG_JOIN, jl) == 0) {
			out[o++] = '\n';
			p += jl;
		} else {
			out[o++] = *p++;
		}
	}
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\n'))
		o--;
	out[o] = '\0';
	return RC_OK;
}

/* "23 150 000", "2A=80000", "971 : 10 000": the département, then the amount. */
static int envelope_pair(struct settings *s, const char *text, char **why)
{
	char dept[8];
	size_t n = 0;
	const char *p = text;
	cents_t c = 0;

	while (*p == ' ')
		p++;
	while (p[n] != '\0' && p[n] != ' ' && p[n] != '=' && p[n] != ':' && n + 1 < sizeof dept)
		n++;
	memcpy(dept, p, n);
	dept[n] = '\0';
	p += n;
	while (*p == ' ' || *p == '=' || *p == ':')
		p++;
	if (n == 0 || *p == '\0')
		return fail(why, RC_INVALID, "%s",
		            _("tapez le département puis le montant, par exemple « 23 150 000 »."));
	if (dept_check(dept, why) != RC_OK || cents_parse(p, &c, why) != RC_OK)
		return RC_INVALID;
	return settings_set_envelope(s, dept, c, why);
}

int settings_field_set(struct settings *s, enum settings_field f, enum lot lot,
                       const char *dept, const char *text, char **why)
{
	char *inner = NULL, *config = NULL;
	uint32_t bp = 0;
	cents_t c = 0;
	day_t d = 0;
	int rc = RC_INVALID;

	if (text == NULL)
		text = "";
	switch (f) {
	case SF_RATE:
		if ((rc = bp_parse(text, &bp, &inner)) == RC_OK)
			s->subsidy_rate_bp = bp;
		break;
	case SF_PRICE_MULTIPLE:
		if ((rc = multiple_parse(text, &bp, &inner)) == RC_OK)
			s->price_multiple_bp = bp;
		break;
	case SF_CAP:
		if ((rc = cents_parse(text, &c, &inner)) == RC_OK)
			s->expense_cap = c;
		break;
	case SF_WINDOW_OPEN:
	case SF_WINDOW_CLOSE:
	case SF_ORDERING_OPENS:
		if ((rc = day_parse(text, &d, &inner)) != RC_OK)
			break;
		if (f == SF_WINDOW_OPEN)
			s->window_open = d;
		else if (f == SF_WINDOW_CLOSE)
			s->window_close = d;
		else
			s->ordering_opens = d;
		break;
	case SF_LOT_PRICE:
		if ((unsigned)lot >= LOT_COUNT)
			break;
		if ((rc = cents_parse(text, &c, &inner)) == RC_OK)
			s->lots[lot].unit_price = c;
		break;
	case SF_LOT_CONFIG:
		if ((unsigned)lot >= LOT_COUNT)
			break;
		config = xmalloc(sizeof s->lots[lot].min_config);
		if ((rc = config_split(text, config, sizeof s->lots[lot].min_config, &inner)) == RC_OK)
			memcpy(s->lots[lot].min_config, config, sizeof s->lots[lot].min_config);
		break;
	case SF_ENVELOPE:
		if (dept == NULL || dept[0] == '\0') {
			struct settings *copy = xmalloc(sizeof *copy);

			*copy = *s;
			if ((rc = envelope_pair(copy, text, &inner)) == RC_OK)
				*s = *copy;
			free(copy);
		} else if ((rc = cents_parse(text, &c, &inner)) == RC_OK) {
			rc = settings_set_envelope(s, dept, c, &inner);
		}
		break;
	default:
		break;
	}
	if (rc != RC_OK)
		rc = fail(why, RC_INVALID, "%s : %s", settings_field_label(f),
		          inner != NULL ? inner : _("valeur invalide."));
	free(inner);
	free(config);
	return rc;
}
