"""Progress of a long build on a terminal: outlines done of the total, and the outline being drawn.

Shown on stderr only when stderr is a terminal, once the build has run for a second (a short build
shows nothing), and never with ``-q``. Drawn with click's progress bar (``click.progressbar``
formats the bar, the count, the time left and the current outline; click is already what the
command line is built on, so nothing more is installed or imported, and it starts no thread, which
matters because the build forks worker processes). The bar's line is wiped before each file
written is listed and at the end, so the list and the one-line summary read as without it.
"""

from __future__ import annotations

import sys
import time

import click

DELAY = 1.0  # seconds before a bar is shown
_WIPE = "\r\x1b[K"


def _shown(outline: str | None) -> str:
    """The outline being drawn, by its file name, short enough for the line not to wrap."""
    import os
    import shutil

    name = os.path.basename(outline or "")
    room = max(10, shutil.get_terminal_size().columns - 60)
    return name if len(name) <= room else name[:room - 1] + "…"


class Progress:
    def __init__(self, quiet: bool = False, stream=None, clock=time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        try:
            terminal = self.stream.isatty()
        except (AttributeError, ValueError):
            terminal = False
        self.on = terminal and not quiet
        self.clock = clock
        self.started = clock()
        self.total = self.done = 0
        self.current = ""
        self.bar = None
        self.shown = False

    def begin(self, total: int, done: int) -> None:
        """``total`` outlines, ``done`` of them already (up to date)."""
        self.total, self.done = total, done

    def now(self, outline: str) -> None:
        """``outline`` is being drawn."""
        self.current = outline
        self._draw()

    def outline_done(self, outline: str) -> None:
        self.done += 1
        self._draw()

    def say(self, line: str) -> None:
        """List a file written: above the bar, which is drawn again under it."""
        from outline_export.outcome import Stdout

        if self.shown:
            self._write(_WIPE)
        Stdout.say(line)
        if self.shown:
            self._draw(force=True)

    def end(self) -> None:
        if self.shown:
            self._write(_WIPE)
            self.shown = False

    def _draw(self, force: bool = False) -> None:
        if not self.on or self.total == 0:
            return
        if self.bar is None:
            if self.clock() - self.started < DELAY or self.done >= self.total:
                return
            self.bar = click.progressbar(length=self.total, label="Building", file=self.stream, show_pos=True,
                                         show_eta=False, item_show_func=_shown, width=24)
        if self.bar.pos != self.done or self.bar.current_item != self.current or force or not self.shown:
            if self.done > self.bar.pos:
                self.bar.make_step(min(self.done, self.total) - self.bar.pos)  # counts, and times the rest
            self.bar.current_item = self.current
            self._write(_WIPE + self.bar.format_progress_line())
            self.shown = True

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.on = self.shown = False
