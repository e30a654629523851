/*
 * preorder-merge.c — the three-way merge of a pre-order form (see
 * preorder-merge.h): fields compared as text, copied field by field.
 */
#include "core/preorder-merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/settings.h"
#include "core/util.h"

static const char *const labels[PM_FIELD_COUNT - LOT_COUNT] = {
	N_("Conseillers numériques"), N_("Médiateurs numériques"), N_("Aidants numériques"),
	N_("Nom du contact"), N_("Fonction du contact"), N_("Courriel du contact"),
	N_("Téléphone du contact"), N_("Structures partenaires"), N_("Motivation"),
};

static const char *field_label(enum pm_field f)
{
	if ((int)f < LOT_COUNT)
		return lot_label((enum lot)f);
	return _(labels[f - LOT_COUNT]);
}

/* The value of field f of po as text (fresh, caller frees). */
static char *field_value(const struct preorder *po, enum pm_field f)
{
	char *s, *t;

	if ((int)f < LOT_COUNT)
		return xasprintf("%u", po->qty[f]);
	switch (f) {
	case PM_STAFF_CNFS: return xasprintf("%u", po->staff_cnfs);
	case PM_STAFF_MEDIATEURS: return xasprintf("%u", po->staff_mediateurs);
	case PM_STAFF_AIDANTS: return xasprintf("%u", po->staff_aidants);
	case PM_CONTACT_NAME: return xstrdup(po->contact.name);
	case PM_CONTACT_FUNCTION: return xstrdup(po->contact.function);
	case PM_CONTACT_EMAIL: return xstrdup(po->contact.email);
	case PM_CONTACT_PHONE: return xstrdup(po->contact.phone);
	case PM_PARTNERS:
		s = xstrdup("");
		for (size_t i = 0; i < po->npartners && i < PARTNERS_MAX; i++) {
			t = xasprintf("%s%s%s (%s)", s, i ? " ; " : "", po->partners[i].name,
			              partner_kind_label(po->partners[i].kind));
			free(s);
			s = t;
		}
		return s;
	case PM_MOTIVATION: return xstrdup(po->motivation);
	default: break;
	}
	return xstrdup("");
}

static void field_copy(struct preorder *dst, const struct preorder *src, enum pm_field f)
{
	if ((int)f < LOT_COUNT) {
		dst->qty[f] = src->qty[f];
		return;
	}
	switch (f) {
	case PM_STAFF_CNFS: dst->staff_cnfs = src->staff_cnfs; break;
	case PM_STAFF_MEDIATEURS: dst->staff_mediateurs = src->staff_mediateurs; break;
	case PM_STAFF_AIDANTS: dst->staff_aidants = src->staff_aidants; break;
	case PM_CONTACT_NAME: memcpy(dst->contact.name, src->contact.name, sizeof dst->contact.name); break;
	case PM_CONTACT_FUNCTION:
		memcpy(dst->contact.function, src->contact.function, sizeof dst->contact.function);
		break;
	case PM_CONTACT_EMAIL:
		memcpy(dst->contact.email, src->contact.email, sizeof dst->contact.email);
		break;
	case PM_CONTACT_PHONE:
		memcpy(dst->contact.phone, src->contact.phone, sizeof dst->contact.phone);
		break;
	case PM_PARTNERS:
		dst->npartners = src->npartners;
		memcpy(dst->partners, src->partners, sizeof dst->partners);
		break;
	case PM_MOTIVATION: memcpy(dst->motivation, src->motivation, sizeof dst->motivation); break;
	default: break;
	}
}

/* Copies s into dst (cap bytes) for display: one line, cut on a character with « … ». */
static void shown(char *dst, size_t cap, const char *s)
{
	size_t n = 0, i = 0;

	for (; s[i] != '\0' && n + 1 < cap; i++)
		dst[n++] = s[i] == '\n' ? ' ' : s[i];
	dst[n] = '\0';
	if (s[i] == '\0')
		return;
	/* cut: leave room for "…" (3 bytes) on a character boundary */
	n = cap > 4 ? cap - 4 : 0;
	while (n > 0 && ((unsigned char)dst[n] & 0xC0) == 0x80)
		n--;
	strlcpy_(dst + n, "…", cap - n);
}

static void change_init(struct pm_change *c, enum pm_field f, const char *before,
                        const char *theirs, const char *mine, const char *who, int64_t at)
{
	memset(c, 0, sizeof *c);
	c->field = f;
	strlcpy_(c->label, field_label(f), sizeof c->label);
	shown(c->before, sizeof c->before, before);
	shown(c->theirs, sizeof c->theirs, theirs);
	shown(c->mine, sizeof c->mine, mine);
	strlcpy_(c->who, who != NULL ? who : "", sizeof c->who);
	c->at = at;
}

void preorder_merge(const struct preorder *base, const struct preorder *mine,
                    const struct preorder *theirs, const char *who, int64_t at,
                    struct pm_result *out)
{
	memset(out, 0, sizeof *out);
	out->merged = *theirs;
	for (int f = 0; f < PM_FIELD_COUNT; f++) {
		char *m = field_value(mine, (enum pm_field)f);
		char *t = field_value(theirs, (enum pm_field)f);
		char *b = base != NULL ? field_value(base, (enum pm_field)f) : xstrdup("");
		/* No base: every field where mine and theirs differ is a conflict. */
		bool differ = strcmp(m, t) != 0;
		bool i_changed = base != NULL ? strcmp(b, m) != 0 : differ;
		bool they_changed = base != NULL ? strcmp(b, t) != 0 : differ;

		if (i_changed) {
			field_copy(&out->merged, mine, (enum pm_field)f);
			out->nmine++;
			if (they_changed && strcmp(m, t) != 0)
				change_init(&out->conflicts[out->nconflicts++], (enum pm_field)f, b, t, m,
				            who, at);
		} else if (they_changed) {
			change_init(&out->changes[out->nchanges++], (enum pm_field)f, b, t, m, who, at);
		}
		free(b);
		free(m);
		free(t);
	}
}

int preorder_merge_resolve(struct pm_result *r, size_t i, const struct preorder *chosen)
{
	if (i >= r->nconflicts || chosen == NULL)
		return RC_INVALID;
	field_copy(&r->merged, chosen, r->conflicts[i].field);
	r->conflicts[i].resolved = true;
	return RC_OK;
}

bool preorder_merge_ready(const struct pm_result *r)
{
	for (size_t i = 0; i < r->nconflicts; i++)
		if (!r->conflicts[i].resolved)
			return false;
	return true;
}

char *pm_change_line(const struct pm_change *c, char *buf, size_t cap)
{
	char when[32];

	snprintf(buf, cap, "%s : %s → %s (%s, %s)", c->label, c->before[0] ? c->before : "—",
	         c->theirs[0] ? c->theirs : "—", c->who[0] ? c->who : _("un collègue"),
	         c->at != 0 ? instant_format(c->at, when, sizeof when) : _("date inconnue"));
	return buf;
}
