"""`outline-export import` of plain text: each fixture shape through the real command, the YAML it
writes read back (it must validate), its levels, references, blanks, metadata and questions
asserted, and nothing of the input lost. Then the command itself: where it writes, refusing to
overwrite, --force, -o, the report lines, the exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from outline_export.cli import main
from outline_export.importer import build, emit
from outline_export.importer.lines import Line
from outline_export.loader import load_text

sys.path.insert(0, str(Path(__file__).parent))
from import_check import words_missing  # noqa: E402

FIXTURES = Path(__file__).parent / "import_fixtures"
TXT = sorted(FIXTURES.glob("*.txt"))


def run(*args, cwd: Path):
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=cwd):
        pass
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def imported(tmp_path: Path, name: str):
    """Import one fixture with the command; (the YAML as data, its text, the outline, the result)."""
    src = tmp_path / name
    src.write_bytes((FIXTURES / name).read_bytes())
    result = run("import", name, "-o", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / (Path(name).stem + ".yaml")
    text = out.read_text(encoding="utf-8")
    return yaml.safe_load(text), text, load_text(text, str(out)), result


@pytest.mark.parametrize("fixture", TXT, ids=[p.name for p in TXT])
def test_every_fixture_validates_and_loses_nothing(tmp_path, fixture):
    data, text, outline, _ = imported(tmp_path, fixture.name)
    assert outline.sections
    assert words_missing(fixture.read_text(encoding="utf-8"), text) == []
    assert (tmp_path / fixture.name).read_bytes() == fixture.read_bytes()  # the input is never modified


def test_roman_outline_with_introduction(tmp_path):
    data, _, outline, _ = imported(tmp_path, "roman-with-introduction.txt")
    assert data["numbered_sections"] is True
    assert data["passage"] == "Exodus 32:7-14"
    assert data["introduction"].startswith("1. We all know")
    first, second = data["sections"]
    assert first["heading"] == "First Cycle: God shows Moses the sin" and first["ref"] == "32:7-10"
    a = first["points"][0]
    assert a["text"] == "The people have corrupted themselves" and a["ref"] == "7"
    letters = a["points"][1]["points"]
    assert len(letters) == 9 and letters[-1] == "They grieved Moses as well"  # i. after h. is a letter
    assert [p for p in first["points"][1]["points"]] == ["A stubborn ox will not turn", "A stubborn people will not listen"]
    plagues = second["points"][0]["points"][1]["points"][0]
    assert plagues["points"] == ["Over the river", "Over the sun", "Over the firstborn"]  # i. under a.: roman
    assert second["points"][0]["points"][0] == "God brought them out of Egypt"  # 1) a level of its own


def test_letters_under_a_heading_and_lines_that_are_not_items(tmp_path):
    data, _, _, _ = imported(tmp_path, "letters-under-heading.txt")
    assert data["subtitle"] == "A lesson for the youth group"
    headings = [s["heading"] for s in data["sections"]]
    assert headings == ["Opening", "Divine Judgment", "Divine Mercy"]
    judgment = data["sections"][1]
    assert judgment["text"] == "Divine judgment is:"
    assert [p if isinstance(p, str) else p["text"] for p in judgment["points"]] == [
        "Deserved, because the people chose the calf", "Announced before it falls",
        "Never the last word for those who repent"]
    assert judgment["points"][1]["detail"] == "(This is why Moses has time to pray.)"
    mercy = data["sections"][2]
    assert mercy["points"][0]["points"] == ["Moses asks", "God relents"]
    assert mercy["points"][1]["detail"].startswith("Abraham, Isaac and Israel")
    assert mercy["closing"] == "We close by thanking God that Jesus prays for us still."


def test_references_in_every_dress(tmp_path):
    data, _, outline, result = imported(tmp_path, "references-in-every-dress.txt")
    points = data["sections"][0]["points"]
    refs = [p.get("ref") if isinstance(p, dict) else None for p in points]
    assert refs == ["Romans 1:16-17", "Romans 1:18 – 32", "vv 24-25", "vs 20", "Romans 2", "Luke 15:11-16",
                    "Romans 9:3", "Psalm 106:23", "Exodus 32:20, 27-28", None]
    assert points[2]["text"] == "The truth is exchanged for a lie"
    assert points[-1] == "The king of Gath is not in the Bible (Hezekiah 3:4)"
    assert "references-in-every-dress.txt:15: check: 'Hezekiah 3:4' looks like a reference" in result.output
    resolved = [p.ref.canonical for p in outline.sections[0].points if getattr(p, "ref", None)]
    assert resolved[2] == "Romans 1:24–25" and resolved[3] == "Romans 1:20"  # bare verses against the passage


def test_web_page_paste_debris_blanks_and_questions(tmp_path):
    data, text, _, result = imported(tmp_path, "web-page-paste.txt")
    assert data["title"] == "Standing in the Gap" and data["subtitle"] == "Intercession in Exodus 32"
    assert data["questions"] == ["Who has prayed for you when you could not pray?",
                                 "Whom will you stand in the gap for this week?",
                                 "What keeps us from praying for people who hurt us?"]
    fill = data["sections"][0]["points"][2]
    assert fill == "Fill in: intercession is ___costly___ love, written on a line ___ like this"
    assert data["sections"][0]["numbering"] == "bullets"
    for debris in ("Skip to content", "Share this", "Back to top", "Print", "Accept all cookies"):
        assert f"dropped web page debris: '{debris}'" in result.output
        assert not any(debris in str(s) for s in data["sections"])
    assert text.startswith("# imported by outline-export")


def test_metadata_lines(tmp_path):
    data, _, outline, _ = imported(tmp_path, "metadata-lines.txt")
    assert (data["passage"], data["speaker"], data["series"], str(data["date"])) == (
        "Exodus 32:7-35", "Pastor Sam Lee", "Exodus: A People Rescued", "2026-03-01")
    assert data["big_idea"].startswith("Real intercession sees sin")
    assert [s["heading"] for s in data["sections"]] == ["First Cycle", "Second Cycle"]
    assert data["sections"][0]["points"][0] == {"text": "God names the sin for what it is", "ref": "7-10"}
    assert outline.sections[0].points[0].ref.canonical == "Exodus 32:7–10"
    assert len(data["questions"]) == 2


def test_seeds(tmp_path):
    data, _, _, _ = imported(tmp_path, "seed-bullets-under-headings.txt")
    assert data["title"] == "Moses' plea: leadership & God bond?"
    scene = data["sections"][0]
    assert scene["heading"] == "Setting the Scene" and scene["points"][0]["ref"] == "Exodus 32:30"
    assert scene["points"][0]["quote"].startswith("‘You have committed a great sin.")
    echoes = next(s for s in data["sections"] if s["heading"] == "Echoes Through Scripture")
    assert echoes["numbering"] == "none" and echoes["points"][0]["ref"] == "Psalm 106:23"

    data, _, _, _ = imported(tmp_path, "seed-key-verse.txt")
    assert data["key_verse"]["ref"] == "Exodus 32:32" and data["key_verse"]["text"].startswith("Yet now")
    practical = next(s for s in data["sections"] if s["heading"].startswith("Practical Ways"))
    assert practical["points"][0]["text"] == "Identify the need"  # 1. with a bullet under it
    assert practical["points"][0]["points"][0]["ref"] == "John 16:8"

    data, _, _, _ = imported(tmp_path, "seed-roman-no-headings.txt")
    assert data["numbered_sections"] is True and len(data["sections"]) == 2
    b = data["sections"][0]["points"][1]
    assert b["ref"] == "11–14" and b["points"][0]["ref"] == "11" and b["points"][0]["detail"].startswith("It was God")

    data, _, _, _ = imported(tmp_path, "seed-numbers-and-bullets.txt")
    implications = data["sections"][2]
    assert implications["points"][0]["text"] == "God Recognizes Moses as a Mediator"
    assert implications["points"][0]["points"][0].startswith("The command assumes")
    assert implications["heading"] == "Implications for Moses’ Intercessory Role"


def test_builder_takes_levels_from_the_structure():
    lines = [Line("Title", 1, "title"), Line("Part one", 2, "heading", 1),
             Line("Top", 3, "item", 0, "1.", "decimal"), Line("Under (Exodus 32:11)", 4, "item", 1, "a.", "decimal"),
             Line("Top again", 5, "item", 0, "2.", "decimal")]
    data = yaml.safe_load(emit.yaml_text(build.build(lines, [], "x.docx")))
    points = data["sections"][0]["points"]
    assert data["sections"][0]["numbering"] == "decimal"
    assert points[0]["points"] == [{"text": "Under", "ref": "Exodus 32:11"}] and points[1] == "Top again"


@pytest.mark.parametrize("tricky", ["a: b", "x #y", "- lead", "**bold** start", "&anchor", "!tag", "{brace", "[br",
                                    '"q"', "'s", "@at", "%p", "yes", "No", "on", "off", "123", "1.5", "2026-03-01",
                                    "null", "~", "?q", "|pipe", ">gt", "#hash", "tab\there"])
def test_tricky_strings_survive(tricky):
    lines = [Line(tricky, 1, "title"), Line(tricky, 2, "heading", 1), Line(tricky, 3, "item", 0, "•", "bullets")]
    text = emit.yaml_text(build.build(lines, [], "x.md"))
    outline = load_text(text, "x.yaml")
    data = yaml.safe_load(text)
    assert data["title"] == tricky and data["sections"][0]["heading"] == tricky
    assert outline.sections


def test_command_default_folder_refuses_overwrite_and_force(tmp_path):
    (tmp_path / "My Sermon (final).txt").write_text("A Title\n\nPart\n\n1. One\n2. Two\n", encoding="utf-8")
    r = run("import", "My Sermon (final).txt", cwd=tmp_path)
    assert r.exit_code == 0, r.output
    target = tmp_path / "outlines" / "my-sermon-final.yaml"
    assert "outlines/my-sermon-final.yaml" in r.stdout
    assert "My Sermon (final).txt:1: title from the first line" in r.output
    before = target.read_bytes()
    target.write_text("title: mine\nsections: [{heading: x}]\n", encoding="utf-8")
    r = run("import", "My Sermon (final).txt", cwd=tmp_path)
    assert r.exit_code == 1
    assert "outlines/my-sermon-final.yaml is already there; use --force to write over it" in r.output
    assert target.read_text(encoding="utf-8").startswith("title: mine")
    r = run("import", "My Sermon (final).txt", "--force", cwd=tmp_path)
    assert r.exit_code == 0 and target.read_bytes() == before


def test_command_exit_codes(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    r = run("import", "notes.pdf", cwd=tmp_path)
    assert r.exit_code == 2 and "import reads .txt, .md, .markdown, .docx files" in r.output
    r = run("import", "missing.txt", cwd=tmp_path)
    assert r.exit_code == 1 and "missing.txt: no such file" in r.output and "Traceback" not in r.output
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00\xd8garbage")
    r = run("import", "binary.txt", "-o", "o", cwd=tmp_path)
    assert r.exit_code in (0, 1) and "Traceback" not in r.output
    assert not list((tmp_path / "o").glob(".*.part")) if (tmp_path / "o").exists() else True


def test_deeper_than_an_outline_nests_is_kept_at_the_deepest_level(tmp_path):
    markers = ["I.", "A.", "1.", "a.", "i.", "(1)", "(a)", "(i)", "1)", "a)", "•", "-", "*", "–"]
    body = "\n".join(f"{m} item {n}" for n, m in enumerate(markers))
    (tmp_path / "deep.txt").write_text(f"Deep\n\nPart\n\n{body}\n", encoding="utf-8")
    r = run("import", "deep.txt", "-o", "out", cwd=tmp_path)
    assert r.exit_code == 0, r.output
    assert "deep.txt:18: check: nested 13 levels deep; kept at level 12" in r.output
    data = yaml.safe_load((tmp_path / "out" / "deep.yaml").read_text(encoding="utf-8"))
    node, depth = data["sections"][0]["points"][0], 1
    while isinstance(node, dict) and node.get("points"):
        last = node
        node, depth = node["points"][0], depth + 1
    assert depth == 12 and last["points"] == ["item 11", "item 12", "item 13"]
    assert "numbering" not in last  # the bullets' scheme is set once, on the item above the first bullet
    assert (tmp_path / "out" / "deep.yaml").read_text(encoding="utf-8").count("numbering: bullets") == 1


def test_builder_places_speaker_notes_minutes_and_audiences():
    lines = [Line("Title", 1, "title"), Line("Part one", 2, "heading", 1, audience=("youth",)),
             Line("8", 3, "meta", key="minutes"), Line("Say it slowly.", 4, "note"),
             Line("Top", 5, "item", 0, "•", "bullets", audience=("youth", "leaders")), Line("Pause here.", 6, "note")]
    text = emit.yaml_text(build.build(lines, [], "x.md"))
    outline = load_text(text, "x.yaml")
    section = yaml.safe_load(text)["sections"][0]
    assert (section["minutes"], section["audience"], section["note"]) == (8, "youth", "Say it slowly.")
    assert section["points"][0] == {"text": "Top", "audience": ["youth", "leaders"], "note": "Pause here."}
    assert outline.sections[0].points[0].audience


def test_a_reference_glued_after_a_dash_moves_into_ref(tmp_path):
    (tmp_path / "dashes.txt").write_text(
        "The Golden Calf\nText: Exodus 32:1-14\n\nThe Sin\n\n"
        "I. God sees it - 32:7-10\nA. He is angry — 32:10\nII. Moses prays – Romans 1:18\n", encoding="utf-8")
    result = run("import", "dashes.txt", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "dashes.yaml").read_text(encoding="utf-8")
    load_text(text, "dashes.yaml")
    sees, prays = yaml.safe_load(text)["sections"][0]["points"]
    assert (sees["text"], sees["ref"], sees["points"]) == ("God sees it", "32:7-10", [{"text": "He is angry", "ref": "32:10"}])
    assert (prays["text"], prays["ref"]) == ("Moses prays", "Romans 1:18")
    assert words_missing((tmp_path / "dashes.txt").read_text(encoding="utf-8"), text) == []


def test_a_reference_after_a_dash_leaves_a_roman_section_heading(tmp_path):
    # no line stands alone: the I., II. items are the sections, and their references are taken out
    (tmp_path / "sections.txt").write_text(
        "The Golden Calf\nText: Exodus 32:1-14\n\nThe Sin\nI. God sees it - 32:7-10\nA. He is angry\n"
        "II. Moses prays — 32:11-14\nA. for God's name\n", encoding="utf-8")
    result = run("import", "sections.txt", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "out" / "sections.yaml").read_text(encoding="utf-8"))
    assert [(s["heading"], s["ref"]) for s in data["sections"]] == [("God sees it", "32:7-10"), ("Moses prays", "32:11-14")]


def test_nothing_lost_reads_a_references_numbers():
    # "(vv. 11-14)" resolved to "Exodus 32:11–14" keeps its verses; a verse that is not there is missing
    assert words_missing("Moses pleads (vv. 11-14)", "text: Moses pleads\nref: Exodus 32:11–14\n") == []
    assert words_missing("God relents (v. 14)", "text: God relents\nref: Exodus 32:14\n") == []
    assert words_missing("Moses pleads (vv. 11-15)", "text: Moses pleads\nref: Exodus 32:11–14\n") == ["15"]
    assert words_missing("He acts (32:20, 27-28)", "text: He acts\nref: '32:20'\n") == ["27", "28"]


def test_speaker_notes_at_the_top_and_a_heading_starting_with_by_are_not_speakers(tmp_path):
    """"Speaker Notes" heads many pastors' files, and "By Grace Alone" is a heading: neither names
    a speaker; "Speaker: ..." and "By Pastor ..." do."""
    from outline_export.importer import import_file
    from outline_export.loader import load_text

    source = tmp_path / "grace.txt"
    source.write_text("Saved by Grace\nSpeaker Notes\n\nBy Grace Alone\n\n- We are saved by grace (Ephesians 2:8)\n"
                      "- Not by works (Ephesians 2:9)\n", encoding="utf-8")
    text, _ = import_file(source)
    outline = load_text(text, str(tmp_path / "grace.yaml"))
    assert outline.speaker is None
    assert [o for o in text.splitlines() if o.startswith("speaker")] == []
    assert "By Grace Alone" in [s.heading[0].text for s in outline.sections]
    source.write_text("Saved by Grace\nBy Pastor Sam Lee\n\nBy Grace Alone\n\n- We are saved by grace\n", encoding="utf-8")
    assert load_text(import_file(source)[0], str(tmp_path / "grace.yaml")).speaker == "Pastor Sam Lee"


def test_word_joiners_in_references_do_not_keep_them_in_the_text():
    """This tool's own Word and PDF files put an invisible word joiner after a reference's dash."""
    from outline_export.importer.build import build
    from outline_export.importer.emit import yaml_text
    from outline_export.importer.lines import Line
    from outline_export.loader import load_text

    lines = [Line("Title", 1, kind="title"), Line("Section", 2, kind="heading", level=1),
             Line("God sees it (Exodus 32:7–\u206010)", 3, kind="item", level=0, marker="•", numbering="bullets")]
    outline = load_text(yaml_text(build(lines, [], "x.docx")), "x.yaml")
    point = outline.sections[0].points[0]
    assert point.ref is not None and point.ref.display.startswith("Exodus 32:7")
    assert "\u2060" not in point.text[0].text
