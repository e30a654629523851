/*
 * screen-po-confirm.c — « Vous allez déposer cette intention de commande »:
 * the summary of the form below it (lots, total against the cap, staff,
 * partners, motivation) and o/Entrée to confirm, n/F3/^B to go back; the
 * answer goes back to the form, which files or not.
 */
#include <stdlib.h>

#include "core/core.h"
#include "tui/po-form.h"
#include "tui/preorder.h"
#include "tui/screen.h"

enum { PC_YES = 1 };

static const struct tui_keydef confirm_defs[] = {
	{ .ch = 'o', .keys = N_("o/Entrée"), .label = N_("Confirmer"), .action = PC_YES },
	{ .ch = 'n', .fkey = 3, .ctrl = 'b', .keys = N_("n/F3/^B"), .label = N_("Revenir"),
	  .action = TK_BACK },
	{ .ch = 'O', .action = PC_YES },
	{ .ch = 'N', .action = TK_BACK },
};
static const struct tui_keymap confirm_keys = TUI_KEYMAP(confirm_defs);

struct pc_state {
	struct po_form *f;           /* the form below: it outlives this screen */
};

static int screen_pc_enter(struct tui *t, void *st, const void *arg)
{
	struct pc_state *s = st;

	s->f = (struct po_form *)arg;
	return RC_OK;
}

static void screen_pc_draw(struct tui *t, void *st)
{
	struct po_form *f = ((struct pc_state *)st)->f;
	char *txt;

	draw_title(t, _("Mon intention de commande — confirmation"));
	draw_text(2, 2, f->amend ? _("Confirmez les nouvelles quantités :")
	                         : _("Vous allez déposer cette intention de commande :"),
	          COLS - 4, false);
	po_draw_lots(t, f, 4, false);
	{
		char *a = field_utf8(&f->staff[0]), *b = field_utf8(&f->staff[1]),
		     *c = field_utf8(&f->staff[2]);

		txt = xasprintf(_("Personnes servies : %s conseiller(s), %s médiateur(s), %s "
		                  "aidant(s)."), a[0] ? a : "0", b[0] ? b : "0", c[0] ? c : "0");
		free(a);
		free(b);
		free(c);
	}
	draw_text(13, 2, txt, COLS - 4, false);
	free(txt);
	txt = xasprintf(_("Structures partenaires : %zu."), f->np);
	draw_text(14, 2, txt, COLS - 4, false);
	free(txt);
	txt = xasprintf(_("Motivation : %zu caractères."), f->motiv.len);
	draw_text(15, 2, txt, COLS - 4, false);
	free(txt);
	attrset(A_BOLD);
	draw_text(17, 2, _("Confirmer ? o/Entrée : oui    n/F3/^B : non, revenir au formulaire"),
	          COLS - 4, false);
	attrset(A_NORMAL);
	t->cur_y = -1;
}

static int screen_pc_act(struct tui *t, void *st, int action)
{
	switch (action) {
	case PC_YES:
		return tui_pop(t, PO_RESULT_CONFIRMED, NULL);
	case TK_BACK:
		return tui_pop(t, PO_RESULT_DECLINED, NULL);
	default:
		return SCR_IGNORED;
	}
}

static int screen_pc_key(struct tui *t, void *st, struct tui_key k)
{
	if (tui_key_enter(k))
		return tui_pop(t, PO_RESULT_CONFIRMED, NULL);
	return SCR_HANDLED;     /* nothing else is an answer */
}

const struct screen screen_po_confirm = {
	.name = "preorder-confirm",
	.help = N_("Confirmation : o ou Entrée dépose (ou valide les nouvelles quantités), "
		"n, F3, ^B ou Échap revient au formulaire sans rien changer."),
	.state_size = sizeof(struct pc_state),
	.keys = &confirm_keys,
	.enter = screen_pc_enter,
	.draw = screen_pc_draw,
	.act = screen_pc_act,
	.key = screen_pc_key,
};
