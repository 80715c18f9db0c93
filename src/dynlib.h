/* dynlib.h — libraries opened when the work needs them, not at start-up.
 *
 * libqpdf (print-shop and black-and-white outputs), librsvg (SVG pictures)
 * and Hunspell (check's spelling) are opened with dlopen() by the module that
 * uses them, the first time it does: a plain build neither loads them nor
 * pays their start-up (src/meson.build says how much). Each module lists the
 * functions it calls in an X-macro, declares their table with
 * TR_DYNLIB_TABLE() (pointers typed from the library's own header) and fills
 * it with TR_DYNLIB_OPEN():
 *
 *   #define RSVG_FUNCTIONS(X) X(rsvg_handle_new_from_data) X(rsvg_handle_set_dpi)
 *   TR_DYNLIB_TABLE(R, RSVG_FUNCTIONS);
 *   static tr_dynlib rsvg = { TR_RSVG_SONAME, "librsvg", "librsvg2-2", NULL };
 *   ...
 *   if (!TR_DYNLIB_OPEN(&rsvg, R, err)) return NULL;
 *   R.rsvg_handle_set_dpi(svg, 96);
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

/* Opens lib (once: later calls return true at once) and fills table, a
 * struct of `size` bytes holding n function pointers, with the addresses of
 * the functions names[0..n), in order. Returns false with err set (a
 * sentence for the user: the library is missing, or too old) and table
 * unchanged. Use it through TR_DYNLIB_OPEN(). */
bool tr_dynlib_open(tr_dynlib *lib, const char *const *names, size_t n, void *table,
                    size_t size, GError **err);

#define TR_DYNLIB_PTR_(f) __typeof__(f) *f;
#define TR_DYNLIB_NAME_(f) #f,

/* Declares `table`, a struct of typed pointers to the functions of LIST (an
 * X-macro), and `table_names`, their names in the same order. */
#define TR_DYNLIB_TABLE(table, LIST) \
	static struct { LIST(TR_DYNLIB_PTR_) } table; \
	static const char *const table##_names[] = { LIST(TR_DYNLIB_NAME_) }

/* Opens lib and fills the table declared by TR_DYNLIB_TABLE(). */
#define TR_DYNLIB_OPEN(lib, table, err) \
	tr_dynlib_open((lib), table##_names, G_N_ELEMENTS(table##_names), &(table), \
	               sizeof(table), (err))

#endif
