#!/usr/bin/env python3
"""Bad-input tests: run tractage on each broken file and compare its messages.

Usage (meson runs it from the source root):
    python3 tests/bad/run.py PATH/TO/tractage SOURCE_ROOT
    python3 tests/bad/run.py PATH/TO/tractage SOURCE_ROOT --check

With --check the cases are those of tests/check/ (the findings of `tractage
check`, tests/check/README.md): the default args are "check
tests/check/NAME.yaml", and the expected stderr is the WHOLE standard error,
not its first lines, and standard output must be empty.

Every tests/bad/NAME.expect (in sorted order) is one test. Its format:

    args: build tests/bad/NAME.yaml      optional; this is the default
    exit: 1                               the expected exit status
    generate: NAME                        optional, see below
    stderr:
    tests/bad/NAME.yaml:3:12: error: ...
    tests/bad/NAME.yaml:3:12: note: ...

- "args" is split like a shell command line (shlex). The runner inserts
  "--output-dir <a fresh empty temp dir>" right after the word "build".
- The lines after "stderr:" must equal the FIRST lines of tractage's standard
  error, exactly (trailing blank lines of the .expect are ignored); more lines
  may follow in the actual output.
- The temp output dir must still be empty afterwards: a failed build writes
  no file.
- A run longer than 20 s is killed and fails.
- Lines starting with "#" before "stderr:" are comments.
- "env: NAME=VALUE ..." (optional, split like a shell command line) adds
  variables to tractage's environment, e.g. "env: TRACTAGE_TODAY=2017-10-10".

Generated inputs. Files too big or too binary to keep in git (a 10 MB text, a
NUL byte, invalid UTF-8, UTF-16, pictures) are written at run time: "generate:
NAME" names one of the generators in GENERATORS below; the runner writes its
bytes to a temp file and replaces "$FILE" in "args" and in the expected stderr
by that file's path. The default args are then "build $FILE". A generator may
also write files next to it (a picture the content names): it then returns a
dict of file names and bytes, "" standing for the content file, and "$DIR" in
the expected stderr is the temp folder.

Output: TAP (1..N, ok / not ok, "# " lines showing expected against actual).
Exit status 0 when every test passed, 1 otherwise.
"""

import os
import re
import shlex
import subprocess
import sys
import tempfile
import zlib

TIMEOUT = 20

# A small valid content: generators add their defect to it.
BASE = (
    "organiser:\n"
    "  name: SUD CD93\n"
    "event:\n"
    "  title: Construire la riposte au tout numérique\n"
    "  sessions:\n"
    "    - date: 2017-10-03\n"
    "      start: \"08:30\"\n"
    "      end: \"17:30\"\n"
    "  venue:\n"
    "    name: Bourse du travail de Bobigny\n"
    "    city: Bobigny\n"
).encode("utf-8")


def gen_big_scalar():
    """A 10 MB title: refused by size before parsing."""
    return b"event:\n  title: " + b"x" * (10 * 1024 * 1024) + b"\n"


def gen_nul_byte():
    """A NUL byte in line 4, after "  title: Constr" (column 16)."""
    return BASE.replace(b"Construire", b"Constr\x00uire", 1)


def gen_invalid_utf8():
    """The title (line 4) with "numérique" in Latin-1: a lone 0xE9 byte."""
    return BASE.replace("numérique".encode("utf-8"), b"num\xe9rique", 1)


def gen_utf16():
    """The whole file saved as UTF-16 with its byte-order mark."""
    return BASE.decode("utf-8").encode("utf-16")


def gen_control_char():
    """A BEL character (U+0007) pasted into the title."""
    return BASE.replace(b"la riposte", b"la \x07riposte", 1)


def gen_deep_flow():
    """100 000 '[': libyaml alone would take seconds (quadratic)."""
    return b"event:\n  title: " + b"[" * 100000 + b"\n"


def gen_crlf_tab():
    """Windows line ends, and a tab indenting line 5."""
    return BASE.replace(b"\n", b"\r\n").replace(b"\r\n  sessions:", b"\r\n\tsessions:", 1)


def gen_flow_10000():
    """Exactly the issue's 10 000 levels, as nested flow lists '[[[…'."""
    return b"event:\n  title: " + b"[" * 10000 + b"x" + b"]" * 10000 + b"\n"


def gen_flow_map_10000():
    """10 000 nested flow mappings '{a: {a: …}}'."""
    return b"event: " + b"{a: " * 10000 + b"x" + b"}" * 10000 + b"\n"


def gen_block_seq_10000():
    """10 000 nested block lists on one line: '- - - … x' (no bracket at all, so
    only the reader's own depth count can stop it)."""
    return b"event:\n  title:\n    " + b"- " * 10000 + b"x\n"


def gen_block_map_deep():
    """1 000 nested block mappings, one space more per level (about 500 KB: as
    deep as indentation can go under the 1 MiB limit)."""
    return b"event:\n" + b"".join(b" " * (i + 1) + b"k%d:\n" % i for i in range(1000)) \
        + b" " * 1001 + b"x\n"


def gen_big_under_limit():
    """A 900 KB body (under the 1 MiB file limit): over the limit for one text."""
    para = "Une phrase de plus pour remplir le tract, encore et encore. " * 15
    return BASE + b"body: |\n" + ("  " + para + "\n\n").encode() * 1000


def gen_long_body():
    """A 15 000-character body, just under the limit for one text: the
    fitting refuses it, saying by how much, in well under a second."""
    para = "Une phrase de plus pour remplir le tract, encore et encore. " * 10
    return BASE + b"body: |\n" + ("  " + para.strip() + "\n\n").encode() * 25


def gen_huge_title():
    """A title of 3 700 words (29 600 characters). Before the limit on one text,
    the poster measured it on one line past Pango's int range, found that it
    "fitted", and drew one line of it: exit 0 with the rest lost."""
    return BASE.replace(b"Construire la riposte au tout num\xc3\xa9rique", b"riposte " * 3700, 1)


def gen_many_errors():
    """5 000 unknown keys: the messages stop at the cap instead of flooding."""
    return BASE + b"".join(b"zz%d: x\n" % i for i in range(5000))


def gen_c1_control():
    """A raw U+0085 (NEL, the C1 control a badly converted '…' becomes)."""
    return BASE.replace(b"la riposte", b"la riposte\xc2\x85", 1)


def gen_overlong_utf8():
    """An overlong UTF-8 encoding of '/' (0xC0 0xAF), a classic filter bypass."""
    return BASE.replace(b"la riposte", b"la \xc0\xafriposte", 1)


def gen_utf8_surrogate():
    """A UTF-16 surrogate encoded in UTF-8 (0xED 0xA0 0x80), as CESU-8 writes it."""
    return BASE.replace(b"la riposte", b"la \xed\xa0\x80riposte", 1)


def gen_truncated_utf8():
    """The file ends in the middle of a UTF-8 sequence ('é' cut in two)."""
    return BASE + b"note: caf\xc3"


def picture(kind, *args):
    """The bytes of a test picture (tests/tools/mkimage, built by meson)."""
    mk = os.environ.get("TRACTAGE_MKIMAGE")
    if not mk:
        raise RuntimeError("TRACTAGE_MKIMAGE is not set (meson sets it)")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "p")
        subprocess.run([mk, kind, *map(str, args[:2]), out, *args[2:]], check=True)
        with open(out, "rb") as f:
            return f.read()


def with_picture(name, data, key="image"):
    """The base content naming a picture (top-level image:, or organiser logo:)."""
    if key == "logo":
        content = BASE.replace(b"  name: SUD CD93\n", b"  name: SUD CD93\n  logo: " +
                               name.encode() + b"\n", 1)
    else:
        content = BASE + b"image: " + name.encode() + b"\n"
    return {"": content, name: data}


def gen_png_cut():
    """A PNG cut short in its pixels (a download that stopped)."""
    png = picture("png", 300, 200)
    return with_picture("photo.png", png[:len(png) * 2 // 3])


def gen_jpeg_cut():
    """A JPEG cut short: libjpeg would fill the rest with grey; tractage says so."""
    jpg = picture("jpeg", 300, 200, "noise=10")
    return with_picture("photo.jpg", jpg[:len(jpg) * 2 // 3])


def gen_png_huge():
    """A PNG whose header says 20 000 x 20 000 pixels (1.6 GB decoded): refused
    from the header, before any pixel is decoded."""
    png = bytearray(picture("png", 2, 2))
    png[16:24] = (20000).to_bytes(4, "big") * 2
    png[29:33] = zlib.crc32(bytes(png[12:29])).to_bytes(4, "big")
    return with_picture("poster.png", bytes(png))


def gen_jpeg_cmyk():
    """A CMYK JPEG, as Photoshop writes them: turned into RGB, with a warning."""
    return with_picture("photo.jpg", picture("jpeg", 64, 48, "cmyk"))


def gen_gif_logo():
    """A GIF logo: named for what it is."""
    return with_picture("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", key="logo")


def gen_logo_symlink_out():
    """A logo that is a symbolic link to a file outside the content's folder."""
    return {"": with_picture("logo.png", b"", key="logo")[""], "logo.png": ("symlink", "/etc/hostname")}


def gen_long_lists():
    """101 sessions, 201 programme items and 101 keywords: over the limits that
    keep a file fast (60 000 sessions took 8 s to write out)."""
    import datetime
    first = datetime.date(2017, 1, 2)
    sessions = "".join(f"    - {first + datetime.timedelta(days=i)}\n" for i in range(101))
    return (BASE.decode("utf-8").replace(
        '    - date: 2017-10-03\n      start: "08:30"\n      end: "17:30"\n', sessions)
        + "programme:\n" + "  - x\n" * 201
        + "keywords: [" + ", ".join(f"k{i}" for i in range(101)) + "]\n").encode("utf-8")


GENERATORS = {
    "big-scalar": gen_big_scalar,
    "nul-byte": gen_nul_byte,
    "invalid-utf8": gen_invalid_utf8,
    "utf16": gen_utf16,
    "control-char": gen_control_char,
    "deep-flow": gen_deep_flow,
    "crlf-tab": gen_crlf_tab,
    "flow-10000": gen_flow_10000,
    "flow-map-10000": gen_flow_map_10000,
    "block-seq-10000": gen_block_seq_10000,
    "block-map-deep": gen_block_map_deep,
    "big-under-limit": gen_big_under_limit,
    "long-body": gen_long_body,
    "many-errors": gen_many_errors,
    "huge-title": gen_huge_title,
    "c1-control": gen_c1_control,
    "overlong-utf8": gen_overlong_utf8,
    "utf8-surrogate": gen_utf8_surrogate,
    "truncated-utf8": gen_truncated_utf8,
    "png-cut": gen_png_cut,
    "jpeg-cut": gen_jpeg_cut,
    "png-huge": gen_png_huge,
    "jpeg-cmyk": gen_jpeg_cmyk,
    "gif-logo": gen_gif_logo,
    "logo-symlink-out": gen_logo_symlink_out,
    "long-lists": gen_long_lists,
}


class Expect:
    def __init__(self):
        self.args = None
        self.exit = None
        self.generate = None
        self.env = {}
        self.stderr = []
        self.problems = []


def parse_expect(path):
    """Reads an .expect file into an Expect (problems lists format errors)."""
    e = Expect()
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        value = value.strip()
        if not sep:
            e.problems.append(f"line {i}: expected 'key: value', got {line!r}")
        elif key == "args":
            e.args = value
        elif key == "exit":
            try:
                e.exit = int(value)
            except ValueError:
                e.problems.append(f"line {i}: exit must be a number")
        elif key == "env":
            for item in shlex.split(value):
                name, eq, val = item.partition("=")
                if not eq:
                    e.problems.append(f"line {i}: env takes NAME=VALUE, not {item!r}")
                e.env[name] = val
        elif key == "generate":
            e.generate = value
            if value not in GENERATORS:
                e.problems.append(f"line {i}: unknown generator {value!r} "
                                  f"(known: {', '.join(sorted(GENERATORS))})")
        elif key == "stderr":
            if value:
                e.problems.append(f"line {i}: put the expected stderr on the lines "
                                  "after 'stderr:'")
            e.stderr = lines[i:]
            while e.stderr and not e.stderr[-1].strip():
                e.stderr.pop()
            break
        else:
            e.problems.append(f"line {i}: unknown field {key!r}")
    if e.exit is None:
        e.problems.append("no 'exit:' line")
    return e


def insert_output_dir(argv, outdir):
    """Puts --output-dir OUTDIR right after the first "build" word."""
    if "build" in argv:
        k = argv.index("build")
        return argv[:k + 1] + ["--output-dir", outdir] + argv[k + 1:]
    return argv


def run_case(name, expect_path, binary, diag, whole=False):
    """Runs one case; appends diagnostic lines to diag; returns True on success."""
    e = parse_expect(expect_path)
    if e.problems:
        diag.extend(f"{os.path.basename(expect_path)}: {p}" for p in e.problems)
        return False
    with tempfile.TemporaryDirectory(prefix="tractage-bad-") as tmp:
        outdir = os.path.join(tmp, "out")
        os.mkdir(outdir)
        expected = list(e.stderr)
        if e.generate:
            gen_path = os.path.join(tmp, name + ".yaml")
            files = GENERATORS[e.generate]()
            if not isinstance(files, dict):
                files = {"": files}
            for fname, data in files.items():
                path = gen_path if fname == "" else os.path.join(tmp, fname)
                if isinstance(data, tuple) and data[0] == "symlink":
                    os.symlink(data[1], path)
                    continue
                with open(path, "wb") as f:
                    f.write(data)
            args = e.args if e.args is not None else "build $FILE"
            args = args.replace("$FILE", shlex.quote(gen_path))
            expected = [l.replace("$FILE", gen_path).replace("$DIR", tmp) for l in expected]
        else:
            args = e.args if e.args is not None else (
                f"check tests/check/{name}.yaml" if whole else f"build tests/bad/{name}.yaml")
        argv = [binary] + insert_output_dir(shlex.split(args), outdir)
        try:
            r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=TIMEOUT,
                               env={**os.environ, **e.env})
        except subprocess.TimeoutExpired:
            diag.append(f"killed after {TIMEOUT} s: {' '.join(argv)}")
            return False
        actual = r.stderr.decode("utf-8", errors="replace").split("\n")
        if actual and actual[-1] == "":
            actual.pop()
        ok = True
        if r.returncode != e.exit:
            diag.append(f"exit status {r.returncode}, expected {e.exit}")
            ok = False
        if (actual if whole else actual[:len(expected)]) != expected:
            diag.append("stderr differs; expected%s:" % ("" if whole else " (first lines)"))
            diag.extend("  " + l for l in expected)
            diag.append("actual:")
            diag.extend("  " + l for l in (actual if whole else
                                           actual[:max(len(expected) + 3, 5)]))
            ok = False
        if whole and r.stdout:
            diag.append(f"standard output is not empty: {r.stdout[:200]!r}")
            ok = False
        # A document that fails writes nothing; the other documents of the
        # content are written (each stands on its own).
        failed = set(re.findall(r"in the layout ([a-z0-9-]+)", "\n".join(actual)))
        written = sorted(n for n in os.listdir(outdir)
                         if not failed or any(f"-{f}" in n for f in failed))
        if written:
            diag.append(f"files written despite the failure: {', '.join(written)}")
            ok = False
        return ok


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    whole = "--check" in sys.argv[1:]
    if len(args) != 2:
        print("usage: run.py PATH/TO/tractage SOURCE_ROOT [--check]", file=sys.stderr)
        return 2
    binary = os.path.abspath(args[0])
    os.chdir(args[1])
    here = os.path.join("tests", "check" if whole else "bad")
    names = sorted(f[:-len(".expect")] for f in os.listdir(here) if f.endswith(".expect"))
    print(f"1..{len(names)}", flush=True)
    failed = 0
    for n, name in enumerate(names, 1):
        diag = []
        try:
            ok = run_case(name, os.path.join(here, name + ".expect"), binary, diag, whole)
        except Exception as ex:  # a broken case must not stop the others
            diag.append(f"runner error: {ex!r}")
            ok = False
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        for line in diag:
            print(f"# {line}")
        sys.stdout.flush()
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
