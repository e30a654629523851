/*
 * uc-preorder.h — what a person does to a pre-order, each as one LMDB
 * write transaction that checks permission (may()), the version the person
 * read (RC_STALE with a French message naming who changed what since, from
 * the audit log), the programme's preconditions (core/preorder.h), updates
 * the record and its indexes, and appends the audit event — all or nothing.
 * *why gets a French reason on every refusal (caller frees).
 */
#ifndef RECOND_UC_PREORDER_H
#define RECOND_UC_PREORDER_H

#include <stdint.h>

#include "core/eligibility.h"
#include "core/permission.h"
#include "core/preorder.h"
#include "core/uc.h"

/*
 * Zone facts of an organisation from the reference lists: its seat commune
 * (commune, France Services, refused kinds, syndicat — whose member list is
 * not in the geography), its EPCI's communes (by SIREN), its département's
 * or région's communes.
 */
int uc_default_facts(struct store_txn *txn, const struct org *o, struct zone_facts *out,
                     void *ctx);

/*
 * Subsidies committed on département dept's envelope: the sum of the
 * subsidies of its pre-orders retenues, conventionnées or versées
 * (CENTS_MAX if the sum overflows).
 */
int uc_dept_committed(struct store_txn *txn, const char *dept, cents_t *out);

/*
 * Eligibility of organisation o inside txn, from uc->facts (or the
 * reference lists when NULL): for the use cases that decide on it.
 */
int uc_org_eligibility_in(const struct uc *uc, struct store_txn *txn, const struct org *o,
                          struct eligibility *out);

/* Eligibility of an organisation now (ACT_ORG_VIEW; read-only transaction). */
int uc_org_eligibility(const struct uc *uc, uint64_t org_id, struct eligibility *out, char **why);

/* Creates a brouillon for the actor's organisation; *id gets its id. */
/*
 * Inside an open write transaction: applies rq to *po (read in txn) with
 * the settings, eligibility and sums the transition needs, stores it and
 * fills *ev with its audit event (object "preorder"). For use cases that
 * decide several things in one transaction (uc-instruct.c).
 */
int uc_preorder_apply_in(const struct uc *uc, struct store_txn *txn, struct preorder *po,
                         const struct preorder_req *rq, struct audit_event *ev, char **why);

int uc_preorder_create(const struct uc *uc, uint64_t *id, char **why);
/*
 * Saves the editable fields of `fields` (contact, quantities, staff,
 * partners, motivation) into brouillon fields->id read at fields->version.
 */
int uc_preorder_edit(const struct uc *uc, const struct preorder *fields, char **why);
int uc_preorder_submit(const struct uc *uc, uint64_t id, uint64_t version, char **why);
int uc_preorder_amend(const struct uc *uc, uint64_t id, uint64_t version,
                      const uint32_t qty[LOT_COUNT], char **why);
int uc_preorder_abandon(const struct uc *uc, uint64_t id, uint64_t version, const char *reason,
                        char **why);
int uc_preorder_instruct(const struct uc *uc, uint64_t id, uint64_t version, char **why);
int uc_preorder_retain(const struct uc *uc, uint64_t id, uint64_t version, cents_t retained,
                       const char *comment, char **why);
int uc_preorder_reject(const struct uc *uc, uint64_t id, uint64_t version, const char *reason,
                       char **why);
int uc_preorder_convention(const struct uc *uc, uint64_t id, uint64_t version,
                           const char *number, day_t signed_on, char **why);
int uc_preorder_pay(const struct uc *uc, uint64_t id, uint64_t version, day_t paid_on,
                    cents_t amount, char **why);

/* Reads a pre-order the actor may view (RC_DENIED otherwise). */
int uc_preorder_get(const struct uc *uc, uint64_t id, struct preorder *out, char **why);

#endif
