/* leftovers.c — what was meant to be replaced before printing: TODO, FIXME,
 * XXX, TBD, "à compléter", "to be confirmed", lorem ipsum, "???", and any
 * text in square brackets ("[…]", "[nom de l’intervenant]"), in every text of
 * the content; and sessions or programme items whose time is marked to be
 * confirmed (tbc: true).
 */
#include <string.h>

#include "check/finding.h"
#include "i18n.h"

/* Placeholders, as sequences of words (case and accents ignored), longest
 * first. */
static const char *const phrases[][4] = {
	{ "lorem", "ipsum", NULL },
	{ "à", "compléter", NULL },
	{ "à", "confirmer", NULL },
	{ "à", "préciser", NULL },
	{ "à", "définir", NULL },
	{ "à", "déterminer", NULL },
	{ "à", "remplir", NULL },
	{ "to", "be", "confirmed", NULL },
	{ "to", "be", "announced", NULL },
	{ "to", "be", "defined", NULL },
	{ "to", "be", "determined", NULL },
	{ "to", "be", "completed", NULL },
	{ "todo", NULL },
	{ "fixme", NULL },
	{ "tbd", NULL },
	{ "tbc", NULL },
	{ "tba", NULL },
	{ "lorem", NULL },
	{ "ipsum", NULL },
};

/* The number of tokens of the placeholder phrase at token k, or 0. */
static size_t phrase_at(const char *text, const GArray *toks, size_t k)
{
	for (size_t p = 0; p < G_N_ELEMENTS(phrases); p++) {
		size_t n = 0;
		while (phrases[p][n] && tr_token_is(text, toks, k + n, phrases[p][n]))
			n++;
		if (!phrases[p][n])
			return n;
	}
	/* XX, XXX, xxxx: a placeholder for a number or a name */
	const tr_token *t = &g_array_index(toks, tr_token, k);
	if (t->kind != TR_TOK_WORD || t->end - t->start < 2)
		return 0;
	for (size_t i = t->start; i < t->end; i++)
		if (text[i] != 'X' && text[i] != 'x')
			return 0;
	return 1;
}

static void report(tr_findings *f, const tr_text *t, size_t start, size_t end)
{
	char *said = g_strndup(t->text + start, end - start);
	tr_findings_add(f, TR_FIND_LEFTOVER, tr_text_pos(t, start),
	                _("placeholder text left: \"%s\""), tr_diag_quote(said).s);
	g_free(said);
}

static void check_text(tr_findings *f, const tr_text *t)
{
	const char *text = t->text;
	GArray *toks = tr_tokens(text);
	for (size_t k = 0; k < toks->len; k++) {
		const tr_token *a = &g_array_index(toks, tr_token, k);
		size_t n = phrase_at(text, toks, k);
		if (n) {
			report(f, t, a->start, g_array_index(toks, tr_token, k + n - 1).end);
			k += n - 1;
			continue;
		}
		/* ??? (three or more, glued) */
		size_t q = k;
		while (q < toks->len && tr_token_is(text, toks, q, "?") &&
		       (q == k || !g_array_index(toks, tr_token, q).space_before))
			q++;
		if (q - k >= 3) {
			report(f, t, a->start, g_array_index(toks, tr_token, q - 1).end);
			k = q - 1;
		}
	}
	g_array_unref(toks);
	/* [anything] on one line, up to 60 characters */
	for (const char *p = strchr(text, '['); p; p = strchr(p + 1, '[')) {
		const char *z = p + 1;
		while (*z && *z != ']' && *z != '\n' && *z != '[')
			z++;
		if (*z == ']' && g_utf8_strlen(p, z - p) <= 60)
			report(f, t, (size_t)(p - text), (size_t)(z + 1 - text));
	}
}

/* Sessions and programme items whose time is marked to be confirmed
 * ("tbc: true"): the prints say so, but a print run is when to confirm. */
static void check_tbc(tr_findings *f)
{
	const tr_event *ev = f->ev;
	for (size_t i = 0; i < ev->n_sessions; i++)
		if (ev->sessions[i].tbc)
			tr_findings_add(f, TR_FIND_TBC, ev->sessions[i].pos,
			                _("the time of this session is still to be confirmed "
			                  "(tbc: true): the prints say so"));
	for (size_t i = 0; i < ev->n_programme; i++)
		if (ev->programme[i].tbc)
			tr_findings_add(f, TR_FIND_TBC, ev->programme[i].pos,
			                _("the time of \"%s\" is still to be confirmed (tbc: true): "
			                  "the prints say so"),
			                tr_diag_quote(ev->programme[i].title.text).s);
}

void tr_check_leftovers(tr_findings *f)
{
	GArray *texts = tr_check_texts(f->ev);
	for (guint i = 0; i < texts->len; i++)
		check_text(f, g_array_index(texts, tr_check_text, i).t);
	g_array_unref(texts);
	check_tbc(f);
}
