/* content.c — content files (format version 1, docs/content-format.md) → tr_event.
 *
 * The YAML tree comes from ytree.c, already free of aliases, duplicates and the
 * like. Here we check what each key means. Every field is checked on its own, so
 * one file run reports as many problems as it can; any error makes the load fail.
 */
#include "load/content.h"

#include <stdarg.h>
#include <string.h>

#include "load/paths.h"
#include "load/ytree.h"
#include "render/image.h"
#include "render/qr.h"
#include "typo/dates.h"
#include "typo/typo.h"
#include "i18n.h"

/* Lists with a length limit, which keeps every file under 1 MiB fast
 * (docs/robustness.md): 60 000 sessions took 8 s to write out. */
#define MAX_SESSIONS 100
#define MAX_PROGRAMME 200
#define MAX_KEYWORDS 100

typedef struct {
	const char *file;
	tr_diag *d;
	tr_event *ev;
	size_t errors_before; /* errors in d before this file */
	/* The YAML had errors: the tree is what could be read, with some lines
	 * repaired (ytree.h). Their content is not judged again, and nothing is
	 * called missing, since a repair may be the cause. */
	bool broken;
	const GArray *repaired; /* of int, 0-based lines */
	/* Keys suggested for an unknown key ("titel": did you mean "title"?), as
	 * map pointer and key: the field is then not also called missing. */
	GArray *suggested; /* of suggestion */
} loader;

typedef struct {
	const tr_ynode *map;
	const char *key;       /* static */
	const tr_ynode *value; /* the value of the unknown key */
} suggestion;

/* Notes that key was suggested for an unknown key of map, whose value is
 * value: the loader reads it as that key's, to report its problems too. */
static void suggested(loader *L, const tr_ynode *map, const char *key, const tr_ynode *value)
{
	suggestion sg = { map, key, value };
	if (key)
		g_array_append_val(L->suggested, sg);
}

/* The value of the unknown key of map for which key was suggested, or NULL. */
static const tr_ynode *suggested_value(const loader *L, const tr_ynode *map, const char *key)
{
	for (guint i = 0; i < L->suggested->len; i++) {
		const suggestion *sg = &g_array_index(L->suggested, suggestion, i);
		if (sg->map == map && strcmp(sg->key, key) == 0)
			return sg->value;
	}
	return NULL;
}

/* True when key was suggested for an unknown key of map. */
static bool was_suggested(const loader *L, const tr_ynode *map, const char *key)
{
	return suggested_value(L, map, key) != NULL;
}

/* The value of key in map; when absent, that of the unknown key for which it
 * was suggested ("titel" for "title", "lieu" for "venue"), so that one run
 * reports the problems of what is under a misspelt key as well. */
static const tr_ynode *get(const loader *L, const tr_ynode *map, const char *key)
{
	const tr_ynode *n = tr_ynode_get(map, key);
	return n ? n : suggested_value(L, map, key);
}

/* The keys of each mapping, in the order of docs/content-format.md. The texts
 * and lists of the event (quote … keywords) sit at the top level, beside
 * "event:", as the format specifies; "event:" holds what, when and where. */
static const char *const root_keys[] = {
	"version", "lang", "organisation", "organiser", "event", "quote", "teaser", "body",
	"programme_title", "programme", "note", "keywords", "print_mention", "check", "image",
	"qr", NULL
};
static const char *const organiser_keys[] = {
	"name", "full_name", "phone", "email", "website", "logo", NULL
};
/* An organisation file: the organiser's keys, its colours and fonts. */
static const char *const organisation_keys[] = {
	"version", "name", "full_name", "phone", "email", "website", "logo", "colours", "colors",
	"fonts", "system-fonts", NULL
};
static const char *const event_keys[] = {
	"kicker", "title", "subtitle", "sessions", "venue", "admission", NULL
};
static const char *const venue_keys[] = {
	"name", "address", "postcode", "city", NULL
};
static const char *const session_keys[] = {
	"date", "start", "end", "weekday", "tbc", NULL
};
static const char *const item_keys[] = {
	"time", "end", "date", "title", "speaker", "detail", "tbc", NULL
};
static const char *const lang_keys[] = { "fr", "en", NULL };
/* What the content tells the preflight (src/check/check.h). */
static const char *const preflight_keys[] = { "ignore", "words", NULL };

/* Keys stay English; a key written in French (or under another common name)
 * gets the English key as its suggestion. Names are compared in lower case,
 * without accents, spaces, '-' or '_' ("Code postal" = "code_postal" =
 * "codepostal"). A name may stand for several keys (début: a session's
 * "start", a programme item's "time"): the first row whose key the mapping
 * takes wins, else the first whose key belongs one level up or down. */
static const struct {
	const char *other; /* normalised: a-z and 0-9 only */
	const char *key;
} other_keys[] = {
	/* the top level */
	{ "langue", "lang" },
	{ "organisateur", "organiser" }, { "organisatrice", "organiser" },
	{ "organisateurs", "organiser" }, { "organisation", "organiser" },
	{ "organizer", "organiser" }, { "syndicat", "organiser" },
	{ "association", "organiser" }, { "collectif", "organiser" },
	{ "evenement", "event" }, { "evenements", "event" },
	{ "citation", "quote" }, { "accroche", "teaser" }, { "chapeau", "teaser" },
	{ "chapo", "teaser" }, { "texte", "body" }, { "corps", "body" },
	{ "contenu", "body" }, { "appel", "body" },
	{ "deroulement", "programme" }, { "ordredujour", "programme" },
	{ "program", "programme" }, { "intervenants", "programme" },
	{ "remarque", "note" }, { "remarques", "note" }, { "nota", "note" },
	{ "nb", "note" }, { "notes", "note" },
	{ "motscles", "keywords" }, { "motscle", "keywords" }, { "motcle", "keywords" },
	{ "motsclefs", "keywords" }, { "motclef", "keywords" }, { "etiquettes", "keywords" },
	{ "tags", "keywords" },
	{ "mention", "print_mention" }, { "mentionimprimeur", "print_mention" },
	{ "mentionimpression", "print_mention" }, { "mentionlegale", "print_mention" },
	{ "imprimeur", "print_mention" }, { "imprime", "print_mention" },
	{ "titreprogramme", "programme_title" }, { "titreduprogramme", "programme_title" },
	/* organiser */
	{ "nom", "name" }, { "sigle", "name" },
	{ "nomcomplet", "full_name" }, { "nomlong", "full_name" },
	{ "raisonsociale", "full_name" }, { "fullname", "full_name" },
	{ "telephone", "phone" }, { "tel", "phone" }, { "portable", "phone" },
	{ "numero", "phone" },
	{ "courriel", "email" }, { "mail", "email" }, { "mel", "email" },
	{ "adressemail", "email" }, { "adressecourriel", "email" },
	{ "site", "website" }, { "siteweb", "website" }, { "siteinternet", "website" },
	{ "web", "website" },
	/* event */
	{ "surtitre", "kicker" }, { "titre", "title" }, { "soustitre", "subtitle" },
	{ "seances", "sessions" }, { "seance", "sessions" }, { "dates", "sessions" },
	{ "date", "sessions" }, { "jours", "sessions" }, { "horaires", "sessions" },
	{ "lieu", "venue" }, { "endroit", "venue" },
	{ "entree", "admission" }, { "tarif", "admission" }, { "prix", "admission" },
	{ "inscription", "admission" }, { "acces", "admission" },
	/* a session, a programme item */
	{ "jour", "date" },
	{ "debut", "start" }, { "debut", "time" }, { "heure", "start" },
	{ "heure", "time" }, { "horaire", "start" }, { "horaire", "time" },
	{ "heuredebut", "start" }, { "heuredebut", "time" },
	{ "fin", "end" }, { "heurefin", "end" },
	{ "debut", "sessions" }, { "heure", "sessions" }, { "horaire", "sessions" },
	{ "fin", "sessions" }, { "start", "sessions" }, { "end", "sessions" },
	{ "time", "sessions" },
	{ "jourdelasemaine", "weekday" }, { "joursemaine", "weekday" },
	{ "aconfirmer", "tbc" }, { "provisoire", "tbc" },
	{ "intervenant", "speaker" }, { "intervenante", "speaker" },
	{ "orateur", "speaker" }, { "oratrice", "speaker" }, { "invite", "speaker" },
	{ "invitee", "speaker" }, { "details", "detail" }, { "description", "detail" },
	{ "sujet", "title" }, { "theme", "title" },
	/* venue */
	{ "salle", "name" }, { "adresse", "address" }, { "rue", "address" },
	{ "ville", "city" }, { "commune", "city" }, { "localite", "city" },
	{ "codepostal", "postcode" }, { "cp", "postcode" }, { "zip", "postcode" },
	{ "postalcode", "postcode" },
};

/* The weekdays in both languages and in lower case, for suggestions. */
static const char *const weekday_words[] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	NULL
};

static const char *const default_mention[TR_LANG__MAX] = {
	"Imprimé par nos soins — Ne pas jeter sur la voie publique",
	"Printed by volunteers — Please do not litter",
};

/* True once this file has shown as many errors as a file may (diag.h): a file
 * of 100 000 unknown keys stops there instead of printing 100 000 lines. */
static bool too_many(loader *L)
{
	return tr_diag_full(L->d, L->file);
}

/* True when pos is on a line the YAML reader repaired. */
static bool on_repaired_line(const loader *L, tr_pos pos)
{
	for (guint i = 0; L->repaired && i < L->repaired->len; i++)
		if (g_array_index(L->repaired, int, i) == pos.line)
			return true;
	return false;
}

static void G_GNUC_PRINTF(3, 4) error_at(loader *L, tr_pos pos, const char *fmt, ...)
{
	va_list ap;
	if (too_many(L) || on_repaired_line(L, pos))
		return;
	va_start(ap, fmt);
	tr_diag_addv(L->d, TR_SEV_ERROR, L->file, pos, fmt, ap);
	va_end(ap);
}

static void G_GNUC_PRINTF(3, 4) warn_at(loader *L, tr_pos pos, const char *fmt, ...)
{
	va_list ap;
	if (on_repaired_line(L, pos))
		return;
	va_start(ap, fmt);
	tr_diag_addv(L->d, TR_SEV_WARNING, L->file, pos, fmt, ap);
	va_end(ap);
}

/* Reports a missing required field of the mapping map ("in WHAT" unless what is
 * NULL). When the key is there with an empty value, points at the key. */
static void missing(loader *L, const tr_ynode *map, const char *key, const char *what)
{
	const tr_ynode *k = tr_ynode_key(map, key);
	tr_pos pos = k ? k->pos : map->pos;
	if (L->broken || was_suggested(L, map, key))
		return;
	if (what)
		error_at(L, pos, _("missing required field \"%s\" in %s"), key, what);
	else
		error_at(L, pos, _("missing required field \"%s\""), key);
}

/* The text of a scalar as a new string, trimmed, with paragraphs written the same
 * way whatever the YAML style: a blank line between paragraphs becomes "\n\n".
 * In plain, quoted and folded scalars libyaml has already turned each blank line
 * into a single "\n" (and single line breaks into spaces), so "\n" doubles; a
 * literal '|' scalar keeps the user's line breaks as they are. When map is not
 * NULL, *map is where each character of the text is in the file. */
static char *scalar_text(const tr_ynode *n, tr_srcmap **map)
{
	bool literal = n->style == TR_YSTYLE_BLOCK && !n->folded;
	GString *g = g_string_sized_new(n->len + 8);
	GArray *from = g_array_sized_new(FALSE, FALSE, sizeof(size_t), n->len + 8);
	for (size_t i = 0; i < n->len; i++) {
		if (n->value[i] == '\n' && !literal) {
			g_string_append_c(g, '\n');
			g_array_append_val(from, i);
		}
		g_string_append_c(g, n->value[i]);
		g_array_append_val(from, i);
	}
	size_t a = 0, z = g->len;
	while (a < z && g_ascii_isspace(g->str[a]))
		a++;
	while (z > a && g_ascii_isspace(g->str[z - 1]))
		z--;
	char *s = g_strndup(g->str + a, z - a);
	/* YAML's null, written on purpose: the field is absent. */
	if (n->style == TR_YSTYLE_PLAIN && (strcmp(s, "~") == 0 || strcmp(s, "null") == 0))
		s[0] = '\0';
	if (map)
		*map = s[0] ? tr_srcmap_remap(n->map, n->value, s, &g_array_index(from, size_t, a))
		            : NULL;
	g_array_unref(from);
	g_string_free(g, TRUE);
	return s;
}

/* The scalar under key in map, or NULL when absent; a list or mapping there is
 * reported ("expected text for …") and gives NULL too. */
static const tr_ynode *get_scalar(loader *L, const tr_ynode *map, const char *key)
{
	const tr_ynode *n = get(L, map, key);
	if (n && n->kind != TR_YNODE_SCALAR) {
		error_at(L, n->pos, _("expected text for \"%s\", found a %s"), key,
		         tr_ynode_kind_name(n));
		return NULL;
	}
	return n;
}

/* Reads the text field key of map into out. Returns true when out was set.
 * A present but empty text is absent; absent required texts are errors. */
static bool get_text(loader *L, const tr_ynode *map, const char *key, const char *what,
                     bool required, tr_text *out)
{
	const tr_ynode *n = get(L, map, key);
	char *s;
	if (!n) {
		if (required)
			missing(L, map, key, what);
		return false;
	}
	if (!(n = get_scalar(L, map, key)))
		return false;
	s = scalar_text(n, &out->map);
	if (!tr_typo_has_ink(s)) { /* nothing visible: as good as empty */
		g_free(s);
		if (required)
			missing(L, map, key, what);
		return false;
	}
	out->text = s;
	out->pos = n->pos;
	return true;
}

/* A plain text n, alone on its line, that is a key written without the space
 * after its ‘:’ ("name:CGT", tr_yaml_glued_key()): a key of allowed or one
 * close to it, or when allowed is NULL any key. Reports it and returns true. */
static bool glued_key(loader *L, const tr_ynode *n, const char *const *allowed)
{
	if (n->kind != TR_YNODE_SCALAR || n->style != TR_YSTYLE_PLAIN)
		return false;
	size_t klen = tr_yaml_glued_key(n->value, n->len);
	if (!klen)
		return false;
	if (allowed) {
		char *k = g_strndup(n->value, klen);
		bool key = g_strv_contains(allowed, k) || tr_suggest(k, allowed);
		g_free(k);
		if (!key)
			return false;
	}
	if (!too_many(L) && !on_repaired_line(L, n->pos))
		tr_yaml_report_glued(L->d, L->file,
		                     (tr_pos){ n->pos.line, n->pos.col +
		                               (int)g_utf8_strlen(n->value, (gssize)klen) },
		                     n->value, n->len, klen);
	return true;
}

/* The mapping under key, or NULL (missing is reported when required; a value of
 * another kind is always reported). */
static const tr_ynode *get_map(loader *L, const tr_ynode *map, const char *key,
                               const char *what, bool required)
{
	const tr_ynode *n = get(L, map, key);
	if (!n || (n->kind == TR_YNODE_SCALAR && n->value[0] == '\0')) {
		if (required)
			missing(L, map, key, what);
		return NULL;
	}
	if (n->kind != TR_YNODE_MAP) {
		const tr_ynode *k = tr_ynode_key(map, key);
		/* "organiser:" and below it "  name:CGT" */
		if (k && k->pos.line < n->pos.line && glued_key(L, n, NULL))
			return NULL;
		error_at(L, n->pos, _("\"%s\" must be a mapping (keys indented under it), "
		           "not %s"), key, n->kind == TR_YNODE_SEQ ? _("a list") : _("text"));
		return NULL;
	}
	return n;
}

/* The hint under a message caused by a text holding " : " or ": ", whose
 * ‘:’ made key a key: what (the "value", the "item") goes in quotes. */
static void colon_note(loader *L, const tr_ynode *key, const char *what)
{
	if (!too_many(L))
		tr_diag_add(L->d, TR_SEV_NOTE, L->file,
		            key->colon.line >= 0 ? key->colon : key->pos,
		            _("if this text contains \"%s\", put the whole %s in quotes (\"…\")"),
		            key->spaced_colon ? " : " : ": ", what);
}

/* A list item that YAML read as a one-key mapping because of a ‘:’ in its
 * text ("- 18h : prise de parole"): its only key is none of allowed and its
 * value is a text. */
static bool colon_cut_item(const tr_ynode *it, const char *const *allowed)
{
	return it->kind == TR_YNODE_MAP && it->n == 1 &&
	       it->items[0]->kind == TR_YNODE_SCALAR &&
	       !g_strv_contains((const char *const *)allowed, it->keys[0]->value);
}

/* A key's name as other_keys[] writes it: lower case, no accents, only letters
 * and digits. Returns a new string. */
static char *normalise_key(const char *key)
{
	char *fold = g_utf8_casefold(key, -1);
	char *ascii = g_str_to_ascii(fold, "C");
	char *out = ascii, *w = ascii;
	for (const char *r = ascii; *r; r++)
		if (g_ascii_isalnum(*r))
			*w++ = *r;
	*w = '\0';
	g_free(fold);
	return out;
}

/* Names of other_keys[] that are English: their suggestion does not add that
 * keys are written in English. */
static const char *const english_names[] = {
	"organizer", "program", "tags", "fullname", "date", "start", "end", "time",
	"zip", "postalcode", NULL
};

/* Reports a key written under another name (other_keys[]): as "did you mean",
 * or with where its English key belongs. False when the name is not known. */
static bool report_other_name(loader *L, const tr_ynode *map, const tr_ynode *k,
                              const tr_ynode *value, const char *const *allowed,
                              const char *what, const char *const *up_keys,
                              const char *const *down_keys, const char *down_name)
{
	enum { HERE, UP, DOWN } level = HERE;
	char *norm = normalise_key(k->value);
	const char *key = NULL;
	bool english = g_strv_contains(english_names, norm);
	for (int pass = 0; pass < 2 && !key; pass++)
		for (size_t i = 0; i < G_N_ELEMENTS(other_keys) && !key; i++) {
			const char *en = other_keys[i].key;
			if (strcmp(norm, other_keys[i].other) != 0)
				continue;
			if (pass == 0 && g_strv_contains(allowed, en))
				key = en, level = HERE;
			else if (pass == 1 && up_keys && g_strv_contains(up_keys, en))
				key = en, level = UP;
			else if (pass == 1 && down_keys && g_strv_contains(down_keys, en))
				key = en, level = DOWN;
		}
	g_free(norm);
	if (!key)
		return false;
	if (level == HERE)
		suggested(L, map, key, value);
	tr_quoted q = tr_diag_quote(k->value);
	const char *name = q.s;
	if (level == UP)
		error_at(L, k->pos, _("unknown key \"%s\" in %s (did you mean \"%s\", at the top "
		           "of the file?)"), name, what, key);
	else if (level == DOWN)
		error_at(L, k->pos, _("unknown key \"%s\" in %s (did you mean \"%s\", inside "
		           "\"%s:\"?)"), name, what, key, down_name);
	else
		error_at(L, k->pos,
		         english ? _("unknown key \"%s\" in %s (did you mean \"%s\"?)")
		                 : _("unknown key \"%s\" in %s (did you mean \"%s\"? keys are written "
		                     "in English)"),
		         name, what, key);
	return true;
}

/* Checks the keys of map. A key that belongs one level up or down (e.g. "title"
 * at the top of the file, "lang" inside "event:", "city" in "event:" instead of
 * "venue:") gets a hint saying where it goes: up_keys are the keys of the level
 * above, down_keys those of the mapping down_name below (each may be NULL). */
static void check_keys(loader *L, const tr_ynode *map, const char *const *allowed,
                       const char *what, const char *const *up_keys,
                       const char *const *down_keys, const char *down_name)
{
	for (size_t i = 0; i < map->n; i++) {
		tr_ynode *k = map->keys[i];
		tr_ynode one = { 0 };
		if (g_strv_contains((const char *const *)allowed, k->value))
			continue;
		if (too_many(L))
			return;
		if (up_keys && g_strv_contains((const char *const *)up_keys, k->value)) {
			error_at(L, k->pos, _("\"%s\" belongs at the top of the file, not "
			           "inside \"%s:\""), tr_diag_quote(k->value).s, what);
			continue;
		}
		if (down_keys && g_strv_contains((const char *const *)down_keys, k->value)) {
			error_at(L, k->pos, _("\"%s\" belongs inside \"%s:\" (indent it "
			           "under %s:)"), tr_diag_quote(k->value).s, down_name, down_name);
			continue;
		}
		if (report_other_name(L, map, k, map->items[i], allowed, what, up_keys,
		                      down_keys, down_name))
			continue;
		suggested(L, map, tr_suggest(k->value, allowed), map->items[i]);
		/* One key at a time, to keep the messages in file order. */
		one.kind = TR_YNODE_MAP;
		one.keys = &k;
		one.items = &k;
		one.n = 1;
		tr_ynode_check_keys(&one, allowed, what, L->file, L->d);
		/* "Entrée libre : venez" in event: the text became a key. */
		if (k->spaced_colon)
			colon_note(L, k, "value");
	}
}

/* Reads n digits at s into *v. */
static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!g_ascii_isdigit(s[i]))
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* Reads the optional yes-or-no field key of map into *out (false when absent).
 * true/false, yes/no and oui/non are understood, in any case. */
static void get_bool(loader *L, const tr_ynode *map, const char *key, bool *out)
{
	static const char *const yes[] = { "true", "yes", "oui", NULL };
	static const char *const no[] = { "false", "no", "non", "", "~", "null", NULL };
	const tr_ynode *n = get_scalar(L, map, key);
	*out = false;
	if (!n)
		return;
	char *fold = g_utf8_strdown(n->value, -1);
	g_strstrip(fold);
	if (g_strv_contains(yes, fold))
		*out = true;
	else if (!g_strv_contains(no, fold))
		error_at(L, n->pos, _("\"%s\" must be true or false, not \"%s\""), key,
		         tr_diag_quote(n->value).s);
	g_free(fold);
}

/* Reads a date node. Reports a malformed or impossible date; returns true when
 * y/m/d hold a valid date. */
static bool get_date(loader *L, const tr_ynode *n, const char *key, int *y, int *m,
                     int *dd)
{
	char *s;
	bool ok = false;
	if (n->kind != TR_YNODE_SCALAR) {
		error_at(L, n->pos, _("expected a date for \"%s\", found a %s"), key,
		         tr_ynode_kind_name(n));
		return false;
	}
	s = g_strstrip(g_strdup(n->value));
	if (tr_date_parse(s, y, m, dd)) {
		ok = true;
	} else if (strlen(s) == 10 && digits(s, 4, y) && s[4] == '-' &&
	           digits(s + 5, 2, m) && s[7] == '-' && digits(s + 8, 2, dd)) {
		if (*y < 1900 || *y > 2999)
			error_at(L, n->pos, _("impossible date \"%s\": years go from 1900 to 2999"),
			         tr_diag_quote(s).s);
		else if (*m < 1 || *m > 12)
			error_at(L, n->pos, _("impossible date \"%s\": months go from 01 to 12"),
			         tr_diag_quote(s).s);
		else if (*dd < 1)
			error_at(L, n->pos, _("impossible date \"%s\": days start at 01"),
			         tr_diag_quote(s).s);
		else if (*dd > tr_date_days_in_month(*y, *m))
			error_at(L, n->pos, _("impossible date \"%s\": %s %d has %d days"),
			         tr_diag_quote(s).s,
			         tr_date_month_msg(*m), *y, tr_date_days_in_month(*y, *m));
		else
			error_at(L, n->pos, _("impossible date \"%s\""), tr_diag_quote(s).s);
	} else if (!s[0]) {
		error_at(L, n->pos, _("missing date for \"%s\": write it as YYYY-MM-DD, "
		           "e.g. 2017-10-03"), key);
	} else {
		error_at(L, n->pos, _("invalid date \"%s\": write dates as YYYY-MM-DD, "
		           "e.g. 2017-10-03"), tr_diag_quote(s).s);
	}
	g_free(s);
	return ok;
}

/* Reads a time node into minutes since midnight. Reports a malformed or
 * impossible time and returns false. */
static bool get_time(loader *L, const tr_ynode *n, const char *key, int *minutes)
{
	char *s;
	const char *p;
	int h = 0, mi = 0, nh = 0, nm = 0;
	if (n->kind != TR_YNODE_SCALAR) {
		error_at(L, n->pos, _("expected a time for \"%s\", found a %s"), key,
		         tr_ynode_kind_name(n));
		return false;
	}
	s = g_strstrip(g_strdup(n->value));
	if (tr_time_parse(s, minutes)) {
		g_free(s);
		return true;
	}
	/* Tell "25:00" (a time, out of range) from "midi" (not a time). */
	p = s;
	for (; g_ascii_isdigit(*p) && nh < 3; p++, nh++)
		h = h * 10 + (*p - '0');
	while (*p == ' ')
		p++;
	if (*p == ':' || *p == 'h' || *p == 'H')
		p++;
	else
		nh = 0;
	while (*p == ' ')
		p++;
	for (; g_ascii_isdigit(*p) && nm < 3; p++, nm++)
		mi = mi * 10 + (*p - '0');
	if (nh >= 1 && nh <= 2 && nm <= 2 && !*p && h > 23)
		error_at(L, n->pos, _("impossible time \"%s\": hours go from 00 to 23"),
		         tr_diag_quote(s).s);
	else if (nh >= 1 && nh <= 2 && nm == 2 && !*p && mi > 59)
		error_at(L, n->pos, _("impossible time \"%s\": minutes go from 00 to 59"),
		         tr_diag_quote(s).s);
	else
		error_at(L, n->pos, _("invalid time \"%s\": write times as HH:MM, e.g. 08:30"),
		         tr_diag_quote(s).s);
	g_free(s);
	return false;
}

/* Reads the optional "start"/"time" and "end" of map. Reports an end without a
 * start and an end not after the start. */
static void get_hours(loader *L, const tr_ynode *map, const char *start_key,
                      int *start, int *end)
{
	const tr_ynode *sn = get(L, map, start_key);
	const tr_ynode *en = get(L, map, "end");
	bool has_start = false, has_end = false;
	*start = -1;
	*end = -1;
	if (sn && !(sn->kind == TR_YNODE_SCALAR && sn->value[0] == '\0'))
		has_start = get_time(L, sn, start_key, start);
	if (en && !(en->kind == TR_YNODE_SCALAR && en->value[0] == '\0'))
		has_end = get_time(L, en, "end", end);
	if (!has_end)
		return;
	if (!sn) {
		error_at(L, en->pos,
		         strcmp(start_key, "time") == 0 ? _("an \"end\" time needs a \"%s\" too")
		                                        : _("an \"end\" time needs a \"%s\" time too"),
		         start_key);
		*end = -1;
	} else if (has_start && *end <= *start) {
		error_at(L, en->pos,
		         *end < *start ? _("end time %02d:%02d is before start time %02d:%02d")
		                       : _("end time %02d:%02d is the same as start time %02d:%02d"),
		         *end / 60, *end % 60, *start / 60, *start % 60);
		*end = -1;
	}
}

/* Checks the optional "weekday" of a session against its date. */
static void check_weekday(loader *L, const tr_ynode *map, int y, int m, int dd)
{
	const tr_ynode *n = get_scalar(L, map, "weekday");
	char *s, *fold;
	int wd = -1, real;
	if (!n)
		return;
	s = g_strstrip(g_strdup(n->value));
	fold = g_utf8_strdown(s, -1);
	wd = tr_date_weekday_of(s, strlen(s));
	if (wd < 0) {
		const char *sug = tr_suggest(fold, weekday_words);
		if (sug)
			error_at(L, n->pos, _("unknown weekday \"%s\" (did you mean \"%s\"?)"),
			         tr_diag_quote(s).s, sug);
		else
			error_at(L, n->pos, _("unknown weekday \"%s\" (write a day such as "
			           "mardi or tuesday)"), tr_diag_quote(s).s);
	} else if (y && (real = tr_date_weekday(y, m, dd)) != wd) {
		error_at(L, n->pos, _("%04d-%02d-%02d is a %s, not a %s"), y, m, dd,
		         tr_date_weekday_msg(real), tr_date_weekday_msg(wd));
	}
	g_free(fold);
	g_free(s);
}

/* Compares two dates; 0 = year 0 means "no date". */
static int date_cmp(int y1, int m1, int d1, int y2, int m2, int d2)
{
	if (y1 != y2)
		return y1 < y2 ? -1 : 1;
	if (m1 != m2)
		return m1 < m2 ? -1 : 1;
	if (d1 != d2)
		return d1 < d2 ? -1 : 1;
	return 0;
}

/* A date as one number, for sets of dates. */
static int day_key(int y, int m, int dd)
{
	return y * 10000 + m * 100 + dd;
}

/* Two sessions of the same day (a general assembly held at 7 h and again at
 * 14 h, to catch both shifts): each needs its start, in time order, the second
 * starting after the first ends. */
static void check_same_day(loader *L, const tr_session *prev, const tr_session *s)
{
	if (prev->start < 0 || s->start < 0)
		error_at(L, s->pos, _("%04d-%02d-%02d has several sessions: give each its "
		           "\"start\" time, to tell them apart"), s->year, s->month, s->day);
	else if (s->start < prev->start)
		error_at(L, s->pos, _("sessions of one day must be in time order: this one "
		           "starts at %02d:%02d, before the one above (%02d:%02d)"), s->start / 60,
		         s->start % 60, prev->start / 60, prev->start % 60);
	else if (s->start == prev->start)
		error_at(L, s->pos, _("this session starts at %02d:%02d, like the one above: "
		           "write one session"), s->start / 60, s->start % 60);
	else if (prev->end > s->start)
		error_at(L, s->pos, _("this session starts at %02d:%02d, before the one above "
		           "ends (%02d:%02d)"), s->start / 60, s->start % 60, prev->end / 60,
		         prev->end % 60);
}

/* Reads event.sessions: a list of dates, or of mappings with a date and hours.
 * Returns false when a session could not be read (dates of the programme are then
 * not compared with them). */
static bool load_sessions(loader *L, const tr_ynode *event)
{
	const tr_ynode *list = get(L, event, "sessions");
	GArray *out;
	bool all_ok = true;

	if (!list || (list->kind == TR_YNODE_SCALAR && list->value[0] == '\0')) {
		missing(L, event, "sessions", "event");
		return false;
	}
	if (list->kind != TR_YNODE_SEQ) {
		error_at(L, list->pos, _("\"sessions\" must be a list of dates, not %s"),
		         list->kind == TR_YNODE_MAP ? _("a mapping") : _("text"));
		if (list->kind == TR_YNODE_SCALAR && !too_many(L))
			tr_diag_add(L->d, TR_SEV_NOTE, L->file, list->pos,
			            _("write each date on its own line, as \"- date: YYYY-MM-DD\""));
		return false;
	}
	if (list->n == 0) {
		error_at(L, list->pos, _("\"sessions\" needs at least one date"));
		return false;
	}
	if (list->n > MAX_SESSIONS) {
		error_at(L, list->pos, _("\"sessions\" has at most %d dates, not %zu"), MAX_SESSIONS,
		         list->n);
		return false;
	}
	out = g_array_new(FALSE, TRUE, sizeof(tr_session));
	for (size_t i = 0; i < list->n; i++) {
		const tr_ynode *it = list->items[i];
		tr_session s = { 0 };
		bool ok;
		s.pos = it->pos;
		s.start = s.end = -1;
		if (glued_key(L, it, session_keys)) {
			ok = false;
		} else if (it->kind == TR_YNODE_SCALAR) {
			ok = get_date(L, it, "sessions", &s.year, &s.month, &s.day);
		} else if (it->kind == TR_YNODE_MAP) {
			const tr_ynode *dn = get(L, it, "date");
			check_keys(L, it, session_keys, _("a session"), NULL, NULL, NULL);
			if (!dn) {
				missing(L, it, "date", _("a session"));
				ok = false;
			} else {
				ok = get_date(L, dn, "date", &s.year, &s.month, &s.day);
			}
			get_hours(L, it, "start", &s.start, &s.end);
			get_bool(L, it, "tbc", &s.tbc);
			check_weekday(L, it, ok ? s.year : 0, s.month, s.day);
		} else {
			error_at(L, it->pos, _("a session must be a date or a mapping with "
			           "\"date:\", not a list"));
			ok = false;
		}
		if (!ok) {
			all_ok = false;
			continue;
		}
		if (out->len > 0) {
			const tr_session *prev = &g_array_index(out, tr_session, out->len - 1);
			int c = date_cmp(s.year, s.month, s.day, prev->year, prev->month,
			                 prev->day);
			if (c < 0)
				error_at(L, s.pos, _("sessions must be in date order"));
			else if (c == 0)
				check_same_day(L, prev, &s);
		}
		g_array_append_val(out, s);
	}
	L->ev->n_sessions = out->len;
	L->ev->sessions = (tr_session *)g_array_free(out, FALSE);
	return all_ok;
}

/* Reports a programme item cut in two by a ‘:’ ("- 18h : prise de parole"):
 * with its time as its key, says how to write time: and title:. */
static void report_cut_item(loader *L, const tr_ynode *it)
{
	const tr_ynode *k = it->keys[0], *v = it->items[0];
	tr_pos pos = k->colon.line >= 0 ? k->colon : k->pos;
	int minutes;
	error_at(L, pos, _("this ‘:’ cuts the programme item in two: YAML reads \"%s\" as a "
	           "key"), tr_diag_quote(k->value).s);
	if (too_many(L))
		return;
	if (tr_time_parse(k->value, &minutes) && v->value[0])
		tr_diag_add(L->d, TR_SEV_NOTE, L->file, pos, _("to print %s as the item's time, "
		              "write \"- time: %s\" and, under it, \"title: %s\"; or put the "
		              "whole item in quotes (\"…\")"), tr_diag_quote(k->value).s,
		            tr_diag_quote(k->value).s, tr_diag_quote(v->value).s);
	else
		colon_note(L, k, "item");
}

/* Reads the top-level "programme": a list of items, each a text (its title) or a
 * mapping. Items' dates are checked against the sessions when these were read
 * (sessions_ok). */
static void load_programme(loader *L, const tr_ynode *root, bool sessions_ok)
{
	const tr_ynode *list = get(L, root, "programme");
	GHashTable *days = NULL;
	GArray *out;
	if (!list || (list->kind == TR_YNODE_SCALAR && list->value[0] == '\0'))
		return;
	if (list->kind != TR_YNODE_SEQ) {
		error_at(L, list->pos, _("\"programme\" must be a list, not %s"),
		         list->kind == TR_YNODE_MAP ? _("a mapping") : _("text"));
		return;
	}
	if (list->n > MAX_PROGRAMME) {
		error_at(L, list->pos, _("\"programme\" has at most %d items, not %zu"), MAX_PROGRAMME,
		         list->n);
		return;
	}
	/* The event's days, to check the items' dates in constant time each. */
	if (sessions_ok) {
		days = g_hash_table_new(g_direct_hash, g_direct_equal);
		for (size_t j = 0; j < L->ev->n_sessions; j++) {
			const tr_session *s = &L->ev->sessions[j];
			g_hash_table_add(days, GINT_TO_POINTER(day_key(s->year, s->month,
			                                                s->day)));
		}
	}
	out = g_array_new(FALSE, TRUE, sizeof(tr_prog_item));
	for (size_t i = 0; i < list->n; i++) {
		const tr_ynode *it = list->items[i];
		tr_prog_item p = { 0 };
		const tr_ynode *dn;
		p.pos = it->pos;
		p.time = p.end = -1;
		if (glued_key(L, it, item_keys))
			continue;
		if (it->kind == TR_YNODE_SCALAR) {
			p.title.text = scalar_text(it, &p.title.map);
			p.title.pos = it->pos;
			if (!tr_typo_has_ink(p.title.text)) {
				g_free(p.title.text);
				error_at(L, it->pos, _("empty programme item"));
				continue;
			}
			g_array_append_val(out, p);
			continue;
		}
		if (it->kind != TR_YNODE_MAP) {
			error_at(L, it->pos, _("a programme item must be a text or a mapping "
			           "with \"title:\", not a list"));
			continue;
		}
		if (colon_cut_item(it, item_keys)) {
			report_cut_item(L, it);
			continue;
		}
		check_keys(L, it, item_keys, _("a programme item"), NULL, NULL, NULL);
		get_text(L, it, "title", _("a programme item"), true, &p.title);
		get_text(L, it, "speaker", NULL, false, &p.speaker);
		get_text(L, it, "detail", NULL, false, &p.detail);
		get_hours(L, it, "time", &p.time, &p.end);
		get_bool(L, it, "tbc", &p.tbc);
		dn = get(L, it, "date");
		if (dn && !(dn->kind == TR_YNODE_SCALAR && dn->value[0] == '\0')) {
			if (!get_date(L, dn, "date", &p.year, &p.month, &p.day)) {
				p.year = p.month = p.day = 0;
			} else if (days) {
				if (!g_hash_table_contains(days, GINT_TO_POINTER(day_key(p.year,
				                           p.month, p.day))))
					error_at(L, dn->pos, _("%04d-%02d-%02d is not one of the "
					           "event's dates (see \"sessions\")"), p.year, p.month,
					         p.day);
			}
		}
		g_array_append_val(out, p);
	}
	L->ev->n_programme = out->len;
	L->ev->programme = (tr_prog_item *)g_array_free(out, FALSE);
	if (days)
		g_hash_table_destroy(days);
}

/* Adds one keyword, n->value[start, start + len) trimmed (empty ones are
 * dropped). */
static void add_keyword(GArray *out, const tr_ynode *n, size_t start, size_t len, tr_pos pos)
{
	tr_text t;
	size_t z = start + len;
	while (start < z && g_ascii_isspace(n->value[start]))
		start++;
	while (z > start && g_ascii_isspace(n->value[z - 1]))
		z--;
	t.text = g_strndup(n->value + start, z - start);
	if (!tr_typo_has_ink(t.text)) { /* nothing visible: dropped like an empty one */
		g_free(t.text);
		return;
	}
	t.pos = pos;
	t.map = tr_srcmap_slice(n->map, n->value, start, z - start);
	g_array_append_val(out, t);
}

/* Reads the list under key in map ("keywords", "ignore"): a list of texts, or
 * one text of comma-separated words. */
static void load_list(loader *L, const tr_ynode *map, const char *key, tr_text **list,
                      size_t *n_list)
{
	const tr_ynode *n = get(L, map, key);
	GArray *out;
	if (!n)
		return;
	out = g_array_new(FALSE, TRUE, sizeof(tr_text));
	if (n->kind == TR_YNODE_SCALAR) {
		/* On a one-line plain or quoted text each word gets its own column. */
		bool exact = !strchr(n->value, '\n') && n->style != TR_YSTYLE_BLOCK;
		const char *start = n->value;
		tr_pos pos = n->pos;
		if (n->style == TR_YSTYLE_QUOTED)
			pos.col++;
		for (const char *p = n->value;; p++) {
			if (*p == ',' || !*p) {
				const char *w = start;
				tr_pos wpos = n->pos;
				while (*w == ' ' || *w == '\t')
					w++;
				if (exact) {
					wpos = pos;
					wpos.col += (int)g_utf8_strlen(n->value, w - n->value);
				}
				add_keyword(out, n, (size_t)(w - n->value), (size_t)(p - w),
				            wpos);
				start = p + 1;
			}
			if (!*p)
				break;
		}
	} else if (n->kind == TR_YNODE_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			const tr_ynode *it = n->items[i];
			if (it->kind != TR_YNODE_SCALAR) {
				error_at(L, it->pos, _("expected text in \"%s\", found a %s"), key,
				         tr_ynode_kind_name(it));
				/* [retraites : réforme] is a mapping in YAML */
				if (colon_cut_item(it, (const char *const[]){ NULL }))
					colon_note(L, it->keys[0],
					           strcmp(key, "keywords") == 0 ? "keyword" : "word");
				continue;
			}
			add_keyword(out, it, 0, it->len, it->pos);
		}
	} else {
		error_at(L, n->pos, _("\"%s\" must be a list of texts, not a mapping"), key);
	}
	if (out->len > MAX_KEYWORDS)
		error_at(L, n->pos, _("\"%s\" has at most %d words, not %u"), key, MAX_KEYWORDS,
		         out->len);
	*n_list = out->len;
	*list = (tr_text *)g_array_free(out, FALSE);
}

/* Reads the optional "check:": findings to ignore and words to accept. */
static void load_check(loader *L, const tr_ynode *root)
{
	const tr_ynode *map = get_map(L, root, "check", NULL, false);
	if (!map)
		return;
	check_keys(L, map, preflight_keys, "check", NULL, NULL, NULL);
	load_list(L, map, "ignore", &L->ev->check.ignore, &L->ev->check.n_ignore);
	load_list(L, map, "words", &L->ev->check.words, &L->ev->check.n_words);
}

/* An e-mail address: one '@', something before it, a dot after it (not last),
 * no spaces. */
static bool looks_like_email(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t\n,;<>"))
		return false;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

/* A web address: an optional http(s):// then a host name with a dot. */
static bool looks_like_website(const char *s)
{
	const char *h = s, *end;
	if (g_str_has_prefix(s, "https://"))
		h = s + 8;
	else if (g_str_has_prefix(s, "http://"))
		h = s + 7;
	if (strpbrk(s, " \t\n") || strchr(h, '@'))
		return false;
	end = h + strcspn(h, "/?#");
	for (const char *p = h; p < end; p++)
		if (!(g_ascii_isalnum(*p) || *p == '-' || *p == '.' || *p == ':' ||
		      (unsigned char)*p >= 0x80))
			return false;
	for (const char *p = h; p + 1 < end; p++)
		if (*p == '.' && p > h && p[1] != '.')
			return true;
	return false;
}

/* Checks a phone number as written. Short numbers are real: 15, 115, 3949 (a
 * French service number), 116 000; so a number is refused only without two
 * digits, and gets a warning when it looks cut short: a national number (0…)
 * of fewer than 10 digits, +33 and fewer than 9, another +… of fewer than 8,
 * or between 5 and 9 digits with neither 0 nor + in front. */
static void check_phone(loader *L, const tr_text *phone)
{
	char digits[32];
	int nd = 0;
	bool plus = false;
	for (const char *p = phone->text; *p; p++) {
		if (*p == '+' && nd == 0)
			plus = true;
		else if (g_ascii_isdigit(*p) && nd < (int)sizeof digits - 1)
			digits[nd++] = *p;
	}
	digits[nd] = '\0';
	tr_quoted q = tr_diag_quote(phone->text);
	if (nd < 2) {
		error_at(L, phone->pos, _("\"%s\" does not look like a phone number (it has "
		           "%s)"), q.s, nd ? _("one digit") : _("no digits"));
		return;
	}
	if (plus && g_str_has_prefix(digits, "33") && nd < 11)
		warn_at(L, phone->pos, _("\"%s\" looks cut short: after +33, a French number "
		          "has 9 digits (+33 1 43 93 91 28)"), q.s);
	else if (plus && !g_str_has_prefix(digits, "33") && nd < 8)
		warn_at(L, phone->pos, _("\"%s\" looks cut short for an international number "
		          "(%d digits)"), q.s, nd);
	else if (!plus && digits[0] == '0' && nd < 10)
		warn_at(L, phone->pos, _("\"%s\" looks cut short: a French number has 10 "
		          "digits (01 43 93 91 28)"), q.s);
	else if (!plus && digits[0] != '0' && nd >= 5 && nd <= 9 &&
	         !(nd == 6 && g_str_has_prefix(digits, "116")))
		warn_at(L, phone->pos, _("\"%s\" looks cut short: a short service number has "
		          "2 to 4 digits (3949), others 10 (01 43 93 91 28)"), q.s);
}

/* Reads a picture (key of map, a file relative to the file being read) into
 * pic, unless pic is set already (the content's own logo wins over its
 * organisation file's). what names it in messages: "the logo". */
static void load_picture(loader *L, const tr_ynode *map, const char *key, const char *what,
                         tr_picture *pic)
{
	if (pic->path.text || !get_text(L, map, key, NULL, false, &pic->path))
		return;
	GError *e = NULL;
	char *warning = NULL;
	pic->file = tr_path_inside(L->ev->path, L->file, pic->path.text, &e);
	if (pic->file)
		pic->image = tr_image_load(pic->file, &warning, &e);
	if (!pic->image)
		error_at(L, pic->path.pos, _("cannot use %s \"%s\": %s"), what, pic->path.text,
		         e->message);
	else if (warning)
		warn_at(L, pic->path.pos, _("%s \"%s\": %s"), what, pic->path.text, warning);
	g_clear_error(&e);
	g_free(warning);
}

/* Reads the organiser's fields from map (the content's "organiser:", or an
 * organisation file) into those of the event not set yet: what the content
 * says wins over its organisation file. */
static void read_organiser(loader *L, const tr_ynode *map)
{
	tr_event *ev = L->ev;
	tr_text *name = &ev->organiser.name, *full = &ev->organiser.full_name;
	tr_text *phone = &ev->organiser.phone, *email = &ev->organiser.email;
	tr_text *web = &ev->organiser.website;
	if (!name->text)
		get_text(L, map, "name", NULL, false, name);
	if (!full->text)
		get_text(L, map, "full_name", NULL, false, full);
	if (!phone->text && get_text(L, map, "phone", NULL, false, phone))
		check_phone(L, phone);
	if (!email->text && get_text(L, map, "email", NULL, false, email) &&
	    !looks_like_email(email->text))
		error_at(L, email->pos, _("\"%s\" does not look like an e-mail "
		           "address (e.g. contact@example.org)"), tr_diag_quote(email->text).s);
	if (!web->text && get_text(L, map, "website", NULL, false, web) &&
	    !looks_like_website(web->text))
		warn_at(L, web->pos, _("\"%s\" does not look like a web "
		          "address (e.g. example.org or https://example.org/page)"),
		        tr_diag_quote(web->text).s);
	load_picture(L, map, "logo", _("the logo"), &ev->organiser.logo);
}

/* Reads the "colours:" (font false) or "fonts:" map of an organisation file
 * into the event's identity. */
static void read_named(loader *L, const tr_ynode *org, bool font)
{
	const tr_ynode *map = tr_ynode_get(org, font ? "fonts" : "colours");
	const char *key = font ? "fonts" : "colours";
	if (!map && !font)
		map = tr_ynode_get(org, key = "colors");
	if (!map || (map->kind == TR_YNODE_SCALAR && map->value[0] == '\0'))
		return;
	if (map->kind != TR_YNODE_MAP) {
		error_at(L, map->pos, _("\"%s\" must be a mapping of names and %s (%s), not %s"), key,
		         font ? _("font families") : _("colours"),
		         font ? "display: League Spartan" : "accent: \"#c8102e\"",
		         map->kind == TR_YNODE_SEQ ? _("a list") : _("text"));
		return;
	}
	for (size_t i = 0; i < map->n; i++) {
		const char *name = map->keys[i]->value;
		const tr_ynode *v = map->items[i];
		tr_rgb rgb;
		if (v->kind != TR_YNODE_SCALAR) {
			error_at(L, v->pos, _("expected text for \"%s\", found a %s"), name,
			         tr_ynode_kind_name(v));
		} else if (v->value[0] == '\0' && !font) {
			error_at(L, map->keys[i]->pos, _("colour \"%s\" has no value (an unquoted # "
			           "starts a comment: write hex colours in quotes, as in \"#c8102e\")"),
			         name);
		} else if (v->value[0] == '\0') {
			error_at(L, map->keys[i]->pos, _("font \"%s\" has no value: write a font family, "
			           "as in \"display: League Spartan\""), name);
		} else if (!font && !tr_rgb_parse(v->value, &rgb)) {
			error_at(L, v->pos, _("bad colour \"%s\" for \"%s\": write \"#rrggbb\" or "
			           "\"#rgb\""), v->value, name);
		} else {
			tr_identity_set(&L->ev->identity, font, name, v->value, L->file, v->pos);
		}
	}
}

/* Reads the organisation file the content names ("organisation: FILE"): its
 * organiser's fields fill those the content leaves out (they are then placed,
 * for messages, where the content names the file); its colours and fonts go
 * to the event's identity. */
static void load_organisation(loader *L, const tr_ynode *root)
{
	tr_event *ev = L->ev;
	if (!get_text(L, root, "organisation", NULL, false, &ev->organisation))
		return;
	GError *e = NULL;
	char *path = tr_path_inside(ev->path, L->file, ev->organisation.text, &e);
	if (!path) {
		error_at(L, ev->organisation.pos, _("cannot use the organisation file \"%s\": %s"),
		         ev->organisation.text, e->message);
		g_error_free(e);
		return;
	}
	size_t errors = tr_diag_count(L->d, TR_SEV_ERROR);
	tr_ynode *org = tr_yaml_load_file(path, L->d);
	loader O = { path, L->d, ev, L->errors_before, false, NULL,
		     g_array_new(FALSE, FALSE, sizeof(suggestion)) };
	if (org && org->kind != TR_YNODE_MAP) {
		error_at(&O, org->pos, _("an organisation file holds keys and values (name:, colours:, "
		           "...), not %s"), org->kind == TR_YNODE_SEQ ? _("a list") : _("a single text"));
	} else if (org) {
		tr_text *fields[] = { &ev->organiser.name, &ev->organiser.full_name,
		                      &ev->organiser.phone, &ev->organiser.email,
		                      &ev->organiser.website, &ev->organiser.logo.path };
		bool given[G_N_ELEMENTS(fields)];
		for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
			given[i] = fields[i]->text != NULL;
		check_keys(&O, org, organisation_keys, _("the organisation file"), NULL, NULL, NULL);
		const tr_ynode *v = tr_ynode_get(org, "version");
		if (v && (v->kind != TR_YNODE_SCALAR || strcmp(v->value, "1") != 0))
			error_at(&O, v->pos, _("unsupported version: this tractage reads organisation "
			           "files of version 1"));
		read_organiser(&O, org);
		read_named(&O, org, false);
		read_named(&O, org, true);
		get_bool(&O, org, "system-fonts", &ev->identity.system_fonts);
		if (!ev->organiser.name.text && !tr_ynode_get(root, "organiser"))
			error_at(&O, org->pos, _("missing required field \"name\" in the organisation "
			           "file"));
		for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
			if (!given[i] && fields[i]->text)
				fields[i]->pos = ev->organisation.pos;
	}
	if (tr_diag_count(L->d, TR_SEV_ERROR) > errors)
		tr_diag_add(L->d, TR_SEV_NOTE, L->file, ev->organisation.pos,
		            _("the organisation file of this content file"));
	g_array_unref(O.suggested);
	tr_ynode_free(org);
	g_free(path);
}

/* Reads the organiser: the content's "organiser:" mapping, then the
 * organisation file for what it leaves out. The mapping is required, unless
 * an organisation file names the organiser. */
static void load_organiser(loader *L, const tr_ynode *root)
{
	bool has_file = tr_ynode_get(root, "organisation") != NULL;
	const tr_ynode *org = get_map(L, root, "organiser", NULL, !has_file);
	if (org) {
		check_keys(L, org, organiser_keys, "organiser", NULL, NULL, NULL);
		read_organiser(L, org);
	}
	load_organisation(L, root);
	if (org && !L->ev->organiser.name.text)
		missing(L, org, "name", "organiser");
}

/* Reads "qr": the address a QR code holds. A web address written without
 * "https://" gets it, so that phones open it. */
static void load_qr(loader *L, const tr_ynode *root)
{
	tr_text *qr = &L->ev->qr;
	if (!get_text(L, root, "qr", NULL, false, qr))
		return;
	if (strpbrk(qr->text, " \t\n")) {
		error_at(L, qr->pos, _("the address of the QR code has a space in it: write the "
		           "address alone, as in https://example.org/petition"));
		return;
	}
	size_t scheme = strspn(qr->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (scheme == 0 || qr->text[scheme] != ':') {
		if (!looks_like_website(qr->text)) {
			error_at(L, qr->pos, _("\"%s\" is not an address a phone can open: write a web "
			           "address (https://example.org/page), or tel:, mailto: or geo:"), qr->text);
			return;
		}
		char *full = g_strdup_printf("https://%s", qr->text);
		g_free(qr->text);
		qr->text = full;
	}
	GError *e = NULL;
	tr_qr *code = tr_qr_new(qr->text, &e);
	if (!code)
		error_at(L, qr->pos, _("cannot make a QR code of this address: %s"), e->message);
	g_clear_error(&e);
	tr_qr_free(code);
}

/* Reads event.venue. */
static void load_venue(loader *L, const tr_ynode *event)
{
	const tr_ynode *v = get_map(L, event, "venue", "event", true);
	tr_event *ev = L->ev;
	bool has_name, has_address;
	if (!v)
		return;
	ev->venue.pos = v->pos;
	check_keys(L, v, venue_keys, "venue", NULL, NULL, NULL);
	has_name = get_text(L, v, "name", NULL, false, &ev->venue.name);
	has_address = get_text(L, v, "address", NULL, false, &ev->venue.address);
	if (!has_name && !has_address && !L->broken && !was_suggested(L, v, "name") &&
	    !was_suggested(L, v, "address"))
		error_at(L, v->pos, _("missing required field \"name\" or \"address\" in venue"));
	get_text(L, v, "postcode", NULL, false, &ev->venue.postcode);
	get_text(L, v, "city", "venue", true, &ev->venue.city);
}

/* Reads the event mapping: what, when and where. Returns true when its sessions
 * were all read (the programme's dates are then checked against them). */
static bool load_event(loader *L, const tr_ynode *root)
{
	const tr_ynode *event = get_map(L, root, "event", NULL, true);
	tr_event *ev = L->ev;
	bool sessions_ok;
	if (!event)
		return false;
	ev->event_pos = event->pos;
	check_keys(L, event, event_keys, "event", root_keys, venue_keys, "venue");
	get_text(L, event, "kicker", NULL, false, &ev->kicker);
	get_text(L, event, "title", "event", true, &ev->title);
	get_text(L, event, "subtitle", NULL, false, &ev->subtitle);
	sessions_ok = load_sessions(L, event);
	load_venue(L, event);
	get_text(L, event, "admission", NULL, false, &ev->admission);
	return sessions_ok;
}

/* Reads the texts and lists beside "event:" at the top of the file. */
static void load_texts(loader *L, const tr_ynode *root, bool sessions_ok)
{
	tr_event *ev = L->ev;
	get_text(L, root, "quote", NULL, false, &ev->quote);
	get_text(L, root, "teaser", NULL, false, &ev->teaser);
	get_text(L, root, "body", NULL, false, &ev->body);
	get_text(L, root, "programme_title", NULL, false, &ev->programme_title);
	load_programme(L, root, sessions_ok);
	get_text(L, root, "note", NULL, false, &ev->note);
	load_list(L, root, "keywords", &ev->keywords, &ev->n_keywords);
	load_check(L, root);
	if (!get_text(L, root, "print_mention", NULL, false, &ev->print_mention)) {
		ev->print_mention.text = g_strdup(default_mention[ev->lang]);
		ev->print_mention.pos = TR_NOPOS;
	}
}

/* Reads the optional "version" (only 1) and "lang" (fr, en). */
static void load_header(loader *L, const tr_ynode *root)
{
	const tr_ynode *n = get(L, root, "version");
	char *s;
	if (n) {
		if (n->kind != TR_YNODE_SCALAR)
			error_at(L, n->pos, _("expected a number for \"version\", found a %s"),
			         tr_ynode_kind_name(n));
		else if (strcmp(n->value, "1") != 0)
			error_at(L, n->pos, _("unsupported version \"%s\": this tractage reads "
			           "content files of version 1"), tr_diag_quote(n->value).s);
	}
	L->ev->lang = TR_LANG_FR;
	n = get_scalar(L, root, "lang");
	if (!n)
		return;
	s = g_strstrip(g_strdup(n->value));
	if (strcmp(s, "fr") == 0 || s[0] == '\0') {
		L->ev->lang = TR_LANG_FR;
	} else if (strcmp(s, "en") == 0) {
		L->ev->lang = TR_LANG_EN;
	} else {
		char *fold = g_utf8_strdown(s, -1);
		const char *sug = tr_suggest(s, lang_keys);
		if (!sug && (g_str_has_prefix(fold, "fr") || strcmp(fold, "français") == 0))
			sug = "fr";
		if (!sug && (g_str_has_prefix(fold, "en") || g_str_has_prefix(fold, "angl")))
			sug = "en";
		if (sug)
			error_at(L, n->pos, _("unknown language \"%s\" (did you mean \"%s\"?)"),
			         tr_diag_quote(s).s, sug);
		else
			error_at(L, n->pos, _("unknown language \"%s\" (write fr or en)"),
			         tr_diag_quote(s).s);
		g_free(fold);
	}
	g_free(s);
}

/* Builds the event from a parsed tree (broken: read from YAML with errors, see
 * loader). Returns NULL when any error was reported. */
static tr_event *load_tree(const char *path, const tr_ynode *root, tr_diag *d, bool broken,
                           const GArray *repaired)
{
	size_t errors_before = tr_diag_count(d, TR_SEV_ERROR);
	loader L = { path, d, NULL, errors_before, broken, repaired, NULL };
	tr_event *ev;
	bool sessions_ok;

	if (root->kind != TR_YNODE_MAP) {
		if (broken)
			return NULL; /* what was read is no guide */
		tr_diag_add(d, TR_SEV_ERROR, path, root->pos,
		            _("the file must hold keys and values (such as \"event:\"), not %s"),
		            root->kind == TR_YNODE_SEQ ? _("a list") : _("a single text"));
		return NULL;
	}
	ev = g_new0(tr_event, 1);
	ev->path = g_strdup(path);
	ev->event_pos = TR_NOPOS;
	ev->venue.pos = TR_NOPOS;
	L.ev = ev;
	L.suggested = g_array_new(FALSE, FALSE, sizeof(suggestion));

	check_keys(&L, root, root_keys, _("the file"), NULL, event_keys, "event");
	load_header(&L, root);
	load_organiser(&L, root);
	sessions_ok = load_event(&L, root);
	load_texts(&L, root, sessions_ok);
	load_picture(&L, root, "image", _("the image"), &ev->image);
	load_qr(&L, root);
	g_array_unref(L.suggested);

	if (broken || tr_diag_count(d, TR_SEV_ERROR) > errors_before) {
		tr_event_free(ev);
		return NULL;
	}
	return ev;
}

tr_event *tr_content_load(const char *path, tr_diag *d)
{
	size_t len;
	char *buf = tr_yaml_read_file(path, &len, d);
	if (!buf)
		return NULL;
	tr_event *ev = tr_content_load_buffer(path, buf, len, d);
	g_free(buf);
	return ev;
}

tr_event *tr_content_load_stdin(tr_diag *d)
{
	size_t len;
	/* Read as a file is: capped, whether a pipe or a redirected file. */
	char *buf = tr_yaml_read_file("/dev/stdin", &len, d);
	if (!buf)
		return NULL;
	tr_event *ev = tr_content_load_buffer(TR_STDIN_NAME, buf, len, d);
	g_free(buf);
	return ev;
}

tr_event *tr_content_load_buffer(const char *path, const char *buf, size_t len,
                                 tr_diag *d)
{
	bool broken;
	GArray *repaired;
	tr_ynode *root = tr_yaml_parse_broken(path, buf, len, d, &broken, &repaired);
	tr_event *ev = root ? load_tree(path, root, d, broken, repaired) : NULL;
	tr_ynode_free(root);
	g_array_unref(repaired);
	return ev;
}
