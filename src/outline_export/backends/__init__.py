"""The table of writers: format name -> module that draws a render tree into bytes.

Every writer here produces a binary file. Adding a format (Markdown, HTML, PPTX) is one new module
with a ``render(document) -> bytes`` function and one row in this table. Modules are imported only
when used, so ``--help`` and ``validate`` never pay for python-docx or reportlab.
"""

from __future__ import annotations

import importlib

WRITERS: dict[str, str] = {
    "docx": "outline_export.backends.docx",
    "pdf": "outline_export.backends.pdf",
}


def render(fmt: str, document) -> bytes:
    """Draw ``document`` (a document.Document) in format ``fmt``; returns the file's bytes."""
    module = importlib.import_module(WRITERS[fmt])
    return module.render(document)


def render_with_report(fmt: str, document) -> tuple[bytes, list[str]]:
    """The file's bytes and the names of styles a user's template lacked (made by the writer)."""
    module = importlib.import_module(WRITERS[fmt])
    if hasattr(module, "render_with_report"):
        return module.render_with_report(document)
    return module.render(document), []
