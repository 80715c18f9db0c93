/* content.c — content files (format version 1, docs/content-format.md) → tr_event.
 *
 * The YAML tree comes from ytree.c, already free of aliases, duplicates and the
 * like. Here we check what each key means. Every field is checked on its own, so
 * one file run reports as many problems as it can; any error makes the load fail.
 */
#include "load/content.h"

#include <stdarg.h>
#include <string.h>

#include "load/ytree.h"
#include "typo/dates.h"
#include "typo/typo.h"

/* After this many errors in one file the loader stops reporting: a file of
 * 100 000 unknown keys would otherwise print 100 000 lines. */
#define MAX_ERRORS 50

/* Lists with a length limit, which keeps every file under 1 MiB fast
 * (docs/robustness.md): 60 000 sessions took 8 s to write out. */
#define MAX_SESSIONS 100
#define MAX_PROGRAMME 200
#define MAX_KEYWORDS 100

typedef struct {
	const char *file;
	tr_diag *d;
	tr_event *ev;
	size_t errors_before; /* errors in d before this file */
	bool gave_up;         /* "too many problems" was said */
} loader;

/* The keys of each mapping, in the order of docs/content-format.md. The texts
 * and lists of the event (quote … keywords) sit at the top level, beside
 * "event:", as the format specifies; "event:" holds what, when and where. */
static const char *const root_keys[] = {
	"version", "lang", "organiser", "event", "quote", "teaser", "body",
	"programme", "note", "keywords", "print_mention", NULL
};
static const char *const organiser_keys[] = {
	"name", "full_name", "phone", "email", "website", NULL
};
static const char *const event_keys[] = {
	"kicker", "title", "subtitle", "sessions", "venue", "admission", NULL
};
static const char *const venue_keys[] = {
	"name", "address", "postcode", "city", NULL
};
static const char *const session_keys[] = { "date", "start", "end", "weekday", NULL };
static const char *const item_keys[] = {
	"time", "end", "date", "title", "speaker", "detail", NULL
};
static const char *const lang_keys[] = { "fr", "en", NULL };

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"
};
/* 0 = Monday, as tr_date_weekday(). */
static const char *const weekday_en[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
};
static const char *const weekday_fr[7] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"
};
/* Both lists in lower case, for matching and suggestions. */
static const char *const weekday_words[] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	NULL
};

static const char *const default_mention[TR_LANG__MAX] = {
	"Imprimé par nos soins — Ne pas jeter sur la voie publique",
	"Printed by volunteers — Please do not litter",
};

/* True when this file has had MAX_ERRORS errors: says so once, then stays true. */
static bool too_many(loader *L)
{
	if (L->gave_up)
		return true;
	if (tr_diag_count(L->d, TR_SEV_ERROR) - L->errors_before < MAX_ERRORS)
		return false;
	tr_diag_add(L->d, TR_SEV_ERROR, L->file, TR_NOPOS,
	            "too many problems; stopping here");
	L->gave_up = true;
	return true;
}

static void G_GNUC_PRINTF(3, 4) error_at(loader *L, tr_pos pos, const char *fmt, ...)
{
	va_list ap;
	if (too_many(L))
		return;
	va_start(ap, fmt);
	tr_diag_addv(L->d, TR_SEV_ERROR, L->file, pos, fmt, ap);
	va_end(ap);
}

static void G_GNUC_PRINTF(3, 4) warn_at(loader *L, tr_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tr_diag_addv(L->d, TR_SEV_WARNING, L->file, pos, fmt, ap);
	va_end(ap);
}

/* Reports a missing required field of the mapping map ("in WHAT" unless what is
 * NULL). When the key is there with an empty value, points at the key. */
static void missing(loader *L, const tr_ynode *map, const char *key, const char *what)
{
	const tr_ynode *k = tr_ynode_key(map, key);
	tr_pos pos = k ? k->pos : map->pos;
	if (what)
		error_at(L, pos, "missing required field \"%s\" in %s", key, what);
	else
		error_at(L, pos, "missing required field \"%s\"", key);
}

/* The text of a scalar as a new string, trimmed, with paragraphs written the same
 * way whatever the YAML style: a blank line between paragraphs becomes "\n\n".
 * In plain, quoted and folded scalars libyaml has already turned each blank line
 * into a single "\n" (and single line breaks into spaces), so "\n" doubles; a
 * literal '|' scalar keeps the user's line breaks as they are. */
static char *scalar_text(const tr_ynode *n)
{
	char *s;
	if (n->style == TR_YSTYLE_BLOCK && !n->folded) {
		s = g_strdup(n->value);
	} else {
		GString *g = g_string_sized_new(n->len + 8);
		for (const char *p = n->value; *p; p++) {
			if (*p == '\n')
				g_string_append_c(g, '\n');
			g_string_append_c(g, *p);
		}
		s = g_string_free(g, FALSE);
	}
	g_strstrip(s);
	/* YAML's null, written on purpose: the field is absent. */
	if (n->style == TR_YSTYLE_PLAIN && (strcmp(s, "~") == 0 || strcmp(s, "null") == 0))
		s[0] = '\0';
	return s;
}

/* The scalar under key in map, or NULL when absent; a list or mapping there is
 * reported ("expected text for …") and gives NULL too. */
static const tr_ynode *get_scalar(loader *L, const tr_ynode *map, const char *key)
{
	const tr_ynode *n = tr_ynode_get(map, key);
	if (n && n->kind != TR_YNODE_SCALAR) {
		error_at(L, n->pos, "expected text for \"%s\", found a %s", key,
		         tr_ynode_kind_name(n));
		return NULL;
	}
	return n;
}

/* Reads the text field key of map into out. Returns true when out was set.
 * A present but empty text is absent; absent required texts are errors. */
static bool get_text(loader *L, const tr_ynode *map, const char *key, const char *what,
                     bool required, tr_text *out)
{
	const tr_ynode *n = tr_ynode_get(map, key);
	char *s;
	if (!n) {
		if (required)
			missing(L, map, key, what);
		return false;
	}
	if (!(n = get_scalar(L, map, key)))
		return false;
	s = scalar_text(n);
	if (!tr_typo_has_ink(s)) { /* nothing visible: as good as empty */
		g_free(s);
		if (required)
			missing(L, map, key, what);
		return false;
	}
	out->text = s;
	out->pos = n->pos;
	return true;
}

/* The mapping under key, or NULL (missing is reported when required; a value of
 * another kind is always reported). */
static const tr_ynode *get_map(loader *L, const tr_ynode *map, const char *key,
                               const char *what, bool required)
{
	const tr_ynode *n = tr_ynode_get(map, key);
	if (!n || (n->kind == TR_YNODE_SCALAR && n->value[0] == '\0')) {
		if (required)
			missing(L, map, key, what);
		return NULL;
	}
	if (n->kind != TR_YNODE_MAP) {
		error_at(L, n->pos, "\"%s\" must be a mapping (keys indented under it), "
		         "not %s", key, n->kind == TR_YNODE_SEQ ? "a list" : "text");
		return NULL;
	}
	return n;
}

/* Checks the keys of map. A key that belongs one level up or down (e.g. "title"
 * at the top of the file, "lang" inside "event:", "city" in "event:" instead of
 * "venue:") gets a hint saying where it goes: up_keys are the keys of the level
 * above, down_keys those of the mapping down_name below (each may be NULL). */
static void check_keys(loader *L, const tr_ynode *map, const char *const *allowed,
                       const char *what, const char *const *up_keys,
                       const char *const *down_keys, const char *down_name)
{
	for (size_t i = 0; i < map->n; i++) {
		tr_ynode *k = map->keys[i];
		tr_ynode one = { 0 };
		if (g_strv_contains((const char *const *)allowed, k->value))
			continue;
		if (too_many(L))
			return;
		if (up_keys && g_strv_contains((const char *const *)up_keys, k->value)) {
			error_at(L, k->pos, "\"%s\" belongs at the top of the file, not "
			         "inside \"%s:\"", k->value, what);
			continue;
		}
		if (down_keys && g_strv_contains((const char *const *)down_keys, k->value)) {
			error_at(L, k->pos, "\"%s\" belongs inside \"%s:\" (indent it "
			         "under %s:)", k->value, down_name, down_name);
			continue;
		}
		/* One key at a time, to keep the messages in file order. */
		one.kind = TR_YNODE_MAP;
		one.keys = &k;
		one.items = &k;
		one.n = 1;
		tr_ynode_check_keys(&one, allowed, what, L->file, L->d);
	}
}

/* Days in a month of the Gregorian calendar. */
static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Reads n digits at s into *v. */
static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!g_ascii_isdigit(s[i]))
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* Reads a date node. Reports a malformed or impossible date; returns true when
 * y/m/d hold a valid date. */
static bool get_date(loader *L, const tr_ynode *n, const char *key, int *y, int *m,
                     int *dd)
{
	char *s;
	bool ok = false;
	if (n->kind != TR_YNODE_SCALAR) {
		error_at(L, n->pos, "expected a date for \"%s\", found a %s", key,
		         tr_ynode_kind_name(n));
		return false;
	}
	s = g_strstrip(g_strdup(n->value));
	if (tr_date_parse(s, y, m, dd)) {
		ok = true;
	} else if (strlen(s) == 10 && digits(s, 4, y) && s[4] == '-' &&
	           digits(s + 5, 2, m) && s[7] == '-' && digits(s + 8, 2, dd)) {
		if (*y < 1900 || *y > 2999)
			error_at(L, n->pos, "impossible date \"%s\": years go from 1900 to 2999",
			         s);
		else if (*m < 1 || *m > 12)
			error_at(L, n->pos, "impossible date \"%s\": months go from 01 to 12", s);
		else if (*dd < 1)
			error_at(L, n->pos, "impossible date \"%s\": days start at 01", s);
		else if (*dd > days_in_month(*y, *m))
			error_at(L, n->pos, "impossible date \"%s\": %s %d has %d days", s,
			         month_names[*m - 1], *y, days_in_month(*y, *m));
		else
			error_at(L, n->pos, "impossible date \"%s\"", s);
	} else if (!s[0]) {
		error_at(L, n->pos, "missing date for \"%s\": write it as YYYY-MM-DD, "
		         "e.g. 2017-10-03", key);
	} else {
		error_at(L, n->pos, "invalid date \"%s\": write dates as YYYY-MM-DD, "
		         "e.g. 2017-10-03", s);
	}
	g_free(s);
	return ok;
}

/* Reads a time node into minutes since midnight. Reports a malformed or
 * impossible time and returns false. */
static bool get_time(loader *L, const tr_ynode *n, const char *key, int *minutes)
{
	char *s;
	const char *p;
	int h = 0, mi = 0, nh = 0, nm = 0;
	if (n->kind != TR_YNODE_SCALAR) {
		error_at(L, n->pos, "expected a time for \"%s\", found a %s", key,
		         tr_ynode_kind_name(n));
		return false;
	}
	s = g_strstrip(g_strdup(n->value));
	if (tr_time_parse(s, minutes)) {
		g_free(s);
		return true;
	}
	/* Tell "25:00" (a time, out of range) from "midi" (not a time). */
	p = s;
	for (; g_ascii_isdigit(*p) && nh < 3; p++, nh++)
		h = h * 10 + (*p - '0');
	while (*p == ' ')
		p++;
	if (*p == ':' || *p == 'h' || *p == 'H')
		p++;
	else
		nh = 0;
	while (*p == ' ')
		p++;
	for (; g_ascii_isdigit(*p) && nm < 3; p++, nm++)
		mi = mi * 10 + (*p - '0');
	if (nh >= 1 && nh <= 2 && nm <= 2 && !*p && h > 23)
		error_at(L, n->pos, "impossible time \"%s\": hours go from 00 to 23", s);
	else if (nh >= 1 && nh <= 2 && nm == 2 && !*p && mi > 59)
		error_at(L, n->pos, "impossible time \"%s\": minutes go from 00 to 59", s);
	else
		error_at(L, n->pos, "invalid time \"%s\": write times as HH:MM, e.g. 08:30",
		         s);
	g_free(s);
	return false;
}

/* Reads the optional "start"/"time" and "end" of map. Reports an end without a
 * start and an end not after the start. */
static void get_hours(loader *L, const tr_ynode *map, const char *start_key,
                      int *start, int *end)
{
	const tr_ynode *sn = tr_ynode_get(map, start_key);
	const tr_ynode *en = tr_ynode_get(map, "end");
	bool has_start = false, has_end = false;
	*start = -1;
	*end = -1;
	if (sn && !(sn->kind == TR_YNODE_SCALAR && sn->value[0] == '\0'))
		has_start = get_time(L, sn, start_key, start);
	if (en && !(en->kind == TR_YNODE_SCALAR && en->value[0] == '\0'))
		has_end = get_time(L, en, "end", end);
	if (!has_end)
		return;
	if (!sn) {
		error_at(L, en->pos, "an \"end\" time needs a \"%s\"%s too", start_key,
		         strcmp(start_key, "time") == 0 ? "" : " time");
		*end = -1;
	} else if (has_start && *end <= *start) {
		error_at(L, en->pos, "end time %02d:%02d is %s start time %02d:%02d",
		         *end / 60, *end % 60, *end < *start ? "before" : "the same as",
		         *start / 60, *start % 60);
		*end = -1;
	}
}

/* Checks the optional "weekday" of a session against its date. */
static void check_weekday(loader *L, const tr_ynode *map, int y, int m, int dd)
{
	const tr_ynode *n = get_scalar(L, map, "weekday");
	char *s, *fold;
	int wd = -1, real;
	if (!n)
		return;
	s = g_strstrip(g_strdup(n->value));
	fold = g_utf8_strdown(s, -1);
	for (int i = 0; weekday_words[i]; i++)
		if (strcmp(fold, weekday_words[i]) == 0)
			wd = i % 7;
	if (wd < 0) {
		const char *sug = tr_suggest(fold, weekday_words);
		if (sug)
			error_at(L, n->pos, "unknown weekday \"%s\" (did you mean \"%s\"?)", s,
			         sug);
		else
			error_at(L, n->pos, "unknown weekday \"%s\" (write a day such as "
			         "mardi or tuesday)", s);
	} else if (y && (real = tr_date_weekday(y, m, dd)) != wd) {
		error_at(L, n->pos, "%04d-%02d-%02d is a %s (%s), not a %s (%s)", y, m, dd,
		         weekday_en[real], weekday_fr[real], weekday_en[wd], weekday_fr[wd]);
	}
	g_free(fold);
	g_free(s);
}

/* Compares two dates; 0 = year 0 means "no date". */
static int date_cmp(int y1, int m1, int d1, int y2, int m2, int d2)
{
	if (y1 != y2)
		return y1 < y2 ? -1 : 1;
	if (m1 != m2)
		return m1 < m2 ? -1 : 1;
	if (d1 != d2)
		return d1 < d2 ? -1 : 1;
	return 0;
}

/* A date as one number, for sets of dates. */
static int day_key(int y, int m, int dd)
{
	return y * 10000 + m * 100 + dd;
}

/* Reads event.sessions: a list of dates, or of mappings with a date and hours.
 * Returns false when a session could not be read (dates of the programme are then
 * not compared with them). */
static bool load_sessions(loader *L, const tr_ynode *event)
{
	const tr_ynode *list = tr_ynode_get(event, "sessions");
	GArray *out;
	bool all_ok = true;

	if (!list || (list->kind == TR_YNODE_SCALAR && list->value[0] == '\0')) {
		missing(L, event, "sessions", "event");
		return false;
	}
	if (list->kind != TR_YNODE_SEQ) {
		error_at(L, list->pos, "\"sessions\" must be a list of dates, not %s",
		         list->kind == TR_YNODE_MAP ? "a mapping" : "text");
		if (list->kind == TR_YNODE_SCALAR && !L->gave_up)
			tr_diag_add(L->d, TR_SEV_NOTE, L->file, list->pos,
			            "write each date on its own line, as \"- date: YYYY-MM-DD\"");
		return false;
	}
	if (list->n == 0) {
		error_at(L, list->pos, "\"sessions\" needs at least one date");
		return false;
	}
	if (list->n > MAX_SESSIONS) {
		error_at(L, list->pos, "\"sessions\" has at most %d dates, not %zu", MAX_SESSIONS,
		         list->n);
		return false;
	}
	out = g_array_new(FALSE, TRUE, sizeof(tr_session));
	for (size_t i = 0; i < list->n; i++) {
		const tr_ynode *it = list->items[i];
		tr_session s = { 0 };
		bool ok;
		s.pos = it->pos;
		s.start = s.end = -1;
		if (it->kind == TR_YNODE_SCALAR) {
			ok = get_date(L, it, "sessions", &s.year, &s.month, &s.day);
		} else if (it->kind == TR_YNODE_MAP) {
			const tr_ynode *dn = tr_ynode_get(it, "date");
			check_keys(L, it, session_keys, "a session", NULL, NULL, NULL);
			if (!dn) {
				missing(L, it, "date", "a session");
				ok = false;
			} else {
				ok = get_date(L, dn, "date", &s.year, &s.month, &s.day);
			}
			get_hours(L, it, "start", &s.start, &s.end);
			check_weekday(L, it, ok ? s.year : 0, s.month, s.day);
		} else {
			error_at(L, it->pos, "a session must be a date or a mapping with "
			         "\"date:\", not a list");
			ok = false;
		}
		if (!ok) {
			all_ok = false;
			continue;
		}
		if (out->len > 0) {
			const tr_session *prev = &g_array_index(out, tr_session, out->len - 1);
			int c = date_cmp(s.year, s.month, s.day, prev->year, prev->month,
			                 prev->day);
			if (c < 0)
				error_at(L, s.pos, "sessions must be in date order");
			else if (c == 0)
				error_at(L, s.pos, "%04d-%02d-%02d is already the date of another "
				         "session", s.year, s.month, s.day);
		}
		g_array_append_val(out, s);
	}
	L->ev->n_sessions = out->len;
	L->ev->sessions = (tr_session *)g_array_free(out, FALSE);
	return all_ok;
}

/* Reads the top-level "programme": a list of items, each a text (its title) or a
 * mapping. Items' dates are checked against the sessions when these were read
 * (sessions_ok). */
static void load_programme(loader *L, const tr_ynode *root, bool sessions_ok)
{
	const tr_ynode *list = tr_ynode_get(root, "programme");
	GHashTable *days = NULL;
	GArray *out;
	if (!list || (list->kind == TR_YNODE_SCALAR && list->value[0] == '\0'))
		return;
	if (list->kind != TR_YNODE_SEQ) {
		error_at(L, list->pos, "\"programme\" must be a list, not %s",
		         list->kind == TR_YNODE_MAP ? "a mapping" : "text");
		return;
	}
	if (list->n > MAX_PROGRAMME) {
		error_at(L, list->pos, "\"programme\" has at most %d items, not %zu", MAX_PROGRAMME,
		         list->n);
		return;
	}
	/* The event's days, to check the items' dates in constant time each. */
	if (sessions_ok) {
		days = g_hash_table_new(g_direct_hash, g_direct_equal);
		for (size_t j = 0; j < L->ev->n_sessions; j++) {
			const tr_session *s = &L->ev->sessions[j];
			g_hash_table_add(days, GINT_TO_POINTER(day_key(s->year, s->month,
			                                                s->day)));
		}
	}
	out = g_array_new(FALSE, TRUE, sizeof(tr_prog_item));
	for (size_t i = 0; i < list->n; i++) {
		const tr_ynode *it = list->items[i];
		tr_prog_item p = { 0 };
		const tr_ynode *dn;
		p.pos = it->pos;
		p.time = p.end = -1;
		if (it->kind == TR_YNODE_SCALAR) {
			p.title.text = scalar_text(it);
			p.title.pos = it->pos;
			if (!tr_typo_has_ink(p.title.text)) {
				g_free(p.title.text);
				error_at(L, it->pos, "empty programme item");
				continue;
			}
			g_array_append_val(out, p);
			continue;
		}
		if (it->kind != TR_YNODE_MAP) {
			error_at(L, it->pos, "a programme item must be a text or a mapping "
			         "with \"title:\", not a list");
			continue;
		}
		check_keys(L, it, item_keys, "a programme item", NULL, NULL, NULL);
		get_text(L, it, "title", "a programme item", true, &p.title);
		get_text(L, it, "speaker", NULL, false, &p.speaker);
		get_text(L, it, "detail", NULL, false, &p.detail);
		get_hours(L, it, "time", &p.time, &p.end);
		dn = tr_ynode_get(it, "date");
		if (dn && !(dn->kind == TR_YNODE_SCALAR && dn->value[0] == '\0')) {
			if (!get_date(L, dn, "date", &p.year, &p.month, &p.day)) {
				p.year = p.month = p.day = 0;
			} else if (days) {
				if (!g_hash_table_contains(days, GINT_TO_POINTER(day_key(p.year,
				                           p.month, p.day))))
					error_at(L, dn->pos, "%04d-%02d-%02d is not one of the "
					         "event's dates (see \"sessions\")", p.year, p.month,
					         p.day);
			}
		}
		g_array_append_val(out, p);
	}
	L->ev->n_programme = out->len;
	L->ev->programme = (tr_prog_item *)g_array_free(out, FALSE);
	if (days)
		g_hash_table_destroy(days);
}

/* Adds one keyword (trimmed; empty ones are dropped). */
static void add_keyword(GArray *out, const char *s, size_t len, tr_pos pos)
{
	tr_text t;
	t.text = g_strstrip(g_strndup(s, len));
	t.pos = pos;
	if (!tr_typo_has_ink(t.text)) {
		g_free(t.text);
		return;
	}
	g_array_append_val(out, t);
}

/* Reads the top-level "keywords": a list of texts, or one text of comma-separated
 * words. */
static void load_keywords(loader *L, const tr_ynode *root)
{
	const tr_ynode *n = tr_ynode_get(root, "keywords");
	GArray *out;
	if (!n)
		return;
	out = g_array_new(FALSE, TRUE, sizeof(tr_text));
	if (n->kind == TR_YNODE_SCALAR) {
		/* On a one-line plain or quoted text each word gets its own column. */
		bool exact = !strchr(n->value, '\n') && n->style != TR_YSTYLE_BLOCK;
		const char *start = n->value;
		tr_pos pos = n->pos;
		if (n->style == TR_YSTYLE_QUOTED)
			pos.col++;
		for (const char *p = n->value;; p++) {
			if (*p == ',' || !*p) {
				const char *w = start;
				tr_pos wpos = n->pos;
				while (*w == ' ' || *w == '\t')
					w++;
				if (exact) {
					wpos = pos;
					wpos.col += (int)g_utf8_strlen(n->value, w - n->value);
				}
				add_keyword(out, w, (size_t)(p - w), wpos);
				start = p + 1;
			}
			if (!*p)
				break;
		}
	} else if (n->kind == TR_YNODE_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			const tr_ynode *it = n->items[i];
			if (it->kind != TR_YNODE_SCALAR) {
				error_at(L, it->pos, "expected text in \"keywords\", found a %s",
				         tr_ynode_kind_name(it));
				continue;
			}
			add_keyword(out, it->value, it->len, it->pos);
		}
	} else {
		error_at(L, n->pos, "\"keywords\" must be a list of texts, not a mapping");
	}
	if (out->len > MAX_KEYWORDS)
		error_at(L, n->pos, "\"keywords\" has at most %d words, not %u", MAX_KEYWORDS,
		         out->len);
	L->ev->n_keywords = out->len;
	L->ev->keywords = (tr_text *)g_array_free(out, FALSE);
}

/* An e-mail address: one '@', something before it, a dot after it (not last),
 * no spaces. */
static bool looks_like_email(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t\n,;<>"))
		return false;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

/* A web address: an optional http(s):// then a host name with a dot. */
static bool looks_like_website(const char *s)
{
	const char *h = s, *end;
	if (g_str_has_prefix(s, "https://"))
		h = s + 8;
	else if (g_str_has_prefix(s, "http://"))
		h = s + 7;
	if (strpbrk(s, " \t\n") || strchr(h, '@'))
		return false;
	end = h + strcspn(h, "/?#");
	for (const char *p = h; p < end; p++)
		if (!(g_ascii_isalnum(*p) || *p == '-' || *p == '.' || *p == ':' ||
		      (unsigned char)*p >= 0x80))
			return false;
	for (const char *p = h; p + 1 < end; p++)
		if (*p == '.' && p > h && p[1] != '.')
			return true;
	return false;
}

/* Reads the organiser mapping. */
static void load_organiser(loader *L, const tr_ynode *root)
{
	const tr_ynode *org = get_map(L, root, "organiser", NULL, true);
	tr_event *ev = L->ev;
	if (!org)
		return;
	check_keys(L, org, organiser_keys, "organiser", NULL, NULL, NULL);
	get_text(L, org, "name", "organiser", true, &ev->organiser.name);
	get_text(L, org, "full_name", NULL, false, &ev->organiser.full_name);
	if (get_text(L, org, "phone", NULL, false, &ev->organiser.phone)) {
		int nd = 0;
		for (const char *p = ev->organiser.phone.text; *p; p++)
			nd += g_ascii_isdigit(*p) != 0;
		if (nd < 6)
			error_at(L, ev->organiser.phone.pos, "\"%s\" does not look like a phone "
			         "number (it needs at least 6 digits)", ev->organiser.phone.text);
	}
	if (get_text(L, org, "email", NULL, false, &ev->organiser.email) &&
	    !looks_like_email(ev->organiser.email.text))
		error_at(L, ev->organiser.email.pos, "\"%s\" does not look like an e-mail "
		         "address (e.g. contact@example.org)", ev->organiser.email.text);
	if (get_text(L, org, "website", NULL, false, &ev->organiser.website) &&
	    !looks_like_website(ev->organiser.website.text))
		warn_at(L, ev->organiser.website.pos, "\"%s\" does not look like a web "
		        "address (e.g. example.org or https://example.org/page)",
		        ev->organiser.website.text);
}

/* Reads event.venue. */
static void load_venue(loader *L, const tr_ynode *event)
{
	const tr_ynode *v = get_map(L, event, "venue", "event", true);
	tr_event *ev = L->ev;
	bool has_name, has_address;
	if (!v)
		return;
	ev->venue.pos = v->pos;
	check_keys(L, v, venue_keys, "venue", NULL, NULL, NULL);
	has_name = get_text(L, v, "name", NULL, false, &ev->venue.name);
	has_address = get_text(L, v, "address", NULL, false, &ev->venue.address);
	if (!has_name && !has_address)
		error_at(L, v->pos, "missing required field \"name\" or \"address\" in venue");
	get_text(L, v, "postcode", NULL, false, &ev->venue.postcode);
	get_text(L, v, "city", "venue", true, &ev->venue.city);
}

/* Reads the event mapping: what, when and where. Returns true when its sessions
 * were all read (the programme's dates are then checked against them). */
static bool load_event(loader *L, const tr_ynode *root)
{
	const tr_ynode *event = get_map(L, root, "event", NULL, true);
	tr_event *ev = L->ev;
	bool sessions_ok;
	if (!event)
		return false;
	ev->event_pos = event->pos;
	check_keys(L, event, event_keys, "event", root_keys, venue_keys, "venue");
	get_text(L, event, "kicker", NULL, false, &ev->kicker);
	get_text(L, event, "title", "event", true, &ev->title);
	get_text(L, event, "subtitle", NULL, false, &ev->subtitle);
	sessions_ok = load_sessions(L, event);
	load_venue(L, event);
	get_text(L, event, "admission", NULL, false, &ev->admission);
	return sessions_ok;
}

/* Reads the texts and lists beside "event:" at the top of the file. */
static void load_texts(loader *L, const tr_ynode *root, bool sessions_ok)
{
	tr_event *ev = L->ev;
	get_text(L, root, "quote", NULL, false, &ev->quote);
	get_text(L, root, "teaser", NULL, false, &ev->teaser);
	get_text(L, root, "body", NULL, false, &ev->body);
	load_programme(L, root, sessions_ok);
	get_text(L, root, "note", NULL, false, &ev->note);
	load_keywords(L, root);
	if (!get_text(L, root, "print_mention", NULL, false, &ev->print_mention)) {
		ev->print_mention.text = g_strdup(default_mention[ev->lang]);
		ev->print_mention.pos = TR_NOPOS;
	}
}

/* Reads the optional "version" (only 1) and "lang" (fr, en). */
static void load_header(loader *L, const tr_ynode *root)
{
	const tr_ynode *n = tr_ynode_get(root, "version");
	char *s;
	if (n) {
		if (n->kind != TR_YNODE_SCALAR)
			error_at(L, n->pos, "expected a number for \"version\", found a %s",
			         tr_ynode_kind_name(n));
		else if (strcmp(n->value, "1") != 0)
			error_at(L, n->pos, "unsupported version \"%s\": this tractage reads "
			         "content files of version 1", n->value);
	}
	L->ev->lang = TR_LANG_FR;
	n = get_scalar(L, root, "lang");
	if (!n)
		return;
	s = g_strstrip(g_strdup(n->value));
	if (strcmp(s, "fr") == 0 || s[0] == '\0') {
		L->ev->lang = TR_LANG_FR;
	} else if (strcmp(s, "en") == 0) {
		L->ev->lang = TR_LANG_EN;
	} else {
		char *fold = g_utf8_strdown(s, -1);
		const char *sug = tr_suggest(s, lang_keys);
		if (!sug && (g_str_has_prefix(fold, "fr") || strcmp(fold, "français") == 0))
			sug = "fr";
		if (!sug && (g_str_has_prefix(fold, "en") || g_str_has_prefix(fold, "angl")))
			sug = "en";
		if (sug)
			error_at(L, n->pos, "unknown language \"%s\" (did you mean \"%s\"?)", s,
			         sug);
		else
			error_at(L, n->pos, "unknown language \"%s\" (write fr or en)", s);
		g_free(fold);
	}
	g_free(s);
}

/* Builds the event from a parsed tree. Returns NULL when any error was reported. */
static tr_event *load_tree(const char *path, const tr_ynode *root, tr_diag *d)
{
	size_t errors_before = tr_diag_count(d, TR_SEV_ERROR);
	loader L = { path, d, NULL, errors_before, false };
	tr_event *ev;
	bool sessions_ok;

	if (root->kind != TR_YNODE_MAP) {
		tr_diag_add(d, TR_SEV_ERROR, path, root->pos,
		            "the file must hold keys and values (such as \"event:\"), not %s",
		            root->kind == TR_YNODE_SEQ ? "a list" : "a single text");
		return NULL;
	}
	ev = g_new0(tr_event, 1);
	ev->path = g_strdup(path);
	ev->event_pos = TR_NOPOS;
	ev->venue.pos = TR_NOPOS;
	L.ev = ev;

	check_keys(&L, root, root_keys, "the file", NULL, event_keys, "event");
	load_header(&L, root);
	load_organiser(&L, root);
	sessions_ok = load_event(&L, root);
	load_texts(&L, root, sessions_ok);

	if (tr_diag_count(d, TR_SEV_ERROR) > errors_before) {
		tr_event_free(ev);
		return NULL;
	}
	return ev;
}

tr_event *tr_content_load(const char *path, tr_diag *d)
{
	tr_ynode *root = tr_yaml_load_file(path, d);
	tr_event *ev;
	if (!root)
		return NULL;
	ev = load_tree(path, root, d);
	tr_ynode_free(root);
	return ev;
}

tr_event *tr_content_load_buffer(const char *path, const char *buf, size_t len,
                                 tr_diag *d)
{
	tr_ynode *root = tr_yaml_parse(path, buf, len, d);
	tr_event *ev;
	if (!root)
		return NULL;
	ev = load_tree(path, root, d);
	tr_ynode_free(root);
	return ev;
}
