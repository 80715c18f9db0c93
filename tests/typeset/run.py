#!/usr/bin/env python3
"""Justification targets of issue 7, measured from the PDFs (a meson test).

Usage: run.py TRACTAGE SOURCE_ROOT

Builds the sample content with the peers' shared verso design
(tests/layouts/shared-verso.yaml) and with the two-column tract
(tests/layouts/two-columns.yaml), and measures them with justify.py:
  - shared verso: at most 36 lines (the least the breaker finds within the
    spaces' bounds for these seven paragraphs: see docs/typography.md), at most
    2 hyphenated line ends and never two in a row, no word space wider than
    1.5 times the normal one or narrower than 0.8 times;
  - two columns of 60 mm: no word space wider than 1.6 times the normal one.
Exit status 0 when every target holds; the figures are printed either way.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import justify  # noqa: E402

SAMPLE = "content/riposte-au-tout-numerique.yaml"


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    tractage, src = os.path.abspath(sys.argv[1]), sys.argv[2]
    if not shutil.which("pdftotext"):
        print("pdftotext is not installed (tools/debian-packages.txt)", file=sys.stderr)
        return 77
    out = tempfile.mkdtemp(prefix="tractage-typeset-")
    try:
        r = subprocess.run([tractage, "build", "--output-dir", out,
                            "--layout", "tests/layouts/shared-verso.yaml",
                            "--layout", "tests/layouts/two-columns.yaml", SAMPLE],
                           cwd=src, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            print(f"build failed ({r.returncode}):\n{r.stderr}", file=sys.stderr)
            return 1
        bad = []
        verso = os.path.join(out, "riposte-au-tout-numerique-shared-verso.pdf")
        m = justify.measure(verso, 2.53)
        print(f"shared verso: {m}")
        if m["lines"] > 36:
            bad.append(f"shared verso: {m['lines']} lines > 36")
        if m["hyphens"] > 2 or m["hyphen_run"] > 1:
            bad.append(f"shared verso: {m['hyphens']} hyphenated line ends, "
                       f"{m['hyphen_run']} in a row")
        if m["max"] > 1.5 + 1e-3 or m["min"] < 0.8 - 5e-3:
            bad.append(f"shared verso: word spaces {m['min']:.3f} to {m['max']:.3f} x normal")
        two = os.path.join(out, "riposte-au-tout-numerique-two-columns.pdf")
        for page in (1, 2):
            for x0, x1 in ((30, 206), (213, 390)):
                m = justify.measure(two, 2.53, page, x0, x1)
                if not m["lines"]:
                    continue
                print(f"two columns, page {page}, x {x0}-{x1}: {m}")
                if m["max"] > 1.6 + 1e-3:
                    bad.append(f"two columns, page {page}: a word space of {m['max']:.3f} x normal")
        for b in bad:
            print("FAIL: " + b, file=sys.stderr)
        return 1 if bad else 0
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
