/* content.h — content files (event YAML, format version 1) → tr_event.
 * The format is documented in docs/content-format.md. */
#ifndef TR_LOAD_CONTENT_H
#define TR_LOAD_CONTENT_H

#include <stddef.h>

#include "diag.h"
#include "model/event.h"

/* Loads and validates a content file. On success returns a new event (free with
 * tr_event_free); on failure returns NULL, with every problem found added to d
 * (the loader goes on after a content error to report as many as it can).
 * Warnings may be added on success. */
tr_event *tr_content_load(const char *path, tr_diag *d);

/* How messages name content read from standard input. */
#define TR_STDIN_NAME "<stdin>"

/* Loads content from standard input (tractage build -), as tr_content_load()
 * does a file: messages name it TR_STDIN_NAME, and the files it names are
 * relative to the current folder. */
tr_event *tr_content_load_stdin(tr_diag *d);

/* The same from memory (tests and fuzzing); path is used in messages only. */
tr_event *tr_content_load_buffer(const char *path, const char *buf, size_t len,
                                 tr_diag *d);

#endif
