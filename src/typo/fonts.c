/* fonts.c — private fontconfig set-up and the print Pango context. */
#include "typo/fonts.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

struct tr_fonts {
	PangoFontMap *map;
	PangoContext *ctx;
	GHashTable *families; /* casefolded family name → TRUE */
};

tr_fonts *tr_fonts_new(const char *datadir, GError **err)
{
	/* Absolute: fontconfig looks a relative name up in its own folder. */
	char *rel = g_build_filename(datadir, "fonts", "fonts.conf", NULL);
	char *conf = g_canonicalize_filename(rel, NULL);
	g_free(rel);
	if (!g_file_test(conf, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		            "font configuration %s not found", conf);
		g_free(conf);
		return NULL;
	}
	/* Before the first fontconfig call: Pango then never reads the system's
	 * configuration (see ../shared notes on FONTCONFIG_FILE). */
	g_setenv("FONTCONFIG_FILE", conf, TRUE);
	g_free(conf);

	tr_fonts *f = g_new0(tr_fonts, 1);
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	f->ctx = pango_font_map_create_context(f->map);
	pango_cairo_context_set_resolution(f->ctx, 72.0);
	cairo_font_options_t *o = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(f->ctx, o);
	cairo_font_options_destroy(o);
	pango_context_set_round_glyph_positions(f->ctx, FALSE);
	pango_context_set_base_dir(f->ctx, PANGO_DIRECTION_LTR);

	f->families = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	PangoFontFamily **fams = NULL;
	int n = 0;
	pango_font_map_list_families(f->map, &fams, &n);
	for (int i = 0; i < n; i++)
		g_hash_table_add(f->families,
		                 g_utf8_casefold(pango_font_family_get_name(fams[i]), -1));
	g_free(fams);
	return f;
}

void tr_fonts_free(tr_fonts *f)
{
	if (!f)
		return;
	g_clear_object(&f->ctx);
	g_clear_object(&f->map);
	g_hash_table_destroy(f->families);
	g_free(f);
}

PangoContext *tr_fonts_context(const tr_fonts *f)
{
	return f->ctx;
}

bool tr_fonts_has_family(const tr_fonts *f, const char *family)
{
	char *key = g_utf8_casefold(family, -1);
	bool found = g_hash_table_contains(f->families, key);
	g_free(key);
	return found;
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
