/* new.c — tractage new: the starting content files, French and English. */
#include "cli/new.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "i18n.h"
#include "typo/dates.h"

/* The starting contents. printf arguments, in order: the date (YYYY-MM-DD),
 * its weekday, the file's name (twice). Every placeholder is one that
 * src/check/leftovers.c reports. */
static const char starting_fr[] =
	"# Un tract A5 et une affiche A3 pour tractage : remplacez chaque « à compléter »,\n"
	"# chaque XXXXX et chaque texte entre crochets, puis :\n"
	"#   tractage check %3$s    relit avant l’impression (fautes, dates, oublis)\n"
	"#   tractage build %4$s    écrit les PDF\n"
	"# Une ligne qui commence par # est un commentaire : tractage l’ignore.\n"
	"# Le format complet : man tractage-content.\n"
	"\n"
	"version: 1\n"
	"lang: fr                  # fr ou en\n"
	"\n"
	"organiser:\n"
	"  name: Syndicat à compléter       # le nom court, tel qu’on le dit\n"
	"  # full_name: le nom complet du syndicat ou de l’association\n"
	"  # phone: 01 23 45 67 89\n"
	"  # email: contact@example.org\n"
	"  # website: example.org\n"
	"  # logo: logo.svg                 # PNG, JPEG ou SVG, dans ce dossier\n"
	"\n"
	"event:\n"
	"  # kicker: une courte ligne au-dessus du titre\n"
	"  title: Titre à compléter\n"
	"  subtitle: Rassemblement, réunion publique, journée de formation… à compléter\n"
	"  sessions:                # un bloc par jour\n"
	"    - date: %1$s       # année-mois-jour\n"
	"      weekday: %2$s        # vérifié : un jour qui ne va pas avec la date est refusé\n"
	"      start: \"18:00\"\n"
	"      end: \"20:00\"\n"
	"  venue:\n"
	"    name: Lieu à compléter\n"
	"    address: Adresse à compléter\n"
	"    postcode: XXXXX\n"
	"    city: Ville à compléter\n"
	"  admission: Entrée libre.\n"
	"\n"
	"# Les textes : au niveau de event:, sans retrait.\n"
	"teaser: >\n"
	"  Deux ou trois lignes pour l’affiche, qui donnent envie de venir : à compléter.\n"
	"\n"
	"body: |\n"
	"  Premier paragraphe du tract : pourquoi cet événement, ce qui est en jeu. À compléter.\n"
	"\n"
	"  Un paragraphe par idée, séparés par une ligne vide. *Italique* et **gras** se\n"
	"  marquent ainsi.\n"
	"\n"
	"# programme:               # facultatif : les moments de la journée\n"
	"#   - time: \"18:00\"\n"
	"#     title: Accueil\n"
	"\n"
	"note: |\n"
	"  [Garde d’enfants, covoiturage, appel aux volontaires : à compléter, ou supprimer\n"
	"  ces lignes.]\n";

static const char starting_en[] =
	"# An A5 tract and an A3 poster for tractage: replace each \"to be completed\",\n"
	"# each XXXXX and each text in square brackets, then:\n"
	"#   tractage check %3$s    proofreads before printing (spelling, dates, leftovers)\n"
	"#   tractage build %4$s    writes the PDFs\n"
	"# A line that starts with # is a comment: tractage ignores it.\n"
	"# The whole format: man tractage-content.\n"
	"\n"
	"version: 1\n"
	"lang: en                  # en or fr\n"
	"\n"
	"organiser:\n"
	"  name: Union branch to be completed   # the short name, as people say it\n"
	"  # full_name: the full name of the union or association\n"
	"  # phone: 0131 123 4567\n"
	"  # email: contact@example.org\n"
	"  # website: example.org\n"
	"  # logo: logo.svg                     # PNG, JPEG or SVG, in this folder\n"
	"\n"
	"event:\n"
	"  # kicker: a short line above the title\n"
	"  title: Title to be completed\n"
	"  subtitle: Rally, public meeting or training day, to be completed\n"
	"  sessions:                # one entry per day\n"
	"    - date: %1$s       # year-month-day\n"
	"      weekday: %2$s      # checked: a weekday that does not match the date is refused\n"
	"      start: \"18:00\"\n"
	"      end: \"20:00\"\n"
	"  venue:\n"
	"    name: Place to be completed\n"
	"    address: Address to be completed\n"
	"    postcode: XXXXX\n"
	"    city: Town to be completed\n"
	"  admission: Free entry.\n"
	"\n"
	"# The texts: at the level of event:, not indented.\n"
	"teaser: >\n"
	"  Two or three lines for the poster, that make people want to come: to be completed.\n"
	"\n"
	"body: |\n"
	"  The first paragraph of the tract: why this event, what is at stake. To be completed.\n"
	"\n"
	"  One paragraph per idea, with a blank line between them. *Italics* and **bold**\n"
	"  are marked like this.\n"
	"\n"
	"# programme:               # optional: the parts of the day\n"
	"#   - time: \"18:00\"\n"
	"#     title: Welcome\n"
	"\n"
	"note: |\n"
	"  [Childcare, car sharing, a call for volunteers: to be completed, or remove\n"
	"  these lines.]\n";

/* Four weeks from today, in this year (its last day at the latest), moved back
 * off a Sunday or a public holiday. */
static void starting_date(long today, int *y, int *m, int *d)
{
	int year, month, day;
	tr_date_from_days(today, &year, &month, &day);
	long days = MIN(today + 28, tr_date_to_days(year, 12, 31));
	for (int i = 0; i < 7; i++, days--) {
		tr_date_from_days(days, y, m, d);
		bool regional;
		if (tr_date_weekday(*y, *m, *d) != 6 && !tr_date_holiday_fr(*y, *m, *d, &regional))
			return;
	}
}

bool tr_new_write(const char *file, const char *lang, GError **err)
{
	long today;
	if (!tr_check_today(&today, err))
		return false;
	int y, m, d;
	starting_date(today, &y, &m, &d);
	bool en = strcmp(lang, "en") == 0;
	char *date = g_strdup_printf("%04d-%02d-%02d", y, m, d);
	char *quoted = strchr(file, ' ') ? g_strdup_printf("\"%s\"", file) : g_strdup(file);
	char *text = g_strdup_printf(en ? starting_en : starting_fr, date,
	                             tr_date_weekday_name(tr_date_weekday(y, m, d),
	                                                  en ? TR_LANG_EN : TR_LANG_FR),
	                             quoted, quoted);
	g_free(quoted);
	g_free(date);
	bool ok = false;
	/* O_EXCL: never replace a file, even one created meanwhile. */
	int fd = g_open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		int e = errno;
		if (e == EEXIST)
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_EXIST, _("%s already exists: "
			            "tractage new never replaces a file; give another name, or "
			            "edit that file"), file);
		else
			g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), _("cannot create %s: "
			            "%s"), file, g_strerror(e));
		goto out;
	}
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	int e = done < len ? (errno ? errno : EIO) : 0;
	if (close(fd) != 0 && !e)
		e = errno;
	if (e) {
		g_unlink(file);
		g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), _("cannot write %s: %s"),
		            file, g_strerror(e));
		goto out;
	}
	printf("%s\n", file);
	/* The placeholder is the starting content's, in its language. */
	fprintf(stderr, "tractage: note: ");
	fprintf(stderr, _("wrote %s: replace what says \"%s\", then run tractage check %s"), file,
	        en ? "to be completed" : "à compléter", file);
	fputc('\n', stderr);
	ok = true;
out:
	g_free(text);
	return ok;
}
