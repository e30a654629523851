/*
 * guess.c — `make bench`: the parallel password-guessing attack against the
 * real server. 95 connections from one address (127.0.0.5) at once, each
 * sending 6 wrong passwords and starting again when closed or refused, for
 * RECOND_GUESS_SECONDS (60). Printed: the passwords the server really
 * checked (its log's failures, those not checked apart), per minute, and
 * the peak memory of the whole server (PSS of the listener and every
 * descendant, sampled every 50 ms). Nothing is asserted: it gives the
 * figures of the limits (per-source share, password-check places,
 * penalty) against any recond binary, RECOND_BIN.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "core/util.h"
#include "tests/e2e/client.h"
#include "tests/e2e/harness.h"

#define ATTACKERS 95
#define TRIES 6
#define FROM "127.0.0.5"
#define VICTIM "alice"

struct attack {
	int port;
	int64_t end_ms;
	int sent;               /* wrong passwords sent by this thread */
	int refused;            /* connections refused or cut */
};

static void *guess_main(void *arg)
{
	struct attack *a = arg;

	while (h_now_ms() < a->end_ms) {
		struct c_conn *c = c_connect_from(a->port, FROM);

		if (c == NULL) {
			a->refused++;
			poll(NULL, 0, 100);
			continue;
		}
		for (int i = 0; i < TRIES && h_now_ms() < a->end_ms; i++) {
			a->sent++;
			if (c_auth_password(c, VICTIM, "pas-le-bon-mot") != SSH_AUTH_DENIED)
				break;
		}
		c_close(c);
	}
	return NULL;
}

/* PSS of pid and all its descendants, in KiB. */
static long long tree_pss(pid_t pid)
{
	pid_t pids[4096];
	int n = h_proc_descendants(pid, pids, 4096);
	long long sum = h_proc_pss_kib(pid);

	for (int i = 0; i < n && i < 4096; i++) {
		long long k = h_proc_pss_kib(pids[i]);

		if (k > 0)
			sum += k;
	}
	return sum;
}

static int count(const char *log, const char *needle)
{
	int n = 0;

	for (const char *p = log; p != NULL && (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

int main(void)
{
	const char *env = getenv("RECOND_GUESS_SECONDS");
	int seconds = env != NULL && atoi(env) > 0 ? atoi(env) : 60;
	static struct attack at[ATTACKERS];
	pthread_t th[ATTACKERS];
	struct h_server srv;
	long long peak = 0;
	int sent = 0, refused = 0, checked, unchecked;
	char *log;

	signal(SIGPIPE, SIG_IGN);
	if (c_global_init() != 0 || h_server_init(&srv) != 0)
		return 1;
	if (h_user_add(&srv, VICTIM, "collectivite", NULL, "Motdepasse-2024", NULL) != 0 ||
	    h_server_start(&srv) != 0) {
		h_server_cleanup(&srv, true);
		return 1;
	}
	printf("recond guess: %d connections from %s, %d wrong passwords each, again and "
	       "again for %d s\n", ATTACKERS, FROM, TRIES, seconds);
	for (int i = 0; i < ATTACKERS; i++) {
		at[i] = (struct attack){ .port = srv.port, .end_ms = h_now_ms() + seconds * 1000 };
		if (pthread_create(&th[i], NULL, guess_main, &at[i]) != 0) {
			fprintf(stderr, "guess: pthread_create failed\n");
			return 1;
		}
	}
	while (h_now_ms() < at[0].end_ms) {
		long long k = tree_pss(srv.pid);

		if (k > peak)
			peak = k;
		poll(NULL, 0, 50);
	}
	for (int i = 0; i < ATTACKERS; i++) {
		pthread_join(th[i], NULL);
		sent += at[i].sent;
		refused += at[i].refused;
	}
	log = h_server_log(&srv);
	checked = count(log, "method password, from " FROM);
	unchecked = count(log, "method password (not checked), from " FROM);
	printf("recond guess: %d wrong passwords sent, %d connections refused\n", sent, refused);
	printf("recond guess: %d passwords checked (%.0f per minute), %d refused unchecked\n",
	       checked, checked * 60.0 / seconds, unchecked);
	printf("recond guess: peak memory of the server %.0f MiB (PSS, all processes)\n",
	       peak / 1024.0);
	free(log);
	return h_server_cleanup(&srv, false) == 0 ? 0 : 1;
}
