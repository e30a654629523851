/*
 * eligibility.c — the eligibility decision and its French explanation.
 *
 * Grouping rule (EPCI, syndicat, département, région covering both classed
 * and unclassed communes): the grouping is eligible as soon as ONE commune
 * of its territory is classed ZRR or FRR (fully or partly) or contains a
 * QPV. Why:
 *  - the FAQ's own test for the urban criterion is existential (« comporte
 *    un QPV »): a grouping that contains a QPV commune contains that QPV;
 *  - since 2017 ZRR (and since 2024 FRR) classification is decided at the
 *    EPCI level, so a mixed EPCI only arises from transitional rules, and
 *    its classed communes are precisely the rural ones the programme aims
 *    at; the grouping's mediation staff serve them;
 *  - a majority or "all communes" rule would refuse a rural EPCI because of
 *    one unclassed bourg-centre, the opposite of the programme's aim, and a
 *    population-weighted rule needs figures that are not in the lists;
 *  - the préfecture still ranks pre-orders by territorial priority at
 *    instruction, and sees how many communes are classed (the reasons give
 *    the count and the first codes).
 */
#include "core/eligibility.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/org.h"
#include "core/util.h"

static const char *const list_names[REFLIST_COUNT] = { "zrr", "frr", "qpv", "france-services" };
static const char *const list_labels[REFLIST_COUNT] = {
	"liste des ZRR", "liste des FRR", "liste des QPV", "registre France Services"
};

const char *reflist_name(enum reflist l)
{
	return (unsigned)l < REFLIST_COUNT ? list_names[l] : "?";
}

const char *reflist_label(enum reflist l)
{
	return (unsigned)l < REFLIST_COUNT ? list_labels[l] : "liste inconnue";
}

const char *elig_decision_label(enum elig_decision d)
{
	switch (d) {
	case ELIG_ELIGIBLE: return "éligible";
	case ELIG_REFUSED: return "non éligible";
	case ELIG_UNKNOWN: return "à vérifier";
	}
	return "à vérifier";
}

/* Cuts s at cap-1 bytes or less without splitting a UTF-8 sequence. */
static void cut_utf8(char *s, size_t cap)
{
	size_t n = strlen(s);

	if (n < cap)
		return;
	n = cap - 1;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	s[n] = '\0';
}

static void appendf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void appendf(char *buf, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;
	char *s;

	if (n + 1 >= cap)
		return;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	strlcpy_(buf + n, s, cap - n);
	free(s);
	cut_utf8(buf, cap);
}

static void reason(struct eligibility *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reason(struct eligibility *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (e->nreasons >= ELIG_REASONS_MAX)
		return;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	strlcpy_(e->reasons[e->nreasons], s, ELIG_REASON_LEN);
	cut_utf8(e->reasons[e->nreasons], ELIG_REASON_LEN);
	free(s);
	e->nreasons++;
}

static void use(struct eligibility *e, const struct zone_facts *f, enum reflist l)
{
	e->used[l] = true;
	if (f != NULL)
		e->evidence[l] = f->lists[l];
}

static bool loaded(const struct zone_facts *f, enum reflist l)
{
	return f != NULL && f->lists[l].loaded;
}

/* "Felletin (23079)", or "23079" when the name is unknown, into buf. */
static const char *commune_ref(const struct commune_zone *c, char *buf, size_t cap)
{
	if (c->name[0] != '\0')
		snprintf(buf, cap, "%s (%s)", c->name, c->insee);
	else
		snprintf(buf, cap, "%s", c->insee);
	cut_utf8(buf, cap);
	return buf;
}

/*
 * "Listes consultées : liste des ZRR et liste des QPV. Non importée : liste
 * des FRR." for the zone lists, into buf; "" when all three are loaded.
 */
static void zone_lists_sentence(const struct zone_facts *f, char *buf, size_t cap)
{
	const char *in[REFLIST_FRANCE_SERVICES], *out[REFLIST_FRANCE_SERVICES];
	size_t nin = 0, nout = 0;

	buf[0] = '\0';
	for (int l = REFLIST_ZRR; l < REFLIST_FRANCE_SERVICES; l++) {
		if (f != NULL && f->lists[l].loaded)
			in[nin++] = reflist_label((enum reflist)l);
		else
			out[nout++] = reflist_label((enum reflist)l);
	}
	if (nout == 0)
		return;
	if (nin == 0) {
		appendf(buf, cap, _("Aucune des listes des ZRR, des FRR et des QPV n'a été importée."));
		return;
	}
	appendf(buf, cap, _("Liste%s consultée%s : "), nin > 1 ? "s" : "", nin > 1 ? "s" : "");
	for (size_t i = 0; i < nin; i++)
		appendf(buf, cap, "%s%s", i == 0 ? "" : i + 1 == nin ? " et " : ", ", in[i]);
	appendf(buf, cap, _(". Non importée%s : "), nout > 1 ? "s" : "");
	for (size_t i = 0; i < nout; i++)
		appendf(buf, cap, "%s%s", i == 0 ? "" : i + 1 == nout ? " et " : ", ", out[i]);
	appendf(buf, cap, ".");
}

/*
 * "n'est classée ni en ZRR ni en FRR et ne compte aucun QPV", naming only
 * the lists that were imported.
 */
static void not_classed_phrase(const struct zone_facts *f, char *buf, size_t cap)
{
	bool zrr = loaded(f, REFLIST_ZRR), frr = loaded(f, REFLIST_FRR);
	bool qpv = loaded(f, REFLIST_QPV);

	buf[0] = '\0';
	if (zrr && frr)
		appendf(buf, cap, _("n'est classée ni en ZRR ni en FRR"));
	else if (zrr || frr)
		appendf(buf, cap, _("n'est pas classée en %s"), zrr ? "ZRR" : "FRR");
	if (qpv)
		appendf(buf, cap, "%s", buf[0] ? _(" et ne compte aucun QPV") : _("ne compte aucun QPV"));
}

/* Which zone criterion a commune meets, as a French phrase, or NULL. */
static const char *commune_phrase(const struct commune_zone *c, bool used[REFLIST_COUNT])
{
	bool zrr = c->in[REFLIST_ZRR] != ZONE_NO, frr = c->in[REFLIST_FRR] != ZONE_NO;
	bool qpv = c->in[REFLIST_QPV] != ZONE_NO;

	used[REFLIST_ZRR] |= zrr;
	used[REFLIST_FRR] |= frr;
	used[REFLIST_QPV] |= qpv;
	if (c->in[REFLIST_ZRR] == ZONE_PARTIAL && !frr && !qpv)
		return "partiellement classée en ZRR";
	if (zrr && frr)
		return qpv ? "classée en ZRR et en FRR et compte un QPV" : "classée en ZRR et en FRR";
	if (zrr)
		return qpv ? "classée en ZRR et compte un QPV" : "classée en ZRR";
	if (frr)
		return qpv ? "classée en FRR et compte un QPV" : "classée en FRR";
	if (qpv)
		return "compte un quartier prioritaire de la politique de la ville (QPV)";
	return NULL;
}

static void decide_territory(enum org_kind kind, const char *insee, const struct zone_facts *f,
                             struct eligibility *e)
{
	const struct commune_zone *first = NULL;
	const char *phrase = NULL;
	char codes[320] = "", ref[ELIG_COMMUNE_NAME_MAX + 16], lists[256], phrase_no[128];
	size_t shown = 0;
	bool rural_loaded, qpv_loaded;

	if (f == NULL || f->ncommunes == 0 || f->communes == NULL) {
		e->decision = ELIG_UNKNOWN;
		if (org_kind_is_grouping(kind))
			reason(e, _("Les communes du territoire de cette organisation ne sont pas "
			          "connues de la géographie de référence : l'éligibilité ne peut "
			          "pas être établie."));
		else
			reason(e, _("La commune du siège (%s) n'est pas connue de la géographie de "
			          "référence : l'éligibilité ne peut pas être établie."),
			       insee != NULL && insee[0] != '\0' ? insee : "non renseignée");
		return;
	}
	e->ncommunes = f->ncommunes;
	for (size_t i = 0; i < f->ncommunes; i++) {
		const char *p = commune_phrase(&f->communes[i], e->used);
		if (p == NULL)
			continue;
		if (first == NULL) {
			first = &f->communes[i];
			phrase = p;
		}
		e->classed++;
		if (shown < 5) {
			appendf(codes, sizeof codes, "%s%s", shown ? ", " : "",
			        commune_ref(&f->communes[i], ref, sizeof ref));
			shown++;
		}
	}
	for (int l = REFLIST_ZRR; l < REFLIST_FRANCE_SERVICES; l++)
		if (e->used[l])
			use(e, f, (enum reflist)l);
	if (e->classed > 0) {
		e->decision = ELIG_ELIGIBLE;
		if (!org_kind_is_grouping(kind)) {
			reason(e, _("La commune %s est %s : la collectivité est éligible."),
			       commune_ref(first, ref, sizeof ref), phrase);
		} else {
			reason(e, _("%zu commune%s sur %zu du territoire %s classée%s en ZRR ou en FRR "
			          "ou compte%s un QPV (%s%s)."),
			       e->classed, e->classed > 1 ? "s" : "", e->ncommunes,
			       e->classed > 1 ? "sont" : "est", e->classed > 1 ? "s" : "",
			       e->classed > 1 ? "nt" : "", codes, e->classed > shown ? "…" : "");
			reason(e, _("Un groupement est éligible dès qu'une commune de son territoire "
			          "l'est."));
		}
		return;
	}
	rural_loaded = loaded(f, REFLIST_ZRR) || loaded(f, REFLIST_FRR);
	qpv_loaded = loaded(f, REFLIST_QPV);
	for (int l = REFLIST_ZRR; l < REFLIST_FRANCE_SERVICES; l++)
		if (loaded(f, (enum reflist)l))
			use(e, f, (enum reflist)l);
	zone_lists_sentence(f, lists, sizeof lists);
	if (!rural_loaded || !qpv_loaded) {
		e->decision = ELIG_UNKNOWN;
		reason(e, _("Aucune commune du territoire n'est classée dans les listes importées, "
		          "mais %s n'%s pas encore été importée%s : l'éligibilité ne peut pas être "
		          "établie."),
		       !rural_loaded && !qpv_loaded ? "ni la liste des ZRR ou FRR ni celle des QPV"
		       : !rural_loaded              ? "la liste des ZRR ou FRR"
		                                    : "la liste des QPV",
		       !rural_loaded && !qpv_loaded ? "ont" : "a",
		       !rural_loaded && !qpv_loaded ? "s" : "");
		if (lists[0] != '\0')
			reason(e, "%s", lists);
		return;
	}
	e->decision = ELIG_REFUSED;
	not_classed_phrase(f, phrase_no, sizeof phrase_no);
	if (!org_kind_is_grouping(kind))
		reason(e, _("La commune %s %s."), commune_ref(&f->communes[0], ref, sizeof ref),
		       phrase_no);
	else
		reason(e, _("Aucune des %zu communes du territoire n'est classée en %s ni ne compte "
		          "de QPV."), f->ncommunes,
		       loaded(f, REFLIST_ZRR) && loaded(f, REFLIST_FRR) ? "ZRR ou en FRR"
		       : loaded(f, REFLIST_ZRR)                         ? "ZRR"
		                                                        : "FRR");
	reason(e, _("Seules les collectivités situées en ZRR ou en FRR, ou comptant un QPV, "
	          "peuvent bénéficier du dispositif."));
	if (lists[0] != '\0')
		reason(e, "%s", lists);
}

void eligibility_decide(enum org_kind kind, const char *insee, const struct zone_facts *facts,
                        struct eligibility *out)
{
	struct eligibility *e = out;

	memset(e, 0, sizeof *e);
	if (org_kind_is_institutional(kind)) {
		e->decision = ELIG_REFUSED;
		reason(e, _("Une organisation de type « %s » ne dépose pas d'intention de commande."),
		       org_kind_label(kind));
		return;
	}
	if (kind == ORG_FRANCE_SERVICES || org_kind_is_refused(kind)) {
		if (facts != NULL && facts->fs_registered) {
			use(e, facts, REFLIST_FRANCE_SERVICES);
			e->decision = ELIG_ELIGIBLE;
			reason(e, _("La structure porte l'espace France Services labellisé « %s »%s%s%s, "
			          "choisi dans le registre : elle est éligible quelle que soit sa forme "
			          "juridique."),
			       facts->fs_site, facts->fs_where[0] ? " (" : "", facts->fs_where,
			       facts->fs_where[0] ? ")" : "");
			if (kind != ORG_FRANCE_SERVICES)
				reason(e, _("Inscrivez-la comme « %s » pour déposer sa demande."),
				       org_kind_label(ORG_FRANCE_SERVICES));
			return;
		}
		if (org_kind_is_refused(kind)) {
			e->decision = ELIG_REFUSED;
			e->advice = org_refused_advice();
			reason(e, _("Une organisation de type « %s » n'est pas éligible au dispositif."),
			       org_kind_label(kind));
			reason(e, "%s", org_refused_advice());
			return;
		}
		if (!loaded(facts, REFLIST_FRANCE_SERVICES)) {
			e->decision = ELIG_UNKNOWN;
			reason(e, _("Le registre France Services n'a pas encore été importé : "
			          "l'éligibilité ne peut pas être établie."));
			return;
		}
		use(e, facts, REFLIST_FRANCE_SERVICES);
		if (facts->fs_npicked == 0) {
			e->decision = ELIG_UNKNOWN;
			reason(e, _("Aucun espace France Services n'a encore été choisi dans le registre : "
			          "choisissez celui (ou ceux) que porte la structure, l'éligibilité en "
			          "dépend."));
			return;
		}
		e->decision = ELIG_REFUSED;
		reason(e, _("%s choisi%s ne figure%s pas dans le registre des espaces France Services "
		          "labellisés importé."), facts->fs_npicked > 1 ? "Les espaces" : "L'espace",
		       facts->fs_npicked > 1 ? "s" : "", facts->fs_npicked > 1 ? "nt" : "");
		reason(e, _("Seules les structures porteuses d'un espace France Services labellisé "
		          "sont éligibles à ce titre."));
		return;
	}
	if (org_kind_is_collectivite(kind)) {
		decide_territory(kind, insee, facts, e);
		if (e->decision != ELIG_ELIGIBLE && facts != NULL && facts->fs_registered) {
			/* A collectivité carrying a France Services space is eligible for it. */
			memset(e, 0, sizeof *e);
			use(e, facts, REFLIST_FRANCE_SERVICES);
			e->decision = ELIG_ELIGIBLE;
			reason(e, _("La collectivité porte l'espace France Services labellisé « %s »%s%s%s, "
			          "choisi dans le registre : elle est éligible à ce titre."),
			       facts->fs_site, facts->fs_where[0] ? " (" : "", facts->fs_where,
			       facts->fs_where[0] ? ")" : "");
		}
		return;
	}
	e->decision = ELIG_UNKNOWN;
	reason(e, _("Le type de l'organisation n'est pas renseigné : l'éligibilité ne peut pas "
	          "être établie."));
}

char *eligibility_summary(const struct eligibility *e, char *buf, size_t cap)
{
	char when[32];

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	appendf(buf, cap, _("Décision : %s."), elig_decision_label(e->decision));
	for (size_t i = 0; i < e->nreasons; i++)
		appendf(buf, cap, " %s", e->reasons[i]);
	for (int l = 0; l < REFLIST_COUNT; l++) {
		const struct reflist_evidence *ev = &e->evidence[l];
		if (!e->used[l] || !ev->loaded)
			continue;
		appendf(buf, cap, _(" Source : %s, fichier « %s » importé le %s (%llu lignes)."),
		        reflist_label((enum reflist)l), ev->file,
		        instant_format(ev->imported_at, when, sizeof when),
		        (unsigned long long)ev->rows);
	}
	return buf;
}
