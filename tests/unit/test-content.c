/* test-content.c — the YAML reader (ytree) and the content loader.
 *
 * Real contents are loaded from the source tree (meson runs the tests from the
 * source root); every error case is an in-memory buffer whose messages are
 * compared whole, positions included.
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "diag.h"
#include "load/content.h"
#include "load/ytree.h"
#include "model/event.h"

/* A valid event around which the error cases are written: 6 lines. */
#define HEAD \
	"organiser:\n" \
	"  name: SUD\n" \
	"event:\n" \
	"  title: T\n" \
	"  venue: {name: V, city: C}\n"
#define SESSION "  sessions: [2017-10-03]\n"

/* Loads buf as "t.yaml"; returns all messages as one string (g_free it). The
 * event, if any, goes to *out (or is freed when out is NULL). */
static char *load_len(const char *buf, size_t len, tr_event **out)
{
	tr_diag *d = tr_diag_new();
	tr_event *ev = tr_content_load_buffer("t.yaml", buf, len, d);
	char *msgs = tr_diag_format(d);
	/* The contract: NULL exactly when there is an error. */
	g_assert_true((ev == NULL) == (tr_diag_count(d, TR_SEV_ERROR) > 0));
	tr_diag_free(d);
	if (out)
		*out = ev;
	else
		tr_event_free(ev);
	return msgs;
}

static char *load(const char *buf, tr_event **out)
{
	return load_len(buf, strlen(buf), out);
}

/* Asserts that loading buf fails with exactly the messages expected. */
static void expect_msgs(const char *buf, const char *expected)
{
	tr_event *ev = NULL;
	char *msgs = load(buf, &ev);
	g_assert_cmpstr(msgs, ==, expected);
	g_assert_null(ev);
	g_free(msgs);
}

/* Asserts that parsing buf (len bytes) with tr_yaml_parse fails with exactly
 * the messages expected. */
static void expect_yaml_len(const char *buf, size_t len, const char *expected)
{
	tr_diag *d = tr_diag_new();
	tr_ynode *root = tr_yaml_parse("t.yaml", buf, len, d);
	char *msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==, expected);
	g_assert_null(root);
	g_free(msgs);
	tr_diag_free(d);
}

static void expect_yaml(const char *buf, const char *expected)
{
	expect_yaml_len(buf, strlen(buf), expected);
}

/* Parses buf, which must be valid. */
static tr_ynode *parse_ok(const char *buf)
{
	tr_diag *d = tr_diag_new();
	tr_ynode *root = tr_yaml_parse("t.yaml", buf, strlen(buf), d);
	char *msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_nonnull(root);
	g_free(msgs);
	tr_diag_free(d);
	return root;
}

/* Loads a content file of the source tree, which must load without a message. */
static tr_event *load_file_ok(const char *path)
{
	tr_diag *d = tr_diag_new();
	tr_event *ev = tr_content_load(path, d);
	char *msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_nonnull(ev);
	g_free(msgs);
	tr_diag_free(d);
	return ev;
}

static void assert_pos(tr_pos pos, int line1, int col1)
{
	g_assert_cmpint(pos.line + 1, ==, line1);
	g_assert_cmpint(pos.col + 1, ==, col1);
}

/* ---- real contents ---- */

static void test_sample(void)
{
	tr_event *ev = load_file_ok("content/riposte-au-tout-numerique.yaml");
	char *dump, *src, *want, **lines;
	int line;

	g_assert_cmpint(ev->lang, ==, TR_LANG_FR);
	g_assert_cmpstr(ev->path, ==, "content/riposte-au-tout-numerique.yaml");
	g_assert_cmpstr(ev->kicker.text, ==, "En Seine-Saint-Denis et ailleurs");
	g_assert_cmpstr(ev->title.text, ==, "Construire la riposte au tout numérique");
	g_assert_cmpstr(ev->subtitle.text, ==, "Journée de formation syndicale");
	g_assert_cmpstr(ev->organiser.name.text, ==, "SUD CD93");
	g_assert_cmpstr(ev->organiser.full_name.text, ==,
	                "Syndicat SUD du conseil départemental de la Seine-Saint-Denis");
	g_assert_cmpstr(ev->organiser.phone.text, ==, "01 43 93 91 28");
	g_assert_null(ev->organiser.email.text);
	g_assert_null(ev->organiser.website.text);

	g_assert_cmpuint(ev->n_sessions, ==, 1);
	g_assert_cmpint(ev->sessions[0].year, ==, 2017);
	g_assert_cmpint(ev->sessions[0].month, ==, 10);
	g_assert_cmpint(ev->sessions[0].day, ==, 3);
	g_assert_cmpint(ev->sessions[0].start, ==, 8 * 60 + 30);
	g_assert_cmpint(ev->sessions[0].end, ==, 17 * 60 + 30);

	g_assert_cmpstr(ev->venue.name.text, ==, "Bourse du travail de Bobigny");
	g_assert_cmpstr(ev->venue.address.text, ==, "1, place de la Libération");
	g_assert_cmpstr(ev->venue.postcode.text, ==, "93000");
	g_assert_cmpstr(ev->venue.city.text, ==, "Bobigny");
	g_assert_cmpstr(ev->admission.text, ==, "Entrée libre sur simple inscription "
	                "auprès de SUD CD93 au 01 43 93 91 28.");
	g_assert_nonnull(strstr(ev->quote.text, "Dématérialisation, fracture numérique"));

	/* The body: the whole text, in paragraphs, typos fixed. */
	g_assert_true(g_str_has_prefix(ev->body.text, "Le syndicat SUD du conseil"));
	g_assert_true(g_str_has_suffix(ev->body.text, "sur le lieu de travail."));
	g_assert_nonnull(strstr(ev->body.text, "consacrée à construire des résistances"));
	g_assert_nonnull(strstr(ev->body.text, "métiers.\nLe département"));
	g_assert_nonnull(strstr(ev->body.text, "scolaire »... Il n’est nul besoin"));
	g_assert_nonnull(strstr(ev->body.text, "surveillent"));
	g_assert_nonnull(strstr(ev->body.text, "« Big Brother »"));
	g_assert_nonnull(strstr(ev->body.text, "Le numérique pour tous ? À quelles conditions ?"));
	g_assert_null(strstr(ev->body.text, "syndcale"));
	g_assert_null(strstr(ev->body.text, "Seine Saint Denis"));
	g_assert_null(strstr(ev->body.text, "\n\n\n"));
	g_assert_nonnull(strstr(ev->note.text, "bunkerisation"));
	g_assert_nonnull(ev->teaser.text);

	/* The programme: the themes the text names, under the announcement's own
	 * heading, with no time (the announcement gives none) and nobody named. */
	g_assert_cmpstr(ev->programme_title.text, ==, "Programme de la journée");
	g_assert_cmpuint(ev->n_programme, ==, 3);
	g_assert_true(g_str_has_prefix(ev->programme[0].title.text, "Les impacts du numérique"));
	g_assert_nonnull(ev->programme[0].detail.text);
	for (size_t i = 0; i < ev->n_programme; i++) {
		g_assert_cmpint(ev->programme[i].time, ==, -1);
		g_assert_cmpint(ev->programme[i].end, ==, -1);
		g_assert_null(ev->programme[i].speaker.text);
		g_assert_cmpint(ev->programme[i].year, ==, 0);
	}
	g_assert_cmpuint(ev->n_keywords, >=, 1);
	g_assert_cmpstr(ev->keywords[0].text, ==, "emprise du numérique");
	g_assert_cmpstr(ev->print_mention.text, ==,
	                "Imprimé par nos soins — Ne pas jeter sur la voie publique");
	g_assert_cmpint(ev->print_mention.pos.line, <, 0);

	/* positions: the line of "  title: …" in the file, 1-based in the dump */
	g_assert_true(g_file_get_contents("content/riposte-au-tout-numerique.yaml", &src,
	                                  NULL, NULL));
	lines = g_strsplit(src, "\n", -1);
	for (line = 0; lines[line]; line++)
		if (g_str_has_prefix(lines[line], "  title: Construire"))
			break;
	g_assert_nonnull(lines[line]);
	assert_pos(ev->title.pos, line + 1, 10);
	dump = tr_event_dump(ev);
	want = g_strdup_printf("\ntitle@%d:10: Construire la riposte au tout numérique\n",
	                       line + 1);
	g_assert_nonnull(strstr(dump, want));
	g_assert_nonnull(strstr(dump, "2017-10-03 08:30-17:30\n"));
	g_assert_nonnull(strstr(dump, "\nprint_mention: Imprimé par nos soins"));
	g_assert_null(strstr(dump, " \n"));
	/* ... and of "quote: …", at the top level beside event: */
	for (line = 0; lines[line]; line++)
		if (g_str_has_prefix(lines[line], "quote: "))
			break;
	g_assert_nonnull(lines[line]);
	assert_pos(ev->quote.pos, line + 1, 8);
	g_free(dump);
	g_free(want);
	g_strfreev(lines);
	g_free(src);
	tr_event_free(ev);
}

static void test_reunion(void)
{
	tr_event *ev = load_file_ok("tests/content/reunion-publique.yaml");
	size_t speakers = 0;
	g_assert_cmpint(ev->lang, ==, TR_LANG_FR);
	g_assert_cmpstr(ev->title.text, ==, "Retraites : ce qu’ils ne nous disent pas");
	g_assert_cmpuint(ev->n_sessions, ==, 1);
	g_assert_cmpint(ev->sessions[0].start, ==, 19 * 60);
	g_assert_cmpint(ev->sessions[0].end, ==, 21 * 60 + 30);
	g_assert_nonnull(ev->quote.text);
	g_assert_nonnull(strchr(ev->organiser.email.text, '@'));
	g_assert_true(g_str_has_prefix(ev->organiser.website.text, "https://"));
	for (size_t i = 0; i < ev->n_programme; i++)
		speakers += ev->programme[i].speaker.text != NULL;
	g_assert_cmpuint(speakers, ==, 3);
	/* keywords written as one text, split on commas */
	g_assert_cmpuint(ev->n_keywords, ==, 4);
	g_assert_cmpstr(ev->keywords[2].text, ==, "réunion publique");
	tr_event_free(ev);
}

static void test_congres(void)
{
	tr_event *ev = load_file_ok("tests/content/congres-deux-jours.yaml");
	g_assert_cmpuint(ev->n_sessions, ==, 2);
	g_assert_cmpint(ev->sessions[0].day, ==, 25);
	g_assert_cmpint(ev->sessions[1].day, ==, 26);
	g_assert_cmpint(ev->sessions[1].month, ==, 5);
	g_assert_cmpuint(ev->n_programme, >=, 12);
	for (size_t i = 0; i < ev->n_programme; i++) {
		g_assert_cmpint(ev->programme[i].year, ==, 2024);
		g_assert_cmpint(ev->programme[i].time, >=, 0);
	}
	g_assert_cmpint(g_utf8_strlen(ev->body.text, -1), >=, 2000);
	tr_event_free(ev);
}

static void test_open_meeting_en(void)
{
	tr_event *ev = load_file_ok("tests/content/open-meeting-en.yaml");
	g_assert_cmpint(ev->lang, ==, TR_LANG_EN);
	g_assert_cmpstr(tr_lang_name(ev->lang), ==, "en");
	g_assert_cmpuint(ev->n_programme, ==, 4);
	g_assert_cmpstr(ev->print_mention.text, ==,
	                "Printed by volunteers — Please do not litter");
	tr_event_free(ev);
}

/* The complete example of docs/content-format.md (its first yaml block) loads. */
static void test_doc_example(void)
{
	char *doc, *start, *end;
	tr_event *ev;
	char *msgs;
	g_assert_true(g_file_get_contents("docs/content-format.md", &doc, NULL, NULL));
	start = strstr(doc, "```yaml\n");
	g_assert_nonnull(start);
	start += strlen("```yaml\n");
	end = strstr(start, "```");
	g_assert_nonnull(end);
	msgs = load_len(start, (size_t)(end - start), &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpstr(ev->title.text, ==, "Construire la riposte au tout numérique");
	g_assert_cmpuint(ev->n_programme, ==, 3);
	g_free(msgs);
	tr_event_free(ev);
	g_free(doc);
}

/* ---- content rules ---- */

static void test_missing(void)
{
	expect_msgs("organiser:\n  name: SUD\nevent:\n  venue: {name: V, city: C}\n" SESSION,
	            "t.yaml:4:3: error: missing required field \"title\" in event\n");
	/* an empty required text is missing, pointed at its key */
	expect_msgs("organiser:\n  name: SUD\nevent:\n  title: \"\"\n"
	            "  venue: {name: V, city: C}\n" SESSION,
	            "t.yaml:4:3: error: missing required field \"title\" in event\n");
	expect_msgs("organiser:\n  name: SUD\nlang: fr\n",
	            "t.yaml:1:1: error: missing required field \"event\"\n");
	expect_msgs("event:\n  title: T\n  venue: {name: V, city: C}\n" SESSION,
	            "t.yaml:1:1: error: missing required field \"organiser\"\n");
	expect_msgs("organiser:\n  name: SUD\nevent:\n  title: T\n  venue: {name: V}\n" SESSION,
	            "t.yaml:5:10: error: missing required field \"city\" in venue\n");
	expect_msgs("organiser:\n  name: SUD\nevent:\n  title: T\n  venue:\n    city: C\n" SESSION,
	            "t.yaml:6:5: error: missing required field \"name\" or \"address\" "
	            "in venue\n");
	expect_msgs(HEAD, "t.yaml:4:3: error: missing required field \"sessions\" in event\n");
	expect_msgs("organiser:\n  name: SUD\nevent:\n  title: T\n" SESSION,
	            "t.yaml:4:3: error: missing required field \"venue\" in event\n");
	/* several problems in one run */
	expect_msgs("organiser: {}\nevent:\n  titel: T\n",
	            "t.yaml:1:12: error: missing required field \"name\" in organiser\n"
	            "t.yaml:3:3: error: unknown key \"titel\" in event (did you mean \"title\"?)\n"
	            "t.yaml:3:3: error: missing required field \"sessions\" in event\n"
	            "t.yaml:3:3: error: missing required field \"venue\" in event\n");
}

static void test_types(void)
{
	expect_msgs("organiser:\n  name: SUD\nevent:\n  title: [a, b]\n"
	            "  venue: {name: V, city: C}\n" SESSION,
	            "t.yaml:4:10: error: expected text for \"title\", found a list\n");
	expect_msgs("organiser:\n  name: SUD\nevent:\n  title:\n    x: 1\n"
	            "  venue: {name: V, city: C}\n" SESSION,
	            "t.yaml:5:5: error: expected text for \"title\", found a mapping\n");
	expect_msgs(HEAD "  sessions: 2017-10-03\n",
	            "t.yaml:6:13: error: \"sessions\" must be a list of dates, not text\n"
	            "t.yaml:6:13: note: write each date on its own line, as \"- date: "
	            "YYYY-MM-DD\"\n");
	expect_msgs(HEAD SESSION "programme: Accueil\n",
	            "t.yaml:7:12: error: \"programme\" must be a list, not text\n");
	expect_msgs("organiser: SUD\nevent:\n  title: T\n  venue: {name: V, city: C}\n" SESSION,
	            "t.yaml:1:12: error: \"organiser\" must be a mapping (keys indented "
	            "under it), not text\n");
	expect_msgs("- a\n- b\n",
	            "t.yaml:1:1: error: the file must hold keys and values (such as "
	            "\"event:\"), not a list\n");
	expect_msgs(HEAD SESSION "keywords: {a: b}\n",
	            "t.yaml:7:11: error: \"keywords\" must be a list of texts, not a mapping\n");
}

static void test_keys(void)
{
	expect_msgs(HEAD SESSION "  titel: X\n",
	            "t.yaml:7:3: error: unknown key \"titel\" in event (did you mean "
	            "\"title\"?)\n");
	expect_msgs(HEAD SESSION "  zzz: X\n",
	            "t.yaml:7:3: error: unknown key \"zzz\" in event (known keys: kicker, "
	            "title, subtitle, sessions, venue, admission)\n");
	expect_msgs(HEAD SESSION "zzz: X\n",
	            "t.yaml:7:1: error: unknown key \"zzz\" in the file (known keys: "
	            "version, lang, organisation, organiser, event, quote, teaser, body, "
	            "programme_title, programme, note, keywords, print_mention, check, image, "
	            "qr)\n");
	/* the texts are at the top level, beside event: (docs/content-format.md) */
	expect_msgs(HEAD SESSION "  body: |\n    Un texte.\n  programme: [Accueil]\n",
	            "t.yaml:7:3: error: \"body\" belongs at the top of the file, not inside "
	            "\"event:\"\n"
	            "t.yaml:9:3: error: \"programme\" belongs at the top of the file, not "
	            "inside \"event:\"\n");
	expect_msgs("quote: Q\n" HEAD "  teaser: T\n" SESSION "  keywords: [a]\n"
	            "  print_mention: P\n",
	            "t.yaml:7:3: error: \"teaser\" belongs at the top of the file, not inside "
	            "\"event:\"\n"
	            "t.yaml:9:3: error: \"keywords\" belongs at the top of the file, not "
	            "inside \"event:\"\n"
	            "t.yaml:10:3: error: \"print_mention\" belongs at the top of the file, "
	            "not inside \"event:\"\n");
	expect_msgs("kicker: K\n" HEAD SESSION "admission: A\n",
	            "t.yaml:1:1: error: \"kicker\" belongs inside \"event:\" (indent it "
	            "under event:)\n"
	            "t.yaml:8:1: error: \"admission\" belongs inside \"event:\" (indent it "
	            "under event:)\n");
	expect_msgs("title: X\n" HEAD SESSION,
	            "t.yaml:1:1: error: \"title\" belongs inside \"event:\" (indent it "
	            "under event:)\n");
	expect_msgs(HEAD SESSION "  lang: en\n  city: Bobigny\n",
	            "t.yaml:7:3: error: \"lang\" belongs at the top of the file, not inside "
	            "\"event:\"\n"
	            "t.yaml:8:3: error: \"city\" belongs inside \"venue:\" (indent it under "
	            "venue:)\n");
	expect_msgs("organizer:\n  name: SUD\nevent:\n  title: T\n  venue: {name: V, city: C}\n"
	            SESSION,
	            "t.yaml:1:1: error: unknown key \"organizer\" in the file (did you mean "
	            "\"organiser\"?)\n");
}

/* Keys stay English; French names (and a few other usual ones) suggest them,
 * at the right level; the field suggested is not also called missing, and what
 * is under the unknown key is checked as that field's (organisateur's keys). */
static void test_french_keys(void)
{
	expect_msgs("organisateur:\n  Nom: SUD\n  Téléphone: 01 43 93 91 28\n"
	            "event:\n  titre: T\n  lieu: {name: V, city: C}\n  ville: C\n"
	            "  citation: x\n  séances: [2017-10-03]\n"
	            "programme:\n  - {début: 9h, titre: Accueil, intervenante: X}\n",
	            "t.yaml:1:1: error: unknown key \"organisateur\" in the file (did you "
	            "mean \"organiser\"? keys are written in English)\n"
	            "t.yaml:2:3: error: unknown key \"Nom\" in organiser (did you mean "
	            "\"name\"? keys are written in English)\n"
	            "t.yaml:3:3: error: unknown key \"Téléphone\" in organiser (did you mean "
	            "\"phone\"? keys are written in English)\n"
	            "t.yaml:5:3: error: unknown key \"titre\" in event (did you mean "
	            "\"title\"? keys are written in English)\n"
	            "t.yaml:6:3: error: unknown key \"lieu\" in event (did you mean "
	            "\"venue\"? keys are written in English)\n"
	            "t.yaml:7:3: error: unknown key \"ville\" in event (did you mean "
	            "\"city\", inside \"venue:\"?)\n"
	            "t.yaml:8:3: error: unknown key \"citation\" in event (did you mean "
	            "\"quote\", at the top of the file?)\n"
	            "t.yaml:9:3: error: unknown key \"séances\" in event (did you mean "
	            "\"sessions\"? keys are written in English)\n"
	            "t.yaml:11:6: error: unknown key \"début\" in a programme item (did you "
	            "mean \"time\"? keys are written in English)\n"
	            "t.yaml:11:17: error: unknown key \"titre\" in a programme item (did "
	            "you mean \"title\"? keys are written in English)\n"
	            "t.yaml:11:33: error: unknown key \"intervenante\" in a programme item "
	            "(did you mean \"speaker\"? keys are written in English)\n");
	expect_msgs("organiser:\n  name: SUD\nevent:\n  title: T\n"
	            "  venue:\n    salle: V\n    Code Postal: 93000\n    city: C\n"
	            "  sessions:\n    - jour: 2017-10-03\n      début: 8h\n      fin: 9h\n",
	            "t.yaml:6:5: error: unknown key \"salle\" in venue (did you mean \"name\"? "
	            "keys are written in English)\n"
	            "t.yaml:7:5: error: unknown key \"Code Postal\" in venue (did you mean "
	            "\"postcode\"? keys are written in English)\n"
	            "t.yaml:10:7: error: unknown key \"jour\" in a session (did you mean "
	            "\"date\"? keys are written in English)\n"
	            "t.yaml:11:7: error: unknown key \"début\" in a session (did you mean "
	            "\"start\"? keys are written in English)\n"
	            "t.yaml:12:7: error: unknown key \"fin\" in a session (did you mean "
	            "\"end\"? keys are written in English)\n");
}

static void test_dates(void)
{
	expect_msgs(HEAD "  sessions:\n    - date: 2017-02-30\n",
	            "t.yaml:7:13: error: impossible date \"2017-02-30\": February 2017 has "
	            "28 days\n");
	expect_msgs(HEAD "  sessions:\n    - date: 2024-02-30\n",
	            "t.yaml:7:13: error: impossible date \"2024-02-30\": February 2024 has "
	            "29 days\n");
	expect_msgs(HEAD "  sessions:\n    - date: 2017-13-01\n",
	            "t.yaml:7:13: error: impossible date \"2017-13-01\": months go from 01 "
	            "to 12\n");
	expect_msgs(HEAD "  sessions:\n    - date: 2017-04-31\n",
	            "t.yaml:7:13: error: impossible date \"2017-04-31\": April 2017 has 30 "
	            "days\n");
	expect_msgs(HEAD "  sessions:\n    - date: 3/10/2017\n",
	            "t.yaml:7:13: error: invalid date \"3/10/2017\": write dates as "
	            "YYYY-MM-DD, e.g. 2017-10-03\n");
	expect_msgs(HEAD "  sessions:\n    - 3 octobre 2017\n",
	            "t.yaml:7:7: error: invalid date \"3 octobre 2017\": write dates as "
	            "YYYY-MM-DD, e.g. 2017-10-03\n");
	expect_msgs(HEAD "  sessions:\n    - {start: \"08:00\"}\n",
	            "t.yaml:7:7: error: missing required field \"date\" in a session\n");
	expect_msgs(HEAD "  sessions: []\n",
	            "t.yaml:6:13: error: \"sessions\" needs at least one date\n");
	expect_msgs(HEAD "  sessions:\n    - 2024-05-26\n    - 2024-05-25\n",
	            "t.yaml:8:7: error: sessions must be in date order\n");
	expect_msgs(HEAD "  sessions:\n    - 2024-05-26\n    - 2024-05-26\n",
	            "t.yaml:8:7: error: 2024-05-26 has several sessions: give each its "
	            "\"start\" time, to tell them apart\n");
}

/* Several sessions the same day (#8): in time order, one after the other. */
static void test_same_day(void)
{
	tr_event *ev;
	char *msgs = load(HEAD "  sessions:\n"
	                  "    - {date: 2025-06-10, start: \"7:00\", end: \"8:00\"}\n"
	                  "    - {date: 2025-06-10, start: 14h, tbc: true}\n"
	                  "    - {date: 2025-06-11, start: 14h, tbc: non}\n", &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpuint(ev->n_sessions, ==, 3);
	g_assert_false(ev->sessions[0].tbc);
	g_assert_true(ev->sessions[1].tbc);
	g_assert_false(ev->sessions[2].tbc);
	char *dump = tr_event_dump(ev);
	g_assert_nonnull(strstr(dump, "sessions[1]@8:7: 2025-06-10 14:00 tbc\n"));
	g_free(dump);
	g_free(msgs);
	tr_event_free(ev);
	expect_msgs(HEAD "  sessions:\n    - {date: 2025-06-10, start: 14h}\n"
	            "    - {date: 2025-06-10, start: 7h}\n",
	            "t.yaml:8:7: error: sessions of one day must be in time order: this one "
	            "starts at 07:00, before the one above (14:00)\n");
	expect_msgs(HEAD "  sessions:\n    - {date: 2025-06-10, start: 7h}\n"
	            "    - {date: 2025-06-10, start: \"07:00\"}\n",
	            "t.yaml:8:7: error: this session starts at 07:00, like the one above: "
	            "write one session\n");
	expect_msgs(HEAD "  sessions:\n    - {date: 2025-06-10, start: 9h, end: 12h}\n"
	            "    - {date: 2025-06-10, start: 10h}\n",
	            "t.yaml:8:7: error: this session starts at 10:00, before the one above "
	            "ends (12:00)\n");
	expect_msgs(HEAD "  sessions:\n    - {date: 2025-06-10, tbc: peut-être}\n",
	            "t.yaml:7:31: error: \"tbc\" must be true or false, not "
	            "\"peut-être\"\n");
}

static void test_times(void)
{
	tr_event *ev;
	char *msgs;
	expect_msgs(HEAD "  sessions:\n    - {date: 2017-10-03, start: \"25:00\"}\n",
	            "t.yaml:7:33: error: impossible time \"25:00\": hours go from 00 to 23\n");
	expect_msgs(HEAD "  sessions:\n    - {date: 2017-10-03, start: 12:60}\n",
	            "t.yaml:7:33: error: impossible time \"12:60\": minutes go from 00 to 59\n");
	expect_msgs(HEAD "  sessions:\n    - {date: 2017-10-03, start: midi}\n",
	            "t.yaml:7:33: error: invalid time \"midi\": write times as HH:MM, e.g. "
	            "08:30\n");
	expect_msgs(HEAD "  sessions:\n"
	            "    - date: 2017-10-03\n      start: \"17:30\"\n      end: \"08:00\"\n",
	            "t.yaml:9:12: error: end time 08:00 is before start time 17:30\n");
	expect_msgs(HEAD "  sessions:\n"
	            "    - date: 2017-10-03\n      start: \"17:30\"\n      end: 17h30\n",
	            "t.yaml:9:12: error: end time 17:30 is the same as start time 17:30\n");
	expect_msgs(HEAD "  sessions:\n    - date: 2017-10-03\n      end: \"17:30\"\n",
	            "t.yaml:8:12: error: an \"end\" time needs a \"start\" time too\n");
	expect_msgs(HEAD SESSION "programme:\n  - {title: A, end: \"17:30\"}\n",
	            "t.yaml:8:21: error: an \"end\" time needs a \"time\" too\n");
	/* the ways of writing a time */
	msgs = load(HEAD "  sessions:\n    - {date: 2017-10-03, start: 8:30, end: 17h30}\n"
	            "programme:\n  - {time: \"08:30\", title: A}\n  - {time: 9h, title: B}\n",
	            &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpint(ev->sessions[0].start, ==, 8 * 60 + 30);
	g_assert_cmpint(ev->sessions[0].end, ==, 17 * 60 + 30);
	g_assert_cmpint(ev->programme[1].time, ==, 9 * 60);
	g_assert_cmpint(ev->programme[1].end, ==, -1);
	g_free(msgs);
	tr_event_free(ev);
}

static void test_weekday(void)
{
	tr_event *ev;
	char *msgs;
	expect_msgs(HEAD "  sessions:\n    - date: 2017-10-03\n      weekday: lundi\n",
	            "t.yaml:8:16: error: 2017-10-03 is a Tuesday, not a Monday\n");
	expect_msgs(HEAD "  sessions:\n    - date: 2017-10-03\n      weekday: mardy\n",
	            "t.yaml:8:16: error: unknown weekday \"mardy\" (did you mean \"mardi\"?)\n");
	msgs = load(HEAD "  sessions:\n    - {date: 2017-10-03, weekday: Mardi}\n"
	            "    - {date: 2017-10-04, weekday: wednesday}\n", &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpuint(ev->n_sessions, ==, 2);
	g_free(msgs);
	tr_event_free(ev);
}

static void test_header(void)
{
	tr_event *ev;
	char *msgs;
	expect_msgs("lang: de\n" HEAD SESSION,
	            "t.yaml:1:7: error: unknown language \"de\" (write fr or en)\n");
	expect_msgs("lang: FR\n" HEAD SESSION,
	            "t.yaml:1:7: error: unknown language \"FR\" (did you mean \"fr\"?)\n");
	expect_msgs("lang: français\n" HEAD SESSION,
	            "t.yaml:1:7: error: unknown language \"français\" (did you mean \"fr\"?)\n");
	expect_msgs("version: 2\n" HEAD SESSION,
	            "t.yaml:1:10: error: unsupported version \"2\": this tractage reads "
	            "content files of version 1\n");
	msgs = load("version: 1\nlang: en\nprint_mention: Printed by us\n" HEAD SESSION, &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpint(ev->lang, ==, TR_LANG_EN);
	g_assert_cmpstr(ev->print_mention.text, ==, "Printed by us");
	assert_pos(ev->print_mention.pos, 3, 16);
	g_free(msgs);
	tr_event_free(ev);
}

static void test_contact(void)
{
	tr_event *ev;
	char *msgs;
	expect_msgs("organiser:\n  name: SUD\n  phone: voir le site\n  email: sud@cd93\n"
	            "event:\n  title: T\n  venue: {name: V, city: C}\n" SESSION,
	            "t.yaml:3:10: error: \"voir le site\" does not look like a phone number "
	            "(it has no digits)\n"
	            "t.yaml:4:10: error: \"sud@cd93\" does not look like an e-mail address "
	            "(e.g. contact@example.org)\n");
	/* short service and emergency numbers are real; a number cut short is only
	 * a warning */
	static const struct {
		const char *phone, *warning;
	} phones[] = {
		{ "3949", NULL }, { "32 30", NULL }, { "115", NULL }, { "116 000", NULL },
		{ "01 43 93 91 28", NULL }, { "0 800 123 456", NULL },
		{ "+33 1 43 93 91 28", NULL }, { "+44 20 7946 0958", NULL },
		{ "01 43 93 91", "\"01 43 93 91\" looks cut short: a French number has 10 "
		                 "digits (01 43 93 91 28)" },
		{ "+33 1 43 93", "\"+33 1 43 93\" looks cut short: after +33, a French number "
		                 "has 9 digits (+33 1 43 93 91 28)" },
		{ "+44 20", "\"+44 20\" looks cut short for an international number (4 "
		            "digits)" },
		{ "39490", "\"39490\" looks cut short: a short service number has 2 to 4 "
		           "digits (3949), others 10 (01 43 93 91 28)" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(phones); i++) {
		char *buf = g_strdup_printf("organiser:\n  name: SUD\n  phone: %s\n"
		                            "event:\n  title: T\n  venue: {name: V, city: C}\n"
		                            SESSION, phones[i].phone);
		char *want = phones[i].warning
		                     ? g_strdup_printf("t.yaml:3:10: warning: %s\n", phones[i].warning)
		                     : g_strdup("");
		msgs = load(buf, &ev);
		g_assert_cmpstr(msgs, ==, want);
		g_assert_nonnull(ev);
		g_free(msgs);
		g_free(want);
		g_free(buf);
		tr_event_free(ev);
	}
	expect_msgs("organiser:\n  name: SUD\n  email: a@b@c.fr\n"
	            "event:\n  title: T\n  venue: {name: V, city: C}\n" SESSION,
	            "t.yaml:3:10: error: \"a@b@c.fr\" does not look like an e-mail address "
	            "(e.g. contact@example.org)\n");
	/* a doubtful web address is only a warning */
	msgs = load("organiser:\n  name: SUD\n  website: sud cd93\n"
	            "event:\n  title: T\n  venue: {name: V, city: C}\n" SESSION, &ev);
	g_assert_cmpstr(msgs, ==, "t.yaml:3:12: warning: \"sud cd93\" does not look like "
	                "a web address (e.g. example.org or https://example.org/page)\n");
	g_assert_nonnull(ev);
	g_free(msgs);
	tr_event_free(ev);
	msgs = load("organiser:\n  name: SUD\n  phone: +33 1 43 93 91 28\n"
	            "  email: contact@sud-cd93.fr\n  website: www.sud-cd93.fr/agenda\n"
	            "event:\n  title: T\n  venue: {name: V, city: C}\n" SESSION, &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_free(msgs);
	tr_event_free(ev);
}

static void test_programme(void)
{
	tr_event *ev;
	char *msgs, *dump;
	msgs = load(HEAD "  sessions: [2024-05-25, 2024-05-26]\n"
	            "programme:\n"
	            "  - Accueil\n"
	            "  - time: \"09:00\"\n    end: \"10:00\"\n    date: 2024-05-26\n"
	            "    title: Débat\n    speaker: une syndicaliste\n"
	            "    detail: Salle 2\n", &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpuint(ev->n_programme, ==, 2);
	g_assert_cmpstr(ev->programme[0].title.text, ==, "Accueil");
	g_assert_cmpint(ev->programme[0].time, ==, -1);
	g_assert_cmpint(ev->programme[0].year, ==, 0);
	assert_pos(ev->programme[0].title.pos, 8, 5);
	g_assert_cmpint(ev->programme[1].day, ==, 26);
	g_assert_cmpint(ev->programme[1].end, ==, 10 * 60);
	g_assert_cmpstr(ev->programme[1].speaker.text, ==, "une syndicaliste");
	g_assert_cmpstr(ev->programme[1].detail.text, ==, "Salle 2");
	dump = tr_event_dump(ev);
	g_assert_nonnull(strstr(dump, "\nprogramme[0]@8:5\nprogramme[0].title@8:5: Accueil\n"));
	g_assert_nonnull(strstr(dump, "\nprogramme[1]@9:5: 2024-05-26 09:00-10:00\n"));
	g_assert_null(strstr(dump, " \n"));
	g_free(dump);
	g_free(msgs);
	tr_event_free(ev);

	expect_msgs(HEAD SESSION "programme:\n  - {time: \"09:00\", speaker: X}\n",
	            "t.yaml:8:5: error: missing required field \"title\" in a programme item\n");
	expect_msgs(HEAD SESSION "programme:\n  - {title: A, date: 2017-10-04}\n",
	            "t.yaml:8:22: error: 2017-10-04 is not one of the event's dates (see "
	            "\"sessions\")\n");
	/* the programme may come before event: its dates are still checked */
	expect_msgs("programme:\n  - {title: A, date: 2017-10-04}\n" HEAD SESSION,
	            "t.yaml:2:22: error: 2017-10-04 is not one of the event's dates (see "
	            "\"sessions\")\n");
	expect_msgs(HEAD SESSION "programme:\n  - {title: A, hour: 9h}\n",
	            "t.yaml:8:16: error: unknown key \"hour\" in a programme item (known "
	            "keys: time, end, date, title, speaker, detail, tbc)\n");
}

static void test_texts(void)
{
	tr_event *ev;
	char *msgs;
	/* markup is plain text, kept as written */
	msgs = load("organiser:\n  name: SUD\nevent:\n"
	            "  title: \"<b>Retraites</b> & <i> \\\"nous\\\"\"\n"
	            "  venue: {name: V, city: C}\n" SESSION, &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpstr(ev->title.text, ==, "<b>Retraites</b> & <i> \"nous\"");
	g_free(msgs);
	tr_event_free(ev);

	/* paragraphs: a blank line, whatever the style; a single newline is a space
	 * (libyaml folds it in plain, quoted and '>' scalars, '|' keeps it) */
	msgs = load(HEAD SESSION
	            "  kicker: ~\n"
	            "  subtitle: '  '\n"
	            "body: |\n  Un\n  deux.\n\n  Trois.\n"
	            "note: >\n  Un\n  deux.\n\n  Trois.\n"
	            "teaser: Un\n  deux.\n\n  Trois.\n"
	            "print_mention: \"Un\n  deux.\\nTrois.\"\n"
	            "quote: \"  Un   \"\n", &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpstr(ev->body.text, ==, "Un\ndeux.\n\nTrois.");
	g_assert_cmpstr(ev->note.text, ==, "Un deux.\n\nTrois.");
	g_assert_cmpstr(ev->teaser.text, ==, "Un deux.\n\nTrois.");
	/* in double quotes a line break typed is a space, the escape \n a new
	 * paragraph (docs/content-format.md, #9) */
	g_assert_cmpstr(ev->print_mention.text, ==, "Un deux.\n\nTrois.");
	g_assert_cmpstr(ev->quote.text, ==, "Un");
	assert_pos(ev->quote.pos, 25, 8);
	g_assert_null(ev->kicker.text);
	g_assert_null(ev->subtitle.text);
	g_free(msgs);
	tr_event_free(ev);

	/* keywords: a list, or one text split on commas, each with its column */
	msgs = load(HEAD SESSION "keywords: a, b c ,, d\n", &ev);
	g_assert_cmpstr(msgs, ==, "");
	g_assert_cmpuint(ev->n_keywords, ==, 3);
	g_assert_cmpstr(ev->keywords[1].text, ==, "b c");
	assert_pos(ev->keywords[1].pos, 7, 14);
	assert_pos(ev->keywords[2].pos, 7, 21);
	g_free(msgs);
	tr_event_free(ev);
}

/* A file of many mistakes gets 50 messages and a last line, not thousands. */
static void test_too_many(void)
{
	GString *s = g_string_new(HEAD SESSION);
	tr_diag *d = tr_diag_new();
	char *msgs;
	for (int i = 0; i < 5000; i++)
		g_string_append_printf(s, "  zz%d: x\n", i);
	g_assert_null(tr_content_load_buffer("t.yaml", s->str, s->len, d));
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_ERROR), ==, 51);
	msgs = tr_diag_format(d);
	g_assert_true(g_str_has_prefix(msgs, "t.yaml:7:3: error: unknown key \"zz0\" in event"));
	g_assert_true(g_str_has_suffix(msgs, "\nt.yaml: error: too many errors; stopping here\n"));
	g_free(msgs);
	tr_diag_free(d);
	g_string_free(s, TRUE);
}

/* ---- the YAML reader ---- */

static void test_colon_slip(void)
{
	/* the commonest slip of a French writer */
	expect_msgs("organiser:\n  name: SUD\nevent:\n  title: T\n"
	            "  admission: Ouvert à toutes et tous : salarié·es\n",
	            "t.yaml:5:38: error: a ‘:’ here starts a new key, but a value was "
	            "expected\n"
	            "t.yaml:5:38: note: if this text contains \" : \", put the whole value "
	            "in quotes (\"…\") or write it as a block with |\n");
	expect_yaml("title: Réunion: les retraites\n",
	            "t.yaml:1:15: error: a ‘:’ here starts a new key, but a value was "
	            "expected\n"
	            "t.yaml:1:15: note: if this text contains \": \", put the whole value "
	            "in quotes (\"…\") or write it as a block with |\n");
}

/* After a syntax error the reader repairs the line and reads on: every error
 * is reported, and the tree read is given back with the lines repaired. */
static void test_repair(void)
{
	const char *buf = "a: x : y\n"           /* cut at the ‘:’ */
	                  "b: 'l'union'\n"       /* cut after the closing quote */
	                  "c:\n  d: 1\n   e: 2\n" /* lined up with d */
	                  "f: ok\n";
	tr_diag *d = tr_diag_new();
	bool broken = false;
	GArray *lines = NULL;
	tr_ynode *root = tr_yaml_parse_broken("t.yaml", buf, strlen(buf), d, &broken, &lines);
	g_assert_true(broken);
	g_assert_nonnull(root);
	g_assert_cmpuint(lines->len, ==, 3);
	g_assert_cmpint(g_array_index(lines, int, 0), ==, 0);
	g_assert_cmpint(g_array_index(lines, int, 1), ==, 1);
	g_assert_cmpint(g_array_index(lines, int, 2), ==, 4);
	g_assert_cmpstr(tr_ynode_get(root, "a")->value, ==, "x");
	g_assert_cmpstr(tr_ynode_get(root, "b")->value, ==, "l");
	g_assert_cmpstr(tr_ynode_get(tr_ynode_get(root, "c"), "e")->value, ==, "2");
	g_assert_cmpstr(tr_ynode_get(root, "f")->value, ==, "ok");
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_ERROR), ==, 3);
	tr_ynode_free(root);
	g_array_unref(lines);
	tr_diag_free(d);
	/* tr_yaml_parse() reports the same and gives no tree. */
	d = tr_diag_new();
	g_assert_null(tr_yaml_parse("t.yaml", buf, strlen(buf), d));
	g_assert_cmpuint(tr_diag_count(d, TR_SEV_ERROR), ==, 3);
	tr_diag_free(d);
	/* A content with a syntax error still has its other problems reported,
	 * but no "missing" one that a repair may have caused. */
	expect_msgs("organiser:\n  name: x\n  nam: y\n"
	            "event:\n  title Sans deux-points\n  sessions: [2017-10-03]\n"
	            "  venue: {name: x, city: y}\n",
	            "t.yaml:3:3: error: unknown key \"nam\" in organiser (did you mean "
	            "\"name\"?)\n"
	            "t.yaml:5:3: error: this line needs a ‘:’ after its key (write key: "
	            "value)\n");
}

static void test_syntax(void)
{
	expect_yaml("event:\n\ttitle: x\n",
	            "t.yaml:2:1: error: a tab is used for indentation here; YAML needs "
	            "spaces\n");
	expect_yaml("a: \"never closed\nb: 2\n",
	            "t.yaml:1:4: error: the quote opened here is never closed\n");
	expect_yaml("a: [1, 2\nb: 3\n",
	            "t.yaml:2:2: error: a ‘,’ or the closing ‘]’ is missing here\n"
	            "t.yaml:1:4: note: the list ‘[’ opened here\n");
	expect_yaml("a: x\nb y\nc: z\n",
	            "t.yaml:2:1: error: this line needs a ‘:’ after its key (write key: "
	            "value)\n");
	/* a key without its ':' swallows the next line's key */
	expect_yaml("event:\n  title Construire la riposte\n\n  sessions: x\n",
	            "t.yaml:2:3: error: this line needs a ‘:’ after its key (write key: "
	            "value)\n");
	/* ... but not when the line above is a "key: value" */
	expect_yaml("body: Un texte\n  Programme: x\n",
	            "t.yaml:2:12: error: a ‘:’ here starts a new key, but a value was "
	            "expected\n"
	            "t.yaml:2:12: note: if this text contains \": \", put the whole value "
	            "in quotes (\"…\") or write it as a block with |\n");
	expect_yaml("event:\n  title: x\n subtitle: y\n",
	            "t.yaml:3:2: error: \"subtitle:\" is indented one column less than "
	            "\"title:\" on line 2\n"
	            "t.yaml:3:2: note: the keys of one mapping line up exactly: start "
	            "\"subtitle:\" in column 3, under \"title:\"\n");
	expect_yaml("event:\n  title: x\n   subtitle: y\n",
	            "t.yaml:3:4: error: \"subtitle:\" is indented one column more than "
	            "\"title:\" on line 2, so it reads as the end of that line's text\n"
	            "t.yaml:3:4: note: the keys of one mapping line up exactly: start "
	            "\"subtitle:\" in column 3, under \"title:\"\n");
	expect_yaml("event:\n  title: \"x\" y\n",
	            "t.yaml:2:14: error: a new key was expected here; check the "
	            "indentation, and that nothing follows a closing quote\n");
	expect_yaml("title: 'L'union'\n",
	            "t.yaml:1:10: error: the apostrophe in \"L'union\" ends the text "
	            "quoted with '…'\n"
	            "t.yaml:1:10: note: inside '…', write an apostrophe twice ('') or type "
	            "the typographic ’; or put the text in \"…\" instead\n");
	expect_yaml("a: @home\n",
	            "t.yaml:1:4: error: a value cannot start with ‘@’; put the whole value "
	            "in quotes (\"…\")\n");
	expect_yaml("a: * important\n",
	            "t.yaml:1:4: error: a value cannot start with ‘*’ or ‘&’; put the "
	            "whole value in quotes (\"…\")\n");
	expect_yaml("a: [b: |\n  x]\n",
	            "t.yaml:1:8: error: a value cannot start with ‘|’ here; put the whole "
	            "value in quotes (\"…\")\n");
	expect_yaml("a: \"\\xZZ\"\n",
	            "t.yaml:1:7: error: in double quotes a backslash starts a code; write "
	            "\\\\ for a backslash, or use single quotes ('…')\n");
	expect_yaml("a: | text\n  more\n",
	            "t.yaml:1:6: error: after ‘|’ or ‘>’ the text must start on the next "
	            "line, indented\n");
}

static void test_refusals(void)
{
	expect_yaml("a: &x 1\nb: *x\n",
	            "t.yaml:1:4: error: anchors and aliases (&, *) are not supported\n");
	expect_yaml("a: 1\nb: *x\n",
	            "t.yaml:2:4: error: anchors and aliases (&, *) are not supported\n");
	/* a self-referencing alias: cyclic for the document API */
	expect_yaml("a: &x [1, *x]\n",
	            "t.yaml:1:4: error: anchors and aliases (&, *) are not supported\n");
	expect_yaml("base: {a: 1}\nb:\n  <<: {c: 2}\n",
	            "t.yaml:3:3: error: merge keys (<<) are not supported\n");
	expect_yaml("a: !!str 1\n",
	            "t.yaml:1:4: error: tags (!…) are not supported; if this text starts "
	            "with ‘!’, put it in quotes\n");
	expect_yaml("title: a\nsubtitle: b\ntitle: c\n",
	            "t.yaml:3:1: error: duplicate key \"title\" (first given on line 1)\n");
	expect_yaml("a: 1\n---\nb: 2\n",
	            "t.yaml:2:1: error: a second document starts here; a file holds only "
	            "one (remove this ‘---’ and what follows)\n");
	expect_yaml("\"title\": x\n",
	            "t.yaml:1:1: error: write the key \"title\" as a plain word, without "
	            "quotes\n");
	expect_yaml("[a]: x\n",
	            "t.yaml:1:1: error: a key must be a plain word, not a list\n");
	expect_yaml("a: \"x\\0y\"\n",
	            "t.yaml:1:4: error: this text holds an invisible control character "
	            "(U+0000); remove its escape code\n");
}

static void test_billion_laughs(void)
{
	GString *s = g_string_new("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	gint64 t0 = g_get_monotonic_time();
	for (char c = 'b'; c <= 'i'; c++)
		g_string_append_printf(s, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c,
		                       c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1,
		                       c - 1);
	expect_yaml(s->str, "t.yaml:1:4: error: anchors and aliases (&, *) are not "
	            "supported\n");
	g_assert_cmpint(g_get_monotonic_time() - t0, <, G_USEC_PER_SEC);
	g_string_free(s, TRUE);
}

static void test_depth(void)
{
	GString *s = g_string_new(NULL);
	gint64 t0 = g_get_monotonic_time();
	/* 10 000 '[': libyaml alone would be quadratic; refused at the 33rd */
	for (int i = 0; i < 10000; i++)
		g_string_append_c(s, '[');
	expect_yaml(s->str, "t.yaml:1:33: error: too deeply nested (more than 32 levels of "
	            "lists and mappings)\n");
	/* 1 MiB of '[' and '{' */
	g_string_truncate(s, 0);
	for (int i = 0; i < TR_YAML_MAX_BYTES; i++)
		g_string_append_c(s, i % 2 ? '{' : '[');
	expect_yaml(s->str, "t.yaml:1:33: error: too deeply nested (more than 32 levels of "
	            "lists and mappings)\n");
	g_assert_cmpint(g_get_monotonic_time() - t0, <, G_USEC_PER_SEC);
	/* block nesting: found in the event loop */
	g_string_truncate(s, 0);
	for (int i = 0; i < 40; i++)
		g_string_append_printf(s, "%*sk%d:\n", 2 * i, "", i);
	expect_yaml(s->str, "t.yaml:33:65: error: too deeply nested (more than 32 levels "
	            "of lists and mappings)\n");
	/* 32 levels are fine */
	g_string_truncate(s, 0);
	for (int i = 0; i < 32; i++)
		g_string_append_c(s, '[');
	for (int i = 0; i < 32; i++)
		g_string_append_c(s, ']');
	tr_ynode_free(parse_ok(s->str));
	g_string_free(s, TRUE);
}

static void test_bytes(void)
{
	char *big = g_malloc(2 * 1024 * 1024);
	memset(big, 'a', 2 * 1024 * 1024);
	expect_yaml_len(big, 2 * 1024 * 1024,
	                "t.yaml: error: file is too large (2097152 bytes; the limit is 1 MiB)\n");
	g_free(big);
	expect_yaml_len("a: 1\nb: x\0y\n", 11,
	                "t.yaml:2:5: error: a NUL byte is here: this is not a text file (or "
	                "it is saved as UTF-16); save it as UTF-8 text\n");
	/* columns count characters: "é" is one */
	expect_yaml("a: 1\nb: éé\xff\n",
	            "t.yaml:2:6: error: this is not valid UTF-8 text (byte 0xFF); save the "
	            "file as UTF-8\n");
	/* Latin-1 "é" in the third line, after CRLF line ends */
	expect_yaml("a: 1\r\nb: 2\r\nc: caf\xe9\r\n",
	            "t.yaml:3:7: error: this is not valid UTF-8 text (byte 0xE9); save the "
	            "file as UTF-8\n");
	expect_yaml("a: b\x07" "c\n",
	            "t.yaml:1:5: error: an invisible control character (U+0007) is here; "
	            "delete it\n");
	expect_yaml("\xff\xfe" "a\0:\0", "t.yaml:1:1: error: the file is saved as UTF-16; "
	            "save it as UTF-8 text\n");
	/* a UTF-8 byte-order mark is fine and not counted */
	tr_ynode_free(parse_ok("\xef\xbb\xbf" "a: 1\n"));
	expect_yaml("\xef\xbb\xbf" "a: \xc3\n",
	            "t.yaml:1:4: error: this is not valid UTF-8 text (byte 0xC3); save the "
	            "file as UTF-8\n");
}

static void test_empty(void)
{
	expect_yaml("", "t.yaml: error: the file is empty\n");
	expect_yaml("\n  \n\n", "t.yaml: error: the file is empty\n");
	expect_yaml("# nothing\n  # here\n", "t.yaml: error: the file holds only comments\n");
	expect_yaml("---\n# nothing\n", "t.yaml: error: the file holds only comments\n");
	expect_msgs("", "t.yaml: error: the file is empty\n");
}

static void test_tree(void)
{
	tr_ynode *r = parse_ok("a: 1\nb: [x, 'y']\nc: |\n  l1\n  l2\n\nd: >\n  f\n");
	const tr_ynode *n;
	g_assert_cmpint(r->kind, ==, TR_YNODE_MAP);
	g_assert_cmpuint(r->n, ==, 4);
	n = tr_ynode_get(r, "b");
	g_assert_cmpstr(tr_ynode_kind_name(n), ==, "list");
	g_assert_cmpuint(n->n, ==, 2);
	g_assert_cmpint(n->items[1]->style, ==, TR_YSTYLE_QUOTED);
	assert_pos(n->items[1]->pos, 2, 8);
	n = tr_ynode_get(r, "c");
	g_assert_cmpstr(n->value, ==, "l1\nl2");
	g_assert_cmpuint(n->len, ==, 5);
	g_assert_cmpint(n->style, ==, TR_YSTYLE_BLOCK);
	g_assert_false(n->folded);
	n = tr_ynode_get(r, "d");
	g_assert_cmpstr(n->value, ==, "f");
	g_assert_true(n->folded);
	g_assert_cmpstr(tr_ynode_kind_name(r), ==, "mapping");
	g_assert_cmpstr(tr_ynode_kind_name(tr_ynode_get(r, "a")), ==, "text");
	assert_pos(tr_ynode_key(r, "d")->pos, 7, 1);
	g_assert_null(tr_ynode_get(r, "e"));
	g_assert_null(tr_ynode_get(n, "x"));
	tr_ynode_free(r);
	tr_ynode_free(NULL);
	tr_event_free(NULL);
}

static void test_suggest(void)
{
	static const char *const keys[] = { "title", "subtitle", "kicker", "venue", NULL };
	static const char *const days[] = { "mardi", "mercredi", NULL };
	/* a programme item's keys: "titel" is "title" with two letters swapped
	 * (one edit), not "time" (two) */
	static const char *const item[] = { "time", "end", "date", "title", "speaker", NULL };
	tr_ynode *r;
	tr_diag *d;
	char *msgs;
	g_assert_cmpstr(tr_suggest("titel", keys), ==, "title");
	g_assert_cmpstr(tr_suggest("TITLE", keys), ==, "title");
	g_assert_cmpstr(tr_suggest("Subtitle", keys), ==, "subtitle");
	g_assert_cmpstr(tr_suggest("kiker", keys), ==, "kicker");
	g_assert_cmpstr(tr_suggest("venu", keys), ==, "venue");
	g_assert_cmpstr(tr_suggest("titel", item), ==, "title");
	g_assert_cmpstr(tr_suggest("speakre", item), ==, "speaker");
	g_assert_null(tr_suggest("zzz", keys));
	g_assert_null(tr_suggest("ab", keys));
	g_assert_null(tr_suggest("", keys));
	/* code points, not bytes: "é" for "e" is one edit */
	g_assert_cmpstr(tr_suggest("mércredi", days), ==, "mercredi");
	g_assert_cmpstr(tr_suggest("mardí", days), ==, "mardi");

	r = parse_ok("titel: a\nzzz: b\ntitle: c\n");
	d = tr_diag_new();
	g_assert_false(tr_ynode_check_keys(r, keys, "event", "t.yaml", d));
	msgs = tr_diag_format(d);
	g_assert_cmpstr(msgs, ==,
	                "t.yaml:1:1: error: unknown key \"titel\" in event (did you mean "
	                "\"title\"?)\n"
	                "t.yaml:2:1: error: unknown key \"zzz\" in event (known keys: title, "
	                "subtitle, kicker, venue)\n");
	g_free(msgs);
	tr_diag_free(d);
	tr_ynode_free(r);
}

static void test_files(void)
{
	tr_diag *d = tr_diag_new();
	char *msgs, *dir, *path, *big;
	g_assert_null(tr_yaml_load_file("tests/no-such-file.yaml", d));
	g_assert_null(tr_content_load("tests", d));
	dir = g_dir_make_tmp("test-content-XXXXXX", NULL);
	path = g_build_filename(dir, "big.yaml", NULL);
	big = g_malloc0(TR_YAML_MAX_BYTES + 1);
	memset(big, '#', TR_YAML_MAX_BYTES + 1);
	g_assert_true(g_file_set_contents(path, big, TR_YAML_MAX_BYTES + 1, NULL));
	g_assert_null(tr_yaml_load_file(path, d));
	msgs = tr_diag_format(d);
	g_assert_true(g_str_has_prefix(msgs,
	              "tests/no-such-file.yaml: error: cannot read this file: no such file "
	              "or directory\n"
	              "tests: error: this is a folder, not a YAML file\n"));
	g_assert_true(g_str_has_suffix(msgs, "/big.yaml: error: file is too large "
	                               "(1048577 bytes; the limit is 1 MiB)\n"));
	g_unlink(path);
	g_rmdir(dir);
	g_free(big);
	g_free(path);
	g_free(dir);
	g_free(msgs);
	tr_diag_free(d);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/content/sample", test_sample);
	g_test_add_func("/content/reunion-publique", test_reunion);
	g_test_add_func("/content/congres-deux-jours", test_congres);
	g_test_add_func("/content/open-meeting-en", test_open_meeting_en);
	g_test_add_func("/content/doc-example", test_doc_example);
	g_test_add_func("/content/missing", test_missing);
	g_test_add_func("/content/french-keys", test_french_keys);
	g_test_add_func("/content/types", test_types);
	g_test_add_func("/content/keys", test_keys);
	g_test_add_func("/content/dates", test_dates);
	g_test_add_func("/content/times", test_times);
	g_test_add_func("/content/same-day", test_same_day);
	g_test_add_func("/content/weekday", test_weekday);
	g_test_add_func("/content/header", test_header);
	g_test_add_func("/content/contact", test_contact);
	g_test_add_func("/content/programme", test_programme);
	g_test_add_func("/content/texts", test_texts);
	g_test_add_func("/content/too-many", test_too_many);
	g_test_add_func("/ytree/colon-slip", test_colon_slip);
	g_test_add_func("/ytree/syntax", test_syntax);
	g_test_add_func("/ytree/repair", test_repair);
	g_test_add_func("/ytree/refusals", test_refusals);
	g_test_add_func("/ytree/billion-laughs", test_billion_laughs);
	g_test_add_func("/ytree/depth", test_depth);
	g_test_add_func("/ytree/bytes", test_bytes);
	g_test_add_func("/ytree/empty", test_empty);
	g_test_add_func("/ytree/tree", test_tree);
	g_test_add_func("/ytree/suggest", test_suggest);
	g_test_add_func("/ytree/files", test_files);
	return g_test_run();
}
