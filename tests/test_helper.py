"""`watch`'s helper process (helper.py): the documents of one edition drawn over two processes give
the same bytes as one process; the helper really draws some of them; a helper killed before or
while drawing costs nothing but time (its documents are drawn here); a drawing that fails in the
helper fails here as it would have; `stop` leaves no process behind."""

from __future__ import annotations

import os
import signal

import pytest

from conftest import ROOT, edition
from outline_export import pipeline
from outline_export.helper import Helper
from outline_export.loader import load_file


@pytest.fixture(scope="module")
def jobs():
    """The (format, document, look) of every kind of a sample outline, in Word, PDF and Markdown."""
    e = edition(formats=("docx", "pdf", "md"))
    outline = load_file(ROOT / "outlines" / "two-cycles.yaml")
    captured = []

    def capture(js, meanwhile):
        meanwhile()
        captured.extend(js)
        return [pipeline._draw(*j) for j in js]

    pipeline.draw_outline(outline, e.kinds, e.formats, e.options, e.out_dir, drawer=capture)
    assert len(captured) >= 6
    return captured


@pytest.fixture(scope="module")
def alone(jobs):
    return [pipeline._draw(*j) for j in jobs]


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as f:  # a zombie not reaped yet is gone too
        return f.read().split(") ")[1].startswith("Z")


def test_two_processes_draw_the_same_bytes_and_the_helper_draws_some(jobs, alone):
    helper = Helper()
    pid = helper.pid
    try:
        shared = []
        for _ in range(5):  # a busy machine may leave the helper nothing to take once: it takes some later
            assert helper.draw(jobs) == alone
            shared.append(helper.there)
        assert max(shared) >= 1, shared
        assert all(n < len(jobs) for n in shared), shared  # this process drew some too
    finally:
        helper.stop()
    assert helper.pid is None and gone(pid)
    assert helper.draw(jobs) == alone  # stopped: everything drawn here


def test_a_helper_killed_between_saves_leaves_it_all_drawn_here(jobs, alone):
    helper = Helper()
    pid = helper.pid
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    try:
        assert helper.draw(jobs) == alone
        assert helper.pid is None
        assert helper.draw(jobs) == alone
    finally:
        helper.stop()


def test_a_helper_that_dies_while_drawing_leaves_its_documents_drawn_here(jobs, alone, monkeypatch):
    parent = os.getpid()
    real = pipeline._draw

    def dies_in_helper(*job):
        if os.getpid() != parent:
            os._exit(3)
        return real(*job)

    monkeypatch.setattr(pipeline, "_draw", dies_in_helper)  # before the fork: the helper has it too
    helper = Helper()
    pid = helper.pid
    try:
        assert helper.draw(jobs) == alone
        assert helper.pid is None and gone(pid)
    finally:
        helper.stop()


def test_a_drawing_that_fails_in_the_helper_fails_here(jobs, monkeypatch):
    parent = os.getpid()
    real = pipeline._draw

    def fails_in_helper(*job):
        if os.getpid() != parent:
            raise ValueError("a document the helper could not draw")
        return real(*job)

    monkeypatch.setattr(pipeline, "_draw", fails_in_helper)
    helper = Helper()
    try:
        for _ in range(5):
            try:
                helper.draw(jobs)
            except ValueError as e:
                assert "could not draw" in str(e)
                break
        else:
            pytest.fail("the helper took no document in five rounds")
        assert helper.pid is not None  # the helper lives on for the next save
    finally:
        helper.stop()


def test_no_helper_with_one_job_or_when_left_out(monkeypatch):
    assert Helper.start(1) is None
    monkeypatch.setenv("OUTLINE_EXPORT_PLAIN", "helper")
    assert Helper.start(2) is None


def test_a_helper_killed_holding_the_shared_lock_is_given_up(jobs, alone):
    """Killed in the microseconds it holds the counter's lock, the helper leaves it held for ever:
    this process waits at most helper.PATIENCE for it, then draws everything itself."""
    helper = Helper()
    pid = helper.pid
    holder = os.fork()
    if holder == 0:  # stands in for the helper dying with the lock held
        helper.shared.get_lock().acquire()
        os._exit(0)
    os.waitpid(holder, 0)
    try:
        assert helper.draw(jobs) == alone
        assert helper.pid is None and gone(pid)
    finally:
        helper.stop()
