/* rules.c — the values of the line-breaking rules (see rules.h). */
#include "layout/rules.h"

static const tr_rules defaults = {
	/* A word space is set between 0.8 and 1.5 times the font's own. */
	.space_stretch = 0.5,
	.space_shrink = 0.2,
	/* Letters move by at most 2.5 % of an em apart, 1.5 % together (what
	 * print typesetters allow: a few percent of letter spacing and glyph
	 * width), which spares the word spaces in a narrow column or a line
	 * with a long unbreakable date. */
	.letter_stretch = 0.025,
	.letter_shrink = 0.015,
	.max_ratio = 1.0,
	/* Only when no set of breaks keeps the spaces under 1.5 × (a long word in
	 * a narrow column): up to 2 ×, the least bad, rather than an overfull line. */
	.emergency_ratio = 2.0,

	.line_penalty = 10,
	/* A hyphen costs about what a line with its spaces at 1.4 × does: the
	 * breaker hyphenates when that saves a looser line, not otherwise. */
	.hyphen_penalty = 100,
	.explicit_penalty = 50,
	.keep_penalty = 5000,
	.strong_keep_penalty = 8000,
	.double_hyphen_demerits = 200000,
	.final_hyphen_demerits = 50000,
	.adj_demerits = 10000,
	.max_hyphen_run = 2,
	/* About two hyphens' worth: one line less matters to the size a text is
	 * set at, which a reader sees first. */
	.fewer_lines_budget = 25000,

	.hyphen_min_word = 6,
	.hyphen_min_left = 3,
	.hyphen_min_right = 3,

	.last_fragment_min = 4,
	.last_word_min = 5,
	.short_last_demerits = 30000,

	/* Ragged lines: a line 1.5 em short of its aim has badness 100. */
	.ragged_stretch = 1.5,
	.phrase_bad = 3000,
	.phrase_weak = 300,
	.phrase_good = -60,
	.display_size_slack = 0.1,
	.track_tighten = 0.02,

	.read_ratio = 120,

	.orphan_lines = 2,
	.widow_lines = 2,
	/* Two or three lines of a body alone at the top of the verso read as a
	 * leftover, not as the rest of the text. */
	.carry_min_lines = 6,
};

const tr_rules *tr_rules_default(void)
{
	return &defaults;
}
