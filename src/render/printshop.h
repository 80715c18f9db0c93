/* printshop.h — the file a print shop asks for: every page enlarged by the
 * bleed, what bleeds extended into it, crop marks outside it, TrimBox and
 * BleedBox set, black text and rules in pure black (DeviceGray), and a warning
 * for anything printed inside the layout's safe margin.
 *
 * Page geometry, for a trim of W x H and a bleed b (pt): the MediaBox is
 * W + 2m by H + 2m with m = b + TR_SLUG_EXTRA mm; the TrimBox is the page's own
 * box m from each edge, the BleedBox b further out. Crop marks are TR_CROP_LENGTH
 * mm long on the trim lines, starting 1 mm outside the bleed.
 */
#ifndef TR_RENDER_PRINTSHOP_H
#define TR_RENDER_PRINTSHOP_H

#include <glib.h>
#include <stdint.h>

#include "diag.h"
#include "layout/engine.h"
#include "load/layoutdesc.h"
#include "render/mono.h"

#define TR_CROP_LENGTH 5.0
#define TR_SLUG_EXTRA 8.0 /* mm beyond the bleed: 1 mm gap, the marks, 2 mm of paper */

/* The boxes of a print-shop page of doc, in PDF points (x0 y0 x1 y1, origin at
 * the bottom left): media, bleed, trim. bleed_mm is the bleed on each side. */
void tr_printshop_boxes(const tr_doc *doc, double bleed_mm, double media[4],
                        double bleed[4], double trim[4]);

/* Renders doc for a print shop with a bleed of bleed_mm millimetres on each
 * side; mono may be NULL. Returns the PDF (g_bytes_unref it) or NULL with err set. */
GBytes *tr_printshop_render(const tr_doc *doc, double bleed_mm, const tr_mono *mono,
                            int64_t date, GError **err);

/* Adds a warning to d, at the layout item, for each text frame, rule or
 * rectangle of doc (laid out with ld) whose ink comes within ld->safe mm of the
 * trim edge. Rectangles that bleed are backgrounds and may. Returns the number
 * of warnings. */
size_t tr_printshop_check_safe(const tr_doc *doc, const tr_layoutdesc *ld, tr_diag *d);

#endif
