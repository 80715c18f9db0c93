/* identity.h — an organisation's colours and fonts, given once (in its
 * organisation file, or with --accent) and put in place of the values of the
 * same names in every layout: a layout's named colours (`colours:`) and named
 * fonts (`fonts:`). docs/content-format.md describes the organisation file.
 */
#ifndef TR_MODEL_IDENTITY_H
#define TR_MODEL_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* One name and the value that replaces a layout's: "#rrggbb" for a colour, a
 * family for a font, with where it was written. */
typedef struct tr_named {
	char *name;  /* owned */
	char *value; /* owned */
	char *file;  /* the file it comes from, NULL for the command line; owned */
	tr_pos pos;
} tr_named;

typedef struct tr_identity {
	tr_named *colours;
	size_t n_colours;
	tr_named *fonts;
	size_t n_fonts;
	bool system_fonts; /* "system-fonts: true": families may come from the system's fonts */
} tr_identity;

/* Sets name to value among the colours (font false) or the fonts of id,
 * replacing an earlier value of that name. */
void tr_identity_set(tr_identity *id, bool font, const char *name, const char *value,
                     const char *file, tr_pos pos);

/* Copies every value of from into id, over the values of the same names;
 * system_fonts of either holds. */
void tr_identity_merge(tr_identity *id, const tr_identity *from);

/* The value named name, or NULL. */
const tr_named *tr_identity_get(const tr_identity *id, bool font, const char *name);

/* True when id sets nothing. */
bool tr_identity_empty(const tr_identity *id);

/* Frees what id holds (not id itself) and empties it. */
void tr_identity_clear(tr_identity *id);

#endif
