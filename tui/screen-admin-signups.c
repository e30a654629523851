/*
 * screen-admin-signups.c — « Inscriptions à valider »: the organisations
 * waiting for the programme team (collectivités, France Services,
 * refurbishers) in the list widget; Entrée opens one with the eligibility
 * recorded at its sign-up; v validates it, r refuses it with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/org.h"
#include "core/signup.h"
#include "core/uc-admin.h"
#include "core/uc-signup.h"
#include "core/util.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "tui/textview.h"

static const struct list_col signups_cols[] = {
	{ N_("Organisation"), 30, 3, LIST_LEFT, true },
	{ N_("Nature"), 18, 1, LIST_LEFT, true },
	{ N_("Dépt"), 4, 0, LIST_LEFT, true },
	{ N_("Inscrite le"), 10, 0, LIST_LEFT, false },
};

enum { SU_OPEN = 1 };

static const struct tui_keydef signups_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Ouvrir"), .action = SU_OPEN },
	{ .keys = N_("/"), .label = N_("Chercher"), .panel_only = true },
};
static const struct tui_keymap signups_keys = TUI_KEYMAP(signups_defs);

struct signups_state {
	struct list_mem rows;
	struct list list;
};

static int signups_one(const struct org *o, void *ctx)
{
	char day[16];
	const char *cells[4] = { o->name, org_kind_label(o->kind), o->dept,
	                         day_format(day_of_instant(o->created_at), day, sizeof day) };

	list_mem_add(ctx, o->id, cells);
	return 0;
}

static void signups_load(struct tui *t, struct signups_state *s)
{
	char *why = NULL;

	list_mem_clear(&s->rows);
	if (uc_signups_pending(&t->uc, signups_one, &s->rows, &why) != RC_OK)
		tui_msg_why(t, why, _("Inscriptions en attente illisibles."));
	free(why);
	(void)list_refresh(&s->list);
}

static int screen_signups_enter(struct tui *t, void *st, const void *arg)
{
	struct signups_state *s = st;

	list_mem_init(&s->rows, ARRAY_LEN(signups_cols));
	list_init(&s->list, signups_cols, ARRAY_LEN(signups_cols), &list_mem_source, &s->rows);
	s->list.header = true;
	s->list.user_text = true;
	s->list.searchable = true;
	signups_load(t, s);
	return RC_OK;
}

static void screen_signups_leave(struct tui *t, void *st)
{
	struct signups_state *s = st;

	list_free(&s->list);
	list_mem_clear(&s->rows);
}

static void screen_signups_resume(struct tui *t, void *st, int code, void *result)
{
	signups_load(t, st);
}

static void screen_signups_draw(struct tui *t, void *st)
{
	struct signups_state *s = st;
	char pos[64];

	draw_title(t, _("Inscriptions à valider"));
	if (s->list.total == 0 && s->list.q.folded[0] == '\0')
		draw_text(3, 2, _("Aucune inscription n'attend de validation."), COLS - 4, false);
	list_draw(&s->list, 2, 2, COLS - 4, LINES - 5, &t->cur_y, &t->cur_x);
	list_position(&s->list, pos, sizeof pos);
	draw_text(LINES - 3, 2, pos, COLS - 4, false);
}

static int signups_open(struct tui *t, struct signups_state *s)
{
	const struct list_row *r = list_selected(&s->list);
	uint64_t id;

	if (r == NULL || r->id == 0)
		return SCR_IGNORED;
	id = r->id;
	return tui_push(t, &screen_admin_signup, &id);
}

static int screen_signups_act(struct tui *t, void *st, int action)
{
	return action == SU_OPEN ? signups_open(t, st) : SCR_IGNORED;
}

static int screen_signups_key(struct tui *t, void *st, struct tui_key k)
{
	struct signups_state *s = st;

	switch (list_key(&s->list, &k)) {
	case LIST_ACTIVATE:
		return signups_open(t, s);
	case LIST_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

const struct screen screen_admin_signups = {
	.name = "admin-signups",
	.help = N_("Inscriptions à valider : les collectivités, structures France Services et "
		"acteurs du reconditionnement inscrits qui attendent l'équipe du programme.\n\n"
		"↑ ↓ : choisir ; Entrée : ouvrir (éligibilité établie à l'inscription, puis "
		"valider ou refuser) ; / : chercher."),
	.state_size = sizeof(struct signups_state),
	.keys = &signups_keys,
	.enter = screen_signups_enter,
	.draw = screen_signups_draw,
	.act = screen_signups_act,
	.key = screen_signups_key,
	.leave = screen_signups_leave,
	.resume = screen_signups_resume,
};

/* ---- one sign-up ---- */

enum { SD_VALIDATE = 1, SD_REFUSE };

static const struct tui_keydef signup_defs[] = {
	{ .ch = 'v', .keys = N_("v"), .label = N_("Valider"), .action = SD_VALIDATE },
	{ .ch = 'r', .keys = N_("r"), .label = N_("Refuser"), .action = SD_REFUSE },
};
static const struct tui_keymap signup_keys = TUI_KEYMAP(signup_defs);

struct sd_state {
	uint64_t id;
	struct textview view;
	bool done;
};

static void sd_line(struct textview *v, const char *label, const char *value)
{
	char *s = xasprintf("%s : %s", label, value != NULL && value[0] ? value : "—");

	textview_add(v, s, COLS - 4, true, false);
	free(s);
}

static void sd_load(struct tui *t, struct sd_state *s)
{
	struct org o;
	char *evidence = NULL, *why = NULL;

	memset(&o, 0, sizeof o);
	textview_clear(&s->view);
	if (uc_signup_detail(&t->uc, s->id, &o, &evidence, &why) != RC_OK) {
		tui_msg_why(t, why, _("Inscription illisible."));
		free(why);
		return;
	}
	textview_add(&s->view, o.name, COLS - 4, true, true);
	sd_line(&s->view, _("Nature"), org_kind_label(o.kind));
	sd_line(&s->view, _("État"), org_status_label(o.status));
	sd_line(&s->view, _("SIRET"), o.siret);
	sd_line(&s->view, _("Commune (INSEE)"), o.insee);
	sd_line(&s->view, _("Département"), o.dept);
	sd_line(&s->view, _("Contact"), o.contact.name);
	sd_line(&s->view, _("Fonction"), o.contact.function);
	sd_line(&s->view, _("Courriel"), o.contact.email);
	sd_line(&s->view, _("Téléphone"), o.contact.phone);
	textview_add(&s->view, "", COLS - 4, false, false);
	sd_line(&s->view, _("Établi à l'inscription"), evidence);
	free(evidence);
}

static int screen_sd_enter(struct tui *t, void *st, const void *arg)
{
	struct sd_state *s = st;

	s->id = *(const uint64_t *)arg;
	sd_load(t, s);
	return RC_OK;
}

static void screen_sd_leave(struct tui *t, void *st)
{
	textview_clear(&((struct sd_state *)st)->view);
}

static void screen_sd_draw(struct tui *t, void *st)
{
	struct sd_state *s = st;

	draw_title(t, _("Inscription à valider"));
	textview_draw(&s->view, 2, 2, COLS - 4, LINES - 5);
}

static int screen_sd_act(struct tui *t, void *st, int action)
{
	struct sd_state *s = st;
	struct prompt_arg a = {
		.title = _("Inscription à valider"),
		.question = _("Motif du refus (10 à 1 000 caractères, lu par le demandeur) :"),
		.max = SIGNUP_REASON_MAX, .tag = 1,
	};
	char *why = NULL;

	if (action == SD_REFUSE)
		return tui_push(t, &screen_admin_prompt, &a);
	if (action != SD_VALIDATE)
		return SCR_IGNORED;
	if (signup_validate(&t->uc, s->id, NULL, NULL, NULL, NULL, &why) == RC_OK)
		tui_msg(t, MSG_INFO, _("Organisation validée : ses comptes peuvent travailler."));
	else
		tui_msg_why(t, why, _("L'organisation n'a pas été validée."));
	free(why);
	sd_load(t, s);
	return SCR_HANDLED | SCR_REDRAW;
}

static void screen_sd_resume(struct tui *t, void *st, int code, void *result)
{
	struct sd_state *s = st;
	struct prompt_result *p = result;
	char *why = NULL;

	if (code == PROMPT_OK && p != NULL && p->text != NULL) {
		if (uc_signup_refuse(&t->uc, s->id, p->text, &why) == RC_OK)
			tui_msg(t, MSG_INFO, _("Inscription refusée."));
		else
			tui_msg_why(t, why, _("L'inscription n'a pas été refusée."));
		free(why);
	}
	sd_load(t, s);
}

static int screen_sd_key(struct tui *t, void *st, struct tui_key k)
{
	struct sd_state *s = st;

	return textview_key(&s->view, &k, LINES - 5) ? SCR_HANDLED | SCR_REDRAW : SCR_IGNORED;
}

const struct screen screen_admin_signup = {
	.name = "admin-signup",
	.help = N_("Une inscription : l'organisation, son contact et l'éligibilité établie à "
		"l'inscription.\n\nv : valider (ses comptes peuvent alors travailler) ; r : refuser, "
		"avec un motif que le demandeur lira."),
	.state_size = sizeof(struct sd_state),
	.keys = &signup_keys,
	.enter = screen_sd_enter,
	.draw = screen_sd_draw,
	.act = screen_sd_act,
	.key = screen_sd_key,
	.leave = screen_sd_leave,
	.resume = screen_sd_resume,
};
