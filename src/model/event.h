/* event.h — the content model: one event, as the user described it in YAML.
 *
 * Texts are kept as the user wrote them (trimmed), with the position of the value
 * in the content file, so that any later stage (typography, fitting) can point at
 * the YAML. Typography is applied later, never here.
 * The tr_event owns everything it points to; tr_event_free() frees it all.
 */
#ifndef TR_MODEL_EVENT_H
#define TR_MODEL_EVENT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model/srcmap.h"
#include "model/identity.h"

struct tr_image;

typedef enum {
	TR_LANG_FR,
	TR_LANG_EN,
	TR_LANG__MAX
} tr_lang;

/* A user's text. text == NULL means the field is absent (or empty). */
typedef struct tr_text {
	char *text; /* UTF-8, NUL-terminated, trimmed; owned */
	tr_pos pos; /* where the value starts in the content file */
	tr_srcmap *map; /* where each character of text is in the file, or NULL; owned */
} tr_text;

/* Where the character at byte off of t->text is in the content file (t->pos when
 * the text has no map). */
tr_pos tr_text_pos(const tr_text *t, size_t off);

/* A picture a content file names: the organiser's logo, the event's picture. */
typedef struct tr_picture {
	tr_text path;           /* as written (relative to the file that names it); NULL: none */
	char *file;             /* the file that was read, as messages name it; owned */
	struct tr_image *image; /* the decoded picture (render/image.h); owned reference */
} tr_picture;

/* One session of the event: a day, or a part of a day (a general assembly
 * held at 7 h and again at 14 h is two sessions of the same date). */
typedef struct tr_session {
	int year, month, day; /* a valid calendar date */
	int start;            /* minutes since midnight, or -1 when no time is given */
	int end;              /* minutes since midnight, or -1; if set, start is set and end > start */
	bool tbc;             /* the organisers marked its time as to be confirmed */
	tr_pos pos;           /* position of this session's mapping */
} tr_session;

/* One line of the programme. */
typedef struct tr_prog_item {
	int year, month, day; /* 0 when the item has no date */
	int time;             /* minutes since midnight, or -1 */
	int end;              /* minutes since midnight, or -1 */
	tr_text title;        /* required */
	tr_text speaker;      /* optional: who speaks */
	tr_text detail;       /* optional: a short description */
	bool tbc;             /* its time is to be confirmed */
	tr_pos pos;
} tr_prog_item;

typedef struct tr_event {
	char *path; /* the content file as named on the command line; owned */
	tr_lang lang;

	struct {
		tr_text name; /* required */
		tr_text full_name, phone, email, website;
		tr_picture logo;
	} organiser;
	/* The organisation file the organiser comes from, if any: its fields fill
	 * those the content leaves out; its colours and fonts are in identity. */
	tr_text organisation;
	tr_identity identity;

	tr_text kicker, title, subtitle; /* title required */

	tr_session *sessions; /* n_sessions >= 1, sorted by date and start time as written */
	size_t n_sessions;

	struct {
		tr_text name, address, postcode, city; /* name or address required, city required */
		tr_pos pos;
	} venue;

	tr_text admission;
	tr_text quote;
	tr_text teaser;
	tr_text body; /* paragraphs separated by blank lines; *em* and **strong** */
	tr_text note;
	tr_text print_mention; /* filled with the language's default when absent */
	tr_picture image;      /* the event's picture */
	tr_text qr;            /* the address a QR code holds */

	tr_prog_item *programme;
	size_t n_programme;
	tr_text programme_title; /* the programme's heading; absent: the language's word */

	tr_text *keywords;
	size_t n_keywords;

	/* What the content tells the preflight (tractage check), under "check:". */
	struct {
		tr_text *ignore; /* names of findings not to report ("sunday") */
		size_t n_ignore;
		tr_text *words;  /* words the spelling check accepts */
		size_t n_words;
	} check;

	tr_pos event_pos; /* position of the "event:" mapping */
} tr_event;

/* Frees the event and everything it owns; accepts NULL. */
void tr_event_free(tr_event *ev);

/* A readable dump of the model, one field a line, for tests and --dump.
 * Returns a new string; the caller g_free()s it. */
char *tr_event_dump(const tr_event *ev);

/* "fr" / "en". */
const char *tr_lang_name(tr_lang lang);

#endif
