/* test-dates.c — calendar, parsing and phrasing of dates and times. */
#include <glib.h>
#include <string.h>

#include "typo/dates.h"
#include "typo/typo.h"

#define NB "\xc2\xa0" /* U+00A0 */

static tr_session sess(int y, int m, int d, int start, int end)
{
	tr_session s = { .year = y, .month = m, .day = d, .start = start, .end = end,
		         .pos = TR_NOPOS };
	return s;
}

/* The same, its time to be confirmed. */
static tr_session tbc(int y, int m, int d, int start, int end)
{
	tr_session s = sess(y, m, d, start, end);
	s.tbc = true;
	return s;
}

/* Compares and frees. */
static void check(char *got, const char *want)
{
	g_assert_cmpstr(got, ==, want);
	g_free(got);
}

static void test_valid(void)
{
	g_assert_true(tr_date_valid(2024, 2, 29));
	g_assert_false(tr_date_valid(2023, 2, 29));
	g_assert_false(tr_date_valid(1900, 2, 29)); /* century, not leap */
	g_assert_true(tr_date_valid(2000, 2, 29));  /* divisible by 400 */
	g_assert_false(tr_date_valid(2100, 2, 29));
	g_assert_true(tr_date_valid(1900, 1, 1));
	g_assert_true(tr_date_valid(2999, 12, 31));
	g_assert_false(tr_date_valid(1899, 12, 31));
	g_assert_false(tr_date_valid(3000, 1, 1));
	g_assert_false(tr_date_valid(2024, 4, 31));
	g_assert_false(tr_date_valid(2024, 13, 1));
	g_assert_false(tr_date_valid(2024, 0, 1));
	g_assert_false(tr_date_valid(2024, 1, 0));
	g_assert_false(tr_date_valid(2024, 1, 32));
}

static void test_weekday(void)
{
	g_assert_cmpint(tr_date_weekday(2017, 10, 3), ==, 1); /* Tuesday */
	g_assert_cmpint(tr_date_weekday(2024, 5, 25), ==, 5); /* Saturday */
	g_assert_cmpint(tr_date_weekday(2024, 5, 26), ==, 6); /* Sunday */
	g_assert_cmpint(tr_date_weekday(2024, 6, 3), ==, 0);  /* Monday */
	g_assert_cmpint(tr_date_weekday(2000, 1, 1), ==, 5);  /* Saturday */
	g_assert_cmpint(tr_date_weekday(1900, 1, 1), ==, 0);  /* Monday */
	g_assert_cmpint(tr_date_weekday(2024, 2, 29), ==, 3); /* Thursday */
	g_assert_cmpint(tr_date_weekday(2000, 2, 29), ==, 1); /* Tuesday */
	g_assert_cmpint(tr_date_weekday(2024, 12, 31), ==, 1);
	g_assert_cmpint(tr_date_weekday(2025, 1, 1), ==, 2);

	/* consecutive days step by one over a whole leap year */
	int wd = tr_date_weekday(2024, 1, 1);
	for (int m = 1; m <= 12; m++)
		for (int d = 1; d <= 31; d++) {
			if (!tr_date_valid(2024, m, d) || (m == 1 && d == 1))
				continue;
			wd = (wd + 1) % 7;
			g_assert_cmpint(tr_date_weekday(2024, m, d), ==, wd);
		}
}

static void test_date_parse(void)
{
	int y = 0, m = 0, d = 0;
	g_assert_true(tr_date_parse("2017-10-03", &y, &m, &d));
	g_assert_cmpint(y, ==, 2017);
	g_assert_cmpint(m, ==, 10);
	g_assert_cmpint(d, ==, 3);
	g_assert_true(tr_date_parse("2024-02-29", &y, &m, &d));
	g_assert_true(tr_date_parse("2000-02-29", &y, &m, &d));

	static const char *const bad[] = {
		"", "2017", "2017-10-3", "2017-1-03", "17-10-03", "2017/10/03",
		"2017-10-03 ", " 2017-10-03", "2017-10-03T10:00", "2023-02-29",
		"1900-02-29", "1899-12-31", "3000-01-01", "2017-13-01", "2017-00-10",
		"2017-10-00", "2017-04-31", "abcd-ef-gh", "2017-1a-03", "+017-10-03",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		y = m = d = -7;
		g_assert_false(tr_date_parse(bad[i], &y, &m, &d));
		g_assert_cmpint(y, ==, -7); /* untouched on failure */
	}
}

static void test_time_parse(void)
{
	static const struct {
		const char *s;
		int min;
	} good[] = {
		{ "08:30", 510 }, { "8:30", 510 }, { "8h30", 510 }, { "8h", 480 },
		{ "8 h 30", 510 }, { "08h00", 480 }, { "17h30", 1050 }, { "17:00", 1020 },
		{ "0:00", 0 }, { "23:59", 1439 }, { "12h", 720 }, { "8 h", 480 },
		{ "8H30", 510 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		int m = -1;
		g_assert_true(tr_time_parse(good[i].s, &m));
		g_assert_cmpint(m, ==, good[i].min);
	}
	static const char *const bad[] = {
		"25:00", "24:00", "12:60", "8:3", "", "abc", "8", "830", "8:", "h30",
		"8h3", "8h300", "8:30 ", " 8:30", "8:30am", "123:00", "8.30", "-1:00",
		"8  h 30", "8:3O",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		int m = -7;
		g_assert_false(tr_time_parse(bad[i], &m));
		g_assert_cmpint(m, ==, -7);
	}
}

static void test_day_fr(void)
{
	check(tr_date_format_day(2017, 10, 3, true, TR_LANG_FR), "mardi 3" NB "octobre 2017");
	check(tr_date_format_day(2017, 10, 3, false, TR_LANG_FR), "mardi 3" NB "octobre");
	check(tr_date_format_day(2024, 6, 1, true, TR_LANG_FR), "samedi 1er" NB "juin 2024");
	check(tr_date_format_day(2024, 2, 29, true, TR_LANG_FR), "jeudi 29" NB "février 2024");
	check(tr_date_format_day(2024, 8, 15, true, TR_LANG_FR), "jeudi 15" NB "août 2024");
	check(tr_date_format_day(2024, 12, 1, true, TR_LANG_FR), "dimanche 1er" NB "décembre 2024");
}

static void test_day_en(void)
{
	check(tr_date_format_day(2017, 10, 3, true, TR_LANG_EN), "Tuesday 3" NB "October 2017");
	check(tr_date_format_day(2024, 6, 1, true, TR_LANG_EN), "Saturday 1" NB "June 2024");
	check(tr_date_format_day(2024, 6, 1, false, TR_LANG_EN), "Saturday 1" NB "June");
}

static void test_days(void)
{
	tr_session one[] = { sess(2017, 10, 3, 510, 1050) };
	check(tr_date_format_days(one, 1, TR_LANG_FR), "mardi 3" NB "octobre 2017");
	check(tr_date_format_days(one, 1, TR_LANG_EN), "Tuesday 3" NB "October 2017");

	tr_session two[] = { sess(2024, 5, 25, -1, -1), sess(2024, 5, 26, -1, -1) };
	check(tr_date_format_days(two, 2, TR_LANG_FR), "samedi 25 et dimanche 26" NB "mai 2024");
	check(tr_date_format_days(two, 2, TR_LANG_EN), "Saturday 25 and Sunday 26" NB "May 2024");

	tr_session three[] = { sess(2024, 6, 3, -1, -1), sess(2024, 6, 4, -1, -1),
	                       sess(2024, 6, 5, -1, -1) };
	check(tr_date_format_days(three, 3, TR_LANG_FR),
	      "lundi 3, mardi 4 et mercredi 5" NB "juin 2024");
	check(tr_date_format_days(three, 3, TR_LANG_EN),
	      "Monday 3, Tuesday 4 and Wednesday 5" NB "June 2024");

	tr_session month[] = { sess(2024, 5, 31, -1, -1), sess(2024, 6, 1, -1, -1) };
	check(tr_date_format_days(month, 2, TR_LANG_FR),
	      "vendredi 31" NB "mai et samedi 1er" NB "juin 2024");
	check(tr_date_format_days(month, 2, TR_LANG_EN),
	      "Friday 31" NB "May and Saturday 1" NB "June 2024");

	tr_session year[] = { sess(2024, 12, 31, -1, -1), sess(2025, 1, 1, -1, -1) };
	check(tr_date_format_days(year, 2, TR_LANG_FR),
	      "mardi 31" NB "décembre 2024 et mercredi 1er" NB "janvier 2025");
	check(tr_date_format_days(year, 2, TR_LANG_EN),
	      "Tuesday 31" NB "December 2024 and Wednesday 1" NB "January 2025");

	/* two sessions the same day: the day is named once */
	tr_session same[] = { sess(2024, 5, 25, 540, 720), sess(2024, 5, 25, 840, 1080) };
	check(tr_date_format_days(same, 2, TR_LANG_FR), "samedi 25" NB "mai 2024");
}

static void test_time_format(void)
{
	check(tr_time_format(510, TR_LANG_FR), "8" NB "h" NB "30");
	check(tr_time_format(540, TR_LANG_FR), "9" NB "h");
	check(tr_time_format(1050, TR_LANG_FR), "17" NB "h" NB "30");
	check(tr_time_format(0, TR_LANG_FR), "0" NB "h");
	check(tr_time_format(545, TR_LANG_FR), "9" NB "h" NB "05");
	check(tr_time_format(510, TR_LANG_EN), "8:30" NB "am");
	check(tr_time_format(1140, TR_LANG_EN), "7" NB "pm");
	check(tr_time_format(720, TR_LANG_EN), "12" NB "pm");  /* noon */
	check(tr_time_format(0, TR_LANG_EN), "12" NB "am");    /* midnight */
	check(tr_time_format(30, TR_LANG_EN), "12:30" NB "am");
	check(tr_time_format(1439, TR_LANG_EN), "11:59" NB "pm");
	check(tr_time_format(1050, TR_LANG_EN), "5:30" NB "pm");
	/* a programme item's time, with its end: one unbreakable piece */
	check(tr_time_format_range(540, 660, TR_LANG_FR),
	      "9" NB "h" NB "\u2013" NB "11" NB "h");
	check(tr_time_format_range(540, 690, TR_LANG_EN),
	      "9" NB "am" NB "\u2013" NB "11:30" NB "am");
	check(tr_time_format_range(540, -1, TR_LANG_FR), "9" NB "h");
}

static void test_hours(void)
{
	tr_session one[] = { sess(2017, 10, 3, 510, 1050) };
	check(tr_date_format_hours(one, 1, TR_LANG_FR),
	      "de 8" NB "h" NB "30 à" NB "17" NB "h" NB "30");
	check(tr_date_format_hours(one, 1, TR_LANG_EN), "8:30" NB "am" NB "– 5:30" NB "pm");

	tr_session start_only[] = { sess(2017, 10, 3, 1140, -1) };
	check(tr_date_format_hours(start_only, 1, TR_LANG_FR), "à" NB "19" NB "h");
	check(tr_date_format_hours(start_only, 1, TR_LANG_EN), "7" NB "pm");

	tr_session none[] = { sess(2017, 10, 3, -1, -1), sess(2017, 10, 4, -1, -1) };
	g_assert_null(tr_date_format_hours(none, 2, TR_LANG_FR));
	g_assert_null(tr_date_format_hours(none, 2, TR_LANG_EN));

	tr_session same[] = { sess(2024, 5, 25, 540, 1080), sess(2024, 5, 26, 540, 1080) };
	check(tr_date_format_hours(same, 2, TR_LANG_FR), "de 9" NB "h" NB "à" NB "18" NB "h");

	tr_session differ[] = { sess(2024, 5, 25, 540, 1080), sess(2024, 5, 26, 600, 960) };
	check(tr_date_format_hours(differ, 2, TR_LANG_FR),
	      "samedi de 9" NB "h" NB "à" NB "18" NB "h, dimanche de 10" NB "h" NB "à" NB "16" NB "h");
	check(tr_date_format_hours(differ, 2, TR_LANG_EN),
	      "Saturday 9" NB "am" NB "– 6" NB "pm, Sunday 10" NB "am" NB "– 4" NB "pm");

	/* one day in two sessions */
	tr_session split[] = { sess(2024, 5, 25, 540, 720), sess(2024, 5, 25, 840, 1080) };
	check(tr_date_format_hours(split, 2, TR_LANG_FR),
	      "de 9" NB "h" NB "à" NB "12" NB "h" NB "et de 14" NB "h" NB "à" NB "18" NB "h");
	check(tr_date_format_hours(split, 2, TR_LANG_EN),
	      "9" NB "am" NB "– 12" NB "pm and 2" NB "pm" NB "– 6" NB "pm");

	/* the same weekday twice: the day number tells them apart */
	tr_session weeks[] = { sess(2024, 6, 1, 540, 720), sess(2024, 6, 8, 600, 720) };
	check(tr_date_format_hours(weeks, 2, TR_LANG_FR),
	      "samedi 1er de 9" NB "h" NB "à" NB "12" NB "h, samedi 8 de 10" NB "h" NB "à" NB "12" NB "h");
}

/* Several sessions a day, several days: read as one would say it (#8). */
static void test_hours_several(void)
{
	/* the hospital general assembly, held twice to catch both shifts */
	tr_session ag[] = { sess(2025, 6, 10, 420, -1), sess(2025, 6, 10, 840, -1) };
	check(tr_date_format_when(ag, 2, TR_LANG_FR),
	      "mardi 10" NB "juin 2025, à" NB "7" NB "h" NB "et à" NB "14" NB "h");
	check(tr_date_format_when(ag, 2, TR_LANG_EN),
	      "Tuesday 10" NB "June 2025, 7" NB "am and 2" NB "pm");
	/* the same two sessions on two days: said once */
	tr_session two[] = { sess(2025, 6, 10, 420, 480), sess(2025, 6, 10, 840, 900),
		             sess(2025, 6, 11, 420, 480), sess(2025, 6, 11, 840, 900) };
	check(tr_date_format_when(two, 4, TR_LANG_FR),
	      "mardi 10 et mercredi 11" NB "juin 2025, de 7" NB "h" NB "à" NB "8" NB "h"
	      NB "et de 14" NB "h" NB "à" NB "15" NB "h");
	check(tr_date_format_when(two, 4, TR_LANG_EN),
	      "Tuesday 10 and Wednesday 11" NB "June 2025, 7" NB "am" NB "– 8" NB "am and "
	      "2" NB "pm" NB "– 3" NB "pm");
	/* other hours the second day: each day says its own */
	tr_session other[] = { sess(2025, 6, 10, 420, -1), sess(2025, 6, 10, 840, -1),
		               sess(2025, 6, 11, 600, -1) };
	check(tr_date_format_hours(other, 3, TR_LANG_FR),
	      "mardi à" NB "7" NB "h" NB "et à" NB "14" NB "h, mercredi à" NB "10" NB "h");
	check(tr_date_format_hours(other, 3, TR_LANG_EN),
	      "Tuesday 7" NB "am and 2" NB "pm, Wednesday 10" NB "am");
	/* a day without hours among days with hours is left out */
	tr_session gap[] = { sess(2025, 6, 10, -1, -1), sess(2025, 6, 11, 600, 720) };
	check(tr_date_format_hours(gap, 2, TR_LANG_FR),
	      "mercredi de 10" NB "h" NB "à" NB "12" NB "h");
}

/* A time the organisers marked as uncertain is printed as such. */
static void test_hours_tbc(void)
{
	tr_session one[] = { tbc(2025, 6, 10, 840, -1) };
	check(tr_date_format_when(one, 1, TR_LANG_FR),
	      "mardi 10" NB "juin 2025, à" NB "14" NB "h" NB "(horaire à" NB "confirmer)");
	check(tr_date_format_when(one, 1, TR_LANG_EN),
	      "Tuesday 10" NB "June 2025, 2" NB "pm (time to be confirmed)");
	tr_session none[] = { tbc(2025, 6, 10, -1, -1) };
	check(tr_date_format_when(none, 1, TR_LANG_FR),
	      "mardi 10" NB "juin 2025, horaire à" NB "confirmer");
	check(tr_date_format_hours(none, 1, TR_LANG_EN), "time to be confirmed");
	tr_session mixed[] = { sess(2025, 6, 10, 420, -1), tbc(2025, 6, 10, 840, -1) };
	check(tr_date_format_hours(mixed, 2, TR_LANG_FR),
	      "à" NB "7" NB "h" NB "et à" NB "14" NB "h" NB "(horaire à" NB "confirmer)");
	g_assert_cmpstr(tr_date_tbc(TR_LANG_FR), ==, "horaire à confirmer");
	g_assert_cmpstr(tr_date_tbc(TR_LANG_EN), ==, "time to be confirmed");
}

static void test_when(void)
{
	tr_session one[] = { sess(2017, 10, 3, 510, 1050) };
	check(tr_date_format_when(one, 1, TR_LANG_FR),
	      "mardi 3" NB "octobre 2017, de 8" NB "h" NB "30 à" NB "17" NB "h" NB "30");
	check(tr_date_format_when(one, 1, TR_LANG_EN),
	      "Tuesday 3" NB "October 2017, 8:30" NB "am" NB "– 5:30" NB "pm");

	tr_session no_time[] = { sess(2024, 5, 25, -1, -1), sess(2024, 5, 26, -1, -1) };
	check(tr_date_format_when(no_time, 2, TR_LANG_FR),
	      "samedi 25 et dimanche 26" NB "mai 2024");

	tr_session evening[] = { sess(2024, 3, 8, 1140, -1) };
	check(tr_date_format_when(evening, 1, TR_LANG_FR), "vendredi 8" NB "mars 2024, à" NB "19" NB "h");
}

/* The typo pass must leave formatted dates as they are: they are already right. */
static void test_typo_stable(void)
{
	tr_session s[] = { sess(2024, 5, 31, 510, 1050), sess(2024, 6, 1, 540, -1) };
	for (int lang = 0; lang < TR_LANG__MAX; lang++) {
		char *when = tr_date_format_when(s, 2, (tr_lang)lang);
		char *t = tr_typo_apply(when, (tr_lang)lang);
		g_assert_cmpstr(t, ==, when);
		g_free(t);
		g_free(when);
	}
	tr_session one[] = { sess(2017, 10, 3, 510, 1050) };
	char *when = tr_date_format_when(one, 1, TR_LANG_FR);
	char *t = tr_typo_apply(when, TR_LANG_FR);
	g_assert_cmpstr(t, ==, when);
	g_free(t);
	g_free(when);
}

/* Day numbers: 1970-01-01 is 0, and every day of 1900..2999 round-trips with
 * the weekday it must have. */
static void test_day_numbers(void)
{
	g_assert_cmpint(tr_date_to_days(1970, 1, 1), ==, 0);
	g_assert_cmpint(tr_date_to_days(2017, 10, 3), ==, 17442);
	g_assert_cmpint(tr_date_to_days(1900, 1, 1), ==, -25567);
	g_assert_cmpint(tr_date_to_days(2000, 3, 1) - tr_date_to_days(2000, 2, 28), ==, 2);
	for (long n = tr_date_to_days(1900, 1, 1); n <= tr_date_to_days(2999, 12, 31); n++) {
		int y, m, d;
		tr_date_from_days(n, &y, &m, &d);
		g_assert_true(tr_date_valid(y, m, d));
		g_assert_cmpint(tr_date_to_days(y, m, d), ==, n);
		g_assert_cmpint(tr_date_weekday(y, m, d), ==, ((n % 7) + 7 + 3) % 7); /* a Thursday */
	}
}

static void test_easter(void)
{
	static const int known[][3] = {
		{ 1943, 4, 25 }, { 2000, 4, 23 }, { 2008, 3, 23 }, { 2017, 4, 16 },
		{ 2019, 4, 21 }, { 2024, 3, 31 }, { 2025, 4, 20 }, { 2026, 4, 5 },
		{ 2038, 4, 25 }, { 2285, 3, 22 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
		int m, d;
		tr_date_easter(known[i][0], &m, &d);
		g_assert_cmpint(m, ==, known[i][1]);
		g_assert_cmpint(d, ==, known[i][2]);
	}
	/* Always a Sunday, between 22 March and 25 April. */
	for (int y = 1900; y <= 2999; y++) {
		int m, d;
		tr_date_easter(y, &m, &d);
		g_assert_cmpint(tr_date_weekday(y, m, d), ==, 6);
		g_assert_true((m == 3 && d >= 22) || (m == 4 && d <= 25));
	}
}

static void test_holidays(void)
{
	bool regional = true;
	g_assert_cmpstr(tr_date_holiday_fr(2017, 7, 14, &regional), ==, "fête nationale");
	g_assert_false(regional);
	g_assert_cmpstr(tr_date_holiday_fr(2024, 4, 1, NULL), ==, "lundi de Pâques");
	g_assert_cmpstr(tr_date_holiday_fr(2024, 5, 9, NULL), ==, "Ascension");
	g_assert_cmpstr(tr_date_holiday_fr(2024, 5, 20, NULL), ==, "lundi de Pentecôte");
	g_assert_cmpstr(tr_date_holiday_fr(2024, 5, 1, NULL), ==, "fête du Travail");
	g_assert_cmpstr(tr_date_holiday_fr(2026, 11, 11, NULL), ==, "Armistice 1918");
	g_assert_cmpstr(tr_date_holiday_fr(2024, 3, 29, &regional), ==, "Vendredi saint");
	g_assert_true(regional);
	g_assert_null(tr_date_holiday_fr(2017, 10, 3, NULL));
	g_assert_null(tr_date_holiday_fr(2024, 5, 25, NULL));
	/* 13 national holidays a year (two of them Sundays: Easter and Pentecost),
	 * 12 days when Ascension falls on 1 or 8 May, as in 2008. */
	for (int y = 2000; y <= 2040; y++) {
		int national = 0;
		for (long n = tr_date_to_days(y, 1, 1); n <= tr_date_to_days(y, 12, 31); n++) {
			int yy, m, d;
			tr_date_from_days(n, &yy, &m, &d);
			if (tr_date_holiday_fr(yy, m, d, &regional) && !regional)
				national++;
		}
		int am, ad;
		tr_date_easter(y, &am, &ad);
		int ay, amo, ada;
		tr_date_from_days(tr_date_to_days(y, am, ad) + 39, &ay, &amo, &ada);
		g_assert_cmpint(national, ==, (amo == 5 && (ada == 1 || ada == 8)) ? 12 : 13);
	}
}

static void test_names(void)
{
	g_assert_cmpstr(tr_date_weekday_name(6, TR_LANG_FR), ==, "dimanche");
	g_assert_cmpstr(tr_date_weekday_name(1, TR_LANG_EN), ==, "Tuesday");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dates/valid", test_valid);
	g_test_add_func("/dates/weekday", test_weekday);
	g_test_add_func("/dates/date-parse", test_date_parse);
	g_test_add_func("/dates/time-parse", test_time_parse);
	g_test_add_func("/dates/day-fr", test_day_fr);
	g_test_add_func("/dates/day-en", test_day_en);
	g_test_add_func("/dates/days", test_days);
	g_test_add_func("/dates/time-format", test_time_format);
	g_test_add_func("/dates/hours", test_hours);
	g_test_add_func("/dates/when", test_when);
	g_test_add_func("/dates/hours-several", test_hours_several);
	g_test_add_func("/dates/hours-tbc", test_hours_tbc);
	g_test_add_func("/dates/typo-stable", test_typo_stable);
	g_test_add_func("/dates/day-numbers", test_day_numbers);
	g_test_add_func("/dates/easter", test_easter);
	g_test_add_func("/dates/holidays", test_holidays);
	g_test_add_func("/dates/names", test_names);
	return g_test_run();
}
