/* i18n.c — binding the message catalogue. */
#include "i18n.h"

#include <libintl.h>
#include <stdbool.h>

void tr_i18n_init(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	char *dir = NULL;
	if (exe && g_str_has_prefix(exe, TR_BUILD_ROOT "/")) {
		dir = g_strdup(TR_BUILD_ROOT "/po"); /* po/fr/LC_MESSAGES/tractage.mo */
	} else if (exe && TR_LOCALEDIR_FROM_BINDIR[0] != '\0') {
		char *bin = g_path_get_dirname(exe);
		char *up = g_build_filename(bin, TR_LOCALEDIR_FROM_BINDIR, NULL);
		if (g_file_test(up, G_FILE_TEST_IS_DIR))
			dir = g_canonicalize_filename(up, NULL);
		g_free(up);
		g_free(bin);
	}
	bindtextdomain(GETTEXT_PACKAGE, dir ? dir : TR_LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	g_free(dir);
	g_free(exe);
}
