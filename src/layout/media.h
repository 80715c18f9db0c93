/* media.h — the drawing operations of image and QR items: the picture a
 * layout's image item shows (logo, image), the content's QR code.
 */
#ifndef TR_LAYOUT_MEDIA_H
#define TR_LAYOUT_MEDIA_H

#include <glib.h>
#include <stdbool.h>

#include "layout/engine.h"
#include "model/event.h"
#include "model/layout.h"

/* Fills op for an image or QR item of ev: the picture (a new reference) in
 * the item's box, or the QR code (encoded here) as the largest square the box
 * holds, aligned in it. Returns false, leaving op as it was, when ev has no
 * picture or QR code for it. op's geometry and colour are the item's already. */
bool tr_media_op(const tr_event *ev, const tr_item *it, tr_op *op);

/* Frees what tr_media_op() put in op; accepts any op. */
void tr_media_op_clear(tr_op *op);

/* The smallest module a phone reads reliably on paper, mm. */
#define TR_QR_MIN_MODULE 0.35

/* Warns (in d, at the content's "qr:") when a QR code of doc has modules
 * smaller than TR_QR_MIN_MODULE: a long address in a small code. */
void tr_media_check(const tr_doc *doc, const tr_event *ev, tr_diag *d);

/* Appends a dump line for an image or QR op ("  image logo SVG 34.0 22.7 ..."). */
void tr_media_op_dump(GString *s, const tr_op *op);

#endif
