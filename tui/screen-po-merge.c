/*
 * screen-po-merge.c — « Dossier modifié entre-temps » with conflicts: the
 * fields both the person and a colleague changed, one per line, each with
 * its value before, the person's and the colleague's; the person picks
 * which to keep (← → or Espace) and F5 hands the choices back to the form
 * below (screen-po-form.c), which applies them. What the colleague alone
 * changed (already taken into the form) is listed under the conflicts.
 * Échap goes back without choosing: the form then refuses to validate
 * until the choice is made.
 */
#include <stdlib.h>

#include "core/core.h"
#include "tui/preorder.h"
#include "tui/screen.h"

enum { PM_APPLY = 1, PM_LEFT, PM_RIGHT };

static const struct tui_keydef merge_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Conflit") },
	{ .code = KEY_LEFT, .keys = N_("←→"), .label = N_("Choisir"), .action = PM_LEFT },
	{ .code = KEY_RIGHT, .action = PM_RIGHT },
	{ .ch = ' ', .action = PM_RIGHT },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Appliquer"), .action = PM_APPLY },
};
static const struct tui_keymap merge_keys = TUI_KEYMAP(merge_defs);

#define PM_TOP 2

struct pmg_state {
	const struct pm_result *r;       /* the form's below: it outlives this screen */
	char *changes;                   /* what the colleague alone changed, sanitised */
	int choice[PM_FIELD_COUNT];      /* per conflict: PO_KEEP_NONE, _MINE or _THEIRS */
	size_t sel;
};

static int screen_pmg_enter(struct tui *t, void *st, const void *arg)
{
	const struct po_merge_arg *a = arg;
	struct pmg_state *s = st;

	s->r = a->r;
	s->changes = text_sanitize(a->changes != NULL ? a->changes : "", true);
	return RC_OK;
}

static void screen_pmg_leave(struct tui *t, void *st)
{
	free(((struct pmg_state *)st)->changes);
}

static void screen_pmg_draw(struct tui *t, void *st)
{
	struct pmg_state *s = st;
	const struct pm_result *r = s->r;
	int y = PM_TOP;

	draw_title(t, _("Intention de commande — dossier modifié entre-temps"));
	y = draw_wrapped(y, 2, _("Vous et votre collègue avez changé les mêmes champs : "
	                         "choisissez la valeur à garder pour chacun (← → ou Espace), "
	                         "puis F5 pour l'appliquer au formulaire."), 3);
	y++;
	for (size_t i = 0; i < r->nconflicts && y < LINES - 8; i++, y++) {
		const struct pm_change *c = &r->conflicts[i];
		char *line, *pick;

		if (s->choice[i] == PO_KEEP_MINE)
			pick = xasprintf(_("◂ la vôtre : %s ▸"), c->mine[0] ? c->mine : "—");
		else if (s->choice[i] == PO_KEEP_THEIRS)
			pick = xasprintf(_("◂ celle de %s : %s ▸"), c->who[0] ? c->who : _("votre collègue"),
			                 c->theirs[0] ? c->theirs : "—");
		else
			pick = xasprintf(_("◂ à choisir : la vôtre %s, celle de %s %s ▸"),
			                 c->mine[0] ? c->mine : "—", c->who[0] ? c->who : _("votre collègue"),
			                 c->theirs[0] ? c->theirs : "—");
		line = xasprintf(_("%s (avant : %s) %s"), c->label, c->before[0] ? c->before : "—",
		                 pick);
		draw_item(y, 2, COLS - 4, line, s->sel == i, true);
		if (s->sel == i) {
			t->cur_y = y;
			t->cur_x = 2;
		}
		free(line);
		free(pick);
	}
	if (s->changes[0] != '\0' && y < LINES - 4)
		draw_wrapped(y + 1, 2, s->changes, LINES - 4 - y);
}

static int pmg_pick(struct pmg_state *s, bool right)
{
	int *c = &s->choice[s->sel];

	if (s->r->nconflicts == 0)
		return SCR_HANDLED;
	if (*c == PO_KEEP_NONE)
		*c = right ? PO_KEEP_THEIRS : PO_KEEP_MINE;
	else
		*c = *c == PO_KEEP_MINE ? PO_KEEP_THEIRS : PO_KEEP_MINE;
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_pmg_act(struct tui *t, void *st, int action)
{
	struct pmg_state *s = st;

	switch (action) {
	case PM_LEFT:
		tui_msg_clear(t);
		return pmg_pick(s, false);
	case PM_RIGHT:
		tui_msg_clear(t);
		return pmg_pick(s, true);
	case PM_APPLY:
		for (size_t i = 0; i < s->r->nconflicts; i++)
			if (s->choice[i] == PO_KEEP_NONE) {
				s->sel = i;
				tui_msg(t, MSG_ERROR, _("Choisissez la valeur à garder pour « %s »."),
				        s->r->conflicts[i].label);
				return SCR_HANDLED | SCR_REDRAW;
			}
		return tui_pop(t, PO_RESULT_MERGED, s->choice);
	case TK_BACK:
		tui_msg(t, MSG_ERROR, _("Conflit non résolu : F5 le rouvre avant de valider."));
		return tui_pop(t, 0, NULL);
	default:
		return SCR_IGNORED;
	}
}

static int screen_pmg_key(struct tui *t, void *st, struct tui_key k)
{
	struct pmg_state *s = st;
	size_t n = s->r->nconflicts;

	if (n == 0 || !k.fn)
		return SCR_IGNORED;
	if (k.code == KEY_DOWN)
		s->sel = (s->sel + 1) % n;
	else if (k.code == KEY_UP)
		s->sel = (s->sel + n - 1) % n;
	else
		return SCR_IGNORED;
	return SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_po_merge = {
	.name = "preorder-merge",
	.help = N_("Un collègue a modifié ce dossier pendant votre saisie, et vous avez tous "
		"deux changé ces champs.\n"
		"↑↓ : conflit précédent ou suivant ; ← → ou Espace : garder votre valeur ou celle "
		"du collègue.\n"
		"F5 ou ^D : appliquer les choix au formulaire (rien n'est encore validé).\n"
		"F3, ^B ou Échap : revenir au formulaire sans choisir (il ne pourra pas être "
		"validé avant)."),
	.state_size = sizeof(struct pmg_state),
	.keys = &merge_keys,
	.enter = screen_pmg_enter,
	.draw = screen_pmg_draw,
	.act = screen_pmg_act,
	.key = screen_pmg_key,
	.leave = screen_pmg_leave,
};
