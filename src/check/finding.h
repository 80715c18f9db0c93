/* finding.h — what the families of findings in src/check/ share: the list the
 * findings go to, the user's texts they read, a small tokeniser. For the files
 * of src/check/ only; the rest of tractage uses check.h.
 */
#ifndef TR_CHECK_FINDING_H
#define TR_CHECK_FINDING_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "check/check.h"
#include "diag.h"
#include "model/event.h"

/* The findings, by family. Their names (tr_check_names()) are in the same
 * order. */
typedef enum {
	TR_FIND_SPELLING,      /* a word not in the dictionary */
	TR_FIND_TIME,          /* a time in a text that contradicts the sessions */
	TR_FIND_PROGRAMME,     /* a programme item's time outside the sessions of its day */
	TR_FIND_DATE,          /* a date in a text that is not the event's */
	TR_FIND_WEEKDAY,       /* a weekday that is not its date's, or no session's */
	TR_FIND_CONTACT,       /* a phone number or e-mail that is not the organiser's */
	TR_FIND_PAST,          /* the event is over */
	TR_FIND_SUNDAY,        /* a session on a Sunday (a note) */
	TR_FIND_HOLIDAY,       /* a session on a public holiday (a note) */
	TR_FIND_LEFTOVER,      /* TODO, XXX, "à compléter", lorem ipsum, ?????, […] */
	TR_FIND_TBC,           /* a session or programme item to be confirmed */
	TR_FIND_CONTRAST,      /* text and ground below WCAG AA */
	TR_FIND_MONO,          /* the same in black and white (--mono) */
	TR_FIND_PRINT_MENTION, /* a document without the print mention */
	TR_FIND_POSTER,        /* a poster without the date or the place */
	TR_FIND__MAX
} tr_finding;

/* The findings about one content, or one document, being checked. */
typedef struct tr_findings {
	const tr_event *ev;
	const char *file;            /* the file positions are in */
	bool ignore[TR_FIND__MAX];   /* from the content's check.ignore */
	GArray *list;                /* of the findings reported (private to check.c) */
	bool dropped;                /* the last finding was ignored (its note goes too) */
} tr_findings;

/* Reports a finding of kind at pos in f->file: a warning, or a note for the
 * kinds that may well be on purpose (Sunday, public holiday). Does nothing when
 * the content ignores that kind. The text is printf-formatted; the tag
 * " [name]" is added. */
void tr_findings_add(tr_findings *f, tr_finding kind, tr_pos pos, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

/* The same in file (a layout), not f->file. */
void tr_findings_add_in(tr_findings *f, tr_finding kind, const char *file, tr_pos pos,
                        const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* A note about the last finding added (dropped with it when it was ignored). */
void tr_findings_note(tr_findings *f, tr_pos pos, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* What a user's text is, for the families that read only some of them. */
enum {
	TR_TEXT_PROSE = 1 << 0, /* free text: times, dates and contacts are checked in it */
	TR_TEXT_WORDS = 1 << 1, /* words: spelling */
	TR_TEXT_NAMES = 1 << 2, /* a name or an address: every capitalised word is a name */
};

typedef struct tr_check_text {
	const tr_text *t;
	unsigned what; /* TR_TEXT_* */
} tr_check_text;

/* Every text of ev that is present, in the order of the file format
 * (organiser, event, top-level texts, programme, keywords). g_array_unref(). */
GArray *tr_check_texts(const tr_event *ev);

/* A token of a text: a run of letters (with combining marks), a run of ASCII
 * digits, or one other character; white space separates tokens and is not one. */
typedef enum { TR_TOK_WORD, TR_TOK_NUMBER, TR_TOK_OTHER } tr_tok_kind;

typedef struct tr_token {
	tr_tok_kind kind;
	size_t start, end; /* bytes of the text */
	bool space_before; /* white space (or the start of the text) before it */
	bool line_before;  /* a line break before it (or the start of the text) */
} tr_token;

/* The tokens of text. g_array_unref(). */
GArray *tr_tokens(const char *text);

/* True when token k of toks is the word (or character) w, case and accents
 * ignored ("a" is "à"); false when k is out of range. */
bool tr_token_is(const char *text, const GArray *toks, size_t k, const char *w);

/* The token's value as a number (NUMBER tokens), or -1. */
long tr_token_number(const char *text, const tr_token *t);

/* The families. */
typedef struct tr_speller tr_speller;

/* Spelling dictionaries, loaded when first needed; free with tr_speller_free(). */
tr_speller *tr_speller_new(void);
void tr_speller_free(tr_speller *sp);
/* tr_check_set_suggestions(). */
void tr_speller_set_suggestions(tr_speller *sp, bool on);

void tr_check_spelling(tr_findings *f, tr_speller *sp);
void tr_check_consistency(tr_findings *f);
void tr_check_calendar(tr_findings *f, long today);
void tr_check_leftovers(tr_findings *f);
void tr_check_print(tr_findings *f, const tr_doc *doc, const tr_layoutdesc *ld);

#endif
