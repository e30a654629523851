/*
 * screen-pref-actions.c — the actions a file's state allows, in the list
 * widget: a decision opens its form (screen_pref_decide), which says what
 * will happen before anything is done; following a file is done at once.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/pref.h"
#include "tui/screen.h"

static const struct list_col actions_cols[] = { { "", 50, 1, LIST_LEFT, false } };

enum { PAC_CHOOSE = 1 };

static const struct tui_keydef actions_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Faire"), .action = PAC_CHOOSE },
};
static const struct tui_keymap actions_keys = TUI_KEYMAP(actions_defs);

struct pac_state {
	struct pref_file_ref f;
	struct list_mem rows;
	struct list list;
	bool changed;
};

static bool pac_following(const struct instruction *in, uint64_t me)
{
	for (size_t i = 0; i < in->nfollow; i++)
		if (in->follow[i] == me)
			return true;
	return false;
}

static int screen_pac_enter(struct tui *t, void *st, const void *arg)
{
	struct pac_state *s = st;
	uint64_t me = t->me.actor.account_id;

	s->f = *(const struct pref_file_ref *)arg;
	list_mem_init(&s->rows, 1);
	for (int a = 0; a < FA_COUNT; a++) {
		const char *label;
		const char *cells[1];

		if (!instruction_offers((enum file_action)a, s->f.po, s->f.in))
			continue;
		label = a == FA_FOLLOW ? (pac_following(s->f.in, me) ? _("Ne plus suivre ce dossier")
		                                                     : _("Suivre ce dossier"))
		                       : pref_action_label((enum file_action)a);
		cells[0] = label;
		list_mem_add(&s->rows, (uint64_t)a + 1, cells);
	}
	list_init(&s->list, actions_cols, 1, &list_mem_source, &s->rows);
	return list_refresh(&s->list);
}

static void screen_pac_leave(struct tui *t, void *st)
{
	struct pac_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
}

static void screen_pac_draw(struct tui *t, void *st)
{
	struct pac_state *s = st;
	char *title = xasprintf(_("Dossier n° %llu — actions"), (unsigned long long)s->f.id);

	draw_title(t, title);
	free(title);
	pref_draw_envelope(t, 1);
	draw_text(3, 2, _("Ce que l'état du dossier permet (chaque décision est confirmée) :"),
	          COLS - 4, false);
	list_draw(&s->list, 5, 2, COLS - 4, LINES - 8, NULL, NULL);
	t->cur_y = -1;
}

/* A decision came back done: this menu goes too, and the file reads itself again. */
static void screen_pac_resume(struct tui *t, void *st, int code, void *result)
{
	struct pac_state *s = st;

	if (code == PREF_RESULT_CHANGED)
		(void)tui_pop(t, PREF_RESULT_CHANGED, &s->f.id);
}

static int pac_choose(struct tui *t, struct pac_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	enum file_action a;
	char *why = NULL;
	size_t npaid = 0;

	if (r == NULL)
		return SCR_HANDLED;
	a = (enum file_action)(r->id - 1);
	if (a == FA_FOLLOW) {
		bool on = !pac_following(s->f.in, t->me.actor.account_id);

		if (uc_file_follow(&t->uc, s->f.id, on, &why) == RC_OK) {
			tui_msg(t, MSG_INFO, on ? _("Vous suivez ce dossier.")
			                        : _("Vous ne suivez plus ce dossier."));
			free(why);
			return tui_pop(t, PREF_RESULT_CHANGED, &s->f.id);
		}
		tui_msg_why(t, why, _("Suivi impossible."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	{
		struct pref_decide_arg d = {
			.action = a, .id = s->f.id, .po_version = s->f.po->version,
			.in_version = s->f.in->version, .requested = s->f.po->estimated,
			.subsidy = s->f.po->subsidy, .paid = preorder_paid(s->f.po, &npaid),
			.priority = s->f.in->priority, .priority_note = s->f.in->priority_note,
		};

		return tui_push(t, &screen_pref_decide, &d);
	}
}

static int screen_pac_act(struct tui *t, void *st, int action)
{
	return action == PAC_CHOOSE ? pac_choose(t, st) : SCR_IGNORED;
}

static int screen_pac_key(struct tui *t, void *st, struct tui_key k)
{
	struct pac_state *s = st;

	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return pac_choose(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_pref_actions = {
	.name = "pref-actions",
	.help = N_("Les actions que l'état du dossier permet. Entrée ouvre celle choisie : elle "
		"dit ce qui va se passer et ne fait rien avant F5. Les règles du programme "
		"peuvent encore la refuser, avec la raison."),
	.state_size = sizeof(struct pac_state),
	.keys = &actions_keys,
	.enter = screen_pac_enter,
	.draw = screen_pac_draw,
	.act = screen_pac_act,
	.key = screen_pac_key,
	.leave = screen_pac_leave,
	.resume = screen_pac_resume,
};
