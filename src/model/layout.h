/* layout.h — the layout model: what a layout file describes, fully resolved.
 *
 * A layout is data: page size, palette, named text styles and, per page, a list of
 * items drawn in order (rectangles, rules, text frames bound to content fields or
 * composed blocks). Layout files are read into this model by load/layoutdesc.c
 * (the format is documented in docs/layout-format.md); the engine
 * (src/layout/) lays an event out with it.
 * All lengths here are in millimetres from the top-left corner of the trim box,
 * font sizes in points. Styles are fully resolved by the loader: the engine never
 * looks up a style name.
 */
#ifndef TR_MODEL_LAYOUT_H
#define TR_MODEL_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Millimetres to PDF points. */
#define TR_MM_TO_PT (72.0 / 25.4)

typedef struct tr_rgb {
	double r, g, b; /* 0..1 */
} tr_rgb;

typedef enum {
	TR_ALIGN_LEFT,
	TR_ALIGN_CENTER,
	TR_ALIGN_RIGHT,
	TR_ALIGN_JUSTIFY,
	TR_ALIGN__MAX
} tr_align;

typedef enum {
	TR_VALIGN_TOP,
	TR_VALIGN_MIDDLE,
	TR_VALIGN_BOTTOM,
	TR_VALIGN_SPREAD, /* stacks: the room left goes between the frames */
	TR_VALIGN__MAX
} tr_valign;

/* What a text frame shows. Each binding is one row of the table in
 * layout/compose.c: its YAML name (tr_binding_name()), the user's text it
 * shows, whether it has content, how its paragraphs are composed. */
typedef enum {
	TR_BIND_NONE,          /* "" — used for "no condition" */
	TR_BIND_KICKER,        /* kicker */
	TR_BIND_TITLE,         /* title */
	TR_BIND_SUBTITLE,      /* subtitle */
	TR_BIND_QUOTE,         /* quote */
	TR_BIND_TEASER,        /* teaser */
	TR_BIND_BODY,          /* body: paragraphs */
	TR_BIND_NOTE,          /* note */
	TR_BIND_ADMISSION,     /* admission */
	TR_BIND_ORGANISER,     /* organiser: the organiser's name */
	TR_BIND_DATE,          /* date: "mardi 3 octobre 2017" */
	TR_BIND_TIME,          /* time: "de 8 h 30 à 17 h 30" */
	TR_BIND_VENUE,         /* venue: name, address, postcode and city, one a line */
	TR_BIND_WHEN_WHERE,    /* when-where: composed block, date + time + venue */
	TR_BIND_PROGRAMME,     /* programme: composed block, heading + one line per item */
	TR_BIND_FOOTER,        /* footer: composed block, organiser, contact, print mention */
	TR_BIND_CONTACT,       /* contact: phone · e-mail · website */
	TR_BIND_PRINT_MENTION, /* print-mention */
	TR_BIND_PRACTICAL,     /* practical: composed block, when-where then admission */
	TR_BIND_FULL_NAME,     /* full-name: the organiser's full name */
	TR_BIND_QR,            /* qr: the address of the QR code, as printed under it */
	TR_BIND_LOGO,          /* logo: the organiser's logo (an image, for image items) */
	TR_BIND_IMAGE,         /* image: the event's picture (an image, for image items) */
	TR_BIND__MAX
} tr_binding;

/* A fully resolved text style. */
typedef struct tr_textstyle {
	char *font;           /* family name, e.g. "Inter"; owned */
	int weight;           /* 100..900 (400 regular, 700 bold) */
	bool italic;
	double size_min;      /* pt; size_min <= size_max; equal means a fixed size */
	double size_max;      /* pt */
	double floor;         /* pt: below size_min, the text may still go down to
	                       * this legibility floor (reported); 0: not below */
	double read_from;     /* m: the distance the text must stay legible from
	                       * (raises the floor to the size whose capitals are
	                       * read from there); 0: none */
	double leading;       /* line pitch as a multiple of the size (e.g. 1.3) */
	double tracking;      /* extra letter spacing, in em (e.g. 0.05) */
	double para_space;    /* space between paragraphs, in em */
	tr_rgb colour;        /* text colour */
	tr_rgb accent;        /* colour of headings and strong parts in composed blocks */
	char *heading_font;   /* family for headings inside composed blocks; owned */
	int heading_weight;
	int strong_weight;    /* weight of **strong** and of strong lines in blocks (default 700) */
	tr_align align;
	tr_valign valign;
	bool uppercase;
	bool hyphenate;       /* dictionary hyphenation (body text) */
	bool balance;         /* balance lines (titles) instead of filling the first */
	int max_lines;        /* 0: no limit */
	int grow_lines;       /* 0: no limit; else, above size_min, no paragraph takes
	                       * more lines than this (a long admission in a date
	                       * block stays at reading size) */
} tr_textstyle;

/* A condition of an item's `if:`: a field has content, or (negated: "no
 * FIELD") has none. */
typedef struct tr_cond {
	tr_binding field;
	bool negated;
} tr_cond;

/* The most conditions one `if:` takes ("if: [logo, no qr]"). */
#define TR_MAX_CONDS 4

/* How a picture fills its box. */
typedef enum {
	TR_FIT_CONTAIN, /* all of it, as large as the box allows */
	TR_FIT_COVER,   /* the whole box, the rest of the picture cut off */
	TR_FIT__MAX
} tr_fit;

typedef enum {
	TR_ITEM_RECT, /* a filled rectangle */
	TR_ITEM_RULE, /* a straight line from (x, y) to (x + w, y + h) */
	TR_ITEM_TEXT, /* a text frame */
	TR_ITEM_STACK, /* a column of text frames, each as tall as its text needs */
	TR_ITEM_IMAGE, /* a picture bound to an image field (logo, image) */
	TR_ITEM_QR,    /* the QR code of the content's `qr:` address */
	TR_ITEM__MAX
} tr_item_kind;

typedef struct tr_item {
	tr_item_kind kind;
	tr_pos pos;          /* of the item in the layout file */
	char *id;            /* name for messages: "id" key, else the field's name, else the kind; owned */
	/* Drawn only when every condition holds; a field TR_BIND_NONE ends the
	 * list (when[0]: no condition, always drawn). */
	tr_cond when[TR_MAX_CONDS];
	tr_binding above;    /* placed above this field's text, `gap` mm over its first
	                      * line, wherever fitting put it (TR_BIND_NONE: where it is) */
	double x, y, w, h;   /* mm; w, h > 0 for rect and text */
	tr_rgb colour;       /* fill (rect), stroke (rule) */
	double line_width;   /* rule, pt */
	bool bleed;          /* rect, image: extend into the bleed on the sides it touches */
	tr_fit fit;          /* image */
	/* text frames; images (field, and style.align and style.valign place the
	 * picture or the QR code in its box) */
	tr_binding field;
	tr_textstyle style;
	bool copy;           /* shows the whole field again, apart from the chain of the
	                      * frames bound to it (a verso repeating the date) */
	bool optional;       /* a frame of a stack left out when the stack's texts do
	                      * not fit their wished sizes with it */
	int columns;         /* the frame is this many columns side by side (0, 1: one) */
	int columns_min;     /* in a stack, it may be set in as few as these when that
	                      * sets it larger and no other text smaller (<= columns) */
	double gutter;       /* mm between columns */
	bool has_background; /* a band of `background` behind the text, as tall as the
	                      * text plus `padding` above and below, as wide as the frame */
	tr_rgb background;
	double padding;      /* mm: between the band's edges and the text, all round */
	double padding_max;  /* mm, >= padding: in a stack with room left, the band's
	                      * padding above and below grows up to this */
	/* stacks: the stack's x, y, w, h bound the column; its children are text
	 * items (kind TR_ITEM_TEXT) placed one under the other, `gap` mm apart, in
	 * order. A child's x and w are the stack's unless it gives its own (x is then
	 * relative to the page, like any item); its y and h are the stack's and are
	 * narrowed by the engine. Children never are stacks themselves. */
	struct tr_item *children; /* owned */
	size_t n_children;
	double gap;               /* mm: between a stack's frames; above: the gap under it */
} tr_item;

typedef struct tr_page {
	char *name;          /* "recto", "verso", "poster"; owned */
	tr_item *items;
	size_t n_items;
} tr_page;

/* A colour of the layout and the grey it becomes in black-and-white output
 * (the layout's `mono:` map). */
typedef struct tr_monocolour {
	tr_rgb colour;       /* the colour as the layout defines it */
	double grey;         /* 0 black .. 1 white */
} tr_monocolour;

typedef struct tr_layoutdesc {
	char *path;          /* the layout file; owned */
	char *name;          /* output suffix, e.g. "tract-a5"; owned */
	char *kind;          /* "tract" or "poster" (what --only selects); owned */
	double width, height; /* trim size, mm */
	double safe;         /* safe margin, mm */
	tr_rgb paper;        /* page background */
	tr_page *pages;
	size_t n_pages;
	char **fonts;        /* every family the layout names, once each, NULL-terminated; owned */
	bool system_fonts;   /* they may come from the system's fonts ("system-fonts: true" here,
	                      * in the layout it comes from, or in the organisation file) */
	tr_monocolour *mono; /* greys for black-and-white output, n_mono of them; owned */
	size_t n_mono;
	/* The names an organisation's colours and fonts replace (model/identity.h):
	 * the layout's named colours with their values (after replacement), and its
	 * named fonts. NULL-terminated lists; owned. */
	char **colour_names;
	tr_rgb *colour_values;
	char **font_names;
} tr_layoutdesc;

/* Parses a colour written "#rrggbb" or "#rgb" ("#fee" is "#ffeeee") into
 * out; false when s is not one. */
bool tr_rgb_parse(const char *s, tr_rgb *out);

/* Frees a layout description and everything it owns; accepts NULL. */
void tr_layoutdesc_free(tr_layoutdesc *ld);

/* Where a walk over a layout's items is; start it zeroed. */
typedef struct tr_item_iter {
	size_t page, item, child;
} tr_item_iter;

/* The next item of ld, page by page: each item of a page, and after a stack
 * its children. *stack (when stack is not NULL) gets the stack a child is in,
 * NULL for an item of the page. NULL at the end. */
const tr_item *tr_layout_next_item(const tr_layoutdesc *ld, tr_item_iter *it,
                                   const tr_item **stack);

#endif
