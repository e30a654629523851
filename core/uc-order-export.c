/*
 * uc-order-export.c — `export orders`: the orders an actor may see
 * (uc_order_list with ACT_ORDER_EXPORT), one row each with its lines lot
 * by lot, its funding (« subventionnée » or « non subventionnée »), the
 * signed purchase order and every step's fields, written by core/export.c.
 */
#include "core/uc-order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/export.h"
#include "core/i18n.h"
#include "core/util.h"

#define ORDER_COLS_MAX 48

struct order_export {
	struct export_w w;
	const char *cols[ORDER_COLS_MAX];
	char lotcols[LOT_COUNT * 2][48];
	size_t ncols;
};

static void order_columns(struct order_export *e)
{
	static const char *const head[] = {
		"numero", "organisation", "departement", "commune_insee", "reconditionneur",
		"financement", "intention_numero",
	};
	static const char *const tail[] = {
		"total_ht", "etat", "passee_le", "bon_signataire", "bon_fonction", "bon_date",
		"bon_reference", "expediee_le", "suivi", "livree_le", "reserves", "facture_numero",
		"facture_date", "facture_ht", "facture_ttc", "chorus_pro", "payee_le", "motif_refus",
	};

	e->ncols = 0;
	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		e->cols[e->ncols++] = head[i];
	for (int l = 0; l < LOT_COUNT; l++) {
		snprintf(e->lotcols[2 * l], sizeof e->lotcols[0], "%s_quantite", lot_name((enum lot)l));
		snprintf(e->lotcols[2 * l + 1], sizeof e->lotcols[0], "%s_prix_unitaire_ht",
		         lot_name((enum lot)l));
		e->cols[e->ncols++] = e->lotcols[2 * l];
		e->cols[e->ncols++] = e->lotcols[2 * l + 1];
	}
	for (size_t i = 0; i < ARRAY_LEN(tail); i++)
		e->cols[e->ncols++] = tail[i];
}

static int order_row(const struct order *o, void *ctx)
{
	struct order_export *e = ctx;
	struct export_w *w = &e->w;

	export_int(w, (int64_t)o->id);
	export_str(w, o->org_name);
	export_str(w, o->dept);
	export_str(w, o->insee);
	export_str(w, o->refurb_name);
	export_str(w, o->funded ? _("subventionnée") : _("non subventionnée"));
	if (o->funded)
		export_int(w, (int64_t)o->preorder_id);
	else
		export_str(w, NULL);
	for (int l = 0; l < LOT_COUNT; l++) {
		uint32_t q = order_qty(o, (enum lot)l);
		size_t i;

		for (i = 0; i < o->nlines && o->lines[i].lot != (enum lot)l; i++)
			;
		if (q == 0 || i == o->nlines) {
			export_str(w, NULL);
			export_str(w, NULL);
			continue;
		}
		export_int(w, q);
		export_cents(w, o->lines[i].unit_price);
	}
	export_cents(w, o->total_ht);
	export_str(w, order_state_label(o->state));
	export_day(w, o->nhist > 0 ? day_of_instant(o->hist[0].at) : 0);
	export_str(w, o->po.signatory);
	export_str(w, o->po.function);
	export_day(w, o->po.date);
	export_str(w, o->po.reference);
	export_day(w, o->shipped_on);
	export_str(w, o->tracking);
	export_day(w, o->delivered_on);
	export_str(w, o->reservations);
	export_str(w, o->invoice_no);
	export_day(w, o->invoice_date);
	if (o->invoice_no[0] != '\0') {
		export_cents(w, o->invoice_ht);
		export_cents(w, o->invoice_ttc);
	} else {
		export_str(w, NULL);
		export_str(w, NULL);
	}
	export_str(w, o->chorus_no);
	export_day(w, o->paid_on);
	export_str(w, o->reason);
	export_row_end(w);
	return RC_OK;
}

int uc_export_orders(const struct uc *uc, const struct export_opts *o, char **out, size_t *len,
                     char **why)
{
	struct order_export *e = xcalloc(1, sizeof *e);
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = export_opts_check(o, why)) != RC_OK)
		goto out;
	order_columns(e);
	export_begin(&e->w, o->format, o->sep, o->bom, e->cols, e->ncols);
	rc = uc_order_list(uc, ACT_ORDER_EXPORT, order_row, e, why);
	if (rc == RC_OK)
		export_finish(&e->w, out, len);
	else
		export_free(&e->w);
out:
	free(e);
	return rc;
}
