"""A warm second process for `watch`: the documents of one save drawn over two cores.

A save in `watch` usually changes one outline: one edition, six documents (three kinds, Word and
PDF). A build draws whole editions over its pool (``building``), so that save would be drawn by one
process while the other core idles. `watch` keeps one helper instead: a process forked once, after
the first build has warmed everything up (modules, fonts, templates), so it starts warm and stays so.

For each edition drawn in `watch`'s own process, ``Helper.draw`` sends the helper every document
of it, longest first (by the time each took the last time; before that, a PDF is reckoned twice a
Word file), and both processes take the next document not yet taken from one shared counter until
none is left: whichever is free draws the next, so neither waits long for the other, however the
machine shares its cores out. The helper sends back the bytes of those it drew, then collects its
garbage while this process writes the files.

The bytes are the same whichever process draws a document (tests/test_watch.py). A helper that
dies is not replaced: what it had taken is drawn here, and so is everything after. With one core,
``--jobs 1`` or ``OUTLINE_EXPORT_PLAIN=helper`` there is no helper (docs/performance.md, "The watch
re-render").
"""

from __future__ import annotations

import os
import pickle
import time

GUESS_MS = {"pdf": 20.0}  # a document's cost before it was timed: a PDF about twice a Word file
OTHER_MS = 10.0


PATIENCE = 1.0  # seconds this process waits for the shared counter's lock: past that, the helper
# died holding it (killed in the microseconds it holds it) and is given up


class Lost(Exception):
    """The shared counter's lock was not had within PATIENCE."""


def _take(shared, round_: int, patience: float = -1) -> int | None:
    """The next document of round ``round_`` not yet taken (its place in the order sent), or None;
    ``patience``: at most that many seconds for the lock (Lost), else without a limit."""
    lock = shared.get_lock()
    if not lock.acquire(timeout=None if patience < 0 else patience):
        raise Lost
    try:
        if shared[0] != round_ or shared[1] >= shared[2]:
            return None
        shared[1] += 1
        return shared[1] - 1
    finally:
        lock.release()


def _serve(conn, shared, parent: int) -> None:
    """The helper's life: a round's documents in, the bytes of those it took out, until this
    process's end of the pipe is closed."""
    from outline_export.building import _worker_start, sendable, settle
    from outline_export.pipeline import _draw

    _worker_start(parent)
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        round_, jobs = pickle.loads(message)
        drawn = []
        try:
            while (i := _take(shared, round_)) is not None:
                start = time.perf_counter()
                data, lacked = _draw(*jobs[i])
                drawn.append((i, data, lacked, (time.perf_counter() - start) * 1000))
            reply = (round_, "ok", drawn)
        except Exception as e:  # drawing failed as it would here: this process raises it
            reply = (round_, "error", sendable(e))
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        conn.send_bytes(data)
        del jobs, drawn, reply, data
        settle()  # while `watch` writes the files


class Helper:
    """One warm forked process drawing part of each edition; ``draw(jobs)`` is ``draw_outline``'s
    drawer (a list of (bytes, styles lacked), in the order of ``jobs``)."""

    def __init__(self):
        import multiprocessing

        from outline_export.building import forking

        context = multiprocessing.get_context("fork")
        self.shared = context.Array("q", 3)  # round, documents taken, documents in the round
        self.conn, child = context.Pipe()
        parent = os.getpid()
        with forking():
            # forked by hand, not a multiprocessing.Process: at exit multiprocessing would stop it with
            # SIGTERM, which it ignores, and wait for it for ever
            self.pid = os.fork()
            if self.pid == 0:
                try:
                    self.conn.close()
                    _serve(child, self.shared, parent)
                finally:
                    os._exit(0)
        child.close()
        self.round = 0
        self.there = 0  # documents of the last round the helper drew
        self.took: dict[tuple, float] = {}  # (format, place among the jobs, how many jobs) -> ms

    @classmethod
    def start(cls, jobs: int) -> Helper | None:
        """A helper when there are two cores to use (``jobs``) and workers can be forked; else None."""
        from outline_export import plain
        from outline_export.building import can_fork_workers

        if jobs < 2 or plain("helper") or not can_fork_workers():
            return None
        try:
            return cls()
        except OSError:  # no process could be started: everything is drawn here
            return None

    @staticmethod
    def _key(jobs: list[tuple], i: int) -> tuple:
        """What ``took`` knows job ``i`` by: its format and place (the same from save to save)."""
        return jobs[i][0], i, len(jobs)

    def order(self, jobs: list[tuple]) -> list[int]:
        """The indexes of ``jobs``, the one expected to take longest first."""
        def cost(i):
            return self.took.get(self._key(jobs, i), GUESS_MS.get(jobs[i][0], OTHER_MS))

        return sorted(range(len(jobs)), key=lambda i: -cost(i))

    def draw(self, jobs: list[tuple], meanwhile=None) -> list[tuple]:
        """Each job's (bytes, styles lacked); ``meanwhile()`` is called once this process has taken
        its last document, while the helper may still be drawing."""
        from outline_export.pipeline import _draw, draw_here

        if self.pid is not None and len(jobs) >= 2:
            order = self.order(jobs)
            self.round += 1
            try:
                self._begin(len(jobs))
            except Lost:
                self.stop()
        if self.pid is None or len(jobs) < 2:
            return draw_here(jobs, meanwhile)
        drawn: dict[int, tuple] = {}
        try:
            message = pickle.dumps((self.round, [jobs[i] for i in order]), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a document that cannot be sent (a bug): all drawn here, the helper idle
            message = None
        try:
            if message is not None:
                self.conn.send_bytes(message)
        except OSError:  # the helper is gone
            self.stop()
        try:
            while (k := _take(self.shared, self.round, PATIENCE)) is not None:
                start = time.perf_counter()
                drawn[order[k]] = _draw(*jobs[order[k]])
                self.took[self._key(jobs, order[k])] = (time.perf_counter() - start) * 1000
        except Lost:
            self.stop()
        if meanwhile is not None:
            meanwhile()
        reply = self._reply() if message is not None else []
        self.there = len(reply)
        for k, data, lacked, ms in reply:
            drawn[order[k]] = data, lacked
            self.took[self._key(jobs, order[k])] = ms
        for i in range(len(jobs)):  # what the helper took and did not send (it died), or left: drawn here
            if i not in drawn:
                drawn[i] = _draw(*jobs[i])
        return [drawn[i] for i in range(len(jobs))]

    def _begin(self, count: int) -> None:
        """A new round of ``count`` documents, none taken yet (Lost: the helper holds the lock dead)."""
        lock = self.shared.get_lock()
        if not lock.acquire(timeout=PATIENCE):
            raise Lost
        try:
            self.shared[0], self.shared[1], self.shared[2] = self.round, 0, count
        finally:
            lock.release()

    def _reply(self) -> list[tuple]:
        """The helper's drawings for this round (a reply to an earlier round, left when drawing
        here failed, is passed over); [] if it died; its error raised as if drawn here."""
        while self.pid is not None:
            try:
                round_, outcome, payload = pickle.loads(self.conn.recv_bytes())
            except (EOFError, OSError):
                self.stop()
                break
            if round_ != self.round:
                continue
            if outcome == "error":
                raise payload
            return payload
        return []

    def stop(self) -> None:
        """End the helper (it also dies with this process, however this process ends)."""
        pid, self.pid = getattr(self, "pid", None), None
        if pid is None:
            return
        self.conn.close()  # the helper, waiting for a round or sending its drawings, ends at once
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            time.sleep(0.005)
        os.kill(pid, 9)  # still drawing: not wanted any more
        os.waitpid(pid, 0)
