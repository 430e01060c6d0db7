"""Fillable PDFs (``fillable = true``): an AcroForm text field on every blank and writing space.

- A blank is drawn as underscores followed by a zero-width ``onDraw`` mark carrying the line's
  width (``_pdf_inline``), with no space between, so a line never breaks between them. (A mark
  before the line would not do: reportlab hangs a zero-width fragment that follows a space on the
  word before it, on the line before.) When reportlab draws the mark it calls ``on_draw`` (a named
  callback, ``canvas.setNamedCB``) with the pen's position, the line's end: a one-line field named
  ``blank-N`` (N counted in the order drawn, which is reading order) is laid on the line, as long
  as it is.
- Writing lines (``WritingLinesFlowable``) carry the name of a multi-line field over them:
  ``question-N`` under the N-th discussion question, ``notes`` on the Notes lines.
- Form fields can only use the PDF standard-14 fonts, never the theme's embedded ones; the fields
  start empty, so nothing is drawn in Helvetica until a reader types. Colours are explicit (no
  fill, no border, the body's text colour): left to their defaults, reportlab and some viewers
  shade every field light blue, hiding the lines printed under them.
"""

from __future__ import annotations

CALLBACK = "oe_field"  # the onDraw name of a blank's marks
FIELD_FONT = "Helvetica"


class FormFields:
    """The fields of one PDF as it is drawn; ``on_draw`` is the blanks' onDraw callback."""

    def __init__(self, text_color, left_edge: float):
        self.text_color = text_color
        self.left_edge = left_edge  # the page's text edge: no field starts left of it
        self.blanks = 0

    def on_draw(self, canv, kind: str, label: str | None) -> None:
        """The mark after a blank's line was reached: ``label`` is the line's width in points."""
        info = canv._curr_tx_info
        x, y = canv.absolutePosition(info["cur_x"], info["cur_y"])
        size = info["xs"].style.fontSize
        x0 = max(self.left_edge, x - float(label or 0))
        self.blanks += 1
        add_field(canv, f"blank-{self.blanks}", x0, y - 0.3 * size, x - x0, 1.25 * size, size,
                  self.text_color, multiline=False)


def add_field(canv, name: str, x: float, y: float, width: float, height: float, size: float, color,
              multiline: bool) -> None:
    """A text field at page position (x, y), named ``name``, empty, with no fill and no border."""
    doc = canv._doc
    counter = doc.pageCounter
    # Pages are kept back until the footer knows the page count (_pdf_flow._Canvas), so the
    # document's page counter still says 1: the field's /P must name the page it is drawn on.
    doc.pageCounter = canv.getPageNumber()
    try:
        canv.acroForm.textfield(
            name=name, tooltip=name.replace("-", " ").capitalize(), value="",
            x=round(x, 2), y=round(y, 2), width=round(width, 2), height=round(height, 2),
            fontName=FIELD_FONT, fontSize=round(size), textColor=color,
            fillColor=None, borderColor=None, borderWidth=0, borderStyle="solid",
            fieldFlags="multiline" if multiline else "", maxlen=0, annotationFlags="print",
        )
    finally:
        doc.pageCounter = counter
