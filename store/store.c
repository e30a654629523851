/*
 * store.c — the LMDB environment of a data directory: creation, opening
 * (named databases, stale readers, schema migrations), transactions, ids,
 * key helpers and the mapping of LMDB errors to enum rc.
 *
 * Layout: DIR/db/data.mdb and DIR/db/lock.mdb. The environment is opened by
 * each process that uses it, after fork(): LMDB's lock table is tied to the
 * process that opened it, so a struct store refuses to be used from any
 * other process (store_begin returns RC_ERR and logs it).
 */
#include "store/store-int.h"
#include "store/store-refurb.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DB_SUBDIR "db"
#define META_SCHEMA "schema"

const struct store_dbi_def store_dbi_defs[DBI_COUNT] = {
	[DBI_META] = { "meta", 0, STORE_FMT_BYTES, STORE_FMT_NUM },
	[DBI_ACCOUNTS] = { "accounts", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_ACCOUNT_BY_LOGIN] = { "account_by_login", 0, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_ORGS] = { "orgs", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_ORG_BY_SIREN] = { "org_by_siren", MDB_DUPSORT, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_ORG_BY_COMMUNE] = { "org_by_commune", MDB_DUPSORT, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_ORG_BY_NAME] = { "org_by_name", MDB_DUPSORT, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_PREORDERS] = { "preorders", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_PREORDER_BY_ORG] = { "preorder_by_org", MDB_DUPSORT, STORE_FMT_ID, STORE_FMT_ID },
	[DBI_PREORDER_BY_DEPT_STATE] = { "preorder_by_dept_state", MDB_DUPSORT, STORE_FMT_BYTES,
	                                 STORE_FMT_ID },
	[DBI_PREORDER_BY_STATE] = { "preorder_by_state", MDB_DUPSORT, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_AUDIT] = { "audit", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	[DBI_DRAFTS] = { "drafts", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	[DBI_SETTINGS] = { "settings", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	[DBI_COMMUNES] = { "communes", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	[DBI_COMMUNE_BY_POSTCODE] = { "commune_by_postcode", MDB_DUPSORT, STORE_FMT_BYTES,
	                              STORE_FMT_BYTES },
	[DBI_COMMUNE_BY_NAME] = { "commune_by_name", MDB_DUPSORT, STORE_FMT_BYTES, STORE_FMT_BYTES },
	[DBI_REFLISTS] = { "reflists", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	[DBI_REFLIST_META] = { "reflist_meta", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	[DBI_MESSAGES] = { "messages", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_MESSAGE_BY_THREAD] = { "message_by_thread", MDB_DUPSORT, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_MESSAGE_READ] = { "message_read", 0, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_TICKETS] = { "tickets", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_TICKET_BY_ORG] = { "ticket_by_org", MDB_DUPSORT, STORE_FMT_ID, STORE_FMT_ID },
	[DBI_SIGNUP_TRIES] = { "signup_tries", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	[DBI_INSTRUCTIONS] = { "instructions", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_INSTRUCTION_BY_DEPT] = { "instruction_by_dept", MDB_DUPSORT, STORE_FMT_BYTES,
	                              STORE_FMT_ID },
	[DBI_QUEUE_VIEWS] = { "queue_views", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	/* refurbishers and statistics */
	[DBI_REFURBS] = { "refurbs", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_REFURB_BY_SIREN] = { "refurb_by_siren", 0, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_REFURB_BY_STATE] = { "refurb_by_state", MDB_DUPSORT, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_STATS] = { "stats", 0, STORE_FMT_BYTES, STORE_FMT_RECORD },
	/* orders */
	[DBI_ORDERS] = { "orders", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_ORDER_BY_ORG] = { "order_by_org", MDB_DUPSORT, STORE_FMT_ID, STORE_FMT_ID },
	[DBI_ORDER_BY_REFURB] = { "order_by_refurb", MDB_DUPSORT, STORE_FMT_ID, STORE_FMT_ID },
	[DBI_ORDER_BY_DEPT] = { "order_by_dept", MDB_DUPSORT, STORE_FMT_BYTES, STORE_FMT_ID },
	[DBI_LOANS] = { "loans", 0, STORE_FMT_ID, STORE_FMT_RECORD },
	[DBI_LOAN_BY_ORG] = { "loan_by_org", MDB_DUPSORT, STORE_FMT_ID, STORE_FMT_ID },
};

/* ---- migrations ---- */

/*
 * Version 0 is a database made before the schema was stamped: its named
 * databases are created by store_open itself and its records need no
 * conversion, so the step only has to exist for the version to advance.
 */
static int migrate_0_to_1(struct store_txn *txn, char **why)
{
	(void)txn;
	(void)why;
	return RC_OK;
}

/* Schema 2: the running statistics of the pre-orders (db-stats.c), counted once. */
static int migrate_1_to_2(struct store_txn *txn, char **why)
{
	int rc = db_stats_rebuild(txn);

	if (rc != RC_OK)
		return fail(why, rc, "statistiques : décompte impossible (%s)", rc_str(rc));
	return RC_OK;
}

static const struct store_migration builtin_migrations[] = {
	{ 0, "base sans version de schéma → schéma 1", migrate_0_to_1 },
	{ 1, "statistiques courantes des intentions de commande → schéma 2", migrate_1_to_2 },
};

static const struct store_migration *migrations = builtin_migrations;
static size_t nmigrations = ARRAY_LEN(builtin_migrations);
static uint32_t target_version = STORE_SCHEMA_VERSION;

void store_migrations_override(const struct store_migration *steps, size_t n, uint32_t target)
{
	if (steps == NULL) {
		migrations = builtin_migrations;
		nmigrations = ARRAY_LEN(builtin_migrations);
		target_version = STORE_SCHEMA_VERSION;
	} else {
		migrations = steps;
		nmigrations = n;
		target_version = target;
	}
}

static size_t mapsize = STORE_MAPSIZE;

void store_mapsize_override(size_t bytes)
{
	mapsize = bytes != 0 ? bytes : STORE_MAPSIZE;
}

uint32_t store_target_version(void)
{
	return target_version;
}

/* ---- small helpers ---- */

void u64_key(uint64_t v, unsigned char out[8])
{
	for (int i = 7; i >= 0; i--) {
		out[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

uint64_t u64_from_key(const void *p)
{
	const unsigned char *b = p;
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | b[i];
	return v;
}

int store_mdb_rc(int mdb_err, const char *what)
{
	int rc;

	switch (mdb_err) {
	case MDB_SUCCESS:
		return RC_OK;
	case MDB_NOTFOUND:
		return RC_NOTFOUND;
	case MDB_KEYEXIST:
		return RC_EXISTS;
	case MDB_MAP_FULL:
	case MDB_TXN_FULL:
	case MDB_READERS_FULL:
	case MDB_DBS_FULL:
	case ENOSPC:
		rc = RC_FULL;
		break;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
	case MDB_INCOMPATIBLE:
	case MDB_PANIC:
	case EIO:
	case EACCES:
	case ENOENT:
	case EROFS:
		rc = RC_IO;
		break;
	default:
		rc = RC_ERR;
	}
	if (mdb_err == MDB_MAP_FULL)
		log_error("%s: %s — the database reached its map size (%zu MiB); the "
		          "transaction is refused, data already committed is intact",
		          what, mdb_strerror(mdb_err), mapsize >> 20);
	else
		log_error("%s: %s", what, mdb_strerror(mdb_err));
	return rc;
}

static char *db_path(const char *dir)
{
	return xasprintf("%s/" DB_SUBDIR, dir);
}

bool store_exists(const char *dir)
{
	struct stat sb;
	char *p;
	bool ok;

	if (dir == NULL || *dir == '\0')
		return false;
	p = xasprintf("%s/" DB_SUBDIR "/data.mdb", dir);
	ok = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
	free(p);
	return ok;
}

/* mkdir -p with mode 0700 for what it creates. */
static int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
		if (rc != 0)
			break;
	}
	if (rc == 0 && mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* True if the directory holds no entry but . and .. (false on error). */
static bool dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	if (d == NULL)
		return false;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = false;
			break;
		}
	}
	closedir(d);
	return empty;
}

int store_env_open(const char *path, unsigned flags, size_t size, MDB_env **out, char **why)
{
	MDB_env *env = NULL;
	int err, rc = RC_ERR;

	if ((err = mdb_env_create(&env)) != 0) {
		rc = store_mdb_rc(err, "mdb_env_create");
		goto out;
	}
	if ((err = mdb_env_set_mapsize(env, size)) != 0 ||
	    (err = mdb_env_set_maxreaders(env, STORE_MAXREADERS)) != 0 ||
	    (err = mdb_env_set_maxdbs(env, STORE_MAXDBS)) != 0) {
		rc = store_mdb_rc(err, "mdb_env_set");
		goto out;
	}
	/* MDB_NOTLS ties reader slots to transactions, not threads. */
	if ((err = mdb_env_open(env, path, MDB_NOTLS | flags, 0600)) != 0) {
		rc = store_mdb_rc(err, "mdb_env_open");
		fail(why, rc, "impossible d'ouvrir la base « %s » : %s", path, mdb_strerror(err));
		goto out;
	}
	*out = env;
	env = NULL;
	rc = RC_OK;
out:
	if (env != NULL)
		mdb_env_close(env);
	return rc;
}

static int meta_get_u32(MDB_txn *t, MDB_dbi meta, uint32_t *out)
{
	MDB_val k = { strlen(META_SCHEMA), (void *)META_SCHEMA }, v;
	const unsigned char *b;
	int err;

	*out = 0;
	if ((err = mdb_get(t, meta, &k, &v)) != 0)
		return err;
	if (v.mv_size != 4)
		return MDB_CORRUPTED;
	b = v.mv_data;
	*out = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return 0;
}

int store_set_schema_version(struct store_txn *txn, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 8), (unsigned char)v };

	return store_put(txn, DBI_META, META_SCHEMA, strlen(META_SCHEMA), b, 4, 0);
}

int store_schema_version(struct store_txn *txn, uint32_t *out)
{
	int err = meta_get_u32(txn->txn, store_dbi(txn, DBI_META), out);

	return err == 0 ? RC_OK : store_mdb_rc(err, "schema version");
}

/* Opens every named database in t (creating missing ones if create). */
static int open_dbis(struct store *st, MDB_txn *t, bool create)
{
	for (int i = 0; i < DBI_COUNT; i++) {
		int err = mdb_dbi_open(t, store_dbi_defs[i].name,
		                       store_dbi_defs[i].flags | (create ? MDB_CREATE : 0),
		                       &st->dbi[i]);
		if (err != 0)
			return err;
	}
	return 0;
}

/* Runs the migration steps from *version to target_version inside txn. */
static int migrate(struct store_txn *txn, uint32_t version, char **why)
{
	int rc;

	while (version < target_version) {
		const struct store_migration *step = NULL;

		for (size_t i = 0; i < nmigrations; i++)
			if (migrations[i].from == version)
				step = &migrations[i];
		if (step == NULL)
			return fail(why, RC_ERR, "aucune migration connue depuis le schéma %u",
			            version);
		log_info("migration du schéma %u vers %u : %s", version, version + 1, step->what);
		if ((rc = step->run(txn, why)) != RC_OK) {
			if (why != NULL && *why == NULL)
				fail(why, rc, "la migration du schéma %u vers %u a échoué", version,
				     version + 1);
			return rc;
		}
		version++;
		if ((rc = store_set_schema_version(txn, version)) != RC_OK)
			return fail(why, rc, "impossible d'enregistrer le schéma %u", version);
	}
	return RC_OK;
}

static int too_new(uint32_t version, char **why)
{
	return fail(why, RC_INVALID,
	            "la base est au schéma %u, plus récent que celui de ce programme (%u) : "
	            "mettez recond à jour", version, target_version);
}

/*
 * Opens the named databases and brings the schema to target_version: first
 * a read-only look (the usual case, no writer lock taken), then a write
 * transaction only if a database is missing or the schema is old. A new
 * database (creating) is stamped with target_version directly.
 */
static int store_prepare(struct store *st, bool creating, char **why)
{
	struct store_txn wt = { .st = st, .write = true };
	MDB_txn *t = NULL;
	uint32_t version = 0;
	int err, rc = RC_ERR;

	if ((err = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &t)) != 0) {
		rc = store_mdb_rc(err, "mdb_txn_begin");
		goto out;
	}
	err = open_dbis(st, t, false);
	if (err == 0)
		err = meta_get_u32(t, st->dbi[DBI_META], &version);
	if (err == 0 && version > target_version) {
		rc = too_new(version, why);
		goto out;
	}
	if (err == 0 && version == target_version) {
		err = mdb_txn_commit(t); /* keeps the handles */
		t = NULL;
		rc = err == 0 ? RC_OK : store_mdb_rc(err, "mdb_txn_commit");
		goto out;
	}
	if (err != 0 && err != MDB_NOTFOUND) {
		rc = store_mdb_rc(err, "ouverture des bases");
		goto out;
	}
	mdb_txn_abort(t);
	t = NULL;

	if ((err = mdb_txn_begin(st->env, NULL, 0, &t)) != 0) {
		rc = store_mdb_rc(err, "mdb_txn_begin");
		goto out;
	}
	if ((err = open_dbis(st, t, true)) != 0) {
		rc = store_mdb_rc(err, "création des bases");
		goto out;
	}
	err = meta_get_u32(t, st->dbi[DBI_META], &version);
	if (err != 0 && err != MDB_NOTFOUND) {
		rc = store_mdb_rc(err, "schema version");
		goto out;
	}
	if (version > target_version) {
		rc = too_new(version, why);
		goto out;
	}
	wt.txn = t;
	if (creating)
		rc = store_set_schema_version(&wt, target_version);
	else
		rc = migrate(&wt, version, why);
	if (rc != RC_OK)
		goto out;
	err = mdb_txn_commit(t);
	t = NULL;
	rc = err == 0 ? RC_OK : store_mdb_rc(err, "mdb_txn_commit");
out:
	if (t != NULL)
		mdb_txn_abort(t);
	if (rc != RC_OK && why != NULL && *why == NULL)
		fail(why, rc, "impossible de préparer la base : %s", rc_str(rc));
	return rc;
}

static int store_open_path(const char *dir, bool creating, struct store **out, char **why)
{
	struct store *st = xcalloc(1, sizeof *st);
	char *path = db_path(dir);
	int dead = 0, rc = RC_ERR;

	st->dir = xstrdup(dir);
	st->pid = getpid();
	/*
	 * Full durability for the main database: no MDB_NOSYNC, MDB_NOMETASYNC
	 * or MDB_WRITEMAP (only the drafts environment, drafts.c, is unsynced).
	 */
	if ((rc = store_env_open(path, 0, mapsize, &st->env, why)) != RC_OK)
		goto out;
	/* Reader slots of processes that died (SIGKILL) are released here. */
	mdb_reader_check(st->env, &dead);
	if (dead > 0)
		log_info("%d lecteurs morts libérés", dead);
	if ((rc = store_prepare(st, creating, why)) != RC_OK)
		goto out;
	*out = st;
	st = NULL;
out:
	free(path);
	store_close(st);
	return rc;
}

int store_create(const char *dir, char **why)
{
	struct store *st = NULL;
	struct stat sb;
	char *path = NULL;
	int rc = RC_ERR;

	if (dir == NULL || *dir == '\0')
		return fail(why, RC_INVALID, "répertoire de données manquant");
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT || mkdir_p(dir) != 0) {
			rc = fail(why, RC_IO, "impossible de créer le répertoire « %s » : %s", dir,
			          strerror(errno));
			goto out;
		}
	} else if (!S_ISDIR(sb.st_mode)) {
		rc = fail(why, RC_INVALID, "« %s » existe et n'est pas un répertoire", dir);
		goto out;
	} else if (store_exists(dir)) {
		rc = fail(why, RC_EXISTS, "« %s » contient déjà une base recond", dir);
		goto out;
	} else if (!dir_is_empty(dir)) {
		rc = fail(why, RC_INVALID,
		          "« %s » n'est pas vide et ne contient pas de base recond : choisissez "
		          "un répertoire vide ou absent", dir);
		goto out;
	}
	path = db_path(dir);
	if (mkdir(path, 0700) != 0) {
		rc = fail(why, RC_IO, "impossible de créer « %s » : %s", path, strerror(errno));
		goto out;
	}
	if ((rc = store_open_path(dir, true, &st, why)) != RC_OK)
		goto out;
	log_info("base créée dans %s (schéma %u)", path, target_version);
	rc = RC_OK;
out:
	store_close(st);
	free(path);
	return rc;
}

int store_open(const char *dir, struct store **out, char **why)
{
	*out = NULL;
	if (dir == NULL || *dir == '\0')
		return fail(why, RC_INVALID, "répertoire de données manquant");
	if (!store_exists(dir))
		return fail(why, RC_NOTFOUND,
		            "« %s » ne contient pas de base recond (créez-la avec « recond init "
		            "--data %s »)", dir, dir);
	return store_open_path(dir, false, out, why);
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	store_drafts_close(st);
	/* Closing an environment inherited across fork() would disturb the parent's locks. */
	if (st->env != NULL && st->pid == getpid())
		mdb_env_close(st->env);
	free(st->dir);
	free(st);
}

/* ---- transactions ---- */

int store_begin(struct store *st, bool write, struct store_txn **out)
{
	MDB_txn *t = NULL;
	int err;

	*out = NULL;
	if (st->pid != getpid()) {
		log_error("store used across fork() (opened by %d, used by %d)", (int)st->pid,
		          (int)getpid());
		return RC_ERR;
	}
	err = mdb_txn_begin(st->env, NULL, write ? 0 : MDB_RDONLY, &t);
	if (err == MDB_MAP_RESIZED) {
		/* Another process grew the map: adopt its size and try again. */
		if ((err = mdb_env_set_mapsize(st->env, 0)) == 0)
			err = mdb_txn_begin(st->env, NULL, write ? 0 : MDB_RDONLY, &t);
	}
	if (err != 0)
		return store_mdb_rc(err, "mdb_txn_begin");
	*out = xmalloc(sizeof **out);
	(*out)->st = st;
	(*out)->txn = t;
	(*out)->write = write;
	return RC_OK;
}

int store_begin_nested(struct store_txn *parent, struct store_txn **out)
{
	MDB_txn *t = NULL;
	int err;

	*out = NULL;
	if (parent == NULL || !parent->write)
		return RC_ERR;
	if ((err = mdb_txn_begin(parent->st->env, parent->txn, 0, &t)) != 0)
		return store_mdb_rc(err, "mdb_txn_begin (nested)");
	*out = xmalloc(sizeof **out);
	(*out)->st = parent->st;
	(*out)->txn = t;
	(*out)->write = true;
	return RC_OK;
}

int store_commit(struct store_txn *txn)
{
	int err = 0;

	if (txn == NULL)
		return RC_ERR;
	if (txn->write)
		err = mdb_txn_commit(txn->txn);
	else
		mdb_txn_abort(txn->txn);
	free(txn);
	return err == 0 ? RC_OK : store_mdb_rc(err, "mdb_txn_commit");
}

void store_abort(struct store_txn *txn)
{
	if (txn == NULL)
		return;
	mdb_txn_abort(txn->txn);
	free(txn);
}

/* ---- raw access ---- */

int store_put(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
              const void *val, size_t vlen, unsigned flags)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
	int err;

	if (!txn->write) {
		log_error("write in a read-only transaction (%s)", store_dbi_defs[d].name);
		return RC_ERR;
	}
	if (klen == 0 || klen > STORE_KEY_MAX)
		return RC_INVALID;
	err = mdb_put(txn->txn, store_dbi(txn, d), &k, &v, flags);
	return store_mdb_rc(err, store_dbi_defs[d].name);
}

int store_get(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
              const void **val, size_t *vlen)
{
	MDB_val k = { klen, (void *)key }, v;
	int err;

	*val = NULL;
	*vlen = 0;
	if (klen == 0 || klen > STORE_KEY_MAX)
		return RC_NOTFOUND;
	if ((err = mdb_get(txn->txn, store_dbi(txn, d), &k, &v)) != 0)
		return store_mdb_rc(err, store_dbi_defs[d].name);
	*val = v.mv_data;
	*vlen = v.mv_size;
	return RC_OK;
}

int store_del(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
              const void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
	int err;

	if (!txn->write) {
		log_error("delete in a read-only transaction (%s)", store_dbi_defs[d].name);
		return RC_ERR;
	}
	if (klen == 0 || klen > STORE_KEY_MAX)
		return RC_NOTFOUND;
	err = mdb_del(txn->txn, store_dbi(txn, d), &k, val != NULL ? &v : NULL);
	return store_mdb_rc(err, store_dbi_defs[d].name);
}

int store_next_id(struct store_txn *txn, const char *kind, uint64_t *out)
{
	char key[64];
	const void *v;
	size_t vlen;
	unsigned char b[8];
	uint64_t last = 0;
	int n, rc;

	n = snprintf(key, sizeof key, "seq:%s", kind);
	if (n < 0 || (size_t)n >= sizeof key)
		return RC_ERR;
	rc = store_get(txn, DBI_META, key, (size_t)n, &v, &vlen);
	if (rc == RC_OK) {
		if (vlen != 8)
			return store_mdb_rc(MDB_CORRUPTED, key);
		last = u64_from_key(v);
	} else if (rc != RC_NOTFOUND) {
		return rc;
	}
	if (last == UINT64_MAX)
		return RC_FULL;
	u64_key(last + 1, b);
	if ((rc = store_put(txn, DBI_META, key, (size_t)n, b, 8, 0)) != RC_OK)
		return rc;
	*out = last + 1;
	return RC_OK;
}

/* Walks the dup ids under key in database d, calling each(id). */
int store_walk_ids(struct store_txn *txn, enum dbi d, const void *key, size_t klen,
                    int (*each)(struct store_txn *txn, uint64_t id, void *ctx), void *ctx)
{
	MDB_cursor *cur = NULL;
	MDB_val k = { klen, (void *)key }, v;
	int err, rc = RC_OK;

	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, d), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		if (v.mv_size != 8) {
			rc = RC_IO;
			break;
		}
		if ((rc = each(txn, u64_from_key(v.mv_data), ctx)) != 0)
			break;
	}
	if (rc == RC_OK && err != MDB_NOTFOUND)
		rc = store_mdb_rc(err, store_dbi_defs[d].name);
	mdb_cursor_close(cur);
	return rc;
}
