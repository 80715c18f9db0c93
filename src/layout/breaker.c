/* breaker.c — total-fit line breaking (Knuth–Plass) for justified, ragged and
 * balanced text. See breaker.h. */
#include "layout/breaker.h"

#include <limits.h>
#include <math.h>
#include <string.h>

/* A possible break: the best way found so far to end a line at item pos with
 * these properties. Nodes live in one array; prev is an index into it. */
typedef struct {
	int pos;          /* the item broken at; -1 for the paragraph's start */
	int line;         /* lines before this break */
	int fitness;      /* 0 very loose, 1 loose, 2 decent, 3 tight */
	int hyph_run;     /* hyphenated lines in a row ending here */
	bool flagged;     /* the line ending here ends on a hyphen */
	bool overfull;    /* the line ending here is overfull (last pass only) */
	double demerits;  /* total, from the start */
	int prev;         /* node of the previous break, -1 for the start */
	double tw, ty, tz; /* sums of width, stretch, shrink where the next line starts */
	int next_first;   /* the first item of the next line */
} node;

typedef struct {
	const tr_kp_item *items;
	int n;
	const tr_break_opts *o;
	double *sw, *sy, *sz; /* prefix sums: sw[i] = width of items[0..i-1] */
	GArray *nodes;        /* of node */
	GArray *active;       /* of int: indices of active nodes */
} breaker;

static bool is_box(const tr_kp_item *it)
{
	return it->kind == TR_KP_BOX;
}

static double box_width(const breaker *b, const tr_kp_item *it)
{
	return it->width + (it->kind == TR_KP_BOX ? it->glyphs * b->o->tracking : 0);
}

static void prefix_sums(breaker *b)
{
	int n = b->n;
	b->sw = g_new(double, 3 * (n + 1));
	b->sy = b->sw + n + 1;
	b->sz = b->sy + n + 1;
	b->sw[0] = b->sy[0] = b->sz[0] = 0;
	for (int i = 0; i < n; i++) {
		const tr_kp_item *it = &b->items[i];
		double w = 0, y = 0, z = 0;
		if (it->kind == TR_KP_BOX) {
			w = box_width(b, it);
			if (b->o->mode == TR_BREAK_JUSTIFY) {
				/* Letters may move a little apart or together too. */
				y = it->glyphs * b->o->rules->letter_stretch * b->o->em;
				z = it->glyphs * b->o->rules->letter_shrink * b->o->em;
			}
		} else if (it->kind == TR_KP_GLUE) {
			w = it->width;
			if (b->o->mode == TR_BREAK_JUSTIFY && !(it->flags & TR_KP_FIXED)) {
				y = it->stretch;
				z = it->shrink;
			}
		}
		b->sw[i + 1] = b->sw[i] + w;
		b->sy[i + 1] = b->sy[i] + y;
		b->sz[i + 1] = b->sz[i] + z;
	}
}

/* The first item of the line after a break at pos: glue and (unforced)
 * penalties after a break are dropped. */
static int after_break(const breaker *b, int pos)
{
	int j = pos + 1;
	while (j < b->n) {
		const tr_kp_item *it = &b->items[j];
		if (it->kind == TR_KP_BOX)
			break;
		if (it->kind == TR_KP_PENALTY && it->penalty <= -TR_PENALTY_INF && j > pos + 1)
			break;
		j++;
	}
	return j;
}

static bool is_legal(const breaker *b, int i, bool hyphenate)
{
	const tr_kp_item *it = &b->items[i];
	if (it->kind == TR_KP_PENALTY) {
		if (it->penalty >= TR_PENALTY_INF)
			return false;
		if ((it->flags & TR_KP_DICT) && !hyphenate)
			return false;
		return true;
	}
	if (it->kind == TR_KP_GLUE)
		return i > 0 && is_box(&b->items[i - 1]);
	return false;
}

static double line_width(const breaker *b, int line)
{
	return line == 0 ? b->o->width_first : b->o->width_rest;
}

/* Letters, and words, of text[start, end). */
static void count_words(const char *text, int start, int end, int *letters, int *words)
{
	*letters = 0;
	*words = 0;
	bool in_word = false;
	for (const char *s = text + start; s < text + end; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (g_unichar_isalnum(c)) {
			(*letters)++;
			if (!in_word)
				(*words)++;
			in_word = true;
		} else if (g_unichar_isspace(c) || c == 0x00A0 || c == 0x202F) {
			in_word = false;
		}
	}
}

/* Demerits for the paragraph's last line, [start, end), after a break of
 * node a: a lone fragment of a hyphenated word, or one short word. */
static double last_line_demerits(const breaker *b, const node *a, int start, int end)
{
	const tr_rules *r = b->o->rules;
	if (!b->o->text || a->pos < 0)
		return 0;
	int letters, words;
	count_words(b->o->text, start, end, &letters, &words);
	const tr_kp_item *brk = &b->items[a->pos];
	bool after_hyphen = brk->kind == TR_KP_PENALTY && (brk->flags & TR_KP_DICT);
	if (after_hyphen && words <= 1 && letters < r->last_fragment_min)
		return TR_DEMERITS_HUGE;
	if (words == 1 && letters < r->last_word_min)
		return r->short_last_demerits;
	return 0;
}

static int fitness_of(double ratio)
{
	if (ratio > 1)
		return 0;
	if (ratio > 0.5)
		return 1;
	if (ratio >= -0.5)
		return 2;
	return 3;
}

/* The final node to use: the fewest lines among the ways to end the
 * paragraph whose demerits are within the rules' budget of the best one (a
 * paragraph one line shorter is worth a little looser or tighter spacing, all
 * within the spaces' bounds), then the least demerits. */
static int choose_final(const breaker *b)
{
	int best = -1;
	double bd = INFINITY;
	for (guint k = 0; k < b->active->len; k++) {
		int ai = g_array_index(b->active, int, k);
		const node *a = &g_array_index(b->nodes, node, ai);
		if (a->pos == b->n - 1 && a->demerits < bd) {
			bd = a->demerits;
			best = ai;
		}
	}
	if (best < 0 || b->o->mode != TR_BREAK_JUSTIFY)
		return best;
	int chosen = best;
	for (guint k = 0; k < b->active->len; k++) {
		int ai = g_array_index(b->active, int, k);
		const node *a = &g_array_index(b->nodes, node, ai);
		const node *c = &g_array_index(b->nodes, node, chosen);
		if (a->pos != b->n - 1 || a->overfull || a->demerits > bd + b->o->rules->fewer_lines_budget)
			continue;
		if (a->line < c->line || (a->line == c->line && a->demerits < c->demerits))
			chosen = ai;
	}
	return chosen;
}

/* A candidate break at one breakpoint: the best way found to reach it with
 * these properties (line count, fitness, hyphen run). */
typedef struct {
	int line, fitness, hyph_run;
	double demerits;
	int prev;
	bool overfull;
} candidate;

/* True when no candidate of the same fitness and hyphen run costs less. */
static bool best_of_class(const GArray *cands, const candidate *c)
{
	for (guint k = 0; k < cands->len; k++) {
		const candidate *o = &g_array_index(cands, candidate, k);
		if (o->fitness == c->fitness && o->hyph_run == c->hyph_run &&
		    o->demerits < c->demerits)
			return false;
	}
	return true;
}

static void offer(GArray *cands, candidate c)
{
	for (guint k = 0; k < cands->len; k++) {
		candidate *o = &g_array_index(cands, candidate, k);
		if (o->line == c.line && o->fitness == c.fitness && o->hyph_run == c.hyph_run) {
			if (c.demerits < o->demerits)
				*o = c;
			return;
		}
	}
	g_array_append_val(cands, c);
}

/* In ragged text, the most lines more than the fewest that a break keeps
 * alive, so that a frame's height can still choose a paragraph of fewer lines. */
#define LINE_SLACK 4

/* One pass over the items. tolerance: the largest ratio accepted; last: when
 * no node stays active, keep an overfull line rather than fail. Returns the
 * best final node, or -1. Nodes that end with different numbers of lines are
 * kept apart, so that the pass can prefer fewer lines (see choose_final()). */
static int run_pass(breaker *b, double tolerance, bool hyphenate, bool last)
{
	const tr_break_opts *o = b->o;
	const tr_rules *r = o->rules;
	g_array_set_size(b->nodes, 0);
	g_array_set_size(b->active, 0);
	int first = after_break(b, -1);
	node start = { -1, 0, 2, 0, false, false, 0, -1, b->sw[first], b->sy[first], b->sz[first],
		       first };
	g_array_append_val(b->nodes, start);
	int zero = 0;
	g_array_append_val(b->active, zero);
	bool ragged = o->mode != TR_BREAK_JUSTIFY;
	double ragged_stretch = r->ragged_stretch * o->em;
	GArray *cands = g_array_new(FALSE, FALSE, sizeof(candidate));

	for (int i = 0; i < b->n; i++) {
		if (!is_legal(b, i, hyphenate))
			continue;
		const tr_kp_item *it = &b->items[i];
		bool forced = it->kind == TR_KP_PENALTY && it->penalty <= -TR_PENALTY_INF;
		bool flagged = it->kind == TR_KP_PENALTY && (it->flags & TR_KP_FLAGGED);
		g_array_set_size(cands, 0);
		double over_best = INFINITY;
		int over_prev = -1;
		int kept = 0;
		for (guint k = 0; k < b->active->len; k++) {
			int ai = g_array_index(b->active, int, k);
			node *a = &g_array_index(b->nodes, node, ai);
			double width = line_width(b, a->line);
			double natural = b->sw[i] - a->tw;
			if (it->kind == TR_KP_PENALTY)
				natural += it->width;
			double ratio;
			bool is_last = forced && i == b->n - 1;
			bool too_long; /* the line is longer than its width can take: no later
			                * break of this node can fit either */
			if (!ragged) {
				if (natural < width) {
					double y = b->sy[i] - a->ty;
					ratio = y > 0 ? (width - natural) / y : INFINITY;
				} else if (natural > width) {
					double z = b->sz[i] - a->tz;
					ratio = z > 0 ? (width - natural) / z : -INFINITY;
				} else {
					ratio = 0;
				}
				if (is_last && ratio > 0)
					ratio = 0; /* the last line is set at its natural width */
				too_long = ratio < -1;
			} else {
				double aim = o->mode == TR_BREAK_BALANCE ? MIN(o->target, width) : width;
				too_long = natural > width + 1e-6;
				if (is_last && o->mode != TR_BREAK_BALANCE)
					ratio = 0;
				else if (is_last && natural < aim)
					ratio = 0.5 * (aim - natural) / ragged_stretch;
				else
					ratio = (aim - natural) / ragged_stretch;
			}
			bool deactivate = too_long || forced;
			bool feasible = !too_long && (ragged || ratio <= tolerance);
			if (o->max_lines > 0 && a->line + 1 > o->max_lines)
				deactivate = true, feasible = false;
			if (flagged && a->hyph_run >= r->max_hyphen_run)
				feasible = false;
			if (flagged && a->line == o->no_hyphen_line)
				feasible = false;
			if (feasible) {
				double ar = fabs(ratio);
				double bad = 100 * ar * ar * ar;
				if (o->mode == TR_BREAK_BALANCE && ratio < 0)
					bad *= 2; /* past the aim weighs more than short of it */
				if (bad > 1e7)
					bad = 1e7;
				double d = r->line_penalty + bad;
				d *= d;
				int p = 0;
				if (it->kind == TR_KP_PENALTY && !forced)
					p = it->penalty;
				else if (it->kind == TR_KP_GLUE && ragged)
					p = it->penalty;
				if (p > 0)
					d += (double)p * p;
				else if (p < 0)
					d -= (double)p * p;
				if (flagged && a->flagged)
					d += r->double_hyphen_demerits;
				int fit = ragged ? 2 : fitness_of(ratio);
				if (!ragged && abs(fit - a->fitness) > 1)
					d += r->adj_demerits;
				if (is_last) {
					if (a->flagged)
						d += r->final_hyphen_demerits;
					int from = a->next_first < b->n ? b->items[a->next_first].pos
					                                : it->pos;
					d += last_line_demerits(b, a, from, it->pos);
				}
				d += a->demerits;
				int h = flagged ? MIN(a->hyph_run + 1, 3) : 0;
				offer(cands, (candidate){ a->line + 1, fit, h, d, ai, false });
			} else if (last && too_long && a->demerits < over_best &&
			           !(o->max_lines > 0 && a->line + 1 > o->max_lines)) {
				over_best = a->demerits;
				over_prev = ai;
			}
			if (!deactivate)
				g_array_index(b->active, int, kept++) = ai;
		}
		g_array_set_size(b->active, kept);
		if (cands->len == 0 && kept == 0 && last && over_prev >= 0) {
			/* Nothing fits: an overfull line, so that the paragraph still ends. */
			const node *p = &g_array_index(b->nodes, node, over_prev);
			offer(cands, (candidate){ p->line + 1, 2, 0, over_best + TR_DEMERITS_HUGE,
			                          over_prev, true });
		}
		int next = after_break(b, i);
		int nx = next < b->n ? next : b->n;
		/* Ways to get here that cost far more than the best can only matter
		 * for a shorter paragraph, and that only within the rules' budget:
		 * let the others go, to keep the active list short. The best way per
		 * fitness and hyphen run (Knuth and Plass's own set) always stays.
		 * When a line count is imposed, or for ragged text (whose lines a
		 * frame's height may count), every line count stays. */
		double dmin = INFINITY;
		for (guint k = 0; k < cands->len; k++)
			dmin = MIN(dmin, g_array_index(cands, candidate, k).demerits);
		double keep_below = dmin + 2 * r->fewer_lines_budget + 1;
		int lmin = INT_MAX; /* the fewest lines that reach here */
		for (guint k = 0; k < cands->len; k++)
			lmin = MIN(lmin, g_array_index(cands, candidate, k).line);
		bool by_lines = ragged || o->max_lines > 0;
		for (guint k = 0; k < cands->len; k++) {
			const candidate *c = &g_array_index(cands, candidate, k);
			/* The line count matters: every count stays, up to a few more
			 * than the fewest (a paragraph of 16 000 characters would
			 * otherwise keep thousands of counts alive). */
			bool counted = by_lines && (o->max_lines > 0 || c->line <= lmin + LINE_SLACK);
			if (!counted && c->demerits > keep_below && !best_of_class(cands, c))
				continue;
			node nn = { i, c->line, c->fitness, c->hyph_run, flagged, c->overfull,
				    c->demerits, c->prev, b->sw[nx], b->sy[nx], b->sz[nx], next };
			g_array_append_val(b->nodes, nn);
			int idx = (int)b->nodes->len - 1;
			g_array_append_val(b->active, idx);
		}
		if (b->active->len == 0) {
			g_array_unref(cands);
			return -1;
		}
	}
	g_array_unref(cands);
	return choose_final(b);
}

/* Fills the lines of the breaks that end at node `last`. */
static void collect(const breaker *b, int last, GArray *lines)
{
	int count = 0;
	for (int k = last; k > 0; k = g_array_index(b->nodes, node, k).prev)
		count++;
	guint base = lines->len;
	g_array_set_size(lines, base + count);
	int li = count - 1;
	for (int k = last; k > 0; k = g_array_index(b->nodes, node, k).prev, li--) {
		const node *nd = &g_array_index(b->nodes, node, k);
		const node *pv = &g_array_index(b->nodes, node, nd->prev);
		tr_break_line *l = &g_array_index(lines, tr_break_line, base + li);
		const tr_kp_item *brk = &b->items[nd->pos];
		memset(l, 0, sizeof *l);
		l->first = pv->next_first;
		l->brk = nd->pos;
		l->start = l->first < b->n ? b->items[l->first].pos : brk->pos;
		l->end = brk->pos;
		l->natural = b->sw[nd->pos] - pv->tw;
		if (brk->kind == TR_KP_PENALTY)
			l->natural += brk->width;
		l->stretch = b->sy[nd->pos] - pv->ty;
		l->shrink = b->sz[nd->pos] - pv->tz;
		for (int j = l->first; j < nd->pos; j++) {
			const tr_kp_item *it = &b->items[j];
			if (it->kind == TR_KP_GLUE && !(it->flags & TR_KP_FIXED)) {
				l->glues++;
				l->glue_stretch += it->stretch;
				l->glue_shrink += it->shrink;
			} else if (it->kind == TR_KP_BOX) {
				l->glyphs += it->glyphs;
			}
		}
		l->flagged = brk->kind == TR_KP_PENALTY && (brk->flags & TR_KP_FLAGGED);
		l->hyphen = l->flagged && (brk->flags & TR_KP_DICT);
		l->overfull = nd->overfull;
		double width = line_width(b, pv->line);
		bool is_last = nd->pos == b->n - 1;
		if (b->o->mode == TR_BREAK_JUSTIFY) {
			if (l->natural < width && !is_last)
				l->ratio = l->stretch > 0 ? (width - l->natural) / l->stretch : 0;
			else if (l->natural > width)
				l->ratio = l->shrink > 0 ? MAX(-1, (width - l->natural) / l->shrink) : 0;
			if (l->natural - (l->shrink > 0 ? l->shrink : 0) > width + 1e-6)
				l->overfull = true;
		} else if (l->natural > width + 1e-6) {
			l->overfull = true;
		}
	}
}

double tr_break_paragraph(const tr_kp_item *items, int n, const tr_break_opts *o,
                          GArray *lines)
{
	g_return_val_if_fail(n > 0, -1);
	breaker b = { items, n, o, NULL, NULL, NULL, g_array_new(FALSE, FALSE, sizeof(node)),
		      g_array_new(FALSE, FALSE, sizeof(int)) };
	prefix_sums(&b);
	const tr_rules *r = o->rules;
	int best = run_pass(&b, r->max_ratio, o->hyphenate, false);
	if (best < 0)
		best = run_pass(&b, r->emergency_ratio, o->hyphenate, false);
	if (best < 0)
		best = run_pass(&b, INFINITY, o->hyphenate, true);
	double demerits = -1;
	if (best >= 0) {
		collect(&b, best, lines);
		/* Bonuses (a break after "," or ":") can make a short paragraph's
		 * total negative: still a success, which callers tell from -1. */
		demerits = MAX(g_array_index(b.nodes, node, best).demerits, 0);
	}
	g_free(b.sw);
	g_array_unref(b.nodes);
	g_array_unref(b.active);
	return demerits;
}
