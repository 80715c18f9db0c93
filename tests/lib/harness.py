"""What the end-to-end test scripts (tests/e2e, tests/print, tests/robust) share:
the failure type, running the tractage binary and tools, and the entry point
that runs one named test.

A script defines its tests as functions named t_NAME and ends with
    sys.exit(harness.main(globals(), tools=("pdfinfo", ...)))
It is then run by meson as `script.py TRACTAGE SOURCE_ROOT NAME`: exit 0 when
the test passes, 1 with the reason on stderr when it fails, 77 (skipped) when a
tool it needs is missing. main() sets the script's TRACTAGE and SRC globals.
"""
import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile

TRACTAGE = SRC = None  # set by main(): the binary, the source tree
SAMPLE = "content/riposte-au-tout-numerique.yaml"
OTHERS = ["tests/content/reunion-publique.yaml", "tests/content/congres-deux-jours.yaml",
          "tests/content/open-meeting-en.yaml"]


SHY = "\u00ad"


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def run(args, timeout=120, text=True, **kw):
    return subprocess.run(args, capture_output=True, text=text, timeout=timeout, **kw)


def tractage(*args, **kw):
    """Runs the tractage binary from the source tree."""
    return run([TRACTAGE, *args], cwd=SRC, **kw)


def build(files, outdir, *extra):
    """tractage build into outdir; fails the test unless it succeeds."""
    r = tractage("build", "--output-dir", outdir, *extra, *files)
    check(r.returncode == 0,
          f"build {' '.join(extra)} of {files} failed ({r.returncode}):\n{r.stderr}")
    return r


def tmpdir(prefix="tractage-test-"):
    """A new temporary folder, removed when the test ends."""
    d = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    return d


def stem(path):
    return os.path.basename(path).rsplit(".", 1)[0]


def flat(text):
    """Text with hyphenation undone and all spacing folded, for order checks."""
    text = re.sub(SHY + r"\s*\n\s*", "", text)          # drawn soft hyphens at line ends
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)       # (in case they come out as '-')
    text = text.replace(SHY, "")
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)


def assert_in_order(text, needles, what):
    """Each needle is found in text after the one before it."""
    pos = 0
    for n in needles:
        i = text.find(n, pos)
        if i < 0:
            where = "anywhere" if text.find(n) < 0 else f"after position {pos}"
            raise Fail(f"{what}: {n!r} not found {where}\n--- text ---\n{text[:3000]}")
        pos = i + len(n)


def main(script, tools=()):
    tests = {name[2:]: fn for name, fn in script.items() if name.startswith("t_")}
    prog = os.path.basename(sys.argv[0])
    if len(sys.argv) != 4 or sys.argv[3] not in tests:
        print(f"usage: {prog} TRACTAGE SOURCE_ROOT {{{','.join(tests)}}}", file=sys.stderr)
        return 2
    global TRACTAGE, SRC
    TRACTAGE, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
    script["TRACTAGE"], script["SRC"] = TRACTAGE, SRC
    for tool in tools:
        if not shutil.which(tool):
            print(f"{tool} is not installed (tools/debian-packages.txt)", file=sys.stderr)
            return 77
    try:
        tests[sys.argv[3]]()
    except Fail as e:
        print(f"FAIL {sys.argv[3]}: {e}", file=sys.stderr)
        return 1
    print(f"ok {sys.argv[3]}")
    return 0
