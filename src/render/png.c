/* png.c — PNG previews with a cairo image surface. */
#include "render/png.h"

#include <cairo.h>
#include <math.h>

#include "render/draw.h"

static cairo_status_t append_bytes(void *closure, const unsigned char *data,
                                   unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

void tr_png_size(const tr_doc *doc, double dpi, int *width, int *height)
{
	*width = MAX(1, (int)lround(doc->width / 72 * dpi));
	*height = MAX(1, (int)lround(doc->height / 72 * dpi));
}

GBytes *tr_png_render(const tr_doc *doc, size_t page, const tr_mono *mono, double dpi,
                      GError **err)
{
	int w, h;
	tr_png_size(doc, dpi, &w, &h);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	// exact scale on each axis, so that the page fills the rounded pixel size
	cairo_scale(cr, w / doc->width, h / doc->height);
	tr_draw_opts o = { .mono = mono };
	tr_draw_page(cr, doc, page, &o);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	GByteArray *buf = g_byte_array_new();
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png_stream(s, append_bytes, buf);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cairo could not draw the PNG: %s",
		            cairo_status_to_string(st));
		g_byte_array_unref(buf);
		return NULL;
	}
	return g_byte_array_free_to_bytes(buf);
}
