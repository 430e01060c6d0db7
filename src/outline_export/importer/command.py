"""What ``outline-export import`` does with its files: read each with its reader, build and emit
the outline, check that it validates, and write it as ``<slug of the file's name>.yaml`` in the
folder (never over an outline that is there, unless ``--force``; atomically). Everything the user
is told comes back as lines and problems; nothing here prints."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from outline_export.errors import OutlineError, Problem, usage
from outline_export.importer import READERS, SUFFIXES, import_file


def slug(stem: str) -> str:
    """A file name from a document's name: "Moses' Plea (Final)" -> "moses-plea-final"."""
    s = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['’]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:80].strip("-") or "imported"


def report_lines(path: str, notes) -> list[str]:
    """The report: ``file:line: note`` (``file: note`` for the summary), doubts marked ``check:``."""
    out = []
    for n in notes:
        where = f"{path}:{n.line}:" if n.line > 0 else f"{path}:"
        out.append(f"{where} {'check: ' if n.doubt else ''}{n.text}")
    return out


def write_outlines(files, out: str | None, force: bool):
    """(report lines, problems, paths written) for ``import FILES -o OUT``. Raises UsageError (exit
    2) for a file whose kind there is no reader for, before anything is read."""
    from outline_export import pipeline
    from outline_export.loader import load_text
    from outline_export.project import find_project

    for f in files:
        if Path(f).suffix.lower() not in READERS:
            raise usage(f"{f}: cannot import a '{Path(f).suffix or 'suffix-less'}' file; "
                        f"import reads {', '.join(SUFFIXES)} files")
    folder = Path(out) if out is not None else find_project(None).beside("outlines")
    report: list[str] = []
    problems: list[Problem] = []
    written: list[Path] = []
    taken: dict[Path, str] = {}
    for f in files:
        target = folder / f"{slug(Path(f).stem)}.yaml"
        if target in taken:
            problems.append(Problem(f, 0, 0, f"would be written to {target} as {taken[target]} is; "
                                              "import them one at a time with different -o folders"))
            continue
        taken[target] = f
        if target.exists() and not force:
            problems.append(Problem(f, 0, 0, f"{target} is already there; use --force to write over it"))
            continue
        try:
            yaml_text, notes = import_file(f)
        except IsADirectoryError:
            problems.append(Problem(f, 0, 0, "is a folder; name the files to import"))
            continue
        except FileNotFoundError:
            problems.append(Problem(f, 0, 0, "no such file"))
            continue
        except OSError as e:
            problems.append(Problem(f, 0, 0, f"cannot read the file: {e.strerror or e}"))
            continue
        except ImportError:  # a reader this installation lacks
            problems.append(Problem(f, 0, 0, f"this installation cannot read {Path(f).suffix} files yet"))
            continue
        except ValueError as e:  # a reader's word for a corrupt file
            problems.append(Problem(f, 0, 0, f"cannot import: {' '.join(str(e).split())}"))
            continue
        try:
            load_text(yaml_text, str(target))
        except OutlineError as e:  # the importer's own fault: say so, write nothing
            first = e.problems[0] if e.problems else None
            problems.append(Problem(f, 0, 0, "the imported outline does not validate "
                                             f"({first.message if first else 'unknown problem'}); nothing was written"))
            continue
        report.extend(report_lines(f, notes))
        pipeline.write_atomic(target, yaml_text.encode("utf-8"))
        written.append(target)
    return report, problems, written
