/* fonts.h — the private font set and the one Pango context used for all
 * measuring and drawing.
 *
 * tractage sees only the fonts of DATADIR/fonts/fonts.conf (the fonts/ folder and
 * its packaged fonts), never the system's. The context is set up for print:
 * 72 units per inch (1 Pango point = 1 PDF point), no hinting of metrics, no
 * rounding of glyph positions, so that measuring and drawing agree exactly.
 */
#ifndef TR_TYPO_FONTS_H
#define TR_TYPO_FONTS_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

typedef struct tr_fonts tr_fonts;

/* Points fontconfig at DATADIR/fonts/fonts.conf and builds the font map and
 * context. Must be called before any other Pango call of the process. Returns
 * NULL and sets err if the configuration is missing. Free with tr_fonts_free(). */
tr_fonts *tr_fonts_new(const char *datadir, GError **err);

/* Frees; accepts NULL. */
void tr_fonts_free(tr_fonts *f);

/* The context (owned by f). */
PangoContext *tr_fonts_context(const tr_fonts *f);

/* True when the family (compared case-insensitively) is among the configured fonts. */
bool tr_fonts_has_family(const tr_fonts *f, const char *family);

/* The Debian package that provides a well-known free family ("Inter" →
 * "fonts-inter"), or NULL. */
const char *tr_fonts_package(const char *family);

#endif
