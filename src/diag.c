/* diag.c — positioned diagnostics.
 *
 * Messages are kept until flushed, then written file by file in line order
 * (each note stays under the message it explains), so that a file's problems
 * read from top to bottom whatever order the loaders found them in. Each file
 * shows at most TR_DIAG_MAX_SHOWN errors and as many warnings; past that one
 * line says so and the rest is counted, not kept. */
#include "diag.h"
#include "i18n.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A message longer than this (in bytes) is cut: user texts are quoted with
 * tr_diag_quote(), so only a slip could make one this long. */
#define MAX_TEXT 1000

typedef struct {
	tr_severity sev;
	char *file;
	tr_pos pos;
	char *text;
} msg;

struct tr_diag {
	GArray *msgs; /* of msg */
	size_t counts[TR_SEV__MAX];
	/* file ("" for none) → errors and warnings shown, packed as
	 * errors * 65536 + warnings (both capped well below 65536) */
	GHashTable *shown;
	bool dropping; /* the last message was dropped: so are its notes */
};

/* Not translated: editors and CI scripts parse "file:line:col: error:". */
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
	d->shown = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return d;
}

void tr_diag_free(tr_diag *d)
{
	if (!d)
		return;
	g_array_unref(d->msgs);
	g_hash_table_destroy(d->shown);
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

/* Cuts a message's text at MAX_TEXT bytes, on a character boundary. */
static void cut_text(char *text)
{
	if (strlen(text) <= MAX_TEXT)
		return;
	const char *end = g_utf8_find_prev_char(text, text + MAX_TEXT - 3);
	if (!end)
		end = text;
	strcpy(text + (end - text), "…");
}

/* Counts a shown error or warning of file; false (and, the first time, the
 * "too many" line) when the file has shown TR_DIAG_MAX_SHOWN of them. */
static bool count_shown(tr_diag *d, tr_severity sev, const char *file)
{
	const char *key = file ? file : "";
	gpointer v;
	guint packed = 0;
	if (g_hash_table_lookup_extended(d->shown, key, NULL, &v))
		packed = GPOINTER_TO_UINT(v);
	guint errors = packed >> 16, warnings = packed & 0xFFFF;
	guint *n = sev == TR_SEV_ERROR ? &errors : &warnings;
	if (*n > TR_DIAG_MAX_SHOWN)
		return false;
	(*n)++;
	g_hash_table_insert(d->shown, g_strdup(key), GUINT_TO_POINTER(errors << 16 | warnings));
	if (*n <= TR_DIAG_MAX_SHOWN)
		return true;
	msg m = { sev, g_strdup(file), TR_NOPOS,
		  g_strdup(sev == TR_SEV_ERROR ? _("too many errors; stopping here")
		                               : _("too many warnings; the others are not shown")) };
	g_array_append_val(d->msgs, m);
	return false;
}

void tr_diag_addv(tr_diag *d, tr_severity sev, const char *file, tr_pos pos,
                  const char *fmt, va_list ap)
{
	d->counts[sev]++;
	if (sev == TR_SEV_NOTE && d->dropping)
		return;
	d->dropping = false;
	msg m = { sev, g_strdup(file), pos, g_strdup_vprintf(fmt, ap) };
	cut_text(m.text);
	/* The same message twice (a text too long for the tract and the poster
	 * alike) is said once, and so are its notes. */
	for (guint i = 0; i < d->msgs->len; i++) {
		const msg *o = &g_array_index(d->msgs, msg, i);
		if (o->sev == m.sev && o->pos.line == m.pos.line && o->pos.col == m.pos.col &&
		    g_strcmp0(o->file, m.file) == 0 && strcmp(o->text, m.text) == 0) {
			msg_clear(&m);
			d->counts[sev]--;
			d->dropping = sev != TR_SEV_NOTE;
			return;
		}
	}
	if (sev != TR_SEV_NOTE && !count_shown(d, sev, file)) {
		msg_clear(&m);
		d->dropping = true;
		return;
	}
	g_array_append_val(d->msgs, m);
}

size_t tr_diag_count(const tr_diag *d, tr_severity at_least)
{
	size_t n = 0;
	for (int s = at_least; s < TR_SEV__MAX; s++)
		n += d->counts[s];
	return n;
}

bool tr_diag_full(const tr_diag *d, const char *file)
{
	gpointer v;
	if (!g_hash_table_lookup_extended(d->shown, file ? file : "", NULL, &v))
		return false;
	return (GPOINTER_TO_UINT(v) >> 16) > TR_DIAG_MAX_SHOWN;
}

/* A message with its notes, and where it sorts. */
typedef struct {
	guint first, n;  /* messages [first, first + n) */
	guint file_rank; /* order of the file's first message */
	int line, col;   /* no position sorts last */
} group;

static int group_cmp(const void *a, const void *b)
{
	const group *x = a, *y = b;
	if (x->file_rank != y->file_rank)
		return x->file_rank < y->file_rank ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

char *tr_diag_format(const tr_diag *d)
{
	GString *out = g_string_new(NULL);
	GArray *groups = g_array_new(FALSE, FALSE, sizeof(group));
	GPtrArray *files = g_ptr_array_new(); /* in order of first message */
	for (guint i = 0; i < d->msgs->len; i++) {
		const msg *m = &g_array_index(d->msgs, msg, i);
		if (m->sev == TR_SEV_NOTE && groups->len > 0) {
			g_array_index(groups, group, groups->len - 1).n++;
			continue;
		}
		guint rank = 0;
		while (rank < files->len && g_strcmp0(files->pdata[rank], m->file) != 0)
			rank++;
		if (rank == files->len)
			g_ptr_array_add(files, m->file);
		group g = { i, 1, rank, m->pos.line < 0 ? INT_MAX : m->pos.line,
			    m->pos.line < 0 ? INT_MAX : m->pos.col };
		g_array_append_val(groups, g);
	}
	if (groups->len > 1) /* an empty GArray's data is NULL, which qsort refuses */
		qsort(groups->data, groups->len, sizeof(group), group_cmp);
	for (guint k = 0; k < groups->len; k++) {
		const group *g = &g_array_index(groups, group, k);
		for (guint i = g->first; i < g->first + g->n; i++) {
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
	}
	g_ptr_array_unref(files);
	g_array_unref(groups);
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

char *tr_diag_summary(const tr_diag *d)
{
	size_t e = d->counts[TR_SEV_ERROR], w = d->counts[TR_SEV_WARNING];
	if (!e && !w)
		return NULL;
	GString *s = g_string_new(NULL);
	if (e)
		g_string_append_printf(s, NG_("%zu error", "%zu errors", e), e);
	if (w) {
		if (e)
			g_string_append(s, ", ");
		g_string_append_printf(s, NG_("%zu warning", "%zu warnings", w), w);
	}
	return g_string_free(s, FALSE);
}

const char *tr_diag_plural(long long n, const char *one, const char *many)
{
	return n == 1 || n == -1 ? one : many;
}

tr_quoted tr_diag_quote(const char *text)
{
	tr_quoted q;
	size_t n = 0;
	long chars = 0;
	if (!text || !g_utf8_validate(text, -1, NULL)) {
		strcpy(q.s, text ? "?" : "");
		return q;
	}
	long total = g_utf8_strlen(text, -1);
	for (const char *s = text; *s; s = g_utf8_next_char(s)) {
		if (total > TR_DIAG_QUOTE_CHARS && chars == TR_DIAG_QUOTE_CHARS - 1) {
			memcpy(q.s + n, "…", 3);
			n += 3;
			break;
		}
		size_t len = (size_t)(g_utf8_next_char(s) - s);
		gunichar c = g_utf8_get_char(s);
		if (c == '\n' || c == '\t' || c == '\r' || c == 0x2028 || c == 0x2029) {
			q.s[n++] = ' '; /* one message, one line */
		} else {
			memcpy(q.s + n, s, len);
			n += len;
		}
		chars++;
	}
	q.s[n] = '\0';
	return q;
}
