"""Progress on a terminal: a build of more than a second shows outlines done of the total and the
outline being drawn, on stderr, wiped before the one-line summary; nothing with -q or when stderr is
not a terminal (the other command-line tests read stderr through a pipe, line by line)."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))
BAR = re.compile(r"Building\s+\[[# -]+\]\s+(\d+)/(\d+)")


COPIES = 3  # of each sample: a build of well over the bar's second (7 outlines took 0.9 s here)
OUTLINES = COPIES * len(SAMPLES)


@pytest.fixture
def library(tmp_path):
    """The sample library three times over, the general edition only: six documents an outline."""
    settings = (ROOT / "outline-export.toml").read_text(encoding="utf-8")
    (tmp_path / "outline-export.toml").write_text(settings.replace('audiences = ["youth", "seniors"]', "audiences = []"),
                                                  encoding="utf-8")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    (tmp_path / "outlines").mkdir()
    for sample in SAMPLES:
        for n in range(COPIES):
            name = sample.name if n == 0 else f"{sample.stem}-{n + 1}.yaml"
            (tmp_path / "outlines" / name).write_bytes(sample.read_bytes())
    return tmp_path


def on_a_terminal(folder: Path, *args: str) -> tuple[int, str, str]:
    """Run `outline-export build ARGS` with stderr on a terminal (a pseudo-terminal) and stdout on a
    pipe; returns (exit code, what the terminal showed, stdout)."""
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
               COLUMNS="100")
    p = subprocess.Popen([sys.executable, "-m", "outline_export", "build", *args], cwd=folder,
                         stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the terminal closed: the build ended
            break
        if not chunk:
            break
        shown += chunk
    out = p.stdout.read().decode()
    os.close(leader)
    return p.wait(timeout=300), shown.decode(errors="replace"), out


def test_a_long_build_shows_outlines_done_of_the_total_on_a_terminal(library):
    code, shown, out = on_a_terminal(library, "--jobs", "1")
    assert code == 0, shown
    counts = [(int(done), int(total)) for done, total in BAR.findall(shown)]
    assert counts, shown
    assert {total for _, total in counts} == {OUTLINES}
    assert [done for done, _ in counts] == sorted(done for done, _ in counts)  # it only goes forward
    assert counts[-1][0] == OUTLINES
    assert any(sample.name in shown for sample in SAMPLES)  # the outline being drawn
    # the bar is wiped: the last thing on the terminal is the summary, on a clean line
    assert shown.endswith(f"\r\x1b[KRendered {OUTLINES} outlines: {6 * OUTLINES} files in output/ "
                          "(no warnings; settings from outline-export.toml).\r\n")
    assert len(out.splitlines()) == 6 * OUTLINES  # the list of files still goes to stdout, whole


def test_quiet_shows_no_bar_and_no_list(library):
    code, shown, out = on_a_terminal(library, "-q", "--jobs", "1")
    assert code == 0
    assert "Building" not in shown and out == ""
    assert shown == (f"Rendered {OUTLINES} outlines: {6 * OUTLINES} files in output/ "
                     "(no warnings; settings from outline-export.toml).\r\n")


def test_a_build_under_a_second_shows_no_bar(library):
    assert on_a_terminal(library, "-q")[0] == 0
    code, shown, out = on_a_terminal(library)  # everything up to date: a fraction of a second
    assert code == 0 and out == ""
    assert shown == f"Nothing to render: {OUTLINES} outlines up to date in output/ " \
                    "(no warnings; settings from outline-export.toml).\r\n"
