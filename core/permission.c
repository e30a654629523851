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
 *    minimum configurations are public to users).
 */
#include "core/permission.h"

#include <string.h>

#include "core/util.h"

#define OWN (1u << SCOPE_OWN_ORG)
#define SAME (1u << SCOPE_SAME_DEPT)
#define OTHER (1u << SCOPE_OTHER_DEPT)
#define NAT (1u << SCOPE_NATIONAL)
#define ALL (OWN | SAME | OTHER | NAT)

static const unsigned matrix[ROLE_COUNT][ACT_COUNT] = {
	[ROLE_NONE] = { 0 },
	[ROLE_COLLECTIVITE] = {
		[ACT_PREORDER_VIEW] = OWN, [ACT_PREORDER_CREATE] = OWN, [ACT_PREORDER_EDIT] = OWN,
		[ACT_PREORDER_SUBMIT] = OWN, [ACT_PREORDER_AMEND] = OWN,
		[ACT_PREORDER_ABANDON] = OWN, [ACT_AUDIT_VIEW] = OWN, [ACT_ORG_VIEW] = OWN,
		[ACT_ORG_EDIT] = OWN, [ACT_SETTINGS_VIEW] = NAT,
		[ACT_MESSAGE_READ] = OWN, [ACT_MESSAGE_SEND] = OWN,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_SUPPORT_WRITE] = OWN | NAT,
		[ACT_REFLIST_VIEW] = NAT,
	},
	[ROLE_FRANCE_SERVICES] = {
		[ACT_PREORDER_VIEW] = OWN, [ACT_PREORDER_CREATE] = OWN, [ACT_PREORDER_EDIT] = OWN,
		[ACT_PREORDER_SUBMIT] = OWN, [ACT_PREORDER_AMEND] = OWN,
		[ACT_PREORDER_ABANDON] = OWN, [ACT_AUDIT_VIEW] = OWN, [ACT_ORG_VIEW] = OWN,
		[ACT_ORG_EDIT] = OWN, [ACT_SETTINGS_VIEW] = NAT,
		[ACT_MESSAGE_READ] = OWN, [ACT_MESSAGE_SEND] = OWN,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_SUPPORT_WRITE] = OWN | NAT,
		[ACT_REFLIST_VIEW] = NAT,
	},
	[ROLE_PREFECTURE] = {
		[ACT_PREORDER_VIEW] = SAME, [ACT_PREORDER_INSTRUCT] = SAME,
		[ACT_PREORDER_RETAIN] = SAME, [ACT_PREORDER_REJECT] = SAME,
		[ACT_PREORDER_CONVENTION] = SAME, [ACT_PREORDER_PAY] = SAME,
		[ACT_AUDIT_VIEW] = OWN | SAME, [ACT_ORG_VIEW] = OWN | SAME, [ACT_ORG_EDIT] = OWN,
		[ACT_SETTINGS_VIEW] = NAT, [ACT_STATS_VIEW] = SAME,
		[ACT_MESSAGE_READ] = OWN | SAME, [ACT_MESSAGE_SEND] = OWN | SAME,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_SUPPORT_WRITE] = OWN | NAT,
		[ACT_REFLIST_VIEW] = NAT,
	},
	[ROLE_RECONDITIONNEUR] = {
		[ACT_AUDIT_VIEW] = OWN, [ACT_ORG_VIEW] = OWN, [ACT_ORG_EDIT] = OWN,
		[ACT_SETTINGS_VIEW] = NAT,
		[ACT_MESSAGE_READ] = OWN, [ACT_MESSAGE_SEND] = OWN,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_SUPPORT_WRITE] = OWN | NAT,
		[ACT_REFLIST_VIEW] = NAT,
	},
	[ROLE_ANCT] = {
		[ACT_PREORDER_VIEW] = ALL, [ACT_AUDIT_VIEW] = ALL, [ACT_ORG_VIEW] = ALL,
		[ACT_ORG_EDIT] = ALL, [ACT_SETTINGS_VIEW] = NAT, [ACT_SETTINGS_EDIT] = NAT,
		[ACT_REFLIST_IMPORT] = NAT, [ACT_STATS_VIEW] = ALL, [ACT_ORG_VALIDATE] = ALL,
		[ACT_ORG_REFUSE] = ALL,
		[ACT_ACCOUNT_ADMIN] = ALL, [ACT_MESSAGE_READ] = ALL, [ACT_MESSAGE_SEND] = ALL,
		[ACT_ACCOUNT_SELF] = OWN | NAT, [ACT_FAQ_READ] = NAT, [ACT_SUPPORT_WRITE] = OWN | NAT,
		[ACT_REFLIST_VIEW] = NAT,
	},
};

static const struct {
	const char *name;
	const char *label;
} actions[ACT_COUNT] = {
	[ACT_PREORDER_VIEW] = { "preorder_view", "Consultation d'une intention de commande" },
	[ACT_PREORDER_CREATE] = { "preorder_create", "Création d'une intention de commande" },
	[ACT_PREORDER_EDIT] = { "preorder_edit", "Modification du brouillon" },
	[ACT_PREORDER_SUBMIT] = { "preorder_submit", "Dépôt de l'intention de commande" },
	[ACT_PREORDER_AMEND] = { "preorder_amend", "Modification des quantités" },
	[ACT_PREORDER_ABANDON] = { "preorder_abandon", "Abandon de l'intention de commande" },
	[ACT_PREORDER_INSTRUCT] = { "preorder_instruct", "Mise en instruction" },
	[ACT_PREORDER_RETAIN] = { "preorder_retain", "Décision : retenue" },
	[ACT_PREORDER_REJECT] = { "preorder_reject", "Décision : non retenue" },
	[ACT_PREORDER_CONVENTION] = { "preorder_convention", "Enregistrement de la convention" },
	[ACT_PREORDER_PAY] = { "preorder_pay", "Versement de la subvention" },
	[ACT_AUDIT_VIEW] = { "audit_view", "Consultation de l'historique" },
	[ACT_ORG_VIEW] = { "org_view", "Consultation d'une organisation" },
	[ACT_ORG_EDIT] = { "org_edit", "Modification d'une organisation" },
	[ACT_SETTINGS_VIEW] = { "settings_view", "Consultation des paramètres du programme" },
	[ACT_SETTINGS_EDIT] = { "settings_edit", "Modification des paramètres du programme" },
	[ACT_REFLIST_IMPORT] = { "reflist_import", "Import d'une liste de référence" },
	[ACT_STATS_VIEW] = { "stats_view", "Consultation des statistiques" },
	[ACT_ORG_SIGNUP] = { "org_signup", "Inscription de l'organisation" },
	[ACT_ORG_VALIDATE] = { "org_validate", "Validation de l'organisation" },
	[ACT_ACCOUNT_SELF] = { "account_self", "Gestion de son propre compte" },
	[ACT_ACCOUNT_ADMIN] = { "account_admin", "Gestion des comptes" },
	[ACT_FAQ_READ] = { "faq_read", "Lecture des questions fréquentes" },
	[ACT_MESSAGE_READ] = { "message_read", "Lecture des messages" },
	[ACT_MESSAGE_SEND] = { "message_send", "Envoi d'un message" },
	[ACT_SUPPORT_WRITE] = { "support_write", "Message à l'assistance" },
	[ACT_REFLIST_VIEW] = { "reflist_view", "Consultation des listes de référence" },
	[ACT_ORG_REFUSE] = { "org_refuse", "Refus de l'organisation" },
};

const char *action_name(enum action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].name : "?";
}

const char *action_label(enum action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].label : "Action inconnue";
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

bool may(const struct actor *actor, enum action action, const struct perm_object *obj)
{
	if (actor == NULL || obj == NULL || (unsigned)actor->role >= ROLE_COUNT ||
	    (unsigned)action >= ACT_COUNT)
		return false;
	return (matrix[actor->role][action] & (1u << perm_scope(actor, obj))) != 0;
}

int may_why(const struct actor *actor, enum action action, const struct perm_object *obj,
            char **why)
{
	if (may(actor, action, obj))
		return RC_OK;
	if (actor == NULL || actor->role == ROLE_NONE || (unsigned)actor->role >= ROLE_COUNT)
		return fail(why, RC_DENIED, "Connectez-vous pour effectuer cette action.");
	if ((unsigned)action < ACT_COUNT && matrix[actor->role][action] == 0)
		return fail(why, RC_DENIED, "Votre rôle ne permet pas cette action (%s).",
		            action_label(action));
	switch (perm_scope(actor, obj)) {
	case SCOPE_OTHER_DEPT:
		return fail(why, RC_DENIED, "Ce dossier relève d'un autre département.");
	case SCOPE_SAME_DEPT:
		return fail(why, RC_DENIED, "Ce dossier appartient à une autre organisation.");
	case SCOPE_NATIONAL:
		return fail(why, RC_DENIED, "Cette action est réservée à l'équipe nationale du "
		                            "programme.");
	default:
		return fail(why, RC_DENIED, "Cette action n'est pas permise sur votre propre "
		                            "organisation.");
	}
}
