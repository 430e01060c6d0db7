"""`outline-export watch` as a user meets it: started in a library, it builds; an outline saved is
drawn again within a moment (and only that outline); an invalid save prints file:line:col and keeps
the last good files; a settings change draws everything; --open opens the handout PDF once;
polling works where the system's notices do not; Ctrl-C ends it with exit 0."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from test_cli import SETTINGS, outline

ROOT = Path(__file__).resolve().parents[1]
MOMENT = 15.0  # seconds: the longest a save may wait for its files (the machine may be busy)
START = 120.0  # seconds: the first build, a guard against a hang


@pytest.fixture
def church(tmp_path):
    (tmp_path / "outline-export.toml").write_text(SETTINGS.replace('formats = ["md"]', 'formats = ["md", "pdf"]'),
                                                  encoding="utf-8")
    (tmp_path / "outlines").mkdir()
    for name, title in (("one", "First"), ("two", "Second")):
        (tmp_path / "outlines" / f"{name}.yaml").write_text(outline(title), encoding="utf-8")
    return tmp_path


class Watcher:
    """`outline-export watch ARGS` running in ``folder``; its stderr lines collected as they come."""

    def __init__(self, folder: Path, *args: str, env: dict | None = None):
        environment = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
        environment.update(env or {})
        self.p = subprocess.Popen([sys.executable, "-m", "outline_export", "watch", *args], cwd=folder,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        self.lines: list[str] = []
        self.out: list[str] = []
        threading.Thread(target=self._read, args=(self.p.stderr, self.lines), daemon=True).start()
        threading.Thread(target=self._read, args=(self.p.stdout, self.out), daemon=True).start()

    @staticmethod
    def _read(stream, into) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    def wait_for(self, condition, bound: float) -> float:
        """Seconds until ``condition()`` held; fails after ``bound`` (or if the watcher ended)."""
        start = time.monotonic()
        while time.monotonic() - start < bound:
            if condition():
                return time.monotonic() - start
            assert self.p.poll() is None, f"watch ended: {self.lines}"
            time.sleep(0.02)
        raise AssertionError(f"not within {bound} s; stderr so far: {self.lines}")

    def watching(self, count: int = 1) -> None:
        self.wait_for(lambda: sum(1 for line in self.lines if line.startswith(("Watching", "("))) >= count, START)

    def stop(self, sig=signal.SIGINT) -> int:
        self.p.send_signal(sig)
        try:
            return self.p.wait(timeout=60)
        finally:
            if self.p.poll() is None:
                self.p.kill()


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("how", ["notify", "poll"])
def test_a_saved_outline_is_drawn_again_within_a_moment(church, how):
    w = Watcher(church, env={"OUTLINE_EXPORT_WATCH": "poll"} if how == "poll" else {})
    try:
        w.watching()
        assert any(line.startswith("Rendered 2 outlines: 8 files in output/") for line in w.lines), w.lines
        out = church / "output"
        one = {p: p.stat().st_mtime_ns for p in out.rglob("one-*")}
        edit(church / "outlines" / "two.yaml", "title: Second", "title: Second, revised")
        took = w.wait_for(lambda: "Second, revised" in text_of(out / "youth" / "two-handout.md"), MOMENT)
        w.wait_for(lambda: any(line.startswith("Rendered 1 outline: 4 files in output/; 1 outline up to date")
                               for line in w.lines), MOMENT)
    finally:
        code = w.stop()
    assert code == 0, w.lines
    assert w.lines[-1] == "Stopped watching."
    assert took < MOMENT
    assert {p: p.stat().st_mtime_ns for p in out.rglob("one-*")} == one  # the other outline was left alone
    assert "output/two-handout.pdf" in w.out and not [line for line in w.out[8:] if "one-" in line]
    assert "Traceback" not in "\n".join(w.lines)


def test_an_invalid_save_prints_where_and_keeps_the_last_good_files(church):
    w = Watcher(church)
    try:
        w.watching()
        out = church / "output" / "two-handout.md"
        good = out.read_bytes()
        path = church / "outlines" / "two.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: Second", "title: [Second"), encoding="utf-8")
        w.wait_for(lambda: any(re.match(r"outlines/two\.yaml:\d+:\d+: YAML syntax error", line) for line in w.lines),
                   MOMENT)
        w.watching(2)  # the failed build's "(… s; watching)" line
        assert out.read_bytes() == good
        path.write_text(text.replace("title: Second", "title: Second, fixed"), encoding="utf-8")
        w.wait_for(lambda: "Second, fixed" in text_of(out), MOMENT)
    finally:
        assert w.stop(signal.SIGTERM) == 0, w.lines


def test_a_settings_change_draws_every_outline_again(church):
    w = Watcher(church)
    try:
        w.watching()
        edit(church / "outline-export.toml", "Hill Street Church", "Hill Street Chapel")
        for name in ("one", "two"):
            w.wait_for(lambda: "Hill Street Chapel" in text_of(church / "output" / f"{name}-handout.md"), MOMENT)
    finally:
        assert w.stop() == 0


def test_open_opens_the_handout_pdf_once(church, tmp_path_factory):
    """The system's opener (xdg-open on Linux) stands in for a PDF viewer here: it notes what it was given."""
    bin_dir = tmp_path_factory.mktemp("bin")
    log = bin_dir / "opened.txt"
    opener = bin_dir / "xdg-open"
    opener.write_text(f"#!/bin/sh\necho \"$1\" >> {log}\n", encoding="utf-8")
    opener.chmod(0o755)
    os.utime(church / "outlines" / "one.yaml", (1, 1))  # two.yaml is the one saved last
    w = Watcher(church, "--open", env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    try:
        w.watching()
        w.wait_for(lambda: log.exists(), MOMENT)
        edit(church / "outlines" / "two.yaml", "title: Second", "title: Second, again")
        w.watching(2)
    finally:
        assert w.stop() == 0
    assert log.read_text(encoding="utf-8").splitlines() == [str(church / "output" / "two-handout.pdf")]
    assert f"opened {Path('output') / 'two-handout.pdf'}" in w.lines


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_the_helper_draws_what_one_process_draws_and_ends_with_watch(church, tmp_path_factory):
    """With two jobs, `watch` keeps one warm helper process (helper.py) that draws part of each
    save's documents: the files are byte for byte what `build --jobs 1` makes; Ctrl-C ends it too."""
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    w = Watcher(church, "--jobs", "2", env=env)
    try:
        w.watching()
        helpers = _children(w.p.pid)
        assert len(helpers) == 1, helpers  # the first build's pool is gone; the helper stays
        for n in range(3):
            edit(church / "outlines" / "two.yaml", f"title: Second{', again' * n}", f"title: Second{', again' * (n + 1)}")
            w.watching(2 + n)
    finally:
        assert w.stop() == 0, w.lines
    assert all(not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
               for pid in helpers)
    assert "Traceback" not in "\n".join(w.lines)
    alone = tmp_path_factory.mktemp("alone")
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "src"), **env)
    subprocess.run([sys.executable, "-m", "outline_export", "build", "-q", "--jobs", "1", "-o", str(alone)],
                   cwd=church, env=environment, check=True, capture_output=True)
    made = {p.relative_to(church / "output"): p.read_bytes() for p in (church / "output").rglob("*")
            if p.is_file() and not p.name.startswith(".")}
    assert made and any(p.suffix == ".pdf" for p in made)
    assert "Second, again, again, again" in made[Path("two-handout.md")].decode()
    assert {p.relative_to(alone): p.read_bytes() for p in alone.rglob("*")
            if p.is_file() and not p.name.startswith(".")} == made
