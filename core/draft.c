/*
 * draft.c — a form's draft as plain data (see draft.h).
 */
#include "core/draft.h"

#include <stdlib.h>
#include <string.h>

void draft_clear(struct draft *d)
{
	for (size_t i = 0; i < d->nfields && i < DRAFT_FIELDS_MAX; i++)
		free(d->fields[i].value);
	memset(d, 0, sizeof *d);
}

const char *draft_value(const struct draft *d, const char *name)
{
	for (size_t i = 0; i < d->nfields && i < DRAFT_FIELDS_MAX; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			return d->fields[i].value != NULL ? d->fields[i].value : "";
	return NULL;
}
