/*
 * screen-signup.c — the sign-up wizard, the only screen of an anonymous
 * sign-up session: kind of organisation (a list), SIRET (14 digits, moves
 * on by itself), commune (search by name or postal code, pick from the
 * list), organisation name, for a structure porteuse the France Services
 * spaces it carries picked from the register (core/uc-fs.h: eligibility
 * rests on that pick, never on the name), eligibility at once with its
 * reasons and the
 * lists it relied on, contact person, first staff account (login, password
 * twice, optional SSH key), a summary, then creation through core's
 * signup_create and the French explanation of what happens next.
 *
 * Keyboard only, 80x24: Tab/↓ and Maj-Tab/↑ move between fields, Entrée
 * validates (a field is checked as it is left, with the reason on the
 * message line), Échap/F3/^B goes back one step, F10/^X quits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/org.h"
#include "core/uc-fs.h"
#include "core/uc-signup.h"
#include "core/signup.h"
#include "tui/field.h"
#include "tui/screen.h"

enum step {
	ST_KIND, ST_SIRET, ST_COMMUNE, ST_NAME, ST_FS, ST_ELIG, ST_CONTACT, ST_ACCOUNT, ST_SUMMARY,
	ST_REFUSED, ST_DONE
};
#define SIGNUP_STEPS 8          /* numbered steps: ST_KIND .. ST_SUMMARY */

enum { C_NAME, C_FUNCTION, C_EMAIL, C_PHONE, C_COUNT };
enum { A_LOGIN, A_PASS, A_CONFIRM, A_KEY, A_COUNT };

#define LABEL_COL 4
#define FIELD_COL 30
#define LIST_TOP 8

struct signup_state {
	enum step step;
	size_t kind_sel;
	enum org_kind kind;
	char *refusal;                  /* why the chosen kind may not sign up (ST_REFUSED) */
	struct field siret;
	struct field search;
	struct signup_commune found[SIGNUP_COMMUNES_MAX];
	size_t nfound, found_sel, found_top;
	bool in_list;
	struct signup_commune commune;
	bool have_commune;
	struct field name;
	struct fs_space near[FS_NEAR_MAX];  /* France Services: the register's spaces around */
	size_t nnear, near_sel, near_top;
	bool picked[FS_NEAR_MAX];
	struct signup_session sess;     /* the SIRETs tried, against the limits */
	struct eligibility elig;
	bool have_elig;
	struct field contact[C_COUNT];
	struct field acct[A_COUNT];
	size_t focus;
	char login[LOGIN_MAX + 1];      /* the account created (ST_DONE) */
	bool quit_asked;                /* F10 asked « quitter sans créer ? » */
	bool auto_advanced;             /* the last key moved on by itself (SIRET full) */
};

static int screen_signup_enter(struct tui *t, void *st, const void *arg)
{
	struct signup_state *s = st;

	(void)arg;
	signup_session_init(&s->sess, t->signup_source);
	field_init(&s->siret, FIELD_DIGITS, 14, true, false);
	field_init(&s->search, FIELD_TEXT, SIGNUP_QUERY_MAX, false, false);
	field_init(&s->name, FIELD_TEXT, ORG_NAME_MAX / 2, false, false);
	field_init(&s->contact[C_NAME], FIELD_TEXT, PERSON_MAX / 2, false, false);
	field_init(&s->contact[C_FUNCTION], FIELD_TEXT, PERSON_MAX / 2, false, false);
	field_init(&s->contact[C_EMAIL], FIELD_TEXT, EMAIL_MAX, false, false);
	field_init(&s->contact[C_PHONE], FIELD_TEXT, PHONE_MAX, false, false);
	field_init(&s->acct[A_LOGIN], FIELD_TEXT, LOGIN_MAX, false, false);
	field_init(&s->acct[A_PASS], FIELD_TEXT, PASSWORD_MAX, false, true);
	field_init(&s->acct[A_CONFIRM], FIELD_TEXT, PASSWORD_MAX, false, true);
	field_init(&s->acct[A_KEY], FIELD_TEXT, SSHKEY_LINE_MAX - 1, false, false);
	return RC_OK;
}

static void screen_signup_leave(struct tui *t, void *st)
{
	struct signup_state *s = st;

	field_free(&s->siret);
	field_free(&s->search);
	field_free(&s->name);
	for (int i = 0; i < C_COUNT; i++)
		field_free(&s->contact[i]);
	for (int i = 0; i < A_COUNT; i++)
		field_free(&s->acct[i]);
	free(s->refusal);
}

/* ---- drawing ---- */

static void draw_step(int step, const char *what)
{
	char *line = xasprintf(_("Inscription — étape %d sur %d : %s"), step, SIGNUP_STEPS, what);

	attrset(A_BOLD);
	draw_text(2, 2, line, COLS - 4, false);
	attrset(A_NORMAL);
	free(line);
}

/* A labelled field on row y; the cursor goes to it when focused. */
static void draw_field_row(struct tui *t, int y, const char *label, struct field *f,
                           bool focused, int width)
{
	int cy = -1, cx = -1;

	draw_text(y, LABEL_COL - 2, focused ? "▸ " : "  ", 2, false);
	draw_text(y, LABEL_COL, label, FIELD_COL - LABEL_COL - 1, false);
	field_draw_aligned(f, stdscr, y, FIELD_COL, width, focused, &cy, &cx);
	if (focused) {
		t->cur_y = cy;
		t->cur_x = cx;
	}
}

/* « Felletin (23079) — 23500 » */
static char *commune_label(const struct signup_commune *c)
{
	if (c->postcode[0] != '\0')
		return xasprintf("%s (%s) — %s", c->name, c->insee, c->postcode);
	return xasprintf("%s (%s)", c->name, c->insee);
}

/* The decision, its reasons and the evidence of the lists, from row y. */
static int draw_elig(const struct eligibility *e, int y, int max_row)
{
	char when[32], *line;

	attrset(A_BOLD);
	line = xasprintf(_("Éligibilité : %s"), elig_decision_label(e->decision));
	draw_text(y++, LABEL_COL, line, COLS - LABEL_COL - 2, false);
	free(line);
	attrset(A_NORMAL);
	for (size_t i = 0; i < e->nreasons && y < max_row; i++)
		y = draw_wrapped(y, LABEL_COL, e->reasons[i], max_row - y);
	for (int l = 0; l < REFLIST_COUNT && y < max_row; l++) {
		const struct reflist_evidence *ev = &e->evidence[l];

		if (!e->used[l] || !ev->loaded)
			continue;
		line = xasprintf(_("Source : %s, fichier « %s », importé le %s (%llu lignes)."),
		                 reflist_label((enum reflist)l), ev->file,
		                 instant_format(ev->imported_at, when, sizeof when),
		                 (unsigned long long)ev->rows);
		y = draw_wrapped(y, LABEL_COL, line, max_row - y);
		free(line);
	}
	return y;
}

static void draw_kind(struct tui *t, struct signup_state *s)
{
	size_t n;
	const enum org_kind *kinds = signup_kinds(&n);

	draw_step(1, _("type d'organisation"));
	draw_text(4, LABEL_COL, _("Quel type d'organisation inscrivez-vous ?"), COLS - 8, false);
	for (size_t i = 0; i < n && 6 + (int)i < LINES - 3; i++)
		draw_item(6 + (int)i, LABEL_COL - 2, COLS - LABEL_COL, org_kind_label(kinds[i]),
		          i == s->kind_sel, false);
}

static void draw_refused(struct tui *t, struct signup_state *s)
{
	draw_step(1, _("type d'organisation"));
	attrset(A_BOLD);
	draw_text(4, LABEL_COL, org_kind_label(s->kind), COLS - 8, false);
	attrset(A_NORMAL);
	draw_wrapped(6, LABEL_COL, s->refusal != NULL ? s->refusal : "", 10);
	draw_wrapped(17, LABEL_COL, _("Aucun compte n'est créé. Échap pour choisir un autre type, "
	             "F10 pour quitter."), 3);
}

static void draw_siret(struct tui *t, struct signup_state *s)
{
	draw_step(2, _("SIRET"));
	draw_text(4, LABEL_COL, org_kind_label(s->kind), COLS - 8, false);
	draw_wrapped(6, LABEL_COL, _("Le SIRET de votre organisation (14 chiffres, sans espace) : "
	             "celui de l'établissement siège, tel qu'il figure dans l'annuaire des "
	             "entreprises. Le SIREN en est déduit. Au 14e chiffre, l'étape suivante "
	             "s'ouvre d'elle-même, sans Entrée."), 4);
	draw_field_row(t, 11, "SIRET", &s->siret, true, 15);
}

static void draw_commune(struct tui *t, struct signup_state *s)
{
	int rows = LINES - 4 - LIST_TOP;

	draw_step(3, _("commune du siège"));
	draw_text(4, LABEL_COL, _("Début du nom de la commune ou code postal, puis choisissez "
	          "dans la liste."), COLS - 6, false);
	draw_field_row(t, 6, "Commune ou code postal", &s->search, !s->in_list, 40);
	if (s->in_list)
		t->cur_y = -1;
	if (s->found_sel < s->found_top)
		s->found_top = s->found_sel;
	if (s->found_sel >= s->found_top + (size_t)rows)
		s->found_top = s->found_sel - (size_t)rows + 1;
	for (int r = 0; r < rows && s->found_top + (size_t)r < s->nfound; r++) {
		size_t i = s->found_top + (size_t)r;
		char *label = commune_label(&s->found[i]);

		draw_item(LIST_TOP + r, LABEL_COL - 2, COLS - LABEL_COL - 2, label,
		          s->in_list && i == s->found_sel, false);
		free(label);
	}
	if (s->have_commune) {
		char *label = commune_label(&s->commune), *line = xasprintf(_("Choisie : %s"), label);

		draw_text(LINES - 3, LABEL_COL, line, COLS - 6, false);
		free(line);
		free(label);
	}
}

static void draw_name(struct tui *t, struct signup_state *s)
{
	char *label = commune_label(&s->commune), *line = xasprintf(_("Commune du siège : %s"), label);

	draw_step(4, _("nom de l'organisation"));
	draw_text(4, LABEL_COL, line, COLS - 6, false);
	draw_wrapped(6, LABEL_COL, _("Le nom de l'organisation, tel qu'il figurera sur les "
	             "documents (par exemple « Mairie de Felletin », « France Services "
	             "d'Aubusson »)."), 3);
	draw_field_row(t, 10, "Nom", &s->name, true, COLS - FIELD_COL - 2);
	free(line);
	free(label);
}

#define FS_TOP 7

/* France Services: the register's spaces around the commune, each one to tick. */
static void draw_fs(struct tui *t, struct signup_state *s)
{
	int rows = (LINES - 4 - FS_TOP) / 2;

	draw_step(5, _("espaces France Services portés"));
	draw_wrapped(4, LABEL_COL, _("Cochez dans le registre France Services l'espace (ou les "
	             "espaces) que porte votre structure : Espace coche ou décoche, Entrée "
	             "continue. L'éligibilité repose sur ce choix, pas sur le nom."), 3);
	if (s->nnear == 0) {
		draw_wrapped(FS_TOP + 1, LABEL_COL, _("Aucun espace labellisé dans la commune ni "
		             "alentour. Entrée pour continuer : l'équipe du programme vérifiera "
		             "l'éligibilité."), 3);
		t->cur_y = -1;
		return;
	}
	if (s->near_sel < s->near_top)
		s->near_top = s->near_sel;
	if (s->near_sel >= s->near_top + (size_t)rows)
		s->near_top = s->near_sel - (size_t)rows + 1;
	for (int r = 0; r < rows && s->near_top + (size_t)r < s->nnear; r++) {
		size_t i = s->near_top + (size_t)r;
		const struct fs_space *sp = &s->near[i];
		char *line = xasprintf(_("[%s] %s — %s, %u km"), s->picked[i] ? "x" : " ", sp->name,
		                       sp->commune, sp->distance_km);
		int y = FS_TOP + 2 * r;

		draw_item(y, LABEL_COL - 2, COLS - LABEL_COL, line, i == s->near_sel, true);
		draw_user(y + 1, LABEL_COL + 6, sp->address, COLS - LABEL_COL - 8, false);
		if (i == s->near_sel) {
			t->cur_y = y;
			t->cur_x = LABEL_COL + 1;
		}
		free(line);
	}
}

static void draw_eligibility(struct tui *t, struct signup_state *s)
{
	draw_step(5, _("éligibilité"));
	draw_elig(&s->elig, 4, LINES - 5);
	if (s->elig.decision == ELIG_REFUSED)
		draw_wrapped(LINES - 5, LABEL_COL, _("Cette organisation ne peut pas être inscrite. "
		             "Échap pour corriger, F10 pour quitter."), 2);
	else if (s->elig.decision == ELIG_UNKNOWN)
		draw_wrapped(LINES - 5, LABEL_COL, _("L'équipe du programme vérifiera l'éligibilité "
		             "lors de la validation. Entrée pour continuer."), 2);
	else
		draw_text(LINES - 4, LABEL_COL, _("Entrée pour continuer."), COLS - 6, false);
}

static void draw_contact(struct tui *t, struct signup_state *s)
{
	static const char *const labels[C_COUNT] = {
		N_("Nom et prénom *"), N_("Fonction *"), N_("Adresse électronique *"),
		N_("Téléphone *"),
	};

	draw_step(6, _("personne à contacter"));
	draw_wrapped(4, LABEL_COL, _("La personne que l'équipe du programme et la préfecture "
	             "contacteront au sujet de cette inscription (* : obligatoire)."), 2);
	for (int i = 0; i < C_COUNT; i++)
		draw_field_row(t, 7 + 2 * i, _(labels[i]), &s->contact[i], s->focus == (size_t)i,
		               COLS - FIELD_COL - 2);
}

static void draw_account(struct tui *t, struct signup_state *s)
{
	static const char *const labels[A_COUNT] = {
		"Identifiant", "Mot de passe", "Confirmation", "Clé SSH (facultative)",
	};

	draw_step(7, _("premier compte"));
	draw_wrapped(4, LABEL_COL, _("Votre identifiant de connexion : 2 à 32 caractères parmi "
	             "a-z, 0-9, « . », « _ », « - », commençant par une lettre. Mot de passe : "
	             "au moins 10 caractères. Clé SSH : collez une ligne « ssh-ed25519 AAAA… » "
	             "si vous en avez une."), 4);
	for (int i = 0; i < A_COUNT; i++)
		draw_field_row(t, 9 + 2 * i, labels[i], &s->acct[i], s->focus == (size_t)i,
		               i == A_KEY ? COLS - FIELD_COL - 2 : 34);
}

/* « Label : value » with the value from a person. */
static void draw_pair(int y, const char *label, const char *value)
{
	int w = draw_text(y, LABEL_COL, label, 24, false);

	draw_text(y, LABEL_COL + w, " : ", 3, false);
	draw_user(y, LABEL_COL + w + 3, value, COLS - LABEL_COL - w - 5, false);
}

static void draw_summary(struct tui *t, struct signup_state *s)
{
	char *name = field_utf8(&s->name), *siret = field_utf8(&s->siret);
	char *c[C_COUNT], *login = field_utf8(&s->acct[A_LOGIN]);
	char *commune = commune_label(&s->commune), *who, *reach;

	for (int i = 0; i < C_COUNT; i++)
		c[i] = field_utf8(&s->contact[i]);
	who = xasprintf("%s, %s", c[C_NAME], c[C_FUNCTION]);
	reach = xasprintf("%s, %s", c[C_EMAIL], c[C_PHONE]);
	draw_step(8, _("récapitulatif"));
	draw_pair(4, _("Type"), org_kind_label(s->kind));
	draw_pair(5, _("SIRET"), siret);
	draw_pair(6, _("Commune du siège"), commune);
	draw_pair(7, _("Nom"), name);
	draw_pair(8, _("Contact"), who);
	draw_pair(9, _("Joindre"), reach);
	draw_pair(10, _("Identifiant"), login);
	draw_pair(11, _("Clé SSH"), s->acct[A_KEY].len > 0 ? _("oui") : _("non (mot de passe seul)"));
	if (s->kind == ORG_FRANCE_SERVICES) {
		char *names = xstrdup(""), *n2;

		for (size_t i = 0; i < s->nnear; i++) {
			if (!s->picked[i])
				continue;
			n2 = xasprintf("%s%s%s", names, names[0] ? ", " : "", s->near[i].name);
			free(names);
			names = n2;
		}
		draw_pair(12, _("Espaces portés"), names[0] ? names : _("aucun (à vérifier)"));
		free(names);
	}
	draw_elig(&s->elig, 13, LINES - 5);
	attrset(A_BOLD);
	draw_text(LINES - 4, LABEL_COL, _("Entrée : créer le compte.  Échap : revenir corriger."),
	          COLS - 6, false);
	attrset(A_NORMAL);
	for (int i = 0; i < C_COUNT; i++)
		free(c[i]);
	free(who);
	free(reach);
	free(commune);
	free(login);
	free(siret);
	free(name);
}

static void draw_done(struct tui *t, struct signup_state *s)
{
	char *how = xasprintf(_("Pour vous connecter : ssh -p %d %s@%s"), t->ssh_port, s->login,
	                      t->ssh_host != NULL ? t->ssh_host : _("serveur"));
	int y;

	attrset(A_BOLD);
	draw_text(2, 2, _("Inscription enregistrée"), COLS - 4, false);
	attrset(A_NORMAL);
	y = draw_wrapped(4, LABEL_COL, _("Votre organisation est inscrite et votre compte est "
	                 "créé. L'organisation est « en attente de validation » : l'équipe "
	                 "du programme vérifie l'inscription (SIRET, éligibilité, personne à "
	                 "contacter) et la valide, en général sous quelques jours ouvrés ; "
	                 "elle vous écrit à l'adresse indiquée en cas de question."), 6);
	y = draw_wrapped(y + 1, LABEL_COL, _("En attendant, vous pouvez déjà vous connecter, "
	                 "préparer votre intention de commande et l'enregistrer en brouillon ; "
	                 "vous pourrez la déposer une fois l'organisation validée."), 4);
	attrset(A_BOLD);
	draw_user(y + 1, LABEL_COL, how, COLS - 6, false);
	attrset(A_NORMAL);
	draw_wrapped(y + 3, LABEL_COL, _("Utilisez le mot de passe choisi (ou votre clé SSH). "
	             "Vos collègues pourront avoir leur propre compte : demandez-le à l'équipe "
	             "du programme."), 3);
	free(how);
}

static void screen_signup_draw(struct tui *t, void *st)
{
	struct signup_state *s = st;

	draw_title(t, "Inscription d'une organisation");
	switch (s->step) {
	case ST_KIND: draw_kind(t, s); break;
	case ST_REFUSED: draw_refused(t, s); break;
	case ST_SIRET: draw_siret(t, s); break;
	case ST_COMMUNE: draw_commune(t, s); break;
	case ST_NAME: draw_name(t, s); break;
	case ST_FS: draw_fs(t, s); break;
	case ST_ELIG: draw_eligibility(t, s); break;
	case ST_CONTACT: draw_contact(t, s); break;
	case ST_ACCOUNT: draw_account(t, s); break;
	case ST_SUMMARY: draw_summary(t, s); break;
	case ST_DONE: draw_done(t, s); break;
	}
}

/* ---- checks and moves ---- */

static int redraw(void)
{
	return SCR_HANDLED | SCR_REDRAW;
}

static int error_why(struct tui *t, char *why, const char *fallback)
{
	tui_msg(t, MSG_ERROR, "%s", why != NULL ? why : fallback);
	free(why);
	return redraw();
}

static void go(struct tui *t, struct signup_state *s, enum step to)
{
	s->step = to;
	s->focus = 0;
	tui_msg_clear(t);
}

/* The spaces ticked, into out[ORG_FS_MAX]; returns their count. */
static size_t fs_picks(const struct signup_state *s, struct org_fs *out)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nnear && n < ORG_FS_MAX; i++)
		if (s->picked[i])
			out[n++] = s->near[i].ref;
	return n;
}

/* Eligibility for what is known now (kind, SIRET, commune, the spaces picked). */
static int compute_elig(struct tui *t, struct signup_state *s)
{
	char *siret = field_utf8(&s->siret), *name = field_utf8(&s->name), *why = NULL;
	char siren[10] = "";
	struct org_fs fs[ORG_FS_MAX];
	size_t nfs = fs_picks(s, fs);
	int rc;

	if (strlen(siret) == 14)
		memcpy(siren, siret, 9);
	rc = signup_eligibility_picked(&t->uc, s->kind, siren, s->commune.insee, fs, nfs, &s->elig,
	                               &why);
	s->have_elig = rc == RC_OK;
	if (rc != RC_OK)
		tui_msg(t, MSG_ERROR, "%s", why != NULL ? why : _("éligibilité indisponible."));
	free(why);
	free(siret);
	free(name);
	return rc;
}

static void search(struct tui *t, struct signup_state *s)
{
	char *q = field_utf8(&s->search), *why = NULL;

	s->nfound = 0;
	s->found_sel = s->found_top = 0;
	if (utf8_len(q) >= 2) {
		if (signup_find_communes(&t->uc, q, s->found, SIGNUP_COMMUNES_MAX, &s->nfound, &why) !=
		    RC_OK)
			tui_msg(t, MSG_ERROR, "%s", why != NULL ? why : _("recherche impossible."));
		else if (s->nfound == 0)
			tui_msg(t, MSG_INFO, _("Aucune commune ne correspond."));
		else
			tui_msg(t, MSG_INFO, _("%zu commune%s : ↓ pour choisir dans la liste."), s->nfound,
			        s->nfound > 1 ? "s" : "");
	} else {
		tui_msg_clear(t);
	}
	free(why);
	free(q);
}

static int pick_commune(struct tui *t, struct signup_state *s, size_t i)
{
	s->commune = s->found[i];
	s->have_commune = true;
	s->in_list = false;
	if (s->name.len == 0 && s->kind == ORG_COMMUNE) {
		char *name = xasprintf(_("Mairie de %s"), s->commune.name);

		field_set_utf8(&s->name, name);
		free(name);
	}
	s->name.cur = s->name.len;
	go(t, s, ST_NAME);
	return redraw();
}

/* Checks one contact field as it is left. */
static int check_contact(struct signup_state *s, size_t i, char **why)
{
	static const char *const labels[C_COUNT] = {
		"Nom du contact", "Fonction du contact", NULL, NULL,
	};
	char *v = field_utf8(&s->contact[i]);
	int rc;

	if (i == C_EMAIL)
		rc = signup_email_check(v, why);
	else if (i == C_PHONE)
		rc = signup_phone_check(v, why);
	else
		rc = text_check(labels[i], v, 2, PERSON_MAX, false, why);
	free(v);
	return rc;
}

/* Checks one account field as it is left (the confirmation when the page ends). */
static int check_account(struct signup_state *s, size_t i, char **why)
{
	char *v = field_utf8(&s->acct[i]);
	int rc = RC_OK;

	switch (i) {
	case A_LOGIN:
		rc = account_login_check(v, why);
		break;
	case A_PASS:
		rc = password_policy_check(v, why);
		break;
	case A_CONFIRM: {
		char *p = field_utf8(&s->acct[A_PASS]);

		if (strcmp(p, v) != 0)
			rc = fail(why, RC_INVALID, "Les deux mots de passe ne sont pas identiques.");
		free_secret(p);
		break;
	}
	case A_KEY:
		if (v[0] != '\0')
			rc = sshkey_line_check(v, NULL, why);
		break;
	}
	free_secret(v);
	return rc;
}

/* Moves the focus in a page of n fields after checking the one left. */
static int page_move(struct tui *t, struct signup_state *s, size_t n, int dir,
                     int (*check)(struct signup_state *, size_t, char **), struct field *fields)
{
	char *why = NULL;

	if (dir > 0 && check(s, s->focus, &why) != RC_OK)
		return error_why(t, why, _("valeur invalide."));
	tui_msg_clear(t);
	s->focus = (s->focus + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	fields[s->focus].cur = fields[s->focus].len;
	return redraw();
}

static int create(struct tui *t, struct signup_state *s)
{
	struct signup_form f;
	struct signup_result r;
	char *siret = field_utf8(&s->siret), *name = field_utf8(&s->name);
	char *login = field_utf8(&s->acct[A_LOGIN]), *pw = field_utf8(&s->acct[A_PASS]);
	char *conf = field_utf8(&s->acct[A_CONFIRM]), *key = field_utf8(&s->acct[A_KEY]);
	char *c[C_COUNT], *why = NULL;
	struct org_fs fs[ORG_FS_MAX];
	int rc;

	memset(&f, 0, sizeof f);
	f.nfs = fs_picks(s, fs);
	f.fs = f.nfs > 0 ? fs : NULL;
	f.session = &s->sess;
	for (int i = 0; i < C_COUNT; i++)
		c[i] = field_utf8(&s->contact[i]);
	f.kind = s->kind;
	f.siret = siret;
	f.insee = s->commune.insee;
	f.name = name;
	strlcpy_(f.contact.name, c[C_NAME], sizeof f.contact.name);
	strlcpy_(f.contact.function, c[C_FUNCTION], sizeof f.contact.function);
	strlcpy_(f.contact.email, c[C_EMAIL], sizeof f.contact.email);
	strlcpy_(f.contact.phone, c[C_PHONE], sizeof f.contact.phone);
	f.login = login;
	f.password = pw;
	f.confirm = conf;
	f.key_line = key[0] != '\0' ? key : NULL;
	f.reserved_login = t->me.acct.login;
	rc = signup_create(&t->uc, &f, &r, &why);
	if (rc == RC_OK) {
		strlcpy_(s->login, login, sizeof s->login);
		s->elig = r.elig;
		for (int i = 0; i < A_COUNT; i++)
			field_clear(&s->acct[i]);
		go(t, s, ST_DONE);
		t->cur_y = -1;
	} else {
		/* Send the person where the problem is; keep everything typed. */
		if (rc == RC_EXISTS && r.login_taken)
			go(t, s, ST_ACCOUNT);
		tui_msg(t, MSG_ERROR, "%s", why != NULL ? why : _("l'inscription a échoué."));
	}
	for (int i = 0; i < C_COUNT; i++)
		free(c[i]);
	free(why);
	free(siret);
	free(name);
	free(login);
	free_secret(pw);
	free_secret(conf);
	free(key);
	return redraw();
}

/* Hands a key to a field; FIELD_FULL moves on with `full`. */
static int field_keys(struct tui *t, struct field *f, struct tui_key k, bool *changed)
{
	switch (field_key(f, k.code, k.fn)) {
	case FIELD_IGNORED:
		return SCR_IGNORED;
	case FIELD_REFUSED:
		beep();
		return SCR_HANDLED;
	case FIELD_FULL:
	case FIELD_CHANGED:
		*changed = true;
		return redraw();
	case FIELD_MOVED:
		return redraw();
	}
	return SCR_IGNORED;
}

static bool key_next(struct tui_key k)
{
	return (k.fn && k.code == KEY_DOWN) || (!k.fn && k.code == '\t');
}

static bool key_prev(struct tui_key k)
{
	return k.fn && (k.code == KEY_UP || k.code == KEY_BTAB);
}

static int key_kind(struct tui *t, struct signup_state *s, struct tui_key k)
{
	size_t n;
	const enum org_kind *kinds = signup_kinds(&n);
	char *why = NULL;

	if (key_next(k) || key_prev(k)) {
		s->kind_sel = (s->kind_sel + (key_next(k) ? 1 : n - 1)) % n;
		return redraw();
	}
	if (!tui_key_enter(k))
		return SCR_IGNORED;
	s->kind = kinds[s->kind_sel];
	if (signup_kind_check(s->kind, &why) != RC_OK) {
		free(s->refusal);
		s->refusal = why;
		go(t, s, ST_REFUSED);
		return redraw();
	}
	go(t, s, ST_SIRET);
	return redraw();
}

static int key_siret(struct tui *t, struct signup_state *s, struct tui_key k)
{
	bool changed = false;
	char *v, *why = NULL;
	int flags;

	if (!tui_key_enter(k)) {
		flags = field_keys(t, &s->siret, k, &changed);
		if (!changed || s->siret.len < 14)
			return flags;
	}
	v = field_utf8(&s->siret);
	/* Checked, counted against the limits, refused when already registered. */
	if (signup_siret_try(&t->uc, &s->sess, s->kind, v, &why) != RC_OK) {
		free(v);
		return error_why(t, why, _("SIRET invalide."));
	}
	free(v);
	go(t, s, ST_COMMUNE);
	s->search.cur = s->search.len;
	if (!tui_key_enter(k)) {
		/* Moved on by itself: say so, and let an Entrée typed out of habit pass. */
		s->auto_advanced = true;
		tui_msg(t, MSG_INFO, _("SIRET complet : étape suivante, sans Entrée. Tapez la "
		                       "commune du siège."));
	}
	return redraw();
}

static int key_commune(struct tui *t, struct signup_state *s, struct tui_key k)
{
	bool changed = false;
	int flags;

	if (s->in_list) {
		if (k.fn && k.code == KEY_DOWN) {
			if (s->found_sel + 1 < s->nfound)
				s->found_sel++;
			return redraw();
		}
		if (k.fn && k.code == KEY_UP) {
			if (s->found_sel == 0)
				s->in_list = false;
			else
				s->found_sel--;
			return redraw();
		}
		if (k.fn && (k.code == KEY_NPAGE || k.code == KEY_PPAGE)) {
			size_t step = 10;

			if (k.code == KEY_NPAGE)
				s->found_sel = s->found_sel + step < s->nfound ? s->found_sel + step
				                                              : s->nfound - 1;
			else
				s->found_sel = s->found_sel > step ? s->found_sel - step : 0;
			return redraw();
		}
		if (tui_key_enter(k))
			return pick_commune(t, s, s->found_sel);
		if (!k.fn && k.code == '\t') {
			s->in_list = false;
			return redraw();
		}
		/* Typing again goes back to the search. */
		s->in_list = false;
	}
	if ((k.fn && k.code == KEY_DOWN) || (!k.fn && k.code == '\t')) {
		if (s->nfound > 0) {
			s->in_list = true;
			s->found_sel = 0;
		}
		return redraw();
	}
	if (tui_key_enter(k)) {
		if (s->nfound == 1)
			return pick_commune(t, s, 0);
		if (s->nfound > 1) {
			s->in_list = true;
			s->found_sel = 0;
			return redraw();
		}
		if (s->have_commune && s->search.len == 0) {
			go(t, s, ST_NAME);
			return redraw();
		}
		tui_msg(t, MSG_ERROR, _("tapez au moins 2 lettres du nom de la commune ou son code "
		        "postal, puis choisissez-la dans la liste."));
		return redraw();
	}
	flags = field_keys(t, &s->search, k, &changed);
	if (changed)
		search(t, s);
	return flags;
}

/* France Services: the register's spaces around the seat commune, to pick from. */
static int enter_fs(struct tui *t, struct signup_state *s)
{
	char *why = NULL;

	s->nnear = 0;
	s->near_sel = s->near_top = 0;
	memset(s->picked, 0, sizeof s->picked);
	if (uc_fs_near(&t->uc, s->commune.insee, 0, s->near, FS_NEAR_MAX, &s->nnear, &why) !=
	    RC_OK) {
		/* No register to pick from: eligibility stays « à vérifier », said on its step. */
		s->nnear = 0;
		if (compute_elig(t, s) == RC_OK)
			go(t, s, ST_ELIG);
		tui_msg(t, MSG_ERROR, "%s", why != NULL ? why : _("registre France Services "
		        "indisponible."));
		free(why);
		return redraw();
	}
	go(t, s, ST_FS);
	return redraw();
}

static int key_orgname(struct tui *t, struct signup_state *s, struct tui_key k)
{
	bool changed = false;
	char *v, *why = NULL;
	int rc;

	if (!tui_key_enter(k))
		return field_keys(t, &s->name, k, &changed);
	v = field_utf8(&s->name);
	rc = signup_name_check(v, &why);
	free(v);
	if (rc != RC_OK)
		return error_why(t, why, _("nom invalide."));
	if (s->kind == ORG_FRANCE_SERVICES)
		return enter_fs(t, s);
	if (compute_elig(t, s) != RC_OK)
		return redraw();
	go(t, s, ST_ELIG);
	return redraw();
}

static int key_fs(struct tui *t, struct signup_state *s, struct tui_key k)
{
	if (key_next(k) || key_prev(k)) {
		if (s->nnear > 0)
			s->near_sel = (s->near_sel + (key_next(k) ? 1 : s->nnear - 1)) % s->nnear;
		return redraw();
	}
	if (!k.fn && k.code == ' ' && s->nnear > 0) {
		bool *p = &s->picked[s->near_sel];
		struct org_fs fs[ORG_FS_MAX];

		if (!*p && fs_picks(s, fs) >= ORG_FS_MAX) {
			tui_msg(t, MSG_ERROR, _("%d espaces au plus."), ORG_FS_MAX);
			return redraw();
		}
		*p = !*p;
		tui_msg_clear(t);
		return redraw();
	}
	if (!tui_key_enter(k))
		return SCR_IGNORED;
	if (compute_elig(t, s) != RC_OK)
		return redraw();
	go(t, s, ST_ELIG);
	return redraw();
}

static int key_elig(struct tui *t, struct signup_state *s, struct tui_key k)
{
	if (!tui_key_enter(k))
		return SCR_IGNORED;
	if (s->elig.decision == ELIG_REFUSED) {
		tui_msg(t, MSG_ERROR, _("organisation non éligible : elle ne peut pas être inscrite."));
		return redraw();
	}
	go(t, s, ST_CONTACT);
	s->contact[0].cur = s->contact[0].len;
	return redraw();
}

static int key_page(struct tui *t, struct signup_state *s, struct tui_key k, struct field *fields,
                    size_t n, int (*check)(struct signup_state *, size_t, char **),
                    enum step next)
{
	bool changed = false;
	char *why = NULL;

	if (key_next(k))
		return page_move(t, s, n, 1, check, fields);
	if (key_prev(k))
		return page_move(t, s, n, -1, check, fields);
	if (!tui_key_enter(k))
		return field_keys(t, &fields[s->focus], k, &changed);
	if (check(s, s->focus, &why) != RC_OK)
		return error_why(t, why, _("valeur invalide."));
	if (s->focus + 1 < n) {
		s->focus++;
		fields[s->focus].cur = fields[s->focus].len;
		tui_msg_clear(t);
		return redraw();
	}
	/* The last field: check them all, then go on. */
	for (size_t i = 0; i < n; i++) {
		if (check(s, i, &why) != RC_OK) {
			s->focus = i;
			return error_why(t, why, _("valeur invalide."));
		}
	}
	go(t, s, next);
	return redraw();
}

static int screen_signup_key(struct tui *t, void *st, struct tui_key k)
{
	static const enum step back[] = {
		[ST_KIND] = ST_KIND, [ST_SIRET] = ST_KIND, [ST_COMMUNE] = ST_SIRET,
		[ST_NAME] = ST_COMMUNE, [ST_FS] = ST_NAME, [ST_ELIG] = ST_NAME, [ST_CONTACT] = ST_ELIG,
		[ST_ACCOUNT] = ST_CONTACT, [ST_SUMMARY] = ST_ACCOUNT, [ST_REFUSED] = ST_KIND,
		[ST_DONE] = ST_DONE,
	};
	struct signup_state *s = st;
	bool after_advance = s->auto_advanced;

	s->auto_advanced = false;
	/* An Entrée right after the SIRET moved on by itself, on an empty field: ignored. */
	if (after_advance && s->step == ST_COMMUNE && tui_key_enter(k) && s->search.len == 0) {
		s->auto_advanced = true;
		return SCR_HANDLED;
	}
	if (s->quit_asked) {
		s->quit_asked = false;
		if (!k.fn && (k.code == 'o' || k.code == 'O'))
			return SCR_HANDLED | SCR_QUIT;
		tui_msg(t, MSG_INFO, _("Inscription poursuivie : rien n'est perdu."));
		return redraw();
	}
	if (s->step == ST_DONE)
		return tui_key_enter(k) ? SCR_HANDLED | SCR_QUIT : SCR_IGNORED;
	if (tui_key_back(k)) {
		if (s->step == ST_KIND)
			return SCR_HANDLED;
		go(t, s, s->step == ST_ELIG && s->kind == ORG_FRANCE_SERVICES && s->nnear > 0
		             ? ST_FS : back[s->step]);
		if (s->step == ST_COMMUNE)
			s->in_list = false;
		return redraw();
	}
	switch (s->step) {
	case ST_KIND: return key_kind(t, s, k);
	case ST_REFUSED: return SCR_IGNORED;
	case ST_SIRET: return key_siret(t, s, k);
	case ST_COMMUNE: return key_commune(t, s, k);
	case ST_NAME: return key_orgname(t, s, k);
	case ST_FS: return key_fs(t, s, k);
	case ST_ELIG: return key_elig(t, s, k);
	case ST_CONTACT:
		return key_page(t, s, k, s->contact, C_COUNT, check_contact, ST_ACCOUNT);
	case ST_ACCOUNT:
		return key_page(t, s, k, s->acct, A_COUNT, check_account, ST_SUMMARY);
	case ST_SUMMARY:
		return tui_key_enter(k) ? create(t, s) : SCR_IGNORED;
	case ST_DONE: break;
	}
	return SCR_IGNORED;
}

/* The keys of each step, for the help line and the F1 panel. */
static const struct tui_keydef kind_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Entrée"), .label = N_("Valider") },
};
static const struct tui_keydef enter_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Valider") },
};
static const struct tui_keydef commune_defs[] = {
	{ .keys = N_("↓"), .label = N_("Liste") },
	{ .keys = N_("Entrée"), .label = N_("Choisir") },
};
static const struct tui_keydef fs_defs[] = {
	{ .keys = N_("↑↓"), .label = N_("Choisir") },
	{ .keys = N_("Espace"), .label = N_("Cocher") },
	{ .keys = N_("Entrée"), .label = N_("Continuer") },
};
static const struct tui_keydef elig_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Continuer") },
};
static const struct tui_keydef page_defs[] = {
	{ .keys = N_("Tab/↑↓"), .label = N_("Champ") },
	{ .keys = N_("Entrée"), .label = N_("Valider") },
};
static const struct tui_keydef summary_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Créer") },
};
static const struct tui_keydef done_defs[] = {
	{ .keys = N_("Entrée"), .label = N_("Quitter"), .action = TK_QUIT },
};
static const struct tui_keymap step_keys[] = {
	[ST_KIND] = TUI_KEYMAP(kind_defs), [ST_SIRET] = TUI_KEYMAP(enter_defs),
	[ST_COMMUNE] = TUI_KEYMAP(commune_defs), [ST_NAME] = TUI_KEYMAP(enter_defs),
	[ST_FS] = TUI_KEYMAP(fs_defs),
	[ST_ELIG] = TUI_KEYMAP(elig_defs), [ST_CONTACT] = TUI_KEYMAP(page_defs),
	[ST_ACCOUNT] = TUI_KEYMAP(page_defs), [ST_SUMMARY] = TUI_KEYMAP(summary_defs),
	[ST_REFUSED] = { NULL, 0 }, [ST_DONE] = TUI_KEYMAP(done_defs),
};

static const struct tui_keymap *screen_signup_keymap(struct tui *t, void *st)
{
	return &step_keys[((struct signup_state *)st)->step];
}

/* True when the person typed something that quitting would lose. */
static bool signup_typed(const struct signup_state *s)
{
	return s->step != ST_KIND && s->step != ST_DONE && s->step != ST_REFUSED;
}

static int screen_signup_act(struct tui *t, void *st, int action)
{
	struct signup_state *s = st;

	if (s->quit_asked)
		return screen_signup_key(t, st, (struct tui_key){ .code = 'n' });
	switch (action) {
	case TK_BACK:
		return screen_signup_key(t, st, (struct tui_key){ .code = 27 });
	case TK_QUIT:
		if (!signup_typed(s))
			return SCR_HANDLED | SCR_QUIT;
		/* F10 in the middle of the wizard: ask before losing what was typed. */
		s->quit_asked = true;
		tui_msg(t, MSG_INFO, _("Quitter sans créer l'inscription ? Ce qui a été saisi sera "
		                       "perdu. o : oui, autre touche : non"));
		return redraw();
	default:
		return SCR_IGNORED;
	}
}

const struct screen screen_signup = {
	.name = "signup",
	.state_size = sizeof(struct signup_state),
	.keymap = screen_signup_keymap,
	.act = screen_signup_act,
	.help = N_("Inscription d'une organisation au programme.\n\n"
		"Huit étapes : type d'organisation, SIRET, commune du siège, nom, "
		"éligibilité, personne à contacter, premier compte, récapitulatif. "
		"L'éligibilité est établie d'après les listes officielles importées "
		"(ZRR, FRR, QPV, France Services).\n\n"
		"Tab, ↓ : champ suivant ; Maj-Tab, ↑ : champ précédent ; Entrée : valider. "
		"Chaque champ est vérifié quand vous le quittez ; la raison d'un refus "
		"s'affiche en bas de l'écran.\n"
		"Commune : tapez le début du nom ou le code postal, ↓ pour descendre dans "
		"la liste, Entrée pour choisir.\n\n"
		"Échap, F3 ou ^B : étape précédente (rien de ce que vous avez tapé n'est "
		"perdu). F10 ou ^X : quitter sans rien créer."),
	.enter = screen_signup_enter,
	.draw = screen_signup_draw,
	.key = screen_signup_key,
	.leave = screen_signup_leave,
};
