/*
 * bench.c — `make bench`: drives the real server with the end-to-end test
 * client and prints what a session costs. For each N (10, 100, 500 by
 * default) it connects N sessions (public-key login, home screen), measures
 * the idle memory of the session processes, takes every session into
 * « Mon compte » and types into its key field at a fixed rate for a fixed
 * time, all N at once, then closes them.
 *
 * Printed per N: connect + public-key auth + home screen (p50/p95), echo
 * latency per key (p50/p99: from the key sent to the first bytes of the
 * answer), keys without echo within 5 s, server CPU per connection and per
 * key (the whole process tree, from /proc schedstat), PSS per idle session
 * (/proc/PID/smaps_rollup of the connection and UI processes), terminal
 * bytes received per typed key (in the quantity field and in the
 * motivation), bytes per key on the wire (TCP payload both ways, from
 * TCP_INFO), and failures; each next to its target and to the figures
 * measured for OpenSSH's sshd running `dialog --form` (make bench-peer).
 *
 * Environment: RECOND_BIN (required), RECOND_BENCH_N ("100,500,1000"),
 * RECOND_BENCH_SECONDS (20), RECOND_BENCH_RATE (keys per second, 5),
 * RECOND_BENCH_PARALLEL (connections being set up at once, 4),
 * RECOND_BENCH_STORM (connections started per second, one after the other
 * and not gated, for a connection storm: `make bench-storm`, 1 000 at 50
 * per second, first screen only), RECOND_BENCH_PEER (PORT:PID:KEYFILE of
 * OpenSSH's sshd running dialog --form: `make bench-peer`, bench/peer.sh).
 * Exit status 0 when every run had no failure, 1 otherwise; the targets are
 * printed for comparison, never asserted.
 */
#include <errno.h>
#include <linux/tcp.h>
#include <libssh/libssh.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "core/uc-account.h"
#include "core/util.h"
#include "store/store.h"
#include "tests/e2e/client.h"
#include "tests/e2e/fixture.h"
#include "tests/e2e/harness.h"

#define LOGIN "banc"                 /* banc0, banc1, … */
#define ORG "Mairie de Felletin"     /* from `recond demo`, which starts its pre-order */
#define T_PREORDER "Mon intention de commande"
#define T_FORM_HELP "F6/^F Page"
#define ECHO_DEADLINE_MS 5000
#define N_MAX 2000
#define QTY_SHARE 10                 /* 1 key in 10 goes to the quantity field */
#define PEER_FORM_TEXT "Motivation"  /* a label of bench/peer-form.sh's form */

struct params {
	int seconds;
	int rate;
	int parallel;
	int storm;             /* > 0: connections start at this many per second, not gated */
};

/* What all the threads of one run share. */
struct run {
	const struct params *p;
	bool peer;             /* OpenSSH's sshd running dialog --form (make bench-peer) */
	int base;              /* first account of this run: banc<base> (fresh drafts each run) */
	int port;
	const char *priv;
	int n;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int connecting;        /* sessions being set up now (gate of p->parallel) */
	int ready;             /* sessions at the home screen (or failed) */
	int in_field;          /* sessions in the key field (or failed) */
	int phase;             /* 0 connect, 1 go to the field, 2 type, 3 close */
	int64_t type_start;    /* monotonic ms when typing begins */
	int64_t connect_start; /* storm: monotonic ms of the first connection */
};

/* One session's thread and results. */
struct sess {
	struct run *run;
	int idx;
	pthread_t th;
	struct c_conn *c;
	bool failed;
	const char *why;
	double home_ms;
	double *echo_ms;       /* one per key echoed */
	int keys;              /* keys sent */
	int echoed;            /* keys whose echo came within ECHO_DEADLINE_MS */
	int qty_keys;          /* of keys, in the quantity field */
	uint64_t term_qty, term_motiv;   /* terminal bytes after those keys */
	uint64_t wire_before, wire_after, wire_nav;  /* wire_nav: the page changes */
};

/* TCP payload bytes sent and received so far on c's socket. */
static uint64_t wire_bytes(struct c_conn *c)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;
	int fd = ssh_get_fd(c_session(c));

	memset(&ti, 0, sizeof ti);
	if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0)
		return 0;
	return ti.tcpi_bytes_acked + ti.tcpi_bytes_received;
}

static int env_int(const char *name, int def, int lo, int hi)
{
	const char *v = getenv(name);
	char *end;
	long x;

	if (v == NULL || *v == '\0')
		return def;
	x = strtol(v, &end, 10);
	if (*end != '\0' || x < lo || x > hi) {
		fprintf(stderr, "bench: %s=%s ignored (%d..%d)\n", name, v, lo, hi);
		return def;
	}
	return (int)x;
}

static double mono_ms_f(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Waits on the run's condition until *counter reaches the run's n. */
static void wait_count(struct run *r, const int *counter)
{
	pthread_mutex_lock(&r->mu);
	while (*counter < r->n)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
}

static void bump(struct run *r, int *counter)
{
	pthread_mutex_lock(&r->mu);
	(*counter)++;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static void wait_phase(struct run *r, int phase)
{
	pthread_mutex_lock(&r->mu);
	while (r->phase < phase)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
}

/* Pumps the channel until more bytes than `since` arrived; false on timeout. */
static bool wait_bytes(struct c_conn *c, uint64_t since, int deadline_ms)
{
	int64_t end = h_now_ms() + deadline_ms;

	while (c_bytes_received(c) <= since) {
		int64_t left = end - h_now_ms();

		if (left <= 0 || c_pump(c, left > 100 ? 100 : (int)left) < 0)
			return c_bytes_received(c) > since;
	}
	return true;
}

/* Keeps the channel read (answers, keepalives) until the monotonic time `until`. */
static void pump_until(struct c_conn *c, int64_t until)
{
	for (int64_t left; (left = until - h_now_ms()) > 0;) {
		if (c == NULL)
			poll(NULL, 0, left > 200 ? 200 : (int)left);
		else if (c_pump(c, left > 200 ? 200 : (int)left) < 0)
			return;
	}
}

static void *sess_main(void *arg)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzéè  ";
	struct sess *s = arg;
	struct run *r = s->run;
	int total = r->p->seconds * r->p->rate, qty = total / QTY_SHARE;
	int64_t period = 1000 / r->p->rate, t;
	char login[32], title[128];
	double t0;

	/* Phase 0: connect through the gate (a storm: each at its own time, no gate). */
	if (r->p->storm > 0) {
		pump_until(NULL, r->connect_start + (int64_t)s->idx * 1000 / r->p->storm);
		pthread_mutex_lock(&r->mu);
	} else {
		pthread_mutex_lock(&r->mu);
		while (r->connecting >= r->p->parallel)
			pthread_cond_wait(&r->cv, &r->mu);
	}
	r->connecting++;
	pthread_mutex_unlock(&r->mu);
	t0 = mono_ms_f();
	snprintf(login, sizeof login, LOGIN "%d", r->base + s->idx);
	snprintf(title, sizeof title, "recond — " ORG " — %s (Collectivité)", login);
	if (r->peer) {
		/* The peer: root with the test key, straight into dialog's form. */
		strlcpy_(login, "root", sizeof login);
		strlcpy_(title, PEER_FORM_TEXT, sizeof title);
	}
	s->c = c_login(r->port, login, NULL, r->priv);
	if (s->c == NULL) {
		s->failed = true;
		s->why = "login";
	} else if (c_shell(s->c, "xterm-256color", 80, 24) != 0) {
		s->failed = true;
		s->why = "shell";
	} else if (!c_wait_for_text(s->c, title, 30000)) {
		s->failed = true;
		s->why = "home screen";
	} else {
		s->home_ms = mono_ms_f() - t0;
	}
	pthread_mutex_lock(&r->mu);
	r->connecting--;
	pthread_mutex_unlock(&r->mu);
	bump(r, &r->ready);

	/* Phase 1: into the pre-order form, on its first quantity field. */
	wait_phase(r, 1);
	if (r->p->storm > 0) {
		/* A storm measures the first screen only. */
	} else if (r->peer) {
		qty = 0;          /* dialog's form: its first field, text only */
		if (!s->failed)
			pump_until(s->c, h_now_ms() + 300);
	} else if (!s->failed) {
		if (!f_menu_pick(s->c, T_PREORDER) || !c_wait_for_text(s->c, "page 1/3", 30000) ||
		    !c_wait_for_text(s->c, T_FORM_HELP, 30000)) {
			s->failed = true;
			s->why = "formulaire";
		}
		/* Let the last paint arrive before counting bytes. */
		if (!s->failed)
			pump_until(s->c, h_now_ms() + 300);
	}
	bump(r, &r->in_field);

	/* Phase 2: type at the fixed rate, each session at its own offset. */
	wait_phase(r, 2);
	if (!s->failed) {
		uint64_t mark = c_bytes_received(s->c);

		s->echo_ms = xcalloc((size_t)total, sizeof *s->echo_ms);
		s->wire_before = wire_bytes(s->c);
		t = r->type_start + (int64_t)(s->idx * period / (r->n > 0 ? r->n : 1));
		for (int k = 0; k < total; k++) {
			uint64_t before;
			const char *key;
			char ch[4] = { 0 };
			double sent;

			if (k == qty && !r->peer) {
				/* To the motivation (page 3): not counted as typing. */
				uint64_t w0;

				pump_until(s->c, h_now_ms() + 200);
				s->term_qty = c_bytes_received(s->c) - mark;
				w0 = wire_bytes(s->c);
				if (c_send(s->c, K_F6) != 0 || !c_wait_for_text(s->c, "page 2/3", 30000) ||
				    c_send(s->c, K_F6) != 0 || !c_wait_for_text(s->c, "page 3/3", 30000) ||
				    !c_wait_for_text(s->c, T_FORM_HELP, 30000)) {
					s->failed = true;
					s->why = "page 3";
					break;
				}
				pump_until(s->c, h_now_ms() + 300);
				mark = c_bytes_received(s->c);
				s->wire_nav = wire_bytes(s->c) - w0;
			}
			if (k < qty) {
				key = k % 2 == 0 ? "1" : K_BACKSPACE;
			} else {
				/* One code point of the alphabet (é and è are two bytes). */
				const char *a = alphabet;
				size_t i = (size_t)(s->idx * 7 + k * 3) % 28, j = 0;

				for (size_t cp = 0; cp < i; cp++)
					a += (*a & 0x80) ? 2 : 1;
				ch[j++] = a[0];
				if (a[0] & 0x80)
					ch[j++] = a[1];
				key = ch;
			}
			pump_until(s->c, t);
			before = c_bytes_received(s->c);
			sent = mono_ms_f();
			s->keys++;
			if (k < qty)
				s->qty_keys++;
			if (c_send(s->c, key) != 0) {
				s->failed = true;
				s->why = "envoi";
				break;
			}
			if (wait_bytes(s->c, before, ECHO_DEADLINE_MS))
				s->echo_ms[s->echoed++] = mono_ms_f() - sent;
			else if (c_closed(s->c, NULL)) {
				s->failed = true;
				s->why = "connexion fermée";
				break;
			}
			t += period;
		}
		/* Late bytes of the last echo. */
		if (!s->failed)
			pump_until(s->c, h_now_ms() + 200);
		s->term_motiv = c_bytes_received(s->c) - mark;
		s->wire_after = wire_bytes(s->c);
	}

	/* Phase 3: leave. */
	wait_phase(r, 3);
	c_close(s->c);
	s->c = NULL;
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Percentile (0..100) of sorted v[n]; 0 when empty. */
static double pct(const double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/*
 * CPU of the server and everything below it, in nanoseconds: the exact
 * schedstat time of every live process, plus the children the listener has
 * already reaped (cutime+cstime, in clock ticks: the only record left).
 */
/* CPU (ns) of the listener itself, of the connection processes, of the sessions (live ones). */
static void tree_cpu_split(pid_t server, long long out[3])
{
	static pid_t pids[N_MAX * 3];
	int n = h_proc_descendants(server, pids, N_MAX * 3);

	out[0] = h_proc_cpu_ns(server);
	out[1] = out[2] = 0;
	for (int i = 0; i < n && i < N_MAX * 3; i++) {
		long long t = h_proc_cpu_ns(pids[i]);

		if (t > 0)
			out[h_proc_ppid(pids[i]) == server ? 1 : 2] += t;
	}
}

static long long tree_cpu_ns(pid_t server)
{
	static pid_t pids[N_MAX * 3];
	int n = h_proc_descendants(server, pids, N_MAX * 3);
	long long tick_ns = 1000000000LL / sysconf(_SC_CLK_TCK);
	long long sum = h_proc_cpu_ns(server);
	long long own = h_proc_cpu_ticks(server, false), all = h_proc_cpu_ticks(server, true);

	if (own >= 0 && all >= own)
		sum += (all - own) * tick_ns;
	for (int i = 0; i < n && i < N_MAX * 3; i++) {
		long long t = h_proc_cpu_ns(pids[i]);

		if (t > 0)
			sum += t;
	}
	return sum;
}

/* PSS (KiB) of the connection processes (children of the server) and of the
 * UI processes (below them); their counts. */
static void tree_pss(pid_t server, long long *conn_kib, int *nconn, long long *ui_kib, int *nui)
{
	static pid_t pids[N_MAX * 3];
	int n = h_proc_descendants(server, pids, N_MAX * 3);

	*conn_kib = *ui_kib = 0;
	*nconn = *nui = 0;
	for (int i = 0; i < n && i < N_MAX * 3; i++) {
		long long k = h_proc_pss_kib(pids[i]);

		if (k < 0)
			continue;
		if (h_proc_ppid(pids[i]) == server) {
			*conn_kib += k;
			(*nconn)++;
		} else {
			*ui_kib += k;
			(*nui)++;
		}
	}
}

/* Waits (bounded) until no session process is left under the server. */
static void wait_tree_empty(pid_t server)
{
	pid_t pids[16];
	int64_t end = h_now_ms() + 60000;

	while (h_proc_descendants(server, pids, 16) > 0 && h_now_ms() < end)
		poll(NULL, 0, 50);
}

/* What one run measured. */
struct result {
	bool done;
	double home50, home95, home99, echo50, echo99, cpu_conn_ms, cpu_key_us, split_us[3];
	double pss, pss_conn, pss_ui, bytes_motiv, bytes_qty, bytes_wire;
	size_t keys, qkeys, noecho;
	int failures;
};

/* A server to measure: recond, or the peer (sshd). */
struct target {
	const char *name;
	bool peer;
	int port;
	pid_t pid;
	const char *priv;
};

/* Prints a (and b, the peer, side by side with the ratio a/b, when not NULL). */
static void print_results(const struct result *a, const struct result *b)
{
	struct row {
		const char *what;
		double va, vb;
		const char *fmt, *target;
	} rows[] = {
		{ "connect+key auth+first screen ms p50", a->home50, b ? b->home50 : 0, "%.1f", "<= 20" },
		{ "connect+key auth+first screen ms p95", a->home95, b ? b->home95 : 0, "%.1f", "" },
		{ "connect+key auth+first screen ms p99", a->home99, b ? b->home99 : 0, "%.1f", "" },
		{ "echo latency per key ms p50", a->echo50, b ? b->echo50 : 0, "%.2f", "" },
		{ "echo latency per key ms p99", a->echo99, b ? b->echo99 : 0, "%.2f", "<= 20" },
		{ "keys without echo within 5 s", (double)a->noecho, b ? (double)b->noecho : 0, "%.0f",
		  "0" },
		{ "server CPU per connection ms", a->cpu_conn_ms, b ? b->cpu_conn_ms : 0, "%.2f",
		  "<= 10" },
		{ "server CPU per key us (whole tree)", a->cpu_key_us, b ? b->cpu_key_us : 0, "%.1f",
		  "<= 100" },
		{ "  listener us", a->split_us[0], b ? b->split_us[0] : 0, "%.1f", "" },
		{ "  connection processes us", a->split_us[1], b ? b->split_us[1] : 0, "%.1f", "" },
		{ "  sessions (below them) us", a->split_us[2], b ? b->split_us[2] : 0, "%.1f", "" },
		{ "PSS per idle session MB", a->pss, b ? b->pss : 0, "%.2f", "<= 1.5" },
		{ "  connection process MB", a->pss_conn, b ? b->pss_conn : 0, "%.2f", "" },
		{ "  processes below it MB", a->pss_ui, b ? b->pss_ui : 0, "%.2f", "" },
		{ "terminal bytes per key, motivation/text", a->bytes_motiv, b ? b->bytes_motiv : 0,
		  "%.1f", "<= 8" },
		{ "terminal bytes per key, quantity field", a->bytes_qty, b ? b->bytes_qty : 0, "%.1f",
		  "" },
		{ "wire bytes per key (TCP payload)", a->bytes_wire, b ? b->bytes_wire : 0, "%.1f",
		  "< 100" },
		{ "failures", (double)a->failures, b ? (double)b->failures : 0, "%.0f", "0" },
	};

	if (b != NULL)
		printf("  %-42s %10s %12s %8s   %s\n", "measure", "recond", "sshd+dialog", "ratio",
		       "target");
	else
		printf("  %-42s %10s   %s\n", "measure", "recond", "target");
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		char va[32], vb[32], ratio[32] = "";

		snprintf(va, sizeof va, rows[i].fmt, rows[i].va);
		if (b == NULL) {
			printf("  %-42s %10s   %s\n", rows[i].what, va, rows[i].target);
			continue;
		}
		snprintf(vb, sizeof vb, rows[i].fmt, rows[i].vb);
		if (rows[i].vb > 0)
			snprintf(ratio, sizeof ratio, "%.2f", rows[i].va / rows[i].vb);
		printf("  %-42s %10s %12s %8s   %s\n", rows[i].what, va, vb, ratio, rows[i].target);
	}
	fflush(stdout);
}


static int run_n(const struct target *tg, const struct params *p, int base, int n,
                 struct result *res)
{
	struct run r = { .p = p, .peer = tg->peer, .base = base, .port = tg->port, .priv = tg->priv,
	                 .n = n };
	struct sess *ss = xcalloc((size_t)n, sizeof *ss);
	double *home = xcalloc((size_t)n, sizeof *home), *echo = NULL;
	size_t nhome = 0, necho = 0, keys = 0, echoed = 0, qkeys = 0;
	uint64_t tqty = 0, tmotiv = 0, wire = 0;
	long long ns0, ns1, ns2, ns3, conn_kib, ui_kib, split0[3], split1[3];
	int nconn, nui, failures = 0;
	pthread_attr_t attr;
	double t_conn, t_type;

	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 512 * 1024);

	if (p->storm > 0)
		printf("\n== %s, N = %d sessions connecting at %d per second (a storm), no typing\n",
		       tg->name, n, p->storm);
	else
		printf("\n== %s, N = %d sessions (typing %d keys/s for %d s each, %d connecting at "
		       "once)\n", tg->name, n, p->rate, p->seconds, p->parallel);
	fflush(stdout);
	ns0 = tree_cpu_ns(tg->pid);
	t_conn = mono_ms_f();
	r.connect_start = h_now_ms() + 100;
	for (int i = 0; i < n; i++) {
		ss[i].run = &r;
		ss[i].idx = i;
		if (pthread_create(&ss[i].th, &attr, sess_main, &ss[i]) != 0) {
			fprintf(stderr, "bench: pthread_create: %s\n", strerror(errno));
			abort();
		}
	}
	wait_count(&r, &r.ready);
	t_conn = mono_ms_f() - t_conn;
	ns1 = tree_cpu_ns(tg->pid);
	tree_pss(tg->pid, &conn_kib, &nconn, &ui_kib, &nui);

	pthread_mutex_lock(&r.mu);
	r.phase = 1;
	pthread_cond_broadcast(&r.cv);
	pthread_mutex_unlock(&r.mu);
	wait_count(&r, &r.in_field);

	ns2 = tree_cpu_ns(tg->pid);
	tree_cpu_split(tg->pid, split0);
	pthread_mutex_lock(&r.mu);
	r.type_start = h_now_ms() + 200;
	r.phase = 2;
	pthread_cond_broadcast(&r.cv);
	pthread_mutex_unlock(&r.mu);
	t_type = mono_ms_f();
	/* The threads type on their own; wait for their last key, bounded. */
	for (int64_t end = h_now_ms() + (int64_t)p->seconds * 1000 + 60000;
	     h_now_ms() < end;) {
		int done = 0;

		for (int i = 0; i < n; i++)
			if (ss[i].failed || ss[i].keys == p->seconds * p->rate)
				done++;
		if (done == n)
			break;
		poll(NULL, 0, 100);
	}
	/* Let the last echoes and their byte counts settle (the threads pump 200 ms). */
	poll(NULL, 0, 300);
	ns3 = tree_cpu_ns(tg->pid);
	tree_cpu_split(tg->pid, split1);
	t_type = mono_ms_f() - t_type;

	pthread_mutex_lock(&r.mu);
	r.phase = 3;
	pthread_cond_broadcast(&r.cv);
	pthread_mutex_unlock(&r.mu);
	for (int i = 0; i < n; i++)
		pthread_join(ss[i].th, NULL);

	for (int i = 0; i < n; i++) {
		if (ss[i].failed) {
			failures++;
			if (failures <= 5)
				fprintf(stderr, "bench: session %d failed at %s\n", i, ss[i].why);
		}
		if (ss[i].home_ms > 0)
			home[nhome++] = ss[i].home_ms;
		keys += (size_t)ss[i].keys;
		echoed += (size_t)ss[i].echoed;
		qkeys += (size_t)ss[i].qty_keys;
		tqty += ss[i].term_qty;
		tmotiv += ss[i].term_motiv;
		if (ss[i].wire_after > ss[i].wire_before + ss[i].wire_nav)
			wire += ss[i].wire_after - ss[i].wire_before - ss[i].wire_nav;
	}
	echo = xcalloc(echoed ? echoed : 1, sizeof *echo);
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < ss[i].echoed; k++)
			echo[necho++] = ss[i].echo_ms[k];
		free(ss[i].echo_ms);
	}
	qsort(home, nhome, sizeof *home, cmp_double);
	qsort(echo, necho, sizeof *echo, cmp_double);

	memset(res, 0, sizeof *res);
	res->done = true;
	res->home50 = pct(home, nhome, 50);
	res->home95 = pct(home, nhome, 95);
	res->home99 = pct(home, nhome, 99);
	res->echo50 = pct(echo, necho, 50);
	res->echo99 = pct(echo, necho, 99);
	res->cpu_conn_ms = (double)(ns1 - ns0) / 1e6 / (double)(nhome ? nhome : 1);
	res->cpu_key_us = (double)(ns3 - ns2) / 1e3 / (double)(keys ? keys : 1);
	for (int i = 0; i < 3; i++)
		res->split_us[i] = (double)(split1[i] - split0[i]) / 1e3 / (double)(keys ? keys : 1);
	res->pss = nhome ? (double)(conn_kib + ui_kib) / 1024.0 / (double)nhome : 0;
	res->pss_conn = nconn ? (double)conn_kib / 1024.0 / nconn : 0;
	res->pss_ui = nui ? (double)ui_kib / 1024.0 / nui : 0;
	res->bytes_qty = qkeys ? (double)tqty / (double)qkeys : 0;
	res->bytes_motiv = keys > qkeys ? (double)tmotiv / (double)(keys - qkeys) : 0;
	res->bytes_wire = keys ? (double)wire / (double)keys : 0;
	res->keys = keys;
	res->qkeys = qkeys;
	res->noecho = keys - echoed;
	res->failures = failures;
	printf("  set-up of %d sessions: %.1f s; typing: %.1f s, %zu keys (%zu in a quantity "
	       "field, the rest in the motivation)\n", n, t_conn / 1000, t_type / 1000, keys,
	       qkeys);
	print_results(res, NULL);
	fflush(stdout);
	wait_tree_empty(tg->pid);
	pthread_attr_destroy(&attr);
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.cv);
	free(home);
	free(echo);
	free(ss);
	return failures;
}

/* The peer from RECOND_BENCH_PEER="PORT:PID:KEYFILE" (bench/peer.sh sets it). */
static bool peer_target(const char *spec, struct target *out)
{
	static char key[4096];
	int port = 0, pid = 0, used = 0;

	if (sscanf(spec, "%d:%d:%n", &port, &pid, &used) != 2 || used == 0 || port < 1 ||
	    port > 65535 || pid < 1 || strlen(spec + used) >= sizeof key)
		return false;
	strlcpy_(key, spec + used, sizeof key);
	*out = (struct target){ "sshd+dialog", true, port, (pid_t)pid, key };
	return true;
}

/* One collectivité account per session (banc0…), all with the bench's key. */
static int bench_accounts(struct h_server *srv, const char *pubfile, const char *list)
{
	struct store *st = NULL;
	struct actor sys;
	struct uc uc = { 0 };
	char *why = NULL, *key = h_read_file(pubfile, NULL), login[32];
	int nmax = 0, rc = -1;

	/* One account per session of every run: the sum of the Ns. */
	for (const char *p = list; *p != '\0'; p++)
		if (p == list || p[-1] == ',')
			nmax += atoi(p) > 0 && atoi(p) <= N_MAX ? atoi(p) : 0;
	if (key == NULL || store_open(srv->data, &st, &why) != RC_OK)
		goto out;
	uc.st = st;
	uc.actor = &sys;
	key[strcspn(key, "\n")] = '\0';
	actor_system(&sys);
	for (int i = 0; i < nmax; i++) {
		snprintf(login, sizeof login, LOGIN "%d", i);
		if (account_create(&uc, login, ROLE_COLLECTIVITE, ORG, NULL, key, &why) != RC_OK)
			goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "bench: accounts: %s\n", why != NULL ? why : "?");
	store_close(st);
	free(why);
	free(key);
	return rc;
}

int main(void)
{
	struct params p = {
		.seconds = env_int("RECOND_BENCH_SECONDS", 20, 0, 600),
		.rate = env_int("RECOND_BENCH_RATE", 5, 1, 100),
		.parallel = env_int("RECOND_BENCH_PARALLEL", 4, 1, 64),
		.storm = env_int("RECOND_BENCH_STORM", 0, 0, 1000),
	};
	const char *list = getenv("RECOND_BENCH_N");
	struct h_server srv;
	char *priv = NULL, *pub = NULL, *ns = xstrdup(list && *list ? list : "100,500,1000");
	struct rlimit rl;
	struct target rt, pt;
	int base = 0;
	const char *peer = getenv("RECOND_BENCH_PEER");
	int failures = 0;

	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (c_global_init() != 0 || h_server_init(&srv) != 0)
		return 1;
	{
		const char *argv[] = { "demo", "--data", srv.data, NULL };
		int status = -1;

		if (h_recond(&srv, argv, NULL, NULL, NULL, &status) != 0 || status != 0) {
			fprintf(stderr, "bench: recond demo failed\n");
			h_server_cleanup(&srv, false);
			return 1;
		}
	}
	if (h_keygen(srv.root, "banc_ed25519", &priv, &pub) != 0 ||
	    bench_accounts(&srv, pub, ns) != 0 || h_server_start(&srv) != 0) {
		h_server_cleanup(&srv, false);
		return 1;
	}
	printf("recond bench: server pid %d on 127.0.0.1:%d, %ld CPUs\n", (int)srv.pid, srv.port,
	       sysconf(_SC_NPROCESSORS_ONLN));
	rt = (struct target){ "recond", false, srv.port, srv.pid, priv };
	if (peer != NULL && *peer != '\0' && !peer_target(peer, &pt)) {
		fprintf(stderr, "bench: RECOND_BENCH_PEER=%s: PORT:PID:KEY expected\n", peer);
		failures++;
		peer = NULL;
	}
	for (char *save = NULL, *tok = strtok_r(ns, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		struct result ra, rb;
		int n = atoi(tok);

		if (n < 1 || n > N_MAX) {
			fprintf(stderr, "bench: N=%s ignored (1..%d)\n", tok, N_MAX);
			continue;
		}
		failures += run_n(&rt, &p, base, n, &ra);
		base += n;
		if (peer != NULL && *peer != '\0') {
			failures += run_n(&pt, &p, 0, n, &rb);
			printf("\n== N = %d: recond and OpenSSH's sshd running dialog --form, side by "
			       "side\n", n);
			print_results(&ra, &rb);
		}
	}
	if (h_server_cleanup(&srv, false) != 0)
		failures++;
	free(priv);
	free(pub);
	free(ns);
	printf("\nbench: %s\n", failures ? "FAILURES (see above)" : "no failure");
	return failures ? 1 : 0;
}
