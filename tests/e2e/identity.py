#!/usr/bin/env python3
"""End-to-end tests of an organisation's identity and of the formats (issue 10):
organisation files, --accent, the standard layouts by name, and every example
of the docs. (An installed tractage: tests/install/install.py.)

Usage: identity.py TRACTAGE SOURCE_ROOT TEST_NAME
Runs one named test (a function t_NAME below; see tests/lib/harness.py): exit 0
when it passes, 1 with an explanation on stderr, 77 when a tool is missing.
"""
import glob
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import harness  # noqa: E402
from harness import OTHERS, SAMPLE, build, check, flat, run, stem, tractage  # noqa: E402

TRACTAGE = SRC = None
ALL = [SAMPLE] + OTHERS
FORMATS = ["tract-a5", "tract-a5-recto", "flyer-a6", "poster-a4", "poster-a3", "poster-a2"]
SIZES = {"tract-a5": (148, 210, 2), "tract-a5-recto": (148, 210, 1), "flyer-a6": (105, 148, 2),
         "poster-a4": (210, 297, 1), "poster-a3": (297, 420, 1), "poster-a2": (420, 594, 1)}


def tmpdir():
    return harness.tmpdir("tractage-identity-")


def band_colour(pdf, page=1):
    """The colour of the page's top left corner (the accent band), as r, g, b."""
    d = tmpdir()
    r = run(["pdftoppm", "-r", "10", "-f", str(page), "-l", str(page), "-x", "2", "-y", "2",
             "-W", "1", "-H", "1", pdf, os.path.join(d, "p")])
    check(r.returncode == 0, r.stderr)
    data = open(glob.glob(os.path.join(d, "p*"))[0], "rb").read()
    return tuple(data[-3:])


def near(rgb, hexa, tol=3):
    want = tuple(int(hexa[i:i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tol for a, b in zip(rgb, want))


# ---------------------------------------------------------------------------


def t_layouts():
    """tractage layouts lists the six formats with their page sizes; each is
    found by its name, and works on the sample and on every test content."""
    r = tractage("layouts")
    check(r.returncode == 0, r.stderr)
    for name in FORMATS:
        w, h, n = SIZES[name]
        check(re.search(rf"(?m)^{re.escape(name)} +(tract|poster) +A\d, {w} × {h} mm +{n} ", r.stdout),
              f"{name} not listed with {w} × {h} mm and {n} page(s):\n{r.stdout}")
    check("tract-a5 " in r.stdout and "built by default" in r.stdout, r.stdout)
    out = tmpdir()
    args = [a for f in FORMATS for a in ("--layout", f)]
    build(ALL, out, *args)
    for c in ALL:
        for f in FORMATS:
            pdf = os.path.join(out, f"{stem(c)}-{f}.pdf")
            info = run(["pdfinfo", pdf]).stdout
            w, h, n = SIZES[f]
            size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
            check(abs(float(size.group(1)) - w * 72 / 25.4) < 0.02 and
                  abs(float(size.group(2)) - h * 72 / 25.4) < 0.02, f"{pdf}: {size.group(0)}")
            check(re.search(rf"Pages:\s+{n}\n", info), f"{pdf}: pages\n{info}")


def t_organisation():
    """An organisation file gives the organiser's fields, logo, colours and
    fonts; the content's own organiser wins; --accent wins over both."""
    out = tmpdir()
    build(["tests/content/reunion-publique.yaml"], out, "--only", "tract")
    pdf = os.path.join(out, "reunion-publique-tract-a5.pdf")
    check(near(band_colour(pdf), "#0b4f8a"), f"band {band_colour(pdf)}: not the union local's blue")
    t = flat(run(["pdftotext", pdf, "-"]).stdout)
    check("UL interpro Saint-Denis — Union locale interprofessionnelle de Saint-Denis" in t, t[-400:])
    # the content's own website, not the organisation file's
    check("https://ul-interpro-stdenis.org/retraites" in t, t[-400:])
    # the logo is an SVG: drawn as vectors, no image in the PDF
    r = run(["pdfimages", "-list", pdf])
    check(len(r.stdout.splitlines()) == 2, f"an image in the PDF:\n{r.stdout}")
    build(["tests/content/reunion-publique.yaml"], out, "--only", "tract", "--accent=#2a6f4e")
    check(near(band_colour(pdf), "#2a6f4e"), f"band {band_colour(pdf)}: --accent not taken")
    build([SAMPLE], out, "--only", "tract", "--accent", "2a6f4e")
    check(near(band_colour(os.path.join(out, f"{stem(SAMPLE)}-tract-a5.pdf")), "#2a6f4e"),
          "--accent without # not taken")


def t_organisation_examples():
    """Each example organisation file, copied next to a content file with its
    logo, builds every format, in its colours."""
    for org in sorted(glob.glob(os.path.join(SRC, "organisations", "*.yaml"))):
        d = tmpdir()
        shutil.copytree(os.path.join(SRC, "organisations"), os.path.join(d, "organisation"))
        content = open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()
        content = re.sub(r"(?m)^organiser:\n(  .*\n)+", "organisation: organisation/" +
                         os.path.basename(org) + "\n", content, count=1)
        check("organisation: organisation/" in content, "could not replace the organiser")
        path = os.path.join(d, "fete.yaml")
        open(path, "w", encoding="utf-8").write(content)
        args = [a for f in FORMATS for a in ("--layout", f)]
        r = run([TRACTAGE, "build", "--output-dir", d, *args, path], cwd=SRC)
        # The one-sided tract and the flyer have no place for the body, and say so.
        others = [l for l in r.stderr.splitlines() if ": warning: " in l and not re.search(
            r"warning: the body is not printed on (tract-a5-recto|flyer-a6): ", l)]
        check(r.returncode == 0 and not others, f"{org}: {r.returncode}\n{r.stderr}")
        accent = re.search(r'accent: "(#[0-9a-f]{6})"', open(org, encoding="utf-8").read()).group(1)
        for f in FORMATS:
            pdf = os.path.join(d, f"fete-{f}.pdf")
            check(near(band_colour(pdf), accent), f"{org} {f}: band {band_colour(pdf)}, not {accent}")
        name = re.search(r"(?m)^name: (.*)$", open(org, encoding="utf-8").read()).group(1)
        check(name in flat(run(["pdftotext", os.path.join(d, "fete-tract-a5.pdf"), "-"]).stdout),
              f"{org}: no {name} in the footer")


def code_blocks(md):
    """The YAML code blocks of a Markdown file, with the line they start on."""
    text = open(os.path.join(SRC, md), encoding="utf-8").read()
    for m in re.finditer(r"(?ms)^```yaml\n(.*?)^```", text):
        yield text[:m.start()].count("\n") + 2, m.group(1)


def t_docs_examples():
    """Every complete YAML example of the docs works: each layout example on
    every test content, each content example on its own, each organisation
    example with a content; the fragments (a few keys) are at least YAML a
    layout or content file accepts once completed (they are listed here)."""
    d = tmpdir()
    layouts = contents = orgs = 0
    for md in sorted(glob.glob(os.path.join(SRC, "docs", "*.md"))) + [os.path.join(SRC, "README.md")]:
        rel = os.path.relpath(md, SRC)
        for line, block in code_blocks(rel):
            where = f"{rel}:{line}"
            if re.search(r"(?m)^layout: 1", block):
                path = os.path.join(d, f"layout-{line}.yaml")
                open(path, "w", encoding="utf-8").write(block)
                r = run([TRACTAGE, "check", "--layout", path, *ALL], cwd=SRC)
                check(r.returncode == 0, f"{where}: the layout example fails:\n{r.stderr}")
                layouts += 1
            elif re.search(r"(?m)^event:", block):
                path = os.path.join(d, f"content-{line}.yaml")
                # the files it names (a logo, an organisation file) are not there
                text = re.sub(r"(?m)^ *(organisation|logo|image): .*$", "", block)
                open(path, "w", encoding="utf-8").write(text)
                r = run([TRACTAGE, "check", path], cwd=SRC)
                check(r.returncode == 0, f"{where}: the content example fails:\n{r.stderr}")
                contents += 1
            elif re.search(r"(?m)^name: ", block) and "colours:" in block and "pages:" not in block:
                org = os.path.join(d, "org", f"org-{line}.yaml")
                os.makedirs(os.path.dirname(org), exist_ok=True)
                open(org, "w", encoding="utf-8").write(re.sub(r"(?m)^logo: .*$", "", block))
                content = open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()
                content = re.sub(r"(?m)^organiser:\n(  .*\n)+", f"organisation: org/org-{line}.yaml\n",
                                 content, count=1)
                path = os.path.join(d, f"with-org-{line}.yaml")
                open(path, "w", encoding="utf-8").write(content)
                r = run([TRACTAGE, "check", path], cwd=SRC)
                check(r.returncode == 0, f"{where}: the organisation example fails:\n{r.stderr}")
                orgs += 1
    check(layouts >= 2 and contents >= 1 and orgs >= 1,
          f"found {layouts} layout, {contents} content and {orgs} organisation examples")


def t_svg_stays_home():
    """An SVG that refers to a file outside the content's folder and to a web
    address: neither is loaded (nothing connects, the outside file's colour
    never shows), and the warning says so."""
    import socket
    import threading
    d = tmpdir()
    content_dir = os.path.join(d, "content")
    os.mkdir(content_dir)
    # A file outside the folder, all green: if it were drawn, green would show.
    open(os.path.join(d, "outside.svg"), "w").write(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10" fill="#00ff00"/></svg>')
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.settimeout(0.2)
    port = srv.getsockname()[1]
    hits = []

    def serve():
        for _ in range(60):
            try:
                conn, _ = srv.accept()
                hits.append(1)
                conn.close()
            except OSError:
                pass
    th = threading.Thread(target=serve)
    th.start()
    open(os.path.join(content_dir, "logo.svg"), "w").write(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="40mm" height="20mm" viewBox="0 0 40 20"><rect width="40" height="20" fill="#ffffff"/>'
        f'<image xlink:href="../outside.svg" width="20" height="20"/>'
        f'<image href="http://127.0.0.1:{port}/x.svg" x="20" width="20" height="20"/>'
        f'<image href="file://{d}/outside.svg" x="10" width="20" height="20"/></svg>')
    content = open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()
    content = content.replace("  name: SUD CD93\n", "  name: SUD CD93\n  logo: logo.svg\n", 1)
    path = os.path.join(content_dir, "fete.yaml")
    open(path, "w", encoding="utf-8").write(content)
    r = run([TRACTAGE, "build", "--output-dir", d, "--only", "tract", "--png", "--dpi", "100", path],
            cwd=SRC)
    th.join()
    srv.close()
    check(r.returncode == 0, r.stderr)
    check(not hits, f"{len(hits)} connection(s) to the web address of the SVG")
    check(re.search(r'warning: the logo "logo.svg": it refers to other files or to web addresses '
                    r'\("\.\./outside\.svg", "http://127\.0\.0\.1:\d+/x\.svg", "file://', r.stderr),
          r.stderr)
    r = run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", os.path.join(d, "fete-tract-a5.pdf"),
             os.path.join(d, "page")])
    check(r.returncode == 0, r.stderr)
    data = open(glob.glob(os.path.join(d, "page*.ppm"))[0], "rb").read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    px = data[m.end():]
    green = sum(1 for i in range(0, len(px), 3) if px[i] < 40 and px[i + 1] > 220 and px[i + 2] < 40)
    check(green == 0, f"{green} green pixels: the outside file was drawn")

if __name__ == "__main__":
    sys.exit(harness.main(globals(), tools=("pdfinfo", "pdftotext", "pdftoppm", "pdfimages", "pdffonts")))
