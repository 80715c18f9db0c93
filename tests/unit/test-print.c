/* test-print.c — the pieces of print production that need no PDF: the grey
 * pass over content streams, the black-and-white palette, the layout's mono:
 * map. (The files themselves are checked by tests/print/print.py.) */
#include <glib.h>
#include <string.h>

#include "diag.h"
#include "layout/engine.h"
#include "load/layoutdesc.h"
#include "render/mono.h"
#include "render/pdfpost.h"

/* ------------------------------------------------------------------ */
/* Grey pass */

typedef struct {
	const char *in, *out;
	int changed;
} grey_case;

static const grey_case grey_cases[] = {
	/* cairo's near-black ink becomes pure black */
	{ "0.113725 0.113725 0.105882 rg BT", "0 g BT", 1 },
	{ "1 1 1 RG 2 w", "1 G 2 w", 1 },
	{ "0.356863 0.356863 0.356863 rg", "0.3569 g", 1 },
	{ "0 0 0 RG\n0 0 0 rg", "0 G\n0 g", 2 },
	/* colours stay */
	{ "0.701961 0.0745098 0.168627 rg", "0.701961 0.0745098 0.168627 rg", 0 },
	/* not operands: strings, names, dictionaries */
	{ "(0 0 0 rg) Tj 0.5 0.5 0.5 rg", "(0 0 0 rg) Tj 0.5 g", 1 },
	{ "(a\\) 0 0 0 rg (b)) Tj", "(a\\) 0 0 0 rg (b)) Tj", 0 },
	{ "[(x)-34(0 0 0 rg)]TJ", "[(x)-34(0 0 0 rg)]TJ", 0 },
	{ "<3020 3020> Tj /Document << /MCID 0 >> BDC 0 0 0 rg",
	  "<3020 3020> Tj /Document << /MCID 0 >> BDC 0 g", 1 },
	{ "/F1 0 0 0 rg", "/F1 0 g", 1 },
	{ "0.5 0.5 rg", "0.5 0.5 rg", 0 },
	{ "1 0.2 0.2 0.2 RG", "1 0.2 G", 1 },
	{ "% 0 0 0 rg\n1 1 1 rg", "% 0 0 0 rg\n1 g", 1 },
	/* inline images: the rest is left alone */
	{ "BI /W 1 ID \x01\x02 EI 0 0 0 rg", "BI /W 1 ID \x01\x02 EI 0 0 0 rg", 0 },
	{ "", "", 0 },
};

static void test_grey_stream(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(grey_cases); i++) {
		const grey_case *c = &grey_cases[i];
		int changed = -1;
		GByteArray *out = tr_pdfpost_grey_stream((const guint8 *)c->in, strlen(c->in),
		                                         &changed);
		char *got = out->len ? g_strndup((const char *)out->data, out->len) : g_strdup("");
		g_assert_cmpstr(got, ==, c->out);
		g_assert_cmpint(changed, ==, c->changed);
		g_free(got);
		g_byte_array_unref(out);
	}
}

/* ------------------------------------------------------------------ */
/* Black and white */

static const tr_rgb red = { 0.702, 0.075, 0.169 }, white = { 1, 1, 1 },
                    ink = { 0.114, 0.114, 0.106 }, tint = { 0.965, 0.906, 0.914 };

static tr_doc *doc_with(const tr_op *ops, size_t n)
{
	tr_doc *doc = g_new0(tr_doc, 1);
	doc->name = g_strdup("t");
	doc->kind = g_strdup("tract");
	doc->width = 419.53;
	doc->height = 595.28;
	doc->paper = white;
	doc->n_pages = 1;
	doc->pages = g_new0(tr_docpage, 1);
	doc->pages[0].name = g_strdup("recto");
	doc->pages[0].ops = g_memdup2(ops, n * sizeof *ops);
	doc->pages[0].n_ops = n;
	return doc;
}

static void test_mono_automatic(void)
{
	const tr_op ops[] = {
		{ .kind = TR_OP_RECT, .x = 0, .y = 0, .w = 419.53, .h = 266, .colour = red,
		  .bleed = true },                                                 // the band
		{ .kind = TR_OP_RULE, .x = 34, .y = 56, .w = 51, .h = 0, .colour = white,
		  .line_width = 2 },                                               // on the band
		{ .kind = TR_OP_RULE, .x = 221, .y = 290, .w = 0, .h = 100, .colour = red,
		  .line_width = 0.75 },                                            // on paper
		{ .kind = TR_OP_RECT, .x = 34, .y = 490, .w = 351, .h = 45, .colour = tint }, // light box
		{ .kind = TR_OP_RECT, .x = 34, .y = 540, .w = 20, .h = 20, .colour = red },   // small
	};
	tr_doc *doc = doc_with(ops, G_N_ELEMENTS(ops));
	tr_mono *m = tr_mono_new(NULL);
	tr_mono_ink *ink_of = tr_mono_page(m, doc, 0);

	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
		g_assert_cmpfloat(ink_of[i].colour.r, ==, ink_of[i].colour.g);
		g_assert_cmpfloat(ink_of[i].colour.g, ==, ink_of[i].colour.b);
	}
	g_assert_cmpfloat_with_epsilon(ink_of[0].colour.r, 0.85, 1e-9); // no large dark area
	g_assert_cmpfloat(ink_of[1].colour.r, ==, 0);   // white on the light band: black
	g_assert_cmpfloat_with_epsilon(ink_of[1].under, 0.85, 1e-9);
	g_assert_cmpfloat(ink_of[2].colour.r, ==, 0);   // a coloured rule on paper: black
	g_assert_cmpfloat(ink_of[3].colour.r, >, 0.9);  // a light tint stays light
	g_assert_cmpfloat(ink_of[4].colour.r, <, 0.5);  // a small red square stays dark

	g_assert_cmpfloat(tr_mono_text(m, red, 1).r, ==, 0);       // coloured text: black
	g_assert_cmpfloat(tr_mono_text(m, ink, 1).r, ==, 0);       // near-black ink: black
	g_assert_cmpfloat(tr_mono_text(m, white, 0.85).r, ==, 0);  // too little contrast
	g_assert_cmpfloat(tr_mono_text(m, white, 0.2).r, ==, 1);   // white on dark stays
	g_assert_cmpfloat(tr_mono_paper(m, white).r, ==, 1);

	g_free(ink_of);
	tr_mono_free(m);
	tr_doc_free(doc);
}

#define HEAD "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n" \
	     "colours: { accent: \"#b3132b\", tint: \"#f6e7e9\" }\n"
#define PAGES "pages:\n  - name: recto\n    items:\n" \
	      "      - rect: { x: 0, y: 0, w: 148, h: 90, colour: accent, bleed: true }\n"

static tr_layoutdesc *load(const char *yaml, tr_diag *d)
{
	return tr_layoutdesc_load_buffer("t.yaml", yaml, strlen(yaml), d);
}

static void test_mono_given(void)
{
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(HEAD "mono: { accent: \"#333\", paper: \"#fff\" }\n" PAGES, d);
	g_assert_nonnull(ld);
	g_assert_cmpuint(ld->n_mono, ==, 2);
	g_assert_cmpfloat_with_epsilon(ld->mono[0].colour.r, 0xb3 / 255.0, 1e-9);
	g_assert_cmpfloat_with_epsilon(ld->mono[0].grey, 0x33 / 255.0, 1e-9);

	const tr_op ops[] = {
		{ .kind = TR_OP_RECT, .x = 0, .y = 0, .w = 419.53, .h = 266,
		  .colour = { 0xb3 / 255.0, 0x13 / 255.0, 0x2b / 255.0 }, .bleed = true },
		{ .kind = TR_OP_RULE, .x = 34, .y = 56, .w = 51, .h = 0, .colour = white,
		  .line_width = 2 },
	};
	tr_doc *doc = doc_with(ops, G_N_ELEMENTS(ops));
	tr_mono *m = tr_mono_new(ld);
	tr_mono_ink *ink_of = tr_mono_page(m, doc, 0);
	// the layout's grey, dark as it is: the layout decided
	g_assert_cmpfloat_with_epsilon(ink_of[0].colour.r, 0x33 / 255.0, 1e-9);
	g_assert_cmpfloat(ink_of[1].colour.r, ==, 1); // white on dark grey stays white
	g_free(ink_of);
	tr_mono_free(m);
	tr_doc_free(doc);
	tr_layoutdesc_free(ld);

	char *dump = NULL;
	ld = load(HEAD "mono: { tint: \"#eeeeee\" }\n" PAGES, d);
	dump = tr_layoutdesc_dump(ld);
	g_assert_nonnull(strstr(dump, "\nmono #f6e7e9 → #eeeeee\n"));
	g_free(dump);
	tr_layoutdesc_free(ld);
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_WARNING), ==, 0);
	tr_diag_free(d);
}

static const struct {
	const char *yaml, *message;
} mono_bad[] = {
	{ HEAD "mono: { accent: \"#ff0000\" }\n" PAGES,
	  "t.yaml:6:17: error: the black-and-white colour of \"accent\" must be a grey, with "
	  "equal red, green and blue (as in \"#444444\"), not \"#ff0000\"\n" },
	{ HEAD "mono: { acent: \"#444\" }\n" PAGES,
	  "t.yaml:6:9: error: unknown colour \"acent\" in \"mono\" (did you mean \"accent\"?)\n" },
	{ HEAD "mono: { accent: grey }\n" PAGES,
	  "t.yaml:6:17: error: bad grey \"grey\" for \"accent\": write \"#rrggbb\" or \"#rgb\"\n" },
	{ HEAD "mono:\n  accent: #444\n" PAGES,
	  "t.yaml:7:3: error: the grey of \"accent\" has no value (an unquoted # starts a "
	  "comment: write it in quotes, as in \"#444444\")\n" },
	{ HEAD "mono: [ \"#444\" ]\n" PAGES,
	  "t.yaml:6:7: error: \"mono\" must be a mapping of keys (colour name: \"#444444\"), "
	  "not a list\n" },
};

static void test_mono_bad(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(mono_bad); i++) {
		tr_diag *d = tr_diag_new();
		tr_layoutdesc *ld = load(mono_bad[i].yaml, d);
		g_assert_null(ld);
		char *msgs = tr_diag_format(d);
		g_assert_cmpstr(msgs, ==, mono_bad[i].message);
		g_free(msgs);
		tr_diag_free(d);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/print/grey-stream", test_grey_stream);
	g_test_add_func("/print/mono-automatic", test_mono_automatic);
	g_test_add_func("/print/mono-given", test_mono_given);
	g_test_add_func("/print/mono-bad", test_mono_bad);
	return g_test_run();
}
