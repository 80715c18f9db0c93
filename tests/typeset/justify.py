#!/usr/bin/env python3
"""How well a PDF's justified text is set, measured from the PDF itself.

Usage:
    python3 tests/typeset/justify.py PDF [--space PT] [--page N] [--x0 PT --x1 PT]
                                     [--check lines=31,hyphens=2,max=1.5,min=0.8]

Reads the words and lines with `pdftotext -bbox-layout` and reports, for the
text whose lines run from x0 to x1 (the column; default: the widest lines of
the page):
  - lines: the lines of text;
  - hyphens: lines that end with a hyphen (drawn at a break, or a hard one),
    and the longest run of such lines in a row;
  - word spaces: the gap between two words of a line, as a multiple of the
    font's normal space (--space, in points; Inter 9 pt: 2.53 pt). The narrow
    no-break spaces of French typography (before ; : ! ? », after «) are fixed
    and left out, as are the gaps of a paragraph's last line, which is not
    justified; the widest, the narrowest, the mean, and the lines with a space
    wider than 1.5 times the normal one.
With --check, exits 1 when a figure passes its bound (lines and hyphens: at
most; max: the widest space, as a multiple; min: the narrowest), and prints
which.
"""
import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NARROW_BEFORE = set(";:!?»")


def read(pdf, page):
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out)
    out = re.sub(r'xmlns="[^"]*"', "", out)
    root = ET.fromstring(out)
    lines = []
    for line in root.iter("line"):
        words = [(float(w.get("xMin")), float(w.get("xMax")), w.text or "") for w in line.iter("word")]
        if words:
            lines.append((float(line.get("xMin")), float(line.get("xMax")),
                          float(line.get("yMin")), words))
    return lines


def column(lines, x0, x1):
    """The lines of the column from x0 to x1: the words of each line inside it
    (pdftotext may join the lines of two columns on one baseline)."""
    col = []
    for lx0, lx1, y, words in lines:
        inside = [w for w in words if w[0] >= x0 - 1 and w[1] <= x1 + 1]
        if inside:
            col.append((inside[0][0], inside[-1][1], y, inside))
    col.sort(key=lambda l: l[2])
    return col


def measure(pdf, space, page=1, x0=None, x1=None):
    lines = read(pdf, page)
    if x0 is None:
        x0 = min(l[0] for l in lines)
    if x1 is None:
        x1 = max(l[1] for l in lines)
    col = column(lines, x0, x1)
    right = max((l[1] for l in col), default=x1)  # the column's justified edge
    ratios, loose_lines = [], 0
    hyphens, run, longest = 0, 0, 0
    for i, (lx0, lx1, _, words) in enumerate(col):
        if words[-1][2].endswith(("-", "\u00ad")):  # a soft hyphen: Pango's drawn hyphens
            hyphens += 1
            run += 1
            longest = max(longest, run)
        else:
            run = 0
        full = lx1 >= right - 1.0  # a justified line reaches the right edge
        if not full:
            continue
        loose = False
        for (a0, a1, at), (b0, b1, bt) in zip(words, words[1:]):
            if bt[:1] in NARROW_BEFORE or at.endswith("«"):
                continue
            r = (b0 - a1) / space
            ratios.append(r)
            loose |= r > 1.5 + 1e-6
        loose_lines += loose
    return {
        "lines": len(col),
        "hyphens": hyphens,
        "hyphen_run": longest,
        "max": max(ratios) if ratios else 0,
        "min": min(ratios) if ratios else 0,
        "mean": sum(ratios) / len(ratios) if ratios else 0,
        "loose_lines": loose_lines,
        "space": space,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf")
    ap.add_argument("--space", type=float, default=2.53)
    ap.add_argument("--page", type=int, default=1)
    ap.add_argument("--x0", type=float)
    ap.add_argument("--x1", type=float)
    ap.add_argument("--check", default="")
    a = ap.parse_args()
    m = measure(a.pdf, a.space, a.page, a.x0, a.x1)
    print(f"lines {m['lines']}, hyphenated line ends {m['hyphens']} (at most {m['hyphen_run']} in a row), "
          f"word spaces {m['min']:.2f} to {m['max']:.2f} x normal (mean {m['mean']:.2f}; "
          f"{m['max'] * a.space:.2f} pt widest, {m['mean'] * a.space:.2f} pt mean), "
          f"lines with a space > 1.5 x: {m['loose_lines']}")
    bad = []
    for part in filter(None, a.check.split(",")):
        k, v = part.split("=")
        v = float(v)
        if k == "lines" and m["lines"] > v:
            bad.append(f"{m['lines']} lines > {v:g}")
        elif k == "hyphens" and m["hyphens"] > v:
            bad.append(f"{m['hyphens']} hyphenated line ends > {v:g}")
        elif k == "run" and m["hyphen_run"] > v:
            bad.append(f"{m['hyphen_run']} hyphenated lines in a row > {v:g}")
        elif k == "max" and m["max"] > v + 1e-3:
            bad.append(f"a word space of {m['max']:.3f} x normal > {v:g}")
        elif k == "min" and m["min"] < v - 1e-3:
            bad.append(f"a word space of {m['min']:.3f} x normal < {v:g}")
    for b in bad:
        print("FAIL: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
