#!/usr/bin/env python3
"""Robustness tests (issue 4): nothing lost, concurrent and interrupted builds, a
full disk, markup injection in every field, every PDF valid, valgrind.

Usage (meson runs it from the source root):
    robust.py TRACTAGE SOURCE_ROOT TEST_NAME

Runs one named test (TESTS at the bottom). Exit status: 0 passed, 1 failed (the
reason on stderr), 77 skipped (a tool or a permission it needs is missing).
"""
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TRACTAGE = SRC = None
SAMPLE = "content/riposte-au-tout-numerique.yaml"
OTHERS = ["tests/content/reunion-publique.yaml", "tests/content/congres-deux-jours.yaml",
          "tests/content/open-meeting-en.yaml"]
SKIP = 77


class Fail(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def run(args, timeout=120, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kw)


def tractage(*args, **kw):
    return run([TRACTAGE, *args], cwd=SRC, **kw)


TMPDIRS = []


def tmpdir():
    """A new temporary folder, removed when the test ends (see main)."""
    TMPDIRS.append(tempfile.mkdtemp(prefix="tractage-robust-"))
    return TMPDIRS[-1]


def read_all(d):
    """{name: bytes} of every file in folder d."""
    return {n: open(os.path.join(d, n), "rb").read() for n in sorted(os.listdir(d))}


def write(path, text):
    # surrogateescape: "\udce9" in text is written as the lone byte 0xE9.
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(text)
    return path


def sample_text():
    return open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()


def retitled(text, title):
    """The content text with another event title (the first "  title:" line)."""
    new, n = re.subn(r"(?m)^(  title:).*$", lambda m: m.group(1) + " " + title, text, count=1)
    check(n == 1, "the sample has no '  title:' line")
    return new


def pdf_ok(pdf):
    """The checks every PDF tractage writes must pass: qpdf --check without a
    warning, and pdfinfo, pdffonts and pdftoppm without a word on stderr."""
    r = run(["qpdf", "--check", pdf])
    check(r.returncode == 0 and "WARNING" not in r.stdout + r.stderr,
          f"qpdf --check {pdf} (exit {r.returncode}):\n{r.stdout}{r.stderr}")
    check("No syntax or stream encoding errors found" in r.stdout,
          f"qpdf --check {pdf}:\n{r.stdout}")
    for tool in (["pdfinfo"], ["pdffonts"]):
        r = run(tool + [pdf])
        check(r.returncode == 0 and r.stderr.strip() == "",
              f"{tool[0]} {pdf} (exit {r.returncode}): {r.stderr}")
    with tempfile.TemporaryDirectory() as t:
        r = run(["pdftoppm", "-r", "24", "-gray", pdf, os.path.join(t, "p")])
        check(r.returncode == 0 and r.stderr.strip() == "",
              f"pdftoppm {pdf} (exit {r.returncode}): {r.stderr}")
        check(os.listdir(t), f"pdftoppm rendered no page of {pdf}")


def pdf_text(pdf):
    r = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    check(r.returncode == 0 and r.stderr.strip() == "", f"pdftotext {pdf}: {r.stderr}")
    return r.stdout


# ---------------------------------------------------------------------------
# Nothing lost


def failing_builds(d):
    """(what, argv) pairs: builds of d/fete.yaml that must fail without
    touching d/out. Each may write d/fete.yaml or a layout first."""
    good = sample_text()
    tract = open(os.path.join(SRC, "layouts/tract-a5.yaml"), encoding="utf-8").read()
    out = os.path.join(d, "out")
    src = os.path.join(d, "fete.yaml")

    def content(text):
        return lambda: write(src, text)

    def layout(text):
        def f():
            write(src, retitled(good, "Construire la grande riposte"))
            write(os.path.join(d, "tract-a5.yaml"), text)
        return f

    para = ("Une phrase de plus pour remplir le tract. " * 200).strip()
    body = re.search(r"(?m)^body: \|\n( +)", good)
    check(body, "the sample has no top-level 'body: |'")
    lay = ["build", "--output-dir", out, "--layout", os.path.join(d, "tract-a5.yaml"), src]
    std = ["build", "--output-dir", out, src]
    return [
        ("an unknown key", content(good.replace("  title:", "  titel:", 1)), std, 1),
        ("a YAML syntax error", content(good.replace("  title: ", "  title: [", 1)), std, 1),
        ("an impossible date", content(re.sub(r"date: \d{4}-\d\d-\d\d", "date: 2017-02-30",
                                              good, count=1)), std, 1),
        ("invalid UTF-8", content(good.replace("numérique", "num\udce9rique", 1)), std, 1),
        ("a body too long to fit", content(good[:body.end()] + para + "\n\n" + body.group(1)
                                           + good[body.end():]), std, 1),
        ("a layout with a frame outside the page",
         layout(re.sub(r"\bw: 124\b", "w: 400", tract, count=1)), lay, 1),
        ("a layout naming a missing font",
         layout(tract.replace("text: Inter", "text: Roboto", 1)), lay, 1),
    ]


def t_nothing_lost():
    """After a good build, builds that fail for seven different reasons leave
    the PDFs byte-identical and add no file, not even a temporary one."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    write(os.path.join(d, "fete.yaml"), sample_text())
    r = tractage("build", "--output-dir", out, os.path.join(d, "fete.yaml"))
    check(r.returncode == 0, f"the good build failed: {r.stderr}")
    before = read_all(out)
    check(sorted(before) == ["fete-poster-a3.pdf", "fete-tract-a5.pdf"], f"{sorted(before)}")
    for what, prepare, argv, status in failing_builds(d):
        prepare()
        r = tractage(*argv)
        check(r.returncode == status, f"{what}: exit {r.returncode}, expected {status}:\n{r.stderr}")
        check(re.match(r"\S+(:\d+:\d+)?: error: ", r.stderr), f"{what}: no positioned error:\n{r.stderr}")
        after = read_all(out)
        check(sorted(after) == sorted(before), f"{what}: files now {sorted(after)}")
        check(after == before, f"{what}: a good PDF was changed by a failed build")


def t_new_file_not_created():
    """A failed build of a content never built before creates no file at all,
    and of two contents the good one is written and the bad one not."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    good = write(os.path.join(d, "bon.yaml"), sample_text())
    bad = write(os.path.join(d, "mauvais.yaml"), sample_text().replace("  title:", "  titel:", 1))
    r = tractage("build", "--output-dir", out, bad)
    check(r.returncode == 1 and os.listdir(out) == [], f"exit {r.returncode}, files {os.listdir(out)}")
    r = tractage("build", "--output-dir", out, bad, good)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    check(sorted(os.listdir(out)) == ["bon-poster-a3.pdf", "bon-tract-a5.pdf"],
          f"files {sorted(os.listdir(out))}")


def t_concurrent_writes():
    """Two builds writing the same two files at once, 12 times over: each file is
    afterwards exactly one build's complete PDF (never a mix, never truncated),
    qpdf finds it valid, and no temporary file is left."""
    d = tmpdir()
    text = sample_text()
    srcs = []
    refs = []
    for k, title in enumerate(["Construire la riposte au tout numérique",
                               "Construire la grande riposte"]):
        sub = os.path.join(d, f"src{k}")
        os.mkdir(sub)
        srcs.append(write(os.path.join(sub, "fete.yaml"), retitled(text, title)))
        ref = os.path.join(d, f"ref{k}")
        os.mkdir(ref)
        r = tractage("build", "--output-dir", ref, srcs[-1])
        check(r.returncode == 0, r.stderr)
        refs.append(read_all(ref))
    check(refs[0] != refs[1], "the two contents give the same PDFs")
    out = os.path.join(d, "out")
    os.mkdir(out)
    env = dict(os.environ)
    for round_ in range(12):
        procs = [subprocess.Popen([TRACTAGE, "build", "--output-dir", out, s], cwd=SRC,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
                 for s in (srcs if round_ % 2 == 0 else srcs[::-1])]
        for p in procs:
            _, err = p.communicate(timeout=120)
            check(p.returncode == 0, f"round {round_}: a build failed ({p.returncode}): {err}")
        files = read_all(out)
        check(sorted(files) == sorted(refs[0]), f"round {round_}: files {sorted(files)}")
        for name, data in files.items():
            check(data in (refs[0][name], refs[1][name]),
                  f"round {round_}: {name} is neither build's PDF ({len(data)} bytes)")
    for name in sorted(os.listdir(out)):
        pdf_ok(os.path.join(out, name))


def t_interrupted_builds():
    """Builds killed (SIGKILL) at random moments never leave a damaged PDF: every
    *.pdf in the folder is always a complete, valid file."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    src = write(os.path.join(d, "fete.yaml"), sample_text())
    r = tractage("build", "--output-dir", out, src)
    check(r.returncode == 0, r.stderr)
    # How long a build takes here (much longer under the sanitizers).
    t0 = time.monotonic()
    tractage("build", "--output-dir", out, src)
    span = time.monotonic() - t0
    rnd = random.Random(4)
    for i in range(10):
        write(src, retitled(sample_text(), f"Construire la riposte {i}"))
        p = subprocess.Popen([TRACTAGE, "build", "--output-dir", out, src], cwd=SRC,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.3, 1.1) * span)
        p.send_signal(signal.SIGKILL)
        p.wait()
        pdfs = sorted(n for n in os.listdir(out) if n.endswith(".pdf"))
        check(pdfs == ["fete-poster-a3.pdf", "fete-tract-a5.pdf"], f"kill {i}: {pdfs}")
        for n in pdfs:
            pdf_ok(os.path.join(out, n))


def in_mount_namespace(inner):
    """Runs INNER (full_disk_inner or read_only_inner, see main) in a new private mount namespace, where
    it may mount file systems that nobody else sees and that vanish with it.
    Needs root (CI runs as root): skipped otherwise."""
    if not shutil.which("unshare"):
        raise Skip("unshare (util-linux) is not installed")
    d = tmpdir()
    r = run(["unshare", "--mount", "--propagation", "private", "--", sys.executable,
             os.path.abspath(__file__), TRACTAGE, SRC, inner, d], timeout=300)
    sys.stderr.write(r.stderr)
    if r.returncode == SKIP:
        raise Skip("")
    if r.returncode != 0 and r.stderr.startswith("unshare:"):
        # unshare itself could not make the namespace (e.g. inside a chroot,
        # whose / is no mount point): this machine cannot run the test.
        raise Skip(f"no private mount namespace here: {r.stderr.strip()}")
    check(r.returncode == 0, f"{inner} failed (exit {r.returncode})")


def mount(*args):
    r = run(["mount", *args])
    if r.returncode != 0:
        raise Skip(f"cannot mount here (not root?): {r.stderr.strip()}")


def t_full_disk():
    """On a full file system (a 4 MiB tmpfs, mounted in a private mount
    namespace), a build fails with exit 2 and the system's reason, and the PDFs
    already there stay byte-identical. Needs root (CI runs as root)."""
    in_mount_namespace("full_disk_inner")


def t_read_only_output():
    """An output folder on a read-only file system (a read-only bind mount, in a
    private mount namespace), which even root cannot write: exit 2 with the
    system's reason, the PDFs already there untouched."""
    in_mount_namespace("read_only_inner")


def read_only_inner(d):
    out = os.path.join(d, "out")
    os.mkdir(out)
    src = write(os.path.join(d, "fete.yaml"), sample_text())
    r = tractage("build", "--output-dir", out, src)
    check(r.returncode == 0, f"the good build failed: {r.stderr}")
    before = read_all(out)
    mount("--bind", out, out)
    try:
        mount("-o", "remount,bind,ro", out)
        write(src, retitled(sample_text(), "Construire la grande riposte"))
        r = tractage("build", "--output-dir", out, src)
        check(r.returncode == 2, f"exit {r.returncode}:\n{r.stderr}")
        check(re.match(r"tractage: error: cannot write into the output folder \S+: "
                       r"Read-only file system$", r.stderr.strip()), f"message:\n{r.stderr}")
        check(read_all(out) == before, "the PDFs changed on a read-only file system")
    finally:
        run(["umount", out])


def full_disk_inner(d):
    mnt = os.path.join(d, "small")
    os.mkdir(mnt)
    mount("-t", "tmpfs", "-o", "size=4m,mode=0755", "tractage-test", mnt)
    try:
        src = write(os.path.join(d, "fete.yaml"), sample_text())
        r = tractage("build", "--output-dir", mnt, src)
        check(r.returncode == 0, f"the good build failed: {r.stderr}")
        before = read_all(mnt)
        # Fill the file system to the last byte.
        try:
            with open(os.path.join(mnt, "filler"), "wb", buffering=0) as f:
                for block in (65536, 4096, 512, 1):
                    try:
                        while True:
                            f.write(b"\0" * block)
                    except OSError:
                        pass
        except OSError:
            pass
        before["filler"] = open(os.path.join(mnt, "filler"), "rb").read()
        write(src, retitled(sample_text(), "Construire la grande riposte"))
        for what, argv in [("a rebuild", [src]),
                           ("a new content", [write(os.path.join(d, "autre.yaml"), sample_text())])]:
            r = tractage("build", "--output-dir", mnt, *argv)
            check(r.returncode == 2, f"{what} on a full disk: exit {r.returncode}:\n{r.stderr}")
            check(re.match(r"tractage: error: cannot write \S+\.pdf: .*No space left on device",
                           r.stderr), f"{what}: message:\n{r.stderr}")
            after = read_all(mnt)
            check(sorted(after) == sorted(before), f"{what}: files now {sorted(after)}")
            check(after == before, f"{what}: a PDF was changed on the full disk")
    finally:
        run(["umount", mnt])


def t_unwritable_output():
    """An output folder where creating a file fails even for root (/proc, whose
    access() check passes): exit 2, the file and the system's reason."""
    r = tractage("build", "--output-dir", "/proc", SAMPLE)
    check(r.returncode == 2, f"exit {r.returncode}: {r.stderr}")
    check(re.match(r"tractage: error: cannot write /proc/riposte-au-tout-numerique-tract-a5\.pdf: ",
                   r.stderr), r.stderr)
    check(not os.path.exists("/proc/riposte-au-tout-numerique-tract-a5.pdf"), "file created")


# ---------------------------------------------------------------------------
# Markup injection: every text a user writes prints as itself


def evil(tag):
    # <, >, & and Pango markup, with a tag to find each field's text again.
    # The poster's title is drawn at 108 pt at least: it gets a shorter one.
    if tag == "TITLE":
        return "T <b>&amp;</b>"
    return f"{tag} <span weight=900>x</span> & </b> &amp; <i>"


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def injection_content(lang):
    f = {k: evil(k.upper()) for k in [
        "org", "full", "kicker", "title", "subtitle", "vname", "addr", "city", "admission",
        "quote", "teaser", "body", "ptitle", "speaker", "detail", "note", "kw", "mention"]}
    return f, f"""lang: {lang}
organiser:
  name: {yq(f['org'])}
  full_name: {yq(f['full'])}
event:
  kicker: {yq(f['kicker'])}
  title: {yq(f['title'])}
  subtitle: {yq(f['subtitle'])}
  sessions:
    - date: 2017-10-03
      start: "08:30"
      end: "17:30"
  venue:
    name: {yq(f['vname'])}
    address: {yq(f['addr'])}
    postcode: "93000"
    city: {yq(f['city'])}
  admission: {yq(f['admission'])}
quote: {yq(f['quote'])}
teaser: {yq(f['teaser'])}
body: {yq(f['body'])}
programme:
  - time: "09:00"
    title: {yq(f['ptitle'])}
    speaker: {yq(f['speaker'])}
    detail: {yq(f['detail'])}
note: {yq(f['note'])}
keywords: [{yq(f['kw'])}]
print_mention: {yq(f['mention'])}
"""


def norm(text):
    """Folds what typography changes (quotes, apostrophes, spaces, soft
    hyphens, case) so the literal markup can be looked for."""
    text = text.replace("\u00ad", "")
    text = re.sub(r"[\"'\u2019\u00ab\u00bb\u201c\u201d]", "", text)
    # French typography puts a narrow space before ';' ("&amp ;"), and a line
    # may break after '/' ("</ span>"): compare without any space at all.
    text = re.sub(r"[\s\u00a0\u202f\u2009]+", "", text)
    return text.casefold()


def t_injection_every_field():
    """Pango markup, '&' and entities in every text field (French and English)
    print as plain text in the PDFs and in their metadata."""
    for lang in ("fr", "en"):
        d = tmpdir()
        fields, text = injection_content(lang)
        src = write(os.path.join(d, "evil.yaml"), text)
        r = tractage("build", "--output-dir", d, src)
        check(r.returncode == 0, f"lang {lang}: exit {r.returncode}:\n{r.stderr}")
        pdfs = sorted(n for n in os.listdir(d) if n.endswith(".pdf"))
        check(len(pdfs) == 2, f"{pdfs}")
        shown = ""
        for n in pdfs:
            pdf_ok(os.path.join(d, n))
            shown += norm(pdf_text(os.path.join(d, n))) + "\n"
        # Every field is printed somewhere (keywords only in the metadata).
        for k, v in fields.items():
            if k == "kw":
                continue
            check(norm(v) in shown, f"lang {lang}: field {k} not printed as text: {norm(v)!r}\n"
                  f"--- text ---\n{shown[:4000]}")
        info = run(["pdfinfo", os.path.join(d, "evil-tract-a5.pdf")]).stdout
        for key, field in [("Title", "title"), ("Author", "org"), ("Keywords", "kw")]:
            m = re.search(rf"(?m)^{key}:\s+(.*)$", info)
            check(m and norm(fields[field]) in norm(m.group(1)),
                  f"lang {lang}: metadata {key}: {m.group(1) if m else None!r}")


# ---------------------------------------------------------------------------
# Every PDF valid


def t_all_pdfs_valid():
    """Every content we ship or test, with every layout, alone and together:
    every PDF passes qpdf --check and renders with pdftoppm without a warning."""
    out = tmpdir()
    contents = [SAMPLE] + OTHERS
    r = tractage("build", "--output-dir", out, *contents)
    check(r.returncode == 0, r.stderr)
    for only in ("tract", "poster"):
        sub = os.path.join(out, only)
        os.mkdir(sub)
        r = tractage("build", "--output-dir", sub, "--only", only, *contents)
        check(r.returncode == 0, r.stderr)
    layouts = sorted(os.path.join("layouts", n) for n in os.listdir(os.path.join(SRC, "layouts"))
                     if n.endswith(".yaml"))
    sub = os.path.join(out, "layouts")
    os.mkdir(sub)
    args = []
    for l in layouts:
        args += ["--layout", l]
    r = tractage("build", "--output-dir", sub, *args, *contents)
    check(r.returncode == 0, r.stderr)
    n = 0
    for root, _, files in os.walk(out):
        for f in sorted(files):
            check(f.endswith(".pdf"), f"unexpected file {f}")
            pdf_ok(os.path.join(root, f))
            n += 1
    check(n == 2 * len(contents) * 2 + len(layouts) * len(contents), f"{n} PDFs")


# ---------------------------------------------------------------------------
# Valgrind


def t_valgrind():
    """memcheck on one process building the sample and the test contents and
    failing on a bad one: no error, nothing "definitely lost" (library leaks
    in tests/valgrind.supp only)."""
    vg = shutil.which("valgrind")
    if not vg:
        raise Skip("valgrind is not installed (tools/debian-packages.txt)")
    out = tmpdir()
    bad = write(os.path.join(out, "bad.yaml"), sample_text().replace("  title:", "  titel:", 1))
    log = os.path.join(out, "valgrind.log")
    env = dict(os.environ, G_SLICE="always-malloc")
    r = run([vg, "--tool=memcheck", "--error-exitcode=99", "--leak-check=full",
             "--show-leak-kinds=definite", "--errors-for-leak-kinds=definite",
             "--track-origins=yes", "--num-callers=40",
             "--suppressions=" + os.path.join(SRC, "tests/valgrind.supp"),
             "--log-file=" + log, TRACTAGE, "build", "--output-dir", out, SAMPLE, *OTHERS, bad],
            cwd=SRC, env=env, timeout=600)
    report = open(log, encoding="utf-8", errors="replace").read()
    check(r.returncode == 1, f"exit {r.returncode} (expected 1: one bad content)\n{r.stderr}\n{report[-6000:]}")
    check("unknown key \"titel\"" in r.stderr, r.stderr)
    m = re.search(r"ERROR SUMMARY: (\d+) errors", report)
    check(m and m.group(1) == "0", f"valgrind found errors:\n{report[-8000:]}")
    m = re.search(r"definitely lost: ([\d,]+) bytes", report)
    check(m is None or m.group(1) == "0", f"definitely lost:\n{report[-8000:]}")
    pdfs = sorted(n for n in os.listdir(out) if n.endswith(".pdf"))
    check(len(pdfs) == 2 * (1 + len(OTHERS)), f"{pdfs}")
    print(re.search(r"(?s)HEAP SUMMARY:.*", report).group(0) if "HEAP SUMMARY" in report else "")


TESTS = {name[2:]: fn for name, fn in list(globals().items()) if name.startswith("t_")}


def main():
    global TRACTAGE, SRC
    inner = {"full_disk_inner": full_disk_inner, "read_only_inner": read_only_inner}
    if len(sys.argv) == 5 and sys.argv[3] in inner:
        TRACTAGE, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
        try:
            inner[sys.argv[3]](sys.argv[4])
        except Skip as e:
            print(f"skip: {e}", file=sys.stderr)
            return SKIP
        except Fail as e:
            print(f"FAIL {sys.argv[3]}: {e}", file=sys.stderr)
            return 1
        return 0
    if len(sys.argv) != 4 or sys.argv[3] not in TESTS:
        print(f"usage: robust.py TRACTAGE SOURCE_ROOT {{{','.join(TESTS)}}}", file=sys.stderr)
        return 2
    TRACTAGE, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
    for tool in ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "qpdf"):
        if not shutil.which(tool):
            print(f"{tool} is not installed (tools/debian-packages.txt)", file=sys.stderr)
            return SKIP
    try:
        TESTS[sys.argv[3]]()
    except Skip as e:
        print(f"skip {sys.argv[3]}: {e}", file=sys.stderr)
        return SKIP
    except Fail as e:
        print(f"FAIL {sys.argv[3]}: {e}", file=sys.stderr)
        return 1
    print(f"ok {sys.argv[3]}")
    return 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        # TR_KEEP_TMP=1 keeps the temporary folders, for a look after a failure.
        if not os.environ.get("TR_KEEP_TMP"):
            for t in TMPDIRS:
                shutil.rmtree(t, ignore_errors=True)
    sys.exit(status)
