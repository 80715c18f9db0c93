/* mkimage.c — writes a test picture (tests/lib/images.h) for the test scripts.
 *
 *   mkimage png WIDTH HEIGHT OUT [alpha] [16bit]
 *   mkimage jpeg WIDTH HEIGHT OUT [grey|cmyk] [orientation=N] [quality=N] [noise=N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "images.h"

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: mkimage png|jpeg WIDTH HEIGHT OUT [options]\n");
		return 2;
	}
	int w = atoi(argv[2]), h = atoi(argv[3]);
	int alpha = 0, sixteen = 0, grey = 0, cmyk = 0, orientation = 1, quality = 90, noise = 0;
	for (int i = 5; i < argc; i++) {
		if (!strcmp(argv[i], "alpha"))
			alpha = 1;
		else if (!strcmp(argv[i], "16bit"))
			sixteen = 1;
		else if (!strcmp(argv[i], "grey"))
			grey = 1;
		else if (!strcmp(argv[i], "cmyk"))
			cmyk = 1;
		else if (!strncmp(argv[i], "orientation=", 12))
			orientation = atoi(argv[i] + 12);
		else if (!strncmp(argv[i], "quality=", 8))
			quality = atoi(argv[i] + 8);
		else if (!strncmp(argv[i], "noise=", 6))
			noise = atoi(argv[i] + 6);
		else {
			fprintf(stderr, "mkimage: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (!strcmp(argv[1], "png"))
		return tr_test_write_png(argv[4], w, h, alpha, sixteen);
	if (!strcmp(argv[1], "jpeg"))
		return tr_test_write_jpeg(argv[4], w, h, grey, cmyk, orientation, quality, noise);
	fprintf(stderr, "mkimage: unknown kind %s\n", argv[1]);
	return 2;
}
