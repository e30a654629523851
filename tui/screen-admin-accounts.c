/*
 * screen-admin-accounts.c — « Comptes »: every account for the programme
 * team in the list widget (login, role, organisation, state), searched
 * with '/'; d disables, a enables, p resets the password to a one-time
 * password shown once in a panel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-account.h"
#include "core/uc-admin.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/screen.h"

static const struct list_col accounts_cols[] = {
	{ N_("Identifiant"), 18, 1, LIST_LEFT, true },
	{ N_("Rôle"), 16, 0, LIST_LEFT, true },
	{ N_("Organisation"), 26, 3, LIST_LEFT, true },
	{ N_("État"), 10, 0, LIST_LEFT, true },
};

enum { AC_DISABLE = 1, AC_ENABLE, AC_RESET };

static const struct tui_keydef accounts_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("/"), .label = N_("Chercher") },
	{ .ch = 'd', .keys = N_("d"), .label = N_("Désactiver"), .action = AC_DISABLE },
	{ .ch = 'a', .keys = N_("a"), .label = N_("Activer"), .action = AC_ENABLE },
	{ .ch = 'p', .keys = N_("p"), .label = N_("Mot de passe"), .action = AC_RESET },
};
static const struct tui_keymap accounts_keys = TUI_KEYMAP(accounts_defs);
/* While the search box is open its letters are the search's, not actions. */
static const struct tui_keydef search_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Fin de la recherche") },
};
static const struct tui_keymap search_keys = TUI_KEYMAP(search_defs);

struct accounts_state {
	struct list_mem rows;
	struct list list;
	char otp_text[256];
};

static const struct tui_keymap *accounts_keymap(struct tui *t, void *st)
{
	return ((struct accounts_state *)st)->list.searching ? &search_keys : &accounts_keys;
}

static int accounts_one(const struct account_row *r, void *ctx)
{
	const char *cells[4] = { r->login, role_label(r->role), r->org_name,
	                         r->disabled ? _("désactivé") : _("actif") };

	list_mem_add(ctx, r->id, cells);
	return 0;
}

static void accounts_load(struct tui *t, struct accounts_state *s)
{
	char *why = NULL;

	list_mem_clear(&s->rows);
	if (uc_accounts_list(&t->uc, accounts_one, &s->rows, &why) != RC_OK)
		tui_msg_why(t, why, _("Liste des comptes illisible."));
	free(why);
	(void)list_refresh(&s->list);
}

static int screen_accounts_enter(struct tui *t, void *st, const void *arg)
{
	struct accounts_state *s = st;

	list_mem_init(&s->rows, ARRAY_LEN(accounts_cols));
	list_init(&s->list, accounts_cols, ARRAY_LEN(accounts_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;
	s->list.searchable = true;
	accounts_load(t, s);
	return RC_OK;
}

static void screen_accounts_leave(struct tui *t, void *st)
{
	struct accounts_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
	wipe(s->otp_text, sizeof s->otp_text);
}

static void screen_accounts_resume(struct tui *t, void *st, int code, void *result)
{
	struct accounts_state *s = st;

	wipe(s->otp_text, sizeof s->otp_text);
	accounts_load(t, s);
}

static void screen_accounts_draw(struct tui *t, void *st)
{
	struct accounts_state *s = st;
	char pos[64];

	draw_title(t, _("Comptes"));
	list_draw(&s->list, 2, 2, COLS - 4, LINES - 5, &t->cur_y, &t->cur_x);
	list_position(&s->list, pos, sizeof pos);
	draw_text(LINES - 3, 2, pos, COLS - 4, false);
}

/* The login of the selected row (cell 0), or NULL. */
static char *accounts_login(struct accounts_state *s)
{
	const struct list_row *r = list_selected(&s->list);

	return r != NULL && r->cell[0] != NULL ? xstrdup(r->cell[0]) : NULL;
}

static int screen_accounts_act(struct tui *t, void *st, int action)
{
	struct accounts_state *s = st;
	char *login = accounts_login(s), *why = NULL;
	char otp[OTP_CHARS + 1];
	int flags = SCR_HANDLED | SCR_REDRAW;

	if (login == NULL)
		return SCR_IGNORED;
	switch (action) {
	case AC_DISABLE:
	case AC_ENABLE:
		if (account_set_disabled(&t->uc, login, action == AC_DISABLE, &why) == RC_OK)
			tui_msg(t, MSG_INFO, action == AC_DISABLE ? _("Compte %s désactivé.")
			                                          : _("Compte %s activé."), login);
		else
			tui_msg_why(t, why, _("Compte inchangé."));
		accounts_load(t, s);
		break;
	case AC_RESET:
		if (uc_account_reset(&t->uc, login, otp, &why) != RC_OK) {
			tui_msg_why(t, why, _("Mot de passe inchangé."));
			break;
		} else {
			struct panel_arg a = { .title = _("Mot de passe à usage unique") };

			snprintf(s->otp_text, sizeof s->otp_text,
			         _("Nouveau mot de passe de %s : %s\n\nIl n'est affiché qu'une fois : "
			           "transmettez-le à la personne, qui devra le remplacer à sa prochaine "
			           "connexion."), login, otp);
			wipe(otp, sizeof otp);
			a.text = s->otp_text;
			flags = tui_push(t, &screen_panel, &a);
		}
		break;
	default:
		flags = SCR_IGNORED;
	}
	free(login);
	free(why);
	return flags;
}

static int screen_accounts_key(struct tui *t, void *st, struct tui_key k)
{
	struct accounts_state *s = st;

	return list_key(&s->list, &k) == LIST_IGNORED ? SCR_IGNORED : SCR_HANDLED | SCR_REDRAW;
}

const struct screen screen_admin_accounts = {
	.name = "admin-accounts",
	.help = N_("Comptes : chaque compte, son rôle, son organisation et son état.\n\n"
		"/ : chercher (identifiant, rôle, organisation) ; d : désactiver ; a : activer ; "
		"p : remplacer le mot de passe par un mot de passe à usage unique, affiché une seule "
		"fois. Chaque changement est inscrit au journal d'audit."),
	.state_size = sizeof(struct accounts_state),
	.keymap = accounts_keymap,
	.enter = screen_accounts_enter,
	.draw = screen_accounts_draw,
	.act = screen_accounts_act,
	.key = screen_accounts_key,
	.leave = screen_accounts_leave,
	.resume = screen_accounts_resume,
};
