/*
 * textview.h — a scrolling view of wrapped text (an FAQ answer, the
 * history of a file, a message thread, a long motivation): paragraphs are
 * added, wrapped to a width, and scrolled with ↑ ↓ PgPréc PgSuiv Début Fin
 * and Espace. Text from people is sanitised as it is added.
 */
#ifndef RECOND_TUI_TEXTVIEW_H
#define RECOND_TUI_TEXTVIEW_H

#include <stdbool.h>
#include <stddef.h>

struct tui_key;

struct textview {
	char **lines;            /* wrapped lines, owned */
	bool *bold;              /* per line */
	size_t n, cap;
	size_t top;              /* first line shown */
	int height;              /* rows shown, as last drawn */
};

/* Adds a paragraph wrapped to `width` columns; user: sanitised first (newlines kept). */
void textview_add(struct textview *v, const char *text, int width, bool user, bool bold);
/* Empties the view. */
void textview_clear(struct textview *v);
/* Scrolls to the end (the newest line shown last). */
void textview_end(struct textview *v);
/* Applies a scrolling key for `rows` rows shown; true when it was one. */
bool textview_key(struct textview *v, const struct tui_key *k, int rows);
/* Paints lines top.. at (y, x) over w columns and h rows. */
void textview_draw(struct textview *v, int y, int x, int w, int h);
/* « lignes 1–20 sur 42 » into buf ("" when everything shows). */
void textview_position(const struct textview *v, char *buf, size_t cap);

#endif
