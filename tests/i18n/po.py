#!/usr/bin/env python3
"""The message catalogues are complete and current (issue 11).

Usage (meson runs it from the source root):
    python3 tests/i18n/po.py SOURCE_ROOT XGETTEXT_ARG...

The XGETTEXT_ARGs are po/meson.build's, so that the messages are extracted
exactly as `ninja tractage-pot` does. Checks, one TAP line each:
- po/POTFILES names every source file that marks a message, and no other;
- po/tractage.pot holds the messages of the sources as they are now (run
  `ninja -C build tractage-pot` to rewrite it, `ninja -C build
  tractage-update-po` to merge it into the .po files);
- each language of po/LINGUAS translates every message of the .pot, none
  fuzzy, none left over, and msgfmt --check accepts it.
"""

import os
import re
import subprocess
import sys
import tempfile


def entries(po):
    """{(msgctxt, msgid): (msgstrs, fuzzy)} of a .po/.pot, header and obsolete entries left out."""
    out = subprocess.run(["msgcat", "--no-wrap", "--no-location", "--sort-output", po],
                         check=True, capture_output=True, text=True).stdout
    found = {}
    for block in out.split("\n\n"):
        lines = [l for l in block.splitlines() if not l.startswith("#~")]
        fuzzy = any(l.startswith("#,") and "fuzzy" in l for l in lines)
        fields = {}
        for l in lines:
            m = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', l)
            if m:
                fields[m.group(1)] = m.group(2)
        if "msgid" not in fields or fields["msgid"] == '""':
            continue
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        found[(fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))] = (strs, fuzzy)
    return found


def main():
    root, args = sys.argv[1], sys.argv[2:]
    os.chdir(root)
    results = []

    listed = set(open("po/POTFILES").read().split())
    marking = set()
    for d, _, files in os.walk("src"):
        for f in files:
            if f.endswith(".c"):
                p = os.path.join(d, f)
                if re.search(r'\b(N?G?_|N?C_)\(', open(p, encoding="utf-8").read()):
                    marking.add(p)
    bad = sorted(marking ^ listed)
    results.append(("po/POTFILES lists the files that mark messages", not bad,
                    ["not listed: " + p if p in marking else "listed, marks none: " + p
                     for p in bad]))

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "tractage.pot")
        subprocess.run(["xgettext", *args, "--package-name=tractage", "-f", "po/POTFILES",
                        "-o", pot], check=True)
        now = entries(pot)
    kept = entries("po/tractage.pot")
    diff = [f"new in the sources: {k[1]}" for k in now.keys() - kept.keys()] + \
           [f"gone from the sources: {k[1]}" for k in kept.keys() - now.keys()]
    results.append(("po/tractage.pot is current (ninja -C build tractage-pot)", not diff,
                    sorted(diff)))

    for lang in open("po/LINGUAS").read().split():
        po = f"po/{lang}.po"
        tr = entries(po)
        problems = []
        for k in now:
            if k not in tr:
                problems.append(f"missing: {k[1]}")
            elif tr[k][1]:
                problems.append(f"fuzzy: {k[1]}")
            elif any(s == '""' for s in tr[k][0]):
                problems.append(f"untranslated: {k[1]}")
        problems += [f"left over: {k[1]}" for k in tr.keys() - now.keys()]
        results.append((f"{po} translates every message", not problems, problems))
        check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, po],
                               capture_output=True, text=True)
        results.append((f"msgfmt --check {po}", check.returncode == 0,
                        check.stderr.splitlines()))

    print(f"1..{len(results)}")
    for i, (name, ok, details) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        for d in details[:40]:
            print(f"# {d}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
