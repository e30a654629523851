/*
 * eligibility.h — may this organisation pre-order? One function decides,
 * from the organisation's kind and the zone facts of the communes of its
 * territory, and says why in French sentences, naming the reference lists
 * (file, import date) it relied on.
 *
 * The zone facts come from the reference lists imported by the programme
 * team (ZRR, FRR, QPV, France Services register): the store fills a
 * struct zone_facts, this file only reads it. Rules (docs/rules.md):
 *  - excluded kinds (company, chambre consulaire, mission locale, CCAS,
 *    association, chambre d'agriculture) are refused with the advice to ask
 *    their collectivité — unless they carry a France Services label;
 *  - a France Services structure porteuse is eligible whatever its legal
 *    form, when a space it picked from the register is in the register
 *    imported now; « à vérifier » while it picked none;
 *  - a commune is eligible when it is classed ZRR or FRR (fully or partly)
 *    or contains a QPV;
 *  - a grouping (département, région, EPCI, syndicat) is judged by its
 *    territory: eligible when at least ONE of its communes is so classed;
 *  - State and supply-side organisations (préfecture, ANCT, refurbishers)
 *    never pre-order.
 */
#ifndef RECOND_ELIGIBILITY_H
#define RECOND_ELIGIBILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

/* The reference lists eligibility reads. */
enum reflist {
	REFLIST_ZRR = 0,            /* zones de revitalisation rurale (by commune) */
	REFLIST_FRR,                /* France Ruralités Revitalisation (by commune) */
	REFLIST_QPV,                /* quartiers prioritaires (communes containing one) */
	REFLIST_FRANCE_SERVICES,    /* register of labelled France Services */
	REFLIST_COUNT
};

/* "zrr", "frr", "qpv", "france-services" (the names of `recond import`). */
const char *reflist_name(enum reflist l);
/* French label: "liste des ZRR", … */
const char *reflist_label(enum reflist l);

#define REFLIST_FILE_MAX 255   /* bytes of an imported file's name */

/* What an import left behind: shown as evidence. */
struct reflist_evidence {
	bool loaded;                /* false: this list was never imported */
	char file[REFLIST_FILE_MAX + 1]; /* base name of the imported file */
	int64_t imported_at;        /* seconds since the epoch, UTC */
	uint64_t rows;              /* rows imported */
};

/* How a commune stands in one zone list. */
enum zone_status {
	ZONE_NO = 0,                /* not in the list (or the list says non classée) */
	ZONE_PARTIAL,               /* partly classed (ZRR "P - partiellement classée") */
	ZONE_YES,                   /* classed (ZRR/FRR) or contains a QPV */
};

/* Zone standing of one commune of the territory (only the three zone lists). */
#define ELIG_COMMUNE_NAME_MAX 79  /* bytes of a commune's name in the reasons */
#define ELIG_FS_WHERE_MAX 300     /* bytes of a France Services space's number and address */

struct commune_zone {
	char insee[6];
	char name[ELIG_COMMUNE_NAME_MAX + 1]; /* "Felletin", or "" if unknown */
	enum zone_status in[REFLIST_FRANCE_SERVICES]; /* indexed by ZRR, FRR, QPV */
};

/*
 * The facts eligibility reads. For a commune: its own commune; for a
 * grouping: every member commune (a département or région: every commune of
 * it). `communes` is owned by whoever filled the struct (see the filler's
 * contract); eligibility only reads it. France Services: the spaces the
 * organisation picked from the register (fs_npicked) and whether at least
 * one of them is in the register imported now (fs_registered), the first
 * found being the evidence (fs_site: its name; fs_where: its number,
 * address and commune). Never from the wording of the organisation's name.
 */
struct zone_facts {
	struct reflist_evidence lists[REFLIST_COUNT];
	size_t ncommunes;
	const struct commune_zone *communes;
	size_t fs_npicked;          /* spaces picked from the register */
	bool fs_registered;         /* one of them is in the register imported now */
	char fs_site[ORG_NAME_MAX + 1]; /* name of the France Services site found, or "" */
	char fs_where[ELIG_FS_WHERE_MAX + 1]; /* "n° 137, Maison des associations, Boussac" */
};

enum elig_decision {
	ELIG_ELIGIBLE = 0,
	ELIG_REFUSED,               /* the rules exclude it */
	ELIG_UNKNOWN,               /* a needed list is missing: cannot decide yet */
};

#define ELIG_REASONS_MAX 4
#define ELIG_REASON_LEN 480     /* bytes of one French sentence, with NUL */

struct eligibility {
	enum elig_decision decision;
	size_t nreasons;
	char reasons[ELIG_REASONS_MAX][ELIG_REASON_LEN];
	const char *advice;         /* static advice for refused kinds, or NULL */
	bool used[REFLIST_COUNT];   /* lists the decision relied on */
	struct reflist_evidence evidence[REFLIST_COUNT]; /* copies of those lists' evidence */
	size_t classed;             /* communes of the territory found classed (any list) */
	size_t ncommunes;           /* communes of the territory examined */
};

/*
 * Decides for an organisation of kind `kind` whose seat is commune `insee`
 * ("" if unknown). Fills *out completely; never fails. `facts` may be NULL
 * (nothing known: every list missing).
 */
void eligibility_decide(enum org_kind kind, const char *insee, const struct zone_facts *facts,
                        struct eligibility *out);

/* "éligible", "non éligible", "à vérifier". */
const char *elig_decision_label(enum elig_decision d);

/*
 * Writes the decision, its reasons and its evidence as one French text into
 * buf (cap bytes, truncated on a character boundary if needed). Returns buf.
 */
char *eligibility_summary(const struct eligibility *e, char *buf, size_t cap);

#endif
