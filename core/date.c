/*
 * date.c — calendar days (yyyymmdd) and Paris local time without a time-zone
 * database: UTC+1, and UTC+2 from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC (EU rule in force since 1996).
 */
#include "core/date.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : md[m - 1];
}

bool day_valid(day_t d)
{
	int y = d / 10000, m = d / 100 % 100, dd = d % 100;

	if (y < 1900 || y > 2999 || m < 1 || m > 12 || dd < 1)
		return false;
	return dd <= month_days(y, m);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t day_serial(day_t d)
{
	return days_from_civil(d / 10000, d / 100 % 100, d % 100);
}

/* Day of the week of a serial day, 0 = Sunday. */
static int weekday(int64_t z)
{
	return (int)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

/* The serial day of the last Sunday of month m of year y. */
static int64_t last_sunday(int y, int m)
{
	int64_t z = days_from_civil(y, m, month_days(y, m));

	return z - weekday(z);
}

/* Offset of Paris local time from UTC at instant t, in seconds. */
static int64_t paris_offset(int64_t t)
{
	int64_t z = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int y, m, d;
	int64_t start, end;

	civil_from_days(z, &y, &m, &d);
	start = last_sunday(y, 3) * 86400 + 3600;
	end = last_sunday(y, 10) * 86400 + 3600;
	return t >= start && t < end ? 7200 : 3600;
}

static void local_parts(int64_t t, int *y, int *m, int *d, int *hh, int *mm)
{
	int64_t l = t + paris_offset(t);
	int64_t z = l >= 0 ? l / 86400 : (l - 86399) / 86400;
	int64_t s = l - z * 86400;

	civil_from_days(z, y, m, d);
	*hh = (int)(s / 3600);
	*mm = (int)(s % 3600 / 60);
}

day_t day_of_instant(int64_t t)
{
	int y, m, d, hh, mm;

	local_parts(t, &y, &m, &d, &hh, &mm);
	return (day_t)(y * 10000 + m * 100 + d);
}

day_t day_add_years(day_t d, int years)
{
	int y, m, dd;
	day_t v;

	if (!day_valid(d) || years < -2000 || years > 2000)
		return 0;
	y = d / 10000 + years;
	m = d / 100 % 100;
	dd = d % 100;
	if (y < 1900 || y > 2999)
		return 0;
	if (dd > month_days(y, m))
		dd = month_days(y, m);
	v = (day_t)(y * 10000 + m * 100 + dd);
	return day_valid(v) ? v : 0;
}

int day_parse(const char *s, day_t *out, char **why)
{
	int y = 0, m = 0, d = 0, n = 0;
	day_t v;

	if (s == NULL || strlen(s) != 10)
		goto bad;
	if (s[2] == '/' && s[5] == '/') {
		if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) != 3 || n != 10)
			goto bad;
	} else if (s[4] == '-' && s[7] == '-') {
		if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
			goto bad;
	} else {
		goto bad;
	}
	for (int i = 0; i < 10; i++)
		if (s[i] != '/' && s[i] != '-' && (s[i] < '0' || s[i] > '9'))
			goto bad;
	v = (day_t)(y * 10000 + m * 100 + d);
	if (!day_valid(v))
		return fail(why, RC_INVALID, _("« %s » n'est pas une date du calendrier."), s);
	*out = v;
	return RC_OK;
bad:
	return fail(why, RC_INVALID,
	            _("Date attendue au format JJ/MM/AAAA (par exemple 31/01/2022)."));
}

char *day_format(day_t d, char *buf, unsigned long cap)
{
	if (d == 0 || !day_valid(d))
		snprintf(buf, cap, "—");
	else
		snprintf(buf, cap, "%02d/%02d/%04d", d % 100, d / 100 % 100, d / 10000);
	return buf;
}

char *instant_format(int64_t t, char *buf, unsigned long cap)
{
	int y, m, d, hh, mm;

	local_parts(t, &y, &m, &d, &hh, &mm);
	snprintf(buf, cap, "%02d/%02d/%04d à %02d:%02d", d, m, y, hh, mm);
	return buf;
}
