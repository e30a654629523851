/*
 * uc-fs.h — the France Services register as a structure porteuse uses it:
 * the labelled spaces of its commune and of the communes nearby to pick
 * from (name, address), the pick recorded on the organisation (struct
 * org_fs in core/model.h), and the zone facts eligibility reads from that
 * pick — never from the wording of the organisation's name. Every function
 * returns RC_OK or a negative enum rc with a French reason in *why (caller
 * frees).
 *
 * For the screen: after the commune step, uc_fs_near() lists what to show
 * (nearest first); the person marks one or more; the marks go to
 * signup_form.fs / .nfs (sign-up) or to uc_fs_pick() (an organisation
 * that exists); signup_eligibility_picked() shows the verdict with the
 * register entry as its evidence.
 */
#ifndef RECOND_UC_FS_H
#define RECOND_UC_FS_H

#include <stddef.h>
#include <stdint.h>

#include "core/eligibility.h"
#include "core/geo.h"
#include "core/model.h"
#include "core/permission.h"
#include "core/reflist.h"
#include "core/uc.h"

struct store_txn;

#define FS_NEAR_KM 20               /* default radius of "nearby communes" */
#define FS_NEAR_MAX 40              /* spaces listed at most */

/* One labelled space of the register, as offered to pick. */
struct fs_space {
	struct org_fs ref;              /* what to record: register id and commune */
	char name[REFLIST_TEXT_MAX + 1];    /* « France services Boussac » */
	char address[REFLIST_TEXT_MAX + 1]; /* as the register writes it */
	char commune[GEO_NAME_MAX];     /* name of its commune */
	char type[32];                  /* « Principal », « Antenne »… */
	unsigned distance_km;           /* from the commune asked about (0: in it) */
};

/*
 * The spaces of the register in commune insee and in the communes within
 * radius_km of it (0: FS_NEAR_KM), nearest first then by name: at most max
 * (≤ FS_NEAR_MAX) into out, *n their count (0 is RC_OK: none around).
 * RC_NOTFOUND for an unknown commune; RC_INVALID when the register was
 * never imported (*why says so).
 */
int uc_fs_near(const struct uc *uc, const char *insee, unsigned radius_km, struct fs_space *out,
               size_t max, size_t *n, char **why);

/*
 * Checks picks[0..n) in txn: at most ORG_FS_MAX, no space twice, each one
 * in the register under its commune (RC_INVALID with *why otherwise).
 */
int uc_fs_check_picks(struct store_txn *txn, const struct org_fs *picks, size_t n, char **why);

/*
 * Records on organisation org_id, read at `version`, the spaces it carries
 * (for uc->actor, on the one use-case path)
 * (replacing the previous pick; n may be 0 to clear it): may(ACT_ORG_EDIT)
 * first (RC_DENIED), RC_STALE on another version, picks checked as above,
 * one write transaction with an audit event (before → after: the register
 * numbers). *out (if not NULL) gets the organisation as stored.
 */
int uc_fs_pick(const struct uc *uc, uint64_t org_id, uint64_t version,
               const struct org_fs *picks, size_t n, struct org *out, char **why);

/*
 * Adds to *facts (already filled for o's territory) what o's pick says:
 * fs_npicked, fs_registered, and for the first space found in the register
 * fs_site and fs_where. Reads only; RC_OK or a store error.
 */
int uc_fs_facts(struct store_txn *txn, const struct org *o, struct zone_facts *facts);

#endif
