/*
 * drafts.c — the drafts environment: form drafts saved at every keystroke
 * without a disk flush, and folded into the main database on a short
 * period in one synced transaction (group commit). Owns DIR/db/drafts/
 * (an LMDB environment opened MDB_NOSYNC) and DIR/db/drafts.lock (the
 * flock taken while it is checked or rebuilt), the fold, and the flusher
 * thread the server runs.
 *
 * Why it is safe (docs/store.md says it for operators):
 *  - A commit in an MDB_NOSYNC environment is written to the file (page
 *    cache) before mdb_txn_commit returns; LMDB's copy-on-write keeps the
 *    previous snapshot whole until the new meta page is written, so the
 *    death of any process at any instant leaves the last commit or the one
 *    before, never a mix. What was echoed (saved before the echo) survives
 *    SIGKILL of every recond process.
 *  - An operating-system crash may leave the file torn (pages and meta
 *    pages reach the disk in any order between syncs, and pages of the
 *    last durable snapshot may have been reused). So the environment is
 *    never trusted across a boot: it carries the boot id that created it,
 *    and one opened under another boot id, or unreadable, or missing, is
 *    thrown away and rebuilt from the main database's drafts, which the
 *    folds keep at most one fold period (plus one commit) behind.
 *  - The main database is a separate environment and stays fully synced:
 *    nothing in it depends on the drafts environment's state.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store-int.h"

#define DRAFTS_SUBDIR "db/drafts"
#define DRAFTS_LOCK "db/drafts.lock"
#define DRAFTS_MAPSIZE ((size_t)2 << 30)    /* sparse */
/*
 * No sync at commit; the pages are written straight into the shared map
 * (MDB_WRITEMAP), so a commit makes no system call at all (instead of a
 * pwrite per page and one for the meta page). A process killed in the
 * middle of a commit still leaves the previous one whole: copy-on-write
 * never touches the pages of the last committed snapshot, and the meta
 * page is written last.
 */
#define DRAFTS_ENV_FLAGS (MDB_NOSYNC | MDB_WRITEMAP)
#define BOOT_KEY "boot_id"
#define CHANGE_KEY "change"
#define BOOT_ID_MAX 64

static const char *boot_override;

void store_drafts_boot_override(const char *boot_id)
{
	boot_override = boot_id;
}

/* The kernel's boot id (a UUID), or the test override; "" if unreadable. */
static void drafts_boot_id(char out[BOOT_ID_MAX])
{
	FILE *f;

	out[0] = '\0';
	if (boot_override != NULL) {
		strlcpy_(out, boot_override, BOOT_ID_MAX);
		return;
	}
	f = fopen("/proc/sys/kernel/random/boot_id", "re");
	if (f == NULL)
		return;
	if (fgets(out, BOOT_ID_MAX, f) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

static int drafts_dbis(MDB_txn *t, struct store *d, unsigned flags)
{
	int err;

	if ((err = mdb_dbi_open(t, "drafts", flags, &d->dbi[DBI_DRAFTS])) != 0 ||
	    (err = mdb_dbi_open(t, "pending", flags, &d->pending)) != 0 ||
	    (err = mdb_dbi_open(t, "meta", flags, &d->dbi[DBI_META])) != 0)
		return err;
	return 0;
}

/*
 * Opens the environment at path and checks it belongs to this boot; on
 * success *out is a drafts store. *reason says why it was refused.
 */
static int drafts_try_open(const char *path, const char *boot, struct store **out,
                           const char **reason)
{
	struct store *d = xcalloc(1, sizeof *d);
	MDB_txn *t = NULL;
	MDB_val k = { strlen(BOOT_KEY), (void *)BOOT_KEY }, v;
	struct stat sb;
	int err, rc = RC_IO;

	d->is_drafts = true;
	d->pid = getpid();
	*out = NULL;
	if (stat(path, &sb) != 0) {
		*reason = "absent";
		goto out;
	}
	if (store_env_open(path, DRAFTS_ENV_FLAGS, DRAFTS_MAPSIZE, &d->env, NULL) != RC_OK) {
		*reason = "illisible";
		goto out;
	}
	if ((err = mdb_txn_begin(d->env, NULL, MDB_RDONLY, &t)) != 0 ||
	    (err = drafts_dbis(t, d, 0)) != 0 ||
	    (err = mdb_get(t, d->dbi[DBI_META], &k, &v)) != 0) {
		*reason = "illisible";
		goto out;
	}
	if (boot[0] == '\0' || v.mv_size != strlen(boot) || memcmp(v.mv_data, boot, v.mv_size) != 0) {
		*reason = "écrit avant le dernier démarrage du système";
		goto out;
	}
	err = mdb_txn_commit(t); /* keeps the handles */
	t = NULL;
	if (err != 0) {
		*reason = "illisible";
		goto out;
	}
	*out = d;
	d = NULL;
	rc = RC_OK;
out:
	if (t != NULL)
		mdb_txn_abort(t);
	if (d != NULL) {
		if (d->env != NULL)
			mdb_env_close(d->env);
		free(d);
	}
	return rc;
}

/* Throws away the environment at path and makes it anew from main's drafts. */
static int drafts_rebuild(struct store *st, const char *path, const char *boot, char **why)
{
	char *f = NULL;
	MDB_env *env = NULL;
	MDB_txn *t = NULL, *rt = NULL;
	MDB_cursor *cur = NULL;
	MDB_val k, v, bk = { strlen(BOOT_KEY), (void *)BOOT_KEY }, bv = { strlen(boot), (void *)boot };
	struct store tmp = { 0 };
	size_t n = 0;
	int err, rc = RC_IO;

	for (int i = 0; i < 2; i++) {
		free(f);
		f = xasprintf("%s/%s", path, i == 0 ? "data.mdb" : "lock.mdb");
		if (unlink(f) != 0 && errno != ENOENT) {
			rc = fail(why, RC_IO, "impossible d'effacer « %s » : %s", f, strerror(errno));
			goto out;
		}
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		rc = fail(why, RC_IO, "impossible de créer « %s » : %s", path, strerror(errno));
		goto out;
	}
	if ((rc = store_env_open(path, DRAFTS_ENV_FLAGS, DRAFTS_MAPSIZE, &env, why)) != RC_OK)
		goto out;
	if ((err = mdb_txn_begin(env, NULL, 0, &t)) != 0 ||
	    (err = drafts_dbis(t, &tmp, MDB_CREATE)) != 0 ||
	    (err = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &rt)) != 0 ||
	    (err = mdb_cursor_open(rt, st->dbi[DBI_DRAFTS], &cur)) != 0) {
		rc = store_mdb_rc(err, "brouillons");
		goto out;
	}
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if ((err = mdb_put(t, tmp.dbi[DBI_DRAFTS], &k, &v, 0)) != 0)
			break;
		n++;
	}
	if (err == MDB_NOTFOUND)
		err = mdb_put(t, tmp.dbi[DBI_META], &bk, &bv, 0);
	if (err != 0) {
		rc = store_mdb_rc(err, "reconstruction des brouillons");
		goto out;
	}
	err = mdb_txn_commit(t);
	t = NULL;
	if (err == 0)
		err = mdb_env_sync(env, 1);
	if (err != 0) {
		rc = store_mdb_rc(err, "reconstruction des brouillons");
		goto out;
	}
	log_info("brouillons : environnement refait depuis la base (%zu brouillons)", n);
	rc = RC_OK;
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	if (rt != NULL)
		mdb_txn_abort(rt);
	if (t != NULL)
		mdb_txn_abort(t);
	if (env != NULL)
		mdb_env_close(env);
	free(f);
	return rc;
}

int store_drafts_env(struct store *st, struct store **out, char **why)
{
	char *path = NULL, *lock = NULL;
	char boot[BOOT_ID_MAX];
	const char *reason = NULL;
	int fd = -1, rc = RC_IO;

	*out = NULL;
	if (st->is_drafts)
		return fail(why, RC_ERR, "environnement des brouillons dans lui-même");
	if (st->drafts != NULL) {
		*out = st->drafts;
		return RC_OK;
	}
	if (st->pid != getpid())
		return fail(why, RC_ERR, "base ouverte par un autre processus");
	path = xasprintf("%s/" DRAFTS_SUBDIR, st->dir);
	lock = xasprintf("%s/" DRAFTS_LOCK, st->dir);
	drafts_boot_id(boot);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_SH) != 0) {
		rc = fail(why, RC_IO, "impossible de verrouiller « %s » : %s", lock, strerror(errno));
		goto out;
	}
	if (drafts_try_open(path, boot, &st->drafts, &reason) == RC_OK)
		goto found;
	/* Rebuild under the exclusive lock, unless another process just did. */
	if (flock(fd, LOCK_EX) != 0) {
		rc = fail(why, RC_IO, "impossible de verrouiller « %s » : %s", lock, strerror(errno));
		goto out;
	}
	if (drafts_try_open(path, boot, &st->drafts, &reason) == RC_OK)
		goto found;
	if (strcmp(reason, "absent") == 0)
		log_info("brouillons : environnement créé (%s)", path);
	else
		log_warn("brouillons : environnement %s (%s) : refait depuis la base", reason, path);
	if ((rc = drafts_rebuild(st, path, boot, why)) != RC_OK)
		goto out;
	if (drafts_try_open(path, boot, &st->drafts, &reason) != RC_OK) {
		rc = fail(why, RC_IO, "environnement des brouillons « %s » %s", path, reason);
		goto out;
	}
found:
	st->drafts->dir = xstrdup(path);
	*out = st->drafts;
	rc = RC_OK;
out:
	if (fd >= 0)
		close(fd); /* releases the flock */
	free(path);
	free(lock);
	return rc;
}

void store_drafts_close(struct store *st)
{
	struct store *d;

	if (st == NULL || st->drafts == NULL)
		return;
	if (st->drafts_written && st->pid == getpid())
		store_drafts_fold(st, NULL, NULL);
	d = st->drafts;
	st->drafts = NULL;
	if (d->env != NULL && d->pid == getpid())
		mdb_env_close(d->env);
	free(d->dir);
	free(d);
}

int store_drafts_begin(struct store *st, bool write, struct store_txn **out)
{
	struct store *d = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_drafts_env(st, &d, NULL)) != RC_OK)
		return rc;
	if (write)
		st->drafts_written = true;
	return store_begin(d, write, out);
}

int store_drafts_mark(struct store_txn *txn, const void *key, size_t klen)
{
	const void *v;
	size_t vlen;
	unsigned char b[8];
	uint64_t change = 0;
	MDB_val k = { klen, (void *)key }, bv = { 8, b };
	int rc, err;

	if (!txn->st->is_drafts)
		return RC_OK;
	rc = store_get(txn, DBI_META, CHANGE_KEY, strlen(CHANGE_KEY), &v, &vlen);
	if (rc == RC_OK && vlen == 8)
		change = u64_from_key(v);
	else if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	u64_key(change + 1, b);
	if ((rc = store_put(txn, DBI_META, CHANGE_KEY, strlen(CHANGE_KEY), b, 8, 0)) != RC_OK)
		return rc;
	err = mdb_put(txn->txn, txn->st->pending, &k, &bv, 0);
	return store_mdb_rc(err, "pending");
}

int store_drafts_pending(struct store *st, size_t *n)
{
	struct store_txn *t = NULL;
	MDB_stat ms;
	int err, rc;

	*n = 0;
	if ((rc = store_drafts_begin(st, false, &t)) != RC_OK)
		return rc;
	err = mdb_stat(t->txn, t->st->pending, &ms);
	if (err == 0)
		*n = ms.ms_entries;
	store_abort(t);
	return store_mdb_rc(err, "pending");
}

/* One folded draft: its key and the change number it was folded at. */
struct fold_item {
	unsigned char key[STORE_KEY_MAX];
	size_t klen;
	unsigned char change[8];
};

/* Forgets the changes folded, except those changed again since. */
static int fold_forget(struct store *st, const struct fold_item *items, size_t n)
{
	struct store_txn *t = NULL;
	int err = 0, rc;

	if ((rc = store_begin(st->drafts, true, &t)) != RC_OK)
		return rc;
	for (size_t i = 0; i < n && err == 0; i++) {
		MDB_val k = { items[i].klen, (void *)items[i].key }, v;

		err = mdb_get(t->txn, st->drafts->pending, &k, &v);
		if (err == 0 && v.mv_size == 8 && memcmp(v.mv_data, items[i].change, 8) == 0)
			err = mdb_del(t->txn, st->drafts->pending, &k, NULL);
		else if (err == MDB_NOTFOUND || err == 0)
			err = 0;
	}
	if (err != 0) {
		store_abort(t);
		return store_mdb_rc(err, "pending");
	}
	return store_commit(t);
}

int store_drafts_fold(struct store *st, size_t *folded, char **why)
{
	struct store_txn *mt = NULL, *dt = NULL;
	struct fold_item *items = NULL;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	size_t n = 0, cap = 0, pending = 0;
	int err, rc;

	if (folded != NULL)
		*folded = 0;
	if ((rc = store_drafts_pending(st, &pending)) != RC_OK)
		return fail(why, rc, "brouillons illisibles");
	if (pending == 0)
		return RC_OK;
	/*
	 * The main writer lock is taken first and the drafts are read inside
	 * it: a change made after this read is marked again and goes in the
	 * next fold.
	 */
	if ((rc = store_begin(st, true, &mt)) != RC_OK)
		return fail(why, rc, "base indisponible");
	if ((rc = store_begin(st->drafts, false, &dt)) != RC_OK)
		goto out;
	if ((err = mdb_cursor_open(dt->txn, st->drafts->pending, &cur)) != 0) {
		rc = store_mdb_rc(err, "pending");
		goto out;
	}
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const void *val;
		size_t vlen;

		if (k.mv_size == 0 || k.mv_size > STORE_KEY_MAX || v.mv_size != 8)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			items = xrealloc(items, cap * sizeof *items);
		}
		memcpy(items[n].key, k.mv_data, k.mv_size);
		items[n].klen = k.mv_size;
		memcpy(items[n].change, v.mv_data, 8);
		rc = store_get(dt, DBI_DRAFTS, k.mv_data, k.mv_size, &val, &vlen);
		if (rc == RC_OK)
			rc = store_put(mt, DBI_DRAFTS, k.mv_data, k.mv_size, val, vlen, 0);
		else if (rc == RC_NOTFOUND && (rc = store_del(mt, DBI_DRAFTS, k.mv_data, k.mv_size,
		                                             NULL, 0)) == RC_NOTFOUND)
			rc = RC_OK;
		if (rc != RC_OK)
			goto out;
		n++;
	}
	if (err != MDB_NOTFOUND) {
		rc = store_mdb_rc(err, "pending");
		goto out;
	}
	mdb_cursor_close(cur);
	cur = NULL;
	store_abort(dt);
	dt = NULL;
	rc = store_commit(mt); /* synced: from here the drafts survive a crash */
	mt = NULL;
	if (rc != RC_OK)
		goto out;
	if ((rc = fold_forget(st, items, n)) != RC_OK)
		goto out;
	if (folded != NULL)
		*folded = n;
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	store_abort(dt);
	store_abort(mt);
	free(items);
	if (rc != RC_OK)
		fail(why, rc, "brouillons non recopiés dans la base (%s)", rc_str(rc));
	return rc;
}

/* ---- the flusher thread ---- */

struct store_flusher {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	int period_ms;
	struct store *st;
};

static void *flusher_main(void *arg)
{
	struct store_flusher *f = arg;
	int64_t slow_ms = 0;
	bool stop = false;

	while (!stop) {
		struct timespec until;
		int64_t t0 = now_ms(), dt;
		char *why = NULL;

		if (store_drafts_fold(f->st, NULL, &why) != RC_OK)
			log_error("%s", why != NULL ? why : "brouillons non recopiés");
		free(why);
		dt = now_ms() - t0;
		if (dt > f->period_ms && dt > slow_ms) {
			slow_ms = dt;
			log_warn("brouillons : une recopie a pris %lld ms (période %d ms)",
			         (long long)dt, f->period_ms);
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)f->period_ms * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_mutex_lock(&f->mu);
		if (!f->stop)
			pthread_cond_timedwait(&f->cv, &f->mu, &until);
		stop = f->stop;
		pthread_mutex_unlock(&f->mu);
	}
	return NULL;
}

int store_flusher_start(const char *dir, int period_ms, struct store_flusher **out, char **why)
{
	struct store_flusher *f = xcalloc(1, sizeof *f);
	struct store *d = NULL;
	sigset_t all, old;
	int rc, err;

	*out = NULL;
	f->period_ms = period_ms > 0 ? period_ms : STORE_FOLD_MS;
	if ((rc = store_open(dir, &f->st, why)) != RC_OK)
		goto out;
	/* Checks (and after a reboot rebuilds) the drafts before any session runs. */
	if ((rc = store_drafts_env(f->st, &d, why)) != RC_OK)
		goto out;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	/* The thread takes no signal: the server's handlers run in its main thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&f->thread, NULL, flusher_main, f);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		pthread_cond_destroy(&f->cv);
		pthread_mutex_destroy(&f->mu);
		rc = fail(why, RC_ERR, "impossible de lancer la recopie des brouillons : %s",
		          strerror(err));
		goto out;
	}
	*out = f;
	f = NULL;
out:
	if (f != NULL) {
		store_close(f->st);
		free(f);
	}
	return rc;
}

void store_flusher_stop(struct store_flusher *f)
{
	if (f == NULL)
		return;
	pthread_mutex_lock(&f->mu);
	f->stop = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->thread, NULL);
	store_drafts_fold(f->st, NULL, NULL);
	pthread_cond_destroy(&f->cv);
	pthread_mutex_destroy(&f->mu);
	store_close(f->st);
	free(f);
}
