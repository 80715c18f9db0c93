#!/usr/bin/env python3
"""The corpus of real titles (tests/corpus/titles.tsv) on the standard layouts.

Usage (meson runs it from the source root):
    python3 tests/corpus/run.py PATH/TO/tractage SOURCE_ROOT [options]

Options:
    --report-only     print the report but exit 0 even when titles fail
    --layout FILE     a layout to try (repeatable); default: the standard tract
                      and poster, layouts/tract-a5.yaml and layouts/poster-a3.yaml
    --json FILE       also write every result, one object per title and layout
    --keep DIR        keep the generated content files and dumps in DIR
    --jobs N          tractage processes at once (default: the number of CPUs)

For every title of titles.tsv the runner writes a content file: a fixed valid
content (below, one for French and one for English) with only the title
replaced, and, for the titles whose source also gives a kicker or a subtitle,
a second one with them. It runs

    tractage check --dump --layout L CONTENT

for each layout L and reads the dump's "line title SIZEpt ..." lines. The report
says, for each layout: how many render without error, where the chosen title
sizes fall against the wished range of the layout's title frame (read from the
layout file), how many lines the titles take, the warnings, every failure with
its message, and the hardest titles (failing, or set smallest in their range).
The content files waiting in tests/corpus/pending/ are checked too, for
information (see the README there); they do not change the exit status.

Exit status: 0 when every title renders on every layout (or --report-only),
1 when one fails, 2 on a usage or setup error.
"""

import concurrent.futures
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

TIMEOUT = 60
HERE = os.path.dirname(os.path.abspath(__file__))
STANDARD_LAYOUTS = ["layouts/tract-a5.yaml", "layouts/poster-a3.yaml"]

# The fixed content around each title: real facts, from content/riposte-au-
# tout-numerique.yaml (French) and tests/content/may-day-sheffield.yaml
# (English). Only the title (and, in the variant, kicker and subtitle) change.
BASE = {
    "fr": """version: 1
lang: fr

organiser:
  name: SUD CD93

event:
{texts}
  sessions:
    - date: 2017-10-03
      start: "08:30"
      end: "17:30"

  venue:
    name: Bourse du travail de Bobigny
    address: 1, place de la Libération
    postcode: 93000
    city: Bobigny
""",
    "en": """version: 1
lang: en

organiser:
  name: Sheffield Trades Council

event:
{texts}
  sessions:
    - date: 2019-05-04
      start: "12:00"

  venue:
    name: Devonshire Green
    city: Sheffield
""",
}

TITLE_LINE = re.compile(r"^\s*line title (\d+(?:\.\d+)?)pt ")
MESSAGE = re.compile(r"^(?P<where>[^:]+:\d+:\d+): (?P<level>error|warning|note): (?P<text>.*)$")


def quoted(text):
    """A YAML double-quoted scalar holding text exactly."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_titles(path=None):
    """The rows of titles.tsv as dicts (title, language, source_url, ...)."""
    path = path or os.path.join(HERE, "titles.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def cases(rows):
    """One case per title, plus one per title with a kicker or subtitle."""
    out = []
    for i, row in enumerate(rows, 1):
        out.append({"id": f"t{i:03d}", "row": i, "title": row["title"],
                    "lang": row["language"], "variant": "title", "kicker": "", "subtitle": ""})
        if row.get("kicker") or row.get("subtitle"):
            out.append({"id": f"t{i:03d}k", "row": i, "title": row["title"],
                        "lang": row["language"], "variant": "with kicker/subtitle",
                        "kicker": row.get("kicker", ""), "subtitle": row.get("subtitle", "")})
    return out


def content_text(case):
    """The content file of a case."""
    texts = []
    if case["kicker"]:
        texts.append("  kicker: " + quoted(case["kicker"]))
    texts.append("  title: " + quoted(case["title"]))
    if case["subtitle"]:
        texts.append("  subtitle: " + quoted(case["subtitle"]))
    return BASE[case["lang"]].format(texts="\n".join(texts) + "\n")


def write_content(case, folder):
    """Writes the content file of a case into folder; returns its path."""
    path = os.path.join(folder, case["id"] + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(content_text(case))
    return path


def _size(text):
    """[a, b] or a single number → (a, b)."""
    nums = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    if not nums:
        return None
    return (nums[0], nums[-1])


def title_range(layout):
    """The wished size range (min, max) of a layout's title frame, and the line
    of the layout that states it: the frame's own size, else its style's."""
    with open(layout, encoding="utf-8") as f:
        lines = f.read().split("\n")

    def block(start):
        """Key lines of the mapping holding lines[start], at its indentation."""
        indent = len(lines[start]) - len(lines[start].lstrip(" -"))
        first = start
        while first > 0:
            prev = lines[first - 1]
            pind = len(prev) - len(prev.lstrip(" "))
            if prev.strip() and (pind < indent or prev.lstrip().startswith("- ")):
                if prev.lstrip().startswith("- ") and len(prev) - len(prev.lstrip(" -")) == indent:
                    first -= 1
                break
            first -= 1
        last = start
        while last + 1 < len(lines):
            nxt = lines[last + 1]
            nind = len(nxt) - len(nxt.lstrip(" "))
            if nxt.strip() and (nind < indent or nxt.lstrip().startswith("- ")):
                break
            last += 1
        out = {}
        for n in range(first, last + 1):
            m = re.match(r"^[\s-]*([a-z-]+):\s*(.*)$", lines[n])
            if m and len(lines[n]) - len(lines[n].lstrip(" -")) == indent:
                out[m.group(1)] = (m.group(2), n + 1)
        return out

    for n, line in enumerate(lines):
        if re.match(r"^\s*field:\s*title\s*$", line):
            keys = block(n)
            if "size" in keys:
                return _size(keys["size"][0]) + (keys["size"][1],)
            if "style" in keys:
                style = keys["style"][0].strip()
                for m, l2 in enumerate(lines):
                    if re.match(rf"^\s+{re.escape(style)}:\s*$", l2):
                        for k in range(m + 1, len(lines)):
                            if re.match(r"^\s*size:", lines[k]):
                                return _size(lines[k].split(":", 1)[1]) + (k + 1,)
                            if lines[k].strip() and (len(lines[k]) - len(lines[k].lstrip())
                                                     <= len(l2) - len(l2.lstrip())):
                                break
    return (None, None, None)


def run_case(tractage, src, content, layout, keep=None, case_id=None):
    """tractage check --dump of one content on one layout → a result dict."""
    # --no-findings: the report is about the layout (tests/check has the findings).
    r = subprocess.run([tractage, "check", "--no-findings", "--dump", "--layout", layout,
                        content],
                       cwd=src, capture_output=True, text=True, timeout=TIMEOUT)
    sizes = [float(m.group(1)) for m in map(TITLE_LINE.match, r.stdout.splitlines()) if m]
    errors, warnings, notes = [], [], []
    for line in r.stderr.splitlines():
        m = MESSAGE.match(line)
        if not m:
            continue
        {"error": errors, "warning": warnings, "note": notes}[m.group("level")].append(m.group("text"))
    if keep and case_id:
        name = f"{case_id}.{os.path.basename(layout).rsplit('.', 1)[0]}.dump"
        with open(os.path.join(keep, name), "w", encoding="utf-8") as f:
            f.write(r.stdout + "--- messages\n" + r.stderr + f"--- exit {r.returncode}\n")
    return {
        "exit": r.returncode,
        "ok": r.returncode == 0 and not errors,
        "size": min(sizes) if sizes else None,
        "lines": len(sizes),
        "errors": errors,
        "warnings": warnings,
        "notes": notes,
    }


def place(size, lo, hi):
    """Where a chosen size falls against the wished range."""
    if size is None:
        return "no title line"
    if lo is None:
        return "unknown range"
    if size >= hi - 0.005:
        return "at max"
    if size > lo + 0.005:
        return "inside"
    if size >= lo - 0.005:
        return "at min"
    return "below min"


def severity(result, title=""):
    """How far a failure is from fitting, from its message: a word wider than
    the frame first (the title with the longest word first), then the most
    characters too long."""
    text = " ".join(result["errors"])
    if "wider than the frame" in text:
        return -1e6 - max((len(w) for w in title.split()), default=0)
    m = re.search(r"about (\d+) characters", text)
    return -float(m.group(1)) if m else 0.0


def reason(message):
    """A failure message with its particulars (numbers, quoted text) folded,
    to count failures by kind."""
    message = re.sub(r'"[^"]*"|«[^»]*»|“[^”]*”', "“…”", message)
    return re.sub(r"(?<![-\w])\d+(?:\.\d+)?", "N", message)


def hardness(result, lo, hi, title=""):
    """Sort key: failures first (the farthest from fitting first), then the
    smallest size relative to the range."""
    if not result["ok"] or result["size"] is None:
        return (0, severity(result, title))
    if lo is None or hi <= lo:
        return (1, result["size"])
    return (1, (result["size"] - lo) / (hi - lo))


def run_all(tractage, src, layouts, jobs=None, keep=None, rows=None):
    """Runs every case on every layout. Returns (cases, results, ranges) where
    results[(case id, layout)] is run_case's dict and ranges[layout] is
    title_range's triple."""
    rows = rows if rows is not None else read_titles()
    todo = cases(rows)
    ranges = {l: title_range(os.path.join(src, l)) for l in layouts}
    tmp = keep or tempfile.mkdtemp(prefix="tractage-corpus-")
    try:
        paths = {c["id"]: write_content(c, tmp) for c in todo}
        results = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
            futures = {pool.submit(run_case, tractage, src, paths[c["id"]], l, keep, c["id"]):
                       (c["id"], l) for c in todo for l in layouts}
            for fut in concurrent.futures.as_completed(futures):
                results[futures[fut]] = fut.result()
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return todo, results, ranges


def histogram(values, lo, hi, width=40):
    """Text histogram of sizes in 2 pt bins (poster: bins of a tenth of the range)."""
    if not values:
        return []
    step = 2.0 if (hi or 40) <= 60 else max(2.0, round(((hi or 100) - (lo or 0)) / 8))
    start = min(values + ([lo] if lo else []))
    start = step * int(start // step)
    counts = Counter(int((v - start) // step) for v in values)
    top = max(counts.values())
    out = []
    for b in range(0, max(counts) + 1):
        a = start + b * step
        n = counts.get(b, 0)
        bar = "#" * max(1 if n else 0, round(n * width / top))
        mark = ""
        if lo is not None and a + step <= lo:
            mark = "  below the wished range"
        out.append(f"    {a:6.1f}–{a + step:6.1f} pt {n:4d} {bar}{mark}")
    return out


def report(todo, results, ranges, layouts, out=sys.stdout, hardest=10):
    """Prints the report; returns the number of failing (case, layout) pairs."""
    langs = Counter(c["lang"] for c in todo if c["variant"] == "title")
    variants = sum(1 for c in todo if c["variant"] != "title")
    lengths = [len(c["title"]) for c in todo if c["variant"] == "title"]
    p = lambda *a: print(*a, file=out)
    p(f"corpus: {len(lengths)} titles ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))}),"
      f" {variants} variants with kicker/subtitle, {len(todo)} content files;"
      f" layouts: {', '.join(layouts)}")
    p("title length (characters): " + ", ".join(
        f"{a}–{a + 9}: {sum(1 for n in lengths if a <= n <= a + 9)}" for a in range(10, 91, 10)))
    failing = 0
    by_id = {c["id"]: c for c in todo}
    for layout in layouts:
        lo, hi, where = ranges[layout]
        res = [(c, results[(c["id"], layout)]) for c in todo]
        ok = [(c, r) for c, r in res if r["ok"]]
        bad = [(c, r) for c, r in res if not r["ok"]]
        failing += len(bad)
        name = os.path.basename(layout).rsplit(".", 1)[0]
        p("")
        p(f"== {name}: {len(ok)} of {len(res)} render without error, {len(bad)} fail")
        if lo is not None:
            p(f"   wished title range: {lo:g} to {hi:g} pt ({layout}:{where})")
        places = Counter(place(r["size"], lo, hi) for _, r in ok)
        p("   chosen title size: " + ", ".join(
            f"{k} {places.get(k, 0)}" for k in ("at max", "inside", "at min", "below min")
        ) + (f", other {sum(v for k, v in places.items() if k not in ('at max', 'inside', 'at min', 'below min'))}"
             if set(places) - {"at max", "inside", "at min", "below min"} else ""))
        for line in histogram([r["size"] for _, r in ok if r["size"] is not None], lo, hi):
            p(line)
        nlines = Counter(r["lines"] for _, r in ok)
        p("   title lines: " + ", ".join(f"{k}: {v}" for k, v in sorted(nlines.items())))
        warns = Counter(w for _, r in res for w in r["warnings"])
        p(f"   warnings: {sum(warns.values())}" + (":" if warns else ""))
        for w, n in warns.most_common(20):
            p(f"     {n:4d} × {w}")
        if bad:
            kinds = Counter(reason(e) for _, r in bad for e in r["errors"][:1])
            p(f"   failures by kind ({len(bad)}):")
            for k, n in kinds.most_common():
                p(f"     {n:4d} × {k}")
            for note in sorted(set(n for _, r in bad for n in r["notes"])):
                p(f"     note: {note}")
            p(f"   failures ({len(bad)}):")
            for c, r in bad:
                p(f"     [{c['id']}] {c['title']!r}" + (" +kicker/subtitle" if c["variant"] != "title" else ""))
                for e in r["errors"][:2] or [f"exit {r['exit']} with no error message"]:
                    p(f"         {e}")
        ranked = sorted(res, key=lambda cr: hardness(cr[1], lo, hi, cr[0]["title"]))[:hardest]
        p(f"   hardest {len(ranked)}:")
        for c, r in ranked:
            what = "FAILS" if not r["ok"] else f"{r['size']:g} pt, {r['lines']} lines"
            p(f"     [{c['id']}] {what:18} {c['title']}")
    return failing


def check_pending(tractage, src, layouts, out=sys.stdout):
    """Informational: the content files parked in tests/corpus/pending/."""
    folder = os.path.join(HERE, "pending")
    files = sorted(f for f in os.listdir(folder) if f.endswith(".yaml")) if os.path.isdir(folder) else []
    if not files:
        return
    print("", file=out)
    print(f"== pending content files ({len(files)}, tests/corpus/pending/: not counted)", file=out)
    for f in files:
        path = os.path.relpath(os.path.join(folder, f), src)
        states = []
        for layout in layouts:
            r = run_case(tractage, src, path, layout)
            name = os.path.basename(layout).rsplit(".", 1)[0]
            states.append(f"{name} " + ("ok" if r["ok"] else "FAILS: " + (r["errors"] or ["?"])[0]))
        print(f"   {f}", file=out)
        for s in states:
            print(f"       {s}", file=out)


def main(argv):
    args, layouts, opts = [], [], {"report_only": False, "json": None, "keep": None, "jobs": None}
    it = iter(argv)
    for a in it:
        if a == "--report-only":
            opts["report_only"] = True
        elif a in ("--layout", "--json", "--keep", "--jobs"):
            v = next(it, None)
            if v is None:
                print(__doc__, file=sys.stderr)
                return 2
            if a == "--layout":
                layouts.append(v)
            elif a == "--jobs":
                opts["jobs"] = int(v)
            else:
                opts[a[2:]] = v
        elif a.startswith("-"):
            print(__doc__, file=sys.stderr)
            return 2
        else:
            args.append(a)
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    tractage, src = os.path.abspath(args[0]), args[1]
    layouts = layouts or STANDARD_LAYOUTS
    if opts["keep"]:
        os.makedirs(opts["keep"], exist_ok=True)
        opts["keep"] = os.path.abspath(opts["keep"])
    todo, results, ranges = run_all(tractage, src, layouts, opts["jobs"], opts["keep"])
    failing = report(todo, results, ranges, layouts)
    check_pending(tractage, src, layouts)
    if opts["json"]:
        with open(opts["json"], "w", encoding="utf-8") as f:
            json.dump([dict(c, layout=l, range=ranges[l][:2], **results[(c["id"], l)])
                       for c in todo for l in layouts], f, ensure_ascii=False, indent=1)
    print("")
    verdict = f"{failing} title renderings fail" if failing else "every title renders"
    print(f"corpus: {verdict}" + (" (report only: exit 0)" if failing and opts["report_only"] else ""))
    return 1 if failing and not opts["report_only"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
