"""Outline file -> documents on disk: load, build each kind's render tree, draw, write atomically.

Writes go to a temporary file in the target folder and are renamed into place, so an interrupted
run never leaves a truncated document and never destroys the previous one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from outline_export import backends, views
from outline_export.errors import OutlineError, Problem
from outline_export.model import Outline

FORMATS = ("docx", "pdf")


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else 0: output never depends on the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return 0
    try:
        return max(0, int(value))
    except ValueError:
        raise OutlineError([Problem("SOURCE_DATE_EPOCH", 0, 0, f"must be a whole number of seconds, not {value!r}")])


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def render_outline(outline: Outline, kinds, formats, options: views.ViewOptions, out_dir: Path) -> list[Path]:
    """Draw every kind and format of one outline; returns the paths written.

    All documents are drawn before any is written, so a problem (an unknown variable) writes nothing."""
    results: list[tuple[Path, bytes]] = []
    for kind in kinds:
        document = views.build(outline, kind, options)
        for fmt in formats:
            results.append((out_dir / f"{outline.stem}-{kind}.{fmt}", backends.render(fmt, document)))
    for path, data in results:
        write_atomic(path, data)
    return [p for p, _ in results]
