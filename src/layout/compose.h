/* compose.h — composition: the fields of an event → paragraphs for the engine.
 *
 * Each binding (what a text frame shows: the title, the date and place block,
 * the programme, …) is one row of a table in compose.c: its YAML name, the
 * user's text it shows, whether it has content (for a layout's `if:`) and how
 * its paragraphs are built. A paragraph is plain UTF-8 text that went through
 * the typographic pipeline (inline markup, the language's rules, upper case,
 * hyphenation points as U+00AD), with size-independent style spans and the
 * paragraph's own properties (scale, indent, space before, links).
 */
#ifndef TR_LAYOUT_COMPOSE_H
#define TR_LAYOUT_COMPOSE_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "model/event.h"
#include "model/layout.h"

/* A clickable part of a paragraph (byte range in the paragraph's text). */
typedef struct tr_link_span {
	int start, end;
	char *uri; /* owned */
} tr_link_span;

/* One paragraph, ready for the paragraph engine. */
typedef struct tr_para {
	char *text;           /* plain UTF-8, markers removed; owned */
	PangoAttrList *attrs; /* style spans (size-independent); owned */
	double scale;         /* size multiple of the frame's size */
	double hang;          /* hanging indent, em (0: none) */
	double tab;           /* one tab stop, em (0: none) */
	double space_before;  /* em; < 0: the style's paragraph space */
	bool column_break;    /* in a frame of columns, starts the next column (the
	                       * place after the date in a practical block) */
	bool keep;            /* never split between two frames or columns (a
	                       * programme item), unless longer than a frame */
	bool with_previous;   /* kept in the same frame as the paragraph before (a
	                       * programme item's detail) */
	bool heading;         /* heading font and weight, accent colour */
	bool strong;          /* whole paragraph in the strong weight */
	bool accent;          /* whole paragraph in the accent colour */
	bool italic;
	GArray *links;        /* of tr_link_span, or NULL; owned */
} tr_para;

/* The text of one field, as paragraphs. */
typedef struct tr_textblock {
	GPtrArray *paras; /* of tr_para*, owning them */
	tr_pos pos;       /* where the field is in the content file */
	const char *what; /* what messages call it (tr_binding_label(); static) */
} tr_textblock;

typedef struct tr_composer tr_composer;

/* A composer measures in ctx (borrowed: it must outlive the composer; the
 * programme's time column is as wide as its widest time) and loads each
 * hyphenation dictionary once, when first needed. Free with tr_composer_free(). */
tr_composer *tr_composer_new(PangoContext *ctx);

/* Frees; accepts NULL. */
void tr_composer_free(tr_composer *c);

/* Loads the hyphenation dictionary of lang if it is not loaded yet. False with
 * err set (naming the file and its Debian package) when it cannot be loaded. */
bool tr_composer_load_hyphenation(tr_composer *c, tr_lang lang, GError **err);

/* Builds the paragraphs of field b for a frame of style st into tb (whose
 * paras array it creates; free it with tr_textblock_clear()). Returns false
 * when the field has no content (tb is then empty but valid). */
bool tr_compose_block(tr_composer *c, const tr_event *ev, tr_binding b,
                      const tr_textstyle *st, tr_textblock *tb);

/* Frees what tr_compose_block() put in tb; accepts an empty tb. */
void tr_textblock_clear(tr_textblock *tb);

/* True when binding b has content in ev (TR_BIND_NONE always has). */
bool tr_compose_has_content(const tr_event *ev, tr_binding b);

/* True when every condition of the item's `if:` holds in ev. */
bool tr_compose_item_shown(const tr_event *ev, const tr_item *it);

/* True when binding b is a picture (logo, image): shown by image items, not
 * by text frames. */
bool tr_binding_is_image(tr_binding b);

/* The picture binding b shows in ev, or NULL when b is not a picture or ev
 * has none (borrowed from ev). */
const tr_picture *tr_compose_picture(const tr_event *ev, tr_binding b);

/* What messages call a binding, translated ("date and place"; in French with
 * its article); "" for TR_BIND_NONE and out of range. */
const char *tr_binding_label(tr_binding b);

/* Where the text of binding b starts in the content file (the event's
 * position for a field without one of its own). */
tr_pos tr_compose_pos(const tr_event *ev, tr_binding b);

/* The first condition of it's "if:" that ev does not meet, or NULL when it is
 * shown (borrowed from it). */
const tr_cond *tr_compose_unmet(const tr_event *ev, const tr_item *it);

/* YAML name of a binding ("when-where"); "" for TR_BIND_NONE and out of range. */
const char *tr_binding_name(tr_binding b);

/* The binding a YAML name stands for; false when there is none. */
bool tr_binding_from_name(const char *name, tr_binding *out);

/* The YAML names of every binding, NULL-terminated (static), for suggestions. */
const char *const *tr_binding_words(void);

#endif
