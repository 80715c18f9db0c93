/* engine.h — the layout engine: content model + layout description → placed
 * pages, ready for any renderer.
 *
 * For every text frame the engine composes the field's text into paragraphs
 * (compose.h), shapes each paragraph once (shape.h), then chooses the largest
 * size in the frame's range at which the text fits (fit.h), breaking whole
 * paragraphs at their best (breaker.h) and flowing them from frame to frame
 * (flow.h). Text that cannot fit even at its floor is an error that names the
 * content field (file:line:col), the frames and what is too much; nothing is
 * ever clipped. All coordinates in a tr_doc are in PDF points from the
 * top-left corner of the trim box of the page.
 */
#ifndef TR_LAYOUT_ENGINE_H
#define TR_LAYOUT_ENGINE_H

#include <pango/pango.h>
#include <stdbool.h>

#include "diag.h"
#include "layout/shape.h"
#include "model/event.h"
#include "model/layout.h"
#include "typo/fonts.h"

typedef enum {
	TR_OP_RECT,  /* filled rectangle x, y, w, h in colour */
	TR_OP_RULE,  /* line from (x, y) to (x + w, y + h), line_width, colour */
	TR_OP_LINE,  /* one line of text: `text`, baseline origin (x, y) */
	TR_OP_LINK,  /* a clickable area x, y, w, h → uri */
	TR_OP_IMAGE, /* a picture in the box x, y, w, h, placed by fit, align and valign */
	TR_OP_QR,    /* a QR code filling the square x, y, w (= h), dark modules in colour */
	TR_OP__MAX
} tr_op_kind;

typedef struct tr_op {
	tr_op_kind kind;
	double x, y, w, h;
	tr_rgb colour;
	double line_width;
	bool bleed;           /* rect: extends into the bleed on the sides it touches */
	tr_textline *text;    /* TR_OP_LINE: owned */
	double size;          /* TR_OP_LINE: the font size, pt */
	char *uri;            /* TR_OP_LINK; owned */
	char *frame;          /* TR_OP_LINE: the id of the frame it is in; TR_OP_IMAGE,
	                       * TR_OP_QR: the id of their item; owned */
	struct tr_image *image; /* TR_OP_IMAGE: a reference (render/image.h) */
	struct tr_qr *qr;     /* TR_OP_QR: owned (render/qr.h) */
	tr_fit fit;           /* TR_OP_IMAGE */
	tr_align align;
	tr_valign valign;
} tr_op;

typedef struct tr_docpage {
	char *name;
	tr_op *ops;
	size_t n_ops;
} tr_docpage;

/* A laid-out document. Owns everything it points to. */
typedef struct tr_doc {
	char *name;          /* layout name, e.g. "tract-a5" */
	char *kind;          /* "tract" / "poster" */
	double width, height; /* trim size, pt */
	tr_rgb paper;
	tr_docpage *pages;
	size_t n_pages;
	/* metadata */
	char *title, *author, *subject, *keywords;
	tr_lang lang;
} tr_doc;

typedef struct tr_engine tr_engine;

/* An engine draws with fonts (borrowed: must outlive the engine) and loads the
 * hyphenation dictionaries it needs once, on first use. Free with tr_engine_free(). */
tr_engine *tr_engine_new(tr_fonts *fonts);
void tr_engine_free(tr_engine *e);

/* Checks that every font family the layout names can be used (errors in d,
 * at the layout item that names it). */
bool tr_engine_check_fonts(tr_engine *e, const tr_layoutdesc *ld, tr_diag *d);

/* Lays out ev with ld. Returns the document, or NULL with errors in d (text that
 * does not fit, a font without the glyphs a text needs, a missing hyphenation
 * dictionary). Warnings (a character drawn with another font) go to d too.
 * Free the result with tr_doc_free(). */
tr_doc *tr_engine_run(tr_engine *e, const tr_event *ev, const tr_layoutdesc *ld,
                      tr_diag *d);

/* Frees; accepts NULL. */
void tr_doc_free(tr_doc *doc);

/* A readable dump of the placed document (frames, chosen sizes, lines of text),
 * for tests. g_free() it. */
char *tr_doc_dump(const tr_doc *doc);

#endif
