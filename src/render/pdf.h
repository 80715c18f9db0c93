/* pdf.h — PDF output with cairo: exact page sizes, embedded subset fonts,
 * metadata, links, a fixed creation date, written atomically. */
#ifndef TR_RENDER_PDF_H
#define TR_RENDER_PDF_H

#include <cairo.h>
#include <glib.h>
#include <stdint.h>

#include "layout/engine.h"
#include "render/draw.h"
#include "render/pdfpost.h"

/* Renders doc to a PDF in memory. date is the creation and modification date
 * (seconds since the epoch, UTC) written in the file, so that the same input
 * gives the same bytes. Returns the bytes (g_bytes_unref them) or NULL with err set. */
GBytes *tr_pdf_render(const tr_doc *doc, int64_t date, GError **err);

/* The same, drawn with o; links are always tagged. In black and white (o->mono)
 * the colours are then written as DeviceGray (see pdfpost.h). */
GBytes *tr_pdf_render_with(const tr_doc *doc, const tr_draw_opts *o, int64_t date,
                           GError **err);

/* A PDF being drawn in memory, for outputs that place pages themselves
 * (imposition, print-shop pages): doc's metadata, the fixed date, and the
 * structure that cairo 1.16 needs once links are tagged. */
typedef struct tr_pdf tr_pdf;

/* Starts a PDF whose first page is width x height pt. Finish it with
 * tr_pdf_finish() or drop it with tr_pdf_free(). */
tr_pdf *tr_pdf_new(const tr_doc *doc, double width, double height, int64_t date);

/* The drawing context (owned by pdf); y goes down from the top-left corner. */
cairo_t *tr_pdf_cairo(tr_pdf *pdf);

/* Starts the next page (the first one on the first call), width x height pt,
 * with a page label (may be NULL). */
void tr_pdf_begin_page(tr_pdf *pdf, double width, double height, const char *label);

/* Ends the last page and returns the file's bytes (g_bytes_unref them), or NULL
 * with err set. Frees pdf in both cases. */
GBytes *tr_pdf_finish(tr_pdf *pdf, GError **err);

/* Drops an unfinished PDF; accepts NULL. */
void tr_pdf_free(tr_pdf *pdf);

/* Runs tr_pdfpost_run() on pdf and drops pdf (a NULL pdf gives NULL): for
 * chaining after tr_pdf_finish(). Returns the new bytes or NULL with err set. */
GBytes *tr_pdf_post(GBytes *pdf, const tr_pdfpost *o, GError **err);

/* Writes bytes to path atomically: a temporary file in the same folder, then a
 * rename, so an existing file is replaced whole or not at all. */
gboolean tr_write_atomic(const char *path, GBytes *bytes, GError **err);

#endif
