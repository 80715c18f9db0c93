/* fonts.h — the private font set and the one Pango context used for all
 * measuring and drawing.
 *
 * tractage sees only the fonts of DATADIR/fonts/fonts.conf (the fonts/ folder and
 * its packaged fonts), and on the command line those of the user's font folder
 * and of --font-dir (tr_fonts_new_with()); the system's only once a layout or an
 * organisation file asks for them (tr_fonts_add_system()), and then a family
 * found only there serves only those. That is checked, not assumed: the
 * configuration must load (fontconfig silently falls back to the system's fonts
 * when it cannot), include no other file, and give only fonts from its own
 * folders; the folders must hold nothing but regular files and folders (a named
 * pipe there would block fontconfig's scan for ever). A family a layout names
 * must be the real family of a font file of the set (a generic name such as
 * "Sans" is refused), and every file of that family must be a whole, readable
 * font. The context is set up for print: 72 units per inch (1 Pango point = 1
 * PDF point), no hinting of metrics, no rounding of glyph positions, so that
 * measuring and drawing agree exactly.
 */
#ifndef TR_TYPO_FONTS_H
#define TR_TYPO_FONTS_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "diag.h"
#include "model/layout.h"

typedef struct tr_fonts tr_fonts;

/* Checks DATADIR/fonts/fonts.conf and its font folders, points fontconfig at
 * it, builds the font map and context, and checks that fontconfig really
 * loaded that configuration and nothing else. Must be called before any other
 * Pango call of the process. Returns NULL and sets err (a sentence naming the
 * file at fault) on any failure. Also makes the threads Pango starts small
 * (512 KiB of stack, no malloc arena of their own), for the whole process.
 * Free with tr_fonts_free(). */
tr_fonts *tr_fonts_new(const char *datadir, GError **err);

/* The same, with more font folders, for the command line: the user's folder
 * (tr_fonts_user_dir()) when it exists, and the folders of extra
 * (NULL-terminated, may be NULL: --font-dir), each of which must be a folder.
 * Their fonts are checked as those of fonts.conf are; a family found in none
 * of the folders is still an error, never replaced by another. */
tr_fonts *tr_fonts_new_with(const char *datadir, const char *const *extra, GError **err);

/* The user's font folder: $XDG_DATA_HOME/tractage/fonts (by default
 * ~/.local/share/tractage/fonts). g_free() it. */
char *tr_fonts_user_dir(void);

/* The same as messages show it: "~/..." under the home folder. g_free() it. */
char *tr_fonts_user_dir_shown(void);

/* Frees; accepts NULL. */
void tr_fonts_free(tr_fonts *f);

/* The context (owned by f): tractage's fonts only, never the system's. */
PangoContext *tr_fonts_context(const tr_fonts *f);

/* The context (owned by f) that draws with the system's fonts too, for the
 * layouts that allow them; NULL until tr_fonts_add_system() succeeded. */
PangoContext *tr_fonts_system_context(const tr_fonts *f);

/* Adds the system's font folders (those of fontconfig's own configuration,
 * /etc/fonts/fonts.conf: /usr/share/fonts, ~/.local/share/fonts...) to a set
 * of their own (tr_fonts_system_context()), for a layout or an organisation
 * file that says "system-fonts: true"; tr_fonts_context() never sees them.
 * Once per process; their folders are walked as the others are. Returns false
 * and sets err when the system's configuration cannot be read. */
bool tr_fonts_add_system(tr_fonts *f, GError **err);

/* True when family (compared case-insensitively) is the family name of a font
 * file of the set that Pango can use, and fontconfig resolves the name to a
 * file of that family (never to a substitute). A family whose files are all
 * among the system's fonts counts only with system (the layout or organisation
 * allows them). */
bool tr_fonts_has_family(const tr_fonts *f, const char *family, bool system);

/* Reports in d, at file:pos, that family is not one tractage can print with:
 * a generic name ("Sans"), a family installed on the system (the message says
 * how to allow the system's fonts: the system's configuration is read to know),
 * or a family of none of its font folders; the message says where the font
 * files go (the user's font folder, --font-dir). */
void tr_fonts_report_missing(const tr_fonts *f, tr_diag *d, const char *file, tr_pos pos,
                             const char *family);

/* Checks every family the layout ld names: it must be available
 * (tr_fonts_has_family; from the system's fonts too when ld->system_fonts,
 * which adds them first), and each font file of the family must be whole:
 * every table lies inside the file and the tables a font needs are there (the
 * glyphs are checked as they are printed, tr_fonts_check_printed()). Errors go to d,
 * at the layout item that names the family. Returns false on any error; after
 * a damaged file tr_fonts_damaged() is true. */
bool tr_fonts_check_layout(tr_fonts *f, const tr_layoutdesc *ld, tr_diag *d);

/* Checks the glyphs of a run of shaped text (gi, over text) as they will be
 * printed: FreeType opens their font file, and each glyph of a visible
 * character loads and has an outline; the files of Debian packages
 * (/usr/share/fonts) are left to the package manager. An error naming the
 * font file goes to d. Returns false on an error (and tr_fonts_damaged() is
 * then true). */
bool tr_fonts_check_printed(tr_fonts *f, const PangoGlyphItem *gi, const char *text,
                            tr_diag *d);

/* True once a damaged font file was found (a system problem, not the
 * layout's). */
bool tr_fonts_damaged(const tr_fonts *f);

/* The Debian package that provides a well-known free family ("Inter" →
 * "fonts-inter"), or NULL. */
const char *tr_fonts_package(const char *family);

#endif
