/*
 * list.h — the one list widget of recond, for every list and table: menus,
 * the FAQ, message threads, SSH keys, and the large queues of the
 * préfectures and the programme team.
 *
 * A list shows columns (each with a minimum width, growing when the window
 * is wider), a selection, and pages of rows asked of its data source one
 * page at a time (count, then rows [offset, offset + limit) in the query's
 * order), so that a list of 200 000 records costs what one page costs. It
 * sorts on a column, searches as the person types (accents and case
 * ignored, with core's folding), filters (a source-defined bit set), marks
 * rows with Espace for bulk actions (marks are record ids, kept across
 * pages and refreshes), says where it is (« 41–60 sur 5 000 »), and keeps
 * the selection on the same record after a refresh.
 *
 * The logic (list_key, list_refresh, list_position) needs no terminal and
 * is unit tested on its own; list_draw paints with ncurses.
 */
#ifndef RECOND_TUI_LIST_H
#define RECOND_TUI_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/geo.h"
#include "tui/field.h"

struct tui_key;

#define LIST_COLS_MAX 10
#define LIST_SEARCH_MAX 40       /* characters of a search */
#define LIST_PAGE_MAX 200        /* rows asked of a source at once, at most */

enum list_align { LIST_LEFT, LIST_RIGHT };

struct list_col {
	const char *title;       /* N_(); "" for none */
	int min;                 /* columns it takes at least */
	int grow;                /* its share of the width beyond the minimums (0: fixed) */
	enum list_align align;
	bool sortable;
};

/* What the person asked the list for: the source answers for exactly this. */
struct list_query {
	int sort;                /* column sorted on, -1: the source's own order */
	bool desc;
	char folded[GEO_FOLD_MAX]; /* the search, folded (geo_fold); "" for none */
	unsigned filter;         /* the source's own filters, a bit set */
};

struct list_row {
	uint64_t id;             /* the record's id (0 for none: never selected by id) */
	bool group;              /* a group's title (cell 0), drawn bold, never selected */
	char *cell[LIST_COLS_MAX];   /* owned UTF-8 text, NULL for empty */
};

/* Frees the cells of row r. */
void list_row_clear(struct list_row *r);

/*
 * Where rows come from. Each function returns RC_OK or an rc (the list
 * then shows nothing and says so).
 */
struct list_source {
	/* How many rows match q. */
	int (*count)(void *ctx, const struct list_query *q, size_t *n);
	/*
	 * Rows [off, off + lim) of q's order into rows[0..lim) (cells fresh,
	 * owned by the list from then on); *n gets how many were filled.
	 */
	int (*page)(void *ctx, const struct list_query *q, size_t off, size_t lim,
	            struct list_row *rows, size_t *n);
	/*
	 * Optional: the position of record id in q's order (RC_NOTFOUND when
	 * it matches no more). Without it the selection is kept by looking
	 * for the id in the page around it.
	 */
	int (*find)(void *ctx, const struct list_query *q, uint64_t id, size_t *pos);
};

struct list {
	const struct list_col *cols;
	size_t ncols;
	const struct list_source *src;
	void *ctx;
	bool header;             /* draw the column titles */
	bool user_text;          /* cells came from people: sanitised when drawn */
	bool searchable;         /* '/' starts a search */
	bool markable;           /* Espace marks the selected row */
	unsigned hidden;         /* bit per column not shown (its width goes to the others) */
	struct list_query q;
	size_t total;            /* rows matching the query */
	size_t sel;              /* selected row (position in the query's order) */
	size_t top;              /* first row shown */
	uint64_t sel_id;         /* the selected record, kept across refreshes */
	int height;              /* rows shown, as last drawn or laid out */
	struct list_row *page;   /* the cached rows page_off .. page_off + npage */
	size_t npage, page_off;
	bool page_valid;
	uint64_t *marks;         /* marked record ids, sorted */
	size_t nmarks, capmarks;
	bool searching;          /* the search box has the keys */
	struct field search;     /* what the person typed */
	bool failed;             /* the source failed: nothing is shown */
};

/* What a key did to a list. */
enum list_result {
	LIST_IGNORED = 0,        /* not a list key: the caller may use it */
	LIST_MOVED,              /* the selection or the page moved */
	LIST_CHANGED,            /* the query changed (search, sort): rows are new */
	LIST_MARKED,             /* a mark was set or cleared */
	LIST_ACTIVATE,           /* Entrée on a row */
	LIST_SEARCH_END,         /* the search box was left */
};

/* Prepares l (cols and src must outlive it); call list_refresh before use. */
void list_init(struct list *l, const struct list_col *cols, size_t ncols,
               const struct list_source *src, void *ctx);
void list_free(struct list *l);

/*
 * Counts again and drops the cached page (after the data or the query
 * changed); the selection stays on the same record when it still matches,
 * else on the same position (clamped). RC_OK or the source's rc.
 */
int list_refresh(struct list *l);
/* Sets the rows shown (a layout without drawing, for tests and handlers). */
void list_set_height(struct list *l, int rows);
/*
 * Applies one key: ↑ ↓ (^P ^N), PgPréc PgSuiv, Début Fin move; Entrée
 * activates; Espace marks (markable); '/' opens the search (searchable),
 * whose box takes the keys until Entrée or Échap (Échap also clears it);
 * F-keys and the rest are LIST_IGNORED.
 */
enum list_result list_key(struct list *l, const struct tui_key *k);
/* Sorts on column col (again on the same column: the other way). */
void list_sort(struct list *l, int col);
/* Sets the source's filter bits (refreshes). */
void list_filter(struct list *l, unsigned filter);

/* The selected row (NULL when the list is empty); points into the cache until the next call. */
const struct list_row *list_selected(struct list *l);
/* Row i of the query's order (fetching its page when needed), or NULL. */
const struct list_row *list_row_at(struct list *l, size_t i);
bool list_is_marked(const struct list *l, uint64_t id);
/* Marks (or clears) every row of the query (« tout marquer »). */
void list_mark_all(struct list *l, bool on);
/* « 41–60 sur 5 000 » (or « aucune ligne ») into buf. */
void list_position(const struct list *l, char *buf, size_t cap);

/*
 * Paints the list at (y, x) over w columns and h rows (the header row and
 * the search line included): columns laid out from their minimums, the
 * selection in reverse video with its marker, marks as « * ».
 * *cy, *cx get the cursor when the search box is open (else -1).
 */
void list_draw(struct list *l, int y, int x, int w, int h, int *cy, int *cx);

/* ---- a source for lists held in memory (list-mem.c) ---- */

/*
 * Rows built by the screen (menus, the FAQ, threads, keys): searched on
 * every cell folded, sorted on a column's text (numbers by value), in the
 * order added otherwise.
 */
struct list_mem {
	struct list_row *rows;
	size_t n, cap;
	size_t ncols;
	size_t *view;            /* rows matching the last query, in its order */
	size_t nview;
	bool view_valid;
	struct list_query last;
};

extern const struct list_source list_mem_source;   /* ctx: a struct list_mem */

void list_mem_init(struct list_mem *m, size_t ncols);
/* Adds a row (cells copied; NULL cells are empty). */
void list_mem_add(struct list_mem *m, uint64_t id, const char *const cells[]);
/* Adds a group's title row (« Éligibilité »): shown bold, skipped by the selection. */
void list_mem_add_group(struct list_mem *m, const char *title);
void list_mem_clear(struct list_mem *m);

#endif
