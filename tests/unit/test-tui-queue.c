/*
 * test-tui-queue.c — the préfecture's queue as a list source, without a
 * terminal: a saved view applied to the list's query and the model (states,
 * zones, labels, kinds, amount range, unread) selects exactly the rows it
 * says, captured back unchanged; what the queue line says of the filter;
 * the labels column. Rows from a printed fixed seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/list.h"
#include "tui/queue.h"

/* cmocka last: its fail() macro would shadow core/util.h's fail(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define NROWS 5000
#define SEED 0x5eed9bULL

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static struct queue_row *make_rows(void)
{
	static const enum org_kind kinds[] = { ORG_COMMUNE, ORG_FRANCE_SERVICES, ORG_SYNDICAT };
	struct queue_row *rows = xcalloc(NROWS, sizeof *rows);
	uint64_t x = SEED;

	printf("seed: 0x%llX\n", (unsigned long long)SEED);
	for (size_t i = 0; i < NROWS; i++) {
		struct queue_row *r = &rows[i];

		r->id = i + 1;
		snprintf(r->org_name, sizeof r->org_name, "Mairie %zu", i);
		snprintf(r->folded, sizeof r->folded, "mairie %zu", i);
		r->kind = kinds[rnd(&x) % 3];
		r->zones = (unsigned)(rnd(&x) % 16);
		r->requested = (cents_t)(rnd(&x) % 5000000);
		r->state = (enum preorder_state)(PO_DEPOSEE + rnd(&x) % 8);
		r->labels = (uint32_t)(rnd(&x) % 32);
		r->unread = rnd(&x) % 4 == 0;
	}
	return rows;
}

static bool wanted(const struct queue_row *r, const struct queue_view *v)
{
	return (v->states == 0 || (v->states & (1u << r->state))) &&
	       (v->zones == 0 || (v->zones & r->zones)) &&
	       (v->labels == 0 || (v->labels & r->labels)) &&
	       (v->kinds == 0 || (v->kinds & (1u << r->kind))) &&
	       (v->amount_min == 0 || r->requested >= v->amount_min) &&
	       (v->amount_max == 0 || r->requested <= v->amount_max) &&
	       (!(v->filters & QF_UNREAD) || r->unread);
}

static void test_views_select_rows(void **state)
{
	struct queue_row *rows = make_rows(), *copy = xcalloc(NROWS, sizeof *copy);
	struct queue_model m = { 0 };
	struct list l;
	const struct queue_view views[] = {
		{ .states = 1u << PO_DEPOSEE },
		{ .zones = ZONE_ZRR | ZONE_QPV, .kinds = 1u << ORG_COMMUNE },
		{ .labels = 1u << LABEL_URGENT, .amount_min = 100000, .amount_max = 2000000 },
		{ .filters = QF_UNREAD, .amount_max = 50000, .sort = QC_AMOUNT, .desc = true },
		{ 0 },
	};

	(void)state;
	memcpy(copy, rows, NROWS * sizeof *rows);
	m.tab = TAB_TOUTES;
	queue_model_set(&m, copy, NROWS);
	list_init(&l, queue_cols, QC_COUNT, &queue_source, &m);
	list_set_height(&l, 18);
	for (size_t i = 0; i < ARRAY_LEN(views); i++) {
		struct queue_view back = { 0 };
		size_t want = 0;

		for (size_t k = 0; k < NROWS; k++)
			want += wanted(&rows[k], &views[i]);
		queue_view_apply(&views[i], &l.q, &m);
		assert_int_equal(list_refresh(&l), RC_OK);
		assert_int_equal(l.total, want);
		for (size_t k = 0; k < l.total && k < 40; k++) {
			const struct list_row *lr = list_row_at(&l, k);
			const struct queue_row *r = queue_model_find(&m, lr->id);

			assert_non_null(r);
			assert_true(wanted(r, &views[i]));
		}
		queue_view_capture(&back, &l.q, &m);
		assert_int_equal(back.states, views[i].states);
		assert_int_equal(back.zones, views[i].zones);
		assert_int_equal(back.labels, views[i].labels);
		assert_int_equal(back.kinds, views[i].kinds);
		assert_int_equal(back.amount_min, views[i].amount_min);
		assert_int_equal(back.amount_max, views[i].amount_max);
		assert_int_equal(back.filters, views[i].filters);
		assert_int_equal(back.sort, views[i].sort);
		assert_int_equal(back.desc, views[i].desc);
		assert_int_equal(queue_view_filters(&views[i]), i + 1 < ARRAY_LEN(views));
	}
	/* The last view sorted by amount, descending: checked on the first rows. */
	queue_view_apply(&views[3], &l.q, &m);
	(void)list_refresh(&l);
	for (size_t k = 1; k < l.total && k < 40; k++)
		assert_true(queue_model_find(&m, list_row_at(&l, k - 1)->id)->requested >=
		            queue_model_find(&m, list_row_at(&l, k)->id)->requested);
	list_free(&l);
	queue_model_free(&m);
	free(rows);
}

static void test_describe_and_labels_cell(void **state)
{
	struct queue_view v = { .states = 1u << PO_DEPOSEE | 1u << PO_EN_INSTRUCTION,
		                .zones = ZONE_ZRR, .labels = 1u << LABEL_URGENT,
		                .amount_max = 1000000 };
	struct queue_row *row = xcalloc(1, sizeof *row);
	struct queue_model m = { 0 };
	struct list l;
	char buf[256];

	(void)state;
	/* (amounts as cents_format writes them: its spaces may be no-break ones) */
	queue_view_describe(&v, buf, sizeof buf);
	assert_non_null(strstr(buf, "déposée, instruction · ZRR · Urgent · ≤ 10"));
	assert_non_null(strstr(buf, "000,00"));
	memset(&v, 0, sizeof v);
	assert_string_equal(queue_view_describe(&v, buf, sizeof buf), "");
	v.filters = QF_UNREAD;
	v.amount_min = 100;
	v.amount_max = 200;
	queue_view_describe(&v, buf, sizeof buf);
	assert_true(strncmp(buf, "non lus · 1,00", strlen("non lus · 1,00")) == 0);
	assert_non_null(strstr(buf, " à 2,00"));

	row->id = 7;
	row->state = PO_DEPOSEE;
	row->labels = 1u << LABEL_A_SIGNER | 1u << LABEL_URGENT;
	m.tab = TAB_TOUTES;
	queue_model_set(&m, row, 1);
	list_init(&l, queue_cols, QC_COUNT, &queue_source, &m);
	(void)list_refresh(&l);
	assert_string_equal(list_row_at(&l, 0)->cell[QC_LABELS], "SI+");
	row->labels = 1u << LABEL_URGENT;
	queue_model_update(&m, row);
	(void)list_refresh(&l);
	assert_string_equal(list_row_at(&l, 0)->cell[QC_LABELS], "URG");
	list_free(&l);
	queue_model_free(&m);
}

/* Columns hidden and shown: N° and the name always shown; every column shown is 0. */
static void test_columns(void **state)
{
	struct queue_view v = { 0 };
	unsigned h;

	(void)state;
	assert_int_equal(queue_view_hidden(&v), 0);
	h = 1u << QC_ZONES | 1u << QC_ID;
	v.columns = queue_view_columns(h);
	assert_int_equal(queue_view_hidden(&v), 1u << QC_ZONES);
	assert_int_equal(queue_view_columns(0), 0);
	assert_int_equal(queue_view_columns(1u << QC_ORG), 0);
	v.columns = 1u << QC_STATE;
	assert_int_equal(queue_view_hidden(&v),
	                 QUEUE_COLS_ALL & ~(1u << QC_STATE | 1u << QC_ID | 1u << QC_ORG));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_views_select_rows),
		cmocka_unit_test(test_describe_and_labels_cell),
		cmocka_unit_test(test_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
