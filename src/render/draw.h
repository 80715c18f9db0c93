/* draw.h — the drawing operations of one placed page onto any cairo context
 * (PDF page, recording surface, image surface), shared by every output.
 *
 * Coordinates are those of the tr_doc: points from the top-left corner of the
 * trim box, y down. The caller sets the transformation (a bleed offset, an
 * imposition cell, a PNG resolution) before drawing.
 */
#ifndef TR_RENDER_DRAW_H
#define TR_RENDER_DRAW_H

#include <cairo.h>
#include <stdbool.h>

#include "layout/engine.h"
#include "render/mono.h"

/* How to draw a page. A zeroed struct draws the layout as designed, without links. */
typedef struct tr_draw_opts {
	const tr_mono *mono; /* black and white: colours through this palette; NULL: as designed */
	double bleed;        /* pt: rectangles flagged bleed, and a coloured paper, reach this
	                      * far past the trim edges they touch */
	bool links;          /* tag the links (PDF surfaces only: never inside a recording
	                      * surface, which would replay them at their original place) */
} tr_draw_opts;

/* Draws page `page` of doc on cr at its current transformation. */
void tr_draw_page(cairo_t *cr, const tr_doc *doc, size_t page, const tr_draw_opts *o);

/* Tags the links of a page as PDF link annotations at the current transformation:
 * each rectangle is taken to device space (the bounding box of its corners, so
 * 90° and 180° turns stay exact) and, when clip is not NULL, cut to clip
 * (x0, y0, x1, y1 in page points); a link cut away entirely is left out. */
void tr_draw_links(cairo_t *cr, const tr_doc *doc, size_t page, const double *clip);

/* The ink box of an operation in page points: box = x0, y0, x1, y1. Text lines
 * give the ink of their glyphs widened to their advance (from the origin of
 * the first glyph to the end of the last), rules include their thickness.
 * Returns false
 * for operations that leave no ink (links). */
bool tr_draw_op_extents(const tr_op *op, double box[4]);

/* True when op is a rectangle or a picture flagged bleed that touches a trim
 * edge of a width x height page: the printer or the cutter may take its edge
 * off. */
bool tr_draw_op_bleeds(const tr_op *op, double width, double height);

#endif
