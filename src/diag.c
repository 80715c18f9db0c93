/* diag.c — positioned diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

typedef struct {
	tr_severity sev;
	char *file;
	tr_pos pos;
	char *text;
} msg;

struct tr_diag {
	GArray *msgs; /* of msg */
	size_t counts[TR_SEV__MAX];
};

static const char *const sev_names[TR_SEV__MAX] = { "note", "warning", "error" };

static void msg_clear(gpointer p)
{
	msg *m = p;
	g_free(m->file);
	g_free(m->text);
}

tr_diag *tr_diag_new(void)
{
	tr_diag *d = g_new0(tr_diag, 1);
	d->msgs = g_array_new(FALSE, TRUE, sizeof(msg));
	g_array_set_clear_func(d->msgs, msg_clear);
	return d;
}

void tr_diag_free(tr_diag *d)
{
	if (!d)
		return;
	g_array_unref(d->msgs);
	g_free(d);
}

void tr_diag_add(tr_diag *d, tr_severity sev, const char *file, tr_pos pos,
                 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tr_diag_addv(d, sev, file, pos, fmt, ap);
	va_end(ap);
}

void tr_diag_addv(tr_diag *d, tr_severity sev, const char *file, tr_pos pos,
                  const char *fmt, va_list ap)
{
	msg m = { sev, g_strdup(file), pos, g_strdup_vprintf(fmt, ap) };
	/* The same message twice (a text too long for the tract and the poster
	 * alike) is said once. */
	for (guint i = 0; i < d->msgs->len; i++) {
		const msg *o = &g_array_index(d->msgs, msg, i);
		if (o->sev == m.sev && o->pos.line == m.pos.line && o->pos.col == m.pos.col &&
		    g_strcmp0(o->file, m.file) == 0 && strcmp(o->text, m.text) == 0) {
			msg_clear(&m);
			return;
		}
	}
	g_array_append_val(d->msgs, m);
	d->counts[sev]++;
}

size_t tr_diag_count(const tr_diag *d, tr_severity at_least)
{
	size_t n = 0;
	for (int s = at_least; s < TR_SEV__MAX; s++)
		n += d->counts[s];
	return n;
}

char *tr_diag_format(const tr_diag *d)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < d->msgs->len; i++) {
		const msg *m = &g_array_index(d->msgs, msg, i);
		if (!m->file)
			g_string_append(out, "tractage");
		else if (m->pos.line < 0)
			g_string_append(out, m->file);
		else
			g_string_append_printf(out, "%s:%d:%d", m->file, m->pos.line + 1,
			                       m->pos.col + 1);
		g_string_append_printf(out, ": %s: %s\n", sev_names[m->sev], m->text);
	}
	return g_string_free(out, FALSE);
}

void tr_diag_flush(tr_diag *d, FILE *fp)
{
	char *s = tr_diag_format(d);
	fputs(s, fp);
	fflush(fp);
	g_free(s);
	g_array_set_size(d->msgs, 0);
}
