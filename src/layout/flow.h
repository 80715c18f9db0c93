/* flow.h — frames, chains and stacks: the text of a field flowed into its
 * frames at one size.
 *
 * The frames bound to one field form a chain: its paragraphs, shaped once
 * (shape.h), are broken (breaker.h) at the width of the frame each lands in
 * and placed one line under the other, at one size, from frame to frame. A
 * frame in a stack gets the room the texts above it leave. Flowing at a size
 * is arithmetic on the shaped glyphs; fit.h searches the size.
 * Coordinates are page points from the top-left of the trim box.
 */
#ifndef TR_LAYOUT_FLOW_H
#define TR_LAYOUT_FLOW_H

#include <glib.h>
#include <stdbool.h>

#include "layout/compose.h"
#include "layout/rules.h"
#include "layout/shape.h"
#include "model/layout.h"

/* A frame of a chain, as the layout gives it. */
typedef struct tr_frame_ref {
	const tr_item *item;
	size_t page;
	const tr_item *stack; /* the stack the frame is in, or NULL */
} tr_frame_ref;

/* Where a frame is for one placement, pt: one per column of the chain's
 * frames, in reading order. A frame in a stack gets the room left below the
 * frames placed before it. */
typedef struct tr_fgeom {
	double x, y, w, h;
	const char *id;
	size_t page;
	size_t frame;          /* the frame (index in the chain's frames) it is a column of */
	const tr_item *stack;  /* the stack that frame is in, or NULL */
} tr_fgeom;

/* One line placed in a frame. */
typedef struct tr_placed {
	tr_textline *line; /* owned by the array of placed lines (tr_placed_free) */
	double x, y;       /* baseline origin, pt, page coordinates */
	size_t page;
	const char *frame; /* the frame's id (the layout's) */
	double size;       /* the font size of the line, pt */
	int para;          /* its paragraph in the chain */
} tr_placed;

/* The frames bound to one field and its text. */
typedef struct tr_chain {
	tr_binding field;
	GArray *frames;        /* of tr_frame_ref */
	tr_textblock tb;
	bool has_text;
	const tr_item *stack;  /* the stack it goes through, or NULL */
	tr_shaped **shaped;    /* one per paragraph of tb, shaped with the chain's style */
	int n_shaped;
	GArray *lines;         /* of tr_placed: the placement chosen */
	double size;           /* the size chosen, pt */
	double track;          /* the tracking taken off (em, <= 0) */
	bool hyphenated;       /* hyphenated as a last resort */
	bool fewer_columns;    /* its frames in a stack are set in their least columns */
	double pad_extra;      /* pt added to its band's padding above and below, from the
	                        * room its stack had left (padding: [min, max]) */
	GHashTable *breaks;    /* paragraphs already broken, by width and options
	                        * (flow.c); owned */
} tr_chain;

/* How one try sets the chain. */
typedef struct tr_try {
	double size;      /* pt */
	double track;     /* em added to the style's tracking (<= 0: tighter) */
	bool hyphenate;   /* hyphenate even if the style does not (last resort) */
} tr_try;

/* Where a placement ended: the column (index in the geometry) and the height
 * used in it (pt). */
typedef struct tr_chain_end {
	size_t frame;
	double y;
	double demerits; /* of all its breaks: how well it reads */
	bool bad_phrase; /* a ragged line ends on an article or a preposition */
	int loose;       /* justified lines stretched past what the breaker allows
	                  * (no set of breaks could do better at this width) */
	bool short_carry; /* it goes on on another page with fewer lines there
	                   * than the rules' carry_min_lines */
	int para_lines;  /* the most lines one of its paragraphs takes */
} tr_chain_end;

/* What did not fit, for messages. */
typedef struct tr_overflow {
	int lines;            /* lines left over past the last frame */
	long chars;           /* characters left over */
	bool too_many_lines;  /* more lines than max-lines */
	double wide;          /* > 0: the widest piece that does not fit, pt */
	double room;          /* the frame's width for it, pt */
	char word[96];        /* that piece, as written */
} tr_overflow;

/* Paragraph i of the chain (its composed text: scale, indents, links). */
const tr_para *tr_chain_para(const tr_chain *c, int i);

/* The chain's style: that of its first frame. */
const tr_textstyle *tr_chain_style(const tr_chain *c);

/* The geometry of a chain's frames, a column each, *n of them; a frame in a
 * stack starts at cursor (pt) and has the room left down to the stack's foot.
 * g_free() the result. */
tr_fgeom *tr_chain_geometry(const tr_chain *c, double cursor, size_t *n);

/* Flows the chain into the ng columns g at try t. Returns true when everything fits.
 * When out is not NULL the placed lines are appended to it; when ov is not
 * NULL and the text does not fit, it says what is left over; end (if not
 * NULL) receives where the text ended. */
bool tr_flow_chain(const tr_chain *c, const tr_fgeom *g, size_t ng, const tr_try *t,
                   const tr_rules *rules, tr_lang lang, GArray *out, tr_overflow *ov,
                   tr_chain_end *end);

/* A new array for tr_flow_chain()'s out; free it with tr_placed_free(). */
GArray *tr_placed_new(void);
/* Frees an array of placed lines and their lines; accepts NULL. */
void tr_placed_free(GArray *lines);

/* Frees what the chain holds (not the chain); accepts a zeroed chain. */
void tr_chain_clear(tr_chain *c);

#endif
