/*
 * message.c — what a message and a ticket's subject may hold, and whose a
 * support ticket is (see message.h). The use cases are in uc-message.c.
 */
#include "core/message.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/util.h"

int message_check_body(const char *s, char **why)
{
	if (s == NULL || strlen(s) > MESSAGE_BODY_BYTES)
		return fail(why, RC_INVALID, _("Message trop long (%d caractères au plus)."),
		            MESSAGE_BODY_MAX);
	return text_check(_("Message"), s, MESSAGE_BODY_MIN, MESSAGE_BODY_MAX, true, why);
}

int ticket_check_subject(const char *s, char **why)
{
	if (s == NULL || strlen(s) > TICKET_SUBJECT_BYTES)
		return fail(why, RC_INVALID, _("Objet trop long (%d caractères au plus)."),
		            TICKET_SUBJECT_MAX);
	return text_check(_("Objet"), s, TICKET_SUBJECT_MIN, TICKET_SUBJECT_MAX, false, why);
}

const char *ticket_state_label(enum ticket_state s)
{
	static const char *const labels[TICKET_STATE_COUNT] = { N_("ouvert"), N_("répondu"),
		                                                 N_("clos") };

	return (unsigned)s < TICKET_STATE_COUNT ? _(labels[s]) : "?";
}

bool ticket_may(const struct actor *actor, const struct ticket *t)
{
	if (actor->role == ROLE_NONE || actor->role >= ROLE_COUNT)
		return false;
	if (actor->role == ROLE_ANCT)
		return true;
	if (t->org_id != 0)
		return actor->org_id == t->org_id;
	return actor->account_id == t->account_id;
}
