/* qr.h — QR codes (libqrencode), drawn as vector squares.
 *
 * Error correction level Q (a quarter of the code may be lost: tracts are
 * photocopied, folded and handed out in the rain) and a quiet zone of four
 * modules, the standard's, painted light whatever lies under the code.
 */
#ifndef TR_RENDER_QR_H
#define TR_RENDER_QR_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "model/layout.h"

/* The quiet zone around the code, in modules (ISO/IEC 18004: 4). */
#define TR_QR_QUIET 4
/* The longest text a QR code of tractage holds (bytes): beyond this a code
 * printed a few centimetres wide has modules too small for a phone. */
#define TR_QR_MAX_BYTES 300

typedef struct tr_qr tr_qr;

/* Encodes text (UTF-8, at most TR_QR_MAX_BYTES bytes). Returns the code
 * (tr_qr_free() it) or NULL with err set to a sentence for the user. */
tr_qr *tr_qr_new(const char *text, GError **err);

/* Frees; accepts NULL. */
void tr_qr_free(tr_qr *qr);

/* The code's width in modules, quiet zone included. */
int tr_qr_modules(const tr_qr *qr);

/* The text the code holds. */
const char *tr_qr_text(const tr_qr *qr);

/* Draws the code as a square of side size at (x, y), quiet zone included:
 * the square in light, then every dark module in dark, each row's runs of
 * dark modules as one rectangle, all in one path (no seams between modules). */
void tr_qr_draw(cairo_t *cr, const tr_qr *qr, double x, double y, double size, tr_rgb dark,
                tr_rgb light);

#endif
