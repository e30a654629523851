/*
 * field.h — the one-line editable text field of every recond form.
 *
 * A field holds up to `max` characters (Unicode code points) as wide
 * characters, with a cursor and a horizontal scroll so that a line longer
 * than the space on screen (a pasted SSH key) can be edited. Its type is
 * enforced as the person types, in the tradition of block-mode terminals:
 * a digits field takes only digits, a code field takes letters and digits
 * and upper-cases them, an amount takes digits and one decimal comma with
 * at most two decimals, a date takes JJ/MM/AAAA with the slashes put in for
 * the person. A fixed-length field (SIRET, code postal…) reports FIELD_FULL
 * when its last character is typed, so the form moves to the next field.
 *
 * The editing logic (field_key and friends) needs no terminal and is unit
 * tested on its own; field_draw paints with ncurses.
 */
#ifndef RECOND_TUI_FIELD_H
#define RECOND_TUI_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

enum field_type {
	FIELD_TEXT,        /* any printable character */
	FIELD_DIGITS,      /* 0-9 */
	FIELD_AMOUNT,      /* 0-9, one ',' (a '.' is taken as ','), two decimals at most */
	FIELD_DATE,        /* JJ/MM/AAAA: digits, '/' inserted after day and month */
	FIELD_CODE,        /* A-Z and 0-9, lower case is upper-cased */
};

/* Hard cap on any field, in characters: a long OpenSSH key line fits. */
#define FIELD_MAX_CHARS 8192

struct field {
	enum field_type type;
	size_t max;          /* characters, 1..FIELD_MAX_CHARS */
	bool fixed;          /* exactly `max` characters expected: FIELD_FULL when reached */
	bool masked;         /* shows '*' for each character (passwords) */
	wchar_t *text;       /* max + 1 wide characters, NUL-terminated, owned */
	size_t len;          /* characters in text */
	size_t cur;          /* cursor, 0..len */
	size_t scroll;       /* index of the first character shown */
};

/* What a key did to a field. */
enum field_result {
	FIELD_IGNORED = 0,   /* not an editing key: the caller may use it */
	FIELD_CHANGED,       /* text changed (and maybe the cursor) */
	FIELD_MOVED,         /* only the cursor moved */
	FIELD_REFUSED,       /* an editing key that the type or length refuses */
	FIELD_FULL,          /* text changed and a fixed-length field is now full */
};

/* Prepares f (its memory is owned by f until field_free). */
void field_init(struct field *f, enum field_type type, size_t max, bool fixed, bool masked);
/* Wipes and frees the text (fields may hold passwords). */
void field_free(struct field *f);
/* Empties the field (wiping what it held). */
void field_clear(struct field *f);

/*
 * Applies one key: `fn` is true for a curses function key (KEY_LEFT, KEY_HOME,
 * KEY_BACKSPACE, KEY_DC…), false for a character. Ctrl-A/Ctrl-E (start/end),
 * Ctrl-U (erase to start), Ctrl-K (erase to end), Ctrl-H and DEL (backspace)
 * are understood too.
 */
enum field_result field_key(struct field *f, wint_t key, bool fn);
/* Inserts one character at the cursor, as typed. */
enum field_result field_insert(struct field *f, wchar_t c);

/* The text as UTF-8, fresh; caller frees (free_secret for passwords). */
char *field_utf8(const struct field *f);
/* Replaces the text with UTF-8 s (characters the type refuses are dropped). */
void field_set_utf8(struct field *f, const char *s);

/*
 * Adjusts f->scroll so that the cursor is visible in `width` columns, and
 * returns the column of the cursor relative to the start of the field.
 */
int field_layout(struct field *f, int width);

/*
 * Paints the field at (y, x) over `width` columns: its visible text, then
 * underscores marking the free space, without attributes (so that a typed
 * character costs one character on the wire). When focused, `*cy`, `*cx`
 * (if not NULL) get the cursor position on screen; the caller shows which
 * field has the focus (a marker before its label).
 * Scroll marks ('<' '>') show that text extends past either edge; they take
 * a column at each end only when the text could be wider than the field
 * (give a short field max + 1 columns, the last one for the cursor, and it
 * never scrolls).
 */
void field_draw(struct field *f, WINDOW *w, int y, int x, int width, bool focused,
                int *cy, int *cx);

/*
 * field_draw for a field in a column of fields: a field that never scrolls
 * (no mark columns) is drawn one column further in and two narrower, so
 * that its text starts in the same column as that of a field with scroll
 * marks given the same x and width, and ends in the same column too.
 */
void field_draw_aligned(struct field *f, WINDOW *w, int y, int x, int width, bool focused,
                        int *cy, int *cx);

#endif
