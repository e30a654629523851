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

#endif
