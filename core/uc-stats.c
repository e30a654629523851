/*
 * uc-stats.c — the programme's figures: the running totals of each
 * département read in the actor's scope, grouped by département, région
 * or for the country, with the envelopes of the settings and (for the
 * country) the refurbishers by state and the capacity they offer; written
 * as text tables with bar charts, CSV or JSON.
 */
#include "core/uc-stats.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/geo.h"
#include "core/i18n.h"
#include "core/util.h"
#include "store/db-geo.h"
#include "store/store-programme.h"
#include "store/store-refurb.h"
#include "store/store.h"

struct stats_run {
	const struct uc *uc;
	struct stats_table *t;
	struct settings *s;
	struct store_txn *txn;
	bool national;
};

static int stats_load(struct store_txn *txn, void *ctx, struct uc_object *obj, char **why)
{
	struct stats_run *r = ctx;
	const struct perm_object nat = { 0 };

	/* the team reads the country; any other role its own département */
	r->national = may(r->uc->actor, ACT_STATS_VIEW, &nat);
	if (!r->national)
		strlcpy_(obj->perm.dept, r->uc->actor->dept, sizeof obj->perm.dept);
	if (!r->national && obj->perm.dept[0] == '\0')
		return fail(why, RC_DENIED, "%s", _("Votre compte n'est rattaché à aucun département : "
		                                     "pas de statistiques à afficher."));
	return RC_OK;
}

/* The row of code (created with its name when new). */
static struct stats_row *row_for(struct stats_run *r, const char *code, bool region)
{
	struct stats_table *t = r->t;
	struct stats_row *row;

	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].code, code) == 0)
			return &t->rows[i];
	if (t->nrows == STATS_ROWS_MAX)
		return NULL;
	row = &t->rows[t->nrows++];
	memset(row, 0, sizeof *row);
	strlcpy_(row->code, code, sizeof row->code);
	if (region) {
		struct geo_region g;

		if (db_geo_region(r->txn, code, &g) == RC_OK)
			strlcpy_(row->name, g.name, sizeof row->name);
	} else if (code[0] != '\0') {
		struct geo_dept g;

		if (db_geo_dept(r->txn, code, &g) == RC_OK)
			strlcpy_(row->name, g.name, sizeof row->name);
	} else {
		strlcpy_(row->name, _("France"), sizeof row->name);
	}
	if (row->name[0] == '\0')
		strlcpy_(row->name, code, sizeof row->name);
	return row;
}

/* The row a département's figures go to. */
static struct stats_row *row_of_dept(struct stats_run *r, const char *dept)
{
	struct geo_dept g;

	switch (r->t->by) {
	case STATS_BY_NATION:
		return row_for(r, "", false);
	case STATS_BY_REGION:
		return row_for(r, db_geo_dept(r->txn, dept, &g) == RC_OK ? g.reg : "?", true);
	default:
		return row_for(r, dept, false);
	}
}

static int stats_one(const char *dept, const struct stats_cell *c, void *ctx)
{
	struct stats_run *r = ctx;
	struct stats_row *row;

	if (!r->national && strcmp(dept, r->t->scope) != 0)
		return RC_OK;
	if ((row = row_of_dept(r, dept)) != NULL)
		stats_cell_add(&row->cell, c);
	stats_cell_add(&r->t->total.cell, c);
	return RC_OK;
}

static int refurb_one(const struct refurb *rf, void *ctx)
{
	struct stats_run *r = ctx;

	if ((unsigned)rf->state < REFURB_STATE_COUNT)
		r->t->refurbs[rf->state]++;
	if (rf->state == REFURB_SELECTED)
		for (int l = 0; l < LOT_COUNT; l++)
			if (rf->offers[l].active && !(rf->offers[l].review == PRICE_REVIEW_CONFIRMED &&
			                              rf->offers[l].review_price == rf->offers[l].unit_price))
				r->t->capacity[l] += rf->offers[l].capacity;
	return RC_OK;
}

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stats_row *)a)->code, ((const struct stats_row *)b)->code);
}

static int stats_read(struct store_txn *txn, void *ctx, struct audit_event *ev, char **why)
{
	struct stats_run *r = ctx;
	struct stats_table *t = r->t;
	int rc;

	r->txn = txn;
	if (!r->national)
		strlcpy_(t->scope, r->uc->actor->dept, sizeof t->scope);
	strlcpy_(t->total.name, r->national ? _("France") : t->scope, sizeof t->total.name);
	if ((rc = db_settings_get(txn, r->s)) != RC_OK)
		return rc;
	if (!r->national) {
		struct stats_row *row = row_of_dept(r, t->scope); /* shown even when empty */

		(void)row;
	}
	if ((rc = db_stats_each(txn, stats_one, r)) != RC_OK)
		return rc;
	for (size_t i = 0; i < r->s->nenvelopes; i++) {
		const struct dept_envelope *e = &r->s->envelopes[i];
		struct stats_row *row;

		if (!r->national && strcmp(e->dept, t->scope) != 0)
			continue;
		if ((row = row_of_dept(r, e->dept)) != NULL)
			row->envelope += e->cents;
		t->total.envelope += e->cents;
	}
	if (r->national) {
		t->refurbs_known = true;
		if ((rc = db_refurb_each(txn, refurb_one, r)) != RC_OK)
			return rc;
	}
	qsort(t->rows, t->nrows, sizeof t->rows[0], row_cmp);
	return RC_OK;
}

int uc_stats(const struct uc *uc, enum stats_by by, struct stats_table *out, char **why)
{
	struct stats_run r = { .uc = uc, .t = out, .s = xmalloc(sizeof *r.s) };
	const struct uc_path path = {
		.action = ACT_STATS_VIEW, .lead = N_("Statistiques illisibles."),
		.load = stats_load, .change = stats_read,
	};
	int rc;

	memset(out, 0, sizeof *out);
	out->by = by;
	rc = uc_run(uc, &path, &r, why);
	free(r.s);
	return rc;
}

int stats_format_parse(const char *s, enum stats_format *out, char **why)
{
	static const char *const names[] = { "text", "csv", "json" };

	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		if (s != NULL && strcmp(s, names[i]) == 0) {
			*out = (enum stats_format)i;
			return RC_OK;
		}
	}
	return fail(why, RC_INVALID, _("Format inconnu : « %s » (attendu text, csv ou json)."),
	            s != NULL ? s : "");
}

/* ---- writing ---- */

/* s cut or padded to `width` code points (sanitised). */
static void put_cell(FILE *f, const char *s, size_t width)
{
	char *clean = text_sanitize(s, false);
	size_t n = 0;
	const char *p = clean;

	while (*p != '\0' && n < width) {
		uint32_t cp;
		size_t k = utf8_decode(p, strlen(p), &cp);

		fwrite(p, 1, k, f);
		p += k;
		n++;
	}
	for (; n < width; n++)
		fputc(' ', f);
	free(clean);
}

/* Whole euros with spaces between thousands ("12 345"), right-aligned in width. */
static void put_euros(FILE *f, cents_t c, int width)
{
	char digits[32], out[48];
	size_t n, o = 0;
	int64_t e = c / 100;

	snprintf(digits, sizeof digits, "%lld", (long long)(e < 0 ? -e : e));
	n = strlen(digits);
	if (e < 0)
		out[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ' ';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	fprintf(f, "%*s", width, out);
}

/* A bar of `width` cells: '#' for value/max of it (monochrome-safe). */
static void put_bar(FILE *f, uint64_t value, uint64_t max, int width)
{
	int n = max == 0 ? 0 : (int)((value * (uint64_t)width + max - 1) / max);

	fputs(" |", f);
	for (int i = 0; i < width; i++)
		fputc(i < n ? '#' : ' ', f);
}

static const char *by_label(enum stats_by by)
{
	switch (by) {
	case STATS_BY_REGION:
		return _("par région");
	case STATS_BY_DEPT:
		return _("par département");
	default:
		return _("ensemble");
	}
}

static void write_text(FILE *f, const struct stats_table *t)
{
	static const char *const heads[PO_STATE_COUNT] = {
		N_("Brou."), N_("Dépo."), N_("Inst."), N_("Rete."), N_("N.re."),
		N_("Conv."), N_("Vers."), N_("Aban."),
	};
	uint64_t maxreq = 0, maxunits = 0;

	if (t->scope[0] == '\0')
		fprintf(f, _("Statistiques nationales, %s\n"), by_label(t->by));
	else
		fprintf(f, _("Statistiques du département %s\n"), t->scope);
	fprintf(f, _("\nIntentions de commande par état\n"));
	put_cell(f, "", 18);
	for (int s = 0; s < PO_STATE_COUNT; s++) {
		fputc(' ', f);
		put_cell(f, _(heads[s]), 5);
	}
	fprintf(f, " %s\n", _("Total"));
	for (size_t i = 0; i <= t->nrows; i++) {
		const struct stats_row *r = i < t->nrows ? &t->rows[i] : &t->total;

		if (i == t->nrows && t->nrows <= 1)
			break;
		put_cell(f, r->name, 18);
		for (int s = 0; s < PO_STATE_COUNT; s++)
			fprintf(f, " %5llu", (unsigned long long)r->cell.count[s]);
		fprintf(f, " %5llu\n", (unsigned long long)stats_cell_total(&r->cell));
	}
	for (size_t i = 0; i < t->nrows; i++)
		if ((uint64_t)t->rows[i].cell.requested > maxreq)
			maxreq = (uint64_t)t->rows[i].cell.requested;
	fprintf(f, _("\nMontants HT (euros) : demandé, retenu, versé, enveloppe\n"));
	put_cell(f, "", 18);
	fprintf(f, " %11s %11s %10s %11s  %s\n", _("Demandé"), _("Retenu"), _("Versé"),
	        _("Enveloppe"), _("demandé"));
	for (size_t i = 0; i <= t->nrows; i++) {
		const struct stats_row *r = i < t->nrows ? &t->rows[i] : &t->total;

		if (i == t->nrows && t->nrows <= 1)
			break;
		put_cell(f, r->name, 18);
		put_euros(f, r->cell.requested, 12);
		put_euros(f, r->cell.retained, 12);
		put_euros(f, r->cell.paid, 11);
		put_euros(f, r->envelope, 12);
		if (i < t->nrows)
			put_bar(f, (uint64_t)r->cell.requested, maxreq, 7);
		fputc('\n', f);
	}
	for (int l = 0; l < LOT_COUNT; l++)
		if (t->total.cell.units[l] > maxunits)
			maxunits = t->total.cell.units[l];
	fprintf(f, _("\nUnités par lot (intentions déposées à versées)\n"));
	for (int l = 0; l < LOT_COUNT; l++) {
		put_cell(f, lot_label((enum lot)l), 20);
		fprintf(f, " %10llu", (unsigned long long)t->total.cell.units[l]);
		put_bar(f, t->total.cell.units[l], maxunits, 40);
		fputc('\n', f);
	}
	if (t->refurbs_known) {
		uint64_t maxcap = 0;

		fprintf(f, _("\nReconditionneurs : %llu sélectionnés, %llu en attente, %llu non "
		             "sélectionnés\n"), (unsigned long long)t->refurbs[REFURB_SELECTED],
		        (unsigned long long)t->refurbs[REFURB_PENDING],
		        (unsigned long long)t->refurbs[REFURB_NOT_SELECTED]);
		for (int l = 0; l < LOT_COUNT; l++)
			if (t->capacity[l] > maxcap)
				maxcap = t->capacity[l];
		fprintf(f, _("Capacité offerte par les reconditionneurs sélectionnés (unités)\n"));
		for (int l = 0; l < LOT_COUNT; l++) {
			put_cell(f, lot_label((enum lot)l), 20);
			fprintf(f, " %10llu", (unsigned long long)t->capacity[l]);
			put_bar(f, t->capacity[l], maxcap, 40);
			fputc('\n', f);
		}
	}
}

/* A CSV or JSON string: quotes doubled (CSV) or escaped (JSON), controls dropped. */
static void put_quoted(FILE *f, const char *s, bool json)
{
	char *clean = text_sanitize(s, false);

	fputc('"', f);
	for (const char *p = clean; *p != '\0'; p++) {
		if (*p == '"')
			fputs(json ? "\\\"" : "\"\"", f);
		else if (*p == '\\' && json)
			fputs("\\\\", f);
		else
			fputc(*p, f);
	}
	fputc('"', f);
	free(clean);
}

static void csv_row(FILE *f, const struct stats_row *r, const char *code)
{
	put_quoted(f, code, false);
	fputc(',', f);
	put_quoted(f, r->name, false);
	for (int s = 0; s < PO_STATE_COUNT; s++)
		fprintf(f, ",%llu", (unsigned long long)r->cell.count[s]);
	fprintf(f, ",%lld,%lld,%lld,%lld,%lld", (long long)r->cell.requested,
	        (long long)r->cell.retained, (long long)r->cell.subsidy, (long long)r->cell.paid,
	        (long long)r->envelope);
	for (int l = 0; l < LOT_COUNT; l++)
		fprintf(f, ",%llu", (unsigned long long)r->cell.units[l]);
	fputc('\n', f);
}

static void json_row(FILE *f, const struct stats_row *r)
{
	fputs("{\"code\":", f);
	put_quoted(f, r->code, true);
	fputs(",\"name\":", f);
	put_quoted(f, r->name, true);
	fputs(",\"preorders\":{", f);
	for (int s = 0; s < PO_STATE_COUNT; s++)
		fprintf(f, "%s\"%s\":%llu", s ? "," : "", preorder_state_name((enum preorder_state)s),
		        (unsigned long long)r->cell.count[s]);
	fprintf(f, "},\"requested_cents\":%lld,\"retained_cents\":%lld,\"subsidy_cents\":%lld,"
	        "\"paid_cents\":%lld,\"envelope_cents\":%lld,\"units\":{",
	        (long long)r->cell.requested, (long long)r->cell.retained,
	        (long long)r->cell.subsidy, (long long)r->cell.paid, (long long)r->envelope);
	for (int l = 0; l < LOT_COUNT; l++)
		fprintf(f, "%s\"%s\":%llu", l ? "," : "", lot_name((enum lot)l),
		        (unsigned long long)r->cell.units[l]);
	fputs("}}", f);
}

void stats_write(FILE *f, const struct stats_table *t, enum stats_format fmt)
{
	if (fmt == STATS_TEXT) {
		write_text(f, t);
		return;
	}
	if (fmt == STATS_CSV) {
		fputs("code,nom", f);
		for (int s = 0; s < PO_STATE_COUNT; s++)
			fprintf(f, ",%s", preorder_state_name((enum preorder_state)s));
		fputs(",demande_centimes,retenu_centimes,subvention_centimes,verse_centimes,"
		      "enveloppe_centimes", f);
		for (int l = 0; l < LOT_COUNT; l++)
			fprintf(f, ",unites_%s", lot_name((enum lot)l));
		fputc('\n', f);
		for (size_t i = 0; i < t->nrows; i++)
			csv_row(f, &t->rows[i], t->rows[i].code);
		csv_row(f, &t->total, "total");
		return;
	}
	fprintf(f, "{\"by\":\"%s\",\"scope\":", t->by == STATS_BY_REGION ? "region"
	        : t->by == STATS_BY_DEPT ? "departement" : "national");
	put_quoted(f, t->scope, true);
	fputs(",\"rows\":[", f);
	for (size_t i = 0; i < t->nrows; i++) {
		if (i > 0)
			fputc(',', f);
		json_row(f, &t->rows[i]);
	}
	fputs("],\"total\":", f);
	json_row(f, &t->total);
	if (t->refurbs_known) {
		fputs(",\"refurbishers\":{", f);
		for (int s = 0; s < REFURB_STATE_COUNT; s++)
			fprintf(f, "%s\"%s\":%llu", s ? "," : "", refurb_state_name((enum refurb_state)s),
			        (unsigned long long)t->refurbs[s]);
		fputs("},\"capacity\":{", f);
		for (int l = 0; l < LOT_COUNT; l++)
			fprintf(f, "%s\"%s\":%llu", l ? "," : "", lot_name((enum lot)l),
			        (unsigned long long)t->capacity[l]);
		fputc('}', f);
	}
	fputs("}\n", f);
}
