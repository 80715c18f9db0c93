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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/diag/format", test_format);
	return g_test_run();
}
