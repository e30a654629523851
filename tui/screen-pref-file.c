/*
 * screen-pref-file.c — one file as the préfecture instructs it: everything
 * the applicant filed (organisation, commune and eligibility evidence,
 * contact, lots and totals, staff, partners, motivation, every amendment
 * before → after), what the préfecture decided and paid, its labels,
 * priority and private annotations, and the history of who did what when.
 * F5 lists the actions the file's state allows (screen_pref_actions);
 * F6 opens the file's thread with the applicant; F2 adds an annotation;
 * F7 sets its labels (screen_pref_labels).
 * Opening the file clears its « unread » mark.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/org.h"
#include "core/settings.h"
#include "core/util.h"
#include "tui/pref.h"
#include "tui/screen.h"
#include "tui/textview.h"
#include "tui/thread.h"

enum { PF_ACTIONS = 1, PF_REPLY, PF_NOTE, PF_LABELS };

static const struct tui_keydef file_defs[] = {
	{ .fkey = 5, .ctrl = 'd', .label = N_("Actions"), .action = PF_ACTIONS },
	{ .fkey = 6, .ctrl = 'f', .label = N_("Messages"), .action = PF_REPLY },
	{ .fkey = 2, .ctrl = 'w', .label = N_("Annoter"), .action = PF_NOTE },
	{ .fkey = 7, .ctrl = 't', .label = N_("Étiquettes"), .action = PF_LABELS },
	{ .keys = N_("↑↓ PgPréc PgSuiv"), .label = N_("Défiler"), .panel_only = true },
};
static const struct tui_keymap file_keys = TUI_KEYMAP(file_defs);

struct pfile_state {
	uint64_t id;
	struct preorder po;
	struct instruction in;
	bool have;
	bool changed;                 /* something was decided: the queue reads the row again */
	struct pref_file_ref ref;     /* for the action menu */
	struct textview view;
};

static void add(struct pfile_state *s, const char *text, bool user, bool bold)
{
	textview_add(&s->view, text, COLS - 4, user, bold);
}

static void addf(struct pfile_state *s, bool user, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void addf(struct pfile_state *s, bool user, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	add(s, line, user, false);
	free(line);
}

static const char *day_of(int64_t at, char *buf, size_t cap)
{
	return at != 0 ? day_format(day_of_instant(at), buf, cap) : "—";
}

static void pfile_lots(struct pfile_state *s)
{
	char m[48];

	add(s, _("Lots demandés :"), false, true);
	for (int l = 0; l < LOT_COUNT; l++)
		if (s->po.qty[l] > 0)
			addf(s, false, "  %-18s %6u", lot_label((enum lot)l), s->po.qty[l]);
	addf(s, false, _("  Total estimé : %s HT"), cents_format(s->po.estimated, m, sizeof m));
	for (size_t i = 0; i < s->po.namend; i++) {
		const struct preorder_amendment *a = &s->po.amend[i];
		char b[48], d[16], *line = xasprintf(_("  Modifiée le %s (version %llu) : %s → %s HT"),
		                                     day_of(a->at, d, sizeof d),
		                                     (unsigned long long)a->version,
		                                     cents_format(a->total_before, m, sizeof m),
		                                     cents_format(a->total_after, b, sizeof b));

		add(s, line, false, false);
		free(line);
		for (int l = 0; l < LOT_COUNT; l++)
			if (a->before[l] != a->after[l])
				addf(s, false, "    %s : %u → %u", lot_label((enum lot)l), a->before[l],
				     a->after[l]);
	}
}

static void pfile_decision(struct pfile_state *s)
{
	const struct preorder *po = &s->po;
	char m[48], d[16];
	size_t npaid = 0;
	cents_t paid = preorder_paid(po, &npaid);

	add(s, "", false, false);
	add(s, _("Décision et financement :"), false, true);
	addf(s, false, _("  Déposée le %s, en instruction le %s, décidée le %s"),
	     day_of(po->submitted_at, d, sizeof d), day_of(po->instructed_at, m, sizeof m),
	     day_of(po->decided_at, (char[16]){ 0 }, 16));
	if (po->reason[0] != '\0')
		addf(s, true, _("  Motif ou commentaire : %s"), po->reason);
	if (po->retained > 0)
		addf(s, false, _("  Dépense retenue : %s HT"), cents_format(po->retained, m, sizeof m));
	if (po->subsidy > 0)
		addf(s, false, _("  Subvention : %s"), cents_format(po->subsidy, m, sizeof m));
	if (po->convention_no[0] != '\0')
		addf(s, true, _("  Convention n° %s signée le %s"), po->convention_no,
		     day_format(po->convention_date, d, sizeof d));
	if (npaid > 0)
		addf(s, false, ngettext("  Versé : %s en %zu versement", "  Versé : %s en %zu versements",
		                        npaid), cents_format(paid, m, sizeof m), npaid);
}

static void pfile_instruction(struct pfile_state *s)
{
	const struct instruction *in = &s->in;
	char d[16], m[48];

	add(s, _("Suivi par la préfecture (jamais visible du demandeur) :"), false, true);
	if (in->labels != 0) {
		char *line = xstrdup(_("  Étiquettes :"));

		for (int l = 0; l < LABEL_COUNT; l++)
			if (in->labels & (1u << l)) {
				char *next = xasprintf("%s %s", line, po_label_label((enum po_label)l));

				free(line);
				line = next;
			}
		add(s, line, false, false);
		free(line);
	}
	if (in->priority > 0)
		addf(s, true, _("  Priorité %u%s%s"), in->priority, in->priority_note[0] ? " : " : "",
		     in->priority_note);
	if (in->prog == PROG_RETAIN)
		addf(s, false, _("  Programmation : retenir provisoirement %s HT"),
		     cents_format(in->prog_amount, m, sizeof m));
	else if (in->prog == PROG_REJECT)
		addf(s, true, _("  Programmation : ne pas retenir provisoirement (%s)"), in->prog_reason);
	addf(s, false, ngettext("  Suivi par %zu agent", "  Suivi par %zu agents", in->nfollow),
	     in->nfollow);
	for (size_t i = 0; i < in->nnotes; i++) {
		char *line = xasprintf(_("  Annotation de %s le %s : %s"), in->notes[i].login,
		                       day_of(in->notes[i].at, d, sizeof d), in->notes[i].text);

		add(s, line, true, false);
		free(line);
	}
}

static void pfile_build(struct tui *t, struct pfile_state *s)
{
	const struct preorder *po = &s->po;
	char **hist = NULL;
	size_t nh = 0;

	textview_clear(&s->view);
	addf(s, true, _("Organisation : %s"), po->org_name);
	addf(s, false, _("Commune : %s, département %s"), po->insee, po->dept);
	if (po->elig_note[0] != '\0')
		addf(s, true, _("Éligibilité au dépôt : %s"), po->elig_note);
	addf(s, true, _("Contact : %s, %s — %s — %s"), po->contact.name, po->contact.function,
	     po->contact.email, po->contact.phone);
	/* What the préfecture keeps first: an agent reads it before the rest. */
	pfile_instruction(s);
	pfile_decision(s);
	add(s, "", false, false);
	pfile_lots(s);
	addf(s, false, _("Personnes servies : %u conseiller(s), %u médiateur(s), %u aidant(s)."),
	     po->staff_cnfs, po->staff_mediateurs, po->staff_aidants);
	addf(s, false, _("Structures partenaires : %zu"), po->npartners);
	for (size_t i = 0; i < po->npartners; i++)
		addf(s, true, "  • %s (%s)", po->partners[i].name,
		     partner_kind_label(po->partners[i].kind));
	add(s, _("Motivation :"), false, true);
	add(s, po->motivation, true, false);
	add(s, "", false, false);
	add(s, _("Historique du dossier :"), false, true);
	if (uc_file_history(&t->uc, s->id, &hist, &nh, NULL) == RC_OK) {
		for (size_t i = 0; i < nh; i++) {
			char *line = xasprintf("• %s", hist[i]);

			add(s, line, true, false);
			free(line);
			free(hist[i]);
		}
		free(hist);
	}
}

static int pfile_load(struct tui *t, struct pfile_state *s)
{
	char *why = NULL;
	int rc = uc_file_open(&t->uc, s->id, &s->po, &s->in, &why);

	s->have = rc == RC_OK;
	if (rc != RC_OK) {
		tui_msg_why(t, why, _("Dossier illisible."));
		free(why);
		return rc;
	}
	pfile_build(t, s);
	return RC_OK;
}

static int screen_pfile_enter(struct tui *t, void *st, const void *arg)
{
	struct pfile_state *s = st;

	s->id = *(const uint64_t *)arg;
	return pfile_load(t, s);
}

static void screen_pfile_leave(struct tui *t, void *st)
{
	textview_clear(&((struct pfile_state *)st)->view);
}

static void screen_pfile_resume(struct tui *t, void *st, int code, void *result)
{
	struct pfile_state *s = st;
	size_t top = s->view.top;

	if (code == PREF_RESULT_CHANGED) {
		s->changed = true;
		pref_envelope_changed();
	}
	if (pfile_load(t, s) == RC_OK)
		s->view.top = top;
}

static void screen_pfile_draw(struct tui *t, void *st)
{
	struct pfile_state *s = st;
	char *head;

	head = xasprintf(_("Dossier n° %llu — %s (version %llu)"), (unsigned long long)s->id,
	                 s->have ? preorder_state_label(s->po.state) : "?",
	                 (unsigned long long)s->po.version);
	draw_title(t, head);
	free(head);
	pref_draw_envelope(t, 1);
	textview_draw(&s->view, 3, 2, COLS - 4, LINES - 5);
	t->cur_y = -1;
}

static int screen_pfile_act(struct tui *t, void *st, int action)
{
	struct pfile_state *s = st;

	if (!s->have && action > 0)
		return SCR_HANDLED;
	switch (action) {
	case PF_ACTIONS:
		s->ref = (struct pref_file_ref){ .id = s->id, .po = &s->po, .in = &s->in };
		return tui_push(t, &screen_pref_actions, &s->ref);
	case PF_REPLY: {
		struct thread_arg a = { .kind = THREAD_PREORDER, .id = s->id };

		snprintf(a.label, sizeof a.label, _("Dossier n° %llu — messages avec le demandeur"),
		         (unsigned long long)s->id);
		return tui_push(t, &screen_thread, &a);
	}
	case PF_NOTE: {
		struct pref_decide_arg a = { .action = FA_NOTE, .id = s->id,
		                             .po_version = s->po.version,
		                             .in_version = s->in.version };

		return tui_push(t, &screen_pref_decide, &a);
	}
	case PF_LABELS: {
		struct pref_labels_arg a = { .id = s->id, .in_version = s->in.version,
		                             .labels = s->in.labels };

		return tui_push(t, &screen_pref_labels, &a);
	}
	case TK_BACK:
		return tui_pop(t, s->changed ? PREF_RESULT_CHANGED : 0, &s->id);
	default:
		return SCR_IGNORED;
	}
}

static int screen_pfile_key(struct tui *t, void *st, struct tui_key k)
{
	struct pfile_state *s = st;

	return textview_key(&s->view, &k, LINES - 5) ? SCR_HANDLED | SCR_REDRAW : SCR_IGNORED;
}

const struct screen screen_pref_file = {
	.name = "pref-file",
	.help = N_("Un dossier : tout ce que le demandeur a déposé, ses modifications, la décision, "
		"la convention et les versements, le suivi de la préfecture (étiquettes, priorité, "
		"annotations, jamais visibles du demandeur) et l'historique.\n\n"
		"F5 ou ^D : les actions possibles dans l'état du dossier (chacune demande "
		"confirmation). F6 ou ^F : les messages avec le demandeur. F2 ou ^W : annoter. "
		"F7 ou ^T : les étiquettes."),
	.state_size = sizeof(struct pfile_state),
	.keys = &file_keys,
	.enter = screen_pfile_enter,
	.draw = screen_pfile_draw,
	.act = screen_pfile_act,
	.key = screen_pfile_key,
	.leave = screen_pfile_leave,
	.resume = screen_pfile_resume,
};
