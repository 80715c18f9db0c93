/* fuzz-common.c — set-up shared by the fuzz targets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz-common.h"
#include "load/content.h"
#include "render/pdf.h"

static void die_with(tr_diag *d, const char *what)
{
	char *msg = tr_diag_format(d);
	fprintf(stderr, "fuzz: cannot set up (%s):\n%s", what, msg);
	g_free(msg);
	abort();
}

void tr_fuzz_env_init(tr_fuzz_env *env, bool with_layouts)
{
	const char *datadir = g_getenv("TRACTAGE_DATADIR");
	if (!datadir || !*datadir)
		datadir = TR_SOURCE_DIR;
	g_setenv("LC_ALL", "C.UTF-8", TRUE);
	GError *err = NULL;
	memset(env, 0, sizeof *env);
	env->fonts = tr_fonts_new(datadir, &err);
	if (!env->fonts) {
		fprintf(stderr, "fuzz: %s\n", err->message);
		abort();
	}
	env->engine = tr_engine_new(env->fonts);
	env->check = tr_check_new(&err);
	if (!env->check) {
		fprintf(stderr, "fuzz: %s\n", err->message);
		abort();
	}
	tr_check_set_suggestions(env->check, false);
	tr_diag *d = tr_diag_new();
	if (with_layouts) {
		static const char *const names[] = { "tract-a5.yaml", "poster-a3.yaml" };
		for (size_t i = 0; i < 2; i++) {
			char *path = g_build_filename(datadir, "layouts", names[i], NULL);
			env->layouts[i] = tr_layoutdesc_load(path, d);
			g_free(path);
			if (!env->layouts[i] || !tr_engine_check_fonts(env->engine, env->layouts[i], d))
				die_with(d, names[i]);
		}
		env->n_layouts = 2;
	} else {
		char *path = g_build_filename(datadir, "content", "riposte-au-tout-numerique.yaml",
		                              NULL);
		env->sample = tr_content_load(path, d);
		g_free(path);
		if (!env->sample)
			die_with(d, "sample content");
	}
	tr_diag_free(d);
}

void tr_fuzz_check_diag(const tr_diag *d, bool ok, const char *step)
{
	size_t errors = tr_diag_count(d, TR_SEV_ERROR);
	char *msg = tr_diag_format(d);
	const char *why = NULL;
	if (!ok && errors == 0)
		why = "failed without an error message";
	else if (ok && errors != 0)
		why = "succeeded with an error message";
	else if (!g_utf8_validate(msg, -1, NULL))
		why = "wrote a message that is not valid UTF-8";
	if (why) {
		fprintf(stderr, "fuzz: %s %s:\n%s", step, why, msg);
		abort();
	}
	g_free(msg);
}

void tr_fuzz_lay_out_and_render(tr_fuzz_env *env, const tr_event *ev, const tr_layoutdesc *ld,
                                tr_diag *d)
{
	tr_doc *doc = tr_engine_run(env->engine, ev, ld, d);
	/* The engine adds warnings too: only a failure is checked here. */
	if (!doc) {
		tr_fuzz_check_diag(d, false, "tr_engine_run");
		return;
	}
	g_free(tr_doc_dump(doc));
	tr_check_doc(env->check, ev, doc, ld, d);
	/* Nothing may be drawn past the page: text the engine accepted but could
	 * not fit across its frame would be lost at the edge. (This found 59
	 * inputs of a 45-minute corpus before the engine learnt to refuse a word
	 * wider than a justified column; TR_FUZZ_NO_WIDTH_CHECK=1 turns it off.) */
	if (!g_getenv("TR_FUZZ_NO_WIDTH_CHECK")) {
		for (size_t p = 0; p < doc->n_pages; p++)
			for (size_t i = 0; i < doc->pages[p].n_ops; i++) {
				const tr_op *op = &doc->pages[p].ops[i];
				if (op->kind != TR_OP_LINE)
					continue;
				double ink[4];
				if (!tr_textline_ink_box(op->text, ink))
					continue;
				double left = op->x + ink[0];
				double right = op->x + ink[2];
				if (left < -1 || right > doc->width + 1) {
					fprintf(stderr, "fuzz: a line of frame %s spans x = %.1f to "
					        "%.1f pt, outside the %.1f pt wide page\n", op->frame,
					        left, right, doc->width);
					abort();
				}
			}
	}
	GError *err = NULL;
	GBytes *pdf = tr_pdf_render(doc, 1500000000, &err);
	if (!pdf) {
		/* The engine accepted the document: the renderer must draw it. */
		fprintf(stderr, "fuzz: tr_pdf_render failed: %s\n", err->message);
		abort();
	}
	gsize len;
	const char *bytes = g_bytes_get_data(pdf, &len);
	if (len < 8 || memcmp(bytes, "%PDF-", 5) != 0) {
		fprintf(stderr, "fuzz: the PDF does not start with %%PDF-\n");
		abort();
	}
	g_bytes_unref(pdf);
	tr_doc_free(doc);
}
