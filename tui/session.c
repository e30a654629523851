/*
 * session.c — the interactive session of one logged-in account: locale and
 * terminal set-up (with TERM fall-backs), signals, the main loop that reads
 * keys, hands them to the shown screen (through its key table) and paints
 * only when asked. The terminal is restored on every way out.
 *
 * Signals: SIGTERM, SIGHUP and SIGWINCH are blocked except while waiting
 * for input (ppoll), so they never interrupt a store transaction or a
 * half-painted screen; their handlers only set flags.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc-session.h"
#include "core/util.h"
#include "tui/keyseq.h"
#include "tui/screen.h"
#include "tui/tui.h"

#define TUI_ESCDELAY_MS 300
/* No key for this long after a partial paint: the whole paint a screen asked for. */
#define TUI_IDLE_MS 400
/* Keys handled before one paint: a pasted line arrives as many keys. */
#define TUI_KEYS_PER_PAINT 16384
/* get_wch ERRs in a row before the batch of keys is taken as read. */
#define TUI_ERR_RETRIES 4

static volatile sig_atomic_t tui_got_term;
static volatile sig_atomic_t tui_got_hup;
static volatile sig_atomic_t tui_got_winch;

static void tui_on_signal(int sig)
{
	if (sig == SIGTERM)
		tui_got_term = 1;
	else if (sig == SIGHUP)
		tui_got_hup = 1;
	else if (sig == SIGWINCH)
		tui_got_winch = 1;
}

/* Installs the handlers and blocks the signals; *waitmask gets the mask for ppoll. */
static void tui_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: ppoll must return EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, waitmask);
	sigdelset(waitmask, SIGTERM);
	sigdelset(waitmask, SIGHUP);
	sigdelset(waitmask, SIGWINCH);
}

/*
 * Everything recond shows is UTF-8, whatever the client asked for: keep the
 * requested locale only if it exists here and is UTF-8, else use C.UTF-8.
 */
static void tui_locale(void)
{
	if (setlocale(LC_ALL, "") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		log_warn("no C.UTF-8 locale: accented text may not show");
	else
		log_info("locale requested by the client unusable, using C.UTF-8");
}

/* Opens the terminal with the client's TERM, else xterm-256color, else vt100. */
static SCREEN *tui_newterm(void)
{
	const char *want = getenv("TERM");
	const char *cands[] = { want, "xterm-256color", "vt100" };

	/* A terminal that cannot place the cursor draws nothing: say so in one line. */
	if (want != NULL && want[0] != '\0' && strlen(want) <= 64 && strchr(want, '/') == NULL &&
	    tui_term_known(want) && !tui_term_addressable(want)) {
		char *line = xasprintf(_("recond : le terminal « %s » ne sait pas placer le "
		                         "curseur ; ouvrez la session depuis un terminal\r\n"
		                         "complet (par exemple TERM=xterm-256color).\r\n"), want);

		if (write(STDOUT_FILENO, line, strlen(line)) < 0)
			log_warn("terminal %s: explanation not written", want);
		free(line);
		log_info("terminal %s cannot place the cursor: session refused", want);
		return NULL;
	}
	for (size_t i = 0; i < ARRAY_LEN(cands); i++) {
		SCREEN *scr;

		if (cands[i] == NULL || cands[i][0] == '\0' || strlen(cands[i]) > 64 ||
		    strchr(cands[i], '/') != NULL || !tui_term_known(cands[i]))
			continue;
		scr = newterm(cands[i], stdout, stdin);
		if (scr == NULL)
			continue;
		if (i == 0) {
			log_info("terminal %s", cands[i]);
		} else {
			log_info("terminal %s unknown here, using %s",
			         want != NULL && strlen(want) <= 64 ? want : "(none)", cands[i]);
			setenv("TERM", cands[i], 1);
		}
		return scr;
	}
	log_error("no usable terminal description (TERM, xterm-256color, vt100)");
	return NULL;
}

/*
 * Log lines must never land on the person's screen: when stderr is the
 * session's terminal (no log descriptor was given), send it to /dev/null.
 */
static void tui_quiet_stderr(void)
{
	int fd;

	if (!isatty(STDERR_FILENO))
		return;
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, STDERR_FILENO);
	close(fd);
}

int tui_reload_account(struct tui *t)
{
	struct whoami me;
	char *why = NULL;
	int rc;

	if ((rc = uc_whoami(t->st, t->me.acct.id, &me, &why)) != RC_OK) {
		log_warn("account %llu: %s", (unsigned long long)t->me.acct.id, why ? why : rc_str(rc));
		free(why);
		return rc;
	}
	whoami_clear(&t->me);
	t->me = me;
	t->uc.actor = &t->me.actor;
	return RC_OK;
}

static const struct tui_keymap *tui_keymap_of(struct tui *t);

static bool tui_too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
}

/* Paints the current screen. Only this function (via the loop) refreshes. */
static void tui_paint(struct tui *t)
{
	struct tui_frame *f = tui_top(t);

	if (tui_too_small() || f == NULL) {
		draw_too_small();
		curs_set(0);
		refresh();
		return;
	}
	/*
	 * erase() only clears our picture of the screen: refresh() then sends
	 * the difference with what the terminal shows, not the whole screen.
	 */
	erase();
	t->cur_y = t->cur_x = -1;
	f->scr->draw(t, f->st);
	if (!f->scr->own_help_line)
		draw_keys(tui_keymap_of(t));
	draw_msg(t);
	if (t->help) {
		draw_help_panel(f->scr->help, tui_keymap_of(t));
		t->cur_y = -1;
	}
	if (t->cur_y >= 0) {
		curs_set(1);
		move(t->cur_y, t->cur_x);
	} else {
		curs_set(0);
		move(LINES - 1, COLS - 1);
	}
	refresh();
}

/*
 * Repaints only the focused field (SCR_FIELD): no erase, no full draw; the
 * whole screen is painted instead when the screen has no `update`, or when
 * the help panel or the « trop petite » notice is up.
 */
static void tui_paint_field(struct tui *t)
{
	struct tui_frame *f = tui_top(t);

	if (tui_too_small() || t->help || f == NULL || f->scr->update == NULL) {
		tui_paint(t);
		return;
	}
	t->cur_y = t->cur_x = -1;
	f->scr->update(t, f->st);
	if (t->cur_y >= 0) {
		curs_set(1);
		move(t->cur_y, t->cur_x);
	}
	refresh();
}

static void tui_resize(void)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	/* After a resize the terminal's contents are unknown: repaint all once. */
	clearok(curscr, TRUE);
}

static bool tui_is_quit_key(struct tui_key k)
{
	return (k.fn && k.code == KEY_F(10)) || (!k.fn && k.code == TUI_CTRL('x'));
}

/* The shown screen's key table, as its mode has it now. */
static const struct tui_keymap *tui_keymap_of(struct tui *t)
{
	struct tui_frame *f = tui_top(t);

	if (f == NULL)
		return NULL;
	if (f->scr->keymap != NULL)
		return f->scr->keymap(t, f->st);
	return f->scr->keys;
}

/*
 * One key: a key of the screen's table runs its action; a shared key
 * (aide, retour, quitter) is offered to the screen first (a form checks
 * the field it leaves), then does what it does everywhere; any other key
 * goes to the screen's own handler.
 */
static int tui_dispatch(struct tui *t, struct tui_key k)
{
	struct tui_frame *f = tui_top(t);
	const struct tui_keydef *d;
	int flags = 0;

	if (k.fn && k.code == KEY_RESIZE)
		return SCR_REDRAW;
	if (tui_too_small())
		return tui_is_quit_key(k) ? SCR_QUIT : SCR_HANDLED;
	if (f == NULL)
		return SCR_QUIT;
	if (t->help) {
		t->help = false;
		return SCR_HANDLED | SCR_REDRAW;
	}
	d = tui_keymap_match(tui_keymap_of(t), k);
	if (d != NULL && f->scr->act != NULL)
		flags = f->scr->act(t, f->st, d->action);
	if (d != NULL && d->action < 0 && !(flags & SCR_HANDLED)) {
		switch (d->action) {
		case TK_HELP:
			t->help = true;
			flags |= SCR_HANDLED | SCR_REDRAW;
			break;
		case TK_BACK:
			tui_msg_clear(t);
			flags |= tui_pop(t, 0, NULL);
			break;
		case TK_QUIT:
			flags |= SCR_QUIT;
			break;
		}
	} else if (d == NULL) {
		if (f->scr->key != NULL)
			flags = f->scr->key(t, f->st, k);
		if (!(flags & SCR_HANDLED) && !k.fn && k.code == '?') {
			t->help = true;
			flags |= SCR_HANDLED | SCR_REDRAW;
		}
	}
	return flags | tui_stack_settle(t);
}

/*
 * Escape sequences that are no key: a terminal reply, or text pasted or
 * typed with ESC [ …, ESC ] … BEL, ESC P … ESC \ in it. curses hands them
 * over as Esc followed by characters, which would act as « back » and then
 * type the rest into a field; they are dropped whole instead. A known key
 * (arrows, F-keys…) never gets here: curses has already made it a KEY_*
 * code, waiting up to TUI_ESCDELAY_MS between its bytes. A lone Esc (no
 * byte behind it in the same burst) is still Esc.
 */
enum { SEQ_NONE, SEQ_CSI, SEQ_STRING, SEQ_STRING_ESC };
#define TUI_SEQ_MAX 4096   /* characters of one dropped sequence, at most */

struct tui_seq {
	int mode;
	size_t n;
	bool dropped_now;      /* a sequence just ended: say so once */
	bool has_next;         /* next: a key read after a lone Esc, to dispatch */
	struct tui_key next;
};

/* True when k is swallowed (part of a sequence); may read one key ahead. */
static bool tui_seq_filter(struct tui_seq *q, struct tui_key *k)
{
	wint_t w2;
	int r2;

	q->dropped_now = false;
	if (q->mode == SEQ_NONE) {
		if (k->fn || k->code != 27)
			return false;
		r2 = get_wch(&w2);
		if (r2 == ERR)
			return false;            /* a lone Esc */
		if (r2 != KEY_CODE_YES && w2 == '[') {
			q->mode = SEQ_CSI;
		} else if (r2 != KEY_CODE_YES && (w2 == ']' || w2 == 'P' || w2 == '_' ||
		                                  w2 == '^' || w2 == 'X')) {
			q->mode = SEQ_STRING;
		} else {
			q->has_next = true;
			q->next.code = w2;
			q->next.fn = r2 == KEY_CODE_YES;
			return false;            /* Esc, then that key */
		}
		q->n = 0;
		return true;
	}
	if (++q->n > TUI_SEQ_MAX || k->fn) {
		q->mode = SEQ_NONE;
		q->dropped_now = true;
		return !k->fn ? true : false;
	}
	switch (q->mode) {
	case SEQ_CSI:
		if (k->code >= 0x40 && k->code <= 0x7e) {
			q->mode = SEQ_NONE;
			q->dropped_now = true;
		}
		break;
	case SEQ_STRING:
		if (k->code == 7) {
			q->mode = SEQ_NONE;
			q->dropped_now = true;
		} else if (k->code == 27) {
			q->mode = SEQ_STRING_ESC;
		}
		break;
	case SEQ_STRING_ESC:
		q->mode = SEQ_NONE;
		q->dropped_now = true;
		break;
	}
	return true;
}

static int tui_seq_dropped(struct tui *t)
{
	tui_msg(t, MSG_ERROR, _("séquence d'échappement ignorée (touche inconnue ou texte collé)."));
	return SCR_REDRAW;
}

/* A session: of account_id, or (signup_login not NULL) the anonymous sign-up wizard. */
static int tui_start(const char *data_dir, uint64_t account_id, const char *signup_login,
                     const char *ssh_host, int ssh_port, const char *source)
{
	struct tui t;
	struct tui_seq seq;
	SCREEN *scr = NULL;
	sigset_t waitmask;
	const struct timespec idle = { TUI_IDLE_MS / 1000, (TUI_IDLE_MS % 1000) * 1000000L };
	char *why = NULL;
	bool entered = false;
	int status = 1, rc;

	memset(&t, 0, sizeof t);
	t.me.acct.id = account_id;
	t.uc.actor = &t.me.actor;
	t.data_dir = data_dir;
	if (signup_login != NULL) {
		/* Signing up is done by someone not logged in: the anonymous actor. */
		actor_anonymous(&t.me.actor);
		t.signup = true;
		strlcpy_(t.me.acct.login, signup_login, sizeof t.me.acct.login);
		t.ssh_host = ssh_host;
		t.ssh_port = ssh_port;
		t.signup_source = source;
	}
	tui_locale();
	i18n_init();
	tui_signals(&waitmask);
	if ((rc = uc_store_open(data_dir, &t.st, &why)) != RC_OK) {
		log_error("store %s: %s", data_dir, why ? why : rc_str(rc));
		goto out;
	}
	t.uc.st = t.st;
	if (!t.signup && (rc = tui_reload_account(&t)) != RC_OK) {
		log_error("account %llu: %s", (unsigned long long)account_id, rc_str(rc));
		goto out;
	}
	tui_quiet_stderr();
	if ((scr = tui_newterm()) == NULL)
		goto out;
	set_escdelay(TUI_ESCDELAY_MS);
	tui_keyseq_define();      /* the clients' key sequences, whatever TERM says */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	meta(stdscr, TRUE);
	tui_push(&t, t.signup ? &screen_signup : &screen_home, NULL);
	if (t.depth == 0)
		goto out;
	/* A one-time password set by the programme team: a new one before anything else. */
	if (!t.signup && t.me.acct.must_change_pw)
		tui_push(&t, &screen_account, NULL);
	entered = true;
	tui_paint(&t);
	/*
	 * Start-up (locale, store, terminfo, first screen) leaves freed heap
	 * behind; an idle session should not keep those pages resident.
	 */
	malloc_trim(0);
	log_info("session of %s started", t.me.acct.login);
	memset(&seq, 0, sizeof seq);

	for (;;) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int flags = 0, nkeys = 0, r;
		bool bad_utf8 = false;
		wint_t wc;

		if (tui_got_term || tui_got_hup)
			break;
		if (tui_got_winch) {
			tui_got_winch = 0;
			tui_resize();
			tui_paint(&t);
			continue;
		}
		r = ppoll(&pfd, 1, t.idle_paint ? &idle : NULL, &waitmask);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			log_error("ppoll: %s", strerror(errno));
			break;
		}
		if (r == 0) {
			/* The keys paused: the whole paint a screen asked for (tui->idle_paint). */
			t.idle_paint = false;
			tui_paint(&t);
			continue;
		}
		for (int errs = 0; nkeys < TUI_KEYS_PER_PAINT;) {
			struct tui_key k;

			/*
			 * ERR is also what an invalid UTF-8 byte gives, while
			 * curses may still hold keys read behind it (poll would
			 * not wake for those): after that one, try again a few
			 * times before taking ERR as "nothing more to read".
			 */
			errno = 0;
			if ((r = get_wch(&wc)) == ERR) {
				if (errno == EILSEQ && !bad_utf8) {
					/* Bytes that are no UTF-8: dropped, and said so. */
					bad_utf8 = true;
					tui_msg(&t, MSG_ERROR, _("caractère invalide ignoré (le terminal "
					                         "doit être en UTF-8)."));
					flags |= SCR_REDRAW;
				}
				/* Plain ERR: nothing left to read (no more read and poll calls per key). */
				if (errno != EILSEQ || ++errs > TUI_ERR_RETRIES)
					break;
				continue;
			}
			errs = 0;
			nkeys++;
			if (r == OK && wc == 0xFFFD) {
				/* Bytes that were no UTF-8, replaced on their way in. */
				tui_msg(&t, MSG_ERROR, _("caractère invalide ignoré (le terminal doit "
				                         "être en UTF-8)."));
				flags |= SCR_REDRAW;
				continue;
			}
			k.code = wc;
			k.fn = r == KEY_CODE_YES;
			if (tui_seq_filter(&seq, &k)) {
				if (seq.dropped_now)
					flags |= tui_seq_dropped(&t);
				continue;
			}
			flags |= tui_dispatch(&t, k);
			if (flags & SCR_QUIT)
				break;
			if (seq.has_next) {
				/* The key that followed a lone Esc in the same burst. */
				seq.has_next = false;
				flags |= tui_dispatch(&t, seq.next);
				if (flags & SCR_QUIT)
					break;
			}
		}
		if (flags & SCR_QUIT) {
			status = 0;
			break;
		}
		if (nkeys == 0 && !bad_utf8 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL | POLLIN))) {
			/* readable but nothing to read: the terminal is gone */
			tui_got_hup = 1;
			break;
		}
		if (flags & SCR_REDRAW)
			tui_paint(&t);
		else if (flags & SCR_FIELD)
			tui_paint_field(&t);
	}
	if (tui_got_term) {
		status = 0;
		log_info("session of %s: server stopping", t.me.acct.login);
	} else if (tui_got_hup) {
		log_info("session of %s: terminal hung up", t.me.acct.login);
	} else {
		log_info("session of %s ended", t.me.acct.login);
	}
out:
	if (entered)
		tui_stack_clear(&t);
	if (scr != NULL) {
		endwin();
		if (tui_got_term && !tui_got_hup) {
			fprintf(stdout, "\r\n%s\r\n", _("Le serveur s'arrête : à bientôt."));
			fflush(stdout);
		}
		delscreen(scr);
	}
	free(why);
	tui_msg_clear(&t);
	whoami_clear(&t.me);
	uc_store_close(t.st);
	return status;
}

int tui_run(const char *data_dir, uint64_t account_id)
{
	return tui_start(data_dir, account_id, NULL, NULL, 0, NULL);
}

int tui_run_signup(const char *data_dir, const char *login, const char *ssh_host, int ssh_port,
                   const char *source)
{
	return tui_start(data_dir, 0, login, ssh_host, ssh_port, source);
}
