/* pdfpost.h — what cairo cannot write, added to a finished PDF with libqpdf:
 * TrimBox and BleedBox, pure-grey colours in DeviceGray, no needless
 * transparency groups.
 *
 * cairo 1.16 writes every colour as DeviceRGB ("0 0 0 rg"), which a print shop
 * converts to a rich black of four inks, and has no page boxes at all. This pass
 * reads cairo's file with qpdf, rewrites the colour operators of every content
 * stream (pages and the forms they use), sets the boxes, and writes the file
 * again with a deterministic /ID, so that the same input still gives the same
 * bytes.
 *
 * libqpdf (a C++ library) is opened at run time, on first use only: linking it
 * would add about 5 MiB of memory and some milliseconds to every build, while
 * only the print-shop and black-and-white outputs need it.
 */
#ifndef TR_RENDER_PDFPOST_H
#define TR_RENDER_PDFPOST_H

#include <glib.h>
#include <stdbool.h>

typedef struct tr_pdfpost {
	/* Colours whose red, green and blue are equal (within 3/255) are written
	 * in DeviceGray: "0 g" for text, "0 G" for rules; near-black ones (below
	 * 0.15) become pure black. Other colours are left as they are. */
	bool grey;
	/* Drop the transparency group cairo puts on every page, when nothing on
	 * the page is transparent: print-shop preflights flag it. */
	bool flatten;
	/* Page boxes for every page, in PDF points (x0 y0 x1 y1, y up); left out
	 * when has_boxes is false. */
	bool has_boxes;
	double trim[4];
	double bleed[4];
} tr_pdfpost;

/* Applies o to the PDF in pdf (with o all false, qpdf just writes the file
 * again, cleanly). Returns the new bytes (g_bytes_unref them), or NULL with err
 * set when libqpdf cannot be opened or reports a problem. */
GBytes *tr_pdfpost_run(GBytes *pdf, const tr_pdfpost *o, GError **err);

/* The grey pass alone, on one decoded content stream (for tests): a new array
 * (g_byte_array_unref it); *changed counts the operators rewritten. */
GByteArray *tr_pdfpost_grey_stream(const guint8 *s, size_t n, int *changed);

#endif
