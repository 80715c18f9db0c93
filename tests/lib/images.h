/* images.h — the pictures the tests use, written on the fly so that no
 * binary test picture is kept in git (tests/tools/mkimage.c for the scripts,
 * the unit tests directly).
 *
 * The picture: a left-to-right red gradient, a top-to-bottom blue gradient and
 * a dark square (RGB 20, 20, 20) in the top-left quarter, so that a picture
 * turned the wrong way shows it elsewhere; plus noise of amplitude `noise`
 * (0 to 255), for photo-like JPEG sizes.
 */
#ifndef TR_TESTS_IMAGES_H
#define TR_TESTS_IMAGES_H

/* A PNG, 8 or 16 bits (sixteen), with an alpha channel (alpha: transparent in
 * the top-left corner, then more and more opaque to the right) or none.
 * Returns 0, or 1 with a message on stderr. */
int tr_test_write_png(const char *out, int w, int h, int alpha, int sixteen);

/* A JPEG: RGB, grey, or Adobe CMYK (stored as YCCK, as Photoshop writes it),
 * with an EXIF orientation (1: none) and a quality (1 to 100). Returns 0 or 1. */
int tr_test_write_jpeg(const char *out, int w, int h, int grey, int cmyk, int orientation,
                       int quality, int noise);

#endif
