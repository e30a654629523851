/*
 * preorder.c — the pre-order's states, field checks and transitions with
 * their preconditions and French refusal reasons.
 */
#include "core/preorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/org.h"
#include "core/signup.h"
#include "core/core.h"
#include "core/util.h"

static const struct {
	const char *name;
	const char *label;
} states[PO_STATE_COUNT] = {
	[PO_BROUILLON] = { "brouillon", N_("brouillon") },
	[PO_DEPOSEE] = { "deposee", N_("déposée") },
	[PO_EN_INSTRUCTION] = { "en_instruction", N_("en instruction") },
	[PO_RETENUE] = { "retenue", N_("retenue") },
	[PO_NON_RETENUE] = { "non_retenue", N_("non retenue") },
	[PO_CONVENTIONNEE] = { "conventionnee", N_("conventionnée") },
	[PO_SUBVENTION_VERSEE] = { "subvention_versee", N_("subvention versée") },
	[PO_ABANDONNEE] = { "abandonnee", N_("abandonnée") },
	[PO_SANS_SUITE] = { "sans_suite", N_("classée sans suite") },
};

const char *preorder_state_name(enum preorder_state s)
{
	return (unsigned)s < PO_STATE_COUNT ? states[s].name : "?";
}

const char *preorder_state_label(enum preorder_state s)
{
	return (unsigned)s < PO_STATE_COUNT ? _(states[s].label) : _("état inconnu");
}

int preorder_state_parse(const char *s, enum preorder_state *out, char **why)
{
	for (int i = 0; i < PO_STATE_COUNT; i++) {
		if (s != NULL && strcmp(s, states[i].name) == 0) {
			*out = (enum preorder_state)i;
			return RC_OK;
		}
	}
	return fail(why, RC_INVALID, _("État inconnu : « %s »."), s != NULL ? s : "");
}

bool preorder_state_live(enum preorder_state s)
{
	return s == PO_DEPOSEE || s == PO_EN_INSTRUCTION || preorder_state_committed(s);
}

bool preorder_state_committed(enum preorder_state s)
{
	return s == PO_RETENUE || s == PO_CONVENTIONNEE || s == PO_SUBVENTION_VERSEE;
}

bool preorder_state_decided(enum preorder_state s)
{
	return preorder_state_committed(s) || s == PO_NON_RETENUE || s == PO_SANS_SUITE;
}

static const struct {
	const char *name;
	const char *label;
} partner_kinds[PARTNER_KIND_COUNT] = {
	[PARTNER_ASSOCIATION] = { "association", N_("Association") },
	[PARTNER_CCAS] = { "ccas", N_("CCAS") },
	[PARTNER_MISSION_LOCALE] = { "mission_locale", N_("Mission locale") },
	[PARTNER_COLLECTIVITE] = { "collectivite", N_("Collectivité") },
	[PARTNER_AUTRE] = { "autre", N_("Autre structure") },
};

const char *partner_kind_name(enum partner_kind k)
{
	return (unsigned)k < PARTNER_KIND_COUNT ? partner_kinds[k].name : "?";
}

const char *partner_kind_label(enum partner_kind k)
{
	return (unsigned)k < PARTNER_KIND_COUNT ? _(partner_kinds[k].label) : "?";
}

void preorder_head_of(const struct preorder *po, struct preorder_head *out)
{
	memset(out, 0, sizeof *out);
	out->id = po->id;
	out->version = po->version;
	out->org_id = po->org_id;
	strlcpy_(out->org_name, po->org_name, sizeof out->org_name);
	strlcpy_(out->dept, po->dept, sizeof out->dept);
	strlcpy_(out->insee, po->insee, sizeof out->insee);
	out->estimated = po->estimated;
	out->state = po->state;
	out->submitted_at = po->submitted_at;
	out->closed_at = po->closed_at;
	out->complement_at = po->complement_at;
	if (po->namend > 0 && po->namend <= AMENDMENTS_MAX)
		out->last_amend_at = po->amend[po->namend - 1].at;
	strlcpy_(out->elig_note, po->elig_note, sizeof out->elig_note);
}

struct perm_object preorder_perm_object(const struct preorder *po)
{
	struct perm_object o;

	memset(&o, 0, sizeof o);
	o.org_id = po->org_id;
	strlcpy_(o.dept, po->dept, sizeof o.dept);
	return o;
}

int preorder_init(struct preorder *po, const struct actor *actor, const struct org *o,
                  int64_t now, char **why)
{
	struct perm_object obj;
	int rc;

	memset(&obj, 0, sizeof obj);
	obj.org_id = o->id;
	strlcpy_(obj.dept, o->dept, sizeof obj.dept);
	if ((rc = may_why(actor, ACT_PREORDER_CREATE, &obj, why)) != RC_OK)
		return rc;
	if (org_kind_is_institutional(o->kind) || org_kind_is_refused(o->kind) ||
	    o->kind == ORG_KIND_NONE)
		return fail(why, RC_INVALID,
		            _("Une organisation de type « %s » ne peut pas déposer "
		                               "d'intention de commande."), org_kind_label(o->kind));
	memset(po, 0, sizeof *po);
	po->org_id = o->id;
	strlcpy_(po->org_name, o->name, sizeof po->org_name);
	strlcpy_(po->dept, o->dept, sizeof po->dept);
	strlcpy_(po->insee, o->insee, sizeof po->insee);
	po->contact = o->contact;
	po->state = PO_BROUILLON;
	po->created_by = actor->account_id;
	po->created_at = now;
	po->updated_at = now;
	return RC_OK;
}

int preorder_estimate(const uint32_t qty[LOT_COUNT], const struct settings *s, cents_t *out,
                      char **why)
{
	cents_t total = 0, line;

	for (int l = 0; l < LOT_COUNT; l++) {
		if (qty[l] > PREORDER_QTY_MAX)
			return fail(why, RC_INVALID, _("Lot « %s » : %u unités au plus."),
			            lot_label((enum lot)l), PREORDER_QTY_MAX);
		if (!cents_mul(s->lots[l].unit_price, qty[l], &line) ||
		    !cents_add(total, line, &total))
			return fail(why, RC_INVALID, _("Le total estimé est hors limites."));
	}
	*out = total;
	return RC_OK;
}

static bool convention_no_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CONVENTION_NO_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == ' ' || c == '/' || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

int preorder_check_fields(const struct preorder *po, char **why)
{
	const struct contact *c = &po->contact;

	for (int l = 0; l < LOT_COUNT; l++)
		if (po->qty[l] > PREORDER_QTY_MAX)
			return fail(why, RC_INVALID, _("Lot « %s » : %u unités au plus."),
			            lot_label((enum lot)l), PREORDER_QTY_MAX);
	if (po->staff_cnfs > STAFF_MAX || po->staff_mediateurs > STAFF_MAX ||
	    po->staff_aidants > STAFF_MAX)
		return fail(why, RC_INVALID,
		            _("Nombre de personnes accompagnantes trop élevé (%u au "
		                               "plus par catégorie)."), STAFF_MAX);
	if (text_check(_("Nom du contact"), c->name, 0, PERSON_MAX, false, why) != RC_OK ||
	    text_check(_("Fonction du contact"), c->function, 0, PERSON_MAX, false, why) != RC_OK)
		return RC_INVALID;
	if (text_check(_("Courriel du contact"), c->email, 0, EMAIL_MAX, false, why) != RC_OK)
		return RC_INVALID;
	if (c->email[0] != '\0' && (strchr(c->email, '@') == NULL || strchr(c->email, ' ')))
		return fail(why, RC_INVALID, _("Adresse électronique du contact invalide."));
	if (text_check(_("Téléphone du contact"), c->phone, 0, PHONE_MAX, false, why) != RC_OK)
		return RC_INVALID;
	if (po->npartners > PARTNERS_MAX)
		return fail(why, RC_INVALID, _("%d structures partenaires au plus."), PARTNERS_MAX);
	for (size_t i = 0; i < po->npartners; i++) {
		if (text_check(_("Nom de la structure partenaire"), po->partners[i].name, 2,
		               PARTNER_NAME_MAX, false, why) != RC_OK)
			return fail(why, RC_INVALID,
			            _("Structure partenaire n° %zu : nom de 2 à %d "
			                               "caractères attendu, sans caractère de contrôle."),
			            i + 1, PARTNER_NAME_MAX);
		if ((unsigned)po->partners[i].kind >= PARTNER_KIND_COUNT)
			return fail(why, RC_INVALID,
			            _("Structure partenaire n° %zu : type inconnu."),
			            i + 1);
	}
	if (text_check(_("Motivation"), po->motivation, 0, MOTIVATION_MAX, true, why) != RC_OK)
		return RC_INVALID;
	return RC_OK;
}

int preorder_check_complete_part(const struct preorder *po, enum preorder_part *part,
                                 char **why)
{
	enum preorder_part dummy;
	size_t n;
	uint64_t units = 0;

	if (part == NULL)
		part = &dummy;
	*part = PO_PART_NONE;
	if (preorder_check_fields(po, why) != RC_OK)
		return RC_INVALID;
	for (int l = 0; l < LOT_COUNT; l++)
		units += po->qty[l];
	*part = PO_PART_QTY;
	if (units == 0)
		return fail(why, RC_INVALID,
		            _("Indiquez la quantité souhaitée d'au moins un lot."));
	*part = po->contact.name[0] == '\0' ? PO_PART_CONTACT_NAME : PO_PART_CONTACT_EMAIL;
	if (po->contact.name[0] == '\0' || po->contact.email[0] == '\0')
		return fail(why, RC_INVALID, _("Indiquez le nom et l'adresse électronique de la "
		                               "personne à contacter."));
	*part = PO_PART_STAFF;
	if ((uint64_t)po->staff_cnfs + po->staff_mediateurs + po->staff_aidants == 0)
		return fail(why, RC_INVALID, _("Indiquez le nombre de conseillers numériques, "
		                               "médiateurs ou autres aidants que le matériel servira."));
	n = utf8_len(po->motivation);
	*part = PO_PART_MOTIVATION;
	if (n < MOTIVATION_MIN)
		return fail(why, RC_INVALID,
		            _("La motivation est obligatoire : %d caractères au moins "
		                               "(%zu saisis)."), MOTIVATION_MIN, n);
	*part = PO_PART_NONE;
	return RC_OK;
}

int preorder_check_complete(const struct preorder *po, char **why)
{
	return preorder_check_complete_part(po, NULL, why);
}

static int check_cap(const struct preorder_ctx *cx, cents_t estimated, char **why)
{
	char a[48], b[48], c[48];
	cents_t total;

	if (!cents_add(estimated, cx->org_engaged, &total) || total > cx->settings->expense_cap) {
		if (cx->org_engaged == 0)
			return fail(why, RC_INVALID,
			            _("Le total estimé (%s) dépasse le plafond de %s HT "
			                               "par organisation."), cents_format(estimated, a, sizeof a),
			            cents_format(cx->settings->expense_cap, b, sizeof b));
		return fail(why, RC_INVALID,
		            _("Avec vos autres intentions de commande en cours (%s), le "
		                               "total estimé (%s) dépasse le plafond de %s HT par "
		                               "organisation."), cents_format(cx->org_engaged, c, sizeof c),
		            cents_format(estimated, a, sizeof a),
		            cents_format(cx->settings->expense_cap, b, sizeof b));
	}
	return RC_OK;
}

static int wrong_state(const struct preorder *po, const char *expected, char **why)
{
	return fail(why, RC_INVALID, _("Impossible : l'intention de commande est %s (il faut %s)."),
	            preorder_state_label(po->state), expected);
}

static int do_edit(struct preorder *po, const struct preorder_req *rq,
                   const struct preorder_ctx *cx, char **why)
{
	struct preorder *n = NULL;
	const struct preorder *f = rq->fields;
	int rc = RC_ERR;

	if (po->state != PO_BROUILLON)
		return wrong_state(po, _("un brouillon"), why);
	if (f == NULL)
		return fail(why, RC_INVALID, _("Aucun contenu à enregistrer."));
	n = xmalloc(sizeof *n);
	*n = *po;
	n->contact = f->contact;
	memcpy(n->qty, f->qty, sizeof n->qty);
	n->staff_cnfs = f->staff_cnfs;
	n->staff_mediateurs = f->staff_mediateurs;
	n->staff_aidants = f->staff_aidants;
	n->npartners = f->npartners <= PARTNERS_MAX ? f->npartners : PARTNERS_MAX + 1;
	if (n->npartners <= PARTNERS_MAX)
		memcpy(n->partners, f->partners, f->npartners * sizeof f->partners[0]);
	memcpy(n->motivation, f->motivation, sizeof n->motivation);
	n->motivation[sizeof n->motivation - 1] = '\0';
	if ((rc = preorder_check_fields(n, why)) != RC_OK)
		goto out;
	if ((rc = preorder_estimate(n->qty, cx->settings, &n->estimated, why)) != RC_OK)
		goto out;
	n->updated_at = cx->now;
	*po = *n;
	rc = RC_OK;
out:
	free(n);
	return rc;
}

static int do_submit(struct preorder *po, const struct preorder_ctx *cx, char **why)
{
	char d1[16], d2[16];
	day_t today = day_of_instant(cx->now);
	cents_t estimated;
	int rc;

	if (po->state != PO_BROUILLON)
		return wrong_state(po, _("un brouillon"), why);
	if (cx->org == NULL || cx->org->id != po->org_id)
		return fail(why, RC_INVALID, _("L'organisation de cette intention de commande est "
		                               "introuvable : dépôt impossible."));
	if (cx->org->status != ORG_VALIDATED)
		return fail(why, RC_INVALID,
		            _("Organisation %s : le dépôt n'est possible qu'une fois "
		                               "l'inscription validée par l'équipe du programme."),
		            org_status_label(cx->org->status));
	if (cx->elig == NULL || cx->elig->decision == ELIG_UNKNOWN)
		return fail(why, RC_INVALID,
		            _("L'éligibilité de votre organisation n'a pas pu être "
		                               "établie : %s"), cx->elig != NULL && cx->elig->nreasons > 0
		                                     ? cx->elig->reasons[0]
		                                     : _("aucune donnée de référence."));
	if (cx->elig->decision != ELIG_ELIGIBLE)
		return fail(why, RC_INVALID, _("Votre organisation n'est pas éligible : %s%s%s"),
		            cx->elig->nreasons > 0 ? cx->elig->reasons[0] : "",
		            cx->elig->advice != NULL ? " " : "",
		            cx->elig->advice != NULL ? cx->elig->advice : "");
	if (today < cx->settings->window_open)
		return fail(why, RC_INVALID,
		            _("Le dépôt des intentions de commande n'est pas encore "
		                               "ouvert (du %s au %s)."),
		            day_format(cx->settings->window_open, d1, sizeof d1),
		            day_format(cx->settings->window_close, d2, sizeof d2));
	if (today > cx->settings->window_close)
		return fail(why, RC_INVALID,
		            _("Le dépôt des intentions de commande est clos depuis le "
		                               "%s."), day_format(cx->settings->window_close, d2, sizeof d2));
	if ((rc = preorder_check_complete(po, why)) != RC_OK)
		return rc;
	if ((rc = preorder_estimate(po->qty, cx->settings, &estimated, why)) != RC_OK)
		return rc;
	if ((rc = check_cap(cx, estimated, why)) != RC_OK)
		return rc;
	po->estimated = estimated;
	eligibility_summary(cx->elig, po->elig_note, sizeof po->elig_note);
	po->state = PO_DEPOSEE;
	po->submitted_at = cx->now;
	return RC_OK;
}

static int do_amend(struct preorder *po, const struct preorder_req *rq,
                    const struct preorder_ctx *cx, char **why)
{
	struct preorder_amendment *a;
	cents_t estimated;
	uint64_t units = 0;
	int rc;

	if (po->state != PO_DEPOSEE && po->state != PO_EN_INSTRUCTION)
		return wrong_state(po, _("déposée ou en instruction"), why);
	for (int l = 0; l < LOT_COUNT; l++)
		units += rq->qty[l];
	if (units == 0)
		return fail(why, RC_INVALID,
		            _("Indiquez la quantité souhaitée d'au moins un lot ; pour "
		                               "renoncer, abandonnez l'intention de commande."));
	if (memcmp(rq->qty, po->qty, sizeof po->qty) == 0)
		return fail(why, RC_INVALID, _("Les quantités sont inchangées."));
	if ((rc = preorder_estimate(rq->qty, cx->settings, &estimated, why)) != RC_OK)
		return rc;
	if ((rc = check_cap(cx, estimated, why)) != RC_OK)
		return rc;
	if (po->namend >= AMENDMENTS_MAX)
		return fail(why, RC_FULL,
		            _("Cette intention de commande a déjà été modifiée %d fois : "
		                            "contactez la préfecture."), AMENDMENTS_MAX);
	a = &po->amend[po->namend++];
	memset(a, 0, sizeof *a);
	a->version = po->version + 1;
	a->at = cx->now;
	a->by = cx->actor->account_id;
	memcpy(a->before, po->qty, sizeof a->before);
	memcpy(a->after, rq->qty, sizeof a->after);
	a->total_before = po->estimated;
	a->total_after = estimated;
	memcpy(po->qty, rq->qty, sizeof po->qty);
	po->estimated = estimated;
	return RC_OK;
}

static int check_optional_text(const char *text, const char *what, char **why)
{
	if (text != NULL && text_check(what, text, 0, REASON_MAX, true, why) != RC_OK)
		return RC_INVALID;
	return RC_OK;
}

static int do_retain(struct preorder *po, const struct preorder_req *rq,
                     const struct preorder_ctx *cx, char **why)
{
	char a[48], b[48], c[48];
	cents_t envelope, subsidy, total;
	int rc;

	if (po->state != PO_EN_INSTRUCTION)
		return wrong_state(po, _("en instruction"), why);
	if (rq->amount <= 0)
		return fail(why, RC_INVALID, _("Indiquez le montant de dépense retenu (HT)."));
	if (rq->amount > po->estimated)
		return fail(why, RC_INVALID,
		            _("Le montant retenu (%s) ne peut dépasser le total estimé "
		                               "(%s)."), cents_format(rq->amount, a, sizeof a),
		            cents_format(po->estimated, b, sizeof b));
	if ((rc = check_optional_text(rq->text, "Commentaire", why)) != RC_OK)
		return rc;
	subsidy = subsidy_cents(cx->settings->subsidy_rate_bp, rq->amount,
	                        cx->settings->expense_cap);
	if (subsidy < 0)
		return fail(why, RC_ERR, _("Paramètres de subvention invalides."));
	if (!settings_envelope(cx->settings, po->dept, &envelope))
		return fail(why, RC_INVALID, _("Aucune enveloppe budgétaire n'est fixée pour le "
		                               "département %s : l'ANCT doit la fixer avant toute "
		                               "décision."), po->dept);
	if (!cents_add(cx->dept_committed, subsidy, &total) || total > envelope) {
		char d[48];
		return fail(why, RC_INVALID, _("L'enveloppe du département (%s) ne suffit pas : %s déjà "
		                               "engagés, %s demandés pour cette subvention, soit %s de "
		                               "trop."), cents_format(envelope, a, sizeof a),
		            cents_format(cx->dept_committed, b, sizeof b),
		            cents_format(subsidy, c, sizeof c),
		            cents_format(total > envelope ? total - envelope : CENTS_MAX, d, sizeof d));
	}
	po->state = PO_RETENUE;
	po->retained = rq->amount;
	po->subsidy = subsidy;
	po->decided_at = cx->now;
	po->decided_by = cx->actor->account_id;
	strlcpy_(po->reason, rq->text != NULL ? rq->text : "", sizeof po->reason);
	return RC_OK;
}

static int do_reject(struct preorder *po, const struct preorder_req *rq,
                     const struct preorder_ctx *cx, char **why)
{
	if (po->state != PO_EN_INSTRUCTION)
		return wrong_state(po, _("en instruction"), why);
	if (rq->text == NULL || rq->text[0] == '\0')
		return fail(why, RC_INVALID, _("Le motif de non-sélection est obligatoire (%d à %d "
		                               "caractères)."), REASON_MIN, REASON_MAX);
	if (text_check(_("Motif de non-sélection"), rq->text, REASON_MIN, REASON_MAX, true, why) !=
	    RC_OK)
		return RC_INVALID;
	po->state = PO_NON_RETENUE;
	po->decided_at = cx->now;
	po->decided_by = cx->actor->account_id;
	strlcpy_(po->reason, rq->text, sizeof po->reason);
	return RC_OK;
}

static int do_convention(struct preorder *po, const struct preorder_req *rq,
                         const struct preorder_ctx *cx, char **why)
{
	char d[16];
	day_t decided = day_of_instant(po->decided_at);

	if (po->state != PO_RETENUE)
		return wrong_state(po, _("retenue"), why);
	if (rq->text == NULL || !convention_no_ok(rq->text))
		return fail(why, RC_INVALID,
		            _("Numéro de convention attendu : 1 à %d caractères parmi "
		                               "lettres, chiffres, espace, / . _ -."), CONVENTION_NO_MAX);
	if (!day_valid(rq->day))
		return fail(why, RC_INVALID, _("Indiquez la date de signature de la convention."));
	if (rq->day < decided)
		return fail(why, RC_INVALID,
		            _("La convention ne peut être signée avant la décision "
		                               "(%s)."), day_format(decided, d, sizeof d));
	if (rq->day > day_of_instant(cx->now))
		return fail(why, RC_INVALID, _("La date de signature ne peut être dans le futur."));
	po->state = PO_CONVENTIONNEE;
	strlcpy_(po->convention_no, rq->text, sizeof po->convention_no);
	po->convention_date = rq->day;
	return RC_OK;
}

static cents_t paid_sum(const struct preorder *po)
{
	cents_t sum = 0;

	for (size_t i = 0; i < po->npayments && i < PAYMENTS_MAX; i++)
		if (!cents_add(sum, po->payments[i].amount, &sum))
			return CENTS_MAX;
	return sum;
}

static int do_pay(struct preorder *po, const struct preorder_req *rq,
                  const struct preorder_ctx *cx, char **why)
{
	char a[48], b[48], d[16];
	struct preorder_payment *p;
	day_t last = po->convention_date;
	cents_t paid = paid_sum(po), sum;

	if (po->state == PO_SUBVENTION_VERSEE)
		return fail(why, RC_INVALID, _("La subvention (%s) est déjà entièrement versée."),
		            cents_format(po->subsidy, a, sizeof a));
	if (po->state != PO_CONVENTIONNEE)
		return wrong_state(po, _("conventionnée"), why);
	if (po->npayments > 0)
		last = po->payments[po->npayments - 1].day;
	if (!day_valid(rq->day))
		return fail(why, RC_INVALID, _("Indiquez la date du versement."));
	if (rq->day < po->convention_date)
		return fail(why, RC_INVALID, _("Le versement ne peut précéder la convention (%s)."),
		            day_format(po->convention_date, d, sizeof d));
	if (rq->day < last)
		return fail(why, RC_INVALID, _("Le versement ne peut précéder le précédent (%s)."),
		            day_format(last, d, sizeof d));
	if (rq->day > day_of_instant(cx->now))
		return fail(why, RC_INVALID, _("La date du versement ne peut être dans le futur."));
	if (rq->amount <= 0)
		return fail(why, RC_INVALID, _("Indiquez le montant versé."));
	if (!cents_add(paid, rq->amount, &sum) || sum > po->subsidy) {
		if (paid == 0)
			return fail(why, RC_INVALID, _("Le montant versé ne peut dépasser la subvention "
			                               "accordée (%s)."),
			            cents_format(po->subsidy, a, sizeof a));
		return fail(why, RC_INVALID, _("Avec les versements déjà faits (%s), le montant versé "
		                               "dépasserait la subvention accordée (%s)."),
		            cents_format(paid, b, sizeof b), cents_format(po->subsidy, a, sizeof a));
	}
	if (po->npayments >= PAYMENTS_MAX)
		return fail(why, RC_FULL, _("%d versements au plus par subvention."), PAYMENTS_MAX);
	p = &po->payments[po->npayments++];
	p->day = rq->day;
	p->amount = rq->amount;
	po->payment_date = rq->day;
	po->payment = sum;
	if (sum == po->subsidy)
		po->state = PO_SUBVENTION_VERSEE;
	return RC_OK;
}

/* A reason of REASON_MIN to REASON_MAX code points, named `what` in the refusal. */
static int check_reason(const char *text, const char *what, char **why)
{
	if (text == NULL || text[0] == '\0')
		return fail(why, RC_INVALID, _("%s est obligatoire (%d à %d caractères)."), what,
		            REASON_MIN, REASON_MAX);
	if (text_check(what, text, REASON_MIN, REASON_MAX, true, why) != RC_OK)
		return RC_INVALID;
	return RC_OK;
}

static int do_complement(struct preorder *po, const struct preorder_req *rq,
                         const struct preorder_ctx *cx, char **why)
{
	int rc;

	if (po->state != PO_EN_INSTRUCTION)
		return wrong_state(po, _("en instruction"), why);
	if ((rc = check_reason(rq->text, _("Le message de demande de complément"), why)) != RC_OK)
		return rc;
	po->state = PO_DEPOSEE;
	po->complement_at = cx->now;
	/* What is missing, for the applicant to read on its file (the thread has it too). */
	strlcpy_(po->reason, rq->text, sizeof po->reason);
	return RC_OK;
}

static int do_dismiss(struct preorder *po, const struct preorder_req *rq,
                      const struct preorder_ctx *cx, char **why)
{
	int rc;

	if (po->state != PO_DEPOSEE && po->state != PO_EN_INSTRUCTION)
		return wrong_state(po, _("déposée ou en instruction"), why);
	if ((rc = check_reason(rq->text, _("Le motif du classement sans suite"), why)) != RC_OK)
		return rc;
	po->state = PO_SANS_SUITE;
	po->decided_at = cx->now;
	po->decided_by = cx->actor->account_id;
	strlcpy_(po->reason, rq->text, sizeof po->reason);
	return RC_OK;
}

static int do_reopen(struct preorder *po, const struct preorder_req *rq,
                     const struct preorder_ctx *cx, char **why)
{
	char a[48];
	int rc;

	if (po->npayments > 0 || po->payment > 0)
		return fail(why, RC_INVALID, _("Impossible de repasser en instruction : %s ont déjà été "
		                               "versés sur cette subvention."),
		            cents_format(po->payment > 0 ? po->payment : paid_sum(po), a, sizeof a));
	if (po->state != PO_RETENUE && po->state != PO_NON_RETENUE && po->state != PO_SANS_SUITE)
		return wrong_state(po, _("retenue, non retenue ou classée sans suite"), why);
	if ((rc = check_reason(rq->text, _("Le motif du retour en instruction"), why)) != RC_OK)
		return rc;
	po->state = PO_EN_INSTRUCTION;
	po->instructed_at = cx->now;
	po->decided_at = 0;
	po->decided_by = 0;
	po->retained = 0;
	po->subsidy = 0;
	strlcpy_(po->reason, rq->text, sizeof po->reason);
	return RC_OK;
}

static int do_abandon(struct preorder *po, const struct preorder_req *rq,
                      const struct preorder_ctx *cx, char **why)
{
	int rc;

	if (po->state != PO_DEPOSEE && po->state != PO_EN_INSTRUCTION)
		return wrong_state(po, _("déposée ou en instruction"), why);
	if ((rc = check_optional_text(rq->text, _("Motif de l'abandon"), why)) != RC_OK)
		return rc;
	po->state = PO_ABANDONNEE;
	po->closed_at = cx->now;
	strlcpy_(po->reason, rq->text != NULL ? rq->text : "", sizeof po->reason);
	return RC_OK;
}

int preorder_apply(struct preorder *po, const struct preorder_req *rq,
                   const struct preorder_ctx *cx, char **why)
{
	struct perm_object obj = preorder_perm_object(po);
	struct preorder *work = NULL;
	int rc;

	if ((rc = may_why(cx->actor, rq->action, &obj, why)) != RC_OK)
		return rc;
	/* Work on a copy so that a refusal leaves *po exactly as it was. */
	work = xmalloc(sizeof *work);
	*work = *po;
	switch (rq->action) {
	case ACT_PREORDER_EDIT: rc = do_edit(work, rq, cx, why); break;
	case ACT_PREORDER_SUBMIT: rc = do_submit(work, cx, why); break;
	case ACT_PREORDER_AMEND: rc = do_amend(work, rq, cx, why); break;
	case ACT_PREORDER_INSTRUCT:
		if (work->state != PO_DEPOSEE) {
			rc = wrong_state(work, _("déposée"), why);
			break;
		}
		work->state = PO_EN_INSTRUCTION;
		work->instructed_at = cx->now;
		rc = RC_OK;
		break;
	case ACT_PREORDER_RETAIN: rc = do_retain(work, rq, cx, why); break;
	case ACT_PREORDER_REJECT: rc = do_reject(work, rq, cx, why); break;
	case ACT_PREORDER_CONVENTION: rc = do_convention(work, rq, cx, why); break;
	case ACT_PREORDER_PAY: rc = do_pay(work, rq, cx, why); break;
	case ACT_PREORDER_ABANDON: rc = do_abandon(work, rq, cx, why); break;
	case ACT_PREORDER_COMPLEMENT: rc = do_complement(work, rq, cx, why); break;
	case ACT_PREORDER_DISMISS: rc = do_dismiss(work, rq, cx, why); break;
	case ACT_PREORDER_REOPEN: rc = do_reopen(work, rq, cx, why); break;
	default:
		rc = fail(why, RC_INVALID, _("Action impossible sur une intention de commande."));
		break;
	}
	if (rc == RC_OK) {
		work->updated_at = cx->now;
		*po = *work;
	}
	free(work);
	return rc;
}

char *preorder_summary(const struct preorder *po, char *buf, size_t cap)
{
	char money[48], tmp[128];
	size_t n;
	bool any = false;

	if (cap == 0)
		return buf;
	snprintf(buf, cap, "%s ;", preorder_state_label(po->state));
	for (int l = 0; l < LOT_COUNT; l++) {
		if (po->qty[l] == 0)
			continue;
		snprintf(tmp, sizeof tmp, "%s %s %u", any ? "," : "", lot_label((enum lot)l),
		         po->qty[l]);
		n = strlen(buf);
		strlcpy_(buf + n, tmp, cap - n);
		any = true;
	}
	if (!any) {
		n = strlen(buf);
		strlcpy_(buf + n, _(" aucun lot"), cap - n);
	}
	snprintf(tmp, sizeof tmp, _(" ; estimation %s"), cents_format(po->estimated, money,
	                                                            sizeof money));
	n = strlen(buf);
	strlcpy_(buf + n, tmp, cap - n);
	if (po->retained > 0) {
		snprintf(tmp, sizeof tmp, _(" ; retenu %s"), cents_format(po->retained, money,
		                                                        sizeof money));
		n = strlen(buf);
		strlcpy_(buf + n, tmp, cap - n);
	}
	if (po->subsidy > 0) {
		snprintf(tmp, sizeof tmp, _(" ; subvention %s"), cents_format(po->subsidy, money,
		                                                            sizeof money));
		n = strlen(buf);
		strlcpy_(buf + n, tmp, cap - n);
	}
	if (po->convention_no[0] != '\0') {
		snprintf(tmp, sizeof tmp, _(" ; convention %s"), po->convention_no);
		n = strlen(buf);
		strlcpy_(buf + n, tmp, cap - n);
	}
	if (po->payment > 0) {
		snprintf(tmp, sizeof tmp, _(" ; versé %s"), cents_format(po->payment, money,
		                                                       sizeof money));
		n = strlen(buf);
		strlcpy_(buf + n, tmp, cap - n);
	}
	return buf;
}
