/*
 * uc-refurb.h — what refurbishers and the programme team do with the
 * refurbishers' records, each on the one use-case path (uc.h): permission
 * first (may(), French reason), the version the person read (RC_STALE
 * naming who changed what since), the rules of core/refurb.h, the record
 * and its audit event ("refurb", the organisation's id) in one
 * transaction. The history of a refurbisher (every change of its offers,
 * dossier, evaluation and state) is its audit log.
 * *why gets a French reason on every refusal (caller frees).
 */
#ifndef RECOND_UC_REFURB_H
#define RECOND_UC_REFURB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/refurb.h"
#include "core/uc.h"

#define REFURB_AUDIT_KIND "refurb"

/*
 * The refurbisher of organisation org_id (ACT_REFURB_VIEW: the refurbisher
 * itself, the programme team). One that never saved anything comes back
 * blank from its organisation (SIREN, name, département), version 0.
 * RC_NOTFOUND for an unknown organisation, RC_INVALID for one that is not
 * an acteur du reconditionnement.
 */
int uc_refurb_get(const struct uc *uc, uint64_t org_id, struct refurb *out, char **why);

/*
 * The communes served by a postal code (the reference geography), for the
 * person to pick a bench's commune: at most max into out (postcode, insee,
 * name), *n their number. RC_NOTFOUND (« Le code postal … n'existe pas »)
 * when none; RC_INVALID for a malformed code. Any logged-in role.
 */
int uc_postcode_communes(const struct uc *uc, const char *postcode, struct bench *out,
                         size_t max, size_t *n, char **why);

/*
 * The registration (ACT_REFURB_EDIT): legal form, creation date and the
 * benches of *in (r->version the version read). Each bench's postal code
 * must exist in the reference geography; its commune is taken when the
 * code serves only one, else it must be one of those served (RC_INVALID
 * listing them). The SIREN is the organisation's: a second registration of
 * one legal entity is refused (RC_EXISTS) naming the existing contact.
 * On success *in is the stored record.
 */
int uc_refurb_save_profile(const struct uc *uc, uint64_t org_id, struct refurb *in, char **why);
/* One lot's offer (ACT_REFURB_EDIT); the team's review stays with the price it was given on. */
int uc_refurb_save_offer(const struct uc *uc, uint64_t org_id, uint64_t read_version,
                         enum lot lot, const struct refurb_offer *o, char **why);
/* The selection dossier (ACT_REFURB_EDIT). */
int uc_refurb_save_dossier(const struct uc *uc, uint64_t org_id, uint64_t read_version,
                           const struct refurb_dossier *d, char **why);
/* The team's scores and comments (ACT_REFURB_EVALUATE). */
int uc_refurb_evaluate(const struct uc *uc, uint64_t org_id, uint64_t read_version,
                       const struct refurb_eval *e, char **why);
/*
 * Sélectionner (select) or Ne pas sélectionner with a reason
 * (ACT_REFURB_EVALUATE), as refurb_check_decision() allows.
 */
int uc_refurb_decide(const struct uc *uc, uint64_t org_id, uint64_t read_version, bool select,
                     const char *reason, char **why);
/*
 * The team confirms (a reason of 10–1 000 characters, which the
 * refurbisher reads) or lifts the excessive-price flag of one offer
 * (ACT_PRICE_REVIEW). RC_INVALID when the offer's price is not flagged
 * today.
 */
int uc_refurb_price_review(const struct uc *uc, uint64_t org_id, uint64_t read_version,
                           enum lot lot, bool confirm, const char *reason, char **why);

/* One offer with what the rule makes of it. */
struct price_row {
	uint64_t org_id;
	uint64_t version;             /* of the refurbisher's record */
	char name[ORG_NAME_MAX + 1];
	enum refurb_state state;
	enum lot lot;
	cents_t price;
	bool has_median;              /* other selected refurbishers offer this lot */
	cents_t median;               /* their median price */
	enum price_flag flag;
};

/*
 * The price flags of one refurbisher's active offers (ACT_REFURB_VIEW),
 * rows[l] for lot l (rows[l].price 0 when the lot is not offered).
 */
int uc_refurb_flags(const struct uc *uc, uint64_t org_id, struct price_row rows[LOT_COUNT],
                    char **why);
/*
 * Every active offer of every refurbisher with its flag (ACT_PRICE_REVIEW,
 * national: the team), flagged ones first, then by lot and name. *out
 * (caller frees) gets *n rows.
 */
int uc_refurb_prices(const struct uc *uc, struct price_row **out, size_t *n, char **why);

/* Called for each refurbisher of a list; a non-zero return stops the walk. */
typedef int (*uc_refurb_fn)(const struct refurb *r, void *ctx);
/*
 * Every refurbisher, or those in one state (all: false = only `state`),
 * in id order, for the programme team (ACT_REFURB_EVALUATE, national).
 */
int uc_refurb_list(const struct uc *uc, bool all, enum refurb_state state, uc_refurb_fn fn,
                   void *ctx, char **why);
/*
 * The selected refurbishers as applicants and préfectures see them
 * (ACT_REFURB_DIRECTORY): only sélectionnés, their offers confirmed
 * excessive left out (inactive in the copy fn gets), no evaluation.
 */
int uc_refurb_directory(const struct uc *uc, uc_refurb_fn fn, void *ctx, char **why);

/*
 * The median price of lot l among the active offers of selected
 * refurbishers other than exclude_org (0: none excluded), inside txn.
 * *has false when there is none.
 */
struct store_txn;
int uc_refurb_median(struct store_txn *txn, enum lot l, uint64_t exclude_org, cents_t *median,
                     bool *has);

#endif
