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
#include "core/uc-settings.h"
#include "core/util.h"
#include "tui/field.h"
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

	if (!k.fn && k.code >= '1' && k.code < '1' + LOT_COUNT) {
		enum lot l = (enum lot)(k.code - '1');

		tui_msg_clear(t);
		return tui_push(t, &screen_refurb_offer, &l);
	}
	return textview_key(&s->view, &k, LINES - 5) ? SCR_HANDLED | SCR_REDRAW : SCR_IGNORED;
}

static void screen_mine_resume(struct tui *t, void *st, int code, void *result)
{
	mine_load(t, st);
}

enum { MINE_OFFER = 1 };

static const struct tui_keydef mine_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Défiler") },
	{ .keys = N_("1-4"), .label = N_("Modifier l'offre d'un lot") },
};
static const struct tui_keymap mine_keys = TUI_KEYMAP(mine_defs);

const struct screen screen_refurb_mine = {
	.name = "refurb-mine",
	.help = N_("Mon dossier de reconditionneur : votre état (en attente, sélectionné, non "
		"sélectionné avec le motif), vos ateliers, vos offres par lot avec ce que la règle "
		"des prix en dit, et votre dossier de sélection. Un prix supérieur à 1,5 fois la "
		"médiane des autres reconditionneurs sélectionnés est signalé à l'équipe du "
		"programme, qui le confirme ou lève le signalement.\n\n↑ ↓ PgPréc PgSuiv : défiler ; "
		"1, 2, 3, 4 : modifier l'offre du PC fixe, du PC portable, de la tablette, du "
		"smartphone."),
	.state_size = sizeof(struct mine_state),
	.keys = &mine_keys,
	.enter = screen_mine_enter,
	.draw = screen_mine_draw,
	.key = screen_mine_key,
	.leave = screen_mine_leave,
	.resume = screen_mine_resume,
};

/* ---- one lot's offer ---- */

enum { OF_ACTIVE, OF_PRICE, OF_CAPACITY, OF_GRADE, OF_WARRANTY, OF_ERASURE, OF_DECREE,
       OF_CONFIG, OF_COUNT };

static const struct {
	const char *label;
	enum field_type type;
	size_t max;
} offer_fields[OF_COUNT] = {
	[OF_ACTIVE] = { N_("Offre sur ce lot (o/n)"), FIELD_CODE, 1 },
	[OF_PRICE] = { N_("Prix unitaire HT (€)"), FIELD_AMOUNT, 9 },
	[OF_CAPACITY] = { N_("Capacité (unités)"), FIELD_DIGITS, 7 },
	[OF_GRADE] = { N_("Grade (A, B ou C)"), FIELD_CODE, 1 },
	[OF_WARRANTY] = { N_("Garantie (mois)"), FIELD_DIGITS, 3 },
	[OF_ERASURE] = { N_("Méthode d'effacement"), FIELD_TEXT, REFURB_ERASURE_MAX },
	[OF_DECREE] = { N_("Décret 2022-190 (o/n)"), FIELD_CODE, 1 },
	[OF_CONFIG] = { N_("Config. minimale (o/n)"), FIELD_CODE, 1 },
};

enum { OF_SAVE = 1 };

static const struct tui_keydef offer_defs[] = {
	{ .keys = N_("Tab ↑↓"), .label = N_("Champ") },
	{ .fkey = 2, .ctrl = 'w', .label = N_("Enreg."), .action = OF_SAVE },
};
static const struct tui_keymap offer_keys = TUI_KEYMAP(offer_defs);

struct offer_state {
	enum lot lot;
	uint64_t version;
	struct field f[OF_COUNT];
	int focus;
	char *config;               /* the lot's minimum configuration (settings) */
};

static int screen_offer_enter(struct tui *t, void *st, const void *arg)
{
	struct offer_state *s = st;
	struct refurb *r = xmalloc(sizeof *r);
	struct settings *set = xmalloc(sizeof *set);
	const struct refurb_offer *o;
	char *why = NULL, buf[48];
	int rc;

	s->lot = *(const enum lot *)arg;
	for (int i = 0; i < OF_COUNT; i++)
		field_init(&s->f[i], offer_fields[i].type, offer_fields[i].max, false, false);
	if ((rc = uc_refurb_get(&t->uc, t->uc.actor->org_id, r, &why)) != RC_OK) {
		tui_msg_why(t, why, _("Dossier de reconditionneur illisible."));
		goto out;
	}
	s->version = r->version;
	o = &r->offers[s->lot];
	field_set_utf8(&s->f[OF_ACTIVE], o->active ? "O" : "N");
	if (o->active) {
		snprintf(buf, sizeof buf, "%lld,%02lld", (long long)(o->unit_price / 100),
		         (long long)(o->unit_price % 100));
		field_set_utf8(&s->f[OF_PRICE], buf);
		snprintf(buf, sizeof buf, "%u", o->capacity);
		field_set_utf8(&s->f[OF_CAPACITY], buf);
		field_set_utf8(&s->f[OF_GRADE], o->grade != GRADE_NONE ? grade_label(o->grade) : "");
		snprintf(buf, sizeof buf, "%u", o->warranty_months);
		field_set_utf8(&s->f[OF_WARRANTY], buf);
		field_set_utf8(&s->f[OF_ERASURE], o->erasure);
		field_set_utf8(&s->f[OF_DECREE], o->attest_decree ? "O" : "N");
		field_set_utf8(&s->f[OF_CONFIG], o->attest_config ? "O" : "N");
	}
	if (uc_settings_get(&t->uc, set, NULL) == RC_OK)
		s->config = xstrdup(set->lots[s->lot].min_config);
out:
	free(why);
	free(set);
	free(r);
	return rc;
}

static void screen_offer_leave(struct tui *t, void *st)
{
	struct offer_state *s = st;

	for (int i = 0; i < OF_COUNT; i++)
		field_free(&s->f[i]);
	free(s->config);
}

static void screen_offer_draw(struct tui *t, void *st)
{
	struct offer_state *s = st;
	char *title = xasprintf(_("Offre : %s"), lot_label(s->lot));
	int y = 2;

	draw_title(t, title);
	free(title);
	t->cur_y = -1;
	for (int i = 0; i < OF_COUNT; i++, y++) {
		draw_text(y, 0, i == s->focus ? "▸" : " ", 1, false);
		draw_text(y, 2, _(offer_fields[i].label), 24, true);
		field_draw(&s->f[i], stdscr, y, 27, COLS - 29, i == s->focus, &t->cur_y, &t->cur_x);
	}
	if (s->config != NULL) {
		attrset(A_BOLD);
		draw_text(y + 1, 2, _("Configuration minimale du lot :"), COLS - 4, false);
		attrset(A_NORMAL);
		draw_wrapped(y + 2, 2, s->config, LINES - y - 5);
	}
}

static bool yes(const struct field *f, bool *ok)
{
	char *v = field_utf8(f);
	bool y = strcmp(v, "O") == 0;

	*ok = *ok && (y || strcmp(v, "N") == 0);
	free(v);
	return y;
}

static int offer_save(struct tui *t, struct offer_state *s)
{
	struct refurb_offer o;
	char *v = NULL, *why = NULL;
	bool ok = true;
	int bad = -1;

	memset(&o, 0, sizeof o);
	o.active = yes(&s->f[OF_ACTIVE], &ok);
	if (!ok)
		bad = OF_ACTIVE;
	if (o.active && bad < 0) {
		unsigned long n;

		v = field_utf8(&s->f[OF_PRICE]);
		if (cents_parse(v, &o.unit_price, NULL) != RC_OK)
			bad = OF_PRICE;
		free(v);
		v = field_utf8(&s->f[OF_CAPACITY]);
		n = strtoul(v, NULL, 10);
		o.capacity = n <= REFURB_CAPACITY_MAX ? (uint32_t)n : 0;
		free(v);
		v = field_utf8(&s->f[OF_GRADE]);
		if (bad < 0 && grade_parse(v, &o.grade, NULL) != RC_OK)
			bad = OF_GRADE;
		free(v);
		v = field_utf8(&s->f[OF_WARRANTY]);
		o.warranty_months = (uint32_t)strtoul(v, NULL, 10);
		free(v);
		v = field_utf8(&s->f[OF_ERASURE]);
		strlcpy_(o.erasure, v, sizeof o.erasure);
		free(v);
		ok = true;
		o.attest_decree = yes(&s->f[OF_DECREE], &ok);
		o.attest_config = yes(&s->f[OF_CONFIG], &ok);
	}
	if (bad >= 0) {
		s->focus = bad;
		tui_msg(t, MSG_ERROR, _("Champ « %s » : valeur invalide."), _(offer_fields[bad].label));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (uc_refurb_save_offer(&t->uc, t->uc.actor->org_id, s->version, s->lot, &o, &why) !=
	    RC_OK) {
		tui_msg_why(t, why, _("Offre non enregistrée."));
		free(why);
		return SCR_HANDLED | SCR_REDRAW;
	}
	tui_msg(t, MSG_INFO, _("Offre %s enregistrée."), lot_label(s->lot));
	return tui_pop(t, 1, NULL);
}

static int screen_offer_act(struct tui *t, void *st, int action)
{
	return action == OF_SAVE ? offer_save(t, st) : SCR_IGNORED;
}

static int screen_offer_key(struct tui *t, void *st, struct tui_key k)
{
	struct offer_state *s = st;

	if ((!k.fn && k.code == '\t') || (k.fn && k.code == KEY_DOWN) || tui_key_enter(k)) {
		s->focus = (s->focus + 1) % OF_COUNT;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if ((k.fn && k.code == KEY_BTAB) || (k.fn && k.code == KEY_UP)) {
		s->focus = (s->focus + OF_COUNT - 1) % OF_COUNT;
		return SCR_HANDLED | SCR_REDRAW;
	}
	switch (field_key(&s->f[s->focus], k.code, k.fn)) {
	case FIELD_IGNORED:
		return SCR_IGNORED;
	case FIELD_REFUSED:
		beep();
		return SCR_HANDLED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_refurb_offer = {
	.name = "refurb-offer",
	.help = N_("Offre d'un lot : prix unitaire HT, capacité, grade esthétique, garantie, "
		"méthode d'effacement des données, et les deux attestations (décret 2022-190 : "
		"toutes les fonctions testées, toutes les données effacées ; configuration minimale "
		"du lot, rappelée sous le formulaire). « n » à la première ligne retire l'offre.\n\n"
		"Tab, ↑ ↓ ou Entrée : champ suivant ; F2 ou ^W : enregistrer ; F3 ou Échap : "
		"revenir sans enregistrer. Chaque modification est gardée dans l'historique."),
	.state_size = sizeof(struct offer_state),
	.keys = &offer_keys,
	.enter = screen_offer_enter,
	.draw = screen_offer_draw,
	.act = screen_offer_act,
	.key = screen_offer_key,
	.leave = screen_offer_leave,
};
