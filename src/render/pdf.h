/* pdf.h — PDF output with cairo: exact page sizes, embedded subset fonts,
 * metadata, links, a fixed creation date, written atomically. */
#ifndef TR_RENDER_PDF_H
#define TR_RENDER_PDF_H

#include <glib.h>
#include <stdint.h>

#include "layout/engine.h"

/* Renders doc to a PDF in memory. date is the creation and modification date
 * (seconds since the epoch, UTC) written in the file, so that the same input
 * gives the same bytes. Returns the bytes (g_bytes_unref them) or NULL with err set. */
GBytes *tr_pdf_render(const tr_doc *doc, int64_t date, GError **err);

/* Writes bytes to path atomically: a temporary file in the same folder, then a
 * rename, so an existing file is replaced whole or not at all. */
gboolean tr_write_atomic(const char *path, GBytes *bytes, GError **err);

#endif
