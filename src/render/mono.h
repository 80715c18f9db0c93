/* mono.h — black-and-white output for the photocopier: every colour becomes a
 * grey that keeps the page's hierarchy and its contrast.
 *
 * A layout may give its own greys (the `mono:` map of docs/layout-format.md);
 * they are used as given. Other colours become the grey of their luminance,
 * with three rules for the photocopier:
 *   - a large dark area (a coloured band) becomes a light grey, which saves
 *     toner and keeps large areas even;
 *   - coloured text and rules on a light ground become black: mid-grey text
 *     comes out ragged from a photocopier;
 *   - text or a rule that would not stand out from what lies under it turns
 *     black (on light) or white (on dark).
 */
#ifndef TR_RENDER_MONO_H
#define TR_RENDER_MONO_H

#include <cairo.h>
#include <stddef.h>

#include "layout/engine.h"
#include "load/layoutdesc.h"

typedef struct tr_mono tr_mono;

/* The grey palette of a layout: its `mono:` map if it has one (ld may be NULL
 * for the automatic greys only). Free with tr_mono_free(). */
tr_mono *tr_mono_new(const tr_layoutdesc *ld);

/* Frees; accepts NULL. */
void tr_mono_free(tr_mono *m);

/* What one operation of a page is drawn with in black and white. */
typedef struct tr_mono_ink {
	tr_rgb colour; /* the grey of the operation (r = g = b) */
	double under;  /* the grey of what lies under it (0 black .. 1 white) */
} tr_mono_ink;

/* The greys of every operation of page `page` of doc, in the order of its ops
 * (page->n_ops entries). g_free() the result. */
tr_mono_ink *tr_mono_page(const tr_mono *m, const tr_doc *doc, size_t page);

/* The grey of a stretch of text whose own colour is c (a highlighted part of a
 * line, e.g. the accent colour of a date), lying on a ground of grey `under`. */
tr_rgb tr_mono_text(const tr_mono *m, tr_rgb c, double under);

/* For each operation of page `page` of doc, the index of the rectangle it is
 * drawn on (the last one drawn before it that holds the middle of its ink), or
 * -1 when it lies on the paper. The greys of black and white and the preflight's
 * contrast check both judge text against this ground. g_free() the result. */
long *tr_mono_grounds(const tr_doc *doc, size_t page);

/* The relative luminance of a colour (WCAG 2: sRGB linearised, Rec. 709
 * weights), 0 for black to 1 for white. */
double tr_mono_luminance(tr_rgb c);

/* The grey of the paper. */
tr_rgb tr_mono_paper(const tr_mono *m, tr_rgb paper);

/* Turns every pixel of an image surface (CAIRO_FORMAT_ARGB32 or RGB24) into
 * the grey of its luminance, in place, the alpha kept: pictures in black and
 * white. Other formats are left as they are. */
void tr_mono_grey_pixels(cairo_surface_t *s);

#endif
