/* dates.c — dates and times as the content's language writes them.
 *
 * French follows the Lexique des règles typographiques de l'Imprimerie
 * nationale: "mardi 3 octobre 2017", "1er", "8 h 30", "de 8 h 30 à 17 h 30".
 * The strings come out already typographically right: U+00A0 (no-break space)
 * binds "3 octobre", "8 h 30", "à 19 h", so that the layout never breaks there
 * and the typo pass (typo.c) leaves them unchanged: French phrases go through
 * tr_typo_apply() before they are returned, so that both agree by construction
 * ("samedi 25 et" binds "25 et" like any number and its word).
 */
#include "typo/dates.h"

#include <glib.h>
#include <string.h>

#include "i18n.h"
#include "typo/typo.h"

#define NBSP "\xc2\xa0"   /* U+00A0 */
#define NDASH "\xe2\x80\x93" /* U+2013 */

static const char *const fr_days[7] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
};
/* English, and marked for translation: a message names a day in its own
 * language (tr_date_weekday_msg()). */
static const char *const en_days[7] = {
	/* TRANSLATORS: a day of the week, as in "2017-10-03 is a Tuesday" */
	N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
	N_("Saturday"), N_("Sunday"),
};
static const char *const fr_months[12] = {
	"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre",
};
static const char *const en_months[12] = {
	/* TRANSLATORS: a month, as in "February 2027 has 28 days" */
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
	N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
	N_("December"),
};

/* The index of a word (len bytes) in names[n], compared without case; -1 when
 * absent. Names are short: a longer word is none of them. */
static int name_index(const char *const *names, int n, const char *word, size_t len)
{
	if (len == 0 || len > 16 || !g_unichar_isalpha(g_utf8_get_char_validated(word, len)))
		return -1;
	char *w = g_utf8_casefold(word, (gssize)len);
	int found = -1;
	for (int i = 0; i < n && found < 0; i++) {
		char *name = g_utf8_casefold(names[i], -1);
		if (strcmp(w, name) == 0)
			found = i;
		g_free(name);
	}
	g_free(w);
	return found;
}

int tr_date_weekday_of(const char *word, size_t len)
{
	int i = name_index(fr_days, 7, word, len);
	return i >= 0 ? i : name_index(en_days, 7, word, len);
}

int tr_date_month_of(const char *word, size_t len)
{
	int i = name_index(fr_months, 12, word, len);
	if (i < 0)
		i = name_index(en_months, 12, word, len);
	return i + 1;
}

/* Returns the phrase built in out as a new string, with the language's
 * typography applied. */
static char *finish(GString *out, tr_lang lang)
{
	if (lang != TR_LANG_FR)
		return g_string_free(out, FALSE);
	char *r = tr_typo_apply(out->str, lang);
	g_string_free(out, TRUE);
	return r;
}

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int tr_date_days_in_month(int year, int month)
{
	static const int n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month == 2 && is_leap(year))
		return 29;
	return n[month - 1];
}

bool tr_date_valid(int year, int month, int day)
{
	if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1)
		return false;
	return day <= tr_date_days_in_month(year, month);
}

/* Sakamoto's method gives 0 = Sunday; shifted so that 0 = Monday. */
int tr_date_weekday(int year, int month, int day)
{
	static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (month < 3)
		year -= 1;
	int sun0 = (year + year / 4 - year / 100 + year / 400 + t[month - 1] + day) % 7;
	return (sun0 + 6) % 7;
}

/* Days from 1970-01-01: the civil-from-days algorithm (Howard Hinnant's
 * "chrono-compatible low-level date algorithms"), on 400-year eras. */
long tr_date_to_days(int year, int month, int day)
{
	long y = year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void tr_date_from_days(long days, int *year, int *month, int *day)
{
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long doe = days - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

/* The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms). */
void tr_date_easter(int year, int *month, int *day)
{
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	*month = (h + l - 7 * m + 114) / 31;
	*day = (h + l - 7 * m + 114) % 31 + 1;
}

const char *tr_date_holiday_fr(int year, int month, int day, bool *regional)
{
	/* Fixed dates, then days counted from Easter Sunday. */
	static const struct {
		int month, day;
		const char *name;
		bool regional;
	} fixed[] = {
		{ 1, 1, "jour de l’An", false },    { 5, 1, "fête du Travail", false },
		{ 5, 8, "Victoire 1945", false },   { 7, 14, "fête nationale", false },
		{ 8, 15, "Assomption", false },     { 11, 1, "Toussaint", false },
		{ 11, 11, "Armistice 1918", false }, { 12, 25, "Noël", false },
		{ 12, 26, "Saint-Étienne", true },
	};
	static const struct {
		int after;
		const char *name;
		bool regional;
	} moving[] = {
		{ -2, "Vendredi saint", true }, { 0, "Pâques", false },
		{ 1, "lundi de Pâques", false }, { 39, "Ascension", false },
		{ 49, "Pentecôte", false },      { 50, "lundi de Pentecôte", false },
	};
	int em, ed;
	bool dummy;
	if (!regional)
		regional = &dummy;
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
		if (fixed[i].month == month && fixed[i].day == day) {
			*regional = fixed[i].regional;
			return fixed[i].name;
		}
	tr_date_easter(year, &em, &ed);
	long after = tr_date_to_days(year, month, day) - tr_date_to_days(year, em, ed);
	for (size_t i = 0; i < G_N_ELEMENTS(moving); i++)
		if (moving[i].after == after) {
			*regional = moving[i].regional;
			return moving[i].name;
		}
	return NULL;
}

const char *tr_date_weekday_name(int weekday, tr_lang lang)
{
	if (weekday < 0 || weekday > 6)
		return "";
	return lang == TR_LANG_FR ? fr_days[weekday] : en_days[weekday];
}

const char *tr_date_weekday_msg(int weekday)
{
	if (weekday < 0 || weekday > 6)
		return "";
	return _(en_days[weekday]);
}

const char *tr_date_month_msg(int month)
{
	if (month < 1 || month > 12)
		return "";
	return _(en_months[month - 1]);
}

/* Reads exactly n ASCII digits at s into *out. */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!g_ascii_isdigit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool tr_date_parse(const char *s, int *year, int *month, int *day)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!read_digits(s, 4, &y) || !read_digits(s + 5, 2, &m) || !read_digits(s + 8, 2, &d))
		return false;
	if (!tr_date_valid(y, m, d))
		return false;
	*year = y;
	*month = m;
	*day = d;
	return true;
}

/* Accepts H:MM, HH:MM, HhMM, Hh, H h MM, H h (h or H; minutes two digits). */
bool tr_time_parse(const char *s, int *minutes)
{
	int h = 0, m = 0, nd = 0;
	if (!s)
		return false;
	while (g_ascii_isdigit(*s) && nd < 3) {
		h = h * 10 + (*s++ - '0');
		nd++;
	}
	if (nd < 1 || nd > 2)
		return false;
	if (*s == ':') {
		s++;
		if (!read_digits(s, 2, &m))
			return false;
		s += 2;
	} else {
		if (*s == ' ')
			s++;
		if (*s != 'h' && *s != 'H')
			return false;
		s++;
		if (*s == ' ' && g_ascii_isdigit(s[1]))
			s++;
		if (g_ascii_isdigit(*s)) {
			if (!read_digits(s, 2, &m))
				return false;
			s += 2;
		}
	}
	if (*s != '\0' || h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

/* Appends "3 octobre" / "1er juin" / "3 October" (no weekday, no year). */
static void append_day_month(GString *out, int month, int day, bool with_month, tr_lang lang)
{
	if (lang == TR_LANG_FR && day == 1)
		g_string_append(out, "1er");
	else
		g_string_append_printf(out, "%d", day);
	if (with_month)
		g_string_append_printf(out, NBSP "%s",
		                       lang == TR_LANG_FR ? fr_months[month - 1] : en_months[month - 1]);
}

static const char *weekday_name(int year, int month, int day, tr_lang lang)
{
	return tr_date_weekday_name(tr_date_weekday(year, month, day), lang);
}

char *tr_date_format_day(int year, int month, int day, bool with_year, tr_lang lang)
{
	GString *out = g_string_new(weekday_name(year, month, day, lang));
	g_string_append_c(out, ' ');
	append_day_month(out, month, day, true, lang);
	if (with_year)
		g_string_append_printf(out, " %d", year);
	return finish(out, lang);
}

static bool same_day(const tr_session *a, const tr_session *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* Lists the distinct days: each day names its month when the next day is in
 * another month (or it is the last), and its year likewise; the last two are
 * joined by "et"/"and", the others by commas. */
char *tr_date_format_days(const tr_session *s, size_t n, tr_lang lang)
{
	GString *out = g_string_new(NULL);
	const char *and = lang == TR_LANG_FR ? " et " : " and ";
	size_t *idx = g_new(size_t, n ? n : 1);
	size_t nd = 0;

	for (size_t i = 0; i < n; i++)
		if (nd == 0 || !same_day(&s[idx[nd - 1]], &s[i]))
			idx[nd++] = i;
	for (size_t k = 0; k < nd; k++) {
		const tr_session *d = &s[idx[k]];
		const tr_session *next = k + 1 < nd ? &s[idx[k + 1]] : NULL;
		bool new_year = !next || next->year != d->year;
		bool new_month = new_year || next->month != d->month;

		if (k > 0)
			g_string_append(out, k + 1 == nd ? and : ", ");
		g_string_append(out, weekday_name(d->year, d->month, d->day, lang));
		g_string_append_c(out, ' ');
		append_day_month(out, d->month, d->day, new_month, lang);
		if (new_year)
			g_string_append_printf(out, " %d", d->year);
	}
	g_free(idx);
	return finish(out, lang);
}

char *tr_time_format(int minutes, tr_lang lang)
{
	int h = minutes / 60, m = minutes % 60;
	if (lang == TR_LANG_FR) {
		if (m == 0)
			return g_strdup_printf("%d" NBSP "h", h);
		return g_strdup_printf("%d" NBSP "h" NBSP "%02d", h, m);
	}
	int h12 = h % 12 == 0 ? 12 : h % 12;
	const char *ampm = h < 12 ? "am" : "pm";
	if (m == 0)
		return g_strdup_printf("%d" NBSP "%s", h12, ampm);
	return g_strdup_printf("%d:%02d" NBSP "%s", h12, m, ampm);
}

char *tr_time_format_range(int start, int end, tr_lang lang)
{
	char *a = tr_time_format(start, lang);
	if (end < 0)
		return a;
	char *b = tr_time_format(end, lang);
	char *r = g_strdup_printf("%s" NBSP NDASH NBSP "%s", a, b);
	g_free(a);
	g_free(b);
	return r;
}

static const char *const tbc_words[TR_LANG__MAX] = { "horaire à confirmer",
	                                                "time to be confirmed" };

const char *tr_date_tbc(tr_lang lang)
{
	return tbc_words[lang];
}

/* The hours of one session: fr "de 8 h 30 à 17 h 30" / "à 19 h",
 * en "8:30 am – 5:30 pm" / "7 pm"; then " (horaire à confirmer)" when they are
 * to be confirmed, or that alone without hours. Nothing for a session with
 * neither. */
static void append_hours(GString *out, const tr_session *s, tr_lang lang)
{
	if (s->start < 0) {
		if (s->tbc)
			g_string_append(out, tbc_words[lang]);
		return;
	}
	char *a = tr_time_format(s->start, lang);
	char *b = s->end >= 0 ? tr_time_format(s->end, lang) : NULL;
	if (lang == TR_LANG_FR) {
		if (b)
			g_string_append_printf(out, "de %s à" NBSP "%s", a, b);
		else
			g_string_append_printf(out, "à" NBSP "%s", a);
	} else {
		if (b)
			g_string_append_printf(out, "%s" NBSP NDASH " %s", a, b);
		else
			g_string_append(out, a);
	}
	if (s->tbc)
		g_string_append_printf(out, " (%s)", tbc_words[lang]);
	g_free(a);
	g_free(b);
}

/* Label of a session's day when hours differ per day: the weekday, or weekday and
 * day number when two distinct days of the list share a weekday. */
static void append_label(GString *out, const tr_session *s, size_t n, size_t i, tr_lang lang)
{
	bool ambiguous = false;
	int wd = tr_date_weekday(s[i].year, s[i].month, s[i].day);
	for (size_t j = 0; j < n; j++)
		if (!same_day(&s[j], &s[i]) && tr_date_weekday(s[j].year, s[j].month, s[j].day) == wd)
			ambiguous = true;
	g_string_append(out, weekday_name(s[i].year, s[i].month, s[i].day, lang));
	if (ambiguous) {
		g_string_append_c(out, ' ');
		append_day_month(out, s[i].month, s[i].day, false, lang);
	}
	g_string_append_c(out, ' ');
}

/* The hours of the day whose sessions are s[from, to): each session's, joined
 * by "et"/"and" ("à 7 h et à 14 h"); empty when none has hours or "to be
 * confirmed". */
static char *day_hours(const tr_session *s, size_t from, size_t to, tr_lang lang)
{
	GString *out = g_string_new(NULL);
	for (size_t i = from; i < to; i++) {
		size_t before = out->len;
		if (before)
			g_string_append(out, lang == TR_LANG_FR ? " et " : " and ");
		size_t mark = out->len;
		append_hours(out, &s[i], lang);
		if (out->len == mark)
			g_string_truncate(out, before);
	}
	return g_string_free(out, FALSE);
}

char *tr_date_format_hours(const tr_session *s, size_t n, tr_lang lang)
{
	/* The days, each with its hours: sessions of one day follow each other. */
	size_t *first = g_new(size_t, n + 1), nd = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || !same_day(&s[i - 1], &s[i]))
			first[nd++] = i;
	first[nd] = n;
	char **hours = g_new0(char *, nd + 1);
	bool uniform = true, any = false;
	for (size_t k = 0; k < nd; k++) {
		hours[k] = day_hours(s, first[k], first[k + 1], lang);
		any |= hours[k][0] != '\0';
		if (k > 0 && strcmp(hours[k], hours[0]) != 0)
			uniform = false;
	}
	GString *out = NULL;
	if (any) {
		out = g_string_new(NULL);
		/* The same hours every day are said once; else each day says its own,
		 * after its name: "samedi de 9 h à 18 h, dimanche de 10 h à 16 h". */
		for (size_t k = 0; k < (uniform ? 1 : nd); k++) {
			if (!hours[k][0])
				continue;
			if (out->len)
				g_string_append(out, ", ");
			if (!uniform)
				append_label(out, s, n, first[k], lang);
			g_string_append(out, hours[k]);
		}
	}
	g_strfreev(hours);
	g_free(first);
	return out ? finish(out, lang) : NULL;
}

char *tr_date_format_when(const tr_session *s, size_t n, tr_lang lang)
{
	char *days = tr_date_format_days(s, n, lang);
	char *hours = tr_date_format_hours(s, n, lang);
	if (!hours)
		return days;
	char *r = g_strdup_printf("%s, %s", days, hours);
	g_free(days);
	g_free(hours);
	return r;
}
