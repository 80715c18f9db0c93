/* impose.h — placing pages on printer sheets: two tracts per A4 sheet for the
 * photocopier, and a poster on A4 or A3 sheets to assemble.
 *
 * Pages are drawn once into cairo recording surfaces, which cairo writes as
 * Form XObjects: the sheets stay vector, fonts embedded, text selectable. Links
 * are never recorded (a recording replays a link at its original place); they
 * are tagged again on each sheet at their placed position.
 */
#ifndef TR_RENDER_IMPOSE_H
#define TR_RENDER_IMPOSE_H

#include <glib.h>
#include <stdint.h>

#include "layout/engine.h"
#include "render/mono.h"

/* How the printer turns the sheet for its second side, in its own words. */
typedef enum {
	TR_FLIP_SHORT, /* on the short edge: the usual setting for landscape sheets */
	TR_FLIP_LONG,  /* on the long edge */
	TR_FLIP__MAX
} tr_flip;

/* The sheets a poster can be tiled on. */
typedef enum {
	TR_PAPER_A4,
	TR_PAPER_A3,
	TR_PAPER__MAX
} tr_paper;

/* Name of a paper size ("A4"). */
const char *tr_paper_name(tr_paper p);

/* What the printer cannot print: this much of every sheet edge (mm). */
#define TR_PRINTER_MARGIN 5.0
/* The strip two poster sheets share, where one is glued over the other (mm). */
#define TR_GLUE_OVERLAP 10.0

/* (Both return PDFs in DeviceGray when mono is given, see pdfpost.h.) */

/* Two copies of each page of doc per A4 landscape sheet side: page 1 twice on
 * side 1, page 2 twice on side 2 (turned half a turn for a long-edge flip), and
 * so on, so that printing duplex with `flip` and cutting once down the middle
 * gives two identical documents. Each copy is at 100 % unless its ink comes
 * closer to the sheet edge than the printer margin: then *scale (always set)
 * says by how much it was reduced. mono may be NULL. Returns the PDF
 * (g_bytes_unref it) or NULL with err set. */
GBytes *tr_impose_2up(const tr_doc *doc, const tr_mono *mono, tr_flip flip, int64_t date,
                      double *scale, GError **err);

/* How a poster was tiled. */
typedef struct tr_tiling {
	int cols, rows;
	bool landscape;  /* sheets turned landscape */
	double scale;    /* 1 for 100 % */
} tr_tiling;

/* Page 1 of doc on sheets of `paper`: at 100 % on as few sheets as the printer
 * margin, the marks and the glue overlap allow, or (fit) scaled to fill two
 * sheets. Each sheet shows its part of the poster, crop marks, the glue strip
 * its neighbour goes over (grey in the margin, with an arrow at the line to
 * align with) and a label such as "1/4 haut gauche" (French when doc is).
 * *tiling says what was done. Returns the PDF or NULL with err set. */
GBytes *tr_impose_tiles(const tr_doc *doc, const tr_mono *mono, tr_paper paper, bool fit,
                        int64_t date, tr_tiling *tiling, GError **err);

#endif
