#!/usr/bin/env python3
"""End-to-end tests: build real content with the tractage binary and check the
PDFs with poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) and qpdf.

Usage: e2e.py TRACTAGE SOURCE_ROOT TEST_NAME
Runs one named test (a function t_NAME below; see tests/lib/harness.py) and exits 0 when it passes, 1 with
an explanation on stderr when it fails, 77 when a tool it needs is missing.
"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import harness  # noqa: E402
from harness import OTHERS, SAMPLE, Fail, assert_in_order, build, check, flat, stem, tractage  # noqa: E402,F401

TRACTAGE = SRC = None

NNBSP, NBSP, SHY = "\u202f", "\u00a0", "\u00ad"


def run(args, **kw):
    return harness.run(args, timeout=60, **kw)


def pdfinfo(pdf, *extra):
    r = run(["pdfinfo", *extra, pdf])
    check(r.returncode == 0, f"pdfinfo {pdf}: {r.stderr}")
    check(r.stderr.strip() == "", f"pdfinfo {pdf} warned: {r.stderr}")
    info = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info, r.stdout


def text_of(pdf, *extra):
    r = run(["pdftotext", "-enc", "UTF-8", *extra, pdf, "-"])
    check(r.returncode == 0 and r.stderr.strip() == "", f"pdftotext {pdf}: {r.stderr}")
    return r.stdout


def fonts_of(pdf):
    r = run(["pdffonts", pdf])
    check(r.returncode == 0, f"pdffonts: {r.stderr}")
    rows = r.stdout.splitlines()[2:]
    check(rows, f"{pdf}: no fonts at all")
    out = []
    for row in rows:
        cols = row.split()
        # name type... emb sub uni object ID: the last five columns are fixed
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        out.append((cols[0], emb, sub, uni))
    return out


def tmpdir():
    return harness.tmpdir("tractage-e2e-")


# ---------------------------------------------------------------------------
# Tests


def t_sample_pages():
    out = tmpdir()
    r = build([SAMPLE], out)
    tract = os.path.join(out, "riposte-au-tout-numerique-tract-a5.pdf")
    poster = os.path.join(out, "riposte-au-tout-numerique-poster-a3.pdf")
    check(sorted(os.listdir(out)) == sorted(map(os.path.basename, [tract, poster])),
          f"unexpected files: {os.listdir(out)}")
    check(tract in r.stdout and poster in r.stdout, f"written files not listed: {r.stdout!r}")
    info, _ = pdfinfo(tract)
    check(info["Pages"] == "2", f"tract has {info['Pages']} pages")
    check(info["Page size"].startswith("419.53 x 595.28 pts"), f"tract size {info['Page size']}")
    info, _ = pdfinfo(poster)
    check(info["Pages"] == "1", f"poster has {info['Pages']} pages")
    check(info["Page size"].startswith("841.89 x 1190.55 pts"), f"poster size {info['Page size']}")
    for pdf in (tract, poster):
        r = run(["qpdf", "--check", pdf])
        check(r.returncode == 0, f"qpdf --check {pdf}:\n{r.stdout}{r.stderr}")


def t_only():
    out = tmpdir()
    build([SAMPLE], out, "--only", "poster")
    check(os.listdir(out) == ["riposte-au-tout-numerique-poster-a3.pdf"], f"{os.listdir(out)}")


def t_fonts_embedded():
    out = tmpdir()
    build([SAMPLE] + OTHERS, out)
    for pdf in os.listdir(out):
        fonts = fonts_of(os.path.join(out, pdf))
        for name, emb, sub, uni in fonts:
            check(emb == "yes" and sub == "yes", f"{pdf}: font {name} emb={emb} sub={sub}")
            family = name.split("+", 1)[-1]
            check(family.startswith(("Inter", "LeagueSpartan")),
                  f"{pdf}: unexpected font {family} (only the layouts' fonts may appear)")


def t_sample_text_order():
    """The text comes out in reading order: as drawn (-raw, the order of the
    page's content), and in pdftotext's own column analysis for the body,
    whose two columns read left then right."""
    out = tmpdir()
    build([SAMPLE], out)
    pdf = os.path.join(out, "riposte-au-tout-numerique-tract-a5.pdf")
    t = flat(text_of(pdf))
    assert_in_order(t, ["Le syndicat SUD du conseil départemental", "big data",
                        "a confié à la mission", "L’insistance à nous convaincre"],
                    "tract body, column analysis")
    t = flat(text_of(pdf, "-raw"))
    assert_in_order(t, [
        "EN SEINE-SAINT-DENIS ET AILLEURS",
        "Construire la riposte au tout numérique",
        "Journée de formation syndicale",
        "Mardi 3 octobre 2017", "De 8 h 30 à 17 h 30",
        "Bourse du travail de Bobigny", "1, place de la Libération", "93000 Bobigny",
        "Dématérialisation, fracture numérique, big data",
        "Le syndicat SUD du conseil départemental",
        "Le numérique pour tous ? À quelles conditions ?",
        "Big Brother",
        "sur la vie sociale",
        "Programme de la journée", "Les impacts du numérique sur les enfants",
        "Un tractage pour inviter à cette journée",
        "Entrée libre sur simple inscription auprès de SUD CD93 au 01 43 93 91 28.",
        "SUD CD93", "Syndicat SUD du conseil départemental de la Seine-Saint-Denis",
        "Imprimé par nos soins",
    ], "tract")
    t = flat(text_of(os.path.join(out, "riposte-au-tout-numerique-poster-a3.pdf")))
    assert_in_order(t, [
        "EN SEINE-SAINT-DENIS ET AILLEURS", "Construire la riposte au tout numérique",
        "Mardi 3 octobre 2017", "Bourse du travail de Bobigny", "93000 Bobigny",
        "Entrée libre", "SUD CD93",
    ], "poster")


def t_french_spacing():
    """U+202F before ? ! : ; and inside « » — checked in the drawn text."""
    out = tmpdir()
    r = tractage("check", "--dump", SAMPLE)
    check(r.returncode == 0, r.stderr)
    d = r.stdout.replace(SHY, "")
    check("tous" + NNBSP + "?" in d, "no U+202F before '?' in 'pour tous ?'")
    check("conditions" + NNBSP + "?" in d, "no U+202F before '?' in 'À quelles conditions ?'")
    check("«" + NNBSP in d and NNBSP + "»" in d, "no U+202F inside « »")
    check(re.search(r"\S \?", d) is None, "an ordinary space before '?' remains")
    check(re.search(r"\w [:;!?»]", d) is None, "an ordinary space before : ; ! ? or »")
    check("'" not in d.replace("|", ""), "a straight apostrophe remains in the drawn text")
    check("’" in d, "no typographic apostrophe")
    # Inclusive forms never break at their hyphens; ordinary compounds may.
    # Inclusive forms never break at their hyphens; ordinary compounds may. The
    # dump shows plain hyphens (so that the PDF's text searches as written):
    # no line may end inside an inclusive form.
    check("tou-te-s" in d and "habitant-e-s" in d, "an inclusive form was broken or altered")
    check(not re.search(r"\|(tou|habitant|tou-te|habitant-e)-\|", d), "an inclusive form breaks")
    check("médico-social" in d or "médico-|" in d, "an ordinary compound lost its hyphen")
    # The same in the PDF: pdftotext gives back the characters the fonts map to.
    build([SAMPLE], out)
    raw = text_of(os.path.join(out, "riposte-au-tout-numerique-tract-a5.pdf"), "-raw")
    check(re.search(r"tous[ \u202f]\?", raw), "the PDF lacks 'tous ?'")
    prose = re.sub(r"\S*/\S*", "", raw)  # web addresses keep their "?"
    check(not re.search(r"\w\?", prose), "a '?' glued to its word in the PDF")
    # English content: no space before punctuation.
    r = tractage("check", "--dump", "tests/content/open-meeting-en.yaml")
    check(r.returncode == 0, r.stderr)
    check(NNBSP + "?" not in r.stdout and NNBSP + ":" not in r.stdout,
          "French spacing applied to English text")


ORDINALS = """version: 1
lang: fr
organiser: { name: Union locale CGT, email: ul@example.org }
event:
  kicker: 5e congrès du 1er mai
  title: 12e congrès pour le XXIe siècle
  subtitle: La 2nde journée, la 1re fois
  sessions: [{ date: 2026-05-01, weekday: vendredi, start: "10:00" }]
  venue: { name: "Bourse du travail, 3e étage", city: Saint-Denis }
body: |
  Le 12e congrès se tient le 1er mai. Au XXIe siècle, la IIIe République.
"""


def t_ordinals():
    """French ordinals are drawn as superscripts (test-compose checks the
    glyphs) while the PDF's text keeps them as typed, in reading order, in
    upper-case styles too."""
    d = tmpdir()
    path = os.path.join(d, "ordinaux.yaml")
    open(path, "w", encoding="utf-8").write(ORDINALS)
    r = build([path], d)
    check(r.returncode == 0, r.stderr)
    for pdf in ("ordinaux-tract-a5.pdf", "ordinaux-poster-a3.pdf"):
        for extra in ((), ("-raw",)):
            t = flat(text_of(os.path.join(d, pdf), *extra)).replace(NBSP, " ")
            for want in ("5e CONGRÈS DU 1er MAI", "12e congrès", "XXIe", "2nde journée",
                         "la 1re fois", "Vendredi 1er mai", "3e étage"):
                check(want in t, f"{pdf} {extra}: no '{want}' in:\n{t[:600]}")
        if pdf.startswith("ordinaux-tract"):
            check("Le 12e congrès se tient le 1er mai. Au XXIe siècle, la IIIe République." in t,
                  f"{pdf}: the body's ordinals out of order:\n{t}")


def t_hyphenation():
    """Body text is hyphenated, never right after an elision, and no line ends on
    a one-letter word: on every French content, tract and poster."""
    for content in [SAMPLE] + OTHERS[:2]:
        r = tractage("check", "--dump", content)
        check(r.returncode == 0, r.stderr)
        lines = [l for l in r.stdout.splitlines() if l.strip().startswith("line ")]
        # The dump shows a line as drawn: a break at a hyphenation point ends it with "-".
        broken = [l for l in lines if re.search(r"\w\w-\|$", l)]
        check(broken or content != SAMPLE, "no line of the body ends at a hyphenation point")
        for l in lines:
            body = l.split("|", 1)[1].rstrip("|") if "|" in l else ""
            check(not re.search(r"(^|\s)[’'\w]{1}’-$", body),
                  f"{content}: hyphen right after an elision: {l}")
            words = body.split()
            if words:
                check(len(words[-1].rstrip("-")) > 1 or not words[-1].isalpha() or len(words) == 1,
                      f"{content}: a line ends on a one-letter word: {l}")


def t_metadata_links():
    out = tmpdir()
    build([SAMPLE], out)
    pdf = os.path.join(out, "riposte-au-tout-numerique-tract-a5.pdf")
    info, _ = pdfinfo(pdf)
    check(info.get("Title") == "Construire la riposte au tout numérique", f"Title {info.get('Title')}")
    check(info.get("Author") == "SUD CD93", f"Author {info.get('Author')}")
    check("3 octobre 2017" in flat(info.get("Subject", "")), f"Subject {info.get('Subject')}")
    check("emprise du numérique" in info.get("Keywords", ""), f"Keywords {info.get('Keywords')}")
    check(re.fullmatch(r"tractage \d+\.\d+\.\d+", info.get("Creator", "")), f"Creator {info.get('Creator')}")
    r = run(["pdfinfo", "-url", pdf])
    check("tel:+33143939128" in r.stdout, f"no tel: link:\n{r.stdout}")
    with open(pdf, "rb") as f:
        data = f.read()
    check(b"/CreationDate (D:" in data, "CreationDate lacks the D: prefix")
    # other contents have e-mail and web links
    build(["tests/content/reunion-publique.yaml"], out)
    r = run(["pdfinfo", "-url", os.path.join(out, "reunion-publique-tract-a5.pdf")])
    check("mailto:" in r.stdout and "https://" in r.stdout, f"links:\n{r.stdout}")


def t_reproducible():
    a, b = tmpdir(), tmpdir()
    build([SAMPLE], a)
    build([SAMPLE], b)
    for name in os.listdir(a):
        check(open(os.path.join(a, name), "rb").read() == open(os.path.join(b, name), "rb").read(),
              f"{name} differs between two builds")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1506000000")
    c = tmpdir()
    r = tractage("build", "--output-dir", c, SAMPLE, env=env)
    check(r.returncode == 0, r.stderr)
    info, _ = pdfinfo(os.path.join(c, "riposte-au-tout-numerique-poster-a3.pdf"), "-isodates")
    check(info["CreationDate"].startswith("2017-09-21T13:20:00"), f"date {info['CreationDate']}")


def t_other_contents():
    out = tmpdir()
    build(OTHERS, out)
    expect = {
        "reunion-publique": 2, "congres-deux-jours": 2, "open-meeting-en": 2,
    }
    for s, pages in expect.items():
        info, _ = pdfinfo(os.path.join(out, f"{s}-tract-a5.pdf"))
        check(info["Pages"] == str(pages), f"{s}: {info['Pages']} pages")
        info, _ = pdfinfo(os.path.join(out, f"{s}-poster-a3.pdf"))
        check(info["Pages"] == "1", f"{s} poster: {info['Pages']} pages")
    t = flat(text_of(os.path.join(out, "congres-deux-jours-tract-a5.pdf")))
    assert_in_order(t, ["Samedi 25 et dimanche 26 mai 2024"], "two-day tract")
    # Place names never break at their hyphens ("Saint-" / "Denis").
    r = tractage("check", "--dump", "tests/content/reunion-publique.yaml")
    places = [l for l in r.stdout.splitlines() if l.strip().startswith("line when-where")]
    check(any("Saint-Denis" in l for l in places), f"no place name: {places}")
    check(not any(l.rstrip("|").endswith("-") for l in places), f"a place name broke: {places}")
    # An upper-case kicker keeps French ordinals small: "5e", not "5E".
    check("5e CONGRÈS" in t, f"ordinal in the kicker: {t[:80]}")
    t = flat(text_of(os.path.join(out, "open-meeting-en-tract-a5.pdf")))
    check(re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ \w+ \d{4}", t),
          "English date not found")
    check(re.search(r"\d(:\d\d)? (am|pm)", t), "English time not found")
    check("Leeds LS6 2AB" in t, "English address: the city comes before the postcode")


def t_render_pages():
    """Every page renders without a warning, and nothing is blank."""
    out = tmpdir()
    build([SAMPLE] + OTHERS, out)
    for pdf in sorted(os.listdir(out)):
        prefix = os.path.join(out, stem(pdf))
        r = run(["pdftoppm", "-r", "20", "-gray", os.path.join(out, pdf), prefix])
        check(r.returncode == 0 and r.stderr.strip() == "", f"pdftoppm {pdf}: {r.stderr}")
    pgms = [p for p in os.listdir(out) if p.endswith(".pgm")]
    check(len(pgms) == 12, f"{len(pgms)} pages rendered, expected 12")
    for p in pgms:
        data = open(os.path.join(out, p), "rb").read()
        # P5 header: 'P5\nW H\n255\n' then pixels
        parts = data.split(b"\n", 3)
        pixels = parts[3]
        inked = sum(1 for v in pixels[::7] if v < 200)
        check(inked > len(pixels[::7]) * 0.01, f"{p} looks blank ({inked} inked samples)")


def t_injection():
    d = tmpdir()
    content = open(os.path.join(SRC, "tests/content/reunion-publique.yaml"), encoding="utf-8").read()
    evil = "<span foreground='red'>Retraites</span> & </b> <i>"
    content = re.sub(r"(?m)^(  subtitle:).*$", lambda m: m.group(1) + ' "' + evil.replace('"', '\\"') + '"', content, count=1)
    content = re.sub(r"(?m)^(  title:).*$", lambda m: m.group(1) + ' "Retraites & <b>nous</b>"', content, count=1)
    src = os.path.join(d, "evil.yaml")
    open(src, "w", encoding="utf-8").write(content)
    shutil.copytree(os.path.join(SRC, "tests/content/organisation"), os.path.join(d, "organisation"))
    r = run([TRACTAGE, "build", "--output-dir", d, src], cwd=SRC)
    check(r.returncode == 0, r.stderr)
    t = flat(text_of(os.path.join(d, "evil-poster-a3.pdf")))
    check("<span foreground=" in t and "</span> & </b> <i>" in t, f"markup not printed as text:\n{t[:500]}")
    check(re.search(r"Retraites & <b>nous</ ?b>", t), f"title markup not printed as text:\n{t[:500]}")


def write_content(d, name, mutate):
    content = open(os.path.join(SRC, SAMPLE), encoding="utf-8").read()
    path = os.path.join(d, name)
    open(path, "w", encoding="utf-8").write(mutate(content))
    return path


def t_error_overflow():
    d = tmpdir()
    out = tmpdir()
    def longer(c):
        # Insert a long paragraph at the head of the body, at its indentation.
        m = re.search(r"(?m)^( *)body: \|\n( +)", c)
        check(m, "the sample has no 'body: |'")
        para = ("Une phrase de plus pour remplir le tract. " * 120).strip()
        return c[:m.end()] + para + "\n\n" + m.group(2) + c[m.end():]
    src = write_content(d, "long.yaml", longer)
    r = run([TRACTAGE, "build", "--output-dir", out, src], cwd=SRC)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    first = r.stderr.splitlines()[0]
    check(re.match(re.escape(src) + r":\d+:\d+: error: the body does not fit in the layout tract-a5 "
                   r"even at [\d.]+ pt: about \d+ characters or \d+ lines too long$",
                   first), f"message: {first}")
    check("note: body: frames \"body\" (recto), \"body-verso\" (verso, in a stack)" in r.stderr, r.stderr)
    # Each document stands on its own: the poster, which has no body, is made.
    check(sorted(os.listdir(out)) == ["long-poster-a3.pdf"],
          f"files written: {os.listdir(out)}")
    check(r.stdout.splitlines() == [os.path.join(out, "long-poster-a3.pdf")], r.stdout)


def t_error_keeps_good_pdf():
    d = tmpdir()
    out = tmpdir()
    src = write_content(d, "fete.yaml", lambda c: c)
    build([src], out)
    before = {n: open(os.path.join(out, n), "rb").read() for n in os.listdir(out)}
    write_content(d, "fete.yaml", lambda c: c.replace("  title:", "  titel:", 1))
    r = run([TRACTAGE, "build", "--output-dir", out, src], cwd=SRC)
    check(r.returncode == 1, f"exit {r.returncode}")
    check("unknown key \"titel\"" in r.stderr, r.stderr)
    after = {n: open(os.path.join(out, n), "rb").read() for n in os.listdir(out)}
    check(before == after, "a good PDF was changed by a failed build")


def t_error_unknown_font():
    d = tmpdir()
    out = tmpdir()
    lay = open(os.path.join(SRC, "layouts/poster-a3.yaml"), encoding="utf-8").read()
    lay = lay.replace("display: League Spartan", "display: Roboto", 1)
    check("Roboto" in lay, "no display font in poster-a3")
    path = os.path.join(d, "poster.yaml")
    open(path, "w", encoding="utf-8").write(lay)
    r = run([TRACTAGE, "build", "--output-dir", out, "--layout", path, SAMPLE], cwd=SRC)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    check(re.match(re.escape(path) + r":\d+:\d+: error: font family \"Roboto\" is not available to "
                   r"tractage \(it comes with the Debian package fonts-roboto-unhinted\)", r.stderr),
          f"message: {r.stderr}")
    check(os.listdir(out) == [], "files written")


def t_error_missing_glyph():
    """A character no configured font has is an error, never tofu; every such
    character of the text is named in one message."""
    d, out = tmpdir(), tmpdir()
    src = write_content(d, "cjk.yaml", lambda c: re.sub(r"(?m)^  subtitle: .*$",
                                                         '  subtitle: "Journée 日本"', c, count=1))
    r = run([TRACTAGE, "build", "--output-dir", out, src], cwd=SRC)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
    lines = r.stderr.splitlines()
    check(len(lines) == 2 and re.match(re.escape(src) + r":\d+:\d+: error: no font can draw the "
                                       r"characters “日” \(U\+65E5\), “本” \(U\+672C\) in the "
                                       r"subtitle", lines[0])
          and lines[1] == "tractage: 1 error", r.stderr)
    check(os.listdir(out) == [], "files written")


def t_cli():
    r = tractage("--version")
    check(r.returncode == 0 and re.fullmatch(r"tractage \d+\.\d+\.\d+\n", r.stdout), f"{r.stdout!r}")
    r = tractage("--help")
    check(r.returncode == 0 and "build" in r.stdout and "--output-dir" in r.stdout, r.stdout)
    for args, msg in [((), "no command"), (("frobnicate", SAMPLE), "unknown command"),
                      (("build",), "no content file"), (("build", "--only", "flyer", SAMPLE), "--only"),
                      (("build", "--bogus", SAMPLE), "Unknown option"),
                      (("build", "--only", "tract", "--layout", "layouts/poster-a3.yaml", SAMPLE),
                       "none of the layouts is of that kind")]:
        r = tractage(*args)
        check(r.returncode == 2, f"{args}: exit {r.returncode}")
        check(msg in r.stderr, f"{args}: {r.stderr}")
    r = tractage("build", "--output-dir", SAMPLE + "/out", SAMPLE)
    check(r.returncode == 2 and "cannot create the output folder" in r.stderr, r.stderr)
    r = tractage("build", "--output-dir", tmpdir(), "no-such-file.yaml")
    check(r.returncode == 1 and r.stderr.startswith("no-such-file.yaml: error:"), r.stderr)


def t_help_languages():
    """--help in French under LANGUAGE=fr (LC_ALL=C.UTF-8, as the tests run) and
    under LANG=fr_FR.UTF-8 alone, in English with LANGUAGE empty (issue 11): the summary, an option, the
    description; glib's own lines ("Usage:") are glib's catalogue, not ours."""
    nb = "\u202f"
    fr = tractage("--help", env=dict(os.environ, LANGUAGE="fr"))
    check(fr.returncode == 0, fr.stderr)
    lines = fr.stdout.splitlines()
    for want in [
            "Fait d’un événement décrit en YAML des PDF prêts à imprimer" + nb + ": un tract A5",
            "Commandes" + nb + ":",
            "  build    met en page et écrit <nom>-tract-a5.pdf et <nom>-poster-a3.pdf",
            "  -o, --output-dir=DOSSIER     Écrire les PDF dans DOSSIER (par défaut" + nb +
            ": le dossier courant)",
            "  --only=tract|poster          Fabriquer seulement le tract ou seulement l’affiche",
            "Quelle option d’impression me faut-il" + nb + "?"]:
        check(want in lines, f"not in the French --help: {want!r}\n{fr.stdout}")
    check(not re.search(r"^  -o, --output-dir=DIR|^Commands:|Which print option", fr.stdout, re.M),
          f"English left in the French --help:\n{fr.stdout}")
    # LANG=fr_FR.UTF-8 alone gives French, even where that locale is not
    # installed (this machine, a container): tractage falls back to C.UTF-8
    # with LANGUAGE=fr.
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES",
                                                             "LANGUAGE")}
    lang = tractage("--help", env=dict(env, LANG="fr_FR.UTF-8"))
    check(lang.returncode == 0 and "Commandes" + nb + ":" in lang.stdout.splitlines(),
          f"LANG=fr_FR.UTF-8 did not give the French --help:\n{lang.stdout}{lang.stderr}")
    en = tractage("--help", env=dict(os.environ, LANGUAGE=""))
    check(en.returncode == 0, en.stderr)
    lines = en.stdout.splitlines()
    for want in [
            "Commands:",
            "  build    lay out and write <name>-tract-a5.pdf and <name>-poster-a3.pdf",
            "  -o, --output-dir=DIR       Write the PDFs into DIR (default: the current folder)",
            "Which print option do I need?"]:
        check(want in lines, f"not in the English --help: {want!r}\n{en.stdout}")


def t_poster_legible():
    """Read from 3 m: title capitals >= 25 mm (League Spartan: cap height 0.66 em,
    so >= 108 pt), date and place capitals >= 10 mm (Inter: 0.75 em, so >= 40 pt)."""
    for content in [SAMPLE] + OTHERS:
        r = tractage("check", "--dump", "--only", "poster", content)
        check(r.returncode == 0, r.stderr)
        sizes = {}
        for l in r.stdout.splitlines():
            m = re.match(r"\s+line (\S+?)(-by-\w+)? ([\d.]+)pt", l)
            if m:
                sizes.setdefault(m.group(1), []).append(float(m.group(3)))
        check(sizes.get("title") and min(sizes["title"]) >= 108, f"{content}: title {sizes.get('title')}")
        check(sizes.get("when-where") and min(sizes["when-where"]) >= 40,
              f"{content}: date and place {sizes.get('when-where')}")


def t_verso_filled():
    """The tract's verso is never more than one third empty (issue 8), for every
    content under content/ and tests/content/: of the height of the verso's
    column (10 to 184 mm), the share that no text line (from 0.95 em above its
    baseline to 0.3 em below) and no band covers. Space between the lines of a
    paragraph counts as empty, so the bound is strict."""
    import glob
    mm = 72 / 25.4
    worst = []
    for content in sorted(glob.glob(os.path.join(SRC, "content", "*.yaml")) +
                          glob.glob(os.path.join(SRC, "tests", "content", "*.yaml"))):
        r = tractage("check", "--no-findings", "--dump", "--only", "tract", content)
        check(r.returncode == 0, f"{content}: {r.stderr}")
        page, spans = None, []
        for l in r.stdout.splitlines():
            if l.startswith("page "):
                page = l.split()[1]
                continue
            if page != "verso":
                continue
            m = re.match(r"\s+line (\S+) ([\d.]+)pt [\d.]+ ([\d.]+) \|(.*)\|$", l)
            if m and not m.group(1).startswith("footer") and m.group(1) != "qr" and \
                    m.group(4).strip():
                size, y = float(m.group(2)), float(m.group(3))
                spans.append((y - 0.95 * size, y + 0.3 * size))
            m = re.match(r"\s+rect [\d.]+ ([\d.]+) [\d.]+ ([\d.]+)", l)
            if m and float(m.group(2)) < 180 * mm:
                spans.append((float(m.group(1)), float(m.group(1)) + float(m.group(2))))
        covered, end = 0.0, None
        for a, b in sorted(spans):
            a, b = max(a, 10 * mm), min(b, 184 * mm)
            if b <= a:
                continue
            if end is None or a > end:
                covered += b - a
                end = b
            elif b > end:
                covered += b - end
                end = b
        empty = 1 - covered / (174 * mm)
        worst.append((empty, os.path.basename(content)))
    worst.sort(reverse=True)
    print("emptiest versos: " + ", ".join(f"{n} {e:.1%}" for e, n in worst[:3]))
    bad = [f"{n}: {e:.1%} empty" for e, n in worst if e > 1 / 3]
    check(not bad, "versos more than one third empty: " + "; ".join(bad))


if __name__ == "__main__":
    sys.exit(harness.main(globals(), tools=("pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "qpdf")))
