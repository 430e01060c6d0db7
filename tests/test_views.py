"""Views: the render tree each kind of document gets (golden dumps plus properties)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edition
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
    got = d.dump(views.build(pipeline.prepare(outline, ed), kind, ed.options))
    golden = GOLDEN / f"{path.stem}-{kind}.txt"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run pytest --update-golden"
    assert got == golden.read_text(encoding="utf-8")


def _all_runs(doc):
    for b in doc.blocks:
        for field in ("runs", "title", "subtitle"):
            yield from getattr(b, field, ())


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
    text = d.dump(doc)
    for answer in ("corrupts", "deserves", "secret", "qa"):
        assert answer not in text
    assert "private" not in text and "Youth only" not in text and "Q2" not in text
    blanks = [r for r in _all_runs(doc) if isinstance(r, d.BlankLine)]
    assert len(blanks) == 4 and len({b.width for b in blanks}) == 1  # fixed: all the same length
    assert all(b.number is None for b in blanks)
    assert any(isinstance(b, d.WritingLines) for b in doc.blocks)


def test_proportional_blanks_follow_the_answer():
    doc = views.build(outline(SMALL), "handout", views.ViewOptions(blanks="proportional"))
    widths = [r.width for r in _all_runs(doc) if isinstance(r, d.BlankLine)]
    assert widths[0] == widths[1] > widths[2]  # "corrupts", "deserves" (8 letters), "x"
    assert widths[2] == 4.0  # "x": the theme's minimum


def test_notes_show_everything_numbered_with_timing():
    doc = views.build(outline(SMALL), "notes")
    answers = [(r.number, r.text) for r in _all_runs(doc) if isinstance(r, d.Answer)]
    assert answers == [(1, "corrupts"), (2, "deserves"), (3, "x"), (4, "secret"), (5, "qa")]
    assert any(isinstance(b, d.Note) and b.runs[0].text == "private" for b in doc.blocks)
    timing = [b.runs[0].text for b in doc.blocks if isinstance(b, d.Paragraph) and b.style == "timing"
              and "min" in b.runs[0].text]
    assert timing[0].startswith("≈ ") and "(estimated)" in timing[0]
    assert "For: youth" in d.dump(doc) and "[for leaders]" in d.dump(doc)
    assert doc.body_size > views.build(outline(SMALL), "handout").body_size
    assert doc.footer == "Page {page} of {pages}"


def test_worksheet_numbers_blanks_and_ends_with_answer_key():
    doc = views.build(outline(SMALL), "worksheet")
    numbers = [r.number for r in _all_runs(doc) if isinstance(r, d.BlankLine)]
    assert numbers == [1, 2, 3, 4]
    assert isinstance(doc.blocks[-3], d.PageBreak) or isinstance(doc.blocks[-2], d.PageBreak)
    key = next(b for b in doc.blocks if isinstance(b, d.AnswerKey))
    assert key.entries == ((1, "corrupts"), (2, "deserves"), (3, "x"), (4, "qa"))


def test_audience_edition_gets_its_content():
    doc = views.build(outline(SMALL), "handout", views.ViewOptions(audience="youth", audience_label="Youth Group"))
    text = d.dump(doc)
    assert "Youth only" in text and "Q2" not in text
    assert doc.blocks[0].label == "Youth Group"


def test_labels_follow_numbering_schemes():
    doc = views.build(outline(SMALL), "notes")
    items = [(b.list_id, b.level, b.label) for b in doc.blocks if isinstance(b, d.ListItem) and b.style == "body"]
    assert items[:6] == [(1, 0, "I."), (1, 1, "A."), (1, 1, "B."), (1, 2, "1."), (1, 3, "a."), (1, 0, "II.")]
    assert items[6:10] == [(2, 0, "1."), (2, 1, "1.1."), (2, 1, "1.2."), (2, 0, "2.")]


def test_numbered_sections_start_points_at_a():
    o = outline(SMALL.replace("numbering: outline\n", "numbering: outline\nnumbered_sections: true\n"))
    doc = views.build(o, "handout")
    headings = [b.runs[0].text for b in doc.blocks if isinstance(b, d.Heading)]
    assert headings[:2] == ["I. One", "II. Two"]
    first = next(b for b in doc.blocks if isinstance(b, d.ListItem))
    assert first.label == "A."


def test_unknown_variable_is_an_error_with_position():
    o = outline("title: T\nsections:\n  - heading: Welcome to ${church}\n")
    with pytest.raises(OutlineError) as e:
        views.build(o, "handout")
    assert str(e.value.problems[0]).startswith("t.yaml:3:25: unknown variable '${church}'")
    doc = views.build(o, "handout", views.ViewOptions(church="Grace Chapel"))
    assert doc.blocks[1].runs[0].text == "Welcome to Grace Chapel"


def test_sample_answer_key_matches_outline_blanks():
    o = load_file(ROOT / "outlines" / "two-cycles.yaml")
    key = next(b for b in views.build(o, "worksheet").blocks if isinstance(b, d.AnswerKey))
    general = [b.answer for b in outline_blanks(o) if b.answer]
    assert [a for _, a in key.entries] == general  # no blank of this outline is audience-tagged
    assert [n for n, _ in key.entries] == list(range(1, len(key.entries) + 1))
