/* impose.h — placing pages on printer sheets: as many copies as fit on an A4
 * or A3 sheet for the photocopier (two A5 tracts, four A6 flyers on A4), and a
 * poster on A4 or A3 sheets to assemble.
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

/* (All return PDFs in DeviceGray when mono is given, see pdfpost.h.) */

/* How copies of a document go on a sheet. */
typedef struct tr_nup {
	int cols, rows;  /* copies across and down */
	bool landscape;  /* the sheet turned landscape */
	double scale;    /* 1 for 100 % */
	tr_flip flip;    /* the edge the printer turns the sheet on */
} tr_nup;

/* The most copies of doc's pages that fit upright on a sheet of paper at
 * 100 %, and how (n->scale 1, n->flip the usual setting for the sheet:
 * short for landscape, long for portrait, so that a copy's back is upright
 * when it is turned over like a book page). Returns cols * rows, 0 when the
 * page is larger than the sheet. */
int tr_impose_fit(const tr_doc *doc, tr_paper paper, tr_nup *n);

/* The same for a page of width × height pt (a layout's, before any document
 * is made from it). */
int tr_impose_fit_size(double width, double height, tr_paper paper, tr_nup *n);

/* Copies of each page of doc on sheets of paper as tr_impose_fit() places
 * them: page 1 in every cell of side 1, page 2 on side 2, and so on, the backs
 * placed (and turned half a turn when the printer turns the sheet on the
 * other edge, flip) so that printing duplex and cutting at the marks gives
 * identical copies. n->flip is the printer's edge (as tr_impose_fit() set it
 * or as the user said). Each copy is at 100 % unless its ink comes closer to
 * the sheet edge than the printer margin: then n->scale says by how much it
 * was reduced, each copy centred in its cell. Short cut marks show every cut.
 * mono may be NULL. Returns the PDF (g_bytes_unref it) or NULL with err set. */
GBytes *tr_impose_nup(const tr_doc *doc, const tr_mono *mono, tr_paper paper, tr_nup *n,
                      int64_t date, GError **err);

/* What to do with the sheets of tr_impose_nup(): "print both sides, flipping
 * on the short edge, then cut once down the middle", or "print one side, …"
 * for a document of one page. g_free() it. */
char *tr_impose_instructions(const tr_doc *doc, tr_paper paper, const tr_nup *n);

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
