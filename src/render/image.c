/* image.c — PNG (libpng), JPEG (libjpeg) and SVG (librsvg) pictures. */
#include "render/image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
/* jpeglib.h needs stdio.h first */
#include <jerror.h>
#include <jpeglib.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynlib.h"
#include "render/mono.h"
#include "i18n.h"

/* An SVG drawn in greys becomes an image of this resolution on a PDF, and of
 * at most this many pixels a side. */
#define GREY_SVG_DPI 300.0
#define GREY_SVG_MAX_SIDE 4096

struct tr_image {
	gint refs;
	tr_image_format format;
	GBytes *bytes;            /* the file */
	cairo_surface_t *surface; /* PNG, JPEG: the pixels as stored */
	cairo_surface_t *grey;    /* the same in greys, made on first use */
	RsvgHandle *svg;
	double width, height;     /* as seen: orientation applied */
	int orientation;          /* EXIF orientation, 1 (as stored) to 8 */
};

static const char *const format_names[TR_IMAGE__MAX] = { "PNG", "JPEG", "SVG" };

const char *tr_image_format_name(tr_image_format f)
{
	return (int)f >= 0 && f < TR_IMAGE__MAX ? format_names[f] : "";
}

static void set_error(GError **err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void set_error(GError **err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, msg);
	g_free(msg);
}

/* Says that w x h pixels is too many, or returns true. */
static bool check_pixels(double w, double h, GError **err)
{
	if (w <= 0 || h <= 0) {
		set_error(err, _("it has no pixels (%.0f × %.0f)"), w, h);
		return false;
	}
	if (w * h <= TR_IMAGE_MAX_PIXELS && w <= 32767 && h <= 32767)
		return true;
	set_error(err, _("it is %.0f × %.0f pixels (%.0f megapixels), more than the %d megapixels "
	            "tractage takes: make it smaller (a picture printed 10 cm wide needs about "
	            "1200 pixels)"), w, h, w * h / 1e6, TR_IMAGE_MAX_PIXELS / 1000000);
	return false;
}

/* ---------------------------------------------------------------------------
 * PNG
 */

static cairo_surface_t *decode_png(const guint8 *data, size_t len, GError **err)
{
	png_image im = { .version = PNG_IMAGE_VERSION };
	if (!png_image_begin_read_from_memory(&im, data, len)) {
		set_error(err, _("it is not a PNG file tractage can read (libpng: %s)"), im.message);
		png_image_free(&im);
		return NULL;
	}
	if (!check_pixels(im.width, im.height, err)) {
		png_image_free(&im);
		return NULL;
	}
	/* Cairo's ARGB32 is one native-endian word per pixel. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
	im.format = PNG_FORMAT_BGRA;
#else
	im.format = PNG_FORMAT_ARGB;
#endif
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)im.width,
	                                                (int)im.height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		set_error(err, _("there is not enough memory for its %u × %u pixels"), im.width,
		          im.height);
		cairo_surface_destroy(s);
		png_image_free(&im);
		return NULL;
	}
	unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	if (!png_image_finish_read(&im, NULL, px, stride, NULL)) {
		bool short_read = strstr(im.message, "Not enough") || strstr(im.message, "Read Error") ||
		                  strstr(im.message, "EOF") || strstr(im.message, "truncated") ||
		                  strstr(im.message, "beyond end");
		if (short_read)
			set_error(err, _("it is cut short: the file ends before the image does (copy or "
			            "export it again)"));
		else
			set_error(err, _("it is a damaged PNG file (libpng: %s)"), im.message);
		cairo_surface_destroy(s);
		png_image_free(&im);
		return NULL;
	}
	/* Cairo wants the colour premultiplied by the alpha. */
	bool opaque = true;
	for (guint y = 0; y < im.height; y++) {
		guint32 *row = (guint32 *)(px + (size_t)y * stride);
		for (guint x = 0; x < im.width; x++) {
			guint32 p = row[x];
			guint a = p >> 24;
			if (a == 255)
				continue;
			opaque = false;
			guint r = ((p >> 16) & 255) * a / 255, g = ((p >> 8) & 255) * a / 255,
			      b = (p & 255) * a / 255;
			row[x] = (a << 24) | (r << 16) | (g << 8) | b;
		}
	}
	cairo_surface_mark_dirty(s);
	if (opaque) {
		/* No alpha channel in the PDF for an opaque picture. */
		cairo_surface_t *rgb = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)im.width,
		                                                  (int)im.height);
		cairo_t *cr = cairo_create(rgb);
		cairo_set_source_surface(cr, s, 0, 0);
		cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
		cairo_paint(cr);
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		s = rgb;
	}
	png_image_free(&im);
	return s;
}

/* ---------------------------------------------------------------------------
 * JPEG
 */

typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	bool truncated;
	char message[JMSG_LENGTH_MAX];
} jpeg_err;

static void jpeg_fail(j_common_ptr c)
{
	jpeg_err *e = (jpeg_err *)c->err;
	c->err->format_message(c, e->message);
	longjmp(e->jump, 1);
}

/* Warnings: only a file that ends too early matters (libjpeg fills the rest
 * with grey); the others ("extraneous bytes") are common and harmless. */
static void jpeg_message(j_common_ptr c, int level)
{
	jpeg_err *e = (jpeg_err *)c->err;
	if (level < 0) {
		if (c->err->msg_code == JWRN_JPEG_EOF)
			e->truncated = true;
		c->err->num_warnings++;
	}
}

static guint read16(const guint8 *p, bool le)
{
	return le ? p[0] | p[1] << 8 : p[0] << 8 | p[1];
}

static guint32 read32(const guint8 *p, bool le)
{
	return le ? (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24
	          : (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The EXIF orientation (1 to 8) in an APP1 marker's data, 1 when there is none. */
static int exif_orientation(const guint8 *d, size_t n)
{
	if (n < 6 + 8 || memcmp(d, "Exif\0\0", 6) != 0)
		return 1;
	d += 6;
	n -= 6;
	bool le = d[0] == 'I' && d[1] == 'I';
	if (!le && !(d[0] == 'M' && d[1] == 'M'))
		return 1;
	guint32 ifd = read32(d + 4, le);
	if (ifd > n || n - ifd < 2)
		return 1;
	guint count = read16(d + ifd, le);
	for (guint i = 0; i < count; i++) {
		size_t e = ifd + 2 + 12 * (size_t)i;
		if (e + 12 > n)
			break;
		if (read16(d + e, le) == 0x0112 && read16(d + e + 2, le) == 3) {
			guint v = read16(d + e + 8, le);
			return v >= 1 && v <= 8 ? (int)v : 1;
		}
	}
	return 1;
}

static cairo_surface_t *decode_jpeg(GBytes *bytes, int *orientation, char **warning,
                                    GError **err)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	struct jpeg_decompress_struct cinfo;
	jpeg_err je;
	cairo_surface_t *volatile s = NULL;
	guint8 *volatile row = NULL;

	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&je.pub);
	je.pub.error_exit = jpeg_fail;
	je.pub.emit_message = jpeg_message;
	je.truncated = false;
	if (setjmp(je.jump)) {
		if (strstr(je.message, "Premature end") || strstr(je.message, "Empty input"))
			set_error(err, _("it is cut short: the file ends before the image does (copy or "
			            "export it again)"));
		else
			set_error(err, _("it is not a JPEG file tractage can read (libjpeg: %s)"),
			          je.message);
		jpeg_destroy_decompress(&cinfo);
		if (s)
			cairo_surface_destroy(s);
		g_free(row);
		return NULL;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, len);
	jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xffff);
	jpeg_read_header(&cinfo, TRUE);
	*orientation = 1;
	for (jpeg_saved_marker_ptr m = cinfo.marker_list; m && *orientation == 1; m = m->next)
		if (m->marker == JPEG_APP0 + 1)
			*orientation = exif_orientation(m->data, m->data_length);
	if (!check_pixels(cinfo.image_width, cinfo.image_height, err)) {
		jpeg_destroy_decompress(&cinfo);
		return NULL;
	}
	bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
	if (cmyk) {
		cinfo.out_color_space = JCS_CMYK;
	} else {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
		cinfo.out_color_space = JCS_EXT_BGRX;
#else
		cinfo.out_color_space = JCS_EXT_XRGB;
#endif
	}
	jpeg_start_decompress(&cinfo);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)cinfo.output_width,
	                               (int)cinfo.output_height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		strcpy(je.message, "out of memory");
		longjmp(je.jump, 1);
	}
	unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	if (cmyk)
		row = g_malloc((size_t)cinfo.output_width * 4);
	while (cinfo.output_scanline < cinfo.output_height) {
		guint y = cinfo.output_scanline;
		JSAMPROW dst = cmyk ? row : px + (size_t)y * stride;
		jpeg_read_scanlines(&cinfo, &dst, 1);
		if (!cmyk)
			continue;
		/* Adobe's files store CMYK inverted (255 is no ink). */
		guint32 *out = (guint32 *)(px + (size_t)y * stride);
		for (guint x = 0; x < cinfo.output_width; x++) {
			guint c = row[4 * x], m = row[4 * x + 1], ye = row[4 * x + 2], k = row[4 * x + 3];
			if (!cinfo.saw_Adobe_marker)
				c = 255 - c, m = 255 - m, ye = 255 - ye, k = 255 - k;
			out[x] = 0xff000000u | (c * k / 255) << 16 | (m * k / 255) << 8 | (ye * k / 255);
		}
	}
	jpeg_finish_decompress(&cinfo);
	bool truncated = je.truncated;
	jpeg_destroy_decompress(&cinfo);
	g_free(row);
	cairo_surface_mark_dirty(s);
	if (truncated) {
		set_error(err, _("it is cut short: the file ends before the image does (copy or "
		            "export it again)"));
		cairo_surface_destroy(s);
		return NULL;
	}
	if (cmyk) {
		*warning = g_strdup(_("it is a CMYK JPEG: tractage turns it into RGB, and its colours "
		                      "may change a little (save it in RGB for the exact colours)"));
	} else {
		/* The PDF gets the file itself, not the pixels decoded again. */
		cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len,
		                            (cairo_destroy_func_t)g_bytes_unref, g_bytes_ref(bytes));
	}
	return s;
}

/* ---------------------------------------------------------------------------
 * SVG
 */

/* Adds the value of a reference (an href attribute or a CSS url()) to refs
 * unless it stays inside the file (#id) or holds its data (data:). */
static void add_reference(GPtrArray *refs, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '"' || *v == '\'')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '"' || v[n - 1] == '\''))
		n--;
	if (n == 0 || *v == '#' || (n >= 5 && g_ascii_strncasecmp(v, "data:", 5) == 0))
		return;
	char *s = g_utf8_make_valid(v, (gssize)MIN(n, 60));
	for (guint i = 0; i < refs->len; i++)
		if (strcmp(refs->pdata[i], s) == 0) {
			g_free(s);
			return;
		}
	g_ptr_array_add(refs, s);
}

/* The references of an SVG to other files or to the network, which librsvg
 * never follows here: a warning naming the first ones, or NULL. */
static char *outside_references(const char *text, size_t len)
{
	GPtrArray *refs = g_ptr_array_new_with_free_func(g_free);
	const char *end = text + len;
	for (const char *p = text; p < end && refs->len < 4; p++) {
		if (end - p > 4 && memcmp(p, "href", 4) == 0) {
			const char *q = p + 4;
			while (q < end && *q == ' ')
				q++;
			if (q >= end || *q != '=')
				continue;
			q++;
			while (q < end && *q == ' ')
				q++;
			if (q >= end || (*q != '"' && *q != '\''))
				continue;
			const char *close = memchr(q + 1, *q, end - q - 1);
			if (close)
				add_reference(refs, q + 1, close - q - 1);
		} else if (end - p > 4 && memcmp(p, "url(", 4) == 0) {
			const char *close = memchr(p + 4, ')', end - p - 4);
			if (close)
				add_reference(refs, p + 4, close - p - 4);
		} else if (end - p > 7 && memcmp(p, "@import", 7) == 0) {
			add_reference(refs, "@import", 7);
		}
	}
	char *out = NULL;
	if (refs->len) {
		GString *s = g_string_new(NULL);
		for (guint i = 0; i < MIN(refs->len, 3u); i++)
			g_string_append_printf(s, "%s\"%s\"", i ? ", " : "", (char *)refs->pdata[i]);
		/* TRANSLATORS: %s%s is a list of addresses, "\"a.png\", \"b.css\"" and
		 * ", …" when there are more */
		out = g_strdup_printf(_("it refers to other files or to web addresses (%s%s), which "
		                        "tractage never loads: what they hold is left out (put it in "
		                        "the SVG file itself)"), s->str, refs->len > 3 ? ", …" : "");
		g_string_free(s, TRUE);
	}
	g_ptr_array_unref(refs);
	return out;
}

/* librsvg, opened on the first SVG (dynlib.h). */
#define RSVG_FUNCTIONS(X) \
	X(rsvg_handle_new_from_data) \
	X(rsvg_handle_set_dpi) \
	X(rsvg_handle_get_intrinsic_dimensions) \
	X(rsvg_handle_get_intrinsic_size_in_pixels) \
	X(rsvg_handle_render_document)

TR_DYNLIB_TABLE(R, RSVG_FUNCTIONS);

static tr_dynlib rsvg = { TR_RSVG_SONAME, "librsvg", "librsvg2-2", NULL };

static RsvgHandle *decode_svg(GBytes *bytes, double *w, double *h, char **warning,
                              GError **err)
{
	if (!TR_DYNLIB_OPEN(&rsvg, R, err))
		return NULL;
	gsize len;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	GError *e = NULL;
	/* From memory, without a base file: librsvg then loads nothing else. */
	RsvgHandle *svg = R.rsvg_handle_new_from_data(data, len, &e);
	if (!svg) {
		/* "XML parse error: Error domain 1 code 26 on line 5 column 30 of data:
		 * Entity 'x' not defined\n": the place and the reason. */
		char *msg = g_strstrip(g_strdup(e ? e->message : _("unknown error")));
		const char *on = strstr(msg, " on line ");
		const char *of = on ? strstr(on, " of data: ") : NULL;
		if (on && of)
			set_error(err, _("it is not an SVG file tractage can read (%.*s: %s)"),
			          (int)(of - on - 4), on + 4, of + 10);
		else
			set_error(err, _("it is not an SVG file tractage can read (librsvg: %s)"), msg);
		g_free(msg);
		g_clear_error(&e);
		return NULL;
	}
	R.rsvg_handle_set_dpi(svg, 96);
	gboolean has_w, has_h, has_box;
	RsvgLength lw, lh;
	RsvgRectangle box;
	R.rsvg_handle_get_intrinsic_dimensions(svg, &has_w, &lw, &has_h, &lh, &has_box, &box);
	if (!R.rsvg_handle_get_intrinsic_size_in_pixels(svg, w, h)) {
		*w = has_box ? box.width : 0;
		*h = has_box ? box.height : 0;
	}
	if (!(*w > 0 && *h > 0 && isfinite(*w) && isfinite(*h) && *w / *h < 1e4 &&
	      *h / *w < 1e4)) {
		set_error(err, _("the SVG has no usable size: give its <svg> element a viewBox, or a "
		            "width and a height"));
		g_object_unref(svg);
		return NULL;
	}
	/* Drawn once, small, so that an SVG librsvg cannot draw is said now. */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 32, 32);
	cairo_t *cr = cairo_create(s);
	bool ok = R.rsvg_handle_render_document(svg, cr, &(RsvgRectangle){ 0, 0, 32, 32 }, &e);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	if (!ok) {
		set_error(err, _("librsvg cannot draw this SVG (%s)"), e ? e->message : "unknown error");
		g_clear_error(&e);
		g_object_unref(svg);
		return NULL;
	}
	*warning = outside_references((const char *)data, len);
	return svg;
}

/* ---------------------------------------------------------------------------
 * Loading
 */

/* The kind of file, from its first bytes; NULL when tractage reads it. */
static const char *other_format(const guint8 *d, size_t n)
{
	/* TRANSLATORS: in "it is a GIF image: tractage reads PNG, JPEG and SVG" */
	if (n >= 6 && memcmp(d, "GIF8", 4) == 0)
		return C_("file", "a GIF image");
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return C_("file", "a WebP image");
	if (n >= 12 && memcmp(d + 4, "ftyp", 4) == 0)
		return C_("file", "a HEIC or AVIF image");
	if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
		return C_("file", "a TIFF image");
	if (n >= 2 && memcmp(d, "BM", 2) == 0)
		return C_("file", "a BMP image");
	if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return C_("file", "a PDF file");
	if (n >= 2 && d[0] == 0x1f && d[1] == 0x8b)
		return C_("file", "a compressed file (.svgz or .gz)");
	return NULL;
}

/* True when the text starts (after a BOM, spaces, an XML declaration,
 * comments or a DOCTYPE) like an SVG document. */
static bool looks_like_svg(const guint8 *d, size_t n)
{
	size_t head = MIN(n, 4096);
	if (head >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
		d += 3, head -= 3;
	size_t i = 0;
	while (i < head && g_ascii_isspace(d[i]))
		i++;
	if (i >= head || d[i] != '<')
		return false;
	return g_strstr_len((const char *)d + i, (gssize)(head - i), "<svg") != NULL;
}

tr_image *tr_image_new(GBytes *bytes, char **warning, GError **err)
{
	gsize n;
	const guint8 *d = g_bytes_get_data(bytes, &n);
	tr_image img = { .refs = 1, .orientation = 1 };
	*warning = NULL;

	if (n == 0) {
		set_error(err, _("the file is empty"));
		return NULL;
	}
	if (n > TR_IMAGE_MAX_BYTES) {
		set_error(err, _("the file is larger than %d MiB"), TR_IMAGE_MAX_BYTES >> 20);
		return NULL;
	}
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
		img.format = TR_IMAGE_PNG;
		img.surface = decode_png(d, n, err);
	} else if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff) {
		img.format = TR_IMAGE_JPEG;
		img.surface = decode_jpeg(bytes, &img.orientation, warning, err);
	} else if (looks_like_svg(d, n)) {
		img.format = TR_IMAGE_SVG;
		img.svg = decode_svg(bytes, &img.width, &img.height, warning, err);
		if (!img.svg)
			return NULL;
	} else {
		const char *other = other_format(d, n);
		if (other)
			set_error(err, _("it is %s: tractage reads PNG, JPEG and SVG (save it as PNG)"),
			          other);
		else
			set_error(err, _("it is not a PNG, JPEG or SVG image"));
		return NULL;
	}
	if (img.format != TR_IMAGE_SVG) {
		if (!img.surface)
			return NULL;
		double w = cairo_image_surface_get_width(img.surface);
		double h = cairo_image_surface_get_height(img.surface);
		bool turned = img.orientation >= 5;
		img.width = turned ? h : w;
		img.height = turned ? w : h;
	}
	img.bytes = g_bytes_ref(bytes);
	return g_memdup2(&img, sizeof img);
}

tr_image *tr_image_load(const char *path, char **warning, GError **err)
{
	*warning = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		set_error(err, "%s", g_strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		set_error(err, "%s", S_ISDIR(st.st_mode) ? _("it is a folder, not an image file")
		                                         : _("it is not a regular file"));
		close(fd);
		return NULL;
	}
	if (st.st_size > TR_IMAGE_MAX_BYTES) {
		set_error(err, _("the file is larger than %d MiB"), TR_IMAGE_MAX_BYTES >> 20);
		close(fd);
		return NULL;
	}
	GByteArray *buf = g_byte_array_sized_new((guint)st.st_size + 1);
	guint8 chunk[65536];
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			set_error(err, "%s", g_strerror(errno));
			close(fd);
			g_byte_array_unref(buf);
			return NULL;
		}
		if (r == 0)
			break;
		if (buf->len + (size_t)r > TR_IMAGE_MAX_BYTES) {
			set_error(err, _("the file is larger than %d MiB"), TR_IMAGE_MAX_BYTES >> 20);
			close(fd);
			g_byte_array_unref(buf);
			return NULL;
		}
		g_byte_array_append(buf, chunk, (guint)r);
	}
	close(fd);
	GBytes *bytes = g_byte_array_free_to_bytes(buf);
	tr_image *img = tr_image_new(bytes, warning, err);
	g_bytes_unref(bytes);
	return img;
}

tr_image *tr_image_ref(tr_image *img)
{
	g_atomic_int_inc(&img->refs);
	return img;
}

void tr_image_unref(tr_image *img)
{
	if (!img || !g_atomic_int_dec_and_test(&img->refs))
		return;
	if (img->surface)
		cairo_surface_destroy(img->surface);
	if (img->grey)
		cairo_surface_destroy(img->grey);
	if (img->svg)
		g_object_unref(img->svg);
	g_bytes_unref(img->bytes);
	g_free(img);
}

tr_image_format tr_image_get_format(const tr_image *img)
{
	return img->format;
}

void tr_image_size(const tr_image *img, double *width, double *height)
{
	*width = img->width;
	*height = img->height;
}

/* ---------------------------------------------------------------------------
 * Drawing
 */

void tr_image_place(const tr_image *img, const double box[4], tr_fit fit, tr_align align,
                    tr_valign valign, double out[4])
{
	double sx = box[2] / img->width, sy = box[3] / img->height;
	double s = fit == TR_FIT_COVER ? MAX(sx, sy) : MIN(sx, sy);
	double w = img->width * s, h = img->height * s;
	double ax = align == TR_ALIGN_RIGHT ? 1 : align == TR_ALIGN_LEFT ? 0 : 0.5;
	double ay = valign == TR_VALIGN_BOTTOM ? 1 : valign == TR_VALIGN_TOP ? 0 : 0.5;
	out[0] = box[0] + (box[2] - w) * ax;
	out[1] = box[1] + (box[3] - h) * ay;
	out[2] = w;
	out[3] = h;
}

/* From the picture as seen (0..width, 0..height) to its pixels as stored. */
static void orientation_matrix(const tr_image *img, cairo_matrix_t *m)
{
	double W = img->width, H = img->height;
	switch (img->orientation) {
	case 2: cairo_matrix_init(m, -1, 0, 0, 1, W, 0); break;
	case 3: cairo_matrix_init(m, -1, 0, 0, -1, W, H); break;
	case 4: cairo_matrix_init(m, 1, 0, 0, -1, 0, H); break;
	case 5: cairo_matrix_init(m, 0, 1, 1, 0, 0, 0); break;
	case 6: cairo_matrix_init(m, 0, -1, 1, 0, 0, W); break;
	case 7: cairo_matrix_init(m, 0, -1, -1, 0, H, W); break;
	case 8: cairo_matrix_init(m, 0, 1, -1, 0, H, 0); break;
	default: cairo_matrix_init_identity(m); break;
	}
}

/* Paints surface s (the picture as stored, seen through the orientation) over
 * the rectangle r, scaled to it. */
static void paint_pixels(cairo_t *cr, const tr_image *img, cairo_surface_t *s,
                         const double r[4])
{
	cairo_save(cr);
	cairo_translate(cr, r[0], r[1]);
	cairo_scale(cr, r[2] / img->width, r[3] / img->height);
	cairo_pattern_t *p = cairo_pattern_create_for_surface(s);
	cairo_matrix_t m;
	orientation_matrix(img, &m);
	cairo_pattern_set_matrix(p, &m);
	cairo_pattern_set_filter(p, CAIRO_FILTER_GOOD);
	cairo_set_source(cr, p);
	cairo_rectangle(cr, 0, 0, img->width, img->height);
	cairo_fill(cr);
	cairo_pattern_destroy(p);
	cairo_restore(cr);
}

/* Device pixels per user unit at cr, for an SVG drawn as an image: the device's
 * own on an image surface, GREY_SVG_DPI on vector surfaces (1 unit = 1 pt). */
static double raster_scale(cairo_t *cr)
{
	double dx = 1, dy = 0;
	cairo_user_to_device_distance(cr, &dx, &dy);
	double s = hypot(dx, dy);
	cairo_surface_type_t t = cairo_surface_get_type(cairo_get_target(cr));
	if (t != CAIRO_SURFACE_TYPE_IMAGE)
		s *= GREY_SVG_DPI / 72;
	return s;
}

void tr_image_draw(cairo_t *cr, const tr_image *img, const double box[4], tr_fit fit,
                   tr_align align, tr_valign valign, bool grey)
{
	double r[4];
	tr_image_place(img, box, fit, align, valign, r);
	cairo_save(cr);
	cairo_rectangle(cr, box[0], box[1], box[2], box[3]);
	cairo_clip(cr);
	if (img->svg && !grey) {
		R.rsvg_handle_render_document(img->svg, cr, &(RsvgRectangle){ r[0], r[1], r[2], r[3] },
		                            NULL);
	} else if (img->svg) {
		double k = raster_scale(cr);
		int w = (int)CLAMP(ceil(r[2] * k), 1, GREY_SVG_MAX_SIDE);
		int h = (int)CLAMP(ceil(r[3] * k), 1, GREY_SVG_MAX_SIDE);
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
		cairo_t *sc = cairo_create(s);
		R.rsvg_handle_render_document(img->svg, sc, &(RsvgRectangle){ 0, 0, w, h }, NULL);
		cairo_destroy(sc);
		tr_mono_grey_pixels(s);
		tr_image tmp = *img;
		tmp.width = w;
		tmp.height = h;
		tmp.orientation = 1;
		paint_pixels(cr, &tmp, s, r);
		cairo_surface_destroy(s);
	} else {
		cairo_surface_t *s = img->surface;
		if (grey) {
			tr_image *mut = (tr_image *)img; /* a cache: drawing stays const */
			if (!mut->grey) {
				int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
				mut->grey = cairo_image_surface_create(cairo_image_surface_get_format(s), w, h);
				cairo_t *gc = cairo_create(mut->grey);
				cairo_set_source_surface(gc, s, 0, 0);
				cairo_set_operator(gc, CAIRO_OPERATOR_SOURCE);
				cairo_paint(gc);
				cairo_destroy(gc);
				tr_mono_grey_pixels(mut->grey);
			}
			s = img->grey;
		}
		paint_pixels(cr, img, s, r);
	}
	cairo_restore(cr);
}
