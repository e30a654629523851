/*
 * server.c — the listener process: binds the address, accepts connections
 * and forks one child per connection before any byte of SSH is exchanged
 * (the parent closes its copy of the socket and never writes to it). It
 * admits connections before authentication as sshd's MaxStartups
 * start:rate:full and PerSourceMaxStartups do (a cap in all, a share per
 * source, random early drop), keeps a penalty per source (failed attempts,
 * login grace expiries, crashes before authentication), hands out the few
 * places to verify a password, counts sign-up sessions, reaps children,
 * and on SIGTERM/SIGINT stops accepting, passes SIGTERM to every child and
 * waits for them (bounded).
 *
 * A source is an address masked to source_prefix4 / source_prefix6 bits.
 * Children report to the listener on a socketpair (see keys-int.h for the
 * bytes); a child forked here gets SIGTERM if the listener dies.
 */
#include "keys/keys-int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "core/util.h"

#define SERVER_CHILDREN_MAX 4096
#define SERVER_STOP_MS 10000
#define SOURCE_KEY_MAX (INET6_ADDRSTRLEN + 5)

struct child {
	pid_t pid;
	int status_fd;          /* read end, -1 once closed */
	bool authenticated;     /* it said 'A' */
	bool signup;            /* holds a sign-up place */
	bool check_held;        /* holds a password-check place */
	uint64_t check_wait;    /* waiting for one since this turn (0: not waiting) */
	char addr[INET6_ADDRSTRLEN];
	char source[SOURCE_KEY_MAX];    /* its address masked to the source prefix */
};

struct source {
	char key[SOURCE_KEY_MAX];
	int failures;
	int64_t window_start_ms;
	int64_t banned_until_ms;
	int64_t last_seen_ms;
	int signups;                /* sign-up sessions opened in the current window */
	int64_t signup_window_ms;   /* start of that window */
};

struct server {
	const struct keys_config *cfg;
	ssh_bind bind;
	int listen_fd;
	bool stopping;
	struct child *children;
	size_t nchildren;
	struct source *sources;     /* cfg->max_sources of them */
	size_t nsources;
	int checks_busy;            /* password-check places taken */
	uint64_t check_turn;        /* last turn given to a waiter */
};

static volatile sig_atomic_t server_got_term;
static int server_sig_pipe[2] = { -1, -1 };

static void server_on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGTERM || sig == SIGINT)
		server_got_term = 1;
	if (write(server_sig_pipe[1], "s", 1) < 0) {
		/* a wake-up is already pending */
	}
	errno = saved;
}

static int server_signals(void)
{
	struct sigaction sa;

	if (pipe2(server_sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return RC_ERR;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = server_on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return RC_OK;
}

static int server_listen(const struct keys_config *cfg, char **why)
{
	struct addrinfo hints, *res = NULL;
	char port[16];
	int fd = -1, one = 1, rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(port, sizeof port, "%d", cfg->port);
	rc = getaddrinfo(cfg->listen_host, port, &hints, &res);
	if (rc != 0) {
		fail(why, RC_INVALID, "adresse d'écoute invalide %s : %s", cfg->listen_host,
		     gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 512) != 0) {
		fail(why, RC_IO, "impossible d'écouter sur %s:%d : %s", cfg->listen_host,
		     cfg->port, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/*
 * The source an address belongs to: the address itself at a full prefix
 * (/32, /128), else its network as "net/len" (e.g. 192.0.2.0/24, 2001:db8::/64).
 */
static void server_source_key(const struct keys_config *cfg, const struct sockaddr_storage *ss,
                              char *key, size_t keylen)
{
	unsigned char bytes[16];
	char text[INET6_ADDRSTRLEN];
	int family = ss->ss_family, len, prefix;

	if (family == AF_INET) {
		memcpy(bytes, &((const struct sockaddr_in *)ss)->sin_addr, 4);
		len = 4;
		prefix = cfg->source_prefix4;
	} else if (family == AF_INET6) {
		memcpy(bytes, &((const struct sockaddr_in6 *)ss)->sin6_addr, 16);
		len = 16;
		prefix = cfg->source_prefix6;
	} else {
		strlcpy_(key, "?", keylen);
		return;
	}
	if (prefix < 0 || prefix > len * 8)
		prefix = len * 8;
	for (int bit = prefix; bit < len * 8; bit++)
		bytes[bit / 8] &= (unsigned char)~(0x80u >> (bit % 8));
	inet_ntop(family, bytes, text, sizeof text);
	if (prefix == len * 8)
		strlcpy_(key, text, keylen);
	else
		snprintf(key, keylen, "%s/%d", text, prefix);
}

static bool server_is_banned(const struct source *s, int64_t t)
{
	return s->banned_until_ms > t;
}

/*
 * The entry of source key, made if absent and `create`. When every one of
 * the max_sources entries is taken, the one seen least recently that is
 * not under a penalty makes way; when all are, NULL: the new source is not
 * tracked (its connections are still admitted, within the caps).
 */
static struct source *server_source(struct server *sv, const char *key, bool create)
{
	int64_t t = now_ms();
	size_t victim = SIZE_MAX;

	for (size_t i = 0; i < sv->nsources; i++) {
		struct source *s = &sv->sources[i];

		if (strcmp(s->key, key) == 0) {
			s->last_seen_ms = t;
			return s;
		}
		if (!server_is_banned(s, t) &&
		    (victim == SIZE_MAX || s->last_seen_ms < sv->sources[victim].last_seen_ms))
			victim = i;
	}
	if (!create)
		return NULL;
	if (sv->nsources < (size_t)sv->cfg->max_sources) {
		victim = sv->nsources++;
	} else if (victim == SIZE_MAX) {
		log_warn("%d sources under a penalty already: %s not tracked", sv->cfg->max_sources,
		         key);
		return NULL;
	}
	memset(&sv->sources[victim], 0, sizeof sv->sources[victim]);
	strlcpy_(sv->sources[victim].key, key, sizeof sv->sources[victim].key);
	sv->sources[victim].window_start_ms = t;
	sv->sources[victim].last_seen_ms = t;
	return &sv->sources[victim];
}

static bool server_banned(struct server *sv, const char *key)
{
	struct source *s = server_source(sv, key, false);

	return s != NULL && server_is_banned(s, now_ms());
}

static void server_answer(struct child *ch, char answer)
{
	if (ch->status_fd < 0 || write(ch->status_fd, &answer, 1) != 1)
		log_warn("status socket of pid %ld: cannot answer", (long)ch->pid);
}

/* A source just got a penalty: its connections waiting to check a password are told. */
static void server_penalise_waiters(struct server *sv, const char *key)
{
	for (size_t i = 0; i < sv->nchildren; i++) {
		struct child *ch = &sv->children[i];

		if (ch->check_wait != 0 && strcmp(ch->source, key) == 0) {
			ch->check_wait = 0;
			server_answer(ch, STATUS_PENALISED);
		}
	}
}

static void server_ban(struct server *sv, struct source *s, int seconds, const char *why)
{
	int64_t t = now_ms();

	s->banned_until_ms = t + (int64_t)seconds * 1000;
	s->failures = 0;
	s->window_start_ms = t;
	log_warn("%s from %s: refused for %d s", why, s->key, seconds);
	server_penalise_waiters(sv, s->key);
}

static void server_count_failure(struct server *sv, const char *key)
{
	struct source *s;
	int64_t t = now_ms();

	if (sv->cfg->penalty_failures <= 0 || (s = server_source(sv, key, true)) == NULL)
		return;
	if (t - s->window_start_ms > (int64_t)sv->cfg->penalty_window_s * 1000) {
		s->window_start_ms = t;
		s->failures = 0;
	}
	if (++s->failures >= sv->cfg->penalty_failures && !server_is_banned(s, t))
		server_ban(sv, s, sv->cfg->penalty_s, "too many failures");
}

/*
 * A connection process asks to open a sign-up session: at most signup_max
 * per signup_window_s and per source, and at most signup_sessions_max at
 * once in all and signup_sessions_per_source per source. The listener
 * answers each request in turn, so the counts are exact however many
 * connections ask at once. Returns the answer; a "yes" is counted.
 */
static char server_signup_request(struct server *sv, struct child *ch)
{
	struct source *s = server_source(sv, ch->source, true);
	int64_t t = now_ms();
	int live = 0, live_here = 0;

	for (size_t i = 0; i < sv->nchildren; i++) {
		if (!sv->children[i].signup)
			continue;
		live++;
		if (strcmp(sv->children[i].source, ch->source) == 0)
			live_here++;
	}
	if (sv->cfg->signup_sessions_max > 0 && live >= sv->cfg->signup_sessions_max) {
		log_warn("sign-up refused from %s: %d sign-up sessions open already", ch->addr,
		         live);
		return STATUS_SIGNUP_FULL;
	}
	if (sv->cfg->signup_sessions_per_source > 0 &&
	    live_here >= sv->cfg->signup_sessions_per_source) {
		log_warn("sign-up refused from %s: %d sign-up sessions open from %s already",
		         ch->addr, live_here, ch->source);
		return STATUS_SIGNUP_NO;
	}
	if (s != NULL) {
		if (s->signups == 0 ||
		    t - s->signup_window_ms > (int64_t)sv->cfg->signup_window_s * 1000) {
			s->signup_window_ms = t;
			s->signups = 0;
		}
		if (sv->cfg->signup_max > 0 && s->signups >= sv->cfg->signup_max) {
			log_warn("sign-up refused from %s: %d sign-up sessions in %d s already",
			         ch->addr, s->signups, sv->cfg->signup_window_s);
			return STATUS_SIGNUP_NO;
		}
		s->signups++;
		log_info("sign-up session %d from %s in this window", s->signups, ch->addr);
	}
	ch->signup = true;
	return STATUS_SIGNUP_YES;
}

/*
 * Gives free password-check places to waiters: each time to a waiter of
 * the source holding the fewest places, the longest waiting first, so one
 * source's many connections do not keep the others waiting.
 */
static void server_checks_grant(struct server *sv)
{
	while (sv->checks_busy < sv->cfg->max_password_checks) {
		struct child *next = NULL;
		int next_held = 0;

		for (size_t i = 0; i < sv->nchildren; i++) {
			struct child *ch = &sv->children[i];
			int held = 0;

			if (ch->check_wait == 0)
				continue;
			for (size_t j = 0; j < sv->nchildren; j++)
				if (sv->children[j].check_held &&
				    strcmp(sv->children[j].source, ch->source) == 0)
					held++;
			if (next == NULL || held < next_held ||
			    (held == next_held && ch->check_wait < next->check_wait)) {
				next = ch;
				next_held = held;
			}
		}
		if (next == NULL)
			return;
		next->check_wait = 0;
		next->check_held = true;
		sv->checks_busy++;
		server_answer(next, STATUS_CHECK_GO);
	}
}

static void server_check_request(struct server *sv, struct child *ch)
{
	if (server_banned(sv, ch->source)) {
		server_answer(ch, STATUS_PENALISED);
		return;
	}
	if (ch->check_held || ch->check_wait != 0) {
		log_warn("pid %ld asked twice for a password check", (long)ch->pid);
		return;
	}
	ch->check_wait = ++sv->check_turn;
	server_checks_grant(sv);
}

static void server_check_release(struct server *sv, struct child *ch)
{
	ch->check_wait = 0;
	if (!ch->check_held)
		return;
	ch->check_held = false;
	sv->checks_busy--;
}

static size_t server_unauthenticated(const struct server *sv, const char *source,
                                     size_t *from_source)
{
	size_t n = 0;

	*from_source = 0;
	for (size_t i = 0; i < sv->nchildren; i++) {
		const struct child *ch = &sv->children[i];

		if (ch->authenticated || ch->status_fd < 0)
			continue;
		n++;
		if (strcmp(ch->source, source) == 0)
			(*from_source)++;
	}
	return n;
}

static bool server_read_status(struct server *sv, struct child *ch);

/* What a connection process's end says about its source. */
static void server_judge_exit(struct server *sv, const struct child *ch, int status)
{
	struct source *s;

	if (sv->stopping)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CONN_EXIT_GRACE) {
		log_info("login grace time of pid %ld from %s over: counted as a failure",
		         (long)ch->pid, ch->addr);
		server_count_failure(sv, ch->source);
	} else if (WIFSIGNALED(status) && !ch->authenticated) {
		log_error("connection process %ld from %s crashed before authentication "
		          "(signal %d)", (long)ch->pid, ch->addr, WTERMSIG(status));
		if (sv->cfg->penalty_crash_s > 0 &&
		    (s = server_source(sv, ch->source, true)) != NULL)
			server_ban(sv, s, sv->cfg->penalty_crash_s, "crash before authentication");
	}
}

static void server_reap(struct server *sv)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (size_t i = 0; i < sv->nchildren; i++) {
			struct child *ch = &sv->children[i];

			if (ch->pid != pid)
				continue;
			/*
			 * What it wrote last, unread yet, still counts: a client that
			 * fails and leaves at once must not escape the penalty.
			 */
			while (ch->status_fd >= 0 && server_read_status(sv, ch))
				continue;
			if (ch->status_fd >= 0)
				close(ch->status_fd);
			ch->status_fd = -1;
			server_check_release(sv, ch);
			server_judge_exit(sv, ch, status);
			sv->children[i] = sv->children[--sv->nchildren];
			break;
		}
		if (WIFSIGNALED(status))
			log_warn("connection process %ld killed by signal %d", (long)pid,
			         WTERMSIG(status));
	}
	server_checks_grant(sv);
}

/* Reads and acts on what ch wrote; true when it read something. */
static bool server_read_status(struct server *sv, struct child *ch)
{
	char buf[64];
	ssize_t r = read(ch->status_fd, buf, sizeof buf);

	if (r <= 0) {
		if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			/* Authenticated (it closes the socket then) or leaving. */
			close(ch->status_fd);
			ch->status_fd = -1;
			server_check_release(sv, ch);
		}
		return false;
	}
	for (ssize_t i = 0; i < r; i++) {
		switch (buf[i]) {
		case STATUS_AUTHENTICATED:
			ch->authenticated = true;
			break;
		case STATUS_AUTH_FAILED:
			server_count_failure(sv, ch->source);
			break;
		case STATUS_SIGNUP:
			server_answer(ch, server_signup_request(sv, ch));
			break;
		case STATUS_CHECK:
			server_check_request(sv, ch);
			break;
		case STATUS_CHECK_DONE:
			server_check_release(sv, ch);
			break;
		default:
			log_warn("status socket of pid %ld: unknown byte %d", (long)ch->pid,
			         (unsigned char)buf[i]);
		}
	}
	server_checks_grant(sv);
	return true;
}

static void server_peer(const struct sockaddr_storage *ss, char *addr, size_t addrlen,
                        char *peer, size_t peerlen)
{
	int port = 0;

	addr[0] = '\0';
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &in->sin_addr, addr, (socklen_t)addrlen);
		port = ntohs(in->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, addr, (socklen_t)addrlen);
		port = ntohs(in6->sin6_port);
	}
	snprintf(peer, peerlen, "%s:%d", addr[0] != '\0' ? addr : "?", port);
}

/*
 * Admission of a new connection before it costs a process: refused when
 * its source is under a penalty, when max_startups connections are not
 * authenticated yet, when its source holds per_source_startups of them, or
 * at random past startups_begin if its source already holds one (a source
 * making its first attempt is never dropped at random: the drop is for
 * floods). Returns NULL to admit, else the reason for the log.
 */
static const char *server_admit(struct server *sv, const char *source)
{
	static char reason[96];
	const struct keys_config *cfg = sv->cfg;
	size_t here, unauth;

	if (server_banned(sv, source))
		return "penalty for repeated failures";
	unauth = server_unauthenticated(sv, source, &here);
	if (cfg->max_startups > 0 && unauth >= (size_t)cfg->max_startups) {
		snprintf(reason, sizeof reason, "%d unauthenticated connections already",
		         cfg->max_startups);
		return reason;
	}
	if (cfg->per_source_startups > 0 && here >= (size_t)cfg->per_source_startups) {
		snprintf(reason, sizeof reason, "%zu unauthenticated connections from %s already",
		         here, source);
		return reason;
	}
	if (here > 0 && cfg->max_startups > 0 && cfg->startups_begin < cfg->max_startups &&
	    unauth >= (size_t)cfg->startups_begin) {
		long span = cfg->max_startups - cfg->startups_begin;
		long p = cfg->startups_rate +
		         (100 - cfg->startups_rate) * ((long)unauth - cfg->startups_begin) / span;

		if ((long)arc4random_uniform(100) < p) {
			snprintf(reason, sizeof reason,
			         "dropped early (%zu unauthenticated connections, %ld %%)", unauth, p);
			return reason;
		}
	}
	if (sv->nchildren == SERVER_CHILDREN_MAX)
		return "too many connections";
	return NULL;
}

static void server_accept(struct server *sv)
{
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof ss;
	char addr[INET6_ADDRSTRLEN], peer[PEER_MAX], source[SOURCE_KEY_MAX];
	const char *refused;
	int fd, sp[2] = { -1, -1 };
	pid_t pid, listener = getpid();

	fd = accept4(sv->listen_fd, (struct sockaddr *)&ss, &sslen, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	server_peer(&ss, addr, sizeof addr, peer, sizeof peer);
	server_source_key(sv->cfg, &ss, source, sizeof source);
	if ((refused = server_admit(sv, source)) != NULL) {
		log_info("connection from %s refused: %s", peer, refused);
		close(fd);
		return;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0) {
		log_error("socketpair: %s", strerror(errno));
		close(fd);
		return;
	}
	pid = fork();
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		close(fd);
		close(sp[0]);
		close(sp[1]);
		return;
	}
	if (pid == 0) {
		int status;

		/* A listener that dies (even by SIGKILL) ends its connections. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != listener)
			_exit(1);
		close(sv->listen_fd);
		close(sp[0]);
		close(server_sig_pipe[0]);
		close(server_sig_pipe[1]);
		for (size_t i = 0; i < sv->nchildren; i++)
			if (sv->children[i].status_fd >= 0)
				close(sv->children[i].status_fd);
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		status = conn_main(sv->cfg, sv->bind, fd, peer, sp[1]);
		_exit(status);
	}
	/* The parent never touches the connection's socket. */
	close(fd);
	close(sp[1]);
	fcntl(sp[0], F_SETFL, O_NONBLOCK);
	sv->children[sv->nchildren++] = (struct child){ .pid = pid, .status_fd = sp[0] };
	strlcpy_(sv->children[sv->nchildren - 1].addr, addr, INET6_ADDRSTRLEN);
	strlcpy_(sv->children[sv->nchildren - 1].source, source, SOURCE_KEY_MAX);
	log_info("connection from %s (pid %ld)", peer, (long)pid);
}

/* Polls the listening socket, the signal pipe and the children's pipes once. */
static void server_poll(struct server *sv, int timeout_ms)
{
	struct pollfd *pfd = xcalloc(sv->nchildren + 2, sizeof *pfd);
	struct child **owner = xcalloc(sv->nchildren + 2, sizeof *owner);
	size_t n = 0;

	pfd[n++] = (struct pollfd){ .fd = server_sig_pipe[0], .events = POLLIN };
	if (sv->listen_fd >= 0)
		pfd[n++] = (struct pollfd){ .fd = sv->listen_fd, .events = POLLIN };
	for (size_t i = 0; i < sv->nchildren; i++) {
		if (sv->children[i].status_fd < 0)
			continue;
		owner[n] = &sv->children[i];
		pfd[n++] = (struct pollfd){ .fd = sv->children[i].status_fd, .events = POLLIN };
	}
	if (poll(pfd, n, timeout_ms) > 0) {
		char buf[64];

		if (pfd[0].revents != 0)
			while (read(server_sig_pipe[0], buf, sizeof buf) > 0)
				continue;
		for (size_t i = 1; i < n; i++)
			if (owner[i] != NULL && pfd[i].revents != 0)
				server_read_status(sv, owner[i]);
		if (sv->listen_fd >= 0 && pfd[1].revents & POLLIN)
			for (int k = 0; k < 64 && sv->listen_fd >= 0; k++) {
				size_t before = sv->nchildren;

				server_accept(sv);
				if (sv->nchildren == before && errno == EAGAIN)
					break;
			}
	}
	free(owner);
	free(pfd);
	server_reap(sv);
}

static void server_stop(struct server *sv)
{
	int64_t deadline = now_ms() + SERVER_STOP_MS;

	sv->stopping = true;
	log_info("stopping: %zu connection(s) to end", sv->nchildren);
	close(sv->listen_fd);
	sv->listen_fd = -1;
	for (size_t i = 0; i < sv->nchildren; i++)
		kill(sv->children[i].pid, SIGTERM);
	while (sv->nchildren > 0 && now_ms() < deadline)
		server_poll(sv, 100);
	for (size_t i = 0; i < sv->nchildren; i++) {
		log_warn("connection process %ld did not end: killing it",
		         (long)sv->children[i].pid);
		kill(sv->children[i].pid, SIGKILL);
	}
	while (sv->nchildren > 0) {
		struct timespec pause = { 0, 10 * 1000 * 1000 };

		server_reap(sv);
		if (sv->nchildren > 0)
			nanosleep(&pause, NULL);
	}
}

int keys_serve(const struct keys_config *cfg, char **why)
{
	struct server sv;
	char *keypath = xasprintf("%s/%s", cfg->data_dir, HOSTKEY_FILE);
	int verbosity = SSH_LOG_NOLOG;
	ssh_key hostkey = NULL;
	bool no = false;
	int rc = RC_IO;

	memset(&sv, 0, sizeof sv);
	sv.cfg = cfg;
	sv.listen_fd = -1;
	sv.children = xcalloc(SERVER_CHILDREN_MAX, sizeof *sv.children);
	sv.sources = xcalloc(cfg->max_sources > 0 ? (size_t)cfg->max_sources : 1,
	                     sizeof *sv.sources);
	if (ssh_init() != SSH_OK) {
		rc = fail(why, RC_ERR, "initialisation de libssh impossible");
		goto out;
	}
	/*
	 * Work done here once is inherited by every connection process instead
	 * of being redone after each fork: the host key is read and parsed now
	 * (the bind owns it from here on), and OpenSSL's random generator is
	 * set up now (a child's first use of it otherwise costs ~8 million
	 * instructions, more than the key exchange). OpenSSL reseeds its
	 * generator by itself in a child after fork, and libssh adds to it.
	 */
	if (RAND_status() != 1) {
		rc = fail(why, RC_ERR, "générateur aléatoire indisponible");
		goto out;
	}
	sv.bind = ssh_bind_new();
	if (sv.bind == NULL ||
	    ssh_bind_options_set(sv.bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no) != SSH_OK ||
	    ssh_bind_options_set(sv.bind, SSH_BIND_OPTIONS_LOG_VERBOSITY, &verbosity) != SSH_OK ||
	    ssh_pki_import_privkey_file(keypath, NULL, NULL, NULL, &hostkey) != SSH_OK ||
	    ssh_bind_options_set(sv.bind, SSH_BIND_OPTIONS_IMPORT_KEY, hostkey) != SSH_OK) {
		ssh_key_free(hostkey);
		rc = fail(why, RC_IO, "clé d'hôte inutilisable : %s", keypath);
		goto out;
	}
	hostkey = NULL;         /* owned by the bind */
	if (server_signals() != RC_OK) {
		rc = fail(why, RC_ERR, "signaux : %s", strerror(errno));
		goto out;
	}
	sv.listen_fd = server_listen(cfg, why);
	if (sv.listen_fd < 0)
		goto out;
	/* Bound: root is not needed any more. */
	if ((rc = keys_drop_privileges(cfg->run_as, cfg->data_dir, why)) != RC_OK)
		goto out;
	rc = RC_IO;
	printf("recond: en écoute sur %s:%d\n", cfg->listen_host, cfg->port);
	fflush(stdout);
	log_info("listening on %s:%d, data in %s", cfg->listen_host, cfg->port, cfg->data_dir);
	while (!server_got_term)
		server_poll(&sv, -1);
	server_stop(&sv);
	log_info("stopped");
	rc = RC_OK;
out:
	if (sv.listen_fd >= 0)
		close(sv.listen_fd);
	for (int i = 0; i < 2; i++)
		if (server_sig_pipe[i] >= 0)
			close(server_sig_pipe[i]);
	if (sv.bind != NULL)
		ssh_bind_free(sv.bind);
	free(sv.children);
	free(sv.sources);
	free(keypath);
	ssh_finalize();
	return rc;
}
