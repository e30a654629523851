/*
 * screen-refurb-mine.c — « Mon dossier de reconditionneur »: the
 * refurbisher's state (en attente, sélectionné, non sélectionné with the
 * reason), its registration and benches, its offers with what the price
 * rule says of each (and the team's reason when confirmed excessive), its
 * dossier; and refurb_view_fill(), the same text for the team's detail.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/util.h"
#include "tui/refurb-view.h"
#include "tui/screen.h"

static void add(struct textview *v, int width, bool bold, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct textview *v, int width, bool bold, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	textview_add(v, s, width, true, bold);
	free(s);
}

void refurb_view_fill(struct textview *v, const struct refurb *r, const struct price_row *rows,
                      int width, bool with_eval)
{
	char d[16], m[48], m2[48];

	add(v, width, true, _("%s — %s"), r->name, refurb_state_label(r->state));
	if (r->state == REFURB_NOT_SELECTED)
		add(v, width, false, _("Motif : %s"), r->reason);
	if (r->state == REFURB_PENDING && !with_eval)
		add(v, width, false, "%s", _("Votre dossier attend l'évaluation de l'équipe du "
		                              "programme. Seuls les reconditionneurs sélectionnés sont "
		                              "présentés aux collectivités."));
	if (with_eval) {
		/* the team reads its own scores first */
		for (int c = 0; c < CRIT_COUNT; c++) {
			if (r->eval.scored[c])
				add(v, width, false, _("%s : %u/5 %s"), criterion_label((enum criterion)c),
				    r->eval.score[c], r->eval.comment[c]);
			else
				add(v, width, false, _("%s : non noté"), criterion_label((enum criterion)c));
		}
	}
	add(v, width, false, _("SIREN %s · forme juridique : %s · créée le %s"), r->siren,
	    legal_form_label(r->legal_form), day_format(r->founded, d, sizeof d));
	if (r->nbenches == 0)
		add(v, width, false, "%s", _("Ateliers : aucun atelier indiqué."));
	for (size_t i = 0; i < r->nbenches; i++)
		add(v, width, false, _("Atelier %zu : %s %s (%s)"), i + 1, r->benches[i].postcode,
		    r->benches[i].commune, r->benches[i].insee);
	textview_add(v, "", width, false, false);
	add(v, width, true, "%s", _("Offres"));
	for (int l = 0; l < LOT_COUNT; l++) {
		const struct refurb_offer *o = &r->offers[l];

		if (!o->active) {
			add(v, width, false, _("%s : pas d'offre"), lot_label((enum lot)l));
			continue;
		}
		add(v, width, false, _("%s : %s HT, %u unités, grade %s, garantie %u mois, "
		                       "effacement : %s"), lot_label((enum lot)l),
		    cents_format(o->unit_price, m, sizeof m), o->capacity, grade_label(o->grade),
		    o->warranty_months, o->erasure);
		if (rows != NULL && rows[l].flag != PRICE_OK)
			add(v, width, false, _("  Prix %s : médiane des autres reconditionneurs "
			                       "sélectionnés %s"), price_flag_label(rows[l].flag),
			    cents_format(rows[l].median, m2, sizeof m2));
		if (rows != NULL && rows[l].flag == PRICE_CONFIRMED)
			add(v, width, false, _("  Motif : %s (offre écartée du recensement)"),
			    o->review_reason);
	}
	textview_add(v, "", width, false, false);
	add(v, width, true, "%s", _("Dossier de sélection"));
	add(v, width, false, _("Technique : %s ; certifications : %s"),
	    r->dossier.process[0] ? r->dossier.process : "—",
	    r->dossier.certifications[0] ? r->dossier.certifications : "—");
	add(v, width, false, _("Environnemental : réemploi local %u %% ; approvisionnement : %s"),
	    r->dossier.local_reuse_pct, r->dossier.sourcing[0] ? r->dossier.sourcing : "—");
	add(v, width, false, _("Social : %u emplois d'insertion, %u salariés%s"),
	    r->dossier.insertion_jobs, r->dossier.staff,
	    r->dossier.ess ? _(", structure de l'ESS") : "");
	add(v, width, false, _("Économique : %u ans d'activité, chiffre d'affaires %s"),
	    r->dossier.years_activity, turnover_label(r->dossier.turnover));
}

struct mine_state {
	struct textview view;
};

static void mine_load(struct tui *t, struct mine_state *s)
{
	struct refurb *r = xmalloc(sizeof *r);
	struct price_row rows[LOT_COUNT];
	char *why = NULL;

	textview_clear(&s->view);
	if (uc_refurb_get(&t->uc, t->uc.actor->org_id, r, &why) != RC_OK) {
		tui_msg_why(t, why, _("Dossier de reconditionneur illisible."));
	} else {
		bool flags = uc_refurb_flags(&t->uc, t->uc.actor->org_id, rows, NULL) == RC_OK;

		refurb_view_fill(&s->view, r, flags ? rows : NULL, COLS - 4, false);
	}
	free(why);
	free(r);
}

static int screen_mine_enter(struct tui *t, void *st, const void *arg)
{
	mine_load(t, st);
	return RC_OK;
}

static void screen_mine_leave(struct tui *t, void *st)
{
	textview_clear(&((struct mine_state *)st)->view);
}

static void screen_mine_draw(struct tui *t, void *st)
{
	struct mine_state *s = st;

	draw_title(t, _("Mon dossier de reconditionneur"));
	textview_draw(&s->view, 2, 2, COLS - 4, LINES - 5);
}

static int screen_mine_key(struct tui *t, void *st, struct tui_key k)
{
	struct mine_state *s = st;

	return textview_key(&s->view, &k, LINES - 5) ? SCR_HANDLED | SCR_REDRAW : SCR_IGNORED;
}

static const struct tui_keydef mine_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Défiler") },
};
static const struct tui_keymap mine_keys = TUI_KEYMAP(mine_defs);

const struct screen screen_refurb_mine = {
	.name = "refurb-mine",
	.help = N_("Mon dossier de reconditionneur : votre état (en attente, sélectionné, non "
		"sélectionné avec le motif), vos ateliers, vos offres par lot avec ce que la règle "
		"des prix en dit, et votre dossier de sélection. Un prix supérieur à 1,5 fois la "
		"médiane des autres reconditionneurs sélectionnés est signalé à l'équipe du "
		"programme, qui le confirme ou lève le signalement.\n\n↑ ↓ PgPréc PgSuiv : défiler."),
	.state_size = sizeof(struct mine_state),
	.keys = &mine_keys,
	.enter = screen_mine_enter,
	.draw = screen_mine_draw,
	.key = screen_mine_key,
	.leave = screen_mine_leave,
};
