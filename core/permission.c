/*
 * permission.c — the permission matrix: for each role and action, the set
 * of scopes (own organisation, same département, other département,
 * national) in which the action is allowed.
 *
 * Choices worth stating:
 *  - a préfecture instructs, decides, records conventions and payments for
 *    the pre-orders of its own département only;
 *  - ANCT sees everything and sets the programme, but does not decide in a
 *    préfecture's place (the FAQ gives the selection to the préfecture);
 *  - applicants (collectivité, France Services) act on their own
 *    organisation's pre-orders only; refurbishers have no access to
 *    pre-orders (they see orders, a later part of the programme);
 *  - every logged-in role may read the settings (the lot catalogue and its
 *    minimum configurations are public to users), the FAQ and which
 *    reference lists are loaded, and manage its own account;
 *  - the applicants have an inbox (their file's thread with the
 *    préfecture, their support tickets) and the support form; the
 *    préfecture reads and writes the threads of its département's files,
 *    the programme team those of every organisation;
 *  - what a préfecture keeps on a file (labels, priority, private
 *    annotations, followers) is its own: its agents read and write it for
 *    their département; nobody else, not even the applicant, sees it;
 *  - exports: the applicants their own pre-orders, a préfecture its
 *    département's, the programme team the country's;
 *  - refurbishers keep their own registration, offers and dossier; the programme team evaluates and selects
 *    them and reviews flagged prices; applicants and préfectures see the
 *    selected refurbishers only (ACT_REFURB_DIRECTORY);
 *  - orders: the organisation places, cancels, confirms delivery and pays
 *    its own; the refurbisher sees and handles (acknowledges, ships,
 *    invoices, refuses) those placed with it (an order is its own for the
 *    refurbisher it names: uc-order.c); the préfecture reads its
 *    département's, the programme team every one; each exports what it sees;
 *    the organisation alone records the loans of its delivered equipment to
 *    partner structures (and exports them);
 *  - every role but the anonymous one reads the statistics of its
 *    département (the préfecture's, the applicant's or the refurbisher's
 *    seat); the programme team those of the country;
 *  - someone not logged in may only sign an organisation up; the operator's
 *    command line (actor_system) may everything, and is audited as such.
 */
#include "core/permission.h"

#include <string.h>

#include "core/i18n.h"
#include "core/util.h"

#define OWN (1u << SCOPE_OWN_ORG)
#define SAME (1u << SCOPE_SAME_DEPT)
#define OTHER (1u << SCOPE_OTHER_DEPT)
#define NAT (1u << SCOPE_NATIONAL)
#define ALL (OWN | SAME | OTHER | NAT)

static const unsigned matrix[ROLE_COUNT][ACT_COUNT] = {
	[ROLE_NONE] = { [ACT_ORG_SIGNUP] = NAT },
	[ROLE_COLLECTIVITE] = {
		[ACT_PREORDER_VIEW] = OWN, [ACT_PREORDER_CREATE] = OWN, [ACT_PREORDER_EDIT] = OWN,
		[ACT_PREORDER_SUBMIT] = OWN, [ACT_PREORDER_AMEND] = OWN,
		[ACT_PREORDER_ABANDON] = OWN, [ACT_AUDIT_VIEW] = OWN, [ACT_ORG_VIEW] = OWN,
		[ACT_ORG_EDIT] = OWN, [ACT_SETTINGS_VIEW] = NAT,
		[ACT_MESSAGE_READ] = OWN, [ACT_MESSAGE_SEND] = OWN,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_SUPPORT_WRITE] = OWN | NAT,
		[ACT_REFLIST_VIEW] = NAT, [ACT_PREORDER_EXPORT] = OWN,
		[ACT_STATS_VIEW] = SAME, [ACT_REFURB_DIRECTORY] = NAT,
		[ACT_ORDER_VIEW] = OWN, [ACT_ORDER_PLACE] = OWN, [ACT_ORDER_CANCEL] = OWN,
		[ACT_ORDER_RECEIVE] = OWN, [ACT_ORDER_EXPORT] = OWN, [ACT_LOAN_EDIT] = OWN,
	},
	[ROLE_FRANCE_SERVICES] = {
		[ACT_PREORDER_VIEW] = OWN, [ACT_PREORDER_CREATE] = OWN, [ACT_PREORDER_EDIT] = OWN,
		[ACT_PREORDER_SUBMIT] = OWN, [ACT_PREORDER_AMEND] = OWN,
		[ACT_PREORDER_ABANDON] = OWN, [ACT_AUDIT_VIEW] = OWN, [ACT_ORG_VIEW] = OWN,
		[ACT_ORG_EDIT] = OWN, [ACT_SETTINGS_VIEW] = NAT,
		[ACT_MESSAGE_READ] = OWN, [ACT_MESSAGE_SEND] = OWN,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_SUPPORT_WRITE] = OWN | NAT,
		[ACT_REFLIST_VIEW] = NAT, [ACT_PREORDER_EXPORT] = OWN,
		[ACT_STATS_VIEW] = SAME, [ACT_REFURB_DIRECTORY] = NAT,
		[ACT_ORDER_VIEW] = OWN, [ACT_ORDER_PLACE] = OWN, [ACT_ORDER_CANCEL] = OWN,
		[ACT_ORDER_RECEIVE] = OWN, [ACT_ORDER_EXPORT] = OWN, [ACT_LOAN_EDIT] = OWN,
	},
	[ROLE_PREFECTURE] = {
		[ACT_PREORDER_VIEW] = SAME, [ACT_PREORDER_INSTRUCT] = SAME,
		[ACT_PREORDER_RETAIN] = SAME, [ACT_PREORDER_REJECT] = SAME,
		[ACT_PREORDER_CONVENTION] = SAME, [ACT_PREORDER_PAY] = SAME,
		[ACT_PREORDER_COMPLEMENT] = SAME, [ACT_PREORDER_DISMISS] = SAME,
		[ACT_PREORDER_REOPEN] = SAME, [ACT_INSTRUCTION_VIEW] = SAME,
		[ACT_INSTRUCTION_EDIT] = SAME, [ACT_PREORDER_EXPORT] = SAME,
		[ACT_AUDIT_VIEW] = OWN | SAME, [ACT_ORG_VIEW] = OWN | SAME, [ACT_ORG_EDIT] = OWN,
		[ACT_SETTINGS_VIEW] = NAT, [ACT_STATS_VIEW] = SAME,
		[ACT_MESSAGE_READ] = SAME, [ACT_MESSAGE_SEND] = SAME,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_REFLIST_VIEW] = NAT,
		[ACT_REFURB_DIRECTORY] = NAT,
		[ACT_ORDER_VIEW] = SAME, [ACT_ORDER_EXPORT] = SAME,
	},
	[ROLE_RECONDITIONNEUR] = {
		[ACT_AUDIT_VIEW] = OWN, [ACT_ORG_VIEW] = OWN, [ACT_ORG_EDIT] = OWN,
		[ACT_SETTINGS_VIEW] = NAT,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_REFLIST_VIEW] = NAT,
		[ACT_STATS_VIEW] = SAME, [ACT_REFURB_VIEW] = OWN, [ACT_REFURB_EDIT] = OWN,
		[ACT_ORDER_VIEW] = OWN, [ACT_ORDER_HANDLE] = OWN, [ACT_ORDER_EXPORT] = OWN,
	},
	[ROLE_ANCT] = {
		[ACT_PREORDER_VIEW] = ALL, [ACT_AUDIT_VIEW] = ALL, [ACT_ORG_VIEW] = ALL,
		[ACT_ORG_EDIT] = ALL, [ACT_SETTINGS_VIEW] = NAT, [ACT_SETTINGS_EDIT] = NAT,
		[ACT_REFLIST_IMPORT] = NAT, [ACT_STATS_VIEW] = ALL, [ACT_ORG_VALIDATE] = ALL,
		[ACT_ORG_REFUSE] = ALL,
		[ACT_ACCOUNT_ADMIN] = ALL,
		/* It reads and answers every organisation's threads and has none of its own. */
		[ACT_MESSAGE_READ] = SAME | OTHER, [ACT_MESSAGE_SEND] = SAME | OTHER,
		/*
		 * The team is the support desk: it writes in every ticket (national),
		 * and its menu has no contact form (asked on its own organisation).
		 */
		[ACT_SUPPORT_WRITE] = NAT,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_REFLIST_VIEW] = NAT,
		[ACT_PREORDER_EXPORT] = ALL,
		/* It evaluates and selects every refurbisher, and reviews their prices. */
		[ACT_REFURB_VIEW] = ALL, [ACT_REFURB_EVALUATE] = ALL, [ACT_PRICE_REVIEW] = ALL,
		[ACT_REFURB_DIRECTORY] = NAT,
		/* It runs the support desk: every ticket, its answers and its state. */
		[ACT_SUPPORT_DESK] = NAT,
		/* It follows every order and handles none. */
		[ACT_ORDER_VIEW] = ALL, [ACT_ORDER_EXPORT] = ALL,
	},
};

static const struct {
	const char *name;
	const char *label;
} actions[ACT_COUNT] = {
	[ACT_PREORDER_VIEW] = { "preorder_view", N_("Consultation d'une intention de commande") },
	[ACT_PREORDER_CREATE] = { "preorder_create", N_("Création d'une intention de commande") },
	[ACT_PREORDER_EDIT] = { "preorder_edit", N_("Modification du brouillon") },
	[ACT_PREORDER_SUBMIT] = { "preorder_submit", N_("Dépôt de l'intention de commande") },
	[ACT_PREORDER_AMEND] = { "preorder_amend", N_("Modification des quantités") },
	[ACT_PREORDER_ABANDON] = { "preorder_abandon", N_("Abandon de l'intention de commande") },
	[ACT_PREORDER_INSTRUCT] = { "preorder_instruct", N_("Mise en instruction") },
	[ACT_PREORDER_RETAIN] = { "preorder_retain", N_("Décision : retenue") },
	[ACT_PREORDER_REJECT] = { "preorder_reject", N_("Décision : non retenue") },
	[ACT_PREORDER_CONVENTION] = { "preorder_convention", N_("Enregistrement de la convention") },
	[ACT_PREORDER_PAY] = { "preorder_pay", N_("Versement de la subvention") },
	[ACT_AUDIT_VIEW] = { "audit_view", N_("Consultation de l'historique") },
	[ACT_ORG_VIEW] = { "org_view", N_("Consultation d'une organisation") },
	[ACT_ORG_EDIT] = { "org_edit", N_("Modification d'une organisation") },
	[ACT_SETTINGS_VIEW] = { "settings_view", N_("Consultation des paramètres du programme") },
	[ACT_SETTINGS_EDIT] = { "settings_edit", N_("Modification des paramètres du programme") },
	[ACT_REFLIST_IMPORT] = { "reflist_import", N_("Import d'une liste de référence") },
	[ACT_STATS_VIEW] = { "stats_view", N_("Consultation des statistiques") },
	[ACT_ORG_SIGNUP] = { "org_signup", N_("Inscription de l'organisation") },
	[ACT_ORG_VALIDATE] = { "org_validate", N_("Validation de l'organisation") },
	[ACT_ACCOUNT_SELF] = { "account_self", N_("Gestion de son propre compte") },
	[ACT_ACCOUNT_ADMIN] = { "account_admin", N_("Gestion des comptes") },
	[ACT_FAQ_READ] = { "faq_read", N_("Lecture des questions fréquentes") },
	[ACT_MESSAGE_READ] = { "message_read", N_("Lecture des messages") },
	[ACT_MESSAGE_SEND] = { "message_send", N_("Envoi d'un message") },
	[ACT_SUPPORT_WRITE] = { "support_write", N_("Message à l'assistance") },
	[ACT_REFLIST_VIEW] = { "reflist_view", N_("Consultation des listes de référence") },
	[ACT_ORG_REFUSE] = { "org_refuse", N_("Refus de l'organisation") },
	[ACT_PREORDER_COMPLEMENT] = { "preorder_complement", N_("Demande de complément") },
	[ACT_PREORDER_DISMISS] = { "preorder_dismiss", N_("Décision : classée sans suite") },
	[ACT_PREORDER_REOPEN] = { "preorder_reopen", N_("Retour en instruction") },
	[ACT_INSTRUCTION_VIEW] = { "instruction_view", N_("Consultation du suivi d'instruction") },
	[ACT_INSTRUCTION_EDIT] = { "instruction_edit", N_("Suivi d'instruction") },
	[ACT_PREORDER_EXPORT] = { "preorder_export", N_("Export des intentions de commande") },
	[ACT_REFURB_VIEW] = { "refurb_view", N_("Consultation d'un dossier de reconditionneur") },
	[ACT_REFURB_EDIT] = { "refurb_edit", N_("Modification du dossier de reconditionneur") },
	[ACT_REFURB_EVALUATE] = { "refurb_evaluate", N_("Évaluation d'un reconditionneur") },
	[ACT_PRICE_REVIEW] = { "price_review", N_("Examen d'un prix signalé") },
	[ACT_REFURB_DIRECTORY] = { "refurb_directory",
	                           N_("Consultation des reconditionneurs sélectionnés") },
	[ACT_SUPPORT_DESK] = { "support_desk", N_("Traitement d'une demande d'assistance") },
	[ACT_ORDER_VIEW] = { "order_view", N_("Consultation d'une commande") },
	[ACT_ORDER_PLACE] = { "order_place", N_("Passation d'une commande") },
	[ACT_ORDER_CANCEL] = { "order_cancel", N_("Annulation d'une commande") },
	[ACT_ORDER_RECEIVE] = { "order_receive", N_("Réception et paiement d'une commande") },
	[ACT_ORDER_HANDLE] = { "order_handle", N_("Traitement d'une commande") },
	[ACT_ORDER_EXPORT] = { "order_export", N_("Export des commandes") },
	[ACT_LOAN_EDIT] = { "loan_edit", N_("Prêts aux structures partenaires") },
};

const char *action_name(enum action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].name : "?";
}

const char *action_label(enum action a)
{
	return (unsigned)a < ACT_COUNT ? _(actions[a].label) : _("Action inconnue");
}

enum scope perm_scope(const struct actor *actor, const struct perm_object *obj)
{
	if (actor->org_id != 0 && obj->org_id == actor->org_id)
		return SCOPE_OWN_ORG;
	if (obj->org_id == 0 && obj->dept[0] == '\0')
		return SCOPE_NATIONAL;
	if (actor->dept[0] != '\0' && strcmp(obj->dept, actor->dept) == 0)
		return SCOPE_SAME_DEPT;
	return SCOPE_OTHER_DEPT;
}

void actor_system(struct actor *out)
{
	memset(out, 0, sizeof *out);
	strlcpy_(out->login, "système", sizeof out->login);
	out->role = ROLE_NONE;
	out->system = true;
}

void actor_anonymous(struct actor *out)
{
	memset(out, 0, sizeof *out);
	out->role = ROLE_NONE;
}

bool may(const struct actor *actor, enum action action, const struct perm_object *obj)
{
	if (actor == NULL || obj == NULL || (unsigned)actor->role >= ROLE_COUNT ||
	    (unsigned)action >= ACT_COUNT)
		return false;
	if (actor->system)
		return true;
	return (matrix[actor->role][action] & (1u << perm_scope(actor, obj))) != 0;
}

int may_why(const struct actor *actor, enum action action, const struct perm_object *obj,
            char **why)
{
	if (may(actor, action, obj))
		return RC_OK;
	if (actor == NULL || actor->role == ROLE_NONE || (unsigned)actor->role >= ROLE_COUNT)
		return fail(why, RC_DENIED, _("Connectez-vous pour effectuer cette action."));
	if ((unsigned)action < ACT_COUNT && matrix[actor->role][action] == 0)
		return fail(why, RC_DENIED, _("Votre rôle ne permet pas cette action (%s)."),
		            action_label(action));
	switch (perm_scope(actor, obj)) {
	case SCOPE_OTHER_DEPT:
		return fail(why, RC_DENIED, _("Ce dossier relève d'un autre département."));
	case SCOPE_SAME_DEPT:
		return fail(why, RC_DENIED, _("Ce dossier appartient à une autre organisation."));
	case SCOPE_NATIONAL:
		return fail(why, RC_DENIED, _("Cette action est réservée à l'équipe nationale du "
		                              "programme."));
	default:
		return fail(why, RC_DENIED, _("Cette action n'est pas permise sur votre propre "
		                              "organisation."));
	}
}
