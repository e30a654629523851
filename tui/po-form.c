/*
 * po-form.c — the pre-order form's fields, stops, draft and checks (see
 * po-form.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/uc-instruct.h"
#include "tui/po-form.h"

const char *const po_staff_labels[PO_NSTAFF] = {
	N_("Conseillers numériques France Services"),
	N_("Autres médiateurs numériques"),
	N_("Autres aidants (accueil, secrétariat…)"),
};
const char *const po_contact_labels[PO_NCONTACT] = {
	N_("Nom"), N_("Fonction"), N_("Courriel"), N_("Téléphone"),
};
static const size_t contact_max[PO_NCONTACT] = { PERSON_MAX, PERSON_MAX, EMAIL_MAX, PHONE_MAX };

void po_form_init(struct po_form *f)
{
	for (int l = 0; l < LOT_COUNT; l++)
		field_init(&f->qty[l], FIELD_DIGITS, PO_QTY_DIGITS, false, false);
	for (int i = 0; i < PO_NSTAFF; i++)
		field_init(&f->staff[i], FIELD_DIGITS, PO_QTY_DIGITS, false, false);
	for (int i = 0; i < PO_NCONTACT; i++)
		field_init(&f->contact[i], FIELD_TEXT, contact_max[i], false, false);
	editor_init(&f->motiv, MOTIVATION_MAX);
}

void po_form_free(struct po_form *f)
{
	for (int l = 0; l < LOT_COUNT; l++)
		field_free(&f->qty[l]);
	for (int i = 0; i < PO_NSTAFF; i++)
		field_free(&f->staff[i]);
	for (int i = 0; i < PO_NCONTACT; i++)
		field_free(&f->contact[i]);
	for (size_t i = 0; i < f->np; i++)
		field_free(&f->pname[i]);
	f->np = 0;
	editor_free(&f->motiv);
}

/* ---- focus stops ---- */

size_t po_nstops(const struct po_form *f)
{
	if (f->amend)
		return LOT_COUNT;
	return LOT_COUNT + PO_NSTAFF + PO_NCONTACT + 2 * f->np + 1 + 1;
}

struct stop po_stop(const struct po_form *f, size_t i)
{
	if (i < LOT_COUNT)
		return (struct stop){ SK_QTY, i, 0 };
	i -= LOT_COUNT;
	if (i < PO_NSTAFF)
		return (struct stop){ SK_STAFF, i, 0 };
	i -= PO_NSTAFF;
	if (i < PO_NCONTACT)
		return (struct stop){ SK_CONTACT, i, 0 };
	i -= PO_NCONTACT;
	if (i < 2 * f->np)
		return (struct stop){ i % 2 ? SK_PKIND : SK_PNAME, i / 2, 1 };
	i -= 2 * f->np;
	if (i == 0)
		return (struct stop){ SK_PADD, 0, 1 };
	if (i == 1)
		return (struct stop){ SK_MOTIV, 0, 2 };
	return (struct stop){ SK_QTY, 0, 0 };
}

size_t po_first_of_page(const struct po_form *f, int page)
{
	for (size_t i = 0; i < po_nstops(f); i++)
		if (po_stop(f, i).page == page)
			return i;
	return 0;
}

struct field *po_field(struct po_form *f, size_t i)
{
	struct stop st = po_stop(f, i);

	switch (st.kind) {
	case SK_QTY: return &f->qty[st.idx];
	case SK_STAFF: return &f->staff[st.idx];
	case SK_CONTACT: return &f->contact[st.idx];
	case SK_PNAME: return &f->pname[st.idx];
	default: return NULL;
	}
}

void po_partner_add(struct po_form *f)
{
	field_init(&f->pname[f->np], FIELD_TEXT, PARTNER_NAME_MAX, false, false);
	f->pkind[f->np] = PARTNER_ASSOCIATION;
	f->np++;
}

void po_partner_remove(struct po_form *f, size_t i)
{
	field_free(&f->pname[i]);
	memmove(&f->pname[i], &f->pname[i + 1], (f->np - i - 1) * sizeof f->pname[0]);
	memmove(&f->pkind[i], &f->pkind[i + 1], (f->np - i - 1) * sizeof f->pkind[0]);
	f->np--;
}

/* The draft name of stop i ("qty.0", "motivation"…) into buf. */
static const char *po_name(const struct po_form *f, size_t i, char *buf, size_t cap)
{
	struct stop st = po_stop(f, i);
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

static char *po_value(struct po_form *f, size_t i)
{
	struct stop st = po_stop(f, i);
	struct field *fl = po_field(f, i);

	if (fl != NULL)
		return field_utf8(fl);
	if (st.kind == SK_PKIND)
		return xstrdup(partner_kind_name(f->pkind[st.idx]));
	if (st.kind == SK_MOTIV)
		return editor_utf8(&f->motiv);
	return xstrdup("");
}

static uint32_t po_cursor(struct po_form *f, size_t i)
{
	struct field *fl = po_field(f, i);

	if (fl != NULL)
		return (uint32_t)fl->cur;
	if (po_stop(f, i).kind == SK_MOTIV)
		return (uint32_t)f->motiv.cur;
	return 0;
}

static void po_set_u32(struct field *fl, uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%u", v);
	field_set_utf8(fl, v == 0 ? "" : buf);
}

static uint32_t po_u32(const char *v)
{
	uint32_t n = 0;

	if (v != NULL && form_parse_count("", v, UINT32_MAX, &n, NULL) != RC_OK)
		n = 0;
	return n;
}

void po_fill_from(struct po_form *f, const struct preorder *po)
{
	const char *c[PO_NCONTACT] = { po->contact.name, po->contact.function, po->contact.email,
		                       po->contact.phone };

	for (int l = 0; l < LOT_COUNT; l++)
		po_set_u32(&f->qty[l], po->qty[l]);
	po_set_u32(&f->staff[0], po->staff_cnfs);
	po_set_u32(&f->staff[1], po->staff_mediateurs);
	po_set_u32(&f->staff[2], po->staff_aidants);
	for (int i = 0; i < PO_NCONTACT; i++)
		field_set_utf8(&f->contact[i], c[i]);
	while (f->np > 0)
		po_partner_remove(f, f->np - 1);
	for (size_t i = 0; i < po->npartners && i < PARTNERS_MAX; i++) {
		po_partner_add(f);
		field_set_utf8(&f->pname[i], po->partners[i].name);
		f->pkind[i] = po->partners[i].kind;
	}
	editor_set_utf8(&f->motiv, po->motivation);
}

void po_fill_from_draft(struct po_form *f, const struct draft *d)
{
	char name[48];
	const char *v;
	size_t np = po_u32(draft_value(d, "_npartners"));

	while (f->np > 0)
		po_partner_remove(f, f->np - 1);
	for (size_t i = 0; i < np && i < PARTNERS_MAX; i++)
		po_partner_add(f);
	for (size_t i = 0; i < po_nstops(f); i++) {
		struct stop st = po_stop(f, i);
		struct field *fl = po_field(f, i);

		if ((v = draft_value(d, po_name(f, i, name, sizeof name))) == NULL)
			continue;
		if (fl != NULL)
			field_set_utf8(fl, v);
		else if (st.kind == SK_MOTIV)
			editor_set_utf8(&f->motiv, v);
		else if (st.kind == SK_PKIND)
			for (int k = 0; k < PARTNER_KIND_COUNT; k++)
				if (strcmp(v, partner_kind_name((enum partner_kind)k)) == 0)
					f->pkind[st.idx] = (enum partner_kind)k;
	}
	if (d->focus < po_nstops(f)) {
		struct field *fl = po_field(f, d->focus);

		f->focus = d->focus;
		if (fl != NULL)
			fl->cur = d->cursor <= fl->len ? d->cursor : fl->len;
		else if (po_stop(f, d->focus).kind == SK_MOTIV)
			editor_set_cursor(&f->motiv, d->cursor);
	}
}

/* ---- the draft ---- */

/* The whole form as a draft (caller draft_clear()s d). */
static void po_draft_build(struct po_form *f, struct draft *d)
{
	char name[48];

	memset(d, 0, sizeof *d);
	strlcpy_(d->form, PREORDER_FORM, sizeof d->form);
	d->object_id = f->po.id;
	d->focus = (uint32_t)f->focus;
	d->cursor = po_cursor(f, f->focus);
#define PO_DRAFT_ADD(n, v) \
	do { \
		strlcpy_(d->fields[d->nfields].name, (n), sizeof d->fields[0].name); \
		d->fields[d->nfields++].value = (v); \
	} while (0)
	PO_DRAFT_ADD("_id", xasprintf("%llu", (unsigned long long)f->po.id));
	PO_DRAFT_ADD("_version", xasprintf("%llu", (unsigned long long)f->base_version));
	PO_DRAFT_ADD("_mode", xstrdup(f->amend ? "amend" : "edit"));
	PO_DRAFT_ADD("_npartners", xasprintf("%zu", f->np));
	for (size_t i = 0; i < po_nstops(f) && d->nfields < DRAFT_FIELDS_MAX; i++) {
		if (po_stop(f, i).kind == SK_PADD)
			continue;
		PO_DRAFT_ADD(po_name(f, i, name, sizeof name), po_value(f, i));
	}
#undef PO_DRAFT_ADD
}

void po_draft_put(struct tui *t, struct po_form *f)
{
	struct draft d;
	char *why = NULL;

	po_draft_build(f, &d);
	if (uc_draft_put(&t->uc, &d, &why) != RC_OK)
		tui_msg_why(t, why, _("brouillon non enregistré."));
	else
		f->draft_exists = true;
	draft_clear(&d);
	free(why);
}

void po_draft_field(struct tui *t, struct po_form *f)
{
	char name[48], *v, *why = NULL;

	if (!f->draft_exists) {
		po_draft_put(t, f);
		return;
	}
	v = po_value(f, f->focus);
	po_name(f, f->focus, name, sizeof name);
	if (uc_draft_field(&t->uc, PREORDER_FORM, name, v, (uint32_t)f->focus,
	                   po_cursor(f, f->focus), &why) != RC_OK)
		tui_msg_why(t, why, _("brouillon non enregistré."));
	free(v);
	free(why);
}

int po_draft_get(struct tui *t, struct draft *d)
{
	memset(d, 0, sizeof *d);
	return uc_draft_get(&t->uc, PREORDER_FORM, d, NULL);
}

bool po_draft_is_amend(const struct draft *d, uint64_t id)
{
	const char *mode = draft_value(d, "_mode"), *did = draft_value(d, "_id");

	return mode != NULL && strcmp(mode, "amend") == 0 && did != NULL &&
	       strtoull(did, NULL, 10) == id;
}

/* ---- checks ---- */

int po_check_stop(struct tui *t, struct po_form *f, size_t i)
{
	struct stop st = po_stop(f, i);
	char *v = po_value(f, i), *why = NULL, label[160];
	uint32_t n;
	int rc = RC_OK;

	switch (st.kind) {
	case SK_QTY:
		snprintf(label, sizeof label, _("Lot « %s »"), lot_label((enum lot)st.idx));
		rc = form_parse_count(label, v, PREORDER_QTY_MAX, &n, &why);
		break;
	case SK_STAFF:
		rc = form_parse_count(_(po_staff_labels[st.idx]), v, STAFF_MAX, &n, &why);
		break;
	case SK_CONTACT:
		snprintf(label, sizeof label, _("Contact, %s"), _(po_contact_labels[st.idx]));
		rc = form_check_line(label, v, contact_max[st.idx], contact_max[st.idx], st.idx == 2,
		                     &why);
		break;
	case SK_PNAME:
		snprintf(label, sizeof label, _("Structure partenaire n° %zu"), st.idx + 1);
		rc = form_check_line(label, v, PARTNER_NAME_MAX, PARTNER_NAME_BYTES, false, &why);
		break;
	case SK_MOTIV:
		rc = form_check_motivation(v, &why);
		break;
	default:
		break;
	}
	if (rc != RC_OK)
		tui_msg_why(t, why, _("saisie invalide."));
	free(v);
	free(why);
	return rc;
}

/* The count typed in field fl (0 when empty or unreadable). */
static uint32_t po_count(const struct field *fl)
{
	char *v = field_utf8(fl);
	uint32_t n = po_u32(v);

	free(v);
	return n;
}

int po_build(struct tui *t, struct po_form *f, struct preorder *out)
{
	char *v, *why = NULL;

	for (size_t i = 0; i < po_nstops(f); i++)
		if (po_check_stop(t, f, i) != RC_OK) {
			f->focus = i;
			return RC_INVALID;
		}
	*out = f->po;
	out->version = f->base_version;
	for (int l = 0; l < LOT_COUNT; l++)
		out->qty[l] = po_count(&f->qty[l]);
	if (f->amend)
		return RC_OK;
	out->staff_cnfs = po_count(&f->staff[0]);
	out->staff_mediateurs = po_count(&f->staff[1]);
	out->staff_aidants = po_count(&f->staff[2]);
	{
		char *c[PO_NCONTACT];

		for (int i = 0; i < PO_NCONTACT; i++)
			c[i] = field_utf8(&f->contact[i]);
		strlcpy_(out->contact.name, c[0], sizeof out->contact.name);
		strlcpy_(out->contact.function, c[1], sizeof out->contact.function);
		strlcpy_(out->contact.email, c[2], sizeof out->contact.email);
		strlcpy_(out->contact.phone, c[3], sizeof out->contact.phone);
		for (int i = 0; i < PO_NCONTACT; i++)
			free(c[i]);
	}
	out->npartners = f->np;
	for (size_t i = 0; i < f->np; i++) {
		v = field_utf8(&f->pname[i]);
		strlcpy_(out->partners[i].name, v, sizeof out->partners[i].name);
		free(v);
		out->partners[i].kind = f->pkind[i];
	}
	v = editor_utf8(&f->motiv);
	strlcpy_(out->motivation, v, sizeof out->motivation);
	free(v);
	if (preorder_check_fields(out, &why) != RC_OK) {
		tui_msg_why(t, why, _("saisie invalide."));
		free(why);
		return RC_INVALID;
	}
	return RC_OK;
}

int po_check_complete(struct tui *t, struct po_form *f, const struct preorder *p)
{
	static const size_t stop_of[] = {
		[PO_PART_NONE] = 0, [PO_PART_QTY] = 0, [PO_PART_STAFF] = LOT_COUNT,
		[PO_PART_CONTACT_NAME] = LOT_COUNT + PO_NSTAFF,
		[PO_PART_CONTACT_EMAIL] = LOT_COUNT + PO_NSTAFF + 2,
	};
	enum preorder_part part;
	char *why = NULL;
	int rc = preorder_check_complete_part(p, &part, &why);

	if (rc == RC_OK)
		return RC_OK;
	tui_msg_why(t, why, _("intention de commande incomplète."));
	free(why);
	/* The cursor goes to the first field refused: the next key lands there. */
	if (part == PO_PART_MOTIVATION && !f->amend) {
		f->focus = po_first_of_page(f, 2);
		editor_set_cursor(&f->motiv, f->motiv.len);
	} else if (part != PO_PART_NONE && part != PO_PART_MOTIVATION &&
	           stop_of[part] < po_nstops(f)) {
		f->focus = stop_of[part];
	}
	return RC_INVALID;
}

cents_t po_total(struct po_form *f, cents_t line[LOT_COUNT])
{
	cents_t total = 0;

	for (int l = 0; l < LOT_COUNT; l++) {
		uint32_t q = po_count(&f->qty[l]);

		if (q > PREORDER_QTY_MAX || !cents_mul(f->set.lots[l].unit_price, q, &line[l]))
			line[l] = 0;
		if (!cents_add(total, line[l], &total))
			total = CENTS_MAX;
	}
	return total;
}

/* ---- drawing ---- */

static void po_draw_money(int y, int x, int w, cents_t c)
{
	char buf[48];
	int cw;

	cents_format(c, buf, sizeof buf);
	cw = draw_width(buf);
	draw_text(y, x + (w > cw ? w - cw : 0), buf, w, false);
}

void po_draw_lots(struct tui *t, struct po_form *f, int y0, bool editable)
{
	cents_t line[LOT_COUNT], total = po_total(f, line);
	char a[48], b[48], *txt;

	draw_text(y0, 2, _("Lot"), 18, false);
	draw_text(y0, 20, _("Quantité"), 10, false);
	draw_text(y0, 32, _("Prix unit. HT"), 16, false);
	draw_text(y0, 56, _("Total HT"), 20, false);
	for (int l = 0; l < LOT_COUNT; l++) {
		int y = y0 + 1 + l;
		bool foc = editable && f->focus == (size_t)l;

		draw_text(y, 0, foc ? "▸" : " ", 1, false);
		draw_text(y, 2, lot_label((enum lot)l), 17, false);
		if (editable) {
			field_draw(&f->qty[l], stdscr, y, 20, PO_QTY_DIGITS + 1, foc, &t->cur_y,
			           &t->cur_x);
		} else {
			char *v = field_utf8(&f->qty[l]);

			draw_text(y, 20, v[0] ? v : "0", 8, false);
			free(v);
		}
		po_draw_money(y, 32, 13, f->set.lots[l].unit_price);
		po_draw_money(y, 52, 14, line[l]);
	}
	txt = xasprintf(_("Total estimé : %s HT   Plafond : %s HT"), cents_format(total, a, sizeof a),
	                cents_format(f->set.expense_cap, b, sizeof b));
	draw_text(y0 + 6, 2, txt, COLS - 4, false);
	free(txt);
	if (total > f->set.expense_cap) {
		txt = xasprintf(_("!! PLAFOND DÉPASSÉ de %s : réduisez les quantités !!"),
		                cents_format(total - f->set.expense_cap, a, sizeof a));
		attrset(A_REVERSE | A_BOLD);
		draw_text(y0 + 7, 2, txt, COLS - 4, false);
		attrset(A_NORMAL);
		free(txt);
	}
}

char *po_complement_prompt(struct tui *t, const struct preorder *po)
{
	bool pending = false;
	char d[16];

	if (po->complement_at == 0 || po->state != PO_DEPOSEE ||
	    uc_complement_pending(&t->uc, po->id, &pending, NULL) != RC_OK || !pending)
		return NULL;
	return xasprintf(_("La préfecture vous demande un complément (le %s) : « %s ». Répondez-lui "
	                   "(Messages) ou modifiez les quantités (« Mon intention de commande », "
	                   "F5) : votre dossier lui reviendra, marqué complété."),
	                 day_format(day_of_instant(po->complement_at), d, sizeof d), po->reason);
}
