"""The phone page (-f html) as a church gets it from the real command line: the file parsed as a
browser parses it (html5lib, strict), its words compared with the same outline's Markdown, its
fields, labels, headings, colours, and that it loads nothing from anywhere."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from conftest import ROOT
from outline_export import document as d
from outline_export.backends.base import UnknownNode
from outline_export.cli import main

SAMPLES = sorted(p.stem for p in (ROOT / "outlines").glob("*.yaml"))
NS = "{http://www.w3.org/1999/xhtml}"
WORD = re.compile(r"[^\W_]+")


def words_of(sample: str) -> dict:
    """The catalogue of the sample's language (two samples are in Spanish and Korean)."""
    from outline_export import languages
    from outline_export.loader import load_file

    return languages.catalogue(load_file(ROOT / "outlines" / f"{sample}.yaml").language or "en")


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def copy_project(to: Path, extra_settings: str = "") -> Path:
    to.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "outlines", to / "outlines")
    shutil.copytree(ROOT / "assets", to / "assets")
    settings = (ROOT / "outline-export.toml").read_text(encoding="utf-8")
    if extra_settings:
        settings = settings.replace("[defaults]\n", "[defaults]\n" + extra_settings + "\n", 1)
    (to / "outline-export.toml").write_text(settings, encoding="utf-8")
    return to


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Every sample outline rendered -k handout and -k notes as html (and md, tree to compare)."""
    import os

    root = copy_project(tmp_path_factory.mktemp("church"))
    here = os.getcwd()
    os.chdir(root)
    try:
        for args in (["-k", "handout", "-k", "notes", "-f", "html"], ["-k", "handout", "-f", "md"],
                     ["-k", "notes", "-f", "tree"]):
            result = cli("render", *[f"outlines/{s}.yaml" for s in SAMPLES], *args)
            assert result.exit_code == 0, result.output
    finally:
        os.chdir(here)
    return root / "output"


def parse(data: bytes):
    return html5lib.HTMLParser(strict=True).parse(data)


def text_of(node, skip=("script", "style")) -> str:
    """The text a reader sees in ``node`` (no script, no style)."""
    out = []

    def walk(n, tail=True):
        tag = n.tag.replace(NS, "") if isinstance(n.tag, str) else ""
        if tag not in skip:
            out.append(n.text or "")
            for child in n:
                walk(child)
        if tail:
            out.append(n.tail or "")
    walk(node, tail=False)
    return "".join(out)


def elements(tree, tag):
    return list(tree.iter(NS + tag))


def data_of(tree) -> dict:
    (script,) = [s for s in elements(tree, "script") if s.get("id") == "page-data"]
    return json.loads(script.text)


def is_subsequence(small, big) -> tuple[bool, list]:
    it = iter(big)
    for k, w in enumerate(small):
        if not any(w == x for x in it):
            return False, small[max(0, k - 5):k + 5]
    return True, []


# ---------------------------------------------------------------- content


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_handout_page_parses_and_holds_every_word_of_the_handout(pages, sample):
    raw = (pages / f"{sample}-handout.html").read_bytes()
    tree = parse(raw)  # strict: any parse error raises
    assert raw.startswith(b"<!DOCTYPE html>\n")
    assert tree.get("lang") == {"moises-intercede": "es", "keun-joe": "ko"}.get(sample, "en")  # the outline's language
    head = tree.find(NS + "head")
    assert head.find(NS + "title").text
    assert any(m.get("name") == "viewport" and "width=device-width" in m.get("content", "")
               for m in elements(tree, "meta"))
    md = MarkdownIt("commonmark").render((pages / f"{sample}-handout.md").read_text(encoding="utf-8"))
    md_words = WORD.findall(text_of(ET.fromstring(f"<div>{md}</div>".replace("&", "&amp;")
                                                   .replace("&amp;amp;", "&amp;"))))
    # labels left out: a blank's hidden label ("1번 빈칸") runs into the word after it ("와")
    page_words = WORD.findall(text_of(tree.find(NS + "body"), skip=("script", "style", "label")))
    ok, where = is_subsequence(md_words, page_words)
    assert ok, f"the page lacks or reorders the handout's words around {where}"


@pytest.mark.parametrize("sample", SAMPLES)
def test_one_labelled_input_per_numbered_blank_and_a_labelled_box_per_notes_space(pages, sample):
    tree = parse((pages / f"{sample}-handout.html").read_bytes())
    numbers = [int(n) for n in re.findall(r"\[answer #(\d+):", (pages / f"{sample}-notes.txt").read_text())]
    inputs = elements(tree, "input")
    assert [int(i.get("data-n")) for i in inputs] == numbers
    labels = {lab.get("for"): text_of(lab).strip() for lab in elements(tree, "label")}
    c, w = words_of(sample)["controls"], words_of(sample)["words"]
    for i in inputs:
        assert labels[i.get("id")] == c["blank"].format(number=i.get("data-n"))
        assert re.fullmatch(r"width:\d+(\.\d+)?em", i.get("style"))
    areas = elements(tree, "textarea")
    assert areas, "a handout on a screen has notes boxes"
    for a in areas:
        assert labels[a.get("id")], "every notes box has a label"
    assert w["notes_heading"] in labels.values()
    assert all(b.get("type") == "button" for b in elements(tree, "button"))
    texts = [text_of(b).strip() for b in elements(tree, "button")]
    assert texts == ([c["check"]] if numbers else []) + [c["copy"], c["download"]]
    answers = data_of(tree).get("answers", {})
    assert sorted(int(n) for n in answers) == sorted(numbers)


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_speakers_page_shows_answers_notes_timing_and_a_clock_and_no_fields(pages, sample):
    raw = (pages / f"{sample}-notes.html").read_bytes()
    tree = parse(raw)
    assert not elements(tree, "input") and not elements(tree, "textarea")
    marks = [text_of(m) for m in elements(tree, "mark")]
    expected = re.findall(r"\[answer #\d+: ([^\]]*)\]", (pages / f"{sample}-notes.txt").read_text())
    assert marks == expected
    c = words_of(sample)["controls"]
    assert [text_of(b).strip() for b in elements(tree, "button")] == [c["start"], c["pause"], c["reset"]]
    (timer,) = [s for s in elements(tree, "span") if s.get("role") == "timer"]
    assert text_of(timer) == "00:00"
    body = text_of(tree.find(NS + "body"))
    assert words_of(sample)["words"]["running"].split("{running}")[0].split("}")[-1].strip() in body
    tree_txt = (pages / f"{sample}-notes.txt").read_text()
    assert len([a for a in elements(tree, "aside")]) == tree_txt.count("<note>")


@pytest.mark.parametrize("kind", ["handout", "notes"])
@pytest.mark.parametrize("sample", SAMPLES)
def test_headings_in_order_and_nothing_loaded_from_anywhere(pages, sample, kind):
    raw = (pages / f"{sample}-{kind}.html").read_text(encoding="utf-8")
    tree = parse(raw.encode())
    levels = [int(e.tag[-1]) for e in tree.iter() if isinstance(e.tag, str)
              and re.fullmatch(re.escape(NS) + r"h[1-6]", e.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert not elements(tree, "link") and not elements(tree, "iframe")
    for e in tree.iter():
        if isinstance(e.tag, str) and e.get("src") is not None:
            assert e.get("src").startswith("data:image/png;base64,"), e.get("src")[:40]
        if isinstance(e.tag, str) and e.get("href") is not None:
            assert e.tag == NS + "a"  # a link to the church's website, to follow, not to load
    css = "".join(s.text for s in elements(tree, "style"))
    assert "@import" not in css and "url(" not in css
    for s in elements(tree, "script"):
        assert s.get("src") is None
        assert not re.search(r"https?://|fetch\(|XMLHttpRequest|import\(", s.text or "")


def test_the_logo_is_inlined(pages):
    tree = parse((pages / "great-sin-handout.html").read_bytes())
    (img,) = elements(tree, "img")
    import base64
    assert base64.b64decode(img.get("src").split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")
    assert img.get("alt") == ""  # the church's name is written beside it


# ---------------------------------------------------------------- colours


def _lum(c):
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(int(c[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    x, y = sorted((_lum(a), _lum(b)), reverse=True)
    return (x + 0.05) / (y + 0.05)


def check_contrast(raw: str):
    tree = parse(raw.encode())
    css = "".join(s.text for s in elements(tree, "style"))
    root = dict(re.findall(r"--([\w-]+):(#[0-9A-Fa-f]{6});", re.search(r":root\{([^}]*)\}", css).group(1)))
    backgrounds = [root["page"], root["note-fill"], root["answer-fill"]]
    used = re.findall(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6}|var\(--([\w-]+)\))", css)
    assert used
    for literal, var in used:
        fg = root[var] if var else literal
        if var == "page":  # the check button: the page's colour on the accent
            assert ratio(fg, root["accent"]) >= 4.5
            continue
        for bg in backgrounds:
            assert ratio(fg, bg) >= 4.5, (literal or var, fg, bg, ratio(fg, bg))
    return root


@pytest.mark.parametrize("kind", ["handout", "notes"])
def test_every_text_colour_reads_at_4_5_to_1(pages, kind):
    check_contrast((pages / f"great-sin-{kind}.html").read_text(encoding="utf-8"))


def test_a_pale_accent_colour_is_darkened_until_it_reads(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "church")
    settings = root / "outline-export.toml"
    settings.write_text(settings.read_text().replace('accent_color = "#1F4E79"', 'accent_color = "#FFE066"'))
    monkeypatch.chdir(root)
    result = cli("render", "outlines/great-sin.yaml", "-k", "handout", "-f", "html")
    assert result.exit_code == 0, result.output
    colours = check_contrast((root / "output/great-sin-handout.html").read_text(encoding="utf-8"))
    assert colours["accent"] != "#FFE066"


# ---------------------------------------------------------------- reveal = "never"


def test_reveal_never_leaves_the_check_and_every_answer_out(tmp_path, monkeypatch, pages):
    root = copy_project(tmp_path / "church", 'reveal = "never"')
    monkeypatch.chdir(root)
    result = cli("render", "outlines/great-sin.yaml", "-k", "handout", "-f", "html")
    assert result.exit_code == 0, result.output
    never = (root / "output/great-sin-handout.html").read_text(encoding="utf-8")
    check = (pages / "great-sin-handout.html").read_text(encoding="utf-8")
    answers = data_of(parse(check.encode()))["answers"].values()
    assert answers
    tree = parse(never.encode())
    assert "Check my answers" not in never and 'id="check"' not in never
    assert "answers" not in data_of(tree)
    assert len(elements(tree, "input")) == len(answers)  # still a field per blank
    seen = text_of(tree)
    for answer in answers:
        # an answer's word may be in the text the page shows ("a demand for justice"), nowhere else
        assert never.count(answer) == seen.count(answer), answer
        assert check.count(answer) > text_of(parse(check.encode())).count(answer)  # the check page has it


# ---------------------------------------------------------------- bytes


def test_the_same_outline_gives_the_same_bytes(tmp_path, monkeypatch, pages):
    root = copy_project(tmp_path / "church")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for kind in ("handout", "notes"):
        result = cli("render", "outlines/two-cycles.yaml", "-k", kind, "-f", "html", "-o", f"again-{kind}.html")
        assert result.exit_code == 0, result.output
        assert (root / f"again-{kind}.html").read_bytes() == (pages / f"two-cycles-{kind}.html").read_bytes()


def test_words_are_escaped_not_read_as_markup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.yaml").write_text(
        'title: "<script>alert(1)</script> & \\"Q\\""\n'
        "big_idea: \"God's ___<b>grace</b> & \\u2028 </script>___ is enough.\"\n"
        "sections:\n  - heading: \"A <i>heading</i>\"\n    points: [\"x < y && y > z\"]\n", encoding="utf-8")
    result = cli("render", "x.yaml", "-k", "handout", "-f", "html", "-o", "x.html")
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "x.html").read_text(encoding="utf-8")
    tree = parse(raw.encode())
    assert len(elements(tree, "script")) == 2 and not elements(tree, "b") and not elements(tree, "i")
    assert text_of(tree.find(NS + "head").find(NS + "title")) == '<script>alert(1)</script> & "Q"'
    assert "x < y && y > z" in text_of(tree)
    assert data_of(tree)["answers"] == {"1": "<b>grace</b> & \u2028 </script>"}


# ---------------------------------------------------------------- every node


def test_every_block_and_run_is_drawn_and_an_unknown_one_fails_loudly():
    from outline_export.backends import html
    from outline_export.layout import writer_options

    options = writer_options()
    R = d.Run
    num = d.Numbering("upper-roman")
    doc = d.Document(d.Meta("T", identifier="t@2026-01-01"), (
        d.TitleBlock((R("T"),), (R("sub"),), ("m",), label="L", church="C"),
        d.Heading(3, (R("deep"),)),  # straight to level 3: drawn as <h2>, no level skipped
        d.Paragraph((R("b", bold=True), R("i", italic=True), R("LORD", role="divine_name"),
                     R("(1:1)", role="ref"), d.BlankLine(4.0), d.BlankLine(5.0, 7, "seven"),
                     d.Answer("shown", 2)), "detail"),
        d.List(num, (d.ListItem("I.", (d.Paragraph((R("item"),), "list"),
                                       d.Quote((R("q"),), (R("— c", role="credit"),)))),)),
        d.Note((R("Note:", bold=True, role="note_label"), R(" n"))),
        d.PageBreak(), d.WritingLines(2, "Mine"),
    ), controls=__import__("outline_export.words", fromlist=["Words"]).Words("en").controls)
    tree = parse(html.write(doc, options))
    assert [e.tag.replace(NS, "") for e in tree.iter() if isinstance(e.tag, str)
            and re.fullmatch(re.escape(NS) + r"h\d", e.tag)] == ["h1", "h2"]
    body = text_of(tree.find(NS + "body"))
    for words in ("sub", "deep", "LORD", "(1:1)", "shown", "I.", "item", "q", "— c", "Note: n"):
        assert words in body
    small = [s for s in elements(tree, "span") if s.get("class") == "sc"]
    assert [text_of(s) for s in small] == ["ORD"]

    class Strange:
        pass
    with pytest.raises(UnknownNode):
        html.write(d.Document(d.Meta("T"), (Strange(),)), options)
