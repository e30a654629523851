/*
 * uc-message.h — the message use cases: post in a thread, read a thread
 * (marking it read), open and list support tickets, count what is unread.
 * One transaction each on the one use-case path (core/uc.h): a pre-order's
 * thread stands where its pre-order stands (ACT_MESSAGE_READ / _SEND), a
 * ticket is its writer's (ticket_may(), then ACT_SUPPORT_WRITE). French
 * reasons through *why (caller frees).
 */
#ifndef RECOND_UC_MESSAGE_H
#define RECOND_UC_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/message.h"
#include "core/uc.h"

/* Posts body in a thread the actor may read (RC_DENIED otherwise). */
int uc_message_post(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                    const char *body, char **why);
/*
 * Inside an open write transaction of another use case that already asked
 * may() (a decision telling the applicant): posts body in the thread.
 */
struct store_txn;
int uc_message_post_in(const struct uc *uc, struct store_txn *txn, enum thread_kind kind,
                       uint64_t thread_id, const char *body, char **why);
/*
 * The messages of a thread, oldest first: *out gets *n of them (caller
 * frees the array); marks them read for the actor when mark_read.
 */
int uc_message_thread(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                      bool mark_read, struct message **out, size_t *n, char **why);
/* Opens a support ticket with its first message; *id gets its number. */
int uc_ticket_open(const struct uc *uc, const char *subject, const char *body, uint64_t *id,
                   char **why);
/* The tickets of the actor's organisation (or the actor's own if none), newest last. */
int uc_tickets(const struct uc *uc, struct ticket **out, size_t *n, char **why);
/*
 * The support desk (ACT_SUPPORT_DESK, the programme team): every ticket,
 * oldest first, into *out (*n of them; caller frees the array). A message
 * the team posts in a ticket (uc_message_post) makes it « répondu », one of
 * the requester « ouvert » again.
 */
int uc_desk_tickets(const struct uc *uc, struct ticket **out, size_t *n, char **why);
/*
 * Sets the state of ticket id (ACT_SUPPORT_DESK), audited ("ticket", id:
 * before → after). RC_INVALID when it is already in that state.
 */
int uc_ticket_set_state(const struct uc *uc, uint64_t id, enum ticket_state state, char **why);
/*
 * Messages not yet read in the actor's threads, written by the other side:
 * never the actor's own, nor those the actor's organisation sent (a
 * colleague's message to the préfecture is the organisation's outgoing mail).
 */
int uc_inbox_unread(const struct uc *uc, size_t *out, char **why);
/* Unread messages of one thread for the actor. */
int uc_thread_unread(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                     size_t *out);

#endif
