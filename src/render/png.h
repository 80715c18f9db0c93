/* png.h — PNG previews of placed pages, drawn by cairo from the same
 * operations as the PDF. */
#ifndef TR_RENDER_PNG_H
#define TR_RENDER_PNG_H

#include <glib.h>

#include "layout/engine.h"
#include "render/mono.h"

#define TR_PNG_DPI_MIN 10
#define TR_PNG_DPI_MAX 600

/* The size in pixels of a page of doc at dpi: each side rounded to the nearest
 * pixel. */
void tr_png_size(const tr_doc *doc, double dpi, int *width, int *height);

/* Renders page `page` of doc at dpi (TR_PNG_DPI_MIN to TR_PNG_DPI_MAX) on white,
 * in black and white when mono is not NULL. Returns the PNG file's bytes
 * (g_bytes_unref them) or NULL with err set. */
GBytes *tr_png_render(const tr_doc *doc, size_t page, const tr_mono *mono, double dpi,
                      GError **err);

#endif
