/*
 * screen.h — what the files of tui/ share: the session context, the screen
 * table interface, the flags a key handler returns, and the drawing helpers
 * of draw.c. Not included outside tui/.
 *
 * A screen is a `const struct screen` of functions. The main loop
 * (session.c) reads a key, hands it to the current screen's `key`, and
 * paints (calls `draw`) only when the flags ask for it; a screen never calls
 * refresh itself. Every string that came from a person is passed through
 * text_sanitize() (core) before it reaches the terminal: draw_user() does it.
 */
#ifndef RECOND_TUI_SCREEN_H
#define RECOND_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include <curses.h>

#include "core/model.h"

struct store;

#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24

enum screen_id {
	SCREEN_HOME,
	SCREEN_ACCOUNT,
	SCREEN_FAQ,
	SCREEN_PREORDER,
	SCREEN_FOLLOW,
	SCREEN_SIGNUP,          /* the sign-up wizard: the only screen of a sign-up session */
	SCREEN_MESSAGES,
	SCREEN_SUPPORT,
	SCREEN_COUNT
};

/* Flags returned by a key handler. */
enum {
	SCR_IGNORED = 0,
	SCR_HANDLED = 1 << 0,   /* the key was used */
	SCR_REDRAW = 1 << 1,    /* the screen changed: paint it */
	SCR_QUIT = 1 << 2,      /* end the session */
	SCR_SWITCH = 1 << 3,    /* go to tui->next (set by the handler) */
	SCR_FIELD = 1 << 4,     /* only the focused field changed: `update` repaints it */
};

/* One key as read: a character (fn false) or a curses KEY_* code (fn true). */
struct tui_key {
	wint_t code;
	bool fn;
};

#define TUI_CTRL(c) ((c) & 0x1f)

/* Esc, F3 or ^B: back (the same on every screen). */
static inline bool tui_key_back(struct tui_key k)
{
	return (k.fn && k.code == KEY_F(3)) || (!k.fn && (k.code == 27 || k.code == TUI_CTRL('b')));
}

/* Enter (Return, ^J, keypad Enter). */
static inline bool tui_key_enter(struct tui_key k)
{
	return (k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == '\r' || k.code == '\n'));
}

enum msg_kind { MSG_NONE, MSG_INFO, MSG_ERROR };

/* The session: one per process, owned by tui_run(). */
struct tui {
	struct store *st;
	struct account acct;            /* the logged-in account, as last read */
	char org_name[ORG_NAME_MAX + 1];/* "" when none */
	enum org_status org_status;     /* of that organisation, as last read */
	enum screen_id cur;
	enum screen_id next;            /* target of SCR_SWITCH */
	void *state[SCREEN_COUNT];      /* per-screen state, made by enter, freed by leave */
	char *msg;                      /* message line text, owned; NULL = empty */
	enum msg_kind msg_kind;
	bool help;                      /* the help panel is shown over the screen */
	int cur_y, cur_x;               /* where the cursor rests after painting; -1 = hidden */
	size_t home_sel;                /* selected menu entry, kept across screens */
	bool signup;                    /* an anonymous sign-up session: acct.id is 0 */
	/*
	 * A screen painted less than all after a key (SCR_FIELD) asks for one
	 * whole paint once no key came for TUI_IDLE_MS (its counters, say):
	 * one paint after a pause, never a periodic one.
	 */
	bool idle_paint;
	const char *ssh_host;           /* sign-up: address and port to give for logging in */
	int ssh_port;
};

struct screen {
	const char *name;
	const char *help;               /* text of the help panel (F1), lines split by '\n' */
	/* Called when the screen becomes current: make state. RC_OK or an rc. */
	int (*enter)(struct tui *t);
	/* Paints the whole screen body into stdscr (between title and message lines). */
	void (*draw)(struct tui *t);
	/* Handles one key; returns SCR_* flags. */
	int (*key)(struct tui *t, struct tui_key k);
	/* Called when leaving: free state. */
	void (*leave)(struct tui *t);
	/*
	 * Optional: repaints only the focused field and sets t->cur_y/cur_x,
	 * for SCR_FIELD (a key typed in a field). NULL: `draw` does it all.
	 * Keeps the cost of a keystroke to the field itself, on the wire and
	 * in CPU.
	 */
	void (*update)(struct tui *t);
};

extern const struct screen screen_home;
extern const struct screen screen_account;
extern const struct screen screen_faq;
extern const struct screen screen_signup;
extern const struct screen screen_preorder;
extern const struct screen screen_follow;
extern const struct screen screen_messages;
extern const struct screen screen_support;

/* Reloads t->acct from the store (after a change). RC_OK or an rc. */
int tui_reload_account(struct tui *t);

/* ---- terminal.c ---- */

/*
 * Whether this machine's terminfo database describes the terminal `name`
 * (without opening a screen: see terminal.c).
 */
bool tui_term_known(const char *name);

/* ---- message line (draw.c) ---- */

/* Sets the message line (printf-style, French); replaces the previous one. */
void tui_msg(struct tui *t, enum msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tui_msg_clear(struct tui *t);

/* ---- drawing helpers (draw.c) ---- */

/* Title line on row 0: « recond — <title> » in reverse video. */
void draw_title(struct tui *t, const char *title);
/* Help line of keys on the last row; keys are "F1/^G Aide  …". */
void draw_help_line(const char *keys);
/* The message line (second to last row). */
void draw_msg(struct tui *t);
/*
 * Writes UTF-8 s at (y, x), truncated to `width` columns (no wrapping),
 * padded with spaces to width if pad. Returns the columns written. s must
 * be trusted text (ours); use draw_user for text from people.
 */
int draw_text(int y, int x, const char *s, int width, bool pad);
/* Same for text that came from a person: sanitised first. */
int draw_user(int y, int x, const char *s, int width, bool pad);
/* Columns a UTF-8 string takes on screen. */
int draw_width(const char *s);
/* The centred « Fenêtre trop petite … » message. */
void draw_too_small(void);
/* The help panel over the body, for the current screen. */
void draw_help_panel(const char *help);
/*
 * A menu or list line: the marker "▸ " (or "> " without UTF-8 line drawing)
 * and reverse video when selected, "  " otherwise.
 */
void draw_item(int y, int x, int width, const char *s, bool selected, bool user);

/* ---- word wrap (wrap.c, pure) ---- */

/*
 * Splits UTF-8 text into lines of at most `width` columns, breaking at spaces
 * (a word longer than the width is cut). "\n" starts a new line, "\n\n" leaves
 * an empty line between paragraphs. *lines gets an array of *n fresh strings;
 * free with wrap_free. Needs a UTF-8 locale for column widths.
 */
void wrap_text(const char *s, int width, char ***lines, size_t *n);
void wrap_free(char **lines, size_t n);

#endif
