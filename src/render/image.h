/* image.h — pictures on the page: a logo, an event picture.
 *
 * PNG and JPEG files are decoded into cairo image surfaces; a JPEG keeps its
 * own bytes as cairo mime data, so that the PDF embeds the JPEG as it is
 * (DCTDecode) instead of re-encoding its pixels. An SVG is kept as a librsvg
 * handle and drawn as vectors. An SVG is always read from memory, without a
 * base address: librsvg then refuses every reference to another file or to the
 * network, so nothing outside the SVG itself is ever loaded.
 *
 * Limits: a file of at most TR_IMAGE_MAX_BYTES, a raster image of at most
 * TR_IMAGE_MAX_PIXELS pixels (checked from the header, before decoding).
 */
#ifndef TR_RENDER_IMAGE_H
#define TR_RENDER_IMAGE_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "model/layout.h"

#define TR_IMAGE_MAX_BYTES (32 * 1024 * 1024)
#define TR_IMAGE_MAX_PIXELS (50 * 1000 * 1000)

typedef struct tr_image tr_image;

typedef enum {
	TR_IMAGE_PNG,
	TR_IMAGE_JPEG,
	TR_IMAGE_SVG,
	TR_IMAGE__MAX
} tr_image_format;

/* Decodes an image from the bytes of a file (PNG, JPEG or SVG, told apart by
 * their content, not by the name). Returns a new image (tr_image_unref() it),
 * or NULL with err set to a sentence a user can act on ("the file is cut
 * short…"), without the file name. When the image loads with a remark (a CMYK
 * JPEG turned into RGB, an SVG whose references to other files are left out),
 * *warning receives a new sentence (g_free() it); it is NULL otherwise. */
tr_image *tr_image_new(GBytes *bytes, char **warning, GError **err);

/* Reads and decodes path (at most TR_IMAGE_MAX_BYTES). As tr_image_new(). */
tr_image *tr_image_load(const char *path, char **warning, GError **err);

tr_image *tr_image_ref(tr_image *img);

/* Drops a reference; accepts NULL. */
void tr_image_unref(tr_image *img);

tr_image_format tr_image_get_format(const tr_image *img);

/* "PNG", "JPEG", "SVG". */
const char *tr_image_format_name(tr_image_format f);

/* The image's size as it is to be seen (a JPEG's EXIF rotation applied): in
 * pixels for PNG and JPEG, in CSS pixels for SVG. Only the ratio matters to
 * the layout. */
void tr_image_size(const tr_image *img, double *width, double *height);

/* Where the picture goes in a box x, y, w, h: the rectangle it covers (out,
 * x, y, w, h), scaled to fit (contain: all of it inside the box; cover: the
 * box filled, the rest cut off) and aligned in the box. */
void tr_image_place(const tr_image *img, const double box[4], tr_fit fit, tr_align align,
                    tr_valign valign, double out[4]);

/* Draws img in box (current user units) as tr_image_place() places it, cut to
 * the box. grey: in greys (black-and-white output), each colour turned into
 * the grey of its luminance (mono.h); an SVG is then drawn as an image, at the
 * device's resolution, or 300 dpi on a PDF or recording surface. */
void tr_image_draw(cairo_t *cr, const tr_image *img, const double box[4], tr_fit fit,
                   tr_align align, tr_valign valign, bool grey);

#endif
