#!/usr/bin/env python3
"""While writing a tract (issue 11): tractage watch, tractage new, content read
from standard input (-, --name), the output folder created, and the user's
font folders (the XDG one and --font-dir).

Usage: workflow.py TRACTAGE SOURCE_ROOT TEST_NAME (see tests/lib/harness.py).
The watch test polls with deadlines rather than sleeping fixed times, so that a
loaded machine or a sanitizer build is only slower, never wrong.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import harness  # noqa: E402
from harness import SAMPLE, Fail, check  # noqa: E402,F401

TRACTAGE = SRC = None

# Sanitizer builds run several times slower (tests/meson.build).
SLOW = float(os.environ.get("TR_TIME_FACTOR", "1"))


def run(args, **kw):
    return harness.run(args, timeout=60 * SLOW, **kw)


def tmpdir():
    return harness.tmpdir("tractage-workflow-")


def text_of(pdf):
    r = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    check(r.returncode == 0, f"pdftotext {pdf}: {r.stderr}")
    return re.sub(r"\s+", " ", r.stdout)


def new(d, name="fete.yaml", *extra, env=None):
    """tractage new in folder d; fails the test unless it succeeds."""
    r = run([TRACTAGE, "new", *extra, name], cwd=d, env=env)
    check(r.returncode == 0, f"new {name} failed ({r.returncode}): {r.stderr}")
    return os.path.join(d, name)


def replace_in(path, old, new_text, rename=False):
    """Replaces old by new_text in path; rename: as editors that write a new
    file and rename it over the old one."""
    s = open(path, encoding="utf-8").read()
    check(old in s, f"{old!r} not in {path}")
    s = s.replace(old, new_text, 1)
    if rename:
        tmp = path + ".new"
        open(tmp, "w", encoding="utf-8").write(s)
        os.rename(tmp, path)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(s)


def wait_for(what, cond, timeout=30):
    """Polls cond() until it is true; fails after timeout seconds (times the
    sanitizers' factor)."""
    end = time.monotonic() + timeout * SLOW
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    raise Fail(f"timed out waiting for {what}")


# ---------------------------------------------------------------------------
# watch


def t_watch():
    d = tmpdir()
    out = os.path.join(d, "out")
    src = new(d)
    open(os.path.join(d, "org.yaml"), "w", encoding="utf-8").write("name: Union locale Alpha\n")
    replace_in(src, "version: 1\n", "version: 1\norganisation: org.yaml\n")
    replace_in(src, "  name: Syndicat à compléter ", "  # name: Syndicat à compléter ")
    tract = os.path.join(out, "fete-tract-a5.pdf")
    log_err = open(os.path.join(d, "stderr"), "w+", encoding="utf-8")
    log_out = open(os.path.join(d, "stdout"), "w+", encoding="utf-8")
    p = subprocess.Popen([TRACTAGE, "watch", "--png", "--output-dir", out, src], cwd=SRC,
                         stdout=log_out, stderr=log_err)

    def stderr():
        return open(log_err.name, encoding="utf-8").read()

    def tract_says(s):
        return lambda: os.path.exists(tract) and s in text_of(tract)

    try:
        # The first build, with its previews; the missing output folder is made.
        wait_for("the first build", lambda: "tractage: watch: built;" in stderr())
        check(stderr().startswith(f"tractage: note: created the output folder {out}\n"
                                  f"tractage: watch: "), stderr())
        check(re.search(r"^tractage: watch: \d\d:\d\d:\d\d: building " + re.escape(src) + "$",
                        stderr(), re.M), stderr())
        check("Titre à compléter" in text_of(tract), "first tract")
        check(os.path.exists(os.path.join(out, "fete-tract-a5-recto.png")), os.listdir(out))
        # A change, saved in place: built again.
        replace_in(src, "title: Titre à compléter", "title: Fête de la Bourse")
        wait_for("the new title", tract_says("Fête de la Bourse"))
        check(re.search(r"^tractage: watch: \d\d:\d\d:\d\d: " + re.escape(src) +
                        " changed: building again$", stderr(), re.M), stderr())
        # Saved as editors that rename a new file over the old one: still followed.
        replace_in(src, "Fête de la Bourse", "Fête du Travail", rename=True)
        wait_for("the renamed file's title", tract_says("Fête du Travail"))
        # The organisation file is watched too.
        replace_in(os.path.join(d, "org.yaml"), "Alpha", "Bêta")
        wait_for("the organisation's new name", tract_says("Union locale Bêta"))
        # Broken: the error is said, the good files stay as they were.
        wait_for("the build to end", lambda: stderr().endswith("(Ctrl-C to stop)\n"))
        good = {n: open(os.path.join(out, n), "rb").read() for n in os.listdir(out)}
        n_built = stderr().count("tractage: watch: built;")
        replace_in(src, "title: Fête du Travail", "title: [Fête du Travail")
        wait_for("the error", lambda: "the files of the last good build are kept" in stderr())
        err = stderr()
        check(re.search(re.escape(src) + r":\d+:\d+: error: ", err), err)
        check(err.count("tractage: watch: built;") == n_built, err)
        now = {n: open(os.path.join(out, n), "rb").read() for n in os.listdir(out)}
        check(now == good, "a failed build changed the files of the last good one")
        # Fixed: built again.
        replace_in(src, "title: [Fête du Travail", "title: Fête retrouvée")
        wait_for("the fixed title", tract_says("Fête retrouvée"))
        wait_for("the build to end", lambda: stderr().endswith("(Ctrl-C to stop)\n"))
        # Ctrl-C ends it cleanly.
        p.send_signal(signal.SIGINT)
        rc = p.wait(timeout=30 * SLOW)
        check(rc == 0, f"exit {rc} after SIGINT:\n{stderr()}")
        check(stderr().endswith("tractage: watch: stopped\n"), stderr())
        check(not [n for n in os.listdir(out) if n.startswith(".")], os.listdir(out))
        lines = open(log_out.name, encoding="utf-8").read().splitlines()
        check(lines and set(lines) >= {tract, os.path.join(out, "fete-poster-a3.pdf")}, lines)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def t_watch_usage():
    r = run([TRACTAGE, "watch", "-", "--name", "x"], cwd=SRC)
    check(r.returncode == 2 and r.stderr.startswith(
        "tractage: error: watch needs a content file to watch, not - (standard input)\n"),
        r.stderr)
    r = run([TRACTAGE, "watch", SAMPLE, SAMPLE], cwd=SRC)
    check(r.returncode == 2 and r.stderr.startswith(
        "tractage: error: watch takes one content file\n"), r.stderr)


# ---------------------------------------------------------------------------
# new


def t_new():
    d = tmpdir()
    env = dict(os.environ, TRACTAGE_TODAY="2031-05-06")
    r = run([TRACTAGE, "new", "fete.yaml"], cwd=d, env=env)
    check(r.returncode == 0 and r.stdout == "fete.yaml\n", f"{r.returncode} {r.stdout!r}")
    check(r.stderr == 'tractage: note: wrote fete.yaml: replace what says "à compléter", '
          "then run tractage check fete.yaml\n", r.stderr)
    text = open(os.path.join(d, "fete.yaml"), encoding="utf-8").read()
    check("lang: fr" in text and "date: 2031-06-03 " in text and "weekday: mardi " in text, text)
    # It builds as it is, with the standard layouts.
    r = run([TRACTAGE, "build", "fete.yaml"], cwd=d)
    check(r.returncode == 0 and r.stderr == "", r.stderr)
    check(sorted(os.listdir(d)) == ["fete-poster-a3.pdf", "fete-tract-a5.pdf", "fete.yaml"],
          os.listdir(d))
    check("Titre à compléter" in text_of(os.path.join(d, "fete-poster-a3.pdf")), "poster")
    # check reports the placeholders, and nothing else.
    r = run([TRACTAGE, "check", "fete.yaml"], cwd=d, env=env)
    found = r.stderr.splitlines()
    check(r.returncode == 0 and found[-1] == f"tractage: {len(found) - 1} warnings", r.stderr)
    check(len(found) >= 8 and all(re.fullmatch(r'fete\.yaml:\d+:\d+: warning: placeholder text '
                                               r'left: "(à compléter|À compléter|XXXXX)" '
                                               r'\[leftover\]', l) for l in found[:-1]),
          r.stderr)
    check('fete.yaml:21:16: warning: placeholder text left: "à compléter" [leftover]' in found,
          r.stderr)
    # The last days of the year stay in it.
    d2 = tmpdir()
    new(d2, "fin.yaml", env=dict(os.environ, TRACTAGE_TODAY="2031-12-20"))
    text = open(os.path.join(d2, "fin.yaml"), encoding="utf-8").read()
    check("date: 2031-12-31 " in text and "weekday: mercredi " in text, text)


def t_new_english():
    d = tmpdir()
    r = run([TRACTAGE, "new", "--lang", "en", "meeting.yaml"], cwd=d,
            env=dict(os.environ, TRACTAGE_TODAY="2031-05-06"))
    check(r.returncode == 0, r.stderr)
    text = open(os.path.join(d, "meeting.yaml"), encoding="utf-8").read()
    check("lang: en" in text and "date: 2031-06-03 " in text and "weekday: Tuesday " in text, text)
    r = run([TRACTAGE, "build", "meeting.yaml"], cwd=d)
    check(r.returncode == 0 and r.stderr == "", r.stderr)
    t = text_of(os.path.join(d, "meeting-tract-a5.pdf"))
    check("Title to be completed" in t and "Tuesday 3 June 2031" in t, t)
    r = run([TRACTAGE, "check", "meeting.yaml"], cwd=d,
            env=dict(os.environ, TRACTAGE_TODAY="2031-05-06"))
    found = r.stderr.splitlines()
    check(r.returncode == 0 and len(found) >= 8 and all(
        re.fullmatch(r'meeting\.yaml:\d+:\d+: warning: placeholder text left: '
                     r'"(to be completed|To be completed|XXXXX)" \[leftover\]', l)
        for l in found[:-1]), r.stderr)


def t_new_refused():
    d = tmpdir()
    path = os.path.join(d, "fete.yaml")
    open(path, "w", encoding="utf-8").write("mine\n")
    r = run([TRACTAGE, "new", "fete.yaml"], cwd=d)
    check(r.returncode == 2 and r.stdout == "", f"exit {r.returncode}")
    check(r.stderr == "tractage: error: fete.yaml already exists: tractage new never replaces "
          "a file; give another name, or edit that file\n", r.stderr)
    check(open(path, encoding="utf-8").read() == "mine\n", "the file was changed")
    for args, msg in [(("new",), "new takes one file name, as in: tractage new fete.yaml"),
                      (("new", "a.yaml", "b.yaml"),
                       "new takes one file name, as in: tractage new fete.yaml"),
                      (("new", "--lang", "de", "a.yaml"), '--lang takes "fr" or "en", not "de"'),
                      (("build", "--lang", "en", "a.yaml"), "--lang goes with new")]:
        r = run([TRACTAGE, *args], cwd=d)
        check(r.returncode == 2 and r.stderr == f"tractage: error: {msg}\n"
              "Try 'tractage --help'.\n", f"{args}: {r.returncode} {r.stderr}")
    check(os.listdir(d) == ["fete.yaml"], os.listdir(d))


# ---------------------------------------------------------------------------
# standard input


def t_stdin():
    d = tmpdir()
    src = new(d, "x.yaml")
    # Relative paths inside are relative to the current folder.
    os.mkdir(os.path.join(d, "org"))
    shutil.copy(os.path.join(SRC, "organisations/exemple-logo.svg"), os.path.join(d, "org"))
    open(os.path.join(d, "org/o.yaml"), "w", encoding="utf-8").write(
        "name: Union locale Gamma\nlogo: exemple-logo.svg\n")
    replace_in(src, "version: 1\n", "version: 1\norganisation: org/o.yaml\n")
    replace_in(src, "  name: Syndicat à compléter ", "  # name: Syndicat à compléter ")
    content = open(src, encoding="utf-8").read()
    os.unlink(src)
    r = run([TRACTAGE, "build", "--name", "fete", "-o", "out", "-"], cwd=d, input=content)
    check(r.returncode == 0 and r.stderr == "tractage: note: created the output folder out\n",
          f"{r.returncode}: {r.stderr}")
    check(r.stdout == "out/fete-tract-a5.pdf\nout/fete-poster-a3.pdf\n", r.stdout)
    check("Union locale Gamma" in text_of(os.path.join(d, "out/fete-tract-a5.pdf")), "org")
    # Messages name it <stdin>.
    r = run([TRACTAGE, "build", "--name", "fete", "-o", "out", "-"], cwd=d,
            input=content.replace("title: Titre", "titel: Titre"))
    check(r.returncode == 1 and r.stderr.startswith(
        '<stdin>:22:3: error: unknown key "titel" in event (did you mean "title"?)\n'), r.stderr)
    r = run([TRACTAGE, "check", "--name", "fete", "-"], cwd=d, input=content)
    check(r.returncode == 0 and '<stdin>:22:16: warning: placeholder text left: "à compléter" '
          "[leftover]" in r.stderr, r.stderr)
    # check writes nothing: it needs no --name.
    r = run([TRACTAGE, "check", "-"], cwd=d, input=content)
    check(r.returncode == 0 and '<stdin>:22:16: warning: placeholder text left: "à compléter" '
          "[leftover]" in r.stderr, r.stderr)
    # --name: needed, alone with -, and a name.
    for args, msg in [
            (("-",), "- reads the content from standard input: give the name of its files "
                     "with --name, as in --name fete (fete-tract-a5.pdf)"),
            (("--name", "fete", "a.yaml"), "--name goes with - (the content read from "
                                           "standard input); the files of a content file "
                                           "are named after it")]:
        r = run([TRACTAGE, "build", *args], cwd=d, input=content)
        check(r.returncode == 2 and r.stderr == f"tractage: error: {msg}\n"
              "Try 'tractage --help'.\n", f"{args}: {r.stderr}")
    for name, msg in [
            ("a/b", '--name takes a name for the output files, not "a/b" (no "/": the folder '
                    'is --output-dir)'),
            (".fete", 'the name given with --name ".fete" starts with a dot, so its outputs '
                      'would be hidden files: rename it'),
            ("fe\u200bte", 'the name given with --name "fe\u200bte" holds an invisible '
                           'character (U+200B), which cannot go into the name of an output '
                           'file: rename it')]:
        r = run([TRACTAGE, "build", "--name", name, "-o", "bad", "-"], cwd=d, input=content)
        check(r.returncode == 2 and r.stderr.endswith(f"tractage: error: {msg}\n"),
              f"{name}: {r.stderr}")
    check(sorted(os.listdir(os.path.join(d, "out"))) == ["fete-poster-a3.pdf",
                                                         "fete-tract-a5.pdf"],
          os.listdir(os.path.join(d, "out")))


# ---------------------------------------------------------------------------
# the output folder


def t_output_dir_created():
    d = tmpdir()
    out = os.path.join(d, "a", "b")
    r = run([TRACTAGE, "build", "-o", out, SAMPLE], cwd=SRC,
            preexec_fn=lambda: os.umask(0o027))
    check(r.returncode == 0, r.stderr)
    check(r.stderr == f"tractage: note: created the output folder {out}\n", r.stderr)
    check(len(os.listdir(out)) == 2, os.listdir(out))
    for p in (os.path.join(d, "a"), out):
        mode = os.stat(p).st_mode & 0o777
        check(mode == 0o750, f"{p}: mode {mode:o}, not 750 (0777 less the umask 027)")
    # Once there, nothing is said.
    r = run([TRACTAGE, "build", "-o", out, SAMPLE], cwd=SRC)
    check(r.returncode == 0 and r.stderr == "", r.stderr)
    # check writes nothing, and creates nothing.
    r = run([TRACTAGE, "check", "--no-findings", "-o", os.path.join(d, "c"), SAMPLE], cwd=SRC)
    check(r.returncode == 0 and not os.path.exists(os.path.join(d, "c")), r.stderr)


# ---------------------------------------------------------------------------
# fonts

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core


def need_fonts(*paths):
    """Skips the test (exit 77) when a font file it uses is not installed."""
    for f in paths:
        if not os.path.exists(f):
            print(f"{f} is missing (fonts-dejavu-core, tools/debian-packages.txt)",
                  file=sys.stderr)
            sys.exit(77)


def layout_with(d, family):
    lay = open(os.path.join(SRC, "layouts/poster-a3.yaml"), encoding="utf-8").read()
    check("display: League Spartan" in lay, "no display font in poster-a3")
    path = os.path.join(d, "poster.yaml")
    open(path, "w", encoding="utf-8").write(lay.replace("display: League Spartan",
                                                        f"display: {family}", 1))
    return path


def embedded(pdf):
    r = run(["pdffonts", pdf])
    check(r.returncode == 0, r.stderr)
    return r.stdout


def t_font_dirs():
    need_fonts(DEJAVU)
    d = tmpdir()
    lay = layout_with(d, "DejaVu Sans")
    home = os.path.join(d, "xdg")
    env = dict(os.environ, XDG_DATA_HOME=home)
    # Not in tractage's fonts: the error, never a substitute.
    out = os.path.join(d, "out0")
    # The message names the user's folder, "~/" under the home folder.
    r = run([TRACTAGE, "build", "-o", out, "--layout", lay, SAMPLE], cwd=SRC,
            env=dict(env, HOME=d))
    # It is installed on the system: the message says so, and names the key.
    check(r.returncode == 1 and re.search("^" + re.escape(lay) + r':\d+:\d+: error: font family '
                                          r'"DejaVu Sans" is installed on this system, but '
                                          r'tractage prints only with its own fonts unless told '
                                          r'otherwise: write "system-fonts: true" in the layout '
                                          r'or in the organisation file, or copy its font files '
                                          r'into your font folder, ~/xdg/tractage/fonts, or into '
                                          r'a folder given with --font-dir$',
                                          r.stderr, re.M), r.stderr)
    # ... and suggests no other name: the family is right.
    check("did you mean" not in r.stderr, r.stderr)
    # In the user's folder, under another file name.
    fonts = os.path.join(home, "tractage", "fonts")
    os.makedirs(fonts)
    shutil.copy(DEJAVU, os.path.join(fonts, "my-font.ttf"))
    out = os.path.join(d, "out1")
    r = run([TRACTAGE, "build", "-o", out, "--layout", lay, SAMPLE], cwd=SRC, env=env)
    check(r.returncode == 0, r.stderr)
    check("DejaVuSans" in embedded(os.path.join(out, "riposte-au-tout-numerique-poster-a3.pdf")),
          "DejaVu Sans not embedded")
    # With --font-dir (repeatable), the user's folder empty.
    os.unlink(os.path.join(fonts, "my-font.ttf"))
    extra, empty = os.path.join(d, "extra"), os.path.join(d, "empty")
    os.makedirs(extra)
    os.makedirs(empty)
    shutil.copy(DEJAVU, os.path.join(extra, "other-name.ttf"))
    out = os.path.join(d, "out2")
    r = run([TRACTAGE, "build", "-o", out, "--font-dir", empty, "--font-dir", extra,
             "--layout", lay, SAMPLE], cwd=SRC, env=env)
    check(r.returncode == 0, r.stderr)
    check("DejaVuSans" in embedded(os.path.join(out, "riposte-au-tout-numerique-poster-a3.pdf")),
          "DejaVu Sans not embedded")
    # A folder that is not there, and a damaged font there.
    r = run([TRACTAGE, "build", "--font-dir", os.path.join(d, "nowhere"), SAMPLE], cwd=SRC,
            env=env)
    check(r.returncode == 2 and r.stderr == f"tractage: error: the font folder "
          f"{os.path.join(d, 'nowhere')} (--font-dir) does not exist\n", r.stderr)
    open(os.path.join(empty, "broken.ttf"), "wb").write(b"\0\1\0\0" + b"x" * 100)
    r = run([TRACTAGE, "check", "--font-dir", empty, SAMPLE], cwd=SRC, env=env)
    check(r.returncode == 2 and r.stderr == f"tractage: error: {os.path.join(empty, 'broken.ttf')} "
          "is not a font that fontconfig can read: it is damaged, or not a font; replace it "
          "with a good copy, or remove it\n", r.stderr)


def t_system_fonts():
    """system-fonts: true in a layout, a layout made from it, or an organisation
    file: a family installed on the system is used, and a family that is not
    installed is still an error, never a substitute."""
    need_fonts(DEJAVU, DEJAVU.replace("DejaVuSans.ttf", "DejaVuSerif.ttf"))
    d = tmpdir()
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(d, "xdg"))
    poster = "riposte-au-tout-numerique-poster-a3.pdf"
    # In the layout.
    lay = layout_with(d, "DejaVu Sans")
    text = open(lay, encoding="utf-8").read()
    check("\nkind: poster\n" in text, "no kind in poster-a3")
    open(lay, "w", encoding="utf-8").write(text.replace("\nkind: poster\n",
                                                        "\nkind: poster\nsystem-fonts: true\n", 1))
    r = run([TRACTAGE, "build", "-o", os.path.join(d, "o1"), "--layout", lay, SAMPLE], cwd=SRC,
            env=env)
    check(r.returncode == 0, r.stderr)
    fonts = embedded(os.path.join(d, "o1", poster))
    check("DejaVuSans-Bold" in fonts and "Inter" in fonts, fonts)
    # In a layout made from a standard one.
    derived = os.path.join(d, "big.yaml")
    open(derived, "w", encoding="utf-8").write(
        "layout: 1\nname: big\nfrom: poster-a3\npage: { width: 420, height: 594 }\n"
        "system-fonts: true\nfonts: { display: DejaVu Serif }\n")
    r = run([TRACTAGE, "build", "-o", os.path.join(d, "o2"), "--layout", derived, SAMPLE],
            cwd=SRC, env=env)
    check(r.returncode == 0, r.stderr)
    fonts = embedded(os.path.join(d, "o2", "riposte-au-tout-numerique-big.pdf"))
    check("DejaVuSerif-Bold" in fonts, fonts)
    # In an organisation file: without the key, the error at its line; with it,
    # the tract and the poster; a family that is not installed, an error.
    os.makedirs(os.path.join(d, "c", "org"))
    content = os.path.join(d, "c", "fete.yaml")
    sample = open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()
    check("\norganiser:" in sample, "no organiser in the sample")
    open(content, "w", encoding="utf-8").write(
        sample.replace("\norganiser:", "\norganisation: org/sud.yaml\norganiser:", 1))
    org = os.path.join(d, "c", "org", "sud.yaml")
    for key, family, status in (("", "DejaVu Serif", 1), ("system-fonts: true\n", "DejaVu Serif", 0),
                                ("system-fonts: oui\n", "Comic Sans MS", 1)):
        open(org, "w", encoding="utf-8").write(f"name: SUD\n{key}fonts:\n  display: {family}\n")
        out = os.path.join(d, "c", "out")
        shutil.rmtree(out, ignore_errors=True)
        r = run([TRACTAGE, "build", "-o", out, content], cwd=os.path.join(d, "c"), env=env)
        check(r.returncode == status, r.stderr)
        line = 4 if key else 3
        if family == "Comic Sans MS":
            check(f"org/sud.yaml:{line}:12: error: font family \"Comic Sans MS\" is not available "
                  "to tractage" in r.stderr, r.stderr)
        elif status:
            check(f"org/sud.yaml:{line}:12: error: font family \"DejaVu Serif\" is installed on "
                  "this system" in r.stderr, r.stderr)
        else:
            check(sorted(os.listdir(out)) == ["fete-poster-a3.pdf", "fete-tract-a5.pdf"],
                  os.listdir(out))
            check("DejaVuSerif-Bold" in embedded(os.path.join(out, "fete-poster-a3.pdf")),
                  "DejaVu Serif not embedded")


def t_system_fonts_batch():
    """One process, several contents or layouts: the system's fonts, added for
    one that allows them, never serve one that does not (not a style of the
    family it names, not a character its fonts lack), whatever the order."""
    need_fonts(DEJAVU)
    d = tmpdir()
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(d, "xdg"))
    sample = open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()
    check("\n  title: Construire" in sample, "no title in the sample")
    os.makedirs(os.path.join(d, "org"))
    open(os.path.join(d, "org", "sys.yaml"), "w", encoding="utf-8").write(
        "name: SUD\nsystem-fonts: true\n")
    # Two contents alike but for the organisation file that allows the
    # system's fonts; U+262D is in DejaVu Sans, not in tractage's fonts.
    for name, org in (("allows", "organisation: org/sys.yaml\n"), ("plain", "")):
        open(os.path.join(d, name + ".yaml"), "w", encoding="utf-8").write(
            sample.replace("\norganiser:", "\n" + org + "organiser:", 1)
                  .replace("\n  title: Construire", "\n  title: \u262d Construire", 1))
    refused = ("plain.yaml:28:10: error: no font can draw the character “\u262d” (U+262D) in "
               "the title (frame \"title\"): remove it, or put a font that has it in your font "
               "folder, ")
    drawn = ("allows.yaml:29:10: warning: the font League Spartan has no '\u262d' (U+262D), "
             "used in the title: it is drawn with DejaVu Sans")
    for order in (["allows.yaml", "plain.yaml"], ["plain.yaml", "allows.yaml"]):
        out = os.path.join(d, "out-" + order[0])
        r = run([TRACTAGE, "build", "--only", "poster", "-o", out, *order], cwd=d, env=env)
        check(r.returncode == 1 and refused in r.stderr and drawn in r.stderr
              and "plain.yaml:28:10: warning" not in r.stderr, f"{order}: {r.stderr}")
        check(os.listdir(out) == ["allows-poster-a3.pdf"], f"{order}: {os.listdir(out)}")
    # A family of --font-dir with its regular style only: its bold is
    # emboldened from it, never the system's DejaVuSans-Bold, alone or after
    # a content that allows the system's fonts.
    fd = os.path.join(d, "fd")
    os.makedirs(fd)
    shutil.copy(DEJAVU, fd)
    lay = layout_with(d, "DejaVu Sans")
    for name in ("allows", "plain"):
        replace_in(os.path.join(d, name + ".yaml"), "\u262d ", "")
    for contents in (["plain.yaml"], ["allows.yaml", "plain.yaml"]):
        out = os.path.join(d, "fd-" + str(len(contents)))
        r = run([TRACTAGE, "build", "--font-dir", fd, "--layout", lay, "-o", out, *contents],
                cwd=d, env=env)
        check(r.returncode == 0, r.stderr)
        fonts = embedded(os.path.join(out, "plain-poster-a3.pdf"))
        check("DejaVuSans " in fonts and "DejaVuSans-Bold" not in fonts, f"{contents}: {fonts}")


def t_system_fonts_pipe():
    """A named pipe among the system's font folders (~/.fonts): fontconfig
    would block on it for ever. With the key it is an error that names it;
    without, the message for a family tractage lacks still comes (the
    system's folders are read only to say whether it is installed there)."""
    need_fonts(DEJAVU)
    d = tmpdir()
    home = os.path.join(d, "home")
    os.makedirs(os.path.join(home, ".fonts"))
    pipe = os.path.join(home, ".fonts", "pipe.ttf")
    os.mkfifo(pipe)
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(d, "xdg"),
               XDG_CACHE_HOME=os.path.join(d, "cache"))
    lay = layout_with(d, "DejaVu Serif")
    try:
        r = harness.run([TRACTAGE, "build", "-o", os.path.join(d, "o1"), "--layout", lay,
                         SAMPLE], cwd=SRC, env=env, timeout=20 * SLOW)
    except subprocess.TimeoutExpired:
        raise Fail("without system-fonts, a named pipe in ~/.fonts blocks the build")
    check(r.returncode == 1 and re.search(r': error: font family "DejaVu Serif" is not '
                                          r'available to tractage \(it comes with the Debian '
                                          r'package fonts-dejavu-core\)', r.stderr), r.stderr)
    replace_in(lay, "\nkind: poster\n", "\nkind: poster\nsystem-fonts: true\n")
    r = harness.run([TRACTAGE, "build", "-o", os.path.join(d, "o2"), "--layout", lay, SAMPLE],
                    cwd=SRC, env=env, timeout=20 * SLOW)
    check(r.returncode == 1 and f"error: {pipe} is a named pipe, not a font file: tractage "
          "reads only regular files from its font folders; remove it" in r.stderr, r.stderr)


if __name__ == "__main__":
    sys.exit(harness.main(globals(), tools=("pdftotext", "pdffonts")))
