"""The sample library: every outline validates, and loads with the structure its seed has."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export.cli import main
from outline_export.loader import load_file
from outline_export.model import Point, Quote, count_points, outline_blanks, plain_text, walk_points
from outline_export.scripture import VerseRange

ROOT = Path(__file__).resolve().parents[1]
OUTLINES = ROOT / "outlines"


def load(name):
    return load_file(OUTLINES / name)


def headings(o):
    return [plain_text(s.heading, answers=True) for s in o.sections]


def depth(o):
    return max((d for s in o.sections for _, d in walk_points(s.points)), default=-1) + 1


def test_validate_outlines_folder_exits_0():
    result = CliRunner().invoke(main, ["validate", str(OUTLINES)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "7 outlines valid (checked with outline-export.toml)."


@pytest.mark.parametrize("path", sorted(OUTLINES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_sample_has_blanks_notes_questions(path):
    o = load_file(path)
    answers = [b.answer for b in outline_blanks(o) if b.answer]
    assert len(answers) >= 6
    assert all(1 <= len(a.split()) <= 3 for a in answers)
    notes = sum(len(s.note) for s in o.sections) + sum(
        len(i.note) for s in o.sections for i, _ in walk_points(s.points) if isinstance(i, Point)
    )
    assert notes >= 3
    assert len(o.questions) >= 3
    assert o.passage is not None and o.passage.book == "Exodus"
    # the same series in the outline's language (moises-intercede: Spanish, keun-joe: Korean)
    assert o.series == {"en": "Exodus: A People Rescued", "es": "Éxodo: un pueblo rescatado",
                        "ko": "출애굽기: 구원받은 백성"}[o.language or "en"]
    assert path.read_text(encoding="utf-8").startswith("# Sample outline for outline-export")


def test_two_cycles_is_a_classic_outline():
    o = load("two-cycles.yaml")
    assert o.numbering == "outline" and o.numbered_sections
    assert headings(o)[:2] == [
        "First Cycle: real intercession is grounded in a divine perspective",
        "Second Cycle: real intercession comes from the heart of the intercessor",
    ]
    first, second = o.sections[0], o.sections[1]
    assert first.ref.ranges == (VerseRange("Exodus", 32, 7, 32, 14),)
    assert second.ref.ranges == (VerseRange("Exodus", 32, 15, 32, 35),)
    a, b = first.points[0], first.points[1]
    assert a.ref.display == "7–10" and a.ref.ranges == (VerseRange("Exodus", 32, 7, 32, 10),)
    assert [c.ref.display for c in b.points] == ["11", "12a", "12b", "13"]
    assert b.points[1].ref.ranges[0].start_verse == 12
    assert [plain_text(c.text) for c in b.points] == [
        "He pleads on the basis of God’s redemption",
        "He pleads on the basis of God’s reputation",
        "He pleads on the basis of God’s mercy",
        "He pleads on the basis of God’s covenant",
    ]
    assert all(c.detail for c in b.points)
    assert depth(o) >= 4
    answers = [x.answer for x in outline_blanks(o) if x.answer]
    assert answers[:4] == ["divine perspective", "corrupts", "invites", "God-centeredness"]
    assert first.closing and o.closing and o.introduction
    assert [s.audience for s in o.sections if s.audience] == [("youth",)]


def test_moses_plea_sections_and_cross_references():
    o = load("moses-plea.yaml")
    hs = headings(o)
    for h in ("Setting the Scene", "Leadership Markers Seen in Moses", "Echoes Through Scripture",
              "Lessons for Us Today"):
        assert h in hs
    assert any(h.startswith("Depth of Moses") for h in hs)
    echoes = o.sections[hs.index("Echoes Through Scripture")]
    refs = [p.ref.canonical if hasattr(p.ref, "canonical") else p.ref.display for p in echoes.points]
    books = [p.ref.book for p in echoes.points]
    assert books == ["Psalms", "Deuteronomy", "Numbers", "Isaiah"], refs
    quotes = [i for s in o.sections for i, _ in walk_points(s.points) if isinstance(i, Quote)]
    assert any(q.ref.ranges[0] == VerseRange("Exodus", 32, 32, 32, 32) for q in quotes)
    assert all(q.translation for q in quotes)


def test_let_me_alone_numbered_implications_with_children():
    o = load("let-me-alone.yaml")
    implications = next(s for s in o.sections if plain_text(s.heading).startswith("Implications"))
    assert implications.numbering == "decimal"
    assert len(implications.points) == 5
    assert all(isinstance(p, Point) and p.points for p in implications.points)


def test_blot_me_out_key_verse_and_steps():
    o = load("blot-me-out.yaml")
    kv = o.key_verse
    assert kv.ref.ranges == (VerseRange("Exodus", 32, 32, 32, 32),)
    assert kv.text and kv.translation
    hs = headings(o)
    steps = o.sections[next(i for i, h in enumerate(hs) if h.startswith("Practical Ways to Intercede"))]
    assert steps.numbering == "decimal" and len(steps.points) == 5
    assert all(p.points for p in steps.points)
    assert "Living It Out This Week" in hs


def test_great_sin_prose_and_related_reading():
    o = load("great-sin.yaml")
    assert sum(len(s.text) for s in o.sections) >= 3
    related = next(s for s in o.sections if "Related" in plain_text(s.heading))
    assert [p.ref.ranges[0].start_chapter for p in related.points] == [32, 32, 16, 25]
    assert count_points(o) >= 4


def test_list_command_counts(tmp_path):
    result = CliRunner().invoke(main, ["list", str(OUTLINES)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["FILE", "TITLE", "PASSAGE", "SECTIONS", "POINTS", "BLANKS"]
    assert len(lines) == 8  # the heading and seven outlines
    row = next(line for line in lines if "two-cycles.yaml" in line)
    o = load("two-cycles.yaml")
    assert row.split()[-3:] == [str(len(o.sections)), str(count_points(o)), str(len(outline_blanks(o)))]
    assert "Exodus 32:7–35" in row
