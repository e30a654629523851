/*
 * screen-admin-refurb.c — the programme team's refurbisher screens:
 * « Reconditionneurs » (every refurbisher with its state, in the list
 * widget; Entrée opens one), the detail of one (its record and the
 * evaluation; e notes the four criteria, s selects, n does not select with
 * a reason), « Prix signalés » (every offer with the median it is compared
 * with, flagged ones first; c confirms with a reason, l lifts), and the
 * one-line prompt they ask reasons and scores with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/util.h"
#include "tui/field.h"
#include "tui/list.h"
#include "tui/refurb-view.h"
#include "tui/screen.h"

/* ---- the prompt ---- */

struct prompt_state {
	const char *title, *question;
	struct field f;
	struct prompt_result res;
};

static const struct tui_keydef prompt_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Valider") },
	{ .fkey = 3, .ctrl = 'b', .label = N_("Annuler"), .action = TK_BACK },
};
static const struct tui_keymap prompt_keys = TUI_KEYMAP(prompt_defs);

static int screen_prompt_enter(struct tui *t, void *st, const void *arg)
{
	const struct prompt_arg *a = arg;
	struct prompt_state *s = st;

	s->title = a->title;
	s->question = a->question;
	s->res.tag = a->tag;
	field_init(&s->f, FIELD_TEXT, a->max > 0 ? a->max : 200, false, false);
	if (a->initial != NULL)
		field_set_utf8(&s->f, a->initial);
	return RC_OK;
}

static void screen_prompt_leave(struct tui *t, void *st)
{
	struct prompt_state *s = st;

	field_free(&s->f);
	free(s->res.text);
}

static void screen_prompt_draw(struct tui *t, void *st)
{
	struct prompt_state *s = st;

	draw_title(t, s->title);
	draw_wrapped(3, 2, s->question, 4);
	field_draw(&s->f, stdscr, 8, 2, COLS - 4, true, &t->cur_y, &t->cur_x);
}

static int screen_prompt_key(struct tui *t, void *st, struct tui_key k)
{
	struct prompt_state *s = st;

	if (tui_key_enter(k)) {
		free(s->res.text);
		s->res.text = field_utf8(&s->f);
		return tui_pop(t, PROMPT_OK, &s->res);
	}
	switch (field_key(&s->f, k.code, k.fn)) {
	case FIELD_IGNORED:
		return SCR_IGNORED;
	case FIELD_REFUSED:
		beep();
		return SCR_HANDLED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_admin_prompt = {
	.name = "prompt",
	.help = N_("Tapez la réponse puis Entrée ; F3, ^B ou Échap annule sans rien changer."),
	.state_size = sizeof(struct prompt_state),
	.keys = &prompt_keys,
	.enter = screen_prompt_enter,
	.draw = screen_prompt_draw,
	.key = screen_prompt_key,
	.leave = screen_prompt_leave,
};

/* ---- « Reconditionneurs » ---- */

static const struct list_col refurbs_cols[] = {
	{ N_("Reconditionneur"), 30, 3, LIST_LEFT, true },
	{ N_("Dépt"), 4, 0, LIST_LEFT, true },
	{ N_("État"), 15, 0, LIST_LEFT, true },
	{ N_("Offres"), 6, 0, LIST_RIGHT, false },
	{ N_("Ateliers"), 8, 0, LIST_RIGHT, false },
};

enum { RF_OPEN = 1 };

static const struct tui_keydef refurbs_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Ouvrir"), .action = RF_OPEN },
	{ .keys = N_("/"), .label = N_("Chercher"), .panel_only = true },
};
static const struct tui_keymap refurbs_keys = TUI_KEYMAP(refurbs_defs);

struct refurbs_state {
	struct list_mem rows;
	struct list list;
};

static int refurbs_one(const struct refurb *r, void *ctx)
{
	struct list_mem *m = ctx;
	char offers[8], benches[8];
	int n = 0;
	const char *cells[5] = { r->name, r->dept, refurb_state_label(r->state), offers, benches };

	for (int l = 0; l < LOT_COUNT; l++)
		n += r->offers[l].active;
	snprintf(offers, sizeof offers, "%d", n);
	snprintf(benches, sizeof benches, "%zu", r->nbenches);
	list_mem_add(m, r->org_id, cells);
	return 0;
}

static void refurbs_load(struct tui *t, struct refurbs_state *s)
{
	char *why = NULL;

	list_mem_clear(&s->rows);
	if (uc_refurb_list(&t->uc, true, REFURB_PENDING, refurbs_one, &s->rows, &why) != RC_OK)
		tui_msg_why(t, why, _("Liste des reconditionneurs illisible."));
	free(why);
	(void)list_refresh(&s->list);
}

static int screen_refurbs_enter(struct tui *t, void *st, const void *arg)
{
	struct refurbs_state *s = st;

	list_mem_init(&s->rows, ARRAY_LEN(refurbs_cols));
	list_init(&s->list, refurbs_cols, ARRAY_LEN(refurbs_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;
	s->list.searchable = true;
	refurbs_load(t, s);
	return RC_OK;
}

static void screen_refurbs_leave(struct tui *t, void *st)
{
	struct refurbs_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
}

static void screen_refurbs_resume(struct tui *t, void *st, int code, void *result)
{
	refurbs_load(t, st);
}

static void screen_refurbs_draw(struct tui *t, void *st)
{
	struct refurbs_state *s = st;
	char pos[64];

	draw_title(t, _("Reconditionneurs"));
	if (s->list.total == 0 && s->list.q.folded[0] == '\0')
		draw_text(3, 2, _("Aucun acteur du reconditionnement inscrit."), COLS - 4, false);
	list_draw(&s->list, 2, 2, COLS - 4, LINES - 5, &t->cur_y, &t->cur_x);
	list_position(&s->list, pos, sizeof pos);
	draw_text(LINES - 3, 2, pos, COLS - 4, false);
}

static int refurbs_open(struct tui *t, struct refurbs_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	uint64_t id;

	if (r == NULL || r->id == 0)
		return SCR_IGNORED;
	id = r->id;
	return tui_push(t, &screen_admin_refurb, &id);
}

static int screen_refurbs_act(struct tui *t, void *st, int action)
{
	return action == RF_OPEN ? refurbs_open(t, st) : SCR_IGNORED;
}

static int screen_refurbs_key(struct tui *t, void *st, struct tui_key k)
{
	struct refurbs_state *s = st;

	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return refurbs_open(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_admin_refurbs = {
	.name = "admin-refurbs",
	.help = N_("Reconditionneurs : chaque acteur du reconditionnement inscrit, son département, "
		"son état (en attente, sélectionné, non sélectionné), ses offres et ses ateliers.\n\n"
		"↑ ↓ : choisir ; Entrée : ouvrir son dossier pour l'évaluer ; / : chercher."),
	.state_size = sizeof(struct refurbs_state),
	.keys = &refurbs_keys,
	.enter = screen_refurbs_enter,
	.draw = screen_refurbs_draw,
	.act = screen_refurbs_act,
	.key = screen_refurbs_key,
	.leave = screen_refurbs_leave,
	.resume = screen_refurbs_resume,
};

/* ---- one refurbisher ---- */

enum { RD_SCORE = 1, RD_SELECT, RD_REJECT };
enum { TAG_SCORES = 1, TAG_REASON, TAG_CONFIRM };

static const struct tui_keydef refurb_defs[] = {
	{ .ch = 'e', .keys = N_("e"), .label = N_("Noter"), .action = RD_SCORE },
	{ .ch = 's', .keys = N_("s"), .label = N_("Sélectionner"), .action = RD_SELECT },
	{ .ch = 'n', .keys = N_("n"), .label = N_("Ne pas sélectionner"), .action = RD_REJECT },
};
static const struct tui_keymap refurb_keys = TUI_KEYMAP(refurb_defs);

struct rd_state {
	uint64_t org_id;
	struct refurb *r;
	struct textview view;
};

static void refurb_load(struct tui *t, struct rd_state *s)
{
	struct price_row rows[LOT_COUNT];
	char *why = NULL;

	textview_clear(&s->view);
	if (uc_refurb_get(&t->uc, s->org_id, s->r, &why) != RC_OK) {
		tui_msg_why(t, why, _("Dossier de reconditionneur illisible."));
	} else {
		bool flags = uc_refurb_flags(&t->uc, s->org_id, rows, NULL) == RC_OK;

		refurb_view_fill(&s->view, s->r, flags ? rows : NULL, COLS - 4, true);
	}
	free(why);
}

static int screen_refurb_enter(struct tui *t, void *st, const void *arg)
{
	struct rd_state *s = st;

	s->org_id = *(const uint64_t *)arg;
	s->r = xcalloc(1, sizeof *s->r);
	refurb_load(t, s);
	return RC_OK;
}

static void screen_refurb_leave(struct tui *t, void *st)
{
	struct rd_state *s = st;

	textview_clear(&s->view);
	free(s->r);
}

static void screen_refurb_draw(struct tui *t, void *st)
{
	struct rd_state *s = st;

	draw_title(t, _("Évaluation d'un reconditionneur"));
	textview_draw(&s->view, 2, 2, COLS - 4, LINES - 5);
}

/* "4 3 5 2": the four scores, in the order of the criteria. */
static int refurb_scores(struct tui *t, struct rd_state *s, const char *text)
{
	struct refurb_eval e = s->r->eval;
	unsigned v[CRIT_COUNT];
	char *why = NULL;
	int n = sscanf(text, "%u %u %u %u", &v[0], &v[1], &v[2], &v[3]);

	if (n != CRIT_COUNT) {
		tui_msg(t, MSG_ERROR, _("Tapez quatre notes de 0 à 5 séparées par des espaces "
		                        "(technique, environnemental, social, économique)."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	for (int c = 0; c < CRIT_COUNT; c++) {
		e.scored[c] = true;
		e.score[c] = v[c];
	}
	if (uc_refurb_evaluate(&t->uc, s->org_id, s->r->version, &e, &why) == RC_OK)
		tui_msg(t, MSG_INFO, _("Notes enregistrées."));
	else
		tui_msg_why(t, why, _("Notes non enregistrées."));
	free(why);
	return SCR_HANDLED | SCR_REDRAW;
}

static int refurb_decide(struct tui *t, struct rd_state *s, bool select, const char *reason)
{
	char *why = NULL;

	if (uc_refurb_decide(&t->uc, s->org_id, s->r->version, select, reason, &why) == RC_OK)
		tui_msg(t, MSG_INFO, select ? _("Reconditionneur sélectionné.")
		                            : _("Reconditionneur non sélectionné : il lira le motif."));
	else
		tui_msg_why(t, why, _("Décision non enregistrée."));
	free(why);
	refurb_load(t, s);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_refurb_act(struct tui *t, void *st, int action)
{
	struct rd_state *s = st;
	struct prompt_arg a = { .title = _("Évaluation d'un reconditionneur"), .max = 200 };

	switch (action) {
	case RD_SCORE:
		a.question = _("Notes de 0 à 5, dans l'ordre : technique, environnemental, social, "
		               "économique (par exemple « 4 3 5 2 ») :");
		a.tag = TAG_SCORES;
		return tui_push(t, &screen_admin_prompt, &a);
	case RD_SELECT:
		return refurb_decide(t, s, true, "");
	case RD_REJECT:
		a.question = _("Motif de non-sélection (10 à 1 000 caractères, lu par le "
		               "reconditionneur) :");
		a.tag = TAG_REASON;
		a.max = REFURB_REASON_MAX;
		return tui_push(t, &screen_admin_prompt, &a);
	default:
		return SCR_IGNORED;
	}
}

static void screen_refurb_resume(struct tui *t, void *st, int code, void *result)
{
	struct rd_state *s = st;
	struct prompt_result *p = result;

	if (code == PROMPT_OK && p != NULL && p->text != NULL) {
		if (p->tag == TAG_SCORES)
			refurb_scores(t, s, p->text);
		else if (p->tag == TAG_REASON)
			refurb_decide(t, s, false, p->text);
	}
	refurb_load(t, s);
}

static int screen_refurb_key(struct tui *t, void *st, struct tui_key k)
{
	struct rd_state *s = st;

	return textview_key(&s->view, &k, LINES - 5) ? SCR_HANDLED | SCR_REDRAW : SCR_IGNORED;
}

const struct screen screen_admin_refurb = {
	.name = "admin-refurb",
	.help = N_("Évaluation d'un reconditionneur : son dossier, ses offres et les notes déjà "
		"données.\n\ne : noter les quatre critères (0 à 5) ; s : sélectionner (les quatre "
		"critères notés) ; n : ne pas sélectionner, avec un motif que le reconditionneur "
		"lira. Seuls les reconditionneurs sélectionnés sont présentés aux collectivités."),
	.state_size = sizeof(struct rd_state),
	.keys = &refurb_keys,
	.enter = screen_refurb_enter,
	.draw = screen_refurb_draw,
	.act = screen_refurb_act,
	.key = screen_refurb_key,
	.leave = screen_refurb_leave,
	.resume = screen_refurb_resume,
};

/* ---- « Prix signalés » ---- */

static const struct list_col prices_cols[] = {
	{ N_("Reconditionneur"), 24, 3, LIST_LEFT, true },
	{ N_("Lot"), 11, 0, LIST_LEFT, true },
	{ N_("Prix HT"), 11, 0, LIST_RIGHT, false },
	{ N_("Médiane"), 11, 0, LIST_RIGHT, false },
	{ N_("Prix"), 15, 0, LIST_LEFT, true },
};

enum { PR_CONFIRM = 1, PR_LIFT };

static const struct tui_keydef prices_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .ch = 'c', .keys = N_("c"), .label = N_("Confirmer"), .action = PR_CONFIRM },
	{ .ch = 'l', .keys = N_("l"), .label = N_("Lever"), .action = PR_LIFT },
};
static const struct tui_keymap prices_keys = TUI_KEYMAP(prices_defs);

struct prices_state {
	struct price_row *rows;
	size_t n;
	struct list_mem mem;
	struct list list;
};

static void prices_load(struct tui *t, struct prices_state *s)
{
	char *why = NULL;

	free(s->rows);
	s->rows = NULL;
	s->n = 0;
	list_mem_clear(&s->mem);
	if (uc_refurb_prices(&t->uc, &s->rows, &s->n, &why) != RC_OK)
		tui_msg_why(t, why, _("Prix des offres illisibles."));
	for (size_t i = 0; i < s->n; i++) {
		const struct price_row *p = &s->rows[i];
		char m1[48], m2[48];
		const char *cells[5] = { p->name, lot_label(p->lot),
		                         cents_format(p->price, m1, sizeof m1),
		                         p->has_median ? cents_format(p->median, m2, sizeof m2) : "—",
		                         price_flag_label(p->flag) };

		list_mem_add(&s->mem, i + 1, cells);
	}
	free(why);
	(void)list_refresh(&s->list);
}

static int screen_prices_enter(struct tui *t, void *st, const void *arg)
{
	struct prices_state *s = st;

	list_mem_init(&s->mem, ARRAY_LEN(prices_cols));
	list_init(&s->list, prices_cols, ARRAY_LEN(prices_cols), &list_mem_source, &s->mem);
	s->list.header = true;
	s->list.user_text = true;
	prices_load(t, s);
	return RC_OK;
}

static void screen_prices_leave(struct tui *t, void *st)
{
	struct prices_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->mem);
	free(s->rows);
}

static void screen_prices_draw(struct tui *t, void *st)
{
	struct prices_state *s = st;

	draw_title(t, _("Prix signalés"));
	if (s->n == 0)
		draw_text(3, 2, _("Aucune offre de reconditionneur."), COLS - 4, false);
	list_draw(&s->list, 2, 2, COLS - 4, LINES - 5, NULL, NULL);
}

static const struct price_row *prices_selected(struct prices_state *s)
{
	const struct list_row *r = list_selected(&s->list);

	return r != NULL && r->id >= 1 && r->id <= s->n ? &s->rows[r->id - 1] : NULL;
}

static int prices_review(struct tui *t, struct prices_state *s, bool confirm, const char *reason)
{
	const struct price_row *p = prices_selected(s);
	char *why = NULL;

	if (p == NULL)
		return SCR_IGNORED;
	if (uc_refurb_price_review(&t->uc, p->org_id, p->version, p->lot, confirm, reason, &why) ==
	    RC_OK)
		tui_msg(t, MSG_INFO, confirm ? _("Prix excessif confirmé : l'offre est écartée.")
		                             : _("Signalement levé."));
	else
		tui_msg_why(t, why, _("Examen du prix non enregistré."));
	free(why);
	prices_load(t, s);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_prices_act(struct tui *t, void *st, int action)
{
	struct prices_state *s = st;
	struct prompt_arg a = {
		.title = _("Prix signalés"),
		.question = _("Motif de la confirmation (10 à 1 000 caractères, lu par le "
		              "reconditionneur) :"),
		.max = REFURB_REASON_MAX, .tag = TAG_CONFIRM,
	};

	if (action == PR_LIFT)
		return prices_review(t, s, false, "");
	if (action == PR_CONFIRM && prices_selected(s) != NULL)
		return tui_push(t, &screen_admin_prompt, &a);
	return SCR_IGNORED;
}

static void screen_prices_resume(struct tui *t, void *st, int code, void *result)
{
	struct prompt_result *p = result;

	if (code == PROMPT_OK && p != NULL && p->tag == TAG_CONFIRM && p->text != NULL)
		prices_review(t, st, true, p->text);
}

static int screen_prices_key(struct tui *t, void *st, struct tui_key k)
{
	struct prices_state *s = st;

	return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_admin_prices = {
	.name = "admin-prices",
	.help = N_("Prix signalés : chaque offre, le prix médian des autres reconditionneurs "
		"sélectionnés pour le même lot et ce qu'en dit la règle (signalé au-delà du multiple "
		"fixé dans les paramètres, 1,5 par défaut). Les offres signalées viennent en tête.\n\n"
		"c : confirmer le prix excessif, avec un motif (l'offre est écartée du recensement) ; "
		"l : lever le signalement."),
	.state_size = sizeof(struct prices_state),
	.keys = &prices_keys,
	.enter = screen_prices_enter,
	.draw = screen_prices_draw,
	.act = screen_prices_act,
	.key = screen_prices_key,
	.leave = screen_prices_leave,
	.resume = screen_prices_resume,
};
