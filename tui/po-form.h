/*
 * po-form.h — the pre-order form as the screens of « Mon intention de
 * commande » share it: its fields (quantities, staff, contact, partner
 * structures, motivation), its focus stops, the person's draft (written
 * field by field as they type, so that a dropped link loses nothing), the
 * check of a field as it is left, the pre-order built from the fields, and
 * the table of lots with its running total against the cap. Rules (caps,
 * states, versions) are core's: the form only asks.
 *
 * Draft layout (form PREORDER_FORM): one draft field per form field, named
 * "qty.0", "staff.1", "contact.2", "pname.3", "pkind.3", "motivation",
 * plus "_id", "_version" (the pre-order and the version the typing starts
 * from), "_mode" ("edit" for a brouillon, "amend" for the quantities of a
 * filed one) and "_npartners".
 */
#ifndef RECOND_TUI_PO_FORM_H
#define RECOND_TUI_PO_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/preorder-form.h"
#include "core/uc-form.h"
#include "tui/editor.h"
#include "tui/field.h"
#include "tui/screen.h"

enum stop_kind { SK_QTY, SK_STAFF, SK_CONTACT, SK_PNAME, SK_PKIND, SK_PADD, SK_MOTIV };

struct stop {
	enum stop_kind kind;
	size_t idx;
	int page;
};

#define PO_NSTAFF 3
#define PO_NCONTACT 4
#define PO_PAGES 3
#define PO_QTY_DIGITS 5

struct po_form {
	struct settings set;
	struct preorder po;              /* as stored (po.id 0: none yet) */
	uint64_t base_version;           /* the version the person's typing starts from */
	bool amend;                      /* only the quantities of a filed pre-order */
	struct field qty[LOT_COUNT];
	struct field staff[PO_NSTAFF];
	struct field contact[PO_NCONTACT];
	size_t np;
	struct field pname[PARTNERS_MAX];
	enum partner_kind pkind[PARTNERS_MAX];
	struct editor motiv;
	size_t focus;
	bool draft_exists;
};

extern const char *const po_staff_labels[PO_NSTAFF];
extern const char *const po_contact_labels[PO_NCONTACT];

/* Prepares empty fields (owned by f until po_form_free). */
void po_form_init(struct po_form *f);
void po_form_free(struct po_form *f);

size_t po_nstops(const struct po_form *f);
struct stop po_stop(const struct po_form *f, size_t i);
size_t po_first_of_page(const struct po_form *f, int page);
/* The one-line field of stop i, or NULL (kind selector, button, editor). */
struct field *po_field(struct po_form *f, size_t i);
/* Adds an empty partner row (the caller checks PARTNERS_MAX). */
void po_partner_add(struct po_form *f);
/* Removes partner row i. */
void po_partner_remove(struct po_form *f, size_t i);

/* Fills the fields from a stored pre-order. */
void po_fill_from(struct po_form *f, const struct preorder *po);
/* Fills the fields, focus and cursor from the person's draft. */
void po_fill_from_draft(struct po_form *f, const struct draft *d);

/* Writes the whole form to the draft (message line on failure). */
void po_draft_put(struct tui *t, struct po_form *f);
/* Writes the focused field (and focus, cursor) to the draft: one small write. */
void po_draft_field(struct tui *t, struct po_form *f);
/* The person's draft of the form; RC_NOTFOUND if none. Caller draft_clear()s *d. */
int po_draft_get(struct tui *t, struct draft *d);
/* The draft's "_mode" is "amend" for pre-order id. */
bool po_draft_is_amend(const struct draft *d, uint64_t id);

/* Checks stop i; RC_OK, or RC_INVALID with the reason on the message line. */
int po_check_stop(struct tui *t, struct po_form *f, size_t i);
/*
 * Builds the pre-order from the fields into *out; RC_INVALID moves the
 * focus to the first bad field, with the reason on the message line.
 */
int po_build(struct tui *t, struct po_form *f, struct preorder *out);
/*
 * A brouillon's fields complete enough to file (core's
 * preorder_check_complete_part on p, built by po_build): RC_OK, or
 * RC_INVALID with the focus on the first field refused and the reason on
 * the message line.
 */
int po_check_complete(struct tui *t, struct po_form *f, const struct preorder *p);
/* The estimated total of the quantities typed, and each lot's line. */
cents_t po_total(struct po_form *f, cents_t line[LOT_COUNT]);
/*
 * The table of lots from row y0: quantities (editable fields when
 * `editable`), unit prices, lines, the total against the cap, and the
 * « PLAFOND DÉPASSÉ » warning in words and reverse video.
 */
void po_draw_lots(struct tui *t, struct po_form *f, int y0, bool editable);
/*
 * When the préfecture asked a complement on po that still waits for the
 * applicant (uc_complement_pending): the French prompt saying what it asked
 * and how to file again (fresh, caller frees; it quotes the préfecture's
 * text: draw it as user text). NULL otherwise.
 */
char *po_complement_prompt(struct tui *t, const struct preorder *po);

#endif
