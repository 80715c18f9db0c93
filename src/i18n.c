/* i18n.c — binding the message catalogue. */
#include "i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdbool.h>
#include <string.h>

void tr_i18n_set_locale(void)
{
	if (setlocale(LC_ALL, ""))
		return;
	/* The locale asked for is not installed (a container, a Debian without
	 * that locale generated): setlocale() fails and every message would stay
	 * English. C.UTF-8 is always there, and gettext honours LANGUAGE in it:
	 * the language of the locale asked for goes there, unless LANGUAGE says
	 * otherwise already. */
	const char *want = g_getenv("LC_ALL");
	if (!want || !*want)
		want = g_getenv("LC_MESSAGES");
	if (!want || !*want)
		want = g_getenv("LANG");
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C");
	const char *language = g_getenv("LANGUAGE");
	if (!want || !*want || (language && *language))
		return;
	char *lang = g_strndup(want, strcspn(want, "_.@"));
	if (*lang && strcmp(lang, "C") != 0 && strcmp(lang, "POSIX") != 0)
		g_setenv("LANGUAGE", lang, TRUE);
	g_free(lang);
}

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
