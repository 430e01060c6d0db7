"""``outline-export import``: Word, Markdown and plain-text outlines in, YAML outlines out.

The flow is the render pipeline's in reverse, one way too: a reader per format turns a file into
``lines.Line`` records (the formats are defined once, in ``READERS``); ``build`` turns lines into an
outline (levels from markers, references, blanks, metadata, questions), reporting what it
recognised and doubted; ``emit`` writes it as commented YAML that ``validate`` accepts.
"""

from __future__ import annotations

import importlib

# file suffix -> the module whose read(data: bytes, path: str) -> (list[Line], list[Note]) reads it
READERS = {
    ".txt": "outline_export.importer.text",
    ".md": "outline_export.importer.markdown",
    ".markdown": "outline_export.importer.markdown",
    ".docx": "outline_export.importer.word",
}
SUFFIXES = tuple(READERS)


def reader(suffix: str):
    """The reader module for a file suffix (".docx"); KeyError for one there is none for."""
    return importlib.import_module(READERS[suffix.lower()])


def import_file(path) -> tuple[str, list]:
    """Read one file and build its outline: (the YAML text, the report notes). Raises KeyError for
    a suffix there is no reader for, OSError when the file cannot be read, ValueError when its
    reader finds it corrupt."""
    from pathlib import Path

    from outline_export.importer import build, emit

    p = Path(path)
    module = reader(p.suffix)
    data = p.read_bytes()
    lines, notes = module.read(data, str(path))
    imported = build.build(lines, notes, str(path))
    return emit.yaml_text(imported), imported.notes
