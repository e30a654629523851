/*
 * message.h — messages between an organisation and the people who follow
 * its file: a thread per pre-order (the organisation and its préfecture),
 * and a thread per support ticket (the organisation and the programme
 * team, ANCT). What a message may hold, who may read and write a thread,
 * what is unread. The use cases are in uc-message.h.
 */
#ifndef RECOND_MESSAGE_H
#define RECOND_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/permission.h"

enum thread_kind {
	THREAD_PREORDER = 'p',     /* thread_id: a pre-order id */
	THREAD_TICKET = 't',       /* thread_id: a support ticket id */
};

#define MESSAGE_BODY_MIN 2
#define MESSAGE_BODY_MAX 2000          /* code points, newlines included */
#define MESSAGE_BODY_BYTES (MESSAGE_BODY_MAX * 4)
#define TICKET_SUBJECT_MIN 3
#define TICKET_SUBJECT_MAX 120
#define TICKET_SUBJECT_BYTES (TICKET_SUBJECT_MAX * 4)
#define THREAD_MESSAGES_MAX 1000       /* messages of one thread read at once */

struct message {
	uint64_t id;                   /* > 0 once stored, increasing */
	char kind;                     /* enum thread_kind */
	uint64_t thread_id;
	uint64_t author_id;
	uint64_t author_org_id;        /* the author's organisation (0: none, or written before kept) */
	char author_login[LOGIN_MAX + 1];
	enum role author_role;
	int64_t at;
	char body[MESSAGE_BODY_BYTES + 1];
};

/* Where a support ticket stands for the programme team. */
enum ticket_state {
	TICKET_OPEN = 0,               /* ouvert: waiting for the team */
	TICKET_ANSWERED,               /* répondu: the team wrote last */
	TICKET_CLOSED,                 /* clos */
	TICKET_STATE_COUNT
};

/* « ouvert », « répondu », « clos ». */
const char *ticket_state_label(enum ticket_state s);

struct ticket {
	uint64_t id;
	uint64_t org_id;               /* 0 when the account has none */
	uint64_t account_id;           /* who opened it */
	char login[LOGIN_MAX + 1];
	char subject[TICKET_SUBJECT_BYTES + 1];
	int64_t created_at;
	enum ticket_state state;       /* TICKET_OPEN for tickets stored before states */
	int64_t updated_at;            /* last change of state or message (0: created_at) */
};

/* Body: 2 to 2 000 characters, valid UTF-8, no control character but newlines. */
int message_check_body(const char *s, char **why);
/* Subject: 3 to 120 characters on one line, valid UTF-8, no control character. */
int ticket_check_subject(const char *s, char **why);
/* True when actor may read and write the thread of ticket t (its organisation, ANCT). */
bool ticket_may(const struct actor *actor, const struct ticket *t);

#endif
