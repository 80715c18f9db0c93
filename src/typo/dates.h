/* dates.h — dates and times written as data, formatted in the content's language. */
#ifndef TR_TYPO_DATES_H
#define TR_TYPO_DATES_H

#include <stdbool.h>
#include <stddef.h>

#include "model/event.h"

/* True when year-month-day is a real calendar date (year 1900..2999). */
bool tr_date_valid(int year, int month, int day);

/* Day of the week, 0 = Monday … 6 = Sunday. The date must be valid. */
int tr_date_weekday(int year, int month, int day);

/* The weekday a word names, 0 = Monday … 6 = Sunday, in either language and
 * any case ("mardi", "Tuesday", "SAMEDI"); -1 when it names none. The word is
 * len bytes of UTF-8. */
int tr_date_weekday_of(const char *word, size_t len);

/* The month a word names, 1 … 12, in either language and any case ("octobre",
 * "October", "AOÛT"); 0 when it names none. */
int tr_date_month_of(const char *word, size_t len);

/* Days from 1970-01-01 to a valid date (negative before it), for arithmetic on
 * dates: the difference of two day numbers is the number of days between them. */
long tr_date_to_days(int year, int month, int day);

/* The date of a day number (the inverse of tr_date_to_days). */
void tr_date_from_days(long days, int *year, int *month, int *day);

/* Easter Sunday of a year of the Gregorian calendar. */
void tr_date_easter(int year, int *month, int *day);

/* The French public holiday on a date, by its French name ("lundi de Pâques",
 * "fête nationale"), or NULL. Easter and Whit Monday, Ascension come from
 * Easter; *regional (may be NULL) is set when only Alsace and Moselle keep it
 * (Good Friday, 26 December). */
const char *tr_date_holiday_fr(int year, int month, int day, bool *regional);

/* The name of a weekday (0 = Monday) in a language: "mardi", "Tuesday". */
const char *tr_date_weekday_name(int weekday, tr_lang lang);

/* The name of a weekday (0 = Monday) in the language of the messages
 * (gettext), not the content's: "Tuesday", "mardi" when messages are in
 * French. For the words of a diagnostic ("2017-10-03 is a Tuesday"); static. */
const char *tr_date_weekday_msg(int weekday);

/* The name of a month (1 … 12) in the language of the messages (static). */
const char *tr_date_month_msg(int month);

/* Days in a month (1 … 12) of the Gregorian calendar: 28 to 31. */
int tr_date_days_in_month(int year, int month);

/* Parses "YYYY-MM-DD" strictly. Returns false if malformed or not a real date. */
bool tr_date_parse(const char *s, int *year, int *month, int *day);

/* Parses "HH:MM" (also "H:MM", "8h30", "8h", "8 h 30") into minutes since midnight,
 * 0..1439. Returns false if malformed or out of range (25:00, 12:60). */
bool tr_time_parse(const char *s, int *minutes);

/* The day of a date: fr "mardi 3 octobre 2017" (1er for the first of the month),
 * en "Tuesday 3 October 2017". with_year false drops the year. g_free() it. */
char *tr_date_format_day(int year, int month, int day, bool with_year, tr_lang lang);

/* The days of the sessions, read naturally:
 *   fr: "mardi 3 octobre 2017"; "samedi 25 et dimanche 26 mai 2024";
 *       "vendredi 31 mai et samedi 1er juin 2024"; "lundi 3, mardi 4 et mercredi 5 juin 2024";
 *       days in different years keep both years;
 *   en: "Tuesday 3 October 2017"; "Saturday 25 and Sunday 26 May 2024"; …
 * n >= 1. g_free() it. */
char *tr_date_format_days(const tr_session *s, size_t n, tr_lang lang);

/* A time: fr "8 h 30", "9 h"; en "8:30 am", "9 am", "12 noon" is "12 pm". g_free() it. */
char *tr_time_format(int minutes, tr_lang lang);

/* A programme item's time: "9 h" or, with an end, "9 h – 11 h" (en "9 am –
 * 11 am"), never broken at a line end. end < 0: no end. g_free() it. */
char *tr_time_format_range(int start, int end, tr_lang lang);

/* The hours of the sessions, or NULL when no session has a time (or a time
 * to be confirmed):
 *   fr: "de 8 h 30 à 17 h 30"; "à 19 h" (no end); several sessions a day: "à 7 h
 *       et à 14 h"; the same hours every day are said once; when the days'
 *       hours differ: "samedi de 9 h à 18 h, dimanche de 10 h à 16 h";
 *       a time to be confirmed: "à 14 h (horaire à confirmer)", or
 *       "horaire à confirmer" without a time;
 *   en: "8:30 am – 5:30 pm"; "7 pm"; "7 am and 2 pm";
 *       "Saturday 9 am – 6 pm, Sunday 10 am – 4 pm"; "(time to be confirmed)".
 * The sessions are in date order, those of one day next to each other.
 * g_free() it. */
char *tr_date_format_hours(const tr_session *s, size_t n, tr_lang lang);

/* "horaire à confirmer" / "time to be confirmed": what a time the organisers
 * marked as uncertain prints (static). */
const char *tr_date_tbc(tr_lang lang);

/* Day and hours in one phrase: fr "mardi 3 octobre 2017, de 8 h 30 à 17 h 30";
 * en "Tuesday 3 October 2017, 8:30 am – 5:30 pm". g_free() it. */
char *tr_date_format_when(const tr_session *s, size_t n, tr_lang lang);

#endif
