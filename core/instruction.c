/*
 * instruction.c — the préfecture's record on a file: labels and their
 * names, followers, when each agent last opened it, private annotations,
 * its summary for the audit log, and which actions a file's state offers.
 */
#include "core/instruction.h"

#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "core/i18n.h"
#include "core/util.h"

static const struct {
	const char *label;
	const char *abbr;
} labels[LABEL_COUNT] = {
	[LABEL_A_EXAMINER] = { N_("À examiner"), N_("EXA") },
	[LABEL_A_RELANCER] = { N_("À relancer"), N_("REL") },
	[LABEL_COMPLET] = { N_("Complet"), N_("CPL") },
	[LABEL_A_SIGNER] = { N_("À signer"), N_("SIG") },
	[LABEL_URGENT] = { N_("Urgent"), N_("URG") },
};

const char *po_label_label(enum po_label l)
{
	return (unsigned)l < LABEL_COUNT ? _(labels[l].label) : "?";
}

const char *po_label_short(enum po_label l)
{
	return (unsigned)l < LABEL_COUNT ? _(labels[l].abbr) : "?";
}

void instruction_init(struct instruction *in, uint64_t preorder_id, const char *dept)
{
	memset(in, 0, sizeof *in);
	in->preorder_id = preorder_id;
	strlcpy_(in->dept, dept != NULL ? dept : "", sizeof in->dept);
}

bool instruction_follows(const struct instruction *in, uint64_t account)
{
	for (size_t i = 0; i < in->nfollow && i < FOLLOWERS_MAX; i++)
		if (in->follow[i] == account)
			return true;
	return false;
}

int instruction_follow(struct instruction *in, uint64_t account, bool on)
{
	for (size_t i = 0; i < in->nfollow; i++) {
		if (in->follow[i] != account)
			continue;
		if (on)
			return RC_EXISTS;
		memmove(&in->follow[i], &in->follow[i + 1], (in->nfollow - i - 1) * sizeof in->follow[0]);
		in->nfollow--;
		return RC_OK;
	}
	if (!on)
		return RC_EXISTS;
	if (in->nfollow >= FOLLOWERS_MAX)
		return RC_FULL;
	in->follow[in->nfollow++] = account;
	return RC_OK;
}

int64_t instruction_seen(const struct instruction *in, uint64_t account)
{
	for (size_t i = 0; i < in->nseen && i < FOLLOWERS_MAX; i++)
		if (in->seen[i].account == account)
			return in->seen[i].at;
	return 0;
}

void instruction_mark_seen(struct instruction *in, uint64_t account, int64_t at)
{
	size_t oldest = 0;

	for (size_t i = 0; i < in->nseen; i++) {
		if (in->seen[i].account == account) {
			in->seen[i].at = at;
			return;
		}
		if (in->seen[i].at < in->seen[oldest].at)
			oldest = i;
	}
	if (in->nseen < FOLLOWERS_MAX)
		oldest = in->nseen++;
	in->seen[oldest].account = account;
	in->seen[oldest].at = at;
}

int instruction_note_add(struct instruction *in, const struct actor *by, int64_t at,
                         const char *text, char **why)
{
	struct po_note *n;

	if (text == NULL || text[0] == '\0')
		return fail(why, RC_INVALID, _("L'annotation est vide."));
	if (text_check(_("Annotation"), text, 1, NOTE_MAX, true, why) != RC_OK)
		return RC_INVALID;
	if (in->nnotes >= NOTES_MAX) {
		memmove(&in->notes[0], &in->notes[1], (NOTES_MAX - 1) * sizeof in->notes[0]);
		in->nnotes = NOTES_MAX - 1;
	}
	n = &in->notes[in->nnotes++];
	memset(n, 0, sizeof *n);
	n->at = at;
	n->by = by->account_id;
	strlcpy_(n->login, by->login, sizeof n->login);
	strlcpy_(n->text, text, sizeof n->text);
	return RC_OK;
}

char *instruction_labels_short(uint32_t set, char *buf, size_t cap)
{
	size_t len = 0;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	for (int l = 0; l < LABEL_COUNT; l++) {
		if (!(set & (1u << l)))
			continue;
		len = strlen(buf);
		snprintf(buf + len, cap - len, "%s%s", len > 0 ? " " : "",
		         po_label_short((enum po_label)l));
	}
	return buf;
}

char *instruction_summary(const struct instruction *in, char *buf, size_t cap)
{
	char lab[64], money[48];

	instruction_labels_short(in->labels, lab, sizeof lab);
	snprintf(buf, cap, _("étiquettes : %s ; priorité : %u%s%s ; %zu suivi(s) ; %zu annotation(s)"),
	         lab[0] != '\0' ? lab : _("aucune"), in->priority,
	         in->priority_note[0] != '\0' ? " — " : "", in->priority_note, in->nfollow,
	         in->nnotes);
	if (in->prog == PROG_RETAIN) {
		size_t n = strlen(buf);
		snprintf(buf + n, cap > n ? cap - n : 0, _(" ; programmé : retenir %s"),
		         cents_format(in->prog_amount, money, sizeof money));
	} else if (in->prog == PROG_REJECT) {
		size_t n = strlen(buf);
		snprintf(buf + n, cap > n ? cap - n : 0, _(" ; programmé : ne pas retenir"));
	}
	return buf;
}

cents_t preorder_paid(const struct preorder *po, size_t *count)
{
	cents_t sum = 0;
	size_t n = po->npayments <= PAYMENTS_MAX ? po->npayments : PAYMENTS_MAX;

	for (size_t i = 0; i < n; i++)
		if (!cents_add(sum, po->payments[i].amount, &sum))
			sum = CENTS_MAX;
	if (count != NULL)
		*count = n;
	return sum;
}

bool instruction_offers(enum file_action a, const struct preorder *po,
                        const struct instruction *in)
{
	enum preorder_state s = po->state;
	size_t npaid = 0;

	switch (a) {
	case FA_INSTRUCT:
		return s == PO_DEPOSEE;
	case FA_COMPLEMENT:
	case FA_RETAIN:
	case FA_REJECT:
		return s == PO_EN_INSTRUCTION;
	case FA_DISMISS:
		return s == PO_DEPOSEE || s == PO_EN_INSTRUCTION;
	case FA_REOPEN:
		(void)preorder_paid(po, &npaid);
		return (s == PO_RETENUE || s == PO_NON_RETENUE || s == PO_SANS_SUITE) && npaid == 0;
	case FA_CONVENTION:
		return s == PO_RETENUE;
	case FA_PAY:
		return s == PO_CONVENTIONNEE;
	case FA_PROG_RETAIN:
	case FA_PROG_REJECT:
		return s == PO_DEPOSEE || s == PO_EN_INSTRUCTION;
	case FA_PROG_CLEAR:
		return in->prog != PROG_NONE;
	case FA_PRIORITY:
	case FA_NOTE:
	case FA_FOLLOW:
		return s != PO_BROUILLON;
	default:
		return false;
	}
}
