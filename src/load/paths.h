/* paths.h — files a content file names (a logo, a picture, an organisation
 * file): relative to the file that names them, and never outside the content
 * file's folder, so that a content file (or one sent by someone else) cannot
 * make tractage read the rest of the disk or the network.
 */
#ifndef TR_LOAD_PATHS_H
#define TR_LOAD_PATHS_H

#include <glib.h>

/* Resolves rel, written in the file `from` (the content file, or a file in its
 * folder), against from's folder, and checks that the file it names exists
 * and lies in the folder of the content file `content` or below it (symbolic
 * links followed). Returns the path to open, named as messages show it
 * (from's folder joined with rel: "content/logo.svg"); g_free() it. On
 * failure returns NULL with err set to the reason, a clause such as "it is
 * outside the folder of the content file (content/): copy it into that
 * folder". */
char *tr_path_inside(const char *content, const char *from, const char *rel, GError **err);

#endif
