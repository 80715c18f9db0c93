/* fonts.c — the private font set: set-up, checks, families, damaged files.
 *
 * Order of tr_fonts_new(): (1) parse fonts.conf into a throw-away fontconfig
 * configuration, which scans nothing, to learn its folders and refuse an
 * unreadable file or an <include>; (2) walk those folders and refuse anything
 * but regular files and folders; (3) point FONTCONFIG_FILE at the file and let
 * Pango start; (4) check that the configuration fontconfig loaded is that file
 * alone and that every font it lists lies in its folders. Fontconfig falls
 * back to the system's fonts, with a mere message, when its file is broken:
 * (1) and (4) make that an error.
 */
#include "typo/fonts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib/gstdio.h>
#include <malloc.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load/ytree.h" /* tr_suggest() */
#include "typo/typo.h"
#include "i18n.h"

/* Where Debian packages put font files. */
#define PACKAGED_FONTS "/usr/share/fonts/"

/* Stack of the threads Pango starts (see small_threads()). */
#define THREAD_STACK (512 * 1024)

/* Entries of the font folders walked before fontconfig scans them. */
#define MAX_FOLDER_ENTRIES 100000

/* A face of a font file: a file and the index of the face in it. */
typedef struct {
	char *file;
	int index;     /* fontconfig's FC_INDEX (named instance in the high bits) */
	char *family;  /* the family this entry was listed under, as spelt */
	bool system;   /* from the system's fonts only (tr_fonts_add_system()) */
} face_ref;

/* What is known of a face once checked. */
typedef struct {
	char *problem;      /* why the file is damaged, or NULL */
	bool reported;      /* the problem was said */
	FT_Face face;       /* opened for glyph checks, or NULL */
	GHashTable *glyphs; /* glyph ids already checked */
} face_state;

struct tr_fonts {
	PangoFontMap *map;
	PangoContext *ctx;
	/* Once the system's fonts are asked for (tr_fonts_add_system()): a set of
	 * its own, ours and the system's, for the layouts that allow them; map and
	 * ctx never see them, so that the others print as they would alone. */
	FcConfig *sys_conf;
	PangoFontMap *sys_map;
	PangoContext *sys_ctx;
	char *conf;            /* fonts.conf, absolute */
	GPtrArray *dirs;       /* the font folders it names, absolute; then the system's */
	guint n_conf;          /* dirs of fonts.conf; then the user's and --font-dir */
	guint n_own;           /* dirs before the system's: fonts.conf's, the user's, --font-dir */
	bool system;           /* the system's font folders were added */
	GPtrArray *faces;      /* face_ref *, owned */
	GHashTable *families;  /* casefolded family → GPtrArray of face_ref * (borrowed) */
	GHashTable *states;    /* "index:file" → face_state * */
	FT_Library ft;
	bool damaged;
};

/* ------------------------------------------------------------------ */
/* Before fontconfig: the configuration and its folders */

/* What a file that is neither a regular file nor a folder is, for messages. */
static const char *odd_kind(mode_t m)
{
	/* TRANSLATORS: what a file is, in "%s is a named pipe, not a font file" */
	if (S_ISFIFO(m))
		return C_("file", "a named pipe");
	if (S_ISSOCK(m))
		return C_("file", "a socket");
	if (S_ISCHR(m) || S_ISBLK(m))
		return C_("file", "a device");
	return C_("file", "not a regular file");
}

/* A file's identity, "device:inode", whatever path leads to it. */
static char *file_key(const GStatBuf *st)
{
	return g_strdup_printf("%ju:%ju", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino);
}

/* True for a name fontconfig reads as a font (an OpenType or TrueType file
 * or collection). */
static bool font_file_name(const char *name)
{
	static const char *const exts[] = { ".otf", ".ttf", ".otc", ".ttc" };
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
		size_t n = strlen(name), e = strlen(exts[i]);
		if (n > e && g_ascii_strcasecmp(name + n - e, exts[i]) == 0)
			return true;
	}
	return false;
}

/* Walks a font folder as fontconfig will (every entry not starting with '.',
 * into subfolders, following links) and refuses anything that is not a
 * regular file or a folder: fontconfig opens every file it finds, and opening
 * a named pipe blocks for ever. seen holds the folders walked (file_key()),
 * so that a link back up ends the walk; fonts gets the font files found
 * (file_key() → path). */
static bool walk_folder(const char *dir, GHashTable *seen, GHashTable *fonts, int *entries,
                        GError **err)
{
	GStatBuf st;
	if (g_stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return true; /* fontconfig skips a folder it cannot read; so do we */
	char *key = file_key(&st);
	if (g_hash_table_contains(seen, key)) {
		g_free(key);
		return true;
	}
	g_hash_table_add(seen, key);
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return true;
	bool ok = true;
	const char *name;
	while (ok && (name = g_dir_read_name(d))) {
		if (name[0] == '.')
			continue;
		if (++*entries > MAX_FOLDER_ENTRIES) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			            _("the font folders hold more than %d files (found in %s): "
			              "keep only fonts there"), MAX_FOLDER_ENTRIES, dir);
			ok = false;
			break;
		}
		char *path = g_build_filename(dir, name, NULL);
		if (g_stat(path, &st) != 0) {
			/* a dangling link: fontconfig skips it too */
		} else if (S_ISDIR(st.st_mode)) {
			ok = walk_folder(path, seen, fonts, entries, err);
		} else if (S_ISREG(st.st_mode)) {
			if (font_file_name(name))
				g_hash_table_insert(fonts, file_key(&st), g_strdup(path));
		} else {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			            _("%s is %s, not a font file: tractage reads only regular "
			              "files from its font folders; remove it"), path,
			            odd_kind(st.st_mode));
			ok = false;
		}
		g_free(path);
	}
	g_dir_close(d);
	return ok;
}

/* Walks every folder of dirs (walk_folder()). Returns the font files found
 * (file_key() → path; g_hash_table_destroy() it), or NULL with err set. */
static GHashTable *walk_folders(const GPtrArray *dirs, GError **err)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	int entries = 0;
	bool ok = true;
	for (guint i = 0; ok && i < dirs->len; i++)
		ok = walk_folder(dirs->pdata[i], seen, files, &entries, err);
	g_hash_table_destroy(seen);
	if (!ok)
		g_clear_pointer(&files, g_hash_table_destroy);
	return files;
}

/* True when a and b name the same existing file. */
static bool same_file(const char *a, const char *b)
{
	GStatBuf sa, sb;
	return g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Parses conf into a configuration of its own, which scans no folder, and
 * returns the font folders it names (absolute). Refuses a file fontconfig
 * cannot parse and one that includes other files. */
static GPtrArray *config_folders(const char *conf, GError **err)
{
	FcConfig *probe = FcConfigCreate();
	GPtrArray *dirs = NULL;
	if (!FcConfigParseAndLoad(probe, (const FcChar8 *)conf, FcTrue)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            _("the font configuration %s cannot be read (fontconfig says why "
		              "above); restore it from tractage's sources"), conf);
		goto out;
	}
	FcStrList *files = FcConfigGetConfigFiles(probe);
	const FcChar8 *s;
	while (files && (s = FcStrListNext(files)))
		if (!same_file((const char *)s, conf)) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			            _("the font configuration %s includes %s: it must name its "
			              "font folders itself, so that no other font can come in"),
			            conf, (const char *)s);
			FcStrListDone(files);
			goto out;
		}
	FcStrListDone(files);
	dirs = g_ptr_array_new_with_free_func(g_free);
	FcStrList *l = FcConfigGetFontDirs(probe);
	while (l && (s = FcStrListNext(l)))
		g_ptr_array_add(dirs, g_canonicalize_filename((const char *)s, NULL));
	FcStrListDone(l);
out:
	FcConfigDestroy(probe);
	return dirs;
}

/* ------------------------------------------------------------------ */
/* After fontconfig: what it loaded */

/* True when file lies in one of the first count folders of dirs. */
static bool in_first_folders(const char *file, const GPtrArray *dirs, guint count)
{
	for (guint i = 0; i < count && i < dirs->len; i++) {
		const char *d = dirs->pdata[i];
		size_t n = strlen(d);
		if (strncmp(file, d, n) == 0 && (file[n] == '/' || (n > 0 && d[n - 1] == '/')))
			return true;
	}
	return false;
}

/* True when file lies in one of the folders. */
static bool in_folders(const char *file, const GPtrArray *dirs)
{
	return in_first_folders(file, dirs, dirs->len);
}

/* Font formats Pango 1.50 draws (its pango_fc_is_supported_font_format()):
 * families of other files would be listed but never used. */
static bool usable_format(FcPattern *p)
{
	FcChar8 *file, *format;
	if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch ||
	    g_str_has_suffix((const char *)file, ".woff") ||
	    g_str_has_suffix((const char *)file, ".woff2"))
		return false;
	if (FcPatternGetString(p, FC_FONTFORMAT, 0, &format) != FcResultMatch)
		return false;
	return g_ascii_strcasecmp((const char *)format, "TrueType") == 0 ||
	       g_ascii_strcasecmp((const char *)format, "CFF") == 0;
}

/* Checks the configuration fontconfig loaded: conf and no other file, fonts
 * only from conf's folders, and every font file of the folders (unlisted,
 * from walk_folder(), is left with those it skipped) among them: fontconfig silently skips a file it cannot read,
 * and the family's other styles then stand in for it (a damaged Regular
 * printed as Medium). Lists the faces of each family into f. */
static bool check_loaded(tr_fonts *f, FcConfig *cfg, GHashTable *unlisted, GError **err)
{
	cfg = FcConfigReference(cfg);
	bool ours = false, ok = true;
	const FcChar8 *s;
	FcStrList *files = FcConfigGetConfigFiles(cfg);
	while (files && (s = FcStrListNext(files)))
		ours |= same_file((const char *)s, f->conf);
	FcStrListDone(files);
	if (!ours) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            _("fontconfig did not load the font configuration %s (it would "
		              "have used the system's fonts instead)"), f->conf);
		FcConfigDestroy(cfg);
		return false;
	}
	/* The system set: fonts.conf's folders; the application set: the user's
	 * folder and --font-dir. */
	for (int which = 0; which < 2; which++) {
		FcFontSet *set = FcConfigGetFonts(cfg, which ? FcSetApplication : FcSetSystem);
		for (int i = 0; ok && set && i < set->nfont; i++) {
			FcPattern *p = set->fonts[i];
			FcChar8 *file, *fam;
			int index = 0;
			if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch)
				continue;
			if (!in_folders((const char *)file, f->dirs)) {
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				            _("fontconfig lists the font %s, which is outside the folders "
				              "of %s and of the user's font folders"), (const char *)file,
				            f->conf);
				ok = false;
				break;
			}
			GStatBuf st;
			if (g_stat((const char *)file, &st) == 0) {
				char *key = file_key(&st);
				g_hash_table_remove(unlisted, key);
				g_free(key);
			}
			if (!usable_format(p))
				continue;
			FcPatternGetInteger(p, FC_INDEX, 0, &index);
			for (int k = 0; FcPatternGetString(p, FC_FAMILY, k, &fam) == FcResultMatch; k++) {
				face_ref *r = g_new(face_ref, 1);
				*r = (face_ref){ g_strdup((const char *)file), index,
					         g_strdup((const char *)fam),
					         !in_first_folders((const char *)file, f->dirs, f->n_own) };
				g_ptr_array_add(f->faces, r);
				char *key = g_utf8_casefold((const char *)fam, -1);
				GPtrArray *list = g_hash_table_lookup(f->families, key);
				if (!list) {
					list = g_ptr_array_new();
					g_hash_table_insert(f->families, key, list);
				} else {
					g_free(key);
				}
				g_ptr_array_add(list, r);
			}
		}
	}
	FcConfigDestroy(cfg);
	GHashTableIter it;
	gpointer path;
	g_hash_table_iter_init(&it, unlisted);
	if (ok && g_hash_table_iter_next(&it, NULL, &path)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            _("%s is not a font that fontconfig can read: it is damaged, or not a "
		              "font; replace it with a good copy, or remove it"), (const char *)path);
		ok = false;
	}
	return ok;
}

static void face_ref_free(gpointer p)
{
	face_ref *r = p;
	g_free(r->file);
	g_free(r->family);
	g_free(r);
}

static void face_state_free(gpointer p)
{
	face_state *s = p;
	if (s->face)
		FT_Done_Face(s->face);
	if (s->glyphs)
		g_hash_table_destroy(s->glyphs);
	g_free(s->problem);
	g_free(s);
}

/* Pango 1.50 starts two threads for every new font pattern it matches (every
 * size of every font: dozens in one build), and one for fontconfig's
 * start-up. With glibc's defaults each thread reserves 8 MiB of stack and, on
 * its first allocation, a malloc arena of its own (64 MiB of address space):
 * under a memory limit (ulimit -v of 60 to 140 MB) creating one failed and
 * GLib aborted. These threads only sort fonts: a small stack is plenty, and
 * they can share the main arena. Process-wide, so done once, here, before
 * Pango starts. */
static void small_threads(void)
{
	pthread_attr_t a;
	if (pthread_attr_init(&a) == 0) {
		pthread_attr_setstacksize(&a, THREAD_STACK);
		pthread_setattr_default_np(&a);
		pthread_attr_destroy(&a);
	}
	mallopt(M_ARENA_MAX, 1);
}

/* The folders of extra (the user's folder, --font-dir), absolute, added to
 * dirs and to added; a --font-dir that is not a folder is an error. */
static bool extra_folders(const char *const *extra, GPtrArray *dirs, GPtrArray *added,
                          GError **err)
{
	char *user = tr_fonts_user_dir();
	if (g_file_test(user, G_FILE_TEST_IS_DIR)) {
		g_ptr_array_add(dirs, g_canonicalize_filename(user, NULL));
		g_ptr_array_add(added, g_canonicalize_filename(user, NULL));
	}
	g_free(user);
	for (const char *const *e = extra; e && *e; e++) {
		if (!g_file_test(*e, G_FILE_TEST_IS_DIR)) {
			if (g_file_test(*e, G_FILE_TEST_EXISTS))
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
				            _("the font folder %s (--font-dir) is not a folder"), *e);
			else
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
				            _("the font folder %s (--font-dir) does not exist"), *e);
			return false;
		}
		g_ptr_array_add(dirs, g_canonicalize_filename(*e, NULL));
		g_ptr_array_add(added, g_canonicalize_filename(*e, NULL));
	}
	return true;
}

char *tr_fonts_user_dir(void)
{
	return g_build_filename(g_get_user_data_dir(), "tractage", "fonts", NULL);
}

/* Adds the folders from to to (excluded) of dirs to cfg (NULL: the current
 * configuration) as application fonts: the user's folder and --font-dir. */
static bool add_folders(FcConfig *cfg, const GPtrArray *dirs, guint from, guint to,
                        GError **err)
{
	for (guint i = from; i < to; i++)
		if (!FcConfigAppFontAddDir(cfg, (const FcChar8 *)dirs->pdata[i])) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			            _("fontconfig cannot read the font folder %s"),
			            (const char *)dirs->pdata[i]);
			return false;
		}
	return true;
}

/* A context of map as tractage lays out with: 72 dpi (1 unit = 1 pt), no
 * hinting, unrounded positions. Listing the families first waits for Pango's
 * fontconfig start-up. */
static PangoContext *new_context(PangoFontMap *map)
{
	PangoContext *ctx = pango_font_map_create_context(map);
	pango_cairo_context_set_resolution(ctx, 72.0);
	cairo_font_options_t *o = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(ctx, o);
	cairo_font_options_destroy(o);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_base_dir(ctx, PANGO_DIRECTION_LTR);
	PangoFontFamily **fams = NULL;
	int n = 0;
	pango_font_map_list_families(map, &fams, &n);
	g_free(fams);
	return ctx;
}

/* tr_fonts_new(), and with user: tr_fonts_new_with(). */
static tr_fonts *fonts_new(const char *datadir, bool user, const char *const *extra,
                           GError **err)
{
	/* Absolute: fontconfig looks a relative name up in its own folder. */
	char *rel = g_build_filename(datadir, "fonts", "fonts.conf", NULL);
	char *conf = g_canonicalize_filename(rel, NULL);
	g_free(rel);
	GStatBuf st;
	if (g_stat(conf, &st) != 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		            _("font configuration %s not found"), conf);
		g_free(conf);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            _("the font configuration %s is %s, not a file"), conf,
		            S_ISDIR(st.st_mode) ? C_("file", "a folder") : odd_kind(st.st_mode));
		g_free(conf);
		return NULL;
	}
	GPtrArray *dirs = config_folders(conf, err);
	if (!dirs) {
		g_free(conf);
		return NULL;
	}
	guint n_conf = dirs->len;
	GPtrArray *added = g_ptr_array_new_with_free_func(g_free);
	if (user && !extra_folders(extra, dirs, added, err)) {
		g_ptr_array_unref(added);
		g_ptr_array_unref(dirs);
		g_free(conf);
		return NULL;
	}
	GHashTable *files = walk_folders(dirs, err);
	bool ok = true;
	if (!files) {
		g_ptr_array_unref(added);
		g_ptr_array_unref(dirs);
		g_free(conf);
		return NULL;
	}

	small_threads();
	/* Before the first fontconfig call of Pango: Pango then never reads the
	 * system's configuration. A sysroot would move every folder. */
	g_setenv("FONTCONFIG_FILE", conf, TRUE);
	g_unsetenv("FONTCONFIG_SYSROOT");
	/* Our configuration made current before Pango starts fontconfig: FcInit()
	 * would also parse the 41 templates of /usr/share/fontconfig/conf.avail
	 * (fontconfig 2.14 reads them for their descriptions), 7 % of a build.
	 * A file fontconfig cannot parse was refused by config_folders(). */
	FcConfig *own = FcConfigCreate();
	if (own && FcConfigParseAndLoad(own, (const FcChar8 *)conf, FcTrue) &&
	    FcConfigBuildFonts(own))
		FcConfigSetCurrent(own);
	if (own)
		FcConfigDestroy(own); /* the current configuration holds a reference */
	/* The user's folders join as application fonts, before Pango lists any. */
	if (added->len && !FcInit())
		ok = false;
	ok = ok && add_folders(NULL, added, 0, added->len, err);
	g_ptr_array_unref(added);
	if (!ok) {
		if (err && !*err)
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			            _("fontconfig did not start with the font configuration %s"), conf);
		g_hash_table_destroy(files);
		g_ptr_array_unref(dirs);
		g_free(conf);
		return NULL;
	}

	tr_fonts *f = g_new0(tr_fonts, 1);
	f->conf = conf;
	f->dirs = dirs;
	f->n_conf = n_conf;
	f->n_own = dirs->len;
	f->faces = g_ptr_array_new_with_free_func(face_ref_free);
	f->families = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                    (GDestroyNotify)g_ptr_array_unref);
	f->states = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, face_state_free);
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	f->ctx = new_context(f->map);
	ok = check_loaded(f, NULL, files, err);
	g_hash_table_destroy(files);
	if (!ok) {
		tr_fonts_free(f);
		return NULL;
	}
	return f;
}

tr_fonts *tr_fonts_new(const char *datadir, GError **err)
{
	return fonts_new(datadir, false, NULL, err);
}

tr_fonts *tr_fonts_new_with(const char *datadir, const char *const *extra, GError **err)
{
	return fonts_new(datadir, true, extra, err);
}

void tr_fonts_free(tr_fonts *f)
{
	if (!f)
		return;
	g_clear_object(&f->ctx);
	g_clear_object(&f->map);
	g_clear_object(&f->sys_ctx);
	g_clear_object(&f->sys_map);
	if (f->sys_conf)
		FcConfigDestroy(f->sys_conf);
	g_hash_table_destroy(f->families);
	g_hash_table_destroy(f->states);
	g_ptr_array_unref(f->faces);
	g_ptr_array_unref(f->dirs);
	if (f->ft)
		FT_Done_FreeType(f->ft);
	g_free(f->conf);
	g_free(f);
}

PangoContext *tr_fonts_context(const tr_fonts *f)
{
	return f->ctx;
}

PangoContext *tr_fonts_system_context(const tr_fonts *f)
{
	return f->sys_ctx;
}

/* ------------------------------------------------------------------ */
/* Families */

/* True when the pattern lists family among its family names. */
static bool has_family_name(FcPattern *p, const char *folded)
{
	FcChar8 *fam;
	for (int k = 0; FcPatternGetString(p, FC_FAMILY, k, &fam) == FcResultMatch; k++) {
		char *key = g_utf8_casefold((const char *)fam, -1);
		bool same = strcmp(key, folded) == 0;
		g_free(key);
		if (same)
			return true;
	}
	return false;
}

bool tr_fonts_has_family(const tr_fonts *f, const char *family, bool system)
{
	char *key = g_utf8_casefold(family, -1);
	GPtrArray *list = g_hash_table_lookup(f->families, key);
	bool found = false;
	for (guint i = 0; list && i < list->len; i++)
		found |= system || !((const face_ref *)list->pdata[i])->system;
	if (found) {
		/* What fontconfig gives for the name must be of that family:
		 * an <alias> or <match> rule could substitute another. */
		FcPattern *p = FcPatternCreate();
		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
		FcConfig *cfg = system && f->sys_conf ? f->sys_conf : NULL;
		FcConfigSubstitute(cfg, p, FcMatchPattern);
		FcDefaultSubstitute(p);
		FcResult res;
		FcPattern *m = FcFontMatch(cfg, p, &res);
		found = m && has_family_name(m, key);
		if (m)
			FcPatternDestroy(m);
		FcPatternDestroy(p);
	}
	g_free(key);
	return found;
}

/* ------------------------------------------------------------------ */
/* The system's fonts, for a layout or an organisation that allows them */

/* The system's own fontconfig configuration, parsed into a configuration of
 * its own that is never made current: "fonts.conf" is a relative name, so
 * fontconfig looks it up in its folder (/etc/fonts), whatever FONTCONFIG_FILE
 * says. With fonts, the list of fonts is built too (from fontconfig's caches).
 * NULL when it cannot be read. */
static FcConfig *system_config(bool fonts)
{
	FcConfig *c = FcConfigCreate();
	if (c && FcConfigParseAndLoad(c, (const FcChar8 *)"fonts.conf", FcTrue) &&
	    (!fonts || FcConfigBuildFonts(c)))
		return c;
	if (c)
		FcConfigDestroy(c);
	return NULL;
}

/* The system's font folders (absolute), walked as our own folders are (a
 * named pipe would block fontconfig's scan); *files gets the font files found
 * (walk_folders()). NULL with err set when the configuration cannot be read
 * or a folder holds what fontconfig must not open. */
static GPtrArray *system_folders(GHashTable **files, GError **err)
{
	FcConfig *probe = system_config(false);
	if (!probe) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s",
		            _("the system's font configuration (fonts.conf, in fontconfig's folder "
		              "/etc/fonts) cannot be read, so the system's fonts cannot be used"));
		return NULL;
	}
	GPtrArray *sys = g_ptr_array_new_with_free_func(g_free);
	FcStrList *l = FcConfigGetFontDirs(probe);
	const FcChar8 *s;
	while (l && (s = FcStrListNext(l)))
		g_ptr_array_add(sys, g_canonicalize_filename((const char *)s, NULL));
	FcStrListDone(l);
	FcConfigDestroy(probe);
	*files = walk_folders(sys, err);
	if (!*files)
		g_clear_pointer(&sys, g_ptr_array_unref);
	return sys;
}

bool tr_fonts_add_system(tr_fonts *f, GError **err)
{
	if (f->system)
		return true;
	GHashTable *files = NULL;
	GPtrArray *sys = system_folders(&files, err);
	if (!sys)
		return false;
	/* Our configuration, our added folders, then the system's folders, in a
	 * configuration and a font map of their own: the current configuration,
	 * which the other layouts print with, never sees the system's fonts (not
	 * a style of a family of ours, not a character our fonts lack). */
	FcConfig *cfg = FcConfigCreate();
	bool ok = cfg && FcConfigParseAndLoad(cfg, (const FcChar8 *)f->conf, FcTrue) &&
	          FcConfigBuildFonts(cfg);
	if (!ok)
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            _("fontconfig did not start with the font configuration %s"), f->conf);
	ok = ok && add_folders(cfg, f->dirs, f->n_conf, f->n_own, err);
	for (guint i = 0; ok && i < sys->len; i++) {
		const char *dir = sys->pdata[i];
		if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
			continue;
		if (!FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir)) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			            _("fontconfig cannot read the system's font folder %s"), dir);
			ok = false;
		}
		g_ptr_array_add(f->dirs, g_strdup(dir));
	}
	g_ptr_array_unref(sys);
	if (!ok) {
		if (cfg)
			FcConfigDestroy(cfg);
		g_ptr_array_set_size(f->dirs, f->n_own);
		g_hash_table_destroy(files);
		return false;
	}
	f->system = true;
	f->sys_conf = cfg;
	f->sys_map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->sys_map), cfg);
	f->sys_ctx = new_context(f->sys_map);
	/* The families are listed again, ours and the system's. A system file
	 * fontconfig skips is not ours to judge: none is "unlisted". */
	g_hash_table_remove_all(f->families);
	g_ptr_array_set_size(f->faces, 0);
	g_hash_table_remove_all(files);
	ok = check_loaded(f, cfg, files, err);
	g_hash_table_destroy(files);
	return ok;
}

/* The system's fonts (their families, files and formats), read only when
 * fontconfig can scan their folders without blocking; NULL when they cannot
 * be read. FcFontSetDestroy() it. */
static FcFontSet *system_list(void)
{
	GHashTable *files = NULL;
	GPtrArray *sys = system_folders(&files, NULL);
	if (!sys)
		return NULL;
	g_ptr_array_unref(sys);
	g_hash_table_destroy(files);
	FcConfig *c = system_config(true);
	if (!c)
		return NULL;
	FcPattern *p = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_FONTFORMAT, NULL);
	FcFontSet *set = FcFontList(c, p, os);
	FcObjectSetDestroy(os);
	FcPatternDestroy(p);
	FcConfigDestroy(c);
	return set;
}

/* True when family is among the system's fonts (any face Pango can use): in
 * the set once they were added, else in sys (system_list(), may be NULL). */
static bool on_system(const tr_fonts *f, const FcFontSet *sys, const char *family)
{
	char *key = g_utf8_casefold(family, -1);
	bool found = false;
	if (f->system) {
		GPtrArray *list = g_hash_table_lookup(f->families, key);
		for (guint i = 0; list && i < list->len; i++)
			found |= ((const face_ref *)list->pdata[i])->system;
	}
	for (int i = 0; sys && !found && i < sys->nfont; i++)
		found = usable_format(sys->fonts[i]) && has_family_name(sys->fonts[i], key);
	g_free(key);
	return found;
}

/* Generic names that a browser or fontconfig maps to some font: never a family. */
static bool is_generic(const char *family)
{
	static const char *const generic[] = { "sans", "sans-serif", "serif", "monospace",
		                               "mono", "system-ui", "cursive", "fantasy",
		                               "emoji", "math", NULL };
	for (const char *const *g = generic; *g; g++)
		if (g_ascii_strcasecmp(*g, family) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Damaged files */

static guint32 be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static guint16 be16(const guint8 *p)
{
	return (guint16)(p[0] << 8 | p[1]);
}

/* "CFF " from a tag; anything unprintable as '?'. */
static void tag_name(guint32 tag, char out[5])
{
	for (int i = 0; i < 4; i++) {
		char c = (char)(tag >> (24 - 8 * i));
		out[i] = g_ascii_isprint(c) ? c : '?';
	}
	out[4] = '\0';
}

#define TAG(a, b, c, d) ((guint32)(a) << 24 | (guint32)(b) << 16 | (guint32)(c) << 8 | (d))

/* Why the face `index` of the SFNT file (OpenType, TrueType or a collection)
 * is damaged, or NULL: its table directory and every table must lie inside
 * the file (FreeType silently shortens a table cut by the end of the file:
 * a cut hmtx table gave wrong widths and garbled hyphens), and the tables
 * every font needs must be there. */
static char *sfnt_problem(const char *file, int index)
{
	GError *e = NULL;
	GMappedFile *m = g_mapped_file_new(file, FALSE, &e);
	if (!m) {
		char *why = g_strdup_printf(_("it cannot be read (%s)"), e->message);
		g_error_free(e);
		return why;
	}
	const guint8 *p = (const guint8 *)g_mapped_file_get_contents(m);
	guint64 n = g_mapped_file_get_length(m);
	char *why = NULL;
	guint64 dir = 0;
	if (n < 12) {
		why = g_strdup(_("it is too short to be a font (the file is cut short)"));
		goto out;
	}
	if (be32(p) == TAG('t', 't', 'c', 'f')) {
		guint32 faces = be32(p + 8);
		guint64 slot = 12 + 4 * (guint64)(index & 0xFFFF);
		if ((guint32)(index & 0xFFFF) >= faces || slot + 4 > n) {
			why = g_strdup(_("its collection header is cut short"));
			goto out;
		}
		dir = be32(p + slot);
	}
	if (dir + 12 > n) {
		why = g_strdup(_("its table directory lies past the end of the file (the file "
		               "is cut short)"));
		goto out;
	}
	guint32 tables = be16(p + dir + 4);
	if (dir + 12 + 16 * (guint64)tables > n) {
		why = g_strdup(_("its table directory is cut short"));
		goto out;
	}
	static const guint32 needed[] = { TAG('c', 'm', 'a', 'p'), TAG('h', 'e', 'a', 'd'),
		                          TAG('h', 'h', 'e', 'a'), TAG('h', 'm', 't', 'x'),
		                          TAG('m', 'a', 'x', 'p'), TAG('n', 'a', 'm', 'e'),
		                          TAG('p', 'o', 's', 't') };
	bool found[G_N_ELEMENTS(needed)] = { false };
	bool glyf = false, loca = false, cff = false;
	for (guint32 i = 0; i < tables; i++) {
		const guint8 *rec = p + dir + 12 + 16 * (guint64)i;
		guint32 tag = be32(rec);
		guint64 off = be32(rec + 8), len = be32(rec + 12);
		if (off + len > n) {
			char t[5];
			tag_name(tag, t);
			why = g_strdup_printf(_("its table '%s' runs past the end of the file (the "
			                        "file is cut short)"), t);
			goto out;
		}
		for (size_t k = 0; k < G_N_ELEMENTS(needed); k++)
			found[k] |= tag == needed[k];
		glyf |= tag == TAG('g', 'l', 'y', 'f');
		loca |= tag == TAG('l', 'o', 'c', 'a');
		cff |= tag == TAG('C', 'F', 'F', ' ') || tag == TAG('C', 'F', 'F', '2');
	}
	for (size_t k = 0; k < G_N_ELEMENTS(needed); k++)
		if (!found[k]) {
			char t[5];
			tag_name(needed[k], t);
			why = g_strdup_printf(_("it has no '%s' table"), t);
			goto out;
		}
	if (!cff && !(glyf && loca))
		why = g_strdup(_("it has no glyph outlines (no 'glyf' and 'loca' tables, no "
		               "'CFF ' table)"));
out:
	g_mapped_file_unref(m);
	return why;
}

/* The state of a face: its file's structure checked on first use. */
static face_state *face_get(tr_fonts *f, const char *file, int index)
{
	char *key = g_strdup_printf("%d:%s", index, file);
	face_state *s = g_hash_table_lookup(f->states, key);
	if (s) {
		g_free(key);
		return s;
	}
	s = g_new0(face_state, 1);
	g_hash_table_insert(f->states, key, s);
	s->problem = sfnt_problem(file, index);
	if (s->problem)
		f->damaged = true;
	s->glyphs = g_hash_table_new(g_direct_hash, g_direct_equal);
	return s;
}

/* The face opened with FreeType, for its glyphs (once, when first printed
 * from); NULL with s->problem set when FreeType cannot open it. */
static FT_Face face_open(tr_fonts *f, face_state *s, const char *file, int index)
{
	if (s->face || s->problem)
		return s->face;
	if (!f->ft && FT_Init_FreeType(&f->ft) != 0)
		g_error("FreeType could not start: out of memory");
	FT_Error fe = FT_New_Face(f->ft, file, index, &s->face);
	if (fe) {
		s->face = NULL;
		s->problem = g_strdup_printf(_("FreeType cannot open it (error %d)"), fe);
	} else if (!FT_IS_SCALABLE(s->face)) {
		s->problem = g_strdup(_("it holds bitmaps, not outlines"));
	}
	if (s->problem)
		f->damaged = true;
	return s->problem ? NULL : s->face;
}

/* What to do about a damaged file of family: reinstall the package of a
 * packaged font, else replace the file. */
static char *remedy(const char *file, const char *family)
{
	const char *pkg = tr_fonts_package(family);
	if (!pkg || !g_str_has_prefix(file, "/usr/share/fonts/"))
		return g_strdup(_("replace it with a good copy, or remove it"));
	return g_strdup_printf(_("reinstall the Debian package %s (apt-get install --reinstall "
	                         "%s)"), pkg, pkg);
}

/* ------------------------------------------------------------------ */
/* Layouts */

/* The user's font folder as a message names it: "~/..." under the home folder. */
char *tr_fonts_user_dir_shown(void)
{
	char *dir = tr_fonts_user_dir();
	const char *home = g_get_home_dir();
	size_t n = home ? strlen(home) : 0;
	if (n > 1 && strncmp(dir, home, n) == 0 && dir[n] == '/') {
		char *shown = g_strconcat("~", dir + n, NULL);
		g_free(dir);
		return shown;
	}
	return dir;
}

/* Every family name tractage could print with, for suggestions: those of its
 * set, and those of sys (the system's fonts when they are not in the set
 * yet; may be NULL). A NULL-terminated array of owned strings. */
static GPtrArray *family_names(const tr_fonts *f, const FcFontSet *sys)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < f->faces->len; i++) {
		const char *fam = ((const face_ref *)f->faces->pdata[i])->family;
		if (!g_hash_table_contains(seen, fam)) {
			char *own = g_strdup(fam);
			g_ptr_array_add(names, own);
			g_hash_table_add(seen, own);
		}
	}
	for (int i = 0; sys && i < sys->nfont; i++) {
		FcChar8 *fam;
		if (!usable_format(sys->fonts[i]))
			continue;
		for (int k = 0; FcPatternGetString(sys->fonts[i], FC_FAMILY, k, &fam) == FcResultMatch;
		     k++)
			if (!g_hash_table_contains(seen, fam)) {
				char *own = g_strdup((const char *)fam);
				g_ptr_array_add(names, own);
				g_hash_table_add(seen, own);
			}
	}
	g_hash_table_destroy(seen);
	g_ptr_array_add(names, NULL);
	return names;
}

/* True for a word that names a weight or a slant, which a family name may
 * wrongly carry ("DejaVu Serif Bold"). */
static bool style_word(const char *w)
{
	static const char *const words[] = { "thin", "light", "regular", "book", "medium",
		                             "semibold", "bold", "extrabold", "black", "heavy",
		                             "italic", "oblique", NULL };
	for (const char *const *s = words; *s; s++)
		if (g_ascii_strcasecmp(*s, w) == 0)
			return true;
	return false;
}

/* A family near family ("DejaVuSerif", "Inter Bold"), among the set's and
 * sys's, or NULL; *styled is set when family carries a weight or a slant.
 * g_free() it. */
static char *family_suggestion(const tr_fonts *f, const FcFontSet *sys, const char *family,
                               bool *styled)
{
	GPtrArray *names = family_names(f, sys);
	const char *const *all = (const char *const *)names->pdata;
	const char *near = tr_suggest(family, all);
	*styled = false;
	char *out = near ? g_strdup(near) : NULL;
	if (!out) {
		char **words = g_strsplit(family, " ", -1);
		guint n = g_strv_length(words);
		while (n > 1 && style_word(words[n - 1])) {
			g_free(words[--n]);
			words[n] = NULL;
			*styled = true;
		}
		char *bare = g_strjoinv(" ", words);
		near = *styled ? tr_suggest(bare, all) : NULL;
		out = near ? g_strdup(near) : NULL;
		g_free(bare);
		g_strfreev(words);
	}
	g_ptr_array_unref(names);
	return out;
}

void tr_fonts_report_missing(const tr_fonts *f, tr_diag *d, const char *file, tr_pos pos,
                             const char *family)
{
	const char *pkg = tr_fonts_package(family);
	char *user = tr_fonts_user_dir_shown();
	bool generic = is_generic(family);
	/* The system's fonts, read once for both questions below (an error path). */
	FcFontSet *sys = generic || f->system ? NULL : system_list();
	bool installed = !generic && on_system(f, sys, family);
	if (generic)
		tr_diag_add(d, TR_SEV_ERROR, file, pos,
		            _("\"%s\" is a generic name, not a font family: name the "
		              "family to print with, such as Inter"), family);
	else if (installed)
		tr_diag_add(d, TR_SEV_ERROR, file, pos,
		            _("font family \"%s\" is installed on this system, but tractage prints "
		              "only with its own fonts unless told otherwise: write \"system-fonts: "
		              "true\" in the layout or in the organisation file, or copy its font "
		              "files into your font folder, %s, or into a folder given with "
		              "--font-dir"), family, user);
	else if (pkg)
		tr_diag_add(d, TR_SEV_ERROR, file, pos,
		            _("font family \"%s\" is not available to tractage (it comes with the "
		              "Debian package %s): copy its font files into your font folder, %s, "
		              "or into a folder given with --font-dir; or choose another family"),
		            family, pkg, user);
	else
		tr_diag_add(d, TR_SEV_ERROR, file, pos,
		            _("font family \"%s\" is not available to tractage: copy its font "
		              "files into your font folder, %s, or into a folder given with "
		              "--font-dir; or choose another family"), family, user);
	g_free(user);
	/* An installed family's name is right: nothing to suggest. */
	bool styled;
	char *near = generic || installed ? NULL : family_suggestion(f, sys, family, &styled);
	if (sys)
		FcFontSetDestroy(sys);
	if (near && styled)
		tr_diag_add(d, TR_SEV_NOTE, file, pos,
		            _("did you mean \"%s\"? A weight or a slant is not part of the "
		              "family's name: it goes in \"weight\" or \"italic\""), near);
	else if (near)
		tr_diag_add(d, TR_SEV_NOTE, file, pos, _("did you mean \"%s\"?"), near);
	g_free(near);
}

/* The first text item naming family, for the position of a message. */
static const tr_item *item_naming(const tr_layoutdesc *ld, const char *family)
{
	tr_item_iter iter = { 0 };
	const tr_item *it;
	while ((it = tr_layout_next_item(ld, &iter, NULL)))
		if (it->kind == TR_ITEM_TEXT &&
		    (g_ascii_strcasecmp(it->style.font, family) == 0 ||
		     (it->style.heading_font &&
		      g_ascii_strcasecmp(it->style.heading_font, family) == 0)))
			return it;
	return NULL;
}

bool tr_fonts_check_layout(tr_fonts *f, const tr_layoutdesc *ld, tr_diag *d)
{
	bool ok = true;
	GError *e = NULL;
	if (ld->system_fonts && !tr_fonts_add_system(f, &e)) {
		tr_diag_add(d, TR_SEV_ERROR, ld->path, TR_NOPOS, "%s", e->message);
		g_error_free(e);
		return false;
	}
	for (char **fam = ld->fonts; fam && *fam; fam++) {
		const tr_item *it = item_naming(ld, *fam);
		tr_pos pos = it ? it->pos : TR_NOPOS;
		if (!tr_fonts_has_family(f, *fam, ld->system_fonts)) {
			tr_fonts_report_missing(f, d, ld->path, pos, *fam);
			ok = false;
			continue;
		}
		char *key = g_utf8_casefold(*fam, -1);
		GPtrArray *list = g_hash_table_lookup(f->families, key);
		g_free(key);
		for (guint i = 0; i < list->len; i++) {
			const face_ref *r = list->pdata[i];
			if (r->system && !ld->system_fonts)
				continue; /* not printed with */
			face_state *s = face_get(f, r->file, r->index);
			ok &= !s->problem;
			if (!s->problem || s->reported)
				continue;
			s->reported = true;
			char *what = remedy(r->file, *fam);
			tr_diag_add(d, TR_SEV_ERROR, ld->path, pos,
			            /* TRANSLATORS: the third %s says why ("its table 'hmtx' runs past the
			 * end of the file"), the fourth what to do */
			            _("the font file %s (family \"%s\") is damaged: %s; %s"), r->file,
			            *fam, s->problem, what);
			g_free(what);
		}
	}
	return ok;
}

/* True for a character whose glyph must have an outline: one that prints ink,
 * and the soft hyphen, which only reaches the check when it is drawn (at a
 * line break). */
static bool prints_ink(gunichar c)
{
	return c == 0x00AD || tr_typo_char_has_ink(c);
}

bool tr_fonts_check_printed(tr_fonts *f, const PangoGlyphItem *gi, const char *text,
                            tr_diag *d)
{
	PangoFont *font = gi->item->analysis.font;
	if (!font || !PANGO_IS_FC_FONT(font))
		return true;
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	FcChar8 *file;
	int index = 0;
	if (!pat || FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch)
		return true;
	/* A Debian package's font file is whole unless the system is broken
	 * (dpkg --verify says so): the glyphs checked are those of the files a
	 * user copied. Loading every glyph is 4 % of a build. */
	if (g_str_has_prefix((const char *)file, PACKAGED_FONTS))
		return true;
	FcPatternGetInteger(pat, FC_INDEX, 0, &index);
	face_state *s = face_get(f, (const char *)file, index);
	face_open(f, s, (const char *)file, index);
	const char *why = s->problem;
	char *own = NULL;
	for (int i = 0; !why && i < gi->glyphs->num_glyphs; i++) {
		PangoGlyphInfo *g = &gi->glyphs->glyphs[i];
		if (!g->attr.is_cluster_start || g->glyph == PANGO_GLYPH_EMPTY ||
		    (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
			continue;
		gunichar c = g_utf8_get_char(text + gi->item->offset +
		                             gi->glyphs->log_clusters[i]);
		gpointer id = GUINT_TO_POINTER(g->glyph + 1);
		if (!prints_ink(c) || g_hash_table_contains(s->glyphs, id))
			continue;
		g_hash_table_add(s->glyphs, id);
		FT_Error fe = FT_Load_Glyph(s->face, g->glyph, FT_LOAD_NO_SCALE |
		                            FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
		if (fe)
			why = own = g_strdup_printf(_("the glyph for U+%04X cannot be read "
			                              "(FreeType error %d)"), c, fe);
		else if (s->face->glyph->format == FT_GLYPH_FORMAT_OUTLINE &&
		         s->face->glyph->outline.n_points == 0)
			why = own = g_strdup_printf(_("the glyph for U+%04X has no outline"), c);
	}
	if (!why)
		return true;
	if (own && !s->problem)
		s->problem = own;
	else
		g_free(own);
	f->damaged = true;
	if (s->reported)
		return false;
	s->reported = true;
	PangoFontDescription *fd = pango_font_describe(font);
	const char *family = pango_font_description_get_family(fd);
	char *what = remedy((const char *)file, family ? family : "");
	tr_diag_add(d, TR_SEV_ERROR, (const char *)file, TR_NOPOS,
	            _("this font file is damaged: %s; %s"), s->problem, what);
	g_free(what);
	pango_font_description_free(fd);
	return false;
}

bool tr_fonts_damaged(const tr_fonts *f)
{
	return f->damaged;
}

const char *tr_fonts_package(const char *family)
{
	static const struct {
		const char *family, *package;
	} known[] = {
		{ "Inter", "fonts-inter" },
		{ "Inter Display", "fonts-inter" },
		{ "League Spartan", "fonts-league-spartan" },
		{ "Open Sans", "fonts-open-sans" },
		{ "Bebas Neue", "fonts-bebas-neue" },
		{ "Lato", "fonts-lato" },
		{ "Roboto", "fonts-roboto-unhinted" },
		{ "EB Garamond", "fonts-ebgaramond" },
		{ "DejaVu Sans", "fonts-dejavu-core" },
		{ "DejaVu Serif", "fonts-dejavu-core" },
		{ "Liberation Sans", "fonts-liberation" },
		{ "Liberation Serif", "fonts-liberation" },
		{ "Noto Sans", "fonts-noto-core" },
		{ "Noto Serif", "fonts-noto-core" },
		{ "Cantarell", "fonts-cantarell" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
		if (g_ascii_strcasecmp(known[i].family, family) == 0)
			return known[i].package;
	return NULL;
}
