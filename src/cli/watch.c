/* watch.c — tractage watch: folders watched, changes debounced, one build at
 * a time. */
#include "cli/watch.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Editors write a file in several steps (truncate, write, rename, chmod). */
#define SETTLE_MS 300

/* The status of a usage or system error (main.c's EXIT_USAGE). */
#define STATUS_USAGE 2

typedef struct {
	tr_watch_build build;
	void *data;
	const char *content;
	GHashTable *watched;  /* absolute path → the path as the build named it */
	GHashTable *monitors; /* absolute folder → GFileMonitor */
	GMainLoop *loop;
	guint timer;          /* the build to come, or 0 */
	char *changed;        /* the first file changed since the last build */
	bool built_once;      /* a build succeeded: its files are there */
} watcher;

static void on_change(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev,
                      gpointer data);

/* Adds path (as a build named it) to the files watched, and its folder to the
 * folders monitored. Its real path too, when a symbolic link leads to it: the
 * link's target is the file that changes. */
static void watch_path(watcher *w, const char *path)
{
	char *abs = g_canonicalize_filename(path, NULL);
	char *real = realpath(abs, NULL);
	const char *both[] = { abs, real };
	for (size_t i = 0; i < G_N_ELEMENTS(both); i++) {
		if (!both[i] || g_hash_table_contains(w->watched, both[i]))
			continue;
		g_hash_table_insert(w->watched, g_strdup(both[i]), g_strdup(path));
		char *dir = g_path_get_dirname(both[i]);
		if (g_hash_table_contains(w->monitors, dir)) {
			g_free(dir);
			continue;
		}
		GFile *f = g_file_new_for_path(dir);
		GFileMonitor *m = g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL,
		                                           NULL);
		g_object_unref(f);
		if (!m) {
			/* a folder gone or unreadable: the build says what is wrong */
			g_free(dir);
			continue;
		}
		g_signal_connect(m, "changed", G_CALLBACK(on_change), w);
		g_hash_table_insert(w->monitors, dir, m);
	}
	free(real);
	g_free(abs);
}

/* "14:02:11" */
static char *now_text(void)
{
	GDateTime *now = g_date_time_new_now_local();
	char *s = g_date_time_format(now, "%H:%M:%S");
	g_date_time_unref(now);
	return s;
}

/* One build, between two lines that say when and how it went. */
static int try_build(watcher *w)
{
	char *at = now_text();
	/* "tractage: watch: 14:02:11: " then the message */
	fprintf(stderr, "%stractage: watch: %s: ", w->changed ? "\n" : "", at);
	if (w->changed)
		fprintf(stderr, _("%s changed: building again"), w->changed);
	else
		fprintf(stderr, _("building %s"), w->content);
	fputc('\n', stderr);
	g_free(at);
	g_clear_pointer(&w->changed, g_free);
	fflush(stderr);
	GPtrArray *inputs = g_ptr_array_new_with_free_func(g_free);
	int status = w->build(w->data, inputs);
	for (guint i = 0; i < inputs->len; i++)
		watch_path(w, inputs->pdata[i]);
	g_ptr_array_unref(inputs);
	if (status == 0)
		w->built_once = true;
	fflush(stdout);
	fprintf(stderr, "tractage: watch: %s\n",
	        status == 0 ? _("built; waiting for changes (Ctrl-C to stop)")
	        : w->built_once ? _("not built: the files of the last good build are kept; "
	                            "waiting for changes (Ctrl-C to stop)")
	        : _("not built: nothing was written; waiting for changes (Ctrl-C to stop)"));
	fflush(stderr);
	return status;
}

static gboolean on_settled(gpointer data)
{
	watcher *w = data;
	w->timer = 0;
	try_build(w);
	return G_SOURCE_REMOVE;
}

static void on_change(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev,
                      gpointer data)
{
	watcher *w = data;
	(void)m;
	if (ev == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || ev == G_FILE_MONITOR_EVENT_UNMOUNTED)
		return;
	GFile *files[] = { file, other };
	const char *hit = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(files) && !hit; i++) {
		char *path = files[i] ? g_file_get_path(files[i]) : NULL;
		if (path)
			hit = g_hash_table_lookup(w->watched, path);
		g_free(path);
	}
	if (!hit)
		return;
	if (!w->changed)
		w->changed = g_strdup(hit);
	if (w->timer)
		g_source_remove(w->timer);
	w->timer = g_timeout_add(SETTLE_MS, on_settled, w);
}

static gboolean on_signal(gpointer data)
{
	g_main_loop_quit(((watcher *)data)->loop);
	return G_SOURCE_CONTINUE;
}

int tr_watch_run(const char *content, tr_watch_build build, void *data)
{
	watcher w = { build, data, content, NULL, NULL, NULL, 0, NULL, false };
	w.watched = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	w.monitors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
	w.loop = g_main_loop_new(NULL, FALSE);
	/* Before the first build: a Ctrl-C during a build then waits for its end
	 * (files are written as whole sets anyway). */
	static const int quits[] = { SIGINT, SIGTERM, SIGHUP };
	guint sources[G_N_ELEMENTS(quits)];
	for (size_t i = 0; i < G_N_ELEMENTS(quits); i++)
		sources[i] = g_unix_signal_add(quits[i], on_signal, &w);
	watch_path(&w, content); /* even when the first build cannot read it */
	int status = try_build(&w) == STATUS_USAGE ? STATUS_USAGE : 0;
	if (status == 0) {
		g_main_loop_run(w.loop);
		fprintf(stderr, "tractage: watch: %s\n", _("stopped"));
	}
	for (size_t i = 0; i < G_N_ELEMENTS(quits); i++)
		g_source_remove(sources[i]);
	if (w.timer)
		g_source_remove(w.timer);
	g_free(w.changed);
	g_main_loop_unref(w.loop);
	g_hash_table_destroy(w.monitors);
	g_hash_table_destroy(w.watched);
	return status;
}
