/* main.c — the command line: options, orchestration, exit status.
 *
 *   tractage build [OPTIONS] CONTENT.yaml...   write the PDFs
 *   tractage check [OPTIONS] CONTENT.yaml...   load, lay out, report; write nothing
 *
 * Exit status: 0 all built; 1 a content or layout error (the message says where);
 * 2 a usage or system error (bad option, unwritable output folder, missing data).
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "layout/engine.h"
#include "load/content.h"
#include "load/layoutdesc.h"
#include "render/pdf.h"
#include "typo/fonts.h"

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

static const char *const default_layouts[] = { "tract-a5.yaml", "poster-a3.yaml" };

typedef struct {
	char *output_dir;
	char *only;
	char **layouts;
	gboolean dump;
	gboolean version;
	char **files;
} options;

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

/* "content/fete.yaml" → "fete". */
static char *content_stem(const char *path)
{
	char *base = g_path_get_basename(path);
	static const char *const exts[] = { ".yaml", ".yml" };
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++)
		if (g_str_has_suffix(base, exts[i]) && strlen(base) > strlen(exts[i])) {
			base[strlen(base) - strlen(exts[i])] = '\0';
			break;
		}
	return base;
}

static int usage_error(GOptionContext *ctx, const char *fmt, const char *arg)
{
	fprintf(stderr, "tractage: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tractage --help'.\n");
	(void)ctx;
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	options o = { 0 };
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
		"Example:\n"
		"  tractage build --output-dir out content/riposte-au-tout-numerique.yaml\n\n"
		"The content format: docs/content-format.md; layouts: docs/layout-format.md.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	GError *err = NULL;
	int status = 0;
	char *datadir = NULL;
	GPtrArray *layouts = g_ptr_array_new_with_free_func((GDestroyNotify)tr_layoutdesc_free);
	tr_fonts *fonts = NULL;
	tr_engine *engine = NULL;
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
	const char *outdir = o.output_dir ? o.output_dir : ".";
	if (write && !g_file_test(outdir, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, "tractage: error: the output folder %s %s\n", outdir,
		        g_file_test(outdir, G_FILE_TEST_EXISTS) ? "is not a folder"
		                                               : "does not exist (create it first)");
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
		fprintf(stderr, "tractage: error: %s\n", err->message);
		g_error_free(err);
		status = EXIT_USAGE;
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
			char *path = g_build_filename(datadir, "layouts", default_layouts[i], NULL);
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
		status = EXIT_CONTENT;
		goto out;
	}
	tr_diag_flush(d, stderr);

	for (char **f = o.files + 1; *f; f++) {
		tr_event *ev = tr_content_load(*f, d);
		if (!ev) {
			tr_diag_flush(d, stderr);
			status = MAX(status, EXIT_CONTENT);
			continue;
		}
		GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)tr_doc_free);
		bool ok = true;
		for (guint i = 0; i < layouts->len; i++) {
			const tr_layoutdesc *ld = layouts->pdata[i];
			if (o.only && strcmp(o.only, ld->kind) != 0)
				continue;
			tr_doc *doc = tr_engine_run(engine, ev, ld, d);
			if (!doc)
				ok = false;
			else
				g_ptr_array_add(docs, doc);
		}
		tr_diag_flush(d, stderr);
		if (!ok) {
			status = MAX(status, EXIT_CONTENT);
			goto next;
		}
		/* Render everything in memory first: a content file gives all its
		 * PDFs or none. */
		GPtrArray *pdfs = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
		gint64 date = build_date(*f);
		for (guint i = 0; i < docs->len && ok; i++) {
			tr_doc *doc = docs->pdata[i];
			if (o.dump) {
				char *dump = tr_doc_dump(doc);
				fputs(dump, stdout);
				g_free(dump);
			}
			GBytes *pdf = tr_pdf_render(doc, date, &err);
			if (!pdf) {
				fprintf(stderr, "tractage: error: %s: %s\n", *f, err->message);
				g_clear_error(&err);
				status = EXIT_USAGE;
				ok = false;
			} else {
				g_ptr_array_add(pdfs, pdf);
			}
		}
		char *stem = content_stem(*f);
		for (guint i = 0; i < pdfs->len && ok && write; i++) {
			tr_doc *doc = docs->pdata[i];
			char *name = g_strdup_printf("%s-%s.pdf", stem, doc->name);
			char *path = g_build_filename(outdir, name, NULL);
			if (!tr_write_atomic(path, pdfs->pdata[i], &err)) {
				fprintf(stderr, "tractage: error: cannot write %s: %s\n", path,
				        err->message);
				g_clear_error(&err);
				status = EXIT_USAGE;
				ok = false;
			} else {
				printf("%s\n", path);
			}
			g_free(name);
			g_free(path);
		}
		g_free(stem);
		g_ptr_array_unref(pdfs);
next:
		g_ptr_array_unref(docs);
		tr_event_free(ev);
	}
	if (fflush(stdout) != 0 && status == 0) {
		fprintf(stderr, "tractage: error: cannot write to standard output: %s\n",
		        g_strerror(errno));
		status = EXIT_USAGE;
	}
out:
	g_ptr_array_unref(layouts);
	tr_engine_free(engine);
	tr_fonts_free(fonts);
	tr_diag_free(d);
	g_free(datadir);
	g_free(o.output_dir);
	g_free(o.only);
	g_strfreev(o.layouts);
	g_strfreev(o.files);
	g_option_context_free(ctx);
	return status;
}
