/* breaker.h — breaking a paragraph into lines, all at once (total fit).
 *
 * A paragraph is a list of boxes (text that is never broken), glue (word spaces
 * that stretch and shrink, where a line may end) and penalties (places where a
 * line may end at a cost: a hyphenation point, after a hard hyphen; or may not,
 * or must). The breaker chooses the breaks of the whole paragraph that cost
 * least, as Knuth and Plass describe ("Breaking paragraphs into lines", 1981):
 * every line's badness from how much its spaces stretch or shrink, demerits for
 * hyphens, for two hyphenated lines in a row, for a tight line next to a loose
 * one, and the paragraph's ending rules of rules.h.
 *
 * Ragged text (left, centred, right) is broken the same way against an
 * imaginary stretch at the end of each line, so that lines are even without
 * moving any space; balanced text aims every line, the last included, at one
 * target width. Phrase penalties on glue (a break after "à" or "the") count in
 * ragged and balanced text.
 *
 * Everything here is arithmetic on widths: the breaker knows nothing of fonts.
 * Widths are in "reference units" (points at the size the paragraph was shaped
 * at): a paragraph set at size s in a frame of width w is broken with line
 * width w × ref / s.
 */
#ifndef TR_LAYOUT_BREAKER_H
#define TR_LAYOUT_BREAKER_H

#include <glib.h>
#include <stdbool.h>

#include "layout/rules.h"

typedef enum {
	TR_KP_BOX,
	TR_KP_GLUE,
	TR_KP_PENALTY,
} tr_kp_kind;

/* Flags of an item. */
enum {
	TR_KP_FLAGGED = 1 << 0,  /* penalty: a line ending here ends on a hyphen */
	TR_KP_DICT = 1 << 1,     /* penalty: a dictionary hyphenation point (a hyphen is
	                          * drawn; used only when the frame hyphenates) */
	TR_KP_FIXED = 1 << 2,    /* glue that neither stretches nor shrinks (a tab) */
};

typedef struct tr_kp_item {
	float width;   /* reference units; penalty: the width added when broken here */
	float stretch; /* glue */
	float shrink;  /* glue */
	float glyphs;  /* box: glyphs in it, for a change of tracking */
	int penalty;   /* penalty: its cost (±TR_PENALTY_INF: forbidden or forced);
	                * glue: the phrase penalty of a break here (ragged text) */
	unsigned char kind;  /* tr_kp_kind */
	unsigned char flags; /* TR_KP_* */
	int pos, end;  /* byte range of the item's text; a penalty is at pos (= end) */
} tr_kp_item;

typedef enum {
	TR_BREAK_JUSTIFY, /* spaces stretch and shrink to fill each line but the last */
	TR_BREAK_RAGGED,  /* spaces stay as they are; lines aim at the full width */
	TR_BREAK_BALANCE, /* spaces stay; every line aims at `target` */
} tr_break_mode;

typedef struct tr_break_opts {
	const tr_rules *rules;
	tr_break_mode mode;
	double em;             /* the font size in reference units */
	double width_first;    /* width of the first line, reference units */
	double width_rest;     /* width of the other lines */
	double target;         /* TR_BREAK_BALANCE: the width every line aims at */
	double tracking;       /* extra width per glyph of a box, reference units */
	bool hyphenate;        /* may break at dictionary points (TR_KP_DICT) */
	int max_lines;         /* 0: no limit */
	int no_hyphen_line;    /* this line (0-based) may not end on a hyphen; -1: none */
	const char *text;      /* the paragraph's text (the items' byte ranges), for the
	                        * rules on the last line */
} tr_break_opts;

/* One line of the result. */
typedef struct tr_break_line {
	int first;      /* its first item (after the glue and penalties a break drops) */
	int brk;        /* the item it breaks at (the last item: the paragraph's end) */
	int start, end; /* byte range of its text */
	double natural; /* natural width, reference units */
	double stretch, shrink;
	double ratio;   /* how much its glue stretches (> 0) or shrinks (< 0), as a
	                 * fraction of what it can; 0 for ragged lines */
	int glues;      /* breakable spaces inside the line */
	double glue_stretch, glue_shrink; /* what its spaces can give */
	double glyphs;  /* glyphs of its boxes (each may move by the rules' letter
	                 * stretch or shrink, in justified text) */
	bool hyphen;    /* ends at a dictionary point: a hyphen is drawn */
	bool flagged;   /* ends on a hyphen (drawn or a hard one) */
	bool overfull;  /* wider than its width even with its spaces fully shrunk */
} tr_break_line;

/* Breaks items[0..n-1] into lines; the last item must be a forced break
 * (a penalty of −TR_PENALTY_INF). Appends the lines to `lines` (of
 * tr_break_line) and returns the total demerits (0 or more: bonuses for
 * good breaks count down to 0, not below), or -1 when max_lines cannot be
 * kept. A paragraph always breaks: when no set of breaks
 * keeps the rules, the breaker relaxes them (more stretch, then overfull lines,
 * flagged `overfull`). */
double tr_break_paragraph(const tr_kp_item *items, int n, const tr_break_opts *o,
                          GArray *lines);

#endif
