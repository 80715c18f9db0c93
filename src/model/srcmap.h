/* srcmap.h — where each character of a value comes from in its source file.
 *
 * A YAML value is not a slice of its file: libyaml folds lines, drops the
 * indentation of block scalars, decodes escapes ("\u00e9") and doubled quotes,
 * and the content loader trims the result. A finding about one word of a body
 * (a misspelling, an hour that contradicts the sessions) must still point at
 * that word in the file, so every value keeps a map from its byte offsets to
 * source positions.
 *
 * The map is a sorted list of segments: each says "from byte `off` of the value
 * on, characters come from line L, column C, C + 1, …". A one-line value is one
 * segment; a block scalar is one segment a line; an escape ends a segment.
 */
#ifndef TR_MODEL_SRCMAP_H
#define TR_MODEL_SRCMAP_H

#include <stddef.h>

#include "diag.h"

typedef struct tr_srcmap tr_srcmap;

/* A new, empty map. Free with tr_srcmap_free(). */
tr_srcmap *tr_srcmap_new(void);

/* Frees; accepts NULL. */
void tr_srcmap_free(tr_srcmap *m);

/* Records that the character at byte off of the value comes from pos. Called
 * for every character, with increasing offsets: a character that follows its
 * predecessor on the same source line adds nothing to the map. */
void tr_srcmap_add(tr_srcmap *m, size_t off, tr_pos pos);

/* The source position of the character at byte off of value (the string the map
 * was built for). With no map (NULL) or an empty one, returns fallback. */
tr_pos tr_srcmap_pos(const tr_srcmap *m, const char *value, size_t off, tr_pos fallback);

/* The map of a string `out` made from value (whose map is m): the character at
 * byte k of out came from byte from[k] of value (from has an entry for every
 * byte of out that starts a character; those entries do not decrease).
 * Returns NULL when m is NULL. */
tr_srcmap *tr_srcmap_remap(const tr_srcmap *m, const char *value, const char *out,
                           const size_t *from);

/* The map of value[start, start + len) as a value of its own. NULL when m is. */
tr_srcmap *tr_srcmap_slice(const tr_srcmap *m, const char *value, size_t start, size_t len);

#endif
