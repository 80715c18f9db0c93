#!/usr/bin/env python3
"""Builds one man page: scdoc < INPUT > OUTPUT, minus scdoc's empty paragraphs.

Usage: scdoc.py SCDOC INPUT OUTPUT

scdoc (1.11) opens a paragraph (.P) after every heading and before every
heading or end of an indented block, where there is nothing to separate;
`mandoc -T lint` flags each one ("skipping paragraph macro: PP after SH",
"PP empty"). This drops exactly those lines, and mends two more things:

- a line of text that starts with a period or an apostrophe, which scdoc
  leaves as it is and roff reads as a request (".tractage-words" vanishes),
  gets a \\& in front;
- a line of filled text longer than 80 bytes as mandoc counts them (its style
  check: markup and the installed paths make scdoc's lines longer than their
  source) is broken at spaces; in filled text a line break is a space, so the
  page reads the same.

Nothing else changes, and the pages are lint-clean (tests/man/man.py).
"""
import subprocess
import sys

HEADINGS = (".SH", ".SS", ".TH")
WIDTH = 80


def width(text):
    """The length mandoc measures: it reads a non-ASCII character as \\[uXXXX]."""
    return sum(1 if ord(c) < 128 else 8 for c in text)


def wrap(line):
    """A line of filled text as lines of at most WIDTH bytes, broken at single
    spaces, never before a word that roff would read as a request (. or ')."""
    words = line.split(" ")
    out = [words[0]]
    for w in words[1:]:
        if (width(out[-1] + " " + w) > WIDTH and w and w[0] not in ".'"
                and out[-1]):
            out.append(w)
        else:
            out[-1] += " " + w
    return out


def tidy(roff):
    lines = roff.split("\n")
    out = []
    fill = True
    for i, line in enumerate(lines):
        if line.startswith((".\\&", "'")):
            # text that starts with a period (".tractage-words") or an
            # apostrophe: scdoc leaves it to be read as a request
            line = "\\&" + line
        if line.startswith(".nf"):
            fill = False
        elif line.startswith(".fi"):
            fill = True
        if fill and not line.startswith((".", "'")) and width(line) > WIDTH:
            out += wrap(line)
            continue
        if line == ".P":
            before = out[-1] if out else ""
            after = lines[i + 1] if i + 1 < len(lines) else ""
            if (before.startswith(HEADINGS) or before == ".P" or after.startswith(HEADINGS)
                    or after in (".RE", "")):
                continue
        out.append(line)
    return "\n".join(out)


def main():
    if len(sys.argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    scdoc, src, dst = sys.argv[1:]
    with open(src, "rb") as f:
        r = subprocess.run([scdoc], stdin=f, capture_output=True)
    if r.returncode != 0:
        sys.stderr.write(f"{src}: ")
        sys.stderr.buffer.write(r.stderr)
        return 1
    with open(dst, "w", encoding="utf-8") as f:
        f.write(tidy(r.stdout.decode("utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
