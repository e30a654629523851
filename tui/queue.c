/*
 * queue.c — the préfecture's queue as an in-memory list source (see
 * queue.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/org.h"
#include "core/util.h"
#include "tui/pref.h"
#include "tui/queue.h"

const struct list_col queue_cols[QC_COUNT] = {
	[QC_ID] = { N_("N°"), 5, 0, LIST_RIGHT, true },
	[QC_ORG] = { N_("Organisation (commune)"), 16, 1, LIST_LEFT, true },
	[QC_KIND] = { N_("Type"), 4, 0, LIST_LEFT, true },
	[QC_ZONES] = { N_("Zones"), 7, 0, LIST_LEFT, true },
	[QC_AMOUNT] = { N_("Montant HT"), 9, 0, LIST_RIGHT, true },
	[QC_STATE] = { N_("État"), 11, 0, LIST_LEFT, true },
	[QC_FILED] = { N_("Déposée"), 8, 0, LIST_LEFT, true },
	[QC_LABELS] = { N_("Étq"), 3, 0, LIST_LEFT, true },
	[QC_PRIO] = { N_("P"), 2, 0, LIST_RIGHT, true },
	[QC_MARK] = { "", 1, 0, LIST_LEFT, true },
};

static void queue_count(struct queue_model *m)
{
	memset(m->counts, 0, sizeof m->counts);
	for (size_t i = 0; i < m->n; i++)
		for (int t = 0; t < TAB_COUNT; t++)
			if (queue_row_in_tab(&m->rows[i], (enum queue_tab)t))
				m->counts[t]++;
}

void queue_model_set(struct queue_model *m, struct queue_row *rows, size_t n)
{
	free(m->rows);
	m->rows = rows;
	m->n = n;
	m->view_valid = false;
	queue_count(m);
}

const struct queue_row *queue_model_find(const struct queue_model *m, uint64_t id)
{
	/* Rows come in id order from core; updates keep it. */
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->rows[lo].id == id ? &m->rows[lo] : NULL;
}

void queue_model_update(struct queue_model *m, const struct queue_row *r)
{
	const struct queue_row *old = queue_model_find(m, r->id);

	if (old != NULL) {
		m->rows[old - m->rows] = *r;
	} else {
		size_t i = 0;

		m->rows = xrealloc(m->rows, (m->n + 1) * sizeof *m->rows);
		while (i < m->n && m->rows[i].id < r->id)
			i++;
		memmove(&m->rows[i + 1], &m->rows[i], (m->n - i) * sizeof *m->rows);
		m->rows[i] = *r;
		m->n++;
	}
	m->view_valid = false;
	queue_count(m);
}

void queue_model_free(struct queue_model *m)
{
	free(m->rows);
	free(m->view);
	memset(m, 0, sizeof *m);
}

void queue_model_narrow(struct queue_model *m, uint32_t kinds, cents_t amount_min,
                        cents_t amount_max)
{
	if (m->kinds != kinds || m->amount_min != amount_min || m->amount_max != amount_max)
		m->view_valid = false;
	m->kinds = kinds;
	m->amount_min = amount_min;
	m->amount_max = amount_max;
}

static bool queue_matches(const struct queue_model *m, const struct queue_row *r,
                          const struct list_query *q)
{
	unsigned f = q->filter;
	unsigned zones = (f >> QF_ZONE_SHIFT) & 0x3f;
	unsigned labels = (f >> QF_LABEL_SHIFT) & 0xff;
	unsigned states = f >> QF_STATE_SHIFT;

	if ((f & QF_UNREAD) && !r->unread)
		return false;
	if ((f & QF_PROG) && r->prog == PROG_NONE)
		return false;
	if (zones != 0 && (r->zones & zones) == 0)
		return false;
	if (labels != 0 && (r->labels & labels) == 0)
		return false;
	if (states != 0 && (states & (1u << r->state)) == 0)
		return false;
	if (m->kinds != 0 && (r->kind >= 32 || (m->kinds & (1u << r->kind)) == 0))
		return false;
	if (m->amount_min > 0 && r->requested < m->amount_min)
		return false;
	if (m->amount_max > 0 && r->requested > m->amount_max)
		return false;
	return q->folded[0] == '\0' || strstr(r->folded, q->folded) != NULL;
}

/* Sorting context (qsort has none): set just around the call. */
static const struct queue_model *sort_m;
static int sort_col;
static bool sort_desc;

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int queue_cmp(const void *pa, const void *pb)
{
	const struct queue_row *a = &sort_m->rows[*(const size_t *)pa];
	const struct queue_row *b = &sort_m->rows[*(const size_t *)pb];
	int r = 0;

	switch (sort_col) {
	case QC_ORG: r = strcmp(a->folded, b->folded); break;
	case QC_KIND: r = cmp_u64(a->kind, b->kind); break;
	case QC_ZONES: r = cmp_u64(a->zones, b->zones); break;
	case QC_AMOUNT: r = cmp_u64((uint64_t)a->requested, (uint64_t)b->requested); break;
	case QC_STATE: r = cmp_u64(a->state, b->state); break;
	case QC_FILED: r = cmp_u64((uint64_t)a->submitted_at, (uint64_t)b->submitted_at); break;
	case QC_LABELS:
		/* Labelled files first, then by their labels. */
		r = cmp_u64(!a->labels, !b->labels);
		if (r == 0)
			r = cmp_u64(a->labels, b->labels);
		break;
	case QC_PRIO:
		/* A rank before none: 1, 2, 3 … then the files without priority. */
		r = cmp_u64(a->priority ? a->priority : UINT32_MAX,
		            b->priority ? b->priority : UINT32_MAX);
		break;
	case QC_MARK: r = cmp_u64(!a->unread, !b->unread); break;
	default: break;
	}
	if (r == 0)
		r = cmp_u64(a->id, b->id);
	return sort_desc ? -r : r;
}

static void queue_view(struct queue_model *m, const struct list_query *q)
{
	if (m->view_valid && m->last_tab == m->tab && m->last.sort == q->sort &&
	    m->last.desc == q->desc && m->last.filter == q->filter &&
	    strcmp(m->last.folded, q->folded) == 0)
		return;
	free(m->view);
	m->view = m->n > 0 ? xcalloc(m->n, sizeof *m->view) : NULL;
	m->nview = 0;
	for (size_t i = 0; i < m->n; i++)
		if (queue_row_in_tab(&m->rows[i], m->tab) && queue_matches(m, &m->rows[i], q))
			m->view[m->nview++] = i;
	if (q->sort >= 0 && q->sort != QC_ID && m->nview > 1) {
		sort_m = m;
		sort_col = q->sort;
		sort_desc = q->desc;
		qsort(m->view, m->nview, sizeof *m->view, queue_cmp);
		sort_m = NULL;
	} else if (q->sort == QC_ID && q->desc) {
		for (size_t i = 0; i < m->nview / 2; i++) {
			size_t t = m->view[i];

			m->view[i] = m->view[m->nview - 1 - i];
			m->view[m->nview - 1 - i] = t;
		}
	}
	m->last = *q;
	m->last_tab = m->tab;
	m->view_valid = true;
}

static int queue_count_fn(void *ctx, const struct list_query *q, size_t *n)
{
	struct queue_model *m = ctx;

	queue_view(m, q);
	*n = m->nview;
	return RC_OK;
}

/* « ZRR QPV », the zones of a row, in a fixed order. */
static void queue_zones(unsigned z, char *buf, size_t cap)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ ZONE_ZRR, "ZRR" }, { ZONE_FRR, "FRR" }, { ZONE_QPV, "QPV" }, { ZONE_FS, "FS" },
	};
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (z & names[i].bit)
			o += (size_t)snprintf(buf + o, o < cap ? cap - o : 0, "%s%s", o ? " " : "",
			                      names[i].name);
}

const char *queue_kind_short(enum org_kind k)
{
	switch (k) {
	case ORG_COMMUNE: return _("Com.");
	case ORG_FRANCE_SERVICES: return "FS";
	case ORG_DEPARTEMENT: return _("Dép.");
	case ORG_REGION: return _("Rég.");
	case ORG_SYNDICAT: return _("Synd");
	default: return "EPCI";
	}
}

const char *queue_state_short(enum preorder_state st)
{
	switch (st) {
	case PO_EN_INSTRUCTION: return _("instruction");
	case PO_CONVENTIONNEE: return _("convention.");
	case PO_SUBVENTION_VERSEE: return _("versée");
	case PO_SANS_SUITE: return _("sans suite");
	default: return preorder_state_label(st);
	}
}

static void queue_cells(const struct queue_row *r, struct list_row *out)
{
	char buf[64], money[48];

	out->id = r->id;
	out->cell[QC_ID] = xasprintf("%llu", (unsigned long long)r->id);
	out->cell[QC_ORG] = r->commune[0] != '\0' && strstr(r->org_name, r->commune) == NULL
	        ? xasprintf("%s (%s)", r->org_name, r->commune)
	        : xstrdup(r->org_name);
	out->cell[QC_KIND] = xstrdup(queue_kind_short(r->kind));
	queue_zones(r->zones, buf, sizeof buf);
	out->cell[QC_ZONES] = xstrdup(buf);
	out->cell[QC_AMOUNT] = xstrdup(pref_money(r->requested, money, sizeof money));
	out->cell[QC_STATE] = xstrdup(queue_state_short(r->state));
	if (r->submitted_at != 0) {
		day_format(day_of_instant(r->submitted_at), buf, sizeof buf);
		/* JJ/MM/AA: the year in two digits fits the column. */
		if (strlen(buf) == 10)
			memmove(buf + 6, buf + 8, 3);
		out->cell[QC_FILED] = xstrdup(buf);
	}
	if (r->labels != 0) {
		/* The first label's short form (« URG »); « UR+ » when there are more. */
		int first = __builtin_ctz(r->labels);
		const char *abbr = po_label_short((enum po_label)first);

		out->cell[QC_LABELS] = (r->labels & (r->labels - 1)) != 0
		        ? xasprintf("%.2s+", abbr) : xstrdup(abbr);
	}
	if (r->priority > 0)
		out->cell[QC_PRIO] = xasprintf("%u", r->priority);
	out->cell[QC_MARK] = xstrdup(r->unread ? "●" : r->prog != PROG_NONE ? "p"
	                             : r->completed ? "c" : "");
}

static int queue_page(void *ctx, const struct list_query *q, size_t off, size_t lim,
                      struct list_row *rows, size_t *n)
{
	struct queue_model *m = ctx;

	queue_view(m, q);
	*n = 0;
	for (size_t i = off; i < m->nview && *n < lim; i++)
		queue_cells(&m->rows[m->view[i]], &rows[(*n)++]);
	return RC_OK;
}

static int queue_find(void *ctx, const struct list_query *q, uint64_t id, size_t *pos)
{
	struct queue_model *m = ctx;

	queue_view(m, q);
	for (size_t i = 0; i < m->nview; i++)
		if (m->rows[m->view[i]].id == id) {
			*pos = i;
			return RC_OK;
		}
	return RC_NOTFOUND;
}

const struct list_source queue_source = {
	.count = queue_count_fn,
	.page = queue_page,
	.find = queue_find,
};

/* ---- saved views ---- */

void queue_view_apply(const struct queue_view *v, struct list_query *q, struct queue_model *m)
{
	q->sort = v->sort == 0 && !v->desc ? -1 : (int)(v->sort < QC_COUNT ? v->sort : 0);
	q->desc = v->desc;
	q->filter = (v->filters & (QF_UNREAD | QF_PROG)) | (v->zones & 0x3fu) << QF_ZONE_SHIFT |
	            (v->labels & 0xffu) << QF_LABEL_SHIFT | v->states << QF_STATE_SHIFT;
	queue_model_narrow(m, v->kinds, v->amount_min, v->amount_max);
}

void queue_view_capture(struct queue_view *v, const struct list_query *q,
                        const struct queue_model *m)
{
	unsigned f = q->filter;

	v->sort = q->sort < 0 ? 0 : (uint32_t)q->sort;
	v->desc = q->desc;
	v->filters = f & (QF_UNREAD | QF_PROG);
	v->zones = (f >> QF_ZONE_SHIFT) & 0x3f;
	v->labels = (f >> QF_LABEL_SHIFT) & 0xff;
	v->states = f >> QF_STATE_SHIFT;
	v->kinds = m->kinds;
	v->amount_min = m->amount_min;
	v->amount_max = m->amount_max;
}

unsigned queue_view_hidden(const struct queue_view *v)
{
	unsigned shown = v->columns == 0 ? QUEUE_COLS_ALL : v->columns | 1u << QC_ID | 1u << QC_ORG;

	return QUEUE_COLS_ALL & ~shown;
}

uint32_t queue_view_columns(unsigned hidden)
{
	hidden &= QUEUE_COLS_ALL & ~(1u << QC_ID | 1u << QC_ORG);
	return hidden == 0 ? 0 : QUEUE_COLS_ALL & ~hidden;
}

bool queue_view_filters(const struct queue_view *v)
{
	return (v->filters & (QF_UNREAD | QF_PROG)) != 0 || v->states != 0 || v->zones != 0 ||
	       v->labels != 0 || v->kinds != 0 || v->amount_min > 0 || v->amount_max > 0;
}

/* Appends « sep text » to buf (at offset *o). */
static void describe_add(char *buf, size_t cap, size_t *o, const char *sep, const char *text)
{
	int w;

	if (*o >= cap)
		return;
	w = snprintf(buf + *o, cap - *o, "%s%s", *o > 0 ? sep : "", text);
	if (w > 0)
		*o += (size_t)w < cap - *o ? (size_t)w : cap - *o - 1;
}

char *queue_view_describe(const struct queue_view *v, char *buf, size_t cap)
{
	size_t o = 0;
	char zones[32], a[48], b[48], *range = NULL;
	const char *sep = " · ";

	buf[0] = '\0';
	if (v->filters & QF_UNREAD)
		describe_add(buf, cap, &o, sep, _("non lus"));
	if (v->filters & QF_PROG)
		describe_add(buf, cap, &o, sep, _("en programmation"));
	for (int st = 0, first = 1; st < PO_STATE_COUNT; st++)
		if (v->states & (1u << st)) {
			describe_add(buf, cap, &o, first ? sep : ", ",
			             queue_state_short((enum preorder_state)st));
			first = 0;
		}
	if (v->zones != 0) {
		queue_zones(v->zones, zones, sizeof zones);
		describe_add(buf, cap, &o, sep, zones);
	}
	for (int k = 0, first = 1; k < 32; k++)
		if (v->kinds & (1u << k)) {
			describe_add(buf, cap, &o, first ? sep : ", ", queue_kind_short((enum org_kind)k));
			first = 0;
		}
	for (int l = 0, first = 1; l < LABEL_COUNT; l++)
		if (v->labels & (1u << l)) {
			describe_add(buf, cap, &o, first ? sep : ", ", po_label_label((enum po_label)l));
			first = 0;
		}
	if (v->amount_min > 0 && v->amount_max > 0)
		range = xasprintf(_("%s à %s"), cents_format(v->amount_min, a, sizeof a),
		                  cents_format(v->amount_max, b, sizeof b));
	else if (v->amount_min > 0)
		range = xasprintf(_("≥ %s"), cents_format(v->amount_min, a, sizeof a));
	else if (v->amount_max > 0)
		range = xasprintf(_("≤ %s"), cents_format(v->amount_max, b, sizeof b));
	if (range != NULL)
		describe_add(buf, cap, &o, sep, range);
	free(range);
	return buf;
}
