"""Drawing render trees into bytes, in this process and (for about half of the PDFs) a second one
that dies with it: ``Drawer``."""

from __future__ import annotations

import os
import signal
import sys

from outline_export import backends
from outline_export.document import walk

_STOPS = (signal.SIGINT, signal.SIGTERM)


def _draw(fmt: str, document, options) -> tuple[bytes, list[str]]:
    """One document's bytes, and the styles its Word template lacked (none without a template)."""
    data, notices = backends.write_with_notices(fmt, document, options)
    return data, [n.name for n in notices if isinstance(n, backends.MissingStyle)]


def _die_with_parent() -> bool:
    """Linux: have the kernel kill this process (SIGKILL) when the one that forked it ends, however it
    ends (even ``kill -9``). Without it a drawing process outlives a killed build, holding its
    stdout and stderr open, so whatever reads them waits for ever."""
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return False
    PR_SET_PDEATHSIG = 1
    return prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0


def _can_die_with_parent() -> bool:
    """Whether a drawing process can be tied to this one's life (``_die_with_parent`` is there)."""
    try:
        import ctypes

        return hasattr(ctypes.CDLL(None), "prctl")
    except (ImportError, OSError):
        return False


def _worker_start(parent: int) -> None:
    """First thing the drawing process does. It was forked with Ctrl-C and SIGTERM blocked: they
    are set to be ignored before they are let through (one that came in between is dropped), since
    the build stops it (``Drawer.__exit__``); it dies with the build; and if the build ended before
    that was set up, it ends now."""
    for sig in _STOPS:
        signal.signal(sig, signal.SIG_IGN)
    if not _die_with_parent() or os.getppid() != parent:
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


class DrawingStopped(RuntimeError):
    """The second drawing process ended while drawing (killed from outside, or out of memory)."""


class Drawer:
    """Draws render trees into bytes. On a machine with two or more cores, a second process draws
    about half of the PDFs while this one draws the rest and the Word files (a one-outline render
    takes about a third less time); the files are the same either way. Use it as a context manager."""

    SHORT_BLOCKS = 3000  # PDFs with fewer blocks than this, together, are all drawn over there

    def __init__(self, parallel: bool | None = None):
        if parallel is None:  # OUTLINE_EXPORT_JOBS=1 keeps everything in one process
            parallel = ((os.cpu_count() or 1) > 1 and os.environ.get("OUTLINE_EXPORT_JOBS", "").strip() != "1"
                        # forking is cheap and safe on Linux; elsewhere (Windows, macOS) draw here
                        and sys.platform.startswith("linux"))
        self.parallel = parallel
        self._pool = None

    def __enter__(self) -> "Drawer":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._pool is not None:
            if exc_type is not None:  # stopped (Ctrl-C, SIGTERM) or failed: what it draws is not wanted
                self._kill_worker()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _kill_worker(self) -> None:
        """End the drawing process now (it writes no files, so nothing is left half done)."""
        kill = getattr(self._pool, "kill_workers", None)  # Python 3.14
        if kill is not None:
            kill()
            return
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, ValueError):
                pass

    def _submit(self, fmt: str, document, options):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # The drawing process is forked at the first submit, with Ctrl-C and SIGTERM blocked
            # (held, not lost, here): ignoring them only once it runs left a moment in which Ctrl-C
            # printed a KeyboardInterrupt traceback from it. This process stops and ends it.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
            try:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_worker_start, initargs=(os.getpid(),))
                return self._pool.submit(_draw, fmt, document, options)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return self._pool.submit(_draw, fmt, document, options)

    def draw(self, jobs: list[tuple[str, object, object]]) -> list[tuple[bytes, list[str]]]:
        """Each (format, document, options) drawn, in order."""
        if self.parallel and self._pool is None and len(jobs) >= 2 and not _can_die_with_parent():
            self.parallel = False  # a process that could outlive a killed build is not started
        if not self.parallel or len(jobs) < 2:
            return [_draw(*job) for job in jobs]
        # PDFs take longest. Short ones all go over there (drawing one here would mean importing
        # reportlab and reading the fonts in both processes); long ones are shared: the first,
        # third... over there, the rest here. With one format, every other document goes over there.
        pdfs = [i for i, job in enumerate(jobs) if job[0] == "pdf"]
        if pdfs and len(pdfs) < len(jobs):
            short = sum(sum(1 for _ in walk(jobs[i][1].blocks)) for i in pdfs) < self.SHORT_BLOCKS
            remote = set(pdfs) if short else set(pdfs[0::2])
        else:
            remote = set(range(1, len(jobs), 2))
        from concurrent.futures.process import BrokenProcessPool

        try:
            futures = {i: self._submit(*jobs[i]) for i in sorted(remote)}
            local = {i: _draw(*jobs[i]) for i in range(len(jobs)) if i not in remote}
            return [futures[i].result() if i in futures else local[i] for i in range(len(jobs))]
        except BrokenProcessPool:  # this outline fails; the rest are drawn in this process
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool, self.parallel = None, False
            raise DrawingStopped("the second process drawing PDFs ended while drawing "
                                 "(was it killed, or out of memory?)") from None
