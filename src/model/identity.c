/* identity.c — named colours and fonts that replace a layout's. */
#include "model/identity.h"

#include <glib.h>
#include <string.h>

void tr_identity_set(tr_identity *id, bool font, const char *name, const char *value,
                     const char *file, tr_pos pos)
{
	tr_named **list = font ? &id->fonts : &id->colours;
	size_t *n = font ? &id->n_fonts : &id->n_colours;
	tr_named *slot = (tr_named *)tr_identity_get(id, font, name);
	if (!slot) {
		*list = g_renew(tr_named, *list, *n + 1);
		slot = &(*list)[(*n)++];
		slot->name = g_strdup(name);
	} else {
		g_free(slot->value);
		g_free(slot->file);
	}
	slot->value = g_strdup(value);
	slot->file = g_strdup(file);
	slot->pos = pos;
}

void tr_identity_merge(tr_identity *id, const tr_identity *from)
{
	for (size_t i = 0; i < from->n_colours; i++) {
		const tr_named *c = &from->colours[i];
		tr_identity_set(id, false, c->name, c->value, c->file, c->pos);
	}
	for (size_t i = 0; i < from->n_fonts; i++) {
		const tr_named *f = &from->fonts[i];
		tr_identity_set(id, true, f->name, f->value, f->file, f->pos);
	}
	id->system_fonts |= from->system_fonts;
}

const tr_named *tr_identity_get(const tr_identity *id, bool font, const char *name)
{
	const tr_named *list = font ? id->fonts : id->colours;
	size_t n = font ? id->n_fonts : id->n_colours;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0)
			return &list[i];
	return NULL;
}

bool tr_identity_empty(const tr_identity *id)
{
	return id->n_colours == 0 && id->n_fonts == 0 && !id->system_fonts;
}

static void clear_list(tr_named *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		g_free(list[i].name);
		g_free(list[i].value);
		g_free(list[i].file);
	}
	g_free(list);
}

void tr_identity_clear(tr_identity *id)
{
	clear_list(id->colours, id->n_colours);
	clear_list(id->fonts, id->n_fonts);
	*id = (tr_identity){ 0 };
}
