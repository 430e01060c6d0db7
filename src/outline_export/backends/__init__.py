"""The table of writers: every output format, defined once.

A writer is one module with ``write(document, options) -> bytes`` (a ``document.Document`` and a
``layout.WriterOptions``) plus one row here; the command line's choices, the settings' checks and
the pipeline all derive from this table. Modules are imported only when used, so ``--help`` and
``validate`` never pay for python-docx or reportlab.
"""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Writer:
    name: str  # the format as users name it: -f NAME, formats = [...]
    module: str  # the module whose write(document, options) returns the file's bytes
    extension: str  # of the file written
    summary: str  # for --help
    document: bool = True  # one of the documents "all" formats means (False: a checking tool)
    medium: str = "paper"  # what it draws on (kinds.MEDIUMS): the view shapes the document for it
    kinds: tuple[str, ...] | None = None  # the kinds it makes (None: every kind)

    def makes(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


WRITERS: dict[str, Writer] = {w.name: w for w in (
    Writer("docx", "outline_export.backends.docx", "docx", "Word document"),
    Writer("pdf", "outline_export.backends.pdf", "pdf", "PDF, fonts embedded"),
    Writer("md", "outline_export.backends.markdown", "md", "Markdown (CommonMark) for apps, e-mail, websites"),
    Writer("pptx", "outline_export.backends.pptx", "pptx", "slides that reveal the blanks one by one",
           medium="slides", kinds=("handout", "notes")),
    Writer("html", "outline_export.backends.html", "html", "a phone page to fill in, one self-contained file",
           medium="screen", kinds=("handout", "notes")),
    Writer("tree", "outline_export.backends.tree", "txt", "the render tree as text, for checking", document=False),
)}

FORMATS = tuple(WRITERS)
DOCUMENT_FORMATS = tuple(name for name, w in WRITERS.items() if w.document)


class UnknownFormat(ValueError):
    pass


class Notice(UserWarning):
    """Something a writer tells the user about its options (``warnings.warn(Notice(...))``)."""


class MissingStyle(Notice):
    """A style the user's Word template lacked; the writer made it."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def writer(fmt: str) -> Writer:
    try:
        return WRITERS[fmt]
    except KeyError:
        raise UnknownFormat(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}") from None


def makes(fmt: str, kind: str) -> bool:
    """Whether format ``fmt`` makes documents of ``kind`` (slides of a worksheet: no)."""
    return writer(fmt).makes(kind)


def write(fmt: str, document, options) -> bytes:
    """``document`` drawn in format ``fmt`` with ``options``: the file's bytes."""
    return write_with_notices(fmt, document, options)[0]


def write_with_notices(fmt: str, document, options) -> tuple[bytes, list[Notice]]:
    """The file's bytes, and the notices the writer gave."""
    module = importlib.import_module(writer(fmt).module)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", Notice)
        data = module.write(document, options)
    if not isinstance(data, bytes):
        raise TypeError(f"the {fmt} writer returned {type(data).__name__}, not bytes")
    notices = [w.message for w in caught if isinstance(w.message, Notice)]
    for w in caught:  # anything else is not ours to swallow
        if not isinstance(w.message, Notice):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return data, notices
