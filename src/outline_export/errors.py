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
    """Raised with every problem found; the CLI prints them and exits 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """Bad settings or options (not outline content): exit code 2 when given on the command line."""
