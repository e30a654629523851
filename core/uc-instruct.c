/*
 * uc-instruct.c — the préfecture's instruction use cases (see
 * uc-instruct.h), each on the one use-case path (uc_run): the queue and
 * the envelope in one read transaction, a file with what the préfecture
 * keeps on it, the decisions (through preorder_apply), the programmation
 * notified in one transaction, bulk actions file by file.
 *
 * Audit: what the préfecture keeps (labels, priority, notes, followers,
 * provisional decisions) is logged on object kind "instruction", which the
 * applicant's history never reads; decisions on the pre-order ("preorder").
 */
#include "core/uc-instruct.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/core.h"
#include "core/i18n.h"
#include "core/message.h"
#include "core/uc-message.h"
#include "core/uc-preorder.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store-instruct.h"
#include "store/store-message.h"
#include "store/store-programme.h"
#include "store/store.h"

#define KIND_INSTRUCTION "instruction"
#define BULK_CHUNK 250            /* files of a bulk action per durable commit */

static const char *const tab_labels[TAB_COUNT] = {
	[TAB_A_TRAITER] = N_("À traiter"),
	[TAB_SUIVIES] = N_("Suivies"),
	[TAB_TRAITEES] = N_("Traitées"),
	[TAB_TOUTES] = N_("Toutes"),
};

const char *queue_tab_label(enum queue_tab t)
{
	return (unsigned)t < TAB_COUNT ? _(tab_labels[t]) : "?";
}

bool queue_row_in_tab(const struct queue_row *r, enum queue_tab t)
{
	switch (t) {
	case TAB_A_TRAITER: return r->state == PO_DEPOSEE && !r->followed;
	case TAB_SUIVIES: return r->mine;
	case TAB_TRAITEES:
		return preorder_state_decided(r->state);
	case TAB_TOUTES: return true;
	default: return false;
	}
}

void file_results_free(struct file_result *r, size_t n)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(r[i].why);
	free(r);
}

/* Zones named by the eligibility evidence kept at submission. */
unsigned queue_zones_of_note(const char *note)
{
	unsigned z = 0;

	if (strstr(note, "liste des ZRR") != NULL || strstr(note, "en ZRR") != NULL)
		z |= ZONE_ZRR;
	if (strstr(note, "liste des FRR") != NULL || strstr(note, "en FRR") != NULL)
		z |= ZONE_FRR;
	if (strstr(note, "liste des QPV") != NULL || strstr(note, "QPV)") != NULL ||
	    strstr(note, "compte un QPV") != NULL)
		z |= ZONE_QPV;
	if (strstr(note, "France Services labellisé") != NULL)
		z |= ZONE_FS;
	return z;
}

/* A message in the thread by someone who is not of the préfecture or the programme team. */
static bool by_applicant(enum role r)
{
	return r == ROLE_COLLECTIVITE || r == ROLE_FRANCE_SERVICES;
}

struct last_msg {
	int64_t applicant_at;
};

static int last_msg_one(const struct message *m, void *ctx)
{
	struct last_msg *l = ctx;

	if (by_applicant(m->author_role) && m->at > l->applicant_at)
		l->applicant_at = m->at;
	return 0;
}

/* When the applicant last amended, wrote or abandoned (0: never). */
static int applicant_activity(struct store_txn *txn, const struct preorder_head *po,
                              int64_t *out)
{
	struct last_msg l = { 0 };
	int64_t at = po->last_amend_at;
	int rc;

	if (po->state == PO_ABANDONNEE && po->closed_at > at)
		at = po->closed_at;
	if ((rc = db_message_each(txn, THREAD_PREORDER, po->id, last_msg_one, &l)) != RC_OK)
		return rc;
	if (l.applicant_at > at)
		at = l.applicant_at;
	*out = at;
	return RC_OK;
}

/* A complement was asked of this file, which is déposée still. */
static bool complement_asked(const struct preorder_head *po)
{
	return po->complement_at > 0 && po->state == PO_DEPOSEE;
}

/*
 * Filed again after a complement asked: amended or wrote since (times are
 * in seconds: an answer within the second of the request counts).
 */
static bool completed_of(const struct preorder_head *po, int64_t activity)
{
	return complement_asked(po) && activity >= po->complement_at;
}

/*
 * Small caches for one queue load: the names of communes and the kinds of
 * organisations, by hash (a département has a few hundred communes; the
 * cache only saves look-ups, a collision just looks up again).
 */
#define CACHE_SLOTS 4096

struct commune_slot {
	char insee[8];
	char name[64];
};

struct kind_slot {
	uint64_t org_id;
	enum org_kind kind;
};

struct caches {
	struct commune_slot commune[CACHE_SLOTS];
	struct kind_slot kind[CACHE_SLOTS];
};

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h % CACHE_SLOTS;
}

static void commune_name(struct store_txn *txn, struct caches *c, const char *insee, char *out,
                         size_t cap)
{
	struct commune_slot *sl = &c->commune[hash_str(insee)];
	struct geo_commune g;

	if (insee[0] == '\0') {
		out[0] = '\0';
		return;
	}
	if (strcmp(sl->insee, insee) != 0) {
		strlcpy_(sl->insee, insee, sizeof sl->insee);
		if (db_geo_get(txn, insee, &g) == RC_OK)
			strlcpy_(sl->name, g.name, sizeof sl->name);
		else
			sl->name[0] = '\0';
	}
	strlcpy_(out, sl->name, cap);
}

static enum org_kind org_kind_of(struct store_txn *txn, struct caches *c, uint64_t org_id)
{
	struct kind_slot *sl = &c->kind[org_id % CACHE_SLOTS];
	struct org o;

	if (sl->org_id != org_id) {
		sl->org_id = org_id;
		sl->kind = db_org_get(txn, org_id, &o) == RC_OK ? o.kind : ORG_KIND_NONE;
	}
	return sl->kind;
}

/* Fills row r of pre-order po (in: its instruction head, or version 0). */
static int row_fill(struct store_txn *txn, const struct actor *actor,
                    const struct preorder_head *po, const struct instruction *in,
                    struct caches *cc, struct queue_row *r)
{
	char a[GEO_FOLD_MAX], b[GEO_FOLD_MAX];
	int64_t activity = 0, seen;
	int rc;

	memset(r, 0, sizeof *r);
	r->id = po->id;
	strlcpy_(r->org_name, po->org_name, sizeof r->org_name);
	commune_name(txn, cc, po->insee, r->commune, sizeof r->commune);
	r->kind = org_kind_of(txn, cc, po->org_id);
	r->zones = queue_zones_of_note(po->elig_note);
	r->requested = po->estimated;
	r->state = po->state;
	r->submitted_at = po->submitted_at;
	r->priority = in->priority;
	r->labels = in->labels;
	r->followed = in->nfollow > 0;
	r->mine = instruction_follows(in, actor->account_id);
	r->prog = in->prog;
	r->prog_amount = in->prog_amount;
	if ((rc = applicant_activity(txn, po, &activity)) != RC_OK)
		return rc;
	seen = instruction_seen(in, actor->account_id);
	r->unread = seen > 0 && activity > seen;
	r->completed = completed_of(po, activity);
	geo_fold(po->org_name, a, sizeof a, false);
	geo_fold(r->commune, b, sizeof b, false);
	snprintf(r->folded, sizeof r->folded, "%s %s", a, b);
	return RC_OK;
}

/* ---- the queue ---- */

struct queue_run {
	const struct uc *uc;
	struct store_txn *txn;
	struct queue_row *rows;
	size_t n, cap;
	struct instruction *in;
	struct caches *cc;
};

/* The actor's département as a permission object (a préfecture's queue). */
static int dept_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct queue_run *q = ctx;

	(void)txn;
	(void)why;
	strlcpy_(obj->perm.dept, q->uc->actor->dept, sizeof obj->perm.dept);
	return RC_OK;
}

static int queue_one(const struct preorder_head *po, void *ctx)
{
	struct queue_run *q = ctx;
	struct perm_object o = { .org_id = po->org_id };
	int rc;

	strlcpy_(o.dept, po->dept, sizeof o.dept);
	if (!may(q->uc->actor, ACT_PREORDER_VIEW, &o))
		return 0;
	rc = db_instruction_get_head(q->txn, po->id, q->in);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 256;
		q->rows = xrealloc(q->rows, q->cap * sizeof *q->rows);
	}
	if ((rc = row_fill(q->txn, q->uc->actor, po, q->in, q->cc, &q->rows[q->n])) != RC_OK)
		return rc;
	q->n++;
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const struct queue_row *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int queue_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct queue_run *q = ctx;
	int rc = RC_OK;

	(void)ev;
	(void)why;
	q->txn = txn;
	for (int s = PO_DEPOSEE; s < PO_STATE_COUNT && rc == RC_OK; s++)
		rc = db_preorder_each_head_by_dept_state(txn, q->uc->actor->dept,
		                                         (enum preorder_state)s, queue_one, q);
	if (rc == RC_OK && q->n > 1)
		qsort(q->rows, q->n, sizeof *q->rows, row_cmp);
	return rc;
}

int uc_queue_load(const struct uc *uc, struct queue_row **rows, size_t *n, char **why)
{
	struct queue_run q = { .uc = uc };
	const struct uc_path path = {
		.action = ACT_INSTRUCTION_VIEW, .lead = N_("La file des dossiers est illisible."),
		.load = dept_load, .change = queue_change,
	};
	int rc;

	q.in = xmalloc(sizeof *q.in);
	q.cc = xcalloc(1, sizeof *q.cc);
	rc = uc_run(uc, &path, &q, why);
	free(q.in);
	free(q.cc);
	if (rc != RC_OK) {
		free(q.rows);
		q.rows = NULL;
		q.n = 0;
	}
	*rows = q.rows;
	*n = q.n;
	return rc;
}

/* ---- saved views ---- */

enum view_op { VIEW_GET, VIEW_PUT, VIEW_LIST, VIEW_SAVE, VIEW_DEL };

struct view_run {
	const struct uc *uc;
	struct queue_view *v;
	enum view_op op;
	struct queue_view *list;       /* VIEW_LIST: QUEUE_VIEWS_NAMED of them */
	size_t n;
};

static int view_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct view_run *r = ctx;

	(void)txn;
	(void)why;
	strlcpy_(obj->perm.dept, r->uc->actor->dept, sizeof obj->perm.dept);
	return RC_OK;
}

/* A named view: its name saved again replaces it, else the first free slot. */
static int view_save(struct store_txn *txn, struct view_run *r, char **why)
{
	struct queue_view old;
	uint32_t free_slot = 0;
	int rc;

	if ((rc = text_check(_("Nom de la vue"), r->v->name, 1, QUEUE_VIEW_NAME_MAX, false, why)) !=
	    RC_OK)
		return rc;
	for (uint32_t slot = 1; slot <= QUEUE_VIEWS_NAMED; slot++) {
		rc = db_queue_view_named_get(txn, r->v->account, slot, &old);
		if (rc == RC_NOTFOUND) {
			if (free_slot == 0)
				free_slot = slot;
			continue;
		}
		if (rc != RC_OK)
			return rc;
		if (strcmp(old.name, r->v->name) == 0) {
			free_slot = slot;
			break;
		}
	}
	if (free_slot == 0)
		return fail(why, RC_FULL,
		            _("Vous avez déjà %d vues enregistrées : supprimez-en une d'abord."),
		            QUEUE_VIEWS_NAMED);
	r->v->slot = free_slot;
	return db_queue_view_put(txn, r->v);
}

static int view_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct view_run *r = ctx;
	int rc;

	(void)ev;
	r->v->account = r->uc->actor->account_id;
	switch (r->op) {
	case VIEW_LIST:
		for (uint32_t slot = 1; slot <= QUEUE_VIEWS_NAMED; slot++) {
			rc = db_queue_view_named_get(txn, r->v->account, slot, &r->list[r->n]);
			if (rc == RC_NOTFOUND)
				continue;
			if (rc != RC_OK)
				return rc;
			r->n++;
		}
		return RC_OK;
	case VIEW_DEL:
		rc = db_queue_view_named_del(txn, r->v->account, r->v->slot);
		if (rc == RC_NOTFOUND || rc == RC_INVALID)
			return fail(why, RC_NOTFOUND, "%s", _("Cette vue n'existe plus."));
		return rc;
	default:
		break;
	}
	if (r->v->tab >= TAB_COUNT)
		return fail(why, RC_INVALID, "%s", _("Onglet inconnu."));
	if (r->op == VIEW_SAVE)
		return view_save(txn, r, why);
	r->v->slot = 0;
	r->v->name[0] = '\0';
	if (r->op == VIEW_PUT)
		return db_queue_view_put(txn, r->v);
	rc = db_queue_view_get(txn, r->v->account, r->v->tab, r->v);
	if (rc == RC_NOTFOUND) {
		uint32_t tab = r->v->tab;
		memset(r->v, 0, sizeof *r->v);
		r->v->account = r->uc->actor->account_id;
		r->v->tab = tab;
		rc = RC_OK;
	}
	return rc;
}

static int view_run(const struct uc *uc, struct view_run *r, const char *lead, char **why)
{
	const struct uc_path path = {
		.action = ACT_INSTRUCTION_VIEW, .write = r->op != VIEW_GET && r->op != VIEW_LIST,
		.lead = lead, .load = view_load, .change = view_change,
	};

	return uc_run(uc, &path, r, why);
}

int uc_queue_view_get(const struct uc *uc, enum queue_tab tab, struct queue_view *out,
                      char **why)
{
	struct view_run r = { .uc = uc, .v = out, .op = VIEW_GET };

	memset(out, 0, sizeof *out);
	out->tab = (uint32_t)tab;
	return view_run(uc, &r, N_("Vue enregistrée illisible."), why);
}

int uc_queue_view_put(const struct uc *uc, const struct queue_view *v, char **why)
{
	struct queue_view copy = *v;
	struct view_run r = { .uc = uc, .v = &copy, .op = VIEW_PUT };

	return view_run(uc, &r, N_("Vue non enregistrée."), why);
}

int uc_queue_views_list(const struct uc *uc, struct queue_view **out, size_t *n, char **why)
{
	struct queue_view me = { 0 };
	struct view_run r = { .uc = uc, .v = &me, .op = VIEW_LIST,
	                      .list = xcalloc(QUEUE_VIEWS_NAMED, sizeof *r.list) };
	int rc = view_run(uc, &r, N_("Vues enregistrées illisibles."), why);

	if (rc != RC_OK || r.n == 0) {
		free(r.list);
		r.list = NULL;
		r.n = 0;
	}
	*out = r.list;
	*n = r.n;
	return rc;
}

int uc_queue_view_save(const struct uc *uc, struct queue_view *v, char **why)
{
	struct queue_view copy = *v;
	struct view_run r = { .uc = uc, .v = &copy, .op = VIEW_SAVE };
	int rc = view_run(uc, &r, N_("Vue non enregistrée."), why);

	if (rc == RC_OK)
		*v = copy;
	return rc;
}

int uc_queue_view_delete(const struct uc *uc, uint32_t slot, char **why)
{
	struct queue_view v = { .slot = slot };
	struct view_run r = { .uc = uc, .v = &v, .op = VIEW_DEL };

	return view_run(uc, &r, N_("Vue non supprimée."), why);
}

/* ---- loading one file ---- */

/* What every use case on one file reads first: the pre-order and its instruction. */
struct file_run {
	const struct uc *uc;
	uint64_t id;
	struct preorder *po;
	struct instruction *in;
	bool with_notes;
	/* the request of the use case */
	struct preorder_req rq;
	const char *text;
	uint32_t u32;
	bool on;
	enum prog_kind prog;
	cents_t amount;
	/* results */
	struct queue_row *row;
	char **lines;
	size_t nlines;
	cents_t subsidy, remaining;
	bool pending;
};

static int file_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct file_run *f = ctx;
	int rc;

	if ((rc = db_preorder_get(txn, f->id, f->po)) != RC_OK)
		return rc == RC_NOTFOUND ? fail(why, rc, "%s", _("Intention de commande introuvable."))
		                         : rc;
	if (f->po->state == PO_BROUILLON)
		return fail(why, RC_NOTFOUND, "%s", _("Intention de commande introuvable."));
	rc = f->with_notes ? db_instruction_get(txn, f->id, f->in)
	                   : db_instruction_get_head(txn, f->id, f->in);
	if (rc == RC_NOTFOUND)
		instruction_init(f->in, f->id, f->po->dept);
	else if (rc != RC_OK)
		return rc;
	obj->perm = preorder_perm_object(f->po);
	obj->id = f->id;
	obj->version = f->po->version;
	return RC_OK;
}

/* The same, versioned on the instruction record (labels, priority). */
static int file_load_instruction(struct store_txn *txn, void *ctx, struct uc_object *obj,
                                 char **why)
{
	struct file_run *f = ctx;
	int rc = file_load(txn, ctx, obj, why);

	if (rc == RC_OK)
		obj->version = f->in->version;
	return rc;
}

static void file_run_init(struct file_run *f, const struct uc *uc, uint64_t id, bool notes)
{
	memset(f, 0, sizeof *f);
	f->uc = uc;
	f->id = id;
	f->with_notes = notes;
	f->po = xmalloc(sizeof *f->po);
	f->in = xmalloc(sizeof *f->in);
}

static void file_run_free(struct file_run *f)
{
	free(f->po);
	free(f->in);
}

/*
 * Stores the instruction record and appends its audit event (object
 * "instruction", action ACT_INSTRUCTION_EDIT or `act`), before → after.
 */
static int instruction_save(const struct uc *uc, struct store_txn *txn, struct instruction *in,
                            enum action act, const char *what)
{
	struct audit_event *ev = xcalloc(1, sizeof *ev);
	char *sb = xmalloc(AUDIT_SUMMARY_MAX + 1), *sa = xmalloc(AUDIT_SUMMARY_MAX + 1);
	struct instruction *old = xmalloc(sizeof *old);
	int rc;

	if (db_instruction_get_head(txn, in->preorder_id, old) == RC_OK)
		instruction_summary(old, sb, AUDIT_SUMMARY_MAX + 1);
	else
		sb[0] = '\0';
	if ((rc = db_instruction_put(txn, in)) != RC_OK)
		goto out;
	instruction_summary(in, sa, AUDIT_SUMMARY_MAX + 1);
	if (what != NULL) {
		size_t n = strlen(sa);
		snprintf(sa + n, AUDIT_SUMMARY_MAX + 1 - n, " ; %s", what);
	}
	audit_event_init(ev, uc->actor, uc_now(uc), act, KIND_INSTRUCTION, in->preorder_id,
	                 in->version, sb, sa);
	rc = db_audit_append(txn, ev);
out:
	free(ev);
	free(sb);
	free(sa);
	free(old);
	return rc;
}

/* ---- a file ---- */

/* Whether the file's complement was asked, and answered by the applicant since. */
static int file_complement(struct store_txn *txn, const struct file_run *f, bool *asked,
                           bool *answered)
{
	struct preorder_head *h = xmalloc(sizeof *h);
	int64_t activity = 0;
	int rc;

	preorder_head_of(f->po, h);
	rc = applicant_activity(txn, h, &activity);
	*asked = complement_asked(h);
	*answered = rc == RC_OK && completed_of(h, activity);
	free(h);
	return rc;
}

static int open_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	bool asked, answered;
	int rc;

	(void)ev;
	(void)why;
	if ((rc = file_complement(txn, f, &asked, &answered)) != RC_OK)
		return rc;
	/* the « opened » mark is written without an audit event: it is no change of the file */
	instruction_mark_seen(f->in, f->uc->actor->account_id, uc_now(f->uc));
	f->in->completed = answered;
	return db_instruction_put_quiet(txn, f->in);
}

int uc_file_open(const struct uc *uc, uint64_t id, struct preorder *po, struct instruction *in,
                 char **why)
{
	struct file_run f;
	const struct uc_path path = {
		.action = ACT_INSTRUCTION_VIEW, .write = true,
		.lead = N_("Dossier illisible."), .load = file_load, .change = open_change,
	};
	int rc;

	file_run_init(&f, uc, id, true);
	rc = uc_run(uc, &path, &f, why);
	if (rc == RC_OK) {
		*po = *f.po;
		*in = *f.in;
	} else {
		memset(po, 0, sizeof *po);
		instruction_init(in, id, "");
	}
	file_run_free(&f);
	return rc;
}

struct hist {
	struct audit_event *ev;
	size_t n, cap;
};

static int hist_one(const struct audit_event *ev, void *ctx)
{
	struct hist *h = ctx;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->ev = xrealloc(h->ev, h->cap * sizeof *h->ev);
	}
	h->ev[h->n++] = *ev;
	return 0;
}

static int hist_cmp(const void *a, const void *b)
{
	const struct audit_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(y->object_kind, x->object_kind); /* the pre-order's first */
}

/* Both logs of a file, oldest first, into h (caller frees h->ev). */
static int history_collect(struct store_txn *txn, uint64_t id, bool instruction, struct hist *h)
{
	int rc = db_audit_each(txn, "preorder", id, 0, hist_one, h);

	if (rc == RC_OK && instruction)
		rc = db_audit_each(txn, KIND_INSTRUCTION, id, 0, hist_one, h);
	if (rc == RC_OK && h->n > 1)
		qsort(h->ev, h->n, sizeof *h->ev, hist_cmp);
	return rc;
}

static int history_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	struct hist h = { 0 };
	char *line = xmalloc(AUDIT_SUMMARY_MAX * 2 + 256);
	int rc;

	(void)ev;
	(void)why;
	if ((rc = history_collect(txn, f->id, true, &h)) == RC_OK) {
		f->lines = xcalloc(h.n ? h.n : 1, sizeof *f->lines);
		for (size_t i = 0; i < h.n; i++) {
			audit_event_line(&h.ev[i], line, AUDIT_SUMMARY_MAX * 2 + 256);
			f->lines[i] = xstrdup(line);
		}
		f->nlines = h.n;
	}
	free(h.ev);
	free(line);
	return rc;
}

int uc_file_history(const struct uc *uc, uint64_t id, char ***lines, size_t *n, char **why)
{
	struct file_run f;
	const struct uc_path path = {
		.action = ACT_INSTRUCTION_VIEW, .lead = N_("Historique illisible."),
		.load = file_load, .change = history_change,
	};
	int rc;

	file_run_init(&f, uc, id, false);
	rc = uc_run(uc, &path, &f, why);
	if (rc != RC_OK) {
		for (size_t i = 0; i < f.nlines; i++)
			free(f.lines[i]);
		free(f.lines);
		f.lines = NULL;
		f.nlines = 0;
	}
	*lines = f.lines;
	*n = f.nlines;
	file_run_free(&f);
	return rc;
}

/* Runs one change of the instruction record on the one path. */
static int run_instruction(const struct uc *uc, uint64_t id, bool versioned, uint64_t version,
                           int (*change)(struct store_txn *, void *, struct audit_event *,
                                         char **),
                           struct file_run *f, char **why)
{
	const struct uc_path path = {
		.action = ACT_INSTRUCTION_EDIT, .write = true,
		.lead = N_("Le suivi du dossier n'a pas été enregistré."),
		.kind = versioned ? KIND_INSTRUCTION : NULL, .read_version = version,
		.stale_lead = N_("Le suivi de ce dossier a été modifié"),
		.stale_reload = N_("rouvrez le dossier"),
		.load = versioned ? file_load_instruction : file_load, .change = change,
	};

	(void)id;
	return uc_run(uc, &path, f, why);
}

static int follow_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	int rc = instruction_follow(f->in, f->uc->actor->account_id, f->on);

	(void)ev;
	if (rc == RC_EXISTS)
		return RC_OK;           /* already so: idempotent */
	if (rc == RC_FULL)
		return fail(why, RC_FULL, _("%d agents suivent déjà ce dossier."), FOLLOWERS_MAX);
	return instruction_save(f->uc, txn, f->in, ACT_INSTRUCTION_EDIT,
	                        f->on ? _("suivi par l'agent") : _("n'est plus suivi par l'agent"));
}

int uc_file_follow(const struct uc *uc, uint64_t id, bool on, char **why)
{
	struct file_run f;
	int rc;

	file_run_init(&f, uc, id, true);
	f.on = on;
	rc = run_instruction(uc, id, false, 0, follow_change, &f, why);
	file_run_free(&f);
	return rc;
}

static int labels_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;

	(void)ev;
	if (f->u32 >= (1u << LABEL_COUNT))
		return fail(why, RC_INVALID, "%s", _("Étiquette inconnue."));
	if (f->u32 == f->in->labels)
		return fail(why, RC_INVALID, "%s", _("Les étiquettes sont inchangées."));
	f->in->labels = f->u32;
	return instruction_save(f->uc, txn, f->in, ACT_INSTRUCTION_EDIT, NULL);
}

int uc_file_labels(const struct uc *uc, uint64_t id, uint64_t version, uint32_t labels,
                   char **why)
{
	struct file_run f;
	int rc;

	file_run_init(&f, uc, id, true);
	f.u32 = labels;
	rc = run_instruction(uc, id, true, version, labels_change, &f, why);
	file_run_free(&f);
	return rc;
}

static int priority_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	const char *note = f->text != NULL ? f->text : "";

	(void)ev;
	if (f->u32 > 100000)
		return fail(why, RC_INVALID, "%s", _("Rang de priorité : de 1 à 100 000 (0 l'efface)."));
	if (text_check(_("Commentaire de la priorité"), note, 0, PRIORITY_NOTE_MAX, false, why) !=
	    RC_OK)
		return RC_INVALID;
	f->in->priority = f->u32;
	strlcpy_(f->in->priority_note, f->u32 != 0 ? note : "", sizeof f->in->priority_note);
	return instruction_save(f->uc, txn, f->in, ACT_INSTRUCTION_EDIT, NULL);
}

int uc_file_priority(const struct uc *uc, uint64_t id, uint64_t version, uint32_t rank,
                     const char *note, char **why)
{
	struct file_run f;
	int rc;

	file_run_init(&f, uc, id, true);
	f.u32 = rank;
	f.text = note;
	rc = run_instruction(uc, id, true, version, priority_change, &f, why);
	file_run_free(&f);
	return rc;
}

static int note_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	int rc;

	(void)ev;
	if ((rc = instruction_note_add(f->in, f->uc->actor, uc_now(f->uc), f->text, why)) != RC_OK)
		return rc;
	return instruction_save(f->uc, txn, f->in, ACT_INSTRUCTION_EDIT, _("annotation ajoutée"));
}

int uc_file_note(const struct uc *uc, uint64_t id, const char *text, char **why)
{
	struct file_run f;
	int rc;

	file_run_init(&f, uc, id, true);
	f.text = text;
	rc = run_instruction(uc, id, false, 0, note_change, &f, why);
	file_run_free(&f);
	return rc;
}

/* ---- decisions ---- */

/*
 * After the decision: what the préfecture keeps follows (instruct makes
 * the actor follow; a decision ends the file's provisional decision) and
 * the applicant is told in the thread when the decision carries a text.
 */
static int decision_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	enum action act = f->rq.action;
	bool save = false;
	int rc;

	if ((rc = uc_preorder_apply_in(f->uc, txn, f->po, &f->rq, ev, why)) != RC_OK)
		return rc;
	if (act == ACT_PREORDER_INSTRUCT &&
	    instruction_follow(f->in, f->uc->actor->account_id, true) == RC_OK)
		save = true;
	if (f->in->prog != PROG_NONE && act != ACT_PREORDER_INSTRUCT) {
		f->in->prog = PROG_NONE;
		f->in->prog_amount = 0;
		f->in->prog_reason[0] = '\0';
		save = true;
	}
	if (act == ACT_PREORDER_COMPLEMENT) {
		f->in->completed = false;
		save = true;
	}
	if (save && (rc = instruction_save(f->uc, txn, f->in, ACT_INSTRUCTION_EDIT,
	                                   action_label(act))) != RC_OK)
		return rc;
	if (f->text != NULL && f->text[0] != '\0')
		rc = uc_message_post_in(f->uc, txn, THREAD_PREORDER, f->id, f->text, why);
	return rc;
}

static int run_decision(const struct uc *uc, uint64_t id, uint64_t po_version,
                        struct file_run *f, char **why)
{
	const struct uc_path path = {
		.action = f->rq.action, .write = true,
		.lead = N_("La décision n'a pas été enregistrée."),
		.kind = "preorder", .read_version = po_version,
		.stale_lead = N_("Ce dossier a été modifié"), .stale_reload = N_("rouvrez-le"),
		.load = file_load, .change = decision_change,
	};

	(void)id;
	return uc_run(uc, &path, f, why);
}

static int decide(const struct uc *uc, uint64_t id, uint64_t po_version,
                  const struct preorder_req *rq, const char *message, char **why)
{
	struct file_run f;
	int rc;

	file_run_init(&f, uc, id, false);
	f.rq = *rq;
	f.text = message;
	rc = run_decision(uc, id, po_version, &f, why);
	file_run_free(&f);
	return rc;
}

int uc_file_instruct(const struct uc *uc, uint64_t id, uint64_t po_version, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_INSTRUCT };

	return decide(uc, id, po_version, &rq, NULL, why);
}

int uc_file_complement(const struct uc *uc, uint64_t id, uint64_t po_version,
                       const char *message, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_COMPLEMENT, .text = message };
	char *full = NULL;
	int rc;

	if (message != NULL && message[0] != '\0')
		full = xasprintf(_("Complément demandé : %s"), message);
	rc = decide(uc, id, po_version, &rq, full, why);
	free(full);
	return rc;
}

/* Subsidy of `retained` and the envelope after it (read in txn). */
static int preview_in(struct store_txn *txn, const struct preorder *po, cents_t retained,
                      cents_t *subsidy, cents_t *remaining, char **why)
{
	struct settings *s = xmalloc(sizeof *s);
	char a[48], b[48];
	cents_t env = 0, committed = 0, sub, total;
	int rc;

	*subsidy = 0;
	*remaining = 0;
	if ((rc = db_settings_get(txn, s)) != RC_OK)
		goto out;
	if (retained <= 0) {
		rc = fail(why, RC_INVALID, "%s", _("Indiquez le montant de dépense retenu (HT)."));
		goto out;
	}
	if (retained > po->estimated) {
		rc = fail(why, RC_INVALID, _("Le montant retenu (%s) ne peut dépasser le total "
		                             "demandé (%s)."), cents_format(retained, a, sizeof a),
		          cents_format(po->estimated, b, sizeof b));
		goto out;
	}
	if (!settings_envelope(s, po->dept, &env)) {
		rc = fail(why, RC_INVALID, _("Aucune enveloppe budgétaire n'est fixée pour le "
		                             "département %s."), po->dept);
		goto out;
	}
	if ((rc = uc_dept_committed(txn, po->dept, &committed)) != RC_OK)
		goto out;
	sub = subsidy_cents(s->subsidy_rate_bp, retained, s->expense_cap);
	*subsidy = sub;
	if (!cents_add(committed, sub, &total) || total > env) {
		char e[48], over[48], com[48], su[48];
		rc = fail(why, RC_INVALID, _("Au-delà de l'enveloppe du département (%s) de %s : %s "
		                             "déjà engagés, %s pour cette subvention."),
		          cents_format(env, e, sizeof e), cents_format(total - env, over, sizeof over),
		          cents_format(committed, com, sizeof com), cents_format(sub, su, sizeof su));
		goto out;
	}
	*remaining = env - total;
	rc = RC_OK;
out:
	free(s);
	return rc;
}

static int preview_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;

	(void)ev;
	return preview_in(txn, f->po, f->amount, &f->subsidy, &f->remaining, why);
}

int uc_file_retain_preview(const struct uc *uc, uint64_t id, cents_t retained,
                           cents_t *subsidy, cents_t *remaining_after, char **why)
{
	struct file_run f;
	const struct uc_path path = {
		.action = ACT_PREORDER_RETAIN, .lead = N_("Calcul impossible."),
		.load = file_load, .change = preview_change,
	};
	int rc;

	file_run_init(&f, uc, id, false);
	f.amount = retained;
	rc = uc_run(uc, &path, &f, why);
	*subsidy = f.subsidy;
	*remaining_after = f.remaining;
	file_run_free(&f);
	return rc;
}

int uc_file_retain(const struct uc *uc, uint64_t id, uint64_t po_version, cents_t retained,
                   const char *comment, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_RETAIN, .amount = retained,
		                   .text = comment };

	return decide(uc, id, po_version, &rq, NULL, why);
}

int uc_file_reject(const struct uc *uc, uint64_t id, uint64_t po_version, const char *reason,
                   char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_REJECT, .text = reason };

	return decide(uc, id, po_version, &rq, NULL, why);
}

int uc_file_dismiss(const struct uc *uc, uint64_t id, uint64_t po_version, const char *reason,
                    char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_DISMISS, .text = reason };

	return decide(uc, id, po_version, &rq, NULL, why);
}

int uc_file_reopen(const struct uc *uc, uint64_t id, uint64_t po_version, const char *reason,
                   char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_REOPEN, .text = reason };

	return decide(uc, id, po_version, &rq, NULL, why);
}

int uc_file_convention(const struct uc *uc, uint64_t id, uint64_t po_version,
                       const char *number, day_t signed_on, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_CONVENTION, .text = number,
		                   .day = signed_on };

	return decide(uc, id, po_version, &rq, NULL, why);
}

int uc_file_pay(const struct uc *uc, uint64_t id, uint64_t po_version, day_t paid_on,
                cents_t amount, char **why)
{
	struct preorder_req rq = { .action = ACT_PREORDER_PAY, .day = paid_on, .amount = amount };

	return decide(uc, id, po_version, &rq, NULL, why);
}

/* ---- the envelope ---- */

struct env_run {
	const struct uc *uc;
	struct store_txn *txn;
	struct envelope_view *out;
	const struct settings *s;
};

static int env_paid(const struct preorder *po, void *ctx)
{
	struct envelope_view *v = ctx;

	if (!cents_add(v->paid, preorder_paid(po, NULL), &v->paid))
		v->paid = CENTS_MAX;
	return 0;
}

static int env_prog(const struct instruction *in, void *ctx)
{
	struct env_run *e = ctx;
	cents_t sub;

	if (in->prog != PROG_RETAIN)
		return 0;
	sub = subsidy_cents(e->s->subsidy_rate_bp, in->prog_amount, e->s->expense_cap);
	if (sub > 0 && !cents_add(e->out->provisional, sub, &e->out->provisional))
		e->out->provisional = CENTS_MAX;
	return 0;
}

/* The envelope of dept as it stands, in txn. */
static int envelope_in(struct store_txn *txn, const char *dept, struct envelope_view *out)
{
	struct settings *s = xmalloc(sizeof *s);
	struct env_run e = { .txn = txn, .out = out, .s = s };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = db_settings_get(txn, s)) != RC_OK)
		goto out;
	out->set = settings_envelope(s, dept, &out->envelope);
	if ((rc = uc_dept_committed(txn, dept, &out->committed)) != RC_OK)
		goto out;
	for (int st = PO_CONVENTIONNEE; st <= PO_SUBVENTION_VERSEE && rc == RC_OK; st++)
		rc = db_preorder_each_by_dept_state(txn, dept, (enum preorder_state)st, env_paid, out);
	if (rc == RC_OK)
		rc = db_instruction_each_by_dept(txn, dept, env_prog, &e);
	out->remaining = out->envelope > out->committed ? out->envelope - out->committed : 0;
out:
	free(s);
	return rc;
}

static int env_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct env_run *e = ctx;

	(void)ev;
	(void)why;
	return envelope_in(txn, e->uc->actor->dept, e->out);
}

static int env_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct env_run *e = ctx;

	(void)txn;
	(void)why;
	strlcpy_(obj->perm.dept, e->uc->actor->dept, sizeof obj->perm.dept);
	return RC_OK;
}

int uc_envelope(const struct uc *uc, struct envelope_view *out, char **why)
{
	struct env_run e = { .uc = uc, .out = out };
	const struct uc_path path = {
		.action = ACT_INSTRUCTION_VIEW, .lead = N_("L'enveloppe est illisible."),
		.load = env_load, .change = env_change,
	};
	int rc = uc_run(uc, &path, &e, why);

	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* ---- programmation ---- */

static int prog_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	struct instruction *in = f->in;
	char a[48], b[48];

	(void)ev;
	if (f->prog != PROG_NONE && f->po->state != PO_DEPOSEE && f->po->state != PO_EN_INSTRUCTION)
		return fail(why, RC_INVALID, _("Impossible : l'intention de commande est %s (il faut "
		                               "déposée ou en instruction)."),
		            preorder_state_label(f->po->state));
	switch (f->prog) {
	case PROG_NONE:
		if (in->prog == PROG_NONE)
			return fail(why, RC_INVALID, "%s", _("Aucune décision provisoire sur ce dossier."));
		break;
	case PROG_RETAIN:
		if (f->amount <= 0)
			return fail(why, RC_INVALID, "%s", _("Indiquez le montant de dépense retenu (HT)."));
		if (f->amount > f->po->estimated)
			return fail(why, RC_INVALID, _("Le montant retenu (%s) ne peut dépasser le total "
			                               "demandé (%s)."), cents_format(f->amount, a, sizeof a),
			            cents_format(f->po->estimated, b, sizeof b));
		break;
	case PROG_REJECT:
		if (f->text == NULL || f->text[0] == '\0')
			return fail(why, RC_INVALID, _("Le motif de non-sélection est obligatoire (%d à %d "
			                               "caractères)."), REASON_MIN, REASON_MAX);
		if (text_check(_("Motif de non-sélection"), f->text, REASON_MIN, REASON_MAX, true,
		               why) != RC_OK)
			return RC_INVALID;
		break;
	default:
		return fail(why, RC_INVALID, "%s", _("Décision provisoire inconnue."));
	}
	in->prog = f->prog;
	in->prog_amount = f->prog == PROG_RETAIN ? f->amount : 0;
	strlcpy_(in->prog_reason, f->prog == PROG_REJECT ? f->text : "", sizeof in->prog_reason);
	in->prog_po_version = f->prog != PROG_NONE ? f->po->version : 0;
	return instruction_save(f->uc, txn, in, ACT_INSTRUCTION_EDIT,
	                        f->prog == PROG_NONE ? _("décision provisoire retirée")
	                                             : _("décision provisoire"));
}

int uc_prog_set(const struct uc *uc, uint64_t id, enum prog_kind kind, cents_t amount,
                const char *reason, char **why)
{
	struct file_run f;
	int rc;

	file_run_init(&f, uc, id, true);
	f.prog = kind;
	f.amount = amount;
	f.text = reason;
	rc = run_instruction(uc, id, false, 0, prog_change, &f, why);
	file_run_free(&f);
	return rc;
}

struct notify_run {
	const struct uc *uc;
	uint64_t *ids;
	size_t n, cap;
	struct file_result *res;
	size_t nres;
};

static int notify_collect(const struct instruction *in, void *ctx)
{
	struct notify_run *r = ctx;

	if (in->prog == PROG_NONE)
		return 0;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->ids = xrealloc(r->ids, r->cap * sizeof *r->ids);
	}
	r->ids[r->n++] = in->preorder_id;
	return 0;
}

/* Appends one audit event (decisions inside the notification's one transaction). */
static int append_event(struct store_txn *txn, struct audit_event *ev)
{
	int rc = ev->object_kind[0] != '\0' ? db_audit_append(txn, ev) : RC_OK;

	memset(ev, 0, sizeof *ev);
	return rc;
}

/*
 * One file of the notification, in the open transaction: RC_OK when
 * decided, else a refusal in *why (nothing of that file written: the
 * caller's checks come before any write).
 */
static int notify_one(const struct uc *uc, struct store_txn *txn, uint64_t id,
                      struct preorder *po, struct instruction *in, struct audit_event *ev,
                      char **why)
{
	struct perm_object o;
	struct preorder_req rq;
	enum action act;
	char money[48];
	char *msg = NULL;
	int rc;

	if ((rc = db_preorder_get(txn, id, po)) != RC_OK ||
	    (rc = db_instruction_get(txn, id, in)) != RC_OK)
		return fail(why, rc, "%s", _("Dossier introuvable."));
	o = preorder_perm_object(po);
	act = in->prog == PROG_RETAIN ? ACT_PREORDER_RETAIN : ACT_PREORDER_REJECT;
	if ((rc = may_why(uc->actor, act, &o, why)) != RC_OK)
		return rc;
	if (po->version != in->prog_po_version)
		return fail(why, RC_STALE, _("Le dossier a été modifié depuis la décision provisoire "
		                             "(version %llu, décision prise sur la version %llu) : "
		                             "revoyez-le."), (unsigned long long)po->version,
		            (unsigned long long)in->prog_po_version);
	if (po->state == PO_DEPOSEE) {
		memset(&rq, 0, sizeof rq);
		rq.action = ACT_PREORDER_INSTRUCT;
		rc = uc_preorder_apply_in(uc, txn, po, &rq, ev, why);
		if (rc != RC_OK || (rc = append_event(txn, ev)) != RC_OK)
			return rc;
	}
	memset(&rq, 0, sizeof rq);
	rq.action = act;
	rq.amount = in->prog_amount;
	rq.text = in->prog == PROG_REJECT ? in->prog_reason : NULL;
	if ((rc = uc_preorder_apply_in(uc, txn, po, &rq, ev, why)) != RC_OK)
		return rc;
	if ((rc = append_event(txn, ev)) != RC_OK)
		return rc;
	if (act == ACT_PREORDER_RETAIN)
		msg = xasprintf(_("Votre intention de commande est retenue : dépense retenue %s HT, "
		                  "subvention de %s."), cents_format(po->retained, money, sizeof money),
		                po->subsidy > 0 ? cents_format(po->subsidy, (char[48]){ 0 }, 48) : "0");
	else
		msg = xasprintf(_("Votre intention de commande n'est pas retenue. Motif : %s"),
		                po->reason);
	in->prog = PROG_NONE;
	in->prog_amount = 0;
	in->prog_reason[0] = '\0';
	in->prog_po_version = 0;
	if ((rc = instruction_save(uc, txn, in, ACT_INSTRUCTION_EDIT,
	                           _("programmation notifiée"))) == RC_OK)
		rc = uc_message_post_in(uc, txn, THREAD_PREORDER, id, msg, why);
	free(msg);
	return rc;
}

static int notify_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct notify_run *r = ctx;

	(void)txn;
	(void)why;
	strlcpy_(obj->perm.dept, r->uc->actor->dept, sizeof obj->perm.dept);
	return RC_OK;
}

static int notify_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct notify_run *r = ctx;
	struct preorder *po = xmalloc(sizeof *po);
	struct instruction *in = xmalloc(sizeof *in);
	int rc;

	(void)why;
	if ((rc = db_instruction_each_by_dept(txn, r->uc->actor->dept, notify_collect, r)) != RC_OK)
		goto out;
	r->res = xcalloc(r->n ? r->n : 1, sizeof *r->res);
	for (size_t i = 0; i < r->n; i++) {
		struct file_result *fr = &r->res[r->nres++];
		struct store_txn *one = NULL;

		/* each file nested in the one transaction: a refused file leaves nothing */
		fr->id = r->ids[i];
		if ((rc = store_begin_nested(txn, &one)) != RC_OK)
			goto out;
		fr->rc = notify_one(r->uc, one, r->ids[i], po, in, ev, &fr->why);
		memset(ev, 0, sizeof *ev);
		if (fr->rc == RC_OK) {
			rc = store_commit(one);
		} else {
			store_abort(one);
			rc = fr->rc == RC_IO || fr->rc == RC_FULL || fr->rc == RC_ERR ? fr->rc : RC_OK;
		}
		if (rc != RC_OK)
			goto out;
	}
	rc = RC_OK;
out:
	free(po);
	free(in);
	return rc;
}

int uc_prog_notify(const struct uc *uc, struct file_result **res, size_t *n, char **why)
{
	struct notify_run r = { .uc = uc };
	const struct uc_path path = {
		.action = ACT_INSTRUCTION_EDIT, .write = true,
		.lead = N_("La programmation n'a pas été notifiée."),
		.load = notify_load, .change = notify_change,
	};
	int rc = uc_run(uc, &path, &r, why);

	free(r.ids);
	if (rc != RC_OK) {
		file_results_free(r.res, r.nres);
		r.res = NULL;
		r.nres = 0;
	}
	*res = r.res;
	*n = r.nres;
	return rc;
}

/* ---- one row, read again ---- */

static int row_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	struct caches *cc = xcalloc(1, sizeof *cc);
	struct preorder_head *h = xmalloc(sizeof *h);
	int rc;

	(void)ev;
	(void)why;
	preorder_head_of(f->po, h);
	rc = row_fill(txn, f->uc->actor, h, f->in, cc, f->row);
	free(h);
	free(cc);
	return rc;
}

int uc_queue_row(const struct uc *uc, uint64_t id, struct queue_row *out, char **why)
{
	struct file_run f;
	const struct uc_path path = {
		.action = ACT_INSTRUCTION_VIEW, .lead = N_("Dossier illisible."),
		.load = file_load, .change = row_change,
	};
	int rc;

	file_run_init(&f, uc, id, false);
	f.row = out;
	rc = uc_run(uc, &path, &f, why);
	if (rc != RC_OK)
		memset(out, 0, sizeof *out);
	file_run_free(&f);
	return rc;
}

/* ---- the applicant's side of a complement ---- */

static int pending_change(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct file_run *f = ctx;
	bool asked, answered;
	int rc;

	(void)ev;
	(void)why;
	rc = file_complement(txn, f, &asked, &answered);
	f->pending = rc == RC_OK && asked && !answered;
	return rc;
}

int uc_complement_pending(const struct uc *uc, uint64_t id, bool *pending, char **why)
{
	struct file_run f;
	const struct uc_path path = {
		.action = ACT_PREORDER_VIEW, .lead = N_("Intention de commande illisible."),
		.load = file_load, .change = pending_change,
	};
	int rc;

	file_run_init(&f, uc, id, false);
	rc = uc_run(uc, &path, &f, why);
	*pending = rc == RC_OK && f.pending;
	file_run_free(&f);
	return rc;
}

/* ---- bulk ---- */

/* The current version of a file (pre-order and instruction) for the actor. */
static int current_versions(const struct uc *uc, uint64_t id, uint64_t *po_version,
                            uint64_t *in_version, uint32_t *labels, struct preorder *po,
                            char **why)
{
	struct file_run f;
	const struct uc_path path = {
		.action = ACT_PREORDER_VIEW, .lead = N_("Dossier illisible."), .load = file_load,
	};
	int rc;

	file_run_init(&f, uc, id, false);
	rc = uc_run(uc, &path, &f, why);
	*po_version = f.po->version;
	*in_version = f.in->version;
	*labels = f.in->labels;
	if (po != NULL)
		*po = *f.po;
	file_run_free(&f);
	return rc;
}

/* Commits the chunk of results r[from..to) (their use cases nested in *top). */
static int bulk_commit(struct store_txn **top, struct file_result *r, size_t from, size_t to)
{
	int rc;

	if (*top == NULL)
		return RC_OK;
	rc = store_commit(*top);
	*top = NULL;
	if (rc == RC_OK)
		return RC_OK;
	/* nothing of the chunk reached the disk: every file of it says so */
	for (size_t i = from; i < to; i++) {
		free(r[i].why);
		r[i].rc = uc_fail(&r[i].why, rc, N_("Rien n'a été enregistré."));
	}
	return rc;
}

/* One file of a bulk action, nested in the chunk's transaction (u->within). */
static int bulk_one(const struct uc *u, enum bulk_action a, const struct bulk_arg *arg,
                    uint64_t id, struct preorder *po, char **why)
{
	uint64_t pv, iv;
	uint32_t labels, add = arg != NULL ? arg->labels : 0;
	int rc = current_versions(u, id, &pv, &iv, &labels, po, why);

	if (rc != RC_OK)
		return rc;
	switch (a) {
	case BULK_INSTRUCT: return uc_file_instruct(u, id, pv, why);
	case BULK_FOLLOW: return uc_file_follow(u, id, true, why);
	case BULK_UNFOLLOW: return uc_file_follow(u, id, false, why);
	case BULK_LABEL:
		if ((labels | add) == labels)
			return RC_OK;       /* already so */
		return uc_file_labels(u, id, iv, labels | add, why);
	case BULK_PRIORITY: return uc_file_priority(u, id, iv, arg != NULL ? arg->rank : 0, "", why);
	case BULK_MESSAGE: return uc_message_post(u, THREAD_PREORDER, id, arg->text, why);
	case BULK_PROG_RETAIN: return uc_prog_set(u, id, PROG_RETAIN, po->estimated, NULL, why);
	case BULK_PROG_REJECT: return uc_prog_set(u, id, PROG_REJECT, 0, arg->text, why);
	default: return fail(why, RC_INVALID, "%s", _("Action groupée inconnue."));
	}
}

int uc_bulk(const struct uc *uc, enum bulk_action a, const struct bulk_arg *arg,
            const uint64_t *ids, size_t n, struct file_result **res, char **why)
{
	struct store_txn *top = NULL;
	struct file_result *r;
	struct preorder *po;
	struct uc u = *uc;
	size_t from = 0;
	int rc = RC_OK;

	*res = NULL;
	if (n > 100000)
		return fail(why, RC_INVALID, "%s", _("Trop de dossiers pour une action groupée."));
	if ((a == BULK_MESSAGE || a == BULK_PROG_REJECT) &&
	    (arg == NULL || arg->text == NULL || arg->text[0] == '\0'))
		return fail(why, RC_INVALID, "%s", a == BULK_MESSAGE ? _("Le message est vide.")
		                                                     : _("Le motif est obligatoire."));
	if (a == BULK_MESSAGE && message_check_body(arg->text, why) != RC_OK)
		return RC_INVALID;
	r = xcalloc(n ? n : 1, sizeof *r);
	po = xmalloc(sizeof *po);
	for (size_t i = 0; i < n; i++) {
		if (i % BULK_CHUNK == 0) {
			bulk_commit(&top, r, from, i);
			from = i;
			if ((rc = store_begin(uc->st, true, &top)) != RC_OK)
				break;
			u.within = top;
		}
		r[i].id = ids[i];
		r[i].rc = bulk_one(&u, a, arg, ids[i], po, &r[i].why);
		if (r[i].rc == RC_OK) {
			free(r[i].why);
			r[i].why = NULL;
		}
	}
	bulk_commit(&top, r, from, n);
	free(po);
	if (rc != RC_OK) {
		file_results_free(r, n);
		return uc_fail(why, rc, N_("L'action groupée n'a pas pu commencer."));
	}
	*res = r;
	return RC_OK;
}
