/*
 * util.h — the small things every module uses: allocation that cannot be
 * forgotten, result codes, logging to stderr with the caller's name, and
 * wiping secrets. No I/O beyond stderr, no curses, LMDB or libssh.
 */
#ifndef RECOND_UTIL_H
#define RECOND_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Result codes. Functions return RC_OK (0) or a negative code; a reason meant
 * for a person travels out through `char **why` (French, caller frees).
 */
enum rc {
	RC_OK = 0,
	RC_ERR = -1,        /* internal error: logged, not the user's fault */
	RC_INVALID = -2,    /* bad input: *why says what and why, in French */
	RC_NOTFOUND = -3,   /* no such record */
	RC_EXISTS = -4,     /* unique key already taken */
	RC_STALE = -5,      /* optimistic concurrency: record changed since read */
	RC_DENIED = -6,     /* not allowed for this actor */
	RC_IO = -7,         /* file or database error */
	RC_FULL = -8,       /* a cap was reached (map full, too many items) */
};
/* Number of result codes: they run from RC_OK down to -(RC_COUNT - 1). */
#define RC_COUNT 9

/* A short English name for a result code, for logs. Never NULL. */
const char *rc_str(int rc);

/* Allocation: abort with a message on failure; zero sizes are programmer errors. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/*
 * Sets *why (if why is not NULL) to a fresh copy of the formatted text and
 * returns `rc`, so that a failure reads `return fail(why, RC_INVALID, "…")`.
 * A previous *why is freed.
 */
int fail(char **why, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Copies src into dst of size n, always NUL-terminated; returns strlen(src). */
size_t strlcpy_(char *dst, const char *src, size_t n);

/* Wipes n bytes of p in a way the compiler may not remove. */
void wipe(void *p, size_t n);
/* Wipes and frees a NUL-terminated secret; NULL is fine. */
void free_secret(char *s);

/* Logging to stderr: "recond[pid] level func: message". */
enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };
void log_set_level(enum log_level min);
void log_msg(enum log_level lvl, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define log_debug(...) log_msg(LOG_DEBUG, __func__, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __func__, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __func__, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __func__, __VA_ARGS__)

/* Current time, seconds since the epoch (UTC). */
int64_t now_utc(void);
/* Monotonic clock in milliseconds. */
int64_t now_ms(void);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
