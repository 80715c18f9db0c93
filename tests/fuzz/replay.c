/* replay.c — a main() for the fuzz targets without libFuzzer, so that the seed
 * corpora and the regression inputs run as ordinary tests in every build (plain,
 * sanitizers, valgrind) and with gcc.
 *
 *   fuzz-content-replay FILE|DIR...
 *
 * Calls LLVMFuzzerInitialize once, then LLVMFuzzerTestOneInput on every file
 * (the files of a folder in name order). Prints TAP, one test per file; an input
 * that crashes the target crashes this program, which fails the test. */
#include <dirent.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"


static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_path(GPtrArray *files, const char *path)
{
	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_ptr_array_add(files, g_strdup(path));
		return;
	}
	GDir *dir = g_dir_open(path, 0, NULL);
	if (!dir)
		return;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (const char *n; (n = g_dir_read_name(dir));)
		if (n[0] != '.' && strcmp(n, "README.md") != 0)
			g_ptr_array_add(names, g_build_filename(path, n, NULL));
	g_dir_close(dir);
	if (names->len) /* pdata is NULL when empty; qsort wants an array */
		qsort(names->pdata, names->len, sizeof(char *), cmp);
	for (guint i = 0; i < names->len; i++)
		g_ptr_array_add(files, g_strdup(names->pdata[i]));
	g_ptr_array_unref(names);
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	for (int i = 1; i < argc; i++)
		add_path(files, argv[i]);
	printf("1..%u\n", files->len);
	int failed = 0;
	for (guint i = 0; i < files->len; i++) {
		const char *f = files->pdata[i];
		char *data = NULL;
		gsize len = 0;
		GError *err = NULL;
		if (!g_file_get_contents(f, &data, &len, &err)) {
			printf("not ok %u - %s # %s\n", i + 1, f, err->message);
			g_error_free(err);
			failed++;
			continue;
		}
		/* A copy of exactly len bytes, so ASan sees any read past the end. */
		uint8_t *copy = g_memdup2(data, len);
		g_free(data);
		LLVMFuzzerTestOneInput(copy, len);
		g_free(copy);
		printf("ok %u - %s\n", i + 1, f);
		fflush(stdout);
	}
	g_ptr_array_unref(files);
	return failed ? 1 : 0;
}
