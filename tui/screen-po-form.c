/*
 * screen-po-form.c — the pre-order form: a brouillon on three pages (lots,
 * staff and contact; partner structures; motivation), or the quantities of
 * a filed pre-order (« Modifier les quantités »). Every change to a field
 * is written to the person's draft at once, so a dropped link loses
 * nothing; F5 opens the confirmation (screen_po_confirm), whose answer
 * comes back here; F4 shows a lot's minimum configuration. A refusal for a
 * stale version merges (core/preorder-merge.h): the fields the person
 * changed keep their value, the others take the colleague's, a panel says
 * who changed what and when, and the fields both changed are chosen in
 * screen_po_merge before the form may be validated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-settings.h"
#include "tui/po-form.h"
#include "tui/preorder.h"
#include "tui/screen.h"

#define PARTNER_ROWS 12
#define MOTIV_TOP 5
#define MOTIV_ROWS 14

static const char *const page_titles[PO_PAGES] = {
	N_("Lots, équipe, contact"), N_("Structures partenaires"), N_("Motivation"),
};

enum { PF_SAVE = 1, PF_CONFIG, PF_SUBMIT, PF_PAGE, PF_ADD, PF_REMOVE };

#define KD_SAVE { .fkey = 2, .ctrl = 'w', .label = N_("Enreg."), .action = PF_SAVE }
#define KD_CONFIG { .fkey = 4, .ctrl = 'o', .label = N_("Config."), .action = PF_CONFIG }
#define KD_PAGE { .fkey = 6, .ctrl = 'f', .label = N_("Page"), .action = PF_PAGE }

static const struct tui_keydef page0_defs[] = {
	KD_SAVE, KD_CONFIG,
	{ .fkey = 5, .ctrl = 'd', .label = N_("Déposer"), .action = PF_SUBMIT },
	KD_PAGE,
};
static const struct tui_keydef page1_defs[] = {
	/* Saved and filed from any page; the line has no room for them here. */
	{ .fkey = 2, .ctrl = 'w', .label = N_("Enreg."), .action = PF_SAVE, .panel_only = true },
	{ .fkey = 5, .ctrl = 'd', .label = N_("Déposer"), .action = PF_SUBMIT, .panel_only = true },
	KD_PAGE,
	{ .fkey = 7, .ctrl = 't', .label = N_("Ajouter"), .action = PF_ADD },
	{ .fkey = 8, .ctrl = 'y', .label = N_("Retirer"), .action = PF_REMOVE },
};
static const struct tui_keydef page2_defs[] = {
	KD_SAVE,
	{ .fkey = 5, .ctrl = 'd', .label = N_("Déposer"), .action = PF_SUBMIT },
	KD_PAGE,
};
static const struct tui_keydef amend_defs[] = {
	{ .keys = N_("Tab"), .label = N_("Champ") },
	KD_CONFIG,
	{ .fkey = 5, .ctrl = 'd', .label = N_("Valider"), .action = PF_SUBMIT },
};
static const struct tui_keymap page_keys[PO_PAGES] = {
	TUI_KEYMAP(page0_defs), TUI_KEYMAP(page1_defs), TUI_KEYMAP(page2_defs),
};
static const struct tui_keymap amend_keys = TUI_KEYMAP(amend_defs);

struct pf_state {
	struct po_form f;
	size_t ptop;                     /* first partner row shown */
	char *stale;                     /* the last stale refusal's text, owned */
	struct preorder *base;           /* what the typing started from; NULL: not known */
	struct pm_result *merge;         /* a merge whose conflicts are not chosen yet, or NULL */
	struct preorder *theirs;         /* the colleague's version of that merge */
};

/* What the person's typing starts from now: the stored version f->po. */
static void pf_set_base(struct pf_state *s)
{
	if (s->base == NULL)
		s->base = xmalloc(sizeof *s->base);
	*s->base = s->f.po;
	s->f.base_version = s->f.po.version;
}

static void pf_merge_drop(struct pf_state *s)
{
	free(s->merge);
	free(s->theirs);
	s->merge = NULL;
	s->theirs = NULL;
}

/* ---- loading ---- */

static void pf_reload(struct tui *t, struct po_form *f)
{
	char *why = NULL;

	if (f->po.id != 0 && uc_preorder_get(&t->uc, f->po.id, &f->po, &why) != RC_OK)
		tui_msg_why(t, why, _("lecture impossible."));
	free(why);
}

/* The brouillon to edit: the current one, or a new one made now. */
static int pf_load_brouillon(struct tui *t, struct po_form *f, char **why)
{
	uint64_t id = 0;
	int rc = uc_preorder_current(&t->uc, false, &f->po, why);

	if (rc == RC_NOTFOUND || (rc == RC_OK && f->po.state == PO_NON_RETENUE)) {
		/* A new file: the brouillon is made now, with the organisation's contact. */
		free(*why);
		*why = NULL;
		if ((rc = uc_preorder_create(&t->uc, &id, why)) != RC_OK)
			return rc;
		rc = uc_preorder_get(&t->uc, id, &f->po, why);
	}
	if (rc == RC_OK && f->po.state != PO_BROUILLON) {
		*why = xstrdup(_("Cette intention de commande est déjà déposée."));
		rc = RC_INVALID;
	}
	return rc;
}

static int screen_pf_enter(struct tui *t, void *st, const void *arg)
{
	const struct po_form_arg *a = arg;
	struct pf_state *s = st;
	struct po_form *f = &s->f;
	struct draft d;
	char *why = NULL;
	int rc;

	po_form_init(f);
	f->amend = a != NULL && a->amend;
	editor_layout(&f->motiv, COLS - 4, MOTIV_ROWS);
	if ((rc = uc_settings_get(&t->uc, &f->set, &why)) != RC_OK)
		goto out;
	if (f->amend)
		rc = uc_preorder_get(&t->uc, a->id, &f->po, &why);
	else
		rc = pf_load_brouillon(t, f, &why);
	if (rc != RC_OK)
		goto out;
	pf_set_base(s);
	po_fill_from(f, &f->po);
	if (po_draft_get(t, &d) == RC_OK) {
		const char *did = draft_value(&d, "_id");
		bool same = did != NULL && strtoull(did, NULL, 10) == f->po.id;
		bool amend = po_draft_is_amend(&d, f->po.id);

		/* The person's typing resumes only on the file and in the mode it was for. */
		if (same && amend == f->amend) {
			const char *v = draft_value(&d, "_version");

			f->draft_exists = true;
			f->base_version = strtoull(v != NULL ? v : "0", NULL, 10);
			/* Typed on an older version: what it started from is no longer known. */
			if (f->base_version != f->po.version) {
				free(s->base);
				s->base = NULL;
			}
			po_fill_from_draft(f, &d);
			tui_msg(t, MSG_INFO, _("Brouillon repris là où vous étiez (enregistré à "
			                       "chaque frappe)."));
		}
		draft_clear(&d);
	}
out:
	if (rc != RC_OK)
		tui_msg_why(t, why, _("intention de commande indisponible."));
	free(why);
	return rc;
}

static void screen_pf_leave(struct tui *t, void *st)
{
	struct pf_state *s = st;

	po_form_free(&s->f);
	free(s->stale);
	free(s->base);
	pf_merge_drop(s);
}

/* ---- drawing ---- */

static void pf_marker(int y, bool focused)
{
	draw_text(y, 0, focused ? "▸" : " ", 1, false);
}

static void pf_draw_page0(struct tui *t, struct po_form *f)
{
	po_draw_lots(t, f, 3, true);
	if (f->amend)
		return;
	draw_text(12, 2, _("Personnes que le matériel servira :"), COLS - 4, false);
	for (int i = 0; i < PO_NSTAFF; i++) {
		size_t stop = LOT_COUNT + (size_t)i;

		pf_marker(13 + i, f->focus == stop);
		draw_text(13 + i, 2, _(po_staff_labels[i]), 42, false);
		field_draw(&f->staff[i], stdscr, 13 + i, 46, PO_QTY_DIGITS + 1, f->focus == stop,
		           &t->cur_y, &t->cur_x);
	}
	draw_text(17, 2, _("Personne à contacter (* : obligatoire pour déposer) :"), COLS - 4, false);
	for (int i = 0; i < PO_NCONTACT; i++) {
		size_t stop = LOT_COUNT + PO_NSTAFF + (size_t)i;

		pf_marker(18 + i, f->focus == stop);
		int w = draw_text(18 + i, 2, _(po_contact_labels[i]), 12, false);

		/* Name and e-mail are asked for at submission (preorder_check_complete). */
		if (i == 0 || i == 2)
			draw_text(18 + i, 2 + w, " *", 2, false);
		field_draw_aligned(&f->contact[i], stdscr, 18 + i, 16, 50, f->focus == stop,
		                   &t->cur_y, &t->cur_x);
	}
}

static void pf_draw_page1(struct tui *t, struct pf_state *s)
{
	struct po_form *f = &s->f;
	struct stop cur = po_stop(f, f->focus);
	size_t first = LOT_COUNT + PO_NSTAFF + PO_NCONTACT;
	char *txt = xasprintf(_("Structures auxquelles le matériel sera prêté (%zu sur %d au "
	                        "plus) :"), f->np, PARTNERS_MAX);
	int y = 4;

	draw_text(3, 2, txt, COLS - 4, false);
	free(txt);
	if (cur.kind == SK_PNAME || cur.kind == SK_PKIND) {
		if (cur.idx < s->ptop)
			s->ptop = cur.idx;
		if (cur.idx >= s->ptop + PARTNER_ROWS)
			s->ptop = cur.idx - PARTNER_ROWS + 1;
	}
	for (size_t i = s->ptop; i < f->np && i < s->ptop + PARTNER_ROWS; i++, y++) {
		size_t sn = first + 2 * i, sk = sn + 1;
		char num[24], *kind;

		snprintf(num, sizeof num, "%2zu.", i + 1);
		pf_marker(y, f->focus == sn || f->focus == sk);
		draw_text(y, 2, num, 4, false);
		field_draw(&f->pname[i], stdscr, y, 6, 50, f->focus == sn, &t->cur_y, &t->cur_x);
		kind = xasprintf("◂ %s ▸", partner_kind_label(f->pkind[i]));
		if (f->focus == sk) {
			attrset(A_REVERSE);
			t->cur_y = y;
			t->cur_x = 58;
		}
		draw_text(y, 58, kind, COLS - 59, false);
		attrset(A_NORMAL);
		free(kind);
	}
	y++;
	{
		size_t sa = first + 2 * f->np;

		pf_marker(y, f->focus == sa);
		if (f->focus == sa)
			attrset(A_REVERSE);
		draw_text(y, 2, _("[ Ajouter une structure partenaire ]"), 40, false);
		attrset(A_NORMAL);
		if (f->focus == sa) {
			t->cur_y = y;
			t->cur_x = 4;
		}
	}
	draw_text(19, 2, _("Le matériel reste à la collectivité, qui peut le prêter à ces "
	                   "structures."), COLS - 4, false);
}

/* The motivation's counter: it changes only when the count does. */
static void pf_draw_counter(struct po_form *f)
{
	size_t n = f->motiv.len;
	char *txt;

	if (n < MOTIVATION_MIN)
		txt = xasprintf(_("%zu / %d caractères — encore %zu au minimum"), n, MOTIVATION_MAX,
		                (size_t)MOTIVATION_MIN - n);
	else
		txt = xasprintf(_("%zu / %d caractères"), n, MOTIVATION_MAX);
	draw_text(MOTIV_TOP + MOTIV_ROWS + 1, 2, txt, COLS - 4, true);
	free(txt);
}

static void pf_draw_page2(struct tui *t, struct po_form *f)
{
	bool foc = po_stop(f, f->focus).kind == SK_MOTIV;

	draw_text(3, 2, _("Motivation (obligatoire) : qui le matériel servira, pour quels publics."),
	          COLS - 4, false);
	pf_marker(MOTIV_TOP, foc);
	editor_draw(&f->motiv, MOTIV_TOP, 2, COLS - 4, MOTIV_ROWS, foc, &t->cur_y, &t->cur_x);
	pf_draw_counter(f);
}

static void screen_pf_draw(struct tui *t, void *st)
{
	struct pf_state *s = st;
	struct po_form *f = &s->f;
	int page = po_stop(f, f->focus).page;
	char *title;

	/* At most 70 columns: with « recond — » before it, it fits 80. */
	if (f->amend)
		title = xasprintf(_("Intention de commande — modification — page 1/1 : quantités"));
	else
		title = xasprintf(_("Intention de commande — brouillon — page %d/%d : %s"), page + 1,
		                  PO_PAGES, _(page_titles[page]));
	draw_title(t, title);
	free(title);
	if (page == 0)
		pf_draw_page0(t, f);
	else if (page == 1)
		pf_draw_page1(t, s);
	else
		pf_draw_page2(t, f);
}

static const struct tui_keymap *screen_pf_keymap(struct tui *t, void *st)
{
	struct pf_state *s = st;

	if (s->f.amend)
		return &amend_keys;
	return &page_keys[po_stop(&s->f, s->f.focus).page];
}

/* ---- actions ---- */

/*
 * What a stale refusal's merge did, for the panel: who changed the file and
 * when, each field they changed (before → after), what the person keeps and
 * what both changed. Fresh string; caller frees.
 */
static char *pf_merge_text(const struct pf_state *s, const struct pm_result *r, const char *who,
                           int64_t at)
{
	const char *name = who[0] != '\0' ? who : _("Un collègue");
	char when[32], line[4 * PM_SHOWN_MAX], *txt, *t2;

	if (at != 0)
		txt = xasprintf(_("%s a modifié ce dossier le %s, pendant votre saisie. Le "
		                  "formulaire montre maintenant sa version, avec vos changements."),
		                name, instant_format(at, when, sizeof when));
	else
		txt = xasprintf(_("%s a modifié ce dossier pendant votre saisie. Le formulaire "
		                  "montre maintenant sa version, avec vos changements."), name);
	if (r->nchanges > 0) {
		t2 = xasprintf("%s\n\n%s", txt, _("Changé par votre collègue, repris dans le "
		                                  "formulaire :"));
		free(txt);
		txt = t2;
		for (size_t i = 0; i < r->nchanges; i++) {
			t2 = xasprintf("%s\n  %s", txt, pm_change_line(&r->changes[i], line, sizeof line));
			free(txt);
			txt = t2;
		}
	} else if (r->nconflicts == 0) {
		t2 = xasprintf("%s\n\n%s", txt, _("Aucun des champs de ce formulaire n'a changé."));
		free(txt);
		txt = t2;
	}
	if (r->nmine > r->nconflicts) {
		t2 = xasprintf(_("%s\n\nVos changements sur les autres champs (%zu) sont gardés."), txt,
		               r->nmine - r->nconflicts);
		free(txt);
		txt = t2;
	}
	if (r->nconflicts > 0) {
		t2 = xasprintf(_("%s\n\nChangés de part et d'autre, à choisir avant de valider : %zu "
		                 "champ(s)."), txt, r->nconflicts);
		free(txt);
		txt = t2;
	}
	t2 = xasprintf(_("%s\n\nVérifiez, puis %s."), txt, s->f.amend ? _("validez") : _("enregistrez"));
	free(txt);
	return t2;
}

/* Opens the choice of the conflicts of s->merge. */
static int pf_merge_open(struct tui *t, struct pf_state *s)
{
	struct po_merge_arg a = { .r = s->merge, .changes = s->stale };

	return tui_push(t, &screen_po_merge, &a);
}

/*
 * The file changed since the person read it (`why`, core's refusal): the
 * form takes the stored version, keeps the fields the person changed
 * (`mine`, as built from the form) and says what the colleague changed; the
 * fields both changed are chosen in screen_po_merge.
 */
static int pf_stale(struct tui *t, struct pf_state *s, const struct preorder *mine,
                    const char *why)
{
	struct po_form *f = &s->f;
	struct preorder *theirs = xmalloc(sizeof *theirs);
	struct pm_result *r = xmalloc(sizeof *r);
	struct panel_arg pa = { .title = _("Dossier modifié entre-temps") };
	char who[LOGIN_MAX + 1] = "", *err = NULL;
	int64_t at = 0;
	size_t focus = f->focus;
	int flags = SCR_HANDLED | SCR_REDRAW;

	if (uc_preorder_get(&t->uc, f->po.id, theirs, &err) != RC_OK) {
		tui_msg_why(t, err, why != NULL ? why : _("dossier modifié entre-temps."));
		free(theirs);
		free(r);
		goto out;
	}
	if (uc_preorder_last_change(&t->uc, f->po.id, f->base_version, who, &at, &err) != RC_OK)
		who[0] = '\0';
	preorder_merge(s->base, mine, theirs, who, at, r);
	f->po = *theirs;
	pf_set_base(s);
	po_fill_from(f, &r->merged);
	f->focus = focus < po_nstops(f) ? focus : 0;
	po_draft_put(t, f);
	free(s->stale);
	s->stale = pf_merge_text(s, r, who, at);
	pf_merge_drop(s);
	if (r->nconflicts > 0) {
		s->merge = r;
		s->theirs = theirs;
		tui_msg(t, MSG_ERROR, _("Dossier modifié entre-temps : choisissez pour chaque conflit."));
		flags = pf_merge_open(t, s);
		goto out;
	}
	free(r);
	free(theirs);
	tui_msg(t, MSG_ERROR, _("Dossier modifié entre-temps : sa version, avec vos changements."));
	pa.text = s->stale;
	flags = tui_push(t, &screen_panel, &pa);
out:
	free(err);
	return flags;
}

/* The conflicts were chosen (choice[i]: PO_KEEP_*): the form takes them. */
static void pf_merge_apply(struct tui *t, struct pf_state *s, const int *choice)
{
	struct preorder *cur = xmalloc(sizeof *cur);

	if (s->merge == NULL || po_build(t, &s->f, cur) != RC_OK)
		goto out;
	s->merge->merged = *cur;
	for (size_t i = 0; i < s->merge->nconflicts; i++)
		(void)preorder_merge_resolve(s->merge, i,
		                             choice[i] == PO_KEEP_THEIRS ? s->theirs : cur);
	po_fill_from(&s->f, &s->merge->merged);
	if (s->f.focus >= po_nstops(&s->f))
		s->f.focus = 0;
	po_draft_put(t, &s->f);
	pf_merge_drop(s);
	tui_msg(t, MSG_INFO, _("Choix appliqués au formulaire : vérifiez, puis %s."),
	        s->f.amend ? _("validez") : _("enregistrez"));
out:
	free(cur);
}

/* A merge's conflicts not chosen yet: the choice opens again, nothing is sent. */
static bool pf_merge_pending(struct tui *t, struct pf_state *s, int *flags)
{
	if (s->merge == NULL)
		return false;
	tui_msg(t, MSG_ERROR, _("Choisissez d'abord la valeur à garder pour chaque champ changé "
	                        "des deux côtés."));
	*flags = pf_merge_open(t, s);
	return true;
}

/* Saves the brouillon's content (F2); RC_OK, or the reason on the message line. */
static int pf_save(struct tui *t, struct pf_state *s, bool quiet)
{
	struct preorder *p = xmalloc(sizeof *p);
	char *why = NULL;
	int rc;

	if ((rc = po_build(t, &s->f, p)) != RC_OK)
		goto out;
	rc = uc_preorder_edit(&t->uc, p, &why);
	if (rc == RC_STALE) {
		pf_stale(t, s, p, why);
		goto out;
	}
	if (rc != RC_OK) {
		tui_msg_why(t, why, _("enregistrement impossible."));
		goto out;
	}
	pf_reload(t, &s->f);
	pf_set_base(s);
	po_draft_put(t, &s->f);
	if (!quiet)
		tui_msg(t, MSG_INFO, _("Brouillon enregistré (version %llu)."),
		        (unsigned long long)s->f.po.version);
out:
	free(p);
	free(why);
	return rc;
}

static void pf_drop_draft(struct tui *t, struct po_form *f)
{
	char *why = NULL;

	if (uc_draft_drop(&t->uc, PREORDER_FORM, &why) != RC_OK)
		log_warn("draft not removed: %s", why ? why : "?");
	free(why);
	f->draft_exists = false;
}

/* The confirmation said yes: file the brouillon, or the new quantities. */
static int pf_submit(struct tui *t, struct pf_state *s)
{
	struct po_form *f = &s->f;
	char *why = NULL, d[32];
	int rc, flags = SCR_HANDLED | SCR_REDRAW;

	if (f->amend) {
		struct preorder *p = xmalloc(sizeof *p);

		if ((rc = po_build(t, f, p)) == RC_OK)
			rc = uc_preorder_amend(&t->uc, f->po.id, f->base_version, p->qty, &why);
		if (rc == RC_STALE)
			flags = pf_stale(t, s, p, why);
		free(p);
		if (rc == RC_OK) {
			pf_drop_draft(t, f);
			tui_msg(t, MSG_INFO, _("Quantités modifiées : la préfecture voit la nouvelle "
			                       "version."));
			flags = tui_pop(t, PO_RESULT_CHANGED, NULL);
		} else if (rc != RC_STALE && why != NULL) {
			tui_msg(t, MSG_ERROR, "%s", why);
		}
		goto out;
	}
	if (pf_save(t, s, true) != RC_OK)
		goto out;
	rc = uc_preorder_submit(&t->uc, f->po.id, f->base_version, &why);
	if (rc != RC_OK) {
		tui_msg_why(t, why, _("dépôt impossible."));
		goto out;
	}
	pf_drop_draft(t, f);
	pf_reload(t, f);
	tui_msg(t, MSG_INFO, _("Intention de commande déposée le %s : la préfecture va "
	                       "l'instruire."),
	        day_format(day_of_instant(f->po.submitted_at), d, sizeof d));
	/* The filed pre-order is read-only: its view takes the form's place. */
	flags = tui_replace(t, &screen_po_view, NULL);
out:
	free(why);
	return flags;
}

static void screen_pf_resume(struct tui *t, void *st, int code, void *result)
{
	struct pf_state *s = st;

	if (code == PO_RESULT_MERGED)
		pf_merge_apply(t, s, result);
	else if (code == PO_RESULT_CONFIRMED)
		(void)pf_submit(t, s);
	else if (code == PO_RESULT_DECLINED)
		tui_msg(t, MSG_INFO, _("Rien n'a été déposé."));
}

/* F5: every field checked, the cap too, then the confirmation. */
static int pf_ask_submit(struct tui *t, struct pf_state *s)
{
	struct preorder *p;
	int rc, flags;
	cents_t line[LOT_COUNT];

	if (pf_merge_pending(t, s, &flags))
		return flags;
	p = xmalloc(sizeof *p);
	rc = po_build(t, &s->f, p);
	if (rc == RC_OK && po_total(&s->f, line) > s->f.set.expense_cap) {
		char b[48];

		tui_msg(t, MSG_ERROR, _("Le total dépasse le plafond de %s HT : réduisez les "
		                        "quantités avant de déposer."),
		        cents_format(s->f.set.expense_cap, b, sizeof b));
		s->f.focus = 0;
		rc = RC_INVALID;
	}
	/* Refused before the confirmation, with the cursor on the first field to fill. */
	if (rc == RC_OK && !s->f.amend)
		rc = po_check_complete(t, &s->f, p);
	free(p);
	if (rc != RC_OK)
		return SCR_HANDLED | SCR_REDRAW;
	tui_msg_clear(t);
	return tui_push(t, &screen_po_confirm, &s->f);
}

/*
 * After a key in the motivation: only the text is repainted (SCR_FIELD,
 * screen_pf_update), and the character counter once the keys pause
 * (t->idle_paint), so that a typed character costs the terminal about one
 * byte; the counter follows every key near the cap, and any message
 * brings a whole paint. Other fields paint the whole screen.
 */
#define MOTIV_COUNT_LIVE 50   /* characters left under which the counter follows every key */
static int pf_motiv_flags(struct tui *t, struct po_form *f, struct stop st)
{
	if (st.kind != SK_MOTIV || t->msg_kind == MSG_ERROR ||
	    f->motiv.len + MOTIV_COUNT_LIVE >= f->motiv.max)
		return SCR_HANDLED | SCR_REDRAW;
	t->idle_paint = true;
	return SCR_HANDLED | SCR_FIELD;
}

static void screen_pf_update(struct tui *t, void *st)
{
	struct pf_state *s = st;

	editor_update(&s->f.motiv, MOTIV_TOP, 2, COLS - 4, MOTIV_ROWS, &t->cur_y, &t->cur_x);
}

/* Moves the focus to stop `to` after checking the field left. */
static int pf_move(struct tui *t, struct po_form *f, size_t to)
{
	if (to == f->focus)
		return SCR_HANDLED | SCR_REDRAW;
	if (po_check_stop(t, f, f->focus) != RC_OK)
		return SCR_HANDLED | SCR_REDRAW;
	tui_msg_clear(t);
	f->focus = to;
	po_draft_field(t, f);
	return SCR_HANDLED | SCR_REDRAW;
}

static int pf_add_partner(struct tui *t, struct po_form *f)
{
	if (f->amend)
		return SCR_IGNORED;
	if (f->np >= PARTNERS_MAX) {
		tui_msg(t, MSG_ERROR, _("%d structures partenaires au plus."), PARTNERS_MAX);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (po_check_stop(t, f, f->focus) != RC_OK)
		return SCR_HANDLED | SCR_REDRAW;
	po_partner_add(f);
	f->focus = LOT_COUNT + PO_NSTAFF + PO_NCONTACT + 2 * (f->np - 1);
	po_draft_put(t, f);
	tui_msg_clear(t);
	return SCR_HANDLED | SCR_REDRAW;
}

static int pf_remove_partner(struct tui *t, struct po_form *f)
{
	struct stop st = po_stop(f, f->focus);

	if (f->amend)
		return SCR_IGNORED;
	if (st.kind != SK_PNAME && st.kind != SK_PKIND) {
		tui_msg(t, MSG_ERROR, _("Placez-vous sur la structure à retirer."));
		return SCR_HANDLED | SCR_REDRAW;
	}
	po_partner_remove(f, st.idx);
	f->focus = LOT_COUNT + PO_NSTAFF + PO_NCONTACT + 2 * (st.idx < f->np ? st.idx : f->np);
	po_draft_put(t, f);
	tui_msg(t, MSG_INFO, _("Structure partenaire retirée."));
	return SCR_HANDLED | SCR_REDRAW;
}

static int pf_config(struct tui *t, struct pf_state *s)
{
	struct stop st = po_stop(&s->f, s->f.focus);
	struct panel_arg pa;
	char *title;
	int flags;

	if (st.kind != SK_QTY)
		return SCR_IGNORED;
	title = xasprintf(_("Configuration minimale — %s"), lot_label((enum lot)st.idx));
	pa = (struct panel_arg){ .title = title, .text = s->f.set.lots[st.idx].min_config };
	flags = tui_push(t, &screen_panel, &pa);
	free(title);
	return flags;
}

static int screen_pf_act(struct tui *t, void *st, int action)
{
	struct pf_state *s = st;
	struct po_form *f = &s->f;

	switch (action) {
	case PF_SAVE: {
		int flags = SCR_HANDLED | SCR_REDRAW;

		if (!f->amend && !pf_merge_pending(t, s, &flags) &&
		    po_check_stop(t, f, f->focus) == RC_OK)
			pf_save(t, s, false);
		return flags;
	}
	case PF_SUBMIT:
		return pf_ask_submit(t, s);
	case PF_CONFIG:
		return pf_config(t, s);
	case PF_PAGE:
		if (f->amend)
			return SCR_IGNORED;
		return pf_move(t, f, po_first_of_page(f, (po_stop(f, f->focus).page + 1) % PO_PAGES));
	case PF_ADD:
		return pf_add_partner(t, f);
	case PF_REMOVE:
		return pf_remove_partner(t, f);
	case TK_BACK:
		/* Back: the field left is checked and kept in the draft. */
		if (po_check_stop(t, f, f->focus) == RC_OK) {
			po_draft_field(t, f);
			return tui_pop(t, 0, NULL);
		}
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static int screen_pf_key(struct tui *t, void *st, struct tui_key k)
{
	struct pf_state *s = st;
	struct po_form *f = &s->f;
	size_t n = po_nstops(f);
	struct stop sp = po_stop(f, f->focus);
	struct field *fl = po_field(f, f->focus);
	enum field_result r = FIELD_IGNORED;

	if (sp.kind == SK_PADD && tui_key_enter(k))
		return pf_add_partner(t, f);
	/* Moving between fields. */
	if ((!k.fn && k.code == '\t') || (k.fn && k.code == KEY_DOWN && sp.kind != SK_MOTIV) ||
	    (tui_key_enter(k) && sp.kind != SK_MOTIV && sp.kind != SK_PADD))
		return pf_move(t, f, (f->focus + 1) % n);
	if ((k.fn && k.code == KEY_BTAB) || (k.fn && k.code == KEY_UP && sp.kind != SK_MOTIV))
		return pf_move(t, f, (f->focus + n - 1) % n);
	if (sp.kind == SK_PKIND) {
		int d = 0;

		if ((k.fn && k.code == KEY_RIGHT) || (!k.fn && k.code == ' '))
			d = 1;
		else if (k.fn && k.code == KEY_LEFT)
			d = PARTNER_KIND_COUNT - 1;
		if (d == 0)
			return SCR_IGNORED;
		f->pkind[sp.idx] = (enum partner_kind)((f->pkind[sp.idx] + d) % PARTNER_KIND_COUNT);
		po_draft_field(t, f);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (fl != NULL)
		r = field_key(fl, k.code, k.fn);
	else if (sp.kind == SK_MOTIV)
		r = editor_key(&f->motiv, k.code, k.fn);
	switch (r) {
	case FIELD_CHANGED:
	case FIELD_FULL:
		if (t->msg_kind == MSG_ERROR)
			tui_msg_clear(t);
		po_draft_field(t, f);
		return pf_motiv_flags(t, f, sp);
	case FIELD_MOVED:
		/* The cursor alone moved: remembered too, so a resume puts it back here. */
		po_draft_field(t, f);
		return pf_motiv_flags(t, f, sp);
	case FIELD_REFUSED:
		if (!k.fn && fl != NULL && fl->type == FIELD_DIGITS && k.code >= '0' && k.code <= '9')
			/* A digit refused: the field is full. */
			tui_msg(t, MSG_ERROR, _("Trop long : %zu chiffres au plus."), fl->max);
		else if (!k.fn && fl != NULL && fl->type == FIELD_DIGITS && k.code >= 0x20)
			tui_msg(t, MSG_ERROR, _("Chiffres uniquement : « %lc » refusé%s."), (wint_t)k.code,
			        k.code == '-' ? _(" (un nombre négatif n'a pas de sens ici)") : "");
		else if (!k.fn && k.code >= 0x20)
			tui_msg(t, MSG_ERROR, _("Texte trop long : %zu caractères au plus."),
			        fl != NULL ? fl->max : f->motiv.max);
		return SCR_HANDLED | SCR_REDRAW;
	case FIELD_IGNORED:
		if (!k.fn && (k.code < 0x20 || (k.code >= 0x80 && k.code < 0xa0)) && k.code != 27) {
			tui_msg(t, MSG_ERROR, _("Caractère de contrôle refusé."));
			return SCR_HANDLED | SCR_REDRAW;
		}
		break;
	}
	return SCR_IGNORED;
}

const struct screen screen_po_form = {
	.name = "preorder-form",
	.help = N_("Mon intention de commande.\n\n"
		"Tab, Entrée ou ↓ : champ suivant ; Maj-Tab ou ↑ : champ précédent. "
		"F6 ou ^F : page suivante (lots, partenaires, motivation).\n"
		"Chaque frappe est enregistrée dans votre brouillon : si la connexion coupe, "
		"« Reprendre là où vous étiez » vous ramène au même endroit.\n"
		"F4 ou ^O (sur un lot) : configuration minimale du lot.\n"
		"F2 ou ^W : enregistrer le brouillon ; F5 ou ^D : déposer (après confirmation).\n"
		"F7 ou ^T : ajouter une structure partenaire ; F8 ou ^Y : la retirer ; "
		"← → ou Espace : changer son type.\n"
		"Dans la motivation : flèches, Début/Fin, PgPréc/PgSuiv, Entrée pour un nouveau "
		"paragraphe.\n"
		"F3, ^B ou Échap : retour."),
	.state_size = sizeof(struct pf_state),
	.keymap = screen_pf_keymap,
	.enter = screen_pf_enter,
	.draw = screen_pf_draw,
	.act = screen_pf_act,
	.key = screen_pf_key,
	.leave = screen_pf_leave,
	.resume = screen_pf_resume,
	.update = screen_pf_update,
};
