/* output.c — naming, checking and writing the files of a run (see output.h). */
#include "render/output.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* The temporary files: ".tractage-tmp.PID.XXXXXX". Nothing else is ever
 * removed by tr_output_clean_stale(). */
#define TEMP_PREFIX ".tractage-tmp."
/* Seconds since a temporary file last changed before a later build may take
 * it for stale: a build in another PID namespace (a container sharing the
 * folder) seems gone, but writes its files within a second. */
#define STALE_AGE 60

#if defined(__SANITIZE_ADDRESS__)
#define TR_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define TR_SANITIZED 1
#endif
#endif

struct tr_outplan {
	char *dir;
	const tr_layoutdesc *const *layouts;
	size_t n_layouts;
	tr_outopts opts;
	GPtrArray *contents; /* content paths (borrowed) */
	GPtrArray *sets;     /* per content: GPtrArray of tr_output * */
	long name_max;       /* longest file name the folder takes, bytes */
};

/* ------------------------------------------------------------------ */
/* Temporary files and signals */

/* The temporary files of this process, for the signal handlers: a slot is
 * cleared (NULL) before its string is freed, and slots are only added with
 * the signals held. */
static struct {
	char *volatile *paths;
	volatile sig_atomic_t n;
	size_t cap;
} temps;

static sigset_t held_signals; /* SIGINT, SIGTERM, SIGHUP */
/* What a crash says (chosen before: a handler cannot format). */
static const char *crash_message = "tractage: error: stopped by a crash, a bug in tractage or "
                                   "a library; no file was left half-written\n";
static mode_t new_mode = 0644; /* 0666 less the umask */

static void hold_signals(sigset_t *old)
{
	sigprocmask(SIG_BLOCK, &held_signals, old);
}

static void release_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* Adds path (taken) to the temporary files removed by a signal. */
static void temp_register(char *path)
{
	sigset_t old;
	hold_signals(&old);
	size_t n = 0;
	for (size_t i = 0; i < (size_t)temps.n; i++)
		if (temps.paths[i])
			temps.paths[n++] = temps.paths[i];
	if (n == temps.cap) {
		temps.cap = temps.cap ? 2 * temps.cap : 16;
		temps.paths = g_renew(char *, (char **)temps.paths, temps.cap);
	}
	temps.paths[n] = path;
	temps.n = (sig_atomic_t)(n + 1);
	release_signals(&old);
}

/* Removes path from the list (and frees it); unlink_it: delete the file too. */
static void temp_forget(const char *path, bool unlink_it)
{
	for (size_t i = 0; i < (size_t)temps.n; i++) {
		char *p = temps.paths[i];
		if (p && strcmp(p, path) == 0) {
			if (unlink_it)
				g_unlink(p);
			temps.paths[i] = NULL;
			g_free(p);
			return;
		}
	}
}

/* Writes a constant string from a signal handler. */
static void say(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));
	(void)r;
}

static void on_signal(int sig)
{
	for (size_t i = 0; i < (size_t)temps.n; i++) {
		char *p = temps.paths[i];
		if (p)
			unlink(p);
	}
	if (sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT || sig == SIGFPE || sig == SIGILL ||
	    sig == SIGTRAP)
		say(crash_message);
	/* SA_RESETHAND restored the default action: end as the signal says. */
	raise(sig);
}

/* Standard output was closed when the process started (see tr_output_init()). */
static bool stdout_closed;

bool tr_output_stdout_closed(void)
{
	return stdout_closed;
}

void tr_output_init(void)
{
	/* A standard stream closed at start (tractage build x.yaml >&-): the
	 * first file opened would get its number, and printf() would write the
	 * paths into it, perhaps into a PDF being written. Each is opened on
	 * /dev/null instead; a closed standard output is reported later. */
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int nfd = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
			if (nfd >= 0 && nfd != fd) {
				dup2(nfd, fd);
				close(nfd);
			}
			stdout_closed |= fd == 1;
		}
	struct rlimit lim;
	if (getrlimit(RLIMIT_AS, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
		crash_message = "tractage: error: stopped, most likely for want of memory (the "
		                "memory of this process is limited: see ulimit -v); no file was "
		                "left half-written\n";
	mode_t mask = umask(0);
	umask(mask);
	new_mode = 0666 & ~mask;
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&held_signals);
	sigaddset(&held_signals, SIGINT);
	sigaddset(&held_signals, SIGTERM);
	sigaddset(&held_signals, SIGHUP);
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	static const int quits[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < G_N_ELEMENTS(quits); i++)
		sigaction(quits[i], &sa, NULL);
#ifndef TR_SANITIZED
	/* A crash (fontconfig does not check every allocation) or GLib's
	 * abort when memory runs out still removes the temporary files and
	 * says so, on a stack of its own: when memory runs out the stack may
	 * not grow. The sanitizers keep their own handlers. */
	static char alt[64 * 1024];
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
	if (sigaltstack(&ss, NULL) == 0)
		sa.sa_flags |= SA_ONSTACK;
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP };
	for (size_t i = 0; i < G_N_ELEMENTS(crashes); i++)
		sigaction(crashes[i], &sa, NULL);
#endif
}

/* A new temporary file in dir, created empty (mode 0600) and registered.
 * Returns its fd (and *path, owned by the list) or -1 with errno. */
static int temp_create(const char *dir, const char **path)
{
	char *tmpl = g_strdup_printf("%s/" TEMP_PREFIX "%ld.XXXXXX", dir, (long)getpid());
	/* Held from the file's creation to its registration: a SIGTERM in
	 * between left it behind (robust-signals, 1 kill in 100). */
	sigset_t old;
	hold_signals(&old);
	int fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0600);
	int e = errno;
	if (fd >= 0)
		temp_register(tmpl);
	release_signals(&old);
	if (fd < 0) {
		g_free(tmpl);
		errno = e;
		return -1;
	}
	*path = tmpl;
	return fd;
}

/* A fresh temporary name in dir (not created). g_free() it. */
static char *temp_name(const char *dir)
{
	static const char az[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char r[7];
	for (int i = 0; i < 6; i++)
		r[i] = az[g_random_int_range(0, (int)sizeof az - 1)];
	r[6] = '\0';
	return g_strdup_printf("%s/" TEMP_PREFIX "%ld.%s", dir, (long)getpid(), r);
}

int tr_output_clean_stale(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return 0;
	time_t now = time(NULL);
	int removed = 0;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_prefix(name, TEMP_PREFIX))
			continue;
		/* PID.XXXXXX, exactly */
		const char *p = name + strlen(TEMP_PREFIX);
		char *end;
		errno = 0;
		long pid = strtol(p, &end, 10);
		if (end == p || errno || pid <= 0 || *end != '.' || strlen(end + 1) != 6 ||
		    strspn(end + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		                    "0123456789") != 6)
			continue;
		if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* its build is still running (or the pid is reused) */
		char *path = g_build_filename(dir, name, NULL);
		GStatBuf st;
		if (g_lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    st.st_mtime + STALE_AGE <= now && g_unlink(path) == 0)
			removed++;
		g_free(path);
	}
	g_dir_close(d);
	return removed;
}

/* ------------------------------------------------------------------ */
/* Names */

/* "content/fete.yaml" → "fete". */
static char *content_stem(const char *path)
{
	char *base = g_path_get_basename(path);
	static const char *const exts[] = { ".yaml", ".yml" };
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++)
		if (g_str_has_suffix(base, exts[i]) && strlen(base) > strlen(exts[i])) {
			base[strlen(base) - strlen(exts[i])] = '\0';
			break;
		}
	return base;
}

/* The first character of s that has no place in a file name, or 0; -1 when s
 * is not UTF-8. Control characters and line separators never have one (a
 * printed path would be cut in two); in a name (strict), neither have format
 * characters (invisible, or turning the text around) and noncharacters. */
static gint64 unsafe_char(const char *s, bool strict)
{
	if (!g_utf8_validate(s, -1, NULL))
		return -1;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		GUnicodeType t = g_unichar_type(c);
		if (t == G_UNICODE_CONTROL || t == G_UNICODE_LINE_SEPARATOR ||
		    t == G_UNICODE_PARAGRAPH_SEPARATOR)
			return c;
		if (strict && (t == G_UNICODE_FORMAT || (c >= 0xFDD0 && c <= 0xFDEF) ||
		               (c & 0xFFFE) == 0xFFFE))
			return c;
	}
	return 0;
}

/* s with control characters written as \n, \t or \xNN (for messages). */
static char *shown(const char *s)
{
	GString *out = g_string_new(NULL);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			g_string_append(out, "\\n");
		else if (*p == '\t')
			g_string_append(out, "\\t");
		else if (*p < 0x20 || *p == 0x7F)
			g_string_append_printf(out, "\\x%02X", *p);
		else
			g_string_append_c(out, (char)*p);
	}
	char *valid = g_utf8_make_valid(out->str, -1);
	g_string_free(out, TRUE);
	return valid;
}

/* Refuses a name (strict) or a path with a character it cannot hold. */
static bool name_ok(const char *what, const char *name, bool strict, GError **err)
{
	gint64 c = unsafe_char(name, strict);
	if (c == 0)
		return true;
	char *s = shown(name);
	if (c < 0)
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("%s \"%s\" is not UTF-8 text: rename it"), what, s);
	else if (strict)
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("%s \"%s\" holds an invisible character (U+%04X), which cannot "
		              "go into the name of an output file: rename it"), what, s,
		            (unsigned)c);
	else
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("%s \"%s\" holds a control character (U+%04X), which would cut "
		              "the messages and the list of files written: rename it"), what, s,
		            (unsigned)c);
	g_free(s);
	return false;
}

bool tr_output_path_ok(const char *what, const char *path, GError **err)
{
	return name_ok(what, path, false, err);
}

tr_outplan *tr_outplan_new(const char *dir, const tr_layoutdesc *const *layouts,
                           size_t n_layouts, const tr_outopts *o)
{
	tr_outplan *p = g_new0(tr_outplan, 1);
	p->dir = g_strdup(dir);
	p->layouts = layouts;
	p->n_layouts = n_layouts;
	p->opts = *o;
	p->contents = g_ptr_array_new();
	p->sets = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	errno = 0;
	p->name_max = pathconf(dir, _PC_NAME_MAX);
	if (p->name_max <= 0)
		p->name_max = 255;
	return p;
}

static void output_free(gpointer q)
{
	tr_output *o = q;
	g_free(o->name);
	if (o->bytes)
		g_bytes_unref(o->bytes);
	g_free(o);
}

void tr_outplan_free(tr_outplan *p)
{
	if (!p)
		return;
	g_ptr_array_unref(p->sets);
	g_ptr_array_unref(p->contents);
	g_free(p->dir);
	g_free(p);
}

static void add_output(GPtrArray *set, tr_outkind kind, size_t layout, size_t page, char *name)
{
	tr_output *o = g_new0(tr_output, 1);
	*o = (tr_output){ kind, layout, page, name, NULL };
	g_ptr_array_add(set, o);
}

/* Adds the outputs of content, named after stem (what names stem in messages). */
static bool add_named(tr_outplan *p, const char *content, const char *stem, const char *what,
                      GError **err)
{
	for (guint i = 0; i < p->contents->len; i++) {
		GStatBuf a, b;
		if (strcmp(p->contents->pdata[i], content) == 0 ||
		    (g_stat(p->contents->pdata[i], &a) == 0 && g_stat(content, &b) == 0 &&
		     a.st_dev == b.st_dev && a.st_ino == b.st_ino)) {
			char *s = shown(content);
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			            _("the content file %s is given twice"), s);
			g_free(s);
			return false;
		}
	}
	if (!name_ok(what, stem, true, err))
		return false;
	if (stem[0] == '.') {
		char *shown_stem = shown(stem);
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("%s \"%s\" starts with a dot, so its outputs would be hidden files: "
		              "rename it"), what, shown_stem);
		g_free(shown_stem);
		return false;
	}
	const tr_outopts *o = &p->opts;
	GPtrArray *set = g_ptr_array_new_with_free_func(output_free);
	for (size_t l = 0; l < p->n_layouts; l++) {
		const tr_layoutdesc *ld = p->layouts[l];
		char *base = g_strdup_printf("%s-%s%s", stem, ld->name, o->mono ? "-mono" : "");
		add_output(set, TR_OUT_PDF, l, 0, g_strdup_printf("%s.pdf", base));
		if (o->print_shop)
			add_output(set, TR_OUT_PRINT, l, 0, g_strdup_printf("%s-print.pdf", base));
		tr_nup n;
		int copies = o->sheet ? tr_impose_fit_size(ld->width * TR_MM_TO_PT, ld->height * TR_MM_TO_PT,
		                                         o->sheet_paper, &n)
		                      : 0;
		if (copies >= 2 && (!o->sheet_tracts || strcmp(ld->kind, "tract") == 0)) {
			char *paper = g_ascii_strdown(tr_paper_name(o->sheet_paper), -1);
			add_output(set, TR_OUT_SHEET, l, 0,
			           g_strdup_printf("%s-%dup-%s.pdf", base, copies, paper));
			g_free(paper);
		}
		if (o->tiles && strcmp(ld->kind, "poster") == 0 &&
		    tr_impose_fit_size(ld->width * TR_MM_TO_PT, ld->height * TR_MM_TO_PT,
		                       o->tile_paper, &n) == 0) {
			char *paper = g_ascii_strdown(tr_paper_name(o->tile_paper), -1);
			add_output(set, TR_OUT_TILES, l, 0,
			           g_strdup_printf("%s-tiles-%s%s.pdf", base, paper,
			                           o->tiles_fit ? "-fit" : ""));
			g_free(paper);
		}
		for (size_t pg = 0; o->png && pg < ld->n_pages; pg++)
			add_output(set, TR_OUT_PNG, l, pg,
			           g_strdup_printf("%s-%s.png", base, ld->pages[pg].name));
		g_free(base);
	}
	for (guint i = 0; i < set->len; i++) {
		const tr_output *out = set->pdata[i];
		size_t len = strlen(out->name);
		/* Defensive: the loader and the check above make these impossible. */
		if (strchr(out->name, '/') || out->name[0] == '.' ||
		    unsafe_char(out->name, true) != 0) {
			char *s = shown(out->name);
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			            _("the output file name \"%s\" is not a plain file name"), s);
			g_free(s);
			g_ptr_array_unref(set);
			return false;
		}
		if ((long)len > p->name_max ||
		    strlen(p->dir) + 1 + len >= PATH_MAX) {
			char *head = g_utf8_substring(out->name, 0, 40);
			char *s = shown(content);
			if ((long)len > p->name_max)
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
				            _("the output file name \"%s…\" (from %s) would be %zu "
				              "bytes long, more than the %ld a file name may have in "
				              "%s: give the content file a shorter name"), head, s, len,
				            p->name_max, p->dir);
			else
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
				            _("the path of the output file \"%s…\" (from %s) would be "
				              "longer than the system allows (%d bytes): choose a "
				              "shorter output folder"), head, s, PATH_MAX);
			g_free(head);
			g_free(s);
			g_ptr_array_unref(set);
			return false;
		}
	}
	g_ptr_array_add(p->contents, (gpointer)content);
	g_ptr_array_add(p->sets, set);
	return true;
}

bool tr_outplan_add(tr_outplan *p, const char *content, GError **err)
{
	char *stem = content_stem(content);
	bool ok = add_named(p, content, stem, _("the name of the content file"), err);
	g_free(stem);
	return ok;
}

bool tr_outplan_add_named(tr_outplan *p, const char *content, const char *name,
                          GError **err)
{
	if (!*name || strchr(name, '/')) {
		char *s = shown(name);
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("--name takes a name for the "
		              "output files, not \"%s\" (no \"/\": the folder is --output-dir)"), s);
		g_free(s);
		return false;
	}
	return add_named(p, content, name, _("the name given with --name"), err);
}

/* How an output is named in a message: "the PDF of a/fete.yaml with
 * layouts/tract-a5.yaml". */
static char *source(const tr_outplan *p, size_t content, const tr_output *o)
{
	const tr_layoutdesc *ld = p->layouts[o->layout];
	static const char *const kinds[TR_OUT__MAX] = { "the PDF", "the print-shop PDF",
		                                         "the copies on sheets", "the tiles",
		                                         "the preview of page" };
	char *c = shown(p->contents->pdata[content]);
	char *s = o->kind == TR_OUT_PNG ?
	        g_strdup_printf("%s %s of %s with %s", kinds[o->kind], ld->pages[o->page].name,
	                        c, ld->path) :
	        g_strdup_printf("%s of %s with %s", kinds[o->kind], c, ld->path);
	g_free(c);
	return s;
}

/* The key two names collide on: case folded, composed. */
static char *name_key(const char *name)
{
	char *nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
	char *key = g_utf8_casefold(nfc ? nfc : name, -1);
	g_free(nfc);
	return key;
}

/* Whether a and b are the same text once composed (NFC). */
static bool same_composed(const char *a, const char *b)
{
	char *na = g_utf8_normalize(a, -1, G_NORMALIZE_NFC);
	char *nb = g_utf8_normalize(b, -1, G_NORMALIZE_NFC);
	bool same = na && nb && strcmp(na, nb) == 0;
	g_free(na);
	g_free(nb);
	return same;
}

/* "dev:ino" of an existing file, or NULL. */
static char *identity(const char *path)
{
	GStatBuf st;
	if (g_stat(path, &st) != 0)
		return NULL;
	return g_strdup_printf("%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
}

/* Refuses an output of the contents [c0, c1) that would replace one of the
 * files of inputs ("dev:ino" → the path as given); what says what they are. */
static bool spares(const tr_outplan *p, guint c0, guint c1, GHashTable *inputs,
                   const char *what, GError **err, char **note)
{
	bool ok = true;
	for (guint c = c0; ok && c < c1; c++) {
		GPtrArray *set = p->sets->pdata[c];
		for (guint i = 0; ok && i < set->len; i++) {
			char *path = tr_outplan_path(p, set->pdata[i]);
			char *id = identity(path);
			const char *input = id ? g_hash_table_lookup(inputs, id) : NULL;
			if (input) {
				char *s = source(p, c, set->pdata[i]);
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_EXIST, _("%s would be written "
				              "to %s, which is %s, %s"), s, path, input, what);
				*note = g_strdup("rename the input file, or build into another folder "
				                 "(--output-dir)");
				g_free(s);
				ok = false;
			}
			g_free(id);
			g_free(path);
		}
	}
	return ok;
}

/* Refuses an output that would replace one of the run's own input files (a
 * content file named a-tract-a5.pdf beside a.yaml). */
static bool replaces_input(const tr_outplan *p, GError **err, char **note)
{
	GHashTable *inputs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint c = 0; c < p->contents->len; c++) {
		char *id = identity(p->contents->pdata[c]);
		if (id)
			g_hash_table_insert(inputs, id, p->contents->pdata[c]);
	}
	for (size_t l = 0; l < p->n_layouts; l++) {
		char *id = identity(p->layouts[l]->path);
		if (id)
			g_hash_table_insert(inputs, id, p->layouts[l]->path);
	}
	bool ok = spares(p, 0, p->contents->len, inputs, _("an input of this run"), err, note);
	g_hash_table_destroy(inputs);
	return ok;
}

bool tr_outplan_check_pictures(const tr_outplan *p, size_t content,
                               const char *const *pictures, GError **err, char **note)
{
	*note = NULL;
	GHashTable *inputs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (const char *const *f = pictures; *f; f++) {
		char *id = identity(*f);
		if (id)
			g_hash_table_insert(inputs, id, (gpointer)*f);
	}
	bool ok = spares(p, (guint)content, (guint)content + 1, inputs,
	                 _("a picture of this content file"), err, note);
	g_hash_table_destroy(inputs);
	return ok;
}

bool tr_outplan_check(const tr_outplan *p, GError **err, char **note)
{
	*note = NULL;
	if (!replaces_input(p, err, note))
		return false;
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	bool ok = true;
	for (guint c = 0; ok && c < p->sets->len; c++) {
		GPtrArray *set = p->sets->pdata[c];
		for (guint i = 0; ok && i < set->len; i++) {
			const tr_output *o = set->pdata[i];
			char *key = name_key(o->name);
			gpointer first = g_hash_table_lookup(seen, key);
			if (!first) {
				/* the content index in the upper bits, the output below */
				g_hash_table_insert(seen, key,
				                    GSIZE_TO_POINTER(((gsize)c << 20 | i) + 1));
				continue;
			}
			g_free(key);
			gsize v = GPOINTER_TO_SIZE(first) - 1;
			size_t c0 = v >> 20;
			const tr_output *o0 = ((GPtrArray *)p->sets->pdata[c0])->pdata[v & 0xFFFFF];
			char *s0 = source(p, c0, o0), *s1 = source(p, c, o);
			char *path0 = tr_outplan_path(p, o0), *path1 = tr_outplan_path(p, o);
			if (strcmp(o0->name, o->name) == 0)
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_EXIST,
				            _("two files of this run would both be %s: %s, and %s"),
				            path1, s0, s1);
			else if (!same_composed(o0->name, o->name))
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_EXIST,
				            _("two files of this run, %s and %s, have names that differ "
				              "only in case (one file on a USB stick or a Windows disk): "
				              "%s, and %s"), path0, path1, s0, s1);
			else
				g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_EXIST,
				            _("two files of this run, %s and %s, have names that look "
				              "the same but write an accented letter differently (as one "
				              "character, or a letter and an accent: one file on a Mac "
				              "disk): %s, and %s"), path0, path1, s0, s1);
			if (c0 != c)
				*note = g_strdup("give the content files different names, or build "
				                 "them one at a time into different folders "
				                 "(--output-dir)");
			else
				*note = g_strdup("give each layout its own name (the \"name:\" line "
				                 "of the layout file)");
			g_free(s0);
			g_free(s1);
			g_free(path0);
			g_free(path1);
			ok = false;
		}
	}
	g_hash_table_destroy(seen);
	return ok;
}

GPtrArray *tr_outplan_set(tr_outplan *p, size_t i)
{
	return p->sets->pdata[i];
}

char *tr_outplan_path(const tr_outplan *p, const tr_output *o)
{
	return g_build_filename(p->dir, o->name, NULL);
}

/* ------------------------------------------------------------------ */
/* Writing a set */

/* One file of a set being written. */
typedef struct {
	char *target;       /* dir/name */
	const char *temp;   /* the new bytes (registered temporary file) */
	char *backup;       /* the earlier target under a temporary name, or NULL */
	bool done;          /* renamed over the target */
} job;

/* Writes all of bytes to fd. */
static bool write_all(int fd, GBytes *bytes)
{
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return false;
		}
		data += w;
		len -= (gsize)w;
	}
	return true;
}

/* What stands at a target and cannot be replaced by a file, or NULL. */
static const char *in_the_way(const GStatBuf *st)
{
	if (S_ISDIR(st->st_mode))
		return "a folder is in the way (remove or rename it)";
	if (S_ISFIFO(st->st_mode))
		return "a named pipe is in the way";
	if (S_ISSOCK(st->st_mode))
		return "a socket is in the way";
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return "a device is in the way";
	return NULL;
}

/* Writes bytes to a new temporary file in dir with the mode (and owner) of
 * the file it will replace. Returns its path (registered) or NULL with errno. */
static const char *write_temp(const char *dir, const char *target, GBytes *bytes)
{
	GStatBuf st;
	bool replaces = g_lstat(target, &st) == 0 && S_ISREG(st.st_mode);
	const char *path;
	int fd = temp_create(dir, &path);
	if (fd < 0)
		return NULL;
	bool ok = write_all(fd, bytes) && fsync(fd) == 0 &&
	          fchmod(fd, replaces ? (st.st_mode & 07777) : new_mode) == 0;
	/* The owner, where allowed (root, or a group of ours): never fatal. */
	if (ok && replaces && (st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
		ok = false;
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		temp_forget(path, true);
		errno = e;
		return NULL;
	}
	return path;
}

/* Keeps the file now at target under a temporary name in dir, as a hard link
 * (or, where the disk has none, a copy). Returns the name, or NULL with errno. */
static char *keep_old(const char *dir, const char *target, const GStatBuf *st)
{
	for (int tries = 0; tries < 100; tries++) {
		char *name = temp_name(dir);
		temp_register(g_strdup(name));
		if (link(target, name) == 0)
			return name;
		int e = errno;
		temp_forget(name, false);
		g_free(name);
		if (e == EEXIST)
			continue;
		if (e == ENOENT)
			return g_strdup(""); /* gone meanwhile: nothing to keep */
		break;
	}
	/* No hard links here (some USB sticks): a copy. */
	if (S_ISLNK(st->st_mode)) {
		char *to = g_file_read_link(target, NULL);
		char *name = temp_name(dir);
		temp_register(g_strdup(name));
		if (to && symlink(to, name) == 0) {
			g_free(to);
			return name;
		}
		int e = errno;
		temp_forget(name, false);
		g_free(name);
		g_free(to);
		errno = e;
		return NULL;
	}
	char *data;
	gsize len;
	if (!g_file_get_contents(target, &data, &len, NULL)) {
		errno = EIO;
		return NULL;
	}
	GBytes *old = g_bytes_new_take(data, len);
	const char *copy = write_temp(dir, target, old);
	g_bytes_unref(old);
	return copy ? g_strdup(copy) : NULL;
}

/* Whether the regular file at path is one tractage writes as kind: a PDF
 * that names tractage as its creator, or a PNG. A link, a folder, or another
 * program's file at an output's name is not tractage's to remove. */
static bool made_by_tractage(const char *path, tr_outkind kind)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	char *data;
	gsize len;
	if (!g_file_get_contents(path, &data, &len, NULL))
		return false;
	static const char mark[] = "/Creator (tractage ";
	bool ours = kind == TR_OUT_PNG ? len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0
	                               : len >= 5 && memcmp(data, "%PDF-", 5) == 0 &&
	                                         memmem(data, len, mark, sizeof mark - 1);
	g_free(data);
	return ours;
}

/* Frees the jobs, removing what is left of their temporary files. */
static void jobs_free(job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].temp)
			temp_forget(jobs[i].temp, true);
		if (jobs[i].backup) {
			if (*jobs[i].backup)
				temp_forget(jobs[i].backup, true);
			g_free(jobs[i].backup);
		}
		g_free(jobs[i].target);
	}
	g_free(jobs);
}

/* Puts back the targets of jobs[0..n) already replaced. Returns the targets
 * that could not be put back, as a sentence to add to a message, or NULL. */
static char *roll_back(job *jobs, size_t n)
{
	GString *lost = NULL;
	for (size_t i = n; i-- > 0;) {
		if (!jobs[i].done)
			continue;
		bool ok;
		if (jobs[i].backup && *jobs[i].backup) {
			ok = rename(jobs[i].backup, jobs[i].target) == 0;
			if (ok)
				temp_forget(jobs[i].backup, false);
		} else {
			ok = g_unlink(jobs[i].target) == 0;
		}
		if (!ok) {
			if (!lost)
				lost = g_string_new(NULL);
			g_string_append_printf(lost, "; %s could not be put back", jobs[i].target);
			if (jobs[i].backup && *jobs[i].backup) {
				g_string_append_printf(lost, " (the earlier one is kept as %s)",
				                       jobs[i].backup);
				/* keep the copy: not a temporary any more */
				temp_forget(jobs[i].backup, false);
				g_free(jobs[i].backup);
				jobs[i].backup = NULL;
			}
		}
	}
	return lost ? g_string_free(lost, FALSE) : NULL;
}

bool tr_outplan_write_set(const tr_outplan *p, GPtrArray *set, GError **err)
{
	size_t n = set->len;
	job *jobs = g_new0(job, n);
	bool ok = true;

	/* 1. Every file to a temporary file: a full disk or a folder in the way
	 * stops everything before any target is touched. */
	for (size_t i = 0; ok && i < n; i++) {
		tr_output *o = set->pdata[i];
		o->removed = false;
		o->left = false;
		jobs[i].target = tr_outplan_path(p, o);
		if (!o->bytes)
			continue; /* to remove, if it is there: below */
		GStatBuf st;
		const char *why = g_lstat(jobs[i].target, &st) == 0 ? in_the_way(&st) : NULL;
		if (why) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_EXIST, _("cannot write %s: %s"),
			            jobs[i].target, why);
			ok = false;
		} else if (!(jobs[i].temp = write_temp(p->dir, jobs[i].target, o->bytes))) {
			g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
			            _("cannot write %s: %s"), jobs[i].target, g_strerror(errno));
			ok = false;
		}
	}

	/* 2. Every temporary file over its target, the signals held: a failed
	 * rename puts back what was already replaced. */
	sigset_t old;
	hold_signals(&old);
	for (size_t i = 0; ok && i < n; i++) {
		GStatBuf st;
		if (!((tr_output *)set->pdata[i])->bytes) {
			/* A file of an earlier version, whose document this one could not
			 * make: removed, kept aside until the set is whole. Only a file
			 * tractage wrote: a link (to the user's own file, say), a folder,
			 * or another program's file is left alone. */
			if (g_lstat(jobs[i].target, &st) != 0)
				continue;
			if (!made_by_tractage(jobs[i].target, ((tr_output *)set->pdata[i])->kind)) {
				((tr_output *)set->pdata[i])->left = true;
				continue;
			}
			jobs[i].backup = keep_old(p->dir, jobs[i].target, &st);
			if (jobs[i].backup && !*jobs[i].backup)
				continue; /* gone meanwhile */
			if (!jobs[i].backup || g_unlink(jobs[i].target) != 0) {
				g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
				            _("cannot remove %s, made from an earlier version: %s"),
				            jobs[i].target, g_strerror(errno));
				ok = false;
				break;
			}
			jobs[i].done = true;
			continue;
		}
		if (g_lstat(jobs[i].target, &st) == 0 &&
		    !(jobs[i].backup = keep_old(p->dir, jobs[i].target, &st))) {
			g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
			            _("cannot write %s: cannot keep the earlier file while replacing "
			              "it: %s"), jobs[i].target, g_strerror(errno));
			ok = false;
			break;
		}
		if (rename(jobs[i].temp, jobs[i].target) != 0) {
			g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
			            _("cannot write %s: %s"), jobs[i].target, g_strerror(errno));
			ok = false;
			break;
		}
		temp_forget(jobs[i].temp, false);
		jobs[i].temp = NULL;
		jobs[i].done = true;
	}
	if (!ok) {
		char *lost = roll_back(jobs, n);
		if (lost) {
			char *msg = g_strconcat((*err)->message, lost, NULL);
			g_free((*err)->message);
			(*err)->message = msg;
			g_free(lost);
		}
	} else {
		for (size_t i = 0; i < n; i++)
			((tr_output *)set->pdata[i])->removed =
				jobs[i].done && !((tr_output *)set->pdata[i])->bytes;
		/* The renames themselves on disk. */
		int dfd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	jobs_free(jobs, n);
	release_signals(&old);
	return ok;
}
