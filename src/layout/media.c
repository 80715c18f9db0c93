/* media.c — image and QR items → drawing operations. */
#include "layout/media.h"

#include "layout/compose.h"
#include "render/image.h"
#include "render/qr.h"
#include "i18n.h"

bool tr_media_op(const tr_event *ev, const tr_item *it, tr_op *op)
{
	if (it->kind == TR_ITEM_IMAGE) {
		const tr_picture *pic = tr_compose_picture(ev, it->field);
		if (!pic)
			return false;
		op->kind = TR_OP_IMAGE;
		op->image = tr_image_ref(pic->image);
	} else if (it->kind == TR_ITEM_QR) {
		if (!ev->qr.text)
			return false;
		/* The content loader has encoded it once already: this cannot fail. */
		tr_qr *qr = tr_qr_new(ev->qr.text, NULL);
		if (!qr)
			return false;
		op->kind = TR_OP_QR;
		op->qr = qr;
		double side = MIN(op->w, op->h);
		double ax = it->style.align == TR_ALIGN_RIGHT ? 1 : it->style.align == TR_ALIGN_LEFT ? 0 : 0.5;
		double ay = it->style.valign == TR_VALIGN_BOTTOM ? 1
		            : it->style.valign == TR_VALIGN_TOP  ? 0
		                                                 : 0.5;
		op->x += (op->w - side) * ax;
		op->y += (op->h - side) * ay;
		op->w = op->h = side;
	} else {
		return false;
	}
	op->fit = it->fit;
	op->align = it->style.align;
	op->valign = it->style.valign;
	op->frame = g_strdup(it->id);
	return true;
}

void tr_media_op_clear(tr_op *op)
{
	tr_image_unref(op->image);
	op->image = NULL;
	tr_qr_free(op->qr);
	op->qr = NULL;
}

/* Below this share of a picture's area shown in its frame (fit: cover), the
 * crop is said: a landscape photo in a tall, narrow column keeps a strip. */
#define COVER_MIN_SHOWN 0.5

/* Says when a picture set to cover its frame loses more than half its area. */
static void check_cover(const tr_doc *doc, const tr_op *op, const tr_event *ev, tr_diag *d)
{
	double r[4], box[4] = { op->x, op->y, op->w, op->h };
	tr_image_place(op->image, box, op->fit, op->align, op->valign, r);
	double shown = r[2] * r[3] > 0 ? op->w * op->h / (r[2] * r[3]) : 1;
	if (shown >= COVER_MIN_SHOWN || ev->image.image != op->image)
		return;
	tr_diag_add(d, TR_SEV_WARNING, ev->path, ev->image.path.pos,
	            _("the picture is cropped to %.0f %% of its area in the layout %s: its place "
	              "there is %.0f × %.0f mm (%s); a picture of about those proportions shows "
	              "whole"), shown * 100, doc->name, op->w / TR_MM_TO_PT, op->h / TR_MM_TO_PT,
	            op->h > op->w ? _("taller than wide") : _("wider than tall"));
}

void tr_media_check(const tr_doc *doc, const tr_event *ev, tr_diag *d)
{
	for (size_t p = 0; p < doc->n_pages; p++)
		for (size_t i = 0; i < doc->pages[p].n_ops; i++) {
			const tr_op *op = &doc->pages[p].ops[i];
			if (op->kind == TR_OP_IMAGE && op->fit == TR_FIT_COVER)
				check_cover(doc, op, ev, d);
			if (op->kind != TR_OP_QR)
				continue;
			double module = op->w / TR_MM_TO_PT / tr_qr_modules(op->qr);
			if (module < TR_QR_MIN_MODULE)
				tr_diag_add(d, TR_SEV_WARNING, ev->path, ev->qr.pos,
				            _("the QR code of this address has modules of %.2f mm in the "
				              "layout %s (phones read %.2f mm and more): use a shorter "
				              "address, or a layout with a larger code"), module, doc->name,
				            TR_QR_MIN_MODULE);
		}
}

void tr_media_op_dump(GString *s, const tr_op *op)
{
	if (op->kind == TR_OP_IMAGE) {
		double r[4], box[4] = { op->x, op->y, op->w, op->h };
		tr_image_place(op->image, box, op->fit, op->align, op->valign, r);
		g_string_append_printf(s, "  image %s %s box %.1f %.1f %.1f %.1f drawn %.1f %.1f %.1f %.1f\n",
		                       op->frame, tr_image_format_name(tr_image_get_format(op->image)),
		                       op->x, op->y, op->w, op->h, r[0], r[1], r[2], r[3]);
	} else if (op->kind == TR_OP_QR) {
		g_string_append_printf(s, "  qr %s %.1f %.1f %.1f %d modules |%s|\n", op->frame, op->x,
		                       op->y, op->w, tr_qr_modules(op->qr), tr_qr_text(op->qr));
	}
}
