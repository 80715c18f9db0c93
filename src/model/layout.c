/* layout.c — the layout model: colours, freeing. */
#include "model/layout.h"

#include <glib.h>
#include <string.h>

bool tr_rgb_parse(const char *s, tr_rgb *out)
{
	size_t n = strlen(s);
	if (s[0] != '#' || (n != 4 && n != 7))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!g_ascii_isxdigit(s[i]))
			return false;
	int ch[3];
	for (int i = 0; i < 3; i++) {
		if (n == 4)
			ch[i] = g_ascii_xdigit_value(s[1 + i]) * 17;
		else
			ch[i] = g_ascii_xdigit_value(s[1 + 2 * i]) * 16 +
			        g_ascii_xdigit_value(s[2 + 2 * i]);
	}
	*out = (tr_rgb){ ch[0] / 255.0, ch[1] / 255.0, ch[2] / 255.0 };
	return true;
}

static void item_clear(tr_item *it)
{
	for (size_t i = 0; i < it->n_children; i++)
		item_clear(&it->children[i]);
	g_free(it->children);
	g_free(it->id);
	g_free(it->style.font);
	g_free(it->style.heading_font);
}

void tr_layoutdesc_free(tr_layoutdesc *ld)
{
	if (!ld)
		return;
	for (size_t p = 0; p < ld->n_pages; p++) {
		tr_page *pg = &ld->pages[p];
		for (size_t i = 0; i < pg->n_items; i++)
			item_clear(&pg->items[i]);
		g_free(pg->items);
		g_free(pg->name);
	}
	g_free(ld->pages);
	g_strfreev(ld->fonts);
	g_free(ld->mono);
	g_strfreev(ld->colour_names);
	g_free(ld->colour_values);
	g_strfreev(ld->font_names);
	g_free(ld->path);
	g_free(ld->name);
	g_free(ld->kind);
	g_free(ld);
}

const tr_item *tr_layout_next_item(const tr_layoutdesc *ld, tr_item_iter *it,
                                   const tr_item **stack)
{
	while (it->page < ld->n_pages) {
		const tr_page *pg = &ld->pages[it->page];
		if (it->item >= pg->n_items) {
			*it = (tr_item_iter){ it->page + 1, 0, 0 };
			continue;
		}
		const tr_item *top = &pg->items[it->item];
		size_t c = it->child; /* 0: the item itself; k: its child k - 1 */
		if (c == top->n_children)
			*it = (tr_item_iter){ it->page, it->item + 1, 0 };
		else
			it->child++;
		if (stack)
			*stack = c ? top : NULL;
		return c ? &top->children[c - 1] : top;
	}
	return NULL;
}
