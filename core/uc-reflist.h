/*
 * uc-reflist.h — the programme team (or the operator) replaces a reference
 * list (ZRR, FRR, QPV, France Services register) with a file as published:
 * ACT_REFLIST_IMPORT. The file is read whole by core/reflist.h against the
 * stored geography, then, if every line is good, the store replaces the
 * list in the same write transaction, with the file's name, the date and
 * the counts as evidence.
 */
#ifndef RECOND_UC_REFLIST_H
#define RECOND_UC_REFLIST_H

#include <stddef.h>

#include "core/reflist.h"
#include "core/uc.h"

/*
 * Imports data[0..len) (the content of `file`, whose base name is kept) as
 * list `list`, dated uc->now (0: now). *parsed (cleared by the caller with
 * reflist_parsed_clear, whatever the result) lists every problem found.
 * RC_INVALID when the file has problems (nothing imported; *why says how
 * many lines), when no geography is loaded, or for a bad file name.
 */
int uc_reflist_import(const struct uc *uc, enum reflist list, const char *file,
                      const char *data, size_t len, struct reflist_parsed *parsed, char **why);

/* Object kind of the reference lists in the audit log; the id is the list + 1. */
#define REFLIST_AUDIT_KIND "reflist"
/* Imports kept per list by uc_reflist_status (the last ones). */
#define REFLIST_HISTORY_MAX 5

/* What the programme team reads of one reference list. */
struct reflist_status {
	struct reflist_evidence ev;    /* what is loaded now (ev.loaded false: never) */
	size_t nimports;               /* imports recorded in the audit log */
	/* the last imports, newest first: « 03/12/2026 à 18:05 — anct (ANCT) — … » */
	char history[REFLIST_HISTORY_MAX][UC_AUDIT_LINE_MAX];
	size_t nhistory;
	char by[LOGIN_MAX + 1];        /* who made the last import ("" when unknown) */
};

/*
 * Reads every list's evidence and its imports from the audit log into
 * out[0..REFLIST_COUNT). ACT_REFLIST_IMPORT (the programme team). One
 * read transaction; French reason in *why.
 */
int uc_reflist_status(const struct uc *uc, struct reflist_status out[REFLIST_COUNT],
                      char **why);

/* "communes classées", "quartiers prioritaires", "sites France Services". */
const char *reflist_unit(enum reflist l);
/*
 * The problems of a refused file as the command line prints them, one
 * "NAME:LINE: reason" line each, then « … et N autres problèmes » when
 * more were found than kept. Fresh string ("" when none); caller frees.
 */
char *reflist_problems_text(const char *name, const struct reflist_parsed *p);
/* « Zones de revitalisation rurale : import réussi depuis F, N communes classées (M lignes lues) ». */
char *reflist_success_text(enum reflist l, const char *name, const struct reflist_parsed *p);

#endif
