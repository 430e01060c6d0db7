"""The logo drawn from the pixels its check kept (the ``logocache`` trick, ``assets_logo``):
reportlab's ``ImageReader`` opens a picture with Pillow, importing its readers and decoding the
PNG again in every process; ``PixelsReader`` hands reportlab the same pixels without Pillow. The
image object reportlab writes is the same (it asks a reader only for its size, mode, RGB bytes,
alpha channel and transparent colour), so the PDF is byte-identical."""

from __future__ import annotations

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable


class PixelsReader(ImageReader):
    """An ``ImageReader`` over pixels already decoded: ``mode`` "RGB" or "L", ``data`` row by row
    from the top, ``alpha`` a PixelsReader of the alpha channel (or None)."""

    def __init__(self, mode: str, size: tuple[int, int], data: bytes, alpha: PixelsReader | None = None):
        self._ident = None
        self.fileName = self.fp = self._image = None
        self._width, self._height = size
        self._transparent = None
        self.mode = mode
        self._data = data
        self._dataA = alpha

    def getRGBData(self) -> bytes:
        return self._data

    def getTransparent(self):
        return None

    def jpeg_fh(self):
        return None


def reader(logo) -> PixelsReader:
    """A reader of an ``assets_logo.Logo``'s pixels."""
    rgb, alpha = logo.pixels()
    return PixelsReader("RGB", logo.size, rgb, PixelsReader("L", logo.size, alpha) if alpha is not None else None)


class Picture(Flowable):
    """A picture ``width`` x ``height`` points, drawn as platypus' ``Image`` draws one."""

    def __init__(self, image: PixelsReader, width: float, height: float):
        super().__init__()
        self.image, self.drawWidth, self.drawHeight = image, width, height

    def wrap(self, availWidth, availHeight):
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.drawWidth, self.drawHeight, mask="auto")
