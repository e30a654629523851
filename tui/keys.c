/*
 * keys.c — key tables: matching a key against a screen's table (and the
 * keys every screen shares), the help line drawn from it and the list of
 * keys of the F1 panel. One table per screen or mode, so that the line at
 * the bottom, the help panel and what a key does can never disagree.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/screen.h"

/* The keys every screen has, after its own: help first, back and quit last. */
static const struct tui_keydef keys_help = {
	.fkey = 1, .ctrl = 'g', .label = N_("Aide"), .action = TK_HELP,
};
static const struct tui_keydef keys_shared_tail[] = {
	{ .fkey = 3, .ctrl = 'b', .ch = 27, .label = N_("Retour"), .action = TK_BACK },
	{ .fkey = 10, .ctrl = 'x', .label = N_("Quitter"), .action = TK_QUIT },
};

static bool keydef_matches(const struct tui_keydef *d, struct tui_key k)
{
	if (k.fn)
		return (d->fkey > 0 && k.code == (wint_t)KEY_F(d->fkey)) ||
		       (d->code != 0 && k.code == (wint_t)d->code);
	return (d->ctrl != 0 && k.code == (wint_t)TUI_CTRL(d->ctrl)) ||
	       (d->ch != 0 && k.code == d->ch);
}

const struct tui_keydef *tui_keymap_match(const struct tui_keymap *map, struct tui_key k)
{
	if (map != NULL)
		for (size_t i = 0; i < map->n; i++)
			if (keydef_matches(&map->defs[i], k))
				return &map->defs[i];
	if (keydef_matches(&keys_help, k))
		return &keys_help;
	for (size_t i = 0; i < ARRAY_LEN(keys_shared_tail); i++)
		if (keydef_matches(&keys_shared_tail[i], k))
			return &keys_shared_tail[i];
	return NULL;
}

/* "F5/^D" (or the def's own key names); fresh. */
static char *keydef_keys(const struct tui_keydef *d)
{
	if (d->keys != NULL)
		return xstrdup(_(d->keys));
	if (d->fkey > 0 && d->ctrl != 0)
		return xasprintf("F%d/^%c", d->fkey, d->ctrl - 'a' + 'A');
	if (d->fkey > 0)
		return xasprintf("F%d", d->fkey);
	if (d->ctrl != 0)
		return xasprintf("^%c", d->ctrl - 'a' + 'A');
	if (d->ch != 0 && d->ch != 27)
		return xasprintf("%lc", (wint_t)d->ch);
	return xstrdup("");
}

/* True when the screen's table gives that shared action a key of its own. */
static bool keymap_binds(const struct tui_keymap *map, int action)
{
	if (map != NULL)
		for (size_t i = 0; i < map->n; i++)
			if (map->defs[i].action == action &&
			    (map->defs[i].label != NULL || map->defs[i].absent))
				return true;
	return false;
}

/* The entries of the help line, in order; *n their count. */
static size_t keymap_line_entries(const struct tui_keymap *map, const struct tui_keydef **out,
                                  size_t max)
{
	size_t n = 0;

	if (!keymap_binds(map, TK_HELP))
		out[n++] = &keys_help;
	if (map != NULL)
		for (size_t i = 0; i < map->n && n < max; i++)
			if (map->defs[i].label != NULL && !map->defs[i].panel_only)
				out[n++] = &map->defs[i];
	for (size_t i = 0; i < ARRAY_LEN(keys_shared_tail) && n < max; i++)
		if (!keymap_binds(map, keys_shared_tail[i].action))
			out[n++] = &keys_shared_tail[i];
	return n;
}

/* The line with the first `count` entries, entries separated by `gap` spaces. */
static char *keymap_join(const struct tui_keydef *const *e, size_t count, int gap)
{
	char *line = xstrdup("");

	for (size_t i = 0; i < count; i++) {
		char *keys = keydef_keys(e[i]);
		char *next = xasprintf("%s%*s%s %s", line, i == 0 ? 1 : gap, "", keys, _(e[i]->label));

		free(keys);
		free(line);
		line = next;
	}
	return line;
}

char *tui_keymap_line(const struct tui_keymap *map, int cols)
{
	const struct tui_keydef *e[48];
	size_t n = keymap_line_entries(map, e, ARRAY_LEN(e));
	size_t quit = n;
	char *line;

	for (size_t i = 0; i < n; i++)
		if (e[i]->action == TK_QUIT)
			quit = i;
	for (;;) {
		for (int gap = 2; gap >= 1; gap--) {
			line = keymap_join(e, n, gap);
			if (draw_width(line) <= cols || n == 0)
				return line;
			free(line);
		}
		/* Too long: Quitter goes first (F10 still works), then the last of the screen's own. */
		if (quit < n) {
			memmove(&e[quit], &e[quit + 1], (n - quit - 1) * sizeof e[0]);
			n--;
			quit = n;
			continue;
		}
		if (n <= 2)
			return keymap_join(e, n, 1);
		/* Keep « Retour », the last entry: drop the one before it. */
		memmove(&e[n - 2], &e[n - 1], sizeof e[0]);
		n--;
	}
}

char *tui_keymap_panel(const struct tui_keymap *map)
{
	const struct tui_keydef *all[64];
	size_t n = 0;
	char *text = xstrdup(_("Touches de cet écran :"));

	all[n++] = &keys_help;
	if (map != NULL)
		for (size_t i = 0; i < map->n && n < ARRAY_LEN(all) - 2; i++)
			if (map->defs[i].label != NULL)
				all[n++] = &map->defs[i];
	for (size_t i = 0; i < ARRAY_LEN(keys_shared_tail); i++)
		if (!keymap_binds(map, keys_shared_tail[i].action))
			all[n++] = &keys_shared_tail[i];
	for (size_t i = 0; i < n; i++) {
		const struct tui_keydef *d = all[i];
		char *keys, *next;

		if (d->keys != NULL)
			keys = xstrdup(_(d->keys));
		else if (d->fkey > 0 && d->ctrl != 0)
			keys = xasprintf("F%d, ^%c%s", d->fkey, d->ctrl - 'a' + 'A',
			                 d->ch == 27 ? _(", Échap") : d->action == TK_HELP ? ", ?" : "");
		else
			keys = keydef_keys(d);
		next = xasprintf("%s\n  %s : %s", text, keys, _(d->label));
		free(keys);
		free(text);
		text = next;
	}
	return text;
}
