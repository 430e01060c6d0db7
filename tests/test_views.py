"""Views: the render tree each kind of document gets (golden dumps plus properties)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MIXED_OUTLINE, edition
from outline_export import document as d
from outline_export import pipeline, views
from outline_export.errors import OutlineError
from outline_export.loader import load_file, load_text
from outline_export.model import outline_blanks

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))


@pytest.mark.parametrize("kind", views.KINDS)
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_golden_render_trees(request, path, kind):
    """The whole render tree, as text; regenerate with `pytest --update-golden` and review the diff."""
    outline = load_file(path.relative_to(ROOT))
    ed = edition()
    got = text_of(views.build(pipeline.prepare(outline, ed), kind, ed.options))
    golden = GOLDEN / f"{path.stem}-{kind}.txt"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run pytest --update-golden"
    assert got == golden.read_text(encoding="utf-8")


def _all_runs(doc):
    for b, _ in d.walk(doc.blocks):
        for field in ("runs", "title", "subtitle", "credit"):
            yield from getattr(b, field, ())


def items(doc):
    """(depth, label, text of the item's first paragraph) for every list item, in order."""
    out = []

    def visit(blocks, depth):
        for b in blocks:
            if isinstance(b, d.List):
                for it in b.items:
                    first = it.blocks[0]
                    assert it.label == b.numbering.label(b.numbering.start + b.items.index(it))
                    out.append((depth, it.label, d.plain(first.runs) if isinstance(first, d.Paragraph) else ""))
                    visit(it.blocks, depth + 1)

    visit(doc.blocks, 0)
    return out


def text_of(doc) -> str:
    from outline_export.backends.tree import dump

    return dump(doc)


def outline(text: str):
    return load_text(text, "t.yaml")


SMALL = """\
title: T
passage: Exodus 32:1-35
numbering: outline
sections:
  - heading: One
    points:
      - text: Sin ___corrupts___ and ___deserves___ judgment
        note: private
        points:
          - child ___x___
          - text: grandchild holder
            points:
              - text: deep
                points:
                  - deeper
      - Second
  - heading: Two
    numbering: decimal
    points:
      - text: a
        points:
          - b
          - c
      - d
  - heading: Youth only
    audience: youth
    points:
      - ___secret___
questions:
  - Q1 ___qa___
  - text: Q2
    audience: leaders
"""


def test_handout_has_no_answers_and_no_notes():
    doc = views.build(outline(SMALL), "handout")
    text = text_of(doc)
    for answer in ("corrupts", "deserves", "secret", "qa"):
        assert answer not in text
    assert "private" not in text and "Youth only" not in text and "Q2" not in text
    blanks = [r for r in _all_runs(doc) if isinstance(r, d.BlankLine)]
    assert len(blanks) == 4 and len({b.width for b in blanks}) == 1  # fixed: all the same length
    assert not any(r.role == "blank_number" for r in _all_runs(doc) if isinstance(r, d.Run))
    assert any(isinstance(b, d.WritingLines) for b, _ in d.walk(doc.blocks))


def test_proportional_blanks_follow_the_answer():
    doc = views.build(outline(SMALL), "handout", views.ViewOptions(blanks="proportional"))
    widths = [r.width for r in _all_runs(doc) if isinstance(r, d.BlankLine)]
    assert widths[0] == widths[1] > widths[2]  # "corrupts", "deserves" (8 letters), "x"
    assert widths[2] == 4.0  # "x": the theme's minimum


def test_notes_show_everything_numbered_with_timing():
    doc = views.build(outline(SMALL), "notes")
    runs = list(_all_runs(doc))
    answers = [(runs[i - 1].text, r.text) for i, r in enumerate(runs) if isinstance(r, d.Answer)]
    assert answers == [("¹\xa0", "corrupts"), ("²\xa0", "deserves"), ("³\xa0", "x"), ("⁴\xa0", "secret"),
                       ("⁵\xa0", "qa")]
    assert all(runs[i - 1].role == "blank_number" for i, r in enumerate(runs) if isinstance(r, d.Answer))
    notes = [b for b, _ in d.walk(doc.blocks) if isinstance(b, d.Note)]
    assert [d.plain(n.runs) for n in notes] == ["Note: private"]
    assert notes[0].runs[0] == d.Run("Note:", bold=True, role="note_label")
    timing = [d.plain(b.runs) for b in doc.blocks if isinstance(b, d.Paragraph) and b.style == "timing"]
    assert timing[0].startswith("≈ ") and "(estimated)" in timing[0]
    assert all(b.keep_with_next for b in doc.blocks if isinstance(b, d.Paragraph) and b.style == "timing")
    assert "[audience: For: youth]" in text_of(doc) and "[audience: [for leaders]]" in text_of(doc)
    assert views.body_size("notes", views.ViewOptions()) > views.body_size("handout", views.ViewOptions())
    assert doc.footer == "Page {page} of {pages}"


def test_worksheet_numbers_blanks_and_ends_with_answer_key():
    doc = views.build(outline(SMALL), "worksheet")
    numbers = [r.text for r in _all_runs(doc) if isinstance(r, d.Run) and r.role == "blank_number"]
    assert numbers == ["¹\xa0", "²\xa0", "³\xa0", "⁴\xa0"]
    at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, d.PageBreak))
    heading, key = doc.blocks[at + 1:at + 3]
    assert d.plain(heading.runs) == "Answer Key" and heading.keep_with_next
    assert [(it.label, d.plain(it.blocks[0].runs)) for it in key.items] == [
        ("1.", "corrupts"), ("2.", "deserves"), ("3.", "x"), ("4.", "qa")]


def test_audience_edition_gets_its_content():
    doc = views.build(outline(SMALL), "handout", views.ViewOptions(audience="youth", audience_label="Youth Group"))
    text = text_of(doc)
    assert "Youth only" in text and "Q2" not in text
    assert doc.blocks[0].label == "Youth Group"


def test_labels_follow_numbering_schemes():
    doc = views.build(outline(SMALL), "notes")
    got = [(depth, label) for depth, label, _ in items(doc)]
    assert got[:6] == [(0, "I."), (1, "A."), (1, "B."), (2, "1."), (3, "a."), (0, "II.")]
    assert got[6:10] == [(0, "1."), (1, "1.1."), (1, "1.2."), (0, "2.")]


def test_numbered_sections_start_points_at_a():
    o = outline(SMALL.replace("numbering: outline\n", "numbering: outline\nnumbered_sections: true\n"))
    doc = views.build(o, "handout")
    headings = [b.runs[0].text for b in doc.blocks if isinstance(b, d.Heading)]
    assert headings[:2] == ["I. One", "II. Two"]
    assert items(doc)[0][1] == "A."


def _nested(depth: int, numbering: str | None = None, numbered_sections: bool = False) -> str:
    lines = ["title: Deep", f"numbered_sections: {'true' if numbered_sections else 'false'}", "sections:",
             "  - heading: One"]
    if numbering:
        lines.append(f"    numbering: {numbering}")
    lines.append("    points:")
    pad = "      "
    for level in range(depth):
        lines += [f"{pad}- text: level {level + 1} first", f"{pad}  points:" if level < depth - 1 else ""]
        pad += "    "
    lines.append(f"      - text: second top")
    return "\n".join(x for x in lines if x) + "\n"


OUTLINE_LABELS = ["I.", "A.", "1.", "a.", "i.", "(1)", "(a)", "(i)", "1)", "a)", "i)", "A)"]


@pytest.mark.parametrize("scheme,labels", [
    ("outline", OUTLINE_LABELS),
    ("decimal", [".".join(["1"] * n) + "." for n in range(1, 13)]),
    ("bullets", ["•", "◦", "▪"] * 4),
    ("none", [""] * 12),
])
def test_every_scheme_twelve_levels_deep(scheme, labels):
    doc = views.build(outline(_nested(12, scheme)), "handout")
    got = items(doc)
    assert [(depth, label) for depth, label, _ in got[:12]] == list(enumerate(labels))
    assert got[12][:2] == (0, {"outline": "II.", "decimal": "2.", "bullets": "•", "none": ""}[scheme])


def test_numbered_sections_five_deep_reach_the_paren_level():
    doc = views.build(outline(_nested(5, numbered_sections=True)), "handout")
    assert [label for _, label, _ in items(doc)][:5] == ["A.", "1.", "a.", "i.", "(1)"]


def test_mixed_schemes_keep_each_branch_its_own():
    o = outline(MIXED_OUTLINE)
    got = [(depth, label, text) for depth, label, text in items(views.build(o, "handout"))]
    assert got == [
        (0, "I.", "First point"), (1, "•", "x"), (1, "•", "y"),
        (0, "II.", "Second point"), (1, "A.", "p"), (1, "B.", "q"),
        (0, "III.", "Third"), (1, "1.", "r"), (2, "1.1.", "r1"), (1, "2.", "s"),
        (0, "IV.", "Fourth"), (1, "A.", "t"), (1, "B.", "u"),
    ]


def test_detail_is_a_paragraph_inside_its_item_and_quotes_split_lists():
    o = outline("""\
title: T
sections:
  - heading: One
    points:
      - text: a
        detail: why a matters
      - quote: Between the points.
        ref: Exodus 32:14
        translation: KJV
      - b
""")
    doc = views.build(o, "handout", views.ViewOptions(detail="full"))  # the skeleton has neither
    lists = [b for b in doc.blocks if isinstance(b, d.List)]
    assert [b.numbering.start for b in lists] == [1, 2]
    assert [it.label for b in lists for it in b.items] == ["I.", "II."]
    first = lists[0].items[0]
    assert [(type(b).__name__, getattr(b, "style", None)) for b in first.blocks] == [("Paragraph", "list"),
                                                                                    ("Paragraph", "detail")]
    quote = next(b for b in doc.blocks if isinstance(b, d.Quote))
    assert quote.credit == (d.Run("— Exodus\xa032:14 (KJV)", role="credit"),)


def test_book_less_quotation_is_credited_in_full():
    o = outline("title: T\npassage: Exodus 32\nsections:\n  - heading: H\n    points:\n"
                "      - quote: Words.\n        ref: \"33-34\"\n        translation: WEB\n")
    quote = next(b for b in views.build(o, "handout", views.ViewOptions(detail="full")).blocks if isinstance(b, d.Quote))
    assert d.plain(quote.credit) == "— Exodus\xa032:33–\u206034 (WEB)"


def test_references_are_runs_with_a_role():
    o = outline("title: T\npassage: Exodus 32\nsections:\n  - heading: H\n    ref: \"32:7-14\"\n"
                "    points:\n      - text: p\n        ref: \"7\"\n")
    doc = views.build(o, "handout")
    heading = next(b for b in doc.blocks if isinstance(b, d.Heading))
    assert heading.runs[-2:] == (d.Run(" "), d.Run("(32:7–\u206014)", role="ref"))  # never broken after the dash
    assert items(doc)[0][2] == "p (7)"


def test_unknown_variable_is_an_error_with_position():
    o = outline("title: T\nsections:\n  - heading: Welcome to ${church}\n")
    with pytest.raises(OutlineError) as e:
        views.build(o, "handout")
    assert str(e.value.problems[0]).startswith("t.yaml:3:25: unknown variable '${church}'")
    doc = views.build(o, "handout", views.ViewOptions(church="Grace Chapel"))
    assert doc.blocks[1].runs[0].text == "Welcome to Grace Chapel"


def test_sample_answer_key_matches_outline_blanks():
    o = load_file(ROOT / "outlines" / "two-cycles.yaml")
    doc = views.build(o, "worksheet")
    key = doc.blocks[-2] if isinstance(doc.blocks[-2], d.List) else doc.blocks[-1]
    general = [b.answer for b in outline_blanks(o) if b.answer]
    assert [d.plain(it.blocks[0].runs) for it in key.items] == general  # no blank of this outline is tagged
    assert [it.label for it in key.items] == [f"{n}." for n in range(1, len(key.items) + 1)]
