/* fuzz-common.h — what both fuzz targets share: fonts, an engine, the standard
 * layouts and the sample content, set up once per process. */
#ifndef TR_TESTS_FUZZ_COMMON_H
#define TR_TESTS_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/check.h"
#include "diag.h"
#include "layout/engine.h"
#include "load/layoutdesc.h"
#include "model/event.h"
#include "typo/fonts.h"

typedef struct tr_fuzz_env {
	tr_fonts *fonts;
	tr_engine *engine;
	tr_layoutdesc *layouts[2]; /* tract-a5, poster-a3 */
	size_t n_layouts;
	tr_event *sample;          /* the sample content (layout target only) */
	tr_check *check;           /* the preflight (tractage check), without suggestions */
} tr_fuzz_env;

/* The libFuzzer entry points each target defines (replay.c calls them too). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sets up env, or aborts with a message: the fuzzer cannot run without it.
 * with_layouts loads the standard layouts; otherwise the sample content. */
void tr_fuzz_env_init(tr_fuzz_env *env, bool with_layouts);

/* The oracle every target applies to the messages of one input: ok tells
 * whether the step succeeded. A failure must come with at least one error
 * (never a silent "no"), a success with none, and every message must be valid
 * UTF-8 (messages quote the user's text, and must never cut a character).
 * Aborts, so that libFuzzer records the input, when one of these fails. */
void tr_fuzz_check_diag(const tr_diag *d, bool ok, const char *step);

/* Lays out ev with ld and, if that worked, runs the preflight's print findings
 * on it, renders the PDF to memory and checks it starts like a PDF. Aborts on
 * an impossible result. */
void tr_fuzz_lay_out_and_render(tr_fuzz_env *env, const tr_event *ev,
                                const tr_layoutdesc *ld, tr_diag *d);

#endif
