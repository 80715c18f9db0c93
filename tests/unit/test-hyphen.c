/* test-hyphen.c — soft hyphens from libhyphen (hyphen-fr, hyphen-en-us).
 *
 * Expected break points are those the Debian dictionaries give with
 * LEFTHYPHENMIN 2 and RIGHTHYPHENMIN 3; "-" below stands for U+00AD.
 */
#include <glib.h>
#include <string.h>

#include "typo/hyphen.h"
#include "typo/typo.h"

#define SHY "\xc2\xad"

static tr_hyphenator *fr, *en;

/* The text with every U+00AD shown as '-' (and real hyphens as '='), so that
 * expectations stay readable. */
static char *visible(const char *s)
{
	GString *out = g_string_new(NULL);
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == 0xAD)
			g_string_append_c(out, '-');
		else if (c == '-')
			g_string_append_c(out, '=');
		else
			g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

/* The text without its soft hyphens. */
static char *strip_shy(const char *s)
{
	GString *out = g_string_new(NULL);
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (g_utf8_get_char(p) != 0xAD)
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	return g_string_free(out, FALSE);
}

/* Hyphenates text and compares its visible form with want. */
static void check(const tr_hyphenator *h, const char *text, const char *want)
{
	char *got = tr_hyphen_apply(h, text);
	g_assert_true(g_utf8_validate(got, -1, NULL));
	char *vis = visible(got);
	g_assert_cmpstr(vis, ==, want);
	/* only soft hyphens were added */
	char *a = strip_shy(got), *b = strip_shy(text);
	g_assert_cmpstr(a, ==, b);
	/* and hyphenating again changes nothing */
	char *again = tr_hyphen_apply(h, got);
	g_assert_cmpstr(again, ==, got);
	g_free(a);
	g_free(b);
	g_free(again);
	g_free(vis);
	g_free(got);
}

/* The text comes back without any soft hyphen. */
static void check_none(const tr_hyphenator *h, const char *text)
{
	char *got = tr_hyphen_apply(h, text);
	g_assert_cmpstr(got, ==, text);
	g_free(got);
}

static void test_load(void)
{
	GError *err = NULL;
	tr_hyphenator *h = tr_hyphen_new(TR_LANG_FR, &err);
	g_assert_no_error(err);
	g_assert_nonnull(h);
	tr_hyphen_free(h);
	tr_hyphen_free(NULL);
}

static void test_known_words(void)
{
	check(fr, "associations", "as-so-cia-tions");
	check(fr, "dématérialisation", "dé-ma-té-ria-li-sa-tion");
	check(fr, "présenteront", "pré-sen-te-ront");
	check(fr, "incontournable", "in-con-tour-nable");
	check(fr, "quartier", "quar-tier");
	check(fr, "bénévoles", "bé-né-voles");
	check(fr, "numérique", "nu-mé-rique");
	check(fr, "traçabilité", "tra-ça-bi-lité");
	check(fr, "écriture", "écri-ture");
	check(fr, "informatisées", "in-for-ma-ti-sées");
}

/* hyphens[] is per character: a break never falls inside "é" (that would be
 * invalid UTF-8) and lands after the right letter in words full of accents. */
static void test_character_index(void)
{
	check(fr, "élève", "élève");
	check(fr, "éléphant", "élé-phant");
	check(fr, "préférée", "pré-fé-rée");
	check(fr, "œuvrière", "œu-vrière");
}

static void test_minimums(void)
{
	/* fewer than 5 letters: never */
	check_none(fr, "pour");
	check_none(fr, "tous");
	check_none(fr, "data");
	check_none(fr, "école"); /* 5 letters, but "é-cole" leaves one letter before */
	/* at least 3 letters after the last break */
	check(fr, "conditions", "condi-tions");
	check(fr, "social", "so-cial");
	check(fr, "ressources", "res-sources");
}

static void test_elision(void)
{
	check(fr, "l’école", "l’école");
	check(fr, "l'école", "l'école");
	check(fr, "d’interventions", "d’in-ter-ven-tions");
	check(fr, "d’écriture", "d’écri-ture");
	check(fr, "qu’ils", "qu’ils");
	check(fr, "l’informatique", "l’in-for-ma-tique");
	check(fr, "s’agissait", "s’agis-sait");
	check(fr, "aujourd’hui", "au-jourd’hui");
	/* no soft hyphen right after the apostrophe */
	char *got = tr_hyphen_apply(fr, "l’école d’étude l’insistance d’animation");
	g_assert_null(strstr(got, "’" SHY));
	g_assert_null(strstr(got, "'" SHY));
	g_free(got);
}

static void test_compounds(void)
{
	check(fr, "médico-social", "mé-dico=so-cial");
	check(fr, "habitant-e-s", "ha-bi-tant=e=s");
	check(fr, "n’accompagne-t-il", "n’ac-com-pagne=t=il");
	check(fr, "Mots-clefs", "Mots=clefs");
}

static void test_skipped(void)
{
	check_none(fr, "MATPPS");
	check_none(fr, "(MATPPS)");
	check_none(fr, "SUD CD93");
	check_none(fr, "https://example.org");
	check_none(fr, "https://example.org/associations/numerique");
	check_none(fr, "www.numerique.fr");
	check_none(fr, "sud@cd93.fr");
	check_none(fr, "contact.associations@example.org");
	check_none(fr, "17h30");
	check_none(fr, "8h30");
	check_none(fr, "01 43 93 91 28");
	check_none(fr, "PowerPoint");
	check_none(fr, "DÉMATÉRIALISATION");
	check_none(fr, "LibreOffice");
	/* a final full stop is not a '.' inside */
	check(fr, "numérique.", "nu-mé-rique.");
	check(fr, "numérique…", "nu-mé-rique…");
}

static void test_capitals(void)
{
	/* a sentence's first word is hyphenated ... */
	check(fr, "Derrière leurs écrans", "Der-rière leurs écrans");
	check(fr, "Dématérialisation", "Dé-ma-té-ria-li-sa-tion");
	check(fr, "Fin. Derrière", "Fin. Der-rière");
	check(fr, "« Dématérialisation »", "« Dé-ma-té-ria-li-sa-tion »");
	check(fr, "L’insistance", "L’in-sis-tance");
	/* ... a proper noun inside a sentence is not */
	check(fr, "la Bourse du travail de Bobigny", "la Bourse du tra-vail de Bobigny");
	check(fr, "Seine Saint Denis", "Seine Saint Denis");
	check(fr, "à l’heure d’Internet.", "à l’heure d’Internet.");
	/* a new line starts over (titles, address lines) */
	check(fr, "x\nConstruire", "x\nConstruire");
	check(fr, "ville\nRésistances", "ville\nRé-sis-tances");
}

static void test_markers(void)
{
	/* markers are kept and end a word */
	char *in = g_strdup("\xee\x80\x82" "associations" "\xee\x80\x83" " et " "\xee\x80\x80"
	                    "bénévoles" "\xee\x80\x81");
	char *got = tr_hyphen_apply(fr, in);
	char *vis = visible(got);
	g_assert_cmpstr(vis, ==, "\xee\x80\x82" "as-so-cia-tions" "\xee\x80\x83" " et "
	                "\xee\x80\x80" "bé-né-voles" "\xee\x80\x81");
	char *stripped = tr_inline_strip(got);
	g_assert_null(strstr(stripped, "\xee\x80"));
	g_free(stripped);
	g_free(vis);
	g_free(got);
	g_free(in);

	/* existing soft hyphens are kept and the word is left as the user cut it */
	check(fr, "numé" SHY "rique", "numé-rique");
}

static void test_seed_text(void)
{
	/* the typographic pass first, as the layout does */
	char *t = tr_typo_apply("Le numérique pour tous ? À quelles conditions ? "
	                        "« Dématérialisation, fracture numérique, big data, "
	                        "intelligence artificielle, traçabilité,... » "
	                        "le 3 octobre 2017 de 8h30 à 17h30 au 01 43 93 91 28.",
	                        TR_LANG_FR);
	char *got = tr_hyphen_apply(fr, t);
	g_assert_nonnull(strstr(got, "nu" SHY "mé" SHY "rique"));
	g_assert_nonnull(strstr(got, "Dé" SHY "ma" SHY "té" SHY "ria" SHY "li" SHY "sa" SHY "tion"));
	g_assert_nonnull(strstr(got, "in" SHY "tel" SHY "li" SHY "gence"));
	g_assert_nonnull(strstr(got, "tra" SHY "ça" SHY "bi" SHY "lité…"));
	g_assert_nonnull(strstr(got, "8\xc2\xa0h\xc2\xa0" "30"));
	g_assert_nonnull(strstr(got, "01\xc2\xa0" "43\xc2\xa0" "93\xc2\xa0" "91\xc2\xa0" "28."));
	/* U+202F and U+00A0 are kept */
	g_assert_nonnull(strstr(got, "tous\xe2\x80\xaf?"));
	g_free(got);
	g_free(t);
}

static void test_english(void)
{
	check(en, "hyphenation", "hy-phen-ation");
	check(en, "associations", "as-so-ci-a-tions");
	check_none(en, "the cat");
	check_none(en, "NASA");
	check(en, "don't", "don't");
}

static void test_edge(void)
{
	check_none(fr, "");
	check_none(fr, "   ");
	check_none(fr, "\n\n");
	check_none(fr, "1234567890");
	check_none(fr, "— … « » ! ?");
	/* a 200-letter "word" is not a word */
	char *longw = g_strnfill(200, 'a');
	check_none(fr, longw);
	g_free(longw);
	/* injection-looking text is plain text here */
	check(fr, "<span foreground='red'>&amp;</b>", "<span foreground='red'>&amp;</b>");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	GError *err = NULL;
	fr = tr_hyphen_new(TR_LANG_FR, &err);
	g_assert_no_error(err);
	en = tr_hyphen_new(TR_LANG_EN, &err);
	g_assert_no_error(err);

	g_test_add_func("/hyphen/load", test_load);
	g_test_add_func("/hyphen/known-words", test_known_words);
	g_test_add_func("/hyphen/character-index", test_character_index);
	g_test_add_func("/hyphen/minimums", test_minimums);
	g_test_add_func("/hyphen/elision", test_elision);
	g_test_add_func("/hyphen/compounds", test_compounds);
	g_test_add_func("/hyphen/skipped", test_skipped);
	g_test_add_func("/hyphen/capitals", test_capitals);
	g_test_add_func("/hyphen/markers", test_markers);
	g_test_add_func("/hyphen/seed-text", test_seed_text);
	g_test_add_func("/hyphen/english", test_english);
	g_test_add_func("/hyphen/edge", test_edge);
	int r = g_test_run();
	tr_hyphen_free(fr);
	tr_hyphen_free(en);
	return r;
}
