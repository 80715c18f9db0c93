/* srcmap.c — byte offsets in a value → positions in its source file. */
#include "model/srcmap.h"

#include <glib.h>

typedef struct {
	size_t off;  /* first byte of the segment in the value */
	tr_pos pos;  /* where that character is in the source */
} segment;

struct tr_srcmap {
	GArray *segs; /* of segment, by increasing off */
	size_t last_off;
	tr_pos last_pos; /* the last character added (line < 0: none yet) */
};

tr_srcmap *tr_srcmap_new(void)
{
	tr_srcmap *m = g_new0(tr_srcmap, 1);
	m->segs = g_array_new(FALSE, FALSE, sizeof(segment));
	m->last_pos = TR_NOPOS;
	return m;
}

void tr_srcmap_free(tr_srcmap *m)
{
	if (!m)
		return;
	g_array_unref(m->segs);
	g_free(m);
}

void tr_srcmap_add(tr_srcmap *m, size_t off, tr_pos pos)
{
	bool follows = m->last_pos.line >= 0 && off > m->last_off &&
	               pos.line == m->last_pos.line && pos.col == m->last_pos.col + 1;
	if (!follows) {
		segment s = { off, pos };
		g_array_append_val(m->segs, s);
	}
	m->last_off = off;
	m->last_pos = pos;
}

/* A reading position in a map, moved forward through a value: positions asked
 * in increasing order cost O(1) each on average. */
typedef struct {
	const tr_srcmap *m;
	const char *value;
	guint seg;   /* the segment holding off */
	size_t off;
	tr_pos pos;  /* of the character at off */
} cursor;

/* Puts c on the last segment starting at or before off (binary search). */
static void cursor_seek(cursor *c, size_t off)
{
	guint lo = 0, hi = c->m->segs->len;
	while (hi - lo > 1) {
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(c->m->segs, segment, mid).off <= off)
			lo = mid;
		else
			hi = mid;
	}
	const segment *s = &g_array_index(c->m->segs, segment, lo);
	c->seg = lo;
	c->off = s->off;
	c->pos = s->pos;
}

/* The position of the character at off; c must be on a non-empty map. */
static tr_pos cursor_pos(cursor *c, size_t off)
{
	if (off < c->off)
		cursor_seek(c, off);
	while (c->seg + 1 < c->m->segs->len &&
	       g_array_index(c->m->segs, segment, c->seg + 1).off <= off) {
		c->seg++;
		c->off = g_array_index(c->m->segs, segment, c->seg).off;
		c->pos = g_array_index(c->m->segs, segment, c->seg).pos;
	}
	if (off > c->off) {
		c->pos.col += (int)g_utf8_strlen(c->value + c->off, (gssize)(off - c->off));
		c->off = off;
	}
	return c->pos;
}

static cursor cursor_start(const tr_srcmap *m, const char *value)
{
	cursor c = { m, value, 0, 0, TR_NOPOS };
	cursor_seek(&c, 0);
	return c;
}

tr_pos tr_srcmap_pos(const tr_srcmap *m, const char *value, size_t off, tr_pos fallback)
{
	if (!m || m->segs->len == 0)
		return fallback;
	cursor c = cursor_start(m, value);
	cursor_seek(&c, off);
	return cursor_pos(&c, off);
}

tr_srcmap *tr_srcmap_remap(const tr_srcmap *m, const char *value, const char *out,
                           const size_t *from)
{
	if (!m)
		return NULL;
	tr_srcmap *r = tr_srcmap_new();
	if (m->segs->len == 0)
		return r;
	cursor c = cursor_start(m, value);
	for (const char *p = out; *p; p = g_utf8_next_char(p))
		tr_srcmap_add(r, (size_t)(p - out), cursor_pos(&c, from[p - out]));
	return r;
}

tr_srcmap *tr_srcmap_slice(const tr_srcmap *m, const char *value, size_t start, size_t len)
{
	if (!m)
		return NULL;
	char *part = g_strndup(value + start, len);
	size_t *from = g_new(size_t, len + 1);
	for (size_t k = 0; k <= len; k++)
		from[k] = start + k;
	tr_srcmap *r = tr_srcmap_remap(m, value, part, from);
	g_free(from);
	g_free(part);
	return r;
}
