/* engine.c — fitting and layout: model + description → placed pages. */
#include "layout/engine.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "layout/compose.h"
#include "typo/dates.h"
#include "typo/typo.h"

#define SIZE_STEP 0.25  /* candidate font sizes are multiples of this (pt) */
#define EPS_PT 0.01

struct tr_engine {
	tr_fonts *fonts;
	PangoContext *ctx;
	tr_composer *composer;
};

/* A frame of a chain. */
typedef struct {
	const tr_item *item;
	size_t page;
	const tr_item *stack; /* the stack the frame is in, or NULL */
} frame_ref;

/* Where a frame is for one placement, pt. A frame in a stack gets the room
 * left below the frames placed before it. */
typedef struct {
	double x, y, w, h;
	const char *id;
	size_t page;
} fgeom;

/* One line placed in a frame. */
typedef struct {
	PangoLayout *layout; /* a reference */
	int line;
	double x, y; /* baseline origin, pt, page coordinates */
	size_t page;
	const tr_para *p;
	int from;    /* byte offset of the layout's text in p->text */
	double size;
	const char *frame;
} placed_line;

/* How much did not fit. */
typedef struct {
	int lines;
	long chars;
	char wide[96]; /* the start of a line wider than its frame, or "" */
} overflow;

/* ------------------------------------------------------------------ */
/* Engine */

tr_engine *tr_engine_new(tr_fonts *fonts)
{
	tr_engine *e = g_new0(tr_engine, 1);
	e->fonts = fonts;
	e->ctx = tr_fonts_context(fonts);
	e->composer = tr_composer_new(e->ctx);
	return e;
}

void tr_engine_free(tr_engine *e)
{
	if (!e)
		return;
	tr_composer_free(e->composer);
	g_free(e);
}

bool tr_engine_check_fonts(tr_engine *e, const tr_layoutdesc *ld, tr_diag *d)
{
	return tr_fonts_check_layout(e->fonts, ld, d);
}

/* ------------------------------------------------------------------ */
/* Pango layouts */

/* A copy of attrs for the text that starts at byte from, shifted. */
static PangoAttrList *attrs_from(PangoAttrList *attrs, int from)
{
	PangoAttrList *out = pango_attr_list_new();
	GSList *all = pango_attr_list_get_attributes(attrs);
	for (GSList *l = all; l; l = l->next) {
		PangoAttribute *a = l->data;
		if ((int)a->end_index <= from) {
			pango_attribute_destroy(a);
			continue;
		}
		a->start_index = (int)a->start_index > from ? a->start_index - from : 0;
		a->end_index -= from;
		pango_attr_list_insert(out, a);
	}
	g_slist_free(all);
	return out;
}

/* A layout of p's text from byte `from`, at size (pt) and width (pt). */
static PangoLayout *make_layout(tr_engine *e, const tr_para *p, const tr_textstyle *st,
                                double size, double width, int from)
{
	PangoLayout *l = pango_layout_new(e->ctx);
	double sz = size * p->scale;
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family_static(fd, p->heading ? st->heading_font : st->font);
	pango_font_description_set_weight(fd, p->heading  ? st->heading_weight
	                                      : p->strong ? st->strong_weight
	                                                  : st->weight);
	pango_font_description_set_style(fd, (p->italic || st->italic) ? PANGO_STYLE_ITALIC
	                                                               : PANGO_STYLE_NORMAL);
	pango_font_description_set_absolute_size(fd, sz * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);

	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	switch (st->align) {
	case TR_ALIGN_CENTER: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER); break;
	case TR_ALIGN_RIGHT: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT); break;
	case TR_ALIGN_JUSTIFY: pango_layout_set_justify(l, TRUE); break;
	default: break;
	}
	if (p->tab > 0) {
		PangoTabArray *tabs = pango_tab_array_new_with_positions(
			1, FALSE, PANGO_TAB_LEFT, (int)(p->tab * sz * PANGO_SCALE));
		pango_layout_set_tabs(l, tabs);
		pango_tab_array_free(tabs);
	}
	if (p->hang > 0 && from == 0)
		pango_layout_set_indent(l, -(int)(p->hang * sz * PANGO_SCALE));

	PangoAttrList *attrs = attrs_from(p->attrs, from);
	PangoAttribute *a = pango_attr_line_height_new_absolute(
		(int)(st->leading * sz * PANGO_SCALE));
	pango_attr_list_insert_before(attrs, a);
	if (st->tracking != 0)
		pango_attr_list_insert_before(attrs, pango_attr_letter_spacing_new(
			(int)(st->tracking * sz * PANGO_SCALE)));
	if (p->accent || p->heading)
		pango_attr_list_insert_before(attrs, pango_attr_foreground_new(
			(guint16)(st->accent.r * 65535), (guint16)(st->accent.g * 65535),
			(guint16)(st->accent.b * 65535)));
	pango_layout_set_text(l, p->text + from, -1);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	return l;
}

/* Geometry of the lines of a layout, in points. */
typedef struct {
	int n;
	double *top, *height, *baseline, *x, *width;
	int *start; /* byte index of each line in the layout's text */
	bool valid; /* false when Pango's integer units overflowed (absurd sizes) */
} line_geom;

static void geom_get(PangoLayout *l, line_geom *g)
{
	g->n = pango_layout_get_line_count(l);
	g->top = g_new(double, 5 * g->n);
	g->height = g->top + g->n;
	g->baseline = g->height + g->n;
	g->x = g->baseline + g->n;
	g->width = g->x + g->n;
	g->start = g_new(int, g->n);
	g->valid = true;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	int i = 0;
	do {
		PangoRectangle log;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		pango_layout_iter_get_line_extents(it, NULL, &log);
		PangoRectangle own;
		pango_layout_line_get_extents(line, NULL, &own);
		g->top[i] = log.y / (double)PANGO_SCALE;
		g->height[i] = log.height / (double)PANGO_SCALE;
		g->baseline[i] = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
		g->x[i] = (log.x - own.x) / (double)PANGO_SCALE;
		g->width[i] = log.width / (double)PANGO_SCALE;
		g->start[i] = line->start_index;
		/* Pango measures in int units of 1/1024 pt: past about 2 million points
		 * they wrap around. No frame is that tall, so such a text cannot fit. */
		if (log.height < 0 || log.width < 0 || (i > 0 && g->top[i] < g->top[i - 1]))
			g->valid = false;
		i++;
	} while (pango_layout_iter_next_line(it) && i < g->n);
	pango_layout_iter_free(it);
}

static void geom_clear(line_geom *g)
{
	g_free(g->top);
	g_free(g->start);
}

/* Characters of text from byte from on, soft hyphens not counted. */
static long count_chars(const char *text)
{
	long n = 0;
	for (const char *s = text; *s; s = g_utf8_next_char(s))
		if (g_utf8_get_char(s) != 0x00AD)
			n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Fitting */

typedef struct {
	tr_engine *e;
	const tr_textblock *tb;
	const fgeom *frames;
	size_t nf;
	const tr_textstyle *st; /* the chain's style: that of its first frame */
	bool check_width;       /* false for justified text (Pango's soft-hyphen bug) */
	bool chain;             /* several frames: widow and orphan control */
} chain_job;

/* Where a placement ended: the frame and the height used in it (pt). */
typedef struct {
	size_t frame;
	double y;
} chain_end;

/* Copies the first words of text (at most size - 1 bytes, whole characters,
 * no soft hyphens) into buf, for a message. */
static void line_start(char *buf, size_t size, const char *text)
{
	size_t n = 0;
	for (const char *t = text; *t && *t != '\n'; t = g_utf8_next_char(t)) {
		size_t len = g_utf8_next_char(t) - t;
		if (g_utf8_get_char(t) == 0x00AD)
			continue;
		if (n + len + 4 >= size) {
			memcpy(buf + n, "…", 3);
			n += 3;
			break;
		}
		memcpy(buf + n, t, len);
		n += len;
	}
	buf[n] = '\0';
}

/* True when line i is wider than the frame: a word longer than the column.
 * Justified lines that end at a soft hyphen may pass the margin by the hyphen's
 * width (a Pango 1.50 bug that fix_justified_overflow() takes back from the
 * spaces): up to half an em is tolerated there, if the line has spaces. */
static bool line_too_wide(const chain_job *job, PangoLayout *l, const line_geom *g, int i,
                          double frame_w, double size)
{
	double excess = MAX(-g->x[i], g->x[i] + g->width[i] - frame_w);
	if (excess <= EPS_PT)
		return false;
	if (job->check_width)
		return true;
	if (excess > 0.5 * size)
		return true;
	const char *text = pango_layout_get_text(l);
	int end = i + 1 < g->n ? g->start[i + 1] : (int)strlen(text);
	return memchr(text + g->start[i], ' ', end - g->start[i]) == NULL;
}

/* Lays the chain's text out at size. Returns true when everything fits. When
 * out is not NULL the placed lines are appended to it; when ov is not NULL and
 * the text does not fit, it receives how much is left over. */
static bool place_chain(const chain_job *job, double size, GArray *out, overflow *ov,
                        chain_end *end)
{
	size_t fi = 0;
	double y = 0;
	int total_lines = 0;
	const tr_textstyle *st = job->st;
	bool fits = true;
	if (ov)
		ov->lines = 0, ov->chars = 0, ov->wide[0] = '\0';

	for (guint pi = 0; pi < job->tb->paras->len; pi++) {
		const tr_para *p = g_ptr_array_index(job->tb->paras, pi);
		int from = 0;
		double gap = p->space_before >= 0 ? p->space_before : st->para_space;
		gap *= size;
		bool first_piece = true;
		for (;;) {
			if (fi >= job->nf) {
				fits = false;
				if (!ov)
					return false;
				/* Count what is left at the last frame's width. */
				PangoLayout *l = make_layout(job->e, p, st, size,
				                             job->frames[job->nf - 1].w, from);
				ov->lines += pango_layout_get_line_count(l);
				ov->chars += count_chars(p->text + from);
				g_object_unref(l);
				break;
			}
			const fgeom *fr = &job->frames[fi];
			PangoLayout *l = make_layout(job->e, p, st, size, fr->w, from);
			line_geom g;
			geom_get(l, &g);
			if (!g.valid)
				fits = false;
			for (int i = 0; i < g.n && fits; i++)
				if (line_too_wide(job, l, &g, i, fr->w, size * p->scale)) {
					fits = false;
					if (ov)
						line_start(ov->wide, sizeof ov->wide,
						           pango_layout_get_text(l) + g.start[i]);
				}
			if (!fits && !ov) {
				geom_clear(&g);
				g_object_unref(l);
				return false;
			}
			double y0 = y + ((y > 0 && first_piece) ? gap : 0);
			double avail = fr->h - y0;
			int k = 0;
			while (k < g.n && g.top[k] + g.height[k] - g.top[0] <= avail + EPS_PT)
				k++;
			if (job->chain && k < g.n && fi + 1 < job->nf) {
				if (k == 1 && g.n > 1)
					k = 0; /* no orphan: a lone first line at the foot */
				else if (k >= 2 && g.n - k == 1 && g.n >= 3)
					k--;   /* no widow: a lone last line at the head */
			}
			if (out)
				for (int i = 0; i < k; i++) {
					placed_line pl = {
						g_object_ref(l), i, fr->x + g.x[i],
						fr->y + y0 + g.baseline[i] - g.top[0],
						fr->page, p, from, size * p->scale, fr->id
					};
					g_array_append_val(out, pl);
				}
			total_lines += k;
			if (k == g.n) {
				y = y0 + g.top[g.n - 1] + g.height[g.n - 1] - g.top[0];
				geom_clear(&g);
				g_object_unref(l);
				break;
			}
			/* The rest goes to the next frame. */
			from += g.start[k];
			first_piece = false;
			fi++;
			y = 0;
			geom_clear(&g);
			g_object_unref(l);
		}
		if (fi >= job->nf && !ov)
			return false;
	}
	if (st->max_lines > 0 && total_lines > st->max_lines)
		fits = false;
	if (end)
		*end = (chain_end){ MIN(fi, job->nf - 1), y };
	return fits;
}

/* Narrows a one-frame text to the smallest width that keeps its line count, so
 * that a title's lines are balanced instead of a full first line and a short
 * last one. Returns the width to use (pt). */
static double balanced_width(const chain_job *job, double size, double width)
{
	const tr_para *p = g_ptr_array_index(job->tb->paras, 0);
	PangoLayout *l = make_layout(job->e, p, job->st, size, width, 0);
	int n = pango_layout_get_line_count(l);
	g_object_unref(l);
	if (n < 2)
		return width;
	double lo = width / n, hi = width;
	while (hi - lo > 1.0) {
		double mid = (lo + hi) / 2;
		l = make_layout(job->e, p, job->st, size, mid, 0);
		int m = pango_layout_get_line_count(l);
		PangoRectangle log;
		pango_layout_get_extents(l, NULL, &log);
		g_object_unref(l);
		if (m == n && log.width <= mid * PANGO_SCALE)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* The size at fraction t (0..1) of a style's range, a multiple of SIZE_STEP
 * above the minimum. */
static double size_at(const tr_textstyle *st, double t)
{
	double steps = floor(t * (st->size_max - st->size_min) / SIZE_STEP + 1e-9);
	return st->size_min + steps * SIZE_STEP;
}

/* Finds the largest t = k / steps (k = 0 … steps) for which fits(t) holds, by
 * bisection: each try lays the texts out again, the costly part of a build, so
 * steps is the number of distinct sizes of the widest range, no more. t = 0 is
 * tried only when every larger t failed. Returns false when even t = 0 does not
 * fit. */
static bool search_fraction(bool (*fits)(void *, double), void *data, int steps, double *t)
{
	*t = 1.0;
	if (steps < 1)
		return fits(data, 1.0);
	if (fits(data, 1.0))
		return true;
	int lo = 0, hi = steps; /* hi does not fit; lo is assumed to */
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (fits(data, (double)mid / steps))
			lo = mid;
		else
			hi = mid;
	}
	*t = (double)lo / steps;
	return lo > 0 || fits(data, 0.0);
}

/* How finely the size search divides a range: its quarter points, but no more
 * than MAX_STEPS parts. Every try costs a layout with new font sizes, and for a
 * wide range of display sizes (a poster title from 108 to 180 pt: 288 quarter
 * points) a step of 3 pt fills the frame as well as 0.25 pt would. */
#define MAX_STEPS 24
static int size_steps(const tr_textstyle *st)
{
	int n = (int)floor((st->size_max - st->size_min) / SIZE_STEP + 1e-9);
	return MIN(n, MAX_STEPS);
}

/* ------------------------------------------------------------------ */
/* Checks on the final layouts */

/* Pango's justification can leave lines that end at a soft hyphen wider than the
 * frame by the hyphen's width (Pango 1.50). Take the excess back from the line's
 * spaces so that nothing crosses the margin. */
static void fix_justified_overflow(PangoLayout *l)
{
	int width = pango_layout_get_width(l);
	const char *text = pango_layout_get_text(l);
	int n = pango_layout_get_line_count(l);
	for (int li = 0; li < n; li++) {
		PangoLayoutLine *line = pango_layout_get_line(l, li);
		int sum = 0, spaces = 0;
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *gi = r->data;
			for (int i = 0; i < gi->glyphs->num_glyphs; i++) {
				sum += gi->glyphs->glyphs[i].geometry.width;
				if (text[gi->item->offset + gi->glyphs->log_clusters[i]] == ' ')
					spaces++;
			}
		}
		int excess = sum - width;
		if (excess <= 0 || spaces == 0)
			continue;
		int share = (excess + spaces - 1) / spaces;
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *gi = r->data;
			for (int i = 0; i < gi->glyphs->num_glyphs; i++)
				if (text[gi->item->offset + gi->glyphs->log_clusters[i]] == ' ')
					gi->glyphs->glyphs[i].geometry.width -= share;
		}
	}
}

/* Reports characters the frame's font lacks: drawn with another font (warning)
 * or not at all (error). Returns false on an error. */
static bool check_glyphs(PangoLayout *l, const tr_para *p, const tr_textstyle *st,
                         const tr_textblock *tb, const char *frame, const char *file,
                         tr_diag *d)
{
	bool ok = true;
	const char *want = p->heading ? st->heading_font : st->font;
	const char *text = pango_layout_get_text(l);
	GSList *lines = pango_layout_get_lines_readonly(l);
	for (GSList *ll = lines; ll; ll = ll->next) {
		PangoLayoutLine *line = ll->data;
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *gi = r->data;
			for (int i = 0; i < gi->glyphs->num_glyphs; i++) {
				if (!(gi->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
					continue;
				gunichar c = g_utf8_get_char(text + gi->item->offset +
				                             gi->glyphs->log_clusters[i]);
				tr_diag_add(d, TR_SEV_ERROR, file, tb->pos,
				            "no font can draw the character U+%04X in the %s "
				            "(frame \"%s\"): remove it or add a font that has it to fonts/",
				            c, tb->what, frame);
				return false;
			}
			PangoFontDescription *fd = pango_font_describe(gi->item->analysis.font);
			const char *got = pango_font_description_get_family(fd);
			if (got && g_ascii_strcasecmp(got, want) != 0) {
				gunichar c = g_utf8_get_char(text + gi->item->offset);
				if (!g_unichar_isspace(c) && c != 0x00AD)
					tr_diag_add(d, TR_SEV_WARNING, file, tb->pos,
					            "the font %s has no '%.*s' (U+%04X), used in the %s: "
					            "it is drawn with %s",
					            want, (int)(g_utf8_next_char(text + gi->item->offset) -
					                        (text + gi->item->offset)),
					            text + gi->item->offset, c, tb->what, got);
			}
			pango_font_description_free(fd);
		}
	}
	return ok;
}

/* ------------------------------------------------------------------ */
/* Document */

static void op_clear(tr_op *op)
{
	if (op->layout)
		g_object_unref(op->layout);
	g_free(op->uri);
	g_free(op->frame);
}

void tr_doc_free(tr_doc *doc)
{
	if (!doc)
		return;
	for (size_t p = 0; p < doc->n_pages; p++) {
		for (size_t i = 0; i < doc->pages[p].n_ops; i++)
			op_clear(&doc->pages[p].ops[i]);
		g_free(doc->pages[p].ops);
		g_free(doc->pages[p].name);
	}
	g_free(doc->pages);
	g_free(doc->name);
	g_free(doc->kind);
	g_free(doc->title);
	g_free(doc->author);
	g_free(doc->subject);
	g_free(doc->keywords);
	g_free(doc);
}

/* The plain text of a field for metadata: typography applied, no markers. */
static char *meta_text(const char *raw, tr_lang lang)
{
	if (!raw)
		return NULL;
	char *m = tr_inline_parse(raw);
	char *t = tr_typo_apply(m, lang);
	char *s = tr_inline_strip(t);
	g_free(m);
	g_free(t);
	return s;
}

static void set_metadata(tr_doc *doc, const tr_event *ev)
{
	doc->lang = ev->lang;
	doc->title = meta_text(ev->title.text, ev->lang);
	doc->author = meta_text(ev->organiser.name.text, ev->lang);
	GString *s = g_string_new(NULL);
	if (ev->subtitle.text) {
		char *t = meta_text(ev->subtitle.text, ev->lang);
		g_string_append_printf(s, "%s — ", t);
		g_free(t);
	}
	char *when = tr_date_format_when(ev->sessions, ev->n_sessions, ev->lang);
	g_string_append(s, when);
	g_free(when);
	if (ev->venue.name.text)
		g_string_append_printf(s, ", %s", ev->venue.name.text);
	if (ev->venue.city.text)
		g_string_append_printf(s, ", %s", ev->venue.city.text);
	doc->subject = g_string_free(s, FALSE);
	s = g_string_new(NULL);
	for (size_t i = 0; i < ev->n_keywords; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", ev->keywords[i].text);
	doc->keywords = g_string_free(s, FALSE);
}

/* Link rectangles for a placed line whose paragraph has links. */
static void add_link_ops(GArray *ops, const placed_line *pl)
{
	if (!pl->p->links)
		return;
	PangoLayoutLine *line = pango_layout_get_line_readonly(pl->layout, pl->line);
	PangoRectangle log;
	pango_layout_line_get_extents(line, NULL, &log);
	for (guint i = 0; i < pl->p->links->len; i++) {
		const tr_link_span *ls = &g_array_index(pl->p->links, tr_link_span, i);
		int s = ls->start - pl->from, e = ls->end - pl->from;
		int ls0 = line->start_index, le0 = line->start_index + line->length;
		if (e <= ls0 || s >= le0)
			continue;
		s = MAX(s, ls0);
		e = MIN(e, le0);
		int xs, xe;
		pango_layout_line_index_to_x(line, s, FALSE, &xs);
		pango_layout_line_index_to_x(line, e, FALSE, &xe);
		tr_op op = { .kind = TR_OP_LINK };
		op.x = pl->x + xs / (double)PANGO_SCALE;
		op.w = (xe - xs) / (double)PANGO_SCALE;
		op.y = pl->y + log.y / (double)PANGO_SCALE;
		op.h = log.height / (double)PANGO_SCALE;
		op.uri = g_strdup(ls->uri);
		g_array_append_val(ops, op);
	}
}

/* A chain being laid out: the frames bound to one field. */
typedef struct {
	tr_binding field;
	GArray *frames;   /* of frame_ref */
	tr_textblock tb;
	bool has_text;
	const tr_item *stack; /* the stack it goes through, or NULL */
	GArray *lines;    /* of placed_line */
} chain;

/* Frees an array of placed lines and their layout references; accepts NULL. */
static void lines_free(GArray *lines)
{
	if (!lines)
		return;
	for (guint i = 0; i < lines->len; i++)
		g_object_unref(g_array_index(lines, placed_line, i).layout);
	g_array_unref(lines);
}

static void chain_clear(chain *c)
{
	if (c->frames)
		g_array_unref(c->frames);
	tr_textblock_clear(&c->tb);
	lines_free(c->lines);
}

static const tr_textstyle *chain_style(const chain *c)
{
	return &g_array_index(c->frames, frame_ref, 0).item->style;
}

/* The geometry of a chain's frames; a frame in a stack starts at cursor (pt)
 * and has the room left down to the stack's foot. g_free() the result. */
static fgeom *chain_geometry(const chain *c, double cursor)
{
	fgeom *g = g_new(fgeom, c->frames->len);
	for (guint i = 0; i < c->frames->len; i++) {
		const frame_ref *fr = &g_array_index(c->frames, frame_ref, i);
		const tr_item *it = fr->item;
		g[i] = (fgeom){ it->x * TR_MM_TO_PT, it->y * TR_MM_TO_PT, it->w * TR_MM_TO_PT,
		                it->h * TR_MM_TO_PT, it->id, fr->page };
		if (fr->stack) {
			double foot = (fr->stack->y + fr->stack->h) * TR_MM_TO_PT;
			g[i].y = cursor;
			g[i].h = MAX(0, foot - cursor);
		}
	}
	return g;
}

static chain_job job_for(tr_engine *e, const chain *c, const fgeom *g)
{
	const tr_textstyle *st = chain_style(c);
	return (chain_job){ e, &c->tb, g, c->frames->len, st,
	                    st->align != TR_ALIGN_JUSTIFY && !st->hyphenate,
	                    c->frames->len > 1 };
}

/* Reports a chain that does not fit even at its smallest size. */
static void report_overflow(const tr_event *ev, const tr_layoutdesc *ld, const chain *c,
                            const chain_job *job, tr_diag *d)
{
	const tr_textstyle *st = job->st;
	const tr_item *first = g_array_index(c->frames, frame_ref, 0).item;
	overflow ov;
	place_chain(job, st->size_min, NULL, &ov, NULL);
	GString *names = g_string_new(NULL);
	for (guint i = 0; i < c->frames->len; i++) {
		const frame_ref *fr = &g_array_index(c->frames, frame_ref, i);
		g_string_append_printf(names, "%s\"%s\" (%s%s)", i ? ", " : "", fr->item->id,
		                       ld->pages[fr->page].name, fr->stack ? ", in a stack" : "");
	}
	if (ov.wide[0])
		tr_diag_add(d, TR_SEV_ERROR, ev->path, c->tb.pos,
		            "the %s does not fit in the layout %s even at its smallest "
		            "size, %.4g pt: a word is wider than the frame, in \"%s\"",
		            c->tb.what, ld->name, st->size_min, ov.wide);
	else if (ov.lines > 0 || ov.chars > 0)
		tr_diag_add(d, TR_SEV_ERROR, ev->path, c->tb.pos,
		            "the %s does not fit in the layout %s even at its smallest "
		            "size, %.4g pt: about %ld characters or %d lines too long",
		            c->tb.what, ld->name, st->size_min, ov.chars, ov.lines);
	else
		tr_diag_add(d, TR_SEV_ERROR, ev->path, c->tb.pos,
		            "the %s does not fit in the layout %s even at its smallest "
		            "size, %.4g pt: it needs more lines than the frame allows "
		            "(max-lines %d)",
		            c->tb.what, ld->name, st->size_min, st->max_lines);
	tr_diag_add(d, TR_SEV_NOTE, ld->path, first->pos,
	            "%s: frame%s %s, %.4g to %.4g pt; shorten the text, or use a "
	            "layout with more room",
	            c->tb.what, c->frames->len > 1 ? "s" : "", names->str, st->size_min,
	            st->size_max);
	g_string_free(names, TRUE);
}

/* Final checks and fixes on the layouts actually drawn. */
static bool finish_lines(const tr_event *ev, chain *c, tr_diag *d)
{
	const tr_textstyle *st = chain_style(c);
	const tr_item *first = g_array_index(c->frames, frame_ref, 0).item;
	bool ok = true;
	PangoLayout *prev = NULL;
	for (guint i = 0; i < c->lines->len; i++) {
		placed_line *pl = &g_array_index(c->lines, placed_line, i);
		if (pl->layout == prev)
			continue;
		prev = pl->layout;
		if (st->align == TR_ALIGN_JUSTIFY)
			fix_justified_overflow(pl->layout);
		if (!check_glyphs(pl->layout, pl->p, st, &c->tb, first->id, ev->path, d))
			ok = false;
	}
	return ok;
}

typedef struct {
	tr_engine *e;
	chain *c;
	const fgeom *g;
	chain_end end; /* of the last try */
} chain_fit;

/* One try of the size search. The lines of the last try that fits are kept in
 * the chain (the bisection's last success is its answer), so the chosen size is
 * not laid out a second time. */
static bool chain_fits(void *data, double t)
{
	chain_fit *f = data;
	chain_job job = job_for(f->e, f->c, f->g);
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(placed_line));
	chain_end end;
	bool ok = place_chain(&job, size_at(job.st, t), lines, NULL, &end);
	if (ok) {
		lines_free(f->c->lines);
		f->c->lines = lines;
		f->end = end;
	} else {
		lines_free(lines);
	}
	return ok;
}

/* Lays out a chain of fixed frames; false (with an error in d) when its text
 * does not fit. */
static bool run_chain(tr_engine *e, const tr_event *ev, const tr_layoutdesc *ld,
                      chain *c, tr_diag *d)
{
	fgeom *g = chain_geometry(c, 0);
	chain_job job = job_for(e, c, g);
	const tr_textstyle *st = job.st;
	chain_fit f = { e, c, g, { 0, 0 } };
	double t;
	if (!search_fraction(chain_fits, &f, size_steps(st), &t)) {
		report_overflow(ev, ld, c, &job, d);
		g_free(g);
		return false;
	}
	/* c->lines holds the placement at the chosen size (the last try that fit). */
	double size = size_at(st, t);
	chain_end end = f.end;
	/* Titles: balance the lines by narrowing the frame. */
	double full_w = g[0].w, dx = 0;
	if (st->balance && c->frames->len == 1 && c->tb.paras->len == 1) {
		double bw = balanced_width(&job, size, full_w);
		if (bw < full_w) {
			g[0].w = bw; /* job.frames is g */
			dx = st->align == TR_ALIGN_CENTER  ? (full_w - bw) / 2
			     : st->align == TR_ALIGN_RIGHT ? full_w - bw
			                                   : 0;
			lines_free(c->lines);
			c->lines = g_array_new(FALSE, FALSE, sizeof(placed_line));
			place_chain(&job, size, c->lines, NULL, &end);
		}
	}
	double dy = 0;
	if (c->frames->len == 1 && st->valign != TR_VALIGN_TOP) {
		double free_h = g[0].h - end.y;
		dy = st->valign == TR_VALIGN_MIDDLE ? free_h / 2 : free_h;
	}
	for (guint i = 0; i < c->lines->len; i++) {
		g_array_index(c->lines, placed_line, i).x += dx;
		g_array_index(c->lines, placed_line, i).y += dy;
	}
	g_free(g);
	return finish_lines(ev, c, d);
}

/* A stack being fitted: the chains that go through it, in the stack's order. */
typedef struct {
	tr_engine *e;
	const tr_item *stack;
	chain **chains; /* in the order of the stack's children */
	size_t n;
	size_t failed;  /* the chain that did not fit at the last try */
	double foot;    /* where the last try that fit ended, pt */
} stack_fit;

/* Places the stack's chains one under the other at fraction t. With collect,
 * keeps the placed lines in each chain. */
static bool stack_place(stack_fit *sf, double t, GArray **out, double *foot)
{
	double cursor = sf->stack->y * TR_MM_TO_PT;
	double gap = sf->stack->gap * TR_MM_TO_PT;
	for (size_t i = 0; i < sf->n; i++) {
		chain *c = sf->chains[i];
		fgeom *g = chain_geometry(c, cursor);
		chain_job job = job_for(sf->e, c, g);
		chain_end end;
		if (out)
			out[i] = g_array_new(FALSE, FALSE, sizeof(placed_line));
		bool ok = place_chain(&job, size_at(job.st, t), out ? out[i] : NULL, NULL, &end);
		if (ok) {
			const frame_ref *fr = &g_array_index(c->frames, frame_ref, end.frame);
			if (fr->stack == sf->stack && end.y > 0)
				cursor += end.y + gap;
		}
		g_free(g);
		if (!ok) {
			sf->failed = i;
			return false;
		}
	}
	if (foot)
		*foot = cursor > sf->stack->y * TR_MM_TO_PT ? cursor - gap : cursor;
	return true;
}

/* One try of the stack's size search; as chain_fits(), the lines of the last
 * try that fits are kept in the chains. */
static bool stack_fits(void *data, double t)
{
	stack_fit *sf = data;
	GArray **lines = g_new0(GArray *, sf->n);
	double foot;
	bool ok = stack_place(sf, t, lines, &foot);
	for (size_t i = 0; i < sf->n; i++) {
		if (ok) {
			lines_free(sf->chains[i]->lines);
			sf->chains[i]->lines = lines[i];
		} else {
			lines_free(lines[i]);
		}
	}
	if (ok)
		sf->foot = foot;
	g_free(lines);
	return ok;
}

/* True when the placed line is in a frame of the stack. */
static bool line_in_stack(const chain *c, const placed_line *pl, const tr_item *stack)
{
	for (guint i = 0; i < c->frames->len; i++) {
		const frame_ref *fr = &g_array_index(c->frames, frame_ref, i);
		if (fr->stack == stack && fr->page == pl->page && strcmp(fr->item->id, pl->frame) == 0)
			return true;
	}
	return false;
}

/* Moves a stack's texts down to its middle or foot (its valign), unless a text
 * flows into it from an earlier frame: that one must go on at the top. */
static void stack_align(const stack_fit *sf, double foot)
{
	const tr_item *stack = sf->stack;
	if (stack->style.valign == TR_VALIGN_TOP)
		return;
	for (size_t i = 0; i < sf->n; i++) {
		const chain *c = sf->chains[i];
		if (g_array_index(c->frames, frame_ref, 0).stack == stack)
			continue;
		for (guint li = 0; li < c->lines->len; li++)
			if (line_in_stack(c, &g_array_index(c->lines, placed_line, li), stack))
				return;
	}
	double free_h = (stack->y + stack->h) * TR_MM_TO_PT - foot;
	double dy = stack->style.valign == TR_VALIGN_MIDDLE ? free_h / 2 : free_h;
	for (size_t i = 0; i < sf->n; i++) {
		const chain *c = sf->chains[i];
		for (guint li = 0; li < c->lines->len; li++) {
			placed_line *pl = &g_array_index(c->lines, placed_line, li);
			if (line_in_stack(c, pl, stack))
				pl->y += dy;
		}
	}
}

/* Fits all the texts that go through a stack together: one fraction t of each
 * one's size range. False (error in d) when they do not fit even at t = 0. */
static bool run_stack(tr_engine *e, const tr_event *ev, const tr_layoutdesc *ld,
                      const tr_item *stack, chain *chains, tr_diag *d)
{
	stack_fit sf = { e, stack, g_new(chain *, stack->n_children), 0, 0 };
	for (size_t i = 0; i < stack->n_children; i++) {
		chain *c = &chains[stack->children[i].field];
		if (c->frames && c->has_text && c->stack == stack && !c->lines) {
			bool seen = false;
			for (size_t j = 0; j < sf.n; j++)
				seen |= sf.chains[j] == c;
			if (!seen)
				sf.chains[sf.n++] = c;
		}
	}
	int steps = 0;
	for (size_t i = 0; i < sf.n; i++)
		steps = MAX(steps, size_steps(chain_style(sf.chains[i])));
	double t = 1.0;
	bool ok = sf.n == 0 || search_fraction(stack_fits, &sf, steps, &t);
	if (!ok) {
		/* Say which text overflows, in the room the texts before it leave. */
		stack_place(&sf, 0.0, NULL, NULL);
		chain *c = sf.chains[sf.failed];
		double cursor = stack->y * TR_MM_TO_PT;
		for (size_t i = 0; i < sf.failed; i++) {
			fgeom *g = chain_geometry(sf.chains[i], cursor);
			chain_job job = job_for(e, sf.chains[i], g);
			chain_end end;
			place_chain(&job, size_at(job.st, 0), NULL, NULL, &end);
			if (g_array_index(sf.chains[i]->frames, frame_ref, end.frame).stack == stack &&
			    end.y > 0)
				cursor += end.y + stack->gap * TR_MM_TO_PT;
			g_free(g);
		}
		fgeom *g = chain_geometry(c, cursor);
		chain_job job = job_for(e, c, g);
		report_overflow(ev, ld, c, &job, d);
		g_free(g);
	} else {
		stack_align(&sf, sf.foot); /* the chains hold the lines of size t */
		for (size_t i = 0; i < sf.n; i++)
			ok &= finish_lines(ev, sf.chains[i], d);
	}
	g_free(sf.chains);
	return ok;
}

/* Adds the frames of one text item (or of a stack's children) to their chains. */
static void gather(tr_engine *e, const tr_event *ev, const tr_item *it, size_t page,
                   const tr_item *stack, chain *chains)
{
	if (!tr_compose_has_content(ev, it->when))
		return;
	if (it->kind == TR_ITEM_STACK) {
		for (size_t i = 0; i < it->n_children; i++)
			gather(e, ev, &it->children[i], page, it, chains);
		return;
	}
	if (it->kind != TR_ITEM_TEXT)
		return;
	chain *c = &chains[it->field];
	if (!c->frames) {
		c->field = it->field;
		c->frames = g_array_new(FALSE, FALSE, sizeof(frame_ref));
		c->has_text = tr_compose_block(e->composer, ev, it->field, &it->style, &c->tb);
	}
	if (stack && !c->stack)
		c->stack = stack;
	frame_ref fr = { it, page, stack };
	g_array_append_val(c->frames, fr);
}

/* Appends the drawing operations of one item. */
static void emit_item(GArray *ops, const tr_event *ev, const tr_item *it, size_t p,
                      chain *chains)
{
	if (!tr_compose_has_content(ev, it->when))
		return;
	tr_op op = { 0 };
	op.x = it->x * TR_MM_TO_PT;
	op.y = it->y * TR_MM_TO_PT;
	op.w = it->w * TR_MM_TO_PT;
	op.h = it->h * TR_MM_TO_PT;
	op.colour = it->colour;
	op.line_width = it->line_width;
	op.bleed = it->bleed;
	switch (it->kind) {
	case TR_ITEM_RECT:
		op.kind = TR_OP_RECT;
		g_array_append_val(ops, op);
		break;
	case TR_ITEM_RULE:
		op.kind = TR_OP_RULE;
		g_array_append_val(ops, op);
		break;
	case TR_ITEM_STACK:
		for (size_t i = 0; i < it->n_children; i++)
			emit_item(ops, ev, &it->children[i], p, chains);
		break;
	case TR_ITEM_TEXT: {
		chain *c = &chains[it->field];
		if (!c->lines)
			break;
		for (guint li = 0; li < c->lines->len; li++) {
			placed_line *pl = &g_array_index(c->lines, placed_line, li);
			if (pl->page != p || strcmp(pl->frame, it->id) != 0)
				continue;
			tr_op lop = { .kind = TR_OP_LINE, .colour = it->style.colour };
			lop.layout = g_object_ref(pl->layout);
			lop.line = pl->line;
			lop.x = pl->x;
			lop.y = pl->y;
			lop.line_width = pl->size; /* the line's font size, for dumps */
			lop.frame = g_strdup(it->id);
			g_array_append_val(ops, lop);
			add_link_ops(ops, pl);
		}
		break;
	}
	default:
		break;
	}
}

static bool needs_hyphenation(const tr_item *it)
{
	if (it->kind == TR_ITEM_TEXT)
		return it->style.hyphenate;
	for (size_t i = 0; i < it->n_children; i++)
		if (needs_hyphenation(&it->children[i]))
			return true;
	return false;
}

tr_doc *tr_engine_run(tr_engine *e, const tr_event *ev, const tr_layoutdesc *ld,
                      tr_diag *d)
{
	if (!tr_engine_check_fonts(e, ld, d))
		return NULL;
	bool needed = false;
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++)
			needed |= needs_hyphenation(&ld->pages[p].items[i]);
	GError *err = NULL;
	if (needed && !tr_composer_load_hyphenation(e->composer, ev->lang, &err)) {
		tr_diag_add(d, TR_SEV_ERROR, NULL, TR_NOPOS, "%s", err->message);
		g_error_free(err);
		return NULL;
	}

	/* Gather the chains: text frames with the same field, in page order. */
	chain chains[TR_BIND__MAX];
	memset(chains, 0, sizeof chains);
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++)
			gather(e, ev, &ld->pages[p].items[i], p, NULL, chains);
	bool ok = true;
	for (int b = 0; b < TR_BIND__MAX; b++)
		if (chains[b].frames && chains[b].has_text && !chains[b].stack)
			ok &= run_chain(e, ev, ld, &chains[b], d);
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++) {
			const tr_item *it = &ld->pages[p].items[i];
			if (it->kind == TR_ITEM_STACK && tr_compose_has_content(ev, it->when))
				ok &= run_stack(e, ev, ld, it, chains, d);
		}

	tr_doc *doc = NULL;
	if (!ok)
		goto out;
	doc = g_new0(tr_doc, 1);
	doc->name = g_strdup(ld->name);
	doc->kind = g_strdup(ld->kind);
	/* ISO sizes to the hundredth of a point, as print shops expect them:
	 * A5 is 419.53 x 595.28 pt, A3 841.89 x 1190.55 pt. */
	doc->width = round(ld->width * TR_MM_TO_PT * 100) / 100;
	doc->height = round(ld->height * TR_MM_TO_PT * 100) / 100;
	doc->paper = ld->paper;
	doc->n_pages = ld->n_pages;
	doc->pages = g_new0(tr_docpage, ld->n_pages);
	set_metadata(doc, ev);
	for (size_t p = 0; p < ld->n_pages; p++) {
		GArray *ops = g_array_new(FALSE, TRUE, sizeof(tr_op));
		doc->pages[p].name = g_strdup(ld->pages[p].name);
		for (size_t i = 0; i < ld->pages[p].n_items; i++)
			emit_item(ops, ev, &ld->pages[p].items[i], p, chains);
		doc->pages[p].n_ops = ops->len;
		doc->pages[p].ops = (tr_op *)g_array_free(ops, FALSE);
	}
out:
	for (int b = 0; b < TR_BIND__MAX; b++)
		chain_clear(&chains[b]);
	return doc;
}

/* ------------------------------------------------------------------ */
/* Dump */

static void dump_rgb(GString *s, tr_rgb c)
{
	g_string_append_printf(s, "#%02x%02x%02x", (int)lround(c.r * 255),
	                       (int)lround(c.g * 255), (int)lround(c.b * 255));
}

/* A line's text as it reads on the page: soft hyphens are invisible except at
 * the end of the line, where the drawn hyphen shows as "-"; a tab shows as
 * " → " so that a diff of dumps makes it visible. */
static void dump_drawn(GString *s, const char *text, int len)
{
	const char *end = text + len;
	for (const char *t = text; t < end; t = g_utf8_next_char(t)) {
		gunichar c = g_utf8_get_char(t);
		if (c == 0x00AD) {
			if (g_utf8_next_char(t) >= end)
				g_string_append_c(s, '-');
		} else if (c == '\t') {
			g_string_append(s, " → ");
		} else {
			g_string_append_unichar(s, c);
		}
	}
}

char *tr_doc_dump(const tr_doc *doc)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "document %s (%s) %.2f x %.2f pt\n", doc->name, doc->kind,
	                       doc->width, doc->height);
	for (size_t p = 0; p < doc->n_pages; p++) {
		g_string_append_printf(s, "page %s\n", doc->pages[p].name);
		for (size_t i = 0; i < doc->pages[p].n_ops; i++) {
			const tr_op *op = &doc->pages[p].ops[i];
			switch (op->kind) {
			case TR_OP_RECT:
			case TR_OP_RULE:
				g_string_append_printf(s, "  %s %.1f %.1f %.1f %.1f ",
				                       op->kind == TR_OP_RECT ? "rect" : "rule",
				                       op->x, op->y, op->w, op->h);
				dump_rgb(s, op->colour);
				g_string_append_c(s, '\n');
				break;
			case TR_OP_LINE: {
				PangoLayoutLine *line =
					pango_layout_get_line_readonly(op->layout, op->line);
				const char *text = pango_layout_get_text(op->layout);
				g_string_append_printf(s, "  line %s %.2fpt %.1f %.1f |", op->frame,
				                       op->line_width, op->x, op->y);
				dump_drawn(s, text + line->start_index, line->length);
				g_string_append(s, "|\n");
				break;
			}
			case TR_OP_LINK:
				g_string_append_printf(s, "  link %.1f %.1f %.1f %.1f %s\n", op->x, op->y,
				                       op->w, op->h, op->uri);
				break;
			default:
				break;
			}
		}
	}
	return g_string_free(s, FALSE);
}
