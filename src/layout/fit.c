/* fit.c — the size each text is set at. See fit.h. */
#include "layout/fit.h"
#include "i18n.h"

#include <math.h>
#include <string.h>

#define SIZE_STEP 0.25  /* candidate sizes are multiples of this above the floor (pt) */
#define MAX_STEPS 4000  /* a range is searched in this many steps at most */


/* ------------------------------------------------------------------ */
/* Sizes */

/* The effective floor of a chain: the layout's, raised by a reading distance
 * to the size whose capitals are read from there; size_min when none. */
static double floor_of(const tr_fitting *f, const tr_chain *c)
{
	const tr_textstyle *st = tr_chain_style(c);
	double fl = st->floor > 0 ? st->floor : st->size_min;
	if (st->read_from > 0 && c->n_shaped > 0) {
		double cap = tr_shaped_cap_height(f->shaper, c->shaped[0]) / TR_REF_SIZE; /* em */
		double cap_mm = st->read_from * 1000 / f->rules->read_ratio;
		double size = cap_mm * TR_MM_TO_PT / cap;
		fl = MAX(fl, ceil(size / SIZE_STEP) * SIZE_STEP);
	}
	return MIN(fl, st->size_min);
}

/* Steps of SIZE_STEP in the wished range, and below it down to the floor. */
static int steps_above(const tr_textstyle *st)
{
	int n = (int)floor((st->size_max - st->size_min) / SIZE_STEP + 1e-9);
	return MIN(n, MAX_STEPS);
}

static int steps_below(const tr_fitting *f, const tr_chain *c)
{
	const tr_textstyle *st = tr_chain_style(c);
	int n = (int)floor((st->size_min - floor_of(f, c)) / SIZE_STEP + 1e-9);
	return MIN(n, MAX_STEPS);
}

/* The size at fraction t of a chain's sizes: t in [0, 1] spans the wished
 * range, t in [-1, 0) the room below it down to the floor; a multiple of
 * SIZE_STEP from size_min. */
static double size_at(const tr_fitting *f, const tr_chain *c, double t)
{
	const tr_textstyle *st = tr_chain_style(c);
	if (t >= 0) {
		double k = floor(t * steps_above(st) + 1e-9);
		return st->size_min + k * SIZE_STEP;
	}
	double k = ceil(-t * steps_below(f, c) - 1e-9);
	return st->size_min - k * SIZE_STEP;
}

/* Finds the largest t = lo + (hi - lo) · k / steps (k = 0 … steps) for which
 * fits(t) holds, by bisection (a text that fits at a size fits at a smaller
 * one). The last call to fits() that succeeded was for the answer. Returns
 * false when even t = lo does not fit. */
static bool search(bool (*fits)(void *, double), void *data, double lo, double hi, int steps,
                   double *t)
{
	*t = hi;
	if (steps < 1)
		return fits(data, hi) || (lo != hi && fits(data, *t = lo));
	if (fits(data, hi))
		return true;
	int a = 0, b = steps; /* b does not fit; a is assumed to */
	while (b - a > 1) {
		int mid = (a + b) / 2;
		if (fits(data, lo + (hi - lo) * mid / steps))
			a = mid;
		else
			b = mid;
	}
	*t = lo + (hi - lo) * a / steps;
	/* Each success raised a: the last one that succeeded was for the answer. */
	return a > 0 || fits(data, lo);
}

/* ------------------------------------------------------------------ */
/* Messages */

/* The frames of a chain for a note: "title" (poster), "body-verso" (verso, in a stack). */
static char *frame_names(const tr_layoutdesc *ld, const tr_chain *c)
{
	GString *names = g_string_new(NULL);
	for (guint i = 0; i < c->frames->len; i++) {
		const tr_frame_ref *fr = &g_array_index(c->frames, tr_frame_ref, i);
		if (i)
			g_string_append(names, ", ");
		g_string_append_printf(names, fr->stack ? _("\"%s\" (%s, in a stack)") : "\"%s\" (%s)",
		                       fr->item->id, ld->pages[fr->page].name);
	}
	return g_string_free(names, FALSE);
}

/* Reports a chain that does not fit even at its floor, placed in the ng
 * columns g. */
static void report_overflow(const tr_fitting *f, const tr_chain *c, const tr_fgeom *g, size_t ng,
                            const tr_try *t)
{
	const tr_textstyle *st = tr_chain_style(c);
	const tr_item *first = g_array_index(c->frames, tr_frame_ref, 0).item;
	const char *file = f->ev->path, *what = c->tb.what, *name = f->ld->name;
	tr_overflow ov;
	tr_flow_chain(c, g, ng, t, f->rules, f->ev->lang, NULL, &ov, NULL);
	if (ov.wide > 0)
		tr_diag_add(f->d, TR_SEV_ERROR, file, c->tb.pos,
		            _("the %s does not fit in the layout %s: “%s” is %.1f mm wide at "
		              "%.4g pt; the frame is %.1f mm"),
		            what, name, ov.word, ov.wide / TR_MM_TO_PT, t->size,
		            ov.room / TR_MM_TO_PT);
	else if (ov.lines > 0 || ov.chars > 0) {
		char *chars = g_strdup_printf(NG_("%ld character", "%ld characters", ov.chars),
		                              ov.chars);
		char *lines = g_strdup_printf(NG_("%d line", "%d lines", ov.lines), ov.lines);
		/* TRANSLATORS: "about 120 characters or 3 lines too long" */
		tr_diag_add(f->d, TR_SEV_ERROR, file, c->tb.pos,
		            _("the %s does not fit in the layout %s even at %.4g pt: about %s or %s "
		              "too long"),
		            what, name, t->size, chars, lines);
		g_free(lines);
		g_free(chars);
	} else
		tr_diag_add(f->d, TR_SEV_ERROR, file, c->tb.pos,
		            NG_("the %s does not fit in the layout %s even at %.4g pt: it needs more "
		                "than the %d line its frame allows (max-lines)",
		                "the %s does not fit in the layout %s even at %.4g pt: it needs more "
		                "than the %d lines its frame allows (max-lines)", st->max_lines),
		            what, name, t->size, st->max_lines);
	char *names = frame_names(f->ld, c);
	double fl = floor_of(f, c);
	char *range = fl < st->size_min
		? g_strdup_printf(_("%.4g to %.4g pt, down to %.4g pt at the least"), st->size_min,
		                  st->size_max, fl)
		: g_strdup_printf(_("%.4g to %.4g pt"), st->size_min, st->size_max);
	/* TRANSLATORS: "title: frame "title" (poster), 40 to 90 pt; shorten the text" */
	tr_diag_add(f->d, TR_SEV_NOTE, f->ld->path, first->pos,
	            NG_("%s: frame %s, %s; %s", "%s: frames %s, %s; %s", c->frames->len), what,
	            names, range,
	            ov.wide > 0 ? _("shorten the word, or put a hyphen in it where it may break")
	                        : _("shorten the text"));
	g_free(range);
	g_free(names);
}

/* Warns that a chain is set below its wished range. */
static void report_below(const tr_fitting *f, const tr_chain *c)
{
	const tr_textstyle *st = tr_chain_style(c);
	if (c->size >= st->size_min - 1e-9 || c->n_shaped == 0)
		return;
	double cap_mm = tr_shaped_cap_height(f->shaper, c->shaped[0]) / TR_REF_SIZE * c->size /
	                TR_MM_TO_PT;
	double metres = cap_mm * f->rules->read_ratio / 1000;
	tr_diag_add(f->d, TR_SEV_WARNING, f->ev->path, c->tb.pos,
	            _("the %s is set at %.4g pt, below the %.4g to %.4g pt the layout %s wishes: "
	              "its capitals are %.1f mm high, read comfortably from about %.1f m"),
	            c->tb.what, c->size, st->size_min, st->size_max, f->ld->name, cap_mm,
	            metres);
}

/* What balance_columns() found for one text, try and geometry: the text ends
 * in its columns at heights >= fits, not at heights <= fails. */
typedef struct {
	double fits, fails;
} balance_known;

void tr_fitting_clear(tr_fitting *f)
{
	g_clear_pointer(&f->balanced, g_hash_table_unref);
}

/* The bounds known for chain c tried at tt in g, its columns [a, b) of any
 * height (their y and h do not change where the text ends; every other frame
 * must be as it was). */
static balance_known *known_for(const tr_fitting *f, const tr_chain *c, const tr_fgeom *g,
                                size_t ng, size_t a, size_t b, const tr_try *tt)
{
	GString *key = g_string_new(NULL);
	g_string_append_printf(key, "%p %a %a %d %zu %zu %zu", (const void *)c, tt->size,
	                       tt->track, tt->hyphenate, ng, a, b);
	for (size_t k = 0; k < ng; k++)
		g_string_append_printf(key, "|%a %zu %zu %a", g[k].w, g[k].frame, g[k].page,
		                       k >= a && k < b ? 0.0 : g[k].h);
	balance_known *known = g_hash_table_lookup(f->balanced, key->str);
	if (known) {
		g_string_free(key, TRUE);
		return known;
	}
	known = g_new(balance_known, 1);
	*known = (balance_known){ INFINITY, -INFINITY };
	g_hash_table_insert(f->balanced, g_string_free(key, FALSE), known);
	return known;
}

/* Balanced columns: when the text ends in a frame of several columns, its
 * columns take the least height that still holds the rest of the text there
 * (the text must not move on to a later frame), so that they end level.
 * g[] is changed; returns the height of those columns, or -1 when the text
 * does not end in such a frame. end is the placement in g as given. */
static double balance_columns(const tr_fitting *f, const tr_chain *c, tr_fgeom *g, size_t ng,
                              const tr_try *tt, const tr_chain_end *end)
{
	size_t e = MIN(end->frame, ng - 1);
	size_t frame = g[e].frame;
	size_t a = e, b = e + 1; /* the columns of that frame: [a, b) */
	while (a > 0 && g[a - 1].frame == frame)
		a--;
	while (b < ng && g[b].frame == frame)
		b++;
	if (b - a < 2)
		return -1;
	/* Columns the text itself breaks (a practical block: the date, then the
	 * place) keep their own heights. */
	for (int i = 0; i < c->n_shaped; i++)
		if (tr_chain_para(c, i)->column_break)
			return -1;
	/* Whether the text ends in those columns grows with their height: what
	 * earlier calls found for the same text, try and other frames (a stack
	 * search tries one size at many places) answers many of the heights the
	 * bisection asks about, with the same answers. */
	balance_known *known = f->balanced ? known_for(f, c, g, ng, a, b, tt) : NULL;
	double lo = 0, hi = g[a].h;
	while (hi - lo > 0.5) {
		double mid = (lo + hi) / 2;
		bool ends;
		if (known && mid >= known->fits)
			ends = true;
		else if (known && mid <= known->fails)
			ends = false;
		else {
			for (size_t k = a; k < b; k++)
				g[k].h = mid;
			tr_chain_end te;
			ends = tr_flow_chain(c, g, ng, tt, f->rules, f->ev->lang, NULL, NULL, &te) &&
			       g[MIN(te.frame, ng - 1)].frame == frame;
			if (known && ends)
				known->fits = MIN(known->fits, mid);
			else if (known)
				known->fails = MAX(known->fails, mid);
		}
		if (ends)
			hi = mid;
		else
			lo = mid;
	}
	for (size_t k = a; k < b; k++)
		g[k].h = hi;
	return hi;
}

/* ------------------------------------------------------------------ */
/* Chains of fixed frames */

typedef struct {
	const tr_fitting *f;
	tr_chain *c;
	const tr_fgeom *g;
	size_t ng;
	double track;
	bool hyphenate;
	bool strict;       /* a try with loose lines, or a few lines alone on the
	                    * next page, does not count as fitting */
	tr_chain_end end;  /* of the last try that fit */
	double size;       /* of the last try that fit */
	GArray *lines;     /* of the last try that fit */
} chain_search;

/* True when a try of chain c at tt, which ended at end, is larger than its
 * style lets a long paragraph be (grow-lines): above the wished minimum, no
 * paragraph may take more lines than that. */
static bool grown_too_long(const tr_chain *c, const tr_try *tt, const tr_chain_end *end)
{
	const tr_textstyle *st = tr_chain_style(c);
	return st->grow_lines > 0 && tt->size > st->size_min + 1e-6 &&
	       end->para_lines > st->grow_lines;
}

static tr_try try_at(const chain_search *cs, double t)
{
	return (tr_try){ size_at(cs->f, cs->c, t), cs->track, cs->hyphenate };
}

static bool chain_fits(void *data, double t)
{
	chain_search *cs = data;
	tr_try tt = try_at(cs, t);
	GArray *lines = tr_placed_new();
	tr_chain_end end;
	bool ok = tr_flow_chain(cs->c, cs->g, cs->ng, &tt, cs->f->rules, cs->f->ev->lang, lines,
	                        NULL, &end) &&
	          !(cs->strict && (end.loose > 0 || end.short_carry)) &&
	          !grown_too_long(cs->c, &tt, &end);
	if (ok) {
		tr_placed_free(cs->lines);
		cs->lines = lines;
		cs->end = end;
		cs->size = tt.size;
	} else {
		tr_placed_free(lines);
	}
	return ok;
}

/* Display text: ragged, not hyphenated. */
static bool is_display(const tr_textstyle *st)
{
	return st->align != TR_ALIGN_JUSTIFY && !st->hyphenate;
}

/* A display text whose breaks end a line on "à" or "the" looks for a size a
 * little smaller that reads better. t is the fraction found, lo the lowest
 * the search went; cs holds the placement at t. */
static void better_reading(chain_search *cs, double t, double lo, int steps, double hi)
{
	if (!cs->end.bad_phrase || steps < 1)
		return;
	double size = cs->size;
	double limit = size * (1 - cs->f->rules->display_size_slack);
	const tr_textstyle *st = tr_chain_style(cs->c);
	if (size >= st->size_min)
		limit = MAX(limit, st->size_min); /* never out of the wished range for it */
	double step = (hi - lo) / steps;
	for (double u = t - step; u >= lo - 1e-9; u -= step) {
		tr_try tt = try_at(cs, u);
		if (tt.size < limit)
			break;
		tr_chain_end end;
		GArray *lines = tr_placed_new();
		bool ok = tr_flow_chain(cs->c, cs->g, cs->ng, &tt, cs->f->rules, cs->f->ev->lang,
		                        lines, NULL, &end);
		if (ok && !end.bad_phrase) {
			tr_placed_free(cs->lines);
			cs->lines = lines;
			cs->end = end;
			cs->size = tt.size;
			return;
		}
		tr_placed_free(lines);
	}
}

bool tr_fit_chain(const tr_fitting *f, tr_chain *c)
{
	size_t ng;
	tr_fgeom *g = tr_chain_geometry(c, 0, &ng);
	const tr_textstyle *st = tr_chain_style(c);
	bool display = is_display(st);
	/* Looks first for a size at which no justified line has to be
	 * stretched past the rules (a narrow column with long words) and the
	 * text does not leave a few lines alone on the next page, then takes the
	 * largest that fits. */
	chain_search cs = { f, c, g, ng, 0, false, true, { 0 }, 0, NULL };
	int above = MAX(steps_above(st), 0), below = steps_below(f, c);
	double t;
	double lo = 0;
	bool ok = search(chain_fits, &cs, 0, 1, above, &t);
	if (!ok && cs.strict) {
		cs.strict = false;
		ok = search(chain_fits, &cs, 0, 1, above, &t);
	}
	cs.strict = false;
	if (!ok && display && f->rules->track_tighten > 0) {
		cs.track = -f->rules->track_tighten;
		ok = search(chain_fits, &cs, 0, 1, above, &t);
	}
	if (!ok && below > 0) {
		lo = -1;
		ok = search(chain_fits, &cs, -1, 0, below, &t);
	}
	if (!ok && display) {
		/* Last resort: hyphenate a word wider than the frame. */
		tr_overflow ov;
		tr_try at_floor = { size_at(f, c, below > 0 ? -1 : 0), cs.track, false };
		tr_flow_chain(c, g, ng, &at_floor, f->rules, f->ev->lang, NULL, &ov, NULL);
		if (ov.wide > 0) {
			cs.hyphenate = true;
			lo = below > 0 ? -1 : 0;
			ok = search(chain_fits, &cs, lo, 1, above + below, &t);
			if (ok) {
				c->hyphenated = true;
				tr_diag_add(f->d, TR_SEV_WARNING, f->ev->path, c->tb.pos,
				            _("the %s is hyphenated at %.4g pt: “%s” is wider than its "
				              "frame (%.1f mm) even at %.4g pt"),
				            c->tb.what, cs.size, ov.word, ov.room / TR_MM_TO_PT,
				            at_floor.size);
			}
		}
	}
	if (!ok) {
		tr_try at_floor = { size_at(f, c, below > 0 ? -1 : 0), cs.track, false };
		report_overflow(f, c, g, ng, &at_floor);
		tr_placed_free(cs.lines);
		g_free(g);
		return false;
	}
	if (display && c->frames->len == 1 && c->n_shaped == 1)
		better_reading(&cs, t, lo, lo < 0 ? below : above, lo < 0 ? 0 : 1);
	/* Balanced columns where the text ends. */
	tr_try final = try_at(&cs, 0);
	final.size = cs.size;
	if (balance_columns(f, c, g, ng, &final, &cs.end) >= 0) {
		tr_placed_free(cs.lines);
		cs.lines = tr_placed_new();
		tr_flow_chain(c, g, ng, &final, f->rules, f->ev->lang, cs.lines, NULL, &cs.end);
	}
	c->lines = cs.lines;
	c->size = cs.size;
	c->track = cs.track;
	report_below(f, c);
	/* One frame: its vertical alignment. */
	double dy = 0;
	if (ng == 1 && st->valign != TR_VALIGN_TOP) {
		double free_h = g[0].h - cs.end.y;
		dy = st->valign == TR_VALIGN_MIDDLE ? free_h / 2 : free_h;
	}
	for (guint i = 0; i < c->lines->len; i++)
		g_array_index(c->lines, tr_placed, i).y += dy;
	g_free(g);
	return true;
}

/* ------------------------------------------------------------------ */
/* Stacks */

typedef struct {
	const tr_fitting *f;
	const tr_item *stack;
	tr_chain **chains; /* in the order of the stack's children */
	size_t n;
	size_t failed;     /* the chain that did not fit at the last try */
	double foot;       /* where the last try that fit ended, pt */
	GArray **lines;    /* per chain, of the last try that fit */
	double *sizes;
	bool strict;       /* as chain_search's */
	bool *capped;      /* per chain: it cannot grow further (its own limits) */
	double *held;      /* per chain: the fraction a capped chain keeps */
	long outside;      /* a chain that must stay out of the stack to fit, or -1 */
} stack_search;

/* The fraction chain i is tried at when the others are tried at t. */
static double fraction_of(const stack_search *ss, size_t i, double t)
{
	return ss->capped[i] ? ss->held[i] : t;
}

/* Flows chain c into its frames, those in the stack starting at cursor, with
 * balanced columns where it ends. end->y is the height used in the frame it
 * ends in (for a band, its padding included). */
static bool flow_in_stack(const stack_search *ss, tr_chain *c, double cursor,
                          const tr_try *tt, GArray *out, tr_chain_end *end,
                          const tr_item **end_stack)
{
	size_t ng;
	tr_fgeom *g = tr_chain_geometry(c, cursor, &ng);
	const tr_fitting *f = ss->f;
	bool ok = tr_flow_chain(c, g, ng, tt, f->rules, f->ev->lang, NULL, NULL, end);
	if (ok) {
		double h = balance_columns(f, c, g, ng, tt, end);
		ok = tr_flow_chain(c, g, ng, tt, f->rules, f->ev->lang, out, NULL, end);
		if (h >= 0)
			end->y = h;
	}
	const tr_fgeom *eg = &g[MIN(end->frame, ng - 1)];
	*end_stack = eg->stack;
	/* The height used in the stack includes the band's padding. */
	const tr_item *eit = g_array_index(c->frames, tr_frame_ref, eg->frame).item;
	if (eit->has_background && end->y > 0)
		end->y += 2 * eit->padding * TR_MM_TO_PT;
	/* A text that goes on past the stack, in a later frame, leaves it full:
	 * nothing goes under it there, and nothing moves it down (valign, a band
	 * that grows). */
	for (size_t k = 0; eg->stack != ss->stack && k < MIN(end->frame, ng); k++)
		if (g[k].stack == ss->stack) {
			*end_stack = ss->stack;
			end->y = MAX(0, (ss->stack->y + ss->stack->h) * TR_MM_TO_PT - cursor);
			break;
		}
	g_free(g);
	return ok;
}

/* Places the stack's chains one under the other at fraction t. With out, keeps
 * the placed lines of each chain. */
static bool stack_place(stack_search *ss, double t, GArray **out, double *foot)
{
	double cursor = ss->stack->y * TR_MM_TO_PT;
	double gap = ss->stack->gap * TR_MM_TO_PT;
	for (size_t i = 0; i < ss->n; i++) {
		tr_chain *c = ss->chains[i];
		tr_try tt = { size_at(ss->f, c, fraction_of(ss, i, t)), 0, false };
		tr_chain_end end;
		const tr_item *end_stack;
		if (out)
			out[i] = tr_placed_new();
		bool ok = flow_in_stack(ss, c, cursor, &tt, out ? out[i] : NULL, &end, &end_stack) &&
		          !(ss->strict && (end.loose > 0 || end.short_carry)) &&
		          !grown_too_long(c, &tt, &end);
		if (ok && end_stack == ss->stack && end.y > 0)
			cursor += end.y + gap;
		if (!ok) {
			ss->failed = i;
			return false;
		}
	}
	if (foot)
		*foot = cursor > ss->stack->y * TR_MM_TO_PT ? cursor - gap : cursor;
	return true;
}

/* True when the placed line is in a frame of the stack. */
static bool line_in_stack(const tr_chain *c, const tr_placed *pl, const tr_item *stack)
{
	for (guint i = 0; i < c->frames->len; i++) {
		const tr_frame_ref *fr = &g_array_index(c->frames, tr_frame_ref, i);
		if (fr->stack == stack && fr->page == pl->page && strcmp(fr->item->id, pl->frame) == 0)
			return true;
	}
	return false;
}

/* The frame of chain c in stack, when it has a band whose padding may grow
 * (padding: [min, max]) and lines of c are in the stack, or NULL. */
static const tr_item *growing_band(const tr_chain *c, const tr_item *stack)
{
	const tr_item *band = NULL;
	for (guint i = 0; !band && i < c->frames->len; i++) {
		const tr_frame_ref *fr = &g_array_index(c->frames, tr_frame_ref, i);
		if (fr->stack == stack && fr->item->has_background &&
		    fr->item->padding_max > fr->item->padding)
			band = fr->item;
	}
	for (guint li = 0; band && li < c->lines->len; li++)
		if (line_in_stack(c, &g_array_index(c->lines, tr_placed, li), stack))
			return band;
	return NULL;
}

/* True when one of lines (of chain c) is in a frame of the stack. */
static bool lines_in_stack(const tr_chain *c, const GArray *lines, const tr_item *stack)
{
	for (guint li = 0; lines && li < lines->len; li++)
		if (line_in_stack(c, &g_array_index(lines, tr_placed, li), stack))
			return true;
	return false;
}

static bool stack_fits(void *data, double t)
{
	stack_search *ss = data;
	GArray **lines = g_new0(GArray *, ss->n);
	double foot;
	bool ok = stack_place(ss, t, lines, &foot);
	if (ok && ss->outside >= 0)
		ok = !lines_in_stack(ss->chains[ss->outside], lines[ss->outside], ss->stack);

	for (size_t i = 0; i < ss->n; i++) {
		if (ok) {
			tr_placed_free(ss->lines[i]);
			ss->lines[i] = lines[i];
			ss->sizes[i] = size_at(ss->f, ss->chains[i], fraction_of(ss, i, t));
		} else {
			tr_placed_free(lines[i]);
		}
	}
	if (ok)
		ss->foot = foot;
	g_free(lines);
	return ok;
}

/* Moves a stack's texts down to its middle or foot (its valign), unless a text
 * flows into it from an earlier frame: that one must go on at the top. Before
 * that, a band whose padding is a range takes up to half the room left, as
 * padding above and below its text (the bands share that half). */
static void stack_align(const stack_search *ss)
{
	const tr_item *stack = ss->stack;
	for (size_t i = 0; i < ss->n; i++) {
		const tr_chain *c = ss->chains[i];
		if (g_array_index(c->frames, tr_frame_ref, 0).stack != stack &&
		    lines_in_stack(c, c->lines, stack))
			return;
	}
	double free_h = (stack->y + stack->h) * TR_MM_TO_PT - ss->foot;
	size_t bands = 0;
	for (size_t i = 0; i < ss->n; i++)
		bands += growing_band(ss->chains[i], stack) != NULL;
	double grown = 0; /* the bands' growth above chain i */
	for (size_t i = 0; i < ss->n; i++) {
		tr_chain *c = ss->chains[i];
		const tr_item *band = growing_band(c, stack);
		c->pad_extra = 0;
		if (band && free_h > 0)
			c->pad_extra = MIN((band->padding_max - band->padding) * TR_MM_TO_PT,
			                   free_h / 2 / bands / 2);
		double dy = grown + c->pad_extra;
		grown += 2 * c->pad_extra;
		for (guint li = 0; li < c->lines->len; li++) {
			tr_placed *pl = &g_array_index(c->lines, tr_placed, li);
			if (line_in_stack(c, pl, stack))
				pl->y += dy;
		}
	}
	free_h -= grown;
	if (stack->style.valign == TR_VALIGN_TOP || free_h <= 0)
		return;
	for (size_t i = 0; i < ss->n; i++) {
		/* spread: the room left goes, in equal parts, above, between and
		 * under the texts. */
		double dy = stack->style.valign == TR_VALIGN_MIDDLE   ? free_h / 2
		            : stack->style.valign == TR_VALIGN_SPREAD ? free_h * (i + 1) / (ss->n + 1)
		                                                      : free_h;
		const tr_chain *c = ss->chains[i];
		for (guint li = 0; li < c->lines->len; li++) {
			tr_placed *pl = &g_array_index(c->lines, tr_placed, li);
			if (line_in_stack(c, pl, stack))
				pl->y += dy;
		}
	}
}

/* True when chain i cannot be set one size larger than at fraction t even
 * with the whole stack to itself: its own limits (max-lines, a word as wide
 * as the frame) stop it, not the room the other texts take; or when it starts
 * before the stack. */
static bool stops_growing(const stack_search *ss, size_t i, double t)
{
	tr_chain *c = ss->chains[i];
	int steps = steps_above(tr_chain_style(c));
	if (steps == 0 || t >= 1)
		return true;
	/* A text that starts before the stack (the body, begun on the recto)
	 * grows only while it stays there: it must not push lines into here. */
	bool before = g_array_index(c->frames, tr_frame_ref, 0).stack != ss->stack;
	if (before && ss->lines[i])
		for (guint li = 0; li < ss->lines[i]->len; li++)
			if (line_in_stack(c, &g_array_index(ss->lines[i], tr_placed, li), ss->stack))
				return true;
	double next = (floor(t * steps + 1e-9) + 1) / steps;
	tr_try tt = { size_at(ss->f, c, MIN(next, 1)), 0, false };
	tr_chain_end end;
	const tr_item *end_stack;
	bool ok = flow_in_stack(ss, c, ss->stack->y * TR_MM_TO_PT, &tt, NULL, &end, &end_stack);
	return !ok || (ss->strict && (end.loose > 0 || end.short_carry)) ||
	       grown_too_long(c, &tt, &end) || (before && end_stack == ss->stack && end.y > 0);
}

/* From the common fraction t at which the stack's texts fit, lets the texts
 * that can still grow go on together, past those that their own limits stop
 * (a title repeated on the verso reaching its max-lines): a short event's
 * practical block then fills the room the title cannot take. Stops when the
 * texts left fill the stack's height. */
static double grow_past_capped(stack_search *ss, double t, int steps)
{
	for (;;) {
		bool newly = false, any_left = false;
		for (size_t i = 0; i < ss->n; i++)
			if (!ss->capped[i] && stops_growing(ss, i, t)) {
				ss->capped[i] = true;
				ss->held[i] = t;
				newly = true;
			}
		for (size_t i = 0; i < ss->n; i++)
			any_left |= !ss->capped[i];
		if (!newly || !any_left)
			return t;
		int left = (int)ceil((1 - t) * steps - 1e-9);
		double nt;
		if (left < 1 || !search(stack_fits, ss, t, 1, left, &nt) || nt <= t)
			return t;
		t = nt;
	}
}

/* How many of the placed lines end with a drawn hyphen. */
static int hyphenated_lines(const GArray *lines)
{
	int n = 0;
	for (guint i = 0; lines && i < lines->len; i++) {
		const tr_placed *pl = &g_array_index(lines, tr_placed, i);
		n += pl->line && pl->line->hyphen;
	}
	return n;
}

/* A text that starts before the stack and ends before it (a short body the
 * recto holds whole) is not held back by the stack's texts, which fill the
 * stack at fraction t: it grows alone, the others kept where they are, as long
 * as it stays out of the stack, and as long as that does not fill it with
 * hyphens. The placement found is left in ss. */
static void grow_outside(stack_search *ss, double t, int steps)
{
	for (size_t i = 0; i < ss->n; i++) {
		tr_chain *c = ss->chains[i];
		double from = fraction_of(ss, i, t);
		int own = steps_above(tr_chain_style(c));
		if (g_array_index(c->frames, tr_frame_ref, 0).stack == ss->stack || !ss->lines[i] ||
		    ss->lines[i]->len == 0 || lines_in_stack(c, ss->lines[i], ss->stack) || from >= 1 ||
		    own == 0)
			continue;
		/* A narrow column one step larger can take twice the hyphens: the
		 * largest size whose hyphenated lines stay within one in eight lines,
		 * or as few as at the size it starts from (its lines now). */
		int limit = MAX(hyphenated_lines(ss->lines[i]), (int)ss->lines[i]->len / 8);
		bool *capped = g_memdup2(ss->capped, ss->n * sizeof *capped);
		double *held = g_memdup2(ss->held, ss->n * sizeof *held);
		for (size_t j = 0; j < ss->n; j++)
			if (j != i && !ss->capped[j]) {
				ss->capped[j] = true;
				ss->held[j] = t;
			}
		ss->capped[i] = false;
		ss->outside = (long)i;
		int left = (int)ceil((1 - from) * steps - 1e-9);
		double nt = from, best = from;
		/* search() ends on a placement that fits: at nt, or at from again */
		bool searched = left >= 1 && search(stack_fits, ss, from, 1, left, &nt) && nt > from;
		for (double u = nt; searched && u > from + 1e-9; u -= 1.0 / own)
			if (stack_fits(ss, u) && hyphenated_lines(ss->lines[i]) <= limit) {
				best = u;
				break;
			}
		if (searched && best == from)
			stack_fits(ss, from); /* the placement left in ss is at best */
		ss->outside = -1;
		memcpy(ss->capped, capped, ss->n * sizeof *capped);
		memcpy(ss->held, held, ss->n * sizeof *held);
		ss->capped[i] = true;
		ss->held[i] = best;
		g_free(capped);
		g_free(held);
	}
}

/* Searches the sizes of the stack's texts in their wished ranges: as for one
 * chain, first without loose lines or a short carry; then lets those that
 * can grow past those that cannot. The placement found is left in ss. */
static bool search_wished(stack_search *ss, int above)
{
	double t;
	memset(ss->capped, 0, ss->n * sizeof *ss->capped);
	ss->strict = true;
	bool ok = search(stack_fits, ss, 0, 1, above, &t);
	if (!ok) {
		ss->strict = false;
		ok = search(stack_fits, ss, 0, 1, above, &t);
	}
	if (ok && t < 1)
		grow_outside(ss, grow_past_capped(ss, t, above), above);
	ss->strict = false;
	return ok;
}

/* True when chain c has a frame in the stack that may take fewer columns. */
static bool may_take_fewer(const tr_chain *c, const tr_item *stack)
{
	for (guint i = 0; i < c->frames->len; i++) {
		const tr_frame_ref *fr = &g_array_index(c->frames, tr_frame_ref, i);
		if (fr->stack == stack && fr->item->columns_min > 0 &&
		    fr->item->columns_min < fr->item->columns)
			return true;
	}
	return false;
}

/* A short event leaves the stack room: the texts whose frames may take fewer
 * columns (columns: [1, 2]) are tried in fewer, which is kept when that sets
 * one of them larger and no text smaller (a place name too long for half
 * the column no longer holds the practical block back). */
static void try_fewer_columns(stack_search *ss, int above)
{
	bool any = false;
	for (size_t i = 0; i < ss->n; i++)
		any |= may_take_fewer(ss->chains[i], ss->stack);
	double room = (ss->stack->y + ss->stack->h) * TR_MM_TO_PT - ss->foot;
	if (!any || room < ss->stack->h * TR_MM_TO_PT / 4)
		return;
	GArray **lines = ss->lines;
	double *sizes = ss->sizes, foot = ss->foot;
	bool *capped = g_memdup2(ss->capped, ss->n * sizeof *ss->capped);
	double *held = g_memdup2(ss->held, ss->n * sizeof *ss->held);
	ss->lines = g_new0(GArray *, ss->n);
	ss->sizes = g_new0(double, ss->n);
	for (size_t i = 0; i < ss->n; i++)
		ss->chains[i]->fewer_columns = may_take_fewer(ss->chains[i], ss->stack);
	bool better = search_wished(ss, above), larger = false;
	for (size_t i = 0; better && i < ss->n; i++) {
		better = ss->sizes[i] >= sizes[i] - 1e-9;
		larger |= ss->chains[i]->fewer_columns && ss->sizes[i] > sizes[i] + 1e-9;
	}
	bool keep = better && larger;
	GArray **drop = keep ? lines : ss->lines;
	for (size_t i = 0; i < ss->n; i++) {
		tr_placed_free(drop[i]);
		if (!keep)
			ss->chains[i]->fewer_columns = false;
	}
	g_free(drop);
	if (keep) {
		g_free(sizes);
		g_free(capped);
		g_free(held);
		return;
	}
	g_free(ss->sizes);
	g_free(ss->capped);
	g_free(ss->held);
	ss->lines = lines;
	ss->sizes = sizes;
	ss->foot = foot;
	ss->capped = capped;
	ss->held = held;
}

bool tr_fit_stack(const tr_fitting *f, const tr_item *stack, tr_chain **chains, size_t n,
                  bool wished_only)
{
	if (n == 0)
		return true;
	stack_search ss = { f, stack, chains, n, 0, 0, g_new0(GArray *, n), g_new0(double, n),
		            false, g_new0(bool, n), g_new0(double, n), -1 };
	int above = 0, below = 0;
	for (size_t i = 0; i < n; i++) {
		above = MAX(above, steps_above(tr_chain_style(chains[i])));
		below = MAX(below, steps_below(f, chains[i]));
	}
	double t;
	bool ok = search_wished(&ss, above);
	if (ok)
		try_fewer_columns(&ss, above);
	if (!ok && wished_only) {
		for (size_t i = 0; i < n; i++)
			tr_placed_free(ss.lines[i]);
		g_free(ss.lines);
		g_free(ss.sizes);
		g_free(ss.capped);
		g_free(ss.held);
		return false;
	}
	if (!ok && below > 0)
		ok = search(stack_fits, &ss, -1, 0, below, &t);
	if (!ok) {
		/* Say which text overflows, in the room the texts before it leave. */
		double lowest = below > 0 ? -1 : 0;
		stack_place(&ss, lowest, NULL, NULL);
		tr_chain *c = chains[ss.failed];
		double cursor = stack->y * TR_MM_TO_PT;
		for (size_t i = 0; i < ss.failed; i++) {
			tr_try tt = { size_at(f, chains[i], lowest), 0, false };
			tr_chain_end end;
			const tr_item *end_stack;
			flow_in_stack(&ss, chains[i], cursor, &tt, NULL, &end, &end_stack);
			if (end_stack == stack && end.y > 0)
				cursor += end.y + stack->gap * TR_MM_TO_PT;
		}
		size_t ng;
		tr_fgeom *g = tr_chain_geometry(c, cursor, &ng);
		tr_try tt = { size_at(f, c, lowest), 0, false };
		report_overflow(f, c, g, ng, &tt);
		g_free(g);
		for (size_t i = 0; i < n; i++)
			tr_placed_free(ss.lines[i]);
	} else {
		for (size_t i = 0; i < n; i++) {
			chains[i]->lines = ss.lines[i];
			chains[i]->size = ss.sizes[i];
		}
		stack_align(&ss);
		for (size_t i = 0; i < n; i++)
			report_below(f, chains[i]);
	}
	g_free(ss.lines);
	g_free(ss.sizes);
	g_free(ss.capped);
	g_free(ss.held);
	return ok;
}
