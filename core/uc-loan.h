/*
 * uc-loan.h — the loans of delivered equipment to partner structures, on
 * the one use-case path (ACT_LOAN_EDIT: the owning organisation): lend
 * units of a delivered order, record their return, list them with their
 * status (en prêt, rendu, en retard), export them. Audited on kind "loan".
 */
#ifndef RECOND_UC_LOAN_H
#define RECOND_UC_LOAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/loan.h"
#include "core/uc.h"

/*
 * Lends in->count units of lot in->lot of order in->order_id (the
 * organisation's own, delivered; unknown otherwise) to in->partner from
 * in->start to in->due: core's loan_check_new against what its other
 * loans not returned hold. *out (may be NULL) gets the stored loan.
 */
int uc_loan_create(const struct uc *uc, const struct loan *in, struct loan *out, char **why);
/* Records the return of loan id (read at version) on day d. */
int uc_loan_return(const struct uc *uc, uint64_t id, uint64_t version, day_t d, char **why);
/* Each loan of organisation org_id, in id order. */
typedef int (*uc_loan_fn)(const struct loan *l, void *ctx);
int uc_loan_list(const struct uc *uc, uint64_t org_id, uc_loan_fn fn, void *ctx, char **why);

struct export_opts;
/* The actor's organisation's loans as a table (columns in docs/guide-commandes.md). */
int uc_export_loans(const struct uc *uc, const struct export_opts *o, char **out, size_t *len,
                    char **why);

#endif
