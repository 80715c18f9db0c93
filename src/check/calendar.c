/* calendar.c — the event's days against the calendar: an event already over
 * (a warning: the wrong file, or last year's tract), a session on a Sunday or
 * on a French public holiday (notes: often on purpose, but worth a second
 * look; a content that means it says so with `check: { ignore: [sunday] }`).
 */
#include "check/finding.h"
#include "typo/dates.h"
#include "i18n.h"

void tr_check_calendar(tr_findings *f, long today)
{
	const tr_event *ev = f->ev;
	const tr_session *last = &ev->sessions[ev->n_sessions - 1];
	long end = tr_date_to_days(last->year, last->month, last->day);
	if (end < today) {
		int y, m, d;
		tr_date_from_days(today, &y, &m, &d);
		long n = today - end;
		tr_findings_add(f, TR_FIND_PAST, last->pos,
		                ev->n_sessions > 1
		                        ? NG_("the event is over: its last day, %04d-%02d-%02d, is %ld "
		                              "day before today (%04d-%02d-%02d)",
		                              "the event is over: its last day, %04d-%02d-%02d, is %ld "
		                              "days before today (%04d-%02d-%02d)", n)
		                        : NG_("the event is over: its only day, %04d-%02d-%02d, is %ld "
		                              "day before today (%04d-%02d-%02d)",
		                              "the event is over: its only day, %04d-%02d-%02d, is %ld "
		                              "days before today (%04d-%02d-%02d)", n),
		                last->year, last->month, last->day, n, y, m, d);
	}
	for (size_t i = 0; i < ev->n_sessions; i++) {
		const tr_session *s = &ev->sessions[i];
		bool regional = false;
		const char *holiday = ev->lang == TR_LANG_FR
			                      ? tr_date_holiday_fr(s->year, s->month, s->day, &regional)
			                      : NULL;
		const char *wd = tr_date_weekday_msg(tr_date_weekday(s->year, s->month, s->day));
		if (holiday)
			tr_findings_add(f, TR_FIND_HOLIDAY, s->pos,
			                regional ? _("%04d-%02d-%02d is a public holiday in Alsace and "
			                             "Moselle: %s (a %s)")
			                         : _("%04d-%02d-%02d is a public holiday: %s (a %s)"),
			                s->year, s->month, s->day, holiday, wd);
		else if (tr_date_weekday(s->year, s->month, s->day) == 6)
			tr_findings_add(f, TR_FIND_SUNDAY, s->pos, _("%04d-%02d-%02d is a Sunday"),
			                s->year, s->month, s->day);
	}
}
