/*
 * screen-follow.c — « Suivi de ma demande »: the state of the
 * organisation's most recent pre-order, its dates, the préfecture's
 * decision and reason, the retained amount, convention and subsidy when
 * they exist, then its history (the audit events, in French), scrolled
 * with the arrows and PgUp/PgDn. Read only; everything from people is
 * sanitised when drawn (draw_user).
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-form.h"
#include "tui/screen.h"

struct follow_state {
	struct actor actor;
	struct uc uc;
	struct preorder po;
	bool have;
	char **lines;          /* the page's text, wrapped */
	size_t n;
	size_t top;
};

static void follow_add(struct follow_state *s, const char *text, bool user)
{
	char *clean = user ? text_sanitize(text, true) : xstrdup(text);
	char **w = NULL;
	size_t n = 0;

	wrap_text(clean, COLS - 4, &w, &n);
	s->lines = xrealloc(s->lines, (s->n + n + 1) * sizeof *s->lines);
	for (size_t i = 0; i < n; i++)
		s->lines[s->n++] = w[i];
	free(w);
	free(clean);
}

static void follow_addf(struct follow_state *s, const char *label, char *value)
{
	char *line = xasprintf("%s : %s", label, value);

	follow_add(s, line, true);
	free(line);
	free(value);
}

static void follow_build(struct follow_state *s)
{
	const struct preorder *po = &s->po;
	char a[48], d[16], **hist = NULL;
	size_t nh = 0;

	follow_addf(s, "Intention de commande", xasprintf("n° %llu, %s (version %llu)",
	            (unsigned long long)po->id, preorder_state_label(po->state),
	            (unsigned long long)po->version));
	follow_addf(s, "Créée le", xstrdup(day_format(day_of_instant(po->created_at), d, sizeof d)));
	if (po->submitted_at != 0)
		follow_addf(s, "Déposée le",
		            xstrdup(day_format(day_of_instant(po->submitted_at), d, sizeof d)));
	if (po->instructed_at != 0)
		follow_addf(s, "En instruction depuis le",
		            xstrdup(day_format(day_of_instant(po->instructed_at), d, sizeof d)));
	follow_addf(s, "Total estimé", xasprintf("%s HT", cents_format(po->estimated, a, sizeof a)));
	if (po->decided_at != 0)
		follow_addf(s, "Décision de la préfecture",
		            xasprintf("%s le %s", preorder_state_label(po->state),
		                      day_format(day_of_instant(po->decided_at), d, sizeof d)));
	else
		follow_addf(s, "Décision de la préfecture", xstrdup("pas encore prise"));
	if (po->reason[0] != '\0')
		follow_addf(s, po->state == PO_NON_RETENUE ? "Motif" : "Commentaire",
		            xstrdup(po->reason));
	if (po->retained > 0)
		follow_addf(s, "Dépense retenue",
		            xasprintf("%s HT", cents_format(po->retained, a, sizeof a)));
	if (po->subsidy > 0)
		follow_addf(s, "Subvention accordée", xstrdup(cents_format(po->subsidy, a, sizeof a)));
	if (po->convention_no[0] != '\0')
		follow_addf(s, "Convention", xasprintf("n° %s signée le %s", po->convention_no,
		                                       day_format(po->convention_date, d, sizeof d)));
	if (po->payment > 0)
		follow_addf(s, "Subvention versée",
		            xasprintf("%s le %s", cents_format(po->payment, a, sizeof a),
		                      day_format(po->payment_date, d, sizeof d)));
	follow_add(s, "", false);
	follow_add(s, "Historique du dossier :", false);
	if (uc_preorder_history(&s->uc, po->id, &hist, &nh, NULL) == RC_OK) {
		for (size_t i = 0; i < nh; i++) {
			char *line = xasprintf("• %s", hist[i]);

			follow_add(s, line, true);
			free(line);
			free(hist[i]);
		}
		free(hist);
	}
}

static int screen_follow_enter(struct tui *t)
{
	struct follow_state *s = xcalloc(1, sizeof *s);
	char *why = NULL;

	t->state[SCREEN_FOLLOW] = s;
	if (uc_actor_load(t->st, t->acct.id, &s->actor, &why) == RC_OK) {
		s->uc.st = t->st;
		s->uc.actor = &s->actor;
		s->have = uc_preorder_current(&s->uc, true, &s->po, &why) == RC_OK;
	}
	if (s->have)
		follow_build(s);
	else
		follow_add(s, why != NULL ? why : "Aucune intention de commande.", false);
	free(why);
	return RC_OK;
}

static void screen_follow_leave(struct tui *t)
{
	struct follow_state *s = t->state[SCREEN_FOLLOW];

	if (s == NULL)
		return;
	wrap_free(s->lines, s->n);
	free(s);
	t->state[SCREEN_FOLLOW] = NULL;
}

static int follow_rows(void)
{
	return LINES - 5;
}

static void screen_follow_draw(struct tui *t)
{
	struct follow_state *s = t->state[SCREEN_FOLLOW];

	draw_title(t, "Suivi de ma demande");
	for (int r = 0; r < follow_rows() && s->top + (size_t)r < s->n; r++)
		draw_text(2 + r, 2, s->lines[s->top + (size_t)r], COLS - 4, false);
	draw_help_line(" F1/^G Aide  ↑↓ PgPréc PgSuiv Défiler  F3/^B Retour");
}

static int screen_follow_key(struct tui *t, struct tui_key k)
{
	struct follow_state *s = t->state[SCREEN_FOLLOW];
	size_t page = (size_t)follow_rows();
	size_t last = s->n > page ? s->n - page : 0;

	if (tui_key_back(k)) {
		t->next = SCREEN_HOME;
		return SCR_HANDLED | SCR_SWITCH;
	}
	if (!k.fn)
		return SCR_IGNORED;
	switch (k.code) {
	case KEY_UP:
		if (s->top > 0)
			s->top--;
		break;
	case KEY_DOWN:
		if (s->top < last)
			s->top++;
		break;
	case KEY_PPAGE:
		s->top = s->top > page ? s->top - page : 0;
		break;
	case KEY_NPAGE:
		s->top = s->top + page < last ? s->top + page : last;
		break;
	case KEY_HOME:
		s->top = 0;
		break;
	case KEY_END:
		s->top = last;
		break;
	default:
		return SCR_IGNORED;
	}
	return SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_follow = {
	.name = "follow",
	.help = "Suivi de ma demande : l'état de votre intention de commande, la décision de la "
		"préfecture, la convention et la subvention, puis l'historique du dossier "
		"(qui a fait quoi et quand).\n\n"
		"↑ ↓ PgPréc PgSuiv Début Fin : défiler.\nF3, ^B ou Échap : retour au menu.",
	.enter = screen_follow_enter,
	.draw = screen_follow_draw,
	.key = screen_follow_key,
	.leave = screen_follow_leave,
};
