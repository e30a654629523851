/*
 * check.c — store_check(): the integrity checker. Driven by the table of
 * kinds (kinds.h): every record must load and appear under each of its
 * index keys; every index entry must point to an existing record that
 * indexes back to it; id sequences must be ahead of the ids in use; the
 * schema version must be the current one. One French line per problem.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "store/kinds.h"
#include "store/store-int.h"
#include "store/store-refurb.h"

struct check {
	struct store_txn *txn;
	FILE *report;
	size_t problems;
	struct store_keys *keys;  /* scratch, one per check */
};

static void check_problem(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check_problem(struct check *c, const char *fmt, ...)
{
	va_list ap;

	c->problems++;
	if (c->report == NULL)
		return;
	fputs("problème : ", c->report);
	va_start(ap, fmt);
	vfprintf(c->report, fmt, ap);
	va_end(ap);
	fputc('\n', c->report);
}

static void check_stats_line(void *ctx, const char *line)
{
	check_problem(ctx, "%s", line);
}

static const char *dbname(enum dbi d)
{
	return store_dbi_defs[d].name;
}

/* True if the pair key → val is in index d (dup or not). */
static int index_has(struct check *c, enum dbi d, const void *key, size_t klen,
                     const void *val, size_t vlen, bool *has)
{
	MDB_cursor *cur = NULL;
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
	int err;

	*has = false;
	if (klen == 0 || klen > STORE_KEY_MAX)
		return RC_OK;
	if ((err = mdb_cursor_open(c->txn->txn, store_dbi(c->txn, d), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	if (store_dbi_defs[d].flags & MDB_DUPSORT) {
		err = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH);
		*has = err == 0;
	} else {
		err = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);
		*has = err == 0 && v.mv_size == vlen && memcmp(v.mv_data, val, vlen) == 0;
	}
	mdb_cursor_close(cur);
	if (err != 0 && err != MDB_NOTFOUND)
		return store_mdb_rc(err, dbname(d));
	return RC_OK;
}

/* Records of kind: each loads, each is in every index under each of its keys. */
static int check_records(struct check *c, const struct store_kind *kind, uint64_t *max_id)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int err, rc = RC_OK;
	enum store_fmt kf = store_dbi_defs[kind->records].key_fmt;

	*max_id = 0;
	if ((err = mdb_cursor_open(c->txn->txn, store_dbi(c->txn, kind->records), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		char *why = NULL, *ks = store_fmt_str(kf, k.mv_data, k.mv_size);
		void *obj = NULL;

		if (k.mv_size == 8 && u64_from_key(k.mv_data) > *max_id)
			*max_id = u64_from_key(k.mv_data);
		if (store_kind_load(kind, k.mv_data, k.mv_size, v.mv_data, v.mv_size, &obj, &why) !=
		    RC_OK) {
			check_problem(c, "%s %s : illisible (%s)", dbname(kind->records), ks,
			              why != NULL ? why : "raison inconnue");
			free(why);
			free(ks);
			continue;
		}
		for (int i = 0; i < STORE_KIND_INDEX_MAX && kind->index[i].keys != NULL; i++) {
			enum dbi d = kind->index[i].dbi;

			c->keys->n = 0;
			kind->index[i].keys(obj, c->keys);
			for (size_t j = 0; j < c->keys->n && rc == RC_OK; j++) {
				bool has;

				rc = index_has(c, d, c->keys->k[j].data, c->keys->k[j].len, k.mv_data,
				               k.mv_size, &has);
				if (rc == RC_OK && !has) {
					char *is = store_fmt_str(store_dbi_defs[d].key_fmt,
					                         c->keys->k[j].data, c->keys->k[j].len);
					check_problem(c, "%s %s : absent de l'index %s sous %s",
					              dbname(kind->records), ks, dbname(d), is);
					free(is);
				}
			}
		}
		store_kind_free(kind, obj);
		free(ks);
		if (rc != RC_OK)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, dbname(kind->records));
	mdb_cursor_close(cur);
	return rc;
}

/* Entries of one index of kind: each points to a record that has that key. */
static int check_index(struct check *c, const struct store_kind *kind, const struct store_index *ix)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int err, rc = RC_OK;
	const struct store_dbi_def *def = &store_dbi_defs[ix->dbi];

	if ((err = mdb_cursor_open(c->txn->txn, store_dbi(c->txn, ix->dbi), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const void *rv;
		size_t rvlen;
		void *obj = NULL;
		char *why = NULL;
		char *ks = store_fmt_str(def->key_fmt, k.mv_data, k.mv_size);
		char *vs = store_fmt_str(def->val_fmt, v.mv_data, v.mv_size);

		rc = store_get(c->txn, kind->records, v.mv_data, v.mv_size, &rv, &rvlen);
		if (rc == RC_NOTFOUND) {
			check_problem(c, "index %s : %s → %s, enregistrement absent de %s", def->name,
			              ks, vs, dbname(kind->records));
			rc = RC_OK;
		} else if (rc == RC_OK &&
		           store_kind_load(kind, v.mv_data, v.mv_size, rv, rvlen, &obj, &why) == RC_OK) {
			c->keys->n = 0;
			ix->keys(obj, c->keys);
			if (!store_keys_has(c->keys, k.mv_data, k.mv_size))
				check_problem(c, "index %s : %s → %s, mais cet enregistrement n'a pas "
				              "cette clé", def->name, ks, vs);
			store_kind_free(kind, obj);
		}
		/* A record that does not load was reported by check_records. */
		free(why);
		free(ks);
		free(vs);
		if (rc != RC_OK)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, def->name);
	mdb_cursor_close(cur);
	return rc;
}

/* The id sequence of kind must be at least its largest id in use. */
static int check_seq(struct check *c, const struct store_kind *kind, uint64_t max_id)
{
	char key[64];
	const void *v;
	size_t vlen;
	uint64_t last = 0;
	int n, rc;

	if (kind->seq == NULL)
		return RC_OK;
	n = snprintf(key, sizeof key, "seq:%s", kind->seq);
	if (n < 0 || (size_t)n >= sizeof key)
		return RC_ERR;
	rc = store_get(c->txn, DBI_META, key, (size_t)n, &v, &vlen);
	if (rc == RC_OK && vlen != 8) {
		check_problem(c, "meta « %s » : valeur de %zu octets au lieu de 8", key, vlen);
		return RC_OK;
	}
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	if (rc == RC_OK)
		last = u64_from_key(v);
	if (max_id > last)
		check_problem(c, "meta « %s » vaut %llu mais %s contient le numéro %llu : la "
		              "prochaine création le réutiliserait", key, (unsigned long long)last,
		              dbname(kind->records), (unsigned long long)max_id);
	return RC_OK;
}

int store_check(struct store *st, FILE *report, size_t *problems)
{
	struct check c = { .report = report };
	uint32_t version;
	int rc;

	*problems = 0;
	if ((rc = store_begin(st, false, &c.txn)) != RC_OK)
		return rc;
	c.keys = xmalloc(sizeof *c.keys);
	rc = store_schema_version(c.txn, &version);
	if (rc == RC_NOTFOUND)
		check_problem(&c, "version de schéma absente de meta");
	else if (rc != RC_OK)
		goto out;
	else if (version != store_target_version())
		check_problem(&c, "base au schéma %u, ce programme attend le schéma %u", version,
		              store_target_version());
	rc = RC_OK;
	for (size_t i = 0; i < store_nkinds && rc == RC_OK; i++) {
		const struct store_kind *kind = store_kinds[i];
		uint64_t max_id;

		if ((rc = check_records(&c, kind, &max_id)) != RC_OK ||
		    (rc = check_seq(&c, kind, max_id)) != RC_OK)
			break;
		for (int j = 0; j < STORE_KIND_INDEX_MAX && kind->index[j].keys != NULL; j++)
			if ((rc = check_index(&c, kind, &kind->index[j])) != RC_OK)
				break;
	}
	if (rc == RC_OK) {
		size_t ndiff = 0;

		/* the running figures must equal a recount of the pre-orders */
		rc = db_stats_verify(c.txn, check_stats_line, &c, &ndiff);
	}
	store_abort(c.txn);
	c.txn = NULL;
	/* The drafts environment (opened, so checked and rebuilt if it must be). */
	if (rc == RC_OK) {
		uint64_t max_id;

		if (store_drafts_begin(st, false, &c.txn) != RC_OK)
			check_problem(&c, "environnement des brouillons illisible");
		else
			rc = check_records(&c, &db_draft_kind, &max_id);
	}
out:
	store_abort(c.txn);
	free(c.keys);
	*problems = c.problems;
	return rc;
}
