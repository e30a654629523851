/*
 * refurb.c — the refurbishers' rules: labels of legal forms, grades,
 * states and criteria; validation of a registration, an offer, a dossier,
 * an evaluation and a decision; the median and the excessive-price rule.
 */
#include "core/refurb.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/geo.h"
#include "core/i18n.h"
#include "core/ident.h"
#include "core/util.h"

static const struct {
	const char *name, *label;
} legal_forms[LF_COUNT] = {
	[LF_NONE] = { "", N_("non renseignée") },
	[LF_SOCIETE] = { "societe", N_("société") },
	[LF_ASSOCIATION] = { "association", N_("association") },
	[LF_SCOP] = { "scop", N_("SCOP") },
	[LF_SCIC] = { "scic", N_("SCIC") },
	[LF_INSERTION] = { "insertion", N_("entreprise d'insertion") },
	[LF_ESAT] = { "esat", N_("ESAT") },
	[LF_ADAPTEE] = { "adaptee", N_("entreprise adaptée") },
	[LF_AUTRE] = { "autre", N_("autre") },
};

static const char *const grade_labels[GRADE_COUNT] = { "—", "A", "B", "C" };

static const struct {
	const char *name, *label;
} states[REFURB_STATE_COUNT] = {
	[REFURB_PENDING] = { "pending", N_("en attente") },
	[REFURB_SELECTED] = { "selected", N_("sélectionné") },
	[REFURB_NOT_SELECTED] = { "not_selected", N_("non sélectionné") },
};

static const char *const criteria[CRIT_COUNT] = {
	[CRIT_TECHNIQUE] = N_("technique"),
	[CRIT_ENVIRONNEMENTAL] = N_("environnemental"),
	[CRIT_SOCIAL] = N_("social"),
	[CRIT_ECONOMIQUE] = N_("économique"),
};

static const char *const flags[PRICE_FLAG_COUNT] = {
	[PRICE_OK] = N_("normal"),
	[PRICE_FLAGGED] = N_("signalé"),
	[PRICE_CONFIRMED] = N_("excessif confirmé"),
	[PRICE_LIFTED] = N_("signalement levé"),
};

static const char *const turnovers[TURNOVER_COUNT] = {
	[TURNOVER_NONE] = N_("non renseigné"),
	[TURNOVER_LT_100K] = N_("moins de 100 k€"),
	[TURNOVER_100K_1M] = N_("100 k€ à 1 M€"),
	[TURNOVER_1M_10M] = N_("1 à 10 M€"),
	[TURNOVER_GT_10M] = N_("plus de 10 M€"),
};

const char *legal_form_name(enum legal_form f)
{
	return (unsigned)f < LF_COUNT ? legal_forms[f].name : "";
}

const char *legal_form_label(enum legal_form f)
{
	return _((unsigned)f < LF_COUNT ? legal_forms[f].label : legal_forms[LF_NONE].label);
}

int legal_form_parse(const char *s, enum legal_form *out, char **why)
{
	for (int f = LF_SOCIETE; f < LF_COUNT; f++) {
		if (s != NULL && strcmp(s, legal_forms[f].name) == 0) {
			*out = (enum legal_form)f;
			return RC_OK;
		}
	}
	return fail(why, RC_INVALID, _("Forme juridique inconnue : « %s » (attendu societe, "
	                               "association, scop, scic, insertion, esat, adaptee ou "
	                               "autre)."), s != NULL ? s : "");
}

const char *grade_label(enum grade g)
{
	return (unsigned)g < GRADE_COUNT ? grade_labels[g] : grade_labels[GRADE_NONE];
}

int grade_parse(const char *s, enum grade *out, char **why)
{
	for (int g = GRADE_A; g < GRADE_COUNT; g++) {
		if (s != NULL && (strcmp(s, grade_labels[g]) == 0 ||
		                  (s[0] == grade_labels[g][0] + 'a' - 'A' && s[1] == '\0'))) {
			*out = (enum grade)g;
			return RC_OK;
		}
	}
	return fail(why, RC_INVALID, _("Grade inconnu : « %s » (attendu A, B ou C)."),
	            s != NULL ? s : "");
}

const char *refurb_state_name(enum refurb_state s)
{
	return (unsigned)s < REFURB_STATE_COUNT ? states[s].name : "?";
}

const char *refurb_state_label(enum refurb_state s)
{
	return (unsigned)s < REFURB_STATE_COUNT ? _(states[s].label) : "?";
}

int refurb_state_parse(const char *s, enum refurb_state *out, char **why)
{
	for (int i = 0; i < REFURB_STATE_COUNT; i++) {
		if (s != NULL && strcmp(s, states[i].name) == 0) {
			*out = (enum refurb_state)i;
			return RC_OK;
		}
	}
	return fail(why, RC_INVALID, _("État inconnu : « %s » (attendu pending, selected ou "
	                               "not_selected)."), s != NULL ? s : "");
}

const char *criterion_label(enum criterion c)
{
	return (unsigned)c < CRIT_COUNT ? _(criteria[c]) : "?";
}

const char *price_flag_label(enum price_flag f)
{
	return (unsigned)f < PRICE_FLAG_COUNT ? _(flags[f]) : "?";
}

const char *turnover_label(enum turnover_band t)
{
	return (unsigned)t < TURNOVER_COUNT ? _(turnovers[t]) : "?";
}

int refurb_check_profile(const struct refurb *r, day_t today, char **why)
{
	char d1[16], d2[16];

	if (siren_check(r->siren, NULL) != RC_OK)
		return fail(why, RC_INVALID, _("Le SIREN « %s » n'est pas valide (9 chiffres, clé "
		                               "de contrôle)."), r->siren);
	if (r->legal_form <= LF_NONE || r->legal_form >= LF_COUNT)
		return fail(why, RC_INVALID, "%s", _("Choisissez la forme juridique de la "
		                                     "structure."));
	if (!day_valid(r->founded))
		return fail(why, RC_INVALID, "%s", _("Indiquez la date de création de la structure "
		                                     "(JJ/MM/AAAA)."));
	if (r->founded > today)
		return fail(why, RC_INVALID, _("La date de création (%s) est postérieure à "
		                               "aujourd'hui (%s) : seules les structures déjà créées "
		                               "peuvent s'inscrire."),
		            day_format(r->founded, d1, sizeof d1), day_format(today, d2, sizeof d2));
	if (r->nbenches == 0)
		return fail(why, RC_INVALID, "%s", _("Indiquez au moins un atelier de "
		                                     "reconditionnement (code postal)."));
	if (r->nbenches > REFURB_BENCHES_MAX)
		return fail(why, RC_INVALID, _("Au plus %d ateliers de reconditionnement."),
		            REFURB_BENCHES_MAX);
	for (size_t i = 0; i < r->nbenches; i++) {
		const struct bench *b = &r->benches[i];

		if (!geo_postcode_valid(b->postcode))
			return fail(why, RC_INVALID, _("Atelier %zu : « %s » n'est pas un code postal "
			                               "(5 chiffres)."), i + 1, b->postcode);
		if (!geo_insee_valid(b->insee))
			return fail(why, RC_INVALID, _("Atelier %zu (%s) : choisissez la commune."), i + 1,
			            b->postcode);
		for (size_t j = 0; j < i; j++)
			if (strcmp(r->benches[j].insee, b->insee) == 0 &&
			    strcmp(r->benches[j].postcode, b->postcode) == 0)
				return fail(why, RC_INVALID, _("L'atelier %s %s est indiqué deux fois."),
				            b->postcode, b->commune);
	}
	return RC_OK;
}

int refurb_check_offer(const struct refurb_offer *o, enum lot lot, char **why)
{
	const char *l = lot_label(lot);
	int rc;

	if (!o->active)
		return RC_OK;
	if (o->unit_price <= 0 || o->unit_price > LOT_PRICE_MAX)
		return fail(why, RC_INVALID, _("Offre %s : le prix unitaire HT doit être compris "
		                               "entre 0,01 € et 10 000,00 €."), l);
	if (o->capacity == 0 || o->capacity > REFURB_CAPACITY_MAX)
		return fail(why, RC_INVALID, _("Offre %s : la capacité doit être comprise entre 1 et "
		                               "%u unités."), l, REFURB_CAPACITY_MAX);
	if (o->grade <= GRADE_NONE || o->grade >= GRADE_COUNT)
		return fail(why, RC_INVALID, _("Offre %s : choisissez le grade esthétique (A, B ou "
		                               "C)."), l);
	if (o->warranty_months > REFURB_WARRANTY_MAX)
		return fail(why, RC_INVALID, _("Offre %s : la garantie est d'au plus %u mois."), l,
		            REFURB_WARRANTY_MAX);
	if (!o->attest_decree)
		return fail(why, RC_INVALID, _("Offre %s : attestez que les appareils sont "
		                               "reconditionnés au sens du décret 2022-190 (toutes "
		                               "les fonctions testées, toutes les données "
		                               "effacées)."), l);
	if (!o->attest_config)
		return fail(why, RC_INVALID, _("Offre %s : attestez que les appareils respectent la "
		                               "configuration minimale du lot."), l);
	if ((rc = text_check(_("Méthode d'effacement des données"), o->erasure, REFURB_ERASURE_MIN,
	                     REFURB_ERASURE_MAX, false, why)) != RC_OK)
		return rc;
	return RC_OK;
}

int refurb_check_dossier(const struct refurb_dossier *d, char **why)
{
	const struct {
		const char *label, *text;
	} texts[] = {
		{ N_("Procédé de reconditionnement"), d->process },
		{ N_("Certifications et labels"), d->certifications },
		{ N_("Approvisionnement"), d->sourcing },
		{ N_("Emballages"), d->packaging },
		{ N_("Appareils non reconditionnables"), d->unrefurbishable },
		{ N_("Éléments économiques"), d->economics },
	};
	int rc;

	for (size_t i = 0; i < ARRAY_LEN(texts); i++)
		if ((rc = text_check(_(texts[i].label), texts[i].text, 0, REFURB_TEXT_MAX, true,
		                     why)) != RC_OK)
			return rc;
	if (d->local_reuse_pct > 100)
		return fail(why, RC_INVALID, "%s", _("La part de réemploi local est un pourcentage "
		                                     "(0 à 100)."));
	if (d->insertion_jobs > REFURB_COUNT_MAX || d->staff > REFURB_COUNT_MAX ||
	    d->years_activity > 1000)
		return fail(why, RC_INVALID, "%s", _("Un effectif ou une durée d'activité est hors "
		                                     "limites."));
	if ((unsigned)d->turnover >= TURNOVER_COUNT)
		return fail(why, RC_INVALID, "%s", _("Tranche de chiffre d'affaires inconnue."));
	return RC_OK;
}

int refurb_check_eval(const struct refurb_eval *e, char **why)
{
	int rc;

	for (int c = 0; c < CRIT_COUNT; c++) {
		if (e->scored[c] && e->score[c] > REFURB_SCORE_MAX)
			return fail(why, RC_INVALID, _("Critère %s : la note est comprise entre 0 et 5."),
			            criterion_label((enum criterion)c));
		if ((rc = text_check(criterion_label((enum criterion)c), e->comment[c], 0,
		                     REFURB_COMMENT_MAX, true, why)) != RC_OK)
			return rc;
	}
	return RC_OK;
}

int refurb_check_decision(const struct refurb *r, bool select, const char *reason, char **why)
{
	bool offer = false;

	if (!select)
		return text_check(_("Motif de non-sélection"), reason, REFURB_REASON_MIN,
		                  REFURB_REASON_MAX, true, why);
	for (int c = 0; c < CRIT_COUNT; c++)
		if (!r->eval.scored[c])
			return fail(why, RC_INVALID, _("Notez le critère %s avant de sélectionner."),
			            criterion_label((enum criterion)c));
	for (int l = 0; l < LOT_COUNT; l++)
		offer = offer || r->offers[l].active;
	if (r->nbenches == 0 || !offer)
		return fail(why, RC_INVALID, "%s", _("Ce reconditionneur n'a pas encore d'atelier ou "
		                                     "d'offre : il ne peut être sélectionné."));
	return RC_OK;
}

static int cents_cmp(const void *a, const void *b)
{
	cents_t x = *(const cents_t *)a, y = *(const cents_t *)b;

	return (x > y) - (x < y);
}

cents_t price_median(const cents_t *v, size_t n)
{
	cents_t *s, m;

	if (n == 0)
		return 0;
	s = xmalloc(n * sizeof *s);
	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, cents_cmp);
	m = n % 2 == 1 ? s[n / 2] : s[n / 2 - 1] + (s[n / 2] - s[n / 2 - 1]) / 2;
	free(s);
	return m;
}

cents_t price_median_without(const cents_t *sorted, size_t n, cents_t p, bool *has)
{
	size_t pos = 0, m, lo, hi;

	while (pos < n && sorted[pos] < p)
		pos++;
	if (pos == n || n < 2) {
		*has = pos < n ? false : n > 0;
		return *has ? price_median(sorted, n) : 0;
	}
	m = n - 1;
	lo = m % 2 == 1 ? m / 2 : m / 2 - 1;
	hi = m / 2;
	lo = lo < pos ? lo : lo + 1;   /* the index in sorted of the other prices' lo-th */
	hi = hi < pos ? hi : hi + 1;
	*has = true;
	return sorted[lo] + (sorted[hi] - sorted[lo]) / 2;
}

bool price_excessive(cents_t price, cents_t median, uint32_t multiple_bp)
{
	/* prices ≤ 10^6 cents and multiples ≤ 10^5 bp: products stay below 2^63 */
	if (median <= 0 || price <= 0 || price > LOT_PRICE_MAX || median > LOT_PRICE_MAX)
		return false;
	return (__int128)price * BP_ONE > (__int128)median * multiple_bp;
}

enum price_flag price_flag_of(bool active, cents_t price, enum price_review review,
                              cents_t review_price, bool has_median, cents_t median,
                              uint32_t multiple_bp)
{
	if (!active || !has_median || !price_excessive(price, median, multiple_bp))
		return PRICE_OK;
	if (review_price == price) {
		if (review == PRICE_REVIEW_CONFIRMED)
			return PRICE_CONFIRMED;
		if (review == PRICE_REVIEW_LIFTED)
			return PRICE_LIFTED;
	}
	return PRICE_FLAGGED;
}

enum price_flag offer_price_flag(const struct refurb_offer *o, bool has_median, cents_t median,
                                 uint32_t multiple_bp)
{
	return price_flag_of(o->active, o->unit_price, o->review, o->review_price, has_median,
	                     median, multiple_bp);
}
