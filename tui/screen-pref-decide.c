/*
 * screen-pref-decide.c — one decision or action on a file, as a small form:
 * what will happen, the fields the action needs (an amount, a date, a
 * number, a rank, a reason or a message), and F5 to do it. Retaining shows,
 * as the amount is typed, the subsidy core computes and the envelope after
 * it (or why it is refused). Nothing is done before F5; a refusal keeps
 * what was typed and says why (a colleague's change: who changed what).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/preorder-form.h"
#include "core/util.h"
#include "tui/editor.h"
#include "tui/field.h"
#include "tui/pref.h"
#include "tui/screen.h"

#define PD_FIELDS 2
#define PD_BOX_TOP 12
#define PD_BOX_ROWS 5

enum { PD_DO = 1 };

static const struct tui_keydef decide_defs[] = {
	{ .keys = N_("Tab"), .label = N_("Champ") },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Valider"), .action = PD_DO },
};
static const struct tui_keymap decide_keys = TUI_KEYMAP(decide_defs);

/* What an action asks: up to two one-line fields and a text box, and what it does. */
struct pd_spec {
	const char *what;             /* N_(): what will happen */
	struct {
		const char *label;    /* N_(), NULL: none */
		enum field_type type;
		size_t max;
	} f[PD_FIELDS];
	const char *box;              /* N_() label of the text box, NULL: none */
	size_t box_max;
};

static const struct pd_spec specs[FA_COUNT] = {
	[FA_INSTRUCT] = { N_("Le dossier passe « en instruction » et vous le suivez. Le demandeur "
	                     "le voit dans son suivi.") },
	[FA_COMPLEMENT] = { N_("Le dossier revient au demandeur, qui lit votre message, complète "
	                       "et dépose à nouveau ; il revient alors dans la file, marqué "
	                       "complété."),
	                    .box = N_("Message au demandeur (ce qui manque, obligatoire) :"),
	                    .box_max = 2000 },
	[FA_RETAIN] = { N_("Le dossier est retenu pour la dépense indiquée : la subvention est "
	                   "engagée sur l'enveloppe du département."),
	                { { N_("Dépense retenue HT"), FIELD_AMOUNT, 12 } },
	                .box = N_("Commentaire (facultatif, lu par le demandeur) :"),
	                .box_max = REASON_MAX },
	[FA_REJECT] = { N_("Le dossier n'est pas retenu ; le demandeur lit le motif et peut encore "
	                   "commander sur ses fonds propres."),
	                .box = N_("Motif (obligatoire, lu par le demandeur) :"),
	                .box_max = REASON_MAX },
	[FA_DISMISS] = { N_("Le dossier est classé sans suite ; le demandeur lit le motif."),
	                 .box = N_("Motif (obligatoire) :"), .box_max = REASON_MAX },
	[FA_REOPEN] = { N_("Le dossier repasse en instruction : la décision est levée (possible "
	                   "tant que rien n'a été versé)."),
	                .box = N_("Raison (obligatoire) :"), .box_max = REASON_MAX },
	[FA_CONVENTION] = { N_("La convention signée avec la collectivité est enregistrée : elle "
	                       "pourra commander son matériel."),
	                    { { N_("Numéro de la convention"), FIELD_TEXT, CONVENTION_NO_MAX },
	                      { N_("Signée le (JJ/MM/AAAA)"), FIELD_DATE, 10 } } },
	[FA_PAY] = { N_("Un versement de la subvention est enregistré (une avance puis le solde "
	                "est l'usage) ; la somme des versements ne dépasse jamais la subvention."),
	             { { N_("Date du versement"), FIELD_DATE, 10 },
	               { N_("Montant versé"), FIELD_AMOUNT, 12 } } },
	[FA_PRIORITY] = { N_("Le rang de priorité du dossier parmi ceux du département (1 : le "
	                     "premier ; vide : aucun)."),
	                  { { N_("Rang"), FIELD_DIGITS, 4 },
	                    { N_("Commentaire"), FIELD_TEXT, PRIORITY_NOTE_MAX } } },
	[FA_PROG_RETAIN] = { N_("Décision provisoire de la programmation : rien n'est visible du "
	                        "demandeur avant que la programmation soit notifiée."),
	                     { { N_("Dépense à retenir HT"), FIELD_AMOUNT, 12 } } },
	[FA_PROG_REJECT] = { N_("Décision provisoire de la programmation : rien n'est visible du "
	                        "demandeur avant que la programmation soit notifiée."),
	                     .box = N_("Motif (obligatoire) :"), .box_max = REASON_MAX },
	[FA_PROG_CLEAR] = { N_("La décision provisoire de ce dossier est retirée de la "
	                       "programmation.") },
	[FA_NOTE] = { N_("Une annotation privée : visible des agents de la préfecture seuls, "
	                 "jamais du demandeur ni dans son historique."),
	              .box = N_("Annotation :"), .box_max = NOTE_MAX },
};

struct pd_state {
	struct pref_decide_arg a;
	const struct pd_spec *spec;
	char priority_note[PRIORITY_NOTE_BYTES + 1];
	struct field f[PD_FIELDS];
	size_t nf;
	struct editor box;
	size_t focus;                 /* 0..nf-1 fields, nf the box */
	char *preview;                /* retain: subsidy and envelope after, or the refusal */
	uint64_t id;                  /* handed back as the result */
};

static size_t pd_stops(const struct pd_state *s)
{
	return s->nf + (s->spec->box != NULL ? 1 : 0);
}

/* Retaining: what core says the amount typed would give. */
static void pd_preview(struct tui *t, struct pd_state *s)
{
	char *v, *why = NULL, a[48], b[48];
	cents_t amount = 0, subsidy = 0, after = 0;

	free(s->preview);
	s->preview = NULL;
	if (s->a.action != FA_RETAIN && s->a.action != FA_PROG_RETAIN)
		return;
	v = field_utf8(&s->f[0]);
	if (v[0] == '\0') {
		free(v);
		return;
	}
	if (cents_parse(v, &amount, &why) == RC_OK &&
	    uc_file_retain_preview(&t->uc, s->a.id, amount, &subsidy, &after, &why) == RC_OK)
		s->preview = xasprintf(_("Subvention : %s — reste de l'enveloppe après : %s"),
		                       cents_format(subsidy, a, sizeof a),
		                       cents_format(after, b, sizeof b));
	else
		s->preview = xasprintf(_("Refusé : %s"), why != NULL ? why : "");
	free(why);
	free(v);
}

static int screen_pd_enter(struct tui *t, void *st, const void *arg)
{
	struct pd_state *s = st;
	char m[48];

	s->a = *(const struct pref_decide_arg *)arg;
	s->id = s->a.id;
	if ((unsigned)s->a.action >= FA_COUNT)
		return RC_INVALID;
	s->spec = &specs[s->a.action];
	if (s->a.priority_note != NULL)
		strlcpy_(s->priority_note, s->a.priority_note, sizeof s->priority_note);
	s->a.priority_note = NULL;      /* it pointed into the file below: copied */
	for (size_t i = 0; i < PD_FIELDS && s->spec->f[i].label != NULL; i++, s->nf++)
		field_init(&s->f[i], s->spec->f[i].type, s->spec->f[i].max, false, false);
	editor_init(&s->box, s->spec->box != NULL ? s->spec->box_max : 1);
	/* Sensible starting values: what was requested, today, the rank already set. */
	if (s->a.action == FA_RETAIN || s->a.action == FA_PROG_RETAIN)
		field_set_utf8(&s->f[0], cents_format(s->a.requested, m, sizeof m));
	if (s->a.action == FA_PAY || s->a.action == FA_CONVENTION) {
		char d[16];
		int date_field = s->a.action == FA_PAY ? 0 : 1;

		day_format(day_of_instant(uc_now(&t->uc)), d, sizeof d);
		field_set_utf8(&s->f[date_field], d);
	}
	if (s->a.action == FA_PAY && s->a.subsidy > s->a.paid)
		field_set_utf8(&s->f[1], cents_format(s->a.subsidy - s->a.paid, m, sizeof m));
	if (s->a.action == FA_PRIORITY) {
		if (s->a.priority > 0) {
			char r[16];

			snprintf(r, sizeof r, "%u", s->a.priority);
			field_set_utf8(&s->f[0], r);
		}
		field_set_utf8(&s->f[1], s->priority_note);
	}
	for (size_t i = 0; i < s->nf; i++)
		s->f[i].cur = s->f[i].len;
	pd_preview(t, s);
	return RC_OK;
}

static void screen_pd_leave(struct tui *t, void *st)
{
	struct pd_state *s = st;

	for (size_t i = 0; i < s->nf; i++)
		field_free(&s->f[i]);
	editor_free(&s->box);
	free(s->preview);
}

static void screen_pd_draw(struct tui *t, void *st)
{
	struct pd_state *s = st;
	char *title = xasprintf(_("Dossier n° %llu — %s"), (unsigned long long)s->a.id,
	                        pref_action_label(s->a.action));
	int y;

	draw_title(t, title);
	free(title);
	pref_draw_envelope(t, 1);
	y = draw_wrapped(3, 2, _(s->spec->what), 3);
	if (s->a.action == FA_PAY) {
		char a[48], b[48], *line = xasprintf(_("Subvention : %s — déjà versé : %s"),
		                                     cents_format(s->a.subsidy, a, sizeof a),
		                                     cents_format(s->a.paid, b, sizeof b));

		draw_text(y++, 2, line, COLS - 4, false);
		free(line);
	}
	y++;
	for (size_t i = 0; i < s->nf; i++, y++) {
		draw_text(y, 0, s->focus == i ? "▸" : " ", 1, false);
		draw_text(y, 2, _(s->spec->f[i].label), 26, false);
		field_draw_aligned(&s->f[i], stdscr, y, 30, COLS - 32 < 50 ? COLS - 32 : 50,
		                   s->focus == i, &t->cur_y, &t->cur_x);
	}
	if (s->preview != NULL) {
		attrset(A_BOLD);
		draw_text(y++, 2, s->preview, COLS - 4, false);
		attrset(A_NORMAL);
	}
	if (s->spec->box != NULL) {
		draw_text(PD_BOX_TOP - 1, 0, s->focus == s->nf ? "▸" : " ", 1, false);
		draw_text(PD_BOX_TOP - 1, 2, _(s->spec->box), COLS - 4, false);
		editor_draw(&s->box, PD_BOX_TOP, 2, COLS - 4, PD_BOX_ROWS, s->focus == s->nf,
		            &t->cur_y, &t->cur_x);
	}
	draw_text(LINES - 4, 2, _("F5 ou ^D : valider.  F3, ^B ou Échap : revenir sans rien "
	                          "changer."), COLS - 4, false);
	if (pd_stops(s) == 0)
		t->cur_y = -1;
}

/* The value of field i, parsed as the action needs; RC_INVALID with the reason. */
static int pd_amount(struct pd_state *s, size_t i, cents_t *out, char **why)
{
	char *v = field_utf8(&s->f[i]);
	int rc = cents_parse(v, out, why);

	free(v);
	return rc;
}

static int pd_day(struct pd_state *s, size_t i, day_t *out, char **why)
{
	char *v = field_utf8(&s->f[i]);
	int rc = day_parse(v, out, why);

	free(v);
	return rc;
}

/* Runs the action; RC_OK or the rc with *why. */
static int pd_run(struct tui *t, struct pd_state *s, char **why)
{
	const struct uc *uc = &t->uc;
	const struct pref_decide_arg *a = &s->a;
	char *text = editor_utf8(&s->box), *f1 = s->nf > 1 ? field_utf8(&s->f[1]) : NULL;
	cents_t amount = 0;
	day_t day = 0;
	int rc = RC_INVALID;

	switch (a->action) {
	case FA_INSTRUCT:
		rc = uc_file_instruct(uc, a->id, a->po_version, why);
		break;
	case FA_COMPLEMENT:
		rc = uc_file_complement(uc, a->id, a->po_version, text, why);
		break;
	case FA_RETAIN:
		if ((rc = pd_amount(s, 0, &amount, why)) == RC_OK)
			rc = uc_file_retain(uc, a->id, a->po_version, amount, text, why);
		break;
	case FA_REJECT:
		rc = uc_file_reject(uc, a->id, a->po_version, text, why);
		break;
	case FA_DISMISS:
		rc = uc_file_dismiss(uc, a->id, a->po_version, text, why);
		break;
	case FA_REOPEN:
		rc = uc_file_reopen(uc, a->id, a->po_version, text, why);
		break;
	case FA_CONVENTION: {
		char *number = field_utf8(&s->f[0]);

		if ((rc = pd_day(s, 1, &day, why)) == RC_OK)
			rc = uc_file_convention(uc, a->id, a->po_version, number, day, why);
		free(number);
		break;
	}
	case FA_PAY:
		if ((rc = pd_day(s, 0, &day, why)) == RC_OK &&
		    (rc = pd_amount(s, 1, &amount, why)) == RC_OK)
			rc = uc_file_pay(uc, a->id, a->po_version, day, amount, why);
		break;
	case FA_PRIORITY: {
		char *v = field_utf8(&s->f[0]);
		uint32_t rank = 0;

		if ((rc = form_parse_count(_("Rang"), v, 9999, &rank, why)) == RC_OK)
			rc = uc_file_priority(uc, a->id, a->in_version, rank, f1, why);
		free(v);
		break;
	}
	case FA_PROG_RETAIN:
		if ((rc = pd_amount(s, 0, &amount, why)) == RC_OK)
			rc = uc_prog_set(uc, a->id, PROG_RETAIN, amount, NULL, why);
		break;
	case FA_PROG_REJECT:
		rc = uc_prog_set(uc, a->id, PROG_REJECT, 0, text, why);
		break;
	case FA_PROG_CLEAR:
		rc = uc_prog_set(uc, a->id, PROG_NONE, 0, NULL, why);
		break;
	case FA_NOTE:
		rc = uc_file_note(uc, a->id, text, why);
		break;
	default:
		break;
	}
	free(text);
	free(f1);
	return rc;
}

static int pd_do(struct tui *t, struct pd_state *s)
{
	char *why = NULL;
	int rc = pd_run(t, s, &why);

	if (rc == RC_OK) {
		pref_envelope_changed();
		tui_msg(t, MSG_INFO, _("%s : fait."), pref_action_label(s->a.action));
		free(why);
		return tui_pop(t, PREF_RESULT_CHANGED, &s->id);
	}
	if (rc == RC_STALE) {
		/* A colleague changed the file: say who and what; what was typed stays. */
		struct panel_arg pa = { .title = _("Dossier modifié entre-temps"), .text = why };
		int flags;

		tui_msg(t, MSG_ERROR, _("dossier modifié entre-temps : revenez au dossier pour le "
		                        "relire."));
		flags = tui_push(t, &screen_panel, &pa);
		free(why);
		return flags;
	}
	tui_msg_why(t, why, _("Action refusée."));
	free(why);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_pd_act(struct tui *t, void *st, int action)
{
	return action == PD_DO ? pd_do(t, st) : SCR_IGNORED;
}

static int screen_pd_key(struct tui *t, void *st, struct tui_key k)
{
	struct pd_state *s = st;
	size_t n = pd_stops(s);
	enum field_result r = FIELD_IGNORED;
	bool in_box = s->focus == s->nf && s->spec->box != NULL;

	if (n == 0)
		return tui_key_enter(k) ? pd_do(t, s) : SCR_IGNORED;
	if ((!k.fn && k.code == '\t') || (k.fn && k.code == KEY_BTAB) ||
	    (!in_box && tui_key_enter(k))) {
		if (!in_box && tui_key_enter(k) && s->focus + 1 == n)
			return pd_do(t, s);
		s->focus = (k.fn && k.code == KEY_BTAB) ? (s->focus + n - 1) % n : (s->focus + 1) % n;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (in_box) {
		editor_layout(&s->box, COLS - 4, PD_BOX_ROWS);
		r = editor_key(&s->box, k.code, k.fn);
	} else {
		r = field_key(&s->f[s->focus], k.code, k.fn);
		if (r == FIELD_CHANGED || r == FIELD_FULL)
			pd_preview(t, s);
	}
	switch (r) {
	case FIELD_IGNORED:
		return SCR_IGNORED;
	case FIELD_REFUSED:
		tui_msg(t, MSG_ERROR, _("Caractère refusé ici."));
		return SCR_HANDLED | SCR_REDRAW;
	default:
		if (t->msg_kind == MSG_ERROR)
			tui_msg_clear(t);
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_pref_decide = {
	.name = "pref-decide",
	.help = N_("Une action sur un dossier : l'écran dit ce qui va se passer ; remplissez ce "
		"qu'elle demande (Tab passe d'un champ à l'autre) puis F5 ou ^D. Rien n'est fait "
		"avant. Si un collègue a changé le dossier entre-temps, l'action est refusée et "
		"l'écran dit qui a changé quoi."),
	.state_size = sizeof(struct pd_state),
	.keys = &decide_keys,
	.enter = screen_pd_enter,
	.draw = screen_pd_draw,
	.act = screen_pd_act,
	.key = screen_pd_key,
	.leave = screen_pd_leave,
};
