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
def test_twenty_thousand_unclosed_blanks_the_first_two_hundred_listed_at_their_places(tmp_path, style):
    if style == "quoted":
        point = '      - "' + "___a " * 20000 + '"\n'
        places = [f"F:6:{10 + 5 * k}" for k in range(201)]
    else:  # 20,000 on 2,000 lines of a block
        point = "      - text: |\n" + "".join("          " + "___a " * 10 + "\n" for _ in range(2000))
        places = [f"F:{7 + k // 10}:{11 + 5 * (k % 10)}" for k in range(201)]
    code, lines = _validate(tmp_path, HEAD.format(title="T") + point)
    assert code == 1
    blanks = [line.split(": ")[0] for line in lines if "the blank opened by '___' is never closed" in line]
    assert blanks == places[:200]
    assert lines[200] == (f"{places[200]}: more problems from here on are not listed (only the first 200 are): "
                          "fix those and run validate again")
    assert lines[201].startswith("201 problems in 1 of 1 file")


def test_bold_and_italic_openers_by_the_thousand_are_no_recursion_error(tmp_path):
    # 1000 '**' and 1000 '*' all open at once: past 200 open marks, each further one is an error
    # at once (closed or not, it would nest too deep), and the first 200 of those are listed
    point = "      - text: |\n" + "".join("          " + "**a *b " * 10 + "\n" for _ in range(100))
    code, lines = _validate(tmp_path, HEAD.format(title="T") + point)
    assert code == 1
    assert lines[0] == ("F:17:11: '**' opens bold text inside 200 others still open: close those first "
                        "(or write \\*\\* for literal asterisks)")
    assert lines[1].startswith("F:17:15: '*' opens italics inside 200 others still open")
    assert len(lines) == 202 and "more problems from here on are not listed" in lines[200]


def test_a_file_of_five_megabytes_of_unclosed_marks_stops_at_two_hundred_problems(tmp_path):
    code, lines = _validate(tmp_path, HEAD.format(title="T") + '      - "' + "*a " * 1_700_000 + '"\n')
    assert code == 1
    assert len(lines) == 202 and lines[-1].startswith("201 problems in 1 of 1 file")


def test_an_error_after_two_hundred_warnings_still_refuses_the_file(tmp_path):
    points = "".join(f"      - Point #{k} of many\n" for k in range(210)) + "      - Unclosed ___blank\n"
    code, lines = _validate(tmp_path, HEAD.format(title="T") + points)
    assert code == 1
    assert sum("warning:" in line for line in lines) == 200
    assert lines[200] == ("F:206:15: more problems from here on are not listed (only the first 200 are): "
                          "fix those and run validate again")
