/* layoutdesc.c — layouts/NAME.yaml → tr_layoutdesc.
 *
 * The file is read into a tr_ynode tree by ytree.c, then walked once. Keys are
 * mapped to their parsers through tables (keydesc): a row names the key, the kind
 * of value, where the value goes and its allowed range. Text styles are read
 * into "partial" styles (values plus which of them were given), chained through
 * `base:`, then completed with the built-in defaults, so the engine only ever
 * sees fully resolved tr_textstyle values.
 *
 * Every problem is reported with its position and the walk goes on; the result
 * is NULL when any error was found.
 */
#include "load/layoutdesc.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "layout/compose.h"
#include "load/ytree.h"
#include "i18n.h"

#define FORMAT_VERSION 1
#define MAX_PAGES 16
#define MAX_STACK_FRAMES 32
/* Limits that keep any layout under the 1 MiB limit fast (docs/robustness.md:
 * 20 000 frames ran for minutes): items on a page (rectangles, rules, frames,
 * stacks), text frames in the whole layout (those of stacks included), styles
 * based one on another. */
#define MAX_PAGE_ITEMS 100
#define MAX_TEXT_FRAMES 128
#define MAX_BASE_DEPTH 16
#define DEFAULT_GAP 4.0      /* mm between the frames of a stack */
#define MAX_PAGE_SIZE 2000.0 /* mm */
#define MAX_NAME 64          /* characters of a layout, page or item name, a font family */
#define MAX_SUGGESTIONS 100  /* "did you mean" looked for in one file */
#define EPSILON 1e-9         /* slack for sums such as x + w */
#define MAX_DERIVED 8        /* layouts made from layouts made from ... */

/* ---------------------------------------------------------------------------
 * Names
 */

static const char *const item_kind_names[TR_ITEM__MAX] = { "rect", "rule", "text",
	                                                   "stack", "image", "qr" };
static const char *const item_kind_words[] = { "rect", "rule", "text", "stack", "image", "qr",
	                                        NULL };
/* What messages call an item of each kind. */
/* TRANSLATORS: item kinds of a layout, as a message names one ("frame
 * \"title\" has a zero width"): translate with the article when the language
 * needs one. */
static const char *const item_nouns[TR_ITEM__MAX] = { N_("rectangle"), N_("rule"), N_("frame"),
	                                               N_("stack"), N_("image"), N_("QR code") };
static const char *const fit_names[TR_FIT__MAX] = { "contain", "cover" };

static const char *const align_names[TR_ALIGN__MAX] = { "left", "center", "right",
	                                                 "justify" };
static const char *const valign_names[TR_VALIGN__MAX] = { "top", "middle", "bottom",
	                                                   "spread" };

/* A word a user may write for an enumerated value. */
typedef struct {
	const char *word;
	int value;
} enum_word;

/* A set of words with a readable list of the main ones for messages. */
typedef struct {
	const enum_word *words;
	const char *const *suggest; /* NULL-terminated, for tr_suggest */
	const char *choices;        /* "left, center, right or justify" */
} enum_desc;

static const enum_word align_words[] = {
	{ "left", TR_ALIGN_LEFT },     { "center", TR_ALIGN_CENTER },
	{ "centre", TR_ALIGN_CENTER }, { "right", TR_ALIGN_RIGHT },
	{ "justify", TR_ALIGN_JUSTIFY }, { NULL, 0 }
};
static const char *const align_suggest[] = { "left", "center", "centre", "right",
	                                      "justify", NULL };
static const enum_desc align_enum = { align_words, align_suggest,
	                              "left, center, right or justify" };

static const enum_word valign_words[] = {
	{ "top", TR_VALIGN_TOP }, { "middle", TR_VALIGN_MIDDLE },
	{ "bottom", TR_VALIGN_BOTTOM }, { "spread", TR_VALIGN_SPREAD }, { NULL, 0 }
};
static const char *const valign_suggest[] = { "top", "middle", "bottom", "spread", NULL };
static const enum_desc valign_enum = { valign_words, valign_suggest,
	                               "top, middle, bottom or spread (stacks)" };

static const enum_word weight_words[] = {
	{ "thin", 100 },     { "extralight", 200 }, { "light", 300 },
	{ "regular", 400 },  { "normal", 400 },     { "medium", 500 },
	{ "semibold", 600 }, { "bold", 700 },       { "extrabold", 800 },
	{ "black", 900 },    { NULL, 0 }
};
static const char *const weight_suggest[] = { "thin", "extralight", "light", "regular",
	                                       "normal", "medium", "semibold", "bold",
	                                       "extrabold", "black", NULL };

static const enum_word fit_words[] = {
	{ "contain", TR_FIT_CONTAIN }, { "cover", TR_FIT_COVER }, { NULL, 0 }
};
static const char *const fit_suggest[] = { "contain", "cover", NULL };
static const enum_desc fit_enum = { fit_words, fit_suggest, "contain or cover" };

static const char *const layout_kinds[] = { "tract", "poster", NULL };

/* ---------------------------------------------------------------------------
 * Key tables
 */

typedef enum {
	V_NUMBER, /* double, range [min, max] (min exclusive when min_excl) */
	V_COUNT,  /* int >= 0, range [min, max] */
	V_BOOL,
	V_STRING, /* owned char *, not empty */
	V_COLOUR, /* tr_rgb: "#hex" or a name from colours: */
	V_WEIGHT, /* int 100..900 or a weight name */
	V_SIZE,   /* double at off, double at off2: one number or [min, max] */
	V_COUNTS, /* int at off2 (the least), int at off: one whole number or [min, max] */
	V_ALIGN,
	V_VALIGN,
	V_FIELD,  /* tr_binding, not TR_BIND_NONE */
	V_FIT,    /* tr_fit */
	V_CONDS   /* tr_cond[TR_MAX_CONDS]: "FIELD", "no FIELD", or a list of them */
} vtype;

typedef struct {
	const char *key;
	vtype type;
	size_t off;
	double min, max;
	bool min_excl;
	const char *unit;  /* "mm", "pt", "em" or NULL */
	const char *noun;  /* V_STRING: what the value is, for messages */
	size_t off2;       /* V_SIZE: where the maximum goes; V_COUNTS: the minimum */
} keydesc;

/* Style properties; the order is the index into partial.set. */
enum {
	P_FONT, P_WEIGHT, P_ITALIC, P_SIZE, P_LEADING, P_TRACKING, P_PARA_SPACE,
	P_COLOUR, P_ACCENT, P_HEADING_FONT, P_HEADING_WEIGHT, P_STRONG_WEIGHT,
	P_ALIGN, P_VALIGN, P_UPPERCASE, P_HYPHENATE, P_BALANCE, P_MAX_LINES, P_FLOOR,
	P_READ_FROM, P_GROW_LINES, P__MAX
};

#define S(field) offsetof(tr_textstyle, field)
static const keydesc style_keys[P__MAX] = {
	[P_FONT] = { "font", V_STRING, S(font), .noun = N_("a font family name") },
	[P_WEIGHT] = { "weight", V_WEIGHT, S(weight) },
	[P_ITALIC] = { "italic", V_BOOL, S(italic) },
	[P_SIZE] = { "size", V_SIZE, S(size_min), 1, 1000, .unit = "pt",
	             .off2 = S(size_max) },
	[P_LEADING] = { "leading", V_NUMBER, S(leading), 0.7, 3 },
	[P_TRACKING] = { "tracking", V_NUMBER, S(tracking), -0.2, 1, .unit = "em" },
	[P_PARA_SPACE] = { "paragraph-space", V_NUMBER, S(para_space), 0, 5, .unit = "em" },
	[P_COLOUR] = { "colour", V_COLOUR, S(colour) },
	[P_ACCENT] = { "accent", V_COLOUR, S(accent) },
	[P_HEADING_FONT] = { "heading-font", V_STRING, S(heading_font),
	                     .noun = N_("a font family name") },
	[P_HEADING_WEIGHT] = { "heading-weight", V_WEIGHT, S(heading_weight) },
	[P_STRONG_WEIGHT] = { "strong-weight", V_WEIGHT, S(strong_weight) },
	[P_ALIGN] = { "align", V_ALIGN, S(align) },
	[P_VALIGN] = { "valign", V_VALIGN, S(valign) },
	[P_UPPERCASE] = { "uppercase", V_BOOL, S(uppercase) },
	[P_HYPHENATE] = { "hyphenate", V_BOOL, S(hyphenate) },
	[P_BALANCE] = { "balance", V_BOOL, S(balance) },
	[P_MAX_LINES] = { "max-lines", V_COUNT, S(max_lines), 0, 1000 },
	[P_FLOOR] = { "floor", V_NUMBER, S(floor), 1, 1000, .unit = "pt" },
	[P_READ_FROM] = { "read-from", V_NUMBER, S(read_from), 0, 100, true, "m" },
	[P_GROW_LINES] = { "grow-lines", V_COUNT, S(grow_lines), 0, 1000 },
};
#undef S

#define I(field) offsetof(tr_item, field)
static const keydesc item_keys[] = {
	{ "x", V_NUMBER, I(x), -INFINITY, INFINITY, .unit = "mm" },
	{ "y", V_NUMBER, I(y), -INFINITY, INFINITY, .unit = "mm" },
	{ "w", V_NUMBER, I(w), -INFINITY, INFINITY, .unit = "mm" },
	{ "h", V_NUMBER, I(h), -INFINITY, INFINITY, .unit = "mm" },
	{ "colour", V_COLOUR, I(colour) },
	{ "width", V_NUMBER, I(line_width), 0, 100, true, "pt" },
	{ "bleed", V_BOOL, I(bleed) },
	{ "if", V_CONDS, I(when) },
	{ "id", V_STRING, I(id), .noun = N_("a name") },
	{ "field", V_FIELD, I(field) },
	{ "gap", V_NUMBER, I(gap), 0, 100, .unit = "mm" },
	{ "valign", V_VALIGN, I(style.valign) },
	{ "align", V_ALIGN, I(style.align) },
	{ "fit", V_FIT, I(fit) },
	{ "above", V_FIELD, I(above) },
	{ "copy", V_BOOL, I(copy) },
	{ "columns", V_COUNTS, I(columns), 1, 4, .off2 = I(columns_min) },
	{ "gutter", V_NUMBER, I(gutter), 0, 100, .unit = "mm" },
	{ "background", V_COLOUR, I(background) },
	{ "padding", V_SIZE, I(padding), 0, 100, .unit = "mm", .off2 = I(padding_max) },
	{ "optional", V_BOOL, I(optional) },
};
#undef I
enum { K_X, K_Y, K_W, K_H, K_COLOUR, K_WIDTH, K_BLEED, K_IF, K_ID, K_FIELD, K_GAP, K_VALIGN,
       K_ALIGN, K_FIT, K_ABOVE, K_COPY, K_COLUMNS, K_GUTTER, K_BACKGROUND, K_PADDING,
       K_OPTIONAL, K__MAX };

#define L(field) offsetof(tr_layoutdesc, field)
static const keydesc page_size_keys[] = {
	{ "width", V_NUMBER, L(width), 0, MAX_PAGE_SIZE, true, "mm" },
	{ "height", V_NUMBER, L(height), 0, MAX_PAGE_SIZE, true, "mm" },
};
#undef L

/* Keys each mapping accepts (for unknown-key messages). "color" and "colors"
 * are accepted everywhere as synonyms; canon() folds them. */
static const char *const top_keys[] = { "layout", "name", "kind", "page", "safe",
	                                 "colours", "colors", "fonts", "system-fonts", "styles",
	                                 "pages", "mono", "from", NULL };
/* A layout made from another one ("from:") gives only these; "pages" and
 * "styles" are there for a message of their own. */
static const char *const derived_keys[] = { "layout", "name", "kind", "from", "page", "safe",
	                                     "text-scale", "colours", "colors", "fonts",
	                                     "system-fonts", "mono", "pages", "styles", NULL };
static const char *const page_size_words[] = { "width", "height", NULL };
static const char *const page_keys[] = { "name", "items", NULL };
static const char *const rect_keys[] = { "x", "y", "w", "h", "colour", "color", "bleed",
	                                  "if", "above", "gap", "id", NULL };
static const char *const rule_keys[] = { "x", "y", "w", "h", "width", "colour", "color",
	                                  "if", "above", "gap", "id", NULL };
static const char *const stack_keys[] = { "x", "y", "w", "h", "gap", "valign", "if", "id",
	                                   "items", NULL };
static const char *const image_keys[] = { "field", "x", "y", "w", "h", "fit", "align",
	                                   "valign", "bleed", "if", "id", NULL };
static const char *const qr_keys[] = { "x", "y", "w", "h", "colour", "color", "align", "valign",
	                                "if", "id", NULL };
/* Text items also take every style property (built at run time). */
static const char *const text_own_keys[] = { "field", "style", "x", "y", "w", "h", "if",
	                                      "above", "gap", "copy", "columns",
	                                      "gutter", "background", "padding", "optional",
	                                      "id", NULL };
/* The same in a stack, which places its frames itself ("y" and "h" are errors). */
static const char *const stacked_own_keys[] = { "field", "style", "x", "w", "if", "id",
	                                         "copy", "columns", "gutter",
	                                         "background", "padding", "optional",
	                                         NULL };

/* ---------------------------------------------------------------------------
 * Loader state
 */

/* A style as written: the values given, and which were given. Owns its strings. */
typedef struct {
	tr_textstyle s;
	bool set[P__MAX];
} partial;

typedef enum { ST_NEW, ST_RESOLVING, ST_DONE, ST_BROKEN } style_state;

/* What a load takes beyond the file (tr_layout_opts, and what a layout made
 * from this one gives). */
typedef struct {
	const tr_identity *identity; /* replaces what the layout names; others left aside */
	const tr_identity *own;      /* a derived layout's colours and fonts: each must
	                              * be one the layout names */
	const char *standard_dir;
	int depth;                   /* layouts made from layouts, so far */
} load_opts;

typedef struct {
	const char *name;      /* borrowed from the tree */
	const tr_ynode *base;  /* value of `base:`, or NULL */
	partial own;
	partial resolved;      /* own on top of the base chain */
	style_state state;
} style_def;

typedef struct {
	const char *file;
	tr_diag *d;
	GPtrArray *scratch;      /* strings made for messages, freed at the end */
	GHashTable *colours;     /* name (borrowed) → tr_rgb * (owned) */
	GPtrArray *colour_names; /* borrowed, NULL-terminated */
	GHashTable *styles;      /* name (borrowed) → style_def * (owned) */
	GPtrArray *style_order;  /* style_def *, in file order */
	GPtrArray *style_names;  /* borrowed, NULL-terminated */
	GPtrArray *style_words;  /* keys a style accepts, NULL-terminated */
	GPtrArray *text_words;   /* keys a text item accepts, NULL-terminated */
	GHashTable *text_ids;    /* id (borrowed from the result) → tr_pos * (owned) */
	GHashTable *fonts;       /* named fonts: name (borrowed) → family (borrowed) */
	GPtrArray *font_names;   /* borrowed, in file order */
	int suggestions;         /* "did you mean" looked for so far */
	bool sized;              /* the page size is known: frames can be checked */
} ctx;

static void style_def_free(gpointer p);

/* Reports an error at pos in the layout file. */
static void G_GNUC_PRINTF(3, 4) fail(ctx *c, tr_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tr_diag_addv(c->d, TR_SEV_ERROR, c->file, pos, fmt, ap);
	va_end(ap);
}

/* Keeps s until the end of the load and returns it (for message arguments). */
static const char *keep(ctx *c, char *s)
{
	g_ptr_array_add(c->scratch, s);
	return s;
}

/* A number as messages and dumps print it, whatever the locale: "148", "1.35". */
static char *format_number(double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (v == 0)
		v = 0; /* no "-0" */
	return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.6g", v));
}

static const char *num(ctx *c, double v)
{
	return keep(c, format_number(v));
}

/* How a value is named in a message: "big" in quotes, or "a list". */
static const char *describe(ctx *c, const tr_ynode *v)
{
	/* TRANSLATORS: a value found, as in "\"size\" must be a number, not a list" */
	if (v->kind == TR_YNODE_SEQ)
		return C_("value", "a list");
	if (v->kind == TR_YNODE_MAP)
		return C_("value", "a mapping");
	if (g_utf8_strlen(v->value, -1) > 40) {
		char *head = g_utf8_substring(v->value, 0, 37);
		char *s = g_strdup_printf("\"%s...\"", head);
		g_free(head);
		return keep(c, s);
	}
	return keep(c, g_strdup_printf("\"%s\"", v->value));
}

/* " (did you mean "x"?)" or "". Looked for MAX_SUGGESTIONS times a file at most:
 * past that many errors no one reads them, and a file of thousands of unknown
 * names among thousands of colours took 10 s. */
static const char *did_you_mean(ctx *c, const char *word, const char *const *allowed)
{
	const char *s = allowed && c->suggestions++ < MAX_SUGGESTIONS ? tr_suggest(word, allowed)
	                                                               : NULL;
	if (!s)
		return "";
	return keep(c, g_strdup_printf(_(" (did you mean \"%s\"?)"), tr_diag_quote(s).s));
}

/* The canonical spelling of a key: American synonyms fold to British. */
static const char *canon(const char *key)
{
	if (strcmp(key, "color") == 0)
		return "colour";
	if (strcmp(key, "colors") == 0)
		return "colours";
	return key;
}

static bool in_list(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(word, *list) == 0)
			return true;
	return false;
}

/* The value of key (or of its synonym) in map, or NULL. */
static const tr_ynode *get(const tr_ynode *map, const char *key)
{
	if (!map || map->kind != TR_YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(canon(map->keys[i]->value), key) == 0)
			return map->items[i];
	return NULL;
}

static void partial_clear(partial *p)
{
	g_free(p->s.font);
	g_free(p->s.heading_font);
	memset(p, 0, sizeof *p);
}

/* Copies every value given in src over dst. */
static void partial_merge(partial *dst, const partial *src)
{
	for (int i = 0; i < P__MAX; i++) {
		if (!src->set[i])
			continue;
		const keydesc *k = &style_keys[i];
		char *to = (char *)&dst->s + k->off;
		const char *from = (const char *)&src->s + k->off;
		switch (k->type) {
		case V_STRING:
			g_free(*(char **)to);
			*(char **)to = g_strdup(*(char *const *)from);
			break;
		case V_SIZE:
			dst->s.size_min = src->s.size_min;
			dst->s.size_max = src->s.size_max;
			break;
		case V_NUMBER:
			*(double *)to = *(const double *)from;
			break;
		case V_COUNT:
		case V_WEIGHT:
			*(int *)to = *(const int *)from;
			break;
		case V_BOOL:
			*(bool *)to = *(const bool *)from;
			break;
		case V_COLOUR:
			*(tr_rgb *)to = *(const tr_rgb *)from;
			break;
		case V_ALIGN:
			*(tr_align *)to = *(const tr_align *)from;
			break;
		case V_VALIGN:
			*(tr_valign *)to = *(const tr_valign *)from;
			break;
		case V_FIELD:
			*(tr_binding *)to = *(const tr_binding *)from;
			break;
		case V_FIT:
			*(tr_fit *)to = *(const tr_fit *)from;
			break;
		case V_CONDS:
		case V_COUNTS:
			break; /* not a style property */
		}
		dst->set[i] = true;
	}
}

/* ---------------------------------------------------------------------------
 * Values
 */

/* Parses a plain decimal number ("12", "-3.5", "1e2"); no hex, inf or nan. */
static bool parse_double(const char *s, double *out)
{
	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
		return false;
	char *end = NULL;
	errno = 0;
	double v = g_ascii_strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* " in millimetres" for messages. */
static const char *unit_phrase(const char *unit)
{
	if (!unit)
		return "";
	if (strcmp(unit, "mm") == 0)
		return " in millimetres";
	if (strcmp(unit, "pt") == 0)
		return " in points";
	return " in em";
}

/* Checks v against the row's range; reports "must be between" on failure. */
static bool check_range(ctx *c, const keydesc *k, const char *key, tr_pos pos, double v)
{
	bool low = k->min_excl ? v <= k->min : v < k->min;
	if (!low && v <= k->max)
		return true;
	const char *u = k->unit ? keep(c, g_strdup_printf(" %s", k->unit)) : "";
	if (isinf(k->max))
		fail(c, pos, _("\"%s\" must be %s%s%s, not %s"), key,
		     k->min_excl ? _("more than ") : "", num(c, k->min), k->min_excl ? "" : _(" or more"),
		     num(c, v));
	else if (k->min_excl)
		fail(c, pos, _("\"%s\" must be more than %s and at most %s%s, not %s"), key,
		     num(c, k->min), num(c, k->max), u, num(c, v));
	else
		fail(c, pos, _("\"%s\" must be between %s and %s%s, not %s"), key, num(c, k->min),
		     num(c, k->max), u, num(c, v));
	return false;
}

/* Reads a number for key; reports a wrong type. */
static bool get_number(ctx *c, const char *key, const tr_ynode *v, const char *unit,
                       double *out)
{
	if (v->kind == TR_YNODE_SCALAR && parse_double(v->value, out))
		return true;
	fail(c, v->pos, _("\"%s\" must be a number%s, not %s"), key, unit_phrase(unit),
	     describe(c, v));
	return false;
}

/* Looks word up in an enumeration; reports it with the choices on failure. */
static bool get_enum(ctx *c, const char *key, const tr_ynode *v, const enum_desc *e,
                     int *out)
{
	if (v->kind == TR_YNODE_SCALAR)
		for (const enum_word *w = e->words; w->word; w++)
			if (strcmp(v->value, w->word) == 0) {
				*out = w->value;
				return true;
			}
	fail(c, v->pos, _("\"%s\" must be %s, not %s%s"), key, e->choices, describe(c, v),
	     v->kind == TR_YNODE_SCALAR ? did_you_mean(c, v->value, e->suggest) : "");
	return false;
}

/* Reads a colour: "#hex" or a name from colours: ("paper" is always known). */
static bool get_colour(ctx *c, const char *key, const tr_ynode *v, tr_rgb *out)
{
	if (v->kind != TR_YNODE_SCALAR) {
		fail(c, v->pos, _("\"%s\" must be a colour name or \"#rrggbb\", not %s"), key,
		     describe(c, v));
		return false;
	}
	if (v->value[0] == '#') {
		if (tr_rgb_parse(v->value, out))
			return true;
		fail(c, v->pos, _("bad colour %s: write \"#rrggbb\" or \"#rgb\""), describe(c, v));
		return false;
	}
	const tr_rgb *named = g_hash_table_lookup(c->colours, v->value);
	if (named) {
		*out = *named;
		return true;
	}
	if (strcmp(v->value, "paper") == 0) {
		*out = (tr_rgb){ 1, 1, 1 };
		return true;
	}
	const char *hint = did_you_mean(c, v->value, (const char *const *)c->colour_names->pdata);
	if (*hint)
		fail(c, v->pos, _("unknown colour %s%s"), describe(c, v), hint);
	else
		fail(c, v->pos, _("unknown colour %s: name one from \"colours\" or write \"#rrggbb\""),
		     describe(c, v));
	return false;
}

/* Reads a field name; reports an unknown one with a suggestion. */
static bool get_field(ctx *c, const tr_ynode *v, tr_binding *out)
{
	if (v->kind == TR_YNODE_SCALAR && tr_binding_from_name(v->value, out))
		return true;
	if (v->kind != TR_YNODE_SCALAR) {
		fail(c, v->pos, _("a field must be a name such as title or body, not %s"),
		     describe(c, v));
		return false;
	}
	const char *const *field_words = tr_binding_words();
	const char *hint = did_you_mean(c, v->value, field_words);
	if (*hint)
		fail(c, v->pos, _("unknown field %s%s"), describe(c, v), hint);
	else
		fail(c, v->pos, _("unknown field %s: the fields are %s"), describe(c, v),
		     keep(c, g_strjoinv(", ", (char **)field_words)));
	return false;
}

/* Reads the conditions of "if": a field ("quote"), the absence of one ("no
 * qr"), or a list of them, all of which must hold ("[logo, no qr]"). */
static bool get_conds(ctx *c, const tr_ynode *v, tr_cond *out)
{
	const tr_ynode *const *items = &v;
	size_t n = 1;
	if (v->kind == TR_YNODE_SEQ) {
		items = (const tr_ynode *const *)v->items;
		n = v->n;
		if (n == 0 || n > TR_MAX_CONDS) {
			fail(c, v->pos, _("\"if\" takes 1 to %d conditions, not %zu"), TR_MAX_CONDS, n);
			return false;
		}
	}
	tr_cond conds[TR_MAX_CONDS] = { { TR_BIND_NONE, false } };
	for (size_t i = 0; i < n; i++) {
		const tr_ynode *f = items[i];
		if (f->kind != TR_YNODE_SCALAR) {
			fail(c, f->pos, _("\"if\" takes a field (quote), its absence (no quote) or a "
			       "list of them, not %s"), describe(c, f));
			return false;
		}
		tr_ynode plain = *f;
		conds[i].negated = g_str_has_prefix(f->value, "no ");
		if (conds[i].negated) {
			plain.value = (char *)f->value + 3;
			plain.len = strlen(plain.value);
			plain.pos.col += 3;
		}
		if (!get_field(c, &plain, &conds[i].field))
			return false;
	}
	memcpy(out, conds, sizeof conds);
	return true;
}

/* Reads a weight: 100..900 or a name. */
static bool get_weight(ctx *c, const char *key, const tr_ynode *v, int *out)
{
	double w;
	if (v->kind == TR_YNODE_SCALAR && parse_double(v->value, &w)) {
		if (w != floor(w) || w < 100 || w > 900) {
			fail(c, v->pos, _("\"%s\" must be a whole number between 100 and 900, not %s"),
			     key, num(c, w));
			return false;
		}
		*out = (int)w;
		return true;
	}
	if (v->kind == TR_YNODE_SCALAR)
		for (const enum_word *ew = weight_words; ew->word; ew++)
			if (strcmp(v->value, ew->word) == 0) {
				*out = ew->value;
				return true;
			}
	fail(c, v->pos, _("\"%s\" must be 100 to 900 or a name (thin, light, regular, medium, "
	       "semibold, bold, black...), not %s%s"), key, describe(c, v),
	     v->kind == TR_YNODE_SCALAR ? did_you_mean(c, v->value, weight_suggest) : "");
	return false;
}

/* Reads a size: one number (fixed) or [min, max], in points. */
static bool get_size(ctx *c, const keydesc *k, const char *key, const tr_ynode *v,
                     double *min, double *max)
{
	const tr_ynode *lo = v, *hi = v;
	if (v->kind == TR_YNODE_SEQ && v->n == 2) {
		lo = v->items[0];
		hi = v->items[1];
	}
	double a, b;
	bool mm = k->unit && strcmp(k->unit, "mm") == 0;
	if (lo->kind != TR_YNODE_SCALAR || hi->kind != TR_YNODE_SCALAR ||
	    !parse_double(lo->value, &a) || !parse_double(hi->value, &b)) {
		if (mm)
			fail(c, v->pos, _("\"%s\" must be a number of millimetres or [min, max], "
			       "not %s"), key, describe(c, v));
		else
			fail(c, v->pos, _("\"%s\" must be a number of points or [min, max], not %s"),
			     key, describe(c, v));
		return false;
	}
	if (!check_range(c, k, key, lo->pos, a) || (hi != lo && !check_range(c, k, key, hi->pos, b)))
		return false;
	if (a > b) {
		if (mm)
			fail(c, v->pos, _("\"%s\" has its minimum (%s mm) above its maximum (%s mm)"),
			     key, num(c, a), num(c, b));
		else
			fail(c, v->pos, _("\"%s\" has its minimum (%s pt) above its maximum (%s pt)"),
			     key, num(c, a), num(c, b));
		return false;
	}
	*min = a;
	*max = b;
	return true;
}

/* Reads a count: one whole number, or [min, max] for the engine to choose. */
static bool get_counts(ctx *c, const keydesc *k, const char *key, const tr_ynode *v, int *min,
                       int *max)
{
	const tr_ynode *lo = v, *hi = v;
	if (v->kind == TR_YNODE_SEQ && v->n == 2) {
		lo = v->items[0];
		hi = v->items[1];
	}
	double a, b;
	if (lo->kind != TR_YNODE_SCALAR || hi->kind != TR_YNODE_SCALAR ||
	    !parse_double(lo->value, &a) || !parse_double(hi->value, &b) || a != floor(a) ||
	    b != floor(b)) {
		fail(c, v->pos, _("\"%s\" must be a whole number or [min, max], not %s"), key,
		     describe(c, v));
		return false;
	}
	if (!check_range(c, k, key, lo->pos, a) || (hi != lo && !check_range(c, k, key, hi->pos, b)))
		return false;
	if (a > b) {
		fail(c, v->pos, _("\"%s\" has its minimum (%s) above its maximum (%s)"), key, num(c, a),
		     num(c, b));
		return false;
	}
	*min = (int)a;
	*max = (int)b;
	return true;
}

/* Reads true or false. */
static bool get_bool(ctx *c, const char *key, const tr_ynode *v, bool *out)
{
	if (v->kind == TR_YNODE_SCALAR && v->style == TR_YSTYLE_PLAIN) {
		if (!g_ascii_strcasecmp(v->value, "true")) {
			*out = true;
			return true;
		}
		if (!g_ascii_strcasecmp(v->value, "false")) {
			*out = false;
			return true;
		}
	}
	fail(c, v->pos, _("\"%s\" must be true or false, not %s"), key, describe(c, v));
	return false;
}

/* Parses the value v of key (row k) into base + k->off. */
static bool parse_value(ctx *c, const keydesc *k, const tr_ynode *key, const tr_ynode *v,
                        void *base)
{
	void *dst = (char *)base + k->off;
	const char *name = key->value;
	double d;

	if (v->kind == TR_YNODE_SCALAR && v->style == TR_YSTYLE_PLAIN && v->len == 0) {
		if (k->type == V_COLOUR)
			fail(c, key->pos, _("\"%s\" has no value (an unquoted # starts a comment: "
			       "write hex colours in quotes, as in \"#c8102e\")"), name);
		else
			fail(c, key->pos, _("\"%s\" has no value"), name);
		return false;
	}
	switch (k->type) {
	case V_NUMBER:
		if (!get_number(c, name, v, k->unit, &d) || !check_range(c, k, name, v->pos, d))
			return false;
		*(double *)dst = d;
		return true;
	case V_COUNT:
		if (!get_number(c, name, v, NULL, &d))
			return false;
		if (d != floor(d)) {
			fail(c, v->pos, _("\"%s\" must be a whole number, not %s"), name, describe(c, v));
			return false;
		}
		if (!check_range(c, k, name, v->pos, d))
			return false;
		*(int *)dst = (int)d;
		return true;
	case V_BOOL:
		return get_bool(c, name, v, dst);
	case V_STRING:
		if (v->kind != TR_YNODE_SCALAR || v->len == 0) {
			fail(c, v->pos, _("\"%s\" must be %s, not %s"), name, _(k->noun), describe(c, v));
			return false;
		}
		if (g_utf8_strlen(v->value, -1) > MAX_NAME) {
			fail(c, v->pos, _("\"%s\" must be %s of at most %d characters, not %s"), name,
			     _(k->noun), MAX_NAME, describe(c, v));
			return false;
		}
		g_free(*(char **)dst);
		*(char **)dst = g_strdup(v->value);
		return true;
	case V_COLOUR:
		return get_colour(c, name, v, dst);
	case V_WEIGHT:
		return get_weight(c, name, v, dst);
	case V_SIZE:
		return get_size(c, k, name, v, dst, (double *)((char *)base + k->off2));
	case V_COUNTS:
		return get_counts(c, k, name, v, (int *)((char *)base + k->off2), dst);
	case V_ALIGN: {
		int a;
		if (!get_enum(c, name, v, &align_enum, &a))
			return false;
		*(tr_align *)dst = (tr_align)a;
		return true;
	}
	case V_VALIGN: {
		int a;
		if (!get_enum(c, name, v, &valign_enum, &a))
			return false;
		*(tr_valign *)dst = (tr_valign)a;
		return true;
	}
	case V_FIELD:
		return get_field(c, v, dst);
	case V_CONDS:
		return get_conds(c, v, dst);
	case V_FIT: {
		int f;
		if (!get_enum(c, name, v, &fit_enum, &f))
			return false;
		*(tr_fit *)dst = (tr_fit)f;
		return true;
	}
	}
	return false;
}

/* Parses every key of map that has a row in tab (and is in only, when given)
 * into dst; set[row] tells which were read. Unknown keys are left to
 * tr_ynode_check_keys. A key given twice through a synonym is an error. */
static void parse_keys(ctx *c, const tr_ynode *map, const keydesc *tab, size_t n_tab,
                       const char *const *only, void *dst, bool *set)
{
	for (size_t i = 0; i < map->n; i++) {
		const char *key = canon(map->keys[i]->value);
		if (only && !in_list(key, only))
			continue;
		for (size_t r = 0; r < n_tab; r++) {
			if (strcmp(key, tab[r].key) != 0)
				continue;
			for (size_t j = 0; j < i; j++)
				if (strcmp(canon(map->keys[j]->value), key) == 0) {
					fail(c, map->keys[i]->pos,
					     _("\"%s\" is given twice (as \"%s\" and \"%s\"): keep one"),
					     key, map->keys[j]->value, map->keys[i]->value);
					goto next;
				}
			if (parse_value(c, &tab[r], map->keys[i], map->items[i], dst))
				set[r] = true;
			break;
		}
	next:;
	}
}

/* Reports each key of `required` missing from map, at the map. */
static bool require_keys(ctx *c, const tr_ynode *map, const char *const *required,
                         const char *what)
{
	bool ok = true;
	for (; *required; required++)
		if (!get(map, *required)) {
			fail(c, map->pos, _("missing key \"%s\" in %s"), *required, what);
			ok = false;
		}
	return ok;
}

/* Checks that v is a mapping; reports "WHAT must be a mapping". */
static bool want_map(ctx *c, const tr_ynode *v, const char *what, const char *example)
{
	if (v->kind == TR_YNODE_MAP)
		return true;
	fail(c, v->pos, _("%s must be a mapping of keys (%s), not %s"), what, example,
	     describe(c, v));
	return false;
}

/* ---------------------------------------------------------------------------
 * Colours and styles
 */

/* Reads colours: name → "#hex". */
static void load_colours(ctx *c, const tr_ynode *map)
{
	if (!want_map(c, map, "\"colours\"", "name: \"#rrggbb\""))
		return;
	for (size_t i = 0; i < map->n; i++) {
		const tr_ynode *v = map->items[i];
		tr_rgb rgb;
		if (v->kind != TR_YNODE_SCALAR || !tr_rgb_parse(v->value, &rgb)) {
			if (v->kind == TR_YNODE_SCALAR && v->len == 0 && v->style == TR_YSTYLE_PLAIN)
				fail(c, map->keys[i]->pos, _("colour \"%s\" has no value (an unquoted # "
				       "starts a comment: write hex colours in quotes, as in "
				       "\"#c8102e\")"), tr_diag_quote(map->keys[i]->value).s);
			else
				fail(c, v->pos, _("bad colour %s for \"%s\": write \"#rrggbb\" or \"#rgb\""),
				     describe(c, v), tr_diag_quote(map->keys[i]->value).s);
			continue;
		}
		g_hash_table_insert(c->colours, map->keys[i]->value, g_memdup2(&rgb, sizeof rgb));
		/* keep the list NULL-terminated */
		c->colour_names->pdata[c->colour_names->len - 1] = map->keys[i]->value;
		g_ptr_array_add(c->colour_names, NULL);
	}
}

/* Reads the black-and-white palette: colour name → grey ("#rrggbb" with equal
 * red, green and blue). */
static void load_mono(ctx *c, const tr_ynode *map, tr_layoutdesc *ld)
{
	if (!want_map(c, map, "\"mono\"", "colour name: \"#444444\""))
		return;
	ld->mono = g_new0(tr_monocolour, map->n ? map->n : 1);
	for (size_t i = 0; i < map->n; i++) {
		const char *name = map->keys[i]->value;
		const tr_ynode *v = map->items[i];
		const tr_rgb *named = g_hash_table_lookup(c->colours, name);
		tr_rgb colour = named ? *named : (tr_rgb){ 1, 1, 1 };
		if (!named && strcmp(name, "ink") == 0)
			colour = (tr_rgb){ 0, 0, 0 };
		else if (!named && strcmp(name, "paper") != 0) {
			const char *hint = did_you_mean(c, name,
			                                (const char *const *)c->colour_names->pdata);
			fail(c, map->keys[i]->pos, _("unknown colour \"%s\" in \"mono\"%s"),
			     tr_diag_quote(name).s,
			     *hint ? hint : _(": name one from \"colours\""));
			continue;
		}
		tr_rgb g;
		if (v->kind != TR_YNODE_SCALAR || !tr_rgb_parse(v->value, &g)) {
			if (v->kind == TR_YNODE_SCALAR && v->len == 0 && v->style == TR_YSTYLE_PLAIN)
				fail(c, map->keys[i]->pos, _("the grey of \"%s\" has no value (an unquoted "
				       "# starts a comment: write it in quotes, as in \"#444444\")"),
				     tr_diag_quote(name).s);
			else
				fail(c, v->pos, _("bad grey %s for \"%s\": write \"#rrggbb\" or \"#rgb\""),
				     describe(c, v), tr_diag_quote(name).s);
			continue;
		}
		if (g.r != g.g || g.g != g.b) {
			fail(c, v->pos, _("the black-and-white colour of \"%s\" must be a grey, with "
			       "equal red, green and blue (as in \"#444444\"), not %s"),
			     tr_diag_quote(name).s,
			     describe(c, v));
			continue;
		}
		ld->mono[ld->n_mono++] = (tr_monocolour){ colour, g.r };
	}
}

/* Reads the named fonts: name → family. */
static void load_fonts(ctx *c, const tr_ynode *map)
{
	if (!want_map(c, map, "\"fonts\"", "name: family, as in display: League Spartan"))
		return;
	for (size_t i = 0; i < map->n; i++) {
		const tr_ynode *v = map->items[i];
		if (v->kind != TR_YNODE_SCALAR || v->len == 0) {
			fail(c, v->len == 0 ? map->keys[i]->pos : v->pos, _("font \"%s\" must be a font "
			       "family, as in \"display: League Spartan\", not %s"), map->keys[i]->value,
			     describe(c, v));
			continue;
		}
		g_hash_table_insert(c->fonts, map->keys[i]->value, v->value);
		g_ptr_array_add(c->font_names, map->keys[i]->value);
	}
}

/* The names of the layout's colours (font false) or fonts, for a message. */
static const char *names_of(ctx *c, bool font)
{
	GString *s = g_string_new(NULL);
	GPtrArray *names = font ? c->font_names : c->colour_names;
	/* colour_names starts with "paper", for suggestions: the layout's own
	 * colours come after it. */
	for (guint i = font ? 0 : 1; i < names->len; i++) {
		const char *n = names->pdata[i];
		if (n && (font || g_hash_table_contains(c->colours, n)))
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", n);
	}
	if (!s->len)
		g_string_append(s, "none");
	return keep(c, g_string_free(s, FALSE));
}

/* Puts the values of id in place of the layout's colours and fonts of the same
 * names. strict: a name the layout does not have is an error (at its place in
 * id's file); otherwise it is left aside. */
static void apply_identity(ctx *c, const tr_identity *id, bool strict)
{
	for (int font = 0; font < 2; font++) {
		const tr_named *list = font ? id->fonts : id->colours;
		size_t n = font ? id->n_fonts : id->n_colours;
		for (size_t i = 0; i < n; i++) {
			const tr_named *nv = &list[i];
			gpointer key;
			bool known = g_hash_table_lookup_extended(font ? c->fonts : c->colours, nv->name,
			                                          &key, NULL);
			tr_rgb rgb;
			if (!known) {
				if (strict)
					tr_diag_add(c->d, TR_SEV_ERROR, nv->file, nv->pos,
					            _("%s \"%s\" is not one of the %s of %s (%s)"),
					            font ? _("font") : _("colour"), nv->name,
					            font ? _("fonts") : _("colours"), c->file, names_of(c, font));
			} else if (font) {
				g_hash_table_insert(c->fonts, key, nv->value);
			} else if (tr_rgb_parse(nv->value, &rgb)) {
				g_hash_table_insert(c->colours, key, g_memdup2(&rgb, sizeof rgb));
			}
		}
	}
}

/* Reads the styles: name → properties, with `base:`. */
static void load_styles(ctx *c, const tr_ynode *map)
{
	if (!want_map(c, map, "\"styles\"", "name: { font: ..., size: ... }"))
		return;
	for (size_t i = 0; i < map->n; i++) {
		const tr_ynode *v = map->items[i];
		style_def *s = g_new0(style_def, 1);
		s->name = map->keys[i]->value;
		g_hash_table_insert(c->styles, (gpointer)s->name, s);
		g_ptr_array_add(c->style_order, s);
		c->style_names->pdata[c->style_names->len - 1] = (gpointer)s->name;
		g_ptr_array_add(c->style_names, NULL);

		char *what = g_strdup_printf(_("style \"%s\""), s->name);
		if (want_map(c, v, keep(c, what), "font, size, colour...")) {
			tr_ynode_check_keys(v, (const char *const *)c->style_words->pdata, what,
			                    c->file, c->d);
			parse_keys(c, v, style_keys, P__MAX, NULL, &s->own.s, s->own.set);
			s->base = get(v, "base");
			if (s->base && (s->base->kind != TR_YNODE_SCALAR || s->base->len == 0)) {
				fail(c, s->base->pos, _("\"base\" must be a style name, not %s"),
				     describe(c, s->base));
				s->state = ST_BROKEN;
			}
		}
	}
}

/* Resolves s on top of its base chain; stack holds the styles being resolved.
 * Returns NULL (reported once) on an unknown base or a loop. */
static const partial *resolve_style(ctx *c, style_def *s, GPtrArray *stack)
{
	if (s->state == ST_DONE)
		return &s->resolved;
	if (s->state == ST_BROKEN)
		return NULL;
	if (!s->base) {
		partial_merge(&s->resolved, &s->own);
		s->state = ST_DONE;
		return &s->resolved;
	}
	const char *bname = s->base->value;
	style_def *b = g_hash_table_lookup(c->styles, bname);
	if (!b) {
		fail(c, s->base->pos, _("unknown base style \"%s\"%s"), bname,
		     did_you_mean(c, bname, (const char *const *)c->style_names->pdata));
		s->state = ST_BROKEN;
		return NULL;
	}
	if (b->state == ST_RESOLVING || b == s) {
		GString *chain = g_string_new(NULL);
		guint from = 0;
		while (from < stack->len && stack->pdata[from] != b)
			from++;
		for (guint i = from; i < stack->len; i++)
			g_string_append_printf(chain, "%s → ",
			                       ((style_def *)stack->pdata[i])->name);
		g_string_append_printf(chain, "%s → %s", s->name, b->name);
		fail(c, s->base->pos, _("style \"%s\" is based on itself (%s)"), b->name, chain->str);
		g_string_free(chain, TRUE);
		s->state = ST_BROKEN;
		return NULL;
	}
	if (stack->len >= MAX_BASE_DEPTH) {
		fail(c, s->base->pos, _("style \"%s\" is based on a chain of more than %d styles"),
		     s->name, MAX_BASE_DEPTH);
		s->state = ST_BROKEN;
		return NULL;
	}
	s->state = ST_RESOLVING;
	g_ptr_array_add(stack, s);
	const partial *bp = resolve_style(c, b, stack);
	g_ptr_array_remove_index(stack, stack->len - 1);
	if (!bp || s->state == ST_BROKEN) {
		s->state = ST_BROKEN;
		return NULL;
	}
	partial_merge(&s->resolved, bp);
	partial_merge(&s->resolved, &s->own);
	s->state = ST_DONE;
	return &s->resolved;
}

/* Fills out with the built-in defaults, then the values given in p. */
static void finish_style(ctx *c, const partial *p, tr_textstyle *out)
{
	const tr_rgb black = { 0, 0, 0 };
	const tr_rgb *ink = g_hash_table_lookup(c->colours, "ink");
	const tr_rgb *accent = g_hash_table_lookup(c->colours, "accent");
	partial all = { 0 };

	all.s = (tr_textstyle){
		.weight = 400, .size_min = 9, .size_max = 9, .leading = 1.3, .tracking = 0,
		.para_space = 0.5, .colour = ink ? *ink : black, .heading_weight = 700,
		.strong_weight = 700, .align = TR_ALIGN_LEFT, .valign = TR_VALIGN_TOP,
	};
	all.s.font = g_strdup("Inter");
	partial_merge(&all, p);
	/* A named font (fonts:) stands for its family. */
	const char *family = g_hash_table_lookup(c->fonts, all.s.font);
	if (family) {
		g_free(all.s.font);
		all.s.font = g_strdup(family);
	}
	family = all.s.heading_font ? g_hash_table_lookup(c->fonts, all.s.heading_font) : NULL;
	if (family) {
		g_free(all.s.heading_font);
		all.s.heading_font = g_strdup(family);
	}
	if (!p->set[P_ACCENT])
		all.s.accent = accent ? *accent : all.s.colour;
	if (!p->set[P_HEADING_FONT]) {
		g_free(all.s.heading_font);
		all.s.heading_font = g_strdup(all.s.font);
	}
	*out = all.s; /* takes the strings */
}

/* ---------------------------------------------------------------------------
 * Items and pages
 */

/* Checks that an item's extent on one axis (start, start + len) lies on a page
 * of size limit: the x axis (left of, wide), or y (above, high). */
static void check_axis(ctx *c, const char *noun, const char *id, bool y, double start,
                       double len, double limit, const tr_ynode *start_v, const tr_ynode *end_v)
{
	/* TRANSLATORS: the first %s is an item's kind ("rectangle"), the second its id */
	if (start < 0)
		fail(c, start_v->pos, y ? _("%s \"%s\" starts at y = %s mm, above the page")
		                        : _("%s \"%s\" starts at x = %s mm, left of the page"),
		     noun, id, num(c, start));
	else if (start > limit + EPSILON)
		fail(c, start_v->pos,
		     y ? _("%s \"%s\" starts at y = %s mm, outside the %s mm high page")
		       : _("%s \"%s\" starts at x = %s mm, outside the %s mm wide page"),
		     noun, id, num(c, start), num(c, limit));
	else if (start + len < -EPSILON)
		fail(c, end_v->pos, y ? _("%s \"%s\" ends at y = %s mm, above the page")
		                      : _("%s \"%s\" ends at x = %s mm, left of the page"),
		     noun, id, num(c, start + len));
	else if (start + len > limit + EPSILON)
		fail(c, end_v->pos,
		     y ? _("%s \"%s\" ends at y = %s mm, outside the %s mm high page")
		       : _("%s \"%s\" ends at x = %s mm, outside the %s mm wide page"),
		     noun, id, num(c, start + len), num(c, limit));
}

/* Checks an item's geometry against the page. */
static void check_geometry(ctx *c, const tr_layoutdesc *ld, const tr_item *it,
                           const tr_ynode *body, const bool *set)
{
	const char *noun = _(item_nouns[it->kind]);
	const char *id = it->id;
	const tr_ynode *xv = get(body, "x"), *yv = get(body, "y");
	const tr_ynode *wv = get(body, "w"), *hv = get(body, "h");

	if (!c->sized || !set[K_X] || !set[K_Y] || (it->kind != TR_ITEM_RULE && (!set[K_W] || !set[K_H])))
		return; /* already reported */
	if (it->kind == TR_ITEM_RULE) {
		if (it->w == 0 && it->h == 0) {
			fail(c, it->pos, _("rule \"%s\" has no length: give it a \"w\" or an \"h\""), id);
			return;
		}
	} else {
		if (it->w <= 0)
			fail(c, wv->pos, _("%s \"%s\" has a %s width (%s mm)"), noun, id,
			     it->w < 0 ? _("negative") : _("zero"), num(c, it->w));
		if (it->h <= 0)
			fail(c, hv->pos, _("%s \"%s\" has a %s height (%s mm)"), noun, id,
			     it->h < 0 ? _("negative") : _("zero"), num(c, it->h));
		if (it->w <= 0 || it->h <= 0)
			return;
	}
	/* start, then end, on each axis (a rule's end may lie before its start) */
	check_axis(c, noun, id, false, it->x, it->w, ld->width, xv, wv ? wv : xv);
	check_axis(c, noun, id, true, it->y, it->h, ld->height, yv, hv ? hv : yv);
}

/* Reads the style properties of a text item over its named style. */
static void load_text_style(ctx *c, const tr_ynode *body, tr_item *it)
{
	partial p = { 0 }, own = { 0 };
	const tr_ynode *sv = get(body, "style");

	if (sv) {
		style_def *s = NULL;
		if (sv->kind != TR_YNODE_SCALAR || sv->len == 0)
			fail(c, sv->pos, _("\"style\" must be a style name, not %s"), describe(c, sv));
		else if (!(s = g_hash_table_lookup(c->styles, sv->value)))
			fail(c, sv->pos, _("unknown style \"%s\"%s"), tr_diag_quote(sv->value).s,
			     did_you_mean(c, sv->value, (const char *const *)c->style_names->pdata));
		if (s && s->state == ST_DONE)
			partial_merge(&p, &s->resolved);
	}
	parse_keys(c, body, style_keys, P__MAX, NULL, &own.s, own.set);
	partial_merge(&p, &own);
	finish_style(c, &p, &it->style);
	if (it->style.floor > it->style.size_min) {
		const tr_ynode *fv = get(body, "floor");
		fail(c, fv ? fv->pos : body->pos,
		     _("the floor (%s pt) is above the smallest wished size (%s pt): the floor "
		       "is how far below its size range a text may go"),
		     num(c, it->style.floor), num(c, it->style.size_min));
	}
	partial_clear(&p);
	partial_clear(&own);
}

/* Resolves the horizontal extent of a frame of a stack (x and w default to the
 * stack's right edge) and checks that it stays inside the stack; y and h are the
 * stack's. placed: the stack's x and w are known and valid. */
static void place_in_stack(ctx *c, tr_item *it, const tr_ynode *body, const bool *set,
                           const tr_item *stack, bool placed)
{
	const tr_ynode *xv = get(body, "x"), *wv = get(body, "w");
	double right = stack->x + stack->w;

	if (!set[K_X])
		it->x = stack->x;
	if (!set[K_W])
		it->w = right - it->x;
	it->y = stack->y;
	it->h = stack->h;
	if (!placed || (xv && !set[K_X]) || (wv && !set[K_W]))
		return; /* already reported */
	if (set[K_W] && it->w <= 0) {
		fail(c, wv->pos, _("frame \"%s\" has a %s width (%s mm)"), it->id,
		     it->w < 0 ? _("negative") : _("zero"), num(c, it->w));
		return;
	}
	const char *within = keep(c, g_strdup_printf(_("its stack \"%s\" (x = %s to %s mm)"),
	                                             stack->id, num(c, stack->x),
	                                             num(c, right)));
	tr_pos xpos = xv ? xv->pos : it->pos;
	if (it->x < stack->x - EPSILON)
		fail(c, xpos, _("frame \"%s\" starts at x = %s mm, left of %s"), it->id,
		     num(c, it->x), within);
	else if (it->x >= right - EPSILON)
		fail(c, xpos, _("frame \"%s\" starts at x = %s mm, outside %s"), it->id,
		     num(c, it->x), within);
	else if (it->x + it->w > right + EPSILON)
		fail(c, wv ? wv->pos : xpos, _("frame \"%s\" ends at x = %s mm, outside %s"), it->id,
		     num(c, it->x + it->w), within);
}

static void load_item(ctx *c, const tr_layoutdesc *ld, const tr_ynode *node, tr_item *it,
                      const tr_item *stack, bool placed);

/* A picture goes in an image item, a text in a text frame. */
static void check_field_kind(ctx *c, const tr_item *it, const tr_ynode *body, bool has_field)
{
	if (!has_field)
		return;
	const tr_ynode *v = get(body, "field");
	const char *name = tr_binding_name(it->field);
	if (it->kind == TR_ITEM_IMAGE && !tr_binding_is_image(it->field))
		fail(c, v->pos, _("an image item shows a picture, logo or image, not \"%s\""), name);
	else if (it->kind == TR_ITEM_TEXT && tr_binding_is_image(it->field))
		fail(c, v->pos, _("\"%s\" is a picture: show it with an image item (- image: { "
		       "field: %s, x: ..., y: ..., w: ..., h: ... })"), name, name);
}

/* Reads the frames of the stack it (its "items"). placed: as for place_in_stack. */
static void load_stack_frames(ctx *c, const tr_layoutdesc *ld, const tr_ynode *body,
                              tr_item *it, bool placed)
{
	const tr_ynode *items = get(body, "items");

	if (!items)
		return; /* reported by require_keys */
	if (items->kind != TR_YNODE_SEQ) {
		fail(c, items->pos, _("\"items\" of a stack must be a list of text frames "
		       "(\"- text: ...\"), not %s"), describe(c, items));
		return;
	}
	if (items->n == 0 || items->n > MAX_STACK_FRAMES) {
		fail(c, items->pos, _("a stack has 1 to %d frames, not %zu"), MAX_STACK_FRAMES,
		     items->n);
		return;
	}
	it->n_children = items->n;
	it->children = g_new0(tr_item, items->n);
	for (size_t i = 0; i < items->n; i++)
		load_item(c, ld, items->items[i], &it->children[i], it, placed);
}

/* Reads one item into it: an item of a page when stack is NULL, else a frame of
 * that stack (placed: as for place_in_stack). */
static void load_item(ctx *c, const tr_layoutdesc *ld, const tr_ynode *node, tr_item *it,
                      const tr_item *stack, bool placed)
{
	const tr_ynode *kind_key, *body;
	bool set[K__MAX] = { 0 };
	int kind = -1;
	static const char *const *const kind_keys[TR_ITEM__MAX] = { rect_keys, rule_keys,
		                                                     NULL, stack_keys,
		                                                     image_keys, qr_keys };

	if (node->kind != TR_YNODE_MAP || node->n == 0) {
		if (stack)
			fail(c, node->pos, _("a frame of a stack must be a mapping with one key, text "
			       "(as in \"- text: { field: body, ... }\"), not %s"), describe(c, node));
		else
			fail(c, node->pos, _("an item must be a mapping with one key, rect, rule, text, "
			       "stack, image or qr (as in \"- text: { field: title, ... }\"), not %s"),
			     describe(c, node));
		return;
	}
	if (node->n > 1) {
		fail(c, node->keys[1]->pos, _("this item has two kinds (\"%s\" and \"%s\"): write "
		       "each as its own \"- \" entry"), node->keys[0]->value, node->keys[1]->value);
		return;
	}
	kind_key = node->keys[0];
	body = node->items[0];
	it->pos = kind_key->pos;
	for (int k = 0; k < TR_ITEM__MAX; k++)
		if (strcmp(kind_key->value, item_kind_names[k]) == 0)
			kind = k;
	if (kind < 0) {
		const char *hint = did_you_mean(c, kind_key->value, item_kind_words);
		fail(c, kind_key->pos, _("unknown item kind \"%s\"%s"), tr_diag_quote(kind_key->value).s,
		     *hint ? hint : stack ? _(": only text frames can go in a stack") :
		                            _(": use rect, rule, text, stack, image or qr"));
		return;
	}
	if (stack && kind != TR_ITEM_TEXT) {
		fail(c, kind_key->pos, _("only text frames can go in a stack"));
		return;
	}
	it->kind = (tr_item_kind)kind;
	if (!want_map(c, body, keep(c, g_strdup_printf("\"%s\"", kind_key->value)),
	              kind == TR_ITEM_STACK ? "x, y, w, h, items..." :
	              stack ? "field, style..." :
	              kind == TR_ITEM_TEXT ? "field, x, y, w, h..." : "x, y, w, h..."))
		return;

	const char *what = keep(c, g_strdup_printf("%s item", kind_key->value));
	const char *const *allowed = kind == TR_ITEM_TEXT ?
	        (const char *const *)c->text_words->pdata : kind_keys[kind];
	const char *const *own = kind != TR_ITEM_TEXT ? allowed :
	                         stack ? stacked_own_keys : text_own_keys;
	tr_ynode_check_keys(body, allowed, what, c->file, c->d);
	if (kind == TR_ITEM_IMAGE || kind == TR_ITEM_QR) {
		it->style.align = TR_ALIGN_CENTER;
		it->style.valign = TR_VALIGN_MIDDLE;
	}
	parse_keys(c, body, item_keys, K__MAX, own, it, set);

	static const char *const need_box[] = { "x", "y", "w", "h", NULL };
	static const char *const need_rule[] = { "x", "y", NULL };
	static const char *const need_field[] = { "field", NULL };
	static const char *const need_items[] = { "items", NULL };
	if (!stack)
		require_keys(c, body, kind == TR_ITEM_RULE ? need_rule : need_box, what);
	if (kind == TR_ITEM_TEXT || kind == TR_ITEM_IMAGE)
		require_keys(c, body, need_field, what);
	if (kind == TR_ITEM_QR)
		it->field = TR_BIND_QR;
	check_field_kind(c, it, body, set[K_FIELD]);
	if (kind == TR_ITEM_STACK)
		require_keys(c, body, need_items, what);
	if (stack) {
		static const char *const placed_keys[] = { "y", "h", NULL };
		for (const char *const *k = placed_keys; *k; k++) {
			const tr_ynode *key = tr_ynode_key(body, *k);
			if (key)
				fail(c, key->pos, _("a frame inside a stack takes no \"%s\": the stack "
				       "places its frames one under the other"), *k);
		}
	}

	if (!set[K_COLOUR]) {
		const tr_rgb *ink = g_hash_table_lookup(c->colours, "ink");
		it->colour = ink ? *ink : (tr_rgb){ 0, 0, 0 };
	}
	if (kind == TR_ITEM_RULE && !set[K_WIDTH])
		it->line_width = 1;
	if (kind == TR_ITEM_STACK && !set[K_GAP])
		it->gap = DEFAULT_GAP;
	if (!it->id)
		it->id = g_strdup((kind == TR_ITEM_TEXT || kind == TR_ITEM_IMAGE) && set[K_FIELD] ?
		                  tr_binding_name(it->field) : kind_key->value);
	if (kind == TR_ITEM_TEXT) {
		load_text_style(c, body, it);
		if (set[K_FIELD]) {
			tr_pos *first = g_hash_table_lookup(c->text_ids, it->id);
			const tr_ynode *at = get(body, set[K_ID] ? "id" : "field");
			if (first)
				fail(c, at->pos, _("two text frames are called \"%s\" (the other is on "
				       "line %d): give each its own \"id\""), it->id, first->line + 1);
			else
				g_hash_table_insert(c->text_ids, it->id, g_memdup2(&at->pos, sizeof at->pos));
		}
	}
	if (set[K_ABOVE] && kind == TR_ITEM_TEXT && it->above == it->field)
		fail(c, get(body, "above")->pos, _("frame \"%s\" cannot be placed above its own "
		       "text: name another field"), it->id);
	if (set[K_OPTIONAL] && !stack)
		fail(c, get(body, "optional")->pos, _("only a frame of a stack can be optional "
		       "(left out when the stack needs the room)"));
	if (set[K_COLUMNS] && it->columns_min < it->columns && !stack)
		fail(c, get(body, "columns")->pos, _("only a frame of a stack can have a range of "
		       "columns (set in fewer when the stack has room): give one number"));
	if (kind == TR_ITEM_TEXT && !set[K_GUTTER])
		it->gutter = 4;
	it->has_background = set[K_BACKGROUND];
	if (set[K_PADDING] && it->padding_max > it->padding && !(stack && it->has_background))
		fail(c, get(body, "padding")->pos, _("only the band of a frame of a stack can have "
		       "a range of padding (grown when the stack has room): give one number"));
	it->padding_max = MAX(it->padding_max, it->padding);
	if (kind == TR_ITEM_TEXT && (2 * it->padding >= it->w || 2 * it->padding >= it->h) &&
	    set[K_PADDING] && (set[K_W] || !stack))
		fail(c, get(body, "padding")->pos, _("frame \"%s\" has a padding of %s mm, which "
		       "leaves no room for its text"), it->id, num(c, it->padding));
	if (stack) {
		place_in_stack(c, it, body, set, stack, placed);
		return;
	}
	check_geometry(c, ld, it, body, set);
	if (kind == TR_ITEM_STACK)
		load_stack_frames(c, ld, body, it, set[K_X] && set[K_W] && it->w > 0);
}

/* Checks a name that becomes part of output file names (the layout's, a
 * page's): a-z, 0-9 and '-', at most MAX_NAME characters, so that no name can
 * leave the output folder or be too long for it. */
static bool file_name_piece(ctx *c, const tr_ynode *v)
{
	if (v->kind == TR_YNODE_SCALAR && v->len > 0 && v->len <= MAX_NAME &&
	    strspn(v->value, "abcdefghijklmnopqrstuvwxyz0123456789-") == v->len)
		return true;
	fail(c, v->pos, _("\"name\" may only use a-z, 0-9 and \"-\", at most %d of them (it "
	       "becomes part of the output file names), not %s"), MAX_NAME, describe(c, v));
	return false;
}

/* Reads one page: name and items. */
static void load_page(ctx *c, const tr_layoutdesc *ld, const tr_ynode *node, tr_page *pg,
                      GHashTable *names)
{
	static const char *const required[] = { "name", "items", NULL };
	const tr_ynode *name, *items;

	if (!want_map(c, node, "a page", "name, items"))
		return;
	tr_ynode_check_keys(node, page_keys, "page", c->file, c->d);
	require_keys(c, node, required, "page");
	name = get(node, "name");
	if (name && file_name_piece(c, name)) {
		if (g_hash_table_contains(names, name->value))
			fail(c, name->pos, _("two pages are called \"%s\""), tr_diag_quote(name->value).s);
		else {
			pg->name = g_strdup(name->value);
			g_hash_table_add(names, name->value);
		}
	}
	items = get(node, "items");
	if (!items)
		return;
	if (items->kind != TR_YNODE_SEQ) {
		fail(c, items->pos, _("\"items\" must be a list (\"- rect: ...\", \"- text: ...\"), "
		       "not %s"), describe(c, items));
		return;
	}
	if (items->n > MAX_PAGE_ITEMS) {
		fail(c, items->pos, _("a page has at most %d items, not %zu"), MAX_PAGE_ITEMS, items->n);
		return;
	}
	pg->n_items = items->n;
	pg->items = g_new0(tr_item, items->n);
	for (size_t i = 0; i < items->n; i++)
		load_item(c, ld, items->items[i], &pg->items[i], NULL, false);
}

/* True when item it is drawn only if field has content (want) or has none
 * (!want): by its `if:`, or, for a text frame, because it shows that field. */
static bool needs(const tr_item *it, tr_binding field, bool want)
{
	if (want && it->kind == TR_ITEM_TEXT && it->field == field)
		return true;
	for (int i = 0; i < TR_MAX_CONDS && it->when[i].field != TR_BIND_NONE; i++)
		if (it->when[i].field == field && it->when[i].negated == !want)
			return true;
	return false;
}

/* True when a and b are never drawn together: one needs a field that the
 * other needs empty ("if: logo" and "if: no logo"; a quote frame and
 * "if: no quote"). */
static bool exclusive(const tr_item *a, const tr_item *b)
{
	for (int k = 0; k < 2; k++) {
		const tr_item *x = k ? b : a, *y = k ? a : b;
		for (int i = 0; i < TR_MAX_CONDS && x->when[i].field != TR_BIND_NONE; i++)
			if (needs(y, x->when[i].field, x->when[i].negated))
				return true;
		if (x->kind == TR_ITEM_TEXT && needs(y, x->field, false))
			return true;
	}
	return false;
}

/* Warns about two text frames (or stacks) of a page whose areas overlap:
 * their texts would print over each other, whatever the content (frames
 * that are alternatives, by their `if:`, are never drawn together). */
static void check_overlaps(ctx *c, const tr_page *pg)
{
	for (size_t i = 0; i < pg->n_items; i++) {
		const tr_item *a = &pg->items[i];
		if ((a->kind != TR_ITEM_TEXT && a->kind != TR_ITEM_STACK) || a->w <= 0 || a->h <= 0)
			continue;
		for (size_t j = i + 1; j < pg->n_items; j++) {
			const tr_item *b = &pg->items[j];
			if ((b->kind != TR_ITEM_TEXT && b->kind != TR_ITEM_STACK) || b->w <= 0 ||
			    b->h <= 0)
				continue;
			if (exclusive(a, b))
				continue;
			double w = MIN(a->x + a->w, b->x + b->w) - MAX(a->x, b->x);
			double h = MIN(a->y + a->h, b->y + b->h) - MAX(a->y, b->y);
			if (w <= EPSILON || h <= EPSILON)
				continue;
			bool same = fabs(a->x - b->x) < EPSILON && fabs(a->y - b->y) < EPSILON &&
			            fabs(a->w - b->w) < EPSILON && fabs(a->h - b->h) < EPSILON;
			bool inside = w >= b->w - EPSILON && h >= b->h - EPSILON;
			tr_diag_add(c->d, TR_SEV_WARNING, c->file, b->pos,
			            _("%s \"%s\" %s %s \"%s\" (line %d): their texts would be printed "
			              "over each other"), _(item_nouns[b->kind]), b->id,
			            same ? _("lies exactly over") : inside ? _("lies inside") : _("overlaps"),
			            _(item_nouns[a->kind]), a->id, a->pos.line + 1);
		}
	}
}

/* Adds family to fonts unless it is there already. */
static void add_font(GPtrArray *fonts, const char *family)
{
	for (guint i = 0; i < fonts->len; i++)
		if (strcmp(fonts->pdata[i], family) == 0)
			return;
	g_ptr_array_add(fonts, g_strdup(family));
}

/* Adds the families of a text frame, or of the frames of a stack. */
static void add_item_fonts(GPtrArray *fonts, const tr_item *it)
{
	for (size_t i = 0; i < it->n_children; i++)
		add_item_fonts(fonts, &it->children[i]);
	if (it->kind != TR_ITEM_TEXT || !it->style.font)
		return;
	add_font(fonts, it->style.font);
	add_font(fonts, it->style.heading_font);
}

/* Reads "layout:", "name:" and "kind:". */
static void load_header(ctx *c, const tr_ynode *root, tr_layoutdesc *ld)
{
	const tr_ynode *v;
	double version;

	if ((v = get(root, "layout"))) {
		if (v->kind != TR_YNODE_SCALAR || !parse_double(v->value, &version))
			fail(c, v->pos, _("\"layout\" must be the format version, %d, not %s"),
			     FORMAT_VERSION, describe(c, v));
		else if (version != FORMAT_VERSION)
			fail(c, v->pos, _("unsupported layout format version %s: this tractage reads "
			       "version %d"), num(c, version), FORMAT_VERSION);
	}
	if ((v = get(root, "name")) && file_name_piece(c, v))
		ld->name = g_strdup(v->value);
	if ((v = get(root, "kind"))) {
		if (v->kind != TR_YNODE_SCALAR || !in_list(v->value, layout_kinds))
			fail(c, v->pos, _("\"kind\" must be tract or poster, not %s%s"), describe(c, v),
			     v->kind == TR_YNODE_SCALAR ? did_you_mean(c, v->value, layout_kinds) : "");
		else
			ld->kind = g_strdup(v->value);
	}
}

/* Reads "page:" and "safe:". Returns true when the page size is known. */
static bool load_page_size(ctx *c, const tr_ynode *root, tr_layoutdesc *ld)
{
	const tr_ynode *v = get(root, "page");
	bool set[2] = { false, false };

	ld->safe = 5;
	if (v && want_map(c, v, "\"page\"", "width, height")) {
		tr_ynode_check_keys(v, page_size_words, "page", c->file, c->d);
		require_keys(c, v, page_size_words, "page");
		parse_keys(c, v, page_size_keys, G_N_ELEMENTS(page_size_keys), NULL, ld, set);
	}
	if ((v = get(root, "safe"))) {
		keydesc k = { "safe", V_NUMBER, offsetof(tr_layoutdesc, safe), 0, INFINITY,
		              .unit = "mm" };
		if (set[0] && set[1])
			k.max = MIN(ld->width, ld->height) / 2;
		parse_value(c, &k, tr_ynode_key(root, "safe"), v, ld);
	}
	return set[0] && set[1];
}

static void ctx_init(ctx *c, const char *file, tr_diag *d)
{
	*c = (ctx){ .file = file, .d = d };
	c->scratch = g_ptr_array_new_with_free_func(g_free);
	c->colours = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	c->colour_names = g_ptr_array_new();
	g_ptr_array_add(c->colour_names, (gpointer) "paper");
	g_ptr_array_add(c->colour_names, NULL);
	c->styles = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, style_def_free);
	c->style_order = g_ptr_array_new();
	c->style_names = g_ptr_array_new();
	g_ptr_array_add(c->style_names, NULL);
	c->style_words = g_ptr_array_new();
	c->text_words = g_ptr_array_new();
	for (const char *const *k = text_own_keys; *k; k++)
		g_ptr_array_add(c->text_words, (gpointer)*k);
	for (int i = 0; i < P__MAX; i++) {
		g_ptr_array_add(c->style_words, (gpointer)style_keys[i].key);
		g_ptr_array_add(c->text_words, (gpointer)style_keys[i].key);
	}
	g_ptr_array_add(c->style_words, (gpointer) "color");
	g_ptr_array_add(c->style_words, (gpointer) "base");
	g_ptr_array_add(c->style_words, NULL);
	g_ptr_array_add(c->text_words, (gpointer) "color");
	g_ptr_array_add(c->text_words, NULL);
	c->text_ids = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	c->fonts = g_hash_table_new(g_str_hash, g_str_equal);
	c->font_names = g_ptr_array_new();
}

static void ctx_finish(ctx *c)
{
	g_ptr_array_unref(c->scratch);
	g_hash_table_unref(c->colours);
	g_ptr_array_unref(c->colour_names);
	g_hash_table_unref(c->styles);
	g_ptr_array_unref(c->style_order);
	g_ptr_array_unref(c->style_names);
	g_ptr_array_unref(c->style_words);
	g_ptr_array_unref(c->text_words);
	g_hash_table_unref(c->text_ids);
	g_hash_table_unref(c->fonts);
	g_ptr_array_unref(c->font_names);
}

static void style_def_free(gpointer p)
{
	style_def *s = p;
	partial_clear(&s->own);
	partial_clear(&s->resolved);
	g_free(s);
}

static tr_layoutdesc *load_derived(const char *path, const tr_ynode *root,
                                   const load_opts *lo, tr_diag *d);

/* Keeps the names (and values) of the layout's colours and fonts in ld. */
static void export_names(ctx *c, tr_layoutdesc *ld)
{
	GPtrArray *names = g_ptr_array_new();
	GArray *values = g_array_new(FALSE, FALSE, sizeof(tr_rgb));
	for (guint i = 1; i < c->colour_names->len; i++) { /* 0 is "paper", for suggestions */
		const char *n = c->colour_names->pdata[i];
		const tr_rgb *v = n ? g_hash_table_lookup(c->colours, n) : NULL;
		if (v) {
			g_ptr_array_add(names, g_strdup(n));
			g_array_append_val(values, *v);
		}
	}
	g_ptr_array_add(names, NULL);
	ld->colour_names = (char **)g_ptr_array_free(names, FALSE);
	ld->colour_values = (tr_rgb *)g_array_free(values, FALSE);
	names = g_ptr_array_new();
	for (guint i = 0; i < c->font_names->len; i++)
		g_ptr_array_add(names, g_strdup(c->font_names->pdata[i]));
	g_ptr_array_add(names, NULL);
	ld->font_names = (char **)g_ptr_array_free(names, FALSE);
}

/* Builds the description from a parsed tree. Returns NULL when any error was
 * reported. */
static tr_layoutdesc *load_tree(const char *path, const tr_ynode *root, const load_opts *lo,
                                tr_diag *d)
{
	if (root->kind == TR_YNODE_MAP && get(root, "from"))
		return load_derived(path, root, lo, d);
	static const char *const required[] = { "layout", "name", "kind", "page", "pages",
		                                 NULL };
	size_t errors_before = tr_diag_count(d, TR_SEV_ERROR);
	tr_layoutdesc *ld = g_new0(tr_layoutdesc, 1);
	GHashTable *page_names = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *stack = g_ptr_array_new();
	ctx c;
	const tr_ynode *v;

	ctx_init(&c, path, d);
	ld->path = g_strdup(path);
	ld->paper = (tr_rgb){ 1, 1, 1 };
	if (!want_map(&c, root, "a layout file", "layout, name, kind, page, pages"))
		goto out;
	tr_ynode_check_keys(root, top_keys, "layout", path, d);
	require_keys(&c, root, required, "layout");
	load_header(&c, root, ld);
	c.sized = load_page_size(&c, root, ld);

	if ((v = get(root, "colours")))
		load_colours(&c, v);
	if ((v = get(root, "fonts")))
		load_fonts(&c, v);
	if ((v = get(root, "system-fonts")))
		get_bool(&c, "system-fonts", v, &ld->system_fonts);
	if (lo->own)
		apply_identity(&c, lo->own, true);
	if (lo->identity)
		apply_identity(&c, lo->identity, false);
	ld->system_fonts |= (lo->own && lo->own->system_fonts) ||
	                    (lo->identity && lo->identity->system_fonts);
	const tr_rgb *paper = g_hash_table_lookup(c.colours, "paper");
	if (paper)
		ld->paper = *paper;
	if ((v = get(root, "mono")))
		load_mono(&c, v, ld);
	if ((v = get(root, "styles")))
		load_styles(&c, v);
	for (guint i = 0; i < c.style_order->len; i++)
		resolve_style(&c, c.style_order->pdata[i], stack);

	if ((v = get(root, "pages"))) {
		if (v->kind != TR_YNODE_SEQ) {
			fail(&c, v->pos, _("\"pages\" must be a list of pages (\"- name: recto\"), not %s"),
			     describe(&c, v));
		} else if (v->n == 0 || v->n > MAX_PAGES) {
			fail(&c, v->pos, _("a layout has 1 to %d pages, not %zu"), MAX_PAGES, v->n);
		} else {
			ld->n_pages = v->n;
			ld->pages = g_new0(tr_page, v->n);
			for (size_t i = 0; i < v->n; i++)
				load_page(&c, ld, v->items[i], &ld->pages[i], page_names);
			for (size_t i = 0; i < v->n; i++)
				check_overlaps(&c, &ld->pages[i]);
		}
	}

	size_t frames = 0;
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++) {
			const tr_item *it = &ld->pages[p].items[i];
			frames += it->kind == TR_ITEM_TEXT ? 1 : it->n_children;
		}
	if (frames > MAX_TEXT_FRAMES)
		fail(&c, v->pos, _("a layout has at most %d text frames (those of stacks included), "
		       "not %zu"), MAX_TEXT_FRAMES, frames);
	GPtrArray *fonts = g_ptr_array_new();
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++)
			add_item_fonts(fonts, &ld->pages[p].items[i]);
	g_ptr_array_add(fonts, NULL);
	ld->fonts = (char **)g_ptr_array_free(fonts, FALSE);
	export_names(&c, ld);

out:
	if (tr_diag_count(d, TR_SEV_ERROR) > errors_before) {
		tr_layoutdesc_free(ld);
		ld = NULL;
	}
	g_ptr_array_unref(stack);
	g_hash_table_unref(page_names);
	ctx_finish(&c);
	return ld;
}

/* ---------------------------------------------------------------------------
 * Layouts made from another one: "from:"
 */

/* The file "from: name" names, written in the layout file path: a file
 * relative to that layout's folder when name has a "/" or ends in .yaml,
 * otherwise the layout of that name next to it, else among the standard
 * layouts. NULL when there is none. */
static char *find_base(const char *path, const char *name, const char *standard_dir)
{
	char *dir = g_path_get_dirname(path);
	char *found = NULL;
	bool file = strchr(name, '/') || g_str_has_suffix(name, ".yaml") ||
	            g_str_has_suffix(name, ".yml");
	char *file_name = file ? g_strdup(name) : g_strdup_printf("%s.yaml", name);
	char *next = g_path_is_absolute(file_name) || strcmp(dir, ".") == 0
		             ? g_strdup(file_name)
		             : g_build_filename(dir, file_name, NULL);
	if (g_file_test(next, G_FILE_TEST_EXISTS) || file)
		found = g_steal_pointer(&next);
	else if (standard_dir) {
		char *std = strcmp(standard_dir, ".") == 0
			            ? g_build_filename("layouts", file_name, NULL)
			            : g_build_filename(standard_dir, file_name, NULL);
		if (g_file_test(std, G_FILE_TEST_EXISTS))
			found = g_steal_pointer(&std);
		g_free(std);
	}
	g_free(next);
	g_free(file_name);
	g_free(dir);
	return found;
}

/* Reads colours: or fonts: of a derived layout into own. */
static void load_own(ctx *c, const tr_ynode *map, bool font, tr_identity *own)
{
	if (!want_map(c, map, font ? "\"fonts\"" : "\"colours\"",
	              font ? "name: family" : "name: \"#rrggbb\""))
		return;
	for (size_t i = 0; i < map->n; i++) {
		const tr_ynode *k = map->keys[i], *v = map->items[i];
		tr_rgb rgb;
		if (v->kind == TR_YNODE_SCALAR && v->len > 0 && (font || tr_rgb_parse(v->value, &rgb)))
			tr_identity_set(own, font, k->value, v->value, c->file, k->pos);
		else if (v->kind == TR_YNODE_SCALAR && v->len == 0 && !font)
			fail(c, k->pos, _("colour \"%s\" has no value (an unquoted # starts a comment: "
			       "write hex colours in quotes, as in \"#c8102e\")"), k->value);
		else if (font)
			fail(c, v->len == 0 ? k->pos : v->pos, _("font \"%s\" must be a font family, as "
			       "in \"display: League Spartan\", not %s"), k->value, describe(c, v));
		else
			fail(c, v->pos, _("bad colour %s for \"%s\": write \"#rrggbb\" or \"#rgb\""),
			     describe(c, v), k->value);
	}
}

static void scale_item(tr_item *it, double sx, double sy, double sl, double st)
{
	it->x *= sx;
	it->w *= sx;
	it->y *= sy;
	it->h *= sy;
	it->gap *= sy;
	it->line_width *= sl;
	it->gutter *= sx;
	it->padding *= sl;
	it->padding_max *= sl;
	if (it->kind == TR_ITEM_TEXT) {
		it->style.size_min *= st;
		it->style.size_max *= st;
		it->style.floor *= st;
		/* A text set larger is read from farther away. */
		it->style.read_from *= st;
	}
	for (size_t i = 0; i < it->n_children; i++)
		scale_item(&it->children[i], sx, sy, sl, st);
}

/* The smallest and largest text sizes of a layout, pt. */
static void size_range(const tr_item *it, double *lo, double *hi)
{
	if (it->kind == TR_ITEM_TEXT) {
		*lo = MIN(*lo, it->style.size_min);
		*hi = MAX(*hi, it->style.size_max);
	}
	for (size_t i = 0; i < it->n_children; i++)
		size_range(&it->children[i], lo, hi);
}

/* Reads the black-and-white greys of a derived layout over its base's. */
static void derived_mono(ctx *c, const tr_ynode *map, tr_layoutdesc *ld)
{
	if (!want_map(c, map, "\"mono\"", "colour name: \"#444444\""))
		return;
	for (size_t i = 0; i < map->n; i++) {
		const char *name = map->keys[i]->value;
		const tr_ynode *v = map->items[i];
		tr_rgb colour = { 1, 1, 1 }, g;
		bool known = strcmp(name, "paper") == 0;
		for (size_t k = 0; ld->colour_names[k]; k++)
			if (strcmp(ld->colour_names[k], name) == 0) {
				colour = ld->colour_values[k];
				known = true;
			}
		if (!known && strcmp(name, "ink") == 0) {
			colour = (tr_rgb){ 0, 0, 0 };
			known = true;
		}
		if (!known) {
			fail(c, map->keys[i]->pos, _("unknown colour \"%s\" in \"mono\"%s"), name,
			     did_you_mean(c, name, (const char *const *)ld->colour_names));
			continue;
		}
		if (v->kind != TR_YNODE_SCALAR || !tr_rgb_parse(v->value, &g) || g.r != g.g ||
		    g.g != g.b) {
			fail(c, v->pos, _("the black-and-white colour of \"%s\" must be a grey, with "
			       "equal red, green and blue (as in \"#444444\"), not %s"), name,
			     describe(c, v));
			continue;
		}
		size_t k = 0;
		while (k < ld->n_mono && memcmp(&ld->mono[k].colour, &colour, sizeof colour) != 0)
			k++;
		if (k == ld->n_mono)
			ld->mono = g_renew(tr_monocolour, ld->mono, ++ld->n_mono);
		ld->mono[k] = (tr_monocolour){ colour, g.r };
	}
}

/* A layout made from another one: the other's pages and styles, every length
 * scaled from its page to this page, the text sizes too (times text-scale),
 * with this one's name, kind, colours, fonts and greys. Messages about the
 * items point into the other file, where they are written. */
static tr_layoutdesc *load_derived(const char *path, const tr_ynode *root,
                                   const load_opts *lo, tr_diag *d)
{
	static const char *const required[] = { "layout", "name", "from", "page", NULL };
	size_t errors_before = tr_diag_count(d, TR_SEV_ERROR);
	tr_layoutdesc head = { 0 }, *ld = NULL;
	tr_identity own = { 0 };
	tr_ynode *base_root = NULL;
	char *base_path = NULL;
	double text_scale = 1;
	const tr_ynode *v, *from = get(root, "from");
	ctx c;

	ctx_init(&c, path, d);
	tr_ynode_check_keys(root, derived_keys, "layout", path, d);
	for (const char *const *k = (const char *const[]){ "pages", "styles", NULL }; *k; k++)
		if (tr_ynode_key(root, *k))
			fail(&c, tr_ynode_key(root, *k)->pos, _("a layout made with \"from\" has the %s "
			       "of the layout it comes from: remove \"%s\" (or remove \"from\" and "
			       "write the whole layout)"), *k, *k);
	require_keys(&c, root, required, "layout");
	load_header(&c, root, &head);
	bool sized = load_page_size(&c, root, &head);
	if ((v = get(root, "text-scale"))) {
		keydesc k = { "text-scale", V_NUMBER, 0, 0.25, 4 };
		parse_value(&c, &k, tr_ynode_key(root, "text-scale"), v, &text_scale);
	}
	if ((v = get(root, "colours")))
		load_own(&c, v, false, &own);
	if ((v = get(root, "fonts")))
		load_own(&c, v, true, &own);
	if ((v = get(root, "system-fonts")))
		get_bool(&c, "system-fonts", v, &own.system_fonts);
	if (lo->own)
		tr_identity_merge(&own, lo->own); /* the layout made from this one wins */
	if (from->kind != TR_YNODE_SCALAR || from->len == 0)
		fail(&c, from->pos, _("\"from\" must be the name or the file of a layout, not %s"),
		     describe(&c, from));
	else if (!(base_path = find_base(path, from->value, lo->standard_dir)))
		fail(&c, from->pos, _("there is no layout \"%s\", neither next to this one nor among "
		       "the standard layouts"), from->value);
	else if (lo->depth >= MAX_DERIVED)
		fail(&c, from->pos, _("layouts made with \"from\" from one another go more than %d "
		       "deep: do they come from each other in a loop?"), MAX_DERIVED);
	if (tr_diag_count(d, TR_SEV_ERROR) > errors_before || !sized)
		goto out;
	if (!(base_root = tr_yaml_load_file(base_path, d)))
		goto out;
	load_opts blo = { lo->identity, &own, lo->standard_dir, lo->depth + 1 };
	if (!(ld = load_tree(base_path, base_root, &blo, d)))
		goto out;

	double sx = head.width / ld->width, sy = head.height / ld->height;
	double sl = MIN(sx, sy), st = sl * text_scale, lo_pt = INFINITY, hi_pt = 0;
	for (size_t p = 0; p < ld->n_pages; p++)
		for (size_t i = 0; i < ld->pages[p].n_items; i++) {
			scale_item(&ld->pages[p].items[i], sx, sy, sl, st);
			size_range(&ld->pages[p].items[i], &lo_pt, &hi_pt);
		}
	if (hi_pt > 0 && (lo_pt < 1 - EPSILON || hi_pt > 1000 + EPSILON))
		fail(&c, (get(root, "text-scale") ? tr_ynode_key(root, "text-scale")
		                                   : tr_ynode_key(root, "page"))->pos,
		     _("the text sizes of %s, scaled to this page, go from %s to %s pt: sizes go from "
		       "1 to 1000 pt"), from->value, num(&c, lo_pt), num(&c, hi_pt));
	ld->safe = get(root, "safe") ? head.safe : ld->safe * sl;
	ld->width = head.width;
	ld->height = head.height;
	g_free(ld->name);
	ld->name = g_steal_pointer(&head.name);
	if (head.kind) {
		g_free(ld->kind);
		ld->kind = g_steal_pointer(&head.kind);
	}
	if ((v = get(root, "mono")))
		derived_mono(&c, v, ld);
out:
	if (ld && tr_diag_count(d, TR_SEV_ERROR) > errors_before)
		g_clear_pointer(&ld, tr_layoutdesc_free);
	g_free(head.name);
	g_free(head.kind);
	g_free(base_path);
	tr_ynode_free(base_root);
	tr_identity_clear(&own);
	ctx_finish(&c);
	return ld;
}

/* ---------------------------------------------------------------------------
 * Public functions
 */

tr_layoutdesc *tr_layoutdesc_load_with(const char *path, const tr_layout_opts *o, tr_diag *d)
{
	tr_ynode *root = tr_yaml_load_file(path, d);
	if (!root)
		return NULL;
	load_opts lo = { o ? o->identity : NULL, NULL, o ? o->standard_dir : NULL, 0 };
	tr_layoutdesc *ld = load_tree(path, root, &lo, d);
	tr_ynode_free(root);
	return ld;
}

tr_layoutdesc *tr_layoutdesc_load(const char *path, tr_diag *d)
{
	return tr_layoutdesc_load_with(path, NULL, d);
}

tr_layoutdesc *tr_layoutdesc_load_buffer(const char *path, const char *buf, size_t len,
                                         tr_diag *d)
{
	tr_ynode *root = tr_yaml_parse(path, buf, len, d);
	if (!root)
		return NULL;
	load_opts lo = { 0 };
	tr_layoutdesc *ld = load_tree(path, root, &lo, d);
	tr_ynode_free(root);
	return ld;
}

/* Frees what an item owns (the frames of a stack too), not the item itself. */
/* Appends " #rrggbb". */
static void dump_rgb(GString *out, tr_rgb c)
{
	g_string_append_printf(out, "#%02x%02x%02x", (int)lround(c.r * 255),
	                       (int)lround(c.g * 255), (int)lround(c.b * 255));
}

/* Appends a number in the C locale. */
static void dump_num(GString *out, double v)
{
	char *s = format_number(v);
	g_string_append(out, s);
	g_free(s);
}

/* Appends "KEY VALUE" pairs with numbers, for the dump, indent spaces in. */
static void dump_style(GString *out, const tr_textstyle *s, int indent)
{
	g_string_append_printf(out, "%*sfont \"%s\" weight %d%s size ", indent, "", s->font,
	                       s->weight, s->italic ? " italic" : "");
	dump_num(out, s->size_min);
	if (s->size_max != s->size_min) {
		g_string_append(out, "..");
		dump_num(out, s->size_max);
	}
	g_string_append(out, " pt");
	if (s->floor > 0) {
		g_string_append(out, " floor ");
		dump_num(out, s->floor);
		g_string_append(out, " pt");
	}
	if (s->read_from > 0) {
		g_string_append(out, " read-from ");
		dump_num(out, s->read_from);
		g_string_append(out, " m");
	}
	g_string_append(out, " leading ");
	dump_num(out, s->leading);
	g_string_append(out, " tracking ");
	dump_num(out, s->tracking);
	g_string_append(out, " paragraph-space ");
	dump_num(out, s->para_space);
	g_string_append_printf(out, "\n%*scolour ", indent, "");
	dump_rgb(out, s->colour);
	g_string_append(out, " accent ");
	dump_rgb(out, s->accent);
	g_string_append_printf(out, " heading \"%s\" %d strong %d\n", s->heading_font,
	                       s->heading_weight, s->strong_weight);
	g_string_append_printf(out, "%*salign %s valign %s max-lines %d%s%s%s", indent, "",
	                       align_names[s->align], valign_names[s->valign], s->max_lines,
	                       s->uppercase ? " uppercase" : "", s->hyphenate ? " hyphenate" : "",
	                       s->balance ? " balance" : "");
	if (s->grow_lines > 0)
		g_string_append_printf(out, " grow-lines %d", s->grow_lines);
	g_string_append_c(out, '\n');
}

/* Appends an item (and the frames of a stack, further in), indent spaces in. */
static void dump_item(GString *out, const tr_item *it, int indent)
{
	g_string_append_printf(out, "%*s%s \"%s\"", indent, "", item_kind_names[it->kind],
	                       it->id);
	if (it->kind == TR_ITEM_TEXT || it->kind == TR_ITEM_IMAGE)
		g_string_append_printf(out, " field %s", tr_binding_name(it->field));
	g_string_append(out, " x ");
	dump_num(out, it->x);
	g_string_append(out, " y ");
	dump_num(out, it->y);
	g_string_append(out, " w ");
	dump_num(out, it->w);
	g_string_append(out, " h ");
	dump_num(out, it->h);
	if (it->kind == TR_ITEM_IMAGE)
		g_string_append_printf(out, " fit %s", fit_names[it->fit]);
	if (it->kind == TR_ITEM_IMAGE || it->kind == TR_ITEM_QR)
		g_string_append_printf(out, " align %s valign %s", align_names[it->style.align],
		                       valign_names[it->style.valign]);
	if (it->kind == TR_ITEM_RECT || it->kind == TR_ITEM_RULE || it->kind == TR_ITEM_QR) {
		g_string_append(out, " colour ");
		dump_rgb(out, it->colour);
	}
	if (it->kind == TR_ITEM_RULE) {
		g_string_append(out, " width ");
		dump_num(out, it->line_width);
		g_string_append(out, " pt");
	}
	if (it->kind == TR_ITEM_STACK) {
		g_string_append(out, " gap ");
		dump_num(out, it->gap);
	}
	if (it->bleed)
		g_string_append(out, " bleed");
	for (int i = 0; i < TR_MAX_CONDS && it->when[i].field != TR_BIND_NONE; i++)
		g_string_append_printf(out, "%s%s%s", i ? ", " : " if ",
		                       it->when[i].negated ? "no " : "", tr_binding_name(it->when[i].field));
	if (it->above != TR_BIND_NONE) {
		g_string_append_printf(out, " above %s gap ", tr_binding_name(it->above));
		dump_num(out, it->gap);
	}
	if (it->copy)
		g_string_append(out, " copy");
	if (it->optional)
		g_string_append(out, " optional");
	if (it->has_background) {
		g_string_append(out, " background ");
		dump_rgb(out, it->background);
		g_string_append(out, " padding ");
		dump_num(out, it->padding);
		if (it->padding_max > it->padding) {
			g_string_append(out, "-");
			dump_num(out, it->padding_max);
		}
	}
	if (it->columns > 1) {
		if (it->columns_min < it->columns)
			g_string_append_printf(out, " columns %d-%d gutter ", it->columns_min,
			                       it->columns);
		else
			g_string_append_printf(out, " columns %d gutter ", it->columns);
		dump_num(out, it->gutter);
	}
	g_string_append_c(out, '\n');
	if (it->kind == TR_ITEM_TEXT)
		dump_style(out, &it->style, indent + 2);
	for (size_t i = 0; i < it->n_children; i++)
		dump_item(out, &it->children[i], indent + 2);
}

char *tr_layoutdesc_dump(const tr_layoutdesc *ld)
{
	GString *out = g_string_new(NULL);

	g_string_append_printf(out, "layout \"%s\" kind %s\npage ", ld->name, ld->kind);
	dump_num(out, ld->width);
	g_string_append(out, " x ");
	dump_num(out, ld->height);
	g_string_append(out, " mm safe ");
	dump_num(out, ld->safe);
	g_string_append(out, " mm paper ");
	dump_rgb(out, ld->paper);
	for (size_t i = 0; i < ld->n_mono; i++) {
		g_string_append(out, i ? ", " : "\nmono ");
		dump_rgb(out, ld->mono[i].colour);
		g_string_append(out, " → ");
		dump_rgb(out, (tr_rgb){ ld->mono[i].grey, ld->mono[i].grey, ld->mono[i].grey });
	}
	g_string_append(out, "\nfonts");
	for (char **f = ld->fonts; f && *f; f++)
		g_string_append_printf(out, " \"%s\"", *f);
	g_string_append_c(out, '\n');
	for (size_t p = 0; p < ld->n_pages; p++) {
		const tr_page *pg = &ld->pages[p];
		g_string_append_printf(out, "page %zu \"%s\"\n", p + 1, pg->name);
		for (size_t i = 0; i < pg->n_items; i++)
			dump_item(out, &pg->items[i], 2);
	}
	return g_string_free(out, FALSE);
}
