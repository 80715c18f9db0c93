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

/* Errors a file shows, and warnings likewise; past that one line says "too many
 * errors; stopping here" (or "too many warnings; …") and the rest is only counted. */
#define TR_DIAG_MAX_SHOWN 50

/* Characters of a user's text that a message quotes (tr_diag_quote()). */
#define TR_DIAG_QUOTE_CHARS 80

/* Adds a message. file may be NULL (a message about no file, e.g. a usage problem).
 * The text is formatted with printf rules; it must not end with a newline, and
 * is cut at 1000 bytes. A message identical to one not yet flushed (same
 * severity, place and text) is dropped, and so are the notes that follow it;
 * so are an error or warning past the file's TR_DIAG_MAX_SHOWN and its notes. */
void tr_diag_add(tr_diag *d, tr_severity sev, const char *file, tr_pos pos,
                 const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* The same with a va_list, for modules' own reporting wrappers. */
void tr_diag_addv(tr_diag *d, tr_severity sev, const char *file, tr_pos pos,
                  const char *fmt, va_list ap) G_GNUC_PRINTF(5, 0);

/* Number of messages of severity sev or worse, since the list was made (flushing
 * does not reset it); dropped duplicates are not counted, capped ones are. */
size_t tr_diag_count(const tr_diag *d, tr_severity at_least);

/* True once file (NULL: no file) has had more than TR_DIAG_MAX_SHOWN errors:
 * a loader can stop looking for more. */
bool tr_diag_full(const tr_diag *d, const char *file);

/* All messages not yet flushed, one a line, file by file (in the order of each
 * file's first message), each file's in line order (without a position: last),
 * a note always under the message before it:
 *   "FILE:LINE:COL: SEVERITY: TEXT\n"  (or "FILE: SEVERITY: TEXT" without position,
 *   or "tractage: SEVERITY: TEXT" without file).
 * Returns a new string; the caller g_free()s it. */
char *tr_diag_format(const tr_diag *d);

/* Writes tr_diag_format() to fp and forgets the messages written (so a caller can
 * print as it goes). */
void tr_diag_flush(tr_diag *d, FILE *fp);

/* The totals of the run, "2 errors, 1 warning", "1 warning"; NULL when there was
 * no error and no warning. The caller g_free()s it. */
char *tr_diag_summary(const tr_diag *d);

/* one when n is 1 (or -1), else many: "1 line", "2 lines". Returns one of its
 * arguments. */
const char *tr_diag_plural(long long n, const char *one, const char *many);

/* A user's text as a message quotes it: at most TR_DIAG_QUOTE_CHARS characters
 * (a longer text is cut and ends with "…"), line breaks and tabs as spaces.
 * Returned by value, for use in the same statement:
 *   tr_diag_add(d, TR_SEV_ERROR, file, pos, "unknown key \"%s\"", tr_diag_quote(k).s); */
typedef struct tr_quoted {
	char s[TR_DIAG_QUOTE_CHARS * 4 + 4];
} tr_quoted;
tr_quoted tr_diag_quote(const char *text);

#endif
