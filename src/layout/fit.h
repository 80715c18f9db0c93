/* fit.h — the size each text is set at.
 *
 * A frame's size range is what the design wishes. Each chain (and each stack,
 * whose texts share one fraction of their ranges) takes the largest size of
 * its range at which it fits: a search that only re-runs the breaker on the
 * shaped paragraphs, never Pango or HarfBuzz. A text that does not fit in its
 * range bends before it breaks: display text first draws its letters slightly
 * closer (rules.h track_tighten), then any text may go below its range down
 * to the layout's legibility floor, with a warning that gives the size and
 * what it means for reading; as a last resort display text hyphenates a word
 * wider than its frame, also reported. Only then is it an error, which names
 * the word and the millimetres, or how much text is too much.
 * Display text also weighs how its lines read: it may take a size a little
 * under the largest (rules.h display_size_slack) to avoid ending a line on
 * "à" or "the".
 */
#ifndef TR_LAYOUT_FIT_H
#define TR_LAYOUT_FIT_H

#include <stdbool.h>

#include "diag.h"
#include "layout/flow.h"
#include "layout/rules.h"
#include "layout/shape.h"
#include "model/event.h"
#include "model/layout.h"

/* What the searches need to know. */
typedef struct tr_fitting {
	const tr_rules *rules;
	const tr_event *ev;
	const tr_layoutdesc *ld;
	tr_shaper *shaper;
	tr_diag *d; /* warnings and errors go here */
	GHashTable *balanced; /* what balancing columns learnt, for this run; NULL:
	                       * none kept (tr_fitting_clear() frees it) */
} tr_fitting;

/* Frees what f keeps between calls. */
void tr_fitting_clear(tr_fitting *f);

/* Fits a chain of fixed frames (not in a stack): sets c->lines, c->size.
 * False, with an error in f->d, when it cannot fit even at its floor. */
bool tr_fit_chain(const tr_fitting *f, tr_chain *c);

/* Fits the n chains that go through a stack together (one fraction of each
 * one's range), then aligns them in the stack (its valign). False, with an
 * error, when they cannot fit even at their floors. With wished_only, tries
 * only the wished ranges and reports nothing when they do not fit (a caller
 * may then leave optional frames out and try again). */
bool tr_fit_stack(const tr_fitting *f, const tr_item *stack, tr_chain **chains, size_t n,
                  bool wished_only);

#endif
