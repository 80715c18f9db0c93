/* output.h — the files a run writes: every name decided and checked before
 * anything is rendered, and the files of each content written as one set.
 *
 * Names. Each output is named <stem>-<layout>[-mono][-print|-<N>up-a4|
 * -tiles-a4[-fit]|-<page>].<pdf|png>, from the content file's name (its stem),
 * the layout's name and page names, and the print options. The layout loader
 * lets only a-z, 0-9 and '-' into layout and page names; a stem may not hold
 * control or format characters. Before the first file is rendered the whole
 * run is planned: a name too long for the output folder, or two outputs with
 * the same name (two contents called fete.yaml in different folders, two
 * layouts with one name, a layout named like another's print-shop file, names
 * that differ only in case, which collide on a USB stick) are refused, naming
 * both sources.
 *
 * Sets. All the files of one content are written to temporary files in the
 * output folder first (".tractage-tmp.PID.XXXXXX", flushed to disk), then
 * renamed over their targets one after the other, with SIGINT, SIGTERM and
 * SIGHUP held back meanwhile. An existing target is first kept under a
 * temporary name (a hard link), so that when a rename fails the files already
 * replaced are put back: a content gives all its files or none. A replaced
 * file keeps its mode and, where allowed, its owner. A signal, or a crash,
 * removes this process's temporary files before the process ends; a later
 * build removes the temporaries that a killed one (SIGKILL) left: only regular
 * files of this exact pattern, owned by the user, unchanged for a minute,
 * whose process is gone.
 */
#ifndef TR_RENDER_OUTPUT_H
#define TR_RENDER_OUTPUT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/layout.h"
#include "render/impose.h"

/* What an output file is. */
typedef enum {
	TR_OUT_PDF,    /* the document */
	TR_OUT_PRINT,  /* the print-shop file */
	TR_OUT_SHEET,  /* copies on photocopier sheets (--sheet) */
	TR_OUT_TILES,  /* the poster on sheets */
	TR_OUT_PNG,    /* a preview of one page */
	TR_OUT__MAX
} tr_outkind;

/* The print options that name files. */
typedef struct tr_outopts {
	bool mono;         /* "-mono" in every name */
	bool print_shop;   /* a "-print" PDF per layout */
	bool sheet;        /* a "-<N>up-<paper>" PDF per layout of which 2 or more fit */
	tr_paper sheet_paper;
	bool sheet_tracts; /* only for tract layouts */
	bool tiles;        /* a "-tiles-<paper>[-fit]" PDF per poster larger than the paper */
	tr_paper tile_paper;
	bool tiles_fit;    /* "-fit" after the tiles' paper */
	bool png;          /* a "-<page>.png" per page */
} tr_outopts;

/* One file to write. */
typedef struct tr_output {
	tr_outkind kind;
	size_t layout;  /* index of its layout in the plan */
	size_t page;    /* TR_OUT_PNG: the page */
	char *name;     /* the file name in the output folder; owned */
	GBytes *bytes;  /* what to write, set by the caller (owned once set); NULL
	                 * when its document could not be made: the file is removed */
	bool removed;   /* set by tr_outplan_write_set(): an earlier file was removed */
	bool left;      /* set by tr_outplan_write_set(): a file there that tractage did
	                 * not write (a link, another program's) was left alone */
} tr_output;

typedef struct tr_outplan tr_outplan;

/* A plan for writing into dir, with layouts (borrowed, must outlive the plan:
 * the layouts being built, in order) and the options o. Free with
 * tr_outplan_free(). */
tr_outplan *tr_outplan_new(const char *dir, const tr_layoutdesc *const *layouts,
                           size_t n_layouts, const tr_outopts *o);

/* Frees; accepts NULL. */
void tr_outplan_free(tr_outplan *p);

/* Adds the outputs of one more content file (path borrowed). Returns false
 * with err set (a sentence for the user) when its name cannot make file
 * names: a control or format character, a name too long for the folder. */
bool tr_outplan_add(tr_outplan *p, const char *content, GError **err);

/* The same for content without a file name (read from standard input):
 * content names it in messages, and its outputs are named after name (given
 * with --name), which must make a file name as a content file's stem must,
 * and hold no "/". */
bool tr_outplan_add_named(tr_outplan *p, const char *content, const char *name,
                          GError **err);

/* Checks the whole run: no output may replace one of its input files (content
 * or layout), and no two outputs may have the same name (compared ignoring
 * case). Returns false with err set to the error line and *note (a new
 * string, g_free() it) to the advice, naming both sources. */
bool tr_outplan_check(const tr_outplan *p, GError **err, char **note);

/* Checks that no output of content number `content` would replace one of
 * its pictures (a logo named fete-tract-a5-recto.png beside the outputs of
 * fete.yaml with --png): pictures is a NULL-terminated list of the files read.
 * Returns false with err and *note set as tr_outplan_check() does. */
bool tr_outplan_check_pictures(const tr_outplan *p, size_t content,
                               const char *const *pictures, GError **err, char **note);

/* The outputs of content number i (in the order added): an array of
 * tr_output *, owned by the plan. */
GPtrArray *tr_outplan_set(tr_outplan *p, size_t i);

/* The path of an output: dir/name. g_free() it. */
char *tr_outplan_path(const tr_outplan *p, const tr_output *o);

/* Writes the outputs of set (each with its bytes) into the plan's folder as
 * one set (see above). An output without bytes is one whose document could
 * not be made: the file of that name left by an earlier build, made from
 * another version of the content, is removed in the same step (and its
 * `removed` set), so that the files of a content always come from one
 * version. Returns false with err set ("cannot write PATH: reason"), having
 * left every target as it was. */
bool tr_outplan_write_set(const tr_outplan *p, GPtrArray *set, GError **err);

/* Checks that a path given by the user (what: "the output folder") holds no
 * control character or line separator, which would cut a printed path or
 * message in two. Returns false with err set. */
bool tr_output_path_ok(const char *what, const char *path, GError **err);

/* Sets up the process for writing outputs, once, first thing in main():
 * standard input, output and error opened on /dev/null if they were closed,
 * SIGPIPE ignored (a closed standard output is then an error to report, not a
 * silent death), handlers for SIGINT, SIGTERM and SIGHUP, and for crashes
 * (except in sanitizer builds), that remove the temporary files. */
void tr_output_init(void);

/* True when standard output was closed when the process started (it is
 * /dev/null since tr_output_init()): the paths written cannot be said. */
bool tr_output_stdout_closed(void);

/* Removes from dir the temporary files that interrupted builds left (see
 * above). Returns how many were removed. */
int tr_output_clean_stale(const char *dir);

#endif
