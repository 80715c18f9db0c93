/* test-diag.c — the message format users see. */
#include "diag.h"

#include <string.h>

static void test_format(void)
{
	tr_diag *d = tr_diag_new();
	tr_diag_add(d, TR_SEV_ERROR, "content/a.yaml", (tr_pos){ 11, 6 }, "unknown key \"%s\"", "titel");
	tr_diag_add(d, TR_SEV_NOTE, "content/a.yaml", (tr_pos){ 11, 6 }, "did you mean \"title\"?");
	tr_diag_add(d, TR_SEV_WARNING, "layouts/x.yaml", TR_NOPOS, "no position");
	tr_diag_add(d, TR_SEV_ERROR, NULL, TR_NOPOS, "usage");
	char *s = tr_diag_format(d);
	g_assert_cmpstr(s, ==,
	                "content/a.yaml:12:7: error: unknown key \"titel\"\n"
	                "content/a.yaml:12:7: note: did you mean \"title\"?\n"
	                "layouts/x.yaml: warning: no position\n"
	                "tractage: error: usage\n");
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_ERROR), ==, 2);
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_WARNING), ==, 3);
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_NOTE), ==, 4);
	g_free(s);
	tr_diag_free(d);
	tr_diag_free(NULL);
}

static void test_dedupe(void)
{
	tr_diag *d = tr_diag_new();
	for (int i = 0; i < 2; i++)
		tr_diag_add(d, TR_SEV_ERROR, "a.yaml", (tr_pos){ 1, 2 }, "too long");
	tr_diag_add(d, TR_SEV_ERROR, "a.yaml", (tr_pos){ 1, 3 }, "too long");
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_ERROR), ==, 2);
	FILE *null = fopen("/dev/null", "w");
	g_assert_nonnull(null);
	tr_diag_flush(d, null);
	fclose(null);
	tr_diag_add(d, TR_SEV_ERROR, "a.yaml", (tr_pos){ 1, 2 }, "too long");
	char *s = tr_diag_format(d);
	g_assert_cmpstr(s, ==, "a.yaml:2:3: error: too long\n");
	g_free(s);
	tr_diag_free(d);
}

/* A file's messages come out in line order, each note under its message;
 * files keep the order of their first message; no position sorts last. */
static void test_line_order(void)
{
	tr_diag *d = tr_diag_new();
	tr_diag_add(d, TR_SEV_ERROR, "a.yaml", (tr_pos){ 9, 0 }, "ten");
	tr_diag_add(d, TR_SEV_NOTE, "layouts/x.yaml", (tr_pos){ 0, 0 }, "about ten");
	tr_diag_add(d, TR_SEV_ERROR, "a.yaml", TR_NOPOS, "no place");
	tr_diag_add(d, TR_SEV_ERROR, "b.yaml", (tr_pos){ 0, 0 }, "b one");
	tr_diag_add(d, TR_SEV_WARNING, "a.yaml", (tr_pos){ 1, 4 }, "two, col 5");
	tr_diag_add(d, TR_SEV_ERROR, "a.yaml", (tr_pos){ 1, 2 }, "two, col 3");
	tr_diag_add(d, TR_SEV_NOTE, "a.yaml", (tr_pos){ 1, 2 }, "about two");
	char *s = tr_diag_format(d);
	g_assert_cmpstr(s, ==,
	                "a.yaml:2:3: error: two, col 3\n"
	                "a.yaml:2:3: note: about two\n"
	                "a.yaml:2:5: warning: two, col 5\n"
	                "a.yaml:10:1: error: ten\n"
	                "layouts/x.yaml:1:1: note: about ten\n"
	                "a.yaml: error: no place\n"
	                "b.yaml:1:1: error: b one\n");
	g_free(s);
	tr_diag_free(d);
}

/* 50 errors a file, then one line; the count goes on (exit status, summary). */
static void test_cap(void)
{
	tr_diag *d = tr_diag_new();
	for (int i = 0; i < 70; i++) {
		tr_diag_add(d, TR_SEV_ERROR, "a.yaml", (tr_pos){ i, 0 }, "error %d", i);
		tr_diag_add(d, TR_SEV_NOTE, "a.yaml", (tr_pos){ i, 0 }, "note %d", i);
		g_assert_true(tr_diag_full(d, "a.yaml") == (i >= TR_DIAG_MAX_SHOWN));
	}
	tr_diag_add(d, TR_SEV_ERROR, "b.yaml", (tr_pos){ 0, 0 }, "other file");
	g_assert_false(tr_diag_full(d, "b.yaml"));
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_ERROR), ==, 71);
	char *s = tr_diag_format(d);
	g_assert_true(strstr(s, "a.yaml:50:1: note: note 49\n"
	                        "a.yaml: error: too many errors; stopping here\n"
	                        "b.yaml:1:1: error: other file\n"));
	g_assert_null(strstr(s, "error 50"));
	g_assert_null(strstr(s, "note 50"));
	g_free(s);
	tr_diag_free(d);
}

static void test_summary(void)
{
	tr_diag *d = tr_diag_new();
	g_assert_null(tr_diag_summary(d));
	tr_diag_add(d, TR_SEV_NOTE, NULL, TR_NOPOS, "a note is no problem");
	g_assert_null(tr_diag_summary(d));
	tr_diag_add(d, TR_SEV_WARNING, "a.yaml", TR_NOPOS, "w");
	char *s = tr_diag_summary(d);
	g_assert_cmpstr(s, ==, "1 warning");
	g_free(s);
	tr_diag_add(d, TR_SEV_ERROR, "a.yaml", TR_NOPOS, "e1");
	FILE *null = fopen("/dev/null", "w");
	g_assert_nonnull(null);
	tr_diag_flush(d, null); /* the totals outlive a flush */
	fclose(null);
	tr_diag_add(d, TR_SEV_ERROR, "a.yaml", TR_NOPOS, "e2");
	s = tr_diag_summary(d);
	g_assert_cmpstr(s, ==, "2 errors, 1 warning");
	g_free(s);
	tr_diag_free(d);
	g_assert_cmpstr(tr_diag_plural(0, "line", "lines"), ==, "lines");
	g_assert_cmpstr(tr_diag_plural(1, "line", "lines"), ==, "line");
	g_assert_cmpstr(tr_diag_plural(2, "line", "lines"), ==, "lines");
}

/* A user's text in a message: at most 80 characters, on one line. */
static void test_quote(void)
{
	g_assert_cmpstr(tr_diag_quote("titel").s, ==, "titel");
	g_assert_cmpstr(tr_diag_quote("a\nb\tc").s, ==, "a b c");
	g_assert_cmpstr(tr_diag_quote(NULL).s, ==, "");
	GString *g = g_string_new(NULL);
	for (int i = 0; i < 80; i++)
		g_string_append(g, "é");
	g_assert_cmpstr(tr_diag_quote(g->str).s, ==, g->str); /* exactly 80: kept */
	g_string_append(g, "x");
	char *want = g_strdup_printf("%.*s…", 79 * 2, g->str);
	g_assert_cmpstr(tr_diag_quote(g->str).s, ==, want);
	g_assert_cmpint(g_utf8_strlen(tr_diag_quote(g->str).s, -1), ==, 80);
	g_free(want);
	/* A message is cut at 1000 bytes in any case. */
	for (int i = 0; i < 2000; i++)
		g_string_append(g, "é");
	tr_diag *d = tr_diag_new();
	tr_diag_add(d, TR_SEV_ERROR, "a.yaml", TR_NOPOS, "%s", g->str);
	char *s = tr_diag_format(d);
	g_assert_cmpuint(strlen(s), <=, 1000 + strlen("a.yaml: error: \n"));
	g_assert_true(g_str_has_suffix(s, "…\n"));
	g_assert_true(g_utf8_validate(s, -1, NULL));
	g_free(s);
	tr_diag_free(d);
	g_string_free(g, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/diag/format", test_format);
	g_test_add_func("/diag/dedupe", test_dedupe);
	g_test_add_func("/diag/line-order", test_line_order);
	g_test_add_func("/diag/cap", test_cap);
	g_test_add_func("/diag/summary", test_summary);
	g_test_add_func("/diag/quote", test_quote);
	return g_test_run();
}
