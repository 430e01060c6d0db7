"""Drawing a build's units and writing their files: in this process, or over a pool of processes.

A *unit* is one edition of one outline. Units that are up to date (``build_cache``) are skipped;
the others are drawn here (one job, or one unit to draw) or by ``jobs`` worker processes that each
draw whole units and send back the bytes. This process alone writes files (atomically, in the
order of the units, so the list on stdout and the files are the same whatever the timing), keeps
the cache and shows progress. Worker processes ignore Ctrl-C and SIGTERM (this process stops them)
and die with it, even on ``kill -9`` (Linux: ``PR_SET_PDEATHSIG``); where that cannot be set up (not
Linux) everything is drawn here.

A worker killed from outside (or by the kernel, out of memory) breaks the pool: the units it and
the others were drawing are drawn again, each alone in a fresh process; one whose process dies
again is reported as not rendered. A bug (an exception nobody expected) in a unit skips that
outline's later units, as in this process.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from outline_export import codecache, pipeline
from outline_export.errors import OutlineError, Problem

_STOPS = (signal.SIGINT, signal.SIGTERM)


def usable_cores() -> int:
    """The cores this process may run on (``sched_getaffinity``: a container's or taskset's limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class Unit:
    """One edition of one outline: what to draw, where its files go, and its cache key."""

    source: object  # project.Source
    outline: object  # model.Outline
    edition: pipeline.Edition
    paths: list[Path]
    key: str = ""
    uid: str = ""


@dataclass
class Outcome:
    """What a run of units gave: problems (errors), warnings, outlines that failed or met a bug."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    drawn: set[str] = field(default_factory=set)  # outlines with at least one unit drawn now
    fresh: set[str] = field(default_factory=set)  # outlines with at least one unit up to date


class DrawingStopped(RuntimeError):
    """The process drawing a unit ended while drawing it (killed from outside, or out of memory)."""


def draw_unit(outline, edition, subdir, settle_after: bool = True, drawer=None) -> tuple:
    """Draw one unit (in a worker or here): ("ok", files, warnings), ("problems", problems,
    warnings) or ("bug", exception, traceback text). ``settle_after`` False: the caller settles
    (or has no need to: the last unit of a process that ends, or of a watch that settles idle).
    ``drawer``: as ``pipeline.draw_outline``'s (here only)."""
    warnings: list[Problem] = []
    try:
        return "ok", pipeline.draw_edition(outline, edition, warnings, subdir, drawer), warnings
    except OutlineError as e:
        return "problems", e.problems, warnings
    except Exception as e:  # a bug: reported by the caller as one line (the traceback with --debug)
        import traceback

        return "bug", sendable(e), "".join(traceback.format_exception(e))
    finally:
        codecache.save()  # a worker ends with os._exit: the code it compiled is kept now
        if settle_after:
            settle()


def sendable(e: Exception) -> Exception:
    """``e``, or a RuntimeError naming it if it cannot be pickled (to go to another process)."""
    import pickle

    try:
        pickle.dumps(e)
    except Exception:
        return RuntimeError(f"{type(e).__name__}: {e}")
    return e


_SETTLED = False


def settle() -> None:
    """After each unit: collect its garbage now. python-docx and lxml leave reference cycles behind
    every document, and left to Python's own schedule they pile up between the rare full
    collections, so a process's peak grew with the number of outlines it drew (82 MiB after 5
    outlines, 107 after 30). After the first unit, what is left (modules, fonts, templates) is
    frozen (``gc.freeze``), so each later collection looks only at what is new: 11-14 ms a unit
    instead of 50 (docs/performance.md, "Building a library"; ``OUTLINE_EXPORT_PLAIN=settle`` leaves
    both out)."""
    global _SETTLED
    from outline_export import plain

    if plain("settle"):
        return
    import gc
    import signal

    # Ctrl-C or SIGTERM held until the collection is over: arriving during it, its handler would
    # run inside some finalizer the collection calls, whose exception Python only prints, and the
    # run (a watch) would go on as if nothing had been asked
    held = {signal.SIGINT, signal.SIGTERM}
    masked = hasattr(signal, "pthread_sigmask")
    if masked:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        gc.collect()
    finally:
        if masked:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
    if not _SETTLED:
        gc.freeze()
        _SETTLED = True


# --- worker processes ---------------------------------------------------------------------------

def _die_with_parent() -> bool:
    """Linux: have the kernel kill this process (SIGKILL) when the one that forked it ends, however
    it ends (even ``kill -9``): a worker left behind would hold the build's stdout and stderr open,
    so whatever reads them would wait for ever."""
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return False
    PR_SET_PDEATHSIG = 1
    return prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0


def can_fork_workers() -> bool:
    """Workers are forked (cheap: they start with this process's modules) and tied to its life:
    Linux only."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        return hasattr(ctypes.CDLL(None), "prctl")
    except (ImportError, OSError):
        return False


def _worker_start(parent: int) -> None:
    """First thing a worker does. It was forked with Ctrl-C and SIGTERM blocked: they are set to be
    ignored before they are let through (this process stops the workers), it dies with this
    process, and if this process ended before that was set up, it ends now."""
    for sig in _STOPS:
        signal.signal(sig, signal.SIG_IGN)
    if not _die_with_parent() or os.getppid() != parent:
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


@contextmanager
def forking():
    """Around forking workers (which call ``_worker_start`` first): Ctrl-C and SIGTERM held (held,
    not lost, here), since a worker that got one before ignoring it printed a KeyboardInterrupt
    traceback; and what this process compiled kept first, once, not again by every worker."""
    codecache.save()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _pool(workers: int):
    """A pool of ``workers`` forked processes, all started now (``forking``)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with forking():
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_start, initargs=(os.getpid(),))
        pool.submit(os.getpid)  # a fork pool starts all its processes at the first submit
    return pool


def _end(pool, kill: bool) -> None:
    if pool is None:
        return
    if kill and hasattr(pool, "kill_workers"):  # Python 3.14
        pool.kill_workers()
    elif kill:  # stopped (Ctrl-C, SIGTERM) or failed: what the workers draw is not wanted
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, ValueError):
                pass
    pool.shutdown(wait=True, cancel_futures=True)


# --- the run ------------------------------------------------------------------------------------

class Run:
    """Draw ``units`` and write their files; ``on_written(path)`` as each file is in place;
    ``progress`` (``progress.Progress`` or None) hears of each outline done; ``drawer`` draws the
    documents of a unit drawn in this process (``pipeline.draw_outline``; `watch`'s helper)."""

    def __init__(self, units: list[Unit], *, jobs: int = 1, cache=None, force: bool = False,
                 on_written=None, progress=None, drawer=None):
        self.units, self.jobs, self.cache, self.force = units, jobs, cache, force
        self.on_written, self.progress, self.drawer = on_written, progress, drawer
        self.outcome = Outcome()
        self.bugged: set[str] = set()  # outlines that met a bug: their later units are skipped
        self.left = {}  # outline path -> its units not yet done
        for unit in units:
            self.left[unit.outline.path] = self.left.get(unit.outline.path, 0) + 1

    def run(self) -> Outcome:
        todo = []
        for unit in self.units:
            recorded = None
            if self.cache is not None and not self.force:
                recorded = self.cache.fresh(unit.uid, unit.key, unit.paths)
            if recorded is None:
                todo.append(unit)
                continue
            self._warn(recorded)
            self.outcome.fresh.add(unit.outline.path)
            self._done(unit)
        if self.progress is not None:
            self.progress.begin(len(self.left), sum(1 for n in self.left.values() if n == 0))
        try:
            if self.jobs <= 1 or len(todo) <= 1 or not can_fork_workers():
                for i, unit in enumerate(todo):
                    if self.progress is not None:
                        self.progress.now(unit.source.path)
                    self._take(unit, draw_unit(unit.outline, unit.edition, unit.source.subdir, settle_after=False,
                                               drawer=self.drawer))
                    if i < len(todo) - 1:  # after the last, the process ends (watch: settles when idle)
                        settle()
            else:
                self._pooled(todo)
        finally:
            if self.cache is not None:
                self.cache.save()
            if self.progress is not None:
                self.progress.end()
        return self.outcome

    def _pooled(self, todo: list[Unit]) -> None:
        """Draw the units over a pool, a whole unit a worker (drawing an edition's kinds in separate
        workers was measured and gained nothing: docs/performance.md, "Building a library"); write
        each, in order, once it and the units before it are drawn."""
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        workers = min(self.jobs, len(todo))
        pool = _pool(workers)
        pending = deque(range(len(todo)))
        inflight: dict = {}  # future -> unit index
        ready: dict[int, tuple] = {}  # drawn, waiting for the units before it to be written
        following = 0
        ok = False
        try:
            while following < len(todo):
                while pending and len(inflight) + len(ready) < 2 * workers:
                    i = pending.popleft()
                    unit = todo[i]
                    if self._bugged(unit):
                        ready[i] = ("skip",)
                        continue
                    inflight[pool.submit(draw_unit, unit.outline, unit.edition, unit.source.subdir)] = i
                if following in ready:
                    self._take(todo[following], ready.pop(following))
                    following += 1
                    continue
                if self.progress is not None and inflight:
                    self.progress.now(todo[min(inflight.values())].source.path)
                done, _ = wait(inflight, timeout=0.1, return_when=FIRST_COMPLETED)
                broken = []
                for future in done:
                    i = inflight.pop(future)
                    try:
                        ready[i] = future.result()
                    except BrokenProcessPool:
                        broken.append(i)
                if broken:  # a worker died: draw what was in flight again, each alone
                    self._warn([Problem("outline-export", 0, 0, "a process drawing documents ended while drawing "
                                        "(was it killed, or out of memory?); what it was drawing was drawn again, "
                                        "one outline edition at a time", "warning")])
                    broken += inflight.values()
                    inflight.clear()
                    _end(pool, kill=True)
                    pool = None
                    for i in sorted(broken):
                        ready[i] = self._alone(todo[i])
                    pool = _pool(workers)
            ok = True
        finally:
            _end(pool, kill=not ok)

    def _alone(self, unit: Unit) -> tuple:
        """Draw one unit in a fresh process of its own (after a worker died while it was in flight)."""
        from concurrent.futures.process import BrokenProcessPool

        pool = _pool(1)
        try:
            return pool.submit(draw_unit, unit.outline, unit.edition, unit.source.subdir).result()
        except BrokenProcessPool:
            return "bug", DrawingStopped("the process drawing it ended while drawing (was it killed, or out of "
                                         "memory?)"), ""
        finally:
            _end(pool, kill=True)

    def _bugged(self, unit: Unit) -> bool:
        return unit.outline.path in self.bugged

    def _warn(self, warnings: list[Problem]) -> None:
        self.outcome.warnings.extend(w for w in warnings if w not in self.outcome.warnings)

    def _done(self, unit: Unit) -> None:
        self.left[unit.outline.path] -= 1
        if self.left[unit.outline.path] == 0 and self.progress is not None:
            self.progress.outline_done(unit.source.path)

    def _take(self, unit: Unit, result: tuple) -> None:
        """A unit's drawing: write its files and record them, or note its problems."""
        from outline_export.outcome import bug

        path = unit.outline.path
        try:
            if result[0] == "skip":
                return
            if result[0] == "bug":
                if not self._bugged(unit):
                    self.outcome.problems.append(bug(path, result[1], traceback_text=result[2]))
                self.bugged.add(path)
                self.outcome.failed.add(path)
                return
            kind, payload, warnings = result
            self._warn(warnings)
            if kind == "problems":
                if path not in self.outcome.failed:
                    self.outcome.problems.extend(payload)
                self.outcome.failed.add(path)
                return
            if self._bugged(unit):
                return  # a bug in an edition before it: this outline is skipped
            pipeline.write_files(payload, self.on_written)
            self.outcome.drawn.add(path)
            if self.cache is not None:
                self.cache.record(unit.uid, unit.key, unit.source.path, unit.paths, warnings)
        finally:
            self._done(unit)
