/* test-typo.c — inline markup, French and English typography, paragraphs.
 *
 * Expected strings spell the special spaces with macros: NN is U+202F (narrow
 * no-break space), NB U+00A0 (no-break space).
 */
#include <glib.h>
#include <string.h>

#include "typo/phrase.h"
#include "typo/typo.h"

#define NN "\xe2\x80\xaf"  /* U+202F */
#define NB "\xc2\xa0"      /* U+00A0 */
#define EM_ON "\xee\x80\x80"
#define EM_OFF "\xee\x80\x81"
#define ST_ON "\xee\x80\x82"
#define ST_OFF "\xee\x80\x83"

/* Applies the rules, compares, and checks that applying them again changes
 * nothing. */
static void check_lang(const char *in, const char *want, tr_lang lang)
{
	char *got = tr_typo_apply(in, lang);
	g_assert_cmpstr(got, ==, want);
	char *again = tr_typo_apply(got, lang);
	g_assert_cmpstr(again, ==, got);
	g_free(again);
	g_free(got);
}

static void fr(const char *in, const char *want)
{
	check_lang(in, want, TR_LANG_FR);
}

static void en(const char *in, const char *want)
{
	check_lang(in, want, TR_LANG_EN);
}

/* tr_inline_parse, compared and freed. */
static void parse(const char *in, const char *want)
{
	char *got = tr_inline_parse(in);
	g_assert_cmpstr(got, ==, want);
	g_free(got);
}

/* ---- markers and inline markup ---------------------------------------------- */

static void test_is_mark(void)
{
	g_assert_true(tr_is_mark(TR_MARK_EM_ON));
	g_assert_true(tr_is_mark(TR_MARK_EM_OFF));
	g_assert_true(tr_is_mark(TR_MARK_STRONG_ON));
	g_assert_true(tr_is_mark(TR_MARK_STRONG_OFF));
	g_assert_false(tr_is_mark(0xDFFF));
	g_assert_false(tr_is_mark(0xE004));
	g_assert_false(tr_is_mark('*'));
	g_assert_false(tr_is_mark(0));
}

static void test_parse_basic(void)
{
	parse("**strong**", ST_ON "strong" ST_OFF);
	parse("*em*", EM_ON "em" EM_OFF);
	parse("un *mot* ici", "un " EM_ON "mot" EM_OFF " ici");
	parse("**Attention** !", ST_ON "Attention" ST_OFF " !");
	parse("***x***", EM_ON ST_ON "x" ST_OFF EM_OFF);
	parse("**a *b* c**", ST_ON "a " EM_ON "b" EM_OFF " c" ST_OFF);
	parse("*a **b** c*", EM_ON "a " ST_ON "b" ST_OFF " c" EM_OFF);
	parse("**deux** et **trois**", ST_ON "deux" ST_OFF " et " ST_ON "trois" ST_OFF);
	parse("sans rien", "sans rien");
	parse("", "");
	/* underscores are text */
	parse("_em_ et __x__", "_em_ et __x__");
	/* a single newline does not stop emphasis */
	parse("*a\nb*", EM_ON "a\nb" EM_OFF);
}

static void test_parse_literal(void)
{
	parse("5 * 3 = 15", "5 * 3 = 15");
	parse("5 * 3 * 2", "5 * 3 * 2");
	parse("une *étoile", "une *étoile");
	parse("fin*", "fin*");
	parse("**", "**");
	parse("* liste", "* liste");
	parse("** pas fort **", "** pas fort **");
	parse("**ouvert *em*", "**ouvert " EM_ON "em" EM_OFF);
	parse("***x*", "**" EM_ON "x" EM_OFF);
	parse("*x***", EM_ON "x" EM_OFF "**");
	/* emphasis never crosses a blank line (paragraphs) */
	parse("*a\n\nb*", "*a\n\nb*");
	parse("**a\n  \nb**", "**a\n  \nb**");
	/* "\\*" is an asterisk that never starts or ends emphasis (#9) */
	parse("2*3*4", "2" EM_ON "3" EM_OFF "4");
	parse("2\\*3\\*4", "2*3*4");
	parse("\\*pas en italique\\*", "*pas en italique*");
	parse("*a \\* b*", EM_ON "a * b" EM_OFF);
	parse("\\**fort**", "*" EM_ON "fort" EM_OFF "*");
	parse("a\\b \\", "a\\b \\");
}

/* Texts with nothing to print are empty (#9): a title of U+200B, U+00A0 or
 * U+3000 alone built a poster with a blank title. */
static void test_has_ink(void)
{
	static const char *const blank[] = { "", " ", "\u200b", "\u00a0\u00a0", "\u3000",
		                             "\u2060\ufeff", "\u3164", "\ufe0f", "\xee\x80\x80",
		                             "\u2800", " \u200b\u00a0\u3000\t" };
	static const char *const ink[] = { "a", " x ", "\u200b!", "*", "\u0301", "\u00a0-" };
	for (size_t i = 0; i < G_N_ELEMENTS(blank); i++)
		g_assert_false(tr_typo_has_ink(blank[i]));
	for (size_t i = 0; i < G_N_ELEMENTS(ink); i++)
		g_assert_true(tr_typo_has_ink(ink[i]));
}

static void test_parse_forged(void)
{
	/* markers in the input are dropped: a user cannot forge them */
	parse("a" EM_ON "b" ST_OFF "c", "abc");
	parse(EM_OFF "*x*" EM_ON, EM_ON "x" EM_OFF);
	/* markup-looking text stays plain text */
	parse("<b>&amp;</b>", "<b>&amp;</b>");
}

/* Markers are balanced and properly nested in any output. */
static void assert_balanced(const char *s)
{
	char stack[256];
	int depth = 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == TR_MARK_EM_ON || c == TR_MARK_STRONG_ON) {
			g_assert_cmpint(depth, <, (int)sizeof stack);
			stack[depth++] = c == TR_MARK_EM_ON ? 'e' : 's';
		} else if (c == TR_MARK_EM_OFF || c == TR_MARK_STRONG_OFF) {
			g_assert_cmpint(depth, >, 0);
			g_assert_cmpint(stack[--depth], ==, c == TR_MARK_EM_OFF ? 'e' : 's');
		}
	}
	g_assert_cmpint(depth, ==, 0);
}

static void test_parse_balanced(void)
{
	static const char *const pieces[] = { "*", "**", "***", " ", "a", "é", "\n", "\n\n",
	                                      "x*", "*y", " * ", "\xee\x80\x80" };
	GRand *r = g_rand_new_with_seed(20171003);
	for (int it = 0; it < 3000; it++) {
		GString *s = g_string_new(NULL);
		int n = g_rand_int_range(r, 0, 24);
		for (int k = 0; k < n; k++)
			g_string_append(s, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))]);
		char *out = tr_inline_parse(s->str);
		assert_balanced(out);
		/* stripping the markers and the asterisks gives the text back */
		char *strip = tr_inline_strip(out);
		GString *a = g_string_new(NULL), *b = g_string_new(NULL);
		for (const char *p = strip; *p; p++)
			if (*p != '*')
				g_string_append_c(a, *p);
		for (const char *p = s->str; *p; p = g_utf8_next_char(p))
			if (*p != '*' && !tr_is_mark(g_utf8_get_char(p)))
				g_string_append_len(b, p, g_utf8_next_char(p) - p);
		g_assert_cmpstr(a->str, ==, b->str);
		g_string_free(a, TRUE);
		g_string_free(b, TRUE);
		g_free(strip);
		g_free(out);
		g_string_free(s, TRUE);
	}
	g_rand_free(r);
}

static void test_strip(void)
{
	char *s = tr_inline_strip(ST_ON "Attention" ST_OFF NN "! " EM_ON "x" EM_OFF);
	g_assert_cmpstr(s, ==, "Attention" NN "! x");
	g_free(s);
	s = tr_inline_strip("");
	g_assert_cmpstr(s, ==, "");
	g_free(s);
}

/* ---- French ---------------------------------------------------------------- */

static void test_fr_high_punct(void)
{
	fr("Le numérique pour tous ? À quelles conditions ?",
	   "Le numérique pour tous" NN "? À" NB "quelles conditions" NN "?");
	fr("Mots-clefs : emprise du numérique", "Mots-clefs" NN ": emprise du numérique");
	fr("Localisation: Bobigny", "Localisation" NN ": Bobigny");
	fr("Note:", "Note" NN ":");
	fr("Note:\nsuite", "Note" NN ":\nsuite");
	fr("Vraiment!", "Vraiment" NN "!");
	fr("Vraiment   !", "Vraiment" NN "!");
	fr("Vraiment" NB "!", "Vraiment" NN "!");
	fr("un ; deux;trois", "un" NN "; deux;trois"); /* ';' glued inside a word: left */
	fr("un; deux", "un" NN "; deux");
	/* "?!", "!!", "?…": one space, before the first mark */
	fr("Quoi ?!", "Quoi" NN "?!");
	fr("Quoi?!", "Quoi" NN "?!");
	fr("Quoi ? !", "Quoi" NN "?!");
	fr("Non !!", "Non" NN "!!");
	fr("Et alors ?...", "Et alors" NN "?…");
	/* at the start of a line, after an opening bracket: nothing added */
	fr("? au début", "? au début");
	fr("ligne\n! suite", "ligne\n! suite");
	fr("un (?) deux", "un (?) deux");
}

static void test_fr_colon_exceptions(void)
{
	fr("08:30", "08:30");
	fr("de 08:30 à 17:30", "de 08:30 à" NB "17:30");
	fr("https://example.org", "https://example.org");
	fr("voir mailto:sud@cd93.fr", "voir mailto:sud@cd93.fr");
	fr("tel:+33143939128", "tel:+33143939128");
	fr("un ratio 3:2", "un ratio 3:2");
	fr("x:y", "x:y");
}

static void test_fr_guillemets(void)
{
	fr("« Dématérialisation, fracture numérique, big data, intelligence artificielle, "
	   "traçabilité,... » ces mots",
	   "«" NN "Dématérialisation, fracture numérique, big data, intelligence artificielle, "
	   "traçabilité…" NN "» ces mots");
	fr("«décrochage scolaire»", "«" NN "décrochage scolaire" NN "»");
	fr("«  big Brother  »", "«" NN "big Brother" NN "»");
	fr("«" NB "x" NB "»", "«" NN "x" NN "»");
	fr("il a dit \"bonjour\".", "il a" NB "dit «" NN "bonjour" NN "».");
	fr("\"Oui\" et \"non\"", "«" NN "Oui" NN "» et «" NN "non" NN "»");
	fr("(\"entre\")", "(«" NN "entre" NN "»)");
	/* spaces typed inside straight quotes */
	fr("il dit \" oui \" puis", "il dit «" NN "oui" NN "» puis");
	/* quotes inside guillemets are “ ” */
	fr("« il dit \"non\" »", "«" NN "il dit “non”" NN "»");
	fr("« ", "«");
}

static void test_fr_apostrophe(void)
{
	fr("l'école", "l’école");
	fr("l’école", "l’école");
	fr("d'interventions qu'ils", "d’interventions qu’ils");
	fr("aujourd'hui", "aujourd’hui");
	fr("qu'", "qu’");
}

static void test_fr_ellipsis(void)
{
	fr("école...", "école…");
	fr("école....", "école…");
	fr("école..", "école..");
	fr("traçabilité,...", "traçabilité…");
	fr("traçabilité, ...", "traçabilité…");
	fr("école ...", "école…");
	fr("école…", "école…");
	fr("... et puis", "… et puis");
	fr("« décrochage scolaire »...", "«" NN "décrochage scolaire" NN "»…");
	fr("et... puis", "et… puis");
}

static void test_fr_dashes(void)
{
	fr("les managers - ceux-là - dictent", "les managers" NB "– ceux-là" NB "– dictent");
	fr("a -- b", "a" NB "– b");
	fr("a – b", "a" NB "– b");
	fr("mot — mot", "mot — mot");
	/* hyphens in words stay */
	fr("habitant-e-s et médico-social", "habitant-e-s et médico-social");
	fr("n'accompagne-t-il pas", "n’accompagne-t-il pas");
	fr("- liste", "- liste");
}

static void test_fr_nbsp(void)
{
	fr("à la Bourse", "à" NB "la Bourse");
	fr("Il y a un an", "Il y" NB "a" NB "un an");
	fr("ô rage", "ô" NB "rage");
	fr("À lire également...", "À" NB "lire également…");
	fr("le 3 octobre 2017", "le 3" NB "octobre 2017");
	fr("le 25 mai", "le 25" NB "mai");
	fr("8 h 30", "8" NB "h" NB "30");
	fr("le 1er juin", "le 1er" NB "juin");
	fr("93000 Bobigny", "93000" NB "Bobigny");
	fr("1, place de la Libération", "1, place de la Libération");
	fr("3,5 km", "3,5" NB "km");
	fr("50 %", "50" NB "%");
	fr("50%", "50" NB "%");
	fr("10 €", "10" NB "€");
	/* a word ending in a digit is not a number */
	fr("SUD CD93 au", "SUD CD93 au");
}

static void test_fr_times(void)
{
	fr("8h30", "8" NB "h" NB "30");
	/* A number binds to what it counts, not to a preposition after it. */
	fr("de 8h30 à 17h30", "de 8" NB "h" NB "30 à" NB "17" NB "h" NB "30");
	fr("le mardi 3 octobre 2017 de 8h30 à 17h30",
	   "le mardi 3" NB "octobre 2017 de 8" NB "h" NB "30 à" NB "17" NB "h" NB "30");
	fr("à 19h.", "à" NB "19" NB "h.");
	fr("17h00", "17" NB "h" NB "00");
	fr("(9h)", "(9" NB "h)");
	fr("25h", "25h");
	fr("8h61", "8h61");
	fr("24h/24", "24h/24");
}

static void test_fr_numbers(void)
{
	fr("au 01 43 93 91 28.", "au 01" NB "43" NB "93" NB "91" NB "28.");
	fr("01 43 93 91 28 ou", "01" NB "43" NB "93" NB "91" NB "28 ou");
	fr("+33 1 43 93 91 28", "+33" NB "1" NB "43" NB "93" NB "91" NB "28");
	fr("10 000 personnes", "10" NN "000" NB "personnes");
	fr("1 000 000", "1" NN "000" NN "000");
	fr("en 2016 et 2017", "en 2016 et 2017"); /* a year does not bind "et" */
	fr("12 34", "12 34");
}

static void test_fr_spaces(void)
{
	fr("trop   d'espaces", "trop d’espaces");
	fr("tab\there", "tab here");
	fr("fin   \nligne", "fin\nligne");
	fr("  début", "début");
	fr("fin  ", "fin");
	fr("un\n\ndeux", "un\n\ndeux");
	fr("un\r\ndeux", "un\ndeux");
	fr("un\n   deux", "un\ndeux");
	fr("sans" NB "coupure", "sans" NB "coupure");
	fr("a " NB " b", "a" NB "b");
	fr("", "");
	fr("   ", "");
}

static void test_fr_urls(void)
{
	fr("Voir https://example.org/a?b=1&c=2 !", "Voir https://example.org/a?b=1&c=2" NN "!");
	fr("Écrivez à sud@cd93.fr !", "Écrivez à" NB "sud@cd93.fr" NN "!");
	fr("Écrivez à sud@cd93.fr!", "Écrivez à" NB "sud@cd93.fr" NN "!");
	fr("(https://example.org/x:y)", "(https://example.org/x:y)");
	fr("www.cd93.fr/page;x", "www.cd93.fr/page;x");
	fr("\"https://example.org/l'a...b\"", "«" NN "https://example.org/l'a...b" NN "»");
	fr("site: http://x.org/?q=a:b", "site" NN ": http://x.org/?q=a:b");
	fr("mail:contact.sud@example.org", "mail:contact.sud@example.org");
}

static void test_fr_markers(void)
{
	fr(ST_ON "Attention" ST_OFF " !", ST_ON "Attention" ST_OFF NN "!");
	fr(ST_ON "Attention" ST_OFF "!", ST_ON "Attention" ST_OFF NN "!");
	fr(ST_ON "Attention !" ST_OFF, ST_ON "Attention" NN "!" ST_OFF);
	fr(ST_ON "Attention " ST_OFF "!", ST_ON "Attention" ST_OFF NN "!");
	fr("« " EM_ON "big data" EM_OFF " »", "«" NN EM_ON "big data" EM_OFF NN "»");
	fr(EM_ON "à" EM_OFF " la", EM_ON "à" EM_OFF NB "la");
	fr("le " ST_ON "3" ST_OFF " octobre", "le " ST_ON "3" ST_OFF NB "octobre");
	fr("mot " EM_ON " " EM_OFF " mot", "mot " EM_ON EM_OFF "mot");

	/* the whole chain: parse, then typography */
	char *p = tr_inline_parse("**Attention** ! Rendez-vous *à* 8h30...");
	char *t = tr_typo_apply(p, TR_LANG_FR);
	g_assert_cmpstr(t, ==, ST_ON "Attention" ST_OFF NN "! Rendez-vous " EM_ON "à" EM_OFF NB
	                "8" NB "h" NB "30…");
	assert_balanced(t);
	g_free(t);
	g_free(p);
}

static void test_fr_injection(void)
{
	/* nothing is escaped or interpreted here: only typographic rules apply */
	fr("<span foreground='red'>&amp;</b>", "<span foreground=’red’>&amp;</b>");
	fr("<b>Attention !</b>", "<b>Attention" NN "!</b>");
	fr("aa & bb < cc > dd", "aa & bb < cc > dd");
	fr("%s %n %x", "%s %n %x");
}

static const char seed[] =
	"Le syndicat SUD du conseil départemental de la Seine Saint Denis organise le 3 "
	"octobre 2017 de 8h30 à 17h00 à la Bourse du travail de Bobigny une journée.\n\n"
	"« Dématérialisation, fracture numérique, big data, intelligence artificielle, "
	"traçabilité,... » ces mots assénés à longueur de journée méritent de s’y arrêter pour "
	"comprendre la place qu’ils occupent dans nos vies et dans nos métiers.\n"
	"Le département a confié à la mission d’animation territoriale et professionnelle "
	"(MATPPS) du pôle Solidarité, la tâche, entre autres, d’organiser deux journées "
	"d’étude en mars 2016 et en avril 2017 : Le numérique pour tous ? À quelles "
	"conditions ? et Être parent à l’heure d’Internet.\n\n"
	"Qu’elles se nomment service social, préfecture, pôle emploi, école... ces institutions "
	"se sont converties au numérique. Le tout informatique n’accompagne-t-il pas la "
	"destruction des services publics et des emplois ?\n\n"
	"Entrée libre sur simple inscription auprès de SUD CD93 au 01 43 93 91 28.\n\n"
	"Mots-clefs : emprise du numérique\nLocalisation : Bobigny\n\nÀ lire également...";

static void test_fr_seed(void)
{
	char *t = tr_typo_apply(seed, TR_LANG_FR);
	static const char *const want[] = {
		"le 3" NB "octobre 2017 de 8" NB "h" NB "30 à" NB "17" NB "h" NB "00 à" NB "la",
		"«" NN "Dématérialisation,",
		"traçabilité…" NN "» ces mots",
		"s’y arrêter",
		"qu’ils",
		"avril 2017" NN ": Le numérique pour tous" NN "? À" NB "quelles conditions" NN "? et",
		"école… ces",
		"des emplois" NN "?",
		"au 01" NB "43" NB "93" NB "91" NB "28.",
		"Mots-clefs" NN ": emprise",
		"Localisation" NN ": Bobigny",
		"À" NB "lire également…",
		"n’accompagne-t-il",
		"(MATPPS)",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		if (!strstr(t, want[i]))
			g_error("missing \"%s\" in \"%s\"", want[i], t);
	/* no straight quotes, no "...", no space before ; : ! ? » left */
	g_assert_null(strstr(t, "'"));
	g_assert_null(strstr(t, "\""));
	g_assert_null(strstr(t, "..."));
	g_assert_null(strstr(t, " :"));
	g_assert_null(strstr(t, " ?"));
	g_assert_null(strstr(t, " »"));
	g_assert_null(strstr(t, "« "));
	g_assert_null(strstr(t, "  "));
	/* paragraphs and lines are kept */
	g_assert_nonnull(strstr(t, "journée.\n\n«"));
	g_assert_nonnull(strstr(t, "métiers.\nLe département"));

	char *again = tr_typo_apply(t, TR_LANG_FR);
	g_assert_cmpstr(again, ==, t);
	g_free(again);
	g_free(t);
}

/* Random texts made of the pieces the rules look at: applying twice gives the
 * same result, the output is valid UTF-8, markers stay balanced. */
static void test_idempotent_random(void)
{
	static const char *const pieces[] = {
		"a", "à", "é", "Y", " ", "  ", "\n", "\n\n", "\t", NB, NN, ":", ";", "!", "?",
		"\"", "'", "’", "«", "»", ".", "...", "…", ",", "-", " - ", "--", "–", "*", "**",
		"1", "0", "h", "/", "@", "www.", "://", "(", ")", "%", "€", "+", "er", "octobre",
		"http://x.y", "01 43 ", "000", " 000", "8h30", "17h", "3 ", "y a ", "l'", "?!",
		"sud@cd93.fr", "Note: ", "\xc2\xad", "\r\n",
	};
	GRand *r = g_rand_new_with_seed(93000);
	for (int it = 0; it < 4000; it++) {
		GString *s = g_string_new(NULL);
		int n = g_rand_int_range(r, 0, 40);
		for (int k = 0; k < n; k++)
			g_string_append(s, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))]);
		char *p = tr_inline_parse(s->str);
		for (int lang = 0; lang < TR_LANG__MAX; lang++) {
			char *t = tr_typo_apply(p, (tr_lang)lang);
			char *t2 = tr_typo_apply(t, (tr_lang)lang);
			if (strcmp(t, t2) != 0)
				g_error("not idempotent (%s): \"%s\" → \"%s\" → \"%s\"",
				        lang == TR_LANG_FR ? "fr" : "en", s->str, t, t2);
			g_assert_true(g_utf8_validate(t, -1, NULL));
			assert_balanced(t);
			g_free(t);
			g_free(t2);
		}
		g_free(p);
		g_string_free(s, TRUE);
	}
	g_rand_free(r);
}

static void test_invalid_utf8(void)
{
	char *t = tr_typo_apply("caf\xc3 \xff ok ?", TR_LANG_FR);
	g_assert_true(g_utf8_validate(t, -1, NULL));
	g_free(t);
	char *p = tr_inline_parse("*x\xff*");
	g_assert_true(g_utf8_validate(p, -1, NULL));
	g_free(p);
}

static void test_nfc(void)
{
	/* "e" + combining acute becomes "é" */
	fr("e\xcc\x81" "cole", "école");
}

/* ---- English ---------------------------------------------------------------- */

static void test_en(void)
{
	en("It's \"great\"", "It’s “great”");
	en("'quoted' text", "‘quoted’ text");
	en("the '90s", "the ’90s");
	en("Wait...", "Wait…");
	en("traceability,...", "traceability,…");
	en("this - that", "this – that");
	en("this -- that", "this – that");
	en("Really ? Yes !", "Really ? Yes !");
	en("Note: x", "Note: x");
	en("« x »", "« x »");
	en("He said \"she said 'hi' today\"", "He said “she said ‘hi’ today”");
	en("call 01 43 93 91 28", "call 01" NB "43" NB "93" NB "91" NB "28");
	en("a lot  of   spaces ", "a lot of spaces");
	en("at 8h30 on 3 October", "at 8h30 on 3 October");
	en("https://example.org/it's", "https://example.org/it's");
	en(ST_ON "Note" ST_OFF ": \"x\"", ST_ON "Note" ST_OFF ": “x”");
}

/* ---- paragraphs --------------------------------------------------------------- */

static void test_paragraphs(void)
{
	char **p = tr_typo_paragraphs("Un\ndeux\n\ntrois\n   \n\n  quatre  \n");
	g_assert_cmpuint(g_strv_length(p), ==, 3);
	g_assert_cmpstr(p[0], ==, "Un deux");
	g_assert_cmpstr(p[1], ==, "trois");
	g_assert_cmpstr(p[2], ==, "quatre");
	g_strfreev(p);

	p = tr_typo_paragraphs("");
	g_assert_cmpuint(g_strv_length(p), ==, 0);
	g_strfreev(p);

	p = tr_typo_paragraphs("\n \n\t\n");
	g_assert_cmpuint(g_strv_length(p), ==, 0);
	g_strfreev(p);

	p = tr_typo_paragraphs("a\r\nb\r\n\r\nc");
	g_assert_cmpuint(g_strv_length(p), ==, 2);
	g_assert_cmpstr(p[0], ==, "a b");
	g_assert_cmpstr(p[1], ==, "c");
	g_strfreev(p);

	/* after the typo pass, the seed splits into its paragraphs */
	char *t = tr_typo_apply(seed, TR_LANG_FR);
	p = tr_typo_paragraphs(t);
	g_assert_cmpuint(g_strv_length(p), ==, 6);
	g_assert_true(g_str_has_prefix(p[1], "«" NN "Dématérialisation"));
	g_assert_nonnull(strstr(p[1], "métiers. Le département"));
	g_assert_cmpstr(p[4], ==, "Mots-clefs" NN ": emprise du numérique Localisation" NN ": Bobigny");
	g_strfreev(p);
	g_free(t);

	/* markers keep their place */
	p = tr_typo_paragraphs(ST_ON "a" ST_OFF "\n\n" EM_ON "b" EM_OFF);
	g_assert_cmpuint(g_strv_length(p), ==, 2);
	g_assert_cmpstr(p[0], ==, ST_ON "a" ST_OFF);
	g_strfreev(p);
}

/* The length of the ordinal suffix at the end of the number that starts
 * text, or 0. */
static size_t ordinal(const char *text)
{
	size_t at = strspn(text, "0123456789IVXLCDM");
	return tr_typo_ordinal_at(text, strlen(text), at);
}

static void test_ordinal_at(void)
{
	g_assert_cmpuint(ordinal("12e congrès"), ==, 1);
	g_assert_cmpuint(ordinal("1er\u00a0mai"), ==, 2);
	g_assert_cmpuint(ordinal("1re"), ==, 2);
	g_assert_cmpuint(ordinal("1res années"), ==, 3);
	g_assert_cmpuint(ordinal("2nd"), ==, 2);
	g_assert_cmpuint(ordinal("2nde,"), ==, 3);
	g_assert_cmpuint(ordinal("2de"), ==, 2);
	g_assert_cmpuint(ordinal("10ème"), ==, 4);
	g_assert_cmpuint(ordinal("3è étage"), ==, 2);
	g_assert_cmpuint(ordinal("XXIe siècle"), ==, 1);
	g_assert_cmpuint(ordinal("IIIe"), ==, 1);
	g_assert_cmpuint(ordinal("Ier"), ==, 2);
	g_assert_cmpuint(ordinal("Ve"), ==, 1);
	/* words, not numbers */
	g_assert_cmpuint(ordinal("Le"), ==, 0);
	g_assert_cmpuint(ordinal("De 8 h"), ==, 0);
	g_assert_cmpuint(ordinal("Ce"), ==, 0);
	g_assert_cmpuint(ordinal("Vers midi"), ==, 0);
	g_assert_cmpuint(ordinal("Ver"), ==, 0);
	g_assert_cmpuint(ordinal("IInd"), ==, 0);
	g_assert_cmpuint(ordinal("12eme"), ==, 0);
	g_assert_cmpuint(ordinal("12em"), ==, 0);
	g_assert_cmpuint(ordinal("3D"), ==, 0);
	g_assert_cmpuint(tr_typo_ordinal_at("A4e", 3, 2), ==, 0);
	g_assert_cmpuint(tr_typo_ordinal_at("1,5e", 4, 3), ==, 0);
	g_assert_cmpuint(tr_typo_ordinal_at("(5e)", 4, 2), ==, 1);
}

static tr_keep keep(const char *before, const char *after)
{
	return tr_phrase_keep_together(before, strlen(before), after, strlen(after));
}

/* Where a date may break: after its weekday before anywhere else, never
 * before its year unless it must ("jeudi / 26 janvier 2023"). */
static void test_keep(void)
{
	g_assert_cmpint(keep("jeudi", "26"), ==, TR_KEEP);
	g_assert_cmpint(keep("26", "janvier"), ==, TR_KEEP);
	g_assert_cmpint(keep("janvier", "2023"), ==, TR_KEEP_STRONG);
	g_assert_cmpint(keep("February", "2027,"), ==, TR_KEEP_STRONG);
	g_assert_cmpint(keep("Saturday", "25"), ==, TR_KEEP);
	g_assert_cmpint(keep("n°", "12"), ==, TR_KEEP_STRONG);
	g_assert_cmpint(keep("n°", "douze"), ==, TR_KEEP_NONE);
	g_assert_cmpint(keep("et", "jeudi"), ==, TR_KEEP_NONE);
	g_assert_cmpint(keep("janvier", "20234"), ==, TR_KEEP_NONE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/typo/is-mark", test_is_mark);
	g_test_add_func("/typo/parse/basic", test_parse_basic);
	g_test_add_func("/typo/parse/literal", test_parse_literal);
	g_test_add_func("/typo/has-ink", test_has_ink);
	g_test_add_func("/typo/parse/forged", test_parse_forged);
	g_test_add_func("/typo/parse/balanced", test_parse_balanced);
	g_test_add_func("/typo/strip", test_strip);
	g_test_add_func("/typo/fr/high-punct", test_fr_high_punct);
	g_test_add_func("/typo/fr/colon-exceptions", test_fr_colon_exceptions);
	g_test_add_func("/typo/fr/guillemets", test_fr_guillemets);
	g_test_add_func("/typo/fr/apostrophe", test_fr_apostrophe);
	g_test_add_func("/typo/fr/ellipsis", test_fr_ellipsis);
	g_test_add_func("/typo/fr/dashes", test_fr_dashes);
	g_test_add_func("/typo/fr/nbsp", test_fr_nbsp);
	g_test_add_func("/typo/fr/times", test_fr_times);
	g_test_add_func("/typo/fr/numbers", test_fr_numbers);
	g_test_add_func("/typo/fr/spaces", test_fr_spaces);
	g_test_add_func("/typo/fr/urls", test_fr_urls);
	g_test_add_func("/typo/fr/markers", test_fr_markers);
	g_test_add_func("/typo/fr/injection", test_fr_injection);
	g_test_add_func("/typo/fr/seed", test_fr_seed);
	g_test_add_func("/typo/idempotent-random", test_idempotent_random);
	g_test_add_func("/typo/invalid-utf8", test_invalid_utf8);
	g_test_add_func("/typo/nfc", test_nfc);
	g_test_add_func("/typo/en", test_en);
	g_test_add_func("/typo/paragraphs", test_paragraphs);
	g_test_add_func("/typo/ordinal-at", test_ordinal_at);
	g_test_add_func("/typo/keep", test_keep);
	return g_test_run();
}
