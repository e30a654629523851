/*
 * backup.c — store_backup(): a consistent, compacted copy of the whole
 * environment into one new file, made from a read transaction, so it is
 * safe while the server runs and writes (writers are never blocked).
 *
 * The file is an LMDB data file: to restore, put it as DIR/db/data.mdb of
 * an empty data directory (see docs). Drafts not yet folded from the
 * drafts environment (drafts.c) are folded first, so the copy has them;
 * a restored directory rebuilds its drafts environment from the copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store-int.h"

/* fsync of the directory holding file, so that its new entry is durable. */
static void sync_parent(const char *file)
{
	char *copy = xstrdup(file);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int store_backup(struct store *st, const char *file, char **why)
{
	int fd = -1, err, rc = RC_ERR;
	bool created = false;

	if (file == NULL || *file == '\0')
		return fail(why, RC_INVALID, "fichier de sauvegarde manquant");
	if (st->pid != getpid())
		return fail(why, RC_ERR, "base ouverte par un autre processus");
	/* Drafts typed since the server's last fold go into the copy too. */
	if ((rc = store_drafts_fold(st, NULL, why)) != RC_OK)
		goto out;
	rc = RC_ERR;
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			rc = fail(why, RC_EXISTS, "« %s » existe déjà : la sauvegarde ne remplace "
			          "jamais un fichier", file);
		else
			rc = fail(why, RC_IO, "impossible de créer « %s » : %s", file,
			          strerror(errno));
		goto out;
	}
	created = true;
	if ((err = mdb_env_copyfd2(st->env, fd, MDB_CP_COMPACT)) != 0) {
		rc = store_mdb_rc(err, "mdb_env_copyfd2");
		fail(why, rc, "copie de la base impossible : %s", mdb_strerror(err));
		goto out;
	}
	if (fsync(fd) != 0) {
		rc = fail(why, RC_IO, "écriture de « %s » impossible : %s", file, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = fail(why, RC_IO, "écriture de « %s » impossible : %s", file, strerror(errno));
		goto out;
	}
	fd = -1;
	sync_parent(file);
	rc = RC_OK;
out:
	if (fd >= 0)
		close(fd);
	if (rc != RC_OK && created)
		unlink(file);
	return rc;
}
