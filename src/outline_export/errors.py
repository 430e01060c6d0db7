"""Problems found in user input, how they print, and the exception that carries them.

Every problem names a file, a line and a column (1-based), so an editor can jump to it. Problems
are collected, never raised one at a time: a user sees everything that is wrong in one run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __post_init__(self) -> None:  # a message is one line, whatever text it quotes
        if "\n" in self.message or "\r" in self.message:
            object.__setattr__(self, "message", " ".join(self.message.split()))

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        if self.line <= 0:
            return f"{self.path}: {prefix}{self.message}"
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class OutlineError(Exception):
    """Bad input in a file (an outline, the settings file, a font, a template), with every problem
    found; ``summary`` is printed after them."""

    exit_code = 1

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line, p.col))
        self.summary = summary
        super().__init__("\n".join([str(p) for p in self.problems] + ([summary] if summary else [])))


class UsageError(OutlineError):
    """A mistake on the command line (an option, --set, the environment)."""

    exit_code = 2


class WriteError(OutlineError):
    """A file or folder that could not be written (a read-only folder, a name taken by a folder, a
    file where a folder should be, a full disk): one line naming the path and the cause. Exit 1,
    like bad input: the command line was right, the place on disk was not."""

    exit_code = 1

    def __init__(self, path: str, cause: str):
        super().__init__([Problem(path, 0, 0, f"cannot write: {cause}")])


class Terminated(KeyboardInterrupt):
    """SIGTERM (a plain ``kill``, a service manager stopping the run): handled like Ctrl-C, the file
    being written finished or removed first, but exits 143."""


# Exit codes, decided here only (README's table lists them).
INPUT, USAGE = 1, 2
INTERNAL = 70  # a bug in outline-export (sysexits' EX_SOFTWARE): not the user's input, not the usage
INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT
TERMINATED = 143  # SIGTERM: 128 + SIGTERM


def usage(message: str, where: str = "outline-export") -> UsageError:
    return UsageError([Problem(where, 0, 0, message)])


def exit_code(error: BaseException) -> int:
    """The one place an error becomes an exit code: 1 bad input (or a place that cannot be written),
    2 bad usage, 70 a bug in outline-export (any other exception), 130 Ctrl-C, 143 SIGTERM."""
    if isinstance(error, Terminated):
        return TERMINATED
    if isinstance(error, KeyboardInterrupt):
        return INTERRUPTED
    if isinstance(error, OutlineError):
        return error.exit_code
    return INTERNAL
