"""Limits on what an outline (and the settings file) can expand to, and values `validate` used to
accept that `render` could not write: each with the smallest input that shows it, through the
real command line (`validate` and `render`), asserting on exit codes, messages and written files.
Hostile inputs are made here, at test time."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export.cli import main

ROOT = Path(__file__).resolve().parents[1]


def cli(tmp_path: Path, *args: str, env: dict | None = None):
    """Run the command line in ``tmp_path`` (no settings file there or above it but what a test
    writes); (exit code, stderr lines with the folder shown as 'F/')."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, list(args), env=env)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    text = result.stderr.replace(str(tmp_path) + os.sep, "F/")
    assert "Traceback" not in text
    return result.exit_code, text.splitlines()


def outline(tmp_path: Path, text: str, name: str = "o.yaml") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def refused(tmp_path: Path, text: str, env: dict | None = None) -> list[str]:
    """The problems `validate` prints for ``text``; `render` prints the same and writes nothing."""
    outline(tmp_path, text)
    code, lines = cli(tmp_path, "validate", "o.yaml", env=env)
    assert code == 1, lines
    problems = [ln for ln in lines if ln.startswith("o.yaml")]
    code, rendered = cli(tmp_path, "render", "o.yaml", "--output", "out", env=env)
    assert code == 1, rendered
    assert [ln for ln in rendered if ln.startswith("o.yaml")] == problems
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))
    return problems


def rendered(tmp_path: Path, text: str, env: dict | None = None) -> dict[str, Path]:
    """`validate` passes ``text`` and `render` writes every format: {suffix: the handout}."""
    outline(tmp_path, text)
    code, lines = cli(tmp_path, "validate", "o.yaml", env=env)
    assert code == 0, lines
    code, lines = cli(tmp_path, "render", "o.yaml", "--output", "out", "-k", "handout",
                      "-f", "docx", "-f", "pdf", "-f", "md", "--set", "defaults.detail=full", env=env)
    assert code == 0, lines
    files = {f.suffix: f for f in (tmp_path / "out").rglob("*handout*")}
    assert set(files) == {".docx", ".pdf", ".md"}, sorted((tmp_path / "out").rglob("*"))
    return files


def capped(args: list[str], cwd: Path, megabytes: int = 1024) -> subprocess.CompletedProcess:
    """The command line in a child process whose address space is capped (a runaway expansion
    ends in MemoryError there, not on the machine); ``timeout`` only guards against a hang."""
    import resource

    def limit():
        cap = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "outline_export", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, preexec_fn=limit, timeout=300)


# ---------------------------------------------------------------- YAML anchors and aliases

def laughs(levels: int = 9, under: str = "text") -> str:
    """Aliases of aliases under ``under:``: nine copies of the level below at each level, about
    600 bytes standing for 9**9 strings (a gigabyte and more)."""
    lines = ["title: T", "sections:", "  - heading: H", f"    {under}:", "      - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"      - &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_under_text_is_refused_in_a_capped_process(tmp_path):
    (tmp_path / "o.yaml").write_text(laughs())
    assert len(laughs()) < 700
    for command in ("validate", "render"):
        done = capped([command, "o.yaml"], tmp_path)
        assert done.returncode == 1, done.stderr[-2000:]
        assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr
        first = done.stderr.splitlines()[0]
        assert first == ("o.yaml:5:9: '&a0' is a YAML anchor: YAML copies this value to each '*a0' (9 places, "
                         "the first on line 6); outlines do not use YAML anchors and aliases: write each part "
                         "out where it belongs")
    assert not (tmp_path / "output").exists()


def test_alias_bomb_of_points_is_refused_at_its_anchors(tmp_path):
    # each level holds ten copies of the level below: 10**7 points from a 2 kB file
    bomb = "title: T\nsections:\n  - heading: S0\n    points: &p0 [a, b, c, d, e, f, g, h, i, j]\n"
    for i in range(1, 8):
        copies = ", ".join([f"{{text: x, points: *p{i-1}}}"] * 10)
        bomb += f"  - heading: S{i}\n    points: &p{i} [{copies}]\n"
    problems = refused(tmp_path, bomb)
    assert problems[0].startswith("o.yaml:4:13: '&p0' is a YAML anchor: YAML copies this value to each '*p0' "
                                  "(10 places, the first on line 6)")
    assert len(problems) == 8  # one per anchor; the aliases are named in their anchor's line


def test_a_list_that_holds_itself(tmp_path):
    problems = refused(tmp_path, "title: T\nsections:\n  - heading: H\n    text: &a [x, *a]\n")
    assert problems == ["o.yaml:4:11: '&a' is a YAML anchor: YAML copies this value to each '*a' (line 4); "
                        "outlines do not use YAML anchors and aliases: write each part out where it belongs"]


def test_many_anchors_are_counted_not_listed(tmp_path):
    points = "".join(f"      - &n{i} point {i}\n" for i in range(25))
    problems = refused(tmp_path, "title: T\nsections:\n  - heading: H\n    points:\n" + points)
    assert len(problems) == 11
    assert problems[-1] == "o.yaml:15:9: 15 more YAML anchors from here on; outlines do not use them"


def test_an_anchor_in_text_is_named_with_the_quoted_fix(tmp_path):
    problems = refused(tmp_path, 'title: T\nsections:\n  - heading: &copy 2024 "Grace" Church\n')
    assert problems == ["o.yaml:3:14: '&copy' is read as a YAML anchor and left out of the text; if it belongs "
                        "to the text, put the whole value in double quotes: - heading: \"&copy 2024 \\\"Grace\\\" "
                        "Church\""]


def test_an_alias_with_no_anchor_beside_an_anchor(tmp_path):
    problems = refused(tmp_path, "title: &t T\nsections:\n  - heading: *Grace\n")
    assert problems[1] == ("o.yaml:3:14: '*Grace' is read as a YAML alias, but no value is marked '&Grace'; "
                           "if it belongs to the text, put the whole value in double quotes")


def test_ampersands_in_text_are_not_anchors(tmp_path):
    files = rendered(tmp_path, "title: Tom & Jerry &amp; friends\nsections:\n  - heading: \"&copy; H\"\n")
    assert files[".md"].read_text().startswith("# Tom & Jerry \\&amp; friends\n\n## \\&copy; H\n")


def test_literal_points_are_still_counted(tmp_path):
    points = "      - p\n" * 20_001
    problems = refused(tmp_path, "title: T\nsections:\n  - heading: H\n    points:\n" + points)
    assert problems == ["o.yaml:20004:9: the outline has more than 20,000 parts (sections, points, questions, "
                        "paragraphs and blanks); split it into several outlines"]


@pytest.mark.parametrize("body, at", [
    # a section and a point holding 19,997 blanks, a point (20,000 parts), and a point with one more blank
    ('    points:\n      - "' + "a ___b___ " * 19_997 + '"\n      - p\n      - "one ___more___"\n', "o.yaml:7:9"),
    # 10,000 sections of one point each (20,000 parts), then a section
    ("    points: [p]\n" + "  - heading: H\n    points: [p]\n" * 9_999 + "  - heading: H\n", "o.yaml:20003:5"),
    # a section, and 19,999 questions, then one more
    ("questions:\n" + "  - Why?\n" * 20_000, "o.yaml:20004:5"),
])
def test_sections_points_questions_paragraphs_and_blanks_share_one_budget(tmp_path, body, at):
    problems = refused(tmp_path, "title: T\nsections:\n  - heading: H\n" + body)
    assert problems == [f"{at}: the outline has more than 20,000 parts (sections, points, questions, "
                        "paragraphs and blanks); split it into several outlines"]


# ---------------------------------------------------------------- numbers too long for int()

def test_a_4301_digit_minutes(tmp_path):
    digits = "1" * 4301
    problems = refused(tmp_path, f"title: T\nsections:\n  - heading: H\n    minutes: {digits}\n")
    assert problems == [f"o.yaml:4:14: minutes must be more than 0 and at most 600, not {'1' * 38} … {'1' * 38}"]
    problems = refused(tmp_path, f"title: T\nsections:\n  - heading: H\n    minutes: \"{digits}:30\"\n")
    assert problems[0].startswith("o.yaml:4:14: minutes must be more than 0 and at most 600, not 111")


@pytest.mark.parametrize("ref,col", [("John 1111", 15), ("John 3:1111", 17), ("John 3 v 1111", 19)])
def test_a_4301_digit_reference(tmp_path, ref, col):
    text = f"title: T\npassage: {ref}{'1' * 4297}\nsections:\n  - heading: H\n"
    assert refused(tmp_path, text) == [
        f"o.yaml:2:{col}: '111111…' (4,301 digits) is not a chapter or verse number; no book has more than "
        "150 chapters or 176 verses"]


def test_a_seven_digit_verse_is_still_named(tmp_path):
    problems = refused(tmp_path, "title: T\npassage: John 3:1000000\nsections:\n  - heading: H\n")
    assert problems == ["o.yaml:2:17: '100000…' (7 digits) is not a chapter or verse number; no book has more "
                        "than 150 chapters or 176 verses"]


# ---------------------------------------------------------------- nesting

def test_a_block_scalar_indented_400_spaces_is_text_not_nesting(tmp_path):
    files = rendered(tmp_path, "title: T\nsections:\n  - heading: H\n    text: |\n" + " " * 410 + "far in\n")
    assert "far in" in files[".md"].read_text()


def test_deep_block_nesting_is_still_refused(tmp_path):
    deep = "".join(" " * i + "k:\n" for i in range(250))
    assert refused(tmp_path, "title: T\n" + deep) == [
        "o.yaml:1:1: the file nests more than 200 levels deep; this is not an outline"]


# ---------------------------------------------------------------- dates every writer can carry

def docx_dates(path: Path) -> tuple[set, str]:
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode()
        return {i.date_time for i in z.infolist()}, core


def test_a_date_after_2107_renders_with_the_zip_date_clamped(tmp_path):
    files = rendered(tmp_path, 'title: T\ndate: "2108-01-01"\nsections:\n  - heading: H\n')
    stamps, core = docx_dates(files[".docx"])
    assert stamps == {(2107, 12, 31, 23, 59, 58)}  # the latest a zip member can carry
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2108-01-01T00:00:00Z</dcterms:created>' in core
    assert "January 1, 2108" in files[".md"].read_text()


@pytest.mark.parametrize("date,stamp", [("0001-01-01", (1980, 1, 1, 0, 0, 0)), ("9999-12-31", (2107, 12, 31, 23, 59, 58))])
def test_the_first_and_last_dates_render(tmp_path, date, stamp):
    files = rendered(tmp_path, f'title: T\ndate: "{date}"\nsections:\n  - heading: H\n')
    stamps, core = docx_dates(files[".docx"])
    assert stamps == {stamp}
    assert f">{date}T00:00:00Z</dcterms:created>" in core
    assert files[".pdf"].read_bytes().startswith(b"%PDF")


def test_source_date_epoch_after_2107_renders(tmp_path):
    files = rendered(tmp_path, "title: T\nsections:\n  - heading: H\n", env={"SOURCE_DATE_EPOCH": "4354819200"})
    stamps, core = docx_dates(files[".docx"])
    assert stamps == {(2107, 12, 31, 23, 59, 58)}
    assert ">2108-01-01T00:00:00Z</dcterms:created>" in core


@pytest.mark.parametrize("value,shown", [
    ("253402300800", "'253402300800'"),  # the first second of year 10000
    ("-5", "'-5'"),
    ("1e9", "'1e9'"),
    ("9" * 5000, "'" + "9" * 20 + "…'"),
])
def test_source_date_epoch_out_of_range_is_a_usage_error(tmp_path, value, shown):
    outline(tmp_path, "title: T\nsections:\n  - heading: H\n")
    code, lines = cli(tmp_path, "render", "o.yaml", "--output", "out", env={"SOURCE_DATE_EPOCH": value})
    assert code == 2
    assert lines == [f"SOURCE_DATE_EPOCH: must be a whole number of seconds from 0 to 253402300799 (the end of "
                     f"9999), not {shown}"]
    assert not (tmp_path / "out").exists()


def test_the_last_second_of_9999_renders(tmp_path):
    files = rendered(tmp_path, "title: T\nsections:\n  - heading: H\n", env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert ">9999-12-31T23:59:59Z</dcterms:created>" in docx_dates(files[".docx"])[1]


# ---------------------------------------------------------------- Word's 255-character properties

def test_long_title_speaker_series_passage_and_label_fill_the_page_and_cut_the_properties(tmp_path):
    import re

    long = " ".join(f"word{i}" for i in range(60))  # 400 characters
    ref = "Psalm 119:" + ", ".join(str(i) for i in range(1, 176, 2))
    (tmp_path / "outline-export.toml").write_text(f'[audiences.youth]\nlabel = "Label {long} end"\n')
    outline(tmp_path, f'title: "Title {long} end"\nspeaker: "Speaker {long} end"\nseries: "Series {long} end"\n'
                      f'passage: "{ref}"\nsections:\n  - heading: H\n    points: [a point]\n')
    assert cli(tmp_path, "validate", "o.yaml")[0] == 0
    code, lines = cli(tmp_path, "render", "o.yaml", "-a", "youth", "-k", "handout", "-f", "docx", "-o", "out")
    assert code == 0, lines
    with zipfile.ZipFile(tmp_path / "out" / "youth" / "o-handout.docx") as z:
        core, body = z.read("docProps/core.xml").decode(), z.read("word/document.xml").decode()
    props = dict(re.findall(r"<(dc:title|dc:creator|dc:subject|cp:keywords)>([^<]*)<", core))
    full = {"dc:title": f"Title {long} end", "dc:creator": f"Speaker {long} end", "dc:subject": ref.replace(" ", " ")}
    for tag, value in props.items():
        assert 200 < len(value) <= 255 and value.endswith("…"), (tag, value)
        if tag in full:
            assert full[tag].startswith(value[:-1]), (tag, value)
    assert props["cp:keywords"].startswith(f"Series {long[:100]}")
    text = re.sub(r"<[^>]+>", "", body)
    assert f"Title {long} end" in text and "word59 end" in text  # the document's own text is whole


# ---------------------------------------------------------------- characters no document can hold

def test_a_control_character_from_an_escape_is_refused_at_the_escape(tmp_path):
    assert refused(tmp_path, 'title: "Grace\\aNotes"\nsections:\n  - heading: H\n') == [
        "o.yaml:1:14: '\\a' in double quotes stands for the control character U+0007, which a document cannot "
        "hold; remove it"]


@pytest.mark.parametrize("place,escape,where", [
    ('subtitle: "a\\x01b"', "\\x01", "2:13"),
    ('speaker: "a\\u0000"', "\\u0000", "2:12"),
    ('series: "\\e[1m"', "\\e", "2:10"),
    ('big_idea: "a\\vb"', "\\v", "2:13"),
    ('introduction: ["fine", "a\\bb"]', "\\b", "2:26"),
    ('questions: ["why\\f"]', "\\f", "2:17"),
    ('key_verse: {ref: John 3:16, text: "x\\U0000FFFE"}', "\\U0000FFFE", "2:37"),
    ('"odd\\akey": x', "\\a", "2:5"),
    ('sections:\n  - heading: H\n    points: ["a\\x1fb"]', "\\x1f", "4:16"),
])
def test_control_characters_are_refused_wherever_text_goes(tmp_path, place, escape, where):
    text = f"title: T\n{place}\n" + ("" if place.startswith("sections") else "sections:\n  - heading: H\n")
    problems = refused(tmp_path, text)
    assert f"o.yaml:{where}: '{escape}' in double quotes stands for " in "\n".join(problems)


def test_an_escaped_tab_and_backslashes_are_fine(tmp_path):
    # a backslash reaches the markup, where it makes the next character literal
    files = rendered(tmp_path, "title: \"a\\tb \\\\\\\\a\"\nsections:\n  - heading: 'C:\\\\app'\n")
    assert files[".md"].read_text().startswith("# a\tb \\\\a\n\n## C:\\\\app\n")


# ---------------------------------------------------------------- the settings file

def settings_refused(tmp_path: Path, toml: str | bytes) -> list[str]:
    f = tmp_path / "outline-export.toml"
    f.write_bytes(toml if isinstance(toml, bytes) else toml.encode())
    outline(tmp_path, "title: T\nsections:\n  - heading: H\n")
    for command in ("validate", "render"):
        code, lines = cli(tmp_path, command, "o.yaml", "-o", "out") if command == "render" else \
            cli(tmp_path, command, "o.yaml")
        assert code == 1, lines
        assert not (tmp_path / "out").exists()
    return [ln.replace("F/outline-export.toml", "S") for ln in lines if ln.startswith("F/outline-export.toml")]


def test_deeply_nested_toml_array(tmp_path):
    assert settings_refused(tmp_path, "[variables]\nx = " + "[" * 2000 + "]" * 2000 + "\n") == [
        "S:2:2004: arrays, inline tables or dotted keys nest too deep here for tomllib to read; settings nest "
        "two levels at most, like [audiences.youth]"]


def test_deeply_nested_toml_inline_table(tmp_path):
    problems = settings_refused(tmp_path, "[variables]\ny = " + "{a=" * 400 + "1" + "}" * 400 + "\n")
    assert problems[0].startswith("S:2:1202: arrays, inline tables or dotted keys nest too deep")


def test_a_4301_digit_number_in_the_settings(tmp_path):
    assert settings_refused(tmp_path, "[defaults]\nfont_size = " + "1" * 4301 + "\n") == [
        "S:2:13: this number has more than 4,300 digits; settings take small numbers, like font_size = 11"]


def test_a_huge_settings_file(tmp_path):
    assert settings_refused(tmp_path, b"[variables]\n" + b"# filler\n" * 130_000) == [
        "S: the settings file is 1.1 MB; settings files are limited to 1 MB (is this really outline-export.toml?)"]


def test_control_characters_in_the_settings(tmp_path):
    toml = ('[church]\nname = "Grace\\u0007Church"\n[variables]\nwho = "Bob\\b"\n'
            '[audiences.youth]\nlabel = "Youth\\u001f"\n')
    assert settings_refused(tmp_path, toml) == [
        "S:2:1: 'name' holds the control character U+0007 (from an escape like \\u0007), which a document "
        "cannot hold; remove it",
        "S:4:1: 'who' holds the control character U+0008 (from an escape like \\u0008), which a document "
        "cannot hold; remove it",
        "S:6:1: 'label' holds the control character U+001F (from an escape like \\u001f), which a document "
        "cannot hold; remove it"]


def test_a_control_character_given_with_set_is_a_usage_error(tmp_path):
    outline(tmp_path, "title: ${who}\nsections:\n  - heading: H\n")
    code, lines = cli(tmp_path, "render", "o.yaml", "--set", "who=B\ab", "-o", "out")
    assert code == 2
    assert lines == ["--set: 'who' holds the control character U+0007, which a document cannot hold; remove it"]
    assert not (tmp_path / "out").exists()
