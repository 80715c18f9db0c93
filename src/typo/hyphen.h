/* hyphen.h — dictionary hyphenation with libhyphen, as soft hyphens (U+00AD). */
#ifndef TR_TYPO_HYPHEN_H
#define TR_TYPO_HYPHEN_H

#include <glib.h>

#include "model/event.h"

typedef struct tr_hyphenator tr_hyphenator;

/* Directory of the Debian hyphen-* dictionaries. */
#define TR_HYPHEN_DIR "/usr/share/hyphen"

/* Loads the dictionary for lang (hyph_fr.dic from hyphen-fr, hyph_en_US.dic from
 * hyphen-en-us). On failure returns NULL and sets err with a message naming the
 * file and the Debian package. Free with tr_hyphen_free(). */
tr_hyphenator *tr_hyphen_new(tr_lang lang, GError **err);

/* Frees; accepts NULL. */
void tr_hyphen_free(tr_hyphenator *h);

/* Returns a copy of text with U+00AD inserted at every allowed break:
 *   - words of at least 5 letters, at least 2 letters before a break and 3 after;
 *   - words are split at apostrophes (’ and ') and hyphens, and each part is
 *     hyphenated on its own, so an elision (l’, d’, qu’) is never separated from
 *     its word by a hyphen and no break comes right after the elision;
 *   - words holding a digit, an '@', a '/', a '.' inside (URLs, e-mails, 8h30),
 *     or written in capitals (acronyms: MATPPS, SUD) are left alone;
 *   - TR_MARK_* markers and existing soft hyphens are kept; a marker ends a word.
 * text must be valid UTF-8. g_free() the result. */
char *tr_hyphen_apply(const tr_hyphenator *h, const char *text);

#endif
