/* new.h — tractage new: a starting content file to fill in.
 *
 * The file written builds as it is with the standard layouts, explains each
 * key in a comment, is dated in the current year (tr_check_today(): the clock,
 * or $TRACTAGE_TODAY, or $SOURCE_DATE_EPOCH), four weeks ahead on a working day,
 * and holds placeholders ("à compléter", "to be completed", XXXXX) that
 * tractage check reports until they are replaced.
 */
#ifndef TR_CLI_NEW_H
#define TR_CLI_NEW_H

#include <glib.h>
#include <stdbool.h>

/* Writes the starting content in lang ("fr" or "en") into file, which must not
 * exist (it is never replaced), then prints its name on standard output and
 * what to do next on standard error. Returns false with err set (a sentence
 * for the user naming the file) when it exists or cannot be written; a file
 * half-written is removed. */
bool tr_new_write(const char *file, const char *lang, GError **err);

#endif
