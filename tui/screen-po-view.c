/*
 * screen-po-view.c — a filed pre-order, read only, always as filed (never
 * with figures typed and not validated): its state, lots and total, staff,
 * partner structures and the whole motivation (scrolling). From here
 * « Modifier les quantités » opens the form on the quantities (or resumes
 * the amendment in progress, offered as such), and « Abandonner » asks
 * first (screen_po_abandon, with an optional reason). Also preorder_open,
 * which decides between the form and this view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-settings.h"
#include "tui/po-form.h"
#include "tui/preorder.h"
#include "tui/screen.h"
#include "tui/textview.h"

enum { PV_AMEND = 1, PV_ABANDON };

static const struct tui_keydef view_amend_defs[] = {
	{ .fkey = 5, .ctrl = 'd', .label = N_("Modifier les quantités"), .action = PV_AMEND },
	{ .fkey = 9, .ctrl = 'r', .label = N_("Abandonner"), .action = PV_ABANDON },
	{ .keys = N_("↑↓"), .label = N_("Défiler"), .panel_only = true },
};
static const struct tui_keydef view_resume_defs[] = {
	{ .fkey = 5, .ctrl = 'd', .label = N_("Reprendre la modification en cours"),
	  .action = PV_AMEND },
	{ .fkey = 9, .ctrl = 'r', .label = N_("Abandonner"), .action = PV_ABANDON },
	{ .keys = N_("↑↓"), .label = N_("Défiler"), .panel_only = true },
};
static const struct tui_keydef view_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Défiler") },
};
static const struct tui_keymap view_amend_keys = TUI_KEYMAP(view_amend_defs);
static const struct tui_keymap view_resume_keys = TUI_KEYMAP(view_resume_defs);
static const struct tui_keymap view_keys = TUI_KEYMAP(view_defs);

struct pv_state {
	struct po_form f;            /* the filed pre-order, as filed */
	bool have;
	bool amend_draft;            /* an amendment was started and not validated */
	struct textview more;        /* staff, partners, motivation */
};

static bool pv_can_amend(const struct pv_state *s)
{
	return s->have && (s->f.po.state == PO_DEPOSEE || s->f.po.state == PO_EN_INSTRUCTION);
}

/* Reads the pre-order as filed, and whether an amendment of it is in progress. */
static void pv_load(struct tui *t, struct pv_state *s)
{
	struct draft d;
	char *why = NULL, when[32], *txt;
	const struct preorder *po = &s->f.po;

	s->have = uc_preorder_current(&t->uc, true, &s->f.po, &why) == RC_OK;
	if (!s->have) {
		tui_msg_why(t, why, _("intention de commande indisponible."));
		free(why);
		return;
	}
	po_fill_from(&s->f, po);
	s->amend_draft = false;
	if (po_draft_get(t, &d) == RC_OK) {
		s->amend_draft = po_draft_is_amend(&d, po->id);
		draft_clear(&d);
	}
	textview_clear(&s->more);
	if ((txt = po_complement_prompt(t, po)) != NULL) {
		textview_add(&s->more, txt, COLS - 4, true, true);
		free(txt);
	}
	txt = xasprintf(_("Personnes servies : %u conseiller(s), %u médiateur(s), %u aidant(s)."),
	                po->staff_cnfs, po->staff_mediateurs, po->staff_aidants);
	textview_add(&s->more, txt, COLS - 4, false, false);
	free(txt);
	if (po->submitted_at != 0) {
		txt = xasprintf(_("Déposée le %s"), day_format(day_of_instant(po->submitted_at), when,
		                                              sizeof when));
		textview_add(&s->more, txt, COLS - 4, false, false);
		free(txt);
	}
	txt = xasprintf(_("Structures partenaires : %zu."), po->npartners);
	textview_add(&s->more, txt, COLS - 4, false, false);
	free(txt);
	for (size_t i = 0; i < po->npartners; i++) {
		char *line = xasprintf("  • %s (%s)", po->partners[i].name,
		                       partner_kind_label(po->partners[i].kind));

		textview_add(&s->more, line, COLS - 4, true, false);
		free(line);
	}
	textview_add(&s->more, _("Motivation :"), COLS - 4, false, false);
	textview_add(&s->more, po->motivation, COLS - 6, true, false);
}

static int screen_pv_enter(struct tui *t, void *st, const void *arg)
{
	struct pv_state *s = st;

	(void)arg;
	po_form_init(&s->f);
	if (uc_settings_get(&t->uc, &s->f.set, NULL) != RC_OK)
		tui_msg(t, MSG_ERROR, _("paramètres du programme illisibles."));
	pv_load(t, s);
	return RC_OK;
}

static void screen_pv_resume(struct tui *t, void *st, int code, void *result)
{
	(void)code;
	(void)result;
	pv_load(t, st);
}

static void screen_pv_leave(struct tui *t, void *st)
{
	struct pv_state *s = st;

	po_form_free(&s->f);
	textview_clear(&s->more);
}

static void screen_pv_draw(struct tui *t, void *st)
{
	struct pv_state *s = st;
	char *txt;

	draw_title(t, _("Mon intention de commande"));
	t->cur_y = -1;
	if (!s->have)
		return;
	txt = xasprintf(_("Intention de commande n° %llu — %s (version %llu)"),
	                (unsigned long long)s->f.po.id, preorder_state_label(s->f.po.state),
	                (unsigned long long)s->f.po.version);
	attrset(A_BOLD);
	draw_text(2, 2, txt, COLS - 4, false);
	attrset(A_NORMAL);
	free(txt);
	po_draw_lots(t, &s->f, 4, false);
	if (s->amend_draft)
		draw_text(11, 2, _("Une modification des quantités est en cours (non validée) : "
		                   "F5 pour la reprendre."), COLS - 4, false);
	textview_draw(&s->more, 12, 2, COLS - 4, LINES - 14);
}

static const struct tui_keymap *screen_pv_keymap(struct tui *t, void *st)
{
	struct pv_state *s = st;

	if (!pv_can_amend(s))
		return &view_keys;
	return s->amend_draft ? &view_resume_keys : &view_amend_keys;
}

static int screen_pv_act(struct tui *t, void *st, int action)
{
	struct pv_state *s = st;
	struct po_form_arg a = { .amend = true, .id = s->f.po.id };

	if (!pv_can_amend(s))
		return SCR_IGNORED;
	switch (action) {
	case PV_AMEND:
		if (!s->amend_draft)
			tui_msg(t, MSG_INFO, _("Modifiez les quantités puis F5/^D pour valider."));
		return tui_push(t, &screen_po_form, &a);
	case PV_ABANDON:
		return tui_push(t, &screen_po_abandon, &s->f.po);
	default:
		return SCR_IGNORED;
	}
}

static int screen_pv_key(struct tui *t, void *st, struct tui_key k)
{
	struct pv_state *s = st;

	return textview_key(&s->more, &k, LINES - 14) ? SCR_HANDLED | SCR_REDRAW : SCR_IGNORED;
}

const struct screen screen_po_view = {
	.name = "preorder-view",
	.help = N_("Votre intention de commande telle qu'elle a été déposée.\n\n"
		"F5 ou ^D : modifier les quantités (ou reprendre la modification en cours) ; "
		"F9 ou ^R : abandonner (après confirmation).\n"
		"↑ ↓ PgPréc PgSuiv : faire défiler la motivation.\nF3, ^B ou Échap : retour au menu."),
	.state_size = sizeof(struct pv_state),
	.keymap = screen_pv_keymap,
	.enter = screen_pv_enter,
	.draw = screen_pv_draw,
	.act = screen_pv_act,
	.key = screen_pv_key,
	.leave = screen_pv_leave,
	.resume = screen_pv_resume,
};

/* ---- « Abandonner ? » ---- */

enum { PA_YES = 1 };

static const struct tui_keydef abandon_defs[] = {
	{ .ch = 'o', .keys = N_("o"), .label = N_("Abandonner"), .action = PA_YES },
	{ .keys = N_("Tab"), .label = N_("Motif") },
	{ .ch = 'n', .fkey = 3, .ctrl = 'b', .keys = N_("n/F3/^B"), .label = N_("Non"),
	  .action = TK_BACK },
};
static const struct tui_keymap abandon_keys = TUI_KEYMAP(abandon_defs);
static const struct tui_keydef abandon_reason_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Abandonner") },
	{ .keys = N_("Tab"), .label = N_("Question") },
	{ .fkey = 3, .ctrl = 'b', .label = N_("Non"), .action = TK_BACK },
};
static const struct tui_keymap abandon_reason_keys = TUI_KEYMAP(abandon_reason_defs);

struct pa_state {
	uint64_t id, version;
	struct field reason;
	bool in_reason;              /* the reason field has the keys */
};

static int screen_pa_enter(struct tui *t, void *st, const void *arg)
{
	const struct preorder *po = arg;
	struct pa_state *s = st;

	s->id = po->id;
	s->version = po->version;
	field_init(&s->reason, FIELD_TEXT, REASON_MAX, false, false);
	return RC_OK;
}

static void screen_pa_leave(struct tui *t, void *st)
{
	field_free(&((struct pa_state *)st)->reason);
}

static void screen_pa_draw(struct tui *t, void *st)
{
	struct pa_state *s = st;
	struct tui_frame *below = t->depth >= 2 ? &t->stack[t->depth - 2] : NULL;

	if (below != NULL)
		below->scr->draw(t, below->st);
	attrset(A_BOLD);
	draw_text(LINES - 5, 2, _("Abandonner cette intention de commande ? o : oui   "
	                          "n/F3/^B : non"), COLS - 4, true);
	attrset(A_NORMAL);
	draw_text(LINES - 4, 0, s->in_reason ? "▸" : " ", 1, false);
	draw_text(LINES - 4, 2, _("Motif (facultatif, Tab)"), 24, true);
	t->cur_y = -1;
	field_draw(&s->reason, stdscr, LINES - 4, 27, COLS - 29, s->in_reason, &t->cur_y,
	           &t->cur_x);
	if (!s->in_reason)
		t->cur_y = -1;
}

static const struct tui_keymap *screen_pa_keymap(struct tui *t, void *st)
{
	return ((struct pa_state *)st)->in_reason ? &abandon_reason_keys : &abandon_keys;
}

static int pa_abandon(struct tui *t, struct pa_state *s)
{
	char *reason = field_utf8(&s->reason), *why = NULL;
	int rc = uc_preorder_abandon(&t->uc, s->id, s->version, reason[0] ? reason : NULL, &why);

	if (rc == RC_OK) {
		(void)uc_draft_drop(&t->uc, PREORDER_FORM, NULL);
		tui_msg(t, MSG_INFO, _("Intention de commande abandonnée."));
	} else {
		tui_msg_why(t, why, _("abandon impossible."));
	}
	free(reason);
	free(why);
	return tui_pop(t, PO_RESULT_CHANGED, NULL);
}

static int screen_pa_act(struct tui *t, void *st, int action)
{
	struct pa_state *s = st;

	if (action == PA_YES && !s->in_reason)
		return pa_abandon(t, s);
	if (action == TK_BACK) {
		tui_msg(t, MSG_INFO, _("Rien n'a été abandonné."));
		return tui_pop(t, 0, NULL);
	}
	return SCR_IGNORED;
}

static int screen_pa_key(struct tui *t, void *st, struct tui_key k)
{
	struct pa_state *s = st;

	if ((!k.fn && k.code == '\t') || (k.fn && k.code == KEY_BTAB)) {
		s->in_reason = !s->in_reason;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (!s->in_reason) {
		if (!k.fn && (k.code == 'O'))
			return pa_abandon(t, s);
		if (!k.fn && (k.code == 'N')) {
			tui_msg(t, MSG_INFO, _("Rien n'a été abandonné."));
			return tui_pop(t, 0, NULL);
		}
		return SCR_HANDLED;
	}
	if (tui_key_enter(k))
		return pa_abandon(t, s);
	switch (field_key(&s->reason, k.code, k.fn)) {
	case FIELD_IGNORED:
		return SCR_HANDLED;
	case FIELD_REFUSED:
		beep();
		return SCR_HANDLED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_po_abandon = {
	.name = "preorder-abandon",
	.help = N_("Abandonner l'intention de commande : o abandonne ; Tab passe au motif "
		"(facultatif, lu par la préfecture), puis Entrée abandonne ; n, F3, ^B ou "
		"Échap ne change rien."),
	.state_size = sizeof(struct pa_state),
	.keymap = screen_pa_keymap,
	.enter = screen_pa_enter,
	.draw = screen_pa_draw,
	.act = screen_pa_act,
	.key = screen_pa_key,
	.leave = screen_pa_leave,
};

/* ---- opening « Mon intention de commande » ---- */

int preorder_open(struct tui *t)
{
	struct preorder *po = xmalloc(sizeof *po);
	char *why = NULL;
	int rc = uc_preorder_current(&t->uc, false, po, &why), flags;

	if (rc == RC_OK && po->state != PO_BROUILLON && po->state != PO_NON_RETENUE)
		flags = tui_push(t, &screen_po_view, NULL);
	else if (rc == RC_OK || rc == RC_NOTFOUND)
		flags = tui_push(t, &screen_po_form, NULL);
	else {
		tui_msg_why(t, why, _("intention de commande indisponible."));
		flags = SCR_HANDLED | SCR_REDRAW;
	}
	free(po);
	free(why);
	return flags;
}

int preorder_resume(struct tui *t)
{
	struct draft d;
	uint64_t id = 0;
	bool amend = false;
	int flags;

	if (po_draft_get(t, &d) == RC_OK) {
		const char *did = draft_value(&d, "_id");

		id = did != NULL ? strtoull(did, NULL, 10) : 0;
		amend = po_draft_is_amend(&d, id);
		draft_clear(&d);
	}
	flags = preorder_open(t);
	/* An amendment in progress: straight into it, the filed view below it. */
	if (amend) {
		struct tui_frame *top = tui_top(t);

		if (top != NULL && top->scr == &screen_po_view) {
			struct po_form_arg a = { .amend = true, .id = id };

			flags |= tui_push(t, &screen_po_form, &a);
		}
	}
	return flags;
}
