/* layout.c — the layout model: freeing it. */
#include "model/layout.h"

#include <glib.h>

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
	g_free(ld->path);
	g_free(ld->name);
	g_free(ld->kind);
	g_free(ld);
}
