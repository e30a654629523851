/*
 * pref.c — what the préfecture's screens share (see pref.h): the actions'
 * labels (core decides when each is offered: instruction_offers), and the envelope line, read once and
 * again only after a decision (pref_envelope_changed), so that a keystroke
 * never recomputes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/util.h"
#include "tui/pref.h"

static const char *const action_labels[FA_COUNT] = {
	[FA_INSTRUCT] = N_("Prendre en instruction"),
	[FA_COMPLEMENT] = N_("Demander un complément"),
	[FA_RETAIN] = N_("Retenir"),
	[FA_REJECT] = N_("Ne pas retenir"),
	[FA_DISMISS] = N_("Classer sans suite"),
	[FA_REOPEN] = N_("Repasser en instruction"),
	[FA_CONVENTION] = N_("Convention"),
	[FA_PAY] = N_("Versement"),
	[FA_PRIORITY] = N_("Priorité"),
	[FA_PROG_RETAIN] = N_("Retenir provisoirement (programmation)"),
	[FA_PROG_REJECT] = N_("Ne pas retenir provisoirement (programmation)"),
	[FA_PROG_CLEAR] = N_("Retirer de la programmation"),
	[FA_NOTE] = N_("Annoter (visible de la préfecture seule)"),
	[FA_FOLLOW] = N_("Suivre / ne plus suivre"),
};

const char *pref_action_label(enum file_action a)
{
	return (unsigned)a < FA_COUNT ? _(action_labels[a]) : "?";
}

static struct envelope_view env_cache;
static bool env_valid;

void pref_envelope_changed(void)
{
	env_valid = false;
}

char *pref_money(cents_t c, char *buf, size_t cap)
{
	char *comma;

	cents_format(c, buf, cap);
	if (c % 100 == 0 && (comma = strstr(buf, ",00")) != NULL)
		memmove(comma, comma + 3, strlen(comma + 3) + 1);
	return buf;
}

void pref_draw_envelope(struct tui *t, int y)
{
	char a[48], b[48], c[48], d[48], *line;

	if (!env_valid) {
		char *why = NULL;

		memset(&env_cache, 0, sizeof env_cache);
		env_valid = uc_envelope(&t->uc, &env_cache, &why) == RC_OK;
		free(why);
	}
	if (!env_valid)
		line = xstrdup(_("Enveloppe du département illisible pour l'instant."));
	else if (!env_cache.set)
		line = xasprintf(_("Département %s : aucune enveloppe fixée par l'équipe du programme."),
		                 t->me.actor.dept);
	else
		line = xasprintf(_("Enveloppe %s : %s  engagé %s  versé %s  reste %s"),
		                 t->me.actor.dept, pref_money(env_cache.envelope, a, sizeof a),
		                 pref_money(env_cache.committed, b, sizeof b),
		                 pref_money(env_cache.paid, c, sizeof c),
		                 pref_money(env_cache.remaining, d, sizeof d));
	attrset(A_BOLD);
	draw_text(y, 1, line, COLS - 2, true);
	attrset(A_NORMAL);
	free(line);
}
