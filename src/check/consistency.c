/* consistency.c — what the free texts say against what the data says.
 *
 * The sessions and the organiser are data, written once; the texts (kicker,
 * title, subtitle, admission, quote, teaser, body, note) repeat them in words,
 * and a copy-and-paste slip there is exactly what ends up on 500 tracts:
 *   - times: "8h30", "8 h 30", "17h", "8:30", "5pm", "5:30 p.m.", "midi", and
 *     ranges of them ("de 8h30 à 17h00", "9h-12h", "6:30 – 8:30 pm"). A range
 *     is right when it is a session's or a programme item's hours, or lies
 *     inside a session's without sharing a bound with it; sharing one bound
 *     and not the other is the seed's slip ("de 8h30 à 17h00" for a session
 *     from 08:30 to 17:30). A lone time must be a session's or programme
 *     item's, or fall inside a session. Durations ("1h30 de débat") are not
 *     times;
 *   - dates: "3 octobre", "mardi 3 octobre 2017", "samedi 25 et dimanche 26
 *     mai", "October 3", "Tuesday 3rd October": the weekday must be the date's,
 *     and a date within a month of the event must be one of its days, unless a
 *     word says it is another ("avant le 10 mai", "until", "dernier");
 *   - a weekday alone ("le samedi après-midi") must be the weekday of a session;
 *   - a phone number or an e-mail address must be the organiser's.
 */
#include <stdlib.h>
#include <string.h>

#include "check/finding.h"
#include "typo/dates.h"
#include "i18n.h"

/* A date further than this from every session, and not a session's day in
 * another month or year, is a reference to another day (a deadline, a past
 * strike), not a slip. */
#define NEAR_DAYS 7

typedef struct {
	const char *text;
	GArray *toks;
	bool *in_date;   /* per token: part of a date ("mardi 3 octobre") */
	bool *elsewhere; /* per token: in a sentence about another day than the event's */
} scan;

static const tr_token *tok(const scan *s, size_t k)
{
	return k < s->toks->len ? &g_array_index(s->toks, tr_token, k) : NULL;
}

static bool is(const scan *s, size_t k, const char *w)
{
	return tr_token_is(s->text, s->toks, k, w);
}

/* True when token k is glued to the one before it (no space between). */
static bool glued(const scan *s, size_t k)
{
	const tr_token *t = tok(s, k);
	return t && !t->space_before;
}

/* True when token k is one of the words (NULL-terminated). */
static bool is_any(const scan *s, size_t k, const char *const *words)
{
	for (; *words; words++)
		if (is(s, k, *words))
			return true;
	return false;
}

static bool is_kind(const scan *s, size_t k, tr_tok_kind kind)
{
	const tr_token *t = tok(s, k);
	return t && t->kind == kind;
}

/* True when token k ends a sentence (or a clause that stands alone). */
static bool ends_sentence(const scan *s, size_t k)
{
	return is(s, k, ".") || is(s, k, "!") || is(s, k, "?") || is(s, k, ";") || is(s, k, "…");
}

/* The tokens [*a, *b] of the sentence holding token k; a line break ends one
 * too (a title, a list line). */
static void sentence_of(const scan *s, size_t k, size_t *a, size_t *b)
{
	*a = k;
	while (*a > 0 && !ends_sentence(s, *a - 1) && !tok(s, *a)->line_before)
		(*a)--;
	*b = k;
	while (*b + 1 < s->toks->len && !ends_sentence(s, *b) && !tok(s, *b + 1)->line_before)
		(*b)++;
}

/* True when one of words is in the sentence of token k, before it and at most
 * `reach` tokens away ("inscription avant le 20 septembre", "no later than 12
 * noon on Monday 22nd of January"). */
static bool said_before(const scan *s, size_t k, const char *const *words, size_t reach)
{
	size_t a, b;
	sentence_of(s, k, &a, &b);
	for (size_t j = k; j > a && k - j < reach; j--)
		if (is_any(s, j - 1, words))
			return true;
	return false;
}

/* True when one of words is anywhere in the sentence of token k. */
static bool in_sentence(const scan *s, size_t k, const char *const *words)
{
	size_t a, b;
	sentence_of(s, k, &a, &b);
	for (size_t j = a; j <= b; j++)
		if (is_any(s, j, words))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Times */

/* A time found in a text: tokens [first, last], one or two readings (an English
 * "6:30" without am or pm may be 06:30 or 18:30). */
typedef struct {
	size_t first, last;
	int minutes[2];
	int n;
} found_time;

/* Reads "am", "pm", "a.m.", "p.m." at token k; returns the number of tokens
 * (0 if none), *pm set for pm. */
static size_t meridiem(const scan *s, size_t k, bool *pm)
{
	if (is(s, k, "am") || is(s, k, "pm")) {
		*pm = is(s, k, "pm");
		return 1;
	}
	if ((is(s, k, "a") || is(s, k, "p")) && is(s, k + 1, ".") && glued(s, k + 1) &&
	    is(s, k + 2, "m") && glued(s, k + 2)) {
		*pm = is(s, k, "p");
		return is(s, k + 3, ".") && glued(s, k + 3) ? 4 : 3;
	}
	return 0;
}

/* Two digits of minutes at token k. */
static int minutes_at(const scan *s, size_t k)
{
	const tr_token *t = tok(s, k);
	if (!t || t->kind != TR_TOK_NUMBER || t->end - t->start != 2)
		return -1;
	long m = tr_token_number(s->text, t);
	return m <= 59 ? (int)m : -1;
}

/* Reads a time starting at token k into *out. */
static bool time_at(const scan *s, size_t k, tr_lang lang, found_time *out)
{
	const tr_token *t = tok(s, k);
	if (!t)
		return false;
	*out = (found_time){ k, k, { -1, -1 }, 0 };
	if (t->kind == TR_TOK_WORD) {
		if (is(s, k, "midi") || is(s, k, "noon") || is(s, k, "midday"))
			out->minutes[out->n++] = 12 * 60;
		else if (is(s, k, "minuit") || is(s, k, "midnight"))
			out->minutes[out->n++] = 0;
		return out->n > 0;
	}
	if (t->kind != TR_TOK_NUMBER || t->end - t->start > 2)
		return false;
	/* Not the end of a longer number: "1.5", "2017:", "10/12". */
	if (k > 0 && glued(s, k) &&
	    (is_kind(s, k - 1, TR_TOK_NUMBER) || is_kind(s, k - 1, TR_TOK_WORD) ||
	     is(s, k - 1, ".") || is(s, k - 1, ",") || is(s, k - 1, ":") || is(s, k - 1, "/")))
		return false;
	int h = (int)tr_token_number(s->text, t), m = 0;
	size_t j = k + 1;
	bool pm = false, has_meridiem = false, colon = false;
	if (is(s, j, "h") && (glued(s, j) || !is_kind(s, j + 1, TR_TOK_WORD))) {
		/* 8h30, 8 h 30, 17h, 17 h */
		j++;
		if (minutes_at(s, j) >= 0 && (glued(s, j) || tok(s, j)->space_before)) {
			m = minutes_at(s, j);
			j++;
		}
	} else if ((is(s, j, ":") || is(s, j, ".")) && glued(s, j) && minutes_at(s, j + 1) >= 0 &&
	           glued(s, j + 1)) {
		/* 8:30, 8.30 (with am or pm only) */
		colon = is(s, j, ":");
		m = minutes_at(s, j + 1);
		j += 2;
		size_t n = meridiem(s, j, &pm);
		if (n) {
			has_meridiem = true;
			j += n;
		} else if (!colon) {
			return false;
		}
	} else {
		size_t n = meridiem(s, j, &pm);
		if (!n)
			return false;
		has_meridiem = true;
		j += n;
	}
	/* Nothing glued after it: "24h/24", "8h30x". */
	if (glued(s, j) && (is_kind(s, j, TR_TOK_WORD) || is_kind(s, j, TR_TOK_NUMBER) ||
	                    is(s, j, "/")))
		return false;
	out->last = j - 1;
	if (has_meridiem) {
		if (h < 1 || h > 12)
			return false;
		out->minutes[out->n++] = (h % 12 + (pm ? 12 : 0)) * 60 + m;
	} else {
		if (h > 23)
			return false;
		out->minutes[out->n++] = h * 60 + m;
		if (colon && lang == TR_LANG_EN && h >= 1 && h <= 12)
			out->minutes[out->n++] = (h % 12 + 12) * 60 + m;
	}
	return true;
}

/* Words before a number of hours that make it a duration. */
static const char *const duration_before[] = {
	"en", "pendant", "durant", "environ", "depuis", "for", "during", "about", "within", NULL
};
/* Words after it that do too ("1h30 de débat"). */
static const char *const duration_after[] = { "de", "d", "of", NULL };
/* Between the two times of a range. */
static const char *const range_words[] = { "à", "to", "until", "till", "-", "–", "—", NULL };

/* The session hours as written in the data: "08:30 to 17:30", "19:00". */
static char *hours_of(const tr_session *se)
{
	if (se->end >= 0)
		return g_strdup_printf(_("%02d:%02d to %02d:%02d"), se->start / 60, se->start % 60,
		                       se->end / 60, se->end % 60);
	return g_strdup_printf("%02d:%02d", se->start / 60, se->start % 60);
}

static void note_session(tr_findings *f, const tr_session *se)
{
	char *h = hours_of(se);
	tr_findings_note(f, se->pos, _("the session: %04d-%02d-%02d, %s"), se->year, se->month,
	                 se->day, h);
	g_free(h);
}

/* True when minute t is inside session se's hours (its end included; a session
 * without an end goes on until midnight). */
static bool inside(const tr_session *se, int t)
{
	return se->start >= 0 && t >= se->start && t <= (se->end >= 0 ? se->end : 24 * 60);
}

/* True when t is a bound of a session or of a programme item. */
static bool is_bound(const tr_event *ev, int t)
{
	for (size_t i = 0; i < ev->n_sessions; i++)
		if (ev->sessions[i].start == t || ev->sessions[i].end == t)
			return true;
	for (size_t i = 0; i < ev->n_programme; i++)
		if (ev->programme[i].time == t || ev->programme[i].end == t)
			return true;
	return false;
}

/* True when [a, b] is a session's or a programme item's hours. */
static bool is_hours(const tr_event *ev, int a, int b)
{
	for (size_t i = 0; i < ev->n_sessions; i++)
		if (ev->sessions[i].start == a && ev->sessions[i].end == b)
			return true;
	for (size_t i = 0; i < ev->n_programme; i++)
		if (ev->programme[i].time == a && ev->programme[i].end == b)
			return true;
	return false;
}

static bool inside_any(const tr_event *ev, int t)
{
	for (size_t i = 0; i < ev->n_sessions; i++)
		if (inside(&ev->sessions[i], t))
			return true;
	return false;
}

/* The first session with hours. */
static const tr_session *timed_session(const tr_event *ev)
{
	for (size_t i = 0; i < ev->n_sessions; i++)
		if (ev->sessions[i].start >= 0)
			return &ev->sessions[i];
	return NULL;
}

static char *span_text(const scan *s, size_t first, size_t last)
{
	const tr_token *a = tok(s, first), *b = tok(s, last);
	return g_strndup(s->text + a->start, b->end - a->start);
}

/* Words of what comes before an event starts: a time for them may be earlier
 * than its start ("Accueil dès 8h", "refreshments from 5pm", "des cars
 * partent à 13 h" for a march at 14 h). */
static const char *const welcome_words[] = {
	"accueil", "ouverture", "portes", "café", "petit", "buffet", "repas", "inscription",
	"inscriptions", "émargement", "car", "cars", "autocar", "autocars", "bus", "navette",
	"navettes", "covoiturage", "départ", "départs", "welcome", "doors", "registration",
	"refreshments", "catering", "coffee", "tea", "arrival", "coach", "coaches", "minibus",
	"departure", "departures", NULL
};
/* How long before a session's start a welcome may be. */
#define WELCOME_MINUTES 120

/* True when t is in the WELCOME_MINUTES before a session's start. */
static bool before_start(const tr_event *ev, int t)
{
	for (size_t i = 0; i < ev->n_sessions; i++) {
		const tr_session *se = &ev->sessions[i];
		if (se->start >= 0 && t < se->start && se->start - t <= WELCOME_MINUTES)
			return true;
	}
	return false;
}

/* Reports tokens [first, last] of a text, a time or a range, as outside the
 * hours of the sessions. */
static void report_outside(tr_findings *f, const tr_check_text *ct, const scan *s,
                           size_t first, size_t last)
{
	const tr_session *se = timed_session(f->ev);
	char *said = span_text(s, first, last);
	char *h = hours_of(se);
	tr_findings_add(f, TR_FIND_TIME, tr_text_pos(ct->t, tok(s, first)->start),
	                _("\"%s\" is outside the hours of the sessions (%s)"), said, h);
	note_session(f, se);
	g_free(h);
	g_free(said);
}

/* A range that shares one bound with a session and misses the other by this
 * much or less is a slip (the seed's "de 8h30 à 17h00" for 08:30 to 17:30); by
 * more, it is a part of the day ("de 9h à 12h"). */
#define NEAR_MINUTES 90

/* Whether the range [x, y] agrees with the sessions: a session's or programme
 * item's hours, or a part of a session that is not a near miss of it. */
static bool range_ok(const tr_event *ev, int x, int y)
{
	if (is_hours(ev, x, y))
		return true;
	for (size_t k = 0; k < ev->n_sessions; k++) {
		const tr_session *se = &ev->sessions[k];
		if (!inside(se, x) || !inside(se, y))
			continue;
		bool slip = (se->start == x && se->end >= 0 && abs(y - se->end) <= NEAR_MINUTES) ||
		            (se->end >= 0 && se->end == y && abs(x - se->start) <= NEAR_MINUTES);
		if (!slip)
			return true;
	}
	return false;
}

/* Checks a range [a, b] of a text; reports it when no reading of it agrees
 * with the sessions, naming the wrong bound when the other is a session's. */
static void check_range(tr_findings *f, const tr_check_text *ct, const scan *s,
                        const found_time *a, const found_time *b)
{
	const tr_event *ev = f->ev;
	bool welcome = in_sentence(s, a->first, welcome_words);
	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++)
			if (range_ok(ev, a->minutes[i], b->minutes[j]) ||
			    (welcome && before_start(ev, a->minutes[i]) &&
			     inside_any(ev, b->minutes[j])))
				return;
	char *said = span_text(s, a->first, b->last);
	/* Which bound is wrong: the other is a session's. */
	for (size_t k = 0; k < ev->n_sessions; k++) {
		const tr_session *se = &ev->sessions[k];
		for (int i = 0; i < a->n; i++)
			for (int j = 0; j < b->n; j++) {
				bool same_start = se->start == a->minutes[i];
				bool same_end = se->end >= 0 && se->end == b->minutes[j];
				const found_time *wrong = same_start ? b : a;
				if (same_start == same_end || (same_start && se->end < 0))
					continue;
				char *w = span_text(s, wrong->first, wrong->last);
				int right = same_start ? se->end : se->start;
				tr_findings_add(f, TR_FIND_TIME,
				                tr_text_pos(ct->t, tok(s, wrong->first)->start),
				                same_start ? _("\"%s\": the session ends at %02d:%02d, not %s")
				                           : _("\"%s\": the session starts at %02d:%02d, not %s"),
				                said, right / 60, right % 60, w);
				note_session(f, se);
				g_free(w);
				g_free(said);
				return;
			}
	}
	g_free(said);
	report_outside(f, ct, s, a->first, b->last);
}

static void check_single(tr_findings *f, const tr_check_text *ct, const scan *s,
                         const found_time *t)
{
	const tr_event *ev = f->ev;
	for (int i = 0; i < t->n; i++)
		if (is_bound(ev, t->minutes[i]) || inside_any(ev, t->minutes[i]) ||
		    (before_start(ev, t->minutes[i]) && in_sentence(s, t->first, welcome_words)))
			return;
	/* A duration: "en 2h", "une pause de 2 h" (but "à partir de 14h" is a
	 * time), "1h30 de débat". */
	if ((t->first > 0 && is_any(s, t->first - 1, duration_before)) ||
	    (t->first > 0 && is(s, t->first - 1, "de") &&
	     !(t->first > 1 && is(s, t->first - 2, "partir"))) ||
	    is_any(s, t->last + 1, duration_after))
		return;
	report_outside(f, ct, s, t->first, t->last);
}

static void check_times(tr_findings *f, const tr_check_text *ct, const scan *s)
{
	tr_lang lang = f->ev->lang;
	if (!timed_session(f->ev))
		return;
	for (size_t k = 0; k < s->toks->len; k++) {
		found_time a, b;
		if (s->elsewhere[k] || !time_at(s, k, lang, &a))
			continue;
		/* A range: "de 8h30 à 17h", "9h-12h", "from 6 to 8 pm", "entre 9h et 10h",
		 * "jusqu’à". */
		size_t j = a.last + 1;
		bool between = a.first > 0 && (is(s, a.first - 1, "entre") ||
		                               is(s, a.first - 1, "between"));
		size_t conn = 0;
		if (is_any(s, j, range_words) || (between && (is(s, j, "et") || is(s, j, "and"))))
			conn = 1;
		else if (is(s, j, "jusqu") && is(s, j + 2, "à"))
			conn = 3;
		if (conn && time_at(s, j + conn, lang, &b)) {
			/* "6:30 – 8:30 pm": the first takes the second's am or pm. */
			if (a.n == 2 && b.n == 1 && b.minutes[0] >= 12 * 60) {
				a.n = 1;
				a.minutes[0] = a.minutes[1];
			}
			check_range(f, ct, s, &a, &b);
			k = b.last;
			continue;
		}
		/* "5 – 8 pm" left the first one alone: a number is not a time. */
		check_single(f, ct, s, &a);
		k = a.last;
	}
}

/* ------------------------------------------------------------------ */
/* The programme's times */

/* True when a programme item (its date, if it has one) may be in session se. */
static bool same_day(const tr_prog_item *it, const tr_session *se)
{
	return !it->year ||
	       (it->year == se->year && it->month == se->month && it->day == se->day);
}

/* True when minute t of a programme item fits session se: inside its hours,
 * or up to WELCOME_MINUTES before its start (a welcome, a coach leaving for a
 * rally: tests/content/rassemblement-retraites-macon.yaml leaves 90 minutes
 * before). Nothing after its end: the item would go on after the hours the
 * prints give. */
static bool fits(const tr_session *se, int t)
{
	return se->start >= 0 && t >= se->start - WELCOME_MINUTES &&
	       t <= (se->end >= 0 ? se->end : 24 * 60);
}

/* The timed session of the item's day nearest to minute t, or NULL. */
static const tr_session *nearest_timed(const tr_event *ev, const tr_prog_item *it, int t)
{
	const tr_session *best = NULL;
	int best_dist = G_MAXINT;
	for (size_t i = 0; i < ev->n_sessions; i++) {
		const tr_session *se = &ev->sessions[i];
		if (se->start < 0 || !same_day(it, se))
			continue;
		int dist = t < se->start ? se->start - t
		           : se->end >= 0 && t > se->end ? t - se->end : 0;
		if (dist < best_dist) {
			best = se;
			best_dist = dist;
		}
	}
	return best;
}

/* A programme item's time, or its end, must fit a session of its day. */
static void check_programme(tr_findings *f)
{
	const tr_event *ev = f->ev;
	for (size_t i = 0; i < ev->n_programme; i++) {
		const tr_prog_item *it = &ev->programme[i];
		if (it->time < 0)
			continue;
		bool start_ok = false, end_ok = it->end < 0;
		for (size_t k = 0; k < ev->n_sessions; k++) {
			const tr_session *se = &ev->sessions[k];
			if (!same_day(it, se))
				continue;
			start_ok |= fits(se, it->time);
			end_ok |= it->end >= 0 && fits(se, it->end);
		}
		if (start_ok && end_ok)
			continue;
		int t = start_ok ? it->end : it->time;
		const tr_session *se = nearest_timed(ev, it, t);
		if (!se)
			continue; /* no session of its day has hours */
		char *h = hours_of(se);
		tr_findings_add(f, TR_FIND_PROGRAMME, it->pos,
		                start_ok ? _("the programme item \"%s\" ends at %02d:%02d, after "
		                             "the hours of the sessions (%s)")
		                         : _("the programme item \"%s\" at %02d:%02d is outside "
		                             "the hours of the sessions (%s)"),
		                tr_diag_quote(it->title.text).s, t / 60, t % 60, h);
		note_session(f, se);
		g_free(h);
	}
}

/* ------------------------------------------------------------------ */
/* Dates and weekdays */

/* Words before a date that make it another day than the event's. */
static const char *const other_day_before[] = {
	"avant", "jusqu", "ici", "apres", "depuis", "since", "before", "by", "until", "till",
	"after", "deadline", "limite", "last", "later", NULL
};
static const char *const other_day_after[] = {
	"dernier", "derniere", "precedent", "last", NULL
};
/* Words before a weekday alone that make it a habit, not a day. */
static const char *const habit_before[] = { "chaque", "tous", "every", "each", NULL };
static const char *const ordinal[] = { "er", "re", "e", "eme", "st", "nd", "rd", "th", NULL };
/* Between two days of one month: "25 et 26 mai", "du 25 au 27 mai". */
static const char *const day_list_words[] = {
	",", "et", "and", "&", "-", "–", "au", "to", NULL
};

typedef struct {
	int day;
	int weekday;      /* -1 when none is written */
	size_t tok;       /* the day's number */
	size_t wd_tok;    /* the weekday's token, when there is one */
} found_day;

/* The day of month at token k ("3", "1er", "3rd"): its value and the index of
 * the token after it, or -1. */
static int day_at(const scan *s, size_t k, size_t *after)
{
	const tr_token *t = tok(s, k);
	if (!t || t->kind != TR_TOK_NUMBER || t->end - t->start > 2)
		return -1;
	long d = tr_token_number(s->text, t);
	if (d < 1 || d > 31)
		return -1;
	*after = k + 1;
	if (glued(s, k + 1) && is_any(s, k + 1, ordinal))
		*after = k + 2;
	else if (glued(s, k + 1) && is_kind(s, k + 1, TR_TOK_WORD))
		return -1; /* "3x" */
	return (int)d;
}

static int weekday_at(const scan *s, size_t k)
{
	const tr_token *t = tok(s, k);
	if (!t || t->kind != TR_TOK_WORD)
		return -1;
	return tr_date_weekday_of(s->text + t->start, t->end - t->start);
}

static int month_at(const scan *s, size_t k)
{
	const tr_token *t = tok(s, k);
	if (!t || t->kind != TR_TOK_WORD)
		return 0;
	return tr_date_month_of(s->text + t->start, t->end - t->start);
}

/* The weekday written just before the day at token k ("mardi 3", "Tuesday, 3",
 * "Tuesday the 3rd"): its token, or (size_t)-1. */
static size_t weekday_before(const scan *s, size_t k)
{
	if (k >= 1 && weekday_at(s, k - 1) >= 0)
		return k - 1;
	if (k >= 2 && (is(s, k - 1, ",") || is(s, k - 1, "the")) && weekday_at(s, k - 2) >= 0)
		return k - 2;
	return (size_t)-1;
}

/* A year at token k (1900..2999). */
static int year_at(const scan *s, size_t k)
{
	const tr_token *t = tok(s, k);
	if (!t || t->kind != TR_TOK_NUMBER || t->end - t->start != 4)
		return 0;
	long y = tr_token_number(s->text, t);
	return y >= 1900 && y <= 2999 ? (int)y : 0;
}

/* The distance in days from a date to the nearest session, and that session. */
static long nearest_session(const tr_event *ev, int y, int m, int d, const tr_session **out)
{
	long best = G_MAXLONG, day = tr_date_to_days(y, m, d);
	for (size_t i = 0; i < ev->n_sessions; i++) {
		const tr_session *se = &ev->sessions[i];
		long dist = labs(day - tr_date_to_days(se->year, se->month, se->day));
		if (dist < best) {
			best = dist;
			*out = se;
		}
	}
	return best;
}

/* True when the date is a session's with another month or another year only
 * ("3 novembre", "3 octobre 2016" for 2017-10-03); *out is that session. */
static bool month_or_year_off(const tr_event *ev, int y, int m, int d,
                              const tr_session **out)
{
	for (size_t i = 0; i < ev->n_sessions; i++) {
		const tr_session *se = &ev->sessions[i];
		if (se->day == d && (se->year != y) + (se->month != m) == 1) {
			*out = se;
			return true;
		}
	}
	return false;
}

/* The session a date with a wrong weekday was meant for: one on that weekday
 * near the date written (within NEAR_DAYS, "jeudi 12 mars" for Thursday
 * 2027-03-11), or on the same day of another month or year ("jeudi 11 avril");
 * the nearest, or NULL. */
static const tr_session *meant_session(const tr_event *ev, int y, int m, int d, int weekday)
{
	const tr_session *best = NULL;
	long best_dist = G_MAXLONG, day = tr_date_to_days(y, m, d);
	for (size_t i = 0; i < ev->n_sessions; i++) {
		const tr_session *se = &ev->sessions[i];
		if (tr_date_weekday(se->year, se->month, se->day) != weekday)
			continue;
		long dist = labs(day - tr_date_to_days(se->year, se->month, se->day));
		bool off = se->day == d && (se->year != y) + (se->month != m) == 1;
		if ((dist <= NEAR_DAYS || off) && dist < best_dist) {
			best = se;
			best_dist = dist;
		}
	}
	return best;
}

/* The note at a session: its date and weekday. */
static void note_session_day(tr_findings *f, const tr_session *se)
{
	tr_findings_note(f, se->pos, _("the session: %04d-%02d-%02d, a %s"), se->year,
	                 se->month, se->day,
	                 tr_date_weekday_msg(tr_date_weekday(se->year, se->month, se->day)));
}

/* The year of a date written without one: the year that puts it nearest to a
 * session. */
static int guess_year(const tr_event *ev, int m, int d)
{
	int best_year = ev->sessions[0].year;
	long best = G_MAXLONG;
	for (size_t i = 0; i < ev->n_sessions; i++)
		for (int y = ev->sessions[i].year - 1; y <= ev->sessions[i].year + 1; y++) {
			const tr_session *se;
			if (!tr_date_valid(y, m, d))
				continue;
			long dist = nearest_session(ev, y, m, d, &se);
			if (dist < best) {
				best = dist;
				best_year = y;
			}
		}
	return best_year;
}

/* Checks one day of a date in a text; true when it is one of the event's. */
static bool check_one_date(tr_findings *f, const tr_check_text *ct, const scan *s,
                           const found_day *fd, int month, int year, bool other_day,
                           const char *said)
{
	const tr_event *ev = f->ev;
	int y = year ? year : guess_year(ev, month, fd->day);
	if (!tr_date_valid(y, month, fd->day)) {
		tr_findings_add(f, TR_FIND_DATE, tr_text_pos(ct->t, tok(s, fd->tok)->start),
		                _("\"%s\": there is no such day"), said);
		return true;
	}
	int real = tr_date_weekday(y, month, fd->day);
	const tr_session *se = NULL;
	long dist = nearest_session(ev, y, month, fd->day, &se);
	if (fd->weekday >= 0 && fd->weekday != real) {
		/* The weekday may be the right one, and the day the slip: "jeudi 12
		 * mars" for Thursday 11 March. Then naming the event's date leads to
		 * the right fix, and the date's weekday alone to the wrong one. */
		const tr_session *meant = dist > 0 && !other_day
			                          ? meant_session(ev, y, month, fd->day, fd->weekday)
			                          : NULL;
		tr_pos pos = tr_text_pos(ct->t, tok(s, fd->wd_tok)->start);
		if (meant) {
			tr_findings_add(f, TR_FIND_WEEKDAY, pos,
			                _("\"%s\": the event is on %s %04d-%02d-%02d; "
			                  "%04d-%02d-%02d is a %s"),
			                said, tr_date_weekday_msg(fd->weekday), meant->year,
			                meant->month, meant->day, y, month, fd->day,
			                tr_date_weekday_msg(real));
			note_session_day(f, meant);
		} else {
			tr_findings_add(f, TR_FIND_WEEKDAY, pos,
			                _("\"%s\": %04d-%02d-%02d is a %s, not a %s"), said, y,
			                month, fd->day, tr_date_weekday_msg(real),
			                tr_date_weekday_msg(fd->weekday));
		}
		return true;
	}
	if (dist == 0)
		return true;
	/* Another day on purpose: said so ("avant le"), or written with its own
	 * weekday, right ("ce lundi 3 mai a réuni…"). A slip: a day near the
	 * event, or a session's day in another month or year ("3 novembre",
	 * "3 octobre 2016" for 2017-10-03). */
	if (other_day || fd->weekday >= 0 ||
	    (dist > NEAR_DAYS && !month_or_year_off(ev, y, month, fd->day, &se)))
		return false;
	tr_findings_add(f, TR_FIND_DATE, tr_text_pos(ct->t, tok(s, fd->tok)->start),
	                _("\"%s\": %04d-%02d-%02d is not a date of the event"), said, y, month,
	                fd->day);
	note_session_day(f, se);
	return true;
}

/* Reads the days written before the month at token k ("samedi 25 et dimanche 26
 * mai"), last first. */
static void days_before(const scan *s, size_t k, GArray *days, size_t *first)
{
	size_t j = k; /* the token after the day being read */
	if (j > 0 && is(s, j - 1, "of"))
		j--; /* "22nd of January" */
	for (;;) {
		/* the day whose suffix ends just before j */
		size_t start = (size_t)-1, after = 0;
		for (size_t back = 1; back <= 2 && back <= j; back++) {
			size_t cand = j - back;
			if (day_at(s, cand, &after) > 0 && after == j) {
				start = cand;
				break;
			}
		}
		if (start == (size_t)-1)
			return;
		found_day fd = { day_at(s, start, &after), -1, start, 0 };
		size_t wd = weekday_before(s, start);
		*first = start;
		if (wd != (size_t)-1) {
			fd.weekday = weekday_at(s, wd);
			fd.wd_tok = wd;
			*first = wd;
		}
		g_array_prepend_val(days, fd);
		/* "25 et 26", "du 25 au 27": another day before? */
		size_t before = *first;
		if (before == 0 || !is_any(s, before - 1, day_list_words))
			return;
		j = before - 1;
	}
}

/* Finds the dates of a text and checks each; marks the tokens they use, and the
 * sentences about another day. */
static void check_dates(tr_findings *f, const tr_check_text *ct, const scan *s)
{
	for (size_t k = 0; k < s->toks->len; k++) {
		int month = month_at(s, k);
		if (!month)
			continue;
		GArray *days = g_array_new(FALSE, FALSE, sizeof(found_day));
		size_t first = k, last = k;
		int year = 0;
		days_before(s, k, days, &first);
		if (days->len > 0) {
			/* day first: [weekday] 3 octobre [2017] */
			if ((year = year_at(s, k + 1)))
				last = k + 1;
		} else {
			/* month first: [Tuesday,] October 3[rd][, 2017] */
			size_t after = 0;
			int d = day_at(s, k + 1, &after);
			if (d > 0) {
				found_day fd = { d, -1, k + 1, 0 };
				size_t wd = k >= 1 && weekday_at(s, k - 1) >= 0   ? k - 1
				            : k >= 2 && is(s, k - 1, ",") && weekday_at(s, k - 2) >= 0
				                    ? k - 2
				                    : (size_t)-1;
				if (wd != (size_t)-1) {
					fd.weekday = weekday_at(s, wd);
					fd.wd_tok = wd;
					first = wd;
				}
				g_array_append_val(days, fd);
				last = after - 1;
				size_t y = is(s, after, ",") ? after + 1 : after;
				if ((year = year_at(s, y)))
					last = y;
			}
		}
		if (days->len > 0) {
			bool other = said_before(s, first, other_day_before, 6) ||
			             is_any(s, last + 1, other_day_after);
			bool ours = true;
			char *said = span_text(s, first, last);
			for (guint i = 0; i < days->len; i++)
				ours &= check_one_date(f, ct, s, &g_array_index(days, found_day, i),
				                       month, year, other, said);
			g_free(said);
			for (size_t i = first; i <= last; i++)
				s->in_date[i] = true;
			/* A sentence about another day: its times and weekdays are not
			 * the event's ("no later than 12 noon on Monday 22nd of January"). */
			if (!ours) {
				size_t a, b;
				sentence_of(s, first, &a, &b);
				for (size_t i = a; i <= b; i++)
					s->elsewhere[i] = true;
			}
		}
		g_array_unref(days);
	}
}

/* Words after a weekday that make it a named day ("Vendredi saint", "mardi
 * gras"; "lundi de Pâques" is one too, by its capital). */
static const char *const named_day_after[] = { "saint", "gras", NULL };
/* Words before a weekday that do not make it a named day, though written with a
 * capital at the start of a sentence. */
static const char *const plain_day_before[] = {
	"on", "this", "next", "by", "until", "till", "before", "after", "from", "since",
	"every", "each", "last", "le", "ce", "du", "au", "dès", "des", "jusqu", NULL
};

/* True when the weekday at token k is part of a name: after a capitalised word
 * ("Bank Holiday Monday", "Easter Monday"), before "saint", "gras" or "de" and
 * a capital ("lundi de Pâques"). */
static bool named_day(const scan *s, size_t k)
{
	if (is_any(s, k + 1, named_day_after) ||
	    (is(s, k + 1, "de") && is_kind(s, k + 2, TR_TOK_WORD) &&
	     g_unichar_isupper(g_utf8_get_char(s->text + tok(s, k + 2)->start))))
		return true;
	if (k == 0 || !is_kind(s, k - 1, TR_TOK_WORD) || is_any(s, k - 1, plain_day_before))
		return false;
	return g_unichar_isupper(g_utf8_get_char(s->text + tok(s, k - 1)->start));
}

/* A weekday alone ("le samedi après-midi") must be a session's. */
static void check_weekdays(tr_findings *f, const tr_check_text *ct, const scan *s)
{
	const tr_event *ev = f->ev;
	for (size_t k = 0; k < s->toks->len; k++) {
		int wd = weekday_at(s, k);
		if (wd < 0 || s->in_date[k] || s->elsewhere[k] || named_day(s, k))
			continue;
		if (said_before(s, k, habit_before, 3) || said_before(s, k, other_day_before, 3) ||
		    is_any(s, k + 1, other_day_after))
			continue;
		bool found = false;
		for (size_t i = 0; i < ev->n_sessions && !found; i++)
			found = tr_date_weekday(ev->sessions[i].year, ev->sessions[i].month,
			                        ev->sessions[i].day) == wd;
		if (found)
			continue;
		const tr_session *se = &ev->sessions[0];
		char *said = span_text(s, k, k);
		tr_findings_add(f, TR_FIND_WEEKDAY, tr_text_pos(ct->t, tok(s, k)->start),
		                _("\"%s\": no session is on a %s"), said, tr_date_weekday_msg(wd));
		note_session_day(f, se);
		g_free(said);
	}
}

/* ------------------------------------------------------------------ */
/* Phone numbers and e-mail addresses */

static bool is_phone_sep(gunichar c)
{
	return c == ' ' || c == '.' || c == '-' || c == 0x00A0 || c == 0x202F;
}

/* The digits of a phone number, national form: "+33 1 43…" is "0143…",
 * "+44 113…" "0113…"; other country codes keep their "+". g_free() it. */
static char *phone_key(const char *s, size_t len)
{
	GString *d = g_string_new(NULL);
	for (size_t i = 0; i < len; i++)
		if (g_ascii_isdigit(s[i]))
			g_string_append_c(d, s[i]);
	if (len && s[0] == '+') {
		if (g_str_has_prefix(d->str, "33") || g_str_has_prefix(d->str, "44")) {
			g_string_erase(d, 0, 2);
			g_string_prepend_c(d, '0');
		} else {
			g_string_prepend_c(d, '+');
		}
	}
	return g_string_free(d, FALSE);
}

/* The length of the phone number at p ('+' or '0', 9 to 15 digits in groups of
 * two or more on average, with single spaces, dots or hyphens between the
 * groups), or 0. */
static size_t phone_at(const char *p)
{
	const char *q = p;
	int digits = 0, groups = 1;
	if (*q == '+')
		q++;
	else if (*q != '0')
		return 0;
	const char *end = q;
	while (*q && digits <= 15) {
		if (g_ascii_isdigit(*q)) {
			digits++;
			q++;
			end = q;
			continue;
		}
		gunichar c = g_utf8_get_char(q);
		const char *next = g_utf8_next_char(q);
		if (is_phone_sep(c) && g_ascii_isdigit(*next) && end == q) {
			q = next;
			groups++;
			continue;
		}
		break;
	}
	if (digits < 9 || digits > 15 || groups * 2 > digits + 2 ||
	    g_unichar_isalnum(g_utf8_get_char(end)))
		return 0;
	return (size_t)(end - p);
}

static bool is_mail_char(char c, bool local)
{
	return g_ascii_isalnum(c) || c == '.' || c == '-' ||
	       (local && (c == '_' || c == '+' || c == '%'));
}

static void check_contacts(tr_findings *f, const tr_check_text *ct)
{
	const tr_event *ev = f->ev;
	const char *text = ct->t->text;
	char *org_phone = ev->organiser.phone.text
		                  ? phone_key(ev->organiser.phone.text, strlen(ev->organiser.phone.text))
		                  : NULL;
	for (const char *p = text; *p; p++) {
		bool word_start = p == text || !g_ascii_isalnum(p[-1]);
		size_t n = word_start && org_phone ? phone_at(p) : 0;
		if (n) {
			char *key = phone_key(p, n);
			if (strcmp(key, org_phone) != 0) {
				char *said = g_strndup(p, n);
				tr_findings_add(f, TR_FIND_CONTACT, tr_text_pos(ct->t, (size_t)(p - text)),
				                _("the phone number \"%s\" is not the organiser's (%s)"),
				                tr_diag_quote(said).s, ev->organiser.phone.text);
				tr_findings_note(f, ev->organiser.phone.pos, _("the organiser's phone number"));
				g_free(said);
			}
			g_free(key);
			p += n - 1;
			continue;
		}
		if (*p != '@' || !ev->organiser.email.text)
			continue;
		const char *a = p, *z = p + 1;
		while (a > text && is_mail_char(a[-1], true))
			a--;
		while (*z && is_mail_char(*z, false))
			z++;
		while (z > p + 1 && (z[-1] == '.' || z[-1] == '-'))
			z--;
		if (a == p || !memchr(p + 1, '.', (size_t)(z - p - 1)))
			continue;
		char *said = g_strndup(a, (size_t)(z - a));
		if (g_ascii_strcasecmp(said, ev->organiser.email.text) != 0) {
			tr_findings_add(f, TR_FIND_CONTACT, tr_text_pos(ct->t, (size_t)(a - text)),
			                _("the e-mail address \"%s\" is not the organiser's (%s)"),
			                tr_diag_quote(said).s, ev->organiser.email.text);
			tr_findings_note(f, ev->organiser.email.pos, _("the organiser's e-mail address"));
		}
		g_free(said);
		p = z - 1;
	}
	g_free(org_phone);
}

void tr_check_consistency(tr_findings *f)
{
	GArray *texts = tr_check_texts(f->ev);
	for (guint i = 0; i < texts->len; i++) {
		const tr_check_text *ct = &g_array_index(texts, tr_check_text, i);
		if (!(ct->what & TR_TEXT_PROSE))
			continue;
		scan s = { ct->t->text, tr_tokens(ct->t->text), NULL, NULL };
		s.in_date = g_new0(bool, s.toks->len + 1);
		s.elsewhere = g_new0(bool, s.toks->len + 1);
		check_dates(f, ct, &s);
		check_weekdays(f, ct, &s);
		check_times(f, ct, &s);
		check_contacts(f, ct);
		g_free(s.in_date);
		g_free(s.elsewhere);
		g_array_unref(s.toks);
	}
	g_array_unref(texts);
	check_programme(f);
}
