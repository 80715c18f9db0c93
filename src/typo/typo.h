/* typo.h — typography of a user's text: inline markup and language rules.
 *
 * A text goes through three steps before layout:
 *   1. tr_inline_parse(): *emphasis* and **strong** become private-use marker
 *      characters (TR_MARK_*); anything else, <, &, quotes, stays plain text.
 *   2. tr_typo_apply(): the language's rules (French spacing, apostrophes, …).
 *   3. tr_hyphen_apply() (hyphen.h), for frames that hyphenate.
 * The layout engine then strips the markers into Pango attributes.
 * The markers pass through steps 2 and 3 untouched (treated as word boundaries
 * by neither step: they are invisible and zero-width).
 */
#ifndef TR_TYPO_TYPO_H
#define TR_TYPO_TYPO_H

#include <stdbool.h>
#include <stddef.h>

#include "model/event.h"

/* Private-use characters that mark inline styles inside a text. */
#define TR_MARK_EM_ON     0xE000 /* start of *emphasis* */
#define TR_MARK_EM_OFF    0xE001
#define TR_MARK_STRONG_ON 0xE002 /* start of **strong** */
#define TR_MARK_STRONG_OFF 0xE003

/* True for the four markers above. */
bool tr_is_mark(gunichar c);

/* Parses *emphasis* and **strong** in text (valid UTF-8) and returns a new string
 * where they are replaced by markers, every marker balanced. A lone or unmatched
 * '*' stays a literal asterisk, and so does "\*" (the backslash is dropped):
 * "2\*3\*4" prints 2*3*4. Characters in U+E000..U+E003 in the input are
 * dropped (a user cannot forge markers). g_free() the result. */
char *tr_inline_parse(const char *text);

/* Returns a copy of text with the markers removed. g_free() it. */
char *tr_inline_strip(const char *text);

/* Applies the language's typographic rules and returns a new string (g_free it).
 * lang fr:
 *   - U+202F (narrow no-break space) before ; : ! ? and » and after «, replacing
 *     an ordinary space the user typed or adding one where none was typed
 *     (but not in "08:30", URLs "https://", nor in "?!" pairs);
 *   - "straight quotes" → « guillemets » with U+202F inside;
 *   - ' → ’ (typographic apostrophe); "..." → …;
 *   - U+00A0 (no-break space) after a one-letter word (à, a, y, ô) and between a
 *     number and the word after it ("3 octobre", "8 h 30"), and between the groups
 *     of digits of a phone number ("01 43 93 91 28"), so no line breaks there;
 *   - " - " between words → " – " (en dash) with U+00A0 before it;
 *   - runs of spaces collapse to one; spaces before a newline are removed.
 * lang en: ' → ’ (and ‘ at the start of a word), "x" → “x”, ... → …,
 *   " - " → " – ", no-break space between digit groups of a phone number.
 * Markers (TR_MARK_*) are kept in place. */
char *tr_typo_apply(const char *text, tr_lang lang);

/* The length in bytes of the French ordinal suffix that starts at byte at of
 * text (len bytes), 0 when none does: "e", "er", "re", "es", "nd", "nde", "de"
 * and the wrong "ème", "è", right after a number written in digits ("12e",
 * "1er", "2nde") or in capital roman numerals ("XXIe", "Ier"; "er" and "re"
 * only after "I", and a roman numeral of one letter only when it is I, V or X,
 * so that "Le", "De", "Vers" stay words), and followed by no letter or digit.
 * The layout sets these suffixes as superscripts and keeps them small in
 * upper case. */
size_t tr_typo_ordinal_at(const char *text, size_t len, size_t at);

/* True when text holds a character that prints something: not only spaces
 * (U+0020, U+00A0, U+3000…), invisible format characters (U+200B, U+2060…),
 * controls, private-use characters or the other characters that print
 * nothing (U+3164, variation selectors…). A text without one is empty. */
bool tr_typo_has_ink(const char *text);

/* The same for one character. */
bool tr_typo_char_has_ink(gunichar c);

/* Splits a body text into paragraphs: a blank line (only spaces) separates them;
 * a single newline inside a paragraph is a space. Returns a NULL-terminated
 * array of new strings (g_strfreev it); empty paragraphs are dropped. */
char **tr_typo_paragraphs(const char *text);

#endif
