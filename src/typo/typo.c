/* typo.c — inline markup and the typographic rules of a language.
 *
 * French follows the Imprimerie nationale (Lexique des règles typographiques):
 * U+202F before ; : ! ? » and after «, « guillemets », ’, …, U+00A0 after a
 * one-letter word and between a number and its word, digit groups kept together.
 *
 * tr_typo_apply() works on an array of code points, in passes:
 *   1. protect: URLs and e-mail addresses are marked and never changed;
 *   2. spaces: runs collapse to one, none at the edges of lines;
 *   3. characters: quotes, apostrophes, ellipses, dashes, spacing of ; : ! ? « »;
 *   4. times (French): "8h30" → "8 h 30", "50%" → "50 %", so that
 *   5. words sees the words these make: the space after a word becomes a no-break
 *      one after numbers and one-letter words, inside phone numbers and "10 000".
 * Each pass only adds, removes or replaces spaces and punctuation, and writes its
 * output in the form its own input would keep, so applying twice changes nothing.
 * Markers (TR_MARK_*) are transparent: every look at "the previous character" or
 * "the next character" steps over them.
 */
#include "typo/typo.h"

#include "typo/phrase.h"

#include <string.h>

#define NBSP 0x00A0   /* no-break space */
#define NNBSP 0x202F  /* narrow no-break space */
#define FIGSP 0x2007  /* figure space (no-break) */
#define ELLIPSIS 0x2026
#define NDASH 0x2013
#define LAQUO 0x00AB  /* « */
#define RAQUO 0x00BB  /* » */
#define LDQUO 0x201C  /* “ */
#define RDQUO 0x201D  /* ” */
#define LSQUO 0x2018  /* ‘ */
#define RSQUO 0x2019  /* ’ */

bool tr_is_mark(gunichar c)
{
	return c >= TR_MARK_EM_ON && c <= TR_MARK_STRONG_OFF;
}

/* ---- code point buffers ---------------------------------------------------- */

/* A growable array of code points, each with a "protected" flag (inside a URL or
 * an e-mail address: copied, never changed). */
typedef struct {
	gunichar *c;
	guint8 *prot;
	size_t len, cap;
} ubuf;

static void ubuf_init(ubuf *b, size_t cap)
{
	b->cap = cap < 16 ? 16 : cap;
	b->len = 0;
	b->c = g_new(gunichar, b->cap);
	b->prot = g_new(guint8, b->cap);
}

static void ubuf_clear(ubuf *b)
{
	g_free(b->c);
	g_free(b->prot);
	b->c = NULL;
	b->prot = NULL;
	b->len = b->cap = 0;
}

static void push_p(ubuf *b, gunichar c, bool prot)
{
	if (b->len == b->cap) {
		b->cap *= 2;
		b->c = g_renew(gunichar, b->c, b->cap);
		b->prot = g_renew(guint8, b->prot, b->cap);
	}
	b->c[b->len] = c;
	b->prot[b->len] = prot;
	b->len++;
}

static void push(ubuf *b, gunichar c)
{
	push_p(b, c, false);
}

/* Horizontal spaces: what the user may type between words. */
static bool is_hspace(gunichar c)
{
	return c == ' ' || c == '\t' || c == NBSP || c == NNBSP || c == FIGSP ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x205F || c == 0x3000;
}

static bool is_nobreak(gunichar c)
{
	return c == NBSP || c == NNBSP || c == FIGSP;
}

/* Opening brackets and quotes: a quote after one of these opens. */
static bool is_opening(gunichar c)
{
	return c == '(' || c == '[' || c == '{' || c == LAQUO || c == LDQUO ||
	       c == LSQUO || c == NDASH || c == 0x2014 || c == '/';
}

/* Closing punctuation: a quote before one of these closes. */
static bool is_closing(gunichar c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
	       c == ')' || c == ']' || c == '}' || c == ELLIPSIS || c == RAQUO ||
	       c == RDQUO || c == RSQUO;
}

/* Index of the last character of b that is not a marker, or -1. */
static gssize last_nm_index(const ubuf *b)
{
	for (gssize i = (gssize)b->len - 1; i >= 0; i--)
		if (!tr_is_mark(b->c[i]))
			return i;
	return -1;
}

/* Last character of b that is not a marker, 0 if none. */
static gunichar last_nm(const ubuf *b)
{
	gssize i = last_nm_index(b);
	return i < 0 ? 0 : b->c[i];
}

/* Last character of b that is neither a marker nor a horizontal space, 0 if none. */
static gunichar last_solid(const ubuf *b)
{
	for (gssize i = (gssize)b->len - 1; i >= 0; i--)
		if (!tr_is_mark(b->c[i]) && !is_hspace(b->c[i]))
			return b->c[i];
	return 0;
}

/* First character of s[from..n) that is not a marker, 0 if none. */
static gunichar next_nm(const ubuf *s, size_t from)
{
	for (size_t i = from; i < s->len; i++)
		if (!tr_is_mark(s->c[i]))
			return s->c[i];
	return 0;
}

/* Index of the first character of s[from..n) that is not a marker, or n. */
static size_t next_nm_index(const ubuf *s, size_t from)
{
	size_t i = from;
	while (i < s->len && tr_is_mark(s->c[i]))
		i++;
	return i;
}

/* Removes the horizontal spaces at the end of b, keeping the markers among them
 * (in order). Protected characters are never removed. */
static void trim_end(ubuf *b)
{
	size_t k = b->len;
	while (k > 0 && !b->prot[k - 1] && (tr_is_mark(b->c[k - 1]) || is_hspace(b->c[k - 1])))
		k--;
	size_t w = k;
	for (size_t i = k; i < b->len; i++)
		if (tr_is_mark(b->c[i]))
			b->c[w++] = b->c[i], b->prot[w - 1] = 0;
	b->len = w;
}

/* Removes the character at index i of b. */
static void remove_at(ubuf *b, size_t i)
{
	memmove(b->c + i, b->c + i + 1, (b->len - i - 1) * sizeof *b->c);
	memmove(b->prot + i, b->prot + i + 1, b->len - i - 1);
	b->len--;
}

/* ---- inline markup ---------------------------------------------------------- */

/* An escaped asterisk while parsing: past the last code point, so no input
 * character can be taken for it. */
#define ESCAPED_STAR 0x110000

/* A run of asterisks in the text being parsed. */
typedef struct {
	int len;                    /* asterisks in the run */
	int rem;                    /* not (yet) used by a match: literal */
	int close_head, close_tail; /* matches this run closes, in order; -1 ends */
	int open_head;              /* matches this run opens, outermost first */
} star_run;

/* One emphasis: opener and closer runs, 1 (em) or 2 (strong) asterisks each. */
typedef struct {
	int kind;
	int next_close, next_open;
} star_match;

/* Matches the new run r (closer side first) against the stack of open runs
 * (CommonMark's delimiter algorithm without the "rule of 3"): the nearest open
 * run is used, runs stacked above it become literal, so matches always nest. */
static void match_run(GArray *runs, GArray *matches, GArray *stack, int r,
                      bool can_open, bool can_close)
{
	star_run *cr = &g_array_index(runs, star_run, r);
	while (can_close && cr->rem > 0 && stack->len > 0) {
		int o = g_array_index(stack, int, stack->len - 1);
		star_run *or = &g_array_index(runs, star_run, o);
		int use = (or->rem >= 2 && cr->rem >= 2) ? 2 : 1;
		star_match m = { use, -1, or->open_head };
		int mi = (int)matches->len;
		g_array_append_val(matches, m);
		or->open_head = mi;
		if (cr->close_tail < 0)
			cr->close_head = mi;
		else
			g_array_index(matches, star_match, cr->close_tail).next_close = mi;
		cr->close_tail = mi;
		or->rem -= use;
		cr->rem -= use;
		if (or->rem == 0)
			g_array_set_size(stack, stack->len - 1);
	}
	if (can_open && cr->rem > 0)
		g_array_append_val(stack, r);
}

static void append_markers(GString *out, int kind, bool on)
{
	if (kind == 2)
		g_string_append_unichar(out, on ? TR_MARK_STRONG_ON : TR_MARK_STRONG_OFF);
	else
		g_string_append_unichar(out, on ? TR_MARK_EM_ON : TR_MARK_EM_OFF);
}

/* True if c[i] starts a blank line: '\n', spaces, '\n'. */
static bool at_blank_line(const gunichar *c, size_t i, size_t n)
{
	if (c[i] != '\n')
		return false;
	for (size_t j = i + 1; j < n; j++) {
		if (c[j] == '\n')
			return true;
		if (!g_unichar_isspace(c[j]))
			return false;
	}
	return false;
}

char *tr_inline_parse(const char *text)
{
	g_return_val_if_fail(text != NULL, NULL);
	char *valid = g_utf8_make_valid(text, -1);
	glong n0 = 0;
	gunichar *c = g_utf8_to_ucs4_fast(valid, -1, &n0);
	g_free(valid);

	/* Input markers are dropped: a user cannot forge them. "\*" is an
	 * asterisk that never starts nor ends emphasis ("2\*3\*4"). */
	size_t n = 0;
	for (glong i = 0; i < n0; i++) {
		if (tr_is_mark(c[i]))
			continue;
		if (c[i] == '\\' && i + 1 < n0 && c[i + 1] == '*') {
			c[n++] = ESCAPED_STAR;
			i++;
			continue;
		}
		c[n++] = c[i];
	}

	GArray *runs = g_array_new(FALSE, FALSE, sizeof(star_run));
	GArray *matches = g_array_new(FALSE, FALSE, sizeof(star_match));
	GArray *stack = g_array_new(FALSE, FALSE, sizeof(int));
	GArray *run_at = g_array_new(FALSE, FALSE, sizeof(size_t)); /* start of each run */

	for (size_t i = 0; i < n;) {
		if (at_blank_line(c, i, n))
			g_array_set_size(stack, 0); /* emphasis never crosses paragraphs */
		if (c[i] != '*') {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && c[j] == '*')
			j++;
		gunichar prev = i > 0 ? c[i - 1] : 0, next = j < n ? c[j] : 0;
		bool can_open = next && !g_unichar_isspace(next);
		bool can_close = prev && !g_unichar_isspace(prev);
		star_run sr = { (int)(j - i), (int)(j - i), -1, -1, -1 };
		g_array_append_val(runs, sr);
		g_array_append_val(run_at, i);
		match_run(runs, matches, stack, (int)runs->len - 1, can_open, can_close);
		i = j;
	}

	GString *out = g_string_sized_new(n + 16);
	size_t r = 0;
	for (size_t i = 0; i < n;) {
		if (r < runs->len && g_array_index(run_at, size_t, r) == i) {
			star_run *sr = &g_array_index(runs, star_run, r);
			for (int m = sr->close_head; m >= 0;) {
				star_match *sm = &g_array_index(matches, star_match, m);
				append_markers(out, sm->kind, false);
				m = sm->next_close;
			}
			for (int k = 0; k < sr->rem; k++)
				g_string_append_c(out, '*');
			for (int m = sr->open_head; m >= 0;) {
				star_match *sm = &g_array_index(matches, star_match, m);
				append_markers(out, sm->kind, true);
				m = sm->next_open;
			}
			i += (size_t)sr->len;
			r++;
			continue;
		}
		g_string_append_unichar(out, c[i] == ESCAPED_STAR ? '*' : c[i]);
		i++;
	}
	g_array_unref(runs);
	g_array_unref(matches);
	g_array_unref(stack);
	g_array_unref(run_at);
	g_free(c);
	return g_string_free(out, FALSE);
}

char *tr_inline_strip(const char *text)
{
	g_return_val_if_fail(text != NULL, NULL);
	GString *out = g_string_sized_new(strlen(text));
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);
		if (!tr_is_mark(ch))
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}

/* ---- pass 1: protect URLs and e-mail addresses ------------------------------- */

/* Punctuation that may follow a URL in a sentence and is not part of it. */
static bool trail_punct(gunichar c)
{
	return tr_is_mark(c) || c == ')' || c == ']' || c == '}' || c == '>' || c == RAQUO ||
	       c == '"' || c == '\'' || c == RDQUO || c == RSQUO || c == '.' || c == ',' ||
	       c == ';' || c == ':' || c == '!' || c == '?' || c == ELLIPSIS;
}

/* Characters of a URL scheme ("https", "svn+ssh") or of an address's local part. */
static bool url_part(gunichar c)
{
	return g_unichar_isalnum(c) || c == '+' || c == '.' || c == '-' || c == '_' || c == '%';
}

/* Where the URL or address of the word [a, b) starts, or b if it has none:
 * at the scheme before "://", the local part before '@', or "www." after a
 * non-letter. */
static size_t url_start(const ubuf *s, size_t a, size_t b)
{
	for (size_t k = a; k < b; k++) {
		gunichar c = s->c[k];
		if ((c == ':' && k + 2 < b && s->c[k + 1] == '/' && s->c[k + 2] == '/') || c == '@') {
			while (k > a && url_part(s->c[k - 1]))
				k--;
			return k;
		}
		if ((k == a || !g_unichar_isalnum(s->c[k - 1])) && k + 4 <= b &&
		    g_unichar_tolower(c) == 'w' && g_unichar_tolower(s->c[k + 1]) == 'w' &&
		    g_unichar_tolower(s->c[k + 2]) == 'w' && s->c[k + 3] == '.')
			return k;
	}
	return b;
}

/* Marks the URLs and e-mail addresses of s as protected, from their start to the
 * end of the word, less the punctuation that ends a sentence or a bracket. */
static void protect_urls(ubuf *s)
{
	for (size_t i = 0; i < s->len;) {
		if (is_hspace(s->c[i]) || s->c[i] == '\n') {
			i++;
			continue;
		}
		size_t a = i, b = i;
		while (b < s->len && !is_hspace(s->c[b]) && s->c[b] != '\n')
			b++;
		i = b;
		while (b > a && trail_punct(s->c[b - 1]))
			b--;
		size_t start = url_start(s, a, b);
		if (start < b)
			memset(s->prot + start, 1, b - start);
	}
}

/* ---- pass 2: spaces --------------------------------------------------------- */

/* Collapses each run of horizontal spaces to one (a no-break space typed in the
 * run wins over ordinary ones; other spaces become ' '), drops spaces at the
 * start and end of lines, and turns "\r\n" and "\r" into "\n". */
static void pass_spaces(const ubuf *s, ubuf *o)
{
	for (size_t i = 0; i < s->len; i++) {
		gunichar c = s->c[i];
		if (s->prot[i]) {
			push_p(o, c, true);
			continue;
		}
		if (c == '\r') {
			if (i + 1 < s->len && s->c[i + 1] == '\n')
				continue;
			c = '\n';
		}
		if (is_hspace(c)) {
			gssize j = last_nm_index(o);
			if (j < 0 || o->c[j] == '\n')
				continue;
			if (is_hspace(o->c[j])) {
				if (is_nobreak(c) && !is_nobreak(o->c[j]))
					o->c[j] = c;
				continue;
			}
			push(o, is_nobreak(c) ? c : ' ');
		} else if (c == '\n') {
			trim_end(o);
			push(o, '\n');
		} else {
			push(o, c);
		}
	}
	trim_end(o);
}

/* ---- pass 3: characters ----------------------------------------------------- */

/* Kinds of open quotes, to choose the closing one and the nested style. */
enum {
	Q_GUILL,          /* « typed */
	Q_GUILL_STRAIGHT, /* « from a straight quote */
	Q_CURLY,          /* “ typed */
	Q_CURLY_STRAIGHT, /* “ (or ‘ in English) from a straight quote */
};

#define QMAX 32

typedef struct {
	const ubuf *s;
	ubuf *o;
	tr_lang lang;
	bool skip_space; /* drop the spaces that follow (after « or an opening quote) */
	int qdepth;
	guint8 qstack[QMAX];
} chars_state;

static void q_push(chars_state *st, int kind)
{
	if (st->qdepth < QMAX)
		st->qstack[st->qdepth] = (guint8)kind;
	st->qdepth++;
}

static int q_top(const chars_state *st)
{
	if (st->qdepth <= 0)
		return -1;
	return st->qdepth <= QMAX ? st->qstack[st->qdepth - 1] : Q_GUILL;
}

static void q_pop(chars_state *st)
{
	if (st->qdepth > 0)
		st->qdepth--;
}

/* French: the spacing after an opening guillemet (U+202F, spaces typed dropped). */
static void open_guillemet(chars_state *st, size_t i)
{
	push(st->o, LAQUO);
	size_t j = i + 1;
	while (j < st->s->len && (is_hspace(st->s->c[j]) || tr_is_mark(st->s->c[j])))
		j++;
	if (j < st->s->len && st->s->c[j] != '\n')
		push(st->o, NNBSP);
	st->skip_space = true;
}

/* French: U+202F before a closing guillemet, replacing the spaces typed. */
static void close_guillemet(chars_state *st)
{
	trim_end(st->o);
	gunichar p = last_nm(st->o);
	if (p && p != '\n' && p != LAQUO)
		push(st->o, NNBSP);
	push(st->o, RAQUO);
}

/* Whether the straight double quote at s[i], written after prev, opens: by
 * context first (space or opening bracket before, space or punctuation after),
 * else by the quotes already open. */
static bool quote_opens(const chars_state *st, gunichar prev, size_t i)
{
	gunichar next = next_nm(st->s, i + 1);
	bool open_ctx = !prev || prev == '\n' || is_hspace(prev) || is_opening(prev);
	bool close_ctx = !next || next == '\n' || is_hspace(next) || is_closing(next);
	int top = q_top(st);
	if (open_ctx != close_ctx)
		return open_ctx;
	return !(top == Q_GUILL_STRAIGHT || top == Q_CURLY_STRAIGHT);
}

/* A straight double quote becomes « » (French) or “ ” (English), or the nested
 * “ ” (French) and ‘ ’ (English) inside other quotes. */
static void straight_quote(chars_state *st, size_t i)
{
	int top = q_top(st);
	bool open = quote_opens(st, last_nm(st->o), i);

	bool fr = st->lang == TR_LANG_FR;
	if (open) {
		if (fr && st->qdepth == 0) {
			open_guillemet(st, i);
			q_push(st, Q_GUILL_STRAIGHT);
		} else {
			push(st->o, st->qdepth == 0 ? LDQUO : fr ? LDQUO : LSQUO);
			st->skip_space = true;
			q_push(st, Q_CURLY_STRAIGHT);
		}
		return;
	}
	bool curly = top == Q_CURLY_STRAIGHT || (!fr && top != Q_GUILL_STRAIGHT);
	if (top == Q_GUILL_STRAIGHT || top == Q_CURLY_STRAIGHT)
		q_pop(st);
	if (!curly) {
		close_guillemet(st);
		return;
	}
	trim_end(st->o);
	/* English nested quotes are single: the opener tells which. */
	gunichar closer = RDQUO;
	if (!fr && st->qdepth > 0 && top == Q_CURLY_STRAIGHT)
		closer = RSQUO;
	push(st->o, closer);
}

/* An apostrophe: ’ in French; in English ‘ at the start of a word, else ’. */
static void apostrophe(chars_state *st, size_t i)
{
	if (st->lang == TR_LANG_EN) {
		gunichar prev = last_nm(st->o), next = next_nm(st->s, i + 1);
		bool start = !prev || prev == '\n' || is_hspace(prev) || is_opening(prev) ||
		             prev == '"';
		if (start && next && g_unichar_isalpha(next)) {
			push(st->o, LSQUO);
			return;
		}
	}
	push(st->o, RSQUO);
}

/* An ellipsis (typed "..." or …). French: a comma before it goes ("a,..." →
 * "a…"), and so does a space when it ends a word ("école ..." → "école…"). */
static void ellipsis(chars_state *st, size_t next_index)
{
	if (st->lang == TR_LANG_FR) {
		gunichar prev = last_solid(st->o);
		gunichar next = next_nm(st->s, next_index);
		bool ends_word = !next || next == '\n' || is_hspace(next) || is_closing(next) ||
		                 next == '"' || next == '\'';
		while (prev == ',') {
			trim_end(st->o);
			remove_at(st->o, (size_t)last_nm_index(st->o));
			prev = last_solid(st->o);
			ends_word = true;
		}
		if (ends_word && prev && (g_unichar_isalnum(prev) || prev == RAQUO ||
		                          prev == ')' || prev == RDQUO || prev == RSQUO))
			trim_end(st->o);
	}
	push(st->o, ELLIPSIS);
}

/* French high punctuation ; : ! ?: U+202F before, replacing a typed space, except
 * in "08:30", "://", "mailto:x" or "&amp;" (no space before, text right after),
 * after "(" or at a line start, and for the second mark of "?!", "!!". */
static void high_punct(chars_state *st, size_t i)
{
	gunichar c = st->s->c[i];
	gunichar prev = last_solid(st->o);
	gunichar just_before = last_nm(st->o);
	bool spaced = just_before && is_hspace(just_before);
	gunichar next = next_nm(st->s, i + 1);

	if (c == ':' || c == ';') {
		/* glued to what follows, unless that gets a space before it */
		bool glued = !spaced && next && next != '\n' && !is_hspace(next) &&
		             !(next == ';' || next == ':' || next == '!' || next == '?' ||
		               next == RAQUO || next == '"');
		if (glued || (c == ':' && next == '/')) {
			push(st->o, c);
			return;
		}
	}
	if ((c == '!' || c == '?') && (prev == '!' || prev == '?')) {
		trim_end(st->o);
		push(st->o, c);
		return;
	}
	if (!prev || prev == '\n' || prev == '(' || prev == '[') {
		push(st->o, c);
		return;
	}
	trim_end(st->o);
	push(st->o, NNBSP);
	push(st->o, c);
}

/* A dash between spaces: " - ", " -- " or " – " becomes U+00A0 "–" space in
 * French, " – " in English. Returns the number of input characters used, 0 if
 * the dash is not one. */
static size_t dash(chars_state *st, size_t i)
{
	const ubuf *s = st->s;
	size_t j = i;
	if (s->c[i] == '-' && i + 1 < s->len && s->c[i + 1] == '-' && !s->prot[i + 1])
		j = i + 1;
	/* between word spaces (not the narrow ones around punctuation) */
	gunichar prev = st->o->len ? st->o->c[st->o->len - 1] : 0;
	gunichar next = j + 1 < s->len ? s->c[j + 1] : 0;
	if ((prev != ' ' && prev != NBSP) || (next != ' ' && next != NBSP) || s->prot[j + 1])
		return 0;
	/* ... and a word after it, not punctuation that will be spaced */
	size_t ai = next_nm_index(s, j + 2);
	gunichar after = ai < s->len ? s->c[ai] : 0;
	if (!after || after == '\n' || is_hspace(after) || after == ';' || after == ':' ||
	    after == '!' || after == '?' || after == RAQUO ||
	    (after == '"' && !quote_opens(st, ' ', ai)))
		return 0;
	if (st->lang == TR_LANG_FR) {
		trim_end(st->o);
		push(st->o, NBSP);
		push(st->o, NDASH);
		push(st->o, ' ');
		st->skip_space = true;
	} else {
		push(st->o, NDASH);
	}
	return j - i + 1;
}

static void pass_chars(const ubuf *s, ubuf *o, tr_lang lang)
{
	chars_state st = { .s = s, .o = o, .lang = lang };
	bool fr = lang == TR_LANG_FR;

	for (size_t i = 0; i < s->len; i++) {
		gunichar c = s->c[i];
		if (s->prot[i]) {
			push_p(o, c, true);
			st.skip_space = false;
			continue;
		}
		if (st.skip_space && is_hspace(c))
			continue;
		if (!tr_is_mark(c))
			st.skip_space = false;

		switch (c) {
		case '"':
			straight_quote(&st, i);
			break;
		case '\'':
			apostrophe(&st, i);
			break;
		case '.': {
			size_t j = i;
			while (j < s->len && s->c[j] == '.' && !s->prot[j])
				j++;
			if (j - i >= 3) {
				ellipsis(&st, j);
				i = j - 1;
			} else {
				push(o, c);
			}
			break;
		}
		case ELLIPSIS:
			ellipsis(&st, i + 1);
			break;
		case '-':
		case NDASH: {
			size_t used = dash(&st, i);
			if (used == 0)
				push(o, c);
			if (used > 0)
				i += used - 1;
			break;
		}
		case ';':
		case ':':
		case '!':
		case '?':
			if (fr)
				high_punct(&st, i);
			else
				push(o, c);
			break;
		case LAQUO:
			if (fr)
				open_guillemet(&st, i);
			else
				push(o, c);
			q_push(&st, Q_GUILL);
			break;
		case RAQUO:
			if (fr)
				close_guillemet(&st);
			else
				push(o, c);
			if (q_top(&st) == Q_GUILL || q_top(&st) == Q_GUILL_STRAIGHT)
				q_pop(&st);
			break;
		case LDQUO:
			push(o, c);
			q_push(&st, Q_CURLY);
			break;
		case RDQUO:
			push(o, c);
			if (q_top(&st) == Q_CURLY || q_top(&st) == Q_CURLY_STRAIGHT)
				q_pop(&st);
			break;
		default:
			push(o, c);
			break;
		}
	}
}

/* ---- pass 4: words ---------------------------------------------------------- */

/* What a word (a run between spaces) is, for the spaces around it. */
typedef struct {
	size_t start, end;   /* [start, end) in the buffer */
	bool prot;           /* holds protected characters */
	bool letter1;        /* a one-letter word: à, a, y, ô, A, h */
	bool number;         /* 3, 2017, 1er, 3,5 */
	bool starts_word;    /* begins with a letter, %, € (what a number binds to) */
	int group;           /* a digit group: its digits, else 0 */
	bool group_plus;     /* the group starts with '+' */
	bool group_lead;     /* punctuation before the group ("(01") */
	bool group_trail;    /* punctuation after the group ("28.") */
	gssize time_h;       /* "8h30": index of the 'h', else -1 */
	gssize sign;         /* "50%": index of the % or €, else -1 */
	gunichar sep;        /* the space after the word (0: none, '\n': a line end) */
	gunichar new_sep;    /* the space to write instead, 0: keep */
	bool phone;          /* part of a phone number */
} word;

static bool ordinal_suffix(const gunichar *c, size_t n)
{
	static const char *const sfx[] = { "er", "re", "e", "es", "ers", "res", "ème",
	                                   "èmes", "ᵉ", "ᵉʳ", "ʳᵉ", "ᵉˢ" };
	for (size_t k = 0; k < G_N_ELEMENTS(sfx); k++) {
		const char *p = sfx[k];
		size_t j = 0;
		while (*p && j < n && g_utf8_get_char(p) == c[j]) {
			p = g_utf8_next_char(p);
			j++;
		}
		if (!*p && j == n)
			return true;
	}
	return false;
}

/* Whether the character that ends at byte end of text (after: starts there) is
 * a letter or a digit. */
static bool alnum_before(const char *text, size_t end)
{
	if (end == 0)
		return false;
	return g_unichar_isalnum(g_utf8_get_char(g_utf8_find_prev_char(text, text + end)));
}

static bool alnum_after(const char *text, size_t len, size_t start)
{
	if (start >= len)
		return false;
	return g_unichar_isalnum(g_utf8_get_char_validated(text + start, (gssize)(len - start)));
}

static bool roman_digit(char c)
{
	return c && strchr("IVXLCDM", c);
}

size_t tr_typo_ordinal_at(const char *text, size_t len, size_t at)
{
	/* Longest first: "ers" before "er" before "e". */
	static const char *const sfx[] = { "èmes", "ème", "ndes", "nde", "nds", "nd", "ers",
	                                   "res", "des", "er", "re", "es", "de", "e", "è" };
	size_t b = at;
	while (b > 0 && g_ascii_isdigit(text[b - 1]))
		b--;
	bool digits = b < at;
	const char *roman = NULL;
	if (!digits) {
		while (b > 0 && roman_digit(text[b - 1]))
			b--;
		if (b == at || (at - b == 1 && !strchr("IVX", text[b])))
			return 0;
		roman = text + b;
	}
	/* Not inside a word ("A4e") nor after a decimal point ("1,5e"). */
	if (b > 0 && (alnum_before(text, b) ||
	              (b > 1 && strchr(",.", text[b - 1]) && g_ascii_isdigit(text[b - 2]))))
		return 0;
	for (size_t k = 0; k < G_N_ELEMENTS(sfx); k++) {
		size_t n = strlen(sfx[k]);
		if (n > len - at || memcmp(text + at, sfx[k], n) != 0 ||
		    alnum_after(text, len, at + n))
			continue;
		if (roman && (sfx[k][0] == 'n' || sfx[k][0] == 'd'))
			return 0;
		if (roman && (sfx[k][0] == 'r' || (sfx[k][0] == 'e' && sfx[k][1] == 'r')) &&
		    (at - b != 1 || *roman != 'I'))
			return 0;
		return n;
	}
	return 0;
}

/* Classifies the word [w->start, w->end) of b. */
static void classify(const ubuf *b, word *w)
{
	gunichar tmp[64];
	gssize idx[64];
	size_t n = 0;

	w->time_h = w->sign = -1;
	for (size_t i = w->start; i < w->end; i++) {
		if (b->prot[i])
			w->prot = true;
		if (tr_is_mark(b->c[i]))
			continue;
		if (n == G_N_ELEMENTS(tmp))
			return; /* long words are none of the kinds below */
		idx[n] = (gssize)i;
		tmp[n++] = b->c[i];
	}
	if (w->prot || n == 0)
		return;
	w->starts_word = g_unichar_isalpha(tmp[0]) || tmp[0] == '%' || tmp[0] == 0x20AC;
	w->letter1 = n == 1 && g_unichar_isalpha(tmp[0]);

	/* Leading and trailing punctuation, then the core. */
	size_t a = 0, z = n;
	while (a < n && (tmp[a] == '(' || tmp[a] == '['))
		a++;
	while (z > a && !g_unichar_isalnum(tmp[z - 1]) && tmp[z - 1] != '%' && tmp[z - 1] != 0x20AC)
		z--;
	size_t d = a;
	bool plus = d < z && tmp[d] == '+';
	if (plus)
		d++;
	size_t digits0 = d;
	while (d < z && g_ascii_isdigit(tmp[d]))
		d++;
	size_t nd = d - digits0;
	if (nd == 0)
		return;

	if (d == z) {
		w->group = (int)nd;
		w->group_plus = plus;
		w->group_lead = a > 0;
		w->group_trail = z < n;
		w->number = !plus && a == 0 && z == n;
		return;
	}
	if (plus)
		return;
	/* "8h", "8h30" (fr times) */
	if (nd <= 2 && tmp[d] == 'h') {
		int h = 0, m = 0;
		for (size_t k = digits0; k < d; k++)
			h = h * 10 + (int)(tmp[k] - '0');
		size_t e = d + 1;
		bool ok = e == z;
		if (!ok && e + 2 == z && g_ascii_isdigit(tmp[e]) && g_ascii_isdigit(tmp[e + 1])) {
			m = (int)(tmp[e] - '0') * 10 + (int)(tmp[e + 1] - '0');
			ok = true;
		}
		if (ok && h <= 24 && m <= 59) {
			w->time_h = idx[d];
			w->number = true;
			return;
		}
	}
	/* decimals "3,5" */
	if (d + 1 < z && (tmp[d] == ',' || tmp[d] == '.') && g_ascii_isdigit(tmp[d + 1])) {
		d++;
		while (d < z && g_ascii_isdigit(tmp[d]))
			d++;
	}
	if (d + 1 == z && (tmp[d] == '%' || tmp[d] == 0x20AC)) {
		w->sign = idx[d];
		return;
	}
	if (a == 0 && z == n && (d == z || ordinal_suffix(tmp + d, z - d)))
		w->number = true;
}

/* Finds the runs of digit groups "01 43 93 91 28" (phone: U+00A0 between the
 * groups) and "10 000" (thousands: U+202F between them). */
static void digit_groups(word *w, size_t nw)
{
	for (size_t i = 0; i < nw;) {
		size_t j = i;
		if (w[i].group && !w[i].group_trail)
			while (j + 1 < nw && is_hspace(w[j].sep) && !w[j].group_trail &&
			       w[j + 1].group && !w[j + 1].group_lead && !w[j + 1].group_plus)
				j++;
		size_t count = j - i + 1;
		if (count >= 2) {
			bool thousands = !w[i].group_plus && w[i].group <= 3;
			bool phone = count >= 4;
			for (size_t k = i + 1; k <= j; k++) {
				thousands = thousands && w[k].group == 3;
				phone = phone && w[k].group <= 2;
			}
			if (thousands || phone) {
				for (size_t k = i; k < j; k++)
					w[k].new_sep = thousands ? NNBSP : NBSP;
				for (size_t k = i; k <= j; k++)
					w[k].phone = phone;
			}
		}
		i = j + 1;
	}
}

/* Splits s into words (runs between spaces and newlines), classified; the
 * characters before the first word go to o. */
static GArray *split_words(const ubuf *s, ubuf *o)
{
	GArray *words = g_array_new(FALSE, TRUE, sizeof(word));
	size_t i = 0;

	while (i < s->len && (is_hspace(s->c[i]) || s->c[i] == '\n'))
		push_p(o, s->c[i], s->prot[i]), i++;
	while (i < s->len) {
		word w = { .start = i };
		while (i < s->len && !is_hspace(s->c[i]) && s->c[i] != '\n')
			i++;
		w.end = i;
		if (i < s->len)
			w.sep = s->c[i];
		/* the separator must be a single character to be replaced */
		if (w.sep && i + 1 < s->len && (is_hspace(s->c[i + 1]) || s->c[i + 1] == '\n'))
			w.sep = '\n';
		classify(s, &w);
		g_array_append_val(words, w);
		while (i < s->len && (is_hspace(s->c[i]) || s->c[i] == '\n'))
			i++;
	}
	return words;
}

/* Copies s to o word by word: each word's characters (with U+00A0 inserted
 * around the 'h' of "8h30" and before the sign of "50%" when times is true),
 * then its separator, replaced by new_sep if set. */
static void write_words(const ubuf *s, const word *w, size_t nw, bool times, ubuf *o)
{
	for (size_t k = 0; k < nw; k++) {
		for (size_t j = w[k].start; j < w[k].end; j++) {
			gssize jj = (gssize)j;
			if (times && (jj == w[k].time_h || jj == w[k].sign))
				push(o, NBSP);
			push_p(o, s->c[j], s->prot[j]);
			if (times && jj == w[k].time_h && j + 1 < w[k].end &&
			    g_ascii_isdigit(s->c[j + 1]))
				push(o, NBSP);
		}
		size_t e = k + 1 < nw ? w[k + 1].start : s->len;
		for (size_t j = w[k].end; j < e; j++) {
			gunichar c = s->c[j];
			if (j == w[k].end && w[k].new_sep && k + 1 < nw)
				c = w[k].new_sep;
			push_p(o, c, s->prot[j]);
		}
	}
}

/* French: "8h30" → "8 h 30", "50%" → "50 %" (U+00A0). Done before pass_words,
 * so that it sees the words these make. */
static void pass_times(const ubuf *s, ubuf *o)
{
	GArray *words = split_words(s, o);
	write_words(s, (const word *)(const void *)words->data, words->len, true, o);
	g_array_unref(words);
}

/* Whether word w of s is a word a number does not bind to: a preposition, an
 * article or a conjunction ("2017 de", "30 à", "2016 et"). Those may begin a
 * line; "3 octobre", "8 h", "12 rue", "500 personnes" may not be split. */
static bool function_word(const ubuf *s, const word *w)
{
	GString *u = g_string_new(NULL);
	for (size_t i = w->start; i < w->end; i++)
		g_string_append_unichar(u, s->c[i]);
	tr_phrase_break k = tr_phrase_break_after(u->str, u->len, TR_LANG_FR);
	g_string_free(u, TRUE);
	return k == TR_PHRASE_BAD || k == TR_PHRASE_WEAK;
}

/* The spaces between words: digit groups, and in French U+00A0 after a
 * one-letter word and between a number and the word it counts. */
static void pass_words(const ubuf *s, ubuf *o, tr_lang lang)
{
	GArray *words = split_words(s, o);
	word *w = (word *)(void *)words->data;
	size_t nw = words->len;

	digit_groups(w, nw);
	if (lang == TR_LANG_FR) {
		for (size_t k = 0; k + 1 < nw; k++) {
			if (w[k].new_sep || w[k].sep != ' ')
				continue;
			if (w[k].letter1 || (w[k].number && !w[k].phone && w[k + 1].starts_word &&
			                     !function_word(s, &w[k + 1])))
				w[k].new_sep = NBSP;
		}
	}
	write_words(s, w, nw, false, o);
	g_array_unref(words);
}

/* ---- tr_typo_apply ---------------------------------------------------------- */

char *tr_typo_apply(const char *text, tr_lang lang)
{
	g_return_val_if_fail(text != NULL, NULL);
	char *valid = g_utf8_make_valid(text, -1);
	char *nfc = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
	g_free(valid);
	glong n = 0;
	gunichar *u = g_utf8_to_ucs4_fast(nfc ? nfc : "", -1, &n);
	g_free(nfc);

	ubuf a, b;
	ubuf_init(&a, (size_t)n + 1);
	for (glong i = 0; i < n; i++)
		push(&a, u[i]);
	g_free(u);

	protect_urls(&a);
	ubuf_init(&b, a.len + 16);
	pass_spaces(&a, &b);
	a.len = 0;
	pass_chars(&b, &a, lang);
	b.len = 0;
	ubuf *res = &b;
	if (lang == TR_LANG_FR) {
		pass_times(&a, &b);
		a.len = 0;
		pass_words(&b, &a, lang);
		res = &a;
	} else {
		pass_words(&a, &b, lang);
	}

	char *r = g_ucs4_to_utf8(res->c, (glong)res->len, NULL, NULL, NULL);
	ubuf_clear(&a);
	ubuf_clear(&b);
	return r ? r : g_strdup("");
}

/* ---- paragraphs --------------------------------------------------------------- */

char **tr_typo_paragraphs(const char *text)
{
	g_return_val_if_fail(text != NULL, NULL);
	GPtrArray *paras = g_ptr_array_new();
	GString *cur = g_string_new(NULL);
	const char *p = text;

	for (;;) {
		const char *eol = p + strcspn(p, "\r\n");
		/* trim the line's spaces (ASCII and Unicode) */
		const char *a = p, *z = eol;
		while (a < z && g_unichar_isspace(g_utf8_get_char(a)))
			a = g_utf8_next_char(a);
		while (z > a) {
			const char *q = g_utf8_prev_char(z);
			if (!g_unichar_isspace(g_utf8_get_char(q)))
				break;
			z = q;
		}
		if (z > a) {
			if (cur->len)
				g_string_append_c(cur, ' ');
			g_string_append_len(cur, a, z - a);
		} else if (cur->len) {
			g_ptr_array_add(paras, g_string_free(cur, FALSE));
			cur = g_string_new(NULL);
		}
		if (!*eol)
			break;
		p = eol + (eol[0] == '\r' && eol[1] == '\n' ? 2 : 1);
	}
	if (cur->len)
		g_ptr_array_add(paras, g_string_free(cur, FALSE));
	else
		g_string_free(cur, TRUE);
	g_ptr_array_add(paras, NULL);
	return (char **)g_ptr_array_free(paras, FALSE);
}

/* Characters that print nothing although Unicode does not call them spaces or
 * format characters: the Hangul fillers, the Mongolian and variation
 * selectors, the combining grapheme joiner, the Khmer inherent vowels, the
 * blank braille pattern (Unicode's Default_Ignorable_Code_Point, and U+2800). */
static bool prints_nothing(gunichar c)
{
	return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 ||
	       (c >= 0x180B && c <= 0x180F) || c == 0x2800 || c == 0x3164 ||
	       (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFFA0 || (c >= 0xE0000 && c <= 0xE0FFF);
}

bool tr_typo_char_has_ink(gunichar c)
{
	switch (g_unichar_type(c)) {
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_UNASSIGNED:
	case G_UNICODE_PRIVATE_USE:
	case G_UNICODE_SURROGATE:
	case G_UNICODE_SPACE_SEPARATOR:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR:
		return false;
	default:
		return !prints_nothing(c);
	}
}

bool tr_typo_has_ink(const char *text)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p))
		if (tr_typo_char_has_ink(g_utf8_get_char(p)))
			return true;
	return false;
}
