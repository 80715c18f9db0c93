#!/usr/bin/env python3
"""Robustness tests (issue 4): nothing lost, concurrent and interrupted builds, a
full disk, markup injection in every field, every PDF valid, valgrind.

Usage (meson runs it from the source root):
    robust.py TRACTAGE SOURCE_ROOT TEST_NAME

Runs one named test (TESTS at the bottom). Exit status: 0 passed, 1 failed (the
reason on stderr), 77 skipped (a tool or a permission it needs is missing).
"""
import datetime
import glob
import os
import random
import re
import resource
import shutil
import signal
import struct
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


def built_then_too_long(*options):
    """A folder d with d/out holding the sample's files (built with options)
    from d/fete.yaml, which then gets a body too long for the tract (and
    another title). Returns d, out, the content file and the files ({name:
    bytes})."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    src = os.path.join(d, "fete.yaml")
    good = sample_text()
    write(src, good)
    r = tractage("build", *options, "--output-dir", out, src)
    check(r.returncode == 0, f"the good build failed: {r.stderr}")
    before = read_all(out)
    newer = good.replace("title: Construire la riposte", "title: Construire enfin la riposte", 1)
    check(newer != good, "the sample's title is not \"Construire la riposte…\"")
    body = re.search(r"(?m)^()body: \|\n( +)", newer)
    check(body, "the sample has no 'body: |'")
    para = ("Une phrase de plus pour remplir le tract. " * 120).strip()
    write(src, newer[:body.end()] + para + "\n\n" + body.group(2) + newer[body.end():])
    return d, out, src, before


def t_fail_soft_one_version():
    """A document that cannot be made does not stop the others, and never
    leaves its file of an earlier version beside theirs: after a good build, a
    body too long for the tract writes the new poster, removes the old tract
    (saying so), and exits 1."""
    d, out, src, before = built_then_too_long()
    r = tractage("build", "--output-dir", out, src)
    check(r.returncode == 1, f"exit {r.returncode}, expected 1:\n{r.stderr}")
    check(re.search(r"error: the body does not fit in the layout tract-a5", r.stderr), r.stderr)
    tract = os.path.join(out, "fete-tract-a5.pdf")
    check(f"note: removed {tract}: it was made from an earlier version of {src}, and this "
          "one could not be laid out in tract-a5" in r.stderr, r.stderr)
    after = read_all(out)
    check(sorted(after) == ["fete-poster-a3.pdf"], f"files now {sorted(after)}")
    check(after["fete-poster-a3.pdf"] != before["fete-poster-a3.pdf"],
          "the poster of the new version was not written")
    check(r.stdout.splitlines() == [os.path.join(out, "fete-poster-a3.pdf")], r.stdout)


def t_fail_soft_not_ours():
    """A document that cannot be made removes its earlier file only when
    tractage wrote it: a symbolic link (to the user's own PDF), a folder, a
    PDF of another program and a PNG that is not one stay, with a warning;
    the earlier preview that is tractage's goes."""
    d, out, src, _ = built_then_too_long("--png")
    mine = write(os.path.join(d, "mine.pdf"), "%PDF-1.4 the user's own\n")
    os.remove(os.path.join(out, "fete-tract-a5.pdf"))
    os.symlink(mine, os.path.join(out, "fete-tract-a5.pdf"))
    write(os.path.join(out, "fete-tract-a5-recto.png"), "not a PNG\n")
    r = tractage("build", "--png", "--output-dir", out, src)
    check(r.returncode == 1, f"exit {r.returncode}, expected 1:\n{r.stderr}")
    for name in ("fete-tract-a5.pdf", "fete-tract-a5-recto.png"):
        path = os.path.join(out, name)
        check(f"tractage: warning: left {path} as it is: this version of {src} could not be "
              "laid out in tract-a5, but that is not a file tractage wrote (a link, a folder "
              "or another program's file)\n" in r.stderr, r.stderr)
    verso = os.path.join(out, "fete-tract-a5-verso.png")
    check(f"tractage: note: removed {verso}: it was made from an earlier version" in r.stderr,
          r.stderr)
    check(os.path.islink(os.path.join(out, "fete-tract-a5.pdf")), "the link was removed")
    check(open(mine).read() == "%PDF-1.4 the user's own\n", "the user's PDF changed")
    check(sorted(os.listdir(out)) == ["fete-poster-a3-poster.png", "fete-poster-a3.pdf",
                                      "fete-tract-a5-recto.png", "fete-tract-a5.pdf"],
          f"files now {sorted(os.listdir(out))}")


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
        # Room for the PDFs but not for the previews too: the set is written
        # whole or not at all (the tract used to be replaced, not the poster).
        filler = os.path.join(mnt, "filler")
        os.truncate(filler, os.path.getsize(filler) - 120 * 1024)
        before["filler"] = open(filler, "rb").read()
        r = tractage("build", "--output-dir", mnt, "--png", src)
        check(r.returncode == 2, f"--png on a nearly full disk: exit {r.returncode}:\n{r.stderr}")
        check(re.match(r"tractage: error: cannot write \S+: No space left on device", r.stderr),
              f"--png on a nearly full disk: message:\n{r.stderr}")
        check(read_all(mnt) == before, f"--png: files now {sorted(os.listdir(mnt))}")
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
# Whole sets, no silent overwrite (issue 9)


def built_then_changed(name="fete.yaml"):
    """A folder d with d/out holding the sample's PDFs, built from d/NAME,
    which then gets another title. Returns d, out, the content file and the
    PDFs ({name: bytes})."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    src = write(os.path.join(d, name), sample_text())
    r = tractage("build", "--output-dir", out, src)
    check(r.returncode == 0, f"the good build failed: {r.stderr}")
    before = read_all(out)
    write(src, retitled(sample_text(), "Construire la grande riposte"))
    return d, out, src, before


def t_collisions():
    """Two outputs of a run with one name: refused before anything is
    rendered, naming both sources, whatever makes the names equal (check,
    which writes nothing, only warns)."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    text = sample_text()
    for sub in ("a", "b"):
        os.mkdir(os.path.join(d, sub))
        write(os.path.join(d, sub, "fete.yaml"), text)
    for name in ("noext", "noext.yaml", "Fete.yaml", "\u00e9t\u00e9.yaml", "e\u0301te\u0301.yaml"):
        write(os.path.join(d, name), text)
    poster = open(os.path.join(SRC, "layouts", "poster-a3.yaml"), encoding="utf-8").read()
    write(os.path.join(d, "same.yaml"), poster.replace("name: poster-a3", "name: tract-a5"))
    write(os.path.join(d, "print.yaml"), poster.replace("name: poster-a3", "name: tract-a5-print"))
    # run from d with the data folder given as an absolute path
    tract = os.path.join(os.path.abspath(SRC), "layouts", "tract-a5.yaml")
    contents = "give the content files different names, or build them one at a time into " \
               "different folders (--output-dir)"
    layouts = "give each layout its own name (the \"name:\" line of the layout file)"
    cases = [
        (["a/fete.yaml", "b/fete.yaml"],
         "two files of this run would both be out/fete-tract-a5.pdf: the PDF of a/fete.yaml "
         f"with {tract}, and the PDF of b/fete.yaml with {tract}", contents),
        (["noext", "noext.yaml"],
         "two files of this run would both be out/noext-tract-a5.pdf: the PDF of noext with "
         f"{tract}, and the PDF of noext.yaml with {tract}", contents),
        (["Fete.yaml", "a/fete.yaml"],
         "two files of this run, out/Fete-tract-a5.pdf and out/fete-tract-a5.pdf, have names "
         "that differ only in case (one file on a USB stick or a Windows disk): the PDF of "
         f"Fete.yaml with {tract}, and the PDF of a/fete.yaml with {tract}", contents),
        (["\u00e9t\u00e9.yaml", "e\u0301te\u0301.yaml"],
         "two files of this run, out/\u00e9t\u00e9-tract-a5.pdf and out/e\u0301te\u0301-tract-a5.pdf, "
         "have names that look the same but write an accented letter differently (as one "
         "character, or a letter and an accent: one file on a Mac disk): the PDF of "
         f"\u00e9t\u00e9.yaml with {tract}, and the PDF of e\u0301te\u0301.yaml with {tract}", contents),
        (["--layout", tract, "--layout", "same.yaml", "a/fete.yaml"],
         "two files of this run would both be out/fete-tract-a5.pdf: the PDF of a/fete.yaml "
         f"with {tract}, and the PDF of a/fete.yaml with same.yaml", layouts),
        (["--print-shop", "--layout", tract, "--layout", "print.yaml",
          "a/fete.yaml"],
         "two files of this run would both be out/fete-tract-a5-print.pdf: the print-shop PDF "
         f"of a/fete.yaml with {tract}, and the PDF of a/fete.yaml with "
         "print.yaml", layouts),
    ]
    env = dict(os.environ, TRACTAGE_DATADIR=os.path.abspath(SRC))
    for args, error, note in cases:
        # build refuses; check, which writes nothing, warns
        for cmd, status, sev in (("build", 2, "error"), ("check", 0, "warning")):
            extra = ["--no-findings"] if cmd == "check" else []
            r = run([TRACTAGE, cmd, *extra, "--output-dir", "out", *args], cwd=d, env=env)
            check(r.returncode == status, f"{cmd} {args}: exit {r.returncode}:\n{r.stderr}")
            check(r.stderr == f"tractage: {sev}: {error}\ntractage: note: {note}\n",
                  f"{cmd} {args}:\n{r.stderr}")
    r = run([TRACTAGE, "build", "--output-dir", "out", "a/fete.yaml", "a/../a/fete.yaml"],
            cwd=d, env=env)
    check(r.returncode == 2 and r.stderr == "tractage: error: the content file "
          "a/../a/fete.yaml is given twice\n", f"exit {r.returncode}:\n{r.stderr}")
    check(os.listdir(out) == [], f"files written: {os.listdir(out)}")
    # An output that would replace an input of the run (it was overwritten,
    # then read as a content file).
    write(os.path.join(out, "a.yaml"), text)
    pdf_named = write(os.path.join(out, "a-tract-a5.pdf"), text)
    before = read_all(out)
    r = run([TRACTAGE, "build", "--output-dir", "out", "out/a.yaml", "out/a-tract-a5.pdf"],
            cwd=d, env=env)
    check(r.returncode == 2 and r.stderr == f"tractage: error: the PDF of out/a.yaml with "
          f"{tract} would be written to out/a-tract-a5.pdf, which is out/a-tract-a5.pdf, an "
          "input of this run\ntractage: note: rename the input file, or build into another "
          "folder (--output-dir)\n", f"exit {r.returncode}:\n{r.stderr}")
    check(read_all(out) == before and os.path.exists(pdf_named), "an input was replaced")
    # A picture of the content file where a --png preview goes: the logo was
    # replaced by the preview, exit 0. Refused for that content file only.
    logo = os.path.join(d, "logo", "fete-tract-a5-recto.png")
    os.mkdir(os.path.dirname(logo))
    shutil.copy(os.path.join(SRC, "tests/content/organisation/ustr-logo.png"), logo)
    write(os.path.join(d, "logo", "fete.yaml"), text.replace(
        "  phone: 01 43 93 91 28\n", "  phone: 01 43 93 91 28\n  logo: fete-tract-a5-recto.png\n", 1))
    write(os.path.join(d, "logo", "other.yaml"), text)
    before = open(logo, "rb").read()
    error = (f"the preview of page recto of logo/fete.yaml with {tract} would be written to "
             "logo/fete-tract-a5-recto.png, which is logo/fete-tract-a5-recto.png, a picture "
             "of this content file\ntractage: note: rename the input file, or build into "
             "another folder (--output-dir)\n")
    r = run([TRACTAGE, "build", "--png", "--output-dir", "logo", "logo/fete.yaml",
             "logo/other.yaml"], cwd=d, env=env)
    check(r.returncode == 2 and r.stderr.startswith("tractage: error: " + error),
          f"exit {r.returncode}:\n{r.stderr}")
    check(open(logo, "rb").read() == before, "the logo was replaced by a preview")
    check(sorted(f for f in os.listdir(os.path.join(d, "logo")) if f.startswith("fete-")) ==
          ["fete-tract-a5-recto.png"], "files of logo/fete.yaml were written")
    check("logo/other-tract-a5.pdf" in r.stdout.split("\n"), "other.yaml was not built")
    r = run([TRACTAGE, "check", "--no-findings", "--png", "--output-dir", "logo",
             "logo/fete.yaml"], cwd=d, env=env)
    check(r.stderr.startswith("tractage: warning: " + error), r.stderr)


def t_whole_sets():
    """A content file gives all its files or none: a folder where the poster
    should go, an immutable poster (the rename fails after the tract's was
    done, which is put back) and a name too long for the folder each fail
    with exit 2, leaving the earlier set byte-identical and no other file."""
    d, out, src, before = built_then_changed("ev.yaml")
    poster = os.path.join(out, "ev-poster-a3.pdf")

    os.rename(poster, poster + ".keep")
    os.mkdir(poster)
    r = tractage("build", "--output-dir", out, src)
    check(r.returncode == 2 and r.stderr == f"tractage: error: cannot write {poster}: a folder "
          "is in the way (remove or rename it)\n", f"exit {r.returncode}:\n{r.stderr}")
    os.rmdir(poster)
    os.rename(poster + ".keep", poster)
    check(read_all(out) == before, f"files now {sorted(os.listdir(out))}")

    long_name = write(os.path.join(d, "x" * 243 + ".yaml"), sample_text())
    r = tractage("build", "--output-dir", out, long_name)
    check(r.returncode == 2 and re.match(
        r"tractage: error: the output file name \"x{40}…\" \(from \S+\) would be 256 bytes "
        r"long, more than the 255 a file name may have in \S+: give the content file a "
        r"shorter name\n$", r.stderr), f"exit {r.returncode}:\n{r.stderr}")
    check(read_all(out) == before, f"files now {sorted(os.listdir(out))}")

    if run(["chattr", "+i", poster]).returncode != 0:
        raise Skip("chattr +i does not work here (not root, or no ext4)")
    try:
        r = tractage("build", "--output-dir", out, src)
    finally:
        run(["chattr", "-i", poster])
    check(r.returncode == 2 and r.stderr == f"tractage: error: cannot write {poster}: "
          "Operation not permitted\n", f"exit {r.returncode}:\n{r.stderr}")
    check(read_all(out) == before, f"the set changed: files now {sorted(os.listdir(out))}")


def t_closed_stdout():
    """`tractage build a.yaml b.yaml | head -0`: SIGPIPE is ignored, the closed
    output is reported (exit 2), and no content is left half-written; so with
    a standard output closed from the start."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    a = write(os.path.join(d, "a.yaml"), sample_text())
    b = write(os.path.join(d, "b.yaml"), retitled(sample_text(), "Une autre riposte"))
    p = subprocess.Popen([TRACTAGE, "build", "--output-dir", out, a, b], cwd=SRC,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    check(p.returncode == 2, f"exit {p.returncode} (141 is death by SIGPIPE):\n{err}")
    check(err == "tractage: error: cannot write to standard output: Broken pipe\n", err)
    files = sorted(os.listdir(out))
    check(files in (["a-poster-a3.pdf", "a-tract-a5.pdf"],
                    ["a-poster-a3.pdf", "a-tract-a5.pdf", "b-poster-a3.pdf", "b-tract-a5.pdf"]),
          f"files {files}")
    for f in files:
        pdf_ok(os.path.join(out, f))
    # Closed before the start (>&-): the first file opened would have taken
    # its number, and the paths would have gone into it.
    shutil.rmtree(out)
    os.mkdir(out)
    r = run(["sh", "-c", f'exec "$0" build --output-dir "$1" "$2" >&-', TRACTAGE, out, a],
            cwd=SRC)
    check(r.returncode == 2 and r.stderr == "tractage: error: cannot write to standard "
          "output: Bad file descriptor\n", f">&-: exit {r.returncode}:\n{r.stderr}")
    for f in sorted(os.listdir(out)):
        pdf_ok(os.path.join(out, f))


def temporaries(d):
    return sorted(n for n in os.listdir(d) if n.startswith(".tractage-tmp."))


def t_signals():
    """SIGINT and SIGTERM at random moments: the temporary files go with the
    process, and the tract and poster in the folder always come from the same
    build (the renames of a set are not interrupted)."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    src = write(os.path.join(d, "fete.yaml"), sample_text())
    t0 = time.monotonic()
    r = tractage("build", "--output-dir", out, "--png", "--dpi", "100", src)
    check(r.returncode == 0, r.stderr)
    span = time.monotonic() - t0
    rnd = random.Random(9)
    for i in range(24):
        title = f"Construire la riposte numéro {i}"
        write(src, retitled(sample_text(), title))
        p = subprocess.Popen([TRACTAGE, "build", "--output-dir", out, "--png", "--dpi", "100",
                              src], cwd=SRC, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rnd.uniform(0.5, 1.1) * span)
        sig = (signal.SIGINT, signal.SIGTERM)[i % 2]
        p.send_signal(sig)
        _, err = p.communicate(timeout=120)
        check(p.returncode in (0, -sig), f"kill {i}: exit {p.returncode}:\n{err}")
        check(temporaries(out) == [], f"kill {i} ({sig}): left {temporaries(out)}")
        titles = set()
        for n in ("fete-tract-a5.pdf", "fete-poster-a3.pdf"):
            pdf_ok(os.path.join(out, n))
            m = re.search(r"(?m)^Title:\s+(.*)$", run(["pdfinfo", os.path.join(out, n)]).stdout)
            titles.add(m.group(1) if m else None)
        check(len(titles) == 1, f"kill {i}: a mixed set: {titles}")


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def t_stale_temporaries():
    """A later build removes the temporary files killed builds left: its own
    pattern, a regular file unchanged for a minute, its process gone. Nothing
    else is touched."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    dead = dead_pid()
    stale = [f".tractage-tmp.{dead}.aB3xY9", f".tractage-tmp.{dead}.000000"]
    kept = [f".tractage-tmp.{os.getpid()}.aB3xY9",   # a build still running
            f".tractage-tmp.{dead}.aB3xY",           # not the pattern
            f".tractage-tmp.{dead}.aB3xY9.pdf",
            ".tractage-tmp.x.aB3xY9", "tractage-tmp.1.aB3xY9", "notes.txt"]
    old = time.time() - 120
    for n in stale + kept:
        write(os.path.join(out, n), "%PDF-1.5 cut short")
        os.utime(os.path.join(out, n), (old, old))
    # Changed less than a minute ago: maybe a build in another PID namespace.
    recent = f".tractage-tmp.{dead}.recent"
    write(os.path.join(out, recent), "%PDF-1.5 being written")
    kept.append(recent)
    os.mkdir(os.path.join(out, f".tractage-tmp.{dead}.folder"))
    os.symlink("notes.txt", os.path.join(out, f".tractage-tmp.{dead}.symlnk"))
    kept += [f".tractage-tmp.{dead}.folder", f".tractage-tmp.{dead}.symlnk"]
    r = tractage("build", "--output-dir", out, SAMPLE)
    check(r.returncode == 0, r.stderr)
    check(r.stderr == f"tractage: note: removed 2 temporary files that an interrupted build "
          f"left in {out}\n", r.stderr)
    left = sorted(os.listdir(out))
    check(left == sorted(kept + ["riposte-au-tout-numerique-poster-a3.pdf",
                                 "riposte-au-tout-numerique-tract-a5.pdf"]), f"{left}")


def t_mode_owner():
    """A PDF replaced keeps its mode (0600 stayed 0600) and, for root, its
    owner; a new one gets 0666 less the umask."""
    _, out, src, _ = built_then_changed()
    tract = os.path.join(out, "fete-tract-a5.pdf")
    os.chmod(tract, 0o600)
    root = os.geteuid() == 0
    if root:
        os.chown(tract, 65534, 65534)
    r = run([TRACTAGE, "build", "--output-dir", out, src, SAMPLE], cwd=SRC,
            preexec_fn=lambda: os.umask(0o027))
    check(r.returncode == 0, r.stderr)
    st = os.stat(tract)
    check(st.st_mode & 0o7777 == 0o600, f"mode {oct(st.st_mode & 0o7777)}")
    if root:
        check((st.st_uid, st.st_gid) == (65534, 65534), f"owner {st.st_uid}:{st.st_gid}")
    new = os.stat(os.path.join(out, "riposte-au-tout-numerique-tract-a5.pdf"))
    check(new.st_mode & 0o7777 == 0o640, f"new file mode {oct(new.st_mode & 0o7777)}")


def t_names_in_paths():
    """A line break in a content file's name or the output folder's would cut
    the list of files written in two: refused, as are invisible characters in
    an output file's name and a dot that would hide it."""
    d = tmpdir()
    out = os.path.join(d, "out")
    os.mkdir(out)
    cases = [
        (write(os.path.join(d, "a\nb.yaml"), sample_text()), out,
         f"tractage: error: the content file \"{d}/a\\nb.yaml\" holds a control character "
         "(U+000A), which would cut the messages and the list of files written: rename it"),
        (write(os.path.join(d, "a\u202eb.yaml"), sample_text()), out,
         "tractage: error: the name of the content file \"a\u202eb\" holds an invisible "
         "character (U+202E), which cannot go into the name of an output file: rename it"),
        (write(os.path.join(d, ".fete.yaml"), sample_text()), out,
         "tractage: error: the name of the content file \".fete\" starts with a dot, so its "
         "outputs would be hidden files: rename it"),
        (SAMPLE, os.path.join(d, "o\nut"),
         f"tractage: error: the output folder \"{d}/o\\nut\" holds a control character "
         "(U+000A), which would cut the messages and the list of files written: rename it"),
    ]
    for content, folder, message in cases:
        os.makedirs(folder, exist_ok=True)
        r = tractage("build", "--output-dir", folder, content)
        check(r.returncode == 2 and r.stderr == message + "\n", f"exit {r.returncode}:\n{r.stderr}")
        check(os.listdir(folder) == [], f"files written: {os.listdir(folder)}")


def t_small_cli():
    """Small points of the command line: --dpi 0 is refused (it was silently
    150), an empty argument is named as such, a dangling symbolic link as the
    output folder says where it points, --png refuses previews too big to
    make (with the highest --dpi that fits) before anything is rendered."""
    d = tmpdir()
    link = os.path.join(d, "gone")
    os.symlink(os.path.join(d, "nowhere"), link)
    try_help = "\nTry 'tractage --help'.\n"
    cases = [
        (["build", "--png", "--dpi", "0", SAMPLE],
         "tractage: error: --dpi takes a number from 10 to 600, not 0" + try_help),
        (["build", "--dpi", "0", SAMPLE], "tractage: error: --dpi goes with --png" + try_help),
        (["build", ""], "tractage: error: an empty argument was given where a content file "
         "was expected" + try_help),
        (["build", "--layout", "", SAMPLE],
         "tractage: error: --layout was given an empty file name" + try_help),
        (["build", "--output-dir", "", SAMPLE],
         "tractage: error: --output-dir was given an empty folder name" + try_help),
        (["build", "--output-dir", link, SAMPLE],
         f"tractage: error: the output folder {link} is a symbolic link to "
         f"{os.path.join(d, 'nowhere')}, which does not exist\n"),
    ]
    # --png: at most 100 million pixels a document, 32 767 a side (cairo's).
    for name, w, h, dpi, held, best in (
            ("square", 1000, 1000, 300, "hold 139 million pixels, more than the 100 million "
             "allowed", 254),
            ("strip", 2000, 10, 600, "be wider or taller than 32 767 pixels", 416)):
        layout = write(os.path.join(d, f"{name}.yaml"), MIN_LAYOUT.replace(
            "width: 148, height: 210", f"width: {w}, height: {h}") +
            "pages:\n  - name: p\n    items: []\n")
        cases.append((["build", "--png", "--dpi", str(dpi), "--layout", layout, SAMPLE],
                      f"tractage: error: --png at {dpi} dpi: the previews of {layout} (1 page of "
                      f"{w} × {h} mm) would {held}: use a lower --dpi, {best} or less" + try_help))
    for args, message in cases:
        r = tractage(*args)
        check(r.returncode == 2 and r.stderr == message, f"{args}: exit {r.returncode}:\n{r.stderr}")


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
# Fonts that cannot go wrong (issue 9)

STD_CONF = None  # the repository's fonts/fonts.conf


def data_folder(conf=None, fonts=()):
    """A data folder: the standard layouts, and fonts/ holding fonts.conf (conf,
    or the standard one) and copies of the font files `fonts`. Returns it and
    the environment that makes tractage use it (with a fontconfig cache of its
    own, so that the tests leave nothing in the user's cache)."""
    d = tmpdir()
    shutil.copytree(os.path.join(SRC, "layouts"), os.path.join(d, "layouts"))
    os.mkdir(os.path.join(d, "fonts"))
    if conf is None:
        conf = open(os.path.join(SRC, "fonts", "fonts.conf"), encoding="utf-8").read()
    write(os.path.join(d, "fonts", "fonts.conf"), conf)
    for f in fonts:
        shutil.copy(f, os.path.join(d, "fonts"))
    env = dict(os.environ, TRACTAGE_DATADIR=d, XDG_CACHE_HOME=os.path.join(d, "cache"))
    return d, env


# A fonts.conf that sees only its own folder.
OWN_FOLDER_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir prefix="relative">.</dir>
  <cachedir prefix="xdg">tractage-fontconfig</cachedir>
</fontconfig>
"""


def build_fails(env, status, pattern, *extra):
    """Builds the sample into a new folder with env: the build must fail with
    status and a line of stderr matching pattern, and write nothing."""
    out = tmpdir()
    r = tractage("build", "--output-dir", out, *extra, SAMPLE, env=env, timeout=60)
    check(r.returncode == status, f"exit {r.returncode}, expected {status}:\n{r.stderr}")
    check(re.search(pattern, r.stderr, re.M), f"no line matching {pattern!r} in:\n{r.stderr}")
    check(os.listdir(out) == [], f"files written: {os.listdir(out)}")
    return r


def t_fonts_conf_broken():
    """A broken fonts.conf: fontconfig would fall back to the system's fonts
    (a layout naming DejaVu Sans then built); tractage refuses to start."""
    d, env = data_folder("<fontconfig><dir>\n")
    conf = os.path.realpath(os.path.join(d, "fonts", "fonts.conf"))
    build_fails(env, 2, "^tractage: error: the font configuration " + re.escape(conf) +
                r" cannot be read \(fontconfig says why above\); restore it from "
                r"tractage's sources$")


def t_fonts_conf_include():
    """A fonts.conf that includes the system's configuration would let every
    installed font in: refused."""
    if not os.path.exists("/etc/fonts/fonts.conf"):
        raise Skip("no /etc/fonts/fonts.conf here")
    d, env = data_folder(OWN_FOLDER_CONF.replace(
        "</fontconfig>", "  <include>/etc/fonts/fonts.conf</include>\n</fontconfig>"))
    build_fails(env, 2, r"^tractage: error: the font configuration \S+fonts\.conf includes "
                r"/etc/fonts/\S+: it must name its font folders itself, so that no other "
                r"font can come in$")


def t_fonts_fifo():
    """A named pipe in fonts/ (or in a folder inside it) used to block
    fontconfig's scan for ever; a layout of the data folder that is a named
    pipe would block its reading. Both are refused at once."""
    for where in ("pipe.otf", os.path.join("sub", "pipe.ttf")):
        d, env = data_folder()
        path = os.path.join(d, "fonts", where)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.mkfifo(path)
        build_fails(env, 2, "^tractage: error: " + re.escape(os.path.realpath(path)) +
                    " is a named pipe, not a font file: tractage reads only regular files "
                    "from its font folders; remove it$")
    d, env = data_folder()
    layout = os.path.join(d, "layouts", "poster-a3.yaml")
    os.unlink(layout)
    os.mkfifo(layout)
    build_fails(env, 2, "^tractage: error: the standard layout " + re.escape(layout) +
                " is not a regular file: tractage's data folder " + re.escape(d) +
                r" is incomplete \(TRACTAGE_DATADIR names another\)$")
    os.unlink(layout)
    build_fails(env, 2, "^tractage: error: the standard layout " + re.escape(layout) +
                " is missing")
    shutil.rmtree(os.path.join(d, "layouts"))
    build_fails(env, 2, "^tractage: error: the standard layout " +
                re.escape(os.path.join(d, "layouts", "tract-a5.yaml")) + " is missing")


def packaged_fonts():
    fonts = sorted(glob.glob("/usr/share/fonts/opentype/inter/Inter-*.otf") +
                   glob.glob("/usr/share/fonts/opentype/league-spartan/*.otf"))
    if not fonts:
        raise Skip("fonts-inter and fonts-league-spartan are not installed")
    return fonts


def t_font_damaged():
    """A copy of Inter Regular cut at 99 % (its hmtx table, the advance
    widths, runs past the end; FreeType silently shortens it and the hyphens
    came out garbled): the build stops, naming the file."""
    d, env = data_folder(OWN_FOLDER_CONF, packaged_fonts())
    regular = os.path.join(d, "fonts", "Inter-Regular.otf")
    data = open(regular, "rb").read()
    open(regular, "wb").write(data[:len(data) * 99 // 100])
    r = build_fails(env, 2, "^" + re.escape(os.path.join(d, "layouts", "tract-a5.yaml")) +
                    r":\d+:\d+: error: the font file " +
                    re.escape(os.path.realpath(regular)) +
                    r" \(family \"Inter\"\) is damaged: its table 'hmtx' runs past the end "
                    r"of the file \(the file is cut short\); replace it with a good copy, or "
                    r"remove it$")
    check(r.stderr.count("is damaged") == 1, f"said more than once:\n{r.stderr}")
    # Cut so short that fontconfig skips it: Inter's other weights then stood
    # in for it (Medium for Regular), without a word.
    open(regular, "wb").write(data[:100])
    build_fails(env, 2, "^tractage: error: " + re.escape(os.path.realpath(regular)) +
                " is not a font that fontconfig can read: it is damaged, or not a font; "
                "replace it with a good copy, or remove it$")


def zero_glyphs(src, dst):
    """Copies a TrueType font with every entry of its 'loca' table set to 0:
    every table lies in the file, but every glyph is empty."""
    data = bytearray(open(src, "rb").read())
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, off, n = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, n)
    off, n = tables[b"loca"]
    data[off:off + n] = bytes(n)
    open(dst, "wb").write(data)


def t_font_no_outline():
    """A font file whole in structure whose glyphs are empty: the build stops
    on the first character printed, naming the file."""
    src = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not os.path.exists(src):
        raise Skip("fonts-dejavu-core is not installed")
    d, env = data_folder(OWN_FOLDER_CONF, packaged_fonts())
    broken = os.path.join(d, "fonts", "DejaVuSans.ttf")
    zero_glyphs(src, broken)
    layout = os.path.join(d, "dejavu.yaml")
    # The kicker, short enough to fit in DejaVu's wider letters.
    text = open(os.path.join(SRC, "layouts", "tract-a5.yaml"), encoding="utf-8").read()
    kicker = re.search(r"(?m)^  kicker:\n(?:.*\n)*?\s+font: (\w+)\n", text)
    check(kicker, "tract-a5.yaml has no kicker style with a font")
    write(layout, text[:kicker.start(1)] + "DejaVu Sans" + text[kicker.end(1):])
    build_fails(env, 2, "^" + re.escape(os.path.realpath(broken)) + r": error: this font file "
                r"is damaged: the glyph for U\+[0-9A-F]{4} has no outline; replace it with a "
                r"good copy, or remove it$", "--layout", layout)


def t_low_memory():
    """Under a memory limit (ulimit -v) from 20 to 160 MB a build either works
    or stops with a message, and never leaves a file behind: the PDFs of an
    earlier build stay as they were, and no temporary file is left."""
    if "ASAN_OPTIONS" in os.environ:
        raise Skip("AddressSanitizer needs terabytes of address space")
    d, out, src, before = built_then_changed()
    worked = 0
    for mb in range(20, 161, 4):
        def limit(mb=mb):
            resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))
        r = run([TRACTAGE, "build", "--output-dir", out, "--png", "--dpi", "50", src], cwd=SRC,
                preexec_fn=limit)
        files = read_all(out)
        if r.returncode == 0:
            worked += 1
            check({n for n in files if not n.endswith(".png")} == set(before),
                  f"{mb} MB: files {sorted(files)}")
            for n in files:
                if n.endswith(".pdf"):
                    pdf_ok(os.path.join(out, n))
            for n in list(files):
                if n.endswith(".png"):
                    os.unlink(os.path.join(out, n))
            shutil.rmtree(out)
            os.mkdir(out)
            for n, data in before.items():
                open(os.path.join(out, n), "wb").write(data)
            continue
        check(r.stderr.strip(), f"{mb} MB: exit {r.returncode} without a word")
        check(files == before, f"{mb} MB: exit {r.returncode}, files now {sorted(files)}:\n"
              f"{r.stderr}")
    check(worked > 0, "no build worked, even with 160 MB")
    print(f"{worked} of 36 limits from 20 to 160 MB built")


# ---------------------------------------------------------------------------
# Worst cases under the limits (issue 9)

MiB = 1024 * 1024
MAX_TEXT = 16000  # characters in one text (docs/robustness.md)
LIMIT_SECONDS = 5.0

MIN_CONTENT = """organiser:
  name: SUD CD93
event:
  title: Construire la riposte au tout numérique
  sessions:
    - date: 2017-10-03
      start: "08:30"
      end: "17:30"
  venue:
    name: Bourse du travail de Bobigny
    city: Bobigny
"""
MIN_LAYOUT = "layout: 1\nname: t\nkind: tract\npage: { width: 148, height: 210 }\n"
ONE_PAGE = "pages:\n  - name: recto\n    items:\n      - text: { field: title, x: 12, y: 20, w: 124, h: 40 }\n"


def fill(prefix, unit, suffix=""):
    """prefix, then unit(0), unit(1)… while the whole stays under 1 MiB, then suffix."""
    out, size = [prefix], len((prefix + suffix).encode())
    i = 0
    while True:
        u = unit(i)
        if size + len(u.encode()) > MiB - 64:
            break
        out.append(u)
        size += len(u.encode())
        i += 1
    return "".join(out) + suffix


def sentence_text(n=MAX_TEXT - 10):
    text = "Une phrase de plus pour remplir le tract, encore et encore, sans fin. " * 400
    return text[:n].strip()


def worst_contents():
    t = sentence_text()
    word = ("anticonstitutionnellement" * 700)[:MAX_TEXT - 10]
    all_long = MIN_CONTENT.replace("Construire la riposte au tout numérique", t) \
        .replace("name: SUD CD93", "name: " + t).replace("city: Bobigny", "city: " + t)
    all_long += "".join(f"{k}: {t}\n" for k in ("quote", "teaser", "body", "note",
                                               "print_mention"))
    item = "Atelier sur les effets du numérique, avec des témoignages et un débat " * 10
    programme = MIN_CONTENT + "programme:\n" + "".join(
        f'  - {{ time: "09:00", end: "10:00", title: "{item}", speaker: "{item}", '
        f'detail: "{item}" }}\n' for _ in range(200))
    first = datetime.date(2017, 1, 2)
    one_session = '    - date: 2017-10-03\n      start: "08:30"\n      end: "17:30"\n'
    sessions = MIN_CONTENT.replace(one_session, "".join(
        f'    - {{ date: {first + datetime.timedelta(days=2 * i)}, start: "08:30", '
        f'end: "17:30" }}\n' for i in range(100)))
    return {
        "content: every text 16 000 characters": all_long,
        "content: a title and a body of one 16 000-letter word":
            MIN_CONTENT.replace("Construire la riposte au tout numérique", word) +
            f"body: {word}\n",
        "content: 200 programme items of 2 100 characters": programme,
        "content: 100 sessions, every other day": sessions,
        "content: 100 keywords of 10 000 characters":
            MIN_CONTENT + "keywords:\n" + "".join(f"  - {sentence_text(10000)}\n"
                                                  for _ in range(100)),
        "content: 1 MiB of unknown keys": fill(MIN_CONTENT, lambda i: f"zz{i}: x\n"),
        "content: 1 MiB of list items under one key":
            fill(MIN_CONTENT + "note:\n", lambda i: "  - x\n"),
        "content: 1 000 nested block mappings":
            "event:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1000)) +
            " " * 1001 + "x\n",
    }


def worst_layouts():
    fields = ["body", "title", "note", "programme", "teaser", "quote", "footer", "when-where",
              "kicker", "subtitle", "venue", "admission", "organiser"]
    pages = []
    k = 0
    for p in range(16):
        items = []
        for i in range(100):
            if k < 128 and i < 8:
                x, y = (i % 4) * 500 + 1, (i // 4) * 1000 + 1
                items.append(f"      - text: {{ field: {fields[k % len(fields)]}, id: f{k}, "
                             f"x: {x}, y: {y}, w: 498, h: 998, size: [1, 1000] }}\n")
                k += 1
            else:
                items.append(f"      - rect: {{ x: {i}, y: {i}, w: 10, h: 10 }}\n")
        pages.append(f"  - name: p{p}\n    items:\n" + "".join(items))
    big_page = MIN_LAYOUT.replace("width: 148, height: 210", "width: 2000, height: 2000")
    colours = MIN_LAYOUT + "colours:\n" + "".join(
        f'  c{i:05d}{"x" * 58}: "#123456"\n' for i in range(6000))
    colours = fill(colours + "pages:\n  - name: recto\n    items:\n",
                   lambda i: f"      - rect: {{ x: 1, y: 1, w: 1, h: 1, colour: d{i:05d}"
                             f"{'x' * 58} }}\n")
    return {
        "layout: 16 pages of 2 000 mm, 100 items each, 128 text frames":
            big_page + "pages:\n" + "".join(pages),
        "layout: 6 000 colours of 64 characters, 13 000 references to unknown ones": colours,
        "layout: 1 MiB of styles based on one another":
            fill(MIN_LAYOUT + "styles:\n", lambda i: f"  s{i:06d}: {{ base: s{i + 1:06d} }}\n",
                 ONE_PAGE),
        "layout: 1 MiB of unknown keys in a style":
            fill(MIN_LAYOUT + "styles:\n  a:\n", lambda i: f"    fon{i:06d}: 1\n", ONE_PAGE),
    }


def cpu_seconds(argv, **kw):
    """Runs argv; returns its result and the processor seconds (user and system)
    it used: wall time on a shared machine says little."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = run(argv, timeout=600, **kw)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def t_worst_case_time():
    """The worst inputs found under the limits (1 MiB a file, 16 000 characters
    a text, 100 sessions, 200 programme items, 100 keywords; 16 pages of at
    most 2 000 mm, 100 items a page, 128 text frames) each take under 5 s of
    processor time, as docs/robustness.md says; so does the largest --png
    preview allowed. TR_TIME_FACTOR scales the limit for sanitized builds. A
    layout is checked with the content of 16 000-character texts."""
    factor = float(os.environ.get("TR_TIME_FACTOR", "1"))
    d = tmpdir()
    contents = worst_contents()
    long_content = write(os.path.join(d, "long.yaml"),
                         contents["content: every text 16 000 characters"])
    cases = [(what, ["check", "--layout", None, long_content], text)
             for what, text in worst_layouts().items()]
    cases += [(what, ["check", None], text) for what, text in contents.items()]
    layout = write(os.path.join(d, "big.yaml"), MIN_LAYOUT.replace(
        "width: 148, height: 210", "width: 2000, height: 2000") + ONE_PAGE)
    cases.append(("--png of one 2 000 mm page at 127 dpi (100 million pixels)",
                  ["build", "--output-dir", d, "--png", "--dpi", "127", "--layout", layout,
                   SAMPLE], None))
    report = []
    for n, (what, argv, text) in enumerate(cases):
        if text is not None:
            path = write(os.path.join(d, f"case{n}.yaml"), text)
            check(os.path.getsize(path) <= MiB, f"{what}: {os.path.getsize(path)} bytes")
            argv = [path if a is None else a for a in argv]
        r, secs = cpu_seconds([TRACTAGE, *argv], cwd=SRC)
        check(r.returncode in (0, 1), f"{what}: exit {r.returncode}:\n{r.stderr[-2000:]}")
        check(r.returncode == 0 or "error" in r.stderr, f"{what}: failed without a message")
        report.append(f"{what}: {secs:.2f} s (exit {r.returncode})")
        check(secs < LIMIT_SECONDS * factor,
              f"{what} took {secs:.1f} s of processor time:\n" + "\n".join(report))
    print("\n".join(report))


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
