"""Hostile inline markup through the real command line (issue 9, part 1): a few bytes of unclosed
`*`, `**` or `___` used to freeze `validate` for hours or crash it; now each unclosed opener is one
line at its own line:col, and a file of 100 KB of them is checked in one pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAD = "title: {title}\npassage: Exodus 32:30-32\nsections:\n  - heading: One\n    points:\n"


def _validate(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    """Exit code and printed lines of `outline-export validate` on ``text``, in a fresh process; the
    timeout only guards against a hang (these inputs took from 37 s to hours before the fix)."""
    f = tmp_path / "hostile.yaml"
    f.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "outline_export", "validate", str(f)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr
    return run.returncode, [line.replace(str(f), "F") for line in run.stderr.splitlines()]


def test_thirty_unclosed_italic_marks_in_a_title(tmp_path):
    code, lines = _validate(tmp_path, HEAD.format(title='"' + "*a " * 30 + '"') + "      - A point\n")
    assert code == 1
    italic = [line for line in lines if "'*' starts italic text that is never closed" in line]
    assert [line.split(": ")[0] for line in italic] == [f"F:1:{9 + 3 * k}" for k in range(30)]


@pytest.mark.parametrize("style", ["quoted", "block"])
def test_twenty_thousand_unclosed_blanks_each_reported_once_at_its_place(tmp_path, style):
    if style == "quoted":
        point = '      - "' + "___a " * 20000 + '"\n'
        first, last = "F:6:10", f"F:6:{10 + 5 * 19999}"
    else:  # 20,000 on 2,000 lines of a block
        point = "      - text: |\n" + "".join("          " + "___a " * 10 + "\n" for _ in range(2000))
        first, last = "F:7:11", "F:2006:56"
    code, lines = _validate(tmp_path, HEAD.format(title="T") + point)
    assert code == 1
    blanks = [line.split(": ")[0] for line in lines if "the blank opened by '___' is never closed" in line]
    assert len(blanks) == len(set(blanks)) == 20000
    assert blanks[0] == first and blanks[-1] == last


def test_bold_and_italic_openers_by_the_thousand_are_no_recursion_error(tmp_path):
    point = "      - text: |\n" + "".join("          " + "**a *b " * 10 + "\n" for _ in range(100))
    code, lines = _validate(tmp_path, HEAD.format(title="T") + point)
    assert code == 1
    assert sum("'**' starts bold text that is never closed" in line for line in lines) == 1000
    assert sum("'*' starts italic text that is never closed" in line for line in lines) == 1000
    assert lines[-1].startswith("2000 problems in 1 of 1 file")
