/* test-image.c — pictures (render/image.c) and QR codes (render/qr.c). */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "images.h"
#include "render/image.h"
#include "render/mono.h"
#include "render/qr.h"

static char *tmp_dir;

/* A file name in the test's temporary folder; g_free() it. */
static char *tmp_file(const char *name)
{
	return g_build_filename(tmp_dir, name, NULL);
}

static GBytes *read_bytes(const char *path)
{
	char *data;
	gsize len;
	g_assert_true(g_file_get_contents(path, &data, &len, NULL));
	return g_bytes_new_take(data, len);
}

/* Loads bytes (and drops them); asserts it fails with a message containing want. */
static void expect_error(GBytes *bytes, const char *want)
{
	GError *err = NULL;
	char *warning = NULL;
	tr_image *img = tr_image_new(bytes, &warning, &err);
	g_assert_null(img);
	g_assert_nonnull(err);
	if (!strstr(err->message, want))
		g_error("expected \"%s\" in \"%s\"", want, err->message);
	g_error_free(err);
	g_assert_null(warning);
	g_bytes_unref(bytes);
}

static tr_image *load_ok(const char *path, char **warning)
{
	GError *err = NULL;
	char *w = NULL;
	tr_image *img = tr_image_load(path, &w, &err);
	g_assert_no_error(err);
	g_assert_nonnull(img);
	if (warning)
		*warning = w;
	else
		g_assert_null(w);
	return img;
}

/* Draws img into a w x h white ARGB image, filling it (contain). */
static cairo_surface_t *draw(const tr_image *img, int w, int h, bool grey)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	double box[4] = { 0, 0, w, h };
	tr_image_draw(cr, img, box, TR_FIT_CONTAIN, TR_ALIGN_CENTER, TR_VALIGN_MIDDLE, grey);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

static void pixel(cairo_surface_t *s, int x, int y, int rgb[3])
{
	const guint32 *row = (const guint32 *)(cairo_image_surface_get_data(s) +
	                                       y * cairo_image_surface_get_stride(s));
	rgb[0] = (row[x] >> 16) & 255;
	rgb[1] = (row[x] >> 8) & 255;
	rgb[2] = row[x] & 255;
}

static void test_png(void)
{
	char *path = tmp_file("alpha.png");
	g_assert_cmpint(tr_test_write_png(path, 64, 48, 1, 0), ==, 0);
	tr_image *img = load_ok(path, NULL);
	double w, h;
	tr_image_size(img, &w, &h);
	g_assert_cmpfloat(w, ==, 64);
	g_assert_cmpfloat(h, ==, 48);
	g_assert_cmpint(tr_image_get_format(img), ==, TR_IMAGE_PNG);
	/* Transparent in the top-left corner: the white under it shows. */
	cairo_surface_t *s = draw(img, 64, 48, false);
	int rgb[3];
	pixel(s, 1, 1, rgb);
	g_assert_cmpint(rgb[0], ==, 255);
	g_assert_cmpint(rgb[2], ==, 255);
	/* Opaque at the right: the picture's own colour (red gradient at its end). */
	pixel(s, 63, 40, rgb);
	g_assert_cmpint(rgb[0], >, 240);
	g_assert_cmpint(rgb[1], <, 110);
	cairo_surface_destroy(s);
	tr_image_unref(img);
	g_free(path);

	/* 16 bits a channel: the same picture, opaque (libpng writes 16-bit
	 * pictures with linear values, 20/255 is then sRGB 80). */
	path = tmp_file("deep.png");
	g_assert_cmpint(tr_test_write_png(path, 64, 48, 0, 1), ==, 0);
	img = load_ok(path, NULL);
	s = draw(img, 64, 48, false);
	pixel(s, 2, 2, rgb); /* the dark square */
	g_assert_cmpint(abs(rgb[0] - 80), <=, 2);
	pixel(s, 63, 47, rgb);
	g_assert_cmpint(rgb[0], >, 240);
	g_assert_cmpint(rgb[2], >, 240);
	cairo_surface_destroy(s);
	tr_image_unref(img);
	g_free(path);
}

static void test_jpeg(void)
{
	char *path = tmp_file("photo.jpg");
	g_assert_cmpint(tr_test_write_jpeg(path, 64, 48, 0, 0, 1, 90, 0), ==, 0);
	tr_image *img = load_ok(path, NULL);
	g_assert_cmpint(tr_image_get_format(img), ==, TR_IMAGE_JPEG);
	/* The PDF gets the file itself: drawn on a PDF surface, it is its bytes. */
	cairo_surface_t *s = draw(img, 64, 48, false);
	int rgb[3];
	pixel(s, 3, 3, rgb);
	g_assert_cmpint(rgb[0], <, 50);
	cairo_surface_destroy(s);
	tr_image_unref(img);
	g_free(path);

	/* Turned by its EXIF orientation 6 (90° clockwise): the dark square of the
	 * top-left corner as stored is seen at the top right. */
	path = tmp_file("turned.jpg");
	g_assert_cmpint(tr_test_write_jpeg(path, 64, 48, 0, 0, 6, 90, 0), ==, 0);
	img = load_ok(path, NULL);
	double w, h;
	tr_image_size(img, &w, &h);
	g_assert_cmpfloat(w, ==, 48);
	g_assert_cmpfloat(h, ==, 64);
	s = draw(img, 48, 64, false);
	pixel(s, 44, 3, rgb); /* green is 96 everywhere but in the dark square */
	g_assert_cmpint(rgb[1], <, 50);
	pixel(s, 3, 3, rgb);
	g_assert_cmpint(rgb[1], >, 70);
	cairo_surface_destroy(s);
	tr_image_unref(img);
	g_free(path);

	/* CMYK: turned into RGB, with a warning; grey: loads as it is. */
	path = tmp_file("cmyk.jpg");
	g_assert_cmpint(tr_test_write_jpeg(path, 64, 48, 0, 1, 1, 90, 0), ==, 0);
	char *warning = NULL;
	img = load_ok(path, &warning);
	g_assert_nonnull(strstr(warning, "CMYK"));
	g_free(warning);
	s = draw(img, 64, 48, false);
	pixel(s, 63, 2, rgb); /* red at the right of the top row */
	g_assert_cmpint(rgb[0], >, 200);
	g_assert_cmpint(rgb[2], <, 80);
	cairo_surface_destroy(s);
	tr_image_unref(img);
	g_free(path);
	path = tmp_file("grey.jpg");
	g_assert_cmpint(tr_test_write_jpeg(path, 64, 48, 1, 0, 1, 90, 0), ==, 0);
	img = load_ok(path, NULL);
	tr_image_unref(img);
	g_free(path);
}

/* The first n bytes of a picture written to path. */
static GBytes *cut(const char *path, double share)
{
	GBytes *all = read_bytes(path);
	GBytes *part = g_bytes_new_from_bytes(all, 0, (gsize)(g_bytes_get_size(all) * share));
	g_bytes_unref(all);
	return part;
}

/* The CRC of PNG chunks (ISO 3309). */
static guint32 crc32(const guint8 *p, size_t n)
{
	guint32 c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffu;
}

static void test_bad(void)
{
	expect_error(g_bytes_new_static("", 0), "the file is empty");
	expect_error(g_bytes_new_static("GIF89a\1\0\1\0", 10), "it is a GIF image");
	expect_error(g_bytes_new_static("%PDF-1.4\n", 9), "it is a PDF file");
	expect_error(g_bytes_new_static("hello", 5), "it is not a PNG, JPEG or SVG image");

	/* Cut short, in the middle of the pixels. */
	char *path = tmp_file("cut.png");
	g_assert_cmpint(tr_test_write_png(path, 200, 100, 0, 0), ==, 0);
	GBytes *b = cut(path, 0.6);
	expect_error(b, "it is cut short");
	g_free(path);
	path = tmp_file("cut.jpg");
	g_assert_cmpint(tr_test_write_jpeg(path, 200, 100, 0, 0, 1, 90, 8), ==, 0);
	b = cut(path, 0.6);
	expect_error(b, "it is cut short");
	g_free(path);

	/* 20 000 × 20 000 pixels: refused from the header, before any pixel. */
	path = tmp_file("small.png");
	g_assert_cmpint(tr_test_write_png(path, 2, 2, 0, 0), ==, 0);
	GBytes *png = read_bytes(path);
	gsize n;
	const void *data = g_bytes_get_data(png, &n);
	guint8 *d = g_memdup2(data, n);
	guint32 side = GUINT32_TO_BE(20000);
	memcpy(d + 16, &side, 4); /* IHDR width and height, and its CRC again */
	memcpy(d + 20, &side, 4);
	guint32 crc = GUINT32_TO_BE(crc32(d + 12, 17));
	memcpy(d + 29, &crc, 4);
	b = g_bytes_new_take(d, n);
	expect_error(b, "20000 × 20000 pixels (400 megapixels)");
	g_bytes_unref(png);
	g_free(path);
	path = tmp_file("small.jpg");
	g_assert_cmpint(tr_test_write_jpeg(path, 2, 2, 0, 0, 1, 90, 0), ==, 0);
	GBytes *jpg = read_bytes(path);
	data = g_bytes_get_data(jpg, &n);
	d = g_memdup2(data, n);
	for (gsize i = 0; i + 9 < n; i++)
		if (d[i] == 0xff && d[i + 1] == 0xc0) { /* SOF0: height, width */
			d[i + 5] = 20000 >> 8, d[i + 6] = 20000 & 255;
			d[i + 7] = 20000 >> 8, d[i + 8] = 20000 & 255;
			break;
		}
	b = g_bytes_new_take(d, n);
	expect_error(b, "20000 × 20000 pixels");
	g_bytes_unref(jpg);
	g_free(path);
}

static tr_image *svg(const char *text, char **warning, GError **err)
{
	GBytes *b = g_bytes_new(text, strlen(text));
	tr_image *img = tr_image_new(b, warning, err);
	g_bytes_unref(b);
	return img;
}

static void test_svg(void)
{
	char *warning = NULL;
	GError *err = NULL;
	tr_image *img = svg("<svg xmlns='http://www.w3.org/2000/svg' width='40mm' height='20mm'>"
	                    "<rect width='100%' height='100%' fill='#c8102e'/></svg>",
	                    &warning, &err);
	g_assert_no_error(err);
	g_assert_null(warning);
	double w, h;
	tr_image_size(img, &w, &h);
	g_assert_cmpfloat(fabs(w / h - 2), <, 1e-6);
	g_assert_cmpint(tr_image_get_format(img), ==, TR_IMAGE_SVG);
	cairo_surface_t *s = draw(img, 40, 20, false);
	int rgb[3];
	pixel(s, 20, 10, rgb);
	g_assert_cmpint(rgb[0], ==, 0xc8);
	g_assert_cmpint(rgb[1], ==, 0x10);
	cairo_surface_destroy(s);
	/* In greys: the luminance of #c8102e. */
	s = draw(img, 40, 20, true);
	pixel(s, 20, 10, rgb);
	g_assert_cmpint(rgb[0], ==, rgb[1]);
	g_assert_cmpint(rgb[1], ==, rgb[2]);
	g_assert_cmpint(abs(rgb[0] - 98), <=, 2);
	cairo_surface_destroy(s);
	tr_image_unref(img);

	/* The size from the viewBox. */
	img = svg("<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg' "
	          "viewBox='0 0 30 90'><circle r='10' cx='15' cy='45'/></svg>", &warning, &err);
	g_assert_no_error(err);
	tr_image_size(img, &w, &h);
	g_assert_cmpfloat(fabs(h / w - 3), <, 1e-6);
	tr_image_unref(img);

	/* No size at all. */
	img = svg("<svg xmlns='http://www.w3.org/2000/svg'><circle r='10'/></svg>", &warning, &err);
	g_assert_null(img);
	g_assert_nonnull(strstr(err->message, "no usable size"));
	g_clear_error(&err);

	/* References to other files and to the network: never loaded, and said. */
	img = svg("<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
	          "width='10' height='10'><image xlink:href='secret.png' width='5' height='5'/>"
	          "<image href=\"http://127.0.0.1:9/x.png\" width='5' height='5'/>"
	          "<use href='#a'/><rect id='a' fill='url(#g)' width='1' height='1'/>"
	          "<script>alert(1)</script></svg>", &warning, &err);
	g_assert_no_error(err);
	g_assert_nonnull(warning);
	g_assert_nonnull(strstr(warning, "\"secret.png\", \"http://127.0.0.1:9/x.png\")"));
	g_assert_null(strstr(warning, "#a"));
	g_free(warning);
	warning = NULL;
	tr_image_unref(img);

	/* An external entity is not read: the document is refused. */
	img = svg("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/hostname'>]>"
	          "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><text>&x;</text>"
	          "</svg>", &warning, &err);
	g_assert_null(img);
	g_assert_nonnull(strstr(err->message, "not an SVG file tractage can read"));
	g_clear_error(&err);

	/* Broken XML. */
	img = svg("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect", &warning,
	          &err);
	g_assert_null(img);
	g_assert_nonnull(strstr(err->message, "not an SVG file tractage can read (line 1"));
	g_clear_error(&err);
}

static void test_place(void)
{
	char *path = tmp_file("wide.png");
	g_assert_cmpint(tr_test_write_png(path, 200, 100, 0, 0), ==, 0);
	tr_image *img = load_ok(path, NULL);
	double box[4] = { 10, 10, 100, 100 }, r[4];
	tr_image_place(img, box, TR_FIT_CONTAIN, TR_ALIGN_LEFT, TR_VALIGN_BOTTOM, r);
	g_assert_cmpfloat(r[0], ==, 10);
	g_assert_cmpfloat(r[1], ==, 60);
	g_assert_cmpfloat(r[2], ==, 100);
	g_assert_cmpfloat(r[3], ==, 50);
	tr_image_place(img, box, TR_FIT_COVER, TR_ALIGN_CENTER, TR_VALIGN_MIDDLE, r);
	g_assert_cmpfloat(r[0], ==, -40);
	g_assert_cmpfloat(r[1], ==, 10);
	g_assert_cmpfloat(r[2], ==, 200);
	g_assert_cmpfloat(r[3], ==, 100);
	tr_image_unref(img);
	g_free(path);
}

static void test_grey_pixels(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 3, 1);
	guint32 *px = (guint32 *)cairo_image_surface_get_data(s);
	px[0] = 0xffff0000; /* red */
	px[1] = 0x80800000; /* red, half transparent (premultiplied) */
	px[2] = 0xff808080; /* a grey stays as it is */
	cairo_surface_mark_dirty(s);
	tr_mono_grey_pixels(s);
	cairo_surface_flush(s);
	g_assert_cmphex(px[0], ==, 0xff7f7f7f); /* the luminance of red: 0.2126 → 127 */
	g_assert_cmphex(px[1] >> 24, ==, 0x80);
	g_assert_cmpint(abs((int)(px[1] & 255) - 0x3f), <=, 1);
	g_assert_cmphex(px[2], ==, 0xff808080);
	cairo_surface_destroy(s);
}

static void test_qr(void)
{
	GError *err = NULL;
	tr_qr *qr = tr_qr_new("https://example.org/petition", &err);
	g_assert_no_error(err);
	/* Version 3 at level Q: 29 modules, and the quiet zone. */
	g_assert_cmpint(tr_qr_modules(qr), ==, 29 + 2 * TR_QR_QUIET);
	g_assert_cmpstr(tr_qr_text(qr), ==, "https://example.org/petition");
	/* Drawn: the quiet zone light, a finder pattern dark at its corner. */
	int size = tr_qr_modules(qr) * 4;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size, size);
	cairo_t *cr = cairo_create(s);
	tr_qr_draw(cr, qr, 0, 0, size, (tr_rgb){ 0, 0, 0 }, (tr_rgb){ 1, 1, 1 });
	cairo_destroy(cr);
	cairo_surface_flush(s);
	int rgb[3];
	pixel(s, 2, 2, rgb);
	g_assert_cmpint(rgb[0], ==, 255);
	pixel(s, TR_QR_QUIET * 4 + 1, TR_QR_QUIET * 4 + 1, rgb);
	g_assert_cmpint(rgb[0], ==, 0);
	cairo_surface_destroy(s);
	tr_qr_free(qr);

	char *long_text = g_strnfill(TR_QR_MAX_BYTES + 1, 'a');
	g_assert_null(tr_qr_new(long_text, &err));
	g_assert_nonnull(strstr(err->message, "a QR code holds at most 300"));
	g_clear_error(&err);
	g_free(long_text);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("tractage-image-XXXXXX", NULL);
	g_test_add_func("/image/png", test_png);
	g_test_add_func("/image/jpeg", test_jpeg);
	g_test_add_func("/image/bad", test_bad);
	g_test_add_func("/image/svg", test_svg);
	g_test_add_func("/image/place", test_place);
	g_test_add_func("/image/grey-pixels", test_grey_pixels);
	g_test_add_func("/image/qr", test_qr);
	int status = g_test_run();
	GDir *dir = g_dir_open(tmp_dir, 0, NULL);
	const char *f;
	while (dir && (f = g_dir_read_name(dir))) {
		char *p = tmp_file(f);
		g_unlink(p);
		g_free(p);
	}
	if (dir)
		g_dir_close(dir);
	g_rmdir(tmp_dir);
	g_free(tmp_dir);
	return status;
}
