/* test-compose.c — the fields of an event written out as paragraphs: the date
 * and place block, the programme. */
#include <math.h>
#include <string.h>

#include "layout/compose.h"
#include "layout/shape.h"
#include "load-ok.h"
#include "typo/fonts.h"

#define NB "\u00a0"

static tr_fonts *fonts;
static tr_composer *composer;

static const char *head =
	"organiser: { name: CGT santé }\n"
	"event:\n"
	"  title: Assemblée générale\n"
	"  venue: { name: Salle du conseil, city: Saint-Denis }\n";

static tr_event *load(const char *rest)
{
	return load_content_ok(g_strconcat(head, rest, NULL));
}

/* A plain style: Inter, no upper case, no hyphenation. */
static tr_textstyle style(void)
{
	tr_textstyle st = { 0 };
	st.font = (char *)"Inter";
	st.weight = 400;
	st.strong_weight = 700;
	st.heading_font = (char *)"League Spartan";
	st.heading_weight = 700;
	st.size_min = st.size_max = 10;
	st.leading = 1.3;
	return st;
}

static tr_textblock compose(const tr_event *ev, tr_binding b)
{
	tr_textstyle st = style();
	tr_textblock tb = { 0 };
	g_assert_true(tr_compose_block(composer, ev, b, &st, &tb));
	return tb;
}

static const tr_para *para(const tr_textblock *tb, guint i)
{
	g_assert_cmpuint(i, <, tb->paras->len);
	return g_ptr_array_index(tb->paras, i);
}

/* Two sessions the same day: the day once, then both hours (#8). */
static void test_same_day(void)
{
	tr_event *ev = load("  sessions:\n"
	                    "    - { date: 2025-06-10, start: \"07:00\" }\n"
	                    "    - { date: 2025-06-10, start: \"14:00\" }\n");
	tr_textblock tb = compose(ev, TR_BIND_WHEN_WHERE);
	g_assert_cmpstr(para(&tb, 0)->text, ==, "Mardi 10" NB "juin 2025");
	g_assert_cmpstr(para(&tb, 1)->text, ==, "À" NB "7" NB "h" NB "et à" NB "14" NB "h");
	g_assert_cmpstr(para(&tb, 2)->text, ==, "Salle du conseil");
	tr_textblock_clear(&tb);
	tb = compose(ev, TR_BIND_TIME);
	g_assert_cmpuint(tb.paras->len, ==, 1);
	g_assert_cmpstr(para(&tb, 0)->text, ==, "À" NB "7" NB "h" NB "et à" NB "14" NB "h");
	tr_textblock_clear(&tb);
	tr_event_free(ev);
}

/* A session's time to be confirmed is said so where the hours are. */
static void test_session_tbc(void)
{
	tr_event *ev = load("  sessions:\n    - { date: 2025-06-10, tbc: true }\n");
	tr_textblock tb = compose(ev, TR_BIND_WHEN_WHERE);
	g_assert_cmpstr(para(&tb, 1)->text, ==, "Horaire à" NB "confirmer");
	tr_textblock_clear(&tb);
	tr_event_free(ev);
}

/* The programme: its own heading, an item's end after its start, the detail
 * as its own smaller paragraph in italics under the title, lined up with it,
 * and a time to be confirmed said after the title. */
static void test_programme(void)
{
	tr_event *ev = load("  sessions: [2025-06-10]\n"
	                    "programme_title: Intervenants\n"
	                    "programme:\n"
	                    "  - { time: 9h, end: 11h, title: Accueil, detail: Café }\n"
	                    "  - { time: 11h, title: Débat, speaker: X, tbc: true }\n"
	                    "  - { time: 14h30, end: 16h30, title: Clôture }\n");
	tr_textblock tb = compose(ev, TR_BIND_PROGRAMME);
	g_assert_cmpuint(tb.paras->len, ==, 5);
	const tr_para *h = para(&tb, 0), *a = para(&tb, 1), *d = para(&tb, 2);
	const tr_para *b = para(&tb, 3), *c = para(&tb, 4);
	g_assert_cmpstr(h->text, ==, "Intervenants");
	g_assert_true(h->heading);
	g_assert_cmpstr(a->text, ==, "9" NB "h" NB "–" NB "11" NB "h\tAccueil");
	g_assert_false(a->italic);
	g_assert_cmpstr(d->text, ==, "\tCafé");
	g_assert_true(d->italic);
	g_assert_cmpfloat(d->scale, <, 1);
	g_assert_cmpfloat(d->space_before, ==, 0);
	/* the detail's tab, in its own smaller em, falls where the title's does */
	g_assert_cmpfloat_with_epsilon(d->tab * d->scale, a->tab, 1e-9);
	g_assert_cmpfloat_with_epsilon(d->hang * d->scale, a->hang, 1e-9);
	g_assert_cmpstr(b->text, ==, "11" NB "h\tDébat" NB "— X (horaire à" NB "confirmer)");
	/* "9 h – 11 h" fits the column, which then holds every title... */
	g_assert_cmpfloat(a->tab, >, 4.0);
	g_assert_cmpfloat(a->tab, ==, b->tab);
	g_assert_cmpfloat(a->hang, ==, a->tab);
	/* ...but "14 h 30 – 16 h 30" is wider than the column may be: its title
	 * comes after it, its next lines at the column */
	g_assert_cmpstr(c->text, ==, "14" NB "h" NB "30" NB "–" NB "16" NB "h" NB "30\tClôture");
	g_assert_cmpfloat(c->tab, >, 7.0);
	g_assert_cmpfloat(c->hang, ==, a->tab);
	tr_textblock_clear(&tb);
	tr_event_free(ev);
}

/* Without a programme_title the heading is the language's word; without
 * times there is no column. */
static void test_programme_plain(void)
{
	tr_event *ev = load("  sessions: [2025-06-10]\n"
	                    "programme:\n  - { title: Accueil, detail: Café }\n");
	tr_textblock tb = compose(ev, TR_BIND_PROGRAMME);
	g_assert_cmpstr(para(&tb, 0)->text, ==, "Programme");
	g_assert_cmpstr(para(&tb, 1)->text, ==, "Accueil");
	g_assert_cmpfloat(para(&tb, 1)->tab, ==, 0);
	g_assert_cmpstr(para(&tb, 2)->text, ==, "Café");
	g_assert_true(para(&tb, 2)->italic);
	tr_textblock_clear(&tb);
	tr_event_free(ev);
}

/* The bottom of the ink of the glyph drawn for byte b of the shaped text, in
 * points at the reference size above the baseline (negative: below). */
static double ink_bottom(const tr_shaped *sp, int b)
{
	for (int r = 0; r < tr_shaped_n_runs(sp); r++) {
		const PangoGlyphItem *gi = tr_shaped_run(sp, r);
		for (int i = 0; i < gi->glyphs->num_glyphs; i++) {
			if (gi->item->offset + gi->glyphs->log_clusters[i] != b)
				continue;
			PangoRectangle ink;
			pango_font_get_glyph_extents(gi->item->analysis.font,
			                             gi->glyphs->glyphs[i].glyph, &ink, NULL);
			return -(ink.y + ink.height + gi->glyphs->glyphs[i].geometry.y_offset) /
			       (double)PANGO_SCALE;
		}
	}
	g_assert_not_reached();
}

/* French ordinal suffixes are set as superscripts with the font's own
 * superscript letters (Inter's `sups`), in upper-case styles too, while the
 * text keeps "5e"; English text and a font without superscript letters
 * (League Spartan) keep them on the baseline. */
static void test_ordinals(void)
{
	tr_event *ev = load_content_ok(g_strdup(
		"organiser: { name: CGT }\n"
		"event:\n"
		"  kicker: 5e congrès du XXIe siècle\n"
		"  title: 1er mai\n"
		"  sessions: [2026-05-01]\n"
		"  venue: { name: Salle, city: Paris }\n"));
	tr_textstyle st = style();
	st.uppercase = true;
	tr_textblock tb = { 0 };
	g_assert_true(tr_compose_block(composer, ev, TR_BIND_KICKER, &st, &tb));
	const tr_para *p = para(&tb, 0);
	g_assert_cmpstr(p->text, ==, "5e" NB "CONGRÈS DU XXIe SIÈCLE");
	tr_shaper *sh = tr_shaper_new(tr_fonts_context(fonts));
	tr_shaped *fr = tr_shape_para(sh, p, &st, TR_LANG_FR, tr_rules_default());
	g_assert_cmpstr(tr_shaped_text(fr), ==, p->text);
	/* the e of "5e" and of "XXIe" float at a third of the size */
	g_assert_cmpfloat(ink_bottom(fr, 1), >, 0.3 * TR_REF_SIZE);
	int xxi = (int)(strstr(p->text, "XXIe") - p->text);
	g_assert_cmpfloat(ink_bottom(fr, xxi + 3), >, 0.3 * TR_REF_SIZE);
	/* the digit and the numeral stay on the baseline */
	g_assert_cmpfloat(fabs(ink_bottom(fr, 0)), <, 0.05 * TR_REF_SIZE);
	g_assert_cmpfloat(fabs(ink_bottom(fr, xxi + 2)), <, 0.05 * TR_REF_SIZE);
	tr_shaped *en = tr_shape_para(sh, p, &st, TR_LANG_EN, tr_rules_default());
	g_assert_cmpfloat(fabs(ink_bottom(en, 1)), <, 0.05 * TR_REF_SIZE);
	st.font = (char *)"League Spartan";
	tr_shaped *spartan = tr_shape_para(sh, p, &st, TR_LANG_FR, tr_rules_default());
	g_assert_cmpfloat(fabs(ink_bottom(spartan, 1)), <, 0.05 * TR_REF_SIZE);
	tr_shaped_unref(spartan);
	tr_shaped_unref(en);
	tr_shaped_unref(fr);
	tr_shaper_free(sh);
	tr_textblock_clear(&tb);
	tr_event_free(ev);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *datadir = g_getenv("TRACTAGE_DATADIR");
	GError *err = NULL;
	fonts = tr_fonts_new(datadir ? datadir : ".", &err);
	g_assert_no_error(err);
	composer = tr_composer_new(tr_fonts_context(fonts));
	g_test_add_func("/compose/same-day", test_same_day);
	g_test_add_func("/compose/session-tbc", test_session_tbc);
	g_test_add_func("/compose/programme", test_programme);
	g_test_add_func("/compose/programme-plain", test_programme_plain);
	g_test_add_func("/compose/ordinals", test_ordinals);
	int rc = g_test_run();
	tr_composer_free(composer);
	tr_fonts_free(fonts);
	return rc;
}
