#!/usr/bin/env python3
"""tractage's benchmark: instructions, wall time, Typst side by side, a batch, memory.

Usage (bench/run.sh runs this; see bench/README.md):
    bench/run.sh [--only PART,...] [--no-fail] [--runs N] [--warmup N] [--rounds N]
                 [--batch-runs N] [--input FILE] [--build-dir DIR]

Parts (all by default, in this order):
    instructions  callgrind: total instructions of `tractage build` (tract + poster) of
                  the input, and where they go, by phase
    single        hyperfine wall time of tract + poster, tract, poster (--runs, --warmup),
                  and peak memory (GNU time %M, median of 5)
    typst         Typst 0.10's tract (bench/typst/tract.typ) and tractage's tract + poster of
                  the sample, alternated in one run (--rounds pairs after 3 warm-up pairs)
    batch         100 generated contents (bench/make-batch.py) in one process pinned to one
                  core (taskset -c 0), --batch-runs timed runs after one checked run

Results go to bench/results/<date>-<commit>/ (gitignored; bench/results/latest points at the
last run): summary.txt, and the raw data of each part. This is a benchmark, not a test.

Exit status: 0 every target met (or --no-fail), 1 a target missed, 2 a part could not measure
(a build, a tool, a failing command: the summary says which).
"""

import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = "content/riposte-au-tout-numerique.yaml"
PARTS = ("instructions", "single", "typst", "batch")
BATCH_CONTENTS = 100

# The targets of issue 7, in one place: (what, compare, limit, unit).
TARGETS = {
    "instructions": ("tract + poster of the input, callgrind instructions", "<=", 250e6, "M"),
    "wall": ("tract + poster, one process, median wall", "<", 100, "ms"),
    "rss": ("peak memory of one content, largest of the three commands", "<=", 20, "MiB"),
    "typst": ("Typst's tract / tractage's tract + poster, median wall", ">=", 4, "×"),
    "batch": ("batch of 100 contents, one process, one core, documents a CPU-second", ">=",
              50, "/s"),
}


def say(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


class Unmeasured(Exception):
    """A part could not measure: a tool is missing or a command failed."""


# --- running commands ---------------------------------------------------------------------

def timed(argv, env=None, stderr_path=None):
    """Runs argv once, stdout discarded. Returns (wall s, CPU s user + system, exit status);
    the CPU time is the child's own (os.wait4). Not its peak memory: a child of this Python
    process reports Python's own RSS as its maximum (the kernel keeps the pre-exec high-water
    mark), so peak memory is measured with GNU time (peak_rss)."""
    err = open(stderr_path, "wb") if stderr_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    finally:
        if stderr_path:
            err.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, p.returncode


def peak_rss(run, argv, env=None, times=5):
    """Median peak RSS of argv in MiB, and the samples in KiB: GNU time's %M."""
    kib = []
    out = os.path.join(run.tmp, "rss")
    for _ in range(times):
        r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out, *argv],
                           stdin=subprocess.DEVNULL, capture_output=True, env=env)
        if r.returncode not in (0, 1):
            raise Unmeasured(f"{shlex.join(argv)} failed under /usr/bin/time "
                             f"(exit {r.returncode})")
        with open(out, encoding="utf-8") as f:
            kib.append(int(f.read().split()[-1]))
    return statistics.median(kib) / 1024, kib


def checked(argv, what, env=None):
    """Runs argv; raises Unmeasured with its output when it fails."""
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise Unmeasured(f"{what} failed (exit {r.returncode}): {shlex.join(argv)}\n"
                         f"{(r.stdout + r.stderr).strip()[-2000:]}")
    return r.stdout


def clear(folder):
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))


def pdfs(folder):
    return sorted(n for n in os.listdir(folder) if n.endswith(".pdf"))


def quantile(xs, q):
    """Linear-interpolated quantile of xs (q in [0, 1])."""
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ms(s):
    return f"{s * 1000:.1f} ms"


# --- the run's context ----------------------------------------------------------------------

class Run:
    """What every part needs: the binary, the input, a scratch folder, the results folder."""

    def __init__(self, args):
        self.args = args
        self.input = os.path.relpath(os.path.abspath(args.input), ROOT)
        self.build_dir = args.build_dir
        self.bin = os.path.join(self.build_dir, "src", "tractage")
        self.tmp = tempfile.mkdtemp(prefix="tractage-bench-")
        self.checks = []       # (target key, value, met)
        self.sections = []     # (title, text)
        self.rows = []         # ready-made rows for bench/README.md's tables
        self.unmeasured = []   # (part, reason)
        self.commit = self._commit()
        self.machine, short = self._machine()
        self.load_start = os.getloadavg()
        self.date = time.strftime("%Y-%m-%d")
        self.machine_short = f"{short}, load {self.load_start[0]:.1f}"
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.results = os.path.join(ROOT, "bench", "results", f"{stamp}-{self.commit}")
        os.makedirs(self.results)
        latest = os.path.join(ROOT, "bench", "results", "latest")
        if os.path.islink(latest):
            os.unlink(latest)
        os.symlink(os.path.basename(self.results), latest)

    @staticmethod
    def _commit():
        def git(*a):
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True)
        r = git("rev-parse", "--short", "HEAD")
        commit = r.stdout.strip() if r.returncode == 0 else "unknown"
        # What changes the figures: the sources, layouts, fonts set-up, the bench itself (not
        # the results table).
        if git("diff", "--quiet", "HEAD", "--", "src", "layouts", "fonts", "bench",
               ":(exclude)bench/README.md").returncode:
            commit += "-dirty"
        return commit

    @staticmethod
    def _machine():
        """The machine, in full and as the README's tables write it."""
        model = "unknown CPU"
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = re.sub(r"\s+", " ", line.split(":", 1)[1].strip())
                    break
        debian = ""
        if os.path.exists("/etc/debian_version"):
            with open("/etc/debian_version", encoding="utf-8") as f:
                debian = f.read().strip()
        brief = re.sub(r"\((R|TM)\)|\b(Processor|CPU)\b.*$", "", model).strip()
        return (f"{os.cpu_count()} cores ({model}), Debian {debian}",
                f"{os.cpu_count()} cores ({brief}), Debian {debian.split('.')[0]}")

    def scratch(self, name):
        path = os.path.join(self.tmp, name)
        os.makedirs(path, exist_ok=True)
        return path

    def check(self, key, value):
        what, op, limit, unit = TARGETS[key]
        met = value <= limit if op == "<=" else value < limit if op == "<" else value >= limit
        self.checks.append((key, value, met))
        return met

    def report(self, part, title, lines, checks, cells):
        """Records a part: its section of the summary, its targets ({key: value}), and its row
        for bench/README.md (cells between the machine and the notes)."""
        met = all([self.check(key, value) for key, value in checks.items()])
        self.sections.append((title, "\n".join(lines)))
        cells = [self.date, self.commit, self.machine_short, *cells, "ok" if met else "MISS"]
        self.rows.append((part, "| " + " | ".join(cells) + " |"))

    def tractage(self, outdir, *extra, files=None):
        return [self.bin, "build", "--output-dir", outdir, *extra, *(files or [self.input])]


def target_line(key, value, met):
    what, op, limit, unit = TARGETS[key]
    shown = f"{value / 1e6:.1f} M" if unit == "M" else f"{value:.2f}{unit}" if unit == "×" \
        else f"{value:.1f} {unit}"
    limit_shown = f"{limit / 1e6:g} M" if unit == "M" else f"{limit:g}{unit}" if unit == "×" \
        else f"{limit:g} {unit}"
    return f"  {'ok  ' if met else 'MISS'} {what}: {shown} (target {op} {limit_shown})"


# --- instructions (callgrind) ---------------------------------------------------------------

# Where the instructions go, as a partition of the total: each phase is the inclusive cost of
# named functions (callgrind_annotate --inclusive=yes), "file:function". A phase whose
# functions are all missing (renamed) shows as "?" and the remainder rows absorb it.
STARTUP_IN_MAIN = ["fonts.c:tr_fonts_new", "engine.c:tr_engine_new",
                   "layoutdesc.c:tr_layoutdesc_load", "engine.c:tr_engine_check_fonts"]
LAYOUT = [
    ("hyphenation dictionaries (tr_composer_load_hyphenation)",
     ["compose.c:tr_composer_load_hyphenation"]),
    ("composition: fields to paragraphs, typography (tr_compose_block)",
     ["compose.c:tr_compose_block"]),
    ("shaping: Pango itemise, HarfBuzz, break points (tr_shape_para)", ["shape.c:tr_shape_para"]),
    ("breaking and fitting: Knuth-Plass, size searches (tr_fit_chain, tr_fit_stack)",
     ["fit.c:tr_fit_chain", "fit.c:tr_fit_stack"]),
    ("ink boxes (tr_textline_ink_box)", ["shape.c:tr_textline_ink_box"]),
]
PDF_PARTS = [
    ("drawing the glyphs (tr_draw_page)", ["draw.c:tr_draw_page"]),
    ("cairo: page streams (cairo_show_page)", ["???:cairo_show_page"]),
    ("cairo: font subsets, file (cairo_surface_finish)", ["???:cairo_surface_finish"]),
]
# Library functions worth watching (inclusive, they overlap the phases above).
LIBRARY = [
    ("fontconfig start (FcInit, in Pango's font-map thread)", "???:FcInit"),
    ("hyphenation patterns (hnj_hyphen_load)", "???:hnj_hyphen_load"),
    ("HarfBuzz shaping (hb_shape)", "???:hb_shape"),
    ("glyph extents (pango_glyph_string_extents)", "???:pango_glyph_string_extents"),
    ("FreeType glyph loading (FT_Load_Glyph)", "???:FT_Load_Glyph"),
    ("zlib compression of the PDF streams (deflate)", "???:deflate"),
]
INCLUSIVE_LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*?)(?: \[(.*)\])?$")


def parse_inclusive(text):
    """callgrind_annotate --inclusive=yes output → {"file.c:function": instructions}; the
    same function appears under two spellings of its path: keep the largest."""
    cost = {}
    for line in text.splitlines():
        m = INCLUSIVE_LINE.match(line)
        if not m or ":" not in m.group(2):
            continue
        path, func = m.group(2).split(":", 1)
        key = f"{os.path.basename(path)}:{func}"
        cost[key] = max(cost.get(key, 0), int(m.group(1).replace(",", "")))
    return cost


TREE_LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+([<*>])\s+(.*?)(?: \(([\d,]+)x\))?"
                       r"(?: \[(.*)\])?$")


def short_name(name, obj):
    """"path/file.c:function" → "function (file.c)"; "???:0x…" → "0x… (libfoo.so)"."""
    path, func = name.split(":", 1) if ":" in name else ("???", name)
    where = os.path.basename(obj or "") if path == "???" else os.path.basename(path)
    return f"{func} ({where})"


def callers_of(tree, name, obj):
    """From callgrind_annotate --tree=caller: [(instructions, caller, calls)] of the function
    name (in object obj), largest first."""
    found, pending = [], []
    for line in tree.splitlines():
        m = TREE_LINE.match(line)
        if not m:
            pending = []
            continue
        ir, mark, fn, calls, where = m.groups()
        if mark == "<":
            pending.append((int(ir.replace(",", "")), short_name(fn, where), calls or "?"))
        elif mark == "*":
            if fn == name and (where or None) == (obj or None):
                found += pending
            pending = []
    return sorted(found, reverse=True)


def part_instructions(run):
    for tool in ("valgrind", "callgrind_annotate"):
        if not shutil.which(tool):
            raise Unmeasured(f"{tool} not found: run tools/bootstrap setup")
    out = run.scratch("instructions")
    # The checked run also leaves fontconfig's cache written, as a user's second run finds it.
    checked(run.tractage(out), "the checked run of tractage")
    cg = os.path.join(run.results, "callgrind.out")
    say(f"callgrind: {shlex.join(run.tractage('OUT'))} (about 15 s)")
    checked(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}",
             *run.tractage(out)], "tractage under callgrind")
    total = None
    with open(cg, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
    if total is None:
        raise Unmeasured(f"{cg} has no summary line")
    inclusive = checked(["callgrind_annotate", "--inclusive=yes", "--threshold=100", cg],
                        "callgrind_annotate")
    with open(os.path.join(run.results, "callgrind-inclusive.txt"), "w", encoding="utf-8") as f:
        f.write(inclusive)
    self_cost = checked(["callgrind_annotate", "--threshold=100", cg], "callgrind_annotate")
    with open(os.path.join(run.results, "callgrind-self.txt"), "w", encoding="utf-8") as f:
        f.write(self_cost)
    cost = parse_inclusive(inclusive)
    tree = checked(["callgrind_annotate", "--inclusive=yes", "--tree=caller", "--threshold=100",
                    cg], "callgrind_annotate --tree=caller")

    def of(keys):
        found = [cost[k] for k in keys if k in cost]
        return sum(found) if found else None

    def row(label, value, indent=0):
        shown = "      ?" if value is None else f"{value / 1e6:7.1f} M {100 * value / total:5.1f} %"
        return f"  {' ' * indent}{shown}  {label}"

    main = cost.get("main.c:main")
    if main is None:
        raise Unmeasured("callgrind_annotate shows no main.c:main: is the build stripped?")
    lines = [f"total: {total:,} instructions ({total / 1e6:.1f} M), "
             f"{shlex.join(run.tractage('OUT'))}", "",
             "by phase (inclusive cost of named functions; the rows add up to the total):"]
    lines.append(row("start-up outside main: dynamic linking, Pango's font-map thread, exit",
                     total - main))
    fcinit = cost.get("???:FcInit")
    lines.append(row("of which fontconfig's FcInit (it also parses all of conf.avail)", fcinit,
                     4))
    in_main = 0
    for label, keys in [("start-up in main: fonts, layouts", STARTUP_IN_MAIN),
                        ("content loading (tr_content_load)", ["content.c:tr_content_load"])]:
        v = of(keys)
        in_main += v or 0
        lines.append(row(label, v))
    def split(label, key, parts, rest):
        """A phase's row, its parts' rows and what its parts leave; returns its cost."""
        whole = cost.get(key)
        lines.append(row(label, whole))
        inside = 0
        for part_label, keys in parts:
            v = of(keys)
            inside += v or 0
            lines.append(row(part_label, v, 4))
        if whole is not None:
            lines.append(row(rest, whole - inside, 4))
        return whole or 0

    in_main += split("layout (tr_engine_run)", "engine.c:tr_engine_run", LAYOUT,
                     "the rest of the layout")
    in_main += split("PDF output (tr_pdf_render)", "pdf.c:tr_pdf_render", PDF_PARTS,
                     "the rest of the PDF output")
    lines.append(row("the rest of main: options, files, clean-up", main - in_main))
    lines += ["", "library functions (inclusive; they overlap the phases):"]
    for label, key in LIBRARY:
        lines.append(row(label, cost.get(key)))
    lines += ["", "largest self costs (callgrind_annotate, exclusive):"]
    for n, line in enumerate(self_cost.split("file:function", 1)[-1].splitlines()[2:10]):
        m = INCLUSIVE_LINE.match(line)
        if m:
            ir = int(m.group(1).replace(",", ""))
            lines.append(f"  {ir / 1e6:7.1f} M {100 * ir / total:5.1f} %  "
                         f"{short_name(m.group(2), m.group(3))}")
            if n < 2:  # who calls the two largest
                for c_ir, c_name, calls in callers_of(tree, m.group(2), m.group(3))[:3]:
                    lines.append(f"      {c_ir / 1e6:7.1f} M from {c_name}, {calls} calls")
    lines += ["", f"data: {os.path.relpath(cg, ROOT)} (callgrind_annotate it, or kcachegrind),"
              " callgrind-inclusive.txt, callgrind-self.txt"]
    cells = [f"{total / 1e6:.1f} M"]
    for keys in (["shape.c:tr_shape_para"], ["fit.c:tr_fit_chain", "fit.c:tr_fit_stack"],
                 ["pdf.c:tr_pdf_render"]):
        v = of(keys)
        cells.append("?" if v is None else f"{v / 1e6:.0f} M")
    cells.append(f"{(total - main + (of(STARTUP_IN_MAIN) or 0)) / 1e6:.0f} M")
    run.report("instructions", "Instructions (callgrind)", lines, {"instructions": total}, cells)


# --- single content: wall time and peak memory ----------------------------------------------

def part_single(run):
    for tool in ("hyperfine", "/usr/bin/time"):
        if not shutil.which(tool):
            raise Unmeasured(f"{tool} not found: run tools/bootstrap setup "
                             "(tools/debian-packages.txt, bench section)")
    out = run.scratch("single")
    variants = [("both", [], ("tract-a5", "poster-a3")), ("tract", ["--only", "tract"],
                ("tract-a5",)), ("poster", ["--only", "poster"], ("poster-a3",))]
    # One checked run of each first: a benchmark of an error message measures nothing.
    for name, extra, kinds in variants:
        clear(out)
        checked(run.tractage(out, *extra), f"the checked run of {name}")
        for kind in kinds:
            if not any(n.endswith(f"-{kind}.pdf") for n in pdfs(out)):
                raise Unmeasured(f"{name} wrote no *-{kind}.pdf (it wrote {pdfs(out)})")
    a = run.args
    say(f"hyperfine: both, tract, poster; {a.warmup} warm-up + {a.runs} runs each")
    hf = ["hyperfine", "-N", "--warmup", str(a.warmup), "--runs", str(a.runs),
          "--export-json", os.path.join(run.results, "hyperfine.json"),
          "--export-markdown", os.path.join(run.results, "hyperfine.md")]
    for name, extra, _ in variants:
        hf += ["-n", name, shlex.join(run.tractage(out, *extra))]
    r = subprocess.run(hf, stdin=subprocess.DEVNULL, stdout=sys.stderr)
    if r.returncode != 0:
        raise Unmeasured("hyperfine failed")
    with open(os.path.join(run.results, "hyperfine.json"), encoding="utf-8") as f:
        timing = {t["command"]: t for t in json.load(f)["results"]}
    say("peak memory: median of 5 runs of /usr/bin/time -f %M")
    rss = {}
    with open(os.path.join(run.results, "peak-rss.tsv"), "w", encoding="utf-8") as tsv:
        for name, extra, _ in variants:
            rss[name], kib = peak_rss(run, run.tractage(out, *extra))
            tsv.write(f"{name}\t{statistics.median(kib):.0f}\t{' '.join(map(str, kib))}\n")
    lines = [f"{'':8} {'median':>9} {'mean ± σ':>17} {'min':>8} {'max':>8} {'user+sys':>9} "
             f"{'peak RSS':>10}"]
    for name, _, _ in variants:
        t = timing[name]
        lines.append(f"{name:8} {t['median'] * 1e3:6.1f} ms {t['mean'] * 1e3:7.1f} ± "
                     f"{t['stddev'] * 1e3:4.1f} ms {t['min'] * 1e3:5.1f} ms "
                     f"{t['max'] * 1e3:5.1f} ms {(t['user'] + t['system']) * 1e3:6.1f} ms "
                     f"{rss[name]:6.1f} MiB")
    share = (timing["both"]["user"] + timing["both"]["system"]) / timing["both"]["mean"]
    lines += ["", f"hyperfine -N, {a.warmup} warm-up + {a.runs} runs each; user+sys is the mean "
              "CPU time; peak RSS: GNU time %M, median of 5",
              f"tract + poster had a CPU {100 * share:.0f} % of its wall time (well under "
              "100 %: the machine was busy, the wall times measure the others too)",
              "data: hyperfine.json, hyperfine.md, peak-rss.tsv"]
    both, peak = timing["both"]["median"] * 1e3, max(rss.values())
    run.report("single", "One content: wall time and peak memory", lines,
               {"wall": both, "rss": peak},
               [ms(timing[name]["median"]) for name, _, _ in variants] + [f"{peak:.1f} MiB"])


# --- side by side with Typst 0.10 ------------------------------------------------------------

def font_dirs():
    """The font folders tractage sees: the <dir> entries of fonts/fonts.conf."""
    conf = os.path.join(ROOT, "fonts", "fonts.conf")
    with open(conf, encoding="utf-8") as f:
        text = re.sub(r"<!--.*?-->", "", f.read(), flags=re.S)
    dirs = []
    for attrs, path in re.findall(r"<dir([^>]*)>([^<]+)</dir>", text):
        path = path.strip()
        if 'prefix="relative"' in attrs:
            path = os.path.normpath(os.path.join(os.path.dirname(conf), path))
        dirs.append(path)
    return dirs


def part_typst(run):
    if run.input != SAMPLE:
        raise Unmeasured(f"bench/typst/tract.typ is the sample's tract ({SAMPLE}), not "
                         f"{run.input}'s")
    typst = checked([os.path.join(ROOT, "bench", "typst", "install.sh")],
                    "bench/typst/install.sh").strip()
    # Typst 0.10 has no switch to leave system fonts out, but it finds them through fontconfig's
    # configuration: an empty one leaves it its embedded fonts and the --font-path folders.
    no_fonts = os.path.join(run.tmp, "no-system-fonts.conf")
    with open(no_fonts, "w", encoding="utf-8") as f:
        f.write("<fontconfig></fontconfig>\n")
    env = dict(os.environ, FONTCONFIG_FILE=no_fonts)
    out_t, out_y = run.scratch("typst-tractage"), run.scratch("typst-typst")
    fonts = [a for d in font_dirs() if os.path.isdir(d) for a in ("--font-path", d)]
    cmd = {
        "tractage": (run.tractage(out_t), None),
        "typst": ([typst, "compile", "--root", ROOT, *fonts,
                   os.path.join(ROOT, "bench", "typst", "tract.typ"),
                   os.path.join(out_y, "tract.pdf")], env),
    }
    # Checked first: both must write their PDFs, and Typst must find our fonts.
    checked(cmd["tractage"][0], "tractage (tract + poster)")
    checked(cmd["typst"][0], "typst compile bench/typst/tract.typ", env=cmd["typst"][1])
    used = checked(["pdffonts", os.path.join(out_y, "tract.pdf")], "pdffonts")
    if "Inter-Regular" not in used or "LeagueSpartan-Bold" not in used:
        raise Unmeasured(f"Typst's tract does not use Inter and League Spartan:\n{used}")
    rounds, warm = run.args.rounds, 3
    say(f"alternating tractage (tract + poster) and Typst (tract): {warm} warm-up + {rounds} "
        "pairs, the order swapped every pair")
    samples = {"tractage": [], "typst": []}
    with open(os.path.join(run.results, "typst-runs.tsv"), "w", encoding="utf-8") as tsv:
        tsv.write("pair\tcommand\twall_s\tcpu_s\n")
        for i in range(warm + rounds):
            order = ("tractage", "typst") if i % 2 == 0 else ("typst", "tractage")
            for name in order:
                wall, cpu, status = timed(cmd[name][0], env=cmd[name][1])
                if status != 0:
                    raise Unmeasured(f"{name} failed (exit {status}) in pair {i}")
                if i >= warm:
                    samples[name].append((wall, cpu))
                    tsv.write(f"{i - warm}\t{name}\t{wall:.6f}\t{cpu:.6f}\n")
    say("peak memory of each: median of 3 runs of /usr/bin/time -f %M")
    rss = {n: peak_rss(run, c, env=e, times=3)[0] for n, (c, e) in cmd.items()}
    wall = {n: statistics.median(x[0] for x in s) for n, s in samples.items()}
    cpu = {n: statistics.median(x[1] for x in s) for n, s in samples.items()}
    ratio = wall["typst"] / wall["tractage"]
    paired = [y[0] / t[0] for t, y in zip(samples["tractage"], samples["typst"])]
    # Pair i ran tractage first when i is even (the warm-up pairs were 3: odd).
    first = [statistics.median(y[0] for y in samples["typst"][h::2]) /
             statistics.median(t[0] for t in samples["tractage"][h::2]) for h in (1, 0)]
    load = os.getloadavg()
    lines = [f"{'':26} {'median wall':>12} {'p25–p75 wall':>19} {'median CPU':>11} "
             f"{'CPU/wall':>8} {'peak RSS':>9}"]
    for name, label in (("tractage", "tractage, tract + poster"), ("typst", "Typst 0.10, tract")):
        walls = [x[0] for x in samples[name]]
        lines.append(f"{label:26} {ms(wall[name]):>12} "
                     f"{quantile(walls, .25) * 1e3:8.1f}–{quantile(walls, .75) * 1e3:.1f} ms "
                     f"{ms(cpu[name]):>11} {100 * cpu[name] / wall[name]:7.0f}% "
                     f"{rss[name]:5.1f} MiB")
    lines += [
        "",
        f"ratio of the medians (Typst / tractage): {ratio:.2f}× wall; "
        f"{cpu['typst'] / cpu['tractage']:.2f}× CPU time (user + sys)",
        f"ratio pair by pair: median {statistics.median(paired):.2f}×, p25–p75 "
        f"{quantile(paired, .25):.2f}–{quantile(paired, .75):.2f}×, min–max "
        f"{min(paired):.2f}–{max(paired):.2f}×",
        f"ratio of the medians, pairs with tractage first / Typst first: {first[0]:.2f}× / "
        f"{first[1]:.2f}×",
        f"{rounds} pairs after {warm} warm-up pairs, alternated in one run; load average "
        f"{run.load_start[0]:.1f} at the start of the bench, {load[0]:.1f} now. CPU/wall "
        "well under 100 % means the machine was busy: wall times then measure the others too",
        f"Typst: {typst_version(typst)}, {' '.join(fonts)}, FONTCONFIG_FILE=<empty> (no "
        "system fonts)",
        "data: typst-runs.tsv (every pair's wall and CPU time)",
    ]
    run.report("typst", "Side by side with Typst 0.10", lines, {"typst": ratio},
               [ms(wall["tractage"]), ms(wall["typst"]), f"{ratio:.1f}×",
                f"{quantile(paired, .25):.1f}–{quantile(paired, .75):.1f}×",
                f"{cpu['typst'] / cpu['tractage']:.1f}×"])


def typst_version(typst):
    return subprocess.run([typst, "--version"], capture_output=True, text=True).stdout.strip()


# --- a batch of contents in one process -------------------------------------------------------

ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+\.yaml):\d+:\d+: error: (?P<text>.*)$", re.M)


def part_batch(run):
    if not shutil.which("taskset"):
        raise Unmeasured("taskset not found (util-linux)")
    src = run.scratch("batch-contents")
    listing = checked([sys.executable, os.path.join(ROOT, "bench", "make-batch.py"), src,
                       str(BATCH_CONTENTS)], "bench/make-batch.py")
    files = listing.split()
    digest = hashlib.sha256()
    for path in files:
        with open(path, "rb") as f:
            digest.update(f.read())
    out = run.scratch("batch-out")
    argv = ["taskset", "-c", "0", *run.tractage(out, files=files)]
    err = os.path.join(run.results, "batch-stderr.txt")
    # The checked run: which contents fail, and how many PDFs the others give.
    _, _, status = timed(argv, stderr_path=err)
    written = len(pdfs(out))
    with open(err, encoding="utf-8", errors="replace") as f:
        messages = f.read()
    failed = {}
    for m in ERROR_LINE.finditer(messages):
        failed.setdefault(os.path.basename(m.group("file")), m.group("text"))
    if status not in (0, 1) or written == 0:
        raise Unmeasured(f"the batch exited {status} and wrote {written} PDFs; see {err}")
    kinds = {}
    for text in failed.values():
        kind = re.sub(r"\d+(\.\d+)?", "N", re.sub(r"“[^”]*”", "“…”", text))
        kinds[kind] = kinds.get(kind, 0) + 1
    runs = run.args.batch_runs
    say(f"batch: {len(files)} contents in one process on core 0, {runs} timed runs")
    samples = []
    for _ in range(runs):
        clear(out)
        wall, cpu, st = timed(argv)
        if st != status or len(pdfs(out)) != written:
            raise Unmeasured(f"the batch changed between runs (exit {st}, {len(pdfs(out))} PDFs)")
        samples.append((wall, cpu))
    rss, _ = peak_rss(run, argv, times=1)
    walls = [x[0] for x in samples]
    wall, cpu = statistics.median(walls), statistics.median(x[1] for x in samples)
    rate, cpu_rate = written / wall, written / cpu
    lines = [
        f"{len(files)} contents (bench/make-batch.py, sha256 {digest.hexdigest()[:12]}): "
        f"{2 * len(files)} documents asked, {written} written; {len(failed)} contents with "
        "a document that could not be made (their other documents are written)",
    ]
    for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {n:3} × {kind}")
    lines += [
        "",
        f"CPU time (user + sys): median {cpu:.2f} s → {cpu_rate:.1f} documents a second of "
        "the core's time (the target's figure)",
        f"wall: median {wall:.2f} s (min {min(walls):.2f}, max {max(walls):.2f}) → "
        f"{rate:.1f} documents a second; the batch had core 0 {100 * cpu / wall:.0f} % of "
        "the time (the rest went to other processes on that core)",
        f"peak RSS of the whole batch: {rss:.1f} MiB (GNU time %M, one run)",
        f"taskset -c 0, {runs} runs after one checked run; load average "
        f"{run.load_start[0]:.1f} at the start of the bench",
        "data: batch-stderr.txt (the messages of the failing contents)",
    ]
    run.report("batch", "A batch of contents in one process", lines, {"batch": cpu_rate},
               [f"{written} / {2 * len(files)}", str(len(failed)), f"{cpu:.2f} s",
                f"{cpu_rate:.1f}/s", f"{wall:.2f} s", f"{rate:.1f}/s", f"{rss:.1f} MiB"])


# --- main ------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__.split("\n\n")[0])
    p.add_argument("--only",
                   help=f"comma-separated parts to run (default: all of {','.join(PARTS)}; typst "
                   "only for the sample)")
    p.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    p.add_argument("--runs", type=int, default=20, help="hyperfine runs (default, minimum 20)")
    p.add_argument("--warmup", type=int, default=3, help="hyperfine warm-up runs (default 3)")
    p.add_argument("--rounds", type=int, default=30,
                   help="tractage/Typst pairs (default 30, minimum 10)")
    p.add_argument("--batch-runs", type=int, default=5,
                   help="timed runs of the batch (default 5, minimum 3)")
    p.add_argument("--input", default=SAMPLE,
                   help=f"content file for instructions and single (default {SAMPLE})")
    p.add_argument("--build-dir", default="build",
                   help="build folder (default build, rebuilt through tools/bootstrap setup)")
    args = p.parse_args(argv)
    if not os.path.isfile(args.input):
        p.error(f"{args.input}: no such content file")
    if args.only is None:  # every part that applies to the input
        parts = [x for x in PARTS if x != "typst" or
                 os.path.abspath(args.input) == os.path.join(ROOT, SAMPLE)]
        if len(parts) < len(PARTS):
            say(f"typst part left out: its tract is the sample's ({SAMPLE})")
    else:
        parts = [x for x in args.only.split(",") if x]
    bad = [x for x in parts if x not in PARTS]
    if bad or not parts:
        p.error(f"--only: unknown part {', '.join(bad) or '(none)'}; parts: {', '.join(PARTS)}")
    args.parts = [x for x in PARTS if x in parts]
    for name, lo in (("runs", 20), ("rounds", 10), ("batch_runs", 3), ("warmup", 0)):
        if getattr(args, name) < lo:
            p.error(f"--{name.replace('_', '-')} must be at least {lo}")
    return args


def build(args):
    """Benchmarks the current sources, not a stale binary."""
    if args.build_dir == "build":
        cmd = [os.path.join(ROOT, "tools", "bootstrap"), "setup"]
    else:
        cmd = ["meson", "compile", "-C", args.build_dir]
    r = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=sys.stderr)
    if r.returncode != 0:
        say(f"error: {shlex.join(cmd)} failed")
        sys.exit(2)
    return buildtype(args.build_dir)


def buildtype(build_dir):
    r = subprocess.run(["meson", "introspect", build_dir, "--buildoptions"], cwd=ROOT,
                       capture_output=True, text=True)
    try:
        return next(o["value"] for o in json.loads(r.stdout) if o["name"] == "buildtype")
    except (ValueError, StopIteration):
        return "buildtype unknown"


def main(argv):
    args = parse_args(argv)
    # Paths as the user gave them, then everything from the repository root.
    args.input = os.path.abspath(args.input)
    args.build_dir = args.build_dir if args.build_dir == "build" else os.path.abspath(
        args.build_dir)
    os.chdir(ROOT)
    kind = build(args)
    run = Run(args)
    parts = {"instructions": part_instructions, "single": part_single, "typst": part_typst,
             "batch": part_batch}
    try:
        for name in args.parts:
            say(f"--- {name}")
            try:
                parts[name](run)
            except Unmeasured as e:
                say(f"error: {name}: {e}")
                run.unmeasured.append((name, str(e)))
    finally:
        shutil.rmtree(run.tmp, ignore_errors=True)

    head = [f"tractage benchmark {time.strftime('%Y-%m-%dT%H:%M:%S%z')}, commit {run.commit}",
            f"machine: {run.machine}; load average (1, 5, 15 min) at the start: "
            + ", ".join(f"{x:.1f}" for x in run.load_start),
            f"build: {run.bin} ({kind}); input: {run.input}; parts: {', '.join(args.parts)}"]
    body = [f"== {title}\n{text}" for title, text in run.sections]
    body += [f"== {name}: NOT MEASURED\n{reason}" for name, reason in run.unmeasured]
    missed = sum(not met for _, _, met in run.checks)
    tail = ["== Targets"] + [target_line(k, v, m) for k, v, m in run.checks]
    tail.append(f"{missed} target(s) missed" if missed else "all targets measured were met")
    if run.rows:
        tail += ["", "== Rows for bench/README.md (fill in the notes)"]
        tail += [f"{part}: {row}" for part, row in run.rows]
    summary = "\n".join(head) + "\n\n" + "\n\n".join(body + ["\n".join(tail)]) + "\n"
    with open(os.path.join(run.results, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(summary)
    print(summary)
    print(f"results: {os.path.relpath(run.results, ROOT)}/")
    if run.unmeasured:
        return 2
    if missed:
        if args.no_fail:
            say("targets missed (--no-fail: exit 0)")
            return 0
        say("error: targets missed (see above); pass --no-fail to only report")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
