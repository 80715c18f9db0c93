/* print.c — what the laid-out documents show:
 *   - every colour pair of text on its ground reaches the contrast WCAG 2 level
 *     AA asks for (4.5:1, or 3:1 for text of 18 pt, or 14 pt bold), in colour
 *     and in the greys of black and white (--mono, render/mono.c);
 *   - every document shows the print mention (a frame of field print-mention
 *     or footer): the printer's name on anything handed out in public;
 *   - a poster shows the date and the place.
 * Findings point at the frame in the layout file. (Text set below the size
 * its frame wishes is not a finding here: the layout engine warns about it
 * itself, in build and check alike, src/layout/fit.c.)
 */
#include <math.h>
#include <string.h>

#include "check/finding.h"
#include "layout/compose.h"
#include "layout/shape.h"
#include "render/mono.h"
#include "i18n.h"

/* WCAG 2, level AA. */
#define AA_TEXT 4.5
#define AA_LARGE 3.0

/* The item of the layout a frame id names (pages, then stacks' children). */
static const tr_item *item_named(const tr_layoutdesc *ld, const char *id)
{
	tr_item_iter iter = { 0 };
	const tr_item *it;
	while ((it = tr_layout_next_item(ld, &iter, NULL)))
		if (it->id && strcmp(it->id, id) == 0)
			return it;
	return NULL;
}

static double contrast(tr_rgb a, tr_rgb b)
{
	double la = tr_mono_luminance(a), lb = tr_mono_luminance(b);
	return (MAX(la, lb) + 0.05) / (MIN(la, lb) + 0.05);
}

/* "#b3132b" */
static char *hex(tr_rgb c)
{
	return g_strdup_printf("#%02x%02x%02x", (int)lround(c.r * 255), (int)lround(c.g * 255),
	                       (int)lround(c.b * 255));
}

/* What one pair of colours was found: the first line that shows it. */
typedef struct {
	tr_findings *f;
	const tr_layoutdesc *ld;
	GHashTable *seen; /* "mono|frame|fg|bg" already reported */
} pairs;

static void check_pair(pairs *P, const char *frame, bool mono, tr_rgb fg, tr_rgb bg,
                       double size, int weight)
{
	bool large = size >= 18 || (size >= 14 && weight >= PANGO_WEIGHT_BOLD);
	double need = large ? AA_LARGE : AA_TEXT, got = contrast(fg, bg);
	if (got >= need)
		return;
	char *f = hex(fg), *b = hex(bg);
	char *key = g_strdup_printf("%d|%s|%s|%s", mono, frame, f, b);
	if (!g_hash_table_contains(P->seen, key)) {
		const tr_item *it = item_named(P->ld, frame);
		tr_pos pos = it ? it->pos : TR_NOPOS;
		if (mono)
			tr_findings_add_in(P->f, TR_FIND_MONO, P->ld->path, pos,
			                   large ? _("in black and white (--mono), the text of frame \"%s\" "
			                             "comes out %s on %s: a contrast of %.1f:1, below the "
			                             "%.1f:1 of WCAG AA for large text")
			                         : _("in black and white (--mono), the text of frame \"%s\" "
			                             "comes out %s on %s: a contrast of %.1f:1, below the "
			                             "%.1f:1 of WCAG AA for this size of text"),
			                   frame, f, b, floor(got * 10) / 10, need);
		else
			tr_findings_add_in(P->f, TR_FIND_CONTRAST, P->ld->path, pos,
			                   large ? _("the text of frame \"%s\" is %s on %s: a contrast of "
			                             "%.1f:1, below the %.1f:1 of WCAG AA for large text")
			                         : _("the text of frame \"%s\" is %s on %s: a contrast of "
			                             "%.1f:1, below the %.1f:1 of WCAG AA for this size of "
			                             "text"),
			                   frame, f, b, floor(got * 10) / 10, need);
		g_hash_table_add(P->seen, key);
	} else {
		g_free(key);
	}
	g_free(f);
	g_free(b);
}

/* The colours the runs of a line are drawn in, noted by tr_textline_draw()'s
 * ink function: whether a run takes the line's colour, and the colours runs
 * set for themselves (a date in the accent colour). */
typedef struct {
	bool plain;
	tr_rgb own[8];
	int n;
} run_colours;

static tr_rgb note_ink(void *data, const tr_rgb *own)
{
	run_colours *rc = data;
	if (!own) {
		rc->plain = true;
		return (tr_rgb){ 0, 0, 0 };
	}
	for (int i = 0; i < rc->n; i++)
		if (rc->own[i].r == own->r && rc->own[i].g == own->g && rc->own[i].b == own->b)
			return *own;
	if (rc->n < (int)G_N_ELEMENTS(rc->own))
		rc->own[rc->n++] = *own;
	return *own;
}

/* Every run of every line, against its ground, in colour and in greys. */
static void check_contrast(tr_findings *f, const tr_doc *doc, const tr_layoutdesc *ld)
{
	pairs P = { f, ld, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
	tr_mono *mono = tr_mono_new(ld);
	for (size_t p = 0; p < doc->n_pages; p++) {
		const tr_docpage *pg = &doc->pages[p];
		long *grounds = tr_mono_grounds(doc, p);
		tr_mono_ink *inks = tr_mono_page(mono, doc, p);
		/* the lines are drawn nowhere, only to learn their runs' colours */
		cairo_surface_t *nowhere = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA,
		                                                          NULL);
		cairo_t *cr = cairo_create(nowhere);
		for (size_t i = 0; i < pg->n_ops; i++) {
			const tr_op *op = &pg->ops[i];
			if (op->kind != TR_OP_LINE || !op->frame || !op->text)
				continue;
			run_colours rc = { false, { { 0, 0, 0 } }, 0 };
			tr_textline_draw(op->text, cr, op->x, op->y, note_ink, &rc);
			tr_rgb bg = grounds[i] < 0 ? doc->paper : pg->ops[grounds[i]].colour;
			tr_rgb grey_bg = { inks[i].under, inks[i].under, inks[i].under };
			int weight = PANGO_WEIGHT_NORMAL;
			PangoFont *font = tr_textline_font(op->text);
			if (font) {
				PangoFontDescription *fd = pango_font_describe(font);
				weight = pango_font_description_get_weight(fd);
				pango_font_description_free(fd);
				g_object_unref(font);
			}
			if (rc.plain) {
				check_pair(&P, op->frame, false, op->colour, bg, op->size, weight);
				check_pair(&P, op->frame, true, inks[i].colour, grey_bg, op->size, weight);
			}
			for (int k = 0; k < rc.n; k++) {
				check_pair(&P, op->frame, false, rc.own[k], bg, op->size, weight);
				check_pair(&P, op->frame, true, tr_mono_text(mono, rc.own[k], inks[i].under),
				           grey_bg, op->size, weight);
			}
		}
		cairo_destroy(cr);
		cairo_surface_destroy(nowhere);
		g_free(inks);
		g_free(grounds);
	}
	tr_mono_free(mono);
	g_hash_table_unref(P.seen);
}

/* The fields the document shows: those of the frames that hold a line. */
static void shown_fields(const tr_doc *doc, const tr_layoutdesc *ld, bool shown[TR_BIND__MAX])
{
	for (size_t p = 0; p < doc->n_pages; p++)
		for (size_t i = 0; i < doc->pages[p].n_ops; i++) {
			const tr_op *op = &doc->pages[p].ops[i];
			const tr_item *it = op->kind == TR_OP_LINE && op->frame
				                    ? item_named(ld, op->frame)
				                    : NULL;
			if (it && it->field > TR_BIND_NONE && it->field < TR_BIND__MAX)
				shown[it->field] = true;
		}
}

static void check_mentions(tr_findings *f, const tr_doc *doc, const tr_layoutdesc *ld)
{
	bool shown[TR_BIND__MAX] = { false };
	shown_fields(doc, ld, shown);
	if (!shown[TR_BIND_PRINT_MENTION] && !shown[TR_BIND_FOOTER])
		tr_findings_add_in(f, TR_FIND_PRINT_MENTION, ld->path, TR_NOPOS,
		                   _("the %s %s shows no print mention (\"%s\"): give a frame the field "
		                     "%s or %s"), doc->kind, doc->name, f->ev->print_mention.text,
		                   tr_binding_name(TR_BIND_PRINT_MENTION),
		                   tr_binding_name(TR_BIND_FOOTER));
	if (strcmp(doc->kind, "poster") != 0)
		return;
	if (!shown[TR_BIND_DATE] && !shown[TR_BIND_WHEN_WHERE])
		tr_findings_add_in(f, TR_FIND_POSTER, ld->path, TR_NOPOS,
		                   _("the poster %s shows no date: give a frame the field %s or %s"),
		                   doc->name, tr_binding_name(TR_BIND_DATE),
		                   tr_binding_name(TR_BIND_WHEN_WHERE));
	if (!shown[TR_BIND_VENUE] && !shown[TR_BIND_WHEN_WHERE])
		tr_findings_add_in(f, TR_FIND_POSTER, ld->path, TR_NOPOS,
		                   _("the poster %s shows no place: give a frame the field %s or %s"),
		                   doc->name, tr_binding_name(TR_BIND_VENUE),
		                   tr_binding_name(TR_BIND_WHEN_WHERE));
}

void tr_check_print(tr_findings *f, const tr_doc *doc, const tr_layoutdesc *ld)
{
	check_contrast(f, doc, ld);
	check_mentions(f, doc, ld);
}
