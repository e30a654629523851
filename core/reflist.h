/*
 * reflist.h — reading the reference lists the programme team imports (ZRR,
 * FRR, QPV, France Services register) from the files as they are published:
 * CSV separated by ';' or ',' (detected from the header), optional UTF-8
 * BOM, CRLF or LF, quoted fields that may span lines, Excel-style ="60057"
 * values, INSEE codes that lost their leading zero, several communes in one
 * field. A file is validated whole: every bad line is reported with its
 * number and a French reason, and a file with any problem yields no entry
 * to import. Pure: the caller reads the file and says which INSEE codes
 * exist (a callback), the store writes the entries.
 *
 * Accepted layouts (columns are found by name, case-insensitive, in any
 * order; other columns are ignored):
 *  - zrr: INSEE;ZRR with 1 (classée) or 0 (non classée); or the official
 *    CODGEO;LIBGEO;ZRR_SIMP;ZONAGE_ZRR with ZRR_SIMP "C - …" (classée),
 *    "NC - …" (non classée), "P - …" (partiellement classée). A header may
 *    follow up to REFLIST_PREAMBLE_MAX title lines (the official file's
 *    header is on row 6).
 *  - frr: codgeo;codefrr with 1/0, or C/NC/P as for ZRR, or a text starting
 *    with "FRR" (classée) — codgeo may be called insee or codecommune.
 *  - qpv: code_qp;lib_qp;…;insee_com;… (listeqp2024-cog2024.csv); insee_com
 *    may hold several codes ("13055;13070"): one entry per commune.
 *  - france-services: id_fs, lib_fs, adresse, insee_com, code_postal,
 *    latitude, longitude, type_fs, format_fs… (liste-fs-AAAAMMJJ.csv).
 */
#ifndef RECOND_REFLIST_H
#define RECOND_REFLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/eligibility.h"

#define REFLIST_FILE_BYTES_MAX ((size_t)64 << 20) /* largest file read */
#define REFLIST_RECORD_MAX 16384   /* bytes of one CSV record (all its lines) */
#define REFLIST_FIELDS_MAX 64      /* fields of one record */
#define REFLIST_PREAMBLE_MAX 10    /* title lines allowed before the header */
#define REFLIST_PROBLEMS_MAX 200   /* problems kept (all are counted) */
#define REFLIST_KEY_MAX 23         /* bytes of a QPV code or France Services id */
#define REFLIST_TEXT_MAX 255       /* bytes of a name or an address */

/* One entry of a list: a commune for ZRR/FRR, a (QPV, commune) pair, a France Services site. */
struct reflist_entry {
	char insee[6];                 /* commune, 5 characters, zeros restored */
	enum zone_status status;       /* ZONE_YES or ZONE_PARTIAL (ZRR/FRR); ZONE_YES otherwise */
	char key[REFLIST_KEY_MAX + 1]; /* QPV code or France Services id; "" for ZRR/FRR */
	char name[REFLIST_TEXT_MAX + 1];    /* QPV or site name; commune name for ZRR/FRR if given */
	char address[REFLIST_TEXT_MAX + 1]; /* France Services: address, complement, postal code */
	char type[32];                 /* France Services type_fs ("Principal", "Antenne") */
	bool has_coords;
	int32_t lat_e5, lon_e5;        /* France Services site, degrees × 1e5 */
	size_t line;                   /* line of the file it came from */
};

struct reflist_problem {
	size_t line;                   /* 1-based physical line of the file */
	char *reason;                  /* French, owned */
};

struct reflist_parsed {
	enum reflist list;
	size_t rows;                   /* data records read (header and blank lines aside) */
	size_t listed;                 /* list entries in the sense of the evidence: classed
	                                  communes (ZRR/FRR), QPVs, France Services sites */
	struct reflist_entry *entries; /* n_entries items, owned */
	size_t n_entries;
	struct reflist_problem *problems; /* at most REFLIST_PROBLEMS_MAX, owned */
	size_t n_problems;             /* kept */
	size_t total_problems;         /* found */
};

/* Parses "zrr", "frr", "qpv", "france-services"; RC_INVALID with *why otherwise. */
int reflist_parse_name(const char *s, enum reflist *out, char **why);

/* Answers whether an INSEE code (5 characters) exists in the reference geography. */
typedef bool (*reflist_known_fn)(const char *insee, void *ctx);

/*
 * Reads the file data[0..len) as a list of kind `list` into *out (which the
 * caller clears with reflist_parsed_clear whatever the result). Returns
 * RC_OK when every line is good (entries ready), RC_INVALID when at least
 * one problem was found (out->problems lists them, first REFLIST_PROBLEMS_MAX;
 * out->entries is then empty). `known` may be NULL (every well-formed code
 * is accepted).
 */
int reflist_parse(enum reflist list, const char *data, size_t len, reflist_known_fn known,
                  void *ctx, struct reflist_parsed *out);
void reflist_parsed_clear(struct reflist_parsed *p);

/*
 * Normalises one INSEE code as files write it: spaces and an Excel wrapper
 * ="…" removed, a 4-digit code padded with a leading zero, "2a" → "2A".
 * Writes 5 characters and a NUL into out; false if not a well-formed code.
 */
bool reflist_insee_norm(const char *in, char out[6]);

#endif
