/*
 * editor.h — the multi-line text editor of recond forms (the motivation of
 * a pre-order): word wrap to the width on screen, a cursor moved by the
 * arrows, Home/End (start and end of the line on screen), PgUp/PgDn (a
 * screenful), Enter for a new paragraph, Backspace/Delete, and a cap in
 * characters (code points, newlines included).
 *
 * The editing and wrapping logic needs no terminal and is unit tested on
 * its own (editor_key, editor_layout, editor_cursor_rc); editor_draw paints
 * with ncurses. Widths come from wcwidth(): call under a UTF-8 locale.
 */
#ifndef RECOND_TUI_EDITOR_H
#define RECOND_TUI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

#include "tui/field.h"

struct editor {
	size_t max;          /* characters, 1..FIELD_MAX_CHARS */
	wchar_t *text;       /* max + 1 wide characters, NUL-terminated, owned */
	size_t len;          /* characters in text */
	size_t cur;          /* cursor, 0..len */
	int want_col;        /* column kept by up/down moves (-1: the cursor's own) */
	/* Layout (editor_layout): the lines on screen for `width`. */
	int width, height;
	size_t nlines;
	size_t *ls;          /* start of each line on screen (index in text), owned */
	size_t *ll;          /* its length in characters (without the newline), owned */
	size_t top;          /* first line shown */
	/* What the last editor_draw/editor_update left on screen (for editor_update). */
	bool drawn;
	size_t drawn_top, drawn_lines;
	int drawn_y, drawn_x, drawn_w, drawn_h;
};

/* Prepares e for at most max characters (owned by e until editor_free). */
void editor_init(struct editor *e, size_t max);
void editor_free(struct editor *e);

/*
 * Wraps the text into lines of at most `width` columns (breaking after a
 * space, cutting a word longer than the width; '\n' ends a line) and
 * scrolls so that the cursor's line is among the `height` shown. Called by
 * editor_key and editor_draw; call it after changing the text yourself.
 */
void editor_layout(struct editor *e, int width, int height);

/*
 * Applies one key as field_key does (fn: a curses KEY_* code). Returns
 * FIELD_CHANGED, FIELD_MOVED, FIELD_REFUSED (at a limit, or a character
 * refused) or FIELD_IGNORED (not an editing key). Needs a layout (width,
 * height) for the vertical moves: editor_layout is called first.
 */
enum field_result editor_key(struct editor *e, wint_t key, bool fn);

/* Line on screen (0-based, from the first line of text) and column of the cursor. */
void editor_cursor_rc(const struct editor *e, size_t *row, int *col);

/* Sets the cursor (clamped to the text). */
void editor_set_cursor(struct editor *e, size_t pos);

/* The text as UTF-8, fresh; caller frees. */
char *editor_utf8(const struct editor *e);
/* Replaces the text with UTF-8 s (control characters but '\n' dropped); cursor at the end. */
void editor_set_utf8(struct editor *e, const char *s);

/*
 * Paints the lines top..top+h-1 at (y, x) over w columns and h rows; when
 * focused, *cy, *cx get the cursor's position on screen.
 */
void editor_draw(struct editor *e, int y, int x, int w, int h, bool focused, int *cy, int *cx);

/*
 * After one key, repaints only the rows that may have changed since the
 * last editor_draw or editor_update at the same place (from the row above
 * the cursor's down to the last row of text, each blanked to its end; all
 * of them if the view scrolled), without erasing the screen first: a
 * typed character costs the terminal that character alone. Sets *cy, *cx
 * as editor_draw does for a focused editor. Falls back to editor_draw when
 * nothing was drawn there before.
 */
void editor_update(struct editor *e, int y, int x, int w, int h, int *cy, int *cx);

#endif
