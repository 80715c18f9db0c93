/* main.c — the command line: options, orchestration, exit status.
 *
 *   tractage build [OPTIONS] CONTENT.yaml...   write the PDFs
 *   tractage check [OPTIONS] CONTENT.yaml...   load, lay out, report, and run the
 *                                              preflight (src/check/); write nothing
 *   tractage watch [OPTIONS] CONTENT.yaml      build, and again at each change
 *                                              of an input (cli/watch.c)
 *   tractage new [--lang en] FILE.yaml         a starting content (cli/new.c)
 *   tractage layouts                           list the standard layouts
 *
 * Print options add files next to the plain PDFs: --sheet a4|a3 (copies on
 * photocopier sheets), --tile a4|a3 (a poster on small sheets), --print-shop
 * (bleed, marks, boxes), --png (previews); --mono turns every output black and
 * white. --layout takes a standard layout's name or a file; --accent tries
 * another accent colour.
 *
 * Exit status: 0 all built; 1 a content or layout error (the message says where);
 * 2 a usage or system error (bad option, unwritable output folder, missing data).
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/check.h"
#include "config.h"
#include "diag.h"
#include "layout/engine.h"
#include "layout/media.h"
#include "load/content.h"
#include "load/layoutdesc.h"
#include "load/paths.h"
#include "load/ytree.h"
#include "model/identity.h"
#include "render/impose.h"
#include "render/mono.h"
#include "render/output.h"
#include "render/pdf.h"
#include "render/png.h"
#include "render/printshop.h"
#include "typo/fonts.h"
#include "i18n.h"
#include "cli/new.h"
#include "cli/watch.h"

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

/* --dpi not given (0 is a value, and a wrong one). */
#define DPI_UNSET INT_MIN

static const char *const default_layouts[] = { "tract-a5", "poster-a3" };

typedef struct {
	char *output_dir;
	char *only;
	char **layouts;
	gboolean dump;
	gboolean no_findings;
	gboolean version;
	char **files;
	/* printing, as given */
	char *sheet, *flip, *tile, *bleed, *accent;
	gboolean fit, print_shop, mono, png;
	int dpi;
	char *name;       /* --name: the outputs' name for content read from standard input */
	char *lang;       /* new --lang */
	char **font_dirs; /* --font-dir */
} options;

/* The print options, checked. */
typedef struct {
	bool sheet;          /* --sheet: copies on sheets */
	tr_paper sheet_paper;
	bool sheet_tracts;   /* --sheet a4-2up: tracts only, as before --sheet a4 */
	bool flip_given;
	tr_flip flip;
	bool tile;
	tr_paper paper;
	bool fit;
	bool print_shop;
	double bleed_mm;
	bool mono;
	bool png;
	double dpi;
} printing;

/* What every build of a run shares, made once in main() (borrowed). */
typedef struct {
	const options *o;
	const printing *pr;
	GOptionContext *ctx;
	bool write;            /* build or watch: write the files */
	const char *outdir;
	const char *datadir;
	const tr_identity *cli; /* --accent */
	tr_fonts *fonts;
	tr_engine *engine;
	tr_check *preflight;   /* check: the findings before a print run */
	GPtrArray *inputs;     /* watch: the files each build read are added here */
} run;

static int build_run(const run *r, tr_diag *d);

/* Where layouts/ and fonts/ are: $TRACTAGE_DATADIR, the source tree when this
 * binary runs from its build tree, the data folder at its place beside the
 * installed binary (bin/../share/tractage: an installation moved, or made with
 * meson install --destdir), else the data folder it was installed for. */
static char *find_datadir(void)
{
	const char *env = g_getenv("TRACTAGE_DATADIR");
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	bool in_build = exe && g_str_has_prefix(exe, TR_BUILD_ROOT "/");
	char *beside = NULL;
	if (exe && !in_build && TR_DATADIR_FROM_BINDIR[0] != '\0') {
		char *bin = g_path_get_dirname(exe);
		char *up = g_build_filename(bin, TR_DATADIR_FROM_BINDIR, NULL);
		beside = g_canonicalize_filename(up, NULL);
		char *layouts = g_build_filename(beside, "layouts", NULL);
		if (!g_file_test(layouts, G_FILE_TEST_IS_DIR))
			g_clear_pointer(&beside, g_free);
		g_free(layouts);
		g_free(up);
		g_free(bin);
	}
	g_free(exe);
	const char *dir = env && *env ? env : in_build ? TR_SOURCE_DIR : beside ? beside : TR_DATADIR;
	/* Messages name layout files relative to the current folder when they can. */
	char *cwd = g_get_current_dir();
	char *rel = NULL;
	if (strcmp(cwd, dir) == 0)
		rel = g_strdup(".");
	else if (g_str_has_prefix(dir, cwd) && dir[strlen(cwd)] == '/')
		rel = g_strdup(dir + strlen(cwd) + 1);
	g_free(cwd);
	char *found = rel ? rel : g_strdup(dir);
	g_free(beside);
	return found;
}

/* The creation date written into the PDFs: $SOURCE_DATE_EPOCH, else the content
 * file's modification time, so that building the same file twice gives the same
 * bytes (content read from standard input: the time of the build). */
static gint64 build_date(const char *content)
{
	const char *sde = g_getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		gint64 v = g_ascii_strtoll(sde, &end, 10);
		if (!*end && errno == 0 && v >= 0 && v < G_GINT64_CONSTANT(253402300799))
			return v;
	}
	GStatBuf st;
	if (strcmp(content, "-") != 0 && g_stat(content, &st) == 0)
		return st.st_mtime;
	return g_get_real_time() / G_USEC_PER_SEC; /* standard input: now */
}

/* "3mm", "3 mm", "3", "0.125in", "9pt", "0.3cm" → millimetres. */
static bool parse_length(const char *s, double *mm)
{
	char *end;
	double v = g_ascii_strtod(s, &end);
	if (end == s || !isfinite(v))
		return false;
	while (*end == ' ')
		end++;
	if (*end == '\0' || strcmp(end, "mm") == 0)
		*mm = v;
	else if (strcmp(end, "cm") == 0)
		*mm = v * 10;
	else if (strcmp(end, "in") == 0)
		*mm = v * 25.4;
	else if (strcmp(end, "pt") == 0)
		*mm = v / TR_MM_TO_PT;
	else
		return false;
	return true;
}

/* "tractage: SEVERITY: message" on standard error: the severity stays English
 * (src/i18n.h), the message is given translated. */
static void G_GNUC_PRINTF(2, 0) vsay(const char *severity, const char *fmt, va_list ap)
{
	fprintf(stderr, "tractage: %s: ", severity);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void G_GNUC_PRINTF(2, 3) say(const char *severity, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(severity, fmt, ap);
	va_end(ap);
}

static int G_GNUC_PRINTF(2, 3) usage_error(GOptionContext *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay("error", fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", _("Try 'tractage --help'."));
	(void)ctx;
	return EXIT_USAGE;
}

/* Checks the print options into pr; returns 0 or EXIT_USAGE (message given). */
static int check_printing(GOptionContext *ctx, const options *o, printing *pr)
{
	if (o->sheet) {
		if (g_ascii_strcasecmp(o->sheet, "a4") == 0 || strcmp(o->sheet, "a4-2up") == 0)
			pr->sheet_paper = TR_PAPER_A4;
		else if (g_ascii_strcasecmp(o->sheet, "a3") == 0)
			pr->sheet_paper = TR_PAPER_A3;
		else
			return usage_error(ctx, _("--sheet takes \"a4\" or \"a3\", not \"%s\""), o->sheet);
		pr->sheet = true;
		pr->sheet_tracts = strcmp(o->sheet, "a4-2up") == 0;
	}
	if (o->flip) {
		if (!o->sheet)
			return usage_error(ctx, "%s", _("--flip goes with --sheet a4 or --sheet a3"));
		pr->flip_given = true;
		if (strcmp(o->flip, "long") == 0)
			pr->flip = TR_FLIP_LONG;
		else if (strcmp(o->flip, "short") != 0)
			return usage_error(ctx, _("--flip takes \"short\" or \"long\", not \"%s\""),
			                   o->flip);
	}
	if (o->tile) {
		if (g_ascii_strcasecmp(o->tile, "a4") == 0)
			pr->paper = TR_PAPER_A4;
		else if (g_ascii_strcasecmp(o->tile, "a3") == 0)
			pr->paper = TR_PAPER_A3;
		else
			return usage_error(ctx, _("--tile takes \"a4\" or \"a3\", not \"%s\""), o->tile);
		pr->tile = true;
	}
	if (o->fit && !o->tile)
		return usage_error(ctx, "%s", _("--fit goes with --tile a4 or --tile a3"));
	pr->fit = o->fit;
	pr->print_shop = o->print_shop;
	if (o->bleed) {
		if (!o->print_shop)
			return usage_error(ctx, "%s", _("--bleed goes with --print-shop"));
		if (!parse_length(o->bleed, &pr->bleed_mm) || pr->bleed_mm < 0 ||
		    pr->bleed_mm > 10)
			return usage_error(ctx, _("--bleed takes a length from 0 to 10 mm, such as 3mm or "
			                   "5mm, not \"%s\""), o->bleed);
	}
	pr->mono = o->mono;
	pr->png = o->png;
	if (o->dpi != DPI_UNSET) {
		if (!o->png)
			return usage_error(ctx, "%s", _("--dpi goes with --png"));
		if (o->dpi < TR_PNG_DPI_MIN || o->dpi > TR_PNG_DPI_MAX)
			return usage_error(ctx, _("--dpi takes a number from %d to %d, not %d"),
			                   TR_PNG_DPI_MIN, TR_PNG_DPI_MAX, o->dpi);
		pr->dpi = o->dpi;
	}
	return 0;
}

/* The folder of the standard layouts, as messages name it. */
static char *standard_dir(const char *datadir)
{
	return strcmp(datadir, ".") == 0 ? g_strdup("layouts")
	                                 : g_build_filename(datadir, "layouts", NULL);
}

/* For g_ptr_array_sort(), which passes pointers to the elements. */
static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the standard layouts (their files' names), sorted,
 * NULL-terminated; g_strfreev() them. */
static char **standard_names(const char *std_dir)
{
	GPtrArray *names = g_ptr_array_new();
	GDir *dir = g_dir_open(std_dir, 0, NULL);
	const char *f;
	while (dir && (f = g_dir_read_name(dir)))
		if (g_str_has_suffix(f, ".yaml") && strlen(f) > 5)
			g_ptr_array_add(names, g_strndup(f, strlen(f) - 5));
	if (dir)
		g_dir_close(dir);
	g_ptr_array_sort(names, compare_names);
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

/* The file --layout ARG names: a path as given (it has a "/" or ends in
 * .yaml), else the standard layout of that name. NULL, with an error in d,
 * when there is no standard layout of that name. */
static char *layout_file(const char *arg, const char *std_dir, tr_diag *d)
{
	if (strchr(arg, '/') || g_str_has_suffix(arg, ".yaml") || g_str_has_suffix(arg, ".yml"))
		return g_strdup(arg);
	char *file = g_strdup_printf("%s/%s.yaml", std_dir, arg);
	if (g_file_test(file, G_FILE_TEST_IS_REGULAR))
		return file;
	g_free(file);
	char **names = standard_names(std_dir);
	const char *near = tr_suggest(arg, (const char *const *)names);
	char *all = g_strjoinv(", ", names);
	if (near)
		tr_diag_add(d, TR_SEV_ERROR, NULL, TR_NOPOS, _("there is no standard layout \"%s\" "
		            "(did you mean \"%s\"?); to use a layout file, give its path, as in "
		            "--layout ./%s.yaml"), arg, near, arg);
	else
		tr_diag_add(d, TR_SEV_ERROR, NULL, TR_NOPOS, _("there is no standard layout \"%s\" "
		            "(the standard layouts: %s); to use a layout file, give its path, as in "
		            "--layout ./%s.yaml"), arg, all, arg);
	g_free(all);
	g_strfreev(names);
	return NULL;
}

/* The ISO name of a page size in mm ("A5"), or NULL. */
static const char *iso_name(double w, double h)
{
	static const char *const names[] = { "A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7" };
	double aw = 841, ah = 1189;
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		if ((fabs(w - aw) < 1 && fabs(h - ah) < 1) || (fabs(w - ah) < 1 && fabs(h - aw) < 1))
			return names[i];
		double half = floor(ah / 2);
		ah = aw;
		aw = half;
	}
	return NULL;
}

/* Prints s and a space, s padded with spaces to width characters (printf's
 * %-*s pads bytes: "×" or "è" takes two). */
static void print_cell(const char *s, int width)
{
	printf("%s%*s ", s, MAX(0, width - (int)g_utf8_strlen(s, -1)), "");
}

/* tractage layouts: the standard layouts, their kind, page size and pages. */
static int list_layouts(const char *datadir)
{
	char *std = standard_dir(datadir);
	char **names = standard_names(std);
	if (!names[0]) {
		say("error", _("no standard layouts in %s (install tractage with meson install, "
		               "or set TRACTAGE_DATADIR to the folder that holds layouts/ and fonts/)"),
		    std);
		g_strfreev(names);
		g_free(std);
		return EXIT_USAGE;
	}
	tr_diag *d = tr_diag_new();
	tr_layout_opts lo = { NULL, std };
	int status = 0;
	/* TRANSLATORS: the column heads of "tractage layouts" */
	print_cell(C_("layouts", "layout"), 16);
	print_cell(C_("layouts", "kind"), 7);
	print_cell(C_("layouts", "page"), 22);
	printf("%s\n", C_("layouts", "pages"));
	for (char **n = names; *n; n++) {
		char *file = g_strdup_printf("%s/%s.yaml", std, *n);
		tr_layoutdesc *ld = tr_layoutdesc_load_with(file, &lo, d);
		if (!ld) {
			status = EXIT_CONTENT;
			g_free(file);
			continue;
		}
		const char *iso = iso_name(ld->width, ld->height);
		char *size = g_strdup_printf("%s%s%g × %g mm", iso ? iso : "", iso ? ", " : "",
		                             ld->width, ld->height);
		GString *pages = g_string_new(NULL);
		for (size_t p = 0; p < ld->n_pages; p++)
			g_string_append_printf(pages, "%s%s", p ? ", " : "", ld->pages[p].name);
		bool standard = false;
		for (size_t i = 0; i < G_N_ELEMENTS(default_layouts); i++)
			standard |= strcmp(*n, default_layouts[i]) == 0;
		print_cell(*n, 16);
		print_cell(ld->kind, 7);
		print_cell(size, 22);
		/* TRANSLATORS: the number of pages of a layout, their names */
		printf(standard ? _("%zu (%s), built by default\n") : "%zu (%s)\n", ld->n_pages,
		       pages->str);
		g_string_free(pages, TRUE);
		g_free(size);
		g_free(file);
		tr_layoutdesc_free(ld);
	}
	tr_diag_flush(d, stderr);
	tr_diag_free(d);
	g_strfreev(names);
	g_free(std);
	return status;
}

/* Checks an organisation's colours and fonts against the layouts of the run
 * and the standard ones: its fonts must be available (errors), and each name
 * should be one that a layout has (a warning: it changes nothing otherwise). */
static bool check_identity(const tr_identity *id, tr_fonts *fonts, const GPtrArray *layouts,
                           const GPtrArray *standard, tr_diag *d)
{
	/* The system's fonts, once, said at the first font (not once a font). */
	GError *err = NULL;
	bool sys_ok = !id->n_fonts || !id->system_fonts || tr_fonts_add_system(fonts, &err);
	if (!sys_ok) {
		tr_diag_add(d, TR_SEV_ERROR, id->fonts[0].file, id->fonts[0].pos, "%s", err->message);
		g_error_free(err);
	}
	bool ok = sys_ok;
	for (int font = 0; font < 2; font++) {
		const tr_named *list = font ? id->fonts : id->colours;
		size_t n = font ? id->n_fonts : id->n_colours;
		for (size_t i = 0; i < n; i++) {
			const tr_named *nv = &list[i];
			if (font && sys_ok && !tr_fonts_has_family(fonts, nv->value, id->system_fonts)) {
				tr_fonts_report_missing(fonts, d, nv->file, nv->pos, nv->value);
				ok = false;
			}
			bool used = false;
			GString *have = g_string_new(NULL);
			GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
			for (guint l = 0; l < layouts->len + standard->len; l++) {
				const tr_layoutdesc *ld = l < layouts->len
					                          ? layouts->pdata[l]
					                          : standard->pdata[l - layouts->len];
				char **names = font ? ld->font_names : ld->colour_names;
				for (char **k = names; k && *k; k++) {
					used |= strcmp(*k, nv->name) == 0;
					if (g_hash_table_add(seen, *k))
						g_string_append_printf(have, "%s%s", have->len ? ", " : "", *k);
				}
			}
			g_hash_table_destroy(seen);
			/* TRANSLATORS: the layouts have no names of colours or fonts */
			const char *listed = have->len ? have->str : C_("names", "none");
			if (!used)
				tr_diag_add(d, TR_SEV_WARNING, nv->file, nv->pos,
				            font ? _("no layout has a font \"%s\", so it changes nothing "
				                     "(the layouts' fonts: %s)")
				                 : _("no layout has a colour \"%s\", so it changes nothing "
				                     "(the layouts' colours: %s)"), nv->name, listed);
			g_string_free(have, TRUE);
		}
	}
	return ok;
}

/* Loads the layouts of files with id (their colours and fonts replaced).
 * False (errors in d) when one does not load. */
static bool load_layouts(GPtrArray *files, const tr_identity *id, const char *std,
                         GPtrArray *out, tr_diag *d)
{
	bool ok = true;
	tr_layout_opts lo = { id, std };
	for (guint i = 0; i < files->len; i++) {
		tr_layoutdesc *ld = tr_layoutdesc_load_with(files->pdata[i], &lo, d);
		if (ld)
			g_ptr_array_add(out, ld);
		ok &= ld != NULL;
	}
	return ok;
}

/* The output of set for layout number `layout` of kind `kind`, or NULL. */
static const tr_output *find_output(GPtrArray *set, size_t layout, tr_outkind kind)
{
	for (guint i = 0; i < set->len; i++) {
		const tr_output *out = set->pdata[i];
		if (out->layout == layout && out->kind == kind)
			return out;
	}
	return NULL;
}

/* Renders the outputs of set made from doc (those of layout number `layout`):
 * the plain PDF, the print-shop file, the copies on sheets, the tiles, the
 * previews. Notes and warnings go to d. Returns false with err set on a
 * system error. */
static bool render_doc(const tr_doc *doc, const tr_layoutdesc *ld, size_t layout,
                       const printing *pr, gint64 date, GPtrArray *set, tr_diag *d,
                       GError **err)
{
	tr_mono *mono = pr->mono ? tr_mono_new(ld) : NULL;
	tr_draw_opts plain = { .mono = mono };
	const char *pdf_name = find_output(set, layout, TR_OUT_PDF)->name;
	tr_nup n;
	/* The print options that give no file for this document say why. */
	if (pr->sheet && (!pr->sheet_tracts || strcmp(doc->kind, "tract") == 0) &&
	    !find_output(set, layout, TR_OUT_SHEET)) {
		const char *paper = tr_paper_name(pr->sheet_paper);
		if (tr_impose_fit(doc, pr->sheet_paper, &n) == 1)
			tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS, _("%s: the %s takes a whole %s "
			            "sheet: print it as it is"), pdf_name, doc->name, paper);
		else
			tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS, _("%s: the %s is larger than an "
			            "%s sheet: no copies on sheets (--tile prints a poster on several "
			            "sheets)"), pdf_name, doc->name, paper);
	}
	if (pr->tile && strcmp(doc->kind, "poster") == 0 && !find_output(set, layout, TR_OUT_TILES))
		tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS,
		            _("%s: the %s fits on one %s sheet: no tiles (print it as it is)"), pdf_name,
		            doc->name, tr_paper_name(pr->paper));
	bool ok = true;
	for (guint i = 0; ok && i < set->len; i++) {
		tr_output *out = set->pdata[i];
		if (out->layout != layout)
			continue;
		switch (out->kind) {
		case TR_OUT_PDF:
			out->bytes = mono ? tr_pdf_render_with(doc, &plain, date, err)
			                  : tr_pdf_render(doc, date, err);
			break;
		case TR_OUT_PRINT:
			tr_printshop_check_safe(doc, ld, d);
			out->bytes = tr_printshop_render(doc, pr->bleed_mm, mono, date, err);
			break;
		case TR_OUT_SHEET: {
			tr_impose_fit(doc, pr->sheet_paper, &n);
			if (pr->flip_given)
				n.flip = pr->flip;
			out->bytes = tr_impose_nup(doc, mono, pr->sheet_paper, &n, date, err);
			if (!out->bytes)
				break;
			char *how = tr_impose_instructions(doc, pr->sheet_paper, &n);
			/* TRANSLATORS: a file's name, then how to print and cut its sheets */
			tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS, _("%s: %s"), out->name, how);
			g_free(how);
			if (n.scale < 1)
				tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS,
				            strcmp(doc->kind, "poster") == 0
				            ? _("%s: the poster is scaled to %.1f %% so that its text "
				                "clears the printer's %g mm margin")
				            : _("%s: the tract is scaled to %.1f %% so that its text "
				                "clears the printer's %g mm margin"),
				            out->name, n.scale * 100, TR_PRINTER_MARGIN);
			break;
		}
		case TR_OUT_TILES: {
			tr_tiling t;
			const char *paper = tr_paper_name(pr->paper);
			out->bytes = tr_impose_tiles(doc, mono, pr->paper, pr->fit, date, &t, err);
			int sheets = t.cols * t.rows;
			/* TRANSLATORS: "poster-a3-tiles-a4.pdf: 4 A4 sheets (2 × 2, portrait)
			 * at 100 %; ..."; the cut margins are those with the marks */
			if (out->bytes)
				tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS,
				            t.landscape
				            ? NG_("%s: %d %s sheet (%d × %d, landscape) at %.*f %%; cut "
				                  "the left and top margins at the marks, and glue each "
				                  "sheet over the grey strips of its neighbours",
				                  "%s: %d %s sheets (%d × %d, landscape) at %.*f %%; cut "
				                  "the left and top margins at the marks, and glue each "
				                  "sheet over the grey strips of its neighbours", sheets)
				            : NG_("%s: %d %s sheet (%d × %d, portrait) at %.*f %%; cut "
				                  "the left and top margins at the marks, and glue each "
				                  "sheet over the grey strips of its neighbours",
				                  "%s: %d %s sheets (%d × %d, portrait) at %.*f %%; cut "
				                  "the left and top margins at the marks, and glue each "
				                  "sheet over the grey strips of its neighbours", sheets),
				            out->name, sheets, paper, t.cols, t.rows, t.scale < 1 ? 1 : 0,
				            t.scale * 100);
			break;
		}
		case TR_OUT_PNG:
			out->bytes = tr_png_render(doc, out->page, mono, pr->dpi, err);
			break;
		case TR_OUT__MAX:
			break;
		}
		ok = out->bytes != NULL;
	}
	tr_mono_free(mono);
	return ok;
}

/* Checks the glyphs of every paragraph of doc as they will be printed (a
 * damaged font file can give glyphs without outlines). */
static bool check_printed(tr_fonts *fonts, const tr_doc *doc, tr_diag *d)
{
	const tr_shaped *last = NULL; /* the lines of one paragraph follow each other */
	for (size_t p = 0; p < doc->n_pages; p++)
		for (size_t i = 0; i < doc->pages[p].n_ops; i++) {
			const tr_op *op = &doc->pages[p].ops[i];
			if (op->kind != TR_OP_LINE || op->text->sp == last)
				continue;
			last = op->text->sp;
			for (int r = 0; r < tr_shaped_n_runs(last); r++)
				if (!tr_fonts_check_printed(fonts, tr_shaped_run(last, r),
				                            tr_shaped_text(last), d))
					return false;
		}
	return true;
}

/* Reports a usage or system error in err (freed), returns EXIT_USAGE. */
static int system_error(GError *err)
{
	say("error", "%s", err->message);
	g_error_free(err);
	return EXIT_USAGE;
}

/* The run's last line, "tractage: 2 errors, 1 warning", as compilers end theirs;
 * nothing when there was neither. */
static void print_summary(const tr_diag *d)
{
	char *summary = tr_diag_summary(d);
	if (summary)
		fprintf(stderr, "tractage: %s\n", summary);
	g_free(summary);
}

/* tractage new [--lang en] FILE.yaml (cli/new.h). */
static int new_command(GOptionContext *ctx, const options *o)
{
	if (!o->files[1] || o->files[2])
		return usage_error(ctx, "%s", _("new takes one file name, as in: tractage new "
		                   "fete.yaml"));
	const char *lang = o->lang ? o->lang : "fr";
	if (strcmp(lang, "fr") != 0 && strcmp(lang, "en") != 0)
		return usage_error(ctx, _("--lang takes \"fr\" or \"en\", not \"%s\""), lang);
	GError *err = NULL;
	if (!tr_new_write(o->files[1], lang, &err))
		return system_error(err);
	return 0;
}

/* Content read from standard input ("-") takes the name of its outputs from
 * --name, which goes with it only; check writes nothing, so it needs none.
 * Returns 0 or EXIT_USAGE (message given). */
static int check_stdin_name(GOptionContext *ctx, const options *o, bool write)
{
	bool stdin_given = false;
	for (char **f = o->files + 1; *f; f++)
		stdin_given |= strcmp(*f, "-") == 0;
	if (stdin_given && !o->name && write)
		return usage_error(ctx, "%s", _("- reads the content from standard input: give the "
		                   "name of its files with --name, as in --name fete (fete-tract-a5.pdf)"));
	if (!stdin_given && o->name)
		return usage_error(ctx, "%s", _("--name goes with - (the content read from standard "
		                   "input); the files of a content file are named after it"));
	return 0;
}

/* Adds the files ev was made from (the content file, its organisation file,
 * its pictures) to r->inputs, for watch. */
static void add_inputs(const run *r, const tr_event *ev)
{
	if (!r->inputs)
		return;
	g_ptr_array_add(r->inputs, g_strdup(ev->path));
	if (ev->organisation.text) {
		char *org = tr_path_inside(ev->path, ev->path, ev->organisation.text, NULL);
		if (org)
			g_ptr_array_add(r->inputs, org);
	}
	if (ev->organiser.logo.file)
		g_ptr_array_add(r->inputs, g_strdup(ev->organiser.logo.file));
	if (ev->image.file)
		g_ptr_array_add(r->inputs, g_strdup(ev->image.file));
}

/* One build of tractage watch (cli/watch.h): a run of its own, with its own
 * messages and summary line. */
static int watch_try(void *data, GPtrArray *inputs)
{
	run *r = data;
	r->inputs = inputs;
	tr_diag *d = tr_diag_new();
	int status = build_run(r, d);
	print_summary(d);
	tr_diag_free(d);
	r->inputs = NULL;
	return status;
}

int main(int argc, char **argv)
{
	tr_i18n_set_locale();
	/* Numbers are written for machines too (a PDF link's rectangle, dumps):
	 * a French locale's decimal comma would break them. */
	setlocale(LC_NUMERIC, "C");
	tr_i18n_init();
	tr_output_init();
	options o = { .dpi = DPI_UNSET };
	GOptionEntry entries[] = {
		{ "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &o.output_dir,
		  N_("Write the PDFs into DIR (default: the current folder)"), N_("DIR") },
		{ "only", 0, 0, G_OPTION_ARG_STRING, &o.only,
		  N_("Build only the tract or only the poster"), "tract|poster" },
		{ "layout", 'l', 0, G_OPTION_ARG_FILENAME_ARRAY, &o.layouts,
		  N_("Use this layout instead of the standard ones: a name from 'tractage layouts' "
		  "or a file (repeatable)"), N_("NAME|FILE") },
		{ "accent", 0, 0, G_OPTION_ARG_STRING, &o.accent,
		  N_("Try another accent colour, e.g. --accent=#0055a4"), N_("COLOUR") },
		{ "dump", 0, 0, G_OPTION_ARG_NONE, &o.dump,
		  N_("Print the placed text of every page on standard output"), NULL },
		{ "no-findings", 0, 0, G_OPTION_ARG_NONE, &o.no_findings,
		  N_("With check: report only what stops a build, and the layout's warnings"), NULL },
		{ "name", 0, 0, G_OPTION_ARG_FILENAME, &o.name,
		  N_("With - (content read from standard input): name its files NAME-tract-a5.pdf..."),
		  N_("NAME") },
		{ "font-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.font_dirs,
		  N_("Also use the fonts of DIR (repeatable); a family is never replaced by another"),
		  N_("DIR") },
		{ "lang", 0, 0, G_OPTION_ARG_STRING, &o.lang,
		  N_("With new: the language of the content (default: fr)"), "fr|en" },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &o.version, N_("Print the version and exit"), NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.files, NULL, NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionEntry print_entries[] = {
		{ "sheet", 0, 0, G_OPTION_ARG_STRING, &o.sheet,
		  N_("Photocopier: as many copies as fit on an A4 or A3 sheet, duplex, cut marks"),
		  "a4|a3" },
		{ "flip", 0, 0, G_OPTION_ARG_STRING, &o.flip,
		  N_("With --sheet: the edge the printer turns the sheet on (default: short for a "
		  "landscape sheet, long for a portrait one)"), "short|long" },
		{ "tile", 0, 0, G_OPTION_ARG_STRING, &o.tile,
		  N_("A4 printer only: the poster on sheets to glue together (a3: on A3)"), "a4|a3" },
		{ "fit", 0, 0, G_OPTION_ARG_NONE, &o.fit,
		  N_("With --tile: the poster scaled onto two sheets"), NULL },
		{ "print-shop", 0, 0, G_OPTION_ARG_NONE, &o.print_shop,
		  N_("Print shop: bleed, crop marks, page boxes, pure black"), NULL },
		{ "bleed", 0, 0, G_OPTION_ARG_STRING, &o.bleed,
		  N_("With --print-shop: the bleed on each side (default: 3mm)"), N_("LEN") },
		{ "mono", 0, 0, G_OPTION_ARG_NONE, &o.mono,
		  N_("Black and white: every file in greys (names end in -mono)"), NULL },
		{ "png", 0, 0, G_OPTION_ARG_NONE, &o.png,
		  N_("Also a PNG preview of each page"), NULL },
		{ "dpi", 0, 0, G_OPTION_ARG_INT, &o.dpi,
		  N_("With --png: the resolution (default: 150)"), N_("N") },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new(N_("build|check CONTENT.yaml... | watch CONTENT.yaml "
	                                              "| new FILE.yaml | layouts"));
	g_option_context_set_summary(ctx, N_(
		"Turns an event described in YAML into print-ready PDFs: an A5 tract (recto,\n"
		"verso) and an A3 poster, or the formats you choose with --layout.\n\n"
		"Commands:\n"
		"  build    lay out and write <name>-tract-a5.pdf and <name>-poster-a3.pdf\n"
		"  check    before printing: lay out and report errors, and what a proofreader\n"
		"           would find (spelling, hours and dates that contradict the\n"
		"           sessions, placeholders, contrast); writes nothing\n"
		"  watch    build, then build again each time the content, its organisation\n"
		"           file, a layout or a picture changes (Ctrl-C to stop)\n"
		"  new      write a starting content file to fill in (--lang en: in English)\n"
		"  layouts  list the standard layouts (tract-a5, flyer-a6, poster-a4...)"));
	g_option_context_set_description(ctx, N_(
		"Exit status: 0 when everything was built, 1 when a content or layout file has\n"
		"an error (each message gives file:line:column), 2 for a usage or system error.\n\n"
		"The print options add files next to the plain PDFs (man tractage):\n"
		"  --sheet: <name>-tract-a5-2up-a4.pdf    --print-shop: <name>-<layout>-print.pdf\n"
		"  --tile:  <name>-poster-a3-tiles-a4.pdf --png: <name>-<layout>-<page>.png\n\n"
		"Which print option do I need?\n"
		"  office photocopier, duplex:  --sheet a4       (add --mono to save toner)\n"
		"  print shop:                  --print-shop     (--bleed 5mm if they ask)\n"
		"  A4 printer only, A3 poster:  --tile a4        (--fit: two sheets, smaller)\n\n"
		"Example:\n"
		"  tractage build --output-dir out content/riposte-au-tout-numerique.yaml\n"
		"  tractage build --sheet a4 --print-shop --png content/fete.yaml\n"
		"  tractage build --layout flyer-a6 --sheet a4 content/fete.yaml\n\n"
		"The manual: man tractage (options, checks, printing), man tractage-content\n"
		"(content and organisation files), man tractage-layout (layouts)."));
	/* GOption translates the strings marked N_() above when it writes --help:
	 * the options' with the main group's domain, the rest with the context's. */
	g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
	g_option_context_add_main_entries(ctx, print_entries, GETTEXT_PACKAGE);
	g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
	GError *err = NULL;
	int status = 0;
	char *datadir = NULL;
	tr_identity cli = { 0 }; /* --accent */
	tr_fonts *fonts = NULL;
	tr_engine *engine = NULL;
	tr_diag *d = tr_diag_new();
	tr_check *preflight = NULL; /* check: the findings before a print run */

	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		status = usage_error(ctx, "%s", err->message);
		g_error_free(err);
		goto out;
	}
	if (o.version) {
		printf("tractage %s\n", TR_VERSION);
		goto out;
	}
	if (!o.files || !o.files[0]) {
		status = usage_error(ctx, "%s", _("no command given: use 'build', 'check', 'watch', "
		                     "'new' or 'layouts'"));
		goto out;
	}
	if (strcmp(o.files[0], "layouts") == 0) {
		if (o.files[1]) {
			status = usage_error(ctx, "%s", _("'layouts' takes no file"));
			goto out;
		}
		datadir = find_datadir();
		status = list_layouts(datadir);
		goto out;
	}
	if (strcmp(o.files[0], "new") == 0) {
		status = new_command(ctx, &o);
		goto out;
	}
	if (o.lang) {
		status = usage_error(ctx, "%s", _("--lang goes with new"));
		goto out;
	}
	bool watch = strcmp(o.files[0], "watch") == 0;
	bool write = watch || strcmp(o.files[0], "build") == 0;
	if (!write && strcmp(o.files[0], "check") != 0) {
		status = usage_error(ctx, _("unknown command \"%s\": use 'build', 'check', 'watch', "
		                     "'new' or 'layouts'"), o.files[0]);
		goto out;
	}
	if (!o.files[1]) {
		status = usage_error(ctx, "%s", _("no content file given"));
		goto out;
	}
	if (watch && o.files[2]) {
		status = usage_error(ctx, "%s", _("watch takes one content file"));
		goto out;
	}
	if (watch && strcmp(o.files[1], "-") == 0) {
		status = usage_error(ctx, "%s", _("watch needs a content file to watch, not - "
		                     "(standard input)"));
		goto out;
	}
	status = check_stdin_name(ctx, &o, write);
	if (status)
		goto out;
	if (o.no_findings && write) {
		status = usage_error(ctx, "%s", _("--no-findings goes with check"));
		goto out;
	}
	if (o.only && strcmp(o.only, "tract") != 0 && strcmp(o.only, "poster") != 0) {
		status = usage_error(ctx, _("--only takes \"tract\" or \"poster\", not \"%s\""), o.only);
		goto out;
	}
	printing pr = { .flip = TR_FLIP_SHORT, .bleed_mm = 3, .dpi = 150 };
	status = check_printing(ctx, &o, &pr);
	if (status)
		goto out;
	if (o.accent) {
		/* "#" is a comment in a shell word of its own: "c8102e" is taken too. */
		char *hex = o.accent[0] == '#' ? g_strdup(o.accent) : g_strdup_printf("#%s", o.accent);
		tr_rgb rgb;
		bool ok = tr_rgb_parse(hex, &rgb);
		if (ok)
			tr_identity_set(&cli, false, "accent", hex, NULL, TR_NOPOS);
		g_free(hex);
		if (!ok) {
			status = usage_error(ctx, _("--accent takes a colour written #rrggbb or #rgb, as in "
			                     "--accent=#0055a4, not \"%s\""), o.accent);
			goto out;
		}
	}
	for (char **f = o.files + 1; *f; f++)
		if (!**f) {
			status = usage_error(ctx, "%s", _("an empty argument was given where a content "
			                     "file was expected"));
			goto out;
		}
	for (char **l = o.layouts; l && *l; l++)
		if (!**l) {
			status = usage_error(ctx, "%s", _("--layout was given an empty file name"));
			goto out;
		}
	if (o.output_dir && !*o.output_dir) {
		status = usage_error(ctx, "%s", _("--output-dir was given an empty folder name"));
		goto out;
	}
	const char *outdir = o.output_dir ? o.output_dir : ".";
	if (!tr_output_path_ok(_("the output folder"), outdir, &err)) {
		status = system_error(err);
		goto out;
	}
	for (char **f = o.files + 1; *f; f++)
		if (!tr_output_path_ok(_("the content file"), *f, &err)) {
			status = system_error(err);
			goto out;
		}
	if (write && !g_file_test(outdir, G_FILE_TEST_EXISTS) &&
	    !g_file_test(outdir, G_FILE_TEST_IS_SYMLINK)) {
		/* A new folder (and its parents), 0777 less the umask. */
		if (g_mkdir_with_parents(outdir, 0777) != 0) {
			say("error", _("cannot create the output folder %s: %s"), outdir,
			    g_strerror(errno));
			status = EXIT_USAGE;
			goto out;
		}
		say("note", _("created the output folder %s"), outdir);
	}
	if (write && !g_file_test(outdir, G_FILE_TEST_IS_DIR)) {
		char *to = g_file_test(outdir, G_FILE_TEST_IS_SYMLINK) ?
		                   g_file_read_link(outdir, NULL) : NULL;
		if (to && !g_file_test(outdir, G_FILE_TEST_EXISTS))
			say("error", _("the output folder %s is a symbolic link to %s, which does not "
			               "exist"), outdir, to);
		else if (g_file_test(outdir, G_FILE_TEST_EXISTS))
			say("error", _("the output folder %s is not a folder"), outdir);
		else
			say("error", _("the output folder %s does not exist (create it first)"), outdir);
		g_free(to);
		status = EXIT_USAGE;
		goto out;
	}
	if (write && access(outdir, W_OK) != 0) {
		say("error", _("cannot write into the output folder %s: %s"), outdir,
		    g_strerror(errno));
		status = EXIT_USAGE;
		goto out;
	}

	if (!write && !o.no_findings && !(preflight = tr_check_new(&err))) {
		status = system_error(err);
		goto out;
	}

	datadir = find_datadir();
	fonts = tr_fonts_new_with(datadir, (const char *const *)o.font_dirs, &err);
	if (!fonts) {
		status = system_error(err);
		goto out;
	}
	engine = tr_engine_new(fonts);

	run r = { &o, &pr, ctx, write, outdir, datadir, &cli, fonts, engine, preflight, NULL };
	if (watch)
		status = tr_watch_run(o.files[1], watch_try, &r);
	else
		status = build_run(&r, d);
out:
	print_summary(d);
	tr_check_free(preflight);
	tr_identity_clear(&cli);
	tr_engine_free(engine);
	tr_fonts_free(fonts);
	tr_diag_free(d);
	g_free(datadir);
	g_free(o.output_dir);
	g_free(o.only);
	g_free(o.sheet);
	g_free(o.flip);
	g_free(o.tile);
	g_free(o.bleed);
	g_free(o.accent);
	g_free(o.name);
	g_free(o.lang);
	g_strfreev(o.layouts);
	g_strfreev(o.font_dirs);
	g_strfreev(o.files);
	g_option_context_free(ctx);
	return status;
}

/* Builds (r->write) or checks the content files of the run: loads and checks
 * the layouts, plans every output, then lays out and renders each content and
 * writes its files as one set. Messages go to d. Returns the exit status. */
static int build_run(const run *r, tr_diag *d)
{
	const options o = *r->o;
	const printing pr = *r->pr;
	GOptionContext *ctx = r->ctx;
	const bool write = r->write;
	const char *outdir = r->outdir, *datadir = r->datadir;
	const tr_identity cli = *r->cli;
	tr_fonts *fonts = r->fonts;
	tr_engine *engine = r->engine;
	tr_check *preflight = r->preflight;
	GError *err = NULL;
	int status = 0;
	GPtrArray *layouts = g_ptr_array_new_with_free_func((GDestroyNotify)tr_layoutdesc_free);
	GPtrArray *layout_files = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *standard = NULL; /* every standard layout, for the names they have */
	char *std_dir = NULL;
	tr_outplan *plan = NULL;
	GPtrArray *built = g_ptr_array_new(); /* the layouts built (--only), borrowed */

	/* Layouts: loaded and checked once for every content file (and again, for
	 * a content file whose organisation has its own colours and fonts). */
	std_dir = standard_dir(datadir);
	bool layout_ok = true;
	for (size_t i = 0; o.layouts ? o.layouts[i] != NULL : i < G_N_ELEMENTS(default_layouts);
	     i++) {
		char *file;
		if (!o.layouts) {
			/* A data file, not the user's: missing or odd is a system error,
			 * and only a regular file is read (a named pipe would block). */
			file = g_strdup_printf("%s/%s.yaml", std_dir, default_layouts[i]);
			GStatBuf st;
			if (g_stat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
				if (g_file_test(file, G_FILE_TEST_EXISTS))
					say("error", _("the standard layout %s is not a regular file: "
					               "tractage's data folder %s is incomplete "
					               "(TRACTAGE_DATADIR names another)"), file, datadir);
				else
					say("error", _("the standard layout %s is missing: tractage's data "
					               "folder %s is incomplete (TRACTAGE_DATADIR names "
					               "another)"), file, datadir);
				g_free(file);
				status = EXIT_USAGE;
				goto out;
			}
		} else {
			file = layout_file(o.layouts[i], std_dir, d);
		}
		if (file)
			g_ptr_array_add(layout_files, file);
		layout_ok &= file != NULL;
	}
	for (guint i = 0; r->inputs && i < layout_files->len; i++)
		g_ptr_array_add(r->inputs, g_strdup(layout_files->pdata[i]));
	layout_ok = load_layouts(layout_files, &cli, std_dir, layouts, d) && layout_ok;
	for (guint i = 0; i < layouts->len; i++)
		layout_ok &= tr_engine_check_fonts(engine, layouts->pdata[i], d);
	if (!layout_ok) {
		tr_diag_flush(d, stderr);
		status = tr_fonts_damaged(fonts) ? EXIT_USAGE : EXIT_CONTENT;
		goto out;
	}
	tr_diag_flush(d, stderr);
	/* The layouts built, and the sheet and tile options need one of their kind. */
	bool has_tract = false, has_poster = false;
	for (guint i = 0; i < layouts->len; i++) {
		const tr_layoutdesc *ld = layouts->pdata[i];
		if (o.only && strcmp(o.only, ld->kind) != 0)
			continue;
		g_ptr_array_add(built, (gpointer)ld);
		has_tract |= strcmp(ld->kind, "tract") == 0;
		has_poster |= strcmp(ld->kind, "poster") == 0;
	}
	if (o.only && !has_tract && !has_poster) {
		status = usage_error(ctx, _("--only %s: none of the layouts is of that kind, so "
		                     "nothing would be built"), o.only);
		goto out;
	}
	if (pr.sheet_tracts && !has_tract) {
		status = usage_error(ctx, "%s", _("--sheet a4-2up puts tracts on sheets, but no tract "
		                     "layout is being built"));
		goto out;
	}
	if (pr.tile && !has_poster) {
		status = usage_error(ctx, "%s", _("--tile puts a poster on sheets, but no poster layout "
		                     "is being built"));
		goto out;
	}

	for (guint i = 0; pr.png && i < built->len; i++) {
		const tr_layoutdesc *ld = built->pdata[i];
		double pixels;
		int best = tr_png_max_dpi(ld, pr.dpi, &pixels);
		if (pixels <= TR_PNG_MAX_PIXELS)
			continue;
		/* TRANSLATORS: the subject of the two next messages */
		char *what = g_strdup_printf(NG_("--png at %g dpi: the previews of %s (%zu page of "
		                                 "%g × %g mm)", "--png at %g dpi: the previews of %s "
		                                 "(%zu pages of %g × %g mm)", ld->n_pages),
		                             pr.dpi, ld->path, ld->n_pages, ld->width, ld->height);
		/* TRANSLATORS: %s is "--png at 150 dpi: the previews of LAYOUT (2 pages of ...)" */
		char *held = isinf(pixels) ? g_strdup_printf(_("%s would be wider or taller than "
		                                               "32 767 pixels"), what) :
		             g_strdup_printf(_("%s would hold %.0f million pixels, more than the "
		                               "%.0f million allowed"), what, pixels / 1e6,
		                             TR_PNG_MAX_PIXELS / 1e6);
		/* TRANSLATORS: %s is "the previews of ... would hold ... pixels ..." */
		if (best)
			status = usage_error(ctx, _("%s: use a lower --dpi, %d or less"), held, best);
		else
			status = usage_error(ctx, _("%s: this layout is too big for previews"), held);
		g_free(held);
		g_free(what);
		goto out;
	}

	/* Every file of the run is named and checked before any is rendered. */
	tr_outopts oo = { .mono = pr.mono, .print_shop = pr.print_shop, .sheet = pr.sheet,
		          .sheet_paper = pr.sheet_paper, .sheet_tracts = pr.sheet_tracts,
		          .tiles = pr.tile, .tile_paper = pr.paper, .tiles_fit = pr.fit,
		          .png = pr.png };
	plan = tr_outplan_new(outdir, (const tr_layoutdesc *const *)built->pdata, built->len,
	                      &oo);
	for (char **f = o.files + 1; *f; f++)
		if (!(strcmp(*f, "-") == 0 ? tr_outplan_add_named(plan, TR_STDIN_NAME,
		                                                   o.name ? o.name : "stdin", &err)
		                           : tr_outplan_add(plan, *f, &err))) {
			status = system_error(err);
			goto out;
		}
	char *note = NULL;
	if (!tr_outplan_check(plan, &err, &note)) {
		/* check writes nothing: two contents of one name are worth checking */
		say(write ? "error" : "warning", "%s", err->message);
		say("note", "%s", note);
		g_clear_error(&err);
		g_free(note);
		if (write) {
			status = EXIT_USAGE;
			goto out;
		}
	}
	if (write) {
		int stale = tr_output_clean_stale(outdir);
		if (stale)
			say("note", NG_("removed %d temporary file that an interrupted build left in %s",
			                "removed %d temporary files that an interrupted build left in %s",
			                stale), stale, outdir);
	}

	for (size_t fi = 0; o.files[fi + 1]; fi++) {
		const char *f = o.files[fi + 1];
		if (r->inputs)
			g_ptr_array_add(r->inputs, g_strdup(f));
		tr_event *ev = strcmp(f, "-") == 0 ? tr_content_load_stdin(d) : tr_content_load(f, d);
		if (!ev) {
			tr_diag_flush(d, stderr);
			status = MAX(status, EXIT_CONTENT);
			continue;
		}
		add_inputs(r, ev);
		if (preflight)
			tr_check_content(preflight, ev, d);
		/* One document per layout built, NULL where it could not be made. */
		GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)tr_doc_free);
		/* The organisation's colours and fonts (then --accent) in the layouts. */
		GPtrArray *own = g_ptr_array_new_with_free_func((GDestroyNotify)tr_layoutdesc_free);
		GPtrArray *use = g_ptr_array_new(); /* the layout of each doc, borrowed */
		bool ok = true;
		/* An output must not replace a picture this content file uses. */
		const char *pictures[3] = { NULL, NULL, NULL };
		size_t n_pictures = 0;
		if (ev->organiser.logo.file)
			pictures[n_pictures++] = ev->organiser.logo.file;
		if (ev->image.file)
			pictures[n_pictures++] = ev->image.file;
		if (!tr_outplan_check_pictures(plan, fi, pictures, &err, &note)) {
			fprintf(stderr, "tractage: %s: %s\ntractage: note: %s\n",
			        write ? "error" : "warning", err->message, note);
			g_clear_error(&err);
			g_clear_pointer(&note, g_free);
			if (write) {
				status = EXIT_USAGE;
				goto next;
			}
		}
		if (!tr_identity_empty(&ev->identity)) {
			tr_identity id = { 0 };
			tr_identity_merge(&id, &ev->identity);
			tr_identity_merge(&id, &cli);
			if (!standard) {
				/* The names of the standard layouts too: an organisation
				 * file is written for all of them. */
				standard = g_ptr_array_new_with_free_func(
					(GDestroyNotify)tr_layoutdesc_free);
				GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
				char **names = standard_names(std_dir);
				for (char **n = names; *n; n++)
					g_ptr_array_add(files, g_strdup_printf("%s/%s.yaml", std_dir, *n));
				load_layouts(files, NULL, std_dir, standard, d);
				g_strfreev(names);
				g_ptr_array_unref(files);
			}
			ok = check_identity(&ev->identity, fonts, layouts, standard, d) &&
			     load_layouts(layout_files, &id, std_dir, own, d);
			tr_identity_clear(&id);
			for (guint i = 0; ok && i < own->len; i++) {
				const tr_layoutdesc *ld = own->pdata[i];
				if (!o.only || strcmp(o.only, ld->kind) == 0)
					g_ptr_array_add(use, (gpointer)ld);
			}
		} else {
			g_ptr_array_extend(use, built, NULL, NULL);
		}
		/* Each document stands on its own: a poster that cannot be made does
		 * not stop the tract. */
		size_t made = 0;
		for (guint i = 0; ok && i < use->len; i++) {
			const tr_layoutdesc *ld = use->pdata[i];
			tr_doc *doc = tr_engine_run(engine, ev, ld, d);
			if (doc && !check_printed(fonts, doc, d)) {
				tr_doc_free(doc);
				doc = NULL;
			}
			if (doc) {
				tr_media_check(doc, ev, d);
				if (preflight)
					tr_check_doc(preflight, ev, doc, ld, d);
				made++;
			} else {
				status = MAX(status, tr_fonts_damaged(fonts) ? EXIT_USAGE : EXIT_CONTENT);
			}
			g_ptr_array_add(docs, doc);
		}
		tr_diag_flush(d, stderr);
		if (!ok) {
			status = MAX(status, EXIT_CONTENT);
			goto next;
		}
		/* Render everything in memory first, then write the files as one set:
		 * a content file gives all its files or none, and never files of two
		 * versions side by side. */
		GPtrArray *set = tr_outplan_set(plan, fi);
		gint64 date = build_date(f);
		for (guint i = 0; i < docs->len && ok; i++) {
			tr_doc *doc = docs->pdata[i];
			if (!doc)
				continue;
			if (o.dump) {
				char *dump = tr_doc_dump(doc);
				fputs(dump, stdout);
				g_free(dump);
			}
			if (!render_doc(doc, use->pdata[i], i, &pr, date, set, d, &err)) {
				say("error", "%s: %s", f, err->message);
				g_clear_error(&err);
				status = EXIT_USAGE;
				ok = false;
			}
		}
		tr_diag_flush(d, stderr);
		/* watch (r->inputs) keeps the files of its last good build until
		 * every document can be made again. */
		if (ok && write && made > 0 && !(r->inputs && made < use->len)) {
			if (!tr_outplan_write_set(plan, set, &err)) {
				status = system_error(err);
				err = NULL;
				ok = false;
			}
			for (guint i = 0; ok && i < set->len; i++) {
				const tr_output *out = set->pdata[i];
				char *path = tr_outplan_path(plan, out);
				if (out->bytes)
					printf("%s\n", path);
				else if (out->removed)
					say("note", _("removed %s: it was made from an earlier version of %s, "
					              "and this one could not be laid out in %s"), path, f,
					    ((const tr_layoutdesc *)use->pdata[out->layout])->name);
				else if (out->left)
					say("warning", _("left %s as it is: this version of %s could not be "
					                 "laid out in %s, but that is not a file tractage wrote "
					                 "(a link, a folder or another program's file)"), path, f,
					    ((const tr_layoutdesc *)use->pdata[out->layout])->name);
				g_free(path);
			}
		}
		/* The rendered bytes are not needed any more. */
		for (guint i = 0; i < set->len; i++)
			g_clear_pointer(&((tr_output *)set->pdata[i])->bytes, g_bytes_unref);
next:
		g_ptr_array_unref(use);
		g_ptr_array_unref(docs);
		g_ptr_array_unref(own);
		tr_event_free(ev);
		if (fflush(stdout) != 0 || (write && tr_output_stdout_closed())) {
			say("error", _("cannot write to standard output: %s"),
			    g_strerror(tr_output_stdout_closed() ? EBADF : errno));
			status = EXIT_USAGE;
			goto out;
		}
	}
out:
	tr_outplan_free(plan);
	g_ptr_array_unref(built);
	g_ptr_array_unref(layouts);
	g_ptr_array_unref(layout_files);
	if (standard)
		g_ptr_array_unref(standard);
	g_free(std_dir);
	return status;
}
