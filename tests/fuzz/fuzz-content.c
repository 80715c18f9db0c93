/* fuzz-content.c — libFuzzer target for the content loader.
 *
 * The input is a content file. It goes as far as a real build does without
 * writing a file: tr_content_load_buffer (YAML reader, validation), then, when
 * the content is valid, the preflight (tractage check) reads it, the engine lays
 * it out with both standard layouts and the PDF is rendered to memory. Messages
 * go to a tr_diag that is formatted (exercising the diagnostics code) and
 * thrown away.
 *
 * Build: CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined
 * Run:   build-fuzz/tests/fuzz/fuzz-content -dict=tests/fuzz/content.dict \
 *            corpus-dir tests/fuzz/corpus-content
 * Fonts and layouts come from $TRACTAGE_DATADIR, else the source tree.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "load/content.h"

static tr_fuzz_env env;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tr_fuzz_env_init(&env, true);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tr_diag *d = tr_diag_new();
	tr_event *ev = tr_content_load_buffer("fuzz.yaml", (const char *)data, size, d);
	tr_fuzz_check_diag(d, ev != NULL, "tr_content_load_buffer");
	if (ev) {
		tr_check_content(env.check, ev, d);
		for (size_t i = 0; i < env.n_layouts; i++)
			tr_fuzz_lay_out_and_render(&env, ev, env.layouts[i], d);
	}
	tr_event_free(ev);
	tr_diag_free(d);
	return 0;
}
