/*
 * registry.c — every entry of recond's menus, in one table: its label, the
 * permission it needs and the screen it opens. Menus are generated from it
 * by asking may() for the session's actor, so which role sees what is
 * decided by core's permission matrix alone. Adding a screen is its file
 * and one line here.
 */
#include "core/util.h"
#include "tui/order.h"
#include "tui/pref.h"
#include "tui/screen.h"

static const struct tui_entry registry[] = {
	{ MENU_HOME, N_("Dossiers à instruire"), ACT_PREORDER_INSTRUCT, OBJ_OWN_DEPT,
	  &screen_pref_queue, NULL },
	{ MENU_HOME, N_("Programmation de l'enveloppe"), ACT_PREORDER_RETAIN, OBJ_OWN_DEPT,
	  &screen_pref_prog, NULL },
	{ MENU_HOME, N_("Mon intention de commande"), ACT_PREORDER_CREATE, OBJ_OWN_ORG,
	  NULL, preorder_open },
	{ MENU_HOME, N_("Suivi de ma demande"), ACT_PREORDER_SUBMIT, OBJ_OWN_ORG,
	  &screen_follow, NULL },
	{ MENU_HOME, N_("Commander"), ACT_ORDER_PLACE, OBJ_OWN_ORG, &screen_order_new, NULL },
	{ MENU_HOME, N_("Mes commandes"), ACT_ORDER_RECEIVE, OBJ_OWN_ORG, &screen_orders, NULL },
	{ MENU_HOME, N_("Prêts"), ACT_LOAN_EDIT, OBJ_OWN_ORG, &screen_loans, NULL },
	{ MENU_HOME, N_("Messages"), ACT_MESSAGE_READ, OBJ_OWN_ORG, &screen_messages, NULL },
	{ MENU_HOME, N_("Contacter l'assistance"), ACT_SUPPORT_WRITE, OBJ_OWN_ORG,
	  &screen_support, NULL },
	/* refurbishers and the programme team */
	{ MENU_HOME, N_("Mon dossier de reconditionneur"), ACT_REFURB_EDIT, OBJ_OWN_ORG,
	  &screen_refurb_mine, NULL },
	{ MENU_HOME, N_("Commandes reçues"), ACT_ORDER_HANDLE, OBJ_OWN_ORG, &screen_orders,
	  NULL },
	{ MENU_HOME, N_("Inscriptions à valider"), ACT_ORG_VALIDATE, OBJ_NATIONAL,
	  &screen_admin_signups, NULL },
	{ MENU_HOME, N_("Reconditionneurs"), ACT_REFURB_EVALUATE, OBJ_NATIONAL,
	  &screen_admin_refurbs, NULL },
	{ MENU_HOME, N_("Prix signalés"), ACT_PRICE_REVIEW, OBJ_NATIONAL, &screen_admin_prices,
	  NULL },
	{ MENU_HOME, N_("Paramètres du programme"), ACT_SETTINGS_EDIT, OBJ_NATIONAL,
	  &screen_admin_settings, NULL },
	{ MENU_HOME, N_("Listes de référence"), ACT_REFLIST_IMPORT, OBJ_NATIONAL,
	  &screen_admin_reflists, NULL },
	{ MENU_HOME, N_("Assistance"), ACT_SUPPORT_DESK, OBJ_NATIONAL, &screen_admin_desk, NULL },
	{ MENU_HOME, N_("Mon compte"), ACT_ACCOUNT_SELF, OBJ_OWN_ORG, &screen_account, NULL },
	{ MENU_HOME, N_("Questions fréquentes"), ACT_FAQ_READ, OBJ_NATIONAL, &screen_faq, NULL },
	{ MENU_HOME, N_("À propos"), ACT_REFLIST_VIEW, OBJ_NATIONAL, &screen_about, NULL },
	/* figures of the actor's scope, for every role (after the entries above) */
	{ MENU_HOME, N_("Statistiques"), ACT_STATS_VIEW, OBJ_OWN_DEPT, &screen_stats, NULL },
	{ MENU_HOME, N_("Comptes"), ACT_ACCOUNT_ADMIN, OBJ_NATIONAL, &screen_admin_accounts,
	  NULL },
};

/* The object an entry's permission is asked about, for actor a. */
static struct perm_object entry_object(const struct actor *a, enum tui_object o)
{
	struct perm_object obj = { 0 };

	if (o == OBJ_OWN_ORG && a->org_id != 0) {
		obj.org_id = a->org_id;
		strlcpy_(obj.dept, a->dept, sizeof obj.dept);
	} else if (o == OBJ_OWN_DEPT) {
		/* No organisation, the actor's département: « another file of my département ». */
		strlcpy_(obj.dept, a->dept[0] != '\0' ? a->dept : "--", sizeof obj.dept);
	}
	if (o == OBJ_OWN_DEPT)
		strlcpy_(obj.dept, a->dept, sizeof obj.dept);
	return obj;
}

size_t tui_menu_entries(const struct actor *actor, enum tui_menu m,
                        const struct tui_entry **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_LEN(registry) && n < max; i++) {
		struct perm_object obj = entry_object(actor, registry[i].object);

		if (registry[i].menu == m && may(actor, registry[i].action, &obj))
			out[n++] = &registry[i];
	}
	return n;
}

int tui_entry_open(struct tui *t, const struct tui_entry *e)
{
	tui_msg_clear(t);
	if (e->open != NULL)
		return e->open(t);
	return tui_push(t, e->screen, NULL);
}
