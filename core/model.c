/*
 * model.c — clean-up and copying of the plain entities of model.h. No rules
 * here: only who owns which heap pointer.
 */
#include "core/model.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void account_clear(struct account *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->nkeys && i < ACCOUNT_KEYS_MAX; i++)
		free(a->keys[i]);
	/* The hash is not the password, but nothing is gained by leaving it. */
	wipe(a, sizeof *a);
}

void account_copy(struct account *dst, const struct account *src)
{
	*dst = *src;
	for (size_t i = 0; i < ACCOUNT_KEYS_MAX; i++)
		dst->keys[i] = NULL;
	if (dst->nkeys > ACCOUNT_KEYS_MAX)
		dst->nkeys = ACCOUNT_KEYS_MAX;
	for (size_t i = 0; i < dst->nkeys; i++)
		dst->keys[i] = src->keys[i] != NULL ? xstrdup(src->keys[i]) : NULL;
}
