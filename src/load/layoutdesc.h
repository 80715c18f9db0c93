/* layoutdesc.h — layout files (layouts/NAME.yaml) → the layout model
 * (model/layout.h). The format is documented in docs/layout-format.md.
 */
#ifndef TR_LOAD_LAYOUTDESC_H
#define TR_LOAD_LAYOUTDESC_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model/identity.h"
#include "model/layout.h"

/* Loads and validates a layout file. Returns NULL with errors in d on failure.
 * Free with tr_layoutdesc_free(). */
tr_layoutdesc *tr_layoutdesc_load(const char *path, tr_diag *d);

/* How a layout is loaded for a content file. */
typedef struct tr_layout_opts {
	/* Colours and fonts that replace the layout's of the same names (an
	 * organisation's, --accent); names the layout does not have are left
	 * aside. NULL: none. */
	const tr_identity *identity;
	/* The folder of the standard layouts, where "from: NAME" also looks; NULL:
	 * only next to the layout that says it. */
	const char *standard_dir;
} tr_layout_opts;

/* The same with o (NULL: as tr_layoutdesc_load()). */
tr_layoutdesc *tr_layoutdesc_load_with(const char *path, const tr_layout_opts *o, tr_diag *d);

/* The same from memory (tests and fuzzing). */
tr_layoutdesc *tr_layoutdesc_load_buffer(const char *path, const char *buf, size_t len,
                                         tr_diag *d);

/* A readable dump, for tests. Returns a new string; g_free() it. */
char *tr_layoutdesc_dump(const tr_layoutdesc *ld);

#endif
