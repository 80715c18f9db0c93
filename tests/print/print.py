#!/usr/bin/env python3
"""Print-production tests: the 2-up photocopier sheets, poster tiles, the
print-shop file, black and white, PNG previews. Each builds real content with
the tractage binary and checks the files with poppler-utils (pdfinfo, pdffonts,
pdftotext, pdftoppm, pdfimages) and qpdf, down to the rendered pixels.

Usage: print.py TRACTAGE SOURCE_ROOT TEST_NAME
Runs one named test (a function t_NAME below; see tests/lib/harness.py) and exits 0 when it passes, 1 with
an explanation on stderr when it fails, 77 when a tool it needs is missing.
"""
import os
import re
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import harness  # noqa: E402
from harness import OTHERS, SAMPLE, Fail, assert_in_order, build, check, flat, run, stem, tractage  # noqa: E402,F401

TRACTAGE = SRC = None
ALL = [SAMPLE] + OTHERS

MM = 72 / 25.4
A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)
A5 = (419.53, 595.28)
PRINTER_MARGIN = 5 * MM
OVERLAP = 10 * MM
SHY = "\u00ad"
SAMPLE_RECTO = ["EN SEINE-SAINT-DENIS ET AILLEURS", "Construire la riposte au tout numérique",
                "Journée de formation syndicale", "Mardi 3 octobre 2017", "Bourse du travail de Bobigny",
                "Le syndicat SUD du conseil départemental"]
SAMPLE_VERSO = ["Programme de la journée", "Les impacts du numérique",
                "Entrée libre sur simple inscription", "SUD CD93", "Imprimé par nos soins"]


def tmpdir():
    return harness.tmpdir("tractage-print-")


# ---------------------------------------------------------------------------
# Looking at PDFs


def pdfinfo(pdf, *extra):
    r = run(["pdfinfo", *extra, pdf])
    check(r.returncode == 0, f"pdfinfo {pdf}: {r.stderr}")
    check(r.stderr.strip() == "", f"pdfinfo {pdf} warned: {r.stderr}")
    return r.stdout


def pages(pdf):
    return int(re.search(r"^Pages:\s+(\d+)", pdfinfo(pdf), re.M).group(1))


def boxes(pdf):
    """{page: {"MediaBox": (x0, y0, x1, y1), ...}} for every page."""
    out = {}
    n = pages(pdf)
    text = pdfinfo(pdf, "-box", "-f", "1", "-l", str(n))
    for m in re.finditer(r"^Page\s+(\d+)\s+(\w+Box):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)",
                         text, re.M):
        out.setdefault(int(m.group(1)), {})[m.group(2)] = tuple(float(m.group(i)) for i in range(3, 7))
    if not out:  # one page: no "Page N" prefix
        for m in re.finditer(r"^(\w+Box):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", text, re.M):
            out.setdefault(1, {})[m.group(1)] = tuple(float(m.group(i)) for i in range(2, 6))
    check(len(out) == n, f"{pdf}: boxes of {len(out)} pages for {n} pages:\n{text}")
    return out


def check_size(pdf, w, h, n=None):
    info = pdfinfo(pdf)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    check(size and abs(float(size.group(1)) - w) < 0.011 and abs(float(size.group(2)) - h) < 0.011,
          f"{stem(pdf)}: page size {size and size.groups()}, expected {w:.2f} x {h:.2f}")
    for p, b in boxes(pdf).items():
        check(all(abs(a - e) < 0.011 for a, e in zip(b["MediaBox"], (0, 0, w, h))),
              f"{stem(pdf)} page {p}: MediaBox {b['MediaBox']}")
    if n is not None:
        check(pages(pdf) == n, f"{stem(pdf)}: {pages(pdf)} pages, expected {n}")


# The pictures of the test contents, in pixels: the USTR's PNG logo and the
# English content's JPEG. Nothing else may be an image, but in black and white,
# where an SVG logo is drawn as an image of greys.
PICTURES = {(400, 240), (1200, 800)}


def check_sound(pdf, images=False):
    """qpdf finds nothing to say, fonts are embedded, nothing is an image but
    the content's pictures (every image may be one when images is set)."""
    r = run(["qpdf", "--check", pdf])
    check(r.returncode == 0 and "WARNING" not in r.stdout + r.stderr,
          f"qpdf --check {pdf}:\n{r.stdout}{r.stderr}")
    r = run(["pdffonts", pdf])
    rows = r.stdout.splitlines()[2:]
    check(rows, f"{pdf}: no fonts at all")
    for row in rows:
        cols = row.split()
        check(cols[-5] == "yes" and cols[-4] == "yes", f"{pdf}: font not embedded/subset: {row}")
    r = run(["pdfimages", "-list", pdf])
    check(r.returncode == 0, r.stderr)
    for row in r.stdout.splitlines()[2:]:
        cols = row.split()
        size = (int(cols[3]), int(cols[4]))
        check(images or size in PICTURES or "-mono" in pdf,
              f"{pdf}: has images (rasterised?):\n{r.stdout}")


def text_of(pdf, *extra):
    r = run(["pdftotext", "-enc", "UTF-8", *extra, pdf, "-"])
    check(r.returncode == 0 and r.stderr.strip() == "", f"pdftotext {pdf}: {r.stderr}")
    return r.stdout


def words(pdf, page):
    """[(word, xMin, yMin, xMax, yMax)] of a page, y down from the top."""
    r = run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"])
    check(r.returncode == 0, r.stderr)
    return [(html_unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5)))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">([^<]*)</word>', r.stdout)]


def html_unescape(s):
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def content_streams(pdf):
    """The content streams of the file (pages and forms), uncompressed by
    qpdf --qdf, one after the other; fonts and other streams left out."""
    out = pdf + ".qdf"
    r = run(["qpdf", "--qdf", "--object-streams=disable", pdf, out])
    check(r.returncode == 0, f"qpdf --qdf {pdf}: {r.stderr}")
    data = open(out, "rb").read()
    objects = {int(m.group(1)): (m.group(2), m.group(3)) for m in
               re.finditer(rb"(?s)\n(\d+) 0 obj\n(<<(?:(?!\nendobj).)*?>>)\nstream\n(.*?)endstream", data)}
    wanted = {int(n) for n in re.findall(rb"/Contents (\d+) 0 R", data)}
    wanted |= {n for n, (d, _) in objects.items() if b"/Subtype /Form" in d}
    check(wanted, f"{pdf}: no content stream found")
    return b"\n".join(objects[n][1] for n in sorted(wanted) if n in objects)


def link_rects(pdf):
    """{page: [(uri, (x0, y0, x1, y1))]}, y down from the top of the page."""
    data = open(pdf + ".qdf", "rb").read() if os.path.exists(pdf + ".qdf") else None
    if data is None:
        content_streams(pdf)
        data = open(pdf + ".qdf", "rb").read()
    text = data.decode("latin-1")
    objs = {int(m.group(1)): m.group(2) for m in re.finditer(r"(?s)\n(\d+) 0 obj\n(.*?)\nendobj", text)}
    out = {}
    for m in re.finditer(r"%% Page (\d+)\n%%[^\n]*\n(\d+) 0 obj", text):
        page = objs[int(m.group(2))]
        h = float(re.search(r"/MediaBox \[\s*\S+\s+\S+\s+\S+\s+([\d.]+)", page).group(1))
        annots = re.search(r"/Annots \[([^\]]*)\]", page)
        for ref in re.findall(r"(\d+) 0 R", annots.group(1) if annots else ""):
            a = objs[int(ref)]
            r = [float(v) for v in re.search(r"/Rect \[\s*([\d.\s]+)\]", a).group(1).split()]
            uri = re.search(r"/URI \(([^)]*)\)", a)
            out.setdefault(int(m.group(1)), []).append(
                (uri.group(1) if uri else "", (r[0], h - r[3], r[2], h - r[1])))
    return out


# ---------------------------------------------------------------------------
# Looking at pixels


def render(pdf, dpi, page=None, gray=True, crop=None):
    """Renders one page; returns (width, height, channels, bytes)."""
    d = tmpdir()
    args = ["pdftoppm", "-r", str(dpi)] + (["-gray"] if gray else [])
    if page:
        args += ["-f", str(page), "-l", str(page)]
    if crop:
        args += ["-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3])]
    r = run(args + [pdf, os.path.join(d, "p")])
    check(r.returncode == 0 and r.stderr.strip() == "", f"pdftoppm {pdf}: {r.stderr}")
    files = sorted(os.listdir(d))
    check(len(files) == 1, f"pdftoppm gave {files}")
    return read_pnm(os.path.join(d, files[0]))


def read_pnm(path):
    data = open(path, "rb").read()
    m = re.match(rb"(P[56])\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    check(m, f"{path}: not a PNM file")
    w, h = int(m.group(2)), int(m.group(3))
    ch = 1 if m.group(1) == b"P5" else 3
    return w, h, ch, data[m.end():m.end() + w * h * ch]


def gray_at(img, x, y):
    w, h, ch, px = img
    i = (y * w + x) * ch
    return sum(px[i:i + ch]) / ch


def sub_image(img, x0, y0, w, h):
    W, H, ch, px = img
    rows = [px[((y0 + y) * W + x0) * ch:((y0 + y) * W + x0 + w) * ch] for y in range(h)]
    return (w, h, ch, b"".join(rows))


def rotate180(img):
    w, h, ch, px = img
    if ch == 1:
        return (w, h, ch, bytes(reversed(px)))
    pix = [px[i:i + ch] for i in range(0, len(px), ch)]
    return (w, h, ch, b"".join(reversed(pix)))


def blocks(img, n):
    """The mean of each n x n block (grey images): a coarse picture that a
    sub-pixel shift does not change."""
    w, h, ch, px = img
    out = bytearray()
    for by in range(h // n):
        for bx in range(w // n):
            tot = sum(px[(by * n + y) * w * ch + (bx * n + x) * ch] for y in range(n) for x in range(n))
            out.append(tot // (n * n))
    return (w // n, h // n, 1, bytes(out))


def mean_diff(a, b):
    check(a[:3] == b[:3], f"images of different shapes {a[:3]} {b[:3]}")
    pa, pb = a[3], b[3]
    return sum(abs(x - y) for x, y in zip(pa, pb)) / len(pa)


def read_png_size(path):
    data = open(path, "rb").read(32)
    check(data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


def read_png_rgb(path):
    """Decodes the 8-bit RGB PNG cairo writes (no interlace) into (w, h, 3, bytes)."""
    data = open(path, "rb").read()
    pos, idat, w, h, bpp = 8, b"", 0, 0, 3
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            check(depth == 8 and ctype in (2, 6) and interlace == 0, f"{path}: PNG type {ctype}/{depth}")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        for i in range(0, stride, bpp):
            out += line[i:i + 3] if bpp == 3 else bytes((line[i + 2], line[i + 1], line[i]))
    return (w, h, 3, bytes(out))


# ---------------------------------------------------------------------------
# 2-up


def check_nup(content, flip, sheet="a4-2up", layout=None, page=A5, paper=A4, cols=2, rows=1,
              landscape=True):
    """Copies of each page on sheets: every cell shows its page (the back turned
    half a turn when the printer turns the sheet on the other axis), at 100 %,
    with links, cut marks between the copies, and the right note."""
    out = tmpdir()
    extra = ["--sheet", sheet] + (["--flip", flip] if flip else [])
    extra += ["--layout", layout] if layout else []
    r = build([content], out, *extra)
    s = stem(content)
    name = layout or "tract-a5"
    paper_name = "a4" if paper == A4 else "a3"
    sheet_pdf = os.path.join(out, f"{s}-{name}-{cols * rows}up-{paper_name}.pdf")
    doc = os.path.join(out, f"{s}-{name}.pdf")
    check(sheet_pdf in r.stdout, f"not listed: {r.stdout}")
    n = pages(doc)
    # The printer's usual edge for the sheet: backs upright.
    edge = flip or ("short" if landscape else "long")
    if n > 1:
        check(f"print both sides, flipping on the {edge} edge" in r.stderr, f"no printing note:\n{r.stderr}")
    else:
        check("print one side, then cut" in r.stderr and "both sides" not in r.stderr,
              f"no one-side note:\n{r.stderr}")
    check("scaled" not in r.stderr, f"the standard layout should stay at 100 %:\n{r.stderr}")
    sw, sh = (paper[1], paper[0]) if landscape else paper
    check_size(sheet_pdf, sw, sh, n)
    check_sound(sheet_pdf, images=True)
    upside_down = (edge == "long") == landscape
    pw, ph = page
    ox, oy = (sw - cols * pw) / 2, (sh - rows * ph) / 2
    centres = [(ox + (c + 0.5) * pw, oy + (r_ + 0.5) * ph) for r_ in range(rows) for c in range(cols)]

    # Where the words land: each side shows its page in every cell, the back
    # turned half a turn when the sheet turns on its horizontal axis.
    for p in range(1, n + 1):
        turned = p % 2 == 0 and upside_down
        mine = [w for w in words(doc, p) if len(w[0]) > 3]
        theirs = words(sheet_pdf, p)
        for word, x0, y0, x1, y1 in mine[:3] + mine[-3:]:
            hits = [t for t in theirs if t[0] == word]
            for cx, cy in centres:
                wx, wy = (x0 + x1) / 2 - pw / 2, (y0 + y1) / 2 - ph / 2
                if turned:
                    wx, wy = -wx, -wy
                ex, ey = cx + wx, cy + wy
                ok = any(abs((u[1] + u[3]) / 2 - ex) < 1.5 and abs((u[2] + u[4]) / 2 - ey) < 1.5 for u in hits)
                check(ok, f"{s} side {p}: {word!r} expected at ({ex:.1f}, {ey:.1f}), found {hits}")

    # The rendered cells are the rendered pages (the back turned round when it
    # must be), and not the other way round.
    dpi = 36
    k = dpi / 72
    for p in range(1, n + 1):
        turned = p % 2 == 0 and upside_down
        page_img = render(doc, dpi, p)
        side = render(sheet_pdf, dpi, p)
        iw, ih = page_img[0], page_img[1]
        for cx, cy in centres:
            x0, y0 = int(round((cx - pw / 2) * k)), int(round((cy - ph / 2) * k))
            w_, h_ = min(iw, side[0] - x0), min(ih, side[1] - y0)
            cell = sub_image(side, x0, y0, w_, h_)
            want = rotate180(page_img) if turned else page_img
            other = page_img if turned else rotate180(page_img)
            want, other = sub_image(want, 0, 0, w_, h_), sub_image(other, 0, 0, w_, h_)
            good = mean_diff(blocks(cell, 6), blocks(want, 6))
            bad = mean_diff(blocks(cell, 6), blocks(other, 6))
            # A copy turned round lands up to a pixel off the page's own grid,
            # which blurs the comparison a little; the wrong orientation still
            # differs at least twice as much.
            check(good < 7 and good * 2 < bad,
                  f"{s} side {p} cell at ({x0}, {y0}): differs from the page by {good:.1f} "
                  f"(and by {bad:.1f} from the page turned the wrong way)")

    # Text of each copy in reading order (one cell at a time).
    if content == SAMPLE and name == "tract-a5":
        for p, needles in ((1, SAMPLE_RECTO), (2, SAMPLE_VERSO)):
            for cx, cy in centres:
                t = flat(text_of(sheet_pdf, "-f", str(p), "-l", str(p), "-x", str(int(cx - pw / 2) + 1),
                                 "-y", str(int(cy - ph / 2) + 1), "-W", str(int(pw) - 2), "-H", str(int(ph) - 2)))
                assert_in_order(t, needles, f"sheet side {p}, cell at ({cx:.0f}, {cy:.0f})")

    # Cut marks between the copies, inside the printable area.
    side = render(sheet_pdf, 72, 1)
    for c in range(1, cols):
        x = int(round(ox + c * pw))
        for y in (int(PRINTER_MARGIN) + 4, side[1] - int(PRINTER_MARGIN) - 4):
            check(min(gray_at(side, xx, y) for xx in range(x - 1, x + 2)) < 100,
                  f"{s}: no cut mark at x={x}, y={y}")
    for r_ in range(1, rows):
        y = int(round(oy + r_ * ph))
        for x in (int(PRINTER_MARGIN) + 4, side[0] - int(PRINTER_MARGIN) - 4):
            check(min(gray_at(side, x, yy) for yy in range(y - 1, y + 2)) < 100,
                  f"{s}: no cut mark at x={x}, y={y}")
    # Links are on the sheet, at their place in each copy (cairo rounds
    # rectangles to whole points).
    mine, theirs = link_rects(doc), link_rects(sheet_pdf)
    for p, links in mine.items():
        turned = p % 2 == 0 and upside_down
        for uri, (x0, y0, x1, y1) in links:
            for cx, cy in centres:
                ex0, ey0, ex1, ey1 = x0 - pw / 2, y0 - ph / 2, x1 - pw / 2, y1 - ph / 2
                if turned:
                    ex0, ey0, ex1, ey1 = -ex1, -ey1, -ex0, -ey0
                want = (cx + ex0, cy + ey0, cx + ex1, cy + ey1)
                check(any(u == uri and all(abs(a - b) < 2 for a, b in zip(r, want))
                          for u, r in theirs.get(p, [])),
                      f"{s} side {p}: link {uri} not at {want}: {theirs.get(p)}")


def check_2up(content, flip):
    check_nup(content, flip)


def t_sheet_2up():
    for c in ALL:
        check_2up(c, None)


def t_sheet_2up_long():
    for c in [SAMPLE, OTHERS[0]]:
        check_2up(c, "long")


def t_sheet_a4():
    """--sheet a4 is today's 2-up for the A5 tract; the poster, too large, gets a note."""
    out = tmpdir()
    r = build([SAMPLE], out, "--sheet", "a4")
    check("poster-a3.pdf: the poster-a3 is larger than an A4 sheet: no copies on sheets" in r.stderr,
          f"no note for the poster:\n{r.stderr}")
    check(sorted(os.listdir(out)) == sorted([f"{stem(SAMPLE)}-tract-a5.pdf", f"{stem(SAMPLE)}-poster-a3.pdf",
                                            f"{stem(SAMPLE)}-tract-a5-2up-a4.pdf"]), f"{os.listdir(out)}")
    check_nup(SAMPLE, None, sheet="a4")


def t_sheet_a3():
    """Four A5 tracts on an A3 sheet, portrait: a long-edge flip keeps the backs
    upright; a short-edge one turns them half a turn."""
    for c in [SAMPLE, OTHERS[1]]:
        check_nup(c, None, sheet="a3", paper=A3, cols=2, rows=2, landscape=False)
    check_nup(SAMPLE, "short", sheet="a3", paper=A3, cols=2, rows=2, landscape=False)


A6 = (297.64, 419.53)


def t_sheet_formats():
    """Every format on the sheets: four A6 flyers on A4 (portrait, cut twice)
    and eight on A3 (landscape), the one-sided A5 twice on A4 ("print one
    side"), two A4 posters on A3 (landscape)."""
    for c in [SAMPLE, OTHERS[0]]:
        check_nup(c, None, sheet="a4", layout="flyer-a6", page=A6, paper=A4, cols=2, rows=2,
                  landscape=False)
    check_nup(SAMPLE, "short", sheet="a4", layout="flyer-a6", page=A6, paper=A4, cols=2, rows=2,
              landscape=False)
    check_nup(OTHERS[1], None, sheet="a3", layout="flyer-a6", page=A6, paper=A3, cols=4, rows=2,
              landscape=True)
    check_nup(SAMPLE, None, sheet="a4", layout="tract-a5-recto", page=A5, paper=A4, cols=2, rows=1,
              landscape=True)
    check_nup(OTHERS[2], None, sheet="a3", layout="poster-a4", page=A4, paper=A3, cols=2, rows=1,
              landscape=True)


def t_sheet_2up_scaled():
    """A layout whose text reaches into the printer margin is scaled, and says so."""
    d = tmpdir()
    lay = open(os.path.join(SRC, "layouts/tract-a5.yaml"), encoding="utf-8").read()
    lay = re.sub(r"(field: kicker, style: kicker, )x: 12,", r"\1x: 2,", lay, count=1)
    check("field: kicker, style: kicker, x: 2," in lay, "could not move the kicker")
    path = os.path.join(d, "edge.yaml")
    open(path, "w", encoding="utf-8").write(lay)
    r = build([SAMPLE], d, "--layout", path, "--sheet", "a4-2up")
    m = re.search(r"the tract is scaled to ([\d.]+) % so that its text clears the printer's 5 mm margin",
                  r.stderr)
    check(m and 80 < float(m.group(1)) < 100, f"no scaling note:\n{r.stderr}")
    sheet = os.path.join(d, f"{stem(SAMPLE)}-tract-a5-2up-a4.pdf")
    check_sound(sheet)
    for p in (1, 2):
        for word, x0, y0, x1, y1 in words(sheet, p):
            check(x0 >= PRINTER_MARGIN - 0.5 and x1 <= A4[1] - PRINTER_MARGIN + 0.5 and
                  y0 >= PRINTER_MARGIN - 0.5 and y1 <= A4[0] - PRINTER_MARGIN + 0.5,
                  f"side {p}: {word!r} at {x0:.1f},{y0:.1f} is in the printer margin")


# ---------------------------------------------------------------------------
# Tiles


def tile_geometry(poster, sheet, cols, rows, scale=1.0):
    sw, sh = sheet
    tw = (poster[0] * scale + (cols - 1) * OVERLAP) / cols
    th = (poster[1] * scale + (rows - 1) * OVERLAP) / rows
    return tw, th, (sw - tw) / 2, (sh - th) / 2


def check_tiles(content, layout_args, extra, poster, sheet, cols, rows, scale, labels):
    out = tmpdir()
    r = build([content], out, *layout_args, *extra)
    s = stem(content)
    name = [l for l in r.stdout.split() if "-tiles-" in l]
    check(len(name) == 1, f"tiles not listed: {r.stdout}")
    pdf = name[0]
    check(f"{cols * rows} " in r.stderr and f"({cols} × {rows}" in r.stderr, f"note:\n{r.stderr}")
    check_size(pdf, sheet[0], sheet[1], cols * rows)
    check_sound(pdf)
    poster_pdf = [l for l in r.stdout.split() if l.endswith(".pdf") and "-tiles-" not in l
                  and "poster" in l][0]
    # The labels, in the margin, in the content's language.
    for p, label in enumerate(labels, 1):
        t = text_of(pdf, "-f", str(p), "-l", str(p))
        check(label in t, f"{s} tile {p}: no label {label!r}:\n{t[:300]}")
    # Each sheet shows its part of the poster at the right scale: compare pixels
    # (at a resolution where anti-aliasing of small type does not dominate).
    dpi = 36
    tw, th, ox, oy = tile_geometry(poster, sheet, cols, rows, scale)
    full = render(poster_pdf, dpi * scale)
    k = dpi / 72
    for r_ in range(rows):
        for c in range(cols):
            p = r_ * cols + c + 1
            img = render(pdf, dpi, p)
            # the part, less a little on each side for rounding
            x0, y0 = int(ox * k) + 2, int(oy * k) + 2
            w, h = int(tw * k) - 4, int(th * k) - 4
            part = sub_image(img, x0, y0, w, h)
            px0 = int(round((c * (tw - OVERLAP) + (x0 / k - ox)) * k))
            py0 = int(round((r_ * (th - OVERLAP) + (y0 / k - oy)) * k))
            w, h = min(w, full[0] - px0), min(h, full[1] - py0)
            # In blocks of 3 pixels: a QR code's modules fall on the pixel grid
            # differently in the two renderings.
            diff = mean_diff(blocks(sub_image(part, 0, 0, w, h), 3),
                             blocks(sub_image(full, px0, py0, w, h), 3))
            check(diff < 8, f"{s} tile {p}: differs from the poster by {diff:.1f}")
            # outside the part, only marks and the label: mostly white
            margin = sub_image(img, 0, 0, img[0], max(1, y0 - 12))
            inked = sum(1 for v in margin[3] if v < 128)
            check(inked < len(margin[3]) * 0.05, f"{s} tile {p}: the top margin is inked")
    # the poster's words are all there, over the tiles
    t = flat(text_of(pdf))
    for w in flat(text_of(poster_pdf)).split()[:6]:
        check(w[:4] in t, f"{s}: {w!r} of the poster is on no tile")


def t_tiles_a4():
    fr = ["1/4 haut gauche", "2/4 haut droite", "3/4 bas gauche", "4/4 bas droite"]
    en = ["1/4 top left", "2/4 top right", "3/4 bottom left", "4/4 bottom right"]
    for c in ALL:
        check_tiles(c, [], ["--tile", "a4", "--only", "poster"], A3, A4, 2, 2, 1.0,
                    en if c.endswith("-en.yaml") else fr)


def t_tiles_a4_fit():
    for c in [SAMPLE, OTHERS[2]]:
        labels = ["1/2 haut", "2/2 bas"] if c == SAMPLE else ["1/2 top", "2/2 bottom"]
        out = tmpdir()
        r = build([c], out, "--tile", "a4", "--fit")
        m = re.search(r"2 A4 sheets \(1 × 2, landscape\) at ([\d.]+) %", r.stderr)
        check(m, f"no note:\n{r.stderr}")
        check_tiles(c, [], ["--tile", "a4", "--fit"], A3, (A4[1], A4[0]), 1, 2,
                    float(m.group(1)) / 100, labels)


def t_tiles_a3():
    for c in ALL:
        check_tiles(c, ["--layout", "layouts/poster-a2.yaml"], ["--tile", "a3"], (1190.55, 1683.78),
                    A3, 2, 2, 1.0, ["1/4", "2/4", "3/4", "4/4"])


# ---------------------------------------------------------------------------
# Print shop


def expected_boxes(trim, bleed_mm):
    b = round(bleed_mm * MM, 2)
    m = b + round(8 * MM, 2)
    w, h = trim
    return {"MediaBox": (0, 0, w + 2 * m, h + 2 * m), "BleedBox": (m - b, m - b, m + w + b, m + h + b),
            "TrimBox": (m, m, m + w, m + h)}


def check_print_shop(content, bleed_mm, extra):
    out = tmpdir()
    r = build([content], out, "--print-shop", *extra)
    s = stem(content)
    for doc, trim, n in (("tract-a5", A5, 2), ("poster-a3", A3, 1)):
        pdf = os.path.join(out, f"{s}-{doc}-print.pdf")
        check(pdf in r.stdout, f"not listed: {r.stdout}")
        exp = expected_boxes(trim, bleed_mm)
        check(pages(pdf) == n, f"{doc}: {pages(pdf)} pages")
        for p, b in boxes(pdf).items():
            for k, v in exp.items():
                check(all(abs(a - e) < 0.011 for a, e in zip(b[k], v)),
                      f"{s} {doc} page {p}: {k} {b[k]}, expected {tuple(round(x, 2) for x in v)}")
        check_sound(pdf)
        # Pure black: text and rules in DeviceGray, no RGB grey left.
        data = content_streams(pdf)
        check(re.search(rb"(^|\s)0 g\s", data), f"{doc}: no '0 g' (black text) in the content")
        check(re.search(rb"(^|\s)0 G\s", data), f"{doc}: no '0 G' (black crop marks)")
        for m in re.finditer(rb"([\d.]+) ([\d.]+) ([\d.]+) (rg|RG)\b", data):
            r_, g, b_ = (float(x) for x in m.groups()[:3])
            check(max(r_, g, b_) - min(r_, g, b_) > 0.012,
                  f"{doc}: a grey still written in RGB: {m.group(0).decode()}")
        check(b"0 0 0 rg" not in data and b"0 0 0 RG" not in data, f"{doc}: RGB black")
        # (A picture with an alpha channel, the USTR's PNG logo, is real
        # transparency: the group stays for it.)
        qdf = open(pdf + ".qdf", "rb").read()
        check(b"/Transparency" not in qdf or b"/SMask" in qdf,
              f"{doc}: pages keep a transparency group")
        # Crop marks outside the bleed box, on the trim lines; nothing else there.
        dpi = 72
        img = render(pdf, dpi, 1)
        W, H = img[0], img[1]
        mb, bb, tb = exp["MediaBox"], exp["BleedBox"], exp["TrimBox"]
        tx0, ty0 = int(round(tb[0])), int(round(mb[3] - tb[3]))
        tx1, ty1 = int(round(tb[2])), int(round(mb[3] - tb[1]))
        bx0 = int(bb[0])
        for (x, y) in ((bx0 - 8, ty0), (tx0, bx0 - 8), (W - bx0 + 7, ty1), (tx1, H - bx0 + 7)):
            check(min(gray_at(img, xx, yy) for xx in range(x - 1, x + 2) for yy in range(y - 1, y + 2)) < 160,
                  f"{doc}: no crop mark near ({x}, {y})")
        inked = [(x, y) for y in range(H) for x in range(W)
                 if (x < bx0 - 1 or x > W - bx0 or y < bx0 - 1 or y > H - bx0) and gray_at(img, x, y) < 200
                 and not (abs(x - tx0) <= 1 or abs(x - tx1) <= 1 or abs(y - ty0) <= 1 or abs(y - ty1) <= 1)]
        check(not inked, f"{doc}: ink outside the bleed box off the trim lines: {inked[:5]}")
        check(all(gray_at(img, x, y) > 250 for (x, y) in ((2, 2), (W - 3, H - 3))),
              f"{doc}: the paper's corner is not white")
        # The accent band (flagged bleed) reaches into the bleed, at the top.
        for x in (bx0 + 1, W // 2):
            check(gray_at(img, x, bx0 + 1) < 200, f"{doc}: the band does not reach the bleed at x={x}")
        # Text still in reading order.
        if content == SAMPLE and doc == "tract-a5":
            assert_in_order(flat(text_of(pdf)), SAMPLE_RECTO + SAMPLE_VERSO, "print-shop tract")
        # Links moved with the page (cairo rounds them to whole points).
        plain = os.path.join(out, f"{s}-{doc}.pdf")
        m_ = exp["TrimBox"][0]
        for p, links in link_rects(plain).items():
            for uri, rect in links:
                want = tuple(v + m_ for v in rect)
                check(any(u == uri and all(abs(a - b) < 1.5 for a, b in zip(r_, want))
                          for u, r_ in link_rects(pdf).get(p, [])),
                      f"{doc} page {p}: link {uri} not at {want}: {link_rects(pdf).get(p)}")


def t_print_shop():
    for c in ALL:
        check_print_shop(c, 3, [])


def t_print_shop_bleed():
    check_print_shop(SAMPLE, 5, ["--bleed", "5mm"])
    check_print_shop(OTHERS[1], 5, ["--bleed", "14.1732pt"])


def t_print_shop_safe():
    """Text inside the safe margin is a warning at the frame, the build goes on."""
    d = tmpdir()
    lay = open(os.path.join(SRC, "layouts/tract-a5.yaml"), encoding="utf-8").read()
    lay = re.sub(r"(field: kicker, style: kicker, )x: 12,", r"\1x: 4,", lay, count=1)
    check("field: kicker, style: kicker, x: 4," in lay, "could not move the kicker")
    path = os.path.join(d, "edge.yaml")
    open(path, "w", encoding="utf-8").write(lay)
    line = lay[:lay.index("field: kicker")].count("\n") + 1  # "- text: { field: kicker"
    r = tractage("check", "--print-shop", "--layout", path, SAMPLE)
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    m = re.search(re.escape(path) + r':(\d+):\d+: warning: the text of frame "kicker" on page recto '
                  r'comes within ([\d.]+) mm of the left edge, inside the 8 mm safe margin', r.stderr)
    check(m, f"no warning:\n{r.stderr}")
    check(int(m.group(1)) == line, f"warning at line {m.group(1)}, the frame is at line {line}")
    check(3.5 < float(m.group(2)) < 4.5, f"distance {m.group(2)}")
    check(os.listdir(d) == ["edge.yaml"], "check wrote files")
    # without --print-shop, no such warning
    r = tractage("check", "--layout", path, SAMPLE)
    check("safe margin" not in r.stderr, r.stderr)


# ---------------------------------------------------------------------------
# Black and white


def check_no_colour(pdf, dpi=20):
    r = run(["pdftoppm", "-r", str(dpi), pdf, os.path.join(os.path.dirname(pdf), "mono-" + stem(pdf))])
    check(r.returncode == 0, r.stderr)
    for f in sorted(os.listdir(os.path.dirname(pdf))):
        if f.startswith("mono-" + stem(pdf)) and f.endswith(".ppm"):
            w, h, ch, px = read_pnm(os.path.join(os.path.dirname(pdf), f))
            coloured = sum(1 for i in range(0, len(px), 3) if not px[i] == px[i + 1] == px[i + 2])
            check(coloured == 0, f"{f}: {coloured} coloured pixels")


def t_mono():
    out = tmpdir()
    build(ALL, out, "--mono", "--sheet", "a4-2up", "--tile", "a4", "--print-shop")
    names = sorted(os.listdir(out))
    check(all("-mono" in n for n in names), f"files without -mono: {names}")
    # per content: the tract, its print-shop file and 2-up sheets; the same for the poster
    check(len(names) == 4 * 6, f"{len(names)} files: {names}")
    for n in names:
        pdf = os.path.join(out, n)
        check_sound(pdf)
        data = content_streams(pdf)
        check(not re.search(rb"\s(rg|RG|sc|scn|SC|SCN|k|K)\s", data), f"{n}: a colour operator is left")
        check_no_colour(pdf)
    # The hierarchy is kept: texts are there, the title black on a light band.
    recto = render(os.path.join(out, f"{stem(SAMPLE)}-tract-a5-mono.pdf"), 36, 1)
    band = sub_image(recto, 0, 0, recto[0], int(recto[1] * 0.40))
    light = sum(1 for v in band[3] if v > 170) / len(band[3])
    check(light > 0.8, f"the accent band is still dark in black and white ({light:.0%} light)")
    check(min(band[3]) < 60, "no black text on the band")
    assert_in_order(flat(text_of(os.path.join(out, f"{stem(SAMPLE)}-tract-a5-mono.pdf"))),
                    SAMPLE_RECTO + SAMPLE_VERSO, "mono tract")


def t_mono_palette():
    """A layout's own greys (mono:) are used as given."""
    out = tmpdir()
    build([SAMPLE], out, "--mono", "--layout", "layouts/poster-a2.yaml")
    pdf = os.path.join(out, f"{stem(SAMPLE)}-poster-a2-mono.pdf")
    img = render(pdf, 10, 1)
    check(abs(gray_at(img, 3, 3) - 0xd0) <= 1, f"band grey {gray_at(img, 3, 3)}, the layout says #d0d0d0")
    check_no_colour(pdf)
    # Errors in a mono: map point at the layout.
    d = tmpdir()
    lay = open(os.path.join(SRC, "layouts/poster-a2.yaml"), encoding="utf-8").read()
    for bad, msg in (('  accent: "#d0d0d0"', r':(\d+):\d+: error: the black-and-white colour of "accent" must '
                      r'be a grey, with equal red, green and blue \(as in "#444444"\), not "#d0d0d1"'),
                     ('  acent: "#d0d0d0"', r':(\d+):\d+: error: unknown colour "acent" in "mono" '
                      r'\(did you mean "accent"\?\)')):
        text = lay.replace('  accent: "#d0d0d0"', bad.replace("#d0d0d0", "#d0d0d1") if "acent" not in bad else bad)
        path = os.path.join(d, "bad.yaml")
        open(path, "w", encoding="utf-8").write(text)
        r = tractage("check", "--layout", path, SAMPLE)
        check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
        m = re.search(re.escape(path) + msg, r.stderr)
        check(m, f"message:\n{r.stderr}")
        check(int(m.group(1)) == text[:text.index("\nmono:")].count("\n") + 3, f"line {m.group(1)}")


# ---------------------------------------------------------------------------
# Pictures and QR codes


def pictures_of(pdf):
    """pdfimages -list as dicts: page, type, width, height, color, enc, object id."""
    r = run(["pdfimages", "-list", pdf])
    check(r.returncode == 0, r.stderr)
    out = []
    for row in r.stdout.splitlines()[2:]:
        c = row.split()
        out.append({"page": int(c[0]), "type": c[2], "w": int(c[3]), "h": int(c[4]), "color": c[5],
                    "enc": c[8], "id": int(c[10]), "xppi": float(c[12])})
    return out


def mkimage(*args):
    r = run([os.environ["TRACTAGE_MKIMAGE"], *map(str, args)])
    check(r.returncode == 0, f"mkimage {args}: {r.stderr}")


def content_with(d, extra_organiser="", extra_top=""):
    """The sample content in folder d, with more keys under organiser: and at the top."""
    text = open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()
    text = text.replace("  name: SUD CD93\n", "  name: SUD CD93\n" + extra_organiser, 1)
    path = os.path.join(d, "fete.yaml")
    open(path, "w", encoding="utf-8").write(text + extra_top)
    return path


def t_pictures():
    """A JPEG is embedded as its own file, once however many copies; a PNG keeps
    its alpha channel and its 16 bits read right; an SVG stays vector; each is
    placed where the layout says; in black and white they are grey."""
    out = tmpdir()
    c = "tests/content/open-meeting-en.yaml"
    build([c], out, "--layout", "tract-a5", "--layout", "flyer-a6", "--sheet", "a4", "--print-shop")
    s = stem(c)
    jpeg = os.path.join(SRC, "tests/content/pictures/riverside-street.jpg")
    for name in ("tract-a5", "tract-a5-print", "flyer-a6", "flyer-a6-4up-a4"):
        pdf = os.path.join(out, f"{s}-{name}.pdf")
        pics = pictures_of(pdf)
        # the SVG logo is vectors: the JPEG is the one image, one object
        check(pics and all(p["w"] == 1200 and p["h"] == 800 and p["enc"] == "jpeg" for p in pics)
              and len({p["id"] for p in pics}) == 1, f"{name}: {pics}")
        check_sound(pdf)
        # the very bytes of the file
        d = tmpdir()
        r = run(["pdfimages", "-j", "-f", "1", "-l", "1", pdf, os.path.join(d, "x")])
        check(r.returncode == 0, r.stderr)
        got = sorted(os.listdir(d))
        check(got and open(os.path.join(d, got[0]), "rb").read() == open(jpeg, "rb").read(),
              f"{name}: the JPEG in the PDF is not the file: {got}")
    # tract-a5: 58 x 38 mm, cover: the 3:2 picture is 58 mm wide
    pics = pictures_of(os.path.join(out, f"{s}-tract-a5.pdf"))
    check(abs(pics[0]["xppi"] - 1200 / (58 / 25.4)) < 3, f"placed at {pics[0]['xppi']} ppi")
    img = render(os.path.join(out, f"{s}-tract-a5.pdf"), 100, 1, gray=False)
    k = 100 / 25.4
    r_, g, b = (img[3][(int(121 * k) * img[0] + int(107 * k)) * 3 + i] for i in range(3))
    check(abs(r_ - 0xe5) < 20 and abs(g - 0x6b) < 20 and abs(b - 0x6f) < 20,
          f"the middle of the picture is ({r_}, {g}, {b}), not the red house #e56b6f")
    # The flyer's picture bleeds (bleed: true): in the print shop's file it
    # runs 3 mm past the trimmed page's foot, into the bleed.
    pdf = os.path.join(out, f"{s}-flyer-a6-print.pdf")
    img = render(pdf, 100, 1, gray=False)
    for y_mm in (11 + 148 - 2, 11 + 148 + 1.5, 11 + 148 + 4):  # trim, bleed, slug
        i = (int(y_mm * k) * img[0] + int((11 + 50) * k)) * 3
        white = sum(img[3][i:i + 3]) > 3 * 245
        check(white == (y_mm > 11 + 148 + 3),
              f"at {y_mm} mm down the print file: {tuple(img[3][i:i + 3])}: the picture should "
              f"{'stop at the bleed' if y_mm > 162 else 'be there'}")
    # in black and white: grey, and no longer the JPEG itself
    build([c], out, "--only", "tract", "--mono")
    pics = pictures_of(os.path.join(out, f"{s}-tract-a5-mono.pdf"))
    check(pics and all(p["color"] == "gray" for p in pics), f"mono: {pics}")
    check_no_colour(os.path.join(out, f"{s}-tract-a5-mono.pdf"))

    # PNG logos: with an alpha channel (the USTR's), and 16 bits.
    pics = pictures_of(build_one("tests/content/congres-deux-jours.yaml", "tract-a5"))
    check([p["type"] for p in pics] == ["image", "smask"] and pics[0]["w"] == 400, f"{pics}")
    d = tmpdir()
    mkimage("png", 300, 100, os.path.join(d, "logo.png"), "16bit")
    path = content_with(d, "  logo: logo.png\n")
    build([path], d, "--only", "tract")
    pics = pictures_of(os.path.join(d, "fete-tract-a5.pdf"))
    check(len(pics) == 1 and pics[0]["w"] == 300 and pics[0]["color"] == "rgb", f"{pics}")
    # contain in 28 x 12 mm: the 3:1 picture is 28 mm wide
    check(abs(pics[0]["xppi"] - 300 / (28 / 25.4)) < 3, f"placed at {pics[0]['xppi']} ppi")


def build_one(content, layout):
    out = tmpdir()
    build([content], out, "--layout", layout)
    return os.path.join(out, f"{stem(content)}-{layout}.pdf")


def t_photo_size():
    """A 2 MB photo adds its own size to the PDF, not more: the JPEG goes in as
    it is (DCTDecode), not decoded and compressed again."""
    d = tmpdir()
    photo = os.path.join(d, "photo.jpg")
    mkimage("jpeg", 4000, 3000, photo, "noise=9", "quality=85")
    size = os.path.getsize(photo)
    check(1.5e6 < size < 3e6, f"the test photo is {size} bytes")
    with_photo = content_with(d, extra_top="image: photo.jpg\n")
    build([with_photo], d, "--only", "tract", "--sheet", "a4")
    pdf = os.path.getsize(os.path.join(d, "fete-tract-a5.pdf"))
    sheet = os.path.getsize(os.path.join(d, "fete-tract-a5-2up-a4.pdf"))
    without = os.path.getsize(build_one(SAMPLE, "tract-a5"))
    print(f"# a {size} byte JPEG: tract {without} -> {pdf} bytes (+{pdf - without}), "
          f"2-up sheet {sheet} bytes", file=sys.stderr)
    check(abs((pdf - without) - size) < 30000, f"the PDF grew by {pdf - without} for {size} bytes")
    check(abs((sheet - without) - size) < 40000, f"the sheet holds the photo more than once: {sheet}")


def qr_read(png_or_pdf, page=1, dpi=150):
    """The texts zbarimg reads on a page (a PDF is rendered at dpi first)."""
    import shutil
    check(shutil.which("zbarimg"), "zbarimg is missing (zbar-tools, tools/debian-packages.txt)")
    path = png_or_pdf
    if png_or_pdf.endswith(".pdf"):
        d = tmpdir()
        r = run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), png_or_pdf,
                 os.path.join(d, "p")])
        check(r.returncode == 0, r.stderr)
        path = os.path.join(d, sorted(os.listdir(d))[0])
    r = run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", path])
    return sorted(r.stdout.splitlines())


def t_qr():
    """Every QR code reads back with a decoder (zbarimg), as the address of the
    content: on each format, in black and white, on sheets of copies, in the
    print-shop file and in the PNG previews; the address is printed under it."""
    cases = [("tests/content/reunion-publique.yaml", "https://ul-interpro-stdenis.org/retraites/inscription"),
             ("tests/content/congres-deux-jours.yaml", "https://ustr-rhone.org/congres-2024/inscription")]
    pages = {"tract-a5": 2, "tract-a5-recto": 1, "flyer-a6": 2, "poster-a4": 1, "poster-a3": 1,
             "poster-a2": 1}
    for c, url in cases:
        out = tmpdir()
        build([c], out, *[a for f in pages for a in ("--layout", f)])
        for layout, page in pages.items():
            pdf = os.path.join(out, f"{stem(c)}-{layout}.pdf")
            dpi = 150 if layout in ("tract-a5", "tract-a5-recto", "flyer-a6") else 72
            check(qr_read(pdf, page, dpi) == [url],
                  f"{stem(c)} {layout}: read {qr_read(pdf, page)}, expected {url}")
            shown = url.split("://", 1)[1]
            text = re.sub(r"[\s\u200b]", "", text_of(pdf, "-f", str(page), "-l", str(page)))
            check(shown in text, f"{stem(c)} {layout}: the address is not printed under the code")
    c, url = cases[1]
    out = tmpdir()
    build([c], out, "--layout", "flyer-a6", "--sheet", "a4", "--mono", "--print-shop", "--png")
    s = stem(c)
    check(qr_read(os.path.join(out, f"{s}-flyer-a6-mono.pdf"), 2) == [url], "mono")
    check(qr_read(os.path.join(out, f"{s}-flyer-a6-mono-4up-a4.pdf"), 2) == [url] * 4, "4 copies")
    check(qr_read(os.path.join(out, f"{s}-flyer-a6-mono-print.pdf"), 2) == [url], "print shop")
    check(qr_read(os.path.join(out, f"{s}-flyer-a6-mono-verso.png")) == [url], "PNG preview")
    # K only in the print shop's file: the modules are DeviceGray black
    data = content_streams(os.path.join(out, f"{s}-flyer-a6-mono-print.pdf"))
    check(b" rg" not in data, "colour left in the print shop's file")


# ---------------------------------------------------------------------------
# PNG


def t_png():
    out = tmpdir()
    build(ALL, out, "--png", "--dpi", "50")
    for c in ALL:
        s = stem(c)
        for name, size in ((f"{s}-tract-a5-recto.png", (291, 413)), (f"{s}-tract-a5-verso.png", (291, 413)),
                           (f"{s}-poster-a3-poster.png", (585, 827))):
            path = os.path.join(out, name)
            check(os.path.exists(path), f"no {name}: {sorted(os.listdir(out))}")
            check(read_png_size(path) == size, f"{name}: {read_png_size(path)}, expected {size}")
    # the same picture as the PDF
    s = stem(SAMPLE)
    png = read_png_rgb(os.path.join(out, f"{s}-tract-a5-recto.png"))
    pdf = render(os.path.join(out, f"{s}-tract-a5.pdf"), 50, 1, gray=False)
    pdf = sub_image(pdf, 0, 0, min(png[0], pdf[0]), min(png[1], pdf[1]))
    png = sub_image(png, 0, 0, pdf[0], pdf[1])
    diff = mean_diff(png, pdf)
    check(diff < 6, f"the PNG differs from the PDF by {diff:.1f}")
    # default 150 dpi, and black and white
    out = tmpdir()
    build([SAMPLE], out, "--png", "--mono", "--only", "tract")
    path = os.path.join(out, f"{s}-tract-a5-mono-recto.png")
    check(read_png_size(path) == (874, 1240), f"{read_png_size(path)} at 150 dpi")
    w, h, ch, px = read_png_rgb(path)
    check(all(px[i] == px[i + 1] == px[i + 2] for i in range(0, len(px), 3 * 7)), "colour in the mono PNG")


# ---------------------------------------------------------------------------
# All outputs together


EVERYTHING = ["--sheet", "a4-2up", "--tile", "a4", "--print-shop", "--png", "--dpi", "30"]


def t_reproducible():
    a, b = tmpdir(), tmpdir()
    build(ALL, a, *EVERYTHING)
    build(ALL, b, *EVERYTHING)
    names = sorted(os.listdir(a))
    # per content: 3 PDFs and 2 PNGs of the tract, 3 PDFs and 1 PNG of the poster
    check(names == sorted(os.listdir(b)) and len(names) == 4 * 9, f"{names}")
    for n in names:
        check(open(os.path.join(a, n), "rb").read() == open(os.path.join(b, n), "rb").read(),
              f"{n} differs between two builds")
    c, dd = tmpdir(), tmpdir()
    build([SAMPLE], c, "--mono", *EVERYTHING)
    build([SAMPLE], dd, "--mono", *EVERYTHING)
    for n in os.listdir(c):
        check(open(os.path.join(c, n), "rb").read() == open(os.path.join(dd, n), "rb").read(),
              f"{n} differs between two builds")


def t_failed_document_one_version():
    d, out = tmpdir(), tmpdir()
    src = os.path.join(d, "fete.yaml")
    good = open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()
    open(src, "w", encoding="utf-8").write(good)
    build([src], out, *EVERYTHING)
    before = {n: open(os.path.join(out, n), "rb").read() for n in os.listdir(out)}
    check(len(before) == 9, f"{sorted(before)}")
    m = re.search(r"(?m)^( *)body: \|\n( +)", good)
    check(m, "no body")
    long = good[:m.end()] + ("Une phrase de plus. " * 400) + "\n\n" + m.group(2) + good[m.end():]
    open(src, "w", encoding="utf-8").write(long)
    r = tractage("build", "--output-dir", out, *EVERYTHING, src)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    # The tract cannot be made: every file made from it goes (they were of the
    # earlier version); the poster's files, whose text did not change, are
    # rewritten the same.
    after = {n: open(os.path.join(out, n), "rb").read() for n in os.listdir(out)}
    posters = {n: b for n, b in before.items() if "-poster-" in n}
    check(len(posters) == 4 and after == posters,
          f"files now {sorted(after)}, expected the poster's {sorted(posters)}")
    removed = re.findall(r"note: removed (\S+): it was made from an earlier version", r.stderr)
    check(sorted(os.path.basename(p) for p in removed) == sorted(set(before) - set(posters)),
          f"removed: {removed}")
    check(not [n for n in os.listdir(out) if n.startswith(".")], "temporary files left")
    e = tmpdir()
    r = tractage("build", "--output-dir", e, *EVERYTHING, src)
    check(r.returncode == 1 and sorted(os.listdir(e)) == sorted(posters),
          f"files written: {os.listdir(e)}")


def t_print_cli():
    r = tractage("--help")
    for opt in ("--sheet", "--flip", "--tile", "--fit", "--print-shop", "--bleed", "--mono", "--png",
                "--dpi", "photocopier", "print shop", "A4 printer"):
        check(opt in r.stdout, f"--help lacks {opt}")
    out = tmpdir()
    for args, msg in ((("--flip", "long"), "--flip goes with --sheet"),
                      (("--sheet", "a3-2up"), '--sheet takes "a4" or "a3"'),
                      (("--sheet", "a4-2up", "--flip", "sideways"), '--flip takes "short" or "long"'),
                      (("--tile", "a5"), '--tile takes "a4" or "a3"'),
                      (("--fit",), "--fit goes with --tile"),
                      (("--bleed", "3mm"), "--bleed goes with --print-shop"),
                      (("--print-shop", "--bleed", "30mm"), "--bleed takes a length from 0 to 10 mm"),
                      (("--print-shop", "--bleed", "3 furlongs"), "--bleed takes a length"),
                      (("--png", "--dpi", "5"), "--dpi takes a number from 10 to 600"),
                      (("--dpi", "100"), "--dpi goes with --png"),
                      (("--sheet", "a4-2up", "--only", "poster"), "no tract layout is being built"),
                      (("--tile", "a4", "--only", "tract"), "no poster layout is being built")):
        r = tractage("build", "--output-dir", out, *args, SAMPLE)
        check(r.returncode == 2, f"{args}: exit {r.returncode}: {r.stderr}")
        check(msg in r.stderr, f"{args}: {r.stderr}")
    check(os.listdir(out) == [], "files written by a usage error")
    # check writes nothing, whatever the options
    r = tractage("check", *EVERYTHING, SAMPLE)
    check(r.returncode == 0 and r.stdout == "", f"check: {r.returncode} {r.stdout}")


if __name__ == "__main__":
    sys.exit(harness.main(globals(), tools=("pdfinfo", "pdffonts", "pdftotext", "pdftoppm",
                                            "pdfimages", "qpdf")))
