/* pdf.c — the PDF renderer: cairo, in memory, then one atomic write. */
#include "render/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static cairo_status_t append_bytes(void *closure, const unsigned char *data,
                                   unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A URI as a quoted value of a cairo tag attribute. */
static char *tag_quote(const char *s)
{
	GString *out = g_string_new("'");
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '\'');
	return g_string_free(out, FALSE);
}

static void set_source(cairo_t *cr, tr_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void draw_page(cairo_t *cr, const tr_doc *doc, const tr_docpage *page)
{
	if (doc->paper.r < 1 || doc->paper.g < 1 || doc->paper.b < 1) {
		set_source(cr, doc->paper);
		cairo_rectangle(cr, 0, 0, doc->width, doc->height);
		cairo_fill(cr);
	}
	for (size_t i = 0; i < page->n_ops; i++) {
		const tr_op *op = &page->ops[i];
		switch (op->kind) {
		case TR_OP_RECT:
			set_source(cr, op->colour);
			cairo_rectangle(cr, op->x, op->y, op->w, op->h);
			cairo_fill(cr);
			break;
		case TR_OP_RULE:
			set_source(cr, op->colour);
			cairo_set_line_width(cr, op->line_width);
			cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
			cairo_move_to(cr, op->x, op->y);
			cairo_line_to(cr, op->x + op->w, op->y + op->h);
			cairo_stroke(cr);
			break;
		case TR_OP_LINE:
			set_source(cr, op->colour);
			cairo_move_to(cr, op->x, op->y);
			pango_cairo_show_layout_line(
				cr, pango_layout_get_line_readonly(op->layout, op->line));
			break;
		case TR_OP_LINK: {
			char *uri = tag_quote(op->uri);
			char *attrs = g_strdup_printf("uri=%s rect=[%.2f %.2f %.2f %.2f]", uri,
			                              op->x, op->y, op->w, op->h);
			cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
			cairo_tag_end(cr, CAIRO_TAG_LINK);
			g_free(attrs);
			g_free(uri);
			break;
		}
		default:
			break;
		}
	}
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

GBytes *tr_pdf_render(const tr_doc *doc, int64_t date, GError **err)
{
	GByteArray *buf = g_byte_array_new();
	cairo_surface_t *s =
		cairo_pdf_surface_create_for_stream(append_bytes, buf, doc->width, doc->height);
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

	cairo_t *cr = cairo_create(s);
	/* cairo 1.16 reserves an object for the structure tree as soon as a link is
	 * tagged, and writes it only if the document has a structure: without one
	 * the cross-reference table points at nothing (qpdf: "file is damaged").
	 * A Document element makes the file valid, and tagged. */
	cairo_tag_begin(cr, "Document", NULL);
	for (size_t p = 0; p < doc->n_pages; p++) {
		cairo_pdf_surface_set_page_label(s, doc->pages[p].name);
		draw_page(cr, doc, &doc->pages[p]);
		if (p + 1 == doc->n_pages)
			cairo_tag_end(cr, "Document");
		cairo_show_page(cr);
	}
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cairo could not draw the PDF: %s",
		            cairo_status_to_string(st));
		g_byte_array_unref(buf);
		return NULL;
	}
	if (!fix_dates(buf)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            "unexpected PDF structure from cairo (no cross-reference table)");
		g_byte_array_unref(buf);
		return NULL;
	}
	return g_byte_array_free_to_bytes(buf);
}

gboolean tr_write_atomic(const char *path, GBytes *bytes, GError **err)
{
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	return g_file_set_contents_full(path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
	                                err);
}
