/* ytree.h — a safe YAML reader shared by the content and layout loaders.
 *
 * libyaml's document API gives a node graph with marks but accepts duplicate keys,
 * aliases, several documents and unbounded nesting. tr_yaml_parse() turns one YAML
 * document into a plain tree of tr_ynode, and refuses, with a positioned message:
 *   - input larger than TR_YAML_MAX_BYTES, a NUL byte, invalid UTF-8, control chars,
 *     noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF), more than
 *     TR_YAML_MAX_MARKS combining marks on one character (also when escaped);
 *   - anchors and aliases (and merge keys "<<"), tags;
 *   - a second document; an empty document (only comments) is reported too;
 *   - nesting deeper than TR_YAML_MAX_DEPTH (checked before libyaml's quadratic cost);
 *   - one text (scalar) longer than TR_YAML_MAX_TEXT characters;
 *   - duplicate keys, keys that are not plain scalars;
 *   - libyaml's own syntax errors, in plain words, with hints for the common
 *     slips: an unquoted value holding " : " (also inside [ ] and { }), a key or
 *     list item a column or two off, an apostrophe or quotation mark that closed
 *     a quoted text, a key without the space after its ‘:’ ("title:Texte"), the
 *     text of a block ("body: |") not indented under its key, or a line of it
 *     indented less than its first.
 * It warns (and goes on) when a plain value was cut by a " #" that starts a
 * word (a hashtag, which YAML takes for a comment), and when a line starting
 * with "- " was read as the end of the list item above.
 */
#ifndef TR_LOAD_YTREE_H
#define TR_LOAD_YTREE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model/srcmap.h"

#define TR_YAML_MAX_BYTES (1024 * 1024)
#define TR_YAML_MAX_DEPTH 32
/* Characters in one text. The A5 tract holds about 6 000 at its smallest body
 * size: a longer text cannot fit anyway, and Pango measures in int units of
 * 1/1024 pt, which a line of some 30 000 characters at poster sizes overflows
 * (the text then seemed to fit). */
#define TR_YAML_MAX_TEXT 16000
/* Combining marks (accents) in a row on one character: two are common
 * (Vietnamese), four the most any script needs; thirty stacked accents rose
 * through the frame above them. */
#define TR_YAML_MAX_MARKS 6

typedef enum {
	TR_YNODE_SCALAR,
	TR_YNODE_MAP,
	TR_YNODE_SEQ
} tr_ynode_kind;

typedef enum {
	TR_YSTYLE_PLAIN,   /* unquoted */
	TR_YSTYLE_QUOTED,  /* '...' or "..." */
	TR_YSTYLE_BLOCK    /* | or > */
} tr_ystyle;

typedef struct tr_ynode tr_ynode;
struct tr_ynode {
	tr_ynode_kind kind;
	tr_pos pos;      /* start of the node (0-based) */
	/* scalars */
	char *value;     /* UTF-8, NUL-terminated (never contains NUL) */
	size_t len;
	tr_ystyle style;
	/* maps: keys[i] (always scalars) → items[i]; sequences: items[i] */
	tr_ynode **keys;
	tr_ynode **items;
	size_t n;
	/* scalars of style TR_YSTYLE_BLOCK: true for '>' (folded: libyaml already
	 * turned single line breaks into spaces), false for '|' (literal) */
	bool folded;
	/* keys: where their ':' is (line -1 when unknown), and whether a space
	 * comes before it ("18h : prise de parole", French style) */
	tr_pos colon;
	bool spaced_colon;
	/* scalars: where each character of value is in the file (NULL when the
	 * value could not be matched with its source, which should not happen) */
	tr_srcmap *map;
};

/* Parses buf (len bytes; need not be NUL-terminated) read from file (used in messages).
 * Returns the root node (never NULL on success) or NULL with errors added to d.
 * Free with tr_ynode_free(). */
tr_ynode *tr_yaml_parse(const char *file, const char *buf, size_t len, tr_diag *d);

/* Like tr_yaml_parse(), but a file with errors still gives the tree read, when
 * one could be read, so that a loader can report the problems of its content
 * in the same run: *broken is then true. After a syntax error the parser
 * repairs its line (cuts the value at a stray ‘:’ or a closing quote, lines a
 * key up with its neighbours) and reads on, to report the errors further down
 * too. *repaired is a new array (free it with g_array_unref(), also on NULL)
 * of the 0-based lines it changed: their columns no longer match the file, a
 * repaired value may be cut short, and a field may be missing because of it. */
tr_ynode *tr_yaml_parse_broken(const char *file, const char *buf, size_t len, tr_diag *d,
                               bool *broken, GArray **repaired);

/* The length in bytes of the key that starts s (n bytes, no NUL needed) when
 * s is a key written without the space after its ‘:’, "title:Rassemblement":
 * a word of lower-case letters (then also digits, '_', '-'), a ‘:’ and a
 * character that is not white space, '/' ("https://…") or ‘:’. 0 otherwise
 * ("18:30", "https://example.org", "Note:"). YAML reads such a line as text. */
size_t tr_yaml_glued_key(const char *s, size_t n);

/* Reports s (n bytes), in which tr_yaml_glued_key() found a key of klen
 * bytes, as an error at colon, the position of its ‘:’:
 *   FILE:L:C: error: "title:Rassemblement" needs a space after its ‘:’ (write title: Rassemblement …) */
void tr_yaml_report_glued(tr_diag *d, const char *file, tr_pos colon, const char *s, size_t n,
                          size_t klen);

/* Reads a file of at most TR_YAML_MAX_BYTES (a device or a pipe is read up to
 * the limit, no further) into a new buffer (g_free() it) of *len bytes; NULL
 * with an error in d when it cannot be read or is too large. */
char *tr_yaml_read_file(const char *file, size_t *len, tr_diag *d);

/* Reads the file and parses it. A file that cannot be read is an error in d. */
tr_ynode *tr_yaml_load_file(const char *file, tr_diag *d);

/* Frees a tree; accepts NULL. */
void tr_ynode_free(tr_ynode *n);

/* The value of key in a map, or NULL (also when map is not a map). */
const tr_ynode *tr_ynode_get(const tr_ynode *map, const char *key);

/* The key node of key in a map (for positions), or NULL. */
const tr_ynode *tr_ynode_key(const tr_ynode *map, const char *key);

/* Reports every key of map that is not in allowed (NULL-terminated) as
 *   FILE:L:C: error: unknown key "titel" in WHAT (did you mean "title"?)
 * Returns true when all keys are known. */
bool tr_ynode_check_keys(const tr_ynode *map, const char *const *allowed,
                         const char *what, const char *file, tr_diag *d);

/* The allowed word closest to word (edit distance <= 2, or a case-only
 * difference), or NULL. Bounded whatever the input: a word or an allowed
 * word longer than 64 characters is never compared, nor are more than 1 000
 * allowed words, and the edit distance is only computed near the diagonal (a
 * few dozen steps a word). */
const char *tr_suggest(const char *word, const char *const *allowed);

/* The edit distance between two UTF-8 strings, in characters: insertions,
 * deletions, substitutions and swaps of two neighbours ("recieve") count one. */
size_t tr_edit_distance(const char *a, const char *b);

/* A short English name for the node's kind, for messages: "text", "list", "mapping". */
const char *tr_ynode_kind_name(const tr_ynode *n);

#endif
