/* mono.c — colours to greys for black-and-white output. */
#include "render/mono.h"

#include <glib.h>
#include <math.h>

#include "render/draw.h"

/* A large area: this share of the page or more. */
#define LARGE_AREA 0.04
/* Darker than this, a large area is lightened to LIGHT_GROUND. */
#define DARK_AREA 0.6
#define LIGHT_GROUND 0.85
/* Text or rules closer than this to their ground turn black or white. */
#define MIN_CONTRAST 0.45
/* A neutral colour darker than this is black ink (the layouts' "ink" is often
 * a warm near-black such as #1d1d1b). */
#define NEAR_BLACK 0.15

struct tr_mono {
	tr_monocolour *given; /* from the layout's mono: map */
	size_t n_given;
};

tr_mono *tr_mono_new(const tr_layoutdesc *ld)
{
	tr_mono *m = g_new0(tr_mono, 1);
	if (ld && ld->n_mono) {
		m->given = g_memdup2(ld->mono, ld->n_mono * sizeof *ld->mono);
		m->n_given = ld->n_mono;
	}
	return m;
}

void tr_mono_free(tr_mono *m)
{
	if (!m)
		return;
	g_free(m->given);
	g_free(m);
}

static tr_rgb grey(double v)
{
	v = CLAMP(v, 0.0, 1.0);
	return (tr_rgb){ v, v, v };
}

static double linear(double c)
{
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double encode(double y)
{
	return y <= 0.0031308 ? 12.92 * y : 1.055 * pow(y, 1 / 2.4) - 0.055;
}

double tr_mono_luminance(tr_rgb c)
{
	return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

/* The grey that looks as light as c: its relative luminance encoded back as an
 * sRGB value. */
static double luminance(tr_rgb c)
{
	return encode(tr_mono_luminance(c));
}

static bool neutral(tr_rgb c)
{
	double hi = MAX(c.r, MAX(c.g, c.b)), lo = MIN(c.r, MIN(c.g, c.b));
	return hi - lo <= 3 / 255.0;
}

/* The layout's own grey for c, if it gives one. */
static bool given(const tr_mono *m, tr_rgb c, double *out)
{
	for (size_t i = 0; i < m->n_given; i++) {
		tr_rgb g = m->given[i].colour;
		if (fabs(g.r - c.r) < 0.5 / 255 && fabs(g.g - c.g) < 0.5 / 255 &&
		    fabs(g.b - c.b) < 0.5 / 255) {
			*out = m->given[i].grey;
			return true;
		}
	}
	return false;
}

/* The automatic grey of c: its luminance (a grey is its own), near-black
 * neutrals made black. */
static double plain_grey(tr_rgb c)
{
	if (!neutral(c))
		return luminance(c);
	double l = (c.r + c.g + c.b) / 3;
	return l < NEAR_BLACK ? 0 : l;
}

/* Text and rules must stand out from their ground. */
static double contrast(double v, double under)
{
	if (fabs(v - under) >= MIN_CONTRAST)
		return v;
	return under >= 0.5 ? 0 : 1;
}

/* The grey of text or a rule of colour c on a ground of grey `under`. */
static double ink_grey(const tr_mono *m, tr_rgb c, double under)
{
	double v;
	if (!given(m, c, &v)) {
		v = plain_grey(c);
		if (!neutral(c) && under >= 0.5)
			v = 0; // coloured text: black, not a ragged mid-grey
	}
	return contrast(v, under);
}

void tr_mono_grey_pixels(cairo_surface_t *s)
{
	cairo_format_t f = cairo_image_surface_get_format(s);
	if (f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24)
		return;
	/* The luminance as luminance() has it, through tables: the channels'
	 * linear values, and the encoding back to sRGB at 1/4095 steps. */
	static double lin[256];
	static guint8 enc[4096];
	static gsize ready;
	if (g_once_init_enter(&ready)) {
		for (int i = 0; i < 256; i++)
			lin[i] = linear(i / 255.0);
		for (int i = 0; i < 4096; i++)
			enc[i] = (guint8)lround(encode(i / 4095.0) * 255);
		g_once_init_leave(&ready, 1);
	}
	cairo_surface_flush(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		guint32 *row = (guint32 *)(data + (size_t)y * stride);
		for (int x = 0; x < w; x++) {
			guint32 p = row[x];
			unsigned a = f == CAIRO_FORMAT_ARGB32 ? p >> 24 : 255;
			if (a == 0)
				continue;
			/* Premultiplied: the colour is channel * 255 / alpha. */
			unsigned r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
			if (a < 255) {
				r = MIN(255u, r * 255 / a);
				g = MIN(255u, g * 255 / a);
				b = MIN(255u, b * 255 / a);
			}
			double yl = 0.2126 * lin[r] + 0.7152 * lin[g] + 0.0722 * lin[b];
			unsigned v = enc[(int)lround(CLAMP(yl, 0.0, 1.0) * 4095)];
			if (a < 255)
				v = v * a / 255;
			row[x] = (a << 24) | (v << 16) | (v << 8) | v;
		}
	}
	cairo_surface_mark_dirty(s);
}

tr_rgb tr_mono_text(const tr_mono *m, tr_rgb c, double under)
{
	return grey(ink_grey(m, c, under));
}

tr_rgb tr_mono_paper(const tr_mono *m, tr_rgb paper)
{
	double v;
	if (!given(m, paper, &v))
		v = plain_grey(paper);
	return grey(v);
}

long *tr_mono_grounds(const tr_doc *doc, size_t page)
{
	const tr_docpage *pg = &doc->pages[page];
	long *out = g_new(long, pg->n_ops ? pg->n_ops : 1);
	GArray *rects = g_array_new(FALSE, FALSE, sizeof(size_t)); /* drawn so far */
	for (size_t i = 0; i < pg->n_ops; i++) {
		double box[4], r[4];
		out[i] = -1;
		if (!tr_draw_op_extents(&pg->ops[i], box))
			continue;
		double x = (box[0] + box[2]) / 2, y = (box[1] + box[3]) / 2;
		for (guint k = rects->len; k-- > 0;) {
			size_t j = g_array_index(rects, size_t, k);
			tr_draw_op_extents(&pg->ops[j], r);
			if (x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3]) {
				out[i] = (long)j;
				break;
			}
		}
		if (pg->ops[i].kind == TR_OP_RECT)
			g_array_append_val(rects, i);
	}
	g_array_unref(rects);
	return out;
}

tr_mono_ink *tr_mono_page(const tr_mono *m, const tr_doc *doc, size_t page)
{
	const tr_docpage *pg = &doc->pages[page];
	tr_mono_ink *out = g_new0(tr_mono_ink, pg->n_ops ? pg->n_ops : 1);
	long *grounds = tr_mono_grounds(doc, page);
	double paper = tr_mono_paper(m, doc->paper).r;
	double page_area = doc->width * doc->height;

	for (size_t i = 0; i < pg->n_ops; i++) {
		const tr_op *op = &pg->ops[i];
		double box[4], v;
		if (!tr_draw_op_extents(op, box)) {
			out[i] = (tr_mono_ink){ grey(0), paper };
			continue;
		}
		/* a rectangle's grey is its colour in out, set when it was drawn */
		double under = grounds[i] < 0 ? paper : out[grounds[i]].colour.r;
		switch (op->kind) {
		case TR_OP_RECT:
			if (!given(m, op->colour, &v)) {
				v = plain_grey(op->colour);
				if (v < DARK_AREA && op->w * op->h >= LARGE_AREA * page_area)
					v = LIGHT_GROUND;
			}
			break;
		case TR_OP_RULE:
		case TR_OP_LINE:
			v = ink_grey(m, op->colour, under);
			break;
		default:
			v = 0;
			break;
		}
		out[i] = (tr_mono_ink){ grey(v), under };
	}
	g_free(grounds);
	return out;
}
