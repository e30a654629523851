/*
 * terminal.c — questions to the terminfo database that need <term.h>, kept
 * apart because that header defines a macro for every capability name
 * (lines, columns, tab…), which would clash with ordinary identifiers.
 */
#include "tui/screen.h"

#include <unistd.h>

/* Last: its capability macros must not reach the declarations above. */
#include <term.h>

/*
 * Asked of setupterm, whose description is freed at once: newterm on an
 * unknown name fails but keeps the screen it had begun to set up (a leak in
 * every session whose client sends an exotic TERM).
 */
static bool tui_term_probe(const char *name, bool *addressable)
{
	TERMINAL *before = cur_term, *probe;
	int err = 0;

	if (setupterm(name, STDOUT_FILENO, &err) != OK)
		return false;
	if (addressable != NULL) {
		char *cup = tigetstr("cup");

		*addressable = cup != NULL && cup != (char *)-1;
	}
	probe = set_curterm(before);
	if (probe != NULL && probe != before)
		del_curterm(probe);
	return true;
}

bool tui_term_known(const char *name)
{
	return tui_term_probe(name, NULL);
}

bool tui_term_addressable(const char *name)
{
	bool cup = false;

	return tui_term_probe(name, &cup) && cup;
}
