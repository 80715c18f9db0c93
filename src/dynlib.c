/* dynlib.c — libraries opened when the work needs them (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <string.h>

#include "i18n.h"

bool tr_dynlib_open(tr_dynlib *lib, const char *const *names, size_t n, void *table,
                    size_t size, GError **err)
{
	if (lib->handle)
		return true;
	/* dlsym() gives function addresses as void *, which POSIX lets us store
	 * in function pointers of the same size. */
	g_return_val_if_fail(size == n * sizeof(void *), false);
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		            _("this needs the %s library (Debian package %s): %s"), lib->name,
		            lib->package, dlerror());
		return false;
	}
	void **found = g_new(void *, n);
	for (size_t i = 0; i < n; i++) {
		found[i] = dlsym(h, names[i]);
		if (!found[i]) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			            _("the %s library %s lacks %s: it is older than tractage needs"),
			            lib->name, lib->soname, names[i]);
			g_free(found);
			dlclose(h);
			return false;
		}
	}
	memcpy(table, found, size);
	g_free(found);
	lib->handle = h;
	return true;
}
