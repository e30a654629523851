/*
 * permission.h — who may do what, decided in one place: may(actor, action,
 * object). The answer depends on the actor's role and on where the object
 * stands relative to the actor: its own organisation, another organisation
 * of the actor's département, another département, or national (objects
 * that belong to no organisation: settings, reference lists, national
 * figures). The matrix is in permission.c and in docs/rules.md.
 */
#ifndef RECOND_PERMISSION_H
#define RECOND_PERMISSION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"

/* Who acts: a logged-in account, as the use cases see it. */
struct actor {
	uint64_t account_id;
	char login[LOGIN_MAX + 1];
	enum role role;
	uint64_t org_id;          /* 0 when the account has no organisation */
	char dept[4];             /* département of the actor's organisation, or "" */
	bool system;              /* the operator's command line: every right (actor_system) */
};

/*
 * The operator's command line (recond user, org, settings…): account 0,
 * login « système », role ROLE_NONE and every right; the audit log names
 * it « système (administration) ».
 */
void actor_system(struct actor *out);
/*
 * Someone not logged in (the sign-up login): role ROLE_NONE, who may only
 * sign an organisation up (ACT_ORG_SIGNUP).
 */
void actor_anonymous(struct actor *out);

enum action {
	ACT_PREORDER_VIEW = 0,    /* read a pre-order and its history */
	ACT_PREORDER_CREATE,      /* start a pre-order (brouillon) */
	ACT_PREORDER_EDIT,        /* change a brouillon */
	ACT_PREORDER_SUBMIT,      /* brouillon → déposée */
	ACT_PREORDER_AMEND,       /* change quantities while déposée / en instruction */
	ACT_PREORDER_ABANDON,     /* déposée / en instruction → abandonnée */
	ACT_PREORDER_INSTRUCT,    /* déposée → en instruction */
	ACT_PREORDER_RETAIN,      /* en instruction → retenue */
	ACT_PREORDER_REJECT,      /* en instruction → non retenue */
	ACT_PREORDER_CONVENTION,  /* retenue → conventionnée */
	ACT_PREORDER_PAY,         /* conventionnée → subvention versée */
	ACT_AUDIT_VIEW,           /* read the audit log of an object */
	ACT_ORG_VIEW,
	ACT_ORG_EDIT,
	ACT_SETTINGS_VIEW,
	ACT_SETTINGS_EDIT,
	ACT_REFLIST_IMPORT,
	ACT_STATS_VIEW,           /* figures of a département, or national */
	ACT_ORG_SIGNUP,           /* an organisation signs itself up (anonymous) */
	ACT_ORG_VALIDATE,         /* en attente de validation → validée */
	ACT_ACCOUNT_SELF,         /* one's own account: password, SSH keys */
	ACT_ACCOUNT_ADMIN,        /* other people's accounts: list, disable, reset */
	ACT_FAQ_READ,             /* the FAQ */
	ACT_MESSAGE_READ,         /* the inbox and the threads of one's files */
	ACT_MESSAGE_SEND,         /* write in a thread */
	ACT_SUPPORT_WRITE,        /* the contact form of the support desk */
	ACT_REFLIST_VIEW,         /* which reference lists are loaded, and when */
	ACT_ORG_REFUSE,           /* en attente de validation (or validée) → refusée */
	ACT_PREORDER_COMPLEMENT,  /* en instruction → déposée: a complement asked */
	ACT_PREORDER_DISMISS,     /* déposée / en instruction → classée sans suite */
	ACT_PREORDER_REOPEN,      /* retenue / non retenue / sans suite → en instruction */
	ACT_INSTRUCTION_VIEW,     /* what the préfecture keeps on a file (labels, notes…) */
	ACT_INSTRUCTION_EDIT,
	ACT_PREORDER_EXPORT,      /* export the pre-orders one may see (SSH exec) */
	/* refurbishers and the programme team (uc-refurb.h) */
	ACT_REFURB_VIEW,          /* a refurbisher's registration, offers, dossier, state */
	ACT_REFURB_EDIT,          /* its registration, benches, offers and dossier */
	ACT_REFURB_EVALUATE,      /* scores, comments, select / not select */
	ACT_PRICE_REVIEW,         /* confirm or lift an excessive-price flag */
	ACT_REFURB_DIRECTORY,     /* the selected refurbishers, as applicants see them */
	ACT_SUPPORT_DESK,         /* every support ticket: list, answer, change its state */
	/* orders (uc-order.h) */
	ACT_ORDER_VIEW,           /* an order and its history */
	ACT_ORDER_PLACE,          /* rank the refurbishers, place an order */
	ACT_ORDER_CANCEL,         /* envoyée / bon reçu → annulée (the organisation) */
	ACT_ORDER_RECEIVE,        /* expédiée → livrée, facturée → payée (the organisation) */
	ACT_ORDER_HANDLE,         /* acknowledge, ship, invoice, refuse (the refurbisher) */
	ACT_ORDER_EXPORT,         /* export the orders one may see (SSH exec) */
	ACT_LOAN_EDIT,            /* lend delivered units to partners, record returns, export */
	ACT_COUNT
};

/* ASCII name ("preorder_submit") for logs and the audit log. */
const char *action_name(enum action a);
/* French label ("Dépôt de l'intention de commande"). */
const char *action_label(enum action a);

/* Where the object stands: organisation and département it belongs to. */
struct perm_object {
	uint64_t org_id;          /* 0: belongs to no organisation */
	char dept[4];             /* "" for national objects */
};

enum scope {
	SCOPE_OWN_ORG = 0,        /* the actor's own organisation */
	SCOPE_SAME_DEPT,          /* another organisation (or none) in the actor's département */
	SCOPE_OTHER_DEPT,         /* something in another département */
	SCOPE_NATIONAL,           /* belongs to no organisation and no département */
	SCOPE_COUNT
};

/* The scope of obj for actor (see enum scope). */
enum scope perm_scope(const struct actor *actor, const struct perm_object *obj);

/*
 * True when actor may do action on obj. The system actor may everything; a
 * disabled or role-less actor nothing but sign up.
 */
bool may(const struct actor *actor, enum action action, const struct perm_object *obj);

/*
 * Same, with a French reason in *why when refused (RC_DENIED), e.g. « Cette
 * intention de commande relève d'un autre département. ».
 */
int may_why(const struct actor *actor, enum action action, const struct perm_object *obj,
            char **why);

#endif
