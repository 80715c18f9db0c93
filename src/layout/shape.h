/* shape.h — paragraphs shaped once, lines drawn from the shaped glyphs.
 *
 * A paragraph (compose.h) is itemised by Pango (fonts, fallback, scripts) and
 * shaped by HarfBuzz once, at a reference size, with hinting off: its widths
 * then scale linearly with the size, so that breaking it at any size in any
 * width is arithmetic on the same glyphs (breaker.h). Shaping also finds where
 * lines may end — Pango's break opportunities, the dictionary's hyphenation
 * points, what the rules forbid — and turns the paragraph into the boxes, glue
 * and penalties the breaker weighs.
 *
 * The text a paragraph is shaped from is "clean": soft hyphens (U+00AD) become
 * hyphenation points and disappear, non-breaking hyphens (U+2011) become plain
 * hyphens that a line may not end on, so that the PDF's text layer reads and
 * searches as the user wrote it. A line broken at a hyphenation point is drawn
 * with a hyphen glyph of its own, whose text is "-".
 *
 * A tr_textline is one placed line: a byte range of a shaped paragraph, the
 * scale it is drawn at, and how much its word spaces stretch. It is what a
 * TR_OP_LINE of a placed document draws.
 */
#ifndef TR_LAYOUT_SHAPE_H
#define TR_LAYOUT_SHAPE_H

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "layout/breaker.h"
#include "layout/compose.h"
#include "layout/rules.h"
#include "model/layout.h"

/* The size every paragraph is shaped at (pt). Widths at size s are
 * widths × s / TR_REF_SIZE. */
#define TR_REF_SIZE 100.0

typedef struct tr_shaper tr_shaper;

/* A shaper measures in ctx (borrowed: it must outlive the shaper). Free with
 * tr_shaper_free(). */
tr_shaper *tr_shaper_new(PangoContext *ctx);

/* Frees; accepts NULL. */
void tr_shaper_free(tr_shaper *s);

/* A shaped paragraph (reference counted). */
typedef struct tr_shaped tr_shaped;

/* Shapes paragraph p in the style of its frame st, in language lang. Never
 * fails (a character no font has is shaped as an unknown glyph: see
 * tr_shaped_unknown()). A paragraph shaped before in the same fonts (the
 * poster after the tract) is not shaped again. The result does not refer to
 * p. Release with tr_shaped_unref(). */
tr_shaped *tr_shape_para(tr_shaper *s, const tr_para *p, const tr_textstyle *st,
                         tr_lang lang, const tr_rules *rules);

tr_shaped *tr_shaped_ref(tr_shaped *sp);
/* Releases a reference; accepts NULL. */
void tr_shaped_unref(tr_shaped *sp);

/* The paragraph's clean text (owned by sp). */
const char *tr_shaped_text(const tr_shaped *sp);

/* Its boxes, glue and penalties; *n receives their number (owned by sp). */
const tr_kp_item *tr_shaped_items(const tr_shaped *sp, int *n);

/* The largest ascent and descent of its fonts, reference units. */
double tr_shaped_ascent(const tr_shaped *sp);
double tr_shaped_descent(const tr_shaped *sp);

/* The height of a capital H in the paragraph's font, reference units. */
double tr_shaped_cap_height(tr_shaper *s, const tr_shaped *sp);

/* The width of its normal word space, reference units (0 if it has none). */
double tr_shaped_space(const tr_shaped *sp);

/* The first character no font could draw (a byte offset into the clean
 * text), or -1. */
int tr_shaped_unknown(const tr_shaped *sp);

/* Calls fn for every run drawn with a family other than `want` (font
 * fallback), with the run's first character's byte offset and the family used. */
void tr_shaped_foreign_runs(const tr_shaped *sp, const char *want,
                            void (*fn)(void *data, int byte, const char *family),
                            void *data);

/* The glyph runs of the paragraph, as shaped: *n receives their number;
 * run i is tr_shaped_run(sp, i) (owned by sp), over tr_shaped_text(sp). */
int tr_shaped_n_runs(const tr_shaped *sp);
const PangoGlyphItem *tr_shaped_run(const tr_shaped *sp, int i);

/* The byte of the clean text where byte `byte` of the paragraph's own text
 * (tr_para.text, with its soft hyphens) went. */
int tr_shaped_clean_offset(const tr_shaped *sp, int byte);


/* One line as placed: drawn from sp's glyphs at `scale` points per reference
 * unit. */
typedef struct tr_textline {
	tr_shaped *sp;      /* a reference */
	int start, end;     /* byte range of the clean text */
	double scale;       /* points per reference unit (size / TR_REF_SIZE) */
	double space_delta; /* reference units added to each breakable word space */
	double track_delta; /* reference units added to each glyph (tighter display) */
	bool hyphen;        /* draw a hyphen at the end */
} tr_textline;

/* A new line (one more reference to sp). Free with tr_textline_free(). */
tr_textline *tr_textline_new(tr_shaped *sp, const tr_break_line *bl, double scale,
                             double space_delta, double track_delta);

/* Frees; accepts NULL. */
void tr_textline_free(tr_textline *l);

/* The colour of a run of a line: `own` is the colour the text sets for itself
 * (a highlighted part) or NULL; returns the colour to draw it in. */
typedef tr_rgb (*tr_textline_ink)(void *data, const tr_rgb *own);

/* Draws the line with its baseline origin at (x, y) in cr's user space, each
 * run in ink(data, its own colour or NULL). The text layer (PDF) keeps the
 * words as written, and a drawn hyphen as "-". */
void tr_textline_draw(const tr_textline *l, cairo_t *cr, double x, double y,
                      tr_textline_ink ink, void *data);

/* The advance of the line, points (hyphen included). */
double tr_textline_width(const tr_textline *l);

/* The distance from the line's origin to the start of byte `byte` of the
 * clean text (clamped to the line), points. */
double tr_textline_x(const tr_textline *l, int byte);

/* The ink box of the glyphs relative to the baseline origin, points
 * (x0, y0, x1, y1, y down). False when the line has no ink. */
bool tr_textline_ink_box(const tr_textline *l, double box[4]);

/* The line's text as it reads on the page: the hyphen drawn as "-", a tab as
 * " → " when show_tabs. g_free() it. */
char *tr_textline_text(const tr_textline *l, bool show_tabs);

/* A cheap bound of the line's ink, relative to its origin like
 * tr_textline_ink_box(), from the fonts' ascent and descent and the line's
 * advance with a margin of 0.3 em, loading no glyph. False when the line has
 * combining marks, which stack past any such bound. */
bool tr_textline_ink_bound(const tr_textline *l, double box[4]);

/* The context the line was shaped in (borrowed: valid while the line is). */
PangoContext *tr_textline_context(const tr_textline *l);

/* The font of the line's first glyph, a new reference (g_object_unref), or
 * NULL for an empty line. */
PangoFont *tr_textline_font(const tr_textline *l);

#endif
