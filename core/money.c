/*
 * money.c — subsidy arithmetic, checked sums and products, and amounts as
 * French text.
 */
#include "core/money.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"

cents_t subsidy_cents(uint32_t rate_bp, cents_t expense, cents_t cap)
{
	cents_t base, q, r;

	if (rate_bp > BP_ONE || expense < 0 || cap < 0)
		return -1;
	base = expense < cap ? expense : cap;
	/*
	 * floor(base × rate / 10 000) without forming base × rate:
	 * base = q × 10 000 + r, so the result is q × rate + floor(r × rate / 10 000);
	 * q × rate <= base and r × rate < 10^8, so nothing overflows.
	 */
	q = base / BP_ONE;
	r = base % BP_ONE;
	return q * (cents_t)rate_bp + r * (cents_t)rate_bp / BP_ONE;
}

bool cents_mul(cents_t unit, uint64_t qty, cents_t *out)
{
	cents_t v;

	if (unit < 0 || qty > INT64_MAX)
		return false;
	if (__builtin_mul_overflow(unit, (cents_t)qty, &v))
		return false;
	*out = v;
	return true;
}

bool cents_add(cents_t a, cents_t b, cents_t *out)
{
	cents_t v;

	if (a < 0 || b < 0 || __builtin_add_overflow(a, b, &v))
		return false;
	*out = v;
	return true;
}

/* Writes the digits of v grouped by three with U+202F into buf. */
static void group_digits(uint64_t v, char *buf, size_t cap)
{
	char digits[24], out[64];
	size_t n, o = 0;

	n = (size_t)snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(out + o, "\xE2\x80\xAF", 3);
			o += 3;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	strlcpy_(buf, out, cap);
}

char *cents_format(cents_t c, char *buf, size_t cap)
{
	char g[64];
	uint64_t a = c < 0 ? (uint64_t)0 - (uint64_t)c : (uint64_t)c;

	group_digits(a / 100, g, sizeof g);
	snprintf(buf, cap, "%s%s,%02u\xC2\xA0€", c < 0 ? "-" : "", g, (unsigned)(a % 100));
	return buf;
}

char *bp_format(uint32_t bp, char *buf, size_t cap)
{
	unsigned whole = bp / 100, frac = bp % 100;

	if (frac == 0)
		snprintf(buf, cap, "%u\xC2\xA0%%", whole);
	else if (frac % 10 == 0)
		snprintf(buf, cap, "%u,%u\xC2\xA0%%", whole, frac / 10);
	else
		snprintf(buf, cap, "%u,%02u\xC2\xA0%%", whole, frac);
	return buf;
}

/* True when the end of buf is `suffix`; removes it. */
static bool strip_suffix(char *buf, const char *suffix)
{
	size_t n = strlen(buf), k = strlen(suffix);

	if (n < k || memcmp(buf + n - k, suffix, k) != 0)
		return false;
	buf[n - k] = '\0';
	return true;
}

int cents_parse(const char *s, cents_t *out, char **why)
{
	cents_t euros = 0, frac = 0;
	int ndec = -1, ndigits = 0;
	char buf[64];
	const char *p;

	if (s == NULL || strlen(s) >= sizeof buf)
		goto bad;
	strlcpy_(buf, s, sizeof buf);
	/* Trailing spaces, no-break spaces and the currency go first. */
	while (strip_suffix(buf, " ") || strip_suffix(buf, "\xC2\xA0") ||
	       strip_suffix(buf, "\xE2\x80\xAF") || strip_suffix(buf, "€") ||
	       strip_suffix(buf, "EUR"))
		;
	p = buf;
	while (*p == ' ')
		p++;
	for (; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch >= '0' && ch <= '9') {
			if (ndec < 0) {
				if (euros > CENTS_MAX / 10)
					goto big;
				euros = euros * 10 + (ch - '0');
			} else {
				if (++ndec > 2)
					return fail(why, RC_INVALID,
					            _("Un montant a au plus deux décimales (les centimes)."));
				frac = frac * 10 + (ch - '0');
			}
			ndigits++;
		} else if ((ch == ',' || ch == '.') && ndec < 0 && ndigits > 0) {
			ndec = 0;
		} else if (ch == ' ' && ndec < 0 && ndigits > 0) {
			continue;
		} else if (ch == 0xE2 && (unsigned char)p[1] == 0x80 &&
		           (unsigned char)p[2] == 0xAF && ndec < 0 && ndigits > 0) {
			p += 2;
		} else if (ch == 0xC2 && (unsigned char)p[1] == 0xA0 && ndec < 0 && ndigits > 0) {
			p += 1;
		} else {
			goto bad;
		}
	}
	if (ndigits == 0 || ndec == 0)
		goto bad;
	if (ndec == 1)
		frac *= 10;
	if (euros > CENTS_MAX / 100 || euros * 100 + frac > CENTS_MAX)
		goto big;
	*out = euros * 100 + frac;
	return RC_OK;
big:
	return fail(why, RC_INVALID, _("Montant trop élevé."));
bad:
	return fail(why, RC_INVALID,
	            _("Montant attendu en euros, par exemple 40 000 ou 1 250,50."));
}

int bp_parse(const char *s, uint32_t *out, char **why)
{
	uint32_t whole = 0, frac = 0;
	int ndec = -1, ndigits = 0;
	const char *p = s;

	if (s == NULL || strlen(s) > 32)
		goto bad;
	while (*p == ' ')
		p++;
	for (; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch >= '0' && ch <= '9') {
			if (ndec < 0) {
				whole = whole * 10 + (ch - '0');
				if (whole > 100)
					goto range;
			} else {
				if (++ndec > 2)
					return fail(why, RC_INVALID,
					            _("Un taux a au plus deux décimales "
					                               "(par exemple 72,55 %%)."));
				frac = frac * 10 + (ch - '0');
			}
			ndigits++;
		} else if ((ch == ',' || ch == '.') && ndec < 0 && ndigits > 0) {
			ndec = 0;
		} else {
			break;
		}
	}
	/* What may follow the number: spaces (also no-break) and one "%". */
	for (bool pct = false; *p != '\0';) {
		if (*p == ' ') {
			p++;
		} else if (strncmp(p, "\xC2\xA0", 2) == 0) {
			p += 2;
		} else if (strncmp(p, "\xE2\x80\xAF", 3) == 0) {
			p += 3;
		} else if (*p == '%' && !pct) {
			pct = true;
			p++;
		} else {
			goto bad;
		}
	}
	if (ndigits == 0 || ndec == 0)
		goto bad;
	if (ndec == 1)
		frac *= 10;
	if (whole * 100 + frac > BP_ONE)
		goto range;
	*out = whole * 100 + frac;
	return RC_OK;
range:
	return fail(why, RC_INVALID, _("Un taux est compris entre 0 et 100 %%."));
bad:
	return fail(why, RC_INVALID, _("Taux attendu en pourcentage, par exemple 80 ou 72,5."));
}

char *multiple_format(uint32_t bp, char *buf, size_t cap)
{
	unsigned whole = bp / BP_ONE, frac = (bp % BP_ONE) / 100;

	if (frac == 0)
		snprintf(buf, cap, "%u\xC2\xA0\xC3\x97", whole);
	else if (frac % 10 == 0)
		snprintf(buf, cap, "%u,%u\xC2\xA0\xC3\x97", whole, frac / 10);
	else
		snprintf(buf, cap, "%u,%02u\xC2\xA0\xC3\x97", whole, frac);
	return buf;
}

int multiple_parse(const char *s, uint32_t *out, char **why)
{
	uint32_t v;

	if (s == NULL || strchr(s, '%') != NULL || bp_parse(s, &v, NULL) != RC_OK)
		return fail(why, RC_INVALID, _("Multiple invalide : « %s » (par exemple 1,5)."),
		            s != NULL ? s : "");
	*out = v * 100;
	return RC_OK;
}
