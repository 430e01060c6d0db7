"""Processes, signals and bugs, as a user meets them: `build` killed (kill -9, kill, Ctrl-C) never
leaves its drawing process behind, a traceback or a partly written file; a bug in outline-export
while rendering one outline skips that outline, says so in one line and exits 70 at the end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from outline_export import starter
from outline_export.build_cache import CACHE_NAME
from test_cli import cli, files_under  # noqa: E402 (the helpers of the command-line tests)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "outlines" / "two-cycles.yaml"
TRIALS = 5


def env():
    return dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))


# --- the drawing process and signals ----------------------------------------------------------

@pytest.fixture
def busy(tmp_path):
    """Four long outlines, Word and PDF handouts and notes: enough to keep the drawing process busy."""
    (tmp_path / "outline-export.toml").write_text('[defaults]\nformats = ["docx", "pdf"]\nkinds = ["handout", "notes"]\n'
                                                  '[audiences.youth]\nlabel = "Youth"\n'
                                                  '[audiences.leaders]\nlabel = "Leaders"\n')
    (tmp_path / "outlines").mkdir()
    for i in range(4):
        (tmp_path / "outlines" / f"sample-{i}.yaml").write_bytes(SAMPLE.read_bytes())
    return tmp_path


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    """Running, or stopped: not gone and not a zombie nobody reaped yet."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def poll(condition, bound: float = 60.0, pause: float = 0.01) -> bool:
    """Wait for ``condition`` (a guard against a hang, not a measurement): True once it holds."""
    end = time.monotonic() + bound
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(pause)
    return condition()


def stop_a_build(project: Path, sig: int, early: bool):
    """Start `build`, wait for its drawing process (and, unless ``early``, its first file), send
    ``sig`` to the build. Returns (exit code, stdout, stderr, whether the drawing process is gone).
    Its output is read through pipes, as a user's terminal or script does: a process left holding
    them would keep ``communicate`` from returning."""
    for old in (project / "output").rglob("*") if (project / "output").exists() else ():
        if old.is_file():
            old.unlink()
    p = subprocess.Popen([sys.executable, "-m", "outline_export", "build"], cwd=project, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env())
    worker = None
    try:
        # early: look without pausing, to send the signal the moment the drawing process is forked
        assert poll(lambda: bool(children(p.pid)) or p.poll() is not None, pause=0 if early else 0.01), \
            "no drawing process was started"
        assert p.poll() is None, "the build ended before it could be stopped"
        worker = children(p.pid)[0]
        # the first file listed, read from the pipe itself: a readline would keep the lines after it in
        # its buffer, where communicate (which reads the pipe) never looks
        first = "" if early else os.read(p.stdout.fileno(), 1 << 16).decode()
        p.send_signal(sig)
        out, err = p.communicate(timeout=120)  # a guard against a hang: the pipes must close
        gone = poll(lambda: not alive(worker), 10)
        return p.returncode, first + out, err, gone
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        if worker is not None and alive(worker):  # this test's own grandchild, left behind: end it
            os.kill(worker, signal.SIGKILL)


def written(project: Path) -> list[Path]:
    return sorted(p for p in (project / "output").rglob("*") if p.is_file() and p.name != CACHE_NAME) \
        if (project / "output").exists() else []


def opens(path: Path) -> bool:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return len(PdfReader(str(path)).pages) > 0
    import docx

    return len(docx.Document(str(path)).paragraphs) > 0


def files(n: int) -> str:
    return f"{n} file{'' if n == 1 else 's'}"


def test_kill_9_of_build_takes_its_drawing_process_with_it(busy):
    """kill -9 cannot be caught: the kernel ends the drawing process with the build (it used to go
    on under PID 1, holding the build's stdout and stderr open, so a reader of them waited for ever)."""
    for trial in range(TRIALS):
        code, out, err, gone = stop_a_build(busy, signal.SIGKILL, early=trial % 2 == 0)
        assert code == -signal.SIGKILL
        assert gone, f"trial {trial}: the drawing process outlived the build"
        assert all(opens(p) for p in written(busy) if not p.name.endswith(".part"))


@pytest.mark.parametrize("sig, exit_code, word", [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_kill_and_ctrl_c_stop_the_build_cleanly(busy, sig, exit_code, word):
    """A plain `kill` (SIGTERM) and Ctrl-C (SIGINT), early (just as the drawing process starts: Ctrl-C
    then printed its KeyboardInterrupt traceback, or the build hung) or after the first file: one
    line, no traceback, no temporary file, every file written complete, the drawing process gone."""
    for trial in range(TRIALS):
        code, out, err, gone = stop_a_build(busy, sig, early=trial % 2 == 0)
        done = written(busy)
        assert (code, err) == (exit_code, f"outline-export: {word}; {files(len(done))} written before it "
                                          "(each complete), no partly written files left\n"), f"trial {trial}"
        assert gone, f"trial {trial}: the drawing process outlived the build"
        assert sorted(out.splitlines()) == sorted(str(p.relative_to(busy)) for p in done)
        assert not list(busy.rglob("*.part"))
        assert all(opens(p) for p in done)


def test_a_drawing_process_killed_from_outside_is_drawn_again_and_said(busy):
    """A worker killed from outside (or by the kernel, out of memory): what was in flight is drawn
    again, each edition alone; every file is written, and a warning says what happened."""
    p = subprocess.Popen([sys.executable, "-m", "outline_export", "build"], cwd=busy, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env())
    try:
        assert poll(lambda: bool(children(p.pid)) or p.poll() is not None)
        assert p.poll() is None, "the build ended before its drawing process could be killed"
        os.kill(children(p.pid)[0], signal.SIGKILL)
        out, err = p.communicate(timeout=300)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 0, err
    assert err.splitlines() == [
        "outline-export: warning: a process drawing documents ended while drawing (was it killed, or out of "
        "memory?); what it was drawing was drawn again, one outline edition at a time",
        "Rendered 4 outlines: 16 files in output/ (1 warning; settings from outline-export.toml)."]
    done = written(busy)
    assert len(done) == 16 and all(opens(p) for p in done)
    # listed in the outlines' order, whatever order the processes finished in
    assert out.splitlines() == [f"output/sample-{i}-{kind}.{fmt}" for i in range(4) for kind in ("handout", "notes")
                                for fmt in ("docx", "pdf")]


def test_an_edition_whose_process_dies_each_time_is_not_rendered_and_the_rest_are(church, monkeypatch):
    """Drawn alone again, it kills its process again (as an outline too big for the memory would):
    that outline is reported as not rendered, in one line; the others are written."""
    (church / "outline-export.toml").write_text(SETTINGS.replace('["md"]', '["docx", "pdf"]'), encoding="utf-8")
    import outline_export.backends.pdf as module

    real = module.write

    def dying_writer(document, options):
        if document.meta.title == "Second":
            os._exit(9)  # the worker process ends, as if killed
        return real(document, options)

    monkeypatch.setattr(module, "write", dying_writer)
    result = cli("build", "--jobs", "2")
    assert result.exit_code == 70, result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        "outline-export: warning: a process drawing documents ended while drawing (was it killed, or out of "
        "memory?); what it was drawing was drawn again, one outline edition at a time",
        "outlines/two.yaml: not rendered: the process drawing it ended while drawing (was it killed, or out of "
        "memory?); run the build again for this outline",
        "1 outline failed inside outline-export and was skipped; rendered 1 outline: 4 files in output/ "
        "(1 warning; settings from outline-export.toml)."]
    assert files_under(church / "output") == ["one-handout.docx", "one-handout.pdf", "youth/one-handout.docx",
                                              "youth/one-handout.pdf"]


# --- a bug in outline-export ------------------------------------------------------------------

SETTINGS = """\
[defaults]
formats = ["md"]
kinds = ["handout"]
audiences = ["youth"]

[audiences.youth]
label = "Youth"
"""


@pytest.fixture
def church(tmp_path, monkeypatch):
    (tmp_path / "outline-export.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "outlines").mkdir()
    for name, title in (("one", "First"), ("two", "Second")):
        (tmp_path / "outlines" / f"{name}.yaml").write_text(
            starter.EXAMPLE.replace("title: Who Is My Neighbor?", f"title: {title}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path



def break_writer(monkeypatch, fmt: str) -> None:
    """The ``fmt`` writer fails on the outline titled Second, as a bug in it would."""
    import importlib

    module = importlib.import_module(f"outline_export.backends.{'markdown' if fmt == 'md' else fmt}")
    real = module.write

    def buggy_writer(document, options):
        if document.meta.title == "Second":
            raise RuntimeError("boom in Second")
        return real(document, options)

    monkeypatch.setattr(module, "write", buggy_writer)


BUG_LINE = ("outlines/two.yaml: bug in outline-export (RuntimeError: boom in Second), not a problem in your outline; "
            "it was skipped; run `outline-export --debug build` for the details, and please report it")


def test_a_writer_bug_in_one_outline_skips_it_and_the_rest_render(church, monkeypatch):
    """It used to stop the build at that outline with a traceback (nothing after it was written)."""
    break_writer(monkeypatch, "md")
    result = cli("build")
    assert result.exit_code == 70
    assert result.stderr.splitlines() == [
        BUG_LINE,
        "1 outline failed inside outline-export and was skipped; rendered 1 outline: 2 files in output/ "
        "(no warnings; settings from outline-export.toml)."]
    assert files_under(church / "output") == ["one-handout.md", "youth/one-handout.md"]


def test_a_bug_in_the_drawing_process_is_reported_the_same_way(church, monkeypatch):
    (church / "outline-export.toml").write_text(SETTINGS.replace('["md"]', '["docx", "pdf"]'), encoding="utf-8")
    break_writer(monkeypatch, "pdf")
    result = cli("build")
    assert result.exit_code == 70
    assert result.stderr.splitlines() == [
        BUG_LINE,
        "1 outline failed inside outline-export and was skipped; rendered 1 outline: 4 files in output/ "
        "(no warnings; settings from outline-export.toml)."]
    assert files_under(church / "output") == ["one-handout.docx", "one-handout.pdf", "youth/one-handout.docx",
                                              "youth/one-handout.pdf"]
    # --debug: the traceback, from the process that drew it
    debug = cli("--debug", "build")
    assert debug.exit_code == 70
    assert "Traceback (most recent call last)" in debug.stderr and "in buggy_writer" in debug.stderr
    assert debug.stderr.splitlines()[-2] == BUG_LINE


def test_debug_prints_the_traceback_and_only_then(church, monkeypatch):
    break_writer(monkeypatch, "md")
    plain = cli("build")
    assert "Traceback" not in plain.stderr
    result = cli("--debug", "build", "--force")  # --force: one.yaml is drawn again, not up to date
    assert result.exit_code == 70
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "in buggy_writer" in result.stderr and "RuntimeError: boom in Second" in lines
    assert lines[-2:] == [BUG_LINE, "1 outline failed inside outline-export and was skipped; rendered 1 outline: "
                                    "2 files in output/ (no warnings; settings from outline-export.toml)."]


def test_a_bug_while_reading_one_outline(church, monkeypatch):
    import outline_export.loader as loader

    real = loader.load_file

    def buggy_loader(path, *args):
        if path.endswith("two.yaml"):
            raise KeyError("sections")
        return real(path, *args)

    monkeypatch.setattr(loader, "load_file", buggy_loader)
    line = ("outlines/two.yaml: bug in outline-export (KeyError: 'sections'), not a problem in your outline; it was "
            "skipped; run `outline-export --debug {}` for the details, and please report it")
    result = cli("build")
    assert result.exit_code == 70
    assert result.stderr.splitlines()[0] == line.format("build")
    assert files_under(church / "output") == ["one-handout.md", "youth/one-handout.md"]
    checked = cli("validate")
    assert checked.exit_code == 70
    assert checked.stderr.splitlines()[0] == line.format("validate")


def test_a_bug_outside_any_outline(church, monkeypatch):
    def buggy_settings(path):
        raise ValueError("odd")

    monkeypatch.setattr("outline_export.settings.load_settings", buggy_settings)
    result = cli("build")
    assert (result.exit_code, result.stderr) == (70, (
        "outline-export: bug in outline-export (ValueError: odd); run `outline-export --debug build` for the "
        "details, and please report it\n"))
    assert not (church / "output").exists()
    debug = cli("--debug", "build")
    assert debug.exit_code == 70 and "Traceback (most recent call last)" in debug.stderr
    assert "in buggy_settings" in debug.stderr


def test_the_console_script_exits_70_in_one_line(church):
    """The real entry point (``run``, which ends the process with os._exit), with a writer that
    fails: the code that breaks it is this test's, given on the command line."""
    code = ("import outline_export.backends.markdown as m\n"
            "real = m.write\n"
            "def buggy_writer(document, options):\n"
            "    if document.meta.title == 'Second':\n"
            "        raise RuntimeError('boom in Second')\n"
            "    return real(document, options)\n"
            "m.write = buggy_writer\n"
            "import sys\n"
            "sys.argv = ['outline-export', 'build']\n"
            "from outline_export.cli import run\n"
            "run()\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=church, capture_output=True, text=True, env=env(), timeout=300)
    assert r.returncode == 70
    assert r.stderr.splitlines()[0] == BUG_LINE
    assert r.stdout.splitlines() == ["output/one-handout.md", "output/youth/one-handout.md"]
