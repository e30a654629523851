/*
 * screen-account.c — « Mon compte »: change one's password (current, new,
 * confirmation, all masked) and manage one's SSH public keys (list, add by
 * pasting a line, remove with confirmation). Every change goes through a
 * core use case; the screen says it is done only after it returned RC_OK,
 * that is after the store committed.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-account.h"
#include "tui/field.h"
#include "tui/screen.h"

/* Focus positions: the three password fields, the button, each key, the add field. */
enum { AF_CUR, AF_NEW, AF_CONF, AF_BTN, AF_KEYS };

#define ACCOUNT_LABEL_COL 4
#define ACCOUNT_FIELD_COL 28
#define ACCOUNT_FIELD_W 34
#define ACCOUNT_KEY_SHOW 12     /* characters shown from each end of the key */

struct account_state {
	struct field pw[3];         /* current, new, confirmation */
	struct field add;           /* a pasted OpenSSH line */
	size_t focus;
	size_t ktop;                /* first key row shown */
	bool confirming;            /* waiting for o/n to remove key `focus - AF_KEYS` */
};

static size_t account_nkeys(const struct tui *t)
{
	return t->me.acct.nkeys;
}

static size_t account_add_pos(const struct tui *t)
{
	return AF_KEYS + account_nkeys(t);
}

static size_t account_nfocus(const struct tui *t)
{
	return account_add_pos(t) + 1;
}

static bool account_on_key(const struct tui *t, const struct account_state *s)
{
	return s->focus >= AF_KEYS && s->focus < account_add_pos(t);
}

static struct field *account_field(struct tui *t, struct account_state *s)
{
	if (s->focus <= AF_CONF)
		return &s->pw[s->focus];
	if (s->focus == account_add_pos(t))
		return &s->add;
	return NULL;
}

enum { ACC_REMOVE = 1 };

/* On the password fields and the add-key field. */
static const struct tui_keydef account_field_defs[] = {
	{ .keys = N_("Tab/↑↓"), .label = N_("Champ") },
	{ .keys = N_("Entrée"), .label = N_("Valider") },
};
static const struct tui_keymap account_field_keys = TUI_KEYMAP(account_field_defs);
/* On a key of the list. */
static const struct tui_keydef account_list_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .code = KEY_DC, .ch = 'r', .keys = N_("Suppr/r"), .label = N_("Retirer"),
	  .action = ACC_REMOVE },
};
static const struct tui_keymap account_list_keys = TUI_KEYMAP(account_list_defs);

static int screen_account_enter(struct tui *t, void *st, const void *arg)
{
	struct account_state *s = st;

	(void)arg;
	for (int i = 0; i < 3; i++)
		field_init(&s->pw[i], FIELD_TEXT, PASSWORD_MAX, false, true);
	field_init(&s->add, FIELD_TEXT, SSHKEY_LINE_MAX - 1, false, false);
	/* Show the keys as stored now, not as they were at login. */
	if (tui_reload_account(t) != RC_OK)
		tui_msg(t, MSG_ERROR, _("lecture du compte impossible, réessayez."));
	return RC_OK;
}

static void screen_account_leave(struct tui *t, void *st)
{
	struct account_state *s = st;

	for (int i = 0; i < 3; i++)
		field_free(&s->pw[i]);
	field_free(&s->add);
}

/* Rows of the key list: 9 .. LINES-6. */
static int account_key_rows(void)
{
	return LINES - 6 - 9 + 1;
}

/* "ssh-ed25519  AAAAC3NzaC1l…Yw0x8Qk  comment" for key i (trusted layout, user text). */
static void account_draw_key(const char *line, int y, bool selected, size_t num)
{
	const char *sp1 = strchr(line, ' ');
	const char *b64 = sp1 ? sp1 + 1 : "";
	const char *sp2 = strchr(b64, ' ');
	size_t tlen = sp1 ? (size_t)(sp1 - line) : strlen(line);
	size_t blen = sp2 ? (size_t)(sp2 - b64) : strlen(b64);
	const char *comment = sp2 ? sp2 + 1 : "";
	char *type = xstrndup(line, tlen);
	char *start, *text;
	int pad;

	if (blen > 2 * ACCOUNT_KEY_SHOW + 1)
		start = xasprintf("%.*s…%.*s", ACCOUNT_KEY_SHOW, b64, ACCOUNT_KEY_SHOW,
		                  b64 + blen - ACCOUNT_KEY_SHOW);
	else
		start = xasprintf("%.*s", (int)blen, b64);
	/* Padded by display columns, not bytes (printf's %-20s counts bytes). */
	pad = 20 - draw_width(type);
	text = xasprintf("%2zu. %s%*s %s  %s", num, type, pad > 0 ? pad : 0, "", start, comment);
	/* The whole line is from a person: sanitised by draw_item. */
	draw_item(y, ACCOUNT_LABEL_COL - 2, COLS - ACCOUNT_LABEL_COL, text, selected, true);
	free(text);
	free(start);
	free(type);
}

static void screen_account_draw(struct tui *t, void *st)
{
	static const char *const labels[3] = {
		N_("Mot de passe actuel"), N_("Nouveau mot de passe"), N_("Confirmation"),
	};
	struct account_state *s = st;
	size_t nkeys = account_nkeys(t), addpos = account_add_pos(t);
	int rows = account_key_rows(), cy = -1, cx = -1;
	char *head;

	draw_title(t, _("Mon compte"));
	if (t->me.acct.must_change_pw) {
		attrset(A_BOLD);
		draw_text(1, 2, _("Mot de passe à usage unique : choisissez-en un nouveau pour "
		                  "continuer (actuel : celui reçu)."), COLS - 4, false);
		attrset(A_NORMAL);
	}
	attrset(A_BOLD);
	draw_text(2, 2, _("Changer le mot de passe"), COLS - 4, false);
	attrset(A_NORMAL);
	for (int i = 0; i < 3; i++) {
		draw_text(3 + i, ACCOUNT_LABEL_COL - 2, s->focus == (size_t)i ? "▸ " : "  ", 2, false);
		draw_text(3 + i, ACCOUNT_LABEL_COL, _(labels[i]), ACCOUNT_FIELD_COL - ACCOUNT_LABEL_COL,
		          false);
		field_draw(&s->pw[i], stdscr, 3 + i, ACCOUNT_FIELD_COL, ACCOUNT_FIELD_W,
		           s->focus == (size_t)i, &cy, &cx);
	}
	draw_item(6, ACCOUNT_FIELD_COL - 2, 32, _("[ Changer le mot de passe ]"),
	          s->focus == AF_BTN, false);

	head = xasprintf(_("Clés SSH enregistrées (%zu sur %d)"), nkeys, ACCOUNT_KEYS_MAX);
	attrset(A_BOLD);
	draw_text(8, 2, head, COLS - 4, false);
	attrset(A_NORMAL);
	free(head);
	if (nkeys == 0)
		draw_text(9, ACCOUNT_LABEL_COL, _("Aucune clé enregistrée."), COLS - 8, false);
	if (account_on_key(t, s)) {
		size_t k = s->focus - AF_KEYS;

		if (k < s->ktop)
			s->ktop = k;
		if (k >= s->ktop + (size_t)rows)
			s->ktop = k - (size_t)rows + 1;
	}
	if (s->ktop + (size_t)rows > nkeys)
		s->ktop = nkeys > (size_t)rows ? nkeys - (size_t)rows : 0;
	for (int r = 0; r < rows && s->ktop + (size_t)r < nkeys; r++) {
		size_t k = s->ktop + (size_t)r;

		account_draw_key(t->me.acct.keys[k], 9 + r, s->focus == AF_KEYS + k, k + 1);
	}

	draw_text(LINES - 5, 0, s->focus == addpos ? "▸ " : "  ", 2, false);
	draw_text(LINES - 5, 2, _("Ajouter une clé : collez une ligne « ssh-ed25519 AAAA… » "
	                          "puis Entrée"), COLS - 4, false);
	field_draw(&s->add, stdscr, LINES - 4, 2, COLS - 4, s->focus == addpos, &cy, &cx);
	t->cur_y = cy;
	t->cur_x = cx;
}

static const struct tui_keymap *screen_account_keymap(struct tui *t, void *st)
{
	return account_on_key(t, st) ? &account_list_keys : &account_field_keys;
}

/* SCR_FIELD: repaints the focused field alone (same places as in draw). */
static void screen_account_update(struct tui *t, void *st)
{
	struct account_state *s = st;

	if (s->focus <= AF_CONF)
		field_draw(&s->pw[s->focus], stdscr, 3 + (int)s->focus, ACCOUNT_FIELD_COL,
		           ACCOUNT_FIELD_W, true, &t->cur_y, &t->cur_x);
	else if (s->focus == account_add_pos(t))
		field_draw(&s->add, stdscr, LINES - 4, 2, COLS - 4, true, &t->cur_y, &t->cur_x);
}

static void account_focus(struct tui *t, struct account_state *s, size_t to)
{
	struct field *f;

	s->focus = to;
	if ((f = account_field(t, s)) != NULL)
		f->cur = f->len;
}

static int account_change_pw(struct tui *t, struct account_state *s)
{
	char *cur = field_utf8(&s->pw[0]);
	char *nw = field_utf8(&s->pw[1]);
	char *conf = field_utf8(&s->pw[2]);
	char *why = NULL;
	int rc;

	rc = account_change_password(&t->uc, t->me.acct.id, cur, nw, conf, &why);
	free_secret(cur);
	free_secret(nw);
	free_secret(conf);
	if (rc == RC_OK) {
		for (int i = 0; i < 3; i++)
			field_clear(&s->pw[i]);
		(void)tui_reload_account(t);
		account_focus(t, s, AF_CUR);
		tui_msg(t, MSG_INFO, _("Mot de passe modifié."));
	} else {
		if (rc == RC_DENIED)
			field_clear(&s->pw[0]);
		field_clear(&s->pw[1]);
		field_clear(&s->pw[2]);
		account_focus(t, s, rc == RC_DENIED ? AF_CUR : AF_NEW);
		tui_msg_why(t, why, _("le mot de passe n'a pas pu être modifié."));
	}
	free(why);
	return SCR_HANDLED | SCR_REDRAW;
}

static int account_add_key(struct tui *t, struct account_state *s)
{
	char *line = field_utf8(&s->add);
	char *why = NULL;
	int rc;

	if (line[0] == '\0') {
		tui_msg(t, MSG_ERROR, _("collez d'abord une ligne de clé publique OpenSSH."));
		free(line);
		return SCR_HANDLED | SCR_REDRAW;
	}
	rc = account_key_add(&t->uc, t->me.acct.id, line, &why);
	if (rc == RC_OK) {
		field_clear(&s->add);
		(void)tui_reload_account(t);
		account_focus(t, s, account_add_pos(t));
		tui_msg(t, MSG_INFO, _("Clé ajoutée."));
	} else {
		tui_msg_why(t, why, _("la clé n'a pas pu être ajoutée."));
	}
	free(why);
	free(line);
	return SCR_HANDLED | SCR_REDRAW;
}

static int account_remove_key(struct tui *t, struct account_state *s)
{
	size_t idx = s->focus - AF_KEYS;
	char *why = NULL;
	int rc;

	s->confirming = false;
	rc = account_key_remove(&t->uc, t->me.acct.id, idx, &why);
	if (rc == RC_OK) {
		(void)tui_reload_account(t);
		if (s->focus >= account_add_pos(t) && s->focus > AF_KEYS)
			s->focus--;
		if (account_nkeys(t) == 0)
			s->focus = account_add_pos(t);
		tui_msg(t, MSG_INFO, _("Clé n° %zu retirée."), idx + 1);
	} else {
		tui_msg_why(t, why, _("la clé n'a pas pu être retirée."));
	}
	free(why);
	return SCR_HANDLED | SCR_REDRAW;
}

/* The comment of an OpenSSH line "type base64 comment" ("" if none). */
static const char *account_key_comment(const char *line)
{
	const char *sp = strchr(line, ' ');

	if (sp == NULL || (sp = strchr(sp + 1, ' ')) == NULL)
		return "";
	return sp + 1;
}

/* Asks before removing the selected key (o: yes). */
static int account_ask_remove(struct tui *t, struct account_state *s)
{
	size_t idx = s->focus - AF_KEYS;
	char *clean = text_sanitize(t->me.acct.keys[idx], false);
	const char *comment = account_key_comment(clean);

	s->confirming = true;
	tui_msg(t, MSG_INFO, _("Retirer la clé n° %zu (%.40s) ? o : oui, autre touche : non"),
	        idx + 1, comment[0] != '\0' ? comment : clean);
	free(clean);
	return SCR_HANDLED | SCR_REDRAW;
}

static int account_key(struct tui *t, struct account_state *s, struct tui_key k);

/* Back to the menu, unless a one-time password must be replaced first. */
static int account_leave(struct tui *t)
{
	if (t->me.acct.must_change_pw) {
		tui_msg(t, MSG_ERROR, "%s", _("Choisissez d'abord un nouveau mot de passe (ou F10 "
		                              "pour quitter)."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	return tui_pop(t, 0, NULL);
}

static int screen_account_act(struct tui *t, void *st, int action)
{
	struct account_state *s = st;

	if (action == TK_BACK && t->me.acct.must_change_pw)
		return account_leave(t);
	if (s->confirming) {
		/* Only « o » removes (a character: not in the table). */
		s->confirming = false;
		tui_msg(t, MSG_INFO, _("Suppression annulée."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (action == ACC_REMOVE && account_on_key(t, s))
		return account_ask_remove(t, s);
	return SCR_IGNORED;
}

static int screen_account_key(struct tui *t, void *st, struct tui_key k)
{
	return account_key(t, st, k);
}

static int account_key(struct tui *t, struct account_state *s, struct tui_key k)
{
	size_t n = account_nfocus(t);
	struct field *f;

	if (s->focus >= n)
		s->focus = n - 1;
	if (s->confirming) {
		if (!k.fn && (k.code == 'o' || k.code == 'O'))
			return account_remove_key(t, s);
		s->confirming = false;
		tui_msg(t, MSG_INFO, _("Suppression annulée."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	/* A message stays until the next key (it may cover the help line). */
	if (t->msg != NULL) {
		tui_msg_clear(t);
		if (tui_key_back(k))
			return account_leave(t);
		if (account_on_key(t, s) &&
		    ((k.fn && k.code == KEY_DC) || (!k.fn && (k.code == 'r' || k.code == 'R'))))
			return account_ask_remove(t, s);
		return account_key(t, s, k) | SCR_REDRAW;
	}
	if ((k.fn && (k.code == KEY_DOWN)) || (!k.fn && k.code == '\t')) {
		account_focus(t, s, (s->focus + 1) % n);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k.fn && (k.code == KEY_UP || k.code == KEY_BTAB)) {
		account_focus(t, s, (s->focus + n - 1) % n);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if ((f = account_field(t, s)) != NULL) {
		if (tui_key_enter(k)) {
			if (s->focus == AF_CUR || s->focus == AF_NEW) {
				account_focus(t, s, s->focus + 1);
				return SCR_HANDLED | SCR_REDRAW;
			}
			if (s->focus == AF_CONF)
				return account_change_pw(t, s);
			return account_add_key(t, s);
		}
		switch (field_key(f, k.code, k.fn)) {
		case FIELD_IGNORED:
			return SCR_IGNORED;
		case FIELD_REFUSED:
			beep();
			return SCR_HANDLED;
		case FIELD_FULL:
			account_focus(t, s, (s->focus + 1) % n);
			return SCR_HANDLED | SCR_REDRAW;
		case FIELD_CHANGED:
		case FIELD_MOVED:
			return SCR_HANDLED | SCR_FIELD;
		}
		return SCR_IGNORED;
	}
	if (s->focus == AF_BTN && (tui_key_enter(k) || (!k.fn && k.code == ' ')))
		return account_change_pw(t, s);
	if (!k.fn && k.code == 'q')
		return account_leave(t);
	return SCR_IGNORED;
}

const struct screen screen_account = {
	.name = "account",
	.help = N_("Mon compte : votre mot de passe et vos clés SSH.\n\n"
		"Tab, ↓ : champ suivant ; Maj-Tab, ↑ : champ précédent.\n"
		"Mot de passe : saisissez l'actuel, le nouveau puis sa confirmation, "
		"et validez avec Entrée (ou le bouton). Au moins 10 caractères.\n"
		"Clés SSH : collez une ligne de clé publique OpenSSH (le contenu d'un "
		"fichier .pub, par exemple ~/.ssh/id_ed25519.pub) dans le champ du bas, "
		"puis Entrée. Sur une clé de la liste, Suppr ou r la retire après "
		"confirmation.\n"
		"Dans un champ : ← → Début Fin déplacent le curseur, ^U efface jusqu'au "
		"début, ^K jusqu'à la fin.\n\n"
		"Échap, F3 ou ^B : retour au menu. F10 ou ^X : quitter recond."),
	.state_size = sizeof(struct account_state),
	.keymap = screen_account_keymap,
	.enter = screen_account_enter,
	.draw = screen_account_draw,
	.act = screen_account_act,
	.key = screen_account_key,
	.leave = screen_account_leave,
	.update = screen_account_update,
};
