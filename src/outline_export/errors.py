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
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col))
        self.summary = summary
        super().__init__("\n".join([str(p) for p in self.problems] + ([summary] if summary else [])))


class UsageError(OutlineError):
    """A mistake on the command line (an option, --set, the environment)."""

    exit_code = 2


def usage(message: str, where: str = "outline-export") -> UsageError:
    return UsageError([Problem(where, 0, 0, message)])


def exit_code(error: BaseException) -> int:
    """The one place an error becomes an exit code: 1 bad input, 2 bad usage."""
    return getattr(error, "exit_code", 1)
