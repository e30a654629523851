/*
 * fuzz-keys-exec.c — libFuzzer target for the SSH exec command line
 * (keys/exec-args.c), the first thing read from an authenticated client's
 * `ssh host COMMAND`. Besides memory errors it asserts exec_split's
 * contract: at most max words (else -1), each non-empty, without blanks,
 * inside the buffer, in order; the words joined by one space are the line
 * with its blanks collapsed.
 */
#include <stdlib.h>
#include <string.h>

#include "keys/keys-int.h"

#define MAX_WORDS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line, *copy, *joined, *argv[MAX_WORDS + 1];
	size_t j = 0, o = 0;
	int argc;
	bool in_word = false;

	if (size > EXEC_COMMAND_MAX)
		return 0;
	line = calloc(1, size + 1);
	memcpy(line, data, size);
	/* The request ends at its first NUL, as libssh hands it over. */
	copy = strdup(line);
	argc = exec_split(line, argv, MAX_WORDS);
	if (argc < -1 || argc > MAX_WORDS)
		abort();
	joined = calloc(1, strlen(copy) + 2);
	if (argc >= 0) {
		for (int i = 0; i < argc; i++) {
			size_t n = strlen(argv[i]);

			if (n == 0 || strpbrk(argv[i], " \t") != NULL || argv[i] < line ||
			    argv[i] + n > line + size || (i > 0 && argv[i] <= argv[i - 1]))
				abort();
			if (i > 0)
				joined[j++] = ' ';
			memcpy(joined + j, argv[i], n);
			j += n;
		}
		/* The same line, blanks collapsed by hand. */
		for (const char *p = copy; *p != '\0'; p++) {
			if (*p == ' ' || *p == '\t') {
				in_word = false;
				continue;
			}
			if (!in_word && o > 0)
				copy[o++] = ' ';
			in_word = true;
			copy[o++] = *p;
		}
		copy[o] = '\0';
		if (strcmp(joined, copy) != 0)
			abort();
	}
	free(joined);
	free(copy);
	free(line);
	return 0;
}
