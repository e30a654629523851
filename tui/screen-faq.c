/*
 * screen-faq.c — « Questions fréquentes »: the questions of core's FAQ
 * grouped by section; Enter opens an answer, word-wrapped to the window and
 * scrollable; Esc (or F3, ^B, ←) goes back to the list, then home.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "tui/screen.h"

struct faq_row {
	bool header;           /* a section title, not selectable */
	size_t entry;          /* index in faq_entries() */
};

struct faq_state {
	const struct faq_entry *faq;
	size_t nfaq;
	struct faq_row *rows;
	size_t nrows;
	size_t sel;            /* selected row (always a question) */
	size_t top;            /* first row shown */
	/* answer view */
	bool open;
	char **lines;
	size_t nlines;
	size_t qlines;         /* how many of lines are the question */
	size_t atop;
	int wrapped_cols;      /* COLS the lines were wrapped for */
};

/* Body: rows 2 .. LINES-3. */
static int faq_body_rows(void)
{
	return LINES - 4;
}

static int screen_faq_enter(struct tui *t)
{
	struct faq_state *s = xcalloc(1, sizeof *s);
	const char *section = NULL;

	s->faq = faq_entries(&s->nfaq);
	s->rows = xcalloc(s->nfaq * 2 + 1, sizeof *s->rows);
	for (size_t i = 0; i < s->nfaq; i++) {
		if (section == NULL || strcmp(section, s->faq[i].section) != 0) {
			section = s->faq[i].section;
			s->rows[s->nrows++] = (struct faq_row){ .header = true, .entry = i };
		}
		s->rows[s->nrows++] = (struct faq_row){ .header = false, .entry = i };
	}
	s->sel = s->nrows > 1 ? 1 : 0;
	t->state[SCREEN_FAQ] = s;
	return RC_OK;
}

static void faq_close(struct faq_state *s)
{
	wrap_free(s->lines, s->nlines);
	s->lines = NULL;
	s->nlines = s->qlines = s->atop = 0;
	s->open = false;
}

static void screen_faq_leave(struct tui *t)
{
	struct faq_state *s = t->state[SCREEN_FAQ];

	if (s == NULL)
		return;
	faq_close(s);
	free(s->rows);
	free(s);
	t->state[SCREEN_FAQ] = NULL;
}

/* Wraps the selected question and answer for the current width. */
static void faq_wrap(struct faq_state *s)
{
	const struct faq_entry *e = &s->faq[s->rows[s->sel].entry];
	char **q = NULL, **a = NULL;
	size_t nq = 0, na = 0;
	int width = COLS - 6;

	wrap_free(s->lines, s->nlines);
	wrap_text(e->question, width, &q, &nq);
	wrap_text(e->answer, width, &a, &na);
	s->lines = xcalloc(nq + 1 + na, sizeof *s->lines);
	memcpy(s->lines, q, nq * sizeof *q);
	s->lines[nq] = xstrdup("");
	memcpy(s->lines + nq + 1, a, na * sizeof *a);
	s->nlines = nq + 1 + na;
	s->qlines = nq;
	s->wrapped_cols = COLS;
	free(q);
	free(a);
}

static size_t faq_max_top(const struct faq_state *s)
{
	size_t rows = (size_t)faq_body_rows();

	return s->nlines > rows ? s->nlines - rows : 0;
}

static void faq_draw_answer(struct tui *t, struct faq_state *s)
{
	int rows = faq_body_rows();
	char pos[64];

	if (s->wrapped_cols != COLS)
		faq_wrap(s);
	if (s->atop > faq_max_top(s))
		s->atop = faq_max_top(s);
	draw_text(1, 2, s->faq[s->rows[s->sel].entry].section, COLS - 24, false);
	if (s->nlines > (size_t)rows) {
		size_t last = s->atop + (size_t)rows;

		snprintf(pos, sizeof pos, "lignes %zu–%zu sur %zu", s->atop + 1,
		         last > s->nlines ? s->nlines : last, s->nlines);
		draw_text(1, COLS - 2 - draw_width(pos), pos, 24, false);
	}
	for (int r = 0; r < rows && s->atop + (size_t)r < s->nlines; r++) {
		size_t i = s->atop + (size_t)r;

		if (i < s->qlines)
			attrset(A_BOLD);
		draw_text(2 + r, 3, s->lines[i], COLS - 6, false);
		attrset(A_NORMAL);
	}
	draw_help_line(" F1/^G Aide  ↑↓ PgPréc/PgSuiv Défiler  Échap/F3/^B Retour  F10/^X Quitter");
}

static void faq_draw_list(struct tui *t, struct faq_state *s)
{
	int rows = faq_body_rows();

	/* keep the selection visible, with its section title when possible */
	if (s->sel < s->top + 1 && s->sel > 0 && s->rows[s->sel - 1].header)
		s->top = s->sel - 1;
	else if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + (size_t)rows)
		s->top = s->sel - (size_t)rows + 1;
	draw_text(1, 2, "Questions fréquentes", COLS - 4, false);
	for (int r = 0; r < rows && s->top + (size_t)r < s->nrows; r++) {
		size_t i = s->top + (size_t)r;
		const struct faq_entry *e = &s->faq[s->rows[i].entry];

		if (s->rows[i].header) {
			attrset(A_BOLD);
			draw_text(2 + r, 2, e->section, COLS - 4, false);
			attrset(A_NORMAL);
		} else {
			draw_item(2 + r, 4, COLS - 6, e->question, i == s->sel, false);
		}
	}
	draw_help_line(" F1/^G/? Aide  ↑↓ Choisir  Entrée Lire  Échap/F3/^B Retour  F10/^X Quitter");
}

static void screen_faq_draw(struct tui *t)
{
	struct faq_state *s = t->state[SCREEN_FAQ];

	draw_title(t, "Questions fréquentes");
	if (s->open)
		faq_draw_answer(t, s);
	else
		faq_draw_list(t, s);
}

/* Moves the selection by delta questions (skipping section titles). */
static void faq_move(struct faq_state *s, int delta)
{
	size_t i = s->sel;

	while (delta != 0) {
		size_t j = i;

		do {
			if (delta > 0 && j + 1 < s->nrows)
				j++;
			else if (delta < 0 && j > 0)
				j--;
			else
				break;
		} while (s->rows[j].header);
		if (s->rows[j].header)
			break;
		i = j;
		delta += delta > 0 ? -1 : 1;
	}
	s->sel = i;
}

static int faq_key_answer(struct tui *t, struct faq_state *s, struct tui_key k)
{
	size_t rows = (size_t)faq_body_rows(), max = faq_max_top(s);

	if (k.fn) {
		switch (k.code) {
		case KEY_UP:
			if (s->atop > 0)
				s->atop--;
			return SCR_HANDLED | SCR_REDRAW;
		case KEY_DOWN:
			if (s->atop < max)
				s->atop++;
			return SCR_HANDLED | SCR_REDRAW;
		case KEY_PPAGE:
			s->atop = s->atop > rows - 1 ? s->atop - (rows - 1) : 0;
			return SCR_HANDLED | SCR_REDRAW;
		case KEY_NPAGE:
			s->atop = s->atop + rows - 1 < max ? s->atop + rows - 1 : max;
			return SCR_HANDLED | SCR_REDRAW;
		case KEY_HOME:
			s->atop = 0;
			return SCR_HANDLED | SCR_REDRAW;
		case KEY_END:
			s->atop = max;
			return SCR_HANDLED | SCR_REDRAW;
		case KEY_F(10):
			return SCR_IGNORED;
		default:
			break;
		}
	} else if (k.code == ' ') {
		s->atop = s->atop + rows - 1 < max ? s->atop + rows - 1 : max;
		return SCR_HANDLED | SCR_REDRAW;
	} else if (k.code == TUI_CTRL('x') || k.code == '?') {
		return SCR_IGNORED;
	}
	/* Esc, F3, ^B, ← and any other key: back to the list. */
	faq_close(s);
	return SCR_HANDLED | SCR_REDRAW;
}

static int screen_faq_key(struct tui *t, struct tui_key k)
{
	struct faq_state *s = t->state[SCREEN_FAQ];

	if (s->open)
		return faq_key_answer(t, s, k);
	if (tui_key_back(k) || (k.fn && k.code == KEY_LEFT) || (!k.fn && k.code == 'q')) {
		t->next = SCREEN_HOME;
		return SCR_HANDLED | SCR_SWITCH;
	}
	if (s->nrows == 0)
		return SCR_IGNORED;
	if ((k.fn && (k.code == KEY_UP || k.code == KEY_BTAB)) ||
	    (!k.fn && k.code == TUI_CTRL('p'))) {
		faq_move(s, -1);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if ((k.fn && k.code == KEY_DOWN) || (!k.fn && (k.code == '\t' || k.code == TUI_CTRL('n')))) {
		faq_move(s, 1);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k.fn && (k.code == KEY_PPAGE || k.code == KEY_NPAGE)) {
		faq_move(s, (k.code == KEY_NPAGE ? 1 : -1) * (faq_body_rows() - 2));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k.fn && (k.code == KEY_HOME || k.code == KEY_END)) {
		/* the first row is a section title, the last one a question */
		s->sel = k.code == KEY_HOME ? 1 : s->nrows - 1;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (tui_key_enter(k) || (k.fn && k.code == KEY_RIGHT)) {
		faq_wrap(s);
		s->atop = 0;
		s->open = true;
		return SCR_HANDLED | SCR_REDRAW;
	}
	return SCR_IGNORED;
}

const struct screen screen_faq = {
	.name = "faq",
	.help = "Questions fréquentes sur le programme.\n\n"
		"Dans la liste : ↑ ↓ (ou Tab, Maj-Tab) choisissent une question, "
		"Entrée (ou →) affiche la réponse, Échap, F3 ou ^B revient au menu.\n\n"
		"Dans une réponse : ↑ ↓, PgPréc, PgSuiv, Début, Fin et Espace font défiler "
		"le texte ; Échap, F3, ^B ou toute autre touche revient à la liste.\n\n"
		"F10 ou ^X quitte recond.",
	.enter = screen_faq_enter,
	.draw = screen_faq_draw,
	.key = screen_faq_key,
	.leave = screen_faq_leave,
};
