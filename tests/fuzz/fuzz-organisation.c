/* fuzz-organisation.c — libFuzzer target for organisation files (the content
 * loader's "organisation:", load/content.c) and the layouts loaded with an
 * organisation's colours and fonts (load/layoutdesc.c).
 *
 * The input is an organisation file. It is written next to a small content
 * file that names it, in a temporary folder made once, and the content is
 * loaded as a build does (paths relative to the content, never outside its
 * folder). When the content loads and the organisation gives colours or
 * fonts, the standard layouts are loaded with them; when those load and their
 * fonts are available, the content is laid out and rendered to memory.
 *
 * Build and run: see fuzz-content.c (corpus tests/fuzz/corpus-organisation,
 * dictionary tests/fuzz/organisation.dict).
 */
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "load/content.h"

static tr_fuzz_env env;
static char *dir, *content_path, *org_path, *layout_paths[2];

static const char content[] =
	"organisation: org.yaml\n"
	"event:\n"
	"  title: Construire la riposte au tout numérique\n"
	"  sessions: [2017-10-03]\n"
	"  venue: { name: Bourse du travail de Bobigny, city: Bobigny }\n"
	"qr: https://example.org/inscription\n";

static void remove_dir(void)
{
	g_unlink(org_path);
	g_unlink(content_path);
	g_rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tr_fuzz_env_init(&env, true);
	dir = g_dir_make_tmp("tractage-fuzz-org-XXXXXX", NULL);
	content_path = g_build_filename(dir, "fuzz.yaml", NULL);
	org_path = g_build_filename(dir, "org.yaml", NULL);
	if (!dir || !g_file_set_contents(content_path, content, -1, NULL)) {
		fprintf(stderr, "fuzz: cannot write %s\n", content_path);
		abort();
	}
	atexit(remove_dir);
	const char *datadir = g_getenv("TRACTAGE_DATADIR");
	for (size_t i = 0; i < 2; i++)
		layout_paths[i] = g_build_filename(datadir && *datadir ? datadir : ".", "layouts",
		                                   i ? "poster-a3.yaml" : "tract-a5.yaml", NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!g_file_set_contents(org_path, (const char *)data, (gssize)size, NULL))
		abort();
	tr_diag *d = tr_diag_new();
	tr_event *ev = tr_content_load(content_path, d);
	/* A warning (a doubtful web address) may come with a success. */
	tr_fuzz_check_diag(d, ev != NULL, "tr_content_load");
	for (size_t i = 0; ev && i < 2; i++) {
		tr_diag *ld_d = tr_diag_new();
		tr_layout_opts o = { &ev->identity, NULL };
		tr_layoutdesc *ld = tr_layoutdesc_load_with(layout_paths[i], &o, ld_d);
		tr_fuzz_check_diag(ld_d, ld != NULL, "tr_layoutdesc_load_with");
		if (ld && tr_engine_check_fonts(env.engine, ld, ld_d))
			tr_fuzz_lay_out_and_render(&env, ev, ld, ld_d);
		tr_layoutdesc_free(ld);
		tr_diag_free(ld_d);
	}
	tr_event_free(ev);
	tr_diag_free(d);
	return 0;
}
