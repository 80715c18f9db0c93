/* check.c — the preflight: runs the families of findings over a content and its
 * documents, and reports what they found in file order, each tagged with its
 * name, minus what the content's `check: ignore:` silences.
 */
#include "check/check.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "check/finding.h"
#include "load/ytree.h"
#include "typo/dates.h"
#include "i18n.h"

struct tr_check {
	long today; /* day number (tr_date_to_days) */
	tr_speller *speller;
};

/* The names, in the order of tr_finding. */
static const char *const names[TR_FIND__MAX + 1] = {
	[TR_FIND_SPELLING] = "spelling",
	[TR_FIND_TIME] = "time",
	[TR_FIND_PROGRAMME] = "programme",
	[TR_FIND_DATE] = "date",
	[TR_FIND_WEEKDAY] = "weekday",
	[TR_FIND_CONTACT] = "contact",
	[TR_FIND_PAST] = "past",
	[TR_FIND_SUNDAY] = "sunday",
	[TR_FIND_HOLIDAY] = "holiday",
	[TR_FIND_LEFTOVER] = "leftover",
	[TR_FIND_TBC] = "tbc",
	[TR_FIND_CONTRAST] = "contrast",
	[TR_FIND_MONO] = "mono",
	[TR_FIND_PRINT_MENTION] = "print-mention",
	[TR_FIND_POSTER] = "poster",
	[TR_FIND__MAX] = NULL,
};

const char *const *tr_check_names(void)
{
	return names;
}

/* The findings that may well be on purpose: notes, not warnings. */
static bool informational(tr_finding kind)
{
	return kind == TR_FIND_SUNDAY || kind == TR_FIND_HOLIDAY;
}

/* One finding, and the note that goes with it. */
typedef struct {
	const char *file;
	tr_pos pos;
	tr_severity sev;
	char *text;
	tr_pos note_pos;
	char *note;       /* NULL: none */
	guint order;      /* when it was reported: ties keep it */
} finding;

static void finding_clear(gpointer p)
{
	finding *f = p;
	g_free(f->text);
	g_free(f->note);
}

static void findings_init(tr_findings *f, const tr_event *ev, const char *file)
{
	*f = (tr_findings){ ev, file, { false }, NULL, false };
	f->list = g_array_new(FALSE, FALSE, sizeof(finding));
	g_array_set_clear_func(f->list, finding_clear);
}

static void add_v(tr_findings *f, tr_finding kind, const char *file, tr_pos pos,
                  const char *fmt, va_list ap)
{
	f->dropped = f->ignore[kind];
	if (f->dropped)
		return;
	char *text = g_strdup_vprintf(fmt, ap);
	finding x = { file, pos, informational(kind) ? TR_SEV_NOTE : TR_SEV_WARNING,
		      g_strdup_printf("%s [%s]", text, names[kind]), TR_NOPOS, NULL,
		      f->list->len };
	g_free(text);
	g_array_append_val(f->list, x);
}

void tr_findings_add(tr_findings *f, tr_finding kind, tr_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_v(f, kind, f->file, pos, fmt, ap);
	va_end(ap);
}

void tr_findings_add_in(tr_findings *f, tr_finding kind, const char *file, tr_pos pos,
                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_v(f, kind, file, pos, fmt, ap);
	va_end(ap);
}

void tr_findings_note(tr_findings *f, tr_pos pos, const char *fmt, ...)
{
	va_list ap;
	/* The finding this note is about: the last one, if it was not ignored. */
	if (f->list->len == 0 || f->dropped)
		return;
	finding *last = &g_array_index(f->list, finding, f->list->len - 1);
	if (last->note)
		return;
	va_start(ap, fmt);
	last->note = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	last->note_pos = pos;
}

/* File order: by line, then column; findings without a position first. */
static int by_position(gconstpointer a, gconstpointer b)
{
	const finding *x = a, *y = b;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sends the findings to d (sorted by position when sort is set) and frees them. */
static void findings_flush(tr_findings *f, tr_diag *d, bool sort)
{
	if (sort)
		g_array_sort(f->list, by_position);
	for (guint i = 0; i < f->list->len; i++) {
		const finding *x = &g_array_index(f->list, finding, i);
		tr_diag_add(d, x->sev, x->file, x->pos, "%s", x->text);
		if (x->note)
			tr_diag_add(d, TR_SEV_NOTE, x->file, x->note_pos, "%s", x->note);
	}
	g_array_unref(f->list);
	f->list = NULL;
}

/* Reads the content's check.ignore; an unknown name is itself a finding when
 * report is set. */
static void read_ignore(tr_findings *f, bool report)
{
	const tr_event *ev = f->ev;
	for (size_t i = 0; i < ev->check.n_ignore; i++) {
		const tr_text *t = &ev->check.ignore[i];
		bool known = false;
		for (int k = 0; k < TR_FIND__MAX; k++)
			if (strcmp(t->text, names[k]) == 0) {
				f->ignore[k] = true;
				known = true;
			}
		if (known || !report)
			continue;
		const char *s = tr_suggest(t->text, names);
		finding x = { f->file, t->pos, TR_SEV_WARNING, NULL, TR_NOPOS, NULL, f->list->len };
		if (s) {
			x.text = g_strdup_printf(_("unknown finding \"%s\" in check.ignore (did you "
			                           "mean \"%s\"?)"), t->text, s);
		} else {
			char *all = g_strjoinv(", ", (char **)names);
			x.text = g_strdup_printf(_("unknown finding \"%s\" in check.ignore (the "
			                           "findings are: %s)"), t->text, all);
			g_free(all);
		}
		g_array_append_val(f->list, x);
	}
}

/* ------------------------------------------------------------------ */
/* The texts */

static void add_text(GArray *out, const tr_text *t, unsigned what)
{
	if (!t->text || t->pos.line < 0) /* absent, or ours (the default print mention) */
		return;
	tr_check_text x = { t, what };
	g_array_append_val(out, x);
}

GArray *tr_check_texts(const tr_event *ev)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(tr_check_text));
	const unsigned prose = TR_TEXT_PROSE | TR_TEXT_WORDS;
	add_text(out, &ev->organiser.name, 0);
	add_text(out, &ev->organiser.full_name, TR_TEXT_WORDS | TR_TEXT_NAMES);
	add_text(out, &ev->organiser.phone, 0);
	add_text(out, &ev->organiser.email, 0);
	add_text(out, &ev->organiser.website, 0);
	add_text(out, &ev->kicker, prose);
	add_text(out, &ev->title, prose);
	add_text(out, &ev->subtitle, prose);
	add_text(out, &ev->venue.name, TR_TEXT_WORDS | TR_TEXT_NAMES);
	add_text(out, &ev->venue.address, TR_TEXT_WORDS | TR_TEXT_NAMES);
	add_text(out, &ev->venue.postcode, 0);
	add_text(out, &ev->venue.city, TR_TEXT_WORDS | TR_TEXT_NAMES);
	add_text(out, &ev->admission, prose);
	add_text(out, &ev->quote, prose);
	add_text(out, &ev->teaser, prose);
	add_text(out, &ev->body, prose);
	for (size_t i = 0; i < ev->n_programme; i++) {
		add_text(out, &ev->programme[i].title, TR_TEXT_WORDS);
		add_text(out, &ev->programme[i].speaker, TR_TEXT_WORDS | TR_TEXT_NAMES);
		add_text(out, &ev->programme[i].detail, TR_TEXT_WORDS);
	}
	add_text(out, &ev->note, prose);
	for (size_t i = 0; i < ev->n_keywords; i++)
		add_text(out, &ev->keywords[i], TR_TEXT_WORDS);
	add_text(out, &ev->print_mention, TR_TEXT_WORDS);
	return out;
}

/* ------------------------------------------------------------------ */
/* Tokens */

static bool is_white(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

static bool is_letter(gunichar c)
{
	return g_unichar_isalpha(c) || g_unichar_ismark(c);
}

GArray *tr_tokens(const char *text)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(tr_token));
	bool space = true, line = true;
	const char *p = text;
	while (*p) {
		gunichar c = g_utf8_get_char(p);
		if (is_white(c)) {
			space = true;
			line |= c == '\n';
			p = g_utf8_next_char(p);
			continue;
		}
		tr_token t = { TR_TOK_OTHER, (size_t)(p - text), 0, space, line };
		if (c < 0x80 && g_ascii_isdigit(c)) {
			t.kind = TR_TOK_NUMBER;
			while (g_ascii_isdigit(*p))
				p++;
		} else if (is_letter(c)) {
			t.kind = TR_TOK_WORD;
			while (*p && is_letter(g_utf8_get_char(p)))
				p = g_utf8_next_char(p);
		} else {
			p = g_utf8_next_char(p);
		}
		t.end = (size_t)(p - text);
		g_array_append_val(out, t);
		space = line = false;
	}
	return out;
}

bool tr_token_is(const char *text, const GArray *toks, size_t k, const char *w)
{
	if (k >= toks->len)
		return false;
	const tr_token *t = &g_array_index(toks, tr_token, k);
	char *low = g_utf8_strdown(text + t->start, (gssize)(t->end - t->start));
	char *a = g_str_to_ascii(low, "C");
	char *wl = g_utf8_strdown(w, -1);
	char *b = g_str_to_ascii(wl, "C");
	bool same = strcmp(a, b) == 0;
	g_free(low);
	g_free(a);
	g_free(wl);
	g_free(b);
	return same;
}

long tr_token_number(const char *text, const tr_token *t)
{
	if (t->kind != TR_TOK_NUMBER || t->end - t->start > 9)
		return -1;
	long v = 0;
	for (size_t i = t->start; i < t->end; i++)
		v = v * 10 + (text[i] - '0');
	return v;
}

/* ------------------------------------------------------------------ */
/* Today */

bool tr_check_today(long *today, GError **err)
{
	const char *s = g_getenv("TRACTAGE_TODAY");
	int y, m, d;
	if (s && *s) {
		if (!tr_date_parse(s, &y, &m, &d)) {
			g_set_error(err, g_quark_from_static_string("tr-check"), 0,
			            _("TRACTAGE_TODAY must be a date written YYYY-MM-DD, not \"%s\""), s);
			return false;
		}
		*today = tr_date_to_days(y, m, d);
		return true;
	}
	s = g_getenv("SOURCE_DATE_EPOCH");
	if (s && *s) {
		char *end;
		errno = 0;
		gint64 v = g_ascii_strtoll(s, &end, 10);
		if (*end || errno || v < 0 || v >= G_GINT64_CONSTANT(253402300800)) {
			g_set_error(err, g_quark_from_static_string("tr-check"), 0,
			            _("SOURCE_DATE_EPOCH must be a number of seconds, not \"%s\""), s);
			return false;
		}
		*today = (long)(v / 86400); /* a UTC date, as reproducible builds use it */
		return true;
	}
	GDateTime *now = g_date_time_new_now_local();
	*today = tr_date_to_days(g_date_time_get_year(now), g_date_time_get_month(now),
	                         g_date_time_get_day_of_month(now));
	g_date_time_unref(now);
	return true;
}

tr_check *tr_check_new(GError **err)
{
	long today;
	if (!tr_check_today(&today, err))
		return NULL;
	tr_check *c = g_new0(tr_check, 1);
	c->today = today;
	c->speller = tr_speller_new();
	return c;
}

void tr_check_free(tr_check *c)
{
	if (!c)
		return;
	tr_speller_free(c->speller);
	g_free(c);
}

void tr_check_set_suggestions(tr_check *c, bool on)
{
	tr_speller_set_suggestions(c->speller, on);
}

void tr_check_content(tr_check *c, const tr_event *ev, tr_diag *d)
{
	tr_findings f;
	findings_init(&f, ev, ev->path);
	read_ignore(&f, true);
	tr_check_spelling(&f, c->speller);
	tr_check_consistency(&f);
	tr_check_calendar(&f, c->today);
	tr_check_leftovers(&f);
	findings_flush(&f, d, true);
}

void tr_check_doc(tr_check *c, const tr_event *ev, const tr_doc *doc,
                  const tr_layoutdesc *ld, tr_diag *d)
{
	tr_findings f;
	findings_init(&f, ev, ld->path);
	read_ignore(&f, false);
	tr_check_print(&f, doc, ld);
	findings_flush(&f, d, false);
}
