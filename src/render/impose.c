/* impose.c — 2-up photocopier sheets and tiled posters. */
#include "render/impose.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "render/draw.h"
#include "render/pdf.h"
#include "i18n.h"

#define MM TR_MM_TO_PT

/* ISO sizes, portrait, to the hundredth of a point as pdfinfo shows them. */
static const struct {
	const char *name;
	double w, h;
} papers[TR_PAPER__MAX] = {
	[TR_PAPER_A4] = { "A4", 595.28, 841.89 },
	[TR_PAPER_A3] = { "A3", 841.89, 1190.55 },
};

const char *tr_paper_name(tr_paper p)
{
	return (int)p >= 0 && p < TR_PAPER__MAX ? papers[p].name : "";
}

/* Page p of doc recorded, without links; NULL with err set on failure. */
static cairo_surface_t *record_page(const tr_doc *doc, size_t p, const tr_mono *mono,
                                    GError **err)
{
	tr_draw_opts o = { .mono = mono };
	cairo_surface_t *rec = cairo_recording_surface_create(
		CAIRO_CONTENT_COLOR_ALPHA, &(cairo_rectangle_t){ 0, 0, doc->width, doc->height });
	cairo_t *cr = cairo_create(rec);
	tr_draw_page(cr, doc, p, &o);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(rec);
	if (st != CAIRO_STATUS_SUCCESS) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            _("cairo could not record page %zu: %s"), p + 1, cairo_status_to_string(st));
		cairo_surface_destroy(rec);
		return NULL;
	}
	return rec;
}

/* Each page of doc recorded once. */
static cairo_surface_t **record_pages(const tr_doc *doc, const tr_mono *mono, GError **err)
{
	cairo_surface_t **rec = g_new0(cairo_surface_t *, doc->n_pages);
	for (size_t p = 0; p < doc->n_pages; p++)
		if (!(rec[p] = record_page(doc, p, mono, err))) {
			for (size_t i = 0; i < p; i++)
				cairo_surface_destroy(rec[i]);
			g_free(rec);
			return NULL;
		}
	return rec;
}

static void free_recordings(cairo_surface_t **rec, size_t n)
{
	for (size_t i = 0; rec && i < n; i++)
		cairo_surface_destroy(rec[i]);
	g_free(rec);
}

/* Paints recorded page p at the current transformation, clipped to clip (page
 * points), then tags its links there. */
static void place_page(cairo_t *cr, const tr_doc *doc, cairo_surface_t *rec, size_t p,
                       const double clip[4])
{
	cairo_save(cr);
	cairo_rectangle(cr, clip[0], clip[1], clip[2] - clip[0], clip[3] - clip[1]);
	cairo_clip(cr);
	cairo_set_source_surface(cr, rec, 0, 0);
	cairo_paint(cr);
	tr_draw_links(cr, doc, p, clip);
	cairo_restore(cr);
}

/* A thin black line with a white edge, visible on any ground. */
static void mark_line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
	cairo_save(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_width(cr, 1.2);
	cairo_stroke_preserve(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.4);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* ---------------------------------------------------------------------------
 * 2-up
 */

/* The box of everything the printer must print on a page: all ink but the
 * rectangles that bleed off the edge (a printer margin may eat their edge). */
static bool ink_box(const tr_doc *doc, double box[4])
{
	bool any = false;
	box[0] = box[1] = INFINITY;
	box[2] = box[3] = -INFINITY;
	for (size_t p = 0; p < doc->n_pages; p++)
		for (size_t i = 0; i < doc->pages[p].n_ops; i++) {
			const tr_op *op = &doc->pages[p].ops[i];
			double b[4];
			if (tr_draw_op_bleeds(op, doc->width, doc->height) ||
			    !tr_draw_op_extents(op, b))
				continue;
			box[0] = MIN(box[0], b[0]);
			box[1] = MIN(box[1], b[1]);
			box[2] = MAX(box[2], b[2]);
			box[3] = MAX(box[3], b[3]);
			any = true;
		}
	return any;
}

/* Paper left around the copies, on each side, beyond which it is trimmed. */
#define TRIM_SLACK (2 * MM)

/* ISO sizes rounded to the hundredth of a point do not add up exactly: two
 * A5 (595.28 pt) are 0.01 pt taller than A3 (1190.55). */
#define FIT_EPS 0.015

int tr_impose_fit(const tr_doc *doc, tr_paper paper, tr_nup *n)
{
	return tr_impose_fit_size(doc->width, doc->height, paper, n);
}

int tr_impose_fit_size(double width, double height, tr_paper paper, tr_nup *n)
{
	const double eps = FIT_EPS;
	*n = (tr_nup){ 0, 0, false, 1, TR_FLIP_LONG };
	for (int land = 0; land < 2; land++) {
		double sw = land ? papers[paper].h : papers[paper].w;
		double sh = land ? papers[paper].w : papers[paper].h;
		int cols = (int)floor((sw + eps) / width), rows = (int)floor((sh + eps) / height);
		if (cols * rows > n->cols * n->rows)
			*n = (tr_nup){ cols, rows, land, 1, land ? TR_FLIP_SHORT : TR_FLIP_LONG };
	}
	return n->cols * n->rows;
}

/* A cut mark across the edge of the sheet: from the printer margin inwards. */
static void cut_mark(cairo_t *cr, bool vertical, double at, double sw, double sh)
{
	const double pm = TR_PRINTER_MARGIN * MM, len = 6 * MM;
	if (vertical) {
		mark_line(cr, at, pm, at, pm + len);
		mark_line(cr, at, sh - pm - len, at, sh - pm);
	} else {
		mark_line(cr, pm, at, pm + len, at);
		mark_line(cr, sw - pm - len, at, sw - pm, at);
	}
}

GBytes *tr_impose_nup(const tr_doc *doc, const tr_mono *mono, tr_paper paper, tr_nup *n,
                      int64_t date, GError **err)
{
	const double sw = n->landscape ? papers[paper].h : papers[paper].w;
	const double sh = n->landscape ? papers[paper].w : papers[paper].h;
	const double w = doc->width, h = doc->height, pm = TR_PRINTER_MARGIN * MM;
	const double cw = sw / n->cols, ch = sh / n->rows; /* the cells */
	double ink[4];
	bool any = ink_box(doc, ink);

	/* At 100 %, the copies touch each other and the block is centred: the
	 * slack (half a millimetre for A5 on A4) goes to the outer edges. */
	double ox = (sw - n->cols * w) / 2, oy = (sh - n->rows * h) / 2;
	double s = 1;
	bool fits = ox >= -FIT_EPS && oy >= -FIT_EPS;
	if (fits && any)
		fits = ox + ink[0] >= pm - FIT_EPS && ox + (n->cols - 1) * w + ink[2] <= sw - pm + FIT_EPS &&
		       oy + ink[1] >= pm - FIT_EPS && oy + (n->rows - 1) * h + ink[3] <= sh - pm + FIT_EPS;
	if (!fits) {
		/* Smaller, centred in its cell: the ink clears the margin on all sides. */
		double dx = any ? MAX(w / 2 - ink[0], ink[2] - w / 2) : w / 2;
		double dy = any ? MAX(h / 2 - ink[1], ink[3] - h / 2) : h / 2;
		s = MIN(MIN(cw / w, ch / h), MIN((cw / 2 - pm) / dx, (ch / 2 - pm) / dy));
		s = floor(s * 1000) / 1000;
	}
	n->scale = s;
	/* The printer's edge as an axis of the sheet: turning over on the vertical
	 * axis (like a book page) keeps the backs upright; on the horizontal one
	 * they are printed half a turn round. */
	bool horizontal_axis = (n->flip == TR_FLIP_LONG) == n->landscape;

	cairo_surface_t **rec = record_pages(doc, mono, err);
	if (!rec)
		return NULL;
	tr_pdf *pdf = tr_pdf_new(doc, sw, sh, date);
	cairo_t *cr = tr_pdf_cairo(pdf);
	const double page_box[4] = { 0, 0, w, h };
	for (size_t p = 0; p < doc->n_pages; p++) {
		bool back = p % 2 == 1;
		tr_pdf_begin_page(pdf, sw, sh, doc->pages[p].name);
		for (int r = 0; r < n->rows; r++)
			for (int c = 0; c < n->cols; c++) {
				/* Where the centre of the copy goes. */
				double cx = s == 1 ? ox + (c + 0.5) * w : (c + 0.5) * cw;
				double cy = s == 1 ? oy + (r + 0.5) * h : (r + 0.5) * ch;
				cairo_save(cr);
				cairo_translate(cr, cx, cy);
				if (back && horizontal_axis)
					cairo_rotate(cr, G_PI);
				cairo_scale(cr, s, s);
				cairo_translate(cr, -w / 2, -h / 2);
				place_page(cr, doc, rec[p], p, page_box);
				cairo_restore(cr);
			}
		/* Where to cut: between the copies, and at the outer edges of the
		 * block when more than a sliver of paper is left there. */
		for (int c = 0; c <= n->cols; c++) {
			bool outer = c == 0 || c == n->cols;
			if (!outer || (s == 1 && ox > TRIM_SLACK))
				cut_mark(cr, true, s == 1 ? ox + c * w : c * cw, sw, sh);
		}
		for (int r = 0; r <= n->rows; r++) {
			bool outer = r == 0 || r == n->rows;
			if (!outer || (s == 1 && oy > TRIM_SLACK))
				cut_mark(cr, false, s == 1 ? oy + r * h : r * ch, sw, sh);
		}
	}
	free_recordings(rec, doc->n_pages);
	/* Through qpdf even in colour: cairo 1.16 names the form twice in the
	 * page's resources when it paints it twice, which qpdf --check reports. */
	return tr_pdf_post(tr_pdf_finish(pdf, err), &(tr_pdfpost){ .grey = mono != NULL }, err);
}

char *tr_impose_instructions(const tr_doc *doc, tr_paper paper, const tr_nup *n)
{
	int down = n->cols - 1, across = n->rows - 1;
	double sw = n->landscape ? papers[paper].h : papers[paper].w;
	double sh = n->landscape ? papers[paper].w : papers[paper].h;
	bool trim = n->scale == 1 && ((sw - n->cols * doc->width) / 2 > TRIM_SLACK ||
	                              (sh - n->rows * doc->height) / 2 > TRIM_SLACK);
	/* TRANSLATORS: how many cuts, in "cut at the marks, twice down and once
	 * across" */
	const char *const times[4] = { "", C_("cuts", "once"), C_("cuts", "twice"),
		                       C_("cuts", "three times") };
	char *cuts;
	if (down == 1 && across == 0)
		cuts = g_strdup(_("cut once down the middle"));
	else if (down == 0 && across == 1)
		cuts = g_strdup(_("cut once across the middle"));
	else if (down == 1 && across == 1)
		cuts = g_strdup(_("cut once down and once across the middle"));
	else if (down && across)
		cuts = g_strdup_printf(_("cut at the marks, %s down and %s across"),
		                       times[MIN(down, 3)], times[MIN(across, 3)]);
	else if (down)
		cuts = g_strdup_printf(_("cut at the marks, %s down"), times[MIN(down, 3)]);
	else if (across)
		cuts = g_strdup_printf(_("cut at the marks, %s across"), times[MIN(across, 3)]);
	else
		cuts = g_strdup(_("cut at the marks"));
	/* TRANSLATORS: %s is how to cut, as in "cut once down the middle" */
	const char *how = doc->n_pages <= 1
		? (trim ? _("print one side, then %s, and trim the edges at the marks")
		        : _("print one side, then %s"))
		: n->flip == TR_FLIP_LONG
		? (trim ? _("print both sides, flipping on the long edge, then %s, and trim the "
		            "edges at the marks")
		        : _("print both sides, flipping on the long edge, then %s"))
		: (trim ? _("print both sides, flipping on the short edge, then %s, and trim the "
		            "edges at the marks")
		        : _("print both sides, flipping on the short edge, then %s"));
	char *out = g_strdup_printf(how, cuts);
	g_free(cuts);
	return out;
}

/* ---------------------------------------------------------------------------
 * Tiles
 */

#define MARK_GAP (2 * MM)    /* between the part of the poster and a mark */
#define MARK_LEN (5 * MM)
#define MARK_ZONE (8 * MM)   /* the margin kept for marks and the label */

/* The least number of sheets of `avail` (room for the poster on a sheet) that,
 * sharing `ov` with each neighbour, cover `need`. */
static int sheets_for(double need, double avail, double ov)
{
	if (need <= avail)
		return 1;
	return (int)ceil((need - ov) / (avail - ov) - 1e-9);
}

static void choose_tiling(const tr_doc *doc, tr_paper paper, bool fit, tr_tiling *t)
{
	const double inset = TR_PRINTER_MARGIN * MM + MARK_ZONE, ov = TR_GLUE_OVERLAP * MM;
	bool found = false;
	for (int land = 0; land < 2; land++) {
		double sw = land ? papers[paper].h : papers[paper].w;
		double sh = land ? papers[paper].w : papers[paper].h;
		double aw = sw - 2 * inset, ah = sh - 2 * inset;
		if (fit) {
			for (int cols = 1; cols <= 2; cols++) {
				int rows = 3 - cols;
				double s = MIN((cols * aw - (cols - 1) * ov) / doc->width,
				               (rows * ah - (rows - 1) * ov) / doc->height);
				s = floor(s * 1000) / 1000;
				if (!found || s > t->scale + 1e-9) {
					*t = (tr_tiling){ cols, rows, land, s };
					found = true;
				}
			}
		} else {
			int cols = sheets_for(doc->width, aw, ov), rows = sheets_for(doc->height, ah, ov);
			if (!found || cols * rows < t->cols * t->rows) {
				*t = (tr_tiling){ cols, rows, land, 1 };
				found = true;
			}
		}
	}
}

/* The name of place i of n along one direction ("haut", "milieu", "bas"), or
 * NULL for one place alone; words[0..2] are the first, middle and last. */
static char *place_name(int i, int n, const char *const words[3], const char *numbered)
{
	if (n == 1)
		return NULL;
	if (n <= 3)
		return g_strdup(i == 0 ? words[0] : i == n - 1 ? words[2] : words[1]);
	return g_strdup_printf(numbered, i + 1);
}

/* "1/4 haut gauche", "2/6 milieu droite", "1/2 top". */
static char *tile_label(tr_lang lang, int r, int c, const tr_tiling *t)
{
	static const char *const rows_fr[3] = { "haut", "milieu", "bas" };
	static const char *const rows_en[3] = { "top", "middle", "bottom" };
	static const char *const cols_fr[3] = { "gauche", "centre", "droite" };
	static const char *const cols_en[3] = { "left", "centre", "right" };
	bool fr = lang == TR_LANG_FR;
	char *row = place_name(r, t->rows, fr ? rows_fr : rows_en, fr ? "rangée %d" : "row %d");
	char *col = place_name(c, t->cols, fr ? cols_fr : cols_en,
	                       fr ? "colonne %d" : "column %d");
	char *out = g_strdup_printf("%d/%d%s%s%s%s", r * t->cols + c + 1, t->cols * t->rows,
	                            row ? " " : "", row ? row : "", col ? " " : "",
	                            col ? col : "");
	g_free(row);
	g_free(col);
	return out;
}

/* A layout for small print in the margins, in the family of the document's
 * first line of text (a font the document already embeds), or NULL. */
static PangoLayout *margin_layout(const tr_doc *doc)
{
	for (size_t p = 0; p < doc->n_pages; p++)
		for (size_t i = 0; i < doc->pages[p].n_ops; i++) {
			const tr_op *op = &doc->pages[p].ops[i];
			if (op->kind != TR_OP_LINE)
				continue;
			PangoFont *font = tr_textline_font(op->text);
			if (!font)
				continue;
			PangoFontDescription *fd = pango_font_describe(font);
			g_object_unref(font);
			PangoFontDescription *small = pango_font_description_new();
			pango_font_description_set_family(small, pango_font_description_get_family(fd));
			pango_font_description_set_absolute_size(small, 7 * PANGO_SCALE);
			PangoLayout *l = pango_layout_new(tr_textline_context(op->text));
			pango_layout_set_font_description(l, small);
			pango_font_description_free(small);
			pango_font_description_free(fd);
			return l;
		}
	return NULL;
}

/* The glue strip of a neighbour, in the margin: a grey band of the strip's
 * width and a small arrow pointing at the line the neighbour's edge goes on. */
static void glue_mark(cairo_t *cr, double x, double y, double w, double h, double ax,
                      double ay, double dx, double dy)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	// an arrow with its point at (ax, ay), pointing along (dx, dy)
	double len = 2.5 * MM, half = 1.2 * MM;
	cairo_move_to(cr, ax, ay);
	cairo_line_to(cr, ax - dx * len - dy * half, ay - dy * len - dx * half);
	cairo_line_to(cr, ax - dx * len + dy * half, ay - dy * len + dx * half);
	cairo_close_path(cr);
	cairo_fill(cr);
	cairo_restore(cr);
}

GBytes *tr_impose_tiles(const tr_doc *doc, const tr_mono *mono, tr_paper paper, bool fit,
                        int64_t date, tr_tiling *tiling, GError **err)
{
	tr_tiling t;
	choose_tiling(doc, paper, fit, &t);
	*tiling = t;
	const double sw = t.landscape ? papers[paper].h : papers[paper].w;
	const double sh = t.landscape ? papers[paper].w : papers[paper].h;
	const double ov = TR_GLUE_OVERLAP * MM, s = t.scale;
	/* Every sheet holds an equal part of the poster (on paper: tw x th,
	 * overlap included), centred. */
	const double tw = (doc->width * s + (t.cols - 1) * ov) / t.cols;
	const double th = (doc->height * s + (t.rows - 1) * ov) / t.rows;
	const double ox = (sw - tw) / 2, oy = (sh - th) / 2;

	PangoLayout *label = margin_layout(doc);
	tr_pdf *pdf = tr_pdf_new(doc, sw, sh, date);
	cairo_t *cr = tr_pdf_cairo(pdf);
	for (int r = 0; r < t.rows; r++)
		for (int c = 0; c < t.cols; c++) {
			char *text = tile_label(doc->lang, r, c, &t);
			double x0 = c * (tw - ov), y0 = r * (th - ov); // the part, on paper
			tr_pdf_begin_page(pdf, sw, sh, text);

			/* A recording for each sheet: cairo 1.16 writes a recording
			 * used twice as one form, holding only what the clip of its
			 * first use let through. */
			cairo_surface_t *rec = record_page(doc, 0, mono, err);
			if (!rec) {
				g_free(text);
				tr_pdf_free(pdf);
				if (label)
					g_object_unref(label);
				return NULL;
			}
			cairo_save(cr);
			cairo_translate(cr, ox - x0, oy - y0);
			cairo_scale(cr, s, s);
			const double clip[4] = { x0 / s, y0 / s, (x0 + tw) / s, (y0 + th) / s };
			place_page(cr, doc, rec, 0, clip);
			cairo_restore(cr);
			cairo_surface_destroy(rec);

			/* The strips the next sheets are glued over: right and below. */
			if (c + 1 < t.cols) {
				double x = ox + tw - ov;
				glue_mark(cr, x, oy - MARK_GAP - MARK_LEN, ov, MARK_LEN, x, oy - MARK_GAP,
				          0, 1);
				glue_mark(cr, x, oy + th + MARK_GAP, ov, MARK_LEN, x, oy + th + MARK_GAP,
				          0, -1);
			}
			if (r + 1 < t.rows) {
				double y = oy + th - ov;
				glue_mark(cr, ox - MARK_GAP - MARK_LEN, y, MARK_LEN, ov, ox - MARK_GAP, y,
				          1, 0);
				glue_mark(cr, ox + tw + MARK_GAP, y, MARK_LEN, ov, ox + tw + MARK_GAP, y,
				          -1, 0);
			}
			/* Crop marks at the corners of the part. */
			for (int k = 0; k < 4; k++) {
				double x = ox + (k & 1) * tw, y = oy + (k >> 1) * th;
				double dx = k & 1 ? 1 : -1, dy = k >> 1 ? 1 : -1;
				mark_line(cr, x + dx * MARK_GAP, y, x + dx * (MARK_GAP + MARK_LEN), y);
				mark_line(cr, x, y + dy * MARK_GAP, x, y + dy * (MARK_GAP + MARK_LEN));
			}
			if (label) {
				pango_layout_set_text(label, text, -1);
				cairo_save(cr);
				cairo_set_source_rgb(cr, 0, 0, 0);
				cairo_move_to(cr, ox + MARK_GAP + MARK_LEN + 2 * MM,
				              oy - MARK_GAP - MARK_LEN);
				pango_cairo_show_layout(cr, label);
				cairo_restore(cr);
			}
			g_free(text);
		}
	if (label)
		g_object_unref(label);
	GBytes *out = tr_pdf_finish(pdf, err);
	if (mono)
		out = tr_pdf_post(out, &(tr_pdfpost){ .grey = true }, err);
	return out;
}
