/* shape.c — shaping a paragraph once, and drawing lines from its glyphs.
 * See shape.h. */
#include "layout/shape.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "typo/phrase.h"
#include "typo/typo.h"

#define PU ((double)PANGO_SCALE)

/* The hyphen of one font: its glyph and advance. */
typedef struct {
	PangoGlyph glyph;
	int width; /* Pango units at the reference size */
} hyphen_glyph;

/* Shaped paragraphs kept for reuse: a tract and a poster of one event set
 * the same texts in the same fonts. The key holds everything shaping depends
 * on, so a hit is always right; the table is emptied when it grows past this. */
#define CACHE_MAX 256

struct tr_shaper {
	PangoContext *ctx;
	GHashTable *hyphens; /* PangoFont* → hyphen_glyph*; the fonts are referenced */
	GHashTable *sups;    /* PangoFont* (referenced) → the letters its `sups` covers */
	GHashTable *cache;   /* key (owned) → tr_shaped* (a reference) */
};

/* One run of glyphs: one Pango item, shaped. */
typedef struct {
	PangoGlyphItem gi;
	hyphen_glyph hyphen;
} run;

struct tr_shaped {
	int refs;
	char *text;       /* clean text */
	int len;
	run *runs;
	int n_runs;
	double *x;        /* x[b]: advance of the text before byte b, reference units */
	tr_kp_item *items;
	int n_items;
	double ascent, descent, space;
	int unknown;
	int *map;         /* map[byte of the paragraph's text] = byte of the clean text */
	int map_len;
	PangoContext *ctx; /* a reference: what the paragraph was shaped in */
};

tr_shaper *tr_shaper_new(PangoContext *ctx)
{
	tr_shaper *s = g_new0(tr_shaper, 1);
	s->ctx = ctx;
	s->hyphens = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, g_free);
	s->sups = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, NULL);
	s->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                 (GDestroyNotify)tr_shaped_unref);
	return s;
}

void tr_shaper_free(tr_shaper *s)
{
	if (!s)
		return;
	g_hash_table_destroy(s->cache);
	g_hash_table_destroy(s->hyphens);
	g_hash_table_destroy(s->sups);
	g_free(s);
}

/* An item like `like` (same font and analysis) for the n characters of an
 * ASCII text at offset 0. pango_item_free() it. */
static PangoItem *item_for_text(const PangoItem *like, int n)
{
	PangoItem *it = pango_item_copy((PangoItem *)like);
	it->offset = 0;
	it->length = n;
	it->num_chars = n;
	return it;
}

/* The glyphs of the UTF-8 text (n bytes) in the font of `like`, with the
 * OpenType features `features` (NULL: the font's defaults). */
static PangoGlyphString *shape_text(const PangoItem *like, const char *text, int n,
                                    const char *features)
{
	PangoItem *it = item_for_text(like, n);
	it->num_chars = (int)g_utf8_strlen(text, n);
	if (features)
		it->analysis.extra_attrs = g_slist_prepend(it->analysis.extra_attrs,
		                                           pango_attr_font_features_new(features));
	PangoGlyphString *g = pango_glyph_string_new();
	pango_shape_item(it, text, n, NULL, g, PANGO_SHAPE_NONE);
	pango_item_free(it);
	return g;
}

/* The glyphs of the one ASCII character c in the font of `like`. */
static PangoGlyphString *shape_char(const PangoItem *like, char c)
{
	char text[2] = { c, 0 };
	return shape_text(like, text, 1, NULL);
}

/* The hyphen of the font of item (shaped once per font). */
static hyphen_glyph hyphen_of(tr_shaper *s, PangoItem *item)
{
	PangoFont *font = item->analysis.font;
	hyphen_glyph *h = g_hash_table_lookup(s->hyphens, font);
	if (!h) {
		h = g_new0(hyphen_glyph, 1);
		PangoGlyphString *g = shape_char(item, '-');
		if (g->num_glyphs == 1 && !(g->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
			h->glyph = g->glyphs[0].glyph;
			h->width = g->glyphs[0].geometry.width;
		} else {
			h->glyph = PANGO_GLYPH_EMPTY;
			h->width = 0;
		}
		pango_glyph_string_free(g);
		g_hash_table_insert(s->hyphens, g_object_ref(font), h);
	}
	return *h;
}

/* ------------------------------------------------------------------ */
/* Clean text */

typedef struct {
	GString *text;
	GArray *dict;    /* of int: hyphenation points (bytes of the clean text) */
	GArray *nobreak; /* of int: no line break before this byte */
	GArray *forced;  /* of int: a line break here */
	int *map;        /* map[old byte] = clean byte, for attributes */
} clean;

static void clean_text(const char *src, clean *c)
{
	size_t n = strlen(src);
	c->text = g_string_sized_new(n);
	c->dict = g_array_new(FALSE, FALSE, sizeof(int));
	c->nobreak = g_array_new(FALSE, FALSE, sizeof(int));
	c->forced = g_array_new(FALSE, FALSE, sizeof(int));
	c->map = g_new(int, n + 1);
	for (const char *s = src; *s; s = g_utf8_next_char(s)) {
		const char *next = g_utf8_next_char(s);
		for (const char *b = s; b < next; b++)
			c->map[b - src] = (int)c->text->len;
		gunichar ch = g_utf8_get_char(s);
		int at = (int)c->text->len;
		switch (ch) {
		case 0x00AD:
			if (at > 0 && (c->dict->len == 0 ||
			               g_array_index(c->dict, int, c->dict->len - 1) != at))
				g_array_append_val(c->dict, at);
			break;
		case 0x2011:
			g_string_append_c(c->text, '-');
			at++;
			g_array_append_val(c->nobreak, at);
			break;
		case 0x2028:
		case '\n':
			g_array_append_val(c->forced, at);
			break;
		default:
			g_string_append_len(c->text, s, next - s);
		}
	}
	c->map[n] = (int)c->text->len;
}

static bool in_sorted(const GArray *a, int v)
{
	for (guint i = 0; i < a->len; i++)
		if (g_array_index(a, int, i) == v)
			return true;
	return false;
}

/* The attributes of p for the clean text, with the paragraph's font first. */
static PangoAttrList *clean_attrs(const tr_para *p, const clean *c, const tr_textstyle *st,
                                  tr_lang lang)
{
	PangoAttrList *out = pango_attr_list_new();
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, p->heading ? st->heading_font : st->font);
	pango_font_description_set_weight(fd, p->heading  ? st->heading_weight
	                                      : p->strong ? st->strong_weight
	                                                  : st->weight);
	pango_font_description_set_style(fd, (p->italic || st->italic) ? PANGO_STYLE_ITALIC
	                                                               : PANGO_STYLE_NORMAL);
	pango_font_description_set_absolute_size(fd, TR_REF_SIZE * PANGO_SCALE);
	pango_attr_list_insert(out, pango_attr_font_desc_new(fd));
	pango_font_description_free(fd);
	pango_attr_list_insert(out, pango_attr_language_new(
		pango_language_from_string(tr_lang_name(lang))));
	if (p->accent || p->heading)
		pango_attr_list_insert(out, pango_attr_foreground_new(
			(guint16)(st->accent.r * 65535), (guint16)(st->accent.g * 65535),
			(guint16)(st->accent.b * 65535)));
	size_t n = strlen(p->text);
	GSList *all = pango_attr_list_get_attributes(p->attrs);
	for (GSList *l = all; l; l = l->next) {
		PangoAttribute *a = l->data;
		a->start_index = c->map[MIN(a->start_index, n)];
		a->end_index = a->end_index >= n ? G_MAXUINT : (guint)c->map[a->end_index];
		pango_attr_list_insert(out, a);
	}
	g_slist_free(all);
	return out;
}

/* ------------------------------------------------------------------ */
/* Shaping */

/* Shapes the items into runs; fills x[]. */
static void shape_runs(tr_shaper *s, tr_shaped *sp, GList *items, PangoLogAttr *la,
                       double tracking)
{
	sp->n_runs = (int)g_list_length(items);
	sp->runs = g_new0(run, sp->n_runs);
	int ri = 0, chars = 0;
	int track = (int)lround(tracking * TR_REF_SIZE * PANGO_SCALE);
	for (GList *l = items; l; l = l->next, ri++) {
		PangoItem *item = l->data;
		PangoGlyphString *g = pango_glyph_string_new();
		pango_shape_item(item, sp->text, sp->len, la + chars, g, PANGO_SHAPE_NONE);
		chars += item->num_chars;
		for (int i = 0; i < g->num_glyphs; i++) {
			if (sp->text[item->offset + g->log_clusters[i]] == '\t')
				g->glyphs[i].glyph = PANGO_GLYPH_EMPTY; /* set_tabs() sizes it */
			if ((g->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) && sp->unknown < 0)
				sp->unknown = item->offset + g->log_clusters[i];
			if (track && g->glyphs[i].attr.is_cluster_start) {
				g->glyphs[i].geometry.width += track;
				g->glyphs[i].geometry.x_offset += track / 2;
			}
		}
		sp->runs[ri].gi.item = item;
		sp->runs[ri].gi.glyphs = g;
		sp->runs[ri].hyphen = hyphen_of(s, item);
		/* The font's ascent and descent: the logical box of the empty glyph
		 * (pango_font_get_metrics() would shape a sample text for widths we
		 * do not need). */
		PangoRectangle log;
		pango_font_get_glyph_extents(item->analysis.font, PANGO_GLYPH_EMPTY, NULL, &log);
		sp->ascent = MAX(sp->ascent, -log.y / PU);
		sp->descent = MAX(sp->descent, (log.height + log.y) / PU);
	}
}

/* Fills x[] from the runs' glyph advances. */
static void advances(tr_shaped *sp)
{
	double *w = g_new0(double, sp->len + 1);
	for (int r = 0; r < sp->n_runs; r++) {
		PangoGlyphItem *gi = &sp->runs[r].gi;
		for (int i = 0; i < gi->glyphs->num_glyphs; i++)
			w[gi->item->offset + gi->glyphs->log_clusters[i]] +=
				gi->glyphs->glyphs[i].geometry.width / PU;
	}
	sp->x = g_renew(double, sp->x, sp->len + 1);
	sp->x[0] = 0;
	for (int b = 0; b < sp->len; b++)
		sp->x[b + 1] = sp->x[b] + w[b];
	g_free(w);
}

/* The run holding byte b (the last run for the end of the text). */
static int run_at(const tr_shaped *sp, int b)
{
	for (int r = 0; r < sp->n_runs; r++) {
		PangoItem *it = sp->runs[r].gi.item;
		if (b >= it->offset && b < it->offset + it->length)
			return r;
	}
	return sp->n_runs - 1;
}

/* A tab is set to the paragraph's tab stop: its glyph gets the width that
 * takes the text after it there (at least a third of an em). */
static void set_tabs(tr_shaped *sp, double tab_em)
{
	bool changed = false;
	for (int r = 0; r < sp->n_runs; r++) {
		PangoGlyphItem *gi = &sp->runs[r].gi;
		for (int i = 0; i < gi->glyphs->num_glyphs; i++) {
			int b = gi->item->offset + gi->glyphs->log_clusters[i];
			if (sp->text[b] != '\t')
				continue;
			double stop = tab_em * TR_REF_SIZE;
			double w = MAX(stop - sp->x[b], TR_REF_SIZE / 3);
			gi->glyphs->glyphs[i].glyph = PANGO_GLYPH_EMPTY;
			gi->glyphs->glyphs[i].geometry.width = (int)lround(w * PANGO_SCALE);
			changed = true;
			advances(sp); /* later tabs measure from here */
		}
	}
	(void)changed;
}

/* ------------------------------------------------------------------ */
/* Ordinals */

/* The letters of ordinal suffixes; bit k of a font's mask: its `sups` feature
 * has a superscript for sup_letters[k]. */
static const char *const sup_letters[] = { "e", "r", "n", "d", "s", "m", "è" };

/* The mask of the superscript letters of the font of item (probed once per
 * font: each letter shaped with and without `sups`). */
static unsigned sups_of(tr_shaper *s, const PangoItem *item)
{
	PangoFont *font = item->analysis.font;
	gpointer v;
	if (g_hash_table_lookup_extended(s->sups, font, NULL, &v))
		return GPOINTER_TO_UINT(v);
	unsigned mask = 0;
	for (unsigned k = 0; k < G_N_ELEMENTS(sup_letters); k++) {
		int n = (int)strlen(sup_letters[k]);
		PangoGlyphString *plain = shape_text(item, sup_letters[k], n, NULL);
		PangoGlyphString *sup = shape_text(item, sup_letters[k], n, "sups");
		if (plain->num_glyphs == 1 && sup->num_glyphs == 1 &&
		    !(sup->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG) &&
		    sup->glyphs[0].glyph != plain->glyphs[0].glyph)
			mask |= 1u << k;
		pango_glyph_string_free(plain);
		pango_glyph_string_free(sup);
	}
	g_hash_table_insert(s->sups, g_object_ref(font), GUINT_TO_POINTER(mask));
	return mask;
}

/* Whether the superscript letters of mask cover the suffix text (n bytes). */
static bool sups_cover(unsigned mask, const char *text, int n)
{
	for (const char *p = text; p < text + n; p = g_utf8_next_char(p)) {
		unsigned k = 0;
		int len = (int)(g_utf8_next_char(p) - p);
		while (k < G_N_ELEMENTS(sup_letters) && strncmp(sup_letters[k], p, len) != 0)
			k++;
		if (k == G_N_ELEMENTS(sup_letters) || !(mask & (1u << k)))
			return false;
	}
	return true;
}

/* Marks the ordinal suffixes of the clean text ("12e", "1er", "XXIe") as
 * superscripts in attrs, with the font's own superscript letters (OpenType
 * `sups`), when it has one for each letter of the suffix. A font without them
 * keeps the suffix on the baseline: letters drawn smaller and raised would be
 * another font size on another baseline in the PDF, which text extractors
 * (pdftotext) read as another word on another line at display sizes. Returns
 * the text's items, itemised again when a suffix was marked (items is then
 * freed). */
static GList *ordinals(tr_shaper *s, const tr_shaped *sp, PangoAttrList *attrs,
                       GList *items)
{
	bool any = false;
	GList *l = items;
	for (int b = 1; b < sp->len; b++) {
		char c = sp->text[b - 1];
		if (!g_ascii_isdigit(c) && !strchr("IVXLCDM", c))
			continue;
		int n = (int)tr_typo_ordinal_at(sp->text, (size_t)sp->len, (size_t)b);
		if (n == 0)
			continue;
		while (l && ((PangoItem *)l->data)->offset + ((PangoItem *)l->data)->length <= b)
			l = l->next;
		if (!l)
			break;
		if (sups_cover(sups_of(s, l->data), sp->text + b, n)) {
			PangoAttribute *a = pango_attr_font_features_new("sups");
			a->start_index = (guint)b;
			a->end_index = (guint)(b + n);
			pango_attr_list_insert(attrs, a);
			any = true;
		}
		b += n;
	}
	if (!any)
		return items;
	g_list_free_full(items, (GDestroyNotify)pango_item_free);
	return pango_itemize(s->ctx, sp->text, 0, sp->len, attrs, NULL);
}

/* ------------------------------------------------------------------ */
/* Boxes, glue and penalties */

/* Whether the glyph of the character at byte b takes a change of tracking
 * (justification, tighter display text): a letter followed by another
 * character of its word. The last one before a word space or the end keeps its
 * advance, so that word spaces stay what the breaker made them. */
static bool tracks(const char *text, int len, int b)
{
	if (text[b] == ' ')
		return false;
	int next = (int)(g_utf8_next_char(text + b) - text);
	return next < len && text[next] != ' ';
}

typedef struct {
	tr_shaped *sp;
	const tr_rules *rules;
	tr_lang lang;
	GArray *items;
	int box_start;   /* byte where the current box starts, -1: none */
	int box_glyphs;  /* glyphs so far in the current box */
	int *glyphs_at;  /* glyphs whose cluster starts at each byte */
} builder;

static void close_box(builder *b, int at)
{
	if (b->box_start < 0 || at <= b->box_start)
		return;
	int glyphs = 0;
	for (int i = b->box_start; i < at; i++)
		glyphs += b->glyphs_at[i];
	tr_kp_item it = { .kind = TR_KP_BOX, .pos = b->box_start, .end = at,
		          .width = (float)(b->sp->x[at] - b->sp->x[b->box_start]),
		          .glyphs = (float)glyphs };
	g_array_append_val(b->items, it);
	b->box_start = -1;
}

static void add_penalty(builder *b, int at, int penalty, float width, unsigned char flags)
{
	close_box(b, at);
	tr_kp_item it = { .kind = TR_KP_PENALTY, .pos = at, .end = at, .penalty = penalty,
		          .width = width, .flags = flags };
	g_array_append_val(b->items, it);
}

static bool is_space_break(gunichar c)
{
	return c == ' ';
}

/* A "word" for phrase rules: the text between spaces of any kind. */
static bool is_any_space(gunichar c)
{
	return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == '\t';
}

/* The word that ends at byte end (start of the space after it). */
static void word_before(const char *text, int end, int *ws)
{
	int s = end;
	while (s > 0) {
		const char *prev = g_utf8_prev_char(text + s);
		if (is_any_space(g_utf8_get_char(prev)))
			break;
		s = (int)(prev - text);
	}
	*ws = s;
}

/* The word that starts at byte start. */
static int word_after(const char *text, int len, int start)
{
	int e = start;
	while (e < len && !is_any_space(g_utf8_get_char(text + e)))
		e = (int)(g_utf8_next_char(text + e) - text);
	return e;
}

static int phrase_penalty(const tr_rules *r, tr_phrase_break k)
{
	switch (k) {
	case TR_PHRASE_BAD: return r->phrase_bad;
	case TR_PHRASE_WEAK: return r->phrase_weak;
	case TR_PHRASE_GOOD: return r->phrase_good;
	default: return 0;
	}
}

/* True when byte at is inside a web or e-mail address: the text between the
 * spaces around it holds "@", "://" or starts with "www.". */
static bool in_address(const char *text, int len, int at)
{
	int s = at, e = at;
	while (s > 0 && !is_any_space(g_utf8_get_char(g_utf8_prev_char(text + s))))
		s = (int)(g_utf8_prev_char(text + s) - text);
	while (e < len && !is_any_space(g_utf8_get_char(text + e)))
		e = (int)(g_utf8_next_char(text + e) - text);
	return g_strstr_len(text + s, e - s, "@") || g_strstr_len(text + s, e - s, "://") ||
	       (e - s > 4 && g_ascii_strncasecmp(text + s, "www.", 4) == 0);
}

/* Letters of the word around byte at, before and after it. */
static void letters_around(const char *text, int len, int at, int *left, int *right)
{
	*left = *right = 0;
	for (int s = at; s > 0;) {
		const char *prev = g_utf8_prev_char(text + s);
		if (!g_unichar_isalpha(g_utf8_get_char(prev)))
			break;
		(*left)++;
		s = (int)(prev - text);
	}
	for (int s = at; s < len; s = (int)(g_utf8_next_char(text + s) - text)) {
		if (!g_unichar_isalpha(g_utf8_get_char(text + s)))
			break;
		(*right)++;
	}
}

static void build_items(tr_shaped *sp, const clean *c, const PangoLogAttr *la,
                        const tr_rules *rules, tr_lang lang)
{
	builder b = { sp, rules, lang, g_array_new(FALSE, FALSE, sizeof(tr_kp_item)), -1, 0,
		      g_new0(int, sp->len + 1) };
	for (int r = 0; r < sp->n_runs; r++) {
		PangoGlyphItem *gi = &sp->runs[r].gi;
		for (int i = 0; i < gi->glyphs->num_glyphs; i++) {
			int at = gi->item->offset + gi->glyphs->log_clusters[i];
			if (gi->glyphs->glyphs[i].attr.is_cluster_start && tracks(sp->text, sp->len, at))
				b.glyphs_at[at]++;
		}
	}
	const char *text = sp->text;
	int ci = 0;
	gunichar prev = 0;
	guint di = 0; /* next dictionary point */
	for (int bi = 0; bi < sp->len; ci++) {
		gunichar ch = g_utf8_get_char(text + bi);
		int next = (int)(g_utf8_next_char(text + bi) - text);
		if (in_sorted(c->forced, bi) && bi > 0) {
			add_penalty(&b, bi, -TR_PENALTY_INF, 0, 0);
		}
		if (is_space_break(ch)) {
			close_box(&b, bi);
			int end = bi, cj = ci;
			while (end < sp->len && text[end] == ' ') {
				end++;
				cj++;
			}
			/* Whether a line may end at this space: not where Pango says no;
			 * only at a high cost inside a date or "n° 12". */
			bool allowed = end >= sp->len || la[cj].is_line_break;
			int ws;
			word_before(text, bi, &ws);
			int we = word_after(text, sp->len, end);
			tr_keep keep = allowed ? tr_phrase_keep_together(text + ws, bi - ws,
			                                                  text + end, we - end)
			                       : TR_KEEP_NONE;
			if (!allowed)
				add_penalty(&b, bi, TR_PENALTY_INF, 0, 0);
			else if (keep != TR_KEEP_NONE)
				add_penalty(&b, bi, keep == TR_KEEP_STRONG ? rules->strong_keep_penalty
				                                           : rules->keep_penalty, 0, 0);
			double w = sp->x[end] - sp->x[bi];
			if (sp->space == 0)
				sp->space = w / (end - bi);
			tr_kp_item g = { .kind = TR_KP_GLUE, .pos = bi, .end = end, .width = (float)w,
				         .stretch = (float)(w * rules->space_stretch),
				         .shrink = (float)(w * rules->space_shrink),
				         .penalty = phrase_penalty(rules, tr_phrase_break_after(
							       text + ws, bi - ws, lang)) };
			g_array_append_val(b.items, g);
			prev = ' ';
			ci = cj - 1;
			bi = end;
			continue;
		}
		/* A break without a space: after a hard hyphen, a slash, a dash; not
		 * inside an address ("ul-interpro-stdenis.org", "contact@…"), which
		 * would no longer read as one. */
		if (bi > 0 && la[ci].is_line_break && !is_space_break(prev) && prev != '\t' &&
		    prev != 0x00A0 && prev != 0x202F && !in_sorted(c->nobreak, bi) &&
		    !in_address(text, sp->len, bi)) {
			bool hyphen = prev == '-' || prev == 0x2010;
			add_penalty(&b, bi, hyphen ? rules->explicit_penalty : rules->explicit_penalty,
			            0, hyphen ? TR_KP_FLAGGED : 0);
		}
		/* A dictionary hyphenation point. */
		while (di < c->dict->len && g_array_index(c->dict, int, di) < bi)
			di++;
		if (di < c->dict->len && g_array_index(c->dict, int, di) == bi &&
		    !in_address(text, sp->len, bi)) {
			int left, right;
			letters_around(text, sp->len, bi, &left, &right);
			if (left >= rules->hyphen_min_left && right >= rules->hyphen_min_right &&
			    left + right >= rules->hyphen_min_word) {
				const run *r = &sp->runs[run_at(sp, bi - 1)];
				add_penalty(&b, bi, rules->hyphen_penalty,
				            (float)(r->hyphen.width / PU), TR_KP_FLAGGED | TR_KP_DICT);
			}
		}
		if (b.box_start < 0)
			b.box_start = bi;
		prev = ch;
		bi = next;
	}
	close_box(&b, sp->len);
	/* The end: a glue that takes the rest of the last line, a forced break. */
	tr_kp_item fill = { .kind = TR_KP_GLUE, .pos = sp->len, .end = sp->len,
		            .flags = TR_KP_FIXED };
	g_array_append_val(b.items, fill);
	tr_kp_item end = { .kind = TR_KP_PENALTY, .pos = sp->len, .end = sp->len,
		           .penalty = -TR_PENALTY_INF };
	g_array_append_val(b.items, end);
	sp->n_items = (int)b.items->len;
	sp->items = (tr_kp_item *)g_array_free(b.items, FALSE);
	g_free(b.glyphs_at);
}

/* Everything the shaping of p in st depends on, as a string: the text, the
 * paragraph's own font (as clean_attrs() makes it), its spans, tracking, tab
 * stop and language. */
static char *cache_key(const tr_para *p, const tr_textstyle *st, tr_lang lang)
{
	GString *k = g_string_new(p->text);
	g_string_append_printf(k, "\x1f%s|%d|%d|%.6g|%.6g|%d",
	                       p->heading ? st->heading_font : st->font,
	                       p->heading ? st->heading_weight : p->strong ? st->strong_weight
	                                                                   : st->weight,
	                       p->italic || st->italic, st->tracking, p->tab, lang);
	if (p->accent || p->heading)
		g_string_append_printf(k, "|%.4f,%.4f,%.4f", st->accent.r, st->accent.g,
		                       st->accent.b);
	GSList *all = pango_attr_list_get_attributes(p->attrs);
	for (GSList *l = all; l; l = l->next) {
		PangoAttribute *a = l->data;
		g_string_append_printf(k, "|%d:%u-%u", a->klass->type, a->start_index, a->end_index);
		if (a->klass->type == PANGO_ATTR_WEIGHT || a->klass->type == PANGO_ATTR_STYLE)
			g_string_append_printf(k, "=%d", ((PangoAttrInt *)a)->value);
		pango_attribute_destroy(a);
	}
	g_slist_free(all);
	return g_string_free(k, FALSE);
}

static tr_shaped *shape(tr_shaper *s, const tr_para *p, const tr_textstyle *st, tr_lang lang,
                        const tr_rules *rules);

tr_shaped *tr_shape_para(tr_shaper *s, const tr_para *p, const tr_textstyle *st,
                         tr_lang lang, const tr_rules *rules)
{
	char *key = cache_key(p, st, lang);
	tr_shaped *sp = g_hash_table_lookup(s->cache, key);
	if (sp) {
		g_free(key);
		return tr_shaped_ref(sp);
	}
	if (g_hash_table_size(s->cache) >= CACHE_MAX)
		g_hash_table_remove_all(s->cache);
	sp = shape(s, p, st, lang, rules);
	g_hash_table_insert(s->cache, key, tr_shaped_ref(sp));
	return sp;
}

static tr_shaped *shape(tr_shaper *s, const tr_para *p, const tr_textstyle *st, tr_lang lang,
                        const tr_rules *rules)
{
	tr_shaped *sp = g_new0(tr_shaped, 1);
	sp->refs = 1;
	sp->ctx = g_object_ref(s->ctx);
	sp->unknown = -1;
	clean c;
	clean_text(p->text, &c);
	sp->len = (int)c.text->len;
	sp->text = g_string_free(c.text, FALSE);
	PangoAttrList *attrs = clean_attrs(p, &c, st, lang);
	GList *items = sp->len ? pango_itemize(s->ctx, sp->text, 0, sp->len, attrs, NULL) : NULL;
	if (lang == TR_LANG_FR)
		items = ordinals(s, sp, attrs, items);
	int nchars = (int)g_utf8_strlen(sp->text, sp->len);
	PangoLogAttr *la = g_new0(PangoLogAttr, nchars + 1);
	pango_get_log_attrs(sp->text, sp->len, -1, pango_language_from_string(tr_lang_name(lang)),
	                    la, nchars + 1);
	shape_runs(s, sp, items, la, st->tracking);
	g_list_free(items); /* the runs own the items */
	advances(sp);
	if (p->tab > 0)
		set_tabs(sp, p->tab);
	build_items(sp, &c, la, rules, lang);
	if (sp->space == 0) {
		/* No word space: measure one, for statistics only. */
		sp->space = 0.25 * TR_REF_SIZE;
	}
	g_free(la);
	pango_attr_list_unref(attrs);
	g_array_unref(c.dict);
	g_array_unref(c.nobreak);
	g_array_unref(c.forced);
	sp->map = c.map;
	sp->map_len = (int)strlen(p->text) + 1;
	return sp;
}

tr_shaped *tr_shaped_ref(tr_shaped *sp)
{
	sp->refs++;
	return sp;
}

void tr_shaped_unref(tr_shaped *sp)
{
	if (!sp || --sp->refs > 0)
		return;
	for (int r = 0; r < sp->n_runs; r++) {
		pango_item_free(sp->runs[r].gi.item);
		pango_glyph_string_free(sp->runs[r].gi.glyphs);
	}
	g_free(sp->runs);
	g_free(sp->text);
	g_free(sp->x);
	g_free(sp->items);
	g_free(sp->map);
	g_object_unref(sp->ctx);
	g_free(sp);
}

const char *tr_shaped_text(const tr_shaped *sp)
{
	return sp->text;
}

const tr_kp_item *tr_shaped_items(const tr_shaped *sp, int *n)
{
	*n = sp->n_items;
	return sp->items;
}

double tr_shaped_ascent(const tr_shaped *sp)
{
	return sp->ascent;
}

double tr_shaped_descent(const tr_shaped *sp)
{
	return sp->descent;
}

double tr_shaped_cap_height(tr_shaper *s, const tr_shaped *sp)
{
	if (sp->n_runs == 0)
		return 0.7 * TR_REF_SIZE;
	PangoGlyphString *g = shape_char(sp->runs[0].gi.item, 'H');
	PangoRectangle ink;
	pango_glyph_string_extents(g, sp->runs[0].gi.item->analysis.font, &ink, NULL);
	pango_glyph_string_free(g);
	(void)s;
	return ink.height > 0 ? -ink.y / PU : 0.7 * TR_REF_SIZE;
}

double tr_shaped_space(const tr_shaped *sp)
{
	return sp->space;
}

int tr_shaped_unknown(const tr_shaped *sp)
{
	return sp->unknown;
}

int tr_shaped_clean_offset(const tr_shaped *sp, int byte)
{
	return sp->map[CLAMP(byte, 0, sp->map_len - 1)];
}


int tr_shaped_n_runs(const tr_shaped *sp)
{
	return sp->n_runs;
}

const PangoGlyphItem *tr_shaped_run(const tr_shaped *sp, int i)
{
	return &sp->runs[i].gi;
}

void tr_shaped_foreign_runs(const tr_shaped *sp, const char *want,
                            void (*fn)(void *data, int byte, const char *family),
                            void *data)
{
	for (int r = 0; r < sp->n_runs; r++) {
		PangoItem *it = sp->runs[r].gi.item;
		PangoFontDescription *fd = pango_font_describe(it->analysis.font);
		const char *got = pango_font_description_get_family(fd);
		if (got && g_ascii_strcasecmp(got, want) != 0)
			fn(data, it->offset, got);
		pango_font_description_free(fd);
	}
}

/* ------------------------------------------------------------------ */
/* Lines */

tr_textline *tr_textline_new(tr_shaped *sp, const tr_break_line *bl, double scale,
                             double space_delta, double track_delta)
{
	tr_textline *l = g_new0(tr_textline, 1);
	l->sp = tr_shaped_ref(sp);
	l->start = bl->start;
	l->end = bl->end;
	l->hyphen = bl->hyphen;
	l->scale = scale;
	l->space_delta = space_delta;
	l->track_delta = track_delta;
	return l;
}

void tr_textline_free(tr_textline *l)
{
	if (!l)
		return;
	tr_shaped_unref(l->sp);
	g_free(l);
}

/* The glyphs of run r that fall in [start, end), as a new glyph item with the
 * line's space and tracking adjustments; NULL when none do. */
static PangoGlyphItem *cut_run(const tr_textline *l, int r, int start, int end)
{
	const PangoGlyphItem *gi = &l->sp->runs[r].gi;
	const PangoItem *item = gi->item;
	int s = MAX(start, item->offset), e = MIN(end, item->offset + item->length);
	if (s >= e)
		return NULL;
	int i0 = -1, i1 = -1;
	for (int i = 0; i < gi->glyphs->num_glyphs; i++) {
		int b = item->offset + gi->glyphs->log_clusters[i];
		if (b >= s && b < e) {
			if (i0 < 0)
				i0 = i;
			i1 = i + 1;
		}
	}
	if (i0 < 0)
		return NULL;
	PangoGlyphItem *out = g_new(PangoGlyphItem, 1);
	out->item = pango_item_copy((PangoItem *)item);
	out->item->offset = s;
	out->item->length = e - s;
	out->item->num_chars = (int)g_utf8_strlen(l->sp->text + s, e - s);
	out->glyphs = pango_glyph_string_new();
	pango_glyph_string_set_size(out->glyphs, i1 - i0);
	int space = (int)lround(l->space_delta * PANGO_SCALE);
	int track = (int)lround(l->track_delta * PANGO_SCALE);
	for (int i = i0; i < i1; i++) {
		PangoGlyphInfo g = gi->glyphs->glyphs[i];
		int b = item->offset + gi->glyphs->log_clusters[i];
		if (l->sp->text[b] == ' ')
			g.geometry.width += space;
		else if (track && g.attr.is_cluster_start && tracks(l->sp->text, l->sp->len, b))
			g.geometry.width += track;
		out->glyphs->glyphs[i - i0] = g;
		out->glyphs->log_clusters[i - i0] = b - s;
	}
	return out;
}

static void glyph_item_free(PangoGlyphItem *gi)
{
	pango_item_free(gi->item);
	pango_glyph_string_free(gi->glyphs);
	g_free(gi);
}

/* The glyph item of the line's hyphen (text "-"). */
static PangoGlyphItem *hyphen_item(const tr_textline *l)
{
	int r = run_at(l->sp, MAX(l->end - 1, 0));
	const run *rn = &l->sp->runs[r];
	if (rn->hyphen.glyph == PANGO_GLYPH_EMPTY)
		return NULL;
	PangoGlyphItem *out = g_new(PangoGlyphItem, 1);
	out->item = item_for_text(rn->gi.item, 1);
	out->glyphs = pango_glyph_string_new();
	pango_glyph_string_set_size(out->glyphs, 1);
	memset(&out->glyphs->glyphs[0], 0, sizeof out->glyphs->glyphs[0]);
	out->glyphs->glyphs[0].glyph = rn->hyphen.glyph;
	out->glyphs->glyphs[0].geometry.width = rn->hyphen.width;
	out->glyphs->glyphs[0].attr.is_cluster_start = 1;
	out->glyphs->log_clusters[0] = 0;
	return out;
}

static bool run_colour(const PangoGlyphItem *gi, tr_rgb *out)
{
	for (GSList *a = gi->item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *attr = a->data;
		if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
			const PangoColor *c = &((const PangoAttrColor *)attr)->color;
			*out = (tr_rgb){ c->red / 65535.0, c->green / 65535.0, c->blue / 65535.0 };
			return true;
		}
	}
	return false;
}

/* Calls fn for each piece of the line in order: its runs, then its hyphen. */
static void each_piece(const tr_textline *l,
                       void (*fn)(void *data, PangoGlyphItem *gi, const char *text, double x),
                       void *data)
{
	double x = 0;
	for (int r = 0; r < l->sp->n_runs; r++) {
		PangoGlyphItem *gi = cut_run(l, r, l->start, l->end);
		if (!gi)
			continue;
		fn(data, gi, l->sp->text, x);
		x += pango_glyph_string_get_width(gi->glyphs) / PU * l->scale;
		glyph_item_free(gi);
	}
	if (l->hyphen) {
		PangoGlyphItem *gi = hyphen_item(l);
		if (gi) {
			fn(data, gi, "-", x);
			glyph_item_free(gi);
		}
	}
}

typedef struct {
	const tr_textline *l;
	cairo_t *cr;
	double x, y;
	tr_textline_ink ink;
	void *data;
} draw_job;

static void draw_piece(void *data, PangoGlyphItem *gi, const char *text, double x)
{
	draw_job *j = data;
	tr_rgb own;
	bool has = run_colour(gi, &own);
	tr_rgb c = j->ink(j->data, has ? &own : NULL);
	cairo_save(j->cr);
	cairo_set_source_rgb(j->cr, c.r, c.g, c.b);
	cairo_translate(j->cr, j->x + x, j->y);
	cairo_scale(j->cr, j->l->scale, j->l->scale);
	cairo_move_to(j->cr, 0, 0);
	pango_cairo_show_glyph_item(j->cr, text, gi);
	cairo_restore(j->cr);
}

void tr_textline_draw(const tr_textline *l, cairo_t *cr, double x, double y,
                      tr_textline_ink ink, void *data)
{
	draw_job j = { l, cr, x, y, ink, data };
	each_piece(l, draw_piece, &j);
}

typedef struct {
	double scale, width;
} width_job;

static void width_piece(void *data, PangoGlyphItem *gi, const char *text, double x)
{
	width_job *j = data;
	j->width = x + pango_glyph_string_get_width(gi->glyphs) / PU * j->scale;
	(void)text;
}

double tr_textline_width(const tr_textline *l)
{
	width_job j = { l->scale, 0 };
	each_piece(l, width_piece, &j);
	return j.width;
}

double tr_textline_x(const tr_textline *l, int byte)
{
	byte = CLAMP(byte, l->start, l->end);
	const tr_shaped *sp = l->sp;
	double x = sp->x[byte] - sp->x[l->start];
	int glyphs = 0;
	for (int b = l->start; b < byte; b = (int)(g_utf8_next_char(sp->text + b) - sp->text)) {
		if (sp->text[b] == ' ')
			x += l->space_delta;
		else if (tracks(sp->text, sp->len, b))
			glyphs++;
	}
	x += glyphs * l->track_delta;
	return x * l->scale;
}

typedef struct {
	const tr_textline *l;
	double box[4];
	bool any;
} ink_job;

static void ink_piece(void *data, PangoGlyphItem *gi, const char *text, double x)
{
	ink_job *j = data;
	PangoRectangle ink;
	pango_glyph_string_extents(gi->glyphs, gi->item->analysis.font, &ink, NULL);
	if (ink.width <= 0 || ink.height <= 0)
		return;
	double k = j->l->scale / PU;
	double x0 = x + ink.x * k, y0 = ink.y * k;
	double x1 = x0 + ink.width * k, y1 = y0 + ink.height * k;
	if (!j->any) {
		j->box[0] = x0, j->box[1] = y0, j->box[2] = x1, j->box[3] = y1;
		j->any = true;
	} else {
		j->box[0] = MIN(j->box[0], x0);
		j->box[1] = MIN(j->box[1], y0);
		j->box[2] = MAX(j->box[2], x1);
		j->box[3] = MAX(j->box[3], y1);
	}
	(void)text;
}

bool tr_textline_ink_box(const tr_textline *l, double box[4])
{
	ink_job j = { l, { 0 }, false };
	each_piece(l, ink_piece, &j);
	if (j.any)
		memcpy(box, j.box, sizeof j.box);
	return j.any;
}

bool tr_textline_ink_bound(const tr_textline *l, double box[4])
{
	const char *t = l->sp->text;
	for (const char *p = t + l->start; p < t + l->end; p = g_utf8_next_char(p))
		if ((unsigned char)*p >= 0x80 && g_unichar_ismark(g_utf8_get_char(p)))
			return false;
	double em = TR_REF_SIZE * l->scale, margin = 0.3 * em;
	box[0] = -margin;
	box[1] = -(l->sp->ascent * l->scale + margin);
	box[2] = tr_textline_width(l) + margin;
	box[3] = l->sp->descent * l->scale + margin;
	return true;
}

char *tr_textline_text(const tr_textline *l, bool show_tabs)
{
	GString *s = g_string_new(NULL);
	const char *t = l->sp->text;
	for (const char *p = t + l->start; p < t + l->end; p = g_utf8_next_char(p)) {
		if (*p == '\t' && show_tabs)
			g_string_append(s, " → ");
		else
			g_string_append_len(s, p, g_utf8_next_char(p) - p);
	}
	if (l->hyphen)
		g_string_append_c(s, '-');
	return g_string_free(s, FALSE);
}

PangoContext *tr_textline_context(const tr_textline *l)
{
	return l->sp->ctx;
}

PangoFont *tr_textline_font(const tr_textline *l)
{
	if (l->sp->n_runs == 0)
		return NULL;
	return g_object_ref(l->sp->runs[run_at(l->sp, l->start)].gi.item->analysis.font);
}
