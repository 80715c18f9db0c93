#!/usr/bin/env python3
"""What tractage check finds in every real content: content/*.yaml and
tests/content/*.yaml.

Usage (meson runs it from the source root, suite "check"):
    python3 tests/check/contents.py PATH/TO/tractage SOURCE_ROOT [--regen]

Runs `tractage check` on each content and keeps its findings: the messages that
end with a finding's name in brackets ("[spelling]", docs/checks.md), with the
notes right under them. They must equal tests/check/contents.findings, line for
line. Layout messages (a title set below its wished size) are left out: the
golden dumps hold those. So a new false finding in any real content, or a lost
one, fails CI. TR_CHECK_REGEN=1 (or --regen) rewrites the file: read its diff.

Output: TAP, one test.
"""
import difflib
import glob
import os
import re
import subprocess
import sys

FINDING = re.compile(r": (warning|note): .* \[[a-z-]+\]$")
NOTE = re.compile(r"^[^:]+:\d+:\d+: note: ")


def findings(tractage, content):
    r = subprocess.run([tractage, "check", content], capture_output=True, text=True,
                       timeout=120)
    out, keep = [], False
    for line in r.stderr.splitlines():
        if FINDING.search(line):
            keep = True
        elif not (keep and NOTE.match(line)):
            keep = False
            continue
        out.append(line)
    return out, r.returncode


def main():
    args = [a for a in sys.argv[1:] if a != "--regen"]
    regen = "--regen" in sys.argv[1:] or os.environ.get("TR_CHECK_REGEN") == "1"
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    tractage = os.path.abspath(args[0])
    os.chdir(args[1])
    lines = []
    problems = []
    for c in sorted(glob.glob("content/*.yaml")) + sorted(glob.glob("tests/content/*.yaml")):
        got, status = findings(tractage, c)
        if status != 0:
            problems.append(f"{c}: exit status {status}")
        lines.append(f"== {c}")
        lines.extend(got)
    path = os.path.join("tests", "check", "contents.findings")
    text = "\n".join(lines) + "\n"
    print("1..1")
    if regen:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    with open(path, encoding="utf-8") as f:
        want = f.read()
    if want != text:
        problems.append("findings differ from tests/check/contents.findings:")
        problems.extend(difflib.unified_diff(want.splitlines(), text.splitlines(), "expected",
                                             "got", lineterm=""))
    print(("not ok" if problems else "ok") + " 1 - findings of every real content")
    for p in problems:
        print(f"# {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
