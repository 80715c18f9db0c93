/* dynlib.h — libraries opened when the work needs them, not at start-up.
 *
 * libqpdf (print-shop and black-and-white outputs), librsvg (SVG pictures)
 * and Hunspell (check's spelling) are opened with dlopen() by the module that
 * uses them, the first time it does: a plain build neither loads them nor
 * pays their start-up (src/meson.build says how much). Each module lists the
 * functions it calls in an X-macro and keeps their addresses in a struct of
 * pointers typed from the library's own header.
 */
#ifndef TR_DYNLIB_H
#define TR_DYNLIB_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* A library to open: its SONAME, its name and Debian package for messages. */
typedef struct tr_dynlib {
	const char *soname;  /* "librsvg-2.so.2" */
	const char *name;    /* "librsvg" */
	const char *package; /* "librsvg2-2" */
	void *handle;        /* set once opened: the library stays open */
} tr_dynlib;

/* Opens lib (once: later calls return true at once) and sets fns[i] to the
 * address of the function names[i], for i < n. Returns false with err set
 * (a sentence for the user: the library is missing, or too old) and fns
 * unchanged. */
bool tr_dynlib_open(tr_dynlib *lib, const char *const *names, void **fns, size_t n,
                    GError **err);

#endif
