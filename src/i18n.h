/* i18n.h — messages in the user's language (gettext, domain "tractage").
 *
 * A message is written in English in the source, marked _("...") where it is
 * used, N_("...") in a table (translated with _() where it is used), and
 * NG_("...", "...", n) when it counts something (ngettext in this domain). po/fr.po holds the
 * French; CONTRIBUTING.md says how to add a message and update po/.
 * The severity word of a diagnostic ("error", "warning", "note") is not
 * translated: editors and scripts parse it (diag.c).
 */
#ifndef TR_I18N_H
#define TR_I18N_H

#include "config.h" /* GETTEXT_PACKAGE */

#include <glib/gi18n-lib.h>

/* "%d line" or "%d lines", in the user's language, as n requires. */
#define NG_(one, many, n) g_dngettext(GETTEXT_PACKAGE, one, many, n)

/* setlocale(LC_ALL, ""), and when the locale asked for (LC_ALL, LC_MESSAGES,
 * LANG) is not installed, C.UTF-8 with LANGUAGE set to its language, so that
 * LANG=fr_FR.UTF-8 gives French messages on a machine without that locale.
 * Call first, before any other thread starts. */
void tr_i18n_set_locale(void);

/* Binds the message catalogue: the build tree's po/ when the program runs
 * from the build tree (so that tests see the French without installing),
 * else the installed locale folder (found beside the program first, as the
 * data is). Call once, after tr_i18n_set_locale(). Never fails: without a
 * catalogue the messages stay English. */
void tr_i18n_init(void);

#endif
