/* engine.c — the layout engine's run: chains gathered from the layout, fitted,
 * checked, and turned into the drawing operations of a document. */
#include "layout/engine.h"

#include <math.h>
#include <string.h>

#include "layout/compose.h"
#include "layout/fit.h"
#include "layout/flow.h"
#include "layout/rules.h"
#include "layout/media.h"
#include "typo/dates.h"
#include "typo/fonts.h"
#include "typo/typo.h"
#include "i18n.h"

struct tr_engine {
	tr_fonts *fonts;
	PangoContext *ctx;
	tr_composer *composer;
	tr_shaper *shaper;
	/* For the layouts that allow the system's fonts, made on first use: their
	 * own context, so that nothing shaped with the system's fonts (nor
	 * cached) serves the others. */
	tr_composer *sys_composer;
	tr_shaper *sys_shaper;
};

/* ------------------------------------------------------------------ */
/* Engine */

tr_engine *tr_engine_new(tr_fonts *fonts)
{
	tr_engine *e = g_new0(tr_engine, 1);
	e->fonts = fonts;
	e->ctx = tr_fonts_context(fonts);
	e->composer = tr_composer_new(e->ctx);
	e->shaper = tr_shaper_new(e->ctx);
	return e;
}

void tr_engine_free(tr_engine *e)
{
	if (!e)
		return;
	tr_composer_free(e->composer);
	tr_shaper_free(e->shaper);
	tr_composer_free(e->sys_composer);
	tr_shaper_free(e->sys_shaper);
	g_free(e);
}

bool tr_engine_check_fonts(tr_engine *e, const tr_layoutdesc *ld, tr_diag *d)
{
	return tr_fonts_check_layout(e->fonts, ld, d);
}

/* ------------------------------------------------------------------ */
/* Checks on what was placed */

typedef struct {
	const tr_chain *c;
	const tr_textstyle *st;
	const tr_event *ev;
	tr_diag *d;
	const tr_shaped *sp;
	const tr_para *p;
} glyph_check;

static void foreign_run(void *data, int byte, const char *family)
{
	glyph_check *g = data;
	const char *text = tr_shaped_text(g->sp);
	gunichar c = g_utf8_get_char(text + byte);
	if (g_unichar_isspace(c) || c == 0x00A0 || c == 0x202F)
		return;
	tr_diag_add(g->d, TR_SEV_WARNING, g->ev->path, g->c->tb.pos,
	            _("the font %s has no '%.*s' (U+%04X), used in the %s: it is drawn with %s"),
	            g->p->heading ? g->st->heading_font : g->st->font,
	            (int)(g_utf8_next_char(text + byte) - (text + byte)), text + byte, c,
	            g->c->tb.what, family);
}

/* Characters the chain's fonts lack: drawn with another font (warning) or not
 * at all (error: every such character of the text, in one message). Returns
 * false on an error. */
static bool check_glyphs(const tr_event *ev, const tr_chain *c, tr_diag *d)
{
	const tr_textstyle *st = tr_chain_style(c);
	const tr_item *first = g_array_index(c->frames, tr_frame_ref, 0).item;
	GString *missing = g_string_new(NULL);
	GHashTable *seen = g_hash_table_new(NULL, NULL);
	for (int i = 0; i < c->n_shaped; i++) {
		const tr_shaped *sp = c->shaped[i];
		if (tr_shaped_unknown(sp) < 0)
			continue;
		const char *text = tr_shaped_text(sp);
		for (int r = 0; r < tr_shaped_n_runs(sp); r++) {
			const PangoGlyphItem *gi = tr_shaped_run(sp, r);
			for (int k = 0; k < gi->glyphs->num_glyphs; k++) {
				if (!(gi->glyphs->glyphs[k].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
					continue;
				const char *at = text + gi->item->offset + gi->glyphs->log_clusters[k];
				gunichar ch = g_utf8_get_char(at);
				if (!g_hash_table_add(seen, GUINT_TO_POINTER(ch)))
					continue;
				g_string_append_printf(missing, "%s“%.*s” (U+%04X)",
				                       missing->len ? ", " : "",
				                       (int)(g_utf8_next_char(at) - at), at, ch);
			}
		}
	}
	guint n = g_hash_table_size(seen);
	g_hash_table_destroy(seen);
	if (n > 0) {
		char *folder = tr_fonts_user_dir_shown();
		tr_diag_add(d, TR_SEV_ERROR, ev->path, c->tb.pos,
		            NG_("no font can draw the character %s in the %s (frame \"%s\"): remove "
		                "it, or put a font that has it in your font folder, %s, or in a "
		                "folder given with --font-dir",
		                "no font can draw the characters %s in the %s (frame \"%s\"): remove "
		                "them, or put a font that has them in your font folder, %s, or in a "
		                "folder given with --font-dir", n),
		            missing->str, c->tb.what, first->id, folder);
		g_free(folder);
		g_string_free(missing, TRUE);
		return false;
	}
	g_string_free(missing, TRUE);
	for (int i = 0; i < c->n_shaped; i++) {
		const tr_shaped *sp = c->shaped[i];
		const tr_para *p = tr_chain_para(c, i);
		glyph_check g = { c, st, ev, d, sp, p };
		tr_shaped_foreign_runs(sp, p->heading ? st->heading_font : st->font, foreign_run,
		                       &g);
	}
	return true;
}

/* Ink that leaves the page (a pile of combining accents, a glyph that reaches
 * far above its line): an error, since it would be cut. Checked for display
 * text, which is large and set near the page's edges; running text keeps to
 * its frames, and the loaders limit the marks a character may carry. */
static bool check_ink(const tr_event *ev, const tr_layoutdesc *ld, const tr_chain *c,
                      tr_diag *d)
{
	const tr_textstyle *st = tr_chain_style(c);
	if (st->align == TR_ALIGN_JUSTIFY || st->hyphenate)
		return true;
	double w = ld->width * TR_MM_TO_PT, h = ld->height * TR_MM_TO_PT;
	for (guint i = 0; i < c->lines->len; i++) {
		const tr_placed *pl = &g_array_index(c->lines, tr_placed, i);
		double box[4];
		/* Most lines are far from the edges: a bound that loads no glyph
		 * clears them. */
		if (tr_textline_ink_bound(pl->line, box) && pl->x + box[0] >= 0 &&
		    pl->y + box[1] >= 0 && pl->x + box[2] <= w && pl->y + box[3] <= h)
			continue;
		if (!tr_textline_ink_box(pl->line, box))
			continue;
		double x0 = pl->x + box[0], y0 = pl->y + box[1], x1 = pl->x + box[2],
		       y1 = pl->y + box[3];
		if (x0 >= -0.5 && y0 >= -0.5 && x1 <= w + 0.5 && y1 <= h + 0.5)
			continue;
		char *text = tr_textline_text(pl->line, false);
		tr_diag_add(d, TR_SEV_ERROR, ev->path, c->tb.pos,
		            _("the %s draws outside the page in the layout %s (line \"%.40s\"): "
		              "its characters reach %.1f mm past the edge; remove the stacked "
		              "accents or marks"),
		            c->tb.what, ld->name, text,
		            MAX(MAX(-x0, -y0), MAX(x1 - w, y1 - h)) / TR_MM_TO_PT);
		g_free(text);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Document */

static void op_clear(tr_op *op)
{
	tr_textline_free(op->text);
	g_free(op->uri);
	g_free(op->frame);
	tr_media_op_clear(op);
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
static void add_link_ops(GArray *ops, const tr_chain *c, const tr_placed *pl)
{
	const tr_shaped *sp = pl->line->sp;
	const tr_para *p = tr_chain_para(c, pl->para);
	if (!p->links)
		return;
	double k = pl->line->scale;
	double asc = tr_shaped_ascent(sp) * k, desc = tr_shaped_descent(sp) * k;
	for (guint i = 0; i < p->links->len; i++) {
		const tr_link_span *ls = &g_array_index(p->links, tr_link_span, i);
		int s = tr_shaped_clean_offset(sp, ls->start), e = tr_shaped_clean_offset(sp, ls->end);
		if (e <= pl->line->start || s >= pl->line->end)
			continue;
		double xs = tr_textline_x(pl->line, s), xe = tr_textline_x(pl->line, e);
		tr_op op = { .kind = TR_OP_LINK };
		op.x = pl->x + xs;
		op.w = xe - xs;
		op.y = pl->y - asc;
		op.h = asc + desc;
		op.uri = g_strdup(ls->uri);
		g_array_append_val(ops, op);
	}
}

/* The chains of one run: one per field, and one per copy frame. */
typedef struct {
	GPtrArray *all;                  /* of tr_chain*, owning */
	tr_chain *by_field[TR_BIND__MAX];
	GHashTable *by_copy;             /* const tr_item* → tr_chain* */
	GHashTable *moved;               /* const tr_item* → double* (dy, pt), for above */
} chains;

static void chain_free(gpointer p)
{
	tr_chain_clear(p);
	g_free(p);
}


/* The chain of a text item: its copy's own, or its field's. */
static tr_chain *chain_of(chains *cs, const tr_item *it)
{
	return it->copy ? g_hash_table_lookup(cs->by_copy, it) : cs->by_field[it->field];
}

/* Adds the frames of one text item (or of a stack's children) to their chains;
 * a chain's text is composed and shaped with the style of its first frame. */
static void gather(tr_composer *composer, tr_shaper *shaper, const tr_event *ev,
                   const tr_item *it, size_t page, const tr_item *stack, chains *cs)
{
	if (!tr_compose_item_shown(ev, it))
		return;
	if (it->kind == TR_ITEM_STACK) {
		for (size_t i = 0; i < it->n_children; i++)
			gather(composer, shaper, ev, &it->children[i], page, it, cs);
		return;
	}
	if (it->kind != TR_ITEM_TEXT)
		return;
	tr_chain *c = chain_of(cs, it);
	if (!c) {
		c = g_new0(tr_chain, 1);
		g_ptr_array_add(cs->all, c);
		if (it->copy)
			g_hash_table_insert(cs->by_copy, (gpointer)it, c);
		else
			cs->by_field[it->field] = c;
		c->field = it->field;
		c->frames = g_array_new(FALSE, FALSE, sizeof(tr_frame_ref));
		c->has_text = tr_compose_block(composer, ev, it->field, &it->style, &c->tb);
		if (c->has_text) {
			c->n_shaped = (int)c->tb.paras->len;
			c->shaped = g_new0(tr_shaped *, c->n_shaped);
			for (int i = 0; i < c->n_shaped; i++)
				c->shaped[i] = tr_shape_para(shaper, g_ptr_array_index(c->tb.paras, i),
				                             &it->style, ev->lang, tr_rules_default());
		}
	}
	if (stack && !c->stack)
		c->stack = stack;
	tr_frame_ref fr = { it, page, stack };
	g_array_append_val(c->frames, fr);
}

/* The top of the first line of a field's text on page p (metrics, not ink),
 * pt; false when it has none there. */
static bool text_top(const tr_chain *c, size_t p, double *top)
{
	bool any = false;
	for (guint i = 0; c && c->lines && i < c->lines->len; i++) {
		const tr_placed *pl = &g_array_index(c->lines, tr_placed, i);
		if (pl->page != p)
			continue;
		double t = pl->y - tr_shaped_ascent(pl->line->sp) * pl->line->scale;
		if (!any || t < *top)
			*top = t;
		any = true;
	}
	return any;
}

/* The bottom of the last line of a chain on page p, pt. */
static bool text_bottom(const tr_chain *c, size_t p, double *bottom)
{
	bool any = false;
	for (guint i = 0; c && c->lines && i < c->lines->len; i++) {
		const tr_placed *pl = &g_array_index(c->lines, tr_placed, i);
		if (pl->page != p)
			continue;
		double b = pl->y + tr_shaped_descent(pl->line->sp) * pl->line->scale;
		if (!any || b > *bottom)
			*bottom = b;
		any = true;
	}
	return any;
}

/* Moves the items placed `above` a field to sit `gap` mm over its first line,
 * wherever fitting put it: a kicker stays with its title. */
static void place_above(const tr_event *ev, const tr_layoutdesc *ld, chains *cs)
{
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++) {
			const tr_item *it = &ld->pages[p].items[i];
			double top, bottom;
			if (it->above == TR_BIND_NONE || !tr_compose_item_shown(ev, it) ||
			    !text_top(cs->by_field[it->above], p, &top))
				continue;
			tr_chain *own = it->kind == TR_ITEM_TEXT ? chain_of(cs, it) : NULL;
			if (it->kind == TR_ITEM_TEXT) {
				if (!text_bottom(own, p, &bottom))
					continue;
			} else {
				bottom = (it->y + it->h) * TR_MM_TO_PT +
				         (it->kind == TR_ITEM_RULE ? it->line_width / 2 : 0);
			}
			double dy = top - it->gap * TR_MM_TO_PT - bottom;
			if (own) {
				for (guint li = 0; li < own->lines->len; li++)
					if (g_array_index(own->lines, tr_placed, li).page == p)
						g_array_index(own->lines, tr_placed, li).y += dy;
			} else {
				g_hash_table_insert(cs->moved, (gpointer)it, g_memdup2(&dy, sizeof dy));
			}
		}
}

/* The band behind a frame's text on page p: the frame's width, the text's
 * height (first line's top to last line's bottom) and the padding all round
 * (above and below, grown by what the stack had left: tr_chain.pad_extra). */
static void emit_band(GArray *ops, const tr_item *it, const tr_chain *c, size_t p)
{
	double top = 0, bottom = 0;
	bool any = false;
	for (guint i = 0; i < c->lines->len; i++) {
		const tr_placed *pl = &g_array_index(c->lines, tr_placed, i);
		if (pl->page != p || !pl->line || strcmp(pl->frame, it->id) != 0)
			continue;
		double k = pl->line->scale;
		double t = pl->y - tr_shaped_ascent(pl->line->sp) * k;
		double b = pl->y + tr_shaped_descent(pl->line->sp) * k;
		top = any ? MIN(top, t) : t;
		bottom = any ? MAX(bottom, b) : b;
		any = true;
	}
	if (!any)
		return;
	/* Only a band whose padding is a range grows: not that of another frame
	 * of the same text. */
	double pad = it->padding * TR_MM_TO_PT +
	             (it->padding_max > it->padding ? c->pad_extra : 0);
	tr_op op = { .kind = TR_OP_RECT, .colour = it->background };
	op.x = it->x * TR_MM_TO_PT;
	op.w = it->w * TR_MM_TO_PT;
	op.y = top - pad;
	op.h = bottom - top + 2 * pad;
	g_array_append_val(ops, op);
}

/* Appends the drawing operations of one item. The placed lines move from the
 * chains to the operations. */
static void emit_item(GArray *ops, const tr_event *ev, const tr_item *it, size_t p,
                      chains *cs)
{
	if (!tr_compose_item_shown(ev, it))
		return;
	const double *moved = g_hash_table_lookup(cs->moved, it);
	tr_op op = { 0 };
	op.x = it->x * TR_MM_TO_PT;
	op.y = it->y * TR_MM_TO_PT + (moved ? *moved : 0);
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
			emit_item(ops, ev, &it->children[i], p, cs);
		break;
	case TR_ITEM_IMAGE:
	case TR_ITEM_QR:
		if (tr_media_op(ev, it, &op))
			g_array_append_val(ops, op);
		break;
	case TR_ITEM_TEXT: {
		tr_chain *c = chain_of(cs, it);
		if (!c || !c->lines)
			break;
		if (it->has_background)
			emit_band(ops, it, c, p);
		for (guint li = 0; li < c->lines->len; li++) {
			tr_placed *pl = &g_array_index(c->lines, tr_placed, li);
			if (pl->page != p || !pl->line || strcmp(pl->frame, it->id) != 0)
				continue;
			tr_op lop = { .kind = TR_OP_LINE, .colour = it->style.colour };
			lop.x = pl->x;
			lop.y = pl->y;
			lop.size = pl->size;
			lop.frame = g_strdup(it->id);
			add_link_ops(ops, c, pl);
			lop.text = pl->line;
			pl->line = NULL;
			g_array_append_val(ops, lop);
		}
		break;
	}
	default:
		break;
	}
}

/* The chains that go through stack it, in order, into in (n_children long);
 * with optional false, the optional frames' chains are left out. */
static size_t stack_chains(const tr_item *it, chains *cs, bool optional, tr_chain **in)
{
	size_t n = 0;
	for (size_t k = 0; k < it->n_children; k++) {
		const tr_item *child = &it->children[k];
		tr_chain *c = chain_of(cs, child);
		if (!c || !c->has_text || c->stack != it || c->lines ||
		    (child->optional && !optional))
			continue;
		bool seen = false;
		for (size_t j = 0; j < n; j++)
			seen |= in[j] == c;
		if (!seen)
			in[n++] = c;
	}
	return n;
}

/* Fits the chains that go through stack it, together; when they do not fit
 * their wished sizes with its optional frames, without those. */
static bool fit_stack(const tr_fitting *fit, const tr_item *it, chains *cs)
{
	tr_chain **in = g_new(tr_chain *, it->n_children);
	size_t all = stack_chains(it, cs, true, in);
	size_t n = stack_chains(it, cs, false, in);
	bool ok;
	if (n < all) {
		all = stack_chains(it, cs, true, in);
		ok = tr_fit_stack(fit, it, in, all, true);
		if (!ok) {
			n = stack_chains(it, cs, false, in);
			ok = tr_fit_stack(fit, it, in, n, false);
		}
	} else {
		ok = tr_fit_stack(fit, it, in, n, false);
	}
	g_free(in);
	return ok;
}

/* Says which texts of ev the layout has frames for but prints none of, for
 * this content: the frames' "if:" leave them all out (the standard tract
 * puts a picture in the place of the quote); and, for a tract, the texts it
 * has no frame for at all (the one-sided tract prints no body). A poster's
 * design leaves texts out (no body): that is not said. */
static void report_left_out(const tr_event *ev, const tr_layoutdesc *ld, tr_diag *d)
{
	/* Not the teaser: it is the poster's text, which a tract prints only
	 * when it has room (tract-a5 without a body). */
	static const tr_binding texts[] = { TR_BIND_KICKER, TR_BIND_SUBTITLE, TR_BIND_QUOTE,
		                            TR_BIND_BODY, TR_BIND_NOTE, TR_BIND_PROGRAMME };
	for (size_t t = 0; t < G_N_ELEMENTS(texts); t++) {
		tr_binding b = texts[t];
		if (!tr_compose_has_content(ev, b))
			continue;
		const tr_cond *why = NULL;
		bool framed = false, shown = false;
		tr_item_iter iter = { 0 };
		const tr_item *it, *stack;
		while (!shown && (it = tr_layout_next_item(ld, &iter, &stack))) {
			if (it->kind != TR_ITEM_TEXT || it->field != b)
				continue;
			framed = true;
			/* a frame of a stack left out also when its stack is */
			const tr_cond *u = tr_compose_unmet(ev, it);
			if (!u && stack)
				u = tr_compose_unmet(ev, stack);
			shown = !u;
			if (!why)
				why = u;
		}
		if (!framed && strcmp(ld->kind, "tract") == 0) {
			/* A tract is handed out to be read: a text it cannot hold at
			 * all is said too (a poster prints no body by design). */
			tr_diag_add(d, TR_SEV_WARNING, ev->path, tr_compose_pos(ev, b),
			            _("the %s is not printed on %s: the layout has no place for it "
			              "(tract-a5 prints every text)"), tr_binding_label(b), ld->name);
			continue;
		}
		if (!framed || shown || !why)
			continue;
		const char *label = tr_binding_label(why->field);
		if (why->negated)
			tr_diag_add(d, TR_SEV_WARNING, ev->path, tr_compose_pos(ev, b),
			            /* TRANSLATORS: "the quote is not printed on tract-a5: the
			             * layout leaves it out when there is the picture" */
			            _("the %s is not printed on %s: the layout leaves it out when there "
			              "is the %s (\"if: no %s\"); leave out one of the two, or choose "
			              "another layout"), tr_binding_label(b), ld->name, label,
			            tr_binding_name(why->field));
		else
			tr_diag_add(d, TR_SEV_WARNING, ev->path, tr_compose_pos(ev, b),
			            _("the %s is not printed on %s: the layout shows it only with the %s "
			              "(\"if: %s\"); give it, or choose another layout"),
			            tr_binding_label(b), ld->name, label, tr_binding_name(why->field));
	}
}

tr_doc *tr_engine_run(tr_engine *e, const tr_event *ev, const tr_layoutdesc *ld,
                      tr_diag *d)
{
	if (!tr_engine_check_fonts(e, ld, d))
		return NULL;
	report_left_out(ev, ld, d);
	tr_composer *composer = e->composer;
	tr_shaper *shaper = e->shaper;
	PangoContext *sys = ld->system_fonts ? tr_fonts_system_context(e->fonts) : NULL;
	if (sys) {
		if (!e->sys_composer) {
			e->sys_composer = tr_composer_new(sys);
			e->sys_shaper = tr_shaper_new(sys);
		}
		composer = e->sys_composer;
		shaper = e->sys_shaper;
	}
	/* Hyphenation points are found for every text: body text breaks at them,
	 * display text only as a last resort. */
	GError *err = NULL;
	if (!tr_composer_load_hyphenation(composer, ev->lang, &err)) {
		tr_diag_add(d, TR_SEV_ERROR, NULL, TR_NOPOS, "%s", err->message);
		g_error_free(err);
		return NULL;
	}

	/* Gather the chains: text frames with the same field, in page order; and
	 * each copy frame on its own. */
	chains cs = { g_ptr_array_new_with_free_func(chain_free), { NULL },
		      g_hash_table_new(g_direct_hash, g_direct_equal),
		      g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free) };
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++)
			gather(composer, shaper, ev, &ld->pages[p].items[i], p, NULL, &cs);
	tr_fitting fit = { tr_rules_default(), ev, ld, shaper, d,
		           g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free) };
	bool ok = true;
	for (guint i = 0; i < cs.all->len; i++) {
		tr_chain *c = cs.all->pdata[i];
		if (c->has_text && !c->stack)
			ok &= tr_fit_chain(&fit, c);
	}
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++) {
			const tr_item *it = &ld->pages[p].items[i];
			if (it->kind == TR_ITEM_STACK && tr_compose_item_shown(ev, it))
				ok &= fit_stack(&fit, it, &cs);
		}
	for (guint i = 0; i < cs.all->len && ok; i++) {
		tr_chain *c = cs.all->pdata[i];
		if (c->lines)
			ok &= check_glyphs(ev, c, d) && check_ink(ev, ld, c, d);
	}

	tr_doc *doc = NULL;
	if (!ok)
		goto out;
	place_above(ev, ld, &cs);
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
			emit_item(ops, ev, &ld->pages[p].items[i], p, &cs);
		doc->pages[p].n_ops = ops->len;
		doc->pages[p].ops = (tr_op *)g_array_free(ops, FALSE);
	}
out:
	tr_fitting_clear(&fit);
	g_hash_table_destroy(cs.moved);
	g_hash_table_destroy(cs.by_copy);
	g_ptr_array_unref(cs.all);
	return doc;
}

/* ------------------------------------------------------------------ */
/* Dump */

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
				g_string_append_printf(s, "  %s %.1f %.1f %.1f %.1f #%02x%02x%02x\n",
				                       op->kind == TR_OP_RECT ? "rect" : "rule", op->x,
				                       op->y, op->w, op->h, (int)lround(op->colour.r * 255),
				                       (int)lround(op->colour.g * 255),
				                       (int)lround(op->colour.b * 255));
				break;
			case TR_OP_LINE: {
				/* The line as it reads on the page: a drawn hyphen as "-", a
				 * tab as " → " so that a diff of dumps makes it visible. */
				char *text = tr_textline_text(op->text, true);
				g_string_append_printf(s, "  line %s %.2fpt %.1f %.1f |%s|\n", op->frame,
				                       op->size, op->x, op->y, text);
				g_free(text);
				break;
			}
			case TR_OP_LINK:
				g_string_append_printf(s, "  link %.1f %.1f %.1f %.1f %s\n", op->x, op->y,
				                       op->w, op->h, op->uri);
				break;
			case TR_OP_IMAGE:
			case TR_OP_QR:
				tr_media_op_dump(s, op);
				break;
			default:
				break;
			}
		}
	}
	return g_string_free(s, FALSE);
}
