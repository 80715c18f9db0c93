/* phrase.h — where a line may end in a phrase, French and English.
 *
 * A ragged line that ends on "à", "the" or "pour" reads badly: the reader's
 * eye wants the word that follows. A line that ends after a colon or a comma
 * reads well. And some phrases should never be split at all: "mardi 3",
 * "octobre 2017", "n° 12". This module knows the words; the engine's rules
 * (layout/rules.h) say what each kind of break costs.
 */
#ifndef TR_TYPO_PHRASE_H
#define TR_TYPO_PHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/event.h"

typedef enum {
	TR_PHRASE_NEUTRAL,
	TR_PHRASE_GOOD, /* after a colon, comma, semicolon, ! ? or a full stop */
	TR_PHRASE_WEAK, /* after a conjunction, a possessive, a pronoun */
	TR_PHRASE_BAD,  /* after an article, a preposition, "à" */
} tr_phrase_break;

/* How good a line break is right after `word` (len bytes of UTF-8, as it
 * stands in the text, punctuation included) in language lang. */
tr_phrase_break tr_phrase_break_after(const char *word, size_t len, tr_lang lang);

/* How much the space between two words should stay on one line. */
typedef enum {
	TR_KEEP_NONE,
	TR_KEEP,        /* a weekday and its day, a day and its month */
	TR_KEEP_STRONG, /* a month and its year ("février / 2027" reads worst), "n° 12" */
} tr_keep;

/* Whether the space between the words `before` and `after` should not become
 * a line break: a weekday and its day ("mardi 3"), a day and its month, a
 * month and its year ("octobre 2017", "May 2024"), a number sign and its
 * number ("n° 12"). A date that must break keeps its year with its month. */
tr_keep tr_phrase_keep_together(const char *before, size_t blen, const char *after,
                                size_t alen);

#endif
