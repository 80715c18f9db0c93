/* flow.c — a chain's paragraphs broken and placed into its frames at one size.
 * See flow.h. */
#include "layout/flow.h"

#include <math.h>
#include <string.h>

#define EPS_PT 0.01

const tr_para *tr_chain_para(const tr_chain *c, int i)
{
	return g_ptr_array_index(c->tb.paras, i);
}

const tr_textstyle *tr_chain_style(const tr_chain *c)
{
	return &g_array_index(c->frames, tr_frame_ref, 0).item->style;
}

/* The columns frame fr of chain c is set in. */
static int frame_columns(const tr_chain *c, const tr_frame_ref *fr)
{
	if (c->fewer_columns && fr->stack && fr->item->columns_min > 0)
		return fr->item->columns_min;
	return MAX(fr->item->columns, 1);
}

tr_fgeom *tr_chain_geometry(const tr_chain *c, double cursor, size_t *n)
{
	size_t count = 0;
	for (guint i = 0; i < c->frames->len; i++)
		count += frame_columns(c, &g_array_index(c->frames, tr_frame_ref, i));
	tr_fgeom *g = g_new(tr_fgeom, count);
	size_t k = 0;
	for (guint i = 0; i < c->frames->len; i++) {
		const tr_frame_ref *fr = &g_array_index(c->frames, tr_frame_ref, i);
		const tr_item *it = fr->item;
		double y = it->y * TR_MM_TO_PT, h = it->h * TR_MM_TO_PT;
		if (fr->stack) {
			double foot = (fr->stack->y + fr->stack->h) * TR_MM_TO_PT;
			y = cursor;
			h = MAX(0, foot - cursor);
		}
		/* The text keeps clear of its band's edges. */
		double pad = it->has_background ? it->padding * TR_MM_TO_PT : 0;
		y += pad;
		h = MAX(0, h - 2 * pad);
		int cols = frame_columns(c, fr);
		double gutter = it->gutter * TR_MM_TO_PT;
		double w = (it->w * TR_MM_TO_PT - 2 * pad - (cols - 1) * gutter) / cols;
		for (int col = 0; col < cols; col++)
			g[k++] = (tr_fgeom){ it->x * TR_MM_TO_PT + pad + col * (w + gutter), y, w, h,
				             it->id, fr->page, i, fr->stack };
	}
	*n = count;
	return g;
}

GArray *tr_placed_new(void)
{
	return g_array_new(FALSE, FALSE, sizeof(tr_placed));
}

void tr_placed_free(GArray *lines)
{
	if (!lines)
		return;
	for (guint i = 0; i < lines->len; i++)
		tr_textline_free(g_array_index(lines, tr_placed, i).line);
	g_array_unref(lines);
}

void tr_chain_clear(tr_chain *c)
{
	if (c->frames)
		g_array_unref(c->frames);
	for (int i = 0; i < c->n_shaped; i++)
		tr_shaped_unref(c->shaped[i]);
	g_free(c->shaped);
	tr_textblock_clear(&c->tb);
	tr_placed_free(c->lines);
	if (c->breaks)
		g_hash_table_destroy(c->breaks);
	memset(c, 0, sizeof *c);
}

/* Characters of text[start, end), for messages. */
static long count_chars(const char *text, int start, int end)
{
	return g_utf8_strlen(text + start, end - start);
}

/* Records the widest word of an overfull line: the word that does not fit
 * (its boxes between two spaces, hyphenation points and all). */
static void note_wide(tr_overflow *ov, const tr_shaped *sp, const tr_kp_item *items,
                      const tr_break_line *bl, double k, double room, double track)
{
	const char *text = tr_shaped_text(sp);
	int j = bl->first;
	while (j <= bl->brk) {
		while (j <= bl->brk && items[j].kind != TR_KP_BOX)
			j++;
		if (j > bl->brk)
			break;
		int from = items[j].pos, to = items[j].end;
		double w = 0;
		for (; j <= bl->brk && items[j].kind != TR_KP_GLUE; j++)
			if (items[j].kind == TR_KP_BOX) {
				w += (items[j].width + items[j].glyphs * track) * k;
				to = items[j].end;
			}
		if (w <= ov->wide)
			continue;
		ov->wide = w;
		ov->room = room;
		/* The word, at most the buffer. */
		size_t n = 0;
		for (const char *s = text + from; s < text + to; s = g_utf8_next_char(s)) {
			size_t len = g_utf8_next_char(s) - s;
			if (n + len + 4 >= sizeof ov->word) {
				memcpy(ov->word + n, "…", 3);
				n += 3;
				break;
			}
			memcpy(ov->word + n, s, len);
			n += len;
		}
		ov->word[n] = '\0';
	}
}

/* The options to break paragraph sp of chain c in a frame of width w (pt). */
static tr_break_opts break_opts(const tr_chain *c, int pi, const tr_try *t,
                                const tr_rules *rules, double k, double w, bool first_line,
                                int no_hyphen_line, int max_lines)
{
	const tr_textstyle *st = tr_chain_style(c);
	const tr_shaped *sp = c->shaped[pi];
	const tr_para *p = tr_chain_para(c, pi);
	double hang = p->hang * TR_REF_SIZE; /* reference units */
	tr_break_opts o = {
		.rules = rules,
		.mode = st->align == TR_ALIGN_JUSTIFY ? TR_BREAK_JUSTIFY : TR_BREAK_RAGGED,
		.em = TR_REF_SIZE,
		.width_first = w / k - (first_line ? 0 : hang),
		.width_rest = w / k - hang,
		.tracking = t->track * TR_REF_SIZE,
		.hyphenate = st->hyphenate || t->hyphenate,
		.max_lines = max_lines,
		.no_hyphen_line = no_hyphen_line,
		.text = tr_shaped_text(sp),
	};
	return o;
}

/* Breaks items[first..] of sp; balanced text aims every line at the same
 * width. Returns the demerits. */
static double break_para(const tr_chain *c, const tr_shaped *sp, int first, tr_break_opts *o,
                         GArray *lines)
{
	int n;
	const tr_kp_item *items = tr_shaped_items(sp, &n);
	const tr_textstyle *st = tr_chain_style(c);
	double d = tr_break_paragraph(items + first, n - first, o, lines);
	if (!st->balance || lines->len < 2)
		return d;
	/* A title alone in its frame may take a line more to balance; the
	 * paragraphs of a longer text (the lines of a practical block) keep
	 * their count, so that balancing never makes the text taller. */
	bool alone = c->frames->len == 1 && c->n_shaped == 1 &&
	             g_array_index(c->frames, tr_frame_ref, 0).item->columns <= 1;
	/* Balance: aim each line at the total width shared out, but never under
	 * the widest box. */
	double total = 0, widest = 0;
	for (int i = first; i < n; i++) {
		const tr_kp_item *it = &items[i];
		double w = it->kind == TR_KP_BOX ? it->width + it->glyphs * o->tracking
		           : it->kind == TR_KP_GLUE ? it->width
		                                    : 0;
		total += w;
		if (it->kind == TR_KP_BOX)
			widest = MAX(widest, w);
	}
	guint count = lines->len;
	GArray *balanced = g_array_new(FALSE, FALSE, sizeof(tr_break_line));
	tr_break_opts b = *o;
	b.mode = TR_BREAK_BALANCE;
	b.target = MAX(total / count, widest);
	double bd = tr_break_paragraph(items + first, n - first, &b, balanced);
	bool overfull = false;
	for (guint i = 0; i < balanced->len; i++)
		overfull |= g_array_index(balanced, tr_break_line, i).overfull;
	if (bd >= 0 && !overfull && balanced->len <= count + (alone ? 1 : 0)) {
		g_array_set_size(lines, 0);
		g_array_append_vals(lines, balanced->data, balanced->len);
		d = bd;
	}
	g_array_unref(balanced);
	return d;
}

/* What a break depends on besides the paragraph: its options as numbers. */
typedef struct {
	int pi, first, mode, max_lines, no_hyphen_line, hyphenate;
	double width_first, width_rest, tracking;
} break_key;

typedef struct {
	break_key key;
	double demerits;
	GArray *lines; /* of tr_break_line */
} break_memo;

/* A double's bits, folded: widths and tracking may be negative or huge, which
 * a cast to an unsigned integer would not survive. */
static guint double_hash(double d)
{
	guint64 bits;
	if (d == 0)
		d = 0; /* -0.0 and 0.0 compare equal as keys are built */
	memcpy(&bits, &d, sizeof bits);
	return (guint)(bits ^ (bits >> 32));
}

static guint key_hash(gconstpointer p)
{
	const break_key *k = p;
	guint h = (guint)k->pi * 2654435761u ^ (guint)k->first * 40503u ^ (guint)k->max_lines;
	h ^= double_hash(k->width_first) * 97u ^ double_hash(k->width_rest) * 31u;
	return h ^ double_hash(k->tracking) ^ (guint)k->no_hyphen_line * 7u;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(break_key)) == 0;
}

static void memo_free(gpointer p)
{
	break_memo *m = p;
	g_array_unref(m->lines);
	g_free(m);
}

/* break_para(), remembered: the size searches and the balancing of columns
 * break the same paragraphs at the same widths again and again; a chain keeps
 * what it broke (tr_chain_clear() forgets it). lines is set to the result. */
static double cached_break(const tr_chain *c, int pi, int first, tr_break_opts *o,
                           GArray *lines)
{
	break_key k;
	memset(&k, 0, sizeof k); /* padding too: keys are compared as bytes */
	k.pi = pi;
	k.first = first;
	k.mode = o->mode;
	k.max_lines = o->max_lines;
	k.no_hyphen_line = o->no_hyphen_line;
	k.hyphenate = o->hyphenate;
	k.width_first = o->width_first;
	k.width_rest = o->width_rest;
	k.tracking = o->tracking;
	tr_chain *mc = (tr_chain *)c; /* the memo is not part of what c means */
	if (!mc->breaks)
		mc->breaks = g_hash_table_new_full(key_hash, key_equal, NULL, memo_free);
	break_memo *m = g_hash_table_lookup(mc->breaks, &k);
	g_array_set_size(lines, 0);
	if (!m) {
		m = g_new(break_memo, 1);
		m->key = k;
		m->lines = g_array_new(FALSE, FALSE, sizeof(tr_break_line));
		m->demerits = break_para(c, c->shaped[pi], first, o, m->lines);
		g_hash_table_insert(mc->breaks, &m->key, m);
	}
	g_array_append_vals(lines, m->lines->data, m->lines->len);
	return m->demerits;
}

/* The height paragraph pi takes at try t in a column of width w: the space
 * before it (unless first) and its lines. */
static double para_height(const tr_chain *c, int pi, const tr_try *t, const tr_rules *rules,
                          double w, bool first)
{
	const tr_textstyle *st = tr_chain_style(c);
	const tr_para *p = tr_chain_para(c, pi);
	double size = t->size * p->scale;
	double k = size / TR_REF_SIZE;
	tr_break_opts o = break_opts(c, pi, t, rules, k, w, true, -1, 0);
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(tr_break_line));
	cached_break(c, pi, 0, &o, lines);
	double gap = first ? 0 : (p->space_before >= 0 ? p->space_before : st->para_space) * t->size;
	double h = gap + lines->len * st->leading * size;
	g_array_unref(lines);
	return h;
}

/* Counts what is left of paragraph sp from item `first` at width w. */
static void count_rest(const tr_chain *c, int pi, int first, const tr_try *t,
                       const tr_rules *rules, double k, double w, tr_overflow *ov)
{
	const tr_shaped *sp = c->shaped[pi];
	int n;
	const tr_kp_item *items = tr_shaped_items(sp, &n);
	tr_break_opts o = break_opts(c, pi, t, rules, k, w, first == 0, -1, 0);
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(tr_break_line));
	tr_break_paragraph(items + first, n - first, &o, lines);
	ov->lines += (int)lines->len;
	ov->chars += count_chars(tr_shaped_text(sp), items[first].pos, items[n - 1].pos);
	g_array_unref(lines);
}

bool tr_flow_chain(const tr_chain *c, const tr_fgeom *g, size_t ng, const tr_try *t,
                   const tr_rules *rules, tr_lang lang, GArray *out, tr_overflow *ov,
                   tr_chain_end *end)
{
	const tr_textstyle *st = tr_chain_style(c);
	size_t nf = ng;
	size_t fi = 0;
	double y = 0, demerits = 0;
	double *used = g_new0(double, nf); /* the height used in each column */
	int total_lines = 0;
	bool fits = true, bad_phrase = false;
	int loose = 0;
	int para_lines = 0;          /* the most lines of one paragraph */
	size_t last_page = SIZE_MAX; /* the page of the last line placed */
	int on_last_page = 0;        /* lines placed on it */
	bool pages = false;          /* lines on more than one page */
	bool chain = nf > 1;
	if (ov)
		memset(ov, 0, sizeof *ov);
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(tr_break_line));
	for (int pi = 0; pi < c->n_shaped; pi++) {
		const tr_shaped *sp = c->shaped[pi];
		const tr_para *p = tr_chain_para(c, pi);
		int n;
		const tr_kp_item *items = tr_shaped_items(sp, &n);
		double size = t->size * p->scale;
		double k = size / TR_REF_SIZE;
		double gap = (p->space_before >= 0 ? p->space_before : st->para_space) * t->size;
		double asc = tr_shaped_ascent(sp) * k, desc = tr_shaped_descent(sp) * k;
		/* The line pitch is the style's leading, whatever the font's own
		 * height: half the difference goes above the ascent, as in CSS. */
		double pitch = st->leading * size;
		double base = (pitch - (asc + desc)) / 2 + asc;
		double hang = p->hang * size;
		int first = 0;          /* the item the rest of the paragraph starts at */
		int line_no = 0;        /* lines of the paragraph placed so far */
		bool first_piece = true;
		/* A column break: on to the next column of the same frame. */
		if (p->column_break && y > 0 && fi + 1 < nf && g[fi + 1].frame == g[fi].frame) {
			fi++;
			y = 0;
		}
		/* A paragraph kept whole with those that follow it (a programme item
		 * and its detail) starts the next frame when they would not all fit
		 * in this one, and could in an empty one. */
		if (p->keep && y > 0 && fi + 1 < nf && pi + 1 < c->n_shaped &&
		    tr_chain_para(c, pi + 1)->with_previous) {
			double need = para_height(c, pi, t, rules, g[fi].w, false);
			for (int pj = pi + 1; pj < c->n_shaped && tr_chain_para(c, pj)->with_previous; pj++)
				need += para_height(c, pj, t, rules, g[fi].w, false);
			if (y + need > g[fi].h + EPS_PT && need <= g[fi + 1].h + EPS_PT) {
				fi++;
				y = 0;
			}
		}
		int no_hyphen_line = -1;
		for (;;) {
			if (fi >= nf) {
				fits = false;
				if (!ov)
					goto out;
				count_rest(c, pi, first, t, rules, k, g[nf - 1].w, ov);
				break;
			}
			const tr_fgeom *fr = &g[fi];
			int max_lines = 0;
			if (st->max_lines > 0 && c->n_shaped == 1)
				max_lines = st->max_lines;
			tr_break_opts o = break_opts(c, pi, t, rules, k, fr->w, line_no == 0,
			                             no_hyphen_line, max_lines);
			double d = cached_break(c, pi, first, &o, lines);
			if (fi + 1 == nf && d >= 0) {
				/* The last frame: when the paragraph takes more lines than it
				 * holds, the breaker may use only those (a fourth line that
				 * would not fit is no way out). */
				double y0 = y + ((y > 0 && first_piece) ? gap : 0);
				int room = MAX((int)floor((fr->h - y0 + EPS_PT) / pitch), 1);
				if ((int)lines->len > room) {
					o.max_lines = max_lines ? MIN(max_lines, room) : room;
					d = cached_break(c, pi, first, &o, lines);
				}
			}
			if (d < 0) {
				/* max-lines cannot be kept */
				fits = false;
				if (ov)
					ov->too_many_lines = true;
				if (!ov)
					goto out;
				o.max_lines = 0;
				d = cached_break(c, pi, first, &o, lines);
			}
			demerits += MAX(d, 0);
			int nl = (int)lines->len;
			for (int j = 0; o.mode != TR_BREAK_JUSTIFY && j < nl; j++) {
				const tr_kp_item *brk =
					&items[first + g_array_index(lines, tr_break_line, j).brk];
				if (brk->kind == TR_KP_GLUE && brk->penalty >= rules->phrase_bad)
					bad_phrase = true;
				/* inside a date ("26 / janvier") or "n° 12": as bad */
				const tr_kp_item *keep = brk->kind == TR_KP_PENALTY ? brk
				                         : brk > items ? brk - 1 : NULL;
				if (keep && keep->kind == TR_KP_PENALTY &&
				    keep->penalty >= rules->keep_penalty && keep->penalty < TR_PENALTY_INF)
					bad_phrase = true;
			}
			for (int j = 0; j < nl; j++) {
				const tr_break_line *bl = &g_array_index(lines, tr_break_line, j);
				if (o.mode == TR_BREAK_JUSTIFY && bl->ratio > rules->emergency_ratio)
					loose++;
				if (!bl->overfull)
					continue;
				fits = false;
				if (!ov)
					goto out;
				note_wide(ov, sp, items + first, bl, k,
				          fr->w - ((line_no + j) ? hang : 0), o.tracking);
			}
			double y0 = y + ((y > 0 && first_piece) ? gap : 0);
			double avail = fr->h - y0;
			int kfit = 0;
			while (kfit < nl && (kfit + 1) * pitch <= avail + EPS_PT)
				kfit++;
			if (chain && kfit < nl && fi + 1 < nf) {
				if (p->keep && kfit > 0 && y0 > 0)
					kfit = 0; /* an item kept whole: on to the next column */
				else if (kfit > 0 && kfit < rules->orphan_lines && nl > 1)
					kfit = 0; /* no orphan: a lone first line at the foot */
				else if (kfit >= rules->widow_lines && nl - kfit < rules->widow_lines &&
				         nl >= rules->widow_lines + 1)
					kfit = nl - rules->widow_lines; /* no widow at the head */
				if (kfit > 0 && no_hyphen_line < 0 &&
				    g_array_index(lines, tr_break_line, kfit - 1).flagged) {
					/* No hyphen across a frame turn: break again without. */
					no_hyphen_line = kfit - 1;
					continue;
				}
			}
			if (out)
				for (int j = 0; j < kfit; j++) {
					const tr_break_line *bl = &g_array_index(lines, tr_break_line, j);
					bool last_of_para = first + bl->brk == n - 1;
					double width = (line_no + j == 0 ? o.width_first : o.width_rest);
					/* A justified line stretches (or shrinks) its spaces and,
					 * a little, its letters, by the same ratio. Past the
					 * spaces' bound (a line that no set of breaks could
					 * make tighter), the spaces stay at their widest and the
					 * letters take the rest. */
					double delta = 0, track = o.tracking;
					double r = bl->ratio;
					if (o.mode == TR_BREAK_JUSTIFY && (!last_of_para || r < 0)) {
						if (r > 1 && bl->glyphs > 0) {
							delta = bl->glues ? bl->glue_stretch / bl->glues : 0;
							track += (width - bl->natural - bl->glue_stretch) /
							         bl->glyphs;
						} else if (r > 0) {
							delta = bl->glues ? r * bl->glue_stretch / bl->glues : 0;
							track += r * rules->letter_stretch * o.em;
						} else if (r < 0) {
							delta = bl->glues ? r * bl->glue_shrink / bl->glues : 0;
							track += r * rules->letter_shrink * o.em;
						}
					}
					double line_w = (bl->natural + delta * bl->glues +
					                 (track - o.tracking) * bl->glyphs) * k;
					double indent = line_no + j > 0 ? hang : 0;
					double room = fr->w - indent;
					double dx = st->align == TR_ALIGN_CENTER  ? (room - line_w) / 2
					            : st->align == TR_ALIGN_RIGHT ? room - line_w
					                                          : 0;
					tr_placed pl = {
						tr_textline_new((tr_shaped *)sp, bl, k, delta, track),
						fr->x + indent + dx, fr->y + y0 + j * pitch + base, fr->page,
						fr->id, size, pi
					};
					g_array_append_val(out, pl);
				}
			total_lines += kfit;
			if (kfit > 0 && fr->page != last_page) {
				pages |= last_page != SIZE_MAX;
				last_page = fr->page;
				on_last_page = 0;
			}
			on_last_page += kfit;
			if (kfit > 0)
				used[fi] = MAX(used[fi], y0 + kfit * pitch);
			if (kfit == nl) {
				y = y0 + nl * pitch;
				para_lines = MAX(para_lines, line_no + nl);
				break;
			}
			/* The rest goes to the next frame. */
			first += g_array_index(lines, tr_break_line, kfit).first;
			line_no += kfit;
			first_piece = false;
			no_hyphen_line = -1;
			fi++;
			y = 0;
		}
	}
	if (st->max_lines > 0 && total_lines > st->max_lines) {
		fits = false;
		if (ov)
			ov->too_many_lines = true;
	}
	(void)lang;
out:
	g_array_unref(lines);
	if (end) {
		/* The height used: in a frame of columns, that of its longest one. */
		size_t e = MIN(fi, nf - 1);
		double h = y;
		for (size_t k = 0; k < nf; k++)
			if (g[k].frame == g[e].frame)
				h = MAX(h, used[k]);
		*end = (tr_chain_end){ e, h, demerits, bad_phrase, loose,
			               pages && on_last_page < rules->carry_min_lines, para_lines };
	}
	g_free(used);
	return fits;
}
