/*
 * settings.h — the programme's settings, held in the store and changed only
 * by ANCT: subsidy rate, expense cap per organisation, pre-order window,
 * ordering opening date, the lot catalogue (minimum configuration and
 * reference unit price of each lot) and the subsidy budget envelope of each
 * département. Plain data, defaults and validation; no I/O.
 */
#ifndef RECOND_SETTINGS_H
#define RECOND_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/money.h"

/* The four lots of equipment (a lot is one type of device). */
enum lot {
	LOT_PC_FIXE = 0,
	LOT_PC_PORTABLE,
	LOT_TABLETTE,
	LOT_SMARTPHONE,
	LOT_COUNT
};

/* "pc_fixe", "pc_portable", "tablette", "smartphone". */
const char *lot_name(enum lot l);
/* "PC fixe", "PC portable", "Tablette", "Smartphone". */
const char *lot_label(enum lot l);
int lot_parse(const char *s, enum lot *out, char **why);

#define LOT_CONFIG_MAX 1000        /* code points of a minimum configuration */
#define LOT_CONFIG_BYTES (LOT_CONFIG_MAX * 4)
#define LOT_PRICE_MAX INT64_C(1000000)  /* 10 000 € per unit at most */
#define DEPT_ENVELOPES_MAX 110     /* one per département (101 today) */
#define SUBSIDY_RATE_DEFAULT 8000u /* 80 % */
#define EXPENSE_CAP_DEFAULT INT64_C(4000000) /* 40 000 € HT */

struct lot_def {
	char min_config[LOT_CONFIG_BYTES + 1]; /* UTF-8, newlines allowed */
	cents_t unit_price;             /* reference price HT per unit, > 0 */
};

struct dept_envelope {
	char dept[4];                   /* département code */
	cents_t cents;                  /* subsidy budget of the département */
};

struct settings {
	uint64_t version;               /* 0 = defaults never stored; +1 per update */
	uint32_t subsidy_rate_bp;       /* 8000 = 80 % */
	cents_t expense_cap;            /* per organisation, HT */
	day_t window_open;              /* first day pre-orders may be submitted */
	day_t window_close;             /* last day (inclusive) */
	day_t ordering_opens;           /* first day funded orders may be placed */
	struct lot_def lots[LOT_COUNT];
	size_t nenvelopes;
	struct dept_envelope envelopes[DEPT_ENVELOPES_MAX]; /* sorted by dept, unique */
	/*
	 * An offer priced above this multiple of the median of the selected
	 * refurbishers' offers for its lot is flagged (core/refurb.h):
	 * 15000 = 1,5 ×, from 10000 (1 ×) to 100000 (10 ×).
	 */
	uint32_t price_multiple_bp;
	int64_t updated_at;
	uint64_t updated_by;            /* account id, 0 for defaults */
};

/*
 * The defaults of the original programme: 80 %, 40 000 € HT, window
 * 20/10/2021–31/01/2022, ordering from 01/03/2022, four lots with the
 * published minimum configurations and reference prices, no envelope.
 * What the store answers when no settings were ever stored (a data
 * directory older than the initial settings); a new installation stores
 * settings_initial() instead.
 */
void settings_defaults(struct settings *s);
/*
 * The first settings of a new installation on day `today`: the defaults'
 * rate, cap and lots, no envelope, and a pre-order window that opens
 * today and closes one year later (inclusive), ordering open from today.
 * The programme team then sets the real dates (`recond settings set`).
 */
void settings_initial(struct settings *s, day_t today);
/*
 * Opens the pre-order window from `today` for one year (close = today + 1
 * year; the ordering opening date, if earlier than today, moves to today)
 * when today is outside it; returns false and changes nothing when the
 * window is already open today.
 */
bool settings_open_window(struct settings *s, day_t today);
/* Validates everything (ranges, dates in order, texts, envelopes); French *why. */
int settings_check(const struct settings *s, char **why);
/* True when day d is inside the pre-order window. */
bool settings_window_open(const struct settings *s, day_t d);
/* The envelope of a département; false when none is set. */
bool settings_envelope(const struct settings *s, const char *dept, cents_t *out);
/*
 * Sets (cents >= 0) the envelope of a département, keeping the array sorted;
 * RC_FULL when DEPT_ENVELOPES_MAX is reached, RC_INVALID for a bad code.
 */
int settings_set_envelope(struct settings *s, const char *dept, cents_t cents, char **why);

/*
 * One setting as the programme team edits it on screen, a value at a
 * time: a lot field names its lot, an envelope its département.
 */
enum settings_field {
	SF_RATE = 0,            /* "80" or "72,5" (percent) */
	SF_CAP,                 /* euros HT */
	SF_WINDOW_OPEN,         /* JJ/MM/AAAA */
	SF_WINDOW_CLOSE,
	SF_ORDERING_OPENS,
	SF_PRICE_MULTIPLE,      /* "1,5" */
	SF_LOT_PRICE,           /* euros HT per unit */
	SF_LOT_CONFIG,          /* text, " | " between lines (one line on screen) */
	SF_ENVELOPE,            /* euros; with dept "" the text is "DÉPT MONTANT" */
	SF_COUNT
};

/* The French label of a field ("Taux de subvention"); static. */
const char *settings_field_label(enum settings_field f);
/*
 * The value of field f of s as typed back (same format settings_field_set
 * reads), into buf (at least 64 bytes; a lot configuration is cut to cap);
 * returns buf. `lot` is read for lot fields, `dept` for SF_ENVELOPE.
 */
char *settings_field_format(const struct settings *s, enum settings_field f, enum lot lot,
                            const char *dept, char *buf, size_t cap);
/*
 * Sets field f of *s from the text a person typed. RC_INVALID with a
 * French *why (naming the setting) and *s unchanged when the text is not a
 * value of that field; ranges and the order of dates are checked by
 * settings_check (at saving). For SF_ENVELOPE with dept NULL or "", the
 * text is the département and the amount ("23 150 000", "2A=80000").
 */
int settings_field_set(struct settings *s, enum settings_field f, enum lot lot,
                       const char *dept, const char *text, char **why);

#endif
