/* load-ok.h — for unit tests: a content that must load. */
#ifndef TR_TESTS_LOAD_OK_H
#define TR_TESTS_LOAD_OK_H

#include <string.h>

#include "load/content.h"

/* Loads yaml (takes ownership of it and frees it) as "t.yaml"; prints the
 * messages and fails the test when it does not load. */
static inline tr_event *load_content_ok(char *yaml)
{
	tr_diag *d = tr_diag_new();
	tr_event *ev = tr_content_load_buffer("t.yaml", yaml, strlen(yaml), d);
	if (!ev) {
		char *msgs = tr_diag_format(d);
		g_printerr("%s", msgs);
		g_free(msgs);
	}
	g_assert_nonnull(ev);
	tr_diag_free(d);
	g_free(yaml);
	return ev;
}

#endif
