#!/usr/bin/env python3
"""Man pages and installation (issue 11): the man pages are lint-clean and
say what the program and its sources say, and an installed tractage works
from any folder.

Usage: install.py TRACTAGE SOURCE_ROOT TEST_NAME
Runs one named test (a function t_NAME below; see tests/lib/harness.py): exit 0
when it passes, 1 with an explanation on stderr, 77 when a tool is missing or
the man pages were not built (no scdoc, -Dman=disabled). $TR_BUILD_DIR is the
build folder (tests/meson.build sets it): the man pages are in its man/.

The drift tests compare the man pages with their sources of truth, so that
neither can change without the other: tractage(1) with `tractage --help` (every
option, command and exit status), with the g_getenv() calls of src/ (every
variable) and with the findings' names of src/check/check.c; tractage-content(5)
and tractage-layout(5) with the key tables of src/load/content.c,
src/load/layoutdesc.c and the fields of src/layout/compose.c. They read the
built pages (roff), where a definition list's term is the text line before
".RS 4" and a key is written in bold.
"""
import glob
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import harness  # noqa: E402
from harness import SAMPLE, check, run, stem  # noqa: E402

TRACTAGE = SRC = None
PAGES = ["tractage.1", "tractage-content.5", "tractage-layout.5"]
FORMATS = ["tract-a5", "tract-a5-recto", "flyer-a6", "poster-a4", "poster-a3", "poster-a2"]


class Skip(Exception):
    pass


def build_dir():
    d = os.environ.get("TR_BUILD_DIR")
    check(d and os.path.isdir(d), "TR_BUILD_DIR is not set to the build folder")
    return d


def page_path(page):
    path = os.path.join(build_dir(), "man", page)
    if not os.path.exists(path):
        raise Skip(f"{path} was not built (scdoc is not installed, or -Dman=disabled)")
    return path


def sections(page):
    """The built page as {SECTION NAME: [roff lines]}."""
    out, name = {}, None
    for line in open(page_path(page), encoding="utf-8").read().split("\n"):
        m = re.match(r'\.SH "?([^"]*)"?$', line)
        if m:
            name = m.group(1)
            out[name] = []
        elif name:
            out[name].append(line)
    return out


def bold(text):
    """The words set in bold in roff text, unescaped."""
    return [w.replace("\\&", "").replace("\\-", "-") for w in re.findall(r"\\fB(.*?)\\fR", text)]


def terms(lines, whole=False):
    """The terms of the definition lists of a section: {bold word: the text of
    its description}. A term may hold several words ("colours (or colors)");
    with whole, the keys are the terms as written."""
    out = {}
    for i, line in enumerate(lines[:-1]):
        if lines[i + 1] == ".RS 4" and line and not line.startswith("."):
            end, depth = i + 2, 1
            while end < len(lines) and depth:
                depth += lines[end].startswith(".RS") - (lines[end] == ".RE")
                end += 1
            desc = "\n".join(lines[i + 2:end])
            start = i  # a long term is on several lines (man/scdoc.py breaks them)
            while start > 0 and lines[start - 1] and not lines[start - 1].startswith("."):
                start -= 1
            term = " ".join(lines[start:i + 1])
            words = [term] if whole else bold(term) or [term.replace("\\&", "")]
            for w in words:
                out[w] = desc
    return out


def c_array(path, name):
    """The strings of `static const char *const NAME[] = { ... };` in a source file."""
    text = open(os.path.join(SRC, path), encoding="utf-8").read()
    m = re.search(r"static const char \*const " + re.escape(name) + r"\[[^\]]*\] = \{(.*?)\};",
                  text, re.S)
    check(m, f"{path}: no table {name} (did it move? update tests/install/install.py)")
    return [s for s in re.findall(r'"([^"]*)"', m.group(1)) if s]


def c_table(path, pattern):
    text = open(os.path.join(SRC, path), encoding="utf-8").read()
    found = re.findall(pattern, text)
    check(found, f"{path}: nothing matches {pattern} (update tests/install/install.py)")
    return [f for f in found if f]


def same(what, documented, actual):
    missing = sorted(set(actual) - set(documented))
    invented = sorted(set(documented) - set(actual))
    check(not missing, f"{what}: not in the man page: {missing}")
    check(not invented, f"{what}: in the man page but not in the program: {invented}")


# ---------------------------------------------------------------------------


def t_man_lint():
    """Each page is built and `mandoc -T lint` says nothing about it, and it
    reads as a man page from the build tree (man ./build/man/tractage.1)."""
    for page in PAGES:
        path = page_path(page)
        r = run(["mandoc", "-T", "lint", path])
        check(r.returncode == 0 and not r.stdout and not r.stderr,
              f"mandoc -T lint {page}:\n{r.stdout}{r.stderr}")
        r = run(["mandoc", "-T", "utf8", path])
        check(r.returncode == 0, r.stderr)
        title = page.rsplit(".", 1)[0].upper() + "(" + page.rsplit(".", 1)[1] + ")"
        text = re.sub(".\b", "", r.stdout)
        check(text.startswith(title), f"{page} renders as:\n{text[:300]}")
        check(not re.search(r"@[A-Z]+@", text),
              f"{page}: {re.findall(r'@[A-Z]+@', text)} left unreplaced")


def t_man_options():
    """tractage(1) documents every option of `tractage --help` (short and long
    names) and no other, every command, and the exit statuses --help gives."""
    r = run([TRACTAGE, "--help"])
    check(r.returncode == 0, r.stderr)
    helped = {}
    for m in re.finditer(r"(?m)^  (?:-(\w), )?--([a-z][a-z0-9-]*)", r.stdout):
        helped[m.group(2)] = m.group(1)
    check(len(helped) > 10, f"--help lists {sorted(helped)}: the parsing is wrong")
    s = sections("tractage.1")
    documented = {}
    for sec in ("OPTIONS", "PRINT OPTIONS"):
        for term, desc in terms(s[sec], whole=True).items():
            if term.startswith("\\fB-"):
                names = bold(term)
                longs = [n[2:] for n in names if n.startswith("--")]
                shorts = [n[1:] for n in names if re.fullmatch(r"-\w", n)]
                check(len(longs) == 1, f"tractage(1): an option term with {names}")
                documented[longs[0]] = shorts[0] if shorts else None
    same("the options of --help", documented, helped)
    for name, short in helped.items():
        check(documented[name] == short,
              f"--{name}: --help gives -{short}, tractage(1) gives -{documented[name]}")

    commands = re.findall(r"(?m)^  ([a-z]+)  ", r.stdout.split("Commands:")[1].split("\n\n")[0])
    check(commands, "no commands in --help")
    same("the commands of --help", terms(s["COMMANDS"]), commands)
    same("the synopsis", re.findall(r"\\fBtractage (\w+)\\fR", "\n".join(s["SYNOPSIS"])),
         commands)

    statuses = re.findall(r"(\d) (?:when|for)", r.stdout.split("Exit status:")[1].split("\n\n")[0])
    same("the exit statuses of --help", terms(s["EXIT STATUS"]), statuses)


def t_man_environment():
    """tractage(1) documents every environment variable src/ reads, and no other."""
    read = set()
    for path in glob.glob(os.path.join(SRC, "src", "**", "*.c"), recursive=True):
        read |= set(re.findall(r'getenv\("(\w+)"\)', open(path, encoding="utf-8").read()))
    check("TRACTAGE_DATADIR" in read, f"the g_getenv() calls are not found: {read}")
    same("the environment", terms(sections("tractage.1")["ENVIRONMENT"]), read)


def t_man_keys():
    """tractage-content(5) and tractage-layout(5) list every key the loaders
    accept, each in its section, and no key they refuse; tractage(1) lists
    every finding of check."""
    same("the findings of check", terms(sections("tractage.1")["CHECKS"]),
         c_table("src/check/check.c", r'\[TR_FIND_\w+\] = "([\w-]+)"'))

    s = sections("tractage-content.5")
    content = "src/load/content.c"
    for table, sec, exact in (("root_keys", "THE TOP LEVEL", True),
                              ("organiser_keys", "ORGANISER", True),
                              ("organisation_keys", "ORGANISATION FILES", False),
                              ("event_keys", "EVENT", True), ("venue_keys", "VENUE", True),
                              ("session_keys", "SESSIONS", True),
                              ("item_keys", "PROGRAMME", True),
                              ("preflight_keys", "CHECK", True)):
        keys = c_array(content, table)
        if exact:
            same(f"tractage-content(5) {sec} ({content}: {table})", terms(s[sec]), keys)
        else:
            missing = sorted(set(keys) - set(bold("\n".join(s[sec]))))
            check(not missing, f"tractage-content(5) {sec}: {missing} not in bold")

    s = sections("tractage-layout.5")
    layout = "src/load/layoutdesc.c"
    same(f"tractage-layout(5) THE TOP LEVEL ({layout}: top_keys)", terms(s["THE TOP LEVEL"]),
         c_array(layout, "top_keys"))
    derived = set(c_array(layout, "derived_keys")) - {"pages", "styles"}  # refused, with a message
    missing = sorted(derived - set(bold("\n".join(s["FROM"]))))
    check(not missing, f"tractage-layout(5) FROM: {missing} not in bold")
    styles = c_table(layout, r'\[P_\w+\] = \{ "([\w-]+)"') + ["base"]
    same(f"tractage-layout(5) STYLES ({layout}: style_keys)", terms(s["STYLES"]), styles)
    kinds = terms(s["PAGES"])
    same(f"tractage-layout(5) PAGES ({layout}: item kinds)", kinds,
         c_array(layout, "item_kind_words"))
    for kind, table in (("rect", "rect_keys"), ("rule", "rule_keys"), ("stack", "stack_keys"),
                        ("image", "image_keys"), ("qr", "qr_keys"), ("text", "text_own_keys")):
        keys = set(c_array(layout, table)) - {"color"}  # "color": a synonym, said once
        missing = sorted(keys - set(bold(kinds[kind])))
        check(not missing, f"tractage-layout(5) PAGES, {kind}: {missing} not in bold")
    same(f"tractage-layout(5) FIELDS (src/layout/compose.c: bindings)", terms(s["FIELDS"]),
         c_table("src/layout/compose.c", r'\[TR_BIND_\w+\] = \{ "([\w-]*)"'))


def t_installed():
    """meson install into a temporary folder (--destdir), then, from another
    folder and without TRACTAGE_DATADIR: the standard layouts by name, the
    fonts, the sample content built and checked, the organisation examples,
    the man pages and the docs installed."""
    bdir = build_dir()
    d = harness.tmpdir("tractage-install-")
    dest = os.path.join(d, "dest")
    env = {k: v for k, v in os.environ.items() if k != "TRACTAGE_DATADIR"}
    r = run(["meson", "install", "-C", bdir, "--destdir", dest, "--no-rebuild", "--quiet"],
            env=env, timeout=120)
    check(r.returncode == 0, f"meson install:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    r = run(["meson", "introspect", bdir, "--installed"])
    check(r.returncode == 0, r.stderr)
    installed = {os.path.relpath(src, bdir): dest + dst
                 for src, dst in json.loads(r.stdout).items()}
    exe = installed.get(os.path.join("src", "tractage"))
    check(exe and os.access(exe, os.X_OK), f"tractage not installed: {sorted(installed)}")
    prefix = os.path.dirname(os.path.dirname(exe))
    share = os.path.join(prefix, "share", "tractage")
    for f in FORMATS:
        check(os.path.exists(os.path.join(share, "layouts", f + ".yaml")), f"{f} not installed")
    check(os.path.exists(os.path.join(share, "organisations", "exemple.yaml")), "no organisations")
    check(os.path.exists(os.path.join(share, "fonts", "fonts.conf")), "no fonts/fonts.conf")
    for doc in ("content-format.md", "layout-format.md", "printing.md", "checks.md"):
        check(os.path.exists(os.path.join(prefix, "share", "doc", "tractage", doc)),
              f"docs/{doc} not installed")
    if os.path.exists(os.path.join(bdir, "man", "tractage.1")):
        for page in PAGES:
            path = os.path.join(prefix, "share", "man", "man" + page[-1], page)
            check(os.path.exists(path), f"{page} not installed in {os.path.dirname(path)}")

    work = os.path.join(d, "work")
    os.mkdir(work)
    shutil.copy(os.path.join(SRC, SAMPLE), work)
    shutil.copy(os.path.join(SRC, "content", ".tractage-words"), work)
    sample = os.path.basename(SAMPLE)
    r = run([exe, "layouts"], cwd=work, env=env)
    check(r.returncode == 0, r.stderr)
    for f in FORMATS:
        check(re.search(rf"(?m)^{f} ", r.stdout), f"{f} not listed:\n{r.stdout}")
    r = run([exe, "build", "--layout", "flyer-a6", "--layout", "poster-a4", "--sheet", "a4",
             sample], cwd=work, env=env)
    check(r.returncode == 0, r.stderr)
    s = stem(SAMPLE)
    for f in (f"{s}-flyer-a6.pdf", f"{s}-poster-a4.pdf", f"{s}-flyer-a6-4up-a4.pdf"):
        check(os.path.exists(os.path.join(work, f)), f"no {f}: {os.listdir(work)}")
    r = run([exe, "build", sample], cwd=work, env=env)
    check(r.returncode == 0 and os.path.exists(os.path.join(work, f"{s}-tract-a5.pdf")), r.stderr)
    # the installed fonts, nothing else: every font embedded is one of ours
    r = run(["pdffonts", os.path.join(work, f"{s}-flyer-a6.pdf")])
    rows = r.stdout.splitlines()[2:]
    check(rows and all(re.search(r"Inter|LeagueSpartan|League", row) for row in rows), r.stdout)
    # the sample is clean apart from its informational findings
    r = run([exe, "check", "--only", "tract", sample], cwd=work, env=env)
    check(r.returncode == 0 and "warning" not in r.stderr, r.stderr)
    r = run([exe, "--help"], cwd=work, env=env)
    check("man tractage" in r.stdout and "docs/" not in r.stdout, r.stdout)


def main():
    try:
        return harness.main(globals(), tools=("mandoc", "meson", "pdffonts"))
    except Skip as e:
        print(f"skipped: {e}", file=sys.stderr)
        return 77


if __name__ == "__main__":
    sys.exit(main())
