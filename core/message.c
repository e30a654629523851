/*
 * message.c — messages of a pre-order's thread and of support tickets:
 * what a message may hold, who may read and write a thread, unread counts,
 * and the use cases (one transaction each). See message.h.
 */
#include "core/message.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/preorder-usecase.h"
#include "core/util.h"
#include "store/store-message.h"
#include "store/store-programme.h"
#include "store/store.h"

int message_check_body(const char *s, char **why)
{
	if (s == NULL || strlen(s) > MESSAGE_BODY_BYTES)
		return fail(why, RC_INVALID, "Message trop long (%d caractères au plus).",
		            MESSAGE_BODY_MAX);
	return text_check("Message", s, MESSAGE_BODY_MIN, MESSAGE_BODY_MAX, true, why);
}

int ticket_check_subject(const char *s, char **why)
{
	if (s == NULL || strlen(s) > TICKET_SUBJECT_BYTES)
		return fail(why, RC_INVALID, "Objet trop long (%d caractères au plus).",
		            TICKET_SUBJECT_MAX);
	return text_check("Objet", s, TICKET_SUBJECT_MIN, TICKET_SUBJECT_MAX, false, why);
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

/* RC_OK when the actor may read and write the thread (inside txn). */
static int thread_may(const struct uc *uc, struct store_txn *txn, char kind, uint64_t id,
                      char **why)
{
	int rc;

	if (kind == THREAD_PREORDER) {
		struct preorder *po = xmalloc(sizeof *po);
		struct perm_object obj;

		rc = db_preorder_get(txn, id, po);
		if (rc == RC_OK) {
			obj = preorder_perm_object(po);
			rc = may_why(uc->actor, ACT_PREORDER_VIEW, &obj, why);
		} else {
			fail(why, rc, "Intention de commande introuvable.");
		}
		free(po);
		return rc;
	}
	if (kind == THREAD_TICKET) {
		struct ticket t;

		if ((rc = db_ticket_get(txn, id, &t)) != RC_OK)
			return fail(why, rc, "Demande d'assistance introuvable.");
		if (!ticket_may(uc->actor, &t))
			return fail(why, RC_DENIED, "Cette demande d'assistance n'est pas la vôtre.");
		return RC_OK;
	}
	return fail(why, RC_INVALID, "Fil de messages inconnu.");
}

static int64_t msg_now(const struct uc *uc)
{
	return uc->now != 0 ? uc->now : now_utc();
}

static void msg_fill(const struct uc *uc, struct message *m, char kind, uint64_t thread_id,
                     const char *body)
{
	memset(m, 0, sizeof *m);
	m->kind = kind;
	m->thread_id = thread_id;
	m->author_id = uc->actor->account_id;
	m->author_org_id = uc->actor->org_id;
	strlcpy_(m->author_login, uc->actor->login, sizeof m->author_login);
	m->author_role = uc->actor->role;
	m->at = msg_now(uc);
	strlcpy_(m->body, body, sizeof m->body);
}

int uc_message_post(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                    const char *body, char **why)
{
	struct store_txn *txn = NULL;
	struct message *m = xmalloc(sizeof *m);
	int rc;

	if ((rc = message_check_body(body, why)) != RC_OK)
		goto out;
	if ((rc = store_begin(uc->st, true, &txn)) != RC_OK) {
		fail(why, rc, "Base de données indisponible.");
		goto out;
	}
	if ((rc = thread_may(uc, txn, (char)kind, thread_id, why)) != RC_OK)
		goto out;
	msg_fill(uc, m, (char)kind, thread_id, body);
	if ((rc = db_message_insert(txn, m)) != RC_OK ||
	    (rc = db_message_read_set(txn, uc->actor->account_id, (char)kind, thread_id, m->id)) !=
	            RC_OK) {
		fail(why, rc, "Message non envoyé (%s).", rc_str(rc));
		goto out;
	}
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK)
		fail(why, rc, "Message non envoyé (%s).", rc_str(rc));
out:
	store_abort(txn);
	free(m);
	return rc;
}

struct collect {
	struct message *v;
	size_t n;
};

static int collect_one(const struct message *m, void *ctx)
{
	struct collect *c = ctx;

	if (c->n >= THREAD_MESSAGES_MAX) {
		/* Keep the most recent ones. */
		memmove(&c->v[0], &c->v[1], (c->n - 1) * sizeof c->v[0]);
		c->n--;
	}
	c->v[c->n++] = *m;
	return 0;
}

int uc_message_thread(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                      bool mark_read, struct message **out, size_t *n, char **why)
{
	struct store_txn *txn = NULL;
	struct collect c = { 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_begin(uc->st, mark_read, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	if ((rc = thread_may(uc, txn, (char)kind, thread_id, why)) != RC_OK)
		goto out;
	c.v = xcalloc(THREAD_MESSAGES_MAX, sizeof *c.v);
	if ((rc = db_message_each(txn, (char)kind, thread_id, collect_one, &c)) != RC_OK) {
		fail(why, rc, "Messages illisibles.");
		goto out;
	}
	if (mark_read && c.n > 0) {
		if ((rc = db_message_read_set(txn, uc->actor->account_id, (char)kind, thread_id,
		                              c.v[c.n - 1].id)) != RC_OK ||
		    (rc = store_commit(txn)) != RC_OK) {
			txn = NULL;
			fail(why, rc, "Lecture non enregistrée (%s).", rc_str(rc));
			goto out;
		}
		txn = NULL;
	}
	*out = c.v;
	*n = c.n;
	c.v = NULL;
	rc = RC_OK;
out:
	store_abort(txn);
	free(c.v);
	return rc;
}

int uc_ticket_open(const struct uc *uc, const char *subject, const char *body, uint64_t *id,
                   char **why)
{
	struct store_txn *txn = NULL;
	struct message *m = xmalloc(sizeof *m);
	struct ticket t;
	int rc;

	*id = 0;
	if ((rc = ticket_check_subject(subject, why)) != RC_OK ||
	    (rc = message_check_body(body, why)) != RC_OK)
		goto out;
	if (uc->actor->role == ROLE_NONE) {
		rc = fail(why, RC_DENIED, "Connectez-vous pour écrire à l'assistance.");
		goto out;
	}
	if ((rc = store_begin(uc->st, true, &txn)) != RC_OK) {
		fail(why, rc, "Base de données indisponible.");
		goto out;
	}
	memset(&t, 0, sizeof t);
	t.org_id = uc->actor->org_id;
	t.account_id = uc->actor->account_id;
	strlcpy_(t.login, uc->actor->login, sizeof t.login);
	strlcpy_(t.subject, subject, sizeof t.subject);
	t.created_at = msg_now(uc);
	if ((rc = db_ticket_insert(txn, &t)) != RC_OK)
		goto io;
	msg_fill(uc, m, THREAD_TICKET, t.id, body);
	if ((rc = db_message_insert(txn, m)) != RC_OK ||
	    (rc = db_message_read_set(txn, uc->actor->account_id, THREAD_TICKET, t.id, m->id)) !=
	            RC_OK)
		goto io;
	rc = store_commit(txn);
	txn = NULL;
	if (rc != RC_OK)
		goto io;
	*id = t.id;
	goto out;
io:
	fail(why, rc, "Demande non envoyée (%s).", rc_str(rc));
out:
	store_abort(txn);
	free(m);
	return rc;
}

struct tcollect {
	struct ticket *v;
	size_t n, cap;
	const struct actor *actor;
};

static int tcollect_one(const struct ticket *t, void *ctx)
{
	struct tcollect *c = ctx;

	if (!ticket_may(c->actor, t))
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = *t;
	return 0;
}

int uc_tickets(const struct uc *uc, struct ticket **out, size_t *n, char **why)
{
	struct store_txn *txn = NULL;
	struct tcollect c = { .actor = uc->actor };
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	rc = db_ticket_each_by_org(txn, uc->actor->org_id, tcollect_one, &c);
	store_abort(txn);
	if (rc != RC_OK) {
		free(c.v);
		return fail(why, rc, "Demandes d'assistance illisibles.");
	}
	*out = c.v;
	*n = c.n;
	return RC_OK;
}

/* ---- unread ---- */

struct unread {
	uint64_t account_id, org_id, last_read;
	size_t n;
};

/*
 * A message is unread when it came after the reader's marker and from the
 * other side of the thread: neither the reader's own nor one their
 * organisation sent (a colleague's message to the préfecture is outgoing
 * mail of the organisation, not news for it).
 */
static bool message_unread(const struct message *m, const struct unread *u)
{
	if (m->id <= u->last_read || m->author_id == u->account_id)
		return false;
	return u->org_id == 0 || m->author_org_id != u->org_id;
}

static int unread_one(const struct message *m, void *ctx)
{
	struct unread *u = ctx;

	if (message_unread(m, u))
		u->n++;
	return 0;
}

static int unread_in(struct store_txn *txn, const struct actor *a, char kind, uint64_t id,
                     size_t *n)
{
	struct unread u = { .account_id = a->account_id, .org_id = a->org_id };
	int rc;

	if ((rc = db_message_read_get(txn, a->account_id, kind, id, &u.last_read)) != RC_OK ||
	    (rc = db_message_each(txn, kind, id, unread_one, &u)) != RC_OK)
		return rc;
	*n += u.n;
	return RC_OK;
}

struct inbox {
	struct store_txn *txn;
	const struct actor *actor;
	size_t n;
};

static int inbox_preorder(const struct preorder *po, void *ctx)
{
	struct inbox *b = ctx;

	return unread_in(b->txn, b->actor, THREAD_PREORDER, po->id, &b->n);
}

static int inbox_ticket(const struct ticket *t, void *ctx)
{
	struct inbox *b = ctx;

	if (!ticket_may(b->actor, t))
		return 0;
	return unread_in(b->txn, b->actor, THREAD_TICKET, t->id, &b->n);
}

int uc_inbox_unread(const struct uc *uc, size_t *out, char **why)
{
	struct store_txn *txn = NULL;
	struct inbox b = { .actor = uc->actor };
	int rc;

	*out = 0;
	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK)
		return fail(why, rc, "Base de données indisponible.");
	b.txn = txn;
	if (uc->actor->org_id != 0 &&
	    (uc->actor->role == ROLE_COLLECTIVITE || uc->actor->role == ROLE_FRANCE_SERVICES))
		rc = db_preorder_each_by_org(txn, uc->actor->org_id, inbox_preorder, &b);
	if (rc == RC_OK)
		rc = db_ticket_each_by_org(txn, uc->actor->org_id, inbox_ticket, &b);
	store_abort(txn);
	if (rc != RC_OK)
		return fail(why, rc, "Messages illisibles.");
	*out = b.n;
	return RC_OK;
}

int uc_thread_unread(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                     size_t *out)
{
	struct store_txn *txn = NULL;
	int rc;

	*out = 0;
	if ((rc = store_begin(uc->st, false, &txn)) != RC_OK)
		return rc;
	rc = unread_in(txn, uc->actor, (char)kind, thread_id, out);
	store_abort(txn);
	return rc;
}
