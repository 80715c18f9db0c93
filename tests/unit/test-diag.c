/* test-diag.c — the message format users see. */
#include "diag.h"

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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/diag/format", test_format);
	g_test_add_func("/diag/dedupe", test_dedupe);
	return g_test_run();
}
