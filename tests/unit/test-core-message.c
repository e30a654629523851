/*
 * test-core-message.c — messages and support tickets against a temporary
 * store: body and subject rules, who may read a pre-order's thread and a
 * ticket's, unread counts and read markers, and a clean store check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/uc-message.h"
#include "core/uc-form.h"
#include "store/store-message.h"
#include "store/store-programme.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_rules(void **state)
{
	char *why = NULL;

	(void)state;
	assert_int_equal(message_check_body("Bonjour,\nmerci.", NULL), RC_OK);
	assert_int_equal(message_check_body("a", &why), RC_INVALID);
	free(why);
	why = NULL;
	assert_int_equal(message_check_body("a\033]0;x\007b", &why), RC_INVALID);
	free(why);
	why = NULL;
	assert_int_equal(ticket_check_subject("Délai", NULL), RC_OK);
	assert_int_equal(ticket_check_subject("Deux\nlignes", &why), RC_INVALID);
	free(why);
}

/* A pre-order of organisation 3 in the Creuse, stored directly. */
static uint64_t put_preorder(struct store *st)
{
	struct store_txn *txn = NULL;
	struct preorder *po = calloc(1, sizeof *po);
	uint64_t id;

	po->org_id = 3;
	strcpy(po->dept, "23");
	strcpy(po->org_name, "Mairie");
	po->state = PO_BROUILLON;
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_preorder_insert(txn, po), RC_OK);
	assert_int_equal(store_commit(txn), RC_OK);
	id = po->id;
	free(po);
	return id;
}

static void test_threads(void **state)
{
	char *dir = fixture_new_store(), *why = NULL;
	struct store *st = NULL;
	struct actor alice = { .account_id = 7, .login = "alice", .role = ROLE_COLLECTIVITE,
		               .org_id = 3, .dept = "23" };
	struct actor pref = { .account_id = 9, .login = "pref", .role = ROLE_PREFECTURE,
		              .org_id = 5, .dept = "23" };
	struct actor other = { .account_id = 11, .login = "autre", .role = ROLE_COLLECTIVITE,
		               .org_id = 4, .dept = "23" };
	struct actor anct = { .account_id = 12, .login = "anct", .role = ROLE_ANCT, .org_id = 6 };
	struct uc ua = { .actor = &alice }, up = { .actor = &pref }, uo = { .actor = &other },
		  un = { .actor = &anct };
	struct message *m = NULL;
	struct ticket *t = NULL;
	size_t n = 0, unread = 0;
	uint64_t po, tk;
	size_t problems = 1;

	(void)state;
	assert_int_equal(store_open(dir, &st, &why), RC_OK);
	ua.st = up.st = uo.st = un.st = st;
	po = put_preorder(st);

	assert_int_equal(uc_message_post(&ua, THREAD_PREORDER, po, "Bonjour la préfecture", NULL),
	                 RC_OK);
	assert_int_equal(uc_message_post(&up, THREAD_PREORDER, po, "Bien reçu.", NULL), RC_OK);
	assert_int_equal(uc_message_post(&uo, THREAD_PREORDER, po, "Intrus", &why), RC_DENIED);
	free(why);
	why = NULL;
	assert_int_equal(uc_inbox_unread(&ua, &unread, NULL), RC_OK);
	assert_int_equal(unread, 1);
	assert_int_equal(uc_message_thread(&ua, THREAD_PREORDER, po, true, &m, &n, NULL), RC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].body, "Bonjour la préfecture");
	assert_string_equal(m[1].author_login, "pref");
	free(m);
	assert_int_equal(uc_inbox_unread(&ua, &unread, NULL), RC_OK);
	assert_int_equal(unread, 0);

	/*
	 * A colleague of alice writes to the préfecture: outgoing mail of the
	 * commune, unread neither for alice nor for the colleague; the
	 * préfecture's answer is unread for both.
	 */
	{
		struct actor bob = { .account_id = 8, .login = "bob", .role = ROLE_COLLECTIVITE,
			             .org_id = 3, .dept = "23" };
		struct uc ub = { .st = st, .actor = &bob };

		assert_int_equal(uc_message_post(&ub, THREAD_PREORDER, po, "Relance du dossier",
		                                 NULL), RC_OK);
		assert_int_equal(uc_message_post(&ub, THREAD_PREORDER, po, "Et une pièce jointe",
		                                 NULL), RC_OK);
		assert_int_equal(uc_inbox_unread(&ua, &unread, NULL), RC_OK);
		assert_int_equal(unread, 0);
		assert_int_equal(uc_thread_unread(&ub, THREAD_PREORDER, po, &unread), RC_OK);
		assert_int_equal(unread, 0);
		assert_int_equal(uc_thread_unread(&up, THREAD_PREORDER, po, &unread), RC_OK);
		assert_int_equal(unread, 2);
		assert_int_equal(uc_message_post(&up, THREAD_PREORDER, po, "Complet.", NULL), RC_OK);
		assert_int_equal(uc_inbox_unread(&ua, &unread, NULL), RC_OK);
		assert_int_equal(unread, 1);
		assert_int_equal(uc_inbox_unread(&ub, &unread, NULL), RC_OK);
		assert_int_equal(unread, 1);
		assert_int_equal(uc_message_thread(&ua, THREAD_PREORDER, po, true, &m, &n, NULL),
		                 RC_OK);
		free(m);
	}

	assert_int_equal(uc_ticket_open(&ua, "Délai", "Quand livrez-vous ?", &tk, NULL), RC_OK);
	assert_int_equal(uc_message_post(&uo, THREAD_TICKET, tk, "Intrus", &why), RC_DENIED);
	free(why);
	why = NULL;
	assert_int_equal(uc_message_post(&un, THREAD_TICKET, tk, "Sous huit jours.", NULL), RC_OK);
	assert_int_equal(uc_inbox_unread(&ua, &unread, NULL), RC_OK);
	assert_int_equal(unread, 1);
	assert_int_equal(uc_tickets(&ua, &t, &n, NULL), RC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].subject, "Délai");
	/* the team's answer made it « répondu » */
	assert_int_equal(t[0].state, TICKET_ANSWERED);
	free(t);
	assert_int_equal(uc_tickets(&uo, &t, &n, NULL), RC_OK);
	assert_int_equal(n, 0);
	free(t);

	/* the support desk: every ticket for the team, no one else */
	{
		uint64_t tk2;

		assert_int_equal(uc_ticket_open(&uo, "Livraison", "Où en est la livraison ?", &tk2,
		                                NULL), RC_OK);
		assert_int_equal(uc_desk_tickets(&un, &t, &n, NULL), RC_OK);
		assert_int_equal(n, 2);
		assert_int_equal(t[0].state, TICKET_ANSWERED);
		assert_int_equal(t[1].state, TICKET_OPEN);
		free(t);
		assert_int_equal(uc_desk_tickets(&ua, &t, &n, &why), RC_DENIED);
		assert_null(t);
		free(why);
		why = NULL;
		assert_int_equal(uc_ticket_set_state(&ua, tk, TICKET_CLOSED, &why), RC_DENIED);
		free(why);
		why = NULL;
		assert_int_equal(uc_ticket_set_state(&up, tk2, TICKET_CLOSED, &why), RC_DENIED);
		free(why);
		why = NULL;
		assert_int_equal(uc_ticket_set_state(&un, tk, TICKET_CLOSED, NULL), RC_OK);
		assert_int_equal(uc_ticket_set_state(&un, tk, TICKET_CLOSED, &why), RC_INVALID);
		assert_non_null(strstr(why, "déjà « clos »"));
		free(why);
		why = NULL;
		assert_int_equal(uc_ticket_set_state(&un, 999, TICKET_CLOSED, &why), RC_NOTFOUND);
		free(why);
		why = NULL;
		/* the requester writes again: it is open again */
		assert_int_equal(uc_message_post(&ua, THREAD_TICKET, tk, "Merci, et ensuite ?", NULL),
		                 RC_OK);
		assert_int_equal(uc_tickets(&ua, &t, &n, NULL), RC_OK);
		assert_int_equal(n, 1);
		assert_int_equal(t[0].state, TICKET_OPEN);
		free(t);
	}

	assert_int_equal(store_check(st, stderr, &problems), RC_OK);
	assert_int_equal(problems, 0);
	store_close(st);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
