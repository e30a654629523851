/*
 * screen-admin-settings.c — « Paramètres du programme » for the programme
 * team: every setting core/settings.h holds (rate, cap, pre-order window,
 * ordering opening, price multiple, each lot's reference price and minimum
 * configuration, each département's envelope) in the list widget. Entrée
 * changes the selected value through a one-line prompt (core's
 * settings_field_set reads it: a bad value is refused with its French
 * reason and changes nothing), F2 saves every change at once through
 * uc_settings_update with the version read (changed since by someone else:
 * refused, the edits kept, ^R reloads), ^R drops the edits and reloads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-settings.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/screen.h"

static const struct list_col set_cols[] = {
	{ N_("Paramètre"), 34, 1, LIST_LEFT, false },
	{ N_("Valeur"), 30, 2, LIST_LEFT, false },
};

enum { SA_SAVE = 1, SA_RELOAD, SA_NEW, SA_HISTORY };

#define SET_HISTORY_LINES 12

static const struct tui_keydef set_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Modifier") },
	{ .fkey = 2, .ctrl = 'w', .label = N_("Enreg."), .action = SA_SAVE },
	{ .ctrl = 'r', .label = N_("Recharger"), .action = SA_RELOAD },
	{ .ch = 'n', .keys = N_("n"), .label = N_("Nouvelle enveloppe"), .action = SA_NEW,
	  .panel_only = true },
	{ .ch = 'h', .keys = N_("h"), .label = N_("Historique"), .action = SA_HISTORY },
};
static const struct tui_keymap set_keys = TUI_KEYMAP(set_defs);

/* A row's id: its field, and a lot or an envelope's index (ROW_NEW: a new envelope). */
#define ROW_ID(f, sub) ((uint64_t)(f) * 1000u + (uint64_t)(sub) + 1u)
#define ROW_FIELD(id) ((enum settings_field)(((id) - 1u) / 1000u))
#define ROW_SUB(id) ((size_t)(((id) - 1u) % 1000u))
#define ROW_NEW 999u

struct set_state {
	struct settings *read;          /* as read: its version is the one saving asks for */
	struct settings *edit;          /* the working copy shown */
	bool dirty;
	struct list_mem rows;
	struct list list;
	uint64_t editing;               /* the row the prompt is asking about */
	char title[160], question[200], initial[LOT_CONFIG_BYTES + 64];
	char *history;                  /* the panel's text, owned */
};

static void set_row(struct set_state *s, enum settings_field f, size_t sub, const char *label)
{
	char value[LOT_CONFIG_BYTES + 64];
	const char *dept = f == SF_ENVELOPE && sub < s->edit->nenvelopes
	                   ? s->edit->envelopes[sub].dept : NULL;
	const char *cells[2] = { label, value };

	settings_field_format(s->edit, f, (enum lot)sub, dept, value, sizeof value);
	list_mem_add(&s->rows, ROW_ID(f, sub), cells);
}

static void set_rows(struct set_state *s)
{
	static const enum settings_field plain[] = { SF_RATE, SF_CAP, SF_WINDOW_OPEN,
		                                     SF_WINDOW_CLOSE, SF_ORDERING_OPENS,
		                                     SF_PRICE_MULTIPLE };
	char label[96];

	list_mem_clear(&s->rows);
	for (size_t i = 0; i < ARRAY_LEN(plain); i++)
		set_row(s, plain[i], 0, settings_field_label(plain[i]));
	for (int l = 0; l < LOT_COUNT; l++) {
		snprintf(label, sizeof label, _("%s : prix de référence HT"), lot_label((enum lot)l));
		set_row(s, SF_LOT_PRICE, (size_t)l, label);
		snprintf(label, sizeof label, _("%s : configuration minimale"),
		         lot_label((enum lot)l));
		set_row(s, SF_LOT_CONFIG, (size_t)l, label);
	}
	for (size_t i = 0; i < s->edit->nenvelopes; i++) {
		snprintf(label, sizeof label, _("Enveloppe du département %s"),
		         s->edit->envelopes[i].dept);
		set_row(s, SF_ENVELOPE, i, label);
	}
	{
		const char *cells[2] = { _("Nouvelle enveloppe…"), _("département et montant") };

		list_mem_add(&s->rows, ROW_ID(SF_ENVELOPE, ROW_NEW), cells);
	}
	(void)list_refresh(&s->list);
}

static int set_load(struct tui *t, struct set_state *s)
{
	char *why = NULL;
	int rc = uc_settings_get(&t->uc, s->read, &why);

	if (rc != RC_OK)
		tui_msg_why(t, why, _("Paramètres du programme illisibles."));
	else
		*s->edit = *s->read;
	free(why);
	s->dirty = false;
	set_rows(s);
	return rc;
}

static int screen_settings_enter(struct tui *t, void *st, const void *arg)
{
	struct set_state *s = st;

	s->read = xcalloc(1, sizeof *s->read);
	s->edit = xcalloc(1, sizeof *s->edit);
	list_mem_init(&s->rows, ARRAY_LEN(set_cols));
	list_init(&s->list, set_cols, ARRAY_LEN(set_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;       /* configurations were typed by people */
	return set_load(t, s);
}

static void screen_settings_leave(struct tui *t, void *st)
{
	struct set_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
	free(s->read);
	free(s->edit);
	free(s->history);
}

static void screen_settings_draw(struct tui *t, void *st)
{
	struct set_state *s = st;
	char when[40], line[200];

	draw_title(t, _("Paramètres du programme"));
	if (s->read->version == 0)
		snprintf(line, sizeof line, "%s", _("Valeurs par défaut, jamais modifiées."));
	else
		snprintf(line, sizeof line, _("Version %llu, modifiée le %s."),
		         (unsigned long long)s->read->version,
		         instant_format(s->read->updated_at, when, sizeof when));
	draw_text(2, 2, line, COLS - 4, false);
	if (s->dirty) {
		attrset(A_BOLD);
		draw_text(3, 2, _("Modifications non enregistrées (F2 pour enregistrer)."), COLS - 4,
		          false);
		attrset(A_NORMAL);
	}
	list_draw(&s->list, 4, 2, COLS - 4, LINES - 7, &t->cur_y, &t->cur_x);
}

/* Opens the prompt for row `id` (the selected one when 0), with its value to change. */
static int set_edit(struct tui *t, struct set_state *s, uint64_t id)
{
	const struct list_row *r = list_selected(&s->list);
	const char *const new_cells[2] = { "", "" };
	const char *const *cell = new_cells;
	struct prompt_arg a = { .title = s->title, .question = s->question, .max = 200 };
	enum settings_field f;
	size_t sub;

	if (id == 0) {
		if (r == NULL || r->id == 0)
			return SCR_IGNORED;
		id = r->id;
		cell = (const char *const *)r->cell;
	}
	s->editing = id;
	f = ROW_FIELD(id);
	sub = ROW_SUB(id);
	snprintf(s->title, sizeof s->title, "%s", _("Paramètres du programme"));
	snprintf(s->initial, sizeof s->initial, "%s", cell[1] != NULL ? cell[1] : "");
	switch (f) {
	case SF_WINDOW_OPEN:
	case SF_WINDOW_CLOSE:
	case SF_ORDERING_OPENS:
		snprintf(s->question, sizeof s->question, _("%s (JJ/MM/AAAA) :"),
		         cell[0] != NULL ? cell[0] : "");
		break;
	case SF_LOT_CONFIG:
		snprintf(s->question, sizeof s->question,
		         _("%s (« | » entre deux lignes, %d caractères au plus) :"),
		         cell[0] != NULL ? cell[0] : "", LOT_CONFIG_MAX);
		a.max = LOT_CONFIG_MAX;
		break;
	case SF_ENVELOPE:
		if (sub == ROW_NEW) {
			snprintf(s->question, sizeof s->question, "%s",
			         _("Nouvelle enveloppe : le département puis le montant en euros "
			           "(par exemple « 23 150 000 ») :"));
			s->initial[0] = '\0';
			break;
		}
		/* fall through */
	default:
		snprintf(s->question, sizeof s->question, "%s :",
		         cell[0] != NULL ? cell[0] : "");
	}
	a.initial = s->initial;
	return tui_push(t, &screen_admin_prompt, &a);
}

/* The prompt's answer: read into the working copy, or refused with its reason. */
static void set_apply(struct tui *t, struct set_state *s, const char *text)
{
	enum settings_field f = ROW_FIELD(s->editing);
	size_t sub = ROW_SUB(s->editing);
	const char *dept = NULL;
	char *why = NULL;

	if (f == SF_ENVELOPE && sub != ROW_NEW) {
		if (sub >= s->edit->nenvelopes)
			return;
		dept = s->edit->envelopes[sub].dept;
	}
	if (settings_field_set(s->edit, f, f == SF_LOT_PRICE || f == SF_LOT_CONFIG
	                                   ? (enum lot)sub : LOT_PC_FIXE, dept, text, &why) != RC_OK) {
		tui_msg_why(t, why, _("Valeur refusée."));
	} else {
		s->dirty = true;
		tui_msg(t, MSG_INFO, "%s", _("Valeur modifiée : F2 pour enregistrer."));
	}
	free(why);
	set_rows(s);
}

static int set_save(struct tui *t, struct set_state *s)
{
	char *why = NULL;

	if (!s->dirty) {
		tui_msg(t, MSG_INFO, "%s", _("Aucune modification à enregistrer."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (uc_settings_update(&t->uc, s->edit, &why) == RC_OK) {
		*s->read = *s->edit;
		s->dirty = false;
		tui_msg(t, MSG_INFO, _("Paramètres enregistrés (version %llu)."),
		        (unsigned long long)s->read->version);
		set_rows(s);
	} else {
		tui_msg_why(t, why, _("Les paramètres n'ont pas été enregistrés."));
	}
	free(why);
	return SCR_HANDLED | SCR_REDRAW;
}

/* The last changes, newest first, in a panel. */
static int set_history(struct tui *t, struct set_state *s)
{
	struct uc_audit_lines h = { .max = SET_HISTORY_LINES };
	struct panel_arg a = { .title = _("Historique des paramètres") };
	char *why = NULL, *text, *next;

	h.lines = xcalloc(SET_HISTORY_LINES, sizeof *h.lines);
	if (uc_settings_history(&t->uc, &h, &why) != RC_OK) {
		tui_msg_why(t, why, _("Historique des paramètres illisible."));
		free(why);
		free(h.lines);
		return SCR_HANDLED | SCR_REDRAW;
	}
	text = h.total == 0 ? xstrdup(_("Aucune modification : les valeurs initiales."))
	                    : xasprintf(ngettext("%zu modification, les plus récentes d'abord :",
	                                         "%zu modifications, les plus récentes d'abord :",
	                                         h.total), h.total);
	for (size_t i = 0; i < h.n; i++) {
		next = xasprintf("%s\n\n%s", text, h.lines[i]);
		free(text);
		text = next;
	}
	free(h.lines);
	free(s->history);
	s->history = text;
	a.text = s->history;
	return tui_push(t, &screen_panel, &a);
}

static int screen_settings_act(struct tui *t, void *st, int action)
{
	struct set_state *s = st;

	switch (action) {
	case SA_SAVE:
		return set_save(t, s);
	case SA_NEW:
		return set_edit(t, s, ROW_ID(SF_ENVELOPE, ROW_NEW));
	case SA_HISTORY:
		return set_history(t, s);
	case SA_RELOAD:
		if (set_load(t, s) == RC_OK)
			tui_msg(t, MSG_INFO, "%s", _("Paramètres rechargés."));
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static int screen_settings_key(struct tui *t, void *st, struct tui_key k)
{
	struct set_state *s = st;

	if (tui_key_enter(k))
		return set_edit(t, s, 0);
	return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

static void screen_settings_resume(struct tui *t, void *st, int code, void *result)
{
	struct set_state *s = st;
	struct prompt_result *p = result;

	if (code == PROMPT_OK && p != NULL && p->text != NULL)
		set_apply(t, s, p->text);
}

const struct screen screen_admin_settings = {
	.name = "admin-settings",
	.help = N_("Paramètres du programme : taux de subvention, plafond de dépense, dépôt des "
		"intentions de commande, ouverture des commandes, prix signalés, lots et enveloppes "
		"budgétaires des départements.\n\nEntrée : modifier la valeur choisie (une valeur "
		"invalide est refusée et ne change rien) ; F2 ou ^W : enregistrer toutes les "
		"modifications, vérifiées ensemble et inscrites au journal d'audit ; ^R : abandonner "
		"les modifications et relire les paramètres ; n : une nouvelle enveloppe ; h : "
		"l'historique des modifications (qui, quand, avant, après). Si quelqu'un a modifié les paramètres "
		"depuis leur lecture, l'enregistrement est refusé : relisez-les (^R)."),
	.state_size = sizeof(struct set_state),
	.keys = &set_keys,
	.enter = screen_settings_enter,
	.draw = screen_settings_draw,
	.act = screen_settings_act,
	.key = screen_settings_key,
	.leave = screen_settings_leave,
	.resume = screen_settings_resume,
};
