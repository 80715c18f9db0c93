/* compose.c — composition: the fields of an event → paragraphs.
 *
 * A field's text goes through the typographic pipeline (typo.h: markup, the
 * language's rules; upper case; hyphen.h: hyphenation points) and becomes
 * paragraphs with style spans. Composed fields (the date and place block, the
 * programme, the footer) are written out from the event's data here. The table
 * of bindings at the end says, one row a field, its name in layout files, the
 * user's text it shows or how it is composed.
 */
#include "layout/compose.h"

#include <stddef.h>
#include <string.h>

#include "typo/dates.h"
#include "typo/hyphen.h"
#include "typo/typo.h"
#include "i18n.h"

struct tr_composer {
	PangoContext *ctx; /* borrowed: to measure the widest time of a programme */
	tr_hyphenator *hyph[TR_LANG__MAX];
};

tr_composer *tr_composer_new(PangoContext *ctx)
{
	tr_composer *c = g_new0(tr_composer, 1);
	c->ctx = ctx;
	return c;
}

void tr_composer_free(tr_composer *c)
{
	if (!c)
		return;
	for (int i = 0; i < TR_LANG__MAX; i++)
		tr_hyphen_free(c->hyph[i]);
	g_free(c);
}

bool tr_composer_load_hyphenation(tr_composer *c, tr_lang lang, GError **err)
{
	if (!c->hyph[lang])
		c->hyph[lang] = tr_hyphen_new(lang, err);
	return c->hyph[lang] != NULL;
}

/* ------------------------------------------------------------------ */
/* Paragraphs */

static void para_free(gpointer data)
{
	tr_para *p = data;
	if (!p)
		return;
	g_free(p->text);
	if (p->attrs)
		pango_attr_list_unref(p->attrs);
	if (p->links) {
		for (guint i = 0; i < p->links->len; i++)
			g_free(g_array_index(p->links, tr_link_span, i).uri);
		g_array_unref(p->links);
	}
	g_free(p);
}

/* Turns a marked text (TR_MARK_* characters) into plain text plus attributes:
 * emphasis in italics, strong in the strong weight. Takes ownership of nothing. */
static tr_para *para_from_marked(const char *marked, const tr_textstyle *st)
{
	tr_para *p = g_new0(tr_para, 1);
	GString *out = g_string_sized_new(strlen(marked));
	p->attrs = pango_attr_list_new();
	p->scale = 1.0;
	p->space_before = -1;
	int em_start = -1, strong_start = -1;
	for (const char *s = marked; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		PangoAttribute *a = NULL;
		switch (c) {
		case TR_MARK_EM_ON:
			em_start = (int)out->len;
			break;
		case TR_MARK_STRONG_ON:
			strong_start = (int)out->len;
			break;
		case TR_MARK_EM_OFF:
			if (em_start >= 0) {
				a = pango_attr_style_new(PANGO_STYLE_ITALIC);
				a->start_index = em_start;
			}
			em_start = -1;
			break;
		case TR_MARK_STRONG_OFF:
			if (strong_start >= 0) {
				a = pango_attr_weight_new(st->strong_weight);
				a->start_index = strong_start;
			}
			strong_start = -1;
			break;
		default:
			g_string_append_unichar(out, c);
		}
		if (a) {
			a->end_index = out->len;
			pango_attr_list_insert(p->attrs, a);
		}
	}
	p->text = g_string_free(out, FALSE);
	return p;
}

/* Upper case for display, except French ordinal suffixes after a number,
 * which stay small: "5e congrès" → "5e CONGRÈS", "1er mai" → "1er MAI",
 * "XXIe siècle" → "XXIe SIÈCLE". */
static char *upper_case(const char *text)
{
	GString *out = g_string_new(NULL);
	size_t len = strlen(text);
	const char *s = text;
	while (*s) {
		size_t n = s > text ? tr_typo_ordinal_at(text, len, (size_t)(s - text)) : 0;
		if (n > 0) {
			g_string_append_len(out, s, (gssize)n);
			s += n;
			continue;
		}
		const char *next = g_utf8_next_char(s);
		char *up = g_utf8_strup(s, next - s);
		g_string_append(out, up);
		g_free(up);
		s = next;
	}
	return g_string_free(out, FALSE);
}

/* Hyphens before a short ending never end a line: inclusive forms
 * ("habitant-e-s", "tou-te-s", "professionnel-le-s") and inverted pronouns
 * ("accompagne-t-il") become U+2011, while "médico-social" may still break. */
static char *bind_short_hyphens(const char *text)
{
	GString *out = g_string_new(NULL);
	gunichar prev = 0;
	for (const char *s = text; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (c == '-' && g_unichar_isalpha(prev)) {
			int n = 0;
			const char *t = s + 1;
			while (*t && g_unichar_isalpha(g_utf8_get_char(t)) && n < 4) {
				n++;
				t = g_utf8_next_char(t);
			}
			if (n >= 1 && n <= 3 && !g_unichar_isalpha(g_utf8_get_char(t)) &&
			    g_utf8_get_char(t) != 0x00AD) {
				g_string_append_unichar(out, 0x2011);
				prev = c;
				continue;
			}
		}
		g_string_append_unichar(out, c);
		prev = c;
	}
	return g_string_free(out, FALSE);
}

/* A place name keeps its hyphens unbroken ("Saint-Denis", "Seine-Saint-Denis"
 * split at a line end reads as two places): U+2011, which the engine draws as
 * a plain hyphen that no line ends on. */
static char *bind_hyphens(const char *text)
{
	char **parts = g_strsplit(text, "-", -1);
	char *out = g_strjoinv("\u2011", parts);
	g_strfreev(parts);
	return out;
}

/* The typographic pipeline for one user text: inline markup, language rules,
 * upper case, hyphenation points (every text gets them: body text breaks at
 * them, display text only as a last resort). Returns a new marked string. */
static char *prepare(tr_composer *e, const char *raw, tr_lang lang, const tr_textstyle *st)
{
	char *marked = tr_inline_parse(raw);
	char *typo = tr_typo_apply(marked, lang);
	g_free(marked);
	if (st->uppercase) {
		char *up = upper_case(typo);
		g_free(typo);
		typo = up;
	}
	if (e->hyph[lang]) {
		char *h = tr_hyphen_apply(e->hyph[lang], typo);
		g_free(typo);
		typo = h;
	}
	char *b = bind_short_hyphens(typo);
	g_free(typo);
	return b;
}

/* Adds one paragraph made from a user's text. */
static tr_para *add_text(tr_composer *e, tr_textblock *tb, const char *raw, tr_lang lang,
                      const tr_textstyle *st)
{
	char *m = prepare(e, raw, lang, st);
	tr_para *p = para_from_marked(m, st);
	g_free(m);
	g_ptr_array_add(tb->paras, p);
	return p;
}

/* Adds every paragraph of a text (blank line = new paragraph). */
static void add_paragraphs(tr_composer *e, tr_textblock *tb, const char *raw, tr_lang lang,
                           const tr_textstyle *st)
{
	char **paras = tr_typo_paragraphs(raw);
	for (char **s = paras; *s; s++)
		add_text(e, tb, *s, lang, st);
	g_strfreev(paras);
}

/* Upper-cases the first letter (display lines: "Mardi 3 octobre 2017"). */
static char *capitalise(const char *s)
{
	if (!*s)
		return g_strdup(s);
	gunichar c = g_unichar_toupper(g_utf8_get_char(s));
	GString *out = g_string_new(NULL);
	g_string_append_unichar(out, c);
	g_string_append(out, g_utf8_next_char(s));
	return g_string_free(out, FALSE);
}

static void add_link(tr_para *p, int start, int end, char *uri)
{
	if (!p->links)
		p->links = g_array_new(FALSE, FALSE, sizeof(tr_link_span));
	tr_link_span l = { start, end, uri };
	g_array_append_val(p->links, l);
}

/* tel: URI for a phone number as written ("01 43 93 91 28" → tel:+33143939128 in
 * French content). NULL if there are no digits. */
static char *phone_uri(const char *phone, tr_lang lang)
{
	GString *digits = g_string_new(NULL);
	bool plus = false;
	for (const char *s = phone; *s; s++) {
		if (*s == '+' && digits->len == 0)
			plus = true;
		else if (g_ascii_isdigit(*s))
			g_string_append_c(digits, *s);
	}
	char *uri = NULL;
	if (digits->len == 0)
		uri = NULL;
	else if (plus)
		uri = g_strdup_printf("tel:+%s", digits->str);
	else if (lang == TR_LANG_FR && digits->len == 10 && digits->str[0] == '0')
		uri = g_strdup_printf("tel:+33%s", digits->str + 1);
	else
		uri = g_strdup_printf("tel:%s", digits->str);
	g_string_free(digits, TRUE);
	return uri;
}

static char *web_uri(const char *site)
{
	if (g_str_has_prefix(site, "http://") || g_str_has_prefix(site, "https://"))
		return g_strdup(site);
	return g_strdup_printf("https://%s", site);
}

/* The contact line "phone · e-mail · website", each part a link. */
static tr_para *contact_para(const tr_event *ev, const tr_textstyle *st)
{
	const tr_text *parts[3] = { &ev->organiser.phone, &ev->organiser.email,
	                            &ev->organiser.website };
	GString *s = g_string_new(NULL);
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(tr_link_span));
	for (int i = 0; i < 3; i++) {
		if (!parts[i]->text)
			continue;
		if (s->len)
			g_string_append(s, "\u00A0· ");
		char *shown = i == 0 ? tr_typo_apply(parts[i]->text, ev->lang)
		                     : g_strdup(parts[i]->text);
		/* Markers cannot appear: these texts are not parsed for markup. */
		tr_link_span l = { (int)s->len, 0, NULL };
		g_string_append(s, shown);
		l.end = (int)s->len;
		l.uri = i == 0   ? phone_uri(parts[i]->text, ev->lang)
		        : i == 1 ? g_strdup_printf("mailto:%s", parts[i]->text)
		                 : web_uri(parts[i]->text);
		g_free(shown);
		if (l.uri)
			g_array_append_val(spans, l);
	}
	tr_para *p = NULL;
	if (s->len) {
		char *clean = tr_inline_strip(s->str); /* drops any marker a user typed */
		p = para_from_marked(clean, st);
		g_free(clean);
		/* Link offsets hold: stripping removed nothing a user could not type. */
		if (strlen(p->text) == s->len)
			for (guint i = 0; i < spans->len; i++) {
				tr_link_span *l = &g_array_index(spans, tr_link_span, i);
				add_link(p, l->start, l->end, l->uri);
				l->uri = NULL;
			}
	}
	for (guint i = 0; i < spans->len; i++)
		g_free(g_array_index(spans, tr_link_span, i).uri);
	g_array_unref(spans);
	g_string_free(s, TRUE);
	return p;
}

/* Appends prefix and a user's text through the typographic pipeline to a marked
 * string, in emphasis when mark is TR_MARK_EM_ON (0: plain). */
static void append_part(tr_composer *e, GString *m, const char *prefix, const char *raw,
                        tr_lang lang, const tr_textstyle *st, gunichar mark)
{
	char *part = prepare(e, raw, lang, st);
	g_string_append(m, prefix);
	if (mark)
		g_string_append_unichar(m, mark);
	g_string_append(m, part);
	if (mark)
		g_string_append_unichar(m, mark + 1); /* the matching _OFF marker */
	g_free(part);
}

/* ------------------------------------------------------------------ */
/* Composed fields */

static const char *const programme_word[TR_LANG__MAX] = { "Programme", "Programme" };
/* The programme's time column (em): at least "17 h 30" or "5:30 pm" and a
 * gap; at most that of "17 h – 18 h 30"; a time and the title after it, at
 * least this apart. */
static const double programme_tab[TR_LANG__MAX] = { 4.0, 4.6 };
static const double programme_tab_max = 7.0;
static const double programme_gap = 0.6;
/* A programme item's detail, against its title. */
static const double detail_scale = 0.9;

/* Plain user texts: their paragraphs as written. */
static bool build_text(tr_composer *e, const tr_event *ev, const tr_text *t,
                       const tr_textstyle *st, tr_textblock *tb)
{
	if (!t->text || !*t->text)
		return false;
	tb->pos = t->pos;
	add_paragraphs(e, tb, t->text, ev->lang, st);
	return tb->paras->len > 0;
}

/* The days, then (unless only the date is asked for) the hours. */
static void add_when(tr_composer *e, const tr_event *ev, tr_binding b,
                     const tr_textstyle *st, tr_textblock *tb)
{
	tr_lang lang = ev->lang;
	tb->pos = ev->sessions[0].pos;
	char *days = tr_date_format_days(ev->sessions, ev->n_sessions, lang);
	char *hours = tr_date_format_hours(ev->sessions, ev->n_sessions, lang);
	if (b != TR_BIND_TIME) {
		char *c = capitalise(days);
		tr_para *p = add_text(e, tb, c, lang, st);
		g_free(c);
		p->strong = p->accent = (b == TR_BIND_WHEN_WHERE);
		if (b == TR_BIND_WHEN_WHERE)
			p->scale = 1.2;
	}
	if (hours && b != TR_BIND_DATE) {
		char *c = capitalise(hours);
		tr_para *p = add_text(e, tb, c, lang, st);
		g_free(c);
		p->strong = (b == TR_BIND_WHEN_WHERE);
		p->space_before = 0;
	}
	g_free(days);
	g_free(hours);
}

/* The venue: name, address, postcode and city, one a line. */
static void add_venue(tr_composer *e, const tr_event *ev, const tr_textstyle *st,
                      tr_textblock *tb)
{
	tr_lang lang = ev->lang;
	const tr_text *lines[] = { &ev->venue.name, &ev->venue.address };
	bool first = true;
	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
		if (!lines[i]->text)
			continue;
		char *name = bind_hyphens(lines[i]->text);
		tr_para *p = add_text(e, tb, name, lang, st);
		g_free(name);
		p->strong = (i == 0);
		p->space_before = first ? -1 : 0;
		first = false;
	}
	if (ev->venue.city.text) {
		/* "93000 Bobigny" in French; "Leeds LS6 2AB" in English. */
		const char *pcode = ev->venue.postcode.text, *city = ev->venue.city.text;
		char *pc = !pcode               ? g_strdup(city)
		           : lang == TR_LANG_EN ? g_strdup_printf("%s %s", city, pcode)
		                                : g_strdup_printf("%s %s", pcode, city);
		char *bound = bind_hyphens(pc);
		tr_para *p = add_text(e, tb, bound, lang, st);
		g_free(bound);
		p->space_before = first ? -1 : 0;
		g_free(pc);
	}
}

static bool build_when(tr_composer *e, const tr_event *ev, tr_binding b,
                       const tr_textstyle *st, tr_textblock *tb)
{
	if (ev->n_sessions == 0)
		return false;
	add_when(e, ev, b, st, tb);
	if (b == TR_BIND_WHEN_WHERE)
		add_venue(e, ev, st, tb);
	return tb->paras->len > 0;
}

/* The practical block: the date and place block, then the admission. */
static bool build_practical(tr_composer *e, const tr_event *ev, tr_binding b,
                            const tr_textstyle *st, tr_textblock *tb)
{
	if (ev->n_sessions == 0)
		return false;
	add_when(e, ev, TR_BIND_WHEN_WHERE, st, tb);
	guint venue = tb->paras->len;
	add_venue(e, ev, st, tb);
	/* In two columns: the date and hours, then the place and admission. */
	if (venue > 0 && venue < tb->paras->len)
		((tr_para *)g_ptr_array_index(tb->paras, venue))->column_break = true;
	if (ev->admission.text && *ev->admission.text) {
		guint before = tb->paras->len;
		add_paragraphs(e, tb, ev->admission.text, ev->lang, st);
		for (guint i = before; i < tb->paras->len; i++)
			((tr_para *)g_ptr_array_index(tb->paras, i))->strong = true;
	}
	return true;
}

static bool build_venue(tr_composer *e, const tr_event *ev, tr_binding b,
                        const tr_textstyle *st, tr_textblock *tb)
{
	tb->pos = ev->venue.pos;
	add_venue(e, ev, st, tb);
	return tb->paras->len > 0;
}

/* Width of a programme item's time (strong, as printed), in em of the text. */
static double time_width_em(tr_composer *e, const tr_textstyle *st, const char *label)
{
	PangoLayout *l = pango_layout_new(e->ctx);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, st->font);
	pango_font_description_set_weight(fd, st->strong_weight);
	pango_font_description_set_absolute_size(fd, 100 * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, label, -1);
	int w = 0;
	pango_layout_get_size(l, &w, NULL);
	pango_font_description_free(fd);
	g_object_unref(l);
	return w / (100.0 * PANGO_SCALE) + st->tracking * g_utf8_strlen(label, -1);
}

static bool build_programme(tr_composer *e, const tr_event *ev, tr_binding b,
                            const tr_textstyle *st, tr_textblock *tb)
{
	tr_lang lang = ev->lang;
	if (ev->n_programme == 0)
		return false;
	tb->pos = ev->programme[0].pos;
	/* The time column is as wide as the widest time ("10 h – 12 h"), at least
	 * the usual width, so that the titles line up. A time wider than
	 * programme_tab_max ("20 h 30 – 21 h 30") does not widen it for every
	 * item: its title starts after it, and its next lines at the column. */
	bool dated = false;
	double tab = 0;
	char **times = g_new0(char *, ev->n_programme + 1);
	double *own = g_new0(double, ev->n_programme + 1);
	for (size_t i = 0; i < ev->n_programme; i++) {
		const tr_prog_item *it = &ev->programme[i];
		dated |= it->year > 0;
		if (it->time < 0)
			continue;
		times[i] = tr_time_format_range(it->time, it->end, lang);
		own[i] = time_width_em(e, st, times[i]) + programme_gap;
		tab = MAX(tab, programme_tab[lang]);
		if (own[i] <= programme_tab_max)
			tab = MAX(tab, own[i]);
	}
	const char *heading = ev->programme_title.text ? ev->programme_title.text
	                                               : programme_word[lang];
	tr_para *h = add_text(e, tb, heading, lang, st);
	h->heading = true;
	h->scale = 1.3;
	int py = 0, pm = 0, pd = 0;
	for (size_t i = 0; i < ev->n_programme; i++) {
		const tr_prog_item *it = &ev->programme[i];
		if (dated && it->year > 0 && (it->year != py || it->month != pm || it->day != pd)) {
			char *day = tr_date_format_day(it->year, it->month, it->day, false, lang);
			char *c = capitalise(day);
			tr_para *p = add_text(e, tb, c, lang, st);
			p->strong = p->accent = true;
			g_free(c);
			g_free(day);
			py = it->year, pm = it->month, pd = it->day;
		}
		/* Each part goes through typography on its own: the tab between
		 * time and title must survive it. */
		GString *m = g_string_new(NULL);
		if (times[i]) {
			g_string_append_unichar(m, TR_MARK_STRONG_ON);
			g_string_append(m, times[i]);
			g_string_append_unichar(m, TR_MARK_STRONG_OFF);
		}
		if (tab > 0)
			g_string_append_c(m, '\t');
		append_part(e, m, "", it->title.text, lang, st, 0);
		if (it->speaker.text)
			append_part(e, m, "\u00A0— ", it->speaker.text, lang, st, TR_MARK_EM_ON);
		if (it->tbc) {
			char *tbc = g_strdup_printf("(%s)", tr_date_tbc(lang));
			append_part(e, m, " ", tbc, lang, st, TR_MARK_EM_ON);
			g_free(tbc);
		}
		tr_para *p = para_from_marked(m->str, st);
		g_ptr_array_add(tb->paras, p);
		g_string_free(m, TRUE);
		p->space_before = 0.25;
		p->keep = true;
		p->tab = MAX(tab, own[i]);
		p->hang = tab;
		/* The detail is its own paragraph under the title, smaller and in
		 * italics, so that it does not read as the title's continuation. */
		if (it->detail.text) {
			GString *dm = g_string_new(NULL);
			if (tab > 0)
				g_string_append_c(dm, '\t');
			append_part(e, dm, "", it->detail.text, lang, st, 0);
			tr_para *d = para_from_marked(dm->str, st);
			g_ptr_array_add(tb->paras, d);
			g_string_free(dm, TRUE);
			d->italic = true;
			d->scale = detail_scale;
			d->space_before = 0;
			d->tab = d->hang = tab / detail_scale; /* em of its own, smaller size */
			d->keep = d->with_previous = true;
		}
	}
	for (size_t i = 0; i < ev->n_programme; i++)
		g_free(times[i]);
	g_free(times);
	g_free(own);
	return true;
}

static bool build_footer(tr_composer *e, const tr_event *ev, tr_binding b,
                         const tr_textstyle *st, tr_textblock *tb)
{
	tr_lang lang = ev->lang;
	tb->pos = ev->organiser.name.pos;
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "**%s**", ev->organiser.name.text);
	if (ev->organiser.full_name.text)
		g_string_append_printf(s, " — %s", ev->organiser.full_name.text);
	tr_para *p = add_text(e, tb, s->str, lang, st);
	g_string_free(s, TRUE);
	p = contact_para(ev, st);
	if (p) {
		p->space_before = 0.15;
		g_ptr_array_add(tb->paras, p);
	}
	if (ev->print_mention.text) {
		p = add_text(e, tb, ev->print_mention.text, lang, st);
		p->italic = true;
		p->scale = 0.85;
		p->space_before = 0.15;
	}
	return true;
}

static bool build_contact(tr_composer *e, const tr_event *ev, tr_binding b,
                          const tr_textstyle *st, tr_textblock *tb)
{
	tb->pos = ev->organiser.name.pos;
	tr_para *p = contact_para(ev, st);
	if (!p)
		return false;
	g_ptr_array_add(tb->paras, p);
	return true;
}

/* The address of the QR code as printed under it: without "https://", and
 * with a break allowed after each "/" of the path (U+200B), so that a long
 * address wraps; a link to the whole address. */
static bool build_qr(tr_composer *e, const tr_event *ev, tr_binding b, const tr_textstyle *st,
                     tr_textblock *tb)
{
	const char *url = ev->qr.text;
	tb->pos = ev->qr.pos;
	const char *shown = url;
	if (g_str_has_prefix(shown, "https://"))
		shown += 8;
	else if (g_str_has_prefix(shown, "http://"))
		shown += 7;
	GString *s = g_string_new(NULL);
	const char *host_end = strchr(shown, '/');
	for (const char *c = shown; *c; c++) {
		g_string_append_c(s, *c);
		if (*c == '/' && host_end && c > host_end - 1 && c[1] && c[1] != '/')
			g_string_append(s, "\u200B");
	}
	if (s->len > 1 && s->str[s->len - 1] == '/' && !strchr(shown, '?'))
		g_string_truncate(s, s->len - 1);
	char *clean = tr_inline_strip(s->str); /* drops any marker a user typed */
	tr_para *p = para_from_marked(clean, st);
	add_link(p, 0, (int)strlen(p->text), g_strdup(url));
	g_ptr_array_add(tb->paras, p);
	g_free(clean);
	g_string_free(s, TRUE);
	return true;
}

/* ------------------------------------------------------------------ */
/* The bindings: one row each */

static bool has_sessions(const tr_event *ev)
{
	return ev->n_sessions > 0;
}

static bool has_time(const tr_event *ev)
{
	for (size_t i = 0; i < ev->n_sessions; i++)
		if (ev->sessions[i].start >= 0)
			return true;
	return false;
}

static bool has_venue(const tr_event *ev)
{
	return ev->venue.name.text || ev->venue.city.text;
}

static bool has_programme(const tr_event *ev)
{
	return ev->n_programme > 0;
}

static bool has_organiser(const tr_event *ev)
{
	return ev->organiser.name.text != NULL;
}

static bool has_qr(const tr_event *ev)
{
	return ev->qr.text != NULL;
}

static bool has_contact(const tr_event *ev)
{
	return ev->organiser.phone.text || ev->organiser.email.text || ev->organiser.website.text;
}

typedef struct {
	const char *name; /* in layout files */
	/* What messages call it, marked with the context "field" (the French
	 * carries its article, the English has none: "the %s"). */
	const char *label;
	/* A field that shows a user's text as written: its offset in tr_event
	 * (TEXT_NONE for composed fields, which have has and build instead). */
	size_t text;
	bool (*has)(const tr_event *ev);
	bool (*build)(tr_composer *e, const tr_event *ev, tr_binding b,
	              const tr_textstyle *st, tr_textblock *tb);
	/* A picture: text is then the offset of its tr_picture (whose path is
	 * what has content), for image items only. */
	bool picture;
} binding_row;

#define TEXT_NONE ((size_t)-1)
#define TEXT(member) offsetof(tr_event, member), NULL, NULL
#define COMPOSED(has, build) TEXT_NONE, has, build
#define PICTURE(member) offsetof(tr_event, member), NULL, NULL, true

static const binding_row bindings[TR_BIND__MAX] = {
	[TR_BIND_NONE] = { "", "", COMPOSED(NULL, NULL) },
	[TR_BIND_KICKER] = { "kicker", NC_("field", "kicker"), TEXT(kicker) },
	[TR_BIND_TITLE] = { "title", NC_("field", "title"), TEXT(title) },
	[TR_BIND_SUBTITLE] = { "subtitle", NC_("field", "subtitle"), TEXT(subtitle) },
	[TR_BIND_QUOTE] = { "quote", NC_("field", "quote"), TEXT(quote) },
	[TR_BIND_TEASER] = { "teaser", NC_("field", "teaser"), TEXT(teaser) },
	[TR_BIND_BODY] = { "body", NC_("field", "body"), TEXT(body) },
	[TR_BIND_NOTE] = { "note", NC_("field", "note"), TEXT(note) },
	[TR_BIND_ADMISSION] = { "admission", NC_("field", "admission"), TEXT(admission) },
	[TR_BIND_ORGANISER] = { "organiser", NC_("field", "organiser's name"),
	                    TEXT(organiser.name) },
	[TR_BIND_DATE] = { "date", NC_("field", "date"), COMPOSED(has_sessions, build_when) },
	[TR_BIND_TIME] = { "time", NC_("field", "times"), COMPOSED(has_time, build_when) },
	[TR_BIND_VENUE] = { "venue", NC_("field", "place"), COMPOSED(has_venue, build_venue) },
	[TR_BIND_WHEN_WHERE] = { "when-where", NC_("field", "date and place"),
	                    COMPOSED(has_sessions, build_when) },
	[TR_BIND_PROGRAMME] = { "programme", NC_("field", "programme"),
	                    COMPOSED(has_programme, build_programme) },
	[TR_BIND_FOOTER] = { "footer", NC_("field", "footer (organiser and contact)"),
	                    COMPOSED(has_organiser, build_footer) },
	[TR_BIND_CONTACT] = { "contact", NC_("field", "contact line"),
	                    COMPOSED(has_contact, build_contact) },
	[TR_BIND_PRINT_MENTION] = { "print-mention", NC_("field", "print mention"),
	                    TEXT(print_mention) },
	[TR_BIND_PRACTICAL] = { "practical",
	                        NC_("field", "practical block (date, times, place, admission)"),
	                        COMPOSED(has_sessions, build_practical) },
	[TR_BIND_FULL_NAME] = { "full-name", NC_("field", "organiser's full name"),
	                    TEXT(organiser.full_name) },
	[TR_BIND_QR] = { "qr", NC_("field", "address of the QR code"), COMPOSED(has_qr, build_qr) },
	[TR_BIND_LOGO] = { "logo", NC_("field", "logo"), PICTURE(organiser.logo) },
	[TR_BIND_IMAGE] = { "image", NC_("field", "picture"), PICTURE(image) },
};

static const tr_text *row_text(const binding_row *row, const tr_event *ev)
{
	return row->text == TEXT_NONE ? NULL
	                              : (const tr_text *)((const char *)ev + row->text);
}

bool tr_compose_block(tr_composer *e, const tr_event *ev, tr_binding b,
                      const tr_textstyle *st, tr_textblock *tb)
{
	tb->paras = g_ptr_array_new_with_free_func(para_free);
	tb->what = tr_binding_label(b);
	tb->pos = ev->event_pos;
	if ((int)b <= TR_BIND_NONE || b >= TR_BIND__MAX || bindings[b].picture)
		return false;
	const binding_row *row = &bindings[b];
	const tr_text *t = row_text(row, ev);
	if (t)
		return build_text(e, ev, t, st, tb);
	return row->has(ev) && row->build(e, ev, b, st, tb);
}

void tr_textblock_clear(tr_textblock *tb)
{
	if (tb->paras)
		g_ptr_array_unref(tb->paras);
	tb->paras = NULL;
}

bool tr_compose_has_content(const tr_event *ev, tr_binding b)
{
	if (b == TR_BIND_NONE)
		return true;
	if ((int)b < 0 || b >= TR_BIND__MAX)
		return false;
	const tr_text *t = row_text(&bindings[b], ev);
	return t ? t->text != NULL : bindings[b].has(ev);
}

bool tr_binding_is_image(tr_binding b)
{
	return (int)b > TR_BIND_NONE && b < TR_BIND__MAX && bindings[b].picture;
}

const tr_picture *tr_compose_picture(const tr_event *ev, tr_binding b)
{
	if (!tr_binding_is_image(b))
		return NULL;
	const tr_picture *p = (const tr_picture *)((const char *)ev + bindings[b].text);
	return p->image ? p : NULL;
}

tr_pos tr_compose_pos(const tr_event *ev, tr_binding b)
{
	if ((int)b <= TR_BIND_NONE || b >= TR_BIND__MAX || bindings[b].picture)
		return ev->event_pos;
	const tr_text *t = row_text(&bindings[b], ev);
	if (t && t->text)
		return t->pos;
	if (b == TR_BIND_PROGRAMME && ev->n_programme)
		return ev->programme[0].pos;
	return ev->event_pos;
}

const tr_cond *tr_compose_unmet(const tr_event *ev, const tr_item *it)
{
	for (int i = 0; i < TR_MAX_CONDS && it->when[i].field != TR_BIND_NONE; i++)
		if (tr_compose_has_content(ev, it->when[i].field) == it->when[i].negated)
			return &it->when[i];
	return NULL;
}

bool tr_compose_item_shown(const tr_event *ev, const tr_item *it)
{
	return tr_compose_unmet(ev, it) == NULL;
}

const char *tr_binding_label(tr_binding b)
{
	if ((int)b <= TR_BIND_NONE || b >= TR_BIND__MAX)
		return "";
	/* TRANSLATORS: what a message calls a text of the content, after "the"
	 * in English ("the %s is set at 8 pt"); give it with its article
	 * ("le bloc pratique (date, horaires, lieu, entrée)"), and the content's
	 * key in brackets where the user writes one ("le titre (title)"). */
	return g_dpgettext2(GETTEXT_PACKAGE, "field", bindings[b].label);
}

const char *tr_binding_name(tr_binding b)
{
	if ((int)b < 0 || b >= TR_BIND__MAX)
		return "";
	return bindings[b].name;
}

bool tr_binding_from_name(const char *name, tr_binding *out)
{
	for (int b = TR_BIND_NONE + 1; b < TR_BIND__MAX; b++)
		if (strcmp(name, bindings[b].name) == 0) {
			*out = (tr_binding)b;
			return true;
		}
	return false;
}

const char *const *tr_binding_words(void)
{
	static const char *words[TR_BIND__MAX];
	if (!words[0])
		for (int b = TR_BIND_NONE + 1; b < TR_BIND__MAX; b++)
			words[b - 1] = bindings[b].name;
	return words;
}
