#!/usr/bin/env python3
"""The peers' shared verso design, set by tractage, Typst 0.10 and LuaLaTeX, measured alike.

Usage: python3 bench/peers.py [--build-dir DIR] [--keep DIR]

The design (tests/layouts/shared-verso.yaml): the sample's body text, Inter 9 pt on an
11.6 pt pitch, 3.5 pt between paragraphs, one 124 mm justified column, French
hyphenation. Each tool sets the same seven paragraphs, read from
content/riposte-au-tout-numerique.yaml (a single line break inside a paragraph reads as a
space, as tractage reads it):
  - tractage: `tractage build --layout tests/layouts/shared-verso.yaml`;
  - Typst 0.10 (bench/typst/install.sh, from npm): the same page and text, `lang: "fr"`,
    `justify: true`, Knuth-Plass breaking (Typst's default for justified text);
  - LuaLaTeX with babel-french and microtype (protrusion and font expansion), when
    `lualatex` is installed (not a tractage dependency: `apt-get install texlive-luatex
    texlive-latex-recommended texlive-lang-french`).
Figures come from the PDFs: lines and hyphenated line ends for all three; word spaces
(tests/typeset/justify.py, `pdftotext -bbox-layout`) for tractage and Typst only, since
LuaLaTeX's text layer with Inter has a space between every letter ("L e  s y n d i c a
t"), so its words cannot be measured, only its lines counted (`pdftotext -layout`).
Prints one row per tool; exit status 0, or 2 when tractage itself could not be measured.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "typeset"))
import justify  # noqa: E402

SAMPLE = "content/riposte-au-tout-numerique.yaml"
SPACE = 2.53  # Inter's word space at 9 pt
INTER = "/usr/share/fonts/opentype/inter"


def paragraphs():
    with open(os.path.join(ROOT, SAMPLE), encoding="utf-8") as f:
        body = yaml.safe_load(f)["body"]
    return [re.sub(r"\s*\n\s*", " ", p.strip()) for p in body.split("\n\n") if p.strip()]


def tractage(build, out):
    r = subprocess.run([os.path.join(build, "src", "tractage"), "build", "--output-dir", out,
                        "--layout", "tests/layouts/shared-verso.yaml", SAMPLE], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return os.path.join(out, "riposte-au-tout-numerique-shared-verso.pdf")


def typst(out):
    r = subprocess.run(["bash", os.path.join(ROOT, "bench", "typst", "install.sh")],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    exe = r.stdout.strip().splitlines()[-1]
    src = os.path.join(out, "verso.typ")
    # Typst reads the text from a file of its own: strings, so nothing is markup.
    with open(os.path.join(out, "paras.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(paragraphs(), f, allow_unicode=True)
    with open(src, "w", encoding="utf-8") as f:
        f.write('#set page(width: 148mm, height: 420mm, margin: 12mm)\n'
                '#set text(font: "Inter", lang: "fr", size: 9pt, hyphenate: true,\n'
                '  top-edge: 1em, bottom-edge: "baseline")\n'
                '#set par(justify: true, leading: 2.6pt)\n'   # 11.6 pt pitch
                '#show par: set block(spacing: 6.1pt)\n'      # + 3.5 pt
                '#for p in yaml("paras.yaml") [ #par(p) ]\n')
    pdf = os.path.join(out, "typst.pdf")
    r = subprocess.run([exe, "compile", "--font-path", INTER, src, pdf], capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    return pdf


def latex(out):
    if not shutil.which("lualatex"):
        raise RuntimeError("lualatex is not installed (apt-get install texlive-luatex "
                           "texlive-latex-recommended texlive-lang-french)")
    text = "\n\n".join(p.replace("...", "\\ldots{}").replace("%", "\\%").replace("#", "\\#")
                       for p in paragraphs())
    with open(os.path.join(out, "verso.tex"), "w", encoding="utf-8") as f:
        f.write("\\documentclass{article}\n"
                "\\usepackage[paperwidth=148mm,paperheight=420mm,textwidth=124mm,"
                "textheight=396mm,top=12mm,left=12mm]{geometry}\n"
                "\\usepackage{fontspec}\n"
                f"\\setmainfont{{Inter}}[Path={INTER}/,UprightFont=Inter-Regular.otf]\n"
                "\\usepackage[french]{babel}\n\\usepackage{microtype}\n"
                "\\setlength{\\parindent}{0pt}\\setlength{\\parskip}{3.5pt}\n"
                "\\pagestyle{empty}\n\\begin{document}\n"
                "\\fontsize{9bp}{11.6bp}\\selectfont\n" + text + "\n\\end{document}\n")
    r = subprocess.run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "verso.tex"],
                       cwd=out, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("lualatex failed: see verso.log")
    return os.path.join(out, "verso.pdf")


def count_lines(pdf):
    """Lines and hyphenated line ends from the text in layout order, for a PDF whose words
    pdftotext cannot read."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [l.rstrip() for l in text.splitlines() if l.strip()]
    ends = [l.endswith("-") for l in lines]
    run = best = 0
    for e in ends:
        run = run + 1 if e else 0
        best = max(best, run)
    return {"lines": len(lines), "hyphens": sum(ends), "hyphen_run": best}


def row(name, m):
    cells = [name, str(m["lines"]), f'{m["hyphens"]} ({m["hyphen_run"]} in a row)']
    if "max" in m:
        cells += [f'{m["max"] * SPACE:.2f} pt ({m["max"]:.2f}×)',
                  f'{m["mean"] * SPACE:.2f} pt ({m["mean"]:.2f}×)',
                  f'{m["min"]:.2f}×', str(m["loose_lines"])]
    else:
        cells += ["–"] * 4
    return "| " + " | ".join(cells) + " |"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--keep", help="write the PDFs and sources here, and keep them")
    a = ap.parse_args()
    out = a.keep or tempfile.mkdtemp(prefix="tractage-peers-")
    os.makedirs(out, exist_ok=True)
    print("| tool | lines | hyphenated line ends | widest word space | mean word space "
          "| narrowest | lines with a space > 1.5× |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    status = 0
    try:
        for name, make, words in (("tractage", lambda: tractage(a.build_dir, out), True),
                                  ("Typst 0.10", lambda: typst(out), True),
                                  ("LuaLaTeX + microtype", lambda: latex(out), False)):
            try:
                pdf = make()
            except (RuntimeError, OSError) as e:
                print(f"{name}: not measured: {e}", file=sys.stderr)
                status = status or (2 if name == "tractage" else 0)
                continue
            print(row(name, justify.measure(pdf, SPACE) if words else count_lines(pdf)))
    finally:
        if not a.keep:
            shutil.rmtree(out, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
