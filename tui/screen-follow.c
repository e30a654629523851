/*
 * screen-follow.c — « Suivi de ma demande »: the state of the
 * organisation's most recent pre-order, its dates, the préfecture's
 * decision and reason, the retained amount, convention and subsidy when
 * they exist, then its history (the audit events, in French), scrolled
 * with the arrows and PgUp/PgDn; first, when the préfecture asked a
 * complement that still waits, what it asked and how to file again. Read only; everything from people is
 * sanitised when drawn (draw_user).
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-form.h"
#include "tui/po-form.h"
#include "tui/screen.h"
#include "tui/textview.h"

static const struct tui_keydef follow_defs[] = {
	{ .keys = N_("↑↓ PgPréc PgSuiv"), .label = N_("Défiler") },
};
static const struct tui_keymap follow_keys = TUI_KEYMAP(follow_defs);

struct follow_state {
	const struct uc *uc;
	struct preorder po;
	bool have;
	struct textview view;
};

static void follow_add(struct follow_state *s, const char *text, bool user)
{
	textview_add(&s->view, text, COLS - 4, user, false);
}

static void follow_addf(struct follow_state *s, const char *label, char *value)
{
	char *line = xasprintf(_("%s : %s"), label, value);

	follow_add(s, line, true);
	free(line);
	free(value);
}

static void follow_build(struct tui *t, struct follow_state *s)
{
	const struct preorder *po = &s->po;
	char a[48], d[16], **hist = NULL, *prompt = po_complement_prompt(t, po);
	size_t nh = 0;

	if (prompt != NULL) {
		textview_add(&s->view, prompt, COLS - 4, true, true);
		textview_add(&s->view, "", COLS - 4, false, false);
		free(prompt);
	}
	follow_addf(s, _("Intention de commande"), xasprintf(_("n° %llu, %s (version %llu)"),
	            (unsigned long long)po->id, preorder_state_label(po->state),
	            (unsigned long long)po->version));
	follow_addf(s, _("Créée le"), xstrdup(day_format(day_of_instant(po->created_at), d, sizeof d)));
	if (po->submitted_at != 0)
		follow_addf(s, _("Déposée le"),
		            xstrdup(day_format(day_of_instant(po->submitted_at), d, sizeof d)));
	if (po->instructed_at != 0)
		follow_addf(s, _("En instruction depuis le"),
		            xstrdup(day_format(day_of_instant(po->instructed_at), d, sizeof d)));
	follow_addf(s, _("Total estimé"), xasprintf(_("%s HT"), cents_format(po->estimated, a, sizeof a)));
	if (po->decided_at != 0)
		follow_addf(s, _("Décision de la préfecture"),
		            xasprintf(_("%s le %s"), preorder_state_label(po->state),
		                      day_format(day_of_instant(po->decided_at), d, sizeof d)));
	else
		follow_addf(s, _("Décision de la préfecture"), xstrdup("pas encore prise"));
	if (po->reason[0] != '\0')
		follow_addf(s, po->state == PO_NON_RETENUE ? _("Motif") : _("Commentaire"),
		            xstrdup(po->reason));
	if (po->retained > 0)
		follow_addf(s, _("Dépense retenue"),
		            xasprintf(_("%s HT"), cents_format(po->retained, a, sizeof a)));
	if (po->subsidy > 0)
		follow_addf(s, _("Subvention accordée"), xstrdup(cents_format(po->subsidy, a, sizeof a)));
	if (po->convention_no[0] != '\0')
		follow_addf(s, _("Convention"), xasprintf(_("n° %s signée le %s"), po->convention_no,
		                                       day_format(po->convention_date, d, sizeof d)));
	if (po->payment > 0)
		follow_addf(s, _("Subvention versée"),
		            xasprintf(_("%s le %s"), cents_format(po->payment, a, sizeof a),
		                      day_format(po->payment_date, d, sizeof d)));
	follow_add(s, "", false);
	follow_add(s, "Historique du dossier :", false);
	if (uc_preorder_history(s->uc, po->id, &hist, &nh, NULL) == RC_OK) {
		for (size_t i = 0; i < nh; i++) {
			char *line = xasprintf("• %s", hist[i]);

			follow_add(s, line, true);
			free(line);
			free(hist[i]);
		}
		free(hist);
	}
}

static int screen_follow_enter(struct tui *t, void *st, const void *arg)
{
	struct follow_state *s = st;
	char *why = NULL;

	(void)arg;
	s->uc = &t->uc;
	s->have = uc_preorder_current(s->uc, true, &s->po, &why) == RC_OK;
	if (s->have)
		follow_build(t, s);
	else
		follow_add(s, why != NULL ? why : _("Aucune intention de commande."), false);
	free(why);
	return RC_OK;
}

static void screen_follow_leave(struct tui *t, void *st)
{
	struct follow_state *s = st;

	textview_clear(&s->view);
}

static void screen_follow_draw(struct tui *t, void *st)
{
	struct follow_state *s = st;

	draw_title(t, _("Suivi de ma demande"));
	textview_draw(&s->view, 2, 2, COLS - 4, LINES - 5);
}

static int screen_follow_key(struct tui *t, void *st, struct tui_key k)
{
	struct follow_state *s = st;

	return textview_key(&s->view, &k, LINES - 5) ? SCR_HANDLED | SCR_REDRAW : SCR_IGNORED;
}

const struct screen screen_follow = {
	.name = "follow",
	.help = N_("Suivi de ma demande : l'état de votre intention de commande, la décision de la "
		"préfecture, la convention et la subvention, puis l'historique du dossier "
		"(qui a fait quoi et quand).\n\n"
		"↑ ↓ PgPréc PgSuiv Début Fin : défiler.\nF3, ^B ou Échap : retour au menu."),
	.state_size = sizeof(struct follow_state),
	.keys = &follow_keys,
	.enter = screen_follow_enter,
	.draw = screen_follow_draw,
	.key = screen_follow_key,
	.leave = screen_follow_leave,
};
