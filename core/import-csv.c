/*
 * import-csv.c — reads the published reference lists (ZRR, FRR, QPV,
 * France Services) into entries, validating the whole file and collecting
 * every problem with its line number. Formats: core/reflist.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/geo.h"
#include "core/i18n.h"
#include "core/reflist.h"
#include "core/util.h"

/* ---- CSV records ---- */

struct csv {
	const char *data;
	size_t len, pos;
	size_t line;                /* physical line of data[pos] */
	char sep;
	char buf[REFLIST_RECORD_MAX + 1];
	char *field[REFLIST_FIELDS_MAX];
	size_t nfields;
	size_t start_line;          /* line where the last record began */
};

enum csv_res { CSV_RECORD, CSV_EOF, CSV_BAD };

/* Skips to just after the next newline. */
static void csv_skip_line(struct csv *c)
{
	while (c->pos < c->len && c->data[c->pos] != '\n')
		c->pos++;
	if (c->pos < c->len) {
		c->pos++;
		c->line++;
	}
}

/*
 * Reads one record into c->field[0..nfields). CSV_BAD sets *reason (static
 * French text) and leaves the reader at the next line.
 */
static enum csv_res csv_next(struct csv *c, const char **reason)
{
	size_t n = 0;
	bool quoted = false, in_field_quotes = false, field_start = true;

	if (c->pos >= c->len)
		return CSV_EOF;
	c->start_line = c->line;
	c->nfields = 0;
	c->field[c->nfields++] = c->buf;
	while (c->pos < c->len) {
		char ch = c->data[c->pos];

		if (n + 2 > sizeof c->buf) {
			*reason = _("ligne trop longue");
			csv_skip_line(c);
			return CSV_BAD;
		}
		if (in_field_quotes) {
			c->pos++;
			if (ch == '"') {
				if (c->pos < c->len && c->data[c->pos] == '"') {
					c->buf[n++] = '"';
					c->pos++;
				} else {
					in_field_quotes = false;
				}
				continue;
			}
			if (ch == '\n')
				c->line++;
			c->buf[n++] = ch;
			continue;
		}
		if (field_start && ch == '"') {
			in_field_quotes = quoted = true;
			field_start = false;
			c->pos++;
			continue;
		}
		if (field_start && ch == '=' && c->pos + 1 < c->len && c->data[c->pos + 1] == '"') {
			/* Excel's ="60057": the value is the quoted text. */
			in_field_quotes = quoted = true;
			field_start = false;
			c->pos += 2;
			continue;
		}
		if (ch == c->sep) {
			c->buf[n++] = '\0';
			if (c->nfields == REFLIST_FIELDS_MAX) {
				*reason = _("trop de colonnes");
				csv_skip_line(c);
				return CSV_BAD;
			}
			c->field[c->nfields++] = c->buf + n;
			quoted = false;
			field_start = true;
			c->pos++;
			continue;
		}
		if (ch == '\n' || (ch == '\r' && c->pos + 1 < c->len && c->data[c->pos + 1] == '\n')) {
			c->pos += ch == '\r' ? 2 : 1;
			c->line++;
			c->buf[n] = '\0';
			return CSV_RECORD;
		}
		if (quoted) {
			/* Text after a closing quote: only spaces are tolerated. */
			c->pos++;
			if (ch == ' ')
				continue;
			*reason = _("guillemet mal placé");
			csv_skip_line(c);
			return CSV_BAD;
		}
		field_start = false;
		c->buf[n++] = ch;
		c->pos++;
	}
	if (in_field_quotes) {
		*reason = _("guillemet ouvert jamais fermé (champ tronqué)");
		return CSV_BAD;
	}
	c->buf[n] = '\0';
	return CSV_RECORD;
}

static bool csv_blank(const struct csv *c)
{
	for (size_t i = 0; i < c->nfields; i++)
		for (const char *p = c->field[i]; *p != '\0'; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r')
				return false;
	return true;
}

/* ---- columns ---- */

enum col {
	COL_INSEE, COL_VALUE, COL_NAME, COL_KEY, COL_ADDRESS, COL_COMPLEMENT,
	COL_POSTCODE, COL_LAT, COL_LON, COL_TYPE, COL_COUNT
};

struct col_def {
	enum col col;
	bool required;
	const char *names;          /* accepted header names, '|' separated */
};

struct layout {
	const struct col_def *cols;
	size_t ncols;
	const char *expected;       /* for the French message */
};

static const struct col_def zrr_cols[] = {
	{ COL_INSEE, true, "insee|codgeo|code_insee|insee_com|codecommune|code_commune" },
	{ COL_VALUE, true, "zrr|zrr_simp" },
	{ COL_NAME, false, "libgeo|lib_com|nom|commune" },
};
static const struct col_def frr_cols[] = {
	{ COL_INSEE, true, "codgeo|insee|code_insee|insee_com|codecommune|code_commune" },
	{ COL_VALUE, true, "codefrr|frr|frr_simp|zonage_frr" },
	{ COL_NAME, false, "libgeo|lib_com|nom|commune" },
};
static const struct col_def qpv_cols[] = {
	{ COL_KEY, true, "code_qp" },
	{ COL_NAME, true, "lib_qp" },
	{ COL_INSEE, true, "insee_com" },
};
static const struct col_def fs_cols[] = {
	{ COL_KEY, true, "id_fs" },
	{ COL_NAME, true, "lib_fs" },
	{ COL_INSEE, true, "insee_com" },
	{ COL_ADDRESS, false, "adresse" },
	{ COL_COMPLEMENT, false, "complement_adresse" },
	{ COL_POSTCODE, false, "code_postal" },
	{ COL_LAT, false, "latitude" },
	{ COL_LON, false, "longitude" },
	{ COL_TYPE, false, "type_fs" },
};

static const struct layout layouts[REFLIST_COUNT] = {
	[REFLIST_ZRR] = { zrr_cols, ARRAY_LEN(zrr_cols),
	                  "« INSEE;ZRR » ou « CODGEO;LIBGEO;ZRR_SIMP;ZONAGE_ZRR »" },
	[REFLIST_FRR] = { frr_cols, ARRAY_LEN(frr_cols), "« codgeo;codefrr »" },
	[REFLIST_QPV] = { qpv_cols, ARRAY_LEN(qpv_cols),
	                  "« code_qp;lib_qp;insee_reg;lib_reg;insee_dep;lib_dep;insee_com;"
	                  "lib_com;siren_epci;lib_epci »" },
	[REFLIST_FRANCE_SERVICES] = { fs_cols, ARRAY_LEN(fs_cols),
	                  N_("les colonnes id_fs, lib_fs, insee_com… du fichier France Services") },
};

/* Trims spaces in place; returns the trimmed start. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static bool name_in(const char *h, const char *names)
{
	size_t hl = strlen(h);

	for (const char *p = names; *p != '\0';) {
		const char *bar = strchr(p, '|');
		size_t n = bar != NULL ? (size_t)(bar - p) : strlen(p);

		if (n == hl && strncasecmp(h, p, n) == 0)
			return true;
		p += n + (bar != NULL ? 1 : 0);
	}
	return false;
}

/* Maps the header's columns; true when every required column is found. */
static bool header_match(struct csv *c, const struct layout *lay, int map[COL_COUNT])
{
	for (int i = 0; i < COL_COUNT; i++)
		map[i] = -1;
	for (size_t f = 0; f < c->nfields; f++) {
		char *h = trim(c->field[f]);

		if (strncmp(h, "\xEF\xBB\xBF", 3) == 0)
			h += 3;
		for (size_t k = 0; k < lay->ncols; k++)
			if (map[lay->cols[k].col] < 0 && name_in(h, lay->cols[k].names))
				map[lay->cols[k].col] = (int)f;
	}
	for (size_t k = 0; k < lay->ncols; k++)
		if (lay->cols[k].required && map[lay->cols[k].col] < 0)
			return false;
	return true;
}

/* ---- values ---- */

bool reflist_insee_norm(const char *in, char out[6])
{
	char buf[16];
	size_t n = 0;

	for (const char *p = in; *p != '\0'; p++) {
		if (*p == ' ' || *p == '"' || *p == '=' || *p == '\t' || *p == '\'')
			continue;
		if (n == sizeof buf - 1)
			return false;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (n == 4) {
		memmove(buf + 1, buf, 5);
		buf[0] = '0';
		n = 5;
	}
	if (n != 5)
		return false;
	if (buf[1] == 'a' || buf[1] == 'b')
		buf[1] = (char)(buf[1] - 'a' + 'A');
	if (!geo_insee_valid(buf))
		return false;
	memcpy(out, buf, 6);
	return true;
}

/* Copies s into dst (cap bytes), newlines and tabs as spaces, cut on a character boundary. */
static void copy_text(char *dst, size_t cap, const char *s)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < cap; s++)
		dst[n++] = (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s;
	if (*s != '\0')
		while (n > 0 && ((unsigned char)dst[n - 1] & 0xC0) == 0x80)
			n--, dst[n] = '\0';
	if (*s != '\0' && n > 0 && ((unsigned char)dst[n - 1] & 0x80) != 0)
		n--;
	dst[n] = '\0';
}

/* Decimal degrees (any number of decimals) → degrees × 1e5, rounded. */
static bool parse_degrees(const char *s, int32_t limit, int32_t *out)
{
	bool neg = false;
	int64_t v = 0;
	int idigits = 0, decimals = 0;
	bool round_up = false;

	if (*s == '-') {
		neg = true;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++idigits > 3)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (idigits == 0)
		return false;
	if (*s == '.' || *s == ',') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (decimals < 5)
				v = v * 10 + (*s - '0');
			else if (decimals == 5)
				round_up = *s >= '5';
			decimals++;
		}
	}
	if (*s != '\0')
		return false;
	for (; decimals < 5; decimals++)
		v *= 10;
	v += round_up;
	if (v > (int64_t)limit * 100000)
		return false;
	*out = (int32_t)(neg ? -v : v);
	return true;
}

/* ZRR/FRR flag → status; false if the value is not understood. */
static bool parse_flag(enum reflist list, const char *v, enum zone_status *out)
{
	if (strcmp(v, "1") == 0) {
		*out = ZONE_YES;
		return true;
	}
	if (strcmp(v, "0") == 0) {
		*out = ZONE_NO;
		return true;
	}
	if (strncasecmp(v, "NC", 2) == 0 && (v[2] == '\0' || v[2] == ' ' || v[2] == '-')) {
		*out = ZONE_NO;
		return true;
	}
	if ((v[0] == 'C' || v[0] == 'c') && (v[1] == '\0' || v[1] == ' ' || v[1] == '-')) {
		*out = ZONE_YES;
		return true;
	}
	if ((v[0] == 'P' || v[0] == 'p') && (v[1] == '\0' || v[1] == ' ' || v[1] == '-')) {
		*out = ZONE_PARTIAL;
		return true;
	}
	if (list == REFLIST_FRR && strncasecmp(v, "FRR", 3) == 0) {
		*out = ZONE_YES;
		return true;
	}
	return false;
}

/* ---- the parse ---- */

struct parse {
	struct reflist_parsed *out;
	size_t cap_entries;
	reflist_known_fn known;
	void *ctx;
};

static void problem(struct reflist_parsed *p, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct reflist_parsed *p, size_t line, const char *fmt, ...)
{
	va_list ap;

	p->total_problems++;
	if (p->n_problems == REFLIST_PROBLEMS_MAX)
		return;
	if (p->problems == NULL)
		p->problems = xcalloc(REFLIST_PROBLEMS_MAX, sizeof *p->problems);
	va_start(ap, fmt);
	p->problems[p->n_problems].line = line;
	p->problems[p->n_problems].reason = xvasprintf(fmt, ap);
	p->n_problems++;
	va_end(ap);
}

static struct reflist_entry *entry_new(struct parse *ps)
{
	struct reflist_parsed *p = ps->out;
	struct reflist_entry *e;

	if (p->n_entries == ps->cap_entries) {
		ps->cap_entries = ps->cap_entries ? ps->cap_entries * 2 : 1024;
		p->entries = xrealloc(p->entries, ps->cap_entries * sizeof *p->entries);
	}
	e = &p->entries[p->n_entries++];
	memset(e, 0, sizeof *e);
	return e;
}

static const char *col(const struct csv *c, const int map[COL_COUNT], enum col k)
{
	if (map[k] < 0 || (size_t)map[k] >= c->nfields)
		return "";
	return c->field[map[k]];
}

/* Checks a normalised code against the geography; reports and returns false if unknown. */
static bool insee_ok(struct parse *ps, size_t line, const char *raw, char out[6])
{
	if (!reflist_insee_norm(raw, out)) {
		problem(ps->out, line, _("code INSEE « %s » mal formé"), raw);
		return false;
	}
	if (ps->known != NULL && !ps->known(out, ps->ctx)) {
		problem(ps->out, line, _("commune %s inconnue de la géographie de référence"), out);
		return false;
	}
	return true;
}

static void parse_record(struct parse *ps, struct csv *c, const int map[COL_COUNT])
{
	struct reflist_parsed *p = ps->out;
	size_t line = c->start_line;
	char insee[6];
	struct reflist_entry *e;

	for (size_t i = 0; i < c->nfields; i++)
		if (!utf8_valid(c->field[i], strlen(c->field[i]))) {
			problem(p, line, _("texte non UTF-8 (colonne %zu)"), i + 1);
			return;
		}
	p->rows++;
	switch (p->list) {
	case REFLIST_ZRR:
	case REFLIST_FRR: {
		char *v = trim((char *)col(c, map, COL_VALUE));
		enum zone_status st;

		if (!insee_ok(ps, line, trim((char *)col(c, map, COL_INSEE)), insee))
			return;
		if (!parse_flag(p->list, v, &st)) {
			problem(p, line, _("valeur « %.40s » non reconnue pour la commune %s "
			          "(attendu 1 ou 0, C, NC ou P)"), v, insee);
			return;
		}
		e = entry_new(ps);
		memcpy(e->insee, insee, 6);
		e->status = st;
		copy_text(e->name, sizeof e->name, trim((char *)col(c, map, COL_NAME)));
		e->line = line;
		return;
	}
	case REFLIST_QPV: {
		char *key = trim((char *)col(c, map, COL_KEY));
		char *coms = (char *)col(c, map, COL_INSEE);
		char *name = trim((char *)col(c, map, COL_NAME));
		size_t before = p->n_entries, ncom = 0;
		bool bad = false;

		if (key[0] == '\0' || strlen(key) > REFLIST_KEY_MAX) {
			problem(p, line, _("code de quartier « %.40s » invalide"), key);
			return;
		}
		for (const char *k = key; *k != '\0'; k++)
			if (!((*k >= '0' && *k <= '9') || (*k >= 'A' && *k <= 'Z'))) {
				problem(p, line, _("code de quartier « %.40s » invalide"), key);
				return;
			}
		if (name[0] == '\0') {
			problem(p, line, _("nom du quartier %s manquant"), key);
			return;
		}
		for (char *tok = coms; tok != NULL && !bad;) {
			char *next = strpbrk(tok, ";,");

			if (next != NULL)
				*next++ = '\0';
			tok = trim(tok);
			if (tok[0] != '\0') {
				if (!insee_ok(ps, line, tok, insee)) {
					bad = true;
					break;
				}
				e = entry_new(ps);
				memcpy(e->insee, insee, 6);
				e->status = ZONE_YES;
				strlcpy_(e->key, key, sizeof e->key);
				copy_text(e->name, sizeof e->name, name);
				e->line = line;
				ncom++;
			}
			tok = next;
		}
		if (bad) {
			p->n_entries = before;
			return;
		}
		if (ncom == 0) {
			problem(p, line, _("quartier %s sans commune"), key);
			return;
		}
		p->listed++;
		return;
	}
	case REFLIST_FRANCE_SERVICES: {
		char *key = trim((char *)col(c, map, COL_KEY));
		char *name = trim((char *)col(c, map, COL_NAME));
		char *lat = trim((char *)col(c, map, COL_LAT));
		char *lon = trim((char *)col(c, map, COL_LON));
		char *addr = trim((char *)col(c, map, COL_ADDRESS));
		char *compl = trim((char *)col(c, map, COL_COMPLEMENT));
		char *pc = trim((char *)col(c, map, COL_POSTCODE));
		char *type = trim((char *)col(c, map, COL_TYPE));
		char *full;
		int32_t la = 0, lo = 0;

		if (key[0] == '\0' || strlen(key) > REFLIST_KEY_MAX) {
			problem(p, line, _("identifiant de site « %.40s » invalide"), key);
			return;
		}
		if (name[0] == '\0') {
			problem(p, line, _("nom du site %s manquant"), key);
			return;
		}
		if (!insee_ok(ps, line, trim((char *)col(c, map, COL_INSEE)), insee))
			return;
		if ((lat[0] != '\0' || lon[0] != '\0') &&
		    (!parse_degrees(lat, 90, &la) || !parse_degrees(lon, 180, &lo))) {
			problem(p, line, _("coordonnées « %.30s, %.30s » invalides"), lat, lon);
			return;
		}
		if (pc[0] != '\0' && !geo_postcode_valid(pc)) {
			problem(p, line, _("code postal « %.20s » invalide"), pc);
			return;
		}
		e = entry_new(ps);
		memcpy(e->insee, insee, 6);
		e->status = ZONE_YES;
		strlcpy_(e->key, key, sizeof e->key);
		copy_text(e->name, sizeof e->name, name);
		full = xasprintf("%s%s%s%s%s", addr, compl[0] ? ", " : "", compl,
		                 pc[0] ? ", " : "", pc);
		copy_text(e->address, sizeof e->address, full);
		free(full);
		copy_text(e->type, sizeof e->type, type);
		e->has_coords = lat[0] != '\0';
		e->lat_e5 = la;
		e->lon_e5 = lo;
		e->line = line;
		p->listed++;
		return;
	}
	case REFLIST_COUNT:
		break;
	}
}

static int entry_cmp(const void *a, const void *b)
{
	const struct reflist_entry *x = a, *y = b;
	int r = strcmp(x->insee, y->insee);

	if (r == 0)
		r = strcmp(x->key, y->key);
	if (r == 0)
		r = x->line < y->line ? -1 : x->line > y->line;
	return r;
}

static int entry_key_cmp(const void *a, const void *b)
{
	const struct reflist_entry *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	if (r == 0)
		r = x->line < y->line ? -1 : x->line > y->line;
	return r;
}

static int problem_cmp(const void *a, const void *b)
{
	const struct reflist_problem *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

/* Duplicates: a commune twice (ZRR/FRR), a QPV twice on one commune, a site id twice. */
static void check_duplicates(struct reflist_parsed *p)
{
	if (p->n_entries < 2)
		return;
	if (p->list == REFLIST_FRANCE_SERVICES) {
		qsort(p->entries, p->n_entries, sizeof *p->entries, entry_key_cmp);
		for (size_t i = 1; i < p->n_entries; i++)
			if (strcmp(p->entries[i].key, p->entries[i - 1].key) == 0)
				problem(p, p->entries[i].line, _("site %s déjà présent ligne %zu"),
				        p->entries[i].key, p->entries[i - 1].line);
	}
	qsort(p->entries, p->n_entries, sizeof *p->entries, entry_cmp);
	if (p->list == REFLIST_FRANCE_SERVICES)
		return;
	for (size_t i = 1; i < p->n_entries; i++) {
		const struct reflist_entry *e = &p->entries[i], *d = &p->entries[i - 1];

		if (strcmp(e->insee, d->insee) != 0 || strcmp(e->key, d->key) != 0)
			continue;
		if (p->list == REFLIST_QPV)
			problem(p, e->line,
			        _("quartier %s déjà présent ligne %zu pour la commune %s"),
			        e->key, d->line, e->insee);
		else
			problem(p, e->line,
			        _("commune %s déjà présente ligne %zu"), e->insee, d->line);
	}
}

int reflist_parse_name(const char *s, enum reflist *out, char **why)
{
	for (int l = 0; l < REFLIST_COUNT; l++)
		if (s != NULL && strcmp(s, reflist_name((enum reflist)l)) == 0) {
			*out = (enum reflist)l;
			return RC_OK;
		}
	return fail(why, RC_INVALID,
	            _("liste inconnue : « %s » (zrr, qpv, frr ou france-services)"),
	            s != NULL ? s : "");
}

int reflist_parse(enum reflist list, const char *data, size_t len, reflist_known_fn known,
                  void *ctx, struct reflist_parsed *out)
{
	static const char seps[] = { ';', ',', '\t' };
	const struct layout *lay;
	struct parse ps;
	struct csv *c = NULL;
	int map[COL_COUNT];
	size_t start = 0, start_line = 1;
	bool found = false, any_sep = false;
	const char *reason = NULL;
	enum csv_res r;

	memset(out, 0, sizeof *out);
	out->list = list;
	if ((unsigned)list >= REFLIST_COUNT)
		return RC_INVALID;
	lay = &layouts[list];
	memset(&ps, 0, sizeof ps);
	ps.out = out;
	ps.known = known;
	ps.ctx = ctx;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	if (len - start == 0 || len > REFLIST_FILE_BYTES_MAX) {
		problem(out, 1, "%s",
		        len > REFLIST_FILE_BYTES_MAX ? _("fichier trop gros") : _("fichier vide"));
		goto done;
	}
	c = xmalloc(sizeof *c);

	/* The header: one of the first lines, split by one of the separators. */
	for (size_t tries = 0; tries <= REFLIST_PREAMBLE_MAX && !found; tries++) {
		size_t next_pos = 0;

		for (size_t s = 0; s < sizeof seps && !found; s++) {
			c->data = data;
			c->len = len;
			c->pos = start;
			c->line = start_line;
			c->sep = seps[s];
			r = csv_next(c, &reason);
			next_pos = c->pos;
			if (r == CSV_EOF)
				break;
			if (r != CSV_RECORD)
				continue;
			if (c->nfields > 1)
				any_sep = true;
			if (header_match(c, lay, map))
				found = true;
		}
		if (found || next_pos >= len)
			break;
		/* Not a header: try the next line as one. */
		c->pos = start;
		c->line = start_line;
		c->sep = '\n';
		csv_skip_line(c);
		start = c->pos;
		start_line = c->line;
	}
	if (!found) {
		if (!any_sep)
			problem(out, 1,
			        _("séparateur non reconnu : colonnes séparées par « ; » ou « , » "
			          "attendues, en-tête %s"), _(lay->expected));
		else
			problem(out, 1, _("en-tête non reconnu : attendu %s"), _(lay->expected));
		goto done;
	}
	while ((r = csv_next(c, &reason)) != CSV_EOF) {
		if (r == CSV_BAD) {
			problem(out, c->start_line, "%s", reason);
			continue;
		}
		if (csv_blank(c))
			continue;
		parse_record(&ps, c, map);
	}
	if (out->rows == 0 && out->total_problems == 0)
		problem(out, c->line, _("aucune ligne de données après l'en-tête"));
	check_duplicates(out);
	if (list == REFLIST_ZRR || list == REFLIST_FRR) {
		size_t k = 0;

		for (size_t i = 0; i < out->n_entries; i++)
			if (out->entries[i].status != ZONE_NO)
				out->entries[k++] = out->entries[i];
		out->n_entries = k;
		out->listed = k;
	}
done:
	free(c);
	if (out->total_problems > 0) {
		qsort(out->problems, out->n_problems, sizeof *out->problems, problem_cmp);
		free(out->entries);
		out->entries = NULL;
		out->n_entries = 0;
		return RC_INVALID;
	}
	return RC_OK;
}

void reflist_parsed_clear(struct reflist_parsed *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n_problems; i++)
		free(p->problems[i].reason);
	free(p->problems);
	free(p->entries);
	memset(p, 0, sizeof *p);
}
