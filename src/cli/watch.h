/* watch.h — tractage watch: build, then build again each time an input
 * changes.
 *
 * The inputs are the files each build reports having read: the content file,
 * its organisation file, the layouts, the pictures. Their folders are watched
 * (GFileMonitor), not the files, so that a file an editor replaces (a new file
 * renamed over the old one) is still followed. A build starts 300 ms after the
 * last change, as editors save in several steps. Each build's messages follow
 * a line with the time; the build itself decides what it writes (a build with
 * an error writes nothing, so the files of the last good build stay).
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP end the watch between two builds.
 */
#ifndef TR_CLI_WATCH_H
#define TR_CLI_WATCH_H

#include <glib.h>

/* One build: adds the paths of the files it read to inputs (new strings,
 * freed with the array) and returns its exit status. */
typedef int (*tr_watch_build)(void *data, GPtrArray *inputs);

/* Runs build(data, ...) once, then again after each change to one of the
 * inputs any build reported, until a signal ends it; content names the
 * content file in messages. Returns 0 when ended by a signal, or 2 when the
 * first build had a usage or system error (status 2), which watching would
 * only repeat. */
int tr_watch_run(const char *content, tr_watch_build build, void *data);

#endif
