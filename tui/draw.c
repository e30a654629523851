/*
 * draw.c — the parts every screen shares: the title line, the help line of
 * keys, the message line, list items with a selection marker, the help
 * panel and the « fenêtre trop petite » notice. Text from people goes
 * through text_sanitize() here before it reaches the terminal.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/util.h"
#include "tui/screen.h"

void tui_msg(struct tui *t, enum msg_kind kind, const char *fmt, ...)
{
	va_list ap;

	free(t->msg);
	va_start(ap, fmt);
	t->msg = xvasprintf(fmt, ap);
	va_end(ap);
	t->msg_kind = kind;
}

void tui_msg_why(struct tui *t, const char *why, const char *fallback)
{
	tui_msg(t, MSG_ERROR, "%s", why != NULL && why[0] != '\0' ? why : fallback);
}

void tui_msg_clear(struct tui *t)
{
	free(t->msg);
	t->msg = NULL;
	t->msg_kind = MSG_NONE;
}

int draw_width(const char *s)
{
	mbstate_t st;
	size_t left = strlen(s);
	int cols = 0;

	memset(&st, 0, sizeof st);
	while (left > 0) {
		wchar_t c;
		size_t k = mbrtowc(&c, s, left, &st);
		int w;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
			w = 1;
		} else {
			w = wcwidth(c);
			if (w < 0)
				w = 1;
		}
		cols += w;
		s += k;
		left -= k;
	}
	return cols;
}

int draw_text(int y, int x, const char *s, int width, bool pad)
{
	mbstate_t st;
	size_t left = strlen(s);
	int cols = 0;

	if (width <= 0)
		return 0;
	move(y, x);
	memset(&st, 0, sizeof st);
	while (left > 0) {
		wchar_t c[2] = { L'\0', L'\0' };
		size_t k = mbrtowc(&c[0], s, left, &st);
		int w;
		cchar_t cc;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			c[0] = 0xfffd;
			k = 1;
		}
		w = wcwidth(c[0]);
		if (w < 0) {
			c[0] = 0xfffd;
			w = 1;
		}
		if (cols + w > width)
			break;
		if (w > 0) {
			setcchar(&cc, c, getattrs(stdscr), 0, NULL);
			add_wch(&cc);
		}
		cols += w;
		s += k;
		left -= k;
	}
	if (pad)
		for (; cols < width; cols++)
			addch(' ');
	return cols;
}

int draw_user(int y, int x, const char *s, int width, bool pad)
{
	char *clean = text_sanitize(s, false);
	int cols = draw_text(y, x, clean, width, pad);

	free(clean);
	return cols;
}

char *draw_cut(const char *s, int cols)
{
	mbstate_t st;
	size_t left = strlen(s), used = 0;
	int w = 0;

	memset(&st, 0, sizeof st);
	while (left > 0) {
		wchar_t c;
		size_t k = mbrtowc(&c, s + used, left, &st);
		int cw;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			break;
		cw = wcwidth(c);
		if (cw < 0)
			cw = 1;
		if (w + cw > cols)
			break;
		w += cw;
		used += k;
		left -= k;
	}
	return xstrndup(s, used);
}

void draw_title(struct tui *t, const char *title)
{
	char *org = text_sanitize(t->me.has_org ? t->me.org_name : "", false);
	char *login = text_sanitize(t->me.acct.login, false);
	char *line;

	if (title != NULL) {
		line = xasprintf(" recond — %s", title);
	} else if (org[0] != '\0') {
		char *who = xasprintf(" — %s (%s)", login, role_label(t->me.acct.role));
		int room = COLS - draw_width(" recond — ") - draw_width(who);

		/* A long organisation name gives way, so that login and role show whole. */
		if (draw_width(org) > room && room > 1) {
			char *cut = draw_cut(org, room - 1);

			free(org);
			org = xasprintf("%s…", cut);
			free(cut);
		}
		line = xasprintf(" recond — %s%s", org, who);
		free(who);
	} else {
		line = xasprintf(" recond — %s (%s)", login, role_label(t->me.acct.role));
	}
	attrset(A_REVERSE);
	draw_text(0, 0, line, COLS, true);
	attrset(A_NORMAL);
	free(line);
	free(login);
	free(org);
}

int draw_wrapped(int y, int x, const char *text, int max_rows)
{
	char **lines = NULL;
	size_t n = 0;
	int r = 0;

	wrap_text(text, COLS - x - 2, &lines, &n);
	for (size_t i = 0; i < n && r < max_rows; i++, r++)
		draw_text(y + r, x, lines[i], COLS - x - 2, false);
	wrap_free(lines, n);
	return y + r;
}

void draw_keys(const struct tui_keymap *map)
{
	char *line = tui_keymap_line(map, COLS - 1);

	draw_help_line(line);
	free(line);
}

void draw_help_line(const char *keys)
{
	attrset(A_REVERSE);
	draw_text(LINES - 1, 0, keys, COLS, true);
	attrset(A_NORMAL);
}

void draw_msg(struct tui *t)
{
	char *line, **lines = NULL;
	size_t n = 0;

	move(LINES - 2, 0);
	clrtoeol();
	if (t->msg == NULL)
		return;
	/* An error is said in words and in bold, never by colour alone. */
	if (t->msg_kind == MSG_ERROR)
		line = xasprintf(_("Erreur : %s"), t->msg);
	else
		line = xstrdup(t->msg);
	attrset(t->msg_kind == MSG_ERROR ? A_BOLD : A_NORMAL);
	if (draw_width(line) <= COLS - 2) {
		draw_text(LINES - 2, 1, line, COLS - 2, false);
	} else {
		/*
		 * A long message is wrapped in a box over the bottom of the body,
		 * ending on the message line: the key line stays, and the body
		 * comes back with the next paint (screens clear their message on
		 * a key). At most TUI_MSG_ROWS rows (the last one cut with « … »).
		 */
		size_t rows;

		wrap_text(line, COLS - 2, &lines, &n);
		rows = n < TUI_MSG_ROWS ? n : TUI_MSG_ROWS;
		attrset(A_NORMAL);
		move(LINES - 2 - (int)rows, 0);
		for (int x = 0; x < COLS; x++)
			addch(ACS_HLINE);
		attrset(t->msg_kind == MSG_ERROR ? A_BOLD : A_NORMAL);
		for (size_t i = 0; i < rows; i++) {
			int y = LINES - 1 - (int)rows + (int)i;
			bool cut = i + 1 == rows && n > rows;
			char *l = cut ? xasprintf("%s…", lines[i]) : xstrdup(lines[i]);

			move(y, 0);
			clrtoeol();
			draw_text(y, 1, l, COLS - 2, false);
			free(l);
		}
		wrap_free(lines, n);
	}
	attrset(A_NORMAL);
	free(line);
}

void draw_item(int y, int x, int width, const char *s, bool selected, bool user)
{
	move(y, x);
	attrset(selected ? A_REVERSE : A_NORMAL);
	draw_text(y, x, selected ? "▸ " : "  ", 2, false);
	if (user)
		draw_user(y, x + 2, s, width - 2, true);
	else
		draw_text(y, x + 2, s, width - 2, true);
	attrset(A_NORMAL);
}

void draw_too_small(void)
{
	char *line = xasprintf(_("Fenêtre trop petite : %dx%d minimum (actuellement %dx%d)"),
	                       TUI_MIN_COLS, TUI_MIN_LINES, COLS, LINES);
	int w = draw_width(line), x = (COLS - w) / 2;

	erase();
	if (x < 0)
		x = 0;
	draw_text(LINES / 2, x, line, COLS - x, false);
	free(line);
}

void draw_panel(const char *title, const char *text, const char *footer)
{
	int top = 2, left = 4, width = COLS - 8, height = LINES - 5;
	char **lines = NULL, *head = xasprintf(" %s ", title), *foot = xasprintf(" %s ", footer);
	size_t n = 0;

	wrap_text(text, width - 4, &lines, &n);
	for (int y = 0; y < height; y++) {
		move(top + y, left);
		attrset(A_NORMAL);
		if (y == 0 || y == height - 1) {
			addch(y == 0 ? ACS_ULCORNER : ACS_LLCORNER);
			for (int i = 0; i < width - 2; i++)
				addch(ACS_HLINE);
			addch(y == 0 ? ACS_URCORNER : ACS_LRCORNER);
			continue;
		}
		addch(ACS_VLINE);
		addch(' ');
		if ((size_t)(y - 1) < n)
			draw_text(top + y, left + 2, lines[y - 1], width - 4, true);
		else
			draw_text(top + y, left + 2, "", width - 4, true);
		addch(' ');
		addch(ACS_VLINE);
	}
	draw_text(top, left + 2, head, width - 4, false);
	draw_text(top + height - 1, left + 2, foot, width - 4, false);
	wrap_free(lines, n);
	free(head);
	free(foot);
}

void draw_help_panel(const char *help, const struct tui_keymap *map)
{
	char *keys = tui_keymap_panel(map);
	char *text = help != NULL ? xasprintf("%s\n\n%s", _(help), keys) : xstrdup(keys);

	draw_panel(_("Aide"), text, _("Une touche pour revenir"));
	free(text);
	free(keys);
}
