/*
 * audit.c — building audit events and wording them in French.
 */
#include "core/audit.h"

#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/util.h"

static void copy_cut(char *dst, const char *src, size_t cap)
{
	size_t n;

	strlcpy_(dst, src != NULL ? src : "", cap);
	n = strlen(dst);
	if (src != NULL && strlen(src) >= cap) {
		while (n > 0 && ((unsigned char)dst[n] & 0xC0) == 0x80)
			n--;
		dst[n] = '\0';
	}
}

void audit_event_init(struct audit_event *ev, const struct actor *actor, int64_t at,
                      enum action action, const char *kind, uint64_t id, uint64_t version,
                      const char *before, const char *after)
{
	memset(ev, 0, sizeof *ev);
	ev->at = at;
	if (actor != NULL) {
		ev->actor_id = actor->account_id;
		strlcpy_(ev->actor_login, actor->login, sizeof ev->actor_login);
		ev->actor_role = actor->role;
	}
	ev->action = action;
	strlcpy_(ev->object_kind, kind, sizeof ev->object_kind);
	ev->object_id = id;
	ev->object_version = version;
	copy_cut(ev->before, before, sizeof ev->before);
	copy_cut(ev->after, after, sizeof ev->after);
}

char *audit_event_line(const struct audit_event *ev, char *buf, size_t cap)
{
	char when[32];

	snprintf(buf, cap,
	         _("%s — %s (%s) — %s : %s → %s"), instant_format(ev->at, when, sizeof when),
	         ev->actor_login[0] ? ev->actor_login : _("système"),
	         ev->actor_role != ROLE_NONE ? role_label(ev->actor_role) : _("administration"),
	         action_label(ev->action), ev->before[0] ? _(ev->before) : "—",
	         ev->after[0] ? _(ev->after) : "—");
	return buf;
}
