/*
 * test-store-records.c — accounts and organisations in the store: create,
 * open and refusals of a data directory; insert, get, update, iterate; the
 * indexes follow every change; unique logins; stale versions refused;
 * nothing is visible before commit or after abort.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/model.h"
#include "core/util.h"
#include "store/codec.h"
#include "store/store-int.h"
#include "store/store.h"
#include "tests/unit/store-fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static struct store *open_or_die(const char *dir)
{
	struct store *st = NULL;
	char *why = NULL;

	if (store_open(dir, &st, &why) != RC_OK) {
		fprintf(stderr, "store_open: %s\n", why ? why : "?");
		abort();
	}
	return st;
}

static void make_account(struct account *a, const char *login, enum role role, size_t nkeys)
{
	memset(a, 0, sizeof *a);
	strlcpy_(a->login, login, sizeof a->login);
	a->role = role;
	strlcpy_(a->pwhash, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA", sizeof a->pwhash);
	for (size_t i = 0; i < nkeys; i++)
		a->keys[i] = xasprintf("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA%zu clé-%zu", i, i);
	a->nkeys = nkeys;
}

static void make_org(struct org *o, const char *name, const char *siren, const char *insee)
{
	memset(o, 0, sizeof *o);
	o->kind = ORG_COMMUNE;
	o->status = ORG_VALIDATED;
	strlcpy_(o->name, name, sizeof o->name);
	strlcpy_(o->siren, siren, sizeof o->siren);
	if (*siren)
		snprintf(o->siret, sizeof o->siret, "%s00011", siren);
	strlcpy_(o->insee, insee, sizeof o->insee);
	strlcpy_(o->dept, "23", sizeof o->dept);
	strlcpy_(o->contact.name, "Hélène Müller", sizeof o->contact.name);
	strlcpy_(o->contact.email, "mairie@exemple.fr", sizeof o->contact.email);
}

static void test_create_refusals(void **state)
{
	char *t = fixture_tmpdir(), *dir = xasprintf("%s/a/b/data", t), *why = NULL;
	char *full = xasprintf("%s/full", t), *junk = xasprintf("%s/full/notes.txt", t);
	char *file = xasprintf("%s/file", t);
	struct store *st = NULL;
	FILE *f;

	(void)state;
	assert_false(store_exists(dir));
	assert_int_equal(store_open(dir, &st, &why), RC_NOTFOUND);
	assert_non_null(strstr(why, "recond init"));
	/* Absent DIR (and parents) are created. */
	assert_int_equal(store_create(dir, &why), RC_OK);
	assert_true(store_exists(dir));
	/* A second create is refused: it already holds a database. */
	assert_int_equal(store_create(dir, &why), RC_EXISTS);
	assert_non_null(strstr(why, "contient déjà une base recond"));
	/* A directory holding something else is refused. */
	assert_int_equal(mkdir(full, 0700), 0);
	f = fopen(junk, "w");
	assert_non_null(f);
	fputs("à garder\n", f);
	fclose(f);
	assert_int_equal(store_create(full, &why), RC_INVALID);
	assert_non_null(strstr(why, "n'est pas vide"));
	assert_false(store_exists(full));
	/* A file is not a directory. */
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(store_create(file, &why), RC_INVALID);
	/* An empty existing directory is fine. */
	assert_int_equal(unlink(junk), 0);
	assert_int_equal(store_create(full, &why), RC_OK);
	st = open_or_die(full);
	store_close(st);
	free(why);
	fixture_rm_rf(t);
	free(t);
	free(dir);
	free(full);
	free(junk);
	free(file);
}

static void test_account_crud(void **state)
{
	char *dir = fixture_new_store();
	struct store *st = open_or_die(dir);
	struct store_txn *txn = NULL;
	struct account a, b, got, dup;
	uint64_t id_a;
	uint32_t version;

	(void)state;
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(store_schema_version(txn, &version), RC_OK);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	store_abort(txn);

	make_account(&a, "amelie.dupont", ROLE_PREFECTURE, 3);
	make_account(&b, "bruno", ROLE_COLLECTIVITE, 0);
	b.org_id = 7;
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_account_insert(txn, &a), RC_OK);
	assert_true(a.id > 0);
	assert_int_equal(a.version, 1);
	assert_true(a.created_at > 0 && a.updated_at == a.created_at);
	assert_int_equal(db_account_insert(txn, &b), RC_OK);
	assert_true(b.id != a.id);
	/* Unique login. */
	make_account(&dup, "amelie.dupont", ROLE_ANCT, 0);
	assert_int_equal(db_account_insert(txn, &dup), RC_EXISTS);
	assert_int_equal(dup.id, 0);
	account_clear(&dup);
	assert_int_equal(store_commit(txn), RC_OK);
	id_a = a.id;

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_get(txn, id_a, &got), RC_OK);
	assert_string_equal(got.login, "amelie.dupont");
	assert_int_equal(got.role, ROLE_PREFECTURE);
	assert_int_equal(got.nkeys, 3);
	assert_string_equal(got.keys[2], a.keys[2]);
	assert_string_equal(got.pwhash, a.pwhash);
	assert_false(got.disabled);
	account_clear(&got);
	assert_int_equal(db_account_by_login(txn, "bruno", &got), RC_OK);
	assert_int_equal(got.id, b.id);
	assert_int_equal(got.org_id, 7);
	account_clear(&got);
	assert_int_equal(db_account_by_login(txn, "personne", &got), RC_NOTFOUND);
	assert_int_equal(db_account_get(txn, 999, &got), RC_NOTFOUND);
	assert_int_equal(db_account_get(txn, 0, &got), RC_NOTFOUND);
	store_abort(txn);

	/* Update: rename (index follows), disable, remove a key. */
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_account_get(txn, id_a, &got), RC_OK);
	strlcpy_(got.login, "amelie.martin", sizeof got.login);
	got.disabled = true;
	free(got.keys[2]);
	got.keys[2] = NULL;
	got.nkeys = 2;
	assert_int_equal(db_account_update(txn, &got), RC_OK);
	assert_int_equal(got.version, 2);
	/* Renaming onto a taken login is refused. */
	strlcpy_(got.login, "bruno", sizeof got.login);
	assert_int_equal(db_account_update(txn, &got), RC_EXISTS);
	assert_int_equal(got.version, 2);
	account_clear(&got);
	assert_int_equal(store_commit(txn), RC_OK);

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_by_login(txn, "amelie.dupont", &got), RC_NOTFOUND);
	assert_int_equal(db_account_by_login(txn, "amelie.martin", &got), RC_OK);
	assert_int_equal(got.version, 2);
	assert_true(got.disabled);
	assert_int_equal(got.nkeys, 2);
	assert_int_equal(got.created_at, a.created_at);
	account_clear(&got);
	store_abort(txn);

	/* A stale version is refused and changes nothing. */
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	a.disabled = false;
	assert_int_equal(a.version, 1);
	assert_int_equal(db_account_update(txn, &a), RC_STALE);
	assert_int_equal(a.version, 1);
	a.id = 12345;
	assert_int_equal(db_account_update(txn, &a), RC_NOTFOUND);
	store_abort(txn);

	/* What an aborted transaction did is gone. */
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	make_account(&dup, "fantome", ROLE_ANCT, 0);
	assert_int_equal(db_account_insert(txn, &dup), RC_OK);
	store_abort(txn);
	account_clear(&dup);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_account_by_login(txn, "fantome", &got), RC_NOTFOUND);
	store_abort(txn);

	/* Inputs the store cannot keep. */
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	make_account(&dup, "", ROLE_ANCT, 0);
	assert_int_equal(db_account_insert(txn, &dup), RC_INVALID);
	dup.role = ROLE_COUNT;
	strlcpy_(dup.login, "x", sizeof dup.login);
	assert_int_equal(db_account_insert(txn, &dup), RC_INVALID);
	store_abort(txn);
	/* A write in a read transaction is refused. */
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	dup.role = ROLE_ANCT;
	assert_int_equal(db_account_insert(txn, &dup), RC_ERR);
	store_abort(txn);

	account_clear(&a);
	account_clear(&b);
	store_close(st);
	fixture_remove(dir);
}

static int collect_login(const struct account *a, void *ctx)
{
	char *buf = ctx;

	strcat(buf, a->login);
	strcat(buf, ",");
	return strcmp(a->login, "stop") == 0 ? 42 : 0;
}

static void test_account_each(void **state)
{
	char *dir = fixture_new_store();
	struct store *st = open_or_die(dir);
	struct store_txn *txn = NULL;
	const char *logins[] = { "zoe", "alice", "mael", "stop", "yann" };
	char buf[128] = "";

	(void)state;
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	for (size_t i = 0; i < ARRAY_LEN(logins); i++) {
		struct account a;

		make_account(&a, logins[i], ROLE_COLLECTIVITE, 1);
		assert_int_equal(db_account_insert(txn, &a), RC_OK);
		account_clear(&a);
	}
	assert_int_equal(store_commit(txn), RC_OK);
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	/* Login order, and the callback's non-zero return stops and is returned. */
	assert_int_equal(db_account_each(txn, collect_login, buf), 42);
	assert_string_equal(buf, "alice,mael,stop,");
	store_abort(txn);
	store_close(st);
	fixture_remove(dir);
}

struct names {
	char buf[512];
	int count;
};

static int collect_org(const struct org *o, void *ctx)
{
	struct names *n = ctx;

	strcat(n->buf, o->name);
	strcat(n->buf, ";");
	n->count++;
	return 0;
}

static void test_org_crud_and_indexes(void **state)
{
	char *dir = fixture_new_store();
	struct store *st = open_or_die(dir);
	struct store_txn *txn = NULL;
	struct org a, b, c, got;
	struct names n;

	(void)state;
	make_org(&a, "Commune de Guéret", "212300963", "23096");
	make_org(&b, "Syndicat des eaux", "212300963", "23096"); /* same SIREN on purpose */
	make_org(&c, "Préfecture de la Creuse", "", "23096");
	c.kind = ORG_PREFECTURE;
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &a), RC_OK);
	assert_int_equal(db_org_insert(txn, &b), RC_OK);
	assert_int_equal(db_org_insert(txn, &c), RC_OK);
	assert_true(a.id < b.id && b.id < c.id);
	assert_int_equal(a.version, 1);
	assert_int_equal(store_commit(txn), RC_OK);

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_org_get(txn, c.id, &got), RC_OK);
	assert_string_equal(got.name, "Préfecture de la Creuse");
	assert_int_equal(got.kind, ORG_PREFECTURE);
	assert_string_equal(got.contact.name, "Hélène Müller");
	assert_string_equal(got.contact.email, "mairie@exemple.fr");
	assert_int_equal(db_org_by_siren(txn, "212300963", &got), RC_OK);
	assert_int_equal(got.id, a.id); /* first match: lowest id */
	assert_int_equal(db_org_by_siren(txn, "", &got), RC_NOTFOUND);
	assert_int_equal(db_org_by_name(txn, "Syndicat des eaux", &got), RC_OK);
	assert_int_equal(got.id, b.id);
	assert_int_equal(db_org_by_name(txn, "Syndicat", &got), RC_NOTFOUND);
	memset(&n, 0, sizeof n);
	assert_int_equal(db_org_each_in_commune(txn, "23096", collect_org, &n), RC_OK);
	assert_int_equal(n.count, 3);
	memset(&n, 0, sizeof n);
	assert_int_equal(db_org_each_by_siren(txn, "212300963", collect_org, &n), RC_OK);
	assert_string_equal(n.buf, "Commune de Guéret;Syndicat des eaux;");
	memset(&n, 0, sizeof n);
	assert_int_equal(db_org_each(txn, collect_org, &n), RC_OK);
	assert_int_equal(n.count, 3);
	store_abort(txn);

	/* Update moves every index; the stale copy is refused. */
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_get(txn, b.id, &got), RC_OK);
	strlcpy_(got.name, "SIAEP de la Creuse", sizeof got.name);
	strlcpy_(got.siren, "252301234", sizeof got.siren);
	strlcpy_(got.insee, "23001", sizeof got.insee);
	assert_int_equal(db_org_update(txn, &got), RC_OK);
	assert_int_equal(got.version, 2);
	assert_int_equal(db_org_update(txn, &b), RC_STALE);
	assert_int_equal(store_commit(txn), RC_OK);

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_org_by_name(txn, "Syndicat des eaux", &got), RC_NOTFOUND);
	assert_int_equal(db_org_by_name(txn, "SIAEP de la Creuse", &got), RC_OK);
	assert_int_equal(got.id, b.id);
	assert_int_equal(db_org_by_siren(txn, "252301234", &got), RC_OK);
	memset(&n, 0, sizeof n);
	assert_int_equal(db_org_each_by_siren(txn, "212300963", collect_org, &n), RC_OK);
	assert_string_equal(n.buf, "Commune de Guéret;");
	memset(&n, 0, sizeof n);
	assert_int_equal(db_org_each_in_commune(txn, "23096", collect_org, &n), RC_OK);
	assert_int_equal(n.count, 2);
	store_abort(txn);

	/* A name is required. */
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	make_org(&got, "", "", "");
	assert_int_equal(db_org_insert(txn, &got), RC_INVALID);
	store_abort(txn);

	store_close(st);
	fixture_remove(dir);
}

/*
 * The France Services spaces an organisation picked: kept and read back; a
 * record written before the field existed reads as none picked.
 */
static void test_org_fs_picks_compatible(void **state)
{
	char *dir = fixture_new_store();
	struct store *st = open_or_die(dir);
	struct store_txn *txn = NULL;
	struct org a, got;
	struct codec_w w;
	const void *data;
	size_t len;
	unsigned char key[8];

	(void)state;
	make_org(&a, "Communauté de communes Creuse Confluence", "200067759", "23031");
	a.kind = ORG_FRANCE_SERVICES;
	a.nfs = 2;
	strcpy(a.fs[0].id, "1234");
	strcpy(a.fs[0].insee, "23031");
	strcpy(a.fs[1].id, "fs-5678");
	strcpy(a.fs[1].insee, "23176");
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_insert(txn, &a), RC_OK);
	/* As a schema-1 writer wrote it: no "fs". */
	codec_w_init(&w, "org", 1);
	codec_w_u64(&w, "id", 99);
	codec_w_u64(&w, "version", 1);
	codec_w_u64(&w, "kind", ORG_FRANCE_SERVICES);
	codec_w_u64(&w, "status", ORG_PENDING);
	codec_w_str(&w, "name", "Ancienne structure");
	codec_w_finish(&w, &data, &len);
	u64_key(99, key);
	assert_int_equal(store_put(txn, DBI_ORGS, key, 8, data, len, 0), RC_OK);
	codec_w_free(&w);
	assert_int_equal(store_commit(txn), RC_OK);

	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_org_get(txn, a.id, &got), RC_OK);
	assert_int_equal(got.nfs, 2);
	assert_string_equal(got.fs[0].id, "1234");
	assert_string_equal(got.fs[0].insee, "23031");
	assert_string_equal(got.fs[1].id, "fs-5678");
	assert_string_equal(got.fs[1].insee, "23176");
	assert_int_equal(db_org_get(txn, 99, &got), RC_OK);
	assert_int_equal(got.nfs, 0);
	assert_string_equal(got.name, "Ancienne structure");
	store_abort(txn);

	/* An empty id is not storable. */
	assert_int_equal(store_begin(st, true, &txn), RC_OK);
	assert_int_equal(db_org_get(txn, a.id, &got), RC_OK);
	got.fs[1].id[0] = '\0';
	assert_int_equal(db_org_update(txn, &got), RC_INVALID);
	store_abort(txn);

	store_close(st);
	fixture_remove(dir);
}

/* A full map refuses the write transaction and leaves committed data intact. */
static void test_map_full(void **state)
{
	char *dir;
	struct store *st;
	struct store_txn *txn = NULL;
	struct org o, got;
	uint64_t committed = 0;
	size_t problems;
	int rc = RC_OK;

	(void)state;
	store_mapsize_override((size_t)1 << 20);
	dir = fixture_new_store();
	st = open_or_die(dir);
	/* Batches of 100 until the map is full (bounded: 1 MiB holds far fewer). */
	for (int batch = 0; batch < 1000 && rc == RC_OK; batch++) {
		assert_int_equal(store_begin(st, true, &txn), RC_OK);
		for (int i = 0; i < 100 && rc == RC_OK; i++) {
			make_org(&o, "Organisation au nom assez long pour remplir la carte", "", "");
			snprintf(o.name, sizeof o.name, "Organisation n° %d-%d, au nom assez long pour "
			         "remplir vite la petite carte de l'essai", batch, i);
			rc = db_org_insert(txn, &o);
		}
		if (rc == RC_OK) {
			rc = store_commit(txn);
			if (rc == RC_OK)
				committed += 100;
		} else {
			store_abort(txn);
		}
	}
	assert_int_equal(rc, RC_FULL);
	assert_true(committed > 0);
	/* Reads work; every committed record is there; check is clean. */
	assert_int_equal(store_begin(st, false, &txn), RC_OK);
	assert_int_equal(db_org_get(txn, committed, &got), RC_OK);
	assert_int_equal(db_org_get(txn, committed + 1, &got), RC_NOTFOUND);
	store_abort(txn);
	assert_int_equal(store_check(st, NULL, &problems), RC_OK);
	assert_int_equal(problems, 0);
	store_close(st);
	store_mapsize_override(0);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_refusals),
		cmocka_unit_test(test_account_crud),
		cmocka_unit_test(test_account_each),
		cmocka_unit_test(test_org_crud_and_indexes),
		cmocka_unit_test(test_org_fs_picks_compatible),
		cmocka_unit_test(test_map_full),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
