/* test-check.c — what the preflight (src/check/) stands on, and the pieces its
 * message tests (tests/check/NAME.expect) do not show one by one:
 *   - every character of a loaded text points back at its place in the content
 *     file, whatever the YAML style: plain, quoted, literal |, folded >, with
 *     escapes, doubled quotes, CRLF line ends and a byte-order mark;
 *   - the content's "check:" key, the tokeniser, the edit distance behind
 *     suggestions, the names of findings.
 */
#include <string.h>

#include <glib.h>

#include "check/check.h"
#include "check/finding.h"
#include "diag.h"
#include "load/content.h"
#include "load/ytree.h"
#include "model/event.h"
#include "model/srcmap.h"

#define HEAD \
	"organiser:\n" \
	"  name: SUD\n" \
	"event:\n" \
	"  title: T\n" \
	"  sessions: [2017-10-03]\n" \
	"  venue: {name: V, city: C}\n"

/* Loads buf; returns its messages (g_free) and the event in *out. */
static char *load_msgs(const char *buf, tr_event **out)
{
	tr_diag *d = tr_diag_new();
	*out = tr_content_load_buffer("t.yaml", buf, strlen(buf), d);
	char *msgs = tr_diag_format(d);
	tr_diag_free(d);
	return msgs;
}

/* Loads buf (as the file path, whose organisation file and pictures are
 * found next to it), which must load without a message. */
static tr_event *load_as(const char *path, const char *buf)
{
	tr_diag *d = tr_diag_new();
	tr_event *ev = tr_content_load_buffer(path, buf, strlen(buf), d);
	char *msgs = tr_diag_format(d);
	tr_diag_free(d);
	g_assert_cmpstr(msgs, ==, "");
	g_free(msgs);
	g_assert_nonnull(ev);
	return ev;
}

/* Loads buf, which must load without a message. */
static tr_event *load(const char *buf)
{
	tr_event *ev;
	char *msgs = load_msgs(buf, &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_free(msgs);
	g_assert_nonnull(ev);
	return ev;
}

/* The byte offset of a 0-based line and character column in src (lines end at
 * LF, CRLF or CR; a BOM is not counted), or -1. */
static long offset_of(const char *src, tr_pos pos)
{
	const char *p = src;
	if (g_str_has_prefix(p, "\xEF\xBB\xBF"))
		p += 3;
	for (int line = 0; line < pos.line; line++) {
		p += strcspn(p, "\r\n");
		if (!*p)
			return -1;
		p += (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
	}
	for (int col = 0; col < pos.col; col++) {
		if (!*p || *p == '\n' || *p == '\r')
			return -1;
		p = g_utf8_next_char(p);
	}
	return p - src;
}

/* Every word of t (a run of letters and digits) is found in src at the
 * position its map gives. Returns how many words were checked. */
static int check_words(const char *src, const tr_text *t)
{
	int n = 0;
	g_assert_nonnull(t->text);
	g_assert_nonnull(t->map);
	for (const char *p = t->text; *p;) {
		if (!g_unichar_isalnum(g_utf8_get_char(p))) {
			p = g_utf8_next_char(p);
			continue;
		}
		const char *e = p;
		while (*e && g_unichar_isalnum(g_utf8_get_char(e)))
			e = g_utf8_next_char(e);
		tr_pos pos = tr_text_pos(t, (size_t)(p - t->text));
		long off = offset_of(src, pos);
		char *word = g_strndup(p, (size_t)(e - p));
		if (off < 0 || strncmp(src + off, word, strlen(word)) != 0)
			g_error("\"%s\" (byte %zu of the text) maps to %d:%d, where the file has "
			        "\"%.20s\"", word, (size_t)(p - t->text), pos.line + 1, pos.col + 1,
			        off < 0 ? "(nothing)" : src + off);
		g_free(word);
		n++;
		p = e;
	}
	return n;
}

/* The 1-based "line:col" of byte off of t. */
static char *where(const tr_text *t, const char *word)
{
	const char *p = strstr(t->text, word);
	g_assert_nonnull(p);
	tr_pos pos = tr_text_pos(t, (size_t)(p - t->text));
	return g_strdup_printf("%d:%d", pos.line + 1, pos.col + 1);
}

static void assert_at(const tr_text *t, const char *word, const char *expected)
{
	char *w = where(t, word);
	g_assert_cmpstr(w, ==, expected);
	g_free(w);
}

static void test_plain(void)
{
	const char *src = HEAD
		"teaser: Une journée pour construire des résistances\n"
		"  collectives et une riposte\n"
		"\n"
		"     face au tout numérique.\n";
	tr_event *ev = load(src);
	g_assert_cmpint(check_words(src, &ev->teaser), ==, 14);
	assert_at(&ev->teaser, "collectives", "8:3");
	assert_at(&ev->teaser, "face", "10:6");
	assert_at(&ev->teaser, "numérique", "10:19");
	tr_event_free(ev);
}

static void test_quoted(void)
{
	const char *src = HEAD
		"teaser: 'l''école d''été, au   bord\n"
		"   de l''eau'\n"
		"note: \"caf\\u00e9 \\\"noir\\\" \\x41 syndcale\\t\\\n"
		"    suite\"\n"
		"quote: \"«\\_Big Brother\\u00bb\"\n";
	tr_event *ev = load(src);
	g_assert_cmpstr(ev->teaser.text, ==, "l'école d'été, au   bord de l'eau");
	check_words(src, &ev->teaser);
	assert_at(&ev->teaser, "école", "7:13");
	assert_at(&ev->teaser, "été", "7:22");
	assert_at(&ev->teaser, "bord", "7:32");
	assert_at(&ev->teaser, "eau", "8:10");
	/* Escapes: each stands for one character, at its backslash. */
	g_assert_cmpstr(ev->note.text, ==, "café \"noir\" A syndcale\tsuite");
	assert_at(&ev->note, "caf", "9:8");
	assert_at(&ev->note, "é", "9:11");
	assert_at(&ev->note, "noir", "9:20");
	assert_at(&ev->note, "A", "9:27");
	assert_at(&ev->note, "syndcale", "9:32");
	assert_at(&ev->note, "suite", "10:5");
	tr_event_free(ev);
}

static void test_literal(void)
{
	const char *src = HEAD
		"body: |  # the body\n"
		"  Le syndicat SUD organise le 3 octobre 2017 de 8h30 à 17h00\n"
		"  une journée de formation syndcale.\n"
		"\n"
		"    Un paragraphe en retrait.\n"
		"  Nous subissons tou-te-s les conséquences.\n";
	tr_event *ev = load(src);
	g_assert_cmpint(check_words(src, &ev->body), >, 20);
	assert_at(&ev->body, "17h00", "8:56");
	assert_at(&ev->body, "syndcale", "9:28");
	assert_at(&ev->body, "retrait", "11:22");
	assert_at(&ev->body, "tou-te-s", "12:18");
	tr_event_free(ev);
}

static void test_folded(void)
{
	const char *src = HEAD
		"note: >-\n"
		"    Les volontaires au tractage\n"
		"    peuvent nous contacter.\n"
		"\n"
		"\n"
		"    Merci à toutes et à tous.\n";
	tr_event *ev = load(src);
	g_assert_cmpstr(ev->note.text, ==, "Les volontaires au tractage peuvent nous contacter."
	                "\n\n\n\nMerci à toutes et à tous.");
	check_words(src, &ev->note);
	assert_at(&ev->note, "peuvent", "9:5");
	assert_at(&ev->note, "Merci", "12:5");
	assert_at(&ev->note, "tous", "12:25");
	tr_event_free(ev);
}

static void test_crlf_bom(void)
{
	const char *src = "\xEF\xBB\xBF" "organiser:\r\n  name: SUD\r\nevent:\r\n  title: T\r\n"
		"  sessions: [2017-10-03]\r\n  venue: {name: V, city: C}\r\n"
		"body: |\r\n  première ligne\r\n\r\n  deuxième ligne\r\n"
		"teaser: un texte\r\n  sur deux lignes\r\n";
	tr_event *ev = load(src);
	check_words(src, &ev->body);
	check_words(src, &ev->teaser);
	assert_at(&ev->body, "deuxième", "10:3");
	assert_at(&ev->teaser, "lignes", "12:12");
	tr_event_free(ev);
}

static void test_lists(void)
{
	const char *src = HEAD
		"keywords: emprise du numérique, formation syndicale,  Bobigny\n"
		"programme:\n"
		"  - Accueil des participants\n"
		"  - time: \"09:00\"\n"
		"    title: >\n"
		"      Les impacts du\n"
		"      numérique\n";
	tr_event *ev = load(src);
	g_assert_cmpuint(ev->n_keywords, ==, 3);
	assert_at(&ev->keywords[1], "syndicale", "7:43");
	assert_at(&ev->keywords[2], "Bobigny", "7:55");
	check_words(src, &ev->programme[0].title);
	assert_at(&ev->programme[0].title, "participants", "9:17");
	assert_at(&ev->programme[1].title, "numérique", "13:7");
	tr_event_free(ev);
}

/* Every text of every real content maps back, word for word. */
static void test_real(void)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	const char *dirs[] = { "content", "tests/content" };
	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
		GDir *dir = g_dir_open(dirs[i], 0, NULL);
		g_assert_nonnull(dir);
		for (const char *name; (name = g_dir_read_name(dir));)
			if (g_str_has_suffix(name, ".yaml"))
				g_ptr_array_add(files, g_build_filename(dirs[i], name, NULL));
		g_dir_close(dir);
	}
	g_assert_cmpuint(files->len, >=, 8);
	for (guint f = 0; f < files->len; f++) {
		char *src = NULL;
		g_assert_true(g_file_get_contents(files->pdata[f], &src, NULL, NULL));
		tr_event *ev = load_as(files->pdata[f], src);
		const tr_text *texts[] = { &ev->kicker, &ev->title, &ev->subtitle, &ev->admission,
		                           &ev->quote, &ev->teaser, &ev->body, &ev->note,
		                           &ev->venue.name, &ev->venue.address };
		int words = 0;
		for (size_t i = 0; i < G_N_ELEMENTS(texts); i++)
			if (texts[i]->text)
				words += check_words(src, texts[i]);
		for (size_t i = 0; i < ev->n_programme; i++)
			words += check_words(src, &ev->programme[i].title);
		for (size_t i = 0; i < ev->n_keywords; i++)
			words += check_words(src, &ev->keywords[i]);
		g_assert_cmpint(words, >, 10); /* a rally of three lines has about 20 */
		tr_event_free(ev);
		g_free(src);
	}
	g_ptr_array_unref(files);
}

/* Every character of every scalar of n but white space is where its map says
 * (an escape stands for its character). Returns the number of scalars. */
static int check_tree(const char *file, const char *src, const tr_ynode *n)
{
	int count = 0;
	if (n->kind != TR_YNODE_SCALAR) {
		for (size_t i = 0; i < n->n; i++) {
			if (n->keys)
				count += check_tree(file, src, n->keys[i]);
			count += check_tree(file, src, n->items[i]);
		}
		return count;
	}
	if (n->len == 0)
		return 0;
	if (!n->map)
		g_error("%s:%d:%d: no map for \"%.40s\"", file, n->pos.line + 1, n->pos.col + 1,
		        n->value);
	for (const char *p = n->value; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == ' ' || c == '\t' || c == '\n')
			continue;
		tr_pos pos = tr_srcmap_pos(n->map, n->value, (size_t)(p - n->value), TR_NOPOS);
		long off = offset_of(src, pos);
		gunichar s = off < 0 ? 0 : g_utf8_get_char(src + off);
		if (s != c && !(n->style == TR_YSTYLE_QUOTED && s == '\\'))
			g_error("%s:%d:%d: U+%04X of \"%.40s\" maps to U+%04X", file, pos.line + 1,
			        pos.col + 1, (unsigned)c, n->value, (unsigned)s);
	}
	return 1;
}

/* The same on every YAML file of the tree: contents, layouts, bad inputs and the
 * fuzzers' corpora (inputs that do not parse are skipped). */
static void test_corpora(void)
{
	const char *dirs[] = { "content", "tests/content", "layouts", "tests/bad",
	                       "tests/fuzz/corpus-content", "tests/fuzz/corpus-layout",
	                       "tests/fuzz/regressions-content", "tests/fuzz/regressions-layout" };
	int files = 0, scalars = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
		GDir *dir = g_dir_open(dirs[i], 0, NULL);
		if (!dir)
			continue;
		for (const char *name; (name = g_dir_read_name(dir));) {
			char *path = g_build_filename(dirs[i], name, NULL);
			char *src = NULL;
			size_t len = 0;
			if (!g_str_has_suffix(name, ".expect") && !g_str_has_suffix(name, ".md") &&
			    g_file_get_contents(path, &src, &len, NULL) && strlen(src) == len) {
				tr_diag *d = tr_diag_new();
				tr_ynode *root = tr_yaml_parse(path, src, len, d);
				if (root) {
					scalars += check_tree(path, src, root);
					files++;
				}
				tr_ynode_free(root);
				tr_diag_free(d);
			}
			g_free(src);
			g_free(path);
		}
		g_dir_close(dir);
	}
	g_assert_cmpint(files, >, 100);
	g_assert_cmpint(scalars, >, 5000);
}

/* The map alone: segments, lookups in any order, remapping and slices. */
static void test_map(void)
{
	const char *v = "ab\ncé d";
	tr_srcmap *m = tr_srcmap_new();
	tr_srcmap_add(m, 0, (tr_pos){ 4, 2 });
	tr_srcmap_add(m, 1, (tr_pos){ 4, 3 });
	tr_srcmap_add(m, 2, (tr_pos){ 4, 4 });
	tr_srcmap_add(m, 3, (tr_pos){ 5, 6 });
	tr_srcmap_add(m, 4, (tr_pos){ 5, 7 });
	tr_srcmap_add(m, 6, (tr_pos){ 5, 8 });
	tr_srcmap_add(m, 7, (tr_pos){ 5, 9 });
	tr_pos p = tr_srcmap_pos(m, v, 7, TR_NOPOS);
	g_assert_cmpint(p.line, ==, 5);
	g_assert_cmpint(p.col, ==, 9);
	p = tr_srcmap_pos(m, v, 1, TR_NOPOS);
	g_assert_cmpint(p.col, ==, 3);
	p = tr_srcmap_pos(NULL, v, 1, (tr_pos){ 9, 9 });
	g_assert_cmpint(p.line, ==, 9);
	tr_srcmap *s = tr_srcmap_slice(m, v, 3, 4); /* "cé " */
	p = tr_srcmap_pos(s, "cé ", 3, TR_NOPOS);
	g_assert_cmpint(p.line, ==, 5);
	g_assert_cmpint(p.col, ==, 8);
	/* "cé d" made of v: each character start says where it came from. */
	tr_srcmap *r = tr_srcmap_remap(m, v, "cé d", (size_t[]){ 3, 4, 4, 6, 7 });
	p = tr_srcmap_pos(r, "cé d", 4, TR_NOPOS);
	g_assert_cmpint(p.line, ==, 5);
	g_assert_cmpint(p.col, ==, 9);
	p = tr_srcmap_pos(r, "cé d", 1, TR_NOPOS);
	g_assert_cmpint(p.col, ==, 7);
	tr_srcmap_free(r);
	tr_srcmap_free(s);
	tr_srcmap_free(m);
	tr_srcmap_free(NULL);
}

static void test_check_key(void)
{
	tr_event *ev;
	char *msgs = load_msgs(HEAD "check:\n  ignore: [sunday, holiday]\n"
	                       "  words: bunkerisation, MATPPS\n", &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpuint(ev->check.n_ignore, ==, 2);
	g_assert_cmpstr(ev->check.ignore[1].text, ==, "holiday");
	g_assert_cmpint(ev->check.ignore[1].pos.line, ==, 7);
	g_assert_cmpint(ev->check.ignore[1].pos.col, ==, 19);
	g_assert_cmpuint(ev->check.n_words, ==, 2);
	g_assert_cmpstr(ev->check.words[1].text, ==, "MATPPS");
	char *dump = tr_event_dump(ev);
	g_assert_nonnull(strstr(dump, "check.words[0]@9:10: bunkerisation\n"));
	g_free(dump);
	tr_event_free(ev);
	g_free(msgs);

	msgs = load_msgs(HEAD "check:\n  ignored: [sunday]\n", &ev);
	g_assert_cmpstr(msgs, ==, "t.yaml:8:3: error: unknown key \"ignored\" in check (did you "
	                "mean \"ignore\"?)\n");
	g_assert_null(ev);
	g_free(msgs);
	msgs = load_msgs(HEAD "check:\n  words: {a: b}\n", &ev);
	g_assert_cmpstr(msgs, ==, "t.yaml:8:10: error: \"words\" must be a list of texts, not a "
	                "mapping\n");
	g_free(msgs);
	msgs = load_msgs(HEAD "check: [sunday]\n", &ev);
	g_assert_cmpstr(msgs, ==, "t.yaml:7:8: error: \"check\" must be a mapping (keys indented "
	                "under it), not a list\n");
	g_free(msgs);
}

/* Tokens: kinds, bytes, and the space before each. */
static void test_tokens(void)
{
	const char *text = "de 8h30 à 17h00, jusqu’au 1er octobre";
	GArray *t = tr_tokens(text);
	const char *want[] = { "de", "8", "h", "30", "à", "17", "h", "00", ",", "jusqu", "’",
	                       "au", "1", "er", "octobre" };
	g_assert_cmpuint(t->len, ==, G_N_ELEMENTS(want));
	for (guint i = 0; i < t->len; i++) {
		const tr_token *k = &g_array_index(t, tr_token, i);
		g_assert_cmpint((int)(k->end - k->start), ==, (int)strlen(want[i]));
		g_assert_true(strncmp(text + k->start, want[i], strlen(want[i])) == 0);
	}
	g_assert_true(g_array_index(t, tr_token, 1).space_before);
	g_assert_false(g_array_index(t, tr_token, 2).space_before);
	g_assert_cmpint(g_array_index(t, tr_token, 1).kind, ==, TR_TOK_NUMBER);
	g_assert_cmpint(g_array_index(t, tr_token, 2).kind, ==, TR_TOK_WORD);
	g_assert_cmpint(g_array_index(t, tr_token, 8).kind, ==, TR_TOK_OTHER);
	g_assert_true(tr_token_is(text, t, 4, "a"));    /* accents ignored */
	g_assert_true(tr_token_is(text, t, 14, "Octobre"));
	g_assert_false(tr_token_is(text, t, 15, "x")); /* past the end */
	g_assert_cmpint(tr_token_number(text, &g_array_index(t, tr_token, 5)), ==, 17);
	g_array_unref(t);
}

static void test_distance(void)
{
	g_assert_cmpuint(tr_edit_distance("syndcale", "syndicale"), ==, 1);
	g_assert_cmpuint(tr_edit_distance("recieve", "receive"), ==, 1);
	g_assert_cmpuint(tr_edit_distance("grêve", "grève"), ==, 1);
	g_assert_cmpuint(tr_edit_distance("", "abc"), ==, 3);
	g_assert_cmpuint(tr_edit_distance("abc", "abc"), ==, 0);
	static const char *const keys[] = { "title", NULL };
	g_assert_cmpstr(tr_suggest("tilte", keys), ==, "title");
}

static void test_names(void)
{
	const char *const *n = tr_check_names();
	guint count = g_strv_length((char **)n);
	g_assert_cmpuint(count, ==, TR_FIND__MAX);
	g_assert_cmpstr(n[TR_FIND_SPELLING], ==, "spelling");
	g_assert_cmpstr(n[TR_FIND_SUNDAY], ==, "sunday");
	g_assert_cmpstr(n[TR_FIND_POSTER], ==, "poster");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/srcmap/plain", test_plain);
	g_test_add_func("/srcmap/quoted", test_quoted);
	g_test_add_func("/srcmap/literal", test_literal);
	g_test_add_func("/srcmap/folded", test_folded);
	g_test_add_func("/srcmap/crlf-bom", test_crlf_bom);
	g_test_add_func("/srcmap/lists", test_lists);
	g_test_add_func("/srcmap/real", test_real);
	g_test_add_func("/srcmap/corpora", test_corpora);
	g_test_add_func("/srcmap/map", test_map);
	g_test_add_func("/check/check-key", test_check_key);
	g_test_add_func("/check/tokens", test_tokens);
	g_test_add_func("/check/distance", test_distance);
	g_test_add_func("/check/names", test_names);
	return g_test_run();
}
