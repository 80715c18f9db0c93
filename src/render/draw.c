/* draw.c — one placed page onto a cairo context. */
#include "render/draw.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "render/image.h"
#include "render/qr.h"

/* Closer than this to a trim edge counts as touching it (pt). */
#define EDGE 0.01

static void set_source(cairo_t *cr, tr_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* A URI as a quoted value of a cairo tag attribute. */
static char *tag_quote(const char *s)
{
	GString *out = g_string_new("'");
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '\'');
	return g_string_free(out, FALSE);
}

/* The colour a run is drawn in: its own (a highlighted part) or the line's;
 * in black and white, through the palette. */
typedef struct {
	const tr_op *op;
	const tr_mono *mono;
	const tr_mono_ink *ink;
} line_ink;

static tr_rgb run_ink(void *data, const tr_rgb *own)
{
	const line_ink *li = data;
	if (!li->mono)
		return own ? *own : li->op->colour;
	return own ? tr_mono_text(li->mono, *own, li->ink->under) : li->ink->colour;
}

/* One line of text, drawn from its shaped glyphs: the text layer keeps the
 * words as written. */
static void draw_line(cairo_t *cr, const tr_op *op, const tr_mono *mono,
                      const tr_mono_ink *ink)
{
	line_ink li = { op, mono, ink };
	tr_textline_draw(op->text, cr, op->x, op->y, run_ink, &li);
}

bool tr_draw_op_bleeds(const tr_op *op, double width, double height)
{
	if ((op->kind != TR_OP_RECT && op->kind != TR_OP_IMAGE) || !op->bleed)
		return false;
	return op->x <= EDGE || op->y <= EDGE || op->x + op->w >= width - EDGE ||
	       op->y + op->h >= height - EDGE;
}

/* A rectangle, extended by `bleed` past the trim edges it touches. */
static void bleed_rect(const tr_op *op, double width, double height, double bleed,
                       double r[4])
{
	double x0 = op->x, y0 = op->y, x1 = op->x + op->w, y1 = op->y + op->h;
	if (bleed > 0 && op->bleed) {
		if (x0 <= EDGE)
			x0 = -bleed;
		if (y0 <= EDGE)
			y0 = -bleed;
		if (x1 >= width - EDGE)
			x1 = width + bleed;
		if (y1 >= height - EDGE)
			y1 = height + bleed;
	}
	r[0] = x0;
	r[1] = y0;
	r[2] = x1 - x0;
	r[3] = y1 - y0;
}

static void tag_link(cairo_t *cr, const char *uri, double x0, double y0, double x1,
                     double y1)
{
	char *q = tag_quote(uri);
	char *attrs = g_strdup_printf("uri=%s rect=[%.2f %.2f %.2f %.2f]", q, x0, y0, x1 - x0,
	                              y1 - y0);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	g_free(attrs);
	g_free(q);
}

/* Tags one link: its rectangle (cut to clip, in page points) taken to device
 * space, tagged with an identity transformation, whatever cairo does with the
 * current one. */
static void link_op(cairo_t *cr, const tr_op *op, const double *clip)
{
	double x0 = op->x, y0 = op->y, x1 = op->x + op->w, y1 = op->y + op->h;
	if (clip) {
		x0 = MAX(x0, clip[0]);
		y0 = MAX(y0, clip[1]);
		x1 = MIN(x1, clip[2]);
		y1 = MIN(y1, clip[3]);
		if (x1 <= x0 || y1 <= y0)
			return;
	}
	double xs[4] = { x0, x1, x0, x1 }, ys[4] = { y0, y0, y1, y1 };
	double dx0 = INFINITY, dy0 = INFINITY, dx1 = -INFINITY, dy1 = -INFINITY;
	for (int i = 0; i < 4; i++) {
		cairo_user_to_device(cr, &xs[i], &ys[i]);
		dx0 = MIN(dx0, xs[i]);
		dy0 = MIN(dy0, ys[i]);
		dx1 = MAX(dx1, xs[i]);
		dy1 = MAX(dy1, ys[i]);
	}
	cairo_save(cr);
	cairo_identity_matrix(cr);
	tag_link(cr, op->uri, dx0, dy0, dx1, dy1);
	cairo_restore(cr);
}

/* The light of a QR code: the paper when it is light enough for a phone to
 * tell the modules from it, else white. */
static tr_rgb qr_light(tr_rgb paper)
{
	return 0.2126 * paper.r + 0.7152 * paper.g + 0.0722 * paper.b >= 0.8 ? paper
	                                                                  : (tr_rgb){ 1, 1, 1 };
}

void tr_draw_page(cairo_t *cr, const tr_doc *doc, size_t page, const tr_draw_opts *o)
{
	static const tr_draw_opts plain = { 0 };
	if (!o)
		o = &plain;
	const tr_docpage *pg = &doc->pages[page];
	tr_mono_ink *inks = o->mono ? tr_mono_page(o->mono, doc, page) : NULL;
	tr_rgb paper = o->mono ? tr_mono_paper(o->mono, doc->paper) : doc->paper;

	cairo_save(cr);
	if (paper.r < 1 || paper.g < 1 || paper.b < 1) {
		set_source(cr, paper);
		cairo_rectangle(cr, -o->bleed, -o->bleed, doc->width + 2 * o->bleed,
		                doc->height + 2 * o->bleed);
		cairo_fill(cr);
	}
	for (size_t i = 0; i < pg->n_ops; i++) {
		const tr_op *op = &pg->ops[i];
		tr_rgb colour = inks ? inks[i].colour : op->colour;
		double r[4];
		switch (op->kind) {
		case TR_OP_RECT:
			set_source(cr, colour);
			bleed_rect(op, doc->width, doc->height, o->bleed, r);
			cairo_rectangle(cr, r[0], r[1], r[2], r[3]);
			cairo_fill(cr);
			break;
		case TR_OP_RULE:
			set_source(cr, colour);
			cairo_set_line_width(cr, op->line_width);
			cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
			cairo_move_to(cr, op->x, op->y);
			cairo_line_to(cr, op->x + op->w, op->y + op->h);
			cairo_stroke(cr);
			break;
		case TR_OP_LINE:
			draw_line(cr, op, o->mono, inks ? &inks[i] : NULL);
			break;
		case TR_OP_LINK:
			if (o->links)
				link_op(cr, op, NULL);
			break;
		case TR_OP_IMAGE:
			bleed_rect(op, doc->width, doc->height, o->bleed, r);
			tr_image_draw(cr, op->image, r, op->fit, op->align, op->valign, o->mono != NULL);
			break;
		case TR_OP_QR:
			tr_qr_draw(cr, op->qr, op->x, op->y, op->w, colour, qr_light(paper));
			break;
		default:
			break;
		}
	}
	cairo_restore(cr);
	g_free(inks);
}

void tr_draw_links(cairo_t *cr, const tr_doc *doc, size_t page, const double *clip)
{
	const tr_docpage *pg = &doc->pages[page];
	for (size_t i = 0; i < pg->n_ops; i++)
		if (pg->ops[i].kind == TR_OP_LINK)
			link_op(cr, &pg->ops[i], clip);
}

bool tr_draw_op_extents(const tr_op *op, double box[4])
{
	switch (op->kind) {
	case TR_OP_RECT:
	case TR_OP_QR:
		box[0] = op->x;
		box[1] = op->y;
		box[2] = op->x + op->w;
		box[3] = op->y + op->h;
		return true;
	case TR_OP_IMAGE: {
		/* What is drawn: the picture, cut to its box. */
		double r[4], b[4] = { op->x, op->y, op->w, op->h };
		tr_image_place(op->image, b, op->fit, op->align, op->valign, r);
		box[0] = MAX(r[0], op->x);
		box[1] = MAX(r[1], op->y);
		box[2] = MIN(r[0] + r[2], op->x + op->w);
		box[3] = MIN(r[1] + r[3], op->y + op->h);
		return true;
	}
	case TR_OP_RULE: {
		double half = op->line_width / 2;
		box[0] = MIN(op->x, op->x + op->w) - (op->h != 0 ? half : 0);
		box[2] = MAX(op->x, op->x + op->w) + (op->h != 0 ? half : 0);
		box[1] = MIN(op->y, op->y + op->h) - (op->w != 0 ? half : 0);
		box[3] = MAX(op->y, op->y + op->h) + (op->w != 0 ? half : 0);
		return true;
	}
	case TR_OP_LINE: {
		/* The ink, widened to the line's advance: a reader's eye (and a text
		 * extractor) places a word from its origin, side bearings included. */
		double ink[4];
		if (!tr_textline_ink_box(op->text, ink))
			return false;
		box[0] = op->x + MIN(ink[0], 0);
		box[1] = op->y + ink[1];
		box[2] = op->x + MAX(ink[2], tr_textline_width(op->text));
		box[3] = op->y + ink[3];
		return true;
	}
	default:
		return false;
	}
}
