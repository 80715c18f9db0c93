/* qr.c — QR codes with libqrencode. */
#include "render/qr.h"
#include "i18n.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

struct tr_qr {
	char *text;
	int width;       /* modules of the code itself, without the quiet zone */
	guint8 *dark;    /* width * width, row by row: 1 for a dark module */
};

tr_qr *tr_qr_new(const char *text, GError **err)
{
	size_t n = strlen(text);
	if (n == 0) {
		g_set_error_literal(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("there is nothing to encode"));
		return NULL;
	}
	if (n > TR_QR_MAX_BYTES) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("it is %zu bytes long: a QR code holds at most %d here (a longer one has "
		              "modules too small for a phone at a few centimetres); use a shorter "
		              "address"), n, TR_QR_MAX_BYTES);
		return NULL;
	}
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
	if (!code) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("libqrencode cannot encode it (%s)"),
		            g_strerror(errno));
		return NULL;
	}
	tr_qr *qr = g_new0(tr_qr, 1);
	qr->text = g_strdup(text);
	qr->width = code->width;
	qr->dark = g_new(guint8, (size_t)code->width * code->width);
	for (int i = 0; i < code->width * code->width; i++)
		qr->dark[i] = code->data[i] & 1;
	QRcode_free(code);
	return qr;
}

void tr_qr_free(tr_qr *qr)
{
	if (!qr)
		return;
	g_free(qr->text);
	g_free(qr->dark);
	g_free(qr);
}

int tr_qr_modules(const tr_qr *qr)
{
	return qr->width + 2 * TR_QR_QUIET;
}

const char *tr_qr_text(const tr_qr *qr)
{
	return qr->text;
}

void tr_qr_draw(cairo_t *cr, const tr_qr *qr, double x, double y, double size, tr_rgb dark,
                tr_rgb light)
{
	double m = size / tr_qr_modules(qr);
	cairo_save(cr);
	cairo_set_source_rgb(cr, light.r, light.g, light.b);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_new_path(cr);
	for (int r = 0; r < qr->width; r++)
		for (int c = 0; c < qr->width;) {
			if (!qr->dark[r * qr->width + c]) {
				c++;
				continue;
			}
			int c0 = c;
			while (c < qr->width && qr->dark[r * qr->width + c])
				c++;
			cairo_rectangle(cr, x + (TR_QR_QUIET + c0) * m, y + (TR_QR_QUIET + r) * m,
			                (c - c0) * m, m);
		}
	cairo_set_source_rgb(cr, dark.r, dark.g, dark.b);
	cairo_fill(cr);
	cairo_restore(cr);
}
