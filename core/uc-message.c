/*
 * uc-message.c — the message use cases on the one use-case path (see
 * uc-message.h).
 */
#include "core/uc-message.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc-preorder.h"
#include "core/util.h"
#include "store/store-message.h"
#include "store/store-programme.h"
#include "store/store.h"

/*
 * Threads: a pre-order's thread stands where its pre-order stands (may()
 * on ACT_MESSAGE_READ / ACT_MESSAGE_SEND); a support ticket is the
 * writer's (ticket_may() decides whose it is, then may() whether the role
 * may write to the support desk at all: ACT_SUPPORT_WRITE, national).
 */
struct thread_run {
	const struct uc *uc;
	char kind;
	uint64_t id;
	const char *body;
	bool mark_read;
	struct message *m;
	struct collect *c;
};

static int thread_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct thread_run *r = ctx;
	int rc;

	if (r->kind == THREAD_PREORDER) {
		struct preorder *po = xmalloc(sizeof *po);

		if ((rc = db_preorder_get(txn, r->id, po)) == RC_OK)
			obj->perm = preorder_perm_object(po);
		else if (rc == RC_NOTFOUND)
			fail(why, rc, "%s", _("Intention de commande introuvable."));
		free(po);
		return rc;
	}
	if (r->kind == THREAD_TICKET) {
		struct ticket t;

		if ((rc = db_ticket_get(txn, r->id, &t)) != RC_OK)
			return rc == RC_NOTFOUND
			               ? fail(why, rc, "%s", _("Demande d'assistance introuvable."))
			               : rc;
		if (!ticket_may(r->uc->actor, &t))
			return fail(why, RC_DENIED, "%s",
			            _("Cette demande d'assistance n'est pas la vôtre."));
		return RC_OK;   /* national object: ACT_SUPPORT_WRITE */
	}
	return fail(why, RC_INVALID, "%s", _("Fil de messages inconnu."));
}

static enum action thread_action(char kind, bool write)
{
	if (kind == THREAD_TICKET)
		return ACT_SUPPORT_WRITE;
	return write ? ACT_MESSAGE_SEND : ACT_MESSAGE_READ;
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
	m->at = uc_now(uc);
	strlcpy_(m->body, body, sizeof m->body);
}

/*
 * A message in a ticket moves it: the team's answer makes it « répondu »,
 * the requester's message makes it « ouvert » again (even once « clos »).
 */
static int ticket_touch(const struct uc *uc, struct store_txn *txn, uint64_t id)
{
	struct ticket *t = xmalloc(sizeof *t);
	int rc = db_ticket_get(txn, id, t);

	if (rc == RC_OK) {
		t->state = uc->actor->role == ROLE_ANCT ? TICKET_ANSWERED : TICKET_OPEN;
		t->updated_at = uc_now(uc);
		rc = db_ticket_update(txn, t);
	}
	free(t);
	return rc;
}

static int post_in(const struct uc *uc, struct store_txn *txn, char kind, uint64_t thread_id,
                   const char *body, struct message *m)
{
	int rc;

	msg_fill(uc, m, kind, thread_id, body);
	if ((rc = db_message_insert(txn, m)) != RC_OK)
		return rc;
	if (kind == THREAD_TICKET && (rc = ticket_touch(uc, txn, thread_id)) != RC_OK)
		return rc;
	return db_message_read_set(txn, uc->actor->account_id, kind, thread_id, m->id);
}

static int post_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct thread_run *r = ctx;

	return post_in(r->uc, txn, r->kind, r->id, r->body, r->m);
}

int uc_message_post_in(const struct uc *uc, struct store_txn *txn, enum thread_kind kind,
                       uint64_t thread_id, const char *body, char **why)
{
	struct message *m;
	int rc;

	if ((rc = message_check_body(body, why)) != RC_OK)
		return rc;
	m = xmalloc(sizeof *m);
	rc = post_in(uc, txn, (char)kind, thread_id, body, m);
	free(m);
	return rc;
}

int uc_message_post(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                    const char *body, char **why)
{
	struct thread_run r = { .uc = uc, .kind = (char)kind, .id = thread_id, .body = body };
	const struct uc_path path = {
		.action = thread_action((char)kind, true), .write = true,
		.lead = N_("Message non envoyé."), .load = thread_load, .change = post_change,
	};
	int rc;

	if ((rc = message_check_body(body, why)) != RC_OK)
		return rc;
	r.m = xmalloc(sizeof *r.m);
	rc = uc_run(uc, &path, &r, why);
	free(r.m);
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

static int thread_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct thread_run *r = ctx;
	int rc;

	if ((rc = db_message_each(txn, r->kind, r->id, collect_one, r->c)) != RC_OK)
		return uc_fail(why, rc, N_("Messages illisibles."));
	if (r->mark_read && r->c->n > 0)
		rc = db_message_read_set(txn, r->uc->actor->account_id, r->kind, r->id,
		                         r->c->v[r->c->n - 1].id);
	return rc;
}

int uc_message_thread(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                      bool mark_read, struct message **out, size_t *n, char **why)
{
	struct collect c = { 0 };
	struct thread_run r = { .uc = uc, .kind = (char)kind, .id = thread_id,
		                .mark_read = mark_read, .c = &c };
	const struct uc_path path = {
		.action = thread_action((char)kind, false), .write = mark_read,
		.lead = N_("Lecture non enregistrée."), .load = thread_load, .change = thread_read,
	};
	int rc;

	*out = NULL;
	*n = 0;
	c.v = xcalloc(THREAD_MESSAGES_MAX, sizeof *c.v);
	if ((rc = uc_run(uc, &path, &r, why)) != RC_OK) {
		free(c.v);
		return rc;
	}
	*out = c.v;
	*n = c.n;
	return RC_OK;
}

struct ticket_run {
	const struct uc *uc;
	const char *subject, *body;
	uint64_t id;
};

static int ticket_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct ticket_run *r = ctx;
	const struct uc *uc = r->uc;
	struct message *m = xmalloc(sizeof *m);
	struct ticket t;
	int rc;

	memset(&t, 0, sizeof t);
	t.org_id = uc->actor->org_id;
	t.account_id = uc->actor->account_id;
	strlcpy_(t.login, uc->actor->login, sizeof t.login);
	strlcpy_(t.subject, r->subject, sizeof t.subject);
	t.created_at = uc_now(uc);
	if ((rc = db_ticket_insert(txn, &t)) != RC_OK)
		goto out;
	msg_fill(uc, m, THREAD_TICKET, t.id, r->body);
	if ((rc = db_message_insert(txn, m)) != RC_OK ||
	    (rc = db_message_read_set(txn, uc->actor->account_id, THREAD_TICKET, t.id, m->id)) !=
	            RC_OK)
		goto out;
	r->id = t.id;
out:
	free(m);
	return rc;
}

static int ticket_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	return RC_OK;   /* the support desk: a national object */
}

int uc_ticket_open(const struct uc *uc, const char *subject, const char *body, uint64_t *id,
                   char **why)
{
	struct ticket_run r = { .uc = uc, .subject = subject, .body = body };
	const struct uc_path path = {
		.action = ACT_SUPPORT_WRITE, .write = true, .lead = N_("Demande non envoyée."),
		.load = ticket_load, .change = ticket_change,
	};
	int rc;

	*id = 0;
	if ((rc = ticket_check_subject(subject, why)) != RC_OK ||
	    (rc = message_check_body(body, why)) != RC_OK)
		return rc;
	if (uc->actor->role == ROLE_NONE)
		return fail(why, RC_DENIED, "%s", _("Connectez-vous pour écrire à l'assistance."));
	if ((rc = uc_run(uc, &path, &r, why)) == RC_OK)
		*id = r.id;
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

static int tickets_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct tcollect *c = ctx;

	return db_ticket_each_by_org(txn, c->actor->org_id, tcollect_one, c);
}

/* The tickets `read` collects, asked with `action`: *out gets *n of them. */
static int tickets_collect(const struct uc *uc, enum action action,
                           int (*read)(struct store_txn *, void *, struct audit_event *, char **),
                           struct ticket **out, size_t *n, char **why)
{
	struct tcollect c = { .actor = uc->actor };
	const struct uc_path path = {
		.action = action, .lead = N_("Demandes d'assistance illisibles."),
		.load = ticket_load, .change = read,
	};
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = uc_run(uc, &path, &c, why)) != RC_OK) {
		free(c.v);
		return rc;
	}
	*out = c.v;
	*n = c.n;
	return RC_OK;
}

int uc_tickets(const struct uc *uc, struct ticket **out, size_t *n, char **why)
{
	return tickets_collect(uc, ACT_SUPPORT_WRITE, tickets_read, out, n, why);
}

/* ---- the support desk (the programme team) ---- */

static int desk_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	return db_ticket_each(txn, tcollect_one, ctx);
}

int uc_desk_tickets(const struct uc *uc, struct ticket **out, size_t *n, char **why)
{
	return tickets_collect(uc, ACT_SUPPORT_DESK, desk_read, out, n, why);
}

struct state_run {
	const struct uc *uc;
	uint64_t id;
	enum ticket_state state;
};

static int state_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct state_run *r = ctx;
	struct ticket *t = xmalloc(sizeof *t);
	enum ticket_state was;
	int rc = db_ticket_get(txn, r->id, t);

	if (rc == RC_NOTFOUND)
		rc = fail(why, rc, "%s", _("Demande d'assistance introuvable."));
	if (rc != RC_OK)
		goto out;
	if ((was = t->state) == r->state) {
		rc = fail(why, RC_INVALID, _("La demande n° %llu est déjà « %s »."),
		          (unsigned long long)r->id, ticket_state_label(r->state));
		goto out;
	}
	t->state = r->state;
	t->updated_at = uc_now(r->uc);
	if ((rc = db_ticket_update(txn, t)) != RC_OK)
		goto out;
	audit_event_init(ev, r->uc->actor, uc_now(r->uc), ACT_SUPPORT_DESK, "ticket", r->id, 0,
	                 ticket_state_label(was), ticket_state_label(r->state));
out:
	free(t);
	return rc;
}

int uc_ticket_set_state(const struct uc *uc, uint64_t id, enum ticket_state state, char **why)
{
	struct state_run r = { .uc = uc, .id = id, .state = state };
	const struct uc_path path = {
		.action = ACT_SUPPORT_DESK, .write = true,
		.lead = N_("État de la demande inchangé."),
		.load = ticket_load, .change = state_change,
	};

	if ((unsigned)state >= TICKET_STATE_COUNT)
		return fail(why, RC_INVALID, "%s", _("État de demande inconnu."));
	return uc_run(uc, &path, &r, why);
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

static int inbox_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct inbox *b = ctx;
	int rc = RC_OK;

	b->txn = txn;
	if (b->actor->org_id != 0 &&
	    (b->actor->role == ROLE_COLLECTIVITE || b->actor->role == ROLE_FRANCE_SERVICES))
		rc = db_preorder_each_by_org(txn, b->actor->org_id, inbox_preorder, b);
	if (rc == RC_OK)
		rc = db_ticket_each_by_org(txn, b->actor->org_id, inbox_ticket, b);
	return rc;
}

int uc_inbox_unread(const struct uc *uc, size_t *out, char **why)
{
	struct inbox b = { .actor = uc->actor };
	const struct uc_path path = {
		/* one's own inbox */
		.action = ACT_ACCOUNT_SELF, .lead = N_("Messages illisibles."), .change = inbox_read,
	};
	int rc;

	*out = 0;
	if ((rc = uc_run(uc, &path, &b, why)) == RC_OK)
		*out = b.n;
	return rc;
}

static int unread_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct thread_run *r = ctx;

	return unread_in(txn, r->uc->actor, r->kind, r->id, &r->c->n);
}

int uc_thread_unread(const struct uc *uc, enum thread_kind kind, uint64_t thread_id,
                     size_t *out)
{
	struct collect c = { 0 };
	struct thread_run r = { .uc = uc, .kind = (char)kind, .id = thread_id, .c = &c };
	const struct uc_path path = {
		.action = thread_action((char)kind, false), .load = thread_load,
		.change = unread_read,
	};
	int rc = uc_run(uc, &path, &r, NULL);

	*out = rc == RC_OK ? c.n : 0;
	return rc;
}
