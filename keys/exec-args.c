/*
 * exec-args.c — the words of an exec request (`ssh host COMMAND ARGS…`),
 * split apart from keys/exec.c so that the parser of this untrusted line
 * can be fuzzed alone (tests/fuzz/fuzz-keys-exec.c).
 */
#include "keys/keys-int.h"

int exec_split(char *command, char **argv, int max)
{
	int argc = 0;
	char *p = command;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return argc;
		if (argc == max)
			return -1;
		argv[argc++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
}
