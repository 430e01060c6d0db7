"""The Markdown import reader (importer/markdown.py): Markdown files as Line records, and the
round trip: every sample outline's speaker notes in Markdown, imported, is the same outline.

Line-level tests check what the reader hands the builder; the end-to-end tests run the real
``outline-export import`` command and load what it wrote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from outline_export.importer import markdown

FIXTURES = Path(__file__).parent / "import_fixtures"
ROOT = Path(__file__).parent.parent


def read(text: str):
    return markdown.read(text.encode("utf-8"), "t.md")


def shape(lines, *fields):
    return [tuple(getattr(x, f) for f in fields) for x in lines]


# ---------------------------------------------------------------- plain Markdown, line by line


def test_sermon_with_nested_numbered_lists_and_a_restart():
    lines, notes = markdown.read((FIXTURES / "md-sermon-numbered.md").read_bytes(), "md-sermon-numbered.md")
    assert notes == []
    assert shape(lines, "line", "kind", "level", "marker", "numbering", "start") == [
        (1, "title", -1, "", "", 0),
        (3, "text", -1, "", "", 0),
        (5, "heading", 1, "", "", 0),
        (7, "item", 0, "1.", "decimal", 1),
        (8, "item", 0, "2.", "decimal", 2),
        (9, "item", 1, "1.", "decimal", 1),
        (10, "item", 1, "2.", "decimal", 2),
        (11, "item", 0, "3.", "decimal", 3),
        (13, "text", 0, "", "", 0),  # the item's second paragraph: its detail
        (15, "heading", 1, "", "", 0),
        (17, "item", 0, "1.", "decimal", 1),
        (18, "item", 0, "2.", "decimal", 2),
        (20, "item", 0, "1.", "decimal", 1),  # a new list starting again at 1: the restart shows
        (21, "item", 1, "-", "bullets", 0),
        (22, "item", 1, "-", "bullets", 0),
        (24, "heading", 1, "", "", 0),
        (26, "text", -1, "", "", 0),
    ]
    texts = [x.text for x in lines]
    assert texts[0] == "The Calf and the Mountain"
    assert texts[1] == "Text: Exodus 32:1-14"
    assert texts[5] == "They want a god they can *see*"
    assert texts[6] == "They give up their **gold** willingly"
    assert texts[12] == "Moses answers with a ___prayer___"  # Markdown's ___word___ is a blank
    assert texts[11] == "He offers Moses a new nation, vs. 10"


def test_bullets_with_blockquotes_and_references():
    lines, _ = markdown.read((FIXTURES / "md-bullets-quotes.md").read_bytes(), "md-bullets-quotes.md")
    assert shape(lines, "kind", "level", "marker") == [
        ("title", -1, ""), ("heading", 1, ""),
        ("item", 0, "-"), ("item", 0, "-"), ("item", 0, "*"),  # a "*" item starts a new list
        ("heading", 1, ""),
        ("quote", 0, ""), ("item", 0, "-"), ("item", 0, "-"), ("quote", 0, ""),
        ("heading", 1, ""),
        ("item", 0, "-"), ("item", 1, "-"), ("item", 1, "-"), ("item", 0, "-"),
    ]
    quotes = [x for x in lines if x.kind == "quote"]
    assert [(q.text, q.credit) for q in quotes] == [
        ("For I could wish that I myself were accursed from Christ for my brothers' sake.", "Romans 9:3 (WEB)"),
        ("Father, forgive them, for they don't know what they are doing.", "Luke 23:34 (WEB)"),
    ]
    assert lines[2].text == "Israel breaks covenant at the foot of the mountain (Exodus 32:1-6)"
    assert lines[12].text == "Pray for them by name, daily"  # inline code: its text
    assert lines[13].text == "Read the prayer of Moses (https://example.org/exodus-32) again"  # a link: text (address)
    assert lines[14].text == "Keep a journal: a notebook note what changes in *you*"  # an image: its alt text


def test_lesson_with_metadata_lines_and_questions():
    lines, _ = markdown.read((FIXTURES / "md-lesson-questions.md").read_bytes(), "md-lesson-questions.md")
    assert [(x.kind, x.text) for x in lines[:3]] == [
        ("title", "A Mediator on the Mountain"),
        ("text", "Big idea: God invites His people to pray for others, even for those who failed Him."),
        ("text", "Text: Exodus 32:30-35"),
    ]
    q = [k for k, x in enumerate(lines) if x.text == "Discussion Questions"][0]
    assert lines[q].kind == "heading" and lines[q].level == 1
    assert shape(lines[q + 1:], "kind", "marker", "start") == [("item", "1.", 1), ("item", "2.", 2), ("item", "3.", 3)]
    assert lines[7].text == "He goes up to make ___atonement___"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.md")))
def test_nothing_lost(name):
    """Every word of the fixture is in the Lines' text (or a marker, or a quote's credit)."""
    source = (FIXTURES / name).read_text(encoding="utf-8")
    lines, _ = markdown.read(source.encode(), name)
    got = _words(" ".join(f"{x.marker} {x.text} {x.credit}" for x in lines))
    source = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", source)  # an image is its alt text, not its file
    for word in _words(re.sub(r"\]\(([^)]*)\)", r" \1", source)):
        assert word in got, f"{name}: {word!r} lost"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9]+", text))


@pytest.mark.parametrize("source, text", [
    ("a \\* b", "a \\* b"),  # literal characters of the outline's markup are escaped
    ("snake\\_case and a \\\\ and \\${name}", "snake\\_case and a \\\\ and \\${name}"),
    ("5 * 3", "5 \\* 3"),
    ("fill in ________ here", "fill in ________ here"),  # a run of underscores stays a blank
    ("one  \ntwo\nthree", "one two three"),  # hard and soft breaks are spaces
    ("<span>kept</span> words", "kept words"),
    ("`code_here`", "code\\_here"),
    ("[https://x.org](https://x.org)", "https://x.org"),  # a link whose text is its address: once
    ("**bold *both***", "**bold *both***"),
])
def test_inline(source, text):
    lines, _ = read(source)
    assert [x.text for x in lines] == [text]


def test_headings_levels_follow_the_title():
    lines, _ = read("# T\n\n## S\n\n### Sub\n\n# Another one\n")
    assert shape(lines, "kind", "level") == [("title", -1), ("heading", 1), ("heading", 2), ("heading", 1)]
    lines, _ = read("### Only\n\n#### Deeper\n")  # no title: the top heading found is level 1
    assert shape(lines, "kind", "level") == [("heading", 1), ("heading", 2)]


def test_ordered_list_keeps_its_numbers_and_delimiter():
    lines, _ = read("3) three\n4) four\n")
    assert shape(lines, "marker", "start", "numbering") == [("3)", 3, "decimal"), ("4)", 4, "decimal")]


def test_html_block_code_and_table_kept():
    lines, _ = read("<div>\nfrom a web page\n</div>\n\n    indented code\n\n| a | b |\n|---|---|\n| c | d |\n")
    assert [x.text for x in lines] == ["from a web page", "indented code", "a · b", "c · d"]


def test_not_utf8_is_read_and_doubted():
    lines, notes = markdown.read("# Caf\xe9\n".encode("cp1252"), "t.md")
    assert lines[0].text == "Café"
    assert notes[0].doubt and "not UTF-8" in notes[0].text
