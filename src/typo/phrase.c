/* phrase.c — function words and phrases kept together (see phrase.h). */
#include "typo/phrase.h"

#include <glib.h>
#include <string.h>

#include "typo/dates.h"

/* Words after which a line should not end. */
static const char *const fr_bad[] = {
	/* articles and contracted articles */
	"le", "la", "les", "l’", "un", "une", "des", "du", "au", "aux",
	/* prepositions */
	"à", "de", "d’", "en", "pour", "par", "sur", "dans", "avec", "sans", "contre", "chez",
	"vers", "entre", "sous", "dès", "depuis", "pendant", "après", "avant", "devant",
	"derrière", "selon", "malgré", "parmi", "envers", "face", "jusqu’", "jusqu’à",
	/* demonstratives */
	"ce", "cet", "cette", "ces",
	NULL
};
static const char *const fr_weak[] = {
	"et", "ou", "ni", "mais", "que", "qui", "dont", "où", "car", "donc",
	"mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre",
	"vos", "leur", "leurs", "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
	"ne", "n’", "se", "s’", "y", "non", "tous", "toutes", "tout", "toute", "très", "plus",
	NULL
};
static const char *const en_bad[] = {
	"the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "from", "into",
	"onto", "over", "under", "about", "against", "between", "through", "during",
	"without", "within", "towards", "toward", "upon", "this", "that", "these", "those",
	NULL
};
static const char *const en_weak[] = {
	"and", "or", "but", "nor", "so", "our", "your", "their", "my", "his", "her", "its",
	"we", "you", "they", "no", "not", "all", "every", "very", "more", "who", "which",
	NULL
};

static bool in_list(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (strcmp(*list, w) == 0)
			return true;
	return false;
}

/* Closing punctuation that may follow a word: quotes, brackets. */
static bool is_closing(gunichar c)
{
	return c == 0x00BB || c == 0x201D || c == 0x2019 || c == '"' || c == ')' || c == ']' ||
	       c == 0x202F || c == 0x00A0;
}

tr_phrase_break tr_phrase_break_after(const char *word, size_t len, tr_lang lang)
{
	if (len == 0)
		return TR_PHRASE_NEUTRAL;
	/* The last character that is not a closing quote or bracket. */
	const char *end = word + len;
	const char *p = end;
	while (p > word) {
		const char *prev = g_utf8_prev_char(p);
		if (!is_closing(g_utf8_get_char(prev)))
			break;
		p = prev;
	}
	if (p > word) {
		gunichar last = g_utf8_get_char(g_utf8_prev_char(p));
		if (strchr(":,;!?.", (int)last) && last < 0x80)
			return TR_PHRASE_GOOD;
		if (last == 0x2026 || last == 0x2013 || last == 0x2014) /* … – — */
			return TR_PHRASE_GOOD;
	}
	/* The word itself, in lower case, without an opening quote. */
	const char *s = word;
	while (s < end && !g_unichar_isalnum(g_utf8_get_char(s)))
		s = g_utf8_next_char(s);
	if (s >= end)
		return TR_PHRASE_NEUTRAL;
	char *w = g_utf8_strdown(s, end - s);
	tr_phrase_break r = TR_PHRASE_NEUTRAL;
	if (lang == TR_LANG_FR) {
		if (in_list(fr_bad, w))
			r = TR_PHRASE_BAD;
		else if (in_list(fr_weak, w))
			r = TR_PHRASE_WEAK;
	} else {
		if (in_list(en_bad, w))
			r = TR_PHRASE_BAD;
		else if (in_list(en_weak, w))
			r = TR_PHRASE_WEAK;
	}
	g_free(w);
	return r;
}

static bool all_digits(const char *s, size_t len, size_t min, size_t max)
{
	if (len < min || len > max)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isdigit(s[i]))
			return false;
	return true;
}

/* A day of the month as written before a month: "3", "1er", "21st". */
static bool is_day(const char *s, size_t len)
{
	size_t d = 0;
	while (d < len && g_ascii_isdigit(s[d]))
		d++;
	if (d == 0 || d > 2)
		return false;
	const char *rest = s + d;
	size_t rl = len - d;
	static const char *const suffixes[] = { "", "er", "st", "nd", "rd", "th", ",", NULL };
	for (const char *const *x = suffixes; *x; x++)
		if (rl == strlen(*x) && strncmp(rest, *x, rl) == 0)
			return true;
	return false;
}

tr_keep tr_phrase_keep_together(const char *before, size_t blen, const char *after,
                                size_t alen)
{
	size_t al = alen;
	while (al > 0 && strchr(",.;:", after[al - 1]))
		al--;
	/* A weekday and its day: "mardi 3", "Saturday 25". */
	if (is_day(after, alen) && tr_date_weekday_of(before, blen) >= 0)
		return TR_KEEP;
	/* A day and its month (typography usually ties them already). */
	if (is_day(before, blen) && tr_date_month_of(after, al) > 0)
		return TR_KEEP;
	/* A month and its year: "octobre 2017", "May 2024". */
	if (all_digits(after, al, 4, 4) && tr_date_month_of(before, blen) > 0)
		return TR_KEEP_STRONG;
	/* A number sign and its number: "n° 12", "No. 3". */
	if ((blen == 3 && strncmp(before, "n°", 3) == 0) ||
	    (blen == 3 && strncmp(before, "N°", 3) == 0) ||
	    (blen == 3 && g_ascii_strncasecmp(before, "no.", 3) == 0))
		return al > 0 && g_ascii_isdigit(after[0]) ? TR_KEEP_STRONG : TR_KEEP_NONE;
	return TR_KEEP_NONE;
}
