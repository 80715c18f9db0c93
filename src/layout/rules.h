/* rules.h — the rules of good line breaking, tunable in one place.
 *
 * Every number the paragraph engine weighs a break with lives here: how far a
 * word space may stretch and shrink, what a hyphen costs, how many hyphenated
 * lines may follow each other, what a paragraph may end on, which phrases a
 * ragged line should not be broken in. The engine (breaker.c, shape.c, fit.c)
 * reads them from tr_rules_default(); nothing else in the engine hard-codes a
 * penalty or a demerit.
 *
 * Units: widths in em of the paragraph's font (1 em = its size), penalties
 * and demerits as in Knuth and Plass, "Breaking paragraphs into lines" (1981):
 * a line's demerits are (line_penalty + badness)² + penalty², badness
 * 100·|r|³ for an adjustment ratio r.
 */
#ifndef TR_LAYOUT_RULES_H
#define TR_LAYOUT_RULES_H

#include <stdbool.h>

#include "model/event.h"

/* A penalty this high forbids a break; this low forces one. */
#define TR_PENALTY_INF 10000
#define TR_DEMERITS_HUGE 1e9

typedef struct tr_rules {
	/* Word spaces, as multiples of the font's space. Justified lines keep
	 * every word space between space_min and space_max. */
	double space_stretch;  /* 0.5: up to 1.5 × normal at r = 1 */
	double space_shrink;   /* 0.2: down to 0.8 × normal at r = −1 */
	double letter_stretch; /* em a glyph's advance may grow by in a justified
	                        * line, at r = 1 (what word spaces cannot take) */
	double letter_shrink;  /* em it may shrink by, at r = −1 */
	double max_ratio;      /* 1: the first pass never stretches beyond this */
	double emergency_ratio; /* a second pass, when the first finds nothing */

	/* Knuth–Plass demerits. */
	double line_penalty;       /* added to each line's badness (10 in TeX) */
	int hyphen_penalty;        /* a break at a hyphenation point */
	int explicit_penalty;      /* a break after a hard hyphen ("médico-/social") */
	int keep_penalty;          /* a break inside a date or "n° 12": only when a line
	                            * could not be set otherwise */
	int strong_keep_penalty;   /* a break between a month and its year or in
	                            * "n° 12": a date that must break breaks
	                            * elsewhere first ("jeudi / 26 janvier 2023") */
	double double_hyphen_demerits; /* two hyphenated lines in a row */
	double final_hyphen_demerits;  /* the last line but one hyphenated */
	double adj_demerits;       /* adjacent lines of very different tightness */
	int max_hyphen_run;        /* at most this many hyphenated lines in a row */
	double fewer_lines_budget; /* demerits a paragraph may spend to be a line
	                            * shorter (its spaces stay within bounds) */

	/* Hyphenation: which dictionary points may be used at all. */
	int hyphen_min_word;       /* letters in the word (6) */
	int hyphen_min_left;       /* letters before the break (3) */
	int hyphen_min_right;      /* letters after the break (3) */

	/* How a paragraph may end. */
	int last_fragment_min;     /* letters: no last line that is only the tail of a
	                            * hyphenated word shorter than this (4) */
	int last_word_min;         /* letters: a last line of one word shorter than
	                            * this costs short_last_demerits (5) */
	double short_last_demerits;

	/* Ragged and display text: how uneven lines are weighed. */
	double ragged_stretch;     /* em of imaginary stretch at the right of a line */
	int phrase_bad;            /* breaking after an article, a preposition, "à" */
	int phrase_weak;           /* breaking after a conjunction or a possessive */
	int phrase_good;           /* (negative) breaking after : , ; ! ? . */
	double display_size_slack; /* display text may go this fraction below the
	                            * largest size that fits, to read better */
	double track_tighten;      /* em: display text that does not fit in its size
	                            * range first tries its letters this much closer */

	/* Reading distance: capitals h mm high read comfortably from read_ratio × h
	 * (signs' rule of thumb: an inch of letter for ten feet, 1:120). */
	double read_ratio;

	/* Widows and orphans: at least this many lines of a paragraph on each side
	 * of a frame turn. */
	int orphan_lines;
	int widow_lines;
	int carry_min_lines; /* a text going on on another page takes at least these
	                      * many lines there, or its fitting looks for a size at
	                      * which it does not go on at all */
} tr_rules;

/* The rules the engine uses. */
const tr_rules *tr_rules_default(void);

#endif
