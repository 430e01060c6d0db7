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
                      "-f", "docx", "-f", "pdf", "-f", "md", env=env)
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
    points = "      - p\n" * 100_001
    problems = refused(tmp_path, "title: T\nsections:\n  - heading: H\n    points:\n" + points)
    assert problems == ["o.yaml:100005:9: the outline has more than 100,000 points; split it into several outlines"]


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
