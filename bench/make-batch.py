#!/usr/bin/env python3
"""Writes N different content files for the batch benchmark (bench/README.md).

Usage: python3 bench/make-batch.py OUTDIR [N]     (N defaults to 100)

Each file is one of the real contents (content/*.yaml, tests/content/*.yaml) of the
same language as a real title of tests/corpus/titles.tsv, with that title, its
kicker and subtitle when the source gives them, and a varied amount of the rest:
the body cut to its first 1, 2, … paragraphs, the quote, programme, note, kicker
or subtitle left out in turn. The titles are spread evenly over the corpus. No
randomness: the same repository gives the same files, so two runs, or two
commits, time the same work. The folders beside the real contents (their
organisation files, logos and pictures) are copied into OUTDIR too, so that every
file a content names is there. Prints the paths of the contents, one a line.
"""

import copy
import csv
import glob
import os
import shutil
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _literal(dumper, text):
    """Multi-line texts as literal blocks, like the hand-written files."""
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, _literal)


def bases():
    """The real content files, as (stem, data), by language."""
    by_lang = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "*.yaml"))) + sorted(
            glob.glob(os.path.join(ROOT, "tests", "content", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        stem = os.path.splitext(os.path.basename(path))[0]
        by_lang.setdefault(data.get("lang", "fr"), []).append((stem, data))
    return by_lang


def titles():
    """The rows of the corpus of real titles."""
    with open(os.path.join(ROOT, "tests", "corpus", "titles.tsv"), encoding="utf-8",
              newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def contents(n):
    """n (file name, YAML text) pairs."""
    by_lang = bases()
    rows = titles()
    used = {lang: 0 for lang in by_lang}
    out = []
    for i in range(n):
        row = rows[i * len(rows) // n]
        lang = row["language"]
        stem, base = by_lang[lang][used[lang] % len(by_lang[lang])]
        used[lang] += 1
        data = copy.deepcopy(base)
        event = data["event"]
        event["title"] = row["title"]
        for key, every in (("kicker", 3), ("subtitle", 4)):
            if row.get(key):
                event[key] = row[key]
            elif i % every == every - 1:
                event.pop(key, None)
        if "body" in data:
            paras = [p for p in data["body"].split("\n\n") if p.strip()]
            data["body"] = "\n\n".join(paras[:1 + i % len(paras)]).rstrip("\n") + "\n"
        for key, every in (("quote", 5), ("programme", 6), ("note", 7)):
            if i % every == every - 1:
                data.pop(key, None)
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                         width=1 << 20)
        out.append((f"b{i + 1:03d}-{stem}.yaml", text))
    return out


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and not argv[2].isdigit()):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    outdir, n = argv[1], int(argv[2]) if len(argv) == 3 else 100
    os.makedirs(outdir, exist_ok=True)
    for folder in ("content", os.path.join("tests", "content")):
        for entry in sorted(os.scandir(os.path.join(ROOT, folder)), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, os.path.join(outdir, entry.name), dirs_exist_ok=True)
    for name, text in contents(n):
        path = os.path.join(outdir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
