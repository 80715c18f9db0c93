/* paths.c — files named by content files, kept inside the content's folder. */
#include "load/paths.h"
#include "i18n.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The folder of a file as messages show it: "" for the current folder. */
static char *folder_of(const char *file)
{
	char *dir = g_path_get_dirname(file);
	if (strcmp(dir, ".") == 0) {
		g_free(dir);
		return g_strdup("");
	}
	return dir;
}

char *tr_path_inside(const char *content, const char *from, const char *rel, GError **err)
{
	char *root = folder_of(content);
	char *shown_root = *root ? g_strdup_printf("%s/", root) : g_strdup("the current folder");
	char *path = NULL, *real = NULL, *real_root = NULL;

	if (strstr(rel, "://") || g_str_has_prefix(rel, "data:")) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("tractage reads files only, never web addresses: save the file into the "
		              "folder of the content file (%s) and name it there"), shown_root);
		goto out;
	}
	if (g_path_is_absolute(rel) || rel[0] == '~') {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("it is an absolute path: name the file relative to the file that names "
		              "it, and keep it in the folder of the content file (%s)"), shown_root);
		goto out;
	}
	char *dir = folder_of(from);
	path = *dir ? g_build_filename(dir, rel, NULL) : g_strdup(rel);
	g_free(dir);
	real = realpath(path, NULL);
	int e = errno;
	real_root = realpath(*root ? root : ".", NULL);
	if (!real) {
		/* Say "outside" before "missing": the folder is what matters. */
		char *lexical = g_canonicalize_filename(path, NULL);
		char *lexical_root = g_canonicalize_filename(*root ? root : ".", NULL);
		bool outside = !g_str_has_prefix(lexical, lexical_root) ||
		               lexical[strlen(lexical_root)] != '/';
		g_free(lexical);
		g_free(lexical_root);
		if (outside)
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_PERM,
			            _("it is outside the folder of the content file (%s): copy it into "
			              "that folder"), shown_root);
		else if (e == ENOENT || e == ENOTDIR)
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("there is no file %s"), path);
		else
			g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), _("cannot open %s: %s"),
			            path, g_strerror(e));
		g_clear_pointer(&path, g_free);
		goto out;
	}
	if (!real_root || !g_str_has_prefix(real, real_root) ||
	    (real[strlen(real_root)] != '/' && strcmp(real_root, "/") != 0)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_PERM,
		            _("it is outside the folder of the content file (%s): copy it into that "
		              "folder"), shown_root);
		g_clear_pointer(&path, g_free);
	}
out:
	free(real);
	free(real_root);
	g_free(root);
	g_free(shown_root);
	return path;
}
