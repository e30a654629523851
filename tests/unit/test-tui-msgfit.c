/*
 * test-tui-msgfit.c — every message the screens can show fits at 80x24:
 * the test walks the sources of tui/ and core/ (run from the repository's
 * root, as `make test` does) for the texts given to tui_msg(),
 * tui_msg_why() and core's fail() (the reasons that reach the message
 * line), fills their conversions with long values, and checks that with
 * « Erreur : » before it each one wraps within TUI_MSG_ROWS rows of 78
 * columns (draw_msg). A message that does not is printed with its file.
 */
#include <ctype.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "tui/screen.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define MSG_COLS 78                 /* COLS - 2 at 80 columns */
#define LONG_S "xxxxxxxxxxxxxxxxxxxx" /* what a %s stands for: 20 columns */
#define LONG_N "123456"             /* what a number stands for */

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
		buf = xmalloc((size_t)n + 1);
		if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
		}
	}
	fclose(fp);
	return buf;
}

/* Reads the C string literal at *p (on its '"') into out; *p moves past it. */
static void literal(const char **p, char *out, size_t cap, size_t *len)
{
	const char *s = *p + 1;

	for (; *s != '\0' && *s != '"'; s++) {
		char c = *s;

		if (c == '\\' && s[1] != '\0') {
			s++;
			c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		}
		if (*len + 1 < cap)
			out[(*len)++] = c;
	}
	out[*len] = '\0';
	*p = *s == '"' ? s + 1 : s;
}

/*
 * The format of the call whose '(' is at p: the adjacent literals of its
 * first literal argument (inside _() or not) before the call's ';'. false
 * when it has none (a format from a variable).
 */
static bool call_format(const char *p, char *out, size_t cap)
{
	size_t len = 0;
	const char *q = p;

	while (*q != '\0' && *q != '"' && *q != ';')
		q++;
	if (*q != '"')
		return false;
	for (;;) {
		literal(&q, out, cap, &len);
		while (isspace((unsigned char)*q))
			q++;
		if (*q != '"')
			break;
	}
	return true;
}

/* The format with each conversion replaced by a long value. */
static char *fill(const char *fmt)
{
	size_t cap = strlen(fmt) * 4 + 64, n = 0;
	char *out = xmalloc(cap);

	for (const char *s = fmt; *s != '\0' && n + 32 < cap; s++) {
		const char *v;

		if (*s != '%') {
			out[n++] = *s;
			continue;
		}
		s++;
		if (*s == '%') {
			out[n++] = '%';
			continue;
		}
		while (*s != '\0' && strchr("-+ #0123456789.*hljzt", *s) != NULL)
			s++;
		if (*s == '\0')
			break;
		v = *s == 's' ? LONG_S : *s == 'c' ? "x" : LONG_N;
		memcpy(out + n, v, strlen(v));
		n += strlen(v);
	}
	out[n] = '\0';
	return out;
}

struct walk {
	size_t seen;
	size_t too_long;
};

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static void walk_file(const char *path, struct walk *w)
{
	static const char *const calls[] = { "tui_msg(", "tui_msg_why(", "fail(" };
	char *src = slurp(path), fmt[4096];

	assert_non_null(src);
	for (size_t k = 0; k < ARRAY_LEN(calls); k++) {
		for (const char *p = strstr(src, calls[k]); p != NULL; p = strstr(p + 1, calls[k])) {
			char *filled, *line, **lines = NULL;
			size_t n = 0;

			if (p > src && ident_char(p[-1]))
				continue;
			if (!call_format(p + strlen(calls[k]), fmt, sizeof fmt) ||
			    strcmp(fmt, "%s") == 0)
				continue;
			filled = fill(fmt);
			line = xasprintf("Erreur : %s", filled);
			wrap_text(line, MSG_COLS, &lines, &n);
			w->seen++;
			if (n > TUI_MSG_ROWS) {
				w->too_long++;
				printf("%s: %zu rows at %d columns: %s\n", path, n, MSG_COLS, fmt);
			}
			wrap_free(lines, n);
			free(line);
			free(filled);
		}
	}
	free(src);
}

static void walk_dir(const char *dir, struct walk *w)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		fail_msg("%s not found: run from the repository's root", dir);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *path;

		if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		walk_file(path, w);
		free(path);
	}
	closedir(d);
}

static void test_every_message_fits(void **state)
{
	struct walk w = { 0, 0 };
	(void)state;

	walk_dir("tui", &w);
	walk_dir("core", &w);
	printf("# %zu messages walked\n", w.seen);
	assert_true(w.seen > 200);     /* the walk found the messages */
	assert_int_equal(w.too_long, 0);
}

/* The walk reads what it should: a literal split over lines, and its conversions. */
static void test_walk_reads_formats(void **state)
{
	char fmt[256], *f;
	(void)state;

	assert_true(call_format("(t, MSG_INFO, _(\"Demande n° %llu envoyée : \"\n\t\"la réponse\"), id);",
	                        fmt, sizeof fmt));
	assert_string_equal(fmt, "Demande n° %llu envoyée : la réponse");
	assert_false(call_format("(t, MSG_ERROR, fmt, x); \"later\"", fmt, sizeof fmt));
	f = fill("%s a %zu %% %lc.");
	assert_string_equal(f, LONG_S " a " LONG_N " % x.");
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_reads_formats),
		cmocka_unit_test(test_every_message_fits),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		(void)setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
