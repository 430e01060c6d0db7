"""Imposition: the PDF the writer made, its pages placed two to a sheet (``layout`` "2-up" or "booklet").

Nothing is laid out again: each sheet is a blank landscape page that holds two of the document's
pages (letter for half-letter, A4 for A5, tabloid for letter, A3 for A4: ``sheet_size``), and each
source page is drawn onto it whole, centred in its half, with pypdf's ``merge_transformed_page`` and
an explicit translation (its text, fonts and pictures are the writer's own bytes).

- ``2-up``: every page twice, side by side (page 1 | page 1, then page 2 | page 2), with light cut
  marks at the fold line. Printed front and back and cut in half, each half is a complete handout.
- ``booklet``: saddle stitch. Blank pages pad the document to a multiple of four; sheet k's front
  carries pages (n - 2k, 2k + 1) and its back (2k + 2, n - 2k - 1), so a duplex print flipped on
  the short edge, folded and stapled in the middle, reads in order.

The result depends only on the source PDF's bytes and the layout: its document information is the
source's, and its file identifier is a digest of both (SOURCE_DATE_EPOCH reaches it through the
source's dates).
"""

from __future__ import annotations

import hashlib
import io

LAYOUTS = ("single", "2-up", "booklet")

# 2-up sets its pages on half of the paper named: two of them fill a sheet of it (layout.PAPERS names)
HALF_PAPER = {"letter": "half-letter", "half-letter": "half-letter", "a4": "a5", "a5": "a5"}

# The sheets two pages make, landscape (points): two A5 pages are 296 mm wide, an A4 sheet 297 mm,
# so a sheet within SHEET_SLACK of one of these is that sheet, its pages centred in its halves.
SHEETS = {"letter": (792.0, 612.0), "a4": (841.8898, 595.2756), "tabloid": (1224.0, 792.0),
          "a3": (1190.5512, 841.8898)}
SHEET_SLACK = 6.0

CUT_MARK = 18.0  # points: length of each cut mark, from the sheet's edge inwards
CUT_GREY = 0.6  # the marks' grey (0 black, 1 white)
CUT_WIDTH = 0.4  # points: the marks' line width


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) source page indexes (0-based; None: a blank) of each side of each sheet, in
    printing order: sheet 1 front, sheet 1 back, sheet 2 front, ..."""
    n = -(-max(pages, 1) // 4) * 4
    sides = []
    for k in range(n // 4):
        front = (n - 2 * k, 2 * k + 1)  # 1-based
        back = (2 * k + 2, n - 2 * k - 1)
        sides += [front, back]
    return [tuple((p - 1) if p <= pages else None for p in side) for side in sides]


def two_up_order(pages: int) -> list[tuple[int | None, int | None]]:
    """Each page twice: the two halves of a cut sheet are the same handout."""
    return [(i, i) for i in range(pages)]


def impose(data: bytes, layout: str) -> bytes:
    """The PDF ``data`` imposed as ``layout`` ("2-up" or "booklet"); "single" returns it unchanged."""
    if layout == "single":
        return data
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import ArrayObject, ByteStringObject

    reader = PdfReader(io.BytesIO(data))
    sources = list(reader.pages)
    order = two_up_order(len(sources)) if layout == "2-up" else booklet_order(len(sources))
    box = sources[0].mediabox
    w, h = float(box.width), float(box.height)
    sw, sh = sheet_size(w, h)
    half = sw / 2
    writer = PdfWriter()
    for left, right in order:
        sheet = writer.add_blank_page(width=sw, height=sh)
        if layout == "2-up":
            _cut_marks(sheet, half, sh)
        for index, dx in ((left, (half - w) / 2), (right, half + (half - w) / 2)):
            if index is None:
                continue
            page = sources[index]
            b = page.mediabox  # a page whose box does not start at (0, 0) is moved to its half all the same
            move = Transformation().translate(dx - float(b.left), (sh - h) / 2 - float(b.bottom))
            sheet.merge_transformed_page(page, move, over=True, expand=False)
        sheet.compress_content_streams()  # merged contents are written plain otherwise (a third larger)
    info = reader.metadata
    if info:
        writer.add_metadata({k: v for k, v in info.items()})
    digest = hashlib.md5(data + layout.encode("ascii"), usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sheet_size(w: float, h: float) -> tuple[float, float]:
    """The landscape sheet two pages of ``w`` x ``h`` points go on: a standard one (``SHEETS``) when
    they nearly fill it, else exactly their size side by side."""
    for size in SHEETS.values():
        if 0 <= size[0] - 2 * w <= SHEET_SLACK and 0 <= size[1] - h <= SHEET_SLACK:
            return size
    return 2 * w, h


def _cut_marks(sheet, w: float, h: float) -> None:
    """Two short light grey dashed lines at the middle of the sheet, in from its top and bottom
    edges (in the margins, where no text is): where to cut. Drawn before the pages."""
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data((f"q {CUT_GREY} G {CUT_WIDTH} w [3 2] 0 d {w:.2f} 0 m {w:.2f} {CUT_MARK} l S "
                     f"{w:.2f} {h - CUT_MARK:.2f} m {w:.2f} {h:.2f} l S Q\n").encode("ascii"))
    sheet.replace_contents(stream)
