/* pdf.c — the PDF renderer: cairo, in memory, then one atomic write. */
#include "render/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "render/draw.h"
#include "render/pdfpost.h"
#include "i18n.h"

static cairo_status_t append_bytes(void *closure, const unsigned char *data,
                                   unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* cairo 1.16 writes the dates it is given as "(20171003083000Z)", without the
 * "D:" that PDF requires. Insert it, and shift the cross-reference table's
 * offsets that follow each insertion, so the file stays valid. */
static bool fix_dates(GByteArray *pdf)
{
	static const char *const keys[] = { "/CreationDate (", "/ModDate (" };
	size_t at[2];
	int n = 0;
	for (int k = 0; k < 2; k++) {
		const char *hit = memmem(pdf->data, pdf->len, keys[k], strlen(keys[k]));
		if (!hit)
			continue;
		size_t pos = hit - (const char *)pdf->data + strlen(keys[k]);
		if (pos < pdf->len && g_ascii_isdigit(pdf->data[pos]))
			at[n++] = pos;
	}
	if (n == 2 && at[1] < at[0]) {
		size_t t = at[0];
		at[0] = at[1];
		at[1] = t;
	}
	/* startxref */
	const char *tail = (const char *)pdf->data + (pdf->len > 64 ? pdf->len - 64 : 0);
	const char *sx = NULL;
	for (const char *q = tail; (q = memmem(q, (const char *)pdf->data + pdf->len - q, "startxref", 9));
	     q++)
		sx = q;
	if (!sx)
		return false;
	size_t xref = strtoull(sx + 9, NULL, 10);
	if (xref + 4 >= pdf->len || memcmp(pdf->data + xref, "xref", 4) != 0)
		return false;
	/* Entries of the table: "0 N\n" then N lines of 20 bytes. */
	char *p = (char *)pdf->data + xref + 4;
	while (*p == '\n' || *p == '\r' || *p == ' ')
		p++;
	char *endp;
	strtoul(p, &endp, 10);
	unsigned long count = strtoul(endp, &endp, 10);
	while (*endp == '\n' || *endp == '\r' || *endp == ' ')
		endp++;
	size_t table = endp - (char *)pdf->data;
	if (table + count * 20 > pdf->len)
		return false;
	for (unsigned long i = 0; i < count; i++) {
		char *entry = (char *)pdf->data + table + i * 20;
		if (entry[17] != 'n')
			continue;
		size_t off = strtoull(entry, NULL, 10), shift = 0;
		for (int k = 0; k < n; k++)
			if (off > at[k])
				shift += 2;
		if (shift) {
			char num[11];
			g_snprintf(num, sizeof num, "%010zu", off + shift);
			memcpy(entry, num, 10);
		}
	}
	size_t new_xref = xref;
	for (int k = 0; k < n; k++)
		if (xref > at[k])
			new_xref += 2;
	/* Rewrite the startxref number, then insert from the end backwards. */
	size_t sx_pos = sx - (const char *)pdf->data;
	char *num = g_strdup_printf("startxref\n%zu\n%%%%EOF\n", new_xref);
	g_byte_array_set_size(pdf, sx_pos);
	g_byte_array_append(pdf, (const guint8 *)num, strlen(num));
	g_free(num);
	for (int k = n - 1; k >= 0; k--) {
		g_byte_array_set_size(pdf, pdf->len + 2);
		memmove(pdf->data + at[k] + 2, pdf->data + at[k], pdf->len - 2 - at[k]);
		memcpy(pdf->data + at[k], "D:", 2);
	}
	return true;
}

struct tr_pdf {
	GByteArray *buf;
	cairo_surface_t *surface;
	cairo_t *cr;
	double width, height; /* of the current page */
	size_t pages;
};

tr_pdf *tr_pdf_new(const tr_doc *doc, double width, double height, int64_t date)
{
	tr_pdf *pdf = g_new0(tr_pdf, 1);
	pdf->buf = g_byte_array_new();
	pdf->width = width;
	pdf->height = height;
	pdf->surface = cairo_pdf_surface_create_for_stream(append_bytes, pdf->buf, width, height);
	cairo_surface_t *s = pdf->surface;
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);

	GDateTime *dt = g_date_time_new_from_unix_utc(date);
	char *iso = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
	g_date_time_unref(dt);
	char *creator = g_strdup_printf("tractage %s", TR_VERSION);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, doc->author);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, doc->subject);
	if (doc->keywords && *doc->keywords)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, doc->keywords);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, creator);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
	g_free(creator);
	g_free(iso);

	pdf->cr = cairo_create(s);
	/* cairo 1.16 reserves an object for the structure tree as soon as a link is
	 * tagged, and writes it only if the document has a structure: without one
	 * the cross-reference table points at nothing (qpdf: "file is damaged").
	 * A Document element makes the file valid, and tagged. */
	cairo_tag_begin(pdf->cr, "Document", NULL);
	return pdf;
}

cairo_t *tr_pdf_cairo(tr_pdf *pdf)
{
	return pdf->cr;
}

void tr_pdf_begin_page(tr_pdf *pdf, double width, double height, const char *label)
{
	if (pdf->pages++ > 0)
		cairo_show_page(pdf->cr);
	/* Only when the size changes, and so never on the first page: in cairo 1.16
	 * a new size starts a new recording of the page, which would lose the
	 * Document tag begun on it. */
	if (width != pdf->width || height != pdf->height) {
		cairo_pdf_surface_set_size(pdf->surface, width, height);
		pdf->width = width;
		pdf->height = height;
	}
	if (label)
		cairo_pdf_surface_set_page_label(pdf->surface, label);
}

GBytes *tr_pdf_finish(tr_pdf *pdf, GError **err)
{
	GBytes *out = NULL;
	cairo_tag_end(pdf->cr, "Document");
	cairo_show_page(pdf->cr);
	cairo_status_t st = cairo_status(pdf->cr);
	cairo_destroy(pdf->cr);
	pdf->cr = NULL;
	cairo_surface_finish(pdf->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(pdf->surface);
	if (st != CAIRO_STATUS_SUCCESS)
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cairo could not draw the PDF: %s"),
		            cairo_status_to_string(st));
	else if (!fix_dates(pdf->buf))
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            _("unexpected PDF structure from cairo (no cross-reference table)"));
	else {
		out = g_byte_array_free_to_bytes(pdf->buf);
		pdf->buf = NULL;
	}
	tr_pdf_free(pdf);
	return out;
}

void tr_pdf_free(tr_pdf *pdf)
{
	if (!pdf)
		return;
	if (pdf->cr)
		cairo_destroy(pdf->cr);
	if (pdf->surface) {
		cairo_surface_finish(pdf->surface);
		cairo_surface_destroy(pdf->surface);
	}
	if (pdf->buf)
		g_byte_array_unref(pdf->buf);
	g_free(pdf);
}

GBytes *tr_pdf_render_with(const tr_doc *doc, const tr_draw_opts *o, int64_t date,
                           GError **err)
{
	tr_pdf *pdf = tr_pdf_new(doc, doc->width, doc->height, date);
	tr_draw_opts opts = o ? *o : (tr_draw_opts){ 0 };
	opts.links = true;
	for (size_t p = 0; p < doc->n_pages; p++) {
		tr_pdf_begin_page(pdf, doc->width, doc->height, doc->pages[p].name);
		tr_draw_page(pdf->cr, doc, p, &opts);
	}
	GBytes *out = tr_pdf_finish(pdf, err);
	if (out && opts.mono)
		out = tr_pdf_post(out, &(tr_pdfpost){ .grey = true }, err);
	return out;
}

GBytes *tr_pdf_post(GBytes *pdf, const tr_pdfpost *o, GError **err)
{
	if (!pdf)
		return NULL;
	GBytes *out = tr_pdfpost_run(pdf, o, err);
	g_bytes_unref(pdf);
	return out;
}

GBytes *tr_pdf_render(const tr_doc *doc, int64_t date, GError **err)
{
	return tr_pdf_render_with(doc, NULL, date, err);
}

gboolean tr_write_atomic(const char *path, GBytes *bytes, GError **err)
{
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	return g_file_set_contents_full(path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
	                                err);
}
