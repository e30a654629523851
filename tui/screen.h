/*
 * screen.h — what the files of tui/ share: the session context and its
 * stack of screens, the screen table interface, the flags a key handler
 * returns, and the drawing helpers of draw.c. Not included outside tui/.
 *
 * A screen is a `const struct screen` of functions. Screens are stacked:
 * tui_push() opens one above the current one with an argument (the queue
 * pushes file 1234), « Retour » pops it and the screen below shows again
 * exactly as it was left (its state was never freed); a screen may hand a
 * result to the one below as it goes (a picked commune, a confirmation).
 * The main loop (session.c) reads a key, dispatches it through the
 * screen's key table (keys.c) or its `key` function, and paints only when
 * the flags ask for it; a screen never calls refresh itself. Every string
 * that came from a person is passed through text_sanitize() (core) before
 * it reaches the terminal: draw_user() does it.
 */
#ifndef RECOND_TUI_SCREEN_H
#define RECOND_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include <curses.h>

#include "core/i18n.h"
#include "core/model.h"
#include "core/permission.h"
#include "core/uc-preorder.h"
#include "core/uc-session.h"

struct store;
struct screen;

#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24
#define TUI_STACK_MAX 16        /* screens open at once, at most */

/* Flags returned by a key handler. */
enum {
	SCR_IGNORED = 0,
	SCR_HANDLED = 1 << 0,   /* the key was used */
	SCR_REDRAW = 1 << 1,    /* the screen changed: paint it */
	SCR_QUIT = 1 << 2,      /* end the session */
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

/* ---- key tables (keys.c) ---- */

/* Actions every screen shares. A screen's own actions are numbered from 1. */
enum {
	TK_HELP = -1,           /* F1, ^G (and ? where nothing is typed) */
	TK_BACK = -2,           /* F3, ^B, Échap */
	TK_QUIT = -3,           /* F10, ^X */
};

/*
 * One key of a screen: its F-key and its Ctrl alternative (the same key
 * means the same thing on every screen: F1 aide, F2 enregistrer, F3 retour,
 * F5 valider/déposer, F10 quitter), or other keys (a character, a curses
 * KEY_* code), the label of the help line and the action it runs.
 */
struct tui_keydef {
	int fkey;               /* 1..12, or 0 */
	char ctrl;              /* 'd' for ^D, or 0 */
	wint_t ch;              /* a plain character ('q', ' '), or 0 */
	int code;               /* a curses KEY_* code (KEY_DC…), or 0 */
	const char *keys;       /* how other keys read ("↑↓", "Entrée"); NULL: from fkey/ctrl */
	const char *label;      /* N_("Déposer"); NULL: dispatched, never shown */
	int action;             /* the screen's action (> 0), or TK_* */
	bool panel_only;        /* listed in the F1 panel but not on the help line */
	bool absent;            /* a shared action (TK_BACK…) this screen does not offer:
	                         * neither on its help line nor in its panel */
};

struct tui_keymap {
	const struct tui_keydef *defs;
	size_t n;
};

#define TUI_KEYMAP(defs) { (defs), sizeof(defs) / sizeof((defs)[0]) }

/* The definition of map that k matches, or NULL. The shared keys are matched too. */
const struct tui_keydef *tui_keymap_match(const struct tui_keymap *map, struct tui_key k);
/*
 * The help line of map for `cols` columns: "F1/^G Aide  <keys of map>
 * F3/^B Retour  F10/^X Quitter", the spaces between entries narrowed and
 * then the last entries dropped (F10 first) when it does not fit. Fresh
 * string; caller frees.
 */
char *tui_keymap_line(const struct tui_keymap *map, int cols);
/* The keys of map as lines "F5, ^D : Déposer" for the F1 panel. Fresh; caller frees. */
char *tui_keymap_panel(const struct tui_keymap *map);

enum msg_kind { MSG_NONE, MSG_INFO, MSG_ERROR };

/* One open screen: what it is and its state (made zeroed, freed by the stack). */
struct tui_frame {
	const struct screen *scr;
	void *st;
};

/* The session: one per process, owned by tui_run(). */
struct tui {
	struct store *st;
	struct whoami me;               /* the account, its actor and organisation */
	struct uc uc;                   /* what every use case of the session is given */
	struct tui_frame stack[TUI_STACK_MAX];
	size_t depth;                   /* screens open: stack[depth - 1] is shown */
	/* A pop asked by a handler, done by the loop once the handler returned. */
	bool pop_pending;
	size_t pop_index;               /* the frame to remove */
	int pop_code;                   /* result handed to the screen below */
	void *pop_result;
	char *msg;                      /* message line text, owned; NULL = empty */
	enum msg_kind msg_kind;
	bool help;                      /* the help panel is shown over the screen */
	int cur_y, cur_x;               /* where the cursor rests after painting; -1 = hidden */
	bool signup;                    /* an anonymous sign-up session: me.acct.id is 0 */
	/*
	 * A screen painted less than all after a key (SCR_FIELD) asks for one
	 * whole paint once no key came for TUI_IDLE_MS (its counters, say):
	 * one paint after a pause, never a periodic one.
	 */
	bool idle_paint;
	const char *ssh_host;           /* sign-up: address and port to give for logging in */
	int ssh_port;
	const char *signup_source;      /* sign-up: the client's address (NULL: unknown) */
	const char *data_dir;           /* for « À propos » */
};

struct screen {
	const char *name;
	const char *help;               /* N_() text of the help panel (F1), lines split by '\n' */
	size_t state_size;              /* bytes of state the stack makes (zeroed) for it */
	bool own_help_line;             /* draws its last line itself (else: its key table) */
	/* Its keys when they do not depend on its mode (or NULL). */
	const struct tui_keymap *keys;
	/* Its keys now, when they depend on its mode (overrides `keys`; may be NULL). */
	const struct tui_keymap *(*keymap)(struct tui *t, void *st);
	/*
	 * Called when pushed, with the pusher's argument (NULL when none; it
	 * lives only during the call). RC_OK, or an rc: the screen is not
	 * opened (its `leave` is still called to free what enter made).
	 */
	int (*enter)(struct tui *t, void *st, const void *arg);
	/* Paints the whole screen body into stdscr (title and help line included). */
	void (*draw)(struct tui *t, void *st);
	/* Runs action `action` of its key table; returns SCR_* flags. */
	int (*act)(struct tui *t, void *st, int action);
	/* Handles a key its table does not name; returns SCR_* flags (may be NULL). */
	int (*key)(struct tui *t, void *st, struct tui_key k);
	/* Called when removed from the stack: free what the state owns (not the state). */
	void (*leave)(struct tui *t, void *st);
	/*
	 * Optional: repaints only the focused field and sets t->cur_y/cur_x,
	 * for SCR_FIELD (a key typed in a field). NULL: `draw` does it all.
	 * Keeps the cost of a keystroke to the field itself, on the wire and
	 * in CPU.
	 */
	void (*update)(struct tui *t, void *st);
	/*
	 * Optional: the screen above it popped with (code, result); result
	 * points into the popped screen's state and lives during the call.
	 * Also called when the screen shows again after a pop without result
	 * (code 0), so it can refresh what may have changed.
	 */
	void (*resume)(struct tui *t, void *st, int code, void *result);
};

/* ---- the stack (stack.c) ---- */

/*
 * Opens screen s above the current one with `arg` (read during its enter
 * only). Returns SCR_HANDLED | SCR_REDRAW; when the stack is full or enter
 * fails, the current screen stays and the message line says why.
 */
int tui_push(struct tui *t, const struct screen *s, const void *arg);
/*
 * Closes the current screen once its handler has returned, handing (code,
 * result) to the screen below (its `resume`); result must point into the
 * closing screen's state or static data. Popping the last screen ends the
 * session. Returns SCR_HANDLED | SCR_REDRAW.
 */
int tui_pop(struct tui *t, int code, void *result);
/*
 * Opens s in place of the current screen: s is pushed now, the current
 * one is removed (without result) once its handler has returned.
 */
int tui_replace(struct tui *t, const struct screen *s, const void *arg);
/* The shown screen's frame (NULL when none). */
struct tui_frame *tui_top(struct tui *t);
/* Carries out a pending pop; returns SCR_QUIT when no screen is left. */
int tui_stack_settle(struct tui *t);
/* Closes every screen, top first (end of session). */
void tui_stack_clear(struct tui *t);

/* ---- the session (session.c) ---- */

/*
 * Reads the account, its actor and organisation again (after a change made
 * by a use case). RC_OK or an rc; t->me is unchanged on failure.
 */
int tui_reload_account(struct tui *t);

/* ---- the registry of menu entries (registry.c) ---- */

enum tui_menu {
	MENU_HOME,              /* the main menu */
	MENU_COUNT
};

/* What the permission of an entry is asked about. */
enum tui_object {
	OBJ_OWN_ORG,            /* the actor's own organisation (or national when it has none) */
	OBJ_NATIONAL,           /* the programme itself */
	OBJ_OWN_DEPT,           /* the files of the actor's département (not its own) */
};

/* One entry of a menu: a screen to push, or a function that decides what to open. */
struct tui_entry {
	enum tui_menu menu;
	const char *label;      /* N_() */
	enum action action;     /* the permission it needs, asked of may() */
	enum tui_object object;
	const struct screen *screen;
	int (*open)(struct tui *t);   /* when not NULL, used instead of pushing `screen` */
};

/*
 * The entries of menu m that actor may open (may(actor, entry's action,
 * its object)), in registry order, into out[0..max); returns their count.
 */
size_t tui_menu_entries(const struct actor *actor, enum tui_menu m,
                        const struct tui_entry **out, size_t max);
/* Opens entry e (push or its open function); returns SCR_* flags. */
int tui_entry_open(struct tui *t, const struct tui_entry *e);

/* ---- the screens ---- */

extern const struct screen screen_home;
extern const struct screen screen_account;
extern const struct screen screen_faq;
extern const struct screen screen_faq_answer;
extern const struct screen screen_signup;
extern const struct screen screen_po_form;
extern const struct screen screen_po_view;
extern const struct screen screen_po_confirm;
extern const struct screen screen_po_merge;
extern const struct screen screen_po_abandon;
extern const struct screen screen_follow;
extern const struct screen screen_messages;
extern const struct screen screen_thread;
extern const struct screen screen_support;
extern const struct screen screen_panel;
extern const struct screen screen_about;
/* refurbishers and the programme team */
extern const struct screen screen_stats;
extern const struct screen screen_refurb_mine;
extern const struct screen screen_refurb_offer;
extern const struct screen screen_admin_refurbs;
extern const struct screen screen_admin_refurb;
extern const struct screen screen_admin_prices;
extern const struct screen screen_admin_prompt;
extern const struct screen screen_admin_signups;
extern const struct screen screen_admin_signup;
extern const struct screen screen_admin_accounts;
extern const struct screen screen_admin_settings;
extern const struct screen screen_admin_reflists;
extern const struct screen screen_admin_desk;

/*
 * The argument of screen_admin_prompt: one line of text asked of the
 * person. It pops with code PROMPT_OK and the typed text (a char * into its
 * state) on Entrée, with 0 on Échap.
 */
struct prompt_arg {
	const char *title;      /* trusted text */
	const char *question;   /* trusted text */
	size_t max;             /* characters */
	int tag;                /* handed back in the result, for the screen below */
	const char *initial;    /* the text the field starts with (NULL: empty) */
};
struct prompt_result {
	int tag;
	char *text;             /* UTF-8, owned by the prompt's state */
};
#define PROMPT_OK 0x50

/* The argument of screen_panel: a titled text shown over the screen below; any key closes it. */
struct panel_arg {
	const char *title;      /* trusted text */
	const char *text;       /* shown sanitised (it may hold text from people) */
	const char *keys;       /* help line, or NULL: « Une touche pour revenir » */
};

/* Opens « Mon intention de commande »: the form of a brouillon, else the filed file. */
int preorder_open(struct tui *t);
/* « Reprendre là où vous étiez »: the same, then straight into an amendment in progress. */
int preorder_resume(struct tui *t);

/* ---- terminal.c ---- */

/*
 * Whether this machine's terminfo database describes the terminal `name`
 * (without opening a screen: see terminal.c).
 */
bool tui_term_known(const char *name);
/*
 * Whether the terminal `name` is known and can place the cursor (« cup »):
 * not so for TERM=dumb, on which no screen can be drawn.
 */
bool tui_term_addressable(const char *name);

/* ---- message line (draw.c) ---- */

/*
 * Sets the message line (printf-style, French); replaces the previous one.
 * A message wider than the line is wrapped on up to TUI_MSG_ROWS rows over
 * the bottom of the screen, the key line kept (draw_msg).
 */
#define TUI_MSG_ROWS 4
void tui_msg(struct tui *t, enum msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The message line from a use case's reason, or `fallback` when there is none. */
void tui_msg_why(struct tui *t, const char *why, const char *fallback);
void tui_msg_clear(struct tui *t);

/* ---- drawing helpers (draw.c) ---- */

/* Title line on row 0: « recond — <title> » in reverse video. */
void draw_title(struct tui *t, const char *title);
/* Help line of keys on the last row, from the screen's key table. */
void draw_keys(const struct tui_keymap *map);
/* Help line of keys on the last row, as given. */
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
/* The first bytes of s that take at most `cols` columns (fresh string). */
char *draw_cut(const char *s, int cols);
/* Wrapped trusted text from row y, at most max_rows rows; returns the next row. */
int draw_wrapped(int y, int x, const char *text, int max_rows);
/* The centred « Fenêtre trop petite … » message. */
void draw_too_small(void);
/* A framed panel over the body, titled, with `text` wrapped in it. */
void draw_panel(const char *title, const char *text, const char *footer);
/* The help panel over the body: the screen's text, then its keys. */
void draw_help_panel(const char *help, const struct tui_keymap *map);
/*
 * A menu or list line: the marker "▸ " and reverse video when selected,
 * "  " otherwise.
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
