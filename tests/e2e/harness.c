/*
 * harness.c — the server side of the end-to-end tests: temporary data
 * directory, accounts, free port, the real server as a child process, its
 * readiness and its stop (see harness.h for the contracts).
 */
#include "tests/e2e/harness.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "core/util.h"

#define READ_CAP (16u << 20)

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("e2e: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int64_t h_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *h_read_file(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t n = 0, cap = 4096;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap >= READ_CAP)
				break;
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

int h_rmtree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char *sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		sub = xasprintf("%s/%s", path, e->d_name);
		if (h_rmtree(sub) != 0)
			rc = -1;
		free(sub);
	}
	closedir(d);
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}

/* Appends what fd gives to a growing buffer; false at EOF or error. */
static bool drain(int fd, char **buf, size_t *len, size_t *cap)
{
	char tmp[4096];
	ssize_t r = read(fd, tmp, sizeof tmp);

	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (r <= 0)
		return false;
	if (*len + (size_t)r + 1 > *cap) {
		while (*len + (size_t)r + 1 > *cap)
			*cap *= 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, tmp, (size_t)r);
	*len += (size_t)r;
	(*buf)[*len] = '\0';
	return true;
}

/* Waits for pid with a deadline; on overrun kills it. Returns wait status or -1. */
static int wait_deadline(pid_t pid, int64_t deadline, bool *overran)
{
	int st;

	*overran = false;
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return st;
		if (r < 0 && errno != EINTR)
			return -1;
		if (h_now_ms() > deadline) {
			*overran = true;
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			return st;
		}
		poll(NULL, 0, 5);
	}
}

int h_recond(struct h_server *s, const char *const argv[], const char *stdin_text,
             char **out, char **err, int *status)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	char *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, ocap = 1024, elen = 0, ecap = 1024, argc = 0, inlen, inoff = 0;
	const char **av = NULL;
	int64_t deadline = h_now_ms() + H_CMD_DEADLINE_MS;
	bool oopen = true, eopen = true, overran;
	int rc = -1, st;
	pid_t pid;

	if (s->bin == NULL || access(s->bin, X_OK) != 0) {
		say("RECOND_BIN is not set to an executable (%s)", s->bin ? s->bin : "unset");
		return -1;
	}
	while (argv[argc] != NULL)
		argc++;
	av = xcalloc(argc + 2, sizeof *av);
	av[0] = s->bin;
	for (size_t i = 0; i < argc; i++)
		av[i + 1] = argv[i];
	if (pipe2(pin, O_CLOEXEC) != 0 || pipe2(pout, O_CLOEXEC) != 0 ||
	    pipe2(perr, O_CLOEXEC) != 0) {
		say("pipe: %s", strerror(errno));
		goto out;
	}
	if ((pid = fork()) < 0) {
		say("fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		execv(s->bin, (char *const *)av);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	pin[0] = pout[1] = perr[1] = -1;
	obuf = xmalloc(ocap);
	ebuf = xmalloc(ecap);
	obuf[0] = ebuf[0] = '\0';
	inlen = stdin_text ? strlen(stdin_text) : 0;
	signal(SIGPIPE, SIG_IGN);
	if (inlen == 0) {
		close(pin[1]);
		pin[1] = -1;
	}
	while ((oopen || eopen || pin[1] >= 0) && h_now_ms() < deadline) {
		struct pollfd p[3] = {
			{ .fd = oopen ? pout[0] : -1, .events = POLLIN },
			{ .fd = eopen ? perr[0] : -1, .events = POLLIN },
			{ .fd = pin[1], .events = POLLOUT },
		};

		if (poll(p, 3, 100) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			oopen = drain(pout[0], &obuf, &olen, &ocap);
		if (p[1].revents)
			eopen = drain(perr[0], &ebuf, &elen, &ecap);
		if (p[2].revents) {
			ssize_t w = write(pin[1], stdin_text + inoff, inlen - inoff);

			if (w > 0)
				inoff += (size_t)w;
			if (w < 0 || inoff == inlen) {
				close(pin[1]);
				pin[1] = -1;
			}
		}
	}
	st = wait_deadline(pid, deadline, &overran);
	if (overran) {
		say("recond %s overran %d ms: killed", argv[0], H_CMD_DEADLINE_MS);
		goto out;
	}
	if (status != NULL)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	if (out != NULL) {
		*out = obuf;
		obuf = NULL;
	}
	if (err != NULL) {
		*err = ebuf;
		ebuf = NULL;
	}
	rc = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0)
			close(pin[i]);
		if (pout[i] >= 0)
			close(pout[i]);
		if (perr[i] >= 0)
			close(perr[i]);
	}
	free(obuf);
	free(ebuf);
	free(av);
	return rc;
}

/* Runs a recond subcommand that must succeed; prints its output otherwise. */
static int recond_ok(struct h_server *s, const char *const argv[], const char *stdin_text)
{
	char *out = NULL, *err = NULL;
	int status = -1, rc = -1;

	if (h_recond(s, argv, stdin_text, &out, &err, &status) != 0)
		goto out;
	if (status != 0) {
		say("recond %s %s exited %d\n--- stdout\n%s--- stderr\n%s---", argv[0],
		    argv[1] ? argv[1] : "", status, out, err);
		goto out;
	}
	rc = 0;
out:
	free(out);
	free(err);
	return rc;
}

int h_server_init(struct h_server *s)
{
	char tmpl[] = "/tmp/recond-e2e-XXXXXX";

	memset(s, 0, sizeof *s);
	s->bin = getenv("RECOND_BIN");
	if (s->bin == NULL || *s->bin == '\0' || access(s->bin, X_OK) != 0) {
		say("RECOND_BIN must name the recond binary (got %s)", s->bin ? s->bin : "nothing");
		return -1;
	}
	if (mkdtemp(tmpl) == NULL) {
		say("mkdtemp: %s", strerror(errno));
		return -1;
	}
	s->root = xstrdup(tmpl);
	s->data = xasprintf("%s/data", s->root);
	s->log = xasprintf("%s/serve.log", s->root);
	{
		const char *argv[] = { "init", "--data", s->data, NULL };

		if (recond_ok(s, argv, NULL) != 0) {
			h_server_cleanup(s, false);
			return -1;
		}
	}
	return 0;
}

int h_user_add(struct h_server *s, const char *login, const char *role, const char *org,
               const char *password, const char *pubkey_file)
{
	const char *argv[16];
	char *pw = NULL;
	size_t n = 0;
	int rc;

	argv[n++] = "user";
	argv[n++] = "add";
	argv[n++] = "--data";
	argv[n++] = s->data;
	argv[n++] = "--login";
	argv[n++] = login;
	argv[n++] = "--role";
	argv[n++] = role;
	if (org != NULL) {
		argv[n++] = "--org";
		argv[n++] = org;
	}
	if (password != NULL) {
		argv[n++] = "--password-stdin";
		pw = xasprintf("%s\n", password);
	}
	if (pubkey_file != NULL) {
		argv[n++] = "--key";
		argv[n++] = pubkey_file;
	}
	argv[n] = NULL;
	rc = recond_ok(s, argv, pw);
	free(pw);
	return rc;
}

int h_free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	int fd, port = -1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* One connect() attempt to 127.0.0.1:port; true if it was accepted. */
static bool try_connect(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd;
	bool ok;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return false;
	ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	close(fd);
	return ok;
}

bool h_server_alive(struct h_server *s)
{
	int st;

	if (s->pid <= 0)
		return false;
	if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
		say("server (pid %d) exited: %s %d", (int)s->pid,
		    WIFEXITED(st) ? "status" : "signal",
		    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		s->pid = 0;
		return false;
	}
	return true;
}

int h_server_start(struct h_server *s)
{
	char listen[64];
	int64_t deadline;
	int logfd;
	pid_t pid;

	if (s->pid > 0) {
		say("server already running");
		return -1;
	}
	if ((s->port = h_free_port()) < 0) {
		say("no free port: %s", strerror(errno));
		return -1;
	}
	snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
	if ((logfd = open(s->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0) {
		say("open %s: %s", s->log, strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		say("fork: %s", strerror(errno));
		close(logfd);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);

		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(logfd, 2);
		if (s->serve_args == NULL) {
			execl(s->bin, s->bin, "serve", "--data", s->data, "--listen", listen,
			      (char *)NULL);
		} else {
			const char *av[H_SERVE_ARGS_MAX + 7] = { s->bin, "serve", "--data", s->data,
			                                         "--listen", listen };
			size_t n = 6;

			for (size_t i = 0; s->serve_args[i] != NULL && i < H_SERVE_ARGS_MAX; i++)
				av[n++] = s->serve_args[i];
			av[n] = NULL;
			execv(s->bin, (char *const *)av);
		}
		_exit(127);
	}
	close(logfd);
	s->pid = pid;
	deadline = h_now_ms() + H_START_DEADLINE_MS;
	while (h_now_ms() < deadline) {
		if (try_connect(s->port))
			return 0;
		if (!h_server_alive(s)) {
			h_server_print_log(s);
			return -1;
		}
		poll(NULL, 0, 10);
	}
	say("server did not accept connections on port %d within %d ms", s->port,
	    H_START_DEADLINE_MS);
	h_server_stop(s);
	h_server_print_log(s);
	return -1;
}

int h_server_stop(struct h_server *s)
{
	bool overran;
	char *log;
	int st, rc = 0;

	if (s->pid <= 0)
		return 0;
	if (kill(s->pid, SIGTERM) != 0 && errno != ESRCH) {
		say("kill %d: %s", (int)s->pid, strerror(errno));
		return -1;
	}
	st = wait_deadline(s->pid, h_now_ms() + H_STOP_DEADLINE_MS, &overran);
	s->pid = 0;
	if (overran) {
		say("server did not stop within %d ms of SIGTERM: killed", H_STOP_DEADLINE_MS);
		rc = -1;
	} else if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		say("server ended badly after SIGTERM: %s %d", WIFEXITED(st) ? "status" : "signal",
		    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		rc = -1;
	}
	log = h_server_log(s);
	if (log != NULL && (strstr(log, "ERROR: AddressSanitizer") != NULL ||
	                    strstr(log, "ERROR: LeakSanitizer") != NULL ||
	                    strstr(log, "runtime error:") != NULL)) {
		say("the server log holds a sanitizer report");
		rc = -1;
	}
	free(log);
	if (rc != 0)
		h_server_print_log(s);
	return rc;
}

char *h_server_log(const struct h_server *s)
{
	return s->log ? h_read_file(s->log, NULL) : NULL;
}

void h_server_print_log(const struct h_server *s)
{
	char *log = h_server_log(s);

	fprintf(stderr, "----- server log (%s)\n%s----- end of server log\n",
	        s->log ? s->log : "none", log ? log : "");
	free(log);
}

int h_server_cleanup(struct h_server *s, bool print_log)
{
	int rc = h_server_stop(s);

	if (print_log && rc == 0)
		h_server_print_log(s);
	if (s->root != NULL && h_rmtree(s->root) != 0)
		say("could not remove %s", s->root);
	free(s->root);
	free(s->data);
	free(s->log);
	memset(s, 0, sizeof *s);
	return rc;
}

int h_keygen(const char *dir, const char *name, char **priv, char **pub)
{
	ssh_key key = NULL;
	char *ppriv = xasprintf("%s/%s", dir, name);
	char *ppub = xasprintf("%s/%s.pub", dir, name);
	int rc = -1;

	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
		say("ssh_pki_generate failed");
		goto out;
	}
	if (ssh_pki_export_privkey_file(key, NULL, NULL, NULL, ppriv) != SSH_OK ||
	    ssh_pki_export_pubkey_file(key, ppub) != SSH_OK) {
		say("could not write the key pair %s", ppriv);
		goto out;
	}
	chmod(ppriv, 0600);
	if (priv != NULL) {
		*priv = ppriv;
		ppriv = NULL;
	}
	if (pub != NULL) {
		*pub = ppub;
		ppub = NULL;
	}
	rc = 0;
out:
	ssh_key_free(key);
	free(ppriv);
	free(ppub);
	return rc;
}

/* Fields 4 (ppid) and 14..17 (utime stime cutime cstime) of /proc/pid/stat. */
static int proc_stat(pid_t pid, pid_t *ppid, long long t[4])
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd, ppid_i;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: skip to the last ')'. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	if (sscanf(p + 1, " %*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld %lld %lld",
	           &ppid_i, &t[0], &t[1], &t[2], &t[3]) != 5)
		return -1;
	*ppid = ppid_i;
	return 0;
}

pid_t h_proc_ppid(pid_t pid)
{
	long long t[4];
	pid_t ppid;

	return proc_stat(pid, &ppid, t) == 0 ? ppid : -1;
}

long long h_proc_cpu_ticks(pid_t pid, bool reaped)
{
	long long t[4];
	pid_t ppid;

	if (proc_stat(pid, &ppid, t) != 0)
		return -1;
	return t[0] + t[1] + (reaped ? t[2] + t[3] : 0);
}

int h_proc_descendants(pid_t pid, pid_t *out, int max)
{
	enum { ALL_MAX = 1 << 16 };
	pid_t *all = xcalloc(ALL_MAX, sizeof *all), *par = xcalloc(ALL_MAX, sizeof *par);
	bool *in = xcalloc(ALL_MAX, sizeof *in);
	int nall = 0, count = 0;
	bool grew = true;
	struct dirent *e;
	DIR *d;

	if ((d = opendir("/proc")) == NULL) {
		free(all);
		free(par);
		free(in);
		return -1;
	}
	while ((e = readdir(d)) != NULL && nall < ALL_MAX) {
		char *end;
		long v = strtol(e->d_name, &end, 10);
		pid_t pp;

		if (*end != '\0' || v <= 0 || (pp = h_proc_ppid((pid_t)v)) < 0)
			continue;
		all[nall] = (pid_t)v;
		par[nall++] = pp;
	}
	closedir(d);
	/* Mark descendants until nothing changes (the tree is shallow). */
	while (grew) {
		grew = false;
		for (int i = 0; i < nall; i++) {
			if (in[i])
				continue;
			if (par[i] == pid) {
				in[i] = grew = true;
				continue;
			}
			for (int j = 0; j < nall; j++)
				if (in[j] && all[j] == par[i]) {
					in[i] = grew = true;
					break;
				}
		}
	}
	for (int i = 0; i < nall; i++)
		if (in[i]) {
			if (count < max)
				out[count] = all[i];
			count++;
		}
	free(all);
	free(par);
	free(in);
	return count;
}

long long h_proc_pss_kib(pid_t pid)
{
	char path[64], *text, *p;
	long long kib = -1;

	snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
	if ((text = h_read_file(path, NULL)) == NULL)
		return -1;
	if ((p = strstr(text, "\nPss:")) != NULL)
		kib = strtoll(p + 5, NULL, 10);
	free(text);
	return kib;
}

long long h_proc_cpu_ns(pid_t pid)
{
	char path[64];
	struct dirent *e;
	long long sum = 0;
	bool any = false;
	DIR *d;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char *file, *text;

		if (e->d_name[0] == '.')
			continue;
		file = xasprintf("/proc/%d/task/%s/schedstat", (int)pid, e->d_name);
		if ((text = h_read_file(file, NULL)) != NULL) {
			sum += strtoll(text, NULL, 10);
			any = true;
		}
		free(text);
		free(file);
	}
	closedir(d);
	return any ? sum : -1;
}
