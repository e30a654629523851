/*
 * geo.h — France's reference geography in memory: communes (and the places
 * that share their code space: arrondissements municipaux, communes
 * déléguées and associées, former communes), départements, régions and EPCI;
 * parsing of the reference file recond ships (data/geography.tsv, format in
 * data/README.md); name folding for search; great-circle distance.
 * Pure: no I/O, no LMDB.
 */
#ifndef RECOND_GEO_H
#define RECOND_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GEO_INSEE_LEN 5          /* "01001", "2A004", "97411" */
#define GEO_NAME_MAX 128         /* bytes of a name, with its NUL */
#define GEO_FOLD_MAX 192         /* bytes of a folded name, with its NUL */
#define GEO_POSTCODES_MAX 32     /* postal codes of one commune (Paris: 21) */
#define GEO_LINE_MAX 2048        /* bytes of one line of the reference file */

enum geo_kind {
	GEO_COMMUNE,          /* commune in force ("C") */
	GEO_ARRONDISSEMENT,   /* arrondissement municipal of Paris, Lyon, Marseille ("A") */
	GEO_DELEGUEE,         /* commune déléguée of a commune nouvelle ("D") */
	GEO_ASSOCIEE,         /* commune associée ("S") */
	GEO_FORMER,           /* former commune merged away, no longer a place of its own ("F") */
	GEO_KIND_COUNT
};

struct geo_commune {
	char insee[GEO_INSEE_LEN + 1];
	enum geo_kind kind;
	char parent[GEO_INSEE_LEN + 1];   /* commune it belongs to, "" if none or unknown */
	char name[GEO_NAME_MAX];
	char dep[4];                       /* "01", "2A", "974" */
	char reg[4];                       /* région code, "84" */
	char epci[10];                     /* SIREN of its EPCI à fiscalité propre, "" if none */
	char postcodes[GEO_POSTCODES_MAX][6];
	size_t n_postcodes;
	uint32_t population;               /* 0 for communes déléguées, associées, former */
	int32_t lat_e5, lon_e5;            /* degrees × 100 000 (WGS 84) */
	bool approx;                       /* coordinates estimated, not measured */
};

struct geo_region {
	char code[4];
	char name[GEO_NAME_MAX];
};

struct geo_dept {
	char code[4];
	char reg[4];
	char name[GEO_NAME_MAX];
};

struct geo_epci {
	char siren[10];
	char type[8];                      /* "CC", "CA", "CU", "METRO", "MET69" */
	char name[GEO_NAME_MAX];
};

/* Short French label of a kind: "commune", "arrondissement municipal", … */
const char *geo_kind_label(enum geo_kind k);

/*
 * Receivers for geo_parse(). Each is called once per record, in file order,
 * with a record that lives only during the call; a non-zero return stops the
 * parse and is returned by geo_parse(). A NULL receiver skips that record kind.
 */
struct geo_sink {
	int (*region)(const struct geo_region *r, void *ctx);
	int (*dept)(const struct geo_dept *d, void *ctx);
	int (*epci)(const struct geo_epci *e, void *ctx);
	int (*commune)(const struct geo_commune *c, void *ctx);
	void *ctx;
};

/*
 * Parses the reference file data[0..len) (lines starting with '#' are
 * comments). RC_OK, RC_INVALID with *why ("ligne N : …") on the first bad
 * line, or the first non-zero receiver result.
 */
int geo_parse(const char *data, size_t len, const struct geo_sink *sink, char **why);

/* True when s is a well-formed INSEE commune code (5 characters: dd ddd,
 * 2A ddd, 2B ddd). Says nothing of its existence. */
bool geo_insee_valid(const char *s);
/* True when s is 5 digits. */
bool geo_postcode_valid(const char *s);

/*
 * Folds a name for search into out (cap bytes, always NUL-terminated when
 * cap > 0): lower case, accents removed (œ → oe, æ → ae, ß → ss), every run
 * of characters other than letters and digits (hyphen, apostrophe, space,
 * dot…) becomes one space, trimmed; the words "st" and "ste" become "saint"
 * and "sainte". So "Sainte-Foy-lès-Lyon" and "ste foy les lyon" fold alike.
 * If keep_last_abbrev, a final "st"/"ste" not followed by a separator is
 * left as typed (for prefix search while someone types "Ste…"). Characters
 * outside Latin-1 and Latin Extended-A are kept as they are; invalid UTF-8
 * bytes are dropped. Returns the folded length, or (size_t)-1 if it did not
 * fit (out then holds a truncated but valid prefix).
 */
size_t geo_fold(const char *in, char *out, size_t cap, bool keep_last_abbrev);

/* Great-circle distance in km between two points given in degrees × 1e5. */
double geo_distance_e5(int32_t lat1, int32_t lon1, int32_t lat2, int32_t lon2);
/* Great-circle distance in km between two communes. */
double geo_distance_km(const struct geo_commune *a, const struct geo_commune *b);

#endif
