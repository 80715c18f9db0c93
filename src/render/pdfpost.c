/* pdfpost.c — page boxes and DeviceGray through libqpdf, opened at run time. */
#include "render/pdfpost.h"
#include "dynlib.h"
#include "i18n.h"

#include <math.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

/* Colours closer than this (per channel) to a grey are that grey. */
#define NEUTRAL (3 / 255.0)
/* A grey darker than this is black ink. */
#define NEAR_BLACK 0.15

/* ---------------------------------------------------------------------------
 * The grey pass over one content stream
 */

static bool is_space(int c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(int c)
{
	return c && strchr("()<>[]{}/%", c) != NULL;
}

/* The end of the literal string that starts at s[i] == '(': balanced
 * parentheses, backslash escapes. */
static size_t skip_string(const guint8 *s, size_t n, size_t i)
{
	int depth = 0;
	for (; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i + 1;
	}
	return n;
}

static void append_number(GByteArray *out, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(buf, sizeof buf, "%.4f", v);
	char *end = buf + strlen(buf);
	while (end > buf && end[-1] == '0')
		*--end = '\0';
	if (end > buf && end[-1] == '.')
		*--end = '\0';
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	g_byte_array_append(out, (const guint8 *)buf, strlen(buf));
}

GByteArray *tr_pdfpost_grey_stream(const guint8 *s, size_t n, int *changed)
{
	GByteArray *out = g_byte_array_sized_new(n);
	size_t copied = 0, i = 0;
	struct {
		size_t start;
		double value;
	} nums[3];
	int n_nums = 0; // numbers seen right before the current token
	*changed = 0;

	while (i < n) {
		int c = s[i];
		if (is_space(c)) {
			i++;
			continue;
		}
		n_nums = c == '%' || is_delim(c) ? 0 : n_nums;
		if (c == '%') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
		} else if (c == '(') {
			i = skip_string(s, n, i);
		} else if (c == '<' && i + 1 < n && s[i + 1] == '<') {
			i += 2;
		} else if (c == '<') {
			while (i < n && s[i] != '>')
				i++;
			i++;
		} else if (c == '/') {
			for (i++; i < n && !is_space(s[i]) && !is_delim(s[i]); i++)
				;
		} else if (is_delim(c)) {
			i++; // > >> [ ] { } and a stray )
		} else {
			size_t start = i;
			while (i < n && !is_space(s[i]) && !is_delim(s[i]))
				i++;
			char tok[64];
			size_t len = MIN(i - start, sizeof tok - 1);
			memcpy(tok, s + start, len);
			tok[len] = '\0';
			char *end;
			double v = g_ascii_strtod(tok, &end);
			if (len && *end == '\0' && (g_ascii_isdigit(tok[0]) || strchr("+-.", tok[0]))) {
				if (n_nums == 3) {
					nums[0] = nums[1];
					nums[1] = nums[2];
					n_nums = 2;
				}
				nums[n_nums].start = start;
				nums[n_nums++].value = v;
				continue;
			}
			if (strcmp(tok, "BI") == 0)
				break; // inline image data follows: leave the rest as it is
			bool fill = strcmp(tok, "rg") == 0, stroke = strcmp(tok, "RG") == 0;
			if ((fill || stroke) && n_nums == 3) {
				double r = nums[0].value, g = nums[1].value, b = nums[2].value;
				double hi = MAX(r, MAX(g, b)), lo = MIN(r, MIN(g, b));
				if (hi - lo <= NEUTRAL) {
					double grey = hi < NEAR_BLACK ? 0 : (r + g + b) / 3;
					g_byte_array_append(out, s + copied, nums[0].start - copied);
					append_number(out, grey);
					g_byte_array_append(out, (const guint8 *)(fill ? " g" : " G"), 2);
					copied = i;
					(*changed)++;
				}
			}
			n_nums = 0;
		}
	}
	g_byte_array_append(out, s + copied, n - copied);
	return out;
}

/* ---------------------------------------------------------------------------
 * libqpdf, opened on first use
 */

#define QPDF_FUNCTIONS(X) \
	X(qpdf_init) \
	X(qpdf_cleanup) \
	X(qpdf_silence_errors) \
	X(qpdf_set_suppress_warnings) \
	X(qpdf_read_memory) \
	X(qpdf_has_error) \
	X(qpdf_get_error) \
	X(qpdf_more_warnings) \
	X(qpdf_next_warning) \
	X(qpdf_get_error_full_text) \
	X(qpdf_get_num_pages) \
	X(qpdf_get_page_n) \
	X(qpdf_oh_get_key) \
	X(qpdf_oh_has_key) \
	X(qpdf_oh_replace_key) \
	X(qpdf_oh_remove_key) \
	X(qpdf_oh_parse) \
	X(qpdf_oh_is_stream) \
	X(qpdf_oh_is_array) \
	X(qpdf_oh_is_dictionary) \
	X(qpdf_oh_is_number) \
	X(qpdf_oh_is_name_and_equals) \
	X(qpdf_oh_get_numeric_value) \
	X(qpdf_oh_get_array_n_items) \
	X(qpdf_oh_get_array_item) \
	X(qpdf_oh_begin_dict_key_iter) \
	X(qpdf_oh_dict_more_keys) \
	X(qpdf_oh_dict_next_key) \
	X(qpdf_oh_get_dict) \
	X(qpdf_oh_get_object_id) \
	X(qpdf_oh_get_generation) \
	X(qpdf_oh_get_stream_data) \
	X(qpdf_oh_replace_stream_data) \
	X(qpdf_oh_new_null) \
	X(qpdf_init_write_memory) \
	X(qpdf_set_deterministic_ID) \
	X(qpdf_set_compress_streams) \
	X(qpdf_write) \
	X(qpdf_get_buffer_length) \
	X(qpdf_get_buffer)

TR_DYNLIB_TABLE(Q, QPDF_FUNCTIONS);

static tr_dynlib qpdf = { TR_QPDF_SONAME, "qpdf", "libqpdf29", NULL };

/* ---------------------------------------------------------------------------
 * The pass over a whole file
 */

typedef struct {
	qpdf_data q;
	const tr_pdfpost *o;
	GHashTable *seen;  /* object ids of streams and resources already done */
	bool transparent;  /* something on the page is transparent */
} pass;

/* Marks an indirect object as seen; false if it was already. */
static bool first_visit(pass *p, qpdf_oh oh)
{
	int id = Q.qpdf_oh_get_object_id(p->q, oh);
	if (id == 0)
		return true; // direct object: cannot have been seen elsewhere
	gint64 key = (gint64)id << 16 | Q.qpdf_oh_get_generation(p->q, oh);
	gint64 *k = g_new(gint64, 1);
	*k = key;
	if (g_hash_table_contains(p->seen, k)) {
		g_free(k);
		return false;
	}
	g_hash_table_add(p->seen, k);
	return true;
}

static void grey_stream(pass *p, qpdf_oh stream)
{
	if (!p->o->grey || !Q.qpdf_oh_is_stream(p->q, stream) || !first_visit(p, stream))
		return;
	unsigned char *buf = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	// QPDF_WARNINGS is not a failure (see qpdf_problem() for the one expected)
	if ((Q.qpdf_oh_get_stream_data(p->q, stream, qpdf_dl_generalized, &filtered, &buf,
	                               &len) & QPDF_ERRORS) || !filtered) {
		free(buf);
		return;
	}
	int changed;
	GByteArray *out = tr_pdfpost_grey_stream(buf, len, &changed);
	free(buf);
	if (changed)
		Q.qpdf_oh_replace_stream_data(p->q, stream, out->data, out->len,
		                              Q.qpdf_oh_new_null(p->q), Q.qpdf_oh_new_null(p->q));
	g_byte_array_unref(out);
}

/* The keys of a dictionary, copied (qpdf's key iterator is one per document,
 * so it cannot be nested). */
static GPtrArray *dict_keys(pass *p, qpdf_oh dict)
{
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	if (!Q.qpdf_oh_is_dictionary(p->q, dict))
		return keys;
	Q.qpdf_oh_begin_dict_key_iter(p->q, dict);
	while (Q.qpdf_oh_dict_more_keys(p->q))
		g_ptr_array_add(keys, g_strdup(Q.qpdf_oh_dict_next_key(p->q)));
	return keys;
}

static bool below_one(pass *p, qpdf_oh dict, const char *key)
{
	qpdf_oh v = Q.qpdf_oh_get_key(p->q, dict, key);
	return Q.qpdf_oh_is_number(p->q, v) && Q.qpdf_oh_get_numeric_value(p->q, v) < 1;
}

/* A graphics state that makes anything transparent. */
static void check_gstates(pass *p, qpdf_oh res)
{
	qpdf_oh gs = Q.qpdf_oh_get_key(p->q, res, "/ExtGState");
	GPtrArray *keys = dict_keys(p, gs);
	for (guint i = 0; i < keys->len; i++) {
		qpdf_oh g = Q.qpdf_oh_get_key(p->q, gs, keys->pdata[i]);
		qpdf_oh smask = Q.qpdf_oh_get_key(p->q, g, "/SMask");
		qpdf_oh bm = Q.qpdf_oh_get_key(p->q, g, "/BM");
		if (below_one(p, g, "/ca") || below_one(p, g, "/CA") ||
		    (Q.qpdf_oh_has_key(p->q, g, "/SMask") &&
		     !Q.qpdf_oh_is_name_and_equals(p->q, smask, "/None")) ||
		    (Q.qpdf_oh_has_key(p->q, g, "/BM") &&
		     !Q.qpdf_oh_is_name_and_equals(p->q, bm, "/Normal")))
			p->transparent = true;
	}
	g_ptr_array_unref(keys);
}

/* The forms a page uses (cairo's groups and recording surfaces), and theirs,
 * depth levels down at most. A form used twice is greyed once but looked at for
 * transparency each time. */
static void resources(pass *p, qpdf_oh res, int depth)
{
	if (depth > 16 || !Q.qpdf_oh_is_dictionary(p->q, res))
		return;
	check_gstates(p, res);
	qpdf_oh xobjects = Q.qpdf_oh_get_key(p->q, res, "/XObject");
	GPtrArray *keys = dict_keys(p, xobjects);
	for (guint i = 0; i < keys->len; i++) {
		qpdf_oh x = Q.qpdf_oh_get_key(p->q, xobjects, keys->pdata[i]);
		if (!Q.qpdf_oh_is_stream(p->q, x))
			continue;
		qpdf_oh dict = Q.qpdf_oh_get_dict(p->q, x);
		if (Q.qpdf_oh_has_key(p->q, dict, "/SMask"))
			p->transparent = true;
		if (!Q.qpdf_oh_is_name_and_equals(p->q, Q.qpdf_oh_get_key(p->q, dict, "/Subtype"),
		                                 "/Form"))
			continue;
		grey_stream(p, x);
		resources(p, Q.qpdf_oh_get_key(p->q, dict, "/Resources"), depth + 1);
	}
	g_ptr_array_unref(keys);
}

static qpdf_oh box(pass *p, const double b[4])
{
	char *s = g_strdup_printf("[%.3f %.3f %.3f %.3f]", b[0], b[1], b[2], b[3]);
	for (char *c = s; *c; c++)
		if (*c == ',')
			*c = '.'; // whatever the locale
	qpdf_oh oh = Q.qpdf_oh_parse(p->q, s);
	g_free(s);
	return oh;
}

static void page(pass *p, qpdf_oh pg)
{
	qpdf_oh contents = Q.qpdf_oh_get_key(p->q, pg, "/Contents");
	if (Q.qpdf_oh_is_array(p->q, contents)) {
		int n = Q.qpdf_oh_get_array_n_items(p->q, contents);
		for (int i = 0; i < n; i++)
			grey_stream(p, Q.qpdf_oh_get_array_item(p->q, contents, i));
	} else {
		grey_stream(p, contents);
	}
	p->transparent = false;
	resources(p, Q.qpdf_oh_get_key(p->q, pg, "/Resources"), 0);
	if (p->o->flatten && !p->transparent)
		Q.qpdf_oh_remove_key(p->q, pg, "/Group");
	if (p->o->has_boxes) {
		Q.qpdf_oh_replace_key(p->q, pg, "/BleedBox", box(p, p->o->bleed));
		Q.qpdf_oh_replace_key(p->q, pg, "/TrimBox", box(p, p->o->trim));
	}
}

/* The first error or warning qpdf has, into err. One warning is expected and
 * harmless: cairo 1.16 names a form twice in a page's /XObject dictionary when
 * it paints it twice (the two copies of a 2-up sheet), and qpdf writes it once. */
static bool qpdf_problem(qpdf_data q, GError **err)
{
	if (Q.qpdf_has_error(q)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("qpdf: %s"),
		            Q.qpdf_get_error_full_text(q, Q.qpdf_get_error(q)));
		return true;
	}
	while (Q.qpdf_more_warnings(q)) {
		const char *text = Q.qpdf_get_error_full_text(q, Q.qpdf_next_warning(q));
		if (strstr(text, "dictionary has duplicated key"))
			continue;
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("qpdf: %s"), text);
		return true;
	}
	return false;
}

GBytes *tr_pdfpost_run(GBytes *pdf, const tr_pdfpost *o, GError **err)
{
	if (!TR_DYNLIB_OPEN(&qpdf, Q, err))
		return NULL;
	GBytes *out = NULL;
	gsize len;
	const char *data = g_bytes_get_data(pdf, &len);
	qpdf_data q = Q.qpdf_init();
	Q.qpdf_silence_errors(q);
	Q.qpdf_set_suppress_warnings(q, QPDF_TRUE); // they come back through qpdf_problem()
	pass p = { q, o, g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL), false };

	if ((Q.qpdf_read_memory(q, "cairo output", data, len, NULL) & QPDF_ERRORS) ||
	    qpdf_problem(q, err))
		goto out;
	int n = Q.qpdf_get_num_pages(q);
	for (int i = 0; i < n; i++)
		page(&p, Q.qpdf_get_page_n(q, i));
	if (qpdf_problem(q, err))
		goto out;
	if ((Q.qpdf_init_write_memory(q) & QPDF_ERRORS) || qpdf_problem(q, err))
		goto out;
	Q.qpdf_set_deterministic_ID(q, QPDF_TRUE);
	Q.qpdf_set_compress_streams(q, QPDF_TRUE);
	if ((Q.qpdf_write(q) & QPDF_ERRORS) || qpdf_problem(q, err))
		goto out;
	out = g_bytes_new(Q.qpdf_get_buffer(q), Q.qpdf_get_buffer_length(q));
out:
	if (!out && err && !*err)
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("qpdf could not rewrite the PDF"));
	g_hash_table_unref(p.seen);
	Q.qpdf_cleanup(&q);
	return out;
}
