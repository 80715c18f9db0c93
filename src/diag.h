/* diag.h — positioned diagnostics for users.
 *
 * Every message a user sees about their content or layout goes through here, in
 * one format:   content/fete.yaml:12:7: error: unknown key "titel"
 * Positions are 0-based inside the program and printed 1-based.
 */
#ifndef TR_DIAG_H
#define TR_DIAG_H

#include <glib.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>

/* A position in a source file: 0-based line and column (columns count characters,
 * as libyaml's marks do). line < 0 means "no position" (printed as just the file). */
typedef struct tr_pos {
	int line;
	int col;
} tr_pos;

#define TR_NOPOS ((tr_pos){ -1, -1 })

typedef enum {
	TR_SEV_NOTE,    /* a hint attached to the message before it */
	TR_SEV_WARNING, /* the build goes on */
	TR_SEV_ERROR,   /* the build of this document fails */
	TR_SEV__MAX
} tr_severity;

typedef struct tr_diag tr_diag;

/* A new, empty list of messages. Free with tr_diag_free(). */
tr_diag *tr_diag_new(void);
/* Frees the list; accepts NULL. */
void tr_diag_free(tr_diag *d);

/* Adds a message. file may be NULL (a message about no file, e.g. a usage problem).
 * The text is formatted with printf rules; it must not end with a newline.
 * A message identical to one not yet flushed (same severity, place and text) is
 * dropped. */
void tr_diag_add(tr_diag *d, tr_severity sev, const char *file, tr_pos pos,
                 const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* The same with a va_list, for modules' own reporting wrappers. */
void tr_diag_addv(tr_diag *d, tr_severity sev, const char *file, tr_pos pos,
                  const char *fmt, va_list ap) G_GNUC_PRINTF(5, 0);

/* Number of messages of severity sev or worse. */
size_t tr_diag_count(const tr_diag *d, tr_severity at_least);

/* All messages, one a line, in the order they were added:
 *   "FILE:LINE:COL: SEVERITY: TEXT\n"  (or "FILE: SEVERITY: TEXT" without position,
 *   or "tractage: SEVERITY: TEXT" without file).
 * Returns a new string; the caller g_free()s it. */
char *tr_diag_format(const tr_diag *d);

/* Writes tr_diag_format() to fp and forgets the messages written (so a caller can
 * print as it goes). */
void tr_diag_flush(tr_diag *d, FILE *fp);

#endif
