/*
 * demo-preorder.c — the demonstration commune's pre-order in progress: a
 * brouillon with some quantities and the beginning of a motivation, and the
 * demo account's form draft left on the motivation, so that logging in as
 * demo-felletin shows « Reprendre là où vous étiez ». Idempotent: nothing
 * is done when the organisation already has a pre-order.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/uc-form.h"
#include "core/uc.h"
#include "store/store.h"

#define DEMO_MOTIVATION "La mairie accueille chaque semaine des habitants qui n'ont ni " \
	"ordinateur ni connexion pour leurs démarches en ligne ; notre secrétaire de mairie "

int demo_preorder_draft(struct store *st, const char *login, bool *created)
{
	struct store_txn *txn = NULL;
	struct account a = { 0 };
	struct actor actor;
	struct uc uc = { .st = st, .actor = &actor };
	struct preorder *po = xcalloc(1, sizeof *po);
	struct draft d;
	char *why = NULL;
	uint64_t id = 0;
	int rc;
	static const struct { const char *name, *value; } fields[] = {
		{ "qty.0", "6" }, { "qty.1", "10" }, { "qty.2", "" }, { "qty.3", "" },
		{ "staff.0", "1" }, { "staff.1", "" }, { "staff.2", "2" },
		{ "_npartners", "0" }, { "_mode", "edit" },
	};

	*created = false;
	memset(&d, 0, sizeof d);
	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		goto out;
	rc = db_account_by_login(txn, login, &a);
	store_abort(txn);
	txn = NULL;
	if (rc != RC_OK)
		goto out;
	if ((rc = uc_actor_load(st, a.id, &actor, &why)) != RC_OK)
		goto out;
	rc = uc_preorder_current(&uc, true, po, NULL);
	if (rc == RC_OK)
		goto out;          /* already there: leave it as the person left it */
	if ((rc = uc_preorder_create(&uc, &id, &why)) != RC_OK)
		goto out;
	if ((rc = uc_preorder_get(&uc, id, po, &why)) != RC_OK)
		goto out;
	po->qty[LOT_PC_FIXE] = 6;
	po->qty[LOT_PC_PORTABLE] = 10;
	po->staff_cnfs = 1;
	po->staff_aidants = 2;
	if ((rc = uc_preorder_edit(&uc, po, &why)) != RC_OK)
		goto out;
	strlcpy_(d.form, PREORDER_FORM, sizeof d.form);
	d.object_id = id;
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		strlcpy_(d.fields[d.nfields].name, fields[i].name, sizeof d.fields[0].name);
		d.fields[d.nfields++].value = xstrdup(fields[i].value);
	}
	strlcpy_(d.fields[d.nfields].name, "_id", sizeof d.fields[0].name);
	d.fields[d.nfields++].value = xasprintf("%llu", (unsigned long long)id);
	strlcpy_(d.fields[d.nfields].name, "_version", sizeof d.fields[0].name);
	d.fields[d.nfields++].value = xasprintf("%llu", (unsigned long long)po->version + 1);
	strlcpy_(d.fields[d.nfields].name, "motivation", sizeof d.fields[0].name);
	d.fields[d.nfields++].value = xstrdup(DEMO_MOTIVATION);
	/* The focus on the motivation (the last stop with no partner), cursor at its end. */
	d.focus = LOT_COUNT + 3 + 4 + 1;
	d.cursor = (uint32_t)utf8_len(DEMO_MOTIVATION);
	if ((rc = uc_draft_put(&uc, &d, &why)) != RC_OK)
		goto out;
	*created = true;
out:
	if (rc != RC_OK)
		fprintf(stderr, _("recond: brouillon de démonstration : %s\n"),
		        why != NULL ? why : rc_sentence(rc));
	store_abort(txn);
	draft_clear(&d);
	account_clear(&a);
	free(po);
	free(why);
	return rc;
}
