/* printshop.c — bleed, crop marks, page boxes, pure black, safe margin. */
#include "render/printshop.h"

#include <math.h>
#include <string.h>

#include "render/draw.h"
#include "render/pdf.h"
#include "render/pdfpost.h"
#include "i18n.h"

#define MM TR_MM_TO_PT

/* Lengths in points, to the hundredth as the page sizes are. */
static double pt(double mm)
{
	return round(mm * MM * 100) / 100;
}

void tr_printshop_boxes(const tr_doc *doc, double bleed_mm, double media[4],
                        double bleed[4], double trim[4])
{
	double b = pt(bleed_mm), m = b + pt(TR_SLUG_EXTRA);
	double w = doc->width, h = doc->height;
	const double boxes[3][4] = {
		{ 0, 0, w + 2 * m, h + 2 * m },
		{ m - b, m - b, m + w + b, m + h + b },
		{ m, m, m + w, m + h },
	};
	memcpy(media, boxes[0], sizeof boxes[0]);
	memcpy(bleed, boxes[1], sizeof boxes[1]);
	memcpy(trim, boxes[2], sizeof boxes[2]);
}

/* Crop marks: on the lines of the trim edges, outside the bleed. */
static void crop_marks(cairo_t *cr, const double trim[4], double b)
{
	double gap = b + 1 * MM, len = TR_CROP_LENGTH * MM;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.25);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	for (int k = 0; k < 4; k++) {
		double x = k & 1 ? trim[2] : trim[0], y = k >> 1 ? trim[3] : trim[1];
		double dx = k & 1 ? 1 : -1, dy = k >> 1 ? 1 : -1;
		cairo_move_to(cr, x + dx * gap, y);
		cairo_line_to(cr, x + dx * (gap + len), y);
		cairo_move_to(cr, x, y + dy * gap);
		cairo_line_to(cr, x, y + dy * (gap + len));
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

GBytes *tr_printshop_render(const tr_doc *doc, double bleed_mm, const tr_mono *mono,
                            int64_t date, GError **err)
{
	double media[4], bleed[4], trim[4];
	tr_printshop_boxes(doc, bleed_mm, media, bleed, trim);
	double b = trim[0] - bleed[0];
	tr_pdf *pdf = tr_pdf_new(doc, media[2], media[3], date);
	cairo_t *cr = tr_pdf_cairo(pdf);
	tr_draw_opts o = { .mono = mono, .bleed = b, .links = true };
	for (size_t p = 0; p < doc->n_pages; p++) {
		tr_pdf_begin_page(pdf, media[2], media[3], doc->pages[p].name);
		cairo_save(cr);
		cairo_translate(cr, trim[0], trim[1]);
		// nothing of the page may reach the marks
		cairo_rectangle(cr, -b, -b, doc->width + 2 * b, doc->height + 2 * b);
		cairo_clip(cr);
		tr_draw_page(cr, doc, p, &o);
		cairo_restore(cr);
		// the boxes are symmetric: the same in cairo's y-down space
		crop_marks(cr, trim, b);
	}
	tr_pdfpost post = { .grey = true, .flatten = true, .has_boxes = true };
	memcpy(post.trim, trim, sizeof trim);
	memcpy(post.bleed, bleed, sizeof bleed);
	return tr_pdf_post(tr_pdf_finish(pdf, err), &post, err);
}

/* ---------------------------------------------------------------------------
 * Safe margin
 */

/* The layout item a rule or rectangle comes from: same kind and place. */
static const tr_item *find_shape(const tr_item *items, size_t n, const tr_op *op)
{
	tr_item_kind kind = op->kind == TR_OP_RECT ? TR_ITEM_RECT : TR_ITEM_RULE;
	for (size_t i = 0; i < n; i++) {
		const tr_item *it = &items[i];
		if (it->kind == kind && fabs(it->x * MM - op->x) < 0.01 &&
		    fabs(it->y * MM - op->y) < 0.01 && fabs(it->w * MM - op->w) < 0.01 &&
		    fabs(it->h * MM - op->h) < 0.01)
			return it;
	}
	return NULL;
}

/* The item of this kind (a text frame, an image, a QR code) with this id, on
 * the page or in its stacks. */
static const tr_item *find_frame(const tr_item *items, size_t n, tr_item_kind kind,
                                 const char *id)
{
	for (size_t i = 0; i < n; i++) {
		const tr_item *it = &items[i];
		if (it->kind == kind && id && strcmp(it->id, id) == 0)
			return it;
		const tr_item *in = find_frame(it->children, it->n_children, kind, id);
		if (in)
			return in;
	}
	return NULL;
}

typedef struct {
	const tr_item *item; /* NULL: not found in the layout */
	const tr_op *op;
	double dist;         /* mm from the nearest trim edge */
	const char *edge;
} intrusion;

size_t tr_printshop_check_safe(const tr_doc *doc, const tr_layoutdesc *ld, tr_diag *d)
{
	size_t warned = 0;
	if (ld->safe <= 0)
		return 0;
	for (size_t p = 0; p < doc->n_pages && p < ld->n_pages; p++) {
		const tr_docpage *pg = &doc->pages[p];
		const tr_page *lp = &ld->pages[p];
		GArray *found = g_array_new(FALSE, FALSE, sizeof(intrusion));
		for (size_t i = 0; i < pg->n_ops; i++) {
			const tr_op *op = &pg->ops[i];
			double box[4];
			if ((op->kind == TR_OP_RECT || op->kind == TR_OP_IMAGE) && op->bleed)
				continue;
			if (!tr_draw_op_extents(op, box))
				continue;
			const double dists[4] = { box[0], box[1], doc->width - box[2],
				                  doc->height - box[3] };
			static const char *const edges[4] = { "left", "top", "right", "bottom" };
			int k = 0;
			for (int j = 1; j < 4; j++)
				if (dists[j] < dists[k])
					k = j;
			double mm = dists[k] / MM;
			if (mm >= ld->safe - 0.05)
				continue;
			const tr_item *it =
				op->kind == TR_OP_LINE ? find_frame(lp->items, lp->n_items, TR_ITEM_TEXT, op->frame)
				: op->kind == TR_OP_IMAGE ? find_frame(lp->items, lp->n_items, TR_ITEM_IMAGE, op->frame)
				: op->kind == TR_OP_QR ? find_frame(lp->items, lp->n_items, TR_ITEM_QR, op->frame)
				                       : find_shape(lp->items, lp->n_items, op);
			/* One warning per item: the closest of its lines. */
			bool merged = false;
			for (guint j = 0; j < found->len; j++) {
				intrusion *f = &g_array_index(found, intrusion, j);
				if (it && f->item == it) {
					if (mm < f->dist)
						*f = (intrusion){ it, op, mm, edges[k] };
					merged = true;
				}
			}
			if (!merged)
				g_array_append_val(found, ((intrusion){ it, op, mm, edges[k] }));
		}
		for (guint j = 0; j < found->len; j++) {
			const intrusion *f = &g_array_index(found, intrusion, j);
			const char *what = f->op->kind == TR_OP_LINE    ? "the text of frame"
			                   : f->op->kind == TR_OP_RULE  ? "the rule"
			                   : f->op->kind == TR_OP_IMAGE ? "the picture"
			                   : f->op->kind == TR_OP_QR    ? "the QR code"
			                                                : "the rectangle";
			tr_diag_add(d, TR_SEV_WARNING, ld->path, f->item ? f->item->pos : TR_NOPOS,
			            _("%s \"%s\" on page %s comes within %.1f mm of the %s edge, inside "
			              "the %g mm safe margin: the print shop's cut may touch it"),
			            what, f->item ? f->item->id : (f->op->frame ? f->op->frame : "?"),
			            pg->name, MAX(f->dist, 0.0), f->edge, ld->safe);
			warned++;
		}
		g_array_unref(found);
	}
	return warned;
}
