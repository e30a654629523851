/*
 * draft.h — what a person was typing in a form, saved as they type (field
 * by field), so that a dropped link loses nothing: plain data and its
 * clean-up. The store keeps drafts (store-programme.h); the use cases that
 * read and write them are in uc-form.h.
 */
#ifndef RECOND_DRAFT_H
#define RECOND_DRAFT_H

#include <stddef.h>
#include <stdint.h>

#define DRAFT_FORM_MAX 31        /* bytes of a form name ("preorder") */
#define DRAFT_FIELD_NAME_MAX 31  /* bytes of a field name */
#define DRAFT_FIELDS_MAX 64      /* fields of one form */
#define DRAFT_VALUE_MAX 8192     /* bytes of one field's value */

struct draft_field {
	char name[DRAFT_FIELD_NAME_MAX + 1];
	char *value;                 /* owned, NUL-terminated */
};

struct draft {
	uint64_t account_id;
	char form[DRAFT_FORM_MAX + 1];
	uint64_t object_id;          /* record the form edits, 0 for a new one */
	uint32_t focus;              /* index of the focused field */
	uint32_t cursor;             /* cursor position in that field, in code points */
	size_t nfields;
	struct draft_field fields[DRAFT_FIELDS_MAX];
	int64_t saved_at;
};

/* Frees the values; the struct may be reused. */
void draft_clear(struct draft *d);
/* The value of field `name` in d, or NULL. Points into d. */
const char *draft_value(const struct draft *d, const char *name);

#endif
