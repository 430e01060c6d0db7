"""`outline-export validate` on bad input: exact messages, positions and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export.cli import main

GOOD = """\
title: Test
passage: Exodus 32:7-14
sections:
  - heading: One
    points:
      - A ___blank___ here
"""


def run(tmp_path: Path, text: str | bytes, name: str = "o.yaml"):
    f = tmp_path / name
    if isinstance(text, bytes):
        f.write_bytes(text)
    else:
        f.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(f)])
    lines = [line.replace(str(f), "F") for line in result.stderr.splitlines()]
    return result.exit_code, lines


def first(tmp_path, text, name="o.yaml"):
    code, lines = run(tmp_path, text, name)
    assert code == 1, lines
    assert "Traceback" not in "\n".join(lines)
    return lines[0]


def test_valid_file_exits_0(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text(GOOD)
    result = CliRunner().invoke(main, ["validate", str(f)])
    assert result.exit_code == 0
    assert result.stdout.strip() == "1 outline valid (checked with outline-export.toml)."


def test_yaml_syntax_error_with_bracket_hint(tmp_path):
    text = "title: Test\nsections:\n  - heading: [Draft] The calf\n"
    assert first(tmp_path, text) == (
        "F:3:14: YAML syntax error: did not find expected key; a value that begins with '[' "
        "is read as a list: put the whole text in double quotes: - heading: \"[Draft] The calf\""
    )


def test_list_where_text_belongs_hints_to_quote(tmp_path):
    text = "title: Test\nsections:\n  - heading: [Draft]\n"
    assert first(tmp_path, text) == (
        "F:3:14: 'heading' must be text, not a list; a value that begins with '[' is read as a list: "
        "quote this value (put it in double quotes)"
    )


def test_mapping_where_text_belongs(tmp_path):
    text = "title:\n  main: Test\nsections:\n  - heading: One\n"
    assert first(tmp_path, text) == "F:2:3: 'title' must be text, not a mapping (key: value pairs)"


def test_star_at_start_is_an_alias_hint(tmp_path):
    text = "title: Test\nsections:\n  - heading: *Grace* alone\n"
    assert first(tmp_path, text) == (
        "F:3:14: YAML syntax error: did not find expected alphabetic or numeric character; a value that "
        "begins with '*' is read as a YAML alias: put the whole text in double quotes: - heading: \"*Grace* alone\""
    )


def test_unknown_key_did_you_mean(tmp_path):
    text = "title: Test\nsections:\n  - heading: One\n    heding: Two\n"
    assert first(tmp_path, text) == "F:4:5: unknown key 'heding' in a section; did you mean 'heading'?"


def test_unknown_key_lists_keys_when_nothing_is_close(tmp_path):
    text = "title: Test\nzzz: 1\nsections:\n  - heading: One\n"
    line = first(tmp_path, text)
    assert line.startswith("F:2:1: unknown key 'zzz' in the outline; keys allowed in the outline: title, subtitle")


def test_missing_required_keys_all_reported(tmp_path):
    text = "subtitle: x\n"
    code, lines = run(tmp_path, text)
    assert code == 1
    assert lines[:2] == ["F:1:1: an outline needs 'title'", "F:1:1: an outline needs 'sections'"]
    assert lines[-1] == "2 problems in 1 of 1 file; 0 valid (checked with outline-export.toml)."


def test_empty_sections(tmp_path):
    assert first(tmp_path, "title: T\nsections: []\n") == "F:2:11: 'sections' is empty; an outline needs at least one section"


def test_section_without_heading(tmp_path):
    assert first(tmp_path, "title: T\nsections:\n  - points: [a]\n") == "F:3:5: a section needs 'heading'"


def test_unclosed_blank_position(tmp_path):
    text = "title: T\nsections:\n  - heading: One\n    points:\n      - God is ___merciful and just\n"
    assert first(tmp_path, text) == (
        "F:5:16: the blank opened by '___' is never closed: end the answer with ___ "
        "(or put a space after ___ for a free-writing blank)"
    )


def test_lone_double_star(tmp_path):
    text = 'title: "Grace ** alone"\nsections:\n  - heading: One\n'
    assert first(tmp_path, text) == (
        "F:1:15: '**' starts bold text that is never closed: close it with ** or write \\*\\* for literal asterisks"
    )


def test_unclosed_emphasis_in_block_scalar_points_at_its_line(tmp_path):
    text = "title: T\nsections:\n  - heading: One\n    text: |\n      First line is fine.\n      Second has *oops here.\n"
    assert first(tmp_path, text).startswith("F:6:18: '*' starts italic text that is never closed")


def test_unknown_book(tmp_path):
    text = "title: T\npassage: Exodos 32:1\nsections:\n  - heading: One\n"
    line = first(tmp_path, text)
    assert line.startswith("F:2:10: unknown book 'Exodos'")
    assert "did you mean 'Exodus'?" in line


def test_verse_out_of_range(tmp_path):
    text = "title: T\npassage: Exodus 32:36\nsections:\n  - heading: One\n"
    line = first(tmp_path, text)
    assert line.startswith("F:2:")
    assert "Exodus 32 has 35 verses" in line


def test_chapter_out_of_range(tmp_path):
    text = "title: T\nsections:\n  - heading: One\n    ref: Exodus 41:1\n"
    line = first(tmp_path, text)
    assert line.startswith("F:4:")
    assert "Exodus has 40 chapters" in line


def test_relative_ref_checked_against_passage(tmp_path):
    text = "title: T\npassage: Exodus 32:7-14\nsections:\n  - heading: One\n    points:\n      - text: x\n        ref: '40'\n"
    line = first(tmp_path, text)
    assert line.startswith("F:7:")
    assert "35 verses" in line


def test_bad_numbering_minutes_date_audience(tmp_path):
    text = (
        "title: T\ndate: 2026-02-30\nnumbering: roman\nsections:\n  - heading: One\n"
        "    minutes: ten\n    audience: Youth Group\n"
    )
    code, lines = run(tmp_path, text)
    assert code == 1
    assert lines[0] == "F:2:7: date '2026-02-30' is not a real date written YYYY-MM-DD, like 2026-03-01"
    assert lines[1] == "F:3:12: numbering 'roman' is not one of: outline, decimal, bullets, none"
    assert lines[2] == "F:6:14: minutes must be a number like 8 or 7.5 (or minutes:seconds like 7:30), not 'ten'"
    assert lines[3] == ("F:7:15: audience 'Youth Group' is not a name: use lowercase words like 'youth' "
                        "or 'small-groups'")


def test_every_problem_in_every_file_is_reported(tmp_path):
    (tmp_path / "a.yaml").write_text("title: A\nsections: []\n")
    (tmp_path / "b.yml").write_text("title: B\nsections:\n  - heading: One\n    hedding: x\n    minutes: -1\n")
    (tmp_path / "c.yaml").write_text(GOOD)
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    err = result.stderr.splitlines()
    assert len(err) == 4, err
    assert err[-1] == "3 problems in 2 of 3 files; 1 valid (checked with outline-export.toml)."


def test_empty_file(tmp_path):
    assert first(tmp_path, "") == (
        "F: the file is empty; an outline needs at least 'title:' and 'sections:' (see docs/format.md)"
    )


def test_comments_only(tmp_path):
    assert first(tmp_path, "# nothing yet\n") == "F:1:1: the file has only comments; an outline needs 'title:' and 'sections:'"


def test_binary_file(tmp_path):
    assert first(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == "F: this is a binary file, not a YAML outline"


def test_not_utf8(tmp_path):
    assert first(tmp_path, "title: Caf\xe9\nsections: []\n".encode("latin-1")) == (
        "F:1:11: the file is not UTF-8 text (byte 0xe9 cannot be read); save it as UTF-8 in your editor"
    )


def test_top_level_list(tmp_path):
    assert first(tmp_path, "- title: T\n") == (
        "F:1:1: the top level is a list; an outline starts with keys like 'title:' and 'sections:'"
    )


def test_two_documents(tmp_path):
    assert first(tmp_path, "title: A\n---\ntitle: B\n") == (
        "F:2:1: the file holds more than one YAML document ('---'); keep one outline per file"
    )


def test_tab_indentation(tmp_path):
    line = first(tmp_path, "title: T\nsections:\n\t- heading: One\n")
    assert line == ("F:3:1: YAML syntax error: found character that cannot start any token; indent with spaces, "
                    "not tabs: start this line with 2 spaces, to go under 'sections:' on line 2")
    line = first(tmp_path, "title: T\nsections:\n  - heading: One\n\tref: Luke 15:17-24\n")
    assert line == ("F:4:1: YAML syntax error: found a tab character that violates indentation; indent with "
                    "spaces, not tabs: start this line with 4 spaces, to line it up with 'heading:' on line 3")


def test_huge_file(tmp_path):
    line = first(tmp_path, b"title: T\n" + b"# filler\n" * 1_200_000)
    assert line == "F: the file is 10.3 MB; outlines are limited to 5 MB (is this really an outline?)"


def test_absurd_nesting_does_not_crash(tmp_path):
    line = first(tmp_path, "title: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert line == "F:1:1: the file nests more than 200 levels deep; this is not an outline"


def test_deep_points_limit(tmp_path):
    text = "title: T\nsections:\n  - heading: One\n    points:\n"
    indent = "      "
    for i in range(14):
        text += f"{indent}- text: level {i}\n{indent}  points:\n"
        indent += "    "
    text += f"{indent}- leaf\n"
    assert "points nest more than 12 levels deep here" in first(tmp_path, text)


def test_missing_file_and_empty_folder(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope.yaml"), str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}: no such file or folder" in result.stderr
    assert f"{tmp_path}: no outline files (*.yaml, *.yml) in this folder" in result.stderr


def test_values_stay_text(tmp_path):
    from outline_export.loader import load_text
    from outline_export.model import plain_text

    o = load_text(
        "title: no\nspeaker: yes\ndate: 2026-03-01\nsubtitle: 1:30\nsections:\n  - heading: off\n    minutes: '1:30'\n",
        "x.yaml",
    )
    assert plain_text(o.title) == "no"
    assert o.speaker == "yes"
    assert o.date == "2026-03-01"
    assert plain_text(o.subtitle) == "1:30"
    assert plain_text(o.sections[0].heading) == "off"
    assert o.sections[0].minutes == 1.5


def test_no_traceback_and_no_heavy_imports_in_a_fresh_process(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text("title: T\nsections:\n  - heading: [x\n")
    code = (
        "import sys\n"
        "from outline_export.cli import main\n"
        f"sys.argv = ['outline-export', 'validate', {str(f)!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        "    heavy = [m for m in sys.modules if m.split('.')[0] in ('docx', 'reportlab', 'lxml')]\n"
        "    print('HEAVY', heavy, 'CODE', e.code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Traceback" not in out.stderr
    assert "HEAVY [] CODE 1" in out.stdout


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_do_not_import_backends(args):
    code = (
        "import sys\nfrom outline_export.cli import main\n"
        f"sys.argv = ['outline-export'] + {args!r}\n"
        "try:\n    main()\nexcept SystemExit:\n"
        "    print('HEAVY', [m for m in sys.modules if m.split('.')[0] in ('docx', 'reportlab')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in out.stdout


def test_misspelt_quote_key_suggests_quote_once(tmp_path):
    text = 'title: T\nsections:\n  - heading: One\n    points:\n      - qoute: "In the beginning"\n'
    code, lines = run(tmp_path, text)
    assert code == 1
    assert lines == ["F:5:9: unknown key 'qoute' in a point; did you mean 'quote'?",
                     "1 problem in 1 of 1 file; 0 valid (checked with outline-export.toml)."]


def test_empty_value(tmp_path):
    text = "title: T\nsections:\n  - heading: One\nquestions:\n  - text:\n"
    assert first(tmp_path, text) == "F:5:5: 'text' is empty; give it a value or remove the key"


def test_ten_typical_mistakes_all_reported_at_once(tmp_path):
    text = (
        "title: The Shepherd's Care\n"
        "passage: Psalm 23\n"
        "date: 2026-13-01\n"
        "big_idea: The LORD is my ___shepherd, so I lack nothing.\n"
        "numbering: outlines\n"
        "sections:\n"
        "  - heading: He provides\n"
        "    minutes: five\n"
        "    point:\n"
        "      - Green pastures\n"
        "  - heading: He leads\n"
        "    ref: Psalm 23:7\n"
        "    points:\n"
        "      - text: Through the valley\n"
        "        notes: Tell the story of the hike.\n"
        "      - text: He prepares a table **before my enemies\n"
        "  - heading: He stays\n"
        "    audience: Young Adults\n"
        "    points:\n"
        "      - Goodness and mercy *follow me\n"
    )
    code, lines = run(tmp_path, text)
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        "F:3:7", "F:4:26", "F:5:12", "F:8:14", "F:9:5", "F:12:19", "F:15:9", "F:16:35", "F:18:15", "F:20:28",
    ]
    assert lines[-1] == "10 problems in 1 of 1 file; 0 valid (checked with outline-export.toml)."
