/* check.h — the preflight: what `tractage check` finds before a print run.
 *
 * A tract goes to the photocopier in 500 copies: a misspelt word, an hour that
 * contradicts itself or a date that is not the event's costs the whole run.
 * The preflight reads a loaded content and its laid-out documents and reports
 * findings, each a warning (or, for what may well be on purpose, a note) at the
 * place in the content or layout file it is about, tagged with its name:
 *
 *   content/fete.yaml:48:62: warning: unknown word "syndcale" (did you mean "syndicale"?) [spelling]
 *
 * Families (one file each): spelling (spell.c), consistency of the texts with
 * the data (consistency.c), dates (calendar.c), leftovers (leftovers.c) and
 * print (print.c). Findings never make a build fail. A content silences the
 * findings it means with `check: { ignore: [sunday] }`; docs/checks.md lists
 * them all.
 */
#ifndef TR_CHECK_CHECK_H
#define TR_CHECK_CHECK_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"
#include "layout/engine.h"
#include "load/layoutdesc.h"
#include "model/event.h"

typedef struct tr_check tr_check;

/* A preflight for one run of tractage. "Today" (for an event in the past) is
 * $TRACTAGE_TODAY (YYYY-MM-DD), else $SOURCE_DATE_EPOCH, else the system's
 * local date. Spelling dictionaries are loaded when first needed and kept for
 * every content of the run. Returns NULL with err set when TRACTAGE_TODAY or
 * SOURCE_DATE_EPOCH is malformed. Free with tr_check_free(). */
tr_check *tr_check_new(GError **err);

/* Frees; accepts NULL. */
void tr_check_free(tr_check *c);

/* Today's day number (tr_date_to_days()) as the preflight sees it:
 * $TRACTAGE_TODAY, else $SOURCE_DATE_EPOCH, else the local date (tractage new
 * dates its starting content with it too). Returns false with err set when
 * one of the two variables is malformed. */
bool tr_check_today(long *today, GError **err);

/* Whether an unknown word comes with a suggestion (the default). Hunspell takes
 * 0.1 to 0.5 s to suggest a word; the fuzz targets turn suggestions off. */
void tr_check_set_suggestions(tr_check *c, bool on);

/* The findings about a content: spelling, consistency of the texts with the
 * sessions and the organiser, dates, leftovers. Added to d in file order. */
void tr_check_content(tr_check *c, const tr_event *ev, tr_diag *d);

/* The findings about one document laid out from ev with ld: colour contrast, in
 * colour and in black and white, the print mention, a poster's date and place.
 * Added to d. */
void tr_check_doc(tr_check *c, const tr_event *ev, const tr_doc *doc,
                  const tr_layoutdesc *ld, tr_diag *d);

/* The name of each finding ("spelling", "sunday", …), NULL-terminated, as
 * written in messages and in check.ignore (static). */
const char *const *tr_check_names(void);

#endif
