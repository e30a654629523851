/*
 * server.c — the listener process: binds the address, accepts connections
 * and forks one child per connection before any byte of SSH is exchanged
 * (the parent closes its copy of the socket and never writes to it). It
 * caps unauthenticated connections (max_startups), bans for a while an
 * address that fails too often, reaps children, and on SIGTERM/SIGINT stops
 * accepting, passes SIGTERM to every child and waits for them (bounded).
 *
 * Children report to the listener on a socketpair: one byte per failed
 * attempt, one byte when authenticated, and a sign-up request that the
 * listener answers after counting sign-up sessions per address (see
 * keys-int.h).
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
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "core/util.h"

#define SERVER_CHILDREN_MAX 4096
#define SERVER_SOURCES_MAX 256
#define SERVER_STOP_MS 10000

struct child {
	pid_t pid;
	int status_fd;          /* read end, -1 once closed */
	bool authenticated;
	char addr[INET6_ADDRSTRLEN];
};

struct source {
	char addr[INET6_ADDRSTRLEN];
	int failures;
	int64_t window_start_ms;
	int64_t banned_until_ms;
	int signups;                /* sign-up sessions opened in the current window */
	int64_t signup_window_ms;   /* start of that window */
};

struct server {
	const struct keys_config *cfg;
	ssh_bind bind;
	int listen_fd;
	struct child *children;
	size_t nchildren;
	struct source sources[SERVER_SOURCES_MAX];
	size_t nsources;
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

static struct source *server_source(struct server *sv, const char *addr, bool create)
{
	size_t oldest = 0;

	for (size_t i = 0; i < sv->nsources; i++) {
		if (strcmp(sv->sources[i].addr, addr) == 0)
			return &sv->sources[i];
		if (sv->sources[i].window_start_ms < sv->sources[oldest].window_start_ms)
			oldest = i;
	}
	if (!create)
		return NULL;
	if (sv->nsources < SERVER_SOURCES_MAX)
		oldest = sv->nsources++;
	memset(&sv->sources[oldest], 0, sizeof sv->sources[oldest]);
	strlcpy_(sv->sources[oldest].addr, addr, sizeof sv->sources[oldest].addr);
	sv->sources[oldest].window_start_ms = now_ms();
	return &sv->sources[oldest];
}

static void server_count_failure(struct server *sv, const char *addr)
{
	struct source *s;
	int64_t t = now_ms();

	if (sv->cfg->penalty_failures <= 0)
		return;
	s = server_source(sv, addr, true);
	if (t - s->window_start_ms > (int64_t)sv->cfg->penalty_window_s * 1000) {
		s->window_start_ms = t;
		s->failures = 0;
	}
	if (++s->failures >= sv->cfg->penalty_failures && s->banned_until_ms < t) {
		s->banned_until_ms = t + (int64_t)sv->cfg->penalty_s * 1000;
		s->failures = 0;
		s->window_start_ms = t;
		log_warn("too many failures from %s: refused for %d s", addr, sv->cfg->penalty_s);
	}
}

/*
 * A connection process of addr asks to open a sign-up session: at most
 * signup_max per signup_window_s and per address. The listener answers
 * each request in turn, so the count is exact however many connections
 * ask at once. Returns the answer; a "yes" is counted.
 */
static bool server_signup_request(struct server *sv, const char *addr)
{
	struct source *s = server_source(sv, addr, true);
	int64_t t = now_ms();

	if (s->signups == 0 || t - s->signup_window_ms > (int64_t)sv->cfg->signup_window_s * 1000) {
		s->signup_window_ms = t;
		s->signups = 0;
	}
	if (sv->cfg->signup_max > 0 && s->signups >= sv->cfg->signup_max) {
		log_warn("sign-up refused from %s: %d sign-up sessions in %d s already", addr,
		         s->signups, sv->cfg->signup_window_s);
		return false;
	}
	s->signups++;
	log_info("sign-up session %d from %s in this window", s->signups, addr);
	return true;
}

static bool server_banned(struct server *sv, const char *addr)
{
	struct source *s = server_source(sv, addr, false);

	return s != NULL && s->banned_until_ms > now_ms();
}

static size_t server_unauthenticated(const struct server *sv)
{
	size_t n = 0;

	for (size_t i = 0; i < sv->nchildren; i++)
		if (!sv->children[i].authenticated)
			n++;
	return n;
}

static bool server_read_status(struct server *sv, struct child *ch);

static void server_reap(struct server *sv)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (size_t i = 0; i < sv->nchildren; i++) {
			if (sv->children[i].pid != pid)
				continue;
			/*
			 * What it wrote last, unread yet, still counts: a client that
			 * fails and leaves at once must not escape the penalty.
			 */
			while (sv->children[i].status_fd >= 0 &&
			       server_read_status(sv, &sv->children[i]))
				continue;
			if (sv->children[i].status_fd >= 0)
				close(sv->children[i].status_fd);
			sv->children[i] = sv->children[--sv->nchildren];
			break;
		}
		if (WIFSIGNALED(status))
			log_warn("connection process %ld killed by signal %d", (long)pid,
			         WTERMSIG(status));
	}
}

/* Reads and acts on what ch wrote; true when it read something. */
static bool server_read_status(struct server *sv, struct child *ch)
{
	char buf[64];
	ssize_t r = read(ch->status_fd, buf, sizeof buf);

	if (r <= 0) {
		if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			close(ch->status_fd);
			ch->status_fd = -1;
			/* A child that closes its pipe is either authenticated or leaving. */
			ch->authenticated = true;
		}
		return false;
	}
	for (ssize_t i = 0; i < r; i++) {
		if (buf[i] == STATUS_AUTHENTICATED)
			ch->authenticated = true;
		else if (buf[i] == STATUS_AUTH_FAILED)
			server_count_failure(sv, ch->addr);
		else if (buf[i] == STATUS_SIGNUP) {
			char answer = server_signup_request(sv, ch->addr) ? STATUS_SIGNUP_YES
			                                                    : STATUS_SIGNUP_NO;

			if (write(ch->status_fd, &answer, 1) != 1)
				log_warn("status socket of pid %ld: cannot answer", (long)ch->pid);
		}
	}
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

static void server_accept(struct server *sv)
{
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof ss;
	char addr[INET6_ADDRSTRLEN], peer[PEER_MAX];
	int fd, sp[2] = { -1, -1 };
	pid_t pid;

	fd = accept4(sv->listen_fd, (struct sockaddr *)&ss, &sslen, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	server_peer(&ss, addr, sizeof addr, peer, sizeof peer);
	if (server_banned(sv, addr)) {
		log_info("connection from %s refused: penalty for repeated failures", peer);
		close(fd);
		return;
	}
	if (sv->cfg->max_startups > 0 &&
	    server_unauthenticated(sv) >= (size_t)sv->cfg->max_startups) {
		log_warn("connection from %s refused: %d unauthenticated connections already",
		         peer, sv->cfg->max_startups);
		close(fd);
		return;
	}
	if (sv->nchildren == SERVER_CHILDREN_MAX) {
		log_warn("connection from %s refused: %d connections already", peer,
		         SERVER_CHILDREN_MAX);
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
	free(keypath);
	ssh_finalize();
	return rc;
}
