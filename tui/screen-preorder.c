/*
 * screen-preorder.c — « Mon intention de commande »: the pre-order form of
 * a collectivité or France Services structure on three pages (lots, staff
 * and contact; partner structures; motivation), the confirmation before
 * submitting, the read-only view of a submitted file with « Modifier les
 * quantités » and « Abandonner ». Every change to a field is written to the
 * person's draft at once (core's uc_draft_field: one small transaction), so
 * a dropped link loses nothing; the draft remembers the field and cursor.
 * Rules (caps, states, versions) are core's: this screen only asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/preorder-form.h"
#include "tui/editor.h"
#include "tui/field.h"
#include "tui/screen.h"

enum po_mode {
	PM_EDIT,            /* filling a brouillon */
	PM_CONFIRM,         /* « Déposer ? » summary */
	PM_VIEW,            /* submitted: read only */
	PM_AMEND,           /* changing the quantities of a submitted file */
	PM_ABANDON,         /* « Abandonner ? » */
	PM_CONFIG,          /* minimum configuration of a lot, over the form */
	PM_STALE,           /* who changed the file since it was read, over the form */
};

enum stop_kind { SK_QTY, SK_STAFF, SK_CONTACT, SK_PNAME, SK_PKIND, SK_PADD, SK_MOTIV };

struct stop {
	enum stop_kind kind;
	size_t idx;
	int page;
};

#define NSTAFF 3
#define NCONTACT 4
#define PAGES 3
#define PARTNER_ROWS 12
#define MOTIV_TOP 5
#define MOTIV_ROWS 14
#define QTY_DIGITS 5

static const char *const staff_labels[NSTAFF] = {
	"Conseillers numériques France Services",
	"Autres médiateurs numériques",
	"Autres aidants (accueil, secrétariat…)",
};
static const char *const contact_labels[NCONTACT] = {
	"Nom", "Fonction", "Courriel", "Téléphone",
};
static const size_t contact_max[NCONTACT] = { PERSON_MAX, PERSON_MAX, EMAIL_MAX, PHONE_MAX };
static const char *const page_titles[PAGES] = {
	"Lots, équipe, contact", "Structures partenaires", "Motivation",
};

struct po_state {
	struct actor actor;
	struct uc uc;
	struct settings set;
	struct preorder po;              /* as stored (po.id 0: none yet) */
	uint64_t base_version;           /* the version the person's typing starts from */
	enum po_mode mode, back_mode;
	struct field qty[LOT_COUNT];
	struct field staff[NSTAFF];
	struct field contact[NCONTACT];
	size_t np;
	struct field pname[PARTNERS_MAX];
	enum partner_kind pkind[PARTNERS_MAX];
	struct editor motiv;
	size_t focus;
	size_t ptop;                     /* first partner row shown */
	int config_lot;
	bool draft_exists;
	char *stale;                     /* PM_STALE: core's message, owned */
};

/* ---- focus stops ---- */

static size_t po_nstops(const struct po_state *s)
{
	if (s->mode == PM_AMEND)
		return LOT_COUNT;
	return LOT_COUNT + NSTAFF + NCONTACT + 2 * s->np + 1 + 1;
}

static struct stop po_stop(const struct po_state *s, size_t i)
{
	struct stop st = { SK_QTY, 0, 0 };

	if (i < LOT_COUNT)
		return (struct stop){ SK_QTY, i, 0 };
	i -= LOT_COUNT;
	if (i < NSTAFF)
		return (struct stop){ SK_STAFF, i, 0 };
	i -= NSTAFF;
	if (i < NCONTACT)
		return (struct stop){ SK_CONTACT, i, 0 };
	i -= NCONTACT;
	if (i < 2 * s->np)
		return (struct stop){ i % 2 ? SK_PKIND : SK_PNAME, i / 2, 1 };
	i -= 2 * s->np;
	if (i == 0)
		return (struct stop){ SK_PADD, 0, 1 };
	if (i == 1)
		return (struct stop){ SK_MOTIV, 0, 2 };
	return st;
}

static size_t po_first_of_page(const struct po_state *s, int page)
{
	for (size_t i = 0; i < po_nstops(s); i++)
		if (po_stop(s, i).page == page)
			return i;
	return 0;
}

/* The one-line field of stop i, or NULL (kind selector, button, editor). */
static struct field *po_field(struct po_state *s, size_t i)
{
	struct stop st = po_stop(s, i);

	switch (st.kind) {
	case SK_QTY: return &s->qty[st.idx];
	case SK_STAFF: return &s->staff[st.idx];
	case SK_CONTACT: return &s->contact[st.idx];
	case SK_PNAME: return &s->pname[st.idx];
	default: return NULL;
	}
}

/* The draft name of stop i ("qty.0", "motivation"…) into buf. */
static const char *po_name(const struct po_state *s, size_t i, char *buf, size_t cap)
{
	struct stop st = po_stop(s, i);
	static const char *const prefix[] = {
		[SK_QTY] = "qty", [SK_STAFF] = "staff", [SK_CONTACT] = "contact",
		[SK_PNAME] = "pname", [SK_PKIND] = "pkind", [SK_PADD] = "_padd",
		[SK_MOTIV] = "motivation",
	};

	if (st.kind == SK_MOTIV || st.kind == SK_PADD)
		snprintf(buf, cap, "%s", prefix[st.kind]);
	else
		snprintf(buf, cap, "%s.%zu", prefix[st.kind], st.idx);
	return buf;
}

/* ---- values ---- */

static char *po_value(struct po_state *s, size_t i)
{
	struct stop st = po_stop(s, i);
	struct field *f = po_field(s, i);

	if (f != NULL)
		return field_utf8(f);
	if (st.kind == SK_PKIND)
		return xstrdup(partner_kind_name(s->pkind[st.idx]));
	if (st.kind == SK_MOTIV)
		return editor_utf8(&s->motiv);
	return xstrdup("");
}

static uint32_t po_cursor(struct po_state *s, size_t i)
{
	struct field *f = po_field(s, i);

	if (f != NULL)
		return (uint32_t)f->cur;
	if (po_stop(s, i).kind == SK_MOTIV)
		return (uint32_t)s->motiv.cur;
	return 0;
}

static void po_set_u32(struct field *f, uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%u", v);
	field_set_utf8(f, v == 0 ? "" : buf);
}

static void po_partner_init(struct po_state *s, size_t i)
{
	field_init(&s->pname[i], FIELD_TEXT, PARTNER_NAME_MAX, false, false);
	s->pkind[i] = PARTNER_ASSOCIATION;
}

/* Fills the fields from a stored pre-order. */
static void po_fill_from(struct po_state *s, const struct preorder *po)
{
	const char *c[NCONTACT] = { po->contact.name, po->contact.function, po->contact.email,
		                    po->contact.phone };

	for (int l = 0; l < LOT_COUNT; l++)
		po_set_u32(&s->qty[l], po->qty[l]);
	po_set_u32(&s->staff[0], po->staff_cnfs);
	po_set_u32(&s->staff[1], po->staff_mediateurs);
	po_set_u32(&s->staff[2], po->staff_aidants);
	for (int i = 0; i < NCONTACT; i++)
		field_set_utf8(&s->contact[i], c[i]);
	for (size_t i = 0; i < s->np; i++)
		field_free(&s->pname[i]);
	s->np = po->npartners <= PARTNERS_MAX ? po->npartners : 0;
	for (size_t i = 0; i < s->np; i++) {
		po_partner_init(s, i);
		field_set_utf8(&s->pname[i], po->partners[i].name);
		s->pkind[i] = po->partners[i].kind;
	}
	editor_set_utf8(&s->motiv, po->motivation);
}

static uint32_t po_u32(const char *v)
{
	uint32_t n = 0;

	if (v != NULL && form_parse_count("", v, UINT32_MAX, &n, NULL) != RC_OK)
		n = 0;
	return n;
}

/* Fills the fields from the person's draft; returns the focus it had. */
static void po_fill_from_draft(struct po_state *s, const struct draft *d)
{
	char name[48];
	const char *v;
	size_t np = po_u32(draft_value(d, "_npartners"));

	for (size_t i = 0; i < s->np; i++)
		field_free(&s->pname[i]);
	s->np = np <= PARTNERS_MAX ? np : PARTNERS_MAX;
	for (size_t i = 0; i < s->np; i++)
		po_partner_init(s, i);
	for (size_t i = 0; i < po_nstops(s); i++) {
		struct stop st = po_stop(s, i);
		struct field *f = po_field(s, i);

		if ((v = draft_value(d, po_name(s, i, name, sizeof name))) == NULL)
			continue;
		if (f != NULL)
			field_set_utf8(f, v);
		else if (st.kind == SK_MOTIV)
			editor_set_utf8(&s->motiv, v);
		else if (st.kind == SK_PKIND)
			for (int k = 0; k < PARTNER_KIND_COUNT; k++)
				if (strcmp(v, partner_kind_name((enum partner_kind)k)) == 0)
					s->pkind[st.idx] = (enum partner_kind)k;
	}
	if (d->focus < po_nstops(s)) {
		struct field *f = po_field(s, d->focus);

		s->focus = d->focus;
		if (f != NULL)
			f->cur = d->cursor <= f->len ? d->cursor : f->len;
		else if (po_stop(s, d->focus).kind == SK_MOTIV)
			editor_set_cursor(&s->motiv, d->cursor);
	}
}

/* The whole form as a draft (caller draft_clear()s d). */
static void po_draft_build(struct po_state *s, struct draft *d)
{
	char name[48];

	memset(d, 0, sizeof *d);
	strlcpy_(d->form, PREORDER_FORM, sizeof d->form);
	d->object_id = s->po.id;
	d->focus = (uint32_t)s->focus;
	d->cursor = po_cursor(s, s->focus);
#define PO_DRAFT_ADD(n, v) \
	do { \
		strlcpy_(d->fields[d->nfields].name, (n), sizeof d->fields[0].name); \
		d->fields[d->nfields++].value = (v); \
	} while (0)
	PO_DRAFT_ADD("_id", xasprintf("%llu", (unsigned long long)s->po.id));
	PO_DRAFT_ADD("_version", xasprintf("%llu", (unsigned long long)s->base_version));
	PO_DRAFT_ADD("_mode", xstrdup(s->mode == PM_AMEND ? "amend" : "edit"));
	PO_DRAFT_ADD("_npartners", xasprintf("%zu", s->np));
	for (size_t i = 0; i < po_nstops(s) && d->nfields < DRAFT_FIELDS_MAX; i++) {
		struct stop st = po_stop(s, i);

		if (st.kind == SK_PADD)
			continue;
		PO_DRAFT_ADD(po_name(s, i, name, sizeof name), po_value(s, i));
	}
#undef PO_DRAFT_ADD
}

static void po_draft_put(struct tui *t, struct po_state *s)
{
	struct draft d;
	char *why = NULL;

	po_draft_build(s, &d);
	if (uc_draft_put(&s->uc, &d, &why) != RC_OK)
		tui_msg(t, MSG_ERROR, "%s", why ? why : "brouillon non enregistré.");
	else
		s->draft_exists = true;
	draft_clear(&d);
	free(why);
}

/* Writes the focused field to the draft: one small transaction. */
static void po_draft_field(struct tui *t, struct po_state *s)
{
	char name[48], *v, *why = NULL;

	if (!s->draft_exists) {
		po_draft_put(t, s);
		return;
	}
	v = po_value(s, s->focus);
	po_name(s, s->focus, name, sizeof name);
	if (uc_draft_field(&s->uc, PREORDER_FORM, name, v, (uint32_t)s->focus,
	                   po_cursor(s, s->focus), &why) != RC_OK)
		tui_msg(t, MSG_ERROR, "%s", why ? why : "brouillon non enregistré.");
	free(v);
	free(why);
}

/* ---- checks ---- */

/* Checks stop i; RC_OK or RC_INVALID with the reason on the message line. */
static int po_check_stop(struct tui *t, struct po_state *s, size_t i)
{
	struct stop st = po_stop(s, i);
	char *v = po_value(s, i), *why = NULL, label[160];
	uint32_t n;
	int rc = RC_OK;

	switch (st.kind) {
	case SK_QTY:
		snprintf(label, sizeof label, "Lot « %s »", lot_label((enum lot)st.idx));
		rc = form_parse_count(label, v, PREORDER_QTY_MAX, &n, &why);
		break;
	case SK_STAFF:
		rc = form_parse_count(staff_labels[st.idx], v, STAFF_MAX, &n, &why);
		break;
	case SK_CONTACT:
		snprintf(label, sizeof label, "Contact, %s", contact_labels[st.idx]);
		rc = form_check_line(label, v, contact_max[st.idx], contact_max[st.idx], st.idx == 2,
		                     &why);
		break;
	case SK_PNAME:
		snprintf(label, sizeof label, "Structure partenaire n° %zu", st.idx + 1);
		rc = form_check_line(label, v, PARTNER_NAME_MAX, PARTNER_NAME_BYTES, false, &why);
		break;
	case SK_MOTIV:
		rc = form_check_motivation(v, &why);
		break;
	default:
		break;
	}
	if (rc != RC_OK)
		tui_msg(t, MSG_ERROR, "%s", why ? why : "saisie invalide.");
	free(v);
	free(why);
	return rc;
}

/* Builds the pre-order content from the form; RC_INVALID moves the focus to the bad field. */
static int po_build(struct tui *t, struct po_state *s, struct preorder *out)
{
	char *v;
	char *why = NULL;

	for (size_t i = 0; i < po_nstops(s); i++)
		if (po_check_stop(t, s, i) != RC_OK) {
			s->focus = i;
			return RC_INVALID;
		}
	*out = s->po;
	out->version = s->base_version;
	for (int l = 0; l < LOT_COUNT; l++) {
		v = field_utf8(&s->qty[l]);
		out->qty[l] = po_u32(v);
		free(v);
	}
	if (s->mode == PM_AMEND)
		return RC_OK;
	v = field_utf8(&s->staff[0]);
	out->staff_cnfs = po_u32(v);
	free(v);
	v = field_utf8(&s->staff[1]);
	out->staff_mediateurs = po_u32(v);
	free(v);
	v = field_utf8(&s->staff[2]);
	out->staff_aidants = po_u32(v);
	free(v);
	{
		char *c[NCONTACT];

		for (int i = 0; i < NCONTACT; i++)
			c[i] = field_utf8(&s->contact[i]);
		strlcpy_(out->contact.name, c[0], sizeof out->contact.name);
		strlcpy_(out->contact.function, c[1], sizeof out->contact.function);
		strlcpy_(out->contact.email, c[2], sizeof out->contact.email);
		strlcpy_(out->contact.phone, c[3], sizeof out->contact.phone);
		for (int i = 0; i < NCONTACT; i++)
			free(c[i]);
	}
	out->npartners = s->np;
	for (size_t i = 0; i < s->np; i++) {
		v = field_utf8(&s->pname[i]);
		strlcpy_(out->partners[i].name, v, sizeof out->partners[i].name);
		free(v);
		out->partners[i].kind = s->pkind[i];
	}
	v = editor_utf8(&s->motiv);
	strlcpy_(out->motivation, v, sizeof out->motivation);
	free(v);
	if (preorder_check_fields(out, &why) != RC_OK) {
		tui_msg(t, MSG_ERROR, "%s", why ? why : "saisie invalide.");
		free(why);
		return RC_INVALID;
	}
	return RC_OK;
}

/* The estimated total of the quantities typed (0 when something is unreadable). */
static cents_t po_total(struct po_state *s, cents_t line[LOT_COUNT])
{
	uint32_t q[LOT_COUNT];
	cents_t total = 0;

	for (int l = 0; l < LOT_COUNT; l++) {
		char *v = field_utf8(&s->qty[l]);

		q[l] = po_u32(v);
		free(v);
		if (q[l] > PREORDER_QTY_MAX || !cents_mul(s->set.lots[l].unit_price, q[l], &line[l]))
			line[l] = 0;
		if (!cents_add(total, line[l], &total))
			total = CENTS_MAX;
	}
	return total;
}

/* ---- loading ---- */

static void po_reload(struct tui *t, struct po_state *s)
{
	char *why = NULL;

	if (s->po.id != 0 && uc_preorder_get(&s->uc, s->po.id, &s->po, &why) != RC_OK)
		tui_msg(t, MSG_ERROR, "%s", why ? why : "lecture impossible.");
	free(why);
}

static int screen_preorder_enter(struct tui *t)
{
	struct po_state *s = xcalloc(1, sizeof *s);
	struct draft d;
	char *why = NULL;
	uint64_t id = 0;
	int rc;

	t->state[SCREEN_PREORDER] = s;
	for (int l = 0; l < LOT_COUNT; l++)
		field_init(&s->qty[l], FIELD_DIGITS, QTY_DIGITS, false, false);
	for (int i = 0; i < NSTAFF; i++)
		field_init(&s->staff[i], FIELD_DIGITS, QTY_DIGITS, false, false);
	for (int i = 0; i < NCONTACT; i++)
		field_init(&s->contact[i], FIELD_TEXT, contact_max[i], false, false);
	editor_init(&s->motiv, MOTIVATION_MAX);
	editor_layout(&s->motiv, COLS - 4, MOTIV_ROWS);
	if ((rc = uc_actor_load(t->st, t->acct.id, &s->actor, &why)) != RC_OK)
		goto out;
	s->uc.st = t->st;
	s->uc.actor = &s->actor;
	if ((rc = uc_settings_get(&s->uc, &s->set, &why)) != RC_OK)
		goto out;
	rc = uc_preorder_current(&s->uc, false, &s->po, &why);
	if (rc == RC_NOTFOUND || (rc == RC_OK && (s->po.state == PO_NON_RETENUE))) {
		/* A new file: the brouillon is made now, with the organisation's contact. */
		if ((rc = uc_preorder_create(&s->uc, &id, &why)) != RC_OK)
			goto out;
		rc = uc_preorder_get(&s->uc, id, &s->po, &why);
	}
	if (rc != RC_OK)
		goto out;
	s->base_version = s->po.version;
	s->mode = s->po.state == PO_BROUILLON ? PM_EDIT : PM_VIEW;
	po_fill_from(s, &s->po);
	memset(&d, 0, sizeof d);
	if (uc_draft_get(&s->uc, PREORDER_FORM, &d, NULL) == RC_OK) {
		const char *mode = draft_value(&d, "_mode");
		uint64_t did = strtoull(draft_value(&d, "_id") ? draft_value(&d, "_id") : "0", NULL,
		                        10);
		bool amend = mode != NULL && strcmp(mode, "amend") == 0;

		s->draft_exists = true;
		if (did == s->po.id && ((s->mode == PM_EDIT && !amend) ||
		                        (s->mode == PM_VIEW && amend &&
		                         (s->po.state == PO_DEPOSEE ||
		                          s->po.state == PO_EN_INSTRUCTION)))) {
			s->base_version = strtoull(draft_value(&d, "_version") ?
			                           draft_value(&d, "_version") : "0", NULL, 10);
			if (amend)
				s->mode = PM_AMEND;
			po_fill_from_draft(s, &d);
			tui_msg(t, MSG_INFO, "Brouillon repris là où vous étiez (enregistré à "
			                     "chaque frappe).");
		}
	}
	draft_clear(&d);
	rc = RC_OK;
out:
	if (rc != RC_OK) {
		tui_msg(t, MSG_ERROR, "%s", why ? why : "intention de commande indisponible.");
		s->mode = PM_VIEW;
		s->po.id = 0;
		rc = RC_OK;
	}
	free(why);
	return rc;
}

static void screen_preorder_leave(struct tui *t)
{
	struct po_state *s = t->state[SCREEN_PREORDER];

	if (s == NULL)
		return;
	for (int l = 0; l < LOT_COUNT; l++)
		field_free(&s->qty[l]);
	for (int i = 0; i < NSTAFF; i++)
		field_free(&s->staff[i]);
	for (int i = 0; i < NCONTACT; i++)
		field_free(&s->contact[i]);
	for (size_t i = 0; i < s->np; i++)
		field_free(&s->pname[i]);
	editor_free(&s->motiv);
	free(s->stale);
	free(s);
	t->state[SCREEN_PREORDER] = NULL;
}

/* ---- drawing ---- */

static void po_marker(int y, bool focused)
{
	draw_text(y, 0, focused ? "▸" : " ", 1, false);
}

static void po_draw_money(int y, int x, int w, cents_t c)
{
	char buf[48];
	int cw;

	cents_format(c, buf, sizeof buf);
	cw = draw_width(buf);
	draw_text(y, x + (w > cw ? w - cw : 0), buf, w, false);
}

/* Lines, total and cap: shared by the form, the confirmation and the view. */
static void po_draw_lots(struct tui *t, struct po_state *s, int y0, bool editable)
{
	cents_t line[LOT_COUNT], total = po_total(s, line);
	char a[48], b[48], *txt;

	draw_text(y0, 2, "Lot", 18, false);
	draw_text(y0, 20, "Quantité", 10, false);
	draw_text(y0, 32, "Prix unit. HT", 16, false);
	draw_text(y0, 56, "Total HT", 20, false);
	for (int l = 0; l < LOT_COUNT; l++) {
		int y = y0 + 1 + l;
		bool foc = editable && s->focus == (size_t)l;

		po_marker(y, foc);
		draw_text(y, 2, lot_label((enum lot)l), 17, false);
		if (editable) {
			field_draw(&s->qty[l], stdscr, y, 20, QTY_DIGITS + 1, foc, &t->cur_y, &t->cur_x);
		} else {
			char *v = field_utf8(&s->qty[l]);

			draw_text(y, 20, v[0] ? v : "0", 8, false);
			free(v);
		}
		po_draw_money(y, 32, 13, s->set.lots[l].unit_price);
		po_draw_money(y, 52, 14, line[l]);
	}
	txt = xasprintf("Total estimé : %s HT   Plafond : %s HT", cents_format(total, a, sizeof a),
	                cents_format(s->set.expense_cap, b, sizeof b));
	draw_text(y0 + 6, 2, txt, COLS - 4, false);
	free(txt);
	if (total > s->set.expense_cap) {
		txt = xasprintf("!! PLAFOND DÉPASSÉ de %s : réduisez les quantités !!",
		                cents_format(total - s->set.expense_cap, a, sizeof a));
		attrset(A_REVERSE | A_BOLD);
		draw_text(y0 + 7, 2, txt, COLS - 4, false);
		attrset(A_NORMAL);
		free(txt);
	}
}

static void po_draw_page0(struct tui *t, struct po_state *s)
{
	bool amend = s->mode == PM_AMEND;

	po_draw_lots(t, s, 3, true);
	if (amend)
		return;
	draw_text(12, 2, "Personnes que le matériel servira :", COLS - 4, false);
	for (int i = 0; i < NSTAFF; i++) {
		size_t stop = LOT_COUNT + (size_t)i;

		po_marker(13 + i, s->focus == stop);
		draw_text(13 + i, 2, staff_labels[i], 42, false);
		field_draw(&s->staff[i], stdscr, 13 + i, 46, QTY_DIGITS + 1, s->focus == stop,
		           &t->cur_y, &t->cur_x);
	}
	draw_text(17, 2, "Personne à contacter :", COLS - 4, false);
	for (int i = 0; i < NCONTACT; i++) {
		size_t stop = LOT_COUNT + NSTAFF + (size_t)i;

		po_marker(18 + i, s->focus == stop);
		draw_text(18 + i, 2, contact_labels[i], 12, false);
		field_draw_aligned(&s->contact[i], stdscr, 18 + i, 16, 50, s->focus == stop,
		                   &t->cur_y, &t->cur_x);
	}
}

static void po_draw_page1(struct tui *t, struct po_state *s)
{
	struct stop cur = po_stop(s, s->focus);
	size_t first = LOT_COUNT + NSTAFF + NCONTACT;
	char *txt = xasprintf("Structures auxquelles le matériel sera prêté (%zu sur %d au plus) :",
	                      s->np, PARTNERS_MAX);
	int y = 4;

	draw_text(3, 2, txt, COLS - 4, false);
	free(txt);
	if (cur.kind == SK_PNAME || cur.kind == SK_PKIND) {
		if (cur.idx < s->ptop)
			s->ptop = cur.idx;
		if (cur.idx >= s->ptop + PARTNER_ROWS)
			s->ptop = cur.idx - PARTNER_ROWS + 1;
	}
	for (size_t i = s->ptop; i < s->np && i < s->ptop + PARTNER_ROWS; i++, y++) {
		size_t sn = first + 2 * i, sk = sn + 1;
		char num[24], *kind;

		snprintf(num, sizeof num, "%2zu.", i + 1);
		po_marker(y, s->focus == sn || s->focus == sk);
		draw_text(y, 2, num, 4, false);
		field_draw(&s->pname[i], stdscr, y, 6, 50, s->focus == sn, &t->cur_y, &t->cur_x);
		kind = xasprintf("◂ %s ▸", partner_kind_label(s->pkind[i]));
		if (s->focus == sk) {
			attrset(A_REVERSE);
			t->cur_y = y;
			t->cur_x = 58;
		}
		draw_text(y, 58, kind, COLS - 59, false);
		attrset(A_NORMAL);
		free(kind);
	}
	y++;
	{
		size_t sa = first + 2 * s->np;

		po_marker(y, s->focus == sa);
		if (s->focus == sa)
			attrset(A_REVERSE);
		draw_text(y, 2, "[ Ajouter une structure partenaire ]", 40, false);
		attrset(A_NORMAL);
		if (s->focus == sa) {
			t->cur_y = y;
			t->cur_x = 4;
		}
	}
	draw_text(19, 2, "Le matériel reste à la collectivité, qui peut le prêter à ces structures.",
	          COLS - 4, false);
}

static void po_draw_page2(struct tui *t, struct po_state *s)
{
	size_t n = s->motiv.len;
	char *txt;
	bool foc = po_stop(s, s->focus).kind == SK_MOTIV;

	draw_text(3, 2, "Motivation (obligatoire) : qui le matériel servira, pour quels publics.",
	          COLS - 4, false);
	po_marker(MOTIV_TOP, foc);
	editor_draw(&s->motiv, MOTIV_TOP, 2, COLS - 4, MOTIV_ROWS, foc, &t->cur_y, &t->cur_x);
	if (n < MOTIVATION_MIN)
		txt = xasprintf("%zu / %d caractères — encore %zu au minimum", n, MOTIVATION_MAX,
		                (size_t)MOTIVATION_MIN - n);
	else
		txt = xasprintf("%zu / %d caractères", n, MOTIVATION_MAX);
	draw_text(MOTIV_TOP + MOTIV_ROWS + 1, 2, txt, COLS - 4, false);
	free(txt);
}

static void po_draw_confirm(struct tui *t, struct po_state *s)
{
	char *txt;

	draw_text(2, 2, s->mode == PM_AMEND || s->back_mode == PM_AMEND
	                ? "Confirmez les nouvelles quantités :"
	                : "Vous allez déposer cette intention de commande :", COLS - 4, false);
	po_draw_lots(t, s, 4, false);
	{
		char *a = field_utf8(&s->staff[0]), *b = field_utf8(&s->staff[1]),
		     *c = field_utf8(&s->staff[2]);

		txt = xasprintf("Personnes servies : %s conseiller(s), %s médiateur(s), %s aidant(s).",
		                a[0] ? a : "0", b[0] ? b : "0", c[0] ? c : "0");
		free(a);
		free(b);
		free(c);
	}
	draw_text(13, 2, txt, COLS - 4, false);
	free(txt);
	txt = xasprintf("Structures partenaires : %zu.", s->np);
	draw_text(14, 2, txt, COLS - 4, false);
	free(txt);
	txt = xasprintf("Motivation : %zu caractères.", s->motiv.len);
	draw_text(15, 2, txt, COLS - 4, false);
	free(txt);
	attrset(A_BOLD);
	draw_text(17, 2, "Confirmer ? o/Entrée : oui    n/F3/^B : non, revenir au formulaire",
	          COLS - 4, false);
	attrset(A_NORMAL);
}

static void po_draw_view(struct tui *t, struct po_state *s)
{
	char d[32], *txt, **lines = NULL;
	size_t n = 0;

	if (s->po.id == 0)
		return;
	txt = xasprintf("Intention de commande n° %llu — %s (version %llu)",
	                (unsigned long long)s->po.id, preorder_state_label(s->po.state),
	                (unsigned long long)s->po.version);
	attrset(A_BOLD);
	draw_text(2, 2, txt, COLS - 4, false);
	attrset(A_NORMAL);
	free(txt);
	po_draw_lots(t, s, 4, false);
	txt = xasprintf("Personnes servies : %u conseiller(s), %u médiateur(s), %u aidant(s).",
	                s->po.staff_cnfs, s->po.staff_mediateurs, s->po.staff_aidants);
	draw_text(12, 2, txt, COLS - 4, false);
	free(txt);
	txt = xasprintf("Structures partenaires : %zu.", s->po.npartners);
	draw_text(13, 2, txt, COLS - 4, false);
	free(txt);
	if (s->po.submitted_at != 0) {
		txt = xasprintf("Déposée le %s", day_format(day_of_instant(s->po.submitted_at), d,
		                                              sizeof d));
		draw_text(14, 2, txt, COLS - 4, false);
		free(txt);
	}
	draw_text(15, 2, "Motivation :", 14, false);
	wrap_text(s->po.motivation, COLS - 6, &lines, &n);
	for (size_t i = 0; i < n && i < 4; i++)
		draw_user(16 + (int)i, 4, lines[i], COLS - 6, false);
	wrap_free(lines, n);
	if (s->mode == PM_ABANDON) {
		attrset(A_BOLD);
		draw_text(20, 2, "Abandonner cette intention de commande ? o : oui   n/F3/^B : non",
		          COLS - 4, false);
		attrset(A_NORMAL);
	}
}

static void po_draw_config(struct po_state *s)
{
	char *txt = xasprintf("Configuration minimale — %s\n\n%s", lot_label((enum lot)s->config_lot),
	                      s->set.lots[s->config_lot].min_config);
	char *clean = text_sanitize(txt, true);

	draw_help_panel(clean);
	free(clean);
	free(txt);
}

static void screen_preorder_draw(struct tui *t)
{
	struct po_state *s = t->state[SCREEN_PREORDER];
	int page = po_stop(s, s->focus).page;
	char *title;
	bool can_amend = s->po.state == PO_DEPOSEE || s->po.state == PO_EN_INSTRUCTION;

	switch (s->mode) {
	case PM_EDIT:
	case PM_AMEND:
	case PM_CONFIG:
		/* At most 70 columns: with « recond — » before it, it fits 80. */
		title = xasprintf("Intention de commande — %s — page %d/%d : %s",
		                  s->mode == PM_AMEND ? "modification" : "brouillon",
		                  s->mode == PM_AMEND ? 1 : page + 1, s->mode == PM_AMEND ? 1 : PAGES,
		                  s->mode == PM_AMEND ? "quantités" : page_titles[page]);
		draw_title(t, title);
		free(title);
		if (page == 0)
			po_draw_page0(t, s);
		else if (page == 1)
			po_draw_page1(t, s);
		else
			po_draw_page2(t, s);
		if (s->mode == PM_AMEND)
			draw_help_line(" F1/^G Aide  Tab Champ  F4/^O Config.  F5/^D Valider  "
			               "F3/^B Retour");
		else if (page == 0)
			draw_help_line(" F1/^G Aide F2/^W Enreg. F4/^O Config. F5/^D Déposer "
			               "F6/^F Page F3/^B Retour");
		else if (page == 1)
			draw_help_line(" F2/^W Enreg. F5/^D Déposer F6/^F Page F7/^T Ajouter "
			               "F8/^Y Retirer F3/^B Retour");
		else
			draw_help_line(" F1/^G Aide  F2/^W Enreg.  F5/^D Déposer  F6/^F Page  "
			               "F3/^B Retour");
		if (s->mode == PM_CONFIG) {
			po_draw_config(s);
			t->cur_y = -1;
		}
		break;
	case PM_STALE: {
		char *clean = text_sanitize(s->stale != NULL ? s->stale : "", true);

		draw_title(t, "Mon intention de commande — dossier modifié entre-temps");
		draw_help_panel(clean);
		free(clean);
		draw_help_line(" Une touche : revenir à vos saisies");
		t->cur_y = -1;
		break;
	}
	case PM_CONFIRM:
		draw_title(t, "Mon intention de commande — confirmation");
		po_draw_confirm(t, s);
		draw_help_line(" o/Entrée Confirmer   n/F3/^B Revenir");
		t->cur_y = -1;
		break;
	case PM_VIEW:
	case PM_ABANDON:
		draw_title(t, "Mon intention de commande");
		po_draw_view(t, s);
		if (can_amend)
			draw_help_line(" F1/^G Aide  F5/^D Modifier les quantités  F9/^R Abandonner  "
			               "F3/^B Retour");
		else
			draw_help_line(" F1/^G Aide  F3/^B Retour");
		t->cur_y = -1;
		break;
	}
}

/* ---- actions ---- */

static bool po_key_is(struct tui_key k, int fkey, int ctrl)
{
	return (k.fn && k.code == (wint_t)KEY_F(fkey)) || (!k.fn && k.code == (wint_t)TUI_CTRL(ctrl));
}

/*
 * The file changed since the person read it: core's message (who changed
 * what, from the audit log) in a panel over the form; what the person
 * typed stays, and now applies to the version just read.
 */
static void po_stale(struct tui *t, struct po_state *s, const char *why, enum po_mode back)
{
	free(s->stale);
	s->stale = xasprintf("%s\n\nVos saisies sont conservées : %s à nouveau pour les "
	                     "appliquer à cette version.", why != NULL ? why : "",
	                     back == PM_AMEND ? "validez" : "enregistrez");
	po_reload(t, s);
	s->base_version = s->po.version;
	po_draft_put(t, s);
	s->back_mode = back;
	s->mode = PM_STALE;
	tui_msg(t, MSG_ERROR, "dossier modifié entre-temps : vos saisies sont conservées.");
}

/* Saves the brouillon's content (F2); RC_OK, or the reason on the message line. */
static int po_save(struct tui *t, struct po_state *s, bool quiet)
{
	struct preorder *p = xmalloc(sizeof *p);
	char *why = NULL;
	int rc;

	if ((rc = po_build(t, s, p)) != RC_OK)
		goto out;
	rc = uc_preorder_edit(&s->uc, p, &why);
	if (rc == RC_STALE) {
		po_stale(t, s, why, PM_EDIT);
		goto out;
	}
	if (rc != RC_OK) {
		tui_msg(t, MSG_ERROR, "%s", why ? why : "enregistrement impossible.");
		goto out;
	}
	po_reload(t, s);
	s->base_version = s->po.version;
	po_draft_put(t, s);
	if (!quiet)
		tui_msg(t, MSG_INFO, "Brouillon enregistré (version %llu).",
		        (unsigned long long)s->po.version);
out:
	free(p);
	free(why);
	return rc;
}

static void po_after_done(struct tui *t, struct po_state *s, const char *what)
{
	char *why = NULL;

	if (uc_draft_drop(&s->uc, PREORDER_FORM, &why) != RC_OK)
		log_warn("draft not removed: %s", why ? why : "?");
	free(why);
	s->draft_exists = false;
	po_reload(t, s);
	s->base_version = s->po.version;
	po_fill_from(s, &s->po);
	s->mode = PM_VIEW;
	s->focus = 0;
	tui_msg(t, MSG_INFO, "%s", what);
}

static void po_submit(struct tui *t, struct po_state *s)
{
	char *why = NULL, d[32];
	int rc;

	if (s->back_mode == PM_AMEND) {
		struct preorder *p = xmalloc(sizeof *p);

		if ((rc = po_build(t, s, p)) == RC_OK)
			rc = uc_preorder_amend(&s->uc, s->po.id, s->base_version, p->qty, &why);
		free(p);
		if (rc == RC_OK) {
			po_after_done(t, s, "Quantités modifiées : la préfecture voit la nouvelle "
			                    "version.");
			goto out;
		}
		s->mode = PM_AMEND;
		if (rc == RC_STALE) {
			po_stale(t, s, why, PM_AMEND);
		} else if (why != NULL) {
			tui_msg(t, MSG_ERROR, "%s", why);
		}
		goto out;
	}
	s->mode = PM_EDIT;
	if (po_save(t, s, true) != RC_OK)
		goto out;
	rc = uc_preorder_submit(&s->uc, s->po.id, s->base_version, &why);
	if (rc != RC_OK) {
		tui_msg(t, MSG_ERROR, "%s", why ? why : "dépôt impossible.");
		goto out;
	}
	po_after_done(t, s, "");
	tui_msg(t, MSG_INFO, "Intention de commande déposée le %s : la préfecture va l'instruire.",
	        day_format(day_of_instant(s->po.submitted_at), d, sizeof d));
out:
	free(why);
}

static void po_abandon(struct tui *t, struct po_state *s)
{
	char *why = NULL;
	int rc = uc_preorder_abandon(&s->uc, s->po.id, s->base_version, NULL, &why);

	s->mode = PM_VIEW;
	if (rc == RC_OK) {
		po_after_done(t, s, "Intention de commande abandonnée.");
	} else {
		tui_msg(t, MSG_ERROR, "%s", why ? why : "abandon impossible.");
		po_reload(t, s);
		s->base_version = s->po.version;
	}
	free(why);
}

/* Moves the focus to stop `to` after checking the field left. */
static int po_move(struct tui *t, struct po_state *s, size_t to)
{
	if (to == s->focus)
		return SCR_HANDLED | SCR_REDRAW;
	if (po_check_stop(t, s, s->focus) != RC_OK)
		return SCR_HANDLED | SCR_REDRAW;
	tui_msg_clear(t);
	s->focus = to;
	po_draft_field(t, s);
	return SCR_HANDLED | SCR_REDRAW;
}

/*
 * After a key in the motivation: only the text is repainted (SCR_FIELD,
 * screen_preorder_update), and the character counter once the keys pause
 * (t->idle_paint), so that a typed character costs the terminal about one
 * byte; the counter follows every key near the cap, and any message
 * brings a whole paint. Other fields paint the whole screen.
 */
#define MOTIV_COUNT_LIVE 50   /* characters left under which the counter follows every key */
static int po_motiv_flags(struct tui *t, struct po_state *s, struct stop st)
{
	if (st.kind != SK_MOTIV || t->msg_kind == MSG_ERROR ||
	    s->motiv.len + MOTIV_COUNT_LIVE >= s->motiv.max)
		return SCR_HANDLED | SCR_REDRAW;
	t->idle_paint = true;
	return SCR_HANDLED | SCR_FIELD;
}

static void screen_preorder_update(struct tui *t)
{
	struct po_state *s = t->state[SCREEN_PREORDER];

	editor_update(&s->motiv, MOTIV_TOP, 2, COLS - 4, MOTIV_ROWS, &t->cur_y, &t->cur_x);
}

static int po_key_edit(struct tui *t, struct po_state *s, struct tui_key k)
{
	size_t n = po_nstops(s);
	struct stop st = po_stop(s, s->focus);
	struct field *f = po_field(s, s->focus);
	enum field_result r = FIELD_IGNORED;

	if (po_key_is(k, 2, 'w') && s->mode == PM_EDIT) {
		if (po_check_stop(t, s, s->focus) == RC_OK)
			po_save(t, s, false);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (po_key_is(k, 5, 'd')) {
		struct preorder *p = xmalloc(sizeof *p);
		int rc = po_build(t, s, p);
		cents_t line[LOT_COUNT];

		free(p);
		if (rc == RC_OK && po_total(s, line) > s->set.expense_cap) {
			char b[48];

			tui_msg(t, MSG_ERROR, "Le total dépasse le plafond de %s HT : réduisez les "
			                      "quantités avant de déposer.",
			        cents_format(s->set.expense_cap, b, sizeof b));
			s->focus = 0;
			rc = RC_INVALID;
		}
		if (rc == RC_OK) {
			tui_msg_clear(t);
			s->back_mode = s->mode;
			s->mode = PM_CONFIRM;
		}
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (po_key_is(k, 4, 'o') && st.kind == SK_QTY) {
		s->config_lot = (int)st.idx;
		s->back_mode = s->mode;
		s->mode = PM_CONFIG;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (po_key_is(k, 6, 'f') && s->mode == PM_EDIT)
		return po_move(t, s, po_first_of_page(s, (st.page + 1) % PAGES));
	if ((po_key_is(k, 7, 't') || (st.kind == SK_PADD && tui_key_enter(k))) &&
	    s->mode == PM_EDIT) {
		if (s->np >= PARTNERS_MAX) {
			tui_msg(t, MSG_ERROR, "%d structures partenaires au plus.", PARTNERS_MAX);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (po_check_stop(t, s, s->focus) != RC_OK)
			return SCR_HANDLED | SCR_REDRAW;
		po_partner_init(s, s->np);
		s->np++;
		s->focus = LOT_COUNT + NSTAFF + NCONTACT + 2 * (s->np - 1);
		po_draft_put(t, s);
		tui_msg_clear(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (po_key_is(k, 8, 'y') && s->mode == PM_EDIT) {
		size_t i;

		if (st.kind != SK_PNAME && st.kind != SK_PKIND) {
			tui_msg(t, MSG_ERROR, "Placez-vous sur la structure à retirer.");
			return SCR_HANDLED | SCR_REDRAW;
		}
		i = st.idx;
		field_free(&s->pname[i]);
		memmove(&s->pname[i], &s->pname[i + 1], (s->np - i - 1) * sizeof s->pname[0]);
		memmove(&s->pkind[i], &s->pkind[i + 1], (s->np - i - 1) * sizeof s->pkind[0]);
		s->np--;
		s->focus = LOT_COUNT + NSTAFF + NCONTACT + 2 * (i < s->np ? i : s->np);
		po_draft_put(t, s);
		tui_msg(t, MSG_INFO, "Structure partenaire retirée.");
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (tui_key_back(k)) {
		if (po_check_stop(t, s, s->focus) == RC_OK) {
			po_draft_field(t, s);
			t->next = SCREEN_HOME;
			if (s->mode == PM_AMEND) {
				s->mode = PM_VIEW;
				return SCR_HANDLED | SCR_REDRAW;
			}
			return SCR_HANDLED | SCR_SWITCH;
		}
		return SCR_HANDLED | SCR_REDRAW;
	}
	/* Moving between fields. */
	if ((!k.fn && k.code == '\t') || (k.fn && k.code == KEY_DOWN && st.kind != SK_MOTIV) ||
	    (tui_key_enter(k) && st.kind != SK_MOTIV && st.kind != SK_PADD))
		return po_move(t, s, (s->focus + 1) % n);
	if ((k.fn && k.code == KEY_BTAB) || (k.fn && k.code == KEY_UP && st.kind != SK_MOTIV))
		return po_move(t, s, (s->focus + n - 1) % n);
	if (st.kind == SK_PKIND) {
		int d = 0;

		if ((k.fn && k.code == KEY_RIGHT) || (!k.fn && k.code == ' '))
			d = 1;
		else if (k.fn && k.code == KEY_LEFT)
			d = PARTNER_KIND_COUNT - 1;
		if (d != 0) {
			s->pkind[st.idx] = (enum partner_kind)((s->pkind[st.idx] + d) % PARTNER_KIND_COUNT);
			po_draft_field(t, s);
			return SCR_HANDLED | SCR_REDRAW;
		}
		return SCR_IGNORED;
	}
	if (f != NULL)
		r = field_key(f, k.code, k.fn);
	else if (st.kind == SK_MOTIV)
		r = editor_key(&s->motiv, k.code, k.fn);
	switch (r) {
	case FIELD_CHANGED:
	case FIELD_FULL:
		if (t->msg_kind == MSG_ERROR)
			tui_msg_clear(t);
		po_draft_field(t, s);
		return po_motiv_flags(t, s, st);
	case FIELD_MOVED:
		/* The cursor alone moved: remembered too, so a resume puts it back here. */
		po_draft_field(t, s);
		return po_motiv_flags(t, s, st);
	case FIELD_REFUSED:
		if (!k.fn && f != NULL && f->type == FIELD_DIGITS && k.code >= 0x20)
			tui_msg(t, MSG_ERROR, "Chiffres uniquement : « %lc » refusé%s.", (wint_t)k.code,
			        k.code == '-' ? " (un nombre négatif n'a pas de sens ici)" : "");
		else if (!k.fn && k.code >= 0x20)
			tui_msg(t, MSG_ERROR, "Texte trop long : %zu caractères au plus.",
			        f != NULL ? f->max : s->motiv.max);
		return SCR_HANDLED | SCR_REDRAW;
	case FIELD_IGNORED:
		if (!k.fn && (k.code < 0x20 || (k.code >= 0x80 && k.code < 0xa0)) &&
		    k.code != 27) {
			tui_msg(t, MSG_ERROR, "Caractère de contrôle refusé.");
			return SCR_HANDLED | SCR_REDRAW;
		}
		break;
	}
	return SCR_IGNORED;
}

static int screen_preorder_key(struct tui *t, struct tui_key k)
{
	struct po_state *s = t->state[SCREEN_PREORDER];
	bool yes = (!k.fn && (k.code == 'o' || k.code == 'O')) || tui_key_enter(k);
	bool no = (!k.fn && (k.code == 'n' || k.code == 'N')) || tui_key_back(k);
	bool can_amend = s->po.state == PO_DEPOSEE || s->po.state == PO_EN_INSTRUCTION;

	switch (s->mode) {
	case PM_EDIT:
	case PM_AMEND:
		return po_key_edit(t, s, k);
	case PM_CONFIG:
	case PM_STALE:
		s->mode = s->back_mode;
		return SCR_HANDLED | SCR_REDRAW;
	case PM_CONFIRM:
		if (yes) {
			po_submit(t, s);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (no) {
			s->mode = s->back_mode;
			tui_msg(t, MSG_INFO, "Rien n'a été déposé.");
			return SCR_HANDLED | SCR_REDRAW;
		}
		return SCR_HANDLED;
	case PM_ABANDON:
		if (!k.fn && (k.code == 'o' || k.code == 'O')) {
			po_abandon(t, s);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (no) {
			s->mode = PM_VIEW;
			tui_msg(t, MSG_INFO, "Rien n'a été abandonné.");
			return SCR_HANDLED | SCR_REDRAW;
		}
		return SCR_HANDLED;
	case PM_VIEW:
		if (tui_key_back(k)) {
			t->next = SCREEN_HOME;
			return SCR_HANDLED | SCR_SWITCH;
		}
		if (can_amend && po_key_is(k, 5, 'd')) {
			s->mode = PM_AMEND;
			s->base_version = s->po.version;
			s->focus = 0;
			po_fill_from(s, &s->po);
			tui_msg(t, MSG_INFO, "Modifiez les quantités puis F5/^D pour valider.");
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (can_amend && po_key_is(k, 9, 'r')) {
			s->mode = PM_ABANDON;
			s->base_version = s->po.version;
			return SCR_HANDLED | SCR_REDRAW;
		}
		return SCR_IGNORED;
	}
	return SCR_IGNORED;
}

const struct screen screen_preorder = {
	.name = "preorder",
	.help = "Mon intention de commande.\n\n"
		"Tab, Entrée ou ↓ : champ suivant ; Maj-Tab ou ↑ : champ précédent. "
		"F6 ou ^F : page suivante (lots, partenaires, motivation).\n"
		"Chaque frappe est enregistrée dans votre brouillon : si la connexion coupe, "
		"« Reprendre là où vous étiez » vous ramène au même endroit.\n"
		"F4 ou ^O (sur un lot) : configuration minimale du lot.\n"
		"F2 ou ^W : enregistrer le brouillon ; F5 ou ^D : déposer (après confirmation).\n"
		"F7 ou ^T : ajouter une structure partenaire ; F8 ou ^Y : la retirer ; "
		"← → ou Espace : changer son type.\n"
		"Dans la motivation : flèches, Début/Fin, PgPréc/PgSuiv, Entrée pour un nouveau "
		"paragraphe.\n"
		"Après le dépôt : F5 ou ^D modifie les quantités, F9 ou ^R abandonne.\n"
		"F3, ^B ou Échap : retour au menu.",
	.enter = screen_preorder_enter,
	.draw = screen_preorder_draw,
	.key = screen_preorder_key,
	.leave = screen_preorder_leave,
	.update = screen_preorder_update,
};
