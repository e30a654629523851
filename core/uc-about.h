/*
 * uc-about.h — what « À propos » shows: which reference lists are loaded,
 * from which file, imported when, with how many rows.
 */
#ifndef RECOND_UC_ABOUT_H
#define RECOND_UC_ABOUT_H

#include "core/eligibility.h"
#include "core/uc-preorder.h"

/*
 * Fills out[l] with the evidence of every reference list (loaded false for
 * a list never imported). Asks may(ACT_REFLIST_VIEW) first. One read
 * transaction; French reason in *why.
 */
int uc_reflists(const struct uc *uc, struct reflist_evidence out[REFLIST_COUNT], char **why);

#endif
