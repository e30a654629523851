/*
 * refurb-view.h — a refurbisher's record as text for a textview, shared
 * by « Mon dossier de reconditionneur » and the programme team's detail.
 */
#ifndef RECOND_TUI_REFURB_VIEW_H
#define RECOND_TUI_REFURB_VIEW_H

#include <stdbool.h>

#include "core/uc-refurb.h"
#include "tui/textview.h"

/*
 * Adds r to v (wrapped to width): state and reason, registration, benches,
 * offers with their price flags (rows from uc_refurb_flags, or NULL), the
 * dossier, and the team's evaluation when with_eval.
 */
void refurb_view_fill(struct textview *v, const struct refurb *r, const struct price_row *rows,
                      int width, bool with_eval);

#endif
