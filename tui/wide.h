/*
 * wide.h — conversion between the wide-character text that tui/ edits
 * (fields, the multi-line editor) and the UTF-8 that the rest of recond keeps.
 * Needs the session's UTF-8 locale (set by tui_run).
 */
#ifndef RECOND_TUI_WIDE_H
#define RECOND_TUI_WIDE_H

#include <stddef.h>
#include <wchar.h>

/* text[0..len) as a fresh UTF-8 string (caller frees); a character that cannot be encoded is left out. */
char *wide_to_utf8(const wchar_t *text, size_t len);

/*
 * Calls put(c, ctx) for each character of the UTF-8 string s, in order; bytes
 * that are not UTF-8 are skipped one at a time.
 */
void wide_from_utf8(const char *s, void (*put)(wchar_t c, void *ctx), void *ctx);

#endif
