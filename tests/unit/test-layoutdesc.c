/* test-layoutdesc.c — the layout loader: resolved values and exact messages. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "layout/compose.h"
#include "load/layoutdesc.h"

/* A layout using every feature of the format. */
static const char full_layout[] =
	"layout: 1\n"
	"name: tract-a5\n"
	"kind: tract\n"
	"page: { width: 148, height: 210 }\n"
	"safe: 8\n"
	"colours:\n"
	"  accent: \"#c8102e\"\n"
	"  ink: \"#1a1a1a\"\n"
	"  paper: \"#fffef0\"\n"
	"  sky: \"#08f\"\n"
	"styles:\n"
	"  text:\n"
	"    font: Inter\n"
	"    weight: regular\n"
	"    size: [8, 11]\n"
	"    leading: 1.35\n"
	"    paragraph-space: 0.6\n"
	"    colour: ink\n"
	"    align: justify\n"
	"    hyphenate: true\n"
	"  display:\n"
	"    base: text\n"
	"    font: League Spartan\n"
	"    weight: bold\n"
	"    size: [20, 44]\n"
	"    align: centre\n"
	"    balance: true\n"
	"  shout:\n"
	"    base: display\n"
	"    uppercase: true\n"
	"    tracking: 0.05\n"
	"    italic: true\n"
	"    color: \"#00ff00\"\n"
	"    heading-font: Bebas Neue\n"
	"    heading-weight: 800\n"
	"    strong-weight: semibold\n"
	"    valign: bottom\n"
	"    max-lines: 3\n"
	"pages:\n"
	"  - name: recto\n"
	"    items:\n"
	"      - rect: { x: 0, y: 0, w: 148, h: 96, colour: accent, bleed: true, if: quote }\n"
	"      - rule: { x: 12, y: 50, w: 30, h: 0, width: 1.5, color: sky }\n"
	"      - text: { field: title, style: display, x: 12, y: 20, w: 124, h: 40, id: headline,\n"
	"                size: [18, 40], colour: paper }\n"
	"      - text: { field: body, style: text, x: 12, y: 100, w: 124, h: 90 }\n"
	"  - name: verso\n"
	"    items:\n"
	"      - text: { field: body, style: text, x: 12, y: 12, w: 124, h: 90, id: body-2 }\n"
	"      - text: { field: when-where, style: shout, x: 12, y: 110, w: 60, h: 40 }\n"
	"      - text: { field: print-mention, x: 12, y: 200, w: 124, h: 5, size: 6 }\n"
	"      - rule: { x: 148, y: 210, w: -148, h: -10 }\n";

static tr_layoutdesc *load(const char *yaml, tr_diag *d)
{
	return tr_layoutdesc_load_buffer("t.yaml", yaml, strlen(yaml), d);
}

/* Asserts that a colour is #rrggbb. */
static void assert_rgb(tr_rgb c, unsigned hex)
{
	g_assert_cmpfloat_with_epsilon(c.r, ((hex >> 16) & 0xff) / 255.0, 1e-9);
	g_assert_cmpfloat_with_epsilon(c.g, ((hex >> 8) & 0xff) / 255.0, 1e-9);
	g_assert_cmpfloat_with_epsilon(c.b, (hex & 0xff) / 255.0, 1e-9);
}

static void test_full(void)
{
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(full_layout, d);
	char *msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==, "");
	g_free(msgs);
	g_assert_nonnull(ld);

	g_assert_cmpstr(ld->path, ==, "t.yaml");
	g_assert_cmpstr(ld->name, ==, "tract-a5");
	g_assert_cmpstr(ld->kind, ==, "tract");
	g_assert_cmpfloat(ld->width, ==, 148);
	g_assert_cmpfloat(ld->height, ==, 210);
	g_assert_cmpfloat(ld->safe, ==, 8);
	assert_rgb(ld->paper, 0xfffef0);
	g_assert_cmpuint(ld->n_pages, ==, 2);
	g_assert_cmpstr(ld->pages[0].name, ==, "recto");
	g_assert_cmpstr(ld->pages[1].name, ==, "verso");
	g_assert_cmpuint(ld->pages[0].n_items, ==, 4);
	g_assert_cmpuint(ld->pages[1].n_items, ==, 4);

	/* rect */
	const tr_item *it = &ld->pages[0].items[0];
	g_assert_cmpint(it->kind, ==, TR_ITEM_RECT);
	g_assert_cmpstr(it->id, ==, "rect");
	g_assert_cmpint(it->pos.line, ==, 41);
	g_assert_cmpint(it->pos.col, ==, 8);
	g_assert_cmpfloat(it->w, ==, 148);
	g_assert_cmpfloat(it->h, ==, 96);
	assert_rgb(it->colour, 0xc8102e);
	g_assert_true(it->bleed);
	g_assert_cmpint(it->when[0].field, ==, TR_BIND_QUOTE);

	/* rule: "color" synonym, #rgb */
	it = &ld->pages[0].items[1];
	g_assert_cmpint(it->kind, ==, TR_ITEM_RULE);
	g_assert_cmpstr(it->id, ==, "rule");
	assert_rgb(it->colour, 0x0088ff);
	g_assert_cmpfloat(it->line_width, ==, 1.5);
	g_assert_cmpint(it->when[0].field, ==, TR_BIND_NONE);
	g_assert_false(it->bleed);

	/* title: display on top of text, item overrides size and colour */
	it = &ld->pages[0].items[2];
	g_assert_cmpint(it->kind, ==, TR_ITEM_TEXT);
	g_assert_cmpstr(it->id, ==, "headline");
	g_assert_cmpint(it->field, ==, TR_BIND_TITLE);
	const tr_textstyle *s = &it->style;
	g_assert_cmpstr(s->font, ==, "League Spartan");
	g_assert_cmpstr(s->heading_font, ==, "League Spartan");
	g_assert_cmpint(s->weight, ==, 700);
	g_assert_cmpfloat(s->size_min, ==, 18);
	g_assert_cmpfloat(s->size_max, ==, 40);
	g_assert_cmpfloat(s->leading, ==, 1.35);     /* from text */
	g_assert_cmpfloat(s->para_space, ==, 0.6);   /* from text */
	g_assert_cmpint(s->align, ==, TR_ALIGN_CENTER);
	g_assert_true(s->balance);
	g_assert_true(s->hyphenate);                 /* from text */
	assert_rgb(s->colour, 0xfffef0);             /* "paper" */
	assert_rgb(s->accent, 0xc8102e);             /* the "accent" colour */

	/* body: text style, defaults for the rest */
	it = &ld->pages[0].items[3];
	g_assert_cmpstr(it->id, ==, "body");
	s = &it->style;
	g_assert_cmpstr(s->font, ==, "Inter");
	g_assert_cmpint(s->weight, ==, 400);
	g_assert_false(s->italic);
	g_assert_cmpfloat(s->size_min, ==, 8);
	g_assert_cmpfloat(s->size_max, ==, 11);
	g_assert_cmpfloat(s->tracking, ==, 0);
	assert_rgb(s->colour, 0x1a1a1a);
	g_assert_cmpint(s->heading_weight, ==, 700);
	g_assert_cmpint(s->strong_weight, ==, 700);
	g_assert_cmpint(s->align, ==, TR_ALIGN_JUSTIFY);
	g_assert_cmpint(s->valign, ==, TR_VALIGN_TOP);
	g_assert_false(s->uppercase);
	g_assert_false(s->balance);
	g_assert_cmpint(s->max_lines, ==, 0);

	g_assert_cmpstr(ld->pages[1].items[0].id, ==, "body-2");

	/* shout: three levels of styles */
	it = &ld->pages[1].items[1];
	g_assert_cmpstr(it->id, ==, "when-where");
	g_assert_cmpint(it->field, ==, TR_BIND_WHEN_WHERE);
	s = &it->style;
	g_assert_cmpstr(s->font, ==, "League Spartan");
	g_assert_cmpstr(s->heading_font, ==, "Bebas Neue");
	g_assert_cmpint(s->weight, ==, 700);
	g_assert_true(s->italic);
	g_assert_true(s->uppercase);
	g_assert_cmpfloat(s->tracking, ==, 0.05);
	g_assert_cmpfloat(s->size_min, ==, 20);
	g_assert_cmpfloat(s->size_max, ==, 44);
	assert_rgb(s->colour, 0x00ff00);
	assert_rgb(s->accent, 0xc8102e);
	g_assert_cmpint(s->heading_weight, ==, 800);
	g_assert_cmpint(s->strong_weight, ==, 600);
	g_assert_cmpint(s->valign, ==, TR_VALIGN_BOTTOM);
	g_assert_cmpint(s->max_lines, ==, 3);
	g_assert_true(s->hyphenate);

	/* no style at all: built-in defaults, colour from "ink" */
	it = &ld->pages[1].items[2];
	s = &it->style;
	g_assert_cmpstr(s->font, ==, "Inter");
	g_assert_cmpstr(s->heading_font, ==, "Inter");
	g_assert_cmpfloat(s->size_min, ==, 6);
	g_assert_cmpfloat(s->size_max, ==, 6);
	g_assert_cmpfloat(s->leading, ==, 1.3);
	g_assert_cmpfloat(s->para_space, ==, 0.5);
	assert_rgb(s->colour, 0x1a1a1a);
	g_assert_cmpint(s->align, ==, TR_ALIGN_LEFT);
	g_assert_false(s->hyphenate);

	/* a rule drawn backwards from the corner; default width and colour */
	it = &ld->pages[1].items[3];
	g_assert_cmpfloat(it->w, ==, -148);
	g_assert_cmpfloat(it->line_width, ==, 1);
	assert_rgb(it->colour, 0x1a1a1a);

	g_assert_nonnull(ld->fonts);
	g_assert_cmpstr(ld->fonts[0], ==, "League Spartan");
	g_assert_cmpstr(ld->fonts[1], ==, "Inter");
	g_assert_cmpstr(ld->fonts[2], ==, "Bebas Neue");
	g_assert_null(ld->fonts[3]);

	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

static void test_defaults(void)
{
	static const char yaml[] =
		"layout: 1\n"
		"name: p\n"
		"kind: poster\n"
		"page: { width: 297, height: 420 }\n"
		"colors: { red: \"#F00\" }\n"
		"pages:\n"
		"  - name: poster\n"
		"    items:\n"
		"      - text: { field: title, x: 0, y: 0, w: 297, h: 420, color: red }\n"
		"      - rect: { x: 0, y: 0, w: 297, h: 420 }\n"
		"  - name: empty\n"
		"    items: []\n";
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(yaml, d);
	g_assert_nonnull(ld);
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_NOTE), ==, 0);
	g_assert_cmpfloat(ld->safe, ==, 5);
	assert_rgb(ld->paper, 0xffffff);
	const tr_textstyle *s = &ld->pages[0].items[0].style;
	assert_rgb(s->colour, 0xff0000);
	assert_rgb(s->accent, 0xff0000); /* no "accent" colour: the text colour */
	assert_rgb(ld->pages[0].items[1].colour, 0x000000);
	g_assert_cmpuint(ld->pages[1].n_items, ==, 0);
	g_assert_cmpstr(ld->fonts[0], ==, "Inter");
	g_assert_null(ld->fonts[1]);
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

static void test_dump(void)
{
	static const char yaml[] =
		"layout: 1\n"
		"name: d\n"
		"kind: tract\n"
		"page: { width: 148, height: 210 }\n"
		"colours: { accent: \"#c8102e\" }\n"
		"pages:\n"
		"  - name: recto\n"
		"    items:\n"
		"      - rect: { x: 0, y: 0, w: 148, h: 96.5, colour: accent, bleed: true }\n"
		"      - rule: { x: 12, y: 50, w: 30, if: note }\n"
		"      - text: { field: quote, x: 12, y: 20, w: 124, h: 40, size: [10, 20],\n"
		"                heading-font: Bebas Neue, hyphenate: true, italic: true }\n";
	static const char expect[] =
		"layout \"d\" kind tract\n"
		"page 148 x 210 mm safe 5 mm paper #ffffff\n"
		"fonts \"Inter\" \"Bebas Neue\"\n"
		"page 1 \"recto\"\n"
		"  rect \"rect\" x 0 y 0 w 148 h 96.5 colour #c8102e bleed\n"
		"  rule \"rule\" x 12 y 50 w 30 h 0 colour #000000 width 1 pt if note\n"
		"  text \"quote\" field quote x 12 y 20 w 124 h 40\n"
		"    font \"Inter\" weight 400 italic size 10..20 pt leading 1.3 tracking 0 "
		"paragraph-space 0.5\n"
		"    colour #000000 accent #c8102e heading \"Bebas Neue\" 700 strong 700\n"
		"    align left valign top max-lines 0 hyphenate\n";
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(yaml, d);
	g_assert_nonnull(ld);
	char *dump = tr_layoutdesc_dump(ld);
	g_assert_cmpstr(dump, ==, expect);
	g_free(dump);
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

/* A stack: the body goes on from the recto into a column with the programme and
 * the admission. */
static const char stack_layout[] =
	"layout: 1\n"
	"name: s\n"
	"kind: tract\n"
	"page: { width: 148, height: 210 }\n"
	"styles:\n"
	"  text: { font: Inter, size: [8, 11] }\n"
	"pages:\n"
	"  - name: recto\n"
	"    items:\n"
	"      - text: { field: body, style: text, x: 12, y: 100, w: 124, h: 100 }\n"
	"  - name: verso\n"
	"    items:\n"
	"      - stack:\n"
	"          x: 12\n"
	"          y: 12\n"
	"          w: 124\n"
	"          h: 180\n"
	"          if: programme\n"
	"          items:\n"
	"            - text: { field: body, style: text, id: body-verso }\n"
	"            - text: { field: programme, style: text, size: [8, 9.75],\n"
	"                      heading-font: Bebas Neue }\n"
	"            - text: { field: admission, style: text, weight: semibold, x: 16, w: 116 }\n"
	"            - text: { field: note, x: 20, font: Lora, if: note }\n"
	"      - stack: { x: 0, y: 195, w: 148, h: 15, gap: 0, id: foot, items: [\n"
	"          text: { field: footer, size: 6 } ] }\n";

/* Walking a layout's items: each page's items, a stack's children after it,
 * with the stack they are in. */
static void test_item_walk(void)
{
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(stack_layout, d);
	g_assert_nonnull(ld);
	const char *want[] = { "body", "stack", "body-verso", "programme", "admission", "note",
		               "foot", "footer" };
	const char *in[] = { NULL, NULL, "stack", "stack", "stack", "stack", NULL, "foot" };
	tr_item_iter iter = { 0 };
	const tr_item *it, *stack;
	size_t n = 0;
	while ((it = tr_layout_next_item(ld, &iter, &stack))) {
		g_assert_cmpuint(n, <, G_N_ELEMENTS(want));
		g_assert_cmpstr(it->id, ==, want[n]);
		g_assert_cmpstr(stack ? stack->id : NULL, ==, in[n]);
		n++;
	}
	g_assert_cmpuint(n, ==, G_N_ELEMENTS(want));
	g_assert_null(tr_layout_next_item(ld, &iter, NULL));
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

static void test_stack(void)
{
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(stack_layout, d);
	char *msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==, "");
	g_free(msgs);
	g_assert_nonnull(ld);
	g_assert_cmpuint(ld->pages[1].n_items, ==, 2);

	const tr_item *st = &ld->pages[1].items[0];
	g_assert_cmpint(st->kind, ==, TR_ITEM_STACK);
	g_assert_cmpstr(st->id, ==, "stack");
	g_assert_cmpint(st->pos.line, ==, 12);
	g_assert_cmpint(st->pos.col, ==, 8);
	g_assert_cmpfloat(st->x, ==, 12);
	g_assert_cmpfloat(st->y, ==, 12);
	g_assert_cmpfloat(st->w, ==, 124);
	g_assert_cmpfloat(st->h, ==, 180);
	g_assert_cmpfloat(st->gap, ==, 4);
	g_assert_cmpint(st->when[0].field, ==, TR_BIND_PROGRAMME);
	g_assert_cmpuint(st->n_children, ==, 4);

	/* x and w the stack's; y and h the stack's */
	const tr_item *it = &st->children[0];
	g_assert_cmpint(it->kind, ==, TR_ITEM_TEXT);
	g_assert_cmpstr(it->id, ==, "body-verso");
	g_assert_cmpint(it->field, ==, TR_BIND_BODY);
	g_assert_cmpint(it->pos.line, ==, 19);
	g_assert_cmpint(it->pos.col, ==, 14);
	g_assert_cmpfloat(it->x, ==, 12);
	g_assert_cmpfloat(it->y, ==, 12);
	g_assert_cmpfloat(it->w, ==, 124);
	g_assert_cmpfloat(it->h, ==, 180);
	g_assert_cmpint(it->when[0].field, ==, TR_BIND_NONE);
	g_assert_cmpfloat(it->style.size_min, ==, 8);
	g_assert_cmpfloat(it->style.size_max, ==, 11);
	g_assert_null(it->children);

	/* the style's keys work as in any text frame */
	it = &st->children[1];
	g_assert_cmpstr(it->id, ==, "programme");
	g_assert_cmpfloat(it->style.size_min, ==, 8);
	g_assert_cmpfloat(it->style.size_max, ==, 9.75);
	g_assert_cmpstr(it->style.heading_font, ==, "Bebas Neue");

	/* its own x and w */
	it = &st->children[2];
	g_assert_cmpstr(it->id, ==, "admission");
	g_assert_cmpint(it->style.weight, ==, 600);
	g_assert_cmpfloat(it->x, ==, 16);
	g_assert_cmpfloat(it->w, ==, 116);
	g_assert_cmpfloat(it->y, ==, 12);
	g_assert_cmpfloat(it->h, ==, 180);

	/* x alone: the frame goes to the stack's right edge */
	it = &st->children[3];
	g_assert_cmpfloat(it->x, ==, 20);
	g_assert_cmpfloat(it->w, ==, 116);
	g_assert_cmpint(it->when[0].field, ==, TR_BIND_NOTE);
	g_assert_cmpstr(it->style.font, ==, "Lora");

	st = &ld->pages[1].items[1];
	g_assert_cmpstr(st->id, ==, "foot");
	g_assert_cmpfloat(st->gap, ==, 0);
	g_assert_cmpuint(st->n_children, ==, 1);
	g_assert_cmpfloat(st->children[0].x, ==, 0);
	g_assert_cmpfloat(st->children[0].w, ==, 148);
	g_assert_cmpfloat(st->children[0].y, ==, 195);
	g_assert_cmpfloat(st->children[0].h, ==, 15);

	/* the frames' families count */
	g_assert_cmpstr(ld->fonts[0], ==, "Inter");
	g_assert_cmpstr(ld->fonts[1], ==, "Bebas Neue");
	g_assert_cmpstr(ld->fonts[2], ==, "Lora");
	g_assert_null(ld->fonts[3]);

	static const char dump_expect[] =
		"layout \"s\" kind tract\n"
		"page 148 x 210 mm safe 5 mm paper #ffffff\n"
		"fonts \"Inter\" \"Bebas Neue\" \"Lora\"\n"
		"page 1 \"recto\"\n"
		"  text \"body\" field body x 12 y 100 w 124 h 100\n"
		"    font \"Inter\" weight 400 size 8..11 pt leading 1.3 tracking 0 "
		"paragraph-space 0.5\n"
		"    colour #000000 accent #000000 heading \"Inter\" 700 strong 700\n"
		"    align left valign top max-lines 0\n"
		"page 2 \"verso\"\n"
		"  stack \"stack\" x 12 y 12 w 124 h 180 gap 4 if programme\n"
		"    text \"body-verso\" field body x 12 y 12 w 124 h 180\n"
		"      font \"Inter\" weight 400 size 8..11 pt leading 1.3 tracking 0 "
		"paragraph-space 0.5\n"
		"      colour #000000 accent #000000 heading \"Inter\" 700 strong 700\n"
		"      align left valign top max-lines 0\n"
		"    text \"programme\" field programme x 12 y 12 w 124 h 180\n"
		"      font \"Inter\" weight 400 size 8..9.75 pt leading 1.3 tracking 0 "
		"paragraph-space 0.5\n"
		"      colour #000000 accent #000000 heading \"Bebas Neue\" 700 strong 700\n"
		"      align left valign top max-lines 0\n"
		"    text \"admission\" field admission x 16 y 12 w 116 h 180\n"
		"      font \"Inter\" weight 600 size 8..11 pt leading 1.3 tracking 0 "
		"paragraph-space 0.5\n"
		"      colour #000000 accent #000000 heading \"Inter\" 700 strong 700\n"
		"      align left valign top max-lines 0\n"
		"    text \"note\" field note x 20 y 12 w 116 h 180 if note\n"
		"      font \"Lora\" weight 400 size 9 pt leading 1.3 tracking 0 "
		"paragraph-space 0.5\n"
		"      colour #000000 accent #000000 heading \"Lora\" 700 strong 700\n"
		"      align left valign top max-lines 0\n"
		"  stack \"foot\" x 0 y 195 w 148 h 15 gap 0\n"
		"    text \"footer\" field footer x 0 y 195 w 148 h 15\n"
		"      font \"Inter\" weight 400 size 6 pt leading 1.3 tracking 0 "
		"paragraph-space 0.5\n"
		"      colour #000000 accent #000000 heading \"Inter\" 700 strong 700\n"
		"      align left valign top max-lines 0\n";
	char *dump = tr_layoutdesc_dump(ld);
	g_assert_cmpstr(dump, ==, dump_expect);
	g_free(dump);

	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

/* Image and QR items: their field, fit and alignment, and the dump. */
static void test_pictures(void)
{
	const char *yaml =
		"layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
		"colours: { ink: \"#111\" }\n"
		"pages:\n  - name: recto\n    items:\n"
		"      - image: { field: logo, x: 10, y: 10, w: 30, h: 20 }\n"
		"      - image: { field: image, x: 0, y: 40, w: 148, h: 60, fit: cover, align: left,"
		" valign: top, bleed: true, if: quote }\n"
		"      - qr: { x: 100, y: 150, w: 40, h: 40, align: right }\n"
		"      - rect: { x: 0, y: 0, w: 10, h: 10, if: [logo, no qr] }\n";
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(yaml, d);
	char *msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==, "");
	g_free(msgs);
	const tr_item *it = ld->pages[0].items;
	g_assert_cmpint(it[0].kind, ==, TR_ITEM_IMAGE);
	g_assert_cmpint(it[0].field, ==, TR_BIND_LOGO);
	g_assert_cmpstr(it[0].id, ==, "logo");
	g_assert_cmpint(it[0].fit, ==, TR_FIT_CONTAIN);
	g_assert_cmpint(it[0].style.align, ==, TR_ALIGN_CENTER);
	g_assert_cmpint(it[0].style.valign, ==, TR_VALIGN_MIDDLE);
	g_assert_cmpint(it[1].fit, ==, TR_FIT_COVER);
	g_assert_true(it[1].bleed);
	g_assert_cmpint(it[1].when[0].field, ==, TR_BIND_QUOTE);
	g_assert_cmpint(it[2].kind, ==, TR_ITEM_QR);
	g_assert_cmpint(it[2].field, ==, TR_BIND_QR);
	assert_rgb(it[2].colour, 0x111111);
	char *dump = tr_layoutdesc_dump(ld);
	g_assert_nonnull(strstr(dump, "  image \"logo\" field logo x 10 y 10 w 30 h 20 fit contain "
	                              "align center valign middle\n"));
	g_assert_nonnull(strstr(dump, "  image \"image\" field image x 0 y 40 w 148 h 60 fit cover "
	                              "align left valign top bleed if quote\n"));
	g_assert_nonnull(strstr(dump, "  qr \"qr\" x 100 y 150 w 40 h 40 align right valign middle "
	                              "colour #111111\n"));
	g_assert_nonnull(strstr(dump, " if logo, no qr\n"));
	g_assert_cmpint(it[3].when[1].field, ==, TR_BIND_QR);
	g_assert_true(it[3].when[1].negated);
	g_assert_cmpint(it[3].when[2].field, ==, TR_BIND_NONE);
	g_free(dump);
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

#define NAMED \
	"layout: 1\nname: base\nkind: poster\npage: { width: 100, height: 200 }\nsafe: 10\n" \
	"colours: { accent: \"#c8102e\", ink: \"#111\" }\n" \
	"fonts: { text: Inter, display: League Spartan }\n" \
	"styles:\n  text: { font: text, heading-font: display, size: [8, 10] }\n" \
	"pages:\n  - name: p\n    items:\n" \
	"      - rect: { x: 0, y: 0, w: 100, h: 50, colour: accent }\n" \
	"      - rule: { x: 10, y: 60, w: 80, width: 2 }\n" \
	"      - text: { field: title, style: text, x: 10, y: 70, w: 80, h: 40 }\n" \
	"      - stack: { x: 10, y: 120, w: 80, h: 70, gap: 4, items: [ text: { field: body } ] }\n"

/* Named fonts (fonts:) stand for their families; an organisation's colours
 * and fonts replace the layout's of the same names, others are left aside. */
static void test_identity(void)
{
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(NAMED, d);
	const tr_item *it = ld->pages[0].items;
	g_assert_cmpstr(it[2].style.font, ==, "Inter");
	g_assert_cmpstr(it[2].style.heading_font, ==, "League Spartan");
	g_assert_cmpstr(ld->font_names[0], ==, "text");
	g_assert_cmpstr(ld->font_names[1], ==, "display");
	g_assert_null(ld->font_names[2]);
	g_assert_cmpstr(ld->colour_names[0], ==, "accent");
	g_assert_cmpstr(ld->colour_names[1], ==, "ink");
	g_assert_null(ld->colour_names[2]);
	tr_layoutdesc_free(ld);

	char *dir = g_dir_make_tmp("tractage-layout-XXXXXX", NULL);
	char *path = g_build_filename(dir, "base.yaml", NULL);
	g_assert_true(g_file_set_contents(path, NAMED, -1, NULL));
	tr_identity id = { 0 };
	tr_identity_set(&id, false, "accent", "#0055a4", "org.yaml", TR_NOPOS);
	tr_identity_set(&id, false, "sky", "#00ffff", "org.yaml", TR_NOPOS);
	tr_identity_set(&id, true, "display", "Inter", "org.yaml", TR_NOPOS);
	tr_layout_opts o = { &id, NULL };
	ld = tr_layoutdesc_load_with(path, &o, d);
	char *msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==, "");
	g_free(msgs);
	it = ld->pages[0].items;
	assert_rgb(it[0].colour, 0x0055a4);
	assert_rgb(it[2].style.accent, 0x0055a4);
	assert_rgb(ld->colour_values[0], 0x0055a4);
	g_assert_cmpstr(it[2].style.heading_font, ==, "Inter");
	tr_layoutdesc_free(ld);
	tr_identity_clear(&id);
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	tr_diag_free(d);
}

/* Loads the layout text derived (next to NAMED, as base.yaml); returns it and
 * the messages. */
static tr_layoutdesc *load_derived(const char *derived, char **msgs)
{
	char *dir = g_dir_make_tmp("tractage-layout-XXXXXX", NULL);
	char *base = g_build_filename(dir, "base.yaml", NULL);
	char *path = g_build_filename(dir, "derived.yaml", NULL);
	g_assert_true(g_file_set_contents(base, NAMED, -1, NULL));
	g_assert_true(g_file_set_contents(path, derived, -1, NULL));
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = tr_layoutdesc_load_with(path, NULL, d);
	char *all = tr_diag_format(d);
	/* Messages without the temporary folder. */
	char **parts = g_strsplit(all, dir, -1);
	*msgs = g_strjoinv("DIR", parts);
	g_strfreev(parts);
	g_free(all);
	tr_diag_free(d);
	g_unlink(base);
	g_unlink(path);
	g_rmdir(dir);
	g_free(base);
	g_free(path);
	g_free(dir);
	return ld;
}

/* A layout made from another one: every length scaled to its page, the text
 * sizes too (times text-scale), its own name, colours and greys. */
static void test_derived(void)
{
	char *msgs;
	tr_layoutdesc *ld = load_derived(
		"layout: 1\nname: big\nfrom: base\npage: { width: 200, height: 400 }\n"
		"text-scale: 0.75\ncolours: { accent: \"#0055a4\" }\nmono: { accent: \"#ddd\" }\n",
		&msgs);
	g_assert_cmpstr(msgs, ==, "");
	g_free(msgs);
	g_assert_cmpstr(ld->name, ==, "big");
	g_assert_cmpstr(ld->kind, ==, "poster");
	g_assert_cmpfloat(ld->width, ==, 200);
	g_assert_cmpfloat(ld->height, ==, 400);
	g_assert_cmpfloat(ld->safe, ==, 20);
	const tr_item *it = ld->pages[0].items;
	assert_rgb(it[0].colour, 0x0055a4);
	g_assert_cmpfloat(it[0].w, ==, 200);
	g_assert_cmpfloat(it[0].h, ==, 100);
	g_assert_cmpfloat(it[1].line_width, ==, 4);
	g_assert_cmpfloat(it[2].x, ==, 20);
	g_assert_cmpfloat(it[2].y, ==, 140);
	g_assert_cmpfloat(it[2].style.size_min, ==, 12); /* 8 pt × 2 × 0.75 */
	g_assert_cmpfloat(it[2].style.size_max, ==, 15);
	g_assert_cmpfloat(it[3].gap, ==, 8);
	g_assert_cmpfloat(it[3].children[0].w, ==, 160);
	g_assert_cmpint(ld->n_mono, ==, 1);
	g_assert_cmpfloat(ld->mono[0].grey, ==, 0xdd / 255.0);
	tr_layoutdesc_free(ld);

	/* What a derived layout may not say, or says wrong. */
	ld = load_derived("layout: 1\nname: big\nfrom: base\npage: { width: 200, height: 400 }\n"
	                  "pages: []\n", &msgs);
	g_assert_null(ld);
	g_assert_cmpstr(msgs, ==,
		"DIR/derived.yaml:5:1: error: a layout made with \"from\" has the pages of the "
		"layout it comes from: remove \"pages\" (or remove \"from\" and write the whole "
		"layout)\n");
	g_free(msgs);
	ld = load_derived("layout: 1\nname: big\nfrom: base\npage: { width: 200, height: 400 }\n"
	                  "colours: { acent: \"#0055a4\" }\n", &msgs);
	g_assert_null(ld);
	g_assert_cmpstr(msgs, ==,
		"DIR/derived.yaml:5:12: error: colour \"acent\" is not one of the colours of "
		"DIR/base.yaml (accent, ink)\n");
	g_free(msgs);
	ld = load_derived("layout: 1\nname: big\nfrom: nothing\npage: { width: 200, height: 400 }\n",
	                  &msgs);
	g_assert_null(ld);
	g_assert_cmpstr(msgs, ==, "DIR/derived.yaml:3:7: error: there is no layout \"nothing\", "
	                          "neither next to this one nor among the standard layouts\n");
	g_free(msgs);
	ld = load_derived("layout: 1\nname: loop\nfrom: derived\npage: { width: 200, height: 400 }\n",
	                  &msgs);
	g_assert_null(ld);
	g_assert_nonnull(strstr(msgs, "DIR/derived.yaml:3:7: error: layouts made with \"from\" from "
	                              "one another go more than 8 deep: do they come from each "
	                              "other in a loop?\n"));
	g_free(msgs);
}

static void test_names(void)
{
	g_assert_cmpstr(tr_binding_name(TR_BIND_NONE), ==, "");
	g_assert_cmpstr(tr_binding_name(TR_BIND_TITLE), ==, "title");
	g_assert_cmpstr(tr_binding_name(TR_BIND_WHEN_WHERE), ==, "when-where");
	g_assert_cmpstr(tr_binding_name(TR_BIND_PRINT_MENTION), ==, "print-mention");
	g_assert_cmpstr(tr_binding_name(TR_BIND_ORGANISER), ==, "organiser");
	g_assert_cmpstr(tr_binding_name(TR_BIND__MAX), ==, "");
	for (int b = TR_BIND_NONE + 1; b < TR_BIND__MAX; b++)
		g_assert_cmpstr(tr_binding_name((tr_binding)b), !=, "");
	tr_layoutdesc_free(NULL);
}

static void test_file(void)
{
	char *path = NULL;
	GError *err = NULL;
	int fd = g_file_open_tmp("layout-XXXXXX.yaml", &path, &err);
	g_assert_no_error(err);
	g_assert_true(g_file_set_contents(path, full_layout, -1, &err));
	g_assert_no_error(err);
	close(fd);

	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = tr_layoutdesc_load(path, d);
	g_assert_nonnull(ld);
	g_assert_cmpstr(ld->path, ==, path);
	tr_layoutdesc_free(ld);
	g_unlink(path);
	ld = tr_layoutdesc_load(path, d);
	g_assert_null(ld);
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_ERROR), ==, 1);
	tr_diag_free(d);
	g_free(path);
}

/* ---------------------------------------------------------------------------
 * Errors
 */

/* The head of the layouts below; the items of the one page start at line 11. */
#define HEAD \
	"layout: 1\n" \
	"name: t\n" \
	"kind: tract\n" \
	"page: { width: 148, height: 210 }\n" \
	"colours: { accent: \"#c8102e\", ink: \"#111\" }\n" \
	"styles:\n" \
	"  text: { font: Inter, size: [8, 11] }\n" \
	"pages:\n" \
	"  - name: recto\n" \
	"    items:\n"

typedef struct {
	const char *name;
	const char *yaml;
	const char *messages; /* tr_diag_format() of the errors */
} bad_case;

static const bad_case bad_cases[] = {
	{ "field-typo",
	  HEAD "      - text: { field: tittle, x: 10, y: 10, w: 10, h: 10 }\n",
	  "t.yaml:11:24: error: unknown field \"tittle\" (did you mean \"title\"?)\n" },
	{ "field-unknown",
	  HEAD "      - text: { field: weather, x: 10, y: 10, w: 10, h: 10 }\n",
	  "t.yaml:11:24: error: unknown field \"weather\": the fields are kicker, title, "
	  "subtitle, quote, teaser, body, note, admission, organiser, date, time, venue, "
	  "when-where, programme, footer, contact, print-mention, practical, full-name, qr, logo, "
	  "image\n" },
	{ "if-typo",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10, if: qoute }\n",
	  "t.yaml:11:47: error: unknown field \"qoute\" (did you mean \"quote\"?)\n" },
	{ "if-no-typo",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10, if: [logo, no qoute] }\n",
	  "t.yaml:11:57: error: unknown field \"qoute\" (did you mean \"quote\"?)\n" },
	{ "if-too-many",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10, if: [logo, qr, quote, note, body] }\n",
	  "t.yaml:11:47: error: \"if\" takes 1 to 4 conditions, not 5\n" },
	{ "if-map",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10, if: [{ no: qr }] }\n",
	  "t.yaml:11:48: error: \"if\" takes a field (quote), its absence (no quote) or a list of "
	  "them, not a mapping\n" },
	{ "negative-height",
	  HEAD "      - text: { field: title, x: 10, y: 10, w: 10, h: -5 }\n",
	  "t.yaml:11:55: error: frame \"title\" has a negative height (-5 mm)\n" },
	{ "zero-width",
	  HEAD "      - rect: { x: 10, y: 10, w: 0, h: 5, id: band }\n",
	  "t.yaml:11:34: error: rectangle \"band\" has a zero width (0 mm)\n" },
	{ "end-x",
	  HEAD "      - text: { field: title, x: 36, y: 10, w: 124, h: 5 }\n",
	  "t.yaml:11:48: error: frame \"title\" ends at x = 160 mm, outside the 148 mm wide page\n" },
	{ "end-y",
	  HEAD "      - text: { field: title, x: 0, y: 200, w: 148, h: 10.5 }\n",
	  "t.yaml:11:56: error: frame \"title\" ends at y = 210.5 mm, outside the 210 mm high "
	  "page\n" },
	{ "start-x",
	  HEAD "      - rect: { x: -3, y: 0, w: 151, h: 10, bleed: true }\n",
	  "t.yaml:11:20: error: rectangle \"rect\" starts at x = -3 mm, left of the page\n" },
	{ "start-y-beyond",
	  HEAD "      - text: { field: body, x: 0, y: 250, w: 10, h: 10 }\n",
	  "t.yaml:11:39: error: frame \"body\" starts at y = 250 mm, outside the 210 mm high page\n" },
	{ "rule-out",
	  HEAD "      - rule: { x: 10, y: 10, w: -20 }\n",
	  "t.yaml:11:34: error: rule \"rule\" ends at x = -10 mm, left of the page\n" },
	{ "rule-dot",
	  HEAD "      - rule: { x: 10, y: 10 }\n",
	  "t.yaml:11:9: error: rule \"rule\" has no length: give it a \"w\" or an \"h\"\n" },
	{ "unknown-kind",
	  HEAD "      - txt: { field: title, x: 10, y: 10, w: 10, h: 10 }\n",
	  "t.yaml:11:9: error: unknown item kind \"txt\" (did you mean \"text\"?)\n" },
	{ "unknown-kind-far",
	  HEAD "      - picture: { x: 10, y: 10, w: 10, h: 10 }\n",
	  "t.yaml:11:9: error: unknown item kind \"picture\": use rect, rule, text, stack, image or "
	  "qr\n" },
	{ "two-kinds",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10 }\n"
	       "        text: { field: title, x: 10, y: 10, w: 10, h: 10 }\n",
	  "t.yaml:12:9: error: this item has two kinds (\"rect\" and \"text\"): write each as "
	  "its own \"- \" entry\n" },
	{ "item-scalar",
	  HEAD "      - title\n",
	  "t.yaml:11:9: error: an item must be a mapping with one key, rect, rule, text, stack, image "
	  "or qr (as in "
	  "\"- text: { field: title, ... }\"), not \"title\"\n" },
	{ "item-key",
	  HEAD "      - text: { field: title, x: 10, y: 10, w: 10, h: 10, sise: 12 }\n",
	  "t.yaml:11:59: error: unknown key \"sise\" in text item (did you mean \"size\"?)\n" },
	{ "rect-key",
	  HEAD "      - rect: { x: 10, y: 10, w: 10, h: 10, field: title }\n",
	  "t.yaml:11:45: error: unknown key \"field\" in rect item (known keys: x, y, w, h, "
	  "colour, color, bleed, if, above, gap, id)\n" },
	{ "top-key",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10 }\n"
	  "safe-margin: 5\n",
	  "t.yaml:12:1: error: unknown key \"safe-margin\" in layout (known keys: layout, name, "
	  "kind, page, safe, colours, colors, fonts, system-fonts, styles, pages, mono, from)\n" },
	{ "page-key",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10 }\n"
	  "    itmes: []\n",
	  "t.yaml:12:5: error: unknown key \"itmes\" in page (did you mean \"items\"?)\n" },
	{ "style-key",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "styles:\n  text: { font: Inter, wieght: bold }\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:6:24: error: unknown key \"wieght\" in style \"text\" (did you mean "
	  "\"weight\"?)\n" },
	{ "bad-hex",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10, colour: \"#12345\" }\n",
	  "t.yaml:11:51: error: bad colour \"#12345\": write \"#rrggbb\" or \"#rgb\"\n" },
	{ "bad-hex-in-colours",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "colours:\n  accent: \"#c8102g\"\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:6:11: error: bad colour \"#c8102g\" for \"accent\": write \"#rrggbb\" or "
	  "\"#rgb\"\n" },
	{ "unquoted-hex",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "colours:\n  accent: #c8102e\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:6:3: error: colour \"accent\" has no value (an unquoted # starts a comment: "
	  "write hex colours in quotes, as in \"#c8102e\")\n" },
	{ "colour-name",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10, colour: acent }\n",
	  "t.yaml:11:51: error: unknown colour \"acent\" (did you mean \"accent\"?)\n" },
	{ "colour-name-far",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10, colour: blue }\n",
	  "t.yaml:11:51: error: unknown colour \"blue\": name one from \"colours\" or write "
	  "\"#rrggbb\"\n" },
	{ "colour-twice",
	  HEAD "      - rect: { x: 0, y: 0, w: 10, h: 10, colour: ink, color: ink }\n",
	  "t.yaml:11:56: error: \"colour\" is given twice (as \"colour\" and \"color\"): keep "
	  "one\n" },
	{ "size-word",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, size: big }\n",
	  "t.yaml:11:63: error: \"size\" must be a number of points or [min, max], not \"big\"\n" },
	{ "size-min-max",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, size: [20, 12] }\n",
	  "t.yaml:11:63: error: \"size\" has its minimum (20 pt) above its maximum (12 pt)\n" },
	{ "size-range",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, size: [0.5, 12] }\n",
	  "t.yaml:11:64: error: \"size\" must be between 1 and 1000 pt, not 0.5\n" },
	{ "size-three",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, size: [8, 9, 10] }\n",
	  "t.yaml:11:63: error: \"size\" must be a number of points or [min, max], not a list\n" },
	{ "weight-range",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, weight: 1000 }\n",
	  "t.yaml:11:65: error: \"weight\" must be a whole number between 100 and 900, not "
	  "1000\n" },
	{ "weight-word",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, weight: blod }\n",
	  "t.yaml:11:65: error: \"weight\" must be 100 to 900 or a name (thin, light, regular, "
	  "medium, semibold, bold, black...), not \"blod\" (did you mean \"bold\"?)\n" },
	{ "leading",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, leading: 5 }\n",
	  "t.yaml:11:66: error: \"leading\" must be between 0.7 and 3, not 5\n" },
	{ "tracking-type",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, tracking: 5% }\n",
	  "t.yaml:11:67: error: \"tracking\" must be a number in em, not \"5%\"\n" },
	{ "x-unit",
	  HEAD "      - text: { field: title, x: 10mm, y: 0, w: 10, h: 10 }\n",
	  "t.yaml:11:34: error: \"x\" must be a number in millimetres, not \"10mm\"\n" },
	{ "bool",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, italic: yes }\n",
	  "t.yaml:11:65: error: \"italic\" must be true or false, not \"yes\"\n" },
	{ "align",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, align: jsutify }\n",
	  "t.yaml:11:64: error: \"align\" must be left, center, right or justify, not \"jsutify\" "
	  "(did you mean \"justify\"?)\n" },
	{ "max-lines",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: 10, max-lines: 1.5 }\n",
	  "t.yaml:11:68: error: \"max-lines\" must be a whole number, not \"1.5\"\n" },
	{ "rule-width",
	  HEAD "      - rule: { x: 0, y: 0, w: 10, width: 0 }\n",
	  "t.yaml:11:43: error: \"width\" must be more than 0 and at most 100 pt, not 0\n" },
	{ "empty-value",
	  HEAD "      - text: { field: title, x: 0, y: 0, w: 10, h: }\n",
	  "t.yaml:11:50: error: \"h\" has no value\n" },
	{ "missing-text-keys",
	  HEAD "      - text: { x: 0, y: 0, w: 10 }\n",
	  "t.yaml:11:15: error: missing key \"h\" in text item\n"
	  "t.yaml:11:15: error: missing key \"field\" in text item\n" },
	{ "missing-top",
	  "layout: 1\nkind: tract\n",
	  "t.yaml:1:1: error: missing key \"name\" in layout\n"
	  "t.yaml:1:1: error: missing key \"page\" in layout\n"
	  "t.yaml:1:1: error: missing key \"pages\" in layout\n" },
	{ "missing-page-keys",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148 }\n"
	  "pages:\n  - items: []\n",
	  "t.yaml:4:7: error: missing key \"height\" in page\n"
	  "t.yaml:6:5: error: missing key \"name\" in page\n" },
	{ "page-size",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 0, height: 2001 }\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:4:16: error: \"width\" must be more than 0 and at most 2000 mm, not 0\n"
	  "t.yaml:4:27: error: \"height\" must be more than 0 and at most 2000 mm, not 2001\n" },
	{ "safe",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\nsafe: 80\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:5:7: error: \"safe\" must be between 0 and 74 mm, not 80\n" },
	{ "version",
	  "layout: 2\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:1:9: error: unsupported layout format version 2: this tractage reads "
	  "version 1\n" },
	{ "version-word",
	  "layout: one\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:1:9: error: \"layout\" must be the format version, 1, not \"one\"\n" },
	{ "name",
	  "layout: 1\nname: Tract A5\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:2:7: error: \"name\" may only use a-z, 0-9 and \"-\", at most 64 of them (it "
	  "becomes part of the output file names), not \"Tract A5\"\n" },
	{ "kind",
	  "layout: 1\nname: t\nkind: postr\npage: { width: 148, height: 210 }\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:3:7: error: \"kind\" must be tract or poster, not \"postr\" (did you mean "
	  "\"poster\"?)\n" },
	{ "no-pages",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\npages: []\n",
	  "t.yaml:5:8: error: a layout has 1 to 16 pages, not 0\n" },
	{ "items-map",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "pages:\n  - name: a\n    items: { rect: {} }\n",
	  "t.yaml:7:12: error: \"items\" must be a list (\"- rect: ...\", \"- text: ...\"), not "
	  "a mapping\n" },
	{ "page-twice",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "pages: [ { name: a, items: [] }, { name: a, items: [] } ]\n",
	  "t.yaml:5:42: error: two pages are called \"a\"\n" },
	{ "style-unknown",
	  HEAD "      - text: { field: title, style: txet, x: 0, y: 0, w: 10, h: 10 }\n",
	  "t.yaml:11:38: error: unknown style \"txet\" (did you mean \"text\"?)\n" },
	{ "style-base-unknown",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "styles:\n  body: { size: 9 }\n  title: { base: bdy }\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:7:18: error: unknown base style \"bdy\" (did you mean \"body\"?)\n" },
	{ "style-cycle",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "styles:\n  a: { base: b }\n  b: { base: c }\n  c: { base: a }\n  d: { base: a }\n"
	  "pages:\n  - name: p\n    items:\n"
	  "      - text: { field: title, style: d, x: 0, y: 0, w: 10, h: 10 }\n",
	  "t.yaml:8:14: error: style \"a\" is based on itself (a → b → c → a)\n" },
	{ "style-self",
	  "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
	  "styles:\n  a: { base: a }\n"
	  "pages: [ { name: a, items: [] } ]\n",
	  "t.yaml:6:14: error: style \"a\" is based on itself (a → a)\n" },
	{ "same-id",
	  HEAD "      - text: { field: body, x: 0, y: 0, w: 10, h: 10 }\n"
	       "      - text: { field: body, x: 0, y: 20, w: 10, h: 10 }\n",
	  "t.yaml:12:24: error: two text frames are called \"body\" (the other is on line 11): "
	  "give each its own \"id\"\n" },
	{ "stack-y",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [\n"
	       "          text: { field: body, y: 20 } ] }\n",
	  "t.yaml:12:32: error: a frame inside a stack takes no \"y\": the stack places its "
	  "frames one under the other\n" },
	{ "stack-h",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [\n"
	       "          text: { field: body, h: 20 } ] }\n",
	  "t.yaml:12:32: error: a frame inside a stack takes no \"h\": the stack places its "
	  "frames one under the other\n" },
	{ "stack-rect",
	  HEAD "      - stack:\n"
	       "          x: 12\n          y: 12\n          w: 124\n          h: 180\n"
	       "          items:\n"
	       "            - text: { field: body }\n"
	       "            - rect: { x: 12, y: 12, w: 10, h: 10 }\n"
	       "            - rule: { x: 12, y: 12, w: 10 }\n",
	  "t.yaml:18:15: error: only text frames can go in a stack\n"
	  "t.yaml:19:15: error: only text frames can go in a stack\n" },
	{ "stack-nested",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [\n"
	       "          stack: { x: 12, y: 12, w: 124, h: 90, items: [ text: { field: body } ] } ] }\n",
	  "t.yaml:12:11: error: only text frames can go in a stack\n" },
	{ "stack-unknown-kind",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [ picture: {} ] }\n",
	  "t.yaml:11:57: error: unknown item kind \"picture\": only text frames can go in a "
	  "stack\n" },
	{ "stack-frame-scalar",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [ body ] }\n",
	  "t.yaml:11:57: error: a frame of a stack must be a mapping with one key, text (as in "
	  "\"- text: { field: body, ... }\"), not \"body\"\n" },
	{ "stack-frame-left",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [\n"
	       "          text: { field: body, x: 10 } ] }\n",
	  "t.yaml:12:35: error: frame \"body\" starts at x = 10 mm, left of its stack \"stack\" "
	  "(x = 12 to 136 mm)\n" },
	{ "stack-frame-right",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, id: column, items: [\n"
	       "          text: { field: body, x: 16, w: 124 } ] }\n",
	  "t.yaml:12:42: error: frame \"body\" ends at x = 140 mm, outside its stack \"column\" "
	  "(x = 12 to 136 mm)\n" },
	{ "stack-frame-beyond",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [\n"
	       "          text: { field: body, x: 136 } ] }\n",
	  "t.yaml:12:35: error: frame \"body\" starts at x = 136 mm, outside its stack "
	  "\"stack\" (x = 12 to 136 mm)\n" },
	{ "stack-frame-width",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [\n"
	       "          text: { field: body, w: 0 } ] }\n",
	  "t.yaml:12:35: error: frame \"body\" has a zero width (0 mm)\n" },
	{ "stack-frame-field",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [ text: { size: 9 } ] }\n",
	  "t.yaml:11:63: error: missing key \"field\" in text item\n" },
	{ "stack-frame-key",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [\n"
	       "          text: { field: body, sise: 9 } ] }\n",
	  "t.yaml:12:32: error: unknown key \"sise\" in text item (did you mean \"size\"?)\n" },
	{ "stack-same-id",
	  HEAD "      - text: { field: body, x: 12, y: 100, w: 124, h: 100 }\n"
	       "      - stack: { x: 12, y: 12, w: 124, h: 80, items: [\n"
	       "          text: { field: programme }, text: { field: body } ] }\n",
	  "t.yaml:13:54: error: two text frames are called \"body\" (the other is on line 11): "
	  "give each its own \"id\"\n" },
	{ "stack-key",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, gapp: 2, "
	       "items: [ text: { field: body } ] }\n",
	  "t.yaml:11:48: error: unknown key \"gapp\" in stack item (did you mean \"gap\"?)\n" },
	{ "stack-key-far",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, field: body, "
	       "items: [ text: { field: body } ] }\n",
	  "t.yaml:11:48: error: unknown key \"field\" in stack item (known keys: x, y, w, h, gap, "
	  "valign, if, id, items)\n" },
	{ "stack-gap",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, gap: 101, "
	       "items: [ text: { field: body } ] }\n",
	  "t.yaml:11:53: error: \"gap\" must be between 0 and 100 mm, not 101\n" },
	{ "stack-missing-keys",
	  HEAD "      - stack: { x: 12, y: 12, w: 124 }\n",
	  "t.yaml:11:16: error: missing key \"h\" in stack item\n"
	  "t.yaml:11:16: error: missing key \"items\" in stack item\n" },
	{ "stack-empty",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, items: [] }\n",
	  "t.yaml:11:55: error: a stack has 1 to 32 frames, not 0\n" },
	{ "stack-items-map",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 180, "
	       "items: { text: { field: body } } }\n",
	  "t.yaml:11:55: error: \"items\" of a stack must be a list of text frames (\"- text: "
	  "...\"), not a mapping\n" },
	{ "stack-outside",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 200, "
	       "items: [ text: { field: body } ] }\n",
	  "t.yaml:11:43: error: stack \"stack\" ends at y = 212 mm, outside the 210 mm high "
	  "page\n" },
	{ "stack-height",
	  HEAD "      - stack: { x: 12, y: 12, w: 124, h: 0, id: col, "
	       "items: [ text: { field: body } ] }\n",
	  "t.yaml:11:43: error: stack \"col\" has a zero height (0 mm)\n" },
	{ "not-a-map",
	  "- layout: 1\n",
	  "t.yaml:1:1: error: a layout file must be a mapping of keys (layout, name, kind, page, "
	  "pages), not a list\n" },
	{ "keeps-going",
	  HEAD "      - text: { field: tittle, x: -1, y: 0, w: 10, h: 10 }\n"
	       "      - rect: { x: 0, y: 0, w: 10, h: 10, colour: \"#12\" }\n"
	       "      - rule: { x: 0, y: 0, w: 10, h: 300 }\n",
	  "t.yaml:11:24: error: unknown field \"tittle\" (did you mean \"title\"?)\n"
	  "t.yaml:11:35: error: frame \"text\" starts at x = -1 mm, left of the page\n"
	  "t.yaml:12:51: error: bad colour \"#12\": write \"#rrggbb\" or \"#rgb\"\n"
	  "t.yaml:13:39: error: rule \"rule\" ends at y = 300 mm, outside the 210 mm high "
	  "page\n" },
};

static void test_bad(gconstpointer data)
{
	const bad_case *bc = data;
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = load(bc->yaml, d);
	char *msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==, bc->messages);
	g_assert_null(ld);
	g_free(msgs);
	tr_diag_free(d);
}

/* A YAML syntax error comes from ytree and gives NULL. */
static void test_syntax(void)
{
	static const char yaml[] = "layout: 1\nname: [t\n";
	tr_diag *d = tr_diag_new();
	g_assert_null(load(yaml, d));
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_ERROR), >=, 1);
	tr_diag_free(d);
}

/* Errors already in the list (from the content file) do not make a good layout
 * fail, and warnings do not either. */
static void test_earlier_errors(void)
{
	tr_diag *d = tr_diag_new();
	tr_diag_add(d, TR_SEV_ERROR, "content.yaml", (tr_pos){ 0, 0 }, "earlier");
	tr_layoutdesc *ld = load(full_layout, d);
	g_assert_nonnull(ld);
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/layoutdesc/full", test_full);
	g_test_add_func("/layoutdesc/defaults", test_defaults);
	g_test_add_func("/layoutdesc/dump", test_dump);
	g_test_add_func("/layoutdesc/stack", test_stack);
	g_test_add_func("/layoutdesc/item-walk", test_item_walk);
	g_test_add_func("/layoutdesc/pictures", test_pictures);
	g_test_add_func("/layoutdesc/identity", test_identity);
	g_test_add_func("/layoutdesc/derived", test_derived);
	g_test_add_func("/layoutdesc/names", test_names);
	g_test_add_func("/layoutdesc/file", test_file);
	g_test_add_func("/layoutdesc/syntax", test_syntax);
	g_test_add_func("/layoutdesc/earlier-errors", test_earlier_errors);
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		char *path = g_strdup_printf("/layoutdesc/bad/%s", bad_cases[i].name);
		g_test_add_data_func(path, &bad_cases[i], test_bad);
		g_free(path);
	}
	return g_test_run();
}
