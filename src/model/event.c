/* event.c — the content model: freeing and a stable text dump for tests. */
#include "model/event.h"

#include <string.h>

#include "render/image.h"

static const char *const lang_names[TR_LANG__MAX] = { "fr", "en" };

const char *tr_lang_name(tr_lang lang)
{
	if ((int)lang < 0 || lang >= TR_LANG__MAX)
		return "?";
	return lang_names[lang];
}

/* Frees the string of a text (the tr_text itself lives inside its owner). */
static void text_clear(tr_text *t)
{
	g_free(t->text);
	t->text = NULL;
	tr_srcmap_free(t->map);
	t->map = NULL;
}

tr_pos tr_text_pos(const tr_text *t, size_t off)
{
	if (!t->text)
		return t->pos;
	return tr_srcmap_pos(t->map, t->text, off, t->pos);
}

static void picture_clear(tr_picture *p)
{
	text_clear(&p->path);
	g_free(p->file);
	p->file = NULL;
	tr_image_unref(p->image);
	p->image = NULL;
}

void tr_event_free(tr_event *ev)
{
	if (!ev)
		return;
	g_free(ev->path);
	text_clear(&ev->organiser.name);
	text_clear(&ev->organiser.full_name);
	text_clear(&ev->organiser.phone);
	text_clear(&ev->organiser.email);
	text_clear(&ev->organiser.website);
	picture_clear(&ev->organiser.logo);
	text_clear(&ev->organisation);
	tr_identity_clear(&ev->identity);
	text_clear(&ev->kicker);
	text_clear(&ev->title);
	text_clear(&ev->subtitle);
	g_free(ev->sessions);
	text_clear(&ev->venue.name);
	text_clear(&ev->venue.address);
	text_clear(&ev->venue.postcode);
	text_clear(&ev->venue.city);
	text_clear(&ev->admission);
	text_clear(&ev->quote);
	text_clear(&ev->teaser);
	text_clear(&ev->body);
	text_clear(&ev->note);
	text_clear(&ev->print_mention);
	picture_clear(&ev->image);
	text_clear(&ev->qr);
	for (size_t i = 0; i < ev->n_programme; i++) {
		text_clear(&ev->programme[i].title);
		text_clear(&ev->programme[i].speaker);
		text_clear(&ev->programme[i].detail);
	}
	g_free(ev->programme);
	text_clear(&ev->programme_title);
	for (size_t i = 0; i < ev->n_keywords; i++)
		text_clear(&ev->keywords[i]);
	g_free(ev->keywords);
	for (size_t i = 0; i < ev->check.n_ignore; i++)
		text_clear(&ev->check.ignore[i]);
	g_free(ev->check.ignore);
	for (size_t i = 0; i < ev->check.n_words; i++)
		text_clear(&ev->check.words[i]);
	g_free(ev->check.words);
	g_free(ev);
}

/* Appends "name@L:C: " (1-based) or "name: " when pos is TR_NOPOS. */
static void put_name(GString *out, const char *name, tr_pos pos)
{
	if (pos.line < 0)
		g_string_append_printf(out, "%s: ", name);
	else
		g_string_append_printf(out, "%s@%d:%d: ", name, pos.line + 1, pos.col + 1);
}

/* Appends "name@L:C\n" for a mapping that has no value of its own. */
static void put_section(GString *out, const char *name, tr_pos pos)
{
	if (pos.line < 0)
		g_string_append_printf(out, "%s\n", name);
	else
		g_string_append_printf(out, "%s@%d:%d\n", name, pos.line + 1, pos.col + 1);
}

/* Appends s on one line: newlines become "\n", backslashes "\\". */
static void put_escaped(GString *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			g_string_append(out, "\\n");
		else if (*s == '\\')
			g_string_append(out, "\\\\");
		else if (*s == '\t')
			g_string_append(out, "\\t");
		else
			g_string_append_c(out, *s);
	}
}

/* Appends "name@L:C: text\n" when the text is present. */
static void put_text(GString *out, const char *name, const tr_text *t)
{
	if (!t->text)
		return;
	put_name(out, name, t->pos);
	put_escaped(out, t->text);
	g_string_append_c(out, '\n');
}

/* Appends "HH:MM", or nothing for -1. */
static void put_time(GString *out, int minutes)
{
	if (minutes >= 0)
		g_string_append_printf(out, "%02d:%02d", minutes / 60, minutes % 60);
}

char *tr_event_dump(const tr_event *ev)
{
	GString *out = g_string_new(NULL);
	char name[64];

	g_string_append_printf(out, "path: %s\n", ev->path ? ev->path : "");
	g_string_append_printf(out, "lang: %s\n", tr_lang_name(ev->lang));
	put_text(out, "organiser.name", &ev->organiser.name);
	put_text(out, "organiser.full_name", &ev->organiser.full_name);
	put_text(out, "organiser.phone", &ev->organiser.phone);
	put_text(out, "organiser.email", &ev->organiser.email);
	put_text(out, "organiser.website", &ev->organiser.website);
	put_text(out, "organiser.logo", &ev->organiser.logo.path);
	put_text(out, "organisation", &ev->organisation);
	for (size_t i = 0; i < ev->identity.n_colours; i++) {
		g_snprintf(name, sizeof name, "colours.%s", ev->identity.colours[i].name);
		put_name(out, name, ev->identity.colours[i].pos);
		g_string_append_printf(out, "%s\n", ev->identity.colours[i].value);
	}
	for (size_t i = 0; i < ev->identity.n_fonts; i++) {
		g_snprintf(name, sizeof name, "fonts.%s", ev->identity.fonts[i].name);
		put_name(out, name, ev->identity.fonts[i].pos);
		g_string_append_printf(out, "%s\n", ev->identity.fonts[i].value);
	}
	put_section(out, "event", ev->event_pos);
	put_text(out, "kicker", &ev->kicker);
	put_text(out, "title", &ev->title);
	put_text(out, "subtitle", &ev->subtitle);
	for (size_t i = 0; i < ev->n_sessions; i++) {
		const tr_session *s = &ev->sessions[i];
		g_snprintf(name, sizeof name, "sessions[%zu]", i);
		put_name(out, name, s->pos);
		g_string_append_printf(out, "%04d-%02d-%02d", s->year, s->month, s->day);
		if (s->start >= 0) {
			g_string_append_c(out, ' ');
			put_time(out, s->start);
		}
		if (s->end >= 0) {
			g_string_append_c(out, '-');
			put_time(out, s->end);
		}
		if (s->tbc)
			g_string_append(out, " tbc");
		g_string_append_c(out, '\n');
	}
	put_section(out, "venue", ev->venue.pos);
	put_text(out, "venue.name", &ev->venue.name);
	put_text(out, "venue.address", &ev->venue.address);
	put_text(out, "venue.postcode", &ev->venue.postcode);
	put_text(out, "venue.city", &ev->venue.city);
	put_text(out, "admission", &ev->admission);
	put_text(out, "quote", &ev->quote);
	put_text(out, "teaser", &ev->teaser);
	put_text(out, "body", &ev->body);
	put_text(out, "note", &ev->note);
	put_text(out, "programme_title", &ev->programme_title);
	for (size_t i = 0; i < ev->n_programme; i++) {
		const tr_prog_item *p = &ev->programme[i];
		GString *when = g_string_new(NULL);
		if (p->year)
			g_string_append_printf(when, "%04d-%02d-%02d", p->year, p->month, p->day);
		if (p->time >= 0) {
			if (p->year)
				g_string_append_c(when, ' ');
			put_time(when, p->time);
		}
		if (p->end >= 0) {
			g_string_append_c(when, '-');
			put_time(when, p->end);
		}
		if (p->tbc)
			g_string_append(when, when->len ? " tbc" : "tbc");
		g_snprintf(name, sizeof name, "programme[%zu]", i);
		if (when->len) {
			put_name(out, name, p->pos);
			g_string_append_printf(out, "%s\n", when->str);
		} else {
			put_section(out, name, p->pos);
		}
		g_string_free(when, TRUE);
		g_snprintf(name, sizeof name, "programme[%zu].title", i);
		put_text(out, name, &p->title);
		g_snprintf(name, sizeof name, "programme[%zu].speaker", i);
		put_text(out, name, &p->speaker);
		g_snprintf(name, sizeof name, "programme[%zu].detail", i);
		put_text(out, name, &p->detail);
	}
	for (size_t i = 0; i < ev->n_keywords; i++) {
		g_snprintf(name, sizeof name, "keywords[%zu]", i);
		put_text(out, name, &ev->keywords[i]);
	}
	put_text(out, "print_mention", &ev->print_mention);
	for (size_t i = 0; i < ev->check.n_ignore; i++) {
		g_snprintf(name, sizeof name, "check.ignore[%zu]", i);
		put_text(out, name, &ev->check.ignore[i]);
	}
	for (size_t i = 0; i < ev->check.n_words; i++) {
		g_snprintf(name, sizeof name, "check.words[%zu]", i);
		put_text(out, name, &ev->check.words[i]);
	}
	put_text(out, "image", &ev->image.path);
	put_text(out, "qr", &ev->qr);
	return g_string_free(out, FALSE);
}
