/*
 * util.c — allocation, result codes, logging and secret wiping shared by all
 * modules (see util.h for the contracts).
 */
#include "core/util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *rc_str(int rc)
{
	switch (rc) {
	case RC_OK: return "ok";
	case RC_ERR: return "internal error";
	case RC_INVALID: return "invalid input";
	case RC_NOTFOUND: return "not found";
	case RC_EXISTS: return "already exists";
	case RC_STALE: return "stale version";
	case RC_DENIED: return "denied";
	case RC_IO: return "i/o error";
	case RC_FULL: return "full";
	}
	return "unknown error";
}

static void oom(size_t n)
{
	fprintf(stderr, "recond: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p;

	if (n == 0) {
		fprintf(stderr, "recond: xmalloc(0)\n");
		abort();
	}
	if ((p = malloc(n)) == NULL)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0) {
		fprintf(stderr, "recond: xcalloc of zero size\n");
		abort();
	}
	if ((p = calloc(nmemb, size)) == NULL)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q;

	if (n == 0) {
		fprintf(stderr, "recond: xrealloc(0)\n");
		abort();
	}
	if ((q = realloc(p, n)) == NULL)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		oom(strlen(fmt));
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

int fail(char **why, int rc, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL) {
		free(*why);
		va_start(ap, fmt);
		*why = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return rc;
}

size_t strlcpy_(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n > 0) {
		size_t c = len < n - 1 ? len : n - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return len;
}

void wipe(void *p, size_t n)
{
	if (p != NULL)
		explicit_bzero(p, n);
}

void free_secret(char *s)
{
	if (s != NULL) {
		wipe(s, strlen(s));
		free(s);
	}
}

static enum log_level log_min = LOG_INFO;

void log_set_level(enum log_level min)
{
	log_min = min;
}

/*
 * True when stderr is the stream systemd's journal gave us: JOURNAL_STREAM
 * holds its "device:inode" (systemd.exec(5)). The journal stamps lines
 * itself and reads a "<N>" priority prefix (sd-daemon(3)).
 */
static bool log_to_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) != 0)
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void log_msg(enum log_level lvl, const char *func, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	static const int prio[] = { 7, 6, 4, 3 }; /* LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR */
	char buf[1024], stamp[80] = "";
	struct timespec ts;
	struct tm tm;
	va_list ap;
	int n;

	if (lvl < log_min)
		return;
	if (log_to_journal()) {
		snprintf(stamp, sizeof stamp, "<%d>", prio[lvl]);
	} else {
		/* ISO 8601, UTC, to the millisecond: "2026-12-03T13:15:32.041Z ". */
		clock_gettime(CLOCK_REALTIME, &ts);
		if (gmtime_r(&ts.tv_sec, &tm) != NULL)
			snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ ",
			         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			         tm.tm_sec, (long)(ts.tv_nsec / 1000000 % 1000));
	}
	n = snprintf(buf, sizeof buf, "%srecond[%ld] %s %s: ", stamp, (long)getpid(), names[lvl],
	             func);
	if (n < 0 || (size_t)n >= sizeof buf)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	va_end(ap);
	/* One write per line so that lines of several processes do not mix. */
	n = (int)strlen(buf);
	if ((size_t)n < sizeof buf - 1) {
		buf[n++] = '\n';
	} else {
		buf[sizeof buf - 2] = '\n';
		n = sizeof buf - 1;
	}
	if (write(STDERR_FILENO, buf, (size_t)n) < 0)
		return;
}

int64_t now_utc(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
