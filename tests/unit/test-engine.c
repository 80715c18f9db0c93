/* test-engine.c — fitting and flowing, on small layouts and contents built here. */
#include <string.h>

#include "layout/engine.h"
#include "load-ok.h"
#include "load/layoutdesc.h"

static tr_fonts *fonts;
static tr_engine *engine;

static const char *content_yaml =
	"organiser: { name: SUD CD93, phone: 01 43 93 91 28 }\n"
	"event:\n"
	"  title: Construire la riposte au tout numérique\n"
	"  sessions: [ { date: 2017-10-03, start: \"08:30\", end: \"17:30\" } ]\n"
	"  venue: { name: Bourse du travail, city: Bobigny }\n"
	"body: |\n"
	"  %s\n";

static const char *layout_head =
	"layout: 1\nname: test\nkind: tract\npage: { width: 148, height: 210 }\npages:\n"
	"  - name: one\n    items:\n";

static tr_event *load_event(const char *body)
{
	return load_content_ok(g_strdup_printf(content_yaml, body));
}

static tr_layoutdesc *load_layout(const char *items)
{
	char *yaml = g_strconcat(layout_head, items, NULL);
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = tr_layoutdesc_load_buffer("l.yaml", yaml, strlen(yaml), d);
	if (!ld)
		g_printerr("%s", tr_diag_format(d));
	g_assert_nonnull(ld);
	tr_diag_free(d);
	g_free(yaml);
	return ld;
}

/* The size of the first line drawn in frame order, from the dump. */
static double first_size(const tr_doc *doc)
{
	for (size_t i = 0; i < doc->pages[0].n_ops; i++)
		if (doc->pages[0].ops[i].kind == TR_OP_LINE)
			return doc->pages[0].ops[i].size;
	return 0;
}

static size_t count_lines(const tr_doc *doc, size_t page)
{
	size_t n = 0;
	for (size_t i = 0; i < doc->pages[page].n_ops; i++)
		n += doc->pages[page].ops[i].kind == TR_OP_LINE;
	return n;
}

static tr_doc *run(const tr_event *ev, const tr_layoutdesc *ld, tr_diag *d)
{
	return tr_engine_run(engine, ev, ld, d);
}

/* A title takes the largest size at which it fits; a smaller frame, a smaller one. */
static void test_title_fills_frame(void)
{
	tr_event *ev = load_event("Un texte.");
	tr_layoutdesc *big = load_layout(
		"      - text: { field: title, x: 10, y: 10, w: 128, h: 60, font: League Spartan, "
		"weight: bold, size: [10, 80], leading: 1 }\n");
	tr_layoutdesc *small = load_layout(
		"      - text: { field: title, x: 10, y: 10, w: 128, h: 20, font: League Spartan, "
		"weight: bold, size: [10, 80], leading: 1 }\n");
	tr_diag *d = tr_diag_new();
	tr_doc *a = run(ev, big, d), *b = run(ev, small, d);
	g_assert_nonnull(a);
	g_assert_nonnull(b);
	double sa = first_size(a), sb = first_size(b);
	g_assert_cmpfloat(sa, >, sb);
	g_assert_cmpfloat(sa, <, 80);
	g_assert_cmpfloat(sb, >=, 10);
	/* Sizes are whole quarter points. */
	g_assert_cmpfloat(sa * 4, ==, (double)(int)(sa * 4));
	/* Every line stays inside the frame. */
	for (size_t i = 0; i < b->pages[0].n_ops; i++) {
		const tr_op *op = &b->pages[0].ops[i];
		if (op->kind != TR_OP_LINE)
			continue;
		g_assert_cmpfloat(op->x, >=, 10 * TR_MM_TO_PT - 0.01);
		g_assert_cmpfloat(op->x + tr_textline_width(op->text), <=, 138 * TR_MM_TO_PT + 0.01);
		g_assert_cmpfloat(op->y, <=, 30 * TR_MM_TO_PT);
	}
	/* No warning from fitting; only the body's, which these one-frame tracts
	 * have no place for (said once: the same message is not repeated). */
	char *msgs = tr_diag_format(d);
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_WARNING), ==, 1);
	g_assert_nonnull(strstr(msgs, "warning: the body is not printed on test: the layout has "
	                        "no place for it"));
	g_free(msgs);
	tr_doc_free(a);
	tr_doc_free(b);
	tr_layoutdesc_free(big);
	tr_layoutdesc_free(small);
	tr_event_free(ev);
	tr_diag_free(d);
}

static char *long_text(int sentences)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < sentences; i++)
		g_string_append(s, "Les volontaires au tractage peuvent nous contacter dès maintenant. ");
	return g_string_free(s, FALSE);
}

/* Text that cannot fit even at the smallest size is an error naming the field
 * and saying how much is too much; nothing is returned. */
static void test_overflow_error(void)
{
	char *body = long_text(60);
	tr_event *ev = load_event(body);
	tr_layoutdesc *ld = load_layout(
		"      - text: { field: body, x: 10, y: 10, w: 60, h: 30, size: [8, 10], "
		"align: justify, hyphenate: true }\n");
	tr_diag *d = tr_diag_new();
	tr_doc *doc = run(ev, ld, d);
	g_assert_null(doc);
	char *msg = tr_diag_format(d);
	g_assert_true(g_str_has_prefix(msg, "t.yaml:6:7: error: the body does not fit in the layout "
	                                    "test even at 8 pt: about "));
	g_assert_nonnull(strstr(msg, "characters or "));
	g_assert_nonnull(strstr(msg, "l.yaml:8:9: note: body: frame \"body\" (one), 8 to 10 pt"));
	g_free(msg);
	tr_diag_free(d);
	tr_layoutdesc_free(ld);
	tr_event_free(ev);
	g_free(body);
}

/* A word wider than a justified, hyphenated column is an error naming it, not
 * a line drawn past the frame. */
static void test_wide_word(void)
{
	tr_event *ev = load_event("Code : ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJ merci.");
	tr_layoutdesc *ld = load_layout(
		"      - text: { field: body, x: 10, y: 10, w: 40, h: 100, size: [8, 10], "
		"align: justify, hyphenate: true }\n");
	tr_diag *d = tr_diag_new();
	g_assert_null(run(ev, ld, d));
	char *msg = tr_diag_format(d);
	g_assert_nonnull(strstr(msg, "error: the body does not fit in the layout test: "
	                             "“ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJ” is "));
	g_assert_nonnull(strstr(msg, " mm wide at 8 pt; the frame is 40.0 mm"));
	g_free(msg);
	tr_diag_free(d);
	tr_layoutdesc_free(ld);
	tr_event_free(ev);
}

/* A chain flows from one frame to the next at one size, and keeps every line. */
static void test_chain_flows(void)
{
	char *body = long_text(12);
	tr_event *ev = load_event(body);
	tr_layoutdesc *one = load_layout(
		"      - text: { field: body, x: 10, y: 10, w: 60, h: 190, size: [8, 8] }\n");
	tr_layoutdesc *two = load_layout(
		"      - text: { field: body, x: 10, y: 10, w: 60, h: 20, size: [8, 8] }\n"
		"      - text: { field: body, id: more, x: 80, y: 10, w: 60, h: 190, size: [8, 8] }\n");
	tr_diag *d = tr_diag_new();
	tr_doc *a = run(ev, one, d), *b = run(ev, two, d);
	g_assert_nonnull(a);
	g_assert_nonnull(b);
	g_assert_cmpuint(count_lines(a, 0), ==, count_lines(b, 0));
	size_t in_first = 0;
	for (size_t i = 0; i < b->pages[0].n_ops; i++) {
		const tr_op *op = &b->pages[0].ops[i];
		if (op->kind == TR_OP_LINE && op->x < 70 * TR_MM_TO_PT)
			in_first++;
		if (op->kind == TR_OP_LINE)
			g_assert_cmpfloat(op->size, ==, 8);
	}
	g_assert_cmpuint(in_first, >, 1);
	g_assert_cmpuint(in_first, <, count_lines(b, 0));
	tr_doc_free(a);
	tr_doc_free(b);
	tr_layoutdesc_free(one);
	tr_layoutdesc_free(two);
	tr_event_free(ev);
	tr_diag_free(d);
	g_free(body);
}

/* A stack gives its texts the height they need: more body, lower programme. */
static void test_stack(void)
{
	const char *items =
		"      - stack:\n"
		"          x: 10\n          y: 10\n          w: 128\n          h: 190\n"
		"          items:\n"
		"            - text: { field: body, size: [8, 12] }\n"
		"            - text: { field: when-where, size: [8, 12] }\n";
	tr_layoutdesc *ld = load_layout(items);
	char *shortb = long_text(2), *longb = long_text(14);
	tr_event *a = load_event(shortb), *b = load_event(longb);
	tr_diag *d = tr_diag_new();
	tr_doc *da = run(a, ld, d), *db = run(b, ld, d);
	g_assert_nonnull(da);
	g_assert_nonnull(db);
	/* The last line (when-where's) sits lower when the body is longer. */
	double ya = 0, yb = 0;
	for (size_t i = 0; i < da->pages[0].n_ops; i++)
		if (da->pages[0].ops[i].kind == TR_OP_LINE)
			ya = da->pages[0].ops[i].y;
	for (size_t i = 0; i < db->pages[0].n_ops; i++)
		if (db->pages[0].ops[i].kind == TR_OP_LINE)
			yb = db->pages[0].ops[i].y;
	g_assert_cmpfloat(yb, >, ya);
	g_assert_cmpfloat(yb, <=, 200 * TR_MM_TO_PT);
	tr_doc_free(da);
	tr_doc_free(db);
	tr_event_free(a);
	tr_event_free(b);
	g_free(shortb);
	g_free(longb);
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

/* The largest size of the lines of a frame on a page (0: none). */
static double frame_size(const tr_doc *doc, size_t page, const char *frame)
{
	double size = 0;
	for (size_t i = 0; i < doc->pages[page].n_ops; i++) {
		const tr_op *op = &doc->pages[page].ops[i];
		if (op->kind == TR_OP_LINE && strcmp(op->frame, frame) == 0)
			size = MAX(size, op->size);
	}
	return size;
}

/* In a stack, a text its own limits stop (a title held to one line) does not
 * hold the others back: they go on growing into the room left. */
static void test_stack_grows_past_capped(void)
{
	const char *items =
		"      - stack:\n"
		"          x: 10\n          y: 10\n          w: 128\n          h: 190\n"
		"          items:\n"
		"            - text: { field: title, size: [8, 60], max-lines: 1 }\n"
		"            - text: { field: venue, size: [8, 12] }\n";
	tr_layoutdesc *ld = load_layout(items);
	tr_event *ev = load_event("Court.");
	tr_diag *d = tr_diag_new();
	tr_doc *doc = run(ev, ld, d);
	g_assert_nonnull(doc);
	double title = frame_size(doc, 0, "title");
	g_assert_cmpfloat(title, >, 8);
	g_assert_cmpfloat(title, <, 40); /* one line of 39 letters in 128 mm */
	g_assert_cmpfloat(frame_size(doc, 0, "venue"), ==, 12);
	tr_doc_free(doc);
	tr_event_free(ev);
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

/* The band of a frame (its rect: the op before the frame's first line). */
static const tr_op *band_of(const tr_doc *doc, size_t page, const char *frame)
{
	const tr_op *rect = NULL;
	for (size_t i = 0; i < doc->pages[page].n_ops; i++) {
		const tr_op *op = &doc->pages[page].ops[i];
		if (op->kind == TR_OP_RECT)
			rect = op;
		else if (op->kind == TR_OP_LINE && strcmp(op->frame, frame) == 0)
			return rect;
	}
	return NULL;
}

/* padding: [min, max] grows only the band of the stack's frame, and only in a
 * stack that has room: not the band of a frame of the same text before the
 * stack (its text is not moved: the band went 10 mm above the page), nor when
 * the text goes on past the stack (its lines went out of the stack, under
 * the next frame). */
static void test_band_range_stays_in_stack(void)
{
	tr_event *ev = load_event("Court.");
	tr_diag *d = tr_diag_new();
	/* All of when-where fits the frame before the stack. */
	tr_layoutdesc *before = load_layout(
		"      - text: { field: when-where, x: 10, y: 3, w: 128, h: 80, size: [10, 10],\n"
		"                background: \"#eeeeee\", padding: 2 }\n"
		"      - stack:\n"
		"          x: 10\n          y: 100\n          w: 128\n          h: 100\n"
		"          items:\n"
		"            - text: { field: title, size: [12, 12] }\n"
		"            - text: { field: when-where, id: ww2, size: [10, 10],\n"
		"                      background: \"#eeeeee\", padding: [2, 10] }\n");
	tr_doc *doc = run(ev, before, d);
	g_assert_nonnull(doc);
	const tr_op *band = band_of(doc, 0, "when-where");
	g_assert_nonnull(band);
	g_assert_cmpfloat(band->y, >=, 3 * TR_MM_TO_PT - 0.01);
	g_assert_null(band_of(doc, 0, "ww2"));
	tr_doc_free(doc);
	/* when-where goes on from a short stack into a second one. */
	tr_layoutdesc *past = load_layout(
		"      - stack:\n"
		"          x: 10\n          y: 10\n          w: 128\n          h: 22\n"
		"          items:\n"
		"            - text: { field: title, size: [12, 12], max-lines: 1 }\n"
		"            - text: { field: when-where, size: [10, 10],\n"
		"                      background: \"#eeeeee\", padding: [2, 10] }\n"
		"      - stack:\n"
		"          x: 10\n          y: 100\n          w: 128\n          h: 100\n"
		"          items:\n"
		"            - text: { field: when-where, id: ww2, size: [10, 10],\n"
		"                      background: \"#eeeeee\", padding: [2, 10] }\n");
	doc = run(ev, past, d);
	g_assert_nonnull(doc);
	g_assert_cmpfloat(frame_size(doc, 0, "ww2"), ==, 10); /* it did go on */
	double foot = 32 * TR_MM_TO_PT;
	for (size_t i = 0; i < doc->pages[0].n_ops; i++) {
		const tr_op *op = &doc->pages[0].ops[i];
		if (op->kind == TR_OP_LINE && strcmp(op->frame, "when-where") == 0)
			g_assert_cmpfloat(op->y, <=, foot);
	}
	band = band_of(doc, 0, "when-where");
	g_assert_nonnull(band);
	g_assert_cmpfloat(band->y + band->h, <=, foot + 0.01);
	tr_doc_free(doc);
	tr_layoutdesc_free(before);
	tr_layoutdesc_free(past);
	tr_event_free(ev);
	tr_diag_free(d);
}

/* columns: [1, 2] in a stack with room: one column when that sets the text
 * larger (a place name too long for half the width), two otherwise. */
static void test_fewer_columns(void)
{
	const char *two =
		"      - stack:\n"
		"          x: 10\n          y: 10\n          w: 128\n          h: 190\n"
		"          items:\n"
		"            - text: { field: venue, size: [8, 30], columns: 2 }\n";
	const char *range =
		"      - stack:\n"
		"          x: 10\n          y: 10\n          w: 128\n          h: 190\n"
		"          items:\n"
		"            - text: { field: venue, size: [8, 30], columns: [1, 2] }\n";
	tr_layoutdesc *l2 = load_layout(two), *lr = load_layout(range);
	tr_event *ev = load_content_ok(g_strdup(
		"organiser: { name: Collectif }\n"
		"event:\n"
		"  title: Soirée\n"
		"  sessions: [ { date: 2020-01-24 } ]\n"
		"  venue: { name: Salle Lafare Alais, city: Saint-Martin-de-Valgalgues }\n"));
	tr_diag *d = tr_diag_new();
	tr_doc *a = run(ev, l2, d), *b = run(ev, lr, d);
	g_assert_nonnull(a);
	g_assert_nonnull(b);
	/* In 62 mm, the town's name holds the venue under 14 pt; in 128 mm
	 * it may be twice as large. */
	g_assert_cmpfloat(frame_size(a, 0, "venue"), <, 14);
	g_assert_cmpfloat(frame_size(b, 0, "venue"), >, 20);
	tr_doc_free(a);
	tr_doc_free(b);
	tr_event_free(ev);
	tr_layoutdesc_free(l2);
	tr_layoutdesc_free(lr);
	tr_diag_free(d);
}

/* grow-lines: a practical block grows for a short admission, and stays at
 * reading size for a long one, in a frame and in a stack. */
static void test_grow_lines(void)
{
	const char *frame =
		"      - text: { field: practical, x: 10, y: 10, w: 128, h: 190, size: [8, 30],\n"
		"                grow-lines: 4 }\n";
	const char *stack =
		"      - stack:\n"
		"          x: 10\n          y: 10\n          w: 128\n          h: 190\n"
		"          items:\n"
		"            - text: { field: practical, size: [8, 30], grow-lines: 4 }\n";
	const char *content =
		"organiser: { name: Collectif }\n"
		"event:\n"
		"  title: Concert de soutien\n"
		"  sessions: [ { date: 2023-04-19, start: \"18:00\" } ]\n"
		"  venue: { name: Le Flow, city: Lille }\n"
		"  admission: %s\n";
	const char *lng = "Billetterie en ligne, 500 places, au prix de 10 euros. L’intégralité "
	                  "des recettes de la billetterie sera reversée à la caisse de grève "
	                  "nationale intersyndicale.";
	const char *layouts[] = { frame, stack };
	for (size_t i = 0; i < G_N_ELEMENTS(layouts); i++) {
		tr_layoutdesc *ld = load_layout(layouts[i]);
		tr_event *shrt = load_content_ok(g_strdup_printf(content, "Entrée libre."));
		tr_event *lo = load_content_ok(g_strdup_printf(content, lng));
		tr_diag *d = tr_diag_new();
		tr_doc *a = run(shrt, ld, d), *b = run(lo, ld, d);
		g_assert_nonnull(a);
		g_assert_nonnull(b);
		/* A short admission lets the block grow to its largest; one of 150
		 * characters, kept within 4 lines of 128 mm, holds it far below. */
		double big = frame_size(a, 0, "practical"), small = frame_size(b, 0, "practical");
		g_assert_cmpfloat(big, >, 25);
		g_assert_cmpfloat(small, <, 0.75 * big);
		g_assert_cmpfloat(small, >, 8);
		tr_doc_free(a);
		tr_doc_free(b);
		tr_event_free(shrt);
		tr_event_free(lo);
		tr_layoutdesc_free(ld);
		tr_diag_free(d);
	}
}

/* Display text whose ink leaves the page is an error; a line whose ink stays
 * in, though its line box touches the edge, is not (the cheap bound sends it
 * to the real ink). */
static void test_ink_off_page(void)
{
	tr_layoutdesc *ld = load_layout(
		"      - text: { field: title, x: 10, y: 0, w: 128, h: 30, font: League Spartan, "
		"weight: bold, size: [40, 40], leading: 1 }\n");
	const char *titles[] = { "Pouvoir", "P\\u0302\\u0302\\u0302\\u0302\\u0302\\u0302ouvoir" };
	for (size_t i = 0; i < G_N_ELEMENTS(titles); i++) {
		char *yaml = g_strdup_printf(
			"organiser: { name: Collectif }\n"
			"event:\n"
			"  title: \"%s\"\n"
			"  sessions: [ { date: 2017-10-03 } ]\n"
			"  venue: { name: Salle, city: Bobigny }\n", titles[i]);
		tr_event *ev = load_content_ok(yaml);
		tr_diag *d = tr_diag_new();
		tr_doc *doc = run(ev, ld, d);
		if (i == 0) {
			g_assert_nonnull(doc);
		} else {
			g_assert_null(doc);
			char *msg = tr_diag_format(d);
			g_assert_nonnull(strstr(msg, "draws outside the page"));
			g_free(msg);
		}
		tr_doc_free(doc);
		tr_event_free(ev);
		tr_diag_free(d);
	}
	tr_layoutdesc_free(ld);
}

/* A short ragged line after a break the rules reward (after a comma) has a
 * negative total of demerits: still a success, not the "-1" of max-lines
 * (it made a programme item "unbreakable" at small sizes, and a verso 80 %
 * empty). */
static void test_bonus_is_success(void)
{
	const char *text = "Rue, Parc";
	tr_kp_item items[] = {
		{ .kind = TR_KP_BOX, .width = 200, .glyphs = 4, .pos = 0, .end = 4 },
		{ .kind = TR_KP_GLUE, .width = 25, .stretch = 12, .shrink = 8, .penalty = -5000,
		  .pos = 4, .end = 5 },
		{ .kind = TR_KP_BOX, .width = 200, .glyphs = 4, .pos = 5, .end = 9 },
		{ .kind = TR_KP_PENALTY, .penalty = -TR_PENALTY_INF, .pos = 9, .end = 9 },
	};
	tr_break_opts o = { .rules = tr_rules_default(), .mode = TR_BREAK_RAGGED, .em = 100,
		            .width_first = 300, .width_rest = 300, .no_hyphen_line = -1,
		            .text = text };
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(tr_break_line));
	double d = tr_break_paragraph(items, G_N_ELEMENTS(items), &o, lines);
	g_assert_cmpfloat(d, >=, 0);
	g_assert_cmpuint(lines->len, ==, 2);
	g_array_unref(lines);
}

/* A body that would leave a line or two alone on the next page is set a
 * little smaller, all on the first, when its range allows. */
static void test_no_short_carry(void)
{
	const char *items =
		"      - text: { field: body, x: 10, y: 10, w: 128, h: 30, size: [8, 12] }\n"
		"  - name: two\n    items:\n"
		"      - text: { field: body, id: more, x: 10, y: 10, w: 128, h: 190, size: [8, 12] }\n";
	tr_layoutdesc *ld = load_layout(items);
	tr_diag *d = tr_diag_new();
	/* Long enough to need the second page at 12 pt, short enough for the
	 * first at 8 pt. */
	for (int n = 4; n <= 9; n++) {
		char *body = long_text(n);
		tr_event *ev = load_event(body);
		tr_doc *doc = run(ev, ld, d);
		g_assert_nonnull(doc);
		size_t carried = count_lines(doc, 1);
		if (carried > 0 && carried < 6)
			g_error("%d sentences: %zu lines alone on the second page", n, carried);
		tr_doc_free(doc);
		tr_event_free(ev);
		g_free(body);
	}
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
}

/* A font the layout names but tractage cannot see is an error, never a substitute. */
static void test_unknown_font(void)
{
	tr_layoutdesc *ld = load_layout(
		"      - text: { field: title, x: 10, y: 10, w: 128, h: 60, font: Comic Sans MS }\n");
	tr_event *ev = load_event("x");
	tr_diag *d = tr_diag_new();
	g_assert_null(run(ev, ld, d));
	char *msg = tr_diag_format(d);
	char *user = tr_fonts_user_dir(); /* the tests' own, outside the home folder */
	char *want = g_strdup_printf("l.yaml:8:9: error: font family \"Comic Sans MS\" is not "
	                             "available to tractage: copy its font files into your font "
	                             "folder, %s, or into a folder given with --font-dir; or "
	                             "choose another family\n", user);
	g_assert_cmpstr(msg, ==, want);
	g_free(want);
	g_free(user);
	g_free(msg);
	tr_diag_free(d);
	tr_event_free(ev);
	tr_layoutdesc_free(ld);
}

/* A phone number becomes a tel: link over its text. */
static void test_links(void)
{
	tr_layoutdesc *ld = load_layout(
		"      - text: { field: contact, x: 10, y: 10, w: 128, h: 20 }\n");
	tr_event *ev = load_event("x");
	tr_diag *d = tr_diag_new();
	tr_doc *doc = run(ev, ld, d);
	g_assert_nonnull(doc);
	bool found = false;
	for (size_t i = 0; i < doc->pages[0].n_ops; i++) {
		const tr_op *op = &doc->pages[0].ops[i];
		if (op->kind == TR_OP_LINK) {
			g_assert_cmpstr(op->uri, ==, "tel:+33143939128");
			g_assert_cmpfloat(op->w, >, 20);
			found = true;
		}
	}
	g_assert_true(found);
	tr_doc_free(doc);
	tr_diag_free(d);
	tr_event_free(ev);
	tr_layoutdesc_free(ld);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *datadir = g_getenv("TRACTAGE_DATADIR");
	GError *err = NULL;
	fonts = tr_fonts_new(datadir ? datadir : ".", &err);
	g_assert_no_error(err);
	engine = tr_engine_new(fonts);
	g_test_add_func("/engine/title-fills-frame", test_title_fills_frame);
	g_test_add_func("/engine/overflow-error", test_overflow_error);
	g_test_add_func("/engine/wide-word", test_wide_word);
	g_test_add_func("/engine/chain-flows", test_chain_flows);
	g_test_add_func("/engine/stack", test_stack);
	g_test_add_func("/engine/stack-grows-past-capped", test_stack_grows_past_capped);
	g_test_add_func("/engine/band-range-stays-in-stack", test_band_range_stays_in_stack);
	g_test_add_func("/engine/no-short-carry", test_no_short_carry);
	g_test_add_func("/engine/fewer-columns", test_fewer_columns);
	g_test_add_func("/engine/grow-lines", test_grow_lines);
	g_test_add_func("/engine/ink-off-page", test_ink_off_page);
	g_test_add_func("/engine/bonus-is-success", test_bonus_is_success);
	g_test_add_func("/engine/unknown-font", test_unknown_font);
	g_test_add_func("/engine/links", test_links);
	int rc = g_test_run();
	tr_engine_free(engine);
	tr_fonts_free(fonts);
	return rc;
}
