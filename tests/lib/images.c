/* images.c — test pictures: PNG with libpng, JPEG with libjpeg. */
#include "images.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* jpeglib.h needs stdio.h first */
#include <jpeglib.h>
#include <png.h>

static unsigned rnd_state = 12345;
static int rnd(int amp)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return amp ? (int)((rnd_state >> 16) % (unsigned)(2 * amp + 1)) - amp : 0;
}

static int clamp(int v)
{
	return v < 0 ? 0 : v > 255 ? 255 : v;
}

static void pixel(int x, int y, int w, int h, int noise, int rgb[3])
{
	int dark = x < w / 4 && y < h / 4;
	int n = rnd(noise);
	rgb[0] = clamp((dark ? 20 : 255 * x / (w > 1 ? w - 1 : 1)) + n);
	rgb[1] = clamp((dark ? 20 : 96) + n);
	rgb[2] = clamp((dark ? 20 : 255 * y / (h > 1 ? h - 1 : 1)) + n);
}

int tr_test_write_png(const char *out, int w, int h, int alpha, int sixteen)
{
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	im.width = (png_uint_32)w;
	im.height = (png_uint_32)h;
	im.format = (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB) | (sixteen ? PNG_FORMAT_FLAG_LINEAR : 0);
	int ch = alpha ? 4 : 3;
	size_t size = (size_t)w * h * ch * (sixteen ? 2 : 1);
	unsigned char *buf = malloc(size);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int rgb[3];
			pixel(x, y, w, h, 0, rgb);
			int a = alpha ? (x + y < (w + h) / 4 ? 0 : 255 * x / (w > 1 ? w - 1 : 1)) : 255;
			int v[4] = { rgb[0], rgb[1], rgb[2], a };
			for (int c = 0; c < ch; c++) {
				size_t i = ((size_t)y * w + x) * ch + c;
				if (sixteen)
					((uint16_t *)buf)[i] = (uint16_t)(v[c] * 257);
				else
					buf[i] = (unsigned char)v[c];
			}
		}
	int ok = png_image_write_to_file(&im, out, 0, buf, 0, NULL);
	free(buf);
	if (!ok)
		fprintf(stderr, "mkimage: %s\n", im.message);
	return ok ? 0 : 1;
}

/* An APP1 Exif block with one IFD0 entry: the orientation. */
static void write_exif(j_compress_ptr c, int orientation)
{
	unsigned char e[] = {
		'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, 42, 0, 0, 0, 8,           /* big-endian TIFF, IFD0 at 8 */
		0, 1,                                  /* one entry */
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (unsigned char)orientation, 0, 0,
		0, 0, 0, 0                             /* no next IFD */
	};
	jpeg_write_marker(c, JPEG_APP0 + 1, e, sizeof e);
}

int tr_test_write_jpeg(const char *out, int w, int h, int grey, int cmyk, int orientation,
                       int quality, int noise)
{
	FILE *f = fopen(out, "wb");
	if (!f)
		return 1;
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr jerr;
	c.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = grey ? 1 : cmyk ? 4 : 3;
	c.in_color_space = grey ? JCS_GRAYSCALE : cmyk ? JCS_CMYK : JCS_RGB;
	jpeg_set_defaults(&c);
	if (cmyk)
		jpeg_set_colorspace(&c, JCS_YCCK); /* as Photoshop writes them; with an Adobe marker */
	jpeg_set_quality(&c, quality, TRUE);
	jpeg_start_compress(&c, TRUE);
	if (orientation > 1)
		write_exif(&c, orientation);
	unsigned char *row = malloc((size_t)w * 4);
	while (c.next_scanline < c.image_height) {
		int y = (int)c.next_scanline;
		for (int x = 0; x < w; x++) {
			int rgb[3];
			pixel(x, y, w, h, noise, rgb);
			if (grey) {
				row[x] = (unsigned char)((rgb[0] * 3 + rgb[1] * 6 + rgb[2]) / 10);
			} else if (cmyk) {
				/* Adobe CMYK is stored inverted: 255 means no ink. */
				int k = 255 - (rgb[0] > rgb[1] ? (rgb[0] > rgb[2] ? rgb[0] : rgb[2])
				                                : (rgb[1] > rgb[2] ? rgb[1] : rgb[2]));
				for (int i = 0; i < 3; i++)
					row[4 * x + i] = (unsigned char)(k == 255 ? 255 : 255 - (255 - rgb[i] - k) * 255 / (255 - k));
				row[4 * x + 3] = (unsigned char)(255 - k);
			} else {
				for (int i = 0; i < 3; i++)
					row[3 * x + i] = (unsigned char)rgb[i];
			}
		}
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	return fclose(f) == 0 ? 0 : 1;
}

