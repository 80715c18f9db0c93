/* png.h — PNG previews of placed pages, drawn by cairo from the same
 * operations as the PDF. */
#ifndef TR_RENDER_PNG_H
#define TR_RENDER_PNG_H

#include <glib.h>

#include "layout/engine.h"
#include "model/layout.h"
#include "render/mono.h"

#define TR_PNG_DPI_MIN 10
#define TR_PNG_DPI_MAX 600
/* Pixels in the previews of one document, all its pages together, at most:
 * an A3 poster at 600 dpi holds 70 million. Writing them takes about 0.03 s a
 * million here; memory does not grow with them (see tr_png_render()). */
#define TR_PNG_MAX_PIXELS 100e6

/* The size in pixels of a page of doc at dpi: each side rounded to the nearest
 * pixel. */
void tr_png_size(const tr_doc *doc, double dpi, int *width, int *height);

/* The highest resolution (TR_PNG_DPI_MIN to TR_PNG_DPI_MAX) at which the
 * previews of all the pages of ld hold at most TR_PNG_MAX_PIXELS, with no side
 * longer than 32 767 pixels (cairo's limit), or 0 when none does; *pixels (may
 * be NULL) gets how many they hold at dpi (infinity when a side is too long). */
int tr_png_max_dpi(const tr_layoutdesc *ld, double dpi, double *pixels);

/* Renders page `page` of doc at dpi (TR_PNG_DPI_MIN to TR_PNG_DPI_MAX) on white,
 * in black and white when mono is not NULL. The page is drawn in bands of at
 * most 16 MiB of pixels, each written out before the next: memory is the band
 * plus the compressed file. Returns the PNG file's bytes (g_bytes_unref them)
 * or NULL with err set. */
GBytes *tr_png_render(const tr_doc *doc, size_t page, const tr_mono *mono, double dpi,
                      GError **err);

#endif
