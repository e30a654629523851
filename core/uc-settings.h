/*
 * uc-settings.h — what ANCT does to the programme settings (subsidy
 * rate, expense cap, pre-order window, ordering opening date, the lots'
 * minimum configuration and reference price, the budget envelope of each
 * département), and what anyone logged in reads of them. Each change is one
 * LMDB write transaction that checks permission (may(), ANCT only), the
 * version the person read (RC_STALE naming who changed what since), the
 * settings themselves (French reasons), stores them and appends the audit
 * event ("settings", SETTINGS_AUDIT_ID) — all or nothing.
 * *why gets a French reason on every refusal (caller frees).
 */
#ifndef RECOND_UC_SETTINGS_H
#define RECOND_UC_SETTINGS_H

#include <stddef.h>

#include "core/uc-preorder.h"
#include "core/settings.h"

/* Object id of the programme settings in the audit log (kind "settings"). */
#define SETTINGS_AUDIT_ID 1

/*
 * Reads the current settings (the defaults, version 0, if ANCT never
 * changed them) for an actor allowed to view them (every role but none).
 */
int uc_settings_get(const struct uc *uc, struct settings *out, char **why);

/*
 * Replaces the programme settings with *s, whose s->version is the version
 * the person read. Refusals: RC_DENIED (not ANCT), RC_STALE (changed since,
 * with the last changes: when, who, what), RC_INVALID (a value out of its
 * range, dates out of order, an unchanged set, or an envelope lowered below
 * the subsidies its département has already committed). On success
 * s->version is the new version and s->updated_at/updated_by are set;
 * on refusal *s is unchanged. The new values apply from then on: subsidies
 * already granted keep the rate and cap of their retention.
 */
int uc_settings_update(const struct uc *uc, struct settings *s, char **why);

/*
 * The last changes of the settings (their audit log, newest first) into
 * *out (out->max and out->lines set by the caller, see core/uc.h), for
 * the programme team (ACT_SETTINGS_EDIT).
 */
int uc_settings_history(const struct uc *uc, struct uc_audit_lines *out, char **why);

/*
 * What differs between a and b, as two French summaries for the audit log
 * and for a confirmation screen: before gets the old values of the changed
 * settings, after the new ones, in the same order ("taux de subvention
 * 80 % ; enveloppe 23 : 100 000,00 €"). Long texts are cut ("…"). Returns
 * the number of settings that differ (0: before and after are "").
 * before and after hold cap bytes each.
 */
size_t settings_diff(const struct settings *a, const struct settings *b, char *before,
                     char *after, size_t cap);

#endif
