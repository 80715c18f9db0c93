/* fuzz-layout.c — libFuzzer target for the layout loader.
 *
 * The input is a layout file. tr_layoutdesc_load_buffer reads and validates it;
 * a valid layout then has its fonts checked and lays out the sample content
 * (content/riposte-au-tout-numerique.yaml, loaded once), and the PDF is rendered
 * to memory. Nothing is written to disk.
 *
 * Build and run: see fuzz-content.c (corpus tests/fuzz/corpus-layout,
 * dictionary tests/fuzz/layout.dict).
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "load/layoutdesc.h"

static tr_fuzz_env env;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tr_fuzz_env_init(&env, false);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tr_diag *d = tr_diag_new();
	tr_layoutdesc *ld = tr_layoutdesc_load_buffer("fuzz-layout.yaml", (const char *)data,
	                                              size, d);
	tr_fuzz_check_diag(d, ld != NULL, "tr_layoutdesc_load_buffer");
	if (ld) {
		bool fonts_ok = tr_engine_check_fonts(env.engine, ld, d);
		tr_fuzz_check_diag(d, fonts_ok, "tr_engine_check_fonts");
		if (fonts_ok)
			tr_fuzz_lay_out_and_render(&env, env.sample, ld, d);
	}
	tr_layoutdesc_free(ld);
	tr_diag_free(d);
	return 0;
}
