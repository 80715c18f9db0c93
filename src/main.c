/* main.c — the command line: options, orchestration, exit status.
 *
 *   tractage build [OPTIONS] CONTENT.yaml...   write the PDFs
 *   tractage check [OPTIONS] CONTENT.yaml...   load, lay out, report; write nothing
 *
 * Print options add files next to the plain PDFs: --sheet a4-2up (photocopier
 * sheets), --tile a4|a3 (a poster on small sheets), --print-shop (bleed, marks,
 * boxes), --png (previews); --mono turns every output black and white.
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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "layout/engine.h"
#include "load/content.h"
#include "load/layoutdesc.h"
#include "render/impose.h"
#include "render/mono.h"
#include "render/pdf.h"
#include "render/output.h"
#include "render/png.h"
#include "render/printshop.h"
#include "typo/fonts.h"

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

/* --dpi not given (0 is a value, and a wrong one). */
#define DPI_UNSET INT_MIN

static const char *const default_layouts[] = { "tract-a5.yaml", "poster-a3.yaml" };

typedef struct {
	char *output_dir;
	char *only;
	char **layouts;
	gboolean dump;
	gboolean version;
	char **files;
	/* printing, as given */
	char *sheet, *flip, *tile, *bleed;
	gboolean fit, print_shop, mono, png;
	int dpi;
} options;

/* The print options, checked. */
typedef struct {
	bool two_up;
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

/* Where layouts/ and fonts/ are: $TRACTAGE_DATADIR, the source tree when this
 * binary runs from its build tree, else the installed data folder. */
static char *find_datadir(void)
{
	const char *env = g_getenv("TRACTAGE_DATADIR");
	if (env && *env)
		return g_strdup(env);
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	bool in_build = exe && g_str_has_prefix(exe, TR_BUILD_ROOT "/");
	g_free(exe);
	const char *dir = in_build ? TR_SOURCE_DIR : TR_DATADIR;
	/* Messages name layout files relative to the current folder when they can. */
	char *cwd = g_get_current_dir();
	char *rel = NULL;
	if (strcmp(cwd, dir) == 0)
		rel = g_strdup(".");
	else if (g_str_has_prefix(dir, cwd) && dir[strlen(cwd)] == '/')
		rel = g_strdup(dir + strlen(cwd) + 1);
	g_free(cwd);
	return rel ? rel : g_strdup(dir);
}

/* The creation date written into the PDFs: $SOURCE_DATE_EPOCH, else the content
 * file's modification time, so that building the same file twice gives the same
 * bytes. */
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
	if (g_stat(content, &st) == 0)
		return st.st_mtime;
	return 0;
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

static int usage_error(GOptionContext *ctx, const char *fmt, const char *arg)
{
	fprintf(stderr, "tractage: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tractage --help'.\n");
	(void)ctx;
	return EXIT_USAGE;
}

/* Checks the print options into pr; returns 0 or EXIT_USAGE (message given). */
static int check_printing(GOptionContext *ctx, const options *o, printing *pr)
{
	if (o->sheet) {
		if (strcmp(o->sheet, "a4-2up") != 0)
			return usage_error(ctx, "--sheet takes \"a4-2up\", not \"%s\"", o->sheet);
		pr->two_up = true;
	}
	if (o->flip) {
		if (!o->sheet)
			return usage_error(ctx, "%s", "--flip goes with --sheet a4-2up");
		if (strcmp(o->flip, "long") == 0)
			pr->flip = TR_FLIP_LONG;
		else if (strcmp(o->flip, "short") != 0)
			return usage_error(ctx, "--flip takes \"short\" or \"long\", not \"%s\"",
			                   o->flip);
	}
	if (o->tile) {
		if (g_ascii_strcasecmp(o->tile, "a4") == 0)
			pr->paper = TR_PAPER_A4;
		else if (g_ascii_strcasecmp(o->tile, "a3") == 0)
			pr->paper = TR_PAPER_A3;
		else
			return usage_error(ctx, "--tile takes \"a4\" or \"a3\", not \"%s\"", o->tile);
		pr->tile = true;
	}
	if (o->fit && !o->tile)
		return usage_error(ctx, "%s", "--fit goes with --tile a4 or --tile a3");
	pr->fit = o->fit;
	pr->print_shop = o->print_shop;
	if (o->bleed) {
		if (!o->print_shop)
			return usage_error(ctx, "%s", "--bleed goes with --print-shop");
		if (!parse_length(o->bleed, &pr->bleed_mm) || pr->bleed_mm < 0 ||
		    pr->bleed_mm > 10)
			return usage_error(ctx, "--bleed takes a length from 0 to 10 mm, such as 3mm or "
			                   "5mm, not \"%s\"", o->bleed);
	}
	pr->mono = o->mono;
	pr->png = o->png;
	if (o->dpi != DPI_UNSET) {
		if (!o->png)
			return usage_error(ctx, "%s", "--dpi goes with --png");
		if (o->dpi < TR_PNG_DPI_MIN || o->dpi > TR_PNG_DPI_MAX) {
			char *n = g_strdup_printf("%d", o->dpi);
			int st = usage_error(ctx, "--dpi takes a number from "
			                     G_STRINGIFY(TR_PNG_DPI_MIN) " to "
			                     G_STRINGIFY(TR_PNG_DPI_MAX) ", not %s", n);
			g_free(n);
			return st;
		}
		pr->dpi = o->dpi;
	}
	return 0;
}

/* Renders the outputs of set made from doc (those of layout number `layout`):
 * the plain PDF, the print-shop file, the 2-up sheets, the tiles, the
 * previews. Notes and warnings go to d. Returns false with err set on a
 * system error. */
static bool render_doc(const tr_doc *doc, const tr_layoutdesc *ld, size_t layout,
                       const printing *pr, gint64 date, GPtrArray *set, tr_diag *d,
                       GError **err)
{
	tr_mono *mono = pr->mono ? tr_mono_new(ld) : NULL;
	tr_draw_opts plain = { .mono = mono };
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
		case TR_OUT_2UP: {
			double scale = 1;
			out->bytes = tr_impose_2up(doc, mono, pr->flip, date, &scale, err);
			if (!out->bytes)
				break;
			tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS,
			            "%s: print both sides, flipping on the %s edge, then cut once "
			            "down the middle", out->name,
			            pr->flip == TR_FLIP_LONG ? "long" : "short");
			if (scale < 1)
				tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS,
				            "%s: the %s is scaled to %.1f %% so that its text clears "
				            "the printer's %g mm margin", out->name, doc->kind,
				            scale * 100, TR_PRINTER_MARGIN);
			break;
		}
		case TR_OUT_TILES: {
			tr_tiling t;
			out->bytes = tr_impose_tiles(doc, mono, pr->paper, pr->fit, date, &t, err);
			if (out->bytes)
				tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS,
				            "%s: %d %s sheets (%d × %d, %s) at %.*f %%; cut the left "
				            "and top margins at the marks, and glue each sheet over the "
				            "grey strips of its neighbours", out->name, t.cols * t.rows,
				            tr_paper_name(pr->paper), t.cols, t.rows,
				            t.landscape ? "landscape" : "portrait", t.scale < 1 ? 1 : 0,
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

/* Checks the glyphs of every line of doc as they will be printed (a damaged
 * font file can give glyphs without outlines). */
static bool check_printed(tr_fonts *fonts, const tr_doc *doc, tr_diag *d)
{
	for (size_t p = 0; p < doc->n_pages; p++)
		for (size_t i = 0; i < doc->pages[p].n_ops; i++) {
			const tr_op *op = &doc->pages[p].ops[i];
			if (op->kind == TR_OP_LINE && !tr_fonts_check_printed(fonts, op->layout,
			                                                        op->line, d))
				return false;
		}
	return true;
}

/* Reports a usage or system error in err (freed), returns EXIT_USAGE. */
static int system_error(GError *err)
{
	fprintf(stderr, "tractage: error: %s\n", err->message);
	g_error_free(err);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	tr_output_init();
	options o = { .dpi = DPI_UNSET };
	GOptionEntry entries[] = {
		{ "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &o.output_dir,
		  "Write the PDFs into DIR (default: the current folder)", "DIR" },
		{ "only", 0, 0, G_OPTION_ARG_STRING, &o.only,
		  "Build only the tract or only the poster", "tract|poster" },
		{ "layout", 'l', 0, G_OPTION_ARG_FILENAME_ARRAY, &o.layouts,
		  "Use this layout file instead of the standard ones (repeatable)", "FILE" },
		{ "dump", 0, 0, G_OPTION_ARG_NONE, &o.dump,
		  "Print the placed text of every page on standard output", NULL },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &o.version, "Print the version and exit", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.files, NULL, NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionEntry print_entries[] = {
		{ "sheet", 0, 0, G_OPTION_ARG_STRING, &o.sheet,
		  "Photocopier: 2 tracts per A4 sheet, duplex, one cut", "a4-2up" },
		{ "flip", 0, 0, G_OPTION_ARG_STRING, &o.flip,
		  "With --sheet: the edge the printer turns the sheet on (default: short)",
		  "short|long" },
		{ "tile", 0, 0, G_OPTION_ARG_STRING, &o.tile,
		  "A4 printer only: the poster on sheets to glue together (a3: on A3)", "a4|a3" },
		{ "fit", 0, 0, G_OPTION_ARG_NONE, &o.fit,
		  "With --tile: the poster scaled onto two sheets", NULL },
		{ "print-shop", 0, 0, G_OPTION_ARG_NONE, &o.print_shop,
		  "Print shop: bleed, crop marks, page boxes, pure black", NULL },
		{ "bleed", 0, 0, G_OPTION_ARG_STRING, &o.bleed,
		  "With --print-shop: the bleed on each side (default: 3mm)", "LEN" },
		{ "mono", 0, 0, G_OPTION_ARG_NONE, &o.mono,
		  "Black and white: every file in greys (names end in -mono)", NULL },
		{ "png", 0, 0, G_OPTION_ARG_NONE, &o.png,
		  "Also a PNG preview of each page", NULL },
		{ "dpi", 0, 0, G_OPTION_ARG_INT, &o.dpi,
		  "With --png: the resolution (default: 150)", "N" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("build|check CONTENT.yaml...");
	g_option_context_set_summary(ctx,
		"Turns an event described in YAML into print-ready PDFs: an A5 tract (recto,\n"
		"verso) and an A3 poster.\n\n"
		"Commands:\n"
		"  build    lay out and write <name>-tract-a5.pdf and <name>-poster-a3.pdf\n"
		"  check    lay out and report problems, without writing anything");
	g_option_context_set_description(ctx,
		"Exit status: 0 when everything was built, 1 when a content or layout file has\n"
		"an error (each message gives file:line:column), 2 for a usage or system error.\n\n"
		"The print options add files next to the plain PDFs (docs/printing.md):\n"
		"  --sheet: <name>-tract-a5-2up-a4.pdf    --print-shop: <name>-<layout>-print.pdf\n"
		"  --tile:  <name>-poster-a3-tiles-a4.pdf --png: <name>-<layout>-<page>.png\n\n"
		"Which print option do I need?\n"
		"  office photocopier, duplex:  --sheet a4-2up   (add --mono to save toner)\n"
		"  print shop:                  --print-shop     (--bleed 5mm if they ask)\n"
		"  A4 printer only, A3 poster:  --tile a4        (--fit: two sheets, smaller)\n\n"
		"Example:\n"
		"  tractage build --output-dir out content/riposte-au-tout-numerique.yaml\n"
		"  tractage build --sheet a4-2up --print-shop --png content/fete.yaml\n\n"
		"The content format: docs/content-format.md; layouts: docs/layout-format.md.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_add_main_entries(ctx, print_entries, NULL);
	GError *err = NULL;
	int status = 0;
	char *datadir = NULL;
	GPtrArray *layouts = g_ptr_array_new_with_free_func((GDestroyNotify)tr_layoutdesc_free);
	tr_fonts *fonts = NULL;
	tr_engine *engine = NULL;
	tr_outplan *plan = NULL;
	GPtrArray *built = g_ptr_array_new(); // the layouts built (--only), borrowed
	tr_diag *d = tr_diag_new();

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
		status = usage_error(ctx, "%s", "no command given: use 'build' or 'check'");
		goto out;
	}
	bool write = strcmp(o.files[0], "build") == 0;
	if (!write && strcmp(o.files[0], "check") != 0) {
		status = usage_error(ctx, "unknown command \"%s\": use 'build' or 'check'", o.files[0]);
		goto out;
	}
	if (!o.files[1]) {
		status = usage_error(ctx, "%s", "no content file given");
		goto out;
	}
	if (o.only && strcmp(o.only, "tract") != 0 && strcmp(o.only, "poster") != 0) {
		status = usage_error(ctx, "--only takes \"tract\" or \"poster\", not \"%s\"", o.only);
		goto out;
	}
	printing pr = { .flip = TR_FLIP_SHORT, .bleed_mm = 3, .dpi = 150 };
	status = check_printing(ctx, &o, &pr);
	if (status)
		goto out;
	for (char **f = o.files + 1; *f; f++)
		if (!**f) {
			status = usage_error(ctx, "%s", "an empty argument was given where a content "
			                     "file was expected");
			goto out;
		}
	for (char **l = o.layouts; l && *l; l++)
		if (!**l) {
			status = usage_error(ctx, "%s", "--layout was given an empty file name");
			goto out;
		}
	if (o.output_dir && !*o.output_dir) {
		status = usage_error(ctx, "%s", "--output-dir was given an empty folder name");
		goto out;
	}
	const char *outdir = o.output_dir ? o.output_dir : ".";
	if (!tr_output_path_ok("the output folder", outdir, &err)) {
		status = system_error(err);
		goto out;
	}
	for (char **f = o.files + 1; *f; f++)
		if (!tr_output_path_ok("the content file", *f, &err)) {
			status = system_error(err);
			goto out;
		}
	if (write && !g_file_test(outdir, G_FILE_TEST_IS_DIR)) {
		char *to = g_file_test(outdir, G_FILE_TEST_IS_SYMLINK) ?
		                   g_file_read_link(outdir, NULL) : NULL;
		if (to && !g_file_test(outdir, G_FILE_TEST_EXISTS))
			fprintf(stderr, "tractage: error: the output folder %s is a symbolic link to "
			        "%s, which does not exist\n", outdir, to);
		else
			fprintf(stderr, "tractage: error: the output folder %s %s\n", outdir,
			        g_file_test(outdir, G_FILE_TEST_EXISTS) ? "is not a folder"
			                                                : "does not exist (create it first)");
		g_free(to);
		status = EXIT_USAGE;
		goto out;
	}
	if (write && access(outdir, W_OK) != 0) {
		fprintf(stderr, "tractage: error: cannot write into the output folder %s: %s\n",
		        outdir, g_strerror(errno));
		status = EXIT_USAGE;
		goto out;
	}

	datadir = find_datadir();
	fonts = tr_fonts_new(datadir, &err);
	if (!fonts) {
		status = system_error(err);
		goto out;
	}
	engine = tr_engine_new(fonts);

	/* Layouts: loaded and checked once for every content file. */
	bool layout_ok = true;
	if (o.layouts) {
		for (char **l = o.layouts; *l; l++) {
			tr_layoutdesc *ld = tr_layoutdesc_load(*l, d);
			if (!ld)
				layout_ok = false;
			else
				g_ptr_array_add(layouts, ld);
		}
	} else {
		for (size_t i = 0; i < G_N_ELEMENTS(default_layouts); i++) {
			// "layouts/x.yaml" rather than "./layouts/x.yaml" in messages
			char *path = strcmp(datadir, ".") == 0
				             ? g_build_filename("layouts", default_layouts[i], NULL)
				             : g_build_filename(datadir, "layouts", default_layouts[i], NULL);
			/* A data file, not the user's: missing or odd is a system error,
			 * and only a regular file is read (a named pipe would block). */
			GStatBuf st;
			if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
				fprintf(stderr, "tractage: error: the standard layout %s %s: tractage's "
				        "data folder %s is incomplete (TRACTAGE_DATADIR names another)\n",
				        path, g_file_test(path, G_FILE_TEST_EXISTS) ? "is not a regular file"
				                                                   : "is missing", datadir);
				g_free(path);
				status = EXIT_USAGE;
				goto out;
			}
			tr_layoutdesc *ld = tr_layoutdesc_load(path, d);
			g_free(path);
			if (!ld)
				layout_ok = false;
			else
				g_ptr_array_add(layouts, ld);
		}
	}
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
		status = usage_error(ctx, "--only %s: none of the layouts is of that kind, so "
		                     "nothing would be built", o.only);
		goto out;
	}
	if (pr.two_up && !has_tract) {
		status = usage_error(ctx, "%s", "--sheet a4-2up puts tracts on sheets, but no tract "
		                     "layout is being built");
		goto out;
	}
	if (pr.tile && !has_poster) {
		status = usage_error(ctx, "%s", "--tile puts a poster on sheets, but no poster layout "
		                     "is being built");
		goto out;
	}

	for (guint i = 0; pr.png && i < built->len; i++) {
		const tr_layoutdesc *ld = built->pdata[i];
		double pixels;
		int best = tr_png_max_dpi(ld, pr.dpi, &pixels);
		if (pixels <= TR_PNG_MAX_PIXELS)
			continue;
		char *held = isinf(pixels) ? g_strdup("be wider or taller than 32 767 pixels") :
		             g_strdup_printf("hold %.0f million pixels, more than the %.0f million "
		                             "allowed", pixels / 1e6, TR_PNG_MAX_PIXELS / 1e6);
		char *msg = g_strdup_printf("--png at %g dpi: the previews of %s (%zu page%s of %g × "
		                            "%g mm) would %s: %s", pr.dpi, ld->path, ld->n_pages,
		                            ld->n_pages > 1 ? "s" : "", ld->width, ld->height, held,
		                            best ? "use a lower --dpi" : "this layout is too big "
		                            "for previews");
		g_free(held);
		if (best) {
			char *with = g_strdup_printf("%s, %d or less", msg, best);
			g_free(msg);
			msg = with;
		}
		status = usage_error(ctx, "%s", msg);
		g_free(msg);
		goto out;
	}

	/* Every file of the run is named and checked before any is rendered. */
	char *paper = g_ascii_strdown(tr_paper_name(pr.paper), -1);
	tr_outopts oo = { .mono = pr.mono, .print_shop = pr.print_shop, .two_up = pr.two_up,
		          .tiles = pr.tile ? paper : NULL, .tiles_fit = pr.fit, .png = pr.png };
	plan = tr_outplan_new(outdir, (const tr_layoutdesc *const *)built->pdata, built->len,
	                      &oo);
	g_free(paper);
	for (char **f = o.files + 1; *f; f++)
		if (!tr_outplan_add(plan, *f, &err)) {
			status = system_error(err);
			goto out;
		}
	char *note = NULL;
	if (!tr_outplan_check(plan, &err, &note)) {
		/* check writes nothing: two contents of one name are worth checking */
		fprintf(stderr, "tractage: %s: %s\ntractage: note: %s\n", write ? "error" : "warning",
		        err->message, note);
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
			fprintf(stderr, "tractage: note: removed %d temporary file%s that an "
			        "interrupted build left in %s\n", stale, stale > 1 ? "s" : "", outdir);
	}

	for (size_t fi = 0; o.files[fi + 1]; fi++) {
		const char *f = o.files[fi + 1];
		tr_event *ev = tr_content_load(f, d);
		if (!ev) {
			tr_diag_flush(d, stderr);
			status = MAX(status, EXIT_CONTENT);
			continue;
		}
		GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)tr_doc_free);
		bool ok = true;
		for (guint i = 0; i < built->len; i++) {
			tr_doc *doc = tr_engine_run(engine, ev, built->pdata[i], d);
			if (doc && !check_printed(fonts, doc, d)) {
				tr_doc_free(doc);
				doc = NULL;
			}
			ok &= doc != NULL;
			g_ptr_array_add(docs, doc);
		}
		tr_diag_flush(d, stderr);
		if (!ok) {
			status = MAX(status, tr_fonts_damaged(fonts) ? EXIT_USAGE : EXIT_CONTENT);
			goto next;
		}
		/* Render everything in memory first, then write the files as one set:
		 * a content file gives all its files or none. */
		GPtrArray *set = tr_outplan_set(plan, fi);
		gint64 date = build_date(f);
		for (guint i = 0; i < docs->len && ok; i++) {
			tr_doc *doc = docs->pdata[i];
			if (o.dump) {
				char *dump = tr_doc_dump(doc);
				fputs(dump, stdout);
				g_free(dump);
			}
			if (!render_doc(doc, built->pdata[i], i, &pr, date, set, d, &err)) {
				fprintf(stderr, "tractage: error: %s: %s\n", f, err->message);
				g_clear_error(&err);
				status = EXIT_USAGE;
				ok = false;
			}
		}
		tr_diag_flush(d, stderr);
		if (ok && write) {
			if (!tr_outplan_write_set(plan, set, &err)) {
				status = system_error(err);
				err = NULL;
				ok = false;
			}
			for (guint i = 0; ok && i < set->len; i++) {
				char *path = tr_outplan_path(plan, set->pdata[i]);
				printf("%s\n", path);
				g_free(path);
			}
		}
		/* The rendered bytes are not needed any more. */
		for (guint i = 0; i < set->len; i++)
			g_clear_pointer(&((tr_output *)set->pdata[i])->bytes, g_bytes_unref);
next:
		g_ptr_array_unref(docs);
		tr_event_free(ev);
		if (fflush(stdout) != 0 || (write && tr_output_stdout_closed())) {
			fprintf(stderr, "tractage: error: cannot write to standard output: %s\n",
			        g_strerror(tr_output_stdout_closed() ? EBADF : errno));
			status = EXIT_USAGE;
			goto out;
		}
	}
out:
	tr_outplan_free(plan);
	g_ptr_array_unref(built);
	g_ptr_array_unref(layouts);
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
	g_strfreev(o.layouts);
	g_strfreev(o.files);
	g_option_context_free(ctx);
	return status;
}
