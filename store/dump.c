/*
 * dump.c — store_dump(): every named database, one readable line per entry
 * ("key → value"), keys and values printed as store_dbi_defs says.
 */
#include <stdlib.h>

#include "store/codec.h"
#include "store/store-int.h"

void store_fmt_print(FILE *out, enum store_fmt fmt, const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t v = 0;

	switch (fmt) {
	case STORE_FMT_ID:
		if (len == 8) {
			fprintf(out, "%llu", (unsigned long long)u64_from_key(p));
			return;
		}
		break;
	case STORE_FMT_NUM:
		if (len >= 1 && len <= 8) {
			for (size_t i = 0; i < len; i++)
				v = (v << 8) | b[i];
			fprintf(out, "%llu", (unsigned long long)v);
			return;
		}
		break;
	case STORE_FMT_RECORD:
		codec_print(out, p, len);
		return;
	case STORE_FMT_BYTES:
		break;
	}
	codec_print_quoted(out, p, len);
}

char *store_fmt_str(enum store_fmt fmt, const void *p, size_t len)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	if (f == NULL)
		return xstrdup("?");
	store_fmt_print(f, fmt, p, len);
	if (fclose(f) != 0 || buf == NULL) {
		free(buf);
		return xstrdup("?");
	}
	return buf;
}

static int dump_dbi(struct store_txn *txn, enum dbi d, FILE *out)
{
	const struct store_dbi_def *def = &store_dbi_defs[d];
	MDB_cursor *cur = NULL;
	MDB_stat ms;
	MDB_val k, v;
	int err;

	if ((err = mdb_stat(txn->txn, store_dbi(txn, d), &ms)) != 0)
		return store_mdb_rc(err, def->name);
	fprintf(out, "== %s (%zu)\n", def->name, ms.ms_entries);
	if ((err = mdb_cursor_open(txn->txn, store_dbi(txn, d), &cur)) != 0)
		return store_mdb_rc(err, "mdb_cursor_open");
	for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
	     err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		store_fmt_print(out, def->key_fmt, k.mv_data, k.mv_size);
		fputs(" → ", out);
		store_fmt_print(out, def->val_fmt, v.mv_data, v.mv_size);
		if (fputc('\n', out) == EOF) {
			/* The reader went away (a closed pipe): stop here. */
			mdb_cursor_close(cur);
			return RC_IO;
		}
	}
	mdb_cursor_close(cur);
	return err == MDB_NOTFOUND ? RC_OK : store_mdb_rc(err, def->name);
}

int store_dump(struct store *st, FILE *out)
{
	struct store_txn *txn = NULL;
	int rc;

	if ((rc = store_begin(st, false, &txn)) != RC_OK)
		return rc;
	for (int d = 0; d < DBI_COUNT && rc == RC_OK; d++)
		rc = dump_dbi(txn, (enum dbi)d, out);
	store_abort(txn);
	if (rc == RC_OK && ferror(out))
		rc = RC_IO;
	return rc;
}
