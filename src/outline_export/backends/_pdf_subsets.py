"""The ``subsets`` speed trick (docs/performance.md; ``OUTLINE_EXPORT_PLAIN=subsets`` leaves it
out): a face's subsets made and deflated once per process.

A PDF embeds, for every face it uses, the glyphs it draws: reportlab cuts that subset out of the
font file (``TTFontFile.makeSubset``, in Python) and deflates it (zlib) for every document, about
1.5 ms a subset of a DejaVu face, 16 subsets for the three PDFs of one outline. The handout, the
notes and the worksheet of one outline draw mostly the same letters, so many of their subsets are
the same bytes; in `watch`, every save of the outline makes them all again.

Each registered face (``install``) keeps the subsets it made, by their characters, and its font
files are deflated by ``DEFLATE``, reportlab's own Flate filter that keeps its output for the
inputs it saw last (``KEEP``). The same characters give the same subset and zlib gives the same
bytes for the same input, so the PDFs are byte-identical (tests/test_startup_tricks.py).
"""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc

KEEP = 48  # deflated font files kept per process, and subsets per face (a few MB at the most)


class _Deflate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter (same name, same bytes), its output kept by input."""

    def __init__(self):
        self.done: dict[bytes, bytes] = {}

    def encode(self, text):
        out = self.done.get(text) if isinstance(text, bytes) else None
        if out is None:
            out = super().encode(text)
            if isinstance(text, bytes):
                _keep(self.done, text, out)
        return out


DEFLATE = _Deflate()


def _keep(cache: dict, key, value) -> None:
    cache[key] = value
    if len(cache) > KEEP:
        del cache[next(iter(cache))]  # the oldest


def install(face) -> None:
    """Make ``face`` (a reportlab ``TTFontFace``) keep its subsets, and deflate its font files
    with ``DEFLATE``."""
    made: dict[tuple, bytes] = {}
    make, add = face.makeSubset, face.addSubsetObjects

    def makeSubset(subset):
        key = tuple(subset)
        data = made.get(key)
        if data is None:
            data = make(subset)
            _keep(made, key, data)
        return data

    def addSubsetObjects(doc, fontname, subset):
        ref = add(doc, fontname, subset)  # calls makeSubset above
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [DEFLATE]
        return ref

    face.makeSubset = makeSubset
    face.addSubsetObjects = addSubsetObjects
