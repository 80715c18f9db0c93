/* spell.c — spelling, with Hunspell, in the content's language.
 *
 * Not every word is the dictionary's business. Left alone:
 *   - names: a capitalised word that does not start a sentence ("Bobigny",
 *     "Pôle emploi", "Big Brother"), every capitalised word of a name or an
 *     address (organiser, venue, speaker), words with a capital inside
 *     ("iPhone"), and a capitalised first word already seen as a name;
 *   - acronyms (all capitals: SUD, MATPPS), anything with a digit (CD93, 5e,
 *     1er), web and e-mail addresses, one-letter words;
 *   - inclusive forms: "habitant·es", "habitant-e-s", "tou-te-s",
 *     "professionnel·le·s", "acteur·rice·s" are right when their joined form
 *     ("toutes") is, or their base ("professionnel", "tous") is and what
 *     follows is a known ending;
 *   - the words of the organisation's list (.tractage-words next to the
 *     content, one a line) and of the content's `check: words:`.
 * English is checked against American and British dictionaries: a word either
 * accepts is right.
 */
#include <hunspell/hunspell.h>
#include <string.h>

#include "check/finding.h"
#include "dynlib.h"
#include "load/ytree.h"
#include "i18n.h"

/* The organisation's word list: a file of this name in the content's folder. */
#define WORDS_FILE ".tractage-words"

/* Dictionaries of a language, by file name (the first found of each group). */
static const char *const dict_names[TR_LANG__MAX][2][3] = {
	[TR_LANG_FR] = { { "fr_FR", "fr", NULL }, { NULL } },
	[TR_LANG_EN] = { { "en_US", NULL }, { "en_GB", NULL } },
};
static const char *const dict_packages[TR_LANG__MAX] = { "hunspell-fr", "hunspell-en-us" };
static const char *const lang_names[TR_LANG__MAX] = { "French", "English" };

/* Endings an inclusive form adds to its base ("·e·s", "-rice-s"). */
static const char *const inclusive_endings[] = {
	"e", "es", "s", "x", "le", "les", "lle", "lles", "ne", "nes", "nne", "nnes", "te", "tes",
	"se", "ses", "sse", "sses", "ve", "ves", "fe", "fes", "rice", "rices", "trice",
	"trices", "ice", "ices", "euse", "euses", "ère", "ères", "ale", "ales", "eure",
	"eures", "ienne", "iennes", "enne", "ennes", "ette", "ettes", NULL
};

/* Hunspell, opened when check first spells (dynlib.h). */
#define HUNSPELL_FUNCTIONS(X) \
	X(Hunspell_create) \
	X(Hunspell_destroy) \
	X(Hunspell_spell) \
	X(Hunspell_suggest) \
	X(Hunspell_free_list)

TR_DYNLIB_TABLE(H, HUNSPELL_FUNCTIONS);

static tr_dynlib hunspell = { TR_HUNSPELL_SONAME, "Hunspell", "libhunspell-1.7-0", NULL };

struct tr_speller {
	Hunhandle *dicts[TR_LANG__MAX][2];
	bool tried[TR_LANG__MAX];
	GHashTable *suggestions; /* "lang:word" → first suggestion, or "" */
	GHashTable *lists;       /* folder → its word list (a set), or NULL when none */
	bool no_suggestions;
};

static void unref_set(gpointer set)
{
	if (set)
		g_hash_table_unref(set);
}

tr_speller *tr_speller_new(void)
{
	tr_speller *sp = g_new0(tr_speller, 1);
	sp->suggestions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	sp->lists = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, unref_set);
	return sp;
}

void tr_speller_free(tr_speller *sp)
{
	if (!sp)
		return;
	for (int l = 0; l < TR_LANG__MAX; l++)
		for (int i = 0; i < 2; i++)
			if (sp->dicts[l][i])
				H.Hunspell_destroy(sp->dicts[l][i]);
	g_hash_table_unref(sp->suggestions);
	g_hash_table_unref(sp->lists);
	g_free(sp);
}

/* Opens the dictionary `name` from $DICPATH (Hunspell's own variable, folders
 * separated by ':') or the Debian folders. NULL when it is nowhere. */
static Hunhandle *open_dict(const char *name)
{
	GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
	const char *env = g_getenv("DICPATH");
	if (env && *env) {
		char **parts = g_strsplit(env, ":", -1);
		for (char **p = parts; *p; p++)
			if (**p)
				g_ptr_array_add(dirs, g_strdup(*p));
		g_strfreev(parts);
	}
	g_ptr_array_add(dirs, g_strdup("/usr/share/hunspell"));
	g_ptr_array_add(dirs, g_strdup("/usr/share/myspell"));
	g_ptr_array_add(dirs, g_strdup("/usr/share/myspell/dicts"));
	Hunhandle *h = NULL;
	for (guint i = 0; i < dirs->len && !h; i++) {
		char *base = g_build_filename(dirs->pdata[i], name, NULL);
		char *aff = g_strconcat(base, ".aff", NULL), *dic = g_strconcat(base, ".dic", NULL);
		if (g_file_test(aff, G_FILE_TEST_IS_REGULAR) && g_file_test(dic, G_FILE_TEST_IS_REGULAR))
			h = H.Hunspell_create(aff, dic);
		g_free(aff);
		g_free(dic);
		g_free(base);
	}
	g_ptr_array_unref(dirs);
	return h;
}

/* The main dictionary of lang, loading the language's dictionaries on first use;
 * NULL when it is missing. */
static Hunhandle *dict_of(tr_speller *sp, tr_lang lang)
{
	if (!sp->tried[lang]) {
		sp->tried[lang] = true;
		for (int g = 0; g < 2; g++)
			for (int i = 0; dict_names[lang][g][i] && !sp->dicts[lang][g]; i++)
				sp->dicts[lang][g] = open_dict(dict_names[lang][g][i]);
	}
	return sp->dicts[lang][0];
}

/* True when one of the language's dictionaries knows the word. */
static bool known(tr_speller *sp, tr_lang lang, const char *word)
{
	for (int g = 0; g < 2; g++)
		if (sp->dicts[lang][g] && H.Hunspell_spell(sp->dicts[lang][g], word))
			return true;
	return false;
}

void tr_speller_set_suggestions(tr_speller *sp, bool on)
{
	sp->no_suggestions = !on;
}

/* The first suggestion for word, or "" (cached: Hunspell takes 0.1 s). */
static const char *suggest(tr_speller *sp, tr_lang lang, const char *word)
{
	if (sp->no_suggestions)
		return "";
	char *key = g_strdup_printf("%d:%s", lang, word);
	const char *s = g_hash_table_lookup(sp->suggestions, key);
	if (s) {
		g_free(key);
		return s;
	}
	/* Hunspell's order is not the nearest first ("grêve": "grevé" before
	 * "grève"): the nearest of its first few, in its order on a tie. */
	char *best = NULL;
	size_t best_dist = G_MAXSIZE;
	for (int g = 0; g < 2 && !best; g++) {
		char **list = NULL;
		if (!sp->dicts[lang][g])
			continue;
		int n = H.Hunspell_suggest(sp->dicts[lang][g], &list, word);
		for (int i = 0; i < n && i < 5; i++) {
			size_t dist = tr_edit_distance(word, list[i]);
			if (dist < best_dist) {
				g_free(best);
				best = g_strdup(list[i]);
				best_dist = dist;
			}
		}
		H.Hunspell_free_list(sp->dicts[lang][g], &list, n);
	}
	if (!best)
		best = g_strdup("");
	g_hash_table_insert(sp->suggestions, key, best);
	return best;
}

/* Adds the words of a list file (one a line, '#' comments) to set. */
static void read_list(GHashTable *set, const char *path)
{
	char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	char **lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		char *hash = strchr(*l, '#');
		if (hash)
			*hash = '\0';
		g_strstrip(*l);
		if (**l && g_utf8_validate(*l, -1, NULL))
			g_hash_table_add(set, g_utf8_normalize(*l, -1, G_NORMALIZE_NFC));
	}
	g_strfreev(lines);
	g_free(text);
}

/* The organisation's words for a content (cached per folder), or NULL. */
static GHashTable *folder_words(tr_speller *sp, const char *content, char **path_out)
{
	char *dir = g_path_get_dirname(content);
	char *path = strcmp(dir, ".") == 0 ? g_strdup(WORDS_FILE)
	                                   : g_build_filename(dir, WORDS_FILE, NULL);
	GHashTable *set;
	if (!g_hash_table_lookup_extended(sp->lists, dir, NULL, (gpointer *)&set)) {
		set = NULL;
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
			read_list(set, path);
		}
		g_hash_table_insert(sp->lists, g_strdup(dir), set);
	}
	g_free(dir);
	*path_out = path;
	return set;
}

/* ------------------------------------------------------------------ */
/* Words */

static bool is_joiner(gunichar c)
{
	return c == '\'' || c == 0x2019 || c == 0x02BC || c == '-' || c == 0x2010 ||
	       c == 0x2011 || c == 0x00B7 || c == 0x2022 || c == 0x2027 || c == 0x22C5 ||
	       c == '.';
}

/* Joiners that mark an inclusive form (a hyphen too, in "habitant-e-s"). */
static bool is_inclusive_mark(gunichar c)
{
	return c == 0x00B7 || c == 0x2022 || c == 0x2027 || c == 0x22C5 || c == '.' ||
	       c == '-' || c == 0x2010 || c == 0x2011;
}

static bool is_apostrophe(gunichar c)
{
	return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static bool is_word_char(gunichar c)
{
	return g_unichar_isalnum(c) || g_unichar_ismark(c);
}

static bool is_white(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

/* A web or e-mail address, or a domain name ("ustr-rhone.org/congres"). */
static bool is_address(const char *s, size_t len)
{
	char *w = g_ascii_strdown(s, (gssize)len);
	bool yes = strchr(w, '@') || strstr(w, "://") || g_str_has_prefix(w, "www.");
	if (!yes) {
		/* name.tld[/path]: a dot followed by 2 to 6 ASCII letters, then the
		 * end, a slash or closing punctuation. */
		for (char *dot = strchr(w, '.'); dot && !yes; dot = strchr(dot + 1, '.')) {
			size_t n = 0;
			while (g_ascii_isalpha(dot[1 + n]))
				n++;
			char after = dot[1 + n];
			yes = dot > w && n >= 2 && n <= 6 &&
			      (after == '\0' || after == '/' || strchr(",;:!?)»\"", after));
		}
	}
	g_free(w);
	return yes;
}

/* True when the text before byte `at` ends a sentence: only white space and
 * opening punctuation since the start of the text, a line break, or . ! ? … : */
static bool starts_sentence(const char *text, size_t at)
{
	const char *p = text + at;
	while (p > text) {
		p = g_utf8_prev_char(p);
		gunichar c = g_utf8_get_char(p);
		if (c == '\n' || c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ':')
			return true;
		if (is_white(c) || c == 0x00AB || c == 0x201C || c == 0x2018 || c == '"' ||
		    c == '(' || c == '[' || c == '*' || c == 0x2014 || c == 0x2013 || c == '-' ||
		    c == 0x2022 || c == '\'')
			continue;
		return false;
	}
	return true;
}

/* A word of a text: its bytes, without the joiners at its ends. */
typedef struct {
	size_t start, end;
} span;

/* The words of text, skipping addresses. */
static GArray *words_of(const char *text)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(span));
	const char *p = text;
	while (*p) {
		if (is_white(g_utf8_get_char(p))) {
			p = g_utf8_next_char(p);
			continue;
		}
		const char *chunk = p;
		while (*p && !is_white(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (is_address(chunk, (size_t)(p - chunk)))
			continue;
		for (const char *q = chunk; q < p;) {
			if (!is_word_char(g_utf8_get_char(q))) {
				q = g_utf8_next_char(q);
				continue;
			}
			const char *w = q;
			while (q < p) {
				gunichar c = g_utf8_get_char(q);
				const char *next = g_utf8_next_char(q);
				if (is_word_char(c) ||
				    (is_joiner(c) && next < p && is_word_char(g_utf8_get_char(next))))
					q = next;
				else
					break;
			}
			span s = { (size_t)(w - text), (size_t)(q - text) };
			g_array_append_val(out, s);
		}
	}
	return out;
}

/* Longer than this, a "word" is not one (a code, a pasted URL): left alone. */
#define MAX_WORD 60

/* The word as Hunspell reads it: NFC, straight apostrophes. g_free() it. */
static char *plain_word(const char *s, size_t len)
{
	char *nfc = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_NFC);
	GString *out = g_string_new(NULL);
	for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		g_string_append_unichar(out, is_apostrophe(c) ? '\'' : c);
	}
	g_free(nfc);
	return g_string_free(out, FALSE);
}

typedef enum { LOWER, CAPITAL, SKIP } word_case;

/* How the word is written: all capitals, digits or a capital inside make it
 * SKIP; a capital first letter (of the word, or after an elision as in
 * "d’Internet", or of a part as in "Saint-Denis") makes it CAPITAL. */
static word_case case_of(const char *w)
{
	bool any_lower = false, capital = false, after_joiner = true;
	int letters = 0;
	for (const char *p = w; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isdigit(c))
			return SKIP;
		if (is_joiner(c)) {
			after_joiner = true;
			continue;
		}
		if (!g_unichar_isalpha(c))
			continue;
		letters++;
		if (g_unichar_islower(c))
			any_lower = true;
		if (g_unichar_isupper(c) || g_unichar_istitle(c)) {
			if (!after_joiner)
				return SKIP; /* iPhone, McDonald */
			capital = true;
		}
		after_joiner = false;
	}
	if (letters < 2 || !any_lower || g_utf8_strlen(w, -1) > MAX_WORD)
		return SKIP; /* "à", acronyms, codes */
	return capital ? CAPITAL : LOWER;
}

/* The parts of a word between inclusive marks ("habitant-e-s": habitant, e,
 * s). g_ptr_array_unref() it. */
static GPtrArray *inclusive_parts(const char *w)
{
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
	const char *start = w;
	for (const char *p = w;; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!c || is_inclusive_mark(c)) {
			g_ptr_array_add(parts, g_strndup(start, (gsize)(p - start)));
			if (!c)
				break;
			start = g_utf8_next_char(p);
		}
	}
	return parts;
}

/* True when every part after the first is a known ending. */
static bool endings_only(const GPtrArray *parts)
{
	for (guint i = 1; i < parts->len; i++)
		if (!g_strv_contains(inclusive_endings, parts->pdata[i]))
			return false;
	return parts->len >= 2;
}

/* Whether an inclusive form is right: its joined form is a word ("toutes"), or
 * its base is (also with an s: "tous") and the rest are known endings. */
static bool inclusive_ok(tr_speller *sp, tr_lang lang, const char *w)
{
	GPtrArray *parts = inclusive_parts(w);
	bool ok = false;
	if (parts->len >= 2) {
		GString *joined = g_string_new(NULL);
		for (guint i = 0; i < parts->len; i++)
			g_string_append(joined, parts->pdata[i]);
		char *plural = g_strconcat(parts->pdata[0], "s", NULL);
		ok = known(sp, lang, joined->str) ||
		     (endings_only(parts) &&
		      (known(sp, lang, parts->pdata[0]) || known(sp, lang, plural)));
		g_free(plural);
		g_string_free(joined, TRUE);
	}
	g_ptr_array_unref(parts);
	return ok;
}

/* The suggestion for a word: in capitals for an acronym written in small
 * letters ("cgt": "CGT"); with œ for oe ("coeur": "cœur"); for an inclusive
 * form, the base's, with its endings ("habitnt-e-s": "habitant-e-s"); else
 * Hunspell's nearest. g_free() it; "" for none. */
static char *suggest_word(tr_speller *sp, tr_lang lang, const char *w)
{
	char *up = g_utf8_strup(w, -1);
	if (strcmp(up, w) != 0 && known(sp, lang, up))
		return up;
	g_free(up);
	/* "coeur", "soeur", "oeuvre": the ligature the keyboard lacks. */
	if (strstr(w, "oe")) {
		char **pieces = g_strsplit(w, "oe", -1);
		char *lig = g_strjoinv("œ", pieces);
		g_strfreev(pieces);
		if (known(sp, lang, lig))
			return lig;
		g_free(lig);
	}
	GPtrArray *parts = inclusive_parts(w);
	char *out;
	if (endings_only(parts)) {
		const char *base = suggest(sp, lang, parts->pdata[0]);
		size_t n = strlen(parts->pdata[0]);
		out = *base ? g_strconcat(base, w + n, NULL) : g_strdup("");
	} else {
		out = g_strdup(suggest(sp, lang, w));
	}
	g_ptr_array_unref(parts);
	return out;
}

/* The word after a French elision ("l'interpro" → "interpro"), or w. */
static const char *after_elision(const char *w)
{
	static const char *const elided[] = {
		"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
		"quoiqu", "presqu", NULL
	};
	const char *apo = strchr(w, '\'');
	if (!apo || !apo[1])
		return w;
	char *head = g_ascii_strdown(w, apo - w);
	bool yes = g_strv_contains(elided, head);
	g_free(head);
	return yes ? apo + 1 : w;
}

/* Whether a word is on a list: as written, or, when the list has it in lower
 * case, with a capital; a French elision before it does not count. */
static bool listed(GHashTable *set, const char *w)
{
	if (!set)
		return false;
	if (after_elision(w) != w)
		return listed(set, after_elision(w));
	if (g_hash_table_contains(set, w))
		return true;
	char *low = g_utf8_strdown(w, -1);
	bool yes = false;
	if (g_utf8_get_char(low) != g_utf8_get_char(w)) {
		/* only the first letter differs: "Bunkerisation" for "bunkerisation" */
		const char *rest_w = g_utf8_next_char(w), *rest_l = g_utf8_next_char(low);
		yes = strcmp(rest_w, rest_l) == 0 && g_hash_table_contains(set, low);
	}
	g_free(low);
	return yes;
}

/* The word without accents, in lower case ("Réunion": "reunion"). */
static char *bare(const char *w)
{
	char *low = g_utf8_strdown(w, -1);
	char *ascii = g_str_to_ascii(low, "C");
	g_free(low);
	return ascii;
}

/* A word of the other language ("new wave", "big data" in French; "crèche"
 * in English) is a loanword, not a slip; unless it is a word of this language
 * without its accents ("reunion" for "réunion", "elections"). */
static bool loanword(tr_speller *sp, tr_lang lang, const char *w)
{
	tr_lang other = lang == TR_LANG_FR ? TR_LANG_EN : TR_LANG_FR;
	if (!dict_of(sp, other) || !known(sp, other, w))
		return false;
	if (sp->no_suggestions)
		return true;
	char *b = bare(w);
	bool accent_slip = false;
	char **list = NULL;
	int n = H.Hunspell_suggest(dict_of(sp, lang), &list, w);
	for (int i = 0; i < n && !accent_slip; i++) {
		char *bs = bare(list[i]);
		accent_slip = strcmp(bs, b) == 0;
		g_free(bs);
	}
	H.Hunspell_free_list(dict_of(sp, lang), &list, n);
	g_free(b);
	return !accent_slip;
}

/* Whether a capitalised word's suggestion sug is a common word within two
 * edits: one the dictionary knows in lower case ("Accueil" for "Acceuil"),
 * not a name ("Fred" for "Fredo"). */
static bool near_common_word(tr_speller *sp, tr_lang lang, const char *w, const char *sug)
{
	if (!sug || !*sug || tr_edit_distance(w, sug) > 2)
		return false;
	char *low = g_utf8_strdown(sug, -1);
	bool common = known(sp, lang, low);
	g_free(low);
	return common;
}

/* A text holding "lorem ipsum" is a placeholder (leftovers.c says so): its
 * pseudo-Latin is not spelt out word by word. */
static bool is_lorem(const char *text)
{
	char *low = g_utf8_strdown(text, -1);
	bool yes = strstr(low, "lorem ipsum") != NULL;
	g_free(low);
	return yes;
}

void tr_check_spelling(tr_findings *f, tr_speller *sp)
{
	const tr_event *ev = f->ev;
	tr_lang lang = ev->lang;
	if (f->ignore[TR_FIND_SPELLING])
		return;
	GError *e = NULL;
	if (!TR_DYNLIB_OPEN(&hunspell, H, &e)) {
		tr_findings_add(f, TR_FIND_SPELLING, TR_NOPOS, _("the spelling is not checked: %s"),
		                e->message);
		g_error_free(e);
		return;
	}
	if (!dict_of(sp, lang)) {
		tr_findings_add(f, TR_FIND_SPELLING, TR_NOPOS, _("the spelling is not checked: no "
		                  "%s dictionary for Hunspell (Debian package %s)"), lang_names[lang],
		                dict_packages[lang]);
		return;
	}
	char *list_path = NULL;
	GHashTable *org = folder_words(sp, ev->path, &list_path);
	GHashTable *own = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (size_t i = 0; i < ev->check.n_words; i++)
		g_hash_table_add(own, g_utf8_normalize(ev->check.words[i].text, -1,
		                                       G_NORMALIZE_NFC));
	GArray *texts = tr_check_texts(ev);
	/* First pass: names, the capitalised words seen inside a sentence, so that
	 * the same word starting a sentence is taken as the name it is. */
	GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < texts->len; i++) {
		const tr_check_text *ct = &g_array_index(texts, tr_check_text, i);
		if (!(ct->what & TR_TEXT_WORDS))
			continue;
		GArray *words = words_of(ct->t->text);
		for (guint k = 0; k < words->len; k++) {
			span s = g_array_index(words, span, k);
			char *w = plain_word(ct->t->text + s.start, s.end - s.start);
			if (case_of(w) == CAPITAL && (ct->what & TR_TEXT_NAMES ||
			                              !starts_sentence(ct->t->text, s.start)))
				g_hash_table_add(names, w);
			else
				g_free(w);
		}
		g_array_unref(words);
	}
	bool told = false;
	for (guint i = 0; i < texts->len; i++) {
		const tr_check_text *ct = &g_array_index(texts, tr_check_text, i);
		if (!(ct->what & TR_TEXT_WORDS))
			continue;
		const char *text = ct->t->text;
		if (is_lorem(text))
			continue;
		GArray *words = words_of(text);
		for (guint k = 0; k < words->len; k++) {
			span s = g_array_index(words, span, k);
			char *w = plain_word(text + s.start, s.end - s.start);
			word_case wc = case_of(w);
			bool ok = wc == SKIP || g_hash_table_contains(names, w) || listed(own, w) ||
			          listed(org, w) || known(sp, lang, w) || inclusive_ok(sp, lang, w) ||
			          loanword(sp, lang, w);
			char *sug = ok ? NULL : suggest_word(sp, lang, w);
			/* A capitalised word starting a sentence, unknown, is a slip when
			 * it is near a common word ("Acceuil", "Syndcale"), else a name
			 * ("Kamienski", and "Fredo", near the name "Fred"). */
			if (!ok && wc == CAPITAL && !near_common_word(sp, lang, w, sug))
				ok = true;
			if (!ok) {
				char *shown = g_strndup(text + s.start, s.end - s.start);
				if (*sug)
					tr_findings_add(f, TR_FIND_SPELLING, tr_text_pos(ct->t, s.start),
					                _("unknown word \"%s\" (did you mean \"%s\"?)"), shown,
					                sug);
				else
					tr_findings_add(f, TR_FIND_SPELLING, tr_text_pos(ct->t, s.start),
					                _("unknown word \"%s\""), shown);
				if (!told)
					tr_findings_note(f, tr_text_pos(ct->t, s.start),
					                 _("a word that is right can go into %s (one word a "
					                   "line, for every content of the folder) or under "
					                   "\"check: words:\" in this file"), list_path);
				told = true;
				g_free(shown);
			}
			g_free(sug);
			g_free(w);
		}
		g_array_unref(words);
	}
	g_hash_table_unref(names);
	g_array_unref(texts);
	g_hash_table_unref(own);
	g_free(list_path);
}
