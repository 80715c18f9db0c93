/* ytree.c — libyaml events → a plain tree of tr_ynode, refusing what we do not want.
 *
 * We drive libyaml's event API ourselves (not yaml_parser_load) so that we can stop
 * early: at an alias, at a too-deep collection, at a second document. Before libyaml
 * sees the buffer we check its size, its encoding (UTF-8, no NUL, no control
 * characters) and its flow nesting, because libyaml's scanner is quadratic on deep
 * "[[[[" before it emits a single event.
 */
#include "load/ytree.h"
#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <yaml.h>

/* Syntax errors after which reading goes on, and the bytes read in all (the
 * file and its repaired copies), at most. */
#define MAX_REPAIRS 20
#define MAX_REREAD (4 * TR_YAML_MAX_BYTES)

/* Converts a byte position in buf into a 0-based line and a column counted in
 * characters, breaking lines at LF, CRLF and CR as libyaml does. A UTF-8 BOM at the
 * very start is not counted (libyaml skips it). Invalid bytes count as one column. */
static tr_pos pos_of_offset(const char *buf, size_t len, size_t off)
{
	tr_pos pos = { 0, 0 };
	size_t i = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (off > len)
		off = len;
	while (i < off) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n' || c == '\r') {
			if (c == '\r' && i + 1 < off && buf[i + 1] == '\n')
				i++;
			pos.line++;
			pos.col = 0;
			i++;
			continue;
		}
		if (c < 0x80) {
			i++;
		} else {
			gunichar u = g_utf8_get_char_validated(buf + i, (gssize)(len - i));
			if (u == (gunichar)-1 || u == (gunichar)-2)
				i++;
			else
				i += (size_t)(g_utf8_next_char(buf + i) - (buf + i));
		}
		pos.col++;
	}
	return pos;
}

/* The byte offset in buf of a 0-based line and character column (the inverse of
 * pos_of_offset), or len when the position is past the end. */
static size_t offset_of_pos(const char *buf, size_t len, tr_pos pos)
{
	size_t i = 0;
	int line = 0, col = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && line < pos.line) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
				i++;
			line++;
		}
		i++;
	}
	while (i < len && col < pos.col && buf[i] != '\n' && buf[i] != '\r') {
		/* buf is valid UTF-8 here (check_encoding() ran first). */
		i += (size_t)(g_utf8_next_char(buf + i) - (buf + i));
		col++;
	}
	return i;
}

/* True for Unicode's noncharacters, which no text may hold: U+FDD0..U+FDEF
 * and the last two code points of every plane (they reached cairo, which
 * refused the whole PDF as "not valid UTF-8", with no position). */
static bool is_nonchar(gunichar u)
{
	return (u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE;
}

/* Checks the raw bytes: UTF-16, NUL, control characters, invalid UTF-8, invisible
 * characters that libyaml would take as line breaks or refuse. Reports the first
 * problem only (the rest of the file is likely the same) and returns false. */
static bool check_encoding(const char *file, const char *buf, size_t len, tr_diag *d)
{
	size_t i = 0;
	int marks = 0; /* combining marks in a row so far */
	if (len >= 2 && (memcmp(buf, "\xFF\xFE", 2) == 0 || memcmp(buf, "\xFE\xFF", 2) == 0)) {
		tr_diag_add(d, TR_SEV_ERROR, file, (tr_pos){ 0, 0 },
		            _("the file is saved as UTF-16; save it as UTF-8 text"));
		return false;
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3; /* a UTF-8 byte-order mark at the start is fine */
	while (i < len) {
		unsigned char c = (unsigned char)buf[i];
		if (c < 0x80) {
			if (c == 0) {
				tr_diag_add(d, TR_SEV_ERROR, file, pos_of_offset(buf, len, i),
				            _("a NUL byte is here: this is not a text file (or it is "
				              "saved as UTF-16); save it as UTF-8 text"));
				return false;
			}
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
				tr_diag_add(d, TR_SEV_ERROR, file, pos_of_offset(buf, len, i),
				            _("an invisible control character (U+%04X) is here; "
				              "delete it"), c);
				return false;
			}
			goto ascii;
		}
		gunichar u = g_utf8_get_char_validated(buf + i, (gssize)(len - i));
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			tr_diag_add(d, TR_SEV_ERROR, file, pos_of_offset(buf, len, i),
			            _("this is not valid UTF-8 text (byte 0x%02X); save the file "
			              "as UTF-8"), c);
			return false;
		}
		if (u >= 0x80 && u <= 0x9F) {
			tr_diag_add(d, TR_SEV_ERROR, file, pos_of_offset(buf, len, i),
			            _("an invisible control character (U+%04X) is here; delete it"
			              "%s"), (unsigned)u,
			            u == 0x85 ? _(" (it may be a badly converted ‘…’)") : "");
			return false;
		}
		if (u == 0x2028 || u == 0x2029 || u == 0xFEFF) {
			tr_diag_add(d, TR_SEV_ERROR, file, pos_of_offset(buf, len, i),
			            _("an invisible %s (U+%04X) is here; delete it"),
			            u == 0xFEFF ? _("byte-order mark") : _("line separator"),
			            (unsigned)u);
			return false;
		}
		if (is_nonchar(u)) {
			tr_diag_add(d, TR_SEV_ERROR, file, pos_of_offset(buf, len, i),
			            _("this character (U+%04X) is not allowed; delete it"),
			            (unsigned)u);
			return false;
		}
		marks = g_unichar_ismark(u) ? marks + 1 : 0;
		if (marks > TR_YAML_MAX_MARKS) {
			tr_diag_add(d, TR_SEV_ERROR, file, pos_of_offset(buf, len, i),
			            _("more than %d combining marks (accents) on one character here; "
			              "delete the extra ones"), TR_YAML_MAX_MARKS);
			return false;
		}
		i += (size_t)(g_utf8_next_char(buf + i) - (buf + i));
		continue;
ascii:
		marks = 0;
		i++;
	}
	return true;
}

/* libyaml's scanner costs O(depth) per token in flow collections, so 100 000 "["
 * take seconds before the first event. This cheap pass counts unclosed '[' and '{'
 * over the raw text (quotes and comments are not understood: it only has to be
 * exact for balanced, shallow text, which is all real content) and refuses the
 * file at the first bracket deeper than TR_YAML_MAX_DEPTH. */
static bool check_flow_depth(const char *file, const char *buf, size_t len, tr_diag *d)
{
	int depth = 0;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (c == '[' || c == '{') {
			if (++depth > TR_YAML_MAX_DEPTH) {
				tr_diag_add(d, TR_SEV_ERROR, file, pos_of_offset(buf, len, i),
				            _("too deeply nested (more than %d levels of lists and "
				              "mappings)"), TR_YAML_MAX_DEPTH);
				return false;
			}
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return true;
}

/* A new node of kind at mark. */
static tr_ynode *node_new(tr_ynode_kind kind, yaml_mark_t mark)
{
	tr_ynode *n = g_new0(tr_ynode, 1);
	n->kind = kind;
	n->colon = TR_NOPOS;
	n->pos.line = (int)mark.line;
	n->pos.col = (int)mark.column;
	return n;
}

void tr_ynode_free(tr_ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->keys)
			tr_ynode_free(n->keys[i]);
		if (n->items)
			tr_ynode_free(n->items[i]);
	}
	g_free(n->keys);
	g_free(n->items);
	g_free(n->value);
	tr_srcmap_free(n->map);
	g_free(n);
}

/* An open collection while the tree is built. */
typedef struct {
	tr_ynode *node;
	GPtrArray *keys;    /* maps only */
	GPtrArray *items;
	GHashTable *seen;   /* maps only: key text → first key node (duplicate check) */
} frame;

typedef struct {
	const char *file;
	const char *buf;
	size_t len;
	tr_diag *d;
	GArray *stack;      /* of frame */
	tr_ynode *root;
	bool said_alias;    /* anchors and aliases are reported once */
	bool stop;          /* a problem after which parsing cannot go on */
	/* offset_of_mark()'s cursor: character index → byte offset. Marks come
	 * mostly in file order, so each conversion costs the distance moved. */
	size_t cur_index, cur_off;
	/* After a syntax error: how to repair its line so that reading can go on
	 * (bytes [from, to) replaced by `spaces` spaces), when the message knows;
	 * when last > line, `spaces` spaces go before each of lines line..last
	 * instead (a block's text indented under its key). */
	struct {
		bool ok;
		int line, last;
		size_t from, to;
		int spaces;
	} fix;
	const GArray *repaired; /* lines changed by earlier repairs (int) */
	int err_line;           /* the line of libyaml's error */
} builder;

/* True when line was changed by a repair: its columns no longer match the
 * file, and its problem is already reported. */
static bool repaired_line(const builder *b, int line)
{
	for (guint i = 0; b->repaired && i < b->repaired->len; i++)
		if (g_array_index(b->repaired, int, i) == line)
			return true;
	return false;
}

/* Proposes a repair of the line of the syntax error just reported. */
static void set_fix(builder *b, int line, size_t from, size_t to, int spaces)
{
	b->fix.ok = true;
	b->fix.line = b->fix.last = line;
	b->fix.from = from;
	b->fix.to = to;
	b->fix.spaces = spaces;
}

/* The byte offset of a libyaml mark: mark.index counts characters from the
 * start (a UTF-8 byte-order mark not included; CR LF is two). buf is valid
 * UTF-8 here (check_encoding() ran first). */
static size_t offset_of_mark(builder *b, yaml_mark_t m)
{
	if (m.index < b->cur_index || b->cur_off == 0) {
		b->cur_index = 0;
		b->cur_off = b->len >= 3 && memcmp(b->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	}
	while (b->cur_index < m.index && b->cur_off < b->len) {
		b->cur_off += (size_t)(g_utf8_next_char(b->buf + b->cur_off) - (b->buf + b->cur_off));
		b->cur_index++;
	}
	return MIN(b->cur_off, b->len);
}

static tr_pos mark_pos(yaml_mark_t m)
{
	return (tr_pos){ (int)m.line, (int)m.column };
}

/* Adds an error; the build stops once the file has shown as many as a file may
 * (diag.h). */
static void G_GNUC_PRINTF(3, 4) berror(builder *b, tr_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tr_diag_addv(b->d, TR_SEV_ERROR, b->file, pos, fmt, ap);
	va_end(ap);
	if (tr_diag_full(b->d, b->file))
		b->stop = true;
}

/* Closes the innermost open collection: its children move into the node. */
static void frame_close(builder *b)
{
	frame *f = &g_array_index(b->stack, frame, b->stack->len - 1);
	tr_ynode *n = f->node;
	if (n->kind == TR_YNODE_MAP) {
		/* An unfinished map (an error stopped the build) may lack its last value. */
		while (f->items->len < f->keys->len)
			g_ptr_array_add(f->items, node_new(TR_YNODE_SCALAR, (yaml_mark_t){ 0 }));
		for (guint i = 0; i < f->items->len; i++) {
			tr_ynode *v = g_ptr_array_index(f->items, i);
			if (v->kind == TR_YNODE_SCALAR && !v->value)
				v->value = g_strdup("");
		}
		/* A key refused above (a list, an alias, "<<", nothing before the
		 * ‘:’) leaves the tree with its value: a loader reading a broken
		 * file sees only plain keys. */
		for (guint i = f->keys->len; i-- > 0;) {
			tr_ynode *k = g_ptr_array_index(f->keys, i);
			if (k->kind == TR_YNODE_SCALAR && k->value && k->value[0] &&
			    strcmp(k->value, "<<") != 0)
				continue;
			tr_ynode_free(k);
			tr_ynode_free(g_ptr_array_index(f->items, i));
			g_ptr_array_remove_index(f->keys, i);
			g_ptr_array_remove_index(f->items, i);
		}
		n->n = f->keys->len;
		n->keys = (tr_ynode **)g_ptr_array_free(f->keys, FALSE);
		g_hash_table_destroy(f->seen);
	} else {
		n->n = f->items->len;
	}
	n->items = (tr_ynode **)g_ptr_array_free(f->items, FALSE);
	g_array_set_size(b->stack, b->stack->len - 1);
}

/* Sets where the ':' after a plain key ending at `end` is, and whether spaces
 * come before it. */
static void find_colon(builder *b, tr_ynode *key, yaml_mark_t end)
{
	size_t i = offset_of_mark(b, end), j = i;
	while (j < b->len && b->buf[j] == ' ')
		j++;
	if (j < b->len && b->buf[j] == ':') {
		key->colon = (tr_pos){ (int)end.line, (int)(end.column + (j - i)) };
		key->spaced_colon = j > i;
	}
}

/* Attaches a new node to the open collection (or makes it the root), checking what
 * a key may be. The node is owned by the tree from now on. */
static void attach(builder *b, tr_ynode *n, const yaml_event_t *ev)
{
	frame *f;
	if (b->stack->len == 0) {
		if (!b->root)
			b->root = n;
		else
			tr_ynode_free(n); /* cannot happen: one document only */
		return;
	}
	f = &g_array_index(b->stack, frame, b->stack->len - 1);
	if (f->node->kind == TR_YNODE_SEQ) {
		g_ptr_array_add(f->items, n);
		return;
	}
	if (f->keys->len > f->items->len) {
		g_ptr_array_add(f->items, n);
		return;
	}
	/* n is a key. */
	g_ptr_array_add(f->keys, n);
	if (n->kind != TR_YNODE_SCALAR) {
		berror(b, n->pos, _("a key must be a plain word, not a %s"),
		       tr_ynode_kind_name(n));
		return;
	}
	if (!ev)
		return; /* a placeholder for a refused alias */
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		berror(b, n->pos, _("write the key \"%s\" as a plain word, without quotes"),
		       tr_diag_quote(n->value).s);
		return;
	}
	if (n->value[0] == '\0') {
		berror(b, n->pos, _("a key is missing before this ‘:’"));
		return;
	}
	find_colon(b, n, ev->end_mark);
	if (strcmp(n->value, "<<") == 0) {
		berror(b, n->pos, _("merge keys (<<) are not supported"));
		return;
	}
	tr_ynode *first = g_hash_table_lookup(f->seen, n->value);
	if (first) {
		berror(b, n->pos, _("duplicate key \"%s\" (first given on line %d)"),
		       tr_diag_quote(n->value).s, first->pos.line + 1);
		return;
	}
	g_hash_table_insert(f->seen, n->value, n);
}

/* Refuses anchors and explicit tags on a node event. Returns false if refused. */
static bool check_properties(builder *b, const yaml_event_t *ev,
                             const yaml_char_t *anchor, const yaml_char_t *tag)
{
	tr_pos pos = mark_pos(ev->start_mark);
	if (anchor) {
		if (!b->said_alias)
			berror(b, pos, _("anchors and aliases (&, *) are not supported"));
		b->said_alias = true;
		return false;
	}
	if (tag) {
		berror(b, pos, _("tags (!…) are not supported; if this text starts with "
		         "‘!’, put it in quotes"));
		return false;
	}
	return true;
}

/* True when the next node attached to the open collection is a key. */
static bool next_is_key(const builder *b)
{
	if (b->stack->len == 0)
		return false;
	const frame *f = &g_array_index(b->stack, frame, b->stack->len - 1);
	return f->node->kind == TR_YNODE_MAP && f->keys->len == f->items->len;
}

/* "c8102e" or "444" (then the end of the word): a colour written in hex. */
static bool is_hex_colour(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && g_ascii_isxdigit(s[i]))
		i++;
	return (i == 3 || i == 6) && (i == n || !g_ascii_isalnum(s[i]));
}

/* libyaml drops comments, so a plain value cut by " #" ("Partagez #GrèveCAF93
 * et venez" gives "Partagez") would go unnoticed: warns when the scalar ending
 * at `end` is followed on its line by a '#' that starts a word, as a hashtag
 * does (a comment is "# text" or "#" alone). */
static void check_cut_by_comment(builder *b, yaml_mark_t end, bool empty)
{
	size_t start = offset_of_mark(b, end), i = start;
	size_t e;
	while (i < b->len && (b->buf[i] == ' ' || b->buf[i] == '\t'))
		i++;
	if (i >= b->len || b->buf[i] != '#' || i + 1 >= b->len)
		return;
	char c = b->buf[i + 1];
	if (c == ' ' || c == '\t' || c == '#' || c == '\n' || c == '\r')
		return;
	/* An empty value before "#c8102e" is a hex colour: the layout loader
	 * says so itself, with the quoting to use. */
	if (empty && is_hex_colour(b->buf + i + 1, b->len - i - 1))
		return;
	for (e = i; e < b->len && b->buf[e] != '\n' && b->buf[e] != '\r'; e++)
		;
	char *cut = g_strndup(b->buf + i, e - i);
	tr_pos pos = { (int)end.line, (int)(end.column + (i - start)) };
	tr_diag_add(b->d, TR_SEV_WARNING, b->file, pos,
	            _("the text stops before \"%s\": in YAML, a ‘#’ after a space starts "
	              "a comment"), tr_diag_quote(cut).s);
	tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
	            _("if this ‘#’ is part of the text, put the whole value in quotes (\"…\")"));
	g_free(cut);
}

/* A plain text over several lines whose next line starts with "- " under a
 * list item: the user meant a new item, but YAML reads "Accueil - Débat"
 * because the '-' is not lined up with the item's. Warns at each such line. */
static void check_item_swallowed(builder *b, yaml_mark_t start, yaml_mark_t end);

static bool is_break(char c)
{
	return c == '\n' || c == '\r';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Moves *i and *pos past one source character (a CRLF is one line break). */
static void src_next(const char *buf, size_t len, size_t *i, tr_pos *pos)
{
	if (buf[*i] == '\r' && *i + 1 < len && buf[*i + 1] == '\n')
		(*i)++;
	if (is_break(buf[*i])) {
		(*i)++;
		pos->line++;
		pos->col = 0;
		return;
	}
	*i = MIN((size_t)(g_utf8_next_char(buf + *i) - buf), len);
	pos->col++;
}

/* The length of the escape at buf[i] (a backslash) in a double-quoted scalar:
 * "\n" 2, "\x41" 4, "\u00e9" 6, "\U0001F600" 10; 0 for an escaped line
 * break, which stands for nothing. Escapes are ASCII: a byte is a column. */
static size_t escape_len(const char *buf, size_t len, size_t i)
{
	size_t n = 2;
	if (i + 1 >= len)
		return 1;
	switch (buf[i + 1]) {
	case '\n':
	case '\r':
		return 0;
	case 'x': n += 2; break;
	case 'u': n += 4; break;
	case 'U': n += 8; break;
	default: break;
	}
	return MIN(n, len - i);
}

/* Matches the value libyaml made of a scalar with its source text, from start
 * (the byte of its start mark, at pos): every character of the value but white
 * space comes from one character of the source (or one escape), in order; white
 * space may come from a line break or be dropped (folding, indentation). Returns
 * the map, or NULL if the two cannot be matched. */
static tr_srcmap *scalar_map(const char *buf, size_t len, size_t start, tr_pos pos,
                             yaml_scalar_style_t style, const char *v, size_t vlen)
{
	bool dq = style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	bool sq = style == YAML_SINGLE_QUOTED_SCALAR_STYLE;
	size_t i = start;
	if ((dq || sq) && i < len) {
		src_next(buf, len, &i, &pos); /* the opening quote */
	} else if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
		while (i < len && !is_break(buf[i]))
			src_next(buf, len, &i, &pos); /* the header: | or >, indicators, comment */
		if (i < len)
			src_next(buf, len, &i, &pos);
	}
	tr_srcmap *m = tr_srcmap_new();
	for (size_t j = 0; j < vlen; j = (size_t)(g_utf8_next_char(v + j) - v)) {
		gunichar c = g_utf8_get_char(v + j);
		bool ws = c == ' ' || c == '\t' || c == '\n';
		/* What stands for nothing: an escaped line break with the next line's
		 * indentation; before anything but white space, white space too. */
		while (i < len) {
			if (dq && buf[i] == '\\' && escape_len(buf, len, i) == 0) {
				src_next(buf, len, &i, &pos);
				src_next(buf, len, &i, &pos);
				while (i < len && is_space(buf[i]))
					src_next(buf, len, &i, &pos);
			} else if (!ws && (is_space(buf[i]) || is_break(buf[i]))) {
				src_next(buf, len, &i, &pos);
			} else {
				break;
			}
		}
		tr_srcmap_add(m, j, pos);
		if (i >= len)
			continue;
		if (dq && buf[i] == '\\') {
			size_t n = escape_len(buf, len, i);
			i += n;
			pos.col += (int)n;
		} else if (sq && buf[i] == '\'' && i + 1 < len && buf[i + 1] == '\'') {
			i += 2;
			pos.col += 2;
		} else if (ws) {
			if (is_space(buf[i]) || is_break(buf[i]))
				src_next(buf, len, &i, &pos);
		} else if (g_utf8_get_char_validated(buf + i, (gssize)(len - i)) == c) {
			src_next(buf, len, &i, &pos);
		} else {
			tr_srcmap_free(m);
			return NULL;
		}
	}
	return m;
}

/* Handles a scalar event: copies the text (never with NUL) into a new node. */
static void on_scalar(builder *b, const yaml_event_t *ev)
{
	const yaml_char_t *tag = ev->data.scalar.tag;
	tr_ynode *n = node_new(TR_YNODE_SCALAR, ev->start_mark);
	size_t len = ev->data.scalar.length;
	const char *v = (const char *)ev->data.scalar.value;

	/* A plain scalar with no tag has tag NULL; "!" on a plain scalar is a tag. */
	check_properties(b, ev, ev->data.scalar.anchor, tag);
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = TR_YSTYLE_QUOTED;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = TR_YSTYLE_BLOCK;
		n->folded = ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
		if (len > 0 && v[len - 1] == '\n')
			len--;
		break;
	default:
		n->style = TR_YSTYLE_PLAIN;
		break;
	}
	/* Escapes in double quotes ("\0", "\x07", "\x7f", "\N", "\L") can still
	 * produce the characters check_encoding refuses in the raw text: C0 and C1
	 * controls, DEL, line and paragraph separators. ("\N", U+0085, used to
	 * reach the engine, which could only say that no font draws it.)
	 * libyaml has checked the value is valid UTF-8. */
	int marks = 0;
	for (size_t i = 0; i < len; i = (size_t)(g_utf8_next_char(v + i) - v)) {
		gunichar u = g_utf8_get_char(v + i);
		marks = g_unichar_ismark(u) ? marks + 1 : 0;
		if ((u < 0x20 && u != '\t' && u != '\n') || (u >= 0x7F && u <= 0x9F) ||
		    u == 0x2028 || u == 0x2029) {
			berror(b, n->pos, _("this text holds an invisible control character "
			         "(U+%04X); remove its escape code"), (unsigned)u);
		} else if (is_nonchar(u)) {
			berror(b, n->pos, _("this text holds a character that is not allowed "
			         "(U+%04X); remove its escape code"), (unsigned)u);
		} else if (marks > TR_YAML_MAX_MARKS) {
			berror(b, n->pos, _("this text has more than %d combining marks (accents) "
			         "on one character; remove the extra ones"), TR_YAML_MAX_MARKS);
		} else {
			continue;
		}
		len = i;
		break;
	}
	glong chars = g_utf8_strlen(v, (gssize)len);
	if (chars > TR_YAML_MAX_TEXT)
		berror(b, n->pos, _("this text is too long (%ld characters; the limit is %d for "
		         "one text)"), chars, TR_YAML_MAX_TEXT);
	n->value = g_strndup(v, len);
	n->len = len;
	n->map = scalar_map(b->buf, b->len, offset_of_mark(b, ev->start_mark), n->pos,
	                    ev->data.scalar.style, n->value, n->len);
	if (n->style == TR_YSTYLE_PLAIN && !next_is_key(b) &&
	    !repaired_line(b, (int)ev->end_mark.line)) {
		/* In this order: offset_of_mark() is cheap going forwards. */
		if (ev->end_mark.line > ev->start_mark.line)
			check_item_swallowed(b, ev->start_mark, ev->end_mark);
		check_cut_by_comment(b, ev->end_mark, len == 0);
	}
	attach(b, n, ev);
}

/* Opens a mapping or a sequence, unless it is nested too deeply. */
static void on_start(builder *b, const yaml_event_t *ev, tr_ynode_kind kind)
{
	frame f = { 0 };
	if (kind == TR_YNODE_MAP)
		check_properties(b, ev, ev->data.mapping_start.anchor,
		                 ev->data.mapping_start.tag);
	else
		check_properties(b, ev, ev->data.sequence_start.anchor,
		                 ev->data.sequence_start.tag);
	if (b->stack->len + 1 > TR_YAML_MAX_DEPTH) {
		berror(b, mark_pos(ev->start_mark),
		       _("too deeply nested (more than %d levels of lists and mappings)"),
		       TR_YAML_MAX_DEPTH);
		b->stop = true;
		return;
	}
	f.node = node_new(kind, ev->start_mark);
	attach(b, f.node, NULL);
	f.items = g_ptr_array_new();
	if (kind == TR_YNODE_MAP) {
		f.keys = g_ptr_array_new();
		f.seen = g_hash_table_new(g_str_hash, g_str_equal);
	}
	g_array_append_val(b->stack, f);
}

/* The character at a libyaml mark (for messages), or 0 at the end of the buffer. */
static gunichar char_at(const builder *b, yaml_mark_t m)
{
	size_t off = offset_of_pos(b->buf, b->len, mark_pos(m));
	if (off >= b->len)
		return 0;
	return g_utf8_get_char_validated(b->buf + off, (gssize)(b->len - off));
}

/* Whether the line of mark holds " : " or ": " before the mark's column
 * (the usual cause of "mapping values are not allowed"). Returns the text to quote
 * in the hint. */
static const char *colon_hint(const builder *b, yaml_mark_t m)
{
	size_t off = offset_of_pos(b->buf, b->len, mark_pos(m));
	if (off > 0 && off < b->len && b->buf[off] == ':' &&
	    (b->buf[off - 1] == ' ' || b->buf[off - 1] == '\t'))
		return " : ";
	return ": ";
}

/* Recognises "mapping values are not allowed" caused by the line above: there a
 * key lacks its ':' ("  title Construire …"), so libyaml reads this line's key as
 * the continuation of that text. True when this line is only indentation and one
 * word before the ':', and the previous line holding text has no ':' at all; then
 * *pos is the start of that line's text. */
static bool missing_colon_above(const builder *b, yaml_mark_t m, tr_pos *pos)
{
	size_t colon = offset_of_pos(b->buf, b->len, mark_pos(m));
	size_t start = offset_of_pos(b->buf, b->len, (tr_pos){ (int)m.line, 0 });
	size_t i = start;
	int line;
	if (colon >= b->len || b->buf[colon] != ':')
		return false;
	while (i < colon && b->buf[i] == ' ')
		i++;
	if (i == colon)
		return false;
	for (; i < colon; i++)
		if (b->buf[i] == ' ' || b->buf[i] == '\t' || b->buf[i] == '#')
			return false;
	for (line = (int)m.line - 1; line >= 0; line--) {
		size_t ls = offset_of_pos(b->buf, b->len, (tr_pos){ line, 0 });
		size_t le = ls, t = ls;
		while (le < b->len && b->buf[le] != '\n' && b->buf[le] != '\r')
			le++;
		while (t < le && b->buf[t] == ' ')
			t++;
		if (t == le || b->buf[t] == '#')
			continue; /* blank or comment line */
		if (memchr(b->buf + t, ':', le - t))
			return false;
		*pos = pos_of_offset(b->buf, b->len, t);
		return true;
	}
	return false;
}

/* One line of the buffer, for the hints below: [start, end) without its line
 * break; key is where its first key or item text starts (after the indentation
 * and any "- "), col that column (spaces and dashes are one byte each). */
typedef struct {
	size_t start, end, key;
	int line;       /* 0-based */
	int indent;     /* column of the first character that is not a space */
	bool item;      /* the line starts a list item ("- ") */
	int col;
	bool blank;     /* only spaces, or a comment */
	size_t word;    /* key: the length of a one-word key before ": " (0: none) */
	bool has_value; /* a one-word key with a value after it on this line */
} src_line;

/* The line that starts at byte start, numbered line. */
static src_line line_from(const builder *b, size_t start, int line)
{
	src_line l = { 0 };
	l.start = start;
	l.line = line;
	l.end = l.start;
	while (l.end < b->len && b->buf[l.end] != '\n' && b->buf[l.end] != '\r')
		l.end++;
	l.key = l.start;
	while (l.key < l.end && b->buf[l.key] == ' ')
		l.key++;
	l.indent = (int)(l.key - l.start);
	l.item = l.key + 1 < l.end && b->buf[l.key] == '-' && b->buf[l.key + 1] == ' ';
	for (;;) {
		while (l.key < l.end && b->buf[l.key] == ' ')
			l.key++;
		if (l.key + 1 < l.end && b->buf[l.key] == '-' && b->buf[l.key + 1] == ' ')
			l.key += 2;
		else
			break;
	}
	l.col = (int)(l.key - l.start);
	l.blank = l.key == l.end || b->buf[l.key] == '#';
	size_t i = l.key;
	while (i < l.end && (g_ascii_isalnum(b->buf[i]) || b->buf[i] == '_' || b->buf[i] == '-' ||
	                     (unsigned char)b->buf[i] >= 0x80))
		i++;
	if (i > l.key && i < l.end && b->buf[i] == ':' && (i + 1 == l.end || b->buf[i + 1] == ' ')) {
		l.word = i - l.key;
		size_t v = i + 1;
		while (v < l.end && b->buf[v] == ' ')
			v++;
		l.has_value = v < l.end && b->buf[v] != '#';
	}
	return l;
}

/* Line number `line` (the search from the start of the buffer is done once per
 * message, not per node). */
static src_line line_at(const builder *b, int line)
{
	return line_from(b, offset_of_pos(b->buf, b->len, (tr_pos){ line, 0 }), line);
}

/* The line above l into *up; false at the first line. */
static bool line_above(const builder *b, const src_line *l, src_line *up)
{
	size_t i = l->start;
	if (i == 0 || l->line == 0)
		return false;
	i--; /* the line break before l: "\n", "\r" or "\r\n" */
	if (i > 0 && b->buf[i] == '\n' && b->buf[i - 1] == '\r')
		i--;
	while (i > 0 && b->buf[i - 1] != '\n' && b->buf[i - 1] != '\r')
		i--;
	if (i < 3 && b->len >= 3 && memcmp(b->buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	*up = line_from(b, i, l->line - 1);
	return true;
}

/* The line below l into *down; false at the end of the buffer. */
static bool line_below(const builder *b, const src_line *l, src_line *down)
{
	size_t i = l->end;
	if (i >= b->len)
		return false;
	i += b->buf[i] == '\r' && i + 1 < b->len && b->buf[i + 1] == '\n' ? 2 : 1;
	*down = line_from(b, i, l->line + 1);
	return true;
}

/* "one column" / "2 columns". */
static const char *columns(int n)
{
	static char buf[32];
	if (n == 1)
		return _("one column");
	g_snprintf(buf, sizeof buf, NG_("%d column", "%d columns", n), n);
	return buf;
}

/* The key of line l as text, for a message. */
static char *key_text(const builder *b, const src_line *l)
{
	return g_strndup(b->buf + l->key, l->word);
}

/* The key of line `line` sits a few columns off the keys it should line up with.
 * more: libyaml read it as the rest of the text on the line above (it is
 * indented more than that line's key, which has a value); otherwise libyaml
 * wanted a key or item at another indentation (it is indented less than the
 * keys above it, and more than their parent). Sets *ref to the line it should
 * line up with and returns the difference in columns, or 0 when this is not it. */
static int indent_off(const builder *b, int line, bool more, src_line *here, src_line *ref)
{
	*here = line_at(b, line);
	if (!here->word)
		return 0;
	src_line up = *here;
	if (more) {
		while (line_above(b, &up, &up)) {
			if (up.blank)
				continue;
			*ref = up;
			if (ref->word && ref->has_value && ref->col < here->col)
				return here->col - ref->col;
			return 0;
		}
		return 0;
	}
	bool found = false;
	while (line_above(b, &up, &up)) {
		if (up.blank)
			continue;
		if (up.col <= here->col)
			break;
		if (!found || up.col < ref->col) {
			*ref = up;
			found = true;
		}
	}
	return found && ref->word ? ref->col - here->col : 0;
}

/* Keys of content and layout files are lower-case English words ("full_name",
 * "max-lines"): "Programme" or "Débat" before a ‘:’ is text, not a key. */
static bool looks_like_key(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_islower(s[i]) && s[i] != '_' && s[i] != '-')
			return false;
	return n > 0;
}

/* Reports a key indented `off` columns more or less than the key of ref. */
static void report_indent(builder *b, int line, const src_line *here, const src_line *ref,
                          int ref_line, bool more, int off)
{
	char *k = key_text(b, here), *r = key_text(b, ref);
	tr_pos pos = { line, here->col };
	/* A key indented more than a plain value above reads as its end. */
	size_t v = ref->key + ref->word + 1;
	while (v < ref->end && b->buf[v] == ' ')
		v++;
	bool continues = more && v < ref->end && b->buf[v] != '"' && b->buf[v] != '\'' &&
	                 b->buf[v] != '|' && b->buf[v] != '>';
	tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
	            _("\"%s:\" is indented %s %s than \"%s:\" on line %d%s"),
	            tr_diag_quote(k).s, columns(off), more ? _("more") : _("less"),
	            tr_diag_quote(r).s, ref_line + 1,
	            continues ? _(", so it reads as the end of that line's text") : "");
	tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
	            _("the keys of one mapping line up exactly: start \"%s:\" in column %d, "
	              "under \"%s:\""), tr_diag_quote(k).s, ref->col + 1, tr_diag_quote(r).s);
	g_free(k);
	g_free(r);
}

/* The list item starting on `line` (its "- " at column mark_col) sits a few
 * columns off the items it should line up with: indented more than the item
 * above it, or less than the items above it and more than their parent.
 * Reports it and returns true, or returns false when this is not it. */
static bool item_indent_off(builder *b, int line, int mark_col)
{
	src_line here = line_at(b, line), ref = { 0 };
	bool found = false, more = false;
	if (!here.item || here.indent != mark_col)
		return false;
	src_line up = here;
	while (line_above(b, &up, &up)) {
		if (up.blank)
			continue;
		if (up.indent > here.indent) {
			if (up.item && (!found || up.indent < ref.indent)) {
				ref = up;
				found = true;
			}
			continue;
		}
		if (!found && up.item && up.indent < here.indent) {
			ref = up;
			found = more = true;
		}
		break;
	}
	if (!found)
		return false;
	int ref_line = ref.line;
	tr_pos pos = { line, here.indent };
	tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
	            _("this list item (‘- ’) is indented %s %s than the item on line %d"),
	            columns(abs(here.indent - ref.indent)), more ? _("more") : _("less"),
	            ref_line + 1);
	tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
	            _("the items of one list line up exactly: start its ‘-’ in column %d, "
	              "under the ‘-’ on line %d"), ref.indent + 1, ref_line + 1);
	if (more)
		set_fix(b, line, here.start, here.start + (size_t)(here.indent - ref.indent), 0);
	else
		set_fix(b, line, here.start, here.start, ref.indent - here.indent);
	return true;
}

static void check_item_swallowed(builder *b, yaml_mark_t start, yaml_mark_t end)
{
	size_t at = offset_of_mark(b, start);
	while (at > 0 && b->buf[at - 1] != '\n' && b->buf[at - 1] != '\r')
		at--;
	if (at < 3 && b->len >= 3 && memcmp(b->buf, "\xEF\xBB\xBF", 3) == 0)
		at = 3;
	src_line first = line_from(b, at, (int)start.line), here = first;
	if (!first.item)
		return;
	while (here.line < (int)end.line && line_below(b, &here, &here)) {
		if (!here.item)
			continue;
		tr_pos pos = { here.line, here.indent };
		tr_diag_add(b->d, TR_SEV_WARNING, b->file, pos,
		            _("this line is read as the end of the text on line %d, not as a new "
		              "list item"), (int)start.line + 1);
		tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
		            _("to start a new item, put its ‘-’ in column %d, under the ‘-’ on "
		              "line %d"), first.indent + 1, (int)start.line + 1);
	}
}

/* True when the character before offset i (skipping spaces) is a quote that
 * closed a quoted text too early: an apostrophe inside a word ('L'union'), or
 * a quotation mark directly followed by a word ("il a dit "non""). Reports it,
 * with the way to write that character inside quotes. */
static bool quote_closed_early(builder *b, yaml_mark_t m)
{
	size_t i = offset_of_pos(b->buf, b->len, mark_pos(m));
	if (i == 0 || i > b->len)
		return false;
	size_t q = i - 1;
	while (q > 0 && b->buf[q] == ' ')
		q--;
	char c = b->buf[q];
	if ((c != '\'' && c != '"') || q + 1 >= b->len)
		return false;
	const char *after = b->buf + q + 1;
	gunichar next = g_utf8_get_char_validated(after, (gssize)(b->len - q - 1));
	if (next == (gunichar)-1 || next == (gunichar)-2 || !g_unichar_isalnum(next))
		return false;
	/* The word around the quote, for the message. */
	size_t ws = q, we = q + 1;
	while (ws > 0 && b->buf[ws - 1] != ' ' && b->buf[ws - 1] != c &&
	       b->buf[ws - 1] != '\n' && b->buf[ws - 1] != '\r')
		ws--;
	while (we < b->len && b->buf[we] != ' ' && b->buf[we] != c && b->buf[we] != '\n' &&
	       b->buf[we] != '\r' && b->buf[we] != ',' && b->buf[we] != ']' && b->buf[we] != '}')
		we++;
	tr_pos pos = pos_of_offset(b->buf, b->len, q);
	char *word = g_strndup(b->buf + ws, we - ws);
	if (c == '\'' && ws < q) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("the apostrophe in \"%s\" ends the text quoted with '…'"),
		            tr_diag_quote(word).s);
		tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
		            _("inside '…', write an apostrophe twice ('') or type the "
		              "typographic ’; or put the text in \"…\" instead"));
	} else {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("the %s before \"%s\" ends the text quoted with %s"),
		            c == '"' ? "‘\"’" : "‘'’", tr_diag_quote(word + (q - ws) + 1).s,
		            c == '"' ? "\"…\"" : "'…'");
		tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
		            c == '"' ? _("inside \"…\", write a quotation mark as \\\" or type « »; "
		                         "or put the text in '…' instead")
		                     : _("inside '…', write an apostrophe twice ('') or type the "
		                         "typographic ’; or put the text in \"…\" instead"));
	}
	g_free(word);
	src_line l = line_at(b, pos.line);
	set_fix(b, pos.line, q + 1, l.end, 0);
	return true;
}

size_t tr_yaml_glued_key(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		gunichar c = g_utf8_get_char_validated(s + i, (gssize)(n - i));
		if (c == (gunichar)-1 || c == (gunichar)-2)
			return 0;
		if (!g_unichar_islower(c) && (i == 0 || (!g_ascii_isdigit(c) && c != '_' && c != '-')))
			break;
		i += (size_t)g_unichar_to_utf8(c, NULL);
	}
	if (i == 0 || i + 1 >= n || s[i] != ':')
		return 0;
	char next = s[i + 1];
	if (is_space(next) || is_break(next) || next == '/' || next == ':')
		return 0;
	return i;
}

void tr_yaml_report_glued(tr_diag *d, const char *file, tr_pos colon, const char *s, size_t n,
                          size_t klen)
{
	size_t w = klen + 1, rest;
	while (w < n && !is_space(s[w]) && !is_break(s[w]))
		w++;
	for (rest = w; rest < n && (is_space(s[rest]) || is_break(s[rest])); rest++)
		;
	char *glued = g_strndup(s, w);
	char *fixed = g_strdup_printf("%.*s: %.*s%s", (int)klen, s, (int)(w - klen - 1),
	                              s + klen + 1, rest < n && s[rest] != '#' ? " …" : "");
	tr_diag_add(d, TR_SEV_ERROR, file, colon,
	            _("\"%s\" needs a space after its ‘:’ (write %s)"), tr_diag_quote(glued).s,
	            tr_diag_quote(fixed).s);
	g_free(glued);
	g_free(fixed);
}

/* True when l holds a key with a value that is a quote left open on its line
 * (the text goes on below). */
static bool open_quote(const builder *b, const src_line *l)
{
	size_t v = l->key + l->word + 1, e = l->end;
	while (v < e && b->buf[v] == ' ')
		v++;
	while (e > v && is_space(b->buf[e - 1]))
		e--;
	return v < e && (b->buf[v] == '"' || b->buf[v] == '\'') &&
	       (e - v < 2 || b->buf[e - 1] != b->buf[v]);
}

/* True when a plain text starts on line l: after "- ", under a key without
 * a value, or beside a key of the same mapping on the line above. */
static bool glued_starts(const builder *b, const src_line *l)
{
	src_line up = *l;
	if (l->item)
		return true;
	while (line_above(b, &up, &up))
		if (!up.blank)
			return (up.word && !up.has_value && up.col < l->col) ||
			       (up.word && up.has_value && up.col == l->col && !open_quote(b, &up));
	return true;
}

/* The key written without a space after its ‘:’ ("title:Rassemblement",
 * tr_yaml_glued_key()) that starts the plain text in which libyaml found its
 * error on line `line`: YAML read that key and its value as text, and the
 * lines below it as more of that text, up to the error. Reports it and
 * returns true, or returns false when this is not it. */
static bool glued_above(builder *b, int line)
{
	src_line l = line_at(b, line);
	for (;;) {
		if (!l.blank) {
			size_t klen = tr_yaml_glued_key(b->buf + l.key, l.end - l.key);
			if (klen && glued_starts(b, &l)) {
				tr_pos colon = { l.line, l.col + (int)g_utf8_strlen(b->buf + l.key,
				                                                     (gssize)klen) };
				tr_yaml_report_glued(b->d, b->file, colon, b->buf + l.key,
				                     l.end - l.key, klen);
				size_t at = l.key + klen + 1;
				set_fix(b, l.line, at, at, 1);
				/* The lines below it up to the error were its text: the
				 * next error may be there. */
				b->err_line = l.line;
				return true;
			}
			/* A line of text holding ": " would have been the error. */
			if (!klen && l.line < line &&
			    (l.word || g_strstr_len(b->buf + l.key, (gssize)(l.end - l.key), ": ") ||
			     b->buf[l.end - 1] == ':'))
				return false;
		}
		if (!line_above(b, &l, &l))
			return false;
	}
}

/* The block indicator ('|' or '>') when l is a key whose value is a block
 * ("body: |", "detail: >-"), else 0. */
static char block_header(const builder *b, const src_line *l)
{
	if (!l->word || !l->has_value)
		return 0;
	size_t v = l->key + l->word + 1;
	while (v < l->end && b->buf[v] == ' ')
		v++;
	char c = b->buf[v];
	if (c != '|' && c != '>')
		return 0;
	for (v++; v < l->end && (b->buf[v] == '-' || b->buf[v] == '+' || g_ascii_isdigit(b->buf[v]));
	     v++)
		;
	while (v < l->end && is_space(b->buf[v]))
		v++;
	return v == l->end || b->buf[v] == '#' ? c : 0;
}

/* True when l is a line with a key ("note: …", "programme:"), not text. */
static bool key_line(const builder *b, const src_line *l)
{
	return l->word && looks_like_key(b->buf + l->key, l->word);
}

/* The text of a block ("body: |") starting at the left edge, not indented
 * under its key: the block is empty and libyaml reads the text as a key
 * without its ‘:’, up to the error on line `line`. Reports it at the block's
 * first line, repairs the text (indents it under the key) and returns true,
 * or returns false when this is not it. */
static bool block_not_indented(builder *b, int line)
{
	src_line l = line_at(b, line), first = { 0 }, head;
	bool text = false;
	char c = 0;
	for (;;) {
		if (!l.blank) {
			if ((c = block_header(b, &l)))
				break;
			if (l.line < line && key_line(b, &l))
				return false;
			first = l;
			text = true;
		}
		if (!line_above(b, &l, &l))
			return false;
	}
	head = l;
	if (!text || first.indent > head.col || key_line(b, &first))
		return false;
	/* The text runs down to the next key at the block key's level. */
	src_line last = first, down = first;
	while (line_below(b, &down, &down)) {
		if (down.blank)
			continue;
		if (key_line(b, &down) && down.col <= head.col)
			break;
		last = down;
	}
	char *k = key_text(b, &head);
	int spaces = head.col + 2 - first.indent;
	tr_pos pos = { first.line, first.indent };
	tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
	            _("the text of \"%s: %c\" (line %d) must be indented under its key"),
	            tr_diag_quote(k).s, c, head.line + 1);
	tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
	            NG_("start each line of the text with %d space, for example",
	                "start each line of the text with %d spaces, for example",
	                head.col + 2), head.col + 2);
	g_free(k);
	set_fix(b, first.line, first.start, first.start, spaces);
	b->fix.last = last.line;
	return true;
}

/* A line of a block's text ("body: |") indented less than the block's first
 * line, so that it ends the block, at `pos`, where libyaml wanted a key.
 * Reports it and returns true, or returns false when this is not it. */
static bool block_ended(builder *b, tr_pos pos)
{
	src_line here = line_at(b, pos.line), l = here, first = { 0 };
	char c = 0;
	if (here.blank || here.item || here.indent != pos.col || key_line(b, &here))
		return false;
	while (line_above(b, &l, &l)) {
		if (l.blank)
			continue;
		if (l.indent <= here.indent) {
			c = block_header(b, &l);
			break;
		}
		first = l;
	}
	if (!c || !first.end || l.col >= here.indent)
		return false;
	char *k = key_text(b, &l);
	tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
	            _("this line is indented less than the text of \"%s: %c\" (line %d), "
	              "so it ends that block"), tr_diag_quote(k).s, c, l.line + 1);
	tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
	            NG_("the lines of a block keep the indentation of its first line: start "
	                "this one with %d space, like line %d",
	                "the lines of a block keep the indentation of its first line: start "
	                "this one with %d spaces, like line %d", first.indent),
	            first.indent, first.line + 1);
	g_free(k);
	set_fix(b, here.line, here.start, here.start, first.indent - here.indent);
	return true;
}

/* Turns libyaml's error into a message in plain words, with a note when it helps. */
static void report_libyaml_error(builder *b, const yaml_parser_t *p)
{
	const char *prob = p->problem ? p->problem : "unknown problem";
	const char *ctx = p->context ? p->context : "";
	tr_pos pos = mark_pos(p->problem_mark);
	tr_pos cpos = mark_pos(p->context_mark);
	gunichar c;

	if (p->error == YAML_READER_ERROR) {
		/* check_encoding() catches these first; this is a safety net. */
		tr_diag_add(b->d, TR_SEV_ERROR, b->file,
		            pos_of_offset(b->buf, b->len, p->problem_offset),
		            _("this is not valid UTF-8 text; save the file as UTF-8"));
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, TR_NOPOS, _("out of memory"));
		return;
	}
	/* Errors that a slip on a line above can cause: a key without a space
	 * after its ‘:’, a block's text not indented under its key, or indented
	 * less than its first line. */
	if (strcmp(prob, "mapping values are not allowed in this context") == 0 ||
	    strcmp(prob, "could not find expected ':'") == 0 ||
	    strcmp(prob, "did not find expected key") == 0 ||
	    strcmp(prob, "did not find expected '-' indicator") == 0) {
		if (glued_above(b, pos.line) || block_not_indented(b, pos.line) ||
		    block_ended(b, pos))
			return;
	}
	if (strcmp(prob, "mapping values are not allowed in this context") == 0) {
		tr_pos missing;
		src_line here, ref;
		int off;
		if (missing_colon_above(b, p->problem_mark, &missing)) {
			tr_diag_add(b->d, TR_SEV_ERROR, b->file, missing,
			            _("this line needs a ‘:’ after its key (write key: value)"));
			/* reading goes on without that line */
			src_line l = line_at(b, missing.line);
			set_fix(b, l.line, l.key, l.end, 0);
			return;
		}
		off = indent_off(b, pos.line, true, &here, &ref);
		size_t colon = offset_of_pos(b->buf, b->len, pos);
		/* A key one column off is a slip of the space bar; further off it
		 * may as well be text holding ": ", so that hint follows. */
		if (here.key + here.word == colon &&
		    (off == 1 || (off > 1 && looks_like_key(b->buf + here.key, here.word)))) {
			report_indent(b, pos.line, &here, &ref, ref.line, true, off);
			if (off > 1)
				tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
				            _("if this text contains \"%s\", put the whole value in "
				              "quotes (\"…\") or write it as a block with |"),
				            colon_hint(b, p->problem_mark));
			set_fix(b, here.line, here.start, here.start + (size_t)off, 0);
			return;
		}
		set_fix(b, pos.line, colon, line_at(b, pos.line).end, 0);
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("a ‘:’ here starts a new key, but a value was expected"));
		tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
		            _("if this text contains \"%s\", put the whole value in quotes "
		              "(\"…\") or write it as a block with |"), colon_hint(b, p->problem_mark));
		return;
	}
	if (strcmp(prob, "found character that cannot start any token") == 0 ||
	    strstr(prob, "tab character") != NULL) {
		c = char_at(b, p->problem_mark);
		if (c == '\t' || strstr(prob, "tab character"))
			tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
			            _("a tab is used for indentation here; YAML needs spaces"));
		else if (c == '@' || c == '`' || c == '%')
			tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
			            _("a value cannot start with ‘%c’; put the whole value in "
			              "quotes (\"…\")"), (char)c);
		else if (c > ' ') {
			char ch[8] = { 0 };
			g_unichar_to_utf8(c, ch);
			tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
			            _("a value cannot start with ‘%s’ here; put the whole value in "
			              "quotes (\"…\")"), ch);
		} else {
			tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
			            _("this character cannot start a value; put the whole value "
			              "in quotes (\"…\")"));
		}
		return;
	}
	if (strcmp(prob, "could not find expected ':'") == 0) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, cpos,
		            _("this line needs a ‘:’ after its key (write key: value)"));
		return;
	}
	if (strcmp(prob, "did not find expected key") == 0 ||
	    strcmp(prob, "did not find expected '-' indicator") == 0) {
		src_line here, ref;
		int off = indent_off(b, pos.line, false, &here, &ref);
		if (off > 0 && here.col == pos.col) {
			report_indent(b, pos.line, &here, &ref, ref.line, false, off);
			set_fix(b, here.line, here.start, here.start, off);
			return;
		}
		/* After a quoted value, a key indented further is no continuation. */
		off = indent_off(b, pos.line, true, &here, &ref);
		if (off > 0 && here.col == pos.col) {
			report_indent(b, pos.line, &here, &ref, ref.line, true, off);
			set_fix(b, here.line, here.start, here.start + (size_t)off, 0);
			return;
		}
		if (item_indent_off(b, pos.line, pos.col))
			return;
		if (quote_closed_early(b, p->problem_mark))
			return;
	}
	if (strcmp(prob, "did not find expected key") == 0) {
		c = char_at(b, p->problem_mark);
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            c == '-' ? _("a list item (‘- ’) is not expected here; check the "
		                         "indentation")
		                     : _("a new key was expected here; check the indentation, "
		                         "and that nothing follows a closing quote"));
		return;
	}
	if (strcmp(prob, "did not find expected '-' indicator") == 0) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("a new list item (‘- ’) was expected here; check the indentation"));
		return;
	}
	if (strcmp(prob, "block sequence entries are not allowed in this context") == 0) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("a list item (‘- ’) cannot start here; put it on a new line, "
		              "under its key"));
		return;
	}
	if (strcmp(prob, "did not find expected node content") == 0) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos, _("a value was expected here"));
		return;
	}
	if (strcmp(prob, "did not find expected ',' or ']'") == 0 ||
	    strcmp(prob, "did not find expected ',' or '}'") == 0) {
		bool seq = strchr(prob, ']') != NULL;
		if (quote_closed_early(b, p->problem_mark))
			return;
		/* "key:" at the start of a later line: the bracket was never closed. */
		src_line here = line_at(b, pos.line);
		bool line_key = here.word && here.key + here.word ==
		                                     offset_of_pos(b->buf, b->len, pos);
		if (char_at(b, p->problem_mark) == ':' && !line_key) {
			tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
			            _("a ‘:’ here starts a new key, but a ‘,’ or the closing ‘%c’ "
			              "was expected"), seq ? ']' : '}');
			tr_diag_add(b->d, TR_SEV_NOTE, b->file, pos,
			            _("if this text contains \"%s\", put the whole value in quotes (\"…\")"),
			            colon_hint(b, p->problem_mark));
			return;
		}
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("a ‘,’ or the closing ‘%c’ is missing here"), seq ? ']' : '}');
		tr_diag_add(b->d, TR_SEV_NOTE, b->file, cpos, _("the %s opened here"),
		            seq ? _("list ‘[’") : _("mapping ‘{’"));
		return;
	}
	if (strcmp(prob, "found unexpected end of stream") == 0 &&
	    strstr(ctx, "quoted scalar")) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, cpos,
		            _("the quote opened here is never closed"));
		return;
	}
	if (strcmp(prob, "found unexpected document indicator") == 0 &&
	    strstr(ctx, "quoted scalar")) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, cpos,
		            _("the quote opened here is not closed before a ‘---’ or ‘...’ line"));
		return;
	}
	if (strcmp(prob, "found unknown escape character") == 0 ||
	    (strstr(ctx, "quoted scalar") &&
	     (strstr(prob, "hexdecimal") || strstr(prob, "escape")))) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("in double quotes a backslash starts a code; write \\\\ for a "
		              "backslash, or use single quotes ('…')"));
		return;
	}
	if (strstr(ctx, "anchor") || strstr(ctx, "alias")) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, cpos,
		            _("a value cannot start with ‘*’ or ‘&’; put the whole value in "
		              "quotes (\"…\")"));
		return;
	}
	if (strstr(ctx, "tag")) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, cpos,
		            _("a value cannot start with ‘!’; put the whole value in quotes "
		              "(\"…\")"));
		return;
	}
	if (strstr(ctx, "directive")) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, cpos,
		            _("a line cannot start with ‘%%’; put the whole value in quotes "
		              "(\"…\")"));
		return;
	}
	if (strstr(ctx, "block scalar")) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("after ‘|’ or ‘>’ the text must start on the next line, indented"));
		return;
	}
	if (strcmp(prob, "found unexpected ':'") == 0) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("a ‘:’ is not allowed here inside [ ] or { }; put the text in "
		              "quotes (\"…\")"));
		return;
	}
	if (strcmp(prob, "did not find expected <document start>") == 0) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("unexpected text here, after the end of the document; check the "
		              "indentation"));
		return;
	}
	if (strcmp(prob, "mapping keys are not allowed in this context") == 0) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("a ‘?’ cannot start a value here; put the whole value in quotes "
		              "(\"…\")"));
		return;
	}
	if (strcmp(prob, "found incompatible YAML document") == 0) {
		tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos,
		            _("this ‘%%YAML’ line names a version of YAML that tractage cannot "
		              "read; delete the line (a content file needs none)"));
		return;
	}
	/* Anything else: libyaml's words, with its context. */
	tr_diag_add(b->d, TR_SEV_ERROR, b->file, pos, _("YAML syntax error: %s"), prob);
	if (p->context)
		tr_diag_add(b->d, TR_SEV_NOTE, b->file, cpos, "%s", ctx);
}

/* True when buf holds nothing but white space (and a BOM). */
static bool is_blank(const char *buf, size_t len)
{
	size_t i = (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
	for (; i < len; i++)
		if (!g_ascii_isspace(buf[i]))
			return false;
	return true;
}

/* Reports an empty file or a file of comments only. */
static void report_empty(builder *b)
{
	tr_diag_add(b->d, TR_SEV_ERROR, b->file, TR_NOPOS,
	            /* len 0 may come with buf NULL (tr_content_load_buffer from
	             * memory): memchr(NULL, …, 0) is undefined (found by UBSan) */
	            b->len && memchr(b->buf, '#', b->len) ? _("the file holds only comments")
	                                                  : _("the file is empty"));
}

/* Reads the events of b->buf into b->root. Returns false after a syntax error
 * (reported unless it comes at or above line `after`, where it would follow
 * from an earlier repair; b->fix says how to repair its line, if known). */
static bool read_events(builder *b, int *docs, int after)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool done = false, ok = true;

	b->stack = g_array_new(FALSE, TRUE, sizeof(frame));
	if (!yaml_parser_initialize(&p))
		g_error("yaml_parser_initialize: out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)b->buf, b->len);
	*docs = 0;
	while (!done && !b->stop) {
		if (!yaml_parser_parse(&p, &ev)) {
			b->err_line = (int)p.problem_mark.line;
			if (b->err_line > after)
				report_libyaml_error(b, &p);
			else
				b->fix.ok = false;
			ok = false;
			break;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++*docs > 1) {
				berror(b, mark_pos(ev.start_mark),
				       _("a second document starts here; a file holds only one "
				         "(remove this ‘---’ and what follows)"));
				b->stop = true;
			}
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_ALIAS_EVENT:
			if (!b->said_alias)
				berror(b, mark_pos(ev.start_mark),
				       _("anchors and aliases (&, *) are not supported"));
			b->said_alias = true;
			{
				tr_ynode *n = node_new(TR_YNODE_SCALAR, ev.start_mark);
				n->value = g_strdup("");
				attach(b, n, NULL);
			}
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(b, &ev, TR_YNODE_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(b, &ev, TR_YNODE_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (b->stack->len > 0)
				frame_close(b);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	while (b->stack->len > 0)
		frame_close(b);
	g_array_free(b->stack, TRUE);
	b->stack = NULL;
	return ok;
}

/* A copy of buf (len bytes) with n spaces before each line from first to
 * last (0-based) that is not empty. */
static char *indent_lines(const char *buf, size_t *len, int first, int last, int n)
{
	size_t i = offset_of_pos(buf, *len, (tr_pos){ first, 0 });
	GString *s = g_string_sized_new(*len + (size_t)((last - first + 1) * n));
	g_string_append_len(s, buf, (gssize)i);
	for (int line = first; line <= last && i < *len; line++) {
		size_t e = i, next;
		while (e < *len && !is_break(buf[e]))
			e++;
		next = e < *len && buf[e] == '\r' && e + 1 < *len && buf[e + 1] == '\n' ? e + 2
		                                                                   : MIN(e + 1, *len);
		for (int k = 0; k < n && e > i; k++)
			g_string_append_c(s, ' ');
		g_string_append_len(s, buf + i, (gssize)(next - i));
		i = next;
	}
	g_string_append_len(s, buf + i, (gssize)(*len - i));
	*len = s->len;
	return g_string_free(s, FALSE);
}

/* A copy of buf (len bytes) with bytes [from, to) replaced by n spaces. */
static char *apply_fix(const char *buf, size_t *len, size_t from, size_t to, int n)
{
	GString *s = g_string_sized_new(*len + (size_t)n);
	g_string_append_len(s, buf, (gssize)from);
	for (int i = 0; i < n; i++)
		g_string_append_c(s, ' ');
	g_string_append_len(s, buf + to, (gssize)(*len - to));
	*len = s->len;
	return g_string_free(s, FALSE);
}

tr_ynode *tr_yaml_parse_broken(const char *file, const char *buf, size_t len, tr_diag *d,
                               bool *broken, GArray **repaired)
{
	builder b = { 0 };
	int docs = 0, after = -1;
	size_t errors_before = tr_diag_count(d, TR_SEV_ERROR), reread = 0;
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(int));
	char *copy = NULL;
	const char *cur = buf;
	size_t cur_len = len;
	tr_ynode *root = NULL;

	*broken = true;
	*repaired = lines;
	b.file = file;
	b.buf = buf;
	b.len = len;
	b.d = d;
	if (len > TR_YAML_MAX_BYTES) {
		tr_diag_add(d, TR_SEV_ERROR, file, TR_NOPOS,
		            _("file is too large (%zu bytes; the limit is 1 MiB)"), len);
		return NULL;
	}
	if (!check_encoding(file, buf, len, d) || !check_flow_depth(file, buf, len, d))
		return NULL;
	if (is_blank(buf, len)) {
		report_empty(&b);
		return NULL;
	}
	/* After a syntax error, its line is repaired and the file read again, to
	 * report the problems further down in the same run. Each error must come
	 * below the one before (else it follows from the repair), and the re-reading
	 * is bounded so that a 1 MiB file stays fast. */
	for (int attempt = 0;; attempt++) {
		b = (builder){ .file = file, .buf = cur, .len = cur_len, .d = d,
			       .repaired = lines };
		bool ok = read_events(&b, &docs, after);
		reread += cur_len;
		if (ok || b.stop) {
			root = b.root;
			if (b.stop) {
				tr_ynode_free(root);
				root = NULL;
			}
			break;
		}
		tr_ynode_free(b.root);
		if (!b.fix.ok || attempt + 1 >= MAX_REPAIRS || reread + cur_len > MAX_REREAD)
			break;
		char *next = b.fix.last > b.fix.line
		                     ? indent_lines(cur, &cur_len, b.fix.line, b.fix.last, b.fix.spaces)
		                     : apply_fix(cur, &cur_len, b.fix.from, b.fix.to, b.fix.spaces);
		g_free(copy);
		cur = copy = next;
		for (int fixed = b.fix.line; fixed <= b.fix.last; fixed++)
			g_array_append_val(lines, fixed);
		after = MAX(after, MAX(b.fix.last, b.err_line));
	}
	g_free(copy);
	b.buf = buf;
	b.len = len;
	if (tr_diag_count(d, TR_SEV_ERROR) == errors_before &&
	    (docs == 0 || !root ||
	     (root->kind == TR_YNODE_SCALAR && root->style == TR_YSTYLE_PLAIN &&
	      root->len == 0)))
		report_empty(&b);
	*broken = tr_diag_count(d, TR_SEV_ERROR) > errors_before;
	return root;
}

tr_ynode *tr_yaml_parse(const char *file, const char *buf, size_t len, tr_diag *d)
{
	bool broken;
	GArray *repaired;
	tr_ynode *root = tr_yaml_parse_broken(file, buf, len, d, &broken, &repaired);
	g_array_unref(repaired);
	if (broken) {
		tr_ynode_free(root);
		return NULL;
	}
	return root;
}

/* A strerror() text starting in lower case, to follow "cannot read this file: ". */
static char *reason(int err)
{
	char *s = g_strdup(g_strerror(err));
	if (s[0])
		s[0] = g_ascii_tolower(s[0]);
	return s;
}

/* Reads at most TR_YAML_MAX_BYTES + 1 bytes of a file that is not a regular file
 * (a pipe, a device), so that /dev/zero cannot fill memory. */
static bool read_capped(const char *file, char **out, size_t *out_len, int *err)
{
	FILE *fp = g_fopen(file, "rb");
	GString *s;
	char chunk[65536];
	size_t got;
	if (!fp) {
		*err = errno;
		return false;
	}
	s = g_string_new(NULL);
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		g_string_append_len(s, chunk, (gssize)got);
		if (s->len > TR_YAML_MAX_BYTES)
			break;
	}
	if (ferror(fp)) {
		*err = errno ? errno : EIO;
		fclose(fp);
		g_string_free(s, TRUE);
		return false;
	}
	fclose(fp);
	*out_len = s->len;
	*out = g_string_free(s, FALSE);
	return true;
}

char *tr_yaml_read_file(const char *file, size_t *out_len, tr_diag *d)
{
	GStatBuf st;
	char *buf = NULL;
	size_t len = 0;
	GError *error = NULL;
	int err = 0;

	if (g_stat(file, &st) != 0) {
		char *r = reason(errno);
		tr_diag_add(d, TR_SEV_ERROR, file, TR_NOPOS, _("cannot read this file: %s"), r);
		g_free(r);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		tr_diag_add(d, TR_SEV_ERROR, file, TR_NOPOS,
		            _("this is a folder, not a YAML file")); /* content or layout */
		return NULL;
	}
	if (S_ISREG(st.st_mode)) {
		if (st.st_size > TR_YAML_MAX_BYTES) {
			tr_diag_add(d, TR_SEV_ERROR, file, TR_NOPOS,
			            _("file is too large (%lld bytes; the limit is 1 MiB)"),
			            (long long)st.st_size);
			return NULL;
		}
		if (!g_file_get_contents(file, &buf, &len, &error)) {
			/* GFileError mirrors errno; its message repeats the name. */
			switch (error->code) {
			case G_FILE_ERROR_ACCES: err = EACCES; break;
			case G_FILE_ERROR_NOENT: err = ENOENT; break;
			case G_FILE_ERROR_ISDIR: err = EISDIR; break;
			case G_FILE_ERROR_NOMEM: err = ENOMEM; break;
			default: err = EIO; break;
			}
			g_error_free(error);
			goto unreadable;
		}
	} else if (!read_capped(file, &buf, &len, &err)) {
		goto unreadable;
	} else if (len > TR_YAML_MAX_BYTES) {
		tr_diag_add(d, TR_SEV_ERROR, file, TR_NOPOS,
		            _("file is too large (more than %d bytes; the limit is 1 MiB)"),
		            TR_YAML_MAX_BYTES);
		g_free(buf);
		return NULL;
	}
	*out_len = len;
	return buf;

unreadable:
	{
		char *r = reason(err);
		tr_diag_add(d, TR_SEV_ERROR, file, TR_NOPOS, _("cannot read this file: %s"), r);
		g_free(r);
	}
	return NULL;
}

tr_ynode *tr_yaml_load_file(const char *file, tr_diag *d)
{
	size_t len;
	char *buf = tr_yaml_read_file(file, &len, d);
	if (!buf)
		return NULL;
	tr_ynode *root = tr_yaml_parse(file, buf, len, d);
	g_free(buf);
	return root;
}

const tr_ynode *tr_ynode_key(const tr_ynode *map, const char *key)
{
	if (!map || map->kind != TR_YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->value, key) == 0)
			return map->keys[i];
	return NULL;
}

const tr_ynode *tr_ynode_get(const tr_ynode *map, const char *key)
{
	if (!map || map->kind != TR_YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->value, key) == 0)
			return map->items[i];
	return NULL;
}

/* Edit distance between two arrays of code points: Levenshtein, or with
 * transpose the optimal string alignment, where swapping two neighbours
 * ("recieve") costs one edit, not two. Three rows: the one before the previous
 * is what a transposition needs. */
static size_t distance(const gunichar *a, size_t na, const gunichar *b, size_t nb,
                       bool transpose)
{
	size_t *prev2 = g_new(size_t, nb + 1), *prev = g_new(size_t, nb + 1);
	size_t *cur = g_new(size_t, nb + 1), *t;
	size_t dist;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = MIN(sub, MIN(del, ins));
			if (transpose && i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1])
				cur[j] = MIN(cur[j], prev2[j - 2] + 1);
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	dist = prev[nb];
	g_free(prev2);
	g_free(prev);
	g_free(cur);
	return dist;
}

/* Allowed words compared with one word at most, and their length (a word
 * longer than that gets no suggestion). */
#define SUGGEST_MAX_WORDS 1000
#define SUGGEST_MAX_CHARS 64

/* word as code points, lower case, into out[SUGGEST_MAX_CHARS]; -1 when it is
 * longer or not UTF-8. (ASCII, nearly every key, without a table look-up.) */
static int lower_chars(const char *word, gunichar *out)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)word; *p;) {
		if (n == SUGGEST_MAX_CHARS)
			return -1;
		if (*p < 0x80) {
			out[n++] = *p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p;
			p++;
			continue;
		}
		gunichar c = g_utf8_get_char_validated((const char *)p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2)
			return -1;
		out[n++] = g_unichar_tolower(c);
		p = (const unsigned char *)g_utf8_next_char(p);
	}
	return n;
}

/* The edit distance between a and b when it is at most 2, else 3: only the
 * cells near the diagonal are computed (the rest are at least 3 away). */
static int near_distance(const gunichar *a, int na, const gunichar *b, int nb)
{
	enum { FAR = 3 };
	if (abs(na - nb) >= FAR)
		return FAR;
	int prev2[SUGGEST_MAX_CHARS + 1], prev[SUGGEST_MAX_CHARS + 1], cur[SUGGEST_MAX_CHARS + 1];
	for (int j = 0; j <= nb; j++)
		prev2[j] = prev[j] = MIN(j, FAR);
	for (int i = 1; i <= na; i++) {
		int lo = MAX(1, i - FAR), hi = MIN(nb, i + FAR), best = FAR;
		cur[0] = MIN(i, FAR);
		for (int j = 1; j <= nb; j++) {
			if (j < lo || j > hi) {
				cur[j] = FAR;
				continue;
			}
			int v = MIN(prev[j - 1] + (a[i - 1] != b[j - 1]), MIN(prev[j], cur[j - 1]) + 1);
			/* two neighbours swapped ("titel") count one, as in distance() */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				v = MIN(v, prev2[j - 2] + 1);
			cur[j] = MIN(v, FAR);
			best = MIN(best, cur[j]);
		}
		if (best >= FAR)
			return FAR;
		memcpy(prev2, prev, sizeof(int) * (size_t)(nb + 1));
		memcpy(prev, cur, sizeof(int) * (size_t)(nb + 1));
	}
	return prev[nb];
}

size_t tr_edit_distance(const char *a, const char *b)
{
	glong na = 0, nb = 0;
	gunichar *ua = g_utf8_to_ucs4_fast(a, -1, &na), *ub = g_utf8_to_ucs4_fast(b, -1, &nb);
	size_t dist = distance(ua, (size_t)na, ub, (size_t)nb, true);
	g_free(ua);
	g_free(ub);
	return dist;
}

const char *tr_suggest(const char *word, const char *const *allowed)
{
	gunichar w[SUGGEST_MAX_CHARS], a[SUGGEST_MAX_CHARS];
	int nw = word ? lower_chars(word, w) : -1;
	const char *best = NULL;
	int best_dist = 3;
	if (nw < 0 || !allowed)
		return NULL;
	for (size_t i = 0; allowed[i] && i < SUGGEST_MAX_WORDS; i++) {
		int na = lower_chars(allowed[i], a);
		if (na < 0)
			continue;
		if (na == nw && memcmp(a, w, sizeof(gunichar) * (size_t)nw) == 0)
			return allowed[i]; /* the same but for case */
		int dist = near_distance(w, nw, a, na);
		if (dist <= 2 && dist <= nw / 2 && dist < best_dist) {
			best = allowed[i];
			best_dist = dist;
		}
	}
	return best;
}

bool tr_ynode_check_keys(const tr_ynode *map, const char *const *allowed,
                         const char *what, const char *file, tr_diag *d)
{
	bool ok = true;
	if (!map || map->kind != TR_YNODE_MAP)
		return true;
	for (size_t i = 0; i < map->n; i++) {
		const tr_ynode *k = map->keys[i];
		const char *s;
		bool known = false;
		for (size_t j = 0; allowed[j] && !known; j++)
			known = strcmp(allowed[j], k->value) == 0;
		if (known)
			continue;
		ok = false;
		s = tr_suggest(k->value, allowed);
		if (s) {
			tr_diag_add(d, TR_SEV_ERROR, file, k->pos,
			            _("unknown key \"%s\" in %s (did you mean \"%s\"?)"),
			            tr_diag_quote(k->value).s, what, s);
		} else {
			GString *list = g_string_new(NULL);
			for (size_t j = 0; allowed[j]; j++)
				g_string_append_printf(list, "%s%s", j ? ", " : "", allowed[j]);
			tr_diag_add(d, TR_SEV_ERROR, file, k->pos,
			            _("unknown key \"%s\" in %s (known keys: %s)"),
			            tr_diag_quote(k->value).s, what,
			            list->str);
			g_string_free(list, TRUE);
		}
	}
	return ok;
}

const char *tr_ynode_kind_name(const tr_ynode *n)
{
	if (!n)
		return C_("kind", "nothing");
	/* TRANSLATORS: what a YAML value is, as in "expected a date, found a list" */
	switch (n->kind) {
	case TR_YNODE_SCALAR: return C_("kind", "text");
	case TR_YNODE_MAP: return C_("kind", "mapping");
	case TR_YNODE_SEQ: return C_("kind", "list");
	}
	return "nothing";
}
