/* fuzz-image.c — libFuzzer target for the picture loader (render/image.c).
 *
 * The input is a picture file: PNG, JPEG, SVG or anything else. tr_image_new
 * reads it; a picture that loads is then placed and drawn, in colour and in
 * greys, contained and covering, into a small image surface (the SVG through
 * librsvg). A refusal must come with a sentence, and every sentence (the
 * refusal, a warning) must be valid UTF-8.
 *
 * Build and run: see fuzz-content.c (corpus tests/fuzz/corpus-image,
 * dictionary tests/fuzz/image.dict).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "render/image.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* The fonts of an SVG's text: tractage's own, as in a real run. */
	static tr_fuzz_env env;
	tr_fuzz_env_init(&env, false);
	return 0;
}

static void say(const char *what, const char *msg)
{
	if (!msg || !*msg || !g_utf8_validate(msg, -1, NULL)) {
		fprintf(stderr, "fuzz: tr_image_new gave %s that is empty or not UTF-8\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GBytes *bytes = g_bytes_new(data, size);
	GError *err = NULL;
	char *warning = NULL;
	tr_image *img = tr_image_new(bytes, &warning, &err);
	g_bytes_unref(bytes);
	if (!img) {
		say("a refusal", err ? err->message : NULL);
		g_error_free(err);
		if (warning)
			abort(); /* a warning goes with a picture, never with a refusal */
		return 0;
	}
	if (warning)
		say("a warning", warning);
	g_free(warning);
	double w, h;
	tr_image_size(img, &w, &h);
	if (!(w > 0 && h > 0)) {
		fprintf(stderr, "fuzz: a picture of %g x %g\n", w, h);
		abort();
	}
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 48, 32);
	cairo_t *cr = cairo_create(s);
	const double box[4] = { 4, 2, 40, 28 };
	for (int grey = 0; grey < 2; grey++) {
		tr_image_draw(cr, img, box, TR_FIT_CONTAIN, TR_ALIGN_LEFT, TR_VALIGN_BOTTOM, grey);
		tr_image_draw(cr, img, box, TR_FIT_COVER, TR_ALIGN_CENTER, TR_VALIGN_MIDDLE, grey);
	}
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "fuzz: drawing the picture left cairo in error: %s\n",
		        cairo_status_to_string(cairo_status(cr)));
		abort();
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	tr_image_unref(img);
	return 0;
}
