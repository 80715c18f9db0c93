/* hyphen.c — dictionary hyphenation with libhyphen, as soft hyphens (U+00AD).
 *
 * libhyphen wants lowercase words and, for UTF-8 dictionaries, fills hyphens[]
 * per CHARACTER (an odd hyphens[i] allows a break after character i), not per
 * byte. Words are lowercased here one character at a time
 * (g_unichar_tolower is one-to-one), so the character count never changes.
 * No allocation per word: the word and its hyphens live in stack buffers.
 */
#include "typo/hyphen.h"
#include "i18n.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

#define SHY 0x00AD
#define LEFT_MIN 2  /* letters before a break */
#define RIGHT_MIN 3 /* letters after a break (French practice; the dictionary says 2) */
#define WORD_MIN 5  /* shorter words are never broken */
#define WORD_MAX 64 /* longer "words" are not words: left alone */

struct tr_hyphenator {
	HyphenDict *dict;
	tr_lang lang;
};

static const struct {
	const char *file;
	const char *package;
} dicts[TR_LANG__MAX] = {
	[TR_LANG_FR] = { "hyph_fr.dic", "hyphen-fr" },
	[TR_LANG_EN] = { "hyph_en_US.dic", "hyphen-en-us" },
};

tr_hyphenator *tr_hyphen_new(tr_lang lang, GError **err)
{
	g_return_val_if_fail((unsigned)lang < TR_LANG__MAX, NULL);
	char *path = g_build_filename(TR_HYPHEN_DIR, dicts[lang].file, NULL);
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		            _("hyphenation dictionary %s not found (Debian package %s)"),
		            path, dicts[lang].package);
		g_free(path);
		return NULL;
	}
	HyphenDict *dict = hnj_hyphen_load(path);
	if (!dict) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
		            _("hyphenation dictionary %s could not be read (Debian package %s)"),
		            path, dicts[lang].package);
		g_free(path);
		return NULL;
	}
	g_free(path);
	tr_hyphenator *h = g_new0(tr_hyphenator, 1);
	h->dict = dict;
	h->lang = lang;
	return h;
}

void tr_hyphen_free(tr_hyphenator *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
	g_free(h);
}

static bool is_mark(gunichar c)
{
	return c >= 0xE000 && c <= 0xE003;
}

/* Characters that end a word for the purpose of finding tokens (URLs, 8h30…). */
static bool is_break_space(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x202F || c == 0x00A0 || is_mark(c);
}

/* Characters that split a word into parts hyphenated on their own. */
static bool is_letter(gunichar c)
{
	return g_unichar_isalpha(c);
}

/* A token (between spaces or markers) is left alone when it holds a digit, an
 * '@', a '/', a soft hyphen, a combining mark, or a '.' followed by more of the
 * token (URLs, e-mails, 8h30, www.site.fr; a final full stop is fine). */
static bool token_skipped(const char *p, const char *end)
{
	bool dot = false;
	for (; p < end; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isdigit(c) || c == '@' || c == '/' || c == SHY ||
		    g_unichar_ismark(c))
			return true;
		if (c == '.')
			dot = true;
		else if (dot && g_unichar_isalnum(c))
			return true; /* a '.' inside: more of the token follows it */
	}
	return false;
}

static bool is_capital(gunichar c)
{
	return g_unichar_isupper(c) || g_unichar_istitle(c);
}

/* Hyphenates one run of letters [p, end) with n characters, appending it to out
 * with soft hyphens. A capital is allowed only on the first letter, and only
 * when capital_ok (the word starts a sentence: elsewhere it is a proper noun,
 * "Bobigny", which French does not break). */
static void hyphenate_part(const tr_hyphenator *h, GString *out, const char *p,
                           const char *end, int n, bool capital_ok)
{
	char word[WORD_MAX * 4 + 8];
	char hyph[WORD_MAX * 4 + 8];
	int len = 0;
	bool ok = n >= WORD_MIN && n <= WORD_MAX;

	/* Lowercase copy (one character for one: hyph[] stays aligned). */
	for (const char *q = p; ok && q < end; q = g_utf8_next_char(q)) {
		gunichar c = g_utf8_get_char(q);
		if (is_capital(c) && (q != p || !capital_ok))
			ok = false;
		len += g_unichar_to_utf8(g_unichar_tolower(c), word + len);
	}
	if (!ok) {
		g_string_append_len(out, p, end - p);
		return;
	}
	word[len] = '\0';

	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	memset(hyph, 0, (size_t)len + 5);
	if (hnj_hyphen_hyphenate3(h->dict, word, len, hyph, NULL, &rep, &pos, &cut,
	                          LEFT_MIN, RIGHT_MIN, 2, 2) != 0) {
		g_string_append_len(out, p, end - p);
		goto out;
	}
	int i = 0;
	for (const char *q = p; q < end; q = g_utf8_next_char(q), i++) {
		g_string_append_len(out, q, g_utf8_next_char(q) - q);
		/* hyph[] is indexed by character; rep[] marks non-standard breaks
		 * (changes of spelling) that a soft hyphen cannot express. */
		if ((hyph[i] & 1) && i + 1 >= LEFT_MIN && n - (i + 1) >= RIGHT_MIN &&
		    !(rep && rep[i]))
			g_string_append_unichar(out, SHY);
	}
out:
	if (rep) {
		for (int k = 0; k < len; k++)
			free(rep[k]);
		free(rep);
	}
	free(pos);
	free(cut);
}

/* True for what may close a sentence's last word: brackets, quotes. */
static bool is_closer(gunichar c)
{
	return c == ')' || c == ']' || c == 0x00BB || c == 0x201D || c == 0x2019 ||
	       c == '"' || c == '\'';
}

/* Appends the token [p, end) (no spaces, no markers inside), hyphenating each
 * run of letters; apostrophes, hyphens and other punctuation split the runs.
 * *sentence tells whether a sentence starts here; it is updated for the next
 * token. */
static void hyphenate_token(const tr_hyphenator *h, GString *out, const char *p,
                            const char *end, bool *sentence)
{
	const char *tok = p;
	bool skip = token_skipped(p, end);
	bool first = true, any = false;

	while (p < end) {
		const char *start = p;
		int n = 0;
		while (p < end && is_letter(g_utf8_get_char(p))) {
			p = g_utf8_next_char(p);
			n++;
		}
		if (n > 0) {
			any = true;
			if (skip) {
				g_string_append_len(out, start, p - start);
				continue;
			}
			/* Only the first run may be a sentence's capital; an elided
			 * "L’" passes that on to the word it belongs to. */
			hyphenate_part(h, out, start, p, n, *sentence && first);
			if (n > 1)
				first = false;
			continue;
		}
		while (p < end && !is_letter(g_utf8_get_char(p))) {
			any = any || g_unichar_isdigit(g_utf8_get_char(p));
			p = g_utf8_next_char(p);
		}
		g_string_append_len(out, start, p - start);
	}

	/* Does the token end a sentence? Tokens of punctuation only ("«", "–")
	 * change nothing. */
	const char *q = end;
	while (q > tok) {
		const char *r = g_utf8_prev_char(q);
		if (!is_closer(g_utf8_get_char(r)))
			break;
		q = r;
	}
	gunichar last = q > tok ? g_utf8_get_char(g_utf8_prev_char(q)) : 0;
	if (last == '.' || last == '!' || last == '?' || last == 0x2026)
		*sentence = true;
	else if (any)
		*sentence = false;
}

char *tr_hyphen_apply(const tr_hyphenator *h, const char *text)
{
	g_return_val_if_fail(h != NULL && text != NULL, NULL);
	size_t n = strlen(text);
	GString *out = g_string_sized_new(n + n / 4 + 16);
	const char *p = text, *end = text + n;

	bool sentence = true;

	while (p < end) {
		const char *start = p;
		while (p < end && is_break_space(g_utf8_get_char(p))) {
			if (*p == '\n')
				sentence = true; /* a new line: a title, an address line */
			p = g_utf8_next_char(p);
		}
		g_string_append_len(out, start, p - start);
		start = p;
		while (p < end && !is_break_space(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (p > start)
			hyphenate_token(h, out, start, p, &sentence);
	}
	return g_string_free(out, FALSE);
}
