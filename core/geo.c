/*
 * geo.c — the reference geography's pure side: parsing the shipped file
 * (data/geography.tsv) into records, folding names for search, and
 * great-circle distance.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/geo.h"
#include "core/i18n.h"
#include "core/util.h"

#define GEO_FIELDS_MAX 16

const char *geo_kind_label(enum geo_kind k)
{
	switch (k) {
	case GEO_COMMUNE: return _("commune");
	case GEO_ARRONDISSEMENT: return _("arrondissement municipal");
	case GEO_DELEGUEE: return _("commune déléguée");
	case GEO_ASSOCIEE: return _("commune associée");
	case GEO_FORMER: return _("ancienne commune");
	case GEO_KIND_COUNT: break;
	}
	return "?";
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool geo_insee_valid(const char *s)
{
	if (s == NULL || strlen(s) != GEO_INSEE_LEN)
		return false;
	if (!is_digit(s[0]))
		return false;
	if (!is_digit(s[1]) && !(s[0] == '2' && (s[1] == 'A' || s[1] == 'B')))
		return false;
	return is_digit(s[2]) && is_digit(s[3]) && is_digit(s[4]);
}

bool geo_postcode_valid(const char *s)
{
	if (s == NULL || strlen(s) != 5)
		return false;
	for (int i = 0; i < 5; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* ---- folding ---- */

/* Base letters of U+00C0..U+00FF; '*' is a separator, digits name a pair. */
static const char latin1_fold[64 + 1] =
	"aaaaaa1ceeeeiiiidnooooo*ouuuuy23"
	"aaaaaa1ceeeeiiiidnooooo*ouuuuy2y";
/* Base letters of U+0100..U+017F; '4' is "ij", '5' is "oe". */
static const char latin_ext_a_fold[128 + 1] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii44jjkkkllllllllll"
	"nnnnnnnnnoooooo55rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

struct fold_out {
	char *p;
	size_t cap, len;
	bool overflow;
};

/* Cuts p[0..*len) after its last complete UTF-8 sequence. */
static void utf8_cut(const char *p, size_t *len)
{
	size_t start = *len, need;
	unsigned char lead;

	while (start > 0 && ((unsigned char)p[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return;
	lead = (unsigned char)p[start - 1];
	need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (*len - (start - 1) < need)
		*len = start - 1;
}

/* Appends s[0..n); what does not fit is cut on a character boundary and marks overflow. */
static void fold_put(struct fold_out *o, const char *s, size_t n)
{
	if (o->overflow || o->cap == 0)
		return;
	if (o->len + n + 1 > o->cap) {
		n = o->cap - 1 - o->len;
		o->overflow = true;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	if (o->overflow)
		utf8_cut(o->p, &o->len);
	o->p[o->len] = '\0';
}

/* Appends the folded form of cp, or a space for a separator (runs collapse). */
static void fold_cp(struct fold_out *o, uint32_t cp, const char *raw, size_t rawlen)
{
	static const char *const pairs[] = { "", "ae", "th", "ss", "ij", "oe" };
	char c = 0;

	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			c = (char)(cp - 'A' + 'a');
		else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			c = (char)cp;
		else
			c = '*';
	} else if (cp >= 0xC0 && cp <= 0xFF) {
		c = latin1_fold[cp - 0xC0];
	} else if (cp >= 0x100 && cp <= 0x17F) {
		c = latin_ext_a_fold[cp - 0x100];
	} else if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x2212) {
		c = '*';        /* Latin-1 punctuation, general punctuation, minus */
	} else {
		fold_put(o, raw, rawlen);   /* other scripts: kept as typed */
		return;
	}
	if (c == '*') {
		if (o->len > 0 && o->p[o->len - 1] != ' ')
			fold_put(o, " ", 1);
	} else if (c >= '1' && c <= '5') {
		fold_put(o, pairs[c - '0'], 2);
	} else {
		fold_put(o, &c, 1);
	}
}

size_t geo_fold(const char *in, char *out, size_t cap, bool keep_last_abbrev)
{
	char base[GEO_FOLD_MAX * 2];
	struct fold_out b = { base, sizeof base, 0, false };
	struct fold_out o = { out, cap, 0, false };
	size_t n, i = 0, inlen = in != NULL ? strlen(in) : 0;
	bool trailing_sep;
	uint32_t cp;

	base[0] = '\0';
	if (cap > 0)
		out[0] = '\0';
	while (i < inlen) {
		n = utf8_decode(in + i, inlen - i, &cp);
		if (cp != UTF8_INVALID)
			fold_cp(&b, cp, in + i, n);
		i += n;
	}
	trailing_sep = b.len > 0 && base[b.len - 1] == ' ';
	if (trailing_sep)
		base[--b.len] = '\0';
	/* Words: "st" → "saint", "ste" → "sainte". */
	for (char *w = base; *w != '\0' && !o.overflow;) {
		char *end = strchr(w, ' ');
		size_t wl = end != NULL ? (size_t)(end - w) : strlen(w);
		bool last = end == NULL;

		if (o.len > 0)
			fold_put(&o, " ", 1);
		if (last && keep_last_abbrev && !trailing_sep)
			fold_put(&o, w, wl);
		else if (wl == 2 && memcmp(w, "st", 2) == 0)
			fold_put(&o, "saint", 5);
		else if (wl == 3 && memcmp(w, "ste", 3) == 0)
			fold_put(&o, "sainte", 6);
		else
			fold_put(&o, w, wl);
		w += wl;
		if (*w == ' ')
			w++;
	}
	return o.overflow || b.overflow ? (size_t)-1 : o.len;
}

/* ---- distance ---- */

double geo_distance_e5(int32_t lat1, int32_t lon1, int32_t lat2, int32_t lon2)
{
	const double r = 6371.0088;   /* mean Earth radius, km */
	const double k = M_PI / 180.0 / 100000.0;
	double p1 = lat1 * k, p2 = lat2 * k;
	double dp = (lat2 - lat1) * k, dl = ((double)lon2 - lon1) * k;
	double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (a > 1.0)
		a = 1.0;
	return 2.0 * r * asin(sqrt(a));
}

double geo_distance_km(const struct geo_commune *a, const struct geo_commune *b)
{
	return geo_distance_e5(a->lat_e5, a->lon_e5, b->lat_e5, b->lon_e5);
}

/* ---- parsing the reference file ---- */

/* Copies field f into dst (cap bytes); false if it does not fit or is not UTF-8. */
static bool field_copy(char *dst, size_t cap, const char *f)
{
	size_t n = strlen(f);

	if (n >= cap || !utf8_valid(f, n))
		return false;
	memcpy(dst, f, n + 1);
	return true;
}

static bool field_code(char *dst, size_t cap, const char *f, size_t minlen)
{
	size_t n = strlen(f);

	if (n < minlen || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(f[i]) && !(f[i] >= 'A' && f[i] <= 'Z'))
			return false;
	memcpy(dst, f, n + 1);
	return true;
}

static bool field_u32(uint32_t *out, const char *f)
{
	char *end = NULL;
	unsigned long v;

	if (!is_digit(f[0]))
		return false;
	v = strtoul(f, &end, 10);
	if (*end != '\0' || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* "-62.84978" → -6284978: at most 3 integer digits and 5 decimals. */
static bool field_e5(int32_t *out, const char *f, int32_t limit)
{
	bool neg = false;
	int64_t v = 0;
	int idigits = 0, decimals = 0;

	if (*f == '-') {
		neg = true;
		f++;
	}
	for (; is_digit(*f); f++) {
		if (++idigits > 3)
			return false;
		v = v * 10 + (*f - '0');
	}
	if (idigits == 0)
		return false;
	if (*f == '.') {
		for (f++; is_digit(*f); f++) {
			if (++decimals > 5)
				return false;
			v = v * 10 + (*f - '0');
		}
		if (decimals == 0)
			return false;
	}
	if (*f != '\0')
		return false;
	for (; decimals < 5; decimals++)
		v *= 10;
	if (v > (int64_t)limit * 100000)
		return false;
	*out = (int32_t)(neg ? -v : v);
	return true;
}

static bool parse_postcodes(struct geo_commune *c, char *f)
{
	c->n_postcodes = 0;
	if (*f == '\0')
		return true;
	for (char *p = f;;) {
		char *comma = strchr(p, ',');

		if (comma != NULL)
			*comma = '\0';
		if (!geo_postcode_valid(p) || c->n_postcodes == GEO_POSTCODES_MAX)
			return false;
		memcpy(c->postcodes[c->n_postcodes++], p, 6);
		if (comma == NULL)
			return true;
		p = comma + 1;
	}
}

static int parse_commune(char **f, size_t nf, struct geo_commune *c, const char **what)
{
	static const char kinds[] = "CADSF";
	const char *k;

	memset(c, 0, sizeof *c);
	*what = _("nombre de champs");
	if (nf != 13)
		return RC_INVALID;
	*what = _("code INSEE");
	if (!geo_insee_valid(f[1]))
		return RC_INVALID;
	memcpy(c->insee, f[1], GEO_INSEE_LEN + 1);
	*what = _("nature");
	k = strlen(f[2]) == 1 ? strchr(kinds, f[2][0]) : NULL;
	if (k == NULL)
		return RC_INVALID;
	c->kind = (enum geo_kind)(k - kinds);
	*what = _("commune de rattachement");
	if (f[3][0] != '\0' && !geo_insee_valid(f[3]))
		return RC_INVALID;
	strlcpy_(c->parent, f[3], sizeof c->parent);
	*what = _("nom");
	if (f[4][0] == '\0' || !field_copy(c->name, sizeof c->name, f[4]))
		return RC_INVALID;
	*what = _("département");
	if (!field_code(c->dep, sizeof c->dep, f[5], 2))
		return RC_INVALID;
	*what = _("région");
	if (!field_code(c->reg, sizeof c->reg, f[6], 2))
		return RC_INVALID;
	*what = _("EPCI");
	if (f[7][0] != '\0' && (strlen(f[7]) != 9 || !field_code(c->epci, sizeof c->epci, f[7], 9)))
		return RC_INVALID;
	*what = _("codes postaux");
	if (!parse_postcodes(c, f[8]))
		return RC_INVALID;
	*what = _("population");
	if (!field_u32(&c->population, f[9]))
		return RC_INVALID;
	*what = _("latitude");
	if (!field_e5(&c->lat_e5, f[10], 90))
		return RC_INVALID;
	*what = _("longitude");
	if (!field_e5(&c->lon_e5, f[11], 180))
		return RC_INVALID;
	*what = _("coordonnées approchées");
	if (strcmp(f[12], "0") != 0 && strcmp(f[12], "1") != 0)
		return RC_INVALID;
	c->approx = f[12][0] == '1';
	return RC_OK;
}

static int parse_line(char *line, size_t lineno, const struct geo_sink *sink, char **why)
{
	char *f[GEO_FIELDS_MAX];
	size_t nf = 0;
	const char *what = _("type d'enregistrement");
	int rc = RC_INVALID;

	for (char *p = line;;) {
		char *tab = strchr(p, '\t');

		if (nf == GEO_FIELDS_MAX)
			goto bad;
		f[nf++] = p;
		if (tab == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (strcmp(f[0], "R") == 0) {
		struct geo_region r;

		memset(&r, 0, sizeof r);
		what = _("région");
		if (nf != 3 || !field_code(r.code, sizeof r.code, f[1], 2) ||
		    f[2][0] == '\0' || !field_copy(r.name, sizeof r.name, f[2]))
			goto bad;
		return sink->region != NULL ? sink->region(&r, sink->ctx) : RC_OK;
	}
	if (strcmp(f[0], "D") == 0) {
		struct geo_dept d;

		memset(&d, 0, sizeof d);
		what = _("département");
		if (nf != 4 || !field_code(d.code, sizeof d.code, f[1], 2) ||
		    !field_code(d.reg, sizeof d.reg, f[2], 2) ||
		    f[3][0] == '\0' || !field_copy(d.name, sizeof d.name, f[3]))
			goto bad;
		return sink->dept != NULL ? sink->dept(&d, sink->ctx) : RC_OK;
	}
	if (strcmp(f[0], "E") == 0) {
		struct geo_epci e;

		memset(&e, 0, sizeof e);
		what = _("EPCI");
		if (nf != 4 || strlen(f[1]) != 9 || !field_code(e.siren, sizeof e.siren, f[1], 9) ||
		    !field_code(e.type, sizeof e.type, f[2], 2) ||
		    f[3][0] == '\0' || !field_copy(e.name, sizeof e.name, f[3]))
			goto bad;
		return sink->epci != NULL ? sink->epci(&e, sink->ctx) : RC_OK;
	}
	if (strcmp(f[0], "C") == 0) {
		struct geo_commune *c = xmalloc(sizeof *c);

		rc = parse_commune(f, nf, c, &what);
		if (rc == RC_OK)
			rc = sink->commune != NULL ? sink->commune(c, sink->ctx) : RC_OK;
		free(c);
		if (rc != RC_INVALID)
			return rc;
	}
bad:
	return fail(why, RC_INVALID, _("géographie de référence, ligne %zu : %s invalide"),
	            lineno, what);
}

int geo_parse(const char *data, size_t len, const struct geo_sink *sink, char **why)
{
	char line[GEO_LINE_MAX];
	size_t pos = 0, lineno = 0;
	int rc;

	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - (data + pos)) : len - pos;

		lineno++;
		if (n >= sizeof line)
			return fail(why, RC_INVALID,
			            _("géographie de référence, ligne %zu : ligne trop longue"), lineno);
		memcpy(line, data + pos, n);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		pos += n + (nl != NULL ? 1 : 0);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((rc = parse_line(line, lineno, sink, why)) != RC_OK)
			return rc;
	}
	return RC_OK;
}
