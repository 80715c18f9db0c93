#!/usr/bin/env python3
"""Golden layout dumps: every test content under every standard layout.

Usage (meson runs it from the source root):
    python3 tests/golden/run.py PATH/TO/tractage SOURCE_ROOT [--regen]

For each content file C (content/*.yaml and tests/content/*.yaml) and each
standard layout L (layouts/*.yaml), the runner calls

    tractage check --dump --layout layouts/L.yaml C

and compares what it prints with tests/golden/<C>.<L>.dump: the placed lines
(frame, size, position, text as drawn), then the messages and the exit status.
Every change to the engine is then reviewed as a diff of placed lines.

Regenerate after a deliberate change, and read the diff before committing:

    TR_GOLDEN_REGEN=1 meson test -C build golden      (or: run.py ... --regen)
    git diff tests/golden/

Output: TAP, one test per pair; a failure shows the first differing lines.
A dump file that no pair produces any more is reported (and removed by --regen).
"""

import difflib
import glob
import os
import subprocess
import sys

TIMEOUT = 60


def pairs(src):
    contents = sorted(glob.glob(os.path.join(src, "content", "*.yaml")))
    contents += sorted(glob.glob(os.path.join(src, "tests", "content", "*.yaml")))
    layouts = sorted(glob.glob(os.path.join(src, "layouts", "*.yaml")))
    for c in contents:
        for l in layouts:
            yield os.path.relpath(c, src), os.path.relpath(l, src)


def stem(path):
    return os.path.basename(path).rsplit(".", 1)[0]


def produce(tractage, src, content, layout):
    # --no-findings: the dumps are about the layout; what tractage check finds
    # in the texts is tested in tests/check.
    r = subprocess.run([tractage, "check", "--no-findings", "--dump", "--layout", layout,
                        content],
                       cwd=src, capture_output=True, text=True, timeout=TIMEOUT)
    out = f"# tractage check --dump --layout {layout} {content}\n"
    out += r.stdout
    out += "--- messages\n" + r.stderr
    out += f"--- exit {r.returncode}\n"
    return out


def main():
    args = [a for a in sys.argv[1:] if a != "--regen"]
    regen = "--regen" in sys.argv[1:] or os.environ.get("TR_GOLDEN_REGEN") == "1"
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    tractage, src = os.path.abspath(args[0]), args[1]
    gdir = os.path.join(src, "tests", "golden")
    todo = list(pairs(src))
    print(f"1..{len(todo) + 1}")
    failed = 0
    wanted = set()
    for i, (content, layout) in enumerate(todo, 1):
        name = f"{stem(content)}.{stem(layout)}.dump"
        wanted.add(name)
        path = os.path.join(gdir, name)
        got = produce(tractage, src, content, layout)
        if regen:
            with open(path, "w", encoding="utf-8") as f:
                f.write(got)
            print(f"ok {i} {name} (regenerated)")
            continue
        try:
            with open(path, encoding="utf-8") as f:
                want = f.read()
        except FileNotFoundError:
            want = ""
        if got == want:
            print(f"ok {i} {name}")
            continue
        failed += 1
        print(f"not ok {i} {name}")
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(),
                                    f"expected {name}", "got", lineterm="", n=1)
        for n, line in enumerate(diff):
            if n >= 40:
                print("# ... (more differences)")
                break
            print("# " + line)
    stale = sorted(set(os.path.basename(p) for p in glob.glob(os.path.join(gdir, "*.dump")))
                   - wanted)
    if stale and regen:
        for s in stale:
            os.remove(os.path.join(gdir, s))
        stale = []
    if stale:
        failed += 1
        print(f"not ok {len(todo) + 1} no stale dump files")
        print("# no content or layout gives: " + ", ".join(stale))
    else:
        print(f"ok {len(todo) + 1} no stale dump files")
    if regen:
        print("# regenerated: review with git diff tests/golden/", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
